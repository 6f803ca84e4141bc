/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The seam that lets the mediator's freestanding parts (command validator,
 * config-space and BAR0 register models) compile unchanged into
 * mdgpu_mdev.ko and into host unit tests and fuzzers. This is the only
 * header in mdev/ allowed to test __KERNEL__.
 */
#ifndef _MDGPU_ENV_H
#define _MDGPU_ENV_H

#ifdef __KERNEL__

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/pci_regs.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/byteorder.h>

#ifndef __LITTLE_ENDIAN
#error "mdgpu's device is little-endian and the mediator supports little-endian hosts only"
#endif

#else /* !__KERNEL__ */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <linux/pci_regs.h>
#include <linux/types.h>

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "mdgpu's device is little-endian and the mediator supports little-endian hosts only"
#endif

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

/* clang-format off */
#ifndef BIT
#define BIT(nr)			(1UL << (nr))
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#endif
#ifndef BUILD_BUG_ON
#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), #cond)
#endif
#ifndef offsetofend
#define offsetofend(type, member) \
	(offsetof(type, member) + sizeof(((type *)0)->member))
#endif

/* Same contract as <linux/overflow.h>: true when the result wrapped. */
#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)
/* clang-format on */

#endif /* __KERNEL__ */

#include <mdgpu/mdgpu_dev.h>

#endif /* _MDGPU_ENV_H */
