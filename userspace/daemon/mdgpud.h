/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mdgpud, the declarative host daemon of mdgpu (docs/daemon.md): the
 * desired state read from a config file (config.c), the ownership record
 * in the state directory (state.c), the pure reconcile planner (plan.c) and
 * its executor over libmdgpu (reconcile.c), Prometheus metrics (metrics.c
 * formats, http.c serves), the control socket (ctl.c) and the event loop
 * (main.c). The parser, the planner and the formatter are pure functions,
 * unit-tested on their own.
 */
#ifndef MDGPUD_H
#define MDGPUD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <mdgpu/libmdgpu.h>

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

#define MDGPUD_VERSION "0.1.0"

/* Most vGPUs a config may declare, and GPUs it may name. */
#define MDGPUD_MAX_VGPUS 1024
#define MDGPUD_MAX_GPUS 64
/* Longest config line, in bytes, and the largest config file. */
#define MDGPUD_MAX_LINE 1024
#define MDGPUD_MAX_CONFIG (1024 * 1024)
/* Most errors one validation reports (the rest are counted). */
#define MDGPUD_MAX_ERRORS 20

#define MDGPUD_GPU_NAME_SIZE 16
#define MDGPUD_PROFILE_SIZE 32

/* QoS keys in the order of the MDGPU_QOS_SET_* bits. */
enum {
	Q_WEIGHT,
	Q_MIN_SHARE,
	Q_MAX_SHARE,
	Q_RESERVE,
	Q_PRIORITY,
	Q_TIMESLICE_US,
	Q_CNT,
};

/* Scheduler keys in the order of the MDGPU_SCHED_SET_* bits. */
enum {
	S_POLICY,
	S_TIMESLICE_US,
	S_PERIOD_MS,
	S_WATCHDOG_MS,
	S_CNT,
};

extern const char *const qos_key_names[Q_CNT];
extern const __u32 qos_defaults[Q_CNT];
extern const char *const sched_key_names[S_CNT];

/* ---- the desired state (config.c) ---- */

/**
 * struct dvgpu - one [vgpu UUID] section
 * @uuid: its UUID, lower case
 * @gpu: "gpuN"
 * @profile: profile name ("ts.64m", "2c.128m")
 * @slice_start: first memory slice, or MDGPU_PLACEMENT_KEEP (automatic)
 * @cu_start: first compute unit (spatial), or MDGPU_PLACEMENT_KEEP
 * @qos: every QoS value: the config's, else the default (docs/abi.md)
 * @qos_set: MDGPU_QOS_SET_* bits of the keys the config gave
 * @line: line of its section header
 */
struct dvgpu {
	char uuid[MDGPU_UUID_SIZE];
	char gpu[MDGPUD_GPU_NAME_SIZE];
	char profile[MDGPUD_PROFILE_SIZE];
	__u32 slice_start;
	__u32 cu_start;
	__u32 qos[Q_CNT];
	__u32 qos_set;
	unsigned int line;
};

/**
 * struct dgpu - one [gpu NAME] section: scheduler settings to enforce
 * @name: "gpuN"
 * @sched: values, indexed S_*
 * @set: MDGPU_SCHED_SET_* bits of the keys given (only those are enforced)
 * @line: line of its section header
 */
struct dgpu {
	char name[MDGPUD_GPU_NAME_SIZE];
	__u32 sched[S_CNT];
	__u32 set;
	unsigned int line;
};

/**
 * struct dconf - a whole, valid config
 * @idle_after_s: a vGPU with no work this long is reported idle; 0 = never
 * @resync_s: seconds between drift checks and statistics samples
 * @gpus: [gpu] sections
 * @nr_gpus: entries in @gpus
 * @vgpus: [vgpu] sections, in file order
 * @nr_vgpus: entries in @vgpus
 */
struct dconf {
	unsigned int idle_after_s;
	unsigned int resync_s;
	struct dgpu *gpus;
	size_t nr_gpus;
	struct dvgpu *vgpus;
	size_t nr_vgpus;
};

#define MDGPUD_DEFAULT_IDLE_AFTER_S 600
#define MDGPUD_DEFAULT_RESYNC_S 10

int conf_parse(const char *text, size_t len, const char *file,
	       struct dconf *out, char *err, size_t err_size);
int conf_load(const char *path, struct dconf *out, char *err, size_t err_size);
void conf_free(struct dconf *c);
const struct dvgpu *conf_find_vgpu(const struct dconf *c, const char *uuid);

/* ---- what the host has (reconcile.c fills it; plan.c reads it) ---- */

/**
 * struct ovgpu - one vGPU as sysfs shows it
 * @uuid: UUID
 * @gpu: "gpuN"
 * @profile: profile name
 * @slice_start: first memory slice
 * @cu_start: first compute unit (spatial)
 * @cus: compute units held (0: time-sliced)
 * @qos: QoS values, indexed Q_*
 * @in_use: a VFIO user has it open
 */
struct ovgpu {
	char uuid[MDGPU_UUID_SIZE];
	char gpu[MDGPUD_GPU_NAME_SIZE];
	char profile[MDGPUD_PROFILE_SIZE];
	__u32 slice_start;
	__u32 cu_start;
	__u32 cus;
	__u32 qos[Q_CNT];
	bool in_use;
};

/**
 * struct ogpu - one GPU as sysfs shows it
 * @name: "gpuN"
 * @mdev_ready: vGPUs can be created (mdgpu_mdev is loaded)
 * @sched: scheduler settings, indexed S_*
 */
struct ogpu {
	char name[MDGPUD_GPU_NAME_SIZE];
	bool mdev_ready;
	__u32 sched[S_CNT];
};

/**
 * struct observed - the host now
 * @gpus: its GPUs
 * @nr_gpus: entries in @gpus
 * @vgpus: its mdgpu vGPUs
 * @nr_vgpus: entries in @vgpus
 */
struct observed {
	struct ogpu *gpus;
	size_t nr_gpus;
	struct ovgpu *vgpus;
	size_t nr_vgpus;
};

/* ---- the ownership record (state.c) ---- */

/**
 * struct owned - the vGPUs this daemon created or adopted
 * @uuids: their UUIDs, lower case, sorted
 * @nr: entries in @uuids
 */
struct owned {
	char (*uuids)[MDGPU_UUID_SIZE];
	size_t nr;
};

bool owned_has(const struct owned *o, const char *uuid);
int owned_add(struct owned *o, const char *uuid);
bool owned_del(struct owned *o, const char *uuid);
void owned_free(struct owned *o);
int state_open(const char *dir, int *lock_fd);
int state_load(const char *dir, struct owned *o);
int state_save(const char *dir, const struct owned *o);

/* ---- the planner (plan.c) ---- */

/**
 * enum act_kind - one step of a reconcile, in the order they run
 * @ACT_SET_SCHED: write a GPU's scheduler settings (@sched, @mask)
 * @ACT_DESTROY: destroy an owned vGPU that the config no longer wants (or
 *	that must be made again with another GPU or profile), then forget it
 * @ACT_FORGET: drop an owned UUID that no longer exists and is not wanted
 * @ACT_ADOPT: record a wanted vGPU that exists as the config says but is
 *	not in the record (made before a crash, or by hand, with its UUID)
 * @ACT_SET_QOS: write QoS values of a vGPU (@qos, @mask); guarantees that
 *	shrink run before those that grow
 * @ACT_MOVE: move a vGPU to its configured placement
 * @ACT_CREATE: record, then create a wanted vGPU (QoS and placement too)
 * @ACT_CONFLICT: a wanted UUID exists on another GPU or profile and is not
 *	ours: left alone, reported
 * @ACT_BUSY: a change needs the vGPU destroyed or moved, but it is in use:
 *	deferred, reported
 * @ACT_WAIT_GPU: the vGPU's GPU is absent or not an mdev parent: waiting
 */
enum act_kind {
	ACT_SET_SCHED,
	ACT_DESTROY,
	ACT_FORGET,
	ACT_ADOPT,
	ACT_SET_QOS,
	ACT_MOVE,
	ACT_CREATE,
	ACT_CONFLICT,
	ACT_BUSY,
	ACT_WAIT_GPU,
};

/**
 * struct action - one step
 * @kind: what
 * @uuid: the vGPU (all but ACT_SET_SCHED)
 * @gpu: the GPU
 * @want: the config's vGPU (ACT_CREATE, ACT_MOVE, ACT_SET_QOS, ...), or NULL
 * @mask: MDGPU_QOS_SET_* or MDGPU_SCHED_SET_* bits to write
 * @vals: the values, indexed Q_* or S_*
 * @slice_start: ACT_MOVE: target slice or MDGPU_PLACEMENT_KEEP
 * @cu_start: ACT_MOVE: target compute unit or MDGPU_PLACEMENT_KEEP
 * @why: a short reason, for the log
 */
struct action {
	enum act_kind kind;
	char uuid[MDGPU_UUID_SIZE];
	char gpu[MDGPUD_GPU_NAME_SIZE];
	const struct dvgpu *want;
	__u32 mask;
	__u32 vals[Q_CNT]; /* Q_CNT >= S_CNT */
	__u32 slice_start;
	__u32 cu_start;
	const char *why;
};

/**
 * struct plan - the steps of one reconcile
 * @acts: the steps, in the order to run them
 * @nr: entries in @acts
 */
struct plan {
	struct action *acts;
	size_t nr;
};

int plan_make(const struct dconf *want, const struct observed *obs,
	      const struct owned *own, struct plan *out);
void plan_free(struct plan *p);
const char *act_kind_str(enum act_kind k);
bool act_changes(enum act_kind k);
unsigned int plan_retry_s(unsigned int prev_s, unsigned int resync_s);

/* ---- metrics (metrics.c) ---- */

/**
 * struct sbuf - a growing string
 * @buf: the text, NUL-terminated (NULL until the first append)
 * @len: its length
 * @size: bytes allocated
 * @failed: an allocation failed; the text is incomplete
 */
struct sbuf {
	char *buf;
	size_t len;
	size_t size;
	bool failed;
};

__printf(2, 3) void sb_printf(struct sbuf *sb, const char *fmt, ...);
void sb_free(struct sbuf *sb);

/**
 * struct mvgpu - one vGPU's metrics
 * @uuid: UUID
 * @gpu: "gpuN"
 * @profile: profile
 * @owned: the daemon manages it
 * @memory_bytes: its memory
 * @cus: compute units held exclusively (0: time-sliced)
 * @qos: QoS values, indexed Q_*
 * @stats: scheduling counters
 * @hist: scheduling-latency histogram
 * @has_status: @status was read (the kernel has the attributes)
 * @status: in use, errors, resets
 * @utilization: busy share of the last sample interval, 0-1; < 0 unknown
 * @idle: no work for idle_after_s
 * @idle_s: seconds since its last work
 */
struct mvgpu {
	const char *uuid;
	const char *gpu;
	const char *profile;
	bool owned;
	__u64 memory_bytes;
	__u32 cus;
	__u32 qos[Q_CNT];
	struct mdgpu_vgpu_stats stats;
	struct mdgpu_latency_hist hist;
	bool has_status;
	struct mdgpu_vgpu_status status;
	double utilization;
	bool idle;
	double idle_s;
};

/**
 * struct mgpu - one GPU's metrics
 * @name: "gpuN"
 * @compute_units: CUs
 * @shared_compute_units: CUs no spatial vGPU holds
 * @memory_bytes: memory
 * @memory_free_bytes: memory no vGPU holds
 * @nr_vgpus: vGPUs
 * @utilization: CU-weighted busy share of the last interval, 0-1; < 0 unknown
 */
struct mgpu {
	const char *name;
	__u32 compute_units;
	__u32 shared_compute_units;
	__u64 memory_bytes;
	__u64 memory_free_bytes;
	__u32 nr_vgpus;
	double utilization;
};

/**
 * struct mdaemon - the daemon's own metrics
 * @config_ok: the last load of the config was valid
 * @config_loads: loads attempted
 * @config_errors: loads rejected
 * @reconciles: reconciles run
 * @actions: changes made (creates, destroys, QoS and placement writes)
 * @action_errors: changes that failed
 * @last_reconcile_ok: the last reconcile made every change it planned
 * @deferred: steps waiting (in use, conflict, absent GPU) after the last one
 * @owned: vGPUs in the ownership record
 * @idle_after_s: the idle threshold
 */
struct mdaemon {
	bool config_ok;
	__u64 config_loads;
	__u64 config_errors;
	__u64 reconciles;
	__u64 actions;
	__u64 action_errors;
	bool last_reconcile_ok;
	__u32 deferred;
	__u32 owned;
	unsigned int idle_after_s;
};

void metrics_format(struct sbuf *sb, const struct mdaemon *d,
		    const struct mgpu *gpus, size_t nr_gpus,
		    const struct mvgpu *vgpus, size_t nr_vgpus);

/* ---- logging (main.c) ---- */

enum log_level {
	LOG_ERR = 3,
	LOG_WARN = 4,
	LOG_NOTICE = 5,
	LOG_INFO = 6,
	LOG_DBG = 7
};

__printf(2, 3) void log_msg(enum log_level level, const char *fmt, ...);
extern int log_max_level;
extern bool log_journal;

#endif /* MDGPUD_H */

/* ---- the running daemon (main.c, reconcile.c, http.c, ctl.c) ---- */

/**
 * struct vsample - what the last statistics sample saw of one vGPU
 * @uuid: the vGPU
 * @seen: present in the latest sample (others are dropped)
 * @have_prev: @prev is valid
 * @prev: counters at the last sample
 * @last_active_ns: CLOCK_MONOTONIC of the last sample that saw work
 * @utilization: busy share of the last interval; < 0 unknown
 * @idle: reported idle (logged once per idle spell)
 */
struct vsample {
	char uuid[MDGPU_UUID_SIZE];
	bool seen;
	bool have_prev;
	struct mdgpu_vgpu_stats prev;
	__u64 last_active_ns;
	double utilization;
	bool idle;
};

/**
 * struct mdgpud - the daemon
 * @config_path: the config file
 * @state_dir: the state directory
 * @sysfs_root: sysfs (tests: a fake tree)
 * @conf: the config in force
 * @have_conf: @conf holds a valid config
 * @config_error: why the last load was rejected ("" if it was not)
 * @own: the ownership record
 * @ctx: libmdgpu's view of sysfs, or NULL while mdgpu is not loaded
 * @m: the daemon's own metrics
 * @samples: per-vGPU statistics samples
 * @nr_samples: entries in @samples
 * @deferred: the deferred steps of the last reconcile, "kind uuid why" lines
 * @lock_fd: the state directory's lock
 */
struct mdgpud {
	const char *config_path;
	const char *state_dir;
	const char *sysfs_root;
	struct dconf conf;
	bool have_conf;
	char config_error[4096];
	struct owned own;
	struct mdgpu_ctx *ctx;
	struct mdaemon m;
	struct vsample *samples;
	size_t nr_samples;
	struct sbuf deferred;
	int lock_fd;
};

int daemon_load_config(struct mdgpud *d, const char *why);
int daemon_reconcile(struct mdgpud *d, const char *why);
void daemon_sample(struct mdgpud *d);
int daemon_metrics(struct mdgpud *d, struct sbuf *sb);
int daemon_observe(struct mdgpud *d, struct observed *obs);
void observed_free(struct observed *obs);
__u64 mono_ns(void);

struct MHD_Daemon;
struct MHD_Daemon *http_start(struct mdgpud *d, const char *addr);
int http_poll_fd(struct MHD_Daemon *h);
int http_timeout_ms(struct MHD_Daemon *h);
void http_run(struct MHD_Daemon *h);
void http_stop(struct MHD_Daemon *h);

int ctl_listen(const char *path, const char *group);
void ctl_serve(struct mdgpud *d, int listen_fd);
int ctl_client(const char *path, const char *cmd);
