// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vGPUs: what /sys/bus/mdev/devices/<uuid>/mdgpu/ says about one (GPU,
 * profile, placement, QoS), creating and destroying them through the mdev
 * type's create and the device's remove, live QoS changes, and statistics
 * read straight from sysfs at each call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/random.h>

#include "lib_internal.h"
#include "attr.h"

static int vgpu_u32(const struct mdgpu_vgpu *v, const char *attr, __u32 *out)
{
	char rel[PATH_BUF_SIZE];

	return path_fmt(rel, "bus/mdev/devices/%s/mdgpu/%s", v->uuid, attr) ?:
		       attr_u32(gpu_root(v->gpu), rel, out);
}

static int vgpu_load_placement(struct mdgpu_vgpu *v)
{
	char rel[PATH_BUF_SIZE];
	__u64 f[5];
	const struct kv_field kv[] = {
		KV_NUM("slice_start", &f[0], UINT32_MAX),
		KV_NUM("slices", &f[1], UINT32_MAX),
		KV_NUM("cu_start", &f[2], UINT32_MAX),
		KV_NUM("cus", &f[3], UINT32_MAX),
		KV_NUM("mem_offset", &f[4], UINT64_MAX),
	};
	int ret;

	ret = path_fmt(rel, "bus/mdev/devices/%s/mdgpu/placement", v->uuid) ?:
		      attr_kv(gpu_root(v->gpu), rel, kv, 5);
	if (ret)
		return ret;
	v->pl = (struct mdgpu_placement){ f[0], f[1], f[2], f[3], f[4] };
	return 0;
}

static int vgpu_load_attrs(struct mdgpu_vgpu *v)
{
	const char *root = gpu_root(v->gpu);
	char rel[PATH_BUF_SIZE], gpu[16];
	int i, ret;

	ret = path_fmt(rel, "bus/mdev/devices/%s/mdgpu/gpu", v->uuid) ?:
		      attr_word(root, rel, gpu, sizeof(gpu));
	if (ret)
		return ret;
	if (strcmp(gpu, v->gpu->name)) {
		pr_warn("%s/%s says %s, but %s lists the vGPU\n", root, rel,
			gpu, v->gpu->name);
		return -EPROTO;
	}
	ret = path_fmt(rel, "bus/mdev/devices/%s/mdgpu/profile", v->uuid)  ?:
		      attr_word(root, rel, v->profile, sizeof(v->profile)) ?:
		      path_fmt(rel, "bus/mdev/devices/%s/mdgpu/memory_bytes", v->uuid) ?:
		      attr_u64(root, rel, &v->memory_bytes) ?:
		      vgpu_load_placement(v);
	for (i = 0; i < QOS_CNT && !ret; i++)
		ret = vgpu_u32(v, qos_knobs[i].name, &v->qos[i]);
	return ret;
}

/**
 * vgpu_load() - read one vGPU of a GPU
 * @gpu: its GPU
 * @uuid: its UUID, lower case
 *
 * Return: a new vGPU (not yet added to @gpu), or NULL with errno set:
 * ENOENT, without a message, if its directory does not exist.
 */
struct mdgpu_vgpu *vgpu_load(struct mdgpu_gpu *gpu, const char *uuid)
{
	char rel[PATH_BUF_SIZE];
	struct mdgpu_vgpu *v;
	int ret;

	ret = path_fmt(rel, "bus/mdev/devices/%s/mdgpu", uuid);
	if (ret)
		return lib_err_ptr(ret);
	if (!sysfs_exists(gpu_root(gpu), rel))
		return lib_err_ptr(-ENOENT);
	v = calloc(1, sizeof(*v));
	if (!v)
		return lib_err_ptr(-ENOMEM);
	v->gpu = gpu;
	snprintf(v->uuid, sizeof(v->uuid), "%s", uuid);
	if (asprintf(&v->path, "%s/bus/mdev/devices/%s", gpu_root(gpu), uuid) <
	    0) {
		v->path = NULL;
		vgpu_free(v);
		return lib_err_ptr(-ENOMEM);
	}
	ret = vgpu_load_attrs(v);
	if (ret) {
		vgpu_free(v);
		return lib_err_ptr(ret);
	}
	return v;
}

/**
 * vgpu_add() - add a loaded vGPU to its GPU's list
 * @gpu: the GPU
 * @v: the vGPU
 *
 * Return: 0 or -ENOMEM.
 */
int vgpu_add(struct mdgpu_gpu *gpu, struct mdgpu_vgpu *v)
{
	struct mdgpu_vgpu **nv =
		realloc(gpu->vgpus, (gpu->nr_vgpus + 1) * sizeof(*nv));

	if (!nv)
		return -ENOMEM;
	gpu->vgpus = nv;
	gpu->vgpus[gpu->nr_vgpus++] = v;
	return 0;
}

/**
 * vgpu_free() - free a vGPU object (the device itself is not touched)
 * @v: the vGPU, or NULL
 */
void vgpu_free(struct mdgpu_vgpu *v)
{
	if (!v)
		return;
	free(v->path);
	free(v);
}

/**
 * mdgpu_uuid_generate() - a random (version 4) UUID
 * @out: the UUID, lower case
 *
 * Return: 0, or a negative errno (errno set) if the kernel has no
 * randomness to give.
 */
MDGPU_API int mdgpu_uuid_generate(char out[MDGPU_UUID_SIZE])
{
	unsigned char b[16];
	ssize_t n;

	do {
		n = getrandom(b, sizeof(b), 0);
	} while (n < 0 && errno == EINTR);
	if (n != sizeof(b))
		return lib_err(n < 0 ? -errno : -EIO);
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	snprintf(
		out, MDGPU_UUID_SIZE,
		"%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
		b[10], b[11], b[12], b[13], b[14], b[15]);
	return 0;
}

/* Sum of a QoS share over the other vGPUs sharing @v's compute units. */
static __u32 others_sum(const struct mdgpu_vgpu *v, enum qos_knob k)
{
	const struct mdgpu_vgpu *o;
	__u32 sum = 0;

	mdgpu_gpu__for_each_vgpu(o, v->gpu) {
		if (o != v && !o->pl.cus)
			sum += o->qos[k];
	}
	return sum;
}

/* Why the kernel refused a QoS value, with the range and the fix. */
static int qos_explain(void *obj, int k, __u32 val, int err)
{
	struct mdgpu_vgpu *v = obj;
	const char *name = qos_knobs[k].name;
	char range[64];
	__u32 others;

	knob_range_str(&qos_knobs[k], range, sizeof(range));
	if (err == -ENOSPC && (k == QOS_MIN_SHARE || k == QOS_RESERVE) &&
	    !v->pl.cus) {
		others = others_sum(v, k);
		pr_warn("%s: %s=%u refused: the %ss of the vGPUs sharing %s's compute units would add up to more than 10000 (100%%); the others hold %u, so at most %u is left; lower theirs first or ask for less\n",
			v->uuid, name, val, name, v->gpu->name, others,
			others < 10000 ? 10000 - others : 0);
	} else if (err == -ENOSPC) {
		pr_warn("%s: %s=%u refused: the %ss of its scheduling domain would add up to more than 10000 (100%%); ask for less\n",
			v->uuid, name, val, name);
	} else if (err == -EINVAL && k == QOS_MIN_SHARE) {
		pr_warn("%s: min_share=%u refused: it takes %s, at most max_share (now %u) and at most the domain's capacity per slot\n",
			v->uuid, val, range, v->qos[QOS_MAX_SHARE]);
	} else if (err == -EINVAL && k == QOS_MAX_SHARE) {
		pr_warn("%s: max_share=%u refused: it takes %s and at least min_share (now %u)\n",
			v->uuid, val, range, v->qos[QOS_MIN_SHARE]);
	} else if (err == -EINVAL) {
		pr_warn("%s: %s=%u refused: out of range; it takes %s\n",
			v->uuid, name, val, range);
	} else {
		pr_warn("%s: %s=%u refused: %s\n", v->uuid, name, val,
			mdgpu_strerror(err));
	}
	return err;
}

/* Range-check every QoS value in @o before anything is written. */
static int qos_check(const char *who, const struct mdgpu_vgpu *v,
		     struct mdgpu_qos_opts *o)
{
	__u32 min, max;
	char range[64];
	int k;

	for (k = 0; k < QOS_CNT; k++) {
		if (!(o->mask & (1U << k)) ||
		    knob_in_range(&qos_knobs[k], *qos_opts_field(o, k)))
			continue;
		knob_range_str(&qos_knobs[k], range, sizeof(range));
		pr_warn("%s: %s=%u is out of range; it takes %s\n", who,
			qos_knobs[k].name, *qos_opts_field(o, k), range);
		return -EINVAL;
	}
	min = o->mask & MDGPU_QOS_SET_MIN_SHARE ? o->min_share :
	      v					? v->qos[QOS_MIN_SHARE] :
						  0;
	max = o->mask & MDGPU_QOS_SET_MAX_SHARE ? o->max_share :
	      v					? v->qos[QOS_MAX_SHARE] :
						  10000;
	if (min > max) {
		pr_warn("%s: min_share %u is above max_share %u: a guarantee cannot exceed the cap; lower min_share or raise max_share\n",
			who, min, max);
		return -EINVAL;
	}
	return 0;
}

/* Copy caller options of any known size into a full struct. */
static int qos_copy(const struct mdgpu_qos_opts *opts, struct mdgpu_qos_opts *o)
{
	memset(o, 0, sizeof(*o));
	if (!opts || !OPTS_VALID(opts, mdgpu_qos_opts))
		return -EINVAL;
	memcpy(o, opts, opts->sz < sizeof(*o) ? opts->sz : sizeof(*o));
	return 0;
}

/**
 * mdgpu_vgpu__set_qos() - change QoS settings of a vGPU, live
 * @vgpu: the vGPU
 * @opts: the settings to change (their bits in @opts->mask)
 *
 * Every value is checked against its range first; min_share and max_share
 * are written in the order that keeps the guarantee within the cap at every
 * step; if the kernel refuses one write, those made before it are undone,
 * so the request is all or nothing. Needs root.
 *
 * Return: 0, or a negative errno (errno set, message printed): EINVAL for
 * a value out of range, ENOSPC when guarantees or reservations would add up
 * to more than 100%, EACCES without root, ENODEV for a destroyed vGPU,
 * ENOENT if it has gone.
 */
MDGPU_API int mdgpu_vgpu__set_qos(struct mdgpu_vgpu *vgpu,
				  const struct mdgpu_qos_opts *opts)
{
	struct mdgpu_qos_opts o;
	struct knob_write w[QOS_CNT];
	char dir[PATH_BUF_SIZE];
	struct knob_target t = {
		gpu_root(vgpu->gpu), dir,	  vgpu->uuid, qos_knobs,
		vgpu->qos,	     qos_explain, vgpu
	};
	static const int plain[] = { QOS_WEIGHT, QOS_PRIORITY, QOS_TIMESLICE_US,
				     QOS_RESERVE };
	bool min_first;
	int i, nr = 0, ret;

	if (qos_copy(opts, &o))
		return lib_err(-EINVAL);
	if (vgpu->destroyed) {
		pr_warn("%s: the vGPU was destroyed\n", vgpu->uuid);
		return lib_err(-ENODEV);
	}
	ret = qos_check(vgpu->uuid, vgpu, &o);
	if (ret)
		return lib_err(ret);
	if (path_fmt(dir, "bus/mdev/devices/%s/mdgpu", vgpu->uuid))
		return lib_err(-ENAMETOOLONG);
	for (i = 0; i < 4; i++) {
		if (o.mask & (1U << plain[i]))
			w[nr++] = (struct knob_write){
				plain[i], *qos_opts_field(&o, plain[i])
			};
	}
	/* A guarantee within the current cap first; else the raised cap first. */
	min_first = o.min_share <= vgpu->qos[QOS_MAX_SHARE];
	if ((o.mask & MDGPU_QOS_SET_MIN_SHARE) && min_first)
		w[nr++] = (struct knob_write){ QOS_MIN_SHARE, o.min_share };
	if (o.mask & MDGPU_QOS_SET_MAX_SHARE)
		w[nr++] = (struct knob_write){ QOS_MAX_SHARE, o.max_share };
	if ((o.mask & MDGPU_QOS_SET_MIN_SHARE) && !min_first)
		w[nr++] = (struct knob_write){ QOS_MIN_SHARE, o.min_share };
	return lib_err(knob_apply(&t, w, nr));
}

static int set_one_qos(struct mdgpu_vgpu *vgpu, enum qos_knob k, __u32 val)
{
	MDGPU_OPTS(mdgpu_qos_opts, o, .mask = 1U << k);

	*qos_opts_field(&o, k) = val;
	return mdgpu_vgpu__set_qos(vgpu, &o);
}

/**
 * mdgpu_vgpu__set_weight() - change the weight, live
 * @vgpu: the vGPU
 * @weight: 1-10000
 *
 * Return: 0 or a negative errno, as mdgpu_vgpu__set_qos().
 */
MDGPU_API int mdgpu_vgpu__set_weight(struct mdgpu_vgpu *vgpu, __u32 weight)
{
	return set_one_qos(vgpu, QOS_WEIGHT, weight);
}

/**
 * mdgpu_vgpu__set_min_share() - change the guaranteed share, live
 * @vgpu: the vGPU
 * @bp: 0-10000 basis points, at most max_share
 *
 * Return: 0 or a negative errno, as mdgpu_vgpu__set_qos().
 */
MDGPU_API int mdgpu_vgpu__set_min_share(struct mdgpu_vgpu *vgpu, __u32 bp)
{
	return set_one_qos(vgpu, QOS_MIN_SHARE, bp);
}

/**
 * mdgpu_vgpu__set_max_share() - change the cap, live
 * @vgpu: the vGPU
 * @bp: 1-10000 basis points (10000: no cap), at least min_share
 *
 * Return: 0 or a negative errno, as mdgpu_vgpu__set_qos().
 */
MDGPU_API int mdgpu_vgpu__set_max_share(struct mdgpu_vgpu *vgpu, __u32 bp)
{
	return set_one_qos(vgpu, QOS_MAX_SHARE, bp);
}

/**
 * mdgpu_vgpu__set_reserve() - change the reservation (fixed_share), live
 * @vgpu: the vGPU
 * @bp: 0-10000 basis points (0: an equal part)
 *
 * Return: 0 or a negative errno, as mdgpu_vgpu__set_qos().
 */
MDGPU_API int mdgpu_vgpu__set_reserve(struct mdgpu_vgpu *vgpu, __u32 bp)
{
	return set_one_qos(vgpu, QOS_RESERVE, bp);
}

/**
 * mdgpu_vgpu__set_priority() - change the priority class, live
 * @vgpu: the vGPU
 * @prio: 0-3; a higher class runs first
 *
 * Return: 0 or a negative errno, as mdgpu_vgpu__set_qos().
 */
MDGPU_API int mdgpu_vgpu__set_priority(struct mdgpu_vgpu *vgpu, __u32 prio)
{
	return set_one_qos(vgpu, QOS_PRIORITY, prio);
}

/**
 * mdgpu_vgpu__set_timeslice_us() - change the vGPU's own time slice, live
 * @vgpu: the vGPU
 * @us: 0 (the GPU's) or 100-1000000
 *
 * Return: 0 or a negative errno, as mdgpu_vgpu__set_qos().
 */
MDGPU_API int mdgpu_vgpu__set_timeslice_us(struct mdgpu_vgpu *vgpu, __u32 us)
{
	return set_one_qos(vgpu, QOS_TIMESLICE_US, us);
}

static void list_profiles(const struct mdgpu_gpu *gpu, char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < gpu->nr_profiles && len < size; i++)
		len += snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
				gpu->profiles[i].name);
}

/* Why the kernel refused to create a vGPU, with the fix. */
static int create_failed(struct mdgpu_gpu *gpu, const struct mdgpu_profile *p,
			 const char *uuid, int err, const char *rel)
{
	char what[128];

	switch (-err) {
	case EEXIST:
		pr_warn("cannot create %s on %s: UUID %s is already in use by another mediated device; choose another UUID, or leave it out to have one generated\n",
			p->name, gpu->name, uuid);
		break;
	case ENOSPC:
		pr_warn("cannot create %s on %s: no room: the profile needs %u aligned free memory slice(s)%s and %s has %u of %u slices free; destroy a vGPU on %s or choose a smaller profile\n",
			p->name, gpu->name, p->placement_size,
			p->compute_units ? " and free compute units" : "",
			gpu->name, gpu->memory_free_slices, gpu->memory_slices,
			gpu->name);
		break;
	case EINVAL:
		pr_warn("cannot create %s on %s: the kernel refused UUID %s\n",
			p->name, gpu->name, uuid);
		break;
	case ENOENT:
		pr_warn("cannot create %s on %s: %s/%s does not exist: mdgpu_mdev was unloaded; load it (modprobe mdgpu_mdev)\n",
			p->name, gpu->name, gpu_root(gpu), rel);
		break;
	default:
		snprintf(what, sizeof(what), "cannot create %s on %s", p->name,
			 gpu->name);
		lib_write_failed(err, what, gpu_root(gpu), rel);
	}
	return err;
}

/* Find the profile and the UUID of a create request; messages on failure. */
static int create_prepare(struct mdgpu_gpu *gpu, const char *profile,
			  const char *uuid_in, struct mdgpu_profile **p,
			  char uuid[MDGPU_UUID_SIZE])
{
	char names[512];
	int ret;

	*p = mdgpu_gpu__find_profile(gpu, profile);
	if (!*p) {
		list_profiles(gpu, names, sizeof(names));
		pr_warn("%s has no profile '%s'; its profiles are %s\n",
			gpu->name, profile ? profile : "(null)", names);
		return -ENOENT;
	}
	if (!gpu->mdev_ready) {
		pr_warn("cannot create %s on %s: %s is not an mdev parent: mdgpu_mdev is not loaded; load it (modprobe mdgpu_mdev)\n",
			(*p)->name, gpu->name, gpu->name);
		return -ENODEV;
	}
	if (!uuid_in)
		return mdgpu_uuid_generate(uuid);
	ret = mdgpu_uuid_normalize(uuid_in, uuid);
	if (ret)
		pr_warn("'%s' is not a UUID: a UUID is 32 hexadecimal digits in groups of 8-4-4-4-12, e.g. 0e5f4a9c-2b1d-4c3e-9f8a-7b6c5d4e3f21\n",
			uuid_in);
	return ret;
}

/**
 * mdgpu_gpu__create_vgpu() - create a vGPU
 * @gpu: the GPU
 * @profile: its profile ("ts.64m") or mdev type ("mdgpu-ts.64m")
 * @opts: UUID and initial QoS (NULL: a generated UUID, default QoS)
 *
 * Writes the UUID to the mdev type's create attribute, reads the new vGPU
 * back and applies @opts->qos; if that is refused the vGPU is destroyed
 * again, so nothing is left half made. QoS values are range-checked before
 * the vGPU is created. The new handle joins the context; the GPU's free
 * capacity and available counts are re-read. Needs root.
 *
 * Return: the vGPU, or NULL with errno set (message printed): ENOENT for an
 * unknown profile, EINVAL for a malformed UUID or QoS value, EEXIST if the
 * UUID is in use, ENOSPC if there is no room, ENODEV if mdgpu_mdev is not
 * loaded, EACCES without root.
 */
MDGPU_API struct mdgpu_vgpu *
mdgpu_gpu__create_vgpu(struct mdgpu_gpu *gpu, const char *profile,
		       const struct mdgpu_create_opts *opts)
{
	const struct mdgpu_qos_opts *qos_in = OPTS_GET(opts, qos, NULL);
	char uuid[MDGPU_UUID_SIZE], rel[PATH_BUF_SIZE];
	struct mdgpu_qos_opts qos = {};
	struct mdgpu_profile *p;
	struct mdgpu_vgpu *v;
	int ret;

	if (!OPTS_VALID(opts, mdgpu_create_opts) ||
	    (qos_in && qos_copy(qos_in, &qos)))
		return lib_err_ptr(-EINVAL);
	ret = create_prepare(gpu, profile, OPTS_GET(opts, uuid, NULL), &p,
			     uuid);
	if (!ret && qos_in)
		ret = qos_check(uuid, NULL, &qos);
	if (ret)
		return lib_err_ptr(ret);
	ret = path_fmt(rel, "class/mdgpu/%s/mdev_supported_types/%s/create", gpu->name, p->mdev_type) ?:
		      sysfs_write(gpu_root(gpu), rel, uuid);
	if (ret)
		return lib_err_ptr(create_failed(gpu, p, uuid, ret, rel));
	v = vgpu_load(gpu, uuid);
	if (!v || vgpu_add(gpu, v)) {
		ret = v ? -ENOMEM : -errno;
		vgpu_free(v);
		pr_warn("created %s on %s, but cannot read it back: %s\n", uuid,
			gpu->name, mdgpu_strerror(ret));
		return lib_err_ptr(ret);
	}
	pr_info("created %s (%s on %s)\n", uuid, p->name, gpu->name);
	if (qos_in && qos.mask) {
		ret = mdgpu_vgpu__set_qos(v, &qos);
		if (ret) {
			pr_warn("%s: its QoS was refused, so it is destroyed again\n",
				uuid);
			mdgpu_vgpu__destroy(v);
			return lib_err_ptr(ret);
		}
	}
	gpu_reload_capacity(gpu);
	return v;
}

/**
 * mdgpu_vgpu__destroy() - destroy a vGPU
 * @vgpu: the vGPU
 *
 * Writes 1 to its remove attribute. If a VM has it open, the kernel asks
 * the VM to let go and the call waits until it does. The handle stays
 * valid for the getters but is skipped by iterators and lookups. Needs root.
 *
 * Return: 0, or a negative errno (errno set, message printed): ENODEV if
 * already destroyed, ENOENT if it has gone, EACCES without root.
 */
MDGPU_API int mdgpu_vgpu__destroy(struct mdgpu_vgpu *vgpu)
{
	char rel[PATH_BUF_SIZE], what[96];
	int ret;

	if (vgpu->destroyed) {
		pr_warn("%s: the vGPU was already destroyed\n", vgpu->uuid);
		return lib_err(-ENODEV);
	}
	ret = path_fmt(rel, "bus/mdev/devices/%s/remove", vgpu->uuid) ?:
		      sysfs_write(gpu_root(vgpu->gpu), rel, "1\n");
	if (ret) {
		snprintf(what, sizeof(what), "cannot destroy %s", vgpu->uuid);
		return lib_err(
			lib_write_failed(ret, what, gpu_root(vgpu->gpu), rel));
	}
	vgpu->destroyed = true;
	pr_info("destroyed %s\n", vgpu->uuid);
	gpu_reload_capacity(vgpu->gpu);
	return 0;
}

/**
 * mdgpu_vgpu__uuid() - the vGPU's UUID
 * @vgpu: the vGPU
 *
 * Return: the UUID, lower case.
 */
MDGPU_API const char *mdgpu_vgpu__uuid(const struct mdgpu_vgpu *vgpu)
{
	return vgpu->uuid;
}

/**
 * mdgpu_vgpu__gpu() - the GPU the vGPU is on
 * @vgpu: the vGPU
 *
 * Return: the GPU.
 */
MDGPU_API struct mdgpu_gpu *mdgpu_vgpu__gpu(const struct mdgpu_vgpu *vgpu)
{
	return vgpu->gpu;
}

/**
 * mdgpu_vgpu__profile_name() - the vGPU's profile name
 * @vgpu: the vGPU
 *
 * Return: the name ("ts.64m").
 */
MDGPU_API const char *mdgpu_vgpu__profile_name(const struct mdgpu_vgpu *vgpu)
{
	return vgpu->profile;
}

/**
 * mdgpu_vgpu__profile() - the vGPU's profile
 * @vgpu: the vGPU
 *
 * Return: the profile, or NULL with errno ENOENT if its GPU does not list
 * it (never with the kernel's catalog).
 */
MDGPU_API struct mdgpu_profile *
mdgpu_vgpu__profile(const struct mdgpu_vgpu *vgpu)
{
	return mdgpu_gpu__find_profile(vgpu->gpu, vgpu->profile);
}

/**
 * mdgpu_vgpu__memory_bytes() - the vGPU's memory
 * @vgpu: the vGPU
 *
 * Return: bytes.
 */
MDGPU_API __u64 mdgpu_vgpu__memory_bytes(const struct mdgpu_vgpu *vgpu)
{
	return vgpu->memory_bytes;
}

/**
 * mdgpu_vgpu__placement() - where the vGPU sits in its GPU
 * @vgpu: the vGPU
 *
 * Return: the placement, valid as long as the handle.
 */
MDGPU_API const struct mdgpu_placement *
mdgpu_vgpu__placement(const struct mdgpu_vgpu *vgpu)
{
	return &vgpu->pl;
}

/**
 * mdgpu_vgpu__sysfs_path() - the vGPU's mdev device directory
 * @vgpu: the vGPU
 *
 * What QEMU's -device vfio-pci,sysfsdev= takes.
 *
 * Return: "<sysfs root>/bus/mdev/devices/<uuid>".
 */
MDGPU_API const char *mdgpu_vgpu__sysfs_path(const struct mdgpu_vgpu *vgpu)
{
	return vgpu->path;
}

/**
 * mdgpu_vgpu__weight() - the vGPU's weight (weighted policy)
 * @vgpu: the vGPU
 *
 * Return: 1-10000.
 */
MDGPU_API __u32 mdgpu_vgpu__weight(const struct mdgpu_vgpu *vgpu)
{
	return vgpu->qos[QOS_WEIGHT];
}

/**
 * mdgpu_vgpu__min_share() - the vGPU's guaranteed share (weighted policy)
 * @vgpu: the vGPU
 *
 * Return: basis points, 0 for none.
 */
MDGPU_API __u32 mdgpu_vgpu__min_share(const struct mdgpu_vgpu *vgpu)
{
	return vgpu->qos[QOS_MIN_SHARE];
}

/**
 * mdgpu_vgpu__max_share() - the vGPU's cap (weighted policy)
 * @vgpu: the vGPU
 *
 * Return: basis points, 10000 for none.
 */
MDGPU_API __u32 mdgpu_vgpu__max_share(const struct mdgpu_vgpu *vgpu)
{
	return vgpu->qos[QOS_MAX_SHARE];
}

/**
 * mdgpu_vgpu__reserve() - the vGPU's reservation (fixed_share policy)
 * @vgpu: the vGPU
 *
 * Return: basis points, 0 for an equal part.
 */
MDGPU_API __u32 mdgpu_vgpu__reserve(const struct mdgpu_vgpu *vgpu)
{
	return vgpu->qos[QOS_RESERVE];
}

/**
 * mdgpu_vgpu__priority() - the vGPU's priority class
 * @vgpu: the vGPU
 *
 * Return: 0-3.
 */
MDGPU_API __u32 mdgpu_vgpu__priority(const struct mdgpu_vgpu *vgpu)
{
	return vgpu->qos[QOS_PRIORITY];
}

/**
 * mdgpu_vgpu__timeslice_us() - the vGPU's own time slice
 * @vgpu: the vGPU
 *
 * Return: microseconds, 0 when it uses its GPU's.
 */
MDGPU_API __u32 mdgpu_vgpu__timeslice_us(const struct mdgpu_vgpu *vgpu)
{
	return vgpu->qos[QOS_TIMESLICE_US];
}

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/**
 * mdgpu_vgpu__read_stats() - read the vGPU's scheduling accounting now
 * @vgpu: the vGPU
 * @stats: filled in up to @stats->sz, which the caller sets
 *
 * Reads sysfs at each call (not the snapshot), so two calls give rates.
 *
 * Return: 0, or a negative errno (errno set): EINVAL for a bad @stats,
 * ENODEV for a destroyed vGPU, ENOENT if it has gone, EPROTO if the
 * attribute does not parse.
 */
MDGPU_API int mdgpu_vgpu__read_stats(const struct mdgpu_vgpu *vgpu,
				     struct mdgpu_vgpu_stats *stats)
{
	struct mdgpu_vgpu_stats st = { .sz = sizeof(st) };
	char rel[PATH_BUF_SIZE];
	const struct kv_field f[] = {
		KV_NUM("busy_ns", &st.busy_ns, UINT64_MAX),
		KV_NUM("wait_ns", &st.wait_ns, UINT64_MAX),
		KV_NUM("overrun_ns", &st.overrun_ns, UINT64_MAX),
		KV_NUM("slices", &st.slices, UINT64_MAX),
		KV_NUM("dispatches", &st.dispatches, UINT64_MAX),
		KV_NUM("preemptions", &st.preemptions, UINT64_MAX),
		KV_NUM("throttled", &st.throttled, UINT64_MAX),
		KV_NUM("completed", &st.completed, UINT64_MAX),
		KV_NUM("queued", &st.queued, UINT32_MAX),
	};
	size_t sz;
	int ret;

	if (!stats || stats->sz < sizeof(size_t))
		return lib_err(-EINVAL);
	if (vgpu->destroyed)
		return lib_err(-ENODEV);
	st.timestamp_ns = now_ns();
	ret = path_fmt(rel, "bus/mdev/devices/%s/mdgpu/stats", vgpu->uuid) ?:
		      attr_kv(gpu_root(vgpu->gpu), rel, f, ARRAY_SIZE(f));
	if (ret)
		return lib_err(ret);
	sz = stats->sz < sizeof(st) ? stats->sz : sizeof(st);
	memcpy((char *)stats + sizeof(size_t), (char *)&st + sizeof(size_t),
	       sz - sizeof(size_t));
	return 0;
}

/**
 * mdgpu_vgpu__read_latency_hist() - read the vGPU's scheduling-latency histogram
 * @vgpu: the vGPU
 * @hist: filled in; the caller sets @hist->sz
 *
 * Return: 0, or a negative errno (errno set), as mdgpu_vgpu__read_stats().
 */
MDGPU_API int mdgpu_vgpu__read_latency_hist(const struct mdgpu_vgpu *vgpu,
					    struct mdgpu_latency_hist *hist)
{
	char rel[PATH_BUF_SIZE], buf[SYSFS_BUF_SIZE], copy[SYSFS_BUF_SIZE];
	struct mdgpu_latency_hist h;
	int ret;

	if (!hist || hist->sz < sizeof(h))
		return lib_err(-EINVAL);
	if (vgpu->destroyed)
		return lib_err(-ENODEV);
	memset(&h, 0, sizeof(h));
	ret = path_fmt(rel, "bus/mdev/devices/%s/mdgpu/latency_hist", vgpu->uuid) ?:
		      attr_read(gpu_root(vgpu->gpu), rel, buf);
	if (ret)
		return lib_err(ret);
	memcpy(copy, buf, sizeof(copy));
	if (parse_latency_hist(buf, &h))
		return lib_err(attr_bad(gpu_root(vgpu->gpu), rel, copy));
	h.sz = hist->sz;
	memcpy(hist, &h, sizeof(h));
	return 0;
}

/**
 * mdgpu_vgpu__read_status() - whether the vGPU is in use, its error and reset counts
 * @vgpu: the vGPU
 * @status: filled in; the caller sets @status->sz
 *
 * Reads mdgpu/in_use, mdgpu/errors and mdgpu/resets now (docs/abi.md §3).
 *
 * Return: 0, or a negative errno (errno set): EINVAL for a bad @status,
 * ENODEV for a destroyed vGPU, ENOENT if it has gone (or the modules are
 * older than these attributes), EPROTO if one does not parse.
 */
MDGPU_API int mdgpu_vgpu__read_status(const struct mdgpu_vgpu *vgpu,
				      struct mdgpu_vgpu_status *status)
{
	struct mdgpu_vgpu_status st = { .sz = sizeof(st) };
	__u32 in_use;
	int ret;

	if (!status ||
	    status->sz < offsetofend(struct mdgpu_vgpu_status, in_use))
		return lib_err(-EINVAL);
	if (vgpu->destroyed)
		return lib_err(-ENODEV);
	ret = vgpu_u32(vgpu, "in_use", &in_use);
	if (!ret && in_use > 1)
		ret = -EPROTO;
	if (!ret) {
		char rel[PATH_BUF_SIZE];

		ret = path_fmt(rel, "bus/mdev/devices/%s/mdgpu/errors", vgpu->uuid) ?:
			      attr_u64(gpu_root(vgpu->gpu), rel, &st.errors) ?:
			      path_fmt(rel, "bus/mdev/devices/%s/mdgpu/resets", vgpu->uuid) ?:
			      attr_u64(gpu_root(vgpu->gpu), rel, &st.resets);
	}
	if (ret)
		return lib_err(ret);
	st.in_use = in_use;
	st.sz = status->sz;
	memcpy(status, &st, status->sz < sizeof(st) ? status->sz : sizeof(st));
	return 0;
}

/**
 * mdgpu_vgpu__move() - place a vGPU elsewhere, before it is first opened
 * @vgpu: the vGPU
 * @slice_start: first memory slice, or %MDGPU_PLACEMENT_KEEP
 * @cu_start: first compute unit (spatial vGPUs only), or %MDGPU_PLACEMENT_KEEP
 *
 * Writes mdgpu/cu_start, then mdgpu/slice_start (docs/abi.md §3, "Explicit
 * placement"); a start equal to the current one is not written.
 * If the second write is refused the first is undone. Needs root.
 *
 * Return: 0, or a negative errno (errno set, message printed): EINVAL for
 * a misaligned or out-of-range start (or a compute unit for a time-sliced
 * vGPU), EBUSY if the target overlaps another vGPU or the vGPU has been
 * opened, ENOSPC if time-sliced vGPUs would be left without a compute
 * unit, ENODEV for a destroyed vGPU, EACCES without root.
 */
MDGPU_API int mdgpu_vgpu__move(struct mdgpu_vgpu *vgpu, __u32 slice_start,
			       __u32 cu_start)
{
	const char *root = gpu_root(vgpu->gpu);
	struct mdgpu_placement old = vgpu->pl;
	char rel[PATH_BUF_SIZE], val[16], what[128];
	bool cu_moved = false;
	int ret = 0;

	if (vgpu->destroyed) {
		pr_warn("%s: the vGPU was destroyed\n", vgpu->uuid);
		return lib_err(-ENODEV);
	}
	if (cu_start != MDGPU_PLACEMENT_KEEP && !old.cus) {
		pr_warn("%s: cannot place it on compute unit %u: a time-sliced vGPU holds no compute units of its own\n",
			vgpu->uuid, cu_start);
		return lib_err(-EINVAL);
	}
	if (cu_start != MDGPU_PLACEMENT_KEEP && cu_start != old.cu_start) {
		snprintf(val, sizeof(val), "%u", cu_start);
		ret = path_fmt(rel, "bus/mdev/devices/%s/mdgpu/cu_start", vgpu->uuid) ?:
			      sysfs_write(root, rel, val);
		if (ret)
			goto refused;
		cu_moved = true;
	}
	if (slice_start != MDGPU_PLACEMENT_KEEP &&
	    slice_start != old.slice_start) {
		snprintf(val, sizeof(val), "%u", slice_start);
		ret = path_fmt(rel, "bus/mdev/devices/%s/mdgpu/slice_start", vgpu->uuid) ?:
			      sysfs_write(root, rel, val);
		if (ret) {
			if (cu_moved) {
				char undo[PATH_BUF_SIZE], undo_val[16];

				/* val and rel still name the refused write. */
				snprintf(undo_val, sizeof(undo_val), "%u",
					 old.cu_start);
				if (!path_fmt(
					    undo,
					    "bus/mdev/devices/%s/mdgpu/cu_start",
					    vgpu->uuid))
					sysfs_write(root, undo, undo_val);
			}
			goto refused;
		}
	}
	vgpu_load_placement(vgpu);
	if (memcmp(&old, &vgpu->pl, sizeof(old)))
		pr_info("%s: moved to memory slice %u, compute unit %u\n",
			vgpu->uuid, vgpu->pl.slice_start, vgpu->pl.cu_start);
	gpu_reload_capacity(vgpu->gpu);
	return 0;

refused:
	switch (-ret) {
	case EINVAL:
		pr_warn("%s: cannot move it to %s %s: misaligned or out of range; a start must be a multiple of the vGPU's size within its GPU\n",
			vgpu->uuid,
			strstr(rel, "cu_start") ? "compute unit" :
						  "memory slice",
			val);
		break;
	case EBUSY:
		pr_warn("%s: cannot move it to %s %s: the target overlaps another vGPU, or the vGPU has been opened (it can only move before its first use)\n",
			vgpu->uuid,
			strstr(rel, "cu_start") ? "compute unit" :
						  "memory slice",
			val);
		break;
	case ENOSPC:
		pr_warn("%s: cannot move it to compute unit %s: time-sliced vGPUs would be left without a compute unit\n",
			vgpu->uuid, val);
		break;
	default:
		snprintf(what, sizeof(what), "cannot move %s", vgpu->uuid);
		lib_write_failed(ret, what, root, rel);
	}
	return lib_err(ret);
}
