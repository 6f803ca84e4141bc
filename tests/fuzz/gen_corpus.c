// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writes the fuzzers' seed corpus (make fuzz-corpus): for fuzz_validate one
 * valid seed per opcode and kernel plus one per rejection class, for
 * fuzz_regs one access sequence per area of the register models. The input
 * layouts are the ones fuzz_validate.c and fuzz_regs.c document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "mdev/cmd_validate.h"

#define MEM (1ULL << 24)

static const char *dir;

static void put(const char *target, const char *name, const void *buf,
		size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, target);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", dir, target, name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

/* ---- fuzz_validate: [mode][mem size u64][entry][ring: base, entries, head, tail] ---- */

static void vput(const char *name, const struct mdgpu_cmd *cmd, bool ring,
		 u64 base, u32 entries, u32 head, u32 tail)
{
	u8 buf[9 + MDGPU_CMD_SIZE + 20] = { 0 };
	const u64 mem = MEM;

	memcpy(buf + 1, &mem, 8);
	memcpy(buf + 9, cmd, MDGPU_CMD_SIZE);
	memcpy(buf + 73, &base, 8);
	memcpy(buf + 81, &entries, 4);
	memcpy(buf + 85, &head, 4);
	memcpy(buf + 89, &tail, 4);
	put("fuzz_validate", name, buf, ring ? sizeof(buf) : sizeof(buf) - 20);
}

static void vcmd(const char *name, const struct mdgpu_cmd *cmd)
{
	vput(name, cmd, false, 0, 0, 0, 0);
}

static struct mdgpu_cmd op(u8 opcode, u8 flags)
{
	struct mdgpu_cmd c;

	memset(&c, 0, sizeof(c));
	c.opcode = opcode;
	c.flags = flags;
	return c;
}

static struct mdgpu_cmd launch(u16 kernel)
{
	struct mdgpu_cmd c = op(MDGPU_OP_LAUNCH, 0);

	c.launch.kernel = kernel;
	c.launch.grid = 4;
	return c;
}

static struct mdgpu_cmd gemm(u16 kernel)
{
	struct mdgpu_cmd c = launch(kernel);
	struct mdgpu_gemm_args g = { 0, 0x10000, 0x20000, 16, 32, 8, 8, 32, 32 };

	c.launch.gemm = g;
	return c;
}

static void validate_valid(void)
{
	struct mdgpu_cmd c = op(MDGPU_OP_NOP, 0);

	vcmd("valid_nop", &c);
	c = op(MDGPU_OP_FILL, 0);
	c.fill = (struct mdgpu_fill_args){ 0x1000, 0x100, 0xdeadbeef, 0 };
	vcmd("valid_fill", &c);
	c = op(MDGPU_OP_COPY, 0);
	c.copy = (struct mdgpu_copy_args){ 0x2000, 0x1000, 0x1000 };
	vcmd("valid_copy", &c);
	c = launch(MDGPU_KERNEL_SPIN);
	c.launch.spin.duration_ns = 1000;
	vcmd("valid_launch_spin", &c);
	c = launch(MDGPU_KERNEL_FILL);
	c.launch.fill = (struct mdgpu_fill_args){ 0x40, 0x40, 1, 0 };
	vcmd("valid_launch_fill", &c);
	c = launch(MDGPU_KERNEL_COPY);
	c.launch.copy = (struct mdgpu_copy_args){ 0, 0x100, 0x100 };
	vcmd("valid_launch_copy", &c);
	c = launch(MDGPU_KERNEL_AXPY);
	c.launch.axpy = (struct mdgpu_axpy_args){ 0, 0x1000, 1024, 0x3f800000 };
	vcmd("valid_launch_axpy", &c);
	c = gemm(MDGPU_KERNEL_GEMM_F32);
	vcmd("valid_launch_gemm_f32", &c);
	c = gemm(MDGPU_KERNEL_GEMM_I8);
	vcmd("valid_launch_gemm_i8", &c);
	c = launch(MDGPU_KERNEL_REDUCE_SUM);
	c.launch.reduce = (struct mdgpu_reduce_args){ 0x100, 0x80, 32, 0 };
	vcmd("valid_launch_reduce", &c);
	c = op(MDGPU_OP_FENCE, 0);
	c.fence.value = 1;
	vcmd("valid_fence", &c);
	c = op(MDGPU_OP_FENCE, MDGPU_FENCE_F_IRQ | MDGPU_FENCE_F_MEM);
	c.fence.value = 2;
	c.fence.addr = MEM - 8;
	vcmd("valid_fence_mem_irq", &c);
	c = op(MDGPU_OP_TIMESTAMP, 0);
	c.timestamp.dst = 0x800;
	vcmd("valid_timestamp", &c);
	c = op(MDGPU_OP_NOP, 0);
	vput("valid_ring", &c, true, 0x1000, 64, 60, 3);
	vput("valid_ring_batch", &c, true, MEM - 4096 * 64, 4096, 0, 4095);
}

static void validate_malformed(void)
{
	struct mdgpu_cmd c = op(0, 0);

	vcmd("bad_opcode", &c);
	c = op(MDGPU_OP_COPY, MDGPU_FENCE_F_IRQ);
	c.copy = (struct mdgpu_copy_args){ 0x2000, 0x1000, 0x1000 };
	vcmd("bad_flags", &c);
	c = op(MDGPU_OP_NOP, 0);
	c.raw[20] = 1;
	vcmd("reserved", &c);
	c = launch(MDGPU_KERNEL_MAX + 1);
	vcmd("bad_kernel", &c);
	c = op(MDGPU_OP_FILL, 0);
	vcmd("zero_size", &c);
	c = launch(MDGPU_KERNEL_AXPY);
	c.launch.axpy =
		(struct mdgpu_axpy_args){ 0, 0x1000, MDGPU_MAX_ELEMS + 1, 0 };
	vcmd("too_large", &c);
	c = gemm(MDGPU_KERNEL_GEMM_F32);
	c.launch.grid = MDGPU_MAX_GRID + 1;
	vcmd("bad_grid", &c);
	c = op(MDGPU_OP_TIMESTAMP, 0);
	c.timestamp.dst = 4;
	vcmd("misaligned", &c);
	c = op(MDGPU_OP_COPY, 0);
	c.copy = (struct mdgpu_copy_args){ 0, ~0ULL - 0xff, 0x1000 };
	vcmd("overflow", &c);
	c = op(MDGPU_OP_FILL, 0);
	c.fill = (struct mdgpu_fill_args){ MEM - 4, 8, 0, 0 };
	vcmd("out_of_range", &c);
	c = gemm(MDGPU_KERNEL_GEMM_F32);
	c.launch.gemm.c = 0x40;
	vcmd("overlap", &c);
	c = gemm(MDGPU_KERNEL_GEMM_I8);
	c.launch.gemm.ldb = 8;
	vcmd("bad_ld", &c);
	c = op(MDGPU_OP_NOP, 0);
	vput("ring_bad_entries", &c, true, 0, 48, 0, 1);
	vput("ring_out_of_range", &c, true, MEM - 64, 4, 0, 1);
	vput("ring_bad_tail", &c, true, 0, 16, 3, 16);
}

/* ---- fuzz_regs: [bar2 size exponent][subsys id] then 12-byte steps ---- */

enum { CFG_RD, CFG_WR, BAR0_RD, BAR0_WR, INTX, IRQ, ERROR, RESET };

/* 12 bytes, no padding: the value is split so that nothing needs packing. */
struct rstep {
	u8 op;
	u8 len;
	u16 off;
	u32 val;
	u32 val_hi;
};

static void rput(const char *name, const struct rstep *steps, size_t n)
{
	u8 buf[2 + 32 * sizeof(*steps)] = { 6, MDGPU_PCI_SUBSYS_ID_TIMESLICED };

	_Static_assert(sizeof(*steps) == 12, "fuzz_regs step layout");
	memcpy(buf + 2, steps, n * sizeof(*steps));
	put("fuzz_regs", name, buf, 2 + n * sizeof(*steps));
}

/* One step; S64 also gives the high half of an 8-byte value. */
/* clang-format off */
#define S(op, len, off, val)		{ op, len, off, val, 0 }
#define S64(op, len, off, lo, hi)	{ op, len, off, lo, hi }
/* clang-format on */
#define RPUT(name, ...)                                    \
	do {                                               \
		const struct rstep st[] = { __VA_ARGS__ }; \
		rput(name, st, ARRAY_SIZE(st));            \
	} while (0)

static void regs_seeds(void)
{
	/* clang-format off */
	RPUT("bar_sizing",
	     S(CFG_WR, 4, PCI_BASE_ADDRESS_0, 0xffffffff), S(CFG_RD, 4, PCI_BASE_ADDRESS_0, 0),
	     S(CFG_WR, 4, PCI_BASE_ADDRESS_2, 0xffffffff), S(CFG_WR, 4, PCI_BASE_ADDRESS_3, ~0U),
	     S(CFG_RD, 4, PCI_BASE_ADDRESS_2, 0), S(CFG_RD, 4, PCI_BASE_ADDRESS_3, 0),
	     S(CFG_WR, 2, PCI_BASE_ADDRESS_0 + 2, 0xfebc), S(CFG_WR, 1, PCI_ROM_ADDRESS, 0xff));
	RPUT("command_intx",
	     S(CFG_WR, 2, PCI_COMMAND, 0xffff), S(INTX, 0, 0, 1), S(CFG_RD, 2, PCI_STATUS, 0),
	     S(CFG_WR, 2, PCI_COMMAND, 0), S(CFG_WR, 4, PCI_COMMAND, ~0U), S(INTX, 0, 0, 0));
	RPUT("msi",
	     S(CFG_WR, 2, MDGPU_PCI_MSI_CAP_OFF + PCI_MSI_FLAGS, 0xffff),
	     S(CFG_WR, 4, MDGPU_PCI_MSI_CAP_OFF + PCI_MSI_ADDRESS_LO, 0xfee00003),
	     S(CFG_WR, 4, MDGPU_PCI_MSI_CAP_OFF + PCI_MSI_ADDRESS_HI, 1),
	     S(CFG_WR, 4, MDGPU_PCI_MSI_CAP_OFF + PCI_MSI_DATA_64, ~0U),
	     S(CFG_RD, 4, MDGPU_PCI_MSI_CAP_OFF, 0));
	RPUT("bad_access",
	     S(CFG_RD, 3, 0, 0), S(CFG_RD, 2, 255, 0), S(CFG_WR, 4, 2, ~0U),
	     S(CFG_WR, 4, 256, ~0U), S(BAR0_RD, 2, 0, 0), S(BAR0_RD, 8, 0xffc, 0),
	     S(BAR0_WR, 4, 0x1000, 0), S(BAR0_WR, 4, 0x86, ~0U));
	RPUT("queue",
	     S(BAR0_WR, 8, MDGPU_REG_QUEUE_BASE_LO, 0x1000),
	     S(BAR0_WR, 4, MDGPU_REG_QUEUE_SIZE, 64),
	     S(BAR0_WR, 4, MDGPU_REG_QUEUE_CTRL, MDGPU_QUEUE_CTRL_ENABLE),
	     S(BAR0_WR, 4, MDGPU_REG_QUEUE_BASE_LO, 0), S(BAR0_WR, 4, MDGPU_REG_DOORBELL, 3),
	     S(BAR0_RD, 4, MDGPU_REG_QUEUE_TAIL, 0), S(BAR0_RD, 4, MDGPU_REG_QUEUE_HEAD, 0),
	     S(BAR0_WR, 4, MDGPU_REG_RESET, MDGPU_RESET_QUEUE));
	RPUT("irq_error",
	     S(IRQ, 0, 0, MDGPU_INT_FENCE), S(BAR0_WR, 4, MDGPU_REG_INT_MASK, MDGPU_INT_FENCE),
	     S(ERROR, 0, 7, MDGPU_ERR_OVERLAP - 1), S(BAR0_RD, 8, MDGPU_REG_ERROR_CODE, 0),
	     S(BAR0_WR, 4, MDGPU_REG_INT_ACK, ~0U), S(BAR0_WR, 4, MDGPU_REG_INT_STATUS, ~0U),
	     S(RESET, 0, 0, 0));
	RPUT("latch",
	     S(BAR0_RD, 8, MDGPU_REG_FENCE_LO, 0), S(BAR0_RD, 4, MDGPU_REG_BUSY_NS_LO, 0),
	     S(BAR0_RD, 4, MDGPU_REG_BUSY_NS_HI, 0), S(BAR0_RD, 8, MDGPU_REG_WAIT_NS_LO, 0),
	     S(BAR0_RD, 8, MDGPU_REG_TIME_LO, 0), S(BAR0_RD, 8, MDGPU_REG_COMPLETED_LO, 0));
	RPUT("undefined",
	     S(BAR0_WR, 4, 0x200, ~0U), S(BAR0_RD, 4, 0x200, 0), S(BAR0_WR, 4, 0x3c, ~0U),
	     S(BAR0_RD, 4, 0xffc, 0), S64(BAR0_WR, 8, MDGPU_REG_ID, ~0U, ~0U),
	     S(BAR0_RD, 8, MDGPU_REG_ID, 0), S(CFG_WR, 4, 0x80, ~0U), S(CFG_RD, 4, 0x80, 0));
	/* clang-format on */
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
		return 2;
	}
	dir = argv[1];
	mkdir(dir, 0755);
	validate_valid();
	validate_malformed();
	regs_seeds();
	return 0;
}
