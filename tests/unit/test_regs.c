// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for mdev/regs.c: register table invariants (a duplicated or
 * overlapping table fails with -EEXIST), access rules, read-only and
 * host registers, queue/doorbell/reset actions, interrupts, the error
 * registers and the LO/HI latch rule.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "mdev/regs.h"

static struct mdgpu_regs regs;

/* A live source whose 64-bit values change in both halves on every call. */
struct live {
	u64 counter;
	u32 calls;
	u32 last_off;
};

static u64 live_read(void *priv, u32 off)
{
	struct live *l = priv;

	l->calls++;
	l->last_off = off;
	l->counter += 0x100000001ULL;
	return l->counter;
}

static int setup(void **state)
{
	mdgpu_regs_init(&regs, NULL, NULL);
	return 0;
}

static u64 rd(u32 off, u32 len)
{
	u64 v = 0xdeadbeef;

	assert_int_equal(mdgpu_regs_read(&regs, off, len, &v), 0);
	return v;
}

static int wr(u32 off, u32 len, u64 val)
{
	int ret = mdgpu_regs_write(&regs, off, len, val);

	assert_true(ret >= 0);
	return ret;
}

/* ---- table invariants ---- */

static void test_table_ok(void **state)
{
	assert_int_equal(
		mdgpu_regs_table_check(mdgpu_bar0_regs, mdgpu_bar0_nr_regs), 0);
	assert_true(mdgpu_bar0_nr_regs > 30);
}

static void test_table_duplicate(void **state)
{
	struct mdgpu_reg_desc t[64];
	u32 n = mdgpu_bar0_nr_regs;

	assert_true(n < ARRAY_SIZE(t));
	memcpy(t, mdgpu_bar0_regs, n * sizeof(t[0]));
	t[n] = mdgpu_bar0_regs[5];
	assert_int_equal(mdgpu_regs_table_check(t, n + 1), -EEXIST);
	/* Overlap without equal offsets counts too. */
	t[0].size = 8;
	assert_int_equal(mdgpu_regs_table_check(t, 2), -EEXIST);
}

static void test_table_bad_entries(void **state)
{
	struct mdgpu_reg_desc t[2] = { mdgpu_bar0_regs[0], mdgpu_bar0_regs[1] };
	struct mdgpu_reg_desc u[1];

	assert_int_equal(mdgpu_regs_table_check(t, 2), 0);
	t[1].offset = 6; /* misaligned, no overlap */
	assert_int_equal(mdgpu_regs_table_check(t, 2), -EINVAL);
	t[1].offset = MDGPU_REG_LAST + 4;
	assert_int_equal(mdgpu_regs_table_check(t, 2), -EINVAL);
	t[1].offset = 4;
	t[1].size = 2;
	assert_int_equal(mdgpu_regs_table_check(t, 2), -EINVAL);
	t[1].size = 4;
	t[1].name = NULL;
	assert_int_equal(mdgpu_regs_table_check(t, 2), -EINVAL);
	/* A latched LO with no HI after it would tear 64-bit reads. */
	u[0] = mdgpu_bar0_regs[0];
	u[0].flags = MDGPU_REG_F_LATCH_LO;
	assert_int_equal(mdgpu_regs_table_check(u, 1), -EINVAL);
}

static void test_table_covers_uapi(void **state)
{
	/* clang-format off */
	static const u32 offs[] = {
		MDGPU_REG_ID, MDGPU_REG_VERSION, MDGPU_REG_CAPS, MDGPU_REG_KERNELS,
		MDGPU_REG_MEM_SIZE_LO, MDGPU_REG_MEM_SIZE_HI, MDGPU_REG_VISIBLE_SIZE_LO,
		MDGPU_REG_VISIBLE_SIZE_HI, MDGPU_REG_COMPUTE_UNITS, MDGPU_REG_VGPU_MODE,
		MDGPU_REG_QUEUE_BASE_LO, MDGPU_REG_QUEUE_BASE_HI, MDGPU_REG_QUEUE_SIZE,
		MDGPU_REG_QUEUE_CTRL, MDGPU_REG_QUEUE_HEAD, MDGPU_REG_QUEUE_TAIL,
		MDGPU_REG_DOORBELL, MDGPU_REG_QUEUE_STATUS, MDGPU_REG_INT_STATUS,
		MDGPU_REG_INT_MASK, MDGPU_REG_INT_ACK, MDGPU_REG_ERROR_CODE,
		MDGPU_REG_ERROR_INDEX, MDGPU_REG_ERROR_DETAIL, MDGPU_REG_RESET,
		MDGPU_REG_SCRATCH, MDGPU_REG_FENCE_LO, MDGPU_REG_FENCE_HI, MDGPU_REG_TIME_LO,
		MDGPU_REG_TIME_HI, MDGPU_REG_QOS_WEIGHT, MDGPU_REG_QOS_SHARE_MIN,
		MDGPU_REG_QOS_SHARE_MAX, MDGPU_REG_QOS_PRIORITY, MDGPU_REG_QOS_TIMESLICE_US,
		MDGPU_REG_BUSY_NS_LO, MDGPU_REG_BUSY_NS_HI, MDGPU_REG_WAIT_NS_LO,
		MDGPU_REG_WAIT_NS_HI, MDGPU_REG_COMPLETED_LO, MDGPU_REG_COMPLETED_HI,
	};
	/* clang-format on */
	u32 i;

	assert_int_equal(ARRAY_SIZE(offs), mdgpu_bar0_nr_regs);
	for (i = 0; i < ARRAY_SIZE(offs); i++)
		assert_non_null(mdgpu_regs_name(offs[i]));
	assert_string_equal(mdgpu_regs_name(MDGPU_REG_DOORBELL), "DOORBELL");
	assert_null(mdgpu_regs_name(0x03c));
	assert_null(mdgpu_regs_name(0x002));
}

/* ---- access rules ---- */

static void test_identity_read_only(void **state)
{
	assert_int_equal(rd(MDGPU_REG_ID, 4), MDGPU_DEV_MAGIC);
	assert_int_equal(rd(MDGPU_REG_VERSION, 4), MDGPU_DEV_VERSION);
	assert_int_equal(wr(MDGPU_REG_ID, 4, 0), 0);
	assert_int_equal(wr(MDGPU_REG_ID, 8, ~0ULL), 0);
	assert_int_equal(rd(MDGPU_REG_ID, 8),
			 (u64)MDGPU_DEV_VERSION << 32 | MDGPU_DEV_MAGIC);
}

static void test_host_registers(void **state)
{
	assert_int_equal(rd(MDGPU_REG_MEM_SIZE_LO, 8), 0);
	mdgpu_regs_set64(&regs, MDGPU_REG_MEM_SIZE_LO, 0x123456789ULL);
	mdgpu_regs_set(&regs, MDGPU_REG_COMPUTE_UNITS, 8);
	wr(MDGPU_REG_MEM_SIZE_LO, 8, 0);
	wr(MDGPU_REG_COMPUTE_UNITS, 4, 1);
	assert_int_equal(rd(MDGPU_REG_MEM_SIZE_LO, 8), 0x123456789ULL);
	assert_int_equal(rd(MDGPU_REG_MEM_SIZE_HI, 4), 1);
	assert_int_equal(rd(MDGPU_REG_COMPUTE_UNITS, 4), 8);
	/* Host registers survive a reset; guest state does not. */
	wr(MDGPU_REG_SCRATCH, 4, 0x55aa);
	mdgpu_regs_reset(&regs);
	assert_int_equal(rd(MDGPU_REG_MEM_SIZE_LO, 8), 0x123456789ULL);
	assert_int_equal(rd(MDGPU_REG_SCRATCH, 4), 0);
	assert_int_equal(rd(MDGPU_REG_ID, 4), MDGPU_DEV_MAGIC);
}

static void test_scratch_and_sizes(void **state)
{
	wr(MDGPU_REG_SCRATCH, 4, 0xcafef00d);
	assert_int_equal(rd(MDGPU_REG_SCRATCH, 4), 0xcafef00d);
	/* Sub-dword and misaligned accesses are ignored, not errors. */
	assert_int_equal(wr(MDGPU_REG_SCRATCH, 2, 0), 0);
	assert_int_equal(wr(MDGPU_REG_SCRATCH, 1, 0), 0);
	assert_int_equal(wr(MDGPU_REG_SCRATCH + 1, 4, 0), 0);
	/* 0x84 not 8-aligned */
	assert_int_equal(wr(MDGPU_REG_SCRATCH, 8, 0), 0);
	assert_int_equal(wr(MDGPU_REG_SCRATCH, 3, 0), 0);
	assert_int_equal(wr(MDGPU_REG_SCRATCH, 0, 0), 0);
	assert_int_equal(rd(MDGPU_REG_SCRATCH, 4), 0xcafef00d);
	assert_int_equal(rd(MDGPU_REG_SCRATCH, 2), 0);
	assert_int_equal(rd(MDGPU_REG_SCRATCH + 2, 2), 0);
	assert_int_equal(rd(MDGPU_REG_SCRATCH - 4, 8), (u64)0xcafef00d << 32);
}

static void test_undefined_offsets(void **state)
{
	struct mdgpu_regs before;
	u32 off;

	mdgpu_regs_set(&regs, MDGPU_REG_CAPS, 0xff);
	before = regs;
	for (off = 0; off < MDGPU_BAR0_SIZE; off += 4) {
		if (mdgpu_regs_name(off))
			continue;
		assert_int_equal(wr(off, 4, ~0ULL), 0);
		assert_int_equal(rd(off, 4), 0);
	}
	assert_memory_equal(&regs, &before, sizeof(regs));
}

static void test_beyond_bar(void **state)
{
	u64 v = 1;

	assert_int_equal(mdgpu_regs_read(&regs, MDGPU_BAR0_SIZE, 4, &v),
			 -EINVAL);
	assert_int_equal(v, 0);
	assert_int_equal(mdgpu_regs_read(&regs, MDGPU_BAR0_SIZE - 4, 8, &v),
			 -EINVAL);
	assert_int_equal(mdgpu_regs_read(&regs, ~0U, 4, &v), -EINVAL);
	assert_int_equal(mdgpu_regs_write(&regs, MDGPU_BAR0_SIZE, 4, 0),
			 -EINVAL);
	assert_int_equal(mdgpu_regs_write(&regs, ~0U - 2, 4, 0), -EINVAL);
	assert_int_equal(mdgpu_regs_read(&regs, MDGPU_BAR0_SIZE - 4, 4, &v), 0);
}

/* ---- queue, doorbell, reset ---- */

static void test_queue_config_frozen_while_enabled(void **state)
{
	assert_int_equal(wr(MDGPU_REG_QUEUE_BASE_LO, 8, 0x100001000ULL), 0);
	assert_int_equal(wr(MDGPU_REG_QUEUE_SIZE, 4, 64), 0);
	assert_int_equal(wr(MDGPU_REG_QUEUE_CTRL, 4, ~0ULL),
			 MDGPU_REG_ACT_QUEUE);
	assert_int_equal(rd(MDGPU_REG_QUEUE_CTRL, 4), MDGPU_QUEUE_CTRL_ENABLE);
	wr(MDGPU_REG_QUEUE_BASE_LO, 8, 0);
	wr(MDGPU_REG_QUEUE_SIZE, 4, 2);
	assert_int_equal(mdgpu_regs_get64(&regs, MDGPU_REG_QUEUE_BASE_LO),
			 0x100001000ULL);
	assert_int_equal(mdgpu_regs_get(&regs, MDGPU_REG_QUEUE_SIZE), 64);
	assert_int_equal(wr(MDGPU_REG_QUEUE_CTRL, 4, 0), MDGPU_REG_ACT_QUEUE);
	wr(MDGPU_REG_QUEUE_SIZE, 4, 2);
	assert_int_equal(mdgpu_regs_get(&regs, MDGPU_REG_QUEUE_SIZE), 2);
}

static void test_doorbell_sets_tail(void **state)
{
	assert_int_equal(wr(MDGPU_REG_DOORBELL, 4, 5), MDGPU_REG_ACT_DOORBELL);
	assert_int_equal(rd(MDGPU_REG_QUEUE_TAIL, 4), 5);
	assert_int_equal(rd(MDGPU_REG_DOORBELL, 4), 0);
	/* Tail 0 is a valid tail: the doorbell still rings. */
	assert_int_equal(wr(MDGPU_REG_DOORBELL, 4, 0), MDGPU_REG_ACT_DOORBELL);
	assert_int_equal(rd(MDGPU_REG_QUEUE_TAIL, 4), 0);
	/* Writing the tail alone does not ring. */
	assert_int_equal(wr(MDGPU_REG_QUEUE_TAIL, 4, 7), 0);
	assert_int_equal(rd(MDGPU_REG_QUEUE_TAIL, 4), 7);
	/* Head is the device's. */
	wr(MDGPU_REG_QUEUE_HEAD, 4, 3);
	assert_int_equal(rd(MDGPU_REG_QUEUE_HEAD, 4), 0);
}

static void test_reset_register(void **state)
{
	assert_int_equal(wr(MDGPU_REG_RESET, 4, MDGPU_RESET_QUEUE),
			 MDGPU_REG_ACT_RESET);
	assert_int_equal(wr(MDGPU_REG_RESET, 4, ~0ULL), MDGPU_REG_ACT_RESET);
	assert_int_equal(wr(MDGPU_REG_RESET, 4, 0), 0);
	assert_int_equal(wr(MDGPU_REG_RESET, 4, 2), 0);
	assert_int_equal(rd(MDGPU_REG_RESET, 4), 0);
}

/* ---- interrupts and errors ---- */

static void test_irq_raise_mask_ack(void **state)
{
	assert_int_equal(mdgpu_regs_irq_raise(&regs, MDGPU_INT_FENCE),
			 MDGPU_INT_FENCE);
	/* no new edge */
	assert_int_equal(mdgpu_regs_irq_raise(&regs, MDGPU_INT_FENCE), 0);
	assert_int_equal(rd(MDGPU_REG_INT_STATUS, 4), MDGPU_INT_FENCE);
	assert_int_equal(mdgpu_regs_irq_pending(&regs), MDGPU_INT_FENCE);

	assert_int_equal(wr(MDGPU_REG_INT_MASK, 4, ~0ULL), MDGPU_REG_ACT_IRQ);
	assert_int_equal(rd(MDGPU_REG_INT_MASK, 4), MDGPU_INT_ALL);
	assert_int_equal(mdgpu_regs_irq_pending(&regs), 0);
	/* masked */
	assert_int_equal(mdgpu_regs_irq_raise(&regs, MDGPU_INT_ERROR), 0);
	assert_int_equal(rd(MDGPU_REG_INT_STATUS, 4), MDGPU_INT_ALL);
	wr(MDGPU_REG_INT_MASK, 4, MDGPU_INT_FENCE);
	assert_int_equal(mdgpu_regs_irq_pending(&regs), MDGPU_INT_ERROR);

	/* The guest cannot set status; ack clears only what it names. */
	wr(MDGPU_REG_INT_STATUS, 4, 0);
	assert_int_equal(rd(MDGPU_REG_INT_STATUS, 4), MDGPU_INT_ALL);
	assert_int_equal(wr(MDGPU_REG_INT_ACK, 4, MDGPU_INT_ERROR),
			 MDGPU_REG_ACT_IRQ);
	assert_int_equal(rd(MDGPU_REG_INT_STATUS, 4), MDGPU_INT_FENCE);
	assert_int_equal(wr(MDGPU_REG_INT_ACK, 4, 0), 0);
	assert_int_equal(wr(MDGPU_REG_INT_ACK, 4, ~0ULL), MDGPU_REG_ACT_IRQ);
	assert_int_equal(rd(MDGPU_REG_INT_STATUS, 4), 0);
	assert_int_equal(rd(MDGPU_REG_INT_ACK, 4), 0);
	/* unknown cause */
	assert_int_equal(mdgpu_regs_irq_raise(&regs, 1U << 7), 0);
	assert_int_equal(rd(MDGPU_REG_INT_STATUS, 4), 0);
}

static void test_error_first_wins(void **state)
{
	assert_int_equal(mdgpu_regs_set_error(&regs, MDGPU_ERR_OVERLAP, 5,
					      0x1803),
			 MDGPU_INT_ERROR);
	assert_int_equal(
		mdgpu_regs_set_error(&regs, MDGPU_ERR_BAD_OPCODE, 6, 0), 0);
	assert_int_equal(rd(MDGPU_REG_ERROR_CODE, 4), MDGPU_ERR_OVERLAP);
	assert_int_equal(rd(MDGPU_REG_ERROR_INDEX, 4), 5);
	assert_int_equal(rd(MDGPU_REG_ERROR_DETAIL, 4), 0x1803);
	wr(MDGPU_REG_ERROR_CODE, 4, 0);
	assert_int_equal(rd(MDGPU_REG_ERROR_CODE, 4), MDGPU_ERR_OVERLAP);
	mdgpu_regs_reset(&regs);
	assert_int_equal(rd(MDGPU_REG_ERROR_CODE, 4), 0);
	assert_int_equal(rd(MDGPU_REG_INT_STATUS, 4), 0);
}

/* ---- live registers and the latch rule ---- */

static void test_live_and_latch(void **state)
{
	struct live l = { 0xfffffff0ULL, 0, 0 };
	u64 lo, hi, v;

	mdgpu_regs_init(&regs, live_read, &l);
	lo = rd(MDGPU_REG_BUSY_NS_LO, 4);
	assert_int_equal(l.last_off, MDGPU_REG_BUSY_NS_LO);
	hi = rd(MDGPU_REG_BUSY_NS_HI, 4);
	assert_int_equal(l.calls, 1); /* HI reads the snapshot */
	assert_int_equal(hi << 32 | lo, l.counter);

	v = rd(MDGPU_REG_WAIT_NS_LO, 8);
	assert_int_equal(v, l.counter);
	assert_int_equal(l.calls, 2);

	/* Each pair latches on its own. */
	rd(MDGPU_REG_FENCE_LO, 4);
	assert_int_equal(rd(MDGPU_REG_BUSY_NS_HI, 4), hi);

	v = rd(MDGPU_REG_QUEUE_HEAD, 4);
	assert_int_equal(v, (u32)l.counter);
	assert_int_equal(l.last_off, MDGPU_REG_QUEUE_HEAD);
	v = rd(MDGPU_REG_QOS_WEIGHT, 4);
	assert_int_equal(v, (u32)l.counter);
	assert_int_equal(l.last_off, MDGPU_REG_QOS_WEIGHT);
	/* Storage-only registers never call out. */
	l.calls = 0;
	rd(MDGPU_REG_SCRATCH, 4);
	rd(MDGPU_REG_INT_STATUS, 4);
	rd(MDGPU_REG_COMPLETED_HI, 4);
	assert_int_equal(l.calls, 0);
}

static void test_latch_without_live(void **state)
{
	mdgpu_regs_set64(&regs, MDGPU_REG_FENCE_LO, 0x1122334455667788ULL);
	assert_int_equal(rd(MDGPU_REG_FENCE_LO, 8), 0x1122334455667788ULL);
	assert_int_equal(rd(MDGPU_REG_FENCE_LO, 4), 0x55667788);
	assert_int_equal(rd(MDGPU_REG_FENCE_HI, 4), 0x11223344);
	wr(MDGPU_REG_FENCE_LO, 8, 0);
	assert_int_equal(rd(MDGPU_REG_FENCE_LO, 8), 0x1122334455667788ULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_ok),
		cmocka_unit_test(test_table_duplicate),
		cmocka_unit_test(test_table_bad_entries),
		cmocka_unit_test(test_table_covers_uapi),
		cmocka_unit_test_setup(test_identity_read_only, setup),
		cmocka_unit_test_setup(test_host_registers, setup),
		cmocka_unit_test_setup(test_scratch_and_sizes, setup),
		cmocka_unit_test_setup(test_undefined_offsets, setup),
		cmocka_unit_test_setup(test_beyond_bar, setup),
		cmocka_unit_test_setup(test_queue_config_frozen_while_enabled,
				       setup),
		cmocka_unit_test_setup(test_doorbell_sets_tail, setup),
		cmocka_unit_test_setup(test_reset_register, setup),
		cmocka_unit_test_setup(test_irq_raise_mask_ack, setup),
		cmocka_unit_test_setup(test_error_first_wins, setup),
		cmocka_unit_test_setup(test_live_and_latch, setup),
		cmocka_unit_test_setup(test_latch_without_live, setup),
	};

	return cmocka_run_group_tests_name("regs", tests, NULL, NULL);
}
