// SPDX-License-Identifier: GPL-2.0-only
/*
 * Helpers every mdgpuctl command uses: messages and exit codes, the common
 * options, opening the context and looking GPUs and vGPUs up with errors
 * that say what exists, human-readable sizes and times, and a small
 * aligned-column table for text output.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "mdgpuctl.h"

/**
 * err() - print "mdgpuctl: <message>" to stderr
 * @fmt: printf format; the message should end in a newline
 */
void err(const char *fmt, ...)
{
	va_list ap;

	fputs("mdgpuctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

/**
 * usage_error() - report a bad command line
 * @cmd: the command, or NULL for the global level
 * @fmt: printf format of what is wrong (no newline)
 *
 * Return: %EXIT_USAGE.
 */
int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mdgpuctl%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "; see 'mdgpuctl %s%s--help'\n", cmd ? cmd : "",
		cmd ? " " : "");
	return EXIT_USAGE;
}

/**
 * common_opt() - handle what every command's getopt_long() loop shares
 * @c: what getopt_long() returned
 * @argv: the command's argv (argv[0] is its name)
 *
 * -h/--help prints the command's help, -j/--json selects JSON output, and
 * anything unknown is a usage error.
 *
 * Return: -1 to go on parsing, else the exit code to return at once.
 */
int common_opt(int c, char **argv)
{
	switch (c) {
	case 'h':
		return cmd_help(argv[0]);
	case 'j':
		opt_json = true;
		output = &json_ops;
		return -1;
	case ':':
		return usage_error(argv[0], "option '%s' needs a value",
				   argv[optind - 1]);
	default:
		return usage_error(argv[0], "unknown option '%s'",
				   argv[optind - 1]);
	}
}

/**
 * parse_plain() - parse a command that takes only the common options
 * @argc: argument count
 * @argv: the command's argv; positional arguments end up from optind on
 *
 * Return: -1 to go on, else the exit code to return at once.
 */
int parse_plain(int argc, char **argv)
{
	static const struct option opts[] = { OPT_HELP, OPT_JSON, {} };
	int c, ret;

	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS, opts, NULL)) !=
	       -1) {
		ret = common_opt(c, argv);
		if (ret >= 0)
			return ret;
	}
	return -1;
}

/**
 * exit_code() - the exit code for a library error
 * @err_neg: negative errno
 *
 * Return: %EXIT_PERM for EACCES/EPERM, %EXIT_NOTFOUND for ENOENT,
 * %EXIT_FAIL otherwise.
 */
int exit_code(int err_neg)
{
	switch (-err_neg) {
	case EACCES:
	case EPERM:
		return EXIT_PERM;
	case ENOENT:
		return EXIT_NOTFOUND;
	default:
		return EXIT_FAIL;
	}
}

/**
 * ctx_open() - open libmdgpu's view of this host
 * @code: set to the exit code on failure
 *
 * Return: the context, or NULL after the library said why.
 */
struct mdgpu_ctx *ctx_open(int *code)
{
	MDGPU_OPTS(mdgpu_ctx_opts, opts, .sysfs_root = opt_sysfs_root);
	struct mdgpu_ctx *ctx = mdgpu_ctx__open(&opts);

	if (!ctx)
		*code = exit_code(-errno);
	return ctx;
}

/**
 * ctx_closep() - cleanup helper: close a context
 * @ctx: where the context pointer is
 */
void ctx_closep(struct mdgpu_ctx **ctx)
{
	mdgpu_ctx__close(*ctx);
}

static void list_gpus(struct mdgpu_ctx *ctx, char *buf, size_t size)
{
	struct mdgpu_gpu *g;
	size_t len = 0;

	buf[0] = '\0';
	mdgpu_ctx__for_each_gpu(g, ctx) {
		if (len < size)
			len += snprintf(buf + len, size - len, "%s%s",
					len ? ", " : "", mdgpu_gpu__name(g));
	}
}

/**
 * gpu_lookup() - find a GPU named on the command line
 * @ctx: the context
 * @name: "gpuN" or "N"
 * @code: set to %EXIT_NOTFOUND when there is no such GPU
 *
 * Return: the GPU, or NULL after saying which GPUs exist.
 */
struct mdgpu_gpu *gpu_lookup(struct mdgpu_ctx *ctx, const char *name, int *code)
{
	struct mdgpu_gpu *gpu = mdgpu_ctx__find_gpu(ctx, name);
	char names[256];

	if (gpu)
		return gpu;
	*code = EXIT_NOTFOUND;
	if (!mdgpu_ctx__gpu_cnt(ctx)) {
		err("no GPU '%s': this host has no mdgpu GPU; load a backend (modprobe mdgpu_sim)\n",
		    name);
		return NULL;
	}
	list_gpus(ctx, names, sizeof(names));
	err("no GPU '%s': this host has %s (see 'mdgpuctl gpus')\n", name,
	    names);
	return NULL;
}

/**
 * vgpu_lookup() - find a vGPU named on the command line
 * @ctx: the context
 * @uuid: its UUID
 * @code: set to %EXIT_USAGE for a malformed UUID, %EXIT_NOTFOUND for an
 *	unknown one
 *
 * Return: the vGPU, or NULL after saying why.
 */
struct mdgpu_vgpu *vgpu_lookup(struct mdgpu_ctx *ctx, const char *uuid,
			       int *code)
{
	struct mdgpu_vgpu *v = mdgpu_ctx__find_vgpu(ctx, uuid);

	if (v)
		return v;
	if (errno == EINVAL) {
		err("'%s' is not a UUID: a UUID is 32 hex digits as 8-4-4-4-12, e.g. 0e5f4a9c-2b1d-4c3e-9f8a-7b6c5d4e3f21\n",
		    uuid);
		*code = EXIT_USAGE;
		return NULL;
	}
	*code = EXIT_NOTFOUND;
	err("no vGPU %s on this host (see 'mdgpuctl list')\n", uuid);
	return NULL;
}

/**
 * fmt_bytes() - a byte count for people: "256 MiB", "1.5 GiB"
 * @buf: output
 * @size: bytes in @buf
 * @bytes: the count
 *
 * Return: @buf.
 */
const char *fmt_bytes(char *buf, size_t size, __u64 bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double v = bytes;
	int u = 0;

	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	if (v == (__u64)v)
		snprintf(buf, size, "%llu %s", (unsigned long long)v, units[u]);
	else
		snprintf(buf, size, "%.1f %s", v, units[u]);
	return buf;
}

/**
 * fmt_ns() - a duration for people: "0", "850 ns", "1.5 us", "20.0 ms", "3.21 s"
 * @buf: output
 * @size: bytes in @buf
 * @ns: nanoseconds; UINT64_MAX prints as "inf"
 *
 * Return: @buf.
 */
const char *fmt_ns(char *buf, size_t size, __u64 ns)
{
	if (ns == UINT64_MAX)
		snprintf(buf, size, "inf");
	else if (ns < 1000)
		snprintf(buf, size, "%llu ns", (unsigned long long)ns);
	else if (ns < 1000000)
		snprintf(buf, size, "%.1f us", ns / 1e3);
	else if (ns < 1000000000)
		snprintf(buf, size, "%.1f ms", ns / 1e6);
	else
		snprintf(buf, size, "%.2f s", ns / 1e9);
	return buf;
}

/**
 * hist_percentile() - the upper bound of the bucket holding a percentile
 * @h: the histogram
 * @pct: 0-100
 *
 * Return: nanoseconds (UINT64_MAX for the last bucket), or 0 if empty.
 */
__u64 hist_percentile(const struct mdgpu_latency_hist *h, double pct)
{
	__u64 total = 0, sum = 0;
	__u32 i;

	for (i = 0; i < h->nr_buckets; i++)
		total += h->count[i];
	if (!total)
		return 0;
	for (i = 0; i < h->nr_buckets; i++) {
		sum += h->count[i];
		if (sum * 100.0 >= pct * total)
			return h->limit_ns[i];
	}
	return UINT64_MAX;
}

struct table {
	int cols;
	size_t nr;
	char **cells;
};

/**
 * table_new() - an empty text table
 * @cols: columns per row
 *
 * Return: the table (exits on out of memory).
 */
struct table *table_new(int cols)
{
	struct table *t = calloc(1, sizeof(*t));

	if (!t) {
		err("out of memory\n");
		exit(EXIT_FAIL);
	}
	t->cols = cols;
	return t;
}

/**
 * table_add() - append the next cell; rows fill left to right
 * @t: the table
 * @fmt: printf format of the cell
 */
void table_add(struct table *t, const char *fmt, ...)
{
	char **cells = realloc(t->cells, (t->nr + 1) * sizeof(*cells));
	va_list ap;
	int n;

	if (!cells) {
		err("out of memory\n");
		exit(EXIT_FAIL);
	}
	t->cells = cells;
	va_start(ap, fmt);
	n = vasprintf(&cells[t->nr], fmt, ap);
	va_end(ap);
	if (n < 0) {
		err("out of memory\n");
		exit(EXIT_FAIL);
	}
	t->nr++;
}

/**
 * table_print() - print a table with its columns aligned, two spaces apart
 * @t: the table; its first row is the header
 * @f: where to
 */
void table_print(struct table *t, FILE *f)
{
	size_t i, width[32] = { 0 }, len;
	int c;

	for (i = 0; i < t->nr; i++) {
		c = i % t->cols;
		len = strlen(t->cells[i]);
		if (c < 32 && len > width[c])
			width[c] = len;
	}
	for (i = 0; i < t->nr; i++) {
		c = i % t->cols;
		if (c == t->cols - 1 || i == t->nr - 1)
			fprintf(f, "%s\n", t->cells[i]);
		else
			fprintf(f, "%-*s  ", c < 32 ? (int)width[c] : 0,
				t->cells[i]);
	}
}

/**
 * table_freep() - cleanup helper: free a table
 * @t: where the table pointer is
 */
void table_freep(struct table **t)
{
	size_t i;

	if (!*t)
		return;
	for (i = 0; i < (*t)->nr; i++)
		free((*t)->cells[i]);
	free((*t)->cells);
	free(*t);
}
