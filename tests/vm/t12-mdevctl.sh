# SPDX-License-Identifier: GPL-2.0-only
#
# The standard tool works with our types: mdevctl lists them with correct
# counts, and a defined device goes through start, list, stop and undefine.
# shellcheck shell=bash

# shellcheck source=tests/vm/mdgpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/mdgpu.sh"

# mdevctl_types_json: "type available" lines for gpu0 from --dumpjson.
mdevctl_types_json() {
	mdevctl types --dumpjson | python3 -c '
import json, sys
for parent in json.load(sys.stdin):
    for name, types in parent.items():
        if name != "gpu0":
            continue
        for t in types:
            for tid, attrs in t.items():
                print(tid, attrs["available_instances"], attrs["device_api"])
' | sort
}

test_mdevctl_types_lists_ours() {
	local out u
	fresh
	out=$(mdevctl types)
	t_match "$out" "gpu0" "parent listed"
	t_match "$out" "mdgpu-ts.64m" "type listed"
	t_match "$out" "Device API: vfio-pci" "device api"
	t_eq "$(mdevctl_types_json | grep -c vfio-pci)" 8 "eight types in JSON"
	t_match "$(mdevctl_types_json)" "mdgpu-ts.64m 4 vfio-pci" "ts.64m count"
	u=$(new_uuid)
	t_ok create gpu0 ts.64m "$u"
	t_match "$(mdevctl_types_json)" "mdgpu-ts.64m 3 vfio-pci" "count follows create"
	t_match "$(mdevctl_types_json)" "mdgpu-ts.256m 0 vfio-pci" "256m no longer fits"
	t_ok remove "$u"
	t_match "$(mdevctl_types_json)" "mdgpu-ts.256m 1 vfio-pci" "count follows remove"
}

test_mdevctl_define_start_list_stop_undefine() {
	local u
	fresh
	u=$(new_uuid)
	t_ok mdevctl define -u "$u" -p gpu0 -t mdgpu-ts.32m
	t_match "$(mdevctl list --defined)" "$u gpu0 mdgpu-ts.32m" "defined"
	t_err test -e "$MDEV_DEVICES/$u"
	t_ok mdevctl start -u "$u"
	t_ok test -d "$MDEV_DEVICES/$u"
	t_eq "$(avail gpu0 ts.32m)" 7 "start took one"
	t_match "$(mdevctl list)" "$u gpu0 mdgpu-ts.32m" "listed as active"
	t_ok mdevctl stop -u "$u"
	t_err test -e "$MDEV_DEVICES/$u"
	t_eq "$(avail gpu0 ts.32m)" 8 "stop gave it back"
	t_ok mdevctl undefine -u "$u"
	t_eq "$(mdevctl list --defined | grep -c "$u")" 0 "undefined"
}

test_mdevctl_transient_start() {
	local before
	fresh
	before=$(avail gpu0 ts.128m)
	t_ok mdevctl start -p gpu0 -t mdgpu-ts.128m
	t_eq "$(avail gpu0 ts.128m)" $((before - 1)) "transient device created"
	remove_all
}
