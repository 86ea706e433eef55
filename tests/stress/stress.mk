# `make stress` (tests/stress/stress.c): each allocator's full run, millions
# of random operations with every byte verified and the heap checked every
# 10,000 operations, in the current configuration (CC=clang, SAN=1, ...).
# Not part of `make check`; tests/phase4-stress.bats and
# tests/phase5-stress.bats run a shortened one.
#   make stress STRESS_OPS=100000 STRESS_SEED=7 STRESS_ALLOCATORS="typed os"
# Pictures of failed checks go to $(BUILD)/stress/.

STRESS_OPS ?=
STRESS_SEED ?= 1
STRESS_ALLOCATORS ?=

# The driver and its adapters, every allocator's library, and the phase
# programs' picture code (drawn through the interpreter: stress_draw.c),
# libheap's included (phase4/heap/heap_draw.c, which libheap itself leaves out).
stress_SRCS := $(sort $(wildcard tests/stress/*.c))
stress_DRAW := $(COMMON_SRCS) phase1/page_commands.c \
               phase2/family_commands.c phase3/block_commands.c \
               phase4/typed_commands.c phase4/typed_report.c \
               phase4/pool/pool_commands.c phase4/os/os_commands.c \
               phase5/mems_commands.c $(heap_DRAW)
stress_LIBS := $(sort common/diag.c $(phase4_LIB) $(phase5_LIB) $(heap_LIB) \
                 $(stress_DRAW))

$(BUILD)/tests/stress: $(call obj,$(stress_SRCS) $(stress_LIBS)) $(VIEWER_PAGE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^
# tests/phase4-stress.bats and tests/phase5-stress.bats run it.
phase4_CHECK += $(BUILD)/tests/stress
phase5_CHECK += $(BUILD)/tests/stress
ALL_OBJS += $(call obj,$(stress_SRCS))

stress: $(BUILD)/tests/stress
	@mkdir -p $(BUILD)/stress
	$< $(if $(STRESS_OPS),--ops $(STRESS_OPS)) --seed $(STRESS_SEED) \
	  --dot-dir $(BUILD)/stress $(STRESS_ALLOCATORS)
.PHONY: stress
