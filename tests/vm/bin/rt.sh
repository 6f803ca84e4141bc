# SPDX-License-Identifier: GPL-2.0-only
#
# Helpers of the libmdgpu-rt VM tests (tests/vm/t2x-*.sh): where the test
# programs are, vGPUs that remove themselves when the test ends, and running
# a program so that its report shows and its failure fails the test.
# shellcheck shell=bash

RT_BIN=$REPO/build/tests/vm/bin
# shellcheck disable=SC2034 # for the tests that source this
RT_GEMM=$REPO/build/tools/mdgpu-gemm/mdgpu-gemm
RT_VGPUS=()

# rt_need PROGRAM...: skip the test unless `make` built the programs.
rt_need() {
	local p
	for p in "$@"; do
		[ -x "$RT_BIN/$p" ] || t_skip "$RT_BIN/$p is not built (run make)"
	done
}

rt_cleanup() {
	local u
	for u in "${RT_VGPUS[@]}"; do
		[ -e "$MDEV_DEVICES/$u" ] && remove "$u"
	done
	return 0
}

# rt_vgpu VAR [PROFILE]: create a vGPU (default ts.16m) into VAR; it is
# removed when the test's process exits.
rt_vgpu() {
	local rt_u
	rt_u=$(new_uuid)
	create gpu0 "${2:-ts.16m}" "$rt_u" || t_fail "cannot create a ${2:-ts.16m} vGPU"
	RT_VGPUS+=("$rt_u")
	trap rt_cleanup EXIT
	printf -v "$1" %s "$rt_u"
}

# rt_run PROGRAM ARGS...: run a test program from $RT_BIN (or a path), print
# its output, and fail the test with its first failure lines if it fails.
rt_run() {
	local prog=$1 out rc
	shift
	[[ $prog == */* ]] || prog=$RT_BIN/$prog
	out=$("$prog" "$@" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	[ "$rc" -eq 0 ] || t_fail "${prog##*/} $* exited $rc: $(grep -m 3 -E 'FAIL|FATAL|error' <<<"$out" | tr '\n' ' ')"
}

# rt_log_clean: no WARNING/BUG/Oops in the kernel log.
rt_log_clean() {
	kernel_log_clean || t_fail "kernel log: $(dmesg | grep -m 3 -E 'WARNING:|BUG:|Oops|general protection|UBSAN:|KASAN:' | tr '\n' ' ')"
}
