/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every kernel-version difference the modules depend on, in one place.
 * Reference kernel: Debian 12's 6.1; also built against 6.12.
 */
#ifndef MDGPU_MDEV_COMPAT_H
#define MDGPU_MDEV_COMPAT_H

#include <linux/version.h>
#include <linux/eventfd.h>
#include <linux/mm.h>
#include <linux/vfio.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#error "mdgpu needs the mdev API of Linux 6.1 or later"
#endif

/* 6.1: ->release must free the vfio_device; 6.2+: the core frees it. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
#define mdgpu_vfio_free_device(vdev) vfio_free_device(vdev)
#else
#define mdgpu_vfio_free_device(vdev) \
	do {                         \
	} while (0)
#endif

/* 6.8 dropped eventfd_signal()'s count argument. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
#define mdgpu_eventfd_signal(ctx) eventfd_signal((ctx), 1)
#else
#define mdgpu_eventfd_signal(ctx) eventfd_signal(ctx)
#endif

/* 6.3 made vma->vm_flags const behind accessors. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
static inline void mdgpu_vm_flags_set(struct vm_area_struct *vma,
				      unsigned long flags)
{
	vma->vm_flags |= flags;
}
#else
#define mdgpu_vm_flags_set(vma, flags) vm_flags_set((vma), (flags))
#endif

/* clang-format off */
/* iommufd ops: required on IOMMUFD=y kernels from 6.4 (detach from 6.6). */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define MDGPU_IOMMUFD_OPS_A						\
	.bind_iommufd = vfio_iommufd_emulated_bind,			\
	.unbind_iommufd = vfio_iommufd_emulated_unbind,			\
	.attach_ioas = vfio_iommufd_emulated_attach_ioas,
#else
#define MDGPU_IOMMUFD_OPS_A
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#define MDGPU_IOMMUFD_OPS_B .detach_ioas = vfio_iommufd_emulated_detach_ioas,
#else
#define MDGPU_IOMMUFD_OPS_B
#endif
/* clang-format on */

/*
 * 6.13 turned symbol namespaces into string literals; before, the macros
 * stringify their argument (after expansion), so one name serves both.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 13, 0)
#define MDGPU_NS MDGPU
#else
#define MDGPU_NS "MDGPU"
#endif

#endif /* MDGPU_MDEV_COMPAT_H */
