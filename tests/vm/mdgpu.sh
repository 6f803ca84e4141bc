# SPDX-License-Identifier: GPL-2.0-only
#
# Domain helpers for the VM integration tests: where our sysfs lives, how to
# create and remove vGPUs, reload the modules with other parameters, and take
# a snapshot of all state so a test can prove that a failed write changed
# nothing. Sourced by tests/vm/t*.sh; needs tests/vm/lib.sh.
# shellcheck shell=bash

MDGPU_CLASS=/sys/class/mdgpu
MDEV_DEVICES=/sys/bus/mdev/devices
REPO=${VMTEST_REPO:-$(pwd)}

# type_dir GPU PROFILE: the mdev type directory of PROFILE on gpuN.
type_dir() {
	echo "$MDGPU_CLASS/$1/mdev_supported_types/mdgpu-$2"
}

# avail GPU PROFILE: available_instances.
avail() {
	cat "$(type_dir "$1" "$2")/available_instances"
}

new_uuid() {
	cat /proc/sys/kernel/random/uuid
}

# create GPU PROFILE UUID: write the UUID to the type's create file.
create() {
	echo "$3" >"$(type_dir "$1" "$2")/create"
}

# remove UUID
remove() {
	echo 1 >"$MDEV_DEVICES/$1/remove"
}

# remove_all: remove every mdev of ours (cleanup between tests).
remove_all() {
	local d
	for d in "$MDEV_DEVICES"/*; do
		[ -e "$d/mdgpu/gpu" ] || continue
		echo 1 >"$d/remove" 2>/dev/null || true
	done
}

# profiles GPU: the profile names of gpuN, one per line.
profiles() {
	cut -d' ' -f1 "$MDGPU_CLASS/$1/profiles"
}

# state: everything a failed operation must leave unchanged.
state() {
	local g
	for g in "$MDGPU_CLASS"/gpu*; do
		echo "== $g"
		cat "$g/profiles" "$g/vgpus" "$g/memory_free_slices" "$g/nr_vgpus"
		cat "$g"/mdev_supported_types/*/available_instances
	done
	ls "$MDEV_DEVICES"
}

# reload_modules [SIM_PARAMS...]: reload mdgpu_sim and mdgpu_mdev.
reload_modules() {
	remove_all
	rmmod mdgpu_mdev 2>/dev/null
	rmmod mdgpu_sim 2>/dev/null
	insmod "$REPO/mdgpu_sim.ko" "$@" && insmod "$REPO/mdgpu_mdev.ko"
}

# kernel_log_clean: no WARNING/BUG/Oops since the suite started.
kernel_log_clean() {
	! dmesg | grep -qE 'WARNING:|BUG:|Oops|general protection|UBSAN:|KASAN:'
}

# fresh: start a test from a GPU with no vGPU and the default module setup.
fresh() {
	remove_all
	if [ ! -e "$MDGPU_CLASS/gpu0" ] || [ "$(ls -d "$MDGPU_CLASS"/gpu* | wc -l)" != 1 ] ||
		[ "$(cat "$MDGPU_CLASS/gpu0/memory_bytes")" != $((256 << 20)) ]; then
		lsmod | grep -q '^mdgpu ' || insmod "$REPO/mdgpu.ko"
		reload_modules || t_fail "cannot reload the modules"
	fi
	lsmod | grep -q '^mdgpu_mdev ' || insmod "$REPO/mdgpu_mdev.ko" || t_fail "insmod mdgpu_mdev"
	[ "$(cat "$MDGPU_CLASS/gpu0/nr_vgpus")" = 0 ] || t_fail "vGPUs left over from an earlier test"
}
