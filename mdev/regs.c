// SPDX-License-Identifier: GPL-2.0-only
/*
 * BAR0 of the vGPU: the register table (docs/device.md §4 in data form) and
 * the access rules every register shares, so that adding a register is one
 * table line. Freestanding, like cmd_validate.c; the caller serialises.
 */
#include "regs.h"

/* clang-format off */
#define RO	0xffffffffU	/* ro_mask of a read-only register */

#define REG(off, ro, fl, rst, act, amask)				\
	{ .offset = MDGPU_REG_##off, .size = 4, .ro_mask = (ro),	\
	  .flags = (fl), .reset = (rst), .action = (act),		\
	  .act_mask = (amask), .name = #off }
#define REG_CONST(off, v)	REG(off, RO, 0, v, 0, 0)
#define REG_HOST(off)		REG(off, RO, MDGPU_REG_F_HOST, 0, 0, 0)
#define REG_LIVE(off)		REG(off, RO, MDGPU_REG_F_LIVE, 0, 0, 0)
#define REG_DEV(off)		REG(off, RO, 0, 0, 0, 0)
#define REG_LATCH_LO(off)	REG(off, RO, MDGPU_REG_F_LIVE | MDGPU_REG_F_LATCH_LO, 0, 0, 0)
#define REG_LATCH_HI(off)	REG(off, RO, MDGPU_REG_F_LATCH_HI, 0, 0, 0)
/* clang-format on */

/* Sorted by offset; mdgpu_regs_table_check() runs at module init. */
const struct mdgpu_reg_desc mdgpu_bar0_regs[] = {
	REG_CONST(ID, MDGPU_DEV_MAGIC),
	REG_CONST(VERSION, MDGPU_DEV_VERSION),
	REG_HOST(CAPS),
	REG_HOST(KERNELS),
	REG_HOST(MEM_SIZE_LO),
	REG_HOST(MEM_SIZE_HI),
	REG_HOST(VISIBLE_SIZE_LO),
	REG_HOST(VISIBLE_SIZE_HI),
	REG_HOST(COMPUTE_UNITS),
	REG_HOST(VGPU_MODE),

	REG(QUEUE_BASE_LO, 0, MDGPU_REG_F_QCFG, 0, 0, 0),
	REG(QUEUE_BASE_HI, 0, MDGPU_REG_F_QCFG, 0, 0, 0),
	REG(QUEUE_SIZE, 0, MDGPU_REG_F_QCFG, 0, 0, 0),
	REG(QUEUE_CTRL, ~MDGPU_QUEUE_CTRL_ENABLE, 0, 0, MDGPU_REG_ACT_QUEUE, 0),
	REG_LIVE(QUEUE_HEAD),
	REG(QUEUE_TAIL, 0, 0, 0, 0, 0),
	REG(DOORBELL, 0, MDGPU_REG_F_WO | MDGPU_REG_F_TAIL, 0,
	    MDGPU_REG_ACT_DOORBELL, 0),
	REG_LIVE(QUEUE_STATUS),

	REG_DEV(INT_STATUS),
	REG(INT_MASK, ~MDGPU_INT_ALL, 0, 0, MDGPU_REG_ACT_IRQ, 0),
	REG(INT_ACK, ~MDGPU_INT_ALL, MDGPU_REG_F_WO | MDGPU_REG_F_ACK, 0,
	    MDGPU_REG_ACT_IRQ, MDGPU_INT_ALL),

	REG_DEV(ERROR_CODE),
	REG_DEV(ERROR_INDEX),
	REG_DEV(ERROR_DETAIL),

	REG(RESET, ~MDGPU_RESET_QUEUE, MDGPU_REG_F_WO, 0, MDGPU_REG_ACT_RESET,
	    MDGPU_RESET_QUEUE),
	REG(SCRATCH, 0, 0, 0, 0, 0),

	REG_LATCH_LO(FENCE_LO),
	REG_LATCH_HI(FENCE_HI),
	REG_LATCH_LO(TIME_LO),
	REG_LATCH_HI(TIME_HI),

	REG_LIVE(QOS_WEIGHT),
	REG_LIVE(QOS_SHARE_MIN),
	REG_LIVE(QOS_SHARE_MAX),
	REG_LIVE(QOS_PRIORITY),
	REG_LIVE(QOS_TIMESLICE_US),

	REG_LATCH_LO(BUSY_NS_LO),
	REG_LATCH_HI(BUSY_NS_HI),
	REG_LATCH_LO(WAIT_NS_LO),
	REG_LATCH_HI(WAIT_NS_HI),
	REG_LATCH_LO(COMPLETED_LO),
	REG_LATCH_HI(COMPLETED_HI),
};

const u32 mdgpu_bar0_nr_regs = ARRAY_SIZE(mdgpu_bar0_regs);

static const struct mdgpu_reg_desc *find_in(const struct mdgpu_reg_desc *tbl,
					    u32 n, u32 off)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (tbl[i].offset == off)
			return &tbl[i];
	return NULL;
}

static const struct mdgpu_reg_desc *find(u32 off)
{
	return find_in(mdgpu_bar0_regs, ARRAY_SIZE(mdgpu_bar0_regs), off);
}

static int check_entry(const struct mdgpu_reg_desc *tbl, u32 n,
		       const struct mdgpu_reg_desc *d)
{
	const struct mdgpu_reg_desc *hi;

	if (d->size != 4 || (d->offset & 3) || d->offset > MDGPU_REG_LAST ||
	    !d->name)
		return -EINVAL;
	if (!(d->flags & MDGPU_REG_F_LATCH_LO))
		return 0;
	/* A latched LO must have its HI right after it, or reads tear. */
	hi = find_in(tbl, n, d->offset + 4);
	return hi && (hi->flags & MDGPU_REG_F_LATCH_HI) ? 0 : -EINVAL;
}

/**
 * mdgpu_regs_table_check() - check a register table's invariants
 * @tbl: the table, normally mdgpu_bar0_regs
 * @n: its entries, normally mdgpu_bar0_nr_regs
 *
 * Run once at module init: a table bug must fail loading, not decode some
 * guest access to the wrong register.
 *
 * Return: 0; -EEXIST if two entries share or overlap an offset; -EINVAL if
 * an entry has a size other than 4, is misaligned, lies beyond
 * %MDGPU_REG_LAST, has no name, or is a LATCH_LO without a LATCH_HI at
 * the next offset.
 */
int mdgpu_regs_table_check(const struct mdgpu_reg_desc *tbl, u32 n)
{
	u32 i, j;
	int ret;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (tbl[i].offset < tbl[j].offset + tbl[j].size &&
			    tbl[j].offset < tbl[i].offset + tbl[i].size)
				return -EEXIST;
	}
	for (i = 0; i < n; i++) {
		ret = check_entry(tbl, n, &tbl[i]);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * mdgpu_regs_init() - power-on state of a vGPU's BAR0
 * @r: storage, owned by the caller
 * @live: callback for device-owned registers, or NULL to read storage
 * @priv: passed to @live
 *
 * Host registers (MDGPU_REG_F_HOST) read 0 until set with mdgpu_regs_set().
 *
 * Return: nothing.
 */
void mdgpu_regs_init(struct mdgpu_regs *r, mdgpu_regs_live_fn live, void *priv)
{
	memset(r, 0, sizeof(*r));
	r->live = live;
	r->priv = priv;
	mdgpu_regs_reset(r);
}

/**
 * mdgpu_regs_reset() - guest register reset or VFIO_DEVICE_RESET
 * @r: registers
 *
 * Every register returns to its reset value except host-set ones (identity,
 * sizes): queue configuration, interrupt and error state, scratch and
 * latches are cleared. Device-owned live values are the caller's to reset.
 *
 * Return: nothing.
 */
void mdgpu_regs_reset(struct mdgpu_regs *r)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(mdgpu_bar0_regs); i++) {
		const struct mdgpu_reg_desc *d = &mdgpu_bar0_regs[i];

		if (!(d->flags & MDGPU_REG_F_HOST))
			r->val[d->offset / 4] = d->reset;
	}
}

static bool queue_enabled(const struct mdgpu_regs *r)
{
	return r->val[MDGPU_REG_QUEUE_CTRL / 4] & MDGPU_QUEUE_CTRL_ENABLE;
}

static u32 read32(struct mdgpu_regs *r, u32 off)
{
	const struct mdgpu_reg_desc *d = find(off);
	u64 v;

	if (!d || (d->flags & MDGPU_REG_F_WO))
		return 0;
	/* Without a live source, a latched pair's storage is its value. */
	if ((d->flags & MDGPU_REG_F_LIVE) && r->live)
		v = r->live(r->priv, off);
	else if (d->flags & MDGPU_REG_F_LATCH_LO)
		v = mdgpu_regs_get64(r, off);
	else
		v = r->val[off / 4];
	/* The HI slot is the latch: HI reads return this snapshot. */
	if (d->flags & MDGPU_REG_F_LATCH_LO)
		r->val[off / 4 + 1] = v >> 32;
	return (u32)v;
}

static u32 write32(struct mdgpu_regs *r, u32 off, u32 val)
{
	const struct mdgpu_reg_desc *d = find(off);
	u32 *slot;

	if (!d || ((d->flags & MDGPU_REG_F_QCFG) && queue_enabled(r)))
		return 0;
	if (d->act_mask && !(val & d->act_mask))
		return 0;
	slot = &r->val[off / 4];
	if (d->flags & MDGPU_REG_F_ACK)
		r->val[MDGPU_REG_INT_STATUS / 4] &= ~(val & ~d->ro_mask);
	else if (d->flags & MDGPU_REG_F_TAIL)
		r->val[MDGPU_REG_QUEUE_TAIL / 4] = val;
	else if (!(d->flags & MDGPU_REG_F_WO))
		*slot = (*slot & d->ro_mask) | (val & ~d->ro_mask);
	return d->action;
}

/* Inside BAR0; the VFIO handler enforces this too, but the model must not trust it. */
static bool in_bar(u32 off, u32 len)
{
	return off < MDGPU_BAR0_SIZE && len <= MDGPU_BAR0_SIZE - off;
}

/**
 * mdgpu_regs_read() - guest read of BAR0
 * @r: registers
 * @off: byte offset in BAR0
 * @len: access size in bytes
 * @val: value read
 *
 * 4-byte accesses at 4-byte aligned offsets read one register; 8-byte
 * accesses at 8-byte aligned offsets read LO then HI, so a 64-bit read of
 * a latched pair is consistent. Undefined offsets, write-only registers and
 * accesses of any other size or alignment read 0; none of that is an error,
 * since a guest may probe.
 *
 * Return: 0, or -EINVAL if the access goes beyond %MDGPU_BAR0_SIZE.
 */
int mdgpu_regs_read(struct mdgpu_regs *r, u32 off, u32 len, u64 *val)
{
	*val = 0;
	if (!in_bar(off, len))
		return -EINVAL;
	if (len == 4 && !(off & 3)) {
		*val = read32(r, off);
	} else if (len == 8 && !(off & 7)) {
		*val = read32(r, off);
		*val |= (u64)read32(r, off + 4) << 32;
	}
	return 0;
}

/**
 * mdgpu_regs_write() - guest write to BAR0
 * @r: registers
 * @off: byte offset in BAR0
 * @len: access size in bytes
 * @val: value written (low @len bytes)
 *
 * Same access rules as mdgpu_regs_read(); writes to undefined offsets,
 * read-only bits, and accesses of other sizes or alignment are ignored.
 * QUEUE_BASE and QUEUE_SIZE ignore writes while QUEUE_CTRL.ENABLE is set.
 *
 * Return: MDGPU_REG_ACT_* bits for the caller to act on (0 for none), or
 * -EINVAL if the access goes beyond %MDGPU_BAR0_SIZE.
 */
int mdgpu_regs_write(struct mdgpu_regs *r, u32 off, u32 len, u64 val)
{
	u32 act = 0;

	if (!in_bar(off, len))
		return -EINVAL;
	if (len == 4 && !(off & 3)) {
		act = write32(r, off, (u32)val);
	} else if (len == 8 && !(off & 7)) {
		act = write32(r, off, (u32)val);
		act |= write32(r, off + 4, (u32)(val >> 32));
	}
	return act;
}

/**
 * mdgpu_regs_get() - storage value of a register, for the host side
 * @r: registers
 * @off: MDGPU_REG_* offset
 *
 * No live callback, no latching: this is what the host stored or the guest
 * wrote (QUEUE_BASE, QUEUE_TAIL, INT_MASK, ...).
 *
 * Return: the value, or 0 for an offset outside the table's range.
 */
u32 mdgpu_regs_get(const struct mdgpu_regs *r, u32 off)
{
	return off <= MDGPU_REG_LAST && !(off & 3) ? r->val[off / 4] : 0;
}

/**
 * mdgpu_regs_get64() - storage value of a LO/HI register pair
 * @r: registers
 * @off_lo: offset of the LO register
 *
 * Return: HI << 32 | LO.
 */
u64 mdgpu_regs_get64(const struct mdgpu_regs *r, u32 off_lo)
{
	return (u64)mdgpu_regs_get(r, off_lo + 4) << 32 |
	       mdgpu_regs_get(r, off_lo);
}

/**
 * mdgpu_regs_set() - store a register value on the host's behalf
 * @r: registers
 * @off: MDGPU_REG_* offset
 * @val: value; read-only masks do not apply
 *
 * For host registers at vGPU creation and device state such as
 * QUEUE_CTRL cleared after a failed enable. Offsets outside the table's
 * range are ignored.
 *
 * Return: nothing.
 */
void mdgpu_regs_set(struct mdgpu_regs *r, u32 off, u32 val)
{
	if (off <= MDGPU_REG_LAST && !(off & 3))
		r->val[off / 4] = val;
}

/**
 * mdgpu_regs_set64() - store a LO/HI register pair on the host's behalf
 * @r: registers
 * @off_lo: offset of the LO register
 * @val: value
 *
 * Return: nothing.
 */
void mdgpu_regs_set64(struct mdgpu_regs *r, u32 off_lo, u64 val)
{
	mdgpu_regs_set(r, off_lo, (u32)val);
	mdgpu_regs_set(r, off_lo + 4, (u32)(val >> 32));
}

/**
 * mdgpu_regs_irq_pending() - causes that are pending and not masked
 * @r: registers
 *
 * The INTx level: the caller mirrors "non-zero" into the config space
 * Interrupt Status bit (mdgpu_cfg_set_intx_status()).
 *
 * Return: MDGPU_INT_* bits.
 */
u32 mdgpu_regs_irq_pending(const struct mdgpu_regs *r)
{
	return r->val[MDGPU_REG_INT_STATUS / 4] &
	       ~r->val[MDGPU_REG_INT_MASK / 4] & MDGPU_INT_ALL;
}

/**
 * mdgpu_regs_irq_raise() - the device signals interrupt causes
 * @r: registers
 * @causes: MDGPU_INT_* bits
 *
 * Return: the causes that became pending and unmasked now; non-zero means
 * an edge, on which the caller sends an MSI (and asserts INTx).
 */
u32 mdgpu_regs_irq_raise(struct mdgpu_regs *r, u32 causes)
{
	u32 before = mdgpu_regs_irq_pending(r);

	r->val[MDGPU_REG_INT_STATUS / 4] |= causes & MDGPU_INT_ALL;
	return mdgpu_regs_irq_pending(r) & ~before;
}

/**
 * mdgpu_regs_set_error() - stop on an error and tell the guest
 * @r: registers
 * @code: enum mdgpu_error, not %MDGPU_ERR_NONE
 * @index: ring slot of the failing command
 * @detail: ERROR_DETAIL value (mdgpu_cmd_error_detail())
 *
 * The first error since reset wins: later ones would only describe the
 * fallout of the first. The caller stops the queue.
 *
 * Return: as mdgpu_regs_irq_raise() for %MDGPU_INT_ERROR.
 */
u32 mdgpu_regs_set_error(struct mdgpu_regs *r, u32 code, u32 index, u32 detail)
{
	if (!r->val[MDGPU_REG_ERROR_CODE / 4]) {
		r->val[MDGPU_REG_ERROR_CODE / 4] = code;
		r->val[MDGPU_REG_ERROR_INDEX / 4] = index;
		r->val[MDGPU_REG_ERROR_DETAIL / 4] = detail;
	}
	return mdgpu_regs_irq_raise(r, MDGPU_INT_ERROR);
}

/**
 * mdgpu_regs_name() - a register's name, for traces
 * @off: byte offset in BAR0
 *
 * Return: the name, or NULL if no register lives at @off.
 */
const char *mdgpu_regs_name(u32 off)
{
	const struct mdgpu_reg_desc *d = find(off);

	return d ? d->name : NULL;
}
