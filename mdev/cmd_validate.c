// SPDX-License-Identifier: GPL-2.0-only
/*
 * Command ring validation: turns a 64-byte entry already copied out of guest
 * memory into a decoded, bounds-checked work descriptor, or a precise error
 * (code + offending field). Freestanding: built into mdgpu_mdev.ko and into
 * the host unit tests and libFuzzer targets from this same file.
 */
#include "cmd_validate.h"

/* Bit n set: byte n of the entry belongs to a field of the command. */
/* clang-format off */
#define CMD_BYTES(member)						\
	(((1ULL << sizeof(((struct mdgpu_cmd *)0)->member)) - 1) <<	\
	 offsetof(struct mdgpu_cmd, member))
#define CMD_OFF(member)	((u32)offsetof(struct mdgpu_cmd, member))

#define HDR_BYTES	(CMD_BYTES(opcode) | CMD_BYTES(flags))
#define FENCE_BYTES	(HDR_BYTES | CMD_BYTES(fence.value))
#define LAUNCH_BYTES	(HDR_BYTES | CMD_BYTES(launch.kernel) | CMD_BYTES(launch.grid))

#define FILL_BYTES(p)	(CMD_BYTES(p.dst) | CMD_BYTES(p.len) | CMD_BYTES(p.pattern))
#define COPY_BYTES(p)	(CMD_BYTES(p.dst) | CMD_BYTES(p.src) | CMD_BYTES(p.len))
#define GEMM_BYTES							\
	(CMD_BYTES(launch.gemm.a) | CMD_BYTES(launch.gemm.b) |		\
	 CMD_BYTES(launch.gemm.c) | CMD_BYTES(launch.gemm.m) |		\
	 CMD_BYTES(launch.gemm.n) | CMD_BYTES(launch.gemm.k) |		\
	 CMD_BYTES(launch.gemm.lda) | CMD_BYTES(launch.gemm.ldb) |	\
	 CMD_BYTES(launch.gemm.ldc))
/* clang-format on */

/* Everything a check needs: the memory size and where results go. */
struct vctx {
	u64 mem_size;
	struct mdgpu_work_desc *out;
	struct mdgpu_cmd_error *err;
};

static int reject(struct vctx *c, u32 code, u32 field)
{
	c->err->code = code;
	c->err->field = field;
	return -EINVAL;
}

/*
 * Record [off, off + len) as touched. A range that wraps past 2^64 is
 * reported apart from one that merely ends beyond memory: the first is a
 * guest computing addresses wrongly, the second a guest using too much.
 */
static int add_range(struct vctx *c, u64 off, u64 len, bool write, u32 field)
{
	struct mdgpu_mem_range *r;
	u64 end;

	if (check_add_overflow(off, len, &end))
		return reject(c, MDGPU_ERR_OVERFLOW, field);
	if (end > c->mem_size)
		return reject(c, MDGPU_ERR_OUT_OF_RANGE, field);
	r = &c->out->ranges[c->out->nr_ranges++];
	r->off = off;
	r->len = len;
	r->write = write;
	return 0;
}

static bool ranges_overlap(const struct mdgpu_mem_range *a,
			   const struct mdgpu_mem_range *b)
{
	return a->off < b->off + b->len && b->off < a->off + a->len;
}

/* Bytes in [0, limit], non-zero: the common shape of a length check. */
static int check_count(struct vctx *c, u64 v, u64 limit, u32 field)
{
	if (!v)
		return reject(c, MDGPU_ERR_ZERO_SIZE, field);
	if (v > limit)
		return reject(c, MDGPU_ERR_TOO_LARGE, field);
	return 0;
}

static int check_align(struct vctx *c, u64 v, u64 align, u32 field)
{
	return (v & (align - 1)) ? reject(c, MDGPU_ERR_MISALIGNED, field) : 0;
}

/* Shared by FILL and the fill kernel; @base is the args' offset in the entry. */
static int check_fill(struct vctx *c, const struct mdgpu_fill_args *a, u32 base)
{
	const u32 f_dst = base + offsetof(struct mdgpu_fill_args, dst);
	const u32 f_len = base + offsetof(struct mdgpu_fill_args, len);
	int ret;

	ret = check_count(c, a->len, MDGPU_MAX_XFER_LEN, f_len);
	if (!ret)
		ret = check_align(c, a->dst, MDGPU_FILL_ALIGN, f_dst);
	if (!ret)
		ret = check_align(c, a->len, MDGPU_FILL_ALIGN, f_len);
	if (!ret)
		ret = add_range(c, a->dst, a->len, true, f_dst);
	if (ret)
		return ret;
	c->out->kind = MDGPU_WORK_FILL;
	c->out->fill = *a;
	return 0;
}

/* Shared by COPY and the copy kernel. */
static int check_copy(struct vctx *c, const struct mdgpu_copy_args *a, u32 base)
{
	const u32 f_dst = base + offsetof(struct mdgpu_copy_args, dst);
	const u32 f_src = base + offsetof(struct mdgpu_copy_args, src);
	const u32 f_len = base + offsetof(struct mdgpu_copy_args, len);
	int ret;

	ret = check_count(c, a->len, MDGPU_MAX_XFER_LEN, f_len);
	if (!ret)
		ret = add_range(c, a->src, a->len, false, f_src);
	if (!ret)
		ret = add_range(c, a->dst, a->len, true, f_dst);
	if (ret)
		return ret;
	/* memcpy semantics: an overlapping copy has no single right answer. */
	if (ranges_overlap(&c->out->ranges[0], &c->out->ranges[1]))
		return reject(c, MDGPU_ERR_OVERLAP, f_dst);
	c->out->kind = MDGPU_WORK_COPY;
	c->out->copy = *a;
	return 0;
}

static int check_spin(struct vctx *c, const struct mdgpu_spin_args *a)
{
	int ret;

	ret = check_count(c, a->duration_ns, MDGPU_SPIN_MAX_NS,
			  CMD_OFF(launch.spin.duration_ns));
	if (ret)
		return ret;
	c->out->kind = MDGPU_WORK_SPIN;
	c->out->spin = *a;
	return 0;
}

static int check_axpy(struct vctx *c, const struct mdgpu_axpy_args *a)
{
	const u32 f_x = CMD_OFF(launch.axpy.x), f_y = CMD_OFF(launch.axpy.y);
	u64 bytes = (u64)a->n * sizeof(u32);
	int ret;

	ret = check_count(c, a->n, MDGPU_MAX_ELEMS, CMD_OFF(launch.axpy.n));
	if (!ret)
		ret = check_align(c, a->x, MDGPU_F32_ALIGN, f_x);
	if (!ret)
		ret = check_align(c, a->y, MDGPU_F32_ALIGN, f_y);
	if (!ret)
		ret = add_range(c, a->x, bytes, false, f_x);
	if (!ret)
		ret = add_range(c, a->y, bytes, true, f_y);
	if (ret)
		return ret;
	/*
	 * y = a * x + y is elementwise, so x == y is well defined; a shifted
	 * alias would make the result depend on the grid's split.
	 */
	if (a->x != a->y &&
	    ranges_overlap(&c->out->ranges[0], &c->out->ranges[1]))
		return reject(c, MDGPU_ERR_OVERLAP, f_y);
	c->out->kind = MDGPU_WORK_AXPY;
	c->out->axpy = *a;
	return 0;
}

/* ((rows - 1) * ld + cols) * esize, the bytes from a matrix's first to last element. */
static int matrix_extent(struct vctx *c, u64 rows, u64 cols, u64 ld, u64 esize,
			 u64 *bytes, u32 field)
{
	u64 elems;

	if (check_mul_overflow(rows - 1, ld, &elems) ||
	    check_add_overflow(elems, cols, &elems) ||
	    check_mul_overflow(elems, esize, bytes))
		return reject(c, MDGPU_ERR_OVERFLOW, field);
	return 0;
}

static int check_gemm_dims(struct vctx *c, const struct mdgpu_gemm_args *a)
{
	int ret;

	ret = check_count(c, a->m, MDGPU_GEMM_MAX_DIM, CMD_OFF(launch.gemm.m));
	if (!ret)
		ret = check_count(c, a->n, MDGPU_GEMM_MAX_DIM,
				  CMD_OFF(launch.gemm.n));
	if (!ret)
		ret = check_count(c, a->k, MDGPU_GEMM_MAX_DIM,
				  CMD_OFF(launch.gemm.k));
	if (ret)
		return ret;
	if (a->lda < a->k || a->lda > MDGPU_GEMM_MAX_LD)
		return reject(c, MDGPU_ERR_BAD_LD, CMD_OFF(launch.gemm.lda));
	if (a->ldb < a->n || a->ldb > MDGPU_GEMM_MAX_LD)
		return reject(c, MDGPU_ERR_BAD_LD, CMD_OFF(launch.gemm.ldb));
	if (a->ldc < a->n || a->ldc > MDGPU_GEMM_MAX_LD)
		return reject(c, MDGPU_ERR_BAD_LD, CMD_OFF(launch.gemm.ldc));
	return 0;
}

/* f32 GEMM: every operand 4 bytes; s8 GEMM: A, B bytes, C s32. */
static int check_gemm(struct vctx *c, const struct mdgpu_gemm_args *a, bool i8)
{
	const u32 f_a = CMD_OFF(launch.gemm.a), f_b = CMD_OFF(launch.gemm.b);
	const u32 f_c = CMD_OFF(launch.gemm.c);
	const u64 in_size = i8 ? 1 : sizeof(u32);
	u64 a_len, b_len, c_len;
	int ret;

	ret = check_gemm_dims(c, a);
	if (!ret)
		ret = check_align(c, a->a, in_size, f_a);
	if (!ret)
		ret = check_align(c, a->b, in_size, f_b);
	if (!ret)
		ret = check_align(c, a->c, MDGPU_F32_ALIGN, f_c);
	if (!ret)
		ret = matrix_extent(c, a->m, a->k, a->lda, in_size, &a_len,
				    f_a);
	if (!ret)
		ret = matrix_extent(c, a->k, a->n, a->ldb, in_size, &b_len,
				    f_b);
	if (!ret)
		ret = matrix_extent(c, a->m, a->n, a->ldc, sizeof(u32), &c_len,
				    f_c);
	if (!ret)
		ret = add_range(c, a->a, a_len, false, f_a);
	if (!ret)
		ret = add_range(c, a->b, b_len, false, f_b);
	if (!ret)
		ret = add_range(c, a->c, c_len, true, f_c);
	if (ret)
		return ret;
	/* C is written while A and B are still being read. */
	if (ranges_overlap(&c->out->ranges[2], &c->out->ranges[0]) ||
	    ranges_overlap(&c->out->ranges[2], &c->out->ranges[1]))
		return reject(c, MDGPU_ERR_OVERLAP, f_c);
	c->out->kind = i8 ? MDGPU_WORK_GEMM_I8 : MDGPU_WORK_GEMM_F32;
	c->out->gemm = *a;
	return 0;
}

static int check_reduce(struct vctx *c, const struct mdgpu_reduce_args *a)
{
	const u32 f_x = CMD_OFF(launch.reduce.x);
	const u32 f_dst = CMD_OFF(launch.reduce.dst);
	int ret;

	ret = check_count(c, a->n, MDGPU_MAX_ELEMS, CMD_OFF(launch.reduce.n));
	if (!ret)
		ret = check_align(c, a->x, MDGPU_F32_ALIGN, f_x);
	if (!ret)
		ret = check_align(c, a->dst, MDGPU_F32_ALIGN, f_dst);
	if (!ret)
		ret = add_range(c, a->x, (u64)a->n * sizeof(u32), false, f_x);
	if (!ret)
		ret = add_range(c, a->dst, sizeof(u32), true, f_dst);
	if (ret)
		return ret;
	if (ranges_overlap(&c->out->ranges[0], &c->out->ranges[1]))
		return reject(c, MDGPU_ERR_OVERLAP, f_dst);
	c->out->kind = MDGPU_WORK_REDUCE_SUM;
	c->out->reduce = *a;
	return 0;
}

/* Which bytes of a LAUNCH entry @kernel uses; 0 for an unknown kernel. */
static u64 launch_bytes(u32 kernel)
{
	switch (kernel) {
	case MDGPU_KERNEL_SPIN:
		return LAUNCH_BYTES | CMD_BYTES(launch.spin.duration_ns);
	case MDGPU_KERNEL_FILL:
		return LAUNCH_BYTES | FILL_BYTES(launch.fill);
	case MDGPU_KERNEL_COPY:
		return LAUNCH_BYTES | COPY_BYTES(launch.copy);
	case MDGPU_KERNEL_AXPY:
		return LAUNCH_BYTES | CMD_BYTES(launch.axpy.x) |
		       CMD_BYTES(launch.axpy.y) | CMD_BYTES(launch.axpy.n) |
		       CMD_BYTES(launch.axpy.a_bits);
	case MDGPU_KERNEL_GEMM_F32:
	case MDGPU_KERNEL_GEMM_I8:
		return LAUNCH_BYTES | GEMM_BYTES;
	case MDGPU_KERNEL_REDUCE_SUM:
		return LAUNCH_BYTES | CMD_BYTES(launch.reduce.x) |
		       CMD_BYTES(launch.reduce.dst) |
		       CMD_BYTES(launch.reduce.n);
	default:
		return 0;
	}
}

/* Which bytes an entry may have non-zero; 0 for an unknown opcode. */
static u64 cmd_bytes(const struct mdgpu_cmd *cmd)
{
	switch (cmd->opcode) {
	case MDGPU_OP_NOP:
		return HDR_BYTES;
	case MDGPU_OP_FILL:
		return HDR_BYTES | FILL_BYTES(fill);
	case MDGPU_OP_COPY:
		return HDR_BYTES | COPY_BYTES(copy);
	case MDGPU_OP_LAUNCH:
		return launch_bytes(cmd->launch.kernel);
	case MDGPU_OP_FENCE:
		if (cmd->flags & MDGPU_FENCE_F_MEM)
			return FENCE_BYTES | CMD_BYTES(fence.addr);
		return FENCE_BYTES;
	case MDGPU_OP_TIMESTAMP:
		return HDR_BYTES | CMD_BYTES(timestamp.dst);
	default:
		return 0;
	}
}

/*
 * One generic pass over the entry instead of a check per reserved field:
 * a field added to the ABI later is rejected by older mediators for free,
 * and the error names the first offending byte.
 */
static int check_reserved(struct vctx *c, const struct mdgpu_cmd *cmd)
{
	const u8 *raw = (const u8 *)cmd;
	u64 used = cmd_bytes(cmd);
	u32 i;

	BUILD_BUG_ON(sizeof(*cmd) != 64);
	for (i = 0; i < sizeof(*cmd); i++)
		if (raw[i] && !(used & (1ULL << i)))
			return reject(c, MDGPU_ERR_RESERVED, i);
	return 0;
}

static int check_launch(struct vctx *c, const struct mdgpu_cmd_launch *l)
{
	if (!l->grid || l->grid > MDGPU_MAX_GRID)
		return reject(c, MDGPU_ERR_BAD_GRID, CMD_OFF(launch.grid));
	c->out->kernel = l->kernel;
	c->out->grid = l->grid;
	switch (l->kernel) {
	case MDGPU_KERNEL_SPIN:
		return check_spin(c, &l->spin);
	case MDGPU_KERNEL_FILL:
		return check_fill(c, &l->fill, CMD_OFF(launch.fill));
	case MDGPU_KERNEL_COPY:
		return check_copy(c, &l->copy, CMD_OFF(launch.copy));
	case MDGPU_KERNEL_AXPY:
		return check_axpy(c, &l->axpy);
	case MDGPU_KERNEL_GEMM_F32:
		return check_gemm(c, &l->gemm, false);
	case MDGPU_KERNEL_GEMM_I8:
		return check_gemm(c, &l->gemm, true);
	case MDGPU_KERNEL_REDUCE_SUM:
		return check_reduce(c, &l->reduce);
	}
	return reject(c, MDGPU_ERR_BAD_KERNEL, CMD_OFF(launch.kernel));
}

static int check_fence(struct vctx *c, const struct mdgpu_cmd *cmd)
{
	const u32 f_addr = CMD_OFF(fence.addr);
	bool mem = cmd->flags & MDGPU_FENCE_F_MEM;
	int ret = 0;

	if (mem) {
		ret = check_align(c, cmd->fence.addr, MDGPU_FENCE_MEM_ALIGN,
				  f_addr);
		if (!ret)
			ret = add_range(c, cmd->fence.addr, sizeof(u64), true,
					f_addr);
	}
	if (ret)
		return ret;
	c->out->kind = MDGPU_WORK_FENCE;
	c->out->fence.value = cmd->fence.value;
	c->out->fence.addr = mem ? cmd->fence.addr : 0;
	c->out->fence.irq = cmd->flags & MDGPU_FENCE_F_IRQ;
	c->out->fence.mem = mem;
	return 0;
}

static int check_timestamp(struct vctx *c, const struct mdgpu_cmd *cmd)
{
	const u32 f_dst = CMD_OFF(timestamp.dst);
	int ret;

	ret = check_align(c, cmd->timestamp.dst, MDGPU_TIMESTAMP_ALIGN, f_dst);
	if (!ret)
		ret = add_range(c, cmd->timestamp.dst, sizeof(u64), true,
				f_dst);
	if (ret)
		return ret;
	c->out->kind = MDGPU_WORK_TIMESTAMP;
	c->out->timestamp.dst = cmd->timestamp.dst;
	return 0;
}

static u8 valid_flags(u8 opcode)
{
	if (opcode == MDGPU_OP_FENCE)
		return MDGPU_FENCE_F_IRQ | MDGPU_FENCE_F_MEM;
	return 0;
}

/**
 * mdgpu_cmd_validate() - check one ring entry and decode it
 * @cmd: the entry, already copied out of guest memory by the caller
 * @mem_size: size of the submitting vGPU's memory in bytes
 * @out: decoded descriptor; zeroed first, meaningful only on success
 * @err: on failure, the error code and offending field; untouched on success
 *
 * Checks, in order: opcode, flags, kernel id, reserved bytes, then the
 * opcode's fields (sizes, grid, alignment, ranges, overlap). Every byte
 * range the command touches is inside [0, @mem_size) and listed in
 * @out->ranges. Pure function: no allocation, no locks, callable in any
 * context.
 *
 * Return: 0 if the command is valid, -EINVAL if not (see @err).
 */
int mdgpu_cmd_validate(const struct mdgpu_cmd *cmd, u64 mem_size,
		       struct mdgpu_work_desc *out, struct mdgpu_cmd_error *err)
{
	struct vctx c = { .mem_size = mem_size, .out = out, .err = err };
	int ret;

	memset(out, 0, sizeof(*out));
	out->opcode = cmd->opcode;
	out->grid = 1;
	if (!cmd->opcode || cmd->opcode > MDGPU_OP_MAX)
		return reject(&c, MDGPU_ERR_BAD_OPCODE, CMD_OFF(opcode));
	if (cmd->flags & ~valid_flags(cmd->opcode))
		return reject(&c, MDGPU_ERR_BAD_FLAGS, CMD_OFF(flags));
	if (cmd->opcode == MDGPU_OP_LAUNCH && !launch_bytes(cmd->launch.kernel))
		return reject(&c, MDGPU_ERR_BAD_KERNEL, CMD_OFF(launch.kernel));
	ret = check_reserved(&c, cmd);
	if (ret)
		return ret;

	switch (cmd->opcode) {
	case MDGPU_OP_NOP:
		out->kind = MDGPU_WORK_NOP;
		return 0;
	case MDGPU_OP_FILL:
		return check_fill(&c, &cmd->fill, CMD_OFF(fill));
	case MDGPU_OP_COPY:
		return check_copy(&c, &cmd->copy, CMD_OFF(copy));
	case MDGPU_OP_LAUNCH:
		return check_launch(&c, &cmd->launch);
	case MDGPU_OP_FENCE:
		return check_fence(&c, cmd);
	default: /* MDGPU_OP_TIMESTAMP, the last one in range */
		return check_timestamp(&c, cmd);
	}
}

/**
 * mdgpu_cmd_error_detail() - the ERROR_DETAIL register value for a rejection
 * @cmd: the rejected entry (the validated copy)
 * @err: what mdgpu_cmd_validate() reported
 *
 * Return: opcode, kernel id (LAUNCH only) and field offset packed as
 * MDGPU_ERROR_DETAIL() describes.
 */
u32 mdgpu_cmd_error_detail(const struct mdgpu_cmd *cmd,
			   const struct mdgpu_cmd_error *err)
{
	u32 kernel = cmd->opcode == MDGPU_OP_LAUNCH ? cmd->launch.kernel : 0;

	return MDGPU_ERROR_DETAIL(cmd->opcode, kernel, err->field);
}

static bool ring_entries_valid(u32 entries)
{
	return entries >= MDGPU_RING_MIN_ENTRIES &&
	       entries <= MDGPU_RING_MAX_ENTRIES && !(entries & (entries - 1));
}

/**
 * mdgpu_ring_validate_config() - check QUEUE_BASE and QUEUE_SIZE
 * @base: ring offset in vGPU memory
 * @entries: ring size in entries
 * @mem_size: size of the vGPU's memory in bytes
 *
 * Called when the guest enables the queue; the caller keeps the checked
 * values and uses them until the queue is disabled or reset.
 *
 * Return: 0 if usable; -EINVAL if @entries is not a power of two in
 * [%MDGPU_RING_MIN_ENTRIES, %MDGPU_RING_MAX_ENTRIES] or @base is not
 * %MDGPU_RING_ALIGN aligned; -ERANGE if the ring does not fit in memory.
 */
int mdgpu_ring_validate_config(u64 base, u32 entries, u64 mem_size)
{
	u64 end;

	if (!ring_entries_valid(entries) || (base & (MDGPU_RING_ALIGN - 1)))
		return -EINVAL;
	if (check_add_overflow(base, (u64)entries * MDGPU_CMD_SIZE, &end) ||
	    end > mem_size)
		return -ERANGE;
	return 0;
}

/**
 * mdgpu_ring_pending() - how many entries to fetch in this pass
 * @head: next entry the device fetches (device-owned)
 * @tail: next entry the guest fills (guest-written, untrusted)
 * @entries: ring size, as accepted by mdgpu_ring_validate_config()
 * @count: entries between @head and @tail, capped at %MDGPU_FETCH_BATCH
 *
 * The ring is empty when @head == @tail, so it holds at most @entries - 1
 * commands. The cap bounds the work done per fetch pass; the caller fetches
 * again once the batch is done, until @count is 0.
 *
 * Return: 0, or -EINVAL if @entries is invalid or @head or @tail is not
 * below it (@count is then 0).
 */
int mdgpu_ring_pending(u32 head, u32 tail, u32 entries, u32 *count)
{
	u32 n;

	*count = 0;
	if (!ring_entries_valid(entries) || head >= entries || tail >= entries)
		return -EINVAL;
	n = (tail - head) & (entries - 1);
	*count = n < MDGPU_FETCH_BATCH ? n : MDGPU_FETCH_BATCH;
	return 0;
}

/**
 * mdgpu_ring_next() - advance a ring index
 * @index: current index, below @entries
 * @n: entries to advance by
 * @entries: ring size, a power of two
 *
 * Return: (@index + @n) modulo @entries.
 */
u32 mdgpu_ring_next(u32 index, u32 n, u32 entries)
{
	return (index + n) & (entries - 1);
}

/**
 * mdgpu_ring_entry_offset() - where a ring entry lives in vGPU memory
 * @base: ring offset, as accepted by mdgpu_ring_validate_config()
 * @entries: ring size, a power of two
 * @index: entry index; taken modulo @entries
 *
 * Return: byte offset of the entry in the vGPU's memory; with a validated
 * configuration all %MDGPU_CMD_SIZE bytes from there are inside memory.
 */
u64 mdgpu_ring_entry_offset(u64 base, u32 entries, u32 index)
{
	return base + (u64)(index & (entries - 1)) * MDGPU_CMD_SIZE;
}
