// SPDX-License-Identifier: GPL-2.0-only
/*
 * mdgpud's config parser (userspace/daemon/config.c): valid files give the
 * values they say (and the defaults for what they leave out); every class
 * of malformed input is rejected whole, with "FILE:LINE: reason" naming the
 * right line and a reason that says what is wrong.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mdgpud.h"

#define U1 "0e5f4a9c-2b1d-4c3e-9f8a-7b6c5d4e3f21"
#define U2 "7d4be5a0-1c2f-4e8a-9b3d-2f6a8c0e1b47"
#define U3 "11111111-2222-4333-8444-555555555555"

static char err[16384];

static int parse(const char *text, struct dconf *c)
{
	return conf_parse(text, strlen(text), "t.conf", c, err, sizeof(err));
}

static void test_valid_full(void **state)
{
	struct dconf c;
	const struct dvgpu *v;

	assert_int_equal(parse("# comment\n"
			       "; also a comment\n"
			       "\n"
			       "[daemon]\n"
			       "idle_after_s = 30   # inline comment\n"
			       "resync_s=2\n"
			       "[gpu 0]\n"
			       "sched_policy = weighted\n"
			       "watchdog_ms = 0\n"
			       "  [vgpu " U1 "]\t# header comment\n"
			       "\tgpu = gpu0\n"
			       "profile = mdgpu-ts.64m\n"
			       "slice_start = 8\n"
			       "weight = 300\n"
			       "min_share = 1000\n"
			       "max_share = 5000\n"
			       "reserve = 2000\n"
			       "priority = 3\n"
			       "timeslice_us = 500\n"
			       "[vgpu 7D4BE5A0-1C2F-4E8A-9B3D-2F6A8C0E1B47]\r\n"
			       "gpu = 0\r\n"
			       "profile = 2c.128m\r\n"
			       "cu_start = 2",
			       &c),
			 0);
	assert_string_equal(err, "");
	assert_int_equal(c.idle_after_s, 30);
	assert_int_equal(c.resync_s, 2);
	assert_int_equal(c.nr_gpus, 1);
	assert_string_equal(c.gpus[0].name, "gpu0");
	assert_int_equal(c.gpus[0].set,
			 MDGPU_SCHED_SET_POLICY | MDGPU_SCHED_SET_WATCHDOG_MS);
	assert_int_equal(c.gpus[0].sched[S_POLICY], MDGPU_SCHED_WEIGHTED);
	assert_int_equal(c.gpus[0].sched[S_WATCHDOG_MS], 0);
	assert_int_equal(c.nr_vgpus, 2);
	v = conf_find_vgpu(&c, U1);
	assert_non_null(v);
	assert_int_equal(v->line, 10);
	assert_string_equal(v->gpu, "gpu0");
	assert_string_equal(v->profile, "ts.64m");
	assert_int_equal(v->slice_start, 8);
	assert_int_equal(v->cu_start, MDGPU_PLACEMENT_KEEP);
	assert_int_equal(v->qos[Q_WEIGHT], 300);
	assert_int_equal(v->qos[Q_MIN_SHARE], 1000);
	assert_int_equal(v->qos[Q_MAX_SHARE], 5000);
	assert_int_equal(v->qos[Q_RESERVE], 2000);
	assert_int_equal(v->qos[Q_PRIORITY], 3);
	assert_int_equal(v->qos[Q_TIMESLICE_US], 500);
	assert_int_equal(v->qos_set, 0x3f);
	v = conf_find_vgpu(&c, U2);
	assert_non_null(v);
	assert_string_equal(v->profile, "2c.128m");
	assert_int_equal(v->cu_start, 2);
	assert_int_equal(v->slice_start, MDGPU_PLACEMENT_KEEP);
	conf_free(&c);
}

static void test_defaults(void **state)
{
	struct dconf c;

	assert_int_equal(parse("[vgpu " U1 "]\ngpu=gpu3\nprofile=ts.16m\n", &c),
			 0);
	assert_int_equal(c.idle_after_s, MDGPUD_DEFAULT_IDLE_AFTER_S);
	assert_int_equal(c.resync_s, MDGPUD_DEFAULT_RESYNC_S);
	assert_int_equal(c.vgpus[0].qos[Q_WEIGHT], 100);
	assert_int_equal(c.vgpus[0].qos[Q_MIN_SHARE], 0);
	assert_int_equal(c.vgpus[0].qos[Q_MAX_SHARE], 10000);
	assert_int_equal(c.vgpus[0].qos[Q_RESERVE], 0);
	assert_int_equal(c.vgpus[0].qos[Q_PRIORITY], 1);
	assert_int_equal(c.vgpus[0].qos[Q_TIMESLICE_US], 0);
	assert_int_equal(c.vgpus[0].qos_set, 0);
	assert_string_equal(c.vgpus[0].gpu, "gpu3");
	conf_free(&c);
	/* An empty file is a valid config that wants nothing. */
	assert_int_equal(parse("", &c), 0);
	assert_int_equal(c.nr_vgpus, 0);
	conf_free(&c);
}

/* The sums of guarantees count only time-sliced vGPUs of the same GPU. */
static void test_share_sums_per_gpu(void **state)
{
	struct dconf c;

	assert_int_equal(
		parse("[vgpu " U1 "]\ngpu=0\nprofile=ts.16m\nmin_share=6000\n"
		      "[vgpu " U2 "]\ngpu=1\nprofile=ts.16m\nmin_share=6000\n"
		      "[vgpu " U3 "]\ngpu=0\nprofile=1c.16m\nmin_share=6000\n",
		      &c),
		0);
	conf_free(&c);
}

struct bad {
	const char *name;
	const char *text;
	unsigned int line;
	const char *reason;
};

#define VG "[vgpu " U1 "]\ngpu = gpu0\nprofile = ts.16m\n"

static const struct bad bad[] = {
	{ "header without ]", "[vgpu " U1 "\n", 1, "lacks its closing ']'" },
	{ "text after ]", "[daemon] x\n", 1, "text after the section header" },
	{ "empty header", "\n[ ]\n", 2, "empty section header" },
	{ "unknown section", "[vm foo]\n", 1, "unknown section 'vm'" },
	{ "daemon with a name", "[daemon x]\n", 1, "[daemon] takes no name" },
	{ "second daemon", "[daemon]\n[daemon]\n", 2,
	  "a second [daemon] section (the first is at line 1)" },
	{ "gpu without name", "[gpu]\n", 1, "[gpu] needs a GPU name" },
	{ "bad gpu name", "[gpu card0]\n", 1, "'card0' is not a GPU name" },
	{ "gpu with two names", "[gpu gpu0 gpu1]\n", 1, "takes one name" },
	{ "duplicate gpu", "[gpu gpu0]\n[gpu 0]\n", 2,
	  "a second [gpu gpu0] section (the first is at line 1)" },
	{ "vgpu without uuid", "[vgpu]\n", 1, "[vgpu] needs a UUID" },
	{ "bad uuid", "[vgpu 1234]\n", 1, "'1234' is not a UUID" },
	{ "duplicate uuid",
	  VG
	  "[vgpu 0E5F4A9C-2B1D-4C3E-9F8A-7B6C5D4E3F21]\ngpu=0\nprofile=ts.16m\n",
	  4, "vGPU " U1 " is declared twice (first at line 1)" },
	{ "no equals sign", VG "weight 5\n", 4, "expected 'key = value'" },
	{ "no key", VG "= 5\n", 4, "'=' with no key" },
	{ "bad key characters", VG "Weight = 5\n", 4, "'Weight' is not a key" },
	{ "no value", VG "weight =\n", 4, "'weight' has no value" },
	{ "value only a comment", VG "weight = # none\n", 4,
	  "'weight' has no value" },
	{ "key before any section", "weight = 5\n", 1,
	  "comes before any section" },
	{ "unknown daemon key", "[daemon]\nidle = 5\n", 2,
	  "unknown key 'idle' in [daemon]; its keys are idle_after_s, resync_s" },
	{ "unknown gpu key", "[gpu 0]\nweight = 5\n", 2,
	  "unknown key 'weight' in [gpu gpu0]" },
	{ "unknown vgpu key", VG "colour = red\n", 4,
	  "unknown key 'colour' in [vgpu]; its keys are gpu, profile" },
	{ "duplicate key", VG "weight = 5\nweight = 6\n", 5,
	  "'weight' is set twice in this section (first at line 4)" },
	{ "duplicate gpu key", VG "gpu = gpu1\n", 4,
	  "'gpu' is set twice in this section (first at line 2)" },
	{ "not a number", VG "weight = abc\n", 4,
	  "weight=abc: not a decimal number; weight takes 1-10000" },
	{ "negative", VG "priority = -1\n", 4,
	  "priority=-1: not a decimal number" },
	{ "weight out of range", VG "weight = 0\n", 4,
	  "weight=0: out of range; weight takes 1-10000" },
	{ "share out of range", VG "min_share = 10001\n", 4,
	  "min_share=10001: out of range" },
	{ "priority out of range", VG "priority = 4\n", 4,
	  "priority=4: out of range" },
	{ "timeslice out of range", VG "timeslice_us = 50\n", 4,
	  "timeslice_us=50: out of range" },
	{ "unknown policy", "[gpu 0]\nsched_policy = fast\n", 2,
	  "sched_policy=fast: unknown policy" },
	{ "watchdog out of range", "[gpu 0]\nwatchdog_ms = 5\n", 2,
	  "watchdog_ms=5: out of range" },
	{ "idle_after_s not a number", "[daemon]\nidle_after_s = 1h\n", 2,
	  "idle_after_s=1h: takes 0 (never) or seconds" },
	{ "resync_s zero", "[daemon]\nresync_s = 0\n", 2,
	  "resync_s=0: takes 1-3600 seconds" },
	{ "resync_s leading zero", "[daemon]\nresync_s = 05\n", 2,
	  "resync_s=05: takes 1-3600" },
	{ "slice_start out of range", VG "slice_start = 64\n", 4,
	  "slice_start=64: takes a decimal number 0-63" },
	{ "bad gpu value", "[vgpu " U1 "]\ngpu = first\nprofile=ts.16m\n", 2,
	  "gpu=first: not a GPU name" },
	{ "profile without unit", "[vgpu " U1 "]\ngpu=0\nprofile = ts.64\n", 3,
	  "profile=ts.64: not a profile name" },
	{ "profile with odd units", "[vgpu " U1 "]\ngpu=0\nprofile = 3c.64m\n",
	  3, "profile=3c.64m: not a profile name" },
	{ "profile leading zero", "[vgpu " U1 "]\ngpu=0\nprofile = ts.064m\n",
	  3, "not a profile name" },
	{ "missing gpu", "[vgpu " U1 "]\nprofile = ts.16m\n", 1,
	  "[vgpu " U1 "] lacks 'gpu = gpuN'" },
	{ "missing profile", "[daemon]\n[vgpu " U1 "]\ngpu = 0\n[daemon]\n", 2,
	  "lacks 'profile = NAME'" },
	{ "cu_start on time-sliced", VG "cu_start = 1\n", 4,
	  "cu_start is for spatial profiles, and ts.16m is time-sliced" },
	{ "min above max", VG "max_share = 2000\nmin_share = 3000\n", 5,
	  "min_share 3000 is above max_share 2000" },
	{ "guarantees over 100%",
	  VG "min_share = 6000\n[vgpu " U2
	     "]\ngpu=0\nprofile=ts.16m\nmin_share=5000\n",
	  5,
	  "the min_shares of the time-sliced vGPUs on gpu0 add up to 11000 here, over 10000" },
	{ "reservations over 100%",
	  VG "reserve = 6000\n[vgpu " U2
	     "]\ngpu=0\nprofile=ts.16m\nreserve=4001\n",
	  5,
	  "the reserves of the time-sliced vGPUs on gpu0 add up to 10001 here" },
};

static void test_malformed(void **state)
{
	char want[256];
	struct dconf c;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&c, 0x5a, sizeof(c));
		print_message("case: %s\n", bad[i].name);
		assert_int_equal(parse(bad[i].text, &c), -EINVAL);
		snprintf(want, sizeof(want), "t.conf:%u: ", bad[i].line);
		if (strncmp(err, want, strlen(want)) ||
		    !strstr(err, bad[i].reason))
			fail_msg("%s: expected '%s%s', got '%s'", bad[i].name,
				 want, bad[i].reason, err);
		/* Rejected whole: nothing of it comes back. */
		assert_null(c.vgpus);
		assert_null(c.gpus);
		assert_int_equal(c.nr_vgpus, 0);
	}
}

static void test_line_too_long(void **state)
{
	char text[2048] = VG "# ";
	struct dconf c;
	size_t n = strlen(text);

	memset(text + n, 'x', MDGPUD_MAX_LINE);
	text[n + MDGPUD_MAX_LINE] = '\0';
	assert_int_equal(parse(text, &c), -EINVAL);
	assert_non_null(strstr(err, "t.conf:4: line longer than 1024 bytes"));
	/* One byte less is a line like any other. */
	text[n + MDGPUD_MAX_LINE - 3] = '\0';
	assert_int_equal(parse(text, &c), 0);
	conf_free(&c);
}

static void test_nul_byte(void **state)
{
	static const char text[] = "[daemon]\nresync_s = 1\0\n";
	struct dconf c;

	assert_int_equal(conf_parse(text, sizeof(text) - 1, "t.conf", &c, err,
				    sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "t.conf:2: a NUL byte"));
}

static void test_too_big(void **state)
{
	size_t len = MDGPUD_MAX_CONFIG + 1;
	char *text = malloc(len);
	struct dconf c;

	assert_non_null(text);
	memset(text, '\n', len);
	assert_int_equal(conf_parse(text, len, "t.conf", &c, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "t.conf:1: the file has 1048577 bytes"));
	free(text);
}

/* Every error is reported, each on its line, up to the limit, then a count. */
static void test_many_errors(void **state)
{
	char text[4096] = "", want[64];
	struct dconf c;
	int i, n = 0;

	for (i = 0; i < MDGPUD_MAX_ERRORS + 5; i++)
		strcat(text, "oops\n");
	assert_int_equal(parse(text, &c), -EINVAL);
	for (i = 1; i <= MDGPUD_MAX_ERRORS; i++) {
		snprintf(want, sizeof(want), "t.conf:%d: expected", i);
		assert_non_null(strstr(err, want));
	}
	for (i = 0; err[i]; i++)
		n += err[i] == '\n';
	assert_int_equal(n, MDGPUD_MAX_ERRORS + 1);
	assert_non_null(strstr(err, "t.conf: 5 more errors\n"));
}

/* Errors in several places are all named, not only the first. */
static void test_errors_all_named(void **state)
{
	struct dconf c;

	assert_int_equal(parse("[daemon]\nresync_s = 0\n" VG "weight = 0\n",
			       &c),
			 -EINVAL);
	assert_non_null(strstr(err, "t.conf:2: resync_s=0"));
	assert_non_null(strstr(err, "t.conf:6: weight=0"));
}

static void test_load_missing_file(void **state)
{
	struct dconf c;

	assert_int_equal(conf_load("/nonexistent/mdgpud.conf", &c, err,
				   sizeof(err)),
			 -ENOENT);
	assert_non_null(
		strstr(err, "/nonexistent/mdgpud.conf: cannot read it"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_full),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_share_sums_per_gpu),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_line_too_long),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_many_errors),
		cmocka_unit_test(test_errors_all_named),
		cmocka_unit_test(test_load_missing_file),
	};

	mdgpu_set_print(NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
