// SPDX-License-Identifier: GPL-2.0-only
/*
 * The state directory (docs/daemon.md, "State directory"): a lock that
 * keeps a second daemon out, and the ownership record, the UUIDs of the
 * vGPUs this daemon created or adopted. The record is replaced atomically
 * (write a temporary file, fsync it, rename it over the old one, fsync the
 * directory), so after a crash it is either the old or the new list, never
 * a mix. The daemon records a UUID before it creates the vGPU and forgets
 * it after destroying it, so a crash at any point leaves no vGPU it made
 * unrecorded.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "mdgpud.h"

#define OWNED_FILE "owned"
#define OWNED_TMP "owned.tmp"
#define OWNED_MAGIC "mdgpud-owned 1"

static int find(const struct owned *o, const char *uuid, bool *found)
{
	size_t lo = 0, hi = o->nr, mid;
	int c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcmp(o->uuids[mid], uuid);
		if (!c) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

/**
 * owned_has() - whether a UUID is in the record
 * @o: the record
 * @uuid: lower case
 *
 * Return: true if it is.
 */
bool owned_has(const struct owned *o, const char *uuid)
{
	bool found;

	find(o, uuid, &found);
	return found;
}

/**
 * owned_add() - add a UUID to the record (in memory)
 * @o: the record
 * @uuid: lower case
 *
 * Return: 0 (also if it was there), or -ENOMEM.
 */
int owned_add(struct owned *o, const char *uuid)
{
	char(*n)[MDGPU_UUID_SIZE];
	bool found;
	int at = find(o, uuid, &found);

	if (found)
		return 0;
	n = realloc(o->uuids, (o->nr + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	o->uuids = n;
	memmove(&o->uuids[at + 1], &o->uuids[at],
		(o->nr - at) * sizeof(*o->uuids));
	snprintf(o->uuids[at], MDGPU_UUID_SIZE, "%s", uuid);
	o->nr++;
	return 0;
}

/**
 * owned_del() - drop a UUID from the record (in memory)
 * @o: the record
 * @uuid: lower case
 *
 * Return: true if it was there.
 */
bool owned_del(struct owned *o, const char *uuid)
{
	bool found;
	int at = find(o, uuid, &found);

	if (!found)
		return false;
	memmove(&o->uuids[at], &o->uuids[at + 1],
		(o->nr - at - 1) * sizeof(*o->uuids));
	o->nr--;
	return true;
}

/**
 * owned_free() - free a record
 * @o: the record (emptied)
 */
void owned_free(struct owned *o)
{
	free(o->uuids);
	o->uuids = NULL;
	o->nr = 0;
}

/**
 * state_open() - make the state directory and lock it
 * @dir: the directory; made (mode 0700) if missing
 * @lock_fd: the lock's file descriptor, held for the daemon's life
 *
 * Return: 0, -EBUSY if another mdgpud holds the lock, or a negative errno
 * (message logged).
 */
int state_open(const char *dir, int *lock_fd)
{
	char path[4096];
	int fd;

	if (mkdir(dir, 0700) && errno != EEXIST) {
		log_msg(LOG_ERR, "cannot make the state directory %s: %s", dir,
			strerror(errno));
		return -errno;
	}
	snprintf(path, sizeof(path), "%s/lock", dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		log_msg(LOG_ERR, "cannot open %s: %s", path, strerror(errno));
		return -errno;
	}
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		int err = errno;

		close(fd);
		if (err == EWOULDBLOCK) {
			log_msg(LOG_ERR,
				"another mdgpud uses the state directory %s (it holds %s); stop it first",
				dir, path);
			return -EBUSY;
		}
		log_msg(LOG_ERR, "cannot lock %s: %s", path, strerror(err));
		return -err;
	}
	*lock_fd = fd;
	return 0;
}

/**
 * state_load() - read the ownership record
 * @dir: the state directory
 * @o: the record (empty if the file does not exist yet)
 *
 * Return: 0, -EPROTO if the file is not a record (message logged: the
 * daemon will not guess which vGPUs are its own), or a negative errno.
 */
int state_load(const char *dir, struct owned *o)
{
	char path[4096], line[128], uuid[MDGPU_UUID_SIZE];
	unsigned int lineno = 0;
	FILE *f;
	int ret = 0;
	size_t n;

	memset(o, 0, sizeof(*o));
	snprintf(path, sizeof(path), "%s/%s", dir, OWNED_FILE);
	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		log_msg(LOG_ERR, "cannot read %s: %s", path, strerror(errno));
		return -errno;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		n = strlen(line);
		if (!n || line[n - 1] != '\n') {
			ret = -EPROTO;
			break;
		}
		line[n - 1] = '\0';
		if (line[0] == '#')
			continue;
		if (!strcmp(line, OWNED_MAGIC) && !o->nr)
			continue;
		if (mdgpu_uuid_normalize(line, uuid) || strcmp(line, uuid)) {
			ret = -EPROTO;
			break;
		}
		ret = owned_add(o, uuid);
		if (ret)
			break;
	}
	if (ferror(f))
		ret = -EIO;
	fclose(f);
	if (ret == -EPROTO)
		log_msg(LOG_ERR,
			"%s:%u: not an ownership record line; mdgpud writes this file itself and will not guess which vGPUs are its own: move the file away to start with an empty record (vGPUs it lists would then be left alone)",
			path, lineno);
	if (ret)
		owned_free(o);
	return ret;
}

static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf += n;
		len -= n;
	}
	return 0;
}

/**
 * state_save() - replace the ownership record atomically
 * @dir: the state directory
 * @o: the record
 *
 * Return: 0 once the new record is durable, or a negative errno (message
 * logged; the old record stays).
 */
int state_save(const char *dir, const struct owned *o)
{
	char path[4096], tmp[4096];
	struct sbuf sb = {};
	int fd, dfd, ret;
	size_t i;

	sb_printf(
		&sb,
		"# The vGPUs mdgpud manages (created or adopted), one UUID a line.\n"
		"# Written by mdgpud, replaced atomically; do not edit.\n" OWNED_MAGIC
		"\n");
	for (i = 0; i < o->nr; i++)
		sb_printf(&sb, "%s\n", o->uuids[i]);
	if (sb.failed) {
		sb_free(&sb);
		return -ENOMEM;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, OWNED_FILE);
	snprintf(tmp, sizeof(tmp), "%s/%s", dir, OWNED_TMP);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		ret = -errno;
		goto fail;
	}
	ret = write_all(fd, sb.buf, sb.len);
	if (!ret && fsync(fd))
		ret = -errno;
	if (close(fd) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret)
		goto fail;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		if (fsync(dfd))
			ret = -errno;
		close(dfd);
	}
	if (ret)
		goto fail;
	sb_free(&sb);
	return 0;
fail:
	log_msg(LOG_ERR, "cannot write the ownership record %s: %s", path,
		strerror(-ret));
	unlink(tmp);
	sb_free(&sb);
	return ret;
}
