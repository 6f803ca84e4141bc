// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The device object on top of a transport: identity checks at open, the
 * ring and fence slot, the wait mode, register access, the error state and
 * reset. Nothing here knows how registers are reached; that is the
 * transport's job (transport_vfio.c, transport_pci.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

#define RT_DEFAULT_RING_ENTRIES 256
#define RT_MIN_RING_ENTRIES 4 /* one slot stays free for a fence */

static const char *const mode_names[] = {
	[MDGPU_RT_WAIT_AUTO] = "auto",
	[MDGPU_RT_WAIT_POLL_REG] = "poll-reg",
	[MDGPU_RT_WAIT_POLL_MEM] = "poll-mem",
	[MDGPU_RT_WAIT_MSI] = "msi",
	[MDGPU_RT_WAIT_INTX] = "intx",
};

/**
 * rt_dev_new() - a device object for a transport's open to fill in
 * @ops: the transport
 * @tp: its state
 * @name: for messages; truncated to fit
 *
 * Return: the object, or NULL (errno ENOMEM).
 */
struct mdgpu_rt_dev *rt_dev_new(const struct rt_transport_ops *ops, void *tp,
				const char *name)
{
	struct mdgpu_rt_dev *dev = calloc(1, sizeof(*dev));

	if (!dev)
		return rt_err_ptr(-ENOMEM);
	dev->ops = ops;
	dev->tp = tp;
	snprintf(dev->name, sizeof(dev->name), "%s", name);
	dev->next_fence = 1;
	return dev;
}

/**
 * rt_dev_open() - the end of every transport's open
 * @ops: the transport
 * @tp: its state, attached to the device
 * @name: the device's name
 * @opts: open options (NULL: defaults)
 * @tp_free: frees @tp when no device could be made of it
 *
 * Makes the device around @tp and sets it up (rt_dev_setup()); on failure
 * everything is released, @tp included.
 *
 * Return: the device, or NULL with errno set.
 */
struct mdgpu_rt_dev *rt_dev_open(const struct rt_transport_ops *ops, void *tp,
				 const char *name,
				 const struct mdgpu_rt_open_opts *opts,
				 void (*tp_free)(void *tp))
{
	struct mdgpu_rt_dev *dev = rt_dev_new(ops, tp, name);
	int ret;

	if (!dev) {
		tp_free(tp);
		return rt_err_ptr(-ENOMEM);
	}
	ret = rt_dev_setup(dev, opts);
	if (ret) {
		mdgpu_rt_dev__close(dev);
		return rt_err_ptr(ret);
	}
	return dev;
}

static int reg_read(struct mdgpu_rt_dev *dev, __u32 off, __u32 *val)
{
	return dev->ops->reg_read(dev, off, val);
}

static int reg_write(struct mdgpu_rt_dev *dev, __u32 off, __u32 val)
{
	return dev->ops->reg_write(dev, off, val);
}

/**
 * rt_reg_read64() - read a latched LO/HI register pair
 * @dev: the device
 * @off_lo: the LO register
 * @val: the 64-bit value
 *
 * One 8-byte access where the transport has it; else LO (which latches)
 * then HI, which the device guarantees to be consistent.
 *
 * Return: 0 or -errno.
 */
int rt_reg_read64(struct mdgpu_rt_dev *dev, __u32 off_lo, __u64 *val)
{
	__u32 lo, hi;
	int ret;

	if (dev->ops->reg_read64)
		return dev->ops->reg_read64(dev, off_lo, val);
	ret = reg_read(dev, off_lo, &lo);
	if (!ret)
		ret = reg_read(dev, off_lo + 4, &hi);
	if (!ret)
		*val = (__u64)hi << 32 | lo;
	return ret;
}

/* A list of registers to read (@val32) or 64-bit pairs (@val64) in one go. */
struct reg_rd {
	__u32 off;
	__u32 *val32;
	__u64 *val64;
};

static int read_regs(struct mdgpu_rt_dev *dev, const struct reg_rd *r, size_t n)
{
	size_t i;
	int ret;

	for (i = 0; i < n; i++) {
		if (r[i].val64)
			ret = rt_reg_read64(dev, r[i].off, r[i].val64);
		else
			ret = reg_read(dev, r[i].off, r[i].val32);
		if (ret)
			return ret;
	}
	return 0;
}

static int read_info(struct mdgpu_rt_dev *dev)
{
	struct mdgpu_rt_info *in = &dev->info;
	__u32 id = 0;
	int ret;
	const struct reg_rd ident[] = {
		{ MDGPU_REG_ID, &id, NULL },
		{ MDGPU_REG_VERSION, &in->version, NULL },
	};
	const struct reg_rd sizes[] = {
		{ MDGPU_REG_CAPS, &in->caps, NULL },
		{ MDGPU_REG_KERNELS, &in->kernels, NULL },
		{ MDGPU_REG_COMPUTE_UNITS, &in->compute_units, NULL },
		{ MDGPU_REG_VGPU_MODE, &in->mode, NULL },
		{ MDGPU_REG_MEM_SIZE_LO, NULL, &in->mem_size },
		{ MDGPU_REG_VISIBLE_SIZE_LO, NULL, &in->visible_size },
	};

	ret = read_regs(dev, ident, ARRAY_SIZE(ident));
	if (ret)
		return ret;
	if (id != MDGPU_DEV_MAGIC) {
		pr_warn("%s: ID register reads %#x, not %#x: not an mdgpu device\n",
			dev->name, id, MDGPU_DEV_MAGIC);
		return -ENODEV;
	}
	if (in->version >> 16 != MDGPU_DEV_VERSION_MAJOR) {
		pr_warn("%s: device version %u.%u, this library speaks %u.x\n",
			dev->name, in->version >> 16, in->version & 0xffff,
			MDGPU_DEV_VERSION_MAJOR);
		return -EPROTONOSUPPORT;
	}
	ret = read_regs(dev, sizes, ARRAY_SIZE(sizes));
	if (ret)
		return ret;
	if (!in->mem_size || !in->visible_size ||
	    in->visible_size > in->mem_size) {
		pr_warn("%s: bad sizes: memory %llu, visible %llu\n", dev->name,
			(unsigned long long)in->mem_size,
			(unsigned long long)in->visible_size);
		return -EPROTO;
	}
	return 0;
}

/**
 * rt_arm_wait_mode() - switch how waits complete, arming interrupts if needed
 * @dev: the device
 * @mode: the new mode; AUTO picks MSI, else memory, else register polling
 *
 * Return: 0; -EOPNOTSUPP if the device or transport lacks the mode; -errno.
 */
int rt_arm_wait_mode(struct mdgpu_rt_dev *dev, enum mdgpu_rt_wait_mode mode)
{
	__u32 caps = dev->info.caps;
	bool irq;
	int ret;

	if (mode == MDGPU_RT_WAIT_AUTO) {
		if ((caps & MDGPU_CAP_MSI) &&
		    (dev->ops->irq_modes & RT_IRQ_MODE(MDGPU_RT_WAIT_MSI)))
			mode = MDGPU_RT_WAIT_MSI;
		else if (caps & MDGPU_CAP_FENCE_MEM)
			mode = MDGPU_RT_WAIT_POLL_MEM;
		else
			mode = MDGPU_RT_WAIT_POLL_REG;
	}
	irq = mode == MDGPU_RT_WAIT_MSI || mode == MDGPU_RT_WAIT_INTX;
	if ((mode == MDGPU_RT_WAIT_POLL_MEM && !(caps & MDGPU_CAP_FENCE_MEM)) ||
	    (mode == MDGPU_RT_WAIT_MSI && !(caps & MDGPU_CAP_MSI)) ||
	    (mode == MDGPU_RT_WAIT_INTX && !(caps & MDGPU_CAP_INTX)) ||
	    (irq && !(dev->ops->irq_modes & RT_IRQ_MODE(mode)))) {
		pr_warn("%s: wait mode %s not supported by the device or the %s transport\n",
			dev->name, mode_names[mode], dev->ops->name);
		return -EOPNOTSUPP;
	}
	if (dev->irq_armed || irq) {
		ret = dev->ops->irq_arm(dev, mode);
		if (ret)
			return ret;
	}
	dev->irq_armed = irq;
	dev->irq_from = dev->next_fence;
	dev->wait_mode = mode;
	pr_debug("%s: waiting by %s\n", dev->name, mode_names[mode]);
	return 0;
}

/**
 * rt_queue_start() - point the device at the ring and enable the queue
 * @dev: the device, its queue stopped (after open or a reset)
 *
 * Return: 0; -EIO if the device refused the ring (RING_CONFIG); -errno.
 */
int rt_queue_start(struct mdgpu_rt_dev *dev)
{
	__u64 base = mdgpu_rt_buf__offset(dev->ring);
	const struct {
		__u32 off, val;
	} w[] = {
		{ MDGPU_REG_INT_MASK, 0 },
		{ MDGPU_REG_QUEUE_BASE_LO, (__u32)base },
		{ MDGPU_REG_QUEUE_BASE_HI, (__u32)(base >> 32) },
		{ MDGPU_REG_QUEUE_SIZE, dev->entries },
		{ MDGPU_REG_QUEUE_CTRL, MDGPU_QUEUE_CTRL_ENABLE },
	};
	__u32 status = 0;
	size_t i;
	int ret = 0;

	dev->head = dev->tail = 0;
	dev->written = dev->kicked = dev->fenced = 0;
	for (i = 0; i < ARRAY_SIZE(w) && !ret; i++)
		ret = reg_write(dev, w[i].off, w[i].val);
	if (!ret)
		ret = reg_read(dev, MDGPU_REG_QUEUE_STATUS, &status);
	if (ret)
		return ret;
	if (!(status & MDGPU_QUEUE_STATUS_ENABLED) ||
	    (status & MDGPU_QUEUE_STATUS_ERROR)) {
		rt_read_error(dev);
		pr_warn("%s: the device refused the ring at %#llx, %u entries\n",
			dev->name, (unsigned long long)base, dev->entries);
		return -EIO;
	}
	return 0;
}

static int setup_queue(struct mdgpu_rt_dev *dev, __u32 entries)
{
	int ret;

	if (!entries)
		entries = RT_DEFAULT_RING_ENTRIES;
	if (!rt_is_pow2(entries) || entries < RT_MIN_RING_ENTRIES ||
	    entries > MDGPU_RING_MAX_ENTRIES) {
		pr_warn("ring_entries %u: must be a power of two from %u to %u\n",
			entries, RT_MIN_RING_ENTRIES, MDGPU_RING_MAX_ENTRIES);
		return -EINVAL;
	}
	dev->entries = entries;
	dev->ring = mdgpu_rt_buf__alloc(dev, (__u64)entries * MDGPU_CMD_SIZE,
					MDGPU_RING_ALIGN);
	dev->fence_buf =
		mdgpu_rt_buf__alloc(dev, sizeof(__u64), MDGPU_FENCE_MEM_ALIGN);
	if (!dev->ring || !dev->fence_buf || !mdgpu_rt_buf__ptr(dev->ring) ||
	    !mdgpu_rt_buf__ptr(dev->fence_buf)) {
		pr_warn("%s: no room for a %u-entry ring in the BAR2 window\n",
			dev->name, entries);
		return -ENOMEM;
	}
	dev->fence_slot = mdgpu_rt_buf__ptr(dev->fence_buf);
	*dev->fence_slot = 0;
	ret = rt_queue_start(dev);
	if (ret)
		return ret;
	dev->queue = true;
	return 0;
}

/**
 * rt_dev_setup() - finish an open once the transport reaches the registers
 * @dev: from rt_dev_new(), with registers reachable
 * @opts: the caller's options (checked already)
 *
 * Checks identity and version, maps the BAR2 window, resets the queue,
 * places the ring and the fence slot and picks the wait mode.
 *
 * Return: 0 or -errno; the caller closes @dev on failure.
 */
int rt_dev_setup(struct mdgpu_rt_dev *dev,
		 const struct mdgpu_rt_open_opts *opts)
{
	__u32 flags = OPTS_GET(opts, flags, 0);
	__u32 mode = OPTS_GET(opts, wait_mode, MDGPU_RT_WAIT_AUTO);
	void *mem;
	int ret;

	if (!OPTS_VALID(opts, mdgpu_rt_open_opts))
		return -EINVAL;
	if (flags & ~(MDGPU_RT_OPEN_NO_QUEUE | MDGPU_RT_OPEN_FUNC_RESET |
		      MDGPU_RT_OPEN_POPULATE)) {
		pr_warn("open: unknown flags %#x\n", flags);
		return -EINVAL;
	}
	if (mode >= MDGPU_RT_WAIT_MODE_COUNT) {
		pr_warn("open: unknown wait mode %u\n", mode);
		return -EINVAL;
	}
	ret = read_info(dev);
	if (ret)
		return ret;
	ret = dev->ops->map_mem(dev, dev->info.visible_size,
				flags & MDGPU_RT_OPEN_POPULATE, &mem);
	if (ret)
		return ret;
	dev->mem = mem;
	ret = rt_heap_init(&dev->heap, dev->info.mem_size);
	if (ret)
		return ret;
	if (flags & MDGPU_RT_OPEN_FUNC_RESET)
		ret = dev->ops->func_reset(dev);
	else
		ret = reg_write(dev, MDGPU_REG_RESET, MDGPU_RESET_QUEUE);
	if (ret)
		return ret;
	if (!(flags & MDGPU_RT_OPEN_NO_QUEUE)) {
		ret = setup_queue(dev, OPTS_GET(opts, ring_entries, 0));
		if (ret)
			return ret;
	}
	ret = rt_arm_wait_mode(dev, mode);
	if (ret)
		return ret;
	pr_info("%s: open over %s: %llu MiB, %u CUs, %s, ring %u entries\n",
		dev->name, dev->ops->name,
		(unsigned long long)(dev->info.mem_size >> 20),
		dev->info.compute_units, mode_names[dev->wait_mode],
		dev->entries);
	return 0;
}

/**
 * mdgpu_rt_dev__close() - stop the queue and release the vGPU
 * @dev: the device, or NULL
 *
 * Pending work is abandoned (the queue is reset); every buffer of @dev is
 * freed and must not be used afterwards. vGPU memory keeps its contents
 * until the vGPU is destroyed.
 *
 * Return: nothing.
 */
MDGPU_API void mdgpu_rt_dev__close(struct mdgpu_rt_dev *dev)
{
	struct mdgpu_rt_buf *b, *next;

	if (!dev)
		return;
	if (dev->queue)
		reg_write(dev, MDGPU_REG_RESET, MDGPU_RESET_QUEUE);
	if (dev->ops && dev->ops->close)
		dev->ops->close(dev);
	for (b = dev->bufs; b; b = next) {
		next = b->next;
		free(b);
	}
	rt_heap_fini(&dev->heap);
	free(dev);
}

/**
 * mdgpu_rt_dev__name() - what the device is called in messages
 * @dev: the device
 *
 * Return: the mdev UUID (VFIO) or PCI address (guest transport).
 */
MDGPU_API const char *mdgpu_rt_dev__name(const struct mdgpu_rt_dev *dev)
{
	return dev ? dev->name : NULL;
}

/**
 * mdgpu_rt_dev__transport() - which transport the device was opened with
 * @dev: the device
 *
 * Return: "vfio" or "pci".
 */
MDGPU_API const char *mdgpu_rt_dev__transport(const struct mdgpu_rt_dev *dev)
{
	return dev ? dev->ops->name : NULL;
}

/**
 * mdgpu_rt_dev__info() - identity, capabilities and sizes
 * @dev: the device
 *
 * Read once at open; these registers do not change while the vGPU lives.
 *
 * Return: the information, owned by @dev; NULL (errno EINVAL) for a NULL @dev.
 */
MDGPU_API const struct mdgpu_rt_info *
mdgpu_rt_dev__info(const struct mdgpu_rt_dev *dev)
{
	return dev ? &dev->info : rt_err_ptr(-EINVAL);
}

/**
 * mdgpu_rt_dev__stats() - live QoS settings and accounting
 * @dev: the device
 * @stats: filled in up to @stats->sz bytes, which the caller sets
 *
 * Busy and wait time are the host scheduler's accounting of this vGPU;
 * wait_ns is GPU steal time: runnable, but another vGPU held the GPU.
 *
 * Return: 0; -EINVAL for NULL arguments or a too small @stats->sz;
 * -EOPNOTSUPP if the device has no %MDGPU_CAP_QOS; -errno from the
 * transport.
 */
MDGPU_API int mdgpu_rt_dev__stats(struct mdgpu_rt_dev *dev,
				  struct mdgpu_rt_stats *stats)
{
	struct mdgpu_rt_stats s = { .sz = sizeof(s) };
	const struct reg_rd regs[] = {
		{ MDGPU_REG_QOS_WEIGHT, &s.weight, NULL },
		{ MDGPU_REG_QOS_SHARE_MIN, &s.share_min, NULL },
		{ MDGPU_REG_QOS_SHARE_MAX, &s.share_max, NULL },
		{ MDGPU_REG_QOS_PRIORITY, &s.priority, NULL },
		{ MDGPU_REG_QOS_TIMESLICE_US, &s.timeslice_us, NULL },
		{ MDGPU_REG_BUSY_NS_LO, NULL, &s.busy_ns },
		{ MDGPU_REG_WAIT_NS_LO, NULL, &s.wait_ns },
		{ MDGPU_REG_COMPLETED_LO, NULL, &s.completed },
	};
	size_t sz;
	int ret;

	if (!dev || !stats ||
	    stats->sz < offsetofend(struct mdgpu_rt_stats, completed))
		return rt_err(-EINVAL);
	if (!(dev->info.caps & MDGPU_CAP_QOS))
		return rt_err(-EOPNOTSUPP);
	ret = read_regs(dev, regs, ARRAY_SIZE(regs));
	if (ret)
		return rt_err(ret);
	sz = stats->sz < sizeof(s) ? stats->sz : sizeof(s);
	memcpy((char *)stats + sizeof(size_t), (char *)&s + sizeof(size_t),
	       sz - sizeof(size_t));
	return 0;
}

/**
 * mdgpu_rt_dev__time_ns() - the device clock (the TIMESTAMP clock)
 * @dev: the device
 * @ns: nanoseconds
 *
 * Return: 0; -EINVAL for NULL arguments; -errno from the transport.
 */
MDGPU_API int mdgpu_rt_dev__time_ns(struct mdgpu_rt_dev *dev, __u64 *ns)
{
	if (!dev || !ns)
		return rt_err(-EINVAL);
	return rt_err(rt_reg_read64(dev, MDGPU_REG_TIME_LO, ns));
}

static bool reg_ok(__u32 off)
{
	return off < MDGPU_BAR0_SIZE && !(off & 3);
}

/**
 * mdgpu_rt_dev__reg_read() - read a BAR0 register, for diagnostics and tests
 * @dev: the device
 * @off: byte offset, 4-byte aligned, inside BAR0
 * @val: the value
 *
 * Return: 0; -EINVAL for a bad offset or NULL argument; -errno.
 */
MDGPU_API int mdgpu_rt_dev__reg_read(struct mdgpu_rt_dev *dev, __u32 off,
				     __u32 *val)
{
	if (!dev || !val || !reg_ok(off))
		return rt_err(-EINVAL);
	return rt_err(reg_read(dev, off, val));
}

/**
 * mdgpu_rt_dev__reg_write() - write a BAR0 register, bypassing the runtime
 * @dev: the device
 * @off: byte offset, 4-byte aligned, inside BAR0
 * @val: the value
 *
 * Writing queue registers behind the runtime's back desynchronises its
 * ring; mdgpu_rt_dev__reset() brings both back in step.
 *
 * Return: 0; -EINVAL for a bad offset or NULL @dev; -errno.
 */
MDGPU_API int mdgpu_rt_dev__reg_write(struct mdgpu_rt_dev *dev, __u32 off,
				      __u32 val)
{
	if (!dev || !reg_ok(off))
		return rt_err(-EINVAL);
	return rt_err(reg_write(dev, off, val));
}

/**
 * rt_read_error() - latch the device's error registers into @dev
 * @dev: the device, whose queue reported ERROR
 *
 * Return: 0 or -errno from the transport.
 */
int rt_read_error(struct mdgpu_rt_dev *dev)
{
	struct mdgpu_rt_error *e = &dev->err;
	const struct reg_rd regs[] = {
		{ MDGPU_REG_ERROR_CODE, &e->code, NULL },
		{ MDGPU_REG_ERROR_INDEX, &e->index, NULL },
		{ MDGPU_REG_ERROR_DETAIL, &e->detail, NULL },
	};
	int ret;

	ret = read_regs(dev, regs, ARRAY_SIZE(regs));
	if (ret)
		return ret;
	e->opcode = e->detail >> MDGPU_ERROR_DETAIL_OPCODE_SHIFT;
	e->kernel = e->detail >> MDGPU_ERROR_DETAIL_KERNEL_SHIFT;
	e->field = e->detail >> MDGPU_ERROR_DETAIL_FIELD_SHIFT;
	if (dev->queue)
		rt_update_completed(dev);
	e->fence = dev->completed;
	if (!dev->failed)
		pr_warn("%s: queue stopped: %s at slot %u (opcode %u, kernel %u, field %u)\n",
			dev->name, mdgpu_rt_error_name(e->code), e->index,
			e->opcode, e->kernel, e->field);
	dev->failed = true;
	return 0;
}

/**
 * mdgpu_rt_dev__check() - has the device stopped the queue on an error?
 * @dev: the device
 *
 * Reads QUEUE_STATUS (one register access); the error, if any, is then
 * available from mdgpu_rt_dev__last_error().
 *
 * Return: 0 if the queue runs; -EIO if it is stopped on an error;
 * -EINVAL for a NULL @dev; -errno from the transport.
 */
MDGPU_API int mdgpu_rt_dev__check(struct mdgpu_rt_dev *dev)
{
	__u32 status;
	int ret;

	if (!dev)
		return rt_err(-EINVAL);
	if (dev->failed)
		return rt_err(-EIO);
	ret = reg_read(dev, MDGPU_REG_QUEUE_STATUS, &status);
	if (ret)
		return rt_err(ret);
	if (status & MDGPU_QUEUE_STATUS_ERROR) {
		rt_read_error(dev);
		return rt_err(-EIO);
	}
	return 0;
}

/**
 * mdgpu_rt_dev__last_error() - why the queue stopped
 * @dev: the device
 *
 * Valid after a call returned -EIO, until mdgpu_rt_dev__reset().
 *
 * Return: the error, owned by @dev (code %MDGPU_ERR_NONE if none); NULL
 * (errno EINVAL) for a NULL @dev.
 */
MDGPU_API const struct mdgpu_rt_error *
mdgpu_rt_dev__last_error(const struct mdgpu_rt_dev *dev)
{
	return dev ? &dev->err : rt_err_ptr(-EINVAL);
}

/**
 * mdgpu_rt_dev__reset() - reset the vGPU's queue and bring the runtime back
 * @dev: the device
 * @flags: 0 for a queue reset (RESET register); %MDGPU_RT_RESET_FUNCTION for
 *	a function reset (VFIO_DEVICE_RESET), which also resets config space
 *
 * The way out of the error state. Queued and running commands are dropped
 * (running ones may already have written memory); fences not complete by
 * then are cancelled: waiting on them returns -ECANCELED. vGPU memory and
 * buffers are kept. The ring is set up again and interrupts re-armed, so
 * the device is usable when this returns.
 *
 * Return: 0; -EINVAL for bad arguments; -EIO if the device refused the
 * ring afterwards; -errno from the transport.
 */
MDGPU_API int mdgpu_rt_dev__reset(struct mdgpu_rt_dev *dev, __u32 flags)
{
	int ret;

	if (!dev || (flags & ~MDGPU_RT_RESET_FUNCTION))
		return rt_err(-EINVAL);
	if (dev->queue)
		rt_update_completed(dev);
	if (flags & MDGPU_RT_RESET_FUNCTION)
		ret = dev->ops->func_reset(dev);
	else
		ret = reg_write(dev, MDGPU_REG_RESET, MDGPU_RESET_QUEUE);
	if (ret)
		return rt_err(ret);
	pr_info("%s: %s reset\n", dev->name, flags ? "function" : "queue");
	memset(&dev->err, 0, sizeof(dev->err));
	dev->failed = false;
	dev->drained = false;
	if (dev->queue) {
		/* The device forgot its fence; ours keep counting up. */
		rt_update_completed(dev);
		dev->cancel_lo = dev->completed;
		dev->cancel_hi = dev->last_fence;
		ret = rt_queue_start(dev);
		if (ret)
			return rt_err(ret);
	}
	if (dev->irq_armed)
		ret = dev->ops->irq_arm(dev, dev->wait_mode);
	return rt_err(ret);
}

/**
 * mdgpu_rt_dev__set_wait_mode() - choose how waits learn of completion
 * @dev: the device
 * @mode: enum mdgpu_rt_wait_mode
 *
 * Fences submitted before the switch are still waited for correctly: every
 * fence also stores its value in memory when the device can, and the
 * register is the fallback.
 *
 * Return: 0; -EINVAL for a bad argument; -EOPNOTSUPP if the device or the
 * transport lacks the mode; -errno from arming interrupts.
 */
MDGPU_API int mdgpu_rt_dev__set_wait_mode(struct mdgpu_rt_dev *dev,
					  enum mdgpu_rt_wait_mode mode)
{
	if (!dev || (unsigned int)mode >= MDGPU_RT_WAIT_MODE_COUNT)
		return rt_err(-EINVAL);
	return rt_err(rt_arm_wait_mode(dev, mode));
}

/**
 * mdgpu_rt_dev__wait_mode() - the wait mode in use
 * @dev: the device
 *
 * Return: never %MDGPU_RT_WAIT_AUTO once open (AUTO is resolved at open).
 */
MDGPU_API enum mdgpu_rt_wait_mode
mdgpu_rt_dev__wait_mode(const struct mdgpu_rt_dev *dev)
{
	return dev ? dev->wait_mode : MDGPU_RT_WAIT_AUTO;
}

/**
 * mdgpu_rt_dev__req_fd() - the fd that signals a request to give the device back
 * @dev: the device
 *
 * Over VFIO it becomes readable when the host removes the mdev while we hold
 * it (VFIO_PCI_REQ_IRQ_INDEX); the removal waits until we close. Put it in
 * a poll() set, or call mdgpu_rt_dev__release_requested(); waits return
 * -ESHUTDOWN when it fires.
 *
 * Return: the fd (owned by @dev), or -EOPNOTSUPP when the transport has no
 * request channel; -EINVAL for a NULL @dev.
 */
MDGPU_API int mdgpu_rt_dev__req_fd(const struct mdgpu_rt_dev *dev)
{
	int fd;

	if (!dev)
		return rt_err(-EINVAL);
	fd = dev->ops->req_fd ? dev->ops->req_fd(dev) : -1;
	return fd >= 0 ? fd : rt_err(-EOPNOTSUPP);
}
