# SPDX-License-Identifier: GPL-2.0-only
#
# The debug-kernel tier (docs/testing.md, "Debug-kernel tier"): a KASAN,
# lockdep, kmemleak, UBSAN and KUnit kernel built once from Debian's
# linux-source-6.1 and cached outside the tree (make debug-kernel), and the
# VM suite, the KUnit tests (tests/kunit) and a lifecycle soak on it
# (make vmcheck-debug). Neither is part of make test: CI runs them by budget.

.PHONY: debug-kernel vmcheck-debug

debug-kernel:
	$(Q)tools/debug-kernel >/dev/null

# The userspace programs the suite and the soak run come from this tree;
# the modules are rebuilt against the debug kernel in a copy of it.
vmcheck-debug: user
	$(Q)tools/debug-kernel.d/vmcheck
