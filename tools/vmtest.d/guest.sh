#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Stage 2 of tools/vmtest, started by the initramfs /init in the chroot of the
# host root: load vfio/mdev and our modules, run the job the host wrote to
# /run/vmtest/job (stdout on ttyS1, stderr on ttyS2, or a shell on ttyS0),
# then leave its exit status and the kernel log in /run/vmtest for the host.

set -u
R=/run/vmtest
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 VMTEST=1 VMTEST_RESULTS=$R
VMTEST_KVER=$(uname -r)
export VMTEST_KVER

# Written by tools/vmtest: VMTEST_MODE (cmd|shell), VMTEST_REPO,
# VMTEST_TIMEOUT (0: none), VMTEST_MODULES (0|1), VMTEST_MODULES_DIR (holds
# VER/, the modules of a kernel of our own, or empty), VMTEST_SIM_PARAMS,
# VMTEST_TERM, VMTEST_TTY_SIZE, VMTEST_SHARE (where to mount the 9p share
# 'share', or empty) and the command array VMTEST_CMD.
# shellcheck source=/dev/null
. "$R/job"
export VMTEST_REPO VMTEST_MODULES VMTEST_SIM_PARAMS
VMTEST_SHARE=${VMTEST_SHARE:-}

if [ "$VMTEST_MODE" != shell ]; then
	stty -F /dev/ttyS1 raw -echo
	stty -F /dev/ttyS2 raw -echo
	exec </dev/null >/dev/ttyS1 2>/dev/ttyS2
fi

note() {
	echo "vmtest: $*" >&2
}

# Record the exit status and the kernel log, wait for the serial lines to
# drain (tcsetattr TCSADRAIN), and return to /init, which reboots.
finish() {
	local rc=$1 mark=0

	dmesg >"$R/dmesg" 2>&1
	[ -s "$R/dmesg.mark" ] && mark=$(cat "$R/dmesg.mark")
	if tail -n +"$((mark + 1))" "$R/dmesg" | grep -qE \
		'(WARNING:|BUG:|Oops|general protection fault|UBSAN:|blocked for more than)'; then
		: >"$R/kernel-warnings"
		note "the kernel log shows a WARNING/BUG/Oops"
	fi
	echo "$rc" >"$R/status.tmp" && mv "$R/status.tmp" "$R/status"
	if [ "$VMTEST_MODE" != shell ]; then
		stty -F /dev/ttyS1 raw
		stty -F /dev/ttyS2 raw
	fi
	exit "$rc"
}

setup_failed() {
	note "$*"
	finish 125
}

hostname vmtest 2>/dev/null
# A kernel of our own keeps its modules outside /lib/modules: show them there.
if [ -n "${VMTEST_MODULES_DIR:-}" ]; then
	if ! { mount -t tmpfs -o mode=755 tmpfs /lib/modules &&
		mkdir "/lib/modules/$VMTEST_KVER" &&
		mount --bind "$VMTEST_MODULES_DIR/$VMTEST_KVER" "/lib/modules/$VMTEST_KVER"; }; then
		setup_failed "cannot mount $VMTEST_MODULES_DIR/$VMTEST_KVER on /lib/modules"
	fi
fi
if [ -n "$VMTEST_SHARE" ]; then
	if ! { mkdir -p "$VMTEST_SHARE" &&
		mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 share "$VMTEST_SHARE"; }; then
		setup_failed "cannot mount the shared directory on $VMTEST_SHARE"
	fi
	export VMTEST_SHARE
fi
modprobe -a vfio vfio_iommu_type1 mdev ||
	setup_failed "modprobe vfio vfio_iommu_type1 mdev failed"
dmesg | wc -l >"$R/dmesg.mark"

if [ "$VMTEST_MODULES" = 1 ]; then
	for m in mdgpu mdgpu_sim mdgpu_mdev; do
		ko=$VMTEST_REPO/$m.ko
		if [ ! -e "$ko" ]; then
			note "$m.ko is not built, not loading it"
			continue
		fi
		params=()
		[ "$m" = mdgpu_sim ] && read -ra params <<<"$VMTEST_SIM_PARAMS"
		if ! insmod "$ko" "${params[@]}"; then
			vm=$(modinfo -F vermagic "$ko" 2>/dev/null)
			setup_failed "insmod $ko ${params[*]} failed" \
				"(built for ${vm%% *}, the VM runs $VMTEST_KVER)"
		fi
	done
fi

cd "$VMTEST_REPO" || setup_failed "cannot cd to $VMTEST_REPO"
cut -d' ' -f1 /proc/uptime >"$R/started"

if [ "$VMTEST_MODE" = shell ]; then
	# shellcheck disable=SC2086 # "rows R cols C"
	[ -n "$VMTEST_TTY_SIZE" ] && stty -F /dev/ttyS0 $VMTEST_TTY_SIZE
	export TERM=$VMTEST_TERM debian_chroot=vmtest
	setsid -c -w bash -i <>/dev/ttyS0 >&0 2>&0
	finish $?
fi

start=$SECONDS
if [ "$VMTEST_TIMEOUT" -gt 0 ]; then
	timeout -k 10 "$VMTEST_TIMEOUT" "${VMTEST_CMD[@]}"
else
	"${VMTEST_CMD[@]}"
fi
rc=$?
if [ "$VMTEST_TIMEOUT" -gt 0 ] && { [ "$rc" = 124 ] || [ "$rc" = 137 ]; } &&
	[ $((SECONDS - start)) -ge "$VMTEST_TIMEOUT" ]; then
	note "timeout: the command ran longer than $VMTEST_TIMEOUT s, killed it" \
		"(vmtest --timeout SECONDS or VMTEST_TIMEOUT changes the limit)"
	rc=124
fi
finish "$rc"
