// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Messages and errors of libmdgpu: the print callback (libbpf's
 * libbpf_set_print()), mdgpu_strerror(), the generic explanation of a
 * refused sysfs write, and the check every *_opts argument goes through.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib_internal.h"

static int default_print(enum mdgpu_print_level level, const char *fmt,
			 va_list args);

static mdgpu_print_fn_t print_fn = default_print;

/* MDGPU_LOG=warn|info|debug picks what the default printer shows (warn). */
static int default_print(enum mdgpu_print_level level, const char *fmt,
			 va_list args)
{
	static int max_level = -1;

	if (max_level < 0) {
		const char *env = getenv("MDGPU_LOG");

		max_level = MDGPU_WARN;
		if (env && !strcasecmp(env, "info"))
			max_level = MDGPU_INFO;
		else if (env && !strcasecmp(env, "debug"))
			max_level = MDGPU_DEBUG;
	}
	if ((int)level > max_level)
		return 0;
	return vfprintf(stderr, fmt, args);
}

/**
 * mdgpu_set_print() - route the library's messages
 * @fn: callback, or NULL to silence the library
 *
 * The default callback prints warnings to stderr (more with the environment
 * variable MDGPU_LOG=info or debug). Every message starts with "mdgpu: "
 * and ends in a newline; a warning names what failed, why, and the fix.
 * Not thread-safe against concurrent library calls.
 *
 * Return: the previous callback.
 */
MDGPU_API mdgpu_print_fn_t mdgpu_set_print(mdgpu_print_fn_t fn)
{
	mdgpu_print_fn_t old = print_fn;

	print_fn = fn;
	return old;
}

/**
 * lib_print() - send one message to the print callback
 * @level: its level
 * @fmt: printf format
 *
 * errno is preserved, so callers can print between failing and returning.
 */
void lib_print(enum mdgpu_print_level level, const char *fmt, ...)
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

/**
 * mdgpu_strerror() - what an error code means for mdgpu
 * @err: a negative (or positive) errno value
 *
 * Thread-safe: the strings are constant.
 *
 * Return: a short description, never NULL.
 */
MDGPU_API const char *mdgpu_strerror(int err)
{
	const char *s;

	if (err < 0)
		err = -err;
	switch (err) {
	case 0:
		return "success";
	case EINVAL:
		return "invalid argument (malformed or out of range)";
	case ENOSPC:
		return "no room (no free aligned memory slices, or guarantees over 100%)";
	case EEXIST:
		return "UUID already in use";
	case EBUSY:
		return "device busy (in use)";
	case EACCES:
	case EPERM:
		return "permission denied (changing mdgpu settings needs root)";
	case ENODEV:
		return "no such device (mdgpu not loaded, or the device is going away)";
	case ENOENT:
		return "not found";
	case EPROTO:
		return "unexpected sysfs content (kernel and library versions differ?)";
	}
	s = strerrordesc_np(err);
	return s ? s : "unknown error";
}

/**
 * lib_write_failed() - explain a refused sysfs write by its errno alone
 * @err: negative errno from sysfs_write()
 * @what: what the write was for ("<uuid>: set weight=5")
 * @root: the sysfs root
 * @rel: the attribute, relative to @root
 *
 * For the errors whose cause and fix do not depend on the attribute; the
 * callers explain the others (EINVAL, ENOSPC, EEXIST) themselves.
 *
 * Return: @err.
 */
int lib_write_failed(int err, const char *what, const char *root,
		     const char *rel)
{
	switch (-err) {
	case EACCES:
	case EPERM:
		pr_warn("%s: permission denied writing %s/%s: changing mdgpu settings needs root; run it as root\n",
			what, root, rel);
		break;
	case ENOENT:
		pr_warn("%s: %s/%s does not exist: the device is gone (removed meanwhile?) or the mdgpu modules are older than this library\n",
			what, root, rel);
		break;
	case EBUSY:
		pr_warn("%s: device busy: it is in use; stop what uses it (the VM) and retry\n",
			what);
		break;
	case ENODEV:
		pr_warn("%s: the device is going away (its GPU or module is being removed)\n",
			what);
		break;
	default:
		pr_warn("%s: writing %s/%s failed: %s\n", what, root, rel,
			mdgpu_strerror(err));
		break;
	}
	return err;
}

/**
 * lib_opts_valid() - check an options struct from a caller
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
bool lib_opts_valid(const void *opts, size_t known_sz, size_t user_sz,
		    const char *name)
{
	const char *p = opts;
	size_t i;

	if (user_sz < sizeof(size_t)) {
		pr_warn("%s: size %zu is too small (use MDGPU_OPTS())\n", name,
			user_sz);
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
