// SPDX-License-Identifier: GPL-2.0-only
/*
 * libmdgpu reading fake sysfs trees: GPUs, profiles with available counts,
 * vGPUs with placement and QoS, statistics and histograms; lookups and
 * iteration; and refusal (EPROTO, with the file named) of every kind of
 * content the ABI does not allow.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib_internal.h"
#include "test_lib_fake.h"

#define U1 "11111111-1111-4111-8111-111111111111"
#define U2 "22222222-2222-4222-8222-222222222222"
#define U3 "33333333-3333-4333-8333-333333333333"
#define U4 "44444444-4444-4444-8444-444444444444"

static char msgs[16384];
static char *root;

static int capture(enum mdgpu_print_level level, const char *fmt, va_list ap)
{
	size_t len = strlen(msgs);

	if (level == MDGPU_WARN)
		vsnprintf(msgs + len, sizeof(msgs) - len, fmt, ap);
	return 0;
}

static int setup(void **state)
{
	msgs[0] = '\0';
	mdgpu_set_print(capture);
	return 0;
}

static int teardown(void **state)
{
	fake_sysfs_destroy(root);
	root = NULL;
	return 0;
}

static struct mdgpu_ctx *reopen(void)
{
	MDGPU_OPTS(mdgpu_ctx_opts, opts, .sysfs_root = root);

	msgs[0] = '\0';
	return mdgpu_ctx__open(&opts);
}

static struct mdgpu_ctx *open_fake(const struct fake_gpu *gpus, int nr)
{
	root = fake_sysfs_build(gpus, nr);
	return reopen();
}

static void test_not_loaded(void **state)
{
	MDGPU_OPTS(mdgpu_ctx_opts, opts,
		   .sysfs_root = "/nonexistent-mdgpu-root");

	assert_null(mdgpu_ctx__open(&opts));
	assert_int_equal(errno, ENODEV);
	assert_non_null(strstr(msgs, "mdgpu is not loaded"));
	assert_non_null(strstr(msgs, "modprobe"));
}

static void test_no_gpus(void **state)
{
	struct mdgpu_ctx *ctx = open_fake(NULL, 0);

	assert_non_null(ctx);
	assert_int_equal(mdgpu_ctx__gpu_cnt(ctx), 0);
	assert_int_equal(mdgpu_ctx__vgpu_cnt(ctx), 0);
	assert_null(mdgpu_ctx__next_gpu(ctx, NULL));
	assert_null(mdgpu_ctx__next_vgpu(ctx, NULL));
	assert_string_equal(mdgpu_ctx__sysfs_root(ctx), root);
	mdgpu_ctx__close(ctx);
}

static void test_bad_opts(void **state)
{
	struct {
		struct mdgpu_ctx_opts o;
		int future;
	} big = { .o = { .sz = sizeof(big) }, .future = 1 };

	assert_null(mdgpu_ctx__open(&big.o));
	assert_int_equal(errno, EINVAL);
}

/* Default simulator GPU: 4 CUs, 256 MiB in 16 slices of 16 MiB. */
static void test_default_gpu(void **state)
{
	static const struct {
		const char *name;
		enum mdgpu_vgpu_mode mode;
		__u32 cus, avail, max, psize;
		__u64 mem;
	} want[] = {
		{ "ts.16m", MDGPU_MODE_TIMESLICED, 0, 16, 16, 1, 16 << 20 },
		{ "ts.32m", MDGPU_MODE_TIMESLICED, 0, 8, 8, 2, 32 << 20 },
		{ "ts.64m", MDGPU_MODE_TIMESLICED, 0, 4, 4, 4, 64 << 20 },
		{ "ts.128m", MDGPU_MODE_TIMESLICED, 0, 2, 2, 8, 128 << 20 },
		{ "ts.256m", MDGPU_MODE_TIMESLICED, 0, 1, 1, 16, 256 << 20 },
		{ "1c.64m", MDGPU_MODE_SPATIAL, 1, 4, 4, 4, 64 << 20 },
		{ "2c.128m", MDGPU_MODE_SPATIAL, 2, 2, 2, 8, 128 << 20 },
		{ "4c.256m", MDGPU_MODE_SPATIAL, 4, 1, 1, 16, 256 << 20 },
	};
	const struct fake_gpu g = {};
	struct mdgpu_ctx *ctx = open_fake(&g, 1);
	struct mdgpu_profile *p;
	struct mdgpu_gpu *gpu;
	size_t i = 0;

	assert_non_null(ctx);
	assert_int_equal(mdgpu_ctx__gpu_cnt(ctx), 1);
	gpu = mdgpu_ctx__next_gpu(ctx, NULL);
	assert_string_equal(mdgpu_gpu__name(gpu), "gpu0");
	assert_int_equal(mdgpu_gpu__id(gpu), 0);
	assert_string_equal(mdgpu_gpu__backend(gpu), "sim");
	assert_int_equal(mdgpu_gpu__compute_units(gpu), 4);
	assert_int_equal(mdgpu_gpu__shared_compute_units(gpu), 4);
	assert_true(mdgpu_gpu__memory_bytes(gpu) == 256 << 20);
	assert_int_equal(mdgpu_gpu__memory_slices(gpu), 16);
	assert_true(mdgpu_gpu__memory_slice_bytes(gpu) == 16 << 20);
	assert_int_equal(mdgpu_gpu__memory_free_slices(gpu), 16);
	assert_true(mdgpu_gpu__memory_free_bytes(gpu) == 256 << 20);
	assert_true(mdgpu_gpu__mdev_ready(gpu));
	assert_int_equal(mdgpu_gpu__sched_policy(gpu), MDGPU_SCHED_BEST_EFFORT);
	assert_int_equal(mdgpu_gpu__timeslice_us(gpu), 2000);
	assert_int_equal(mdgpu_gpu__sched_period_ms(gpu), 100);
	assert_int_equal(mdgpu_gpu__watchdog_ms(gpu), 2000);
	assert_int_equal(mdgpu_gpu__vgpu_cnt(gpu), 0);
	assert_int_equal(mdgpu_gpu__profile_cnt(gpu), 8);
	mdgpu_gpu__for_each_profile(p, gpu) {
		assert_true(i < 8);
		assert_string_equal(mdgpu_profile__name(p), want[i].name);
		assert_int_equal(mdgpu_profile__mode(p), want[i].mode);
		assert_int_equal(mdgpu_profile__compute_units(p), want[i].cus);
		assert_true(mdgpu_profile__memory_bytes(p) == want[i].mem);
		assert_int_equal(mdgpu_profile__available(p), want[i].avail);
		assert_int_equal(mdgpu_profile__max_instances(p), want[i].max);
		assert_int_equal(mdgpu_profile__placement_size(p),
				 want[i].psize);
		assert_ptr_equal(mdgpu_profile__gpu(p), gpu);
		i++;
	}
	assert_int_equal(i, 8);
	p = mdgpu_gpu__find_profile(gpu, "mdgpu-ts.64m");
	assert_non_null(p);
	assert_string_equal(mdgpu_profile__mdev_type(p), "mdgpu-ts.64m");
	assert_ptr_equal(mdgpu_gpu__find_profile(gpu, "ts.64m"), p);
	assert_null(mdgpu_gpu__find_profile(gpu, "ts.48m"));
	assert_int_equal(errno, ENOENT);
	assert_string_equal(msgs, "");
	mdgpu_ctx__close(ctx);
}

/*
 * gpu0: ts.64m at slices 0-3, ts.16m at 4, 1c.64m at slices 8-11 on CU 3.
 * Free: slices 5-7 and 12-15; CUs 0-2 shared.
 */
static const struct fake_vgpu layout[] = {
	{ .uuid = U1,
	  .profile = "ts.64m",
	  .slice_start = 0,
	  .qos = "weight=300 min_share=2500 max_share=8000 priority=3" },
	{ .uuid = U2,
	  .profile = "ts.16m",
	  .slice_start = 4,
	  .qos = "reserve=1000 timeslice_us=500" },
	{ .uuid = U3, .profile = "1c.64m", .slice_start = 8, .cu_start = 3 },
	{}
};

static void test_layout(void **state)
{
	const struct fake_gpu g[] = {
		{ .vgpus = layout }, { .compute_units = 8, .memory_mb = 1024 }
	};
	struct mdgpu_ctx *ctx = open_fake(g, 2);
	const struct mdgpu_placement *pl;
	struct mdgpu_gpu *gpu, *gpu1;
	struct mdgpu_vgpu *v;
	int n = 0;

	assert_non_null(ctx);
	assert_int_equal(mdgpu_ctx__gpu_cnt(ctx), 2);
	gpu = mdgpu_ctx__find_gpu(ctx, "gpu0");
	gpu1 = mdgpu_ctx__find_gpu(ctx, "1");
	assert_non_null(gpu);
	assert_non_null(gpu1);
	assert_ptr_equal(mdgpu_ctx__next_gpu(ctx, gpu), gpu1);
	assert_null(mdgpu_ctx__next_gpu(ctx, gpu1));
	assert_null(mdgpu_ctx__find_gpu(ctx, "gpu2"));
	assert_int_equal(errno, ENOENT);
	assert_null(mdgpu_ctx__find_gpu(ctx, "gpu"));
	assert_int_equal(mdgpu_gpu__memory_free_slices(gpu), 16 - 4 - 1 - 4);
	assert_int_equal(mdgpu_gpu__shared_compute_units(gpu), 3);
	/* Free aligned blocks: 16m: 5,6,7,12-15 = 7; 32m: 6-7, 12-13, 14-15 = 3. */
	assert_int_equal(mdgpu_profile__available(
				 mdgpu_gpu__find_profile(gpu, "ts.16m")),
			 7);
	assert_int_equal(mdgpu_profile__available(
				 mdgpu_gpu__find_profile(gpu, "ts.32m")),
			 3);
	assert_int_equal(mdgpu_profile__available(
				 mdgpu_gpu__find_profile(gpu, "ts.64m")),
			 1);
	assert_int_equal(mdgpu_profile__available(
				 mdgpu_gpu__find_profile(gpu, "ts.128m")),
			 0);
	/* CUs 0-2 free, but time-sliced vGPUs keep one: one 1c left after 2 - 1. */
	assert_int_equal(mdgpu_profile__available(
				 mdgpu_gpu__find_profile(gpu, "1c.64m")),
			 1);
	assert_int_equal(mdgpu_profile__available(
				 mdgpu_gpu__find_profile(gpu, "2c.128m")),
			 0);

	assert_int_equal(mdgpu_ctx__vgpu_cnt(ctx), 3);
	assert_int_equal(mdgpu_gpu__vgpu_cnt(gpu), 3);
	assert_int_equal(mdgpu_gpu__vgpu_cnt(gpu1), 0);
	mdgpu_ctx__for_each_vgpu(v, ctx) {
		assert_ptr_equal(mdgpu_vgpu__gpu(v), gpu);
		n++;
	}
	assert_int_equal(n, 3);

	v = mdgpu_ctx__find_vgpu(ctx, "11111111-1111-4111-8111-111111111111");
	assert_non_null(v);
	assert_string_equal(mdgpu_vgpu__uuid(v), U1);
	assert_string_equal(mdgpu_vgpu__profile_name(v), "ts.64m");
	assert_ptr_equal(mdgpu_vgpu__profile(v),
			 mdgpu_gpu__find_profile(gpu, "ts.64m"));
	assert_true(mdgpu_vgpu__memory_bytes(v) == 64 << 20);
	assert_int_equal(mdgpu_vgpu__weight(v), 300);
	assert_int_equal(mdgpu_vgpu__min_share(v), 2500);
	assert_int_equal(mdgpu_vgpu__max_share(v), 8000);
	assert_int_equal(mdgpu_vgpu__reserve(v), 0);
	assert_int_equal(mdgpu_vgpu__priority(v), 3);
	assert_int_equal(mdgpu_vgpu__timeslice_us(v), 0);

	v = mdgpu_ctx__find_vgpu(ctx, "22222222-2222-4222-8222-222222222222");
	assert_int_equal(mdgpu_vgpu__weight(v), 100);
	assert_int_equal(mdgpu_vgpu__max_share(v), 10000);
	assert_int_equal(mdgpu_vgpu__priority(v), 1);
	assert_int_equal(mdgpu_vgpu__reserve(v), 1000);
	assert_int_equal(mdgpu_vgpu__timeslice_us(v), 500);
	pl = mdgpu_vgpu__placement(v);
	assert_int_equal(pl->slice_start, 4);
	assert_int_equal(pl->slices, 1);
	assert_int_equal(pl->cus, 0);
	assert_true(pl->mem_offset == 4ULL * (16 << 20));

	/* The path is the mdev device's, below the root. */
	v = mdgpu_ctx__find_vgpu(ctx, U3);
	pl = mdgpu_vgpu__placement(v);
	assert_int_equal(pl->slice_start, 8);
	assert_int_equal(pl->slices, 4);
	assert_int_equal(pl->cu_start, 3);
	assert_int_equal(pl->cus, 1);
	assert_non_null(
		strstr(mdgpu_vgpu__sysfs_path(v), "/bus/mdev/devices/" U3));
	assert_int_equal(strncmp(mdgpu_vgpu__sysfs_path(v), root, strlen(root)),
			 0);

	assert_null(mdgpu_ctx__find_vgpu(ctx, U4));
	assert_int_equal(errno, ENOENT);
	assert_null(mdgpu_ctx__find_vgpu(ctx, "not-a-uuid"));
	assert_int_equal(errno, EINVAL);
	assert_string_equal(msgs, "");
	mdgpu_ctx__close(ctx);
}

static void test_upper_case_lookup(void **state)
{
	const struct fake_vgpu vs[] = {
		{ .uuid = "abcdef01-2345-4789-8bcd-0123456789ab",
		  .profile = "ts.16m" },
		{}
	};
	const struct fake_gpu g = { .vgpus = vs };
	struct mdgpu_ctx *ctx = open_fake(&g, 1);
	struct mdgpu_vgpu *v = mdgpu_ctx__find_vgpu(
		ctx, "abcdef01-2345-4789-8bcd-0123456789ab");

	assert_non_null(v);
	assert_ptr_equal(mdgpu_ctx__find_vgpu(
				 ctx, "ABCDEF01-2345-4789-8BCD-0123456789AB"),
			 v);
	assert_ptr_equal(mdgpu_ctx__find_vgpu(
				 ctx, "AbCdEf01-2345-4789-8bCd-0123456789aB"),
			 v);
	mdgpu_ctx__close(ctx);
}

static void test_sched_and_no_mdev(void **state)
{
	const struct fake_gpu g = {
		.sched =
			"sched_policy=weighted timeslice_us=500 sched_period_ms=20 watchdog_ms=0",
		.no_mdev = true,
		.slices = 8,
		.memory_mb = 64,
		.compute_units = 2,
	};
	struct mdgpu_ctx *ctx = open_fake(&g, 1);
	struct mdgpu_gpu *gpu = mdgpu_ctx__next_gpu(ctx, NULL);
	struct mdgpu_profile *p;

	assert_int_equal(mdgpu_gpu__sched_policy(gpu), MDGPU_SCHED_WEIGHTED);
	assert_int_equal(mdgpu_gpu__timeslice_us(gpu), 500);
	assert_int_equal(mdgpu_gpu__sched_period_ms(gpu), 20);
	assert_int_equal(mdgpu_gpu__watchdog_ms(gpu), 0);
	assert_false(mdgpu_gpu__mdev_ready(gpu));
	/* Without mdev types, the profile listing alone gives everything. */
	assert_int_equal(mdgpu_gpu__profile_cnt(gpu), 4 + 2);
	p = mdgpu_gpu__find_profile(gpu, "ts.32m");
	assert_non_null(p);
	assert_int_equal(mdgpu_profile__placement_size(p), 4);
	assert_int_equal(mdgpu_profile__available(p), 2);
	p = mdgpu_gpu__find_profile(gpu, "1c.32m");
	assert_non_null(p);
	assert_int_equal(mdgpu_profile__placement_size(p), 4);
	mdgpu_ctx__close(ctx);
}

static void test_ignores_other_entries(void **state)
{
	const struct fake_gpu g[] = { {}, {} };
	struct mdgpu_ctx *ctx;

	root = fake_sysfs_build(g, 2);
	fake_write(root, "class/mdgpu/gpu01/backend", "sim\n");
	fake_write(root, "class/mdgpu/control", "x\n");
	ctx = reopen();
	assert_non_null(ctx);
	assert_int_equal(mdgpu_ctx__gpu_cnt(ctx), 2);
	assert_string_equal(mdgpu_gpu__name(mdgpu_ctx__next_gpu(ctx, NULL)),
			    "gpu0");
	mdgpu_ctx__close(ctx);
}

/* Every listed file with bad content makes open fail with EPROTO, naming it. */
static void test_refuses_bad_content(void **state)
{
	static const struct {
		const char *rel;
		const char *text;
	} cases[] = {
		{ "class/mdgpu/gpu0/compute_units", "4\040\n" }, /* a space */
		{ "class/mdgpu/gpu0/compute_units", "four\n" },
		{ "class/mdgpu/gpu0/compute_units", "4" },
		{ "class/mdgpu/gpu0/memory_bytes", "-1\n" },
		{ "class/mdgpu/gpu0/memory_slices", "0\n" },
		{ "class/mdgpu/gpu0/memory_slice_bytes", "1\n" },
		{ "class/mdgpu/gpu0/memory_free_slices", "17\n" },
		{ "class/mdgpu/gpu0/shared_compute_units", "5\n" },
		{ "class/mdgpu/gpu0/backend", "s i m\n" },
		{ "class/mdgpu/gpu0/sched_policy", "fair\n" },
		{ "class/mdgpu/gpu0/timeslice_us", "2000us\n" },
		{ "class/mdgpu/gpu0/profiles",
		  "ts.16m timesliced 0 16777216 16\n" },
		{ "class/mdgpu/gpu0/profiles",
		  "ts.16m timesliced 0 16777216 16 16" },
		{ "class/mdgpu/gpu0/vgpus",
		  "11111111-1111-4111-8111-111111111111 ts.64m 0 4 0 0\n" },
		{ "class/mdgpu/gpu0/vgpus", "zz ts.64m 0 4 0 0 0\n" },
		{ "class/mdgpu/gpu0/mdev_supported_types/mdgpu-ts.64m/available_instances",
		  "x\n" },
		{ "class/mdgpu/gpu0/mdev_supported_types/mdgpu-ts.64m/description",
		  "mode=timesliced\ncompute_units=0\nmemory=67108864\nmax_instances=4\n" },
		{ "class/mdgpu/gpu0/mdev_supported_types/mdgpu-ts.64m/description",
		  "mode=spatial\ncompute_units=0\nmemory=67108864\nmax_instances=4\nplacement_size=4\n" },
		{ "class/mdgpu/gpu0/mdev_supported_types/mdgpu-ts.64m/description",
		  "mode=timesliced\ncompute_units=0\nmemory=1\nmax_instances=4\nplacement_size=4\n" },
		{ "class/mdgpu/gpu0/mdev_supported_types/mdgpu-ts.64m/description",
		  "mode=timesliced\ncompute_units=0\nmemory=67108864\nmax_instances=4\nplacement_size=0\n" },
		{ "bus/mdev/devices/" U1 "/mdgpu/gpu", "gpu1\n" },
		{ "bus/mdev/devices/" U1 "/mdgpu/weight", "100\n100\n" },
		{ "bus/mdev/devices/" U1 "/mdgpu/memory_bytes", "\n" },
		{ "bus/mdev/devices/" U1 "/mdgpu/placement",
		  "slice_start=0\nslices=4\n" },
		{ "bus/mdev/devices/" U1 "/mdgpu/placement",
		  "slice_start=0\nslices=4294967296\ncu_start=0\ncus=0\nmem_offset=0\n" },
	};
	const struct fake_gpu g = { .vgpus = layout };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		root = fake_sysfs_build(&g, 1);
		fake_write(root, cases[i].rel, cases[i].text);
		assert_null(reopen());
		if (errno != EPROTO)
			fail_msg("%s '%s': errno %d, not EPROTO", cases[i].rel,
				 cases[i].text, errno);
		if (!strstr(msgs, root))
			fail_msg("%s: the message does not name the file: %s",
				 cases[i].rel, msgs);
		fake_sysfs_destroy(root);
		root = NULL;
	}
}

static void test_missing_attribute(void **state)
{
	const struct fake_gpu g = {};

	root = fake_sysfs_build(&g, 1);
	fake_remove(root, "class/mdgpu/gpu0/watchdog_ms");
	assert_null(reopen());
	assert_int_equal(errno, ENOENT);
	assert_non_null(strstr(msgs, "watchdog_ms"));
}

/* A vGPU that went away between the listing and its directory is skipped. */
static void test_vanished_vgpu(void **state)
{
	const struct fake_gpu g = { .vgpus = layout };
	struct mdgpu_ctx *ctx;

	root = fake_sysfs_build(&g, 1);
	fake_rmtree(root, "bus/mdev/devices/" U2);
	ctx = reopen();
	assert_non_null(ctx);
	assert_int_equal(mdgpu_ctx__vgpu_cnt(ctx), 2);
	assert_null(mdgpu_ctx__find_vgpu(ctx, U2));
	assert_non_null(mdgpu_ctx__find_vgpu(ctx, U3));
	assert_string_equal(msgs, "");
	mdgpu_ctx__close(ctx);
}

static void test_refresh(void **state)
{
	const struct fake_gpu g = { .vgpus = layout };
	struct mdgpu_ctx *ctx = open_fake(&g, 1);
	struct mdgpu_vgpu *v;

	fake_write(root, "bus/mdev/devices/" U1 "/mdgpu/weight", "777\n");
	fake_write(root, "class/mdgpu/gpu0/sched_policy", "equal_share\n");
	v = mdgpu_ctx__find_vgpu(ctx, U1);
	assert_int_equal(mdgpu_vgpu__weight(v), 300);
	assert_int_equal(mdgpu_ctx__refresh(ctx), 0);
	v = mdgpu_ctx__find_vgpu(ctx, U1);
	assert_int_equal(mdgpu_vgpu__weight(v), 777);
	assert_int_equal(mdgpu_gpu__sched_policy(mdgpu_vgpu__gpu(v)),
			 MDGPU_SCHED_EQUAL_SHARE);
	fake_write(root, "class/mdgpu/gpu0/sched_policy", "bogus\n");
	assert_int_equal(mdgpu_ctx__refresh(ctx), -EPROTO);
	assert_int_equal(errno, EPROTO);
	assert_int_equal(mdgpu_ctx__gpu_cnt(ctx), 0);
	mdgpu_ctx__close(ctx);
}

/* mdgpu/in_use, errors and resets (MDGPU_0.2) through read_status. */
static void test_status(void **state)
{
	const struct fake_vgpu vs[] = { { .uuid = U1, .profile = "ts.16m" },
					{} };
	const struct fake_gpu g = { .vgpus = vs };
	struct mdgpu_ctx *ctx = open_fake(&g, 1);
	struct mdgpu_vgpu *v = mdgpu_ctx__find_vgpu(ctx, U1);
	struct mdgpu_vgpu_status st = { .sz = sizeof(st) };
	struct {
		size_t sz;
		bool in_use;
	} old = { .sz = sizeof(old) };

	st.in_use = true;
	st.errors = st.resets = 99;
	assert_int_equal(mdgpu_vgpu__read_status(v, &st), 0);
	assert_false(st.in_use);
	assert_true(st.errors == 0 && st.resets == 0);
	assert_int_equal(st.sz, sizeof(st));

	fake_write(root, "bus/mdev/devices/" U1 "/mdgpu/in_use", "1\n");
	fake_write(root, "bus/mdev/devices/" U1 "/mdgpu/errors", "3\n");
	fake_write(root, "bus/mdev/devices/" U1 "/mdgpu/resets",
		   "18446744073709551615\n");
	assert_int_equal(mdgpu_vgpu__read_status(v, &st), 0);
	assert_true(st.in_use);
	assert_true(st.errors == 3 && st.resets == UINT64_MAX);
	/* An older caller's smaller struct gets only what it knows. */
	assert_int_equal(
		mdgpu_vgpu__read_status(v, (struct mdgpu_vgpu_status *)&old),
		0);
	assert_true(old.in_use);
	assert_int_equal(old.sz, sizeof(old));

	/* Content the ABI does not allow is refused, naming the file. */
	fake_write(root, "bus/mdev/devices/" U1 "/mdgpu/in_use", "2\n");
	assert_int_equal(mdgpu_vgpu__read_status(v, &st), -EPROTO);
	assert_int_equal(errno, EPROTO);
	fake_write(root, "bus/mdev/devices/" U1 "/mdgpu/in_use", "0\n");
	fake_write(root, "bus/mdev/devices/" U1 "/mdgpu/errors", "-1\n");
	msgs[0] = '\0';
	assert_int_equal(mdgpu_vgpu__read_status(v, &st), -EPROTO);
	assert_non_null(strstr(msgs, "errors"));
	fake_write(root, "bus/mdev/devices/" U1 "/mdgpu/errors", "0\n");
	/* Modules older than these attributes: ENOENT. */
	fake_remove(root, "bus/mdev/devices/" U1 "/mdgpu/resets");
	assert_int_equal(mdgpu_vgpu__read_status(v, &st), -ENOENT);
	/* A struct too small for in_use, or none. */
	st.sz = 4;
	assert_int_equal(mdgpu_vgpu__read_status(v, &st), -EINVAL);
	assert_int_equal(mdgpu_vgpu__read_status(v, NULL), -EINVAL);
	mdgpu_ctx__close(ctx);
}

static void test_stats(void **state)
{
	const struct fake_vgpu vs[] = {
		{ .uuid = U1,
		  .profile = "ts.16m",
		  .stats =
			  "busy_ns=1000\nwait_ns=2000\noverrun_ns=3\nslices=4\ndispatches=5\n"
			  "preemptions=6\nthrottled=7\ncompleted=8\nqueued=9\nfuture=1\n" },
		{}
	};
	const struct fake_gpu g = { .vgpus = vs };
	struct mdgpu_ctx *ctx = open_fake(&g, 1);
	struct mdgpu_vgpu *v = mdgpu_ctx__find_vgpu(ctx, U1);
	struct mdgpu_vgpu_stats st = { .sz = sizeof(st) };
	struct mdgpu_latency_hist h = { .sz = sizeof(h) };
	struct {
		size_t sz;
		__u64 timestamp_ns, busy_ns;
	} old = { .sz = sizeof(old) };

	assert_int_equal(mdgpu_vgpu__read_stats(v, &st), 0);
	assert_true(st.timestamp_ns > 0);
	assert_true(st.busy_ns == 1000 && st.wait_ns == 2000 &&
		    st.overrun_ns == 3);
	assert_true(st.slices == 4 && st.dispatches == 5 &&
		    st.preemptions == 6);
	assert_true(st.throttled == 7 && st.completed == 8 && st.queued == 9);
	assert_int_equal(st.sz, sizeof(st));
	/* An older caller's smaller struct gets only what it knows. */
	assert_int_equal(
		mdgpu_vgpu__read_stats(v, (struct mdgpu_vgpu_stats *)&old), 0);
	assert_true(old.busy_ns == 1000);

	assert_int_equal(mdgpu_vgpu__read_latency_hist(v, &h), 0);
	assert_int_equal(h.nr_buckets, 24);
	assert_true(h.limit_ns[0] == 1024 && h.limit_ns[23] == UINT64_MAX);

	fake_write(root, "bus/mdev/devices/" U1 "/mdgpu/stats", "busy_ns=1\n");
	assert_int_equal(mdgpu_vgpu__read_stats(v, &st), -EPROTO);
	assert_non_null(strstr(msgs, "stats"));
	fake_write(root, "bus/mdev/devices/" U1 "/mdgpu/latency_hist", "1 2\n");
	assert_int_equal(mdgpu_vgpu__read_latency_hist(v, &h), -EPROTO);
	st.sz = 1;
	assert_int_equal(mdgpu_vgpu__read_stats(v, &st), -EINVAL);
	h.sz = 8;
	assert_int_equal(mdgpu_vgpu__read_latency_hist(v, &h), -EINVAL);
	mdgpu_ctx__close(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_not_loaded, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_no_gpus, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_opts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_gpu, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upper_case_lookup, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sched_and_no_mdev, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ignores_other_entries,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_bad_content, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_missing_attribute, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_vanished_vgpu, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status, setup, teardown),
	};

	return cmocka_run_group_tests_name("lib_read", tests, NULL, NULL);
}
