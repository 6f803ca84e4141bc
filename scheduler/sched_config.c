// SPDX-License-Identifier: GPL-2.0-only
/*
 * Defaults and validation of domain and entity QoS settings. Every setter of
 * the core runs these checks first, so that a rejected change leaves the
 * domain exactly as it was; sysfs stores can call them to report errors early.
 */
#include "sched_env.h"

/**
 * mgs_domain_config_init() - fill a domain configuration with the defaults
 * @cfg: configuration to fill.
 *
 * Defaults: weighted policy, one slot, 2 ms slices, 100 ms period.
 *
 * Context: any; touches only @cfg.
 * Return: nothing.
 */
void mgs_domain_config_init(struct mgs_domain_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->policy = MGS_POLICY_WEIGHTED;
	cfg->nr_slots = 1;
	cfg->slice_ns = MGS_SLICE_DEFAULT_NS;
	cfg->period_ns = MGS_PERIOD_DEFAULT_NS;
}

static bool slice_valid(u64 slice_ns)
{
	return slice_ns >= MGS_SLICE_MIN_NS && slice_ns <= MGS_SLICE_MAX_NS;
}

/* An entity can use at most one slot, so its share is bounded by 1/nr_slots. */
static bool share_fits_slots(u32 share, u32 nr_slots)
{
	return (u64)share * nr_slots <= MGS_SHARE_ONE;
}

/**
 * mgs_domain_check_config() - validate a proposed domain configuration
 * @dom: the domain it would apply to, or NULL for a domain not yet set up.
 * @cfg: proposed configuration.
 *
 * With @dom, also checks that the entities already in @dom stay feasible
 * (guarantees and reservations fit the new slot count) and that no fewer
 * slots than entities currently running are asked for.
 *
 * Context: any; the caller serializes calls on @dom. Changes nothing.
 * Return: 0 if @cfg can be applied, -EINVAL for a value out of range or an
 * entity share that no longer fits, -EBUSY if more entities run than
 * @cfg->nr_slots allows.
 */
int mgs_domain_check_config(const struct mgs_domain *dom,
			    const struct mgs_domain_config *cfg)
{
	const struct mgs_entity *ent;

	if (cfg->policy >= MGS_NR_POLICIES || !slice_valid(cfg->slice_ns))
		return -EINVAL;
	if (cfg->nr_slots < 1 || cfg->nr_slots > MGS_MAX_SLOTS)
		return -EINVAL;
	if (cfg->period_ns < MGS_PERIOD_MIN_NS ||
	    cfg->period_ns > MGS_PERIOD_MAX_NS ||
	    cfg->period_ns < cfg->slice_ns)
		return -EINVAL;
	if (!dom)
		return 0;
	if (dom->nr_running > cfg->nr_slots)
		return -EBUSY;
	for (ent = dom->head; ent; ent = ent->next) {
		if (!share_fits_slots(ent->cfg.min_share, cfg->nr_slots) ||
		    !share_fits_slots(ent->cfg.reserve, cfg->nr_slots))
			return -EINVAL;
	}
	return 0;
}

/**
 * mgs_entity_config_init() - fill an entity configuration with the defaults
 * @cfg: configuration to fill.
 *
 * Defaults: weight MGS_WEIGHT_DEFAULT, no guarantee, no cap, no explicit
 * reservation, priority MGS_PRIO_DEFAULT, the domain's slice.
 *
 * Context: any; touches only @cfg.
 * Return: nothing.
 */
void mgs_entity_config_init(struct mgs_entity_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->weight = MGS_WEIGHT_DEFAULT;
	cfg->max_share = MGS_SHARE_ONE;
	cfg->prio = MGS_PRIO_DEFAULT;
}

static int entity_check_ranges(const struct mgs_entity_config *cfg)
{
	if (cfg->weight < MGS_WEIGHT_MIN || cfg->weight > MGS_WEIGHT_MAX)
		return -EINVAL;
	if (cfg->max_share < 1 || cfg->max_share > MGS_SHARE_ONE ||
	    cfg->min_share > cfg->max_share || cfg->reserve > MGS_SHARE_ONE)
		return -EINVAL;
	if (cfg->prio >= MGS_NR_PRIO)
		return -EINVAL;
	if (cfg->slice_ns && !slice_valid(cfg->slice_ns))
		return -EINVAL;
	return 0;
}

/**
 * mgs_entity_check_config() - validate a proposed entity configuration
 * @dom: the domain the entity is in or would join, or NULL to check ranges only.
 * @ent: the entity whose configuration @cfg would replace (it must be in
 *	@dom), or NULL for an entity about to be added.
 * @cfg: proposed configuration.
 *
 * Checks every range documented at &struct mgs_entity_config, then, with
 * @dom, that the guarantees and the reservations of all entities in @dom
 * (with @cfg in place of @ent's current one) each add up to at most
 * MGS_SHARE_ONE, and that a new entity still fits in MGS_MAX_ENTITIES.
 *
 * Context: any; the caller serializes calls on @dom. Changes nothing.
 * Return: 0 if @cfg can be applied, -EINVAL for a value out of range (or @ent
 * not in @dom), -ENOSPC if the sums would exceed the domain's capacity or the
 * domain is full.
 */
int mgs_entity_check_config(const struct mgs_domain *dom,
			    const struct mgs_entity *ent,
			    const struct mgs_entity_config *cfg)
{
	const struct mgs_entity *it;
	u32 sum_min = cfg->min_share;
	u32 sum_reserve = cfg->reserve;
	int ret;

	ret = entity_check_ranges(cfg);
	if (ret || !dom)
		return ret;
	if (ent && ent->dom != dom)
		return -EINVAL;
	if (!share_fits_slots(cfg->min_share, dom->cfg.nr_slots) ||
	    !share_fits_slots(cfg->reserve, dom->cfg.nr_slots))
		return -EINVAL;
	if (!ent && dom->nr_entities >= MGS_MAX_ENTITIES)
		return -ENOSPC;
	for (it = dom->head; it; it = it->next) {
		if (it == ent)
			continue;
		sum_min += it->cfg.min_share;
		sum_reserve += it->cfg.reserve;
	}
	if (sum_min > MGS_SHARE_ONE || sum_reserve > MGS_SHARE_ONE)
		return -ENOSPC;
	return 0;
}
