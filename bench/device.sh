#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Device benchmark, run inside the test VM: the same NOP latency and spin
# throughput measured mediated (VFIO + libmdgpu-rt, bench/mdgpu-devbench)
# and unmediated (debugfs 'direct', no VFIO, no trap, no ring copy), in the
# same run, repeated; prints one JSON object with medians and ratios.
set -euo pipefail
cd "$(dirname "$0")/.."

REPEATS=${REPEATS:-5}
NOPS=${NOPS:-1000}
SMALL=${SMALL:-400}
LARGE=${LARGE:-40}
# f32 GEMMs: compute-bound work, where the simulated units' CPU time is the
# work done (a spin is wall-clock time, done even while its thread waits).
GSMALL=${GSMALL:-200}
GSDIM=${GSDIM:-16}
GLARGE=${GLARGE:-20}
GLDIM=${GLDIM:-128}
G=/sys/class/mdgpu/gpu0
D=/sys/kernel/debug/mdgpu/gpu0/direct
CUS=$(cat $G/compute_units)

direct() { # MODE KIND COUNT [ARG [GRID]] -> the result line
	python3 - "$D" "$*" <<'PY'
import os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
os.write(fd, sys.argv[2].encode())
print(os.read(fd, 256).decode().strip())
PY
}

field() { # LINE KEY
	sed -n "s/.*\\b$2[=\":]*\\([0-9][0-9]*\\).*/\\1/p" <<<"$1"
}

u=$(cat /proc/sys/kernel/random/uuid)
echo "$u" >$G/mdev_supported_types/mdgpu-ts.16m/create
trap 'echo 1 > /sys/bus/mdev/devices/$u/remove' EXIT

rows=()
for ((r = 0; r < REPEATS; r++)); do
	# Mediated and direct alternate, and which goes first alternates too,
	# so that a drift of the host's load falls on both alike.
	if ((r % 2 == 0)); then
		m=$(build/bench/mdgpu-devbench "$u" "$NOPS" "$SMALL" "$LARGE" "$GSMALL" "$GSDIM" "$GLARGE" "$GLDIM")
	fi
	dn=$(direct seq nop "$NOPS")
	ds=$(direct batch spin "$SMALL" 50000 "$CUS")
	dl=$(direct batch spin "$LARGE" 1000000 "$CUS")
	dgs=$(direct batch gemm "$GSMALL" "$GSDIM" "$CUS")
	dgl=$(direct batch gemm "$GLARGE" "$GLDIM" "$CUS")
	if ((r % 2 == 1)); then
		m=$(build/bench/mdgpu-devbench "$u" "$NOPS" "$SMALL" "$LARGE" "$GSMALL" "$GSDIM" "$GLARGE" "$GLDIM")
	fi
	rows+=("$(field "$(grep nop_latency <<<"$m")" p50_ns) $(field "$(grep nop_latency <<<"$m")" p99_ns)\
 $(field "$dn" p50_ns) $(field "$dn" p99_ns)\
 $(field "$(grep '"small"' <<<"$m")" total_ns) $(field "$ds" total_ns)\
 $(field "$(grep '"large"' <<<"$m")" total_ns) $(field "$dl" total_ns)\
 $(field "$(grep '"gemm_small"' <<<"$m")" total_ns) $(field "$dgs" total_ns)\
 $(field "$(grep '"gemm_large"' <<<"$m")" total_ns) $(field "$dgl" total_ns)")
done

printf '%s\n' "${rows[@]}" | python3 -c '
import json, statistics, sys
rows = [list(map(int, l.split())) for l in sys.stdin if l.strip()]
cols = list(zip(*rows))
med = lambda i: statistics.median(cols[i])
out = {
  "config": {"repeats": len(rows), "nops": '"$NOPS"', "small": {"count": '"$SMALL"', "spin_ns": 50000},
             "large": {"count": '"$LARGE"', "spin_ns": 1000000},
             "gemm_small": {"count": '"$GSMALL"', "dim": '"$GSDIM"'},
             "gemm_large": {"count": '"$GLARGE"', "dim": '"$GLDIM"'}, "grid": '"$CUS"',
             "vgpu": "ts.16m", "load_avg": open("/proc/loadavg").read().split()[0]},
  "nop_latency_ns": {"mediated_p50": med(0), "mediated_p99": med(1),
                     "direct_p50": med(2), "direct_p99": med(3)},
  "nop_latency_ratio_p50": med(0) / max(med(2), 1),
  "nop_latency_ratio_p99": med(1) / max(med(3), 1),
  # throughput ratio = direct time / mediated time for the same work
  "small_throughput_ratio": statistics.median([r[5] / r[4] for r in rows]),
  "large_throughput_ratio": statistics.median([r[7] / r[6] for r in rows]),
  "gemm_small_throughput_ratio": statistics.median([r[9] / r[8] for r in rows]),
  "gemm_large_throughput_ratio": statistics.median([r[11] / r[10] for r in rows]),
  # time per command, ns (medians): what "small" and "large" amount to here
  "per_command_ns": {k: statistics.median([r[i] / n for r in rows]) for k, i, n in
                     [("spin_small_mediated", 4, '"$SMALL"'), ("spin_small_direct", 5, '"$SMALL"'),
                      ("spin_large_mediated", 6, '"$LARGE"'), ("spin_large_direct", 7, '"$LARGE"'),
                      ("gemm_small_mediated", 8, '"$GSMALL"'), ("gemm_small_direct", 9, '"$GSMALL"'),
                      ("gemm_large_mediated", 10, '"$GLARGE"'), ("gemm_large_direct", 11, '"$GLARGE"')]},
  "raw": rows,
}
print(json.dumps(out, indent=1))
'
