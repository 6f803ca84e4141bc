// SPDX-License-Identifier: GPL-2.0-only
/*
 * mdgpu-gemm: the libmdgpu-rt example. Opens a vGPU by UUID, uploads random
 * matrices, runs the built-in GEMM kernels (f32 and int8) on it, downloads
 * the result, checks it against a host reference, and prints device time,
 * host time and GPU steal time. Exits 1 on a mismatch.
 */
#include <errno.h>
#include <float.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mdgpu/mdgpu_rt.h>

struct opts {
	const char *uuid;
	__u32 m, n, k, pad, grid, runs;
	bool f32, i8, quiet;
	unsigned int seed;
	enum mdgpu_rt_wait_mode wait;
};

static void print_usage(FILE *f)
{
	fprintf(f,
		"usage: mdgpu-gemm [options] UUID\n"
		"\n"
		"Run C = A x B on the mdgpu vGPU UUID (an mdev, opened through VFIO) and\n"
		"check C against a host reference.\n"
		"\n"
		"  -m, -n, -k DIM      shape: A is MxK, B KxN, C MxN (default 128 each,\n"
		"                      1 to 8192)\n"
		"  -p, --pad N         add N elements to every leading dimension (default 0)\n"
		"  -t, --type T        f32, i8 or both (default both)\n"
		"  -g, --grid G        work-groups (default 0: one per compute unit)\n"
		"  -r, --runs R        repeat each GEMM R times (default 1)\n"
		"  -s, --seed S        random seed (default 1)\n"
		"  -w, --wait MODE     auto, poll-reg, poll-mem, msi or intx (default auto)\n"
		"  -q, --quiet         print only mismatches and errors\n"
		"  -h, --help          this help\n"
		"\n"
		"Tolerance: int8 must match exactly (s32 wrap-around accumulation). For f32\n"
		"each element must satisfy |C - R| <= K * FLT_EPSILON * sum_k |A_ik * B_kj|,\n"
		"R computed in double: the standard bound for a K-term f32 dot product in any\n"
		"summation order.\n"
		"\n"
		"Exit status: 0 all results match, 1 a mismatch, 2 usage, 3 device error.\n");
}

static int parse_u32(const char *s, __u32 lo, __u32 hi, __u32 *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || !*s || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "pad", required_argument, NULL, 'p' },
		{ "type", required_argument, NULL, 't' },
		{ "grid", required_argument, NULL, 'g' },
		{ "runs", required_argument, NULL, 'r' },
		{ "seed", required_argument, NULL, 's' },
		{ "wait", required_argument, NULL, 'w' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const modes[] = { "auto", "poll-reg", "poll-mem",
					     "msi", "intx" };
	__u32 seed = 1;
	int c, i, bad = 0;

	*o = (struct opts){
		.m = 128, .n = 128, .k = 128, .runs = 1, .f32 = true, .i8 = true
	};
	while ((c = getopt_long(argc, argv, "m:n:k:p:t:g:r:s:w:qh", lo,
				NULL)) != -1) {
		switch (c) {
		case 'm':
			bad |= parse_u32(optarg, 1, MDGPU_GEMM_MAX_DIM, &o->m);
			break;
		case 'n':
			bad |= parse_u32(optarg, 1, MDGPU_GEMM_MAX_DIM, &o->n);
			break;
		case 'k':
			bad |= parse_u32(optarg, 1, MDGPU_GEMM_MAX_DIM, &o->k);
			break;
		case 'p':
			bad |= parse_u32(optarg, 0, 4096, &o->pad);
			break;
		case 'g':
			bad |= parse_u32(optarg, 0, MDGPU_MAX_GRID, &o->grid);
			break;
		case 'r':
			bad |= parse_u32(optarg, 1, 1000000, &o->runs);
			break;
		case 's':
			bad |= parse_u32(optarg, 0, 0xffffffffU, &seed);
			break;
		case 't':
			o->f32 = !strcmp(optarg, "f32") ||
				 !strcmp(optarg, "both");
			o->i8 = !strcmp(optarg, "i8") ||
				!strcmp(optarg, "both");
			bad |= !o->f32 && !o->i8 ? -1 : 0;
			break;
		case 'w':
			for (i = 0; i < 5 && strcmp(optarg, modes[i]); i++)
				;
			bad |= i == 5 ? -1 : 0;
			o->wait = i;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			print_usage(stdout);
			exit(0);
		default:
			bad = -1;
		}
		if (bad) {
			fprintf(stderr, "mdgpu-gemm: bad value for -%c: '%s'\n",
				c, optarg ? optarg : "");
			return -1;
		}
	}
	if (optind != argc - 1) {
		print_usage(stderr);
		return -1;
	}
	o->uuid = argv[optind];
	o->seed = seed;
	return 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die_rt(struct mdgpu_rt_dev *dev, const char *what, int err)
{
	const struct mdgpu_rt_error *e = dev ? mdgpu_rt_dev__last_error(dev) :
					       NULL;
	char msg[128];

	mdgpu_rt_strerror(err, msg, sizeof(msg));
	fprintf(stderr, "mdgpu-gemm: %s: %s\n", what, msg);
	if (err == -EIO && e && e->code) {
		mdgpu_rt_strerror(MDGPU_RT_ERR_DEVICE(e->code), msg,
				  sizeof(msg));
		fprintf(stderr,
			"mdgpu-gemm: %s at ring slot %u, field byte %u\n", msg,
			e->index, e->field);
	}
	mdgpu_rt_dev__close(dev);
	exit(3);
}

/* Host reference and comparison; returns the number of mismatches. */
static long check_f32(const struct opts *o, const float *a, const float *b,
		      const float *c, __u32 lda, __u32 ldb, __u32 ldc,
		      double *max_err)
{
	long bad = 0;
	__u32 i, j, p;

	*max_err = 0;
	for (i = 0; i < o->m; i++) {
		for (j = 0; j < o->n; j++) {
			double ref = 0, mag = 0, err;

			for (p = 0; p < o->k; p++) {
				double t =
					(double)a[i * lda + p] * b[p * ldb + j];

				ref += t;
				mag += fabs(t);
			}
			err = fabs(c[i * ldc + j] - ref);
			if (err > *max_err)
				*max_err = err;
			if (err > o->k * (double)FLT_EPSILON * mag + 1e-30) {
				if (bad++ < 5)
					fprintf(stderr,
						"f32 C[%u][%u] = %.9g, expected %.9g\n",
						i, j, c[i * ldc + j], ref);
			}
		}
	}
	return bad;
}

static long check_i8(const struct opts *o, const __s8 *a, const __s8 *b,
		     const __s32 *c, __u32 lda, __u32 ldb, __u32 ldc)
{
	long bad = 0;
	__u32 i, j, p;

	for (i = 0; i < o->m; i++) {
		for (j = 0; j < o->n; j++) {
			__u32 ref = 0;

			for (p = 0; p < o->k; p++)
				ref += (__u32)((__s32)a[i * lda + p] *
					       b[p * ldb + j]);
			if ((__u32)c[i * ldc + j] != ref && bad++ < 5)
				fprintf(stderr,
					"i8 C[%u][%u] = %d, expected %d\n", i,
					j, c[i * ldc + j], (__s32)ref);
		}
	}
	return bad;
}

/* TIMESTAMP, GEMM, TIMESTAMP and a fence: device time is the difference. */
static int launch(struct mdgpu_rt_dev *dev, const struct opts *o,
		  const struct mdgpu_gemm_args *g, bool i8, __u64 ts,
		  __u64 *fence)
{
	int ret;

	ret = mdgpu_rt_dev__timestamp(dev, ts, NULL);
	if (!ret && i8)
		ret = mdgpu_rt_dev__launch_gemm_i8(dev, o->grid, g, NULL);
	else if (!ret)
		ret = mdgpu_rt_dev__launch_gemm_f32(dev, o->grid, g, NULL);
	if (!ret)
		ret = mdgpu_rt_dev__timestamp(dev, ts + 8, fence);
	return ret;
}

struct run {
	struct mdgpu_rt_buf *a, *b, *c, *ts;
	__u32 lda, ldb, ldc;
	size_t esz;
};

static struct mdgpu_rt_buf *alloc_or_die(struct mdgpu_rt_dev *dev, __u64 size)
{
	struct mdgpu_rt_buf *b = mdgpu_rt_buf__alloc(dev, size, 64);

	if (!b)
		die_rt(dev,
		       "allocating device memory (use a smaller shape or a bigger vGPU)",
		       -errno);
	return b;
}

static long run_one(struct mdgpu_rt_dev *dev, const struct opts *o, bool i8)
{
	struct run r = { .lda = o->k + o->pad,
			 .ldb = o->n + o->pad,
			 .ldc = o->n + o->pad };
	size_t in = i8 ? 1 : 4;
	size_t asz = ((size_t)(o->m - 1) * r.lda + o->k) * in;
	size_t bsz = ((size_t)(o->k - 1) * r.ldb + o->n) * in;
	size_t csz = ((size_t)(o->m - 1) * r.ldc + o->n) * 4;
	struct mdgpu_rt_stats s0 = { .sz = sizeof(s0) },
			      s1 = { .sz = sizeof(s1) };
	struct mdgpu_gemm_args g;
	void *ha = malloc(asz), *hb = malloc(bsz), *hc = malloc(csz);
	__u64 ts[2], fence, dev_ns = 0;
	double t0, host_s, max_err = 0;
	long bad;
	size_t i;
	__u32 run;
	int ret;

	if (!ha || !hb || !hc) {
		fprintf(stderr, "mdgpu-gemm: out of host memory\n");
		exit(3);
	}
	for (i = 0; i < asz / in; i++)
		if (i8)
			((__s8 *)ha)[i] = (__s8)(rand() & 0xff);
		else
			((float *)ha)[i] = (float)rand() / RAND_MAX * 2 - 1;
	for (i = 0; i < bsz / in; i++)
		if (i8)
			((__s8 *)hb)[i] = (__s8)(rand() & 0xff);
		else
			((float *)hb)[i] = (float)rand() / RAND_MAX * 2 - 1;
	r.a = alloc_or_die(dev, asz);
	r.b = alloc_or_die(dev, bsz);
	r.c = alloc_or_die(dev, csz);
	r.ts = alloc_or_die(dev, 16);
	ret = mdgpu_rt_buf__write(r.a, 0, ha, asz);
	if (!ret)
		ret = mdgpu_rt_buf__write(r.b, 0, hb, bsz);
	if (ret)
		die_rt(dev, "upload", ret);
	g = (struct mdgpu_gemm_args){
		.a = mdgpu_rt_buf__offset(r.a),
		.b = mdgpu_rt_buf__offset(r.b),
		.c = mdgpu_rt_buf__offset(r.c),
		.m = o->m,
		.n = o->n,
		.k = o->k,
		.lda = r.lda,
		.ldb = r.ldb,
		.ldc = r.ldc,
	};
	if (mdgpu_rt_dev__stats(dev, &s0))
		memset(&s0, 0, sizeof(s0));
	t0 = now_s();
	for (run = 0; run < o->runs; run++) {
		ret = launch(dev, o, &g, i8, mdgpu_rt_buf__offset(r.ts),
			     &fence);
		if (!ret)
			ret = mdgpu_rt_dev__wait(dev, fence, 600000);
		if (ret)
			die_rt(dev, "running the GEMM", ret);
		mdgpu_rt_buf__read(r.ts, 0, ts, sizeof(ts));
		dev_ns += ts[1] - ts[0];
	}
	host_s = now_s() - t0;
	if (mdgpu_rt_dev__stats(dev, &s1))
		memset(&s1, 0, sizeof(s1));
	ret = mdgpu_rt_buf__read(r.c, 0, hc, csz);
	if (ret)
		die_rt(dev, "download", ret);
	bad = i8 ? check_i8(o, ha, hb, hc, r.lda, r.ldb, r.ldc) :
		   check_f32(o, ha, hb, hc, r.lda, r.ldb, r.ldc, &max_err);
	if (!o->quiet || bad) {
		double flop = 2.0 * o->m * o->n * o->k * o->runs;

		printf("gemm_%s %ux%ux%u x%u: %s", i8 ? "i8" : "f32", o->m,
		       o->n, o->k, o->runs, bad ? "MISMATCH" : "ok");
		if (bad)
			printf(" (%ld of %u elements)", bad, o->m * o->n);
		if (!i8)
			printf(", max |error| %.3g", max_err);
		printf("\n  device %.3f ms (%.3f GFLOP/s), host %.3f ms, busy %.3f ms, steal %.3f ms\n",
		       dev_ns / 1e6, dev_ns ? flop / dev_ns : 0, host_s * 1e3,
		       (s1.busy_ns - s0.busy_ns) / 1e6,
		       (s1.wait_ns - s0.wait_ns) / 1e6);
	}
	mdgpu_rt_buf__free(r.a);
	mdgpu_rt_buf__free(r.b);
	mdgpu_rt_buf__free(r.c);
	mdgpu_rt_buf__free(r.ts);
	free(ha);
	free(hb);
	free(hc);
	return bad;
}

int main(int argc, char **argv)
{
	MDGPU_OPTS(mdgpu_rt_open_opts, oo);
	const struct mdgpu_rt_info *info;
	struct mdgpu_rt_dev *dev;
	struct opts o;
	long bad = 0;

	if (parse_args(argc, argv, &o))
		return 2;
	srand(o.seed);
	oo.wait_mode = o.wait;
	dev = mdgpu_rt_dev__open_vfio(o.uuid, &oo);
	if (!dev)
		die_rt(NULL, o.uuid, -errno);
	info = mdgpu_rt_dev__info(dev);
	if (!o.quiet)
		printf("vGPU %s: %llu MiB, %u compute units, %s\n", o.uuid,
		       (unsigned long long)(info->mem_size >> 20),
		       info->compute_units,
		       info->mode == MDGPU_VGPU_MODE_SPATIAL ? "spatial" :
							       "time-sliced");
	if (o.f32)
		bad += run_one(dev, &o, false);
	if (o.i8)
		bad += run_one(dev, &o, true);
	mdgpu_rt_dev__close(dev);
	return bad ? 1 : 0;
}
