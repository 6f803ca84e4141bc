// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host tests of the sim GPU's compute kernels (kmod/sim/kernels.c, the same
 * source as in mdgpu_sim.ko) against naive references written here: exact
 * for FILL, COPY and GEMM_I8; for f32, a double-precision reference and the
 * error bounds kernels.h documents. Descriptors come from the real command
 * validator. Every run checks that no byte outside the outputs changed, and
 * that any split of the items into batches, in any order, gives the same bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kmod/sim/kernels.h"

/* Unit roundoff of binary32, the u of the documented error bounds. */
#define F32_U 0x1p-24
#define KIB 1024U

/* ---- seeded PRNG (xorshift64*) ---- */

struct rng {
	u64 s;
};

static u64 rnd(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dULL;
}

static u64 rnd_below(struct rng *r, u64 n)
{
	return rnd(r) % n;
}

/* Uniform in [-1, 1), exactly representable. */
static float rnd_f32(struct rng *r)
{
	return (float)((double)(rnd(r) >> 40) * 0x1p-23 - 1.0);
}

static void rnd_bytes(struct rng *r, u8 *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (u8)(rnd(r) >> 56);
}

static float ldf(const u8 *p)
{
	float v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void stf(u8 *p, float v)
{
	memcpy(p, &v, sizeof(v));
}

static u32 ldu(const u8 *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static u32 f32_bits(float f)
{
	u32 b;

	memcpy(&b, &f, sizeof(b));
	return b;
}

/* ---- memory under test: bytes, a snapshot, which bytes may change ---- */

struct arena {
	u8 *mem;
	u8 *before;
	u8 *may_change;
	u64 size;
};

static void arena_init(struct arena *a, u64 size, struct rng *r)
{
	a->size = size;
	a->mem = malloc(size);
	a->before = malloc(size);
	a->may_change = calloc(size, 1);
	assert_non_null(a->mem);
	assert_non_null(a->before);
	assert_non_null(a->may_change);
	rnd_bytes(r, a->mem, size);
}

static void arena_free(struct arena *a)
{
	free(a->mem);
	free(a->before);
	free(a->may_change);
}

/* Remember the bytes as they are now; no byte may change yet. */
static void arena_snapshot(struct arena *a)
{
	memcpy(a->before, a->mem, a->size);
	memset(a->may_change, 0, a->size);
}

static void arena_allow(struct arena *a, u64 off, u64 len)
{
	memset(a->may_change + off, 1, len);
}

/* Canaries: everything outside the declared outputs is as before. */
static void arena_check_untouched(const struct arena *a)
{
	u64 i;

	for (i = 0; i < a->size; i++)
		if (!a->may_change[i] && a->mem[i] != a->before[i])
			fail_msg("byte %llu outside the outputs changed",
				 (unsigned long long)i);
}

/* Next offset at or after *cur with a random 0..@slack byte gap, aligned. */
static u64 place(u64 *cur, u64 len, u64 align, u64 slack, struct rng *r)
{
	u64 off = *cur + rnd_below(r, slack + 1);

	off = (off + align - 1) / align * align;
	*cur = off + len;
	return off;
}

/* ---- descriptors through the real validator ---- */

static void validate(const struct mdgpu_cmd *cmd, u64 mem_size,
		     struct mdgpu_work_desc *d)
{
	struct mdgpu_cmd_error err;

	if (mdgpu_cmd_validate(cmd, mem_size, d, &err))
		fail_msg("validator rejected op %u kernel %u: error %u byte %u",
			 cmd->opcode, cmd->launch.kernel, err.code, err.field);
}

static struct mdgpu_cmd launch_cmd(u16 kernel, u32 grid)
{
	struct mdgpu_cmd c;

	memset(&c, 0, sizeof(c));
	c.opcode = MDGPU_OP_LAUNCH;
	c.launch.kernel = kernel;
	c.launch.grid = grid;
	return c;
}

/* ---- running a work the way the executor may ---- */

enum order {
	IN_ORDER, /* one call for all items */
	BATCHES, /* random batch sizes, batches in random order */
	REVERSED, /* one item per call, last item first */
	NR_ORDERS
};

struct batch {
	u64 first;
	u64 count;
};

static void run_batches(const struct mdgpu_work_desc *d, u8 *mem, u64 size,
			u64 items, void *state, struct rng *r)
{
	struct batch *b = malloc(items * sizeof(*b));
	u64 nr = 0, t = 0, i;

	assert_non_null(b);
	while (t < items) {
		u64 n = 1 + rnd_below(r, items / 3 + 1);

		if (n > items - t)
			n = items - t;
		b[nr].first = t;
		b[nr++].count = n;
		t += n;
	}
	for (i = nr; i > 1; i--) {
		u64 j = rnd_below(r, i);
		struct batch tmp = b[i - 1];

		b[i - 1] = b[j];
		b[j] = tmp;
	}
	for (i = 0; i < nr; i++)
		mdgpu_kern_run(d, mem, size, b[i].first, b[i].count, state);
	free(b);
}

static void execute(const struct mdgpu_work_desc *d, struct arena *a,
		    enum order o, struct rng *r)
{
	u64 items = mdgpu_kern_items(d);
	size_t ssize = mdgpu_kern_state_size(d);
	u8 *state = NULL;
	u64 t;

	assert_true(items >= 1);
	assert_true(ssize <= MDGPU_KERN_STATE_MAX);
	if (ssize) {
		/* Garbage on purpose: the contract says no initialization. */
		state = malloc(ssize);
		assert_non_null(state);
		rnd_bytes(r, state, ssize);
	}
	switch (o) {
	case IN_ORDER:
		mdgpu_kern_run(d, a->mem, a->size, 0, items, state);
		break;
	case BATCHES:
		run_batches(d, a->mem, a->size, items, state, r);
		break;
	default:
		for (t = items; t-- > 0;)
			mdgpu_kern_run(d, a->mem, a->size, t, 1, state);
		break;
	}
	mdgpu_kern_finish(d, a->mem, a->size, state);
	free(state);
}

/* ---- FILL ---- */

static void check_fill(const struct mdgpu_cmd *cmd,
		       const struct mdgpu_fill_args *f, struct arena *a,
		       enum order o, struct rng *r)
{
	struct mdgpu_work_desc d;
	u64 i;

	validate(cmd, a->size, &d);
	arena_snapshot(a);
	arena_allow(a, f->dst, f->len);
	execute(&d, a, o, r);
	for (i = 0; i < f->len; i++)
		if (a->mem[f->dst + i] != (u8)(f->pattern >> (8 * (i % 4))))
			fail_msg("fill len %llu: byte %llu wrong",
				 (unsigned long long)f->len,
				 (unsigned long long)i);
	arena_check_untouched(a);
}

static void test_fill(void **unused)
{
	/* clang-format off */
	static const u64 lens[] = { 4, 8, 60, 4 * 1021, 256 * KIB - 4, 256 * KIB,
				    256 * KIB + 4, 3 * 256 * KIB + 12 };
	/* clang-format on */
	struct rng r = { 0x1f111 };
	struct arena a;
	size_t i;

	arena_init(&a, 1100 * KIB, &r);
	for (i = 0; i < 2 * ARRAY_SIZE(lens); i++) {
		struct mdgpu_fill_args f = {
			.len = lens[i % ARRAY_SIZE(lens)],
			.pattern = (u32)rnd(&r),
		};
		struct mdgpu_cmd cmd;

		f.dst = rnd_below(&r, (a.size - f.len) / 4) * 4;
		/* The FILL command and the fill kernel share one descriptor kind. */
		if (i & 1) {
			cmd = launch_cmd(MDGPU_KERNEL_FILL,
					 1 + rnd_below(&r, MDGPU_MAX_GRID));
			cmd.launch.fill = f;
		} else {
			memset(&cmd, 0, sizeof(cmd));
			cmd.opcode = MDGPU_OP_FILL;
			cmd.fill = f;
		}
		check_fill(&cmd, &f, &a, i % NR_ORDERS, &r);
	}
	arena_free(&a);
}

/* ---- COPY ---- */

static void test_copy(void **unused)
{
	/* clang-format off */
	static const u64 lens[] = { 1, 3, 127, 4093, 128 * KIB - 1, 128 * KIB,
				    128 * KIB + 1, 5 * 128 * KIB + 77 };
	/* clang-format on */
	struct rng r = { 0xc0b1 };
	struct arena a;
	size_t i;

	arena_init(&a, 1400 * KIB, &r);
	for (i = 0; i < 2 * ARRAY_SIZE(lens); i++) {
		u64 len = lens[i % ARRAY_SIZE(lens)], cur = 0;
		struct mdgpu_cmd cmd = launch_cmd(MDGPU_KERNEL_COPY, 7);
		struct mdgpu_work_desc d;
		u64 src, dst;

		/* Byte-granular and in either order: COPY has no alignment rule. */
		src = place(&cur, len, 1, 4096, &r);
		dst = place(&cur, len, 1, 4096, &r);
		if (i & 1) {
			u64 t = src;

			src = dst;
			dst = t;
		}
		cmd.launch.copy.dst = dst;
		cmd.launch.copy.src = src;
		cmd.launch.copy.len = len;
		validate(&cmd, a.size, &d);
		rnd_bytes(&r, a.mem, a.size);
		arena_snapshot(&a);
		arena_allow(&a, dst, len);
		execute(&d, &a, i % NR_ORDERS, &r);
		assert_memory_equal(a.mem + dst, a.before + src, len);
		arena_check_untouched(&a);
	}
	arena_free(&a);
}

/* ---- AXPY ---- */

static void check_axpy(u32 n, float alpha, bool alias, enum order o,
		       struct rng *r)
{
	u64 cur = 64, bytes = (u64)n * 4, x, y, i;
	struct mdgpu_cmd cmd =
		launch_cmd(MDGPU_KERNEL_AXPY, 1 + rnd_below(r, 64));
	struct mdgpu_work_desc d;
	struct arena a;

	x = place(&cur, bytes, 4, 256, r);
	y = alias ? x : place(&cur, bytes, 4, 256, r);
	arena_init(&a, cur + 64 + rnd_below(r, 64), r);
	for (i = 0; i < n; i++)
		stf(a.mem + x + i * 4, rnd_f32(r));
	for (i = 0; !alias && i < n; i++)
		stf(a.mem + y + i * 4, rnd_f32(r));
	cmd.launch.axpy = (struct mdgpu_axpy_args){
		.x = x,
		.y = y,
		.n = n,
		.a_bits = f32_bits(alpha),
	};
	validate(&cmd, a.size, &d);
	arena_snapshot(&a);
	arena_allow(&a, y, bytes);
	execute(&d, &a, o, r);
	for (i = 0; i < n; i++) {
		double xv = ldf(a.before + x + i * 4),
		       yv = ldf(a.before + y + i * 4);
		double ref = (double)alpha * xv + yv,
		       got = ldf(a.mem + y + i * 4);
		/* Two roundings: fl(fl(a * x) + y). */
		double tol = 2 * F32_U * (fabs((double)alpha * xv) + fabs(yv));

		if (!(fabs(got - ref) <= tol))
			fail_msg("axpy n %u elem %llu: got %.9g want %.9g", n,
				 (unsigned long long)i, got, ref);
	}
	arena_check_untouched(&a);
	arena_free(&a);
}

static void test_axpy(void **unused)
{
	/* clang-format off */
	static const u32 ns[] = { 1, 2, 7, 13, 16383, 16384, 16385,
				  3 * 16384 + 101, 100003 };
	/* clang-format on */
	static const float alphas[] = { 0.0f, -1.0f, 2.5f, 1e-3f };
	struct rng r = { 0xa8b1 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ns); i++) {
		check_axpy(ns[i], alphas[i % ARRAY_SIZE(alphas)], false,
			   i % NR_ORDERS, &r);
		check_axpy(ns[i], rnd_f32(&r) * 8, true, (i + 1) % NR_ORDERS,
			   &r);
	}
}

/* ---- GEMM ---- */

struct gemm_shape {
	u32 m, n, k;
	/* How much each leading dimension exceeds its row length. */
	u32 lda_pad, ldb_pad, ldc_pad;
};

static const struct gemm_shape gemm_shapes[] = {
	{ 1, 1, 1, 0, 0, 0 },
	{ 1, 1, 1, 3, 5, 7 },
	{ 1, 17, 1, 0, 0, 0 },
	{ 5, 1, 3, 0, 2, 1 },
	{ 1, 1, 1031, 0, 0, 0 },
	{ 7, 13, 17, 0, 0, 0 },
	{ 17, 33, 65, 1, 3, 2 },
	/* 64 columns per item: 2 items per row */
	{ 3, 67, 1021, 5, 0, 9 },
	/* 15 columns per item, a ragged last one */
	{ 2, 61, 4099, 0, 1, 3 },
	/* whole rows per item, 9 passes of 16 columns */
	{ 31, 129, 8, 2, 7, 1 },
	/* the largest K: 8 columns per item */
	{ 4, 9, 8192, 0, 0, 5 },
};

struct gemm_layout {
	struct mdgpu_gemm_args g;
	u32 esize; /* A and B element size: 4 (f32) or 1 (s8) */
};

static u64 extent(u32 rows, u32 cols, u32 ld, u32 esize)
{
	return ((u64)(rows - 1) * ld + cols) * esize;
}

/* Random placement; @skew makes s8 operands start at odd addresses. */
static u64 gemm_place(const struct gemm_shape *s, struct gemm_layout *l,
		      bool skew, struct rng *r)
{
	struct mdgpu_gemm_args *g = &l->g;
	u32 ealign = l->esize == 1 ? 1 : 4;
	u64 cur = 64;

	g->m = s->m;
	g->n = s->n;
	g->k = s->k;
	g->lda = s->k + s->lda_pad;
	g->ldb = s->n + s->ldb_pad;
	g->ldc = s->n + s->ldc_pad;
	g->a = place(&cur, extent(g->m, g->k, g->lda, l->esize), ealign, 64, r);
	if (skew) {
		cur += 1 - (g->a & 1);
		g->a |= 1;
	}
	g->b = place(&cur, extent(g->k, g->n, g->ldb, l->esize), ealign, 64, r);
	if (skew) {
		cur += 3 - (g->b & 3);
		g->b |= 3;
	}
	g->c = place(&cur, extent(g->m, g->n, g->ldc, 4), 4, 64, r);
	return cur + 64 + rnd_below(r, 64);
}

static void gemm_setup(struct arena *a, const struct gemm_layout *l,
		       bool extreme, struct rng *r)
{
	const struct mdgpu_gemm_args *g = &l->g;
	u64 i, j;

	for (i = 0; i < g->m; i++)
		for (j = 0; j < g->k; j++) {
			u8 *p = a->mem + g->a + (i * g->lda + j) * l->esize;

			if (l->esize == 4)
				stf(p, rnd_f32(r));
			else
				*p = extreme ? 0x80 : (u8)rnd(r);
		}
	for (i = 0; i < g->k; i++)
		for (j = 0; j < g->n; j++) {
			u8 *p = a->mem + g->b + (i * g->ldb + j) * l->esize;

			if (l->esize == 4)
				stf(p, rnd_f32(r));
			else
				*p = extreme ? 0x80 : (u8)rnd(r);
		}
	arena_snapshot(a);
	for (i = 0; i < g->m; i++)
		arena_allow(a, g->c + i * g->ldc * 4, (u64)g->n * 4);
}

/* f32: |C - exact| <= (K + 1) u sum |a b|, with the sum in double. */
static void gemm_f32_elem(const struct arena *a,
			  const struct mdgpu_gemm_args *g, u64 i, u64 j)
{
	const u8 *arow = a->before + g->a + i * g->lda * 4;
	const u8 *bcol = a->before + g->b + j * 4;
	double ref = 0, mag = 0, got;
	u64 k;

	for (k = 0; k < g->k; k++) {
		double p =
			(double)ldf(arow + k * 4) * ldf(bcol + k * g->ldb * 4);

		ref += p;
		mag += fabs(p);
	}
	got = ldf(a->mem + g->c + (i * g->ldc + j) * 4);
	if (!(fabs(got - ref) <= (g->k + 1) * F32_U * mag))
		fail_msg("f32 %ux%ux%u C[%d][%d]: %.9g, want %.9g", g->m, g->n,
			 g->k, (int)i, (int)j, got, ref);
}

/* s8: exact, the 64-bit sum truncated to 32 bits (two's complement wrap). */
static void gemm_i8_elem(const struct arena *a, const struct mdgpu_gemm_args *g,
			 u64 i, u64 j)
{
	const u8 *arow = a->before + g->a + i * g->lda;
	const u8 *bcol = a->before + g->b + j;
	int64_t ref = 0;
	u32 got;
	u64 k;

	for (k = 0; k < g->k; k++)
		ref += (int64_t)(int8_t)arow[k] * (int8_t)bcol[k * g->ldb];
	got = ldu(a->mem + g->c + (i * g->ldc + j) * 4);
	if (got != (u32)(uint64_t)ref)
		fail_msg("i8 %ux%ux%u C[%d][%d]: %d, want %lld", g->m, g->n,
			 g->k, (int)i, (int)j, (int)got, (long long)ref);
}

static void check_gemm(const struct gemm_shape *s, bool i8, bool skew,
		       bool extreme, enum order o, struct rng *r)
{
	struct gemm_layout l = { .esize = i8 ? 1 : 4 };
	struct mdgpu_cmd cmd;
	struct mdgpu_work_desc d;
	struct arena a;
	u64 i, j;

	arena_init(&a, gemm_place(s, &l, skew, r), r);
	cmd = launch_cmd(i8 ? MDGPU_KERNEL_GEMM_I8 : MDGPU_KERNEL_GEMM_F32,
			 1 + rnd_below(r, MDGPU_MAX_GRID));
	cmd.launch.gemm = l.g;
	validate(&cmd, a.size, &d);
	gemm_setup(&a, &l, extreme, r);
	execute(&d, &a, o, r);
	for (i = 0; i < l.g.m; i++)
		for (j = 0; j < l.g.n; j++)
			(i8 ? gemm_i8_elem : gemm_f32_elem)(&a, &l.g, i, j);
	/* Also covers the gap bytes between rows of C when ldc > N. */
	arena_check_untouched(&a);
	arena_free(&a);
}

static void test_gemm_f32(void **unused)
{
	struct rng r = { 0x6e33f };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(gemm_shapes); i++)
		check_gemm(&gemm_shapes[i], false, false, false, i % NR_ORDERS,
			   &r);
}

static void test_gemm_i8(void **unused)
{
	/* K = 4096 gives 16-column items, the packed path; 8192 gives 8. */
	static const struct gemm_shape big[] = {
		{ 2, 35, 4096, 1, 0, 1 },
		{ 2, 11, 8192, 1, 0, 1 },
	};
	struct rng r = { 0x6e318 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(gemm_shapes); i++) {
		check_gemm(&gemm_shapes[i], true, false, false, i % NR_ORDERS,
			   &r);
		check_gemm(&gemm_shapes[i], true, true, false,
			   (i + 1) % NR_ORDERS, &r);
	}
	/* -128 * -128 over the largest K: the largest sum the spec allows, 2^27. */
	for (i = 0; i < ARRAY_SIZE(big); i++)
		check_gemm(&big[i], true, true, true, BATCHES, &r);
}

/* ---- REDUCE_SUM ---- */

/* 0: uniform in [-1, 1); 1: 0.1f; 2: magnitudes from 2^-20 to 2^20. */
static float reduce_input(int dist, struct rng *r)
{
	switch (dist) {
	case 0:
		return rnd_f32(r);
	case 1:
		return 0.1f;
	default:
		return rnd_f32(r) * ldexpf(1.0f, (int)rnd_below(r, 40) - 20);
	}
}

static void check_reduce(u32 n, int dist, enum order o, struct rng *r)
{
	u64 cur = 64, x, dst, i;
	struct mdgpu_cmd cmd =
		launch_cmd(MDGPU_KERNEL_REDUCE_SUM, 1 + rnd_below(r, 16));
	struct mdgpu_work_desc d;
	double ref = 0, mag = 0, got;
	struct arena a;

	x = place(&cur, (u64)n * 4, 4, 256, r);
	dst = place(&cur, 4, 4, 256, r);
	arena_init(&a, cur + 64, r);
	for (i = 0; i < n; i++) {
		float v = reduce_input(dist, r);

		stf(a.mem + x + i * 4, v);
		ref += v;
		mag += fabs(v);
	}
	cmd.launch.reduce.x = x;
	cmd.launch.reduce.dst = dst;
	cmd.launch.reduce.n = n;
	validate(&cmd, a.size, &d);
	arena_snapshot(&a);
	arena_allow(&a, dst, 4);
	execute(&d, &a, o, r);
	got = ldf(a.mem + dst);
	/* kernels.h: |sum - exact| <= 48 u sum |x|. */
	if (!(fabs(got - ref) <= 48 * F32_U * mag))
		fail_msg("reduce n %u: got %.9g want %.9g (sum |x| %.9g)", n,
			 got, ref, mag);
	arena_check_untouched(&a);
	arena_free(&a);
}

static void test_reduce_sum(void **unused)
{
	/* clang-format off */
	static const u32 ns[] = { 1, 2, 7, 8, 9, 63, 64, 65, 1021, 65535, 65536,
				  65537, 2 * 65536 + 7, 3 * 65536 + 1,
				  4 * 65536 + 1, 1000003 };
	/* clang-format on */
	struct rng r = { 0x5ed };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ns); i++)
		check_reduce(ns[i], i % 3, i % NR_ORDERS, &r);
	/* 2^21 times 0.1f, where a plain sequential f32 sum is off by 1.7%. */
	check_reduce(1U << 21, 1, BATCHES, &r);
}

/* Same input, any item order: the same bits (the order is fixed by n alone). */
static void test_reduce_sum_deterministic(void **unused)
{
	struct rng r = { 0xde7 };
	const u32 n = 5 * 65536 + 4321;
	float first = 0, got;
	int run;

	for (run = 0; run < 6; run++) {
		/* The same data every run, a new order every run. */
		struct rng same = { 0x1234 };
		struct rng order = { rnd(&r) };
		u64 cur = 0, x, dst, i;
		struct mdgpu_cmd cmd =
			launch_cmd(MDGPU_KERNEL_REDUCE_SUM, 1 + run * 100);
		struct mdgpu_work_desc d;
		struct arena a;

		x = place(&cur, (u64)n * 4, 4, 0, &same);
		dst = place(&cur, 4, 4, 0, &same);
		arena_init(&a, cur, &same);
		for (i = 0; i < n; i++)
			stf(a.mem + x + i * 4, rnd_f32(&same) * 1000);
		cmd.launch.reduce.x = x;
		cmd.launch.reduce.dst = dst;
		cmd.launch.reduce.n = n;
		validate(&cmd, a.size, &d);
		execute(&d, &a, run % NR_ORDERS, &order);
		got = ldf(a.mem + dst);
		if (!run)
			first = got;
		assert_int_equal(f32_bits(got), f32_bits(first));
		arena_free(&a);
	}
}

/* ---- properties over all kinds ---- */

/* One random valid work of @kernel in @size bytes (inputs random). */
static void random_work(u16 kernel, u64 size, struct rng *r,
			struct mdgpu_cmd *cmd)
{
	u64 half;

	*cmd = launch_cmd(kernel, 1 + rnd_below(r, MDGPU_MAX_GRID));
	switch (kernel) {
	case MDGPU_KERNEL_FILL:
		cmd->launch.fill.len = 4 * (1 + rnd_below(r, size / 8));
		cmd->launch.fill.dst =
			4 * rnd_below(r, (size - cmd->launch.fill.len) / 4);
		cmd->launch.fill.pattern = (u32)rnd(r);
		break;
	case MDGPU_KERNEL_COPY:
		half = size / 2;
		cmd->launch.copy.len = 1 + rnd_below(r, half - 1);
		cmd->launch.copy.src =
			rnd_below(r, half - cmd->launch.copy.len);
		cmd->launch.copy.dst =
			half + rnd_below(r, half - cmd->launch.copy.len);
		break;
	case MDGPU_KERNEL_AXPY:
		cmd->launch.axpy.n = 1 + rnd_below(r, size / 8 - 1);
		cmd->launch.axpy.x = 0;
		cmd->launch.axpy.y = 4 * rnd_below(r, 2) * (size / 8);
		cmd->launch.axpy.a_bits = f32_bits(rnd_f32(r));
		break;
	case MDGPU_KERNEL_REDUCE_SUM:
		cmd->launch.reduce.n = 1 + rnd_below(r, size / 4 - 2);
		cmd->launch.reduce.x = 0;
		cmd->launch.reduce.dst = size - 4;
		break;
	default: {
		struct gemm_shape s = {
			.m = 1 + rnd_below(r, 9),
			.n = 1 + rnd_below(r, 90),
			.k = 1 + rnd_below(r, 3000),
			.lda_pad = rnd_below(r, 3),
			.ldb_pad = rnd_below(r, 3),
			.ldc_pad = rnd_below(r, 3),
		};
		struct gemm_layout l = {
			.esize = kernel == MDGPU_KERNEL_GEMM_I8 ? 1 : 4
		};

		while (gemm_place(&s, &l, l.esize == 1, r) > size)
			s.k /= 2;
		cmd->launch.gemm = l.g;
		break;
	}
	}
}

static const u16 all_kernels[] = {
	MDGPU_KERNEL_FILL,	 MDGPU_KERNEL_COPY,	MDGPU_KERNEL_AXPY,
	MDGPU_KERNEL_REDUCE_SUM, MDGPU_KERNEL_GEMM_F32, MDGPU_KERNEL_GEMM_I8,
};

/* In order, random batches in random order, reversed: byte-identical memory. */
static void test_any_split_same_bytes(void **unused)
{
	const u64 size = 768 * KIB;
	struct rng r = { 0x5917 };
	size_t i;
	int round;

	for (round = 0; round < 4; round++)
		for (i = 0; i < ARRAY_SIZE(all_kernels); i++) {
			struct mdgpu_cmd cmd;
			struct mdgpu_work_desc d;
			struct arena ref, a;
			int o;

			random_work(all_kernels[i], size, &r, &cmd);
			arena_init(&ref, size, &r);
			/* Finite f32 inputs everywhere: results compare as bytes. */
			for (o = 0; o < (int)(size / 4); o++)
				stf(ref.mem + o * 4, rnd_f32(&r));
			validate(&cmd, size, &d);
			arena_init(&a, size, &r);
			memcpy(a.before, ref.mem, size);
			execute(&d, &ref, IN_ORDER, &r);
			for (o = 0; o < 3 * NR_ORDERS; o++) {
				memcpy(a.mem, a.before, size);
				execute(&d, &a, o % NR_ORDERS, &r);
				assert_memory_equal(a.mem, ref.mem, size);
			}
			arena_free(&a);
			arena_free(&ref);
		}
}

/* Whether byte @b of the output range is an output (1) or a gap of C (0). */
static u8 output_byte(const struct mdgpu_work_desc *d, u64 b)
{
	if (d->kind != MDGPU_WORK_GEMM_F32 && d->kind != MDGPU_WORK_GEMM_I8)
		return 1;
	return (b / 4) % d->gemm.ldc < d->gemm.n;
}

/*
 * Items never write the same bytes, so they may run concurrently: run each
 * item alone over outputs pre-set to 0x00 and to 0xff (a stored byte can
 * match at most one of them) and count the owners of every byte.
 */
static void test_items_write_disjoint_bytes(void **unused)
{
	static const u16 kernels[] = { MDGPU_KERNEL_FILL, MDGPU_KERNEL_COPY,
				       MDGPU_KERNEL_GEMM_F32,
				       MDGPU_KERNEL_GEMM_I8 };
	const u64 size = 1200 * KIB;
	struct rng r = { 0xd15 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kernels); i++) {
		struct mdgpu_cmd cmd;
		struct mdgpu_work_desc d;
		u8 *owners = calloc(size, 1);
		struct arena a;
		u64 t, items, b, out = 0, out_len = 0;

		assert_non_null(owners);
		random_work(kernels[i], size, &r, &cmd);
		validate(&cmd, size, &d);
		for (b = 0; b < d.nr_ranges; b++)
			if (d.ranges[b].write) {
				out = d.ranges[b].off;
				out_len = d.ranges[b].len;
			}
		arena_init(&a, size, &r);
		items = mdgpu_kern_items(&d);
		for (t = 0; t < items; t++) {
			u8 *zero = malloc(out_len);
			int bg;

			assert_non_null(zero);
			for (bg = 0; bg < 2; bg++) {
				memset(a.mem + out, bg ? 0xff : 0, out_len);
				mdgpu_kern_run(&d, a.mem, size, t, 1, NULL);
				if (!bg)
					memcpy(zero, a.mem + out, out_len);
			}
			for (b = 0; b < out_len; b++)
				if (zero[b] != 0 || a.mem[out + b] != 0xff)
					owners[b]++;
			free(zero);
		}
		for (b = 0; b < out_len; b++)
			if (owners[b] != output_byte(&d, b))
				fail_msg("kernel %u: %u items wrote byte %d",
					 kernels[i], owners[b], (int)b);
		free(owners);
		arena_free(&a);
	}
}

/* The documented per-item cost bounds hold at the spec's largest arguments. */
static void test_item_cost_bounds(void **unused)
{
	struct mdgpu_work_desc d;
	u32 k, n;

	memset(&d, 0, sizeof(d));
	d.kind = MDGPU_WORK_FILL;
	d.fill.len = MDGPU_MAX_XFER_LEN;
	assert_int_equal(mdgpu_kern_items(&d), 4096);
	d.kind = MDGPU_WORK_COPY;
	d.copy.len = MDGPU_MAX_XFER_LEN;
	assert_int_equal(mdgpu_kern_items(&d), 8192);
	assert_int_equal(mdgpu_kern_state_size(&d), 0);
	d.kind = MDGPU_WORK_AXPY;
	d.axpy.n = MDGPU_MAX_ELEMS;
	assert_int_equal(mdgpu_kern_items(&d), 16384);
	d.kind = MDGPU_WORK_REDUCE_SUM;
	d.reduce.n = MDGPU_MAX_ELEMS;
	assert_int_equal(mdgpu_kern_items(&d), 4096);
	assert_int_equal(mdgpu_kern_state_size(&d), MDGPU_KERN_STATE_MAX);
	assert_int_equal(MDGPU_KERN_STATE_MAX, 16 * KIB);
	d.reduce.n = 1;
	assert_int_equal(mdgpu_kern_state_size(&d), 4);

	d.kind = MDGPU_WORK_GEMM_F32;
	d.gemm.m = MDGPU_GEMM_MAX_DIM;
	for (k = 1; k <= MDGPU_GEMM_MAX_DIM; k = k * 3 + 1)
		for (n = 1; n <= MDGPU_GEMM_MAX_DIM; n = n * 5 + 2) {
			u64 cols, blocks;

			d.gemm.k = k;
			d.gemm.n = n;
			cols = mdgpu_kern_gemm_cols(&d);
			blocks = (n + cols - 1) / cols;
			assert_true(cols >= 1 && cols <= n);
			if (cols > 1)
				assert_true(cols * k <=
					    MDGPU_KERN_GEMM_ITEM_MADDS);
			assert_int_equal(mdgpu_kern_items(&d),
					 d.gemm.m * blocks);
		}
	d.gemm.k = MDGPU_GEMM_MAX_DIM;
	d.gemm.n = MDGPU_GEMM_MAX_DIM;
	assert_int_equal(mdgpu_kern_gemm_cols(&d), 8);
	assert_int_equal(mdgpu_kern_items(&d), 8192ULL * 1024);
}

static void test_other_kinds_not_handled(void **unused)
{
	static const u8 kinds[] = { MDGPU_WORK_NOP, MDGPU_WORK_SPIN,
				    MDGPU_WORK_FENCE, MDGPU_WORK_TIMESTAMP,
				    200 };
	struct rng r = { 0x77 };
	struct mdgpu_work_desc d;
	struct arena a;
	size_t i;

	arena_init(&a, 4 * KIB, &r);
	arena_snapshot(&a);
	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		memset(&d, 0, sizeof(d));
		d.kind = kinds[i];
		/* Fields that a confused kernel might use. */
		d.fence.addr = 8;
		d.fence.value = ~0ULL;
		assert_int_equal(mdgpu_kern_items(&d), 0);
		assert_int_equal(mdgpu_kern_state_size(&d), 0);
		mdgpu_kern_run(&d, a.mem, a.size, 0, 1, NULL);
		mdgpu_kern_finish(&d, a.mem, a.size, NULL);
	}
	arena_check_untouched(&a);
	arena_free(&a);
}

/* Item ranges are clipped; [first, first + count) may not even fit in u64. */
static void test_item_range_clipped(void **unused)
{
	struct mdgpu_cmd cmd = launch_cmd(MDGPU_KERNEL_FILL, 1);
	struct rng r = { 0xc11 };
	struct mdgpu_work_desc d;
	struct arena a;
	u64 items;

	arena_init(&a, 1024 * KIB, &r);
	cmd.launch.fill.dst = 4;
	cmd.launch.fill.len = 1000 * KIB;
	cmd.launch.fill.pattern = 7;
	validate(&cmd, a.size, &d);
	items = mdgpu_kern_items(&d);
	assert_int_equal(items, 4);
	arena_snapshot(&a);
	mdgpu_kern_run(&d, a.mem, a.size, items, 1, NULL);
	mdgpu_kern_run(&d, a.mem, a.size, ~0ULL, ~0ULL, NULL);
	arena_check_untouched(&a);
	mdgpu_kern_run(&d, a.mem, a.size, items - 1, ~0ULL, NULL);
	arena_allow(&a, 4 + (items - 1) * MDGPU_KERN_FILL_ITEM_BYTES,
		    1000 * KIB - (items - 1) * MDGPU_KERN_FILL_ITEM_BYTES);
	arena_check_untouched(&a);
	assert_int_equal(ldu(a.mem + 1000 * KIB), 7);
	arena_free(&a);
}

/*
 * A descriptor validated for a larger memory than the one passed in (or
 * one built by hand): the kernels check again and touch nothing.
 */
static void test_descriptor_beyond_memory_does_nothing(void **unused)
{
	struct rng r = { 0xbad };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(all_kernels); i++) {
		const u64 size = 256 * KIB;
		struct mdgpu_cmd cmd;
		struct mdgpu_work_desc d;
		struct arena a;
		u64 end = 0, b;
		void *state;

		random_work(all_kernels[i], size, &r, &cmd);
		validate(&cmd, size, &d);
		for (b = 0; b < d.nr_ranges; b++)
			if (d.ranges[b].off + d.ranges[b].len > end)
				end = d.ranges[b].off + d.ranges[b].len;
		arena_init(&a, size, &r);
		arena_snapshot(&a);
		state = calloc(1, mdgpu_kern_state_size(&d) + 1);
		assert_non_null(state);
		/* One byte short of what the work touches. */
		mdgpu_kern_run(&d, a.mem, end - 1, 0, ~0ULL, state);
		mdgpu_kern_finish(&d, a.mem, end - 1, state);
		arena_check_untouched(&a);
		free(state);
		arena_free(&a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fill),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_axpy),
		cmocka_unit_test(test_gemm_f32),
		cmocka_unit_test(test_gemm_i8),
		cmocka_unit_test(test_reduce_sum),
		cmocka_unit_test(test_reduce_sum_deterministic),
		cmocka_unit_test(test_any_split_same_bytes),
		cmocka_unit_test(test_items_write_disjoint_bytes),
		cmocka_unit_test(test_item_cost_bounds),
		cmocka_unit_test(test_other_kinds_not_handled),
		cmocka_unit_test(test_item_range_clipped),
		cmocka_unit_test(test_descriptor_beyond_memory_does_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
