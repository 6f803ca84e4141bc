# SPDX-License-Identifier: GPL-2.0-only
#
# Guests end to end (docs/guest.md): the guest-VM variant of the demo, and
# the two-guest QoS measurement as a check of its own. Both boot the test VM
# and, inside it, nested QEMU guests with vGPUs (tools/guest-run): minutes
# of TCG, so neither is part of make test (t50 is, with one guest).

.PHONY: demo-guest guest-qos

demo-guest: all
	$(Q)tools/demo --guest

# GUEST_QOS_ARGS: options for tools/guest-qos (e.g. --weights 100,200,400).
guest-qos: all
	$(Q)tools/vmtest --mem 3072 --timeout 1500 -- tools/guest-qos $(GUEST_QOS_ARGS)
