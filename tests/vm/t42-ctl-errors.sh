# SPDX-License-Identifier: GPL-2.0-only
#
# mdgpuctl refusing bad input against the real modules: each case has the
# documented exit code (1 operation failed, 2 usage error, 3 not found), a
# message naming the cause and the fix, and leaves the whole state as it
# was (compared with a full snapshot).
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"

CTL=$REPO/build/tools/mdgpuctl/mdgpuctl

# refused CODE REGEX ARGS...: mdgpuctl ARGS exits with CODE, says REGEX on
# stderr, prints nothing on stdout and changes nothing.
refused() {
	local code=$1 re=$2 before after rc out errf
	shift 2
	errf=$(mktemp)
	before=$(state)
	out=$("$CTL" "$@" 2>"$errf")
	rc=$?
	after=$(state)
	t_eq "$rc" "$code" "exit status of 'mdgpuctl $*' ($(<"$errf"))"
	t_match "$(<"$errf")" "$re" "message of 'mdgpuctl $*'"
	t_eq "$out" "" "stdout of 'mdgpuctl $*'"
	t_eq "$after" "$before" "'mdgpuctl $*' changed nothing"
	rm -f "$errf"
}

test_ctl_unknown_gpu_and_profile() {
	fresh
	refused 3 "no GPU 'gpu7': this host has gpu0 \(see 'mdgpuctl gpus'\)" create gpu7 ts.16m
	refused 3 "no GPU 'gpu7'" types gpu7
	refused 3 "no GPU 'x'" gpu-set x watchdog_ms=0
	refused 3 "gpu0 has no profile 'ts.48m'; its profiles are ts.16m, ts.32m, ts.64m" create gpu0 ts.48m
}

test_ctl_unknown_and_malformed_vgpu() {
	local u
	fresh
	new_uuid_var u
	refused 3 "no vGPU $u on this host \(see 'mdgpuctl list'\)" show "$u"
	refused 3 "no vGPU $u" set "$u" weight=5
	refused 3 "no vGPU $u" destroy "$u"
	refused 3 "no vGPU $u" attach "$u"
	refused 3 "no vGPU $u" stats "$u"
	refused 2 "'1234' is not a UUID: a UUID is 32 hex digits" show 1234
	refused 2 "'zz' is not a UUID" create gpu0 ts.16m --uuid zz
}

test_ctl_qos_out_of_range() {
	local u
	fresh
	new_uuid_var u
	t_ok create gpu0 ts.16m "$u"
	refused 2 "weight=0: out of range; weight takes 1-10000" set "$u" weight=0
	refused 2 "weight=10001: out of range" set "$u" weight=10001
	refused 2 "min_share=10001: out of range; min_share takes 0-10000 basis points" set "$u" min_share=10001
	refused 2 "max_share=0: out of range; max_share takes 1-10000" set "$u" max_share=0
	refused 2 "priority=4: out of range; priority takes 0-3" set "$u" priority=4
	refused 2 "timeslice_us=99: out of range; timeslice_us takes 0 or 100-1000000 us" set "$u" timeslice_us=99
	refused 2 "weight=abc: not a decimal number" set "$u" weight=abc
	refused 2 "unknown QoS setting 'wieght'; the settings are weight, min_share" set "$u" wieght=5
	refused 2 "'weight' is not a key=value setting" set "$u" weight
	# One bad value among good ones: nothing is written.
	refused 2 "priority=9: out of range" set "$u" weight=200 priority=9
	refused 1 "min_share 3000 is above max_share 2000: a guarantee cannot exceed the cap" \
		set "$u" min_share=3000 max_share=2000
	refused 2 "weight=0: out of range" create gpu0 ts.16m --weight 0
	remove_all
}

test_ctl_guarantees_over_100_percent() {
	local a b
	fresh
	new_uuid_var a
	new_uuid_var b
	t_ok create gpu0 ts.16m "$a"
	t_ok create gpu0 ts.16m "$b"
	t_ok "$CTL" set "$a" min_share=6000
	refused 1 "min_share=5000 refused: the min_shares of the vGPUs sharing gpu0's compute units would add up to more than 10000 \(100%\); the others hold 6000, so at most 4000 is left" \
		set "$b" min_share=5000
	# Refused after an earlier write of the same request: that one is undone.
	refused 1 "more than 10000" set "$b" weight=777 min_share=5000
	attr_eq "$MDEV_DEVICES/$b/mdgpu/weight" 100 "weight written back"
	t_ok "$CTL" set "$a" reserve=7000
	refused 1 "reserve=3001 refused: the reserves .* the others hold 7000, so at most 3000 is left" \
		set "$b" reserve=3001
	t_ok "$CTL" set "$b" reserve=3000
	refused 1 "no room|more than 10000" create gpu0 ts.16m --reserve 1
	remove_all
}

test_ctl_duplicate_uuid() {
	local u
	fresh
	new_uuid_var u
	t_ok "$CTL" create gpu0 ts.16m --uuid "$u"
	refused 1 "UUID $u is already in use by another mediated device; choose another UUID, or leave it out" \
		create gpu0 ts.16m --uuid "$u"
	refused 1 "already in use" create gpu0 ts.64m --uuid "$u"
	remove_all
}

test_ctl_no_room() {
	local u
	fresh
	u=$("$CTL" create gpu0 ts.256m) || t_fail "create failed"
	refused 1 "cannot create ts.16m on gpu0: no room: the profile needs 1 aligned free memory slice\(s\) and gpu0 has 0 of 16 slices free; destroy a vGPU on gpu0 or choose a smaller profile" \
		create gpu0 ts.16m
	t_ok "$CTL" destroy "$u"
	u=$("$CTL" create gpu0 ts.16m) || t_fail "create failed"
	refused 1 "no room" create gpu0 ts.256m
	t_ok "$CTL" destroy "$u"
}

test_ctl_gpu_set_refused() {
	fresh
	refused 2 "timeslice_us=99: out of range; timeslice_us takes 100-1000000 us" gpu-set gpu0 timeslice_us=99
	refused 2 "sched_period_ms=0: out of range" gpu-set gpu0 sched_period_ms=0
	refused 2 "watchdog_ms=5: out of range; watchdog_ms takes 0 or 10-600000 ms" gpu-set gpu0 watchdog_ms=5
	refused 2 "sched_policy=fair: unknown policy; the policies are best_effort, equal_share, fixed_share and weighted" \
		gpu-set gpu0 sched_policy=fair
	refused 2 "unknown scheduler setting 'policy'" gpu-set gpu0 policy=weighted
	refused 1 "a time slice of 200000 us is longer than the period of 100 ms" gpu-set gpu0 timeslice_us=200000
	refused 1 "longer than the period" gpu-set gpu0 sched_policy=weighted sched_period_ms=1
}

test_ctl_usage_errors() {
	local u
	fresh
	new_uuid_var u
	refused 2 "unknown command 'frob'; see 'mdgpuctl --help'" frob
	refused 2 "unknown option '--bogus'" --bogus gpus
	refused 2 "list: unknown option '--bogus'; see 'mdgpuctl list --help'" list --bogus
	refused 2 "unexpected argument 'extra'" gpus extra
	refused 2 "needs a GPU and a PROFILE" create gpu0
	refused 2 "needs a UUID and at least one KEY=VALUE" set "$u"
	refused 2 "needs at least one UUID" destroy
	refused 2 "needs exactly one UUID" show
	refused 2 "option '--uuid' needs a value" create gpu0 ts.16m --uuid
	refused 2 "--watch takes seconds, 0.1 to 3600" stats --watch=0
	refused 2 "--count goes with --watch" stats --count 3
	refused 2 "--timeout goes with detach --qmp" attach "$u" --timeout 3
	refused 2 "--qmp hot-plugs; --qemu and --libvirt only print" attach "$u" --qmp /tmp/q --qemu
	"$CTL" >/dev/null 2>&1
	t_eq "$?" 2 "no command"
	kernel_log_clean || t_fail "kernel log has warnings"
}
