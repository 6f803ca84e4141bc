# SPDX-License-Identifier: GPL-2.0-only
# The device benchmark: bench/mdgpu-devbench (mediated, through libmdgpu-rt)
# and bench/device.sh, which compares it with the unmediated debugfs path.

DEVBENCH := $(BUILD)/bench/mdgpu-devbench

$(BUILD)/bench/mdgpu-devbench.o: CFLAGS += -Iuserspace/rt/include

$(DEVBENCH): $(BUILD)/bench/mdgpu-devbench.o $(RT_A)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@",true)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(RT_A) -lm

USER_TARGETS += $(DEVBENCH)
LINT_C_FILES += bench/mdgpu-devbench.c

# `make bench` runs this after the scheduler benchmark (mk/bench.mk).
bench: bench-device

.PHONY: bench-device
bench-device: all
	@mkdir -p bench/results
	$(Q)tools/vmtest --timeout 1800 -- bench/device.sh > bench/results/device.json.tmp
	$(Q)mv bench/results/device.json.tmp bench/results/device.json
	@cat bench/results/device.json
