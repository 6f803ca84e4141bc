// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of libmdgpu-rt's device-memory allocator (heap.c): first fit,
 * alignment, splitting and coalescing, exhaustion, and refusal of bad
 * frees, plus a randomised run checked against a byte map.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "rt_internal.h"

static void test_first_fit_and_align(void **state)
{
	struct rt_heap h;
	__u64 a, b, c;

	assert_int_equal(rt_heap_init(&h, 1 << 20), 0);
	assert_int_equal(rt_heap_alloc(&h, 100, 1, &a), 0);
	assert_int_equal(a, 0);
	assert_int_equal(rt_heap_alloc(&h, 64, 64, &b), 0);
	assert_int_equal(b, 128);
	assert_int_equal(rt_heap_alloc(&h, 1, 1, &c), 0);
	assert_int_equal(c, 100); /* first fit uses the alignment gap */
	assert_int_equal(rt_heap_alloc(&h, 4096, 65536, &c), 0);
	assert_int_equal(c, 65536);
	assert_int_equal(rt_heap_avail(&h), (1 << 20) - 100 - 64 - 1 - 4096);
	rt_heap_fini(&h);
}

static void test_bad_args(void **state)
{
	struct rt_heap h;
	__u64 off;

	assert_int_equal(rt_heap_init(&h, 0), -EINVAL);
	assert_int_equal(rt_heap_init(&h, 4096), 0);
	assert_int_equal(rt_heap_alloc(&h, 0, 1, &off), -EINVAL);
	assert_int_equal(rt_heap_alloc(&h, 1, 3, &off), -EINVAL);
	assert_int_equal(rt_heap_alloc(&h, 1, 0, &off), -EINVAL);
	assert_int_equal(rt_heap_alloc(&h, 4097, 1, &off), -ENOMEM);
	assert_int_equal(rt_heap_alloc(&h, ~0ULL, 1, &off), -ENOMEM);
	assert_int_equal(rt_heap_alloc(&h, 1, 1ULL << 63, &off),
			 0); /* offset 0 is aligned */
	assert_int_equal(rt_heap_alloc(&h, 1, 1ULL << 63, &off), -ENOMEM);
	assert_int_equal(rt_heap_free(&h, 0, 1), 0);
	assert_int_equal(rt_heap_free(&h, 0, 1), -EINVAL); /* double free */
	assert_int_equal(rt_heap_free(&h, 4000, 200),
			 -EINVAL); /* beyond the end */
	assert_int_equal(rt_heap_free(&h, ~0ULL, 2), -EINVAL);
	assert_int_equal(rt_heap_free(&h, 10, 0), -EINVAL);
	assert_int_equal(rt_heap_avail(&h), 4096);
	rt_heap_fini(&h);
}

static void test_exhaust_and_coalesce(void **state)
{
	struct rt_heap h;
	__u64 off[16], x;
	int i;

	assert_int_equal(rt_heap_init(&h, 16 * 256), 0);
	for (i = 0; i < 16; i++) {
		assert_int_equal(rt_heap_alloc(&h, 256, 256, &off[i]), 0);
		assert_int_equal(off[i], i * 256);
	}
	assert_int_equal(rt_heap_alloc(&h, 1, 1, &x), -ENOMEM);
	/* Free every other block: 8 holes of 256, nothing of 512 fits. */
	for (i = 0; i < 16; i += 2)
		assert_int_equal(rt_heap_free(&h, off[i], 256), 0);
	assert_int_equal(h.nr, 8);
	assert_int_equal(rt_heap_alloc(&h, 512, 1, &x), -ENOMEM);
	/* Freeing the rest coalesces back into one extent. */
	for (i = 1; i < 16; i += 2)
		assert_int_equal(rt_heap_free(&h, off[i], 256), 0);
	assert_int_equal(h.nr, 1);
	assert_int_equal(h.free[0].off, 0);
	assert_int_equal(h.free[0].len, 16 * 256);
	rt_heap_fini(&h);
}

/* Random allocations and frees; a byte map proves no two live ranges overlap. */
static void test_random(void **state)
{
	enum { SIZE = 1 << 16, LIVE = 64 };
	struct rt_heap h;
	__u8 *map = calloc(SIZE, 1);
	__u64 offs[LIVE], sizes[LIVE], used = 0, s = 12345;
	int i, n;

	assert_non_null(map);
	memset(sizes, 0, sizeof(sizes));
	assert_int_equal(rt_heap_init(&h, SIZE), 0);
	for (n = 0; n < 20000; n++) {
		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		i = (s >> 33) % LIVE;
		if (sizes[i]) {
			memset(map + offs[i], 0, sizes[i]);
			assert_int_equal(rt_heap_free(&h, offs[i], sizes[i]),
					 0);
			used -= sizes[i];
			sizes[i] = 0;
		} else {
			__u64 size = 1 + (s >> 20) % 3000,
			      align = 1ULL << ((s >> 50) % 10);
			__u64 j;

			if (rt_heap_alloc(&h, size, align, &offs[i]))
				continue;
			assert_int_equal(offs[i] % align, 0);
			assert_true(offs[i] + size <= SIZE);
			for (j = 0; j < size; j++)
				assert_int_equal(map[offs[i] + j], 0);
			memset(map + offs[i], 1, size);
			sizes[i] = size;
			used += size;
		}
		assert_int_equal(rt_heap_avail(&h), SIZE - used);
	}
	rt_heap_fini(&h);
	free(map);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_fit_and_align),
		cmocka_unit_test(test_bad_args),
		cmocka_unit_test(test_exhaust_and_coalesce),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests_name("rt_heap", tests, NULL, NULL);
}
