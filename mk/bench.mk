# SPDX-License-Identifier: GPL-2.0-only
#
# Benchmarks (bench/): the load generator bench/mdgpu-load, built with
# everything else, and `make bench`, which measures the scheduler in a QEMU
# VM (bench/run-sched) and writes bench/results/sched.json.

BENCH_LOAD := $(BUILD)/bench/mdgpu-load

$(BENCH_LOAD): $(BUILD)/bench/mdgpu-load.o
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@",true)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^

USER_TARGETS += $(BENCH_LOAD)
LINT_C_FILES += bench/mdgpu-load.c

# BENCH_ARGS: options for bench/run-sched (e.g. BENCH_ARGS="--repeats 5").
bench: all
	$(Q)bench/run-sched $(BENCH_ARGS)

# The isolation benchmark of spatial partitions (bench/run-partition):
# bench/results/partition.json. PARTITION_ARGS: its options.
.PHONY: bench-partition
bench: bench-partition
bench-partition: all
	$(Q)bench/run-partition $(PARTITION_ARGS)
