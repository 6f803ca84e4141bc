#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The isolation benchmark's measurements, run inside the test VM by
# bench/run-partition on a simulated GPU of 2 compute units: a spatial vGPU
# (one unit of its own) runs all the time, and its neighbours on the other
# unit run only in the middle third. The spatial vGPU's work rate in the
# middle third over its rate in the first and last thirds is its isolation.
# Neighbours: another spatial vGPU ("spatial"), or two time-sliced vGPUs on
# the shared unit ("timesliced"). Each run is one mdgpu-load process, so
# every rate comes from the same clock and the same samples. Raw JSON lines
# go to $VMTEST_RESULTS/raw/<experiment>-<kernel>-<repeat>.jsonl;
# bench/partition-report turns them into bench/results/partition.json.
#
# usage: bench/partition-vm.sh [--repeats N] [--secs S] [--kernels LIST] [--poll-us US] [--wait poll|irq]
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
# shellcheck source=bench/loadlib.sh
. bench/loadlib.sh

repeats=5
secs=5
kernels=gemm,spin
poll_us=1000
wait_mode=irq
while [ $# -gt 0 ]; do
	case $1 in
	--repeats) repeats=$2; shift ;;
	--secs) secs=$2; shift ;;
	--kernels) kernels=$2; shift ;;
	--poll-us) poll_us=$2; shift ;;
	--wait) wait_mode=$2; shift ;;
	*) echo "partition-vm: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

raw=${VMTEST_RESULTS:-/tmp}/raw
mkdir -p "$raw" || exit 2
ll_have_load || { echo "partition-vm: $LL_LOAD is not built" >&2; exit 2; }
trap ll_cleanup EXIT

note() {
	echo "partition-vm: $*" >&2
}

cus=$(cat "$LL_GPU/compute_units")
[ "$cus" = 2 ] || { note "the GPU has $cus compute units, want 2 (--sim-params compute_units=2)"; exit 2; }

# The smallest spatial and time-sliced profiles (the types' descriptions
# are key=value lines, docs/abi.md).
smallest() { # MODE: the profile of MODE with the least memory
	local t best='' bmem=0 mode mem name
	for t in "$LL_TYPES"/mdgpu-*; do
		mode=$(sed -n 's/^mode=//p' "$t/description")
		mem=$(sed -n 's/^memory=//p' "$t/description")
		name=${t##*/mdgpu-}
		[ "$mode" = "$1" ] || continue
		if [ -z "$best" ] || [ "$mem" -lt "$bmem" ]; then
			best=$name
			bmem=$mem
		fi
	done
	echo "$best"
}
spatial=$(smallest spatial)
sliced=$(smallest timesliced)
[ -n "$spatial" ] && [ -n "$sliced" ] || { note "no spatial or time-sliced profile"; exit 2; }

# Work: GEMMs of 96 x 96 x 96 (f32) or 1 ms spins, 2 work-groups a
# command, 8 in flight: the queue never runs dry and a chunk is short
# against the 2 ms slice.
load_args() { # KERNEL
	case $1 in
	gemm) echo "-k gemm -m 96 -g 2 -q 8" ;;
	spin) echo "-k spin -t 1000 -g 2 -q 8" ;;
	*) note "unknown kernel $1"; exit 2 ;;
	esac
}

fresh() {
	ll_cleanup
	ll_gpu_set sched_policy weighted
	ll_gpu_set timeslice_us 2000
	ll_gpu_set watchdog_ms 2000
}

# run NAME ARGS...: one measurement into $raw/NAME.jsonl.
run() {
	local name=$1
	shift
	note "$name"
	ll_load "$raw/$name.jsonl" "$@" || note "$name: mdgpu-load exited with $?"
}

cat >"$raw/meta.json" <<EOF
{"repeats": $repeats, "secs": $secs, "compute_units": $cus, "vcpus": $(nproc),
 "kernel": "$(uname -r)", "spatial_profile": "$spatial", "timesliced_profile": "$sliced",
 "kernels": "$kernels", "gemm_dim": 96, "spin_us": 1000, "grid": 2, "inflight": 8,
 "timeslice_us": 2000, "poll_us": $poll_us, "wait": "$wait_mode", "sample_ms": 500,
 "guest_loadavg_start": "$(cut -d' ' -f1-3 /proc/loadavg)"}
EOF

s='' n='' a='' b=''
total=$((3 * secs))
phases="idle:$secs,run:$secs,idle:$secs"
IFS=, read -ra klist <<<"$kernels"
for ((r = 1; r <= repeats; r++)); do
	for k in "${klist[@]}"; do
		# shellcheck disable=SC2207 # words on purpose
		args=($(load_args "$k"))
		# A spatial neighbour on the other unit.
		fresh
		ll_vgpu s "$spatial" && ll_vgpu n "$spatial" || { note "cannot create the spatial vGPUs"; exit 1; }
		run "spatial-$k-$r" -i 500 -p "$poll_us" -W "$wait_mode" "${args[@]}" -d "$total" -l s -u "$s" \
			-P "$phases" -l n -u "$n"
		# Two time-sliced neighbours sharing the other unit.
		fresh
		ll_vgpu s "$spatial" && ll_vgpu a "$sliced" && ll_vgpu b "$sliced" ||
			{ note "cannot create the vGPUs"; exit 1; }
		run "timesliced-$k-$r" -i 500 -p "$poll_us" -W "$wait_mode" "${args[@]}" -d "$total" -l s -u "$s" \
			-P "$phases" -l a -u "$a" -l b -u "$b"
	done
done
ll_cleanup
