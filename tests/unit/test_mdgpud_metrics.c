// SPDX-License-Identifier: GPL-2.0-only
/*
 * mdgpud's metrics formatter (userspace/daemon/metrics.c): exact series for
 * a known snapshot (seconds from nanoseconds, ratios from basis points,
 * cumulative histogram buckets ending in +Inf equal to the count), label
 * escaping, series left out when their value is unknown, and the structure
 * the text format requires (one HELP and TYPE per family, before all of
 * its series, each series once).
 */
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
#define LA "{uuid=\"" UA "\",gpu=\"gpu0\",profile=\"ts.64m\"}"

static struct sbuf sb;

static void snapshot(struct mvgpu v[2], struct mgpu *g, struct mdaemon *d)
{
	memset(v, 0, 2 * sizeof(*v));
	memset(g, 0, sizeof(*g));
	memset(d, 0, sizeof(*d));
	*d = (struct mdaemon){ .config_ok = true,
			       .config_loads = 3,
			       .config_errors = 1,
			       .reconciles = 7,
			       .actions = 5,
			       .action_errors = 2,
			       .last_reconcile_ok = true,
			       .deferred = 1,
			       .owned = 1,
			       .idle_after_s = 600 };
	*g = (struct mgpu){ .name = "gpu0",
			    .compute_units = 4,
			    .shared_compute_units = 2,
			    .memory_bytes = 256 << 20,
			    .memory_free_bytes = 64 << 20,
			    .nr_vgpus = 2,
			    .utilization = 0.25 };
	v[0].uuid = UA;
	v[0].gpu = "gpu0";
	v[0].profile = "ts.64m";
	v[0].owned = true;
	v[0].memory_bytes = 64 << 20;
	v[0].qos[Q_WEIGHT] = 200;
	v[0].qos[Q_MIN_SHARE] = 2500;
	v[0].qos[Q_MAX_SHARE] = 10000;
	v[0].qos[Q_PRIORITY] = 1;
	v[0].qos[Q_TIMESLICE_US] = 500;
	v[0].stats.busy_ns = 1500000000ULL;
	v[0].stats.wait_ns = 250000ULL;
	v[0].stats.overrun_ns = 7;
	v[0].stats.completed = 42;
	v[0].stats.queued = 3;
	v[0].hist.nr_buckets = 4;
	v[0].hist.limit_ns[0] = 1000;
	v[0].hist.limit_ns[1] = 10000;
	v[0].hist.limit_ns[2] = 1000000000ULL;
	v[0].hist.limit_ns[3] = UINT64_MAX;
	v[0].hist.count[0] = 1;
	v[0].hist.count[1] = 2;
	v[0].hist.count[2] = 0;
	v[0].hist.count[3] = 3;
	v[0].has_status = true;
	v[0].status.in_use = true;
	v[0].status.errors = 4;
	v[0].status.resets = 9;
	v[0].utilization = 0.5;
	v[0].idle = false;
	v[0].idle_s = 1.25;
	/* A spatial vGPU of a module without the status attributes, never sampled. */
	v[1].uuid = UB;
	v[1].gpu = "gpu0";
	v[1].profile = "2c.\"x\\y\n";
	v[1].cus = 2;
	v[1].utilization = -1;
	v[1].idle = true;
	v[1].idle_s = -1;
}

static void format(void)
{
	struct mvgpu v[2];
	struct mgpu g;
	struct mdaemon d;

	sb_free(&sb);
	snapshot(v, &g, &d);
	metrics_format(&sb, &d, &g, 1, v, 2);
	assert_false(sb.failed);
	assert_int_equal(strlen(sb.buf), sb.len);
}

static void has_line(const char *line)
{
	char *want;
	const char *p;

	assert_true(asprintf(&want, "%s\n", line) > 0);
	p = strstr(sb.buf, want);
	if (!p || (p != sb.buf && p[-1] != '\n'))
		fail_msg("no line '%s' in:\n%s", line, sb.buf);
	free(want);
}

static void no_text(const char *text)
{
	if (strstr(sb.buf, text))
		fail_msg("'%s' should not be in the output", text);
}

static void test_values(void **state)
{
	format();
	has_line("mdgpud_config_valid 1");
	has_line("mdgpud_config_loads_total 3");
	has_line("mdgpud_config_rejected_total 1");
	has_line("mdgpud_reconciles_total 7");
	has_line("mdgpud_actions_total 5");
	has_line("mdgpud_action_errors_total 2");
	has_line("mdgpud_deferred_actions 1");
	has_line("mdgpud_owned_vgpus 1");
	has_line("mdgpud_idle_after_seconds 600");
	has_line("mdgpu_gpu_compute_units{gpu=\"gpu0\"} 4");
	has_line("mdgpu_gpu_shared_compute_units{gpu=\"gpu0\"} 2");
	has_line("mdgpu_gpu_memory_bytes{gpu=\"gpu0\"} 268435456");
	has_line("mdgpu_gpu_memory_free_bytes{gpu=\"gpu0\"} 67108864");
	has_line("mdgpu_gpu_vgpus{gpu=\"gpu0\"} 2");
	has_line("mdgpu_gpu_utilization_ratio{gpu=\"gpu0\"} 0.250000");
	has_line("mdgpu_gpu_idle_vgpus{gpu=\"gpu0\"} 1");
	has_line(
		"mdgpu_vgpu_info{uuid=\"" UA
		"\",gpu=\"gpu0\",profile=\"ts.64m\",mode=\"timesliced\",owned=\"true\"} 1");
	has_line("mdgpu_vgpu_memory_bytes" LA " 67108864");
	has_line("mdgpu_vgpu_busy_seconds_total" LA " 1.5");
	has_line("mdgpu_vgpu_wait_seconds_total" LA " 0.00025");
	has_line("mdgpu_vgpu_overrun_seconds_total" LA " 0.000000007");
	has_line("mdgpu_vgpu_commands_completed_total" LA " 42");
	has_line("mdgpu_vgpu_commands_queued" LA " 3");
	has_line("mdgpu_vgpu_utilization_ratio" LA " 0.500000");
	has_line("mdgpu_vgpu_errors_total" LA " 4");
	has_line("mdgpu_vgpu_resets_total" LA " 9");
	has_line("mdgpu_vgpu_in_use" LA " 1");
	has_line("mdgpu_vgpu_idle" LA " 0");
	has_line("mdgpu_vgpu_idle_seconds" LA " 1.250000");
	has_line("mdgpu_vgpu_qos_weight" LA " 200");
	has_line("mdgpu_vgpu_qos_min_share_ratio" LA " 0.2500");
	has_line("mdgpu_vgpu_qos_max_share_ratio" LA " 1.0000");
	has_line("mdgpu_vgpu_qos_priority" LA " 1");
	has_line("mdgpu_vgpu_qos_timeslice_seconds" LA " 0.0005");
	has_line("mdgpu_vgpu_compute_units" LA " 0");
}

static void test_histogram(void **state)
{
	const char *h = "mdgpu_vgpu_scheduling_latency_seconds";
	char line[256];

	format();
	snprintf(line, sizeof(line), "# TYPE %s histogram", h);
	has_line(line);
	/* Cumulative: 1, 1+2, 1+2+0, then +Inf = the count = 6. */
	snprintf(
		line, sizeof(line),
		"%s_bucket{uuid=\"%s\",gpu=\"gpu0\",profile=\"ts.64m\",le=\"0.000001\"} 1",
		h, UA);
	has_line(line);
	snprintf(
		line, sizeof(line),
		"%s_bucket{uuid=\"%s\",gpu=\"gpu0\",profile=\"ts.64m\",le=\"0.00001\"} 3",
		h, UA);
	has_line(line);
	snprintf(
		line, sizeof(line),
		"%s_bucket{uuid=\"%s\",gpu=\"gpu0\",profile=\"ts.64m\",le=\"1\"} 3",
		h, UA);
	has_line(line);
	snprintf(
		line, sizeof(line),
		"%s_bucket{uuid=\"%s\",gpu=\"gpu0\",profile=\"ts.64m\",le=\"+Inf\"} 6",
		h, UA);
	has_line(line);
	snprintf(line, sizeof(line), "%s_count" LA " 6", h);
	has_line(line);
	/* A vGPU with no buckets still ends in +Inf, equal to its count (0). */
	assert_non_null(strstr(sb.buf, "le=\"+Inf\"} 0\n"));
}

/* Label values escape backslash, quote and newline; unknowns are left out. */
static void test_escaping_and_unknowns(void **state)
{
	format();
	has_line("mdgpu_vgpu_compute_units{uuid=\"" UB
		 "\",gpu=\"gpu0\",profile=\"2c.\\\"x\\\\y\\n\"} 2");
	has_line(
		"mdgpu_vgpu_info{uuid=\"" UB
		"\",gpu=\"gpu0\",profile=\"2c.\\\"x\\\\y\\n\",mode=\"spatial\",owned=\"false\"} 1");
	has_line("mdgpu_vgpu_idle{uuid=\"" UB
		 "\",gpu=\"gpu0\",profile=\"2c.\\\"x\\\\y\\n\"} 1");
	no_text("mdgpu_vgpu_utilization_ratio{uuid=\"" UB);
	no_text("mdgpu_vgpu_errors_total{uuid=\"" UB);
	no_text("mdgpu_vgpu_in_use{uuid=\"" UB);
	no_text("mdgpu_vgpu_idle_seconds{uuid=\"" UB);
	no_text("_sum{");
}

/* Families: HELP then TYPE, once each, before their series; no series twice. */
static void test_structure(void **state)
{
	char *copy, *line, *save, fam[128] = "", type[32] = "";
	char **seen = NULL, **fams = NULL;
	size_t nr = 0, nr_fams = 0, i, n;
	int families = 0;

	format();
	copy = strdup(sb.buf);
	assert_non_null(copy);
	assert_int_equal(sb.buf[sb.len - 1], '\n');
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "# HELP ", 7)) {
			n = strcspn(line + 7, " ");
			snprintf(fam, sizeof(fam), "%.*s", (int)n, line + 7);
			for (i = 0; i < nr_fams; i++)
				if (!strcmp(fams[i], fam))
					fail_msg("family %s twice", fam);
			fams = realloc(fams, (nr_fams + 1) * sizeof(*fams));
			fams[nr_fams++] = strdup(fam);
			type[0] = '\0';
			families++;
			continue;
		}
		if (!strncmp(line, "# TYPE ", 7)) {
			n = strlen(fam);
			assert_int_equal(strncmp(line + 7, fam, n), 0);
			assert_int_equal(line[7 + n], ' ');
			snprintf(type, sizeof(type), "%s", line + 8 + n);
			assert_true(!strcmp(type, "gauge") ||
				    !strcmp(type, "counter") ||
				    !strcmp(type, "histogram"));
			continue;
		}
		assert_true(type[0]);
		n = strlen(fam);
		if (strncmp(line, fam, n))
			fail_msg("'%s' outside its family (now %s)", line, fam);
		if (!strcmp(type, "histogram"))
			assert_true(!strncmp(line + n, "_bucket{", 8) ||
				    !strncmp(line + n, "_count{", 7));
		else
			assert_true(line[n] == '{' || line[n] == ' ');
		if (!strcmp(type, "counter"))
			assert_int_equal(
				strcmp(fam + strlen(fam) - 6, "_total"), 0);
		/* The series, without its value, must be new. */
		for (i = 0; i < nr; i++)
			if (!strncmp(seen[i], line,
				     strrchr(line, ' ') - line) &&
			    seen[i][strrchr(line, ' ') - line] == '\0')
				fail_msg("series twice: %s", line);
		seen = realloc(seen, (nr + 1) * sizeof(*seen));
		seen[nr++] = strndup(line, strrchr(line, ' ') - line);
	}
	assert_true(families >= 40);
	for (i = 0; i < nr; i++)
		free(seen[i]);
	free(seen);
	for (i = 0; i < nr_fams; i++)
		free(fams[i]);
	free(fams);
	free(copy);
}

static int teardown(void **state)
{
	sb_free(&sb);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_values, teardown),
		cmocka_unit_test_teardown(test_histogram, teardown),
		cmocka_unit_test_teardown(test_escaping_and_unknowns, teardown),
		cmocka_unit_test_teardown(test_structure, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
