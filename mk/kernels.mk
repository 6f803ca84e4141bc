# SPDX-License-Identifier: GPL-2.0-only
#
# The sim GPU's compute kernels (kmod/sim/kernels.c, also in mdgpu_sim.ko)
# against host reference implementations. Descriptors come from the real
# command validator, so the test covers exactly what the executor will see.

KERNELS_HDRS := kmod/sim/kernels.h mdev/cmd_validate.h mdev/mdgpu_env.h \
	include/uapi/mdgpu/mdgpu_dev.h

# Freestanding compile of kernels.c, as close to the module's flags as a
# host compiler allows: SSE math but no x87, no libc beyond the compiler's
# freestanding headers, small frames. Only memcpy/memset may stay undefined,
# so a libgcc soft-float or division helper shows up here, not at insmod.
KERNELS_STRICT_FLAGS := -std=gnu11 -O2 $(WARNINGS) -ffreestanding -fno-builtin \
	-fno-stack-protector -Wpedantic -Wcast-qual -Wpointer-arith -Wundef \
	-Wdeclaration-after-statement -Wframe-larger-than=512 \
	-I$(CURDIR)/include/uapi -I$(CURDIR) \
	$(if $(filter x86_64,$(shell uname -m)),-msse2 -mno-80387 -mno-fp-ret-in-387 -mno-red-zone,)

$(BUILD)/kernels-strict/kernels.o: kmod/sim/kernels.c $(KERNELS_HDRS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $< (freestanding)",true)
	$(Q)$(CC) $(KERNELS_STRICT_FLAGS) -c -o $@ $<

$(BUILD)/kernels-strict.stamp: $(BUILD)/kernels-strict/kernels.o
	$(Q)undef=$$(nm -u $< | awk 'NF == 2 { print $$2 }' | sort -u | \
		grep -v -x -e memset -e memcpy); \
	if [ -n "$$undef" ]; then \
		echo "kmod/sim/kernels.c must not need: $$undef" >&2; exit 1; fi
	$(Q)touch $@

$(BUILD)/tests/test_kernels: $(BUILD)/tests/unit/test_kernels.o $(BUILD)/kmod/sim/kernels.o \
		$(BUILD)/mdev/cmd_validate.o $(BUILD)/kernels-strict.stamp
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@",true)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) -lcmocka -lm

UNIT_TESTS += $(BUILD)/tests/test_kernels
LINT_C_FILES += kmod/sim/kernels.c kmod/sim/kernels.h tests/unit/test_kernels.c
