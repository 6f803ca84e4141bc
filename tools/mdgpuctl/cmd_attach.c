// SPDX-License-Identifier: GPL-2.0-only
/*
 * "attach" and "detach": how to give a vGPU to a VM and take it back, as a
 * QEMU -device argument (and monitor command) and a libvirt <hostdev>
 * element; with --qmp SOCKET they hot-plug it into a running QEMU (and
 * unplug it) over QMP (qmp.c).
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdgpuctl.h"

/* QEMU's rule for device ids, with a length limit of ours. */
static bool valid_qemu_id(const char *id)
{
	size_t i, len = strlen(id);

	if (!len || len > 32 || !isalpha((unsigned char)id[0]))
		return false;
	for (i = 0; i < len; i++) {
		if (!isalnum((unsigned char)id[i]) && !strchr("-_.", id[i]))
			return false;
	}
	return true;
}

static int attach_detach(int argc, char **argv, bool detach)
{
	static const struct option opts[] = {
		OPT_HELP,
		OPT_JSON,
		{ "qemu", no_argument, NULL, 'q' },
		{ "libvirt", no_argument, NULL, 'l' },
		{ "id", required_argument, NULL, 'i' },
		{ "qmp", required_argument, NULL, 'Q' },
		{ "timeout", required_argument, NULL, 't' },
		{ "bus", required_argument, NULL, 'b' },
		{}
	};
	const char *qmp = NULL, *pbus = NULL;
	double timeout_s = -1;
	char *end;
	int bus, slot, fn;
	struct mdgpu_ctx *ctx _cleanup_(ctx_closep) = NULL;
	struct attach_info a = {};
	const char *id = NULL;
	struct mdgpu_vgpu *v;
	unsigned int what = 0;
	int c, ret, code = EXIT_OK;

	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS, opts, NULL)) !=
	       -1) {
		switch (c) {
		case 'q':
			what |= ATTACH_QEMU;
			break;
		case 'l':
			what |= ATTACH_LIBVIRT;
			break;
		case 'i':
			id = optarg;
			break;
		case 'Q':
			qmp = optarg;
			break;
		case 'b':
			pbus = optarg;
			break;
		case 't':
			timeout_s = strtod(optarg, &end);
			if (*end || !(timeout_s >= 1 && timeout_s <= 3600))
				return usage_error(
					argv[0],
					"--timeout takes seconds, 1 to 3600");
			break;
		default:
			ret = common_opt(c, argv);
			if (ret >= 0)
				return ret;
		}
	}
	if (argc - optind != 1)
		return usage_error(argv[0], "needs exactly one UUID");
	if (timeout_s >= 0 && (!qmp || !detach))
		return usage_error(argv[0], "--timeout goes with detach --qmp");
	if (pbus && (!qmp || detach))
		return usage_error(argv[0], "--bus goes with attach --qmp");
	if (qmp && what)
		return usage_error(
			argv[0],
			"--qmp hot-plugs; --qemu and --libvirt only print: choose one");
	if (id && !valid_qemu_id(id))
		return usage_error(
			argv[0],
			"--id takes a QEMU id: a letter, then letters, digits, '-', '_' or '.', at most 32 in all");
	ctx = ctx_open(&code);
	if (!ctx)
		return code;
	v = vgpu_lookup(ctx, argv[optind], &code);
	if (!v)
		return code;
	a.uuid = mdgpu_vgpu__uuid(v);
	a.sysfsdev = mdgpu_vgpu__sysfs_path(v);
	if (id)
		snprintf(a.id, sizeof(a.id), "%s", id);
	else
		snprintf(a.id, sizeof(a.id), "mdgpu-%.8s", a.uuid);
	snprintf(a.device, sizeof(a.device), "vfio-pci,sysfsdev=%s,id=%s",
		 a.sysfsdev, a.id);
	snprintf(a.hostdev, sizeof(a.hostdev),
		 "<hostdev mode='subsystem' type='mdev' model='vfio-pci'>\n"
		 "  <source>\n"
		 "    <address uuid='%s'/>\n"
		 "  </source>\n"
		 "</hostdev>\n",
		 a.uuid);
	if (!qmp) {
		output->attach(&a, detach,
			       what ? what : ATTACH_QEMU | ATTACH_LIBVIRT);
		return EXIT_OK;
	}
	if (detach)
		code = qmp_detach(qmp, a.id, timeout_s >= 0 ? timeout_s : 30);
	else
		code = qmp_attach(qmp, a.id, a.sysfsdev, pbus, &bus, &slot,
				  &fn);
	if (code)
		return code;
	if (opt_json)
		printf("{\"uuid\": \"%s\", \"qmp\": \"%s\", \"id\": \"%s\", \"attached\": %s",
		       a.uuid, qmp, a.id, detach ? "false" : "true");
	if (opt_json && !detach && bus >= 0)
		printf(", \"pci\": {\"bus\": %d, \"slot\": %d, \"function\": %d}",
		       bus, slot, fn);
	else if (opt_json && !detach)
		printf(", \"pci\": null");
	if (opt_json)
		printf("}\n");
	else if (detach)
		printf("detached %s (QEMU device %s) from the VM at %s\n",
		       a.uuid, a.id, qmp);
	else if (bus >= 0)
		printf("attached %s to the VM at %s as QEMU device %s, PCI %02x:%02x.%d\n",
		       a.uuid, qmp, a.id, bus, slot, fn);
	else
		printf("attached %s to the VM at %s as QEMU device %s (no PCI address yet: the guest's firmware numbers the bus)\n",
		       a.uuid, qmp, a.id);
	return EXIT_OK;
}

/**
 * cmd_attach() - mdgpuctl attach UUID [--qemu|--libvirt] [--id ID]
 * @argc: argument count
 * @argv: arguments, argv[0] the command
 *
 * Return: exit code.
 */
int cmd_attach(int argc, char **argv)
{
	return attach_detach(argc, argv, false);
}

/**
 * cmd_detach() - mdgpuctl detach UUID [--qemu|--libvirt] [--id ID]
 * @argc: argument count
 * @argv: arguments, argv[0] the command
 *
 * Return: exit code.
 */
int cmd_detach(int argc, char **argv)
{
	return attach_detach(argc, argv, true);
}
