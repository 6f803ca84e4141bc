# SPDX-License-Identifier: GPL-2.0-only
#
# Module unload with live vGPUs tears everything down cleanly, in any order
# the kernel allows; mdgpu.ko refuses while its users are loaded; a reload
# starts from an empty, full-capacity GPU; the kernel log stays clean.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"

make_three() {
	t_ok create gpu0 ts.16m "$(new_uuid)"
	t_ok create gpu0 ts.32m "$(new_uuid)"
	t_ok create gpu0 ts.64m "$(new_uuid)"
	t_eq "$(cat $MDGPU_CLASS/gpu0/nr_vgpus)" 3 "three vGPUs"
}

test_unload_mdev_with_live_vgpus() {
	fresh
	make_three
	t_ok rmmod mdgpu_mdev
	t_eq "$(ls "$MDEV_DEVICES" | wc -l)" 0 "mdevs gone"
	t_eq "$(cat $MDGPU_CLASS/gpu0/nr_vgpus)" 0 "vGPUs destroyed"
	t_eq "$(cat $MDGPU_CLASS/gpu0/memory_free_slices)" 16 "slices back"
	t_err test -e /sys/class/mdev_bus/gpu0
	t_ok insmod "$REPO/mdgpu_mdev.ko"
	t_eq "$(avail gpu0 ts.256m)" 1 "full capacity after reload"
	t_ok kernel_log_clean
}

test_unload_backend_with_live_vgpus() {
	fresh
	make_three
	t_ok rmmod mdgpu_sim
	t_eq "$(ls "$MDEV_DEVICES" | wc -l)" 0 "mdevs gone"
	t_err test -e "$MDGPU_CLASS/gpu0"
	t_ok insmod "$REPO/mdgpu_sim.ko"
	t_eq "$(avail gpu0 ts.16m)" 16 "GPU back, empty"
	t_ok kernel_log_clean
}

test_core_unload_refused_while_used() {
	fresh
	make_three
	t_err rmmod mdgpu
	t_eq "$(cat $MDGPU_CLASS/gpu0/nr_vgpus)" 3 "refused unload changed nothing"
	remove_all
}

test_unload_all_and_reload_cycles() {
	local i
	fresh
	for ((i = 0; i < 5; i++)); do
		make_three
		t_ok rmmod mdgpu_mdev mdgpu_sim mdgpu
		t_err test -e "$MDGPU_CLASS"
		t_ok insmod "$REPO/mdgpu.ko"
		t_ok insmod "$REPO/mdgpu_sim.ko"
		t_ok insmod "$REPO/mdgpu_mdev.ko"
	done
	t_eq "$(avail gpu0 ts.16m)" 16 "empty after cycles"
	t_ok kernel_log_clean
}
