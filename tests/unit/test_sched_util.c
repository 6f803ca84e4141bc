// SPDX-License-Identifier: GPL-2.0-only
/*
 * Helpers shared by the scheduler-core unit tests (test_sched.h): simulated
 * domains with always-busy entities, and a tolerance check that says what
 * was compared when it fails.
 */
#include <stdio.h>
#include <stdlib.h>

#include "test_sched.h"

/**
 * ts_sim_new() - allocate a simulated domain, asserting success
 * @policy: the domain's policy.
 * @nr_slots: parallel runners.
 * @slice_ns: default slice.
 * @start_ns: start of the simulated clock.
 *
 * Context: test.
 * Return: the simulation (free with ts_free()).
 */
struct sim *ts_sim_new(u32 policy, u32 nr_slots, u64 slice_ns, u64 start_ns)
{
	struct mgs_domain_config d;
	struct sim *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	mgs_domain_config_init(&d);
	d.policy = policy;
	d.nr_slots = nr_slots;
	d.slice_ns = slice_ns;
	assert_int_equal(sim_init(s, &d, start_ns, 42), 0);
	return s;
}

/**
 * ts_add() - add an always-backlogged entity with fixed-length chunks
 * @s: the simulation.
 * @weight: weight.
 * @min_share: guarantee (parts per 10000).
 * @max_share: cap (parts per 10000).
 * @reserve: fixed_share reservation.
 * @prio: priority class.
 * @chunk_ns: chunk length.
 *
 * Context: test; asserts the core accepted the entity.
 * Return: the entity's index.
 */
int ts_add(struct sim *s, u32 weight, u16 min_share, u16 max_share, u16 reserve,
	   u16 prio, u64 chunk_ns)
{
	struct mgs_entity_config c;
	struct sim_workload wl;

	mgs_entity_config_init(&c);
	c.weight = weight;
	c.min_share = min_share;
	c.max_share = max_share;
	c.reserve = reserve;
	c.prio = prio;
	sim_workload_init(&wl, chunk_ns);
	return ts_add_wl(s, &c, &wl);
}

/**
 * ts_add_wl() - add an entity with any configuration and workload
 * @s: the simulation.
 * @cfg: QoS.
 * @wl: workload.
 *
 * Context: test; asserts the core accepted the entity.
 * Return: the entity's index.
 */
int ts_add_wl(struct sim *s, const struct mgs_entity_config *cfg,
	      const struct sim_workload *wl)
{
	char name[SIM_NAME_LEN];
	int idx;

	snprintf(name, sizeof(name), "e%u", s->nr_ent);
	idx = sim_add(s, name, cfg, wl);
	assert_true(idx >= 0);
	return idx;
}

/**
 * ts_share_bp() - @part as parts per 10000 of @whole, rounded
 * @part: numerator.
 * @whole: denominator (non-zero).
 *
 * Context: test.
 * Return: the share.
 */
u64 ts_share_bp(u64 part, u64 whole)
{
	return (u64)(((__uint128_t)part * 10000 + whole / 2) / whole);
}

/**
 * ts_assert_near() - fail with context unless |actual - expected| <= tol
 * @actual: value computed by the core or measured in the simulation.
 * @expected: independent expectation.
 * @tol: tolerance.
 * @what: what is compared.
 * @idx: entity index (or any number that locates the failure).
 *
 * Context: test.
 * Return: nothing; fails the test on mismatch.
 */
void ts_assert_near(u64 actual, u64 expected, u64 tol, const char *what,
		    unsigned int idx)
{
	u64 diff = actual > expected ? actual - expected : expected - actual;

	if (diff <= tol)
		return;
	print_error("%s[%u]: got %llu, expected %llu +- %llu\n", what, idx,
		    (unsigned long long)actual, (unsigned long long)expected,
		    (unsigned long long)tol);
	fail();
}

/**
 * ts_assert_share() - entity @idx got @expect_bp of @whole_ns, within tolerance
 * @s: the simulation.
 * @idx: entity index.
 * @whole_ns: the time (or slot time) the share is of.
 * @expect_bp: expected share in parts per 10000.
 * @what: what is compared, for the failure message.
 *
 * Uses the busy time the engine measured and TS_SHARE_TOL_BP.
 *
 * Context: test.
 * Return: nothing; fails the test on mismatch.
 */
void ts_assert_share(const struct sim *s, unsigned int idx, u64 whole_ns,
		     u64 expect_bp, const char *what)
{
	ts_assert_near(ts_share_bp(s->ents[idx].busy_ns, whole_ns), expect_bp,
		       TS_SHARE_TOL_BP, what, idx);
}

/**
 * ts_free() - free a simulation from ts_sim_new()
 * @s: the simulation.
 *
 * Context: test.
 * Return: nothing.
 */
void ts_free(struct sim *s)
{
	sim_fini(s);
	free(s);
}
