/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The seam that lets the freestanding scheduler core compile unchanged into
 * mdgpu.ko, the host unit tests and tools/schedsim. This is the only file in
 * scheduler/ allowed to test __KERNEL__: everything below it sees one set of
 * names (u64, bool, memset, -EINVAL, mgs_div64()).
 */
#ifndef MGS_SCHED_ENV_H
#define MGS_SCHED_ENV_H

#ifdef __KERNEL__

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/math64.h>
#include <linux/errno.h>

/* 64-by-64 division; 32-bit kernels have no native instruction for it. */
#define mgs_div64(dividend, divisor) div64_u64((dividend), (divisor))

#else /* !__KERNEL__ */

#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include <errno.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;

#ifndef U64_MAX
#define U64_MAX UINT64_MAX
#endif

static inline u64 mgs_div64_u64(u64 dividend, u64 divisor)
{
	return dividend / divisor;
}

#define mgs_div64(dividend, divisor) mgs_div64_u64((dividend), (divisor))

#endif /* __KERNEL__ */

/* The core's own API, so that the .c files of scheduler/ include nothing but this file. */
#include "sched.h"

#endif /* MGS_SCHED_ENV_H */
