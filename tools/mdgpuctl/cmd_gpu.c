// SPDX-License-Identifier: GPL-2.0-only
/*
 * GPU commands: "gpus" (capacity and scheduler settings), "types" (the
 * profile catalog with exact available counts) and "gpu-set" (scheduler
 * settings, live).
 */
#include <getopt.h>
#include <errno.h>

#include "mdgpuctl.h"

/**
 * cmd_gpus() - mdgpuctl gpus
 * @argc: argument count
 * @argv: arguments, argv[0] the command
 *
 * Return: exit code.
 */
int cmd_gpus(int argc, char **argv)
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
	output->gpus(ctx);
	return EXIT_OK;
}

/**
 * cmd_types() - mdgpuctl types [GPU]
 * @argc: argument count
 * @argv: arguments, argv[0] the command
 *
 * Return: exit code.
 */
int cmd_types(int argc, char **argv)
{
	struct mdgpu_ctx *ctx _cleanup_(ctx_closep) = NULL;
	struct mdgpu_gpu *gpu = NULL;
	int ret = parse_plain(argc, argv), code = EXIT_OK;

	if (ret >= 0)
		return ret;
	if (argc - optind > 1)
		return usage_error(argv[0], "unexpected argument '%s'",
				   argv[optind + 1]);
	ctx = ctx_open(&code);
	if (!ctx)
		return code;
	if (optind < argc) {
		gpu = gpu_lookup(ctx, argv[optind], &code);
		if (!gpu)
			return code;
	}
	output->types(ctx, gpu);
	return EXIT_OK;
}

/**
 * cmd_gpu_set() - mdgpuctl gpu-set GPU KEY=VALUE...
 * @argc: argument count
 * @argv: arguments, argv[0] the command
 *
 * Every setting is parsed and range-checked before the GPU is looked up,
 * so a typo changes nothing; the library applies them all or none.
 *
 * Return: exit code.
 */
int cmd_gpu_set(int argc, char **argv)
{
	struct mdgpu_ctx *ctx _cleanup_(ctx_closep) = NULL;
	MDGPU_OPTS(mdgpu_sched_opts, opts);
	struct mdgpu_gpu *gpu;
	int i, ret = parse_plain(argc, argv), code = EXIT_OK;

	if (ret >= 0)
		return ret;
	if (argc - optind < 2)
		return usage_error(argv[0],
				   "needs a GPU and at least one KEY=VALUE");
	for (i = optind + 1; i < argc; i++) {
		if (mdgpu_sched_opts__parse(&opts, argv[i]))
			return usage_error(argv[0], "nothing was changed");
	}
	ctx = ctx_open(&code);
	if (!ctx)
		return code;
	gpu = gpu_lookup(ctx, argv[optind], &code);
	if (!gpu)
		return code;
	ret = mdgpu_gpu__set_sched(gpu, &opts);
	return ret ? exit_code(ret) : EXIT_OK;
}
