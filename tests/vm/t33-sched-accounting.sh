# SPDX-License-Identifier: GPL-2.0-only
#
# Per-vGPU accounting on running vGPUs: busy + wait adds up to the wall time
# while a vGPU is runnable (measured with the load generator's own clock),
# the vGPUs' busy times add up to at most the wall time of the one GPU, a
# vGPU alone does not wait, and the BAR0 BUSY_NS/WAIT_NS registers agree
# with /sys/bus/mdev/devices/<uuid>/mdgpu/stats, live and at rest.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"
# shellcheck source=bench/loadlib.sh
. "$REPO/bench/loadlib.sh"

# shellcheck disable=SC2034 # read by run-all
{
	T_TIMEOUT_test_busy_plus_wait_is_wall=150
	T_TIMEOUT_test_bar0_matches_sysfs=90
	T_TIMEOUT_test_busy_runs_on_within_a_chunk=120
}

LL_OUT=/tmp/t33-load.jsonl
A=
B=

acct_start() {
	fresh
	ll_have_load || t_skip "$LL_LOAD is not built (run make)"
	trap acct_cleanup EXIT
	ll_vgpu A && ll_vgpu B || t_fail "cannot create vGPUs"
}

acct_cleanup() {
	ll_cleanup
	echo best_effort >"$MDGPU_CLASS/gpu0/sched_policy"
	echo 100 >"$MDGPU_CLASS/gpu0/sched_period_ms"
}

acct_run() {
	ll_load "$LL_OUT" -i 500 -p 1000 -q 16 -t 1000 "$@" || {
		tail -n 5 "$LL_OUT"
		t_fail "mdgpu-load failed"
	}
	[ -z "${VMTEST_RESULTS:-}" ] || cp "$LL_OUT" "$VMTEST_RESULTS/$T_NAME.jsonl"
}

# fraction FIELD LABEL T1 T2: FIELD summed over LABEL's windows in [T1, T2],
# over their wall time.
fraction() {
	local v dt
	v=$(ll_sum "$LL_OUT" "$2" "$1" "$3" "$4")
	dt=$(ll_sum "$LL_OUT" "$2" dt "$3" "$4")
	ll_calc "$dt > 0 ? $v / 1e9 / $dt : 0"
}

# Two vGPUs at 1:1 for 4 s, then a alone until 9 s. Over [1, 4]: for each,
# (busy + wait) / wall = 1 +- 5%; busy a + busy b = 1 +- 5% of the wall
# (one vGPU at a time, the GPU never idle). Alone, from the first window
# after b's last command completed (b's in-flight commands drain for a
# while after its run phase ends) to 9 s, at least 1 s of it: a waits
# <= 2% of the wall and is busy >= 90%.
try_busy_wait() {
	local ba wa bb wb a2 w2 tb dt
	acct_run -d 9 -l a -u "$A" -d 4 -l b -u "$B"
	ba=$(fraction busy_ns a 1 4)
	wa=$(fraction wait_ns a 1 4)
	bb=$(fraction busy_ns b 1 4)
	wb=$(fraction wait_ns b 1 4)
	tb=$(ll_event "$LL_OUT" drained b t)
	a2=$(fraction busy_ns a "$(ll_calc "$tb + 0.1")" 9)
	w2=$(fraction wait_ns a "$(ll_calc "$tb + 0.1")" 9)
	dt=$(ll_sum "$LL_OUT" a dt "$(ll_calc "$tb + 0.1")" 9)
	echo "shared: a busy $ba wait $wa, b busy $bb wait $wb;" \
		"alone after ${tb}s for ${dt}s: a busy $a2 wait $w2"
	ll_want "$ba + $wa >= 0.95 && $ba + $wa <= 1.05" "a: busy + wait = $ba + $wa of wall" &&
		ll_want "$bb + $wb >= 0.95 && $bb + $wb <= 1.05" \
			"b: busy + wait = $bb + $wb of wall" &&
		ll_want "$ba + $bb >= 0.95 && $ba + $bb <= 1.05" \
			"busy a + busy b = $ba + $bb of wall, want 1" &&
		ll_want "$dt >= 1" "b drained at ${tb}s, leaving a alone for only ${dt}s" &&
		ll_want "$w2 <= 0.02 && $a2 >= 0.9" "a alone: busy $a2, wait $w2"
}

test_busy_plus_wait_is_wall() {
	acct_start
	ll_gpu_set sched_policy weighted
	ll_attempts 3 try_busy_wait || t_fail "$LL_WHY"
}

# BUSY_NS runs on while a chunk runs, as a GPU's busy counter does, instead
# of jumping by a whole chunk when it ends. One vGPU alone, with a 500 ms
# slice (so its chunks last about that long), runs 900 ms spins on one
# work-group, two in flight, sampled every 100 ms. In no window does busy
# grow by more than the window's wall time (+30 ms: the clock is read beside
# the register), and every window inside the run is at least half busy. A
# counter that moved only at chunk ends would show 0 in about 4 windows of
# 5 and some 500 ms in the 5th.
try_busy_runs_on() {
	local over low n
	ll_load "$LL_OUT" -i 100 -p 1000 -k spin -t 900000 -g 1 -q 2 -d 3 -l a -u "$A" || {
		tail -n 5 "$LL_OUT"
		t_fail "mdgpu-load failed"
	}
	n=$(jq -s '[.[] | select(.ev == "sample" and .label == "a" and
		.t - .dt >= 0.3 and .t <= 2.7)] | length' "$LL_OUT")
	over=$(jq -s '[.[] | select(.ev == "sample" and .label == "a" and
		.busy_ns > (.dt + 0.03) * 1e9) | "\(.t)s: \(.busy_ns / 1e6) ms in \(.dt * 1e3) ms"] |
		join(", ")' -r "$LL_OUT")
	low=$(jq -s '[.[] | select(.ev == "sample" and .label == "a" and
		.t - .dt >= 0.3 and .t <= 2.7 and .busy_ns < .dt * 0.5e9) |
		"\(.t)s: \(.busy_ns / 1e6) ms in \(.dt * 1e3) ms"] | join(", ")' -r "$LL_OUT")
	echo "$n windows inside the run; whole run busy $(ll_share "$LL_OUT" a 0.3 2.7)"
	ll_want "$n >= 10" "only $n sample windows inside the run" || return 1
	[ -z "$over" ] || { LL_WHY="busy grew faster than the clock: $over"; return 1; }
	[ -z "$low" ] || { LL_WHY="windows less than half busy while a chunk ran: $low"; return 1; }
}

test_busy_runs_on_within_a_chunk() {
	acct_start
	ll_gpu_set sched_period_ms 1000
	ll_set "$A" timeslice_us 500000
	ll_attempts 3 try_busy_runs_on || t_fail "$LL_WHY"
}

# stats_field UUID KEY: a key of mdgpu/stats.
stats_field() {
	local line
	while read -r line; do
		[ "${line%%=*}" = "$2" ] && echo "${line#*=}" && return 0
	done <"$LL_DEVICES/$1/mdgpu/stats"
	return 1
}

# Live: every sample brackets its BAR0 BUSY_NS read between two sysfs reads
# (sysfs before <= BAR0 <= sysfs after). At rest, after the load: BAR0's
# last BUSY_NS and WAIT_NS equal sysfs exactly, and are not 0.
test_bar0_matches_sysfs() {
	local u label busy wait
	acct_start
	ll_gpu_set sched_policy weighted
	acct_run -S -i 250 -d 3 -l a -u "$A" -l b -u "$B"
	for label in a b; do
		t_eq "$(ll_event "$LL_OUT" end "$label" sysfs_mismatch)" 0 \
			"$label: live BAR0 reads outside their sysfs brackets"
		ll_true "$(jq -s --arg l $label '[.[] | select(.ev == "sample" and
			.label == $l)] | length' "$LL_OUT") >= 8" ||
			t_fail "$label: too few samples"
		u=$(ll_event "$LL_OUT" final "$label" uuid)
		busy=$(ll_event "$LL_OUT" final "$label" busy_total)
		wait=$(ll_event "$LL_OUT" final "$label" wait_total)
		echo "$label: BAR0 busy $busy wait $wait"
		ll_true "$busy > 0 && $wait > 0" || t_fail "$label: nothing accounted"
		t_eq "$(stats_field "$u" busy_ns)" "$busy" "$label: sysfs busy_ns at rest"
		t_eq "$(stats_field "$u" wait_ns)" "$wait" "$label: sysfs wait_ns at rest"
	done
}
