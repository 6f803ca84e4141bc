// SPDX-License-Identifier: GPL-2.0-only
/*
 * The config file of mdgpud (docs/daemon.md, "Config file"): an INI-like
 * text of [daemon], [gpu NAME] and [vgpu UUID] sections with "key = value"
 * lines and '#' comments. The whole file is validated before any of it is
 * used: every error names its line and the reason, and one error rejects
 * the file. Value ranges are libmdgpu's (mdgpu_qos_opts__parse() and
 * mdgpu_sched_opts__parse()), so the daemon and the CLI cannot disagree.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "mdgpud.h"

const char *const qos_key_names[Q_CNT] = {
	"weight",  "min_share", "max_share",
	"reserve", "priority",	"timeslice_us",
};

/* docs/abi.md §3: what a new vGPU starts with. */
const __u32 qos_defaults[Q_CNT] = { 100, 0, 10000, 0, 1, 0 };

const char *const sched_key_names[S_CNT] = {
	"sched_policy",
	"timeslice_us",
	"sched_period_ms",
	"watchdog_ms",
};

/* Keys of a [vgpu] section besides the QoS keys, which follow them. */
enum {
	V_GPU,
	V_PROFILE,
	V_SLICE_START,
	V_CU_START,
	V_QOS0,
	V_CNT = V_QOS0 + Q_CNT
};
static const char *const vgpu_keys[V_QOS0] = { "gpu", "profile", "slice_start",
					       "cu_start" };

enum { D_IDLE_AFTER_S, D_RESYNC_S, D_CNT };
static const char *const daemon_keys[D_CNT] = { "idle_after_s", "resync_s" };

enum sect_kind { SECT_NONE, SECT_DAEMON, SECT_GPU, SECT_VGPU };

/* Errors of one validation: "FILE:LINE: reason" lines. */
struct errs {
	char *buf;
	size_t size;
	size_t len;
	unsigned int n;
	const char *file;
};

static __printf(3, 4) void err_at(struct errs *e, unsigned int line,
				  const char *fmt, ...)
{
	va_list ap;
	int n;

	if (e->n++ >= MDGPUD_MAX_ERRORS || !e->size || e->len >= e->size - 1)
		return;
	n = snprintf(e->buf + e->len, e->size - e->len, "%s:%u: ", e->file,
		     line);
	if (n > 0)
		e->len += (size_t)n < e->size - e->len ? (size_t)n :
							 e->size - e->len - 1;
	va_start(ap, fmt);
	n = vsnprintf(e->buf + e->len, e->size - e->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		e->len += (size_t)n < e->size - e->len ? (size_t)n :
							 e->size - e->len - 1;
	if (e->len < e->size - 1) {
		e->buf[e->len++] = '\n';
		e->buf[e->len] = '\0';
	}
}

/* libmdgpu's message for a refused value, captured as the reason. */
static char lib_msg[512];

static int capture_print(enum mdgpu_print_level level, const char *fmt,
			 va_list args)
{
	size_t n;

	if (level != MDGPU_WARN)
		return 0;
	vsnprintf(lib_msg, sizeof(lib_msg), fmt, args);
	if (!strncmp(lib_msg, "mdgpu: ", 7))
		memmove(lib_msg, lib_msg + 7, strlen(lib_msg + 7) + 1);
	n = strlen(lib_msg);
	while (n && lib_msg[n - 1] == '\n')
		lib_msg[--n] = '\0';
	return 0;
}

/* A decimal number with no sign, no spaces, no leading zero; at most @max. */
static bool parse_uint(const char *s, __u32 max, __u32 *out)
{
	unsigned long long v = 0;
	const char *p;

	if (!*s || (s[0] == '0' && s[1]))
		return false;
	for (p = s; *p; p++) {
		if (!isdigit((unsigned char)*p) || p - s >= 10)
			return false;
		v = v * 10 + (*p - '0');
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

/* "gpuN" or "N" as "gpuN"; false for anything else. */
static bool parse_gpu_name(const char *s, char out[MDGPUD_GPU_NAME_SIZE])
{
	__u32 id;

	if (!strncmp(s, "gpu", 3))
		s += 3;
	if (!parse_uint(s, 4095, &id))
		return false;
	snprintf(out, MDGPUD_GPU_NAME_SIZE, "gpu%u", id);
	return true;
}

/*
 * A profile name as docs/abi.md §2 forms them: "ts.<memory>" or
 * "<n>c.<memory>", n a power of two up to 64, memory "<n>k|m|g"; an mdev
 * type name ("mdgpu-ts.64m") is accepted too. Sets *@cus (0: time-sliced).
 */
static bool parse_profile(const char *s, char out[MDGPUD_PROFILE_SIZE],
			  __u32 *cus)
{
	const char *p, *mem;
	__u32 n;
	char num[8];
	size_t len;

	if (!strncmp(s, "mdgpu-", 6))
		s += 6;
	if (strlen(s) >= MDGPUD_PROFILE_SIZE)
		return false;
	if (!strncmp(s, "ts.", 3)) {
		*cus = 0;
		mem = s + 3;
	} else {
		p = strchr(s, 'c');
		len = p ? (size_t)(p - s) : 0;
		if (!len || len >= sizeof(num) || p[1] != '.')
			return false;
		memcpy(num, s, len);
		num[len] = '\0';
		if (!parse_uint(num, 64, &n) || !n || (n & (n - 1)))
			return false;
		*cus = n;
		mem = p + 2;
	}
	len = strlen(mem);
	if (len < 2 || !strchr("kmg", mem[len - 1]) || mem[0] == '0')
		return false;
	for (p = mem; p < mem + len - 1; p++) {
		if (!isdigit((unsigned char)*p))
			return false;
	}
	snprintf(out, MDGPUD_PROFILE_SIZE, "%s", s);
	return true;
}

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return s;
}

/* Cut a comment that follows whitespace ("value  # why"). */
static void cut_comment(char *s)
{
	char *p;

	for (p = s + 1; *p; p++) {
		if ((*p == '#' || *p == ';') &&
		    (p[-1] == ' ' || p[-1] == '\t')) {
			*p = '\0';
			return;
		}
	}
}

static int key_index(const char *const *keys, int nr, const char *key)
{
	int i;

	for (i = 0; i < nr; i++) {
		if (!strcmp(keys[i], key))
			return i;
	}
	return -1;
}

static void list_keys(char *buf, size_t size, const char *const *a, int na,
		      const char *const *b, int nb)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < na + nb && len < size; i++)
		len += snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
				i < na ? a[i] : b[i - na]);
}

/* The parser's state between lines. */
struct pstate {
	struct dconf *c;
	struct errs *e;
	enum sect_kind kind;
	unsigned int sect_line;
	bool sect_bad; /* the header was refused: its keys are not checked */
	unsigned int key_line[V_CNT];
	unsigned int daemon_line;
	__u32 cus; /* of the current [vgpu]'s profile */
};

static void *grow(void *arr, size_t nr, size_t elem)
{
	/* Arrays grow in steps of 16 entries. */
	if (nr % 16)
		return arr;
	return realloc(arr, (nr + 16) * elem);
}

static int parse_header(struct pstate *ps, char *s, unsigned int line)
{
	struct dconf *c = ps->c;
	char *close = strchr(s, ']'), *kind, *arg, *extra;
	char name[MDGPUD_GPU_NAME_SIZE], uuid[MDGPU_UUID_SIZE];
	size_t i;
	void *n;

	ps->kind = SECT_NONE;
	ps->sect_bad = true;
	ps->sect_line = line;
	memset(ps->key_line, 0, sizeof(ps->key_line));
	if (!close) {
		err_at(ps->e, line, "section header lacks its closing ']'");
		return 0;
	}
	if (*trim(close + 1)) {
		err_at(ps->e, line, "text after the section header's ']'");
		return 0;
	}
	*close = '\0';
	kind = strtok(s + 1, " \t");
	arg = kind ? strtok(NULL, " \t") : NULL;
	extra = arg ? strtok(NULL, " \t") : NULL;
	if (!kind) {
		err_at(ps->e, line,
		       "empty section header; sections are [daemon], [gpu NAME] and [vgpu UUID]");
		return 0;
	}
	if (!strcmp(kind, "daemon")) {
		if (arg) {
			err_at(ps->e, line, "[daemon] takes no name");
			return 0;
		}
		if (ps->daemon_line) {
			err_at(ps->e, line,
			       "a second [daemon] section (the first is at line %u)",
			       ps->daemon_line);
			return 0;
		}
		ps->daemon_line = line;
		ps->kind = SECT_DAEMON;
		ps->sect_bad = false;
		return 0;
	}
	if (strcmp(kind, "gpu") && strcmp(kind, "vgpu")) {
		err_at(ps->e, line,
		       "unknown section '%s'; sections are [daemon], [gpu NAME] and [vgpu UUID]",
		       kind);
		return 0;
	}
	if (!arg) {
		err_at(ps->e, line, "[%s] needs a %s: [%s %s]", kind,
		       kind[0] == 'g' ? "GPU name" : "UUID", kind,
		       kind[0] == 'g' ? "gpu0" :
					"0e5f4a9c-2b1d-4c3e-9f8a-7b6c5d4e3f21");
		return 0;
	}
	if (extra) {
		err_at(ps->e, line, "[%s] takes one name, not '%s %s'", kind,
		       arg, extra);
		return 0;
	}
	if (kind[0] == 'g') {
		if (!parse_gpu_name(arg, name)) {
			err_at(ps->e, line,
			       "'%s' is not a GPU name; GPUs are named gpuN (or N) as in /sys/class/mdgpu",
			       arg);
			return 0;
		}
		for (i = 0; i < c->nr_gpus; i++) {
			if (!strcmp(c->gpus[i].name, name)) {
				err_at(ps->e, line,
				       "a second [gpu %s] section (the first is at line %u)",
				       name, c->gpus[i].line);
				return 0;
			}
		}
		if (c->nr_gpus >= MDGPUD_MAX_GPUS) {
			err_at(ps->e, line, "more than %d [gpu] sections",
			       MDGPUD_MAX_GPUS);
			return 0;
		}
		n = grow(c->gpus, c->nr_gpus, sizeof(*c->gpus));
		if (!n)
			return -ENOMEM;
		c->gpus = n;
		memset(&c->gpus[c->nr_gpus], 0, sizeof(*c->gpus));
		snprintf(c->gpus[c->nr_gpus].name, sizeof(name), "%s", name);
		c->gpus[c->nr_gpus++].line = line;
		ps->kind = SECT_GPU;
		ps->sect_bad = false;
		return 0;
	}
	if (mdgpu_uuid_normalize(arg, uuid)) {
		err_at(ps->e, line,
		       "'%s' is not a UUID; a UUID is 32 hexadecimal digits as 8-4-4-4-12",
		       arg);
		return 0;
	}
	for (i = 0; i < c->nr_vgpus; i++) {
		if (!strcmp(c->vgpus[i].uuid, uuid)) {
			err_at(ps->e, line,
			       "vGPU %s is declared twice (first at line %u)",
			       uuid, c->vgpus[i].line);
			return 0;
		}
	}
	if (c->nr_vgpus >= MDGPUD_MAX_VGPUS) {
		err_at(ps->e, line, "more than %d [vgpu] sections",
		       MDGPUD_MAX_VGPUS);
		return 0;
	}
	n = grow(c->vgpus, c->nr_vgpus, sizeof(*c->vgpus));
	if (!n)
		return -ENOMEM;
	c->vgpus = n;
	memset(&c->vgpus[c->nr_vgpus], 0, sizeof(*c->vgpus));
	snprintf(c->vgpus[c->nr_vgpus].uuid, MDGPU_UUID_SIZE, "%s", uuid);
	c->vgpus[c->nr_vgpus].slice_start = MDGPU_PLACEMENT_KEEP;
	c->vgpus[c->nr_vgpus].cu_start = MDGPU_PLACEMENT_KEEP;
	memcpy(c->vgpus[c->nr_vgpus].qos, qos_defaults, sizeof(qos_defaults));
	c->vgpus[c->nr_vgpus++].line = line;
	ps->kind = SECT_VGPU;
	ps->sect_bad = false;
	ps->cus = 0;
	return 0;
}

static void daemon_key(struct pstate *ps, const char *key, const char *val,
		       unsigned int line)
{
	char keys[128];
	__u32 v;
	int k = key_index(daemon_keys, D_CNT, key);

	if (k < 0) {
		list_keys(keys, sizeof(keys), daemon_keys, D_CNT, NULL, 0);
		err_at(ps->e, line,
		       "unknown key '%s' in [daemon]; its keys are %s", key,
		       keys);
		return;
	}
	if (ps->key_line[k]) {
		err_at(ps->e, line,
		       "'%s' is set twice in this section (first at line %u)",
		       key, ps->key_line[k]);
		return;
	}
	ps->key_line[k] = line;
	if (k == D_IDLE_AFTER_S) {
		if (!parse_uint(val, 31536000, &v))
			err_at(ps->e, line,
			       "idle_after_s=%s: takes 0 (never) or seconds up to 31536000",
			       val);
		else
			ps->c->idle_after_s = v;
	} else {
		if (!parse_uint(val, 3600, &v) || !v)
			err_at(ps->e, line, "resync_s=%s: takes 1-3600 seconds",
			       val);
		else
			ps->c->resync_s = v;
	}
}

static void gpu_key(struct pstate *ps, const char *key, const char *val,
		    unsigned int line)
{
	MDGPU_OPTS(mdgpu_sched_opts, o);
	struct dgpu *g = &ps->c->gpus[ps->c->nr_gpus - 1];
	char kv[MDGPUD_MAX_LINE + 2], keys[128];
	mdgpu_print_fn_t old;
	int k = key_index(sched_key_names, S_CNT, key), ret;

	if (k < 0) {
		list_keys(keys, sizeof(keys), sched_key_names, S_CNT, NULL, 0);
		err_at(ps->e, line,
		       "unknown key '%s' in [gpu %s]; its keys are %s", key,
		       g->name, keys);
		return;
	}
	if (ps->key_line[k]) {
		err_at(ps->e, line,
		       "'%s' is set twice in this section (first at line %u)",
		       key, ps->key_line[k]);
		return;
	}
	ps->key_line[k] = line;
	snprintf(kv, sizeof(kv), "%s=%s", key, val);
	lib_msg[0] = '\0';
	old = mdgpu_set_print(capture_print);
	ret = mdgpu_sched_opts__parse(&o, kv);
	mdgpu_set_print(old);
	if (ret) {
		err_at(ps->e, line, "%s",
		       lib_msg[0] ? lib_msg : "invalid value");
		return;
	}
	g->sched[k] = k == S_POLICY	  ? o.policy :
		      k == S_TIMESLICE_US ? o.timeslice_us :
		      k == S_PERIOD_MS	  ? o.sched_period_ms :
					    o.watchdog_ms;
	g->set |= 1U << k;
}

static void vgpu_key(struct pstate *ps, const char *key, const char *val,
		     unsigned int line)
{
	MDGPU_OPTS(mdgpu_qos_opts, o);
	struct dvgpu *v = &ps->c->vgpus[ps->c->nr_vgpus - 1];
	char kv[MDGPUD_MAX_LINE + 2], keys[256];
	mdgpu_print_fn_t old;
	int k = key_index(vgpu_keys, V_QOS0, key), ret;
	__u32 u;

	if (k < 0) {
		k = key_index(qos_key_names, Q_CNT, key);
		if (k >= 0)
			k += V_QOS0;
	}
	if (k < 0) {
		list_keys(keys, sizeof(keys), vgpu_keys, V_QOS0, qos_key_names,
			  Q_CNT);
		err_at(ps->e, line,
		       "unknown key '%s' in [vgpu]; its keys are %s", key,
		       keys);
		return;
	}
	if (ps->key_line[k]) {
		err_at(ps->e, line,
		       "'%s' is set twice in this section (first at line %u)",
		       key, ps->key_line[k]);
		return;
	}
	ps->key_line[k] = line;
	switch (k) {
	case V_GPU:
		if (!parse_gpu_name(val, v->gpu))
			err_at(ps->e, line,
			       "gpu=%s: not a GPU name; GPUs are named gpuN (or N) as in /sys/class/mdgpu",
			       val);
		return;
	case V_PROFILE:
		if (!parse_profile(val, v->profile, &ps->cus))
			err_at(ps->e, line,
			       "profile=%s: not a profile name; profiles are ts.<memory> (time-sliced) or <n>c.<memory> (spatial), e.g. ts.64m or 2c.128m ('mdgpuctl types' lists them)",
			       val);
		return;
	case V_SLICE_START:
	case V_CU_START:
		if (!parse_uint(val, 63, &u)) {
			err_at(ps->e, line,
			       "%s=%s: takes a decimal number 0-63", key, val);
			return;
		}
		*(k == V_SLICE_START ? &v->slice_start : &v->cu_start) = u;
		return;
	}
	snprintf(kv, sizeof(kv), "%s=%s", key, val);
	lib_msg[0] = '\0';
	old = mdgpu_set_print(capture_print);
	ret = mdgpu_qos_opts__parse(&o, kv);
	mdgpu_set_print(old);
	if (ret) {
		err_at(ps->e, line, "%s",
		       lib_msg[0] ? lib_msg : "invalid value");
		return;
	}
	k -= V_QOS0;
	v->qos[k] = k == Q_WEIGHT    ? o.weight :
		    k == Q_MIN_SHARE ? o.min_share :
		    k == Q_MAX_SHARE ? o.max_share :
		    k == Q_RESERVE   ? o.reserve :
		    k == Q_PRIORITY  ? o.priority :
				       o.timeslice_us;
	v->qos_set |= 1U << k;
}

/* Checks of a [vgpu] section as a whole, when the next section begins. */
static void vgpu_done(struct pstate *ps)
{
	struct dvgpu *v;

	if (ps->kind != SECT_VGPU || ps->sect_bad)
		return;
	v = &ps->c->vgpus[ps->c->nr_vgpus - 1];
	if (!ps->key_line[V_GPU])
		err_at(ps->e, v->line, "[vgpu %s] lacks 'gpu = gpuN'", v->uuid);
	if (!ps->key_line[V_PROFILE])
		err_at(ps->e, v->line, "[vgpu %s] lacks 'profile = NAME'",
		       v->uuid);
	if (ps->key_line[V_CU_START] && v->profile[0] && !ps->cus)
		err_at(ps->e, ps->key_line[V_CU_START],
		       "cu_start is for spatial profiles, and %s is time-sliced: it shares the GPU's compute units",
		       v->profile);
	if (v->qos[Q_MIN_SHARE] > v->qos[Q_MAX_SHARE])
		err_at(ps->e, ps->key_line[V_QOS0 + Q_MIN_SHARE] ?: v->line,
		       "min_share %u is above max_share %u: a guarantee cannot exceed the cap",
		       v->qos[Q_MIN_SHARE], v->qos[Q_MAX_SHARE]);
}

/* Guarantees and reservations of the time-sliced vGPUs of a GPU: at most 100%. */
static void check_sums(const struct dconf *c, struct errs *e)
{
	static const int keys[] = { Q_MIN_SHARE, Q_RESERVE };
	size_t i, j;
	unsigned int k;
	__u64 sum;

	for (k = 0; k < ARRAY_SIZE(keys); k++) {
		for (i = 0; i < c->nr_vgpus; i++) {
			const struct dvgpu *v = &c->vgpus[i];

			if (!v->gpu[0] || strncmp(v->profile, "ts.", 3))
				continue;
			sum = 0;
			for (j = 0; j <= i; j++) {
				if (!strcmp(c->vgpus[j].gpu, v->gpu) &&
				    !strncmp(c->vgpus[j].profile, "ts.", 3))
					sum += c->vgpus[j].qos[keys[k]];
			}
			if (sum > 10000 && v->qos[keys[k]]) {
				err_at(e, v->line,
				       "the %ss of the time-sliced vGPUs on %s add up to %llu here, over 10000 (100%%)",
				       qos_key_names[keys[k]], v->gpu,
				       (unsigned long long)sum);
				break;
			}
		}
	}
}

static int parse_line(struct pstate *ps, char *s, unsigned int line)
{
	char *eq, *key, *val, *p;

	s = trim(s);
	if (!*s || *s == '#' || *s == ';')
		return 0;
	cut_comment(s);
	s = trim(s);
	if (*s == '[') {
		vgpu_done(ps);
		return parse_header(ps, s, line);
	}
	eq = strchr(s, '=');
	if (!eq) {
		err_at(ps->e, line,
		       "expected 'key = value', a '[section]' header or a '#' comment");
		return 0;
	}
	*eq = '\0';
	key = trim(s);
	val = trim(eq + 1);
	if (!*key) {
		err_at(ps->e, line, "'=' with no key before it");
		return 0;
	}
	for (p = key; *p; p++) {
		if (!islower((unsigned char)*p) &&
		    !isdigit((unsigned char)*p) && *p != '_') {
			err_at(ps->e, line,
			       "'%s' is not a key: keys are lower-case letters, digits and '_'",
			       key);
			return 0;
		}
	}
	if (!*val) {
		err_at(ps->e, line, "'%s' has no value", key);
		return 0;
	}
	switch (ps->kind) {
	case SECT_NONE:
		if (!ps->sect_bad)
			err_at(ps->e, line,
			       "'%s' comes before any section; put it under [daemon], [gpu NAME] or [vgpu UUID]",
			       key);
		break;
	case SECT_DAEMON:
		daemon_key(ps, key, val, line);
		break;
	case SECT_GPU:
		gpu_key(ps, key, val, line);
		break;
	case SECT_VGPU:
		vgpu_key(ps, key, val, line);
		break;
	}
	return 0;
}

/**
 * conf_parse() - parse and validate a whole config
 * @text: the file's bytes
 * @len: their count
 * @file: the file's name, for messages
 * @out: the config, filled in only if it is valid (conf_free() it)
 * @err: "FILE:LINE: reason" lines, one per error (at most
 *	%MDGPUD_MAX_ERRORS, then a count), NUL-terminated
 * @err_size: bytes in @err
 *
 * Return: 0; -EINVAL if the config has errors (@out is then empty);
 * -ENOMEM.
 */
int conf_parse(const char *text, size_t len, const char *file,
	       struct dconf *out, char *err, size_t err_size)
{
	struct dconf c = { .idle_after_s = MDGPUD_DEFAULT_IDLE_AFTER_S,
			   .resync_s = MDGPUD_DEFAULT_RESYNC_S };
	struct errs e = { err, err_size, 0, 0, file };
	struct pstate ps = { .c = &c, .e = &e, .sect_bad = false };
	char line[MDGPUD_MAX_LINE + 1];
	size_t pos = 0, n;
	unsigned int lineno = 0;
	const char *nl;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	if (err_size)
		err[0] = '\0';
	if (len > MDGPUD_MAX_CONFIG) {
		err_at(&e, 1,
		       "the file has %zu bytes, more than the %d a config may have",
		       len, MDGPUD_MAX_CONFIG);
		return -EINVAL;
	}
	while (pos < len && !ret) {
		lineno++;
		nl = memchr(text + pos, '\n', len - pos);
		n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		if (n && text[pos + n - 1] == '\r')
			n--;
		if (n > MDGPUD_MAX_LINE) {
			err_at(&e, lineno, "line longer than %d bytes",
			       MDGPUD_MAX_LINE);
		} else if (memchr(text + pos, '\0', n)) {
			err_at(&e, lineno,
			       "a NUL byte: this is not a text file");
		} else {
			memcpy(line, text + pos, n);
			line[n] = '\0';
			ret = parse_line(&ps, line, lineno);
		}
		pos += n + (nl ? (text[pos + n] == '\r' ? 2 : 1) : 0);
	}
	if (!ret) {
		vgpu_done(&ps);
		check_sums(&c, &e);
	}
	if (e.n > MDGPUD_MAX_ERRORS && e.len < err_size - 1)
		snprintf(err + e.len, err_size - e.len, "%s: %u more errors\n",
			 file, e.n - MDGPUD_MAX_ERRORS);
	if (ret || e.n) {
		conf_free(&c);
		return ret ?: -EINVAL;
	}
	*out = c;
	return 0;
}

/**
 * conf_load() - read, parse and validate a config file
 * @path: the file
 * @out: the config if valid
 * @err: messages, as conf_parse()
 * @err_size: bytes in @err
 *
 * Return: 0, -EINVAL for an invalid config, or a negative errno if the file
 * cannot be read (a message in @err too).
 */
int conf_load(const char *path, struct dconf *out, char *err, size_t err_size)
{
	struct stat st;
	char *buf;
	size_t len = 0;
	ssize_t n;
	int fd, ret;

	memset(out, 0, sizeof(*out));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		ret = -errno;
		snprintf(err, err_size, "%s: cannot read it: %s\n", path,
			 strerror(-ret));
		if (fd >= 0)
			close(fd);
		return ret;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > MDGPUD_MAX_CONFIG) {
		snprintf(err, err_size, "%s: %s\n", path,
			 S_ISREG(st.st_mode) ? "larger than 1 MiB" :
					       "not a regular file");
		close(fd);
		return -EINVAL;
	}
	buf = malloc(MDGPUD_MAX_CONFIG + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		n = read(fd, buf + len, MDGPUD_MAX_CONFIG + 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
		if (len > MDGPUD_MAX_CONFIG)
			break;
	}
	ret = n < 0 ? -errno : 0;
	close(fd);
	if (ret)
		snprintf(err, err_size, "%s: cannot read it: %s\n", path,
			 strerror(-ret));
	else
		ret = conf_parse(buf, len, path, out, err, err_size);
	free(buf);
	return ret;
}

/**
 * conf_free() - free a config's arrays
 * @c: the config (zeroed after)
 */
void conf_free(struct dconf *c)
{
	free(c->gpus);
	free(c->vgpus);
	memset(c, 0, sizeof(*c));
}

/**
 * conf_find_vgpu() - the [vgpu] section of a UUID
 * @c: the config
 * @uuid: lower case
 *
 * Return: the section, or NULL.
 */
const struct dvgpu *conf_find_vgpu(const struct dconf *c, const char *uuid)
{
	size_t i;

	for (i = 0; i < c->nr_vgpus; i++) {
		if (!strcmp(c->vgpus[i].uuid, uuid))
			return &c->vgpus[i];
	}
	return NULL;
}
