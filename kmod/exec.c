// SPDX-License-Identifier: GPL-2.0-only
/*
 * Command execution: each vGPU's queue of validated commands is cut into
 * chunks that the scheduler core (scheduler/) hands out, one vGPU at a time
 * per domain, spread over the domain's compute units. The backend runs a
 * chunk and reports back; the time it took is charged to the vGPU.
 *
 * All of it runs under gpu->exec_lock, a spinlock taken with interrupts off,
 * because completions come from backend threads and the idle timer.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/slab.h>

#include "mdgpu/compat.h"
#include "mdgpu_core.h"

/* The first chunk of a command of unknown cost: one item per unit. */
#define EST_UNKNOWN 0

/**
 * mdgpu_now_ns() - the clock the core schedules by
 *
 * Return: monotonic nanoseconds.
 */
u64 mdgpu_now_ns(void)
{
	return ktime_get_ns();
}
EXPORT_SYMBOL_NS_GPL(mdgpu_now_ns, MDGPU_NS);

static struct mdgpu_vgpu *ent_vgpu(struct mgs_entity *e)
{
	return container_of(e, struct mdgpu_vgpu, ent);
}

static struct mdgpu_work *head_work(struct mdgpu_vgpu *v)
{
	return list_first_entry_or_null(&v->queue, struct mdgpu_work, node);
}

static void set_runnable_locked(struct mdgpu_vgpu *v, bool runnable)
{
	if (v->ent.runnable != runnable)
		mgs_entity_set_runnable(&v->dom->sd, &v->ent, runnable,
					ktime_get_ns());
}

/* Drop every queued command without reporting it (reset, error, destroy). */
static void drop_queue_locked(struct mdgpu_vgpu *v, bool keep_inflight)
{
	struct mdgpu_work *w, *tmp;

	list_for_each_entry_safe(w, tmp, &v->queue, node) {
		if (keep_inflight && v->parts && w == head_work(v))
			continue;
		list_del(&w->node);
		v->nr_queued--;
		mdgpu_work_free(w);
	}
}

/*
 * Report the head command and every command behind it that has nothing to
 * execute (FENCE, TIMESTAMP, NOP), which completes as soon as everything
 * before it did. A command that ended in error drops the rest of the queue:
 * the client has stopped it.
 */
static void complete_head_locked(struct mdgpu_vgpu *v)
{
	struct mdgpu_work *w = head_work(v);

	while (w) {
		u32 status = w->status;

		list_del(&w->node);
		v->nr_queued--;
		v->completed++;
		v->cops->work_done(v, w);
		mdgpu_work_free(w);
		if (status) {
			drop_queue_locked(v, false);
			break;
		}
		w = head_work(v);
		if (w && w->items)
			break;
	}
	if (list_empty(&v->queue))
		set_runnable_locked(v, false);
}

static void arm_timer_locked(struct mdgpu_domain *d, u64 ns)
{
	if (d->timer_armed || ns == MGS_TIME_INF)
		return;
	d->timer_armed = true;
	hrtimer_start(&d->timer, ns_to_ktime(max_t(u64, ns, 10000)),
		      HRTIMER_MODE_REL);
}

static void dispatch_locked(struct mdgpu_domain *d, struct mdgpu_vgpu *v,
			    struct mdgpu_work *w, u64 slice_ns, u64 now)
{
	u64 est = v->ns_per_item[w->desc.kind] ?: d->ns_per_item[w->desc.kind];
	u64 want = est == EST_UNKNOWN ? d->nr_cus :
					max_t(u64, 1, div64_u64(slice_ns, est));
	u64 total = min_t(u64, w->items - w->next, want);
	u64 base = div64_u64(total, d->nr_cus);
	u64 extra = total - base * d->nr_cus;
	u64 mask = d->cu_mask;
	u32 i;

	d->chunk_start_ns = now;
	d->chunk_items = total;
	d->chunk_exec_ns = 0;
	d->chunk_slice_ns = slice_ns;
	for (i = 0; i < d->nr_cus && w->next < w->items; i++) {
		struct mdgpu_chunk *c = &d->chunk[i];
		u64 n = base + (i < extra ? 1 : 0);

		if (!n)
			break;
		c->gpu = d->gpu;
		c->vgpu = v;
		c->work = w;
		c->cu = __ffs64(mask);
		mask &= mask - 1;
		c->first = w->next;
		c->count = n;
		w->next += n;
		d->parts++;
		v->parts++;
	}
	/* Hand out only after counting, so an early completion sees all parts. */
	for (i = 0; i < d->parts; i++)
		d->gpu->ops->run_chunk(d->gpu, &d->chunk[i]);
}

/* Start the next chunk on an idle domain, if the scheduler picks one. */
static void domain_kick_locked(struct mdgpu_domain *d)
{
	lockdep_assert_held(&d->gpu->exec_lock);
	while (!d->parts && d->nr_cus) {
		struct mgs_entity *prev = d->running ? &d->running->ent : NULL;
		struct mgs_pick pick;
		struct mgs_entity *e;
		struct mdgpu_vgpu *v;
		struct mdgpu_work *w;
		u64 now = ktime_get_ns();

		e = mgs_domain_pick_next(&d->sd, prev, now, &pick);
		if (!e) {
			d->running = NULL;
			arm_timer_locked(d, pick.idle_ns);
			return;
		}
		v = ent_vgpu(e);
		d->running = v;
		w = head_work(v);
		if (v->stopping || !w) {
			set_runnable_locked(v, false);
			continue;
		}
		/* Nothing left to run: complete it. */
		if (w->next >= w->items) {
			complete_head_locked(v);
			continue;
		}
		dispatch_locked(d, v, w, pick.slice_ns, now);
	}
}

static enum hrtimer_restart domain_timer_fn(struct hrtimer *t)
{
	struct mdgpu_domain *d = container_of(t, struct mdgpu_domain, timer);
	unsigned long flags;

	spin_lock_irqsave(&d->gpu->exec_lock, flags);
	d->timer_armed = false;
	domain_kick_locked(d);
	spin_unlock_irqrestore(&d->gpu->exec_lock, flags);
	return HRTIMER_NORESTART;
}

/**
 * mdgpu_domain_init() - set up a scheduling domain over some compute units
 * @d: the domain
 * @gpu: its GPU
 * @cu_mask: its compute units
 *
 * Return: 0 or -EINVAL from the scheduler core.
 */
int mdgpu_domain_init(struct mdgpu_domain *d, struct mdgpu_gpu *gpu,
		      u64 cu_mask)
{
	struct mgs_domain_config cfg;

	memset(d, 0, sizeof(*d));
	d->gpu = gpu;
	d->cu_mask = cu_mask;
	d->nr_cus = hweight64(cu_mask);
	hrtimer_init(&d->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	d->timer.function = domain_timer_fn;
	mgs_domain_config_init(&cfg);
	return mgs_domain_init(&d->sd, &cfg, ktime_get_ns());
}

/**
 * mdgpu_domain_fini() - stop a domain's timer
 * @d: a domain with no vGPU left
 */
void mdgpu_domain_fini(struct mdgpu_domain *d)
{
	hrtimer_cancel(&d->timer);
}

/**
 * mdgpu_domain_set_cus() - give a domain another set of compute units
 * @d: the domain
 * @cu_mask: the new set
 *
 * A chunk in flight finishes on the units it was given (at most a slice);
 * the next one uses the new set. Context: any; takes the exec lock.
 */
void mdgpu_domain_set_cus(struct mdgpu_domain *d, u64 cu_mask)
{
	unsigned long flags;

	spin_lock_irqsave(&d->gpu->exec_lock, flags);
	d->cu_mask = cu_mask;
	d->nr_cus = hweight64(cu_mask);
	domain_kick_locked(d);
	spin_unlock_irqrestore(&d->gpu->exec_lock, flags);
}

/**
 * mdgpu_exec_attach() - make a new vGPU schedulable
 * @v: the vGPU, with @v->dom set
 *
 * Context: process; takes the exec lock.
 *
 * Return: 0 or -errno from the scheduler core (-ENOSPC: domain full).
 */
int mdgpu_exec_attach(struct mdgpu_vgpu *v)
{
	struct mgs_entity_config cfg;
	unsigned long flags;
	int ret;

	INIT_LIST_HEAD(&v->queue);
	init_waitqueue_head(&v->idle_wq);
	mgs_entity_config_init(&cfg);
	ret = mgs_entity_init(&v->ent, &cfg);
	if (ret)
		return ret;
	spin_lock_irqsave(&v->gpu->exec_lock, flags);
	ret = mgs_domain_add(&v->dom->sd, &v->ent, ktime_get_ns());
	spin_unlock_irqrestore(&v->gpu->exec_lock, flags);
	return ret;
}

/**
 * mdgpu_exec_detach() - take a vGPU out of scheduling for good
 * @v: the vGPU; its queue is flushed first
 *
 * Context: process, may sleep.
 */
void mdgpu_exec_detach(struct mdgpu_vgpu *v)
{
	struct mdgpu_domain *d = v->dom;
	unsigned long flags;

	mdgpu_vgpu_flush(v);
	spin_lock_irqsave(&v->gpu->exec_lock, flags);
	if (d->running == v)
		d->running = NULL;
	mgs_domain_remove(&d->sd, &v->ent, ktime_get_ns());
	domain_kick_locked(d);
	spin_unlock_irqrestore(&v->gpu->exec_lock, flags);
}

/**
 * mdgpu_work_alloc() - wrap a validated command for submission
 * @v: the vGPU it is for
 * @d: the decoded command (copied)
 * @cookie: the client's tag, handed back in work_done
 *
 * Context: process, may sleep.
 *
 * Return: the work, or NULL when out of memory.
 */
struct mdgpu_work *mdgpu_work_alloc(struct mdgpu_vgpu *v,
				    const struct mdgpu_work_desc *d, u64 cookie)
{
	const struct mdgpu_backend_ops *ops = v->gpu->ops;
	struct mdgpu_work *w;
	size_t state;

	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return NULL;
	w->desc = *d;
	w->cookie = cookie;
	w->items = ops->work_items(v->gpu, d);
	state = ops->work_state_size(v->gpu, d);
	if (state) {
		w->state = kzalloc(state, GFP_KERNEL);
		if (!w->state) {
			kfree(w);
			return NULL;
		}
	}
	return w;
}
EXPORT_SYMBOL_NS_GPL(mdgpu_work_alloc, MDGPU_NS);

/**
 * mdgpu_work_free() - free a work that was never submitted
 * @w: from mdgpu_work_alloc()
 *
 * Context: any.
 */
void mdgpu_work_free(struct mdgpu_work *w)
{
	kfree(w->state);
	kfree(w);
}
EXPORT_SYMBOL_NS_GPL(mdgpu_work_free, MDGPU_NS);

/**
 * mdgpu_vgpu_submit() - queue a command behind the vGPU's earlier ones
 * @v: the vGPU
 * @w: from mdgpu_work_alloc(); the core owns it from here
 *
 * Commands complete in submission order; work_done reports each.
 * Context: any; takes the exec lock.
 */
void mdgpu_vgpu_submit(struct mdgpu_vgpu *v, struct mdgpu_work *w)
{
	unsigned long flags;

	spin_lock_irqsave(&v->gpu->exec_lock, flags);
	list_add_tail(&w->node, &v->queue);
	v->nr_queued++;
	if (head_work(v) == w && !w->items) {
		complete_head_locked(v);
	} else if (!v->stopping) {
		set_runnable_locked(v, true);
		domain_kick_locked(v->dom);
	}
	spin_unlock_irqrestore(&v->gpu->exec_lock, flags);
}
EXPORT_SYMBOL_NS_GPL(mdgpu_vgpu_submit, MDGPU_NS);

/**
 * mdgpu_vgpu_flush() - drop every queued command and wait for running ones
 * @v: the vGPU
 *
 * Chunks already on a compute unit finish (they are bounded by the time
 * slice); nothing else of the queue runs and nothing is reported.
 * Context: process, may sleep.
 */
void mdgpu_vgpu_flush(struct mdgpu_vgpu *v)
{
	unsigned long flags;

	spin_lock_irqsave(&v->gpu->exec_lock, flags);
	v->stopping = true;
	drop_queue_locked(v, true);
	spin_unlock_irqrestore(&v->gpu->exec_lock, flags);

	wait_event(v->idle_wq, !READ_ONCE(v->parts));

	spin_lock_irqsave(&v->gpu->exec_lock, flags);
	drop_queue_locked(v, false);
	set_runnable_locked(v, false);
	v->stopping = false;
	spin_unlock_irqrestore(&v->gpu->exec_lock, flags);
}
EXPORT_SYMBOL_NS_GPL(mdgpu_vgpu_flush, MDGPU_NS);

/*
 * Learn the cost per item from the time the units spent on the items (the
 * longest part, as the backend reports it), not from the wall time of the
 * chunk: that also holds waking the units, a fixed cost per chunk, and
 * sizing by it (items' = items * slice / used) has no fixed point once that
 * cost reaches the slice: chunks shrink to one item. The charge stays the
 * wall time.
 *
 * The watchdog ages the command by the chunk's wall time, except what
 * dispatch took beyond two slices: a host stall while the units wake is not
 * the command's doing, and counting it ends healthy commands. Time the
 * units spent on the items always counts, so items longer than the slice
 * cannot hide a hang.
 */
static void chunk_account_locked(struct mdgpu_domain *d, struct mdgpu_vgpu *v,
				 struct mdgpu_work *w, u64 used)
{
	u64 *est = &v->ns_per_item[w->desc.kind];
	u64 exec = d->chunk_exec_ns ? min(d->chunk_exec_ns, used) : used;
	u64 sample =
		max_t(u64, div64_u64(exec, max_t(u64, d->chunk_items, 1)), 1);

	*est = *est == EST_UNKNOWN ? sample : (*est + sample) / 2;
	d->ns_per_item[w->desc.kind] = *est; /* where a new vGPU starts */
	w->run_ns += min(used, max(exec, 2 * d->chunk_slice_ns));
}

/**
 * mdgpu_chunk_done() - the backend finished a chunk
 * @c: the chunk from &mdgpu_backend_ops.run_chunk
 *
 * When the last part of a chunk is done the time is charged, the command
 * completes if that was its last item (or the watchdog ends it), and the
 * domain picks what runs next. Context: any; takes the exec lock.
 */
void mdgpu_chunk_done(struct mdgpu_chunk *c)
{
	struct mdgpu_vgpu *v = c->vgpu;
	struct mdgpu_gpu *gpu = v->gpu;
	struct mdgpu_domain *d = v->dom;
	struct mdgpu_work *w = c->work;
	unsigned long flags;
	u64 now, used;

	spin_lock_irqsave(&gpu->exec_lock, flags);
	w->done += c->count;
	d->chunk_exec_ns = max(d->chunk_exec_ns, c->run_ns);
	v->parts--;
	if (--d->parts)
		goto out_unlock;

	now = ktime_get_ns();
	used = now - d->chunk_start_ns;
	chunk_account_locked(d, v, w, used);
	mgs_entity_charge(&d->sd, &v->ent, used, now);

	if (v->stopping) {
		if (!v->parts)
			wake_up(&v->idle_wq);
	} else if (w->done == w->items) {
		if (gpu->ops->work_finish)
			gpu->ops->work_finish(v, w);
		complete_head_locked(v);
	} else if (gpu->watchdog_ns && w->run_ns > gpu->watchdog_ns) {
		w->status = MDGPU_ERR_TIMEOUT;
		complete_head_locked(v);
	}
	domain_kick_locked(d);
out_unlock:
	spin_unlock_irqrestore(&gpu->exec_lock, flags);
}
EXPORT_SYMBOL_NS_GPL(mdgpu_chunk_done, MDGPU_NS);

/**
 * mdgpu_vgpu_read_stats() - a vGPU's scheduling accounting, up to now
 * @v: the vGPU
 * @st: filled in
 *
 * busy_ns runs on while the vGPU's chunk runs, as a GPU's busy counter
 * would: it includes the elapsed part of the chunk in flight, which the
 * chunk's charge at its end (its whole wall time, mdgpu_chunk_done())
 * then covers, so the value never goes back. Without it busy_ns would
 * step by a whole chunk at each chunk's end, and a share sampled over a
 * short window would be off by up to a chunk.
 *
 * Context: any; takes the exec lock.
 */
void mdgpu_vgpu_read_stats(struct mdgpu_vgpu *v, struct mgs_entity_stats *st)
{
	struct mdgpu_domain *d = v->dom;
	unsigned long flags;
	u64 now;

	spin_lock_irqsave(&v->gpu->exec_lock, flags);
	now = ktime_get_ns();
	mgs_entity_read_stats(&v->ent, now, st);
	/* Parts in flight: the domain's current chunk is this vGPU's. */
	if (v->parts && d->running == v && now > d->chunk_start_ns &&
	    check_add_overflow(st->busy_ns, now - d->chunk_start_ns,
			       &st->busy_ns))
		st->busy_ns = U64_MAX;
	spin_unlock_irqrestore(&v->gpu->exec_lock, flags);
}
EXPORT_SYMBOL_NS_GPL(mdgpu_vgpu_read_stats, MDGPU_NS);

/**
 * mdgpu_vgpu_get_qos() - a vGPU's QoS settings
 * @v: the vGPU
 * @cfg: filled in
 *
 * Context: any; takes the exec lock.
 */
void mdgpu_vgpu_get_qos(struct mdgpu_vgpu *v, struct mgs_entity_config *cfg)
{
	unsigned long flags;

	spin_lock_irqsave(&v->gpu->exec_lock, flags);
	*cfg = v->ent.cfg;
	spin_unlock_irqrestore(&v->gpu->exec_lock, flags);
}
EXPORT_SYMBOL_NS_GPL(mdgpu_vgpu_get_qos, MDGPU_NS);

/**
 * mdgpu_vgpu_update_qos() - change one QoS setting of a vGPU, live
 * @v: the vGPU
 * @update: changes a copy of the current settings
 * @arg: passed to @update
 *
 * The read-modify-write happens under the exec lock, so two writers of
 * different settings never undo each other. The scheduler core checks the
 * result against every other vGPU of the domain (guarantees and
 * reservations may not add up to more than the whole).
 * Context: any; takes the exec lock.
 *
 * Return: 0; -EINVAL or -ENOSPC with nothing changed.
 */
int mdgpu_vgpu_update_qos(struct mdgpu_vgpu *v,
			  void (*update)(struct mgs_entity_config *cfg,
					 u32 arg),
			  u32 arg)
{
	struct mgs_entity_config cfg;
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&v->gpu->exec_lock, flags);
	cfg = v->ent.cfg;
	update(&cfg, arg);
	ret = mgs_entity_set_config(&v->dom->sd, &v->ent, &cfg, ktime_get_ns());
	if (!ret)
		domain_kick_locked(v->dom);
	spin_unlock_irqrestore(&v->gpu->exec_lock, flags);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(mdgpu_vgpu_update_qos, MDGPU_NS);

/**
 * mdgpu_domain_get_config() - a domain's scheduler settings
 * @d: the domain
 * @cfg: filled in
 *
 * Context: any; takes the exec lock.
 */
void mdgpu_domain_get_config(struct mdgpu_domain *d,
			     struct mgs_domain_config *cfg)
{
	unsigned long flags;

	spin_lock_irqsave(&d->gpu->exec_lock, flags);
	*cfg = d->sd.cfg;
	spin_unlock_irqrestore(&d->gpu->exec_lock, flags);
}

/**
 * mdgpu_domain_update_config() - change a domain's scheduler settings, live
 * @d: the domain
 * @update: changes a copy of the current settings
 * @arg: passed to @update
 *
 * Context: any; takes the exec lock.
 *
 * Return: 0, or -EINVAL with nothing changed.
 */
int mdgpu_domain_update_config(struct mdgpu_domain *d,
			       void (*update)(struct mgs_domain_config *cfg,
					      u64 arg),
			       u64 arg)
{
	struct mgs_domain_config cfg;
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&d->gpu->exec_lock, flags);
	cfg = d->sd.cfg;
	update(&cfg, arg);
	ret = mgs_domain_set_config(&d->sd, &cfg, ktime_get_ns());
	if (!ret)
		domain_kick_locked(d);
	spin_unlock_irqrestore(&d->gpu->exec_lock, flags);
	return ret;
}

/* The scheduler core is freestanding; mdgpu.ko exports what clients use. */
EXPORT_SYMBOL_NS_GPL(mgs_lat_bucket_limit_ns, MDGPU_NS);
