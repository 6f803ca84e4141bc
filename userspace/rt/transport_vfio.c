// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The VFIO transport: a host process (QEMU-like, or a container's workload)
 * drives a vGPU through the legacy container/group uAPI. BAR0 is trapped and
 * reached with pread/pwrite, BAR2 is mmap-ed, interrupts (MSI, INTx) and the
 * removal request arrive on eventfds.
 */
#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rt_internal.h"
#include "vfio.h"

#define PCI_COMMAND 0x04
#define PCI_COMMAND_INTX_DISABLE 0x400
#define NO_IRQ_INDEX (~0U)

/**
 * struct vfio_tp - VFIO transport state
 * @container: /dev/vfio/vfio
 * @group: /dev/vfio/N
 * @device: the device fd
 * @cfg_off: config space region offset in @device
 * @bar0_off: BAR0 region offset
 * @bar2_off: BAR2 region offset
 * @bar2_size: BAR2 region size
 * @map: BAR2 mapping
 * @map_len: its length
 * @irq_efd: eventfd for MSI or INTx, -1 until first armed
 * @irq_index: the VFIO IRQ index it is armed on, or %NO_IRQ_INDEX
 * @req_efd: eventfd of the device request (removal), or -1
 */
struct vfio_tp {
	int container;
	int group;
	int device;
	__u64 cfg_off;
	__u64 bar0_off;
	__u64 bar2_off;
	__u64 bar2_size;
	void *map;
	size_t map_len;
	int irq_efd;
	__u32 irq_index;
	int req_efd;
};

static const struct rt_transport_ops vfio_ops;

static struct vfio_tp *tp_of(const struct mdgpu_rt_dev *dev)
{
	return dev->tp;
}

static int vfio_reg_read(struct mdgpu_rt_dev *dev, __u32 off, __u32 *val)
{
	ssize_t n =
		pread(tp_of(dev)->device, val, 4, tp_of(dev)->bar0_off + off);

	return n == 4 ? 0 : n < 0 ? -errno : -EIO;
}

static int vfio_reg_write(struct mdgpu_rt_dev *dev, __u32 off, __u32 val)
{
	ssize_t n =
		pwrite(tp_of(dev)->device, &val, 4, tp_of(dev)->bar0_off + off);

	return n == 4 ? 0 : n < 0 ? -errno : -EIO;
}

/* One 8-byte access reads LO then HI under the device lock: consistent. */
static int vfio_reg_read64(struct mdgpu_rt_dev *dev, __u32 off, __u64 *val)
{
	ssize_t n =
		pread(tp_of(dev)->device, val, 8, tp_of(dev)->bar0_off + off);

	return n == 8 ? 0 : n < 0 ? -errno : -EIO;
}

static int vfio_map_mem(struct mdgpu_rt_dev *dev, __u64 size, bool populate,
			void **ptr)
{
	struct vfio_tp *tp = tp_of(dev);
	void *p;

	if (size > tp->bar2_size || size > SIZE_MAX) {
		pr_warn("%s: memory window %llu bytes exceeds the BAR2 region (%llu)\n",
			dev->name, (unsigned long long)size,
			(unsigned long long)tp->bar2_size);
		return -EPROTO;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_SHARED | (populate ? MAP_POPULATE : 0), tp->device,
		 tp->bar2_off);
	if (p == MAP_FAILED) {
		pr_warn("%s: mmap of BAR2 (%llu bytes) failed: %s\n", dev->name,
			(unsigned long long)size, strerror(errno));
		return -errno;
	}
	tp->map = p;
	tp->map_len = size;
	*ptr = p;
	return 0;
}

static int cfg_rw(struct vfio_tp *tp, __u32 off, void *buf, size_t len,
		  bool write)
{
	ssize_t n = write ? pwrite(tp->device, buf, len, tp->cfg_off + off) :
			    pread(tp->device, buf, len, tp->cfg_off + off);

	return n == (ssize_t)len ? 0 : n < 0 ? -errno : -EIO;
}

static int disarm(struct mdgpu_rt_dev *dev)
{
	struct vfio_tp *tp = tp_of(dev);
	int ret = 0;

	if (tp->irq_index != NO_IRQ_INDEX)
		ret = rt_vfio_irq_set_eventfd(tp->device, tp->irq_index, -1);
	tp->irq_index = NO_IRQ_INDEX;
	return ret;
}

/* The device sends MSI when an MSI eventfd is set, else INTx (docs/device.md §1). */
static int vfio_irq_arm(struct mdgpu_rt_dev *dev, enum mdgpu_rt_wait_mode mode)
{
	struct vfio_tp *tp = tp_of(dev);
	__u32 index;
	__u16 cmd;
	__u64 junk;
	int ret;

	ret = disarm(dev);
	if (ret || (mode != MDGPU_RT_WAIT_MSI && mode != MDGPU_RT_WAIT_INTX))
		return ret;
	index = mode == MDGPU_RT_WAIT_MSI ? VFIO_PCI_MSI_IRQ_INDEX :
					    VFIO_PCI_INTX_IRQ_INDEX;
	if (tp->irq_efd < 0) {
		tp->irq_efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (tp->irq_efd < 0)
			return -errno;
	}
	while (read(tp->irq_efd, &junk, sizeof(junk)) == sizeof(junk))
		;
	if (index == VFIO_PCI_INTX_IRQ_INDEX) {
		/* PCI 2.3: the line is only asserted with Interrupt Disable clear. */
		ret = cfg_rw(tp, PCI_COMMAND, &cmd, sizeof(cmd), false);
		if (!ret && (cmd & PCI_COMMAND_INTX_DISABLE)) {
			cmd &= ~PCI_COMMAND_INTX_DISABLE;
			ret = cfg_rw(tp, PCI_COMMAND, &cmd, sizeof(cmd), true);
		}
		if (ret)
			return ret;
	}
	ret = rt_vfio_irq_set_eventfd(tp->device, index, tp->irq_efd);
	if (ret) {
		pr_warn("%s: cannot route %s to an eventfd: %s\n", dev->name,
			index == VFIO_PCI_MSI_IRQ_INDEX ? "MSI" : "INTx",
			strerror(-ret));
		return ret;
	}
	tp->irq_index = index;
	return 0;
}

static int vfio_irq_wait(struct mdgpu_rt_dev *dev, int timeout_ms)
{
	struct vfio_tp *tp = tp_of(dev);
	struct pollfd p[2] = {
		{ .fd = tp->irq_efd, .events = POLLIN },
		{ .fd = tp->req_efd, .events = POLLIN },
	};
	__u64 count;
	int n;

	n = poll(p, tp->req_efd >= 0 ? 2 : 1, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	if (n > 0 && (p[1].revents & POLLIN))
		return -ESHUTDOWN;
	if (n > 0 && (p[0].revents & POLLIN)) {
		if (read(tp->irq_efd, &count, sizeof(count)) != sizeof(count) &&
		    errno != EAGAIN)
			return -errno;
		return 1;
	}
	return 0;
}

static int vfio_irq_unmask(struct mdgpu_rt_dev *dev)
{
	return rt_vfio_irq_unmask(tp_of(dev)->device, VFIO_PCI_INTX_IRQ_INDEX);
}

static int vfio_func_reset(struct mdgpu_rt_dev *dev)
{
	return rt_vfio_device_reset(tp_of(dev)->device);
}

static int vfio_req_fd(const struct mdgpu_rt_dev *dev)
{
	return tp_of(dev)->req_efd;
}

static void tp_free(struct vfio_tp *tp)
{
	if (tp->map)
		munmap(tp->map, tp->map_len);
	if (tp->device >= 0)
		close(tp->device);
	if (tp->group >= 0)
		close(tp->group);
	if (tp->container >= 0)
		close(tp->container);
	if (tp->irq_efd >= 0)
		close(tp->irq_efd);
	if (tp->req_efd >= 0)
		close(tp->req_efd);
	free(tp);
}

static void tp_free_any(void *tp)
{
	tp_free(tp);
}

static void vfio_close(struct mdgpu_rt_dev *dev)
{
	struct vfio_tp *tp = tp_of(dev);

	if (!tp)
		return;
	if (tp->device >= 0) {
		disarm(dev);
		if (tp->req_efd >= 0)
			rt_vfio_irq_set_eventfd(tp->device,
						VFIO_PCI_REQ_IRQ_INDEX, -1);
	}
	tp_free(tp);
	dev->tp = NULL;
}

static const struct rt_transport_ops vfio_ops = {
	.name = "vfio",
	.irq_modes = RT_IRQ_MODE(MDGPU_RT_WAIT_MSI) |
		     RT_IRQ_MODE(MDGPU_RT_WAIT_INTX),
	.reg_read = vfio_reg_read,
	.reg_write = vfio_reg_write,
	.reg_read64 = vfio_reg_read64,
	.map_mem = vfio_map_mem,
	.irq_arm = vfio_irq_arm,
	.irq_wait = vfio_irq_wait,
	.irq_unmask = vfio_irq_unmask,
	.func_reset = vfio_func_reset,
	.req_fd = vfio_req_fd,
	.close = vfio_close,
};

/* 8-4-4-4-12 hex digits; lower-cased into @out, as the mdev core names devices. */
static bool parse_uuid(const char *s, char out[37])
{
	int i;

	if (!s || strlen(s) != 36)
		return false;
	for (i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return false;
		out[i] = tolower((unsigned char)s[i]);
	}
	out[36] = '\0';
	return true;
}

static int open_group(const char *uuid, int *group_nr)
{
	char path[PATH_MAX], link[PATH_MAX];
	const char *base;
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/iommu_group",
		 uuid);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0) {
		int err = errno;

		pr_warn("%s: no such mdev (%s: %s); create it first\n", uuid,
			path, strerror(err));
		return -err;
	}
	link[n] = '\0';
	base = strrchr(link, '/');
	base = base ? base + 1 : link;
	if (!*base || strspn(base, "0123456789") != strlen(base)) {
		pr_warn("%s: odd IOMMU group link %s\n", uuid, link);
		return -EPROTO;
	}
	*group_nr = atoi(base);
	snprintf(path, sizeof(path), "/dev/vfio/%d", *group_nr);
	n = open(path, O_RDWR | O_CLOEXEC);
	if (n < 0) {
		int err = errno;

		pr_warn("%s: cannot open %s: %s%s\n", uuid, path, strerror(err),
			err == EBUSY ?
				" (another process holds the vGPU)" :
			err == EACCES ?
				" (needs root, or a udev rule for /dev/vfio)" :
				"");
		return -err;
	}
	return n;
}

static int open_container(struct vfio_tp *tp, const char *uuid)
{
	int ret;

	tp->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (tp->container < 0) {
		ret = -errno;
		pr_warn("%s: cannot open /dev/vfio/vfio: %s (is the vfio module loaded?)\n",
			uuid, strerror(-ret));
		return ret;
	}
	ret = rt_vfio_api_version(tp->container);
	if (ret != VFIO_API_VERSION) {
		pr_warn("%s: VFIO API version %d, expected %d\n", uuid, ret,
			VFIO_API_VERSION);
		return -EPROTONOSUPPORT;
	}
	if (rt_vfio_check_extension(tp->container, VFIO_TYPE1v2_IOMMU) != 1) {
		pr_warn("%s: no VFIO type1v2 IOMMU (load vfio_iommu_type1)\n",
			uuid);
		return -EOPNOTSUPP;
	}
	return 0;
}

static int attach(struct vfio_tp *tp, const char *uuid)
{
	int ret, nr = -1;

	ret = open_container(tp, uuid);
	if (ret)
		return ret;
	tp->group = open_group(uuid, &nr);
	if (tp->group < 0)
		return tp->group;
	ret = rt_vfio_group_viable(tp->group);
	if (ret != 1) {
		pr_warn("%s: IOMMU group %d is not viable\n", uuid, nr);
		return ret < 0 ? ret : -EPERM;
	}
	ret = rt_vfio_group_set_container(tp->group, tp->container);
	if (!ret)
		ret = rt_vfio_set_iommu(tp->container, VFIO_TYPE1v2_IOMMU);
	if (ret) {
		pr_warn("%s: cannot set up the VFIO container: %s\n", uuid,
			strerror(-ret));
		return ret;
	}
	tp->device = rt_vfio_group_device_fd(tp->group, uuid);
	if (tp->device < 0) {
		pr_warn("%s: VFIO_GROUP_GET_DEVICE_FD: %s\n", uuid,
			strerror(-tp->device));
		return tp->device;
	}
	return 0;
}

static int probe_regions(struct vfio_tp *tp, const char *uuid)
{
	struct vfio_device_info di;
	struct vfio_region_info ri;
	__u16 id[2];
	int ret;

	ret = rt_vfio_device_info(tp->device, &di);
	if (ret)
		return ret;
	if (!(di.flags & VFIO_DEVICE_FLAGS_PCI) ||
	    di.num_regions <= VFIO_PCI_CONFIG_REGION_INDEX) {
		pr_warn("%s: not a VFIO PCI device (flags %#x, %u regions)\n",
			uuid, di.flags, di.num_regions);
		return -ENODEV;
	}
	ret = rt_vfio_region_info(tp->device, VFIO_PCI_CONFIG_REGION_INDEX,
				  &ri);
	if (ret)
		return ret;
	tp->cfg_off = ri.offset;
	ret = cfg_rw(tp, 0, id, sizeof(id), false);
	if (ret)
		return ret;
	if (id[0] != MDGPU_PCI_VENDOR_ID || id[1] != MDGPU_PCI_DEVICE_ID) {
		pr_warn("%s: PCI ID %04x:%04x is not an mdgpu vGPU (%04x:%04x)\n",
			uuid, id[0], id[1], MDGPU_PCI_VENDOR_ID,
			MDGPU_PCI_DEVICE_ID);
		return -ENODEV;
	}
	ret = rt_vfio_region_info(tp->device, VFIO_PCI_BAR0_REGION_INDEX, &ri);
	if (ret || ri.size < MDGPU_BAR0_SIZE) {
		pr_warn("%s: BAR0 region missing or smaller than %u bytes\n",
			uuid, MDGPU_BAR0_SIZE);
		return ret ?: -ENODEV;
	}
	tp->bar0_off = ri.offset;
	ret = rt_vfio_region_info(tp->device, VFIO_PCI_BAR2_REGION_INDEX, &ri);
	if (ret || !(ri.flags & VFIO_REGION_INFO_FLAG_MMAP) || !ri.size) {
		pr_warn("%s: BAR2 region missing or not mmap-able\n", uuid);
		return ret ?: -ENODEV;
	}
	tp->bar2_off = ri.offset;
	tp->bar2_size = ri.size;
	return 0;
}

/* Ask to be told when the host wants the device back (mdev remove). */
static void arm_req(struct vfio_tp *tp, const char *uuid)
{
	struct vfio_irq_info ii;

	if (rt_vfio_irq_info(tp->device, VFIO_PCI_REQ_IRQ_INDEX, &ii) ||
	    !ii.count)
		return;
	tp->req_efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (tp->req_efd < 0)
		return;
	if (rt_vfio_irq_set_eventfd(tp->device, VFIO_PCI_REQ_IRQ_INDEX,
				    tp->req_efd)) {
		pr_debug("%s: no device request eventfd\n", uuid);
		close(tp->req_efd);
		tp->req_efd = -1;
	}
}

/**
 * mdgpu_rt_dev__open_vfio() - open a vGPU (an mdev) through VFIO
 * @uuid: the mdev's UUID, as under /sys/bus/mdev/devices
 * @opts: options, or NULL for defaults (see struct mdgpu_rt_open_opts)
 *
 * Finds the IOMMU group, puts it in a new type1v2 container, gets the
 * device fd, checks the PCI IDs and the ID/VERSION registers, maps BAR2,
 * resets the queue, sets up the ring and arms the request eventfd and the
 * wait mode. The group can be held by one process at a time. Needs access
 * to /dev/vfio (root by default).
 *
 * Return: the device, or NULL with errno: EINVAL (bad UUID or options),
 * ENOENT (no such mdev), EBUSY (in use), EACCES, ENODEV (not an mdgpu
 * vGPU), EPROTONOSUPPORT (device version), EOPNOTSUPP (wait mode), ENOMEM,
 * EIO (the device refused the ring).
 */
MDGPU_API struct mdgpu_rt_dev *
mdgpu_rt_dev__open_vfio(const char *uuid, const struct mdgpu_rt_open_opts *opts)
{
	struct vfio_tp *tp;
	char id[37];
	int ret;

	if (!parse_uuid(uuid, id)) {
		pr_warn("open: '%s' is not a UUID\n", uuid ? uuid : "(null)");
		return rt_err_ptr(-EINVAL);
	}
	if (!OPTS_VALID(opts, mdgpu_rt_open_opts))
		return rt_err_ptr(-EINVAL);
	tp = calloc(1, sizeof(*tp));
	if (!tp)
		return rt_err_ptr(-ENOMEM);
	tp->container = tp->group = tp->device = tp->irq_efd = tp->req_efd = -1;
	tp->irq_index = NO_IRQ_INDEX;
	ret = attach(tp, id);
	if (!ret)
		ret = probe_regions(tp, id);
	if (ret) {
		tp_free(tp);
		return rt_err_ptr(ret);
	}
	arm_req(tp, id);
	return rt_dev_open(&vfio_ops, tp, id, opts, tp_free_any);
}

/**
 * mdgpu_rt_dev__vfio_device_fd() - the VFIO device fd, for what the runtime
 *	does not wrap (config space, odd-sized register accesses)
 * @dev: a device opened with mdgpu_rt_dev__open_vfio()
 *
 * Return: the fd (owned by @dev); -EOPNOTSUPP for another transport;
 * -EINVAL for NULL.
 */
MDGPU_API int mdgpu_rt_dev__vfio_device_fd(const struct mdgpu_rt_dev *dev)
{
	if (!dev)
		return rt_err(-EINVAL);
	if (dev->ops != &vfio_ops)
		return rt_err(-EOPNOTSUPP);
	return tp_of(dev)->device;
}

/**
 * mdgpu_rt_dev__vfio_region() - where a VFIO region lives in the device fd
 * @dev: a device opened with mdgpu_rt_dev__open_vfio()
 * @index: VFIO_PCI_*_REGION_INDEX
 * @offset: if not NULL, its offset for pread/pwrite/mmap
 * @size: if not NULL, its size
 *
 * Return: 0; -EOPNOTSUPP for another transport; -EINVAL; -errno.
 */
MDGPU_API int mdgpu_rt_dev__vfio_region(const struct mdgpu_rt_dev *dev,
					__u32 index, __u64 *offset, __u64 *size)
{
	struct vfio_region_info ri;
	int ret;

	if (!dev)
		return rt_err(-EINVAL);
	if (dev->ops != &vfio_ops)
		return rt_err(-EOPNOTSUPP);
	ret = rt_vfio_region_info(tp_of(dev)->device, index, &ri);
	if (ret)
		return rt_err(ret);
	if (offset)
		*offset = ri.offset;
	if (size)
		*size = ri.size;
	return 0;
}
