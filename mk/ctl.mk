# SPDX-License-Identifier: GPL-2.0-only
#
# mdgpuctl (tools/mdgpuctl): the command-line tool, linked statically
# against libmdgpu (so it runs in the test VM and anywhere without a library
# path) and dynamically against json-c.

CTL_DIR := tools/mdgpuctl
CTL_SRCS := $(addprefix $(CTL_DIR)/,main.c util.c cmd_gpu.c cmd_vgpu.c cmd_stats.c \
	cmd_attach.c qmp.c print_text.c print_json.c)
CTL_OBJS := $(CTL_SRCS:%.c=$(BUILD)/%.o)
CTL_BIN := $(BUILD)/tools/mdgpuctl/mdgpuctl
# mk/lib.mk is read after this file: name its outputs here, not through its
# variables, which are still empty when these prerequisites are expanded.
CTL_LIB_A := $(BUILD)/userspace/lib/libmdgpu.a

$(CTL_OBJS): CFLAGS += -I$(CURDIR)/userspace/lib/include

$(CTL_BIN): $(CTL_OBJS) $(CTL_LIB_A)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@",true)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(CTL_OBJS) $(CTL_LIB_A) -ljson-c

USER_TARGETS += $(CTL_BIN)
LINT_C_FILES += $(CTL_SRCS) $(CTL_DIR)/mdgpuctl.h
