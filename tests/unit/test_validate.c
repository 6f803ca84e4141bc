// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for mdev/cmd_validate.c: every opcode and kernel accepted and
 * decoded, one test per rejection class (each error code, with the field it
 * must name), and the ring-pointer arithmetic at its edges.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "mdev/cmd_validate.h"

#define MEM (1ULL << 20)
#define OFF(m) ((u32)offsetof(struct mdgpu_cmd, m))

static struct mdgpu_cmd op(u8 opcode)
{
	struct mdgpu_cmd c;

	memset(&c, 0, sizeof(c));
	c.opcode = opcode;
	return c;
}

static struct mdgpu_cmd fill(u64 dst, u64 len)
{
	struct mdgpu_cmd c = op(MDGPU_OP_FILL);

	c.fill.dst = dst;
	c.fill.len = len;
	c.fill.pattern = 0xdeadbeef;
	return c;
}

static struct mdgpu_cmd copy(u64 dst, u64 src, u64 len)
{
	struct mdgpu_cmd c = op(MDGPU_OP_COPY);

	c.copy.dst = dst;
	c.copy.src = src;
	c.copy.len = len;
	return c;
}

static struct mdgpu_cmd launch(u16 kernel, u32 grid)
{
	struct mdgpu_cmd c = op(MDGPU_OP_LAUNCH);

	c.launch.kernel = kernel;
	c.launch.grid = grid;
	return c;
}

static struct mdgpu_cmd axpy(u64 x, u64 y, u32 n)
{
	struct mdgpu_cmd c = launch(MDGPU_KERNEL_AXPY, 4);

	c.launch.axpy.x = x;
	c.launch.axpy.y = y;
	c.launch.axpy.n = n;
	c.launch.axpy.a_bits = 0x40000000; /* 2.0f */
	return c;
}

/* 16x8 times 8x32, tightly packed at 0, 0x1000 and 0x4000. */
static struct mdgpu_cmd gemm(u16 kernel)
{
	struct mdgpu_cmd c = launch(kernel, 16);
	struct mdgpu_gemm_args *g = &c.launch.gemm;

	g->a = 0;
	g->b = 0x1000;
	g->c = 0x4000;
	g->m = 16;
	g->n = 32;
	g->k = 8;
	g->lda = 8;
	g->ldb = 32;
	g->ldc = 32;
	return c;
}

static struct mdgpu_cmd reduce(u64 x, u64 dst, u32 n)
{
	struct mdgpu_cmd c = launch(MDGPU_KERNEL_REDUCE_SUM, 8);

	c.launch.reduce.x = x;
	c.launch.reduce.dst = dst;
	c.launch.reduce.n = n;
	return c;
}

static struct mdgpu_cmd fence(u8 flags, u64 value, u64 addr)
{
	struct mdgpu_cmd c = op(MDGPU_OP_FENCE);

	c.flags = flags;
	c.fence.value = value;
	c.fence.addr = addr;
	return c;
}

static struct mdgpu_cmd timestamp(u64 dst)
{
	struct mdgpu_cmd c = op(MDGPU_OP_TIMESTAMP);

	c.timestamp.dst = dst;
	return c;
}

static struct mdgpu_work_desc accept(struct mdgpu_cmd c, u64 mem)
{
	struct mdgpu_cmd_error err = { 0, 0 };
	struct mdgpu_work_desc d;

	assert_int_equal(mdgpu_cmd_validate(&c, mem, &d, &err), 0);
	assert_int_equal(err.code, MDGPU_ERR_NONE);
	return d;
}

static void reject(struct mdgpu_cmd c, u64 mem, u32 code, u32 field)
{
	struct mdgpu_cmd_error err = { 0, 0 };
	struct mdgpu_work_desc d;

	assert_int_equal(mdgpu_cmd_validate(&c, mem, &d, &err), -EINVAL);
	assert_int_equal(err.code, code);
	assert_int_equal(err.field, field);
}

static void assert_range(const struct mdgpu_work_desc *d, u32 i, u64 off,
			 u64 len, bool write)
{
	assert_true(i < d->nr_ranges);
	assert_int_equal(d->ranges[i].off, off);
	assert_int_equal(d->ranges[i].len, len);
	assert_int_equal(d->ranges[i].write, write);
}

/* ---- accepted commands, decoded ---- */

static void test_nop(void **state)
{
	struct mdgpu_work_desc d = accept(op(MDGPU_OP_NOP), MEM);

	assert_int_equal(d.kind, MDGPU_WORK_NOP);
	assert_int_equal(d.opcode, MDGPU_OP_NOP);
	assert_int_equal(d.grid, 1);
	assert_int_equal(d.nr_ranges, 0);
}

static void test_fill(void **state)
{
	struct mdgpu_work_desc d = accept(fill(0x100, 0x40), MEM);

	assert_int_equal(d.kind, MDGPU_WORK_FILL);
	assert_int_equal(d.fill.dst, 0x100);
	assert_int_equal(d.fill.len, 0x40);
	assert_int_equal(d.fill.pattern, 0xdeadbeef);
	assert_int_equal(d.nr_ranges, 1);
	assert_range(&d, 0, 0x100, 0x40, true);
}

static void test_fill_ends_at_memory_end(void **state)
{
	accept(fill(MEM - 4, 4), MEM);
	accept(fill(0, MEM), MEM);
}

static void test_copy(void **state)
{
	struct mdgpu_work_desc d = accept(copy(0x1000, 0x2001, 3), MEM);

	assert_int_equal(d.kind, MDGPU_WORK_COPY);
	assert_int_equal(d.copy.dst, 0x1000);
	assert_int_equal(d.copy.src, 0x2001);
	assert_int_equal(d.copy.len, 3);
	assert_int_equal(d.nr_ranges, 2);
	assert_range(&d, 0, 0x2001, 3, false);
	assert_range(&d, 1, 0x1000, 3, true);
}

static void test_copy_adjacent(void **state)
{
	accept(copy(0x100, 0x80, 0x80), MEM);
	accept(copy(0x80, 0x100, 0x80), MEM);
}

static void test_launch_spin(void **state)
{
	struct mdgpu_cmd c = launch(MDGPU_KERNEL_SPIN, MDGPU_MAX_GRID);
	struct mdgpu_work_desc d;

	c.launch.spin.duration_ns = MDGPU_SPIN_MAX_NS;
	d = accept(c, MEM);
	assert_int_equal(d.kind, MDGPU_WORK_SPIN);
	assert_int_equal(d.kernel, MDGPU_KERNEL_SPIN);
	assert_int_equal(d.grid, MDGPU_MAX_GRID);
	assert_int_equal(d.spin.duration_ns, MDGPU_SPIN_MAX_NS);
	assert_int_equal(d.nr_ranges, 0);
}

static void test_launch_fill_copy(void **state)
{
	struct mdgpu_cmd c = launch(MDGPU_KERNEL_FILL, 2);
	struct mdgpu_work_desc d;

	c.launch.fill.dst = 0x40;
	c.launch.fill.len = 0x80;
	c.launch.fill.pattern = 7;
	d = accept(c, MEM);
	assert_int_equal(d.kind, MDGPU_WORK_FILL);
	assert_int_equal(d.kernel, MDGPU_KERNEL_FILL);
	assert_int_equal(d.grid, 2);
	assert_int_equal(d.fill.pattern, 7);
	assert_range(&d, 0, 0x40, 0x80, true);

	c = launch(MDGPU_KERNEL_COPY, 3);
	c.launch.copy.dst = 0x1000;
	c.launch.copy.src = 0;
	c.launch.copy.len = 0x1000;
	d = accept(c, MEM);
	assert_int_equal(d.kind, MDGPU_WORK_COPY);
	assert_int_equal(d.grid, 3);
	assert_range(&d, 0, 0, 0x1000, false);
	assert_range(&d, 1, 0x1000, 0x1000, true);
}

static void test_launch_axpy(void **state)
{
	struct mdgpu_work_desc d = accept(axpy(0, 0x400, 256), MEM);

	assert_int_equal(d.kind, MDGPU_WORK_AXPY);
	assert_int_equal(d.axpy.n, 256);
	assert_int_equal(d.axpy.a_bits, 0x40000000);
	assert_range(&d, 0, 0, 1024, false);
	assert_range(&d, 1, 0x400, 1024, true);
	/* In place is elementwise and well defined. */
	accept(axpy(0x400, 0x400, 256), MEM);
}

static void test_launch_gemm_f32(void **state)
{
	struct mdgpu_work_desc d = accept(gemm(MDGPU_KERNEL_GEMM_F32), MEM);

	assert_int_equal(d.kind, MDGPU_WORK_GEMM_F32);
	assert_int_equal(d.gemm.m, 16);
	assert_int_equal(d.gemm.n, 32);
	assert_int_equal(d.gemm.k, 8);
	assert_int_equal(d.nr_ranges, 3);
	assert_range(&d, 0, 0, 16 * 8 * 4, false);
	assert_range(&d, 1, 0x1000, 8 * 32 * 4, false);
	assert_range(&d, 2, 0x4000, 16 * 32 * 4, true);
}

static void test_launch_gemm_strided(void **state)
{
	struct mdgpu_cmd c = gemm(MDGPU_KERNEL_GEMM_F32);
	struct mdgpu_work_desc d;

	c.launch.gemm.lda = 100; /* A: 15 strides plus one row */
	d = accept(c, MEM);
	assert_range(&d, 0, 0, (15 * 100 + 8) * 4, false);
	/* A and B are only read, so they may share memory. */
	c = gemm(MDGPU_KERNEL_GEMM_F32);
	c.launch.gemm.b = 0;
	accept(c, MEM);
}

static void test_launch_gemm_i8(void **state)
{
	struct mdgpu_cmd c = gemm(MDGPU_KERNEL_GEMM_I8);
	struct mdgpu_work_desc d;

	c.launch.gemm.a = 1; /* s8 operands need no alignment */
	c.launch.gemm.b = 0x1003;
	d = accept(c, MEM);
	assert_int_equal(d.kind, MDGPU_WORK_GEMM_I8);
	assert_range(&d, 0, 1, 16 * 8, false);
	assert_range(&d, 1, 0x1003, 8 * 32, false);
	assert_range(&d, 2, 0x4000, 16 * 32 * 4, true);
}

static void test_launch_reduce(void **state)
{
	struct mdgpu_work_desc d = accept(reduce(0x100, 0x80, 32), MEM);

	assert_int_equal(d.kind, MDGPU_WORK_REDUCE_SUM);
	assert_int_equal(d.reduce.n, 32);
	assert_range(&d, 0, 0x100, 128, false);
	assert_range(&d, 1, 0x80, 4, true);
}

static void test_fence(void **state)
{
	struct mdgpu_work_desc d = accept(fence(0, 42, 0), MEM);

	assert_int_equal(d.kind, MDGPU_WORK_FENCE);
	assert_int_equal(d.fence.value, 42);
	assert_false(d.fence.irq);
	assert_false(d.fence.mem);
	assert_int_equal(d.nr_ranges, 0);

	d = accept(fence(MDGPU_FENCE_F_IRQ | MDGPU_FENCE_F_MEM, ~0ULL, MEM - 8),
		   MEM);
	assert_true(d.fence.irq);
	assert_true(d.fence.mem);
	assert_int_equal(d.fence.addr, MEM - 8);
	assert_int_equal(d.fence.value, ~0ULL);
	assert_range(&d, 0, MEM - 8, 8, true);
}

static void test_timestamp(void **state)
{
	struct mdgpu_work_desc d = accept(timestamp(0x88), MEM);

	assert_int_equal(d.kind, MDGPU_WORK_TIMESTAMP);
	assert_int_equal(d.timestamp.dst, 0x88);
	assert_range(&d, 0, 0x88, 8, true);
}

/* ---- one test per rejection class ---- */

static void test_bad_opcode(void **state)
{
	reject(op(0), MEM, MDGPU_ERR_BAD_OPCODE, OFF(opcode));
	reject(op(MDGPU_OP_MAX + 1), MEM, MDGPU_ERR_BAD_OPCODE, OFF(opcode));
	reject(op(0xff), MEM, MDGPU_ERR_BAD_OPCODE, OFF(opcode));
}

static void test_bad_flags(void **state)
{
	struct mdgpu_cmd c = op(MDGPU_OP_NOP);

	c.flags = 1;
	reject(c, MEM, MDGPU_ERR_BAD_FLAGS, OFF(flags));
	c = fill(0, 4);
	c.flags = MDGPU_FENCE_F_IRQ;
	reject(c, MEM, MDGPU_ERR_BAD_FLAGS, OFF(flags));
	reject(fence(1U << 2, 1, 0), MEM, MDGPU_ERR_BAD_FLAGS, OFF(flags));
	c = gemm(MDGPU_KERNEL_GEMM_F32);
	c.flags = 0x80;
	reject(c, MEM, MDGPU_ERR_BAD_FLAGS, OFF(flags));
}

static void test_reserved_header(void **state)
{
	struct mdgpu_cmd c = op(MDGPU_OP_NOP);

	c.rsvd0 = 0x100;
	reject(c, MEM, MDGPU_ERR_RESERVED, OFF(rsvd0) + 1);
	c = fill(0, 4);
	c.rsvd1 = 1;
	reject(c, MEM, MDGPU_ERR_RESERVED, OFF(rsvd1));
}

static void test_reserved_payload(void **state)
{
	struct mdgpu_cmd c = op(MDGPU_OP_NOP);

	c.raw[55] = 1;
	reject(c, MEM, MDGPU_ERR_RESERVED, 63);
	c = fill(0, 4);
	c.fill.rsvd = 1;
	reject(c, MEM, MDGPU_ERR_RESERVED, OFF(fill.rsvd));
	c = reduce(0x100, 0x80, 32);
	c.launch.reduce.rsvd = 1;
	reject(c, MEM, MDGPU_ERR_RESERVED, OFF(launch.reduce.rsvd));
	c = launch(MDGPU_KERNEL_SPIN, 1);
	c.launch.spin.duration_ns = 1;
	c.launch.raw[8] = 1; /* first byte after spin's args */
	reject(c, MEM, MDGPU_ERR_RESERVED, OFF(launch.raw) + 8);
	c = axpy(0, 0x400, 4);
	c.launch.rsvd = 1;
	reject(c, MEM, MDGPU_ERR_RESERVED, OFF(launch.rsvd));
	c = timestamp(0);
	c.raw[8] = 1;
	reject(c, MEM, MDGPU_ERR_RESERVED, 16);
}

static void test_reserved_fence_addr(void **state)
{
	/* addr only means something with F_MEM; otherwise it must be zero. */
	reject(fence(MDGPU_FENCE_F_IRQ, 1, 8), MEM, MDGPU_ERR_RESERVED,
	       OFF(fence.addr));
}

static void test_bad_kernel(void **state)
{
	reject(launch(0, 1), MEM, MDGPU_ERR_BAD_KERNEL, OFF(launch.kernel));
	reject(launch(MDGPU_KERNEL_MAX + 1, 1), MEM, MDGPU_ERR_BAD_KERNEL,
	       OFF(launch.kernel));
	reject(launch(0xffff, 1), MEM, MDGPU_ERR_BAD_KERNEL,
	       OFF(launch.kernel));
}

static void test_zero_size(void **state)
{
	struct mdgpu_cmd c;

	reject(fill(0, 0), MEM, MDGPU_ERR_ZERO_SIZE, OFF(fill.len));
	reject(copy(0, 0x100, 0), MEM, MDGPU_ERR_ZERO_SIZE, OFF(copy.len));
	reject(axpy(0, 0x100, 0), MEM, MDGPU_ERR_ZERO_SIZE, OFF(launch.axpy.n));
	reject(reduce(0, 0x100, 0), MEM, MDGPU_ERR_ZERO_SIZE,
	       OFF(launch.reduce.n));
	reject(launch(MDGPU_KERNEL_SPIN, 1), MEM, MDGPU_ERR_ZERO_SIZE,
	       OFF(launch.spin.duration_ns));
	c = gemm(MDGPU_KERNEL_GEMM_F32);
	c.launch.gemm.m = 0;
	reject(c, MEM, MDGPU_ERR_ZERO_SIZE, OFF(launch.gemm.m));
	c = gemm(MDGPU_KERNEL_GEMM_F32);
	c.launch.gemm.n = 0;
	reject(c, MEM, MDGPU_ERR_ZERO_SIZE, OFF(launch.gemm.n));
	c = gemm(MDGPU_KERNEL_GEMM_I8);
	c.launch.gemm.k = 0;
	reject(c, MEM, MDGPU_ERR_ZERO_SIZE, OFF(launch.gemm.k));
}

static void test_too_large(void **state)
{
	const u64 big = 1ULL << 40;
	struct mdgpu_cmd c;

	reject(fill(0, MDGPU_MAX_XFER_LEN + 4), big, MDGPU_ERR_TOO_LARGE,
	       OFF(fill.len));
	reject(copy(0, big / 2, MDGPU_MAX_XFER_LEN + 1), big,
	       MDGPU_ERR_TOO_LARGE, OFF(copy.len));
	reject(axpy(0, big / 2, MDGPU_MAX_ELEMS + 1), big, MDGPU_ERR_TOO_LARGE,
	       OFF(launch.axpy.n));
	reject(reduce(0, 0x100, ~0U), big, MDGPU_ERR_TOO_LARGE,
	       OFF(launch.reduce.n));
	c = launch(MDGPU_KERNEL_SPIN, 1);
	c.launch.spin.duration_ns = MDGPU_SPIN_MAX_NS + 1;
	reject(c, MEM, MDGPU_ERR_TOO_LARGE, OFF(launch.spin.duration_ns));
	c = gemm(MDGPU_KERNEL_GEMM_F32);
	c.launch.gemm.k = MDGPU_GEMM_MAX_DIM + 1;
	reject(c, big, MDGPU_ERR_TOO_LARGE, OFF(launch.gemm.k));
	c = gemm(MDGPU_KERNEL_GEMM_I8);
	c.launch.gemm.m = ~0U;
	reject(c, big, MDGPU_ERR_TOO_LARGE, OFF(launch.gemm.m));
	/* The limits themselves are allowed. */
	accept(fill(0, MDGPU_MAX_XFER_LEN), big);
	accept(axpy(0, big / 2, MDGPU_MAX_ELEMS), big);
}

static void test_bad_grid(void **state)
{
	struct mdgpu_cmd c = gemm(MDGPU_KERNEL_GEMM_F32);

	c.launch.grid = 0;
	reject(c, MEM, MDGPU_ERR_BAD_GRID, OFF(launch.grid));
	c.launch.grid = MDGPU_MAX_GRID + 1;
	reject(c, MEM, MDGPU_ERR_BAD_GRID, OFF(launch.grid));
	c.launch.grid = ~0U;
	reject(c, MEM, MDGPU_ERR_BAD_GRID, OFF(launch.grid));
}

static void test_misaligned(void **state)
{
	struct mdgpu_cmd c;

	reject(fill(2, 4), MEM, MDGPU_ERR_MISALIGNED, OFF(fill.dst));
	reject(fill(0, 6), MEM, MDGPU_ERR_MISALIGNED, OFF(fill.len));
	reject(axpy(1, 0x100, 4), MEM, MDGPU_ERR_MISALIGNED,
	       OFF(launch.axpy.x));
	reject(axpy(0, 0x102, 4), MEM, MDGPU_ERR_MISALIGNED,
	       OFF(launch.axpy.y));
	reject(reduce(0, 0x81, 4), MEM, MDGPU_ERR_MISALIGNED,
	       OFF(launch.reduce.dst));
	reject(fence(MDGPU_FENCE_F_MEM, 1, 4), MEM, MDGPU_ERR_MISALIGNED,
	       OFF(fence.addr));
	reject(timestamp(0x84), MEM, MDGPU_ERR_MISALIGNED, OFF(timestamp.dst));
	c = gemm(MDGPU_KERNEL_GEMM_F32);
	c.launch.gemm.b = 0x1001;
	reject(c, MEM, MDGPU_ERR_MISALIGNED, OFF(launch.gemm.b));
	c = gemm(MDGPU_KERNEL_GEMM_I8);
	c.launch.gemm.c = 0x4002; /* s32 output keeps its alignment */
	reject(c, MEM, MDGPU_ERR_MISALIGNED, OFF(launch.gemm.c));
}

static void test_overflow(void **state)
{
	const u64 top = ~0ULL - 0xfff; /* 4-aligned, 4 KiB below 2^64 */
	struct mdgpu_cmd c;

	reject(fill(top, 0x2000), ~0ULL, MDGPU_ERR_OVERFLOW, OFF(fill.dst));
	reject(copy(0, top, 0x2000), ~0ULL, MDGPU_ERR_OVERFLOW, OFF(copy.src));
	reject(copy(top, 0, 0x2000), ~0ULL, MDGPU_ERR_OVERFLOW, OFF(copy.dst));
	reject(axpy(0, ~0ULL - 3, 2), ~0ULL, MDGPU_ERR_OVERFLOW,
	       OFF(launch.axpy.y));
	reject(timestamp(~0ULL - 7), ~0ULL, MDGPU_ERR_OVERFLOW,
	       OFF(timestamp.dst));
	reject(fence(MDGPU_FENCE_F_MEM, 1, ~0ULL - 7), ~0ULL,
	       MDGPU_ERR_OVERFLOW, OFF(fence.addr));
	c = gemm(MDGPU_KERNEL_GEMM_F32);
	c.launch.gemm.a = ~0ULL - 3;
	reject(c, ~0ULL, MDGPU_ERR_OVERFLOW, OFF(launch.gemm.a));
}

static void test_out_of_range(void **state)
{
	struct mdgpu_cmd c;

	reject(fill(MEM - 4, 8), MEM, MDGPU_ERR_OUT_OF_RANGE, OFF(fill.dst));
	reject(fill(MEM, 4), MEM, MDGPU_ERR_OUT_OF_RANGE, OFF(fill.dst));
	reject(copy(MEM - 1, 0, 2), MEM, MDGPU_ERR_OUT_OF_RANGE, OFF(copy.dst));
	reject(copy(0, MEM - 1, 2), MEM, MDGPU_ERR_OUT_OF_RANGE, OFF(copy.src));
	reject(reduce(MEM - 4, 0, 2), MEM, MDGPU_ERR_OUT_OF_RANGE,
	       OFF(launch.reduce.x));
	reject(reduce(0, MEM, 2), MEM, MDGPU_ERR_OUT_OF_RANGE,
	       OFF(launch.reduce.dst));
	reject(timestamp(MEM), MEM, MDGPU_ERR_OUT_OF_RANGE, OFF(timestamp.dst));
	reject(fence(MDGPU_FENCE_F_MEM, 1, MEM), MEM, MDGPU_ERR_OUT_OF_RANGE,
	       OFF(fence.addr));
	c = gemm(MDGPU_KERNEL_GEMM_F32);
	c.launch.gemm.c = MEM - 16 * 32 * 4 + 4;
	reject(c, MEM, MDGPU_ERR_OUT_OF_RANGE, OFF(launch.gemm.c));
	/* A vGPU with no memory can run nothing that touches memory. */
	reject(fill(0, 4), 0, MDGPU_ERR_OUT_OF_RANGE, OFF(fill.dst));
	accept(fence(0, 1, 0), 0);
}

static void test_overlap(void **state)
{
	struct mdgpu_cmd c;

	reject(copy(0x100, 0x100, 0x10), MEM, MDGPU_ERR_OVERLAP, OFF(copy.dst));
	reject(copy(0x100, 0x80, 0x81), MEM, MDGPU_ERR_OVERLAP, OFF(copy.dst));
	reject(copy(0x80, 0x100, 0x81), MEM, MDGPU_ERR_OVERLAP, OFF(copy.dst));
	reject(axpy(0, 4, 4), MEM, MDGPU_ERR_OVERLAP, OFF(launch.axpy.y));
	reject(reduce(0, 0x3c, 16), MEM, MDGPU_ERR_OVERLAP,
	       OFF(launch.reduce.dst));
	c = gemm(MDGPU_KERNEL_GEMM_F32);
	c.launch.gemm.c = 0x100; /* inside A */
	reject(c, MEM, MDGPU_ERR_OVERLAP, OFF(launch.gemm.c));
	c = gemm(MDGPU_KERNEL_GEMM_I8);
	c.launch.gemm.c = 0x1000 - 4; /* ends inside B */
	reject(c, MEM, MDGPU_ERR_OVERLAP, OFF(launch.gemm.c));
	c = launch(MDGPU_KERNEL_COPY, 1);
	c.launch.copy.dst = 8;
	c.launch.copy.src = 0;
	c.launch.copy.len = 9;
	reject(c, MEM, MDGPU_ERR_OVERLAP, OFF(launch.copy.dst));
}

static void test_bad_ld(void **state)
{
	struct mdgpu_cmd c = gemm(MDGPU_KERNEL_GEMM_F32);

	c.launch.gemm.lda = 7;
	reject(c, MEM, MDGPU_ERR_BAD_LD, OFF(launch.gemm.lda));
	c = gemm(MDGPU_KERNEL_GEMM_F32);
	c.launch.gemm.ldb = 31;
	reject(c, MEM, MDGPU_ERR_BAD_LD, OFF(launch.gemm.ldb));
	c = gemm(MDGPU_KERNEL_GEMM_I8);
	c.launch.gemm.ldc = 0;
	reject(c, MEM, MDGPU_ERR_BAD_LD, OFF(launch.gemm.ldc));
	c = gemm(MDGPU_KERNEL_GEMM_F32);
	c.launch.gemm.lda = MDGPU_GEMM_MAX_LD + 1;
	reject(c, 1ULL << 40, MDGPU_ERR_BAD_LD, OFF(launch.gemm.lda));
}

static void test_error_detail(void **state)
{
	struct mdgpu_cmd c = gemm(MDGPU_KERNEL_GEMM_I8);
	struct mdgpu_cmd_error err = { MDGPU_ERR_BAD_LD, OFF(launch.gemm.ldc) };

	assert_int_equal(mdgpu_cmd_error_detail(&c, &err),
			 MDGPU_OP_LAUNCH | MDGPU_KERNEL_GEMM_I8 << 8 |
				 OFF(launch.gemm.ldc) << 16);
	c = fill(0, 0);
	err.field = OFF(fill.len);
	assert_int_equal(mdgpu_cmd_error_detail(&c, &err),
			 MDGPU_OP_FILL | OFF(fill.len) << 16);
}

/* ---- ring configuration and pointers ---- */

static void test_ring_config(void **state)
{
	assert_int_equal(mdgpu_ring_validate_config(0, 2, MEM), 0);
	assert_int_equal(mdgpu_ring_validate_config(MEM - 4096 * 64, 4096, MEM),
			 0);
	assert_int_equal(mdgpu_ring_validate_config(0x40, 16, MEM), 0);
	assert_int_equal(mdgpu_ring_validate_config(0, 0, MEM), -EINVAL);
	assert_int_equal(mdgpu_ring_validate_config(0, 1, MEM), -EINVAL);
	assert_int_equal(mdgpu_ring_validate_config(0, 24, MEM), -EINVAL);
	assert_int_equal(mdgpu_ring_validate_config(0, 8192, MEM), -EINVAL);
	assert_int_equal(mdgpu_ring_validate_config(0x20, 16, MEM), -EINVAL);
	assert_int_equal(mdgpu_ring_validate_config(MEM - 64, 2, MEM), -ERANGE);
	assert_int_equal(mdgpu_ring_validate_config(~0ULL - 63, 2, ~0ULL),
			 -ERANGE);
	assert_int_equal(mdgpu_ring_validate_config(0, 2, 0), -ERANGE);
}

static void test_ring_pending(void **state)
{
	u32 n = 99;

	assert_int_equal(mdgpu_ring_pending(3, 3, 8, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(mdgpu_ring_pending(1, 5, 8, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(mdgpu_ring_pending(6, 2, 8, &n), 0); /* wrapped */
	assert_int_equal(n, 4);
	assert_int_equal(mdgpu_ring_pending(3, 2, 8, &n), 0); /* full */
	assert_int_equal(n, 7);
	assert_int_equal(mdgpu_ring_pending(0, 1, 2, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(mdgpu_ring_pending(0, 4095, 4096, &n), 0);
	assert_int_equal(n, MDGPU_FETCH_BATCH);
	assert_int_equal(
		mdgpu_ring_pending(10, 10 + MDGPU_FETCH_BATCH, 4096, &n), 0);
	assert_int_equal(n, MDGPU_FETCH_BATCH);
	assert_int_equal(
		mdgpu_ring_pending(10, 9 + MDGPU_FETCH_BATCH, 4096, &n), 0);
	assert_int_equal(n, MDGPU_FETCH_BATCH - 1);
}

static void test_ring_pending_bad(void **state)
{
	u32 n = 99;

	/* tail == size */
	assert_int_equal(mdgpu_ring_pending(0, 8, 8, &n), -EINVAL);
	assert_int_equal(n, 0);
	assert_int_equal(mdgpu_ring_pending(0, ~0U, 8, &n), -EINVAL);
	/* head == size */
	assert_int_equal(mdgpu_ring_pending(8, 0, 8, &n), -EINVAL);
	/* not a power of 2 */
	assert_int_equal(mdgpu_ring_pending(0, 1, 6, &n), -EINVAL);
	assert_int_equal(mdgpu_ring_pending(0, 0, 0, &n), -EINVAL);
	assert_int_equal(mdgpu_ring_pending(0, 0, 1, &n), -EINVAL);
}

static void test_ring_index(void **state)
{
	assert_int_equal(mdgpu_ring_next(6, 3, 8), 1);
	assert_int_equal(mdgpu_ring_next(7, 1, 8), 0);
	assert_int_equal(mdgpu_ring_next(0, 0, 8), 0);
	assert_int_equal(mdgpu_ring_next(4095, MDGPU_FETCH_BATCH, 4096),
			 MDGPU_FETCH_BATCH - 1);
	assert_int_equal(mdgpu_ring_entry_offset(0x1000, 8, 3),
			 0x1000 + 3 * 64);
	assert_int_equal(mdgpu_ring_entry_offset(0x1000, 8, 9), 0x1000 + 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nop),
		cmocka_unit_test(test_fill),
		cmocka_unit_test(test_fill_ends_at_memory_end),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_copy_adjacent),
		cmocka_unit_test(test_launch_spin),
		cmocka_unit_test(test_launch_fill_copy),
		cmocka_unit_test(test_launch_axpy),
		cmocka_unit_test(test_launch_gemm_f32),
		cmocka_unit_test(test_launch_gemm_strided),
		cmocka_unit_test(test_launch_gemm_i8),
		cmocka_unit_test(test_launch_reduce),
		cmocka_unit_test(test_fence),
		cmocka_unit_test(test_timestamp),
		cmocka_unit_test(test_bad_opcode),
		cmocka_unit_test(test_bad_flags),
		cmocka_unit_test(test_reserved_header),
		cmocka_unit_test(test_reserved_payload),
		cmocka_unit_test(test_reserved_fence_addr),
		cmocka_unit_test(test_bad_kernel),
		cmocka_unit_test(test_zero_size),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_bad_grid),
		cmocka_unit_test(test_misaligned),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_bad_ld),
		cmocka_unit_test(test_error_detail),
		cmocka_unit_test(test_ring_config),
		cmocka_unit_test(test_ring_pending),
		cmocka_unit_test(test_ring_pending_bad),
		cmocka_unit_test(test_ring_index),
	};

	return cmocka_run_group_tests_name("cmd_validate", tests, NULL, NULL);
}
