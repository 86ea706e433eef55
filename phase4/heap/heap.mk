# The drop-in malloc (phase4/heap/README.md), a client of phase 4's chain
# engine; included by phase4/phase.mk.  phase4/libheap.so for LD_PRELOAD,
# phase4/libheap.a to link in (the paths they always had), both from the
# heap's modules in phase4/heap/ on phase 1's pages and the chain engine.  heap_LIB is what any program that
# uses the heap_* functions links (the trace replayer does).
heap_LIB := phase1/record.c phase1/page.c phase4/chain.c \
            $(addprefix phase4/heap/,heap_stats.c heap_integrity.c heap_segment.c \
              heap_small.c heap_medium.c heap_large.c heap_arena.c heap.c)
heap_OBJS := $(call obj,common/diag.c $(heap_LIB))
ALL_OBJS += $(call obj,$(heap_LIB) phase4/heap/libheap.c)

# The heap's picture (phase4/heap/heap_draw.c) prints through common/dot.c, so
# it is program code: never in libheap, linked by the programs that draw
# the heap (the stress driver, tests/stress/stress.mk).
heap_DRAW := phase4/heap/heap_draw.c
ALL_OBJS += $(call obj,$(heap_DRAW))

# Only the C library's names leave libheap.so (phase4/heap/libheap.map),
# so the course's own functions never collide with a program's.
heap_SHARED := $(BIN)/phase4/libheap.so
$(heap_SHARED): $(heap_OBJS) $(call obj,phase4/heap/libheap.c) phase4/heap/libheap.map
	@mkdir -p $(@D)
	$(CC) -shared $(ALL_LDFLAGS) -Wl,--version-script=phase4/heap/libheap.map \
	  -o $@ $(filter %.o,$^)

heap_STATIC := $(BIN)/phase4/libheap.a
$(heap_STATIC): $(heap_OBJS) $(call obj,phase4/heap/libheap.c)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^
phase4_ARCHIVES += $(heap_SHARED) $(heap_STATIC)

# Tests of the heap through its own names (every configuration) and of the
# exported malloc through libheap.so (not with the sanitizers, whose own
# malloc must come first).
heap_TESTS := heap_api heap_bugs
$(foreach t,$(heap_TESTS),$(eval \
  $$(BUILD)/tests/$(t): $$(call obj,tests/c/$(t).c) $$(heap_OBJS) ; \
	@mkdir -p $$(@D) && $$(CC) $$(ALL_LDFLAGS) -o $$@ $$^))
phase4_CHECK += $(heap_TESTS:%=$(BUILD)/tests/%)
ALL_OBJS += $(call obj,$(heap_TESTS:%=tests/c/%.c))

# -fno-builtin: clang assumes the C library's malloc never sets errno (its
# model of malloc touches no memory the program can see) and would fold
# the tests of errno away; these programs test exactly that.
ifeq ($(SAN),)
heap_DROPIN_TESTS := heap_dropin heap_threads
$(foreach t,$(heap_DROPIN_TESTS),$(eval \
  $$(BUILD)/tests/$(t): tests/c/$(t).c $$(heap_SHARED) ; \
	@mkdir -p $$(@D) && $$(CC) $$(APP_CFLAGS) -D_GNU_SOURCE -fno-builtin \
	  -o $$@ $$< \
	  -L$$(dir $$(heap_SHARED)) -lheap \
	  -Wl,-rpath,$$(abspath $$(dir $$(heap_SHARED))) $$(ALL_LDFLAGS)))
# The same edge cases with libheap.a linked in statically.
$(BUILD)/tests/heap_dropin_static: tests/c/heap_dropin.c $(heap_STATIC)
	@mkdir -p $(@D)
	$(CC) $(APP_CFLAGS) -D_GNU_SOURCE -fno-builtin -o $@ $< $(heap_STATIC) \
	  $(ALL_LDFLAGS)
phase4_CHECK += $(heap_DROPIN_TESTS:%=$(BUILD)/tests/%) \
                 $(BUILD)/tests/heap_dropin_static
endif
