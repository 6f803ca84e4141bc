# SPDX-License-Identifier: GPL-2.0-only
#
# Benchmarks (bench/): the load generator bench/mdgpu-load, built with
# everything else (the scheduler VM tests tests/vm/t3x-*.sh run it).

BENCH_LOAD := $(BUILD)/bench/mdgpu-load

$(BENCH_LOAD): $(BUILD)/bench/mdgpu-load.o
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@",true)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^

USER_TARGETS += $(BENCH_LOAD)
LINT_C_FILES += bench/mdgpu-load.c
