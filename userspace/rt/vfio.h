/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The ioctl() wrappers of vfio.c: the only place libmdgpu-rt talks to the
 * VFIO uAPI, so that a mock or another kernel interface replaces one file.
 */
#ifndef RT_VFIO_H
#define RT_VFIO_H

#include <errno.h>
#include <linux/vfio.h>

int rt_vfio_api_version(int container);
int rt_vfio_check_extension(int container, unsigned long ext);
int rt_vfio_group_viable(int group);
int rt_vfio_group_set_container(int group, int container);
int rt_vfio_set_iommu(int container, unsigned long type);
int rt_vfio_group_device_fd(int group, const char *name);
int rt_vfio_device_info(int dev, struct vfio_device_info *info);
int rt_vfio_region_info(int dev, __u32 index, struct vfio_region_info *info);
int rt_vfio_irq_info(int dev, __u32 index, struct vfio_irq_info *info);
int rt_vfio_irq_set_eventfd(int dev, __u32 index, int efd);
int rt_vfio_irq_unmask(int dev, __u32 index);
int rt_vfio_device_reset(int dev);

#endif /* RT_VFIO_H */
