# SPDX-License-Identifier: GPL-2.0-only
#
# Malformed commands of every class (opcode, flags, kernel id, reserved
# bytes, sizes, grid, alignment, wrap-around, range, overlap, leading
# dimension), bad ring pointers and ring configurations: each stops only
# that vGPU's queue with the right ERROR_CODE/INDEX/DETAIL and an error
# interrupt (MSI, then INTx), and a reset recovers it, while a neighbour
# vGPU in another process keeps computing correctly. No kernel WARN.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"
# shellcheck source=tests/vm/bin/rt.sh
. "$(dirname "${BASH_SOURCE[0]}")/bin/rt.sh"

bad_with_neighbour() {
	local u v pid i
	fresh
	rt_need rt-bad rt-neighbour
	rt_vgpu u
	rt_vgpu v
	"$RT_BIN/rt-neighbour" "$v" 100 >/tmp/t22-n.out 2>&1 &
	pid=$!
	for ((i = 0; i < 200; i++)); do
		grep -q '^running$' /tmp/t22-n.out && break
		sleep 0.1
	done
	rt_run rt-bad "$u" "$1"
	rt_run rt-bad "$u" "$1"
	kill -TERM "$pid"
	wait "$pid" || t_fail "neighbour: $(tail -n 3 /tmp/t22-n.out)"
	cat /tmp/t22-n.out
	rt_log_clean
}

test_bad_commands_msi() {
	bad_with_neighbour msi
}

test_bad_commands_intx() {
	bad_with_neighbour intx
}
