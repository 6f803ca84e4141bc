/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared helpers of the VM test programs (tests/vm/bin): open a vGPU with
 * libmdgpu-rt or die with the reason, check-and-report macros, a seeded
 * random generator and sysfs writes.
 */
#ifndef VMBIN_COMMON_H
#define VMBIN_COMMON_H

#include <stdbool.h>
#include <stdio.h>
#include <mdgpu/mdgpu_rt.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

extern const char *t_prog;
extern int t_failures;

/* Report a failed check and count it; the program exits non-zero at the end. */
#define T_CHECK(cond, fmt, ...)                                              \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "%s: FAIL %s:%d: " fmt "\n", t_prog, \
				__FILE__, __LINE__, ##__VA_ARGS__);          \
			t_failures++;                                        \
		}                                                            \
	} while (0)

/* A check after which going on makes no sense. */
#define T_REQUIRE(cond, fmt, ...)                                             \
	do {                                                                  \
		if (!(cond)) {                                                \
			fprintf(stderr, "%s: FATAL %s:%d: " fmt "\n", t_prog, \
				__FILE__, __LINE__, ##__VA_ARGS__);           \
			exit(1);                                              \
		}                                                             \
	} while (0)

void t_init(const char *prog);
int t_exit(void);
int t_mode(const char *name);
const char *t_mode_name(int mode);
struct mdgpu_rt_dev *t_open(const char *uuid, int mode, __u32 ring_entries,
			    __u32 flags);
void t_ok_rt(struct mdgpu_rt_dev *dev, int ret, const char *what);
const char *t_err(int err);
double t_now(void);
__u64 t_rand(void);
void t_srand(__u64 seed);
float t_randf(void);
int t_write_file(const char *path, const char *val);
int t_read_file(const char *path, char *buf, size_t size);

#endif /* VMBIN_COMMON_H */
