# SPDX-License-Identifier: GPL-2.0-only
#
# Spatial (MIG-style) vGPUs and mixed layouts: exact available_instances after
# every step, compute units taken from the shared pool and given back,
# explicit placement by moving a new vGPU, refusals (no room, misaligned,
# conflicting, opened) with no partial state, and random churn with no leaks.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"

# expect_avail "PROFILE=N ...": every listed profile's available_instances.
expect_avail() {
	local kv
	for kv in $1; do
		avail_eq gpu0 "${kv%=*}" "${kv#*=}" "$2: ${kv%=*}"
	done
}

test_mixed_layout_step_by_step() {
	local a b c d
	fresh
	new_uuid_var a
	new_uuid_var b
	new_uuid_var c
	new_uuid_var d
	t_ok create gpu0 1c.64m "$a"
	attr_eq $MDGPU_CLASS/gpu0/shared_compute_units 3 "a spatial vGPU takes its CU"
	expect_avail "1c.64m=3 2c.128m=1 4c.256m=0 ts.16m=12 ts.64m=3 ts.128m=1" "after 1c"
	t_ok create gpu0 ts.64m "$b"
	expect_avail "1c.64m=2 2c.128m=1 4c.256m=0 ts.16m=8 ts.128m=1" "after 1c + ts.64m"
	t_ok create gpu0 2c.128m "$c"
	attr_eq $MDGPU_CLASS/gpu0/shared_compute_units 1 "one CU left for time-sliced"
	# The last CU must stay for the time-sliced vGPU: no more spatial.
	expect_avail "1c.64m=0 2c.128m=0 ts.16m=0 ts.64m=0" "full"
	t_err create gpu0 1c.64m "$d"
	t_ok remove "$b"
	# No time-sliced vGPU left: the last CU may go to a spatial one.
	expect_avail "1c.64m=1 ts.64m=1 ts.16m=4" "after removing ts.64m"
	t_ok create gpu0 1c.64m "$d"
	attr_eq $MDGPU_CLASS/gpu0/shared_compute_units 0 "all CUs spatial"
	expect_avail "ts.16m=0 ts.64m=0 1c.64m=0" "no CU left for time-sliced"
	t_match "$(cat $MDGPU_CLASS/gpu0/vgpus)" "$c 2c.128m [0-9]+ 8 [0-9]+ 2 " "placement line"
	remove_all
	attr_eq $MDGPU_CLASS/gpu0/shared_compute_units 4 "every CU back"
	attr_eq $MDGPU_CLASS/gpu0/memory_free_slices 16 "every slice back"
}

test_explicit_placement() {
	local a b before
	fresh
	new_uuid_var a
	new_uuid_var b
	t_ok create gpu0 1c.64m "$a"
	attr_eq "$MDEV_DEVICES/$a/mdgpu/slice_start" 0 "auto placement: first"
	t_ok write_file "$MDEV_DEVICES/$a/mdgpu/slice_start" 12
	t_ok write_file "$MDEV_DEVICES/$a/mdgpu/cu_start" 3
	attr_eq "$MDEV_DEVICES/$a/mdgpu/slice_start" 12 "moved memory"
	attr_eq "$MDEV_DEVICES/$a/mdgpu/cu_start" 3 "moved CU"
	t_match "$(cat "$MDEV_DEVICES/$a/mdgpu/placement")" "mem_offset=$((192 << 20))" "offset follows"
	t_ok create gpu0 ts.64m "$b"
	before=$(state)
	t_err write_file "$MDEV_DEVICES/$b/mdgpu/slice_start" 2	# misaligned
	t_err write_file "$MDEV_DEVICES/$b/mdgpu/slice_start" 12	# held by a
	t_err write_file "$MDEV_DEVICES/$b/mdgpu/slice_start" 16	# out of range
	t_err write_file "$MDEV_DEVICES/$b/mdgpu/cu_start" 0	# time-sliced has no CU
	t_err write_file "$MDEV_DEVICES/$a/mdgpu/cu_start" 4	# out of range
	t_err write_file "$MDEV_DEVICES/$b/mdgpu/slice_start" x
	t_eq "$(state)" "$before" "refused placements changed nothing"
	remove_all
}

test_mdevctl_attrs_place_a_vgpu() {
	local u
	fresh
	new_uuid_var u
	t_ok mdevctl define -u "$u" -p gpu0 -t mdgpu-2c.128m
	t_ok mdevctl modify -u "$u" --addattr=mdgpu/cu_start --value=2
	t_ok mdevctl modify -u "$u" --addattr=mdgpu/slice_start --value=8
	t_ok mdevctl start -u "$u"
	attr_eq "$MDEV_DEVICES/$u/mdgpu/cu_start" 2 "mdevctl attr placed the CUs"
	attr_eq "$MDEV_DEVICES/$u/mdgpu/slice_start" 8 "mdevctl attr placed the memory"
	t_ok mdevctl stop -u "$u"
	t_ok mdevctl undefine -u "$u"
}

# 1000 random creates and removes of every profile, checking each create
# against the count the kernel advertised just before; nothing leaks.
test_random_mixed_churn_1000() {
	local i prof u n before live=() profs
	fresh
	profs=(ts.16m ts.32m ts.64m ts.128m ts.256m 1c.64m 2c.128m 4c.256m)
	RANDOM=11
	for ((i = 0; i < 1000; i++)); do
		n=${#live[@]}
		if ((n > 0 && RANDOM % 2 == 0)); then
			u=${live[RANDOM % n]}
			t_ok remove "$u"
			live=("${live[@]/$u/}")
			read -ra live <<<"${live[*]}"
			continue
		fi
		prof=${profs[RANDOM % ${#profs[@]}]}
		read -r before <"$MDGPU_CLASS/gpu0/mdev_supported_types/mdgpu-$prof/available_instances"
		new_uuid_var u
		if ((before > 0)); then
			t_ok create gpu0 "$prof" "$u"
			live+=("$u")
		else
			t_err create gpu0 "$prof" "$u"
		fi
	done
	remove_all
	attr_eq $MDGPU_CLASS/gpu0/memory_free_slices 16 "no leaked slices"
	attr_eq $MDGPU_CLASS/gpu0/shared_compute_units 4 "no leaked CUs"
	attr_eq $MDGPU_CLASS/gpu0/nr_vgpus 0 "no leaked vGPUs"
	t_ok kernel_log_clean
}
# shellcheck disable=SC2034 # read by run-all
T_TIMEOUT_test_random_mixed_churn_1000=600
