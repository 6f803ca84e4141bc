# SPDX-License-Identifier: GPL-2.0-only
#
# libmdgpu-rt against the real device: every command and built-in kernel
# (fill, copy, axpy, gemm f32 and int8 with awkward shapes, reduce_sum,
# timestamp, spin) checked against host references, through each way of
# waiting (FENCE register, fence memory slot, MSI, INTx), with an 8-entry
# ring so that submissions wrap; and the mdgpu-gemm example.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"
# shellcheck source=tests/vm/bin/rt.sh
. "$(dirname "${BASH_SOURCE[0]}")/bin/rt.sh"

kernels_in_mode() {
	local u
	fresh
	rt_need rt-kernels
	rt_vgpu u
	rt_run rt-kernels "$u" "$1" 8
	rt_log_clean
}

test_kernels_poll_reg() {
	kernels_in_mode poll-reg
}

test_kernels_poll_mem() {
	kernels_in_mode poll-mem
}

test_kernels_msi() {
	kernels_in_mode msi
}

test_kernels_intx() {
	kernels_in_mode intx
}

# Two tenants at once, default ring and automatic wait mode, each correct.
test_kernels_two_tenants() {
	local u v pu pv
	fresh
	rt_need rt-kernels
	rt_vgpu u
	rt_vgpu v ts.32m
	"$RT_BIN/rt-kernels" "$u" auto >/tmp/t20-u.out 2>&1 &
	pu=$!
	"$RT_BIN/rt-kernels" "$v" msi 256 >/tmp/t20-v.out 2>&1 &
	pv=$!
	wait "$pu" || t_fail "tenant 1: $(tail -n 3 /tmp/t20-u.out)"
	wait "$pv" || t_fail "tenant 2: $(tail -n 3 /tmp/t20-v.out)"
	tail -n 1 /tmp/t20-u.out /tmp/t20-v.out
}

test_gemm_example() {
	local u out
	fresh
	[ -x "$RT_GEMM" ] || t_skip "$RT_GEMM is not built (run make)"
	rt_vgpu u
	rt_run "$RT_GEMM" -m 37 -n 45 -k 29 -p 3 "$u"
	rt_run "$RT_GEMM" -t i8 -m 64 -n 1 -k 200 -w intx "$u"
	rt_run "$RT_GEMM" -t f32 -m 1 -n 1 -k 1 -r 3 -w poll-reg -q "$u"
	out=$("$RT_GEMM" --help) || t_fail "--help exited $?"
	t_match "$out" 'usage: mdgpu-gemm' "--help"
	"$RT_GEMM" -m 0 "$u" >/dev/null 2>&1
	t_eq $? 2 "exit status for -m 0"
	"$RT_GEMM" "$(new_uuid)" >/dev/null 2>&1
	t_eq $? 3 "exit status for a vGPU that does not exist"
	# 4096 x 4096 f32 operands do not fit in 16 MiB with C: refused, not crashed.
	"$RT_GEMM" -t f32 -m 4096 -n 4096 -k 64 "$u" >/dev/null 2>&1
	t_eq $? 3 "exit status when the matrices do not fit"
}
