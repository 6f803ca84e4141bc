/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Typed attribute reads for the objects (attr.c): each reads one file
 * through sysfs.c, parses it strictly and names the file when it fails.
 */
#ifndef LIB_ATTR_H
#define LIB_ATTR_H

#include "lib_internal.h"

#define PATH_BUF_SIZE 256

int attr_read(const char *root, const char *rel, char *buf);
int attr_bad(const char *root, const char *rel, const char *buf);
int attr_u64(const char *root, const char *rel, __u64 *out);
int attr_u32(const char *root, const char *rel, __u32 *out);
int attr_word(const char *root, const char *rel, char *out, size_t size);
int attr_kv(const char *root, const char *rel, const struct kv_field *fields,
	    size_t nr);
__printf(2, 3) int path_fmt(char *out, const char *fmt, ...);

#endif /* LIB_ATTR_H */
