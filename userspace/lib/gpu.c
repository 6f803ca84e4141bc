// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * GPUs: what /sys/class/mdgpu/gpuN/ says about capacity, the profile
 * catalog (with the mdev types' exact available counts) and the vGPUs; and
 * the scheduler settings of the GPU's shared domain, changed live.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib_internal.h"
#include "attr.h"

static int gpu_u32(struct mdgpu_gpu *gpu, const char *attr, __u32 *out)
{
	char rel[PATH_BUF_SIZE];

	return path_fmt(rel, "class/mdgpu/%s/%s", gpu->name, attr) ?:
		       attr_u32(gpu_root(gpu), rel, out);
}

static int gpu_u64(struct mdgpu_gpu *gpu, const char *attr, __u64 *out)
{
	char rel[PATH_BUF_SIZE];

	return path_fmt(rel, "class/mdgpu/%s/%s", gpu->name, attr) ?:
		       attr_u64(gpu_root(gpu), rel, out);
}

static int gpu_load_sched(struct mdgpu_gpu *gpu)
{
	char rel[PATH_BUF_SIZE], word[32];
	int ret;

	ret = path_fmt(rel, "class/mdgpu/%s/sched_policy", gpu->name) ?:
		      attr_word(gpu_root(gpu), rel, word, sizeof(word));
	if (ret)
		return ret;
	ret = mdgpu_sched_policy_parse(word);
	if (ret < 0)
		return attr_bad(gpu_root(gpu), rel, word);
	gpu->sched[SCHED_POLICY] = ret;
	return gpu_u32(gpu, "timeslice_us", &gpu->sched[SCHED_TIMESLICE_US]) ?:
		       gpu_u32(gpu, "sched_period_ms", &gpu->sched[SCHED_PERIOD_MS]) ?:
		       gpu_u32(gpu, "watchdog_ms",
			       &gpu->sched[SCHED_WATCHDOG_MS]);
}

/* What changes when vGPUs come and go. */
static int gpu_load_free(struct mdgpu_gpu *gpu)
{
	return gpu_u32(gpu, "shared_compute_units", &gpu->shared_compute_units) ?:
		       gpu_u32(gpu, "memory_free_slices", &gpu->memory_free_slices) ?:
		       gpu_u64(gpu, "memory_free_bytes",
			       &gpu->memory_free_bytes);
}

static int gpu_load_capacity(struct mdgpu_gpu *gpu)
{
	char rel[PATH_BUF_SIZE];
	int ret;

	ret = path_fmt(rel, "class/mdgpu/%s/backend", gpu->name) ?:
		      attr_word(gpu_root(gpu), rel, gpu->backend, sizeof(gpu->backend)) ?:
		      gpu_u32(gpu, "compute_units", &gpu->compute_units) ?:
		      gpu_u64(gpu, "memory_bytes", &gpu->memory_bytes)	 ?:
		      gpu_u32(gpu, "memory_slices", &gpu->memory_slices) ?:
		      gpu_u64(gpu, "memory_slice_bytes", &gpu->memory_slice_bytes) ?:
		      gpu_load_free(gpu);
	if (ret)
		return ret;
	if (!gpu->memory_slices ||
	    gpu->memory_free_slices > gpu->memory_slices ||
	    gpu->memory_slice_bytes * gpu->memory_slices != gpu->memory_bytes ||
	    gpu->shared_compute_units > gpu->compute_units) {
		pr_warn("%s/class/mdgpu/%s: capacity attributes contradict each other (%u slices of %llu bytes for %llu bytes, %u of them free)\n",
			gpu_root(gpu), gpu->name, gpu->memory_slices,
			(unsigned long long)gpu->memory_slice_bytes,
			(unsigned long long)gpu->memory_bytes,
			gpu->memory_free_slices);
		return -EPROTO;
	}
	return 0;
}

/* The mdev type of @p: available count, and a description that agrees. */
static int profile_load_type(struct mdgpu_profile *p)
{
	struct mdgpu_gpu *gpu = p->gpu;
	char rel[PATH_BUF_SIZE], mode[16];
	__u64 cus, mem, max, psize;
	const struct kv_field f[] = {
		KV_WORD("mode", mode),
		KV_NUM("compute_units", &cus, UINT32_MAX),
		KV_NUM("memory", &mem, UINT64_MAX),
		KV_NUM("max_instances", &max, UINT32_MAX),
		KV_NUM("placement_size", &psize, UINT32_MAX),
	};
	int ret;

	ret = path_fmt(rel, "class/mdgpu/%s/mdev_supported_types/%s/available_instances", gpu->name, p->mdev_type) ?:
		      attr_u32(gpu_root(gpu), rel, &p->available) ?:
		      path_fmt(rel, "class/mdgpu/%s/mdev_supported_types/%s/description", gpu->name, p->mdev_type) ?:
		      attr_kv(gpu_root(gpu), rel, f, ARRAY_SIZE(f));
	if (ret)
		return ret;
	if (strcmp(mode, mdgpu_vgpu_mode_str(p->mode)) ||
	    cus != p->compute_units || mem != p->memory_bytes ||
	    max != p->max_instances || !psize || psize > gpu->memory_slices) {
		pr_warn("%s/%s: the description disagrees with %s/profiles\n",
			gpu_root(gpu), rel, gpu->name);
		return -EPROTO;
	}
	p->placement_size = psize;
	return 0;
}

static int gpu_load_profiles(struct mdgpu_gpu *gpu)
{
	char rel[PATH_BUF_SIZE], buf[SYSFS_BUF_SIZE], copy[SYSFS_BUF_SIZE],
		*cur = buf, *line;
	struct mdgpu_profile *p, *v;
	size_t i;
	int ret;

	ret = path_fmt(rel, "class/mdgpu/%s/profiles", gpu->name) ?:
		      attr_read(gpu_root(gpu), rel, buf);
	if (ret)
		return ret;
	memcpy(copy, buf, sizeof(copy));
	while ((line = next_line(&cur))) {
		v = realloc(gpu->profiles, (gpu->nr_profiles + 1) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		gpu->profiles = v;
		p = &v[gpu->nr_profiles];
		memset(p, 0, sizeof(*p));
		if (parse_profile_line(line, p))
			return attr_bad(gpu_root(gpu), rel, line);
		gpu->nr_profiles++;
	}
	if (*cur)
		return attr_bad(gpu_root(gpu), rel, cur);
	ret = path_fmt(rel, "class/mdgpu/%s/mdev_supported_types", gpu->name);
	if (ret)
		return ret;
	gpu->mdev_ready = sysfs_exists(gpu_root(gpu), rel);
	for (i = 0; i < gpu->nr_profiles; i++) {
		p = &gpu->profiles[i];
		p->gpu = gpu;
		p->placement_size =
			gpu->memory_slice_bytes ?
				p->memory_bytes / gpu->memory_slice_bytes :
				0;
		ret = gpu->mdev_ready ? profile_load_type(p) : 0;
		if (ret)
			return ret;
	}
	return 0;
}

static int gpu_load_vgpus(struct mdgpu_gpu *gpu)
{
	char rel[PATH_BUF_SIZE], buf[SYSFS_BUF_SIZE], uuid[MDGPU_UUID_SIZE],
		*cur = buf, *line;
	struct mdgpu_vgpu *v;
	int ret;

	ret = path_fmt(rel, "class/mdgpu/%s/vgpus", gpu->name) ?:
		      attr_read(gpu_root(gpu), rel, buf);
	if (ret)
		return ret;
	while ((line = next_line(&cur))) {
		if (parse_vgpu_line(line, uuid))
			return attr_bad(gpu_root(gpu), rel, line);
		v = vgpu_load(gpu, uuid);
		if (!v && errno == ENOENT) {
			/* Removed since the listing was read. */
			continue;
		}
		if (!v)
			return -errno;
		ret = vgpu_add(gpu, v);
		if (ret) {
			vgpu_free(v);
			return ret;
		}
	}
	return *cur ? attr_bad(gpu_root(gpu), rel, cur) : 0;
}

/**
 * gpu_load() - read a GPU's attributes, profiles and vGPUs
 * @gpu: with ctx, id and name set
 *
 * Return: 0 or -errno (a message says which file failed).
 */
int gpu_load(struct mdgpu_gpu *gpu)
{
	return gpu_load_capacity(gpu)	      ?:
		       gpu_load_sched(gpu)    ?:
		       gpu_load_profiles(gpu) ?:
						gpu_load_vgpus(gpu);
}

/**
 * gpu_reload_capacity() - re-read what a create or destroy changed
 * @gpu: the GPU
 *
 * Free slices, shared compute units and each profile's available count;
 * the handles stay valid.
 *
 * Return: 0 or -errno.
 */
int gpu_reload_capacity(struct mdgpu_gpu *gpu)
{
	char rel[PATH_BUF_SIZE], buf[SYSFS_BUF_SIZE], *cur = buf, *line;
	struct mdgpu_profile tmp, *p;
	int ret;

	ret = gpu_load_free(gpu)					  ?:
		      path_fmt(rel, "class/mdgpu/%s/profiles", gpu->name) ?:
		      attr_read(gpu_root(gpu), rel, buf);
	if (ret)
		return ret;
	while ((line = next_line(&cur))) {
		memset(&tmp, 0, sizeof(tmp));
		if (parse_profile_line(line, &tmp))
			return attr_bad(gpu_root(gpu), rel, line);
		p = mdgpu_gpu__find_profile(gpu, tmp.name);
		if (p)
			p->available = tmp.available;
	}
	return 0;
}

/**
 * gpu_free() - free a GPU and everything it holds
 * @gpu: the GPU, or NULL
 */
void gpu_free(struct mdgpu_gpu *gpu)
{
	size_t i;

	if (!gpu)
		return;
	for (i = 0; i < gpu->nr_vgpus; i++)
		vgpu_free(gpu->vgpus[i]);
	free(gpu->vgpus);
	free(gpu->profiles);
	free(gpu);
}

/**
 * mdgpu_gpu__name() - the GPU's name
 * @gpu: the GPU
 *
 * Return: "gpuN", as in /sys/class/mdgpu and /sys/class/mdev_bus.
 */
MDGPU_API const char *mdgpu_gpu__name(const struct mdgpu_gpu *gpu)
{
	return gpu->name;
}

/**
 * mdgpu_gpu__id() - the GPU's number
 * @gpu: the GPU
 *
 * Return: N of "gpuN".
 */
MDGPU_API int mdgpu_gpu__id(const struct mdgpu_gpu *gpu)
{
	return gpu->id;
}

/**
 * mdgpu_gpu__backend() - the backend driving the GPU
 * @gpu: the GPU
 *
 * Return: "sim" for the simulated GPU.
 */
MDGPU_API const char *mdgpu_gpu__backend(const struct mdgpu_gpu *gpu)
{
	return gpu->backend;
}

/**
 * mdgpu_gpu__compute_units() - compute units in the GPU
 * @gpu: the GPU
 *
 * Return: the count.
 */
MDGPU_API __u32 mdgpu_gpu__compute_units(const struct mdgpu_gpu *gpu)
{
	return gpu->compute_units;
}

/**
 * mdgpu_gpu__shared_compute_units() - compute units no spatial vGPU holds
 * @gpu: the GPU
 *
 * Return: the count: the pool time-sliced vGPUs share.
 */
MDGPU_API __u32 mdgpu_gpu__shared_compute_units(const struct mdgpu_gpu *gpu)
{
	return gpu->shared_compute_units;
}

/**
 * mdgpu_gpu__memory_bytes() - the GPU's memory
 * @gpu: the GPU
 *
 * Return: bytes.
 */
MDGPU_API __u64 mdgpu_gpu__memory_bytes(const struct mdgpu_gpu *gpu)
{
	return gpu->memory_bytes;
}

/**
 * mdgpu_gpu__memory_slices() - equal slices the memory is split into
 * @gpu: the GPU
 *
 * Return: the count.
 */
MDGPU_API __u32 mdgpu_gpu__memory_slices(const struct mdgpu_gpu *gpu)
{
	return gpu->memory_slices;
}

/**
 * mdgpu_gpu__memory_slice_bytes() - size of one memory slice
 * @gpu: the GPU
 *
 * Return: bytes.
 */
MDGPU_API __u64 mdgpu_gpu__memory_slice_bytes(const struct mdgpu_gpu *gpu)
{
	return gpu->memory_slice_bytes;
}

/**
 * mdgpu_gpu__memory_free_slices() - slices no vGPU holds
 * @gpu: the GPU
 *
 * Return: the count.
 */
MDGPU_API __u32 mdgpu_gpu__memory_free_slices(const struct mdgpu_gpu *gpu)
{
	return gpu->memory_free_slices;
}

/**
 * mdgpu_gpu__memory_free_bytes() - memory no vGPU holds
 * @gpu: the GPU
 *
 * Return: bytes.
 */
MDGPU_API __u64 mdgpu_gpu__memory_free_bytes(const struct mdgpu_gpu *gpu)
{
	return gpu->memory_free_bytes;
}

/**
 * mdgpu_gpu__mdev_ready() - whether vGPUs can be created on the GPU
 * @gpu: the GPU
 *
 * Return: true if the GPU is an mdev parent (mdgpu_mdev.ko is loaded).
 */
MDGPU_API bool mdgpu_gpu__mdev_ready(const struct mdgpu_gpu *gpu)
{
	return gpu->mdev_ready;
}

/**
 * mdgpu_gpu__sched_policy() - scheduling policy of the shared domain
 * @gpu: the GPU
 *
 * Return: the policy.
 */
MDGPU_API enum mdgpu_sched_policy
mdgpu_gpu__sched_policy(const struct mdgpu_gpu *gpu)
{
	return gpu->sched[SCHED_POLICY];
}

/**
 * mdgpu_gpu__timeslice_us() - default time slice of the shared domain
 * @gpu: the GPU
 *
 * Return: microseconds.
 */
MDGPU_API __u32 mdgpu_gpu__timeslice_us(const struct mdgpu_gpu *gpu)
{
	return gpu->sched[SCHED_TIMESLICE_US];
}

/**
 * mdgpu_gpu__sched_period_ms() - accounting period of caps and guarantees
 * @gpu: the GPU
 *
 * Return: milliseconds.
 */
MDGPU_API __u32 mdgpu_gpu__sched_period_ms(const struct mdgpu_gpu *gpu)
{
	return gpu->sched[SCHED_PERIOD_MS];
}

/**
 * mdgpu_gpu__watchdog_ms() - how long a command may run
 * @gpu: the GPU
 *
 * Return: milliseconds; 0 when the watchdog is off.
 */
MDGPU_API __u32 mdgpu_gpu__watchdog_ms(const struct mdgpu_gpu *gpu)
{
	return gpu->sched[SCHED_WATCHDOG_MS];
}

/**
 * mdgpu_gpu__profile_cnt() - number of profiles the GPU offers
 * @gpu: the GPU
 *
 * Return: the count.
 */
MDGPU_API size_t mdgpu_gpu__profile_cnt(const struct mdgpu_gpu *gpu)
{
	return gpu->nr_profiles;
}

/**
 * mdgpu_gpu__next_profile() - iterate over profiles, in the kernel's order
 * @gpu: the GPU
 * @prev: the previous profile, or NULL for the first
 *
 * Return: the next profile, or NULL after the last.
 */
MDGPU_API struct mdgpu_profile *
mdgpu_gpu__next_profile(const struct mdgpu_gpu *gpu,
			const struct mdgpu_profile *prev)
{
	size_t i = prev ? (size_t)(prev - gpu->profiles) + 1 : 0;

	return i < gpu->nr_profiles ? &gpu->profiles[i] : NULL;
}

/**
 * mdgpu_gpu__find_profile() - look a profile up by name
 * @gpu: the GPU
 * @name: the profile ("ts.64m") or its mdev type ("mdgpu-ts.64m")
 *
 * Return: the profile, or NULL with errno ENOENT.
 */
MDGPU_API struct mdgpu_profile *
mdgpu_gpu__find_profile(const struct mdgpu_gpu *gpu, const char *name)
{
	size_t i;

	if (!name)
		return lib_err_ptr(-EINVAL);
	for (i = 0; i < gpu->nr_profiles; i++) {
		if (!strcmp(gpu->profiles[i].name, name) ||
		    !strcmp(gpu->profiles[i].mdev_type, name))
			return &gpu->profiles[i];
	}
	return lib_err_ptr(-ENOENT);
}

/**
 * mdgpu_gpu__vgpu_cnt() - number of vGPUs on the GPU
 * @gpu: the GPU
 *
 * Return: the count (destroyed ones not included).
 */
MDGPU_API size_t mdgpu_gpu__vgpu_cnt(const struct mdgpu_gpu *gpu)
{
	size_t i, n = 0;

	for (i = 0; i < gpu->nr_vgpus; i++)
		n += !gpu->vgpus[i]->destroyed;
	return n;
}

/**
 * mdgpu_gpu__next_vgpu() - iterate over the GPU's vGPUs
 * @gpu: the GPU
 * @prev: the previous vGPU, or NULL for the first
 *
 * Return: the next vGPU, or NULL after the last.
 */
MDGPU_API struct mdgpu_vgpu *mdgpu_gpu__next_vgpu(const struct mdgpu_gpu *gpu,
						  const struct mdgpu_vgpu *prev)
{
	size_t i = 0;

	if (prev) {
		while (i < gpu->nr_vgpus && gpu->vgpus[i] != prev)
			i++;
		i++;
	}
	for (; i < gpu->nr_vgpus; i++) {
		if (!gpu->vgpus[i]->destroyed)
			return gpu->vgpus[i];
	}
	return NULL;
}

/* Why the kernel refused a scheduler setting, with the range and the fix. */
static int sched_explain(void *obj, int k, __u32 val, int err)
{
	struct mdgpu_gpu *gpu = obj;
	char range[64];

	knob_range_str(&sched_knobs[k], range, sizeof(range));
	if (err == -EINVAL && k == SCHED_TIMESLICE_US)
		pr_warn("%s: timeslice_us=%u refused: it takes %s and at most the period (sched_period_ms=%u, %u us); raise sched_period_ms first or in the same request\n",
			gpu->name, val, range, gpu->sched[SCHED_PERIOD_MS],
			gpu->sched[SCHED_PERIOD_MS] * 1000);
	else if (err == -EINVAL && k == SCHED_PERIOD_MS)
		pr_warn("%s: sched_period_ms=%u refused: it takes %s and at least the time slice (timeslice_us=%u); lower timeslice_us first or in the same request\n",
			gpu->name, val, range, gpu->sched[SCHED_TIMESLICE_US]);
	else if (err == -EINVAL)
		pr_warn("%s: %s=%u refused: out of range; it takes %s\n",
			gpu->name, sched_knobs[k].name, val, range);
	else if (err == -EBUSY)
		pr_warn("%s: %s=%u refused: the scheduler is busy with running vGPUs that the new setting cannot hold; retry when they are idle\n",
			gpu->name, sched_knobs[k].name, val);
	else
		pr_warn("%s: %s=%u refused: %s\n", gpu->name,
			sched_knobs[k].name, val, mdgpu_strerror(err));
	return err;
}

/**
 * mdgpu_gpu__set_sched() - change scheduler settings of a GPU, live
 * @gpu: the GPU
 * @opts: the settings to change (their bits in @opts->mask)
 *
 * Every value is checked against its range before anything is written; the
 * time slice and the period are written in the order that keeps the slice
 * within the period at every step; if the kernel refuses one write, those
 * made before it are undone. Needs root.
 *
 * Return: 0, or a negative errno (errno set, message printed): EINVAL for
 * a value out of range or a slice longer than the period, EACCES without
 * root, ENOENT if the GPU is gone.
 */
MDGPU_API int mdgpu_gpu__set_sched(struct mdgpu_gpu *gpu,
				   const struct mdgpu_sched_opts *opts)
{
	struct mdgpu_sched_opts o = {};
	struct knob_write w[SCHED_CNT];
	char dir[PATH_BUF_SIZE], range[64];
	struct knob_target t = {
		gpu_root(gpu), dir,	      gpu->name, sched_knobs,
		gpu->sched,    sched_explain, gpu
	};
	__u32 slice, period;
	bool slice_first;
	int k, nr = 0;

	if (!opts || !OPTS_VALID(opts, mdgpu_sched_opts))
		return lib_err(-EINVAL);
	memcpy(&o, opts, opts->sz < sizeof(o) ? opts->sz : sizeof(o));
	for (k = 0; k < SCHED_CNT; k++) {
		if (!(o.mask & (1U << k)) ||
		    knob_in_range(&sched_knobs[k], *sched_opts_field(&o, k)))
			continue;
		knob_range_str(&sched_knobs[k], range, sizeof(range));
		pr_warn("%s: %s=%u is out of range; it takes %s\n", gpu->name,
			sched_knobs[k].name, *sched_opts_field(&o, k), range);
		return lib_err(-EINVAL);
	}
	slice = o.mask & MDGPU_SCHED_SET_TIMESLICE_US ?
			o.timeslice_us :
			gpu->sched[SCHED_TIMESLICE_US];
	period = o.mask & MDGPU_SCHED_SET_PERIOD_MS ?
			 o.sched_period_ms :
			 gpu->sched[SCHED_PERIOD_MS];
	if ((__u64)slice > (__u64)period * 1000) {
		pr_warn("%s: a time slice of %u us is longer than the period of %u ms; the slice must fit in the period: lower timeslice_us or raise sched_period_ms\n",
			gpu->name, slice, period);
		return lib_err(-EINVAL);
	}
	if (path_fmt(dir, "class/mdgpu/%s", gpu->name))
		return lib_err(-ENAMETOOLONG);
	if (o.mask & MDGPU_SCHED_SET_POLICY)
		w[nr++] = (struct knob_write){ SCHED_POLICY, o.policy };
	/*
	 * A slice that fits the current period goes first; one that does not
	 * waits for the longer period. Either way the slice fits every step.
	 */
	slice_first = (__u64)slice <= (__u64)gpu->sched[SCHED_PERIOD_MS] * 1000;
	if ((o.mask & MDGPU_SCHED_SET_TIMESLICE_US) && slice_first)
		w[nr++] = (struct knob_write){ SCHED_TIMESLICE_US, slice };
	if (o.mask & MDGPU_SCHED_SET_PERIOD_MS)
		w[nr++] = (struct knob_write){ SCHED_PERIOD_MS, period };
	if ((o.mask & MDGPU_SCHED_SET_TIMESLICE_US) && !slice_first)
		w[nr++] = (struct knob_write){ SCHED_TIMESLICE_US, slice };
	if (o.mask & MDGPU_SCHED_SET_WATCHDOG_MS)
		w[nr++] =
			(struct knob_write){ SCHED_WATCHDOG_MS, o.watchdog_ms };
	return lib_err(knob_apply(&t, w, nr));
}

static int set_one_sched(struct mdgpu_gpu *gpu, __u32 bit, __u32 val)
{
	MDGPU_OPTS(mdgpu_sched_opts, o, .mask = bit);

	*sched_opts_field(&o, __builtin_ctz(bit)) = val;
	return mdgpu_gpu__set_sched(gpu, &o);
}

/**
 * mdgpu_gpu__set_sched_policy() - change the scheduling policy, live
 * @gpu: the GPU
 * @policy: the new policy
 *
 * Return: 0 or a negative errno, as mdgpu_gpu__set_sched().
 */
MDGPU_API int mdgpu_gpu__set_sched_policy(struct mdgpu_gpu *gpu,
					  enum mdgpu_sched_policy policy)
{
	return set_one_sched(gpu, MDGPU_SCHED_SET_POLICY, policy);
}

/**
 * mdgpu_gpu__set_timeslice_us() - change the default time slice, live
 * @gpu: the GPU
 * @us: 100-1000000, at most the period
 *
 * Return: 0 or a negative errno, as mdgpu_gpu__set_sched().
 */
MDGPU_API int mdgpu_gpu__set_timeslice_us(struct mdgpu_gpu *gpu, __u32 us)
{
	return set_one_sched(gpu, MDGPU_SCHED_SET_TIMESLICE_US, us);
}

/**
 * mdgpu_gpu__set_sched_period_ms() - change the accounting period, live
 * @gpu: the GPU
 * @ms: 1-10000, at least the time slice
 *
 * Return: 0 or a negative errno, as mdgpu_gpu__set_sched().
 */
MDGPU_API int mdgpu_gpu__set_sched_period_ms(struct mdgpu_gpu *gpu, __u32 ms)
{
	return set_one_sched(gpu, MDGPU_SCHED_SET_PERIOD_MS, ms);
}

/**
 * mdgpu_gpu__set_watchdog_ms() - change the command watchdog, live
 * @gpu: the GPU
 * @ms: 0 (off) or 10-600000
 *
 * Return: 0 or a negative errno, as mdgpu_gpu__set_sched().
 */
MDGPU_API int mdgpu_gpu__set_watchdog_ms(struct mdgpu_gpu *gpu, __u32 ms)
{
	return set_one_sched(gpu, MDGPU_SCHED_SET_WATCHDOG_MS, ms);
}
