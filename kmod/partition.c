// SPDX-License-Identifier: GPL-2.0-only
/*
 * Partition arithmetic for memory slices and compute units. Every request is
 * a power-of-two block placed on a start aligned to its size (as MIG's
 * placement table does), so the free aligned blocks of one size never overlap
 * and counting them gives an exact available_instances.
 */
#include "mdgpu/partition.h"

static bool is_pow2(u32 v)
{
	return v && !(v & (v - 1));
}

static u64 block_mask(u32 start, u32 len)
{
	u64 ones = len >= 64 ? ~0ULL : ((1ULL << len) - 1);

	return ones << start;
}

/* Number of free aligned blocks of @len in a map of @n units. */
static u32 free_blocks(u64 used, u32 n, u32 len)
{
	u32 start, count = 0;

	for (start = 0; start + len <= n; start += len)
		if (!(used & block_mask(start, len)))
			count++;
	return count;
}

/*
 * Size of the largest free aligned block that contains the block at @start.
 * Placing a request where this is smallest keeps large blocks whole.
 */
static u32 free_extent(u64 used, u32 n, u32 start, u32 len)
{
	u32 size = len;

	while (size < n) {
		u32 up = size * 2;
		u32 base = start & ~(up - 1);

		if (used & block_mask(base, up))
			break;
		size = up;
	}
	return size;
}

static int pick_block(u64 used, u32 n, u32 len, int want, u32 *out)
{
	u32 start, best = 0, best_extent = ~0U;

	if (want != MDGPU_PART_AUTO) {
		if (want < 0 || (u32)want % len || (u32)want + len > n)
			return -EINVAL;
		if (used & block_mask(want, len))
			return -EBUSY;
		*out = want;
		return 0;
	}
	for (start = 0; start + len <= n; start += len) {
		u32 ext;

		if (used & block_mask(start, len))
			continue;
		ext = free_extent(used, n, start, len);
		if (ext < best_extent) {
			best_extent = ext;
			best = start;
		}
	}
	if (best_extent == ~0U)
		return -ENOSPC;
	*out = best;
	return 0;
}

/**
 * mdgpu_part_init() - set up an empty partition map
 * @p: map to initialise
 * @nr_slices: memory slices, a power of two in [1, 64]
 * @nr_cus: compute units, a power of two in [1, 64]
 *
 * Return: 0, or -EINVAL for counts out of range.
 */
int mdgpu_part_init(struct mdgpu_part *p, u32 nr_slices, u32 nr_cus)
{
	if (!is_pow2(nr_slices) || nr_slices > MDGPU_PART_MAX_SLICES ||
	    !is_pow2(nr_cus) || nr_cus > MDGPU_PART_MAX_CUS)
		return -EINVAL;
	memset(p, 0, sizeof(*p));
	p->nr_slices = nr_slices;
	p->nr_cus = nr_cus;
	return 0;
}

/**
 * mdgpu_part_req_check() - is a request well formed for this GPU?
 * @p: partition map
 * @r: request
 *
 * Spatial requests may together take every compute unit; only while
 * time-sliced vGPUs exist must one stay in the shared pool for them.
 *
 * Return: 0, or -EINVAL.
 */
int mdgpu_part_req_check(const struct mdgpu_part *p,
			 const struct mdgpu_part_req *r)
{
	if (!is_pow2(r->slices) || r->slices > p->nr_slices)
		return -EINVAL;
	if (r->cus && (!is_pow2(r->cus) || r->cus > p->nr_cus))
		return -EINVAL;
	return 0;
}

/**
 * mdgpu_part_free_slices() - memory slices not held by any vGPU
 * @p: partition map
 *
 * Return: the count.
 */
u32 mdgpu_part_free_slices(const struct mdgpu_part *p)
{
	return p->nr_slices - hweight64(p->mem_used);
}

/**
 * mdgpu_part_free_cus() - compute units not held by a spatial vGPU
 * @p: partition map
 *
 * These form the shared pool that time-sliced vGPUs run on.
 *
 * Return: the count.
 */
u32 mdgpu_part_free_cus(const struct mdgpu_part *p)
{
	return p->nr_cus - hweight64(p->cu_used);
}

/**
 * mdgpu_part_available() - how many more vGPUs of a profile fit
 * @p: partition map
 * @r: the profile's request
 *
 * Exact: creating that many, one after the other with automatic placement,
 * succeeds, and one more fails. The shared pool keeps at least one compute
 * unit while any time-sliced vGPU exists, and a time-sliced vGPU needs one.
 *
 * Return: the number of instances.
 */
u32 mdgpu_part_available(const struct mdgpu_part *p,
			 const struct mdgpu_part_req *r)
{
	u32 mem, cu;

	if (mdgpu_part_req_check(p, r))
		return 0;
	mem = free_blocks(p->mem_used, p->nr_slices, r->slices);
	if (!r->cus)
		return mdgpu_part_free_cus(p) ? mem : 0;

	cu = free_blocks(p->cu_used, p->nr_cus, r->cus);
	/* Time-sliced vGPUs keep one shared unit: never take the last one. */
	if (p->nr_timesliced && cu && cu * r->cus >= mdgpu_part_free_cus(p))
		cu--;
	return mem < cu ? mem : cu;
}

/**
 * mdgpu_part_alloc() - place one vGPU
 * @p: partition map
 * @r: the profile's request
 * @slice_start: first memory slice, or MDGPU_PART_AUTO
 * @cu_start: first compute unit (spatial only), or MDGPU_PART_AUTO
 * @out: the placement taken
 *
 * Automatic placement picks the free aligned block inside the smallest free
 * region, which leaves the largest blocks whole for later requests.
 * On failure nothing changes.
 *
 * Return: 0; -EINVAL for a malformed request or a misaligned or out-of-range
 * start; -EBUSY when an explicit start overlaps a held block; -ENOSPC when
 * nothing fits.
 */
int mdgpu_part_alloc(struct mdgpu_part *p, const struct mdgpu_part_req *r,
		     int slice_start, int cu_start, struct mdgpu_placement *out)
{
	u32 ms, cs = 0;
	int ret;

	ret = mdgpu_part_req_check(p, r);
	if (ret)
		return ret;
	if (!r->cus && cu_start != MDGPU_PART_AUTO && cu_start != 0)
		return -EINVAL;
	ret = pick_block(p->mem_used, p->nr_slices, r->slices, slice_start,
			 &ms);
	if (ret)
		return ret;
	if (r->cus) {
		ret = pick_block(p->cu_used, p->nr_cus, r->cus, cu_start, &cs);
		if (ret)
			return ret;
		if (p->nr_timesliced && mdgpu_part_free_cus(p) <= r->cus)
			return -ENOSPC;
	} else if (!mdgpu_part_free_cus(p)) {
		return -ENOSPC;
	}

	p->mem_used |= block_mask(ms, r->slices);
	if (r->cus)
		p->cu_used |= block_mask(cs, r->cus);
	else
		p->nr_timesliced++;
	out->slice_start = ms;
	out->slices = r->slices;
	out->cu_start = cs;
	out->cus = r->cus;
	return 0;
}

/**
 * mdgpu_part_free() - give a placement back
 * @p: partition map
 * @pl: a placement returned by mdgpu_part_alloc() on this map
 */
void mdgpu_part_free(struct mdgpu_part *p, const struct mdgpu_placement *pl)
{
	p->mem_used &= ~block_mask(pl->slice_start, pl->slices);
	if (pl->cus)
		p->cu_used &= ~block_mask(pl->cu_start, pl->cus);
	else if (p->nr_timesliced)
		p->nr_timesliced--;
}
