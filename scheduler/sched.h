/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * API of the freestanding time-slice scheduler core (mgs_*): a scheduling
 * domain hands its compute units to vGPU entities at work-chunk boundaries
 * under one of four policies. The caller owns all storage, serializes all
 * calls on a domain and passes the time; docs/scheduler.md has the algorithm.
 */
#ifndef MGS_SCHED_H
#define MGS_SCHED_H

#include "sched_env.h"

/* Shares are fixed point, in parts per 10000 of the domain's capacity. */
#define MGS_SHARE_ONE 10000U

#define MGS_WEIGHT_MIN 1U
#define MGS_WEIGHT_MAX 10000U
#define MGS_WEIGHT_DEFAULT 100U

/* Priority classes: a higher number runs first. */
#define MGS_NR_PRIO 4U
#define MGS_PRIO_DEFAULT 1U

#define MGS_SLICE_MIN_NS 100000ULL /* 100 us */
#define MGS_SLICE_MAX_NS 1000000000ULL /* 1 s */
#define MGS_SLICE_DEFAULT_NS 2000000ULL /* 2 ms */
#define MGS_PERIOD_MIN_NS 1000000ULL /* 1 ms */
#define MGS_PERIOD_MAX_NS 10000000000ULL /* 10 s */
#define MGS_PERIOD_DEFAULT_NS 100000000ULL /* 100 ms */

#define MGS_MAX_SLOTS 64U
#define MGS_MAX_ENTITIES 256U

/*
 * A single charge larger than this (about 18 minutes) is clamped to it for
 * the scheduling arithmetic; busy_ns still records the full amount.
 */
#define MGS_CHARGE_MAX_NS (1ULL << 40)

/* "Never" / "nothing to wait for", as returned in mgs_pick.idle_ns. */
#define MGS_TIME_INF U64_MAX

/*
 * Scheduling-latency histogram: bucket 0 counts latencies below
 * 2^MGS_LAT_SHIFT ns (1.024 us); bucket i (1 <= i < MGS_LAT_BUCKETS - 1)
 * counts [2^(i + MGS_LAT_SHIFT - 1), 2^(i + MGS_LAT_SHIFT)) ns; the last
 * bucket counts everything from 2^32 ns (4.29 s) up.
 */
#define MGS_LAT_SHIFT 10U
#define MGS_LAT_BUCKETS 24U

/**
 * enum mgs_policy - how a domain divides its time among runnable entities
 * @MGS_POLICY_BEST_EFFORT: round-robin by turns of one slice, work-conserving;
 *	weight, shares and reservation are ignored.
 * @MGS_POLICY_EQUAL_SHARE: equal time among runnable entities, charged by
 *	the time actually used, work-conserving.
 * @MGS_POLICY_FIXED_SHARE: each entity gets exactly its reservation of every
 *	period, runnable neighbours or not; unused time is left idle.
 * @MGS_POLICY_WEIGHTED: time proportional to weight, with an optional
 *	guaranteed minimum share and an optional cap.
 * @MGS_NR_POLICIES: number of policies.
 *
 * Priority classes apply under every policy.
 */
enum mgs_policy {
	MGS_POLICY_BEST_EFFORT,
	MGS_POLICY_EQUAL_SHARE,
	MGS_POLICY_FIXED_SHARE,
	MGS_POLICY_WEIGHTED,
	MGS_NR_POLICIES,
};

/**
 * struct mgs_domain_config - live-changeable settings of a domain
 * @policy: one of &enum mgs_policy.
 * @nr_slots: entities that may run at the same time (1..MGS_MAX_SLOTS); the
 *	domain's capacity is @nr_slots times wall time.
 * @slice_ns: default time slice (MGS_SLICE_MIN_NS..MGS_SLICE_MAX_NS).
 * @period_ns: accounting period of caps, guarantees and reservations
 *	(MGS_PERIOD_MIN_NS..MGS_PERIOD_MAX_NS, and at least @slice_ns).
 */
struct mgs_domain_config {
	u32 policy;
	u32 nr_slots;
	u64 slice_ns;
	u64 period_ns;
};

/**
 * struct mgs_entity_config - live-changeable QoS of one entity (vGPU)
 * @weight: relative weight under MGS_POLICY_WEIGHTED
 *	(MGS_WEIGHT_MIN..MGS_WEIGHT_MAX).
 * @min_share: guaranteed share of the time the entity is runnable, under
 *	MGS_POLICY_WEIGHTED; 0 = none. At most MGS_SHARE_ONE / nr_slots, and
 *	the domain's sum at most MGS_SHARE_ONE.
 * @max_share: cap per period under MGS_POLICY_WEIGHTED (1..MGS_SHARE_ONE;
 *	MGS_SHARE_ONE = no cap); at least @min_share.
 * @reserve: reservation under MGS_POLICY_FIXED_SHARE; 0 = an equal part of
 *	what the other entities leave unreserved. At most
 *	MGS_SHARE_ONE / nr_slots, and the domain's sum at most MGS_SHARE_ONE.
 * @prio: priority class, 0..MGS_NR_PRIO - 1; higher runs first.
 * @slice_ns: time slice override; 0 = the domain's.
 *
 * Shares are in parts per MGS_SHARE_ONE of the domain's capacity.
 */
struct mgs_entity_config {
	u32 weight;
	u16 min_share;
	u16 max_share;
	u16 reserve;
	u16 prio;
	u64 slice_ns;
};

/**
 * struct mgs_entity_stats - accounting of one entity
 * @busy_ns: time charged through mgs_entity_charge() (saturating).
 * @wait_ns: time runnable but not running ("GPU steal time").
 * @overrun_ns: charged time beyond the granted slices (chunk overshoot).
 * @nr_slices: slices granted, including back-to-back renewals.
 * @nr_dispatches: switches from waiting to running.
 * @nr_preempts: switches from running to waiting while still runnable,
 *	because another entity was chosen.
 * @nr_throttled: times the entity ran out of its cap or reservation budget.
 * @lat_hist: wait before each dispatch, log2 buckets (see MGS_LAT_SHIFT);
 *	the counts add up to @nr_dispatches.
 */
struct mgs_entity_stats {
	u64 busy_ns;
	u64 wait_ns;
	u64 overrun_ns;
	u64 nr_slices;
	u64 nr_dispatches;
	u64 nr_preempts;
	u64 nr_throttled;
	u64 lat_hist[MGS_LAT_BUCKETS];
};

struct mgs_domain;

/**
 * struct mgs_entity - one schedulable entity (a time-sliced vGPU)
 * @cfg: QoS; change it with mgs_entity_set_config() only.
 * @stats: accounting; read it with mgs_entity_read_stats() to include the
 *	wait in progress.
 *
 * The caller allocates it, initializes it with mgs_entity_init() and adds it
 * to one domain at a time. The remaining fields belong to the core.
 */
struct mgs_entity {
	struct mgs_entity_config cfg;
	struct mgs_entity_stats stats;
	/* private: */
	struct mgs_domain *dom;
	struct mgs_entity *next;
	u64 vruntime;
	u64 rr_seq;
	u64 slice_left_ns;
	u64 period_used_ns;
	u64 period_runnable_ns;
	u64 min_ahead_ns;
	u64 runnable_since_ns;
	u64 wait_since_ns;
	bool runnable;
	bool running;
	bool owed_run;
};

/**
 * struct mgs_domain - a set of compute units and the entities sharing them
 * @cfg: settings; change them with mgs_domain_set_config() or
 *	mgs_domain_set_policy() only.
 *
 * The caller allocates it and serializes every call that names it (one lock
 * per domain). The remaining fields belong to the core.
 */
struct mgs_domain {
	struct mgs_domain_config cfg;
	/* private: */
	struct mgs_entity *head;
	u32 nr_entities;
	u32 nr_running;
	u64 period_start_ns;
	u64 rr_seq;
	u64 min_vruntime[MGS_NR_PRIO];
};

/* mgs_pick.flags: what happened to @prev of mgs_domain_pick_next(). */
#define MGS_PICK_CONTINUE 0x1U /* prev keeps running, slice goes on */
#define MGS_PICK_RENEWED 0x2U /* prev keeps running with a new slice */
#define MGS_PICK_PREEMPTED 0x4U /* prev lost the slot to another entity */
#define MGS_PICK_THROTTLED 0x8U /* prev ran out of cap or reservation */

/**
 * struct mgs_pick - the answer of mgs_domain_pick_next()
 * @slice_ns: time the returned entity may run before the next decision is
 *	due (the rest of its slice when continuing); 0 when none is returned.
 * @wait_ns: how long the returned entity waited, on a dispatch; 0 otherwise.
 * @idle_ns: when none is returned: time until a throttled entity becomes
 *	eligible again (the end of the period), or MGS_TIME_INF.
 * @flags: MGS_PICK_* bits about the previous entity.
 */
struct mgs_pick {
	u64 slice_ns;
	u64 wait_ns;
	u64 idle_ns;
	u32 flags;
};

/* sched_config.c */
void mgs_domain_config_init(struct mgs_domain_config *cfg);
int mgs_domain_check_config(const struct mgs_domain *dom,
			    const struct mgs_domain_config *cfg);
void mgs_entity_config_init(struct mgs_entity_config *cfg);
int mgs_entity_check_config(const struct mgs_domain *dom,
			    const struct mgs_entity *ent,
			    const struct mgs_entity_config *cfg);

/* sched_core.c */
int mgs_domain_init(struct mgs_domain *dom, const struct mgs_domain_config *cfg,
		    u64 now_ns);
int mgs_domain_set_config(struct mgs_domain *dom,
			  const struct mgs_domain_config *cfg, u64 now_ns);
int mgs_domain_set_policy(struct mgs_domain *dom, u32 policy, u64 now_ns);
int mgs_domain_add(struct mgs_domain *dom, struct mgs_entity *ent, u64 now_ns);
int mgs_domain_remove(struct mgs_domain *dom, struct mgs_entity *ent,
		      u64 now_ns);
struct mgs_entity *mgs_domain_pick_next(struct mgs_domain *dom,
					struct mgs_entity *prev, u64 now_ns,
					struct mgs_pick *pick);
int mgs_entity_init(struct mgs_entity *ent,
		    const struct mgs_entity_config *cfg);
int mgs_entity_set_config(struct mgs_domain *dom, struct mgs_entity *ent,
			  const struct mgs_entity_config *cfg, u64 now_ns);
int mgs_entity_set_runnable(struct mgs_domain *dom, struct mgs_entity *ent,
			    bool runnable, u64 now_ns);
int mgs_entity_charge(struct mgs_domain *dom, struct mgs_entity *ent,
		      u64 used_ns, u64 now_ns);

/* sched_stats.c */
void mgs_entity_read_stats(const struct mgs_entity *ent, u64 now_ns,
			   struct mgs_entity_stats *stats);
unsigned int mgs_lat_bucket(u64 lat_ns);
u64 mgs_lat_bucket_limit_ns(unsigned int bucket);
u64 mgs_stats_lat_percentile(const struct mgs_entity_stats *stats,
			     unsigned int permille);

#endif /* MGS_SCHED_H */
