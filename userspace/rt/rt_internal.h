/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Inside libmdgpu-rt: the device object, the transport seam (one small ops
 * table: VFIO from a host process, PCI inside a guest), and the pure helpers (allocator,
 * ring arithmetic, command checks) that the unit tests link directly.
 */
#ifndef RT_INTERNAL_H
#define RT_INTERNAL_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "mdgpu/mdgpu_rt.h"

/* ---- errors and messages ---- */

/*
 * The kernel's __printf(), split so that checkpatch's attribute check (meant
 * for code that has the kernel's macro) passes its definition.
 */
/* clang-format off */
#ifndef __printf
#define __printf(a, b) __attribute__(( \
	format(printf, a, b)))
#endif
/* clang-format on */
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* Set errno from a negative error code and return the code (libbpf's libbpf_err()). */
static inline int rt_err(int err)
{
	if (err < 0)
		errno = -err;
	return err;
}

/* NULL with errno set, for pointer returns. */
static inline void *rt_err_ptr(int err)
{
	errno = -err;
	return NULL;
}

__printf(2, 3) void rt_print(enum mdgpu_rt_print_level level, const char *fmt,
			     ...);

#define pr_warn(fmt, ...) \
	rt_print(MDGPU_RT_WARN, "mdgpu-rt: " fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) \
	rt_print(MDGPU_RT_INFO, "mdgpu-rt: " fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) \
	rt_print(MDGPU_RT_DEBUG, "mdgpu-rt: " fmt, ##__VA_ARGS__)

/* libbpf's OPTS_VALID: known size, and nothing non-zero past what we know. */
bool rt_opts_valid(const void *opts, size_t known_sz, size_t user_sz,
		   const char *name);
#define OPTS_VALID(opts, type)                                             \
	(!(opts) ||                                                        \
	 rt_opts_valid(opts, offsetofend(struct type, type##__last_field), \
		       (opts)->sz, #type))
#define OPTS_GET(opts, field, fallback)                                    \
	((opts) && (opts)->sz >= offsetofend(__typeof__(*(opts)), field) ? \
		 (opts)->field :                                           \
		 (fallback))
#ifndef offsetofend
#define offsetofend(TYPE, FIELD) \
	(offsetof(TYPE, FIELD) + sizeof(((TYPE *)0)->FIELD))
#endif

/* ---- device memory allocator (heap.c): first fit over [0, size) ---- */

/**
 * struct rt_extent - a free byte range of device memory
 * @off: first byte
 * @len: bytes
 */
struct rt_extent {
	__u64 off;
	__u64 len;
};

/**
 * struct rt_heap - free extents, sorted by offset, never adjacent
 * @size: bytes managed
 * @free: the extents
 * @nr: extents in use
 * @cap: extents allocated
 */
struct rt_heap {
	__u64 size;
	struct rt_extent *free;
	__u32 nr;
	__u32 cap;
};

int rt_heap_init(struct rt_heap *h, __u64 size);
void rt_heap_fini(struct rt_heap *h);
int rt_heap_alloc(struct rt_heap *h, __u64 size, __u64 align, __u64 *off);
int rt_heap_free(struct rt_heap *h, __u64 off, __u64 size);
__u64 rt_heap_avail(const struct rt_heap *h);

/* ---- ring arithmetic (the ring holds at most entries - 1 commands) ---- */

static inline __u32 rt_ring_used(__u32 head, __u32 tail, __u32 entries)
{
	return (tail - head) & (entries - 1);
}

static inline __u32 rt_ring_free(__u32 head, __u32 tail, __u32 entries)
{
	return entries - 1 - rt_ring_used(head, tail, entries);
}

static inline __u32 rt_ring_next(__u32 index, __u32 n, __u32 entries)
{
	return (index + n) & (entries - 1);
}

static inline bool rt_is_pow2(__u64 v)
{
	return v && !(v & (v - 1));
}

/* ---- command checks (check.c), the device's rules on the API side ---- */

/**
 * struct rt_check_result - why a command would be rejected
 * @code: enum mdgpu_error the device would report (%MDGPU_ERR_NONE: valid)
 * @field: byte offset of the offending field in the entry
 * @why: a short explanation for messages
 */
struct rt_check_result {
	__u32 code;
	__u32 field;
	const char *why;
};

__u32 rt_cmd_check(const struct mdgpu_cmd *cmd, __u64 mem_size,
		   struct rt_check_result *res);
int rt_check_errno(__u32 code);

/* ---- transport seam ---- */

/**
 * struct rt_transport_ops - what a transport provides to the device object
 * @name: "vfio", "pci"
 * @irq_modes: RT_IRQ_MODE() of each interrupt wait mode (MSI, INTX) the
 *	transport can deliver; 0 if none
 * @reg_read: one 32-bit BAR0 register
 * @reg_write: one 32-bit BAR0 register
 * @reg_read64: a latched LO/HI pair in one access (may be NULL: LO then HI)
 * @map_mem: map @size bytes of BAR2 at *@ptr (shared, read/write), faulted in
 *	at once if @populate
 * @mem_rw: copy to or from vGPU memory without the mapping (may be NULL)
 * @irq_arm: deliver interrupts for @mode (MSI or INTX), or stop (any other)
 * @irq_wait: sleep until an interrupt, the timeout (ms, -1 none) or a
 *	release request: 1, 0, -ESHUTDOWN, or -errno
 * @irq_unmask: re-enable a level-triggered line after the causes are acked
 * @func_reset: function-level reset
 * @req_fd: fd readable when the host asks for the device back, or -1
 * @close: unmap, disarm and release everything the transport holds
 */
struct rt_transport_ops {
	const char *name;
	__u32 irq_modes;
	int (*reg_read)(struct mdgpu_rt_dev *dev, __u32 off, __u32 *val);
	int (*reg_write)(struct mdgpu_rt_dev *dev, __u32 off, __u32 val);
	int (*reg_read64)(struct mdgpu_rt_dev *dev, __u32 off, __u64 *val);
	int (*map_mem)(struct mdgpu_rt_dev *dev, __u64 size, bool populate,
		       void **ptr);
	int (*mem_rw)(struct mdgpu_rt_dev *dev, __u64 off, void *buf, __u64 len,
		      bool write);
	int (*irq_arm)(struct mdgpu_rt_dev *dev, enum mdgpu_rt_wait_mode mode);
	int (*irq_wait)(struct mdgpu_rt_dev *dev, int timeout_ms);
	int (*irq_unmask)(struct mdgpu_rt_dev *dev);
	int (*func_reset)(struct mdgpu_rt_dev *dev);
	int (*req_fd)(const struct mdgpu_rt_dev *dev);
	void (*close)(struct mdgpu_rt_dev *dev);
};

#define RT_IRQ_MODE(mode) (1U << (mode))

/**
 * struct mdgpu_rt_buf - an allocation of device memory
 * @dev: owner
 * @off: offset in vGPU memory
 * @size: bytes
 * @next: the owner's list of live buffers
 */
struct mdgpu_rt_buf {
	struct mdgpu_rt_dev *dev;
	__u64 off;
	__u64 size;
	struct mdgpu_rt_buf *next;
};

/**
 * struct mdgpu_rt_dev - an open vGPU
 * @ops: transport
 * @tp: transport state
 * @name: what messages call it (the mdev UUID, a PCI address)
 * @info: identity and sizes
 * @mem: the BAR2 mapping, @info.visible_size bytes
 * @heap: device memory allocator
 * @bufs: live buffers, freed at close
 * @wait_mode: how waits complete (never AUTO once open)
 * @irq_armed: the transport delivers interrupts for @wait_mode
 * @irq_from: first fence submitted with %MDGPU_FENCE_F_IRQ since arming
 * @queue: the ring is set up (not opened with MDGPU_RT_OPEN_NO_QUEUE)
 * @ring: the ring's buffer
 * @fence_buf: the 8-byte fence slot's buffer
 * @fence_slot: mapped fence slot
 * @entries: ring size
 * @head: last QUEUE_HEAD read
 * @tail: next slot the runtime fills
 * @written: entries written since the queue started (a count, not a slot, so
 *	that a whole lap of the ring is not mistaken for none)
 * @kicked: @written as of the last doorbell
 * @fenced: @written right after the last FENCE the runtime wrote
 * @next_fence: value of the next fence
 * @last_fence: value of the last fence submitted (0: none)
 * @completed: highest fence value known complete
 * @cancel_lo: with @cancel_hi, fences in (@cancel_lo, @cancel_hi] were dropped
 *	by the last reset
 * @cancel_hi: see @cancel_lo
 * @failed: the queue is in the error state (@err says why)
 * @drained: since the error, the device finished what came before it
 * @err: last device error
 */
struct mdgpu_rt_dev {
	const struct rt_transport_ops *ops;
	void *tp;
	char name[64];
	struct mdgpu_rt_info info;
	__u8 *mem;
	struct rt_heap heap;
	struct mdgpu_rt_buf *bufs;
	enum mdgpu_rt_wait_mode wait_mode;
	bool irq_armed;
	__u64 irq_from;
	bool queue;
	struct mdgpu_rt_buf *ring;
	struct mdgpu_rt_buf *fence_buf;
	__u64 *fence_slot;
	__u32 entries;
	__u32 head;
	__u32 tail;
	__u64 written;
	__u64 kicked;
	__u64 fenced;
	__u64 next_fence;
	__u64 last_fence;
	__u64 completed;
	__u64 cancel_lo;
	__u64 cancel_hi;
	bool failed;
	bool drained;
	struct mdgpu_rt_error err;
};

/* device.c: shared by every transport's open. */
struct mdgpu_rt_dev *rt_dev_new(const struct rt_transport_ops *ops, void *tp,
				const char *name);
int rt_dev_setup(struct mdgpu_rt_dev *dev,
		 const struct mdgpu_rt_open_opts *opts);
struct mdgpu_rt_dev *rt_dev_open(const struct rt_transport_ops *ops, void *tp,
				 const char *name,
				 const struct mdgpu_rt_open_opts *opts,
				 void (*tp_free)(void *tp));
int rt_reg_read64(struct mdgpu_rt_dev *dev, __u32 off_lo, __u64 *val);
int rt_read_error(struct mdgpu_rt_dev *dev);
int rt_queue_start(struct mdgpu_rt_dev *dev);
int rt_arm_wait_mode(struct mdgpu_rt_dev *dev, enum mdgpu_rt_wait_mode mode);

/* transport_pci.c: where PCI devices are listed (tests point it at a fake tree). */
extern const char *rt_pci_sysfs_dir;

/* submit.c */
int rt_submit(struct mdgpu_rt_dev *dev, const struct mdgpu_cmd *cmds, __u32 n,
	      __u32 flags, __u64 *fence);
void rt_update_completed(struct mdgpu_rt_dev *dev);

#endif /* RT_INTERNAL_H */
