/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The contract between the two halves of mdgpu_mdev.ko: parent.c faces the
 * GPU (mdev parents and types built from mdgpu.ko's profiles) and
 * vfio_ops.c faces the user (the VFIO device each mdev becomes).
 */
#ifndef MDGPU_MDEV_H
#define MDGPU_MDEV_H

#include <linux/atomic.h>
#include <linux/eventfd.h>
#include <linux/mdev.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/vfio.h>
#include <linux/workqueue.h>

#include "mdgpu/mdgpu.h"
#include "cfgspace.h"
#include "regs.h"

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

/* Region offsets in the device fd: the VFIO region index in the top bits. */
#define MDGPU_MDEV_REGION_SHIFT 40
#define MDGPU_MDEV_REGION_OFF(idx) ((u64)(idx) << MDGPU_MDEV_REGION_SHIFT)
#define MDGPU_MDEV_REGION_IDX(off) ((off) >> MDGPU_MDEV_REGION_SHIFT)
#define MDGPU_MDEV_REGION_MASK (MDGPU_MDEV_REGION_OFF(1) - 1)

/**
 * struct mdgpu_mdev_state - one mediated vGPU device
 * @vdev: the VFIO device; first, as vfio_alloc_device() requires
 * @vgpu: the vGPU in mdgpu.ko
 * @lock: serializes the user side: region access, ioctls, fetch, reset
 * @irq_lock: protects @cfg, @regs, @head, @queue_error and the eventfds;
 *	taken inside the core's exec lock by completions, so nothing here
 *	calls into the core while holding it
 * @cfg: PCI config space
 * @regs: BAR0 registers
 * @bar2_size: size of the BAR2 window (a power of two, >= the memory)
 * @head: next ring slot to fetch (QUEUE_HEAD)
 * @queue_error: the queue stopped on an error until reset
 * @fence: last completed fence value
 * @stats: accounting snapshot for the BUSY/WAIT registers
 * @intx_trigger: INTx eventfd, or NULL
 * @msi_trigger: MSI eventfd, or NULL
 * @req_trigger: device request eventfd, or NULL
 * @intx_masked: the INTx line is masked at the VFIO level (AUTOMASKED)
 * @fetch_throttled: fetching stopped at MDGPU_MAX_INFLIGHT; a completion
 *	that brings the queue down to half schedules @fetch_work
 * @fetch_work: fetches again after throttling (process context)
 * @in_use: a VFIO user has the device open: set by the first open once it
 *	succeeded, cleared at the start of the last close (the VFIO core
 *	serializes both); read locklessly by the in_use attribute
 * @nr_errors: times the queue stopped on an error (error_locked())
 * @nr_resets: resets the user asked for (register or VFIO_DEVICE_RESET),
 *	not the ones at open and close
 */
struct mdgpu_mdev_state {
	struct vfio_device vdev;
	struct mdgpu_vgpu *vgpu;
	struct mutex lock;
	spinlock_t irq_lock;
	struct mdgpu_cfg cfg;
	struct mdgpu_regs regs;
	u64 bar2_size;
	u32 head;
	bool queue_error;
	u64 fence;
	struct mgs_entity_stats stats;
	struct eventfd_ctx *intx_trigger;
	struct eventfd_ctx *msi_trigger;
	struct eventfd_ctx *req_trigger;
	bool intx_masked;
	bool fetch_throttled;
	struct work_struct fetch_work;
	bool in_use;
	atomic64_t nr_errors;
	atomic64_t nr_resets;
};

extern struct mdev_driver mdgpu_mdev_driver;
extern const struct mdgpu_vgpu_client_ops mdgpu_mdev_client_ops;
extern const struct attribute_group *mdgpu_mdev_groups[];

int mdgpu_mdev_parent_add(struct mdgpu_gpu *gpu);
void mdgpu_mdev_parent_remove(struct mdgpu_gpu *gpu);
int mdgpu_mdev_probe(struct mdev_device *mdev);
void mdgpu_mdev_remove(struct mdev_device *mdev);

void mdgpu_dev_init(struct mdgpu_mdev_state *st);
void mdgpu_dev_fini(struct mdgpu_mdev_state *st);
void mdgpu_dev_reset(struct mdgpu_mdev_state *st, bool cfg_too);
int mdgpu_dev_bar0_read(struct mdgpu_mdev_state *st, u32 off, u32 len,
			u64 *val);
int mdgpu_dev_bar0_write(struct mdgpu_mdev_state *st, u32 off, u32 len,
			 u64 val);
int mdgpu_dev_cfg_read(struct mdgpu_mdev_state *st, u32 off, u32 len, u32 *val);
int mdgpu_dev_cfg_write(struct mdgpu_mdev_state *st, u32 off, u32 len, u32 val);
void mdgpu_dev_irq_update_locked(struct mdgpu_mdev_state *st, u32 edge);

static inline struct mdgpu_mdev_type *to_mdgpu_mdev_type(struct mdev_type *t)
{
	return container_of(t, struct mdgpu_mdev_type, type);
}

static inline struct mdgpu_gpu *mdgpu_mdev_type_gpu(struct mdev_type *t)
{
	return container_of(t->parent, struct mdgpu_mdev_parent, parent)->gpu;
}

#endif /* MDGPU_MDEV_H */
