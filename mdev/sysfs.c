// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-vGPU sysfs attributes, in the group /sys/bus/mdev/devices/<uuid>/mdgpu/
 * (docs/abi.md §3): which GPU and profile, how much memory, where it sits,
 * its QoS (writable, live) and its scheduling accounting.
 */
#include <linux/device.h>
#include <linux/sysfs.h>

#include "mdgpu_mdev.h"

static struct mdgpu_mdev_state *dev_state(struct device *dev)
{
	return dev_get_drvdata(dev);
}

static struct mdgpu_vgpu *dev_vgpu(struct device *dev)
{
	return dev_state(dev)->vgpu;
}

static ssize_t gpu_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "%s\n", dev_name(&dev_vgpu(dev)->gpu->dev));
}
static DEVICE_ATTR_RO(gpu);

static ssize_t profile_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct mdgpu_vgpu *v = dev_vgpu(dev);

	return sysfs_emit(buf, "%s\n", v->gpu->profiles[v->profile].name);
}
static DEVICE_ATTR_RO(profile);

static ssize_t memory_bytes_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", dev_vgpu(dev)->mem_bytes);
}
static DEVICE_ATTR_RO(memory_bytes);

static ssize_t placement_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	struct mdgpu_vgpu *v = dev_vgpu(dev);

	return sysfs_emit(
		buf,
		"slice_start=%u\nslices=%u\ncu_start=%u\ncus=%u\nmem_offset=%llu\n",
		v->pl.slice_start, v->pl.slices, v->pl.cu_start, v->pl.cus,
		v->mem_offset);
}
static DEVICE_ATTR_RO(placement);

/*
 * QoS knobs: strict decimal parsing, a range check here, and the scheduler
 * core's check of the whole domain (guarantees summing over 100 %: -ENOSPC).
 */
/* clang-format off */
#define QOS_ATTR(_name, _field, _min, _max, _scale)				\
static void set_##_name(struct mgs_entity_config *cfg, u32 v)			\
{										\
	cfg->_field = (u64)v * (_scale);					\
}										\
static ssize_t _name##_show(struct device *dev, struct device_attribute *attr,	\
			    char *buf)						\
{										\
	struct mgs_entity_config cfg;						\
										\
	mdgpu_vgpu_get_qos(dev_vgpu(dev), &cfg);				\
	return sysfs_emit(buf, "%llu\n", div_u64(cfg._field, (_scale)));	\
}										\
static ssize_t _name##_store(struct device *dev, struct device_attribute *attr,\
			     const char *buf, size_t count)			\
{										\
	u32 v;									\
	int ret = kstrtou32(buf, 10, &v);					\
										\
	if (ret)								\
		return ret;							\
	if (v < (_min) || v > (_max))						\
		return -EINVAL;							\
	ret = mdgpu_vgpu_update_qos(dev_vgpu(dev), set_##_name, v);		\
	return ret ? ret : count;						\
}										\
static DEVICE_ATTR_RW(_name)

QOS_ATTR(weight, weight, MGS_WEIGHT_MIN, MGS_WEIGHT_MAX, 1);
QOS_ATTR(min_share, min_share, 0, MGS_SHARE_ONE, 1);
QOS_ATTR(max_share, max_share, 1, MGS_SHARE_ONE, 1);
QOS_ATTR(reserve, reserve, 0, MGS_SHARE_ONE, 1);
QOS_ATTR(priority, prio, 0, MGS_NR_PRIO - 1, 1);
QOS_ATTR(timeslice_us, slice_ns, 0, MGS_SLICE_MAX_NS / NSEC_PER_USEC, NSEC_PER_USEC);
/* clang-format on */

/* key=value lines; docs/abi.md §3 lists the keys. */
static ssize_t stats_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct mdgpu_vgpu *v = dev_vgpu(dev);
	struct mgs_entity_stats st;

	mdgpu_vgpu_read_stats(v, &st);
	return sysfs_emit(
		buf,
		"busy_ns=%llu\nwait_ns=%llu\noverrun_ns=%llu\nslices=%llu\n"
		"dispatches=%llu\npreemptions=%llu\nthrottled=%llu\n"
		"completed=%llu\nqueued=%u\n",
		st.busy_ns, st.wait_ns, st.overrun_ns, st.nr_slices,
		st.nr_dispatches, st.nr_preempts, st.nr_throttled,
		READ_ONCE(v->completed), READ_ONCE(v->nr_queued));
}
static DEVICE_ATTR_RO(stats);

/* One line per bucket: upper bound in ns (or "inf") and count. */
static ssize_t latency_hist_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	struct mgs_entity_stats st;
	ssize_t len = 0;
	u32 i;

	mdgpu_vgpu_read_stats(dev_vgpu(dev), &st);
	for (i = 0; i < MGS_LAT_BUCKETS; i++) {
		if (i == MGS_LAT_BUCKETS - 1)
			len += sysfs_emit_at(buf, len, "inf %llu\n",
					     st.lat_hist[i]);
		else
			len += sysfs_emit_at(buf, len, "%llu %llu\n",
					     mgs_lat_bucket_limit_ns(i),
					     st.lat_hist[i]);
	}
	return len;
}
static DEVICE_ATTR_RO(latency_hist);

/*
 * Whether a VFIO user (QEMU, a host process) has the device open now, and
 * how often its queue stopped on an error or the user reset it. Lockless
 * reads: each is one value that its writers update whole.
 */
static ssize_t in_use_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(dev_state(dev)->in_use));
}
static DEVICE_ATTR_RO(in_use);

static ssize_t errors_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%lld\n",
			  (long long)atomic64_read(&dev_state(dev)->nr_errors));
}
static DEVICE_ATTR_RO(errors);

static ssize_t resets_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%lld\n",
			  (long long)atomic64_read(&dev_state(dev)->nr_resets));
}
static DEVICE_ATTR_RO(resets);

/*
 * Explicit placement: writing a start moves the vGPU there, all or nothing,
 * until it is first opened (-EBUSY after). See mdgpu_vgpu_move().
 */
static ssize_t slice_start_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", dev_vgpu(dev)->pl.slice_start);
}

static ssize_t slice_start_store(struct device *dev,
				 struct device_attribute *attr, const char *buf,
				 size_t count)
{
	u32 v;
	int ret = kstrtou32(buf, 10, &v);

	if (ret)
		return ret;
	if (v >= MDGPU_PART_MAX_SLICES)
		return -EINVAL;
	ret = mdgpu_vgpu_move(dev_vgpu(dev), v, MDGPU_PART_AUTO);
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(slice_start);

static ssize_t cu_start_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%u\n", dev_vgpu(dev)->pl.cu_start);
}

static ssize_t cu_start_store(struct device *dev, struct device_attribute *attr,
			      const char *buf, size_t count)
{
	u32 v;
	int ret = kstrtou32(buf, 10, &v);

	if (ret)
		return ret;
	if (v >= MDGPU_PART_MAX_CUS)
		return -EINVAL;
	ret = mdgpu_vgpu_move(dev_vgpu(dev), MDGPU_PART_AUTO, v);
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(cu_start);

/* clang-format off */
static struct attribute *mdgpu_mdev_attrs[] = {
	&dev_attr_slice_start.attr,
	&dev_attr_cu_start.attr,
	&dev_attr_weight.attr,
	&dev_attr_min_share.attr,
	&dev_attr_max_share.attr,
	&dev_attr_reserve.attr,
	&dev_attr_priority.attr,
	&dev_attr_timeslice_us.attr,
	&dev_attr_stats.attr,
	&dev_attr_latency_hist.attr,
	&dev_attr_gpu.attr,
	&dev_attr_profile.attr,
	&dev_attr_memory_bytes.attr,
	&dev_attr_placement.attr,
	&dev_attr_in_use.attr,
	&dev_attr_errors.attr,
	&dev_attr_resets.attr,
	NULL,
};
/* clang-format on */

static const struct attribute_group mdgpu_mdev_group = {
	.name = "mdgpu",
	.attrs = mdgpu_mdev_attrs,
};

const struct attribute_group *mdgpu_mdev_groups[] = {
	&mdgpu_mdev_group,
	NULL,
};
