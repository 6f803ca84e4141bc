# SPDX-License-Identifier: GPL-2.0-only
#
# Scheduler and QoS knobs in sysfs: every knob takes its documented range and
# refuses one past each end; guarantees and reservations that would add up to
# more than the whole domain fail with ENOSPC; a refused write changes nothing.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"

# range_check FILE MIN MAX: MIN and MAX are taken, MIN-1 and MAX+1 refused.
range_check() {
	local f=$1 min=$2 max=$3 before
	t_ok write_value "$f" "$min"
	attr_eq "$f" "$min" "$f at its minimum"
	t_ok write_value "$f" "$max"
	attr_eq "$f" "$max" "$f at its maximum"
	before=$(state)
	if ((min > 0)); then
		t_err write_value "$f" $((min - 1))
	fi
	t_err write_value "$f" $((max + 1))
	t_eq "$(state)" "$before" "refused writes to $f changed nothing"
}

write_value() {
	echo "$2" >"$1"
}

test_gpu_knob_defaults_and_ranges() {
	local g=$MDGPU_CLASS/gpu0 p
	fresh
	attr_eq $g/sched_policy best_effort "default policy"
	attr_eq $g/timeslice_us 2000 "default slice"
	attr_eq $g/sched_period_ms 100 "default period"
	attr_eq $g/watchdog_ms 2000 "default watchdog"
	for p in equal_share fixed_share weighted best_effort; do
		t_ok write_value $g/sched_policy "$p"
		attr_eq $g/sched_policy "$p" "policy $p"
	done
	t_err write_value $g/sched_policy round_robin
	t_err write_value $g/sched_policy "weighted extra"
	# The slice may not be longer than the period (100 ms by default).
	range_check $g/timeslice_us 100 100000
	t_ok write_value $g/timeslice_us 100
	range_check $g/sched_period_ms 1 10000
	t_ok write_value $g/timeslice_us 1000000
	t_err write_value $g/sched_period_ms 999
	t_err write_value $g/timeslice_us 1000001
	t_ok write_value $g/timeslice_us 2000
	t_ok write_value $g/sched_period_ms 100
	range_check $g/watchdog_ms 10 600000
	t_ok write_value $g/watchdog_ms 0
	attr_eq $g/watchdog_ms 0 "watchdog off"
	t_ok write_value $g/watchdog_ms 2000
}

test_vgpu_knob_defaults_and_ranges() {
	local u d
	fresh
	new_uuid_var u
	t_ok create gpu0 ts.16m "$u"
	d=$MDEV_DEVICES/$u/mdgpu
	attr_eq "$d/weight" 100 "default weight"
	attr_eq "$d/min_share" 0 "default min_share"
	attr_eq "$d/max_share" 10000 "default max_share (no cap)"
	attr_eq "$d/reserve" 0 "default reserve"
	attr_eq "$d/priority" 1 "default priority"
	attr_eq "$d/timeslice_us" 0 "default slice: the GPU's"
	range_check "$d/weight" 1 10000
	range_check "$d/priority" 0 3
	range_check "$d/max_share" 1 10000
	range_check "$d/min_share" 0 10000
	range_check "$d/reserve" 0 10000
	t_ok write_value "$d/timeslice_us" 100
	t_ok write_value "$d/timeslice_us" 1000000
	t_err write_value "$d/timeslice_us" 1000001
	t_err write_value "$d/timeslice_us" 99
	t_ok write_value "$d/timeslice_us" 0
	t_match "$(cat "$d/stats")" "^busy_ns=0" "a new vGPU has not run"
	t_eq "$(wc -l <"$d/latency_hist")" 24 "24 histogram buckets"
	t_ok remove "$u"
}

test_guarantees_cannot_exceed_the_whole() {
	local a b before
	fresh
	new_uuid_var a
	new_uuid_var b
	t_ok create gpu0 ts.16m "$a"
	t_ok create gpu0 ts.16m "$b"
	t_ok write_value "$MDEV_DEVICES/$a/mdgpu/min_share" 6000
	before=$(state)
	t_err write_value "$MDEV_DEVICES/$b/mdgpu/min_share" 5000
	t_eq "$(state)" "$before" "ENOSPC changed nothing"
	t_match "$(echo 5000 2>&1 >"$MDEV_DEVICES/$b/mdgpu/min_share")" "No space left" "ENOSPC"
	t_ok write_value "$MDEV_DEVICES/$b/mdgpu/min_share" 4000
	t_ok write_value "$MDEV_DEVICES/$a/mdgpu/reserve" 7000
	t_err write_value "$MDEV_DEVICES/$b/mdgpu/reserve" 3001
	t_ok write_value "$MDEV_DEVICES/$b/mdgpu/reserve" 3000
	remove_all
}
