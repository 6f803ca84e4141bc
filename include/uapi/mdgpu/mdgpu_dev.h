/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * The guest-visible mdgpu device: PCI identity, BAR0 register map, command
 * ring entry layout, built-in kernels, limits and error codes. This is the
 * code form of docs/device.md; the guest runtime, the mediator and the
 * simulated GPU all build against it, so a change here is an ABI change.
 */
#ifndef _UAPI_MDGPU_DEV_H
#define _UAPI_MDGPU_DEV_H

#include <linux/types.h>

/* The tables below are aligned by hand for reading; keep clang-format out. */
/* clang-format off */

/*
 * The device is little-endian: every multi-byte field below, in registers
 * and in ring entries, is stored least significant byte first.
 */

/* ---- PCI identity (config space) ---- */

#define MDGPU_PCI_VENDOR_ID		0x1234	/* QEMU's informal vendor ID */
#define MDGPU_PCI_DEVICE_ID		0x6d67	/* "mg" */
#define MDGPU_PCI_SUBSYS_VENDOR_ID	0x1234
#define MDGPU_PCI_SUBSYS_ID_TIMESLICED	0x0001	/* vGPU shares CUs by time */
#define MDGPU_PCI_SUBSYS_ID_SPATIAL	0x0002	/* vGPU owns its CUs */
#define MDGPU_PCI_REVISION		0x01
#define MDGPU_PCI_CLASS			0x120000 /* processing accelerator */
#define MDGPU_PCI_CFG_SIZE		256
#define MDGPU_PCI_MSI_CAP_OFF		0x40

#define MDGPU_BAR0_SIZE			0x1000	/* registers, 32-bit MMIO */
#define MDGPU_BAR2_MIN_SIZE		0x100000ULL	/* vGPU memory window */
#define MDGPU_BAR2_MAX_SIZE		(1ULL << 40)

/* ---- BAR0 registers: 32 bits wide, little-endian ---- */

#define MDGPU_DEV_MAGIC			0x5550474d	/* bytes "MGPU" */
#define MDGPU_DEV_VERSION_MAJOR		1
#define MDGPU_DEV_VERSION_MINOR		0
#define MDGPU_DEV_VERSION \
	((MDGPU_DEV_VERSION_MAJOR << 16) | MDGPU_DEV_VERSION_MINOR)

/* Identity and capacity: read-only, fixed for the life of the vGPU. */
#define MDGPU_REG_ID			0x000
#define MDGPU_REG_VERSION		0x004
#define MDGPU_REG_CAPS			0x008
#define MDGPU_REG_KERNELS		0x00c	/* bit n set: kernel id n built in */
#define MDGPU_REG_MEM_SIZE_LO		0x010
#define MDGPU_REG_MEM_SIZE_HI		0x014
#define MDGPU_REG_VISIBLE_SIZE_LO	0x018	/* bytes reachable through BAR2 */
#define MDGPU_REG_VISIBLE_SIZE_HI	0x01c
#define MDGPU_REG_COMPUTE_UNITS		0x020
#define MDGPU_REG_VGPU_MODE		0x024	/* MDGPU_VGPU_MODE_* */

/* Command queue. */
#define MDGPU_REG_QUEUE_BASE_LO		0x040	/* ring offset in vGPU memory */
#define MDGPU_REG_QUEUE_BASE_HI		0x044
#define MDGPU_REG_QUEUE_SIZE		0x048	/* entries, power of two */
#define MDGPU_REG_QUEUE_CTRL		0x04c	/* MDGPU_QUEUE_CTRL_* */
#define MDGPU_REG_QUEUE_HEAD		0x050	/* device-owned, read-only */
#define MDGPU_REG_QUEUE_TAIL		0x054	/* guest-owned */
#define MDGPU_REG_DOORBELL		0x058	/* write: new tail, then kick */
#define MDGPU_REG_QUEUE_STATUS		0x05c	/* MDGPU_QUEUE_STATUS_* */

/* Interrupts: causes are MDGPU_INT_*. */
#define MDGPU_REG_INT_STATUS		0x060	/* pending causes, read-only */
#define MDGPU_REG_INT_MASK		0x064	/* 1 = cause masked */
#define MDGPU_REG_INT_ACK		0x068	/* write 1 to clear a cause */

/* Error state: sticky until reset; the first error wins. */
#define MDGPU_REG_ERROR_CODE		0x070	/* enum mdgpu_error */
#define MDGPU_REG_ERROR_INDEX		0x074	/* ring slot of the command */
#define MDGPU_REG_ERROR_DETAIL		0x078	/* MDGPU_ERROR_DETAIL_* */

/* Control. */
#define MDGPU_REG_RESET			0x080	/* write MDGPU_RESET_QUEUE */
#define MDGPU_REG_SCRATCH		0x084

/* 64-bit device values: reading _LO latches _HI (see MDGPU_REG_F_LATCH). */
#define MDGPU_REG_FENCE_LO		0x090	/* last completed fence value */
#define MDGPU_REG_FENCE_HI		0x094
#define MDGPU_REG_TIME_LO		0x098	/* device clock, ns */
#define MDGPU_REG_TIME_HI		0x09c

/* QoS as configured by the host, read-only, may change while running. */
#define MDGPU_REG_QOS_WEIGHT		0x100
#define MDGPU_REG_QOS_SHARE_MIN		0x104	/* basis points, 10000 = all */
#define MDGPU_REG_QOS_SHARE_MAX		0x108	/* basis points, 10000 = no cap */
#define MDGPU_REG_QOS_PRIORITY		0x10c
#define MDGPU_REG_QOS_TIMESLICE_US	0x110

/* Accounting, read-only, 64-bit latched counters. */
#define MDGPU_REG_BUSY_NS_LO		0x120	/* time the vGPU's work ran */
#define MDGPU_REG_BUSY_NS_HI		0x124
#define MDGPU_REG_WAIT_NS_LO		0x128	/* runnable but waiting: steal */
#define MDGPU_REG_WAIT_NS_HI		0x12c
#define MDGPU_REG_COMPLETED_LO		0x130	/* commands completed */
#define MDGPU_REG_COMPLETED_HI		0x134

#define MDGPU_REG_LAST			MDGPU_REG_COMPLETED_HI

/* MDGPU_REG_CAPS bits. */
#define MDGPU_CAP_MSI			(1U << 0)
#define MDGPU_CAP_INTX			(1U << 1)
#define MDGPU_CAP_FENCE_MEM		(1U << 2)	/* MDGPU_FENCE_F_MEM */
#define MDGPU_CAP_TIMESTAMP		(1U << 3)
#define MDGPU_CAP_QOS			(1U << 4)	/* QoS/accounting regs */
#define MDGPU_CAP_PARTIAL_BAR2		(1U << 5)	/* VISIBLE < MEM_SIZE */

/* MDGPU_REG_VGPU_MODE values. */
#define MDGPU_VGPU_MODE_TIMESLICED	0
#define MDGPU_VGPU_MODE_SPATIAL		1

/* MDGPU_REG_QUEUE_CTRL bits. */
#define MDGPU_QUEUE_CTRL_ENABLE		(1U << 0)

/* MDGPU_REG_QUEUE_STATUS bits. */
#define MDGPU_QUEUE_STATUS_ENABLED	(1U << 0)
#define MDGPU_QUEUE_STATUS_BUSY		(1U << 1)	/* work pending or running */
#define MDGPU_QUEUE_STATUS_ERROR	(1U << 2)	/* stopped, see ERROR_CODE */

/* Interrupt causes (INT_STATUS, INT_MASK, INT_ACK bits). */
#define MDGPU_INT_FENCE			(1U << 0)
#define MDGPU_INT_ERROR			(1U << 1)
#define MDGPU_INT_ALL			(MDGPU_INT_FENCE | MDGPU_INT_ERROR)

/* MDGPU_REG_RESET value; other values are ignored. */
#define MDGPU_RESET_QUEUE		(1U << 0)

/* MDGPU_REG_ERROR_DETAIL layout. */
#define MDGPU_ERROR_DETAIL_OPCODE_SHIFT	0	/* bits 7:0 */
#define MDGPU_ERROR_DETAIL_KERNEL_SHIFT	8	/* bits 15:8, LAUNCH only */
#define MDGPU_ERROR_DETAIL_FIELD_SHIFT	16	/* bits 23:16, byte in entry */
#define MDGPU_ERROR_DETAIL(op, kernel, field) \
	(((__u32)(op) & 0xff) | (((__u32)(kernel) & 0xff) << 8) | \
	 (((__u32)(field) & 0xff) << 16))

/**
 * enum mdgpu_error - why the queue stopped (MDGPU_REG_ERROR_CODE)
 * @MDGPU_ERR_NONE: no error
 * @MDGPU_ERR_BAD_OPCODE: unknown opcode (0 is never valid)
 * @MDGPU_ERR_BAD_FLAGS: a flag bit not defined for this opcode is set
 * @MDGPU_ERR_RESERVED: a reserved or unused byte of the entry is not zero
 * @MDGPU_ERR_BAD_KERNEL: LAUNCH names a kernel id that is not built in
 * @MDGPU_ERR_ZERO_SIZE: a length, element count or matrix dimension is 0
 * @MDGPU_ERR_TOO_LARGE: a length, count, dimension or duration is over its limit
 * @MDGPU_ERR_BAD_GRID: LAUNCH grid is 0 or above %MDGPU_MAX_GRID
 * @MDGPU_ERR_MISALIGNED: an offset or length breaks its alignment rule
 * @MDGPU_ERR_OVERFLOW: offset + extent does not fit in 64 bits
 * @MDGPU_ERR_OUT_OF_RANGE: a byte range ends beyond the vGPU's memory
 * @MDGPU_ERR_OVERLAP: an output range overlaps an input in a way not allowed
 * @MDGPU_ERR_BAD_LD: a GEMM leading dimension is below the row length or too big
 * @MDGPU_ERR_RING_CONFIG: QUEUE_BASE/QUEUE_SIZE invalid when the queue was enabled
 * @MDGPU_ERR_RING_POINTER: QUEUE_TAIL written outside [0, QUEUE_SIZE)
 * @MDGPU_ERR_EXEC: the device failed executing a valid command
 * @MDGPU_ERR_TIMEOUT: a command ran past the device's hang limit and was killed
 * @MDGPU_ERR_COUNT: number of codes, not a code
 *
 * Each rejection class has its own code; ERROR_DETAIL says which command
 * field (byte offset in the entry) was at fault.
 */
enum mdgpu_error {
	MDGPU_ERR_NONE = 0,
	MDGPU_ERR_BAD_OPCODE = 1,
	MDGPU_ERR_BAD_FLAGS = 2,
	MDGPU_ERR_RESERVED = 3,
	MDGPU_ERR_BAD_KERNEL = 4,
	MDGPU_ERR_ZERO_SIZE = 5,
	MDGPU_ERR_TOO_LARGE = 6,
	MDGPU_ERR_BAD_GRID = 7,
	MDGPU_ERR_MISALIGNED = 8,
	MDGPU_ERR_OVERFLOW = 9,
	MDGPU_ERR_OUT_OF_RANGE = 10,
	MDGPU_ERR_OVERLAP = 11,
	MDGPU_ERR_BAD_LD = 12,
	MDGPU_ERR_RING_CONFIG = 13,
	MDGPU_ERR_RING_POINTER = 14,
	MDGPU_ERR_EXEC = 15,
	MDGPU_ERR_TIMEOUT = 16,
	MDGPU_ERR_COUNT
};

/* ---- Command ring ---- */

#define MDGPU_CMD_SIZE			64	/* bytes per ring entry */
#define MDGPU_RING_ALIGN		64	/* QUEUE_BASE alignment */
#define MDGPU_RING_MIN_ENTRIES		2
#define MDGPU_RING_MAX_ENTRIES		4096
#define MDGPU_FETCH_BATCH		64	/* entries copied per fetch pass */
#define MDGPU_MAX_INFLIGHT		1024	/* fetched, not yet completed */

/* Opcodes. 0 is invalid so that a zeroed, never-written entry is caught. */
#define MDGPU_OP_NOP			1
#define MDGPU_OP_FILL			2
#define MDGPU_OP_COPY			3
#define MDGPU_OP_LAUNCH			4
#define MDGPU_OP_FENCE			5
#define MDGPU_OP_TIMESTAMP		6
#define MDGPU_OP_MAX			MDGPU_OP_TIMESTAMP

/* FENCE flags. */
#define MDGPU_FENCE_F_IRQ		(1U << 0)	/* raise MDGPU_INT_FENCE */
#define MDGPU_FENCE_F_MEM		(1U << 1)	/* also store value at addr */

/* Built-in kernels (LAUNCH). 0 is invalid. */
#define MDGPU_KERNEL_SPIN		1
#define MDGPU_KERNEL_FILL		2
#define MDGPU_KERNEL_COPY		3
#define MDGPU_KERNEL_AXPY		4	/* f32 y = a * x + y */
#define MDGPU_KERNEL_GEMM_F32		5	/* f32 C = A x B */
#define MDGPU_KERNEL_REDUCE_SUM		6	/* f32 *dst = sum(x[0..n)) */
#define MDGPU_KERNEL_GEMM_I8		7	/* s8 A, B; s32 C = A x B */
#define MDGPU_KERNEL_MAX		MDGPU_KERNEL_GEMM_I8

/* Limits. Every guest-controlled count is capped by one of these. */
#define MDGPU_MAX_XFER_LEN		(1ULL << 30)	/* FILL, COPY bytes */
#define MDGPU_MAX_GRID			1024	/* LAUNCH work-groups */
#define MDGPU_MAX_ELEMS			(1U << 28)	/* axpy, reduce_sum n */
#define MDGPU_GEMM_MAX_DIM		8192	/* M, N, K */
#define MDGPU_GEMM_MAX_LD		65536	/* lda, ldb, ldc (elements) */
#define MDGPU_SPIN_MAX_NS		1000000000ULL	/* per work-group */

/* Alignment rules (bytes). */
#define MDGPU_FILL_ALIGN		4	/* dst and len; pattern is 32-bit */
#define MDGPU_F32_ALIGN			4	/* f32 and s32 operands */
#define MDGPU_FENCE_MEM_ALIGN		8
#define MDGPU_TIMESTAMP_ALIGN		8

/**
 * struct mdgpu_fill_args - FILL command and fill kernel arguments
 * @dst: byte offset of the first byte to fill, %MDGPU_FILL_ALIGN aligned
 * @len: bytes to fill, a non-zero multiple of %MDGPU_FILL_ALIGN,
 *	at most %MDGPU_MAX_XFER_LEN
 * @pattern: 32-bit value repeated over [dst, dst + len)
 * @rsvd: must be zero
 */
struct mdgpu_fill_args {
	__u64 dst;
	__u64 len;
	__u32 pattern;
	__u32 rsvd;
};

/**
 * struct mdgpu_copy_args - COPY command and copy kernel arguments
 * @dst: byte offset of the destination
 * @src: byte offset of the source; [src, src + len) must not overlap the
 *	destination
 * @len: bytes to copy, 1 to %MDGPU_MAX_XFER_LEN
 */
struct mdgpu_copy_args {
	__u64 dst;
	__u64 src;
	__u64 len;
};

/**
 * struct mdgpu_spin_args - spin kernel arguments
 * @duration_ns: busy time of each work-group, 1 to %MDGPU_SPIN_MAX_NS
 *
 * Each of the grid's work-groups keeps one compute unit busy for
 * @duration_ns; the scheduler charges it like any other work. Used to test
 * scheduling and QoS.
 */
struct mdgpu_spin_args {
	__u64 duration_ns;
};

/**
 * struct mdgpu_axpy_args - axpy kernel arguments: y[i] = a * x[i] + y[i]
 * @x: offset of n f32 inputs, %MDGPU_F32_ALIGN aligned
 * @y: offset of n f32 in/out values; equal to @x or disjoint from it
 * @n: element count, 1 to %MDGPU_MAX_ELEMS
 * @a_bits: IEEE-754 binary32 bit pattern of a
 */
struct mdgpu_axpy_args {
	__u64 x;
	__u64 y;
	__u32 n;
	__u32 a_bits;
};

/**
 * struct mdgpu_gemm_args - GEMM kernel arguments: C = A x B, row-major
 * @a: offset of A (M rows of K elements, row stride @lda elements)
 * @b: offset of B (K rows of N elements, row stride @ldb elements)
 * @c: offset of C (M rows of N elements, row stride @ldc elements);
 *	C's extent must not overlap A's or B's (A and B may overlap)
 * @m: rows of A and C, 1 to %MDGPU_GEMM_MAX_DIM
 * @n: columns of B and C, 1 to %MDGPU_GEMM_MAX_DIM
 * @k: columns of A, rows of B, 1 to %MDGPU_GEMM_MAX_DIM
 * @lda: K to %MDGPU_GEMM_MAX_LD
 * @ldb: N to %MDGPU_GEMM_MAX_LD
 * @ldc: N to %MDGPU_GEMM_MAX_LD
 *
 * The extent of a matrix with R rows, C columns and stride ld is
 * ((R - 1) * ld + C) * element size bytes. For %MDGPU_KERNEL_GEMM_F32 all
 * elements are f32 and all offsets %MDGPU_F32_ALIGN aligned; for
 * %MDGPU_KERNEL_GEMM_I8 A and B are s8 (any alignment) and C is s32
 * (%MDGPU_F32_ALIGN aligned), accumulated in 32 bits with wrap-around.
 */
struct mdgpu_gemm_args {
	__u64 a;
	__u64 b;
	__u64 c;
	__u32 m;
	__u32 n;
	__u32 k;
	__u32 lda;
	__u32 ldb;
	__u32 ldc;
};

/**
 * struct mdgpu_reduce_args - reduce_sum kernel arguments
 * @x: offset of n f32 inputs, %MDGPU_F32_ALIGN aligned
 * @dst: offset of the f32 result, aligned, disjoint from the inputs
 * @n: element count, 1 to %MDGPU_MAX_ELEMS
 * @rsvd: must be zero
 *
 * The summation order is unspecified (it depends on the grid).
 */
struct mdgpu_reduce_args {
	__u64 x;
	__u64 dst;
	__u32 n;
	__u32 rsvd;
};

/**
 * struct mdgpu_cmd_launch - LAUNCH payload
 * @kernel: MDGPU_KERNEL_*
 * @rsvd: must be zero
 * @grid: work-groups, 1 to %MDGPU_MAX_GRID; the device may run fewer when
 *	the kernel has fewer items, never more
 * @spin: arguments of %MDGPU_KERNEL_SPIN
 * @fill: arguments of %MDGPU_KERNEL_FILL
 * @copy: arguments of %MDGPU_KERNEL_COPY
 * @axpy: arguments of %MDGPU_KERNEL_AXPY
 * @gemm: arguments of %MDGPU_KERNEL_GEMM_F32 and %MDGPU_KERNEL_GEMM_I8
 * @reduce: arguments of %MDGPU_KERNEL_REDUCE_SUM
 * @raw: the 48 argument bytes; bytes a kernel does not use must be zero
 *
 * Arguments are inline in the ring entry, so the device fetches a command
 * with one copy and never reads guest memory a second time to decode it.
 */
struct mdgpu_cmd_launch {
	__u16 kernel;
	__u16 rsvd;
	__u32 grid;
	union {
		struct mdgpu_spin_args spin;
		struct mdgpu_fill_args fill;
		struct mdgpu_copy_args copy;
		struct mdgpu_axpy_args axpy;
		struct mdgpu_gemm_args gemm;
		struct mdgpu_reduce_args reduce;
		__u8 raw[48];
	};
};

/**
 * struct mdgpu_cmd_fence - FENCE payload
 * @value: stored to MDGPU_REG_FENCE once every earlier command completed
 * @addr: with %MDGPU_FENCE_F_MEM, offset where @value is also stored as a
 *	64-bit value (%MDGPU_FENCE_MEM_ALIGN aligned), so that a guest can
 *	poll memory instead of a trapped register; zero otherwise
 */
struct mdgpu_cmd_fence {
	__u64 value;
	__u64 addr;
};

/**
 * struct mdgpu_cmd_timestamp - TIMESTAMP payload
 * @dst: offset where the device clock (ns, as MDGPU_REG_TIME) is stored
 *	as a 64-bit value once every earlier command completed;
 *	%MDGPU_TIMESTAMP_ALIGN aligned
 */
struct mdgpu_cmd_timestamp {
	__u64 dst;
};

/**
 * struct mdgpu_cmd - one 64-byte command ring entry
 * @opcode: MDGPU_OP_*
 * @flags: per-opcode flags (only FENCE defines any)
 * @rsvd0: must be zero
 * @rsvd1: must be zero
 * @fill: FILL payload
 * @copy: COPY payload
 * @launch: LAUNCH payload
 * @fence: FENCE payload
 * @timestamp: TIMESTAMP payload
 * @raw: the 56 payload bytes
 *
 * Commands of one queue execute in ring order, each after the previous one
 * completed. Every payload byte that the opcode does not use must be zero.
 */
struct mdgpu_cmd {
	__u8 opcode;
	__u8 flags;
	__u16 rsvd0;
	__u32 rsvd1;
	union {
		struct mdgpu_fill_args fill;
		struct mdgpu_copy_args copy;
		struct mdgpu_cmd_launch launch;
		struct mdgpu_cmd_fence fence;
		struct mdgpu_cmd_timestamp timestamp;
		__u8 raw[56];
	};
};

/* Sizes are ABI: a C11 check, skipped for C++ users of the header. */
#ifndef __cplusplus
_Static_assert(sizeof(struct mdgpu_fill_args) == 24, "fill args ABI");
_Static_assert(sizeof(struct mdgpu_copy_args) == 24, "copy args ABI");
_Static_assert(sizeof(struct mdgpu_axpy_args) == 24, "axpy args ABI");
_Static_assert(sizeof(struct mdgpu_gemm_args) == 48, "gemm args ABI");
_Static_assert(sizeof(struct mdgpu_reduce_args) == 24, "reduce args ABI");
_Static_assert(sizeof(struct mdgpu_cmd_launch) == 56, "launch ABI");
_Static_assert(sizeof(struct mdgpu_cmd) == MDGPU_CMD_SIZE, "ring entry ABI");
#endif

/* clang-format on */

#endif /* _UAPI_MDGPU_DEV_H */
