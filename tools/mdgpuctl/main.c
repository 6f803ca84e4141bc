// SPDX-License-Identifier: GPL-2.0-only
/*
 * mdgpuctl: the command-line tool for mdgpu, in the manner of ip(8) and
 * nvidia-smi. Global options, the command table, help, and the route of
 * libmdgpu's messages to stderr; each command group lives in its own file
 * and prints through one print-ops struct (text or JSON).
 */
#include <ctype.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdgpuctl.h"

const struct print_ops *output = &text_ops;
bool opt_json;
const char *opt_sysfs_root;
static int opt_verbose;

static const struct cmd cmds[] = {
	{ "gpus", cmd_gpus, "[--json]",
	  "list GPUs: capacity, free memory, scheduler settings",
	  "Columns: GPU, BACKEND, CUS (compute units), SHARED (CUs no spatial vGPU holds),\n"
	  "MEMORY, FREE (memory no vGPU holds), SLICES (free/total memory slices),\n"
	  "VGPUS, POLICY, SLICE (default time slice), PERIOD, WATCHDOG.\n" },
	{ "types", cmd_types, "[GPU] [--json]",
	  "list vGPU profiles (mdev types) with exact available counts",
	  "GPU is gpuN or N; without it, every GPU's profiles are listed.\n"
	  "AVAILABLE is exact: that many creates of the profile, one after the other,\n"
	  "succeed. SLICES is how many memory slices one vGPU takes (its alignment).\n" },
	{ "list", cmd_list, "[--json]", "list vGPUs: placement and QoS",
	  "Shares (MIN_SHARE, MAX_SHARE, RESERVE) are in basis points: 10000 = the\n"
	  "whole scheduling domain. SLICE_US 0 means the GPU's time slice.\n" },
	{ "show", cmd_show, "UUID [--json]",
	  "show one vGPU: placement, QoS, statistics, latency histogram", "" },
	{ "create", cmd_create,
	  "GPU PROFILE [--uuid UUID] [--weight N] [--min-share BP] [--max-share BP]\n"
	  "       [--reserve BP] [--priority N] [--timeslice-us US] [--json]",
	  "create a vGPU (prints its UUID)",
	  "PROFILE is a profile name (ts.64m) or its mdev type (mdgpu-ts.64m);\n"
	  "'mdgpuctl types GPU' lists them. Without --uuid a random UUID is made.\n"
	  "QoS options take the ranges of 'mdgpuctl set'; they are checked before the\n"
	  "vGPU is created, and if the kernel refuses them the vGPU is destroyed again.\n" },
	{ "destroy", cmd_destroy, "UUID...", "destroy vGPUs",
	  "The vGPU's memory is scrubbed before it is free again. If a VM uses the\n"
	  "vGPU, the kernel asks QEMU to unplug it and destroy waits until it has.\n" },
	{ "set", cmd_set, "UUID KEY=VALUE...", "change a vGPU's QoS, live",
	  "Keys (docs/abi.md):\n"
	  "  weight=1-10000         share under the weighted policy (default 100)\n"
	  "  min_share=0-10000      guaranteed share in basis points (weighted)\n"
	  "  max_share=1-10000      cap in basis points; 10000 = no cap (weighted)\n"
	  "  reserve=0-10000        reservation under fixed_share; 0 = an equal part\n"
	  "  priority=0-3           a higher class runs first (default 1)\n"
	  "  timeslice_us=0|100-1000000  own time slice; 0 = the GPU's\n"
	  "All values are checked before anything is written; the change is all or\n"
	  "nothing. Needs root.\n" },
	{ "gpu-set", cmd_gpu_set, "GPU KEY=VALUE...",
	  "change a GPU's scheduler settings, live",
	  "Keys (docs/abi.md, docs/scheduler.md):\n"
	  "  sched_policy=best_effort|equal_share|fixed_share|weighted\n"
	  "  timeslice_us=100-1000000    default time slice, at most the period\n"
	  "  sched_period_ms=1-10000     accounting period of caps and guarantees\n"
	  "  watchdog_ms=0|10-600000     longest command; 0 = off\n"
	  "All values are checked before anything is written; the change is all or\n"
	  "nothing. Needs root.\n" },
	{ "stats", cmd_stats, "[UUID] [--watch [SECONDS]] [--count N] [--json]",
	  "scheduling statistics: totals, or rates with --watch",
	  "Without --watch: totals since each vGPU was created (busy, wait = steal time,\n"
	  "overrun, counters) and latency percentiles.\n"
	  "With --watch: every SECONDS (default 1), the rates over the last interval:\n"
	  "BUSY% (time running), STEAL% (time runnable but waiting), CMDS/S (commands\n"
	  "completed), DISP/S, PREEMPT/S, THROTTLE/S, and QUEUED commands; until\n"
	  "Ctrl-C or N samples (--count). With --json, one JSON object per line.\n" },
	{ "attach", cmd_attach,
	  "UUID [--qemu|--libvirt] [--id ID] [--qmp SOCKET [--bus BUS]] [--json]",
	  "give a vGPU to a VM: print the QEMU argument and libvirt XML, or hot-plug it",
	  "--qemu prints only the -device argument (for a QEMU command line), --libvirt\n"
	  "only the <hostdev> element (for virsh attach-device). ID names the QEMU\n"
	  "device (default mdgpu-<first 8 digits of the UUID>).\n"
	  "Hot-plug with --qmp SOCKET: device_add into the running QEMU whose QMP\n"
	  "socket that is (-qmp unix:SOCKET,server=on,wait=off), on BUS if given (a\n"
	  "free pcie-root-port on q35); query-pci must then show the device.\n" },
	{ "detach", cmd_detach,
	  "UUID [--qemu|--libvirt] [--id ID] [--qmp SOCKET [--timeout S]] [--json]",
	  "take a vGPU back from a VM: print how, or hot-unplug it",
	  "Prints the QEMU monitor command and the libvirt element for\n"
	  "virsh detach-device. Options as for attach.\n"
	  "With --qmp SOCKET: device_del, then wait (--timeout, default 30 s) until\n"
	  "QEMU reports the guest released the device; query-pci must no longer show it.\n" },
};

static const struct cmd *find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		if (!strcmp(cmds[i].name, name))
			return &cmds[i];
	}
	return NULL;
}

static void print_usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: mdgpuctl [OPTIONS] COMMAND [ARGS]\n\n"
		   "Manage mdgpu GPUs and vGPUs on this host.\n\nCommands:\n");
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		fprintf(f, "  %-9s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f,
		"\nOptions:\n"
		"  -j, --json            JSON output (every command takes it)\n"
		"  -v, --verbose         say what changed (twice: every sysfs access)\n"
		"      --sysfs-root DIR  read sysfs there instead of /sys (tests;\n"
		"                        also MDGPU_SYSFS_ROOT)\n"
		"  -h, --help            this help; 'mdgpuctl COMMAND --help' for a command\n"
		"  -V, --version         print the version\n\n"
		"Exit status: 0 ok, 1 operation failed, 2 usage error, 3 not found,\n"
		"4 permission denied. docs/cli.md is the reference.\n");
}

/**
 * cmd_help() - print a command's help to stdout
 * @name: the command
 *
 * Return: %EXIT_OK, or %EXIT_USAGE for an unknown command.
 */
int cmd_help(const char *name)
{
	const struct cmd *c = find_cmd(name);

	if (!c)
		return usage_error(NULL, "unknown command '%s'", name);
	printf("Usage: mdgpuctl %s %s\n\n%c%s.\n%s%s", c->name, c->args,
	       toupper((unsigned char)c->summary[0]), c->summary + 1,
	       c->help[0] ? "\n" : "", c->help);
	return EXIT_OK;
}

/* libmdgpu's messages: "mdgpu: ..." becomes "mdgpuctl: ..." on stderr. */
static int print_lib(enum mdgpu_print_level level, const char *fmt,
		     va_list args)
{
	char buf[1024];
	const char *msg = buf;

	if ((int)level > opt_verbose)
		return 0;
	vsnprintf(buf, sizeof(buf), fmt, args);
	if (!strncmp(msg, "mdgpu: ", 7))
		msg += 7;
	return fprintf(stderr, "mdgpuctl: %s", msg);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "sysfs-root", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{}
	};
	const struct cmd *c;
	int o;

	opterr = 0;
	opt_sysfs_root = getenv("MDGPU_SYSFS_ROOT");
	while ((o = getopt_long(argc, argv, "+jvhV", opts, NULL)) != -1) {
		switch (o) {
		case 'j':
			opt_json = true;
			output = &json_ops;
			break;
		case 'v':
			opt_verbose++;
			break;
		case 'r':
			opt_sysfs_root = optarg;
			break;
		case 'h':
			print_usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("mdgpuctl %s\n", MDGPUCTL_VERSION);
			return EXIT_OK;
		default:
			return usage_error(NULL, "unknown option '%s'",
					   argv[optind - 1]);
		}
	}
	mdgpu_set_print(print_lib);
	if (optind >= argc) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[optind], "help"))
		return optind + 1 < argc ? cmd_help(argv[optind + 1]) :
					   (print_usage(stdout), EXIT_OK);
	if (!strcmp(argv[optind], "version")) {
		printf("mdgpuctl %s\n", MDGPUCTL_VERSION);
		return EXIT_OK;
	}
	c = find_cmd(argv[optind]);
	if (!c)
		return usage_error(NULL, "unknown command '%s'", argv[optind]);
	argc -= optind;
	argv += optind;
	optind = 0;
	return c->fn(argc, argv);
}
