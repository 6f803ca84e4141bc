// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Typed attribute reads: read through sysfs.c, parse through parse.c, and
 * say which file held what when either fails, so that the objects read
 * their attributes in one line each.
 */
#include <stdio.h>
#include <string.h>

#include "lib_internal.h"
#include "attr.h"

/**
 * attr_read() - read an attribute, with a message on failure
 * @root: sysfs root
 * @rel: path below it
 * @buf: at least %SYSFS_BUF_SIZE bytes
 *
 * Return: 0 or -errno.
 */
int attr_read(const char *root, const char *rel, char *buf)
{
	int ret = sysfs_read(root, rel, buf, SYSFS_BUF_SIZE);

	if (ret < 0) {
		pr_warn("cannot read %s/%s: %s\n", root, rel,
			mdgpu_strerror(ret));
		return ret;
	}
	return 0;
}

/**
 * attr_bad() - report an attribute whose content does not parse
 * @root: sysfs root
 * @rel: path below it
 * @buf: what it held
 *
 * Return: -EPROTO.
 */
int attr_bad(const char *root, const char *rel, const char *buf)
{
	pr_warn("%s/%s: unexpected content '%.*s': the mdgpu modules and this library do not match (docs/abi.md)\n",
		root, rel, (int)strcspn(buf, "\n"), buf);
	return -EPROTO;
}

/**
 * attr_u64() - a one-line decimal attribute
 * @root: sysfs root
 * @rel: path below it
 * @out: the value
 *
 * Return: 0 or -errno (-EPROTO if it does not parse).
 */
int attr_u64(const char *root, const char *rel, __u64 *out)
{
	char buf[SYSFS_BUF_SIZE];
	int ret = attr_read(root, rel, buf);

	if (ret)
		return ret;
	return parse_line_u64(buf, out) ? attr_bad(root, rel, buf) : 0;
}

/**
 * attr_u32() - a one-line decimal attribute that fits in 32 bits
 * @root: sysfs root
 * @rel: path below it
 * @out: the value
 *
 * Return: 0 or -errno (-EPROTO if it does not parse).
 */
int attr_u32(const char *root, const char *rel, __u32 *out)
{
	char buf[SYSFS_BUF_SIZE];
	int ret = attr_read(root, rel, buf);

	if (ret)
		return ret;
	return parse_line_u32(buf, out) ? attr_bad(root, rel, buf) : 0;
}

/**
 * attr_word() - a one-line attribute holding one word
 * @root: sysfs root
 * @rel: path below it
 * @out: the word
 * @size: bytes in @out
 *
 * Return: 0 or -errno (-EPROTO if it does not parse).
 */
int attr_word(const char *root, const char *rel, char *out, size_t size)
{
	char buf[SYSFS_BUF_SIZE];
	int ret = attr_read(root, rel, buf);

	if (ret)
		return ret;
	return parse_line_word(buf, out, size) ? attr_bad(root, rel, buf) : 0;
}

/**
 * attr_kv() - a key=value attribute
 * @root: sysfs root
 * @rel: path below it
 * @fields: the keys that must appear (see parse_kv())
 * @nr: entries in @fields
 *
 * Return: 0 or -errno (-EPROTO if it does not parse).
 */
int attr_kv(const char *root, const char *rel, const struct kv_field *fields,
	    size_t nr)
{
	char buf[SYSFS_BUF_SIZE], copy[SYSFS_BUF_SIZE];
	int ret = attr_read(root, rel, buf);

	if (ret)
		return ret;
	memcpy(copy, buf, sizeof(copy));
	return parse_kv(buf, fields, nr) ? attr_bad(root, rel, copy) : 0;
}

/**
 * path_fmt() - print a relative sysfs path
 * @out: at least %PATH_BUF_SIZE bytes
 * @fmt: printf format
 *
 * Return: 0, or -ENAMETOOLONG.
 */
int path_fmt(char *out, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, PATH_BUF_SIZE, fmt, ap);
	va_end(ap);
	return n < 0 || n >= PATH_BUF_SIZE ? -ENAMETOOLONG : 0;
}
