// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * All of libmdgpu's file-system I/O: read an attribute, write one, list a
 * directory. Paths are relative to a root ("/sys", or a fake tree in the
 * unit tests), so nothing else in the library opens a file.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "lib_internal.h"

static int join(char *out, size_t size, const char *root, const char *rel)
{
	int n = snprintf(out, size, "%s/%s", root, rel);

	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	return 0;
}

/**
 * sysfs_read() - read a whole attribute
 * @root: sysfs root
 * @rel: path below it
 * @buf: where the text goes, NUL-terminated
 * @size: bytes in @buf
 *
 * Attributes are at most a page in sysfs; one that does not fit in @buf is
 * an error rather than a silently cut listing.
 *
 * Return: bytes read, or -errno (-EFBIG if @buf is too small).
 */
int sysfs_read(const char *root, const char *rel, char *buf, size_t size)
{
	char path[PATH_MAX];
	size_t len = 0;
	ssize_t n;
	int fd, ret;

	ret = join(path, sizeof(path), root, rel);
	if (ret)
		return ret;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
		if (len == size - 1) {
			n = -1;
			errno = EFBIG;
			break;
		}
	}
	ret = n < 0 ? -errno : (int)len;
	close(fd);
	buf[len] = '\0';
	pr_debug("read %s: %d\n", path, ret);
	return ret;
}

/**
 * sysfs_write() - write an attribute in one write(2)
 * @root: sysfs root
 * @rel: path below it
 * @value: the text, written as is
 *
 * sysfs hands one write to the attribute's store method, whose error comes
 * back from write(2): that is the errno the caller explains.
 *
 * Return: 0 or -errno.
 */
int sysfs_write(const char *root, const char *rel, const char *value)
{
	size_t len = strlen(value);
	char path[PATH_MAX];
	ssize_t n;
	int fd, ret;

	ret = join(path, sizeof(path), root, rel);
	if (ret)
		return ret;
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		pr_debug("open %s for writing: %d\n", path, ret);
		return ret;
	}
	do {
		n = write(fd, value, len);
	} while (n < 0 && errno == EINTR);
	ret = n < 0 ? -errno : (size_t)n == len ? 0 : -EIO;
	if (close(fd) && !ret)
		ret = -errno;
	pr_debug("write %s: '%.*s': %d\n", path, (int)strcspn(value, "\n"),
		 value, ret);
	return ret;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/**
 * sysfs_list() - names in a directory, sorted, without "." and ".."
 * @root: sysfs root
 * @rel: path below it
 * @names: set to a malloc'ed array of malloc'ed names (sysfs_free_list())
 * @nr: set to the number of names
 *
 * Return: 0 or -errno (-ENOENT if the directory does not exist).
 */
int sysfs_list(const char *root, const char *rel, char ***names, size_t *nr)
{
	char path[PATH_MAX], **v = NULL, **nv;
	struct dirent *de;
	size_t n = 0;
	DIR *dir;
	int ret;

	*names = NULL;
	*nr = 0;
	ret = join(path, sizeof(path), root, rel);
	if (ret)
		return ret;
	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((errno = 0, de = readdir(dir))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		nv = realloc(v, (n + 1) * sizeof(*v));
		if (!nv)
			goto err_nomem;
		v = nv;
		v[n] = strdup(de->d_name);
		if (!v[n])
			goto err_nomem;
		n++;
	}
	ret = -errno;
	closedir(dir);
	if (ret) {
		sysfs_free_list(v, n);
		return ret;
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_names);
	*names = v;
	*nr = n;
	return 0;

err_nomem:
	closedir(dir);
	sysfs_free_list(v, n);
	return -ENOMEM;
}

/**
 * sysfs_free_list() - free what sysfs_list() returned
 * @names: the array (may be NULL)
 * @nr: its length
 */
void sysfs_free_list(char **names, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		free(names[i]);
	free(names);
}

/**
 * sysfs_exists() - whether a path exists below the root
 * @root: sysfs root
 * @rel: path below it
 *
 * Return: true if it does.
 */
bool sysfs_exists(const char *root, const char *rel)
{
	char path[PATH_MAX];
	struct stat st;

	return !join(path, sizeof(path), root, rel) && !stat(path, &st);
}
