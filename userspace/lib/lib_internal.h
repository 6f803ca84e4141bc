/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Inside libmdgpu: the objects behind the opaque handles, the sysfs I/O
 * layer (sysfs.c, the only file that touches the file system), the strict
 * parsers of what the kernel prints (parse.c) and the tables of settings
 * with their ranges (knobs.c). Unit tests link these directly.
 */
#ifndef LIB_INTERNAL_H
#define LIB_INTERNAL_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "mdgpu/libmdgpu.h"

/* ---- errors and messages (log.c) ---- */

/* Set errno from a negative error code and return it (libbpf's libbpf_err()). */
static inline int lib_err(int err)
{
	if (err < 0)
		errno = -err;
	return err;
}

/* NULL with errno set, for pointer returns. */
static inline void *lib_err_ptr(int err)
{
	errno = -err;
	return NULL;
}

/*
 * The kernel's __printf(), split so that checkpatch's attribute check (meant
 * for code that has the kernel's macro) passes its definition.
 */
/* clang-format off */
#ifndef __printf
#define __printf(a, b) __attribute__(( \
	format(printf, a, b)))
#endif
/* clang-format on */
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

__printf(2, 3) void lib_print(enum mdgpu_print_level level, const char *fmt,
			      ...);

#define pr_warn(fmt, ...) lib_print(MDGPU_WARN, "mdgpu: " fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) lib_print(MDGPU_INFO, "mdgpu: " fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) lib_print(MDGPU_DEBUG, "mdgpu: " fmt, ##__VA_ARGS__)

int lib_write_failed(int err, const char *what, const char *root,
		     const char *rel);

bool lib_opts_valid(const void *opts, size_t known_sz, size_t user_sz,
		    const char *name);
#ifndef offsetofend
#define offsetofend(TYPE, FIELD) \
	(offsetof(TYPE, FIELD) + sizeof(((TYPE *)0)->FIELD))
#endif
#define OPTS_VALID(opts, type)                                              \
	(!(opts) ||                                                         \
	 lib_opts_valid(opts, offsetofend(struct type, type##__last_field), \
			(opts)->sz, #type))
#define OPTS_GET(opts, field, fallback)                                    \
	((opts) && (opts)->sz >= offsetofend(__typeof__(*(opts)), field) ? \
		 (opts)->field :                                           \
		 (fallback))

/* ---- sysfs I/O (sysfs.c); paths are relative to the context's root ---- */

#define SYSFS_BUF_SIZE 8192

int sysfs_read(const char *root, const char *rel, char *buf, size_t size);
int sysfs_write(const char *root, const char *rel, const char *value);
int sysfs_list(const char *root, const char *rel, char ***names, size_t *nr);
bool sysfs_exists(const char *root, const char *rel);
void sysfs_free_list(char **names, size_t nr);

/* ---- strict parsers (parse.c) ---- */

/**
 * struct kv_field - one key of a key=value attribute
 * @key: the key
 * @val: where its value goes, a decimal number; NULL for a word (@str)
 * @max: largest value accepted
 * @str: where a word value goes (printable, no spaces), if @val is NULL
 * @str_size: bytes in @str
 */
struct kv_field {
	const char *key;
	__u64 *val;
	__u64 max;
	char *str;
	size_t str_size;
};

#define KV_NUM(k, p, m)                            \
	{                                          \
		.key = (k), .val = (p), .max = (m) \
	}
#define KV_WORD(k, s)                                         \
	{                                                     \
		.key = (k), .str = (s), .str_size = sizeof(s) \
	}

int parse_u64(const char *s, __u64 *out);
int parse_u32(const char *s, __u32 *out);
int parse_line_u64(const char *buf, __u64 *out);
int parse_line_u32(const char *buf, __u32 *out);
int parse_line_word(const char *buf, char *out, size_t size);
int parse_kv(char *buf, const struct kv_field *fields, size_t nr);
int parse_profile_line(char *line, struct mdgpu_profile *p);
int parse_vgpu_line(char *line, char uuid[MDGPU_UUID_SIZE]);
int parse_latency_hist(char *buf, struct mdgpu_latency_hist *h);
char *next_line(char **cursor);

/* ---- settings and their ranges (knobs.c) ---- */

/**
 * struct knob - one writable setting
 * @name: its sysfs attribute and key=value name
 * @min: smallest value
 * @max: largest value
 * @zero_ok: 0 is accepted besides @min..@max (it means "off" or "default")
 * @unit: what the number counts, for messages
 */
struct knob {
	const char *name;
	__u32 min;
	__u32 max;
	bool zero_ok;
	const char *unit;
};

enum qos_knob {
	QOS_WEIGHT,
	QOS_MIN_SHARE,
	QOS_MAX_SHARE,
	QOS_RESERVE,
	QOS_PRIORITY,
	QOS_TIMESLICE_US,
	QOS_CNT,
};

enum sched_knob {
	SCHED_POLICY,
	SCHED_TIMESLICE_US,
	SCHED_PERIOD_MS,
	SCHED_WATCHDOG_MS,
	SCHED_CNT,
};

extern const struct knob qos_knobs[QOS_CNT];
extern const struct knob sched_knobs[SCHED_CNT];

bool knob_in_range(const struct knob *k, __u32 v);
int knob_range_str(const struct knob *k, char *buf, size_t size);
__u32 *qos_opts_field(struct mdgpu_qos_opts *opts, enum qos_knob k);
__u32 *sched_opts_field(struct mdgpu_sched_opts *opts, enum sched_knob k);

/**
 * struct knob_write - one write of a settings change
 * @knob: index into the knob table
 * @val: the value to write
 */
struct knob_write {
	int knob;
	__u32 val;
};

/**
 * struct knob_target - what a settings change writes to
 * @root: sysfs root
 * @dir: directory of the attributes, relative to @root
 * @who: the object, for messages ("gpu0", a UUID)
 * @knobs: the knob table (qos_knobs or sched_knobs)
 * @cache: current values, indexed like @knobs; updated as writes succeed
 * @explain: prints why the kernel refused a value (EINVAL, ENOSPC, ...)
 *	and returns the error; NULL for lib_write_failed() only
 * @obj: passed to @explain
 */
struct knob_target {
	const char *root;
	const char *dir;
	const char *who;
	const struct knob *knobs;
	__u32 *cache;
	int (*explain)(void *obj, int knob, __u32 val, int err);
	void *obj;
};

int knob_apply(const struct knob_target *t, const struct knob_write *w, int nr);

/* ---- objects ---- */

struct mdgpu_profile {
	struct mdgpu_gpu *gpu;
	char name[32];
	char mdev_type[40];
	enum mdgpu_vgpu_mode mode;
	__u32 compute_units;
	__u64 memory_bytes;
	__u32 available;
	__u32 max_instances;
	__u32 placement_size;
};

struct mdgpu_vgpu {
	struct mdgpu_gpu *gpu;
	char uuid[MDGPU_UUID_SIZE];
	char profile[32];
	char *path;
	__u64 memory_bytes;
	struct mdgpu_placement pl;
	__u32 qos[QOS_CNT];
	bool destroyed;
};

struct mdgpu_gpu {
	struct mdgpu_ctx *ctx;
	size_t idx;
	int id;
	char name[16];
	char backend[32];
	__u32 compute_units;
	__u32 shared_compute_units;
	__u64 memory_bytes;
	__u32 memory_slices;
	__u64 memory_slice_bytes;
	__u32 memory_free_slices;
	__u64 memory_free_bytes;
	bool mdev_ready;
	__u32 sched[SCHED_CNT];
	struct mdgpu_profile *profiles;
	size_t nr_profiles;
	struct mdgpu_vgpu **vgpus;
	size_t nr_vgpus;
};

struct mdgpu_ctx {
	char *root;
	struct mdgpu_gpu **gpus;
	size_t nr_gpus;
};

/* gpu.c and vgpu.c */
int gpu_load(struct mdgpu_gpu *gpu);
void gpu_free(struct mdgpu_gpu *gpu);
int gpu_reload_capacity(struct mdgpu_gpu *gpu);
struct mdgpu_vgpu *vgpu_load(struct mdgpu_gpu *gpu, const char *uuid);
void vgpu_free(struct mdgpu_vgpu *vgpu);
int vgpu_add(struct mdgpu_gpu *gpu, struct mdgpu_vgpu *vgpu);

static inline const char *gpu_root(const struct mdgpu_gpu *gpu)
{
	return gpu->ctx->root;
}

#endif /* LIB_INTERNAL_H */
