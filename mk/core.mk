# SPDX-License-Identifier: GPL-2.0-only
# Host builds of mdgpu.ko's freestanding partition arithmetic and its tests.

$(BUILD)/tests/test_partition: $(BUILD)/tests/unit/test_partition.o $(BUILD)/kmod/partition.o
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@",true)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka

UNIT_TESTS += $(BUILD)/tests/test_partition
LINT_C_FILES += kmod/partition.c tests/unit/test_partition.c
