// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of partition arithmetic (kmod/partition.c): block masks,
 * aligned placement, the exactness of available_instances (creating that
 * many succeeds and one more fails) along random alloc/free sequences, and
 * the shared compute unit kept for time-sliced vGPUs.
 */
#include <kunit/test.h>
#include <linux/prandom.h>

#include "../../kmod/partition.c"

#define NR_LIVE 64

static void part_block_mask(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, block_mask(0, 64), ~0ULL);
	KUNIT_EXPECT_EQ(test, block_mask(0, 1), 1ULL);
	KUNIT_EXPECT_EQ(test, block_mask(63, 1), 1ULL << 63);
	KUNIT_EXPECT_EQ(test, block_mask(32, 32), 0xffffffff00000000ULL);
	KUNIT_EXPECT_EQ(test, block_mask(8, 4), 0xf00ULL);
}

static void part_init(struct kunit *test)
{
	struct mdgpu_part p;
	u32 n;

	for (n = 0; n <= 130; n++) {
		bool ok = n && is_power_of_2(n) && n <= 64;

		KUNIT_EXPECT_EQ_MSG(test, mdgpu_part_init(&p, n, 8),
				    ok ? 0 : -EINVAL, "%u slices", n);
		KUNIT_EXPECT_EQ_MSG(test, mdgpu_part_init(&p, 8, n),
				    ok ? 0 : -EINVAL, "%u CUs", n);
	}
	KUNIT_ASSERT_EQ(test, mdgpu_part_init(&p, 64, 64), 0);
	KUNIT_EXPECT_EQ(test, mdgpu_part_free_slices(&p), 64U);
	KUNIT_EXPECT_EQ(test, mdgpu_part_free_cus(&p), 64U);
}

static void part_explicit_placement(struct kunit *test)
{
	struct mdgpu_part_req r = { .slices = 4, .cus = 2 };
	struct mdgpu_placement pl, pl2;
	struct mdgpu_part p;

	KUNIT_ASSERT_EQ(test, mdgpu_part_init(&p, 16, 8), 0);
	KUNIT_EXPECT_EQ(test, mdgpu_part_alloc(&p, &r, 2, MDGPU_PART_AUTO, &pl),
			-EINVAL);
	KUNIT_EXPECT_EQ(test,
			mdgpu_part_alloc(&p, &r, 16, MDGPU_PART_AUTO, &pl),
			-EINVAL);
	KUNIT_EXPECT_EQ(test,
			mdgpu_part_alloc(&p, &r, -5, MDGPU_PART_AUTO, &pl),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, mdgpu_part_alloc(&p, &r, 4, 1, &pl), -EINVAL);
	KUNIT_ASSERT_EQ(test, mdgpu_part_alloc(&p, &r, 4, 6, &pl), 0);
	KUNIT_EXPECT_EQ(test, pl.slice_start, 4U);
	KUNIT_EXPECT_EQ(test, pl.cu_start, 6U);
	KUNIT_EXPECT_EQ(test, p.mem_used, 0xf0ULL);
	KUNIT_EXPECT_EQ(test, p.cu_used, 0xc0ULL);
	KUNIT_EXPECT_EQ(test,
			mdgpu_part_alloc(&p, &r, 4, MDGPU_PART_AUTO, &pl2),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, mdgpu_part_alloc(&p, &r, 0, 6, &pl2), -EBUSY);
	/* Failures change nothing. */
	KUNIT_EXPECT_EQ(test, p.mem_used, 0xf0ULL);
	KUNIT_EXPECT_EQ(test, p.cu_used, 0xc0ULL);
	/* A time-sliced request takes no CU and accepts no CU start. */
	r.cus = 0;
	KUNIT_EXPECT_EQ(test,
			mdgpu_part_alloc(&p, &r, MDGPU_PART_AUTO, 2, &pl2),
			-EINVAL);
	KUNIT_ASSERT_EQ(test,
			mdgpu_part_alloc(&p, &r, MDGPU_PART_AUTO, 0, &pl2), 0);
	KUNIT_EXPECT_EQ(test, pl2.cus, 0U);
	KUNIT_EXPECT_EQ(test, p.nr_timesliced, 1U);
	mdgpu_part_free(&p, &pl2);
	mdgpu_part_free(&p, &pl);
	KUNIT_EXPECT_EQ(test, p.mem_used, 0ULL);
	KUNIT_EXPECT_EQ(test, p.cu_used, 0ULL);
	KUNIT_EXPECT_EQ(test, p.nr_timesliced, 0U);
}

static void part_timesliced_keeps_a_cu(struct kunit *test)
{
	struct mdgpu_part_req ts = { .slices = 1, .cus = 0 };
	struct mdgpu_part_req sp4 = { .slices = 1, .cus = 4 };
	struct mdgpu_part_req sp2 = { .slices = 1, .cus = 2 };
	struct mdgpu_placement a, b;
	struct mdgpu_part p;

	KUNIT_ASSERT_EQ(test, mdgpu_part_init(&p, 8, 4), 0);
	/* Without time-sliced vGPUs, spatial ones may take every CU. */
	KUNIT_EXPECT_EQ(test, mdgpu_part_available(&p, &sp4), 1U);
	KUNIT_ASSERT_EQ(test,
			mdgpu_part_alloc(&p, &ts, MDGPU_PART_AUTO,
					 MDGPU_PART_AUTO, &a),
			0);
	KUNIT_EXPECT_EQ(test, mdgpu_part_available(&p, &sp4), 0U);
	KUNIT_EXPECT_EQ(test, mdgpu_part_available(&p, &sp2), 1U);
	KUNIT_EXPECT_EQ(test,
			mdgpu_part_alloc(&p, &sp4, MDGPU_PART_AUTO,
					 MDGPU_PART_AUTO, &b),
			-ENOSPC);
	KUNIT_ASSERT_EQ(test,
			mdgpu_part_alloc(&p, &sp2, MDGPU_PART_AUTO,
					 MDGPU_PART_AUTO, &b),
			0);
	KUNIT_EXPECT_EQ(test, mdgpu_part_available(&p, &sp2), 0U);
	KUNIT_EXPECT_EQ(test, mdgpu_part_available(&p, &ts), 6U);
	mdgpu_part_free(&p, &a);
	KUNIT_EXPECT_EQ(test, mdgpu_part_available(&p, &sp2), 1U);
	mdgpu_part_free(&p, &b);
	KUNIT_EXPECT_EQ(test, mdgpu_part_available(&p, &sp4), 1U);
}

/* available() is exact: that many automatic allocations succeed, then -ENOSPC. */
static void check_exact(struct kunit *test, const struct mdgpu_part *p,
			const struct mdgpu_part_req *r)
{
	struct mdgpu_part copy = *p;
	struct mdgpu_placement pl;
	u32 want = mdgpu_part_available(p, r), got = 0;

	while (got <= want && !mdgpu_part_alloc(&copy, r, MDGPU_PART_AUTO,
						MDGPU_PART_AUTO, &pl))
		got++;
	KUNIT_EXPECT_EQ_MSG(
		test, got, want,
		"req %u slices %u CUs on mem %#llx cu %#llx ts %u (%u x %u)",
		r->slices, r->cus, p->mem_used, p->cu_used, p->nr_timesliced,
		p->nr_slices, p->nr_cus);
}

static void part_random_exactness(struct kunit *test)
{
	static const u32 shapes[][2] = {
		{ 8, 4 }, { 16, 8 }, { 64, 64 }, { 32, 1 }
	};
	struct mdgpu_placement *live;
	struct rnd_state rnd;
	u32 s, step, i, nr;

	live = kunit_kcalloc(test, NR_LIVE, sizeof(*live), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, live);
	prandom_seed_state(&rnd, 0x6d64677075ULL);
	for (s = 0; s < ARRAY_SIZE(shapes); s++) {
		struct mdgpu_part p;
		u64 mem = 0, cu = 0;
		u32 ts = 0;

		KUNIT_ASSERT_EQ(test,
				mdgpu_part_init(&p, shapes[s][0], shapes[s][1]),
				0);
		nr = 0;
		for (step = 0; step < 400; step++) {
			struct mdgpu_part_req r = {
				.slices = 1U
					  << prandom_u32_state(&rnd) %
						     (ilog2(p.nr_slices) + 1),
				.cus = prandom_u32_state(&rnd) % 3 ?
					       1U << prandom_u32_state(&rnd) %
							       (ilog2(p.nr_cus) +
								1) :
					       0,
			};

			if (step % 7 == 0) {
				check_exact(test, &p, &r);
				if (test->status == KUNIT_FAILURE)
					return;
			}
			if (nr &&
			    (nr == NR_LIVE || prandom_u32_state(&rnd) % 2)) {
				i = prandom_u32_state(&rnd) % nr;
				mdgpu_part_free(&p, &live[i]);
				live[i] = live[--nr];
			} else if (!mdgpu_part_alloc(&p, &r, MDGPU_PART_AUTO,
						     MDGPU_PART_AUTO,
						     &live[nr])) {
				struct mdgpu_placement *pl = &live[nr++];

				KUNIT_EXPECT_EQ(
					test, pl->slice_start % pl->slices, 0U);
				if (pl->cus)
					KUNIT_EXPECT_EQ(test,
							pl->cu_start % pl->cus,
							0U);
			}
			/* The maps are exactly the union of the live placements. */
			mem = 0;
			cu = 0;
			ts = 0;
			for (i = 0; i < nr; i++) {
				u64 m = block_mask(live[i].slice_start,
						   live[i].slices);

				KUNIT_EXPECT_EQ(test, mem & m, 0ULL);
				mem |= m;
				if (live[i].cus) {
					m = block_mask(live[i].cu_start,
						       live[i].cus);
					KUNIT_EXPECT_EQ(test, cu & m, 0ULL);
					cu |= m;
				} else {
					ts++;
				}
			}
			KUNIT_ASSERT_EQ(test, p.mem_used, mem);
			KUNIT_ASSERT_EQ(test, p.cu_used, cu);
			KUNIT_ASSERT_EQ(test, p.nr_timesliced, ts);
			if (ts)
				KUNIT_ASSERT_GE(test, mdgpu_part_free_cus(&p),
						1U);
		}
		while (nr)
			mdgpu_part_free(&p, &live[--nr]);
		KUNIT_EXPECT_EQ(test, mdgpu_part_free_slices(&p), p.nr_slices);
		KUNIT_EXPECT_EQ(test, mdgpu_part_free_cus(&p), p.nr_cus);
	}
}

static struct kunit_case mdgpu_partition_cases[] = {
	KUNIT_CASE(part_block_mask),
	KUNIT_CASE(part_init),
	KUNIT_CASE(part_explicit_placement),
	KUNIT_CASE(part_timesliced_keeps_a_cu),
	KUNIT_CASE(part_random_exactness),
	{}
};

static struct kunit_suite mdgpu_partition_suite = {
	.name = "mdgpu_partition",
	.test_cases = mdgpu_partition_cases,
};

kunit_test_suite(mdgpu_partition_suite);
