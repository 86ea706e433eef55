# The drop-in malloc (see phase4/heap.c): phase4/libheap.so for LD_PRELOAD,
# phase4/libheap.a to link in, both from the heap's modules on phase 1's
# pages and phase 4's chain engine.  heap_LIB is what any program that
# uses the heap_* functions links (the trace replayer does).
heap_LIB := phase1/record.c phase1/page.c phase4/chain.c \
            phase4/heap_segment.c phase4/heap_small.c phase4/heap_medium.c \
            phase4/heap_large.c phase4/heap_arena.c phase4/heap.c
heap_OBJS := $(call obj,common/diag.c $(heap_LIB))
ALL_OBJS += $(call obj,$(heap_LIB) phase4/libheap.c)

# Only the C library's names leave libheap.so (phase4/libheap.map), so the
# course's own functions never collide with a program's.
heap_SHARED := $(BIN)/phase4/libheap.so
$(heap_SHARED): $(heap_OBJS) $(call obj,phase4/libheap.c) phase4/libheap.map
	@mkdir -p $(@D)
	$(CC) -shared $(ALL_LDFLAGS) -Wl,--version-script=phase4/libheap.map \
	  -o $@ $(filter %.o,$^)

heap_STATIC := $(BIN)/phase4/libheap.a
$(heap_STATIC): $(heap_OBJS) $(call obj,phase4/libheap.c)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^
ARCHIVES += $(heap_SHARED) $(heap_STATIC)
