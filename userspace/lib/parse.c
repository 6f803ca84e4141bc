// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Strict parsers of what mdgpu's sysfs attributes print (docs/abi.md):
 * decimal numbers with nothing around them, one-line values, key=value
 * blocks, the profiles and vgpus listings and the latency histogram.
 * Anything else is -EPROTO: the kernel and the library disagree.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib_internal.h"

/**
 * parse_u64() - a decimal number, digits only
 * @s: the text; no sign, no spaces, nothing after the digits
 * @out: the value
 *
 * Return: 0, or -EINVAL if @s is not a decimal number, -ERANGE if it does
 * not fit in 64 bits.
 */
int parse_u64(const char *s, __u64 *out)
{
	__u64 v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		if (v > (UINT64_MAX - (*s - '0')) / 10)
			return -ERANGE;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 0;
}

/**
 * parse_u32() - a decimal number that fits in 32 bits
 * @s: the text, as for parse_u64()
 * @out: the value
 *
 * Return: 0, -EINVAL or -ERANGE.
 */
int parse_u32(const char *s, __u32 *out)
{
	__u64 v;
	int ret = parse_u64(s, &v);

	if (ret)
		return ret;
	if (v > UINT32_MAX)
		return -ERANGE;
	*out = v;
	return 0;
}

/*
 * A one-line attribute: exactly one '\n', at the end. Returns the length of
 * the line without it, or -EPROTO.
 */
static int one_line(const char *buf)
{
	const char *nl = strchr(buf, '\n');

	if (!nl || nl == buf || nl[1])
		return -EPROTO;
	return nl - buf;
}

/* A word: non-empty printable ASCII without spaces, copied to @out. */
static int parse_word(const char *s, char *out, size_t size)
{
	size_t i, len = strlen(s);

	if (!len || len >= size)
		return -EPROTO;
	for (i = 0; i < len; i++) {
		if (!isgraph((unsigned char)s[i]))
			return -EPROTO;
	}
	memcpy(out, s, len + 1);
	return 0;
}

/**
 * parse_line_u64() - a one-line decimal attribute ("123\n")
 * @buf: the attribute's text
 * @out: the value
 *
 * Return: 0 or -EPROTO.
 */
int parse_line_u64(const char *buf, __u64 *out)
{
	char tmp[24];
	int len = one_line(buf);

	if (len < 0 || len >= (int)sizeof(tmp))
		return -EPROTO;
	memcpy(tmp, buf, len);
	tmp[len] = '\0';
	return parse_u64(tmp, out) ? -EPROTO : 0;
}

/**
 * parse_line_u32() - a one-line decimal attribute that fits in 32 bits
 * @buf: the attribute's text
 * @out: the value
 *
 * Return: 0 or -EPROTO.
 */
int parse_line_u32(const char *buf, __u32 *out)
{
	__u64 v;

	if (parse_line_u64(buf, &v) || v > UINT32_MAX)
		return -EPROTO;
	*out = v;
	return 0;
}

/**
 * parse_line_word() - a one-line attribute holding one word ("best_effort\n")
 * @buf: the attribute's text
 * @out: the word, NUL-terminated
 * @size: bytes in @out
 *
 * A word is printable ASCII without spaces.
 *
 * Return: 0 or -EPROTO.
 */
int parse_line_word(const char *buf, char *out, size_t size)
{
	char tmp[256];
	int len = one_line(buf);

	if (len < 0 || (size_t)len >= sizeof(tmp))
		return -EPROTO;
	memcpy(tmp, buf, len);
	tmp[len] = '\0';
	return parse_word(tmp, out, size);
}

/**
 * next_line() - cut the next '\n'-terminated line out of a buffer
 * @cursor: position in the buffer; advanced past the line
 *
 * Return: the line without its '\n' (NUL-terminated in place), or NULL at
 * the end of the buffer or before a last line that lacks its '\n' (which
 * the caller sees as *@cursor still pointing at text).
 */
char *next_line(char **cursor)
{
	char *line = *cursor, *nl;

	if (!*line)
		return NULL;
	nl = strchr(line, '\n');
	if (!nl)
		return NULL;
	*nl = '\0';
	*cursor = nl + 1;
	return line;
}

/**
 * parse_kv() - a key=value attribute with known keys
 * @buf: the text, modified in place
 * @fields: the keys that must each appear exactly once
 * @nr: entries in @fields
 *
 * Keys not in @fields are skipped, so that the kernel may add some; a line
 * without '=', a key seen twice, a value that is not a decimal number up to
 * the field's maximum, or a missing key are errors.
 *
 * Return: 0 or -EPROTO.
 */
int parse_kv(char *buf, const struct kv_field *fields, size_t nr)
{
	__u64 seen = 0;
	char *cur = buf, *line, *eq;
	size_t i;

	if (nr > 64)
		return -EINVAL;
	while ((line = next_line(&cur))) {
		eq = strchr(line, '=');
		if (!eq || eq == line)
			return -EPROTO;
		*eq = '\0';
		for (i = 0; i < nr; i++) {
			if (strcmp(line, fields[i].key))
				continue;
			if (seen & (1ULL << i))
				return -EPROTO;
			if (!fields[i].val) {
				if (parse_word(eq + 1, fields[i].str,
					       fields[i].str_size))
					return -EPROTO;
			} else if (parse_u64(eq + 1, fields[i].val) ||
				   *fields[i].val > fields[i].max) {
				return -EPROTO;
			}
			seen |= 1ULL << i;
		}
	}
	if (*cur)
		return -EPROTO;
	return seen == (nr == 64 ? ~0ULL : (1ULL << nr) - 1) ? 0 : -EPROTO;
}

/* Split a line into exactly @nr space-separated fields. */
static int split(char *line, char **f, int nr)
{
	int i;

	for (i = 0; i < nr; i++) {
		f[i] = line;
		line = strchr(line, ' ');
		if (i < nr - 1) {
			if (!line)
				return -EPROTO;
			*line++ = '\0';
		} else if (line) {
			return -EPROTO;
		}
		if (!*f[i])
			return -EPROTO;
	}
	return 0;
}

/**
 * parse_profile_line() - one line of gpuN/profiles
 * @line: "name mode compute_units memory_bytes available max_instances",
 *	modified in place
 * @p: filled in (name, mode, compute_units, memory_bytes, available,
 *	max_instances; mdev_type is derived from the name)
 *
 * Return: 0 or -EPROTO.
 */
int parse_profile_line(char *line, struct mdgpu_profile *p)
{
	char *f[6];
	size_t i;
	int n;

	if (split(line, f, 6))
		return -EPROTO;
	if (strlen(f[0]) >= sizeof(p->name))
		return -EPROTO;
	for (i = 0; f[0][i]; i++) {
		if (!isalnum((unsigned char)f[0][i]) && !strchr("._-", f[0][i]))
			return -EPROTO;
	}
	if (!strcmp(f[1], "timesliced"))
		p->mode = MDGPU_MODE_TIMESLICED;
	else if (!strcmp(f[1], "spatial"))
		p->mode = MDGPU_MODE_SPATIAL;
	else
		return -EPROTO;
	if (parse_u32(f[2], &p->compute_units) ||
	    parse_u64(f[3], &p->memory_bytes) ||
	    parse_u32(f[4], &p->available) ||
	    parse_u32(f[5], &p->max_instances))
		return -EPROTO;
	if ((p->mode == MDGPU_MODE_SPATIAL) != (p->compute_units > 0) ||
	    !p->memory_bytes)
		return -EPROTO;
	strcpy(p->name, f[0]);
	n = snprintf(p->mdev_type, sizeof(p->mdev_type), "mdgpu-%s", p->name);
	return n > 0 && (size_t)n < sizeof(p->mdev_type) ? 0 : -EPROTO;
}

/**
 * parse_vgpu_line() - the UUID of one line of gpuN/vgpus
 * @line: "uuid profile slice_start slices cu_start cus mem_offset",
 *	modified in place
 * @uuid: the UUID, lower case
 *
 * The other fields are checked for form only: the vGPU's own directory is
 * where the library reads them.
 *
 * Return: 0 or -EPROTO.
 */
int parse_vgpu_line(char *line, char uuid[MDGPU_UUID_SIZE])
{
	char *f[7];
	__u64 v;
	int i;

	if (split(line, f, 7) || mdgpu_uuid_normalize(f[0], uuid))
		return -EPROTO;
	for (i = 2; i < 7; i++) {
		if (parse_u64(f[i], &v))
			return -EPROTO;
	}
	return 0;
}

/**
 * parse_latency_hist() - mdgpu/latency_hist
 * @buf: one line per bucket, "limit_ns count", the last "inf count";
 *	modified in place
 * @h: filled in; @h->sz is not touched
 *
 * Limits must increase strictly and "inf" must end the listing.
 *
 * Return: 0, or -EPROTO (also for more than %MDGPU_LAT_BUCKETS_MAX buckets).
 */
int parse_latency_hist(char *buf, struct mdgpu_latency_hist *h)
{
	char *cur = buf, *line, *f[2];
	__u32 n = 0;
	bool inf = false;

	while ((line = next_line(&cur))) {
		if (inf || n >= MDGPU_LAT_BUCKETS_MAX || split(line, f, 2))
			return -EPROTO;
		if (!strcmp(f[0], "inf")) {
			inf = true;
			h->limit_ns[n] = UINT64_MAX;
		} else if (parse_u64(f[0], &h->limit_ns[n]) ||
			   h->limit_ns[n] == UINT64_MAX ||
			   (n && h->limit_ns[n] <= h->limit_ns[n - 1])) {
			return -EPROTO;
		}
		if (parse_u64(f[1], &h->count[n]))
			return -EPROTO;
		n++;
	}
	if (*cur || !inf)
		return -EPROTO;
	h->nr_buckets = n;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/**
 * mdgpu_uuid_normalize() - check a UUID and print it in lower case
 * @in: 8-4-4-4-12 hexadecimal digits, either case
 * @out: the same UUID in lower case, as sysfs names it
 *
 * Return: 0, or -EINVAL (errno set) if @in is not a UUID.
 */
MDGPU_API int mdgpu_uuid_normalize(const char *in, char out[MDGPU_UUID_SIZE])
{
	int i;

	if (!in || strlen(in) != MDGPU_UUID_LEN)
		return lib_err(-EINVAL);
	for (i = 0; i < MDGPU_UUID_LEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (in[i] != '-')
				return lib_err(-EINVAL);
		} else if (hexval(in[i]) < 0) {
			return lib_err(-EINVAL);
		}
	}
	for (i = 0; i < MDGPU_UUID_LEN; i++)
		out[i] = tolower((unsigned char)in[i]);
	out[MDGPU_UUID_LEN] = '\0';
	return 0;
}
