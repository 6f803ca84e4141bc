// SPDX-License-Identifier: GPL-2.0-only
/*
 * rt-kernels UUID MODE [RING_ENTRIES]: every command and built-in kernel of
 * the vGPU, through libmdgpu-rt in one wait mode (poll-reg, poll-mem, msi,
 * intx), checked against host references with awkward shapes, offsets and
 * grids; plus ring wrap-around, timeouts and the API's own refusals.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static struct mdgpu_rt_dev *dev;
static __u8 *mem;
static int waits;

static const __u32 grids[] = { 0, 1, 3, 1024 };
#define NGRIDS ARRAY_SIZE(grids)

static struct mdgpu_rt_buf *dev_alloc(__u64 size, __u64 align)
{
	struct mdgpu_rt_buf *b = mdgpu_rt_buf__alloc(dev, size, align);

	T_REQUIRE(b, "alloc %llu: %s", (unsigned long long)size, t_err(-errno));
	T_REQUIRE(mdgpu_rt_buf__ptr(b), "buffer outside the BAR2 window");
	return b;
}

static void wait_ok(__u64 fence, const char *what)
{
	t_ok_rt(dev, mdgpu_rt_dev__wait(dev, fence, 60000), what);
	waits++;
}

static void test_fill(void)
{
	struct mdgpu_rt_buf *b = dev_alloc(1 << 20, 64);
	__u8 *p = mdgpu_rt_buf__ptr(b);
	__u64 base = mdgpu_rt_buf__offset(b), fence;
	int i, cases = 0;

	for (i = 0; i < 24; i++) {
		__u64 len = i == 0 ? 4 :
			    i == 1 ? (1 << 20) - 64 :
				     ((t_rand() % 65536) + 1) * 4;
		__u64 dst = ((t_rand() % ((1 << 20) - len - 32)) / 4) * 4 + 16;
		__u32 pat = (__u32)t_rand(), grid = grids[i % NGRIDS];
		bool kernel = i & 1;
		__u64 j;

		if (i == 1)
			dst = 32;
		memset(p, 0x11, 1 << 20);
		if (kernel)
			t_ok_rt(dev,
				mdgpu_rt_dev__launch_fill(dev, grid, base + dst,
							  len, pat, &fence),
				"launch fill");
		else
			t_ok_rt(dev,
				mdgpu_rt_dev__fill(dev, base + dst, len, pat,
						   &fence),
				"FILL");
		wait_ok(fence, "fill");
		for (j = 0; j < len; j += 4)
			if (memcmp(p + dst + j, &pat, 4))
				break;
		T_CHECK(j == len, "%s dst %llu len %llu: word %llu differs",
			kernel ? "fill kernel" : "FILL",
			(unsigned long long)dst, (unsigned long long)len,
			(unsigned long long)j / 4);
		T_CHECK(p[dst - 1] == 0x11 && p[dst + len] == 0x11,
			"fill wrote outside its range");
		cases++;
	}
	mdgpu_rt_buf__free(b);
	printf("ok fill: %d cases (FILL and fill kernel, grids 0/1/3/1024)\n",
	       cases);
}

static void test_copy(void)
{
	static const __u64 lens[] = { 1, 3, 64, 4097, 100003, 262144 };
	struct mdgpu_rt_buf *b = dev_alloc(1 << 20, 64);
	__u8 *p = mdgpu_rt_buf__ptr(b), *ref = malloc(1 << 19);
	__u64 base = mdgpu_rt_buf__offset(b), fence, i;
	int c, cases = 0;

	T_REQUIRE(ref, "malloc");
	for (c = 0; c < 12; c++) {
		__u64 len = lens[c % 6];
		__u64 src = t_rand() %
			    ((1 << 19) - len); /* source in the low half */
		__u64 dst = (1 << 19) + t_rand() % ((1 << 19) - len);
		bool kernel = c >= 6;

		for (i = 0; i < (1 << 19); i++)
			p[i] = ref[i] = (__u8)t_rand();
		memset(p + (1 << 19), 0x22, 1 << 19);
		if (kernel)
			t_ok_rt(dev,
				mdgpu_rt_dev__launch_copy(
					dev, grids[c % NGRIDS], base + dst,
					base + src, len, &fence),
				"launch copy");
		else
			t_ok_rt(dev,
				mdgpu_rt_dev__copy(dev, base + dst, base + src,
						   len, &fence),
				"COPY");
		wait_ok(fence, "copy");
		T_CHECK(!memcmp(p + dst, ref + src, len),
			"%s src %llu dst %llu len %llu differs",
			kernel ? "copy kernel" : "COPY",
			(unsigned long long)src, (unsigned long long)dst,
			(unsigned long long)len);
		T_CHECK((dst == (1 << 19) || p[dst - 1] == 0x22) &&
				(dst + len == (1 << 20) ||
				 p[dst + len] == 0x22),
			"copy wrote outside its range");
		T_CHECK(!memcmp(p, ref, 1 << 19), "copy changed its source");
		cases++;
	}
	free(ref);
	mdgpu_rt_buf__free(b);
	printf("ok copy: %d cases (COPY and copy kernel, unaligned offsets and lengths)\n",
	       cases);
}

static void test_axpy(void)
{
	static const __u32 ns[] = { 1, 3, 1000, 65537 };
	int c, cases = 0;

	for (c = 0; c < 8; c++) {
		__u32 n = ns[c % 4], i;
		bool same = c >= 4;
		struct mdgpu_rt_buf *x = dev_alloc((__u64)n * 4, 4),
				    *y = dev_alloc((__u64)n * 4 + 4, 4);
		float *hx = mdgpu_rt_buf__ptr(x),
		      *hy = (float *)mdgpu_rt_buf__ptr(y) + 1;
		float *ox = malloc(n * sizeof(float)),
		      *oy = malloc(n * sizeof(float));
		float a = t_randf() * 4;
		__u64 yoff = mdgpu_rt_buf__offset(y) + 4, fence;
		long bad = 0;

		T_REQUIRE(ox && oy, "malloc");
		for (i = 0; i < n; i++) {
			hx[i] = t_randf() * 100;
			hy[i] = t_randf() * 100;
			ox[i] = same ? hy[i] : hx[i];
			oy[i] = hy[i];
		}
		t_ok_rt(dev,
			mdgpu_rt_dev__launch_axpy(
				dev, grids[c % NGRIDS],
				same ? yoff : mdgpu_rt_buf__offset(x), yoff, n,
				a, &fence),
			"launch axpy");
		wait_ok(fence, "axpy");
		for (i = 0; i < n; i++) {
			double want = (double)a * ox[i] + oy[i];
			double tol = 2 * FLT_EPSILON *
				     (fabs((double)a * ox[i]) + fabs(oy[i]));

			if (fabs(hy[i] - want) > tol + 1e-30 && bad++ < 3)
				fprintf(stderr,
					"axpy n=%u y[%u] = %.9g, expected %.9g\n",
					n, i, hy[i], want);
		}
		T_CHECK(!bad, "axpy n=%u%s: %ld wrong elements", n,
			same ? " x==y" : "", bad);
		free(ox);
		free(oy);
		mdgpu_rt_buf__free(x);
		mdgpu_rt_buf__free(y);
		cases++;
	}
	printf("ok axpy: %d cases (n 1..65537, x == y too; tolerance 2 ulp of the terms)\n",
	       cases);
}

struct shape {
	__u32 m, n, k, pad;
};

static const struct shape shapes[] = {
	{ 1, 1, 1, 0 },	    { 1, 7, 3, 0 },    { 5, 1, 9, 0 },
	{ 3, 5, 7, 0 },	    { 17, 33, 1, 0 },  { 31, 29, 37, 3 },
	{ 64, 64, 64, 0 },  { 65, 63, 67, 1 }, { 2, 200, 129, 5 },
	{ 128, 1, 300, 0 },
};

static void test_gemm(bool i8)
{
	int s, cases = 0;

	for (s = 0; s < (int)ARRAY_SIZE(shapes); s++) {
		const struct shape *sh = &shapes[s];
		__u32 lda = sh->k + sh->pad, ldb = sh->n + sh->pad,
		      ldc = sh->n + sh->pad * 2;
		__u32 in = i8 ? 1 : 4, i, j, p;
		__u64 asz = ((__u64)(sh->m - 1) * lda + sh->k) * in;
		__u64 bsz = ((__u64)(sh->k - 1) * ldb + sh->n) * in;
		__u64 csz = ((__u64)(sh->m - 1) * ldc + sh->n) * 4;
		/* int8 operands at odd offsets: the kernel needs no alignment for them. */
		__u64 skew = i8 ? 1 + s % 3 : 0, fence;
		struct mdgpu_rt_buf *ba = dev_alloc(asz + skew, 4),
				    *bb = dev_alloc(bsz + skew, 4);
		struct mdgpu_rt_buf *bc = dev_alloc(csz, 4);
		__u8 *ha = (__u8 *)mdgpu_rt_buf__ptr(ba) + skew;
		__u8 *hb = (__u8 *)mdgpu_rt_buf__ptr(bb) + skew;
		void *hc = mdgpu_rt_buf__ptr(bc);
		struct mdgpu_gemm_args g = {
			.a = mdgpu_rt_buf__offset(ba) + skew,
			.b = mdgpu_rt_buf__offset(bb) + skew,
			.c = mdgpu_rt_buf__offset(bc),
			.m = sh->m,
			.n = sh->n,
			.k = sh->k,
			.lda = lda,
			.ldb = ldb,
			.ldc = ldc,
		};
		long bad = 0;

		for (i = 0; i < asz / in; i++) {
			if (i8)
				ha[i] = (__u8)t_rand();
			else
				((float *)ha)[i] = t_randf();
		}
		for (i = 0; i < bsz / in; i++) {
			if (i8)
				hb[i] = (__u8)t_rand();
			else
				((float *)hb)[i] = t_randf();
		}
		memset(hc, 0x5a, csz);
		t_ok_rt(dev,
			i8 ? mdgpu_rt_dev__launch_gemm_i8(
				     dev, grids[s % NGRIDS], &g, &fence) :
			     mdgpu_rt_dev__launch_gemm_f32(
				     dev, grids[s % NGRIDS], &g, &fence),
			"launch gemm");
		wait_ok(fence, "gemm");
		for (i = 0; i < sh->m; i++) {
			for (j = 0; j < sh->n; j++) {
				double ref = 0, mag = 0;
				__u32 iref = 0;
				bool ok;

				for (p = 0; p < sh->k; p++) {
					if (i8) {
						iref += (__u32)((__s8)ha[i * lda +
									 p] *
								(__s8)hb[p * ldb +
									 j]);
					} else {
						double t =
							(double)((float *)ha)
								[i * lda + p] *
							((float *)hb)[p * ldb +
								      j];
						ref += t;
						mag += fabs(t);
					}
				}
				if (i8)
					ok = ((__u32 *)hc)[i * ldc + j] == iref;
				else
					ok = fabs(((float *)hc)[i * ldc + j] -
						  ref) <=
					     sh->k * (double)FLT_EPSILON * mag +
						     1e-30;
				if (!ok && bad++ < 3)
					fprintf(stderr,
						"gemm_%s %ux%ux%u C[%u][%u] wrong\n",
						i8 ? "i8" : "f32", sh->m, sh->n,
						sh->k, i, j);
			}
			/* The gap between rows of C must stay untouched. */
			for (j = sh->n; j < ldc && i + 1 < sh->m; j++)
				if (((__u32 *)hc)[i * ldc + j] != 0x5a5a5a5a &&
				    bad++ < 3)
					fprintf(stderr,
						"gemm wrote C's row gap\n");
		}
		T_CHECK(!bad, "gemm_%s %ux%ux%u pad %u: %ld wrong",
			i8 ? "i8" : "f32", sh->m, sh->n, sh->k, sh->pad, bad);
		mdgpu_rt_buf__free(ba);
		mdgpu_rt_buf__free(bb);
		mdgpu_rt_buf__free(bc);
		cases++;
	}
	const char *how = i8 ? "exact, unaligned A and B" :
			       "error within K*eps*sum(|a*b|)";

	printf("ok gemm_%s: %d shapes from 1x1x1 to 128x1x300, padded leading dimensions, %s\n",
	       i8 ? "i8" : "f32", cases, how);
}

static void test_reduce(void)
{
	static const __u32 ns[] = { 1, 2, 7, 1000, 100003 };
	int c, cases = 0;

	for (c = 0; c < 10; c++) {
		__u32 n = ns[c % 5], i;
		struct mdgpu_rt_buf *x = dev_alloc((__u64)n * 4 + 8, 4);
		float *hx = mdgpu_rt_buf__ptr(x);
		double ref = 0, mag = 0;
		__u64 fence;
		float got;

		for (i = 0; i < n; i++) {
			hx[i] = t_randf() * 10;
			ref += hx[i];
			mag += fabs(hx[i]);
		}
		hx[n] = 12345.0f;
		t_ok_rt(dev,
			mdgpu_rt_dev__launch_reduce_sum(
				dev, grids[c % NGRIDS], mdgpu_rt_buf__offset(x),
				mdgpu_rt_buf__offset(x) + (__u64)n * 4, n,
				&fence),
			"launch reduce_sum");
		wait_ok(fence, "reduce");
		got = hx[n];
		T_CHECK(fabs(got - ref) <=
				n * (double)FLT_EPSILON * mag + 1e-30,
			"reduce_sum n=%u grid %u: %.9g, expected %.9g", n,
			grids[c % NGRIDS], got, ref);
		mdgpu_rt_buf__free(x);
		cases++;
	}
	printf("ok reduce_sum: %d cases (n 1..100003; tolerance n*FLT_EPSILON*sum|x|)\n",
	       cases);
}

/*
 * Short spins: under TCG the simulated GPU runs a spin tens of times slower
 * than its nominal time, and the device's 2 s watchdog ends long ones.
 */
#define SPIN_NS 5000000ULL

static void test_timestamp_spin(void)
{
	struct mdgpu_rt_buf *b = dev_alloc(16, 8);
	__u64 *ts = mdgpu_rt_buf__ptr(b), t0, t1, fence;
	struct mdgpu_rt_stats s0 = { .sz = sizeof(s0) },
			      s1 = { .sz = sizeof(s1) };
	const struct mdgpu_rt_info *info = mdgpu_rt_dev__info(dev);

	t_ok_rt(dev, mdgpu_rt_dev__stats(dev, &s0), "stats");
	t_ok_rt(dev, mdgpu_rt_dev__time_ns(dev, &t0), "time");
	t_ok_rt(dev,
		mdgpu_rt_dev__timestamp(dev, mdgpu_rt_buf__offset(b), NULL),
		"timestamp");
	t_ok_rt(dev,
		mdgpu_rt_dev__launch_spin(dev, info->compute_units, SPIN_NS,
					  NULL),
		"spin");
	t_ok_rt(dev,
		mdgpu_rt_dev__timestamp(dev, mdgpu_rt_buf__offset(b) + 8,
					&fence),
		"timestamp");
	wait_ok(fence, "spin");
	t_ok_rt(dev, mdgpu_rt_dev__time_ns(dev, &t1), "time");
	t_ok_rt(dev, mdgpu_rt_dev__stats(dev, &s1), "stats");
	T_CHECK(t0 <= ts[0] && ts[0] + SPIN_NS <= ts[1] && ts[1] <= t1,
		"timestamps %llu, %llu around a 5 ms spin, clock %llu..%llu",
		(unsigned long long)ts[0], (unsigned long long)ts[1],
		(unsigned long long)t0, (unsigned long long)t1);
	T_CHECK(s1.busy_ns - s0.busy_ns >= SPIN_NS * 9 / 10,
		"busy_ns grew by %llu over a 5 ms spin",
		(unsigned long long)(s1.busy_ns - s0.busy_ns));
	T_CHECK(s1.completed - s0.completed >= 4,
		"completed grew by %llu for 4 commands",
		(unsigned long long)(s1.completed - s0.completed));
	T_CHECK(s1.share_max > 0 && s1.weight > 0,
		"QoS registers read weight %u, cap %u", s1.weight,
		s1.share_max);
	printf("ok timestamp+spin: device %.1f ms for a 5 ms spin on %u CUs; busy +%.1f ms, steal +%.1f ms\n",
	       (ts[1] - ts[0]) / 1e6, info->compute_units,
	       (s1.busy_ns - s0.busy_ns) / 1e6,
	       (s1.wait_ns - s0.wait_ns) / 1e6);
	mdgpu_rt_buf__free(b);
}

/* Far more commands than ring slots, in one call and one by one. */
static void test_ring_wrap(void)
{
	enum { N = 700 };
	struct mdgpu_rt_buf *b = dev_alloc(N * 4, 4);
	__u32 *w = mdgpu_rt_buf__ptr(b), i;
	struct mdgpu_cmd *cmds = calloc(N, sizeof(*cmds));
	__u64 fence = 0;

	T_REQUIRE(cmds, "calloc");
	memset(w, 0, N * 4);
	for (i = 0; i < N; i++) {
		cmds[i].opcode = MDGPU_OP_FILL;
		cmds[i].fill.dst = mdgpu_rt_buf__offset(b) + i * 4;
		cmds[i].fill.len = 4;
		cmds[i].fill.pattern = 0xa0000000 | i;
	}
	t_ok_rt(dev, mdgpu_rt_dev__submit(dev, cmds, N, 0, &fence),
		"submit 700");
	wait_ok(fence, "700 fills");
	for (i = 0; i < N && w[i] == (0xa0000000 | i); i++)
		;
	T_CHECK(i == N, "batch of %d: word %u is %#x", N, i, i < N ? w[i] : 0);
	for (i = 0; i < N; i++) {
		cmds[i].fill.pattern = 0xb0000000 | i;
		t_ok_rt(dev,
			mdgpu_rt_dev__submit(dev, &cmds[i], 1, 0,
					     i % 3 ? NULL : &fence),
			"submit one");
	}
	t_ok_rt(dev, mdgpu_rt_dev__sync(dev, 60000), "sync");
	for (i = 0; i < N && w[i] == (0xb0000000 | i); i++)
		;
	T_CHECK(i == N, "one by one: word %u is %#x", i, i < N ? w[i] : 0);
	T_CHECK(mdgpu_rt_dev__fence_completed(dev) >= fence,
		"fence_completed behind");
	free(cmds);
	mdgpu_rt_buf__free(b);
	printf("ok ring wrap: 2 x %d commands\n", N);
}

/*
 * A 1 ms wait on a 200 ms spin times out. It may rightly succeed only when
 * the spin's whole duration had passed before the wait looked (the VM was
 * stopped by its host for that long under TCG): then the try is repeated,
 * and a wait that never times out in three tries fails.
 */
static void test_timeout(void)
{
	const __u64 spin_ns = 200000000;
	int ret = 0, tries;
	__u64 fence;

	for (tries = 1; tries <= 3; tries++) {
		double t0 = t_now(), waited;

		t_ok_rt(dev, mdgpu_rt_dev__launch_spin(dev, 1, spin_ns, &fence),
			"spin");
		ret = mdgpu_rt_dev__wait(dev, fence, 1);
		waited = t_now() - t0;
		if (ret == -ETIMEDOUT) {
			T_CHECK(errno == ETIMEDOUT, "errno %d after -ETIMEDOUT",
				errno);
			ret = mdgpu_rt_dev__wait(dev, fence, 0);
			T_CHECK(ret == -ETIMEDOUT || ret == 0, "wait 0: %s",
				t_err(ret));
			wait_ok(fence, "spin");
			break;
		}
		if (ret != 0 || waited * 1e9 < spin_ns) {
			T_CHECK(0,
				"wait 1 ms on a %llu ms spin: %s after %.1f ms",
				(unsigned long long)spin_ns / 1000000,
				t_err(ret), waited * 1e3);
			return;
		}
		printf("note: wait 1 ms succeeded %.1f ms after the spin was launched (host stall); again\n",
		       waited * 1e3);
	}
	T_CHECK(tries <= 3, "a 1 ms wait on a %llu ms spin never timed out",
		(unsigned long long)spin_ns / 1000000);
	printf("ok wait timeout\n");
}

/* Bad arguments are refused at the call; nothing reaches the device. */
static void test_api_refusals(void)
{
	const struct mdgpu_rt_info *info = mdgpu_rt_dev__info(dev);
	__u64 memsz = info->mem_size, fence = 0;
	struct mdgpu_gemm_args g = { 0, 64, 4096, 2, 2, 2, 1, 2, 2 };
	struct mdgpu_cmd c = { .opcode = 99 };
	__u32 code = 0;
	char buf[8];
	int n = 0;

#define REFUSE(expr, err)                                                  \
	do {                                                               \
		int r_ = (expr);                                           \
		T_CHECK(r_ == (err), #expr ": %s, expected %s", t_err(r_), \
			t_err(err));                                       \
		n++;                                                       \
	} while (0)
	REFUSE(mdgpu_rt_dev__fill(dev, 2, 64, 0, &fence), -EINVAL);
	REFUSE(mdgpu_rt_dev__fill(dev, 0, 6, 0, &fence), -EINVAL);
	REFUSE(mdgpu_rt_dev__fill(dev, 0, 0, 0, &fence), -EINVAL);
	REFUSE(mdgpu_rt_dev__fill(dev, memsz - 4, 8, 0, &fence), -ERANGE);
	REFUSE(mdgpu_rt_dev__fill(dev, ~0ULL - 3, 8, 0, &fence), -ERANGE);
	REFUSE(mdgpu_rt_dev__fill(dev, 0, (1ULL << 30) + 4, 0, &fence), -E2BIG);
	REFUSE(mdgpu_rt_dev__copy(dev, 0, 4, 64, &fence), -EINVAL);
	REFUSE(mdgpu_rt_dev__timestamp(dev, 4, &fence), -EINVAL);
	REFUSE(mdgpu_rt_dev__launch_spin(dev, 1, 2000000000ULL, &fence),
	       -E2BIG);
	REFUSE(mdgpu_rt_dev__launch_spin(dev, 1025, 1000, &fence), -EINVAL);
	REFUSE(mdgpu_rt_dev__launch_axpy(dev, 1, 0, 2, 16, 1.0f, &fence),
	       -EINVAL);
	REFUSE(mdgpu_rt_dev__launch_axpy(dev, 1, 0, 8, 16, 1.0f, &fence),
	       -EINVAL);
	REFUSE(mdgpu_rt_dev__launch_gemm_f32(dev, 1, &g, &fence), -EINVAL);
	REFUSE(mdgpu_rt_dev__launch_gemm_f32(dev, 1, NULL, &fence), -EINVAL);
	REFUSE(mdgpu_rt_dev__launch_reduce_sum(dev, 1, 0, 8, 16, &fence),
	       -EINVAL);
	REFUSE(mdgpu_rt_dev__launch(dev, 99, 1, NULL, 0, &fence), -EINVAL);
	REFUSE(mdgpu_rt_dev__launch(dev, MDGPU_KERNEL_SPIN, 1, buf, 49, &fence),
	       -EINVAL);
	REFUSE(mdgpu_rt_dev__submit(dev, &c, 1, 0, &fence), -EINVAL);
	REFUSE(mdgpu_rt_dev__submit(dev, NULL, 1, 0, &fence), -EINVAL);
	REFUSE(mdgpu_rt_dev__submit(dev, &c, 1, 0x80, &fence), -EINVAL);
	REFUSE(mdgpu_rt_dev__check_cmd(dev, &c, &code), -EINVAL);
	T_CHECK(code == MDGPU_ERR_BAD_OPCODE, "check_cmd predicted %u", code);
	REFUSE(mdgpu_rt_dev__mem_write(dev, memsz - 4, buf, 8), -ERANGE);
	REFUSE(mdgpu_rt_dev__mem_read(dev, 0, NULL, 8), -EINVAL);
	REFUSE(mdgpu_rt_dev__wait(dev,
				  mdgpu_rt_dev__fence_completed(dev) + 1000, 0),
	       -EINVAL);
	REFUSE(mdgpu_rt_dev__reg_read(dev, 2, (__u32 *)buf), -EINVAL);
	REFUSE(mdgpu_rt_dev__reg_read(dev, MDGPU_BAR0_SIZE, (__u32 *)buf),
	       -EINVAL);
	REFUSE(mdgpu_rt_dev__reset(dev, 0x10), -EINVAL);
	REFUSE(mdgpu_rt_dev__set_wait_mode(dev, 42), -EINVAL);
	REFUSE(mdgpu_rt_dev__stats(dev, NULL), -EINVAL);
	REFUSE(mdgpu_rt_dev__fill(NULL, 0, 4, 0, &fence), -EINVAL);
	REFUSE(mdgpu_rt_buf__alloc(dev, 0, 0) ? 0 : -errno, -EINVAL);
	REFUSE(mdgpu_rt_buf__alloc(dev, 64, 3) ? 0 : -errno, -EINVAL);
	REFUSE(mdgpu_rt_buf__alloc(dev, memsz, 0) ? 0 : -errno, -ENOMEM);
	REFUSE(mdgpu_rt_dev__open_vfio("not-a-uuid", NULL) ? 0 : -errno,
	       -EINVAL);
	REFUSE(mdgpu_rt_dev__open_vfio("00000000-0000-0000-0000-000000000000",
				       NULL) ?
		       0 :
		       -errno,
	       -ENOENT);
#undef REFUSE
	T_CHECK(mdgpu_rt_dev__check(dev) == 0,
		"the queue stopped: a refusal reached the device");
	printf("ok api refusals: %d cases, queue still running\n", n);
}

int main(int argc, char **argv)
{
	int mode;
	__u32 entries = 0;
	double t0 = t_now();

	t_init("rt-kernels");
	if (argc < 3) {
		fprintf(stderr, "usage: rt-kernels UUID MODE [RING_ENTRIES]\n");
		return 2;
	}
	mode = t_mode(argv[2]);
	if (argc > 3)
		entries = strtoul(argv[3], NULL, 0);
	t_srand(0x6d6770751ULL + mode);
	dev = t_open(argv[1], mode, entries, 0);
	mem = mdgpu_rt_dev__mem(dev);
	T_REQUIRE((int)mdgpu_rt_dev__wait_mode(dev) == mode || mode == 0,
		  "wait mode %d, asked %d", mdgpu_rt_dev__wait_mode(dev), mode);
	test_fill();
	test_copy();
	test_axpy();
	test_gemm(false);
	test_gemm(true);
	test_reduce();
	test_timestamp_spin();
	test_ring_wrap();
	test_timeout();
	test_api_refusals();
	T_CHECK(mdgpu_rt_dev__check(dev) == 0, "queue in error at the end");
	mdgpu_rt_dev__close(dev);
	printf("rt-kernels %s: %d waits, %.1f s, %s\n", t_mode_name(mode),
	       waits, t_now() - t0, t_failures ? "FAILED" : "all ok");
	return t_exit();
}
