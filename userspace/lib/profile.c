// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Profiles: the vGPU sizes a GPU offers, one mdev type each, as read from
 * gpuN/profiles and the type's description and available_instances.
 */
#include "lib_internal.h"

/**
 * mdgpu_profile__name() - the profile's name
 * @p: the profile
 *
 * Return: "ts.64m" for a time-sliced profile, "<n>c.<mem>" for a spatial one.
 */
MDGPU_API const char *mdgpu_profile__name(const struct mdgpu_profile *p)
{
	return p->name;
}

/**
 * mdgpu_profile__mdev_type() - the profile's mdev type
 * @p: the profile
 *
 * Return: the type's directory name ("mdgpu-ts.64m"), as mdevctl names it.
 */
MDGPU_API const char *mdgpu_profile__mdev_type(const struct mdgpu_profile *p)
{
	return p->mdev_type;
}

/**
 * mdgpu_profile__gpu() - the GPU that offers the profile
 * @p: the profile
 *
 * Return: the GPU.
 */
MDGPU_API struct mdgpu_gpu *mdgpu_profile__gpu(const struct mdgpu_profile *p)
{
	return p->gpu;
}

/**
 * mdgpu_profile__mode() - how the profile's vGPUs share the GPU
 * @p: the profile
 *
 * Return: time-sliced or spatial.
 */
MDGPU_API enum mdgpu_vgpu_mode
mdgpu_profile__mode(const struct mdgpu_profile *p)
{
	return p->mode;
}

/**
 * mdgpu_profile__compute_units() - compute units a vGPU holds exclusively
 * @p: the profile
 *
 * Return: the count; 0 for time-sliced profiles.
 */
MDGPU_API __u32 mdgpu_profile__compute_units(const struct mdgpu_profile *p)
{
	return p->compute_units;
}

/**
 * mdgpu_profile__memory_bytes() - memory of each vGPU
 * @p: the profile
 *
 * Return: bytes.
 */
MDGPU_API __u64 mdgpu_profile__memory_bytes(const struct mdgpu_profile *p)
{
	return p->memory_bytes;
}

/**
 * mdgpu_profile__available() - vGPUs of the profile that can still be created
 * @p: the profile
 *
 * Exact for the layout when it was read: that many creates, one after the
 * other, succeed (docs/abi.md §2).
 *
 * Return: the count.
 */
MDGPU_API __u32 mdgpu_profile__available(const struct mdgpu_profile *p)
{
	return p->available;
}

/**
 * mdgpu_profile__max_instances() - vGPUs of the profile an empty GPU holds
 * @p: the profile
 *
 * Return: the count.
 */
MDGPU_API __u32 mdgpu_profile__max_instances(const struct mdgpu_profile *p)
{
	return p->max_instances;
}

/**
 * mdgpu_profile__placement_size() - memory slices one vGPU takes
 * @p: the profile
 *
 * Placements start at multiples of this size.
 *
 * Return: the count.
 */
MDGPU_API __u32 mdgpu_profile__placement_size(const struct mdgpu_profile *p)
{
	return p->placement_size;
}
