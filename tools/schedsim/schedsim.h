/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * schedsim's trace model: what a trace file or command-line spec describes
 * (domain, entities with workloads, live changes), the parser that fills it,
 * and the report that compares achieved shares with ideal targets.
 */
#ifndef SCHEDSIM_H
#define SCHEDSIM_H

#include <stdio.h>
#include "engine.h"

/**
 * struct trace_entity - one entity line of a trace
 * @name: unique name.
 * @cfg: initial QoS.
 * @wl: workload.
 */
struct trace_entity {
	char name[SIM_NAME_LEN];
	struct mgs_entity_config cfg;
	struct sim_workload wl;
};

/**
 * struct trace - everything a trace describes
 * @dcfg: initial domain configuration.
 * @duration_ns: simulated time.
 * @seed: PRNG seed.
 * @nr_ent: entities in @ents.
 * @ents: entities.
 * @nr_changes: entries in @changes, in time order.
 * @changes: live changes (entity or domain).
 * @line: line number being parsed, for messages.
 */
struct trace {
	struct mgs_domain_config dcfg;
	u64 duration_ns;
	u64 seed;
	unsigned int nr_ent;
	struct trace_entity ents[SIM_MAX_ENTITIES];
	unsigned int nr_changes;
	struct sim_change changes[SIM_MAX_CHANGES];
	unsigned int line;
};

void trace_init(struct trace *t);
int trace_parse_line(struct trace *t, char *line);
int trace_parse_file(struct trace *t, const char *path);
const char *trace_policy_name(u32 policy);

void report_print(FILE *out, const struct trace *t, const struct sim *s);

#endif /* SCHEDSIM_H */
