# SPDX-License-Identifier: GPL-2.0-only
#
# Scheduler core (scheduler/), its host unit tests and tools/schedsim.
# The core's objects also go into mdgpu.ko through Kbuild; here they are
# built for userspace, plus once more with freestanding, kernel-like strictness.

SCHED_SRCS := scheduler/sched_core.c scheduler/sched_config.c scheduler/sched_stats.c
SCHED_HDRS := scheduler/sched.h scheduler/sched_env.h
SCHED_OBJS := $(SCHED_SRCS:%.c=$(BUILD)/%.o)

# Freestanding build of the core: no libc headers beyond the compiler's own
# freestanding set, no floating point registers, no declarations after
# statements (Linux 6.1 still warns), small frames, and no symbol the kernel
# lacks (only memset/memcpy may stay undefined).
SCHED_STRICT_FLAGS := -std=gnu11 -O2 $(WARNINGS) -ffreestanding -fno-builtin \
	-Wdeclaration-after-statement -Wframe-larger-than=512 -Wundef -Wpointer-arith \
	$(if $(filter x86_64,$(shell uname -m)),-mgeneral-regs-only,)
SCHED_STRICT_OBJS := $(SCHED_SRCS:%.c=$(BUILD)/sched-strict/%.o)

$(BUILD)/sched-strict/%.o: %.c $(SCHED_HDRS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $< (freestanding)",true)
	$(Q)$(CC) $(SCHED_STRICT_FLAGS) -c -o $@ $<

$(BUILD)/sched-strict.stamp: $(SCHED_STRICT_OBJS)
	$(Q)undef=$$(nm -u $^ | awk 'NF == 2 { print $$2 }' | sort -u | \
		grep -v -x -e 'mgs_[a-z0-9_]*' -e memset -e memcpy); \
	if [ -n "$$undef" ]; then \
		echo "scheduler/ must not need: $$undef" >&2; exit 1; fi
	$(Q)touch $@

# Compiles the core's objects with the kernel's own flags (W=1) against
# $(KDIR), as mdgpu.ko does (not part of `make check`: it needs headers).
sched-kcheck: $(SCHED_SRCS) $(SCHED_HDRS)
	@test -e "$(KDIR)/Makefile" || { echo "no kernel headers at '$(KDIR)'" >&2; exit 1; }
	$(Q)rm -rf $(BUILD)/sched-kcheck && mkdir -p $(BUILD)/sched-kcheck
	$(Q)cp $(SCHED_SRCS) $(SCHED_HDRS) $(BUILD)/sched-kcheck/
	$(Q)printf '%s\n' 'obj-m := $(notdir $(SCHED_SRCS:.c=.o))' 'ccflags-y := -Werror' \
		> $(BUILD)/sched-kcheck/Kbuild
	$(Q)$(MAKE) -C $(KDIR) M=$(BUILD)/sched-kcheck W=1 $(notdir $(SCHED_SRCS:.c=.o)) >/dev/null

.PHONY: sched-kcheck
check: $(BUILD)/sched-strict.stamp
LINT_C_FILES += $(SCHED_SRCS) $(SCHED_HDRS)

# tools/schedsim; its objects live apart, so that the binary can be
# $(BUILD)/tools/schedsim. The engine is shared with the unit tests.
SCHEDSIM_OBJDIR := $(BUILD)/tools/schedsim-obj
SCHEDSIM_ENGINE := $(SCHEDSIM_OBJDIR)/engine.o
SCHEDSIM_SRCS := tools/schedsim/schedsim.c tools/schedsim/trace.c tools/schedsim/report.c
SCHEDSIM_HDRS := tools/schedsim/engine.h tools/schedsim/schedsim.h
SCHEDSIM_OBJS := $(SCHEDSIM_SRCS:tools/schedsim/%.c=$(SCHEDSIM_OBJDIR)/%.o)

$(SCHEDSIM_OBJDIR)/%.o: tools/schedsim/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<",true)
	$(Q)$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tools/schedsim: $(SCHEDSIM_OBJS) $(SCHEDSIM_ENGINE) $(SCHED_OBJS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@",true)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

# Every example trace must parse and run.
$(BUILD)/schedsim-traces.stamp: $(BUILD)/tools/schedsim $(wildcard tools/schedsim/traces/*.trace)
	$(Q)for t in $(filter %.trace,$^); do \
		$(BUILD)/tools/schedsim -f $$t >/dev/null || { echo "schedsim: $$t failed" >&2; exit 1; }; \
	done
	$(Q)touch $@

check: $(BUILD)/schedsim-traces.stamp
USER_TARGETS += $(BUILD)/tools/schedsim
LINT_C_FILES += $(SCHEDSIM_SRCS) $(SCHEDSIM_HDRS) tools/schedsim/engine.c

# Host unit tests (cmocka) on the simulation engine's deterministic clock.
SCHED_TEST_NAMES := test_sched_share test_sched_qos test_sched_acct test_sched_edge
SCHED_TESTS := $(SCHED_TEST_NAMES:%=$(BUILD)/tests/unit/%)
SCHED_TEST_UTIL := $(BUILD)/tests/unit/test_sched_util.o

$(SCHED_TESTS): $(BUILD)/tests/unit/%: $(BUILD)/tests/unit/%.o $(SCHED_TEST_UTIL) \
		$(SCHEDSIM_ENGINE) $(SCHED_OBJS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@",true)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.o,$^) -lcmocka

UNIT_TESTS += $(SCHED_TESTS)
LINT_C_FILES += tests/unit/test_sched.h tests/unit/test_sched_util.c \
	$(SCHED_TEST_NAMES:%=tests/unit/%.c)
