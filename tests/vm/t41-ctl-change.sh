# SPDX-License-Identifier: GPL-2.0-only
#
# mdgpuctl changing things against the real modules: create (generated and
# given UUIDs, with QoS, time-sliced and spatial) and destroy, seen by sysfs
# and mdevctl; QoS and scheduler settings set through the CLI and read back
# from sysfs, including orders that only work when written the right way.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"

CTL=$REPO/build/tools/mdgpuctl/mdgpuctl

is_uuid() {
	[[ $1 =~ ^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$ ]]
}

test_ctl_create_destroy_generated_uuid() {
	local u
	fresh
	u=$("$CTL" create gpu0 ts.64m) || t_fail "create failed"
	is_uuid "$u" || t_fail "'$u' is not a version-4 UUID"
	t_ok test -d "$MDEV_DEVICES/$u"
	attr_eq "$MDEV_DEVICES/$u/mdgpu/profile" ts.64m "profile"
	avail_eq gpu0 ts.64m 3 "create took one"
	t_match "$(mdevctl list)" "$u gpu0 mdgpu-ts.64m" "mdevctl sees it"
	t_match "$("$CTL" list)" "$u" "listed"
	t_ok "$CTL" destroy "$u"
	t_err test -e "$MDEV_DEVICES/$u"
	avail_eq gpu0 ts.64m 4 "destroy gave it back"
	t_eq "$(mdevctl list | grep -c "$u")" 0 "mdevctl no longer sees it"
}

test_ctl_create_given_uuid_with_qos() {
	local u d out
	fresh
	new_uuid_var u
	out=$("$CTL" create 0 mdgpu-ts.32m --uuid "${u^^}" --weight 300 --min-share 1000 \
		--max-share 5000 --reserve 2000 --priority 3 --timeslice-us 500) ||
		t_fail "create with QoS failed"
	t_eq "$out" "$u" "prints the UUID, lower case"
	d=$MDEV_DEVICES/$u/mdgpu
	attr_eq "$d/weight" 300 "weight"
	attr_eq "$d/min_share" 1000 "min_share"
	attr_eq "$d/max_share" 5000 "max_share"
	attr_eq "$d/reserve" 2000 "reserve"
	attr_eq "$d/priority" 3 "priority"
	attr_eq "$d/timeslice_us" 500 "timeslice_us"
	t_ok "$CTL" destroy "$u"
}

test_ctl_create_json_and_spatial() {
	local out u
	fresh
	out=$("$CTL" create gpu0 2c.128m --json) || t_fail "create --json failed"
	u=$(python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["uuid"])' <<<"$out") ||
		t_fail "not JSON: $out"
	t_ok test -d "$MDEV_DEVICES/$u"
	t_match "$out" '"cus": 2' "two compute units held"
	attr_eq "$MDGPU_CLASS/gpu0/shared_compute_units" 2 "the shared pool shrank"
	t_match "$("$CTL" gpus)" "gpu0 +sim +4 +2 " "gpus shows the smaller pool"
	t_ok "$CTL" destroy "$u"
	attr_eq "$MDGPU_CLASS/gpu0/shared_compute_units" 4 "and grew back"
}

test_ctl_destroy_several() {
	local a b c
	fresh
	a=$("$CTL" create gpu0 ts.16m) && b=$("$CTL" create gpu0 ts.16m) &&
		c=$("$CTL" create gpu0 ts.16m) || t_fail "create failed"
	attr_eq "$MDGPU_CLASS/gpu0/nr_vgpus" 3 "three vGPUs"
	t_ok "$CTL" destroy "$a" "$b" "$c"
	attr_eq "$MDGPU_CLASS/gpu0/nr_vgpus" 0 "all gone"
}

test_ctl_set_qos_reflected_in_sysfs() {
	local u d
	fresh
	u=$("$CTL" create gpu0 ts.16m) || t_fail "create failed"
	d=$MDEV_DEVICES/$u/mdgpu
	t_ok "$CTL" set "$u" weight=10000 priority=0 timeslice_us=100 reserve=10000
	attr_eq "$d/weight" 10000 "weight at its maximum"
	attr_eq "$d/priority" 0 "priority at its minimum"
	attr_eq "$d/timeslice_us" 100 "timeslice_us"
	attr_eq "$d/reserve" 10000 "reserve"
	# Guarantee above the current cap: the cap must be raised first, which
	# the CLI does within one request.
	t_ok "$CTL" set "$u" max_share=2000 min_share=0
	t_ok "$CTL" set "$u" min_share=7000 max_share=8000
	attr_eq "$d/min_share" 7000 "min_share"
	attr_eq "$d/max_share" 8000 "max_share"
	t_ok "$CTL" set "$u" min_share=100 max_share=200
	attr_eq "$d/min_share" 100 "min_share lowered"
	attr_eq "$d/max_share" 200 "max_share lowered"
	t_match "$("$CTL" list)" "$u +gpu0 +ts.16m +16 MiB +[0-9]+ +shared +10000 +100 +200 +10000 +0 +100" "list shows it"
	t_ok "$CTL" destroy "$u"
}

test_ctl_gpu_set_reflected_in_sysfs() {
	local g=$MDGPU_CLASS/gpu0
	fresh
	t_ok "$CTL" gpu-set gpu0 sched_policy=weighted timeslice_us=1000 sched_period_ms=50 watchdog_ms=0
	attr_eq $g/sched_policy weighted "policy"
	attr_eq $g/timeslice_us 1000 "slice"
	attr_eq $g/sched_period_ms 50 "period"
	attr_eq $g/watchdog_ms 0 "watchdog off"
	# A slice longer than the current period: the period goes first.
	t_ok "$CTL" gpu-set gpu0 timeslice_us=200000 sched_period_ms=500
	attr_eq $g/timeslice_us 200000 "long slice"
	attr_eq $g/sched_period_ms 500 "long period"
	# A period shorter than the current slice: the slice goes first.
	t_ok "$CTL" gpu-set 0 sched_period_ms=100 timeslice_us=2000 watchdog_ms=2000 sched_policy=best_effort
	attr_eq $g/timeslice_us 2000 "default slice"
	attr_eq $g/sched_period_ms 100 "default period"
	attr_eq $g/sched_policy best_effort "default policy"
	t_match "$("$CTL" gpus)" "best_effort +2000 us +100 ms +2000 ms" "gpus shows it"
}

test_ctl_verbose_says_what_changed() {
	local u out
	fresh
	u=$("$CTL" create gpu0 ts.16m) || t_fail "create failed"
	out=$("$CTL" -v set "$u" weight=42 2>&1) || t_fail "set failed"
	t_match "$out" "weight set to 42 \(was 100\)" "-v reports the change"
	out=$("$CTL" -v destroy "$u" 2>&1) || t_fail "destroy failed"
	t_match "$out" "destroyed $u" "-v reports the destroy"
}
