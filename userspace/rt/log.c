// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Messages and error strings of libmdgpu-rt: the print callback (libbpf's
 * libbpf_set_print()), mdgpu_rt_strerror() for errno values and device
 * error codes, and the options-struct check every *_opts argument goes
 * through.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rt_internal.h"

static int default_print(enum mdgpu_rt_print_level level, const char *fmt,
			 va_list args);

static mdgpu_rt_print_fn_t print_fn = default_print;

/* MDGPU_RT_LOG=warn|info|debug picks what the default printer shows (warn). */
static int default_print(enum mdgpu_rt_print_level level, const char *fmt,
			 va_list args)
{
	static int max_level = -1;

	if (max_level < 0) {
		const char *env = getenv("MDGPU_RT_LOG");

		max_level = MDGPU_RT_WARN;
		if (env && !strcasecmp(env, "info"))
			max_level = MDGPU_RT_INFO;
		else if (env && !strcasecmp(env, "debug"))
			max_level = MDGPU_RT_DEBUG;
	}
	if ((int)level > max_level)
		return 0;
	return vfprintf(stderr, fmt, args);
}

/**
 * mdgpu_rt_set_print() - route the library's messages
 * @fn: callback, or NULL to silence the library
 *
 * The default callback prints warnings to stderr (more with the
 * environment variable MDGPU_RT_LOG=info or debug). Messages end in a
 * newline. Not thread-safe against concurrent library calls.
 *
 * Return: the previous callback.
 */
MDGPU_API mdgpu_rt_print_fn_t mdgpu_rt_set_print(mdgpu_rt_print_fn_t fn)
{
	mdgpu_rt_print_fn_t old = print_fn;

	print_fn = fn;
	return old;
}

/**
 * rt_print() - send one message to the print callback
 * @level: its level
 * @fmt: printf format
 *
 * errno is preserved, so callers can print between failing and returning.
 *
 * Return: nothing.
 */
void rt_print(enum mdgpu_rt_print_level level, const char *fmt, ...)
{
	int saved = errno;
	va_list args;

	if (print_fn) {
		va_start(args, fmt);
		print_fn(level, fmt, args);
		va_end(args);
	}
	errno = saved;
}

/* enum mdgpu_error: name and meaning, from docs/device.md §6. */
static const char *const dev_errors[][2] = {
	[MDGPU_ERR_NONE] = { "NONE", "no error" },
	[MDGPU_ERR_BAD_OPCODE] = { "BAD_OPCODE", "unknown opcode" },
	[MDGPU_ERR_BAD_FLAGS] = { "BAD_FLAGS",
				  "flag not defined for the opcode" },
	[MDGPU_ERR_RESERVED] = { "RESERVED",
				 "reserved or unused byte not zero" },
	[MDGPU_ERR_BAD_KERNEL] = { "BAD_KERNEL", "unknown kernel id" },
	[MDGPU_ERR_ZERO_SIZE] = { "ZERO_SIZE", "size or count is zero" },
	[MDGPU_ERR_TOO_LARGE] = { "TOO_LARGE",
				  "size, count or duration above its limit" },
	[MDGPU_ERR_BAD_GRID] = { "BAD_GRID", "grid zero or above the limit" },
	[MDGPU_ERR_MISALIGNED] = { "MISALIGNED",
				   "offset or length misaligned" },
	[MDGPU_ERR_OVERFLOW] = { "OVERFLOW", "range wraps past 2^64" },
	[MDGPU_ERR_OUT_OF_RANGE] = { "OUT_OF_RANGE",
				     "range ends beyond vGPU memory" },
	[MDGPU_ERR_OVERLAP] = { "OVERLAP", "output overlaps an input" },
	[MDGPU_ERR_BAD_LD] = { "BAD_LD", "bad GEMM leading dimension" },
	[MDGPU_ERR_RING_CONFIG] = { "RING_CONFIG", "bad ring base or size" },
	[MDGPU_ERR_RING_POINTER] = { "RING_POINTER", "ring tail out of range" },
	[MDGPU_ERR_EXEC] = { "EXEC", "device failed a valid command" },
	[MDGPU_ERR_TIMEOUT] = { "TIMEOUT", "command ran past the hang limit" },
};

/**
 * mdgpu_rt_error_name() - the name of a device error code
 * @code: enum mdgpu_error, as in &mdgpu_rt_error.code
 *
 * Return: "BAD_OPCODE", ...; "UNKNOWN" for a code this library predates.
 */
MDGPU_API const char *mdgpu_rt_error_name(__u32 code)
{
	if (code >= ARRAY_SIZE(dev_errors))
		return "UNKNOWN";
	return dev_errors[code][0];
}

/**
 * mdgpu_rt_strerror() - describe an error returned by the library
 * @err: a negative (or positive) errno value, or MDGPU_RT_ERR_DEVICE(code)
 * @buf: where the text goes
 * @size: bytes at @buf
 *
 * Return: 0; -EINVAL if @buf is NULL or @size 0; -ERANGE if the text was
 * truncated (@buf still holds a terminated prefix).
 */
MDGPU_API int mdgpu_rt_strerror(int err, char *buf, size_t size)
{
	int n;

	if (!buf || !size)
		return rt_err(-EINVAL);
	if (err < 0)
		err = -err;
	if (err >= MDGPU_RT_ERRNO_BASE) {
		__u32 code = err - MDGPU_RT_ERRNO_BASE;

		if (code < ARRAY_SIZE(dev_errors))
			n = snprintf(buf, size, "device error %s: %s",
				     dev_errors[code][0], dev_errors[code][1]);
		else
			n = snprintf(buf, size, "unknown device error %u",
				     code);
	} else {
		char tmp[128];
		/* GNU strerror_r: returns the string, maybe not in tmp. */
		const char *s = strerror_r(err, tmp, sizeof(tmp));

		n = snprintf(buf, size, "%s", s);
	}
	return n < 0 || (size_t)n >= size ? rt_err(-ERANGE) : 0;
}

/**
 * rt_opts_valid() - check an options struct from a caller
 * @opts: the struct, its first member the size
 * @known_sz: bytes this library knows (up to its last field)
 * @user_sz: the caller's sizeof
 * @name: struct name, for the message
 *
 * A newer caller may pass a bigger struct as long as the fields we do not
 * know are zero: they would otherwise be silently ignored.
 *
 * Return: true if usable.
 */
bool rt_opts_valid(const void *opts, size_t known_sz, size_t user_sz,
		   const char *name)
{
	const char *p = opts;
	size_t i;

	if (user_sz < sizeof(size_t)) {
		pr_warn("%s: size %zu is too small\n", name, user_sz);
		return false;
	}
	for (i = known_sz; i < user_sz; i++) {
		if (p[i]) {
			pr_warn("%s: has non-zero fields this library does not know\n",
				name);
			return false;
		}
	}
	return true;
}
