// SPDX-License-Identifier: GPL-2.0-only
/*
 * rt-scrub TYPE_DIR CYCLES: tenant hygiene. Each cycle creates a vGPU of the
 * type, opens it, counts bytes of the previous tenant's canary in its
 * memory (there must be none), fills all of its memory with the canary,
 * closes and removes it. Prints where the time goes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define CANARY 0xc3
#define CHUNK 65536

static const __u8 zero[CHUNK];

struct phase {
	const char *name;
	double s;
};

enum { CREATE, OPEN, CHECK, FILL, CLOSE, REMOVE, NPHASES };
static struct phase ph[NPHASES] = {
	{ "create", 0 }, { "open", 0 },	 { "check", 0 },
	{ "fill", 0 },	 { "close", 0 }, { "remove", 0 },
};
static double mark;
static __u32 open_flags = MDGPU_RT_OPEN_NO_QUEUE;

static void lap(int p)
{
	double now = t_now();

	ph[p].s += now - mark;
	mark = now;
}

/* Bytes of the canary and non-zero bytes; the common all-zero case is one memcmp a chunk. */
static void scan(const __u8 *m, __u64 size, __u64 *canary, __u64 *nonzero)
{
	__u64 off, i;

	for (off = 0; off < size; off += CHUNK) {
		__u64 n = size - off < CHUNK ? size - off : CHUNK;

		if (!memcmp(m + off, zero, n))
			continue;
		for (i = 0; i < n; i++) {
			*canary += m[off + i] == CANARY;
			*nonzero += m[off + i] != 0;
		}
	}
}

static __u64 placement_offset(const char *uuid)
{
	char path[128], buf[256], *p;

	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/mdgpu/placement",
		 uuid);
	if (t_read_file(path, buf, sizeof(buf)) < 0)
		return ~0ULL;
	p = strstr(buf, "mem_offset=");
	return p ? strtoull(p + 11, NULL, 0) : ~0ULL;
}

int main(int argc, char **argv)
{
	__u64 canary = 0, nonzero = 0, memsz = 0, prev = ~0ULL, reused = 0;
	char path[256], uuid[64];
	long cycles, i;
	double t0;
	int ret;

	t_init("rt-scrub");
	if (argc < 3) {
		fprintf(stderr, "usage: rt-scrub TYPE_DIR CYCLES [populate]\n");
		return 2;
	}
	cycles = strtol(argv[2], NULL, 0);
	if (argc > 3 && !strcmp(argv[3], "populate"))
		open_flags |= MDGPU_RT_OPEN_POPULATE;
	t0 = mark = t_now();
	for (i = 0; i < cycles; i++) {
		struct mdgpu_rt_dev *dev;
		__u64 c = 0, nz = 0, off;
		__u8 *m;

		T_REQUIRE(t_read_file("/proc/sys/kernel/random/uuid", uuid,
				      sizeof(uuid)) > 36,
			  "uuid");
		uuid[36] = '\0';
		snprintf(path, sizeof(path), "%s/create", argv[1]);
		ret = t_write_file(path, uuid);
		T_REQUIRE(!ret, "cycle %ld: create: %s", i, t_err(ret));
		off = placement_offset(uuid);
		reused += off == prev;
		prev = off;
		lap(CREATE);
		dev = t_open(uuid, MDGPU_RT_WAIT_POLL_REG, 0, open_flags);
		m = mdgpu_rt_dev__mem(dev);
		memsz = mdgpu_rt_dev__info(dev)->visible_size;
		lap(OPEN);
		scan(m, memsz, &c, &nz);
		T_CHECK(!c && !nz,
			"cycle %ld: the fresh vGPU holds %llu canary and %llu non-zero bytes",
			i, (unsigned long long)c, (unsigned long long)nz);
		canary += c;
		nonzero += nz;
		lap(CHECK);
		memset(m, CANARY, memsz);
		lap(FILL);
		mdgpu_rt_dev__close(dev);
		lap(CLOSE);
		snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/remove",
			 uuid);
		ret = t_write_file(path, "1");
		T_REQUIRE(!ret, "cycle %ld: remove: %s", i, t_err(ret));
		lap(REMOVE);
		if (t_failures > 10)
			break;
	}
	printf("rt-scrub: %ld cycles of %llu MiB in %.1f s (%.1f ms a cycle): %llu canary bytes, %llu non-zero bytes found; %llu cycles got the previous tenant's memory\n",
	       i, (unsigned long long)(memsz >> 20), t_now() - t0,
	       (t_now() - t0) * 1e3 / i, (unsigned long long)canary,
	       (unsigned long long)nonzero, (unsigned long long)reused);
	printf("rt-scrub: per cycle:");
	for (i = 0; i < NPHASES; i++)
		printf(" %s %.2f ms", ph[i].name, ph[i].s * 1e3 / cycles);
	printf("\n");
	return t_exit();
}
