# SPDX-License-Identifier: GPL-2.0-only
#
# The in-flight cap (docs/device.md §7): one doorbell over 3000 commands;
# the device holds at most MDGPU_MAX_INFLIGHT of them, resumes fetching by
# itself as they complete, and every command runs.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"
# shellcheck source=tests/vm/bin/rt.sh
. "$(dirname "${BASH_SOURCE[0]}")/bin/rt.sh"

test_inflight_cap_and_resume() {
	local u out
	fresh
	rt_need rt-inflight
	rt_vgpu u
	out=$("$RT_BIN/rt-inflight" "$u" 2>&1) || t_fail "rt-inflight: $out"
	t_match "$out" "fetched [0-9]+ of 3000" "report"
	t_match "$(cat "$MDEV_DEVICES/$u/mdgpu/stats")" "queued=0" "queue drained"
}
# shellcheck disable=SC2034 # read by run-all
T_TIMEOUT_test_inflight_cap_and_resume=300
