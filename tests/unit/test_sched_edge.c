// SPDX-License-Identifier: GPL-2.0-only
/*
 * Edges of the scheduler core: validation that rejects bad settings without
 * touching state, membership errors, and arithmetic limits (clocks near 2^63
 * and across the u64 wrap, virtual time across the wrap, huge charges, the
 * largest weight ratio, skipped periods, a clock going backwards).
 */
#include <stdio.h>
#include <stdlib.h>

#include "test_sched.h"

#define SLICE_NS (1 * MS)
#define PERIOD_NS MGS_PERIOD_DEFAULT_NS

/* A domain with three entities: mins 30+30 %, reservations 40+30 %. */
struct fixture {
	struct mgs_domain dom;
	struct mgs_entity ent[3];
};

static void fixture_init(struct fixture *f, u32 nr_slots)
{
	struct mgs_domain_config d;
	struct mgs_entity_config c;
	unsigned int i;

	memset(f, 0, sizeof(*f));
	mgs_domain_config_init(&d);
	d.nr_slots = nr_slots;
	assert_int_equal(mgs_domain_init(&f->dom, &d, 5 * SEC), 0);
	for (i = 0; i < 3; i++) {
		mgs_entity_config_init(&c);
		c.min_share = i < 2 ? 3000 : 0;
		c.reserve = i < 2 ? 4000 - i * 1000 : 0;
		assert_int_equal(mgs_entity_init(&f->ent[i], &c), 0);
		assert_int_equal(mgs_domain_add(&f->dom, &f->ent[i], 5 * SEC),
				 0);
		assert_int_equal(mgs_entity_set_runnable(&f->dom, &f->ent[i],
							 true, 5 * SEC),
				 0);
	}
}

/* The same without guarantees, which would hand an entity its share back. */
static void fixture_init_no_mins(struct fixture *f)
{
	struct mgs_entity_config c;
	unsigned int i;

	fixture_init(f, 1);
	for (i = 0; i < 3; i++) {
		c = f->ent[i].cfg;
		c.min_share = 0;
		assert_int_equal(mgs_entity_set_config(&f->dom, &f->ent[i], &c,
						       5 * SEC),
				 0);
	}
}

struct reject_case {
	const char *name;
	int expect;
	u32 weight;
	u16 min_share, max_share, reserve, prio;
	u64 slice_ns;
};

static const struct reject_case entity_rejects[] = {
	{ "weight 0", -EINVAL, 0, 0, 10000, 0, 1, 0 },
	{ "weight too big", -EINVAL, 10001, 0, 10000, 0, 1, 0 },
	{ "cap 0", -EINVAL, 100, 0, 0, 0, 1, 0 },
	{ "cap above 100%", -EINVAL, 100, 0, 10001, 0, 1, 0 },
	{ "min above cap", -EINVAL, 100, 3000, 2000, 0, 1, 0 },
	{ "reserve above 100%", -EINVAL, 100, 0, 10000, 10001, 1, 0 },
	{ "prio out of range", -EINVAL, 100, 0, 10000, 0, MGS_NR_PRIO, 0 },
	{ "slice too short", -EINVAL, 100, 0, 10000, 0, 1,
	  MGS_SLICE_MIN_NS - 1 },
	{ "slice too long", -EINVAL, 100, 0, 10000, 0, 1,
	  MGS_SLICE_MAX_NS + 1 },
	{ "mins over 100%", -ENOSPC, 100, 4001, 10000, 0, 1, 0 },
	{ "reservations over 100%", -ENOSPC, 100, 0, 10000, 3001, 1, 0 },
};

static void reject_cfg(const struct reject_case *rc,
		       struct mgs_entity_config *c)
{
	mgs_entity_config_init(c);
	c->weight = rc->weight;
	c->min_share = rc->min_share;
	c->max_share = rc->max_share;
	c->reserve = rc->reserve;
	c->prio = rc->prio;
	c->slice_ns = rc->slice_ns;
}

/*
 * Every bad entity setting is refused with its errno, by the checker, the
 * live setter and mgs_domain_add(), and the domain and all entities stay
 * byte-for-byte what they were.
 */
static void test_entity_config_rejects(void **state)
{
	struct fixture f, snap;
	struct mgs_entity_config c;
	struct mgs_entity extra, extra_snap;
	struct mgs_pick pick;
	unsigned int k;

	fixture_init(&f, 1);
	assert_non_null(mgs_domain_pick_next(&f.dom, NULL, 5 * SEC + 7, &pick));
	for (k = 0; k < ARRAY_SIZE(entity_rejects); k++) {
		print_message("  case %s\n", entity_rejects[k].name);
		reject_cfg(&entity_rejects[k], &c);
		snap = f;
		assert_int_equal(mgs_entity_check_config(&f.dom, &f.ent[2], &c),
				 entity_rejects[k].expect);
		assert_int_equal(mgs_entity_set_config(&f.dom, &f.ent[2], &c,
						       9 * SEC),
				 entity_rejects[k].expect);
		assert_memory_equal(&f, &snap, sizeof(f));
		/* A new entity with that config cannot be set up or join. */
		memset(&extra, 0xa5, sizeof(extra));
		extra_snap = extra;
		if (entity_rejects[k].expect == -EINVAL) {
			assert_int_equal(mgs_entity_init(&extra, &c), -EINVAL);
			assert_memory_equal(&extra, &extra_snap, sizeof(extra));
			continue;
		}
		assert_int_equal(mgs_entity_init(&extra, &c), 0);
		assert_int_equal(mgs_domain_add(&f.dom, &extra, 9 * SEC),
				 entity_rejects[k].expect);
		assert_null(extra.dom);
		assert_memory_equal(&f, &snap, sizeof(f));
	}
}

/* The exact limits are accepted: they are part of the documented ranges. */
static void test_entity_config_limits_accepted(void **state)
{
	struct mgs_entity_config c;
	struct fixture f;

	fixture_init(&f, 1);
	mgs_entity_config_init(&c);
	c.weight = MGS_WEIGHT_MAX;
	c.min_share = 4000; /* 30 + 30 + 40 = 100% */
	c.max_share = 4000;
	c.reserve = 3000; /* 40 + 30 + 30 = 100% */
	c.prio = MGS_NR_PRIO - 1;
	c.slice_ns = MGS_SLICE_MIN_NS;
	assert_int_equal(mgs_entity_set_config(&f.dom, &f.ent[2], &c, 6 * SEC),
			 0);
	c.weight = MGS_WEIGHT_MIN;
	c.slice_ns = MGS_SLICE_MAX_NS;
	assert_int_equal(mgs_entity_set_config(&f.dom, &f.ent[2], &c, 6 * SEC),
			 0);
	assert_int_equal(f.ent[2].cfg.weight, 1);
	/* With two slots, one entity cannot be promised more than one slot. */
	fixture_init(&f, 2);
	mgs_entity_config_init(&c);
	c.min_share = 5001;
	assert_int_equal(mgs_entity_check_config(&f.dom, NULL, &c), -EINVAL);
	c.min_share = 0;
	c.reserve = 5001;
	assert_int_equal(mgs_entity_check_config(&f.dom, NULL, &c), -EINVAL);
	c.reserve = 3000;
	assert_int_equal(mgs_entity_check_config(&f.dom, NULL, &c), 0);
}

/* Bad domain settings are refused and change nothing. */
static void test_domain_config_rejects(void **state)
{
	static const struct {
		const char *name;
		int expect;
		u32 policy, nr_slots;
		u64 slice_ns, period_ns;
	} cases[] = {
		{ "policy", -EINVAL, MGS_NR_POLICIES, 1, MS, 100 * MS },
		{ "no slots", -EINVAL, 0, 0, MS, 100 * MS },
		{ "too many slots", -EINVAL, 0, MGS_MAX_SLOTS + 1, MS,
		  100 * MS },
		{ "slice", -EINVAL, 0, 1, MGS_SLICE_MIN_NS - 1, 100 * MS },
		{ "period below slice", -EINVAL, 0, 1, 20 * MS, 10 * MS },
		{ "period too short", -EINVAL, 0, 1, MGS_SLICE_MIN_NS,
		  MGS_PERIOD_MIN_NS - 1 },
		{ "period too long", -EINVAL, 0, 1, MS, MGS_PERIOD_MAX_NS + 1 },
		/* 4 slots: a 30% guarantee no longer fits in one slot (25%). */
		{ "mins vs slots", -EINVAL, 0, 4, MS, 100 * MS },
		{ "fewer slots than running", -EBUSY, 0, 1, MS, 100 * MS },
	};
	struct mgs_domain_config d;
	struct mgs_domain dom;
	struct fixture f, snap;
	struct mgs_pick pick;
	unsigned int k;

	fixture_init(&f, 2);
	assert_non_null(mgs_domain_pick_next(&f.dom, NULL, 5 * SEC, &pick));
	assert_non_null(mgs_domain_pick_next(&f.dom, NULL, 5 * SEC, &pick));
	assert_int_equal(f.dom.nr_running, 2);
	for (k = 0; k < ARRAY_SIZE(cases); k++) {
		print_message("  case %s\n", cases[k].name);
		d.policy = cases[k].policy;
		d.nr_slots = cases[k].nr_slots;
		d.slice_ns = cases[k].slice_ns;
		d.period_ns = cases[k].period_ns;
		snap = f;
		assert_int_equal(mgs_domain_set_config(&f.dom, &d, 6 * SEC),
				 cases[k].expect);
		assert_memory_equal(&f, &snap, sizeof(f));
		if (cases[k].expect == -EINVAL && k < 7) {
			memset(&dom, 0x5a, sizeof(dom));
			assert_int_equal(mgs_domain_init(&dom, &d, 0), -EINVAL);
		}
	}
	snap = f;
	assert_int_equal(mgs_domain_set_policy(&f.dom, 7, 6 * SEC), -EINVAL);
	assert_memory_equal(&f, &snap, sizeof(f));
	assert_int_equal(mgs_domain_set_policy(&f.dom, MGS_POLICY_FIXED_SHARE,
					       6 * SEC),
			 0);
	assert_int_equal(f.dom.cfg.policy, MGS_POLICY_FIXED_SHARE);
}

/* Membership errors: double add, foreign domain, full domain. */
static void test_membership_errors(void **state)
{
	struct mgs_entity_config c;
	struct mgs_entity *many;
	struct mgs_pick pick;
	struct fixture f, g;
	unsigned int i;

	fixture_init(&f, 1);
	fixture_init(&g, 1);
	assert_int_equal(mgs_domain_add(&f.dom, &f.ent[0], 0), -EBUSY);
	assert_int_equal(mgs_domain_add(&g.dom, &f.ent[0], 0), -EBUSY);
	assert_int_equal(mgs_domain_remove(&g.dom, &f.ent[0], 0), -EINVAL);
	assert_int_equal(mgs_entity_charge(&g.dom, &f.ent[0], MS, 0), -EINVAL);
	assert_int_equal(mgs_entity_set_runnable(&g.dom, &f.ent[0], false, 0),
			 -EINVAL);
	assert_int_equal(mgs_entity_set_config(&g.dom, &f.ent[0], &f.ent[0].cfg,
					       0),
			 -EINVAL);
	/* A foreign prev is ignored: g picks its own entity, f.ent[0] is untouched. */
	assert_ptr_equal(mgs_domain_pick_next(&g.dom, &f.ent[0], 5 * SEC,
					      &pick),
			 &g.ent[0]);
	assert_false(f.ent[0].running);
	assert_int_equal(mgs_domain_remove(&f.dom, &f.ent[1], 6 * SEC), 0);
	assert_int_equal(f.dom.nr_entities, 2);
	assert_null(f.ent[1].dom);
	/* g already reserves 70%: 35% more does not fit, none does. */
	c = f.ent[1].cfg;
	c.reserve = 3500;
	assert_int_equal(mgs_entity_set_config(NULL, &f.ent[1], &c, 0), 0);
	assert_int_equal(mgs_domain_add(&g.dom, &f.ent[1], 6 * SEC), -ENOSPC);
	c.reserve = 0;
	assert_int_equal(mgs_entity_set_config(NULL, &f.ent[1], &c, 0), 0);
	assert_int_equal(mgs_domain_add(&g.dom, &f.ent[1], 6 * SEC), 0);
	assert_int_equal(g.dom.nr_entities, 4);

	many = calloc(MGS_MAX_ENTITIES + 1, sizeof(*many));
	assert_non_null(many);
	mgs_entity_config_init(&c);
	for (i = 0; i < MGS_MAX_ENTITIES - 3; i++) {
		assert_int_equal(mgs_entity_init(&many[i], &c), 0);
		assert_int_equal(mgs_domain_add(&f.dom, &many[i], 0), 0);
	}
	assert_int_equal(mgs_entity_init(&many[i], &c), 0);
	assert_int_equal(mgs_domain_add(&f.dom, &many[i], 0), 0);
	assert_int_equal(f.dom.nr_entities, MGS_MAX_ENTITIES);
	assert_int_equal(mgs_entity_init(&many[i + 1], &c), 0);
	assert_int_equal(mgs_domain_add(&f.dom, &many[i + 1], 0), -ENOSPC);
	free(many);
}

/* Weighted 1:3 plus a 1-weight entity capped at 10%: 22.5 / 67.5 / 10. */
static void run_clock_case(u64 start_ns, u64 vruntime_start)
{
	struct sim *s = ts_sim_new(MGS_POLICY_WEIGHTED, 1, SLICE_NS, start_ns);
	unsigned int c;

	print_message("  clock from %llu, virtual time from %llu\n",
		      (unsigned long long)start_ns,
		      (unsigned long long)vruntime_start);
	for (c = 0; c < MGS_NR_PRIO; c++)
		s->dom.min_vruntime[c] = vruntime_start;
	ts_add(s, 1, 0, MGS_SHARE_ONE, 0, 1, 250 * US);
	ts_add(s, 3, 0, MGS_SHARE_ONE, 0, 1, 250 * US);
	ts_add(s, 1, 0, 1000, 0, 1, 250 * US);
	sim_run(s, 10 * SEC);
	ts_assert_share(s, 0, 10 * SEC, 2250, "clock");
	ts_assert_share(s, 1, 10 * SEC, 6750, "clock");
	ts_assert_share(s, 2, 10 * SEC, 1000, "clock");
	assert_int_equal(s->idle_ns, 0);
	ts_free(s);
}

/*
 * Times are only ever subtracted: a clock starting 5 s before 2^63, or 5 s
 * before it wraps around 2^64, schedules exactly as one starting at 0; so do
 * virtual times that wrap (weight 1 advances 10^4 units per ns).
 */
static void test_clock_and_vruntime_wrap(void **state)
{
	run_clock_case(0, 0);
	run_clock_case((1ULL << 63) - 5 * SEC, 0);
	run_clock_case(UINT64_MAX - 5 * SEC, 0);
	run_clock_case(0, UINT64_MAX - 10000ULL * 2 * SEC);
	run_clock_case(UINT64_MAX - 5 * SEC, (1ULL << 63) - 10000ULL * SEC);
}

/*
 * A charge of U64_MAX ns: busy time saturates instead of wrapping, the
 * scheduling arithmetic uses MGS_CHARGE_MAX_NS, and the neighbour keeps the
 * GPU; a zero charge changes nothing but the slice bookkeeping.
 */
static void test_huge_charge(void **state)
{
	struct fixture f;
	struct mgs_pick pick;
	struct mgs_entity *a, *b;
	u64 t = 5 * SEC, vr;
	unsigned int i;

	fixture_init_no_mins(&f);
	a = mgs_domain_pick_next(&f.dom, NULL, t, &pick);
	assert_ptr_equal(a, &f.ent[0]);
	vr = a->vruntime;
	assert_int_equal(mgs_entity_charge(&f.dom, a, 0, t), 0);
	assert_int_equal(a->vruntime, vr);
	assert_int_equal(a->stats.busy_ns, 0);
	assert_int_equal(mgs_entity_charge(&f.dom, a, UINT64_MAX, t), 0);
	assert_true(a->stats.busy_ns == UINT64_MAX);
	assert_int_equal(a->vruntime - vr, MGS_CHARGE_MAX_NS * MGS_WEIGHT_MAX /
						   MGS_WEIGHT_DEFAULT);
	assert_int_equal(a->stats.overrun_ns,
			 MGS_CHARGE_MAX_NS - MGS_SLICE_DEFAULT_NS);
	assert_int_equal(mgs_entity_charge(&f.dom, a, 5, t), 0);
	assert_true(a->stats.busy_ns == UINT64_MAX);
	/* Everyone else runs now; a waits its turn. */
	b = mgs_domain_pick_next(&f.dom, a, t, &pick);
	assert_true(b == &f.ent[1] || b == &f.ent[2]);
	for (i = 0; i < 1000; i++) {
		t += SLICE_NS;
		mgs_entity_charge(&f.dom, b, MGS_SLICE_DEFAULT_NS, t);
		b = mgs_domain_pick_next(&f.dom, b, t, &pick);
		assert_ptr_not_equal(b, a);
	}
}

/*
 * With weights 1 and 10000 over 10 s, the light entity's exact share is
 * 10 s / 10001 = 0.9999 ms: it gets one 1 ms slice, not zero, not two.
 */
static void test_max_weight_ratio(void **state)
{
	struct sim *s = ts_sim_new(MGS_POLICY_WEIGHTED, 1, SLICE_NS, 0);

	ts_add(s, MGS_WEIGHT_MIN, 0, MGS_SHARE_ONE, 0, 1, 250 * US);
	ts_add(s, MGS_WEIGHT_MAX, 0, MGS_SHARE_ONE, 0, 1, 250 * US);
	sim_run(s, 10 * SEC);
	assert_int_equal(s->ents[0].busy_ns, SLICE_NS);
	assert_int_equal(s->ents[0].ent.stats.nr_slices, 1);
	assert_int_equal(s->ents[1].busy_ns, 10 * SEC - SLICE_NS);
	ts_free(s);
}

/*
 * Carry of an overshoot across periods: a 10% cap (10 ms of 100 ms) charged
 * 50 ms owes 40 ms. It stays throttled for four more periods and runs in the
 * fifth; a jump of a million periods forgives everything at once.
 */
static void test_cap_carry_and_skipped_periods(void **state)
{
	struct mgs_domain_config d;
	struct mgs_entity_config c;
	struct mgs_domain dom;
	struct mgs_entity a;
	struct mgs_pick pick;
	u64 t0 = (1ULL << 63) - PERIOD_NS / 2;

	mgs_domain_config_init(&d);
	mgs_entity_config_init(&c);
	c.max_share = 1000;
	assert_int_equal(mgs_domain_init(&dom, &d, t0), 0);
	assert_int_equal(mgs_entity_init(&a, &c), 0);
	assert_int_equal(mgs_domain_add(&dom, &a, t0), 0);
	mgs_entity_set_runnable(&dom, &a, true, t0);
	assert_ptr_equal(mgs_domain_pick_next(&dom, NULL, t0, &pick), &a);
	assert_int_equal(pick.slice_ns, MGS_SLICE_DEFAULT_NS);
	mgs_entity_charge(&dom, &a, 50 * MS, t0 + 50 * MS);
	assert_int_equal(a.stats.nr_throttled, 1);
	assert_null(mgs_domain_pick_next(&dom, &a, t0 + 50 * MS, &pick));
	assert_int_equal(pick.flags, MGS_PICK_THROTTLED);
	assert_int_equal(pick.idle_ns, 50 * MS);
	assert_null(
		mgs_domain_pick_next(&dom, NULL, t0 + 4 * PERIOD_NS, &pick));
	assert_int_equal(pick.idle_ns, PERIOD_NS);
	assert_ptr_equal(mgs_domain_pick_next(&dom, NULL, t0 + 5 * PERIOD_NS,
					      &pick),
			 &a);
	assert_int_equal(pick.slice_ns, MGS_SLICE_DEFAULT_NS);
	mgs_entity_charge(&dom, &a, 60 * MS, t0 + 5 * PERIOD_NS + 60 * MS);
	assert_null(mgs_domain_pick_next(&dom, &a, t0 + 5 * PERIOD_NS + 60 * MS,
					 &pick));
	assert_ptr_equal(mgs_domain_pick_next(&dom, NULL,
					      t0 + 1000000 * PERIOD_NS, &pick),
			 &a);
	/* A new slice is cut to what is left of the budget: 1 ms of 10. */
	mgs_entity_charge(&dom, &a, 9 * MS, t0 + 1000000 * PERIOD_NS + 9 * MS);
	assert_ptr_equal(mgs_domain_pick_next(&dom, &a,
					      t0 + 1000000 * PERIOD_NS + 9 * MS,
					      &pick),
			 &a);
	assert_int_equal(pick.slice_ns, 1 * MS);
	assert_int_equal(pick.flags, MGS_PICK_RENEWED);
}

/*
 * A chunk that ends right on a period boundary belongs to the period it ran
 * in: a 10% cap (10 ms) used up by a chunk ending at the boundary starts the
 * next period with its full budget.
 */
static void test_chunk_on_period_boundary(void **state)
{
	struct mgs_domain_config d;
	struct mgs_entity_config c;
	struct mgs_domain dom;
	struct mgs_entity a;
	struct mgs_pick pick;

	mgs_domain_config_init(&d);
	mgs_entity_config_init(&c);
	c.max_share = 1000;
	assert_int_equal(mgs_domain_init(&dom, &d, 0), 0);
	assert_int_equal(mgs_entity_init(&a, &c), 0);
	assert_int_equal(mgs_domain_add(&dom, &a, 0), 0);
	mgs_entity_set_runnable(&dom, &a, true, 90 * MS);
	assert_ptr_equal(mgs_domain_pick_next(&dom, NULL, 90 * MS, &pick), &a);
	mgs_entity_charge(&dom, &a, 10 * MS, PERIOD_NS);
	assert_int_equal(a.stats.nr_throttled, 1);
	assert_ptr_equal(mgs_domain_pick_next(&dom, &a, PERIOD_NS, &pick), &a);
	assert_int_equal(pick.flags, MGS_PICK_RENEWED);
	assert_int_equal(pick.slice_ns, MGS_SLICE_DEFAULT_NS);
	assert_int_equal(a.period_used_ns, 0);
}

/*
 * A lead of more than a period's worth of virtual time is forgotten on
 * wake-up (it is stale, or from before a wrap): after a 2^40 ns charge and a
 * sleep, the entity competes again at once.
 */
static void test_wake_forgets_huge_lead(void **state)
{
	struct fixture f;
	struct mgs_pick pick;
	struct mgs_entity *a, *b;
	unsigned int i;
	u64 t = 5 * SEC;

	fixture_init_no_mins(&f);
	a = mgs_domain_pick_next(&f.dom, NULL, t, &pick);
	mgs_entity_charge(&f.dom, a, MGS_CHARGE_MAX_NS, t);
	mgs_entity_set_runnable(&f.dom, a, false, t);
	b = mgs_domain_pick_next(&f.dom, NULL, t, &pick);
	mgs_entity_set_runnable(&f.dom, a, true, t);
	for (i = 0; i < 4 && b != a; i++) {
		t += MGS_SLICE_DEFAULT_NS;
		mgs_entity_charge(&f.dom, b, MGS_SLICE_DEFAULT_NS, t);
		b = mgs_domain_pick_next(&f.dom, b, t, &pick);
	}
	assert_ptr_equal(b, a);
}

/* A clock that steps back yields zero-length waits and no period roll. */
static void test_clock_backwards(void **state)
{
	struct fixture f;
	struct mgs_pick pick;
	struct mgs_entity *a;
	u64 start;

	fixture_init(&f, 1);
	start = f.dom.period_start_ns;
	a = mgs_domain_pick_next(&f.dom, NULL, 1 * SEC, &pick);
	assert_non_null(a);
	assert_int_equal(pick.wait_ns, 0);
	assert_int_equal(a->stats.lat_hist[0], 1);
	assert_int_equal(f.dom.period_start_ns, start);
	assert_int_equal(mgs_entity_charge(&f.dom, a, MS, 2 * SEC), 0);
	assert_int_equal(mgs_entity_set_runnable(&f.dom, a, false, 0), 0);
	assert_int_equal(f.dom.period_start_ns, start);
	assert_int_equal(a->stats.busy_ns, MS);
}

/*
 * A domain never runs more entities than slots: with both slots busy an idle
 * pick returns nothing; a slot freed by an entity running dry is refilled.
 */
static void test_slots_full(void **state)
{
	struct fixture f;
	struct mgs_pick pick;
	struct mgs_entity *a, *b;

	fixture_init(&f, 2);
	a = mgs_domain_pick_next(&f.dom, NULL, 6 * SEC, &pick);
	b = mgs_domain_pick_next(&f.dom, NULL, 6 * SEC, &pick);
	assert_non_null(a);
	assert_non_null(b);
	assert_ptr_not_equal(a, b);
	assert_null(mgs_domain_pick_next(&f.dom, NULL, 6 * SEC, &pick));
	assert_true(pick.idle_ns == MGS_TIME_INF);
	assert_int_equal(f.dom.nr_running, 2);
	assert_int_equal(mgs_entity_set_runnable(&f.dom, a, false, 7 * SEC), 0);
	assert_int_equal(f.dom.nr_running, 1);
	assert_ptr_equal(mgs_domain_pick_next(&f.dom, NULL, 7 * SEC, &pick),
			 &f.ent[2]);
	assert_int_equal(pick.wait_ns, 2 * SEC);
	assert_int_equal(f.dom.nr_running, 2);
}

/* An empty or all-asleep domain idles with nothing to wait for. */
static void test_idle_domain(void **state)
{
	struct mgs_domain_config d;
	struct mgs_domain dom;
	struct mgs_pick pick;

	mgs_domain_config_init(&d);
	assert_int_equal(mgs_domain_init(&dom, &d, 0), 0);
	assert_null(mgs_domain_pick_next(&dom, NULL, 10, &pick));
	assert_true(pick.idle_ns == MGS_TIME_INF);
	assert_int_equal(pick.slice_ns, 0);
	assert_int_equal(pick.flags, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entity_config_rejects),
		cmocka_unit_test(test_entity_config_limits_accepted),
		cmocka_unit_test(test_domain_config_rejects),
		cmocka_unit_test(test_membership_errors),
		cmocka_unit_test(test_clock_and_vruntime_wrap),
		cmocka_unit_test(test_huge_charge),
		cmocka_unit_test(test_max_weight_ratio),
		cmocka_unit_test(test_cap_carry_and_skipped_periods),
		cmocka_unit_test(test_chunk_on_period_boundary),
		cmocka_unit_test(test_wake_forgets_huge_lead),
		cmocka_unit_test(test_clock_backwards),
		cmocka_unit_test(test_slots_full),
		cmocka_unit_test(test_idle_domain),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	return cmocka_run_group_tests_name("sched_edge", tests, NULL, NULL);
}
