// SPDX-License-Identifier: GPL-2.0-only
/*
 * mdgpu-train: a small training job on an mdgpu vGPU. It fits a linear model
 * (multi-output linear regression with a bias) to synthetic data by full-batch
 * gradient descent, with every step computed by device kernels: GEMM for the
 * forward pass and the gradient, axpy for the residual and the update, GEMM
 * and reduce_sum for the loss. The host only uploads the data once, reads the
 * loss of each step, and runs the same descent in double precision as the
 * reference. It runs over VFIO (a host process) or PCI (inside a guest).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mdgpu/mdgpu_rt.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_DEPTH 64
#define MAX_CHUNKS 64
#define LOSS_CHUNK 8192 /* MDGPU_GEMM_MAX_DIM: K of one loss GEMM */
#define WAIT_MS 60000

/* Tolerances against the double-precision reference (docs/runtime.md). */
#define TOL_LOSS_REL 1e-3
#define TOL_W_ABS 1e-3

struct opts {
	const char *dev;
	__u32 n, d, o, steps, depth, grid, print_every;
	double lr, noise, seconds;
	unsigned long long seed;
	bool check, quiet;
	const char *label, *ready_file, *start_file;
	enum mdgpu_rt_wait_mode wait;
};

static void print_usage(FILE *f)
{
	fprintf(f,
		"usage: mdgpu-train [options] [DEVICE]\n"
		"\n"
		"Train a linear model y = x W (+ bias) on synthetic data by gradient descent on\n"
		"an mdgpu vGPU, every step in device kernels, and check the loss of each step\n"
		"and the final weights against a host reference in double precision.\n"
		"\n"
		"DEVICE: an mdev UUID (VFIO, on the host), a PCI address or 'pci' (inside a\n"
		"guest; the default: the first vGPU found in /sys/bus/pci/devices).\n"
		"\n"
		"  -n, --samples N     training samples (default 2048)\n"
		"  -d, --features D    inputs per sample, the last one a constant 1 (bias);\n"
		"                      default 32\n"
		"  -o, --outputs O     outputs per sample (default 4)\n"
		"  -s, --steps S       gradient steps (default 30)\n"
		"  -t, --seconds T     instead of -s: train for T seconds (throughput mode)\n"
		"  -l, --lr RATE       learning rate (default 0.3)\n"
		"      --noise SIGMA   label noise, standard deviation (default 0.01)\n"
		"      --seed SEED     data seed (default 1)\n"
		"  -D, --depth K       steps in flight on the device (default 4, max 64)\n"
		"  -g, --grid G        work-groups per kernel (default 0: one per CU)\n"
		"  -w, --wait MODE     auto, poll-reg, poll-mem, msi or intx (default auto)\n"
		"  -p, --print-every P print every P-th step (default 1; 0: none)\n"
		"      --no-check      skip the host reference (for long throughput runs)\n"
		"      --ready-file F  create F once the data is on the device\n"
		"      --start-file F  then wait until F exists before the first step\n"
		"                      (a start barrier for several jobs)\n"
		"  -L, --label NAME    name in the result line (default: the device)\n"
		"  -q, --quiet         only the result line and failures\n"
		"  -h, --help          this help\n"
		"\n"
		"Loss: mean over samples of the squared error summed over outputs. The\n"
		"reference repeats the same descent in double precision on the host. Pass:\n"
		"every step's loss within %.0e relative of the reference, every final weight\n"
		"within %.0e (absolute, or relative above 1).\n"
		"\n"
		"The last line is 'result key=value ...': steps, seconds, steps_per_s,\n"
		"busy_ns, wait_ns (steal time), weight, loss0, final_loss, check.\n"
		"Exit status: 0 pass, 1 mismatch, 2 usage, 3 device error.\n",
		TOL_LOSS_REL, TOL_W_ABS);
}

static int parse_u32(const char *s, __u32 lo, __u32 hi, __u32 *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || !*s || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !*s || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

static int parse_wait(const char *s, enum mdgpu_rt_wait_mode *m)
{
	static const char *const names[] = { "auto", "poll-reg", "poll-mem",
					     "msi", "intx" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcmp(s, names[i])) {
			*m = i;
			return 0;
		}
	}
	return -1;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "samples", required_argument, NULL, 'n' },
		{ "features", required_argument, NULL, 'd' },
		{ "outputs", required_argument, NULL, 'o' },
		{ "steps", required_argument, NULL, 's' },
		{ "seconds", required_argument, NULL, 't' },
		{ "lr", required_argument, NULL, 'l' },
		{ "noise", required_argument, NULL, 'N' },
		{ "seed", required_argument, NULL, 'S' },
		{ "depth", required_argument, NULL, 'D' },
		{ "grid", required_argument, NULL, 'g' },
		{ "wait", required_argument, NULL, 'w' },
		{ "print-every", required_argument, NULL, 'p' },
		{ "no-check", no_argument, NULL, 'C' },
		{ "label", required_argument, NULL, 'L' },
		{ "ready-file", required_argument, NULL, 'R' },
		{ "start-file", required_argument, NULL, 'T' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	*o = (struct opts){ .n = 2048,
			    .d = 32,
			    .o = 4,
			    .steps = 30,
			    .depth = 4,
			    .print_every = 1,
			    .lr = 0.3,
			    .noise = 0.01,
			    .seed = 1,
			    .check = true };
	while ((c = getopt_long(argc, argv, "n:d:o:s:t:l:D:g:w:p:L:qh", lo,
				NULL)) != -1) {
		int bad = 0;

		switch (c) {
		case 'n':
			bad = parse_u32(optarg, 2, MDGPU_GEMM_MAX_DIM, &o->n);
			break;
		case 'd':
			bad = parse_u32(optarg, 2, MDGPU_GEMM_MAX_DIM, &o->d);
			break;
		case 'o':
			bad = parse_u32(optarg, 1, MDGPU_GEMM_MAX_DIM, &o->o);
			break;
		case 's':
			bad = parse_u32(optarg, 1, 100000000, &o->steps);
			break;
		case 't':
			bad = parse_double(optarg, 0.1, 86400, &o->seconds);
			break;
		case 'l':
			bad = parse_double(optarg, 1e-9, 10, &o->lr);
			break;
		case 'N':
			bad = parse_double(optarg, 0, 10, &o->noise);
			break;
		case 'S':
			errno = 0;
			o->seed = strtoull(optarg, &end, 0);
			bad = errno || *end || !*optarg;
			break;
		case 'D':
			bad = parse_u32(optarg, 1, MAX_DEPTH, &o->depth);
			break;
		case 'g':
			bad = parse_u32(optarg, 0, MDGPU_MAX_GRID, &o->grid);
			break;
		case 'w':
			bad = parse_wait(optarg, &o->wait);
			break;
		case 'p':
			bad = parse_u32(optarg, 0, 100000000, &o->print_every);
			break;
		case 'C':
			o->check = false;
			break;
		case 'L':
			o->label = optarg;
			break;
		case 'R':
			o->ready_file = optarg;
			break;
		case 'T':
			o->start_file = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			print_usage(stdout);
			exit(0);
		default:
			return -1;
		}
		if (bad) {
			fprintf(stderr, "mdgpu-train: bad value '%s' for -%c\n",
				optarg, c == 'N' ? 'N' : c);
			return -1;
		}
	}
	if (optind + 1 < argc) {
		fprintf(stderr, "mdgpu-train: one DEVICE at most\n");
		return -1;
	}
	o->dev = optind < argc ? argv[optind] : NULL;
	if ((__u64)o->n * o->o > MDGPU_MAX_ELEMS ||
	    (__u64)o->n * o->o > (__u64)LOSS_CHUNK * MAX_CHUNKS) {
		fprintf(stderr,
			"mdgpu-train: samples x outputs must be at most %u\n",
			LOSS_CHUNK * MAX_CHUNKS);
		return -1;
	}
	return 0;
}

/* splitmix64: the data depend on the seed only, on every machine. */
static __u64 rng_next(__u64 *s)
{
	__u64 z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [-1, 1), on a 2^-23 grid: exact in f32. */
static float rng_unit(__u64 *s)
{
	return (float)((__s64)(rng_next(s) >> 40) - (1LL << 23)) /
	       (float)(1 << 23);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/**
 * struct job - the model, its data and where they live on the device
 * @n: samples
 * @d: features (the last is the bias input, 1)
 * @o: outputs
 * @x: n x d inputs (host copy, f32 as uploaded)
 * @y: n x o labels
 * @w_true: d x o weights that generated the labels
 * @ref_w: the reference's weights (double)
 * @ref_r: the reference's residuals
 * @ref_g: the reference's gradient
 * @dev: the vGPU
 * @grid: work-groups per kernel
 * @bx: X, n x d
 * @bxt: X transposed, d x n
 * @by: Y, n x o
 * @bw: W, d x o
 * @bp: P = X W, then the residual R = P - Y, n x o
 * @bg: G = X^T R, d x o
 * @bpart: the loss's partial sums, one per chunk
 * @bloss: the loss (sum of squares) of each step in flight
 * @chunks: partial sums per loss
 * @depth: loss slots
 */
struct job {
	__u32 n, d, o;
	float *x, *y, *w_true;
	double *ref_w, *ref_r, *ref_g;
	struct mdgpu_rt_dev *dev;
	__u32 grid;
	struct mdgpu_rt_buf *bx, *bxt, *by, *bw, *bp, *bg, *bpart, *bloss;
	__u32 chunks, depth;
};

static void make_data(struct job *j, __u64 seed, double noise)
{
	__u32 i, k, c;
	__u64 s = seed;

	for (k = 0; k < j->d * j->o; k++)
		j->w_true[k] = rng_unit(&s);
	for (i = 0; i < j->n; i++) {
		for (k = 0; k + 1 < j->d; k++)
			j->x[i * j->d + k] = rng_unit(&s);
		j->x[i * j->d + j->d - 1] = 1.0f;
		for (c = 0; c < j->o; c++) {
			double v = 0;

			for (k = 0; k < j->d; k++)
				v += (double)j->x[i * j->d + k] *
				     j->w_true[k * j->o + c];
			/* uniform noise of standard deviation @noise */
			v += noise * sqrt(3.0) * rng_unit(&s);
			j->y[i * j->o + c] = (float)v;
		}
	}
}

/* One reference step: loss of the current weights, then the update. */
static double ref_step(struct job *j, double lr)
{
	__u32 i, k, c, n = j->n, d = j->d, o = j->o;
	double loss = 0;

	for (i = 0; i < n; i++) {
		for (c = 0; c < o; c++) {
			double v = 0;

			for (k = 0; k < d; k++)
				v += (double)j->x[i * d + k] *
				     j->ref_w[k * o + c];
			v -= j->y[i * o + c];
			j->ref_r[i * o + c] = v;
			loss += v * v;
		}
	}
	memset(j->ref_g, 0, sizeof(double) * d * o);
	for (i = 0; i < n; i++)
		for (k = 0; k < d; k++)
			for (c = 0; c < o; c++)
				j->ref_g[k * o + c] += (double)j->x[i * d + k] *
						       j->ref_r[i * o + c];
	for (k = 0; k < d * o; k++)
		j->ref_w[k] -= lr * 2.0 / n * j->ref_g[k];
	return loss / n;
}

static struct mdgpu_rt_buf *alloc_buf(struct job *j, __u64 bytes,
				      const char *what)
{
	struct mdgpu_rt_buf *b = mdgpu_rt_buf__alloc(j->dev, bytes, 0);

	if (!b)
		fprintf(stderr,
			"mdgpu-train: no room for %s (%llu bytes; %llu free): %s\n",
			what, (unsigned long long)bytes,
			(unsigned long long)mdgpu_rt_dev__mem_avail(j->dev),
			strerror(errno));
	return b;
}

static int upload(struct job *j)
{
	__u64 nd = (__u64)j->n * j->d * 4, no = (__u64)j->n * j->o * 4;
	__u64 dob = (__u64)j->d * j->o * 4;
	float *xt, *zero;
	__u32 i, k;
	int ret;

	j->chunks = (j->n * j->o + LOSS_CHUNK - 1) / LOSS_CHUNK;
	j->bx = alloc_buf(j, nd, "X");
	j->bxt = alloc_buf(j, nd, "X^T");
	j->by = alloc_buf(j, no, "Y");
	j->bp = alloc_buf(j, no, "the residual");
	j->bw = alloc_buf(j, dob, "W");
	j->bg = alloc_buf(j, dob, "the gradient");
	j->bpart = alloc_buf(j, j->chunks * 4, "the partial sums");
	j->bloss = alloc_buf(j, j->depth * 4, "the losses");
	if (!j->bx || !j->bxt || !j->by || !j->bp || !j->bw || !j->bg ||
	    !j->bpart || !j->bloss)
		return -ENOMEM; /* the device's close frees what was allocated */
	xt = malloc(nd);
	zero = calloc(1, dob);
	if (!xt || !zero) {
		free(xt);
		free(zero);
		return -ENOMEM;
	}
	for (i = 0; i < j->n; i++)
		for (k = 0; k < j->d; k++)
			xt[k * j->n + i] = j->x[i * j->d + k];
	ret = mdgpu_rt_buf__write(j->bx, 0, j->x, nd);
	if (!ret)
		ret = mdgpu_rt_buf__write(j->bxt, 0, xt, nd);
	if (!ret)
		ret = mdgpu_rt_buf__write(j->by, 0, j->y, no);
	if (!ret)
		ret = mdgpu_rt_buf__write(j->bw, 0, zero, dob);
	free(xt);
	free(zero);
	return ret;
}

static void cmd_gemm(struct mdgpu_cmd *c, __u32 grid,
		     const struct mdgpu_gemm_args *a)
{
	memset(c, 0, sizeof(*c));
	c->opcode = MDGPU_OP_LAUNCH;
	c->launch.kernel = MDGPU_KERNEL_GEMM_F32;
	c->launch.grid = grid;
	c->launch.gemm = *a;
}

static void cmd_axpy(struct mdgpu_cmd *c, __u32 grid, __u64 x, __u64 y, __u32 n,
		     float a)
{
	memset(c, 0, sizeof(*c));
	c->opcode = MDGPU_OP_LAUNCH;
	c->launch.kernel = MDGPU_KERNEL_AXPY;
	c->launch.grid = grid;
	c->launch.axpy.x = x;
	c->launch.axpy.y = y;
	c->launch.axpy.n = n;
	memcpy(&c->launch.axpy.a_bits, &a, sizeof(a));
}

/*
 * Step @t as one batch of commands and one doorbell, with a fence:
 * P = X W; R = P - Y; partial[c] = R_c . R_c; loss = sum(partial);
 * G = X^T R; W -= (2 lr / n) G.
 */
static int submit_step(struct job *j, __u64 t, double lr, __u64 *fence)
{
	struct mdgpu_cmd cmds[5 + MAX_CHUNKS];
	__u64 p = mdgpu_rt_buf__offset(j->bp);
	__u32 nc = 0, c, no = j->n * j->o;

	cmd_gemm(&cmds[nc++], j->grid,
		 &(struct mdgpu_gemm_args){
			 .a = mdgpu_rt_buf__offset(j->bx),
			 .b = mdgpu_rt_buf__offset(j->bw),
			 .c = p,
			 .m = j->n,
			 .n = j->o,
			 .k = j->d,
			 .lda = j->d,
			 .ldb = j->o,
			 .ldc = j->o,
		 });
	cmd_axpy(&cmds[nc++], j->grid, mdgpu_rt_buf__offset(j->by), p, no,
		 -1.0f);
	for (c = 0; c < j->chunks; c++) {
		__u32 len = no - c * LOSS_CHUNK < LOSS_CHUNK ?
				    no - c * LOSS_CHUNK :
				    LOSS_CHUNK;
		__u64 r = p + (__u64)c * LOSS_CHUNK * 4;

		/* (1 x len) . (len x 1): the same bytes as A and B. */
		cmd_gemm(&cmds[nc++], 1,
			 &(struct mdgpu_gemm_args){
				 .a = r,
				 .b = r,
				 .c = mdgpu_rt_buf__offset(j->bpart) + c * 4,
				 .m = 1,
				 .n = 1,
				 .k = len,
				 .lda = len,
				 .ldb = 1,
				 .ldc = 1,
			 });
	}
	memset(&cmds[nc], 0, sizeof(cmds[nc]));
	cmds[nc].opcode = MDGPU_OP_LAUNCH;
	cmds[nc].launch.kernel = MDGPU_KERNEL_REDUCE_SUM;
	cmds[nc].launch.grid = 1;
	cmds[nc].launch.reduce.x = mdgpu_rt_buf__offset(j->bpart);
	cmds[nc].launch.reduce.dst =
		mdgpu_rt_buf__offset(j->bloss) + (t % j->depth) * 4;
	cmds[nc].launch.reduce.n = j->chunks;
	nc++;
	cmd_gemm(&cmds[nc++], j->grid,
		 &(struct mdgpu_gemm_args){
			 .a = mdgpu_rt_buf__offset(j->bxt),
			 .b = p,
			 .c = mdgpu_rt_buf__offset(j->bg),
			 .m = j->d,
			 .n = j->o,
			 .k = j->n,
			 .lda = j->n,
			 .ldb = j->o,
			 .ldc = j->o,
		 });
	cmd_axpy(&cmds[nc++], j->grid, mdgpu_rt_buf__offset(j->bg),
		 mdgpu_rt_buf__offset(j->bw), j->d * j->o,
		 (float)(-2.0 * lr / j->n));
	return mdgpu_rt_dev__submit(j->dev, cmds, nc, 0, fence);
}

/* Set by SIGINT/SIGTERM; atomic so that the loops re-read it. */
static int stop;

static bool stopped(void)
{
	return __atomic_load_n(&stop, __ATOMIC_RELAXED);
}

/* The start barrier: say we are ready, wait for the go. */
static int barrier(const struct opts *o)
{
	struct timespec ts = { 0, 20000000L };
	FILE *f;

	if (o->ready_file) {
		f = fopen(o->ready_file, "w");
		if (!f || fclose(f)) {
			fprintf(stderr, "mdgpu-train: cannot create %s: %s\n",
				o->ready_file, strerror(errno));
			return -1;
		}
	}
	while (o->start_file && access(o->start_file, F_OK) && !stopped())
		nanosleep(&ts, NULL);
	return stopped() ? -1 : 0;
}

static void on_signal(int sig)
{
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
}

static int device_error(struct job *j, const char *what, int err)
{
	char buf[128];

	mdgpu_rt_strerror(err, buf, sizeof(buf));
	fprintf(stderr, "mdgpu-train: %s: %s\n", what, buf);
	if (err == -EIO) {
		const struct mdgpu_rt_error *e =
			mdgpu_rt_dev__last_error(j->dev);

		fprintf(stderr,
			"mdgpu-train: device error %s at slot %u (opcode %u, kernel %u, field %u)\n",
			mdgpu_rt_error_name(e->code), e->index, e->opcode,
			e->kernel, e->field);
	}
	return 3;
}

/**
 * struct run - what the training loop measured
 * @steps: steps completed
 * @loss: device loss of every step (grown as needed)
 * @cap: entries allocated in @loss
 * @t0: when the first step was submitted
 * @t1: when the last one completed
 */
struct run {
	__u64 steps;
	double *loss;
	__u64 cap;
	double t0, t1;
};

static int record(struct run *r, __u64 t, double loss)
{
	if (t >= r->cap) {
		__u64 cap = r->cap ? 2 * r->cap : 1024;
		double *l = realloc(r->loss, cap * sizeof(*l));

		if (!l)
			return -ENOMEM;
		r->loss = l;
		r->cap = cap;
	}
	r->loss[t] = loss;
	r->steps = t + 1;
	return 0;
}

static int train(struct job *j, const struct opts *o, struct run *r)
{
	__u64 fences[MAX_DEPTH], submitted = 0, done = 0;
	double deadline = 0, last_print = 0;
	float l;
	int ret;

	r->t0 = now_s();
	if (o->seconds > 0)
		deadline = r->t0 + o->seconds;
	for (;;) {
		bool more = !stopped() && (deadline ? now_s() < deadline :
						      submitted < o->steps);

		if (more && submitted - done < j->depth) {
			ret = submit_step(j, submitted, o->lr,
					  &fences[submitted % j->depth]);
			if (ret)
				return device_error(j, "submit", ret);
			submitted++;
			continue;
		}
		if (done == submitted)
			break;
		ret = mdgpu_rt_dev__wait(j->dev, fences[done % j->depth],
					 WAIT_MS);
		if (ret)
			return device_error(j, "wait", ret);
		ret = mdgpu_rt_buf__read(j->bloss, (done % j->depth) * 4, &l,
					 4);
		if (ret)
			return device_error(j, "read the loss", ret);
		if (record(r, done, (double)l / j->n))
			return 3;
		if (!o->quiet && o->print_every &&
		    (done % o->print_every == 0 || done + 1 == o->steps)) {
			double t = now_s() - r->t0;

			if (!deadline || t - last_print >= 1.0 || done == 0) {
				printf("step %5llu  loss %.6e  t=%.2fs\n",
				       (unsigned long long)done + 1,
				       r->loss[done], t);
				fflush(stdout);
				last_print = t;
			}
		}
		done++;
	}
	r->t1 = now_s();
	return 0;
}

/* Against the reference: every loss, then the final weights. */
static bool check(struct job *j, const struct opts *o, const struct run *r,
		  double *max_loss_rel, double *max_w_err)
{
	float *w = malloc((size_t)j->d * j->o * 4);
	bool ok = true;
	__u64 t;
	__u32 k;

	*max_loss_rel = *max_w_err = 0;
	if (!w || mdgpu_rt_buf__read(j->bw, 0, w, (__u64)j->d * j->o * 4)) {
		fprintf(stderr, "mdgpu-train: cannot read W back\n");
		free(w);
		return false;
	}
	for (t = 0; t < r->steps; t++) {
		double ref = ref_step(j, o->lr);
		double rel =
			fabs(r->loss[t] - ref) / (ref > 1e-30 ? ref : 1e-30);

		if (rel > *max_loss_rel)
			*max_loss_rel = rel;
		if (!o->quiet && o->print_every &&
		    (t % o->print_every == 0 || t + 1 == r->steps) &&
		    r->steps <= 1000)
			printf("ref  %5llu  loss %.6e  device %.6e  rel %.1e\n",
			       (unsigned long long)t + 1, ref, r->loss[t], rel);
		if (rel > TOL_LOSS_REL) {
			if (ok)
				fprintf(stderr,
					"mdgpu-train: FAIL: step %llu: loss %.9e, reference %.9e (relative %.2e > %.0e)\n",
					(unsigned long long)t + 1, r->loss[t],
					ref, rel, TOL_LOSS_REL);
			ok = false;
		}
	}
	for (k = 0; k < j->d * j->o; k++) {
		double ref = j->ref_w[k];
		double err = fabs(w[k] - ref) / (fabs(ref) > 1 ? fabs(ref) : 1);

		if (err > *max_w_err)
			*max_w_err = err;
		if (err > TOL_W_ABS) {
			if (ok)
				fprintf(stderr,
					"mdgpu-train: FAIL: W[%u][%u] = %.9g, reference %.9g\n",
					k / j->o, k % j->o, w[k], ref);
			ok = false;
		}
	}
	free(w);
	return ok;
}

static void free_job(struct job *j)
{
	free(j->x);
	free(j->y);
	free(j->w_true);
	free(j->ref_w);
	free(j->ref_r);
	free(j->ref_g);
}

int main(int argc, char **argv)
{
	struct mdgpu_rt_stats s0 = { .sz = sizeof(s0) },
			      s1 = { .sz = sizeof(s1) };
	double max_rel = 0, max_w = 0, secs;
	struct run r = { 0 };
	struct job j = { 0 };
	struct opts o;
	int ret, rc = 0;
	bool have_stats, ok = true;

	if (parse_args(argc, argv, &o)) {
		print_usage(stderr);
		return 2;
	}
	j.n = o.n;
	j.d = o.d;
	j.o = o.o;
	j.depth = o.depth;
	j.x = malloc((size_t)j.n * j.d * sizeof(float));
	j.y = malloc((size_t)j.n * j.o * sizeof(float));
	j.w_true = malloc((size_t)j.d * j.o * sizeof(float));
	j.ref_w = calloc((size_t)j.d * j.o, sizeof(double));
	j.ref_r = malloc((size_t)j.n * j.o * sizeof(double));
	j.ref_g = malloc((size_t)j.d * j.o * sizeof(double));
	if (!j.x || !j.y || !j.w_true || !j.ref_w || !j.ref_r || !j.ref_g) {
		fprintf(stderr, "mdgpu-train: out of memory\n");
		free_job(&j);
		return 3;
	}
	make_data(&j, o.seed, o.noise);

	{
		MDGPU_OPTS(mdgpu_rt_open_opts, ro, .wait_mode = o.wait,
			   .ring_entries = 1024);

		j.dev = mdgpu_rt_dev__open(o.dev, &ro);
	}
	if (!j.dev) {
		fprintf(stderr, "mdgpu-train: cannot open %s: %s\n",
			o.dev ? o.dev : "a vGPU", strerror(errno));
		free_job(&j);
		return 3;
	}
	j.grid = o.grid ? o.grid : mdgpu_rt_dev__info(j.dev)->compute_units;
	if (!j.grid)
		j.grid = 1;
	if (!o.label)
		o.label = mdgpu_rt_dev__name(j.dev);
	if (!o.quiet)
		printf("%s over %s: %u samples, %u features (bias included), %u outputs; lr %g, %s %g\n",
		       mdgpu_rt_dev__name(j.dev),
		       mdgpu_rt_dev__transport(j.dev), j.n, j.d, j.o, o.lr,
		       o.seconds > 0 ? "seconds" : "steps",
		       o.seconds > 0 ? o.seconds : (double)o.steps);
	ret = upload(&j);
	if (ret) {
		rc = device_error(&j, "upload", ret);
		goto out;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (barrier(&o)) {
		rc = 3;
		goto out;
	}
	have_stats = !mdgpu_rt_dev__stats(j.dev, &s0);
	rc = train(&j, &o, &r);
	if (rc)
		goto out;
	if (have_stats)
		have_stats = !mdgpu_rt_dev__stats(j.dev, &s1);
	if (o.check && r.steps)
		ok = check(&j, &o, &r, &max_rel, &max_w);
	secs = r.t1 - r.t0;
	printf("result label=%s transport=%s steps=%llu seconds=%.3f steps_per_s=%.3f",
	       o.label, mdgpu_rt_dev__transport(j.dev),
	       (unsigned long long)r.steps, secs,
	       secs > 0 ? r.steps / secs : 0.0);
	if (have_stats)
		printf(" busy_ns=%llu wait_ns=%llu weight=%u",
		       (unsigned long long)(s1.busy_ns - s0.busy_ns),
		       (unsigned long long)(s1.wait_ns - s0.wait_ns),
		       s1.weight);
	if (r.steps)
		printf(" loss0=%.6e final_loss=%.6e", r.loss[0],
		       r.loss[r.steps - 1]);
	if (o.check)
		printf(" max_loss_rel=%.2e max_w_err=%.2e check=%s\n", max_rel,
		       max_w, ok ? "pass" : "FAIL");
	else
		printf(" check=skipped\n");
	rc = ok ? 0 : 1;
out:
	mdgpu_rt_dev__close(j.dev);
	free(r.loss);
	free_job(&j);
	return rc;
}
