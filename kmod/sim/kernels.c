// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated GPU's compute kernels, one bounded-cost item at a time.
 * This is the only object of the modules built with SSE enabled (see the
 * top-level Kbuild), so every function here runs inside the executor's
 * kernel_fpu_begin() sections; the same file links into host tests.
 */
#include "kernels.h"

/* Accumulators per GEMM pass over K: small enough to stay in registers. */
/* clang-format off */
#define GEMM_COLS	16
/* clang-format on */

/*
 * REDUCE_SUM within an item: blocks of SUM_BLOCK elements summed in
 * SUM_LANES interleaved lanes (vectorizable, short dependency chains),
 * then the block sums added pairwise through a binary counter whose
 * level b holds the sum of 2^b blocks. Rounding error grows with the
 * depth of that tree, not with n.
 */
/* clang-format off */
#define SUM_LANES	8
#define SUM_BLOCK	64
#define SUM_LEVELS	11
/* clang-format on */

/*
 * Loads and stores go through memcpy: the guest's memory is any byte
 * array to the host test, and this keeps strict aliasing out of the way.
 * With a constant size the compiler emits plain moves.
 */
static float ld_f32(const u8 *p)
{
	float v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void st_f32(u8 *p, float v)
{
	memcpy(p, &v, sizeof(v));
}

static void st_u32(u8 *p, u32 v)
{
	memcpy(p, &v, sizeof(v));
}

static u64 min_u64(u64 a, u64 b)
{
	return a < b ? a : b;
}

/* [off, off + len) inside [0, size); an empty range always is. */
static bool range_fits(u64 off, u64 len, u64 size)
{
	u64 end;

	return !len || (!check_add_overflow(off, len, &end) && end <= size);
}

/* The same extent rule as the validator: ((rows - 1) * ld + cols) * esize. */
static bool matrix_fits(u64 off, u32 rows, u32 cols, u32 ld, u32 esize,
			u64 size)
{
	u64 len;

	if (!rows || !cols)
		return true;
	if (check_mul_overflow((u64)(rows - 1), (u64)ld, &len) ||
	    check_add_overflow(len, (u64)cols, &len) ||
	    check_mul_overflow(len, (u64)esize, &len))
		return false;
	return range_fits(off, len, size);
}

/*
 * Defense in depth: redo the bounds check against the memory we were
 * actually handed, from the very arguments the loops use. A descriptor
 * validated for another memory size (a resize race in a caller, a test
 * building one by hand) then does nothing instead of touching host memory.
 */
static bool work_fits(const struct mdgpu_work_desc *d, u64 size)
{
	const struct mdgpu_gemm_args *g = &d->gemm;
	u32 in_size = d->kind == MDGPU_WORK_GEMM_I8 ? 1 : sizeof(float);
	u64 axpy_len = (u64)d->axpy.n * sizeof(float);
	u64 reduce_len = (u64)d->reduce.n * sizeof(float);

	switch (d->kind) {
	case MDGPU_WORK_FILL:
		return range_fits(d->fill.dst, d->fill.len, size);
	case MDGPU_WORK_COPY:
		return range_fits(d->copy.src, d->copy.len, size) &&
		       range_fits(d->copy.dst, d->copy.len, size);
	case MDGPU_WORK_AXPY:
		return range_fits(d->axpy.x, axpy_len, size) &&
		       range_fits(d->axpy.y, axpy_len, size);
	case MDGPU_WORK_REDUCE_SUM:
		return range_fits(d->reduce.x, reduce_len, size) &&
		       range_fits(d->reduce.dst, sizeof(float), size);
	case MDGPU_WORK_GEMM_F32:
	case MDGPU_WORK_GEMM_I8:
		return matrix_fits(g->a, g->m, g->k, g->lda, in_size, size) &&
		       matrix_fits(g->b, g->k, g->n, g->ldb, in_size, size) &&
		       matrix_fits(g->c, g->m, g->n, g->ldc, sizeof(u32), size);
	default:
		return false;
	}
}

static void fill_item(const struct mdgpu_fill_args *f, u8 *mem, u64 t)
{
	u64 off = t * MDGPU_KERN_FILL_ITEM_BYTES;
	u64 len = min_u64(MDGPU_KERN_FILL_ITEM_BYTES, f->len - off);
	u8 *p = mem + f->dst + off;
	u64 i;

	/* len is a multiple of 4 (validated); a ragged tail is left alone. */
	for (i = 0; i + sizeof(u32) <= len; i += sizeof(u32))
		st_u32(p + i, f->pattern);
}

static void copy_item(const struct mdgpu_copy_args *c, u8 *mem, u64 t)
{
	u64 off = t * MDGPU_KERN_COPY_ITEM_BYTES;

	memcpy(mem + c->dst + off, mem + c->src + off,
	       min_u64(MDGPU_KERN_COPY_ITEM_BYTES, c->len - off));
}

/* x == y is allowed: each element is loaded before it is stored. */
static void axpy_item(const struct mdgpu_axpy_args *ax, u8 *mem, u64 t)
{
	u64 e0 = t * MDGPU_KERN_AXPY_ITEM_ELEMS;
	u64 n = min_u64(MDGPU_KERN_AXPY_ITEM_ELEMS, ax->n - e0);
	const u8 *x = mem + ax->x + e0 * sizeof(float);
	u8 *y = mem + ax->y + e0 * sizeof(float);
	float a;
	u64 i;

	memcpy(&a, &ax->a_bits, sizeof(a));
	for (i = 0; i < n; i++) {
		u64 o = i * sizeof(float);

		st_f32(y + o, a * ld_f32(x + o) + ld_f32(y + o));
	}
}

/* Up to SUM_BLOCK elements, lane i taking elements i, i + 8, ... */
static float sum_block(const u8 *x, u32 n)
{
	float l[SUM_LANES] = { 0 };
	u32 e = 0, i;

	for (; e + SUM_LANES <= n; e += SUM_LANES)
		for (i = 0; i < SUM_LANES; i++)
			l[i] += ld_f32(x + (e + i) * sizeof(float));
	for (i = 0; e + i < n; i++)
		l[i] += ld_f32(x + (e + i) * sizeof(float));
	return ((l[0] + l[1]) + (l[2] + l[3])) +
	       ((l[4] + l[5]) + (l[6] + l[7]));
}

static float sum_chunk(const u8 *x, u32 n)
{
	float lvl[SUM_LEVELS], s;
	u32 blocks = 0, off, b;

	BUILD_BUG_ON(MDGPU_KERN_REDUCE_ITEM_ELEMS / SUM_BLOCK >
		     1U << (SUM_LEVELS - 1));
	for (off = 0; off < n; off += SUM_BLOCK) {
		s = sum_block(x + off * sizeof(float),
			      min_u64(SUM_BLOCK, n - off));
		/* Carry: merge equal-sized sums, as in a binary increment. */
		for (b = 0; blocks & (1U << b); b++)
			s = lvl[b] + s;
		lvl[b] = s;
		blocks++;
	}
	s = 0.0f;
	for (b = 0; b < SUM_LEVELS; b++)
		if (blocks & (1U << b))
			s = lvl[b] + s;
	return s;
}

static void reduce_item(const struct mdgpu_reduce_args *r, u8 *mem, u64 t,
			u8 *state)
{
	u64 e0 = t * MDGPU_KERN_REDUCE_ITEM_ELEMS;
	u32 n = min_u64(MDGPU_KERN_REDUCE_ITEM_ELEMS, r->n - e0);

	st_f32(state + t * sizeof(float),
	       sum_chunk(mem + r->x + e0 * sizeof(float), n));
}

/*
 * One k step for GEMM_COLS columns. The constant trip count lets the
 * compiler keep the accumulators in SSE registers and use packed
 * multiplies and adds, lane by lane, so the rounding is the same as in
 * the scalar loop for a ragged last block.
 */
static void madd_f32_full(float *acc, float aik, const u8 *brow)
{
	u32 j;

	for (j = 0; j < GEMM_COLS; j++)
		acc[j] += aik * ld_f32(brow + j * sizeof(float));
}

/*
 * C[i][j0 .. j0 + nj), nj <= GEMM_COLS, in one pass over K. Each element
 * is a plain k = 0 .. K-1 sum, whatever the item or pass boundaries.
 */
static void gemm_f32_cols(const struct mdgpu_gemm_args *g, u8 *mem, u32 i,
			  u32 j0, u32 nj)
{
	const u8 *a = mem + g->a + (u64)i * g->lda * sizeof(float);
	const u8 *b = mem + g->b + (u64)j0 * sizeof(float);
	u8 *c = mem + g->c + ((u64)i * g->ldc + j0) * sizeof(float);
	u64 ldb = (u64)g->ldb * sizeof(float);
	float acc[GEMM_COLS] = { 0 };
	u32 j, k;

	if (nj == GEMM_COLS) {
		for (k = 0; k < g->k; k++)
			madd_f32_full(acc, ld_f32(a + (u64)k * sizeof(float)),
				      b + k * ldb);
	} else {
		for (k = 0; k < g->k; k++) {
			float aik = ld_f32(a + (u64)k * sizeof(float));

			for (j = 0; j < nj; j++)
				acc[j] += aik * ld_f32(b + k * ldb +
						       j * sizeof(float));
		}
	}
	for (j = 0; j < nj; j++)
		st_f32(c + j * sizeof(float), acc[j]);
}

/*
 * One k step over GEMM_COLS columns of s8. |a * b| <= 2^14 fits in 16
 * bits, so the compiler can use packed 16-bit multiplies (SSE2 has no
 * packed 32-bit one) before widening into the 32-bit sums: 2.5 times
 * faster than the generic loop below.
 */
static void madd_i8_full(u32 *acc, int aik, const u8 *brow)
{
	u32 j;

	for (j = 0; j < GEMM_COLS; j++)
		acc[j] += (u32)(short)(aik * (signed char)brow[j]);
}

/* s8 operands have no alignment; unsigned sums give defined wrap-around. */
static void gemm_i8_cols(const struct mdgpu_gemm_args *g, u8 *mem, u32 i,
			 u32 j0, u32 nj)
{
	const u8 *a = mem + g->a + (u64)i * g->lda;
	const u8 *b = mem + g->b + j0;
	u8 *c = mem + g->c + ((u64)i * g->ldc + j0) * sizeof(u32);
	u32 acc[GEMM_COLS];
	u32 j, k;

	for (j = 0; j < nj; j++)
		acc[j] = 0;
	for (k = 0; k < g->k; k++) {
		const u8 *brow = b + (u64)k * g->ldb;
		int aik = (signed char)a[k];

		if (nj == GEMM_COLS) {
			madd_i8_full(acc, aik, brow);
			continue;
		}
		for (j = 0; j < nj; j++)
			acc[j] += (u32)(aik * (signed char)brow[j]);
	}
	for (j = 0; j < nj; j++)
		st_u32(c + j * sizeof(u32), acc[j]);
}

/*
 * Items go down the rows of one column block before moving to the next,
 * so that a batch of consecutive items reuses the same K x cols panel of
 * B from the cache instead of striding through all of B once per item.
 */
static void gemm_item(const struct mdgpu_work_desc *d, u8 *mem, u64 t)
{
	const struct mdgpu_gemm_args *g = &d->gemm;
	u32 cols = mdgpu_kern_gemm_cols(d);
	u64 i, j, end;

	if (!g->m)
		return;
	i = t % g->m;
	j = t / g->m * cols;
	end = min_u64(j + cols, g->n);
	for (; j < end; j += GEMM_COLS) {
		u32 nj = min_u64(GEMM_COLS, end - j);

		if (d->kind == MDGPU_WORK_GEMM_F32)
			gemm_f32_cols(g, mem, i, j, nj);
		else
			gemm_i8_cols(g, mem, i, j, nj);
	}
}

static void run_item(const struct mdgpu_work_desc *d, u8 *mem, u64 t, u8 *state)
{
	switch (d->kind) {
	case MDGPU_WORK_FILL:
		fill_item(&d->fill, mem, t);
		break;
	case MDGPU_WORK_COPY:
		copy_item(&d->copy, mem, t);
		break;
	case MDGPU_WORK_AXPY:
		axpy_item(&d->axpy, mem, t);
		break;
	case MDGPU_WORK_REDUCE_SUM:
		reduce_item(&d->reduce, mem, t, state);
		break;
	case MDGPU_WORK_GEMM_F32:
	case MDGPU_WORK_GEMM_I8:
		gemm_item(d, mem, t);
		break;
	}
}

/* See kernels.h for the contract. */
void mdgpu_kern_run(const struct mdgpu_work_desc *d, u8 *mem, u64 mem_size,
		    u64 first, u64 count, void *state)
{
	u64 items = mdgpu_kern_items(d);
	u64 end, t;

	if (first >= items || !work_fits(d, mem_size))
		return;
	if (d->kind == MDGPU_WORK_REDUCE_SUM && !state)
		return;
	end = first + min_u64(count, items - first);
	for (t = first; t < end; t++)
		run_item(d, mem, t, state);
}

/* See kernels.h for the contract. */
void mdgpu_kern_finish(const struct mdgpu_work_desc *d, u8 *mem, u64 mem_size,
		       void *state)
{
	u64 items, step, i;
	u8 *s = state;

	if (d->kind != MDGPU_WORK_REDUCE_SUM || !s || !work_fits(d, mem_size))
		return;
	items = mdgpu_kern_items(d);
	/* In place: after the pass with step w, s[i], i % 2w == 0, sums 2w. */
	for (step = 1; step < items; step *= 2) {
		for (i = 0; i + step < items; i += 2 * step) {
			u8 *lo = s + i * sizeof(float);
			u8 *hi = s + (i + step) * sizeof(float);

			st_f32(lo, ld_f32(lo) + ld_f32(hi));
		}
	}
	st_f32(mem + d->reduce.dst, ld_f32(s));
}
