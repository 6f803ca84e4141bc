// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The context: one snapshot of a host's mdgpu sysfs (GPUs with their
 * profiles and vGPUs), taken at open and again at each refresh, and the
 * iterators and lookups over it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib_internal.h"

/* "gpuN" with N decimal, no leading zero; -1 for anything else. */
static int gpu_id_of(const char *name)
{
	__u32 id;

	if (strncmp(name, "gpu", 3) || (name[3] == '0' && name[4]) ||
	    parse_u32(name + 3, &id) || id > 4095)
		return -1;
	return id;
}

static int cmp_gpu(const void *a, const void *b)
{
	return (*(struct mdgpu_gpu *const *)a)->id -
	       (*(struct mdgpu_gpu *const *)b)->id;
}

static void ctx_clear(struct mdgpu_ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->nr_gpus; i++)
		gpu_free(ctx->gpus[i]);
	free(ctx->gpus);
	ctx->gpus = NULL;
	ctx->nr_gpus = 0;
}

static int ctx_add_gpu(struct mdgpu_ctx *ctx, const char *name, int id)
{
	struct mdgpu_gpu *gpu, **v;
	int ret;

	gpu = calloc(1, sizeof(*gpu));
	v = realloc(ctx->gpus, (ctx->nr_gpus + 1) * sizeof(*v));
	if (!gpu || !v) {
		free(gpu);
		if (v)
			ctx->gpus = v;
		return -ENOMEM;
	}
	ctx->gpus = v;
	gpu->ctx = ctx;
	gpu->id = id;
	snprintf(gpu->name, sizeof(gpu->name), "%s", name);
	ret = gpu_load(gpu);
	if (ret) {
		gpu_free(gpu);
		return ret;
	}
	ctx->gpus[ctx->nr_gpus++] = gpu;
	return 0;
}

static int ctx_load(struct mdgpu_ctx *ctx)
{
	char **names;
	size_t nr, i;
	int ret, id;

	ret = sysfs_list(ctx->root, "class/mdgpu", &names, &nr);
	if (ret == -ENOENT) {
		pr_warn("%s/class/mdgpu does not exist: mdgpu is not loaded; load it and a backend (modprobe mdgpu_sim; modprobe mdgpu_mdev)\n",
			ctx->root);
		return -ENODEV;
	}
	if (ret) {
		pr_warn("cannot list %s/class/mdgpu: %s\n", ctx->root,
			mdgpu_strerror(ret));
		return ret;
	}
	for (i = 0; i < nr && !ret; i++) {
		id = gpu_id_of(names[i]);
		if (id < 0) {
			pr_debug("ignoring %s/class/mdgpu/%s\n", ctx->root,
				 names[i]);
			continue;
		}
		ret = ctx_add_gpu(ctx, names[i], id);
	}
	sysfs_free_list(names, nr);
	if (ret) {
		ctx_clear(ctx);
		return ret;
	}
	qsort(ctx->gpus, ctx->nr_gpus, sizeof(*ctx->gpus), cmp_gpu);
	for (i = 0; i < ctx->nr_gpus; i++)
		ctx->gpus[i]->idx = i;
	return 0;
}

/**
 * mdgpu_ctx__open() - read a host's GPUs, profiles and vGPUs
 * @opts: options (NULL for the defaults: sysfs at /sys)
 *
 * Reads everything once; getters then answer from that snapshot, except
 * statistics, which mdgpu_vgpu__read_stats() reads live. A context is not
 * thread-safe; use one per thread.
 *
 * Return: the context, or NULL with errno set: ENODEV if mdgpu is not
 * loaded, EPROTO if sysfs holds something this library does not
 * understand, EINVAL for bad options, ENOMEM.
 */
MDGPU_API struct mdgpu_ctx *mdgpu_ctx__open(const struct mdgpu_ctx_opts *opts)
{
	const char *root;
	struct mdgpu_ctx *ctx;
	int ret;

	if (!OPTS_VALID(opts, mdgpu_ctx_opts))
		return lib_err_ptr(-EINVAL);
	root = OPTS_GET(opts, sysfs_root, NULL);
	if (!root || !*root)
		root = "/sys";
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return lib_err_ptr(-ENOMEM);
	ctx->root = strdup(root);
	if (!ctx->root) {
		free(ctx);
		return lib_err_ptr(-ENOMEM);
	}
	ret = ctx_load(ctx);
	if (ret) {
		mdgpu_ctx__close(ctx);
		return lib_err_ptr(ret);
	}
	return ctx;
}

/**
 * mdgpu_ctx__close() - free a context and every handle it gave out
 * @ctx: the context, or NULL
 */
MDGPU_API void mdgpu_ctx__close(struct mdgpu_ctx *ctx)
{
	if (!ctx)
		return;
	ctx_clear(ctx);
	free(ctx->root);
	free(ctx);
}

/**
 * mdgpu_ctx__refresh() - take a new snapshot
 * @ctx: the context
 *
 * Every GPU, profile and vGPU handle obtained before is invalid afterwards
 * (look them up again by name or UUID), whether or not it succeeds. On
 * failure the context holds no GPUs.
 *
 * Return: 0 or a negative errno (errno set), as mdgpu_ctx__open().
 */
MDGPU_API int mdgpu_ctx__refresh(struct mdgpu_ctx *ctx)
{
	if (!ctx)
		return lib_err(-EINVAL);
	ctx_clear(ctx);
	return lib_err(ctx_load(ctx));
}

/**
 * mdgpu_ctx__sysfs_root() - where the context reads sysfs
 * @ctx: the context
 *
 * Return: the root, "/sys" by default.
 */
MDGPU_API const char *mdgpu_ctx__sysfs_root(const struct mdgpu_ctx *ctx)
{
	return ctx->root;
}

/**
 * mdgpu_ctx__gpu_cnt() - number of GPUs
 * @ctx: the context
 *
 * Return: the count.
 */
MDGPU_API size_t mdgpu_ctx__gpu_cnt(const struct mdgpu_ctx *ctx)
{
	return ctx->nr_gpus;
}

/**
 * mdgpu_ctx__next_gpu() - iterate over GPUs, in id order
 * @ctx: the context
 * @prev: the previous GPU, or NULL for the first
 *
 * Return: the next GPU, or NULL after the last.
 */
MDGPU_API struct mdgpu_gpu *mdgpu_ctx__next_gpu(const struct mdgpu_ctx *ctx,
						const struct mdgpu_gpu *prev)
{
	size_t i = prev ? prev->idx + 1 : 0;

	return i < ctx->nr_gpus ? ctx->gpus[i] : NULL;
}

/**
 * mdgpu_ctx__find_gpu() - look a GPU up by name
 * @ctx: the context
 * @name: "gpuN", or just "N"
 *
 * Return: the GPU, or NULL with errno ENOENT.
 */
MDGPU_API struct mdgpu_gpu *mdgpu_ctx__find_gpu(const struct mdgpu_ctx *ctx,
						const char *name)
{
	char full[16];
	size_t i;

	if (!name)
		return lib_err_ptr(-EINVAL);
	if (name[0] >= '0' && name[0] <= '9' && strlen(name) < 8) {
		snprintf(full, sizeof(full), "gpu%s", name);
		name = full;
	}
	for (i = 0; i < ctx->nr_gpus; i++) {
		if (!strcmp(ctx->gpus[i]->name, name))
			return ctx->gpus[i];
	}
	return lib_err_ptr(-ENOENT);
}

/**
 * mdgpu_ctx__vgpu_cnt() - number of vGPUs on all GPUs
 * @ctx: the context
 *
 * Return: the count (destroyed ones not included).
 */
MDGPU_API size_t mdgpu_ctx__vgpu_cnt(const struct mdgpu_ctx *ctx)
{
	size_t i, n = 0;

	for (i = 0; i < ctx->nr_gpus; i++)
		n += mdgpu_gpu__vgpu_cnt(ctx->gpus[i]);
	return n;
}

/**
 * mdgpu_ctx__next_vgpu() - iterate over the vGPUs of all GPUs
 * @ctx: the context
 * @prev: the previous vGPU, or NULL for the first
 *
 * GPU by GPU in id order; within a GPU, in the order the kernel lists them.
 *
 * Return: the next vGPU, or NULL after the last.
 */
MDGPU_API struct mdgpu_vgpu *mdgpu_ctx__next_vgpu(const struct mdgpu_ctx *ctx,
						  const struct mdgpu_vgpu *prev)
{
	const struct mdgpu_gpu *gpu = prev ? prev->gpu :
					     mdgpu_ctx__next_gpu(ctx, NULL);
	struct mdgpu_vgpu *v;

	while (gpu) {
		v = mdgpu_gpu__next_vgpu(gpu, prev);
		if (v)
			return v;
		gpu = mdgpu_ctx__next_gpu(ctx, gpu);
		prev = NULL;
	}
	return NULL;
}

/**
 * mdgpu_ctx__find_vgpu() - look a vGPU up by UUID
 * @ctx: the context
 * @uuid: its UUID, either case
 *
 * Return: the vGPU, or NULL with errno ENOENT (EINVAL if @uuid is not a
 * UUID).
 */
MDGPU_API struct mdgpu_vgpu *mdgpu_ctx__find_vgpu(const struct mdgpu_ctx *ctx,
						  const char *uuid)
{
	char norm[MDGPU_UUID_SIZE];
	struct mdgpu_vgpu *v;

	if (mdgpu_uuid_normalize(uuid, norm))
		return lib_err_ptr(-EINVAL);
	mdgpu_ctx__for_each_vgpu(v, ctx) {
		if (!strcmp(v->uuid, norm))
			return v;
	}
	return lib_err_ptr(-ENOENT);
}
