// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for mdev/cfgspace.c and mdev/regs.c: runs a sequence of
 * config-space and BAR0 reads and writes of arbitrary offset, size and value,
 * mixed with device-side events (interrupts, errors, resets). After every
 * step the oracle checks, from the spec: IDs never change, read-only bits
 * never change, BAR readbacks keep their flags and alignment, and BAR0
 * state keeps its invariants.
 */
#include <stdint.h>
#include <stdlib.h>

#include "mdev/cfgspace.h"
#include "mdev/regs.h"

#define CHECK(cond)              \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

/* Input: 2 setup bytes, then 12-byte steps (op, len, off u16, val u64). */
#define STEP_LEN 12
#define MAX_STEPS 64

#define BAR2_FLAGS \
	(PCI_BASE_ADDRESS_MEM_TYPE_64 | PCI_BASE_ADDRESS_MEM_PREFETCH)
#define MSI MDGPU_PCI_MSI_CAP_OFF

enum step_op {
	OP_CFG_READ,
	OP_CFG_WRITE,
	OP_BAR0_READ,
	OP_BAR0_WRITE,
	OP_INTX,
	OP_IRQ_RAISE,
	OP_SET_ERROR,
	OP_RESET,
	OP_NR
};

struct state {
	struct mdgpu_cfg cfg;
	struct mdgpu_regs regs;
	u8 ro[MDGPU_PCI_CFG_SIZE]; /* the oracle's own, from the spec */
	struct mdgpu_cfg initial;
	u64 bar2_size;
	u16 subsys_id;
	bool intx;
	u64 live; /* last value the live source returned */
	u32 error; /* first error code since reset */
};

static u64 live_read(void *priv, u32 off)
{
	struct state *s = priv;

	s->live = s->live * 6364136223846793005ULL + 1442695040888963407ULL;
	return s->live;
}

/* Read-only bits from the spec: all but the writable ones and INTx status. */
static void spec_ro(struct state *s)
{
	u64 m2 = ~(s->bar2_size - 1);
	u8 wmask[MDGPU_PCI_CFG_SIZE] = { 0 };
	u32 i;

	wmask[PCI_COMMAND] = PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	wmask[PCI_COMMAND + 1] = PCI_COMMAND_INTX_DISABLE >> 8;
	for (i = 0; i < 4; i++) {
		wmask[PCI_BASE_ADDRESS_0 + i] =
			(u8)((~(MDGPU_BAR0_SIZE - 1U) & ~0xfU) >> (8 * i));
		wmask[PCI_BASE_ADDRESS_2 + i] =
			(u8)(((u32)m2 & ~0xfU) >> (8 * i));
		wmask[PCI_BASE_ADDRESS_3 + i] = (u8)((m2 >> 32) >> (8 * i));
		wmask[MSI + PCI_MSI_ADDRESS_LO + i] = i ? 0xff : 0xfc;
		wmask[MSI + PCI_MSI_ADDRESS_HI + i] = 0xff;
	}
	wmask[PCI_INTERRUPT_LINE] = 0xff;
	wmask[MSI + PCI_MSI_FLAGS] = PCI_MSI_FLAGS_ENABLE;
	wmask[MSI + PCI_MSI_DATA_64] = 0xff;
	wmask[MSI + PCI_MSI_DATA_64 + 1] = 0xff;
	wmask[PCI_STATUS] = PCI_STATUS_INTERRUPT; /* the device's to drive */
	for (i = 0; i < MDGPU_PCI_CFG_SIZE; i++)
		s->ro[i] = ~wmask[i];
}

static u32 cfg16(const struct state *s, u32 off)
{
	return s->cfg.data[off] | s->cfg.data[off + 1] << 8;
}

static u32 cfg32(const struct state *s, u32 off)
{
	return cfg16(s, off) | cfg16(s, off + 2) << 16;
}

static void check_cfg(const struct state *s)
{
	u64 bar2 = cfg32(s, PCI_BASE_ADDRESS_2) |
		   (u64)cfg32(s, PCI_BASE_ADDRESS_3) << 32;
	u32 i, status;

	CHECK(cfg16(s, PCI_VENDOR_ID) == MDGPU_PCI_VENDOR_ID);
	CHECK(cfg16(s, PCI_DEVICE_ID) == MDGPU_PCI_DEVICE_ID);
	CHECK(cfg32(s, PCI_CLASS_REVISION) ==
	      (MDGPU_PCI_CLASS << 8 | MDGPU_PCI_REVISION));
	CHECK(cfg16(s, PCI_SUBSYSTEM_VENDOR_ID) == MDGPU_PCI_SUBSYS_VENDOR_ID);
	CHECK(cfg16(s, PCI_SUBSYSTEM_ID) == s->subsys_id);
	CHECK(s->cfg.data[PCI_INTERRUPT_PIN] == 1);
	CHECK(s->cfg.data[PCI_CAPABILITY_LIST] == MSI &&
	      s->cfg.data[MSI] == PCI_CAP_ID_MSI);

	/* Read-only bits are what init made them, 8 bytes at a time. */
	for (i = 0; i < MDGPU_PCI_CFG_SIZE; i += 8) {
		u64 now, init, ro;

		memcpy(&now, &s->cfg.data[i], 8);
		memcpy(&init, &s->initial.data[i], 8);
		memcpy(&ro, &s->ro[i], 8);
		CHECK(!((now ^ init) & ro));
	}
	status = cfg16(s, PCI_STATUS);
	CHECK(!!(status & PCI_STATUS_INTERRUPT) == s->intx);
	CHECK(mdgpu_cfg_intx_asserted(&s->cfg) ==
	      (s->intx && !(cfg16(s, PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE)));

	/* BARs: right flags, address aligned to the size. */
	CHECK((cfg32(s, PCI_BASE_ADDRESS_0) & 0xf) == 0);
	CHECK((cfg32(s, PCI_BASE_ADDRESS_0) & (MDGPU_BAR0_SIZE - 1)) == 0);
	CHECK((bar2 & 0xf) == BAR2_FLAGS);
	CHECK((bar2 & (s->bar2_size - 1)) == BAR2_FLAGS);
	CHECK(cfg32(s, PCI_BASE_ADDRESS_1) == 0 &&
	      cfg32(s, PCI_BASE_ADDRESS_4) == 0);
	CHECK(cfg32(s, PCI_BASE_ADDRESS_5) == 0 &&
	      cfg32(s, PCI_ROM_ADDRESS) == 0);
}

static void check_regs(struct state *s)
{
	const struct mdgpu_regs *r = &s->regs;

	CHECK(mdgpu_regs_get(r, MDGPU_REG_ID) == MDGPU_DEV_MAGIC);
	CHECK(mdgpu_regs_get(r, MDGPU_REG_VERSION) == MDGPU_DEV_VERSION);
	CHECK(mdgpu_regs_get64(r, MDGPU_REG_MEM_SIZE_LO) == 0x40000000ULL);
	CHECK(mdgpu_regs_get(r, MDGPU_REG_COMPUTE_UNITS) == 4);
	CHECK(mdgpu_regs_get(r, MDGPU_REG_CAPS) == MDGPU_CAP_MSI);
	CHECK(!(mdgpu_regs_get(r, MDGPU_REG_INT_STATUS) & ~MDGPU_INT_ALL));
	CHECK(!(mdgpu_regs_get(r, MDGPU_REG_INT_MASK) & ~MDGPU_INT_ALL));
	CHECK(!(mdgpu_regs_get(r, MDGPU_REG_QUEUE_CTRL) &
		~MDGPU_QUEUE_CTRL_ENABLE));
	CHECK(mdgpu_regs_get(r, MDGPU_REG_ERROR_CODE) == s->error);
	CHECK(mdgpu_regs_irq_pending(r) ==
	      (mdgpu_regs_get(r, MDGPU_REG_INT_STATUS) &
	       ~mdgpu_regs_get(r, MDGPU_REG_INT_MASK)));
}

static void cfg_read(struct state *s, u32 off, u32 len)
{
	u32 v = 0x5a5a5a5a, i, want = 0;
	int ret = mdgpu_cfg_read(&s->cfg, off, len, &v);
	bool ok = (len == 1 || len == 2 || len == 4) && off % len == 0 &&
		  off + len <= MDGPU_PCI_CFG_SIZE;

	CHECK(ret == (ok ? 0 : -EINVAL));
	if (!ok) {
		CHECK(v == 0);
		return;
	}
	for (i = 0; i < len; i++)
		want |= (u32)s->cfg.data[off + i] << (8 * i);
	CHECK(v == want);
}

static void cfg_write(struct state *s, u32 off, u32 len, u32 val)
{
	bool ok = (len == 1 || len == 2 || len == 4) && off % len == 0 &&
		  off + len <= MDGPU_PCI_CFG_SIZE;
	struct mdgpu_cfg before = s->cfg;
	int ret = mdgpu_cfg_write(&s->cfg, off, len, val);

	if (!ok) {
		CHECK(ret == -EINVAL &&
		      !memcmp(&before, &s->cfg, sizeof(before)));
		return;
	}
	CHECK(ret >= 0 &&
	      !(ret & ~(MDGPU_CFG_CHANGED_COMMAND | MDGPU_CFG_CHANGED_MSI)));
}

/* Offsets of the latched LO registers: an 8-byte read there is one snapshot. */
static bool latched_lo(u32 off)
{
	return off == MDGPU_REG_FENCE_LO || off == MDGPU_REG_TIME_LO ||
	       off == MDGPU_REG_BUSY_NS_LO || off == MDGPU_REG_WAIT_NS_LO ||
	       off == MDGPU_REG_COMPLETED_LO;
}

static void bar0_read(struct state *s, u32 off, u32 len)
{
	bool in = off < MDGPU_BAR0_SIZE && len <= MDGPU_BAR0_SIZE - off;
	u64 v = 0x5a5a5a5a;
	int ret = mdgpu_regs_read(&s->regs, off, len, &v);

	CHECK(ret == (in ? 0 : -EINVAL));
	if (!in || (len != 4 && len != 8) || off % len) {
		CHECK(v == 0);
		return;
	}
	if (!mdgpu_regs_name(off))
		CHECK((u32)v == 0);
	if (off == MDGPU_REG_ID)
		CHECK((u32)v == MDGPU_DEV_MAGIC);
	if (off == MDGPU_REG_DOORBELL || off == MDGPU_REG_INT_ACK ||
	    off == MDGPU_REG_RESET)
		CHECK((u32)v == 0);
	if (len == 8 && latched_lo(off))
		CHECK(v == s->live);
}

static void bar0_write(struct state *s, u32 off, u32 len, u64 val)
{
	bool in = off < MDGPU_BAR0_SIZE && len <= MDGPU_BAR0_SIZE - off;
	bool enabled = mdgpu_regs_get(&s->regs, MDGPU_REG_QUEUE_CTRL) &
		       MDGPU_QUEUE_CTRL_ENABLE;
	u64 base = mdgpu_regs_get64(&s->regs, MDGPU_REG_QUEUE_BASE_LO);
	u32 size = mdgpu_regs_get(&s->regs, MDGPU_REG_QUEUE_SIZE);
	u32 status = mdgpu_regs_get(&s->regs, MDGPU_REG_INT_STATUS);
	int ret = mdgpu_regs_write(&s->regs, off, len, val);

	if (!in) {
		CHECK(ret == -EINVAL);
		return;
	}
	CHECK(ret >= 0 && ret <= 0xf);
	if (enabled) {
		CHECK(mdgpu_regs_get64(&s->regs, MDGPU_REG_QUEUE_BASE_LO) ==
		      base);
		CHECK(mdgpu_regs_get(&s->regs, MDGPU_REG_QUEUE_SIZE) == size);
	}
	/* The guest can clear interrupt causes, never set them. */
	CHECK(!(mdgpu_regs_get(&s->regs, MDGPU_REG_INT_STATUS) & ~status));
	/* What the mediator does with the action. */
	if (ret & MDGPU_REG_ACT_RESET) {
		mdgpu_regs_reset(&s->regs);
		s->error = 0;
	}
}

static void step(struct state *s, const u8 *p)
{
	u32 len = p[1] & 0xf, off = p[2] | p[3] << 8, e;
	u64 val;

	memcpy(&val, p + 4, sizeof(val));
	switch (p[0] % OP_NR) {
	case OP_CFG_READ:
		cfg_read(s, off & 0x1ff, len);
		break;
	case OP_CFG_WRITE:
		cfg_write(s, off & 0x1ff, len, (u32)val);
		break;
	case OP_BAR0_READ:
		bar0_read(s, off & 0x1fff, len);
		break;
	case OP_BAR0_WRITE:
		bar0_write(s, off & 0x1fff, len, val);
		break;
	case OP_INTX:
		s->intx = val & 1;
		mdgpu_cfg_set_intx_status(&s->cfg, s->intx);
		break;
	case OP_IRQ_RAISE:
		e = mdgpu_regs_irq_raise(&s->regs, (u32)val);
		CHECK(!(e & ~MDGPU_INT_ALL) &&
		      (e & mdgpu_regs_irq_pending(&s->regs)) == e);
		break;
	case OP_SET_ERROR:
		e = (u32)val % (MDGPU_ERR_COUNT - 1) + 1;
		mdgpu_regs_set_error(&s->regs, e, off, (u32)(val >> 32));
		if (!s->error)
			s->error = e;
		break;
	default:
		mdgpu_cfg_reset(&s->cfg);
		mdgpu_regs_reset(&s->regs);
		s->intx = false;
		s->error = 0;
		break;
	}
	/* BAR0 steps cannot reach config space: skip its (slower) check. */
	if (p[0] % OP_NR != OP_BAR0_READ && p[0] % OP_NR != OP_BAR0_WRITE)
		check_cfg(s);
	check_regs(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct state s;
	struct mdgpu_cfg_params p = { MDGPU_PCI_SUBSYS_ID_TIMESLICED,
				      MDGPU_BAR0_SIZE, 0 };
	size_t i;

	if (size < 2)
		return 0;
	memset(&s, 0, sizeof(s));
	s.bar2_size = 1ULL << (20 + data[0] % 21); /* 1 MiB .. 1 TiB */
	s.subsys_id = data[1];
	p.subsys_id = s.subsys_id;
	p.bar2_size = s.bar2_size;
	CHECK(mdgpu_cfg_init(&s.cfg, &p) == 0);
	CHECK(mdgpu_regs_table_check(mdgpu_bar0_regs, mdgpu_bar0_nr_regs) == 0);
	s.initial = s.cfg;
	spec_ro(&s);
	mdgpu_regs_init(&s.regs, live_read, &s);
	mdgpu_regs_set64(&s.regs, MDGPU_REG_MEM_SIZE_LO, 0x40000000ULL);
	mdgpu_regs_set(&s.regs, MDGPU_REG_COMPUTE_UNITS, 4);
	mdgpu_regs_set(&s.regs, MDGPU_REG_CAPS, MDGPU_CAP_MSI);
	check_cfg(&s);
	check_regs(&s);
	for (i = 2; i + STEP_LEN <= size && i < 2 + MAX_STEPS * STEP_LEN;
	     i += STEP_LEN)
		step(&s, data + i);
	return 0;
}
