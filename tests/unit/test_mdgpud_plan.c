// SPDX-License-Identifier: GPL-2.0-only
/*
 * mdgpud's reconcile planner (userspace/daemon/plan.c), table-driven: a
 * config (as text), what the host has and the ownership record go in; the
 * steps come out as "kind:uuid-prefix" words in order. Then the plan is
 * applied to a model of the host and planned again: the second plan must
 * be empty (idempotence).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mdgpud.h"

#define UA "aaaaaaaa-0000-4000-8000-000000000001"
#define UB "bbbbbbbb-0000-4000-8000-000000000002"
#define UC "cccccccc-0000-4000-8000-000000000003"
#define UD "dddddddd-0000-4000-8000-000000000004"
#define UE "eeeeeeee-0000-4000-8000-000000000005"
#define UF "ffffffff-0000-4000-8000-000000000006"

/* A vGPU on the host: "UUID gpu profile slice cu cus in_use qos...". */
struct host_vgpu {
	const char *uuid;
	const char *gpu;
	const char *profile;
	__u32 slice_start;
	__u32 cu_start;
	__u32 cus;
	bool in_use;
	__u32 weight; /* 0: the default */
	__u32 min_share;
};

struct pcase {
	const char *name;
	const char *config;
	const struct host_vgpu *host; /* ended by a NULL uuid */
	/* GPUs present, "gpu0 gpu1"; a '-' suffix: not an mdev parent */
	const char *gpus;
	const char *owned; /* UUIDs, space-separated */
	const char *want; /* the plan */
	bool converges; /* applying it gives an empty plan */
};

#define VG(U, P) "[vgpu " U "]\ngpu = gpu0\nprofile = " P "\n"

static const struct host_vgpu h_a[] = {
	{ .uuid = UA, .gpu = "gpu0", .profile = "ts.16m" },
	{}
};
static const struct host_vgpu h_a_w300[] = {
	{ .uuid = UA, .gpu = "gpu0", .profile = "ts.16m", .weight = 300 },
	{}
};
static const struct host_vgpu h_a_inuse[] = {
	{ .uuid = UA, .gpu = "gpu0", .profile = "ts.16m", .in_use = true },
	{}
};
static const struct host_vgpu h_a_32[] = {
	{ .uuid = UA, .gpu = "gpu0", .profile = "ts.32m" },
	{}
};
static const struct host_vgpu h_a_32_inuse[] = {
	{ .uuid = UA, .gpu = "gpu0", .profile = "ts.32m", .in_use = true },
	{}
};
static const struct host_vgpu h_a_s4[] = {
	{ .uuid = UA, .gpu = "gpu0", .profile = "ts.16m", .slice_start = 4 },
	{}
};
static const struct host_vgpu h_a_s4_inuse[] = { { .uuid = UA,
						   .gpu = "gpu0",
						   .profile = "ts.16m",
						   .slice_start = 4,
						   .in_use = true },
						 {} };
static const struct host_vgpu h_sp[] = { { .uuid = UA,
					   .gpu = "gpu0",
					   .profile = "1c.64m",
					   .slice_start = 0,
					   .cu_start = 0,
					   .cus = 1 },
					 {} };
static const struct host_vgpu h_ab[] = {
	{ .uuid = UA, .gpu = "gpu0", .profile = "ts.16m" },
	{ .uuid = UB, .gpu = "gpu0", .profile = "ts.16m" },
	{}
};
static const struct host_vgpu h_order[] = {
	{ .uuid = UC, .gpu = "gpu0", .profile = "ts.16m" },
	{ .uuid = UD, .gpu = "gpu0", .profile = "ts.16m", .min_share = 1000 },
	{ .uuid = UE, .gpu = "gpu0", .profile = "ts.16m", .min_share = 5000 },
	{},
};

static const struct pcase cases[] = {
	{ "nothing", "", NULL, "gpu0", "", "", true },
	{ "absent: create", VG(UA, "ts.16m"), NULL, "gpu0", "", "create:aaaa",
	  true },
	{ "present, owned, as configured: nothing", VG(UA, "ts.16m"), h_a,
	  "gpu0", UA, "", true },
	{ "present, not owned: adopt", VG(UA, "ts.16m"), h_a, "gpu0", "",
	  "adopt:aaaa", true },
	{ "QoS changed behind its back: set", VG(UA, "ts.16m"), h_a_w300,
	  "gpu0", UA, "set-qos:aaaa", true },
	{ "QoS from the config", VG(UA, "ts.16m") "weight = 300\n", h_a_w300,
	  "gpu0", UA, "", true },
	{ "owned, no longer configured: destroy", "", h_a, "gpu0", UA,
	  "destroy:aaaa", true },
	{ "owned, gone, not configured: forget", "", NULL, "gpu0", UA,
	  "forget:aaaa", true },
	{ "owned, not configured, in use: busy", "", h_a_inuse, "gpu0", UA,
	  "busy:aaaa", false },
	{ "not owned, not configured: left alone", "", h_ab, "gpu0", "", "",
	  true },
	{ "removed behind its back: made again",
	  VG(UA, "ts.16m") VG(UB, "ts.16m"), h_a, "gpu0", UA " " UB,
	  "create:bbbb", true },
	{ "other profile, not owned: conflict", VG(UA, "ts.16m"), h_a_32,
	  "gpu0", "", "conflict:aaaa", false },
	{ "other profile, owned: made again", VG(UA, "ts.16m"), h_a_32, "gpu0",
	  UA, "destroy:aaaa create:aaaa", true },
	{ "other profile, owned, in use: busy", VG(UA, "ts.16m"), h_a_32_inuse,
	  "gpu0", UA, "busy:aaaa", false },
	{ "GPU absent: wait", VG(UA, "ts.16m"), NULL, "", "", "wait-gpu:aaaa",
	  false },
	{ "GPU without mdev: wait", VG(UA, "ts.16m"), NULL, "gpu0-", "",
	  "wait-gpu:aaaa", false },
	{ "placement drift: move", VG(UA, "ts.16m") "slice_start = 0\n", h_a_s4,
	  "gpu0", UA, "move:aaaa", true },
	{ "placement drift, in use: busy", VG(UA, "ts.16m") "slice_start = 0\n",
	  h_a_s4_inuse, "gpu0", UA, "busy:aaaa", false },
	{ "automatic placement is not drift", VG(UA, "ts.16m"), h_a_s4, "gpu0",
	  UA, "", true },
	{ "spatial compute-unit drift: move", VG(UA, "1c.64m") "cu_start = 2\n",
	  h_sp, "gpu0", UA, "move:aaaa", true },
	{ "scheduler drift: set", "[gpu gpu0]\nsched_policy = weighted\n", NULL,
	  "gpu0", "", "set-sched:gpu0", true },
	{ "scheduler of an absent GPU: nothing",
	  "[gpu gpu1]\nsched_policy = weighted\n", NULL, "gpu0", "", "", true },
	/*
	 * Order: scheduler, destroys (room and shares first), the QoS that
	 * lowers guarantees, the QoS that raises them, placed creates, then
	 * automatic ones; reports last.
	 */
	{ "order of the steps",
	  "[gpu 0]\nsched_policy = weighted\n" VG(UA, "ts.16m")
		  VG(UB, "ts.16m") "slice_start = 0\n" VG(UD, "ts.16m") "min_share = 4000\n" VG(
			  UE, "ts.16m") "min_share = 2000\n" VG(UF, "ts.32m"),
	  h_order, "gpu0", UC " " UD " " UE " " UA,
	  "set-sched:gpu0 destroy:cccc set-qos:eeee set-qos:dddd create:bbbb create:aaaa create:ffff",
	  true },
};

struct model {
	struct observed obs;
	struct ogpu gpus[4];
	struct ovgpu vgpus[16];
	struct owned own;
};

static void build(struct model *m, const struct pcase *c)
{
	char gpus[64], *tok, *save, owned[512];
	const struct host_vgpu *h;
	int k;

	memset(m, 0, sizeof(*m));
	m->obs.gpus = m->gpus;
	m->obs.vgpus = m->vgpus;
	snprintf(gpus, sizeof(gpus), "%s", c->gpus);
	for (tok = strtok_r(gpus, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		struct ogpu *g = &m->gpus[m->obs.nr_gpus++];
		size_t n = strlen(tok);

		g->mdev_ready = tok[n - 1] != '-';
		if (!g->mdev_ready)
			tok[n - 1] = '\0';
		snprintf(g->name, sizeof(g->name), "%s", tok);
		g->sched[S_POLICY] = MDGPU_SCHED_BEST_EFFORT;
		g->sched[S_TIMESLICE_US] = 2000;
		g->sched[S_PERIOD_MS] = 100;
		g->sched[S_WATCHDOG_MS] = 2000;
	}
	for (h = c->host; h && h->uuid; h++) {
		struct ovgpu *v = &m->vgpus[m->obs.nr_vgpus++];

		snprintf(v->uuid, sizeof(v->uuid), "%s", h->uuid);
		snprintf(v->gpu, sizeof(v->gpu), "%s", h->gpu);
		snprintf(v->profile, sizeof(v->profile), "%s", h->profile);
		v->slice_start = h->slice_start;
		v->cu_start = h->cu_start;
		v->cus = h->cus;
		v->in_use = h->in_use;
		for (k = 0; k < Q_CNT; k++)
			v->qos[k] = qos_defaults[k];
		if (h->weight)
			v->qos[Q_WEIGHT] = h->weight;
		v->qos[Q_MIN_SHARE] = h->min_share;
	}
	snprintf(owned, sizeof(owned), "%s", c->owned);
	for (tok = strtok_r(owned, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save))
		assert_int_equal(owned_add(&m->own, tok), 0);
}

static void render(const struct plan *p, char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < p->nr; i++)
		len += snprintf(buf + len, size - len, "%s%s:%.4s",
				i ? " " : "", act_kind_str(p->acts[i].kind),
				p->acts[i].uuid[0] ? p->acts[i].uuid :
						     p->acts[i].gpu);
}

static struct ovgpu *model_find(struct model *m, const char *uuid)
{
	size_t i;

	for (i = 0; i < m->obs.nr_vgpus; i++) {
		if (!strcmp(m->vgpus[i].uuid, uuid))
			return &m->vgpus[i];
	}
	return NULL;
}

/* What the executor does, on the model. */
static void apply(struct model *m, const struct plan *p)
{
	struct ovgpu *v;
	size_t i;
	int k;

	for (i = 0; i < p->nr; i++) {
		const struct action *a = &p->acts[i];

		v = a->uuid[0] ? model_find(m, a->uuid) : NULL;
		switch (a->kind) {
		case ACT_SET_SCHED:
			for (k = 0; k < S_CNT; k++) {
				if (a->mask & (1U << k))
					m->gpus[0].sched[k] = a->vals[k];
			}
			break;
		case ACT_DESTROY:
			assert_non_null(v);
			*v = m->vgpus[--m->obs.nr_vgpus];
			if (!a->want)
				owned_del(&m->own, a->uuid);
			break;
		case ACT_FORGET:
			owned_del(&m->own, a->uuid);
			break;
		case ACT_ADOPT:
			owned_add(&m->own, a->uuid);
			break;
		case ACT_SET_QOS:
			assert_non_null(v);
			for (k = 0; k < Q_CNT; k++) {
				if (a->mask & (1U << k))
					v->qos[k] = a->vals[k];
			}
			break;
		case ACT_MOVE:
			assert_non_null(v);
			if (a->slice_start != MDGPU_PLACEMENT_KEEP)
				v->slice_start = a->slice_start;
			if (a->cu_start != MDGPU_PLACEMENT_KEEP)
				v->cu_start = a->cu_start;
			break;
		case ACT_CREATE:
			assert_null(v);
			owned_add(&m->own, a->uuid);
			v = &m->vgpus[m->obs.nr_vgpus++];
			memset(v, 0, sizeof(*v));
			memcpy(v->uuid, a->uuid, sizeof(v->uuid));
			snprintf(v->gpu, sizeof(v->gpu), "%s", a->gpu);
			snprintf(v->profile, sizeof(v->profile), "%s",
				 a->want->profile);
			for (k = 0; k < Q_CNT; k++)
				v->qos[k] = a->mask & (1U << k) ?
						    a->vals[k] :
						    qos_defaults[k];
			v->slice_start = a->slice_start ==
							 MDGPU_PLACEMENT_KEEP ?
						 12 :
						 a->slice_start;
			v->cu_start = a->cu_start == MDGPU_PLACEMENT_KEEP ?
					      0 :
					      a->cu_start;
			v->cus = strncmp(v->profile, "ts.", 3) ? 1 : 0;
			break;
		default:
			break;
		}
	}
}

static void test_cases(void **state)
{
	char err[4096], got[512];
	struct dconf conf;
	struct model m;
	struct plan p, again;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct pcase *c = &cases[i];

		print_message("case: %s\n", c->name);
		if (conf_parse(c->config, strlen(c->config), "t.conf", &conf,
			       err, sizeof(err)))
			fail_msg("%s: config: %s", c->name, err);
		build(&m, c);
		assert_int_equal(plan_make(&conf, &m.obs, &m.own, &p), 0);
		render(&p, got, sizeof(got));
		if (strcmp(got, c->want))
			fail_msg("%s: expected '%s', got '%s'", c->name,
				 c->want, got);
		apply(&m, &p);
		assert_int_equal(plan_make(&conf, &m.obs, &m.own, &again), 0);
		render(&again, got, sizeof(got));
		if (c->converges && again.nr)
			fail_msg("%s: not idempotent: the second plan is '%s'",
				 c->name, got);
		plan_free(&p);
		plan_free(&again);
		owned_free(&m.own);
		conf_free(&conf);
	}
}

/* The values a step carries. */
static void test_step_values(void **state)
{
	static const struct host_vgpu h[] = { { .uuid = UA,
						.gpu = "gpu0",
						.profile = "ts.16m",
						.slice_start = 0,
						.cu_start = 0,
						.cus = 0,
						.in_use = false,
						.weight = 300,
						.min_share = 2000 },
					      {} };
	const struct pcase c = {
		.config = "", .host = h, .gpus = "gpu0", .owned = UA, .want = ""
	};
	static const char text[] =
		VG(UA, "ts.16m") "weight = 300\nmin_share = 500\npriority = 2\n" VG(
			UB,
			"1c.64m") "cu_start = 1\nslice_start = 4\nmax_share = 9000\n";
	char err[1024];
	struct dconf conf;
	struct model m;
	struct plan p;

	assert_int_equal(conf_parse(text, strlen(text), "t.conf", &conf, err,
				    sizeof(err)),
			 0);
	build(&m, &c);
	assert_int_equal(plan_make(&conf, &m.obs, &m.own, &p), 0);
	assert_int_equal(p.nr, 2);
	/* Only what differs: min_share (down) and priority, not the weight. */
	assert_int_equal(p.acts[0].kind, ACT_SET_QOS);
	assert_int_equal(p.acts[0].mask,
			 MDGPU_QOS_SET_MIN_SHARE | MDGPU_QOS_SET_PRIORITY);
	assert_int_equal(p.acts[0].vals[Q_MIN_SHARE], 500);
	assert_int_equal(p.acts[0].vals[Q_PRIORITY], 2);
	/* A create carries the non-default QoS and its placement. */
	assert_int_equal(p.acts[1].kind, ACT_CREATE);
	assert_string_equal(p.acts[1].uuid, UB);
	assert_string_equal(p.acts[1].want->profile, "1c.64m");
	assert_int_equal(p.acts[1].mask, MDGPU_QOS_SET_MAX_SHARE);
	assert_int_equal(p.acts[1].vals[Q_MAX_SHARE], 9000);
	assert_int_equal(p.acts[1].slice_start, 4);
	assert_int_equal(p.acts[1].cu_start, 1);
	plan_free(&p);
	owned_free(&m.own);
	conf_free(&conf);
}

/* Retries after a failed reconcile: 1 s, doubling, capped by the resync. */
static void test_retry_backoff(void **state)
{
	static const unsigned int want10[] = { 1, 2, 4, 8, 10, 10 };
	unsigned int i, r = 0;

	(void)state;
	for (i = 0; i < 6; i++) {
		r = plan_retry_s(r, 10);
		assert_int_equal(r, want10[i]);
	}
	/* Never beyond the resync period, never 0, no overflow at the top. */
	assert_int_equal(plan_retry_s(0, 1), 1);
	assert_int_equal(plan_retry_s(1, 1), 1);
	assert_int_equal(plan_retry_s(2, 3), 3);
	assert_int_equal(plan_retry_s(2048, 3600), 3600);
	assert_int_equal(plan_retry_s(3600, 3600), 3600);
	assert_int_equal(plan_retry_s(0xffffffffu, 3600), 3600);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_step_values),
		cmocka_unit_test(test_retry_backoff),
	};

	mdgpu_set_print(NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
