# SPDX-License-Identifier: GPL-2.0-only
#
# Tiny library for the VM integration tests (bash). A test is a function
# test_* in tests/vm/tNN-*.sh; tests/vm/run-all runs each one in its own
# process with t_run, which prints PASS/FAIL/SKIP, and ends with t_summary.
# Inside a test the first failed assertion ends it; so does a non-zero return.
# shellcheck shell=bash

T_TIMEOUT=${T_TIMEOUT:-120}
T_LIB=${BASH_SOURCE[0]}
T_PASSED=0
T_FAILED=0
T_SKIPPED=0

# ---- inside a test ----

# t_begin NAME: name the running test (t_run does this for you).
t_begin() {
	# shellcheck disable=SC2034 # for the tests' own use
	T_NAME=$1
}

# t_pass: end the test, passed.
t_pass() {
	exit 0
}

# t_fail MSG: end the test, failed, with MSG.
t_fail() {
	printf '%s\n' "$*" >"${T_MSG_FILE:-/dev/stderr}"
	exit 1
}

# t_skip MSG: end the test, skipped (not counted as passed) with MSG.
t_skip() {
	printf '%s\n' "$*" >"${T_MSG_FILE:-/dev/stderr}"
	exit 77
}

# t_eq ACTUAL EXPECTED [MSG]
t_eq() {
	[ "$1" = "$2" ] || t_fail "${3:+$3: }expected '$2', got '$1'"
}

# t_ok CMD [ARGS...]: CMD must succeed.
t_ok() {
	"$@" || t_fail "'$*' failed with status $?"
}

# t_err CMD [ARGS...]: CMD must fail (non-zero exit status).
t_err() {
	if "$@"; then
		t_fail "'$*' succeeded, expected it to fail"
	fi
}

# t_match STRING REGEX [MSG]: STRING must match the extended REGEX.
t_match() {
	[[ $1 =~ $2 ]] || t_fail "${3:+$3: }'$1' does not match /$2/"
}

# ---- the runner ----

# Count a result and print its line.
t_result() { # STATUS NAME SECONDS [MSG]
	case $1 in
	PASS) T_PASSED=$((T_PASSED + 1)) ;;
	FAIL) T_FAILED=$((T_FAILED + 1)) ;;
	SKIP) T_SKIPPED=$((T_SKIPPED + 1)) ;;
	esac
	printf '%s %s (%s s)%s\n' "$1" "$2" "$3" "${4:+: $4}"
}

# t_run FILE FUNC [TIMEOUT]: source lib.sh and FILE in a new bash, run FUNC
# there under timeout(1), and record the result. The test's output is shown
# only when it fails or T_VERBOSE=1.
t_run() {
	local file=$1 fn=$2 tmo=${3:-$T_TIMEOUT}
	local out msgf rc msg start secs status

	out=$(mktemp) && msgf=$(mktemp) || return
	start=${EPOCHREALTIME/./}
	# shellcheck disable=SC2016 # expanded by the inner bash
	T_MSG_FILE=$msgf timeout -k 5 "$tmo" bash -c \
		'. "$1" && . "$2" && t_begin "$3" && "$3"' t_run "$T_LIB" "$file" "$fn" \
		</dev/null >"$out" 2>&1
	rc=$?
	secs=$(((${EPOCHREALTIME/./} - start) / 100000))
	secs=$((secs / 10)).$((secs % 10))
	msg=$(<"$msgf")
	case $rc in
	0) status=PASS ;;
	77) status=SKIP ;;
	124 | 137)
		status=FAIL
		msg="timed out after $tmo s"
		;;
	*)
		status=FAIL
		msg=${msg:-exited with status $rc}
		;;
	esac
	t_result "$status" "$fn" "$secs" "$msg"
	if [ -s "$out" ] && { [ "$status" = FAIL ] || [ "${T_VERBOSE:-0}" = 1 ]; }; then
		sed 's/^/    | /' "$out"
	fi
	rm -f "$out" "$msgf"
}

# t_summary: print "vm: N passed, N failed[, N skipped]"; fail if a test
# failed or none ran.
t_summary() {
	printf 'vm: %d passed, %d failed' "$T_PASSED" "$T_FAILED"
	[ "$T_SKIPPED" -eq 0 ] || printf ', %d skipped' "$T_SKIPPED"
	printf '\n'
	[ "$T_FAILED" -eq 0 ] && [ $((T_PASSED + T_FAILED)) -gt 0 ]
}
