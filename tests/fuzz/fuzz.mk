# tests/fuzz/fuzz.mk - `make fuzz`: libFuzzer targets for every phase
# program's interpreter (fuzz_phase.c, one per phase) and for the os_* and
# MeMS APIs (fuzz_os.c, fuzz_mems.c), built with clang, libFuzzer's
# coverage, AddressSanitizer, UndefinedBehaviorSanitizer and the red
# zones in build/clang-fuzz/ (FUZZ=1; the Makefile picks that
# configuration).
#
#   make fuzz PHASE=3 FUZZ_SECONDS=600   one phase program's interpreter
#   make fuzz FUZZ_TARGET=os             the os_* API (or mems)
#   make fuzz                            every target in turn
#
# Each target starts from its seed corpus, tests/fuzz/corpus/TARGET/ (the
# phase's demo script cut into pieces by tests/fuzz/make-corpus.sh), and
# keeps what it learns in build/clang-fuzz/fuzz/TARGET/corpus/; a crash is
# written to build/clang-fuzz/fuzz/TARGET/ and ends the run with a
# non-zero status.  Fixed crashes become tests in tests/phaseN-fuzz.bats.

FUZZ_SECONDS ?= 60
FUZZ_TARGET  ?=
FUZZ_PHASE_TARGETS := $(PHASES)
# The os_* target needs phase 4, MeMS's phase 5 (a handout of an earlier
# phase has neither).
FUZZ_API_TARGETS := $(if $(wildcard phase4/phase.mk),os) \
                    $(if $(wildcard phase5/phase.mk),mems)
FUZZ_ALL := $(FUZZ_PHASE_TARGETS) $(FUZZ_API_TARGETS)
# What `make fuzz` runs: FUZZ_TARGET, else phase PHASE, else everything.
FUZZ_RUN := $(or $(FUZZ_TARGET),$(if $(PHASE),phase$(PHASE)),$(FUZZ_ALL))
FUZZ_DIR = $(BUILD)/fuzz

# The API targets, on the same library modules their users link.
fuzz_os_SRCS := common/diag.c phase1/record.c phase1/page.c phase4/chain.c \
                phase4/os/osmem.c tests/fuzz/fuzz_os.c tests/fuzz/fuzz_input.c
fuzz_os_PHASE := phase4
fuzz_mems_PHASE := phase5
fuzz_mems_SRCS := common/diag.c $(phase5_LIB) tests/fuzz/fuzz_mems.c \
                  tests/fuzz/fuzz_input.c

# The allocators' debug checks are on (-DHEAPCOURSE_DEBUG: red zones,
# tests/MISUSE.md), so the fuzzers exercise them too.
ifneq ($(FUZZ),)
ALL_CFLAGS += -fsanitize=fuzzer-no-link,address,undefined \
              -fno-sanitize-recover=all -fno-omit-frame-pointer \
              -DHEAPCOURSE_FUZZ -DHEAPCOURSE_DEBUG
FUZZ_LDFLAGS = -pthread -fsanitize=fuzzer,address,undefined $(LDFLAGS)

# fuzz_phase(N): the interpreter target of phase N, from the phase
# program's objects (its main.c without main) and fuzz_phase.c.
define fuzz_phase
$$(BUILD)/obj/tests/fuzz/fuzz_$(1).o: tests/fuzz/fuzz_phase.c $$(BUILD)/flags
	@mkdir -p $$(@D)
	$$(CC) $$(ALL_CFLAGS) -DFUZZ_PROGRAM=$(1)_program -MMD -MP -c -o $$@ $$<
$$(FUZZ_DIR)/fuzz_$(1): $$($(1)_OBJS) $$(BUILD)/obj/tests/fuzz/fuzz_$(1).o
	@mkdir -p $$(@D)
	$$(CC) $$(FUZZ_LDFLAGS) -o $$@ $$^
ALL_OBJS += $$(BUILD)/obj/tests/fuzz/fuzz_$(1).o
endef
$(foreach p,$(FUZZ_PHASE_TARGETS),$(eval $(call fuzz_phase,$(p))))

# The API targets (fuzz_os_SRCS, fuzz_mems_SRCS above).
define fuzz_api
$$(FUZZ_DIR)/fuzz_$(1): $$(call obj,$$(fuzz_$(1)_SRCS))
	@mkdir -p $$(@D)
	$$(CC) $$(FUZZ_LDFLAGS) -o $$@ $$^
ALL_OBJS += $$(call obj,tests/fuzz/fuzz_$(1).c tests/fuzz/fuzz_input.c)
endef
$(foreach t,$(FUZZ_API_TARGETS),$(eval $(call fuzz_api,$(t))))

# A dictionary of the words the demo scripts use (command words, labels,
# sizes) steers the interpreter targets past "unknown command" at once.
$(FUZZ_DIR)/%.dict: %/demo.hc tests/fuzz/make-dict.sh
	@mkdir -p $(@D)
	sh tests/fuzz/make-dict.sh $< > $@

fuzz_dict = $(if $(filter $(1),$(FUZZ_PHASE_TARGETS)),$(FUZZ_DIR)/$(1).dict)

# fuzz-run: build and run every target of FUZZ_RUN for FUZZ_SECONDS each,
# each run's whole output in build/clang-fuzz/fuzz/TARGET/log and its
# summary here.  -close_fd_mask=3 closes the program's standard output
# and error (what the commands print, their error lines: gigabytes in ten
# minutes); libFuzzer keeps its own copy of standard error for its report
# and the sanitizers'.  Run a target on one input to see everything:
# build/clang-fuzz/fuzz/fuzz_phase3 INPUT
fuzz-run: $(foreach t,$(FUZZ_RUN),$(FUZZ_DIR)/fuzz_$(t) $(call fuzz_dict,$(t)))
	@for t in $(FUZZ_RUN); do \
	  work=$(FUZZ_DIR)/$$t; mkdir -p $$work/corpus; \
	  dict=$(FUZZ_DIR)/$$t.dict; \
	  echo "==== fuzz $$t for $(FUZZ_SECONDS) s (log: $$work/log)"; \
	  if $(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	       -close_fd_mask=3 -print_final_stats=1 -timeout=10 \
	       -artifact_prefix=$$work/ $$(test -f $$dict && echo -dict=$$dict) \
	       $$work/corpus tests/fuzz/corpus/$$t > $$work/log 2>&1; then \
	    grep -E '^(Done|stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb))' $$work/log; \
	    grep -E '^#[0-9]+.*(DONE|INITED)' $$work/log | tail -1; \
	  else \
	    tail -40 $$work/log; \
	    echo "fuzz $$t FAILED: the input is in $$work/ (crash-*, timeout-*, oom-*)"; \
	    exit 1; \
	  fi; \
	done
.PHONY: fuzz-run
endif

fuzz:
	@sh tools/deps.sh fuzz
	@$(MAKE) --no-print-directory FUZZ=1 fuzz-run
.PHONY: fuzz

# The sandboxed run itself is tested in every configuration, on a toy
# program (tests/c/script_sandbox.c; tests/common.bats).
$(BUILD)/tests/script_sandbox: $(COMMON_OBJS) $(call obj,tests/c/script_sandbox.c)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^
COMMON_CHECK += $(BUILD)/tests/script_sandbox
ALL_OBJS += $(call obj,tests/c/script_sandbox.c)

# The API targets without libFuzzer (tests/fuzz/replay.c), in every
# configuration and also with red zones (obj-debug, tests/misuse/misuse.mk):
# tests/phase4-fuzz.bats and tests/phase5-fuzz.bats replay the seeds and
# every crash found (tests/fuzz/crashes/) through them.
fuzz_replay_SRCS = $(filter-out tests/fuzz/%,$(fuzz_$(1)_SRCS)) \
                   tests/fuzz/fuzz_$(1).c tests/fuzz/fuzz_input.c \
                   tests/fuzz/replay.c
define fuzz_replay
$$(BUILD)/tests/fuzz_$(1)_replay: $$(call obj,$$(call fuzz_replay_SRCS,$(1)))
	@mkdir -p $$(@D)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^
$$(BUILD)/tests/fuzz_$(1)_replay_debug: \
    $$(call obj_debug,$$(call fuzz_replay_SRCS,$(1)))
	@mkdir -p $$(@D)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^
$$(fuzz_$(1)_PHASE)_CHECK += $$(BUILD)/tests/fuzz_$(1)_replay \
                 $$(BUILD)/tests/fuzz_$(1)_replay_debug
ALL_OBJS += $$(call obj,tests/fuzz/fuzz_$(1).c tests/fuzz/fuzz_input.c \
                      tests/fuzz/replay.c) \
            $$(call obj_debug,$$(call fuzz_replay_SRCS,$(1)))
endef
$(foreach t,$(FUZZ_API_TARGETS),$(eval $(call fuzz_replay,$(t))))
