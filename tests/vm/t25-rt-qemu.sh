# SPDX-License-Identifier: GPL-2.0-only
#
# QEMU accepts a vGPU: qemu-system-x86_64 -device vfio-pci,sysfsdev=... (TCG,
# stopped with -S) realizes it, and QMP query-pci shows our identity and
# BARs: vendor 0x1234, device 0x6d67, class 0x1200, BAR0 32-bit MMIO of
# 4 KiB, BAR2 64-bit prefetchable of the vGPU's memory size. Then QEMU quits
# and is gone, and the vGPU can be removed.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"
# shellcheck source=tests/vm/bin/rt.sh
. "$(dirname "${BASH_SOURCE[0]}")/bin/rt.sh"

# shellcheck disable=SC2034 # read by run-all
T_TIMEOUT_test_qemu_query_pci=180

QMP=$REPO/tests/vm/bin/qmp-pci

test_qemu_query_pci() {
	local u pid out mem i
	fresh
	command -v qemu-system-x86_64 >/dev/null || t_skip "no qemu-system-x86_64"
	rt_vgpu u
	mem=$(cat "$MDEV_DEVICES/$u/mdgpu/memory_bytes")
	rm -f /tmp/qmp.sock
	qemu-system-x86_64 -machine q35 -accel tcg -S -display none -nodefaults \
		-qmp unix:/tmp/qmp.sock,server=on,wait=off \
		-device "vfio-pci,sysfsdev=$MDEV_DEVICES/$u" >/tmp/t25-qemu.log 2>&1 &
	pid=$!
	out=$("$QMP" /tmp/qmp.sock quit) || t_fail "QMP: $out $(cat /tmp/t25-qemu.log)"
	printf '%s\n' "$out"
	t_eq "$(wc -l <<<"$out")" 1 "our device, once, in query-pci"
	t_match "$out" '^- [0-9a-f]{2}:[0-9a-f]{2}\.0 0x1234 0x6d67 0x1200 ' "vendor, device, class"
	t_match "$out" " 0:memory:0:0:4096( |$)" "BAR0: 32-bit non-prefetchable MMIO, 4 KiB"
	t_match "$out" " 2:memory:1:1:$mem( |$)" "BAR2: 64-bit prefetchable, $mem bytes"
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -9 "$pid"
		t_fail "QEMU still running 10 s after quit"
	fi
	wait "$pid"
	t_eq "$?" 0 "QEMU exit status ($(cat /tmp/t25-qemu.log))"
	t_ok remove "$u"
	rt_log_clean
}
