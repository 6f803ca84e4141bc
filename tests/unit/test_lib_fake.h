/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fake sysfs trees for libmdgpu's unit tests: a description of GPUs and
 * vGPUs becomes a directory tree laid out as docs/abi.md says the kernel
 * lays out /sys (class/mdgpu, mdev_supported_types, bus/mdev/devices), with
 * profiles and available counts computed the way the ABI defines them.
 */
#ifndef TEST_LIB_FAKE_H
#define TEST_LIB_FAKE_H

#include <stdbool.h>

/**
 * struct fake_vgpu - one vGPU of a fake GPU
 * @uuid: its UUID, as the kernel prints it (lower case)
 * @profile: profile name ("ts.64m", "2c.128m")
 * @slice_start: first memory slice
 * @cu_start: first compute unit (spatial profiles)
 * @qos: "key=value ..." QoS settings that differ from the defaults
 * @stats: the whole text of mdgpu/stats, or NULL for all zeros
 * @hidden: only its device directory exists, not listed by its GPU: what a
 *	create makes appear (a fake tree cannot react to the write itself)
 */
struct fake_vgpu {
	const char *uuid;
	const char *profile;
	unsigned int slice_start;
	unsigned int cu_start;
	const char *qos;
	const char *stats;
	bool hidden;
};

/**
 * struct fake_gpu - one fake GPU
 * @compute_units: CUs (0: 4, the simulator's default)
 * @memory_mb: memory in MiB (0: 256)
 * @slices: memory slices (0: 16)
 * @sched: "key=value ..." scheduler settings that differ from the defaults
 * @no_mdev: mdgpu_mdev is not loaded: no mdev_supported_types
 * @vgpus: its vGPUs, ended by one with a NULL @uuid (or NULL for none)
 */
struct fake_gpu {
	unsigned int compute_units;
	unsigned int memory_mb;
	unsigned int slices;
	const char *sched;
	bool no_mdev;
	const struct fake_vgpu *vgpus;
};

char *fake_sysfs_build(const struct fake_gpu *gpus, int nr);
void fake_sysfs_destroy(char *root);
char *fake_read(const char *root, const char *rel);
void fake_write(const char *root, const char *rel, const char *text);
void fake_remove(const char *root, const char *rel);
void fake_rmtree(const char *root, const char *rel);
bool fake_exists(const char *root, const char *rel);

/* test_lib_write links with -Wl,--wrap=sysfs_write to watch and refuse writes. */
int __real_sysfs_write(const char *root, const char *rel, const char *value);
int __wrap_sysfs_write(const char *root, const char *rel, const char *value);

#endif /* TEST_LIB_FAKE_H */
