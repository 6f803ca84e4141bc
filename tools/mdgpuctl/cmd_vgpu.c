// SPDX-License-Identifier: GPL-2.0-only
/*
 * vGPU commands: "list", "show", "create", "destroy" and "set" (QoS,
 * live). Values are parsed and checked before anything is written.
 */
#include <getopt.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mdgpuctl.h"

/**
 * cmd_list() - mdgpuctl list
 * @argc: argument count
 * @argv: arguments, argv[0] the command
 *
 * Return: exit code.
 */
int cmd_list(int argc, char **argv)
{
	struct mdgpu_ctx *ctx _cleanup_(ctx_closep) = NULL;
	int ret = parse_plain(argc, argv), code = EXIT_OK;

	if (ret >= 0)
		return ret;
	if (optind != argc)
		return usage_error(argv[0], "unexpected argument '%s'",
				   argv[optind]);
	ctx = ctx_open(&code);
	if (!ctx)
		return code;
	output->vgpus(ctx);
	return EXIT_OK;
}

/**
 * cmd_show() - mdgpuctl show UUID
 * @argc: argument count
 * @argv: arguments, argv[0] the command
 *
 * Return: exit code.
 */
int cmd_show(int argc, char **argv)
{
	struct mdgpu_ctx *ctx _cleanup_(ctx_closep) = NULL;
	struct mdgpu_vgpu_stats st = { .sz = sizeof(st) };
	struct mdgpu_latency_hist h = { .sz = sizeof(h) };
	struct mdgpu_vgpu *v;
	int ret = parse_plain(argc, argv), code = EXIT_OK;

	if (ret >= 0)
		return ret;
	if (argc - optind != 1)
		return usage_error(argv[0], "needs exactly one UUID");
	ctx = ctx_open(&code);
	if (!ctx)
		return code;
	v = vgpu_lookup(ctx, argv[optind], &code);
	if (!v)
		return code;
	ret = mdgpu_vgpu__read_stats(v, &st) ?:
		      mdgpu_vgpu__read_latency_hist(v, &h);
	if (ret)
		return exit_code(ret);
	output->vgpu(v, &st, &h);
	return EXIT_OK;
}

/* --weight and friends map to the library's key=value QoS names. */
static const struct option create_opts[] = {
	OPT_HELP,
	OPT_JSON,
	{ "uuid", required_argument, NULL, 'u' },
	{ "weight", required_argument, NULL, 1 },
	{ "min-share", required_argument, NULL, 2 },
	{ "max-share", required_argument, NULL, 3 },
	{ "reserve", required_argument, NULL, 4 },
	{ "priority", required_argument, NULL, 5 },
	{ "timeslice-us", required_argument, NULL, 6 },
	{}
};

static const char *const qos_keys[] = {
	NULL,	   "weight",   "min_share",    "max_share",
	"reserve", "priority", "timeslice_us",
};

/**
 * cmd_create() - mdgpuctl create GPU PROFILE [--uuid U] [QoS options]
 * @argc: argument count
 * @argv: arguments, argv[0] the command
 *
 * Return: exit code.
 */
int cmd_create(int argc, char **argv)
{
	struct mdgpu_ctx *ctx _cleanup_(ctx_closep) = NULL;
	MDGPU_OPTS(mdgpu_qos_opts, qos);
	MDGPU_OPTS(mdgpu_create_opts, opts, .qos = &qos);
	char kv[64], uuid[MDGPU_UUID_SIZE];
	struct mdgpu_gpu *gpu;
	struct mdgpu_vgpu *v;
	int c, ret, code = EXIT_OK;

	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "u:", create_opts,
				NULL)) != -1) {
		if (c == 'u') {
			if (mdgpu_uuid_normalize(optarg, uuid))
				return usage_error(
					argv[0],
					"'%s' is not a UUID (32 hex digits as 8-4-4-4-12)",
					optarg);
			opts.uuid = uuid;
		} else if (c >= 1 && c <= 6) {
			snprintf(kv, sizeof(kv), "%s=%s", qos_keys[c], optarg);
			if (mdgpu_qos_opts__parse(&qos, kv))
				return usage_error(argv[0],
						   "nothing was created");
		} else {
			ret = common_opt(c, argv);
			if (ret >= 0)
				return ret;
		}
	}
	if (argc - optind != 2)
		return usage_error(argv[0], "needs a GPU and a PROFILE");
	ctx = ctx_open(&code);
	if (!ctx)
		return code;
	gpu = gpu_lookup(ctx, argv[optind], &code);
	if (!gpu)
		return code;
	v = mdgpu_gpu__create_vgpu(gpu, argv[optind + 1], &opts);
	if (!v)
		return exit_code(-errno);
	output->created(v);
	return EXIT_OK;
}

/**
 * cmd_destroy() - mdgpuctl destroy UUID...
 * @argc: argument count
 * @argv: arguments, argv[0] the command
 *
 * Every UUID is looked up before any is destroyed.
 *
 * Return: exit code: the first failure's, if any.
 */
int cmd_destroy(int argc, char **argv)
{
	struct mdgpu_ctx *ctx _cleanup_(ctx_closep) = NULL;
	int i, ret = parse_plain(argc, argv), code = EXIT_OK;

	if (ret >= 0)
		return ret;
	if (argc - optind < 1)
		return usage_error(argv[0], "needs at least one UUID");
	ctx = ctx_open(&code);
	if (!ctx)
		return code;
	for (i = optind; i < argc; i++) {
		if (!vgpu_lookup(ctx, argv[i], &code))
			return code;
	}
	for (i = optind; i < argc; i++) {
		ret = mdgpu_vgpu__destroy(mdgpu_ctx__find_vgpu(ctx, argv[i]));
		if (ret && code == EXIT_OK)
			code = exit_code(ret);
	}
	return code;
}

/**
 * cmd_set() - mdgpuctl set UUID KEY=VALUE...
 * @argc: argument count
 * @argv: arguments, argv[0] the command
 *
 * Return: exit code.
 */
int cmd_set(int argc, char **argv)
{
	struct mdgpu_ctx *ctx _cleanup_(ctx_closep) = NULL;
	MDGPU_OPTS(mdgpu_qos_opts, opts);
	struct mdgpu_vgpu *v;
	int i, ret = parse_plain(argc, argv), code = EXIT_OK;

	if (ret >= 0)
		return ret;
	if (argc - optind < 2)
		return usage_error(argv[0],
				   "needs a UUID and at least one KEY=VALUE");
	for (i = optind + 1; i < argc; i++) {
		if (mdgpu_qos_opts__parse(&opts, argv[i]))
			return usage_error(argv[0], "nothing was changed");
	}
	ctx = ctx_open(&code);
	if (!ctx)
		return code;
	v = vgpu_lookup(ctx, argv[optind], &code);
	if (!v)
		return code;
	ret = mdgpu_vgpu__set_qos(v, &opts);
	return ret ? exit_code(ret) : EXIT_OK;
}
