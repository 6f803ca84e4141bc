# SPDX-License-Identifier: GPL-2.0-only
#
# Bad input through sysfs and mdevctl: each case fails with an error and
# leaves every GPU, type and vGPU exactly as it was (compared with a full
# state snapshot before and after).
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"

# expect_refused DESC CMD...: CMD fails and the state is unchanged.
expect_refused() {
	local desc=$1 before after
	shift
	before=$(state)
	t_err "$@"
	after=$(state)
	t_eq "$after" "$before" "state unchanged after: $desc"
}

test_unknown_type() {
	fresh
	expect_refused "create of an unknown type" \
		write_file "$MDGPU_CLASS/gpu0/mdev_supported_types/mdgpu-ts.3m/create" "$(new_uuid)"
	expect_refused "mdevctl start of an unknown type" \
		mdevctl start -u "$(new_uuid)" -p gpu0 -t mdgpu-bogus
	expect_refused "mdevctl start on an unknown parent" \
		mdevctl start -u "$(new_uuid)" -p gpu9 -t mdgpu-ts.16m
}

test_malformed_uuids() {
	local c u
	fresh
	c=$(type_dir gpu0 ts.16m)/create
	u=$(new_uuid)
	# (An empty write never reaches the kernel, so it is no test case.)
	for bad in "x" "${u:0:35}" "${u}00" "${u//-/_}" "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz" \
		"$u $u" "-1" "$(head -c 4000 /dev/zero | tr '\0' a)"; do
		expect_refused "malformed uuid '${bad:0:40}'" write_file "$c" "$bad"
	done
}

test_duplicate_uuid() {
	local u
	fresh
	u=$(new_uuid)
	t_ok create gpu0 ts.16m "$u"
	expect_refused "duplicate uuid, same type" create gpu0 ts.16m "$u"
	expect_refused "duplicate uuid, other type" create gpu0 ts.64m "$u"
	expect_refused "duplicate uuid, upper case" create gpu0 ts.16m "${u^^}"
	t_ok remove "$u"
}

test_create_beyond_capacity() {
	local u
	fresh
	u=$(new_uuid)
	t_ok create gpu0 ts.256m "$u"
	expect_refused "256m when full" create gpu0 ts.256m "$(new_uuid)"
	expect_refused "16m when full" create gpu0 ts.16m "$(new_uuid)"
	t_ok remove "$u"
}

test_remove_nonexistent() {
	local u
	fresh
	u=$(new_uuid)
	expect_refused "remove of a non-existent device" write_file "$MDEV_DEVICES/$u/remove" 1
	expect_refused "mdevctl stop of a non-existent device" mdevctl stop -u "$u"
	u=$(new_uuid)
	t_ok create gpu0 ts.16m "$u"
	t_ok remove "$u"
	expect_refused "second remove" write_file "$MDEV_DEVICES/$u/remove" 1
}

# Every writable attribute under our sysfs, found by walking it, gets
# garbage. New attributes are covered by this test as soon as they exist.
test_garbage_to_every_writable_attribute() {
	local u f g n=0 garbage before
	fresh
	u=$(new_uuid)
	t_ok create gpu0 ts.16m "$u"
	garbage=("garbage" "-1" "1x" "0x" "99999999999999999999999" " " $'\n' "1 2"
		"$(head -c 5000 /dev/zero | tr '\0' 7)" $'\xff\xfe' "nan")
	while read -r f; do
		n=$((n + 1))
		before=$(state)
		for g in "${garbage[@]}"; do
			# The mdev core's remove takes any non-zero integer as "remove";
			# only non-numbers are garbage there.
			case "$f:$g" in */remove:*[0-9]*) continue ;; esac
			t_err write_file "$f" "$g"
		done
		# One snapshot per attribute: snapshots are costly under TCG.
		t_eq "$(state)" "$before" "state unchanged after garbage to $f"
	done < <(find "$(readlink -f "$MDGPU_CLASS/gpu0")" "$(readlink -f "$MDEV_DEVICES/$u")" \
		-maxdepth 3 -type f -perm -u+w -not -path '*/power/*' -not -name uevent \
		-not -path "*/$u/*/$u/*" 2>/dev/null | sort -u)
	t_ok test "$n" -ge 7   # 5 type create files, remove, and more as they come
	t_ok remove "$u"
}
