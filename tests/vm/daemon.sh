# SPDX-License-Identifier: GPL-2.0-only
#
# Helpers of the mdgpud VM tests (tests/vm/t45-t49): start and stop the
# daemon with its files in a fresh directory, wait for a condition with
# bash builtins, and read its control socket. Needs lib.sh and mdgpu.sh.
# shellcheck shell=bash

MDGPUD=$REPO/build/userspace/daemon/mdgpud
DD= # the test's directory: config, state, socket, log
DPID=

# d_setup: a fresh directory for this test's daemon; stopped at exit.
d_setup() {
	[ -x "$MDGPUD" ] || t_skip "$MDGPUD is not built (run make)"
	DD=$(mktemp -d /tmp/mdgpud.XXXXXX)
	trap d_cleanup EXIT
}

d_cleanup() {
	[ -n "$DPID" ] && kill -9 "$DPID" 2>/dev/null
	[ -n "$DPID" ] && wait "$DPID" 2>/dev/null
	DPID=
	remove_all
	return 0
}

# d_config TEXT: write the config (one write: the daemon sees it whole).
d_config() {
	printf '%s\n' "$1" >"$DD/conf.tmp" && mv -f "$DD/conf.tmp" "$DD/mdgpud.conf"
}

# d_start [OPTIONS...]: start mdgpud on $DD's files; wait until it runs.
d_start() {
	[ -e "$DD/log" ] && cat "$DD/log" >>"$DD/log.old"
	: >"$DD/log"
	"$MDGPUD" -c "$DD/mdgpud.conf" -d "$DD/state" -s "$DD/sock" -m off "$@" \
		>>"$DD/log" 2>&1 &
	DPID=$!
	d_wait 20 d_running || t_fail "mdgpud did not start: $(<"$DD/log")"
}

d_running() {
	kill -0 "$DPID" 2>/dev/null || t_fail "mdgpud exited: $(<"$DD/log")"
	[[ $(<"$DD/log") == *"running: config"* ]]
}

# d_stop: SIGTERM, and it must exit 0.
d_stop() {
	kill -TERM "$DPID"
	wait "$DPID" || t_fail "mdgpud exited with $? on SIGTERM: $(<"$DD/log")"
	DPID=
}

# d_now: microseconds, no fork.
d_now() {
	printf -v "$1" %s "${EPOCHREALTIME/./}"
}

# d_wait SECONDS CMD...: until CMD succeeds, polled every 0.1 s; the limit
# is wall time (forks are slow under TCG, so counting polls would not be).
d_wait() {
	local end now
	d_now now
	end=$((now + $1 * 1000000))
	shift
	while :; do
		"$@" && return 0
		d_now now
		[ "$now" -lt "$end" ] || return 1
		sleep 0.1
	done
}

# d_attr_is FILE VALUE: FILE holds VALUE (no fork).
d_attr_is() {
	local v
	[ -e "$1" ] || return 1
	read -r v <"$1" 2>/dev/null
	[ "$v" = "$2" ]
}

# d_exists UUID / d_gone UUID
d_exists() { [ -d "$MDEV_DEVICES/$1" ]; }
d_gone() { [ ! -e "$MDEV_DEVICES/$1" ]; }

# d_owned: the ownership record's UUIDs, sorted, on one line.
d_owned() {
	local l out=()
	[ -e "$DD/state/owned" ] || { echo; return; }
	while read -r l; do
		[[ $l == \#* || $l == mdgpud-owned* ]] || out+=("$l")
	done <"$DD/state/owned"
	printf '%s\n' "${out[*]}"
}

# d_ctl COMMAND: the control socket's answer.
d_ctl() {
	"$MDGPUD" ctl -s "$DD/sock" "$1"
}

# d_json_field JSON KEY: a top-level field of a JSON object.
d_json_field() {
	python3 -c 'import json, sys; v = json.loads(sys.argv[1])[sys.argv[2]]; print(json.dumps(v))' "$1" "$2"
}

# d_log_has TEXT: the daemon's log contains TEXT.
d_log_has() {
	[[ $(<"$DD/log") == *"$1"* ]]
}
