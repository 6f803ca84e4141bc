// SPDX-License-Identifier: GPL-2.0-only
/*
 * Config space of the vGPU PCI function: a type-0 header, BAR0 (registers),
 * BAR2 (64-bit prefetchable memory window) and one MSI capability, with
 * just enough behaviour to satisfy QEMU's vfio-pci, Linux's PCI core and
 * uio_pci_generic (PCI 2.3 INTx masking). Freestanding, like cmd_validate.c.
 */
#include "cfgspace.h"

/* clang-format off */
#define MSI_OFF		MDGPU_PCI_MSI_CAP_OFF
#define MSI_CTRL	(MSI_OFF + PCI_MSI_FLAGS)
#define MSI_ADDR_LO	(MSI_OFF + PCI_MSI_ADDRESS_LO)
#define MSI_ADDR_HI	(MSI_OFF + PCI_MSI_ADDRESS_HI)
#define MSI_DATA	(MSI_OFF + PCI_MSI_DATA_64)
#define MSI_END		(MSI_DATA + 4)	/* data + reserved extended data */

#define CMD_WMASK	(PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | PCI_COMMAND_INTX_DISABLE)
#define BAR2_FLAGS	(PCI_BASE_ADDRESS_SPACE_MEMORY | PCI_BASE_ADDRESS_MEM_TYPE_64 | \
			 PCI_BASE_ADDRESS_MEM_PREFETCH)
/* clang-format on */

static void put8(struct mdgpu_cfg *cfg, u32 off, u8 val, u8 wmask)
{
	cfg->data[off] = val;
	cfg->wmask[off] = wmask;
}

static void put16(struct mdgpu_cfg *cfg, u32 off, u16 val, u16 wmask)
{
	put8(cfg, off, val & 0xff, wmask & 0xff);
	put8(cfg, off + 1, val >> 8, wmask >> 8);
}

static void put32(struct mdgpu_cfg *cfg, u32 off, u32 val, u32 wmask)
{
	put16(cfg, off, val & 0xffff, wmask & 0xffff);
	put16(cfg, off + 2, val >> 16, wmask >> 16);
}

static u32 get(const struct mdgpu_cfg *cfg, u32 off, u32 len)
{
	u32 val = 0;

	while (len--)
		val = (val << 8) | cfg->data[off + len];
	return val;
}

static bool is_pow2(u64 v)
{
	return v && !(v & (v - 1));
}

/*
 * A BAR's address bits below its size are hard-wired to zero and so are its
 * flag bits; making exactly the address bits above the size writable is
 * what gives the standard sizing readback ~(size - 1) | flags, for 1, 2 or
 * 4-byte writes alike, with no special case for the all-ones write.
 */
static void init_bars(struct mdgpu_cfg *cfg, const struct mdgpu_cfg_params *p)
{
	u64 mask2 = ~(p->bar2_size - 1);

	put32(cfg, PCI_BASE_ADDRESS_0, PCI_BASE_ADDRESS_SPACE_MEMORY,
	      ~(p->bar0_size - 1) & PCI_BASE_ADDRESS_MEM_MASK);
	put32(cfg, PCI_BASE_ADDRESS_2, BAR2_FLAGS,
	      (u32)mask2 & PCI_BASE_ADDRESS_MEM_MASK);
	put32(cfg, PCI_BASE_ADDRESS_3, 0, (u32)(mask2 >> 32));
	/* BAR1, BAR4, BAR5 and the ROM BAR stay zero and read-only. */
}

/*
 * One vector, 64-bit addresses, no per-vector masking: the smallest MSI
 * capability every OS accepts. QEMU emulates the capability itself and
 * only reads it at realize; other VFIO users see this shadow.
 */
static void init_msi(struct mdgpu_cfg *cfg)
{
	put8(cfg, MSI_OFF + PCI_CAP_LIST_ID, PCI_CAP_ID_MSI, 0);
	put8(cfg, MSI_OFF + PCI_CAP_LIST_NEXT, 0, 0);
	put16(cfg, MSI_CTRL, PCI_MSI_FLAGS_64BIT, PCI_MSI_FLAGS_ENABLE);
	put32(cfg, MSI_ADDR_LO, 0, 0xfffffffc); /* dword aligned */
	put32(cfg, MSI_ADDR_HI, 0, 0xffffffff);
	put16(cfg, MSI_DATA, 0, 0xffff);
}

/**
 * mdgpu_cfg_init() - build a vGPU's power-on config space
 * @cfg: storage, owned by the caller
 * @p: subsystem ID and BAR sizes
 *
 * Return: 0, or -EINVAL if a BAR size is not a power of two in range
 * (then @cfg is all zeroes).
 */
int mdgpu_cfg_init(struct mdgpu_cfg *cfg, const struct mdgpu_cfg_params *p)
{
	memset(cfg, 0, sizeof(*cfg));
	if (!is_pow2(p->bar0_size) || p->bar0_size < 16 ||
	    !is_pow2(p->bar2_size) || p->bar2_size < MDGPU_BAR2_MIN_SIZE ||
	    p->bar2_size > MDGPU_BAR2_MAX_SIZE)
		return -EINVAL;

	put16(cfg, PCI_VENDOR_ID, MDGPU_PCI_VENDOR_ID, 0);
	put16(cfg, PCI_DEVICE_ID, MDGPU_PCI_DEVICE_ID, 0);
	/* No I/O BARs, so PCI_COMMAND_IO stays hard-wired to 0. */
	put16(cfg, PCI_COMMAND, 0, CMD_WMASK);
	put16(cfg, PCI_STATUS, PCI_STATUS_CAP_LIST, 0);
	put8(cfg, PCI_REVISION_ID, MDGPU_PCI_REVISION, 0);
	put8(cfg, PCI_CLASS_PROG, MDGPU_PCI_CLASS & 0xff, 0);
	put16(cfg, PCI_CLASS_DEVICE, MDGPU_PCI_CLASS >> 8, 0);
	put8(cfg, PCI_HEADER_TYPE, PCI_HEADER_TYPE_NORMAL, 0);
	init_bars(cfg, p);
	put16(cfg, PCI_SUBSYSTEM_VENDOR_ID, MDGPU_PCI_SUBSYS_VENDOR_ID, 0);
	put16(cfg, PCI_SUBSYSTEM_ID, p->subsys_id, 0);
	put8(cfg, PCI_CAPABILITY_LIST, MSI_OFF, 0);
	put8(cfg, PCI_INTERRUPT_LINE, 0, 0xff);
	put8(cfg, PCI_INTERRUPT_PIN, 1, 0); /* INTA# */
	init_msi(cfg);
	return 0;
}

/**
 * mdgpu_cfg_reset() - return to power-on state
 * @cfg: an initialised config space
 *
 * For VFIO_DEVICE_RESET and function-level reset. Every guest-writable bit
 * powers on as zero, so clearing them restores power-on state while IDs,
 * BAR sizes and capabilities, which are read-only, stay. The interrupt
 * status goes too: a reset device has nothing pending.
 *
 * Return: nothing.
 */
void mdgpu_cfg_reset(struct mdgpu_cfg *cfg)
{
	u32 i;

	for (i = 0; i < MDGPU_PCI_CFG_SIZE; i++)
		cfg->data[i] &= ~cfg->wmask[i];
	mdgpu_cfg_set_intx_status(cfg, false);
}

static bool access_ok(u32 off, u32 len)
{
	return (len == 1 || len == 2 || len == 4) && !(off & (len - 1)) &&
	       off < MDGPU_PCI_CFG_SIZE && len <= MDGPU_PCI_CFG_SIZE - off;
}

/**
 * mdgpu_cfg_read() - guest config read
 * @cfg: config space
 * @off: byte offset
 * @len: 1, 2 or 4, with @off a multiple of @len
 * @val: the little-endian value read, zero-extended
 *
 * Return: 0, or -EINVAL for an access of another size, misaligned or
 * beyond 256 bytes (@val is then 0). The VFIO read handler splits larger
 * accesses into naturally aligned 1/2/4-byte pieces before calling this.
 */
int mdgpu_cfg_read(const struct mdgpu_cfg *cfg, u32 off, u32 len, u32 *val)
{
	*val = 0;
	if (!access_ok(off, len))
		return -EINVAL;
	*val = get(cfg, off, len);
	return 0;
}

static bool range_hits(u32 off, u32 len, u32 start, u32 end)
{
	return off < end && start < off + len;
}

/**
 * mdgpu_cfg_write() - guest config write
 * @cfg: config space
 * @off: byte offset
 * @len: 1, 2 or 4, with @off a multiple of @len
 * @val: little-endian value; only the bits in the write mask are stored
 *
 * Writable: command MEMORY, MASTER and INTX_DISABLE; BAR0 and BAR2/3
 * address bits above the BAR size; interrupt line; MSI enable, address
 * and data. Everything else, status included, ignores writes.
 *
 * Return: MDGPU_CFG_CHANGED_* bits for what changed (0 if nothing did), or
 * -EINVAL for a bad access, which changes nothing.
 */
int mdgpu_cfg_write(struct mdgpu_cfg *cfg, u32 off, u32 len, u32 val)
{
	u32 i, changed = 0;

	if (!access_ok(off, len))
		return -EINVAL;
	for (i = 0; i < len; i++, val >>= 8) {
		u8 old = cfg->data[off + i];
		u8 m = cfg->wmask[off + i];

		cfg->data[off + i] = (old & ~m) | (val & m);
		if (cfg->data[off + i] != old)
			changed = 1;
	}
	if (!changed)
		return 0;
	if (range_hits(off, len, PCI_COMMAND, PCI_COMMAND + 2))
		return MDGPU_CFG_CHANGED_COMMAND;
	if (range_hits(off, len, MSI_OFF, MSI_END))
		return MDGPU_CFG_CHANGED_MSI;
	return 0;
}

/**
 * mdgpu_cfg_set_intx_status() - reflect the device's interrupt condition
 * @cfg: config space
 * @pending: the device has an unmasked interrupt cause pending
 *
 * Drives the status register's Interrupt Status bit, which PCI 2.3 says
 * follows the device's condition whatever the command register's
 * Interrupt Disable bit says; uio_pci_generic relies on exactly that.
 *
 * Return: nothing.
 */
void mdgpu_cfg_set_intx_status(struct mdgpu_cfg *cfg, bool pending)
{
	if (pending)
		cfg->data[PCI_STATUS] |= PCI_STATUS_INTERRUPT;
	else
		cfg->data[PCI_STATUS] &= ~PCI_STATUS_INTERRUPT;
}

/**
 * mdgpu_cfg_intx_asserted() - should the INTx line be asserted
 * @cfg: config space
 *
 * Return: true if an interrupt is pending and INTx is not disabled in the
 * command register.
 */
bool mdgpu_cfg_intx_asserted(const struct mdgpu_cfg *cfg)
{
	return (get(cfg, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT) &&
	       !(get(cfg, PCI_COMMAND, 2) & PCI_COMMAND_INTX_DISABLE);
}

/**
 * mdgpu_cfg_msi_enabled() - the MSI enable bit of the shadow
 * @cfg: config space
 *
 * Under QEMU the MSI capability is emulated by QEMU and this bit may never
 * be set: choose MSI vs INTx by which VFIO trigger is armed instead.
 *
 * Return: true if the guest set MSI enable in this shadow.
 */
bool mdgpu_cfg_msi_enabled(const struct mdgpu_cfg *cfg)
{
	return get(cfg, MSI_CTRL, 2) & PCI_MSI_FLAGS_ENABLE;
}
