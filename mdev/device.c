// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vGPU as the guest sees it, on the kernel side: BAR0 register effects
 * (doorbell, queue enable, reset, interrupt mask and ack), fetching commands
 * from the ring in vGPU memory, and completions turned into fences and
 * interrupts. The register and config-space models themselves are the
 * freestanding regs.c and cfgspace.c; commands are checked by cmd_validate.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ktime.h>
#include <linux/slab.h>

#include "mdgpu/compat.h"
#include "mdgpu_mdev.h"
#include "cmd_validate.h"

static u64 regs_live(void *priv, u32 off)
{
	struct mdgpu_mdev_state *st = priv;
	struct mdgpu_vgpu *v = st->vgpu;
	const struct mgs_entity_config *q = &v->ent.cfg;
	u32 status = 0;

	switch (off) {
	case MDGPU_REG_QUEUE_HEAD:
		return st->head;
	case MDGPU_REG_QUEUE_STATUS:
		if (mdgpu_regs_get(&st->regs, MDGPU_REG_QUEUE_CTRL) &
		    MDGPU_QUEUE_CTRL_ENABLE)
			status |= MDGPU_QUEUE_STATUS_ENABLED;
		if (READ_ONCE(v->nr_queued))
			status |= MDGPU_QUEUE_STATUS_BUSY;
		if (st->queue_error)
			status |= MDGPU_QUEUE_STATUS_ERROR;
		return status;
	case MDGPU_REG_FENCE_LO:
		return st->fence;
	case MDGPU_REG_TIME_LO:
		return ktime_get_ns();
	case MDGPU_REG_QOS_WEIGHT:
		return READ_ONCE(q->weight);
	case MDGPU_REG_QOS_SHARE_MIN:
		return READ_ONCE(q->min_share);
	case MDGPU_REG_QOS_SHARE_MAX:
		return READ_ONCE(q->max_share);
	case MDGPU_REG_QOS_PRIORITY:
		return READ_ONCE(q->prio);
	case MDGPU_REG_QOS_TIMESLICE_US:
		return div_u64(READ_ONCE(q->slice_ns) ? READ_ONCE(q->slice_ns) :
							v->dom->sd.cfg.slice_ns,
			       NSEC_PER_USEC);
	case MDGPU_REG_BUSY_NS_LO:
		return st->stats.busy_ns;
	case MDGPU_REG_WAIT_NS_LO:
		return st->stats.wait_ns;
	case MDGPU_REG_COMPLETED_LO:
		return READ_ONCE(v->completed);
	}
	return 0;
}

/**
 * mdgpu_dev_irq_update_locked() - deliver interrupts after a state change
 * @st: the device
 * @edge: causes that just became pending and unmasked (from
 *	mdgpu_regs_irq_raise()); MSI is edge-triggered and fires on these
 *
 * INTx is a level: asserted while any unmasked cause is pending, and its
 * state is mirrored in the config-space status bit that PCI 2.3 INTx
 * masking (uio_pci_generic) reads. VFIO's AUTOMASKED contract means one
 * signal per assertion until the user unmasks. The user picks the mode by
 * the eventfd it set: MSI when an MSI trigger exists, else INTx.
 * Context: @st->irq_lock held.
 */
void mdgpu_dev_irq_update_locked(struct mdgpu_mdev_state *st, u32 edge)
{
	bool level = mdgpu_regs_irq_pending(&st->regs) != 0;

	if (st->msi_trigger) {
		mdgpu_cfg_set_intx_status(&st->cfg, false);
		if (edge)
			mdgpu_eventfd_signal(st->msi_trigger);
		return;
	}
	mdgpu_cfg_set_intx_status(&st->cfg, level);
	if (level && st->intx_trigger && !st->intx_masked &&
	    mdgpu_cfg_intx_asserted(&st->cfg)) {
		st->intx_masked = true;
		mdgpu_eventfd_signal(st->intx_trigger);
	}
}

static void raise_locked(struct mdgpu_mdev_state *st, u32 causes)
{
	mdgpu_dev_irq_update_locked(st,
				    mdgpu_regs_irq_raise(&st->regs, causes));
}

static void error_locked(struct mdgpu_mdev_state *st, u32 code, u32 index,
			 u32 detail)
{
	st->queue_error = true;
	atomic64_inc(&st->nr_errors);
	mdgpu_dev_irq_update_locked(st, mdgpu_regs_set_error(&st->regs, code,
							     index, detail));
}

/*
 * A command completed (core exec lock held, interrupts off). FENCE and
 * TIMESTAMP write their results here, after everything before them ran.
 */
static void mdgpu_mdev_work_done(struct mdgpu_vgpu *v, struct mdgpu_work *w)
{
	struct mdgpu_mdev_state *st = v->client;
	const struct mdgpu_work_desc *d = &w->desc;
	u64 now = ktime_get_ns();
	u32 causes = 0;

	spin_lock(&st->irq_lock);
	if (w->status) {
		dev_err_ratelimited(st->vdev.dev,
				    "command at slot %llu ended: error %u\n",
				    w->cookie, w->status);
		error_locked(st, w->status, w->cookie,
			     MDGPU_ERROR_DETAIL(d->opcode, d->kernel, 0));
	} else if (d->kind == MDGPU_WORK_FENCE) {
		if (d->fence.mem)
			memcpy(v->kaddr + d->fence.addr, &d->fence.value,
			       sizeof(u64));
		st->fence = d->fence.value;
		if (d->fence.irq)
			causes |= MDGPU_INT_FENCE;
	} else if (d->kind == MDGPU_WORK_TIMESTAMP) {
		memcpy(v->kaddr + d->timestamp.dst, &now, sizeof(u64));
	}
	if (causes)
		raise_locked(st, causes);
	if (st->fetch_throttled && v->nr_queued <= MDGPU_MAX_INFLIGHT / 2) {
		st->fetch_throttled = false;
		schedule_work(&st->fetch_work);
	}
	spin_unlock(&st->irq_lock);
}

const struct mdgpu_vgpu_client_ops mdgpu_mdev_client_ops = {
	.work_done = mdgpu_mdev_work_done,
};

/*
 * Fetch every entry between head and the guest's tail: copy it out of vGPU
 * memory once, validate the copy, and queue the decoded command. The first
 * bad entry stops the queue. Context: @st->lock held.
 */
static void fetch(struct mdgpu_mdev_state *st)
{
	struct mdgpu_vgpu *v = st->vgpu;
	u64 base;
	u32 entries, tail, head, count;

	spin_lock_irq(&st->irq_lock);
	base = mdgpu_regs_get64(&st->regs, MDGPU_REG_QUEUE_BASE_LO);
	entries = mdgpu_regs_get(&st->regs, MDGPU_REG_QUEUE_SIZE);
	tail = mdgpu_regs_get(&st->regs, MDGPU_REG_QUEUE_TAIL);
	head = st->head;
	if (st->queue_error ||
	    !(mdgpu_regs_get(&st->regs, MDGPU_REG_QUEUE_CTRL) &
	      MDGPU_QUEUE_CTRL_ENABLE)) {
		spin_unlock_irq(&st->irq_lock);
		return;
	}
	if (mdgpu_ring_pending(head, tail, entries, &count)) {
		error_locked(st, MDGPU_ERR_RING_POINTER, head, 0);
		spin_unlock_irq(&st->irq_lock);
		return;
	}
	spin_unlock_irq(&st->irq_lock);

	while (count) {
		struct mdgpu_work_desc desc;
		struct mdgpu_cmd_error err;
		struct mdgpu_cmd cmd;
		struct mdgpu_work *w;
		bool full;
		u32 i;

		for (i = 0; i < count; i++) {
			/*
			 * Cap what a guest can make the host hold. The flag is
			 * set under irq_lock, so a completion that later brings
			 * the queue down to half sees it and fetches again.
			 */
			spin_lock_irq(&st->irq_lock);
			full = READ_ONCE(v->nr_queued) >= MDGPU_MAX_INFLIGHT;
			if (full)
				st->fetch_throttled = true;
			spin_unlock_irq(&st->irq_lock);
			if (full)
				return;
			memcpy(&cmd,
			       v->kaddr + mdgpu_ring_entry_offset(base, entries,
								  head),
			       sizeof(cmd));
			if (mdgpu_cmd_validate(&cmd, v->mem_bytes, &desc,
					       &err)) {
				spin_lock_irq(&st->irq_lock);
				error_locked(st, err.code, head,
					     mdgpu_cmd_error_detail(&cmd,
								    &err));
				spin_unlock_irq(&st->irq_lock);
				return;
			}
			w = mdgpu_work_alloc(v, &desc, head);
			if (!w) {
				spin_lock_irq(&st->irq_lock);
				error_locked(st, MDGPU_ERR_EXEC, head, 0);
				spin_unlock_irq(&st->irq_lock);
				return;
			}
			head = (head + 1) & (entries - 1);
			spin_lock_irq(&st->irq_lock);
			st->head = head;
			spin_unlock_irq(&st->irq_lock);
			mdgpu_vgpu_submit(v, w);
		}
		if (mdgpu_ring_pending(head, tail, entries, &count))
			return;
	}
}

/* QUEUE_CTRL written: enabling checks the ring and starts at slot 0. */
static void queue_ctrl(struct mdgpu_mdev_state *st)
{
	u64 base;
	u32 entries;

	spin_lock_irq(&st->irq_lock);
	if (mdgpu_regs_get(&st->regs, MDGPU_REG_QUEUE_CTRL) &
	    MDGPU_QUEUE_CTRL_ENABLE) {
		base = mdgpu_regs_get64(&st->regs, MDGPU_REG_QUEUE_BASE_LO);
		entries = mdgpu_regs_get(&st->regs, MDGPU_REG_QUEUE_SIZE);
		if (mdgpu_ring_validate_config(base, entries,
					       st->vgpu->mem_bytes)) {
			error_locked(st, MDGPU_ERR_RING_CONFIG, 0, 0);
			mdgpu_regs_set(&st->regs, MDGPU_REG_QUEUE_CTRL, 0);
		}
	}
	spin_unlock_irq(&st->irq_lock);
}

static void set_host_regs(struct mdgpu_mdev_state *st)
{
	struct mdgpu_vgpu *v = st->vgpu;
	u32 kernels = 0, k;

	for (k = 1; k <= MDGPU_KERNEL_MAX; k++)
		kernels |= 1U << k;
	mdgpu_regs_set(&st->regs, MDGPU_REG_CAPS,
		       MDGPU_CAP_MSI | MDGPU_CAP_INTX | MDGPU_CAP_FENCE_MEM |
			       MDGPU_CAP_TIMESTAMP | MDGPU_CAP_QOS);
	mdgpu_regs_set(&st->regs, MDGPU_REG_KERNELS, kernels);
	mdgpu_regs_set64(&st->regs, MDGPU_REG_MEM_SIZE_LO, v->mem_bytes);
	mdgpu_regs_set64(&st->regs, MDGPU_REG_VISIBLE_SIZE_LO, v->mem_bytes);
	mdgpu_regs_set(&st->regs, MDGPU_REG_COMPUTE_UNITS,
		       v->pl.cus ? v->pl.cus : READ_ONCE(v->dom->nr_cus));
	mdgpu_regs_set(&st->regs, MDGPU_REG_VGPU_MODE,
		       v->pl.cus ? MDGPU_VGPU_MODE_SPATIAL :
				   MDGPU_VGPU_MODE_TIMESLICED);
}

static void fetch_work_fn(struct work_struct *work)
{
	struct mdgpu_mdev_state *st =
		container_of(work, struct mdgpu_mdev_state, fetch_work);

	mutex_lock(&st->lock);
	fetch(st);
	mutex_unlock(&st->lock);
}

/**
 * mdgpu_dev_fini() - stop deferred work before the device goes or closes
 * @st: the device
 *
 * Context: process; @st->lock not held (the work takes it).
 */
void mdgpu_dev_fini(struct mdgpu_mdev_state *st)
{
	cancel_work_sync(&st->fetch_work);
}

/**
 * mdgpu_dev_init() - power-on state of a new device
 * @st: the device, with @st->vgpu set
 */
void mdgpu_dev_init(struct mdgpu_mdev_state *st)
{
	struct mdgpu_cfg_params p = {
		.subsys_id = st->vgpu->pl.cus ? MDGPU_PCI_SUBSYS_ID_SPATIAL :
						MDGPU_PCI_SUBSYS_ID_TIMESLICED,
		.bar0_size = MDGPU_BAR0_SIZE,
	};

	INIT_WORK(&st->fetch_work, fetch_work_fn);
	st->bar2_size = max_t(u64, roundup_pow_of_two(st->vgpu->mem_bytes),
			      MDGPU_BAR2_MIN_SIZE);
	p.bar2_size = st->bar2_size;
	mdgpu_cfg_init(&st->cfg, &p);
	mdgpu_regs_init(&st->regs, regs_live, st);
	set_host_regs(st);
}

/**
 * mdgpu_dev_reset() - reset the queue (and, for a function reset, more)
 * @st: the device
 * @cfg_too: VFIO_DEVICE_RESET: also config space and interrupt masks
 *
 * Queued commands are dropped and running chunks waited for; the error
 * state, fence and interrupts clear. vGPU memory is left as it is: the
 * guest owns it. Context: @st->lock held; sleeps.
 */
void mdgpu_dev_reset(struct mdgpu_mdev_state *st, bool cfg_too)
{
	mdgpu_vgpu_flush(st->vgpu);
	spin_lock_irq(&st->irq_lock);
	mdgpu_regs_reset(&st->regs);
	st->fetch_throttled = false;
	st->head = 0;
	st->queue_error = false;
	st->fence = 0;
	if (cfg_too) {
		mdgpu_cfg_reset(&st->cfg);
		st->intx_masked = false;
	}
	mdgpu_dev_irq_update_locked(st, 0);
	spin_unlock_irq(&st->irq_lock);
}

/**
 * mdgpu_dev_bar0_read() - a user read of BAR0
 * @st: the device
 * @off: offset in BAR0
 * @len: 1, 2, 4 or 8
 * @val: the value
 *
 * Context: @st->lock held.
 *
 * Return: 0 or -EINVAL for an access outside BAR0.
 */
int mdgpu_dev_bar0_read(struct mdgpu_mdev_state *st, u32 off, u32 len, u64 *val)
{
	int ret;

	/* Accounting comes from the core: snapshot it before taking irq_lock. */
	if (off >= MDGPU_REG_BUSY_NS_LO && off <= MDGPU_REG_WAIT_NS_HI)
		mdgpu_vgpu_read_stats(st->vgpu, &st->stats);
	spin_lock_irq(&st->irq_lock);
	ret = mdgpu_regs_read(&st->regs, off, len, val);
	spin_unlock_irq(&st->irq_lock);
	return ret;
}

/**
 * mdgpu_dev_bar0_write() - a user write to BAR0, and what it sets off
 * @st: the device
 * @off: offset in BAR0
 * @len: 1, 2, 4 or 8
 * @val: the value
 *
 * Context: @st->lock held; may sleep (reset waits for running chunks).
 *
 * Return: 0 or -EINVAL for an access outside BAR0.
 */
int mdgpu_dev_bar0_write(struct mdgpu_mdev_state *st, u32 off, u32 len, u64 val)
{
	int act;

	spin_lock_irq(&st->irq_lock);
	act = mdgpu_regs_write(&st->regs, off, len, val);
	if (act > 0 && (act & MDGPU_REG_ACT_IRQ))
		mdgpu_dev_irq_update_locked(st, 0);
	spin_unlock_irq(&st->irq_lock);
	if (act < 0)
		return act;
	if (act & MDGPU_REG_ACT_RESET) {
		atomic64_inc(&st->nr_resets);
		mdgpu_dev_reset(st, false);
	}
	if (act & MDGPU_REG_ACT_QUEUE)
		queue_ctrl(st);
	if (act & MDGPU_REG_ACT_DOORBELL)
		fetch(st);
	return 0;
}

/**
 * mdgpu_dev_cfg_read() - a user read of config space
 * @st: the device
 * @off: offset
 * @len: 1, 2 or 4, naturally aligned
 * @val: the value
 *
 * Return: 0 or -EINVAL.
 */
int mdgpu_dev_cfg_read(struct mdgpu_mdev_state *st, u32 off, u32 len, u32 *val)
{
	int ret;

	spin_lock_irq(&st->irq_lock);
	ret = mdgpu_cfg_read(&st->cfg, off, len, val);
	spin_unlock_irq(&st->irq_lock);
	return ret;
}

/**
 * mdgpu_dev_cfg_write() - a user write to config space
 * @st: the device
 * @off: offset
 * @len: 1, 2 or 4, naturally aligned
 * @val: the value; read-only bits are kept
 *
 * A change of the command register's INTx Disable bit re-evaluates the
 * interrupt line.
 *
 * Return: 0 or -EINVAL.
 */
int mdgpu_dev_cfg_write(struct mdgpu_mdev_state *st, u32 off, u32 len, u32 val)
{
	int ret;

	spin_lock_irq(&st->irq_lock);
	ret = mdgpu_cfg_write(&st->cfg, off, len, val);
	if (ret > 0 && (ret & MDGPU_CFG_CHANGED_COMMAND))
		mdgpu_dev_irq_update_locked(st, 0);
	spin_unlock_irq(&st->irq_lock);
	return ret < 0 ? ret : 0;
}
