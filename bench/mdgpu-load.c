// SPDX-License-Identifier: GPL-2.0-only
/*
 * mdgpu-load: a load generator for mdgpu vGPUs, on raw VFIO. Each -u opens a
 * vGPU, keeps K commands (the timed spin kernel or an f32 GEMM) in flight in
 * its ring, follows a schedule of run and idle phases, and samples completed
 * work and the BAR0 BUSY_NS/WAIT_NS accounting of all its vGPUs at the same
 * instants. It prints JSON lines; `mdgpu-load -h` lists the options.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <linux/vfio.h>

#include <mdgpu/mdgpu_dev.h>

#define MAX_DEVS 64
#define MAX_PHASES 64
#define MAX_AT 32
#define FENCE_SLOT_OFF 0x10000ULL /* after the largest ring */
#define GEMM_BASE_OFF 0x20000ULL
#define PROBE_TIMEOUT_NS 20000000000ULL
#define DRAIN_TIMEOUT_NS 60000000000ULL
#define STALL_CHECK_NS 200000000ULL

enum load_kernel { LOAD_SPIN, LOAD_GEMM };
enum on_error { ON_ERROR_STOP, ON_ERROR_RESET, ON_ERROR_EXIT };
enum dev_state { DEV_RUN, DEV_IDLE, DEV_DRAIN, DEV_DONE };

struct phase {
	bool run;
	uint64_t ns; /* 0: until the count is reached */
};

/* Settings of one vGPU: the options given before its -u. */
struct dev_cfg {
	enum load_kernel kernel;
	uint64_t spin_ns;
	uint32_t grid; /* 0: the vGPU's compute units */
	uint32_t gemm_dim;
	uint32_t inflight;
	uint64_t count; /* commands to end, 0: no limit */
	struct phase phases[MAX_PHASES];
	int nr_phases;
	enum on_error on_error;
	char label[64];
};

struct dev {
	struct dev_cfg cfg;
	const char *uuid;
	int container, group, fd, efd;
	uint64_t bar0, bar2, bar2_size;
	uint8_t *mem;
	struct mdgpu_cmd *ring;
	uint32_t ring_entries, tail, cus, grid;
	uint64_t *fence_slot; /* in BAR2: written by FENCE commands */
	uint64_t seq, seen; /* last fence submitted, last seen done */
	uint64_t completed, ended; /* commands completed; completed or failed */
	uint64_t work_per_cmd;
	enum dev_state state;
	int phase;
	uint64_t phase_end;
	uint64_t irqs, errors, resets, sysfs_bad;
	uint64_t last_progress; /* when a fence last advanced */
	bool failed; /* an error it did not recover from */
	bool drained; /* "drained" printed since it last submitted */
	/* sampling */
	uint64_t s_t, s_completed, s_busy, s_wait;
	uint64_t t_first_busy, t_first_wait;
};

struct at_write {
	uint64_t ns;
	char *path, *value;
	bool done;
};

static struct dev devs[MAX_DEVS];
static int nr_devs;
static struct at_write ats[MAX_AT];
static int nr_ats;
static uint64_t t0;
static uint64_t interval_ns = 1000000000ULL;
static uint64_t poll_ns = 1000000;
/* Wait for fence interrupts (MSI) instead of polling every poll_ns. */
static bool wait_irq;
#define IRQ_WAIT_MAX_NS 100000000ULL /* look at least this often anyway */
static bool sysfs_check;
static uint64_t max_gap_ns; /* longest wait between two loop passes */
static sig_atomic_t stop_now;

static void die(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	fprintf(stderr, "mdgpu-load: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	fprintf(stderr, "\n");
	exit(2);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static double rel_s(uint64_t ns)
{
	return ns >= t0 ? (ns - t0) / 1e9 : -((t0 - ns) / 1e9);
}

/* ---- registers ---- */

static uint32_t rd32(struct dev *d, uint32_t reg)
{
	uint32_t v;

	errno = 0;
	if (pread(d->fd, &v, 4, d->bar0 + reg) != 4)
		die("%s: BAR0 read at 0x%x", d->uuid, reg);
	return v;
}

/* One 8-byte read at LO: both halves from the same snapshot. */
static uint64_t rd64(struct dev *d, uint32_t reg)
{
	uint64_t v;

	errno = 0;
	if (pread(d->fd, &v, 8, d->bar0 + reg) != 8)
		die("%s: BAR0 read at 0x%x", d->uuid, reg);
	return v;
}

static void wr32(struct dev *d, uint32_t reg, uint32_t v)
{
	errno = 0;
	if (pwrite(d->fd, &v, 4, d->bar0 + reg) != 4)
		die("%s: BAR0 write at 0x%x", d->uuid, reg);
}

/* ---- opening a vGPU through VFIO ---- */

static void get_region(struct dev *d, uint32_t index, uint64_t *off,
		       uint64_t *size)
{
	struct vfio_region_info ri = { .argsz = sizeof(ri), .index = index };

	if (ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, &ri))
		die("%s: region %u info", d->uuid, index);
	*off = ri.offset;
	*size = ri.size;
}

static void arm_msi(struct dev *d)
{
	char buf[sizeof(struct vfio_irq_set) + sizeof(int32_t)];
	struct vfio_irq_set *set = (struct vfio_irq_set *)buf;
	int32_t fd;

	d->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (d->efd < 0)
		die("eventfd");
	fd = d->efd;
	set->argsz = sizeof(buf);
	set->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	set->index = VFIO_PCI_MSI_IRQ_INDEX;
	set->start = 0;
	set->count = 1;
	memcpy(set->data, &fd, sizeof(fd));
	if (ioctl(d->fd, VFIO_DEVICE_SET_IRQS, set))
		die("%s: arm MSI", d->uuid);
}

static void open_vfio(struct dev *d)
{
	char path[PATH_MAX], link[PATH_MAX];
	struct vfio_group_status gs = { .argsz = sizeof(gs) };
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/iommu_group",
		 d->uuid);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		die("%s: no such vGPU (%s)", d->uuid, path);
	link[n] = 0;
	d->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (d->container < 0)
		die("open /dev/vfio/vfio");
	snprintf(path, sizeof(path), "/dev/vfio/%s", basename(link));
	d->group = open(path, O_RDWR | O_CLOEXEC);
	if (d->group < 0)
		die("open %s", path);
	if (ioctl(d->group, VFIO_GROUP_GET_STATUS, &gs) ||
	    !(gs.flags & VFIO_GROUP_FLAGS_VIABLE))
		die("%s: group not viable", d->uuid);
	if (ioctl(d->group, VFIO_GROUP_SET_CONTAINER, &d->container))
		die("%s: set container", d->uuid);
	if (ioctl(d->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		die("%s: set IOMMU", d->uuid);
	d->fd = ioctl(d->group, VFIO_GROUP_GET_DEVICE_FD, d->uuid);
	if (d->fd < 0)
		die("%s: get device fd", d->uuid);
	get_region(d, VFIO_PCI_BAR0_REGION_INDEX, &d->bar0, &(uint64_t){ 0 });
	get_region(d, VFIO_PCI_BAR2_REGION_INDEX, &d->bar2, &d->bar2_size);
	d->mem = mmap(NULL, d->bar2_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      d->fd, d->bar2);
	if (d->mem == MAP_FAILED)
		die("%s: mmap BAR2", d->uuid);
	errno = 0;
	if (rd32(d, MDGPU_REG_ID) != MDGPU_DEV_MAGIC)
		die("%s: not an mdgpu device", d->uuid);
	arm_msi(d);
}

/* Reset the queue and point it at a fresh ring at offset 0. */
static void queue_setup(struct dev *d)
{
	wr32(d, MDGPU_REG_RESET, MDGPU_RESET_QUEUE);
	wr32(d, MDGPU_REG_INT_ACK, MDGPU_INT_ALL);
	memset(d->mem, 0, (size_t)d->ring_entries * MDGPU_CMD_SIZE);
	wr32(d, MDGPU_REG_QUEUE_BASE_LO, 0);
	wr32(d, MDGPU_REG_QUEUE_BASE_HI, 0);
	wr32(d, MDGPU_REG_QUEUE_SIZE, d->ring_entries);
	wr32(d, MDGPU_REG_QUEUE_CTRL, MDGPU_QUEUE_CTRL_ENABLE);
	d->tail = 0;
	__atomic_store_n(d->fence_slot, d->seq, __ATOMIC_RELEASE);
	d->seen = d->seq;
}

static void gemm_setup(struct dev *d)
{
	uint64_t n = (uint64_t)d->cfg.gemm_dim * d->cfg.gemm_dim, i;
	float *a = (float *)(d->mem + GEMM_BASE_OFF);

	if (GEMM_BASE_OFF + 3 * n * 4 > d->bar2_size)
		die("%s: GEMM of %u does not fit in %" PRIu64 " bytes", d->uuid,
		    d->cfg.gemm_dim, d->bar2_size);
	for (i = 0; i < 2 * n; i++)
		a[i] = (float)((i * 7 + 3) % 17) / 16.0f;
}

static void dev_open(struct dev *d)
{
	uint32_t need = 4 * d->cfg.inflight, e = 64;

	open_vfio(d);
	while (e < need && e < MDGPU_RING_MAX_ENTRIES)
		e *= 2;
	d->ring_entries = e;
	d->ring = (struct mdgpu_cmd *)d->mem;
	d->fence_slot = (uint64_t *)(d->mem + FENCE_SLOT_OFF);
	d->cus = rd32(d, MDGPU_REG_COMPUTE_UNITS);
	d->grid = d->cfg.grid ? d->cfg.grid : d->cus;
	if (d->cfg.kernel == LOAD_GEMM) {
		uint64_t n = d->cfg.gemm_dim;

		gemm_setup(d);
		d->work_per_cmd = 2 * n * n * n;
	} else {
		d->work_per_cmd = d->cfg.spin_ns * d->grid;
	}
	queue_setup(d);
}

/* ---- submitting ---- */

static struct mdgpu_cmd *next_entry(struct dev *d)
{
	struct mdgpu_cmd *c = &d->ring[d->tail];

	memset(c, 0, sizeof(*c));
	d->tail = (d->tail + 1) & (d->ring_entries - 1);
	return c;
}

static void put_launch(struct dev *d, const struct dev_cfg *cfg, uint32_t grid)
{
	struct mdgpu_cmd *c = next_entry(d);

	c->opcode = MDGPU_OP_LAUNCH;
	c->launch.grid = grid;
	if (cfg->kernel == LOAD_GEMM) {
		uint32_t n = cfg->gemm_dim;
		uint64_t sz = (uint64_t)n * n * 4;

		c->launch.kernel = MDGPU_KERNEL_GEMM_F32;
		c->launch.gemm.a = GEMM_BASE_OFF;
		c->launch.gemm.b = GEMM_BASE_OFF + sz;
		c->launch.gemm.c = GEMM_BASE_OFF + 2 * sz;
		c->launch.gemm.m = n;
		c->launch.gemm.n = n;
		c->launch.gemm.k = n;
		c->launch.gemm.lda = n;
		c->launch.gemm.ldb = n;
		c->launch.gemm.ldc = n;
	} else {
		c->launch.kernel = MDGPU_KERNEL_SPIN;
		c->launch.spin.duration_ns = cfg->spin_ns;
	}
}

static void put_fence(struct dev *d)
{
	struct mdgpu_cmd *c = next_entry(d);

	c->opcode = MDGPU_OP_FENCE;
	c->flags = MDGPU_FENCE_F_MEM | (wait_irq ? MDGPU_FENCE_F_IRQ : 0);
	c->fence.value = ++d->seq;
	c->fence.addr = FENCE_SLOT_OFF;
}

/* The fence slot is device memory that FENCE commands write behind our back. */
static uint64_t fence_read(struct dev *d)
{
	return __atomic_load_n(d->fence_slot, __ATOMIC_ACQUIRE);
}

static uint64_t inflight(struct dev *d)
{
	return d->seq - d->seen;
}

static void refill(struct dev *d)
{
	uint64_t room = d->cfg.inflight - inflight(d);
	bool any = false;

	while (room-- > 0) {
		if (d->cfg.count && d->ended + inflight(d) >= d->cfg.count)
			break;
		put_launch(d, &d->cfg, d->grid);
		put_fence(d);
		any = true;
	}
	if (any)
		wr32(d, MDGPU_REG_DOORBELL, d->tail);
}

/* Take in the fences written since last time. */
static void reap(struct dev *d)
{
	uint64_t f = fence_read(d);

	if (f > d->seen && f <= d->seq) {
		d->last_progress = now_ns();
		d->completed += f - d->seen;
		d->ended += f - d->seen;
		d->seen = f;
	}
}

/* ---- output ---- */

/* One JSON object per line: jhead(), then ,"key":value pairs, then jend(). */
static void js(const char *key, const char *s)
{
	printf(",\"%s\":\"", key);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		if ((unsigned char)*s >= 0x20)
			putchar(*s);
	}
	putchar('"');
}

static void ju(const char *key, uint64_t v)
{
	printf(",\"%s\":%" PRIu64, key, v);
}

static void jf(const char *key, double v)
{
	printf(",\"%s\":%.9g", key, v);
}

static void jb(const char *key, bool v)
{
	printf(",\"%s\":%s", key, v ? "true" : "false");
}

static void jhead(const char *ev, struct dev *d, uint64_t t)
{
	printf("{\"ev\":\"%s\"", ev);
	jf("t", rel_s(t));
	ju("mono_ns", t);
	if (d) {
		js("label", d->cfg.label);
		js("uuid", d->uuid);
	}
}

static void jend(void)
{
	printf("}\n");
	fflush(stdout);
}

/* ---- sysfs ---- */

static uint64_t sysfs_busy(struct dev *d)
{
	char path[PATH_MAX], line[128];
	uint64_t v = UINT64_MAX;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/mdgpu/stats",
		 d->uuid);
	f = fopen(path, "re");
	if (!f)
		return v;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "busy_ns=%" SCNu64, &v) == 1)
			break;
	fclose(f);
	return v;
}

static void do_at_writes(uint64_t now)
{
	int i;

	for (i = 0; i < nr_ats; i++) {
		struct at_write *a = &ats[i];
		uint64_t t1, t2;
		int fd, err = 0;

		if (a->done || now < t0 + a->ns)
			continue;
		a->done = true;
		t1 = now_ns();
		fd = open(a->path, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, a->value, strlen(a->value)) < 0)
			err = errno;
		if (fd >= 0)
			close(fd);
		t2 = now_ns();
		jhead("set", NULL, t1);
		js("path", a->path);
		js("value", a->value);
		ju("write_ns", t2 - t1);
		ju("errno", err);
		jend();
	}
}

/* ---- phases ---- */

static void enter_phase(struct dev *d, int p, uint64_t start)
{
	d->phase = p;
	if (p >= d->cfg.nr_phases) {
		d->state = DEV_DRAIN;
		d->phase_end = UINT64_MAX;
		return;
	}
	d->state = d->cfg.phases[p].run ? DEV_RUN : DEV_IDLE;
	d->phase_end = d->cfg.phases[p].ns ? start + d->cfg.phases[p].ns :
					     UINT64_MAX;
	jhead("phase", d, start);
	ju("phase", p);
	js("kind", d->cfg.phases[p].run ? "run" : "idle");
	jend();
}

static bool count_reached(struct dev *d)
{
	return d->cfg.count && d->ended >= d->cfg.count;
}

/* ---- sampling ---- */

static void sample(struct dev *d, uint64_t t, bool last)
{
	uint64_t s1 = 0, s2 = 0, busy, wait, dt = t - d->s_t, dc;
	double secs = dt / 1e9;

	if (sysfs_check)
		s1 = sysfs_busy(d);
	busy = rd64(d, MDGPU_REG_BUSY_NS_LO);
	wait = rd64(d, MDGPU_REG_WAIT_NS_LO);
	if (sysfs_check) {
		s2 = sysfs_busy(d);
		if (!(s1 <= busy && busy <= s2))
			d->sysfs_bad++;
	}
	reap(d);
	dc = d->completed - d->s_completed;
	jhead(last ? "final" : "sample", d, t);
	ju("phase", d->phase);
	jf("dt", secs);
	ju("cmds", dc);
	ju("work", dc * d->work_per_cmd);
	jf("rate", secs > 0 ? dc * d->work_per_cmd / secs : 0);
	ju("busy_ns", busy - d->s_busy);
	ju("wait_ns", wait - d->s_wait);
	jf("busy", secs > 0 ? (busy - d->s_busy) / 1e9 / secs : 0);
	jf("wait", secs > 0 ? (wait - d->s_wait) / 1e9 / secs : 0);
	ju("busy_total", busy);
	ju("wait_total", wait);
	ju("inflight", inflight(d));
	if (sysfs_check) {
		ju("sysfs_busy_before", s1);
		ju("sysfs_busy_after", s2);
	}
	jf("stall_ms", max_gap_ns / 1e6);
	jend();
	d->s_t = t;
	d->s_completed = d->completed;
	d->s_busy = busy;
	d->s_wait = wait;
}

/* ---- errors and recovery ---- */

/* Run one short command after a reset; true if it completed. */
static bool probe(struct dev *d)
{
	struct dev_cfg pc = { .kernel = LOAD_SPIN, .spin_ns = 100000 };
	uint64_t end = now_ns() + PROBE_TIMEOUT_NS;

	put_launch(d, &pc, 1);
	put_fence(d);
	wr32(d, MDGPU_REG_DOORBELL, d->tail);
	while (now_ns() < end) {
		if (fence_read(d) == d->seq) {
			d->seen = d->seq;
			return rd32(d, MDGPU_REG_ERROR_CODE) == 0;
		}
		usleep(1000);
	}
	return false;
}

static void handle_error(struct dev *d, uint32_t code)
{
	uint64_t t = now_ns(), cnt = 0, busy;
	uint32_t ist = rd32(d, MDGPU_REG_INT_STATUS),
		 idx = rd32(d, MDGPU_REG_ERROR_INDEX);
	uint32_t qst = rd32(d, MDGPU_REG_QUEUE_STATUS);

	if (read(d->efd, &cnt, sizeof(cnt)) == sizeof(cnt))
		d->irqs += cnt;
	busy = rd64(d, MDGPU_REG_BUSY_NS_LO);
	reap(d);
	d->errors++;
	d->ended++; /* the failing command */
	jhead("error", d, t);
	ju("code", code);
	ju("index", idx);
	ju("int_status", ist);
	ju("queue_status", qst);
	ju("irqs", d->irqs);
	ju("busy_total", busy);
	ju("completed", d->completed);
	jend();
	if (d->cfg.on_error == ON_ERROR_EXIT)
		exit(1);
	/* The device dropped the commands behind the failing one. */
	d->seen = d->seq;
	if (d->cfg.on_error == ON_ERROR_STOP) {
		d->failed = true;
		d->state = DEV_DRAIN;
		return;
	}
	t = now_ns();
	queue_setup(d);
	d->resets++;
	{
		bool ok = probe(d) && !(rd32(d, MDGPU_REG_QUEUE_STATUS) &
					MDGPU_QUEUE_STATUS_ERROR);
		uint64_t t2 = now_ns();

		jhead("reset", d, t2);
		jb("ok", ok);
		jf("ms", (t2 - t) / 1e6);
		ju("error_code", rd32(d, MDGPU_REG_ERROR_CODE));
		ju("int_status", rd32(d, MDGPU_REG_INT_STATUS));
		jend();
		if (!ok)
			d->failed = true;
		if (!ok || count_reached(d))
			d->state = DEV_DRAIN;
	}
}

static void check_error(struct dev *d, bool force)
{
	uint64_t cnt = 0;
	uint32_t code;

	if (read(d->efd, &cnt, sizeof(cnt)) == sizeof(cnt)) {
		d->irqs += cnt;
		force = true;
		/*
		 * Take the eventfd's count, then ack, then (in step()) reap:
		 * a fence that completes after the ack interrupts again.
		 * Acking before the read would swallow the count of an
		 * interrupt whose cause stays pending: no MSI would follow.
		 */
		if (wait_irq)
			wr32(d, MDGPU_REG_INT_ACK, MDGPU_INT_FENCE);
	}
	if (!force)
		return;
	code = rd32(d, MDGPU_REG_ERROR_CODE);
	if (code)
		handle_error(d, code);
}

/* ---- the main loop ---- */

static void step(struct dev *d, uint64_t now)
{
	if (d->state == DEV_DONE)
		return;
	reap(d);
	/* Errors interrupt, but do not rely on it: look when work stalls. */
	if (inflight(d) && now - d->last_progress > STALL_CHECK_NS) {
		d->last_progress = now;
		check_error(d, true);
		if (d->state == DEV_DONE)
			return;
	}
	while (d->state != DEV_DRAIN && now >= d->phase_end)
		enter_phase(d, d->phase + 1, d->phase_end);
	if (d->state == DEV_RUN && count_reached(d))
		enter_phase(d, d->cfg.nr_phases, now);
	if (d->state == DEV_RUN) {
		refill(d);
		d->drained = false;
	} else if (!inflight(d) && !d->drained && d->seq) {
		/* Idle or at the end: its last command just completed. */
		jhead("drained", d, now_ns());
		ju("phase", d->phase);
		jend();
		d->drained = true;
	}
	if (d->state == DEV_DRAIN && (!inflight(d) || stop_now)) {
		sample(d, now_ns(), true);
		d->state = DEV_DONE;
	}
}

static void run(void)
{
	uint64_t next_sample, deadline = UINT64_MAX, now, prev;
	struct pollfd pfd[MAX_DEVS];
	int i, busy;

	t0 = now_ns();
	prev = t0;
	next_sample = interval_ns ? t0 + interval_ns : UINT64_MAX;
	for (i = 0; i < nr_devs; i++) {
		struct dev *d = &devs[i];

		d->s_t = t0;
		d->s_busy = d->t_first_busy = rd64(d, MDGPU_REG_BUSY_NS_LO);
		d->s_wait = d->t_first_wait = rd64(d, MDGPU_REG_WAIT_NS_LO);
		d->last_progress = t0;
		pfd[i].fd = d->efd;
		pfd[i].events = POLLIN;
		enter_phase(d, 0, t0);
	}
	for (;;) {
		struct timespec ts = { 0, (long)poll_ns };
		uint64_t wake;

		now = now_ns();
		if (now - prev > max_gap_ns)
			max_gap_ns = now - prev;
		prev = now;
		do_at_writes(now);
		for (busy = 0, i = 0; i < nr_devs; i++) {
			step(&devs[i], now);
			busy += devs[i].state != DEV_DONE;
		}
		if (!busy)
			break;
		if (stop_now && deadline == UINT64_MAX) {
			deadline = now + DRAIN_TIMEOUT_NS;
			for (i = 0; i < nr_devs; i++)
				if (devs[i].state != DEV_DONE)
					enter_phase(&devs[i],
						    devs[i].cfg.nr_phases, now);
		}
		if (now > deadline) {
			fprintf(stderr, "mdgpu-load: commands did not drain\n");
			exit(1);
		}
		if (now >= next_sample) {
			for (i = 0; i < nr_devs; i++)
				if (devs[i].state != DEV_DONE)
					sample(&devs[i], now_ns(), false);
			max_gap_ns = 0;
			next_sample += interval_ns;
			if (next_sample < now)
				next_sample = now + interval_ns;
		}
		if (wait_irq) {
			/* Until a fence interrupt, the next sample or phase. */
			wake = now + IRQ_WAIT_MAX_NS;
			if (next_sample < wake)
				wake = next_sample;
			for (i = 0; i < nr_devs; i++)
				if (devs[i].state != DEV_DONE &&
				    devs[i].phase_end < wake)
					wake = devs[i].phase_end;
			now = now_ns();
			wake = wake > now ? wake - now : 0;
			ts.tv_sec = (time_t)(wake / 1000000000ULL);
			ts.tv_nsec = (long)(wake % 1000000000ULL);
		}
		if (ppoll(pfd, nr_devs, &ts, NULL) > 0) {
			for (i = 0; i < nr_devs; i++)
				if (pfd[i].revents && devs[i].state != DEV_DONE)
					check_error(&devs[i], false);
		}
	}
}

static void summary(struct dev *d)
{
	uint64_t t = d->s_t;
	double secs = rel_s(t);

	jhead("end", d, t);
	jf("secs", secs);
	ju("cmds", d->completed);
	ju("work", d->completed * d->work_per_cmd);
	jf("rate", secs > 0 ? d->completed * d->work_per_cmd / secs : 0);
	ju("busy_ns", d->s_busy - d->t_first_busy);
	ju("wait_ns", d->s_wait - d->t_first_wait);
	ju("errors", d->errors);
	ju("resets", d->resets);
	ju("irqs", d->irqs);
	jb("failed", d->failed);
	if (sysfs_check)
		ju("sysfs_mismatch", d->sysfs_bad);
	jend();
}

static void on_signal(int sig)
{
	stop_now = 1;
}

/* ---- synchronized start ---- */

static void wait_for_file(const char *path)
{
	char *dup = strdup(path), *dir;
	char buf[4096];
	int in;

	if (!dup)
		die("strdup");
	dir = dirname(dup);
	in = inotify_init1(IN_CLOEXEC);
	if (in >= 0 &&
	    inotify_add_watch(in, dir,
			      IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE) < 0) {
		close(in);
		in = -1;
	}
	while (access(path, F_OK) && !stop_now) {
		if (in >= 0) {
			struct pollfd p = { .fd = in, .events = POLLIN };

			if (poll(&p, 1, 100) > 0 &&
			    read(in, buf, sizeof(buf)) < 0)
				break;
		} else {
			usleep(1000);
		}
	}
	if (in >= 0)
		close(in);
	free(dup);
}

/* ---- options ---- */

static uint64_t parse_secs(const char *s, const char *what)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || (*end && strcmp(end, "s")) || v < 0 ||
	    v > 1e6) {
		errno = 0;
		die("bad %s '%s' (seconds)", what, s);
	}
	return (uint64_t)(v * 1e9 + 0.5);
}

static uint64_t parse_u64(const char *s, const char *what, uint64_t min,
			  uint64_t max)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		errno = 0;
		die("bad %s '%s' (%" PRIu64 "..%" PRIu64 ")", what, s, min,
		    max);
	}
	return v;
}

/* "run:2,idle:1,run" (a run without a length lasts until the count). */
static void parse_phases(struct dev_cfg *c, const char *arg)
{
	char *dup = strdup(arg), *tok, *save = NULL;

	if (!dup)
		die("strdup");
	c->nr_phases = 0;
	for (tok = strtok_r(dup, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(tok, ':');
		struct phase *p;

		if (c->nr_phases == MAX_PHASES) {
			errno = 0;
			die("more than %d phases", MAX_PHASES);
		}
		p = &c->phases[c->nr_phases++];
		if (colon)
			*colon = 0;
		if (!strcmp(tok, "run")) {
			p->run = true;
		} else if (!strcmp(tok, "idle")) {
			p->run = false;
		} else {
			errno = 0;
			die("bad phase '%s' (run[:SECONDS] or idle:SECONDS)",
			    tok);
		}
		p->ns = colon ? parse_secs(colon + 1, "phase length") : 0;
		if (!p->run && !p->ns) {
			errno = 0;
			die("an idle phase needs a length");
		}
	}
	free(dup);
}

static void parse_at(const char *arg)
{
	char *dup = strdup(arg), *colon, *eq;
	struct at_write *a;

	if (!dup)
		die("strdup");
	colon = strchr(dup, ':');
	eq = colon ? strchr(colon, '=') : NULL;
	if (!colon || !eq || nr_ats == MAX_AT) {
		errno = 0;
		die("bad --at '%s' (SECONDS:PATH=VALUE, at most %d)", arg,
		    MAX_AT);
	}
	*colon = 0;
	*eq = 0;
	a = &ats[nr_ats++];
	a->ns = parse_secs(dup, "--at time");
	a->path = colon + 1;
	a->value = eq + 1;
}

static void print_usage(FILE *f)
{
	fprintf(f,
		"usage: mdgpu-load [GLOBAL] [PER-VGPU...] -u UUID [[PER-VGPU...] -u UUID]...\n"
		"\n"
		"Keeps commands in flight on each vGPU (opened through VFIO) and prints JSON lines:\n"
		"ready, phase, sample (every interval, all vGPUs at once), set, error, reset,\n"
		"final and end. Per-vGPU options apply to the next -u and stay set for later ones.\n"
		"\n"
		"per vGPU:\n"
		"  -k, --kernel spin|gemm   what to launch (default spin)\n"
		"  -t, --spin-us US         spin duration of each work-group (default 1000)\n"
		"  -g, --grid N             work-groups per launch (default: the vGPU's CUs)\n"
		"  -m, --gemm-dim N         GEMM size M = N = K (default 64)\n"
		"  -q, --inflight K         commands kept in flight (default 8)\n"
		"  -c, --count N            stop after N commands ended (0: no limit)\n"
		"  -d, --duration SEC       one run phase of SEC seconds\n"
		"  -P, --phases LIST        e.g. run:2,idle:1,run:2 (a bare run lasts until -c)\n"
		"  -e, --on-error stop|reset|exit  on a queue error: stop this vGPU (and exit 1\n"
		"                           at the end), reset it, run a probe and go on, or exit 1\n"
		"  -l, --label NAME         name in the output (default: the UUID)\n"
		"  -u, --uuid UUID          open this vGPU with the settings so far\n"
		"global:\n"
		"  -i, --interval MS        sample interval (default 1000; 0: final only)\n"
		"  -p, --poll-us US         completion poll period (default 1000)\n"
		"  -W, --wait poll|irq      poll the fences every --poll-us, or sleep until a\n"
		"                           fence interrupt (MSI), the next sample or phase\n"
		"                           (default poll)\n"
		"  -w, --wait-file PATH     open the vGPUs, print ready, then wait for PATH\n"
		"  -A, --at SEC:PATH=VALUE  write VALUE to PATH SEC seconds after the start\n"
		"  -S, --sysfs-check        bracket each BAR0 BUSY_NS read with sysfs stats reads\n"
		"\n"
		"Exit status: 0; 1 if a vGPU stopped on an error it did not recover from;\n"
		"2 on a usage or setup error.\n");
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "spin-us", required_argument, NULL, 't' },
		{ "grid", required_argument, NULL, 'g' },
		{ "gemm-dim", required_argument, NULL, 'm' },
		{ "inflight", required_argument, NULL, 'q' },
		{ "count", required_argument, NULL, 'c' },
		{ "duration", required_argument, NULL, 'd' },
		{ "phases", required_argument, NULL, 'P' },
		{ "on-error", required_argument, NULL, 'e' },
		{ "label", required_argument, NULL, 'l' },
		{ "uuid", required_argument, NULL, 'u' },
		{ "interval", required_argument, NULL, 'i' },
		{ "poll-us", required_argument, NULL, 'p' },
		{ "wait", required_argument, NULL, 'W' },
		{ "wait-file", required_argument, NULL, 'w' },
		{ "at", required_argument, NULL, 'A' },
		{ "sysfs-check", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct dev_cfg cfg = {
		.kernel = LOAD_SPIN,
		.spin_ns = 1000000,
		.gemm_dim = 64,
		.inflight = 8,
		.phases = { { true, 10000000000ULL } },
		.nr_phases = 1,
	};
	const char *wait_file = NULL;
	bool label_set = false;
	int opt, i, rc = 0;

	while ((opt = getopt_long(argc, argv,
				  "k:t:g:m:q:c:d:P:e:l:u:i:p:W:w:A:Sh", lopts,
				  NULL)) != -1) {
		switch (opt) {
		case 'k':
			if (!strcmp(optarg, "spin"))
				cfg.kernel = LOAD_SPIN;
			else if (!strcmp(optarg, "gemm"))
				cfg.kernel = LOAD_GEMM;
			else
				die("bad kernel '%s' (spin or gemm)", optarg);
			break;
		case 't':
			cfg.spin_ns = parse_u64(optarg, "--spin-us", 1,
						MDGPU_SPIN_MAX_NS / 1000) *
				      1000;
			break;
		case 'g':
			cfg.grid =
				parse_u64(optarg, "--grid", 1, MDGPU_MAX_GRID);
			break;
		case 'm':
			cfg.gemm_dim = parse_u64(optarg, "--gemm-dim", 1, 1024);
			break;
		case 'q':
			cfg.inflight = parse_u64(optarg, "--inflight", 1,
						 MDGPU_RING_MAX_ENTRIES / 4);
			break;
		case 'c':
			cfg.count = parse_u64(optarg, "--count", 0, UINT64_MAX);
			break;
		case 'd':
			cfg.phases[0].run = true;
			cfg.phases[0].ns = parse_secs(optarg, "--duration");
			cfg.nr_phases = 1;
			break;
		case 'P':
			parse_phases(&cfg, optarg);
			break;
		case 'e':
			if (!strcmp(optarg, "stop"))
				cfg.on_error = ON_ERROR_STOP;
			else if (!strcmp(optarg, "reset"))
				cfg.on_error = ON_ERROR_RESET;
			else if (!strcmp(optarg, "exit"))
				cfg.on_error = ON_ERROR_EXIT;
			else
				die("bad --on-error '%s' (stop, reset or exit)",
				    optarg);
			break;
		case 'l':
			snprintf(cfg.label, sizeof(cfg.label), "%s", optarg);
			label_set = true;
			break;
		case 'u':
			if (nr_devs == MAX_DEVS)
				die("at most %d vGPUs", MAX_DEVS);
			devs[nr_devs].cfg = cfg;
			devs[nr_devs].uuid = optarg;
			if (!label_set)
				snprintf(devs[nr_devs].cfg.label,
					 sizeof(cfg.label), "%s", optarg);
			label_set = false;
			nr_devs++;
			break;
		case 'i':
			interval_ns =
				parse_u64(optarg, "--interval", 0, 3600000) *
				1000000ULL;
			break;
		case 'p':
			poll_ns = parse_u64(optarg, "--poll-us", 10, 1000000) *
				  1000;
			break;
		case 'W':
			if (!strcmp(optarg, "irq"))
				wait_irq = true;
			else if (strcmp(optarg, "poll"))
				die("bad --wait '%s' (poll or irq)", optarg);
			break;
		case 'w':
			wait_file = optarg;
			break;
		case 'A':
			parse_at(optarg);
			break;
		case 'S':
			sysfs_check = true;
			break;
		case 'h':
			print_usage(stdout);
			return 0;
		default:
			print_usage(stderr);
			return 2;
		}
	}
	if (optind != argc || !nr_devs) {
		print_usage(stderr);
		return 2;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	for (i = 0; i < nr_devs; i++)
		dev_open(&devs[i]);
	for (i = 0; i < nr_devs; i++) {
		struct dev *d = &devs[i];

		jhead("ready", d, now_ns());
		js("kernel", d->cfg.kernel == LOAD_GEMM ? "gemm" : "spin");
		ju("spin_ns", d->cfg.spin_ns);
		ju("gemm_dim", d->cfg.gemm_dim);
		ju("grid", d->grid);
		ju("cus", d->cus);
		ju("inflight", d->cfg.inflight);
		ju("count", d->cfg.count);
		ju("work_per_cmd", d->work_per_cmd);
		js("work_unit", d->cfg.kernel == LOAD_GEMM ? "flop" : "cu_ns");
		ju("ring", d->ring_entries);
		jend();
	}
	if (wait_file)
		wait_for_file(wait_file);
	run();
	for (i = 0; i < nr_devs; i++) {
		summary(&devs[i]);
		if (devs[i].failed)
			rc = 1;
	}
	return rc;
}
