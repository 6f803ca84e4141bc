// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The device's command rules (docs/device.md §6-§8) applied on the API side,
 * so a bad argument fails at the call with a message instead of stopping
 * the queue. It predicts the device's verdict: the same error code and
 * field, checked in the same order; the unit tests compare the two.
 */
#include <stddef.h>
#include <string.h>

#include "rt_internal.h"

#define F(member) ((__u32)offsetof(struct mdgpu_cmd, member))

/* Bytes of the entry a command may set; everything else must be zero. */
struct used {
	__u64 mask;
};

static void use(struct used *u, __u32 off, __u32 len)
{
	u->mask |= ((len >= 64 ? 0 : (1ULL << len)) - 1) << off;
}

#define USE(u, member) \
	use(u, F(member), sizeof(((struct mdgpu_cmd *)0)->member))

/*
 * The checks are sticky: once one fails, the later ones do nothing, so a
 * command's checks read as a plain list in the device's order.
 */
struct ck {
	__u64 mem_size;
	struct rt_check_result *res;
	struct {
		__u64 off, len;
	} r[3];
	int nr;
};

static bool failed(const struct ck *c)
{
	return c->res->code != MDGPU_ERR_NONE;
}

static void fail(struct ck *c, __u32 code, __u32 field, const char *why)
{
	if (failed(c))
		return;
	c->res->code = code;
	c->res->field = field;
	c->res->why = why;
}

static void count(struct ck *c, __u64 v, __u64 max, __u32 field,
		  const char *what)
{
	if (!v)
		fail(c, MDGPU_ERR_ZERO_SIZE, field, what);
	else if (v > max)
		fail(c, MDGPU_ERR_TOO_LARGE, field, what);
}

static void aligned(struct ck *c, __u64 v, __u64 align, __u32 field,
		    const char *what)
{
	if (v & (align - 1))
		fail(c, MDGPU_ERR_MISALIGNED, field, what);
}

static void range(struct ck *c, __u64 off, __u64 len, __u32 field,
		  const char *what)
{
	if (failed(c))
		return;
	if (off + len < off) {
		fail(c, MDGPU_ERR_OVERFLOW, field, what);
		return;
	}
	if (off + len > c->mem_size) {
		fail(c, MDGPU_ERR_OUT_OF_RANGE, field, what);
		return;
	}
	c->r[c->nr].off = off;
	c->r[c->nr].len = len;
	c->nr++;
}

/* Ranges @i and @j (recorded by range()) share a byte; false after a failure. */
static bool overlap(const struct ck *c, int i, int j)
{
	return !failed(c) && c->r[i].off < c->r[j].off + c->r[j].len &&
	       c->r[j].off < c->r[i].off + c->r[i].len;
}

static void check_fill(struct ck *c, const struct mdgpu_fill_args *a,
		       __u32 base)
{
	const __u32 f_dst = base + offsetof(struct mdgpu_fill_args, dst);
	const __u32 f_len = base + offsetof(struct mdgpu_fill_args, len);

	count(c, a->len, MDGPU_MAX_XFER_LEN, f_len,
	      "fill: len 0 or over 1 GiB");
	aligned(c, a->dst, MDGPU_FILL_ALIGN, f_dst, "fill: dst not 4-aligned");
	aligned(c, a->len, MDGPU_FILL_ALIGN, f_len, "fill: len not 4-aligned");
	range(c, a->dst, a->len, f_dst, "fill: dst + len outside memory");
}

static void check_copy(struct ck *c, const struct mdgpu_copy_args *a,
		       __u32 base)
{
	const __u32 f_dst = base + offsetof(struct mdgpu_copy_args, dst);
	const __u32 f_src = base + offsetof(struct mdgpu_copy_args, src);
	const __u32 f_len = base + offsetof(struct mdgpu_copy_args, len);

	count(c, a->len, MDGPU_MAX_XFER_LEN, f_len,
	      "copy: len 0 or over 1 GiB");
	range(c, a->src, a->len, f_src, "copy: src + len outside memory");
	range(c, a->dst, a->len, f_dst, "copy: dst + len outside memory");
	if (overlap(c, 0, 1))
		fail(c, MDGPU_ERR_OVERLAP, f_dst, "copy: src and dst overlap");
}

static void check_axpy(struct ck *c, const struct mdgpu_axpy_args *a)
{
	__u64 bytes = (__u64)a->n * 4;

	count(c, a->n, MDGPU_MAX_ELEMS, F(launch.axpy.n),
	      "axpy: n 0 or over 2^28");
	aligned(c, a->x, 4, F(launch.axpy.x), "axpy: x not 4-aligned");
	aligned(c, a->y, 4, F(launch.axpy.y), "axpy: y not 4-aligned");
	range(c, a->x, bytes, F(launch.axpy.x), "axpy: x outside memory");
	range(c, a->y, bytes, F(launch.axpy.y), "axpy: y outside memory");
	if (a->x != a->y && overlap(c, 0, 1))
		fail(c, MDGPU_ERR_OVERLAP, F(launch.axpy.y),
		     "axpy: x and y partly overlap");
}

/* ((rows - 1) * ld + cols) * esize without wrapping; false on overflow. */
static bool extent(__u64 rows, __u64 cols, __u64 ld, __u64 esize, __u64 *bytes)
{
	__u64 e;

	return !__builtin_mul_overflow(rows - 1, ld, &e) &&
	       !__builtin_add_overflow(e, cols, &e) &&
	       !__builtin_mul_overflow(e, esize, bytes);
}

static void check_ld(struct ck *c, __u32 ld, __u32 row, __u32 field,
		     const char *what)
{
	if (ld < row || ld > MDGPU_GEMM_MAX_LD)
		fail(c, MDGPU_ERR_BAD_LD, field, what);
}

static void check_gemm(struct ck *c, const struct mdgpu_gemm_args *g, bool i8)
{
	const __u64 in = i8 ? 1 : 4;
	__u64 la = 0, lb = 0, lc = 0;

	count(c, g->m, MDGPU_GEMM_MAX_DIM, F(launch.gemm.m),
	      "gemm: m 0 or over 8192");
	count(c, g->n, MDGPU_GEMM_MAX_DIM, F(launch.gemm.n),
	      "gemm: n 0 or over 8192");
	count(c, g->k, MDGPU_GEMM_MAX_DIM, F(launch.gemm.k),
	      "gemm: k 0 or over 8192");
	check_ld(c, g->lda, g->k, F(launch.gemm.lda),
		 "gemm: lda below k or too big");
	check_ld(c, g->ldb, g->n, F(launch.gemm.ldb),
		 "gemm: ldb below n or too big");
	check_ld(c, g->ldc, g->n, F(launch.gemm.ldc),
		 "gemm: ldc below n or too big");
	aligned(c, g->a, in, F(launch.gemm.a), "gemm: a misaligned");
	aligned(c, g->b, in, F(launch.gemm.b), "gemm: b misaligned");
	aligned(c, g->c, 4, F(launch.gemm.c), "gemm: c not 4-aligned");
	if (failed(c))
		return;
	if (!extent(g->m, g->k, g->lda, in, &la))
		fail(c, MDGPU_ERR_OVERFLOW, F(launch.gemm.a),
		     "gemm: A extent wraps");
	if (!extent(g->k, g->n, g->ldb, in, &lb))
		fail(c, MDGPU_ERR_OVERFLOW, F(launch.gemm.b),
		     "gemm: B extent wraps");
	if (!extent(g->m, g->n, g->ldc, 4, &lc))
		fail(c, MDGPU_ERR_OVERFLOW, F(launch.gemm.c),
		     "gemm: C extent wraps");
	range(c, g->a, la, F(launch.gemm.a), "gemm: A outside memory");
	range(c, g->b, lb, F(launch.gemm.b), "gemm: B outside memory");
	range(c, g->c, lc, F(launch.gemm.c), "gemm: C outside memory");
	if (overlap(c, 2, 0) || overlap(c, 2, 1))
		fail(c, MDGPU_ERR_OVERLAP, F(launch.gemm.c),
		     "gemm: C overlaps A or B");
}

static void check_reduce(struct ck *c, const struct mdgpu_reduce_args *a)
{
	count(c, a->n, MDGPU_MAX_ELEMS, F(launch.reduce.n),
	      "reduce: n 0 or over 2^28");
	aligned(c, a->x, 4, F(launch.reduce.x), "reduce: x not 4-aligned");
	aligned(c, a->dst, 4, F(launch.reduce.dst),
		"reduce: dst not 4-aligned");
	range(c, a->x, (__u64)a->n * 4, F(launch.reduce.x),
	      "reduce: x outside memory");
	range(c, a->dst, 4, F(launch.reduce.dst), "reduce: dst outside memory");
	if (overlap(c, 0, 1))
		fail(c, MDGPU_ERR_OVERLAP, F(launch.reduce.dst),
		     "reduce: dst inside x");
}

/* Bytes a LAUNCH of @kernel may set, or 0 for a kernel id we do not know. */
static __u64 launch_used(__u32 kernel)
{
	struct used u = { 0 };

	USE(&u, opcode);
	USE(&u, flags);
	USE(&u, launch.kernel);
	USE(&u, launch.grid);
	switch (kernel) {
	case MDGPU_KERNEL_SPIN:
		USE(&u, launch.spin.duration_ns);
		break;
	case MDGPU_KERNEL_FILL:
		USE(&u, launch.fill.dst);
		USE(&u, launch.fill.len);
		USE(&u, launch.fill.pattern);
		break;
	case MDGPU_KERNEL_COPY:
		USE(&u, launch.copy.dst);
		USE(&u, launch.copy.src);
		USE(&u, launch.copy.len);
		break;
	case MDGPU_KERNEL_AXPY:
		USE(&u, launch.axpy);
		break;
	case MDGPU_KERNEL_GEMM_F32:
	case MDGPU_KERNEL_GEMM_I8:
		USE(&u, launch.gemm);
		break;
	case MDGPU_KERNEL_REDUCE_SUM:
		USE(&u, launch.reduce.x);
		USE(&u, launch.reduce.dst);
		USE(&u, launch.reduce.n);
		break;
	default:
		return 0;
	}
	return u.mask;
}

static __u64 cmd_used(const struct mdgpu_cmd *cmd)
{
	struct used u = { 0 };

	if (cmd->opcode == MDGPU_OP_LAUNCH)
		return launch_used(cmd->launch.kernel);
	USE(&u, opcode);
	USE(&u, flags);
	switch (cmd->opcode) {
	case MDGPU_OP_FILL:
		USE(&u, fill.dst);
		USE(&u, fill.len);
		USE(&u, fill.pattern);
		break;
	case MDGPU_OP_COPY:
		USE(&u, copy);
		break;
	case MDGPU_OP_FENCE:
		USE(&u, fence.value);
		if (cmd->flags & MDGPU_FENCE_F_MEM)
			USE(&u, fence.addr);
		break;
	case MDGPU_OP_TIMESTAMP:
		USE(&u, timestamp.dst);
		break;
	}
	return u.mask;
}

static void check_launch(struct ck *c, const struct mdgpu_cmd_launch *l)
{
	if (!l->grid || l->grid > MDGPU_MAX_GRID)
		fail(c, MDGPU_ERR_BAD_GRID, F(launch.grid),
		     "launch: grid 0 or over 1024");
	switch (l->kernel) {
	case MDGPU_KERNEL_SPIN:
		count(c, l->spin.duration_ns, MDGPU_SPIN_MAX_NS,
		      F(launch.spin.duration_ns),
		      "spin: duration 0 or over 1 s");
		break;
	case MDGPU_KERNEL_FILL:
		check_fill(c, &l->fill, F(launch.fill));
		break;
	case MDGPU_KERNEL_COPY:
		check_copy(c, &l->copy, F(launch.copy));
		break;
	case MDGPU_KERNEL_AXPY:
		check_axpy(c, &l->axpy);
		break;
	case MDGPU_KERNEL_GEMM_F32:
	case MDGPU_KERNEL_GEMM_I8:
		check_gemm(c, &l->gemm, l->kernel == MDGPU_KERNEL_GEMM_I8);
		break;
	default:
		check_reduce(c, &l->reduce);
	}
}

static void check_fields(struct ck *c, const struct mdgpu_cmd *cmd)
{
	switch (cmd->opcode) {
	case MDGPU_OP_FILL:
		check_fill(c, &cmd->fill, F(fill));
		break;
	case MDGPU_OP_COPY:
		check_copy(c, &cmd->copy, F(copy));
		break;
	case MDGPU_OP_LAUNCH:
		check_launch(c, &cmd->launch);
		break;
	case MDGPU_OP_FENCE:
		if (!(cmd->flags & MDGPU_FENCE_F_MEM))
			break;
		aligned(c, cmd->fence.addr, 8, F(fence.addr),
			"fence: addr not 8-aligned");
		range(c, cmd->fence.addr, 8, F(fence.addr),
		      "fence: addr outside memory");
		break;
	case MDGPU_OP_TIMESTAMP:
		aligned(c, cmd->timestamp.dst, 8, F(timestamp.dst),
			"timestamp: dst not 8-aligned");
		range(c, cmd->timestamp.dst, 8, F(timestamp.dst),
		      "timestamp: dst outside memory");
		break;
	}
}

/**
 * rt_cmd_check() - would the device accept this command?
 * @cmd: a ring entry
 * @mem_size: the vGPU's memory size
 * @res: the verdict; @res->code is %MDGPU_ERR_NONE for a valid command
 *
 * In the device's order: opcode, flags, kernel id, reserved bytes, then the
 * fields (sizes, grid, leading dimensions, alignment, wrap, range, overlap).
 *
 * Return: @res->code.
 */
__u32 rt_cmd_check(const struct mdgpu_cmd *cmd, __u64 mem_size,
		   struct rt_check_result *res)
{
	struct ck c = { .mem_size = mem_size, .res = res };
	const __u8 *raw = (const __u8 *)cmd;
	__u8 flags_ok = 0;
	__u64 used;
	__u32 i;

	memset(res, 0, sizeof(*res));
	if (cmd->opcode == MDGPU_OP_FENCE)
		flags_ok = MDGPU_FENCE_F_IRQ | MDGPU_FENCE_F_MEM;
	if (!cmd->opcode || cmd->opcode > MDGPU_OP_MAX)
		fail(&c, MDGPU_ERR_BAD_OPCODE, F(opcode), "unknown opcode");
	if (cmd->flags & ~flags_ok)
		fail(&c, MDGPU_ERR_BAD_FLAGS, F(flags),
		     "flag not defined for the opcode");
	used = cmd_used(cmd);
	if (!used)
		fail(&c, MDGPU_ERR_BAD_KERNEL, F(launch.kernel),
		     "unknown kernel id");
	for (i = 0; i < sizeof(*cmd) && !failed(&c); i++)
		if (raw[i] && !(used & (1ULL << i)))
			fail(&c, MDGPU_ERR_RESERVED, i,
			     "reserved byte not zero");
	if (!failed(&c))
		check_fields(&c, cmd);
	return res->code;
}

/**
 * rt_check_errno() - the errno an API call returns for a device error code
 * @code: enum mdgpu_error from rt_cmd_check()
 *
 * Return: 0 for %MDGPU_ERR_NONE; -ERANGE for ranges outside memory or
 * wrapping; -E2BIG for sizes above a limit; -EINVAL for the rest.
 */
int rt_check_errno(__u32 code)
{
	switch (code) {
	case MDGPU_ERR_NONE:
		return 0;
	case MDGPU_ERR_OVERFLOW:
	case MDGPU_ERR_OUT_OF_RANGE:
		return -ERANGE;
	case MDGPU_ERR_TOO_LARGE:
		return -E2BIG;
	default:
		return -EINVAL;
	}
}
