// SPDX-License-Identifier: GPL-2.0-only
/*
 * mdgpud: options, logging and the event loop. One thread polls a
 * signalfd (SIGHUP: reload; SIGTERM, SIGINT: exit), an inotify watch on the
 * config file's directory (a change reloads, after a short settling delay),
 * a periodic timer (drift check and statistics sample every resync_s), the
 * control socket and the metrics server. See docs/daemon.md.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>

#include "mdgpud.h"

/* libmdgpu's messages into the log. */
static int print_lib(enum mdgpu_print_level level, const char *fmt,
		     va_list args)
{
	char buf[1024];
	size_t n;

	vsnprintf(buf, sizeof(buf), fmt, args);
	n = strlen(buf);
	while (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	log_msg(level == MDGPU_WARN ? LOG_WARN :
		level == MDGPU_INFO ? LOG_DBG :
				      LOG_DBG,
		"%s", !strncmp(buf, "mdgpu: ", 7) ? buf + 7 : buf);
	return 0;
}

static void print_usage(FILE *f)
{
	fprintf(f,
		"Usage: mdgpud [OPTIONS]               run the daemon (in the foreground)\n"
		"       mdgpud check [-c CONFIG]       validate a config file and exit\n"
		"       mdgpud ctl [--socket PATH] status|reload|reconcile\n"
		"\n"
		"Keeps the host's vGPUs as a config file declares them (docs/daemon.md).\n"
		"\n"
		"Options:\n"
		"  -c, --config FILE       the desired state (default /etc/mdgpud.conf)\n"
		"  -d, --state-dir DIR     ownership record and lock (default /var/lib/mdgpud)\n"
		"  -s, --socket PATH       control socket (default /run/mdgpud.sock; 'off')\n"
		"      --socket-group NAME members of NAME may use the socket (mode 0660)\n"
		"  -m, --metrics ADDR      Prometheus endpoint HOST:PORT, [IPV6]:PORT or :PORT\n"
		"                          (default 127.0.0.1:9461; 'off')\n"
		"      --sysfs-root DIR    sysfs there instead of /sys (tests)\n"
		"  -v, --verbose           more log (twice: debug)\n"
		"  -q, --quiet             warnings and errors only\n"
		"  -h, --help              this help\n"
		"  -V, --version           the version\n"
		"\n"
		"Signals: SIGHUP reloads the config; SIGTERM and SIGINT stop the daemon\n"
		"(the vGPUs stay). Exit status: 0 stopped by a signal, 1 failure (an invalid\n"
		"config at start, the state directory in use), 2 usage error.\n");
}

struct opts {
	const char *config;
	const char *state_dir;
	const char *socket;
	const char *socket_group;
	const char *metrics;
	const char *sysfs_root;
};

enum {
	FD_SIG,
	FD_INOTIFY,
	FD_TICK,
	FD_SETTLE,
	FD_RETRY,
	FD_CTL,
	FD_HTTP,
	FD_CNT
};

/* inotify on the config's directory: editors replace files by rename. */
static int watch_config(const char *path, int *wd, char **base)
{
	char *dcopy = strdup(path), *bcopy = strdup(path);
	int fd;

	if (!dcopy || !bcopy) {
		free(dcopy);
		free(bcopy);
		return -ENOMEM;
	}
	fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd >= 0) {
		*wd = inotify_add_watch(fd, dirname(dcopy),
					IN_CLOSE_WRITE | IN_MOVED_TO |
						IN_CREATE | IN_DELETE |
						IN_MOVED_FROM | IN_ATTRIB);
		if (*wd < 0) {
			log_msg(LOG_WARN,
				"cannot watch %s for changes (%s): send SIGHUP after editing the config",
				path, strerror(errno));
			close(fd);
			fd = -1;
		}
	}
	*base = strdup(basename(bcopy));
	free(dcopy);
	free(bcopy);
	return fd;
}

/* Whether the inotify events read now concern the config file. */
static bool config_touched(int fd, const char *base)
{
	union {
		struct inotify_event ev;
		char buf[8192];
	} u;
	const char *buf = u.buf;
	const struct inotify_event *ev;
	bool hit = false;
	ssize_t n;
	const char *p;

	for (;;) {
		n = read(fd, u.buf, sizeof(u.buf));
		if (n <= 0)
			break;
		for (p = buf; p < buf + n; p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)p;
			if ((ev->mask & IN_Q_OVERFLOW) ||
			    (ev->len && !strcmp(ev->name, base)))
				hit = true;
		}
	}
	return hit;
}

static void arm(int tfd, __u64 first_ns, __u64 period_ns)
{
	struct itimerspec it = {
		.it_value = { first_ns / 1000000000, first_ns % 1000000000 },
		.it_interval = { period_ns / 1000000000,
				 period_ns % 1000000000 },
	};

	timerfd_settime(tfd, 0, &it, NULL);
}

static void drain(int fd)
{
	__u64 v;

	if (read(fd, &v, sizeof(v)) < 0 && errno != EAGAIN)
		log_msg(LOG_DBG, "read: %s", strerror(errno));
}

/*
 * Reconcile, and after a failure retry sooner than the next resync: 1 s,
 * then twice as long after each failure in a row (plan_retry_s()), until
 * the resync period takes over; a success ends the retries.
 */
static void reconcile(struct mdgpud *d, const char *why, int retry_fd,
		      unsigned int *retry_s)
{
	if (!daemon_reconcile(d, why)) {
		if (*retry_s)
			arm(retry_fd, 0, 0);
		*retry_s = 0;
		return;
	}
	*retry_s = plan_retry_s(*retry_s, d->conf.resync_s);
	if (*retry_s < d->conf.resync_s) {
		log_msg(LOG_INFO, "retrying the failed changes in %u s",
			*retry_s);
		arm(retry_fd, (__u64)*retry_s * 1000000000ULL, 0);
	}
}

static int run(const struct opts *o)
{
	struct mdgpud d = { .config_path = o->config,
			    .state_dir = o->state_dir,
			    .sysfs_root = o->sysfs_root,
			    .lock_fd = -1 };
	struct pollfd pfd[FD_CNT];
	struct MHD_Daemon *http = NULL;
	struct signalfd_siginfo si;
	unsigned int resync_s, retry_s = 0;
	char *base = NULL;
	sigset_t mask;
	int wd, i, timeout, ret = 1;
	bool stop = false;

	for (i = 0; i < FD_CNT; i++)
		pfd[i] = (struct pollfd){ .fd = -1, .events = POLLIN };
	mdgpu_set_print(print_lib);
	if (state_open(d.state_dir, &d.lock_fd) ||
	    state_load(d.state_dir, &d.own))
		goto out;
	d.m.owned = d.own.nr;
	if (daemon_load_config(&d, "start")) {
		log_msg(LOG_ERR,
			"not starting: fix %s (mdgpud check -c %s shows the errors)",
			d.config_path, d.config_path);
		goto out;
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	pfd[FD_SIG].fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	pfd[FD_INOTIFY].fd = watch_config(d.config_path, &wd, &base);
	pfd[FD_TICK].fd =
		timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	pfd[FD_SETTLE].fd =
		timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	pfd[FD_RETRY].fd =
		timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (pfd[FD_SIG].fd < 0 || pfd[FD_TICK].fd < 0 ||
	    pfd[FD_SETTLE].fd < 0 || pfd[FD_RETRY].fd < 0 || !base) {
		log_msg(LOG_ERR, "cannot set up the event loop: %s",
			strerror(errno));
		goto out;
	}
	if (strcmp(o->socket, "off")) {
		pfd[FD_CTL].fd = ctl_listen(o->socket, o->socket_group);
		if (pfd[FD_CTL].fd < 0)
			goto out;
	}
	if (strcmp(o->metrics, "off")) {
		http = http_start(&d, o->metrics);
		if (!http)
			goto out;
		pfd[FD_HTTP].fd = http_poll_fd(http);
	}
	reconcile(&d, "start", pfd[FD_RETRY].fd, &retry_s);
	daemon_sample(&d);
	resync_s = d.conf.resync_s;
	arm(pfd[FD_TICK].fd, (__u64)resync_s * 1000000000ULL,
	    (__u64)resync_s * 1000000000ULL);
	log_msg(LOG_NOTICE,
		"running: config %s, state %s, resync every %u s, idle after %u s",
		d.config_path, d.state_dir, resync_s, d.conf.idle_after_s);
	ret = 0;
	while (!stop) {
		timeout = http ? http_timeout_ms(http) : -1;
		if (poll(pfd, FD_CNT, timeout) < 0 && errno != EINTR) {
			log_msg(LOG_ERR, "poll: %s", strerror(errno));
			ret = 1;
			break;
		}
		if (pfd[FD_SIG].revents & POLLIN) {
			while (read(pfd[FD_SIG].fd, &si, sizeof(si)) ==
			       sizeof(si)) {
				if (si.ssi_signo == SIGHUP) {
					if (!daemon_load_config(&d, "SIGHUP"))
						reconcile(&d, "SIGHUP",
							  pfd[FD_RETRY].fd,
							  &retry_s);
				} else {
					log_msg(LOG_NOTICE,
						"stopping on %s; the vGPUs stay as they are",
						strsignal(si.ssi_signo));
					stop = true;
				}
			}
		}
		if (pfd[FD_INOTIFY].fd >= 0 &&
		    (pfd[FD_INOTIFY].revents & POLLIN) &&
		    config_touched(pfd[FD_INOTIFY].fd, base))
			/* Let a writer finish: reload 200 ms after the last event. */
			arm(pfd[FD_SETTLE].fd, 200000000ULL, 0);
		if (pfd[FD_SETTLE].revents & POLLIN) {
			drain(pfd[FD_SETTLE].fd);
			if (!daemon_load_config(&d, "file changed"))
				reconcile(&d, "file changed", pfd[FD_RETRY].fd,
					  &retry_s);
		}
		if (pfd[FD_RETRY].revents & POLLIN) {
			drain(pfd[FD_RETRY].fd);
			reconcile(&d, "retry", pfd[FD_RETRY].fd, &retry_s);
		}
		if (pfd[FD_TICK].revents & POLLIN) {
			drain(pfd[FD_TICK].fd);
			reconcile(&d, "resync", pfd[FD_RETRY].fd, &retry_s);
			daemon_sample(&d);
		}
		if (pfd[FD_CTL].fd >= 0 && (pfd[FD_CTL].revents & POLLIN))
			ctl_serve(&d, pfd[FD_CTL].fd);
		if (http)
			http_run(http);
		if (d.conf.resync_s != resync_s) {
			resync_s = d.conf.resync_s;
			arm(pfd[FD_TICK].fd, (__u64)resync_s * 1000000000ULL,
			    (__u64)resync_s * 1000000000ULL);
		}
	}
out:
	http_stop(http);
	if (pfd[FD_CTL].fd >= 0)
		unlink(o->socket);
	for (i = 0; i < FD_CNT; i++) {
		if (pfd[i].fd >= 0 && i != FD_HTTP)
			close(pfd[i].fd);
	}
	free(base);
	if (d.ctx)
		mdgpu_ctx__close(d.ctx);
	conf_free(&d.conf);
	owned_free(&d.own);
	sb_free(&d.deferred);
	free(d.samples);
	if (d.lock_fd >= 0)
		close(d.lock_fd);
	return ret;
}

static int check(const char *path)
{
	struct dconf c;
	char err[8192];
	int ret = conf_load(path, &c, err, sizeof(err));

	if (ret) {
		fputs(err, stderr);
		return 1;
	}
	printf("%s: valid: %zu vGPU(s), %zu GPU section(s)\n", path, c.nr_vgpus,
	       c.nr_gpus);
	conf_free(&c);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "state-dir", required_argument, NULL, 'd' },
		{ "socket", required_argument, NULL, 's' },
		{ "socket-group", required_argument, NULL, 'g' },
		{ "metrics", required_argument, NULL, 'm' },
		{ "sysfs-root", required_argument, NULL, 'r' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{}
	};
	struct opts o = { "/etc/mdgpud.conf", "/var/lib/mdgpud",
			  "/run/mdgpud.sock", NULL,
			  "127.0.0.1:9461",   NULL };
	const char *cmd = NULL;
	int c;

	log_journal = getenv("JOURNAL_STREAM") != NULL;
	o.sysfs_root = getenv("MDGPU_SYSFS_ROOT");
	if (argc > 1 && (!strcmp(argv[1], "check") || !strcmp(argv[1], "ctl") ||
			 !strcmp(argv[1], "run"))) {
		cmd = argv[1];
		argv[1] = argv[0];
		argc--;
		argv++;
	}
	while ((c = getopt_long(argc, argv, "c:d:s:m:vqhV", lopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'c':
			o.config = optarg;
			break;
		case 'd':
			o.state_dir = optarg;
			break;
		case 's':
			o.socket = optarg;
			break;
		case 'g':
			o.socket_group = optarg;
			break;
		case 'm':
			o.metrics = optarg;
			break;
		case 'r':
			o.sysfs_root = optarg;
			break;
		case 'v':
			log_max_level = log_max_level < LOG_INFO ? LOG_INFO :
								   LOG_DBG;
			break;
		case 'q':
			log_max_level = LOG_WARN;
			break;
		case 'h':
			print_usage(stdout);
			return 0;
		case 'V':
			printf("mdgpud %s\n", MDGPUD_VERSION);
			return 0;
		default:
			print_usage(stderr);
			return 2;
		}
	}
	if (cmd && !strcmp(cmd, "ctl")) {
		if (argc - optind != 1) {
			fprintf(stderr,
				"mdgpud: ctl needs one command: status, reload or reconcile\n");
			return 2;
		}
		return ctl_client(o.socket, argv[optind]);
	}
	if (optind != argc) {
		fprintf(stderr, "mdgpud: unexpected argument '%s'\n",
			argv[optind]);
		print_usage(stderr);
		return 2;
	}
	if (cmd && !strcmp(cmd, "check"))
		return check(o.config);
	return run(&o);
}
