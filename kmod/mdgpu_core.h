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

int mdgpu_domain_init(struct mdgpu_domain *d, struct mdgpu_gpu *gpu,
		      u64 cu_mask);
void mdgpu_domain_set_cus(struct mdgpu_domain *d, u64 cu_mask);
void mdgpu_domain_fini(struct mdgpu_domain *d);
int mdgpu_exec_attach(struct mdgpu_vgpu *v);
void mdgpu_exec_detach(struct mdgpu_vgpu *v);
void mdgpu_debugfs_init(void);
void mdgpu_debugfs_exit(void);
void mdgpu_debugfs_gpu_add(struct mdgpu_gpu *gpu);
void mdgpu_debugfs_gpu_remove(struct mdgpu_gpu *gpu);
void mdgpu_domain_get_config(struct mdgpu_domain *d,
			     struct mgs_domain_config *cfg);
int mdgpu_domain_update_config(struct mdgpu_domain *d,
			       void (*update)(struct mgs_domain_config *cfg,
					      u64 arg),
			       u64 arg);

#endif /* MDGPU_CORE_H */
