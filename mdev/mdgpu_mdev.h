/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The contract between the two halves of mdgpu_mdev.ko: parent.c faces the
 * GPU (mdev parents and types built from mdgpu.ko's profiles) and
 * vfio_ops.c faces the user (the VFIO device each mdev becomes).
 */
#ifndef MDGPU_MDEV_H
#define MDGPU_MDEV_H

#include <linux/mdev.h>
#include <linux/vfio.h>

#include "mdgpu/mdgpu.h"

#define MDGPU_MDEV_TYPE_NAME_LEN 48

/**
 * struct mdgpu_mdev_type - an mdev type: one profile of one GPU
 * @type: the mdev core's type object (must stay put until the parent goes)
 * @profile: index into the GPU's profiles
 * @pretty_name: what the type's `name` attribute shows
 */
struct mdgpu_mdev_type {
	struct mdev_type type;
	u32 profile;
	char pretty_name[MDGPU_MDEV_TYPE_NAME_LEN];
};

/**
 * struct mdgpu_mdev_parent - the mdev parent registered on one GPU
 * @parent: the mdev core's parent object
 * @gpu: the GPU; its class device is the parent device
 * @types: one per profile
 * @type_ptrs: what mdev_register_parent() takes
 */
struct mdgpu_mdev_parent {
	struct mdev_parent parent;
	struct mdgpu_gpu *gpu;
	struct mdgpu_mdev_type types[MDGPU_MAX_PROFILES];
	struct mdev_type *type_ptrs[MDGPU_MAX_PROFILES];
};

extern struct mdev_driver mdgpu_mdev_driver;
extern const struct attribute_group *mdgpu_mdev_groups[];

int mdgpu_mdev_parent_add(struct mdgpu_gpu *gpu);
void mdgpu_mdev_parent_remove(struct mdgpu_gpu *gpu);
int mdgpu_mdev_probe(struct mdev_device *mdev);
void mdgpu_mdev_remove(struct mdev_device *mdev);

static inline struct mdgpu_mdev_type *to_mdgpu_mdev_type(struct mdev_type *t)
{
	return container_of(t, struct mdgpu_mdev_type, type);
}

static inline struct mdgpu_gpu *mdgpu_mdev_type_gpu(struct mdev_type *t)
{
	return container_of(t->parent, struct mdgpu_mdev_parent, parent)->gpu;
}

#endif /* MDGPU_MDEV_H */
