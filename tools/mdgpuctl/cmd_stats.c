// SPDX-License-Identifier: GPL-2.0-only
/*
 * "stats": a vGPU's (or every vGPU's) scheduling statistics, as totals, or
 * with --watch as rates over each interval until Ctrl-C or --count samples.
 * Each sample re-reads the host, so vGPUs that come and go are followed.
 */
#include <getopt.h>
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mdgpuctl.h"

/* Set by SIGINT/SIGTERM; a lock-free atomic is safe in a signal handler. */
static atomic_bool stop;

static void on_signal(int sig)
{
	atomic_store(&stop, true);
}

/* Counters of the previous sample, by UUID. */
struct prev_sample {
	char uuid[MDGPU_UUID_SIZE];
	struct mdgpu_vgpu_stats st;
};

/* Strictly "N" or "N.N" seconds, 0.1 to 3600. */
static int parse_interval(const char *s, double *out)
{
	char *end;
	double v;

	if (!s || !*s || !strchr("0123456789", *s))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || v < 0.1 || v > 3600)
		return -1;
	*out = v;
	return 0;
}

/* Read the rows of one sample: every vGPU, or the one named by @uuid. */
static int sample(struct mdgpu_ctx *ctx, const char *uuid,
		  struct stats_row **rows, size_t *nr)
{
	struct mdgpu_vgpu *v;
	struct stats_row *r;
	size_t n = 0;
	int ret;

	*rows = NULL;
	*nr = 0;
	r = calloc(mdgpu_ctx__vgpu_cnt(ctx) + 1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	mdgpu_ctx__for_each_vgpu(v, ctx) {
		if (uuid && strcasecmp(uuid, mdgpu_vgpu__uuid(v)))
			continue;
		r[n].vgpu = v;
		r[n].cur.sz = sizeof(r[n].cur);
		r[n].hist.sz = sizeof(r[n].hist);
		ret = mdgpu_vgpu__read_stats(v, &r[n].cur) ?:
			      mdgpu_vgpu__read_latency_hist(v, &r[n].hist);
		if (ret == -ENOENT && !uuid)
			continue; /* destroyed meanwhile */
		if (ret) {
			free(r);
			return ret;
		}
		n++;
	}
	*rows = r;
	*nr = n;
	return 0;
}

static void remember(const struct stats_row *rows, size_t n,
		     struct prev_sample **prev, size_t *nr_prev)
{
	struct prev_sample *p = realloc(*prev, (n + 1) * sizeof(*p));
	size_t i;

	if (!p) {
		*nr_prev = 0;
		return;
	}
	for (i = 0; i < n; i++) {
		snprintf(p[i].uuid, sizeof(p[i].uuid), "%s",
			 mdgpu_vgpu__uuid(rows[i].vgpu));
		p[i].st = rows[i].cur;
	}
	*prev = p;
	*nr_prev = n;
}

static void match_prev(struct stats_row *rows, size_t n,
		       const struct prev_sample *prev, size_t nr_prev)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < nr_prev; j++) {
			if (!strcmp(prev[j].uuid,
				    mdgpu_vgpu__uuid(rows[i].vgpu))) {
				rows[i].prev = prev[j].st;
				rows[i].has_prev = true;
			}
		}
	}
}

static void sleep_interval(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (time_t)s) * 1e9) };

	while (!stop && nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static int watch(struct mdgpu_ctx *ctx, const char *uuid, double interval,
		 long count)
{
	struct prev_sample *prev = NULL;
	struct stats_row *rows;
	size_t n, nr_prev = 0;
	struct sigaction sa = { .sa_handler = on_signal };
	unsigned int seq;
	int ret = 0;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (sample(ctx, uuid, &rows, &n) == 0) {
		remember(rows, n, &prev, &nr_prev);
		free(rows);
	}
	for (seq = 1; !stop && (count <= 0 || seq <= count); seq++) {
		sleep_interval(interval);
		if (stop)
			break;
		ret = mdgpu_ctx__refresh(ctx);
		if (!ret && uuid && !mdgpu_ctx__find_vgpu(ctx, uuid)) {
			err("vGPU %s is gone\n", uuid);
			ret = -ENOENT;
		}
		if (!ret)
			ret = sample(ctx, uuid, &rows, &n);
		if (ret)
			break;
		match_prev(rows, n, prev, nr_prev);
		output->stats(rows, n, true, (__u64)(interval * 1e9), seq);
		fflush(stdout);
		remember(rows, n, &prev, &nr_prev);
		free(rows);
	}
	free(prev);
	return ret ? (ret == -ENOENT ? EXIT_FAIL : exit_code(ret)) : EXIT_OK;
}

/* "--watch 2" and "-w 2" become "--watch=2": getopt's optional arguments need the '='. */
static void join_watch_arg(int argc, char **argv, char **buf)
{
	double v;
	int i;

	for (i = 1; i < argc - 1; i++) {
		if ((strcmp(argv[i], "--watch") && strcmp(argv[i], "-w")) ||
		    parse_interval(argv[i + 1], &v))
			continue;
		if (asprintf(buf, "--watch=%s", argv[i + 1]) < 0)
			return;
		argv[i] = *buf;
		memmove(&argv[i + 1], &argv[i + 2],
			(argc - i - 2) * sizeof(*argv));
		argv[argc - 1] = NULL;
		return;
	}
}

/**
 * cmd_stats() - mdgpuctl stats [UUID] [--watch [SECONDS]] [--count N]
 * @argc: argument count
 * @argv: arguments, argv[0] the command
 *
 * Return: exit code.
 */
int cmd_stats(int argc, char **argv)
{
	static const struct option opts[] = {
		OPT_HELP,
		OPT_JSON,
		{ "watch", optional_argument, NULL, 'w' },
		{ "count", required_argument, NULL, 'n' },
		{}
	};
	struct mdgpu_ctx *ctx _cleanup_(ctx_closep) = NULL;
	char *joined = NULL, *end;
	struct stats_row *rows;
	bool do_watch = false;
	double interval = 1;
	long count = 0;
	size_t n;
	int c, ret, code = EXIT_OK;

	join_watch_arg(argc, argv, &joined);
	if (joined)
		argc--;
	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "w::n:", opts,
				NULL)) != -1) {
		if (c == 'w') {
			do_watch = true;
			if (optarg && parse_interval(optarg, &interval))
				return usage_error(
					argv[0],
					"--watch takes seconds, 0.1 to 3600, not '%s'",
					optarg);
		} else if (c == 'n') {
			errno = 0;
			count = strtol(optarg, &end, 10);
			if (errno || *end || count < 1)
				return usage_error(
					argv[0],
					"--count takes a positive number, not '%s'",
					optarg);
		} else {
			ret = common_opt(c, argv);
			if (ret >= 0)
				return ret;
		}
	}
	if (argc - optind > 1)
		return usage_error(argv[0], "takes at most one UUID");
	if (count && !do_watch)
		return usage_error(argv[0], "--count goes with --watch");
	ctx = ctx_open(&code);
	if (!ctx)
		return code;
	if (optind < argc && !vgpu_lookup(ctx, argv[optind], &code))
		return code;
	if (do_watch) {
		code = watch(ctx, optind < argc ? argv[optind] : NULL, interval,
			     count);
		free(joined);
		return code;
	}
	free(joined);
	ret = sample(ctx, optind < argc ? argv[optind] : NULL, &rows, &n);
	if (ret)
		return exit_code(ret);
	output->stats(rows, n, false, 0, 0);
	free(rows);
	return EXIT_OK;
}
