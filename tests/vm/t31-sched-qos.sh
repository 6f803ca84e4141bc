# SPDX-License-Identifier: GPL-2.0-only
#
# The scheduler's QoS measured on running vGPUs (bench/mdgpu-load keeps spin
# commands in flight on each): weights, a live weight change, a cap, a
# fixed_share reservation alone, priority classes and a live policy switch.
# Shares are busy time over wall time from 500 ms samples of BAR0 BUSY_NS,
# cross-checked where it matters with the work each vGPU completed. Every
# tolerance is stated beside its test: wide enough for a loaded 2-vCPU TCG
# VM, whose stalls are charged to whichever vGPU was running, and far
# narrower than what a broken feature gives. A failed measurement is taken
# again, up to 3 times (ll_attempts); a broken feature fails them all.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"
# shellcheck source=bench/loadlib.sh
. "$REPO/bench/loadlib.sh"

# shellcheck disable=SC2034 # read by run-all
{
	T_TIMEOUT_test_weights_1_to_3=120
	T_TIMEOUT_test_live_weight_change=150
	T_TIMEOUT_test_cap_respected=150
	T_TIMEOUT_test_fixed_share_alone=150
	T_TIMEOUT_test_priority_starves_lower=150
	T_TIMEOUT_test_policy_switch_live=150
}

# The load: 1 ms spins on every compute unit, 16 in flight, 500 ms samples.
QOS_LOAD=(-i 500 -p 1000 -q 16 -t 1000)
LL_OUT=/tmp/t31-load.jsonl
A=
B=

qos_start() {
	fresh
	ll_have_load || t_skip "$LL_LOAD is not built (run make)"
	trap qos_cleanup EXIT
	ll_vgpu A && ll_vgpu B || t_fail "cannot create vGPUs"
}

qos_cleanup() {
	ll_cleanup
	echo best_effort >"$MDGPU_CLASS/gpu0/sched_policy"
}

# qos_run ARGS...: run the load generator; it must end without a queue
# error. Its output goes to the results directory too, when there is one.
qos_run() {
	ll_load "$LL_OUT" "${QOS_LOAD[@]}" "$@" || {
		tail -n 5 "$LL_OUT"
		t_fail "mdgpu-load failed"
	}
	[ -z "${VMTEST_RESULTS:-}" ] || cp "$LL_OUT" "$VMTEST_RESULTS/$T_NAME.jsonl"
	[ "$(jq -s '[.[] | select(.ev == "error")] | length' "$LL_OUT")" = 0 ] ||
		t_fail "a queue stopped: $(grep '"error"' "$LL_OUT" | head -n 1)"
}

# Weights 100:300 under weighted: busy time b/a = 3 +- 25%, and the work
# done b/a = 3 +- 40% (the device's efficiency varies a little per vGPU).
# Weights ignored would give 1.
try_weights() {
	local r w
	qos_run -d 6.5 -l a -u "$A" -l b -u "$B"
	r=$(ll_ratio "$LL_OUT" busy_ns b a 1 6)
	w=$(ll_ratio "$LL_OUT" work b a 1 6)
	echo "busy b/a $r, work b/a $w"
	ll_want "$r >= 2.25 && $r <= 3.75" "busy ratio b/a $r, want 3 +- 25%" &&
		ll_want "$w >= 1.8 && $w <= 4.2" "work ratio b/a $w, want 3 +- 40%"
}

test_weights_1_to_3() {
	qos_start
	ll_gpu_set sched_policy weighted
	ll_set "$A" weight 100
	ll_set "$B" weight 300
	ll_attempts 3 try_weights || t_fail "$LL_WHY"
}

# 1:1, then b's weight goes to 400 while both run: b/a moves from 1 (0.75
# to 1.33) to 4 (3 to 5.3) in the same run.
try_live_weight() {
	local r1 r2
	ll_set "$B" weight 100
	qos_run -d 9.5 -A "4:$LL_DEVICES/$B/mdgpu/weight=400" -l a -u "$A" -l b -u "$B"
	t_eq "$(ll_event "$LL_OUT" set "" errno)" 0 "the live weight write"
	attr_eq "$LL_DEVICES/$B/mdgpu/weight" 400 "weight read back"
	r1=$(ll_ratio "$LL_OUT" busy_ns b a 1 4)
	r2=$(ll_ratio "$LL_OUT" busy_ns b a 4.5 9)
	echo "busy b/a before $r1, after $r2"
	ll_want "$r1 >= 0.75 && $r1 <= 1.33" "before the change b/a is $r1, want 1" &&
		ll_want "$r2 >= 3 && $r2 <= 5.3" "after the change b/a is $r2, want 4"
}

test_live_weight_change() {
	qos_start
	ll_gpu_set sched_policy weighted
	ll_attempts 3 try_live_weight || t_fail "$LL_WHY"
}

# a is capped at 25% (max_share 2500). Alone for 3 s it gets 25% + 8 pp at
# most (the GPU idles the rest; without the cap it would be ~100%); then
# next to b (equal weight, uncapped) still 25% + 8 pp at most (50% without
# the cap), at least 15%, and b takes the rest (>= 60%): the cap idles
# nothing under contention.
try_cap() {
	local s1 s2 s3
	qos_run -d 8 -l a -u "$A" -P idle:3,run:5 -l b -u "$B"
	s1=$(ll_share "$LL_OUT" a 0.5 3)
	s2=$(ll_share "$LL_OUT" a 4 8)
	s3=$(ll_share "$LL_OUT" b 4 8)
	echo "a alone $s1, a with b $s2, b $s3"
	ll_want "$s1 <= 0.33 && $s1 >= 0.15" "capped a alone got $s1, want 0.25 (<= +8 pp)" &&
		ll_want "$s2 <= 0.33 && $s2 >= 0.15" "capped a with b got $s2, want 0.25" &&
		ll_want "$s3 >= 0.6" "uncapped b got $s3, want the rest (>= 0.6)"
}

test_cap_respected() {
	qos_start
	ll_gpu_set sched_policy weighted
	ll_set "$A" max_share 2500
	ll_attempts 3 try_cap || t_fail "$LL_WHY"
}

# fixed_share, a alone with reserve 25%: busy 25% +- 7 pp, and the work it
# completes drops to 0.12..0.45 of what it did alone under best_effort in
# the first 2.5 s of the same run (the simulated GPU's efficiency differs
# between short and long runs of chunks): the GPU idles the rest.
try_fixed() {
	local s w0 w1 r
	ll_gpu_set sched_policy best_effort
	qos_run -d 7 -A "2.5:$MDGPU_CLASS/gpu0/sched_policy=fixed_share" -l a -u "$A"
	t_eq "$(ll_event "$LL_OUT" set "" errno)" 0 "the live policy write"
	s=$(ll_share "$LL_OUT" a 3.5 7)
	w0=$(ll_rate "$LL_OUT" a 0.5 2.5)
	w1=$(ll_rate "$LL_OUT" a 3.5 7)
	r=$(ll_calc "$w0 > 0 ? $w1 / $w0 : 0")
	echo "busy $s, work rate reserved/free $r"
	ll_want "$s >= 0.18 && $s <= 0.32" "reserved a got busy $s, want 0.25 +- 7 pp" &&
		ll_want "$r >= 0.12 && $r <= 0.45" "reserved a did $r of its free work rate"
}

test_fixed_share_alone() {
	qos_start
	ll_set "$A" reserve 2500
	ll_attempts 3 try_fixed || t_fail "$LL_WHY"
}

# a in class 2, b in class 1, both runnable: b gets under 3% while a runs
# (a at least 85%), and the GPU once a is idle (>= 70%), measured from
# a's last completion (its commands in flight drain after its run phase)
# to 7.5 s, at least 1 s of it.
try_priority() {
	local s1 s2 s3 ta dt
	qos_run -P run:4,idle:3.5 -l a -u "$A" -d 7.5 -l b -u "$B"
	s1=$(ll_share "$LL_OUT" b 1 4)
	s2=$(ll_share "$LL_OUT" a 1 4)
	ta=$(ll_calc "$(ll_event "$LL_OUT" drained a t) + 0.1")
	s3=$(ll_share "$LL_OUT" b "$ta" 7.5)
	dt=$(ll_sum "$LL_OUT" b dt "$ta" 7.5)
	echo "while a runs: a $s2, b $s1; a idle from ${ta}s: b $s3"
	ll_want "$s1 <= 0.03" "low class got $s1 while the high class was runnable" &&
		ll_want "$s2 >= 0.85" "high class got $s2, want >= 85%" &&
		ll_want "$dt >= 1" "a drained at ${ta}s, leaving b alone for only ${dt}s" &&
		ll_want "$s3 >= 0.7" "low class got $s3 once the high class idled, want >= 70%"
}

test_priority_starves_lower() {
	qos_start
	ll_gpu_set sched_policy weighted
	ll_set "$A" priority 2
	ll_set "$B" priority 1
	ll_attempts 3 try_priority || t_fail "$LL_WHY"
}

# best_effort ignores weights (100:400 -> b/a about 1: 0.5..2); a live
# switch to weighted makes them count (b/a 4: 3..5.3), with no queue error.
try_policy_switch() {
	local r1 r2
	ll_gpu_set sched_policy best_effort
	qos_run -d 8.5 -A "3.5:$MDGPU_CLASS/gpu0/sched_policy=weighted" -l a -u "$A" -l b -u "$B"
	t_eq "$(ll_event "$LL_OUT" set "" errno)" 0 "the live policy write"
	attr_eq "$MDGPU_CLASS/gpu0/sched_policy" weighted "policy read back"
	r1=$(ll_ratio "$LL_OUT" busy_ns b a 1 3.5)
	r2=$(ll_ratio "$LL_OUT" busy_ns b a 4.5 8)
	echo "busy b/a best_effort $r1, weighted $r2"
	ll_want "$r1 >= 0.5 && $r1 <= 2" "best_effort b/a $r1, want about 1" &&
		ll_want "$r2 >= 3 && $r2 <= 5.3" "weighted b/a $r2, want 4"
}

test_policy_switch_live() {
	qos_start
	ll_set "$A" weight 100
	ll_set "$B" weight 400
	ll_attempts 3 try_policy_switch || t_fail "$LL_WHY"
	kernel_log_clean || t_fail "kernel log has warnings"
}
