# SPDX-License-Identifier: GPL-2.0-only
#
# mdgpuctl's listings against the real modules: gpus, types, list, show and
# stats in text and JSON, every number compared with what sysfs says, and
# every JSON document checked by a JSON parser. (Python starts slowly under
# TCG: each document is checked by one python3 run.)
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"

CTL=$REPO/build/tools/mdgpuctl/mdgpuctl

# json_check EXPR...: stdin is a JSON document (bound to d, with v(uuid) the
# vGPU of that UUID in d["vgpus"]); every Python EXPR must be true.
json_check() {
	python3 -c '
import json, sys
d = json.load(sys.stdin)
def v(u):
    return [x for x in d["vgpus"] if x["uuid"] == u][0]
for e in sys.argv[1:]:
    if not eval(e):
        sys.exit("json_check: false: %s\n%s" % (e, json.dumps(d)[:2000]))
' "$@" || t_fail "JSON check failed"
}

test_ctl_gpus_text_and_json() {
	local g=$MDGPU_CLASS/gpu0 out u mem free fs cu nv pol ts wd
	fresh
	[ -x "$CTL" ] || t_fail "$CTL is not built (make)"
	new_uuid_var u
	t_ok create gpu0 ts.64m "$u"
	out=$("$CTL" gpus) || t_fail "mdgpuctl gpus failed"
	t_match "$out" "^GPU +BACKEND +CUS +SHARED +MEMORY +FREE +SLICES" "header"
	t_match "$out" $'\n''gpu0 +sim +4 +4 +256 MiB +192 MiB +12/16 +1 +best_effort +2000 us +100 ms +2000 ms' "gpu0 row"
	read -r mem <$g/memory_bytes
	read -r free <$g/memory_free_bytes
	read -r fs <$g/memory_free_slices
	read -r cu <$g/compute_units
	read -r nv <$g/nr_vgpus
	read -r pol <$g/sched_policy
	read -r ts <$g/timeslice_us
	read -r wd <$g/watchdog_ms
	"$CTL" --json gpus | json_check 'len(d["gpus"]) == 1' \
		'd["gpus"][0]["name"] == "gpu0"' "d['gpus'][0]['memory_bytes'] == $mem" \
		"d['gpus'][0]['memory_free_bytes'] == $free" \
		"d['gpus'][0]['memory_free_slices'] == $fs" \
		"d['gpus'][0]['compute_units'] == $cu" "d['gpus'][0]['nr_vgpus'] == $nv" \
		"d['gpus'][0]['sched_policy'] == '$pol'" "d['gpus'][0]['timeslice_us'] == $ts" \
		"d['gpus'][0]['watchdog_ms'] == $wd" 'd["gpus"][0]["mdev"] is True'
	t_ok remove "$u"
}

# types_match_sysfs: every type's available count in mdgpuctl's JSON is the
# sysfs one, and every type is listed.
types_match_sysfs() {
	local t n=0 want checks=()
	for t in "$MDGPU_CLASS"/gpu0/mdev_supported_types/*; do
		read -r want <"$t/available_instances"
		checks+=("[x['available'] for x in d['types'] if x['mdev_type'] == '${t##*/}'] == [$want]")
		n=$((n + 1))
	done
	"$CTL" types gpu0 --json | json_check "len(d['types']) == $n" "${checks[@]}"
}

test_ctl_types_counts_follow_layout() {
	local a b out
	fresh
	types_match_sysfs
	out=$("$CTL" types gpu0) || t_fail "types failed"
	t_match "$out" $'\n''gpu0 +ts.64m +mdgpu-ts.64m +timesliced +shared +64 MiB +4 +4 +4' "ts.64m row"
	t_match "$out" $'\n''gpu0 +2c.128m +mdgpu-2c.128m +spatial +2 +128 MiB +2 +2 +8' "2c.128m row"
	new_uuid_var a
	new_uuid_var b
	t_ok create gpu0 ts.16m "$a"
	t_ok create gpu0 1c.64m "$b"
	types_match_sysfs
	out=$("$CTL" types) || t_fail "types failed"
	t_match "$out" $'\n''gpu0 +ts.16m +mdgpu-ts.16m +timesliced +shared +16 MiB +11 ' "counts follow"
	t_ok remove "$a"
	t_ok remove "$b"
	types_match_sysfs
}

test_ctl_list_and_show() {
	local a b d out start busy buckets
	fresh
	new_uuid_var a
	new_uuid_var b
	t_ok create gpu0 ts.32m "$a"
	t_ok create gpu0 1c.64m "$b"
	d=$MDEV_DEVICES/$a/mdgpu
	echo 250 >"$d/weight"
	echo 1500 >"$d/min_share"
	echo 3 >"$d/priority"
	out=$("$CTL" list) || t_fail "list failed"
	t_match "$out" "^UUID +GPU +PROFILE +MEMORY +SLICES +CUS +WEIGHT +MIN_SHARE +MAX_SHARE +RESERVE +PRIO +SLICE_US" "header"
	t_match "$out" "$a +gpu0 +ts.32m +32 MiB +[0-9-]+ +shared +250 +1500 +10000 +0 +3 +0" "row of $a"
	t_match "$out" "$b +gpu0 +1c.64m +64 MiB +[0-9-]+ +[0-9] +100 +0 +10000 +0 +1 +0" "row of $b"
	mapfile -t start < <(sed -n 's/^slice_start=//p' "$d/placement")
	"$CTL" list --json | json_check 'len(d["vgpus"]) == 2' \
		"v('$a')['qos'] == dict(weight=250, min_share=1500, max_share=10000, reserve=0, priority=3, timeslice_us=0)" \
		"v('$a')['placement']['slice_start'] == ${start[0]}" \
		"v('$a')['sysfs_path'] == '/sys/bus/mdev/devices/$a'" \
		"v('$b')['placement']['cus'] == 1" "v('$b')['mode'] == 'spatial'"
	out=$("$CTL" show "$a") || t_fail "show failed"
	t_match "$out" "uuid: +$a" "uuid"
	t_match "$out" "profile: +ts.32m \(mdgpu-ts.32m, timesliced\)" "profile"
	t_match "$out" "weight: +250" "weight"
	t_match "$out" "min_share: +1500 \(15.00%\)" "min_share"
	t_match "$out" "sysfs: +/sys/bus/mdev/devices/$a" "sysfs path"
	t_match "$out" "no dispatches yet" "idle vGPU has no latency"
	busy=$(sed -n 's/^busy_ns=//p' "$d/stats")
	buckets=$(wc -l <"$d/latency_hist")
	"$CTL" show "${a^^}" --json | json_check "d['uuid'] == '$a'" \
		"len(d['latency_hist']) == $buckets" 'd["latency_hist"][-1]["le_ns"] is None' \
		"d['stats']['busy_ns'] == $busy" 'd["qos"]["weight"] == 250'
	remove_all
}

test_ctl_empty_host_listings() {
	local out
	fresh
	out=$("$CTL" list) || t_fail "list failed"
	t_eq "$(wc -l <<<"$out")" 1 "header only"
	{
		"$CTL" list --json
		"$CTL" stats --json
	} | python3 -c '
import json, sys
docs = sys.stdin.read().replace("}\n{", "}\x00{").split("\x00")
assert [json.loads(x)["vgpus"] for x in docs] == [[], []], docs
' || t_fail "empty listings"
}

# Every listing's JSON, both option positions, parsed in one python3 run.
test_ctl_every_json_document_parses() {
	local u cmd dir n=0
	fresh
	new_uuid_var u
	t_ok create gpu0 ts.16m "$u"
	dir=$(mktemp -d)
	for cmd in "gpus" "types" "types gpu0" "types 0" "list" "show $u" "stats" "stats $u" \
		"attach $u" "attach $u --qemu" "attach $u --libvirt" "detach $u"; do
		# shellcheck disable=SC2086 # word splitting on purpose
		"$CTL" --json $cmd >"$dir/$n.a" || t_fail "mdgpuctl --json $cmd failed"
		# shellcheck disable=SC2086
		"$CTL" $cmd --json >"$dir/$n.b" || t_fail "mdgpuctl $cmd --json failed"
		cmp -s "$dir/$n.a" "$dir/$n.b" || t_fail "--json before and after '$cmd' differ"
		n=$((n + 1))
	done
	python3 -c '
import glob, json, sys
files = sorted(glob.glob(sys.argv[1] + "/*"))
assert len(files) == 2 * int(sys.argv[2]), files
for f in files:
    try:
        json.load(open(f))
    except ValueError as e:
        sys.exit("%s: %s: %s" % (f, e, open(f).read()))
' "$dir" "$n" || t_fail "a document is not JSON"
	rm -rf "$dir"
	t_ok remove "$u"
	kernel_log_clean || t_fail "kernel log has warnings"
}
