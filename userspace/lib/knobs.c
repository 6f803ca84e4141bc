// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The writable settings of docs/abi.md with their documented ranges: a
 * vGPU's QoS and a GPU's scheduler. The library checks a value against
 * them before it writes anything, so a request with one bad value changes
 * nothing, and names the range when the kernel still refuses.
 */
#include <stdio.h>
#include <string.h>

#include "lib_internal.h"

const struct knob qos_knobs[QOS_CNT] = {
	[QOS_WEIGHT] = { "weight", 1, 10000, false, "" },
	[QOS_MIN_SHARE] = { "min_share", 0, 10000, false, " basis points" },
	[QOS_MAX_SHARE] = { "max_share", 1, 10000, false, " basis points" },
	[QOS_RESERVE] = { "reserve", 0, 10000, false, " basis points" },
	[QOS_PRIORITY] = { "priority", 0, 3, false, "" },
	[QOS_TIMESLICE_US] = { "timeslice_us", 100, 1000000, true, " us" },
};

/* The policy is a name, not a number: its range is the enum's. */
const struct knob sched_knobs[SCHED_CNT] = {
	[SCHED_POLICY] = { "sched_policy", 0, MDGPU_SCHED_POLICY_CNT - 1, false,
			   "" },
	[SCHED_TIMESLICE_US] = { "timeslice_us", 100, 1000000, false, " us" },
	[SCHED_PERIOD_MS] = { "sched_period_ms", 1, 10000, false, " ms" },
	[SCHED_WATCHDOG_MS] = { "watchdog_ms", 10, 600000, true, " ms" },
};

/* The MDGPU_*_SET_* bits are the knobs' indices. */
_Static_assert(MDGPU_QOS_SET_WEIGHT == 1U << QOS_WEIGHT &&
		       MDGPU_QOS_SET_MIN_SHARE == 1U << QOS_MIN_SHARE &&
		       MDGPU_QOS_SET_MAX_SHARE == 1U << QOS_MAX_SHARE &&
		       MDGPU_QOS_SET_RESERVE == 1U << QOS_RESERVE &&
		       MDGPU_QOS_SET_PRIORITY == 1U << QOS_PRIORITY &&
		       MDGPU_QOS_SET_TIMESLICE_US == 1U << QOS_TIMESLICE_US,
	       "QoS bits");
_Static_assert(MDGPU_SCHED_SET_POLICY == 1U << SCHED_POLICY &&
		       MDGPU_SCHED_SET_TIMESLICE_US ==
			       1U << SCHED_TIMESLICE_US &&
		       MDGPU_SCHED_SET_PERIOD_MS == 1U << SCHED_PERIOD_MS &&
		       MDGPU_SCHED_SET_WATCHDOG_MS == 1U << SCHED_WATCHDOG_MS,
	       "scheduler bits");

static const char *const policy_names[MDGPU_SCHED_POLICY_CNT] = {
	[MDGPU_SCHED_BEST_EFFORT] = "best_effort",
	[MDGPU_SCHED_EQUAL_SHARE] = "equal_share",
	[MDGPU_SCHED_FIXED_SHARE] = "fixed_share",
	[MDGPU_SCHED_WEIGHTED] = "weighted",
};

/**
 * knob_in_range() - whether a value is in a setting's documented range
 * @k: the setting
 * @v: the value
 *
 * Return: true if it is.
 */
bool knob_in_range(const struct knob *k, __u32 v)
{
	return (v >= k->min && v <= k->max) || (k->zero_ok && v == 0);
}

/**
 * knob_range_str() - a setting's range in words, for messages
 * @k: the setting
 * @buf: output
 * @size: bytes in @buf
 *
 * Return: what snprintf() returns.
 */
int knob_range_str(const struct knob *k, char *buf, size_t size)
{
	if (k == &sched_knobs[SCHED_POLICY])
		return snprintf(
			buf, size,
			"best_effort, equal_share, fixed_share or weighted");
	return snprintf(buf, size, "%s%u-%u%s", k->zero_ok ? "0 or " : "",
			k->min, k->max, k->unit);
}

/**
 * qos_opts_field() - the field of struct mdgpu_qos_opts for a QoS setting
 * @opts: the options
 * @k: the setting
 *
 * Return: a pointer to the field.
 */
__u32 *qos_opts_field(struct mdgpu_qos_opts *opts, enum qos_knob k)
{
	__u32 *f[QOS_CNT] = {
		[QOS_WEIGHT] = &opts->weight,
		[QOS_MIN_SHARE] = &opts->min_share,
		[QOS_MAX_SHARE] = &opts->max_share,
		[QOS_RESERVE] = &opts->reserve,
		[QOS_PRIORITY] = &opts->priority,
		[QOS_TIMESLICE_US] = &opts->timeslice_us,
	};

	return f[k];
}

/**
 * sched_opts_field() - the field of struct mdgpu_sched_opts for a setting
 * @opts: the options
 * @k: the setting
 *
 * Return: a pointer to the field.
 */
__u32 *sched_opts_field(struct mdgpu_sched_opts *opts, enum sched_knob k)
{
	__u32 *f[SCHED_CNT] = {
		[SCHED_POLICY] = &opts->policy,
		[SCHED_TIMESLICE_US] = &opts->timeslice_us,
		[SCHED_PERIOD_MS] = &opts->sched_period_ms,
		[SCHED_WATCHDOG_MS] = &opts->watchdog_ms,
	};

	return f[k];
}

/**
 * mdgpu_sched_policy_str() - the sysfs name of a scheduling policy
 * @policy: the policy
 *
 * Return: "best_effort", "equal_share", "fixed_share", "weighted", or NULL
 * for a value that is not a policy.
 */
MDGPU_API const char *mdgpu_sched_policy_str(enum mdgpu_sched_policy policy)
{
	return (unsigned int)policy < MDGPU_SCHED_POLICY_CNT ?
		       policy_names[policy] :
		       NULL;
}

/**
 * mdgpu_sched_policy_parse() - a scheduling policy from its sysfs name
 * @name: "best_effort", "equal_share", "fixed_share" or "weighted"
 *
 * Return: the enum mdgpu_sched_policy, or -EINVAL (errno set).
 */
MDGPU_API int mdgpu_sched_policy_parse(const char *name)
{
	int i;

	for (i = 0; name && i < MDGPU_SCHED_POLICY_CNT; i++) {
		if (!strcmp(name, policy_names[i]))
			return i;
	}
	return lib_err(-EINVAL);
}

/**
 * mdgpu_vgpu_mode_str() - the sysfs name of a vGPU mode
 * @mode: the mode
 *
 * Return: "timesliced" or "spatial", or NULL for a value that is not a mode.
 */
MDGPU_API const char *mdgpu_vgpu_mode_str(enum mdgpu_vgpu_mode mode)
{
	switch (mode) {
	case MDGPU_MODE_TIMESLICED:
		return "timesliced";
	case MDGPU_MODE_SPATIAL:
		return "spatial";
	}
	return NULL;
}

/* Split "key=value"; -EINVAL with a message if there is no '='. */
static int split_kv(const char *kv, char *key, size_t size, const char **value)
{
	const char *eq = kv ? strchr(kv, '=') : NULL;

	if (!eq || eq == kv || (size_t)(eq - kv) >= size) {
		pr_warn("'%s' is not a key=value setting\n",
			kv ? kv : "(null)");
		return -EINVAL;
	}
	memcpy(key, kv, eq - kv);
	key[eq - kv] = '\0';
	*value = eq + 1;
	return 0;
}

static void list_keys(const struct knob *knobs, int nr, char *buf, size_t size)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < nr && len < size; i++)
		len += snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
				knobs[i].name);
}

/* Parse and range-check one number for @k; -EINVAL with a message, @out untouched. */
static int parse_knob_value(const struct knob *k, const char *value, __u32 *out)
{
	char range[64];
	__u32 v;

	knob_range_str(k, range, sizeof(range));
	if (parse_u32(value, &v)) {
		pr_warn("%s=%s: not a decimal number; %s takes %s\n", k->name,
			value, k->name, range);
		return -EINVAL;
	}
	if (!knob_in_range(k, v)) {
		pr_warn("%s=%s: out of range; %s takes %s\n", k->name, value,
			k->name, range);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

/**
 * mdgpu_qos_opts__parse() - add one "key=value" QoS setting to options
 * @opts: options to fill (from MDGPU_OPTS(mdgpu_qos_opts, ...))
 * @key_value: "weight=200", "min_share=2500", ...; keys and ranges are
 *	those of struct mdgpu_qos_opts
 *
 * The value is checked against the key's documented range, so that a bad
 * request is refused before anything is written.
 *
 * Return: 0, or -EINVAL (errno set, message printed) for an unknown key, a
 * value that is not a decimal number, or one out of range.
 */
MDGPU_API int mdgpu_qos_opts__parse(struct mdgpu_qos_opts *opts,
				    const char *key_value)
{
	const char *value;
	char key[32], keys[128];
	int i, ret;

	if (!opts || !OPTS_VALID(opts, mdgpu_qos_opts))
		return lib_err(-EINVAL);
	ret = split_kv(key_value, key, sizeof(key), &value);
	if (ret)
		return lib_err(ret);
	for (i = 0; i < QOS_CNT; i++) {
		if (strcmp(key, qos_knobs[i].name))
			continue;
		ret = parse_knob_value(&qos_knobs[i], value,
				       qos_opts_field(opts, i));
		if (ret)
			return lib_err(ret);
		opts->mask |= 1U << i;
		return 0;
	}
	list_keys(qos_knobs, QOS_CNT, keys, sizeof(keys));
	pr_warn("unknown QoS setting '%s'; the settings are %s\n", key, keys);
	return lib_err(-EINVAL);
}

/**
 * mdgpu_sched_opts__parse() - add one "key=value" scheduler setting to options
 * @opts: options to fill (from MDGPU_OPTS(mdgpu_sched_opts, ...))
 * @key_value: "sched_policy=weighted", "timeslice_us=1000",
 *	"sched_period_ms=50", "watchdog_ms=0"
 *
 * Return: 0, or -EINVAL (errno set, message printed) for an unknown key or
 * policy, a value that is not a decimal number, or one out of range.
 */
MDGPU_API int mdgpu_sched_opts__parse(struct mdgpu_sched_opts *opts,
				      const char *key_value)
{
	const char *value;
	char key[32], keys[128];
	int i, ret;

	if (!opts || !OPTS_VALID(opts, mdgpu_sched_opts))
		return lib_err(-EINVAL);
	ret = split_kv(key_value, key, sizeof(key), &value);
	if (ret)
		return lib_err(ret);
	if (!strcmp(key, sched_knobs[SCHED_POLICY].name)) {
		ret = mdgpu_sched_policy_parse(value);
		if (ret < 0) {
			pr_warn("sched_policy=%s: unknown policy; the policies are best_effort, equal_share, fixed_share and weighted\n",
				value);
			return lib_err(-EINVAL);
		}
		opts->policy = ret;
		opts->mask |= MDGPU_SCHED_SET_POLICY;
		return 0;
	}
	for (i = SCHED_POLICY + 1; i < SCHED_CNT; i++) {
		if (strcmp(key, sched_knobs[i].name))
			continue;
		ret = parse_knob_value(&sched_knobs[i], value,
				       sched_opts_field(opts, i));
		if (ret)
			return lib_err(ret);
		opts->mask |= 1U << i;
		return 0;
	}
	list_keys(sched_knobs, SCHED_CNT, keys, sizeof(keys));
	pr_warn("unknown scheduler setting '%s'; the settings are %s\n", key,
		keys);
	return lib_err(-EINVAL);
}

/* The text a knob's attribute takes: a policy name or a decimal number. */
static void knob_value_str(const struct knob_target *t, int k, __u32 v,
			   char *buf, size_t size)
{
	if (t->knobs == sched_knobs && k == SCHED_POLICY)
		snprintf(buf, size, "%s", mdgpu_sched_policy_str(v) ?: "?");
	else
		snprintf(buf, size, "%u", v);
}

static int knob_write_one(const struct knob_target *t, int k, __u32 v,
			  char *rel, size_t size)
{
	char val[32];

	if (snprintf(rel, size, "%s/%s", t->dir, t->knobs[k].name) >= (int)size)
		return -ENAMETOOLONG;
	knob_value_str(t, k, v, val, sizeof(val) - 1);
	strcat(val, "\n");
	return sysfs_write(t->root, rel, val);
}

/**
 * knob_apply() - write settings in order, undoing them all if one is refused
 * @t: what to write to
 * @w: the writes, in the order that keeps every intermediate state valid
 * @nr: number of writes
 *
 * Nothing is half-applied: when the kernel refuses a write, the ones made
 * before it are written back with their old values (in reverse order, so
 * each intermediate state is one that was valid before).
 *
 * Return: 0, or the refused write's -errno after its explanation.
 */
int knob_apply(const struct knob_target *t, const struct knob_write *w, int nr)
{
	char rel[256], what[128], now[32], was[32];
	__u32 old[(int)QOS_CNT > (int)SCHED_CNT ? (int)QOS_CNT : (int)SCHED_CNT];
	int i, k, ret;

	for (i = 0; i < nr; i++) {
		k = w[i].knob;
		old[i] = t->cache[k];
		ret = knob_write_one(t, k, w[i].val, rel, sizeof(rel));
		if (ret)
			break;
		t->cache[k] = w[i].val;
		knob_value_str(t, k, w[i].val, now, sizeof(now));
		knob_value_str(t, k, old[i], was, sizeof(was));
		pr_info("%s: %s set to %s (was %s)\n", t->who, t->knobs[k].name,
			now, was);
	}
	if (i == nr)
		return 0;
	if (t->explain && (ret == -EINVAL || ret == -ENOSPC || ret == -EBUSY)) {
		t->explain(t->obj, w[i].knob, w[i].val, ret);
	} else {
		knob_value_str(t, w[i].knob, w[i].val, now, sizeof(now));
		snprintf(what, sizeof(what), "%s: set %s=%s", t->who,
			 t->knobs[w[i].knob].name, now);
		lib_write_failed(ret, what, t->root, rel);
	}
	while (i-- > 0) {
		k = w[i].knob;
		knob_value_str(t, k, old[i], was, sizeof(was));
		if (knob_write_one(t, k, old[i], rel, sizeof(rel)))
			pr_warn("%s: could not restore %s to %s after the failure\n",
				t->who, t->knobs[k].name, was);
		else
			t->cache[k] = old[i];
	}
	return ret;
}
