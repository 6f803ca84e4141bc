/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by the files of mdgpu_sim.ko: a simulated GPU and its compute
 * units (sim.c owns the memory and registration, exec.c the execution).
 */
#ifndef MDGPU_SIM_H
#define MDGPU_SIM_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

#include "mdgpu/mdgpu.h"

/**
 * struct sim_cu - one compute unit
 * @lock: protects @chunks
 * @chunks: chunks waiting for this unit, in order
 * @task: the thread that runs them
 */
struct sim_cu {
	spinlock_t lock;
	struct list_head chunks;
	struct task_struct *task;
};

/**
 * struct sim_gpu - one simulated GPU
 * @gpu: the registered GPU
 * @idx: its index among the module's GPUs
 * @nr_pages: pages of memory
 * @pages: backing pages, NULL until first touched
 * @lock: protects @pages
 * @nr_cus: compute units
 * @cus: the compute units
 */
struct sim_gpu {
	struct mdgpu_gpu *gpu;
	unsigned int idx;
	unsigned long nr_pages;
	struct page **pages;
	struct mutex lock;
	u32 nr_cus;
	struct sim_cu *cus;
};

u64 sim_work_items(struct mdgpu_gpu *gpu, const struct mdgpu_work_desc *d);
size_t sim_work_state_size(struct mdgpu_gpu *gpu,
			   const struct mdgpu_work_desc *d);
void sim_run_chunk(struct mdgpu_gpu *gpu, struct mdgpu_chunk *c);
void sim_work_finish(struct mdgpu_vgpu *v, struct mdgpu_work *w);
int sim_cus_start(struct sim_gpu *sg);
void sim_cus_stop(struct sim_gpu *sg);

#endif /* MDGPU_SIM_H */
