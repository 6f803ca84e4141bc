# SPDX-License-Identifier: GPL-2.0-only
#
# Removing a vGPU while a process has it open and busy: the VFIO request
# eventfd fires, the runtime's wait returns -ESHUTDOWN, the process closes
# the device, and the remove completes.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"
# shellcheck source=tests/vm/bin/rt.sh
. "$(dirname "${BASH_SOURCE[0]}")/bin/rt.sh"

test_remove_while_open() {
	local u pid i start
	fresh
	rt_need rt-req
	rt_vgpu u
	"$RT_BIN/rt-req" "$u" 60 >/tmp/t24.out 2>&1 &
	pid=$!
	for ((i = 0; i < 100; i++)); do
		grep -q '^open$' /tmp/t24.out && break
		sleep 0.1
	done
	t_match "$(cat /tmp/t24.out)" '^open' "rt-req did not open the vGPU"
	start=$EPOCHREALTIME
	timeout 30 bash -c "echo 1 >'$MDEV_DEVICES/$u/remove'" || t_fail "remove did not complete"
	echo "remove took $(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }') s"
	wait "$pid" || t_fail "rt-req: $(cat /tmp/t24.out)"
	cat /tmp/t24.out
	t_match "$(cat /tmp/t24.out)" 'request after' "no release request seen"
	t_match "$(cat /tmp/t24.out)" 'closed' "rt-req did not close"
	t_err test -e "$MDEV_DEVICES/$u"
	t_eq "$(cat "$MDGPU_CLASS/gpu0/nr_vgpus")" 0 "vGPUs left"
	rt_log_clean
}
