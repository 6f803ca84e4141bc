// SPDX-License-Identifier: GPL-2.0-only
/*
 * QoS of the scheduler core on a simulated clock: caps alone and under
 * contention (and per period), guaranteed minimum shares, fixed_share
 * reservations that idle the GPU, strict priority classes with preemption
 * at chunk boundaries, and live cap changes.
 */
#include <stdio.h>

#include "test_sched.h"

#define RUN_NS (10 * SEC)
#define SLICE_NS (1 * MS)
#define PERIOD_NS MGS_PERIOD_DEFAULT_NS

struct qos_case {
	const char *name;
	unsigned int n;
	u32 weight[4];
	u16 min[4];
	u16 max[4];
	u64 chunk[4];
	u64 expect_bp[4];
};

static struct sim *run_qos_case(u32 policy, const struct qos_case *c)
{
	struct sim *s = ts_sim_new(policy, 1, SLICE_NS, 0);
	unsigned int i;

	for (i = 0; i < c->n; i++)
		ts_add(s, c->weight[i], c->min[i],
		       c->max[i] ? c->max[i] : MGS_SHARE_ONE, 0,
		       MGS_PRIO_DEFAULT, c->chunk[i] ? c->chunk[i] : 250 * US);
	sim_run(s, RUN_NS);
	return s;
}

static void assert_case_shares(const struct sim *s, const struct qos_case *c)
{
	unsigned int i;

	for (i = 0; i < c->n; i++)
		ts_assert_share(s, i, RUN_NS, c->expect_bp[i], c->name);
}

/* No period's usage exceeds the cap's budget by more than one chunk. */
static void assert_cap_per_period(const struct sim *s, const struct qos_case *c)
{
	u64 budget, chunk;
	unsigned int i;

	for (i = 0; i < c->n; i++) {
		if (!c->max[i])
			continue;
		budget = PERIOD_NS * c->max[i] / MGS_SHARE_ONE;
		chunk = c->chunk[i] ? c->chunk[i] : 250 * US;
		if (s->ents[i].max_period_busy_ns > budget + chunk) {
			print_error(
				"%s[%u]: %llu ns in one period, cap %llu + chunk %llu\n",
				c->name, i,
				(unsigned long long)s->ents[i]
					.max_period_busy_ns,
				(unsigned long long)budget,
				(unsigned long long)chunk);
			fail();
		}
	}
}

/* A capped entity alone gets its cap and the GPU idles the rest. */
static void test_cap_alone(void **state)
{
	static const u16 caps[] = { 1, 500, 2000, 5000, 9900 };
	/* 0.01% of 100 ms is 10 us: one 250 us chunk, then 24 periods of debt. */
	static const u64 throttles[] = { 4, 100, 100, 100, 100 };
	struct qos_case c = { "cap alone",  1,	  { 100 }, { 0 }, { 0 },
			      { 250 * US }, { 0 } };
	struct sim *s;
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(caps); k++) {
		c.max[0] = caps[k];
		c.expect_bp[0] = caps[k];
		s = run_qos_case(MGS_POLICY_WEIGHTED, &c);
		assert_case_shares(s, &c);
		assert_cap_per_period(s, &c);
		ts_assert_near(ts_share_bp(s->idle_ns, RUN_NS),
			       MGS_SHARE_ONE - caps[k], TS_SHARE_TOL_BP, "idle",
			       k);
		assert_int_equal(s->ents[0].ent.stats.nr_throttled,
				 throttles[k]);
		ts_free(s);
	}
}

static const struct qos_case cap_cases[] = {
	{ "w9 cap20 vs w1",
	  2,
	  { 9, 1 },
	  { 0 },
	  { 2000, 0 },
	  { 0 },
	  { 2000, 8000 } },
	{ "two capped below fair",
	  3,
	  { 1, 1, 1 },
	  { 0 },
	  { 3000, 3000, 0 },
	  { 0 },
	  { 3000, 3000, 4000 } },
	{ "cap above fair share is inert",
	  2,
	  { 1, 1 },
	  { 0 },
	  { 7000, 0 },
	  { 0 },
	  { 5000, 5000 } },
	{ "all capped, 40% idle",
	  3,
	  { 1, 1, 1 },
	  { 0 },
	  { 1000, 2000, 3000 },
	  { 0 },
	  { 1000, 2000, 3000 } },
	{ "overrunning chunks under cap",
	  2,
	  { 1, 1 },
	  { 0 },
	  { 2500, 0 },
	  { 1500 * US, 250 * US },
	  { 2500, 7500 } },
	{ "odd chunks under cap",
	  3,
	  { 5, 1, 1 },
	  { 0 },
	  { 3333, 0, 0 },
	  { 700 * US, 300 * US, 900 * US },
	  { 3333, 3333, 3333 } },
};

/* Caps under contention: the capped entity gets min(cap, fair), others the rest. */
static void test_cap_under_contention(void **state)
{
	unsigned int k;
	struct sim *s;

	for (k = 0; k < ARRAY_SIZE(cap_cases); k++) {
		s = run_qos_case(MGS_POLICY_WEIGHTED, &cap_cases[k]);
		assert_case_shares(s, &cap_cases[k]);
		assert_cap_per_period(s, &cap_cases[k]);
		ts_free(s);
	}
}

static const struct qos_case min_cases[] = {
	{ "w1 min50 vs w9",
	  2,
	  { 1, 9 },
	  { 5000, 0 },
	  { 0 },
	  { 0 },
	  { 5000, 5000 } },
	{ "min below fair share is inert",
	  2,
	  { 1, 1 },
	  { 1000, 0 },
	  { 0 },
	  { 0 },
	  { 5000, 5000 } },
	{ "two mins and a heavy one",
	  3,
	  { 1, 1, 8 },
	  { 3000, 3000, 0 },
	  { 0 },
	  { 0 },
	  { 3000, 3000, 4000 } },
	{ "one min among four",
	  4,
	  { 1, 1, 1, 1 },
	  { 4000, 0, 0, 0 },
	  { 0 },
	  { 0 },
	  { 4000, 2000, 2000, 2000 } },
	{ "min = max",
	  2,
	  { 1, 100 },
	  { 2500, 0 },
	  { 2500, 0 },
	  { 0 },
	  { 2500, 7500 } },
	{ "min with overrunning chunks",
	  2,
	  { 1, 9 },
	  { 3000, 0 },
	  { 0 },
	  { 2 * MS, 300 * US },
	  { 3000, 7000 } },
};

/* Guarantees: an entity below its minimum gets it; above it, weights rule. */
static void test_min_share(void **state)
{
	unsigned int k;
	struct sim *s;

	for (k = 0; k < ARRAY_SIZE(min_cases); k++) {
		s = run_qos_case(MGS_POLICY_WEIGHTED, &min_cases[k]);
		assert_case_shares(s, &min_cases[k]);
		ts_free(s);
	}
}

/*
 * A guarantee holds whatever the neighbours' class: a low-priority entity
 * with a 20% minimum gets 20% next to an always-busy top-class entity, and a
 * low-priority entity without one gets nothing.
 */
static void test_min_share_beats_priority(void **state)
{
	struct sim *s = ts_sim_new(MGS_POLICY_WEIGHTED, 1, SLICE_NS, 0);

	ts_add(s, 100, 0, MGS_SHARE_ONE, 0, MGS_NR_PRIO - 1, 250 * US);
	ts_add(s, 100, 2000, MGS_SHARE_ONE, 0, 0, 250 * US);
	ts_add(s, 100, 0, MGS_SHARE_ONE, 0, 0, 250 * US);
	sim_run(s, RUN_NS);
	ts_assert_share(s, 0, RUN_NS, 8000, "prio");
	ts_assert_share(s, 1, RUN_NS, 2000, "prio");
	assert_int_equal(s->ents[2].busy_ns, 0);
	assert_int_equal(s->ents[2].ent.stats.nr_dispatches, 0);
	/* A slice granted for the guarantee is not cut by the top class: 4 chunks each. */
	assert_true(s->ents[1].nr_chunks >=
		    4 * s->ents[1].ent.stats.nr_dispatches - 4);
	ts_free(s);
}

/*
 * A guarantee met by precedence is not a debt: after 5 s of a 50% minimum
 * (weight 1 against 9), removing the minimum gives weight shares (10/90)
 * from the next slices on, instead of starving the entity while the other
 * catches up in virtual time.
 */
static void test_min_share_removed_no_debt(void **state)
{
	struct sim *s = ts_sim_new(MGS_POLICY_WEIGHTED, 1, SLICE_NS, 0);
	struct mgs_entity_config cfg;

	ts_add(s, 1, 5000, MGS_SHARE_ONE, 0, 1, 250 * US);
	ts_add(s, 9, 0, MGS_SHARE_ONE, 0, 1, 250 * US);
	sim_run(s, 5 * SEC);
	ts_assert_share(s, 0, 5 * SEC, 5000, "min");
	cfg = s->ents[0].ent.cfg;
	cfg.min_share = 0;
	assert_int_equal(mgs_entity_set_config(&s->dom, &s->ents[0].ent, &cfg,
					       s->now_ns),
			 0);
	sim_reset_measurements(s);
	sim_run(s, 1 * SEC);
	ts_assert_near(ts_share_bp(s->ents[0].busy_ns, 1 * SEC), 1000,
		       2 * TS_SHARE_TOL_BP, "no min", 0);
	ts_free(s);
}

/*
 * A cap's lag is not a credit: an entity held to 10% for 5 s, once its cap
 * is lifted, shares 50/50 at once and never runs more than a slice (plus a
 * chunk) in a row.
 */
static void test_cap_lifted_no_burst(void **state)
{
	struct sim *s = ts_sim_new(MGS_POLICY_WEIGHTED, 1, SLICE_NS, 0);
	struct mgs_entity_config cfg;
	u64 max_run = 0;
	unsigned int i;

	ts_add(s, 1, 0, 1000, 0, 1, 250 * US);
	ts_add(s, 1, 0, MGS_SHARE_ONE, 0, 1, 250 * US);
	sim_run(s, 5 * SEC);
	cfg = s->ents[0].ent.cfg;
	cfg.max_share = MGS_SHARE_ONE;
	assert_int_equal(mgs_entity_set_config(&s->dom, &s->ents[0].ent, &cfg,
					       s->now_ns),
			 0);
	sim_reset_measurements(s);
	for (i = 0; i < 400; i++) {
		sim_run(s, 250 * US);
		max_run = s->ents[1].busy_ns ? max_run : s->ents[0].busy_ns;
	}
	assert_true(max_run <= SLICE_NS + 250 * US);
	ts_assert_near(ts_share_bp(s->ents[0].busy_ns, 100 * MS), 5000, 100,
		       "lifted", 0);
	ts_free(s);
}

struct prio_check {
	unsigned int violations;
	unsigned int picks;
};

/* After every pick, nobody waiting (all eligible: no caps here) outranks it. */
static void prio_hook(struct sim *s, unsigned int slot, struct sim_entity *prev,
		      struct sim_entity *next, const struct mgs_pick *pick)
{
	struct prio_check *pc = s->hook_data;
	const struct sim_entity *e;
	unsigned int i;

	pc->picks++;
	for (i = 0; i < s->nr_ent; i++) {
		e = &s->ents[i];
		if (!e->present || !e->ent.runnable || e->ent.running)
			continue;
		if (!next || e->ent.cfg.prio > next->ent.cfg.prio)
			pc->violations++;
	}
}

/*
 * Strict classes under every policy: the top class takes all while it is
 * runnable; when it sleeps, the next class runs; the hook checks the rule at
 * every decision.
 */
static void test_priority_classes(void **state)
{
	static const u32 policies[] = {
		MGS_POLICY_BEST_EFFORT,
		MGS_POLICY_EQUAL_SHARE,
		MGS_POLICY_WEIGHTED,
	};
	struct prio_check pc;
	struct mgs_entity_config cfg;
	struct sim_workload wl;
	unsigned int p;
	struct sim *s;

	for (p = 0; p < 3; p++) {
		s = ts_sim_new(policies[p], 1, SLICE_NS, 0);
		/* Top class: 3 ms of work every 10 ms. */
		mgs_entity_config_init(&cfg);
		cfg.prio = 3;
		cfg.weight = 1;
		sim_workload_init(&wl, 200 * US);
		wl.burst_ns = 3 * MS;
		wl.sleep_ns = 7 * MS;
		ts_add_wl(s, &cfg, &wl);
		ts_add(s, 10000, 0, MGS_SHARE_ONE, 0, 2, 300 * US);
		ts_add(s, 10000, 0, MGS_SHARE_ONE, 0, 1, 300 * US);
		pc.violations = 0;
		pc.picks = 0;
		s->hook = prio_hook;
		s->hook_data = &pc;
		sim_run(s, RUN_NS);
		assert_true(pc.picks > 1000);
		assert_int_equal(pc.violations, 0);
		assert_true(s->ents[0].busy_ns > RUN_NS / 5);
		assert_int_equal(s->ents[0].busy_ns + s->ents[1].busy_ns,
				 RUN_NS);
		assert_int_equal(s->ents[2].busy_ns, 0);
		ts_free(s);
	}
}

/*
 * Preemption happens at chunk boundaries: a top-class entity waking up waits
 * at most one chunk of the lower class, although the latter's slice is 5 ms.
 */
static void test_priority_preempts_at_chunk_boundary(void **state)
{
	struct sim *s = ts_sim_new(MGS_POLICY_WEIGHTED, 1, 5 * MS, 0);
	struct mgs_entity_config cfg;
	struct sim_workload wl;
	size_t i;

	mgs_entity_config_init(&cfg);
	cfg.prio = 2;
	sim_workload_init(&wl, 100 * US);
	wl.burst_ns = 1 * MS;
	wl.sleep_ns = 3100 * US;
	ts_add_wl(s, &cfg, &wl);
	ts_add(s, 100, 0, MGS_SHARE_ONE, 0, 1, 400 * US);
	sim_run(s, RUN_NS);
	assert_true(s->ents[0].nr_lat > 1000);
	for (i = 0; i < s->ents[0].nr_lat; i++)
		assert_true(s->ents[0].lat[i] <= 400 * US);
	assert_true(s->ents[1].ent.stats.nr_preempts > 1000);
	ts_free(s);
}

/*
 * fixed_share is not work-conserving: alone, an entity gets exactly its
 * reservation and the GPU idles the rest, although it has work.
 */
static void test_fixed_share_alone_idles(void **state)
{
	static const u16 reserves[] = { 1000, 3000, 7500 };
	unsigned int k;
	struct sim *s;

	for (k = 0; k < 3; k++) {
		s = ts_sim_new(MGS_POLICY_FIXED_SHARE, 1, SLICE_NS, 0);
		ts_add(s, 100, 0, MGS_SHARE_ONE, reserves[k], 1, 250 * US);
		sim_run(s, RUN_NS);
		ts_assert_near(ts_share_bp(s->ents[0].busy_ns, RUN_NS),
			       reserves[k], TS_SHARE_TOL_BP, "fixed alone", k);
		ts_assert_near(ts_share_bp(s->idle_waiting_ns, RUN_NS),
			       MGS_SHARE_ONE - reserves[k], TS_SHARE_TOL_BP,
			       "fixed idle", k);
		ts_free(s);
	}
}

/*
 * Explicit reservations are exact, entities without one split what is left,
 * weights and priorities do not matter, and a sleeping entity's reservation
 * is left idle rather than given away.
 */
static void test_fixed_share_reservations(void **state)
{
	struct mgs_entity_config cfg;
	struct sim_workload wl;
	struct sim *s;

	s = ts_sim_new(MGS_POLICY_FIXED_SHARE, 1, SLICE_NS, 0);
	ts_add(s, 1, 0, MGS_SHARE_ONE, 3000, 3, 250 * US);
	ts_add(s, 10000, 0, MGS_SHARE_ONE, 5000, 0, 300 * US);
	ts_add(s, 100, 0, MGS_SHARE_ONE, 0, 1, 250 * US);
	sim_run(s, RUN_NS);
	ts_assert_share(s, 0, RUN_NS, 3000, "res");
	ts_assert_share(s, 1, RUN_NS, 5000, "res");
	ts_assert_share(s, 2, RUN_NS, 2000, "res");
	ts_free(s);

	s = ts_sim_new(MGS_POLICY_FIXED_SHARE, 1, SLICE_NS, 0);
	ts_add(s, 100, 0, MGS_SHARE_ONE, 4000, 1, 250 * US);
	ts_add(s, 100, 0, MGS_SHARE_ONE, 0, 1, 250 * US);
	/* Present but idle after 1 ms of work: its default 30% stays unused. */
	mgs_entity_config_init(&cfg);
	sim_workload_init(&wl, 250 * US);
	wl.burst_ns = 1 * MS;
	wl.sleep_ns = 1000 * SEC;
	ts_add_wl(s, &cfg, &wl);
	sim_run(s, RUN_NS);
	ts_assert_share(s, 0, RUN_NS, 4000, "def");
	ts_assert_share(s, 1, RUN_NS, 3000, "def");
	ts_assert_near(ts_share_bp(s->idle_ns, RUN_NS), 3000, TS_SHARE_TOL_BP,
		       "def idle", 0);
	ts_free(s);
}

/*
 * A cap lowered live, mid-period, holds at once, and what the entity used
 * under the old cap is not carried as a debt into the next period.
 */
/*
 * Reservations are paced over the period: a low class with half the GPU
 * reserved waits no more than a slice and a chunk for the top class, instead
 * of until the top class has spent its half.
 */
static void test_fixed_share_paced(void **state)
{
	struct sim *s = ts_sim_new(MGS_POLICY_FIXED_SHARE, 1, SLICE_NS, 0);
	size_t i;

	ts_add(s, 100, 0, MGS_SHARE_ONE, 5000, MGS_NR_PRIO - 1, 250 * US);
	ts_add(s, 100, 0, MGS_SHARE_ONE, 5000, 0, 250 * US);
	sim_run(s, RUN_NS);
	ts_assert_share(s, 1, RUN_NS, 5000, "paced");
	for (i = 0; i < s->ents[1].nr_lat; i++)
		assert_true(s->ents[1].lat[i] <= SLICE_NS + 250 * US);
	ts_free(s);
}

static void test_cap_live_change(void **state)
{
	struct sim *s = ts_sim_new(MGS_POLICY_WEIGHTED, 1, SLICE_NS, 0);
	struct mgs_entity_config cfg;

	ts_add(s, 100, 0, 6000, 0, 1, 250 * US);
	ts_add(s, 1, 0, MGS_SHARE_ONE, 0, 1, 250 * US);
	sim_run(s, 5 * SEC);
	ts_assert_share(s, 0, 5 * SEC, 6000, "cap 60");
	sim_run(s, 50 * MS);
	cfg = s->ents[0].ent.cfg;
	cfg.max_share = 1500;
	assert_int_equal(mgs_entity_set_config(&s->dom, &s->ents[0].ent, &cfg,
					       s->now_ns),
			 0);
	sim_reset_measurements(s);
	sim_run(s, 5 * SEC);
	ts_assert_share(s, 0, 5 * SEC, 1500, "cap 15");
	ts_assert_share(s, 1, 5 * SEC, 8500, "cap 15");
	ts_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cap_alone),
		cmocka_unit_test(test_cap_under_contention),
		cmocka_unit_test(test_min_share),
		cmocka_unit_test(test_min_share_beats_priority),
		cmocka_unit_test(test_min_share_removed_no_debt),
		cmocka_unit_test(test_cap_lifted_no_burst),
		cmocka_unit_test(test_priority_classes),
		cmocka_unit_test(test_priority_preempts_at_chunk_boundary),
		cmocka_unit_test(test_fixed_share_alone_idles),
		cmocka_unit_test(test_fixed_share_reservations),
		cmocka_unit_test(test_fixed_share_paced),
		cmocka_unit_test(test_cap_live_change),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	return cmocka_run_group_tests_name("sched_qos", tests, NULL, NULL);
}
