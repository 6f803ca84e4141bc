// SPDX-License-Identifier: GPL-2.0-only
/*
 * schedsim: run the scheduler core (the same sources as mdgpu.ko) against a
 * trace of vGPU workloads on a simulated clock, and report achieved shares
 * against their targets, waits, slices, preemptions, latency percentiles and
 * Jain's fairness index. Usage and trace format: docs/scheduler.md.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "schedsim.h"

static void print_usage(FILE *out)
{
	fprintf(out,
		"usage: schedsim [-f TRACE] [-D KEY=VAL,...] [-e KEY=VAL,...] [-p POLICY]\n"
		"                [-d DURATION] [-s SEED]\n"
		"  -f TRACE   read a trace file ('-' = stdin)\n"
		"  -D SPEC    domain settings: policy, slots, slice, period, duration, seed\n"
		"  -e SPEC    add an entity: name, weight, min, max, reserve, prio, slice,\n"
		"             chunk (LEN or MIN-MAX), arrive, depart, burst, sleep\n"
		"  -p POLICY  best_effort | equal_share | fixed_share | weighted\n"
		"  -d TIME    simulated duration (e.g. 10s)\n"
		"  -s SEED    PRNG seed for chunk lengths\n"
		"Options apply in order; SPEC items are comma-separated.\n");
}

/* Turns "-e a=1,b=2" into the statement "entity a=1 b=2"; @key prefixes @spec. */
static int parse_spec(struct trace *t, const char *kw, const char *key,
		      const char *spec)
{
	size_t len = strlen(kw) + strlen(key) + strlen(spec) + 2;
	char *line = malloc(len);
	char *p;
	int ret;

	if (!line)
		return -ENOMEM;
	snprintf(line, len, "%s %s%s", kw, key, spec);
	for (p = line; *p; p++) {
		if (*p == ',')
			*p = ' ';
	}
	t->line = 0;
	ret = trace_parse_line(t, line);
	free(line);
	return ret;
}

static int parse_args(struct trace *t, int argc, char **argv)
{
	int opt, ret = 0;

	while (!ret && (opt = getopt(argc, argv, "f:D:e:p:d:s:h")) != -1) {
		switch (opt) {
		case 'f':
			ret = trace_parse_file(t, optarg);
			break;
		case 'D':
			ret = parse_spec(t, "domain", "", optarg);
			break;
		case 'e':
			ret = parse_spec(t, "entity", "", optarg);
			break;
		case 'p':
			ret = parse_spec(t, "domain", "policy=", optarg);
			break;
		case 'd':
			ret = parse_spec(t, "domain", "duration=", optarg);
			break;
		case 's':
			ret = parse_spec(t, "domain", "seed=", optarg);
			break;
		case 'h':
			print_usage(stdout);
			exit(0);
		default:
			print_usage(stderr);
			return -EINVAL;
		}
	}
	if (!ret && optind < argc) {
		print_usage(stderr);
		return -EINVAL;
	}
	return ret;
}

static int build_sim(struct sim *s, const struct trace *t)
{
	unsigned int i;
	int ret;

	ret = sim_init(s, &t->dcfg, 0, t->seed);
	if (ret) {
		fprintf(stderr, "schedsim: domain settings rejected: %s\n",
			strerror(-ret));
		return ret;
	}
	for (i = 0; i < t->nr_ent; i++) {
		ret = sim_add(s, t->ents[i].name, &t->ents[i].cfg,
			      &t->ents[i].wl);
		if (ret < 0) {
			fprintf(stderr, "schedsim: entity %s rejected: %s\n",
				t->ents[i].name, strerror(-ret));
			return ret;
		}
	}
	memcpy(s->changes, t->changes, sizeof(t->changes));
	s->nr_changes = t->nr_changes;
	return 0;
}

int main(int argc, char **argv)
{
	struct trace *t = calloc(1, sizeof(*t));
	struct sim *s = calloc(1, sizeof(*s));
	int ret = 1;

	if (!t || !s) {
		fprintf(stderr, "schedsim: out of memory\n");
		goto out_free;
	}
	trace_init(t);
	if (parse_args(t, argc, argv))
		goto out_free;
	if (!t->nr_ent) {
		fprintf(stderr,
			"schedsim: no entities (use -e or a trace with 'entity' lines)\n");
		goto out_free;
	}
	if (build_sim(s, t))
		goto out_free;
	sim_run(s, t->duration_ns);
	report_print(stdout, t, s);
	sim_fini(s);
	ret = 0;
out_free:
	free(s);
	free(t);
	return ret;
}
