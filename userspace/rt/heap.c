// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The device-memory allocator: first fit over a sorted array of free
 * extents, coalescing on free. vGPU memory is small and allocations are
 * few and long-lived (matrices, the ring), so a linear scan is plenty.
 * Pure bookkeeping: it never touches the memory it manages.
 */
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

/**
 * rt_heap_init() - manage [0, @size) as one free extent
 * @h: the heap
 * @size: bytes, non-zero
 *
 * Return: 0, -EINVAL for a zero size, -ENOMEM.
 */
int rt_heap_init(struct rt_heap *h, __u64 size)
{
	memset(h, 0, sizeof(*h));
	if (!size)
		return -EINVAL;
	h->cap = 16;
	h->free = calloc(h->cap, sizeof(*h->free));
	if (!h->free)
		return -ENOMEM;
	h->size = size;
	h->free[0] = (struct rt_extent){ 0, size };
	h->nr = 1;
	return 0;
}

/**
 * rt_heap_fini() - release the bookkeeping
 * @h: the heap
 *
 * Return: nothing.
 */
void rt_heap_fini(struct rt_heap *h)
{
	free(h->free);
	memset(h, 0, sizeof(*h));
}

static int heap_reserve(struct rt_heap *h, __u32 more)
{
	struct rt_extent *n;
	__u32 cap;

	if (h->nr + more <= h->cap)
		return 0;
	cap = h->cap * 2;
	n = realloc(h->free, (size_t)cap * sizeof(*n));
	if (!n)
		return -ENOMEM;
	h->free = n;
	h->cap = cap;
	return 0;
}

static void heap_insert(struct rt_heap *h, __u32 i, struct rt_extent e)
{
	memmove(&h->free[i + 1], &h->free[i], (h->nr - i) * sizeof(*h->free));
	h->free[i] = e;
	h->nr++;
}

static void heap_remove(struct rt_heap *h, __u32 i)
{
	memmove(&h->free[i], &h->free[i + 1],
		(h->nr - i - 1) * sizeof(*h->free));
	h->nr--;
}

/**
 * rt_heap_alloc() - take @size bytes aligned to @align
 * @h: the heap
 * @size: bytes, non-zero
 * @align: a power of two
 * @off: the offset allocated
 *
 * The lowest-addressed fit wins, so the BAR2 window (the start of memory)
 * fills first.
 *
 * Return: 0; -EINVAL for a zero size or an alignment that is not a power of
 * two; -ENOMEM when no free extent fits.
 */
int rt_heap_alloc(struct rt_heap *h, __u64 size, __u64 align, __u64 *off)
{
	__u32 i;

	if (!size || !rt_is_pow2(align))
		return -EINVAL;
	if (size > h->size)
		return -ENOMEM;
	/* A split can add one extent: make room first so nothing fails halfway. */
	if (heap_reserve(h, 1))
		return -ENOMEM;
	for (i = 0; i < h->nr; i++) {
		struct rt_extent e = h->free[i];
		__u64 start = (e.off + align - 1) & ~(align - 1);
		__u64 end = e.off + e.len;

		if (start < e.off || start >= end || end - start < size)
			continue;
		*off = start;
		heap_remove(h, i);
		if (start + size < end)
			heap_insert(h, i,
				    (struct rt_extent){ start + size,
							end - start - size });
		if (start > e.off)
			heap_insert(h, i,
				    (struct rt_extent){ e.off, start - e.off });
		return 0;
	}
	return -ENOMEM;
}

/**
 * rt_heap_free() - give back what rt_heap_alloc() handed out
 * @h: the heap
 * @off: the offset it returned
 * @size: the size asked for
 *
 * Return: 0; -EINVAL if the range is outside the heap or overlaps free
 * space (a double free); -ENOMEM if the bookkeeping cannot grow.
 */
int rt_heap_free(struct rt_heap *h, __u64 off, __u64 size)
{
	__u32 i;

	if (!size || off >= h->size || size > h->size - off)
		return -EINVAL;
	/* First free extent after the range. */
	for (i = 0; i < h->nr && h->free[i].off < off; i++)
		;
	if (i > 0 && h->free[i - 1].off + h->free[i - 1].len > off)
		return -EINVAL;
	if (i < h->nr && off + size > h->free[i].off)
		return -EINVAL;
	if (heap_reserve(h, 1))
		return -ENOMEM;
	heap_insert(h, i, (struct rt_extent){ off, size });
	if (i + 1 < h->nr && off + size == h->free[i + 1].off) {
		h->free[i].len += h->free[i + 1].len;
		heap_remove(h, i + 1);
	}
	if (i > 0 && h->free[i - 1].off + h->free[i - 1].len == off) {
		h->free[i - 1].len += h->free[i].len;
		heap_remove(h, i);
	}
	return 0;
}

/**
 * rt_heap_avail() - free bytes (not necessarily contiguous)
 * @h: the heap
 *
 * Return: the sum of the free extents.
 */
__u64 rt_heap_avail(const struct rt_heap *h)
{
	__u64 sum = 0;
	__u32 i;

	for (i = 0; i < h->nr; i++)
		sum += h->free[i].len;
	return sum;
}
