// SPDX-License-Identifier: GPL-2.0-only
/*
 * rt-neighbour UUID SECONDS [MODE]: the well-behaved tenant. Runs small,
 * checked rounds of FILL, COPY, GEMM and reduce on its vGPU for SECONDS or
 * until SIGTERM, while another vGPU is being abused; every round must
 * complete correctly and its queue must never stop. Prints "running" after
 * the first round.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define DIM 8

static int stop; /* set by SIGTERM */

static void on_term(int sig)
{
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
}

static int round_once(struct mdgpu_rt_dev *dev, struct mdgpu_rt_buf *b, __u32 r)
{
	__u8 *p = mdgpu_rt_buf__ptr(b);
	__u64 o = mdgpu_rt_buf__offset(b), fence;
	float *a = (float *)(p + 8192), *bm = a + DIM * DIM,
	      *c = bm + DIM * DIM;
	float *x = c + DIM * DIM, *sum = x + 256;
	__u64 ao = o + 8192, bo = ao + DIM * DIM * 4, co = bo + DIM * DIM * 4;
	__u64 xo = co + DIM * DIM * 4, so = xo + 256 * 4;
	struct mdgpu_gemm_args g = { ao, bo, co, DIM, DIM, DIM, DIM, DIM, DIM };
	double ref, mag;
	int i, j, k, bad = 0, ret;

	for (i = 0; i < DIM * DIM; i++) {
		a[i] = t_randf();
		bm[i] = t_randf();
	}
	for (i = 0; i < 256; i++)
		x[i] = t_randf();
	ret = mdgpu_rt_dev__fill(dev, o, 4096, 0x0b000000 | r, NULL);
	if (!ret)
		ret = mdgpu_rt_dev__copy(dev, o + 4096, o, 4096, NULL);
	if (!ret)
		ret = mdgpu_rt_dev__launch_gemm_f32(dev, 0, &g, NULL);
	if (!ret)
		ret = mdgpu_rt_dev__launch_reduce_sum(dev, 0, xo, so, 256,
						      &fence);
	if (!ret)
		ret = mdgpu_rt_dev__wait(dev, fence, 30000);
	if (ret)
		return ret;
	for (i = 0; i < 2048; i++)
		if (((__u32 *)p)[i] != (0x0b000000 | r))
			bad++;
	for (i = 0; i < DIM; i++) {
		for (j = 0; j < DIM; j++) {
			ref = mag = 0;
			for (k = 0; k < DIM; k++) {
				ref += (double)a[i * DIM + k] * bm[k * DIM + j];
				mag += fabs((double)a[i * DIM + k] *
					    bm[k * DIM + j]);
			}
			if (fabs(c[i * DIM + j] - ref) >
			    DIM * FLT_EPSILON * mag + 1e-30)
				bad++;
		}
	}
	ref = mag = 0;
	for (i = 0; i < 256; i++) {
		ref += x[i];
		mag += fabs(x[i]);
	}
	if (fabs(*sum - ref) > 256 * FLT_EPSILON * mag + 1e-30)
		bad++;
	T_CHECK(!bad, "round %u: %d wrong values", r, bad);
	return 0;
}

int main(int argc, char **argv)
{
	struct mdgpu_rt_dev *dev;
	struct mdgpu_rt_buf *b;
	double end, t0 = t_now();
	__u32 rounds = 0;
	int ret;

	t_init("rt-neighbour");
	if (argc < 3) {
		fprintf(stderr, "usage: rt-neighbour UUID SECONDS [MODE]\n");
		return 2;
	}
	end = t0 + atof(argv[2]);
	t_srand(42);
	dev = t_open(argv[1], t_mode(argc > 3 ? argv[3] : "msi"), 0, 0);
	b = mdgpu_rt_buf__alloc(dev, 65536, 4096);
	T_REQUIRE(b, "alloc");
	signal(SIGTERM, on_term);
	do {
		ret = round_once(dev, b, rounds);
		t_ok_rt(dev, ret, "neighbour round");
		if (!rounds++)
			printf("running\n");
	} while (t_now() < end && !t_failures &&
		 !__atomic_load_n(&stop, __ATOMIC_RELAXED));
	T_CHECK(mdgpu_rt_dev__check(dev) == 0, "neighbour queue stopped");
	mdgpu_rt_dev__close(dev);
	printf("rt-neighbour: %u rounds in %.1f s, %s\n", rounds, t_now() - t0,
	       t_failures ? "FAILED" : "all correct");
	return t_exit();
}
