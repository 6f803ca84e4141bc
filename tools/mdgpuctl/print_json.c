// SPDX-License-Identifier: GPL-2.0-only
/*
 * mdgpuctl's JSON output (json-c): one document per command, pretty-printed,
 * except stats --watch, which prints one compact object per sample and line.
 * Keys are the sysfs attribute names; numbers are raw (bytes, ns, basis
 * points). docs/cli.md describes every document.
 */
#include <stdint.h>
#include <stdio.h>
#include <json-c/json.h>

#include "mdgpuctl.h"

static void json_putp(json_object **o)
{
	json_object_put(*o);
}

static void add_u64(json_object *o, const char *key, __u64 v)
{
	json_object_object_add(o, key, json_object_new_uint64(v));
}

static void add_str(json_object *o, const char *key, const char *v)
{
	json_object_object_add(o, key, v ? json_object_new_string(v) : NULL);
}

static void emit(json_object *o, bool compact)
{
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE |
		    (compact ?
			     JSON_C_TO_STRING_PLAIN :
			     JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED);

	printf("%s\n", json_object_to_json_string_ext(o, flags));
}

static json_object *gpu_json(struct mdgpu_gpu *g)
{
	json_object *o = json_object_new_object();

	add_str(o, "name", mdgpu_gpu__name(g));
	add_u64(o, "id", mdgpu_gpu__id(g));
	add_str(o, "backend", mdgpu_gpu__backend(g));
	add_u64(o, "compute_units", mdgpu_gpu__compute_units(g));
	add_u64(o, "shared_compute_units", mdgpu_gpu__shared_compute_units(g));
	add_u64(o, "memory_bytes", mdgpu_gpu__memory_bytes(g));
	add_u64(o, "memory_slices", mdgpu_gpu__memory_slices(g));
	add_u64(o, "memory_slice_bytes", mdgpu_gpu__memory_slice_bytes(g));
	add_u64(o, "memory_free_slices", mdgpu_gpu__memory_free_slices(g));
	add_u64(o, "memory_free_bytes", mdgpu_gpu__memory_free_bytes(g));
	add_u64(o, "nr_vgpus", mdgpu_gpu__vgpu_cnt(g));
	json_object_object_add(
		o, "mdev", json_object_new_boolean(mdgpu_gpu__mdev_ready(g)));
	add_str(o, "sched_policy",
		mdgpu_sched_policy_str(mdgpu_gpu__sched_policy(g)));
	add_u64(o, "timeslice_us", mdgpu_gpu__timeslice_us(g));
	add_u64(o, "sched_period_ms", mdgpu_gpu__sched_period_ms(g));
	add_u64(o, "watchdog_ms", mdgpu_gpu__watchdog_ms(g));
	return o;
}

static void json_gpus(struct mdgpu_ctx *ctx)
{
	json_object *o _cleanup_(json_putp) = json_object_new_object();
	json_object *a = json_object_new_array();
	struct mdgpu_gpu *g;

	mdgpu_ctx__for_each_gpu(g, ctx)
		json_object_array_add(a, gpu_json(g));
	json_object_object_add(o, "gpus", a);
	emit(o, false);
}

static json_object *profile_json(struct mdgpu_profile *p)
{
	json_object *o = json_object_new_object();

	add_str(o, "gpu", mdgpu_gpu__name(mdgpu_profile__gpu(p)));
	add_str(o, "name", mdgpu_profile__name(p));
	add_str(o, "mdev_type", mdgpu_profile__mdev_type(p));
	add_str(o, "mode", mdgpu_vgpu_mode_str(mdgpu_profile__mode(p)));
	add_u64(o, "compute_units", mdgpu_profile__compute_units(p));
	add_u64(o, "memory_bytes", mdgpu_profile__memory_bytes(p));
	add_u64(o, "available", mdgpu_profile__available(p));
	add_u64(o, "max_instances", mdgpu_profile__max_instances(p));
	add_u64(o, "placement_size", mdgpu_profile__placement_size(p));
	return o;
}

static void json_types(struct mdgpu_ctx *ctx, struct mdgpu_gpu *only)
{
	json_object *o _cleanup_(json_putp) = json_object_new_object();
	json_object *a = json_object_new_array();
	struct mdgpu_profile *p;
	struct mdgpu_gpu *g;

	mdgpu_ctx__for_each_gpu(g, ctx) {
		if (only && g != only)
			continue;
		mdgpu_gpu__for_each_profile(p, g)
			json_object_array_add(a, profile_json(p));
	}
	json_object_object_add(o, "types", a);
	emit(o, false);
}

static json_object *vgpu_json(struct mdgpu_vgpu *v)
{
	const struct mdgpu_placement *pl = mdgpu_vgpu__placement(v);
	struct mdgpu_profile *p = mdgpu_vgpu__profile(v);
	json_object *o = json_object_new_object();
	json_object *place = json_object_new_object();
	json_object *qos = json_object_new_object();

	add_str(o, "uuid", mdgpu_vgpu__uuid(v));
	add_str(o, "gpu", mdgpu_gpu__name(mdgpu_vgpu__gpu(v)));
	add_str(o, "profile", mdgpu_vgpu__profile_name(v));
	add_str(o, "mdev_type", p ? mdgpu_profile__mdev_type(p) : NULL);
	add_str(o, "mode",
		p ? mdgpu_vgpu_mode_str(mdgpu_profile__mode(p)) : NULL);
	add_u64(o, "memory_bytes", mdgpu_vgpu__memory_bytes(v));
	add_u64(place, "slice_start", pl->slice_start);
	add_u64(place, "slices", pl->slices);
	add_u64(place, "cu_start", pl->cu_start);
	add_u64(place, "cus", pl->cus);
	add_u64(place, "mem_offset", pl->mem_offset);
	json_object_object_add(o, "placement", place);
	add_u64(qos, "weight", mdgpu_vgpu__weight(v));
	add_u64(qos, "min_share", mdgpu_vgpu__min_share(v));
	add_u64(qos, "max_share", mdgpu_vgpu__max_share(v));
	add_u64(qos, "reserve", mdgpu_vgpu__reserve(v));
	add_u64(qos, "priority", mdgpu_vgpu__priority(v));
	add_u64(qos, "timeslice_us", mdgpu_vgpu__timeslice_us(v));
	json_object_object_add(o, "qos", qos);
	add_str(o, "sysfs_path", mdgpu_vgpu__sysfs_path(v));
	return o;
}

static void json_vgpus(struct mdgpu_ctx *ctx)
{
	json_object *o _cleanup_(json_putp) = json_object_new_object();
	json_object *a = json_object_new_array();
	struct mdgpu_vgpu *v;

	mdgpu_ctx__for_each_vgpu(v, ctx)
		json_object_array_add(a, vgpu_json(v));
	json_object_object_add(o, "vgpus", a);
	emit(o, false);
}

static json_object *stats_json(const struct mdgpu_vgpu_stats *st)
{
	json_object *o = json_object_new_object();

	add_u64(o, "busy_ns", st->busy_ns);
	add_u64(o, "wait_ns", st->wait_ns);
	add_u64(o, "overrun_ns", st->overrun_ns);
	add_u64(o, "slices", st->slices);
	add_u64(o, "dispatches", st->dispatches);
	add_u64(o, "preemptions", st->preemptions);
	add_u64(o, "throttled", st->throttled);
	add_u64(o, "completed", st->completed);
	add_u64(o, "queued", st->queued);
	return o;
}

/* Buckets as {"le_ns": upper bound or null for the last, "count": n}. */
static json_object *hist_json(const struct mdgpu_latency_hist *h)
{
	json_object *a = json_object_new_array();
	json_object *b;
	__u32 i;

	for (i = 0; i < h->nr_buckets; i++) {
		b = json_object_new_object();
		if (h->limit_ns[i] == UINT64_MAX)
			json_object_object_add(b, "le_ns", NULL);
		else
			add_u64(b, "le_ns", h->limit_ns[i]);
		add_u64(b, "count", h->count[i]);
		json_object_array_add(a, b);
	}
	return a;
}

static void json_vgpu(struct mdgpu_vgpu *v, const struct mdgpu_vgpu_stats *st,
		      const struct mdgpu_latency_hist *h)
{
	json_object *o _cleanup_(json_putp) = vgpu_json(v);

	json_object_object_add(o, "stats", stats_json(st));
	json_object_object_add(o, "latency_hist", hist_json(h));
	emit(o, false);
}

static void json_created(struct mdgpu_vgpu *v)
{
	json_object *o _cleanup_(json_putp) = vgpu_json(v);

	emit(o, false);
}

static double per_s(__u64 cur, __u64 prev, __u64 dt)
{
	return cur >= prev && dt ? (cur - prev) * 1e9 / dt : 0;
}

static json_object *rates_json(const struct stats_row *r)
{
	const struct mdgpu_vgpu_stats *c = &r->cur, *p = &r->prev;
	__u64 dt = c->timestamp_ns - p->timestamp_ns;
	json_object *o = json_object_new_object();

	json_object_object_add(
		o, "busy_pct",
		json_object_new_double(per_s(c->busy_ns, p->busy_ns, dt) /
				       1e7));
	json_object_object_add(
		o, "steal_pct",
		json_object_new_double(per_s(c->wait_ns, p->wait_ns, dt) /
				       1e7));
	json_object_object_add(
		o, "completed_per_s",
		json_object_new_double(per_s(c->completed, p->completed, dt)));
	json_object_object_add(o, "dispatches_per_s",
			       json_object_new_double(per_s(
				       c->dispatches, p->dispatches, dt)));
	json_object_object_add(o, "preemptions_per_s",
			       json_object_new_double(per_s(
				       c->preemptions, p->preemptions, dt)));
	json_object_object_add(
		o, "throttled_per_s",
		json_object_new_double(per_s(c->throttled, p->throttled, dt)));
	add_u64(o, "interval_ns", dt);
	return o;
}

static void json_stats(const struct stats_row *rows, size_t n, bool rates,
		       __u64 interval_ns, unsigned int seq)
{
	json_object *o _cleanup_(json_putp) = json_object_new_object();
	json_object *a = json_object_new_array();
	json_object *v;
	size_t i;

	if (rates) {
		add_u64(o, "sample", seq);
		add_u64(o, "timestamp_ns", n ? rows[0].cur.timestamp_ns : 0);
		add_u64(o, "interval_ns", interval_ns);
	}
	for (i = 0; i < n; i++) {
		v = json_object_new_object();
		add_str(v, "uuid", mdgpu_vgpu__uuid(rows[i].vgpu));
		add_str(v, "gpu",
			mdgpu_gpu__name(mdgpu_vgpu__gpu(rows[i].vgpu)));
		add_str(v, "profile", mdgpu_vgpu__profile_name(rows[i].vgpu));
		json_object_object_add(v, "stats", stats_json(&rows[i].cur));
		if (rates)
			json_object_object_add(
				v, "rates",
				rows[i].has_prev ? rates_json(&rows[i]) : NULL);
		else
			json_object_object_add(v, "latency_hist",
					       hist_json(&rows[i].hist));
		json_object_array_add(a, v);
	}
	json_object_object_add(o, "vgpus", a);
	emit(o, rates);
}

static void json_attach(const struct attach_info *a, bool detach,
			unsigned int what)
{
	json_object *o _cleanup_(json_putp) = json_object_new_object();
	json_object *qemu = json_object_new_object();
	json_object *args = json_object_new_array();
	json_object *libvirt = json_object_new_object();
	char cmd[600];

	add_str(o, "uuid", a->uuid);
	add_str(o, "sysfsdev", a->sysfsdev);
	add_str(qemu, "id", a->id);
	if (!detach) {
		json_object_array_add(args, json_object_new_string("-device"));
		json_object_array_add(args, json_object_new_string(a->device));
		json_object_object_add(qemu, "args", args);
		snprintf(cmd, sizeof(cmd), "device_add %s", a->device);
	} else {
		json_object_put(args);
		snprintf(cmd, sizeof(cmd), "device_del %s", a->id);
	}
	add_str(qemu, "monitor", cmd);
	add_str(libvirt, "hostdev", a->hostdev);
	if (what & ATTACH_QEMU)
		json_object_object_add(o, "qemu", qemu);
	else
		json_object_put(qemu);
	if (what & ATTACH_LIBVIRT)
		json_object_object_add(o, "libvirt", libvirt);
	else
		json_object_put(libvirt);
	emit(o, false);
}

const struct print_ops json_ops = {
	.gpus = json_gpus,
	.types = json_types,
	.vgpus = json_vgpus,
	.vgpu = json_vgpu,
	.created = json_created,
	.stats = json_stats,
	.attach = json_attach,
};
