# SPDX-License-Identifier: GPL-2.0-only
#
# Checks of the VM test harness itself (tools/vmtest, tests/vm/lib.sh): the
# filesystem layout the guest promises, the vfio/mdev stack and mdevctl, and
# our modules when they are built. If these fail, read nothing into the rest.
# shellcheck shell=bash

test_root_readonly() {
	t_match "$(awk '$2 == "/" { print $3, $4 }' /proc/mounts)" '^9p ro(,|$)' \
		"/ in /proc/mounts"
	t_err touch /.vmtest-probe
	t_err mkdir /usr/.vmtest-probe
}

test_repo_is_cwd() {
	t_eq "$PWD" "$VMTEST_REPO" "working directory"
	t_ok test -x tools/vmtest
	t_err touch .vmtest-probe
}

test_results_writable() {
	local f=$VMTEST_RESULTS/t00-probe

	t_ok mountpoint -q "$VMTEST_RESULTS"
	echo hello >"$f" || t_fail "cannot write $f"
	t_eq "$(cat "$f")" hello "read back"
	t_ok rm "$f"
}

test_scratch_writable() {
	local d

	for d in /tmp /var/tmp /run /var/lib /root /etc/mdevctl.d /dev/shm; do
		t_eq "$(stat -f -c %T "$d")" tmpfs "filesystem of $d"
		t_ok touch "$d/.vmtest-probe"
		t_ok rm "$d/.vmtest-probe"
	done
}

test_pseudo_filesystems() {
	t_eq "$(uname -r)" "$VMTEST_KVER" "uname -r"
	t_ok test -e /proc/self/status
	t_ok test -d /sys/kernel/mm
	t_ok test -c /dev/null
	t_ok mountpoint -q /dev/pts
	t_ok mountpoint -q /sys/kernel/debug
	t_ok test -d /sys/kernel/debug/tracing
}

test_vfio_mdev_loaded() {
	local m

	for m in vfio vfio_iommu_type1 mdev; do
		t_ok test -d "/sys/module/$m"
	done
	t_ok test -c /dev/vfio/vfio
	t_ok test -d /sys/class/mdev_bus
}

test_mdevctl_runs() {
	local out

	out=$(mdevctl list 2>&1) || t_fail "mdevctl list: $out"
	out=$(mdevctl types 2>&1) || t_fail "mdevctl types: $out"
}

test_our_modules_loaded() {
	local m loaded=0

	for m in mdgpu mdgpu_sim mdgpu_mdev; do
		[ -e "$VMTEST_REPO/$m.ko" ] || continue
		if [ "$VMTEST_MODULES" = 1 ]; then
			t_ok test -d "/sys/module/$m"
			loaded=$((loaded + 1))
		else
			t_err test -d "/sys/module/$m"
		fi
	done
	[ "$loaded" -gt 0 ] || t_skip "no module built or --no-modules"
}

test_qemu_runs() {
	command -v qemu-system-x86_64 >/dev/null || t_skip "no qemu-system-x86_64"
	t_match "$(qemu-system-x86_64 --version)" '^QEMU emulator version' \
		"qemu-system-x86_64 --version (for nested guests)"
}

# The library: each assertion must end a test as documented.
test_lib_assertions() {
	local rc

	(T_MSG_FILE=/dev/null t_eq a b) && t_fail "t_eq a b passed"
	(T_MSG_FILE=/dev/null t_ok false) && t_fail "t_ok false passed"
	(T_MSG_FILE=/dev/null t_err true) && t_fail "t_err true passed"
	(T_MSG_FILE=/dev/null t_match abc '^b') && t_fail "t_match abc ^b passed"
	(T_MSG_FILE=/dev/null t_skip why)
	rc=$?
	t_eq "$rc" 77 "t_skip exit status"
	(t_eq a a && t_ok true && t_err false && t_match abc '^a.c$') ||
		t_fail "a passing assertion failed"
}
