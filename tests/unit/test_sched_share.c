// SPDX-License-Identifier: GPL-2.0-only
/*
 * Long-run fairness of the scheduler core on a simulated clock: weighted
 * shares for N in {1, 2, 4, 8, 16} and several weight ratios, equal_share,
 * best_effort round-robin order, work conservation, and multi-slot domains.
 * Expected shares are computed here from the weights, not by the core.
 */
#include <stdio.h>
#include <stdlib.h>

#include "test_sched.h"

#define RUN_NS (10 * SEC)
#define SLICE_NS (1 * MS)

struct share_case {
	const char *name;
	unsigned int n;
	u32 weights[16];
	u64 chunk_min_ns;
	u64 chunk_max_ns;
};

static const struct share_case weighted_cases[] = {
	{ "n1", 1, { 1 }, 250 * US, 250 * US },
	{ "n2 1:1", 2, { 1, 1 }, 250 * US, 250 * US },
	{ "n2 1:9", 2, { 1, 9 }, 250 * US, 250 * US },
	{ "n2 1:15", 2, { 1, 15 }, 250 * US, 250 * US },
	{ "n2 1:15 random chunks", 2, { 1, 15 }, 50 * US, 900 * US },
	{ "n4 1:2:4:8", 4, { 1, 2, 4, 8 }, 250 * US, 250 * US },
	{ "n4 1:2:4:8 random chunks", 4, { 1, 2, 4, 8 }, 10 * US, 1 * MS },
	{ "n8 equal", 8, { 5, 5, 5, 5, 5, 5, 5, 5 }, 300 * US, 300 * US },
	{ "n8 1:2:4:8 x2", 8, { 1, 2, 4, 8, 1, 2, 4, 8 }, 100 * US, 700 * US },
	{ "n16 equal",
	  16,
	  { 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7 },
	  500 * US,
	  500 * US },
	{ "n16 1:15 pairs",
	  16,
	  { 1, 15, 1, 15, 1, 15, 1, 15, 1, 15, 1, 15, 1, 15, 1, 15 },
	  250 * US,
	  250 * US },
	{ "n16 1..16",
	  16,
	  { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 },
	  20 * US,
	  1 * MS },
	{ "n16 max spread",
	  16,
	  { 1, 10000, 100, 1000, 1, 10000, 100, 1000, 50, 500, 5000, 2, 20, 200,
	    2000, 9999 },
	  100 * US,
	  100 * US },
};

static struct sim *run_case(u32 policy, const struct share_case *c)
{
	struct sim *s = ts_sim_new(policy, 1, SLICE_NS, 0);
	struct mgs_entity_config cfg;
	struct sim_workload wl;
	unsigned int i;

	for (i = 0; i < c->n; i++) {
		mgs_entity_config_init(&cfg);
		cfg.weight = c->weights[i];
		sim_workload_init(&wl, c->chunk_min_ns);
		wl.chunk_max_ns = c->chunk_max_ns;
		ts_add_wl(s, &cfg, &wl);
	}
	sim_run(s, RUN_NS);
	return s;
}

/* The core's busy time is what was charged, and the domain never idled. */
static void assert_conserving(const struct sim *s)
{
	unsigned int i;

	for (i = 0; i < s->nr_ent; i++)
		assert_int_equal(s->ents[i].ent.stats.busy_ns,
				 s->ents[i].charged_ns);
	assert_int_equal(s->idle_ns, 0);
	assert_int_equal(sim_total_busy(s), RUN_NS);
}

/* Weighted: share_i = w_i / sum(w) within TS_SHARE_TOL_BP (0.1 pp) over 10 s. */
static void test_weighted_shares(void **state)
{
	const struct share_case *c;
	unsigned int k, i;
	u64 sum;
	struct sim *s;

	for (k = 0; k < ARRAY_SIZE(weighted_cases); k++) {
		c = &weighted_cases[k];
		s = run_case(MGS_POLICY_WEIGHTED, c);
		sum = 0;
		for (i = 0; i < c->n; i++)
			sum += c->weights[i];
		print_message("  case %s\n", c->name);
		for (i = 0; i < c->n; i++)
			ts_assert_share(s, i, RUN_NS,
					ts_share_bp(c->weights[i], sum),
					c->name);
		assert_conserving(s);
		ts_free(s);
	}
}

/* equal_share ignores weights: 1/N each, whatever the chunk lengths. */
static void test_equal_share(void **state)
{
	const struct share_case *c;
	unsigned int k, i;
	struct sim *s;

	for (k = 0; k < ARRAY_SIZE(weighted_cases); k++) {
		c = &weighted_cases[k];
		s = run_case(MGS_POLICY_EQUAL_SHARE, c);
		for (i = 0; i < c->n; i++)
			ts_assert_share(s, i, RUN_NS, ts_share_bp(1, c->n),
					c->name);
		assert_conserving(s);
		ts_free(s);
	}
}

struct rr_check {
	int last;
	unsigned int n;
	unsigned int dispatches;
	bool broken;
};

static void rr_hook(struct sim *s, unsigned int slot, struct sim_entity *prev,
		    struct sim_entity *next, const struct mgs_pick *pick)
{
	struct rr_check *rr = s->hook_data;
	int idx;

	if (!next || next == prev)
		return;
	idx = next - s->ents;
	if (rr->last >= 0 && idx != (rr->last + 1) % (int)rr->n)
		rr->broken = true;
	rr->last = idx;
	rr->dispatches++;
}

/*
 * best_effort dispatches in strict turns (0, 1, 2, 3, 0, ...) whatever the
 * weights, each turn one slice of chunks, and never idles.
 */
static void test_best_effort_round_robin(void **state)
{
	struct sim *s = ts_sim_new(MGS_POLICY_BEST_EFFORT, 1, SLICE_NS, 0);
	struct rr_check rr = { -1, 4, 0, false };
	unsigned int i;

	ts_add(s, 1, 0, 2000, 0, 1, 250 * US);
	ts_add(s, 9, 5000, 5000, 0, 1, 250 * US);
	ts_add(s, 100, 0, MGS_SHARE_ONE, 0, 1, 250 * US);
	ts_add(s, 10000, 0, MGS_SHARE_ONE, 0, 1, 250 * US);
	s->hook = rr_hook;
	s->hook_data = &rr;
	sim_run(s, RUN_NS);
	assert_false(rr.broken);
	/* 4 chunks per 1 ms slice: one dispatch per ms. */
	assert_int_equal(rr.dispatches, RUN_NS / SLICE_NS);
	for (i = 0; i < 4; i++) {
		assert_int_equal(s->ents[i].busy_ns, RUN_NS / 4);
		assert_int_equal(s->ents[i].ent.stats.nr_slices,
				 RUN_NS / SLICE_NS / 4);
	}
	assert_conserving(s);
	ts_free(s);
}

/*
 * Work conservation with bursty entities: under best_effort, equal_share and
 * weighted (no caps), a slot is never idle while an entity waits.
 */
static void test_work_conserving_bursty(void **state)
{
	static const u32 policies[] = {
		MGS_POLICY_BEST_EFFORT,
		MGS_POLICY_EQUAL_SHARE,
		MGS_POLICY_WEIGHTED,
	};
	struct mgs_entity_config cfg;
	struct sim_workload wl;
	unsigned int p, i;
	struct sim *s;

	for (p = 0; p < 3; p++) {
		s = ts_sim_new(policies[p], 1, SLICE_NS, 0);
		for (i = 0; i < 6; i++) {
			mgs_entity_config_init(&cfg);
			cfg.weight = 1 + 3 * i;
			sim_workload_init(&wl, 100 * US);
			wl.chunk_max_ns = 800 * US;
			wl.burst_ns = (i + 1) * 3 * MS;
			wl.sleep_ns = (7 - i) * 4 * MS;
			ts_add_wl(s, &cfg, &wl);
		}
		sim_run(s, RUN_NS);
		assert_int_equal(s->idle_waiting_ns, 0);
		assert_true(s->idle_ns > 0);
		assert_int_equal(sim_total_busy(s) + s->idle_ns, RUN_NS);
		ts_free(s);
	}
}

/*
 * Two slots, four equal entities: each gets half a slot (25% of the domain's
 * capacity); weights 1:1:2 on two slots: 1/4, 1/4, 1/2 (the heavy one owns
 * a slot, the most one entity can use).
 */
static void test_multi_slot_shares(void **state)
{
	struct sim *s = ts_sim_new(MGS_POLICY_WEIGHTED, 2, SLICE_NS, 0);
	unsigned int i;

	for (i = 0; i < 4; i++)
		ts_add(s, 10, 0, MGS_SHARE_ONE, 0, 1, 300 * US);
	sim_run(s, RUN_NS);
	for (i = 0; i < 4; i++)
		ts_assert_share(s, i, 2 * RUN_NS, 2500, "2 slots equal");
	assert_int_equal(s->idle_ns, 0);
	assert_int_equal(s->dom.nr_running, 2);
	ts_free(s);

	s = ts_sim_new(MGS_POLICY_WEIGHTED, 2, SLICE_NS, 0);
	ts_add(s, 1, 0, MGS_SHARE_ONE, 0, 1, 250 * US);
	ts_add(s, 1, 0, MGS_SHARE_ONE, 0, 1, 250 * US);
	ts_add(s, 2, 0, MGS_SHARE_ONE, 0, 1, 250 * US);
	sim_run(s, RUN_NS);
	ts_assert_share(s, 0, 2 * RUN_NS, 2500, "2 slots 1:1:2");
	ts_assert_share(s, 1, 2 * RUN_NS, 2500, "2 slots 1:1:2");
	ts_assert_share(s, 2, 2 * RUN_NS, 5000, "2 slots 1:1:2");
	assert_int_equal(s->idle_ns, 0);
	ts_free(s);
}

/*
 * A live weight change applies from then on: 1:1 for 5 s, then 1:3; the
 * second half splits 25/75.
 */
static void test_live_weight_change(void **state)
{
	struct sim *s = ts_sim_new(MGS_POLICY_WEIGHTED, 1, SLICE_NS, 0);
	struct mgs_entity_config cfg;

	ts_add(s, 100, 0, MGS_SHARE_ONE, 0, 1, 250 * US);
	ts_add(s, 100, 0, MGS_SHARE_ONE, 0, 1, 250 * US);
	sim_run(s, 5 * SEC);
	ts_assert_share(s, 0, 5 * SEC, 5000, "before");
	cfg = s->ents[1].ent.cfg;
	cfg.weight = 300;
	assert_int_equal(mgs_entity_set_config(&s->dom, &s->ents[1].ent, &cfg,
					       s->now_ns),
			 0);
	sim_reset_measurements(s);
	sim_run(s, 5 * SEC);
	ts_assert_share(s, 0, 5 * SEC, 2500, "after");
	ts_assert_share(s, 1, 5 * SEC, 7500, "after");
	ts_free(s);
}

/*
 * Live policy switches in a row: weighted 1:3, then equal_share (50/50), then
 * best_effort (50/50 with equal chunks), then weighted again (25/75), each
 * measured over its own 3 s window.
 */
static void test_live_policy_switch(void **state)
{
	static const struct {
		u32 policy;
		u64 share0_bp;
	} steps[] = {
		{ MGS_POLICY_WEIGHTED, 2500 },
		{ MGS_POLICY_EQUAL_SHARE, 5000 },
		{ MGS_POLICY_BEST_EFFORT, 5000 },
		{ MGS_POLICY_WEIGHTED, 2500 },
	};
	struct sim *s = ts_sim_new(MGS_POLICY_WEIGHTED, 1, SLICE_NS, 0);
	unsigned int k;

	ts_add(s, 100, 0, MGS_SHARE_ONE, 0, 1, 250 * US);
	ts_add(s, 300, 0, MGS_SHARE_ONE, 0, 1, 250 * US);
	for (k = 0; k < 4; k++) {
		assert_int_equal(mgs_domain_set_policy(&s->dom, steps[k].policy,
						       s->now_ns),
				 0);
		sim_reset_measurements(s);
		sim_run(s, 3 * SEC);
		ts_assert_near(ts_share_bp(s->ents[0].busy_ns, 3 * SEC),
			       steps[k].share0_bp, TS_SHARE_TOL_BP,
			       "policy step", k);
		assert_int_equal(s->idle_ns, 0);
	}
	ts_free(s);
}

/*
 * A policy switch forgets the virtual-time history of the old policy: after
 * 5 s of best_effort, where 3 ms chunks took 75% in equal turns, equal_share
 * splits 50/50 at once rather than starving the heavy user while the other
 * catches up.
 */
static void test_policy_switch_forgets_history(void **state)
{
	struct sim *s = ts_sim_new(MGS_POLICY_BEST_EFFORT, 1, SLICE_NS, 0);

	ts_add(s, 100, 0, MGS_SHARE_ONE, 0, 1, 3 * MS);
	ts_add(s, 100, 0, MGS_SHARE_ONE, 0, 1, 500 * US);
	sim_run(s, 5 * SEC);
	ts_assert_share(s, 0, 5 * SEC, 7500, "be");
	assert_int_equal(mgs_domain_set_policy(&s->dom, MGS_POLICY_EQUAL_SHARE,
					       s->now_ns),
			 0);
	sim_reset_measurements(s);
	sim_run(s, 500 * MS);
	ts_assert_near(ts_share_bp(s->ents[0].busy_ns, 500 * MS), 5000, 100,
		       "equal", 0);
	ts_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weighted_shares),
		cmocka_unit_test(test_equal_share),
		cmocka_unit_test(test_best_effort_round_robin),
		cmocka_unit_test(test_work_conserving_bursty),
		cmocka_unit_test(test_multi_slot_shares),
		cmocka_unit_test(test_live_weight_change),
		cmocka_unit_test(test_live_policy_switch),
		cmocka_unit_test(test_policy_switch_forgets_history),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	return cmocka_run_group_tests_name("sched_share", tests, NULL, NULL);
}
