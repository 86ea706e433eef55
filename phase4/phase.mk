# Phase 4: split and merge, on phases 1 to 3 (see phase1/phase.mk for what
# the variables mean).
phase4_LIB   := $(phase3_LIB) phase4/chain.c phase4/meta_node.c phase4/typed.c \
                phase4/pool.c phase4/osmem.c
phase4_SRCS  := $(phase3_SRCS) phase4/chain.c phase4/meta_node.c phase4/typed.c \
                phase4/pool.c phase4/osmem.c phase4/typed_report.c \
                phase4/pool_commands.c phase4/os_commands.c \
                phase4/typed_commands.c
phase4_MAIN  := phase4/main.c

# The Linux Memory Manager interface as a static library, for C programs
# written for that course: cc -Iphase4 app.c phase4/libmm.a
phase4_ARCHIVE := $(BIN)/phase4/libmm.a
phase4_ARCHIVE_SRCS := common/diag.c $(phase4_LIB) phase4/typed_report.c \
                       phase4/uapi_mm.c
$(phase4_ARCHIVE): $(call obj,$(phase4_ARCHIVE_SRCS))
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^
ARCHIVES += $(phase4_ARCHIVE)
ALL_OBJS += $(call obj,phase4/uapi_mm.c)

# A program in the style of that course's test application, compiled the
# way its users compile it: nothing but -Iphase4 and the library.
$(BUILD)/tests/lmm_app: tests/c/lmm_app.c $(phase4_ARCHIVE) phase4/uapi_mm.h
	@mkdir -p $(@D)
	$(CC) $(APP_CFLAGS) -Iphase4 -o $@ $< $(phase4_ARCHIVE) $(ALL_LDFLAGS)
TEST_PROGRAMS += $(BUILD)/tests/lmm_app
phase4_TESTS := pool_api typed_random os_api typed_checker pool_checker \
                os_checker

# The malloc-style interface as a shared library, as the assignment builds
# it (libosmem.so), and a program linked with it for the syscall trace.
phase4_SHARED := $(BIN)/phase4/libosmem.so
phase4_SHARED_SRCS := common/diag.c phase1/record.c phase1/page.c \
                      phase4/chain.c phase4/osmem.c
$(phase4_SHARED): $(call obj,$(phase4_SHARED_SRCS))
	@mkdir -p $(@D)
	$(CC) -shared $(ALL_LDFLAGS) -o $@ $^
ARCHIVES += $(phase4_SHARED)

$(BUILD)/tests/os_trace: tests/c/os_trace.c $(phase4_SHARED) phase4/osmem.h
	@mkdir -p $(@D)
	$(CC) $(APP_CFLAGS) -Iphase4 -o $@ $< -L$(dir $(phase4_SHARED)) -losmem \
	  -Wl,-rpath,$(abspath $(dir $(phase4_SHARED))) $(ALL_LDFLAGS)
TEST_PROGRAMS += $(BUILD)/tests/os_trace

# The drop-in malloc (libheap) and the trace tools have fragments of their
# own; `make bench` is defined in the benchmarks' fragment.
include phase4/heap.mk phase4/trace.mk phase4/bench/bench.mk
