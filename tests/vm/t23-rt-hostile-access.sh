# SPDX-License-Identifier: GPL-2.0-only
#
# Guest-hostile register access: undefined BAR0 offsets, 1-, 2- and
# unaligned accesses, read-only registers and config-space bits are all
# ignored without an error or a kernel WARN; BAR sizing follows the masks;
# BAR2 through pread/pwrite matches the mmap view.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"
# shellcheck source=tests/vm/bin/rt.sh
. "$(dirname "${BASH_SOURCE[0]}")/bin/rt.sh"

test_hostile_registers() {
	local u
	fresh
	rt_need rt-regs rt-kernels
	rt_vgpu u
	rt_run rt-regs "$u"
	# The vGPU still works afterwards.
	rt_run rt-kernels "$u" msi
	rt_log_clean
}

# The bigger types: BAR2 sizing and the pread/mmap comparison at each size.
test_hostile_registers_every_size() {
	local p u
	fresh
	rt_need rt-regs
	for p in ts.32m ts.64m ts.128m; do
		rt_vgpu u "$p"
		rt_run rt-regs "$u"
		remove "$u"
	done
	rt_log_clean
}
