// SPDX-License-Identifier: GPL-2.0-only
/*
 * vGPU objects and the profile catalog. A vGPU is a placement in its GPU's
 * partition map plus the memory range it owns; its memory is scrubbed when
 * it is destroyed, so a new tenant never sees the last one's data.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "mdgpu/compat.h"
#include "mdgpu_core.h"

/**
 * mdgpu_format_size() - print a byte count the way profile names do
 * @buf: output
 * @len: size of @buf
 * @bytes: count
 *
 * 64 MiB prints as "64m", 1 GiB as "1g"; a count that is not a whole MiB
 * prints in KiB ("512k").
 *
 * Return: characters written, as snprintf().
 */
int mdgpu_format_size(char *buf, size_t len, u64 bytes)
{
	if (bytes >= SZ_1G && !(bytes & (SZ_1G - 1)))
		return snprintf(buf, len, "%llug", bytes >> 30);
	if (!(bytes & (SZ_1M - 1)))
		return snprintf(buf, len, "%llum", bytes >> 20);
	return snprintf(buf, len, "%lluk", bytes >> 10);
}

/**
 * mdgpu_profiles_build() - fill the catalog of a GPU being registered
 * @gpu: the GPU; its info and partition map are set
 *
 * Time-sliced profiles "ts.<mem>" for every power-of-two number of memory
 * slices: each shares the compute units that no spatial vGPU holds.
 * Spatial profiles "<n>c.<mem>" for every power-of-two number of compute
 * units, with the same fraction of the memory (as MIG's profiles pair
 * compute and memory slices): each owns its units.
 */
void mdgpu_profiles_build(struct mdgpu_gpu *gpu)
{
	u64 slice = div_u64(gpu->info.mem_bytes, gpu->info.mem_slices);
	u32 n, c;

	gpu->nr_profiles = 0;
	for (n = 1;
	     n <= gpu->info.mem_slices && gpu->nr_profiles < MDGPU_MAX_PROFILES;
	     n *= 2) {
		struct mdgpu_profile *p = &gpu->profiles[gpu->nr_profiles++];
		char size[12];

		mdgpu_format_size(size, sizeof(size), slice * n);
		snprintf(p->name, sizeof(p->name), "ts.%s", size);
		p->req.slices = n;
		p->req.cus = 0;
		p->mem_bytes = slice * n;
		p->max_instances = gpu->info.mem_slices / n;
	}
	for (c = 1; c <= gpu->info.compute_units &&
		    gpu->nr_profiles < MDGPU_MAX_PROFILES;
	     c *= 2) {
		struct mdgpu_profile *p = &gpu->profiles[gpu->nr_profiles];
		char size[12];

		n = gpu->info.mem_slices * c / gpu->info.compute_units;
		if (!n)
			continue;
		gpu->nr_profiles++;
		mdgpu_format_size(size, sizeof(size), slice * n);
		snprintf(p->name, sizeof(p->name), "%uc.%s", c, size);
		p->req.slices = n;
		p->req.cus = c;
		p->mem_bytes = slice * n;
		p->max_instances = gpu->info.compute_units / c;
	}
}

static u64 shared_cu_mask(const struct mdgpu_gpu *gpu)
{
	return GENMASK_ULL(gpu->info.compute_units - 1, 0) & ~gpu->part.cu_used;
}

/* A spatial vGPU runs in a domain of its own units; the shared one shrinks. */
static int vgpu_domain_setup(struct mdgpu_vgpu *v)
{
	struct mdgpu_gpu *gpu = v->gpu;
	int ret;

	if (!v->pl.cus) {
		v->dom = &gpu->shared;
		return 0;
	}
	v->own_dom = kzalloc(sizeof(*v->own_dom), GFP_KERNEL);
	if (!v->own_dom)
		return -ENOMEM;
	ret = mdgpu_domain_init(v->own_dom, gpu,
				GENMASK_ULL(v->pl.cu_start + v->pl.cus - 1,
					    v->pl.cu_start));
	if (ret) {
		kfree(v->own_dom);
		v->own_dom = NULL;
		return ret;
	}
	v->dom = v->own_dom;
	return 0;
}

static void vgpu_domain_teardown(struct mdgpu_vgpu *v)
{
	if (!v->own_dom)
		return;
	mdgpu_domain_fini(v->own_dom);
	kfree(v->own_dom);
	v->own_dom = NULL;
}

/**
 * mdgpu_profile_available() - instances of a profile that can still be made
 * @gpu: the GPU
 * @profile: index into gpu->profiles
 *
 * Exact for the current layout (see mdgpu_part_available()).
 * Context: process; takes gpu->lock.
 *
 * Return: the count; 0 for an unknown profile.
 */
u32 mdgpu_profile_available(struct mdgpu_gpu *gpu, u32 profile)
{
	u32 n;

	if (profile >= gpu->nr_profiles)
		return 0;
	mutex_lock(&gpu->lock);
	n = mdgpu_part_available(&gpu->part, &gpu->profiles[profile].req);
	mutex_unlock(&gpu->lock);
	return n;
}
EXPORT_SYMBOL_NS_GPL(mdgpu_profile_available, MDGPU_NS);

static void vgpu_unmap(struct mdgpu_vgpu *v)
{
	unsigned long i, n = v->mem_bytes >> PAGE_SHIFT;

	if (v->kaddr)
		vunmap(v->kaddr);
	v->kaddr = NULL;
	for (i = 0; v->pages && i < n && v->pages[i]; i++)
		put_page(v->pages[i]);
	kvfree(v->pages);
	v->pages = NULL;
}

/*
 * Take a reference on every page of the vGPU's memory and map them
 * contiguously: the mediator fetches commands and the backend runs kernels
 * through this mapping; BAR2 mmaps the same pages into the user.
 */
static int vgpu_map(struct mdgpu_vgpu *v)
{
	unsigned long i, n = v->mem_bytes >> PAGE_SHIFT;
	pgoff_t first = v->mem_offset >> PAGE_SHIFT;

	v->pages = kvcalloc(n, sizeof(*v->pages), GFP_KERNEL);
	if (!v->pages)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct page *p = v->gpu->ops->mem_page(v->gpu, first + i);

		if (!p)
			goto err;
		get_page(p);
		v->pages[i] = p;
		if (!(i % 1024))
			cond_resched();
	}
	v->kaddr = vmap(v->pages, n, VM_MAP, PAGE_KERNEL);
	if (!v->kaddr)
		goto err;
	return 0;
err:
	vgpu_unmap(v);
	return -ENOMEM;
}

/**
 * mdgpu_vgpu_map() - make a vGPU's memory usable by the mediator and backend
 * @v: the vGPU
 *
 * Idempotent: the mapping stays until the vGPU is destroyed, so the memory
 * keeps its contents across close and reopen (the guest owns it).
 * Context: process, may sleep; takes gpu->lock.
 *
 * Return: 0 or -ENOMEM.
 */
int mdgpu_vgpu_map(struct mdgpu_vgpu *v)
{
	int ret = 0;

	mutex_lock(&v->gpu->lock);
	if (!v->kaddr)
		ret = vgpu_map(v);
	mutex_unlock(&v->gpu->lock);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(mdgpu_vgpu_map, MDGPU_NS);

/**
 * mdgpu_vgpu_create() - reserve a vGPU of a profile
 * @gpu: the GPU
 * @profile: index into gpu->profiles
 * @uuid: the vGPU's UUID (the mdev's)
 * @cops: how to report completed commands
 * @client: the client's data, available as vgpu->client
 *
 * Placement is automatic; the memory is mapped later, by mdgpu_vgpu_map(),
 * when a user first opens the vGPU, so creating one is cheap. It holds a
 * reference on @gpu's device.
 * Context: process, may sleep; takes gpu->lock.
 *
 * Return: the vGPU, or an ERR_PTR: -EINVAL for an unknown profile, -ENOSPC
 * when no room is left, -ENOMEM.
 */
struct mdgpu_vgpu *mdgpu_vgpu_create(struct mdgpu_gpu *gpu, u32 profile,
				     const guid_t *uuid,
				     const struct mdgpu_vgpu_client_ops *cops,
				     void *client)
{
	u64 slice = div_u64(gpu->info.mem_bytes, gpu->info.mem_slices);
	struct mdgpu_vgpu *v;
	int ret;

	if (profile >= gpu->nr_profiles || !cops || !cops->work_done)
		return ERR_PTR(-EINVAL);
	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		return ERR_PTR(-ENOMEM);
	v->gpu = gpu;
	v->profile = profile;
	v->cops = cops;
	v->client = client;
	guid_copy(&v->uuid, uuid);

	mutex_lock(&gpu->lock);
	ret = mdgpu_part_alloc(&gpu->part, &gpu->profiles[profile].req,
			       MDGPU_PART_AUTO, MDGPU_PART_AUTO, &v->pl);
	if (ret)
		goto err_unlock;
	v->mem_offset = slice * v->pl.slice_start;
	v->mem_bytes = slice * v->pl.slices;
	ret = vgpu_domain_setup(v);
	if (ret)
		goto err_free_part;
	ret = mdgpu_exec_attach(v);
	if (ret)
		goto err_domain;
	if (v->pl.cus)
		mdgpu_domain_set_cus(&gpu->shared, shared_cu_mask(gpu));
	list_add_tail(&v->node, &gpu->vgpus);
	gpu->nr_vgpus++;
	get_device(&gpu->dev);
	mutex_unlock(&gpu->lock);
	return v;

err_domain:
	vgpu_domain_teardown(v);
err_free_part:
	mdgpu_part_free(&gpu->part, &v->pl);
err_unlock:
	mutex_unlock(&gpu->lock);
	kfree(v);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_NS_GPL(mdgpu_vgpu_create, MDGPU_NS);

/**
 * mdgpu_vgpu_move() - place a vGPU elsewhere before it is first used
 * @v: the vGPU
 * @slice_start: first memory slice, or MDGPU_PART_AUTO to keep it
 * @cu_start: first compute unit (spatial only), or MDGPU_PART_AUTO to keep it
 *
 * The way to ask for an explicit placement: mdev creation takes no
 * arguments, so a vGPU is created with the automatic placement and moved by
 * writing its placement attributes (mdevctl writes them as "attrs" right
 * after creating it). All or nothing: on failure the old placement stays.
 * Context: process; takes gpu->lock.
 *
 * Return: 0; -EBUSY once the vGPU has been opened (its memory is in use) or
 * when the target overlaps another vGPU; -EINVAL for a misaligned or
 * out-of-range start, or a compute-unit start on a time-sliced vGPU;
 * -ENOSPC when the units would leave time-sliced vGPUs none.
 */
int mdgpu_vgpu_move(struct mdgpu_vgpu *v, int slice_start, int cu_start)
{
	struct mdgpu_gpu *gpu = v->gpu;
	u64 slice = div_u64(gpu->info.mem_bytes, gpu->info.mem_slices);
	struct mdgpu_placement old = v->pl, pl;
	int ret;

	if (!v->pl.cus && cu_start != MDGPU_PART_AUTO)
		return -EINVAL;
	mutex_lock(&gpu->lock);
	if (v->kaddr) {
		ret = -EBUSY;
		goto out_unlock;
	}
	mdgpu_part_free(&gpu->part, &old);
	ret = mdgpu_part_alloc(
		&gpu->part, &gpu->profiles[v->profile].req,
		slice_start == MDGPU_PART_AUTO ? old.slice_start : slice_start,
		v->pl.cus ? (cu_start == MDGPU_PART_AUTO ? old.cu_start :
							   cu_start) :
			    MDGPU_PART_AUTO,
		&pl);
	if (ret) {
		/* Just freed, so taking it back cannot fail. */
		WARN_ON(mdgpu_part_alloc(
			&gpu->part, &gpu->profiles[v->profile].req,
			old.slice_start,
			old.cus ? old.cu_start : MDGPU_PART_AUTO, &pl));
		goto out_unlock;
	}
	v->pl = pl;
	v->mem_offset = slice * pl.slice_start;
	if (pl.cus) {
		mdgpu_domain_set_cus(v->own_dom,
				     GENMASK_ULL(pl.cu_start + pl.cus - 1,
						 pl.cu_start));
		mdgpu_domain_set_cus(&gpu->shared, shared_cu_mask(gpu));
	}
out_unlock:
	mutex_unlock(&gpu->lock);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(mdgpu_vgpu_move, MDGPU_NS);

/**
 * mdgpu_vgpu_destroy() - scrub a vGPU's memory and give its placement back
 * @vgpu: from mdgpu_vgpu_create(); freed here
 *
 * Its queued commands are dropped and running ones waited for first.
 * The memory is scrubbed before the slices return to the free map, so no
 * later create can be handed them unscrubbed. If scrubbing fails the slices
 * stay held (leaked, and logged) rather than handed out dirty.
 * Context: process, may sleep; takes gpu->lock.
 */
void mdgpu_vgpu_destroy(struct mdgpu_vgpu *vgpu)
{
	struct mdgpu_gpu *gpu = vgpu->gpu;
	int ret;

	mdgpu_exec_detach(vgpu);
	vgpu_domain_teardown(vgpu);
	vgpu_unmap(vgpu);
	ret = gpu->ops->mem_scrub(gpu, vgpu->mem_offset, vgpu->mem_bytes);
	mutex_lock(&gpu->lock);
	list_del(&vgpu->node);
	gpu->nr_vgpus--;
	if (!ret)
		mdgpu_part_free(&gpu->part, &vgpu->pl);
	else if (vgpu->pl.cus) /* the units are no risk to hand back */
		gpu->part.cu_used &=
			~GENMASK_ULL(vgpu->pl.cu_start + vgpu->pl.cus - 1,
				     vgpu->pl.cu_start);
	if (vgpu->pl.cus)
		mdgpu_domain_set_cus(&gpu->shared, shared_cu_mask(gpu));
	mutex_unlock(&gpu->lock);
	if (ret)
		dev_err(&gpu->dev,
			"scrub of %pUl failed (%d): its %llu bytes stay out of use\n",
			&vgpu->uuid, ret, vgpu->mem_bytes);
	put_device(&gpu->dev);
	kfree(vgpu);
}
EXPORT_SYMBOL_NS_GPL(mdgpu_vgpu_destroy, MDGPU_NS);
