# SPDX-License-Identifier: GPL-2.0-only
#
# The guest-visible device (docs/device.md): host builds of the mediator's
# freestanding command validator and register models with their unit tests,
# the libFuzzer targets (make fuzz), and checks that the sources stay fit for
# the kernel: device-freestanding (part of make check) and device-kcheck (a
# W=1 build against $(KDIR)).

DEVICE_SRCS := mdev/cmd_validate.c mdev/cfgspace.c mdev/regs.c
DEVICE_HDRS := mdev/mdgpu_env.h mdev/cmd_validate.h mdev/cfgspace.h mdev/regs.h \
	include/uapi/mdgpu/mdgpu_dev.h
DEVICE_TESTS := $(addprefix $(BUILD)/tests/,test_validate test_cfgspace test_regs)

$(BUILD)/tests/test_validate: $(BUILD)/tests/unit/test_validate.o $(BUILD)/mdev/cmd_validate.o
$(BUILD)/tests/test_cfgspace: $(BUILD)/tests/unit/test_cfgspace.o $(BUILD)/mdev/cfgspace.o
$(BUILD)/tests/test_regs: $(BUILD)/tests/unit/test_regs.o $(BUILD)/mdev/regs.o
$(DEVICE_TESTS):
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@",true)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka

UNIT_TESTS += $(DEVICE_TESTS)
LINT_C_FILES += $(DEVICE_SRCS) $(DEVICE_HDRS) tests/unit/test_validate.c \
	tests/unit/test_cfgspace.c tests/unit/test_regs.c tests/fuzz/fuzz_validate.c \
	tests/fuzz/fuzz_regs.c tests/fuzz/gen_corpus.c

# The freestanding sources link into mdgpu_mdev.ko, so besides mem* they
# may call nothing: compile them alone with strict flags and look at what
# they import.
DEVICE_STRICT := -std=gnu11 -O2 -fno-stack-protector -Wall -Wextra -Wpedantic \
	-Wno-unused-parameter -Wmissing-prototypes -Wstrict-prototypes -Wshadow -Wvla \
	-Wcast-qual -Wundef -Wpointer-arith -Wdeclaration-after-statement \
	-Wframe-larger-than=512 -Werror -I$(CURDIR)/include/uapi -I$(CURDIR)

.PHONY: device-freestanding device-kcheck fuzz fuzz-corpus
check: device-freestanding

device-freestanding: $(BUILD)/device/freestanding.stamp

$(BUILD)/device/freestanding.stamp: $(DEVICE_SRCS) $(DEVICE_HDRS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CHECK   freestanding $(DEVICE_SRCS)",true)
	$(Q)for f in $(DEVICE_SRCS); do \
		o=$(BUILD)/device/$$(basename $$f .c).o; \
		$(CC) $(DEVICE_STRICT) -c -o $$o $$f || exit 1; \
		bad=$$(nm -u $$o | awk '{print $$2}' | grep -vxE 'mem(set|cpy|cmp)'); \
		if [ -n "$$bad" ]; then echo "$$f: calls outside the kernel subset: $$bad" >&2; exit 1; fi; \
	done
	$(Q)touch $@

# Build the same sources as a throwaway module against $(KDIR) with W=1.
DEVICE_KDIR := $(BUILD)/device/kcheck
device-kcheck:
	@test -e "$(KDIR)/Makefile" || { echo "no kernel headers at '$(KDIR)'" >&2; exit 1; }
	$(Q)rm -rf $(DEVICE_KDIR) && mkdir -p $(DEVICE_KDIR)/mdev $(DEVICE_KDIR)/include
	$(Q)ln -s $(CURDIR)/include/uapi $(DEVICE_KDIR)/include/uapi
	$(Q)for f in $(DEVICE_SRCS) $(filter mdev/%,$(DEVICE_HDRS)); do \
		ln -s $(CURDIR)/$$f $(DEVICE_KDIR)/$$f; done
	$(Q)printf '%s\n' '#include <linux/module.h>' 'MODULE_LICENSE("GPL");' \
		> $(DEVICE_KDIR)/stub.c
	$(Q)printf '%s\n' 'obj-m := mdgpu_devcheck.o' \
		'mdgpu_devcheck-y := stub.o $(DEVICE_SRCS:.c=.o)' \
		'ccflags-y := -I$$(src)/include/uapi -Werror' > $(DEVICE_KDIR)/Kbuild
	$(Q)$(MAKE) -C $(KDIR) M=$(DEVICE_KDIR) W=1 $(if $(filter 1,$(V)),V=1,) modules
	@echo "device-kcheck: $(DEVICE_SRCS) build as kernel code with W=1"

FUZZ_RUNS ?= 1000000
fuzz:
	$(Q)BUILD=$(BUILD) tests/fuzz/run $(FUZZ_RUNS)

# Rewrite the committed seed corpus from tests/fuzz/gen_corpus.c.
fuzz-corpus: $(BUILD)/fuzz/gen_corpus
	$(Q)$< tests/fuzz/corpus

$(BUILD)/fuzz/gen_corpus: $(BUILD)/tests/fuzz/gen_corpus.o
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^
