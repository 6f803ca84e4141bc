# SPDX-License-Identifier: GPL-2.0-only
#
# mdgpuctl attach/detach --qmp against a real QEMU (TCG, started with -S
# and a PCIe root port to plug into, then let its firmware number the
# port's bus: query-pci shows devices behind a bridge only then; no guest
# OS boots): query-pci before shows no vGPU; after
# attach it shows ours (vendor 0x1234, device 0x6d67) under the id attach
# gave it, and the vGPU is in use; detach without a guest to acknowledge
# the unplug is reported as such. Refusals: a socket that is not there, an
# id QEMU already has.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"

# shellcheck disable=SC2034 # read by run-all
T_TIMEOUT_test_qmp_attach_detach=240

CTL=$REPO/build/tools/mdgpuctl/mdgpuctl
SOCK=/tmp/t48-qmp.sock

# ours SOCKET [ACTION]: query-pci's devices of our identity, "qdev_id
# bus:slot.fn" per line, or "none"; ACTION: qmp-pci's cont=PORT or quit.
ours() {
	local out
	out=$("$REPO/tests/vm/bin/qmp-pci" "$@") || return
	[ "$out" = none ] && echo none && return
	cut -d' ' -f1-2 <<<"$out"
}

start_qemu() {
	rm -f "$SOCK"
	qemu-system-x86_64 -machine q35 -accel tcg -S -display none -nodefaults \
		-qmp "unix:$SOCK,server=on,wait=off" \
		-device pcie-root-port,id=rp1,chassis=1,slot=1 >/tmp/t48-qemu.log 2>&1 &
	QPID=$!
	trap 'kill -9 $QPID 2>/dev/null; remove_all' EXIT
}

# QEMU stays without a guest OS (started with -S; later only its firmware
# runs), so nothing acknowledges a PCI hot-unplug: detach must say so
# after its timeout rather than claim success, and the device stays. The
# root port's bus is numbered only once the firmware ran: query-pci shows
# the device behind it from then on. Quitting QEMU releases the vGPU.
test_qmp_attach_detach() {
	local u out
	fresh
	command -v qemu-system-x86_64 >/dev/null || t_skip "no qemu-system-x86_64"
	new_uuid_var u
	t_ok create gpu0 ts.16m "$u"
	start_qemu
	out=$(ours "$SOCK") || t_fail "QMP: $out $(</tmp/t48-qemu.log)"
	t_eq "$out" none "query-pci before attach"
	out=$("$CTL" attach "$u" --qmp "$SOCK" --id gpu-a --bus rp1 2>&1) || t_fail "attach: $out"
	t_eq "$out" "attached $u to the VM at $SOCK as QEMU device gpu-a (no PCI address yet: the guest's firmware numbers the bus)" "attach output"
	attr_eq "$MDEV_DEVICES/$u/mdgpu/in_use" 1 "QEMU holds the vGPU"
	# The same id again: QEMU refuses, the message says why.
	out=$("$CTL" attach "$u" --qmp "$SOCK" --id gpu-a --bus rp1 2>&1)
	t_eq "$?" 1 "a second attach"
	t_match "$out" "QEMU refused device_add: Duplicate .*gpu-a.* \\(GenericError\\)" "QEMU's reason"
	# No guest to acknowledge the unplug: refused after the timeout.
	out=$("$CTL" detach "$u" --qmp "$SOCK" --id gpu-a --timeout 3 2>&1)
	t_eq "$?" 1 "detach without a guest"
	t_match "$out" "QEMU accepted the unplug of 'gpu-a', but the guest has not released it within 3 s" "detach message"
	# With the firmware run, query-pci shows it where attach put it.
	out=$(ours "$SOCK" cont=rp1) || t_fail "QMP: $out"
	t_eq "$out" none "query-pci does not see behind the port before the firmware ran"
	out=$(ours "$SOCK") || t_fail "QMP: $out"
	t_eq "$out" "gpu-a 01:00.0" "query-pci after attach"
	out=$("$CTL" --json detach "$u" --qmp /tmp/t48-none.sock --id gpu-a 2>&1)
	t_eq "$?" 1 "detach through a socket that is not there"
	out=$(ours "$SOCK" quit) || t_fail "QMP: $out"
	wait "$QPID"
	attr_eq "$MDEV_DEVICES/$u/mdgpu/in_use" 0 "released when QEMU quit"
	t_ok remove "$u"
}

test_qmp_refusals() {
	local u out
	fresh
	new_uuid_var u
	t_ok create gpu0 ts.16m "$u"
	out=$("$CTL" attach "$u" --qmp /tmp/t48-none.sock 2>&1)
	t_eq "$?" 1 "no socket"
	t_match "$out" "cannot connect to the QMP socket /tmp/t48-none.sock: No such file or directory; start QEMU with -qmp unix:/tmp/t48-none.sock,server=on,wait=off" "message"
	out=$("$CTL" detach "$u" --qmp /tmp/t48-none.sock --timeout 0 2>&1)
	t_eq "$?" 2 "a zero timeout"
	t_match "$out" "--timeout takes seconds, 1 to 3600" "message"
	out=$("$CTL" attach "$u" --qmp /tmp/t48-none.sock --bus rp1 --id 9x 2>&1)
	t_eq "$?" 2 "a bad id"
	attr_eq "$MDEV_DEVICES/$u/mdgpu/in_use" 0 "nothing holds it"
	t_ok remove "$u"
}
