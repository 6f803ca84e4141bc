# SPDX-License-Identifier: GPL-2.0-only
#
# Hang containment with watchdog_ms at 200: a spin command far longer than
# that (1 s on each of 16 work-groups) is ended on its vGPU only, with
# ERROR_CODE MDGPU_ERR_TIMEOUT and an error interrupt; a queue reset brings
# the vGPU back; a neighbour running all along keeps at least 90% of what it
# had alone before and after the hang in the same run. And the watchdog
# spares healthy commands: 4 CU-ms of work is not a hang.
# If whole-VM stalls on a loaded host end healthy commands in all 3
# attempts, a test is skipped, not passed.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"
# shellcheck source=bench/loadlib.sh
. "$REPO/bench/loadlib.sh"

# shellcheck disable=SC2034 # read by run-all
{
	T_TIMEOUT_test_watchdog_contains_hang=180
	T_TIMEOUT_test_watchdog_spares_healthy_commands=120
}

LL_OUT=/tmp/t32-load.jsonl
A=
B=
WD_STALLED=0

wd_cleanup() {
	ll_cleanup
	echo 2000 >"$MDGPU_CLASS/gpu0/watchdog_ms"
}

# stalled_timeout LABEL: LABEL's queue stopped. True (retry) if it was a
# timeout and the VM stalled for half the watchdog or more: the watchdog
# counts wall time, and a stall inside a chunk ages that command. Any
# other error fails the test.
stalled_timeout() {
	local code stall
	code=$(ll_event "$LL_OUT" error "$1" code)
	stall=$(ll_max_stall)
	if [ "$code" = 16 ] && [ "$stall" -ge 100 ]; then
		WD_STALLED=$((WD_STALLED + 1))
		LL_WHY="$1's healthy command timed out in VM stalls (up to $stall ms)"
		return 0
	fi
	t_fail "$1 stopped with error $code (16: TIMEOUT), no VM stall to explain it (longest $stall ms)"
}

# The neighbour b runs 400 us commands (100 us on each of 4 work-groups)
# for 10.5 s. At 3 s the hung tenant a submits its one command and, on the
# error, resets its queue and runs a short probe. b's windows: alone
# [0.5, 3] and [7.5, 10.5], next to the hang [3, 7]. What b keeps is
# checked on its GPU time (busy share), which its work follows; its work
# rate is checked loosely (>= 0.7), because the simulated GPU's efficiency
# swings by a third between windows on a loaded host whatever the
# scheduler does. With the hang not ended, b would keep about half.
try_watchdog() {
	local code ist irqs busy t_err ok s0 s1 s2 sr r0 r1 r2 rr
	ll_load "$LL_OUT" -i 500 -p 1000 -q 32 -t 100 -d 10.5 -l b -u "$B" \
		-P idle:3,run -c 1 -q 1 -t 1000000 -g 16 -e reset -l a -u "$A"
	[ -z "${VMTEST_RESULTS:-}" ] || cp "$LL_OUT" "$VMTEST_RESULTS/$T_NAME.jsonl"
	if [ "$(ll_event "$LL_OUT" error b code)" != null ]; then
		stalled_timeout b && return 1
	fi
	jq -e -s '[.[] | select(.ev == "end" and .failed)] | length == 0' "$LL_OUT" >/dev/null ||
		t_fail "the hung vGPU did not recover: $(grep '"reset"' "$LL_OUT")"
	code=$(ll_event "$LL_OUT" error a code)
	ist=$(ll_event "$LL_OUT" error a int_status)
	irqs=$(ll_event "$LL_OUT" error a irqs)
	busy=$(ll_event "$LL_OUT" error a busy_total)
	t_err=$(ll_event "$LL_OUT" error a t)
	ok=$(ll_event "$LL_OUT" reset a ok)
	echo "hung vGPU: error $code at ${t_err}s after ${busy} ns busy," \
		"INT_STATUS $ist, $irqs interrupt(s), reset ok $ok"
	t_eq "$code" 16 "ERROR_CODE of the hung vGPU (MDGPU_ERR_TIMEOUT)"
	t_eq "$((ist & 2))" 2 "INT_STATUS has MDGPU_INT_ERROR"
	ll_true "$irqs >= 1" || t_fail "no error interrupt on the MSI eventfd"
	t_eq "$ok" true "the probe after the queue reset completed"
	# It ran at least the watchdog's 200 ms, and was ended long before its
	# 16 CU-s of work: a few chunks late at most, plus VM stalls.
	ll_true "$busy >= 200000000 && $busy <= 2000000000" ||
		t_fail "the hung command ran $busy ns, want 200 ms .. 2 s"
	s0=$(ll_share "$LL_OUT" b 0.5 3)
	s2=$(ll_share "$LL_OUT" b 7.5 10.5)
	s1=$(ll_share "$LL_OUT" b 3 7)
	sr=$(ll_calc "$s0 + $s2 > 0 ? 2 * $s1 / ($s0 + $s2) : 0")
	r0=$(ll_rate "$LL_OUT" b 0.5 3)
	r2=$(ll_rate "$LL_OUT" b 7.5 10.5)
	r1=$(ll_rate "$LL_OUT" b 3 7)
	rr=$(ll_calc "$r0 + $r2 > 0 ? 2 * $r1 / ($r0 + $r2) : 0")
	echo "neighbour next to the hang: GPU time $sr, work rate $rr of alone"
	ll_want "$sr >= 0.9" "the neighbour kept $sr of its GPU time alone, want >= 0.9" &&
		ll_want "$rr >= 0.7" "the neighbour kept $rr of its work rate alone, want >= 0.7"
}

test_watchdog_contains_hang() {
	fresh
	ll_have_load || t_skip "$LL_LOAD is not built (run make)"
	trap wd_cleanup EXIT
	ll_vgpu A && ll_vgpu B || t_fail "cannot create vGPUs"
	echo 200 >"$MDGPU_CLASS/gpu0/watchdog_ms"
	if ! ll_attempts 3 try_watchdog; then
		[ "$WD_STALLED" -lt 3 ] || t_skip "host too loaded: $LL_WHY, 3 times"
		t_fail "$LL_WHY"
	fi
	kernel_log_clean || t_fail "kernel log has warnings"
}

# Two vGPUs for 6 s, one with commands of 1 ms on each of 4 work-groups
# (4 CU-ms of work, 80 items), the other with 100 us on each (8 items):
# 1 ms and 100 us of wall time on 4 compute units, 200 and 2000 times
# below the watchdog. None may time out.
try_spares() {
	local l
	ll_load "$LL_OUT" -i 500 -p 1000 -d 6 -g 4 -q 16 -t 1000 -l a -u "$A" \
		-q 32 -t 100 -l b -u "$B"
	[ -z "${VMTEST_RESULTS:-}" ] || cp "$LL_OUT" "$VMTEST_RESULTS/$T_NAME.jsonl"
	for l in a b; do
		if [ "$(ll_event "$LL_OUT" error "$l" code)" != null ]; then
			stalled_timeout "$l" && return 1
		fi
	done
	echo "commands completed: $(ll_event "$LL_OUT" end a cmds)" \
		"and $(ll_event "$LL_OUT" end b cmds)"
}

test_watchdog_spares_healthy_commands() {
	fresh
	ll_have_load || t_skip "$LL_LOAD is not built (run make)"
	trap wd_cleanup EXIT
	ll_vgpu A && ll_vgpu B || t_fail "cannot create vGPUs"
	echo 200 >"$MDGPU_CLASS/gpu0/watchdog_ms"
	if ! ll_attempts 3 try_spares; then
		[ "$WD_STALLED" -lt 3 ] || t_skip "host too loaded: $LL_WHY, 3 times"
		t_fail "$LL_WHY"
	fi
}
