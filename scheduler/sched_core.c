// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scheduler core: who runs next on a domain, what a finished work chunk
 * costs, and when a capped or reserved entity may run again. Virtual time
 * orders entities inside a priority class, per-period budgets enforce caps,
 * reservations and guarantees. No clock, no locks, no allocation: the caller
 * passes storage and time and serializes calls (docs/scheduler.md).
 */
#include "sched_env.h"

/*
 * Virtual time advances by used_ns * VT_SCALE / weight: one ns per ns at
 * MGS_WEIGHT_MAX. A charge is at most MGS_CHARGE_MAX_NS (2^40), so the
 * product stays below 2^54. Virtual times are compared through their signed
 * difference, so they may wrap around 2^64.
 */
#define VT_SCALE ((u64)MGS_WEIGHT_MAX)

/* Keeps period_used_ns * MGS_SHARE_ONE (< 2^58) inside u64. */
#define PERIOD_USED_MAX_NS (1ULL << 44)

/* Scan results shared by the steps of one pick. */
struct pick_scan {
	struct mgs_entity *best;
	u32 fixed_def;
	bool best_owed;
	bool throttled;
};

static u64 min_u64(u64 a, u64 b)
{
	return a < b ? a : b;
}

static u64 add_sat(u64 a, u64 b)
{
	return a + b < a ? U64_MAX : a + b;
}

/* now - since, or 0 if the caller's clock went backwards; wrap-safe. */
static u64 time_since(u64 now, u64 since)
{
	u64 d = now - since;

	return (s64)d < 0 ? 0 : d;
}

static bool wrap_before(u64 a, u64 b)
{
	return (s64)(a - b) < 0;
}

static u64 ent_slice(const struct mgs_domain *dom, const struct mgs_entity *ent)
{
	return ent->cfg.slice_ns ? ent->cfg.slice_ns : dom->cfg.slice_ns;
}

static u32 ent_weight(const struct mgs_domain *dom,
		      const struct mgs_entity *ent)
{
	return dom->cfg.policy == MGS_POLICY_WEIGHTED ? ent->cfg.weight :
							MGS_WEIGHT_DEFAULT;
}

/*
 * Under fixed_share, an entity without an explicit reservation gets an equal
 * part of what the explicit reservations leave, at most one slot's worth.
 */
static u32 fixed_default_share(const struct mgs_domain *dom)
{
	const struct mgs_entity *ent;
	u32 sum = 0, nr = 0, share;

	if (dom->cfg.policy != MGS_POLICY_FIXED_SHARE)
		return 0;
	for (ent = dom->head; ent; ent = ent->next) {
		sum += ent->cfg.reserve;
		nr += !ent->cfg.reserve;
	}
	if (!nr || sum >= MGS_SHARE_ONE)
		return 0;
	share = (MGS_SHARE_ONE - sum) / nr;
	if (share * dom->cfg.nr_slots > MGS_SHARE_ONE)
		share = MGS_SHARE_ONE / dom->cfg.nr_slots;
	return share;
}

/* Most of a period the entity may use; MGS_SHARE_ONE means unlimited. */
static u32 ent_cap(const struct mgs_domain *dom, const struct mgs_entity *ent,
		   u32 fixed_def)
{
	switch (dom->cfg.policy) {
	case MGS_POLICY_WEIGHTED:
		return ent->cfg.max_share;
	case MGS_POLICY_FIXED_SHARE:
		return ent->cfg.reserve ? ent->cfg.reserve : fixed_def;
	default:
		return MGS_SHARE_ONE;
	}
}

/* Share of its runnable time the entity is owed before anyone else's turn. */
static u32 ent_min(const struct mgs_domain *dom, const struct mgs_entity *ent,
		   u32 fixed_def)
{
	switch (dom->cfg.policy) {
	case MGS_POLICY_WEIGHTED:
		return ent->cfg.min_share;
	case MGS_POLICY_FIXED_SHARE:
		return ent->cfg.reserve ? ent->cfg.reserve : fixed_def;
	default:
		return 0;
	}
}

/* share * period * nr_slots < 2^14 * 2^34 * 2^6: no overflow. */
static u64 share_budget(const struct mgs_domain *dom, u32 share)
{
	return mgs_div64((u64)share * dom->cfg.period_ns * dom->cfg.nr_slots,
			 MGS_SHARE_ONE);
}

static bool ent_eligible(const struct mgs_domain *dom,
			 const struct mgs_entity *ent, u32 fixed_def)
{
	u32 cap = ent_cap(dom, ent, fixed_def);

	return cap >= MGS_SHARE_ONE ||
	       ent->period_used_ns < share_budget(dom, cap);
}

/* Time the entity has been runnable in the current period. */
static u64 ent_period_runnable(const struct mgs_domain *dom,
			       const struct mgs_entity *ent, u64 now)
{
	u64 since = ent->runnable_since_ns;

	if (!ent->runnable)
		return ent->period_runnable_ns;
	if (wrap_before(since, dom->period_start_ns))
		since = dom->period_start_ns;
	return ent->period_runnable_ns + time_since(now, since);
}

/*
 * Owed: it got less than its guaranteed share of the time it was runnable in
 * this period (counting what it ended the last one ahead). Both sides stay
 * below 2^59: PERIOD_USED_MAX_NS plus a slice, and runnable time of at most
 * a period times min * nr_slots <= MGS_SHARE_ONE.
 */
static bool ent_owed(const struct mgs_domain *dom, const struct mgs_entity *ent,
		     u64 now, u32 fixed_def)
{
	u64 min = ent_min(dom, ent, fixed_def);

	if (!min)
		return false;
	return (ent->period_used_ns + ent->min_ahead_ns) * MGS_SHARE_ONE <
	       min * dom->cfg.nr_slots * ent_period_runnable(dom, ent, now);
}

/*
 * How far the entity ended the period above its guarantee line, at most one
 * slice. Slices granted for a guarantee are not cut short, so the last one
 * overshoots the line; forgetting that each period would hand the overshoot
 * out again and again.
 */
static u64 period_min_ahead(const struct mgs_domain *dom,
			    const struct mgs_entity *ent, u32 fixed_def,
			    u64 end, u64 periods)
{
	u64 min = ent_min(dom, ent, fixed_def);
	u64 line, used;

	if (!min || periods != 1)
		return 0;
	line = mgs_div64(min * dom->cfg.nr_slots *
				 ent_period_runnable(dom, ent, end),
			 MGS_SHARE_ONE);
	used = ent->period_used_ns + ent->min_ahead_ns;
	return used > line ? min_u64(used - line, ent_slice(dom, ent)) : 0;
}

/*
 * What a capped entity overspent (one chunk at most) is carried into the next
 * period, so that its long-run share stays at the cap. A restart (@periods 0)
 * carries nothing.
 */
static u64 period_carry(const struct mgs_domain *dom,
			const struct mgs_entity *ent, u32 fixed_def,
			u64 periods)
{
	u32 cap = ent_cap(dom, ent, fixed_def);
	u64 budget;

	if (!periods || cap >= MGS_SHARE_ONE)
		return 0;
	budget = share_budget(dom, cap);
	if (!budget || periods > mgs_div64(ent->period_used_ns, budget))
		return 0;
	return ent->period_used_ns - periods * budget;
}

static void dom_new_period(struct mgs_domain *dom, u64 start, u64 periods)
{
	u32 fixed_def = fixed_default_share(dom);
	struct mgs_entity *ent;

	for (ent = dom->head; ent; ent = ent->next) {
		ent->min_ahead_ns =
			period_min_ahead(dom, ent, fixed_def, start, periods);
		ent->period_used_ns =
			period_carry(dom, ent, fixed_def, periods);
		ent->period_runnable_ns = 0;
	}
	dom->period_start_ns = start;
}

/* Starts the period that contains @now, if the current one is over. */
static void dom_roll(struct mgs_domain *dom, u64 now)
{
	u64 span = time_since(now, dom->period_start_ns);
	u64 periods;

	if (span < dom->cfg.period_ns)
		return;
	periods = mgs_div64(span, dom->cfg.period_ns);
	dom_new_period(dom, dom->period_start_ns + periods * dom->cfg.period_ns,
		       periods);
}

/*
 * Placement on wake-up or class change: no credit for time spent asleep (not
 * below the class's minimum), and a lead of more than one period's worth is
 * forgotten (a stale value, or one from before a wrap).
 */
static void ent_place(struct mgs_domain *dom, struct mgs_entity *ent)
{
	u64 floor = dom->min_vruntime[ent->cfg.prio];
	u64 lead =
		mgs_div64(dom->cfg.period_ns * VT_SCALE, ent_weight(dom, ent));

	if (wrap_before(ent->vruntime, floor) ||
	    wrap_before(floor + lead, ent->vruntime))
		ent->vruntime = floor;
}

/*
 * Full order of candidates: an owed guarantee first, then the priority class,
 * then round-robin turn or virtual time. Ties keep @b.
 */
static bool ent_better(const struct mgs_domain *dom, const struct mgs_entity *a,
		       bool a_owed, const struct mgs_entity *b, bool b_owed)
{
	if (a_owed != b_owed)
		return a_owed;
	if (a->cfg.prio != b->cfg.prio)
		return a->cfg.prio > b->cfg.prio;
	if (dom->cfg.policy == MGS_POLICY_BEST_EFFORT)
		return a->rr_seq < b->rr_seq;
	return wrap_before(a->vruntime, b->vruntime);
}

/*
 * Preemption before the slice ends: only by a higher class, and a slice
 * granted to meet a guarantee only by an entity that is owed one too (else
 * the guarantee would be served one chunk per dispatch).
 */
static bool ent_outranks(const struct mgs_entity *a, bool a_owed,
			 const struct mgs_entity *b)
{
	return a->cfg.prio > b->cfg.prio && (a_owed || !b->owed_run);
}

/*
 * One pass over the domain: find the best waiting eligible entity, note
 * whether a waiting one is throttled, bring eligible entities that fell
 * behind (asleep or throttled) up to their class's minimum virtual time, and
 * advance that minimum.
 */
static void dom_scan(struct mgs_domain *dom, u64 now, struct pick_scan *sc)
{
	u64 floor[MGS_NR_PRIO];
	bool seen[MGS_NR_PRIO] = { false };
	struct mgs_entity *ent;
	unsigned int c;
	bool owed;

	sc->fixed_def = fixed_default_share(dom);
	for (ent = dom->head; ent; ent = ent->next) {
		if (!ent->runnable)
			continue;
		if (!ent_eligible(dom, ent, sc->fixed_def)) {
			sc->throttled |= !ent->running;
			continue;
		}
		c = ent->cfg.prio;
		if (wrap_before(ent->vruntime, dom->min_vruntime[c]))
			ent->vruntime = dom->min_vruntime[c];
		if (!seen[c] || wrap_before(ent->vruntime, floor[c]))
			floor[c] = ent->vruntime;
		seen[c] = true;
		if (ent->running)
			continue;
		owed = ent_owed(dom, ent, now, sc->fixed_def);
		if (!sc->best ||
		    ent_better(dom, ent, owed, sc->best, sc->best_owed)) {
			sc->best = ent;
			sc->best_owed = owed;
		}
	}
	for (c = 0; c < MGS_NR_PRIO; c++) {
		if (seen[c])
			dom->min_vruntime[c] = floor[c];
	}
}

/* A new slice, cut to what is left of the entity's budget for this period. */
static void ent_grant(struct mgs_domain *dom, struct mgs_entity *ent, bool owed,
		      u32 fixed_def, struct mgs_pick *pick)
{
	u64 slice = ent_slice(dom, ent);
	u32 cap = ent_cap(dom, ent, fixed_def);

	if (cap < MGS_SHARE_ONE)
		slice = min_u64(slice,
				share_budget(dom, cap) - ent->period_used_ns);
	ent->slice_left_ns = slice;
	ent->owed_run = owed;
	ent->stats.nr_slices++;
	pick->slice_ns = slice;
}

static void ent_dispatch(struct mgs_domain *dom, struct mgs_entity *ent,
			 u64 now, const struct pick_scan *sc,
			 struct mgs_pick *pick)
{
	u64 lat = time_since(now, ent->wait_since_ns);

	ent->running = true;
	dom->nr_running++;
	ent->stats.wait_ns = add_sat(ent->stats.wait_ns, lat);
	ent->stats.nr_dispatches++;
	ent->stats.lat_hist[mgs_lat_bucket(lat)]++;
	pick->wait_ns = lat;
	ent_grant(dom, ent, sc->best_owed, sc->fixed_def, pick);
}

static void ent_stop(struct mgs_domain *dom, struct mgs_entity *ent)
{
	ent->running = false;
	ent->slice_left_ns = 0;
	ent->owed_run = false;
	dom->nr_running--;
}

/* The running entity gives up its slot but stays runnable: it waits again. */
static void ent_switch_out(struct mgs_domain *dom, struct mgs_entity *ent,
			   u64 now)
{
	ent_stop(dom, ent);
	ent->wait_since_ns = now;
}

/* Does @prev keep its slot? Returns it if so; otherwise switches it out. */
static struct mgs_entity *prev_decide(struct mgs_domain *dom,
				      struct mgs_entity *prev, u64 now,
				      struct pick_scan *sc,
				      struct mgs_pick *pick)
{
	if (!ent_eligible(dom, prev, sc->fixed_def)) {
		ent_switch_out(dom, prev, now);
		sc->throttled = true;
		pick->flags |= MGS_PICK_THROTTLED;
		return NULL;
	}
	if (prev->slice_left_ns) {
		if (!sc->best || !ent_outranks(sc->best, sc->best_owed, prev)) {
			pick->slice_ns = prev->slice_left_ns;
			pick->flags |= MGS_PICK_CONTINUE;
			return prev;
		}
	} else {
		bool owed = ent_owed(dom, prev, now, sc->fixed_def);

		/* Slice over: a round-robin turn ends at the tail of the queue. */
		prev->rr_seq = ++dom->rr_seq;
		if (!sc->best ||
		    !ent_better(dom, sc->best, sc->best_owed, prev, owed)) {
			ent_grant(dom, prev, owed, sc->fixed_def, pick);
			pick->flags |= MGS_PICK_RENEWED;
			return prev;
		}
	}
	prev->stats.nr_preempts++;
	ent_switch_out(dom, prev, now);
	pick->flags |= MGS_PICK_PREEMPTED;
	return NULL;
}

/**
 * mgs_domain_init() - set up an empty scheduling domain
 * @dom: caller-owned storage for the domain.
 * @cfg: settings, checked by mgs_domain_check_config().
 * @now_ns: current time; the first accounting period starts here.
 *
 * Context: any; does not sleep. @dom must not be in use.
 * Return: 0, or -EINVAL if @cfg is out of range (then @dom is untouched).
 */
int mgs_domain_init(struct mgs_domain *dom, const struct mgs_domain_config *cfg,
		    u64 now_ns)
{
	int ret = mgs_domain_check_config(NULL, cfg);

	if (ret)
		return ret;
	memset(dom, 0, sizeof(*dom));
	dom->cfg = *cfg;
	dom->period_start_ns = now_ns;
	return 0;
}

/**
 * mgs_domain_set_config() - change a domain's settings live
 * @dom: the domain.
 * @cfg: new settings.
 * @now_ns: current time.
 *
 * A change of policy, period or slot count starts a new accounting period at
 * @now_ns (budgets are recomputed); a change of policy also restarts virtual
 * time, every entity at its class's minimum, so that history gathered under
 * one policy does not skew the next. A new default slice applies from each
 * entity's next slice. Running entities keep running.
 *
 * Context: any; does not sleep; the caller serializes calls on @dom.
 * Return: 0, or the error of mgs_domain_check_config() with nothing changed.
 */
int mgs_domain_set_config(struct mgs_domain *dom,
			  const struct mgs_domain_config *cfg, u64 now_ns)
{
	struct mgs_domain_config old = dom->cfg;
	struct mgs_entity *ent;
	int ret;

	ret = mgs_domain_check_config(dom, cfg);
	if (ret)
		return ret;
	dom_roll(dom, now_ns);
	dom->cfg = *cfg;
	if (old.policy != cfg->policy || old.period_ns != cfg->period_ns ||
	    old.nr_slots != cfg->nr_slots)
		dom_new_period(dom, now_ns, 0);
	if (old.policy == cfg->policy)
		return 0;
	for (ent = dom->head; ent; ent = ent->next)
		ent->vruntime = dom->min_vruntime[ent->cfg.prio];
	return 0;
}

/**
 * mgs_domain_set_policy() - switch a domain's policy live
 * @dom: the domain.
 * @policy: one of &enum mgs_policy.
 * @now_ns: current time.
 *
 * Same as mgs_domain_set_config() with only the policy changed.
 *
 * Context: any; does not sleep; the caller serializes calls on @dom.
 * Return: 0, or -EINVAL for an unknown policy (nothing changed).
 */
int mgs_domain_set_policy(struct mgs_domain *dom, u32 policy, u64 now_ns)
{
	struct mgs_domain_config cfg = dom->cfg;

	cfg.policy = policy;
	return mgs_domain_set_config(dom, &cfg, now_ns);
}

/**
 * mgs_domain_add() - add an entity to a domain
 * @dom: the domain.
 * @ent: an entity set up by mgs_entity_init() and in no domain.
 * @now_ns: current time.
 *
 * The entity joins not runnable, at the tail of the domain's list (ties
 * between equal candidates go to the earlier one). Its accounting is kept, so
 * an entity may move between domains.
 *
 * Context: any; does not sleep; the caller serializes calls on @dom.
 * Return: 0; -EBUSY if @ent is in a domain; otherwise the error of
 * mgs_entity_check_config() (-EINVAL, -ENOSPC) with nothing changed.
 */
int mgs_domain_add(struct mgs_domain *dom, struct mgs_entity *ent, u64 now_ns)
{
	struct mgs_entity **link;
	int ret;

	if (ent->dom)
		return -EBUSY;
	ret = mgs_entity_check_config(dom, NULL, &ent->cfg);
	if (ret)
		return ret;
	dom_roll(dom, now_ns);
	for (link = &dom->head; *link; link = &(*link)->next)
		;
	*link = ent;
	ent->next = NULL;
	ent->dom = dom;
	ent->runnable = false;
	ent->running = false;
	ent->owed_run = false;
	ent->slice_left_ns = 0;
	ent->period_used_ns = 0;
	ent->period_runnable_ns = 0;
	ent->min_ahead_ns = 0;
	ent->vruntime = dom->min_vruntime[ent->cfg.prio];
	dom->nr_entities++;
	return 0;
}

/**
 * mgs_domain_remove() - take an entity out of its domain
 * @dom: the domain.
 * @ent: an entity in @dom, running or not.
 * @now_ns: current time.
 *
 * A running entity gives up its slot (the caller then picks for that slot);
 * a waiting one has its wait accounted up to @now_ns.
 *
 * Context: any; does not sleep; the caller serializes calls on @dom.
 * Return: 0, or -EINVAL if @ent is not in @dom.
 */
int mgs_domain_remove(struct mgs_domain *dom, struct mgs_entity *ent,
		      u64 now_ns)
{
	struct mgs_entity **link;

	if (ent->dom != dom)
		return -EINVAL;
	mgs_entity_set_runnable(dom, ent, false, now_ns);
	for (link = &dom->head; *link != ent; link = &(*link)->next)
		;
	*link = ent->next;
	ent->next = NULL;
	ent->dom = NULL;
	dom->nr_entities--;
	return 0;
}

/**
 * mgs_domain_pick_next() - decide what runs next in one slot of a domain
 * @dom: the domain.
 * @prev: the entity that just finished a work chunk in this slot (already
 *	charged with mgs_entity_charge()), or NULL if the slot is idle.
 * @now_ns: current time.
 * @pick: filled with the slice granted, the dispatch latency, or the time to
 *	sleep when nothing is returned, and what happened to @prev.
 *
 * Call it at every work-chunk boundary with the slot's entity as @prev, and
 * for each idle slot after an entity becomes runnable or @pick->idle_ns has
 * passed. @prev keeps running while its slice lasts unless a higher priority
 * class is waiting; when the slice is over it runs on only if it is still the
 * best candidate. Otherwise @prev is switched out and the best eligible
 * waiting entity is dispatched.
 *
 * Context: any; does not sleep; O(number of entities); the caller serializes
 * calls on @dom.
 * Return: the entity to run in this slot (may be @prev), or NULL to leave the
 * slot idle for @pick->idle_ns (also when all slots are busy).
 */
struct mgs_entity *mgs_domain_pick_next(struct mgs_domain *dom,
					struct mgs_entity *prev, u64 now_ns,
					struct mgs_pick *pick)
{
	struct pick_scan sc = { NULL, 0, false, false };
	u64 left;

	memset(pick, 0, sizeof(*pick));
	dom_roll(dom, now_ns);
	dom_scan(dom, now_ns, &sc);
	if (prev && prev->dom == dom && prev->running &&
	    prev_decide(dom, prev, now_ns, &sc, pick))
		return prev;
	if (!sc.best || dom->nr_running >= dom->cfg.nr_slots) {
		left = dom->cfg.period_ns -
		       time_since(now_ns, dom->period_start_ns);
		pick->idle_ns = sc.throttled ? left : MGS_TIME_INF;
		return NULL;
	}
	ent_dispatch(dom, sc.best, now_ns, &sc, pick);
	return sc.best;
}

/**
 * mgs_entity_init() - set up an entity outside any domain
 * @ent: caller-owned storage for the entity.
 * @cfg: its QoS, range-checked by mgs_entity_check_config().
 *
 * Context: any; does not sleep. @ent must not be in a domain.
 * Return: 0, or -EINVAL if @cfg is out of range (then @ent is untouched).
 */
int mgs_entity_init(struct mgs_entity *ent, const struct mgs_entity_config *cfg)
{
	int ret = mgs_entity_check_config(NULL, NULL, cfg);

	if (ret)
		return ret;
	memset(ent, 0, sizeof(*ent));
	ent->cfg = *cfg;
	return 0;
}

/**
 * mgs_entity_set_config() - change an entity's QoS live
 * @dom: the entity's domain, or NULL if it is in none.
 * @ent: the entity.
 * @cfg: new QoS.
 * @now_ns: current time.
 *
 * Applies from the next decision: a new weight from the next charge, a new
 * cap or guarantee within the current period, a shorter slice cuts the one in
 * progress. A new priority class places the entity like a wake-up does.
 *
 * Context: any; does not sleep; the caller serializes calls on @dom.
 * Return: 0, or the error of mgs_entity_check_config() (-EINVAL, -ENOSPC)
 * with nothing changed; -EINVAL also if @ent is not in @dom.
 */
int mgs_entity_set_config(struct mgs_domain *dom, struct mgs_entity *ent,
			  const struct mgs_entity_config *cfg, u64 now_ns)
{
	u16 old_prio = ent->cfg.prio;
	u32 fixed_def, cap;
	int ret;

	if (ent->dom != dom)
		return -EINVAL;
	ret = mgs_entity_check_config(dom, ent, cfg);
	if (ret)
		return ret;
	if (!dom) {
		ent->cfg = *cfg;
		return 0;
	}
	dom_roll(dom, now_ns);
	ent->cfg = *cfg;
	fixed_def = fixed_default_share(dom);
	cap = ent_cap(dom, ent, fixed_def);
	/* What it used under a higher cap is not a debt under the new one. */
	if (cap < MGS_SHARE_ONE)
		ent->period_used_ns =
			min_u64(ent->period_used_ns, share_budget(dom, cap));
	ent->slice_left_ns = min_u64(ent->slice_left_ns, ent_slice(dom, ent));
	if (old_prio != cfg->prio)
		ent_place(dom, ent);
	return 0;
}

/**
 * mgs_entity_set_runnable() - report that an entity has work, or none left
 * @dom: the entity's domain.
 * @ent: the entity.
 * @runnable: true when work arrived, false when its queue ran dry.
 * @now_ns: current time.
 *
 * Becoming runnable starts its wait (and places it at the tail of the
 * round-robin and at no less than its class's minimum virtual time); the
 * caller then picks for any idle slot. Becoming not runnable frees its slot
 * if it was running (charge its last chunk first) and ends its wait.
 *
 * Context: any; does not sleep; the caller serializes calls on @dom.
 * Return: 0, or -EINVAL if @ent is not in @dom.
 */
int mgs_entity_set_runnable(struct mgs_domain *dom, struct mgs_entity *ent,
			    bool runnable, u64 now_ns)
{
	if (ent->dom != dom)
		return -EINVAL;
	dom_roll(dom, now_ns);
	if (runnable == ent->runnable)
		return 0;
	if (runnable) {
		ent->runnable = true;
		ent->runnable_since_ns = now_ns;
		ent->wait_since_ns = now_ns;
		ent->rr_seq = ++dom->rr_seq;
		ent_place(dom, ent);
		return 0;
	}
	ent->period_runnable_ns = ent_period_runnable(dom, ent, now_ns);
	if (ent->running)
		ent_stop(dom, ent);
	else
		ent->stats.wait_ns =
			add_sat(ent->stats.wait_ns,
				time_since(now_ns, ent->wait_since_ns));
	ent->runnable = false;
	return 0;
}

/**
 * mgs_entity_charge() - charge the time a work chunk actually used
 * @dom: the entity's domain.
 * @ent: the entity that ran the chunk.
 * @used_ns: the chunk's execution time, which may exceed the slice granted.
 * @now_ns: current time (the end of the chunk).
 *
 * Overshoot compensation: the whole of @used_ns counts towards the entity's
 * virtual time, its period budget and its slice, so an entity whose chunks
 * overrun waits correspondingly longer for its next turn. Charges above
 * MGS_CHARGE_MAX_NS are clamped for that arithmetic (not in busy_ns).
 *
 * Context: any; does not sleep; the caller serializes calls on @dom.
 * Return: 0, or -EINVAL if @ent is not in @dom.
 */
int mgs_entity_charge(struct mgs_domain *dom, struct mgs_entity *ent,
		      u64 used_ns, u64 now_ns)
{
	u32 fixed_def;
	bool was_eligible;
	u64 delta, ceiling;

	if (ent->dom != dom)
		return -EINVAL;
	/*
	 * The chunk belongs to the period it started in: one that ends right
	 * on a period boundary must not eat into the next period's budget.
	 */
	dom_roll(dom,
		 now_ns - min_u64(used_ns,
				  time_since(now_ns, dom->period_start_ns)));
	fixed_def = fixed_default_share(dom);
	was_eligible = ent_eligible(dom, ent, fixed_def);
	ent->stats.busy_ns = add_sat(ent->stats.busy_ns, used_ns);
	used_ns = min_u64(used_ns, MGS_CHARGE_MAX_NS);
	if (ent->running && used_ns > ent->slice_left_ns)
		ent->stats.overrun_ns += used_ns - ent->slice_left_ns;
	ent->slice_left_ns -= min_u64(used_ns, ent->slice_left_ns);
	ent->period_used_ns =
		min_u64(ent->period_used_ns + used_ns, PERIOD_USED_MAX_NS);
	if (was_eligible && !ent_eligible(dom, ent, fixed_def))
		ent->stats.nr_throttled++;

	delta = mgs_div64(used_ns * VT_SCALE, ent_weight(dom, ent));
	ent->vruntime += delta;
	/*
	 * A run granted to meet a guarantee must not turn into a debt against
	 * the entity's weighted share later: keep it at most one charge ahead
	 * of its class.
	 */
	ceiling = dom->min_vruntime[ent->cfg.prio] + delta;
	if (ent->owed_run && wrap_before(ceiling, ent->vruntime))
		ent->vruntime = ceiling;
	return 0;
}

/**
 * mgs_entity_read_stats() - snapshot of an entity's accounting
 * @ent: the entity.
 * @now_ns: current time, to include a wait still in progress.
 * @stats: filled with the counters.
 *
 * Context: any; does not sleep; the caller serializes it with calls on the
 * entity's domain (or accepts a torn read).
 * Return: nothing.
 */
void mgs_entity_read_stats(const struct mgs_entity *ent, u64 now_ns,
			   struct mgs_entity_stats *stats)
{
	*stats = ent->stats;
	if (ent->runnable && !ent->running)
		stats->wait_ns = add_sat(
			stats->wait_ns, time_since(now_ns, ent->wait_since_ns));
}
