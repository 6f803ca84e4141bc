/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Declarations shared by the files of mdgpu.ko only (not exported).
 */
#ifndef MDGPU_CORE_H
#define MDGPU_CORE_H

#include "mdgpu/mdgpu.h"

extern const struct attribute_group *mdgpu_gpu_groups[];

void mdgpu_profiles_build(struct mdgpu_gpu *gpu);
int mdgpu_format_size(char *buf, size_t len, u64 bytes);

#endif /* MDGPU_CORE_H */
