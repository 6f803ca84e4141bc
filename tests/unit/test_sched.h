/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared helpers of the scheduler-core unit tests: build a simulated domain
 * on a deterministic clock, add always-busy entities, and compare measured
 * shares with independently computed expectations.
 */
#ifndef TEST_SCHED_H
#define TEST_SCHED_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tools/schedsim/engine.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define MS 1000000ULL
#define US 1000ULL
#define SEC 1000000000ULL

/* Share tolerance of the long-run tests: 0.1 percentage point of capacity. */
#define TS_SHARE_TOL_BP 10

struct sim *ts_sim_new(u32 policy, u32 nr_slots, u64 slice_ns, u64 start_ns);
int ts_add(struct sim *s, u32 weight, u16 min_share, u16 max_share, u16 reserve,
	   u16 prio, u64 chunk_ns);
int ts_add_wl(struct sim *s, const struct mgs_entity_config *cfg,
	      const struct sim_workload *wl);
u64 ts_share_bp(u64 part, u64 whole);
void ts_assert_near(u64 actual, u64 expected, u64 tol, const char *what,
		    unsigned int idx);
void ts_assert_share(const struct sim *s, unsigned int idx, u64 whole_ns,
		     u64 expect_bp, const char *what);
void ts_free(struct sim *s);

#endif /* TEST_SCHED_H */
