/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Discrete-event simulation of one scheduling domain driven through the
 * scheduler core exactly as the kernel caller drives it (charge at each chunk
 * end, then pick). Shared by tools/schedsim and the host unit tests; measures
 * busy and runnable time itself, independently of the core's accounting.
 */
#ifndef SCHEDSIM_ENGINE_H
#define SCHEDSIM_ENGINE_H

#include <stddef.h>
#include "scheduler/sched.h"

#define SIM_MAX_ENTITIES 64U
#define SIM_MAX_CHANGES 64U
#define SIM_NEVER UINT64_MAX
#define SIM_NAME_LEN 16U

/**
 * struct sim_workload - what one entity submits
 * @arrive_ns: offset from the start at which it joins the domain.
 * @depart_ns: offset at which it leaves (after its chunk in flight), or
 *	SIM_NEVER.
 * @chunk_min_ns: shortest work chunk (at least 1).
 * @chunk_max_ns: longest work chunk; lengths are uniform in [min, max].
 * @burst_ns: work per burst, then it sleeps; 0 = always backlogged.
 * @sleep_ns: idle time between bursts.
 */
struct sim_workload {
	u64 arrive_ns;
	u64 depart_ns;
	u64 chunk_min_ns;
	u64 chunk_max_ns;
	u64 burst_ns;
	u64 sleep_ns;
};

/**
 * struct sim_entity - one simulated vGPU and what was measured about it
 * @name: label for reports.
 * @wl: its workload.
 * @ent: the core's entity.
 * @present: in the domain now.
 * @done: departed for good.
 * @running: occupies a slot now.
 * @burst_left_ns: work left in the current burst.
 * @wake_ns: offset from the start at which the next burst starts, or SIM_NEVER.
 * @busy_ns: time the entity occupied a slot, measured by the engine's clock.
 * @charged_ns: sum of the completed chunks charged to the core.
 * @runnable_ns: time with work queued, measured by the engine.
 * @nr_chunks: chunks executed.
 * @lat: dispatch latencies reported by the core (mgs_pick.wait_ns).
 * @nr_lat: entries in @lat.
 * @lat_cap: allocated entries of @lat.
 * @period_idx: period the last chunk ended in (period fixed for the run).
 * @period_busy_ns: busy time in period @period_idx.
 * @max_period_busy_ns: largest @period_busy_ns over completed and current
 *	periods.
 */
struct sim_entity {
	char name[SIM_NAME_LEN];
	struct sim_workload wl;
	struct mgs_entity ent;
	bool present;
	bool done;
	bool running;
	u64 burst_left_ns;
	u64 wake_ns;
	u64 busy_ns;
	u64 charged_ns;
	u64 runnable_ns;
	u64 nr_chunks;
	u64 *lat;
	size_t nr_lat;
	size_t lat_cap;
	u64 period_idx;
	u64 period_busy_ns;
	u64 max_period_busy_ns;
};

/**
 * struct sim_slot - one execution slot of the domain
 * @cur: entity running in it, or NULL.
 * @chunk_len_ns: length of the chunk in flight.
 * @chunk_end_ns: offset from the start at which it ends.
 * @idle_until_ns: offset at which an idle slot asks again (SIM_NEVER: on the
 *	next event).
 */
struct sim_slot {
	struct sim_entity *cur;
	u64 chunk_len_ns;
	u64 chunk_end_ns;
	u64 idle_until_ns;
};

/**
 * struct sim_change - a live configuration change at a given time
 * @at_ns: offset from the start.
 * @ent: index of the entity, or -1 for a domain change.
 * @ecfg: new entity configuration.
 * @dcfg: new domain configuration.
 * @done: applied (or rejected, see @ret).
 * @ret: the core's answer.
 */
struct sim_change {
	u64 at_ns;
	int ent;
	struct mgs_entity_config ecfg;
	struct mgs_domain_config dcfg;
	bool done;
	int ret;
};

struct sim;

/**
 * typedef sim_pick_hook - called after every pick the engine makes
 * @s: the simulation.
 * @slot: slot index.
 * @prev: entity that was in the slot, or NULL.
 * @next: entity now in the slot, or NULL.
 * @pick: the core's answer.
 */
typedef void (*sim_pick_hook)(struct sim *s, unsigned int slot,
			      struct sim_entity *prev, struct sim_entity *next,
			      const struct mgs_pick *pick);

/**
 * struct sim - a simulated domain
 * @dom: the core's domain.
 * @nr_ent: entities in @ents.
 * @ents: the entities.
 * @slots: one per domain slot.
 * @nr_changes: entries in @changes.
 * @changes: live changes, in any order.
 * @start_ns: simulated time at sim_init().
 * @now_ns: simulated time (the core's clock; event times are offsets from
 *	@start_ns).
 * @rng: PRNG state (xorshift64*).
 * @idle_ns: slot time spent idle.
 * @idle_waiting_ns: slot time spent idle while an entity was waiting.
 * @nr_picks: picks made.
 * @hook: optional callback after every pick.
 * @hook_data: for the hook.
 */
struct sim {
	struct mgs_domain dom;
	unsigned int nr_ent;
	struct sim_entity ents[SIM_MAX_ENTITIES];
	struct sim_slot slots[MGS_MAX_SLOTS];
	unsigned int nr_changes;
	struct sim_change changes[SIM_MAX_CHANGES];
	u64 start_ns;
	u64 now_ns;
	u64 rng;
	u64 idle_ns;
	u64 idle_waiting_ns;
	u64 nr_picks;
	sim_pick_hook hook;
	void *hook_data;
};

int sim_init(struct sim *s, const struct mgs_domain_config *dcfg, u64 start_ns,
	     u64 seed);
int sim_add(struct sim *s, const char *name,
	    const struct mgs_entity_config *cfg, const struct sim_workload *wl);
void sim_workload_init(struct sim_workload *wl, u64 chunk_ns);
void sim_run(struct sim *s, u64 duration_ns);
void sim_reset_measurements(struct sim *s);
u64 sim_total_busy(const struct sim *s);
void sim_fini(struct sim *s);

#endif /* SCHEDSIM_ENGINE_H */
