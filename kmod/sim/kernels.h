/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The simulated GPU's built-in compute kernels (FILL, COPY, AXPY, GEMM_F32,
 * GEMM_I8, REDUCE_SUM) as freestanding C over one flat byte array, the
 * vGPU's memory. Work is cut into items of bounded cost, so that the sim
 * executor can run a few of them per short kernel_fpu_begin() section and
 * preempt in between; the same kernels.c links into host reference tests.
 */
#ifndef _MDGPU_SIM_KERNELS_H
#define _MDGPU_SIM_KERNELS_H

#include "mdev/cmd_validate.h"

/*
 * Item sizes. Each item moves at most about 256 KiB (bytes loaded plus
 * bytes stored) or does at most 64 K multiply-adds at the largest
 * arguments the device spec allows.
 */
/* clang-format off */
#define MDGPU_KERN_FILL_ITEM_BYTES	(256U * 1024)	/* stored */
#define MDGPU_KERN_COPY_ITEM_BYTES	(128U * 1024)	/* loaded, then stored */
#define MDGPU_KERN_AXPY_ITEM_ELEMS	16384U		/* 12 bytes, 1 madd each */
#define MDGPU_KERN_REDUCE_ITEM_ELEMS	65536U		/* 4 bytes, 1 add each */
#define MDGPU_KERN_GEMM_ITEM_MADDS	65536U		/* columns x K per item */
/* clang-format on */

/* Largest mdgpu_kern_state_size(): one f32 partial sum per REDUCE_SUM item. */
#define MDGPU_KERN_STATE_MAX \
	((MDGPU_MAX_ELEMS / MDGPU_KERN_REDUCE_ITEM_ELEMS) * sizeof(u32))

static inline u64 mdgpu_kern_div_up(u64 n, u64 d)
{
	return (n + d - 1) / d;
}

/**
 * mdgpu_kern_gemm_cols() - columns of C that one GEMM item computes
 * @d: a validated %MDGPU_WORK_GEMM_F32 or %MDGPU_WORK_GEMM_I8 descriptor
 *
 * An item is a run of up to this many consecutive columns of one row of C,
 * so that columns x K stays within %MDGPU_KERN_GEMM_ITEM_MADDS: at K = 8192
 * an item is 8 columns, at K <= 8 a whole row (N <= 8192). Item t is row
 * t % M of column block t / M, so consecutive items share B's columns.
 *
 * Context: any; integer arithmetic only, safe outside an FPU section.
 * Return: columns per item, 1 to N (1 for a zero N or K).
 */
static inline u32 mdgpu_kern_gemm_cols(const struct mdgpu_work_desc *d)
{
	u32 k = d->gemm.k ? d->gemm.k : 1;
	u32 cols = MDGPU_KERN_GEMM_ITEM_MADDS / k;

	if (cols > d->gemm.n)
		cols = d->gemm.n;
	return cols ? cols : 1;
}

/**
 * mdgpu_kern_items() - how many items a work splits into
 * @d: a validated work descriptor
 *
 * The split depends on the kernel arguments only, never on @d->grid, so a
 * work gives bit-identical results whatever grid the guest asked for and
 * however the executor batches, orders or spreads its items over CPUs.
 * The executor maps the guest's work-groups onto items as it likes.
 *
 * Maxima at the spec's limits: FILL 4096, COPY 8192, AXPY 16384,
 * REDUCE_SUM 4096, GEMM M * ceil(N / mdgpu_kern_gemm_cols()) (8 M items for
 * M = N = K = 8192).
 *
 * Context: any; integer arithmetic only, safe outside an FPU section (it
 * is inline so that it is compiled with the caller's no-FPU flags).
 * Return: the number of items, at least 1, for the kinds this file
 * executes; 0 for the others (NOP, SPIN, FENCE, TIMESTAMP, unknown).
 */
static inline u64 mdgpu_kern_items(const struct mdgpu_work_desc *d)
{
	u64 n;

	switch (d->kind) {
	case MDGPU_WORK_FILL:
		n = mdgpu_kern_div_up(d->fill.len, MDGPU_KERN_FILL_ITEM_BYTES);
		break;
	case MDGPU_WORK_COPY:
		n = mdgpu_kern_div_up(d->copy.len, MDGPU_KERN_COPY_ITEM_BYTES);
		break;
	case MDGPU_WORK_AXPY:
		n = mdgpu_kern_div_up(d->axpy.n, MDGPU_KERN_AXPY_ITEM_ELEMS);
		break;
	case MDGPU_WORK_REDUCE_SUM:
		n = mdgpu_kern_div_up(d->reduce.n,
				      MDGPU_KERN_REDUCE_ITEM_ELEMS);
		break;
	case MDGPU_WORK_GEMM_F32:
	case MDGPU_WORK_GEMM_I8:
		n = (u64)d->gemm.m *
		    mdgpu_kern_div_up(d->gemm.n, mdgpu_kern_gemm_cols(d));
		break;
	default:
		return 0;
	}
	/* A zero size never passes validation; still keep "handled" != 0. */
	return n ? n : 1;
}

/**
 * mdgpu_kern_state_size() - scratch bytes a work needs from the executor
 * @d: a validated work descriptor
 *
 * REDUCE_SUM keeps one f32 partial sum per item there: items store their
 * own slot only, and mdgpu_kern_finish() combines the slots. The executor
 * allocates the scratch (any alignment) before the first item and frees it
 * after mdgpu_kern_finish(); its contents need no initialization.
 *
 * Context: any; integer arithmetic only, safe outside an FPU section.
 * Return: 0 if the work needs no scratch, else at most
 * %MDGPU_KERN_STATE_MAX (16 KiB).
 */
static inline size_t mdgpu_kern_state_size(const struct mdgpu_work_desc *d)
{
	if (d->kind != MDGPU_WORK_REDUCE_SUM)
		return 0;
	return mdgpu_kern_items(d) * sizeof(u32);
}

/**
 * mdgpu_kern_run() - execute some items of a work
 * @d: a validated work descriptor; ignored unless mdgpu_kern_items() > 0
 * @mem: the vGPU's memory, @mem_size bytes, any alignment
 * @mem_size: bytes at @mem; the work's ranges must lie inside (they do
 *	when @d was validated against this size; if not, nothing is done)
 * @first: first item to run
 * @count: items to run; the range is clipped to mdgpu_kern_items()
 * @state: mdgpu_kern_state_size() bytes of scratch for this work, shared
 *	by all its items (may be NULL when that size is 0)
 *
 * Items of one work may run in any order and concurrently on several CPUs
 * (disjoint item ranges): items never store to the same bytes. Only
 * FILL, COPY, AXPY and GEMM outputs, and this item's REDUCE_SUM slot in
 * @state, are written; gaps between GEMM rows (ldc > N) are left alone.
 * Every output element is computed by one item in one fixed order, so the
 * results do not depend on how the items were batched or ordered.
 *
 * f32 results round to nearest (the MXCSR default that kernel_fpu_begin()
 * loads). GEMM_F32 sums over k in f32 in increasing k order, so
 * |C - exact| <= K * 2^-24 * sum_k |A[i][k] * B[k][j]| (first order).
 * AXPY computes fl(fl(a * x) + y), no fused multiply-add. GEMM_I8 sums
 * products in 32 bits and wraps (at the spec's limits the sum fits
 * anyway: |C| <= 8192 * 128 * 128 = 2^27).
 *
 * Context: this object is compiled with SSE enabled and the compiler may
 * use SSE registers anywhere in it, so call only between
 * kernel_fpu_begin() and kernel_fpu_end(), which also disable preemption:
 * keep batches short. One item is at most about 64 K multiply-adds or
 * 256 KiB of memory traffic: 10 to 40 us on a 2-core x86 VM, up to about
 * 150 us for GEMM at K = 8192, where each k step of B misses the cache and
 * the TLB. Does not sleep, allocate or lock.
 *
 * Return: nothing; the results are in @mem, and in @state for REDUCE_SUM.
 */
void mdgpu_kern_run(const struct mdgpu_work_desc *d, u8 *mem, u64 mem_size,
		    u64 first, u64 count, void *state);

/**
 * mdgpu_kern_finish() - complete a work after all its items ran
 * @d: the descriptor given to mdgpu_kern_run()
 * @mem: the vGPU's memory
 * @mem_size: bytes at @mem
 * @state: the scratch all items of the work used
 *
 * REDUCE_SUM adds the per-item partial sums pairwise in item order and
 * stores the f32 result at @d->reduce.dst; every other kind has nothing
 * to do. The summation order depends on n only: each item sums its 64 K
 * elements in 64-element blocks (8 interleaved lanes) that are then added
 * pairwise, so the result is deterministic for a given input and
 * |sum - exact| <= 48 * 2^-24 * sum |x[i]| (first order) for any n up to
 * %MDGPU_MAX_ELEMS. @state is clobbered.
 *
 * Context: as mdgpu_kern_run(), inside a kernel_fpu_begin() section; once
 * per work, after the last item completed (the caller orders the items'
 * stores before this call). Does at most 4096 additions.
 *
 * Return: nothing; the REDUCE_SUM result is in @mem.
 */
void mdgpu_kern_finish(const struct mdgpu_work_desc *d, u8 *mem, u64 mem_size,
		       void *state);

#endif /* _MDGPU_SIM_KERNELS_H */
