# SPDX-License-Identifier: GPL-2.0-only
#
# libmdgpu (userspace/lib): the host admin API over sysfs, as a static and
# a shared library (version script, hidden visibility) with its pkg-config
# file; its host unit tests against fake sysfs trees (tests/unit/test_lib*.c);
# and lib-abi-check, which keeps the exports, the version script and the
# header in step.

LIB_VERSION := 0.1.0
LIB_SOVERSION := 0
LIB_DIR := userspace/lib
LIB_OUT := $(BUILD)/userspace/lib
LIB_SRCS := $(addprefix $(LIB_DIR)/,log.c sysfs.c parse.c attr.c knobs.c ctx.c gpu.c \
	profile.c vgpu.c)
LIB_HDRS := $(LIB_DIR)/include/mdgpu/libmdgpu.h $(LIB_DIR)/lib_internal.h $(LIB_DIR)/attr.h
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
LIB_MAP := $(LIB_DIR)/libmdgpu.map
LIB_A := $(LIB_OUT)/libmdgpu.a
LIB_SO := $(LIB_OUT)/libmdgpu.so.$(LIB_VERSION)
LIB_PC := $(LIB_OUT)/mdgpu.pc
LIB_INC := -I$(CURDIR)/$(LIB_DIR)/include

$(LIB_OBJS): CFLAGS += -fPIC -fvisibility=hidden $(LIB_INC)

$(LIB_A): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AR      $@",true)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(LIB_SO): $(LIB_OBJS) $(LIB_MAP)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@",true)
	$(Q)$(CC) $(LDFLAGS) -shared -Wl,-soname,libmdgpu.so.$(LIB_SOVERSION) \
		-Wl,--version-script=$(LIB_MAP) -Wl,-z,defs -o $@ $(LIB_OBJS)
	$(Q)ln -sf $(notdir $@) $(LIB_OUT)/libmdgpu.so.$(LIB_SOVERSION)
	$(Q)ln -sf $(notdir $@) $(LIB_OUT)/libmdgpu.so

LIB_PREFIX ?= /usr/local
$(LIB_PC): $(LIB_DIR)/mdgpu.pc.in mk/lib.mk
	@mkdir -p $(dir $@)
	$(Q)sed -e 's|@PREFIX@|$(LIB_PREFIX)|' -e 's|@VERSION@|$(LIB_VERSION)|' $< >$@

# ---- host unit tests (cmocka) against fake sysfs trees ----
LIB_UNIT_NAMES := test_lib_parse test_lib_read test_lib_write
LIB_UNIT := $(LIB_UNIT_NAMES:%=$(BUILD)/tests/%)
LIB_UNIT_OBJS := $(LIB_UNIT_NAMES:%=$(BUILD)/tests/unit/%.o) $(BUILD)/tests/unit/test_lib_fake.o
$(LIB_UNIT_OBJS): CFLAGS += $(LIB_INC) -I$(CURDIR)/$(LIB_DIR)
# test_lib_write makes the kernel refuse writes: sysfs_write() is wrapped.
$(BUILD)/tests/test_lib_write: LIB_TEST_LDFLAGS := -Wl,--wrap=sysfs_write
$(LIB_UNIT): $(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(BUILD)/tests/unit/test_lib_fake.o $(LIB_A)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@",true)
	$(Q)$(CC) $(LDFLAGS) $(LIB_TEST_LDFLAGS) -o $@ $(filter %.o,$^) $(LIB_A) -lcmocka

# mdgpuctl end to end on fake trees: runs the binary that mk/ctl.mk builds.
LIB_CTL_TEST := $(BUILD)/tests/test_lib_ctl
$(BUILD)/tests/unit/test_lib_ctl.o: CFLAGS += -DMDGPUCTL_PATH='"$(CTL_BIN)"'
$(LIB_CTL_TEST): $(BUILD)/tests/unit/test_lib_ctl.o $(BUILD)/tests/unit/test_lib_fake.o $(CTL_BIN)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@",true)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) -lcmocka -ljson-c

# The shared library exports exactly the version script's symbols, and the
# header declares exactly those.
.PHONY: lib-abi-check lib-install
check: lib-abi-check
lib-abi-check: SHELL := /bin/bash
lib-abi-check: $(LIB_SO)
	$(Q)want=$$(sed -n 's/^[[:space:]]*\(mdgpu_[a-z0-9_]*\);$$/\1/p' $(LIB_MAP) | sort); \
	have=$$(nm -D --defined-only $(LIB_SO) | awk '$$2 == "T" { print $$3 }' | \
		sed 's/@.*//' | sort); \
	if [ "$$want" != "$$have" ]; then \
		echo "lib-abi-check: exports differ from $(LIB_MAP):" >&2; \
		diff <(echo "$$want") <(echo "$$have") >&2; exit 1; fi; \
	api=$$(grep -o 'mdgpu_[a-z0-9_]*(' $(LIB_DIR)/include/mdgpu/libmdgpu.h | \
		tr -d '(' | grep -v -e '__for_each_' -e '^mdgpu_print_fn_t' | sort -u); \
	if [ "$$want" != "$$api" ]; then \
		echo "lib-abi-check: header and $(LIB_MAP) differ:" >&2; \
		diff <(echo "$$api") <(echo "$$want") >&2; exit 1; fi

# make lib-install [DESTDIR=...] [LIB_PREFIX=/usr/local]
lib-install: $(LIB_A) $(LIB_SO) $(LIB_PC)
	install -d $(DESTDIR)$(LIB_PREFIX)/lib/pkgconfig $(DESTDIR)$(LIB_PREFIX)/include/mdgpu
	install -m 644 $(LIB_A) $(DESTDIR)$(LIB_PREFIX)/lib/
	install -m 755 $(LIB_SO) $(DESTDIR)$(LIB_PREFIX)/lib/
	ln -sf $(notdir $(LIB_SO)) $(DESTDIR)$(LIB_PREFIX)/lib/libmdgpu.so.$(LIB_SOVERSION)
	ln -sf $(notdir $(LIB_SO)) $(DESTDIR)$(LIB_PREFIX)/lib/libmdgpu.so
	install -m 644 $(LIB_PC) $(DESTDIR)$(LIB_PREFIX)/lib/pkgconfig/
	install -m 644 $(LIB_DIR)/include/mdgpu/libmdgpu.h $(DESTDIR)$(LIB_PREFIX)/include/mdgpu/

USER_TARGETS += $(LIB_A) $(LIB_SO) $(LIB_PC)
UNIT_TESTS += $(LIB_UNIT) $(LIB_CTL_TEST)
LINT_C_FILES += $(LIB_SRCS) $(LIB_HDRS) $(LIB_UNIT_NAMES:%=tests/unit/%.c) \
	tests/unit/test_lib_fake.c tests/unit/test_lib_fake.h tests/unit/test_lib_ctl.c
