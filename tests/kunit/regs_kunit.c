// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the BAR0 register model (mdev/regs.c): the table's
 * invariants (mdgpu_regs_table_check() and an independent re-check), which
 * bits a guest can write, latching, actions, interrupts and errors.
 */
#include <kunit/test.h>
#include <linux/bitmap.h>

#include "../../mdev/regs.c"

/* Every register docs/device.md defines, from the uapi header. */
static const u32 uapi_regs[] = {
	MDGPU_REG_ID,
	MDGPU_REG_VERSION,
	MDGPU_REG_CAPS,
	MDGPU_REG_KERNELS,
	MDGPU_REG_MEM_SIZE_LO,
	MDGPU_REG_MEM_SIZE_HI,
	MDGPU_REG_VISIBLE_SIZE_LO,
	MDGPU_REG_VISIBLE_SIZE_HI,
	MDGPU_REG_COMPUTE_UNITS,
	MDGPU_REG_VGPU_MODE,
	MDGPU_REG_QUEUE_BASE_LO,
	MDGPU_REG_QUEUE_BASE_HI,
	MDGPU_REG_QUEUE_SIZE,
	MDGPU_REG_QUEUE_CTRL,
	MDGPU_REG_QUEUE_HEAD,
	MDGPU_REG_QUEUE_TAIL,
	MDGPU_REG_DOORBELL,
	MDGPU_REG_QUEUE_STATUS,
	MDGPU_REG_INT_STATUS,
	MDGPU_REG_INT_MASK,
	MDGPU_REG_INT_ACK,
	MDGPU_REG_ERROR_CODE,
	MDGPU_REG_ERROR_INDEX,
	MDGPU_REG_ERROR_DETAIL,
	MDGPU_REG_RESET,
	MDGPU_REG_SCRATCH,
	MDGPU_REG_FENCE_LO,
	MDGPU_REG_FENCE_HI,
	MDGPU_REG_TIME_LO,
	MDGPU_REG_TIME_HI,
	MDGPU_REG_QOS_WEIGHT,
	MDGPU_REG_QOS_SHARE_MIN,
	MDGPU_REG_QOS_SHARE_MAX,
	MDGPU_REG_QOS_PRIORITY,
	MDGPU_REG_QOS_TIMESLICE_US,
	MDGPU_REG_BUSY_NS_LO,
	MDGPU_REG_BUSY_NS_HI,
	MDGPU_REG_WAIT_NS_LO,
	MDGPU_REG_WAIT_NS_HI,
	MDGPU_REG_COMPLETED_LO,
	MDGPU_REG_COMPLETED_HI,
};

static struct mdgpu_regs *new_regs(struct kunit *test, mdgpu_regs_live_fn live,
				   void *priv)
{
	struct mdgpu_regs *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	mdgpu_regs_init(r, live, priv);
	return r;
}

static struct mdgpu_reg_desc *table_copy(struct kunit *test)
{
	size_t sz = mdgpu_bar0_nr_regs * sizeof(mdgpu_bar0_regs[0]);
	struct mdgpu_reg_desc *t = kunit_kzalloc(test, sz, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	memcpy(t, mdgpu_bar0_regs, sz);
	return t;
}

static void regs_table_valid(struct kunit *test)
{
	DECLARE_BITMAP(seen, MDGPU_REGS_NR_SLOTS);
	u32 i, j;

	KUNIT_EXPECT_EQ(
		test,
		mdgpu_regs_table_check(mdgpu_bar0_regs, mdgpu_bar0_nr_regs), 0);
	KUNIT_EXPECT_EQ(test, mdgpu_bar0_nr_regs, (u32)ARRAY_SIZE(uapi_regs));

	/* Re-checked here without the code under test. */
	bitmap_zero(seen, MDGPU_REGS_NR_SLOTS);
	for (i = 0; i < mdgpu_bar0_nr_regs; i++) {
		const struct mdgpu_reg_desc *d = &mdgpu_bar0_regs[i];

		KUNIT_EXPECT_EQ_MSG(test, d->size, 4, "%s", d->name);
		KUNIT_EXPECT_EQ_MSG(test, d->offset & 3, 0, "%s", d->name);
		KUNIT_ASSERT_LE_MSG(test, d->offset, MDGPU_REG_LAST, "%s",
				    d->name);
		KUNIT_EXPECT_FALSE_MSG(test,
				       __test_and_set_bit(d->offset / 4, seen),
				       "duplicate offset %#x (%s)", d->offset,
				       d->name);
		KUNIT_ASSERT_NOT_NULL(test, d->name);
		if (i)
			KUNIT_EXPECT_GT_MSG(test, d->offset,
					    mdgpu_bar0_regs[i - 1].offset,
					    "table not sorted at %s", d->name);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_STRNEQ(test, d->name,
					    mdgpu_bar0_regs[j].name);
		/* Write-only registers have nothing to read back. */
		if (d->flags & MDGPU_REG_F_WO)
			KUNIT_EXPECT_FALSE(test, d->flags & (MDGPU_REG_F_LIVE |
							     MDGPU_REG_F_HOST));
	}
	for (i = 0; i < ARRAY_SIZE(uapi_regs); i++)
		KUNIT_EXPECT_NOT_NULL_MSG(test, mdgpu_regs_name(uapi_regs[i]),
					  "register %#x missing from the table",
					  uapi_regs[i]);
	KUNIT_EXPECT_NULL(test, mdgpu_regs_name(0x030));
	KUNIT_EXPECT_NULL(test, mdgpu_regs_name(MDGPU_REG_LAST + 4));
	KUNIT_EXPECT_NULL(test, mdgpu_regs_name(MDGPU_REG_ID + 1));
}

static void regs_table_check_catches(struct kunit *test)
{
	const u32 n = mdgpu_bar0_nr_regs;
	struct mdgpu_reg_desc *t;
	u32 i, lo = n;

	t = table_copy(test);
	t[3].offset = t[1].offset;
	KUNIT_EXPECT_EQ(test, mdgpu_regs_table_check(t, n), -EEXIST);

	t = table_copy(test);
	t[n - 1].offset = t[0].offset;
	KUNIT_EXPECT_EQ(test, mdgpu_regs_table_check(t, n), -EEXIST);

	t = table_copy(test);
	t[0].size = 8; /* overlaps the next register */
	KUNIT_EXPECT_EQ(test, mdgpu_regs_table_check(t, n), -EEXIST);

	t = table_copy(test);
	t[n - 1].size = 2;
	KUNIT_EXPECT_EQ(test, mdgpu_regs_table_check(t, n), -EINVAL);

	t = table_copy(test);
	t[n - 1].offset = MDGPU_REG_LAST + 2;
	KUNIT_EXPECT_EQ(test, mdgpu_regs_table_check(t, n), -EINVAL);

	t = table_copy(test);
	t[n - 1].offset = MDGPU_REG_LAST + 4;
	KUNIT_EXPECT_EQ(test, mdgpu_regs_table_check(t, n), -EINVAL);

	t = table_copy(test);
	t[2].name = NULL;
	KUNIT_EXPECT_EQ(test, mdgpu_regs_table_check(t, n), -EINVAL);

	/* A latched LO whose HI is not a LATCH_HI. */
	t = table_copy(test);
	for (i = 0; i < n; i++)
		if (t[i].flags & MDGPU_REG_F_LATCH_LO) {
			lo = i;
			break;
		}
	KUNIT_ASSERT_LT(test, lo, n - 1);
	t[lo + 1].flags &= ~MDGPU_REG_F_LATCH_HI;
	KUNIT_EXPECT_EQ(test, mdgpu_regs_table_check(t, n), -EINVAL);

	KUNIT_EXPECT_EQ(test, mdgpu_regs_table_check(mdgpu_bar0_regs, 0), 0);
}

/*
 * All-ones into each register on its own: exactly the documented guest
 * bits change storage, and read-only masks hold.
 */
static void regs_guest_writable_bits(struct kunit *test)
{
	static const struct {
		u32 off;
		u32 bits;
	} writable[] = {
		{ MDGPU_REG_QUEUE_BASE_LO, ~0U },
		{ MDGPU_REG_QUEUE_BASE_HI, ~0U },
		{ MDGPU_REG_QUEUE_SIZE, ~0U },
		{ MDGPU_REG_QUEUE_CTRL, MDGPU_QUEUE_CTRL_ENABLE },
		{ MDGPU_REG_QUEUE_TAIL, ~0U },
		{ MDGPU_REG_INT_MASK, MDGPU_INT_ALL },
		{ MDGPU_REG_SCRATCH, ~0U },
		/* The doorbell stores its value as the tail. */
		{ MDGPU_REG_DOORBELL, 0 },
	};
	u32 i, j, slot;

	for (i = 0; i < mdgpu_bar0_nr_regs; i++) {
		const struct mdgpu_reg_desc *d = &mdgpu_bar0_regs[i];
		struct mdgpu_regs *r = new_regs(test, NULL, NULL);
		u32 before[MDGPU_REGS_NR_SLOTS], want = 0;
		u64 v;

		/* Host values in place, nothing pending. */
		for (slot = 0; slot < MDGPU_REGS_NR_SLOTS; slot++)
			if (mdgpu_regs_name(slot * 4) &&
			    slot * 4 != MDGPU_REG_ID &&
			    slot * 4 != MDGPU_REG_VERSION)
				mdgpu_regs_set(r, slot * 4, 0x5a5a0000 | slot);
		mdgpu_regs_set(r, MDGPU_REG_QUEUE_CTRL, 0);
		mdgpu_regs_set(r, MDGPU_REG_INT_STATUS, 0);
		memcpy(before, r->val, sizeof(before));

		for (j = 0; j < ARRAY_SIZE(writable); j++)
			if (writable[j].off == d->offset)
				want = writable[j].bits;
		KUNIT_EXPECT_EQ_MSG(
			test, want & d->ro_mask, 0U,
			"%s: a documented writable bit is read-only", d->name);
		KUNIT_EXPECT_GE(test, mdgpu_regs_write(r, d->offset, 4, ~0ULL),
				0);
		for (slot = 0; slot < MDGPU_REGS_NR_SLOTS; slot++) {
			u32 exp = before[slot];

			if (slot * 4 == d->offset)
				exp = (before[slot] & ~want) | want;
			if (d->offset == MDGPU_REG_DOORBELL &&
			    slot * 4 == MDGPU_REG_QUEUE_TAIL)
				exp = ~0U;
			KUNIT_EXPECT_EQ_MSG(test, r->val[slot], exp,
					    "writing %s changed slot %#x",
					    d->name, slot * 4);
		}
		/* Write-only registers read 0. */
		if (d->flags & MDGPU_REG_F_WO) {
			KUNIT_EXPECT_EQ(
				test, mdgpu_regs_read(r, d->offset, 4, &v), 0);
			KUNIT_EXPECT_EQ_MSG(test, v, 0ULL, "%s", d->name);
		}
	}
}

static void regs_identity_and_access(struct kunit *test)
{
	struct mdgpu_regs *r = new_regs(test, NULL, NULL);
	u64 v;

	KUNIT_EXPECT_EQ(test, mdgpu_regs_read(r, MDGPU_REG_ID, 4, &v), 0);
	KUNIT_EXPECT_EQ(test, v, (u64)MDGPU_DEV_MAGIC);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_read(r, MDGPU_REG_VERSION, 4, &v), 0);
	KUNIT_EXPECT_EQ(test, v, (u64)MDGPU_DEV_VERSION);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_read(r, MDGPU_REG_ID, 8, &v), 0);
	KUNIT_EXPECT_EQ(test, v,
			(u64)MDGPU_DEV_VERSION << 32 | MDGPU_DEV_MAGIC);
	/* Probing is not an error: odd sizes, misalignment and holes read 0. */
	KUNIT_EXPECT_EQ(test, mdgpu_regs_read(r, MDGPU_REG_ID, 2, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0ULL);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_read(r, MDGPU_REG_ID + 1, 4, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0ULL);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_read(r, MDGPU_REG_VERSION, 8, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0ULL);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_read(r, 0x030, 4, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0ULL);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_read(r, MDGPU_BAR0_SIZE - 4, 4, &v),
			0);
	/* Beyond BAR0 is refused, including wrap-around. */
	KUNIT_EXPECT_EQ(test, mdgpu_regs_read(r, MDGPU_BAR0_SIZE, 4, &v),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_read(r, MDGPU_BAR0_SIZE - 4, 8, &v),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_read(r, 0xfffffffc, 8, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_write(r, MDGPU_BAR0_SIZE, 4, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_write(r, 0xfffffffc, 8, 0), -EINVAL);
	/* Writes to the identity are ignored. */
	KUNIT_EXPECT_EQ(test, mdgpu_regs_write(r, MDGPU_REG_ID, 4, 0), 0);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_get(r, MDGPU_REG_ID),
			(u32)MDGPU_DEV_MAGIC);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_get(r, MDGPU_REG_LAST + 4), 0U);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_get(r, MDGPU_REG_ID + 2), 0U);
}

struct live_src {
	u64 fence;
	u32 calls;
};

static u64 live_read(void *priv, u32 off)
{
	struct live_src *s = priv;

	s->calls++;
	return off == MDGPU_REG_FENCE_LO ? s->fence : 0;
}

static void regs_latch(struct kunit *test)
{
	struct live_src src = { .fence = 0x1111111122222222ULL };
	struct mdgpu_regs *r = new_regs(test, live_read, &src);
	u64 v;

	KUNIT_EXPECT_EQ(test, mdgpu_regs_read(r, MDGPU_REG_FENCE_LO, 4, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0x22222222ULL);
	src.fence = 0x3333333344444444ULL;
	/* HI is the snapshot taken by the LO read, not the live value. */
	KUNIT_EXPECT_EQ(test, mdgpu_regs_read(r, MDGPU_REG_FENCE_HI, 4, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0x11111111ULL);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_read(r, MDGPU_REG_FENCE_LO, 8, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0x3333333344444444ULL);
	KUNIT_EXPECT_EQ(test, src.calls, 2U);

	/* Without a live source the stored pair is the value. */
	r = new_regs(test, NULL, NULL);
	mdgpu_regs_set64(r, MDGPU_REG_BUSY_NS_LO, 0x0123456789abcdefULL);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_get64(r, MDGPU_REG_BUSY_NS_LO),
			0x0123456789abcdefULL);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_read(r, MDGPU_REG_BUSY_NS_LO, 8, &v),
			0);
	KUNIT_EXPECT_EQ(test, v, 0x0123456789abcdefULL);
}

static void regs_actions(struct kunit *test)
{
	struct mdgpu_regs *r = new_regs(test, NULL, NULL);

	KUNIT_EXPECT_EQ(test, mdgpu_regs_write(r, MDGPU_REG_DOORBELL, 4, 7),
			MDGPU_REG_ACT_DOORBELL);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_get(r, MDGPU_REG_QUEUE_TAIL), 7U);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_write(r, MDGPU_REG_RESET, 4, 0), 0);
	KUNIT_EXPECT_EQ(
		test,
		mdgpu_regs_write(r, MDGPU_REG_RESET, 4, ~MDGPU_RESET_QUEUE), 0);
	KUNIT_EXPECT_EQ(test,
			mdgpu_regs_write(r, MDGPU_REG_RESET, 4,
					 MDGPU_RESET_QUEUE),
			MDGPU_REG_ACT_RESET);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_write(r, MDGPU_REG_INT_MASK, 4, 0),
			MDGPU_REG_ACT_IRQ);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_write(r, MDGPU_REG_INT_ACK, 4, 0), 0);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_write(r, MDGPU_REG_SCRATCH, 4, 1), 0);

	/* The queue configuration freezes while the queue is enabled. */
	mdgpu_regs_write(r, MDGPU_REG_QUEUE_SIZE, 4, 64);
	KUNIT_EXPECT_EQ(test,
			mdgpu_regs_write(r, MDGPU_REG_QUEUE_CTRL, 4,
					 MDGPU_QUEUE_CTRL_ENABLE),
			MDGPU_REG_ACT_QUEUE);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_write(r, MDGPU_REG_QUEUE_SIZE, 4, 128),
			0);
	KUNIT_EXPECT_EQ(test,
			mdgpu_regs_write(r, MDGPU_REG_QUEUE_BASE_LO, 8, ~0ULL),
			0);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_get(r, MDGPU_REG_QUEUE_SIZE), 64U);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_get64(r, MDGPU_REG_QUEUE_BASE_LO),
			0ULL);
	mdgpu_regs_write(r, MDGPU_REG_QUEUE_CTRL, 4, 0);
	mdgpu_regs_write(r, MDGPU_REG_QUEUE_SIZE, 4, 128);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_get(r, MDGPU_REG_QUEUE_SIZE), 128U);

	/* Reset keeps host values and clears the guest's. */
	mdgpu_regs_set(r, MDGPU_REG_MEM_SIZE_LO, 1U << 24);
	mdgpu_regs_reset(r);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_get(r, MDGPU_REG_MEM_SIZE_LO),
			1U << 24);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_get(r, MDGPU_REG_QUEUE_SIZE), 0U);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_get(r, MDGPU_REG_SCRATCH), 0U);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_get(r, MDGPU_REG_ID),
			(u32)MDGPU_DEV_MAGIC);
}

static void regs_irq_and_error(struct kunit *test)
{
	struct mdgpu_regs *r = new_regs(test, NULL, NULL);

	KUNIT_EXPECT_EQ(test, mdgpu_regs_irq_raise(r, MDGPU_INT_FENCE),
			MDGPU_INT_FENCE);
	/* Already pending: no new edge. */
	KUNIT_EXPECT_EQ(test, mdgpu_regs_irq_raise(r, MDGPU_INT_FENCE), 0U);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_irq_pending(r), MDGPU_INT_FENCE);
	mdgpu_regs_write(r, MDGPU_REG_INT_MASK, 4, MDGPU_INT_ERROR);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_irq_raise(r, MDGPU_INT_ERROR | BIT(7)),
			0U);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_get(r, MDGPU_REG_INT_STATUS),
			MDGPU_INT_ALL);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_irq_pending(r), MDGPU_INT_FENCE);
	/* Unmasking a pending cause makes it pending for the line. */
	mdgpu_regs_write(r, MDGPU_REG_INT_MASK, 4, 0);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_irq_pending(r), MDGPU_INT_ALL);
	mdgpu_regs_write(r, MDGPU_REG_INT_ACK, 4, MDGPU_INT_FENCE);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_irq_pending(r), MDGPU_INT_ERROR);
	mdgpu_regs_write(r, MDGPU_REG_INT_ACK, 4, ~0U);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_irq_pending(r), 0U);

	/* The first error since reset wins. */
	KUNIT_EXPECT_EQ(test, mdgpu_regs_set_error(r, MDGPU_ERR_EXEC, 3, 0x42),
			MDGPU_INT_ERROR);
	KUNIT_EXPECT_EQ(
		test, mdgpu_regs_set_error(r, MDGPU_ERR_TIMEOUT, 4, 0x43), 0U);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_get(r, MDGPU_REG_ERROR_CODE),
			(u32)MDGPU_ERR_EXEC);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_get(r, MDGPU_REG_ERROR_INDEX), 3U);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_get(r, MDGPU_REG_ERROR_DETAIL), 0x42U);
	mdgpu_regs_reset(r);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_get(r, MDGPU_REG_ERROR_CODE), 0U);
	KUNIT_EXPECT_EQ(test, mdgpu_regs_irq_pending(r), 0U);
}

static struct kunit_case mdgpu_regs_cases[] = {
	KUNIT_CASE(regs_table_valid),
	KUNIT_CASE(regs_table_check_catches),
	KUNIT_CASE(regs_guest_writable_bits),
	KUNIT_CASE(regs_identity_and_access),
	KUNIT_CASE(regs_latch),
	KUNIT_CASE(regs_actions),
	KUNIT_CASE(regs_irq_and_error),
	{}
};

static struct kunit_suite mdgpu_regs_suite = {
	.name = "mdgpu_regs",
	.test_cases = mdgpu_regs_cases,
};

kunit_test_suite(mdgpu_regs_suite);
