// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for mdev/cfgspace.c: identity, writable and read-only bits,
 * 32- and 64-bit BAR sizing, PCI 2.3 INTx status/disable, the MSI
 * capability, access-size rules and reset.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "mdev/cfgspace.h"

#define MIB (1ULL << 20)

static struct mdgpu_cfg cfg;

static void init(u64 bar2_size)
{
	struct mdgpu_cfg_params p = {
		.subsys_id = MDGPU_PCI_SUBSYS_ID_SPATIAL,
		.bar0_size = MDGPU_BAR0_SIZE,
		.bar2_size = bar2_size,
	};

	assert_int_equal(mdgpu_cfg_init(&cfg, &p), 0);
}

static int setup(void **state)
{
	init(64 * MIB);
	return 0;
}

static u32 rd(u32 off, u32 len)
{
	u32 v = 0xdeadbeef;

	assert_int_equal(mdgpu_cfg_read(&cfg, off, len, &v), 0);
	return v;
}

static int wr(u32 off, u32 len, u32 val)
{
	int ret = mdgpu_cfg_write(&cfg, off, len, val);

	assert_true(ret >= 0);
	return ret;
}

static void test_identity(void **state)
{
	assert_int_equal(rd(PCI_VENDOR_ID, 2), MDGPU_PCI_VENDOR_ID);
	assert_int_equal(rd(PCI_DEVICE_ID, 2), MDGPU_PCI_DEVICE_ID);
	assert_int_equal(rd(PCI_VENDOR_ID, 4),
			 MDGPU_PCI_DEVICE_ID << 16 | MDGPU_PCI_VENDOR_ID);
	assert_int_equal(rd(PCI_REVISION_ID, 1), MDGPU_PCI_REVISION);
	assert_int_equal(rd(PCI_CLASS_REVISION, 4) >> 8, MDGPU_PCI_CLASS);
	assert_int_equal(rd(PCI_HEADER_TYPE, 1), PCI_HEADER_TYPE_NORMAL);
	assert_int_equal(rd(PCI_SUBSYSTEM_VENDOR_ID, 2),
			 MDGPU_PCI_SUBSYS_VENDOR_ID);
	assert_int_equal(rd(PCI_SUBSYSTEM_ID, 2), MDGPU_PCI_SUBSYS_ID_SPATIAL);
	assert_int_equal(rd(PCI_STATUS, 2), PCI_STATUS_CAP_LIST);
	assert_int_equal(rd(PCI_CAPABILITY_LIST, 1), MDGPU_PCI_MSI_CAP_OFF);
	assert_int_equal(rd(PCI_INTERRUPT_PIN, 1), 1);
	assert_int_equal(rd(MDGPU_PCI_MSI_CAP_OFF, 1), PCI_CAP_ID_MSI);
	/* last capability */
	assert_int_equal(rd(MDGPU_PCI_MSI_CAP_OFF + 1, 1), 0);
	assert_int_equal(rd(PCI_COMMAND, 2), 0);
}

static void test_init_rejects_bad_sizes(void **state)
{
	struct mdgpu_cfg_params p = { 1, MDGPU_BAR0_SIZE, MIB };

	assert_int_equal(mdgpu_cfg_init(&cfg, &p), 0);
	p.bar0_size = 0x1800;
	assert_int_equal(mdgpu_cfg_init(&cfg, &p), -EINVAL);
	p.bar0_size = 8;
	assert_int_equal(mdgpu_cfg_init(&cfg, &p), -EINVAL);
	p.bar0_size = 0;
	assert_int_equal(mdgpu_cfg_init(&cfg, &p), -EINVAL);
	p.bar0_size = MDGPU_BAR0_SIZE;
	p.bar2_size = MIB / 2;
	assert_int_equal(mdgpu_cfg_init(&cfg, &p), -EINVAL);
	p.bar2_size = 3 * MIB;
	assert_int_equal(mdgpu_cfg_init(&cfg, &p), -EINVAL);
	p.bar2_size = MDGPU_BAR2_MAX_SIZE * 2;
	assert_int_equal(mdgpu_cfg_init(&cfg, &p), -EINVAL);
	p.bar2_size = 0;
	assert_int_equal(mdgpu_cfg_init(&cfg, &p), -EINVAL);
	assert_int_equal(cfg.data[0], 0);
}

static void test_command_writable_bits(void **state)
{
	assert_int_equal(wr(PCI_COMMAND, 2, 0xffff), MDGPU_CFG_CHANGED_COMMAND);
	assert_int_equal(rd(PCI_COMMAND, 2), PCI_COMMAND_MEMORY |
						     PCI_COMMAND_MASTER |
						     PCI_COMMAND_INTX_DISABLE);
	assert_int_equal(wr(PCI_COMMAND, 2, 0xffff), 0); /* no change */
	/* A dword write reaches status too, which must not change. */
	assert_int_equal(wr(PCI_COMMAND, 4, 0), MDGPU_CFG_CHANGED_COMMAND);
	assert_int_equal(rd(PCI_COMMAND, 4), PCI_STATUS_CAP_LIST << 16);
	wr(PCI_COMMAND, 4, 0xffffffff);
	assert_int_equal(rd(PCI_STATUS, 2), PCI_STATUS_CAP_LIST);
	/* Byte writes: high byte holds INTX_DISABLE. */
	wr(PCI_COMMAND, 4, 0);
	wr(PCI_COMMAND + 1, 1, 0xff);
	assert_int_equal(rd(PCI_COMMAND, 2), PCI_COMMAND_INTX_DISABLE);
	/* no I/O BAR */
	assert_int_equal(wr(PCI_COMMAND, 1, PCI_COMMAND_IO), 0);
}

static void test_intx_status_and_disable(void **state)
{
	assert_false(mdgpu_cfg_intx_asserted(&cfg));
	mdgpu_cfg_set_intx_status(&cfg, true);
	assert_int_equal(rd(PCI_STATUS, 2),
			 PCI_STATUS_CAP_LIST | PCI_STATUS_INTERRUPT);
	assert_true(mdgpu_cfg_intx_asserted(&cfg));

	/* PCI 2.3: disable masks the line but status still shows the condition. */
	wr(PCI_COMMAND, 2, PCI_COMMAND_INTX_DISABLE);
	assert_false(mdgpu_cfg_intx_asserted(&cfg));
	assert_true(rd(PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);
	wr(PCI_COMMAND, 2, 0);
	assert_true(mdgpu_cfg_intx_asserted(&cfg));

	/* The guest cannot clear it; only the device can. */
	wr(PCI_STATUS, 2, 0xffff);
	wr(PCI_STATUS, 2, 0);
	assert_true(rd(PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);
	mdgpu_cfg_set_intx_status(&cfg, false);
	assert_int_equal(rd(PCI_STATUS, 2), PCI_STATUS_CAP_LIST);
	assert_false(mdgpu_cfg_intx_asserted(&cfg));
}

static void test_bar0_sizing(void **state)
{
	assert_int_equal(rd(PCI_BASE_ADDRESS_0, 4), 0);
	wr(PCI_BASE_ADDRESS_0, 4, 0xffffffff);
	assert_int_equal(rd(PCI_BASE_ADDRESS_0, 4),
			 (u32) ~(MDGPU_BAR0_SIZE - 1));
	wr(PCI_BASE_ADDRESS_0, 4, 0xfebc1234);
	assert_int_equal(rd(PCI_BASE_ADDRESS_0, 4), 0xfebc1000);
	/* Partial writes keep the same masks. */
	wr(PCI_BASE_ADDRESS_0, 2, 0xffff);
	assert_int_equal(rd(PCI_BASE_ADDRESS_0, 4), 0xfebcf000);
	wr(PCI_BASE_ADDRESS_0 + 3, 1, 0x12);
	assert_int_equal(rd(PCI_BASE_ADDRESS_0, 4), 0x12bcf000);
}

static void test_bar0_small(void **state)
{
	struct mdgpu_cfg_params p = { 1, 16, MIB };

	assert_int_equal(mdgpu_cfg_init(&cfg, &p), 0);
	wr(PCI_BASE_ADDRESS_0, 4, 0xffffffff);
	assert_int_equal(rd(PCI_BASE_ADDRESS_0, 4), 0xfffffff0);
}

static void test_bar2_sizing_64(void **state)
{
	const u32 flags = PCI_BASE_ADDRESS_MEM_TYPE_64 |
			  PCI_BASE_ADDRESS_MEM_PREFETCH;

	assert_int_equal(rd(PCI_BASE_ADDRESS_2, 4), flags);
	assert_int_equal(rd(PCI_BASE_ADDRESS_3, 4), 0);
	wr(PCI_BASE_ADDRESS_2, 4, 0xffffffff);
	wr(PCI_BASE_ADDRESS_3, 4, 0xffffffff);
	assert_int_equal(rd(PCI_BASE_ADDRESS_2, 4),
			 (u32) ~(64 * MIB - 1) | flags);
	assert_int_equal(rd(PCI_BASE_ADDRESS_3, 4), 0xffffffff);
	wr(PCI_BASE_ADDRESS_2, 4, 0x12345678);
	wr(PCI_BASE_ADDRESS_3, 4, 0x9);
	assert_int_equal(rd(PCI_BASE_ADDRESS_2, 4), 0x10000000 | flags);
	assert_int_equal(rd(PCI_BASE_ADDRESS_3, 4), 0x9);
}

static void test_bar2_sizing_above_4g(void **state)
{
	const u32 flags = PCI_BASE_ADDRESS_MEM_TYPE_64 |
			  PCI_BASE_ADDRESS_MEM_PREFETCH;

	init(8ULL << 30);
	wr(PCI_BASE_ADDRESS_2, 4, 0xffffffff);
	wr(PCI_BASE_ADDRESS_3, 4, 0xffffffff);
	assert_int_equal(rd(PCI_BASE_ADDRESS_2, 4), flags);
	assert_int_equal(rd(PCI_BASE_ADDRESS_3, 4), 0xfffffffe);
	init(MDGPU_BAR2_MAX_SIZE);
	wr(PCI_BASE_ADDRESS_3, 4, 0xffffffff);
	assert_int_equal(rd(PCI_BASE_ADDRESS_3, 4),
			 (u32) ~((MDGPU_BAR2_MAX_SIZE - 1) >> 32));
}

static void test_unused_bars(void **state)
{
	static const u32 offs[] = { PCI_BASE_ADDRESS_1, PCI_BASE_ADDRESS_4,
				    PCI_BASE_ADDRESS_5, PCI_ROM_ADDRESS,
				    PCI_CARDBUS_CIS };
	u32 i;

	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		assert_int_equal(wr(offs[i], 4, 0xffffffff), 0);
		assert_int_equal(rd(offs[i], 4), 0);
	}
}

static void test_interrupt_line(void **state)
{
	wr(PCI_INTERRUPT_LINE, 2, 0xffff);
	assert_int_equal(rd(PCI_INTERRUPT_LINE, 1), 0xff);
	assert_int_equal(rd(PCI_INTERRUPT_PIN, 1), 1);
	wr(PCI_INTERRUPT_LINE, 1, 11);
	assert_int_equal(rd(PCI_INTERRUPT_LINE, 1), 11);
}

static void test_msi(void **state)
{
	const u32 m = MDGPU_PCI_MSI_CAP_OFF;

	assert_int_equal(rd(m + PCI_MSI_FLAGS, 2), PCI_MSI_FLAGS_64BIT);
	assert_false(mdgpu_cfg_msi_enabled(&cfg));
	assert_int_equal(wr(m, 4, 0xffffffff), MDGPU_CFG_CHANGED_MSI);
	/* ID and next stay; only enable is writable; MME stays 0 (1 vector). */
	assert_int_equal(rd(m, 4), (PCI_MSI_FLAGS_64BIT | PCI_MSI_FLAGS_ENABLE)
						   << 16 |
					   PCI_CAP_ID_MSI);
	assert_true(mdgpu_cfg_msi_enabled(&cfg));
	wr(m + PCI_MSI_ADDRESS_LO, 4, 0xffffffff);
	assert_int_equal(rd(m + PCI_MSI_ADDRESS_LO, 4), 0xfffffffc);
	wr(m + PCI_MSI_ADDRESS_HI, 4, 0x12345678);
	assert_int_equal(rd(m + PCI_MSI_ADDRESS_HI, 4), 0x12345678);
	assert_int_equal(wr(m + PCI_MSI_DATA_64, 4, 0xffffffff),
			 MDGPU_CFG_CHANGED_MSI);
	assert_int_equal(rd(m + PCI_MSI_DATA_64, 4), 0xffff);
	wr(m + PCI_MSI_FLAGS, 2, 0);
	assert_false(mdgpu_cfg_msi_enabled(&cfg));
}

/*
 * Walk the whole space with all-ones and all-zeroes dword writes and check
 * against an expected write mask written from the spec, not from the model.
 */
static void test_read_only_everywhere(void **state)
{
	struct mdgpu_cfg before = cfg;
	u8 wmask[MDGPU_PCI_CFG_SIZE] = { 0 };
	u32 off;

	wmask[PCI_COMMAND] = PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	wmask[PCI_COMMAND + 1] = PCI_COMMAND_INTX_DISABLE >> 8;
	wmask[PCI_BASE_ADDRESS_0 + 1] = 0xf0;
	wmask[PCI_BASE_ADDRESS_0 + 2] = 0xff;
	wmask[PCI_BASE_ADDRESS_0 + 3] = 0xff;
	wmask[PCI_BASE_ADDRESS_2 + 3] = 0xfc; /* 64 MiB */
	memset(&wmask[PCI_BASE_ADDRESS_3], 0xff, 4);
	wmask[PCI_INTERRUPT_LINE] = 0xff;
	wmask[MDGPU_PCI_MSI_CAP_OFF + PCI_MSI_FLAGS] = PCI_MSI_FLAGS_ENABLE;
	wmask[MDGPU_PCI_MSI_CAP_OFF + PCI_MSI_ADDRESS_LO] = 0xfc;
	memset(&wmask[MDGPU_PCI_MSI_CAP_OFF + PCI_MSI_ADDRESS_LO + 1], 0xff, 7);
	memset(&wmask[MDGPU_PCI_MSI_CAP_OFF + PCI_MSI_DATA_64], 0xff, 2);

	for (off = 0; off < MDGPU_PCI_CFG_SIZE; off += 4)
		wr(off, 4, 0xffffffff);
	for (off = 0; off < MDGPU_PCI_CFG_SIZE; off++)
		assert_int_equal(cfg.data[off], before.data[off] | wmask[off]);
	for (off = 0; off < MDGPU_PCI_CFG_SIZE; off += 4)
		wr(off, 4, 0);
	for (off = 0; off < MDGPU_PCI_CFG_SIZE; off++)
		assert_int_equal(cfg.data[off], before.data[off] & ~wmask[off]);
}

static void test_access_rules(void **state)
{
	u32 v = 1;

	assert_int_equal(mdgpu_cfg_read(&cfg, 0, 3, &v), -EINVAL);
	assert_int_equal(v, 0);
	assert_int_equal(mdgpu_cfg_read(&cfg, 0, 8, &v), -EINVAL);
	assert_int_equal(mdgpu_cfg_read(&cfg, 0, 0, &v), -EINVAL);
	assert_int_equal(mdgpu_cfg_read(&cfg, 1, 2, &v), -EINVAL);
	assert_int_equal(mdgpu_cfg_read(&cfg, 2, 4, &v), -EINVAL);
	assert_int_equal(mdgpu_cfg_read(&cfg, 256, 1, &v), -EINVAL);
	assert_int_equal(mdgpu_cfg_read(&cfg, ~0U, 1, &v), -EINVAL);
	assert_int_equal(mdgpu_cfg_read(&cfg, 252, 4, &v), 0);
	assert_int_equal(mdgpu_cfg_read(&cfg, 255, 1, &v), 0);
	assert_int_equal(mdgpu_cfg_write(&cfg, PCI_COMMAND + 1, 2, 0xffff),
			 -EINVAL);
	assert_int_equal(mdgpu_cfg_write(&cfg, PCI_COMMAND, 3, 0xffff),
			 -EINVAL);
	assert_int_equal(mdgpu_cfg_write(&cfg, 256, 4, 0xffff), -EINVAL);
	assert_int_equal(rd(PCI_COMMAND, 2), 0);
}

static void test_reset_keeps_ids(void **state)
{
	struct mdgpu_cfg fresh = cfg;

	wr(PCI_COMMAND, 2, 0xffff);
	wr(PCI_BASE_ADDRESS_0, 4, 0xfe000000);
	wr(PCI_BASE_ADDRESS_2, 4, 0xc0000000);
	wr(PCI_BASE_ADDRESS_3, 4, 0x1);
	wr(PCI_INTERRUPT_LINE, 1, 10);
	wr(MDGPU_PCI_MSI_CAP_OFF, 4, 0xffffffff);
	wr(MDGPU_PCI_MSI_CAP_OFF + PCI_MSI_DATA_64, 2, 0x4321);
	mdgpu_cfg_set_intx_status(&cfg, true);
	mdgpu_cfg_reset(&cfg);
	assert_memory_equal(cfg.data, fresh.data, sizeof(cfg.data));
	assert_memory_equal(cfg.wmask, fresh.wmask, sizeof(cfg.wmask));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_identity, setup),
		cmocka_unit_test_setup(test_init_rejects_bad_sizes, setup),
		cmocka_unit_test_setup(test_command_writable_bits, setup),
		cmocka_unit_test_setup(test_intx_status_and_disable, setup),
		cmocka_unit_test_setup(test_bar0_sizing, setup),
		cmocka_unit_test_setup(test_bar0_small, setup),
		cmocka_unit_test_setup(test_bar2_sizing_64, setup),
		cmocka_unit_test_setup(test_bar2_sizing_above_4g, setup),
		cmocka_unit_test_setup(test_unused_bars, setup),
		cmocka_unit_test_setup(test_interrupt_line, setup),
		cmocka_unit_test_setup(test_msi, setup),
		cmocka_unit_test_setup(test_read_only_everywhere, setup),
		cmocka_unit_test_setup(test_access_rules, setup),
		cmocka_unit_test_setup(test_reset_keeps_ids, setup),
	};

	return cmocka_run_group_tests_name("cfgspace", tests, NULL, NULL);
}
