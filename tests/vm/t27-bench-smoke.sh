# SPDX-License-Identifier: GPL-2.0-only
#
# The benchmarks' VM halves still run, on tiny settings: bench/device.sh
# (mediated and direct in pairs, every measure, a well-formed result) and
# bench/sched-vm.sh with bench/sched-report (the share experiments and their
# metrics). No figure is judged here: `make bench` does that, on an idle
# host. What this catches is a benchmark that no longer runs, such as a
# workload that writes over the runtime's ring and stops the queue.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"

# shellcheck disable=SC2034 # read by run-all
{
	T_TIMEOUT_test_bench_device_runs=180
	T_TIMEOUT_test_bench_sched_runs=180
}

test_bench_device_runs() {
	local out=/tmp/t27-device.json
	fresh
	[ -x "$REPO/build/bench/mdgpu-devbench" ] || t_fail "mdgpu-devbench is not built (run make)"
	PAIRS=2 NOPS=50 SMALL=20 LARGE=4 GSMALL=20 GLARGE=2 "$REPO/bench/device.sh" >"$out" ||
		t_fail "bench/device.sh failed: $(tail -n 5 "$out")"
	t_eq "$(jq .config.pairs "$out")" 2 "pairs in the result"
	t_eq "$(jq '.raw | length' "$out")" 10 "result lines: 5 measures x 2 pairs"
	t_eq "$(jq '[.raw[] | select(.test != "nop_latency") | .first] | unique | length' "$out")" 2 \
		"both orders (mediated first, direct first)"
	t_ok jq -e '[.small, .large, .gemm_small, .gemm_large] |
		all(.throughput_ratio > 0 and .mediated_ns_per_command > 0 and
		    .direct_ns_per_command > 0)' "$out"
	t_ok jq -e '.nop_latency_ns | all(.[]; . > 0)' "$out"
	t_eq "$(cat "$MDGPU_CLASS/gpu0/nr_vgpus")" 0 "vGPUs left by the bench"
	jq -c '{nop_p50: .nop_latency_ratio_p50, large: .large.throughput_ratio,
		gemm_large: .gemm_large.throughput_ratio}' "$out"
}

test_bench_sched_runs() {
	local dir=/tmp/t27-sched out
	fresh
	rm -rf "$dir"
	mkdir -p "$dir"
	VMTEST_RESULTS=$dir "$REPO/bench/sched-vm.sh" --only share --secs 3 --repeats 1 ||
		t_fail "bench/sched-vm.sh failed"
	for f in share2-1 share4-1; do
		t_ok test -s "$dir/raw/$f.jsonl"
	done
	t_eq "$(jq -s '[.[] | select(.ev == "sample") | .label] | unique | length' \
		"$dir/raw/share4-1.jsonl")" 4 "vGPUs sampled in share4"
	echo '{"cpus": 2, "git": "t27", "sim_params": "default"}' >"$dir/host.json"
	out=$("$REPO/bench/sched-report" "$dir/raw" "$dir/host.json") ||
		t_fail "bench/sched-report failed"
	t_ok jq -e '.metrics.share_error.value > 0 and .metrics.share_error.value < 1 and
		.metrics.jain_index.value > 0.9' <<<"$out"
	jq -c '.metrics.share_error | {value, repeats}' <<<"$out"
	echo best_effort >"$MDGPU_CLASS/gpu0/sched_policy"
	echo 2000 >"$MDGPU_CLASS/gpu0/timeslice_us"
	t_eq "$(cat "$MDGPU_CLASS/gpu0/nr_vgpus")" 0 "vGPUs left by the bench"
}
