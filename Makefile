# SPDX-License-Identifier: GPL-2.0-only
#
# Top-level build for mdgpu: kernel modules (through Kbuild), userspace,
# tools and tests. Quiet by default; `make V=1` prints every command.
# Each area adds its own rules in mk/<area>.mk, included below.

V ?= 0
ifeq ($(V),1)
Q :=
else
Q := @
endif
export V Q

# Kernel to build the modules against. The host may run another kernel than
# the one the test VM boots, so default to the newest Debian kernel whose
# headers are installed, not to `uname -r`.
KVER ?= $(shell ls -1 /lib/modules 2>/dev/null | while read v; do \
	[ -e /lib/modules/$$v/build/Makefile ] && echo $$v; done | sort -V | tail -n 1)
KDIR ?= /lib/modules/$(KVER)/build
export KVER KDIR

BUILD := $(CURDIR)/build
CC ?= gcc
WERROR ?= 1
WARNINGS := -Wall -Wextra -Wno-unused-parameter -Wmissing-prototypes \
	-Wstrict-prototypes -Wshadow -Wformat=2 -Wvla
ifeq ($(WERROR),1)
WARNINGS += -Werror
endif
CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 $(WARNINGS) -D_GNU_SOURCE -I$(CURDIR)/include \
	-I$(CURDIR)/include/uapi -I$(CURDIR)
LDFLAGS ?=

# Areas append to these.
USER_TARGETS :=
UNIT_TESTS :=
LINT_C_FILES :=

.PHONY: all kmod user check vmcheck test lint bench demo clean deps help
all: kmod user

help:
	@echo "make [all|kmod|user|check|vmcheck|lint|bench|demo|deps|clean] [V=1] [KDIR=...]"

include $(sort $(wildcard mk/*.mk))

kmod:
	@test -e "$(KDIR)/Makefile" || { echo "no kernel headers at '$(KDIR)': run tools/setup-deps or set KDIR" >&2; exit 1; }
	$(Q)$(MAKE) --no-print-directory -C $(KDIR) M=$(CURDIR) $(if $(filter 1,$(V)),V=1,) modules

user: $(USER_TARGETS)

check: $(UNIT_TESTS)
	$(Q)tools/run-unit $(UNIT_TESTS)

vmcheck: all
	$(Q)tools/vmtest --timeout 2700 --suite

# The README's test command (after tools/setup-deps); what CI runs:
# style checks, unit tests, 10^6 executions of each fuzz target, the VM suite.
test: lint check
	$(Q)$(MAKE) --no-print-directory fuzz FUZZ_RUNS=1000000
	$(Q)$(MAKE) --no-print-directory vmcheck

lint:
	$(Q)tools/lint

demo: all
	$(Q)tools/demo

deps:
	$(Q)tools/setup-deps

clean:
	$(Q)if [ -e "$(KDIR)/Makefile" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean >/dev/null; fi
	$(Q)rm -rf $(BUILD)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<",true)
	$(Q)$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
