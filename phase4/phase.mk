# Phase 4: split and merge, on phases 1 to 3 (see phase1/phase.mk for what
# the variables mean).  phase4/ itself holds the concept: the chain engine
# (chain.c, meta_node.c) and the typed allocator on it (typed.c and the
# Linux Memory Manager interface).  The engine's other clients live in
# sub-folders, each with its lesson and its fragment, included below:
#   phase4/pool/   the bounded pool (pool.h)
#   phase4/os/     the os_* assignment (osmem.h, libosmem.so)
#   phase4/heap/   the drop-in malloc (libheap.so, libheap.a)
# Each client adds its library modules to phase4_LIB, its commands to the
# phase4 program (phase4_SRCS) and its C tests to phase4_TESTS.
phase4_LIB   := $(phase3_LIB) phase4/chain.c phase4/meta_node.c phase4/typed.c
phase4_SRCS  := $(phase3_SRCS) phase4/chain.c phase4/meta_node.c phase4/typed.c \
                phase4/typed_report.c phase4/typed_commands.c \
                phase4/typed_homework.c
phase4_MAIN  := phase4/main.c
phase4_TESTS := typed_random typed_checker
phase4_INCLUDES := phase4/pool phase4/os phase4/heap

include phase4/pool/pool.mk phase4/os/os.mk

# The Linux Memory Manager interface as a static library, for C programs
# written for that course: cc -Iphase4 app.c phase4/libmm.a
phase4_ARCHIVE := $(BIN)/phase4/libmm.a
phase4_ARCHIVE_SRCS := common/diag.c $(phase4_LIB) phase4/typed_report.c \
                       phase4/uapi_mm.c
$(phase4_ARCHIVE): $(call obj,$(phase4_ARCHIVE_SRCS))
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^
phase4_ARCHIVES += $(phase4_ARCHIVE)
ALL_OBJS += $(call obj,phase4/uapi_mm.c)

# A program in the style of that course's test application, compiled the
# way its users compile it: nothing but -Iphase4 and the library.
$(BUILD)/tests/lmm_app: tests/c/lmm_app.c $(phase4_ARCHIVE) phase4/uapi_mm.h
	@mkdir -p $(@D)
	$(CC) $(APP_CFLAGS) -Iphase4 -o $@ $< $(phase4_ARCHIVE) $(ALL_LDFLAGS)
phase4_CHECK += $(BUILD)/tests/lmm_app

# The drop-in malloc (libheap) has a fragment of its own.
include phase4/heap/heap.mk
