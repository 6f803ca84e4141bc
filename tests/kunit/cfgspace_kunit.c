// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the config-space model (mdev/cfgspace.c): identity and
 * read-only bytes, BAR sizing read-backs for every access width, the
 * command and MSI write masks, access rules, reset and INTx status.
 */
#include <kunit/test.h>

#include "../../mdev/cfgspace.c"

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of mdgpu's freestanding kernel-side helpers");

static const struct mdgpu_cfg_params default_params = {
	.subsys_id = MDGPU_PCI_SUBSYS_ID_TIMESLICED,
	.bar0_size = MDGPU_BAR0_SIZE,
	.bar2_size = 16ULL << 20,
};

static struct mdgpu_cfg *new_cfg(struct kunit *test,
				 const struct mdgpu_cfg_params *p)
{
	struct mdgpu_cfg *cfg = kunit_kzalloc(test, sizeof(*cfg), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, cfg);
	KUNIT_ASSERT_EQ(test, mdgpu_cfg_init(cfg, p), 0);
	return cfg;
}

static u32 rd(struct kunit *test, struct mdgpu_cfg *cfg, u32 off, u32 len)
{
	u32 v = 0xdeadbeef;

	KUNIT_EXPECT_EQ(test, mdgpu_cfg_read(cfg, off, len, &v), 0);
	return v;
}

static void cfg_identity(struct kunit *test)
{
	struct mdgpu_cfg *cfg = new_cfg(test, &default_params);

	KUNIT_EXPECT_EQ(test, rd(test, cfg, PCI_VENDOR_ID, 2),
			MDGPU_PCI_VENDOR_ID);
	KUNIT_EXPECT_EQ(test, rd(test, cfg, PCI_DEVICE_ID, 2),
			MDGPU_PCI_DEVICE_ID);
	KUNIT_EXPECT_EQ(test, rd(test, cfg, PCI_REVISION_ID, 1),
			MDGPU_PCI_REVISION);
	KUNIT_EXPECT_EQ(test, rd(test, cfg, PCI_CLASS_REVISION, 4) >> 8,
			MDGPU_PCI_CLASS);
	KUNIT_EXPECT_EQ(test, rd(test, cfg, PCI_HEADER_TYPE, 1),
			PCI_HEADER_TYPE_NORMAL);
	KUNIT_EXPECT_EQ(test, rd(test, cfg, PCI_SUBSYSTEM_VENDOR_ID, 2),
			MDGPU_PCI_SUBSYS_VENDOR_ID);
	KUNIT_EXPECT_EQ(test, rd(test, cfg, PCI_SUBSYSTEM_ID, 2),
			MDGPU_PCI_SUBSYS_ID_TIMESLICED);
	KUNIT_EXPECT_TRUE(test,
			  rd(test, cfg, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST);
	KUNIT_EXPECT_EQ(test, rd(test, cfg, PCI_CAPABILITY_LIST, 1),
			MDGPU_PCI_MSI_CAP_OFF);
	KUNIT_EXPECT_EQ(test, rd(test, cfg, MDGPU_PCI_MSI_CAP_OFF, 1),
			PCI_CAP_ID_MSI);
	KUNIT_EXPECT_EQ(test, rd(test, cfg, MDGPU_PCI_MSI_CAP_OFF + 1, 1), 0);
	KUNIT_EXPECT_EQ(test, rd(test, cfg, PCI_INTERRUPT_PIN, 1), 1);
	KUNIT_EXPECT_EQ(test, rd(test, cfg, PCI_COMMAND, 2), 0);
}

static void cfg_init_rejects(struct kunit *test)
{
	static const struct mdgpu_cfg_params bad[] = {
		{ .bar0_size = 0, .bar2_size = MDGPU_BAR2_MIN_SIZE },
		{ .bar0_size = 8, .bar2_size = MDGPU_BAR2_MIN_SIZE },
		{ .bar0_size = 0x1800, .bar2_size = MDGPU_BAR2_MIN_SIZE },
		{ .bar0_size = 0x1000, .bar2_size = MDGPU_BAR2_MIN_SIZE / 2 },
		{ .bar0_size = 0x1000, .bar2_size = MDGPU_BAR2_MAX_SIZE * 2 },
		{ .bar0_size = 0x1000, .bar2_size = 3ULL << 20 },
	};
	struct mdgpu_cfg *cfg = kunit_kzalloc(test, sizeof(*cfg), GFP_KERNEL);
	u32 i, j;

	KUNIT_ASSERT_NOT_NULL(test, cfg);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(cfg, 0xa5, sizeof(*cfg));
		KUNIT_EXPECT_EQ_MSG(test, mdgpu_cfg_init(cfg, &bad[i]), -EINVAL,
				    "case %u", i);
		for (j = 0; j < MDGPU_PCI_CFG_SIZE; j++)
			if (cfg->data[j] || cfg->wmask[j])
				break;
		KUNIT_EXPECT_EQ_MSG(test, j, (u32)MDGPU_PCI_CFG_SIZE,
				    "case %u: config space not zeroed", i);
	}
}

/* Write all-ones through accesses of @len bytes, read back 4 bytes. */
static u32 size_bar(struct mdgpu_cfg *cfg, u32 bar, u32 len)
{
	u32 off, v = 0;

	for (off = bar; off < bar + 4; off += len)
		mdgpu_cfg_write(cfg, off, len, 0xffffffff);
	mdgpu_cfg_read(cfg, bar, 4, &v);
	return v;
}

static void cfg_bar_sizing(struct kunit *test)
{
	static const u64 bar2_sizes[] = {
		MDGPU_BAR2_MIN_SIZE, 16ULL << 20, 1ULL << 31,
		1ULL << 32,	     8ULL << 30,  MDGPU_BAR2_MAX_SIZE,
	};
	struct mdgpu_cfg_params p = default_params;
	struct mdgpu_cfg *cfg;
	u32 i, len;

	for (i = 0; i < ARRAY_SIZE(bar2_sizes); i++) {
		for (len = 1; len <= 4; len *= 2) {
			u64 mask = ~(bar2_sizes[i] - 1);

			p.bar2_size = bar2_sizes[i];
			cfg = new_cfg(test, &p);
			KUNIT_EXPECT_EQ(test,
					size_bar(cfg, PCI_BASE_ADDRESS_0, len),
					(u32) ~(MDGPU_BAR0_SIZE - 1));
			KUNIT_EXPECT_EQ_MSG(
				test, size_bar(cfg, PCI_BASE_ADDRESS_2, len),
				((u32)mask & ~0xfU) | 0xc,
				"BAR2, size %llx, %u-byte writes",
				bar2_sizes[i], len);
			KUNIT_EXPECT_EQ_MSG(
				test, size_bar(cfg, PCI_BASE_ADDRESS_3, len),
				(u32)(mask >> 32),
				"BAR3, size %llx, %u-byte writes",
				bar2_sizes[i], len);
			KUNIT_EXPECT_EQ(test,
					size_bar(cfg, PCI_BASE_ADDRESS_1, len),
					0);
			KUNIT_EXPECT_EQ(test,
					size_bar(cfg, PCI_BASE_ADDRESS_4, len),
					0);
			KUNIT_EXPECT_EQ(test,
					size_bar(cfg, PCI_BASE_ADDRESS_5, len),
					0);
			KUNIT_EXPECT_EQ(test,
					size_bar(cfg, PCI_ROM_ADDRESS, len), 0);
		}
	}
	/* A programmed address reads back as written, flags intact. */
	cfg = new_cfg(test, &default_params);
	mdgpu_cfg_write(cfg, PCI_BASE_ADDRESS_2, 4, 0xfe000000);
	mdgpu_cfg_write(cfg, PCI_BASE_ADDRESS_3, 4, 0x00000001);
	KUNIT_EXPECT_EQ(test, rd(test, cfg, PCI_BASE_ADDRESS_2, 4),
			0xfe00000cU);
	KUNIT_EXPECT_EQ(test, rd(test, cfg, PCI_BASE_ADDRESS_3, 4), 1U);
}

/* Only the documented bits of the whole 256 bytes take a write. */
static void cfg_write_masks(struct kunit *test)
{
	struct mdgpu_cfg *cfg = new_cfg(test, &default_params);
	struct mdgpu_cfg *ref = new_cfg(test, &default_params);
	u32 off, v;

	for (off = 0; off < MDGPU_PCI_CFG_SIZE; off += 4)
		mdgpu_cfg_write(cfg, off, 4, 0xffffffff);
	for (off = 0; off < MDGPU_PCI_CFG_SIZE; off++) {
		u8 want = ref->data[off];

		if (off >= PCI_COMMAND && off < PCI_COMMAND + 2)
			want |= (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
				 PCI_COMMAND_INTX_DISABLE) >>
				(8 * (off - PCI_COMMAND));
		else if (off >= PCI_BASE_ADDRESS_0 && off < PCI_BASE_ADDRESS_4)
			continue; /* sizing, checked above */
		else if (off == PCI_INTERRUPT_LINE)
			want = 0xff;
		else if (off == MDGPU_PCI_MSI_CAP_OFF + PCI_MSI_FLAGS)
			want |= PCI_MSI_FLAGS_ENABLE;
		else if (off >= MDGPU_PCI_MSI_CAP_OFF + PCI_MSI_ADDRESS_LO &&
			 off < MDGPU_PCI_MSI_CAP_OFF + PCI_MSI_DATA_64 + 2)
			want = off == MDGPU_PCI_MSI_CAP_OFF +
						       PCI_MSI_ADDRESS_LO ?
				       0xfc :
				       0xff;
		KUNIT_EXPECT_EQ_MSG(test, cfg->data[off], want, "offset %#x",
				    off);
	}
	v = rd(test, cfg, PCI_STATUS, 2);
	KUNIT_EXPECT_EQ(test, v, (u32)PCI_STATUS_CAP_LIST);
}

static void cfg_access_rules(struct kunit *test)
{
	struct mdgpu_cfg *cfg = new_cfg(test, &default_params);
	static const u32 bad[][2] = {
		{ 0, 3 },   { 0, 8 },	       { 0, 0 },	  { 1, 2 },
		{ 2, 4 },   { 3, 4 },	       { 256, 1 },	  { 255, 2 },
		{ 254, 4 }, { 0xffffffff, 1 }, { 0xfffffffc, 4 },
	};
	u32 i, v;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		v = 0x12345678;
		KUNIT_EXPECT_EQ_MSG(
			test, mdgpu_cfg_read(cfg, bad[i][0], bad[i][1], &v),
			-EINVAL, "read %#x/%u", bad[i][0], bad[i][1]);
		KUNIT_EXPECT_EQ(test, v, 0U);
		KUNIT_EXPECT_EQ_MSG(
			test, mdgpu_cfg_write(cfg, bad[i][0], bad[i][1], ~0U),
			-EINVAL, "write %#x/%u", bad[i][0], bad[i][1]);
	}
	KUNIT_EXPECT_EQ(test, rd(test, cfg, 255, 1), 0U);
	KUNIT_EXPECT_EQ(test, rd(test, cfg, 252, 4), 0U);
}

static void cfg_change_bits(struct kunit *test)
{
	struct mdgpu_cfg *cfg = new_cfg(test, &default_params);

	KUNIT_EXPECT_EQ(
		test, mdgpu_cfg_write(cfg, PCI_COMMAND, 2, PCI_COMMAND_MEMORY),
		MDGPU_CFG_CHANGED_COMMAND);
	KUNIT_EXPECT_EQ(
		test, mdgpu_cfg_write(cfg, PCI_COMMAND, 2, PCI_COMMAND_MEMORY),
		0);
	/* Read-only command bits change nothing. */
	KUNIT_EXPECT_EQ(test,
			mdgpu_cfg_write(cfg, PCI_COMMAND, 2,
					PCI_COMMAND_MEMORY | PCI_COMMAND_IO),
			0);
	KUNIT_EXPECT_EQ(test,
			mdgpu_cfg_write(cfg,
					MDGPU_PCI_MSI_CAP_OFF + PCI_MSI_FLAGS,
					2, PCI_MSI_FLAGS_ENABLE),
			MDGPU_CFG_CHANGED_MSI);
	KUNIT_EXPECT_TRUE(test, mdgpu_cfg_msi_enabled(cfg));
	KUNIT_EXPECT_EQ(test,
			mdgpu_cfg_write(cfg,
					MDGPU_PCI_MSI_CAP_OFF + PCI_MSI_DATA_64,
					2, 0x4321),
			MDGPU_CFG_CHANGED_MSI);
	KUNIT_EXPECT_EQ(test, mdgpu_cfg_write(cfg, PCI_INTERRUPT_LINE, 1, 11),
			0);
	KUNIT_EXPECT_EQ(test, rd(test, cfg, PCI_INTERRUPT_LINE, 1), 11U);
	KUNIT_EXPECT_EQ(test, mdgpu_cfg_write(cfg, PCI_VENDOR_ID, 4, 0), 0);
}

static void cfg_reset(struct kunit *test)
{
	struct mdgpu_cfg *cfg = new_cfg(test, &default_params);
	struct mdgpu_cfg *ref = new_cfg(test, &default_params);
	u32 off;

	for (off = 0; off < MDGPU_PCI_CFG_SIZE; off += 4)
		mdgpu_cfg_write(cfg, off, 4, 0xffffffff);
	mdgpu_cfg_set_intx_status(cfg, true);
	mdgpu_cfg_reset(cfg);
	KUNIT_EXPECT_EQ(test, memcmp(cfg->data, ref->data, sizeof(cfg->data)),
			0);
	KUNIT_EXPECT_EQ(test,
			memcmp(cfg->wmask, ref->wmask, sizeof(cfg->wmask)), 0);
}

static void cfg_intx(struct kunit *test)
{
	struct mdgpu_cfg *cfg = new_cfg(test, &default_params);

	KUNIT_EXPECT_FALSE(test, mdgpu_cfg_intx_asserted(cfg));
	mdgpu_cfg_set_intx_status(cfg, true);
	KUNIT_EXPECT_TRUE(test,
			  rd(test, cfg, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);
	KUNIT_EXPECT_TRUE(test, mdgpu_cfg_intx_asserted(cfg));
	mdgpu_cfg_write(cfg, PCI_COMMAND, 2, PCI_COMMAND_INTX_DISABLE);
	KUNIT_EXPECT_FALSE(test, mdgpu_cfg_intx_asserted(cfg));
	/* Status follows the condition whatever INTX_DISABLE says. */
	KUNIT_EXPECT_TRUE(test,
			  rd(test, cfg, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);
	mdgpu_cfg_write(cfg, PCI_COMMAND, 2, 0);
	mdgpu_cfg_set_intx_status(cfg, false);
	KUNIT_EXPECT_FALSE(test, mdgpu_cfg_intx_asserted(cfg));
	/* A guest cannot clear or set the status bit itself. */
	mdgpu_cfg_set_intx_status(cfg, true);
	mdgpu_cfg_write(cfg, PCI_STATUS, 2, 0);
	KUNIT_EXPECT_TRUE(test, mdgpu_cfg_intx_asserted(cfg));
}

static struct kunit_case mdgpu_cfgspace_cases[] = {
	KUNIT_CASE(cfg_identity),
	KUNIT_CASE(cfg_init_rejects),
	KUNIT_CASE(cfg_bar_sizing),
	KUNIT_CASE(cfg_write_masks),
	KUNIT_CASE(cfg_access_rules),
	KUNIT_CASE(cfg_change_bits),
	KUNIT_CASE(cfg_reset),
	KUNIT_CASE(cfg_intx),
	{}
};

static struct kunit_suite mdgpu_cfgspace_suite = {
	.name = "mdgpu_cfgspace",
	.test_cases = mdgpu_cfgspace_cases,
};

kunit_test_suite(mdgpu_cfgspace_suite);
