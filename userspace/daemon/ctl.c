// SPDX-License-Identifier: GPL-2.0-only
/*
 * The control socket (docs/daemon.md, "Control socket"): a Unix stream
 * socket, mode 0600 (root, or the daemon's user) or 0660 with
 * --socket-group, that takes one command line per connection ("status",
 * "reload", "reconcile") and answers one JSON object. Peers are checked
 * again with SO_PEERCRED, so a socket file made accessible by mistake
 * still refuses others. `mdgpud ctl COMMAND` is the client.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <json-c/json.h>

#include "mdgpud.h"

static gid_t ctl_gid = (gid_t)-1;

static int sun_of(const char *path, struct sockaddr_un *sun)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun->sun_path))
		return -ENAMETOOLONG;
	memcpy(sun->sun_path, path, strlen(path));
	return 0;
}

/**
 * ctl_listen() - make the control socket
 * @path: where; a stale socket there is replaced
 * @group: a group whose members may use it (mode 0660), or NULL for 0600
 *
 * Return: the listening descriptor, or a negative errno (message logged).
 */
int ctl_listen(const char *path, const char *group)
{
	struct sockaddr_un sun;
	struct group *gr = NULL;
	struct stat st;
	mode_t old;
	int fd, ret;

	if (group) {
		gr = getgrnam(group);
		if (!gr) {
			log_msg(LOG_ERR, "--socket-group %s: no such group",
				group);
			return -ENOENT;
		}
		ctl_gid = gr->gr_gid;
	}
	if (sun_of(path, &sun)) {
		log_msg(LOG_ERR, "--socket %s: path too long", path);
		return -ENAMETOOLONG;
	}
	if (!lstat(path, &st)) {
		if (!S_ISSOCK(st.st_mode)) {
			log_msg(LOG_ERR,
				"%s exists and is not a socket; remove it or choose another --socket",
				path);
			return -EEXIST;
		}
		unlink(path);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	/* Born with its final mode: no window in which others could connect. */
	old = umask(0177);
	ret = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (!ret && gr &&
	    (chown(path, (uid_t)-1, gr->gr_gid) || chmod(path, 0660)))
		ret = -1;
	if (!ret)
		ret = listen(fd, 16);
	if (ret) {
		ret = -errno;
		log_msg(LOG_ERR, "cannot make the control socket %s: %s", path,
			strerror(errno));
		close(fd);
		return ret;
	}
	log_msg(LOG_INFO, "control socket %s (mode %s)", path,
		gr ? "0660" : "0600");
	return fd;
}

static bool peer_allowed(int fd, struct ucred *cr)
{
	socklen_t len = sizeof(*cr);
	gid_t groups[256];
	int n, i;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, cr, &len))
		return false;
	if (cr->uid == 0 || cr->uid == geteuid())
		return true;
	if (ctl_gid == (gid_t)-1)
		return false;
	if (cr->gid == ctl_gid)
		return true;
	/* Supplementary groups of the peer, from /proc. */
	n = 0;
	{
		char path[64], line[4096], *p, *end;
		FILE *f;

		snprintf(path, sizeof(path), "/proc/%d/status", cr->pid);
		f = fopen(path, "re");
		if (!f)
			return false;
		while (fgets(line, sizeof(line), f)) {
			if (strncmp(line, "Groups:", 7))
				continue;
			for (p = line + 7; n < 256; p = end) {
				unsigned long g = strtoul(p, &end, 10);

				if (end == p)
					break;
				groups[n++] = g;
			}
		}
		fclose(f);
	}
	for (i = 0; i < n; i++) {
		if (groups[i] == ctl_gid)
			return true;
	}
	return false;
}

static json_object *status_json(struct mdgpud *d)
{
	json_object *o = json_object_new_object(), *a, *v;
	const char *line, *end;
	size_t i;

	json_object_object_add(o, "version",
			       json_object_new_string(MDGPUD_VERSION));
	json_object_object_add(o, "config",
			       json_object_new_string(d->config_path));
	json_object_object_add(o, "config_valid",
			       json_object_new_boolean(d->m.config_ok));
	json_object_object_add(o, "config_error",
			       d->config_error[0] ?
				       json_object_new_string(d->config_error) :
				       NULL);
	json_object_object_add(
		o, "configured_vgpus",
		json_object_new_int64(d->have_conf ? d->conf.nr_vgpus : 0));
	a = json_object_new_array();
	for (i = 0; i < d->own.nr; i++)
		json_object_array_add(a,
				      json_object_new_string(d->own.uuids[i]));
	json_object_object_add(o, "owned", a);
	json_object_object_add(o, "reconciles",
			       json_object_new_int64(d->m.reconciles));
	json_object_object_add(o, "last_reconcile_ok",
			       json_object_new_boolean(d->m.last_reconcile_ok));
	json_object_object_add(o, "actions",
			       json_object_new_int64(d->m.actions));
	json_object_object_add(o, "action_errors",
			       json_object_new_int64(d->m.action_errors));
	a = json_object_new_array();
	for (line = d->deferred.buf; line && *line; line = end + 1) {
		end = strchr(line, '\n');
		if (!end)
			break;
		json_object_array_add(
			a, json_object_new_string_len(line, end - line));
	}
	json_object_object_add(o, "deferred", a);
	a = json_object_new_array();
	for (i = 0; i < d->nr_samples; i++) {
		if (!d->samples[i].idle)
			continue;
		v = json_object_new_string(d->samples[i].uuid);
		json_object_array_add(a, v);
	}
	json_object_object_add(o, "idle", a);
	json_object_object_add(o, "mdgpu_loaded",
			       json_object_new_boolean(d->ctx != NULL));
	return o;
}

static void answer(int fd, json_object *o)
{
	const char *s =
		json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	size_t len = strlen(s), off = 0;
	ssize_t n;

	while (off < len) {
		n = write(fd, s + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += n;
	}
	if (write(fd, "\n", 1) < 0)
		log_msg(LOG_DBG, "control socket: the client went away");
	json_object_put(o);
}

static json_object *result(bool ok, const char *error)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "ok", json_object_new_boolean(ok));
	if (error)
		json_object_object_add(o, "error",
				       json_object_new_string(error));
	return o;
}

/**
 * ctl_serve() - answer one client of the control socket
 * @d: the daemon
 * @listen_fd: from ctl_listen(), readable
 *
 * The client has one second to send its command line.
 */
void ctl_serve(struct mdgpud *d, int listen_fd)
{
	struct pollfd pfd;
	struct ucred cr;
	char buf[256];
	size_t len = 0;
	ssize_t n;
	int fd, ret;
	json_object *o;

	fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (fd < 0)
		return;
	if (!peer_allowed(fd, &cr)) {
		log_msg(LOG_WARN,
			"control socket: refused uid %u (pid %d): only root, the daemon's user%s may use it",
			cr.uid, cr.pid,
			ctl_gid != (gid_t)-1 ? " and the socket group" : "");
		answer(fd,
		       result(false,
			      "permission denied: the control socket is for root (or --socket-group members)"));
		close(fd);
		return;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (len < sizeof(buf) - 1 && !memchr(buf, '\n', len)) {
		if (poll(&pfd, 1, 1000) <= 0)
			break;
		n = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	buf[len] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	log_msg(LOG_DBG, "control socket: '%s' from uid %u", buf, cr.uid);
	if (!strcmp(buf, "status")) {
		o = status_json(d);
		json_object_object_add(o, "ok", json_object_new_boolean(true));
	} else if (!strcmp(buf, "reload")) {
		ret = daemon_load_config(d, "reload command");
		if (!ret)
			daemon_reconcile(d, "reload command");
		o = result(!ret, ret ? d->config_error : NULL);
	} else if (!strcmp(buf, "reconcile")) {
		ret = daemon_reconcile(d, "reconcile command");
		o = result(!ret,
			   ret ? "some changes failed; see the log" : NULL);
	} else {
		o = result(
			false,
			"unknown command; the commands are status, reload and reconcile");
	}
	answer(fd, o);
	close(fd);
}

/**
 * ctl_client() - send a command to a running daemon and print its answer
 * @path: the control socket
 * @cmd: "status", "reload" or "reconcile"
 *
 * Return: exit status: 0 ok, 1 the daemon said no (or is not running),
 * 4 permission denied.
 */
int ctl_client(const char *path, const char *cmd)
{
	struct sockaddr_un sun;
	char buf[65536];
	size_t len = 0;
	ssize_t n;
	json_object *o, *ok;
	int fd, ret;

	if (sun_of(path, &sun)) {
		fprintf(stderr, "mdgpud: %s: path too long\n", path);
		return 2;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun))) {
		ret = errno;
		if (ret == EACCES || ret == EPERM) {
			fprintf(stderr,
				"mdgpud: permission denied connecting to %s: the control socket is for root (or the --socket-group of the daemon); run it as root\n",
				path);
			return 4;
		}
		fprintf(stderr,
			"mdgpud: cannot connect to %s: %s; is mdgpud running (systemctl status mdgpud)?\n",
			path, strerror(ret));
		return 1;
	}
	snprintf(buf, sizeof(buf), "%s\n", cmd);
	/*
	 * A daemon that refuses us answers and closes at once, maybe before
	 * our command is sent: then the send fails with EPIPE (no SIGPIPE,
	 * which would kill us) and its answer is still there to read.
	 */
	if (send(fd, buf, strlen(buf), MSG_NOSIGNAL) < 0 && errno != EPIPE &&
	    errno != ECONNRESET) {
		fprintf(stderr, "mdgpud: cannot send to %s: %s\n", path,
			strerror(errno));
		close(fd);
		return 1;
	}
	while (len < sizeof(buf) - 1) {
		n = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	fputs(buf, stdout);
	o = json_tokener_parse(buf);
	if (!o) {
		fprintf(stderr, "mdgpud: the daemon's answer is not JSON\n");
		return 1;
	}
	ret = json_object_object_get_ex(o, "ok", &ok) &&
			      json_object_get_boolean(ok) ?
		      0 :
		      1;
	if (ret && json_object_object_get_ex(o, "error", &ok) &&
	    strstr(json_object_get_string(ok), "permission denied"))
		ret = 4;
	json_object_put(o);
	return ret;
}
