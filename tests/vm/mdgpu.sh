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

# Process creation is slow under TCG: the helpers below read sysfs with
# bash builtins (read, mapfile) instead of forking cat.

# avail GPU PROFILE: available_instances.
avail() {
	local v
	read -r v <"$MDGPU_CLASS/$1/mdev_supported_types/mdgpu-$2/available_instances"
	echo "$v"
}

# avail_eq GPU PROFILE EXPECTED MSG: assert available_instances, no fork.
avail_eq() {
	local v
	read -r v <"$MDGPU_CLASS/$1/mdev_supported_types/mdgpu-$2/available_instances"
	t_eq "$v" "$3" "$4"
}

# attr_eq FILE EXPECTED MSG: assert a one-line attribute, no fork.
attr_eq() {
	local v
	read -r v <"$1"
	t_eq "$v" "$2" "$3"
}

new_uuid() {
	local u
	read -r u </proc/sys/kernel/random/uuid
	echo "$u"
}

# new_uuid_var NAME: a fresh UUID into variable NAME, no fork.
new_uuid_var() {
	local __mdgpu_uuid
	read -r __mdgpu_uuid </proc/sys/kernel/random/uuid
	printf -v "$1" '%s' "$__mdgpu_uuid"
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

# write_file FILE VALUE: write VALUE with no trailing newline.
write_file() {
	printf '%s' "$2" >"$1"
}

# profiles GPU: the profile names of gpuN, one per line.
profiles() {
	cut -d' ' -f1 "$MDGPU_CLASS/$1/profiles"
}

# state: everything a failed operation must leave unchanged.
state() {
	local g f lines
	for g in "$MDGPU_CLASS"/gpu*; do
		echo "== $g"
		for f in "$g"/profiles "$g"/vgpus "$g"/memory_free_slices "$g"/nr_vgpus \
			"$g"/sched_policy "$g"/timeslice_us "$g"/sched_period_ms "$g"/watchdog_ms \
			"$g"/mdev_supported_types/*/available_instances; do
			mapfile -t lines <"$f"
			printf '%s: %s\n' "${f#"$g"/}" "${lines[*]}"
		done
	done
	for f in "$MDEV_DEVICES"/*/mdgpu/*; do
		[ -f "$f" ] || continue
		case $f in */stats | */latency_hist) continue ;; esac
		mapfile -t lines <"$f"
		printf '%s: %s\n' "${f#"$MDEV_DEVICES"/}" "${lines[*]}"
	done
	echo "mdevs:" "$MDEV_DEVICES"/*
}

# reload_modules [SIM_PARAMS...]: reload mdgpu_sim and mdgpu_mdev.
# shellcheck disable=SC2120 # parameters are optional
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
	local gpus=("$MDGPU_CLASS"/gpu*) mem=0
	[ -e "$MDGPU_CLASS/gpu0" ] && read -r mem <"$MDGPU_CLASS/gpu0/memory_bytes"
	if [ "${#gpus[@]}" != 1 ] || [ "$mem" != $((256 << 20)) ]; then
		[ -e /sys/module/mdgpu ] || insmod "$REPO/mdgpu.ko"
		# shellcheck disable=SC2119 # default parameters
		reload_modules || t_fail "cannot reload the modules"
	fi
	[ -e /sys/module/mdgpu_mdev ] || insmod "$REPO/mdgpu_mdev.ko" || t_fail "insmod mdgpu_mdev"
	attr_eq "$MDGPU_CLASS/gpu0/nr_vgpus" 0 "vGPUs left over from an earlier test"
	echo best_effort >"$MDGPU_CLASS/gpu0/sched_policy"
}
