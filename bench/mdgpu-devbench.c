// SPDX-License-Identifier: GPL-2.0-only
/*
 * The device benchmark: the same work run mediated (through VFIO and
 * libmdgpu-rt, as a guest runs it) and direct (debugfs 'direct': the same
 * executor and scheduler, no VFIO, no trap, no ring copy, no validation),
 * in pairs run back to back, so that both halves of a pair see the same
 * host. Which half goes first alternates from pair to pair.
 *
 * Per pair it prints one JSON line per measure: the NOP's doorbell-to-
 * completion latency (p50, p99) and the time of a batch of spin or f32
 * GEMM launches, each side submitting the whole batch and waiting once at
 * its end (the mediated side rings the doorbell per launch, as a runtime
 * does to start work at once, and asks for one fence after the last).
 * bench/device.sh runs it in the test VM and takes the medians.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <mdgpu/mdgpu_rt.h>

#define DIRECT_DEFAULT "/sys/kernel/debug/mdgpu/gpu0/direct"

struct bench {
	struct mdgpu_rt_dev *dev;
	const char *direct;
	__u32 grid;
};

struct measure {
	const char *name;
	const char *kind; /* spin or gemm */
	unsigned long count;
	unsigned long long arg; /* spin ns, or the GEMM's dimension */
};

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

/* One request to the direct file; its answer into @buf. */
static void direct(const struct bench *b, const char *req, char *buf,
		   size_t size)
{
	ssize_t n;
	int fd;

	fd = open(b->direct, O_RDWR);
	if (fd < 0)
		die(b->direct, -errno);
	if (write(fd, req, strlen(req)) != (ssize_t)strlen(req))
		die(req, -errno);
	n = read(fd, buf, size - 1);
	if (n <= 0)
		die(req, n < 0 ? -errno : -EIO);
	close(fd);
	buf[n] = 0;
}

/* @key's value in a direct answer ("count=N total_ns=N ..."). */
static unsigned long long answer(const char *buf, const char *key)
{
	unsigned long long v;
	char pat[40];
	const char *p;

	snprintf(pat, sizeof(pat), "%s=", key);
	p = strstr(buf, pat);
	if (!p || sscanf(p + strlen(pat), "%llu", &v) != 1) {
		fprintf(stderr, "mdgpu-devbench: direct answered '%s', no %s\n",
			buf, key);
		exit(1);
	}
	return v;
}

/* @n NOPs, one at a time, each fenced and waited for: p50 and p99. */
static void nop_latency(const struct bench *b, unsigned int n,
			unsigned long long *p50, unsigned long long *p99)
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

		ret = mdgpu_rt_dev__submit(b->dev, &nop, 1,
					   MDGPU_RT_SUBMIT_NOKICK, NULL);
		if (!ret)
			ret = mdgpu_rt_dev__fence(b->dev, &fence);
		if (!ret)
			ret = mdgpu_rt_dev__wait(b->dev, fence, 5000);
		if (ret)
			die("nop", ret);
		lat[i] = now_ns() - t0;
	}
	qsort(lat, n, sizeof(*lat), cmp_ull);
	*p50 = lat[n / 2];
	*p99 = lat[n * 99 / 100 < n ? n * 99 / 100 : n - 1];
	free(lat);
}

/*
 * A batch through VFIO: each launch rings the doorbell, one fence at the
 * end. The GEMMs' matrices come from the runtime's allocator: the ring and
 * the fence slot live in the same vGPU memory, and a matrix written over
 * them would stop the queue.
 */
static unsigned long long mediated(const struct bench *b,
				   const struct measure *m)
{
	__u64 bytes = m->arg * m->arg * 4;
	struct mdgpu_rt_buf *mat = NULL;
	struct mdgpu_gemm_args g = {
		.m = (__u32)m->arg,
		.n = (__u32)m->arg,
		.k = (__u32)m->arg,
		.lda = (__u32)m->arg,
		.ldb = (__u32)m->arg,
		.ldc = (__u32)m->arg,
	};
	unsigned long long t0, t;
	__u64 fence = 0;
	unsigned long i;
	int ret;

	if (strcmp(m->kind, "spin")) {
		mat = mdgpu_rt_buf__alloc(b->dev, 3 * bytes, 64);
		if (!mat)
			die(m->name, -errno);
		g.a = mdgpu_rt_buf__offset(mat);
		g.b = g.a + bytes;
		g.c = g.b + bytes;
	}
	t0 = now_ns();

	for (i = 0; i < m->count; i++) {
		__u64 *f = i + 1 == m->count ? &fence : NULL;

		if (!strcmp(m->kind, "spin"))
			ret = mdgpu_rt_dev__launch_spin(b->dev, b->grid, m->arg,
							f);
		else
			ret = mdgpu_rt_dev__launch_gemm_f32(b->dev, b->grid, &g,
							    f);
		if (ret)
			die(m->name, ret);
	}
	ret = mdgpu_rt_dev__wait(b->dev, fence, 600000);
	if (ret)
		die(m->name, ret);
	t = now_ns() - t0;
	mdgpu_rt_buf__free(mat);
	return t;
}

/* The same batch through debugfs: submitted at once, waited for once. */
static unsigned long long unmediated(const struct bench *b,
				     const struct measure *m)
{
	char req[96], buf[256];

	snprintf(req, sizeof(req), "batch %s %lu %llu %u", m->kind, m->count,
		 m->arg, b->grid);
	direct(b, req, buf, sizeof(buf));
	return answer(buf, "total_ns");
}

static void help_exit(void)
{
	fprintf(stderr,
		"usage: mdgpu-devbench [-p PAIRS] [-D DIRECT] UUID NOPS SMALL LARGE GSMALL GSDIM GLARGE GLDIM\n"
		"  Per pair, mediated and direct back to back (the order alternates):\n"
		"  NOPS NOP latency samples; SMALL 50 us and LARGE 1 ms spin launches;\n"
		"  GSMALL f32 GEMMs of GSDIM^3 and GLARGE of GLDIM^3; one work-group\n"
		"  per compute unit. PAIRS defaults to 21, DIRECT to\n"
		"  " DIRECT_DEFAULT ".\n");
	exit(2);
}

static unsigned long num(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || !v) {
		fprintf(stderr,
			"mdgpu-devbench: '%s' is not a positive number\n", s);
		help_exit();
	}
	return v;
}

int main(int argc, char **argv)
{
	struct bench b = { .direct = DIRECT_DEFAULT };
	struct measure ms[4];
	unsigned long pairs = 21, nops, r;
	int opt, i;

	while ((opt = getopt(argc, argv, "p:D:h")) != -1) {
		switch (opt) {
		case 'p':
			pairs = num(optarg);
			break;
		case 'D':
			b.direct = optarg;
			break;
		default:
			help_exit();
		}
	}
	if (argc - optind != 8)
		help_exit();
	nops = num(argv[optind + 1]);
	ms[0] = (struct measure){ "small", "spin", num(argv[optind + 2]),
				  50000 };
	ms[1] = (struct measure){ "large", "spin", num(argv[optind + 3]),
				  1000000 };
	ms[2] = (struct measure){ "gemm_small", "gemm", num(argv[optind + 4]),
				  num(argv[optind + 5]) };
	ms[3] = (struct measure){ "gemm_large", "gemm", num(argv[optind + 6]),
				  num(argv[optind + 7]) };
	b.dev = mdgpu_rt_dev__open_vfio(argv[optind], NULL);
	if (!b.dev)
		die("open", -errno);
	b.grid = mdgpu_rt_dev__info(b.dev)->compute_units;

	for (r = 0; r < pairs; r++) {
		int mfirst = r % 2 == 0;
		unsigned long long mp50, mp99;
		char req[64], buf[256];

		snprintf(req, sizeof(req), "seq nop %lu", nops);
		if (mfirst)
			nop_latency(&b, nops, &mp50, &mp99);
		direct(&b, req, buf, sizeof(buf));
		if (!mfirst)
			nop_latency(&b, nops, &mp50, &mp99);
		printf("{\"test\":\"nop_latency\",\"pair\":%lu,\"count\":%lu,",
		       r, nops);
		printf("\"mediated_p50_ns\":%llu,\"mediated_p99_ns\":%llu,",
		       mp50, mp99);
		printf("\"direct_p50_ns\":%llu,\"direct_p99_ns\":%llu}\n",
		       answer(buf, "p50_ns"), answer(buf, "p99_ns"));
		for (i = 0; i < 4; i++) {
			unsigned long long mt, dt;

			if (mfirst) {
				mt = mediated(&b, &ms[i]);
				dt = unmediated(&b, &ms[i]);
			} else {
				dt = unmediated(&b, &ms[i]);
				mt = mediated(&b, &ms[i]);
			}
			printf("{\"test\":\"%s\",\"pair\":%lu,\"first\":\"%s\",",
			       ms[i].name, r, mfirst ? "mediated" : "direct");
			printf("\"kind\":\"%s\",\"count\":%lu,\"arg\":%llu,",
			       ms[i].kind, ms[i].count, ms[i].arg);
			printf("\"grid\":%u,\"mediated_ns\":%llu,\"direct_ns\":%llu}\n",
			       b.grid, mt, dt);
			fflush(stdout);
		}
	}
	mdgpu_rt_dev__close(b.dev);
	return 0;
}
