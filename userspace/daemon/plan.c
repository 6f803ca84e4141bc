// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reconcile planner: from the desired state (the config), what the
 * host has now and the ownership record, the steps that make the host
 * match the config, in the order they can run. A pure function: it reads
 * nothing and changes nothing, so a table of cases tests it
 * (tests/unit/test_mdgpud_plan.c). Rules (docs/daemon.md, "Reconcile"):
 *
 * - a wanted vGPU that is absent is created (its UUID recorded first);
 * - one that exists with the wanted GPU and profile gets the configured
 *   QoS and placement (drift is corrected); if it is not in the record it
 *   is adopted;
 * - one that exists with another GPU or profile is made again if it is
 *   ours and not in use, left alone if it is not ours (a conflict);
 * - an owned vGPU the config no longer wants is destroyed unless in use;
 *   an owned UUID that no longer exists is forgotten;
 * - vGPUs that are not ours and not in the config are never touched.
 *
 * Running the plan and planning again gives an empty plan: idempotent.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mdgpud.h"

static const char *const kind_names[] = {
	[ACT_SET_SCHED] = "set-sched", [ACT_DESTROY] = "destroy",
	[ACT_FORGET] = "forget",       [ACT_ADOPT] = "adopt",
	[ACT_SET_QOS] = "set-qos",     [ACT_MOVE] = "move",
	[ACT_CREATE] = "create",       [ACT_CONFLICT] = "conflict",
	[ACT_BUSY] = "busy",	       [ACT_WAIT_GPU] = "wait-gpu",
};

/**
 * act_kind_str() - the name of a step kind, for logs and tests
 * @k: the kind
 *
 * Return: "create", "destroy", ...
 */
const char *act_kind_str(enum act_kind k)
{
	return (unsigned int)k < ARRAY_SIZE(kind_names) ? kind_names[k] : "?";
}

/**
 * act_changes() - whether a step kind changes the host or the record
 * @k: the kind
 *
 * Return: false for the ones only reported (conflict, busy, wait-gpu).
 */
bool act_changes(enum act_kind k)
{
	return k != ACT_CONFLICT && k != ACT_BUSY && k != ACT_WAIT_GPU;
}

static const struct ovgpu *obs_vgpu(const struct observed *o, const char *uuid)
{
	size_t i;

	for (i = 0; i < o->nr_vgpus; i++) {
		if (!strcmp(o->vgpus[i].uuid, uuid))
			return &o->vgpus[i];
	}
	return NULL;
}

static const struct ogpu *obs_gpu(const struct observed *o, const char *name)
{
	size_t i;

	for (i = 0; i < o->nr_gpus; i++) {
		if (!strcmp(o->gpus[i].name, name))
			return &o->gpus[i];
	}
	return NULL;
}

/*
 * Steps are collected per phase, then concatenated in phase order:
 * each phase makes room or share for the next.
 */
enum phase {
	PH_SCHED,
	PH_DESTROY,
	PH_RECORD, /* forget, adopt */
	PH_QOS_DOWN, /* QoS changes that raise no guarantee or reservation */
	PH_MOVE,
	PH_QOS_UP,
	PH_CREATE_PLACED, /* creates with an explicit placement first... */
	PH_CREATE_AUTO, /* ...so that automatic ones do not take their place */
	PH_REPORT,
	PH_CNT,
};

struct plan_acc {
	struct action *ph[PH_CNT];
	size_t nr[PH_CNT];
	int err;
};

static struct action *add(struct plan_acc *pa, enum phase ph,
			  enum act_kind kind, const char *uuid, const char *gpu,
			  const struct dvgpu *want, const char *why)
{
	struct action *n, *a;

	if (pa->err)
		return NULL;
	n = realloc(pa->ph[ph], (pa->nr[ph] + 1) * sizeof(*n));
	if (!n) {
		pa->err = -ENOMEM;
		return NULL;
	}
	pa->ph[ph] = n;
	a = &n[pa->nr[ph]++];
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	if (uuid)
		memcpy(a->uuid, uuid, MDGPU_UUID_SIZE);
	if (gpu)
		memcpy(a->gpu, gpu, MDGPUD_GPU_NAME_SIZE);
	a->want = want;
	a->slice_start = MDGPU_PLACEMENT_KEEP;
	a->cu_start = MDGPU_PLACEMENT_KEEP;
	a->why = why;
	return a;
}

static void plan_create(struct plan_acc *pa, const struct dvgpu *d,
			const char *why)
{
	struct action *a;

	a = add(pa,
		d->slice_start != MDGPU_PLACEMENT_KEEP ||
				d->cu_start != MDGPU_PLACEMENT_KEEP ?
			PH_CREATE_PLACED :
			PH_CREATE_AUTO,
		ACT_CREATE, d->uuid, d->gpu, d, why);
	if (!a)
		return;
	memcpy(a->vals, d->qos, sizeof(d->qos));
	for (int k = 0; k < Q_CNT; k++) {
		if (d->qos[k] != qos_defaults[k])
			a->mask |= 1U << k;
	}
	a->slice_start = d->slice_start;
	a->cu_start = d->cu_start;
}

/* A vGPU that exists as wanted: adopt it, then its placement and QoS. */
static void plan_existing(struct plan_acc *pa, const struct dvgpu *d,
			  const struct ovgpu *o, bool owned)
{
	bool move_slice, move_cu;
	struct action *a;
	__u32 mask = 0;
	bool up = false;
	int k;

	if (!owned)
		add(pa, PH_RECORD, ACT_ADOPT, d->uuid, d->gpu, d,
		    "exists as configured but is not in the ownership record");
	move_slice = d->slice_start != MDGPU_PLACEMENT_KEEP &&
		     d->slice_start != o->slice_start;
	move_cu = d->cu_start != MDGPU_PLACEMENT_KEEP && o->cus &&
		  d->cu_start != o->cu_start;
	if (move_slice || move_cu) {
		if (o->in_use) {
			add(pa, PH_REPORT, ACT_BUSY, d->uuid, d->gpu, d,
			    "placement differs from the config, but a VM uses the vGPU: it can only move before its first use");
		} else {
			a = add(pa, PH_MOVE, ACT_MOVE, d->uuid, d->gpu, d,
				"placement differs from the config");
			if (a) {
				a->slice_start = move_slice ?
							 d->slice_start :
							 MDGPU_PLACEMENT_KEEP;
				a->cu_start = move_cu ? d->cu_start :
							MDGPU_PLACEMENT_KEEP;
			}
		}
	}
	for (k = 0; k < Q_CNT; k++) {
		if (d->qos[k] == o->qos[k])
			continue;
		mask |= 1U << k;
		if ((k == Q_MIN_SHARE || k == Q_RESERVE) &&
		    d->qos[k] > o->qos[k])
			up = true;
	}
	if (!mask)
		return;
	a = add(pa, up ? PH_QOS_UP : PH_QOS_DOWN, ACT_SET_QOS, d->uuid, d->gpu,
		d, "QoS differs from the config");
	if (a) {
		a->mask = mask;
		memcpy(a->vals, d->qos, sizeof(d->qos));
	}
}

static void plan_vgpu(struct plan_acc *pa, const struct dvgpu *d,
		      const struct observed *obs, const struct owned *own)
{
	const struct ovgpu *o = obs_vgpu(obs, d->uuid);
	const struct ogpu *g = obs_gpu(obs, d->gpu);
	bool owned = owned_has(own, d->uuid);

	if (o && !strcmp(o->gpu, d->gpu) && !strcmp(o->profile, d->profile)) {
		plan_existing(pa, d, o, owned);
		return;
	}
	if (o && !owned) {
		add(pa, PH_REPORT, ACT_CONFLICT, d->uuid, o->gpu, d,
		    "the UUID is in use by a vGPU of another GPU or profile that mdgpud did not make; left alone");
		return;
	}
	if (o && o->in_use) {
		add(pa, PH_REPORT, ACT_BUSY, d->uuid, o->gpu, d,
		    "the config wants another GPU or profile, but a VM uses the vGPU: it is made again once released");
		return;
	}
	if (!g || !g->mdev_ready) {
		if (o)
			add(pa, PH_DESTROY, ACT_DESTROY, d->uuid, o->gpu, d,
			    "the config moved it to another GPU or profile");
		add(pa, PH_REPORT, ACT_WAIT_GPU, d->uuid, d->gpu, d,
		    g ? "its GPU is not an mdev parent yet (mdgpu_mdev not loaded)" :
			"its GPU does not exist (yet)");
		return;
	}
	if (o)
		add(pa, PH_DESTROY, ACT_DESTROY, d->uuid, o->gpu, d,
		    "the config moved it to another GPU or profile");
	plan_create(pa, d,
		    o ? "made again with the configured GPU and profile" :
			"configured but absent");
}

static void plan_sched(struct plan_acc *pa, const struct dgpu *d,
		       const struct observed *obs)
{
	const struct ogpu *g = obs_gpu(obs, d->name);
	struct action *a;
	__u32 mask = 0;
	int k;

	if (!g)
		return;
	for (k = 0; k < S_CNT; k++) {
		if ((d->set & (1U << k)) && d->sched[k] != g->sched[k])
			mask |= 1U << k;
	}
	if (!mask)
		return;
	a = add(pa, PH_SCHED, ACT_SET_SCHED, NULL, d->name, NULL,
		"scheduler settings differ from the config");
	if (a) {
		a->mask = mask;
		memcpy(a->vals, d->sched, sizeof(d->sched));
	}
}

/**
 * plan_make() - the steps that make the host match the config
 * @want: the config
 * @obs: the host now
 * @own: the ownership record
 * @out: the steps (plan_free() them); an empty plan when nothing differs
 *
 * Return: 0 or -ENOMEM.
 */
int plan_make(const struct dconf *want, const struct observed *obs,
	      const struct owned *own, struct plan *out)
{
	struct plan_acc pa = {};
	const struct ovgpu *o;
	size_t i, n = 0;
	int ph;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < want->nr_gpus; i++)
		plan_sched(&pa, &want->gpus[i], obs);
	for (i = 0; i < want->nr_vgpus; i++)
		plan_vgpu(&pa, &want->vgpus[i], obs, own);
	for (i = 0; i < own->nr; i++) {
		if (conf_find_vgpu(want, own->uuids[i]))
			continue;
		o = obs_vgpu(obs, own->uuids[i]);
		if (!o)
			add(&pa, PH_RECORD, ACT_FORGET, own->uuids[i], NULL,
			    NULL, "owned, gone, and no longer configured");
		else if (o->in_use)
			add(&pa, PH_REPORT, ACT_BUSY, o->uuid, o->gpu, NULL,
			    "no longer configured, but a VM uses the vGPU: it is destroyed once released");
		else
			add(&pa, PH_DESTROY, ACT_DESTROY, o->uuid, o->gpu, NULL,
			    "owned and no longer configured");
	}
	for (ph = 0; ph < PH_CNT; ph++)
		n += pa.nr[ph];
	if (!pa.err && n) {
		out->acts = malloc(n * sizeof(*out->acts));
		if (!out->acts)
			pa.err = -ENOMEM;
	}
	for (ph = 0; ph < PH_CNT; ph++) {
		if (!pa.err && pa.nr[ph]) {
			memcpy(out->acts + out->nr, pa.ph[ph],
			       pa.nr[ph] * sizeof(*out->acts));
			out->nr += pa.nr[ph];
		}
		free(pa.ph[ph]);
	}
	if (pa.err)
		plan_free(out);
	return pa.err;
}

/**
 * plan_retry_s() - when to retry after a reconcile that failed
 * @prev_s: the delay used after the previous failure, 0 if it succeeded
 * @resync_s: the resync period, which retries at the latest anyway
 *
 * A failure may be brief (a vGPU removed a moment later frees its room) or
 * lasting (a full GPU): retry after 1 s, then double, up to @resync_s.
 *
 * Return: seconds until the retry, 1 to @resync_s (@resync_s >= 1).
 */
unsigned int plan_retry_s(unsigned int prev_s, unsigned int resync_s)
{
	unsigned int next;

	if (!prev_s)
		next = 1;
	else if (prev_s > resync_s / 2)
		next = resync_s;
	else
		next = prev_s * 2;

	return next < resync_s ? next : resync_s;
}

/**
 * plan_free() - free a plan
 * @p: the plan (emptied)
 */
void plan_free(struct plan *p)
{
	free(p->acts);
	p->acts = NULL;
	p->nr = 0;
}
