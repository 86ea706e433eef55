# The os_* assignment (phase4/os/README.md), a client of phase 4's chain
# engine on phase 1's pages; included by phase4/phase.mk.  Programs written
# for the assignment link phase4/libosmem.so (the path it always had) and
# include osmem.h from phase4/os/ (or phase4/, which forwards to it).
phase4_LIB   += phase4/os/osmem.c
phase4_SRCS  += phase4/os/osmem.c phase4/os/os_commands.c
phase4_TESTS += os_api os_checker

# The malloc-style interface as a shared library, as the assignment builds
# it (libosmem.so), and a program linked with it for the syscall trace.
phase4_SHARED := $(BIN)/phase4/libosmem.so
phase4_SHARED_SRCS := common/diag.c phase1/record.c phase1/page.c \
                      phase4/chain.c phase4/os/osmem.c
$(phase4_SHARED): $(call obj,$(phase4_SHARED_SRCS))
	@mkdir -p $(@D)
	$(CC) -shared $(ALL_LDFLAGS) -o $@ $^
phase4_ARCHIVES += $(phase4_SHARED)

$(BUILD)/tests/os_trace: tests/c/os_trace.c $(phase4_SHARED) phase4/os/osmem.h
	@mkdir -p $(@D)
	$(CC) $(APP_CFLAGS) -Iphase4/os -o $@ $< -L$(dir $(phase4_SHARED)) -losmem \
	  -Wl,-rpath,$(abspath $(dir $(phase4_SHARED))) $(ALL_LDFLAGS)
phase4_CHECK += $(BUILD)/tests/os_trace

# A program in the style of the assignment's tests that includes nothing
# but osmem.h, compiled with warnings as errors: it builds only if osmem.h
# brings in the C library headers the assignment's headers do.
$(BUILD)/tests/os_assignment_app: tests/c/os_assignment_app.c $(phase4_SHARED) \
                                  phase4/os/osmem.h
	@mkdir -p $(@D)
	$(CC) $(APP_CFLAGS) -Iphase4/os -o $@ $< -L$(dir $(phase4_SHARED)) -losmem \
	  -Wl,-rpath,$(abspath $(dir $(phase4_SHARED))) $(ALL_LDFLAGS)
phase4_CHECK += $(BUILD)/tests/os_assignment_app
