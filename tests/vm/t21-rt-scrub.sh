# SPDX-License-Identifier: GPL-2.0-only
#
# Tenant hygiene through the device: 1000 cycles of create, open, fill all
# of the vGPU's memory with a canary, close, remove; every fresh vGPU
# (which gets the previous tenant's memory) must hold none of the canary.
# RT_SCRUB_CYCLES overrides the count (the report says what ran).
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"
# shellcheck source=tests/vm/bin/rt.sh
. "$(dirname "${BASH_SOURCE[0]}")/bin/rt.sh"

# shellcheck disable=SC2034 # read by run-all
T_TIMEOUT_test_scrub_1000_cycles=480

test_scrub_1000_cycles() {
	local out
	fresh
	rt_need rt-scrub
	out=$(rt_run rt-scrub "$(type_dir gpu0 ts.16m)" "${RT_SCRUB_CYCLES:-1000}" populate) ||
		exit 1
	printf '%s\n' "$out"
	t_match "$out" ' 0 canary bytes, 0 non-zero bytes found' "scrub"
	t_eq "$(cat "$MDGPU_CLASS/gpu0/nr_vgpus")" 0 "vGPUs left behind"
	rt_log_clean
}
