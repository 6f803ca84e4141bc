/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Freestanding validator for guest command ring entries and ring pointers.
 * A command is copied out of guest memory once, validated here into a
 * decoded work descriptor, and executed from that descriptor only, so the
 * executor never reads the guest's ring bytes again (no double fetch).
 */
#ifndef _MDGPU_CMD_VALIDATE_H
#define _MDGPU_CMD_VALIDATE_H

#include "mdgpu_env.h"

/**
 * enum mdgpu_work_kind - what the executor runs
 * @MDGPU_WORK_NOP: nothing; completes at once
 * @MDGPU_WORK_FILL: FILL command or fill kernel (@fill)
 * @MDGPU_WORK_COPY: COPY command or copy kernel (@copy)
 * @MDGPU_WORK_SPIN: spin kernel (@spin)
 * @MDGPU_WORK_AXPY: axpy kernel (@axpy)
 * @MDGPU_WORK_GEMM_F32: f32 GEMM kernel (@gemm)
 * @MDGPU_WORK_GEMM_I8: s8 x s8 -> s32 GEMM kernel (@gemm)
 * @MDGPU_WORK_REDUCE_SUM: f32 reduction kernel (@reduce)
 * @MDGPU_WORK_FENCE: fence (@fence)
 * @MDGPU_WORK_TIMESTAMP: timestamp (@timestamp)
 */
enum mdgpu_work_kind {
	MDGPU_WORK_NOP,
	MDGPU_WORK_FILL,
	MDGPU_WORK_COPY,
	MDGPU_WORK_SPIN,
	MDGPU_WORK_AXPY,
	MDGPU_WORK_GEMM_F32,
	MDGPU_WORK_GEMM_I8,
	MDGPU_WORK_REDUCE_SUM,
	MDGPU_WORK_FENCE,
	MDGPU_WORK_TIMESTAMP,
};

/**
 * struct mdgpu_mem_range - one byte range a command touches
 * @off: first byte, an offset into the vGPU's memory
 * @len: bytes, never 0; @off + @len <= the vGPU's memory size
 * @write: the command stores to the range (else only loads)
 *
 * Matrices with a leading dimension are given as their whole extent,
 * including the gaps between rows.
 */
struct mdgpu_mem_range {
	u64 off;
	u64 len;
	bool write;
};

#define MDGPU_WORK_MAX_RANGES 3

/**
 * struct mdgpu_work_desc - a validated, decoded command
 * @kind: enum mdgpu_work_kind
 * @opcode: the entry's MDGPU_OP_*, for error reports and tracing
 * @kernel: MDGPU_KERNEL_* for LAUNCH, 0 otherwise
 * @grid: work-groups the executor may split the work into (1 for non-LAUNCH)
 * @fill: FILL arguments
 * @copy: COPY arguments
 * @spin: spin arguments
 * @axpy: axpy arguments
 * @gemm: GEMM arguments (f32 or s8)
 * @reduce: reduce_sum arguments
 * @fence: FENCE value, memory address and flags
 * @fence.value: the fence value
 * @fence.addr: where to store @fence.value when @fence.mem
 * @fence.irq: raise %MDGPU_INT_FENCE on completion
 * @fence.mem: store @fence.value at @fence.addr on completion
 * @timestamp: TIMESTAMP destination
 * @timestamp.dst: where to store the 64-bit device time
 * @nr_ranges: entries used in @ranges
 * @ranges: every byte range the command may touch, all within memory
 *
 * Reserved fields are dropped; everything here has been range-checked
 * against the memory size the validator was given.
 */
struct mdgpu_work_desc {
	u8 kind;
	u8 opcode;
	u16 kernel;
	u32 grid;
	union {
		struct mdgpu_fill_args fill;
		struct mdgpu_copy_args copy;
		struct mdgpu_spin_args spin;
		struct mdgpu_axpy_args axpy;
		struct mdgpu_gemm_args gemm;
		struct mdgpu_reduce_args reduce;
		struct {
			u64 value;
			u64 addr;
			bool irq;
			bool mem;
		} fence;
		struct {
			u64 dst;
		} timestamp;
	};
	u32 nr_ranges;
	struct mdgpu_mem_range ranges[MDGPU_WORK_MAX_RANGES];
};

/**
 * struct mdgpu_cmd_error - why a command was rejected
 * @code: enum mdgpu_error
 * @field: byte offset in the 64-byte entry of the offending field
 *
 * mdgpu_cmd_error_detail() turns it into the ERROR_DETAIL register value.
 */
struct mdgpu_cmd_error {
	u32 code;
	u32 field;
};

int mdgpu_cmd_validate(const struct mdgpu_cmd *cmd, u64 mem_size,
		       struct mdgpu_work_desc *out,
		       struct mdgpu_cmd_error *err);
u32 mdgpu_cmd_error_detail(const struct mdgpu_cmd *cmd,
			   const struct mdgpu_cmd_error *err);

int mdgpu_ring_validate_config(u64 base, u32 entries, u64 mem_size);
int mdgpu_ring_pending(u32 head, u32 tail, u32 entries, u32 *count);
u32 mdgpu_ring_next(u32 index, u32 n, u32 entries);
u64 mdgpu_ring_entry_offset(u64 base, u32 entries, u32 index);

#endif /* _MDGPU_CMD_VALIDATE_H */
