// SPDX-License-Identifier: GPL-2.0-only
/*
 * The GPU-facing half of mdgpu_mdev.ko: an mdev parent on every GPU that
 * mdgpu.ko registers, one mdev type per profile, and the module's entry
 * points. Capacity accounting is mdgpu.ko's; the types only ask it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "mdgpu/compat.h"
#include "mdgpu_mdev.h"

static unsigned int mdgpu_mdev_get_available(struct mdev_type *mtype)
{
	return mdgpu_profile_available(mdgpu_mdev_type_gpu(mtype),
				       to_mdgpu_mdev_type(mtype)->profile);
}

/* Machine-readable: one key=value per line, documented in docs/abi.md. */
static ssize_t mdgpu_mdev_show_description(struct mdev_type *mtype, char *buf)
{
	struct mdgpu_gpu *gpu = mdgpu_mdev_type_gpu(mtype);
	const struct mdgpu_profile *p =
		&gpu->profiles[to_mdgpu_mdev_type(mtype)->profile];

	return sysfs_emit(
		buf,
		"mode=%s\ncompute_units=%u\nmemory=%llu\nmax_instances=%u\n"
		"placement_size=%u\n",
		p->req.cus ? "spatial" : "timesliced", p->req.cus, p->mem_bytes,
		p->max_instances, p->req.slices);
}

/*
 * Parents live in module memory, one slot per GPU id, not in kmalloc'ed
 * memory: the mdev core's type kobjects point back into them and may be
 * released after mdev_unregister_parent() returns.
 */
static struct mdgpu_mdev_parent mdgpu_mdev_parents[MDGPU_MAX_GPUS];

struct mdev_driver mdgpu_mdev_driver = {
	.device_api = VFIO_DEVICE_API_PCI_STRING,
	.driver = {
		.name = "mdgpu_mdev",
		.owner = THIS_MODULE,
		.mod_name = KBUILD_MODNAME,
		.dev_groups = mdgpu_mdev_groups,
	},
	.probe = mdgpu_mdev_probe,
	.remove = mdgpu_mdev_remove,
	.get_available = mdgpu_mdev_get_available,
	.show_description = mdgpu_mdev_show_description,
};

/**
 * mdgpu_mdev_parent_add() - register an mdev parent on a new GPU
 * @gpu: the GPU
 *
 * Context: mdgpu.ko's registry mutex is held (client callback).
 *
 * Return: 0 or -errno.
 */
int mdgpu_mdev_parent_add(struct mdgpu_gpu *gpu)
{
	struct mdgpu_mdev_parent *mp;
	u32 i;
	int ret;

	if (gpu->id < 0 || gpu->id >= MDGPU_MAX_GPUS)
		return -EINVAL;
	mp = &mdgpu_mdev_parents[gpu->id];
	memset(mp, 0, sizeof(*mp));
	mp->gpu = gpu;
	for (i = 0; i < gpu->nr_profiles; i++) {
		struct mdgpu_mdev_type *t = &mp->types[i];
		const struct mdgpu_profile *p = &gpu->profiles[i];

		t->profile = i;
		t->type.sysfs_name = p->name;
		snprintf(t->pretty_name, sizeof(t->pretty_name), "mdgpu %s %s",
			 p->req.cus ? "spatial" : "time-sliced", p->name);
		t->type.pretty_name = t->pretty_name;
		mp->type_ptrs[i] = &t->type;
	}
	ret = mdev_register_parent(&mp->parent, &gpu->dev, &mdgpu_mdev_driver,
				   mp->type_ptrs, gpu->nr_profiles);
	if (ret)
		return ret;
	gpu->client_priv = mp;
	return 0;
}

/**
 * mdgpu_mdev_parent_remove() - unregister a GPU's parent and all its mdevs
 * @gpu: the GPU
 *
 * Blocks while any of its mdevs is open; the device's request callback asks
 * the user (QEMU) to release it. Context: the registry mutex is held.
 */
void mdgpu_mdev_parent_remove(struct mdgpu_gpu *gpu)
{
	struct mdgpu_mdev_parent *mp = gpu->client_priv;

	if (!mp)
		return;
	mdev_unregister_parent(&mp->parent);
	gpu->client_priv = NULL;
}

static struct mdgpu_client mdgpu_mdev_client = {
	.name = "mdgpu_mdev",
	.add = mdgpu_mdev_parent_add,
	.remove = mdgpu_mdev_parent_remove,
};

static int __init mdgpu_mdev_init(void)
{
	int ret;

	/* A register-table bug must fail the load, not misdecode guest access. */
	ret = mdgpu_regs_table_check(mdgpu_bar0_regs, mdgpu_bar0_nr_regs);
	if (ret) {
		pr_err("BAR0 register table is inconsistent: %d\n", ret);
		return ret;
	}
	ret = mdev_register_driver(&mdgpu_mdev_driver);
	if (ret)
		return ret;
	ret = mdgpu_client_register(&mdgpu_mdev_client);
	if (ret)
		mdev_unregister_driver(&mdgpu_mdev_driver);
	return ret;
}

static void __exit mdgpu_mdev_exit(void)
{
	mdgpu_client_unregister(&mdgpu_mdev_client);
	mdev_unregister_driver(&mdgpu_mdev_driver);
}

module_init(mdgpu_mdev_init);
module_exit(mdgpu_mdev_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mdgpu mediated vGPU devices (mdev/VFIO)");
MODULE_IMPORT_NS(MDGPU_NS);
