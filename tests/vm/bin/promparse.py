#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Strict checker of the Prometheus text exposition format (0.0.4), for the
mdgpud VM tests (tests/vm/t46-daemon-metrics.sh). promtool's `check metrics`
only lints names; this parses every line and checks the rules a scraper
relies on:

* names and label names are valid; label values use only \\\\, \\" and \\n
  escapes; values are floats;
* each family has at most one HELP and one TYPE, the TYPE before its first
  sample, and the family's samples are contiguous;
* no series appears twice;
* counters end in _total and are >= 0;
* histograms have only _bucket (with le), _count and _sum samples; per
  label set the le bounds increase, the cumulative counts do not decrease,
  the last bucket is +Inf and equals _count;
* the text ends with a newline.

Usage: promparse.py FILE. Prints "ok: N families, N series" or the first
error with its line number; exit status 0 or 1.
"""
import math
import re
import sys

NAME = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")
LABEL = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")
TYPES = {"counter", "gauge", "histogram", "summary", "untyped"}


class Bad(Exception):
    pass


def parse_value(s):
    if s in ("+Inf", "Inf"):
        return math.inf
    if s == "-Inf":
        return -math.inf
    if s == "NaN":
        return math.nan
    if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", s):
        raise Bad("value %r is not a float" % s)
    return float(s)


def parse_labels(s, i):
    """Parse {a="b",...} from s[i] == '{'; return (dict, index after '}')."""
    labels = {}
    i += 1
    while True:
        if s[i] == "}":
            return labels, i + 1
        m = LABEL.match(s, i)
        if not m:
            raise Bad("bad label name at %r" % s[i:])
        name = m.group(0)
        i = m.end()
        if s[i:i + 2] != '="':
            raise Bad("label %s lacks =\"" % name)
        i += 2
        val = []
        while s[i] != '"':
            if s[i] == "\\":
                if s[i + 1] not in '\\"n':
                    raise Bad("bad escape \\%s in label %s" % (s[i + 1], name))
                val.append("\n" if s[i + 1] == "n" else s[i + 1])
                i += 2
            elif s[i] == "\n":
                raise Bad("raw newline in label %s" % name)
            else:
                val.append(s[i])
                i += 1
        i += 1
        if name in labels:
            raise Bad("label %s twice" % name)
        labels[name] = "".join(val)
        if s[i] == ",":
            i += 1
        elif s[i] != "}":
            raise Bad("expected , or } after label %s" % name)


def family_of(name, types):
    for suffix in ("_bucket", "_count", "_sum"):
        if name.endswith(suffix) and types.get(name[: -len(suffix)]) in ("histogram", "summary"):
            return name[: -len(suffix)]
    return name


def check(text):
    if not text.endswith("\n"):
        raise Bad("the text does not end with a newline")
    helps, types, done, series, sampled = {}, {}, set(), set(), set()
    current = None
    hists = {}
    nseries = 0
    for no, line in enumerate(text.split("\n")[:-1], 1):
        try:
            if line.startswith("#"):
                parts = line.split(" ", 3)
                if len(parts) >= 3 and parts[1] in ("HELP", "TYPE"):
                    name = parts[2]
                    if not NAME.fullmatch(name):
                        raise Bad("bad metric name %r" % name)
                    table = helps if parts[1] == "HELP" else types
                    if name in table:
                        raise Bad("second %s for %s" % (parts[1], name))
                    if name in done or (parts[1] == "TYPE" and name in sampled):
                        raise Bad("%s of %s after its samples" % (parts[1], name))
                    if parts[1] == "TYPE":
                        if len(parts) != 4 or parts[3] not in TYPES:
                            raise Bad("bad TYPE line")
                    table[name] = parts[3] if len(parts) == 4 else ""
                    if current != name:
                        if current:
                            done.add(current)
                        current = name
                continue
            if not line.strip():
                continue
            m = NAME.match(line)
            if not m:
                raise Bad("bad metric name")
            name = m.group(0)
            i = m.end()
            labels = {}
            if i < len(line) and line[i] == "{":
                labels, i = parse_labels(line, i)
            if line[i:i + 1] != " ":
                raise Bad("expected a space before the value")
            fields = line[i + 1:].split(" ")
            if len(fields) not in (1, 2):
                raise Bad("expected a value and at most a timestamp")
            value = parse_value(fields[0])
            fam = family_of(name, types)
            if fam in done:
                raise Bad("sample of %s after another family began" % fam)
            if fam != current:
                if current:
                    done.add(current)
                current = fam
            if fam not in types:
                raise Bad("sample of %s before its TYPE" % fam)
            sampled.add(fam)
            key = (name, tuple(sorted(labels.items())))
            if key in series:
                raise Bad("series %s%s twice" % key)
            series.add(key)
            nseries += 1
            kind = types[fam]
            if kind == "counter":
                if not fam.endswith("_total"):
                    raise Bad("counter %s does not end in _total" % fam)
                if not value >= 0:
                    raise Bad("counter %s is %s" % (fam, value))
            if kind == "histogram":
                if name == fam:
                    raise Bad("histogram %s has a bare sample" % fam)
                rest = tuple(sorted((k, v) for k, v in labels.items() if k != "le"))
                h = hists.setdefault((fam, rest), {"buckets": [], "count": None})
                if name == fam + "_bucket":
                    if "le" not in labels:
                        raise Bad("bucket without le")
                    le = parse_value(labels["le"])
                    if h["buckets"] and (le <= h["buckets"][-1][0] or value < h["buckets"][-1][1]):
                        raise Bad("buckets of %s%s not increasing" % (fam, rest))
                    if h["count"] is not None:
                        raise Bad("bucket after _count")
                    h["buckets"].append((le, value))
                elif name == fam + "_count":
                    h["count"] = value
        except (Bad, IndexError) as e:
            raise Bad("line %d: %s: %s" % (no, e, line))
    for (fam, rest), h in hists.items():
        if not h["buckets"] or h["buckets"][-1][0] != math.inf:
            raise Bad("histogram %s%s has no +Inf bucket" % (fam, rest))
        if h["count"] is None or h["count"] != h["buckets"][-1][1]:
            raise Bad("histogram %s%s: _count %s != +Inf bucket %s" %
                      (fam, rest, h["count"], h["buckets"][-1][1]))
    return len(types), nseries


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    try:
        fams, n = check(text)
    except Bad as e:
        print("invalid: %s" % e)
        return 1
    print("ok: %d families, %d series" % (fams, n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
