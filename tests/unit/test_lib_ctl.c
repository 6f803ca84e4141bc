// SPDX-License-Identifier: GPL-2.0-only
/*
 * mdgpuctl end to end on the host, against fake sysfs trees (--sysfs-root):
 * what each command prints in text and JSON, what it writes where, its exit
 * codes and messages; and, when run as root, that an unprivileged user's
 * changes are refused with exit status 4. The VM tests (t40-t44) do the
 * same against the real modules.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <grp.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "test_lib_fake.h"

#ifndef MDGPUCTL_PATH
#error "MDGPUCTL_PATH: the mdgpuctl binary under test"
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define U1 "11111111-1111-4111-8111-111111111111"
#define U2 "22222222-2222-4222-8222-222222222222"
#define UNEW "99999999-9999-4999-8999-999999999999"
#define DEV1 "bus/mdev/devices/" U1 "/mdgpu/"

static char *root;
static char *out, *errs;

/* Run mdgpuctl --sysfs-root ROOT ARGS... (as @uid unless -1); returns its exit status. */
static int run_as(int uid, const char *const *args)
{
	char ofile[] = "/tmp/mdgpuctl-out-XXXXXX",
	     efile[] = "/tmp/mdgpuctl-err-XXXXXX";
	const char *argv[32] = { MDGPUCTL_PATH, "--sysfs-root", root };
	int ofd = mkstemp(ofile), efd = mkstemp(efile), n = 3, status;
	pid_t pid;

	assert_true(ofd >= 0 && efd >= 0);
	while (*args && n < 31)
		argv[n++] = *args++;
	argv[n] = NULL;
	fchmod(ofd, 0666);
	fchmod(efd, 0666);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		dup2(ofd, 1);
		dup2(efd, 2);
		if (uid >= 0 &&
		    (setgroups(0, NULL) || setgid(uid) || setuid(uid)))
			_exit(126);
		execv(MDGPUCTL_PATH, (char *const *)argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	close(ofd);
	close(efd);
	free(out);
	free(errs);
	out = fake_read("/", ofile);
	errs = fake_read("/", efile);
	unlink(ofile);
	unlink(efile);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

#define RUN(...) run_as(-1, (const char *const[]){ __VA_ARGS__, NULL })

static void assert_has(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("'%s' lacks '%s'", text, want);
}

static void assert_file(const char *rel, const char *want)
{
	char *got = fake_read(root, rel);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static json_object *parse(const char *text)
{
	json_object *o = json_tokener_parse(text);

	if (!o)
		fail_msg("not JSON: %s", text);
	return o;
}

/* The value at a path of keys and array indexes ("vgpus", "0", "qos", "weight"). */
static json_object *at(json_object *o, ...)
{
	const char *k;
	va_list ap;

	va_start(ap, o);
	while (o && (k = va_arg(ap, const char *))) {
		if (json_object_is_type(o, json_type_array))
			o = json_object_array_get_idx(o, atoi(k));
		else if (!json_object_object_get_ex(o, k, &o))
			o = NULL;
	}
	va_end(ap);
	if (!o)
		fail_msg("no such key");
	return o;
}

static const struct fake_vgpu vgpus[] = {
	{ .uuid = U1,
	  .profile = "ts.64m",
	  .qos = "weight=300 min_share=2500",
	  .stats =
		  "busy_ns=5\nwait_ns=6\noverrun_ns=0\nslices=1\ndispatches=2\n"
		  "preemptions=0\nthrottled=0\ncompleted=7\nqueued=1\n" },
	{ .uuid = U2, .profile = "2c.128m", .slice_start = 8, .cu_start = 2 },
	{ .uuid = UNEW, .profile = "ts.16m", .slice_start = 4, .hidden = true },
	{}
};

static int setup(void **state)
{
	const struct fake_gpu g[] = { { .vgpus = vgpus }, { .no_mdev = true } };

	root = fake_sysfs_build(g, 2);
	chmod(root, 0755);
	return 0;
}

static int teardown(void **state)
{
	fake_sysfs_destroy(root);
	root = NULL;
	return 0;
}

static void test_gpus(void **state)
{
	json_object *o;

	assert_int_equal(RUN("gpus"), 0);
	assert_has(out, "GPU ");
	/* ts.64m (4 slices) and 2c.128m (8 slices, 2 CUs) leave 4 slices and 2 CUs. */
	assert_has(
		out,
		"gpu0  sim      4    2       256 MiB  64 MiB   4/16    2      best_effort  2000 us  100 ms  2000 ms\n");
	assert_int_equal(RUN("--json", "gpus"), 0);
	o = parse(out);
	assert_int_equal(json_object_array_length(at(o, "gpus", NULL)), 2);
	assert_string_equal(
		json_object_get_string(at(o, "gpus", "0", "name", NULL)),
		"gpu0");
	assert_int_equal(json_object_get_int64(at(o, "gpus", "0",
						  "memory_free_slices", NULL)),
			 4);
	assert_int_equal(json_object_get_int64(at(
				 o, "gpus", "0", "shared_compute_units", NULL)),
			 2);
	assert_false(json_object_get_boolean(at(o, "gpus", "1", "mdev", NULL)));
	json_object_put(o);
}

static void test_types(void **state)
{
	json_object *o, *t;
	size_t i;

	assert_int_equal(RUN("types", "0", "--json"), 0);
	o = parse(out);
	t = at(o, "types", NULL);
	assert_int_equal(json_object_array_length(t), 8);
	for (i = 0; i < json_object_array_length(t); i++) {
		json_object *p = json_object_array_get_idx(t, i);
		char rel[256], *want;

		snprintf(
			rel, sizeof(rel),
			"class/mdgpu/gpu0/mdev_supported_types/%s/available_instances",
			json_object_get_string(at(p, "mdev_type", NULL)));
		want = fake_read(root, rel);
		assert_int_equal(
			json_object_get_int64(at(p, "available", NULL)),
			atoi(want));
		free(want);
	}
	json_object_put(o);
	assert_int_equal(RUN("types"), 0);
	assert_has(out, "gpu1  ts.16m ");
	assert_has(errs, "gpu1 is not an mdev parent");
}

static void test_list_show(void **state)
{
	json_object *o;

	assert_int_equal(RUN("list"), 0);
	assert_has(
		out, U1
		"  gpu0  ts.64m   64 MiB   0-3     shared  300     2500       10000      0        1     0\n");
	assert_has(out,
		   U2 "  gpu0  2c.128m  128 MiB  8-15    2-3     100     0 ");
	assert_int_equal(RUN("list", "-j"), 0);
	o = parse(out);
	assert_int_equal(json_object_array_length(at(o, "vgpus", NULL)), 2);
	assert_int_equal(json_object_get_int64(
				 at(o, "vgpus", "0", "qos", "weight", NULL)),
			 300);
	assert_int_equal(json_object_get_int64(at(o, "vgpus", "1", "placement",
						  "cu_start", NULL)),
			 2);
	json_object_put(o);
	assert_int_equal(RUN("show", "11111111-1111-4111-8111-111111111111",
			     "--json"),
			 0);
	o = parse(out);
	assert_int_equal(
		json_object_get_int64(at(o, "stats", "completed", NULL)), 7);
	assert_int_equal(json_object_array_length(at(o, "latency_hist", NULL)),
			 24);
	assert_true(json_object_is_type(at(o, "latency_hist", "23", NULL),
					json_type_object));
	json_object_put(o);
	assert_int_equal(RUN("show", U1), 0);
	assert_has(out, "min_share:    2500 (25.00%)\n");
	assert_has(out, "completed:    7\n");
}

static void test_create(void **state)
{
	json_object *o;

	assert_int_equal(RUN("create", "gpu0", "ts.16m", "--uuid", UNEW,
			     "--weight", "42", "--priority", "0"),
			 0);
	assert_string_equal(out, UNEW "\n");
	assert_file("class/mdgpu/gpu0/mdev_supported_types/mdgpu-ts.16m/create",
		    UNEW);
	assert_file("bus/mdev/devices/" UNEW "/mdgpu/weight", "42\n");
	assert_file("bus/mdev/devices/" UNEW "/mdgpu/priority", "0\n");
	assert_int_equal(RUN("create", "gpu0", "mdgpu-ts.16m", "--uuid", UNEW,
			     "--json"),
			 0);
	o = parse(out);
	assert_string_equal(json_object_get_string(at(o, "uuid", NULL)), UNEW);
	json_object_put(o);
}

static void test_set_and_gpu_set(void **state)
{
	assert_int_equal(RUN("set", U1, "weight=77", "max_share=9000",
			     "timeslice_us=0"),
			 0);
	assert_string_equal(out, "");
	assert_file(DEV1 "weight", "77\n");
	assert_file(DEV1 "max_share", "9000\n");
	assert_int_equal(RUN("set", U1, "weight=5", "priority=4"), 2);
	assert_has(errs, "priority=4: out of range; priority takes 0-3");
	assert_file(DEV1 "weight", "77\n");
	assert_int_equal(RUN("set", U1, "max_share=2000"), 1);
	assert_has(errs, "a guarantee cannot exceed the cap");
	assert_int_equal(RUN("gpu-set", "gpu0", "sched_policy=weighted",
			     "watchdog_ms=0"),
			 0);
	assert_file("class/mdgpu/gpu0/sched_policy", "weighted\n");
	assert_file("class/mdgpu/gpu0/watchdog_ms", "0\n");
	assert_int_equal(RUN("gpu-set", "gpu0", "timeslice_us=200000"), 1);
	assert_has(errs, "longer than the period of 100 ms");
	assert_int_equal(RUN("-v", "gpu-set", "gpu0", "timeslice_us=200000",
			     "sched_period_ms=500"),
			 0);
	assert_has(errs, "sched_period_ms set to 500 (was 100)");
	assert_file("class/mdgpu/gpu0/timeslice_us", "200000\n");
}

static void test_destroy(void **state)
{
	assert_int_equal(RUN("destroy", U1, "not-a-uuid"), 2);
	assert_file("bus/mdev/devices/" U1 "/remove", "");
	assert_int_equal(RUN("destroy", U2, U1), 0);
	assert_file("bus/mdev/devices/" U1 "/remove", "1\n");
	assert_file("bus/mdev/devices/" U2 "/remove", "1\n");
}

static void test_errors(void **state)
{
	static const struct {
		const char *args[6];
		int code;
		const char *msg;
	} cases[] = {
		{ { "types", "gpu7" },
		  3,
		  "no GPU 'gpu7': this host has gpu0, gpu1" },
		{ { "create", "gpu0", "ts.48m" },
		  3,
		  "gpu0 has no profile 'ts.48m'; its profiles are" },
		{ { "create", "gpu1", "ts.16m" },
		  1,
		  "mdgpu_mdev is not loaded" },
		{ { "create", "gpu0", "ts.16m", "--uuid", "x" },
		  2,
		  "'x' is not a UUID" },
		{ { "create", "gpu0", "ts.16m", "--weight", "0" },
		  2,
		  "weight takes 1-10000" },
		{ { "show", UNEW }, 3, "no vGPU " UNEW },
		{ { "show", "1234" }, 2, "'1234' is not a UUID" },
		{ { "set", U1, "bogus=1" }, 2, "unknown QoS setting 'bogus'" },
		{ { "gpu-set", "gpu0", "sched_policy=fair" },
		  2,
		  "unknown policy" },
		{ { "frob" }, 2, "unknown command 'frob'" },
		{ { "list", "--bogus" }, 2, "list: unknown option '--bogus'" },
		{ { "stats", "--count", "2" }, 2, "--count goes with --watch" },
		{ { "attach", U1, "--qmp", "/nonexistent/qmp.sock" },
		  1,
		  "cannot connect to the QMP socket /nonexistent/qmp.sock" },
		{ { "attach", U1, "--timeout", "5" },
		  2,
		  "--timeout goes with detach --qmp" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int rc = run_as(-1, cases[i].args);

		if (rc != cases[i].code)
			fail_msg("case %zu (%s): exit %d, not %d (%s)", i,
				 cases[i].args[0], rc, cases[i].code, errs);
		assert_has(errs, cases[i].msg);
		assert_string_equal(out, "");
	}
}

static void test_not_loaded(void **state)
{
	char *saved = root;

	root = "/nonexistent-mdgpu-root";
	assert_int_equal(RUN("gpus"), 1);
	root = saved;
	assert_has(errs, "mdgpu is not loaded");
	assert_has(errs, "modprobe");
}

static void test_attach_detach(void **state)
{
	char want[512];
	json_object *o;

	snprintf(want, sizeof(want),
		 "-device vfio-pci,sysfsdev=%s/bus/mdev/devices/%s,id=gpu-a\n",
		 root, U1);
	assert_int_equal(RUN("attach", U1, "--qemu", "--id", "gpu-a"), 0);
	assert_string_equal(out, want);
	assert_int_equal(RUN("attach", U1, "--libvirt"), 0);
	assert_string_equal(
		out, "<hostdev mode='subsystem' type='mdev' model='vfio-pci'>\n"
		     "  <source>\n"
		     "    <address uuid='" U1 "'/>\n"
		     "  </source>\n"
		     "</hostdev>\n");
	assert_int_equal(RUN("detach", U1, "--qemu"), 0);
	assert_string_equal(out, "device_del mdgpu-11111111\n");
	assert_int_equal(RUN("attach", U1, "--json"), 0);
	o = parse(out);
	assert_string_equal(
		json_object_get_string(at(o, "qemu", "args", "0", NULL)),
		"-device");
	assert_has(json_object_get_string(at(o, "qemu", "monitor", NULL)),
		   "device_add vfio-pci,");
	json_object_put(o);
	assert_int_equal(RUN("attach", U1, "--id", "9x"), 2);
}

static void test_stats(void **state)
{
	char *line, *save = NULL;
	json_object *o;
	int n = 0;

	assert_int_equal(RUN("stats"), 0);
	assert_has(out, U1 "  gpu0  5 ns  6 ns  0 ns     2 ");
	assert_int_equal(RUN("stats", U1, "--watch", "0.1", "--count", "2",
			     "--json"),
			 0);
	for (line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		o = parse(line);
		n++;
		assert_int_equal(json_object_get_int64(at(o, "sample", NULL)),
				 n);
		assert_int_equal(json_object_array_length(at(o, "vgpus", NULL)),
				 1);
		assert_true(json_object_get_double(at(o, "vgpus", "0", "rates",
						      "busy_pct", NULL)) == 0);
		json_object_put(o);
	}
	assert_int_equal(n, 2);
	assert_int_equal(RUN("stats", "--watch", "0"), 2);
}

static void test_help(void **state)
{
	static const char *const cmds[] = { "gpus",   "types",	 "list",
					    "show",   "create",	 "destroy",
					    "set",    "gpu-set", "stats",
					    "attach", "detach" };
	char want[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		assert_int_equal(RUN(cmds[i], "--help"), 0);
		snprintf(want, sizeof(want), "Usage: mdgpuctl %s", cmds[i]);
		assert_has(out, want);
	}
	assert_int_equal(RUN("--help"), 0);
	assert_has(
		out,
		"Exit status: 0 ok, 1 operation failed, 2 usage error, 3 not found,\n4 permission denied");
	assert_int_equal(run_as(-1, (const char *const[]){ NULL }), 2);
}

/* As nobody: listings work, every change is refused with 4 and "needs root". */
static void test_unprivileged(void **state)
{
	static const char *const reads[][4] = {
		{ "gpus" },	{ "types" }, { "list" },
		{ "show", U1 }, { "stats" }, { "attach", U1 },
	};
	static const char *const writes[][6] = {
		{ "create", "gpu0", "ts.16m", "--uuid", UNEW },
		{ "destroy", U1 },
		{ "set", U1, "weight=5" },
		{ "gpu-set", "gpu0", "watchdog_ms=0" },
	};
	size_t i;

	/* Only root can become nobody; nobody must be able to run the binary. */
	if (geteuid() ||
	    run_as(65534, (const char *const[]){ "--version", NULL }))
		skip();
	for (i = 0; i < ARRAY_SIZE(reads); i++)
		assert_int_equal(run_as(65534, reads[i]), 0);
	for (i = 0; i < ARRAY_SIZE(writes); i++) {
		assert_int_equal(run_as(65534, writes[i]), 4);
		assert_has(errs, "needs root; run it as root");
	}
	assert_file(DEV1 "weight", "300\n");
	assert_file("bus/mdev/devices/" U1 "/remove", "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_gpus, setup, teardown),
		cmocka_unit_test_setup_teardown(test_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_show, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_and_gpu_set, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_destroy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_loaded, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_attach_detach, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_help, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unprivileged, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("lib_ctl", tests, NULL, NULL);
}
