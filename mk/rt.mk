# SPDX-License-Identifier: GPL-2.0-only
#
# libmdgpu-rt (userspace/rt): the device runtime as a static and a shared
# library (version script, hidden visibility) with its pkg-config file; its
# host unit tests; the example tools/mdgpu-gemm; the training job
# tools/mdgpu-train; and the C programs that the
# VM tests tests/vm/t2x-*.sh run against the real device.

RT_VERSION := 0.1.0
RT_SOVERSION := 0
RT_DIR := userspace/rt
RT_OUT := $(BUILD)/userspace/rt
RT_SRCS := $(addprefix $(RT_DIR)/,log.c heap.c check.c device.c mem.c submit.c launch.c \
	vfio.c transport_vfio.c transport_pci.c)
RT_HDRS := $(RT_DIR)/include/mdgpu/mdgpu_rt.h $(RT_DIR)/rt_internal.h $(RT_DIR)/vfio.h
RT_OBJS := $(RT_SRCS:%.c=$(BUILD)/%.o)
RT_MAP := $(RT_DIR)/libmdgpu-rt.map
RT_A := $(RT_OUT)/libmdgpu-rt.a
RT_SO := $(RT_OUT)/libmdgpu-rt.so.$(RT_VERSION)
RT_PC := $(RT_OUT)/mdgpu-rt.pc
RT_INC := -I$(CURDIR)/$(RT_DIR)/include

$(RT_OBJS): CFLAGS += -fPIC -fvisibility=hidden $(RT_INC)

$(RT_A): $(RT_OBJS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AR      $@",true)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(RT_SO): $(RT_OBJS) $(RT_MAP)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@",true)
	$(Q)$(CC) $(LDFLAGS) -shared -Wl,-soname,libmdgpu-rt.so.$(RT_SOVERSION) \
		-Wl,--version-script=$(RT_MAP) -Wl,-z,defs -o $@ $(RT_OBJS)
	$(Q)ln -sf $(notdir $@) $(RT_OUT)/libmdgpu-rt.so.$(RT_SOVERSION)
	$(Q)ln -sf $(notdir $@) $(RT_OUT)/libmdgpu-rt.so

PREFIX ?= /usr/local
$(RT_PC): $(RT_DIR)/mdgpu-rt.pc.in mk/rt.mk
	@mkdir -p $(dir $@)
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(RT_VERSION)|' $< >$@

# Programs built on the library link it statically, so they run in the VM
# (and anywhere) without a library path.
RT_PROG_CFLAGS := $(RT_INC)

# ---- the example ----
GEMM_OBJS := $(BUILD)/tools/mdgpu-gemm/mdgpu-gemm.o
$(GEMM_OBJS): CFLAGS += $(RT_PROG_CFLAGS)
$(BUILD)/tools/mdgpu-gemm/mdgpu-gemm: $(GEMM_OBJS) $(RT_A)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@",true)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(RT_A) -lm

# ---- the training job (runs over VFIO on a host, PCI in a guest) ----
TRAIN_OBJS := $(BUILD)/tools/mdgpu-train/mdgpu-train.o
$(TRAIN_OBJS): CFLAGS += $(RT_PROG_CFLAGS)
$(BUILD)/tools/mdgpu-train/mdgpu-train: $(TRAIN_OBJS) $(RT_A)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@",true)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(RT_A) -lm

# ---- VM test programs (tests/vm/bin), run by tests/vm/t2x-*.sh ----
RT_VMBIN_NAMES := rt-kernels rt-scrub rt-bad rt-regs rt-req rt-neighbour rt-inflight
RT_VMBIN := $(RT_VMBIN_NAMES:%=$(BUILD)/tests/vm/bin/%)
RT_VMBIN_COMMON := $(BUILD)/tests/vm/bin/common.o
$(RT_VMBIN_NAMES:%=$(BUILD)/tests/vm/bin/%.o) $(RT_VMBIN_COMMON): CFLAGS += $(RT_PROG_CFLAGS)
$(RT_VMBIN): $(BUILD)/tests/vm/bin/%: $(BUILD)/tests/vm/bin/%.o $(RT_VMBIN_COMMON) $(RT_A)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@",true)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(RT_A) -lm

# ---- host unit tests (cmocka) ----
RT_UNIT_NAMES := test_rt_heap test_rt_check test_rt_submit test_rt_pci
RT_UNIT := $(RT_UNIT_NAMES:%=$(BUILD)/userspace/rt/tests/%)
$(RT_UNIT_NAMES:%=$(BUILD)/$(RT_DIR)/tests/%.o): CFLAGS += $(RT_PROG_CFLAGS) -I$(CURDIR)/$(RT_DIR)
# test_rt_check compares the runtime's checks with the device's own validator.
$(BUILD)/userspace/rt/tests/test_rt_check: $(BUILD)/mdev/cmd_validate.o
$(RT_UNIT): $(BUILD)/userspace/rt/tests/%: $(BUILD)/userspace/rt/tests/%.o $(RT_A)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@",true)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(RT_A) -lcmocka -lm

# The shared library exports exactly the version script's symbols.
.PHONY: rt-abi-check rt-install
check: rt-abi-check
rt-abi-check: SHELL := /bin/bash
rt-abi-check: $(RT_SO)
	$(Q)want=$$(sed -n 's/^[[:space:]]*\(mdgpu_rt_[a-z0-9_]*\);$$/\1/p' $(RT_MAP) | sort); \
	have=$$(nm -D --defined-only $(RT_SO) | awk '$$2 == "T" { print $$3 }' | \
		sed 's/@.*//' | sort); \
	if [ "$$want" != "$$have" ]; then \
		echo "rt-abi-check: exports differ from $(RT_MAP):" >&2; \
		diff <(echo "$$want") <(echo "$$have") >&2; exit 1; fi; \
	api=$$(grep -o 'mdgpu_rt_[a-z0-9_]*(' $(RT_DIR)/include/mdgpu/mdgpu_rt.h | \
		tr -d '(' | sort -u); \
	if [ "$$want" != "$$api" ]; then \
		echo "rt-abi-check: header and $(RT_MAP) differ:" >&2; \
		diff <(echo "$$api") <(echo "$$want") >&2; exit 1; fi

# make rt-install [DESTDIR=...] [PREFIX=/usr/local]
rt-install: $(RT_A) $(RT_SO) $(RT_PC)
	install -d $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include/mdgpu
	install -m 644 $(RT_A) $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(RT_SO) $(DESTDIR)$(PREFIX)/lib/
	ln -sf $(notdir $(RT_SO)) $(DESTDIR)$(PREFIX)/lib/libmdgpu-rt.so.$(RT_SOVERSION)
	ln -sf $(notdir $(RT_SO)) $(DESTDIR)$(PREFIX)/lib/libmdgpu-rt.so
	install -m 644 $(RT_PC) $(DESTDIR)$(PREFIX)/lib/pkgconfig/
	install -m 644 $(RT_DIR)/include/mdgpu/mdgpu_rt.h include/uapi/mdgpu/mdgpu_dev.h \
		$(DESTDIR)$(PREFIX)/include/mdgpu/

USER_TARGETS += $(RT_A) $(RT_SO) $(RT_PC) $(BUILD)/tools/mdgpu-gemm/mdgpu-gemm \
	$(BUILD)/tools/mdgpu-train/mdgpu-train $(RT_VMBIN)
UNIT_TESTS += $(RT_UNIT)
LINT_C_FILES += $(RT_SRCS) $(RT_HDRS) tools/mdgpu-gemm/mdgpu-gemm.c tools/mdgpu-train/mdgpu-train.c \
	$(RT_VMBIN_NAMES:%=tests/vm/bin/%.c) tests/vm/bin/common.c tests/vm/bin/common.h \
	$(RT_UNIT_NAMES:%=$(RT_DIR)/tests/%.c)
