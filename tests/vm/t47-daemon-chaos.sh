# SPDX-License-Identifier: GPL-2.0-only
#
# mdgpud under crashes: 1000 config operations (the config rewritten with
# a random subset of a pool of vGPUs, random profiles and weights; SIGHUP
# or the file watch picks each up), with kill -9 of the daemon at random
# points among them and a restart after each. The ownership record must
# always load (atomic writes), and after a last kill -9 and restart the
# host converges to the last config: every configured vGPU with its
# profile and QoS, nothing else of the daemon's (no duplicate, no orphan),
# the record exactly the configured set, the foreign vGPU untouched.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"
# shellcheck source=tests/vm/daemon.sh
. "$(dirname "${BASH_SOURCE[0]}")/daemon.sh"

# shellcheck disable=SC2034 # read by run-all
T_TIMEOUT_test_daemon_chaos=300

POOL=(
	c0c0c0c0-0000-4000-8000-000000000000
	c1c1c1c1-0000-4000-8000-000000000001
	c2c2c2c2-0000-4000-8000-000000000002
	c3c3c3c3-0000-4000-8000-000000000003
	c4c4c4c4-0000-4000-8000-000000000004
	c5c5c5c5-0000-4000-8000-000000000005
)
PROFILES=(ts.16m ts.32m)

# random_config: a config of a random subset of the pool into CONF, with
# its layout in WANT (uuid -> "profile weight").
declare -A WANT
random_config() {
	local i u p w
	WANT=()
	CONF=$'[daemon]\nresync_s = 1\n'
	for i in "${!POOL[@]}"; do
		((RANDOM % 2)) || continue
		u=${POOL[i]}
		p=${PROFILES[RANDOM % 2]}
		w=$((RANDOM % 1000 + 1))
		WANT[$u]="$p $w"
		CONF+="[vgpu $u]"$'\n'"gpu = gpu0"$'\n'"profile = $p"$'\n'"weight = $w"$'\n'
	done
}

# converged: the host has exactly the last config's vGPUs (and the foreign
# one), each as configured, and the record lists exactly them.
converged() {
	local u p w want_owned have=() d
	for d in "$MDEV_DEVICES"/*; do
		[ -e "$d/mdgpu/gpu" ] || continue
		u=${d##*/}
		[ "$u" = "$F" ] && continue
		[ -n "${WANT[$u]:-}" ] || return 1 # an orphan
		have+=("$u")
	done
	[ "${#have[@]}" = "${#WANT[@]}" ] || return 1
	for u in "${!WANT[@]}"; do
		read -r p w <<<"${WANT[$u]}"
		d_attr_is "$MDEV_DEVICES/$u/mdgpu/profile" "$p" || return 1
		d_attr_is "$MDEV_DEVICES/$u/mdgpu/weight" "$w" || return 1
	done
	want_owned=$(printf '%s\n' "${!WANT[@]}" | sort | tr '\n' ' ')
	[ "$(d_owned)" = "${want_owned% }" ]
}

test_daemon_chaos() {
	local i fd kills=0 hups=0 start now ops=1000
	fresh
	d_setup
	new_uuid_var F
	t_ok create gpu0 ts.16m "$F"
	echo 77 >"$MDEV_DEVICES/$F/mdgpu/weight"
	exec {fd}<> <(:)
	random_config
	d_config "$CONF"
	d_start
	d_now start
	for ((i = 1; i <= ops; i++)); do
		random_config
		# Written in place (not renamed): the daemon may read a torn file
		# and must reject it whole, then read it again.
		printf '%s' "$CONF" >"$DD/mdgpud.conf"
		if ((RANDOM % 2)); then
			kill -HUP "$DPID" 2>/dev/null
			hups=$((hups + 1))
		fi
		read -r -t "0.0$((RANDOM % 3))" -u "$fd"
		if ((RANDOM % 45 == 0)); then
			kill -9 "$DPID"
			wait "$DPID" 2>/dev/null
			kills=$((kills + 1))
			d_start
		fi
	done
	d_now now
	echo "$ops config operations, $hups SIGHUPs, $kills kill -9 and restarts in $(((now - start) / 1000000)) s"
	t_ok test "$kills" -gt 10
	# The last operation's config, then one more crash and a restart.
	kill -9 "$DPID"
	wait "$DPID" 2>/dev/null
	d_start
	d_wait 30 converged || t_fail "did not converge: want ${!WANT[*]}; owned $(d_owned); $(state)"
	attr_eq "$MDEV_DEVICES/$F/mdgpu/weight" 77 "the foreign vGPU is untouched"
	d_ctl reconcile >/dev/null || t_fail "a reconcile after convergence failed"
	t_ok converged
	kernel_log_clean || t_fail "kernel log not clean"
}
