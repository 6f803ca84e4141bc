/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libmdgpu: the host admin API of mdgpu. It reads and writes the sysfs ABI
 * (docs/abi.md) so that tools need not: GPUs and their capacity, profiles
 * (mdev types) with exact available counts, vGPUs with placement, QoS and
 * statistics; create and destroy vGPUs; live QoS and scheduler settings.
 */
#ifndef MDGPU_LIBMDGPU_H
#define MDGPU_LIBMDGPU_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <linux/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef MDGPU_API
#define MDGPU_API __attribute__((visibility("default")))
#endif

struct mdgpu_ctx;
struct mdgpu_gpu;
struct mdgpu_profile;
struct mdgpu_vgpu;

/**
 * MDGPU_OPTS() - declare an options struct, zeroed, with its size set
 * @TYPE: the struct's name without "struct " (mdgpu_ctx_opts)
 * @NAME: the variable
 *
 * As libbpf's LIBBPF_OPTS(): fields not named are zero, which always means
 * "default"; a library older than the header refuses non-zero fields that
 * it does not know (-EINVAL) instead of ignoring them. libmdgpu-rt's
 * header defines the same macro, so both headers can be included together.
 */
#ifndef MDGPU_OPTS
#define MDGPU_OPTS(TYPE, NAME, ...)                                      \
	struct TYPE NAME = ({                                            \
		memset(&NAME, 0, sizeof(struct TYPE));                   \
		(struct TYPE){ .sz = sizeof(struct TYPE), __VA_ARGS__ }; \
	})
#endif

/* Length of a UUID string, without and with its terminating NUL. */
#define MDGPU_UUID_LEN 36
#define MDGPU_UUID_SIZE 37

/* ---- messages and errors ---- */

/**
 * enum mdgpu_print_level - levels of the library's messages
 * @MDGPU_WARN: an operation failed; the message names the cause and the fix
 * @MDGPU_INFO: a change the library made
 * @MDGPU_DEBUG: what it read and wrote
 */
enum mdgpu_print_level {
	MDGPU_WARN,
	MDGPU_INFO,
	MDGPU_DEBUG,
};

typedef int (*mdgpu_print_fn_t)(enum mdgpu_print_level level, const char *fmt,
				va_list args);

MDGPU_API mdgpu_print_fn_t mdgpu_set_print(mdgpu_print_fn_t fn);
MDGPU_API const char *mdgpu_strerror(int err);

/* ---- context: one view of a host's sysfs ---- */

/**
 * struct mdgpu_ctx_opts - how to open a context
 * @sz: sizeof(struct mdgpu_ctx_opts), set by MDGPU_OPTS()
 * @sysfs_root: where sysfs is mounted; NULL means "/sys" (tests point it
 *	at a fake tree)
 */
struct mdgpu_ctx_opts {
	size_t sz;
	const char *sysfs_root;
};

#define mdgpu_ctx_opts__last_field sysfs_root

MDGPU_API struct mdgpu_ctx *mdgpu_ctx__open(const struct mdgpu_ctx_opts *opts);
MDGPU_API void mdgpu_ctx__close(struct mdgpu_ctx *ctx);
MDGPU_API int mdgpu_ctx__refresh(struct mdgpu_ctx *ctx);
MDGPU_API const char *mdgpu_ctx__sysfs_root(const struct mdgpu_ctx *ctx);

MDGPU_API size_t mdgpu_ctx__gpu_cnt(const struct mdgpu_ctx *ctx);
MDGPU_API struct mdgpu_gpu *mdgpu_ctx__next_gpu(const struct mdgpu_ctx *ctx,
						const struct mdgpu_gpu *prev);
MDGPU_API struct mdgpu_gpu *mdgpu_ctx__find_gpu(const struct mdgpu_ctx *ctx,
						const char *name);
MDGPU_API size_t mdgpu_ctx__vgpu_cnt(const struct mdgpu_ctx *ctx);
MDGPU_API struct mdgpu_vgpu *
mdgpu_ctx__next_vgpu(const struct mdgpu_ctx *ctx,
		     const struct mdgpu_vgpu *prev);
MDGPU_API struct mdgpu_vgpu *mdgpu_ctx__find_vgpu(const struct mdgpu_ctx *ctx,
						  const char *uuid);

#define mdgpu_ctx__for_each_gpu(pos, ctx)                     \
	for ((pos) = mdgpu_ctx__next_gpu((ctx), NULL); (pos); \
	     (pos) = mdgpu_ctx__next_gpu((ctx), (pos)))
#define mdgpu_ctx__for_each_vgpu(pos, ctx)                     \
	for ((pos) = mdgpu_ctx__next_vgpu((ctx), NULL); (pos); \
	     (pos) = mdgpu_ctx__next_vgpu((ctx), (pos)))

/* ---- GPUs ---- */

/**
 * enum mdgpu_sched_policy - scheduling policy of a GPU's shared domain
 * @MDGPU_SCHED_BEST_EFFORT: round-robin among runnable vGPUs, work-conserving
 * @MDGPU_SCHED_EQUAL_SHARE: equal time among runnable vGPUs
 * @MDGPU_SCHED_FIXED_SHARE: each vGPU gets its reservation, even when others idle
 * @MDGPU_SCHED_WEIGHTED: proportional to weight, with guarantees and caps
 * @MDGPU_SCHED_POLICY_CNT: number of policies, not a policy
 */
enum mdgpu_sched_policy {
	MDGPU_SCHED_BEST_EFFORT,
	MDGPU_SCHED_EQUAL_SHARE,
	MDGPU_SCHED_FIXED_SHARE,
	MDGPU_SCHED_WEIGHTED,
	MDGPU_SCHED_POLICY_CNT,
};

MDGPU_API const char *mdgpu_sched_policy_str(enum mdgpu_sched_policy policy);
MDGPU_API int mdgpu_sched_policy_parse(const char *name);

MDGPU_API const char *mdgpu_gpu__name(const struct mdgpu_gpu *gpu);
MDGPU_API int mdgpu_gpu__id(const struct mdgpu_gpu *gpu);
MDGPU_API const char *mdgpu_gpu__backend(const struct mdgpu_gpu *gpu);
MDGPU_API __u32 mdgpu_gpu__compute_units(const struct mdgpu_gpu *gpu);
MDGPU_API __u32 mdgpu_gpu__shared_compute_units(const struct mdgpu_gpu *gpu);
MDGPU_API __u64 mdgpu_gpu__memory_bytes(const struct mdgpu_gpu *gpu);
MDGPU_API __u32 mdgpu_gpu__memory_slices(const struct mdgpu_gpu *gpu);
MDGPU_API __u64 mdgpu_gpu__memory_slice_bytes(const struct mdgpu_gpu *gpu);
MDGPU_API __u32 mdgpu_gpu__memory_free_slices(const struct mdgpu_gpu *gpu);
MDGPU_API __u64 mdgpu_gpu__memory_free_bytes(const struct mdgpu_gpu *gpu);
MDGPU_API bool mdgpu_gpu__mdev_ready(const struct mdgpu_gpu *gpu);
MDGPU_API enum mdgpu_sched_policy
mdgpu_gpu__sched_policy(const struct mdgpu_gpu *gpu);
MDGPU_API __u32 mdgpu_gpu__timeslice_us(const struct mdgpu_gpu *gpu);
MDGPU_API __u32 mdgpu_gpu__sched_period_ms(const struct mdgpu_gpu *gpu);
MDGPU_API __u32 mdgpu_gpu__watchdog_ms(const struct mdgpu_gpu *gpu);

MDGPU_API size_t mdgpu_gpu__profile_cnt(const struct mdgpu_gpu *gpu);
MDGPU_API struct mdgpu_profile *
mdgpu_gpu__next_profile(const struct mdgpu_gpu *gpu,
			const struct mdgpu_profile *prev);
MDGPU_API struct mdgpu_profile *
mdgpu_gpu__find_profile(const struct mdgpu_gpu *gpu, const char *name);
MDGPU_API size_t mdgpu_gpu__vgpu_cnt(const struct mdgpu_gpu *gpu);
MDGPU_API struct mdgpu_vgpu *
mdgpu_gpu__next_vgpu(const struct mdgpu_gpu *gpu,
		     const struct mdgpu_vgpu *prev);

#define mdgpu_gpu__for_each_profile(pos, gpu)                     \
	for ((pos) = mdgpu_gpu__next_profile((gpu), NULL); (pos); \
	     (pos) = mdgpu_gpu__next_profile((gpu), (pos)))
#define mdgpu_gpu__for_each_vgpu(pos, gpu)                     \
	for ((pos) = mdgpu_gpu__next_vgpu((gpu), NULL); (pos); \
	     (pos) = mdgpu_gpu__next_vgpu((gpu), (pos)))

/* Bits of mdgpu_sched_opts.mask: which settings to change. */
#define MDGPU_SCHED_SET_POLICY (1U << 0)
#define MDGPU_SCHED_SET_TIMESLICE_US (1U << 1)
#define MDGPU_SCHED_SET_PERIOD_MS (1U << 2)
#define MDGPU_SCHED_SET_WATCHDOG_MS (1U << 3)

/**
 * struct mdgpu_sched_opts - scheduler settings of a GPU to change
 * @sz: sizeof(struct mdgpu_sched_opts), set by MDGPU_OPTS()
 * @mask: MDGPU_SCHED_SET_* bits: the fields below that are to be written
 * @policy: enum mdgpu_sched_policy
 * @timeslice_us: default time slice, 100-1000000 us, at most the period
 * @sched_period_ms: accounting period, 1-10000 ms
 * @watchdog_ms: 0 (off) or 10-600000 ms
 */
struct mdgpu_sched_opts {
	size_t sz;
	__u32 mask;
	__u32 policy;
	__u32 timeslice_us;
	__u32 sched_period_ms;
	__u32 watchdog_ms;
};

#define mdgpu_sched_opts__last_field watchdog_ms

MDGPU_API int mdgpu_sched_opts__parse(struct mdgpu_sched_opts *opts,
				      const char *key_value);
MDGPU_API int mdgpu_gpu__set_sched(struct mdgpu_gpu *gpu,
				   const struct mdgpu_sched_opts *opts);
MDGPU_API int mdgpu_gpu__set_sched_policy(struct mdgpu_gpu *gpu,
					  enum mdgpu_sched_policy policy);
MDGPU_API int mdgpu_gpu__set_timeslice_us(struct mdgpu_gpu *gpu, __u32 us);
MDGPU_API int mdgpu_gpu__set_sched_period_ms(struct mdgpu_gpu *gpu, __u32 ms);
MDGPU_API int mdgpu_gpu__set_watchdog_ms(struct mdgpu_gpu *gpu, __u32 ms);

/* ---- profiles (mdev types) ---- */

/**
 * enum mdgpu_vgpu_mode - how a profile shares the GPU
 * @MDGPU_MODE_TIMESLICED: shares the compute units no spatial vGPU holds
 * @MDGPU_MODE_SPATIAL: owns compute units exclusively
 */
enum mdgpu_vgpu_mode {
	MDGPU_MODE_TIMESLICED,
	MDGPU_MODE_SPATIAL,
};

MDGPU_API const char *mdgpu_vgpu_mode_str(enum mdgpu_vgpu_mode mode);

MDGPU_API const char *mdgpu_profile__name(const struct mdgpu_profile *p);
MDGPU_API const char *mdgpu_profile__mdev_type(const struct mdgpu_profile *p);
MDGPU_API struct mdgpu_gpu *mdgpu_profile__gpu(const struct mdgpu_profile *p);
MDGPU_API enum mdgpu_vgpu_mode
mdgpu_profile__mode(const struct mdgpu_profile *p);
MDGPU_API __u32 mdgpu_profile__compute_units(const struct mdgpu_profile *p);
MDGPU_API __u64 mdgpu_profile__memory_bytes(const struct mdgpu_profile *p);
MDGPU_API __u32 mdgpu_profile__available(const struct mdgpu_profile *p);
MDGPU_API __u32 mdgpu_profile__max_instances(const struct mdgpu_profile *p);
MDGPU_API __u32 mdgpu_profile__placement_size(const struct mdgpu_profile *p);

/* ---- vGPUs ---- */

/**
 * struct mdgpu_placement - where a vGPU sits in its GPU
 * @slice_start: first memory slice
 * @slices: memory slices held
 * @cu_start: first compute unit held exclusively (spatial)
 * @cus: compute units held exclusively; 0 for time-sliced
 * @mem_offset: byte offset of its memory in the GPU's memory
 */
struct mdgpu_placement {
	__u32 slice_start;
	__u32 slices;
	__u32 cu_start;
	__u32 cus;
	__u64 mem_offset;
};

/* Bits of mdgpu_qos_opts.mask: which settings to change. */
#define MDGPU_QOS_SET_WEIGHT (1U << 0)
#define MDGPU_QOS_SET_MIN_SHARE (1U << 1)
#define MDGPU_QOS_SET_MAX_SHARE (1U << 2)
#define MDGPU_QOS_SET_RESERVE (1U << 3)
#define MDGPU_QOS_SET_PRIORITY (1U << 4)
#define MDGPU_QOS_SET_TIMESLICE_US (1U << 5)

/**
 * struct mdgpu_qos_opts - QoS settings of a vGPU to change
 * @sz: sizeof(struct mdgpu_qos_opts), set by MDGPU_OPTS()
 * @mask: MDGPU_QOS_SET_* bits: the fields below that are to be written
 * @weight: 1-10000, relative share under the weighted policy
 * @min_share: 0-10000 basis points, guaranteed share (weighted)
 * @max_share: 1-10000 basis points, cap per period (weighted); 10000 = none
 * @reserve: 0-10000 basis points, reservation (fixed_share); 0 = equal part
 * @priority: 0-3; a higher class runs first
 * @timeslice_us: 0 (the GPU's) or 100-1000000
 */
struct mdgpu_qos_opts {
	size_t sz;
	__u32 mask;
	__u32 weight;
	__u32 min_share;
	__u32 max_share;
	__u32 reserve;
	__u32 priority;
	__u32 timeslice_us;
};

#define mdgpu_qos_opts__last_field timeslice_us

MDGPU_API int mdgpu_qos_opts__parse(struct mdgpu_qos_opts *opts,
				    const char *key_value);

/**
 * struct mdgpu_create_opts - how to create a vGPU
 * @sz: sizeof(struct mdgpu_create_opts), set by MDGPU_OPTS()
 * @uuid: its UUID; NULL generates a random (version 4) one
 * @qos: QoS to apply right after creation, or NULL; if it is refused the
 *	vGPU is destroyed again, so creation is all or nothing
 */
struct mdgpu_create_opts {
	size_t sz;
	const char *uuid;
	const struct mdgpu_qos_opts *qos;
};

#define mdgpu_create_opts__last_field qos

MDGPU_API struct mdgpu_vgpu *
mdgpu_gpu__create_vgpu(struct mdgpu_gpu *gpu, const char *profile,
		       const struct mdgpu_create_opts *opts);
MDGPU_API int mdgpu_vgpu__destroy(struct mdgpu_vgpu *vgpu);

MDGPU_API const char *mdgpu_vgpu__uuid(const struct mdgpu_vgpu *vgpu);
MDGPU_API struct mdgpu_gpu *mdgpu_vgpu__gpu(const struct mdgpu_vgpu *vgpu);
MDGPU_API const char *mdgpu_vgpu__profile_name(const struct mdgpu_vgpu *vgpu);
MDGPU_API struct mdgpu_profile *
mdgpu_vgpu__profile(const struct mdgpu_vgpu *vgpu);
MDGPU_API __u64 mdgpu_vgpu__memory_bytes(const struct mdgpu_vgpu *vgpu);
MDGPU_API const struct mdgpu_placement *
mdgpu_vgpu__placement(const struct mdgpu_vgpu *vgpu);
MDGPU_API const char *mdgpu_vgpu__sysfs_path(const struct mdgpu_vgpu *vgpu);

MDGPU_API __u32 mdgpu_vgpu__weight(const struct mdgpu_vgpu *vgpu);
MDGPU_API __u32 mdgpu_vgpu__min_share(const struct mdgpu_vgpu *vgpu);
MDGPU_API __u32 mdgpu_vgpu__max_share(const struct mdgpu_vgpu *vgpu);
MDGPU_API __u32 mdgpu_vgpu__reserve(const struct mdgpu_vgpu *vgpu);
MDGPU_API __u32 mdgpu_vgpu__priority(const struct mdgpu_vgpu *vgpu);
MDGPU_API __u32 mdgpu_vgpu__timeslice_us(const struct mdgpu_vgpu *vgpu);

MDGPU_API int mdgpu_vgpu__set_qos(struct mdgpu_vgpu *vgpu,
				  const struct mdgpu_qos_opts *opts);
MDGPU_API int mdgpu_vgpu__set_weight(struct mdgpu_vgpu *vgpu, __u32 weight);
MDGPU_API int mdgpu_vgpu__set_min_share(struct mdgpu_vgpu *vgpu, __u32 bp);
MDGPU_API int mdgpu_vgpu__set_max_share(struct mdgpu_vgpu *vgpu, __u32 bp);
MDGPU_API int mdgpu_vgpu__set_reserve(struct mdgpu_vgpu *vgpu, __u32 bp);
MDGPU_API int mdgpu_vgpu__set_priority(struct mdgpu_vgpu *vgpu, __u32 prio);
MDGPU_API int mdgpu_vgpu__set_timeslice_us(struct mdgpu_vgpu *vgpu, __u32 us);

/**
 * struct mdgpu_vgpu_stats - scheduling accounting of a vGPU (monotonic counters)
 * @sz: set by the caller to sizeof(struct mdgpu_vgpu_stats); fields past it
 *	are not written
 * @timestamp_ns: CLOCK_MONOTONIC when the library read them
 * @busy_ns: time the vGPU ran
 * @wait_ns: time it was runnable but not running ("GPU steal time")
 * @overrun_ns: time it ran beyond its granted slices
 * @slices: slices granted
 * @dispatches: switches from waiting to running
 * @preemptions: switches away from it while it was still runnable
 * @throttled: times it ran out of its cap or reservation budget
 * @completed: commands completed
 * @queued: commands queued now (a level, not a counter)
 */
struct mdgpu_vgpu_stats {
	size_t sz;
	__u64 timestamp_ns;
	__u64 busy_ns;
	__u64 wait_ns;
	__u64 overrun_ns;
	__u64 slices;
	__u64 dispatches;
	__u64 preemptions;
	__u64 throttled;
	__u64 completed;
	__u64 queued;
};

#define MDGPU_LAT_BUCKETS_MAX 64

/**
 * struct mdgpu_latency_hist - scheduling-latency histogram of a vGPU
 * @sz: set by the caller to sizeof(struct mdgpu_latency_hist)
 * @nr_buckets: buckets filled in
 * @limit_ns: upper bound of each bucket; UINT64_MAX for the last ("inf")
 * @count: dispatches whose wait fell in each bucket
 */
struct mdgpu_latency_hist {
	size_t sz;
	__u32 nr_buckets;
	__u64 limit_ns[MDGPU_LAT_BUCKETS_MAX];
	__u64 count[MDGPU_LAT_BUCKETS_MAX];
};

MDGPU_API int mdgpu_vgpu__read_stats(const struct mdgpu_vgpu *vgpu,
				     struct mdgpu_vgpu_stats *stats);

/**
 * struct mdgpu_vgpu_status - the device side of a vGPU, now
 * @sz: set by the caller to sizeof(struct mdgpu_vgpu_status)
 * @in_use: a VFIO user (QEMU, a host process) has the vGPU open
 * @errors: times its command queue stopped on an error (monotonic)
 * @resets: resets its user asked for (monotonic; not those at open and close)
 */
struct mdgpu_vgpu_status {
	size_t sz;
	bool in_use;
	__u64 errors;
	__u64 resets;
};

MDGPU_API int mdgpu_vgpu__read_status(const struct mdgpu_vgpu *vgpu,
				      struct mdgpu_vgpu_status *status);

/* mdgpu_vgpu__move(): leave this start as it is. */
#define MDGPU_PLACEMENT_KEEP 0xffffffffU

MDGPU_API int mdgpu_vgpu__move(struct mdgpu_vgpu *vgpu, __u32 slice_start,
			       __u32 cu_start);
MDGPU_API int mdgpu_vgpu__read_latency_hist(const struct mdgpu_vgpu *vgpu,
					    struct mdgpu_latency_hist *hist);

/* ---- UUIDs ---- */

MDGPU_API int mdgpu_uuid_normalize(const char *in, char out[MDGPU_UUID_SIZE]);
MDGPU_API int mdgpu_uuid_generate(char out[MDGPU_UUID_SIZE]);

#ifdef __cplusplus
}
#endif

#endif /* MDGPU_LIBMDGPU_H */
