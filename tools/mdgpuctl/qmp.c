// SPDX-License-Identifier: GPL-2.0-only
/*
 * A small QMP client (QEMU Machine Protocol, JSON over a Unix socket) for
 * "attach --qmp" and "detach --qmp": capabilities negotiation, device_add
 * of a vfio-pci device with sysfsdev=, device_del and the DEVICE_DELETED
 * event that says the guest let go, and query-pci to check the result.
 * json-c parses and builds the messages.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <json-c/json.h>

#include "mdgpuctl.h"

struct qmp {
	int fd;
	const char *path;
	char buf[65536];
	size_t len;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The next message (one JSON object a line), or NULL on timeout or EOF. */
static json_object *qmp_read(struct qmp *q, double deadline)
{
	struct pollfd pfd = { .fd = q->fd, .events = POLLIN };
	json_object *o;
	char *nl;
	ssize_t n;
	double left;

	for (;;) {
		nl = memchr(q->buf, '\n', q->len);
		if (nl) {
			*nl = '\0';
			o = json_tokener_parse(q->buf);
			q->len -= nl + 1 - q->buf;
			memmove(q->buf, nl + 1, q->len);
			if (o)
				return o;
			continue;
		}
		if (q->len == sizeof(q->buf)) {
			err("QMP %s: a message longer than %zu bytes\n",
			    q->path, sizeof(q->buf));
			return NULL;
		}
		left = deadline - now_s();
		if (left <= 0 || poll(&pfd, 1, (int)(left * 1000) + 1) <= 0)
			return NULL;
		n = read(q->fd, q->buf + q->len, sizeof(q->buf) - q->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return NULL;
		q->len += n;
	}
}

static json_object *get(json_object *o, const char *key)
{
	json_object *v;

	return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

/*
 * Send a command and return its answer's "return" (a new reference), or
 * NULL with the QMP error printed. Events that arrive meanwhile are handed
 * to @on_event (may be NULL).
 */
static json_object *qmp_cmd(struct qmp *q, const char *cmd, json_object *args,
			    double timeout_s,
			    void (*on_event)(json_object *ev, void *arg),
			    void *arg)
{
	json_object *req = json_object_new_object(), *r, *ret, *e;
	const char *s;
	double deadline = now_s() + timeout_s;

	json_object_object_add(req, "execute", json_object_new_string(cmd));
	if (args)
		json_object_object_add(req, "arguments", args);
	s = json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN);
	if (write(q->fd, s, strlen(s)) < 0 || write(q->fd, "\n", 1) < 0) {
		err("QMP %s: cannot send %s: %s\n", q->path, cmd,
		    strerror(errno));
		json_object_put(req);
		return NULL;
	}
	json_object_put(req);
	while ((r = qmp_read(q, deadline))) {
		if (get(r, "event")) {
			if (on_event)
				on_event(r, arg);
			json_object_put(r);
			continue;
		}
		ret = get(r, "return");
		if (ret) {
			json_object_get(ret);
			json_object_put(r);
			return ret;
		}
		e = get(r, "error");
		if (e && get(e, "class"))
			err("QEMU refused %s: %s (%s)\n", cmd,
			    get(e, "desc") ?
				    json_object_get_string(get(e, "desc")) :
				    "no reason given",
			    json_object_get_string(get(e, "class")));
		else
			err("QEMU refused %s: %s\n", cmd,
			    e && get(e, "desc") ?
				    json_object_get_string(get(e, "desc")) :
				    "no reason given");
		json_object_put(r);
		return NULL;
	}
	err("QMP %s: no answer to %s within %.0f s\n", q->path, cmd, timeout_s);
	return NULL;
}

/* Connect, read the greeting, negotiate capabilities. */
static int qmp_open(struct qmp *q, const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	json_object *g, *r;

	q->path = path;
	q->len = 0;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		err("QMP socket path '%s' is too long\n", path);
		return EXIT_USAGE;
	}
	memcpy(sun.sun_path, path, strlen(path));
	q->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (q->fd < 0 || connect(q->fd, (struct sockaddr *)&sun, sizeof(sun))) {
		err("cannot connect to the QMP socket %s: %s; start QEMU with -qmp unix:%s,server=on,wait=off%s\n",
		    path, strerror(errno), path,
		    errno == EACCES ?
			    ", and run this as a user who may open the socket" :
			    "");
		if (q->fd >= 0)
			close(q->fd);
		return errno == EACCES ? EXIT_PERM : EXIT_FAIL;
	}
	g = qmp_read(q, now_s() + 10);
	if (!g || !get(g, "QMP")) {
		err("%s does not greet as a QMP monitor does; is it QEMU's -qmp socket?\n",
		    path);
		json_object_put(g);
		close(q->fd);
		return EXIT_FAIL;
	}
	json_object_put(g);
	r = qmp_cmd(q, "qmp_capabilities", NULL, 10, NULL, NULL);
	if (!r) {
		close(q->fd);
		return EXIT_FAIL;
	}
	json_object_put(r);
	return EXIT_OK;
}

/* Search a query-pci device list, and the buses behind its bridges. */
static bool find_in(json_object *devs, const char *id, int depth, int *bus,
		    int *slot, int *fn)
{
	json_object *d, *br;
	size_t j;

	for (j = 0; devs && j < json_object_array_length(devs); j++) {
		d = json_object_array_get_idx(devs, j);
		if (get(d, "qdev_id") &&
		    !strcmp(json_object_get_string(get(d, "qdev_id")), id)) {
			*bus = json_object_get_int(get(d, "bus"));
			*slot = json_object_get_int(get(d, "slot"));
			*fn = json_object_get_int(get(d, "function"));
			return true;
		}
		br = get(d, "pci_bridge");
		if (br && depth < 8 &&
		    find_in(get(br, "devices"), id, depth + 1, bus, slot, fn))
			return true;
	}
	return false;
}

/* Where query-pci shows the device with qdev id @id: 0 if found. */
static int find_pci(struct qmp *q, const char *id, int *bus, int *slot, int *fn)
{
	json_object *r = qmp_cmd(q, "query-pci", NULL, 10, NULL, NULL);
	size_t i;
	int ret = -ENOENT;

	if (!r)
		return -EIO;
	for (i = 0; i < json_object_array_length(r) && ret; i++) {
		if (find_in(get(json_object_array_get_idx(r, i), "devices"), id,
			    0, bus, slot, fn))
			ret = 0;
	}
	json_object_put(r);
	return ret;
}

/**
 * qmp_attach() - hot-plug a vGPU into a running QEMU
 * @path: QEMU's QMP socket
 * @id: the QEMU device id to give it
 * @sysfsdev: the vGPU's sysfs directory
 * @pbus: the QEMU bus to plug it into (a pcie-root-port's id), or NULL
 * @bus: where query-pci shows it (out)
 * @slot: (out)
 * @fn: (out)
 *
 * device_add vfio-pci,sysfsdev=...,id=..., then QOM must say it is
 * realized; query-pci gives its address (*@bus is -1 if it does not show
 * it yet: the bus behind a root port is numbered by the guest's firmware).
 *
 * Return: an exit code.
 */
int qmp_attach(const char *path, const char *id, const char *sysfsdev,
	       const char *pbus, int *bus, int *slot, int *fn)
{
	char path_buf[128];
	struct qmp q;
	json_object *args, *r;
	int ret = qmp_open(&q, path);

	if (ret)
		return ret;
	args = json_object_new_object();
	json_object_object_add(args, "driver",
			       json_object_new_string("vfio-pci"));
	json_object_object_add(args, "sysfsdev",
			       json_object_new_string(sysfsdev));
	json_object_object_add(args, "id", json_object_new_string(id));
	if (pbus)
		json_object_object_add(args, "bus",
				       json_object_new_string(pbus));
	r = qmp_cmd(&q, "device_add", args, 30, NULL, NULL);
	if (!r) {
		err("the vGPU was not attached; if the id is taken choose another with --id; if the bus cannot hot-plug, name a free pcie-root-port with --bus; if another VM uses the vGPU, detach it there first\n");
		close(q.fd);
		return EXIT_FAIL;
	}
	json_object_put(r);
	/* Realized is what device_add promises; query-pci adds the address. */
	args = json_object_new_object();
	snprintf(path_buf, sizeof(path_buf), "/machine/peripheral/%s", id);
	json_object_object_add(args, "path", json_object_new_string(path_buf));
	json_object_object_add(args, "property",
			       json_object_new_string("realized"));
	r = qmp_cmd(&q, "qom-get", args, 10, NULL, NULL);
	if (!r || !json_object_get_boolean(r)) {
		json_object_put(r);
		close(q.fd);
		err("QEMU accepted device_add, but '%s' is not realized\n", id);
		return EXIT_FAIL;
	}
	json_object_put(r);
	ret = find_pci(&q, id, bus, slot, fn);
	close(q.fd);
	if (ret == -ENOENT)
		*bus = -1; /* behind a bridge the firmware has not numbered yet */
	else if (ret)
		return EXIT_FAIL;
	return EXIT_OK;
}

struct del_wait {
	const char *id;
	bool deleted;
};

static void on_event(json_object *ev, void *arg)
{
	struct del_wait *w = arg;
	json_object *data = get(ev, "data"), *dev = get(data, "device");

	if (!strcmp(json_object_get_string(get(ev, "event")),
		    "DEVICE_DELETED") &&
	    dev && !strcmp(json_object_get_string(dev), w->id))
		w->deleted = true;
}

/**
 * qmp_detach() - hot-unplug a device from a running QEMU
 * @path: QEMU's QMP socket
 * @id: the QEMU device id
 * @timeout_s: how long to wait for the guest to let go
 *
 * device_del, then wait for QEMU's DEVICE_DELETED event for @id (the guest
 * acknowledged the unplug), then query-pci must no longer show it.
 *
 * Return: an exit code.
 */
int qmp_detach(const char *path, const char *id, double timeout_s)
{
	struct del_wait w = { id, false };
	double deadline = now_s() + timeout_s;
	int bus, slot, fn, ret;
	json_object *args, *r;
	struct qmp q;

	ret = qmp_open(&q, path);
	if (ret)
		return ret;
	args = json_object_new_object();
	json_object_object_add(args, "id", json_object_new_string(id));
	r = qmp_cmd(&q, "device_del", args, 30, on_event, &w);
	if (!r) {
		close(q.fd);
		return EXIT_FAIL;
	}
	json_object_put(r);
	while (!w.deleted) {
		r = qmp_read(&q, deadline);
		if (!r)
			break;
		if (get(r, "event"))
			on_event(r, &w);
		json_object_put(r);
	}
	if (!w.deleted) {
		close(q.fd);
		err("QEMU accepted the unplug of '%s', but the guest has not released it within %.0f s; PCI hot-unplug needs the guest's acknowledgement: check the guest, or wait longer with --timeout\n",
		    id, timeout_s);
		return EXIT_FAIL;
	}
	ret = find_pci(&q, id, &bus, &slot, &fn);
	close(q.fd);
	if (ret != -ENOENT) {
		err("QEMU reported '%s' deleted, but query-pci still shows it\n",
		    id);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
