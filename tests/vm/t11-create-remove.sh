# SPDX-License-Identifier: GPL-2.0-only
#
# Creating and removing vGPUs through the standard mdev sysfs files:
# available_instances is exact after every step, placements are aligned and
# disjoint, and removing gives every slice back.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"

# Fill a type to capacity, checking available_instances after each create
# and each remove, then check the next create fails with ENOSPC.
fill_and_drain() {
	local prof=$1 max=$2 i u uuids=()
	for ((i = 0; i < max; i++)); do
		avail_eq gpu0 "$prof" $((max - i)) "$prof available before create $i"
		new_uuid_var u
		t_ok create gpu0 "$prof" "$u"
		attr_eq "$MDEV_DEVICES/$u/mdgpu/profile" "$prof" "profile of $u"
		uuids+=("$u")
	done
	avail_eq gpu0 "$prof" 0 "$prof full"
	new_uuid_var u
	t_err create gpu0 "$prof" "$u"
	attr_eq $MDGPU_CLASS/gpu0/nr_vgpus "$max" "nr_vgpus"
	for ((i = 0; i < max; i++)); do
		t_ok remove "${uuids[$i]}"
		avail_eq gpu0 "$prof" $((i + 1)) "$prof available after remove $i"
	done
	attr_eq $MDGPU_CLASS/gpu0/memory_free_slices 16 "all slices back"
}

test_every_type_every_count() {
	fresh
	fill_and_drain ts.16m 16
	fill_and_drain ts.32m 8
	fill_and_drain ts.64m 4
	fill_and_drain ts.128m 2
	fill_and_drain ts.256m 1
}

test_mixed_sizes_exact_counts() {
	local a b c
	fresh
	a=$(new_uuid) b=$(new_uuid) c=$(new_uuid)
	t_ok create gpu0 ts.16m "$a"
	t_eq "$(avail gpu0 ts.16m)" 15 "16m after one 16m"
	t_eq "$(avail gpu0 ts.128m)" 1 "one 128m half left whole"
	t_eq "$(avail gpu0 ts.256m)" 0 "no 256m"
	t_ok create gpu0 ts.64m "$b"
	t_ok create gpu0 ts.128m "$c"
	# 16m at slice 0, 64m at 4..7 (same half), 128m at 8..15.
	t_eq "$(cat "$MDEV_DEVICES/$a/mdgpu/placement" | head -n 1)" slice_start=0 "16m placed first"
	t_eq "$(cat "$MDEV_DEVICES/$b/mdgpu/placement" | head -n 1)" slice_start=4 "64m packs beside it"
	t_eq "$(cat "$MDEV_DEVICES/$c/mdgpu/placement" | head -n 1)" slice_start=8 "128m takes the free half"
	t_eq "$(avail gpu0 ts.16m)" 3 "three 16m left"
	t_eq "$(avail gpu0 ts.32m)" 1 "one aligned 32m left"
	t_eq "$(avail gpu0 ts.64m)" 0 "no aligned 64m left"
	t_eq "$(cat $MDGPU_CLASS/gpu0/memory_free_bytes)" $((48 << 20)) "48 MiB free"
	t_match "$(cat $MDGPU_CLASS/gpu0/vgpus)" "$c ts.128m 8 8 0 0 $((128 << 20))" "vgpus line"
	remove_all
	t_eq "$(cat $MDGPU_CLASS/gpu0/memory_free_slices)" 16 "all slices back"
}

test_random_create_remove_no_leaks() {
	local i prof u live=() seed=7 n profs=(ts.16m ts.32m ts.64m ts.128m ts.256m) before
	fresh
	RANDOM=$seed
	for ((i = 0; i < 200; i++)); do
		n=${#live[@]}
		if ((n > 0 && RANDOM % 3 == 0)); then
			u=${live[RANDOM % n]}
			t_ok remove "$u"
			live=("${live[@]/$u/}")
			read -ra live <<<"${live[*]}"
		else
			prof=${profs[RANDOM % 5]}
			read -r before <"$MDGPU_CLASS/gpu0/mdev_supported_types/mdgpu-$prof/available_instances"
			new_uuid_var u
			if ((before > 0)); then
				t_ok create gpu0 "$prof" "$u"
				live+=("$u")
				avail_eq gpu0 "$prof" $((before - 1)) "$prof after create"
			else
				t_err create gpu0 "$prof" "$u"
			fi
		fi
	done
	remove_all
	t_eq "$(cat $MDGPU_CLASS/gpu0/memory_free_slices)" 16 "no leaked slices"
	t_eq "$(cat $MDGPU_CLASS/gpu0/nr_vgpus)" 0 "no leaked vGPUs"
	t_ok kernel_log_clean
}
