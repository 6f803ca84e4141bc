# SPDX-License-Identifier: GPL-2.0-only
#
# mdgpuctl as an unprivileged user (nobody): every listing works, and every
# change is refused with exit status 4 and a message that says root is
# needed, leaving everything as it was.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"

CTL=$REPO/build/tools/mdgpuctl/mdgpuctl

nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups "$CTL" "$@"
}

test_ctl_nobody_reads() {
	local u cmd dir n=0
	fresh
	new_uuid_var u
	t_ok create gpu0 ts.32m "$u"
	dir=$(mktemp -d)
	chmod 777 "$dir"
	for cmd in "gpus" "types" "types gpu0" "list" "show $u" "stats" "stats $u" "attach $u" \
		"detach $u" "stats $u --watch 0.2 --count 1"; do
		# shellcheck disable=SC2086 # word splitting on purpose
		nobody $cmd >/dev/null || t_fail "nobody: mdgpuctl $cmd failed"
		# shellcheck disable=SC2086
		nobody --json $cmd >"$dir/$n" || t_fail "nobody: mdgpuctl --json $cmd failed"
		n=$((n + 1))
	done
	python3 -c '
import glob, json, sys
files = glob.glob(sys.argv[1] + "/*")
assert len(files) == int(sys.argv[2]), files
for f in files:
    json.load(open(f))
' "$dir" "$n" || t_fail "nobody: a document is not JSON"
	rm -rf "$dir"
	t_match "$(nobody list)" "$u +gpu0 +ts.32m" "nobody sees the vGPU"
	t_ok remove "$u"
}

# denied REGEX ARGS...: refused with 4 and REGEX, nothing changed.
denied() {
	local re=$1 before rc errf
	shift
	errf=$(mktemp)
	chmod 666 "$errf"
	before=$(state)
	nobody "$@" >/dev/null 2>"$errf"
	rc=$?
	t_eq "$rc" 4 "exit status of 'mdgpuctl $*' as nobody ($(<"$errf"))"
	t_match "$(<"$errf")" "$re" "message of 'mdgpuctl $*'"
	t_match "$(<"$errf")" "needs root; run it as root" "says how to fix it"
	t_eq "$(state)" "$before" "'mdgpuctl $*' as nobody changed nothing"
	rm -f "$errf"
}

test_ctl_nobody_cannot_change() {
	local u
	fresh
	new_uuid_var u
	t_ok create gpu0 ts.32m "$u"
	denied "cannot create ts.16m on gpu0: permission denied writing .*/mdgpu-ts.16m/create" \
		create gpu0 ts.16m
	denied "cannot destroy $u: permission denied" destroy "$u"
	denied "$u: set weight=5: permission denied writing /sys/bus/mdev/devices/$u/mdgpu/weight" \
		set "$u" weight=5
	denied "gpu0: set sched_policy=weighted: permission denied writing /sys/class/mdgpu/gpu0/sched_policy" \
		gpu-set gpu0 sched_policy=weighted
	denied "permission denied writing .*/watchdog_ms" gpu-set gpu0 watchdog_ms=0
	t_ok test -d "$MDEV_DEVICES/$u"
	t_ok remove "$u"
}
