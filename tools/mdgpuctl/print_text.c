// SPDX-License-Identifier: GPL-2.0-only
/*
 * mdgpuctl's text output: aligned tables for listings, "key: value" for a
 * single vGPU, a refreshing table for stats --watch. Sizes and times are
 * for people; QoS values are printed as "set" takes them.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mdgpuctl.h"

/* "4-7", or "4" for a range of one. */
static void add_range(struct table *t, __u32 start, __u32 n)
{
	if (n == 1)
		table_add(t, "%u", start);
	else
		table_add(t, "%u-%u", start, start + n - 1);
}

static void text_gpus(struct mdgpu_ctx *ctx)
{
	struct table *t _cleanup_(table_freep) = table_new(12);
	struct mdgpu_gpu *g;
	char a[32], b[32];

	table_add(t, "GPU");
	table_add(t, "BACKEND");
	table_add(t, "CUS");
	table_add(t, "SHARED");
	table_add(t, "MEMORY");
	table_add(t, "FREE");
	table_add(t, "SLICES");
	table_add(t, "VGPUS");
	table_add(t, "POLICY");
	table_add(t, "SLICE");
	table_add(t, "PERIOD");
	table_add(t, "WATCHDOG");
	mdgpu_ctx__for_each_gpu(g, ctx) {
		table_add(t, "%s", mdgpu_gpu__name(g));
		table_add(t, "%s", mdgpu_gpu__backend(g));
		table_add(t, "%u", mdgpu_gpu__compute_units(g));
		table_add(t, "%u", mdgpu_gpu__shared_compute_units(g));
		table_add(t, "%s",
			  fmt_bytes(a, sizeof(a), mdgpu_gpu__memory_bytes(g)));
		table_add(t, "%s",
			  fmt_bytes(b, sizeof(b),
				    mdgpu_gpu__memory_free_bytes(g)));
		table_add(t, "%u/%u", mdgpu_gpu__memory_free_slices(g),
			  mdgpu_gpu__memory_slices(g));
		table_add(t, "%zu", mdgpu_gpu__vgpu_cnt(g));
		table_add(t, "%s",
			  mdgpu_sched_policy_str(mdgpu_gpu__sched_policy(g)));
		table_add(t, "%u us", mdgpu_gpu__timeslice_us(g));
		table_add(t, "%u ms", mdgpu_gpu__sched_period_ms(g));
		if (mdgpu_gpu__watchdog_ms(g))
			table_add(t, "%u ms", mdgpu_gpu__watchdog_ms(g));
		else
			table_add(t, "off");
	}
	table_print(t, stdout);
}

static void types_rows(struct table *t, struct mdgpu_gpu *g)
{
	struct mdgpu_profile *p;
	char a[32];

	mdgpu_gpu__for_each_profile(p, g) {
		table_add(t, "%s", mdgpu_gpu__name(g));
		table_add(t, "%s", mdgpu_profile__name(p));
		table_add(t, "%s", mdgpu_profile__mdev_type(p));
		table_add(t, "%s", mdgpu_vgpu_mode_str(mdgpu_profile__mode(p)));
		if (mdgpu_profile__compute_units(p))
			table_add(t, "%u", mdgpu_profile__compute_units(p));
		else
			table_add(t, "shared");
		table_add(t, "%s",
			  fmt_bytes(a, sizeof(a),
				    mdgpu_profile__memory_bytes(p)));
		table_add(t, "%u", mdgpu_profile__available(p));
		table_add(t, "%u", mdgpu_profile__max_instances(p));
		table_add(t, "%u", mdgpu_profile__placement_size(p));
	}
}

static void text_types(struct mdgpu_ctx *ctx, struct mdgpu_gpu *only)
{
	struct table *t _cleanup_(table_freep) = table_new(9);
	struct mdgpu_gpu *g;

	table_add(t, "GPU");
	table_add(t, "PROFILE");
	table_add(t, "MDEV_TYPE");
	table_add(t, "MODE");
	table_add(t, "CUS");
	table_add(t, "MEMORY");
	table_add(t, "AVAILABLE");
	table_add(t, "MAX");
	table_add(t, "SLICES");
	if (only) {
		types_rows(t, only);
	} else {
		mdgpu_ctx__for_each_gpu(g, ctx)
			types_rows(t, g);
	}
	table_print(t, stdout);
	mdgpu_ctx__for_each_gpu(g, ctx) {
		if ((!only || g == only) && !mdgpu_gpu__mdev_ready(g))
			err("note: %s is not an mdev parent, so no vGPU can be created on it: load mdgpu_mdev (modprobe mdgpu_mdev)\n",
			    mdgpu_gpu__name(g));
	}
}

static void text_vgpus(struct mdgpu_ctx *ctx)
{
	struct table *t _cleanup_(table_freep) = table_new(12);
	const struct mdgpu_placement *pl;
	struct mdgpu_vgpu *v;
	char a[32];

	table_add(t, "UUID");
	table_add(t, "GPU");
	table_add(t, "PROFILE");
	table_add(t, "MEMORY");
	table_add(t, "SLICES");
	table_add(t, "CUS");
	table_add(t, "WEIGHT");
	table_add(t, "MIN_SHARE");
	table_add(t, "MAX_SHARE");
	table_add(t, "RESERVE");
	table_add(t, "PRIO");
	table_add(t, "SLICE_US");
	mdgpu_ctx__for_each_vgpu(v, ctx) {
		pl = mdgpu_vgpu__placement(v);
		table_add(t, "%s", mdgpu_vgpu__uuid(v));
		table_add(t, "%s", mdgpu_gpu__name(mdgpu_vgpu__gpu(v)));
		table_add(t, "%s", mdgpu_vgpu__profile_name(v));
		table_add(t, "%s",
			  fmt_bytes(a, sizeof(a), mdgpu_vgpu__memory_bytes(v)));
		add_range(t, pl->slice_start, pl->slices);
		if (pl->cus)
			add_range(t, pl->cu_start, pl->cus);
		else
			table_add(t, "shared");
		table_add(t, "%u", mdgpu_vgpu__weight(v));
		table_add(t, "%u", mdgpu_vgpu__min_share(v));
		table_add(t, "%u", mdgpu_vgpu__max_share(v));
		table_add(t, "%u", mdgpu_vgpu__reserve(v));
		table_add(t, "%u", mdgpu_vgpu__priority(v));
		table_add(t, "%u", mdgpu_vgpu__timeslice_us(v));
	}
	table_print(t, stdout);
}

static void print_hist(const struct mdgpu_latency_hist *h)
{
	__u64 total = 0, lo = 0;
	char a[32], b[32], c[32];
	__u32 i;

	for (i = 0; i < h->nr_buckets; i++)
		total += h->count[i];
	printf("latency (wait before each dispatch):\n");
	if (!total) {
		printf("  no dispatches yet\n");
		return;
	}
	printf("  p50 <= %s, p90 <= %s, p99 <= %s\n",
	       fmt_ns(a, sizeof(a), hist_percentile(h, 50)),
	       fmt_ns(b, sizeof(b), hist_percentile(h, 90)),
	       fmt_ns(c, sizeof(c), hist_percentile(h, 99)));
	for (i = 0; i < h->nr_buckets; lo = h->limit_ns[i], i++) {
		if (!h->count[i])
			continue;
		if (h->limit_ns[i] == UINT64_MAX)
			printf("  > %-12s %llu\n", fmt_ns(a, sizeof(a), lo),
			       (unsigned long long)h->count[i]);
		else
			printf("  <= %-11s %llu\n",
			       fmt_ns(a, sizeof(a), h->limit_ns[i]),
			       (unsigned long long)h->count[i]);
	}
}

static void text_vgpu(struct mdgpu_vgpu *v, const struct mdgpu_vgpu_stats *st,
		      const struct mdgpu_latency_hist *h)
{
	const struct mdgpu_placement *pl = mdgpu_vgpu__placement(v);
	struct mdgpu_gpu *g = mdgpu_vgpu__gpu(v);
	struct mdgpu_profile *p = mdgpu_vgpu__profile(v);
	char a[32];

	printf("uuid:           %s\n", mdgpu_vgpu__uuid(v));
	printf("gpu:            %s\n", mdgpu_gpu__name(g));
	printf("profile:        %s (%s, %s)\n", mdgpu_vgpu__profile_name(v),
	       p ? mdgpu_profile__mdev_type(p) : "?",
	       p ? mdgpu_vgpu_mode_str(mdgpu_profile__mode(p)) : "?");
	printf("memory:         %s (%llu bytes at offset %llu)\n",
	       fmt_bytes(a, sizeof(a), mdgpu_vgpu__memory_bytes(v)),
	       (unsigned long long)mdgpu_vgpu__memory_bytes(v),
	       (unsigned long long)pl->mem_offset);
	printf("memory slices:  %u-%u\n", pl->slice_start,
	       pl->slice_start + pl->slices - 1);
	if (pl->cus)
		printf("compute units:  %u-%u (exclusive)\n", pl->cu_start,
		       pl->cu_start + pl->cus - 1);
	else
		printf("compute units:  shared (%u on %s)\n",
		       mdgpu_gpu__shared_compute_units(g), mdgpu_gpu__name(g));
	printf("sysfs:          %s\n", mdgpu_vgpu__sysfs_path(v));
	printf("qos:\n");
	printf("  weight:       %u\n", mdgpu_vgpu__weight(v));
	printf("  min_share:    %u (%.2f%%)\n", mdgpu_vgpu__min_share(v),
	       mdgpu_vgpu__min_share(v) / 100.0);
	if (mdgpu_vgpu__max_share(v) == 10000)
		printf("  max_share:    10000 (no cap)\n");
	else
		printf("  max_share:    %u (%.2f%%)\n",
		       mdgpu_vgpu__max_share(v),
		       mdgpu_vgpu__max_share(v) / 100.0);
	if (mdgpu_vgpu__reserve(v))
		printf("  reserve:      %u (%.2f%%)\n", mdgpu_vgpu__reserve(v),
		       mdgpu_vgpu__reserve(v) / 100.0);
	else
		printf("  reserve:      0 (an equal part)\n");
	printf("  priority:     %u\n", mdgpu_vgpu__priority(v));
	if (mdgpu_vgpu__timeslice_us(v))
		printf("  timeslice_us: %u\n", mdgpu_vgpu__timeslice_us(v));
	else
		printf("  timeslice_us: 0 (the GPU's, %u)\n",
		       mdgpu_gpu__timeslice_us(g));
	printf("stats:\n");
	printf("  busy:         %s\n", fmt_ns(a, sizeof(a), st->busy_ns));
	printf("  wait (steal): %s\n", fmt_ns(a, sizeof(a), st->wait_ns));
	printf("  overrun:      %s\n", fmt_ns(a, sizeof(a), st->overrun_ns));
	printf("  slices:       %llu\n", (unsigned long long)st->slices);
	printf("  dispatches:   %llu\n", (unsigned long long)st->dispatches);
	printf("  preemptions:  %llu\n", (unsigned long long)st->preemptions);
	printf("  throttled:    %llu\n", (unsigned long long)st->throttled);
	printf("  completed:    %llu\n", (unsigned long long)st->completed);
	printf("  queued:       %llu\n", (unsigned long long)st->queued);
	print_hist(h);
}

static void text_created(struct mdgpu_vgpu *v)
{
	printf("%s\n", mdgpu_vgpu__uuid(v));
}

static double rate(__u64 cur, __u64 prev, __u64 interval_ns)
{
	return cur >= prev && interval_ns ? (cur - prev) * 1e9 / interval_ns :
					    0;
}

static double pct(__u64 cur, __u64 prev, __u64 interval_ns)
{
	return cur >= prev && interval_ns ? (cur - prev) * 100.0 / interval_ns :
					    0;
}

static void stats_rates(const struct stats_row *rows, size_t n,
			__u64 interval_ns, unsigned int seq)
{
	struct table *t _cleanup_(table_freep) = table_new(10);
	char now[32];
	time_t tt = time(NULL);
	size_t i, k;

	strftime(now, sizeof(now), "%H:%M:%S", localtime(&tt));
	if (isatty(STDOUT_FILENO))
		printf("\033[H\033[2J");
	printf("%s  sample %u, every %.1f s%s\n", now, seq, interval_ns / 1e9,
	       isatty(STDOUT_FILENO) ? " (Ctrl-C to stop)" : "");
	table_add(t, "UUID");
	table_add(t, "GPU");
	table_add(t, "PROFILE");
	table_add(t, "BUSY%%");
	table_add(t, "STEAL%%");
	table_add(t, "CMDS/S");
	table_add(t, "DISP/S");
	table_add(t, "PREEMPT/S");
	table_add(t, "THROTTLE/S");
	table_add(t, "QUEUED");
	for (i = 0; i < n; i++) {
		const struct mdgpu_vgpu_stats *c = &rows[i].cur,
					      *p = &rows[i].prev;
		__u64 dt = rows[i].has_prev ?
				   c->timestamp_ns - p->timestamp_ns :
				   0;

		table_add(t, "%s", mdgpu_vgpu__uuid(rows[i].vgpu));
		table_add(t, "%s",
			  mdgpu_gpu__name(mdgpu_vgpu__gpu(rows[i].vgpu)));
		table_add(t, "%s", mdgpu_vgpu__profile_name(rows[i].vgpu));
		if (!rows[i].has_prev) {
			for (k = 0; k < 6; k++)
				table_add(t, "-");
		} else {
			table_add(t, "%.1f", pct(c->busy_ns, p->busy_ns, dt));
			table_add(t, "%.1f", pct(c->wait_ns, p->wait_ns, dt));
			table_add(t, "%.1f",
				  rate(c->completed, p->completed, dt));
			table_add(t, "%.1f",
				  rate(c->dispatches, p->dispatches, dt));
			table_add(t, "%.1f",
				  rate(c->preemptions, p->preemptions, dt));
			table_add(t, "%.1f",
				  rate(c->throttled, p->throttled, dt));
		}
		table_add(t, "%llu", (unsigned long long)c->queued);
	}
	table_print(t, stdout);
	if (!isatty(STDOUT_FILENO))
		printf("\n");
}

static void stats_totals(const struct stats_row *rows, size_t n)
{
	struct table *t _cleanup_(table_freep) = table_new(12);
	char a[32];
	size_t i;

	table_add(t, "UUID");
	table_add(t, "GPU");
	table_add(t, "BUSY");
	table_add(t, "WAIT");
	table_add(t, "OVERRUN");
	table_add(t, "DISPATCHES");
	table_add(t, "PREEMPTIONS");
	table_add(t, "THROTTLED");
	table_add(t, "COMPLETED");
	table_add(t, "QUEUED");
	table_add(t, "P50_LAT");
	table_add(t, "P99_LAT");
	for (i = 0; i < n; i++) {
		const struct mdgpu_vgpu_stats *c = &rows[i].cur;

		table_add(t, "%s", mdgpu_vgpu__uuid(rows[i].vgpu));
		table_add(t, "%s",
			  mdgpu_gpu__name(mdgpu_vgpu__gpu(rows[i].vgpu)));
		table_add(t, "%s", fmt_ns(a, sizeof(a), c->busy_ns));
		table_add(t, "%s", fmt_ns(a, sizeof(a), c->wait_ns));
		table_add(t, "%s", fmt_ns(a, sizeof(a), c->overrun_ns));
		table_add(t, "%llu", (unsigned long long)c->dispatches);
		table_add(t, "%llu", (unsigned long long)c->preemptions);
		table_add(t, "%llu", (unsigned long long)c->throttled);
		table_add(t, "%llu", (unsigned long long)c->completed);
		table_add(t, "%llu", (unsigned long long)c->queued);
		if (hist_percentile(&rows[i].hist, 100)) {
			table_add(t, "%s",
				  fmt_ns(a, sizeof(a),
					 hist_percentile(&rows[i].hist, 50)));
			table_add(t, "%s",
				  fmt_ns(a, sizeof(a),
					 hist_percentile(&rows[i].hist, 99)));
		} else {
			table_add(t, "-");
			table_add(t, "-");
		}
	}
	table_print(t, stdout);
}

static void text_stats(const struct stats_row *rows, size_t n, bool rates,
		       __u64 interval_ns, unsigned int seq)
{
	if (rates)
		stats_rates(rows, n, interval_ns, seq);
	else
		stats_totals(rows, n);
}

static void text_attach(const struct attach_info *a, bool detach,
			unsigned int what)
{
	bool both = (what & ATTACH_QEMU) && (what & ATTACH_LIBVIRT);

	if (!both && (what & ATTACH_QEMU)) {
		if (detach)
			printf("device_del %s\n", a->id);
		else
			printf("-device %s\n", a->device);
		return;
	}
	if (!both) {
		fputs(a->hostdev, stdout);
		return;
	}
	if (detach) {
		printf("# QEMU monitor (HMP):\ndevice_del %s\n\n", a->id);
		printf("# libvirt: virsh detach-device DOMAIN FILE, FILE holding:\n%s",
		       a->hostdev);
		return;
	}
	printf("# QEMU command line:\n-device %s\n\n", a->device);
	printf("# QEMU monitor (HMP), hot-plug:\ndevice_add %s\n\n", a->device);
	printf("# libvirt: virsh attach-device DOMAIN FILE [--config], FILE holding:\n%s",
	       a->hostdev);
}

const struct print_ops text_ops = {
	.gpus = text_gpus,
	.types = text_types,
	.vgpus = text_vgpus,
	.vgpu = text_vgpu,
	.created = text_created,
	.stats = text_stats,
	.attach = text_attach,
};
