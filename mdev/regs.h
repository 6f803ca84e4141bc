/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Freestanding model of the vGPU's BAR0 registers: a declarative table plus
 * per-vGPU storage. It decodes guest accesses and keeps register bits; the
 * side effects (fetch work on a doorbell, reset the queue, deliver an
 * interrupt) are reported to the caller as action bits, so they stay in the
 * kernel side where the locks and threads are.
 */
#ifndef _MDGPU_REGS_H
#define _MDGPU_REGS_H

#include "mdgpu_env.h"

/* clang-format off */
/* struct mdgpu_reg_desc flags. */
#define MDGPU_REG_F_WO		(1U << 0)	/* no storage: reads 0 */
#define MDGPU_REG_F_HOST	(1U << 1)	/* set by the host, kept across reset */
#define MDGPU_REG_F_LIVE	(1U << 2)	/* read through the live callback */
#define MDGPU_REG_F_LATCH_LO	(1U << 3)	/* low half of a 64-bit value */
#define MDGPU_REG_F_LATCH_HI	(1U << 4)	/* high half, from the LO snapshot */
#define MDGPU_REG_F_QCFG	(1U << 5)	/* frozen while QUEUE_CTRL.ENABLE */
#define MDGPU_REG_F_ACK		(1U << 6)	/* written 1s clear INT_STATUS bits */
#define MDGPU_REG_F_TAIL	(1U << 7)	/* the write goes to QUEUE_TAIL */

/* Action bits returned by mdgpu_regs_write(): work for the caller. */
#define MDGPU_REG_ACT_DOORBELL	(1U << 0)	/* fetch from head to the new tail */
#define MDGPU_REG_ACT_RESET	(1U << 1)	/* guest asked for a queue reset */
#define MDGPU_REG_ACT_QUEUE	(1U << 2)	/* QUEUE_CTRL written: start/stop */
#define MDGPU_REG_ACT_IRQ	(1U << 3)	/* mask or ack changed: re-evaluate */
/* clang-format on */

/**
 * struct mdgpu_reg_desc - one BAR0 register
 * @offset: byte offset in BAR0, 4-byte aligned
 * @size: bytes; only 4 is supported (64-bit values are LO/HI pairs)
 * @action: MDGPU_REG_ACT_* bits a guest write reports
 * @ro_mask: bits a guest write cannot change
 * @act_mask: if non-zero, the write reports @action only when it sets one
 *	of these bits (RESET); if zero, every write does
 * @reset: value at init and after mdgpu_regs_reset()
 * @flags: MDGPU_REG_F_*
 * @name: register name for traces and debugfs
 */
struct mdgpu_reg_desc {
	u16 offset;
	u8 size;
	u8 action;
	u32 ro_mask;
	u32 act_mask;
	u32 reset;
	u32 flags;
	const char *name;
};

#define MDGPU_REGS_NR_SLOTS (MDGPU_REG_LAST / 4 + 1)

/**
 * typedef mdgpu_regs_live_fn - read a device-owned register now
 * @priv: the caller's pointer given to mdgpu_regs_init()
 * @offset: the register (MDGPU_REG_*); for a LATCH_LO register the whole
 *	64-bit value is wanted
 *
 * Called with whatever lock the caller holds around mdgpu_regs_read().
 *
 * Return: the register's current value.
 */
typedef u64 (*mdgpu_regs_live_fn)(void *priv, u32 offset);

/**
 * struct mdgpu_regs - one vGPU's BAR0 state
 * @val: storage, indexed by offset / 4; for LATCH_HI registers the latch
 * @live: callback for MDGPU_REG_F_LIVE registers, or NULL to read @val
 * @priv: passed to @live
 *
 * Reach it through the mdgpu_regs_*() accessors, never @val directly.
 */
struct mdgpu_regs {
	u32 val[MDGPU_REGS_NR_SLOTS];
	mdgpu_regs_live_fn live;
	void *priv;
};

extern const struct mdgpu_reg_desc mdgpu_bar0_regs[];
extern const u32 mdgpu_bar0_nr_regs;

int mdgpu_regs_table_check(const struct mdgpu_reg_desc *tbl, u32 n);
void mdgpu_regs_init(struct mdgpu_regs *r, mdgpu_regs_live_fn live, void *priv);
void mdgpu_regs_reset(struct mdgpu_regs *r);
int mdgpu_regs_read(struct mdgpu_regs *r, u32 off, u32 len, u64 *val);
int mdgpu_regs_write(struct mdgpu_regs *r, u32 off, u32 len, u64 val);
u32 mdgpu_regs_get(const struct mdgpu_regs *r, u32 off);
u64 mdgpu_regs_get64(const struct mdgpu_regs *r, u32 off_lo);
void mdgpu_regs_set(struct mdgpu_regs *r, u32 off, u32 val);
void mdgpu_regs_set64(struct mdgpu_regs *r, u32 off_lo, u64 val);
u32 mdgpu_regs_irq_raise(struct mdgpu_regs *r, u32 causes);
u32 mdgpu_regs_irq_pending(const struct mdgpu_regs *r);
u32 mdgpu_regs_set_error(struct mdgpu_regs *r, u32 code, u32 index, u32 detail);
const char *mdgpu_regs_name(u32 off);

#endif /* _MDGPU_REGS_H */
