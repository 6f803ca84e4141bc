// SPDX-License-Identifier: GPL-2.0-only
/*
 * The user-facing half of mdgpu_mdev.ko: each mdev becomes a VFIO device
 * (a PCI function to QEMU). Its vGPU is reserved in ->init, so a create
 * beyond capacity fails with -ENOSPC, and given back in ->release.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>

#include "mdgpu/compat.h"
#include "mdgpu_mdev.h"

/**
 * struct mdgpu_mdev_state - one mediated vGPU device
 * @vdev: the VFIO device; first, as vfio_alloc_device() requires
 * @vgpu: the vGPU reserved in mdgpu.ko
 * @lock: serializes region access and ioctls
 */
struct mdgpu_mdev_state {
	struct vfio_device vdev;
	struct mdgpu_vgpu *vgpu;
	struct mutex lock;
};

static struct mdgpu_mdev_state *to_state(struct vfio_device *vdev)
{
	return container_of(vdev, struct mdgpu_mdev_state, vdev);
}

static int mdgpu_mdev_init_dev(struct vfio_device *vdev)
{
	struct mdgpu_mdev_state *st = to_state(vdev);
	struct mdev_device *mdev = to_mdev_device(vdev->dev);
	struct mdgpu_vgpu *vgpu;

	vgpu = mdgpu_vgpu_create(mdgpu_mdev_type_gpu(mdev->type),
				 to_mdgpu_mdev_type(mdev->type)->profile, &mdev->uuid);
	if (IS_ERR(vgpu))
		return PTR_ERR(vgpu);
	st->vgpu = vgpu;
	mutex_init(&st->lock);
	return 0;
}

static void mdgpu_mdev_release_dev(struct vfio_device *vdev)
{
	struct mdgpu_mdev_state *st = to_state(vdev);

	mdgpu_vgpu_destroy(st->vgpu);
	mutex_destroy(&st->lock);
	mdgpu_vfio_free_device(vdev);
}

static long mdgpu_mdev_ioctl(struct vfio_device *vdev, unsigned int cmd, unsigned long arg)
{
	struct vfio_device_info info;
	unsigned long minsz;

	switch (cmd) {
	case VFIO_DEVICE_GET_INFO:
		minsz = offsetofend(struct vfio_device_info, num_irqs);
		if (copy_from_user(&info, (void __user *)arg, minsz))
			return -EFAULT;
		if (info.argsz < minsz)
			return -EINVAL;
		info.flags = VFIO_DEVICE_FLAGS_PCI;
		info.num_regions = VFIO_PCI_NUM_REGIONS;
		info.num_irqs = VFIO_PCI_NUM_IRQS;
		return copy_to_user((void __user *)arg, &info, minsz) ? -EFAULT : 0;
	}
	return -ENOTTY;
}

static const struct vfio_device_ops mdgpu_mdev_vfio_ops = {
	.name = "mdgpu-vgpu",
	.init = mdgpu_mdev_init_dev,
	.release = mdgpu_mdev_release_dev,
	.ioctl = mdgpu_mdev_ioctl,
	MDGPU_IOMMUFD_OPS_A
	MDGPU_IOMMUFD_OPS_B
};

/**
 * mdgpu_mdev_probe() - make a new mdev a VFIO device
 * @mdev: the mdev the core just created
 *
 * Context: process; from the `create` sysfs write.
 *
 * Return: 0, or -errno (-ENOSPC when the GPU has no room for its type).
 */
int mdgpu_mdev_probe(struct mdev_device *mdev)
{
	struct mdgpu_mdev_state *st;
	int ret;

	st = vfio_alloc_device(mdgpu_mdev_state, vdev, &mdev->dev, &mdgpu_mdev_vfio_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);
	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret) {
		vfio_put_device(&st->vdev);
		return ret;
	}
	dev_set_drvdata(&mdev->dev, st);
	return 0;
}

/**
 * mdgpu_mdev_remove() - tear an mdev's VFIO device down
 * @mdev: the mdev being removed
 *
 * Blocks until userspace has closed the device. Context: process.
 */
void mdgpu_mdev_remove(struct mdev_device *mdev)
{
	struct mdgpu_mdev_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
}

/* Per-vGPU attributes, under /sys/bus/mdev/devices/<uuid>/mdgpu/. */
static struct mdgpu_vgpu *dev_vgpu(struct device *dev)
{
	return ((struct mdgpu_mdev_state *)dev_get_drvdata(dev))->vgpu;
}

static ssize_t gpu_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", dev_name(&dev_vgpu(dev)->gpu->dev));
}
static DEVICE_ATTR_RO(gpu);

static ssize_t profile_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct mdgpu_vgpu *v = dev_vgpu(dev);

	return sysfs_emit(buf, "%s\n", v->gpu->profiles[v->profile].name);
}
static DEVICE_ATTR_RO(profile);

static ssize_t memory_bytes_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", dev_vgpu(dev)->mem_bytes);
}
static DEVICE_ATTR_RO(memory_bytes);

static ssize_t placement_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct mdgpu_vgpu *v = dev_vgpu(dev);

	return sysfs_emit(buf, "slice_start=%u\nslices=%u\ncu_start=%u\ncus=%u\nmem_offset=%llu\n",
			  v->pl.slice_start, v->pl.slices, v->pl.cu_start, v->pl.cus,
			  v->mem_offset);
}
static DEVICE_ATTR_RO(placement);

static struct attribute *mdgpu_mdev_attrs[] = {
	&dev_attr_gpu.attr,
	&dev_attr_profile.attr,
	&dev_attr_memory_bytes.attr,
	&dev_attr_placement.attr,
	NULL,
};

static const struct attribute_group mdgpu_mdev_group = {
	.name = "mdgpu",
	.attrs = mdgpu_mdev_attrs,
};

const struct attribute_group *mdgpu_mdev_groups[] = {
	&mdgpu_mdev_group,
	NULL,
};
