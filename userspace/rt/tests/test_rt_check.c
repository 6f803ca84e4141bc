// SPDX-License-Identifier: GPL-2.0-only
/*
 * libmdgpu-rt's API-side command checks (check.c) against the device's own
 * validator (mdev/cmd_validate.c, linked in from the mediator): for valid
 * templates of every opcode and kernel, boundary values of every field and
 * random mutations, both must give the same verdict, code and field.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "mdev/cmd_validate.h"
#include "rt_internal.h"

#define MEM (16ULL << 20)

static __u64 rng = 0x9e3779b97f4a7c15ULL;

static __u64 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static long compared, rejected;

/* Same verdict, same code, same field. */
static void compare(const struct mdgpu_cmd *c, __u64 mem)
{
	struct mdgpu_work_desc desc;
	struct mdgpu_cmd_error derr = { 0, 0 };
	struct rt_check_result res;
	int dret = mdgpu_cmd_validate(c, mem, &desc, &derr);
	__u32 code = rt_cmd_check(c, mem, &res);

	compared++;
	if ((dret != 0) != (code != 0) ||
	    (dret && (derr.code != code || derr.field != res.field))) {
		const __u8 *b = (const __u8 *)c;
		int i;

		fprintf(stderr,
			"device: %d code %u field %u; runtime: code %u field %u (%s)\n",
			dret, derr.code, derr.field, code, res.field,
			res.why ? res.why : "-");
		for (i = 0; i < 64; i++)
			fprintf(stderr, "%02x%s", b[i],
				i % 16 == 15 ? "\n" : " ");
		fail();
	}
	rejected += code != 0;
	assert_int_equal(rt_check_errno(code) == 0, code == 0);
}

static struct mdgpu_cmd template(int t)
{
	struct mdgpu_cmd c;

	memset(&c, 0, sizeof(c));
	switch (t) {
	case 0:
		c.opcode = MDGPU_OP_NOP;
		break;
	case 1:
		c.opcode = MDGPU_OP_FILL;
		c.fill = (struct mdgpu_fill_args){ 4096, 4096, 0xdeadbeef, 0 };
		break;
	case 2:
		c.opcode = MDGPU_OP_COPY;
		c.copy = (struct mdgpu_copy_args){ 8192, 0, 4096 };
		break;
	case 3:
		c.opcode = MDGPU_OP_FENCE;
		c.flags = MDGPU_FENCE_F_MEM | MDGPU_FENCE_F_IRQ;
		c.fence = (struct mdgpu_cmd_fence){ 7, 64 };
		break;
	case 4:
		c.opcode = MDGPU_OP_TIMESTAMP;
		c.timestamp.dst = 128;
		break;
	default:
		c.opcode = MDGPU_OP_LAUNCH;
		c.launch.grid = 4;
		c.launch.kernel = t - 4;
		switch (c.launch.kernel) {
		case MDGPU_KERNEL_SPIN:
			c.launch.spin.duration_ns = 1000;
			break;
		case MDGPU_KERNEL_FILL:
			c.launch.fill =
				(struct mdgpu_fill_args){ 4096, 64, 1, 0 };
			break;
		case MDGPU_KERNEL_COPY:
			c.launch.copy =
				(struct mdgpu_copy_args){ 4096, 0, 100 };
			break;
		case MDGPU_KERNEL_AXPY:
			c.launch.axpy = (struct mdgpu_axpy_args){ 0, 4096, 100,
								  0x3f800000 };
			break;
		case MDGPU_KERNEL_GEMM_F32:
		case MDGPU_KERNEL_GEMM_I8:
			c.launch.gemm = (struct mdgpu_gemm_args){ 0, 4096, 8192,
								  8, 8,	   8,
								  8, 8,	   8 };
			break;
		default:
			c.launch.reduce =
				(struct mdgpu_reduce_args){ 0, 4096, 100, 0 };
		}
	}
	return c;
}

#define NTEMPLATES (5 + MDGPU_KERNEL_MAX)

static void test_templates_valid(void **state)
{
	int t;

	for (t = 0; t < NTEMPLATES; t++) {
		struct mdgpu_cmd c = template(t);
		struct rt_check_result res;

		assert_int_equal(rt_cmd_check(&c, MEM, &res), MDGPU_ERR_NONE);
		compare(&c, MEM);
	}
}

/* Interesting values for a field: around 0, alignment, limits, memory size, 2^64. */
static __u64 edge(int i)
{
	static const __u64 v[] = {
		0,
		1,
		2,
		3,
		4,
		7,
		8,
		64,
		1023,
		1024,
		1025,
		8191,
		8192,
		8193,
		65535,
		65536,
		65537,
		MEM - 8,
		MEM - 4,
		MEM - 1,
		MEM,
		MEM + 4,
		MDGPU_MAX_ELEMS,
		MDGPU_MAX_ELEMS + 1ULL,
		MDGPU_MAX_XFER_LEN,
		MDGPU_MAX_XFER_LEN + 4,
		MDGPU_SPIN_MAX_NS,
		MDGPU_SPIN_MAX_NS + 1,
		0xffffffffULL,
		1ULL << 32,
		~0ULL - 7,
		~0ULL - 3,
		~0ULL,
	};

	return v[i % ARRAY_SIZE(v)];
}

/* Every 1/2/4/8-byte field position of every template set to every edge value. */
static void test_edges(void **state)
{
	static const int widths[] = { 1, 2, 4, 8 };
	int t, pos, w, e;

	for (t = 0; t < NTEMPLATES; t++)
		for (w = 0; w < 4; w++)
			for (pos = 0; pos + widths[w] <= 64; pos += widths[w])
				for (e = 0; e < 33; e++) {
					struct mdgpu_cmd c = template(t);
					__u64 v = edge(e);

					memcpy((__u8 *)&c + pos, &v, widths[w]);
					compare(&c, MEM);
					compare(&c, 1 << 20);
				}
}

/* Random mutations: byte flips and field rewrites, several at once. */
static void test_random(void **state)
{
	long n;

	for (n = 0; n < 400000; n++) {
		struct mdgpu_cmd c = template(rnd() % (NTEMPLATES + 2));
		__u8 *b = (__u8 *)&c;
		int k, m = 1 + rnd() % 3;

		for (k = 0; k < m; k++) {
			__u64 r = rnd(),
			      v = r & 1 ? edge(r >> 8) : rnd() >> (rnd() % 64);
			int pos = (r >> 16) % 64, w = 1 << ((r >> 24) % 4);

			if (pos + w > 64)
				pos = 64 - w;
			if ((r >> 30) % 4 == 0)
				b[pos] ^= 1 << ((r >> 40) % 8);
			else
				memcpy(b + pos, &v, w);
		}
		compare(&c, rnd() % 2 ? MEM : 4096ULL << (rnd() % 20));
	}
	printf("compared %ld commands, %ld rejected by both\n", compared,
	       rejected);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_templates_valid),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests_name("rt_check", tests, NULL, NULL);
}
