#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Device benchmark, run inside the test VM: NOP latency and the throughput
# of spin and GEMM batches, measured mediated (VFIO + libmdgpu-rt) and
# unmediated (debugfs 'direct', no VFIO, no trap, no ring copy) in pairs run
# back to back by bench/mdgpu-devbench; prints one JSON object with the
# medians over the pairs and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."

PAIRS=${PAIRS:-21}
NOPS=${NOPS:-1000}
SMALL=${SMALL:-400}
LARGE=${LARGE:-100}
# f32 GEMMs: compute-bound work, where the simulated units' CPU time is the
# work done (a spin is wall-clock time, done even while its thread waits).
GSMALL=${GSMALL:-200}
GSDIM=${GSDIM:-16}
GLARGE=${GLARGE:-40}
GLDIM=${GLDIM:-128}
G=/sys/class/mdgpu/gpu0

u=$(cat /proc/sys/kernel/random/uuid)
echo "$u" >$G/mdev_supported_types/mdgpu-ts.16m/create
trap 'echo 1 > /sys/bus/mdev/devices/$u/remove' EXIT

# Each pair runs every measure mediated and direct back to back, so that
# both halves see the same host; which goes first alternates.
build/bench/mdgpu-devbench -p "$PAIRS" "$u" "$NOPS" "$SMALL" "$LARGE" \
	"$GSMALL" "$GSDIM" "$GLARGE" "$GLDIM" >/tmp/devbench.jsonl

python3 - /tmp/devbench.jsonl <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
med = statistics.median
by = lambda t: [r for r in rows if r["test"] == t]
nop = by("nop_latency")
out = {
    "config": {"pairs": len(nop), "nops": nop[0]["count"], "vgpu": "ts.16m",
               "grid": by("large")[0]["grid"],
               "load_avg": open("/proc/loadavg").read().split()[0]},
    "nop_latency_ns": {k: med([r[k + "_ns"] for r in nop]) for k in
                       ("mediated_p50", "mediated_p99", "direct_p50", "direct_p99")},
    "nop_latency_ratio_p50": med([r["mediated_p50_ns"] / max(r["direct_p50_ns"], 1) for r in nop]),
    "nop_latency_ratio_p99": med([r["mediated_p99_ns"] / max(r["direct_p99_ns"], 1) for r in nop]),
}
for t in ("small", "large", "gemm_small", "gemm_large"):
    rs = by(t)
    # throughput ratio = direct time / mediated time for the same work
    ratios = sorted(r["direct_ns"] / r["mediated_ns"] for r in rs)
    out[t] = {"kind": rs[0]["kind"], "count": rs[0]["count"],
              ("spin_ns" if rs[0]["kind"] == "spin" else "dim"): rs[0]["arg"],
              "throughput_ratio": med(ratios),
              "ratio_min": ratios[0], "ratio_max": ratios[-1],
              "ratio_quartiles": [ratios[len(ratios) // 4], ratios[(3 * len(ratios)) // 4]],
              "mediated_ns_per_command": med([r["mediated_ns"] / r["count"] for r in rs]),
              "direct_ns_per_command": med([r["direct_ns"] / r["count"] for r in rs])}
out["raw"] = rows
print(json.dumps(out, indent=1))
PY
