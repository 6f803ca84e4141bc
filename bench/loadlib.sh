# SPDX-License-Identifier: GPL-2.0-only
#
# Helpers around bench/mdgpu-load, shared by the scheduler VM tests
# (tests/vm/t3x-*.sh) and the benchmark (bench/sched-vm.sh): create vGPUs that
# go away with the caller, run the load generator, and reduce its JSON lines
# (sums over time windows, ratios, float checks). Needs jq and awk.
# shellcheck shell=bash

LL_REPO=${VMTEST_REPO:-${REPO:-$(pwd)}}
LL_LOAD=$LL_REPO/build/bench/mdgpu-load
LL_TYPES=/sys/class/mdgpu/gpu0/mdev_supported_types
LL_DEVICES=/sys/bus/mdev/devices
LL_GPU=/sys/class/mdgpu/gpu0
LL_VGPUS=()

# ll_have_load: true if `make` built the load generator.
ll_have_load() {
	[ -x "$LL_LOAD" ]
}

ll_cleanup() {
	local u
	for u in "${LL_VGPUS[@]}"; do
		[ -e "$LL_DEVICES/$u" ] && echo 1 >"$LL_DEVICES/$u/remove"
	done
	LL_VGPUS=()
	return 0
}

# ll_vgpu VAR [PROFILE]: create a vGPU (default ts.16m) on gpu0 into VAR;
# ll_cleanup removes it (call that from the caller's EXIT trap).
ll_vgpu() {
	local ll_new_uuid
	read -r ll_new_uuid </proc/sys/kernel/random/uuid
	echo "$ll_new_uuid" >"$LL_TYPES/mdgpu-${2:-ts.16m}/create" || return 1
	LL_VGPUS+=("$ll_new_uuid")
	printf -v "$1" %s "$ll_new_uuid"
}

# ll_set UUID ATTR VALUE: write a QoS attribute of a vGPU.
ll_set() {
	echo "$3" >"$LL_DEVICES/$1/mdgpu/$2"
}

# ll_gpu_set ATTR VALUE: write a scheduler attribute of gpu0.
ll_gpu_set() {
	echo "$2" >"$LL_GPU/$1"
}

# ll_load OUT ARGS...: run mdgpu-load with ARGS, its JSON lines into OUT. It
# runs as a SCHED_FIFO task: it stands for a guest's driver, which must keep
# its queue fed while the compute-unit threads spin on every vCPU; a starved
# feeder would leave its vGPU idle and skew the shares being measured.
ll_load() {
	local out=$1
	shift
	chrt -f 10 "$LL_LOAD" "$@" >"$out"
}

# ll_sum FILE LABEL FIELD T1 T2: the sum of FIELD over LABEL's samples whose
# window [t - dt, t] lies inside [T1, T2] (seconds from the start; 50 ms
# slack for timer jitter).
ll_sum() {
	jq -rs --arg l "$2" --arg f "$3" --argjson a "$4" --argjson b "$5" \
		'[.[] | select(.ev == "sample" and .label == $l and
			.t - .dt >= $a - 0.05 and .t <= $b + 0.05) | .[$f]] | add // 0' "$1"
}

# ll_event FILE EV LABEL FIELD: FIELD of LABEL's first EV line ("null" if none).
ll_event() {
	jq -rs --arg e "$2" --arg l "$3" --arg f "$4" \
		'[.[] | select(.ev == $e and (.label == $l or $l == ""))][0][$f]' "$1"
}

# ll_calc EXPR: evaluate an awk arithmetic expression, print it with 4 decimals.
ll_calc() {
	awk "BEGIN { printf \"%.4f\", ($1) }"
}

# ll_true EXPR: succeed if the awk expression is true.
ll_true() {
	awk "BEGIN { exit !($1) }"
}

# ll_share FILE LABEL T1 T2: LABEL's busy time over wall time in [T1, T2].
ll_share() {
	local busy dt
	busy=$(ll_sum "$1" "$2" busy_ns "$3" "$4")
	dt=$(ll_sum "$1" "$2" dt "$3" "$4")
	ll_calc "$dt > 0 ? $busy / 1e9 / $dt : 0"
}

# ll_ratio FILE FIELD LABEL_A LABEL_B T1 T2: sum of FIELD of A over that of B.
ll_ratio() {
	local a b
	a=$(ll_sum "$1" "$3" "$2" "$5" "$6")
	b=$(ll_sum "$1" "$4" "$2" "$5" "$6")
	ll_calc "$b > 0 ? $a / $b : 1e9"
}

# ll_rate FILE LABEL T1 T2: LABEL's completed work per second in [T1, T2].
ll_rate() {
	local work dt
	work=$(ll_sum "$1" "$2" work "$3" "$4")
	dt=$(ll_sum "$1" "$2" dt "$3" "$4")
	ll_calc "$dt > 0 ? $work / $dt : 0"
}

# ll_want EXPR MSG: true if the awk expression holds, else false with MSG in
# LL_WHY. Use as `ll_want "$r >= 2" "ratio $r" || return 1` in a try function.
ll_want() {
	ll_true "$1" && return 0
	LL_WHY=$2
	return 1
}

# ll_attempts N FUNC [ARGS...]: run FUNC until it succeeds, at most N times.
# Timings in a TCG VM on a shared host are disturbed by whole-VM stalls (the
# samples' stall_ms shows them): a measurement that fails is taken again,
# and only one that fails every time counts. A broken feature fails them all.
ll_attempts() {
	local n=$1 i
	shift
	for ((i = 1; i <= n; i++)); do
		LL_WHY=
		if "$@"; then
			[ "$i" = 1 ] || echo "passed at attempt $i of $n"
			return 0
		fi
		echo "attempt $i of $n: $LL_WHY (longest VM stall $(ll_max_stall) ms)"
	done
	return 1
}

# ll_max_stall: the longest stall_ms in $LL_OUT.
ll_max_stall() {
	jq -rs '[.[] | .stall_ms // 0] | max | floor' "$LL_OUT" 2>/dev/null
}
