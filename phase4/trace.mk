# The trace tools (phase4/README.md, "Measuring allocators with traces"),
# included by phase4/phase.mk:
# heaptrace replays CS:APP-format traces against the course's allocators,
# tracegen writes such traces, and the phase4 program's `trace` command is
# the same replay.

# The replay and one adapter per allocator, the drop-in heap's among them
# (its sources from phase4/heap.mk; those phase 4 already has are left
# out of trace_HEAP, and libheap.c, which exports malloc, is not linked:
# the replayer needs the C library's malloc too).
trace_LIB  := phase4/trace.c phase4/trace_libc.c phase4/trace_os.c \
              phase4/trace_typed.c phase4/trace_libheap.c
trace_HEAP := $(filter-out phase4/libheap.c $(phase4_LIB),$(heap_LIB))

heaptrace_SRCS := common/diag.c $(phase4_LIB) $(trace_LIB) $(trace_HEAP) \
                  phase4/heaptrace.c
$(BIN)/phase4/heaptrace: $(call obj,$(heaptrace_SRCS))
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^

$(BIN)/phase4/tracegen: $(call obj,phase4/tracegen.c)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^

# Built by `make` (all), and removed by `make clean`, with the libraries.
ARCHIVES += $(BIN)/phase4/heaptrace $(BIN)/phase4/tracegen
ALL_OBJS += $(call obj,$(trace_LIB) $(trace_HEAP) phase4/trace_commands.c \
              phase4/heaptrace.c phase4/tracegen.c)

# The phase4 program's `trace` command.  The program's rule is written by
# the Makefile after every phase.mk is read, so this append reaches it.
phase4_SRCS += $(trace_LIB) $(filter-out $(phase4_SRCS),$(trace_HEAP)) \
               phase4/trace_commands.c

# Traces for the tests: one small trace of each shape, written by
# tracegen (`make check` builds them).
trace_SHAPES := small random prodcons realloc pow2 mixed
$(BUILD)/traces/%.rep: $(BIN)/phase4/tracegen
	@mkdir -p $(@D)
	$< $* --ops 300 --seed 7 > $@.tmp && mv $@.tmp $@
TEST_PROGRAMS += $(trace_SHAPES:%=$(BUILD)/traces/%.rep)
