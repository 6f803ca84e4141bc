# SPDX-License-Identifier: GPL-2.0-only
#
# Access control around mdgpud: its control socket is 0600 (or 0660 with
# --socket-group) and refuses other users, also when the file's mode was
# opened up by mistake (SO_PEERCRED); the per-vGPU sysfs attributes are
# read-only or root-only writable; an unprivileged daemon cannot change
# anything and says why.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"
# shellcheck source=tests/vm/daemon.sh
. "$(dirname "${BASH_SOURCE[0]}")/daemon.sh"

A=0a0a0a0a-1111-4111-8111-0000000000aa

as_user() { # UID GID CMD...
	local uid=$1 gid=$2
	shift 2
	setpriv --reuid="$uid" --regid="$gid" --clear-groups "$@"
}

conf_a() {
	d_config "[daemon]
resync_s = 1
[vgpu $A]
gpu = gpu0
profile = ts.16m"
}

test_ctl_socket_owner_only() {
	local out rc before
	fresh
	d_setup
	chmod 755 "$DD"
	conf_a
	d_start
	d_wait 20 d_exists "$A" || t_fail "not created: $(<"$DD/log")"
	t_eq "$(stat -c '%a %U' "$DD/sock")" "600 root" "socket mode and owner"
	t_ok d_ctl status >/dev/null
	before=$(state)
	for cmd in status reload reconcile; do
		out=$(as_user 65534 65534 "$MDGPUD" ctl -s "$DD/sock" "$cmd" 2>&1)
		rc=$?
		t_eq "$rc" 4 "nobody: ctl $cmd exit status ($out)"
		t_match "$out" "permission denied connecting to $DD/sock: the control socket is for root" "nobody: ctl $cmd message"
	done
	# A mode opened up by mistake: the daemon still refuses the peer.
	chmod 666 "$DD/sock"
	out=$(as_user 65534 65534 "$MDGPUD" ctl -s "$DD/sock" reload 2>&1)
	t_eq "$?" 4 "nobody through a 0666 socket ($out)"
	t_match "$out" '"ok":false,"error":"permission denied' "the daemon's refusal"
	d_wait 5 d_log_has "control socket: refused uid 65534" || t_fail "no log of the refusal"
	t_eq "$(state)" "$before" "nobody changed nothing"
}

test_ctl_socket_group() {
	local out
	fresh
	d_setup
	chmod 755 "$DD"
	conf_a
	d_start --socket-group nogroup
	t_eq "$(stat -c '%a %G' "$DD/sock")" "660 nogroup" "socket mode and group"
	out=$(as_user 65534 65534 "$MDGPUD" ctl -s "$DD/sock" status) ||
		t_fail "a member of the group is refused: $out"
	t_match "$out" '"ok":true' "the group member's answer"
	out=$(as_user 65534 100 "$MDGPUD" ctl -s "$DD/sock" status 2>&1)
	t_eq "$?" 4 "a user outside the group ($out)"
}

test_sysfs_attrs_root_only() {
	local u f mode
	fresh
	new_uuid_var u
	t_ok create gpu0 ts.16m "$u"
	for f in in_use errors resets stats latency_hist placement gpu profile memory_bytes; do
		mode=$(stat -c %a "$MDEV_DEVICES/$u/mdgpu/$f")
		t_eq "$mode" 444 "mode of mdgpu/$f"
	done
	for f in weight min_share max_share reserve priority timeslice_us slice_start cu_start; do
		mode=$(stat -c %a "$MDEV_DEVICES/$u/mdgpu/$f")
		t_eq "$mode" 644 "mode of mdgpu/$f (root-only writes)"
	done
	t_err as_user 65534 65534 sh -c "echo 5 >'$MDEV_DEVICES/$u/mdgpu/weight'" 2>/dev/null
	attr_eq "$MDEV_DEVICES/$u/mdgpu/weight" 100 "nobody's write changed nothing"
	t_ok remove "$u"
}

test_daemon_unprivileged_changes_nothing() {
	local before
	fresh
	d_setup
	chmod 777 "$DD"
	conf_a
	chmod 644 "$DD/mdgpud.conf"
	before=$(state)
	as_user 65534 65534 "$MDGPUD" -c "$DD/mdgpud.conf" -d "$DD/nstate" -s off -m off \
		>"$DD/log" 2>&1 &
	DPID=$!
	d_wait 20 d_log_has "permission denied writing /sys/class/mdgpu/gpu0/mdev_supported_types/mdgpu-ts.16m/create" ||
		t_fail "no permission message: $(<"$DD/log")"
	t_ok d_log_has "needs root"
	t_eq "$(state)" "$before" "an unprivileged daemon changed nothing"
}
