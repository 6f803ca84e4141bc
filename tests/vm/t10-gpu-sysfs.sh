# SPDX-License-Identifier: GPL-2.0-only
#
# /sys/class/mdgpu/gpuN and the mdev type catalog: capacity attributes agree
# with each other and with the module parameters, and every profile is an
# mdev type with the standard attributes and a machine-readable description.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"

test_gpu_capacity_attributes() {
	local g=$MDGPU_CLASS/gpu0
	fresh
	t_eq "$(cat $g/backend)" sim "backend"
	t_eq "$(cat $g/compute_units)" 4 "compute_units (default)"
	t_eq "$(cat $g/shared_compute_units)" 4 "all CUs shared on an empty GPU"
	t_eq "$(cat $g/memory_bytes)" $((256 << 20)) "memory_bytes (default 256 MiB)"
	t_eq "$(cat $g/memory_slices)" 16 "memory_slices"
	t_eq "$(cat $g/memory_slice_bytes)" $((16 << 20)) "slice = memory / slices"
	t_eq "$(cat $g/memory_free_slices)" 16 "empty GPU: all slices free"
	t_eq "$(cat $g/memory_free_bytes)" $((256 << 20)) "free bytes"
	t_eq "$(cat $g/nr_vgpus)" 0 "no vGPUs"
	t_eq "$(cat $g/vgpus)" "" "empty vgpus listing"
	t_ok test -L /sys/class/mdev_bus/gpu0
}

test_types_match_profiles() {
	local g=$MDGPU_CLASS/gpu0 name mode cus mem av max td desc types
	fresh
	t_eq "$(profiles gpu0 | tr '\n' ' ')" \
		"ts.16m ts.32m ts.64m ts.128m ts.256m 1c.64m 2c.128m 4c.256m " "profiles"
	while read -r name mode cus mem av max; do
		td=$(type_dir gpu0 "$name")
		t_ok test -d "$td"
		t_eq "$(cat "$td/device_api")" vfio-pci "$name device_api"
		if [ "$mode" = timesliced ]; then
			t_eq "$(cat "$td/name")" "mdgpu time-sliced $name" "$name pretty name"
			t_eq "$cus" 0 "$name: time-sliced holds no CU"
		else
			t_eq "$(cat "$td/name")" "mdgpu spatial $name" "$name pretty name"
			t_eq "$((cus * 16 / 4))" "$((16 / max))" "$name: CUs and memory in proportion"
		fi
		t_eq "$(cat "$td/available_instances")" "$av" "$name available_instances"
		t_eq "$av" "$max" "$name: empty GPU has max instances available"
		t_eq "$((max * mem))" $((256 << 20)) "$name: max x memory = GPU memory"
		desc=$(cat "$td/description")
		t_eq "$desc" "$(printf 'mode=%s\ncompute_units=%s\nmemory=%s\nmax_instances=%s\nplacement_size=%s' \
			"$mode" "$cus" "$mem" "$max" $((16 / max)))" "$name description"
	done <"$g/profiles"
	types=("$g"/mdev_supported_types/*)
	t_eq "${#types[@]}" 8 "one mdev type per profile"
}

test_module_parameters_shape_the_gpu() {
	fresh
	t_ok reload_modules gpus=2 compute_units=8 memory_mb=512 memory_slices=32
	t_eq "$(ls -d $MDGPU_CLASS/gpu* | wc -l)" 2 "two GPUs"
	t_eq "$(cat $MDGPU_CLASS/gpu1/compute_units)" 8 "gpu1 compute_units"
	t_eq "$(cat $MDGPU_CLASS/gpu1/memory_bytes)" $((512 << 20)) "gpu1 memory"
	t_eq "$(cat $MDGPU_CLASS/gpu1/memory_slice_bytes)" $((16 << 20)) "gpu1 slice"
	t_eq "$(avail gpu1 ts.16m)" 32 "gpu1 ts.16m"
	t_eq "$(avail gpu1 ts.512m)" 1 "gpu1 ts.512m"
	t_eq "$(avail gpu1 1c.64m)" 8 "gpu1 1c.64m"
	t_eq "$(avail gpu1 8c.512m)" 1 "gpu1 8c.512m"
	t_ok reload_modules
}

test_bad_module_parameters_refused() {
	local p
	fresh
	remove_all
	t_ok rmmod mdgpu_mdev
	t_ok rmmod mdgpu_sim
	for p in gpus=0 gpus=9 compute_units=3 compute_units=128 memory_mb=100 \
		memory_mb=32768 memory_slices=5 memory_slices=128; do
		t_err insmod "$REPO/mdgpu_sim.ko" "$p"
		t_eq "$(ls $MDGPU_CLASS | wc -l)" 0 "no GPU after a refused $p"
	done
	t_match "$(dmesg | tail -n 20)" "memory_slices=128: must be" "the log names the parameter"
	t_ok reload_modules
}
