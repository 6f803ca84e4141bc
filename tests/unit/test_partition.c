// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit tests of the partition arithmetic (kmod/partition.c, the same
 * source as in mdgpu.ko): exact availability, aligned placement, explicit
 * placement errors, and random create/remove against a brute-force oracle.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>

#include "mdgpu/partition.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Oracle: how many allocations succeed, one after the other, on a copy. */
static u32 count_by_allocating(const struct mdgpu_part *p,
			       const struct mdgpu_part_req *r)
{
	struct mdgpu_part copy = *p;
	struct mdgpu_placement pl;
	u32 n = 0;

	while (mdgpu_part_alloc(&copy, r, MDGPU_PART_AUTO, MDGPU_PART_AUTO,
				&pl) == 0)
		n++;
	return n;
}

static void test_init_rejects_bad_sizes(void **state)
{
	struct mdgpu_part p;

	(void)state;
	assert_int_equal(mdgpu_part_init(&p, 0, 4), -EINVAL);
	assert_int_equal(mdgpu_part_init(&p, 3, 4), -EINVAL);
	assert_int_equal(mdgpu_part_init(&p, 128, 4), -EINVAL);
	assert_int_equal(mdgpu_part_init(&p, 16, 6), -EINVAL);
	assert_int_equal(mdgpu_part_init(&p, 16, 0), -EINVAL);
	assert_int_equal(mdgpu_part_init(&p, 64, 64), 0);
	assert_int_equal(mdgpu_part_free_slices(&p), 64);
	assert_int_equal(mdgpu_part_free_cus(&p), 64);
}

/* Every time-sliced size, every instance count from 1 to max. */
static void test_timesliced_every_count(void **state)
{
	u32 size;

	(void)state;
	for (size = 1; size <= 16; size *= 2) {
		struct mdgpu_part_req r = { .slices = size, .cus = 0 };
		struct mdgpu_placement pl[16];
		struct mdgpu_part p;
		u32 max = 16 / size, i;

		assert_int_equal(mdgpu_part_init(&p, 16, 4), 0);
		for (i = 0; i < max; i++) {
			assert_int_equal(mdgpu_part_available(&p, &r), max - i);
			assert_int_equal(
				mdgpu_part_alloc(&p, &r, MDGPU_PART_AUTO,
						 MDGPU_PART_AUTO, &pl[i]),
				0);
			assert_int_equal(pl[i].slice_start % size, 0);
			assert_int_equal(pl[i].slices, size);
		}
		assert_int_equal(mdgpu_part_available(&p, &r), 0);
		assert_int_equal(mdgpu_part_alloc(&p, &r, MDGPU_PART_AUTO,
						  MDGPU_PART_AUTO, &pl[0]),
				 -ENOSPC);
		for (i = 0; i < max; i++)
			mdgpu_part_free(&p, &pl[i]);
		assert_int_equal(mdgpu_part_free_slices(&p), 16);
		assert_int_equal(p.nr_timesliced, 0);
	}
}

/* Automatic placement keeps big blocks whole: 1 + 1 leaves room for an 8. */
static void test_auto_placement_avoids_fragmentation(void **state)
{
	struct mdgpu_part_req one = { .slices = 1 }, two = { .slices = 2 },
			      eight = { .slices = 8 };
	struct mdgpu_placement a, b, c, d;
	struct mdgpu_part p;

	(void)state;
	assert_int_equal(mdgpu_part_init(&p, 16, 4), 0);
	assert_int_equal(mdgpu_part_alloc(&p, &one, MDGPU_PART_AUTO,
					  MDGPU_PART_AUTO, &a),
			 0);
	assert_int_equal(mdgpu_part_alloc(&p, &two, MDGPU_PART_AUTO,
					  MDGPU_PART_AUTO, &b),
			 0);
	assert_int_equal(mdgpu_part_alloc(&p, &one, MDGPU_PART_AUTO,
					  MDGPU_PART_AUTO, &c),
			 0);
	/* All three fit in the first 4 slices: slice 0, 2-3, and 1. */
	assert_int_equal(a.slice_start, 0);
	assert_int_equal(b.slice_start, 2);
	assert_int_equal(c.slice_start, 1);
	assert_int_equal(mdgpu_part_available(&p, &eight), 1);
	assert_int_equal(mdgpu_part_alloc(&p, &eight, MDGPU_PART_AUTO,
					  MDGPU_PART_AUTO, &d),
			 0);
	assert_int_equal(d.slice_start, 8);
}

static void test_explicit_placement_errors(void **state)
{
	struct mdgpu_part_req four = { .slices = 4 },
			      sp = { .slices = 4, .cus = 2 };
	struct mdgpu_placement a, b;
	struct mdgpu_part p;
	u64 used;

	(void)state;
	assert_int_equal(mdgpu_part_init(&p, 16, 4), 0);
	assert_int_equal(mdgpu_part_alloc(&p, &four, 2, MDGPU_PART_AUTO, &a),
			 -EINVAL);
	assert_int_equal(mdgpu_part_alloc(&p, &four, 16, MDGPU_PART_AUTO, &a),
			 -EINVAL);
	assert_int_equal(mdgpu_part_alloc(&p, &four, 14, MDGPU_PART_AUTO, &a),
			 -EINVAL);
	assert_int_equal(mdgpu_part_alloc(&p, &four, -5, MDGPU_PART_AUTO, &a),
			 -EINVAL);
	assert_int_equal(mdgpu_part_alloc(&p, &four, 4, MDGPU_PART_AUTO, &a),
			 0);
	used = p.mem_used;
	assert_int_equal(mdgpu_part_alloc(&p, &four, 4, MDGPU_PART_AUTO, &b),
			 -EBUSY);
	/* A time-sliced request cannot name compute units. */
	assert_int_equal(mdgpu_part_alloc(&p, &four, 8, 1, &b), -EINVAL);
	/* Spatial: misaligned and conflicting compute-unit starts. */
	assert_int_equal(mdgpu_part_alloc(&p, &sp, 8, 1, &b), -EINVAL);
	assert_int_equal(mdgpu_part_alloc(&p, &sp, 8, 4, &b), -EINVAL);
	assert_int_equal(p.mem_used, used);
	assert_int_equal(p.cu_used, 0);
	assert_int_equal(mdgpu_part_alloc(&p, &sp, 8, 2, &b), 0);
	assert_int_equal(b.cu_start, 2);
	used = p.mem_used;
	/* CU conflict, then taking the last two shared CUs while a time-sliced vGPU lives. */
	assert_int_equal(mdgpu_part_alloc(&p, &sp, 12, 2, &a), -EBUSY);
	assert_int_equal(mdgpu_part_alloc(&p, &sp, 12, 0, &a), -ENOSPC);
	assert_int_equal(p.mem_used, used);
	assert_int_equal(p.cu_used, 0xcULL);
}

static void test_request_validation(void **state)
{
	struct mdgpu_part_req bad[] = {
		{ .slices = 0 },	   { .slices = 3 },
		{ .slices = 32 },	   { .slices = 1, .cus = 3 },
		{ .slices = 1, .cus = 8 },
	};
	struct mdgpu_placement pl;
	struct mdgpu_part p;
	size_t i;

	(void)state;
	assert_int_equal(mdgpu_part_init(&p, 16, 4), 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(mdgpu_part_req_check(&p, &bad[i]), -EINVAL);
		assert_int_equal(mdgpu_part_available(&p, &bad[i]), 0);
		assert_int_equal(mdgpu_part_alloc(&p, &bad[i], MDGPU_PART_AUTO,
						  MDGPU_PART_AUTO, &pl),
				 -EINVAL);
	}
	assert_int_equal(p.mem_used, 0);
}

/* Spatial vGPUs may take all CUs, unless a time-sliced vGPU needs one. */
static void test_spatial_and_shared_pool(void **state)
{
	struct mdgpu_part_req sp1 = { .slices = 4, .cus = 1 },
			      ts = { .slices = 1 };
	struct mdgpu_placement s[4], t;
	struct mdgpu_part p;
	int i;

	(void)state;
	assert_int_equal(mdgpu_part_init(&p, 16, 4), 0);
	assert_int_equal(mdgpu_part_available(&p, &sp1), 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(mdgpu_part_alloc(&p, &sp1, MDGPU_PART_AUTO,
						  MDGPU_PART_AUTO, &s[i]),
				 0);
	assert_int_equal(mdgpu_part_free_cus(&p), 0);
	assert_int_equal(mdgpu_part_available(&p, &ts), 0);
	assert_int_equal(mdgpu_part_alloc(&p, &ts, MDGPU_PART_AUTO,
					  MDGPU_PART_AUTO, &t),
			 -ENOSPC);
	mdgpu_part_free(&p, &s[3]);
	mdgpu_part_free(&p, &s[2]);
	assert_int_equal(mdgpu_part_alloc(&p, &ts, MDGPU_PART_AUTO,
					  MDGPU_PART_AUTO, &t),
			 0);
	/* Two CUs free, one must stay shared: one more spatial fits. */
	assert_int_equal(mdgpu_part_available(&p, &sp1), 1);
	assert_int_equal(count_by_allocating(&p, &sp1), 1);
}

/* Every spatial size, every instance count from 1 to max. */
static void test_spatial_every_count(void **state)
{
	u32 cus;

	(void)state;
	for (cus = 1; cus <= 4; cus *= 2) {
		struct mdgpu_part_req r = { .slices = 4 * cus, .cus = cus };
		struct mdgpu_placement pl[4];
		struct mdgpu_part p;
		u32 max = 4 / cus, i;

		assert_int_equal(mdgpu_part_init(&p, 16, 4), 0);
		for (i = 0; i < max; i++) {
			assert_int_equal(mdgpu_part_available(&p, &r), max - i);
			assert_int_equal(
				mdgpu_part_alloc(&p, &r, MDGPU_PART_AUTO,
						 MDGPU_PART_AUTO, &pl[i]),
				0);
			assert_int_equal(pl[i].cu_start % cus, 0);
			assert_int_equal(pl[i].slice_start % (4 * cus), 0);
		}
		assert_int_equal(mdgpu_part_available(&p, &r), 0);
		assert_int_equal(mdgpu_part_free_cus(&p), 0);
		for (i = 0; i < max; i++)
			mdgpu_part_free(&p, &pl[i]);
		assert_int_equal(p.cu_used, 0);
		assert_int_equal(p.mem_used, 0);
	}
}

/*
 * Every mix: walk every state reachable from an empty GPU by placing any
 * profile at any aligned position (16 slices, 4 CUs), and check in each
 * that available() matches the allocate-until-full oracle for every profile.
 */
#define MIX_STATES (1U << 21) /* 16 slice bits, 4 CU bits, "has time-sliced" */

static const struct mdgpu_part_req mix_reqs[] = {
	{ 1, 0 },  { 2, 0 }, { 4, 0 }, { 8, 0 },
	{ 16, 0 }, { 4, 1 }, { 8, 2 }, { 16, 4 },
};

static u32 mix_key(const struct mdgpu_part *p)
{
	return (u32)p->mem_used | (u32)p->cu_used << 16 |
	       (p->nr_timesliced ? 1U << 20 : 0);
}

static void test_every_profile_mix(void **state)
{
	struct mdgpu_part *stack = calloc(4096, sizeof(*stack));
	unsigned char *seen = calloc(MIX_STATES, 1);
	u32 depth = 0, visited = 0;

	(void)state;
	assert_non_null(stack);
	assert_non_null(seen);
	assert_int_equal(mdgpu_part_init(&stack[depth++], 16, 4), 0);
	while (depth) {
		struct mdgpu_part cur = stack[--depth];
		size_t i;

		if (seen[mix_key(&cur)])
			continue;
		seen[mix_key(&cur)] = 1;
		visited++;
		for (i = 0; i < ARRAY_SIZE(mix_reqs); i++) {
			const struct mdgpu_part_req *r = &mix_reqs[i];
			u32 ms, cs;

			assert_int_equal(mdgpu_part_available(&cur, r),
					 count_by_allocating(&cur, r));
			for (ms = 0; ms < 16; ms += r->slices) {
				for (cs = 0; cs < (r->cus ? 4U : 1U);
				     cs += r->cus ? r->cus : 1) {
					struct mdgpu_part next = cur;
					struct mdgpu_placement pl;

					if (mdgpu_part_alloc(
						    &next, r, ms,
						    r->cus ? (int)cs :
							     MDGPU_PART_AUTO,
						    &pl) == 0 &&
					    !seen[mix_key(&next)]) {
						assert_true(depth < 4096);
						stack[depth++] = next;
					}
				}
			}
		}
	}
	/* Far more than random testing reaches; a sanity floor on the walk. */
	assert_true(visited > 10000);
	free(stack);
	free(seen);
}

/* Random mixes: available() equals the allocate-until-full oracle, always. */
static void test_random_mix_matches_oracle(void **state)
{
	struct mdgpu_part_req reqs[] = {
		{ 1, 0 }, { 2, 0 }, { 4, 0 }, { 8, 0 },	 { 16, 0 }, { 2, 1 },
		{ 4, 1 }, { 4, 2 }, { 8, 2 }, { 16, 4 }, { 1, 1 },
	};
	const size_t nreq = ARRAY_SIZE(reqs);
	struct mdgpu_placement held[64];
	unsigned int seed = 12345, n = 0, op;
	struct mdgpu_part p;

	(void)state;
	assert_int_equal(mdgpu_part_init(&p, 16, 4), 0);
	for (op = 0; op < 20000; op++) {
		size_t i;

		for (i = 0; i < nreq; i++)
			assert_int_equal(mdgpu_part_available(&p, &reqs[i]),
					 count_by_allocating(&p, &reqs[i]));
		if (n && (rand_r(&seed) % 3 == 0 || n == 64)) {
			unsigned int k = rand_r(&seed) % n;

			mdgpu_part_free(&p, &held[k]);
			held[k] = held[--n];
		} else {
			const struct mdgpu_part_req *r =
				&reqs[rand_r(&seed) % nreq];
			u32 avail = mdgpu_part_available(&p, r);
			int ret = mdgpu_part_alloc(&p, r, MDGPU_PART_AUTO,
						   MDGPU_PART_AUTO, &held[n]);

			assert_int_equal(ret == 0, avail > 0);
			if (!ret)
				n++;
		}
	}
	while (n)
		mdgpu_part_free(&p, &held[--n]);
	assert_int_equal(p.mem_used, 0);
	assert_int_equal(p.cu_used, 0);
	assert_int_equal(p.nr_timesliced, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_rejects_bad_sizes),
		cmocka_unit_test(test_timesliced_every_count),
		cmocka_unit_test(test_auto_placement_avoids_fragmentation),
		cmocka_unit_test(test_explicit_placement_errors),
		cmocka_unit_test(test_request_validation),
		cmocka_unit_test(test_spatial_and_shared_pool),
		cmocka_unit_test(test_spatial_every_count),
		cmocka_unit_test(test_every_profile_mix),
		cmocka_unit_test(test_random_mix_matches_oracle),
	};

	return cmocka_run_group_tests_name("partition", tests, NULL, NULL);
}
