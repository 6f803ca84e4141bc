/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by mdgpuctl's files: the command table entry, the exit codes, the
 * print-ops struct that keeps output formats (text, JSON) out of command
 * logic, and the small helpers every command uses.
 */
#ifndef MDGPUCTL_H
#define MDGPUCTL_H

#include <stdbool.h>
#include <stdio.h>
#include <mdgpu/libmdgpu.h>

/*
 * The kernel's __printf(), split so that checkpatch's attribute check (meant
 * for code that has the kernel's macro) passes its definition.
 */
/* clang-format off */
#define __printf(a, b) __attribute__(( \
	format(printf, a, b)))
/* clang-format on */

#define MDGPUCTL_VERSION "0.1.0"

/* Exit codes (docs/cli.md). */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1, /* the operation failed: refused, no room, I/O */
	EXIT_USAGE = 2, /* bad command line: nothing was changed */
	EXIT_NOTFOUND = 3, /* no such GPU, profile or vGPU */
	EXIT_PERM = 4, /* needs root */
};

/**
 * struct cmd - one mdgpuctl command
 * @name: what the user types
 * @fn: runs it with argv[0] the command name; returns an exit code
 * @args: argument synopsis
 * @summary: one line for the command list
 * @help: the rest of "mdgpuctl COMMAND --help"
 */
struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *args;
	const char *summary;
	const char *help;
};

/**
 * struct stats_row - one vGPU in a statistics sample
 * @vgpu: the vGPU
 * @cur: counters now
 * @prev: counters one interval ago (for rates), if @has_prev
 * @has_prev: whether @prev is valid
 * @hist: its latency histogram
 */
struct stats_row {
	struct mdgpu_vgpu *vgpu;
	struct mdgpu_vgpu_stats cur;
	struct mdgpu_vgpu_stats prev;
	bool has_prev;
	struct mdgpu_latency_hist hist;
};

/* What attach/detach print. */
struct attach_info {
	const char *uuid;
	const char *sysfsdev;
	char id[64];
	char device[512];
	char hostdev[512];
};

/**
 * struct print_ops - one output format
 * @gpus: the GPU listing
 * @types: the profile listing, of one GPU or all (@gpu NULL)
 * @vgpus: the vGPU listing
 * @vgpu: one vGPU in full, with its statistics and histogram
 * @created: a vGPU just created
 * @stats: a statistics sample: totals, or rates over @interval_ns when @rates
 * @attach: how to give a vGPU to a VM (@detach: how to take it back)
 */
struct print_ops {
	void (*gpus)(struct mdgpu_ctx *ctx);
	void (*types)(struct mdgpu_ctx *ctx, struct mdgpu_gpu *gpu);
	void (*vgpus)(struct mdgpu_ctx *ctx);
	void (*vgpu)(struct mdgpu_vgpu *v, const struct mdgpu_vgpu_stats *st,
		     const struct mdgpu_latency_hist *h);
	void (*created)(struct mdgpu_vgpu *v);
	void (*stats)(const struct stats_row *rows, size_t n, bool rates,
		      __u64 interval_ns, unsigned int seq);
	void (*attach)(const struct attach_info *a, bool detach,
		       unsigned int what);
};

/* What attach prints (attach_info, print_ops.attach): bits. */
#define ATTACH_QEMU (1U << 0)
#define ATTACH_LIBVIRT (1U << 1)

extern const struct print_ops text_ops;
extern const struct print_ops json_ops;

/* Options every command takes, for its getopt_long() table; handled by common_opt(). */
#define COMMON_SHORTOPTS ":hj"
#define OPT_HELP                               \
	{                                      \
		"help", no_argument, NULL, 'h' \
	}
#define OPT_JSON                               \
	{                                      \
		"json", no_argument, NULL, 'j' \
	}

/* Global options (main.c). */
extern const struct print_ops *output;
extern bool opt_json;
extern const char *opt_sysfs_root;

/* Commands, one file per group. */
int cmd_gpus(int argc, char **argv);
int cmd_types(int argc, char **argv);
int cmd_gpu_set(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_create(int argc, char **argv);
int cmd_destroy(int argc, char **argv);
int cmd_set(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_attach(int argc, char **argv);
int cmd_detach(int argc, char **argv);

/* QMP hot-plug (qmp.c); return exit codes. */
int qmp_attach(const char *path, const char *id, const char *sysfsdev,
	       const char *pbus, int *bus, int *slot, int *fn);
int qmp_detach(const char *path, const char *id, double timeout_s);

/* Helpers (util.c). */
__printf(1, 2) void err(const char *fmt, ...);
__printf(2, 3) int usage_error(const char *cmd, const char *fmt, ...);
int cmd_help(const char *name);
int common_opt(int c, char **argv);
int parse_plain(int argc, char **argv);
int exit_code(int err_neg);
struct mdgpu_ctx *ctx_open(int *code);
struct mdgpu_gpu *gpu_lookup(struct mdgpu_ctx *ctx, const char *name,
			     int *code);
struct mdgpu_vgpu *vgpu_lookup(struct mdgpu_ctx *ctx, const char *uuid,
			       int *code);
const char *fmt_bytes(char *buf, size_t size, __u64 bytes);
const char *fmt_ns(char *buf, size_t size, __u64 ns);
__u64 hist_percentile(const struct mdgpu_latency_hist *h, double pct);
void ctx_closep(struct mdgpu_ctx **ctx);

#define _cleanup_(f) __attribute__((cleanup(f)))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A plain text table: add cells row by row, then print with aligned columns. */
struct table;
struct table *table_new(int cols);
__printf(2, 3) void table_add(struct table *t, const char *fmt, ...);
void table_print(struct table *t, FILE *f);
void table_freep(struct table **t);

#endif /* MDGPUCTL_H */
