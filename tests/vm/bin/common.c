// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shared helpers of the VM test programs: see common.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

const char *t_prog = "test";
int t_failures;
static __u64 rng_state = 88172645463325252ULL;

static const char *const modes[] = { "auto", "poll-reg", "poll-mem", "msi",
				     "intx" };

/**
 * t_init() - name the program in messages
 * @prog: its name
 *
 * Return: nothing.
 */
void t_init(const char *prog)
{
	t_prog = prog;
	setvbuf(stdout, NULL, _IOLBF, 0);
}

/**
 * t_exit() - the exit status: 0 if no check failed
 *
 * Return: 0 or 1.
 */
int t_exit(void)
{
	if (t_failures)
		fprintf(stderr, "%s: %d check(s) failed\n", t_prog, t_failures);
	return t_failures ? 1 : 0;
}

/**
 * t_mode() - parse a wait mode name
 * @name: auto, poll-reg, poll-mem, msi or intx
 *
 * Return: enum mdgpu_rt_wait_mode; exits on an unknown name.
 */
int t_mode(const char *name)
{
	int i;

	for (i = 0; i < (int)ARRAY_SIZE(modes); i++)
		if (!strcmp(name, modes[i]))
			return i;
	fprintf(stderr, "%s: unknown wait mode '%s'\n", t_prog, name);
	exit(2);
}

/**
 * t_mode_name() - a wait mode's name
 * @mode: enum mdgpu_rt_wait_mode
 *
 * Return: the name.
 */
const char *t_mode_name(int mode)
{
	return mode >= 0 && mode < 5 ? modes[mode] : "?";
}

/**
 * t_err() - an error code as text
 * @err: negative errno or MDGPU_RT_ERR_DEVICE()
 *
 * Return: a static buffer (not thread-safe).
 */
const char *t_err(int err)
{
	static char buf[128];

	mdgpu_rt_strerror(err, buf, sizeof(buf));
	return buf;
}

/**
 * t_open() - open a vGPU through VFIO or exit
 * @uuid: the mdev
 * @mode: wait mode
 * @ring_entries: 0 for the default
 * @flags: MDGPU_RT_OPEN_*
 *
 * Return: the device.
 */
struct mdgpu_rt_dev *t_open(const char *uuid, int mode, __u32 ring_entries,
			    __u32 flags)
{
	MDGPU_OPTS(mdgpu_rt_open_opts, o, .ring_entries = ring_entries,
		   .wait_mode = mode, .flags = flags);
	struct mdgpu_rt_dev *dev = mdgpu_rt_dev__open_vfio(uuid, &o);

	T_REQUIRE(dev, "open %s (%s): %s", uuid, t_mode_name(mode),
		  t_err(-errno));
	return dev;
}

/**
 * t_ok_rt() - exit if a runtime call failed, saying why (device error too)
 * @dev: the device
 * @ret: what the call returned
 * @what: what it was doing
 *
 * Return: nothing.
 */
void t_ok_rt(struct mdgpu_rt_dev *dev, int ret, const char *what)
{
	const struct mdgpu_rt_error *e;

	if (!ret)
		return;
	fprintf(stderr, "%s: FATAL: %s: %s\n", t_prog, what, t_err(ret));
	e = dev ? mdgpu_rt_dev__last_error(dev) : NULL;
	if (e && e->code)
		fprintf(stderr, "%s: device error %s at slot %u, field %u\n",
			t_prog, mdgpu_rt_error_name(e->code), e->index,
			e->field);
	exit(1);
}

/**
 * t_now() - monotonic seconds
 *
 * Return: seconds.
 */
double t_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/**
 * t_srand() - seed t_rand()
 * @seed: non-zero seed
 *
 * Return: nothing.
 */
void t_srand(__u64 seed)
{
	rng_state = seed ? seed : 1;
}

/**
 * t_rand() - xorshift64, reproducible across runs
 *
 * Return: 64 random bits.
 */
__u64 t_rand(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/**
 * t_randf() - uniform float in [-1, 1)
 *
 * Return: the value.
 */
float t_randf(void)
{
	return (float)((t_rand() >> 40) / (double)(1 << 24) * 2 - 1);
}

/**
 * t_write_file() - write a string to a (sysfs) file
 * @path: the file
 * @val: the string
 *
 * Return: 0 or -errno.
 */
int t_write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int err;

	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	err = n < 0 ? -errno : 0;
	close(fd);
	return err;
}

/**
 * t_read_file() - read a small file into a NUL-terminated buffer
 * @path: the file
 * @buf: where
 * @size: its size
 *
 * Return: bytes read or -errno.
 */
int t_read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return n;
}
