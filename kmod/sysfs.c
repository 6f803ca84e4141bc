// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/class/mdgpu/gpuN/: a GPU's capacity, what is free, the profiles it
 * offers and where each vGPU sits. Read-only; docs/abi.md is the contract.
 */
#include <linux/device.h>
#include <linux/sysfs.h>

#include "mdgpu_core.h"

static u64 slice_bytes(const struct mdgpu_gpu *gpu)
{
	return div_u64(gpu->info.mem_bytes, gpu->info.mem_slices);
}

static ssize_t backend_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", to_mdgpu_gpu(dev)->ops->name);
}
static DEVICE_ATTR_RO(backend);

static ssize_t compute_units_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", to_mdgpu_gpu(dev)->info.compute_units);
}
static DEVICE_ATTR_RO(compute_units);

static ssize_t memory_bytes_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", to_mdgpu_gpu(dev)->info.mem_bytes);
}
static DEVICE_ATTR_RO(memory_bytes);

static ssize_t memory_slices_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", to_mdgpu_gpu(dev)->info.mem_slices);
}
static DEVICE_ATTR_RO(memory_slices);

static ssize_t memory_slice_bytes_show(struct device *dev,
				       struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", slice_bytes(to_mdgpu_gpu(dev)));
}
static DEVICE_ATTR_RO(memory_slice_bytes);

static ssize_t memory_free_slices_show(struct device *dev,
				       struct device_attribute *attr, char *buf)
{
	struct mdgpu_gpu *gpu = to_mdgpu_gpu(dev);
	u32 n;

	mutex_lock(&gpu->lock);
	n = mdgpu_part_free_slices(&gpu->part);
	mutex_unlock(&gpu->lock);
	return sysfs_emit(buf, "%u\n", n);
}
static DEVICE_ATTR_RO(memory_free_slices);

static ssize_t memory_free_bytes_show(struct device *dev,
				      struct device_attribute *attr, char *buf)
{
	struct mdgpu_gpu *gpu = to_mdgpu_gpu(dev);
	u32 n;

	mutex_lock(&gpu->lock);
	n = mdgpu_part_free_slices(&gpu->part);
	mutex_unlock(&gpu->lock);
	return sysfs_emit(buf, "%llu\n", slice_bytes(gpu) * n);
}
static DEVICE_ATTR_RO(memory_free_bytes);

static ssize_t shared_compute_units_show(struct device *dev,
					 struct device_attribute *attr,
					 char *buf)
{
	struct mdgpu_gpu *gpu = to_mdgpu_gpu(dev);
	u32 n;

	mutex_lock(&gpu->lock);
	n = mdgpu_part_free_cus(&gpu->part);
	mutex_unlock(&gpu->lock);
	return sysfs_emit(buf, "%u\n", n);
}
static DEVICE_ATTR_RO(shared_compute_units);

/* One line per profile: name mode compute_units memory_bytes available max. */
static ssize_t profiles_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct mdgpu_gpu *gpu = to_mdgpu_gpu(dev);
	ssize_t len = 0;
	u32 i;

	mutex_lock(&gpu->lock);
	for (i = 0; i < gpu->nr_profiles; i++) {
		const struct mdgpu_profile *p = &gpu->profiles[i];

		len += sysfs_emit_at(buf, len, "%s %s %u %llu %u %u\n", p->name,
				     p->req.cus ? "spatial" : "timesliced",
				     p->req.cus, p->mem_bytes,
				     mdgpu_part_available(&gpu->part, &p->req),
				     p->max_instances);
	}
	mutex_unlock(&gpu->lock);
	return len;
}
static DEVICE_ATTR_RO(profiles);

/* One line per vGPU: uuid profile slice_start slices cu_start cus mem_offset. */
static ssize_t vgpus_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct mdgpu_gpu *gpu = to_mdgpu_gpu(dev);
	struct mdgpu_vgpu *v;
	ssize_t len = 0;

	mutex_lock(&gpu->lock);
	list_for_each_entry(v, &gpu->vgpus, node)
		len += sysfs_emit_at(buf, len, "%pUl %s %u %u %u %u %llu\n",
				     &v->uuid, gpu->profiles[v->profile].name,
				     v->pl.slice_start, v->pl.slices,
				     v->pl.cu_start, v->pl.cus, v->mem_offset);
	mutex_unlock(&gpu->lock);
	return len;
}
static DEVICE_ATTR_RO(vgpus);

static ssize_t nr_vgpus_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct mdgpu_gpu *gpu = to_mdgpu_gpu(dev);
	u32 n;

	mutex_lock(&gpu->lock);
	n = gpu->nr_vgpus;
	mutex_unlock(&gpu->lock);
	return sysfs_emit(buf, "%u\n", n);
}
static DEVICE_ATTR_RO(nr_vgpus);

/* Scheduler settings of the shared domain; docs/abi.md gives the ranges. */
static const char *const policy_names[MGS_NR_POLICIES] = {
	[MGS_POLICY_BEST_EFFORT] = "best_effort",
	[MGS_POLICY_EQUAL_SHARE] = "equal_share",
	[MGS_POLICY_FIXED_SHARE] = "fixed_share",
	[MGS_POLICY_WEIGHTED] = "weighted",
};

static ssize_t sched_policy_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	struct mgs_domain_config cfg;

	mdgpu_domain_get_config(&to_mdgpu_gpu(dev)->shared, &cfg);
	return sysfs_emit(buf, "%s\n", policy_names[cfg.policy]);
}

static void set_policy(struct mgs_domain_config *cfg, u64 policy)
{
	cfg->policy = policy;
}

static ssize_t sched_policy_store(struct device *dev,
				  struct device_attribute *attr,
				  const char *buf, size_t count)
{
	int p, ret;

	p = sysfs_match_string(policy_names, buf);
	if (p < 0)
		return -EINVAL;
	ret = mdgpu_domain_update_config(&to_mdgpu_gpu(dev)->shared, set_policy,
					 p);
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(sched_policy);

static ssize_t timeslice_us_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	struct mgs_domain_config cfg;

	mdgpu_domain_get_config(&to_mdgpu_gpu(dev)->shared, &cfg);
	return sysfs_emit(buf, "%llu\n", div_u64(cfg.slice_ns, NSEC_PER_USEC));
}

static void set_slice(struct mgs_domain_config *cfg, u64 ns)
{
	cfg->slice_ns = ns;
}

static ssize_t timeslice_us_store(struct device *dev,
				  struct device_attribute *attr,
				  const char *buf, size_t count)
{
	u32 us;
	int ret;

	ret = kstrtou32(buf, 10, &us);
	if (ret)
		return ret;
	if (us < MGS_SLICE_MIN_NS / NSEC_PER_USEC ||
	    us > MGS_SLICE_MAX_NS / NSEC_PER_USEC)
		return -EINVAL;
	ret = mdgpu_domain_update_config(&to_mdgpu_gpu(dev)->shared, set_slice,
					 (u64)us * NSEC_PER_USEC);
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(timeslice_us);

static ssize_t sched_period_ms_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	struct mgs_domain_config cfg;

	mdgpu_domain_get_config(&to_mdgpu_gpu(dev)->shared, &cfg);
	return sysfs_emit(buf, "%llu\n", div_u64(cfg.period_ns, NSEC_PER_MSEC));
}

static void set_period(struct mgs_domain_config *cfg, u64 ns)
{
	cfg->period_ns = ns;
}

static ssize_t sched_period_ms_store(struct device *dev,
				     struct device_attribute *attr,
				     const char *buf, size_t count)
{
	u32 ms;
	int ret;

	ret = kstrtou32(buf, 10, &ms);
	if (ret)
		return ret;
	if (ms < MGS_PERIOD_MIN_NS / NSEC_PER_MSEC ||
	    ms > MGS_PERIOD_MAX_NS / NSEC_PER_MSEC)
		return -EINVAL;
	ret = mdgpu_domain_update_config(&to_mdgpu_gpu(dev)->shared, set_period,
					 (u64)ms * NSEC_PER_MSEC);
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(sched_period_ms);

static ssize_t watchdog_ms_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n",
			  div_u64(READ_ONCE(to_mdgpu_gpu(dev)->watchdog_ns),
				  NSEC_PER_MSEC));
}

static ssize_t watchdog_ms_store(struct device *dev,
				 struct device_attribute *attr, const char *buf,
				 size_t count)
{
	u32 ms;
	int ret;

	ret = kstrtou32(buf, 10, &ms);
	if (ret)
		return ret;
	if (ms && (ms < MDGPU_WATCHDOG_MIN_MS || ms > MDGPU_WATCHDOG_MAX_MS))
		return -EINVAL;
	WRITE_ONCE(to_mdgpu_gpu(dev)->watchdog_ns, (u64)ms * NSEC_PER_MSEC);
	return count;
}
static DEVICE_ATTR_RW(watchdog_ms);

static struct attribute *mdgpu_gpu_attrs[] = {
	&dev_attr_sched_policy.attr,
	&dev_attr_timeslice_us.attr,
	&dev_attr_sched_period_ms.attr,
	&dev_attr_watchdog_ms.attr,
	&dev_attr_backend.attr,
	&dev_attr_compute_units.attr,
	&dev_attr_shared_compute_units.attr,
	&dev_attr_memory_bytes.attr,
	&dev_attr_memory_slices.attr,
	&dev_attr_memory_slice_bytes.attr,
	&dev_attr_memory_free_slices.attr,
	&dev_attr_memory_free_bytes.attr,
	&dev_attr_profiles.attr,
	&dev_attr_vgpus.attr,
	&dev_attr_nr_vgpus.attr,
	NULL,
};

static const struct attribute_group mdgpu_gpu_group = {
	.attrs = mdgpu_gpu_attrs,
};

const struct attribute_group *mdgpu_gpu_groups[] = {
	&mdgpu_gpu_group,
	NULL,
};
