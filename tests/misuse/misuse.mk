# The misuse catalogue's programs (tests/MISUSE.md), included by the
# Makefile after the phase fragments.  Each tests/misuse/misuse_NAME.c is
# built twice in every configuration: as is (build/<config>/tests/NAME)
# and with -DHEAPCOURSE_DEBUG (red zones, common/redzone.h) from objects
# in build/<config>/obj-debug/, so plain `make check` tests both.  The
# phase4 program is built the debug way too, for the script's red zones.

DEBUG_CFLAGS = $(filter-out -DHEAPCOURSE_DEBUG,$(ALL_CFLAGS)) -DHEAPCOURSE_DEBUG
obj_debug = $(patsubst %.c,$(BUILD)/obj-debug/%.o,$(1))

$(BUILD)/obj-debug/%.o: %.c $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(DEBUG_CFLAGS) -MMD -MP -c -o $@ $<

# What each program links besides its own source.
misuse_typed_SRCS := $(phase4_ARCHIVE_SRCS)
misuse_os_SRCS    := $(phase4_SHARED_SRCS)
misuse_pool_SRCS  := common/diag.c $(phase4_LIB)
misuse_heap_SRCS  := common/diag.c $(heap_LIB)

# misuse_program(NAME): build/<config>/tests/NAME and NAME_debug.
define misuse_program
$$(BUILD)/tests/$(1): $$(call obj,$$($(1)_SRCS) tests/misuse/$(1).c)
	@mkdir -p $$(@D)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^
$$(BUILD)/tests/$(1)_debug: $$(call obj_debug,$$($(1)_SRCS) tests/misuse/$(1).c)
	@mkdir -p $$(@D)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^
phase4_CHECK += $$(BUILD)/tests/$(1) $$(BUILD)/tests/$(1)_debug
ALL_OBJS += $$(call obj,tests/misuse/$(1).c) \
            $$(call obj_debug,$$($(1)_SRCS) tests/misuse/$(1).c)
endef
$(foreach t,misuse_typed misuse_os misuse_pool misuse_heap,\
  $(eval $(call misuse_program,$(t))))

# The phase4 program with red zones: build/<config>/debug/phase4/phase4.
phase4_DEBUG_OBJS := $(call obj_debug,$(COMMON_SRCS) $(phase4_SRCS) $(phase4_MAIN))
$(BUILD)/debug/phase4/phase4: $(phase4_DEBUG_OBJS) $(VIEWER_PAGE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^
phase4_CHECK += $(BUILD)/debug/phase4/phase4
ALL_OBJS += $(phase4_DEBUG_OBJS)
