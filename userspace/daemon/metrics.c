// SPDX-License-Identifier: GPL-2.0-only
/*
 * Metrics in the Prometheus text exposition format (version 0.0.4): the
 * daemon's own, per GPU and per vGPU (docs/daemon.md, "Metrics"). A pure
 * formatter from a snapshot that the caller reads; http.c serves it.
 * Nanosecond counters are printed as exact decimal seconds, and the
 * kernel's latency histogram becomes a Prometheus histogram with cumulative
 * buckets.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mdgpud.h"

/**
 * sb_printf() - append to a growing string
 * @sb: the string
 * @fmt: printf format
 *
 * On allocation failure @sb->failed is set and later appends do nothing.
 */
void sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	size_t need;
	char *n;
	int len;

	if (sb->failed)
		return;
	va_start(ap, fmt);
	len = vsnprintf(sb->buf ? sb->buf + sb->len : NULL,
			sb->buf ? sb->size - sb->len : 0, fmt, ap);
	va_end(ap);
	if (len < 0) {
		sb->failed = true;
		return;
	}
	if (sb->buf && sb->len + len < sb->size) {
		sb->len += len;
		return;
	}
	need = sb->len + len + 1;
	need = need < 4096 ? 4096 : need * 2;
	n = realloc(sb->buf, need);
	if (!n) {
		sb->failed = true;
		return;
	}
	sb->buf = n;
	sb->size = need;
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, sb->size - sb->len, fmt, ap);
	va_end(ap);
	sb->len += len;
}

/**
 * sb_free() - free a growing string
 * @sb: the string (emptied)
 */
void sb_free(struct sbuf *sb)
{
	free(sb->buf);
	memset(sb, 0, sizeof(*sb));
}

/* Nanoseconds as exact decimal seconds: "0.000250", "1.5", "3". */
static const char *ns_secs(char *buf, size_t size, __u64 ns)
{
	size_t n;

	snprintf(buf, size, "%llu.%09llu",
		 (unsigned long long)(ns / 1000000000),
		 (unsigned long long)(ns % 1000000000));
	n = strlen(buf);
	while (buf[n - 1] == '0')
		buf[--n] = '\0';
	if (buf[n - 1] == '.')
		buf[--n] = '\0';
	return buf;
}

/* A label value, escaped as the format requires. */
static void label(struct sbuf *sb, const char *name, const char *v, bool first)
{
	sb_printf(sb, "%s%s=\"", first ? "" : ",", name);
	for (; v && *v; v++) {
		if (*v == '\\' || *v == '"')
			sb_printf(sb, "\\%c", *v);
		else if (*v == '\n')
			sb_printf(sb, "\\n");
		else
			sb_printf(sb, "%c", *v);
	}
	sb_printf(sb, "\"");
}

static void family(struct sbuf *sb, const char *name, const char *type,
		   const char *help)
{
	sb_printf(sb, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void vgpu_labels(struct sbuf *sb, const struct mvgpu *v)
{
	label(sb, "uuid", v->uuid, true);
	label(sb, "gpu", v->gpu, false);
	label(sb, "profile", v->profile, false);
}

/* Per-vGPU numeric families: how to get each value. */
enum vval_kind { VV_U64, VV_SECS, VV_RATIO_BP, VV_DOUBLE };

struct vfam {
	const char *name;
	const char *type;
	const char *help;
	enum vval_kind kind;
	size_t off; /* offset of the value in struct mvgpu */
	unsigned int flags; /* F_* */
};

#define F_STATUS 1 /* only for vGPUs whose status was read */
#define F_KNOWN 2 /* only when the double is >= 0 */

#define VOFF(field) offsetof(struct mvgpu, field)

static const struct vfam vfams[] = {
	{ "mdgpu_vgpu_memory_bytes", "gauge", "vGPU memory in bytes.", VV_U64,
	  VOFF(memory_bytes), 0 },
	{ "mdgpu_vgpu_busy_seconds_total", "counter",
	  "Time the vGPU ran on the GPU (sysfs stats busy_ns).", VV_SECS,
	  VOFF(stats.busy_ns), 0 },
	{ "mdgpu_vgpu_wait_seconds_total", "counter",
	  "Time the vGPU had work but waited for the GPU: GPU steal time (sysfs stats wait_ns).",
	  VV_SECS, VOFF(stats.wait_ns), 0 },
	{ "mdgpu_vgpu_overrun_seconds_total", "counter",
	  "Time the vGPU ran beyond its granted slices (sysfs stats overrun_ns).",
	  VV_SECS, VOFF(stats.overrun_ns), 0 },
	{ "mdgpu_vgpu_slices_total", "counter", "Time slices granted.", VV_U64,
	  VOFF(stats.slices), 0 },
	{ "mdgpu_vgpu_dispatches_total", "counter",
	  "Switches from waiting to running.", VV_U64, VOFF(stats.dispatches),
	  0 },
	{ "mdgpu_vgpu_preemptions_total", "counter",
	  "Switches away while the vGPU still had work.", VV_U64,
	  VOFF(stats.preemptions), 0 },
	{ "mdgpu_vgpu_throttled_total", "counter",
	  "Times the vGPU ran out of its cap or reservation budget.", VV_U64,
	  VOFF(stats.throttled), 0 },
	{ "mdgpu_vgpu_commands_completed_total", "counter",
	  "Commands completed.", VV_U64, VOFF(stats.completed), 0 },
	{ "mdgpu_vgpu_commands_queued", "gauge", "Commands queued now.", VV_U64,
	  VOFF(stats.queued), 0 },
	{ "mdgpu_vgpu_utilization_ratio", "gauge",
	  "Share of the last sample interval the vGPU ran, 0-1.", VV_DOUBLE,
	  VOFF(utilization), F_KNOWN },
	{ "mdgpu_vgpu_errors_total", "counter",
	  "Times the vGPU's command queue stopped on an error.", VV_U64,
	  VOFF(status.errors), F_STATUS },
	{ "mdgpu_vgpu_resets_total", "counter",
	  "Resets the vGPU's user asked for.", VV_U64, VOFF(status.resets),
	  F_STATUS },
	{ "mdgpu_vgpu_qos_weight", "gauge",
	  "Configured weight (weighted policy).", VV_U64, VOFF(qos[Q_WEIGHT]),
	  0 },
	{ "mdgpu_vgpu_qos_min_share_ratio", "gauge",
	  "Guaranteed share, 0-1 (weighted policy).", VV_RATIO_BP,
	  VOFF(qos[Q_MIN_SHARE]), 0 },
	{ "mdgpu_vgpu_qos_max_share_ratio", "gauge",
	  "Cap, 0-1; 1 = none (weighted policy).", VV_RATIO_BP,
	  VOFF(qos[Q_MAX_SHARE]), 0 },
	{ "mdgpu_vgpu_qos_reserve_ratio", "gauge",
	  "Reservation, 0-1; 0 = an equal part (fixed_share policy).",
	  VV_RATIO_BP, VOFF(qos[Q_RESERVE]), 0 },
	{ "mdgpu_vgpu_qos_priority", "gauge",
	  "Priority class, 0-3; a higher class runs first.", VV_U64,
	  VOFF(qos[Q_PRIORITY]), 0 },
	{ "mdgpu_vgpu_idle_seconds", "gauge",
	  "Seconds since the vGPU last had work (since mdgpud first saw it, if never).",
	  VV_DOUBLE, VOFF(idle_s), F_KNOWN },
};

static void vfam_value(struct sbuf *sb, const struct vfam *f,
		       const struct mvgpu *v)
{
	const char *p = (const char *)v + f->off;
	char num[40];
	__u64 u;
	__u32 u32;
	double d;

	switch (f->kind) {
	case VV_U64:
		/* The __u32 fields are QoS values; the rest are __u64. */
		if (f->off >= VOFF(qos) &&
		    f->off < VOFF(qos) + sizeof(v->qos)) {
			memcpy(&u32, p, sizeof(u32));
			u = u32;
		} else {
			memcpy(&u, p, sizeof(u));
		}
		sb_printf(sb, "%llu", (unsigned long long)u);
		break;
	case VV_SECS:
		memcpy(&u, p, sizeof(u));
		sb_printf(sb, "%s", ns_secs(num, sizeof(num), u));
		break;
	case VV_RATIO_BP:
		memcpy(&u32, p, sizeof(u32));
		sb_printf(sb, "%u.%04u", u32 / 10000, u32 % 10000);
		break;
	case VV_DOUBLE:
		memcpy(&d, p, sizeof(d));
		sb_printf(sb, "%.6f", d);
		break;
	}
}

static void vgpu_hist(struct sbuf *sb, const struct mvgpu *vgpus, size_t nr)
{
	const char *name = "mdgpu_vgpu_scheduling_latency_seconds";
	char le[40];
	__u64 cum;
	size_t i;
	__u32 b;

	family(sb, name, "histogram",
	       "Time from having work to running, per dispatch (sysfs latency_hist). No _sum: the kernel keeps none; mdgpu_vgpu_wait_seconds_total is the total wait.");
	for (i = 0; i < nr; i++) {
		const struct mdgpu_latency_hist *h = &vgpus[i].hist;

		cum = 0;
		for (b = 0; b < h->nr_buckets; b++) {
			cum += h->count[b];
			sb_printf(sb, "%s_bucket{", name);
			vgpu_labels(sb, &vgpus[i]);
			if (h->limit_ns[b] == UINT64_MAX)
				sb_printf(sb, ",le=\"+Inf\"} %llu\n",
					  (unsigned long long)cum);
			else
				sb_printf(sb, ",le=\"%s\"} %llu\n",
					  ns_secs(le, sizeof(le),
						  h->limit_ns[b]),
					  (unsigned long long)cum);
		}
		/* A histogram must end with +Inf, equal to its count. */
		if (!h->nr_buckets ||
		    h->limit_ns[h->nr_buckets - 1] != UINT64_MAX) {
			sb_printf(sb, "%s_bucket{", name);
			vgpu_labels(sb, &vgpus[i]);
			sb_printf(sb, ",le=\"+Inf\"} %llu\n",
				  (unsigned long long)cum);
		}
		sb_printf(sb, "%s_count{", name);
		vgpu_labels(sb, &vgpus[i]);
		sb_printf(sb, "} %llu\n", (unsigned long long)cum);
	}
}

static void own_metrics(struct sbuf *sb, const struct mdaemon *d)
{
	family(sb, "mdgpud_config_valid", "gauge",
	       "1 if the last load of the config file was valid (a rejected file leaves the one before in force).");
	sb_printf(sb, "mdgpud_config_valid %d\n", d->config_ok);
	family(sb, "mdgpud_config_loads_total", "counter",
	       "Loads of the config file (start, SIGHUP, file change, reload command).");
	sb_printf(sb, "mdgpud_config_loads_total %llu\n",
		  (unsigned long long)d->config_loads);
	family(sb, "mdgpud_config_rejected_total", "counter",
	       "Loads rejected because the file was invalid or unreadable.");
	sb_printf(sb, "mdgpud_config_rejected_total %llu\n",
		  (unsigned long long)d->config_errors);
	family(sb, "mdgpud_reconciles_total", "counter", "Reconciles run.");
	sb_printf(sb, "mdgpud_reconciles_total %llu\n",
		  (unsigned long long)d->reconciles);
	family(sb, "mdgpud_actions_total", "counter",
	       "Changes made: creates, destroys, adoptions, QoS, placement and scheduler writes.");
	sb_printf(sb, "mdgpud_actions_total %llu\n",
		  (unsigned long long)d->actions);
	family(sb, "mdgpud_action_errors_total", "counter",
	       "Changes that failed (retried at the next reconcile).");
	sb_printf(sb, "mdgpud_action_errors_total %llu\n",
		  (unsigned long long)d->action_errors);
	family(sb, "mdgpud_last_reconcile_success", "gauge",
	       "1 if the last reconcile made every change it planned.");
	sb_printf(sb, "mdgpud_last_reconcile_success %d\n",
		  d->last_reconcile_ok);
	family(sb, "mdgpud_deferred_actions", "gauge",
	       "Changes waiting after the last reconcile: vGPUs in use, UUID conflicts, absent GPUs.");
	sb_printf(sb, "mdgpud_deferred_actions %u\n", d->deferred);
	family(sb, "mdgpud_owned_vgpus", "gauge",
	       "vGPUs in the ownership record.");
	sb_printf(sb, "mdgpud_owned_vgpus %u\n", d->owned);
	family(sb, "mdgpud_idle_after_seconds", "gauge",
	       "A vGPU with no work this long is reported idle; 0 = never.");
	sb_printf(sb, "mdgpud_idle_after_seconds %u\n", d->idle_after_s);
}

static void gpu_metrics(struct sbuf *sb, const struct mgpu *g, size_t nr,
			const struct mvgpu *vgpus, size_t nr_vgpus)
{
	static const struct {
		const char *name, *help;
		size_t off;
		bool is64;
	} fams[] = {
		{ "mdgpu_gpu_compute_units", "Compute units of the GPU.",
		  offsetof(struct mgpu, compute_units), false },
		{ "mdgpu_gpu_shared_compute_units",
		  "Compute units no spatial vGPU holds: the time-sliced pool.",
		  offsetof(struct mgpu, shared_compute_units), false },
		{ "mdgpu_gpu_memory_bytes", "GPU memory in bytes.",
		  offsetof(struct mgpu, memory_bytes), true },
		{ "mdgpu_gpu_memory_free_bytes", "GPU memory no vGPU holds.",
		  offsetof(struct mgpu, memory_free_bytes), true },
		{ "mdgpu_gpu_vgpus", "vGPUs on the GPU.",
		  offsetof(struct mgpu, nr_vgpus), false },
	};
	unsigned long long u;
	unsigned int idle;
	size_t f, i, j;
	__u32 u32;

	for (f = 0; f < ARRAY_SIZE(fams); f++) {
		family(sb, fams[f].name, "gauge", fams[f].help);
		for (i = 0; i < nr; i++) {
			const char *p = (const char *)&g[i] + fams[f].off;

			if (fams[f].is64) {
				__u64 v64;

				memcpy(&v64, p, sizeof(v64));
				u = v64;
			} else {
				memcpy(&u32, p, sizeof(u32));
				u = u32;
			}
			sb_printf(sb, "%s{", fams[f].name);
			label(sb, "gpu", g[i].name, true);
			sb_printf(sb, "} %llu\n", u);
		}
	}
	family(sb, "mdgpu_gpu_utilization_ratio", "gauge",
	       "Busy share of the GPU's compute units over the last sample interval, 0-1: each vGPU's busy time weighted by the units it runs on.");
	for (i = 0; i < nr; i++) {
		if (g[i].utilization < 0)
			continue;
		sb_printf(sb, "mdgpu_gpu_utilization_ratio{");
		label(sb, "gpu", g[i].name, true);
		sb_printf(sb, "} %.6f\n", g[i].utilization);
	}
	family(sb, "mdgpu_gpu_idle_vgpus", "gauge",
	       "vGPUs of the GPU with no work for idle_after_s: capacity that may be wasted.");
	for (i = 0; i < nr; i++) {
		idle = 0;
		for (j = 0; j < nr_vgpus; j++)
			idle += vgpus[j].idle &&
				!strcmp(vgpus[j].gpu, g[i].name);
		sb_printf(sb, "mdgpu_gpu_idle_vgpus{");
		label(sb, "gpu", g[i].name, true);
		sb_printf(sb, "} %u\n", idle);
	}
}

/**
 * metrics_format() - the whole exposition
 * @sb: where the text goes (appended)
 * @d: the daemon's own metrics
 * @gpus: GPUs
 * @nr_gpus: entries in @gpus
 * @vgpus: vGPUs
 * @nr_vgpus: entries in @vgpus
 *
 * Every family has its HELP and TYPE once, followed by all its series, as
 * the format requires; families with no series keep their HELP and TYPE.
 */
void metrics_format(struct sbuf *sb, const struct mdaemon *d,
		    const struct mgpu *gpus, size_t nr_gpus,
		    const struct mvgpu *vgpus, size_t nr_vgpus)
{
	size_t f, i;

	own_metrics(sb, d);
	gpu_metrics(sb, gpus, nr_gpus, vgpus, nr_vgpus);

	family(sb, "mdgpu_vgpu_info", "gauge",
	       "One series per vGPU: its mode and whether mdgpud manages it.");
	for (i = 0; i < nr_vgpus; i++) {
		sb_printf(sb, "mdgpu_vgpu_info{");
		vgpu_labels(sb, &vgpus[i]);
		label(sb, "mode", vgpus[i].cus ? "spatial" : "timesliced",
		      false);
		label(sb, "owned", vgpus[i].owned ? "true" : "false", false);
		sb_printf(sb, "} 1\n");
	}
	family(sb, "mdgpu_vgpu_compute_units", "gauge",
	       "Compute units the vGPU holds exclusively; 0 for time-sliced.");
	for (i = 0; i < nr_vgpus; i++) {
		sb_printf(sb, "mdgpu_vgpu_compute_units{");
		vgpu_labels(sb, &vgpus[i]);
		sb_printf(sb, "} %u\n", vgpus[i].cus);
	}
	for (f = 0; f < ARRAY_SIZE(vfams); f++) {
		family(sb, vfams[f].name, vfams[f].type, vfams[f].help);
		for (i = 0; i < nr_vgpus; i++) {
			const struct mvgpu *v = &vgpus[i];

			if ((vfams[f].flags & F_STATUS) && !v->has_status)
				continue;
			if ((vfams[f].flags & F_KNOWN) &&
			    *(const double *)((const char *)v + vfams[f].off) <
				    0)
				continue;
			sb_printf(sb, "%s{", vfams[f].name);
			vgpu_labels(sb, v);
			sb_printf(sb, "} ");
			vfam_value(sb, &vfams[f], v);
			sb_printf(sb, "\n");
		}
	}
	family(sb, "mdgpu_vgpu_qos_timeslice_seconds", "gauge",
	       "The vGPU's own time slice; 0 = the GPU's.");
	for (i = 0; i < nr_vgpus; i++) {
		char num[40];

		sb_printf(sb, "mdgpu_vgpu_qos_timeslice_seconds{");
		vgpu_labels(sb, &vgpus[i]);
		sb_printf(sb, "} %s\n",
			  ns_secs(num, sizeof(num),
				  (__u64)vgpus[i].qos[Q_TIMESLICE_US] * 1000));
	}
	family(sb, "mdgpu_vgpu_in_use", "gauge",
	       "1 if a VFIO user (a VM) has the vGPU open.");
	for (i = 0; i < nr_vgpus; i++) {
		if (!vgpus[i].has_status)
			continue;
		sb_printf(sb, "mdgpu_vgpu_in_use{");
		vgpu_labels(sb, &vgpus[i]);
		sb_printf(sb, "} %d\n", vgpus[i].status.in_use);
	}
	family(sb, "mdgpu_vgpu_idle", "gauge",
	       "1 if the vGPU has had no work for idle_after_s (a zombie vGPU holding capacity).");
	for (i = 0; i < nr_vgpus; i++) {
		sb_printf(sb, "mdgpu_vgpu_idle{");
		vgpu_labels(sb, &vgpus[i]);
		sb_printf(sb, "} %d\n", vgpus[i].idle);
	}
	vgpu_hist(sb, vgpus, nr_vgpus);
}
