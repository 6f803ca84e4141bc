// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Every ioctl() of libmdgpu-rt, as thin typed wrappers over the legacy VFIO
 * container/group uAPI (<linux/vfio.h>). They return 0 (or an fd) or
 * -errno and log nothing: the transport above decides what a failure means.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "vfio.h"

static int ret_errno(int r)
{
	return r < 0 ? -errno : r;
}

/**
 * rt_vfio_api_version() - VFIO_GET_API_VERSION on a container
 * @container: /dev/vfio/vfio fd
 *
 * Return: the version (VFIO_API_VERSION) or -errno.
 */
int rt_vfio_api_version(int container)
{
	return ret_errno(ioctl(container, VFIO_GET_API_VERSION));
}

/**
 * rt_vfio_check_extension() - VFIO_CHECK_EXTENSION
 * @container: container fd
 * @ext: VFIO_TYPE1v2_IOMMU, ...
 *
 * Return: 1 if supported, 0 if not, -errno.
 */
int rt_vfio_check_extension(int container, unsigned long ext)
{
	return ret_errno(ioctl(container, VFIO_CHECK_EXTENSION, ext));
}

/**
 * rt_vfio_group_viable() - VFIO_GROUP_GET_STATUS: may the group be used?
 * @group: /dev/vfio/N fd
 *
 * Return: 1 if viable (all its devices bound to VFIO), 0 if not, -errno.
 */
int rt_vfio_group_viable(int group)
{
	struct vfio_group_status st = { .argsz = sizeof(st) };
	int ret = ret_errno(ioctl(group, VFIO_GROUP_GET_STATUS, &st));

	return ret < 0 ? ret : !!(st.flags & VFIO_GROUP_FLAGS_VIABLE);
}

/**
 * rt_vfio_group_set_container() - VFIO_GROUP_SET_CONTAINER
 * @group: group fd
 * @container: container fd
 *
 * Return: 0 or -errno.
 */
int rt_vfio_group_set_container(int group, int container)
{
	return ret_errno(ioctl(group, VFIO_GROUP_SET_CONTAINER, &container));
}

/**
 * rt_vfio_set_iommu() - VFIO_SET_IOMMU
 * @container: container fd, with a group attached
 * @type: VFIO_TYPE1v2_IOMMU
 *
 * Return: 0 or -errno.
 */
int rt_vfio_set_iommu(int container, unsigned long type)
{
	return ret_errno(ioctl(container, VFIO_SET_IOMMU, type));
}

/**
 * rt_vfio_group_device_fd() - VFIO_GROUP_GET_DEVICE_FD
 * @group: group fd
 * @name: the device name (an mdev's UUID)
 *
 * Return: the device fd or -errno.
 */
int rt_vfio_group_device_fd(int group, const char *name)
{
	return ret_errno(ioctl(group, VFIO_GROUP_GET_DEVICE_FD, name));
}

/**
 * rt_vfio_device_info() - VFIO_DEVICE_GET_INFO
 * @dev: device fd
 * @info: filled in
 *
 * Return: 0 or -errno.
 */
int rt_vfio_device_info(int dev, struct vfio_device_info *info)
{
	memset(info, 0, sizeof(*info));
	info->argsz = sizeof(*info);
	return ret_errno(ioctl(dev, VFIO_DEVICE_GET_INFO, info));
}

/**
 * rt_vfio_region_info() - VFIO_DEVICE_GET_REGION_INFO
 * @dev: device fd
 * @index: VFIO_PCI_*_REGION_INDEX
 * @info: filled in
 *
 * Return: 0 or -errno.
 */
int rt_vfio_region_info(int dev, __u32 index, struct vfio_region_info *info)
{
	memset(info, 0, sizeof(*info));
	info->argsz = sizeof(*info);
	info->index = index;
	return ret_errno(ioctl(dev, VFIO_DEVICE_GET_REGION_INFO, info));
}

/**
 * rt_vfio_irq_info() - VFIO_DEVICE_GET_IRQ_INFO
 * @dev: device fd
 * @index: VFIO_PCI_*_IRQ_INDEX
 * @info: filled in
 *
 * Return: 0 or -errno.
 */
int rt_vfio_irq_info(int dev, __u32 index, struct vfio_irq_info *info)
{
	memset(info, 0, sizeof(*info));
	info->argsz = sizeof(*info);
	info->index = index;
	return ret_errno(ioctl(dev, VFIO_DEVICE_GET_IRQ_INFO, info));
}

/**
 * rt_vfio_irq_set_eventfd() - VFIO_DEVICE_SET_IRQS: route vector 0 of an
 *	interrupt index to an eventfd, or stop it
 * @dev: device fd
 * @index: VFIO_PCI_INTX_IRQ_INDEX, _MSI_, _REQ_
 * @efd: the eventfd, or -1 to disable the index
 *
 * Return: 0 or -errno.
 */
int rt_vfio_irq_set_eventfd(int dev, __u32 index, int efd)
{
	struct {
		struct vfio_irq_set set;
		__s32 fd;
	} s;

	memset(&s, 0, sizeof(s));
	s.set.argsz = sizeof(s);
	s.set.index = index;
	if (efd < 0) {
		s.set.argsz = sizeof(s.set);
		s.set.flags = VFIO_IRQ_SET_DATA_NONE |
			      VFIO_IRQ_SET_ACTION_TRIGGER;
		return ret_errno(ioctl(dev, VFIO_DEVICE_SET_IRQS, &s.set));
	}
	s.set.flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	s.set.count = 1;
	s.fd = efd;
	return ret_errno(ioctl(dev, VFIO_DEVICE_SET_IRQS, &s));
}

/**
 * rt_vfio_irq_unmask() - VFIO_DEVICE_SET_IRQS ACTION_UNMASK of vector 0
 * @dev: device fd
 * @index: VFIO_PCI_INTX_IRQ_INDEX (the automasked level interrupt)
 *
 * Return: 0 or -errno.
 */
int rt_vfio_irq_unmask(int dev, __u32 index)
{
	struct vfio_irq_set s = {
		.argsz = sizeof(s),
		.flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_UNMASK,
		.index = index,
		.count = 1,
	};

	return ret_errno(ioctl(dev, VFIO_DEVICE_SET_IRQS, &s));
}

/**
 * rt_vfio_device_reset() - VFIO_DEVICE_RESET
 * @dev: device fd
 *
 * Return: 0 or -errno.
 */
int rt_vfio_device_reset(int dev)
{
	return ret_errno(ioctl(dev, VFIO_DEVICE_RESET));
}
