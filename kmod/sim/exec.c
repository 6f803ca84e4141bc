// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated GPU's compute units: one kernel thread per unit runs the
 * chunks the core hands it. Compute kernels run from kernels.c inside short
 * kernel_fpu_begin()/end() sections, one item each; the timed spin kernel
 * burns its duration in quanta, so a chunk of it is as long as asked.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <asm/fpu/api.h>

#include "mdgpu/compat.h"
#include "mdgpu/mdgpu.h"
#include "kernels.h"
#include "sim.h"

/* One item of the spin kernel: this much busy time of one work-group. */
#define SPIN_QUANTUM_NS 50000ULL

static u64 spin_items_per_group(const struct mdgpu_work_desc *d)
{
	return DIV_ROUND_UP_ULL(d->spin.duration_ns, SPIN_QUANTUM_NS);
}

/**
 * sim_work_items() - items a command splits into on the simulated GPU
 * @gpu: the GPU
 * @d: the command
 *
 * Return: the count; 0 for commands with nothing to execute.
 */
u64 sim_work_items(struct mdgpu_gpu *gpu, const struct mdgpu_work_desc *d)
{
	if (d->kind == MDGPU_WORK_SPIN)
		return (u64)d->grid * spin_items_per_group(d);
	return mdgpu_kern_items(d);
}

/**
 * sim_work_state_size() - scratch bytes a command needs
 * @gpu: the GPU
 * @d: the command
 *
 * Return: bytes, at most MDGPU_KERN_STATE_MAX.
 */
size_t sim_work_state_size(struct mdgpu_gpu *gpu,
			   const struct mdgpu_work_desc *d)
{
	return d->kind == MDGPU_WORK_SPIN ? 0 : mdgpu_kern_state_size(d);
}

static void spin_item(const struct mdgpu_work_desc *d, u64 item)
{
	u64 per = spin_items_per_group(d);
	u64 idx = item % per;
	u64 ns = idx == per - 1 ? d->spin.duration_ns - idx * SPIN_QUANTUM_NS :
				  SPIN_QUANTUM_NS;
	u64 end = ktime_get_ns() + ns;

	while (ktime_get_ns() < end)
		cpu_relax();
}

static void run_chunk_items(struct mdgpu_chunk *c)
{
	struct mdgpu_work *w = c->work;
	struct mdgpu_vgpu *v = c->vgpu;
	u64 i;

	for (i = c->first; i < c->first + c->count; i++) {
		if (w->desc.kind == MDGPU_WORK_SPIN) {
			spin_item(&w->desc, i);
		} else {
			kernel_fpu_begin();
			mdgpu_kern_run(&w->desc, v->kaddr, v->mem_bytes, i, 1,
				       w->state);
			kernel_fpu_end();
		}
		cond_resched();
	}
}

static int cu_thread(void *arg)
{
	struct sim_cu *cu = arg;

	while (!kthread_should_stop()) {
		struct mdgpu_chunk *c;

		spin_lock_irq(&cu->lock);
		c = list_first_entry_or_null(&cu->chunks, struct mdgpu_chunk,
					     node);
		if (c)
			list_del(&c->node);
		else
			set_current_state(TASK_INTERRUPTIBLE);
		spin_unlock_irq(&cu->lock);
		if (!c) {
			schedule();
			continue;
		}
		c->run_ns = ktime_get_ns();
		run_chunk_items(c);
		c->run_ns = ktime_get_ns() - c->run_ns;
		mdgpu_chunk_done(c);
	}
	return 0;
}

/**
 * sim_run_chunk() - queue a chunk on its compute unit's thread
 * @gpu: the GPU
 * @c: the chunk
 *
 * Context: the core's exec lock is held; does not sleep.
 */
void sim_run_chunk(struct mdgpu_gpu *gpu, struct mdgpu_chunk *c)
{
	struct sim_gpu *sg = gpu->backend_priv;
	struct sim_cu *cu = &sg->cus[c->cu];
	unsigned long flags;

	spin_lock_irqsave(&cu->lock, flags);
	list_add_tail(&c->node, &cu->chunks);
	spin_unlock_irqrestore(&cu->lock, flags);
	wake_up_process(cu->task);
}

/**
 * sim_work_finish() - combine a command's partial results
 * @v: the vGPU
 * @w: the command, all items done
 *
 * Context: the core's exec lock is held (interrupts off); short.
 */
void sim_work_finish(struct mdgpu_vgpu *v, struct mdgpu_work *w)
{
	if (w->desc.kind == MDGPU_WORK_SPIN)
		return;
	kernel_fpu_begin();
	mdgpu_kern_finish(&w->desc, v->kaddr, v->mem_bytes, w->state);
	kernel_fpu_end();
}

/**
 * sim_cus_start() - start one thread per compute unit
 * @sg: the simulated GPU, with @sg->nr_cus set
 *
 * Return: 0 or -errno; on error no thread is left running.
 */
int sim_cus_start(struct sim_gpu *sg)
{
	u32 i;

	sg->cus = kcalloc(sg->nr_cus, sizeof(*sg->cus), GFP_KERNEL);
	if (!sg->cus)
		return -ENOMEM;
	for (i = 0; i < sg->nr_cus; i++) {
		struct sim_cu *cu = &sg->cus[i];

		spin_lock_init(&cu->lock);
		INIT_LIST_HEAD(&cu->chunks);
		cu->task = kthread_run(cu_thread, cu, "mdgpu_sim%u/cu%u",
				       sg->idx, i);
		if (IS_ERR(cu->task)) {
			int ret = PTR_ERR(cu->task);

			cu->task = NULL;
			sim_cus_stop(sg);
			return ret;
		}
	}
	return 0;
}

/**
 * sim_cus_stop() - stop the compute-unit threads
 * @sg: the simulated GPU; every vGPU on it is gone, so no chunk is queued
 */
void sim_cus_stop(struct sim_gpu *sg)
{
	u32 i;

	for (i = 0; sg->cus && i < sg->nr_cus; i++) {
		if (sg->cus[i].task)
			kthread_stop(sg->cus[i].task);
		WARN_ON(!list_empty(&sg->cus[i].chunks));
	}
	kfree(sg->cus);
	sg->cus = NULL;
}
