// SPDX-License-Identifier: GPL-2.0-only
/*
 * rt-bad UUID [msi|intx]: one malformed command of every class (and bad
 * ring pointers and configurations) sent to the device behind the runtime's
 * checks. Each must stop the queue with the right ERROR_CODE/INDEX/DETAIL,
 * raise the error interrupt (on our own MSI or INTx eventfd), leave earlier
 * commands completed, agree with the runtime's prediction, and be cleared
 * by a reset (queue and function resets in turn) after which work runs.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "common.h"

#define RING 16
#define F(member) ((__u32) __builtin_offsetof(struct mdgpu_cmd, member))

static struct mdgpu_rt_dev *dev;
static struct mdgpu_rt_buf *scratch;
static __u64 memsz, soff;
static __u32 irq_index;
static int efd = -1, cases;

/* Our own interrupt eventfd: the runtime polls registers in this test. */
static void arm_irq(void)
{
	struct {
		struct vfio_irq_set s;
		__s32 fd;
	} set = { { sizeof(set),
		    VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER,
		    irq_index, 0, 1 },
		  efd };

	T_REQUIRE(!ioctl(mdgpu_rt_dev__vfio_device_fd(dev),
			 VFIO_DEVICE_SET_IRQS, &set),
		  "SET_IRQS: %s", t_err(-errno));
}

static void unmask_intx(void)
{
	struct vfio_irq_set s = { sizeof(s),
				  VFIO_IRQ_SET_DATA_NONE |
					  VFIO_IRQ_SET_ACTION_UNMASK,
				  VFIO_PCI_INTX_IRQ_INDEX, 0, 1 };

	if (irq_index == VFIO_PCI_INTX_IRQ_INDEX)
		T_CHECK(!ioctl(mdgpu_rt_dev__vfio_device_fd(dev),
			       VFIO_DEVICE_SET_IRQS, &s),
			"INTx unmask: %s", t_err(-errno));
}

static void drain(void)
{
	__u64 v;

	while (read(efd, &v, sizeof(v)) == sizeof(v))
		;
}

static __u32 reg(__u32 off)
{
	__u32 v = 0;

	t_ok_rt(dev, mdgpu_rt_dev__reg_read(dev, off, &v), "register read");
	return v;
}

/* Reset, re-arm our interrupt, and prove the queue runs again. */
static void recover(int n)
{
	__u32 *p = mdgpu_rt_buf__ptr(scratch);
	__u64 fence;

	t_ok_rt(dev,
		mdgpu_rt_dev__reset(dev, n % 2 ? MDGPU_RT_RESET_FUNCTION : 0),
		"reset");
	arm_irq();
	drain();
	T_CHECK(!(reg(MDGPU_REG_QUEUE_STATUS) & MDGPU_QUEUE_STATUS_ERROR) &&
			!reg(MDGPU_REG_ERROR_CODE) &&
			!reg(MDGPU_REG_INT_STATUS),
		"state not clear after reset");
	p[1] = 0;
	t_ok_rt(dev,
		mdgpu_rt_dev__fill(dev, soff + 4, 4, 0x600d0000 | n, &fence),
		"fill");
	t_ok_rt(dev, mdgpu_rt_dev__wait(dev, fence, 10000), "wait after reset");
	T_CHECK(p[1] == (0x600d0000U | n), "work after reset did not run");
}

/* What the device must report: the code, and the field when it comes from a command. */
static void expect_error(const char *name, __u32 code, __u32 index,
			 __u32 detail)
{
	struct pollfd pfd = { .fd = efd, .events = POLLIN };
	__u32 got;

	T_CHECK(poll(&pfd, 1, 10000) == 1, "%s: no error interrupt within 10 s",
		name);
	T_CHECK(reg(MDGPU_REG_QUEUE_STATUS) & MDGPU_QUEUE_STATUS_ERROR,
		"%s: QUEUE_STATUS %#x", name, reg(MDGPU_REG_QUEUE_STATUS));
	T_CHECK(reg(MDGPU_REG_INT_STATUS) & MDGPU_INT_ERROR,
		"%s: INT_STATUS %#x", name, reg(MDGPU_REG_INT_STATUS));
	got = reg(MDGPU_REG_ERROR_CODE);
	T_CHECK(got == code, "%s: ERROR_CODE %u (%s), expected %u (%s)", name,
		got, mdgpu_rt_error_name(got), code, mdgpu_rt_error_name(code));
	got = reg(MDGPU_REG_ERROR_INDEX);
	T_CHECK(got == index, "%s: ERROR_INDEX %u, expected %u", name, got,
		index);
	got = reg(MDGPU_REG_ERROR_DETAIL);
	T_CHECK(got == detail, "%s: ERROR_DETAIL %#x, expected %#x", name, got,
		detail);
	T_CHECK(mdgpu_rt_dev__check(dev) == -EIO,
		"%s: runtime does not see the error", name);
	T_CHECK(mdgpu_rt_dev__last_error(dev)->code == code &&
			mdgpu_rt_dev__last_error(dev)->index == index,
		"%s: last_error disagrees", name);
	T_CHECK(mdgpu_rt_dev__fill(dev, soff, 4, 1, NULL) == -EIO,
		"%s: submission accepted on a stopped queue", name);
	mdgpu_rt_dev__reg_write(dev, MDGPU_REG_INT_ACK, MDGPU_INT_ALL);
	unmask_intx();
	cases++;
}

/*
 * A good FILL, the bad command, a fence, one doorbell: the FILL completes,
 * the bad command stops the queue at its slot, the fence never completes.
 */
static void bad_cmd(const char *name, const struct mdgpu_cmd *bad, __u32 code,
		    __u32 field)
{
	__u32 *p = mdgpu_rt_buf__ptr(scratch), predicted = 0, kernel, slot;
	struct mdgpu_cmd good;
	__u64 fence;
	int ret;

	recover(cases);
	slot = (reg(MDGPU_REG_QUEUE_TAIL) + 1) % RING;
	memset(&good, 0, sizeof(good));
	good.opcode = MDGPU_OP_FILL;
	good.fill.dst = soff;
	good.fill.len = 4;
	good.fill.pattern = 0xea000000 | cases;
	p[0] = 0;
	T_CHECK(mdgpu_rt_dev__check_cmd(dev, bad, &predicted) < 0 &&
			predicted == code,
		"%s: the runtime predicts %s, the test expects %s", name,
		mdgpu_rt_error_name(predicted), mdgpu_rt_error_name(code));
	t_ok_rt(dev,
		mdgpu_rt_dev__submit(dev, &good, 1, MDGPU_RT_SUBMIT_NOKICK,
				     NULL),
		"good");
	t_ok_rt(dev,
		mdgpu_rt_dev__submit(dev, bad, 1, MDGPU_RT_SUBMIT_NOCHECK,
				     &fence),
		"bad");
	ret = mdgpu_rt_dev__wait(dev, fence, 10000);
	T_CHECK(ret == -EIO, "%s: wait returned %s, expected -EIO", name,
		t_err(ret));
	kernel = bad->opcode == MDGPU_OP_LAUNCH ? bad->launch.kernel : 0;
	expect_error(name, code, slot,
		     MDGPU_ERROR_DETAIL(bad->opcode, kernel, field));
	T_CHECK(p[0] == (0xea000000U | (cases - 1)),
		"%s: the command before it did not run", name);
	T_CHECK(reg(MDGPU_REG_QUEUE_HEAD) == slot,
		"%s: QUEUE_HEAD %u, expected %u", name,
		reg(MDGPU_REG_QUEUE_HEAD), slot);
}

static struct mdgpu_cmd cmd(__u8 op)
{
	struct mdgpu_cmd c;

	memset(&c, 0, sizeof(c));
	c.opcode = op;
	return c;
}

static struct mdgpu_cmd fill(__u64 dst, __u64 len)
{
	struct mdgpu_cmd c = cmd(MDGPU_OP_FILL);

	c.fill.dst = dst;
	c.fill.len = len;
	return c;
}

static struct mdgpu_cmd copy(__u64 dst, __u64 src, __u64 len)
{
	struct mdgpu_cmd c = cmd(MDGPU_OP_COPY);

	c.copy.dst = dst;
	c.copy.src = src;
	c.copy.len = len;
	return c;
}

static struct mdgpu_cmd launch(__u16 kernel, __u32 grid)
{
	struct mdgpu_cmd c = cmd(MDGPU_OP_LAUNCH);

	c.launch.kernel = kernel;
	c.launch.grid = grid;
	return c;
}

static struct mdgpu_cmd gemm(__u64 a, __u64 b, __u64 cc, __u32 m, __u32 n,
			     __u32 k)
{
	struct mdgpu_cmd c = launch(MDGPU_KERNEL_GEMM_F32, 1);

	c.launch.gemm = (struct mdgpu_gemm_args){ a, b, cc, m, n, k, k, n, n };
	return c;
}

static void command_classes(void)
{
	const __u64 s = soff, top = ~0ULL;
	struct mdgpu_cmd c;

	/* bad opcode */
	c = cmd(0);
	bad_cmd("opcode 0", &c, MDGPU_ERR_BAD_OPCODE, 0);
	c = cmd(MDGPU_OP_MAX + 1);
	bad_cmd("opcode 7", &c, MDGPU_ERR_BAD_OPCODE, 0);
	c = cmd(0xff);
	bad_cmd("opcode 255", &c, MDGPU_ERR_BAD_OPCODE, 0);
	/* flags */
	c = fill(s, 4);
	c.flags = 1;
	bad_cmd("FILL with flags", &c, MDGPU_ERR_BAD_FLAGS, F(flags));
	c = cmd(MDGPU_OP_FENCE);
	c.flags = 4;
	bad_cmd("FENCE flag 4", &c, MDGPU_ERR_BAD_FLAGS, F(flags));
	/* kernel id */
	c = launch(0, 1);
	bad_cmd("kernel 0", &c, MDGPU_ERR_BAD_KERNEL, F(launch.kernel));
	c = launch(MDGPU_KERNEL_MAX + 1, 1);
	bad_cmd("kernel 8", &c, MDGPU_ERR_BAD_KERNEL, F(launch.kernel));
	c = launch(0x1234, 1);
	bad_cmd("kernel 0x1234", &c, MDGPU_ERR_BAD_KERNEL, F(launch.kernel));
	/* reserved bits */
	c = fill(s, 4);
	c.rsvd0 = 0x100;
	bad_cmd("header byte 3", &c, MDGPU_ERR_RESERVED, 3);
	c = fill(s, 4);
	c.rsvd1 = 1u << 31;
	bad_cmd("header byte 7", &c, MDGPU_ERR_RESERVED, 7);
	c = fill(s, 4);
	c.fill.rsvd = 1;
	bad_cmd("FILL reserved word", &c, MDGPU_ERR_RESERVED, F(fill.rsvd));
	c = cmd(MDGPU_OP_FENCE);
	c.fence.addr = 0x40;
	bad_cmd("FENCE addr without F_MEM", &c, MDGPU_ERR_RESERVED,
		F(fence.addr));
	c = cmd(MDGPU_OP_NOP);
	c.raw[55] = 0x80;
	bad_cmd("NOP last byte", &c, MDGPU_ERR_RESERVED, 63);
	c = launch(MDGPU_KERNEL_SPIN, 1);
	c.launch.spin.duration_ns = 1000;
	c.launch.rsvd = 1;
	bad_cmd("LAUNCH reserved u16", &c, MDGPU_ERR_RESERVED, F(launch.rsvd));
	c = launch(MDGPU_KERNEL_SPIN, 1);
	c.launch.spin.duration_ns = 1000;
	c.launch.raw[8] = 1;
	bad_cmd("spin unused argument", &c, MDGPU_ERR_RESERVED, 24);
	/* sizes */
	c = fill(s, 0);
	bad_cmd("FILL len 0", &c, MDGPU_ERR_ZERO_SIZE, F(fill.len));
	c = fill(s, MDGPU_MAX_XFER_LEN + 4);
	bad_cmd("FILL len 1 GiB + 4", &c, MDGPU_ERR_TOO_LARGE, F(fill.len));
	c = copy(s + 64, s, MDGPU_MAX_XFER_LEN + 1);
	bad_cmd("COPY len 1 GiB + 1", &c, MDGPU_ERR_TOO_LARGE, F(copy.len));
	c = launch(MDGPU_KERNEL_SPIN, 1);
	bad_cmd("spin 0 ns", &c, MDGPU_ERR_ZERO_SIZE,
		F(launch.spin.duration_ns));
	c.launch.spin.duration_ns = MDGPU_SPIN_MAX_NS + 1;
	bad_cmd("spin 1 s + 1 ns", &c, MDGPU_ERR_TOO_LARGE,
		F(launch.spin.duration_ns));
	c = gemm(s, s + 1024, s + 2048, 0, 2, 2);
	bad_cmd("gemm m 0", &c, MDGPU_ERR_ZERO_SIZE, F(launch.gemm.m));
	c = gemm(s, s + 1024, s + 2048, 2, 2, MDGPU_GEMM_MAX_DIM + 1);
	bad_cmd("gemm k 8193", &c, MDGPU_ERR_TOO_LARGE, F(launch.gemm.k));
	c = launch(MDGPU_KERNEL_AXPY, 1);
	c.launch.axpy =
		(struct mdgpu_axpy_args){ s, s + 64, MDGPU_MAX_ELEMS + 1, 0 };
	bad_cmd("axpy n 2^28 + 1", &c, MDGPU_ERR_TOO_LARGE, F(launch.axpy.n));
	/* grid */
	c = launch(MDGPU_KERNEL_SPIN, 0);
	c.launch.spin.duration_ns = 1000;
	bad_cmd("grid 0", &c, MDGPU_ERR_BAD_GRID, F(launch.grid));
	c.launch.grid = MDGPU_MAX_GRID + 1;
	bad_cmd("grid 1025", &c, MDGPU_ERR_BAD_GRID, F(launch.grid));
	c.launch.grid = ~0U;
	bad_cmd("grid 2^32 - 1", &c, MDGPU_ERR_BAD_GRID, F(launch.grid));
	/* alignment */
	c = fill(s + 2, 4);
	bad_cmd("FILL dst + 2", &c, MDGPU_ERR_MISALIGNED, F(fill.dst));
	c = fill(s, 6);
	bad_cmd("FILL len 6", &c, MDGPU_ERR_MISALIGNED, F(fill.len));
	c = launch(MDGPU_KERNEL_AXPY, 1);
	c.launch.axpy = (struct mdgpu_axpy_args){ s + 2, s + 64, 4, 0 };
	bad_cmd("axpy x + 2", &c, MDGPU_ERR_MISALIGNED, F(launch.axpy.x));
	c = gemm(s, s + 1024, s + 2050, 2, 2, 2);
	bad_cmd("gemm c + 2", &c, MDGPU_ERR_MISALIGNED, F(launch.gemm.c));
	c = cmd(MDGPU_OP_FENCE);
	c.flags = MDGPU_FENCE_F_MEM;
	c.fence.addr = s + 4;
	bad_cmd("FENCE addr + 4", &c, MDGPU_ERR_MISALIGNED, F(fence.addr));
	c = cmd(MDGPU_OP_TIMESTAMP);
	c.timestamp.dst = s + 4;
	bad_cmd("TIMESTAMP dst + 4", &c, MDGPU_ERR_MISALIGNED,
		F(timestamp.dst));
	/* ranges that wrap past 2^64 */
	c = copy(s, top - 3, 8);
	bad_cmd("COPY src wraps", &c, MDGPU_ERR_OVERFLOW, F(copy.src));
	c = fill(top - 3, 8);
	bad_cmd("FILL dst wraps", &c, MDGPU_ERR_OVERFLOW, F(fill.dst));
	c = gemm(top - 7, s, s + 4096, 2, 2, 2);
	bad_cmd("gemm A wraps", &c, MDGPU_ERR_OVERFLOW, F(launch.gemm.a));
	/* out of range offsets and lengths */
	c = fill(memsz - 4, 8);
	bad_cmd("FILL past the end", &c, MDGPU_ERR_OUT_OF_RANGE, F(fill.dst));
	c = fill(memsz, 4);
	bad_cmd("FILL at the end", &c, MDGPU_ERR_OUT_OF_RANGE, F(fill.dst));
	c = copy(memsz, s, 1);
	bad_cmd("COPY dst at the end", &c, MDGPU_ERR_OUT_OF_RANGE, F(copy.dst));
	c = copy(s, s + 64, memsz);
	bad_cmd("COPY len = memory", &c, MDGPU_ERR_OUT_OF_RANGE, F(copy.src));
	c = cmd(MDGPU_OP_TIMESTAMP);
	c.timestamp.dst = memsz;
	bad_cmd("TIMESTAMP at the end", &c, MDGPU_ERR_OUT_OF_RANGE,
		F(timestamp.dst));
	c = launch(MDGPU_KERNEL_REDUCE_SUM, 1);
	c.launch.reduce = (struct mdgpu_reduce_args){ s, memsz, 4, 0 };
	bad_cmd("reduce dst at the end", &c, MDGPU_ERR_OUT_OF_RANGE,
		F(launch.reduce.dst));
	c = gemm(s, s + 1024, memsz - 8, 2, 2, 2);
	bad_cmd("gemm C past the end", &c, MDGPU_ERR_OUT_OF_RANGE,
		F(launch.gemm.c));
	c = cmd(MDGPU_OP_FENCE);
	c.flags = MDGPU_FENCE_F_MEM | MDGPU_FENCE_F_IRQ;
	c.fence.addr = 1ULL << 40;
	bad_cmd("FENCE addr 1 TiB", &c, MDGPU_ERR_OUT_OF_RANGE, F(fence.addr));
	/* overlap */
	c = copy(s + 4, s, 64);
	bad_cmd("COPY overlapping", &c, MDGPU_ERR_OVERLAP, F(copy.dst));
	c = launch(MDGPU_KERNEL_COPY, 4);
	c.launch.copy = (struct mdgpu_copy_args){ s, s + 63, 64 };
	bad_cmd("copy kernel overlapping", &c, MDGPU_ERR_OVERLAP,
		F(launch.copy.dst));
	c = launch(MDGPU_KERNEL_AXPY, 1);
	c.launch.axpy = (struct mdgpu_axpy_args){ s, s + 4, 16, 0 };
	bad_cmd("axpy x, y shifted", &c, MDGPU_ERR_OVERLAP, F(launch.axpy.y));
	c = gemm(s, s + 1024, s + 8, 2, 2, 2);
	bad_cmd("gemm C over A", &c, MDGPU_ERR_OVERLAP, F(launch.gemm.c));
	c = launch(MDGPU_KERNEL_REDUCE_SUM, 1);
	c.launch.reduce = (struct mdgpu_reduce_args){ s, s + 8, 4, 0 };
	bad_cmd("reduce dst in x", &c, MDGPU_ERR_OVERLAP, F(launch.reduce.dst));
	/* leading dimensions */
	c = gemm(s, s + 1024, s + 2048, 2, 2, 4);
	c.launch.gemm.lda = 3;
	bad_cmd("gemm lda < k", &c, MDGPU_ERR_BAD_LD, F(launch.gemm.lda));
	c = gemm(s, s + 1024, s + 2048, 2, 2, 2);
	c.launch.gemm.ldc = MDGPU_GEMM_MAX_LD + 1;
	bad_cmd("gemm ldc 65537", &c, MDGPU_ERR_BAD_LD, F(launch.gemm.ldc));
}

/* A doorbell naming a tail outside the ring. */
static void ring_pointer(__u32 tail)
{
	char name[64];
	__u32 head;

	snprintf(name, sizeof(name), "doorbell tail %u", tail);
	recover(cases);
	head = reg(MDGPU_REG_QUEUE_HEAD);
	t_ok_rt(dev, mdgpu_rt_dev__reg_write(dev, MDGPU_REG_DOORBELL, tail),
		"doorbell");
	expect_error(name, MDGPU_ERR_RING_POINTER, head, 0);
}

/* Enabling the queue on a ring that is not valid. */
static void ring_config(const char *name, __u64 base, __u32 size)
{
	const __u32 w[][2] = {
		{ MDGPU_REG_QUEUE_CTRL, 0 },
		{ MDGPU_REG_QUEUE_BASE_LO, (__u32)base },
		{ MDGPU_REG_QUEUE_BASE_HI, base >> 32 },
		{ MDGPU_REG_QUEUE_SIZE, size },
		{ MDGPU_REG_QUEUE_CTRL, MDGPU_QUEUE_CTRL_ENABLE },
	};
	int i;

	recover(cases);
	for (i = 0; i < 5; i++)
		t_ok_rt(dev, mdgpu_rt_dev__reg_write(dev, w[i][0], w[i][1]),
			"ring config");
	expect_error(name, MDGPU_ERR_RING_CONFIG, 0, 0);
	T_CHECK(!(reg(MDGPU_REG_QUEUE_STATUS) & MDGPU_QUEUE_STATUS_ENABLED),
		"%s: queue enabled on a bad ring", name);
}

int main(int argc, char **argv)
{
	const char *irq = argc > 2 ? argv[2] : "msi";
	double t0 = t_now();

	t_init("rt-bad");
	if (argc < 2) {
		fprintf(stderr, "usage: rt-bad UUID [msi|intx]\n");
		return 2;
	}
	irq_index = !strcmp(irq, "intx") ? VFIO_PCI_INTX_IRQ_INDEX :
					   VFIO_PCI_MSI_IRQ_INDEX;
	dev = t_open(argv[1], MDGPU_RT_WAIT_POLL_REG, RING, 0);
	memsz = mdgpu_rt_dev__info(dev)->mem_size;
	scratch = mdgpu_rt_buf__alloc(dev, 8192, 4096);
	T_REQUIRE(scratch, "alloc");
	soff = mdgpu_rt_buf__offset(scratch);
	efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	T_REQUIRE(efd >= 0, "eventfd");
	mdgpu_rt_set_print(NULL); /* the refusals below are expected */
	command_classes();
	ring_pointer(RING);
	ring_pointer(RING + 1);
	ring_pointer(~0U);
	ring_config("ring size 3", 0, 3);
	ring_config("ring size 1", 0, 1);
	ring_config("ring size 8192", 0, 8192);
	ring_config("ring base + 32", 32, 4);
	ring_config("ring past the end", memsz - 64, 4);
	ring_config("ring base 2^63", 1ULL << 63, 4);
	recover(cases);
	mdgpu_rt_dev__close(dev);
	printf("rt-bad %s: %d malformed cases stopped the queue with the right error and interrupt; resets recovered it (%.1f s)\n",
	       irq, cases, t_now() - t0);
	return t_exit();
}
