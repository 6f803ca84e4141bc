#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The scheduler benchmark's measurements, run inside the test VM by
# bench/run-sched: each experiment runs bench/mdgpu-load on fresh vGPUs and
# keeps its JSON lines in $VMTEST_RESULTS/raw/<experiment>-<repeat>.jsonl;
# bench/sched-report turns them into bench/results/sched.json.
#
# usage: bench/sched-vm.sh [--repeats N] [--secs S] [--slice-us US] [--only LIST]
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
# shellcheck source=bench/loadlib.sh
. bench/loadlib.sh

repeats=3
secs=8
slice_us=2000
only=
while [ $# -gt 0 ]; do
	case $1 in
	--repeats) repeats=$2; shift ;;
	--secs) secs=$2; shift ;;
	--slice-us) slice_us=$2; shift ;;
	--only) only=$2; shift ;;
	*) echo "sched-vm: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

raw=${VMTEST_RESULTS:-/tmp}/raw
mkdir -p "$raw" || exit 2
ll_have_load || { echo "sched-vm: $LL_LOAD is not built" >&2; exit 2; }
trap ll_cleanup EXIT

# The load of every experiment: 1 ms spins on all compute units, 1 s
# samples (10 ms for the reconfiguration run).
LOAD=(-p 1000 -t 1000)

note() {
	echo "sched-vm: $*" >&2
}

want() { # EXPERIMENT: run it unless --only excludes it
	[ -z "$only" ] || [[ ,$only, == *,$1,* ]]
}

# fresh_vgpus N: remove ours, reset the GPU's knobs, create N vGPUs into V.
V=()
fresh_vgpus() {
	local i u
	ll_cleanup
	ll_gpu_set sched_policy weighted
	ll_gpu_set timeslice_us "$slice_us"
	ll_gpu_set sched_period_ms 100
	ll_gpu_set watchdog_ms 2000
	V=()
	for ((i = 0; i < $1; i++)); do
		ll_vgpu u || { note "cannot create vGPU $((i + 1)) of $1"; exit 1; }
		V+=("$u")
	done
}

# run NAME ARGS...: one measurement into $raw/NAME.jsonl.
run() {
	local name=$1
	shift
	note "$name"
	ll_load "$raw/$name.jsonl" "$@" || note "$name: mdgpu-load exited with $?"
}

# labels: "-l v0 -u UUID0 -l v1 -u UUID1 ..." for the vGPUs in V.
labels() {
	local i
	for i in "${!V[@]}"; do
		printf -- '-l\nv%d\n-u\n%s\n' "$i" "${V[$i]}"
	done
}

cus=$(cat "$LL_GPU/compute_units")
cat >"$raw/meta.json" <<EOF
{"repeats": $repeats, "secs": $secs, "slice_us": $slice_us, "period_ms": 100,
 "compute_units": $cus, "vcpus": $(nproc), "kernel": "$(uname -r)",
 "spin_us": 1000, "grid": $cus, "inflight": 16, "poll_us": 1000,
 "guest_loadavg_start": "$(cut -d' ' -f1-3 /proc/loadavg)"}
EOF

for ((r = 1; r <= repeats; r++)); do
	# Weighted shares, 1:3 and 1:2:3:4.
	if want share; then
		fresh_vgpus 2
		ll_set "${V[1]}" weight 300
		mapfile -t L < <(labels)
		run "share2-$r" "${LOAD[@]}" -i 1000 -q 16 -d "$secs" "${L[@]}"
		fresh_vgpus 4
		for i in 1 2 3; do ll_set "${V[$i]}" weight $(((i + 1) * 100)); done
		mapfile -t L < <(labels)
		run "share4-$r" "${LOAD[@]}" -i 1000 -q 16 -d "$secs" "${L[@]}"
	fi
	# A cap of 30%: alone for half the run, then next to an uncapped vGPU.
	if want cap; then
		fresh_vgpus 2
		ll_set "${V[0]}" max_share 3000
		run "cap-$r" "${LOAD[@]}" -i 1000 -q 16 -d "$secs" -l v0 -u "${V[0]}" \
			-P "idle:$((secs / 2)),run:$((secs - secs / 2))" -l v1 -u "${V[1]}"
	fi
	# Work conservation: v0 always busy, v1 on and off every second.
	if want conserve; then
		fresh_vgpus 2
		run "conserve-$r" "${LOAD[@]}" -i 1000 -q 16 -d "$secs" -l v0 -u "${V[0]}" \
			-P "$(printf 'run:1,idle:1,%.0s' $(seq $((secs / 2))) | sed 's/,$//')" \
			-l v1 -u "${V[1]}"
	fi
	# One vGPU alone, then 2 and 4 time-sliced, alone again (drift check).
	if want exclusive; then
		fresh_vgpus 4
		run "alone-$r" "${LOAD[@]}" -i 1000 -q 16 -d "$((secs / 2 + 1))" -l v0 -u "${V[0]}"
		mapfile -t L < <(labels)
		run "sliced4-$r" "${LOAD[@]}" -i 1000 -q 16 -d "$((secs / 2 + 1))" "${L[@]}"
		run "sliced2-$r" "${LOAD[@]}" -i 1000 -q 16 -d "$((secs / 2 + 1))" "${L[@]:0:8}"
		run "alone2-$r" "${LOAD[@]}" -i 1000 -q 16 -d "$((secs / 2 + 1))" -l v0 -u "${V[0]}"
	fi
	# Reconfiguration: 1:1, then v1's weight to 300 at 3 s; 10 ms samples.
	if want reconfig; then
		fresh_vgpus 2
		mapfile -t L < <(labels)
		run "reconfig-$r" "${LOAD[@]}" -i 10 -q 16 -d 6 \
			-A "3:$LL_DEVICES/${V[1]}/mdgpu/weight=300" "${L[@]}"
	fi
	# Density: N vGPUs of equal weight.
	if want density; then
		for n in 2 4 8 16; do
			fresh_vgpus "$n"
			mapfile -t L < <(labels)
			run "density$n-$r" "${LOAD[@]}" -i 1000 -q $((n > 8 ? 8 : 16)) -d "$secs" \
				"${L[@]}"
		done
	fi
done
ll_cleanup
ll_gpu_set sched_policy best_effort
ll_gpu_set timeslice_us 2000
echo "sched-vm: done"
