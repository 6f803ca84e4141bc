# SPDX-License-Identifier: GPL-2.0-only
#
# mdgpuctl stats (totals and --watch, text and JSON lines), attach/detach
# output that QEMU itself accepts (the -device argument at start, the
# monitor's device_add for hot-plug), and every command's --help.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"

CTL=$REPO/build/tools/mdgpuctl/mdgpuctl
# shellcheck disable=SC2034 # read by run-all
T_TIMEOUT_test_ctl_qemu_accepts_attach_output=200

test_ctl_stats_totals() {
	local u out
	fresh
	u=$("$CTL" create gpu0 ts.16m) || t_fail "create failed"
	out=$("$CTL" stats) || t_fail "stats failed"
	t_match "$out" "^UUID +GPU +BUSY +WAIT +OVERRUN +DISPATCHES +PREEMPTIONS +THROTTLED +COMPLETED +QUEUED +P50_LAT +P99_LAT" "header"
	t_match "$out" "$u +gpu0 +0 ns +0 ns +0 ns +0 +0 +0 +0 +0 +- +-" "an idle vGPU"
	out=$("$CTL" stats "$u" --json) || t_fail "stats --json failed"
	t_eq "$(python3 -c 'import json, sys; d = json.load(sys.stdin); v = d["vgpus"][0]; print(v["uuid"], v["stats"]["busy_ns"], len(v["latency_hist"]))' <<<"$out")" \
		"$u 0 $(wc -l <"$MDEV_DEVICES/$u/mdgpu/latency_hist")" "uuid, busy_ns, buckets"
	t_ok "$CTL" destroy "$u"
}

test_ctl_stats_watch_json_lines() {
	local u out
	fresh
	u=$("$CTL" create gpu0 ts.16m) || t_fail "create failed"
	out=$("$CTL" stats --watch 0.2 --count 3 --json) || t_fail "stats --watch failed"
	t_eq "$(wc -l <<<"$out")" 3 "three samples, one line each"
	python3 -c '
import json, sys
for n, line in enumerate(sys.stdin, 1):
    d = json.loads(line)
    assert d["sample"] == n, d
    assert d["interval_ns"] == 200000000, d
    v = d["vgpus"][0]
    assert v["uuid"] == sys.argv[1], v
    r = v["rates"]
    assert 0 <= r["busy_pct"] <= 100 and 0 <= r["steal_pct"] <= 100, r
    assert r["interval_ns"] > 0, r
' "$u" <<<"$out" || t_fail "bad samples: $out"
	out=$("$CTL" stats "$u" --watch 0.2 --count 2) || t_fail "text watch failed"
	t_eq "$(grep -c "sample [12], every 0.2 s" <<<"$out")" 2 "two samples"
	t_match "$out" "UUID +GPU +PROFILE +BUSY% +STEAL% +CMDS/S +DISP/S +PREEMPT/S +THROTTLE/S +QUEUED" "rate header"
	t_match "$out" "$u +gpu0 +ts.16m +0.0 +0.0 +0.0 +0.0 +0.0 +0.0 +0" "idle rates"
	t_ok "$CTL" destroy "$u"
}

test_ctl_stats_watch_ends_when_vgpu_goes() {
	local u pid rc errf
	fresh
	u=$("$CTL" create gpu0 ts.16m) || t_fail "create failed"
	errf=$(mktemp)
	"$CTL" stats "$u" --watch 0.2 >/dev/null 2>"$errf" &
	pid=$!
	sleep 1
	t_ok remove "$u"
	wait "$pid"
	rc=$?
	t_eq "$rc" 1 "watch ends with a failure"
	t_match "$(<"$errf")" "vGPU $u is gone" "and says why"
	rm -f "$errf"
}

test_ctl_attach_detach_output() {
	local u out
	fresh
	u=$("$CTL" create gpu0 ts.16m) || t_fail "create failed"
	out=$("$CTL" attach "$u") || t_fail "attach failed"
	t_match "$out" $'\n'"-device vfio-pci,sysfsdev=/sys/bus/mdev/devices/$u,id=mdgpu-${u:0:8}"$'\n' "QEMU argument"
	t_match "$out" "device_add vfio-pci,sysfsdev=/sys/bus/mdev/devices/$u,id=mdgpu-${u:0:8}" "monitor command"
	t_match "$out" "<hostdev mode='subsystem' type='mdev' model='vfio-pci'>" "libvirt element"
	t_eq "$("$CTL" attach "$u" --qemu --id gpu-a)" "-device vfio-pci,sysfsdev=/sys/bus/mdev/devices/$u,id=gpu-a" "--qemu alone"
	out=$("$CTL" attach "$u" --libvirt) || t_fail "attach --libvirt failed"
	python3 -c '
import sys, xml.dom.minidom
h = xml.dom.minidom.parseString(sys.stdin.read()).documentElement
assert h.tagName == "hostdev" and h.getAttribute("type") == "mdev", h.toxml()
assert h.getAttribute("mode") == "subsystem" and h.getAttribute("model") == "vfio-pci"
a = h.getElementsByTagName("source")[0].getElementsByTagName("address")[0]
assert a.getAttribute("uuid") == sys.argv[1], a.toxml()
' "$u" <<<"$out" || t_fail "libvirt XML: $out"
	t_eq "$("$CTL" detach "$u" --qemu)" "device_del mdgpu-${u:0:8}" "detach --qemu"
	t_match "$("$CTL" detach "$u")" "virsh detach-device" "detach names virsh"
	t_ok "$CTL" destroy "$u"
}

# qemu_monitor ARGS...: start QEMU stopped, run the HMP commands on stdin, quit.
qemu_monitor() {
	timeout 120 qemu-system-x86_64 -machine pc -accel tcg -m 64 -S -display none -nodefaults \
		-monitor stdio "$@" 2>&1
}

test_ctl_qemu_accepts_attach_output() {
	local u out arg cmd
	fresh
	command -v qemu-system-x86_64 >/dev/null || t_skip "no qemu-system-x86_64"
	u=$("$CTL" create gpu0 ts.16m) || t_fail "create failed"
	# The -device argument, as a command line takes it.
	arg=$("$CTL" attach "$u" --qemu) || t_fail "attach --qemu failed"
	# shellcheck disable=SC2086 # "-device ARG": two words on purpose
	out=$(printf 'info pci\nquit\n' | qemu_monitor $arg)
	t_match "$out" "1234:6d67" "QEMU realized the vGPU from -device ($out)"
	t_match "$out" "id \"mdgpu-${u:0:8}\"" "with its id"
	# The monitor command, as hot-plug takes it.
	cmd=$("$CTL" --json attach "$u" | python3 -c 'import json, sys; print(json.load(sys.stdin)["qemu"]["monitor"])')
	out=$(printf '%s\ninfo pci\nquit\n' "$cmd" | qemu_monitor)
	t_match "$out" "1234:6d67" "QEMU hot-plugged the vGPU with device_add ($out)"
	t_ok "$CTL" destroy "$u"
	kernel_log_clean || t_fail "kernel log has warnings"
}

test_ctl_help() {
	local c out
	for c in gpus types list show create destroy set gpu-set stats attach detach; do
		out=$("$CTL" "$c" --help) || t_fail "$c --help failed"
		t_match "$out" "^Usage: mdgpuctl $c" "$c --help"
		t_eq "$("$CTL" help "$c")" "$out" "help $c"
	done
	out=$("$CTL" --help) || t_fail "--help failed"
	t_match "$out" "Exit status: 0 ok, 1 operation failed, 2 usage error, 3 not found" "exit codes"
	t_match "$("$CTL" attach --help)" "Hot-plug with --qmp SOCKET" "attach tells of QMP hot-plug"
	t_match "$("$CTL" --version)" "^mdgpuctl [0-9]+\.[0-9]+\.[0-9]+$" "version"
}
