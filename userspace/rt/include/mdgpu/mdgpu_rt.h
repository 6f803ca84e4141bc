/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libmdgpu-rt: the device runtime for mdgpu vGPUs. It opens a vGPU, maps its
 * memory, allocates device memory, writes commands into a ring there, rings
 * the doorbell and waits on fences, over a transport: VFIO from a host
 * process, or PCI inside a guest. docs/runtime.md is the manual.
 */
#ifndef MDGPU_RT_H
#define MDGPU_RT_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <linux/types.h>
#include <mdgpu/mdgpu_dev.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef MDGPU_API
#define MDGPU_API __attribute__((visibility("default")))
#endif

struct mdgpu_rt_dev;
struct mdgpu_rt_buf;

/* ---- options (libbpf style: sz first, zeroed tail, MDGPU_OPTS()) ---- */

/**
 * MDGPU_OPTS() - declare and zero an options struct, setting its size
 * @TYPE: the options struct name (mdgpu_rt_open_opts)
 * @NAME: the variable
 *
 * Fields not named stay zero, which always means "default"; a library
 * older than the header rejects non-zero fields it does not know. The same
 * macro as libmdgpu's, so that both headers can be included together.
 */
#ifndef MDGPU_OPTS
#define MDGPU_OPTS(TYPE, NAME, ...)                                      \
	struct TYPE NAME = ({                                            \
		memset(&NAME, 0, sizeof(struct TYPE));                   \
		(struct TYPE){ .sz = sizeof(struct TYPE), __VA_ARGS__ }; \
	})
#endif

/**
 * enum mdgpu_rt_wait_mode - how mdgpu_rt_dev__wait() learns of completion
 * @MDGPU_RT_WAIT_AUTO: MSI if the device and transport have it, else
 *	memory polling if %MDGPU_CAP_FENCE_MEM, else register polling
 * @MDGPU_RT_WAIT_POLL_REG: poll the FENCE register (a trapped read each time)
 * @MDGPU_RT_WAIT_POLL_MEM: poll a fence slot in vGPU memory that FENCE
 *	commands write (%MDGPU_FENCE_F_MEM); no trap while polling
 * @MDGPU_RT_WAIT_MSI: sleep on the MSI eventfd (%MDGPU_FENCE_F_IRQ)
 * @MDGPU_RT_WAIT_INTX: sleep on the INTx eventfd; the runtime acks and
 *	unmasks the level-triggered line itself
 * @MDGPU_RT_WAIT_MODE_COUNT: number of modes, not a mode
 */
enum mdgpu_rt_wait_mode {
	MDGPU_RT_WAIT_AUTO = 0,
	MDGPU_RT_WAIT_POLL_REG,
	MDGPU_RT_WAIT_POLL_MEM,
	MDGPU_RT_WAIT_MSI,
	MDGPU_RT_WAIT_INTX,
	MDGPU_RT_WAIT_MODE_COUNT
};

/**
 * struct mdgpu_rt_open_opts - how to open a vGPU
 * @sz: sizeof(struct mdgpu_rt_open_opts), set by MDGPU_OPTS()
 * @ring_entries: command ring size, a power of two from 4 to
 *	%MDGPU_RING_MAX_ENTRIES; 0 means 256
 * @wait_mode: enum mdgpu_rt_wait_mode
 * @flags: MDGPU_RT_OPEN_* bits
 */
struct mdgpu_rt_open_opts {
	size_t sz;
	__u32 ring_entries;
	__u32 wait_mode;
	__u32 flags;
};

#define mdgpu_rt_open_opts__last_field flags

/* Leave the queue disabled: no ring, no fence slot (register and memory access only). */
#define MDGPU_RT_OPEN_NO_QUEUE (1U << 0)
/* Start with a function reset (VFIO_DEVICE_RESET) instead of a queue reset. */
#define MDGPU_RT_OPEN_FUNC_RESET (1U << 1)
/* Fault the whole BAR2 window in at open, so that first touches do not trap. */
#define MDGPU_RT_OPEN_POPULATE (1U << 2)

/* ---- device information ---- */

/**
 * struct mdgpu_rt_info - what the vGPU reports about itself (fixed while open)
 * @version: VERSION register, major << 16 | minor
 * @caps: MDGPU_CAP_* bits
 * @kernels: bit n set when built-in kernel id n is available
 * @compute_units: CUs owned (spatial) or shared (time-sliced)
 * @mode: %MDGPU_VGPU_MODE_TIMESLICED or %MDGPU_VGPU_MODE_SPATIAL
 * @mem_size: bytes of vGPU memory that commands can address
 * @visible_size: bytes of it mapped into this process (the BAR2 window)
 */
struct mdgpu_rt_info {
	__u32 version;
	__u32 caps;
	__u32 kernels;
	__u32 compute_units;
	__u32 mode;
	__u64 mem_size;
	__u64 visible_size;
};

/**
 * struct mdgpu_rt_stats - live QoS settings and accounting of the vGPU
 * @sz: set by the caller to sizeof(struct mdgpu_rt_stats); fields beyond
 *	it are not written (an older caller gets what it knows)
 * @weight: scheduling weight
 * @share_min: guaranteed share, basis points of the GPU
 * @share_max: cap, basis points (10000: none)
 * @priority: priority class
 * @timeslice_us: time slice
 * @busy_ns: time this vGPU's work ran
 * @wait_ns: time it was runnable but waited: GPU steal time
 * @completed: commands completed
 */
struct mdgpu_rt_stats {
	size_t sz;
	__u32 weight;
	__u32 share_min;
	__u32 share_max;
	__u32 priority;
	__u32 timeslice_us;
	__u64 busy_ns;
	__u64 wait_ns;
	__u64 completed;
};

/**
 * struct mdgpu_rt_error - why the device stopped the queue
 * @code: enum mdgpu_error (%MDGPU_ERR_NONE: no error)
 * @index: ring slot of the failing command
 * @detail: raw ERROR_DETAIL register
 * @opcode: opcode of the failing command (from @detail)
 * @kernel: kernel id, for LAUNCH (from @detail)
 * @field: byte offset in the entry of the bad field (from @detail)
 * @fence: last fence known complete when the error was seen
 */
struct mdgpu_rt_error {
	__u32 code;
	__u32 index;
	__u32 detail;
	__u8 opcode;
	__u8 kernel;
	__u8 field;
	__u64 fence;
};

/* ---- errors and logging ---- */

/*
 * Errors are negative errno values. mdgpu_rt_strerror() also names device
 * error codes passed as MDGPU_RT_ERR_DEVICE(code) (>= 4000, as libbpf does).
 */
#define MDGPU_RT_ERRNO_BASE 4000
#define MDGPU_RT_ERR_DEVICE(code) (-(MDGPU_RT_ERRNO_BASE + (int)(code)))

/**
 * enum mdgpu_rt_print_level - message levels of the print callback
 * @MDGPU_RT_WARN: something failed or was refused
 * @MDGPU_RT_INFO: lifecycle events (open, reset)
 * @MDGPU_RT_DEBUG: every step
 */
enum mdgpu_rt_print_level {
	MDGPU_RT_WARN,
	MDGPU_RT_INFO,
	MDGPU_RT_DEBUG,
};

typedef int (*mdgpu_rt_print_fn_t)(enum mdgpu_rt_print_level level,
				   const char *fmt, va_list args);

MDGPU_API mdgpu_rt_print_fn_t mdgpu_rt_set_print(mdgpu_rt_print_fn_t fn);
MDGPU_API int mdgpu_rt_strerror(int err, char *buf, size_t size);
MDGPU_API const char *mdgpu_rt_error_name(__u32 code);

/* ---- open, close, information ---- */

MDGPU_API struct mdgpu_rt_dev *
mdgpu_rt_dev__open_vfio(const char *uuid,
			const struct mdgpu_rt_open_opts *opts);
MDGPU_API struct mdgpu_rt_dev *
mdgpu_rt_dev__open_pci(const char *bdf, const struct mdgpu_rt_open_opts *opts);
MDGPU_API struct mdgpu_rt_dev *
mdgpu_rt_dev__open(const char *spec, const struct mdgpu_rt_open_opts *opts);
MDGPU_API int mdgpu_rt_pci_find(unsigned int index, char *bdf, size_t size);
MDGPU_API void mdgpu_rt_dev__close(struct mdgpu_rt_dev *dev);
MDGPU_API const char *mdgpu_rt_dev__name(const struct mdgpu_rt_dev *dev);
MDGPU_API const char *mdgpu_rt_dev__transport(const struct mdgpu_rt_dev *dev);
MDGPU_API const struct mdgpu_rt_info *
mdgpu_rt_dev__info(const struct mdgpu_rt_dev *dev);
MDGPU_API int mdgpu_rt_dev__stats(struct mdgpu_rt_dev *dev,
				  struct mdgpu_rt_stats *stats);
MDGPU_API int mdgpu_rt_dev__time_ns(struct mdgpu_rt_dev *dev, __u64 *ns);
MDGPU_API int mdgpu_rt_dev__reg_read(struct mdgpu_rt_dev *dev, __u32 off,
				     __u32 *val);
MDGPU_API int mdgpu_rt_dev__reg_write(struct mdgpu_rt_dev *dev, __u32 off,
				      __u32 val);

/* ---- errors, reset, interrupts, removal ---- */

/* mdgpu_rt_dev__reset() flags: default is a queue reset (RESET register). */
#define MDGPU_RT_RESET_FUNCTION (1U << 0)

MDGPU_API int mdgpu_rt_dev__check(struct mdgpu_rt_dev *dev);
MDGPU_API const struct mdgpu_rt_error *
mdgpu_rt_dev__last_error(const struct mdgpu_rt_dev *dev);
MDGPU_API int mdgpu_rt_dev__reset(struct mdgpu_rt_dev *dev, __u32 flags);
MDGPU_API int mdgpu_rt_dev__set_wait_mode(struct mdgpu_rt_dev *dev,
					  enum mdgpu_rt_wait_mode mode);
MDGPU_API enum mdgpu_rt_wait_mode
mdgpu_rt_dev__wait_mode(const struct mdgpu_rt_dev *dev);
MDGPU_API int mdgpu_rt_dev__req_fd(const struct mdgpu_rt_dev *dev);
MDGPU_API int mdgpu_rt_dev__release_requested(struct mdgpu_rt_dev *dev);
MDGPU_API int mdgpu_rt_dev__vfio_device_fd(const struct mdgpu_rt_dev *dev);
MDGPU_API int mdgpu_rt_dev__vfio_region(const struct mdgpu_rt_dev *dev,
					__u32 index, __u64 *offset,
					__u64 *size);

/* ---- device memory ---- */

MDGPU_API void *mdgpu_rt_dev__mem(const struct mdgpu_rt_dev *dev);
MDGPU_API __u64 mdgpu_rt_dev__mem_avail(const struct mdgpu_rt_dev *dev);
MDGPU_API int mdgpu_rt_dev__mem_write(struct mdgpu_rt_dev *dev, __u64 off,
				      const void *src, __u64 len);
MDGPU_API int mdgpu_rt_dev__mem_read(struct mdgpu_rt_dev *dev, __u64 off,
				     void *dst, __u64 len);

MDGPU_API struct mdgpu_rt_buf *mdgpu_rt_buf__alloc(struct mdgpu_rt_dev *dev,
						   __u64 size, __u64 align);
MDGPU_API void mdgpu_rt_buf__free(struct mdgpu_rt_buf *buf);
MDGPU_API __u64 mdgpu_rt_buf__offset(const struct mdgpu_rt_buf *buf);
MDGPU_API __u64 mdgpu_rt_buf__size(const struct mdgpu_rt_buf *buf);
MDGPU_API void *mdgpu_rt_buf__ptr(const struct mdgpu_rt_buf *buf);
MDGPU_API int mdgpu_rt_buf__write(struct mdgpu_rt_buf *buf, __u64 off,
				  const void *src, __u64 len);
MDGPU_API int mdgpu_rt_buf__read(const struct mdgpu_rt_buf *buf, __u64 off,
				 void *dst, __u64 len);

/* ---- commands and fences ---- */

/*
 * mdgpu_rt_dev__submit() flags: NOCHECK skips the runtime's checks (to test
 * the device's own), NOKICK leaves the doorbell for mdgpu_rt_dev__flush().
 */
#define MDGPU_RT_SUBMIT_NOCHECK (1U << 0)
#define MDGPU_RT_SUBMIT_NOKICK (1U << 1)

MDGPU_API int mdgpu_rt_dev__check_cmd(const struct mdgpu_rt_dev *dev,
				      const struct mdgpu_cmd *cmd, __u32 *code);
MDGPU_API int mdgpu_rt_dev__submit(struct mdgpu_rt_dev *dev,
				   const struct mdgpu_cmd *cmds, __u32 n,
				   __u32 flags, __u64 *fence);
MDGPU_API int mdgpu_rt_dev__flush(struct mdgpu_rt_dev *dev);
MDGPU_API int mdgpu_rt_dev__fence(struct mdgpu_rt_dev *dev, __u64 *fence);
MDGPU_API int mdgpu_rt_dev__wait(struct mdgpu_rt_dev *dev, __u64 fence,
				 int timeout_ms);
MDGPU_API int mdgpu_rt_dev__sync(struct mdgpu_rt_dev *dev, int timeout_ms);
MDGPU_API __u64 mdgpu_rt_dev__fence_completed(struct mdgpu_rt_dev *dev);

MDGPU_API int mdgpu_rt_dev__fill(struct mdgpu_rt_dev *dev, __u64 dst, __u64 len,
				 __u32 pattern, __u64 *fence);
MDGPU_API int mdgpu_rt_dev__copy(struct mdgpu_rt_dev *dev, __u64 dst, __u64 src,
				 __u64 len, __u64 *fence);
MDGPU_API int mdgpu_rt_dev__timestamp(struct mdgpu_rt_dev *dev, __u64 dst,
				      __u64 *fence);

MDGPU_API int mdgpu_rt_dev__launch(struct mdgpu_rt_dev *dev, __u32 kernel,
				   __u32 grid, const void *args, size_t args_sz,
				   __u64 *fence);
MDGPU_API int mdgpu_rt_dev__launch_spin(struct mdgpu_rt_dev *dev, __u32 grid,
					__u64 duration_ns, __u64 *fence);
MDGPU_API int mdgpu_rt_dev__launch_fill(struct mdgpu_rt_dev *dev, __u32 grid,
					__u64 dst, __u64 len, __u32 pattern,
					__u64 *fence);
MDGPU_API int mdgpu_rt_dev__launch_copy(struct mdgpu_rt_dev *dev, __u32 grid,
					__u64 dst, __u64 src, __u64 len,
					__u64 *fence);
MDGPU_API int mdgpu_rt_dev__launch_axpy(struct mdgpu_rt_dev *dev, __u32 grid,
					__u64 x, __u64 y, __u32 n, float a,
					__u64 *fence);
MDGPU_API int mdgpu_rt_dev__launch_gemm_f32(struct mdgpu_rt_dev *dev,
					    __u32 grid,
					    const struct mdgpu_gemm_args *args,
					    __u64 *fence);
MDGPU_API int mdgpu_rt_dev__launch_gemm_i8(struct mdgpu_rt_dev *dev, __u32 grid,
					   const struct mdgpu_gemm_args *args,
					   __u64 *fence);
MDGPU_API int mdgpu_rt_dev__launch_reduce_sum(struct mdgpu_rt_dev *dev,
					      __u32 grid, __u64 x, __u64 dst,
					      __u32 n, __u64 *fence);

#ifdef __cplusplus
}
#endif

#endif /* MDGPU_RT_H */
