// SPDX-License-Identifier: GPL-2.0-only
/*
 * mdgpu_sim.ko: simulated GPUs for testing the whole stack without hardware.
 * Each GPU's memory is host pages, allocated zeroed on first touch and freed
 * on scrub, so a scrubbed range costs nothing until it is used again.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "mdgpu/compat.h"
#include "mdgpu/mdgpu.h"
#include "sim.h"

#define SIM_MAX_GPUS 8
#define SIM_MAX_MEMORY_MB 16384

static unsigned int gpus = 1;
module_param(gpus, uint, 0444);
MODULE_PARM_DESC(gpus, "number of simulated GPUs, 1-8 (default 1)");

static unsigned int compute_units = 4;
module_param(compute_units, uint, 0444);
MODULE_PARM_DESC(compute_units,
		 "compute units per GPU, a power of two, 1-64 (default 4)");

static unsigned int memory_mb = 256;
module_param(memory_mb, uint, 0444);
MODULE_PARM_DESC(memory_mb,
		 "memory per GPU in MiB, a power of two, 1-16384 (default 256)");

static unsigned int memory_slices = 16;
module_param(memory_slices, uint, 0444);
MODULE_PARM_DESC(memory_slices,
		 "memory slices per GPU, a power of two, 1-64 (default 16)");

static struct sim_gpu *sim_gpus[SIM_MAX_GPUS];

static struct page *sim_mem_page(struct mdgpu_gpu *gpu, pgoff_t pgoff)
{
	struct sim_gpu *sg = gpu->backend_priv;
	struct page *page;

	if (pgoff >= sg->nr_pages)
		return NULL;
	mutex_lock(&sg->lock);
	page = sg->pages[pgoff];
	if (!page) {
		page = alloc_page(GFP_HIGHUSER | __GFP_ZERO);
		sg->pages[pgoff] = page;
	}
	mutex_unlock(&sg->lock);
	return page;
}

/*
 * Freeing is scrubbing here: the page goes back to the kernel and a later
 * touch allocates a zeroed one. A page still mapped into a user (an mmap of
 * BAR2 that outlived the vGPU) keeps its own reference, so the data it holds
 * never reaches the next tenant either.
 */
static int sim_mem_scrub(struct mdgpu_gpu *gpu, u64 off, u64 len)
{
	struct sim_gpu *sg = gpu->backend_priv;
	unsigned long first = off >> PAGE_SHIFT;
	unsigned long last = (off + len) >> PAGE_SHIFT;
	unsigned long i;

	if (!PAGE_ALIGNED(off) || !PAGE_ALIGNED(len) || last > sg->nr_pages ||
	    last < first)
		return -EINVAL;
	mutex_lock(&sg->lock);
	for (i = first; i < last; i++) {
		if (sg->pages[i]) {
			put_page(sg->pages[i]);
			sg->pages[i] = NULL;
		}
		if (!((i - first) % 4096))
			cond_resched();
	}
	mutex_unlock(&sg->lock);
	return 0;
}

static const struct mdgpu_backend_ops sim_ops = {
	.name = "sim",
	.mem_page = sim_mem_page,
	.mem_scrub = sim_mem_scrub,
	.work_items = sim_work_items,
	.work_state_size = sim_work_state_size,
	.run_chunk = sim_run_chunk,
	.work_finish = sim_work_finish,
};

static void sim_gpu_free(struct sim_gpu *sg)
{
	unsigned long i;

	for (i = 0; i < sg->nr_pages; i++)
		if (sg->pages[i])
			put_page(sg->pages[i]);
	kvfree(sg->pages);
	mutex_destroy(&sg->lock);
	kfree(sg);
}

static int sim_gpu_add(unsigned int idx)
{
	struct mdgpu_gpu_info info = {
		.compute_units = compute_units,
		.mem_bytes = (u64)memory_mb << 20,
		.mem_slices = memory_slices,
	};
	struct sim_gpu *sg;
	int ret;

	sg = kzalloc(sizeof(*sg), GFP_KERNEL);
	if (!sg)
		return -ENOMEM;
	mutex_init(&sg->lock);
	sg->idx = idx;
	sg->nr_cus = compute_units;
	sg->nr_pages = info.mem_bytes >> PAGE_SHIFT;
	sg->pages = kvcalloc(sg->nr_pages, sizeof(*sg->pages), GFP_KERNEL);
	if (!sg->pages) {
		sim_gpu_free(sg);
		return -ENOMEM;
	}
	ret = sim_cus_start(sg);
	if (ret) {
		sim_gpu_free(sg);
		return ret;
	}
	sg->gpu = mdgpu_gpu_register(NULL, &info, &sim_ops, sg);
	if (IS_ERR(sg->gpu)) {
		ret = PTR_ERR(sg->gpu);
		sim_cus_stop(sg);
		sim_gpu_free(sg);
		return ret;
	}
	sim_gpus[idx] = sg;
	return 0;
}

static int sim_params_check(void)
{
	if (!gpus || gpus > SIM_MAX_GPUS) {
		pr_err("gpus=%u: must be 1-%d\n", gpus, SIM_MAX_GPUS);
		return -EINVAL;
	}
	if (!is_power_of_2(compute_units) ||
	    compute_units > MDGPU_PART_MAX_CUS) {
		pr_err("compute_units=%u: must be a power of two, 1-%d\n",
		       compute_units, MDGPU_PART_MAX_CUS);
		return -EINVAL;
	}
	if (!is_power_of_2(memory_mb) || memory_mb > SIM_MAX_MEMORY_MB) {
		pr_err("memory_mb=%u: must be a power of two, 1-%d\n",
		       memory_mb, SIM_MAX_MEMORY_MB);
		return -EINVAL;
	}
	if (!is_power_of_2(memory_slices) ||
	    memory_slices > MDGPU_PART_MAX_SLICES ||
	    ((u64)memory_mb << 20) / memory_slices < PAGE_SIZE) {
		pr_err("memory_slices=%u: must be a power of two, 1-%d, each at least a page\n",
		       memory_slices, MDGPU_PART_MAX_SLICES);
		return -EINVAL;
	}
	return 0;
}

static void sim_remove_all(void)
{
	int i;

	for (i = SIM_MAX_GPUS - 1; i >= 0; i--) {
		if (!sim_gpus[i])
			continue;
		mdgpu_gpu_unregister(sim_gpus[i]->gpu);
		sim_cus_stop(sim_gpus[i]);
		sim_gpu_free(sim_gpus[i]);
		sim_gpus[i] = NULL;
	}
}

static int __init sim_init(void)
{
	unsigned int i;
	int ret;

	ret = sim_params_check();
	if (ret)
		return ret;
	for (i = 0; i < gpus; i++) {
		ret = sim_gpu_add(i);
		if (ret) {
			pr_err("GPU %u: registration failed: %d\n", i, ret);
			sim_remove_all();
			return ret;
		}
	}
	return 0;
}

static void __exit sim_exit(void)
{
	sim_remove_all();
}

module_init(sim_init);
module_exit(sim_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mdgpu simulated GPU backend");
MODULE_IMPORT_NS(MDGPU_NS);
