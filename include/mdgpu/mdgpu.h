/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The contract inside the kernel between mdgpu.ko (GPU registry, partitions,
 * vGPU objects) and the modules around it: backends (mdgpu_sim.ko) register
 * GPUs; clients (mdgpu_mdev.ko) are told about each GPU and create vGPUs.
 * Symbols are exported in the MDGPU namespace.
 */
#ifndef MDGPU_MDGPU_H
#define MDGPU_MDGPU_H

#include <linux/device.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/uuid.h>

#include "mdgpu/partition.h"

#define MDGPU_MAX_GPUS		16
#define MDGPU_MAX_PROFILES	16
#define MDGPU_PROFILE_NAME_LEN	16

struct mdgpu_gpu;

/**
 * struct mdgpu_backend_ops - the one seam to hardware
 * @name: backend name shown in sysfs (`backend`)
 * @mem_page: return the page that backs GPU memory page @pgoff, allocating it
 *	if the backend allocates lazily; NULL if none can be had. May sleep.
 * @mem_scrub: make GPU memory [@off, @off + @len) read as zeroes, so that the
 *	next tenant sees nothing of the last. May sleep. Returns 0 or -errno.
 *
 * Every backend supplies every op; mdgpu.ko calls them with no lock of its
 * own held except where an op's comment says so.
 */
struct mdgpu_backend_ops {
	const char *name;
	struct page *(*mem_page)(struct mdgpu_gpu *gpu, pgoff_t pgoff);
	int (*mem_scrub)(struct mdgpu_gpu *gpu, u64 off, u64 len);
};

/**
 * struct mdgpu_gpu_info - capacity of a GPU as its backend describes it
 * @compute_units: compute units, a power of two in [1, MDGPU_PART_MAX_CUS]
 * @mem_bytes: memory size in bytes, a multiple of @mem_slices pages
 * @mem_slices: memory slices, a power of two in [1, MDGPU_PART_MAX_SLICES]
 */
struct mdgpu_gpu_info {
	u32 compute_units;
	u64 mem_bytes;
	u32 mem_slices;
};

/**
 * struct mdgpu_profile - one vGPU type a GPU offers
 * @name: short name, also the mdev type's sysfs name ("ts.64m")
 * @req: what one instance takes from the partition map
 * @mem_bytes: memory of one instance
 * @max_instances: instances that fit on an empty GPU
 */
struct mdgpu_profile {
	char name[MDGPU_PROFILE_NAME_LEN];
	struct mdgpu_part_req req;
	u64 mem_bytes;
	u32 max_instances;
};

/**
 * struct mdgpu_gpu - a registered GPU
 * @dev: the class device /sys/class/mdgpu/gpuN; its refcount owns this struct
 * @id: N in gpuN
 * @ops: backend operations
 * @backend_priv: the backend's own data
 * @info: capacity
 * @lock: protects @part, @vgpus and @nr_vgpus
 * @part: partition map
 * @vgpus: list of struct mdgpu_vgpu
 * @nr_vgpus: length of @vgpus
 * @profiles: the types this GPU offers
 * @nr_profiles: entries in @profiles
 * @client_priv: the client's per-GPU data (one client: mdgpu_mdev.ko)
 * @node: entry in the registry
 * @registered: visible to clients; cleared before teardown starts
 */
struct mdgpu_gpu {
	struct device dev;
	int id;
	const struct mdgpu_backend_ops *ops;
	void *backend_priv;
	struct mdgpu_gpu_info info;
	struct mutex lock;
	struct mdgpu_part part;
	struct list_head vgpus;
	u32 nr_vgpus;
	struct mdgpu_profile profiles[MDGPU_MAX_PROFILES];
	u32 nr_profiles;
	void *client_priv;
	struct list_head node;
	bool registered;
};

/**
 * struct mdgpu_vgpu - one vGPU: a placement on a GPU, owned by a client
 * @gpu: the GPU (a device reference is held)
 * @profile: index into @gpu->profiles
 * @uuid: the mdev UUID
 * @pl: placement in the partition map
 * @mem_offset: byte offset of this vGPU's memory in the GPU's memory
 * @mem_bytes: bytes of memory
 * @node: entry in @gpu->vgpus
 */
struct mdgpu_vgpu {
	struct mdgpu_gpu *gpu;
	u32 profile;
	guid_t uuid;
	struct mdgpu_placement pl;
	u64 mem_offset;
	u64 mem_bytes;
	struct list_head node;
};

/**
 * struct mdgpu_client - a module that builds on every GPU (mdgpu_mdev.ko)
 * @name: for log messages
 * @add: a GPU appeared; returns 0 or -errno (the GPU stays, unserved)
 * @remove: the GPU is going; undo @add and destroy every vGPU made on it
 * @node: registry entry
 *
 * Both callbacks run under the registry mutex, so they never race each other.
 */
struct mdgpu_client {
	const char *name;
	int (*add)(struct mdgpu_gpu *gpu);
	void (*remove)(struct mdgpu_gpu *gpu);
	struct list_head node;
};

struct mdgpu_gpu *mdgpu_gpu_register(struct device *parent, const struct mdgpu_gpu_info *info,
				     const struct mdgpu_backend_ops *ops, void *priv);
void mdgpu_gpu_unregister(struct mdgpu_gpu *gpu);
int mdgpu_client_register(struct mdgpu_client *client);
void mdgpu_client_unregister(struct mdgpu_client *client);

u32 mdgpu_profile_available(struct mdgpu_gpu *gpu, u32 profile);
struct mdgpu_vgpu *mdgpu_vgpu_create(struct mdgpu_gpu *gpu, u32 profile, const guid_t *uuid);
void mdgpu_vgpu_destroy(struct mdgpu_vgpu *vgpu);

static inline struct mdgpu_gpu *to_mdgpu_gpu(struct device *dev)
{
	return container_of(dev, struct mdgpu_gpu, dev);
}

#endif /* MDGPU_MDGPU_H */
