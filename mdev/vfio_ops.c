// SPDX-License-Identifier: GPL-2.0-only
/*
 * The user-facing half of mdgpu_mdev.ko: each mdev becomes a VFIO PCI
 * device. Regions (config space, BAR0 trapped, BAR2 mmap-able vGPU memory),
 * interrupts through eventfds (INTx, MSI, device request), reset, and the
 * per-vGPU sysfs attributes. The vGPU is reserved in ->init, so a create
 * beyond capacity fails with -ENOSPC, and given back in ->release.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/file.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>

#include "mdgpu/compat.h"
#include "mdgpu_mdev.h"

static struct mdgpu_mdev_state *to_state(struct vfio_device *vdev)
{
	return container_of(vdev, struct mdgpu_mdev_state, vdev);
}

static int mdgpu_mdev_init_dev(struct vfio_device *vdev)
{
	struct mdgpu_mdev_state *st = to_state(vdev);
	struct mdev_device *mdev = to_mdev_device(vdev->dev);
	struct mdgpu_vgpu *vgpu;

	mutex_init(&st->lock);
	spin_lock_init(&st->irq_lock);
	vgpu = mdgpu_vgpu_create(mdgpu_mdev_type_gpu(mdev->type),
				 to_mdgpu_mdev_type(mdev->type)->profile,
				 &mdev->uuid, &mdgpu_mdev_client_ops, st);
	if (IS_ERR(vgpu)) {
		mutex_destroy(&st->lock);
		return PTR_ERR(vgpu);
	}
	st->vgpu = vgpu;
	mdgpu_dev_init(st);
	return 0;
}

static void mdgpu_mdev_release_dev(struct vfio_device *vdev)
{
	struct mdgpu_mdev_state *st = to_state(vdev);

	WRITE_ONCE(st->in_use, false);
	mdgpu_dev_fini(st);
	mdgpu_vgpu_destroy(st->vgpu);
	mutex_destroy(&st->lock);
	mdgpu_vfio_free_device(vdev);
}

static void put_trigger(struct mdgpu_mdev_state *st, struct eventfd_ctx **slot)
{
	struct eventfd_ctx *old;

	spin_lock_irq(&st->irq_lock);
	old = *slot;
	*slot = NULL;
	spin_unlock_irq(&st->irq_lock);
	if (old)
		eventfd_ctx_put(old);
}

static int mdgpu_mdev_open_device(struct vfio_device *vdev)
{
	struct mdgpu_mdev_state *st = to_state(vdev);
	int ret;

	ret = mdgpu_vgpu_map(st->vgpu);
	if (ret)
		return ret;
	mutex_lock(&st->lock);
	mdgpu_dev_reset(st, true);
	mutex_unlock(&st->lock);
	WRITE_ONCE(st->in_use, true);
	return 0;
}

/* Last close: stop the queue and drop every eventfd (QEMU may be gone). */
static void mdgpu_mdev_close_device(struct vfio_device *vdev)
{
	struct mdgpu_mdev_state *st = to_state(vdev);

	WRITE_ONCE(st->in_use, false);
	mdgpu_dev_fini(st);
	mutex_lock(&st->lock);
	mdgpu_dev_reset(st, true);
	mutex_unlock(&st->lock);
	put_trigger(st, &st->intx_trigger);
	put_trigger(st, &st->msi_trigger);
	put_trigger(st, &st->req_trigger);
}

/* One naturally aligned piece of a region access: 1, 2, 4 or 8 bytes. */
static u32 piece_len(u64 pos, size_t left, bool allow8)
{
	if (allow8 && left >= 8 && !(pos & 7))
		return 8;
	if (left >= 4 && !(pos & 3))
		return 4;
	if (left >= 2 && !(pos & 1))
		return 2;
	return 1;
}

static ssize_t bar2_rw(struct mdgpu_mdev_state *st, char __user *buf,
		       size_t count, u64 pos, bool write)
{
	struct mdgpu_vgpu *v = st->vgpu;
	size_t n;

	if (pos >= st->bar2_size || count > st->bar2_size - pos)
		return -EINVAL;
	if (pos >= v->mem_bytes)
		return write ? count :
			       (clear_user(buf, count) ? -EFAULT : count);
	n = min_t(u64, count, v->mem_bytes - pos);
	if (write ? copy_from_user(v->kaddr + pos, buf, n) :
		    copy_to_user(buf, v->kaddr + pos, n))
		return -EFAULT;
	if (n < count && !write && clear_user(buf + n, count - n))
		return -EFAULT;
	return count;
}

/*
 * Config space and BAR0 are emulated: split the access into naturally
 * aligned pieces and consume all of @count (QEMU reads the whole config
 * space in one pread and treats a short read as fatal).
 */
static ssize_t mdgpu_mdev_rw(struct mdgpu_mdev_state *st, char __user *buf,
			     size_t count, loff_t *ppos, bool write)
{
	u32 index = MDGPU_MDEV_REGION_IDX(*ppos);
	u64 pos = *ppos & MDGPU_MDEV_REGION_MASK;
	size_t done = 0;
	int ret = 0;

	if (index == VFIO_PCI_BAR2_REGION_INDEX) {
		ssize_t r = bar2_rw(st, buf, count, pos, write);

		if (r > 0)
			*ppos += r;
		return r;
	}
	if (index != VFIO_PCI_CONFIG_REGION_INDEX &&
	    index != VFIO_PCI_BAR0_REGION_INDEX)
		return -EINVAL;
	if (pos >= (index == VFIO_PCI_BAR0_REGION_INDEX ? MDGPU_BAR0_SIZE :
							  MDGPU_PCI_CFG_SIZE))
		return -EINVAL;

	mutex_lock(&st->lock);
	while (done < count) {
		u32 len = piece_len(pos, count - done,
				    index == VFIO_PCI_BAR0_REGION_INDEX);
		u64 val = 0;
		u32 v32;

		if (write) {
			if (copy_from_user(&val, buf + done, len)) {
				ret = -EFAULT;
				break;
			}
			ret = index == VFIO_PCI_BAR0_REGION_INDEX ?
				      mdgpu_dev_bar0_write(st, pos, len, val) :
				      mdgpu_dev_cfg_write(st, pos, len,
							  (u32)val);
		} else {
			if (index == VFIO_PCI_BAR0_REGION_INDEX) {
				ret = mdgpu_dev_bar0_read(st, pos, len, &val);
			} else {
				ret = mdgpu_dev_cfg_read(st, pos, len, &v32);
				val = v32;
			}
			if (!ret && copy_to_user(buf + done, &val, len))
				ret = -EFAULT;
		}
		if (ret)
			break;
		done += len;
		pos += len;
	}
	mutex_unlock(&st->lock);
	if (!done)
		return ret ? ret : -EINVAL;
	*ppos += done;
	return done;
}

static ssize_t mdgpu_mdev_read(struct vfio_device *vdev, char __user *buf,
			       size_t count, loff_t *ppos)
{
	return mdgpu_mdev_rw(to_state(vdev), buf, count, ppos, false);
}

static ssize_t mdgpu_mdev_write(struct vfio_device *vdev,
				const char __user *buf, size_t count,
				loff_t *ppos)
{
	return mdgpu_mdev_rw(to_state(vdev), (char __user *)buf, count, ppos,
			     true);
}

/* BAR2 pages are inserted on first touch; each mapping holds a reference. */
static vm_fault_t bar2_fault(struct vm_fault *vmf)
{
	struct mdgpu_mdev_state *st = vmf->vma->vm_private_data;
	struct mdgpu_vgpu *v = st->vgpu;
	unsigned long pg = vmf->pgoff & (MDGPU_MDEV_REGION_MASK >> PAGE_SHIFT);

	if (pg >= v->mem_bytes >> PAGE_SHIFT)
		return VM_FAULT_SIGBUS;
	get_page(v->pages[pg]);
	vmf->page = v->pages[pg];
	return 0;
}

static const struct vm_operations_struct bar2_vm_ops = {
	.fault = bar2_fault,
};

static int mdgpu_mdev_mmap(struct vfio_device *vdev, struct vm_area_struct *vma)
{
	struct mdgpu_mdev_state *st = to_state(vdev);
	u64 off = (u64)vma->vm_pgoff << PAGE_SHIFT;
	u64 len = vma->vm_end - vma->vm_start;

	if (MDGPU_MDEV_REGION_IDX(off) != VFIO_PCI_BAR2_REGION_INDEX)
		return -EINVAL;
	off &= MDGPU_MDEV_REGION_MASK;
	if (!(vma->vm_flags & VM_SHARED) || off >= st->vgpu->mem_bytes ||
	    len > st->vgpu->mem_bytes - off)
		return -EINVAL;
	mdgpu_vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
	vma->vm_ops = &bar2_vm_ops;
	vma->vm_private_data = st;
	return 0;
}

static int get_region_info(struct mdgpu_mdev_state *st, unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_region_info, offset);
	struct vfio_region_info info;

	if (copy_from_user(&info, (void __user *)arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	info.offset = MDGPU_MDEV_REGION_OFF(info.index);
	info.flags = VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE;
	info.size = 0;
	switch (info.index) {
	case VFIO_PCI_CONFIG_REGION_INDEX:
		info.size = MDGPU_PCI_CFG_SIZE;
		break;
	case VFIO_PCI_BAR0_REGION_INDEX:
		info.size = MDGPU_BAR0_SIZE;
		break;
	case VFIO_PCI_BAR2_REGION_INDEX:
		info.size = st->bar2_size;
		info.flags |= VFIO_REGION_INFO_FLAG_MMAP;
		break;
	default:
		if (info.index >= VFIO_PCI_NUM_REGIONS)
			return -EINVAL;
		info.flags = 0;
	}
	return copy_to_user((void __user *)arg, &info, minsz) ? -EFAULT : 0;
}

static int get_irq_info(unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_info, count);
	struct vfio_irq_info info;

	if (copy_from_user(&info, (void __user *)arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	switch (info.index) {
	case VFIO_PCI_INTX_IRQ_INDEX:
		info.flags = VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_MASKABLE |
			     VFIO_IRQ_INFO_AUTOMASKED;
		break;
	case VFIO_PCI_MSI_IRQ_INDEX:
		info.flags = VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_NORESIZE;
		break;
	case VFIO_PCI_REQ_IRQ_INDEX:
		info.flags = VFIO_IRQ_INFO_EVENTFD;
		break;
	default:
		return -EINVAL;
	}
	info.count = 1;
	return copy_to_user((void __user *)arg, &info, minsz) ? -EFAULT : 0;
}

static struct eventfd_ctx **trigger_slot(struct mdgpu_mdev_state *st, u32 index)
{
	switch (index) {
	case VFIO_PCI_INTX_IRQ_INDEX:
		return &st->intx_trigger;
	case VFIO_PCI_MSI_IRQ_INDEX:
		return &st->msi_trigger;
	case VFIO_PCI_REQ_IRQ_INDEX:
		return &st->req_trigger;
	}
	return NULL;
}

static int set_trigger(struct mdgpu_mdev_state *st, u32 index, s32 fd)
{
	struct eventfd_ctx **slot = trigger_slot(st, index);
	struct eventfd_ctx *ctx = NULL, *old;

	if (fd >= 0) {
		ctx = eventfd_ctx_fdget(fd);
		if (IS_ERR(ctx))
			return PTR_ERR(ctx);
	}
	spin_lock_irq(&st->irq_lock);
	old = *slot;
	*slot = ctx;
	st->intx_masked = false;
	mdgpu_dev_irq_update_locked(st, 0);
	spin_unlock_irq(&st->irq_lock);
	if (old)
		eventfd_ctx_put(old);
	return 0;
}

/* Loopback "fire now" (DATA_NONE or DATA_BOOL true): a user's self-test. */
static void fire_trigger(struct mdgpu_mdev_state *st, u32 index)
{
	struct eventfd_ctx **slot = trigger_slot(st, index);

	spin_lock_irq(&st->irq_lock);
	if (*slot)
		mdgpu_eventfd_signal(*slot);
	spin_unlock_irq(&st->irq_lock);
}

static int set_irqs(struct mdgpu_mdev_state *st, struct vfio_irq_set *hdr,
		    void *data)
{
	u32 action = hdr->flags & VFIO_IRQ_SET_ACTION_TYPE_MASK;
	u32 dtype = hdr->flags & VFIO_IRQ_SET_DATA_TYPE_MASK;

	if (hdr->index == VFIO_PCI_INTX_IRQ_INDEX &&
	    (action == VFIO_IRQ_SET_ACTION_MASK ||
	     action == VFIO_IRQ_SET_ACTION_UNMASK)) {
		bool set = dtype == VFIO_IRQ_SET_DATA_NONE || *(u8 *)data;

		if (dtype == VFIO_IRQ_SET_DATA_EVENTFD)
			return -EINVAL; /* resample irqfds need KVM's irqchip */
		if (!hdr->count || !set)
			return 0;
		spin_lock_irq(&st->irq_lock);
		st->intx_masked = action == VFIO_IRQ_SET_ACTION_MASK;
		/* Level semantics: still pending on unmask means signal again. */
		mdgpu_dev_irq_update_locked(st, 0);
		spin_unlock_irq(&st->irq_lock);
		return 0;
	}
	if (action != VFIO_IRQ_SET_ACTION_TRIGGER ||
	    !trigger_slot(st, hdr->index))
		return -EINVAL;
	if (!hdr->count) {
		if (dtype != VFIO_IRQ_SET_DATA_NONE)
			return -EINVAL;
		put_trigger(st, trigger_slot(st, hdr->index));
		return 0;
	}
	if (dtype == VFIO_IRQ_SET_DATA_EVENTFD)
		return set_trigger(st, hdr->index, *(s32 *)data);
	if (dtype == VFIO_IRQ_SET_DATA_NONE || *(u8 *)data)
		fire_trigger(st, hdr->index);
	return 0;
}

static int ioctl_set_irqs(struct mdgpu_mdev_state *st, unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_set, count);
	struct vfio_irq_set hdr;
	size_t data_size = 0;
	u8 *data = NULL;
	int ret;

	if (copy_from_user(&hdr, (void __user *)arg, minsz))
		return -EFAULT;
	ret = vfio_set_irqs_validate_and_prepare(&hdr, 1, VFIO_PCI_NUM_IRQS,
						 &data_size);
	if (ret)
		return ret;
	if (hdr.index != VFIO_PCI_INTX_IRQ_INDEX &&
	    hdr.index != VFIO_PCI_MSI_IRQ_INDEX &&
	    hdr.index != VFIO_PCI_REQ_IRQ_INDEX)
		return -EINVAL;
	if (data_size) {
		data = memdup_user((void __user *)(arg + minsz), data_size);
		if (IS_ERR(data))
			return PTR_ERR(data);
	}
	mutex_lock(&st->lock);
	ret = set_irqs(st, &hdr, data);
	mutex_unlock(&st->lock);
	kfree(data);
	return ret;
}

static long mdgpu_mdev_ioctl(struct vfio_device *vdev, unsigned int cmd,
			     unsigned long arg)
{
	struct mdgpu_mdev_state *st = to_state(vdev);
	struct vfio_device_info info;
	unsigned long minsz;

	switch (cmd) {
	case VFIO_DEVICE_GET_INFO:
		minsz = offsetofend(struct vfio_device_info, num_irqs);
		if (copy_from_user(&info, (void __user *)arg, minsz))
			return -EFAULT;
		if (info.argsz < minsz)
			return -EINVAL;
		info.flags = VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET;
		info.num_regions = VFIO_PCI_NUM_REGIONS;
		info.num_irqs = VFIO_PCI_NUM_IRQS;
		return copy_to_user((void __user *)arg, &info, minsz) ?
			       -EFAULT :
			       0;
	case VFIO_DEVICE_GET_REGION_INFO:
		return get_region_info(st, arg);
	case VFIO_DEVICE_GET_IRQ_INFO:
		return get_irq_info(arg);
	case VFIO_DEVICE_SET_IRQS:
		return ioctl_set_irqs(st, arg);
	case VFIO_DEVICE_RESET:
		atomic64_inc(&st->nr_resets);
		mutex_lock(&st->lock);
		mdgpu_dev_reset(st, true);
		mutex_unlock(&st->lock);
		return 0;
	}
	return -ENOTTY;
}

/* Removal while open: ask the user (QEMU unplugs) through the REQ eventfd. */
static void mdgpu_mdev_request(struct vfio_device *vdev, unsigned int count)
{
	struct mdgpu_mdev_state *st = to_state(vdev);

	spin_lock_irq(&st->irq_lock);
	if (st->req_trigger) {
		if (!count)
			dev_info(vdev->dev,
				 "asking the user to release the device\n");
		mdgpu_eventfd_signal(st->req_trigger);
	} else if (!count) {
		dev_notice(
			vdev->dev,
			"in use and no request eventfd: waiting for close\n");
	}
	spin_unlock_irq(&st->irq_lock);
}

static const struct vfio_device_ops mdgpu_mdev_vfio_ops = {
	.name = "mdgpu-vgpu",
	.init = mdgpu_mdev_init_dev,
	.release = mdgpu_mdev_release_dev,
	.open_device = mdgpu_mdev_open_device,
	.close_device = mdgpu_mdev_close_device,
	.read = mdgpu_mdev_read,
	.write = mdgpu_mdev_write,
	.mmap = mdgpu_mdev_mmap,
	.ioctl = mdgpu_mdev_ioctl,
	.request = mdgpu_mdev_request,
	MDGPU_IOMMUFD_OPS_A MDGPU_IOMMUFD_OPS_B
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

	st = vfio_alloc_device(mdgpu_mdev_state, vdev, &mdev->dev,
			       &mdgpu_mdev_vfio_ops);
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
 * Blocks until userspace has closed the device; ->request asks it to.
 * Context: process.
 */
void mdgpu_mdev_remove(struct mdev_device *mdev)
{
	struct mdgpu_mdev_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
}
