// SPDX-License-Identifier: GPL-2.0-only
/*
 * Discrete-event simulation of one scheduling domain: entities arrive, submit
 * work chunks, sleep and leave; every chunk end is charged to the core and
 * followed by a pick for that slot, exactly the contract the kernel caller
 * follows. The clock only moves from one event to the next.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"

static u64 min_u64(u64 a, u64 b)
{
	return a < b ? a : b;
}

/* xorshift64*: small, deterministic, good enough for chunk lengths. */
static u64 sim_rand(struct sim *s)
{
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return s->rng * 0x2545f4914f6cdd1dULL;
}

/**
 * sim_workload_init() - an always-backlogged workload with fixed chunks
 * @wl: workload to fill.
 * @chunk_ns: length of every chunk.
 *
 * Context: any.
 * Return: nothing.
 */
void sim_workload_init(struct sim_workload *wl, u64 chunk_ns)
{
	memset(wl, 0, sizeof(*wl));
	wl->depart_ns = SIM_NEVER;
	wl->chunk_min_ns = chunk_ns;
	wl->chunk_max_ns = chunk_ns;
}

/**
 * sim_init() - set up an empty simulation
 * @s: storage (large: allocate it).
 * @dcfg: the domain's configuration.
 * @start_ns: simulated time at the start (any u64, wrap included).
 * @seed: PRNG seed (0 is replaced by a fixed non-zero value).
 *
 * Context: userspace.
 * Return: 0, or the error of mgs_domain_init().
 */
int sim_init(struct sim *s, const struct mgs_domain_config *dcfg, u64 start_ns,
	     u64 seed)
{
	unsigned int i;

	memset(s, 0, sizeof(*s));
	s->start_ns = start_ns;
	s->now_ns = start_ns;
	s->rng = seed ? seed : 0x9e3779b97f4a7c15ULL;
	for (i = 0; i < MGS_MAX_SLOTS; i++)
		s->slots[i].idle_until_ns = SIM_NEVER;
	return mgs_domain_init(&s->dom, dcfg, start_ns);
}

/**
 * sim_add() - add an entity and its workload
 * @s: the simulation.
 * @name: label (truncated to SIM_NAME_LEN - 1).
 * @cfg: QoS, checked by mgs_entity_init().
 * @wl: workload; times are offsets from the start.
 *
 * Context: userspace, before or between sim_run() calls.
 * Return: the entity's index, -ENOSPC if the simulation is full, or the
 * core's error for @cfg.
 */
int sim_add(struct sim *s, const char *name,
	    const struct mgs_entity_config *cfg, const struct sim_workload *wl)
{
	struct sim_entity *e;
	int ret;

	if (s->nr_ent >= SIM_MAX_ENTITIES)
		return -ENOSPC;
	e = &s->ents[s->nr_ent];
	memset(e, 0, sizeof(*e));
	ret = mgs_entity_init(&e->ent, cfg);
	if (ret)
		return ret;
	strncpy(e->name, name, SIM_NAME_LEN - 1);
	e->wl = *wl;
	e->wake_ns = SIM_NEVER;
	if (!e->wl.chunk_min_ns)
		e->wl.chunk_min_ns = 1;
	if (e->wl.chunk_max_ns < e->wl.chunk_min_ns)
		e->wl.chunk_max_ns = e->wl.chunk_min_ns;
	return s->nr_ent++;
}

/*
 * Event times are kept as offsets from the start, so that SIM_NEVER stays
 * unambiguous when the absolute clock wraps around 2^64.
 */
static u64 sim_rel(const struct sim *s)
{
	return s->now_ns - s->start_ns;
}

static u64 sim_after(const struct sim *s, u64 delay)
{
	u64 rel = sim_rel(s);

	return delay >= SIM_NEVER - rel ? SIM_NEVER : rel + delay;
}

static bool sim_due(const struct sim *s, u64 rel)
{
	return rel != SIM_NEVER && rel <= sim_rel(s);
}

static void ent_wake(struct sim *s, struct sim_entity *e)
{
	e->burst_left_ns = e->wl.burst_ns;
	e->wake_ns = SIM_NEVER;
	mgs_entity_set_runnable(&s->dom, &e->ent, true, s->now_ns);
}

static void sim_apply_changes(struct sim *s)
{
	struct sim_change *c;
	unsigned int i;

	for (i = 0; i < s->nr_changes; i++) {
		c = &s->changes[i];
		if (c->done || !sim_due(s, c->at_ns))
			continue;
		c->done = true;
		if (c->ent < 0)
			c->ret = mgs_domain_set_config(&s->dom, &c->dcfg,
						       s->now_ns);
		else
			c->ret = mgs_entity_set_config(s->ents[c->ent].ent.dom,
						       &s->ents[c->ent].ent,
						       &c->ecfg, s->now_ns);
	}
}

/* Arrivals, departures of entities not running, and ends of sleep. */
static void sim_update_presence(struct sim *s)
{
	struct sim_entity *e;
	unsigned int i;

	for (i = 0; i < s->nr_ent; i++) {
		e = &s->ents[i];
		if (e->done)
			continue;
		if (!e->present && sim_due(s, e->wl.arrive_ns)) {
			if (mgs_domain_add(&s->dom, &e->ent, s->now_ns)) {
				e->done = true;
				continue;
			}
			e->present = true;
			ent_wake(s, e);
		}
		if (e->present && !e->running && sim_due(s, e->wl.depart_ns)) {
			mgs_domain_remove(&s->dom, &e->ent, s->now_ns);
			e->present = false;
			e->done = true;
			continue;
		}
		if (e->present && sim_due(s, e->wake_ns))
			ent_wake(s, e);
	}
}

static void slot_start(struct sim *s, struct sim_slot *slot,
		       struct sim_entity *e, const struct mgs_pick *pick)
{
	u64 span = e->wl.chunk_max_ns - e->wl.chunk_min_ns;
	u64 len = e->wl.chunk_min_ns;

	if (span)
		len += sim_rand(s) % (span + 1);
	if (e->wl.burst_ns)
		len = min_u64(len, e->burst_left_ns);
	if (!e->running) {
		if (e->nr_lat == e->lat_cap) {
			e->lat_cap = e->lat_cap ? 2 * e->lat_cap : 256;
			e->lat = realloc(e->lat, e->lat_cap * sizeof(*e->lat));
			if (!e->lat)
				abort();
		}
		e->lat[e->nr_lat++] = pick->wait_ns;
	}
	e->running = true;
	slot->cur = e;
	slot->chunk_len_ns = len;
	slot->chunk_end_ns = sim_after(s, len);
	slot->idle_until_ns = SIM_NEVER;
}

static void slot_pick(struct sim *s, unsigned int idx, struct sim_entity *prev)
{
	struct sim_slot *slot = &s->slots[idx];
	struct mgs_entity *next;
	struct sim_entity *n = NULL;
	struct mgs_pick pick;

	next = mgs_domain_pick_next(&s->dom, prev ? &prev->ent : NULL,
				    s->now_ns, &pick);
	s->nr_picks++;
	if (prev && next != &prev->ent)
		prev->running = false;
	if (next) {
		n = (struct sim_entity *)((char *)next -
					  offsetof(struct sim_entity, ent));
		slot_start(s, slot, n, &pick);
	} else {
		slot->cur = NULL;
		slot->idle_until_ns = sim_after(s, pick.idle_ns);
	}
	if (s->hook)
		s->hook(s, idx, prev, n, &pick);
}

static void ent_account_period(struct sim *s, struct sim_entity *e, u64 len)
{
	/* Like the core: a chunk counts in the period it started in. */
	u64 idx = (sim_rel(s) - len) / s->dom.cfg.period_ns;

	if (idx != e->period_idx) {
		e->period_idx = idx;
		e->period_busy_ns = 0;
	}
	e->period_busy_ns += len;
	if (e->period_busy_ns > e->max_period_busy_ns)
		e->max_period_busy_ns = e->period_busy_ns;
}

/* A chunk ended: charge it, retire the entity if its work is done, pick. */
static void slot_finish(struct sim *s, unsigned int idx)
{
	struct sim_slot *slot = &s->slots[idx];
	struct sim_entity *e = slot->cur;
	u64 len = slot->chunk_len_ns;

	mgs_entity_charge(&s->dom, &e->ent, len, s->now_ns);
	e->charged_ns += len;
	e->nr_chunks++;
	ent_account_period(s, e, len);
	if (e->wl.burst_ns) {
		e->burst_left_ns -= len;
		if (!e->burst_left_ns) {
			mgs_entity_set_runnable(&s->dom, &e->ent, false,
						s->now_ns);
			e->wake_ns = sim_after(s, e->wl.sleep_ns);
		}
	}
	if (sim_due(s, e->wl.depart_ns)) {
		mgs_domain_remove(&s->dom, &e->ent, s->now_ns);
		e->present = false;
		e->done = true;
	}
	if (!e->ent.running) {
		e->running = false;
		slot->cur = NULL;
		slot_pick(s, idx, NULL);
		return;
	}
	slot_pick(s, idx, e);
}

static u64 sim_next_event(const struct sim *s, u64 end)
{
	const struct sim_entity *e;
	const struct sim_slot *slot;
	u64 next = end;
	unsigned int i;

#define CONSIDER(t)                 \
	do {                        \
		if ((t) < next)     \
			next = (t); \
	} while (0)

	for (i = 0; i < s->dom.cfg.nr_slots; i++) {
		slot = &s->slots[i];
		CONSIDER(slot->cur ? slot->chunk_end_ns : slot->idle_until_ns);
	}
	for (i = 0; i < s->nr_ent; i++) {
		e = &s->ents[i];
		if (e->done)
			continue;
		if (!e->present)
			CONSIDER(e->wl.arrive_ns);
		else if (!e->running)
			CONSIDER(e->wl.depart_ns);
		if (e->present)
			CONSIDER(e->wake_ns);
	}
	for (i = 0; i < s->nr_changes; i++) {
		if (!s->changes[i].done)
			CONSIDER(s->changes[i].at_ns);
	}
#undef CONSIDER
	return next;
}

static void sim_advance(struct sim *s, u64 next)
{
	u64 dt = next - sim_rel(s);
	unsigned int i, idle = 0;
	bool waiting = false;
	struct sim_entity *e;

	for (i = 0; i < s->nr_ent; i++) {
		e = &s->ents[i];
		if (!e->present || !e->ent.runnable)
			continue;
		e->runnable_ns += dt;
		waiting |= !e->running;
	}
	for (i = 0; i < s->dom.cfg.nr_slots; i++) {
		if (s->slots[i].cur)
			s->slots[i].cur->busy_ns += dt;
		else
			idle++;
	}
	s->idle_ns += idle * dt;
	if (waiting)
		s->idle_waiting_ns += idle * dt;
	s->now_ns += dt;
}

/**
 * sim_run() - simulate for a while
 * @s: the simulation.
 * @duration_ns: how long.
 *
 * Can be called repeatedly; configuration may be changed in between through
 * the core's setters.
 *
 * Context: userspace.
 * Return: nothing.
 */
void sim_run(struct sim *s, u64 duration_ns)
{
	u64 end = sim_rel(s) + duration_ns;
	unsigned int i;

	while (sim_rel(s) != end) {
		sim_apply_changes(s);
		sim_update_presence(s);
		for (i = 0; i < s->dom.cfg.nr_slots; i++) {
			if (s->slots[i].cur &&
			    sim_due(s, s->slots[i].chunk_end_ns))
				slot_finish(s, i);
		}
		for (i = 0; i < s->dom.cfg.nr_slots; i++) {
			if (!s->slots[i].cur)
				slot_pick(s, i, NULL);
		}
		sim_advance(s, sim_next_event(s, end));
	}
}

/**
 * sim_reset_measurements() - zero what the engine measured (not the core's stats)
 * @s: the simulation.
 *
 * Context: userspace.
 * Return: nothing.
 */
void sim_reset_measurements(struct sim *s)
{
	struct sim_entity *e;
	unsigned int i;

	for (i = 0; i < s->nr_ent; i++) {
		e = &s->ents[i];
		e->busy_ns = 0;
		e->charged_ns = 0;
		e->runnable_ns = 0;
		e->nr_chunks = 0;
		e->nr_lat = 0;
		e->max_period_busy_ns = e->period_busy_ns;
	}
	s->idle_ns = 0;
	s->idle_waiting_ns = 0;
	s->nr_picks = 0;
}

/**
 * sim_total_busy() - busy time of all entities, as measured by the engine
 * @s: the simulation.
 *
 * Context: userspace.
 * Return: the sum of sim_entity.busy_ns.
 */
u64 sim_total_busy(const struct sim *s)
{
	u64 sum = 0;
	unsigned int i;

	for (i = 0; i < s->nr_ent; i++)
		sum += s->ents[i].busy_ns;
	return sum;
}

/**
 * sim_fini() - free what the simulation allocated
 * @s: the simulation.
 *
 * Context: userspace.
 * Return: nothing.
 */
void sim_fini(struct sim *s)
{
	unsigned int i;

	for (i = 0; i < s->nr_ent; i++) {
		free(s->ents[i].lat);
		s->ents[i].lat = NULL;
	}
}
