// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Convenience builders for every command and built-in kernel: each fills
 * one ring entry from plain arguments, checks it like the device would, and
 * submits it, optionally followed by a fence.
 */
#include <string.h>

#include "rt_internal.h"

static int submit_one(struct mdgpu_rt_dev *dev, const struct mdgpu_cmd *c,
		      __u64 *fence)
{
	if (!dev)
		return rt_err(-EINVAL);
	return rt_err(rt_submit(dev, c, 1, 0, fence));
}

static void cmd_init(struct mdgpu_cmd *c, __u8 opcode)
{
	memset(c, 0, sizeof(*c));
	c->opcode = opcode;
}

/* Grid 0: as many work-groups as the vGPU has compute units. */
static __u32 pick_grid(const struct mdgpu_rt_dev *dev, __u32 grid)
{
	if (grid)
		return grid;
	if (!dev->info.compute_units)
		return 1;
	return dev->info.compute_units < MDGPU_MAX_GRID ?
		       dev->info.compute_units :
		       MDGPU_MAX_GRID;
}

/**
 * mdgpu_rt_dev__fill() - FILL: repeat a 32-bit pattern over device memory
 * @dev: the device
 * @dst: offset, 4-byte aligned
 * @len: bytes, a non-zero multiple of 4, at most 1 GiB
 * @pattern: the value, stored little-endian
 * @fence: if not NULL, fence after the command (see mdgpu_rt_dev__submit())
 *
 * Return: 0 or -errno, as mdgpu_rt_dev__submit().
 */
MDGPU_API int mdgpu_rt_dev__fill(struct mdgpu_rt_dev *dev, __u64 dst, __u64 len,
				 __u32 pattern, __u64 *fence)
{
	struct mdgpu_cmd c;

	cmd_init(&c, MDGPU_OP_FILL);
	c.fill.dst = dst;
	c.fill.len = len;
	c.fill.pattern = pattern;
	return submit_one(dev, &c, fence);
}

/**
 * mdgpu_rt_dev__copy() - COPY: memcpy inside device memory
 * @dev: the device
 * @dst: destination offset
 * @src: source offset; the ranges must not overlap
 * @len: bytes, 1 to 1 GiB
 * @fence: if not NULL, fence after the command
 *
 * Return: 0 or -errno, as mdgpu_rt_dev__submit().
 */
MDGPU_API int mdgpu_rt_dev__copy(struct mdgpu_rt_dev *dev, __u64 dst, __u64 src,
				 __u64 len, __u64 *fence)
{
	struct mdgpu_cmd c;

	cmd_init(&c, MDGPU_OP_COPY);
	c.copy.dst = dst;
	c.copy.src = src;
	c.copy.len = len;
	return submit_one(dev, &c, fence);
}

/**
 * mdgpu_rt_dev__timestamp() - TIMESTAMP: store the device clock when reached
 * @dev: the device
 * @dst: offset of a u64, 8-byte aligned
 * @fence: if not NULL, fence after the command
 *
 * The clock is in nanoseconds, the one mdgpu_rt_dev__time_ns() reads.
 *
 * Return: 0 or -errno, as mdgpu_rt_dev__submit().
 */
MDGPU_API int mdgpu_rt_dev__timestamp(struct mdgpu_rt_dev *dev, __u64 dst,
				      __u64 *fence)
{
	struct mdgpu_cmd c;

	cmd_init(&c, MDGPU_OP_TIMESTAMP);
	c.timestamp.dst = dst;
	return submit_one(dev, &c, fence);
}

/**
 * mdgpu_rt_dev__launch() - LAUNCH any built-in kernel with raw arguments
 * @dev: the device
 * @kernel: MDGPU_KERNEL_*
 * @grid: work-groups, 1 to %MDGPU_MAX_GRID; 0 for one per compute unit
 * @args: the kernel's argument struct (struct mdgpu_gemm_args, ...)
 * @args_sz: its size, at most 48 bytes
 * @fence: if not NULL, fence after the command
 *
 * Return: 0 or -errno, as mdgpu_rt_dev__submit(); -EINVAL for missing or
 * oversized arguments.
 */
MDGPU_API int mdgpu_rt_dev__launch(struct mdgpu_rt_dev *dev, __u32 kernel,
				   __u32 grid, const void *args, size_t args_sz,
				   __u64 *fence)
{
	struct mdgpu_cmd c;

	if (!dev || (!args && args_sz) || args_sz > sizeof(c.launch.raw) ||
	    kernel > 0xffff)
		return rt_err(-EINVAL);
	cmd_init(&c, MDGPU_OP_LAUNCH);
	c.launch.kernel = kernel;
	c.launch.grid = pick_grid(dev, grid);
	if (args_sz)
		memcpy(c.launch.raw, args, args_sz);
	return submit_one(dev, &c, fence);
}

/**
 * mdgpu_rt_dev__launch_spin() - keep @grid compute units busy for a while
 * @dev: the device
 * @grid: work-groups (0: one per compute unit)
 * @duration_ns: per work-group, 1 ns to 1 s
 * @fence: if not NULL, fence after the command
 *
 * Return: 0 or -errno, as mdgpu_rt_dev__submit().
 */
MDGPU_API int mdgpu_rt_dev__launch_spin(struct mdgpu_rt_dev *dev, __u32 grid,
					__u64 duration_ns, __u64 *fence)
{
	struct mdgpu_spin_args a = { .duration_ns = duration_ns };

	return mdgpu_rt_dev__launch(dev, MDGPU_KERNEL_SPIN, grid, &a, sizeof(a),
				    fence);
}

/**
 * mdgpu_rt_dev__launch_fill() - the fill kernel (FILL spread over a grid)
 * @dev: the device
 * @grid: work-groups (0: one per compute unit)
 * @dst: offset, 4-byte aligned
 * @len: bytes, a non-zero multiple of 4, at most 1 GiB
 * @pattern: 32-bit value
 * @fence: if not NULL, fence after the command
 *
 * Return: 0 or -errno, as mdgpu_rt_dev__submit().
 */
MDGPU_API int mdgpu_rt_dev__launch_fill(struct mdgpu_rt_dev *dev, __u32 grid,
					__u64 dst, __u64 len, __u32 pattern,
					__u64 *fence)
{
	struct mdgpu_fill_args a = { .dst = dst,
				     .len = len,
				     .pattern = pattern };

	return mdgpu_rt_dev__launch(dev, MDGPU_KERNEL_FILL, grid, &a, sizeof(a),
				    fence);
}

/**
 * mdgpu_rt_dev__launch_copy() - the copy kernel (COPY spread over a grid)
 * @dev: the device
 * @grid: work-groups (0: one per compute unit)
 * @dst: destination offset
 * @src: source offset, not overlapping the destination
 * @len: bytes, 1 to 1 GiB
 * @fence: if not NULL, fence after the command
 *
 * Return: 0 or -errno, as mdgpu_rt_dev__submit().
 */
MDGPU_API int mdgpu_rt_dev__launch_copy(struct mdgpu_rt_dev *dev, __u32 grid,
					__u64 dst, __u64 src, __u64 len,
					__u64 *fence)
{
	struct mdgpu_copy_args a = { .dst = dst, .src = src, .len = len };

	return mdgpu_rt_dev__launch(dev, MDGPU_KERNEL_COPY, grid, &a, sizeof(a),
				    fence);
}

/**
 * mdgpu_rt_dev__launch_axpy() - y[i] = a * x[i] + y[i] in f32
 * @dev: the device
 * @grid: work-groups (0: one per compute unit)
 * @x: offset of @n floats, 4-byte aligned
 * @y: offset of @n floats, equal to @x or disjoint from it
 * @n: elements, 1 to 2^28
 * @a: the scalar
 * @fence: if not NULL, fence after the command
 *
 * Return: 0 or -errno, as mdgpu_rt_dev__submit().
 */
MDGPU_API int mdgpu_rt_dev__launch_axpy(struct mdgpu_rt_dev *dev, __u32 grid,
					__u64 x, __u64 y, __u32 n, float a,
					__u64 *fence)
{
	struct mdgpu_axpy_args args = { .x = x, .y = y, .n = n };

	memcpy(&args.a_bits, &a, sizeof(args.a_bits));
	return mdgpu_rt_dev__launch(dev, MDGPU_KERNEL_AXPY, grid, &args,
				    sizeof(args), fence);
}

/**
 * mdgpu_rt_dev__launch_gemm_f32() - C = A x B in f32, row-major
 * @dev: the device
 * @grid: work-groups (0: one per compute unit)
 * @args: offsets, shapes and leading dimensions (struct mdgpu_gemm_args)
 * @fence: if not NULL, fence after the command
 *
 * Return: 0 or -errno, as mdgpu_rt_dev__submit(); -EINVAL for NULL @args.
 */
MDGPU_API int mdgpu_rt_dev__launch_gemm_f32(struct mdgpu_rt_dev *dev,
					    __u32 grid,
					    const struct mdgpu_gemm_args *args,
					    __u64 *fence)
{
	if (!args)
		return rt_err(-EINVAL);
	return mdgpu_rt_dev__launch(dev, MDGPU_KERNEL_GEMM_F32, grid, args,
				    sizeof(*args), fence);
}

/**
 * mdgpu_rt_dev__launch_gemm_i8() - C = A x B with s8 inputs and s32 output
 * @dev: the device
 * @grid: work-groups (0: one per compute unit)
 * @args: as for f32; A and B need no alignment, C is 4-byte aligned
 * @fence: if not NULL, fence after the command
 *
 * Accumulation wraps around in 32 bits.
 *
 * Return: 0 or -errno, as mdgpu_rt_dev__submit(); -EINVAL for NULL @args.
 */
MDGPU_API int mdgpu_rt_dev__launch_gemm_i8(struct mdgpu_rt_dev *dev, __u32 grid,
					   const struct mdgpu_gemm_args *args,
					   __u64 *fence)
{
	if (!args)
		return rt_err(-EINVAL);
	return mdgpu_rt_dev__launch(dev, MDGPU_KERNEL_GEMM_I8, grid, args,
				    sizeof(*args), fence);
}

/**
 * mdgpu_rt_dev__launch_reduce_sum() - *dst = sum of x[0..n) in f32
 * @dev: the device
 * @grid: work-groups (0: one per compute unit); the summation order
 *	depends on it
 * @x: offset of @n floats, 4-byte aligned
 * @dst: offset of the result, 4-byte aligned, outside x
 * @n: elements, 1 to 2^28
 * @fence: if not NULL, fence after the command
 *
 * Return: 0 or -errno, as mdgpu_rt_dev__submit().
 */
MDGPU_API int mdgpu_rt_dev__launch_reduce_sum(struct mdgpu_rt_dev *dev,
					      __u32 grid, __u64 x, __u64 dst,
					      __u32 n, __u64 *fence)
{
	struct mdgpu_reduce_args a = { .x = x, .dst = dst, .n = n };

	return mdgpu_rt_dev__launch(dev, MDGPU_KERNEL_REDUCE_SUM, grid, &a,
				    sizeof(a), fence);
}
