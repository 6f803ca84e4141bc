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
#include <linux/hrtimer.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/time64.h>
#include <linux/types.h>
#include <linux/uuid.h>
#include <linux/wait.h>

#include "mdgpu/partition.h"
#include "mdev/cmd_validate.h"
#include "scheduler/sched.h"

#define MDGPU_MAX_GPUS 16
#define MDGPU_MAX_PROFILES 16
#define MDGPU_PROFILE_NAME_LEN 16
#define MDGPU_WATCHDOG_DEFAULT_NS (2ULL * NSEC_PER_SEC)
#define MDGPU_WATCHDOG_MIN_MS 10
#define MDGPU_WATCHDOG_MAX_MS 600000

struct mdgpu_gpu;
struct mdgpu_vgpu;
struct mdgpu_work;

/**
 * struct mdgpu_chunk - a piece of one command run on one compute unit
 * @gpu: the GPU
 * @vgpu: whose work this is
 * @work: the command
 * @cu: the compute unit to run on
 * @first: first item
 * @count: items to run, at least 1
 * @run_ns: set by the backend: time its items took on the unit, without
 *	the wait for the unit (for tracing and the backend's own statistics)
 * @node: the backend's queue entry while the chunk waits for its unit
 *
 * The core fills it and hands it to &mdgpu_backend_ops.run_chunk; the
 * backend runs the items and calls mdgpu_chunk_done(). The chunk belongs to
 * the core; the backend must not touch it after mdgpu_chunk_done().
 */
struct mdgpu_chunk {
	struct mdgpu_gpu *gpu;
	struct mdgpu_vgpu *vgpu;
	struct mdgpu_work *work;
	u32 cu;
	u64 first;
	u64 count;
	u64 run_ns;
	struct list_head node;
};

/**
 * struct mdgpu_backend_ops - the one seam to hardware
 * @name: backend name shown in sysfs (`backend`)
 * @mem_page: return the page that backs GPU memory page @pgoff, allocating it
 *	if the backend allocates lazily; NULL if none can be had. May sleep.
 * @mem_scrub: make GPU memory [@off, @off + @len) read as zeroes, so that the
 *	next tenant sees nothing of the last. May sleep. Returns 0 or -errno.
 * @work_items: how many items a validated command splits into (0: it has no
 *	execution of its own, as NOP, FENCE and TIMESTAMP). Any context.
 * @work_state_size: bytes of scratch the command needs while it runs
 *	(for example partial sums); the core allocates it. Any context.
 * @run_chunk: start a chunk on its compute unit and return at once; call
 *	mdgpu_chunk_done() when it finished. Called with the GPU's exec lock
 *	held, so it must not sleep.
 * @work_finish: called once after the last item of a command ran, from the
 *	context of mdgpu_chunk_done() with no lock held (may use the FPU).
 *
 * Every backend supplies every op; mdgpu.ko calls them with no lock of its
 * own held except where an op's comment says so.
 */
struct mdgpu_backend_ops {
	const char *name;
	struct page *(*mem_page)(struct mdgpu_gpu *gpu, pgoff_t pgoff);
	int (*mem_scrub)(struct mdgpu_gpu *gpu, u64 off, u64 len);
	u64 (*work_items)(struct mdgpu_gpu *gpu,
			  const struct mdgpu_work_desc *d);
	size_t (*work_state_size)(struct mdgpu_gpu *gpu,
				  const struct mdgpu_work_desc *d);
	void (*run_chunk)(struct mdgpu_gpu *gpu, struct mdgpu_chunk *c);
	void (*work_finish)(struct mdgpu_vgpu *v, struct mdgpu_work *w);
};

/**
 * struct mdgpu_work - one validated command on its way through the core
 * @desc: the decoded command (a copy; guest memory is not read again)
 * @cookie: the client's (the ring slot)
 * @status: 0, or the MDGPU_ERR_* that ended it (the watchdog's TIMEOUT)
 * @items: from &mdgpu_backend_ops.work_items
 * @next: first item not yet handed out
 * @done: items finished
 * @run_ns: time its chunks ran (the watchdog's measure)
 * @state: scratch of &mdgpu_backend_ops.work_state_size bytes, or NULL
 * @node: entry in the vGPU's queue
 */
struct mdgpu_work {
	struct mdgpu_work_desc desc;
	u64 cookie;
	u32 status;
	u64 items;
	u64 next;
	u64 done;
	u64 run_ns;
	void *state;
	struct list_head node;
};

/**
 * struct mdgpu_vgpu_client_ops - how the core reports back to a vGPU's owner
 * @work_done: a command completed (in submission order), or was ended by
 *	the watchdog with w->status set. Called with the GPU's exec lock held:
 *	it must not sleep. The core frees @w afterwards.
 */
struct mdgpu_vgpu_client_ops {
	void (*work_done)(struct mdgpu_vgpu *v, struct mdgpu_work *w);
};

/**
 * struct mdgpu_domain - a set of compute units with its own scheduler
 * @sd: the scheduler core's domain
 * @gpu: the GPU
 * @cu_mask: its compute units (bit n: unit n); each chunk is spread over
 *	all of them. The shared domain's mask shrinks and grows as spatial
 *	vGPUs take and give back units; changed under the exec lock.
 * @nr_cus: bits set in @cu_mask
 * @running: the vGPU whose chunk runs now, or that holds the slice
 * @parts: chunk parts in flight (0: the domain is between chunks)
 * @chunk_start_ns: when the current chunk started
 * @chunk_items: items in the current chunk, over all its parts
 * @chunk_exec_ns: the longest time a part of the current chunk ran on its
 *	unit, as the backend reports it (&mdgpu_chunk.run_ns)
 * @chunk_slice_ns: the slice the current chunk was sized for
 * @ns_per_item: the last estimate of any vGPU here, per work kind: a new
 *	vGPU's first chunks start from it instead of one item per unit
 * @chunk: one chunk part per compute unit
 * @timer: wakes an idle domain when a throttled vGPU may run again
 * @timer_armed: @timer is pending
 */
struct mdgpu_domain {
	struct mgs_domain sd;
	struct mdgpu_gpu *gpu;
	u64 cu_mask;
	u32 nr_cus;
	struct mdgpu_vgpu *running;
	u32 parts;
	u64 chunk_start_ns;
	u64 chunk_items;
	u64 chunk_exec_ns;
	u64 chunk_slice_ns;
	u64 ns_per_item[MDGPU_WORK_TIMESTAMP + 1];
	struct mdgpu_chunk chunk[MDGPU_PART_MAX_CUS];
	struct hrtimer timer;
	bool timer_armed;
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
 * @exec_lock: protects every domain and every vGPU's queue; taken from
 *	process, backend and timer context, always with interrupts off
 * @shared: the domain of the compute units no spatial vGPU holds
 * @watchdog_ns: a command running longer is ended with MDGPU_ERR_TIMEOUT
 * @debugfs: /sys/kernel/debug/mdgpu/gpuN
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
	spinlock_t exec_lock;
	struct mdgpu_domain shared;
	u64 watchdog_ns;
	struct dentry *debugfs;
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
 * @pages: the pages of its memory, in order (references held), from the
 *	first open on (mdgpu_vgpu_map())
 * @kaddr: its memory mapped contiguously in the kernel, or NULL before
 * @dom: the domain it is scheduled in: the GPU's shared one, or for a
 *	spatial vGPU @own_dom over its own compute units
 * @own_dom: a spatial vGPU's domain
 * @ent: its scheduler entity
 * @queue: commands submitted and not yet completed, in order
 * @nr_queued: length of @queue
 * @parts: chunk parts of its commands in flight
 * @stopping: a queue reset is in progress; nothing new is dispatched
 * @idle_wq: woken when @parts drops to 0
 * @cops: the client's callbacks
 * @client: the client's data
 * @ns_per_item: wall time per item of a chunk, per work kind, as measured
 *	on this vGPU's domain; sizes chunks to the time slice
 * @completed: commands completed
 */
struct mdgpu_vgpu {
	struct mdgpu_gpu *gpu;
	u32 profile;
	guid_t uuid;
	struct mdgpu_placement pl;
	u64 mem_offset;
	u64 mem_bytes;
	struct list_head node;
	struct page **pages;
	u8 *kaddr;
	struct mdgpu_domain *dom;
	struct mdgpu_domain *own_dom;
	struct mgs_entity ent;
	struct list_head queue;
	u32 nr_queued;
	u32 parts;
	bool stopping;
	wait_queue_head_t idle_wq;
	const struct mdgpu_vgpu_client_ops *cops;
	void *client;
	u64 ns_per_item[MDGPU_WORK_TIMESTAMP + 1];
	u64 completed;
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

struct mdgpu_gpu *mdgpu_gpu_register(struct device *parent,
				     const struct mdgpu_gpu_info *info,
				     const struct mdgpu_backend_ops *ops,
				     void *priv);
void mdgpu_gpu_unregister(struct mdgpu_gpu *gpu);
int mdgpu_client_register(struct mdgpu_client *client);
void mdgpu_client_unregister(struct mdgpu_client *client);

u32 mdgpu_profile_available(struct mdgpu_gpu *gpu, u32 profile);
struct mdgpu_vgpu *mdgpu_vgpu_create(struct mdgpu_gpu *gpu, u32 profile,
				     const guid_t *uuid,
				     const struct mdgpu_vgpu_client_ops *cops,
				     void *client);
void mdgpu_vgpu_destroy(struct mdgpu_vgpu *vgpu);
int mdgpu_vgpu_map(struct mdgpu_vgpu *v);
int mdgpu_vgpu_move(struct mdgpu_vgpu *v, int slice_start, int cu_start);

struct mdgpu_work *mdgpu_work_alloc(struct mdgpu_vgpu *v,
				    const struct mdgpu_work_desc *d,
				    u64 cookie);
void mdgpu_work_free(struct mdgpu_work *w);
void mdgpu_vgpu_submit(struct mdgpu_vgpu *v, struct mdgpu_work *w);
void mdgpu_vgpu_flush(struct mdgpu_vgpu *v);
void mdgpu_chunk_done(struct mdgpu_chunk *c);
void mdgpu_vgpu_read_stats(struct mdgpu_vgpu *v, struct mgs_entity_stats *st);
void mdgpu_vgpu_get_qos(struct mdgpu_vgpu *v, struct mgs_entity_config *cfg);
int mdgpu_vgpu_update_qos(struct mdgpu_vgpu *v,
			  void (*update)(struct mgs_entity_config *cfg,
					 u32 arg),
			  u32 arg);
u64 mdgpu_now_ns(void);

static inline struct mdgpu_gpu *to_mdgpu_gpu(struct device *dev)
{
	return container_of(dev, struct mdgpu_gpu, dev);
}

#endif /* MDGPU_MDGPU_H */
