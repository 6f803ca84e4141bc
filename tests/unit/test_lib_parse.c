// SPDX-License-Identifier: GPL-2.0-only
/*
 * libmdgpu's strict parsers of what the kernel prints, its key=value
 * settings parser with the documented ranges, UUIDs and error strings:
 * every accepted form and every malformed one a kernel or a user could
 * hand it.
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

static char msgs[8192];

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

static void test_u64(void **state)
{
	__u64 v;

	assert_int_equal(parse_u64("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse_u64("123", &v), 0);
	assert_int_equal(v, 123);
	assert_int_equal(parse_u64("18446744073709551615", &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(parse_u64("18446744073709551616", &v), -ERANGE);
	assert_int_equal(parse_u64("99999999999999999999", &v), -ERANGE);
	assert_int_equal(parse_u64("", &v), -EINVAL);
	assert_int_equal(parse_u64("-1", &v), -EINVAL);
	assert_int_equal(parse_u64("+1", &v), -EINVAL);
	assert_int_equal(parse_u64(" 1", &v), -EINVAL);
	assert_int_equal(parse_u64("1 ", &v), -EINVAL);
	assert_int_equal(parse_u64("0x10", &v), -EINVAL);
	assert_int_equal(parse_u64("1e3", &v), -EINVAL);
	assert_int_equal(parse_u64("1\n", &v), -EINVAL);
}

static void test_u32(void **state)
{
	__u32 v;

	assert_int_equal(parse_u32("4294967295", &v), 0);
	assert_true(v == UINT32_MAX);
	assert_int_equal(parse_u32("4294967296", &v), -ERANGE);
	assert_int_equal(parse_u32("abc", &v), -EINVAL);
}

static void test_line_values(void **state)
{
	char word[16];
	__u64 v;
	__u32 w;

	assert_int_equal(parse_line_u64("268435456\n", &v), 0);
	assert_true(v == 268435456);
	assert_int_equal(parse_line_u64("5", &v), -EPROTO);
	assert_int_equal(parse_line_u64("5\n\n", &v), -EPROTO);
	assert_int_equal(parse_line_u64("5\n6\n", &v), -EPROTO);
	assert_int_equal(parse_line_u64("\n", &v), -EPROTO);
	assert_int_equal(parse_line_u64("", &v), -EPROTO);
	assert_int_equal(parse_line_u64(" 5\n", &v), -EPROTO);
	assert_int_equal(parse_line_u64("5\040\n", &v), -EPROTO); /* a space */
	assert_int_equal(parse_line_u64("123456789012345678901234567890\n", &v),
			 -EPROTO);
	assert_int_equal(parse_line_u32("4294967296\n", &w), -EPROTO);
	assert_int_equal(parse_line_u32("7\n", &w), 0);
	assert_int_equal(w, 7);

	assert_int_equal(parse_line_word("best_effort\n", word, sizeof(word)),
			 0);
	assert_string_equal(word, "best_effort");
	assert_int_equal(parse_line_word("a b\n", word, sizeof(word)), -EPROTO);
	assert_int_equal(parse_line_word("sim", word, sizeof(word)), -EPROTO);
	assert_int_equal(parse_line_word("\n", word, sizeof(word)), -EPROTO);
	assert_int_equal(parse_line_word("a\tb\n", word, sizeof(word)),
			 -EPROTO);
	assert_int_equal(parse_line_word("0123456789abcdef\n", word,
					 sizeof(word)),
			 -EPROTO);
	assert_int_equal(
		parse_line_word("0123456789abcde\n", word, sizeof(word)), 0);
}

static int kv(const char *text, __u64 *a, __u64 *b, char *mode)
{
	char buf[256];
	struct kv_field f[] = {
		KV_NUM("a", a, 1000),
		KV_NUM("b", b, UINT64_MAX),
		{ .key = "mode", .str = mode, .str_size = 16 },
	};

	snprintf(buf, sizeof(buf), "%s", text);
	return parse_kv(buf, f, 3);
}

static void test_kv(void **state)
{
	__u64 a = 0, b = 0;
	char mode[16];

	assert_int_equal(kv("a=1\nb=2\nmode=spatial\n", &a, &b, mode), 0);
	assert_true(a == 1 && b == 2);
	assert_string_equal(mode, "spatial");
	/* Order does not matter; unknown keys are skipped. */
	assert_int_equal(
		kv("mode=x\nnew_key=7\nb=18446744073709551615\na=1000\n", &a,
		   &b, mode),
		0);
	assert_true(a == 1000 && b == UINT64_MAX);
	assert_int_equal(kv("a=1001\nb=2\nmode=x\n", &a, &b, mode), -EPROTO);
	assert_int_equal(kv("a=1\nmode=x\n", &a, &b, mode), -EPROTO);
	assert_int_equal(kv("a=1\na=1\nb=2\nmode=x\n", &a, &b, mode), -EPROTO);
	assert_int_equal(kv("a=1\nb=2\nmode=x", &a, &b, mode), -EPROTO);
	assert_int_equal(kv("a=1\nb=2\nmode=x\nc\n", &a, &b, mode), -EPROTO);
	assert_int_equal(kv("a=1\nb=2\nmode=x\n\n", &a, &b, mode), -EPROTO);
	assert_int_equal(kv("a=1\nb=two\nmode=x\n", &a, &b, mode), -EPROTO);
	assert_int_equal(kv("a=1\nb=\nmode=x\n", &a, &b, mode), -EPROTO);
	assert_int_equal(kv("a=1\nb=2\nmode=\n", &a, &b, mode), -EPROTO);
	assert_int_equal(kv("a=1\nb=2\nmode=a b\n", &a, &b, mode), -EPROTO);
	assert_int_equal(kv("a = 1\nb=2\nmode=x\n", &a, &b, mode), -EPROTO);
	assert_int_equal(kv("=1\na=1\nb=2\nmode=x\n", &a, &b, mode), -EPROTO);
	assert_int_equal(kv("", &a, &b, mode), -EPROTO);
}

static int profile(const char *line, struct mdgpu_profile *p)
{
	char buf[256];

	memset(p, 0, sizeof(*p));
	snprintf(buf, sizeof(buf), "%s", line);
	return parse_profile_line(buf, p);
}

static void test_profile_line(void **state)
{
	struct mdgpu_profile p;

	assert_int_equal(profile("ts.64m timesliced 0 67108864 4 4", &p), 0);
	assert_string_equal(p.name, "ts.64m");
	assert_string_equal(p.mdev_type, "mdgpu-ts.64m");
	assert_int_equal(p.mode, MDGPU_MODE_TIMESLICED);
	assert_int_equal(p.compute_units, 0);
	assert_true(p.memory_bytes == 67108864);
	assert_int_equal(p.available, 4);
	assert_int_equal(p.max_instances, 4);
	assert_int_equal(profile("2c.128m spatial 2 134217728 1 2", &p), 0);
	assert_int_equal(p.mode, MDGPU_MODE_SPATIAL);
	assert_int_equal(p.compute_units, 2);
	assert_int_equal(p.available, 1);

	assert_int_equal(profile("ts.64m timesliced 0 67108864 4", &p),
			 -EPROTO);
	assert_int_equal(profile("ts.64m timesliced 0 67108864 4 4 9", &p),
			 -EPROTO);
	assert_int_equal(profile("ts.64m  timesliced 0 67108864 4 4", &p),
			 -EPROTO);
	assert_int_equal(profile("ts.64m timesliced 0 67108864 4 4 ", &p),
			 -EPROTO);
	assert_int_equal(profile("ts.64m mig 0 67108864 4 4", &p), -EPROTO);
	assert_int_equal(profile("ts.64m timesliced 1 67108864 4 4", &p),
			 -EPROTO);
	assert_int_equal(profile("1c.64m spatial 0 67108864 4 4", &p), -EPROTO);
	assert_int_equal(profile("ts.64m timesliced 0 0 4 4", &p), -EPROTO);
	assert_int_equal(profile("ts.64m timesliced 0 64m 4 4", &p), -EPROTO);
	assert_int_equal(profile("ts/64m timesliced 0 67108864 4 4", &p),
			 -EPROTO);
	assert_int_equal(profile("ts.64m timesliced 0 67108864 -1 4", &p),
			 -EPROTO);
	assert_int_equal(
		profile("a-very-long-profile-name-that-overflows timesliced 0 1 1 1",
			&p),
		-EPROTO);
	assert_int_equal(profile("", &p), -EPROTO);
}

static void test_vgpu_line(void **state)
{
	char buf[256], uuid[MDGPU_UUID_SIZE];

	snprintf(
		buf, sizeof(buf),
		"0E5F4A9C-2B1D-4C3E-9F8A-7B6C5D4E3F21 ts.64m 4 4 0 0 67108864");
	assert_int_equal(parse_vgpu_line(buf, uuid), 0);
	assert_string_equal(uuid, "0e5f4a9c-2b1d-4c3e-9f8a-7b6c5d4e3f21");
	snprintf(buf, sizeof(buf),
		 "0e5f4a9c-2b1d-4c3e-9f8a-7b6c5d4e3f21 ts.64m 4 4 0 0");
	assert_int_equal(parse_vgpu_line(buf, uuid), -EPROTO);
	snprintf(buf, sizeof(buf),
		 "0e5f4a9c-2b1d-4c3e-9f8a-7b6c5d4e3f2 ts.64m 4 4 0 0 1");
	assert_int_equal(parse_vgpu_line(buf, uuid), -EPROTO);
	snprintf(buf, sizeof(buf),
		 "0e5f4a9c-2b1d-4c3e-9f8a-7b6c5d4e3f21 ts.64m 4 x 0 0 1");
	assert_int_equal(parse_vgpu_line(buf, uuid), -EPROTO);
}

static void hist_text(char *buf, size_t size, int n, bool with_inf)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		len += snprintf(buf + len, size - len, "%llu %d\n",
				1024ULL << (i % 50), i);
	if (with_inf)
		snprintf(buf + len, size - len, "inf 99\n");
}

static void test_latency_hist(void **state)
{
	struct mdgpu_latency_hist h;
	char buf[4096];

	hist_text(buf, sizeof(buf), 23, true);
	assert_int_equal(parse_latency_hist(buf, &h), 0);
	assert_int_equal(h.nr_buckets, 24);
	assert_true(h.limit_ns[0] == 1024 && h.count[0] == 0);
	assert_true(h.limit_ns[22] == 1024ULL << 22 && h.count[22] == 22);
	assert_true(h.limit_ns[23] == UINT64_MAX && h.count[23] == 99);

	hist_text(buf, sizeof(buf), 23, false);
	assert_int_equal(parse_latency_hist(buf, &h), -EPROTO);
	hist_text(buf, sizeof(buf), 63, true);
	assert_int_equal(parse_latency_hist(buf, &h),
			 -EPROTO); /* limits wrap at 50 */
	snprintf(buf, sizeof(buf), "inf 1\n");
	assert_int_equal(parse_latency_hist(buf, &h), 0);
	assert_int_equal(h.nr_buckets, 1);
	snprintf(buf, sizeof(buf), "inf 1\n1024 2\n");
	assert_int_equal(parse_latency_hist(buf, &h), -EPROTO);
	snprintf(buf, sizeof(buf), "2048 1\n1024 2\ninf 0\n");
	assert_int_equal(parse_latency_hist(buf, &h), -EPROTO);
	snprintf(buf, sizeof(buf), "1024 1\n1024 2\ninf 0\n");
	assert_int_equal(parse_latency_hist(buf, &h), -EPROTO);
	snprintf(buf, sizeof(buf), "1024\ninf 0\n");
	assert_int_equal(parse_latency_hist(buf, &h), -EPROTO);
	snprintf(buf, sizeof(buf), "1024 x\ninf 0\n");
	assert_int_equal(parse_latency_hist(buf, &h), -EPROTO);
	snprintf(buf, sizeof(buf), "1024 1\ninf 0");
	assert_int_equal(parse_latency_hist(buf, &h), -EPROTO);
	snprintf(buf, sizeof(buf), "%s", "");
	assert_int_equal(parse_latency_hist(buf, &h), -EPROTO);
}

static void test_latency_hist_too_many(void **state)
{
	struct mdgpu_latency_hist h;
	char buf[8192];
	size_t len = 0;
	int i;

	for (i = 0; i < MDGPU_LAT_BUCKETS_MAX; i++)
		len += snprintf(buf + len, sizeof(buf) - len, "%d 0\n", i + 1);
	snprintf(buf + len, sizeof(buf) - len, "inf 0\n");
	assert_int_equal(parse_latency_hist(buf, &h), -EPROTO);
}

static void test_uuid(void **state)
{
	char out[MDGPU_UUID_SIZE], other[MDGPU_UUID_SIZE];
	int i;

	assert_int_equal(mdgpu_uuid_normalize(
				 "AbCdEf01-2345-6789-aBcD-0123456789aB", out),
			 0);
	assert_string_equal(out, "abcdef01-2345-6789-abcd-0123456789ab");
	assert_int_equal(mdgpu_uuid_normalize(
				 "abcdef01-2345-6789-abcd-0123456789a", out),
			 -EINVAL);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(mdgpu_uuid_normalize(
				 "abcdef01-2345-6789-abcd-0123456789abc", out),
			 -EINVAL);
	assert_int_equal(mdgpu_uuid_normalize(
				 "abcdef01-2345-6789-abcd0-123456789ab", out),
			 -EINVAL);
	assert_int_equal(mdgpu_uuid_normalize(
				 "abcdef01-2345-6789-abcd-0123456789ag", out),
			 -EINVAL);
	assert_int_equal(mdgpu_uuid_normalize(
				 "abcdef01_2345_6789_abcd_0123456789ab", out),
			 -EINVAL);
	assert_int_equal(mdgpu_uuid_normalize("", out), -EINVAL);
	assert_int_equal(mdgpu_uuid_normalize(NULL, out), -EINVAL);

	assert_int_equal(mdgpu_uuid_generate(out), 0);
	assert_int_equal(mdgpu_uuid_normalize(out, other), 0);
	assert_string_equal(out, other);
	assert_int_equal(out[14], '4');
	assert_non_null(strchr("89ab", out[19]));
	for (i = 0; i < 8; i++) {
		assert_int_equal(mdgpu_uuid_generate(other), 0);
		assert_string_not_equal(out, other);
	}
}

static void test_qos_parse(void **state)
{
	static const struct {
		const char *kv;
		int ret;
	} cases[] = {
		{ "weight=1", 0 },
		{ "weight=10000", 0 },
		{ "weight=0", -EINVAL },
		{ "weight=10001", -EINVAL },
		{ "min_share=0", 0 },
		{ "min_share=10000", 0 },
		{ "min_share=10001", -EINVAL },
		{ "max_share=1", 0 },
		{ "max_share=0", -EINVAL },
		{ "max_share=10000", 0 },
		{ "reserve=0", 0 },
		{ "reserve=10001", -EINVAL },
		{ "priority=0", 0 },
		{ "priority=3", 0 },
		{ "priority=4", -EINVAL },
		{ "timeslice_us=0", 0 },
		{ "timeslice_us=99", -EINVAL },
		{ "timeslice_us=100", 0 },
		{ "timeslice_us=1000000", 0 },
		{ "timeslice_us=1000001", -EINVAL },
		{ "weight=", -EINVAL },
		{ "weight=1x", -EINVAL },
		{ "weight=-1", -EINVAL },
		{ "weight=4294967296", -EINVAL },
		{ "weight", -EINVAL },
		{ "=5", -EINVAL },
		{ "wieght=5", -EINVAL },
		{ "sched_policy=weighted", -EINVAL },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		MDGPU_OPTS(mdgpu_qos_opts, o);

		msgs[0] = '\0';
		assert_int_equal(mdgpu_qos_opts__parse(&o, cases[i].kv),
				 cases[i].ret);
		assert_int_equal(o.mask != 0, cases[i].ret == 0);
		assert_int_equal(msgs[0] != '\0', cases[i].ret != 0);
	}
}

static void test_qos_parse_fields_and_messages(void **state)
{
	MDGPU_OPTS(mdgpu_qos_opts, o);

	assert_int_equal(mdgpu_qos_opts__parse(&o, "weight=250"), 0);
	assert_int_equal(mdgpu_qos_opts__parse(&o, "min_share=1000"), 0);
	assert_int_equal(mdgpu_qos_opts__parse(&o, "max_share=5000"), 0);
	assert_int_equal(mdgpu_qos_opts__parse(&o, "reserve=2000"), 0);
	assert_int_equal(mdgpu_qos_opts__parse(&o, "priority=2"), 0);
	assert_int_equal(mdgpu_qos_opts__parse(&o, "timeslice_us=500"), 0);
	assert_int_equal(o.mask, 0x3f);
	assert_int_equal(o.weight, 250);
	assert_int_equal(o.min_share, 1000);
	assert_int_equal(o.max_share, 5000);
	assert_int_equal(o.reserve, 2000);
	assert_int_equal(o.priority, 2);
	assert_int_equal(o.timeslice_us, 500);

	msgs[0] = '\0';
	assert_int_equal(mdgpu_qos_opts__parse(&o, "weight=0"), -EINVAL);
	assert_non_null(strstr(msgs, "weight takes 1-10000"));
	msgs[0] = '\0';
	assert_int_equal(mdgpu_qos_opts__parse(&o, "timeslice_us=5"), -EINVAL);
	assert_non_null(strstr(msgs, "0 or 100-1000000 us"));
	msgs[0] = '\0';
	assert_int_equal(mdgpu_qos_opts__parse(&o, "prio=1"), -EINVAL);
	assert_non_null(strstr(msgs, "unknown QoS setting 'prio'"));
	assert_non_null(strstr(
		msgs,
		"weight, min_share, max_share, reserve, priority, timeslice_us"));
	msgs[0] = '\0';
	assert_int_equal(mdgpu_qos_opts__parse(&o, "weight=abc"), -EINVAL);
	assert_non_null(strstr(msgs, "not a decimal number"));
	assert_int_equal(o.weight, 250);
}

static void test_sched_parse(void **state)
{
	static const struct {
		const char *kv;
		int ret;
	} cases[] = {
		{ "sched_policy=best_effort", 0 },
		{ "sched_policy=equal_share", 0 },
		{ "sched_policy=fixed_share", 0 },
		{ "sched_policy=weighted", 0 },
		{ "sched_policy=fair", -EINVAL },
		{ "sched_policy=", -EINVAL },
		{ "sched_policy=3", -EINVAL },
		{ "timeslice_us=100", 0 },
		{ "timeslice_us=99", -EINVAL },
		{ "timeslice_us=1000000", 0 },
		{ "timeslice_us=0", -EINVAL },
		{ "sched_period_ms=1", 0 },
		{ "sched_period_ms=0", -EINVAL },
		{ "sched_period_ms=10000", 0 },
		{ "sched_period_ms=10001", -EINVAL },
		{ "watchdog_ms=0", 0 },
		{ "watchdog_ms=9", -EINVAL },
		{ "watchdog_ms=10", 0 },
		{ "watchdog_ms=600000", 0 },
		{ "watchdog_ms=600001", -EINVAL },
		{ "policy=weighted", -EINVAL },
		{ "weight=5", -EINVAL },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		MDGPU_OPTS(mdgpu_sched_opts, o);

		assert_int_equal(mdgpu_sched_opts__parse(&o, cases[i].kv),
				 cases[i].ret);
		assert_int_equal(o.mask != 0, cases[i].ret == 0);
	}
}

static void test_sched_parse_fields(void **state)
{
	MDGPU_OPTS(mdgpu_sched_opts, o);

	assert_int_equal(
		mdgpu_sched_opts__parse(&o, "sched_policy=fixed_share"), 0);
	assert_int_equal(mdgpu_sched_opts__parse(&o, "timeslice_us=1500"), 0);
	assert_int_equal(mdgpu_sched_opts__parse(&o, "sched_period_ms=20"), 0);
	assert_int_equal(mdgpu_sched_opts__parse(&o, "watchdog_ms=0"), 0);
	assert_int_equal(o.mask, MDGPU_SCHED_SET_POLICY |
					 MDGPU_SCHED_SET_TIMESLICE_US |
					 MDGPU_SCHED_SET_PERIOD_MS |
					 MDGPU_SCHED_SET_WATCHDOG_MS);
	assert_int_equal(o.policy, MDGPU_SCHED_FIXED_SHARE);
	assert_int_equal(o.timeslice_us, 1500);
	assert_int_equal(o.sched_period_ms, 20);
	assert_int_equal(o.watchdog_ms, 0);
	msgs[0] = '\0';
	assert_int_equal(mdgpu_sched_opts__parse(&o, "sched_policy=fair"),
			 -EINVAL);
	assert_non_null(strstr(
		msgs, "best_effort, equal_share, fixed_share and weighted"));
}

static void test_opts_size_checks(void **state)
{
	struct {
		struct mdgpu_qos_opts o;
		__u64 future;
	} big = { .o = { .sz = sizeof(big) }, .future = 0 };
	struct mdgpu_qos_opts small = { .sz = 2 };

	assert_int_equal(mdgpu_qos_opts__parse(&big.o, "weight=5"), 0);
	big.future = 1;
	assert_int_equal(mdgpu_qos_opts__parse(&big.o, "weight=5"), -EINVAL);
	assert_int_equal(mdgpu_qos_opts__parse(&small, "weight=5"), -EINVAL);
	assert_int_equal(mdgpu_qos_opts__parse(NULL, "weight=5"), -EINVAL);
}

static void test_names(void **state)
{
	int i;

	for (i = 0; i < MDGPU_SCHED_POLICY_CNT; i++)
		assert_int_equal(
			mdgpu_sched_policy_parse(mdgpu_sched_policy_str(i)), i);
	assert_null(mdgpu_sched_policy_str(MDGPU_SCHED_POLICY_CNT));
	assert_int_equal(mdgpu_sched_policy_parse("Weighted"), -EINVAL);
	assert_int_equal(mdgpu_sched_policy_parse(NULL), -EINVAL);
	assert_string_equal(mdgpu_vgpu_mode_str(MDGPU_MODE_TIMESLICED),
			    "timesliced");
	assert_string_equal(mdgpu_vgpu_mode_str(MDGPU_MODE_SPATIAL), "spatial");
	assert_null(mdgpu_vgpu_mode_str(7));
}

static void test_strerror(void **state)
{
	assert_non_null(strstr(mdgpu_strerror(-ENOSPC), "no room"));
	assert_non_null(strstr(mdgpu_strerror(ENOSPC), "no room"));
	assert_non_null(strstr(mdgpu_strerror(-EEXIST), "UUID"));
	assert_non_null(strstr(mdgpu_strerror(-EACCES), "root"));
	assert_non_null(strstr(mdgpu_strerror(-EPERM), "root"));
	assert_non_null(strstr(mdgpu_strerror(-EPROTO), "versions"));
	assert_non_null(strstr(mdgpu_strerror(-ENODEV), "not loaded"));
	assert_non_null(strstr(mdgpu_strerror(-EINVAL), "range"));
	assert_non_null(strstr(mdgpu_strerror(-EBUSY), "busy"));
	assert_string_equal(mdgpu_strerror(0), "success");
	assert_non_null(mdgpu_strerror(-EIO));
	assert_non_null(mdgpu_strerror(-99999));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_u64, setup),
		cmocka_unit_test_setup(test_u32, setup),
		cmocka_unit_test_setup(test_line_values, setup),
		cmocka_unit_test_setup(test_kv, setup),
		cmocka_unit_test_setup(test_profile_line, setup),
		cmocka_unit_test_setup(test_vgpu_line, setup),
		cmocka_unit_test_setup(test_latency_hist, setup),
		cmocka_unit_test_setup(test_latency_hist_too_many, setup),
		cmocka_unit_test_setup(test_uuid, setup),
		cmocka_unit_test_setup(test_qos_parse, setup),
		cmocka_unit_test_setup(test_qos_parse_fields_and_messages,
				       setup),
		cmocka_unit_test_setup(test_sched_parse, setup),
		cmocka_unit_test_setup(test_sched_parse_fields, setup),
		cmocka_unit_test_setup(test_opts_size_checks, setup),
		cmocka_unit_test_setup(test_names, setup),
		cmocka_unit_test_setup(test_strerror, setup),
	};

	return cmocka_run_group_tests_name("lib_parse", tests, NULL, NULL);
}
