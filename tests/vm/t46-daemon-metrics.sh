# SPDX-License-Identifier: GPL-2.0-only
#
# The per-vGPU status attributes (in_use, errors, resets) against real
# device use, and mdgpud's Prometheus endpoint: scraped over HTTP and
# validated by a strict parser of the text format (and promtool when
# Debian's prometheus package is installed); values agree with sysfs; a
# vGPU with no work is reported idle (metric and log) and not idle once it
# runs work again.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"
# shellcheck source=tests/vm/daemon.sh
. "$(dirname "${BASH_SOURCE[0]}")/daemon.sh"

RTB=$REPO/build/tests/vm/bin
PORT=9461

A=0a0a0a0a-1111-4111-8111-00000000000a
B=0b0b0b0b-2222-4222-8222-00000000000b

test_vgpu_status_attributes() {
	local u pid i e r0
	fresh
	[ -x "$RTB/rt-req" ] && [ -x "$RTB/rt-bad" ] && [ -x "$RTB/rt-regs" ] ||
		t_skip "the rt test programs are not built"
	new_uuid_var u
	t_ok create gpu0 ts.16m "$u"
	attr_eq "$MDEV_DEVICES/$u/mdgpu/in_use" 0 "in_use of a new vGPU"
	attr_eq "$MDEV_DEVICES/$u/mdgpu/errors" 0 "errors of a new vGPU"
	attr_eq "$MDEV_DEVICES/$u/mdgpu/resets" 0 "resets of a new vGPU"
	"$RTB/rt-req" "$u" 60 >/tmp/t46.out 2>&1 &
	pid=$!
	for ((i = 0; i < 100; i++)); do
		[[ $(</tmp/t46.out) == *open* ]] && break
		sleep 0.1
	done
	attr_eq "$MDEV_DEVICES/$u/mdgpu/in_use" 1 "in_use while open"
	kill "$pid"
	wait "$pid"
	attr_eq "$MDEV_DEVICES/$u/mdgpu/in_use" 0 "in_use after the close"
	attr_eq "$MDEV_DEVICES/$u/mdgpu/errors" 0 "no errors from an open and close"
	"$RTB/rt-bad" "$u" >/dev/null 2>&1 || t_fail "rt-bad failed"
	read -r e <"$MDEV_DEVICES/$u/mdgpu/errors"
	[ "$e" -gt 0 ] || t_fail "errors after rt-bad: $e"
	read -r r0 <"$MDEV_DEVICES/$u/mdgpu/resets"
	"$RTB/rt-regs" "$u" >/dev/null 2>&1 || t_fail "rt-regs failed"
	read -r e <"$MDEV_DEVICES/$u/mdgpu/resets"
	[ "$e" -gt "$r0" ] || t_fail "resets after rt-regs (which resets the device): $r0 -> $e"
	t_err sh -c "echo 0 >'$MDEV_DEVICES/$u/mdgpu/in_use'" 2>/dev/null
	t_ok remove "$u"
}

# lo_up: the test VM boots with the loopback interface down.
lo_up() {
	ip link set lo up || t_fail "cannot bring the loopback interface up"
}

# scrape FILE: GET /metrics into FILE; prints the HTTP status and type.
scrape() {
	python3 - "$PORT" "$1" <<'PY'
import sys, urllib.request
r = urllib.request.urlopen("http://127.0.0.1:%s/metrics" % sys.argv[1], timeout=20)
open(sys.argv[2], "wb").write(r.read())
print(r.status, r.headers["Content-Type"])
PY
}

# validate FILE: the strict parser; prints "ok N families N series".
validate() {
	python3 "$REPO/tests/vm/bin/promparse.py" "$1"
}

# metric FILE NAME UUID: the value of NAME{uuid="UUID",...}.
metric() {
	local l
	while read -r l; do
		[[ $l == "$2{uuid=\"$3\""* ]] && { echo "${l##* }"; return; }
	done <"$1"
}

conf_two() {
	d_config "[daemon]
resync_s = 1
idle_after_s = $1
[vgpu $A]
gpu = gpu0
profile = ts.32m
weight = 250
min_share = 2500
[vgpu $B]
gpu = gpu0
profile = 1c.64m"
}

test_daemon_metrics_scrape() {
	local out m busy want
	fresh
	d_setup
	lo_up
	conf_two 600
	d_start -m "127.0.0.1:$PORT"
	d_wait 20 d_exists "$B" || t_fail "vGPUs not created: $(<"$DD/log")"
	d_wait 20 d_exists "$A" || t_fail "vGPUs not created: $(<"$DD/log")"
	m=$DD/metrics
	out=$(scrape "$m") || t_fail "scrape failed: $out"
	t_eq "$out" "200 text/plain; version=0.0.4; charset=utf-8" "status and content type"
	out=$(validate "$m") || t_fail "not valid exposition format: $out"
	echo "$out"
	if command -v promtool >/dev/null; then
		out=$(promtool check metrics <"$m" 2>&1) || t_fail "promtool: $out"
	fi
	t_eq "$(metric "$m" mdgpu_vgpu_qos_weight "$A")" 250 "weight"
	t_eq "$(metric "$m" mdgpu_vgpu_qos_min_share_ratio "$A")" 0.2500 "min_share"
	t_eq "$(metric "$m" mdgpu_vgpu_memory_bytes "$A")" $((32 << 20)) "memory"
	t_eq "$(metric "$m" mdgpu_vgpu_compute_units "$B")" 1 "spatial CUs"
	t_eq "$(metric "$m" mdgpu_vgpu_in_use "$A")" 0 "in_use"
	t_eq "$(metric "$m" mdgpu_vgpu_errors_total "$A")" 0 "errors"
	t_match "$(<"$m")" "mdgpu_vgpu_info\\{uuid=\"$A\",gpu=\"gpu0\",profile=\"ts.32m\",mode=\"timesliced\",owned=\"true\"\\} 1" "info"
	t_match "$(<"$m")" 'mdgpud_owned_vgpus 2' "owned count"
	t_match "$(<"$m")" 'mdgpu_gpu_memory_free_bytes\{gpu="gpu0"\} ' "GPU memory"
	# Work on A: busy time shows, and agrees with sysfs (ns -> s).
	"$REPO/build/tools/mdgpu-gemm/mdgpu-gemm" "$A" >/dev/null 2>&1 ||
		"$RTB/rt-kernels" "$A" >/dev/null 2>&1 || t_fail "no work could run on $A"
	scrape "$m" >/dev/null || t_fail "scrape failed"
	busy=$(metric "$m" mdgpu_vgpu_busy_seconds_total "$A")
	read -r want <"$MDEV_DEVICES/$A/mdgpu/stats"
	want=${want#busy_ns=}
	[ "$want" -gt 0 ] || t_fail "no busy time in sysfs"
	t_eq "$(python3 -c "print(round(float('$busy') * 1e9) == $want)")" True \
		"busy seconds $busy vs busy_ns $want"
	out=$(validate "$m") || t_fail "not valid after work: $out"
	t_match "$(<"$m")" "mdgpu_vgpu_scheduling_latency_seconds_count\\{uuid=\"$A\"[^}]*\\} [1-9]" \
		"the latency histogram counted dispatches"
	# Other paths.
	out=$(python3 -c 'import urllib.request, sys
try:
    urllib.request.urlopen("http://127.0.0.1:'$PORT'/nope", timeout=10)
except urllib.error.HTTPError as e:
    print(e.code)') || true
	t_eq "$out" 404 "unknown path"
}

test_daemon_idle_detection() {
	local m
	fresh
	d_setup
	lo_up
	conf_two 3
	d_start -m "127.0.0.1:$PORT"
	d_wait 20 d_exists "$A" || t_fail "vGPUs not created: $(<"$DD/log")"
	d_wait 20 d_log_has "vGPU $A (ts.32m on gpu0) is idle: no work for" ||
		t_fail "no idle log line: $(<"$DD/log")"
	m=$DD/metrics
	scrape "$m" >/dev/null || t_fail "scrape failed"
	t_eq "$(metric "$m" mdgpu_vgpu_idle "$A")" 1 "idle metric"
	t_match "$(<"$m")" 'mdgpu_gpu_idle_vgpus\{gpu="gpu0"\} 2' "idle vGPUs of gpu0"
	# A longer threshold from here: under TCG the checks below take longer
	# than 3 s, and A must not turn idle again before they are done.
	conf_two 600
	kill -HUP "$DPID"
	d_wait 10 d_log_has "SIGHUP: loaded" || t_fail "config not reloaded"
	"$REPO/build/tools/mdgpu-gemm/mdgpu-gemm" "$A" >/dev/null 2>&1 ||
		"$RTB/rt-kernels" "$A" >/dev/null 2>&1 || t_fail "no work could run on $A"
	d_wait 10 d_log_has "vGPU $A (ts.32m on gpu0) has work again" ||
		t_fail "not active again: $(<"$DD/log")"
	scrape "$m" >/dev/null || t_fail "scrape failed"
	t_eq "$(metric "$m" mdgpu_vgpu_idle "$A")" 0 "not idle after work"
	t_eq "$(metric "$m" mdgpu_vgpu_idle "$B")" 1 "B still idle"
	t_match "$(d_ctl status)" "\"idle\":\\[\"$B\"\\]" "status lists the idle vGPU"
}
