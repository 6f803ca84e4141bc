// SPDX-License-Identifier: GPL-2.0-only
/*
 * libmdgpu's writes against fake sysfs trees: what it writes where, in
 * which order (sysfs_write() is wrapped to log every write and to make the
 * "kernel" refuse one with a chosen errno), that bad requests write
 * nothing, that refused ones are undone, and the messages that explain
 * each refusal with its cause and fix.
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
#define UNEW "99999999-9999-4999-8999-999999999999"
#define DEV1 "bus/mdev/devices/" U1 "/mdgpu/"

static char msgs[16384];
static char log_buf[8192];
static char *root;

/* The write whose path ends in fail_suffix fails with fail_err (once, or always). */
static const char *fail_suffix;
static int fail_err;
static bool fail_always;

int __wrap_sysfs_write(const char *r, const char *rel, const char *value)
{
	size_t len = strlen(log_buf), rl = strlen(rel);
	size_t sl = fail_suffix ? strlen(fail_suffix) : 0;

	snprintf(log_buf + len, sizeof(log_buf) - len, "%s=%.*s;", rel,
		 (int)strcspn(value, "\n"), value);
	if (fail_suffix && rl >= sl && !strcmp(rel + rl - sl, fail_suffix)) {
		if (!fail_always)
			fail_suffix = NULL;
		return fail_err;
	}
	return __real_sysfs_write(r, rel, value);
}

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
	log_buf[0] = '\0';
	fail_suffix = NULL;
	fail_always = false;
	mdgpu_set_print(capture);
	return 0;
}

static int teardown(void **state)
{
	fake_sysfs_destroy(root);
	root = NULL;
	return 0;
}

static void fail_next(const char *suffix, int err)
{
	fail_suffix = suffix;
	fail_err = err;
}

static void clear_logs(void)
{
	msgs[0] = '\0';
	log_buf[0] = '\0';
}

static const struct fake_vgpu two[] = {
	{ .uuid = U1,
	  .profile = "ts.64m",
	  .slice_start = 0,
	  .qos = "min_share=3000" },
	{ .uuid = U2,
	  .profile = "ts.16m",
	  .slice_start = 4,
	  .qos = "min_share=2000" },
	{ .uuid = UNEW, .profile = "ts.32m", .slice_start = 6, .hidden = true },
	{}
};

static struct mdgpu_ctx *open_root(void)
{
	MDGPU_OPTS(mdgpu_ctx_opts, opts, .sysfs_root = root);

	return mdgpu_ctx__open(&opts);
}

static struct mdgpu_ctx *open_two(void)
{
	const struct fake_gpu g = { .vgpus = two };

	root = fake_sysfs_build(&g, 1);
	return open_root();
}

static void assert_file(const char *rel, const char *want)
{
	char *got = fake_read(root, rel);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_set_each_qos(void **state)
{
	struct mdgpu_ctx *ctx = open_two();
	struct mdgpu_vgpu *v = mdgpu_ctx__find_vgpu(ctx, U1);

	assert_int_equal(mdgpu_vgpu__set_weight(v, 300), 0);
	assert_file(DEV1 "weight", "300\n");
	assert_int_equal(mdgpu_vgpu__weight(v), 300);
	assert_int_equal(mdgpu_vgpu__set_min_share(v, 2500), 0);
	assert_file(DEV1 "min_share", "2500\n");
	assert_int_equal(mdgpu_vgpu__set_max_share(v, 9000), 0);
	assert_file(DEV1 "max_share", "9000\n");
	assert_int_equal(mdgpu_vgpu__set_reserve(v, 1500), 0);
	assert_file(DEV1 "reserve", "1500\n");
	assert_int_equal(mdgpu_vgpu__set_priority(v, 0), 0);
	assert_file(DEV1 "priority", "0\n");
	assert_int_equal(mdgpu_vgpu__set_timeslice_us(v, 0), 0);
	assert_file(DEV1 "timeslice_us", "0\n");
	assert_int_equal(mdgpu_vgpu__set_timeslice_us(v, 700), 0);
	assert_file(DEV1 "timeslice_us", "700\n");
	assert_int_equal(mdgpu_vgpu__min_share(v), 2500);
	assert_int_equal(mdgpu_vgpu__max_share(v), 9000);
	assert_int_equal(mdgpu_vgpu__reserve(v), 1500);
	assert_int_equal(mdgpu_vgpu__priority(v), 0);
	assert_int_equal(mdgpu_vgpu__timeslice_us(v), 700);
	assert_string_equal(msgs, "");
	mdgpu_ctx__close(ctx);
}

static void test_qos_out_of_range_writes_nothing(void **state)
{
	MDGPU_OPTS(mdgpu_qos_opts, o,
		   .mask = MDGPU_QOS_SET_WEIGHT | MDGPU_QOS_SET_PRIORITY,
		   .weight = 200, .priority = 4);
	struct mdgpu_ctx *ctx = open_two();
	struct mdgpu_vgpu *v = mdgpu_ctx__find_vgpu(ctx, U1);

	assert_int_equal(mdgpu_vgpu__set_weight(v, 0), -EINVAL);
	assert_int_equal(errno, EINVAL);
	assert_non_null(
		strstr(msgs, "weight=0 is out of range; it takes 1-10000"));
	assert_int_equal(mdgpu_vgpu__set_weight(v, 10001), -EINVAL);
	assert_int_equal(mdgpu_vgpu__set_max_share(v, 0), -EINVAL);
	assert_int_equal(mdgpu_vgpu__set_priority(v, 4), -EINVAL);
	assert_int_equal(mdgpu_vgpu__set_timeslice_us(v, 99), -EINVAL);
	assert_int_equal(mdgpu_vgpu__set_min_share(v, 10001), -EINVAL);
	assert_int_equal(mdgpu_vgpu__set_qos(v, &o), -EINVAL);
	assert_string_equal(log_buf, "");
	assert_file(DEV1 "weight", "100\n");
	assert_int_equal(mdgpu_vgpu__weight(v), 100);
	mdgpu_ctx__close(ctx);
}

static void test_min_above_max_writes_nothing(void **state)
{
	MDGPU_OPTS(mdgpu_qos_opts, o,
		   .mask = MDGPU_QOS_SET_MIN_SHARE | MDGPU_QOS_SET_MAX_SHARE,
		   .min_share = 5000, .max_share = 4000);
	struct mdgpu_ctx *ctx = open_two();
	struct mdgpu_vgpu *v = mdgpu_ctx__find_vgpu(ctx, U1);

	assert_int_equal(mdgpu_vgpu__set_qos(v, &o), -EINVAL);
	assert_non_null(strstr(msgs, "min_share 5000 is above max_share 4000"));
	/* Against the current values too: min_share is 3000. */
	assert_int_equal(mdgpu_vgpu__set_max_share(v, 2999), -EINVAL);
	assert_string_equal(log_buf, "");
	mdgpu_ctx__close(ctx);
}

/* min_share and max_share go in the order that keeps min <= max at every step. */
static void test_share_write_order(void **state)
{
	MDGPU_OPTS(mdgpu_qos_opts, lower,
		   .mask = MDGPU_QOS_SET_MIN_SHARE | MDGPU_QOS_SET_MAX_SHARE,
		   .min_share = 1000, .max_share = 2000);
	MDGPU_OPTS(mdgpu_qos_opts, raise,
		   .mask = MDGPU_QOS_SET_MIN_SHARE | MDGPU_QOS_SET_MAX_SHARE,
		   .min_share = 4000, .max_share = 6000);
	MDGPU_OPTS(mdgpu_qos_opts, above,
		   .mask = MDGPU_QOS_SET_MIN_SHARE | MDGPU_QOS_SET_MAX_SHARE,
		   .min_share = 7000, .max_share = 8000);
	struct mdgpu_ctx *ctx = open_two();
	struct mdgpu_vgpu *v = mdgpu_ctx__find_vgpu(ctx, U1);

	/* 3000/10000 -> 1000/2000: min first (1000 <= 10000), then max. */
	assert_int_equal(mdgpu_vgpu__set_qos(v, &lower), 0);
	assert_string_equal(log_buf,
			    DEV1 "min_share=1000;" DEV1 "max_share=2000;");
	/* 1000/2000 -> 4000/6000: 4000 > 2000, so max first. */
	log_buf[0] = '\0';
	assert_int_equal(mdgpu_vgpu__set_qos(v, &raise), 0);
	assert_string_equal(log_buf,
			    DEV1 "max_share=6000;" DEV1 "min_share=4000;");
	/* 4000/6000 -> 7000/8000: max first again. */
	log_buf[0] = '\0';
	assert_int_equal(mdgpu_vgpu__set_qos(v, &above), 0);
	assert_string_equal(log_buf,
			    DEV1 "max_share=8000;" DEV1 "min_share=7000;");
	assert_file(DEV1 "min_share", "7000\n");
	assert_file(DEV1 "max_share", "8000\n");
	mdgpu_ctx__close(ctx);
}

/* The kernel refuses the last write: the earlier ones are written back. */
static void test_refused_qos_is_undone(void **state)
{
	MDGPU_OPTS(mdgpu_qos_opts, o,
		   .mask = MDGPU_QOS_SET_WEIGHT | MDGPU_QOS_SET_PRIORITY |
			   MDGPU_QOS_SET_MIN_SHARE,
		   .weight = 500, .priority = 2, .min_share = 9000);
	struct mdgpu_ctx *ctx = open_two();
	struct mdgpu_vgpu *v = mdgpu_ctx__find_vgpu(ctx, U1);

	fail_next("/min_share", -ENOSPC);
	assert_int_equal(mdgpu_vgpu__set_qos(v, &o), -ENOSPC);
	assert_int_equal(errno, ENOSPC);
	assert_string_equal(log_buf, DEV1 "weight=500;" DEV1 "priority=2;" DEV1
					  "min_share=9000;" DEV1
					  "priority=1;" DEV1 "weight=100;");
	assert_file(DEV1 "weight", "100\n");
	assert_file(DEV1 "priority", "1\n");
	assert_int_equal(mdgpu_vgpu__weight(v), 100);
	assert_int_equal(mdgpu_vgpu__priority(v), 1);
	/* The message says how much the others hold and what is left. */
	assert_non_null(strstr(msgs, "min_share=9000 refused"));
	assert_non_null(strstr(msgs, "more than 10000 (100%)"));
	assert_non_null(
		strstr(msgs, "the others hold 2000, so at most 8000 is left"));
	mdgpu_ctx__close(ctx);
}

static void test_qos_kernel_errors_explained(void **state)
{
	static const struct {
		const char *suffix;
		int err;
		const char *want;
	} cases[] = {
		{ "/weight", -EINVAL,
		  "weight=5 refused: out of range; it takes 1-10000" },
		{ "/weight", -EACCES, "needs root" },
		{ "/weight", -EPERM, "needs root" },
		{ "/weight", -ENOENT, "does not exist" },
		{ "/weight", -EBUSY, "busy" },
		{ "/weight", -EIO, "Input/output error" },
	};
	struct mdgpu_ctx *ctx = open_two();
	struct mdgpu_vgpu *v = mdgpu_ctx__find_vgpu(ctx, U1);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		clear_logs();
		fail_next(cases[i].suffix, cases[i].err);
		assert_int_equal(mdgpu_vgpu__set_weight(v, 5), cases[i].err);
		assert_int_equal(errno, -cases[i].err);
		if (!strstr(msgs, cases[i].want))
			fail_msg("errno %d: '%s' lacks '%s'", cases[i].err,
				 msgs, cases[i].want);
		assert_int_equal(mdgpu_vgpu__weight(v), 100);
	}
	clear_logs();
	fail_next("/max_share", -EINVAL);
	assert_int_equal(mdgpu_vgpu__set_max_share(v, 5000), -EINVAL);
	assert_non_null(strstr(msgs, "at least min_share (now 3000)"));
	mdgpu_ctx__close(ctx);
}

static void test_create(void **state)
{
	struct mdgpu_ctx *ctx = open_two();
	struct mdgpu_gpu *gpu = mdgpu_ctx__find_gpu(ctx, "gpu0");
	struct mdgpu_vgpu *v;

	v = mdgpu_gpu__create_vgpu(
		gpu, "ts.32m",
		&(struct mdgpu_create_opts){
			.sz = sizeof(struct mdgpu_create_opts), .uuid = UNEW });
	assert_non_null(v);
	assert_string_equal(
		log_buf,
		"class/mdgpu/gpu0/mdev_supported_types/mdgpu-ts.32m/create=" UNEW
		";");
	assert_file("class/mdgpu/gpu0/mdev_supported_types/mdgpu-ts.32m/create",
		    UNEW);
	assert_string_equal(mdgpu_vgpu__uuid(v), UNEW);
	assert_string_equal(mdgpu_vgpu__profile_name(v), "ts.32m");
	assert_int_equal(mdgpu_vgpu__placement(v)->slice_start, 6);
	assert_ptr_equal(mdgpu_ctx__find_vgpu(ctx, UNEW), v);
	assert_int_equal(mdgpu_gpu__vgpu_cnt(gpu), 3);
	assert_string_equal(msgs, "");
	mdgpu_ctx__close(ctx);
}

static void test_create_by_mdev_type_upper_uuid(void **state)
{
	MDGPU_OPTS(mdgpu_create_opts, o,
		   .uuid = "99999999-9999-4999-8999-999999999999");
	struct mdgpu_ctx *ctx = open_two();
	struct mdgpu_gpu *gpu = mdgpu_ctx__find_gpu(ctx, "0");
	struct mdgpu_vgpu *v = mdgpu_gpu__create_vgpu(gpu, "mdgpu-ts.32m", &o);

	assert_non_null(v);
	assert_file("class/mdgpu/gpu0/mdev_supported_types/mdgpu-ts.32m/create",
		    UNEW);
	mdgpu_ctx__close(ctx);
}

/* A generated UUID is a version-4 UUID; the fake cannot make it appear. */
static void test_create_generated_uuid(void **state)
{
	struct mdgpu_ctx *ctx = open_two();
	struct mdgpu_gpu *gpu = mdgpu_ctx__find_gpu(ctx, "gpu0");
	char *written, norm[MDGPU_UUID_SIZE];

	assert_null(mdgpu_gpu__create_vgpu(gpu, "ts.16m", NULL));
	assert_int_equal(errno, ENOENT);
	assert_non_null(strstr(msgs, "cannot read it back"));
	written = fake_read(
		root,
		"class/mdgpu/gpu0/mdev_supported_types/mdgpu-ts.16m/create");
	assert_int_equal(mdgpu_uuid_normalize(written, norm), 0);
	assert_string_equal(written, norm);
	assert_int_equal(written[14], '4');
	free(written);
	mdgpu_ctx__close(ctx);
}

static void test_create_refusals_write_nothing(void **state)
{
	MDGPU_OPTS(mdgpu_create_opts, bad_uuid, .uuid = "9999");
	MDGPU_OPTS(mdgpu_qos_opts, bad_qos, .mask = MDGPU_QOS_SET_WEIGHT,
		   .weight = 0);
	MDGPU_OPTS(mdgpu_create_opts, with_bad_qos, .uuid = UNEW,
		   .qos = &bad_qos);
	struct mdgpu_ctx *ctx = open_two();
	struct mdgpu_gpu *gpu = mdgpu_ctx__find_gpu(ctx, "gpu0");

	assert_null(mdgpu_gpu__create_vgpu(gpu, "ts.48m", NULL));
	assert_int_equal(errno, ENOENT);
	assert_non_null(strstr(
		msgs,
		"gpu0 has no profile 'ts.48m'; its profiles are ts.16m, ts.32m"));
	clear_logs();
	assert_null(mdgpu_gpu__create_vgpu(gpu, "ts.16m", &bad_uuid));
	assert_int_equal(errno, EINVAL);
	assert_non_null(strstr(msgs, "'9999' is not a UUID"));
	clear_logs();
	assert_null(mdgpu_gpu__create_vgpu(gpu, "ts.16m", &with_bad_qos));
	assert_int_equal(errno, EINVAL);
	assert_non_null(strstr(msgs, "weight=0 is out of range"));
	assert_string_equal(log_buf, "");
	mdgpu_ctx__close(ctx);
}

static void test_create_kernel_errors_explained(void **state)
{
	MDGPU_OPTS(mdgpu_create_opts, o, .uuid = UNEW);
	static const struct {
		int err;
		const char *want;
	} cases[] = {
		{ -EEXIST, "UUID " UNEW
			   " is already in use by another mediated device" },
		{ -ENOSPC,
		  "no room: the profile needs 2 aligned free memory slice(s) and gpu0 has 11 of 16 slices free; destroy a vGPU on gpu0 or choose a smaller profile" },
		{ -EACCES, "needs root" },
		{ -ENODEV, "going away" },
		{ -ENOENT, "modprobe mdgpu_mdev" },
	};
	struct mdgpu_ctx *ctx = open_two();
	struct mdgpu_gpu *gpu = mdgpu_ctx__find_gpu(ctx, "gpu0");
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		clear_logs();
		fail_next("/create", cases[i].err);
		assert_null(mdgpu_gpu__create_vgpu(gpu, "ts.32m", &o));
		assert_int_equal(errno, -cases[i].err);
		if (!strstr(msgs, cases[i].want))
			fail_msg("errno %d: '%s' lacks '%s'", cases[i].err,
				 msgs, cases[i].want);
	}
	assert_int_equal(mdgpu_gpu__vgpu_cnt(gpu), 2);
	mdgpu_ctx__close(ctx);
}

/* Refused QoS after create: the vGPU is destroyed again. */
static void test_create_with_qos(void **state)
{
	MDGPU_OPTS(mdgpu_qos_opts, q,
		   .mask = MDGPU_QOS_SET_WEIGHT | MDGPU_QOS_SET_MIN_SHARE,
		   .weight = 50, .min_share = 6000);
	MDGPU_OPTS(mdgpu_create_opts, o, .uuid = UNEW, .qos = &q);
	struct mdgpu_ctx *ctx = open_two();
	struct mdgpu_gpu *gpu = mdgpu_ctx__find_gpu(ctx, "gpu0");
	struct mdgpu_vgpu *v;

	fail_next("/min_share", -ENOSPC);
	assert_null(mdgpu_gpu__create_vgpu(gpu, "ts.32m", &o));
	assert_int_equal(errno, ENOSPC);
	assert_string_equal(
		log_buf,
		"class/mdgpu/gpu0/mdev_supported_types/mdgpu-ts.32m/create=" UNEW
		";"
		"bus/mdev/devices/" UNEW "/mdgpu/weight=50;"
		"bus/mdev/devices/" UNEW "/mdgpu/min_share=6000;"
		"bus/mdev/devices/" UNEW "/mdgpu/weight=100;"
		"bus/mdev/devices/" UNEW "/remove=1;");
	assert_non_null(
		strstr(msgs, "the others hold 5000, so at most 5000 is left"));
	assert_non_null(strstr(msgs, "destroyed again"));
	assert_null(mdgpu_ctx__find_vgpu(ctx, UNEW));

	clear_logs();
	v = mdgpu_gpu__create_vgpu(gpu, "ts.32m", &o);
	assert_non_null(v);
	assert_file("bus/mdev/devices/" UNEW "/mdgpu/weight", "50\n");
	assert_file("bus/mdev/devices/" UNEW "/mdgpu/min_share", "6000\n");
	assert_int_equal(mdgpu_vgpu__min_share(v), 6000);
	mdgpu_ctx__close(ctx);
}

static void test_create_without_mdev(void **state)
{
	const struct fake_gpu g = { .no_mdev = true };
	struct mdgpu_ctx *ctx;

	root = fake_sysfs_build(&g, 1);
	ctx = open_root();
	assert_null(mdgpu_gpu__create_vgpu(mdgpu_ctx__next_gpu(ctx, NULL),
					   "ts.16m", NULL));
	assert_int_equal(errno, ENODEV);
	assert_non_null(strstr(msgs, "mdgpu_mdev is not loaded"));
	assert_string_equal(log_buf, "");
	mdgpu_ctx__close(ctx);
}

static void test_destroy(void **state)
{
	struct mdgpu_ctx *ctx = open_two();
	struct mdgpu_vgpu *v = mdgpu_ctx__find_vgpu(ctx, U2);
	struct mdgpu_vgpu_stats st = { .sz = sizeof(st) };

	fail_next("/remove", -EACCES);
	assert_int_equal(mdgpu_vgpu__destroy(v), -EACCES);
	assert_non_null(
		strstr(msgs, "cannot destroy " U2 ": permission denied"));
	assert_ptr_equal(mdgpu_ctx__find_vgpu(ctx, U2), v);
	clear_logs();
	assert_int_equal(mdgpu_vgpu__destroy(v), 0);
	assert_string_equal(log_buf, "bus/mdev/devices/" U2 "/remove=1;");
	assert_file("bus/mdev/devices/" U2 "/remove", "1\n");
	assert_null(mdgpu_ctx__find_vgpu(ctx, U2));
	assert_int_equal(mdgpu_ctx__vgpu_cnt(ctx), 1);
	assert_ptr_equal(mdgpu_ctx__next_vgpu(ctx, NULL),
			 mdgpu_ctx__find_vgpu(ctx, U1));
	assert_null(mdgpu_ctx__next_vgpu(ctx, mdgpu_ctx__find_vgpu(ctx, U1)));
	/* The handle still answers getters; changes are refused. */
	assert_string_equal(mdgpu_vgpu__uuid(v), U2);
	assert_int_equal(mdgpu_vgpu__set_weight(v, 5), -ENODEV);
	assert_int_equal(mdgpu_vgpu__destroy(v), -ENODEV);
	assert_int_equal(mdgpu_vgpu__read_stats(v, &st), -ENODEV);
	mdgpu_ctx__close(ctx);
}

#define S1 "55555555-5555-4555-8555-555555555555"
#define SDEV "bus/mdev/devices/" S1 "/mdgpu/"

/* mdgpu_vgpu__move() (MDGPU_0.2): what it writes, in which order, and undo. */
static void test_move(void **state)
{
	const struct fake_vgpu vs[] = {
		{ .uuid = U1, .profile = "ts.64m", .slice_start = 0 },
		{ .uuid = S1,
		  .profile = "1c.64m",
		  .slice_start = 8,
		  .cu_start = 1 },
		{}
	};
	const struct fake_gpu g = { .vgpus = vs };
	struct mdgpu_ctx *ctx;
	struct mdgpu_vgpu *ts, *sp;

	root = fake_sysfs_build(&g, 1);
	ctx = open_root();
	assert_non_null(ctx);
	ts = mdgpu_ctx__find_vgpu(ctx, U1);
	sp = mdgpu_ctx__find_vgpu(ctx, S1);
	assert_non_null(ts);
	assert_non_null(sp);

	/* Compute unit first, then the memory slice. */
	assert_int_equal(mdgpu_vgpu__move(sp, 12, 3), 0);
	assert_string_equal(log_buf, SDEV "cu_start=3;" SDEV "slice_start=12;");
	assert_file(SDEV "cu_start", "3");
	assert_file(SDEV "slice_start", "12");
	assert_string_equal(msgs, "");

	/* KEEP, or the current start, writes nothing for that part. */
	clear_logs();
	assert_int_equal(mdgpu_vgpu__move(sp, 4, MDGPU_PLACEMENT_KEEP), 0);
	assert_string_equal(log_buf, SDEV "slice_start=4;");
	clear_logs();
	assert_int_equal(mdgpu_vgpu__move(sp, 8, 1), 0);
	assert_string_equal(log_buf, "");
	clear_logs();
	assert_int_equal(mdgpu_vgpu__move(ts, 4, MDGPU_PLACEMENT_KEEP), 0);
	assert_string_equal(log_buf,
			    "bus/mdev/devices/" U1 "/mdgpu/slice_start=4;");

	/* A compute unit for a time-sliced vGPU: refused, nothing written. */
	clear_logs();
	assert_int_equal(mdgpu_vgpu__move(ts, 4, 1), -EINVAL);
	assert_int_equal(errno, EINVAL);
	assert_string_equal(log_buf, "");
	assert_non_null(strstr(msgs, "holds no compute units of its own"));

	/* The slice write refused: the compute-unit write is undone. */
	clear_logs();
	fail_next(SDEV "slice_start", -EBUSY);
	assert_int_equal(mdgpu_vgpu__move(sp, 0, 2), -EBUSY);
	assert_string_equal(log_buf, SDEV "cu_start=2;" SDEV
					  "slice_start=0;" SDEV "cu_start=1;");
	assert_file(SDEV "cu_start", "1");
	assert_non_null(strstr(msgs, "cannot move it to memory slice 0"));
	assert_non_null(strstr(msgs, "overlaps another vGPU"));

	/* Each refusal explained with its cause. */
	clear_logs();
	fail_next(SDEV "cu_start", -EINVAL);
	assert_int_equal(mdgpu_vgpu__move(sp, MDGPU_PLACEMENT_KEEP, 3),
			 -EINVAL);
	assert_non_null(
		strstr(msgs, "compute unit 3: misaligned or out of range"));
	clear_logs();
	fail_next(SDEV "cu_start", -ENOSPC);
	assert_int_equal(mdgpu_vgpu__move(sp, MDGPU_PLACEMENT_KEEP, 0),
			 -ENOSPC);
	assert_non_null(strstr(msgs, "left without a compute unit"));
	clear_logs();
	fail_next(SDEV "slice_start", -EACCES);
	assert_int_equal(mdgpu_vgpu__move(sp, 0, MDGPU_PLACEMENT_KEEP),
			 -EACCES);
	assert_non_null(strstr(msgs, "cannot move " S1));
	assert_non_null(strstr(msgs, "permission denied"));

	/* A destroyed vGPU: refused before any write. */
	clear_logs();
	assert_int_equal(mdgpu_vgpu__destroy(sp), 0);
	clear_logs();
	assert_int_equal(mdgpu_vgpu__move(sp, 0, 0), -ENODEV);
	assert_string_equal(log_buf, "");
	mdgpu_ctx__close(ctx);
}

#define GPU0 "class/mdgpu/gpu0/"

static void test_sched_set(void **state)
{
	MDGPU_OPTS(mdgpu_sched_opts, longer,
		   .mask = MDGPU_SCHED_SET_TIMESLICE_US |
			   MDGPU_SCHED_SET_PERIOD_MS,
		   .timeslice_us = 200000, .sched_period_ms = 500);
	MDGPU_OPTS(mdgpu_sched_opts, shorter,
		   .mask = MDGPU_SCHED_SET_TIMESLICE_US |
			   MDGPU_SCHED_SET_PERIOD_MS,
		   .timeslice_us = 1000, .sched_period_ms = 10);
	struct mdgpu_ctx *ctx = open_two();
	struct mdgpu_gpu *gpu = mdgpu_ctx__find_gpu(ctx, "gpu0");

	assert_int_equal(mdgpu_gpu__set_sched_policy(gpu, MDGPU_SCHED_WEIGHTED),
			 0);
	assert_file(GPU0 "sched_policy", "weighted\n");
	assert_int_equal(mdgpu_gpu__sched_policy(gpu), MDGPU_SCHED_WEIGHTED);
	assert_int_equal(mdgpu_gpu__set_watchdog_ms(gpu, 0), 0);
	assert_file(GPU0 "watchdog_ms", "0\n");
	/* A slice longer than the current period needs the period first. */
	log_buf[0] = '\0';
	assert_int_equal(mdgpu_gpu__set_sched(gpu, &longer), 0);
	assert_string_equal(log_buf, GPU0 "sched_period_ms=500;" GPU0
					  "timeslice_us=200000;");
	/* A period shorter than the current slice needs the slice first. */
	log_buf[0] = '\0';
	assert_int_equal(mdgpu_gpu__set_sched(gpu, &shorter), 0);
	assert_string_equal(log_buf, GPU0 "timeslice_us=1000;" GPU0
					  "sched_period_ms=10;");
	assert_int_equal(mdgpu_gpu__timeslice_us(gpu), 1000);
	assert_int_equal(mdgpu_gpu__sched_period_ms(gpu), 10);
	assert_string_equal(msgs, "");
	mdgpu_ctx__close(ctx);
}

static void test_sched_refusals(void **state)
{
	MDGPU_OPTS(mdgpu_sched_opts, both,
		   .mask = MDGPU_SCHED_SET_POLICY | MDGPU_SCHED_SET_PERIOD_MS,
		   .policy = MDGPU_SCHED_FIXED_SHARE, .sched_period_ms = 50);
	struct mdgpu_ctx *ctx = open_two();
	struct mdgpu_gpu *gpu = mdgpu_ctx__find_gpu(ctx, "gpu0");

	/* Longer than the period (100 ms): refused before writing. */
	assert_int_equal(mdgpu_gpu__set_timeslice_us(gpu, 200000), -EINVAL);
	assert_non_null(strstr(msgs, "longer than the period of 100 ms"));
	assert_int_equal(mdgpu_gpu__set_timeslice_us(gpu, 99), -EINVAL);
	assert_non_null(strstr(
		msgs,
		"timeslice_us=99 is out of range; it takes 100-1000000 us"));
	assert_int_equal(mdgpu_gpu__set_sched_period_ms(gpu, 1), -EINVAL);
	assert_int_equal(mdgpu_gpu__set_sched_period_ms(gpu, 10001), -EINVAL);
	assert_int_equal(mdgpu_gpu__set_watchdog_ms(gpu, 5), -EINVAL);
	assert_non_null(strstr(msgs, "0 or 10-600000 ms"));
	assert_int_equal(mdgpu_gpu__set_sched_policy(gpu,
						     MDGPU_SCHED_POLICY_CNT),
			 -EINVAL);
	assert_string_equal(log_buf, "");

	/* The kernel refuses the period: the policy is written back. */
	clear_logs();
	fail_next("/sched_period_ms", -EINVAL);
	assert_int_equal(mdgpu_gpu__set_sched(gpu, &both), -EINVAL);
	assert_string_equal(log_buf, GPU0 "sched_policy=fixed_share;" GPU0
					  "sched_period_ms=50;" GPU0
					  "sched_policy=best_effort;");
	assert_file(GPU0 "sched_policy", "best_effort\n");
	assert_int_equal(mdgpu_gpu__sched_policy(gpu), MDGPU_SCHED_BEST_EFFORT);
	assert_non_null(strstr(msgs, "sched_period_ms=50 refused"));
	assert_non_null(
		strstr(msgs, "at least the time slice (timeslice_us=2000)"));
	clear_logs();
	fail_next("/timeslice_us", -EINVAL);
	assert_int_equal(mdgpu_gpu__set_timeslice_us(gpu, 5000), -EINVAL);
	assert_non_null(strstr(
		msgs, "at most the period (sched_period_ms=100, 100000 us)"));
	clear_logs();
	fail_next("/watchdog_ms", -EACCES);
	assert_int_equal(mdgpu_gpu__set_watchdog_ms(gpu, 100), -EACCES);
	assert_non_null(strstr(msgs, "needs root"));
	clear_logs();
	fail_next("/sched_policy", -EPERM);
	assert_int_equal(mdgpu_gpu__set_sched_policy(gpu, MDGPU_SCHED_WEIGHTED),
			 -EPERM);
	assert_non_null(strstr(
		msgs,
		"gpu0: set sched_policy=weighted: permission denied writing "));
	assert_non_null(strstr(msgs, "/class/mdgpu/gpu0/sched_policy: "));
	assert_non_null(strstr(msgs, root));
	mdgpu_ctx__close(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_set_each_qos, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_qos_out_of_range_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_min_above_max_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_share_write_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refused_qos_is_undone,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_qos_kernel_errors_explained, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_create_by_mdev_type_upper_uuid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_generated_uuid,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_create_refusals_write_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_create_kernel_errors_explained, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_with_qos, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_create_without_mdev, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_destroy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_move, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sched_set, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sched_refusals, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("lib_write", tests, NULL, NULL);
}
