/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Partition arithmetic: which aligned slices of a GPU's memory and compute
 * units are free, how many more instances of a profile fit, and where the
 * next one goes. Freestanding: built into mdgpu.ko and into host unit tests.
 */
#ifndef MDGPU_PARTITION_H
#define MDGPU_PARTITION_H

#include "mdgpu/env.h"

#define MDGPU_PART_MAX_SLICES 64 /* memory slices per GPU (one u64 bitmap) */
#define MDGPU_PART_MAX_CUS 64 /* compute units per GPU (one u64 bitmap) */
#define MDGPU_PART_AUTO (-1) /* let the allocator choose the placement */

/**
 * struct mdgpu_part - allocation state of one GPU
 * @nr_slices: memory slices, a power of two in [1, 64]
 * @nr_cus: compute units, a power of two in [1, 64]
 * @mem_used: bit i set when memory slice i is held by a vGPU
 * @cu_used: bit i set when compute unit i is held by a spatial vGPU
 * @nr_timesliced: time-sliced vGPUs present (they need one shared CU)
 *
 * The caller serializes all calls on one struct (the GPU's mutex).
 */
struct mdgpu_part {
	u32 nr_slices;
	u32 nr_cus;
	u64 mem_used;
	u64 cu_used;
	u32 nr_timesliced;
};

/**
 * struct mdgpu_part_req - what one vGPU of a profile needs
 * @slices: memory slices, a power of two
 * @cus: exclusive compute units, a power of two; 0 for a time-sliced vGPU
 */
struct mdgpu_part_req {
	u32 slices;
	u32 cus;
};

/**
 * struct mdgpu_placement - where one vGPU sits
 * @slice_start: first memory slice (a multiple of @slices)
 * @slices: memory slices held
 * @cu_start: first compute unit (a multiple of @cus); 0 when @cus is 0
 * @cus: compute units held exclusively; 0 for a time-sliced vGPU
 */
struct mdgpu_placement {
	u32 slice_start;
	u32 slices;
	u32 cu_start;
	u32 cus;
};

int mdgpu_part_init(struct mdgpu_part *p, u32 nr_slices, u32 nr_cus);
int mdgpu_part_req_check(const struct mdgpu_part *p,
			 const struct mdgpu_part_req *r);
u32 mdgpu_part_available(const struct mdgpu_part *p,
			 const struct mdgpu_part_req *r);
int mdgpu_part_alloc(struct mdgpu_part *p, const struct mdgpu_part_req *r,
		     int slice_start, int cu_start,
		     struct mdgpu_placement *out);
void mdgpu_part_free(struct mdgpu_part *p, const struct mdgpu_placement *pl);
u32 mdgpu_part_free_slices(const struct mdgpu_part *p);
u32 mdgpu_part_free_cus(const struct mdgpu_part *p);

#endif /* MDGPU_PARTITION_H */
