// SPDX-License-Identifier: GPL-2.0-only
/*
 * Accounting and dynamics of the scheduler core on a simulated clock: busy
 * and wait time against the simulation's own clock, the latency histogram,
 * overshoot compensation, arrivals and departures (no burst, no starvation)
 * and the histogram's bucket and percentile arithmetic.
 */
#include <stdio.h>

#include "test_sched.h"

#define RUN_NS (10 * SEC)
#define SLICE_NS (1 * MS)

static void add_bursty(struct sim *s, u32 weight, u64 chunk_min, u64 chunk_max,
		       u64 burst, u64 sleep)
{
	struct mgs_entity_config cfg;
	struct sim_workload wl;

	mgs_entity_config_init(&cfg);
	cfg.weight = weight;
	sim_workload_init(&wl, chunk_min);
	wl.chunk_max_ns = chunk_max;
	wl.burst_ns = burst;
	wl.sleep_ns = sleep;
	ts_add_wl(s, &cfg, &wl);
}

/*
 * For every entity and policy, with bursts, random chunks and two slots:
 * busy (charged) equals the chunks the simulation ran, busy + wait equals
 * the time it was runnable by the simulation's clock (minus the chunk in
 * flight at the end), the histogram counts equal the dispatches, and the
 * latencies the core reported add up to its wait time.
 */
static void test_accounting_sums(void **state)
{
	struct mgs_entity_stats st;
	const struct sim_entity *e;
	u64 hist, lat_sum, inflight;
	unsigned int p, i, b, slots;
	struct sim *s;
	size_t k;

	for (p = 0; p < MGS_NR_POLICIES; p++) {
		for (slots = 1; slots <= 2; slots++) {
			s = ts_sim_new(p, slots, SLICE_NS, 123 * SEC);
			for (i = 0; i < 8; i++)
				add_bursty(s, 1 + i * i, 50 * US, 1500 * US,
					   (1 + i) * 2 * MS, (8 - i) * 3 * MS);
			/* Two always-busy ones that leave, most likely while waiting. */
			for (i = 0; i < 2; i++) {
				k = ts_add(s, 7, 0, MGS_SHARE_ONE, 0, 1,
					   333 * US);
				s->ents[k].wl.depart_ns =
					3333 * MS + i * 4444 * MS;
			}
			sim_run(s, RUN_NS);
			for (i = 0; i < s->nr_ent; i++) {
				e = &s->ents[i];
				mgs_entity_read_stats(&e->ent, s->now_ns, &st);
				inflight = e->busy_ns - e->charged_ns;
				assert_int_equal(st.busy_ns, e->charged_ns);
				assert_true(inflight < 1500 * US);
				assert_int_equal(st.busy_ns + st.wait_ns +
							 inflight,
						 e->runnable_ns);
				hist = 0;
				for (b = 0; b < MGS_LAT_BUCKETS; b++)
					hist += st.lat_hist[b];
				assert_int_equal(hist, st.nr_dispatches);
				assert_int_equal(e->nr_lat, st.nr_dispatches);
				assert_true(st.nr_slices >= st.nr_dispatches);
				lat_sum = 0;
				for (k = 0; k < e->nr_lat; k++)
					lat_sum += e->lat[k];
				/* Minus the wait in progress, which is not a dispatch yet. */
				assert_true(lat_sum <= st.wait_ns);
				assert_true(st.wait_ns - lat_sum <=
					    e->runnable_ns);
				if (!e->ent.runnable && !e->done)
					assert_int_equal(lat_sum, st.wait_ns);
			}
			ts_free(s);
		}
	}
}

/*
 * Overshoot compensation: chunks of 3 ms against 1 ms slices next to 0.5 ms
 * chunks. Time shares stay 50/50 (1:2 weighted: 33/67); the overrunning
 * entity gets a third as many slices, and its overrun is 2/3 of its time.
 */
static void test_overshoot_compensation(void **state)
{
	static const struct {
		u32 policy;
		u32 w0, w1;
		u64 expect0_bp;
	} cases[] = {
		{ MGS_POLICY_EQUAL_SHARE, 1, 1, 5000 },
		{ MGS_POLICY_WEIGHTED, 1, 1, 5000 },
		{ MGS_POLICY_WEIGHTED, 1, 2, 3333 },
		{ MGS_POLICY_WEIGHTED, 2, 1, 6667 },
	};
	const struct mgs_entity_stats *a, *b;
	unsigned int k;
	struct sim *s;

	for (k = 0; k < ARRAY_SIZE(cases); k++) {
		s = ts_sim_new(cases[k].policy, 1, SLICE_NS, 0);
		ts_add(s, cases[k].w0, 0, MGS_SHARE_ONE, 0, 1, 3 * MS);
		ts_add(s, cases[k].w1, 0, MGS_SHARE_ONE, 0, 1, 500 * US);
		sim_run(s, RUN_NS);
		ts_assert_near(ts_share_bp(s->ents[0].busy_ns, RUN_NS),
			       cases[k].expect0_bp, TS_SHARE_TOL_BP,
			       "overshoot share", k);
		a = &s->ents[0].ent.stats;
		b = &s->ents[1].ent.stats;
		/* Slices carry 3 ms and 1 ms: counts in ratio time/3 : time/1. */
		ts_assert_near(a->nr_slices * 3 * MS, s->ents[0].busy_ns,
			       3 * MS, "slices", k);
		ts_assert_near(b->nr_slices * 1 * MS, s->ents[1].busy_ns,
			       1 * MS, "slices", k);
		ts_assert_near(a->overrun_ns * 3, a->busy_ns * 2, 6 * MS,
			       "overrun", k);
		assert_int_equal(b->overrun_ns, 0);
		ts_free(s);
	}
}

/*
 * best_effort does not compensate: turns are equal, so 3 ms chunks get three
 * times the time of 1 ms turns. This is the documented difference to
 * equal_share.
 */
static void test_best_effort_no_compensation(void **state)
{
	struct sim *s = ts_sim_new(MGS_POLICY_BEST_EFFORT, 1, SLICE_NS, 0);

	ts_add(s, 1, 0, MGS_SHARE_ONE, 0, 1, 3 * MS);
	ts_add(s, 1, 0, MGS_SHARE_ONE, 0, 1, 500 * US);
	sim_run(s, RUN_NS);
	ts_assert_share(s, 0, RUN_NS, 7500, "be");
	assert_int_equal(s->ents[0].ent.stats.nr_dispatches,
			 s->ents[1].ent.stats.nr_dispatches);
	ts_free(s);
}

struct burst_check {
	unsigned int who;
	u64 since;
	u64 run_ns;
	u64 max_run_ns;
};

/* Longest stretch @who held the slot in a row, measured by the sim clock. */
static void burst_hook(struct sim *s, unsigned int slot,
		       struct sim_entity *prev, struct sim_entity *next,
		       const struct mgs_pick *pick)
{
	struct burst_check *bc = s->hook_data;
	bool is_who = next && (unsigned int)(next - s->ents) == bc->who;
	bool was_who = prev && (unsigned int)(prev - s->ents) == bc->who;

	if (is_who && !was_who)
		bc->since = s->now_ns;
	if (was_who && !is_who) {
		bc->run_ns = s->now_ns - bc->since;
		if (bc->run_ns > bc->max_run_ns)
			bc->max_run_ns = bc->run_ns;
	}
}

/*
 * A newcomer after 5 s of a neighbour running alone, and an entity waking
 * after 5 s of sleep, each get at most one slice (plus one chunk) in a row,
 * not a catch-up burst, and then an equal share.
 */
static void test_arrival_no_burst(void **state)
{
	struct burst_check bc = { 1, 0, 0, 0 };
	struct mgs_entity_config cfg;
	struct sim_workload wl;
	struct sim *s;
	unsigned int k;

	for (k = 0; k < 2; k++) {
		s = ts_sim_new(MGS_POLICY_WEIGHTED, 1, SLICE_NS, 0);
		ts_add(s, 100, 0, MGS_SHARE_ONE, 0, 1, 250 * US);
		mgs_entity_config_init(&cfg);
		sim_workload_init(&wl, 250 * US);
		if (k == 0) {
			wl.arrive_ns = 5 * SEC;
		} else {
			/* 1 ms of work at t=0, then asleep until 5 s. */
			wl.burst_ns = 1 * MS;
			wl.sleep_ns = 5 * SEC - 2 * MS;
		}
		ts_add_wl(s, &cfg, &wl);
		sim_run(s, 5 * SEC);
		if (k == 1)
			s->ents[1].wl.burst_ns = 0;
		bc.max_run_ns = 0;
		s->hook = burst_hook;
		s->hook_data = &bc;
		sim_reset_measurements(s);
		sim_run(s, 5 * SEC);
		assert_true(bc.max_run_ns > 0);
		assert_true(bc.max_run_ns <= SLICE_NS + 250 * US);
		ts_assert_near(ts_share_bp(s->ents[1].busy_ns, 5 * SEC), 5000,
			       TS_SHARE_TOL_BP, "newcomer", k);
		ts_free(s);
	}
}

/*
 * Departures: of three equal entities, one leaves at 5 s; the other two then
 * split the GPU 50/50 and the one that left stops accruing anything.
 */
static void test_departure_redistributes(void **state)
{
	struct sim *s = ts_sim_new(MGS_POLICY_EQUAL_SHARE, 1, SLICE_NS, 0);
	struct mgs_entity_config cfg;
	struct sim_workload wl;
	u64 busy_before;

	ts_add(s, 100, 0, MGS_SHARE_ONE, 0, 1, 250 * US);
	ts_add(s, 100, 0, MGS_SHARE_ONE, 0, 1, 250 * US);
	mgs_entity_config_init(&cfg);
	sim_workload_init(&wl, 250 * US);
	wl.depart_ns = 5 * SEC;
	ts_add_wl(s, &cfg, &wl);
	sim_run(s, 5 * SEC);
	ts_assert_share(s, 2, 5 * SEC, 3333, "3");
	sim_reset_measurements(s);
	busy_before = s->ents[2].ent.stats.busy_ns;
	sim_run(s, 5 * SEC);
	assert_null(s->ents[2].ent.dom);
	assert_int_equal(s->dom.nr_entities, 2);
	assert_true(s->ents[2].ent.stats.busy_ns - busy_before <= 250 * US);
	ts_assert_share(s, 0, 5 * SEC, 5000, "2");
	ts_assert_share(s, 1, 5 * SEC, 5000, "2");
	ts_free(s);
}

/*
 * No starvation with churn: 16 entities with weights 1..16 arriving and
 * leaving at staggered times, with bursts. Every dispatch latency stays
 * below what the neighbours may take before an entity's virtual time is the
 * smallest again (sum of weights / own weight turns), and everyone gets
 * service.
 */
static void test_no_starvation_churn(void **state)
{
	struct sim *s = ts_sim_new(MGS_POLICY_WEIGHTED, 1, SLICE_NS, 0);
	struct mgs_entity_config cfg;
	struct sim_workload wl;
	unsigned int i;
	size_t k;
	u64 max_lat;

	for (i = 0; i < 16; i++) {
		mgs_entity_config_init(&cfg);
		cfg.weight = i + 1;
		sim_workload_init(&wl, 100 * US);
		wl.chunk_max_ns = 1 * MS;
		wl.arrive_ns = i * 250 * MS;
		wl.depart_ns = i % 3 ? SIM_NEVER : 6 * SEC + i * 100 * MS;
		wl.burst_ns = i % 2 ? 0 : 20 * MS;
		wl.sleep_ns = 5 * MS;
		ts_add_wl(s, &cfg, &wl);
	}
	sim_run(s, RUN_NS);
	for (i = 0; i < 16; i++) {
		assert_true(s->ents[i].busy_ns > 0);
		max_lat = 0;
		for (k = 0; k < s->ents[i].nr_lat; k++)
			max_lat = s->ents[i].lat[k] > max_lat ?
					  s->ents[i].lat[k] :
					  max_lat;
		/*
		 * Others may each run w_j / w_i of i's last turn, and a turn is
		 * a 1 ms slice plus at most a 1 ms chunk of overrun.
		 */
		if (max_lat > ((136 + i) / (i + 1) + 2) * 2 * MS) {
			print_error("entity %u waited %llu ns\n", i,
				    (unsigned long long)max_lat);
			fail();
		}
	}
	ts_free(s);
}

/* Bucket edges are where the header says. */
static void test_lat_buckets(void **state)
{
	unsigned int i;

	assert_int_equal(mgs_lat_bucket(0), 0);
	assert_int_equal(mgs_lat_bucket(1023), 0);
	assert_int_equal(mgs_lat_bucket(1024), 1);
	assert_int_equal(mgs_lat_bucket(2047), 1);
	assert_int_equal(mgs_lat_bucket(2048), 2);
	assert_int_equal(mgs_lat_bucket(1ULL << 31), 22);
	assert_int_equal(mgs_lat_bucket((1ULL << 32) - 1), 22);
	assert_int_equal(mgs_lat_bucket(1ULL << 32), MGS_LAT_BUCKETS - 1);
	assert_int_equal(mgs_lat_bucket(UINT64_MAX), MGS_LAT_BUCKETS - 1);
	for (i = 0; i + 1 < MGS_LAT_BUCKETS; i++) {
		assert_int_equal(mgs_lat_bucket(mgs_lat_bucket_limit_ns(i) - 1),
				 i);
		assert_int_equal(mgs_lat_bucket(mgs_lat_bucket_limit_ns(i)),
				 i + 1);
	}
	assert_true(mgs_lat_bucket_limit_ns(MGS_LAT_BUCKETS - 1) ==
		    MGS_TIME_INF);
}

/* Percentiles: rank ceil(n * p / 1000) on the cumulative counts. */
static void test_lat_percentile(void **state)
{
	struct mgs_entity_stats st;

	memset(&st, 0, sizeof(st));
	assert_int_equal(mgs_stats_lat_percentile(&st, 500), 0);
	st.lat_hist[0] = 50;
	st.lat_hist[3] = 49;
	st.lat_hist[10] = 1;
	assert_int_equal(mgs_stats_lat_percentile(&st, 0), 1024);
	assert_int_equal(mgs_stats_lat_percentile(&st, 500), 1024);
	assert_int_equal(mgs_stats_lat_percentile(&st, 501), 8192);
	assert_int_equal(mgs_stats_lat_percentile(&st, 990), 8192);
	assert_int_equal(mgs_stats_lat_percentile(&st, 991), 1ULL << 20);
	assert_int_equal(mgs_stats_lat_percentile(&st, 5000), 1ULL << 20);
	/* Huge counts: no overflow in total * permille. */
	memset(&st, 0, sizeof(st));
	st.lat_hist[1] = UINT64_MAX / 4;
	st.lat_hist[2] = UINT64_MAX / 4;
	assert_int_equal(mgs_stats_lat_percentile(&st, 500), 2048);
	assert_int_equal(mgs_stats_lat_percentile(&st, 501), 4096);
	st.lat_hist[MGS_LAT_BUCKETS - 1] = 1;
	assert_true(mgs_stats_lat_percentile(&st, 1000) == MGS_TIME_INF);
}

/* read_stats adds the wait in progress; the raw counter does not have it yet. */
static void test_read_stats_wait_in_progress(void **state)
{
	struct mgs_domain_config d;
	struct mgs_entity_config c;
	struct mgs_entity_stats st;
	struct mgs_domain dom;
	struct mgs_entity a, b;
	struct mgs_pick pick;

	mgs_domain_config_init(&d);
	mgs_entity_config_init(&c);
	assert_int_equal(mgs_domain_init(&dom, &d, 1000), 0);
	assert_int_equal(mgs_entity_init(&a, &c), 0);
	assert_int_equal(mgs_entity_init(&b, &c), 0);
	assert_int_equal(mgs_domain_add(&dom, &a, 1000), 0);
	assert_int_equal(mgs_domain_add(&dom, &b, 1000), 0);
	mgs_entity_set_runnable(&dom, &a, true, 1000);
	mgs_entity_set_runnable(&dom, &b, true, 1000);
	assert_ptr_equal(mgs_domain_pick_next(&dom, NULL, 1000, &pick), &a);
	assert_int_equal(pick.slice_ns, MGS_SLICE_DEFAULT_NS);
	mgs_entity_read_stats(&b, 501000, &st);
	assert_int_equal(st.wait_ns, 500000);
	assert_int_equal(b.stats.wait_ns, 0);
	mgs_entity_read_stats(&a, 501000, &st);
	assert_int_equal(st.wait_ns, 0);
	/* a runs out its slice, b is dispatched after 2 ms of waiting. */
	mgs_entity_charge(&dom, &a, MGS_SLICE_DEFAULT_NS,
			  1000 + MGS_SLICE_DEFAULT_NS);
	assert_ptr_equal(mgs_domain_pick_next(
				 &dom, &a, 1000 + MGS_SLICE_DEFAULT_NS, &pick),
			 &b);
	assert_int_equal(pick.flags, MGS_PICK_PREEMPTED);
	assert_int_equal(pick.wait_ns, MGS_SLICE_DEFAULT_NS);
	assert_int_equal(b.stats.lat_hist[mgs_lat_bucket(MGS_SLICE_DEFAULT_NS)],
			 1);
	assert_int_equal(a.stats.nr_preempts, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accounting_sums),
		cmocka_unit_test(test_overshoot_compensation),
		cmocka_unit_test(test_best_effort_no_compensation),
		cmocka_unit_test(test_arrival_no_burst),
		cmocka_unit_test(test_departure_redistributes),
		cmocka_unit_test(test_no_starvation_churn),
		cmocka_unit_test(test_lat_buckets),
		cmocka_unit_test(test_lat_percentile),
		cmocka_unit_test(test_read_stats_wait_in_progress),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	return cmocka_run_group_tests_name("sched_acct", tests, NULL, NULL);
}
