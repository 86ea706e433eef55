# Phase 5: virtual mapping (MeMS), on phase 1's pages and phase 4's chain
# engine (see phase1/phase.mk for what the variables mean).  MeMS prints
# (its stats and its errors, as its assignment specifies), so unlike the
# earlier phases' libraries phase5/mems.c uses stdio.
phase5_LIB   := $(phase1_LIB) phase4/chain.c phase5/main_chain.c \
                phase5/sub_chain.c phase5/mems.c phase5/mems_check.c
phase5_SRCS  := $(phase1_SRCS) phase4/chain.c phase5/main_chain.c \
                phase5/sub_chain.c phase5/mems.c phase5/mems_check.c \
                phase5/mems_commands.c phase5/mems_homework.c
phase5_MAIN  := phase5/main.c
phase5_TESTS := mems_random mems_maps mems_errors mems_checker

# The MeMS interface as a static library, for programs written for the
# assignment: cc -Iphase5 example.c phase5/libmems.a
phase5_ARCHIVE := $(BIN)/phase5/libmems.a
$(phase5_ARCHIVE): $(call obj,common/diag.c $(phase5_LIB))
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^
phase5_ARCHIVES += $(phase5_ARCHIVE)

# mems_variant(SIZE): the library and the example program built with
# PAGE_SIZE=SIZE, whatever PAGE_SIZE this build uses, so the tests see
# both page sizes.  Only mems.c reads PAGE_SIZE, so only it is rebuilt.
# The example is compiled the way the assignment's users compile theirs:
# nothing but -Iphase5 and the library.
NO_PAGE_SIZE = $(filter-out -DPAGE_SIZE=%,$(1))
define mems_variant
$$(BUILD)/obj/phase5/mems-p$(1).o: phase5/mems.c $$(BUILD)/flags
	@mkdir -p $$(@D)
	$$(CC) $$(call NO_PAGE_SIZE,$$(ALL_CFLAGS)) -DPAGE_SIZE=$(1) -MMD -MP \
	  -c -o $$@ $$<
$$(BUILD)/tests/libmems-p$(1).a: $$(BUILD)/obj/phase5/mems-p$(1).o \
    $$(call obj,common/diag.c $$(filter-out phase5/mems.c,$$(phase5_LIB)))
	@mkdir -p $$(@D)
	rm -f $$@
	$$(AR) rcs $$@ $$^
$$(BUILD)/tests/mems_example_p$(1): tests/c/mems_example.c phase5/mems.h \
    $$(BUILD)/tests/libmems-p$(1).a
	$$(CC) $$(call NO_PAGE_SIZE,$$(APP_CFLAGS)) -DPAGE_SIZE=$(1) -Iphase5 \
	  -o $$@ $$< $$(BUILD)/tests/libmems-p$(1).a $$(ALL_LDFLAGS)
phase5_CHECK += $$(BUILD)/tests/mems_example_p$(1)
ALL_OBJS += $$(BUILD)/obj/phase5/mems-p$(1).o
endef
$(foreach size,4096 8192,$(eval $(call mems_variant,$(size))))

# The MeMS addon for Node.js (make node), in a fragment of its own.
include phase5/node/node.mk
