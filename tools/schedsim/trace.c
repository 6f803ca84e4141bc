// SPDX-License-Identifier: GPL-2.0-only
/*
 * Parser of schedsim traces: line-oriented "domain", "entity" and "at"
 * statements with key=value settings, times with ns/us/ms/s units and shares
 * in percent. The same parser reads -D/-e specs from the command line.
 * docs/scheduler.md describes the format.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "schedsim.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

static const char *const policy_names[MGS_NR_POLICIES] = {
	[MGS_POLICY_BEST_EFFORT] = "best_effort",
	[MGS_POLICY_EQUAL_SHARE] = "equal_share",
	[MGS_POLICY_FIXED_SHARE] = "fixed_share",
	[MGS_POLICY_WEIGHTED] = "weighted",
};

/**
 * trace_policy_name() - name of a policy as traces spell it
 * @policy: one of &enum mgs_policy.
 *
 * Context: any.
 * Return: the name, or "?" when out of range.
 */
const char *trace_policy_name(u32 policy)
{
	return policy < MGS_NR_POLICIES ? policy_names[policy] : "?";
}

/**
 * trace_init() - an empty trace with default domain, 10 s, seed 1
 * @t: the trace.
 *
 * Context: any.
 * Return: nothing.
 */
void trace_init(struct trace *t)
{
	memset(t, 0, sizeof(*t));
	mgs_domain_config_init(&t->dcfg);
	t->duration_ns = 10000000000ULL;
	t->seed = 1;
}

static int trace_err(const struct trace *t, const char *what, const char *val)
{
	fprintf(stderr, "schedsim: line %u: %s '%s'\n", t->line, what, val);
	return -EINVAL;
}

static int parse_u64(const char *v, u64 *out)
{
	char *end;

	errno = 0;
	*out = strtoull(v, &end, 0);
	return (errno || end == v || *end || *v == '-') ? -EINVAL : 0;
}

/* "1.5ms", "200us", "3s", "100" (ns) or "never". */
static int parse_time(const char *v, u64 *out)
{
	static const struct {
		const char *unit;
		double mul;
	} units[] = {
		{ "ns", 1 },  { "us", 1e3 }, { "ms", 1e6 },
		{ "s", 1e9 }, { "", 1 },
	};
	double x;
	char *end;
	unsigned int i;

	if (!strcmp(v, "never")) {
		*out = SIM_NEVER;
		return 0;
	}
	errno = 0;
	x = strtod(v, &end);
	if (errno || end == v || x < 0)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(units); i++) {
		if (!strcmp(end, units[i].unit)) {
			x *= units[i].mul;
			if (x >= 18e18)
				return -EINVAL;
			*out = (u64)(x + 0.5);
			return 0;
		}
	}
	return -EINVAL;
}

/* "12.5%" (two decimals at most count) or "1250bp"; at most 100%. */
static int parse_share(const char *v, u16 *out)
{
	double x;
	char *end;

	errno = 0;
	x = strtod(v, &end);
	if (errno || end == v || x < 0)
		return -EINVAL;
	if (!strcmp(end, "%"))
		x *= MGS_SHARE_ONE / 100;
	else if (strcmp(end, "bp"))
		return -EINVAL;
	if (x > MGS_SHARE_ONE)
		return -EINVAL;
	*out = (u16)(x + 0.5);
	return 0;
}

static int parse_policy(const char *v, u32 *out)
{
	u32 i;

	for (i = 0; i < MGS_NR_POLICIES; i++) {
		if (!strcmp(v, policy_names[i])) {
			*out = i;
			return 0;
		}
	}
	return -EINVAL;
}

/* "1ms" (fixed) or "200us-1ms" (uniform). */
static int parse_chunk(const char *v, struct sim_workload *wl)
{
	char buf[64], *dash;

	if (strlen(v) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, v);
	dash = strchr(buf, '-');
	if (dash)
		*dash = '\0';
	if (parse_time(buf, &wl->chunk_min_ns) ||
	    parse_time(dash ? dash + 1 : buf, &wl->chunk_max_ns) ||
	    !wl->chunk_min_ns || wl->chunk_max_ns < wl->chunk_min_ns ||
	    wl->chunk_max_ns == SIM_NEVER)
		return -EINVAL;
	return 0;
}

static int parse_u32_val(const char *v, u32 *out)
{
	u64 x;

	if (parse_u64(v, &x) || x > UINT32_MAX)
		return -EINVAL;
	*out = (u32)x;
	return 0;
}

static int set_entity_key(struct trace_entity *e, const char *k, const char *v)
{
	u32 x;

	if (!strcmp(k, "name")) {
		if (!*v || strlen(v) >= SIM_NAME_LEN)
			return -EINVAL;
		strcpy(e->name, v);
		return 0;
	}
	if (!strcmp(k, "weight"))
		return parse_u32_val(v, &e->cfg.weight);
	if (!strcmp(k, "prio")) {
		if (parse_u32_val(v, &x) || x > UINT16_MAX)
			return -EINVAL;
		e->cfg.prio = (u16)x;
		return 0;
	}
	if (!strcmp(k, "min"))
		return parse_share(v, &e->cfg.min_share);
	if (!strcmp(k, "max"))
		return parse_share(v, &e->cfg.max_share);
	if (!strcmp(k, "reserve"))
		return parse_share(v, &e->cfg.reserve);
	if (!strcmp(k, "slice"))
		return parse_time(v, &e->cfg.slice_ns);
	if (!strcmp(k, "chunk"))
		return parse_chunk(v, &e->wl);
	if (!strcmp(k, "arrive"))
		return parse_time(v, &e->wl.arrive_ns);
	if (!strcmp(k, "depart"))
		return parse_time(v, &e->wl.depart_ns);
	if (!strcmp(k, "burst"))
		return parse_time(v, &e->wl.burst_ns);
	if (!strcmp(k, "sleep"))
		return parse_time(v, &e->wl.sleep_ns);
	return -ENOENT;
}

static int set_domain_key(struct trace *t, struct mgs_domain_config *d,
			  const char *k, const char *v, bool live)
{
	if (!strcmp(k, "policy"))
		return parse_policy(v, &d->policy);
	if (!strcmp(k, "slots"))
		return parse_u32_val(v, &d->nr_slots);
	if (!strcmp(k, "slice"))
		return parse_time(v, &d->slice_ns);
	if (!strcmp(k, "period"))
		return parse_time(v, &d->period_ns);
	if (live)
		return -ENOENT;
	if (!strcmp(k, "duration"))
		return parse_time(v, &t->duration_ns);
	if (!strcmp(k, "seed"))
		return parse_u64(v, &t->seed);
	return -ENOENT;
}

/* Applies key=value tokens to a domain (@e NULL) or to an entity. */
static int apply_pairs(struct trace *t, char **save,
		       struct mgs_domain_config *d, struct trace_entity *e,
		       bool live)
{
	char *tok, *eq;
	int ret;

	while ((tok = strtok_r(NULL, " \t\r\n", save))) {
		eq = strchr(tok, '=');
		if (!eq)
			return trace_err(t, "expected key=value, got", tok);
		*eq = '\0';
		if (e && live && !strcmp(tok, "name"))
			ret = -ENOENT;
		else if (e)
			ret = set_entity_key(e, tok, eq + 1);
		else
			ret = set_domain_key(t, d, tok, eq + 1, live);
		if (ret == -ENOENT)
			return trace_err(t, "unknown key", tok);
		if (ret)
			return trace_err(t, "bad value", eq + 1);
	}
	return 0;
}

static int find_entity(const struct trace *t, const char *name)
{
	unsigned int i;

	for (i = 0; i < t->nr_ent; i++) {
		if (!strcmp(t->ents[i].name, name))
			return i;
	}
	return -1;
}

static int parse_entity(struct trace *t, char **save)
{
	struct trace_entity *e;
	int ret;

	if (t->nr_changes)
		return trace_err(t, "entities must come before", "at");
	if (t->nr_ent >= SIM_MAX_ENTITIES)
		return trace_err(t, "too many entities at", "entity");
	e = &t->ents[t->nr_ent];
	memset(e, 0, sizeof(*e));
	mgs_entity_config_init(&e->cfg);
	sim_workload_init(&e->wl, 1000000);
	snprintf(e->name, sizeof(e->name), "e%u", t->nr_ent);
	ret = apply_pairs(t, save, NULL, e, false);
	if (ret)
		return ret;
	if (find_entity(t, e->name) >= 0)
		return trace_err(t, "duplicate entity name", e->name);
	t->nr_ent++;
	return 0;
}

/* Latest configuration of entity @idx (or of the domain) before a new change. */
static void last_config(const struct trace *t, int idx, struct sim_change *c)
{
	unsigned int i;

	if (idx >= 0)
		c->ecfg = t->ents[idx].cfg;
	c->dcfg = t->dcfg;
	for (i = 0; i < t->nr_changes; i++) {
		if (idx >= 0 && t->changes[i].ent == idx)
			c->ecfg = t->changes[i].ecfg;
		if (t->changes[i].ent < 0)
			c->dcfg = t->changes[i].dcfg;
	}
}

static int parse_at(struct trace *t, char **save)
{
	char *when = strtok_r(NULL, " \t\r\n", save);
	char *what = strtok_r(NULL, " \t\r\n", save);
	struct trace_entity tmp;
	struct sim_change *c;
	char *name;
	int idx = -1;

	if (t->nr_changes >= SIM_MAX_CHANGES)
		return trace_err(t, "too many changes at", "at");
	c = &t->changes[t->nr_changes];
	memset(c, 0, sizeof(*c));
	if (!when || parse_time(when, &c->at_ns) || c->at_ns == SIM_NEVER)
		return trace_err(t, "bad time", when ? when : "");
	if (t->nr_changes && c->at_ns < t->changes[t->nr_changes - 1].at_ns)
		return trace_err(t, "changes must be in time order at", when);
	if (what && !strcmp(what, "entity")) {
		name = strtok_r(NULL, " \t\r\n", save);
		idx = name ? find_entity(t, name) : -1;
		if (idx < 0)
			return trace_err(t, "unknown entity", name ? name : "");
	} else if (!what || strcmp(what, "domain")) {
		return trace_err(t, "expected 'entity NAME' or 'domain', got",
				 what ? what : "");
	}
	c->ent = idx;
	last_config(t, idx, c);
	if (idx >= 0) {
		tmp = t->ents[idx];
		tmp.cfg = c->ecfg;
		if (apply_pairs(t, save, NULL, &tmp, true))
			return -EINVAL;
		c->ecfg = tmp.cfg;
	} else if (apply_pairs(t, save, &c->dcfg, NULL, true)) {
		return -EINVAL;
	}
	t->nr_changes++;
	return 0;
}

/**
 * trace_parse_line() - parse one statement into a trace
 * @t: the trace (t->line names the line in messages).
 * @line: the statement; modified (tokenized). A '#' starts a comment.
 *
 * Context: userspace.
 * Return: 0, or -EINVAL after printing what is wrong to stderr.
 */
int trace_parse_line(struct trace *t, char *line)
{
	char *hash = strchr(line, '#');
	char *save = NULL;
	char *kw;

	if (hash)
		*hash = '\0';
	kw = strtok_r(line, " \t\r\n", &save);
	if (!kw)
		return 0;
	if (!strcmp(kw, "domain")) {
		if (t->nr_changes)
			return trace_err(t, "domain settings must come before",
					 "at");
		return apply_pairs(t, &save, &t->dcfg, NULL, false);
	}
	if (!strcmp(kw, "entity"))
		return parse_entity(t, &save);
	if (!strcmp(kw, "at"))
		return parse_at(t, &save);
	return trace_err(t, "unknown statement", kw);
}

/**
 * trace_parse_file() - parse a whole trace file
 * @t: the trace, from trace_init().
 * @path: file name, or "-" for stdin.
 *
 * Context: userspace.
 * Return: 0, -errno if the file cannot be read, or -EINVAL on a syntax error.
 */
int trace_parse_file(struct trace *t, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char buf[1024];
	int ret = 0;

	if (!f) {
		ret = -errno;
		fprintf(stderr, "schedsim: %s: %s\n", path, strerror(errno));
		return ret;
	}
	t->line = 0;
	while (!ret && fgets(buf, sizeof(buf), f)) {
		t->line++;
		ret = trace_parse_line(t, buf);
	}
	if (f != stdin)
		fclose(f);
	return ret;
}
