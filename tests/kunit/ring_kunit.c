// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the ring-pointer arithmetic and a few validator contracts
 * (mdev/cmd_validate.c): queue configuration limits, pending counts against
 * an independent model for every head/tail pair of small rings, wrapping,
 * entry offsets, and that accepted commands stay inside vGPU memory.
 */
#include <kunit/test.h>

/* <linux/range.h>, which KUnit pulls in, declares an add_range() too. */
#define add_range mdgpu_validate_add_range
#include "../../mdev/cmd_validate.c"
#undef add_range

static void ring_config(struct kunit *test)
{
	const u64 mem = 16ULL << 20;
	u32 e;

	for (e = 0; e <= 2 * MDGPU_RING_MAX_ENTRIES; e++) {
		bool ok = e >= MDGPU_RING_MIN_ENTRIES &&
			  e <= MDGPU_RING_MAX_ENTRIES && is_power_of_2(e);

		KUNIT_EXPECT_EQ_MSG(test, mdgpu_ring_validate_config(0, e, mem),
				    ok ? 0 : -EINVAL, "%u entries", e);
	}
	KUNIT_EXPECT_EQ(test, mdgpu_ring_validate_config(0, 1U << 31, mem),
			-EINVAL);
	KUNIT_EXPECT_EQ(
		test, mdgpu_ring_validate_config(MDGPU_RING_ALIGN / 2, 64, mem),
		-EINVAL);
	KUNIT_EXPECT_EQ(
		test, mdgpu_ring_validate_config(MDGPU_RING_ALIGN, 64, mem), 0);
	/* The ring may end exactly at the end of memory, not one byte after. */
	KUNIT_EXPECT_EQ(test,
			mdgpu_ring_validate_config(mem - 64 * MDGPU_CMD_SIZE,
						   64, mem),
			0);
	KUNIT_EXPECT_EQ(test,
			mdgpu_ring_validate_config(mem - 63 * MDGPU_CMD_SIZE,
						   64, mem),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, mdgpu_ring_validate_config(mem, 2, mem), -ERANGE);
	/* base + size must not wrap around to a small end. */
	KUNIT_EXPECT_EQ(test,
			mdgpu_ring_validate_config(U64_MAX & ~63ULL, 64, mem),
			-ERANGE);
	KUNIT_EXPECT_EQ(test,
			mdgpu_ring_validate_config(0, 4096,
						   4096 * MDGPU_CMD_SIZE - 1),
			-ERANGE);
}

/* Entries from head up to (not including) tail, walking one at a time. */
static u32 model_pending(u32 head, u32 tail, u32 entries)
{
	u32 n = 0;

	while (head != tail) {
		head = head + 1 == entries ? 0 : head + 1;
		n++;
	}
	return n < MDGPU_FETCH_BATCH ? n : MDGPU_FETCH_BATCH;
}

static void ring_pending_model(struct kunit *test)
{
	static const u32 sizes[] = { 2, 4, 8, 64, 128, 256 };
	u32 i, head, tail, count, bad = 0;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		u32 e = sizes[i];

		for (head = 0; head < e; head++) {
			for (tail = 0; tail < e; tail++) {
				count = ~0U;
				if (mdgpu_ring_pending(head, tail, e, &count) ||
				    count != model_pending(head, tail, e)) {
					if (!bad++)
						KUNIT_FAIL(
							test,
							"entries %u head %u tail %u: %u, want %u",
							e, head, tail, count,
							model_pending(head,
								      tail, e));
				}
			}
		}
	}
	/* Spot checks of the largest ring. */
	for (head = 0; head < MDGPU_RING_MAX_ENTRIES; head += 97) {
		for (tail = 0; tail < MDGPU_RING_MAX_ENTRIES; tail += 89) {
			mdgpu_ring_pending(head, tail, MDGPU_RING_MAX_ENTRIES,
					   &count);
			if (count != model_pending(head, tail,
						   MDGPU_RING_MAX_ENTRIES) &&
			    !bad++)
				KUNIT_FAIL(test,
					   "4096 entries, head %u tail %u: %u",
					   head, tail, count);
		}
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
}

static void ring_pending_rejects(struct kunit *test)
{
	static const u32 bad[][3] = {
		{ 0, 0, 0 },	       { 0, 0, 1 },	      { 0, 0, 3 },
		{ 0, 0, 8192 },	       { 4, 0, 4 },	      { 0, 4, 4 },
		{ 0xffffffff, 0, 64 }, { 0, 0xffffffff, 64 }, { 4096, 0, 4096 },
	};
	u32 i, count;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		count = 123;
		KUNIT_EXPECT_EQ_MSG(test,
				    mdgpu_ring_pending(bad[i][0], bad[i][1],
						       bad[i][2], &count),
				    -EINVAL, "head %u tail %u entries %u",
				    bad[i][0], bad[i][1], bad[i][2]);
		KUNIT_EXPECT_EQ(test, count, 0U);
	}
}

static void ring_next_and_offset(struct kunit *test)
{
	const u64 base = 1ULL << 20;
	u32 e, i;

	KUNIT_EXPECT_EQ(test, mdgpu_ring_next(63, 1, 64), 0U);
	KUNIT_EXPECT_EQ(test, mdgpu_ring_next(60, 70, 64), 2U);
	KUNIT_EXPECT_EQ(test, mdgpu_ring_next(0, MDGPU_FETCH_BATCH, 64), 0U);
	KUNIT_EXPECT_EQ(test, mdgpu_ring_next(4095, 0xffffffff, 4096), 4094U);
	for (e = MDGPU_RING_MIN_ENTRIES; e <= MDGPU_RING_MAX_ENTRIES; e *= 2) {
		const u64 mem = base + (u64)e * MDGPU_CMD_SIZE;

		KUNIT_ASSERT_EQ(test, mdgpu_ring_validate_config(base, e, mem),
				0);
		for (i = 0; i < 3 * e; i += e / 2 + 1) {
			u64 off = mdgpu_ring_entry_offset(base, e, i);

			KUNIT_EXPECT_EQ(test, off,
					base + (u64)(i % e) * MDGPU_CMD_SIZE);
			KUNIT_EXPECT_LE(test, off + MDGPU_CMD_SIZE, mem);
		}
	}
}

/* Accepted commands touch only memory inside the vGPU; the rest is refused. */
static void validate_ranges(struct kunit *test)
{
	const u64 mem = 1ULL << 20;
	struct mdgpu_work_desc *out =
		kunit_kzalloc(test, sizeof(*out), GFP_KERNEL);
	struct mdgpu_cmd *cmd = kunit_kzalloc(test, sizeof(*cmd), GFP_KERNEL);
	struct mdgpu_cmd_error err;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_ASSERT_NOT_NULL(test, cmd);

	KUNIT_EXPECT_EQ(test, mdgpu_cmd_validate(cmd, mem, out, &err), -EINVAL);
	KUNIT_EXPECT_EQ(test, err.code, (u32)MDGPU_ERR_BAD_OPCODE);

	cmd->opcode = MDGPU_OP_NOP;
	KUNIT_EXPECT_EQ(test, mdgpu_cmd_validate(cmd, mem, out, &err), 0);
	KUNIT_EXPECT_EQ(test, out->kind, (u8)MDGPU_WORK_NOP);
	KUNIT_EXPECT_EQ(test, out->nr_ranges, 0U);

	cmd->opcode = MDGPU_OP_FILL;
	cmd->fill.dst = mem - 4096;
	cmd->fill.len = 4096;
	KUNIT_EXPECT_EQ(test, mdgpu_cmd_validate(cmd, mem, out, &err), 0);
	KUNIT_ASSERT_EQ(test, out->nr_ranges, 1U);
	KUNIT_EXPECT_EQ(test, out->ranges[0].off + out->ranges[0].len, mem);
	KUNIT_EXPECT_TRUE(test, out->ranges[0].write);

	cmd->fill.len = 4100;
	KUNIT_EXPECT_EQ(test, mdgpu_cmd_validate(cmd, mem, out, &err), -EINVAL);
	cmd->fill.dst = U64_MAX - 3;
	cmd->fill.len = 8;
	KUNIT_EXPECT_EQ(test, mdgpu_cmd_validate(cmd, mem, out, &err), -EINVAL);

	memset(cmd, 0, sizeof(*cmd));
	cmd->opcode = MDGPU_OP_COPY;
	cmd->copy.src = 0;
	cmd->copy.dst = 100;
	cmd->copy.len = 100;
	KUNIT_EXPECT_EQ(test, mdgpu_cmd_validate(cmd, mem, out, &err), 0);
	KUNIT_EXPECT_EQ(test, out->nr_ranges, 2U);
	cmd->copy.len = 101; /* overlap */
	KUNIT_EXPECT_EQ(test, mdgpu_cmd_validate(cmd, mem, out, &err), -EINVAL);
	KUNIT_EXPECT_EQ(test, err.code, (u32)MDGPU_ERR_OVERLAP);

	/* Every accepted descriptor lists ranges inside memory. */
	for (i = 0; i < 64; i++) {
		memset(cmd, 0, sizeof(*cmd));
		cmd->opcode = MDGPU_OP_COPY;
		cmd->copy.src = (u64)i << 14;
		cmd->copy.dst = mem - ((u64)i << 12) - 1;
		cmd->copy.len = (u64)i << 11 | 1;
		if (mdgpu_cmd_validate(cmd, mem, out, &err))
			continue;
		KUNIT_EXPECT_LE(test, out->ranges[0].off + out->ranges[0].len,
				mem);
		KUNIT_EXPECT_LE(test, out->ranges[1].off + out->ranges[1].len,
				mem);
	}
}

static struct kunit_case mdgpu_ring_cases[] = {
	KUNIT_CASE(ring_config),	  KUNIT_CASE(ring_pending_model),
	KUNIT_CASE(ring_pending_rejects), KUNIT_CASE(ring_next_and_offset),
	KUNIT_CASE(validate_ranges),	  {}
};

static struct kunit_suite mdgpu_ring_suite = {
	.name = "mdgpu_ring",
	.test_cases = mdgpu_ring_cases,
};

kunit_test_suite(mdgpu_ring_suite);
