/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Freestanding environment for the cores that build both in the kernel and
 * in userspace (partition arithmetic). This is the only header of that seam
 * allowed to test __KERNEL__: everything below it sees one set of names.
 */
#ifndef MDGPU_ENV_H
#define MDGPU_ENV_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/bitops.h>
#else
#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include <errno.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;
#define hweight64(x) ((unsigned int)__builtin_popcountll(x))
#endif

#endif /* MDGPU_ENV_H */
