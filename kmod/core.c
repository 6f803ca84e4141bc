// SPDX-License-Identifier: GPL-2.0-only
/*
 * mdgpu.ko: the registry of GPUs that backends provide, the /sys/class/mdgpu
 * class, and the client list (mdgpu_mdev.ko) that is told about each GPU.
 * One mutex, mdgpu_registry_lock, orders registration against clients.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/idr.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "mdgpu/compat.h"
#include "mdgpu/mdgpu.h"
#include "mdgpu_core.h"

static DEFINE_MUTEX(mdgpu_registry_lock);
static LIST_HEAD(mdgpu_gpus);
static LIST_HEAD(mdgpu_clients);
static DEFINE_IDA(mdgpu_ida);

static struct class mdgpu_class = {
	.name = "mdgpu",
	.dev_groups = mdgpu_gpu_groups,
};

static void gpu_release(struct device *dev)
{
	struct mdgpu_gpu *gpu = to_mdgpu_gpu(dev);

	ida_free(&mdgpu_ida, gpu->id);
	mutex_destroy(&gpu->lock);
	kfree(gpu);
}

static int gpu_info_check(const struct mdgpu_gpu_info *info)
{
	u64 slice;

	if (!info->mem_slices || !info->mem_bytes)
		return -EINVAL;
	slice = div_u64(info->mem_bytes, info->mem_slices);
	if (slice * info->mem_slices != info->mem_bytes || !slice ||
	    !PAGE_ALIGNED(slice))
		return -EINVAL;
	return 0;
}

/**
 * mdgpu_gpu_register() - add a GPU that a backend drives
 * @parent: the backend's device, or NULL for a virtual GPU
 * @info: capacity; copied
 * @ops: backend operations; must outlive the GPU
 * @priv: the backend's data, available as gpu->backend_priv
 *
 * Creates /sys/class/mdgpu/gpuN, builds the profile catalog and tells every
 * client. Context: process, may sleep; takes the registry mutex.
 *
 * Return: the GPU, or an ERR_PTR (-EINVAL for a bad capacity, -ENOSPC when
 * MDGPU_MAX_GPUS are registered, -ENOMEM).
 */
struct mdgpu_gpu *mdgpu_gpu_register(struct device *parent,
				     const struct mdgpu_gpu_info *info,
				     const struct mdgpu_backend_ops *ops,
				     void *priv)
{
	struct mdgpu_client *client;
	struct mdgpu_gpu *gpu;
	int ret;

	if (!ops || !ops->mem_page || !ops->mem_scrub || gpu_info_check(info))
		return ERR_PTR(-EINVAL);
	gpu = kzalloc(sizeof(*gpu), GFP_KERNEL);
	if (!gpu)
		return ERR_PTR(-ENOMEM);
	ret = mdgpu_part_init(&gpu->part, info->mem_slices,
			      info->compute_units);
	if (ret)
		goto err_free;
	ret = ida_alloc_max(&mdgpu_ida, MDGPU_MAX_GPUS - 1, GFP_KERNEL);
	if (ret < 0)
		goto err_free;
	gpu->id = ret;
	gpu->info = *info;
	gpu->ops = ops;
	gpu->backend_priv = priv;
	mutex_init(&gpu->lock);
	INIT_LIST_HEAD(&gpu->vgpus);
	spin_lock_init(&gpu->exec_lock);
	gpu->watchdog_ns = MDGPU_WATCHDOG_DEFAULT_NS;
	ret = mdgpu_domain_init(&gpu->shared, gpu,
				GENMASK_ULL(info->compute_units - 1, 0));
	if (ret)
		goto err_free_id;
	mdgpu_profiles_build(gpu);

	device_initialize(&gpu->dev);
	gpu->dev.class = &mdgpu_class;
	gpu->dev.parent = parent;
	gpu->dev.release = gpu_release;
	ret = dev_set_name(&gpu->dev, "gpu%d", gpu->id);
	if (ret)
		goto err_put;
	ret = device_add(&gpu->dev);
	if (ret)
		goto err_put;

	mutex_lock(&mdgpu_registry_lock);
	list_add_tail(&gpu->node, &mdgpu_gpus);
	gpu->registered = true;
	list_for_each_entry(client, &mdgpu_clients, node) {
		ret = client->add(gpu);
		if (ret)
			dev_warn(&gpu->dev, "%s could not serve this GPU: %d\n",
				 client->name, ret);
	}
	mutex_unlock(&mdgpu_registry_lock);
	mdgpu_debugfs_gpu_add(gpu);
	dev_info(&gpu->dev,
		 "%s backend, %u compute units, %llu MiB, %u profiles\n",
		 ops->name, info->compute_units, info->mem_bytes >> 20,
		 gpu->nr_profiles);
	return gpu;

err_put:
	put_device(&gpu->dev); /* gpu_release frees the id and gpu */
	return ERR_PTR(ret);
err_free_id:
	ida_free(&mdgpu_ida, gpu->id);
err_free:
	kfree(gpu);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_NS_GPL(mdgpu_gpu_register, MDGPU_NS);

/**
 * mdgpu_gpu_unregister() - remove a GPU
 * @gpu: a GPU from mdgpu_gpu_register()
 *
 * Clients destroy every vGPU on it first. A vGPU that userspace still holds
 * open makes this wait until it is closed (the VFIO request path asks the
 * user to let go). Context: process, may sleep; takes the registry mutex.
 */
void mdgpu_gpu_unregister(struct mdgpu_gpu *gpu)
{
	struct mdgpu_client *client;

	mdgpu_debugfs_gpu_remove(gpu);
	mutex_lock(&mdgpu_registry_lock);
	gpu->registered = false;
	list_for_each_entry_reverse(client, &mdgpu_clients, node)
		client->remove(gpu);
	list_del(&gpu->node);
	mutex_unlock(&mdgpu_registry_lock);

	WARN_ON(gpu->nr_vgpus); /* a client left a vGPU behind: a bug of ours */
	mdgpu_domain_fini(&gpu->shared);
	device_unregister(&gpu->dev);
}
EXPORT_SYMBOL_NS_GPL(mdgpu_gpu_unregister, MDGPU_NS);

/**
 * mdgpu_client_register() - serve every GPU, present and future
 * @client: callbacks; must stay valid until mdgpu_client_unregister()
 *
 * @client->add is called for each GPU already registered. If one fails the
 * GPUs already added are removed again and the client is not registered.
 * Context: process, may sleep.
 *
 * Return: 0, or the first error from @client->add.
 */
int mdgpu_client_register(struct mdgpu_client *client)
{
	struct mdgpu_gpu *gpu;
	int ret = 0;

	mutex_lock(&mdgpu_registry_lock);
	list_for_each_entry(gpu, &mdgpu_gpus, node) {
		ret = client->add(gpu);
		if (ret)
			break;
	}
	if (ret) {
		list_for_each_entry_continue_reverse(gpu, &mdgpu_gpus, node)
			client->remove(gpu);
	} else {
		list_add_tail(&client->node, &mdgpu_clients);
	}
	mutex_unlock(&mdgpu_registry_lock);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(mdgpu_client_register, MDGPU_NS);

/**
 * mdgpu_client_unregister() - stop serving GPUs
 * @client: a registered client
 *
 * @client->remove is called for every GPU. Context: process, may sleep.
 */
void mdgpu_client_unregister(struct mdgpu_client *client)
{
	struct mdgpu_gpu *gpu;

	mutex_lock(&mdgpu_registry_lock);
	list_del(&client->node);
	list_for_each_entry_reverse(gpu, &mdgpu_gpus, node)
		client->remove(gpu);
	mutex_unlock(&mdgpu_registry_lock);
}
EXPORT_SYMBOL_NS_GPL(mdgpu_client_unregister, MDGPU_NS);

static int __init mdgpu_init(void)
{
	int ret = class_register(&mdgpu_class);

	if (!ret)
		mdgpu_debugfs_init();
	return ret;
}

static void __exit mdgpu_exit(void)
{
	/* Backends hold a module reference on us, so no GPU is left here. */
	WARN_ON(!list_empty(&mdgpu_gpus));
	mdgpu_debugfs_exit();
	class_unregister(&mdgpu_class);
	ida_destroy(&mdgpu_ida);
}

module_init(mdgpu_init);
module_exit(mdgpu_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mdgpu: GPU registry, partitions and vGPU core");
