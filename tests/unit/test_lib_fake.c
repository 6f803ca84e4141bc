// SPDX-License-Identifier: GPL-2.0-only
/*
 * Builds fake sysfs trees for libmdgpu's unit tests from a short
 * description (test_lib_fake.h). Profiles, free capacity and available
 * counts are computed here, independently of the kernel's partition code,
 * from the rules docs/abi.md states.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "test_lib_fake.h"

/* clang-format off */
#define __printf(a, b) __attribute__(( \
	format(printf, a, b)))
/* clang-format on */

#define FAKE_MAX_PROFILES 16

struct fprofile {
	char name[32];
	unsigned int slices;
	unsigned int cus;
	unsigned long long mem;
	unsigned int max;
};

struct fgpu {
	unsigned int cus, slices;
	unsigned long long mem, slice_bytes;
	unsigned long long mem_used, cu_used;
	unsigned int nr_timesliced;
	struct fprofile prof[FAKE_MAX_PROFILES];
	int nr_prof;
};

static void die(const char *what)
{
	perror(what);
	abort();
}

static void mkdirs(char *path)
{
	char *p;

	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			die(path);
		*p = '/';
	}
}

/**
 * fake_write() - create or replace a file in a fake tree
 * @root: the tree
 * @rel: path below it; missing directories are made
 * @text: the content
 */
void fake_write(const char *root, const char *rel, const char *text)
{
	char *path;
	FILE *f;

	if (asprintf(&path, "%s/%s", root, rel) < 0)
		die("asprintf");
	mkdirs(path);
	f = fopen(path, "w");
	if (!f)
		die(path);
	fputs(text, f);
	if (fclose(f))
		die(path);
	free(path);
}

static __printf(3, 4) void put(const char *root, const char *rel,
			       const char *fmt, ...)
{
	char *text;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		die("vasprintf");
	va_end(ap);
	fake_write(root, rel, text);
	free(text);
}

static void link_to(const char *root, const char *rel, const char *target_rel)
{
	char *path, *target;

	if (asprintf(&path, "%s/%s", root, rel) < 0 ||
	    asprintf(&target, "%s/%s", root, target_rel) < 0)
		die("asprintf");
	mkdirs(path);
	if (symlink(target, path))
		die(path);
	free(path);
	free(target);
}

/**
 * fake_read() - the content of a file in a fake tree
 * @root: the tree
 * @rel: path below it
 *
 * Return: the text (free() it), or NULL if the file does not exist.
 */
char *fake_read(const char *root, const char *rel)
{
	char *path, *buf = NULL;
	size_t len = 0;
	FILE *f, *m;
	int c;

	if (asprintf(&path, "%s/%s", root, rel) < 0)
		die("asprintf");
	f = fopen(path, "r");
	free(path);
	if (!f)
		return NULL;
	m = open_memstream(&buf, &len);
	while ((c = fgetc(f)) != EOF)
		fputc(c, m);
	fclose(m);
	fclose(f);
	return buf;
}

/**
 * fake_remove() - delete a file or an empty directory of a fake tree
 * @root: the tree
 * @rel: path below it
 */
void fake_remove(const char *root, const char *rel)
{
	char *path;

	if (asprintf(&path, "%s/%s", root, rel) < 0)
		die("asprintf");
	if (remove(path))
		die(path);
	free(path);
}

/**
 * fake_exists() - whether a path exists in a fake tree
 * @root: the tree
 * @rel: path below it
 *
 * Return: true if it does.
 */
bool fake_exists(const char *root, const char *rel)
{
	struct stat st;
	char *path;
	bool ret;

	if (asprintf(&path, "%s/%s", root, rel) < 0)
		die("asprintf");
	ret = !lstat(path, &st);
	free(path);
	return ret;
}

static void format_size(char *buf, size_t len, unsigned long long bytes)
{
	if (bytes >= 1ULL << 30 && !(bytes & ((1ULL << 30) - 1)))
		snprintf(buf, len, "%llug", bytes >> 30);
	else if (!(bytes & ((1ULL << 20) - 1)))
		snprintf(buf, len, "%llum", bytes >> 20);
	else
		snprintf(buf, len, "%lluk", bytes >> 10);
}

/* The catalog, as docs/abi.md §2 and the kernel's profile rules define it. */
static void build_profiles(struct fgpu *g)
{
	unsigned int n, c;
	char size[24];

	for (n = 1; n <= g->slices; n *= 2) {
		struct fprofile *p = &g->prof[g->nr_prof++];

		format_size(size, sizeof(size), g->slice_bytes * n);
		*p = (struct fprofile){ .slices = n,
					.mem = g->slice_bytes * n,
					.max = g->slices / n };
		snprintf(p->name, sizeof(p->name), "ts.%s", size);
	}
	for (c = 1; c <= g->cus; c *= 2) {
		struct fprofile *p = &g->prof[g->nr_prof];

		n = g->slices * c / g->cus;
		if (!n)
			continue;
		g->nr_prof++;
		format_size(size, sizeof(size), g->slice_bytes * n);
		*p = (struct fprofile){ .slices = n,
					.cus = c,
					.mem = g->slice_bytes * n,
					.max = g->cus / c };
		snprintf(p->name, sizeof(p->name), "%uc.%s", c, size);
	}
}

static const struct fprofile *find_prof(const struct fgpu *g, const char *name)
{
	int i;

	for (i = 0; i < g->nr_prof; i++) {
		if (!strcmp(g->prof[i].name, name))
			return &g->prof[i];
	}
	fprintf(stderr, "fake: no profile %s\n", name);
	abort();
}

static unsigned long long bits(unsigned int start, unsigned int n)
{
	return (n >= 64 ? ~0ULL : (1ULL << n) - 1) << start;
}

static unsigned int free_blocks(unsigned long long used, unsigned int total,
				unsigned int size)
{
	unsigned int s, n = 0;

	for (s = 0; s + size <= total; s += size)
		n += !(used & bits(s, size));
	return n;
}

static unsigned int available(const struct fgpu *g, const struct fprofile *p)
{
	unsigned int mem = free_blocks(g->mem_used, g->slices, p->slices), cu;
	unsigned int shared = g->cus - __builtin_popcountll(g->cu_used);

	if (!p->cus)
		return shared ? mem : 0;
	cu = free_blocks(g->cu_used, g->cus, p->cus);
	if (g->nr_timesliced && cu && cu * p->cus >= shared)
		cu--;
	return mem < cu ? mem : cu;
}

/* "k=v k=v" into the values of @keys; abort on an unknown key. */
static void apply_kv(const char *text, const char *const *keys, char **vals,
		     int nr)
{
	char *copy, *tok, *save, *eq;
	int i;

	if (!text)
		return;
	copy = strdup(text);
	for (tok = strtok_r(copy, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		eq = strchr(tok, '=');
		for (i = 0; eq && i < nr; i++) {
			if (!strncmp(tok, keys[i], eq - tok) &&
			    !keys[i][eq - tok])
				break;
		}
		if (!eq || i == nr) {
			fprintf(stderr, "fake: bad setting %s\n", tok);
			abort();
		}
		free(vals[i]);
		vals[i] = strdup(eq + 1);
	}
	free(copy);
}

static const char *const qos_keys[] = { "weight",  "min_share", "max_share",
					"reserve", "priority",	"timeslice_us" };
static const char *const qos_defaults[] = { "100", "0", "10000", "0", "1", "0" };
static const char *const sched_keys[] = { "sched_policy", "timeslice_us",
					  "sched_period_ms", "watchdog_ms" };
static const char *const sched_defaults[] = { "best_effort", "2000", "100",
					      "2000" };

static void write_settings(const char *root, const char *dir, const char *text,
			   const char *const *keys, const char *const *defaults,
			   int nr)
{
	char *vals[8], rel[512];
	int i;

	for (i = 0; i < nr; i++)
		vals[i] = strdup(defaults[i]);
	apply_kv(text, keys, vals, nr);
	for (i = 0; i < nr; i++) {
		snprintf(rel, sizeof(rel), "%s/%s", dir, keys[i]);
		put(root, rel, "%s\n", vals[i]);
		free(vals[i]);
	}
}

static void write_vgpu(const char *root, int id, const struct fgpu *g,
		       const struct fake_vgpu *v)
{
	const struct fprofile *p = find_prof(g, v->profile);
	char dir[256], rel[512];
	int i;

	snprintf(dir, sizeof(dir), "bus/mdev/devices/%s", v->uuid);
	snprintf(rel, sizeof(rel), "%s/remove", dir);
	put(root, rel, "%s", "");
	snprintf(rel, sizeof(rel), "%s/mdev_type", dir);
	{
		char target[256];

		snprintf(target, sizeof(target),
			 "class/mdgpu/gpu%d/mdev_supported_types/mdgpu-%s", id,
			 p->name);
		link_to(root, rel, target);
	}
	snprintf(dir, sizeof(dir), "bus/mdev/devices/%s/mdgpu", v->uuid);
	snprintf(rel, sizeof(rel), "%s/gpu", dir);
	put(root, rel, "gpu%d\n", id);
	snprintf(rel, sizeof(rel), "%s/profile", dir);
	put(root, rel, "%s\n", p->name);
	snprintf(rel, sizeof(rel), "%s/memory_bytes", dir);
	put(root, rel, "%llu\n", p->mem);
	snprintf(rel, sizeof(rel), "%s/placement", dir);
	put(root, rel,
	    "slice_start=%u\nslices=%u\ncu_start=%u\ncus=%u\nmem_offset=%llu\n",
	    v->slice_start, p->slices, p->cus ? v->cu_start : 0, p->cus,
	    v->slice_start * g->slice_bytes);
	write_settings(root, dir, v->qos, qos_keys, qos_defaults, 6);
	snprintf(rel, sizeof(rel), "%s/in_use", dir);
	put(root, rel, "0\n");
	snprintf(rel, sizeof(rel), "%s/errors", dir);
	put(root, rel, "0\n");
	snprintf(rel, sizeof(rel), "%s/resets", dir);
	put(root, rel, "0\n");
	snprintf(rel, sizeof(rel), "%s/cu_start", dir);
	put(root, rel, "%u\n", p->cus ? v->cu_start : 0);
	snprintf(rel, sizeof(rel), "%s/slice_start", dir);
	put(root, rel, "%u\n", v->slice_start);
	snprintf(rel, sizeof(rel), "%s/stats", dir);
	put(root, rel, "%s",
	    v->stats ?
		    v->stats :
		    "busy_ns=0\nwait_ns=0\noverrun_ns=0\nslices=0\ndispatches=0\n"
		    "preemptions=0\nthrottled=0\ncompleted=0\nqueued=0\n");
	snprintf(rel, sizeof(rel), "%s/latency_hist", dir);
	{
		char hist[2048];
		size_t len = 0;

		for (i = 0; i < 23; i++)
			len += snprintf(hist + len, sizeof(hist) - len,
					"%llu 0\n", 1024ULL << i);
		snprintf(hist + len, sizeof(hist) - len, "inf 0\n");
		put(root, rel, "%s", hist);
	}
}

static void write_types(const char *root, int id, const struct fgpu *g,
			const struct fake_vgpu *vgpus)
{
	char dir[256], rel[512];
	int i;

	for (i = 0; i < g->nr_prof; i++) {
		const struct fprofile *p = &g->prof[i];

		snprintf(dir, sizeof(dir),
			 "class/mdgpu/gpu%d/mdev_supported_types/mdgpu-%s", id,
			 p->name);
		snprintf(rel, sizeof(rel), "%s/name", dir);
		put(root, rel, "mdgpu %s %s\n",
		    p->cus ? "spatial" : "time-sliced", p->name);
		snprintf(rel, sizeof(rel), "%s/device_api", dir);
		put(root, rel, "vfio-pci\n");
		snprintf(rel, sizeof(rel), "%s/available_instances", dir);
		put(root, rel, "%u\n", available(g, p));
		snprintf(rel, sizeof(rel), "%s/description", dir);
		put(root, rel,
		    "mode=%s\ncompute_units=%u\nmemory=%llu\nmax_instances=%u\nplacement_size=%u\n",
		    p->cus ? "spatial" : "timesliced", p->cus, p->mem, p->max,
		    p->slices);
		snprintf(rel, sizeof(rel), "%s/create", dir);
		put(root, rel, "%s", "");
		snprintf(rel, sizeof(rel), "%s/devices/.keep", dir);
		put(root, rel, "%s", "");
		fake_remove(root, rel);
	}
	for (i = 0; vgpus && vgpus[i].uuid; i++) {
		if (vgpus[i].hidden)
			continue;
		snprintf(
			rel, sizeof(rel),
			"class/mdgpu/gpu%d/mdev_supported_types/mdgpu-%s/devices/%s",
			id, vgpus[i].profile, vgpus[i].uuid);
		snprintf(dir, sizeof(dir), "bus/mdev/devices/%s",
			 vgpus[i].uuid);
		link_to(root, rel, dir);
	}
}

static void write_gpu(const char *root, int id, const struct fake_gpu *d)
{
	struct fgpu g = { .cus = d->compute_units ?: 4,
			  .slices = d->slices ?: 16 };
	char dir[64], rel[256], *list = NULL, *prof = NULL;
	size_t list_len = 0, prof_len = 0;
	const struct fake_vgpu *v;
	FILE *lf, *pf;
	int i, nr = 0;

	g.mem = (unsigned long long)(d->memory_mb ?: 256) << 20;
	g.slice_bytes = g.mem / g.slices;
	build_profiles(&g);
	lf = open_memstream(&list, &list_len);
	for (v = d->vgpus; v && v->uuid; v++) {
		const struct fprofile *p = find_prof(&g, v->profile);

		write_vgpu(root, id, &g, v);
		if (v->hidden)
			continue;
		nr++;
		g.mem_used |= bits(v->slice_start, p->slices);
		if (p->cus)
			g.cu_used |= bits(v->cu_start, p->cus);
		else
			g.nr_timesliced++;
		fprintf(lf, "%s %s %u %u %u %u %llu\n", v->uuid, p->name,
			v->slice_start, p->slices, p->cus ? v->cu_start : 0,
			p->cus, v->slice_start * g.slice_bytes);
	}
	fclose(lf);
	pf = open_memstream(&prof, &prof_len);
	for (i = 0; i < g.nr_prof; i++)
		fprintf(pf, "%s %s %u %llu %u %u\n", g.prof[i].name,
			g.prof[i].cus ? "spatial" : "timesliced", g.prof[i].cus,
			g.prof[i].mem, available(&g, &g.prof[i]),
			g.prof[i].max);
	fclose(pf);

	snprintf(dir, sizeof(dir), "class/mdgpu/gpu%d", id);
#define GPU_ATTR(name, fmt, val)                             \
	do {                                                 \
		snprintf(rel, sizeof(rel), "%s/" name, dir); \
		put(root, rel, fmt "\n", val);               \
	} while (0)
	GPU_ATTR("backend", "%s", "sim");
	GPU_ATTR("compute_units", "%u", g.cus);
	GPU_ATTR("shared_compute_units", "%u",
		 g.cus - __builtin_popcountll(g.cu_used));
	GPU_ATTR("memory_bytes", "%llu", g.mem);
	GPU_ATTR("memory_slices", "%u", g.slices);
	GPU_ATTR("memory_slice_bytes", "%llu", g.slice_bytes);
	GPU_ATTR("memory_free_slices", "%u",
		 g.slices - __builtin_popcountll(g.mem_used));
	GPU_ATTR("memory_free_bytes", "%llu",
		 (g.slices - __builtin_popcountll(g.mem_used)) * g.slice_bytes);
	GPU_ATTR("nr_vgpus", "%d", nr);
#undef GPU_ATTR
	snprintf(rel, sizeof(rel), "%s/profiles", dir);
	put(root, rel, "%s", prof);
	snprintf(rel, sizeof(rel), "%s/vgpus", dir);
	put(root, rel, "%s", list);
	write_settings(root, dir, d->sched, sched_keys, sched_defaults, 4);
	if (!d->no_mdev) {
		write_types(root, id, &g, d->vgpus);
		snprintf(rel, sizeof(rel), "class/mdev_bus/gpu%d", id);
		link_to(root, rel, dir);
	}
	free(list);
	free(prof);
}

/**
 * fake_sysfs_build() - make a fake sysfs tree in a new temporary directory
 * @gpus: the GPUs, gpu0 first
 * @nr: how many (0 makes an empty class/mdgpu: mdgpu loaded, no backend)
 *
 * Return: the tree's root (fake_sysfs_destroy() it).
 */
char *fake_sysfs_build(const struct fake_gpu *gpus, int nr)
{
	char *root = strdup("/tmp/mdgpu-fake-XXXXXX");
	int i;

	if (!root || !mkdtemp(root))
		die("mkdtemp");
	put(root, "class/mdgpu/.keep", "%s", "");
	fake_remove(root, "class/mdgpu/.keep");
	put(root, "bus/mdev/devices/.keep", "%s", "");
	fake_remove(root, "bus/mdev/devices/.keep");
	for (i = 0; i < nr; i++)
		write_gpu(root, i, &gpus[i]);
	return root;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	return remove(path);
}

/**
 * fake_rmtree() - delete a directory of a fake tree with all it holds
 * @root: the tree
 * @rel: path below it
 */
void fake_rmtree(const char *root, const char *rel)
{
	char *path;

	if (asprintf(&path, "%s/%s", root, rel) < 0)
		die("asprintf");
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(path);
}

/**
 * fake_sysfs_destroy() - delete a fake tree
 * @root: what fake_sysfs_build() returned; freed
 */
void fake_sysfs_destroy(char *root)
{
	if (!root)
		return;
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(root);
}
