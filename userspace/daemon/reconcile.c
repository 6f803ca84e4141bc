// SPDX-License-Identifier: GPL-2.0-only
/*
 * The daemon's side that touches the host: loading the config (all or
 * nothing), reading what sysfs has through libmdgpu, running the planner's
 * steps (recording ownership before a create and forgetting it after a
 * destroy), sampling statistics for utilization and idle detection, and
 * gathering the metrics snapshot.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mdgpud.h"

/**
 * mono_ns() - CLOCK_MONOTONIC in nanoseconds
 *
 * Return: the time.
 */
__u64 mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/**
 * daemon_load_config() - read the config file; use it only if it is valid
 * @d: the daemon
 * @why: what asked ("start", "SIGHUP", "file changed", "reload command")
 *
 * A rejected file leaves the config in force as it was: nothing of it is
 * applied. The reasons are logged, one line per error.
 *
 * Return: 0, or a negative errno (-EINVAL for an invalid config).
 */
int daemon_load_config(struct mdgpud *d, const char *why)
{
	struct dconf c;
	char *line, *save;
	int ret;

	d->m.config_loads++;
	ret = conf_load(d->config_path, &c, d->config_error,
			sizeof(d->config_error));
	if (ret) {
		d->m.config_errors++;
		d->m.config_ok = false;
		log_msg(LOG_ERR, "%s: %s rejected%s; %s", why, d->config_path,
			ret == -EINVAL ? " as a whole" : "",
			d->have_conf ?
				"the config loaded before stays in force" :
				"no config is in force");
		for (line = strtok_r(d->config_error, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			log_msg(LOG_ERR, "  %s", line);
			if (save && *save)
				save[-1] = '\n';
		}
		return ret;
	}
	conf_free(&d->conf);
	d->conf = c;
	d->have_conf = true;
	d->config_error[0] = '\0';
	d->m.config_ok = true;
	d->m.idle_after_s = c.idle_after_s;
	log_msg(LOG_INFO, "%s: loaded %s: %zu vGPU(s), %zu GPU section(s)", why,
		d->config_path, c.nr_vgpus, c.nr_gpus);
	return 0;
}

/* Open the libmdgpu context, or refresh it; NULL while mdgpu is absent. */
static struct mdgpu_ctx *ctx_get(struct mdgpud *d)
{
	MDGPU_OPTS(mdgpu_ctx_opts, o, .sysfs_root = d->sysfs_root);

	if (d->ctx && !mdgpu_ctx__refresh(d->ctx))
		return d->ctx;
	if (d->ctx) {
		mdgpu_ctx__close(d->ctx);
		d->ctx = NULL;
	}
	d->ctx = mdgpu_ctx__open(&o);
	return d->ctx;
}

/**
 * observed_free() - free what daemon_observe() filled in
 * @obs: emptied
 */
void observed_free(struct observed *obs)
{
	free(obs->gpus);
	free(obs->vgpus);
	memset(obs, 0, sizeof(*obs));
}

/**
 * daemon_observe() - what the host has now
 * @d: the daemon
 * @obs: filled in (observed_free() it); empty while mdgpu is not loaded
 *
 * Return: 0, or -ENOMEM.
 */
int daemon_observe(struct mdgpud *d, struct observed *obs)
{
	struct mdgpu_vgpu_status st = { .sz = sizeof(st) };
	const struct mdgpu_placement *pl;
	struct mdgpu_ctx *ctx = ctx_get(d);
	struct mdgpu_gpu *g;
	struct mdgpu_vgpu *v;
	size_t i = 0;

	memset(obs, 0, sizeof(*obs));
	if (!ctx)
		return 0;
	obs->gpus = calloc(mdgpu_ctx__gpu_cnt(ctx) + 1, sizeof(*obs->gpus));
	obs->vgpus = calloc(mdgpu_ctx__vgpu_cnt(ctx) + 1, sizeof(*obs->vgpus));
	if (!obs->gpus || !obs->vgpus) {
		observed_free(obs);
		return -ENOMEM;
	}
	mdgpu_ctx__for_each_gpu(g, ctx) {
		struct ogpu *o = &obs->gpus[obs->nr_gpus++];

		snprintf(o->name, sizeof(o->name), "%s", mdgpu_gpu__name(g));
		o->mdev_ready = mdgpu_gpu__mdev_ready(g);
		o->sched[S_POLICY] = mdgpu_gpu__sched_policy(g);
		o->sched[S_TIMESLICE_US] = mdgpu_gpu__timeslice_us(g);
		o->sched[S_PERIOD_MS] = mdgpu_gpu__sched_period_ms(g);
		o->sched[S_WATCHDOG_MS] = mdgpu_gpu__watchdog_ms(g);
	}
	mdgpu_ctx__for_each_vgpu(v, ctx) {
		struct ovgpu *o = &obs->vgpus[i++];

		snprintf(o->uuid, sizeof(o->uuid), "%s", mdgpu_vgpu__uuid(v));
		snprintf(o->gpu, sizeof(o->gpu), "%s",
			 mdgpu_gpu__name(mdgpu_vgpu__gpu(v)));
		snprintf(o->profile, sizeof(o->profile), "%s",
			 mdgpu_vgpu__profile_name(v));
		pl = mdgpu_vgpu__placement(v);
		o->slice_start = pl->slice_start;
		o->cu_start = pl->cu_start;
		o->cus = pl->cus;
		o->qos[Q_WEIGHT] = mdgpu_vgpu__weight(v);
		o->qos[Q_MIN_SHARE] = mdgpu_vgpu__min_share(v);
		o->qos[Q_MAX_SHARE] = mdgpu_vgpu__max_share(v);
		o->qos[Q_RESERVE] = mdgpu_vgpu__reserve(v);
		o->qos[Q_PRIORITY] = mdgpu_vgpu__priority(v);
		o->qos[Q_TIMESLICE_US] = mdgpu_vgpu__timeslice_us(v);
		/* Modules older than in_use: assume not in use. */
		o->in_use = !mdgpu_vgpu__read_status(v, &st) && st.in_use;
	}
	obs->nr_vgpus = i;
	return 0;
}

static int record(struct mdgpud *d, const char *uuid, bool add)
{
	int ret;

	if (add == owned_has(&d->own, uuid))
		return 0;
	ret = add ? owned_add(&d->own, uuid) : (owned_del(&d->own, uuid), 0);
	if (!ret)
		ret = state_save(d->state_dir, &d->own);
	if (ret) {
		/* Keep memory and disk alike: the write did not happen. */
		if (add)
			owned_del(&d->own, uuid);
		else
			owned_add(&d->own, uuid);
	}
	d->m.owned = d->own.nr;
	return ret;
}

static void qos_opts_of(const struct action *a, struct mdgpu_qos_opts *o)
{
	o->mask = a->mask;
	o->weight = a->vals[Q_WEIGHT];
	o->min_share = a->vals[Q_MIN_SHARE];
	o->max_share = a->vals[Q_MAX_SHARE];
	o->reserve = a->vals[Q_RESERVE];
	o->priority = a->vals[Q_PRIORITY];
	o->timeslice_us = a->vals[Q_TIMESLICE_US];
}

static void mask_str(char *buf, size_t size, __u32 mask, const __u32 *vals,
		     const char *const *names, int nr)
{
	size_t len = 0;
	int k;

	buf[0] = '\0';
	for (k = 0; k < nr && len < size; k++) {
		if (mask & (1U << k))
			len += snprintf(buf + len, size - len, "%s%s=%u",
					len ? " " : "", names[k], vals[k]);
	}
}

static int run_create(struct mdgpud *d, const struct action *a)
{
	MDGPU_OPTS(mdgpu_qos_opts, qos);
	MDGPU_OPTS(mdgpu_create_opts, co, .uuid = a->uuid, .qos = &qos);
	struct mdgpu_gpu *g = mdgpu_ctx__find_gpu(d->ctx, a->gpu);
	struct mdgpu_vgpu *v;
	int ret;

	if (!g)
		return -ENODEV;
	/* Record first: a crash after the create must not leave it unowned. */
	ret = record(d, a->uuid, true);
	if (ret)
		return ret;
	qos_opts_of(a, &qos);
	v = mdgpu_gpu__create_vgpu(g, a->want->profile, &co);
	if (!v)
		return -errno;
	if (a->slice_start != MDGPU_PLACEMENT_KEEP ||
	    a->cu_start != MDGPU_PLACEMENT_KEEP)
		return mdgpu_vgpu__move(v, a->slice_start, a->cu_start);
	return 0;
}

static int run_action(struct mdgpud *d, const struct action *a)
{
	struct mdgpu_vgpu *v = a->uuid[0] && d->ctx ?
				       mdgpu_ctx__find_vgpu(d->ctx, a->uuid) :
				       NULL;
	MDGPU_OPTS(mdgpu_sched_opts, so);
	MDGPU_OPTS(mdgpu_qos_opts, qo);
	struct mdgpu_gpu *g;
	int ret;

	switch (a->kind) {
	case ACT_SET_SCHED:
		g = mdgpu_ctx__find_gpu(d->ctx, a->gpu);
		if (!g)
			return -ENODEV;
		so.mask = a->mask;
		so.policy = a->vals[S_POLICY];
		so.timeslice_us = a->vals[S_TIMESLICE_US];
		so.sched_period_ms = a->vals[S_PERIOD_MS];
		so.watchdog_ms = a->vals[S_WATCHDOG_MS];
		return mdgpu_gpu__set_sched(g, &so);
	case ACT_DESTROY:
		if (!v)
			return -ENOENT;
		ret = mdgpu_vgpu__destroy(v);
		/* Made again right after (a->want): stays recorded. */
		if (!ret && !a->want)
			ret = record(d, a->uuid, false);
		return ret;
	case ACT_FORGET:
		return record(d, a->uuid, false);
	case ACT_ADOPT:
		return record(d, a->uuid, true);
	case ACT_SET_QOS:
		if (!v)
			return -ENOENT;
		qos_opts_of(a, &qo);
		return mdgpu_vgpu__set_qos(v, &qo);
	case ACT_MOVE:
		if (!v)
			return -ENOENT;
		return mdgpu_vgpu__move(v, a->slice_start, a->cu_start);
	case ACT_CREATE:
		return run_create(d, a);
	default:
		return 0;
	}
}

static void log_action(const struct action *a, int ret)
{
	char what[256] = "", who[128];

	if (a->kind == ACT_SET_QOS || a->kind == ACT_CREATE)
		mask_str(what, sizeof(what), a->mask, a->vals, qos_key_names,
			 Q_CNT);
	else if (a->kind == ACT_SET_SCHED)
		mask_str(what, sizeof(what), a->mask, a->vals, sched_key_names,
			 S_CNT);
	else if (a->kind == ACT_MOVE)
		snprintf(what, sizeof(what), "slice_start=%d cu_start=%d",
			 (int)a->slice_start, (int)a->cu_start);
	if (a->want)
		snprintf(who, sizeof(who), "%s (%s on %s)", a->uuid,
			 a->want->profile, a->want->gpu);
	else
		snprintf(who, sizeof(who), "%s", a->uuid[0] ? a->uuid : a->gpu);
	if (ret)
		log_msg(LOG_ERR,
			"%s %s failed: %s (wanted: %s); retried at the next reconcile",
			act_kind_str(a->kind), who, mdgpu_strerror(ret),
			a->why);
	else
		log_msg(LOG_NOTICE, "%s %s%s%s: %s", act_kind_str(a->kind), who,
			what[0] ? " " : "", what, a->why);
}

/**
 * daemon_reconcile() - make the host match the config in force
 * @d: the daemon
 * @why: what asked, for the log
 *
 * Plans from a fresh read of sysfs and runs the steps in order. A step that
 * fails is logged and skipped; the next reconcile (at the latest after
 * resync_s) plans it again. Steps that cannot run now (vGPU in use, UUID
 * conflict, absent GPU) are logged when they change.
 *
 * Return: 0 if every change planned was made, else the first error.
 */
int daemon_reconcile(struct mdgpud *d, const char *why)
{
	struct observed obs;
	struct sbuf deferred = {};
	struct plan p;
	size_t i;
	int ret, first = 0;
	__u32 nr_deferred = 0;

	if (!d->have_conf)
		return 0;
	ret = daemon_observe(d, &obs);
	if (!ret)
		ret = plan_make(&d->conf, &obs, &d->own, &p);
	if (ret) {
		observed_free(&obs);
		log_msg(LOG_ERR, "reconcile (%s): %s", why, strerror(-ret));
		return ret;
	}
	d->m.reconciles++;
	for (i = 0; i < p.nr; i++) {
		const struct action *a = &p.acts[i];

		if (!act_changes(a->kind)) {
			nr_deferred++;
			sb_printf(&deferred, "%s %s: %s\n",
				  act_kind_str(a->kind), a->uuid, a->why);
			continue;
		}
		ret = d->ctx || a->kind == ACT_FORGET || a->kind == ACT_ADOPT ?
			      run_action(d, a) :
			      -ENODEV;
		d->m.actions++;
		if (ret) {
			d->m.action_errors++;
			first = first ?: ret;
		}
		log_action(a, ret);
	}
	if (deferred.failed || (deferred.len != d->deferred.len) ||
	    (deferred.len &&
	     memcmp(deferred.buf, d->deferred.buf, deferred.len))) {
		char *line, *save;

		for (line = deferred.buf ? strtok_r(deferred.buf, "\n", &save) :
					   NULL;
		     line; line = strtok_r(NULL, "\n", &save)) {
			log_msg(LOG_WARN, "deferred: %s", line);
			save[-1] = '\n';
		}
	}
	sb_free(&d->deferred);
	d->deferred = deferred;
	d->m.deferred = nr_deferred;
	d->m.last_reconcile_ok = !first;
	d->m.owned = d->own.nr;
	if (p.nr - nr_deferred)
		log_msg(LOG_INFO, "reconcile (%s): %zu change(s), %s", why,
			p.nr - nr_deferred, first ? "some failed" : "all made");
	plan_free(&p);
	observed_free(&obs);
	return first;
}

static struct vsample *sample_of(struct mdgpud *d, const char *uuid)
{
	struct vsample *n;
	size_t i;

	for (i = 0; i < d->nr_samples; i++) {
		if (!strcmp(d->samples[i].uuid, uuid))
			return &d->samples[i];
	}
	n = realloc(d->samples, (d->nr_samples + 1) * sizeof(*n));
	if (!n)
		return NULL;
	d->samples = n;
	n = &d->samples[d->nr_samples++];
	memset(n, 0, sizeof(*n));
	snprintf(n->uuid, sizeof(n->uuid), "%s", uuid);
	n->last_active_ns = mono_ns();
	n->utilization = -1;
	return n;
}

/**
 * daemon_sample() - read every vGPU's counters: utilization and idleness
 * @d: the daemon
 *
 * A vGPU had work in an interval if it ran, dispatched or completed
 * anything, or has commands queued. One with no work for idle_after_s is
 * reported idle, once per idle spell (log and metric).
 */
void daemon_sample(struct mdgpud *d)
{
	__u64 idle_ns = (__u64)d->conf.idle_after_s * 1000000000ULL;
	struct mdgpu_vgpu_stats st;
	struct mdgpu_vgpu *v;
	struct vsample *s;
	size_t i, n;
	bool active;

	for (i = 0; i < d->nr_samples; i++)
		d->samples[i].seen = false;
	if (d->ctx) {
		mdgpu_ctx__for_each_vgpu(v, d->ctx) {
			st.sz = sizeof(st);
			if (mdgpu_vgpu__read_stats(v, &st))
				continue;
			s = sample_of(d, mdgpu_vgpu__uuid(v));
			if (!s)
				continue;
			s->seen = true;
			if (!s->have_prev)
				s->last_active_ns = st.timestamp_ns;
			active = st.queued;
			if (s->have_prev) {
				__u64 dt =
					st.timestamp_ns - s->prev.timestamp_ns;

				active |= st.busy_ns != s->prev.busy_ns ||
					  st.dispatches != s->prev.dispatches ||
					  st.completed != s->prev.completed;
				s->utilization =
					dt ? (double)(st.busy_ns -
						      s->prev.busy_ns) /
							dt :
					     0;
				if (s->utilization > 1)
					s->utilization = 1;
			}
			if (active)
				s->last_active_ns = st.timestamp_ns;
			s->prev = st;
			s->have_prev = true;
			if (active && s->idle) {
				s->idle = false;
				log_msg(LOG_NOTICE,
					"vGPU %s (%s on %s) has work again",
					s->uuid, mdgpu_vgpu__profile_name(v),
					mdgpu_gpu__name(mdgpu_vgpu__gpu(v)));
			} else if (!s->idle && idle_ns &&
				   st.timestamp_ns >=
					   s->last_active_ns + idle_ns) {
				s->idle = true;
				log_msg(LOG_WARN,
					"vGPU %s (%s on %s) is idle: no work for %llu s; it holds %llu MiB of GPU memory that other tenants could use",
					s->uuid, mdgpu_vgpu__profile_name(v),
					mdgpu_gpu__name(mdgpu_vgpu__gpu(v)),
					(unsigned long long)((st.timestamp_ns -
							      s->last_active_ns) /
							     1000000000ULL),
					(unsigned long long)(mdgpu_vgpu__memory_bytes(
								     v) >>
							     20));
			}
		}
	}
	for (i = 0, n = 0; i < d->nr_samples; i++) {
		if (d->samples[i].seen)
			d->samples[n++] = d->samples[i];
	}
	d->nr_samples = n;
}

/**
 * daemon_metrics() - the metrics exposition, from a fresh read of sysfs
 * @d: the daemon
 * @sb: the text
 *
 * Counters are read now; utilization and idleness are from the last
 * sample (every resync_s).
 *
 * Return: 0 or -ENOMEM.
 */
int daemon_metrics(struct mdgpud *d, struct sbuf *sb)
{
	struct mdgpu_ctx *ctx = ctx_get(d);
	size_t nr_g = ctx ? mdgpu_ctx__gpu_cnt(ctx) : 0;
	size_t nr_v = ctx ? mdgpu_ctx__vgpu_cnt(ctx) : 0, i = 0, j;
	struct mgpu *gpus = calloc(nr_g + 1, sizeof(*gpus));
	struct mvgpu *vgpus = calloc(nr_v + 1, sizeof(*vgpus));
	__u64 now = mono_ns();
	struct mdgpu_gpu *g;
	struct mdgpu_vgpu *v;
	struct vsample *s;
	int ret = 0;

	if (!gpus || !vgpus) {
		ret = -ENOMEM;
		goto out;
	}
	nr_v = 0;
	if (ctx) {
		mdgpu_ctx__for_each_vgpu(v, ctx) {
			struct mvgpu *m = &vgpus[nr_v];

			m->stats.sz = sizeof(m->stats);
			m->hist.sz = sizeof(m->hist);
			m->status.sz = sizeof(m->status);
			/* Gone since the refresh: leave it out. */
			if (mdgpu_vgpu__read_stats(v, &m->stats) ||
			    mdgpu_vgpu__read_latency_hist(v, &m->hist))
				continue;
			m->has_status = !mdgpu_vgpu__read_status(v, &m->status);
			m->uuid = mdgpu_vgpu__uuid(v);
			m->gpu = mdgpu_gpu__name(mdgpu_vgpu__gpu(v));
			m->profile = mdgpu_vgpu__profile_name(v);
			m->owned = owned_has(&d->own, m->uuid);
			m->memory_bytes = mdgpu_vgpu__memory_bytes(v);
			m->cus = mdgpu_vgpu__placement(v)->cus;
			m->qos[Q_WEIGHT] = mdgpu_vgpu__weight(v);
			m->qos[Q_MIN_SHARE] = mdgpu_vgpu__min_share(v);
			m->qos[Q_MAX_SHARE] = mdgpu_vgpu__max_share(v);
			m->qos[Q_RESERVE] = mdgpu_vgpu__reserve(v);
			m->qos[Q_PRIORITY] = mdgpu_vgpu__priority(v);
			m->qos[Q_TIMESLICE_US] = mdgpu_vgpu__timeslice_us(v);
			m->utilization = -1;
			m->idle_s = -1;
			for (j = 0; j < d->nr_samples; j++) {
				s = &d->samples[j];
				if (strcmp(s->uuid, m->uuid))
					continue;
				m->utilization = s->utilization;
				m->idle = s->idle;
				m->idle_s =
					now > s->last_active_ns ?
						(double)(now -
							 s->last_active_ns) /
							1e9 :
						0;
			}
			nr_v++;
		}
		mdgpu_ctx__for_each_gpu(g, ctx) {
			struct mgpu *m = &gpus[i++];
			double busy = 0;
			bool known = false;

			m->name = mdgpu_gpu__name(g);
			m->compute_units = mdgpu_gpu__compute_units(g);
			m->shared_compute_units =
				mdgpu_gpu__shared_compute_units(g);
			m->memory_bytes = mdgpu_gpu__memory_bytes(g);
			m->memory_free_bytes = mdgpu_gpu__memory_free_bytes(g);
			m->nr_vgpus = mdgpu_gpu__vgpu_cnt(g);
			for (j = 0; j < nr_v; j++) {
				if (strcmp(vgpus[j].gpu, m->name) ||
				    vgpus[j].utilization < 0)
					continue;
				known = true;
				busy += vgpus[j].utilization *
					(vgpus[j].cus ?:
							m->shared_compute_units);
			}
			m->utilization = !m->nr_vgpus ? 0 :
					 known ? busy / m->compute_units :
						 -1;
			if (m->utilization > 1)
				m->utilization = 1;
		}
	}
	metrics_format(sb, &d->m, gpus, i, vgpus, nr_v);
	if (sb->failed)
		ret = -ENOMEM;
out:
	free(gpus);
	free(vgpus);
	return ret;
}
