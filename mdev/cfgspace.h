/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Freestanding model of the vGPU's 256-byte PCI config space: a shadow plus
 * a per-byte write mask, so that BAR sizing, read-only bits and the
 * writable command/MSI bits all follow from one rule. The mediator owns the
 * locking; this model only keeps bytes.
 */
#ifndef _MDGPU_CFGSPACE_H
#define _MDGPU_CFGSPACE_H

#include "mdgpu_env.h"

/**
 * struct mdgpu_cfg_params - what makes one vGPU's config space
 * @subsys_id: subsystem ID (MDGPU_PCI_SUBSYS_ID_*)
 * @bar0_size: register BAR size in bytes, a power of two >= 16
 * @bar2_size: memory window BAR size in bytes, a power of two within
 *	[%MDGPU_BAR2_MIN_SIZE, %MDGPU_BAR2_MAX_SIZE]
 *
 * Vendor, device, class and revision are the fixed MDGPU_PCI_* values.
 */
struct mdgpu_cfg_params {
	u16 subsys_id;
	u32 bar0_size;
	u64 bar2_size;
};

/**
 * struct mdgpu_cfg - config space shadow
 * @data: what the guest reads
 * @wmask: per byte, the bits a guest write may change
 */
struct mdgpu_cfg {
	u8 data[MDGPU_PCI_CFG_SIZE];
	u8 wmask[MDGPU_PCI_CFG_SIZE];
};

/* clang-format off */
/* mdgpu_cfg_write() return bits: what the write changed. */
#define MDGPU_CFG_CHANGED_COMMAND	(1U << 0)	/* re-evaluate INTx, decode */
#define MDGPU_CFG_CHANGED_MSI		(1U << 1)	/* MSI capability */
/* clang-format on */

int mdgpu_cfg_init(struct mdgpu_cfg *cfg, const struct mdgpu_cfg_params *p);
void mdgpu_cfg_reset(struct mdgpu_cfg *cfg);
int mdgpu_cfg_read(const struct mdgpu_cfg *cfg, u32 off, u32 len, u32 *val);
int mdgpu_cfg_write(struct mdgpu_cfg *cfg, u32 off, u32 len, u32 val);
void mdgpu_cfg_set_intx_status(struct mdgpu_cfg *cfg, bool pending);
bool mdgpu_cfg_intx_asserted(const struct mdgpu_cfg *cfg);
bool mdgpu_cfg_msi_enabled(const struct mdgpu_cfg *cfg);

#endif /* _MDGPU_CFGSPACE_H */
