# SPDX-License-Identifier: GPL-2.0-only
#
# mdgpud (userspace/daemon): the declarative host daemon, linked statically
# against libmdgpu and dynamically against json-c and libmicrohttpd; its
# host unit tests (config parser, reconcile planner, metrics formatter); the
# example config and the systemd unit are installed by daemon-install.

DAEMON_DIR := userspace/daemon
DAEMON_CORE_SRCS := $(addprefix $(DAEMON_DIR)/,log.c config.c state.c plan.c metrics.c)
DAEMON_SRCS := $(DAEMON_CORE_SRCS) $(addprefix $(DAEMON_DIR)/,reconcile.c http.c ctl.c main.c)
DAEMON_HDRS := $(DAEMON_DIR)/mdgpud.h
DAEMON_OBJS := $(DAEMON_SRCS:%.c=$(BUILD)/%.o)
DAEMON_CORE_OBJS := $(DAEMON_CORE_SRCS:%.c=$(BUILD)/%.o)
DAEMON_BIN := $(BUILD)/userspace/daemon/mdgpud
# mk/lib.mk is read after this file: name its output here, not through its
# variables, which are still empty when these prerequisites are expanded.
DAEMON_LIB_A := $(BUILD)/userspace/lib/libmdgpu.a
DAEMON_INC := -I$(CURDIR)/userspace/lib/include -I$(CURDIR)/$(DAEMON_DIR)

$(DAEMON_OBJS): CFLAGS += $(DAEMON_INC)

$(DAEMON_BIN): $(DAEMON_OBJS) $(DAEMON_LIB_A)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@",true)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(DAEMON_OBJS) $(DAEMON_LIB_A) -ljson-c -lmicrohttpd

# ---- host unit tests (cmocka) ----
DAEMON_UNIT_NAMES := test_mdgpud_config test_mdgpud_plan test_mdgpud_metrics
DAEMON_UNIT := $(DAEMON_UNIT_NAMES:%=$(BUILD)/tests/%)
$(DAEMON_UNIT_NAMES:%=$(BUILD)/tests/unit/%.o): CFLAGS += $(DAEMON_INC)
$(DAEMON_UNIT): $(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(DAEMON_CORE_OBJS) $(DAEMON_LIB_A)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@",true)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(DAEMON_LIB_A) -lcmocka

# make daemon-install [DESTDIR=...] [PREFIX=/usr/local]
.PHONY: daemon-install
daemon-install: $(DAEMON_BIN)
	install -d $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)/etc $(DESTDIR)/lib/systemd/system
	install -m 755 $(DAEMON_BIN) $(DESTDIR)$(PREFIX)/sbin/mdgpud
	test -e $(DESTDIR)/etc/mdgpud.conf || \
		install -m 644 $(DAEMON_DIR)/mdgpud.conf.example $(DESTDIR)/etc/mdgpud.conf
	sed 's|@SBINDIR@|$(PREFIX)/sbin|' $(DAEMON_DIR)/mdgpud.service.in \
		>$(DESTDIR)/lib/systemd/system/mdgpud.service

USER_TARGETS += $(DAEMON_BIN)
UNIT_TESTS += $(DAEMON_UNIT)
LINT_C_FILES += $(DAEMON_SRCS) $(DAEMON_HDRS) $(DAEMON_UNIT_NAMES:%=tests/unit/%.c)
