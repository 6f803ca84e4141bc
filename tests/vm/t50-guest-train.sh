# SPDX-License-Identifier: GPL-2.0-only
#
# A guest end to end: tools/guest-run boots a nested QEMU (TCG) guest with a
# vGPU attached through QEMU's vfio-pci; inside, with no module of ours,
# mdgpu-train finds the vGPU as PCI function 1234:6d67, drives it through
# libmdgpu-rt's PCI transport (sysfs resource mmap, fence polling) and must
# match its host reference at every step. The host side checks that the
# work went through this vGPU's accounting. The nested boot takes minutes.
# (INTx through uio_pci_generic is not run here: see docs/guest.md, the
# guest did not shut down in time after it.) A second guest boots with an
# empty PCIe slot: mdgpuctl hot-plugs a vGPU into it over QMP, the guest
# trains on it, and mdgpuctl unplugs it, the guest acknowledging.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"
# shellcheck source=tests/vm/bin/rt.sh
. "$(dirname "${BASH_SOURCE[0]}")/bin/rt.sh"

# shellcheck disable=SC2034 # read by run-all
# The nested boot takes about 2-3 minutes on an idle 2-core host and up to
# 15 on one shared with other VMs; the jobs inside take a minute or two.
T_TIMEOUT_test_guest_train=1200
# shellcheck disable=SC2034 # read by run-all
T_TIMEOUT_test_guest_hotplug=1200

# stat_of UUID KEY: one value of the vGPU's mdgpu/stats.
stat_of() {
	local k v
	while IFS='=' read -r k v; do
		[ "$k" = "$2" ] && echo "$v" && return 0
	done <"$MDEV_DEVICES/$1/mdgpu/stats"
	return 1
}

test_guest_train() {
	local u out rc train c0 c1 steps line prev loss n=0
	fresh
	train=build/tools/mdgpu-train/mdgpu-train
	[ -x "$REPO/$train" ] || t_fail "$train is not built (run make)"
	command -v qemu-system-x86_64 >/dev/null || t_fail "no qemu-system-x86_64"
	rt_vgpu u ts.16m
	c0=$(stat_of "$u" completed) || t_fail "no completed count in mdgpu/stats"
	# The output also streams to the test's log, which shows even on a timeout.
	# Status 125 is a guest that did not boot (or a QEMU that did not
	# start): booted once more, as a nested TCG boot on a loaded host can
	# fail in the guest kernel's own early boot; a QEMU that refuses the
	# vGPU fails twice.
	for attempt in 1 2; do
		# shellcheck disable=SC2016 # expanded in the guest
		out=$(set -o pipefail
			"$REPO/tools/guest-run" --vgpu "$u" --timeout 300 --boot-slack 840 -- sh -c '
			'"$train"' -p 1 pci' 2>&1 | tee /dev/stderr)
		rc=$?
		[ "$rc" = 125 ] && [ "$attempt" = 1 ] || break
		echo "t50: the guest did not boot (status 125); booting once more" >&2
	done
	t_eq "$rc" 0 "guest-run exit status"
	t_match "$out" 'boot to command: [0-9.]+ s' "the boot time is reported"
	t_match "$out" $'\n[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7] over pci: ' \
		"mdgpu-train found the vGPU as a PCI function"
	t_match "$out" 'result [^'$'\n'']*transport=pci steps=30 [^'$'\n'']*check=pass' \
		"30 steps over the PCI transport, matching the reference"
	# The loss of every step, falling all the way (gradient descent on a
	# convex quadratic with a small enough step).
	while read -r line; do
		[[ $line =~ ^step\ +([0-9]+)\ +loss\ ([0-9.e+-]+) ]] || continue
		n=$((n + 1))
		t_eq "${BASH_REMATCH[1]}" "$n" "step numbers"
		loss=${BASH_REMATCH[2]}
		if [ -n "${prev:-}" ]; then
			awk -v a="$loss" -v b="$prev" 'BEGIN { exit !(a < b) }' ||
				t_fail "loss rose at step $n: $prev -> $loss"
		fi
		prev=$loss
	done <<<"$out"
	t_eq "$n" 30 "loss lines"
	# Each step is 7 commands (2 GEMMs, 2 axpy, the loss GEMM, reduce_sum,
	# a fence): the mediator completed at least 30 steps' worth for this vGPU.
	c1=$(stat_of "$u" completed)
	steps=$(((c1 - c0) / 7))
	[ "$steps" -ge 30 ] || t_fail "the vGPU completed $((c1 - c0)) commands, expected >= 210"
	t_ok remove "$u"
	rt_log_clean
}

# glog_has TEXT: the hot-plug guest has printed TEXT (no fork).
glog_has() {
	[[ $(<"$GLOG") == *"$1"* ]]
}

# gwait SECONDS TEXT: until the guest printed TEXT; fail if guest-run ended.
gwait() {
	local end=$((SECONDS + $1))
	until glog_has "$2"; do
		kill -0 "$GPID" 2>/dev/null || return 1
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.5
	done
}

# Hot-plug and unplug through QMP with a guest OS that answers (pciehp):
# mdgpuctl attach puts the vGPU in the guest's empty slot, the guest finds
# it and trains on it, mdgpuctl detach returns once the guest released it
# (QEMU's DEVICE_DELETED), and the vGPU is free on the host again.
test_guest_hotplug() {
	local u out rc sock=/tmp/t50-qmp.sock c0 c1
	fresh
	command -v qemu-system-x86_64 >/dev/null || t_fail "no qemu-system-x86_64"
	new_uuid_var u
	t_ok create gpu0 ts.16m "$u"
	c0=$(stat_of "$u" completed) || t_fail "no completed count in mdgpu/stats"
	GLOG=/tmp/t50-hotplug.log
	rm -f "$sock"
	"$REPO/tools/guest-run" --qmp "$sock" --timeout 600 --boot-slack 840 -- \
		tests/vm/bin/guest-hotplug 300 >"$GLOG" 2>&1 &
	GPID=$!
	trap '[ -z "$GPID" ] || { kill "$GPID"; wait "$GPID"; }; remove_all' EXIT
	gwait 900 "guest: ready" || t_fail "the guest did not come up: $(<"$GLOG")"
	attr_eq "$MDEV_DEVICES/$u/mdgpu/in_use" 0 "free before the attach"
	out=$("$REPO/build/tools/mdgpuctl/mdgpuctl" attach "$u" --qmp "$sock" \
		--id gpu-h --bus hp0 2>&1) || t_fail "attach: $out"
	t_match "$out" "^attached $u to the VM at $sock as QEMU device gpu-h" "attach output"
	attr_eq "$MDEV_DEVICES/$u/mdgpu/in_use" 1 "QEMU holds the vGPU"
	gwait 300 "guest: trained" || t_fail "the guest did not train on it: $(<"$GLOG")"
	t_match "$(<"$GLOG")" "guest: plugged 0000:[0-9a-f]{2}:00\\.0" "the guest saw it in the slot"
	t_match "$(<"$GLOG")" "result [^"$'\n'"]*transport=pci steps=5 [^"$'\n'"]*check=pass" \
		"5 steps on the hot-plugged vGPU, matching the reference"
	c1=$(stat_of "$u" completed)
	[ $((c1 - c0)) -ge 35 ] || t_fail "the vGPU completed $((c1 - c0)) commands, expected >= 35"
	out=$("$REPO/build/tools/mdgpuctl/mdgpuctl" detach "$u" --qmp "$sock" \
		--id gpu-h --timeout 120 2>&1) || t_fail "detach: $out $(<"$GLOG")"
	t_eq "$out" "detached $u (QEMU device gpu-h) from the VM at $sock" "detach output"
	gwait 120 "guest: unplugged" || t_fail "the guest still has it: $(<"$GLOG")"
	attr_eq "$MDEV_DEVICES/$u/mdgpu/in_use" 0 "free again after the unplug"
	wait "$GPID"
	rc=$?
	GPID=
	t_eq "$rc" 0 "guest-run exit status ($(<"$GLOG"))"
	t_ok remove "$u"
	rt_log_clean
}
