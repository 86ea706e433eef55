# The trace tools (tools/trace/README.md), included by the Makefile after
# the phases: heaptrace replays CS:APP-format traces against the course's
# allocators, tracegen writes such traces.  Tools use the phases; no phase
# uses them.  Programs: tools/trace/heaptrace and tools/trace/tracegen (in
# build/<config>/tools/trace/ for the other configurations).

# The replay and one adapter per allocator, the drop-in heap's among them
# (its sources from phase4/heap/heap.mk; those phase 4 already has are left
# out of trace_HEAP, and libheap.c, which exports malloc, is not linked:
# the replayer needs the C library's malloc too).
trace_LIB  := $(addprefix tools/trace/,trace.c trace_libc.c trace_os.c \
                trace_typed.c trace_libheap.c)
trace_HEAP := $(filter-out phase4/heap/libheap.c $(phase4_LIB),$(heap_LIB))
trace_BIN  := $(BIN)/tools/trace

heaptrace_SRCS := common/diag.c $(phase4_LIB) $(trace_LIB) $(trace_HEAP) \
                  tools/trace/heaptrace.c
$(trace_BIN)/heaptrace: $(call obj,$(heaptrace_SRCS))
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^

$(trace_BIN)/tracegen: $(call obj,tools/trace/tracegen.c)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^

# Built by `make` (all), and removed by `make clean`, with the libraries.
TOOLS_ARCHIVES += $(trace_BIN)/heaptrace $(trace_BIN)/tracegen
ALL_OBJS += $(call obj,$(trace_LIB) $(trace_HEAP) tools/trace/heaptrace.c \
              tools/trace/tracegen.c)

# Traces for the tests (tests/trace.bats): one small trace of each shape,
# written by tracegen.
trace_SHAPES := small random prodcons realloc pow2 mixed tiny regrow bigsmall
$(BUILD)/traces/%.rep: $(trace_BIN)/tracegen
	@mkdir -p $(@D)
	$< $* --ops 300 --seed 7 > $@.tmp && mv $@.tmp $@
TOOLS_CHECK += $(trace_BIN)/heaptrace $(trace_BIN)/tracegen \
               $(trace_SHAPES:%=$(BUILD)/traces/%.rep)
