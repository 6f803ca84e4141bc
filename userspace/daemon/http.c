// SPDX-License-Identifier: GPL-2.0-only
/*
 * The metrics endpoint: libmicrohttpd in external-loop mode (its epoll file
 * descriptor joins the daemon's poll loop, so requests are served on the
 * daemon's one thread and need no locks). GET /metrics answers with the
 * Prometheus text format, read from sysfs at the request.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <microhttpd.h>

#include "mdgpud.h"

#define CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

static enum MHD_Result reply(struct MHD_Connection *conn, unsigned int code,
			     const char *type, char *body, size_t len,
			     enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(len, body, mode);
	if (!r) {
		if (mode == MHD_RESPMEM_MUST_FREE)
			free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	ret = MHD_queue_response(conn, code, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn,
			      const char *url, const char *method,
			      const char *version, const char *upload_data,
			      size_t *upload_data_size, void **req_cls)
{
	static const char index_page[] =
		"mdgpud: metrics at /metrics (Prometheus text format)\n";
	static const char not_found[] =
		"not found: the metrics are at /metrics\n";
	static const char bad_method[] = "only GET and HEAD\n";
	static const char no_mem[] = "out of memory\n";
	struct mdgpud *d = cls;
	struct sbuf sb = {};

	if (strcmp(method, MHD_HTTP_METHOD_GET) &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD))
		return reply(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain",
			     (char *)bad_method, strlen(bad_method),
			     MHD_RESPMEM_PERSISTENT);
	if (*upload_data_size)
		return MHD_NO;
	if (!strcmp(url, "/"))
		return reply(conn, MHD_HTTP_OK, "text/plain",
			     (char *)index_page, strlen(index_page),
			     MHD_RESPMEM_PERSISTENT);
	if (strcmp(url, "/metrics"))
		return reply(conn, MHD_HTTP_NOT_FOUND, "text/plain",
			     (char *)not_found, strlen(not_found),
			     MHD_RESPMEM_PERSISTENT);
	if (daemon_metrics(d, &sb)) {
		sb_free(&sb);
		return reply(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "text/plain",
			     (char *)no_mem, strlen(no_mem),
			     MHD_RESPMEM_PERSISTENT);
	}
	return reply(conn, MHD_HTTP_OK, CONTENT_TYPE, sb.buf, sb.len,
		     MHD_RESPMEM_MUST_FREE);
}

/* "HOST:PORT", "[V6]:PORT" or ":PORT" (all addresses). */
static int parse_addr(const char *addr, struct sockaddr_storage *ss, bool *v6)
{
	struct sockaddr_in *in = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	char host[64];
	const char *colon;
	unsigned long port;
	char *end;
	size_t len;

	memset(ss, 0, sizeof(*ss));
	colon = strrchr(addr, ':');
	if (!colon)
		return -EINVAL;
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (*end || !colon[1] || errno || port > 65535)
		return -EINVAL;
	len = colon - addr;
	if (len >= sizeof(host))
		return -EINVAL;
	memcpy(host, addr, len);
	host[len] = '\0';
	if (host[0] == '[' && len > 2 && host[len - 1] == ']') {
		host[len - 1] = '\0';
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(port);
		*v6 = true;
		return inet_pton(AF_INET6, host + 1, &in6->sin6_addr) == 1 ?
			       0 :
			       -EINVAL;
	}
	in->sin_family = AF_INET;
	in->sin_port = htons(port);
	*v6 = false;
	if (!host[0]) {
		in->sin_addr.s_addr = htonl(INADDR_ANY);
		return 0;
	}
	return inet_pton(AF_INET, host, &in->sin_addr) == 1 ? 0 : -EINVAL;
}

/**
 * http_start() - listen for metrics scrapes
 * @d: the daemon
 * @addr: "HOST:PORT", "[V6ADDR]:PORT" or ":PORT"
 *
 * Return: the server, or NULL (message logged).
 */
struct MHD_Daemon *http_start(struct mdgpud *d, const char *addr)
{
	struct sockaddr_storage ss;
	struct MHD_Daemon *h;
	bool v6;

	if (parse_addr(addr, &ss, &v6)) {
		log_msg(LOG_ERR,
			"--metrics %s: not an address; give HOST:PORT, [IPV6]:PORT or :PORT, or 'off'",
			addr);
		return NULL;
	}
	h = MHD_start_daemon(
		MHD_USE_EPOLL | MHD_USE_ERROR_LOG | (v6 ? MHD_USE_IPv6 : 0), 0,
		NULL, NULL, handle, d, MHD_OPTION_SOCK_ADDR,
		(struct sockaddr *)&ss, MHD_OPTION_CONNECTION_LIMIT, 32U,
		MHD_OPTION_CONNECTION_TIMEOUT, 10U, MHD_OPTION_END);
	if (!h)
		log_msg(LOG_ERR,
			"cannot serve metrics on %s (address in use, or not an address of this host?); choose another with --metrics, or --metrics off",
			addr);
	else
		log_msg(LOG_INFO, "metrics at http://%s/metrics", addr);
	return h;
}

/**
 * http_poll_fd() - the descriptor to poll for input
 * @h: the server
 *
 * Return: libmicrohttpd's epoll descriptor.
 */
int http_poll_fd(struct MHD_Daemon *h)
{
	const union MHD_DaemonInfo *i =
		MHD_get_daemon_info(h, MHD_DAEMON_INFO_EPOLL_FD);

	return i ? i->epoll_fd : -1;
}

/**
 * http_timeout_ms() - how long the poll may wait for the server's sake
 * @h: the server
 *
 * Return: milliseconds, or -1 for no limit.
 */
int http_timeout_ms(struct MHD_Daemon *h)
{
	MHD_UNSIGNED_LONG_LONG t;

	if (MHD_get_timeout(h, &t) != MHD_YES)
		return -1;
	return t > 60000 ? 60000 : (int)t;
}

/**
 * http_run() - serve what is ready, without blocking
 * @h: the server
 */
void http_run(struct MHD_Daemon *h)
{
	MHD_run(h);
}

/**
 * http_stop() - close the server
 * @h: the server, or NULL
 */
void http_stop(struct MHD_Daemon *h)
{
	if (h)
		MHD_stop_daemon(h);
}
