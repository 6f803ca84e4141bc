// SPDX-License-Identifier: GPL-2.0-only
/*
 * libmdgpu-rt's device object, ring and fences against a mock transport: an
 * in-process device that fetches lazily (so the ring really fills and
 * wraps), executes FILL/COPY/FENCE, and stops on bad commands like the
 * real one. Covers open checks, options, wait modes, errors, reset and
 * cancelled fences, release requests and error strings.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <unistd.h>
#include <cmocka.h>

#include "rt_internal.h"

#define MEM (1ULL << 20)

/**
 * struct mock - the simulated device behind the mock transport
 * @regs: BAR0 storage for what the mock does not compute
 * @mem: vGPU memory
 * @head: next slot to fetch
 * @fetch: entries fetched per register read (0: stalled); -1: all at doorbell
 * @error: queue stopped
 * @fence: FENCE register
 * @doorbells: doorbell writes seen
 * @unmasks: INTx unmasks
 * @func_resets: function resets
 * @irq_mode: what the runtime armed
 * @req: pipe whose read end is the request fd
 */
struct mock {
	__u32 regs[MDGPU_BAR0_SIZE / 4];
	__u8 mem[MEM];
	__u32 head;
	int fetch;
	bool error;
	__u64 fence;
	int doorbells, unmasks, func_resets;
	int irq_mode;
	int req[2];
};

static struct mock *mk;

#define R(off) mk->regs[(off) / 4]

static void mock_error(__u32 code, __u32 index, __u32 detail)
{
	if (mk->error)
		return;
	mk->error = true;
	R(MDGPU_REG_ERROR_CODE) = code;
	R(MDGPU_REG_ERROR_INDEX) = index;
	R(MDGPU_REG_ERROR_DETAIL) = detail;
	R(MDGPU_REG_INT_STATUS) |= MDGPU_INT_ERROR;
}

static void execute(const struct mdgpu_cmd *c)
{
	__u64 i;

	switch (c->opcode) {
	case MDGPU_OP_FILL:
		for (i = 0; i < c->fill.len; i += 4)
			memcpy(mk->mem + c->fill.dst + i, &c->fill.pattern, 4);
		break;
	case MDGPU_OP_COPY:
		memcpy(mk->mem + c->copy.dst, mk->mem + c->copy.src,
		       c->copy.len);
		break;
	case MDGPU_OP_FENCE:
		if (c->flags & MDGPU_FENCE_F_MEM)
			memcpy(mk->mem + c->fence.addr, &c->fence.value, 8);
		mk->fence = c->fence.value;
		if (c->flags & MDGPU_FENCE_F_IRQ)
			R(MDGPU_REG_INT_STATUS) |= MDGPU_INT_FENCE;
		break;
	}
}

/* Fetch and run up to @n entries (the mock runs each command at fetch). */
static void process(int n)
{
	__u32 entries = R(MDGPU_REG_QUEUE_SIZE), tail = R(MDGPU_REG_QUEUE_TAIL);
	__u64 base = (__u64)R(MDGPU_REG_QUEUE_BASE_HI) << 32 |
		     R(MDGPU_REG_QUEUE_BASE_LO);

	if (mk->error || !(R(MDGPU_REG_QUEUE_CTRL) & MDGPU_QUEUE_CTRL_ENABLE))
		return;
	if (tail >= entries) {
		mock_error(MDGPU_ERR_RING_POINTER, mk->head, 0);
		return;
	}
	while (n-- && mk->head != tail) {
		struct mdgpu_cmd c;
		struct rt_check_result res;

		memcpy(&c, mk->mem + base + (__u64)mk->head * 64, 64);
		if (rt_cmd_check(&c, MEM, &res)) {
			mock_error(res.code, mk->head,
				   MDGPU_ERROR_DETAIL(c.opcode, 0, res.field));
			return;
		}
		execute(&c);
		mk->head = (mk->head + 1) & (entries - 1);
	}
}

static int m_reg_read(struct mdgpu_rt_dev *dev, __u32 off, __u32 *val)
{
	if (mk->fetch > 0)
		process(mk->fetch);
	switch (off) {
	case MDGPU_REG_QUEUE_HEAD:
		*val = mk->head;
		break;
	case MDGPU_REG_QUEUE_STATUS:
		*val = (R(MDGPU_REG_QUEUE_CTRL) & 1) |
		       (mk->error ? MDGPU_QUEUE_STATUS_ERROR : 0) |
		       (!mk->error && mk->head != R(MDGPU_REG_QUEUE_TAIL) ?
				MDGPU_QUEUE_STATUS_BUSY :
				0);
		break;
	case MDGPU_REG_FENCE_LO:
		*val = (__u32)mk->fence;
		break;
	case MDGPU_REG_FENCE_HI:
		*val = mk->fence >> 32;
		break;
	default:
		*val = R(off);
	}
	return 0;
}

static void mock_reset(void)
{
	mk->head = 0;
	mk->error = false;
	mk->fence = 0;
	R(MDGPU_REG_QUEUE_CTRL) = R(MDGPU_REG_QUEUE_BASE_LO) =
		R(MDGPU_REG_QUEUE_BASE_HI) = 0;
	R(MDGPU_REG_QUEUE_SIZE) = R(MDGPU_REG_QUEUE_TAIL) =
		R(MDGPU_REG_INT_STATUS) = 0;
	R(MDGPU_REG_ERROR_CODE) = R(MDGPU_REG_ERROR_INDEX) =
		R(MDGPU_REG_ERROR_DETAIL) = 0;
}

static int m_reg_write(struct mdgpu_rt_dev *dev, __u32 off, __u32 val)
{
	bool enabled = R(MDGPU_REG_QUEUE_CTRL) & MDGPU_QUEUE_CTRL_ENABLE;
	__u32 entries;

	switch (off) {
	case MDGPU_REG_QUEUE_BASE_LO:
	case MDGPU_REG_QUEUE_BASE_HI:
	case MDGPU_REG_QUEUE_SIZE:
		if (!enabled)
			R(off) = val;
		break;
	case MDGPU_REG_QUEUE_CTRL:
		R(off) = val & 1;
		entries = R(MDGPU_REG_QUEUE_SIZE);
		if ((val & 1) &&
		    (!rt_is_pow2(entries) || entries < 2 || entries > 4096)) {
			mock_error(MDGPU_ERR_RING_CONFIG, 0, 0);
			R(off) = 0;
		}
		break;
	case MDGPU_REG_DOORBELL:
		R(MDGPU_REG_QUEUE_TAIL) = val;
		mk->doorbells++;
		process(mk->fetch < 0 ? 1 << 30 : 0);
		if (val >= R(MDGPU_REG_QUEUE_SIZE))
			process(0);
		break;
	case MDGPU_REG_INT_ACK:
		R(MDGPU_REG_INT_STATUS) &= ~val;
		break;
	case MDGPU_REG_RESET:
		if (val & 1)
			mock_reset();
		break;
	case MDGPU_REG_INT_MASK:
	case MDGPU_REG_SCRATCH:
	case MDGPU_REG_QUEUE_TAIL:
		R(off) = val;
		break;
	}
	return 0;
}

static int m_map(struct mdgpu_rt_dev *dev, __u64 size, bool populate,
		 void **ptr)
{
	*ptr = mk->mem;
	return 0;
}

static int m_irq_arm(struct mdgpu_rt_dev *dev, enum mdgpu_rt_wait_mode mode)
{
	mk->irq_mode = mode;
	return 0;
}

static int m_irq_wait(struct mdgpu_rt_dev *dev, int timeout_ms)
{
	struct pollfd p = { .fd = mk->req[0], .events = POLLIN };

	if (poll(&p, 1, 0) == 1)
		return -ESHUTDOWN;
	process(mk->fetch > 0 ? mk->fetch : 0);
	return 1;
}

static int m_unmask(struct mdgpu_rt_dev *dev)
{
	mk->unmasks++;
	return 0;
}

static int m_func_reset(struct mdgpu_rt_dev *dev)
{
	mk->func_resets++;
	mock_reset();
	return 0;
}

static int m_req_fd(const struct mdgpu_rt_dev *dev)
{
	return mk->req[0];
}

static void m_close(struct mdgpu_rt_dev *dev)
{
}

static const struct rt_transport_ops mock_ops = {
	.name = "mock",
	.irq_modes = RT_IRQ_MODE(MDGPU_RT_WAIT_MSI) |
		     RT_IRQ_MODE(MDGPU_RT_WAIT_INTX),
	.reg_read = m_reg_read,
	.reg_write = m_reg_write,
	.map_mem = m_map,
	.irq_arm = m_irq_arm,
	.irq_wait = m_irq_wait,
	.irq_unmask = m_unmask,
	.func_reset = m_func_reset,
	.req_fd = m_req_fd,
	.close = m_close,
};

static int setup(void **state)
{
	mk = calloc(1, sizeof(*mk));
	assert_non_null(mk);
	R(MDGPU_REG_ID) = MDGPU_DEV_MAGIC;
	R(MDGPU_REG_VERSION) = MDGPU_DEV_VERSION;
	R(MDGPU_REG_CAPS) = MDGPU_CAP_MSI | MDGPU_CAP_INTX |
			    MDGPU_CAP_FENCE_MEM | MDGPU_CAP_QOS;
	R(MDGPU_REG_KERNELS) = 0xfe;
	R(MDGPU_REG_MEM_SIZE_LO) = MEM;
	R(MDGPU_REG_VISIBLE_SIZE_LO) = MEM;
	R(MDGPU_REG_COMPUTE_UNITS) = 4;
	mk->fetch = -1;
	assert_int_equal(pipe(mk->req), 0);
	mdgpu_rt_set_print(NULL);
	return 0;
}

static int teardown(void **state)
{
	close(mk->req[0]);
	close(mk->req[1]);
	free(mk);
	return 0;
}

static struct mdgpu_rt_dev *open_mock(__u32 entries, int mode, int *err)
{
	MDGPU_OPTS(mdgpu_rt_open_opts, o, .ring_entries = entries,
		   .wait_mode = mode);
	struct mdgpu_rt_dev *dev = rt_dev_new(&mock_ops, mk, "mock");
	int ret;

	assert_non_null(dev);
	ret = rt_dev_setup(dev, &o);
	if (err)
		*err = ret;
	if (ret) {
		mdgpu_rt_dev__close(dev);
		return NULL;
	}
	return dev;
}

static void fill_words(struct mdgpu_rt_dev *dev, int n, __u32 tag, bool batch)
{
	struct mdgpu_cmd *c = calloc(n, sizeof(*c));
	__u64 fence = 0;
	int i;

	assert_non_null(c);
	for (i = 0; i < n; i++) {
		c[i].opcode = MDGPU_OP_FILL;
		c[i].fill.dst = 512 * 1024 + i * 4;
		c[i].fill.len = 4;
		c[i].fill.pattern = tag + i;
		if (!batch)
			assert_int_equal(mdgpu_rt_dev__submit(dev, &c[i], 1, 0,
							      i % 5 ? NULL :
								      &fence),
					 0);
	}
	if (batch)
		assert_int_equal(mdgpu_rt_dev__submit(dev, c, n, 0, &fence), 0);
	assert_int_equal(mdgpu_rt_dev__sync(dev, 1000), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(*(__u32 *)(mk->mem + 512 * 1024 + i * 4),
				 tag + i);
	free(c);
}

/* A 4-entry ring and a device that fetches one entry per register read. */
static void test_ring_fills_and_wraps(void **state)
{
	struct mdgpu_rt_dev *dev;

	mk->fetch = 1;
	dev = open_mock(4, MDGPU_RT_WAIT_POLL_MEM, NULL);
	assert_non_null(dev);
	fill_words(dev, 500, 0x1000, false);
	fill_words(dev, 500, 0x2000, true);
	assert_true(mk->doorbells > 100);
	mk->fetch = -1;
	fill_words(dev, 77, 0x3000, true);
	mdgpu_rt_dev__close(dev);
}

static void test_wait_modes(void **state)
{
	static const int modes[] = { MDGPU_RT_WAIT_POLL_REG,
				     MDGPU_RT_WAIT_POLL_MEM, MDGPU_RT_WAIT_MSI,
				     MDGPU_RT_WAIT_INTX, MDGPU_RT_WAIT_AUTO };
	struct mdgpu_rt_dev *dev;
	int i;

	for (i = 0; i < 5; i++) {
		mk->fetch = 2;
		dev = open_mock(8, modes[i], NULL);
		assert_non_null(dev);
		assert_int_equal(mdgpu_rt_dev__wait_mode(dev),
				 modes[i] ? modes[i] : MDGPU_RT_WAIT_MSI);
		fill_words(dev, 40, 0x100 * i, false);
		mdgpu_rt_dev__close(dev);
	}
	assert_true(mk->unmasks > 0);
	/* A mode the device lacks is refused. */
	R(MDGPU_REG_CAPS) &= ~MDGPU_CAP_INTX;
	dev = open_mock(8, MDGPU_RT_WAIT_MSI, NULL);
	assert_non_null(dev);
	assert_int_equal(mdgpu_rt_dev__set_wait_mode(dev, MDGPU_RT_WAIT_INTX),
			 -EOPNOTSUPP);
	assert_int_equal(mdgpu_rt_dev__wait_mode(dev), MDGPU_RT_WAIT_MSI);
	assert_int_equal(
		mdgpu_rt_dev__set_wait_mode(dev, MDGPU_RT_WAIT_POLL_REG), 0);
	fill_words(dev, 10, 0x900, false);
	mdgpu_rt_dev__close(dev);
}

static void test_error_reset_cancel(void **state)
{
	struct mdgpu_rt_dev *dev;
	struct mdgpu_cmd bad;
	__u64 f1, f2, f3;
	__u32 code;

	mk->fetch = 0; /* nothing runs until we say so */
	dev = open_mock(16, MDGPU_RT_WAIT_POLL_REG, NULL);
	assert_non_null(dev);
	memset(&bad, 0, sizeof(bad));
	bad.opcode = MDGPU_OP_COPY;
	bad.copy.dst = 4;
	bad.copy.len = 8; /* overlaps src 0 */
	assert_int_equal(mdgpu_rt_dev__check_cmd(dev, &bad, &code), -EINVAL);
	assert_int_equal(code, MDGPU_ERR_OVERLAP);
	assert_int_equal(mdgpu_rt_dev__submit(dev, &bad, 1, 0, &f1), -EINVAL);
	assert_int_equal(mdgpu_rt_dev__fill(dev, 0, 4, 1, &f1), 0);
	assert_int_equal(mdgpu_rt_dev__submit(dev, &bad, 1,
					      MDGPU_RT_SUBMIT_NOCHECK, &f2),
			 0);
	assert_int_equal(mdgpu_rt_dev__wait(dev, f2, 0), -ETIMEDOUT);
	mk->fetch = -1;
	process(100);
	assert_int_equal(mdgpu_rt_dev__wait(dev, f1, 100), 0);
	assert_int_equal(mdgpu_rt_dev__wait(dev, f2, 100), -EIO);
	assert_int_equal(mdgpu_rt_dev__last_error(dev)->code,
			 MDGPU_ERR_OVERLAP);
	assert_int_equal(mdgpu_rt_dev__last_error(dev)->index, 2);
	assert_int_equal(mdgpu_rt_dev__last_error(dev)->field, 8);
	assert_int_equal(mdgpu_rt_dev__last_error(dev)->fence, f1);
	assert_int_equal(mdgpu_rt_dev__fill(dev, 0, 4, 1, &f3), -EIO);
	assert_int_equal(mdgpu_rt_dev__check(dev), -EIO);
	assert_int_equal(mdgpu_rt_dev__reset(dev, 0), 0);
	assert_int_equal(mdgpu_rt_dev__last_error(dev)->code, 0);
	assert_int_equal(mdgpu_rt_dev__wait(dev, f2, 100), -ECANCELED);
	assert_int_equal(mdgpu_rt_dev__wait(dev, f1, 100), 0);
	fill_words(dev, 30, 0x5000, false);
	assert_int_equal(mdgpu_rt_dev__wait(dev, f2, 100), -ECANCELED);
	assert_int_equal(mdgpu_rt_dev__reset(dev, MDGPU_RT_RESET_FUNCTION), 0);
	assert_int_equal(mk->func_resets, 1);
	fill_words(dev, 30, 0x6000, true);
	/* Ring pointer from behind the runtime's back, then recovery. */
	m_reg_write(dev, MDGPU_REG_DOORBELL, 16);
	assert_int_equal(mdgpu_rt_dev__check(dev), -EIO);
	assert_int_equal(mdgpu_rt_dev__last_error(dev)->code,
			 MDGPU_ERR_RING_POINTER);
	assert_int_equal(mdgpu_rt_dev__reset(dev, 0), 0);
	fill_words(dev, 3, 0x7000, false);
	mdgpu_rt_dev__close(dev);
}

static void test_open_checks(void **state)
{
	struct {
		struct mdgpu_rt_open_opts o;
		__u64 extra;
	} big;
	struct mdgpu_rt_dev *dev;
	int err;

	assert_null(open_mock(2, 0, &err));
	assert_int_equal(err, -EINVAL);
	assert_null(open_mock(12, 0, &err));
	assert_int_equal(err, -EINVAL);
	assert_null(open_mock(8192, 0, &err));
	assert_int_equal(err, -EINVAL);
	assert_null(open_mock(8, 99, &err));
	assert_int_equal(err, -EINVAL);
	/* Newer callers: a bigger struct is fine while its extra bytes are zero. */
	memset(&big, 0, sizeof(big));
	big.o.sz = sizeof(big);
	dev = rt_dev_new(&mock_ops, mk, "mock");
	assert_int_equal(rt_dev_setup(dev, &big.o), 0);
	mdgpu_rt_dev__close(dev);
	big.extra = 1;
	dev = rt_dev_new(&mock_ops, mk, "mock");
	assert_int_equal(rt_dev_setup(dev, &big.o), -EINVAL);
	mdgpu_rt_dev__close(dev);
	big.o.sz = 4;
	dev = rt_dev_new(&mock_ops, mk, "mock");
	assert_int_equal(rt_dev_setup(dev, &big.o), -EINVAL);
	mdgpu_rt_dev__close(dev);
	/* Not our device, or a major version we do not speak. */
	R(MDGPU_REG_ID) = 0x12345678;
	assert_null(open_mock(0, 0, &err));
	assert_int_equal(err, -ENODEV);
	R(MDGPU_REG_ID) = MDGPU_DEV_MAGIC;
	R(MDGPU_REG_VERSION) = 2 << 16;
	assert_null(open_mock(0, 0, &err));
	assert_int_equal(err, -EPROTONOSUPPORT);
	R(MDGPU_REG_VERSION) = MDGPU_DEV_VERSION |
			       7; /* a newer minor is fine */
	dev = open_mock(0, 0, &err);
	assert_non_null(dev);
	assert_int_equal(mdgpu_rt_dev__info(dev)->mem_size, MEM);
	assert_int_equal(mdgpu_rt_dev__mem_avail(dev), MEM - 256 * 64 - 8);
	mdgpu_rt_dev__close(dev);
}

static void test_release_request(void **state)
{
	struct mdgpu_rt_dev *dev;
	__u64 fence;

	mk->fetch = 0;
	dev = open_mock(8, MDGPU_RT_WAIT_POLL_MEM, NULL);
	assert_non_null(dev);
	assert_int_equal(mdgpu_rt_dev__release_requested(dev), 0);
	assert_int_equal(mdgpu_rt_dev__fill(dev, 0 + 4096, 4, 1, &fence), 0);
	assert_int_equal(write(mk->req[1], "x", 1), 1);
	assert_int_equal(mdgpu_rt_dev__release_requested(dev), 1);
	assert_int_equal(mdgpu_rt_dev__wait(dev, fence, 1000), -ESHUTDOWN);
	assert_int_equal(mdgpu_rt_dev__req_fd(dev), mk->req[0]);
	mdgpu_rt_dev__close(dev);
}

static void test_buffers(void **state)
{
	struct mdgpu_rt_dev *dev = open_mock(0, 0, NULL);
	struct mdgpu_rt_buf *a, *b;
	char buf[16] = "hello, device";

	assert_non_null(dev);
	a = mdgpu_rt_buf__alloc(dev, 100, 0);
	assert_non_null(a);
	assert_int_equal(mdgpu_rt_buf__offset(a) % 64, 0);
	assert_int_equal(mdgpu_rt_buf__write(a, 90, buf, 10), 0);
	assert_int_equal(mdgpu_rt_buf__write(a, 91, buf, 10), -ERANGE);
	assert_int_equal(mdgpu_rt_buf__read(a, ~0ULL, buf, 2), -ERANGE);
	assert_int_equal(mdgpu_rt_buf__read(a, 90, buf + 3, 10), 0);
	assert_memory_equal(buf, "helhello, ", 10);
	assert_ptr_equal(mdgpu_rt_buf__ptr(a),
			 mk->mem + mdgpu_rt_buf__offset(a));
	assert_null(mdgpu_rt_buf__alloc(dev, MEM, 0));
	assert_int_equal(errno, ENOMEM);
	b = mdgpu_rt_buf__alloc(dev, 1, 1ULL << 19);
	assert_non_null(b);
	assert_int_equal(mdgpu_rt_buf__offset(b), 1ULL << 19);
	mdgpu_rt_buf__free(a);
	mdgpu_rt_buf__free(NULL);
	assert_int_equal(mdgpu_rt_dev__mem_write(dev, MEM - 1, buf, 1), 0);
	assert_int_equal(mdgpu_rt_dev__mem_write(dev, MEM, buf, 1), -ERANGE);
	assert_int_equal(mdgpu_rt_dev__mem_read(dev, ~0ULL, buf, 2), -ERANGE);
	mdgpu_rt_dev__close(dev); /* frees b */
}

static void test_strerror(void **state)
{
	char buf[128];

	assert_int_equal(mdgpu_rt_strerror(-EIO, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "Input/output error");
	assert_int_equal(
		mdgpu_rt_strerror(MDGPU_RT_ERR_DEVICE(MDGPU_ERR_OVERLAP), buf,
				  sizeof(buf)),
		0);
	assert_non_null(strstr(buf, "OVERLAP"));
	assert_int_equal(mdgpu_rt_strerror(MDGPU_RT_ERR_DEVICE(99), buf,
					   sizeof(buf)),
			 0);
	assert_non_null(strstr(buf, "99"));
	assert_int_equal(mdgpu_rt_strerror(-EIO, buf, 4), -ERANGE);
	assert_int_equal(strlen(buf), 3);
	assert_int_equal(mdgpu_rt_strerror(-EIO, NULL, 4), -EINVAL);
	assert_string_equal(mdgpu_rt_error_name(MDGPU_ERR_RING_POINTER),
			    "RING_POINTER");
	assert_string_equal(mdgpu_rt_error_name(1000), "UNKNOWN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ring_fills_and_wraps,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_wait_modes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_error_reset_cancel, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_open_checks, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_release_request, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_buffers, setup, teardown),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests_name("rt_submit", tests, NULL, NULL);
}
