// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for mdev/cmd_validate.c. Input: a memory-size mode byte,
 * a 64-bit size, one 64-byte ring entry and optionally a ring configuration.
 * The oracle recomputes, from the raw entry and with 128-bit arithmetic,
 * every byte range an accepted command touches and aborts if any is not
 * inside the vGPU's memory, or if the decoded descriptor disagrees.
 */
#include <stdint.h>
#include <stdlib.h>

#include "mdev/cmd_validate.h"

/* Input layout; gen_corpus.c writes the same. */
#define IN_MODE 0
#define IN_SIZE 1
#define IN_CMD 9
#define IN_RING (IN_CMD + MDGPU_CMD_SIZE)
#define IN_RING_LEN 20 /* base u64, entries u32, head u32, tail u32 */

typedef unsigned __int128 u128;

#define CHECK(cond)              \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

struct oracle {
	u64 mem;
	u32 n;
	u64 off[4];
	u64 len[4];
	bool write[4];
};

static u64 get64(const u8 *p)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static u32 get32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Sizes spread over small, power-of-two, huge and arbitrary values. */
static u64 mem_size(u8 mode, u64 raw)
{
	switch (mode & 3) {
	case 0:
		return raw;
	case 1:
		return 1ULL << (raw % 64);
	case 2:
		return raw & 0xfffff;
	default:
		return ~0ULL - (raw & 0xffff);
	}
}

/* A range the command touches: must be non-empty, inside memory, no wrap. */
static void touch(struct oracle *o, u64 off, u64 len, bool write)
{
	CHECK(o->n < 4);
	CHECK(len > 0);
	CHECK((u128)off + len <= o->mem);
	o->off[o->n] = off;
	o->len[o->n] = len;
	o->write[o->n] = write;
	o->n++;
}

static bool disjoint(u64 a, u64 alen, u64 b, u64 blen)
{
	return (u128)a + alen <= b || (u128)b + blen <= a;
}

static u64 extent(u64 rows, u64 cols, u64 ld, u64 esize)
{
	u128 e = ((u128)(rows - 1) * ld + cols) * esize;

	CHECK(e <= ~0ULL);
	return (u64)e;
}

static void oracle_gemm(struct oracle *o, const u8 *a, bool i8)
{
	u64 pa = get64(a), pb = get64(a + 8), pc = get64(a + 16);
	u32 m = get32(a + 24), n = get32(a + 28), k = get32(a + 32);
	u32 lda = get32(a + 36), ldb = get32(a + 40), ldc = get32(a + 44);
	u64 es = i8 ? 1 : 4, alen, blen, clen;

	CHECK(m && n && k && m <= MDGPU_GEMM_MAX_DIM &&
	      n <= MDGPU_GEMM_MAX_DIM && k <= MDGPU_GEMM_MAX_DIM);
	CHECK(lda >= k && ldb >= n && ldc >= n && lda <= MDGPU_GEMM_MAX_LD &&
	      ldb <= MDGPU_GEMM_MAX_LD && ldc <= MDGPU_GEMM_MAX_LD);
	CHECK(pa % es == 0 && pb % es == 0 && pc % 4 == 0);
	alen = extent(m, k, lda, es);
	blen = extent(k, n, ldb, es);
	clen = extent(m, n, ldc, 4);
	touch(o, pa, alen, false);
	touch(o, pb, blen, false);
	touch(o, pc, clen, true);
	CHECK(disjoint(pc, clen, pa, alen) && disjoint(pc, clen, pb, blen));
}

static void oracle_launch(struct oracle *o, const u8 *raw)
{
	u16 kernel = raw[8] | raw[9] << 8;
	u32 grid = get32(raw + 12);
	const u8 *a = raw + 16;
	u64 x, y, len;
	u32 n;

	CHECK(grid >= 1 && grid <= MDGPU_MAX_GRID);
	switch (kernel) {
	case MDGPU_KERNEL_SPIN:
		CHECK(get64(a) >= 1 && get64(a) <= MDGPU_SPIN_MAX_NS);
		break;
	case MDGPU_KERNEL_FILL:
		len = get64(a + 8);
		CHECK(len % 4 == 0 && get64(a) % 4 == 0 &&
		      len <= MDGPU_MAX_XFER_LEN);
		touch(o, get64(a), len, true);
		break;
	case MDGPU_KERNEL_COPY:
		len = get64(a + 16);
		CHECK(len <= MDGPU_MAX_XFER_LEN);
		touch(o, get64(a + 8), len, false);
		touch(o, get64(a), len, true);
		CHECK(disjoint(get64(a), len, get64(a + 8), len));
		break;
	case MDGPU_KERNEL_AXPY:
		x = get64(a);
		y = get64(a + 8);
		n = get32(a + 16);
		CHECK(n >= 1 && n <= MDGPU_MAX_ELEMS && x % 4 == 0 &&
		      y % 4 == 0);
		touch(o, x, (u64)n * 4, false);
		touch(o, y, (u64)n * 4, true);
		CHECK(x == y || disjoint(x, (u64)n * 4, y, (u64)n * 4));
		break;
	case MDGPU_KERNEL_GEMM_F32:
	case MDGPU_KERNEL_GEMM_I8:
		oracle_gemm(o, a, kernel == MDGPU_KERNEL_GEMM_I8);
		break;
	case MDGPU_KERNEL_REDUCE_SUM:
		x = get64(a);
		y = get64(a + 8);
		n = get32(a + 16);
		CHECK(n >= 1 && n <= MDGPU_MAX_ELEMS && x % 4 == 0 &&
		      y % 4 == 0);
		touch(o, x, (u64)n * 4, false);
		touch(o, y, 4, true);
		CHECK(disjoint(x, (u64)n * 4, y, 4));
		break;
	default:
		CHECK(0); /* an unknown kernel was accepted */
	}
}

/* The ranges an accepted entry may touch, from the spec, not the validator. */
static void oracle_cmd(struct oracle *o, const u8 *raw)
{
	u64 len;

	CHECK(raw[2] == 0 && raw[3] == 0 && get32(raw + 4) == 0);
	switch (raw[0]) {
	case MDGPU_OP_NOP:
		break;
	case MDGPU_OP_FILL:
		len = get64(raw + 16);
		CHECK(len % 4 == 0 && get64(raw + 8) % 4 == 0 &&
		      len <= MDGPU_MAX_XFER_LEN);
		touch(o, get64(raw + 8), len, true);
		break;
	case MDGPU_OP_COPY:
		len = get64(raw + 24);
		CHECK(len <= MDGPU_MAX_XFER_LEN);
		touch(o, get64(raw + 16), len, false);
		touch(o, get64(raw + 8), len, true);
		CHECK(disjoint(get64(raw + 8), len, get64(raw + 16), len));
		break;
	case MDGPU_OP_LAUNCH:
		oracle_launch(o, raw);
		break;
	case MDGPU_OP_FENCE:
		CHECK(!(raw[1] & ~(MDGPU_FENCE_F_IRQ | MDGPU_FENCE_F_MEM)));
		if (raw[1] & MDGPU_FENCE_F_MEM) {
			CHECK(get64(raw + 16) % 8 == 0);
			touch(o, get64(raw + 16), 8, true);
		} else {
			CHECK(get64(raw + 16) == 0);
		}
		break;
	case MDGPU_OP_TIMESTAMP:
		CHECK(get64(raw + 8) % 8 == 0);
		touch(o, get64(raw + 8), 8, true);
		break;
	default:
		CHECK(0); /* an unknown opcode was accepted */
	}
	if (raw[0] != MDGPU_OP_FENCE)
		CHECK(raw[1] == 0);
}

/* Every range the validator reports matches one the oracle derived. */
static void compare_ranges(const struct oracle *o,
			   const struct mdgpu_work_desc *d)
{
	bool used[4] = { false, false, false, false };
	u32 i, j;

	CHECK(d->nr_ranges == o->n && d->nr_ranges <= MDGPU_WORK_MAX_RANGES);
	for (i = 0; i < d->nr_ranges; i++) {
		const struct mdgpu_mem_range *r = &d->ranges[i];

		CHECK((u128)r->off + r->len <= o->mem && r->len > 0);
		for (j = 0; j < o->n; j++) {
			if (!used[j] && o->off[j] == r->off &&
			    o->len[j] == r->len && o->write[j] == r->write) {
				used[j] = true;
				break;
			}
		}
		CHECK(j < o->n);
	}
}

static void fuzz_cmd(const struct mdgpu_cmd *cmd, u64 mem)
{
	struct mdgpu_work_desc d, d2;
	struct mdgpu_cmd_error err = { 0, 0 }, err2 = { 0, 0 };
	struct oracle o = { .mem = mem };
	int ret;

	ret = mdgpu_cmd_validate(cmd, mem, &d, &err);
	/* Pure function: a second run gives the same answer. */
	CHECK(mdgpu_cmd_validate(cmd, mem, &d2, &err2) == ret);
	CHECK(!memcmp(&err, &err2, sizeof(err)));
	if (ret) {
		CHECK(ret == -EINVAL);
		CHECK(err.code >= MDGPU_ERR_BAD_OPCODE &&
		      err.code <= MDGPU_ERR_BAD_LD);
		CHECK(err.field < MDGPU_CMD_SIZE);
		return;
	}
	CHECK(!memcmp(&d, &d2, sizeof(d)));
	oracle_cmd(&o, (const u8 *)cmd);
	compare_ranges(&o, &d);
	CHECK(d.opcode == cmd->opcode);
	CHECK(d.grid >= 1 && d.grid <= MDGPU_MAX_GRID);
}

static void fuzz_ring(const u8 *p, u64 mem)
{
	u64 base = get64(p);
	u32 entries = get32(p + 8), head = get32(p + 12), tail = get32(p + 16);
	u32 count, i;

	if (mdgpu_ring_validate_config(base, entries, mem))
		return;
	CHECK(entries >= MDGPU_RING_MIN_ENTRIES &&
	      entries <= MDGPU_RING_MAX_ENTRIES);
	CHECK(!(entries & (entries - 1)) && base % MDGPU_RING_ALIGN == 0);
	CHECK((u128)base + (u128)entries * MDGPU_CMD_SIZE <= mem);
	if (mdgpu_ring_pending(head, tail, entries, &count)) {
		CHECK(head >= entries || tail >= entries);
		CHECK(count == 0);
		return;
	}
	CHECK(head < entries && tail < entries && count <= MDGPU_FETCH_BATCH);
	CHECK(count == ((tail + entries - head) % entries < MDGPU_FETCH_BATCH ?
				(tail + entries - head) % entries :
				MDGPU_FETCH_BATCH));
	for (i = 0; i < count; i++) {
		u64 off = mdgpu_ring_entry_offset(
			base, entries, mdgpu_ring_next(head, i, entries));

		CHECK(off >= base && (u128)off + MDGPU_CMD_SIZE <= mem);
	}
	CHECK(mdgpu_ring_next(head, count, entries) < entries);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u8 in[IN_RING + IN_RING_LEN] = { 0 };
	struct mdgpu_cmd cmd;
	u64 mem;

	memcpy(in, data, size < sizeof(in) ? size : sizeof(in));
	mem = mem_size(in[IN_MODE], get64(in + IN_SIZE));
	memcpy(&cmd, in + IN_CMD, sizeof(cmd));
	fuzz_cmd(&cmd, mem);
	if (size >= IN_RING + IN_RING_LEN)
		fuzz_ring(in + IN_RING, mem);
	return 0;
}
