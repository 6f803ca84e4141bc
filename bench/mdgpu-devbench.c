// SPDX-License-Identifier: GPL-2.0-only
/*
 * The device benchmark's mediated side: through VFIO and libmdgpu-rt, the
 * doorbell-to-completion latency of a NOP (submit, ring the doorbell, poll
 * the fence) and the throughput of small (~50 us) and large (1 ms) spin
 * submissions. bench/device.sh runs the same work through debugfs's
 * unmediated 'direct' file in the same VM and divides.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <mdgpu/mdgpu_rt.h>

static unsigned long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000ULL + t.tv_nsec;
}

static int cmp_ull(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a;
	unsigned long long y = *(const unsigned long long *)b;

	return x < y ? -1 : x > y;
}

static void die(const char *what, int err)
{
	char buf[128];

	mdgpu_rt_strerror(err, buf, sizeof(buf));
	fprintf(stderr, "mdgpu-devbench: %s: %s\n", what, buf);
	exit(1);
}

/* One NOP and a fence at a time, each waited for by polling. */
static void latency(struct mdgpu_rt_dev *dev, unsigned int n)
{
	struct mdgpu_cmd nop = { .opcode = MDGPU_OP_NOP };
	unsigned long long *lat = calloc(n, sizeof(*lat));
	unsigned int i;
	__u64 fence;
	int ret;

	if (!lat)
		die("latency", -ENOMEM);
	for (i = 0; i < n; i++) {
		unsigned long long t0 = now_ns();

		ret = mdgpu_rt_dev__submit(dev, &nop, 1, MDGPU_RT_SUBMIT_NOKICK,
					   NULL);
		if (!ret)
			ret = mdgpu_rt_dev__fence(dev, &fence);
		if (!ret)
			ret = mdgpu_rt_dev__wait(dev, fence, 5000);
		if (ret)
			die("nop", ret);
		lat[i] = now_ns() - t0;
	}
	qsort(lat, n, sizeof(*lat), cmp_ull);
	printf("{\"test\":\"nop_latency\",\"count\":%u,\"p50_ns\":%llu,\"p99_ns\":%llu}\n",
	       n, lat[n / 2], lat[n * 99 / 100 < n ? n * 99 / 100 : n - 1]);
	free(lat);
}

/* @n spin launches of @ns per work-group, one work-group per compute unit. */
static void throughput(struct mdgpu_rt_dev *dev, const char *name,
		       unsigned int n, unsigned long long ns)
{
	__u32 grid = mdgpu_rt_dev__info(dev)->compute_units;
	unsigned long long t0 = now_ns();
	unsigned int i;
	__u64 fence;
	int ret;

	for (i = 0; i < n; i++) {
		ret = mdgpu_rt_dev__launch_spin(dev, grid, ns, &fence);
		if (ret)
			die(name, ret);
	}
	ret = mdgpu_rt_dev__wait(dev, fence, 600000);
	if (ret)
		die(name, ret);
	printf("{\"test\":\"%s\",\"count\":%u,\"spin_ns\":%llu,\"grid\":%u,\"total_ns\":%llu}\n",
	       name, n, ns, grid, now_ns() - t0);
}

/* @n f32 GEMMs of @dim x @dim, packed from offset 0 as the direct path does. */
static void throughput_gemm(struct mdgpu_rt_dev *dev, const char *name,
			    unsigned int n, __u32 dim)
{
	__u32 grid = mdgpu_rt_dev__info(dev)->compute_units;
	__u64 bytes = (__u64)dim * dim * 4;
	struct mdgpu_gemm_args a = {
		.a = 0,
		.b = bytes,
		.c = 2 * bytes,
		.m = dim,
		.n = dim,
		.k = dim,
		.lda = dim,
		.ldb = dim,
		.ldc = dim,
	};
	unsigned long long t0 = now_ns();
	unsigned int i;
	__u64 fence;
	int ret;

	for (i = 0; i < n; i++) {
		ret = mdgpu_rt_dev__launch_gemm_f32(dev, grid, &a, &fence);
		if (ret)
			die(name, ret);
	}
	ret = mdgpu_rt_dev__wait(dev, fence, 600000);
	if (ret)
		die(name, ret);
	printf("{\"test\":\"%s\",\"count\":%u,\"dim\":%u,\"grid\":%u,\"total_ns\":%llu}\n",
	       name, n, dim, grid, now_ns() - t0);
}

int main(int argc, char **argv)
{
	struct mdgpu_rt_dev *dev;

	if (argc != 5 && argc != 9) {
		fprintf(stderr,
			"usage: mdgpu-devbench UUID NOPS SMALL LARGE [GSMALL GSDIM GLARGE GLDIM]\n"
			"  NOP latency samples, small (50 us) and large (1 ms) spin launches,\n"
			"  then GSMALL f32 GEMMs of GSDIM and GLARGE of GLDIM\n");
		return 2;
	}
	dev = mdgpu_rt_dev__open_vfio(argv[1], NULL);
	if (!dev)
		die("open", -errno);
	latency(dev, strtoul(argv[2], NULL, 10));
	throughput(dev, "small", strtoul(argv[3], NULL, 10), 50000);
	throughput(dev, "large", strtoul(argv[4], NULL, 10), 1000000);
	if (argc == 9) {
		throughput_gemm(dev, "gemm_small", strtoul(argv[5], NULL, 10),
				strtoul(argv[6], NULL, 10));
		throughput_gemm(dev, "gemm_large", strtoul(argv[7], NULL, 10),
				strtoul(argv[8], NULL, 10));
	}
	mdgpu_rt_dev__close(dev);
	return 0;
}
