# SPDX-License-Identifier: GPL-2.0-only
#
# mdgpud against the real modules: it creates the configured vGPUs with
# their UUIDs, profiles, placement and QoS; corrects drift (QoS changed and
# a vGPU removed behind its back); reloads on SIGHUP and on a file change;
# destroys what it made and the config drops, never what it did not make;
# rejects an invalid config whole, naming the line; is idempotent; defers
# changes to a vGPU in use; retries a refused change with back-off; and
# restores the layout after the modules are unloaded and loaded again
# ("reboot"), running or restarted.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"
# shellcheck source=tests/vm/daemon.sh
. "$(dirname "${BASH_SOURCE[0]}")/daemon.sh"

# shellcheck disable=SC2034 # read by run-all
T_TIMEOUT_test_daemon_reboot=180

A=0a0a0a0a-1111-4111-8111-000000000001
B=0b0b0b0b-2222-4222-8222-000000000002
C=0c0c0c0c-3333-4333-8333-000000000003

conf_ab() {
	d_config "[daemon]
resync_s = 1
[gpu gpu0]
sched_policy = weighted
[vgpu $A]
gpu = gpu0
profile = ts.32m
slice_start = 4
weight = 300
min_share = 1000   # a comment
[vgpu $B]
gpu = 0
profile = 2c.128m
cu_start = 2
priority = 3"
}

# The layout conf_ab declares is in place.
ab_in_place() {
	d_attr_is "$MDEV_DEVICES/$A/mdgpu/weight" 300 &&
		d_attr_is "$MDEV_DEVICES/$A/mdgpu/min_share" 1000 &&
		d_attr_is "$MDEV_DEVICES/$A/mdgpu/slice_start" 4 &&
		d_attr_is "$MDEV_DEVICES/$B/mdgpu/cu_start" 2 &&
		d_attr_is "$MDEV_DEVICES/$B/mdgpu/priority" 3 &&
		d_attr_is "$MDGPU_CLASS/gpu0/sched_policy" weighted
}

test_daemon_creates_configured_layout() {
	local f out
	fresh
	d_setup
	new_uuid_var f
	t_ok create gpu0 ts.16m "$f"
	echo 77 >"$MDEV_DEVICES/$f/mdgpu/weight"
	conf_ab
	d_start
	d_wait 20 ab_in_place || t_fail "layout not in place: $(state) $(<"$DD/log")"
	attr_eq "$MDEV_DEVICES/$A/mdgpu/profile" ts.32m "A's profile"
	attr_eq "$MDEV_DEVICES/$B/mdgpu/profile" 2c.128m "B's profile"
	attr_eq "$MDEV_DEVICES/$A/mdgpu/max_share" 10000 "A's unset QoS is the default"
	t_match "$(mdevctl list)" "$A gpu0 mdgpu-ts.32m" "mdevctl sees A"
	t_eq "$(d_owned)" "$A $B" "the ownership record"
	attr_eq "$MDEV_DEVICES/$f/mdgpu/weight" 77 "the foreign vGPU is untouched"
	attr_eq "$MDGPU_CLASS/gpu0/nr_vgpus" 3 "A, B and the foreign one"
	out=$(d_ctl status) || t_fail "ctl status: $out"
	t_eq "$(d_json_field "$out" owned)" "[\"$A\", \"$B\"]" "status: owned"
	t_eq "$(d_json_field "$out" config_valid)" true "status: config valid"
	d_stop
	t_ok d_exists "$A"
	t_ok d_exists "$f"
}

test_daemon_corrects_drift() {
	local f
	fresh
	d_setup
	new_uuid_var f
	t_ok create gpu0 ts.16m "$f"
	conf_ab
	d_start
	d_wait 20 ab_in_place || t_fail "layout not in place: $(<"$DD/log")"
	# Behind its back: QoS changed, a vGPU removed, the policy changed.
	echo 5 >"$MDEV_DEVICES/$A/mdgpu/weight"
	echo 0 >"$MDEV_DEVICES/$A/mdgpu/min_share"
	t_ok remove "$B"
	echo best_effort >"$MDGPU_CLASS/gpu0/sched_policy"
	kill -HUP "$DPID"
	d_wait 10 ab_in_place || t_fail "drift not corrected after SIGHUP: $(state) $(<"$DD/log")"
	t_ok d_log_has "set-qos $A"
	t_ok d_log_has "create $B"
	# And without a signal, at the next resync (1 s).
	echo 6 >"$MDEV_DEVICES/$A/mdgpu/weight"
	d_wait 10 d_attr_is "$MDEV_DEVICES/$A/mdgpu/weight" 300 || t_fail "no resync"
	t_ok d_exists "$f"
	t_eq "$(d_owned)" "$A $B" "the ownership record"
}

test_daemon_file_change_and_ownership() {
	local f before
	fresh
	d_setup
	new_uuid_var f
	t_ok create gpu0 ts.16m "$f"
	conf_ab
	d_start
	d_wait 20 ab_in_place || t_fail "layout not in place: $(<"$DD/log")"
	# B dropped, C added, A's weight changed: no signal, only the file.
	d_config "[daemon]
resync_s = 1
[vgpu $A]
gpu = gpu0
profile = ts.32m
weight = 400
[vgpu $C]
gpu = gpu0
profile = ts.16m"
	d_wait 10 d_gone "$B" || t_fail "B not destroyed: $(<"$DD/log")"
	d_wait 10 d_exists "$C" || t_fail "C not created: $(<"$DD/log")"
	d_wait 10 d_attr_is "$MDEV_DEVICES/$A/mdgpu/weight" 400 || t_fail "A's weight"
	t_ok d_exists "$f"
	t_eq "$(d_owned)" "$A $C" "the ownership record"
	# Dropping everything destroys only what it made.
	d_config "# nothing"
	d_wait 10 d_gone "$A" || t_fail "A not destroyed"
	d_wait 10 d_gone "$C" || t_fail "C not destroyed"
	t_ok d_exists "$f"
	t_eq "$(d_owned)" "" "the ownership record is empty"
	# The policy it set stays: GPU settings are enforced, not owned.
	before=$(state)
	d_ctl reconcile >/dev/null || t_fail "ctl reconcile"
	t_eq "$(state)" "$before" "an empty config changes nothing more"
}

test_daemon_rejects_invalid_config_whole() {
	local before out
	fresh
	d_setup
	conf_ab
	d_start
	d_wait 20 ab_in_place || t_fail "layout not in place: $(<"$DD/log")"
	before=$(state)
	# Valid lines that would change things, and one error on line 6.
	d_config "[daemon]
resync_s = 1
[vgpu $A]
gpu = gpu0
profile = ts.32m
weight = 0
[vgpu $C]
gpu = gpu0
profile = ts.16m"
	d_wait 10 d_log_has "mdgpud.conf:6: weight=0: out of range; weight takes 1-10000" ||
		t_fail "no error naming line 6: $(<"$DD/log")"
	t_ok d_log_has "rejected as a whole"
	sleep 1.5 # a resync passes
	t_eq "$(state)" "$before" "nothing of the rejected file was applied"
	out=$(d_ctl status)
	t_eq "$(d_json_field "$out" config_valid)" false "status: invalid"
	t_match "$out" 'mdgpud.conf:6: weight=0' "status names the line"
	out=$(d_ctl reload)
	t_eq "$?" 1 "ctl reload of an invalid file fails"
	t_match "$out" '"ok": *false' "ctl reload answer"
	# mdgpud check says the same, with exit status 1.
	out=$("$MDGPUD" check -c "$DD/mdgpud.conf" 2>&1)
	t_eq "$?" 1 "mdgpud check exit status"
	t_match "$out" 'mdgpud.conf:6: weight=0' "mdgpud check output"
	# At start, an invalid config stops the daemon with status 1.
	d_stop
	"$MDGPUD" -c "$DD/mdgpud.conf" -d "$DD/state" -s off -m off >"$DD/log2" 2>&1
	t_eq "$?" 1 "start with an invalid config"
	t_match "$(<"$DD/log2")" 'not starting' "says why"
}

test_daemon_idempotent() {
	local out a1 a2
	fresh
	d_setup
	conf_ab
	d_start
	d_wait 20 ab_in_place || t_fail "layout not in place: $(<"$DD/log")"
	d_ctl reconcile >/dev/null || t_fail "ctl reconcile"
	out=$(d_ctl status)
	a1=$(d_json_field "$out" actions)
	kill -HUP "$DPID"
	d_ctl reconcile >/dev/null || t_fail "ctl reconcile"
	d_ctl reload >/dev/null || t_fail "ctl reload"
	out=$(d_ctl status)
	a2=$(d_json_field "$out" actions)
	t_eq "$a2" "$a1" "reconciling a converged host changes nothing"
	# A second daemon on the same state directory is refused.
	"$MDGPUD" -c "$DD/mdgpud.conf" -d "$DD/state" -s off -m off >"$DD/log2" 2>&1
	t_eq "$?" 1 "a second daemon"
	t_match "$(<"$DD/log2")" 'another mdgpud uses the state directory' "says why"
}

# A vGPU a VM (here rt-req, through VFIO) has open is neither destroyed nor
# made again while in use; the daemon does not block on it.
test_daemon_defers_in_use() {
	local pid i
	fresh
	d_setup
	[ -x "$REPO/build/tests/vm/bin/rt-req" ] || t_skip "rt-req not built"
	conf_ab
	d_start
	d_wait 20 ab_in_place || t_fail "layout not in place: $(<"$DD/log")"
	"$REPO/build/tests/vm/bin/rt-req" "$A" 60 >"$DD/req.out" 2>&1 &
	pid=$!
	for ((i = 0; i < 100; i++)); do
		[[ $(<"$DD/req.out") == *open* ]] && break
		sleep 0.1
	done
	attr_eq "$MDEV_DEVICES/$A/mdgpu/in_use" 1 "in_use while rt-req has it open"
	d_config "[daemon]
resync_s = 1
[vgpu $B]
gpu = 0
profile = 2c.128m
cu_start = 2
priority = 3"
	d_wait 10 d_log_has "deferred: busy $A" || t_fail "not deferred: $(<"$DD/log")"
	t_ok d_exists "$A"
	d_ctl status >/dev/null || t_fail "the daemon is blocked"
	kill "$pid"
	wait "$pid"
	d_wait 10 d_gone "$A" || t_fail "A not destroyed once released: $(<"$DD/log")"
	t_eq "$(d_owned)" "$B" "the ownership record"
}

# A change the kernel refuses (no room: a foreign vGPU holds all memory) is
# retried after 1 s, 2 s, 4 s... rather than at the next resync (600 s
# here): once the room is freed, the vGPU appears within seconds.
test_daemon_retries_failed_create() {
	local f
	fresh
	d_setup
	new_uuid_var f
	t_ok create gpu0 ts.256m "$f"
	d_config "[daemon]
resync_s = 600
[vgpu $A]
gpu = gpu0
profile = ts.32m"
	d_start
	d_wait 20 d_log_has "retrying the failed changes in 2 s" ||
		t_fail "no retries with back-off: $(<"$DD/log")"
	t_match "$(<"$DD/log")" "create $A \\(ts\\.32m on gpu0\\) failed: " \
		"the refusal is logged"
	t_eq "$(d_exists "$A" && echo yes || echo no)" no "A cannot be made yet"
	t_ok remove "$f"
	d_wait 30 d_exists "$A" || t_fail "A not made after the room was freed: $(<"$DD/log")"
	attr_eq "$MDEV_DEVICES/$A/mdgpu/profile" ts.32m "A's profile"
	t_eq "$(d_owned)" "$A" "the ownership record"
}

# "Reboot": the modules go (and every vGPU with them) and come back; the
# daemon puts the layout back, both when it kept running and when it was
# started again after.
test_daemon_reboot() {
	fresh
	d_setup
	conf_ab
	d_start
	d_wait 20 ab_in_place || t_fail "layout not in place: $(<"$DD/log")"
	# shellcheck disable=SC2119 # default parameters
	reload_modules || t_fail "cannot reload the modules"
	d_wait 30 ab_in_place || t_fail "not restored while running: $(state) $(<"$DD/log")"
	d_stop
	# shellcheck disable=SC2119
	reload_modules || t_fail "cannot reload the modules"
	attr_eq "$MDGPU_CLASS/gpu0/nr_vgpus" 0 "the reload removed every vGPU"
	d_start
	d_wait 20 ab_in_place || t_fail "not restored at start: $(state) $(<"$DD/log")"
	t_eq "$(d_owned)" "$A $B" "the ownership record"
	kernel_log_clean || t_fail "kernel log not clean"
}
