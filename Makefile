# heapcourse: the one Makefile.  `make help` lists the targets.
#
# Each phase adds a fragment, phaseN/phase.mk, that says which sources make
# its program (earlier phases' sources by name: linked, never copied).
# Every configuration builds in its own tree:
#   default (cc, no sanitizers)  objects in build/default, programs in phaseN/
#   CC=clang, CC=gcc, SAN=1, ... everything in build/<compiler>[-san]/
# Objects depend on their headers (-MMD) and on the flags they were built
# with (build/<config>/flags), so a changed header or flag rebuilds them.

CC       ?= cc
CFLAGS   ?= -O2 -g
LDFLAGS  ?=
BATS     ?= bats
DOT      ?= dot
VALGRIND_CMD ?= valgrind
PHASE    ?=
SAN      ?=
DEBUG    ?=
FUZZ     ?=
VALGRIND ?=
FORMAT   ?=
PAGE_SIZE ?= 4096
# Warnings are errors; the grader (tools/grade.sh) sets WERROR= to count them.
WERROR   ?= -Werror

# ---- configuration ------------------------------------------------------

SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
             -fno-omit-frame-pointer
ifneq ($(FUZZ),)
# make fuzz builds its targets with clang in a tree of their own
# (tests/fuzz/fuzz.mk has the flags).
override CC := clang
CONFIG := clang-fuzz
BIN    := build/$(CONFIG)
else ifeq ($(CC)$(SAN)$(DEBUG),cc)
CONFIG := default
BIN    := .
else
CONFIG := $(notdir $(firstword $(CC)))$(if $(SAN),-san)$(if $(DEBUG),-debug)
BIN    := build/$(CONFIG)
endif
BUILD := build/$(CONFIG)

# MeMS's page size (phase 5) is a build-time constant, mems.h's default
# unless PAGE_SIZE says otherwise.
PAGE_SIZE_FLAG = $(if $(filter-out 4096,$(PAGE_SIZE)),-DPAGE_SIZE=$(PAGE_SIZE))

# DEBUG=1: the allocators' debug checks (red zones after each block,
# verified when it is freed; tests/MISUSE.md), in build/<cc>[-san]-debug/.
DEBUG_FLAG = $(if $(DEBUG),-DHEAPCOURSE_DEBUG)

# Debug information valgrind 3.19 can read: clang 14 writes DWARF 5.
DWARF_FLAG = $(if $(filter clang%,$(notdir $(CC))),-gdwarf-4)

ALL_CFLAGS  = -std=c11 -D_GNU_SOURCE -Wall -Wextra $(WERROR) -pthread -fPIC \
              $(addprefix -I,$(INCLUDE_DIRS)) $(if $(SAN),$(SAN_FLAGS)) \
              $(DEBUG_FLAG) $(PAGE_SIZE_FLAG) $(CFLAGS) $(DWARF_FLAG)
ALL_LDFLAGS = -pthread $(if $(SAN),$(SAN_FLAGS)) $(LDFLAGS)

# ---- sources --------------------------------------------------------------

COMMON_SRCS := common/diag.c common/dot.c $(sort $(wildcard common/script*.c))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

# The step viewer's page (common/viewer.html), which --frames writes into
# its directory (common/script_steps.c), compiled in as a C string that
# this rule writes; every program linking common/'s objects links it.
VIEWER_PAGE_C := $(BUILD)/gen/viewer_page.c
VIEWER_PAGE_OBJ := $(BUILD)/obj/gen/viewer_page.o
COMMON_OBJS = $(call obj,$(COMMON_SRCS)) $(VIEWER_PAGE_OBJ)

# What a program that only includes a phase's public header is compiled
# with ("cc -Iphase4 app.c phase4/libmm.a"), for the tests that prove it.
APP_CFLAGS = -std=c11 -Wall -Wextra $(WERROR) $(if $(SAN),$(SAN_FLAGS)) \
             $(DEBUG_FLAG) $(PAGE_SIZE_FLAG) $(CFLAGS) $(DWARF_FLAG)

# What each part builds besides its program, so `make check PHASE=N`
# builds phase N's and nothing else:
#   phaseN_ARCHIVES   phase N's libraries (phase4/libmm.a, ...)
#   phaseN_CHECK      what phase N's tests need: C test programs, traces
#   phaseN_INCLUDES   header folders below phaseN/ (phase 4's clients)
#   COMMON_CHECK, TOOLS_ARCHIVES, TOOLS_CHECK   the same for the tests
#                     of the language (tests/common.bats) and of tools/
COMMON_CHECK :=
TOOLS_ARCHIVES :=
TOOLS_CHECK :=

PHASES := $(patsubst %/phase.mk,%,$(sort $(wildcard phase[1-5]/phase.mk)))
include $(PHASES:%=%/phase.mk)
INCLUDE_DIRS = common $(foreach p,$(PHASES),$(p) $($(p)_INCLUDES))

# phase_program(N): the program of phase N from COMMON_SRCS, phaseN_SRCS
# (its modules and the earlier phases' it builds on) and phaseN_MAIN.
define phase_program
$(1)_OBJS := $$(COMMON_OBJS) $$(call obj,$$($(1)_SRCS) $$($(1)_MAIN))
$$(BIN)/$(1)/$(1): $$($(1)_OBJS)
	@mkdir -p $$(@D)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^
$(1): $$(BIN)/$(1)/$(1)
.PHONY: $(1)
ALL_OBJS += $$($(1)_OBJS)
endef
$(foreach p,$(PHASES),$(eval $(call phase_program,$(p))))

# test_program(N,NAME): tests/c/NAME.c, a C program that drives phase N's
# API directly (listed in phaseN_TESTS), linked with phase N's library
# modules and nothing of the interpreter.
define test_program
$$(BUILD)/tests/$(2): $$(call obj,common/diag.c $$($(1)_LIB) tests/c/$(2).c)
	@mkdir -p $$(@D)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^
$(1)_CHECK += $$(BUILD)/tests/$(2)
ALL_OBJS += $$(call obj,tests/c/$(2).c)
endef
$(foreach p,$(PHASES),$(foreach t,$($(p)_TESTS),\
  $(eval $(call test_program,$(p),$(t)))))

PROGRAMS := $(foreach p,$(PHASES),$(BIN)/$(p)/$(p))

# The tools above the phases (tools/README.md): trace replay and
# generation, and `make bench`.  A handout of an early phase has neither.
include $(wildcard tools/trace/trace.mk tools/bench/bench.mk)

# Hardening (tests/MISUSE.md): misuse test programs, `make stress` and
# `make fuzz`, each in a fragment of its own.  A student handout of an
# early phase (README.md, "Handouts") leaves out the fragments whose
# allocators it lacks, hence the wildcard.
include $(wildcard tests/misuse/misuse.mk tests/stress/stress.mk) \
        tests/fuzz/fuzz.mk

ARCHIVES := $(foreach p,$(PHASES),$($(p)_ARCHIVES)) $(TOOLS_ARCHIVES)
TEST_PROGRAMS := $(COMMON_CHECK) $(foreach p,$(PHASES),$($(p)_CHECK)) \
                 $(TOOLS_CHECK)

# `make handout` (instructors only: handouts do not carry it).
include $(wildcard tools/handout.mk)
# `make grade` and `make grade-all` (README.md, "Grading with it").
include $(wildcard tools/grade.mk)
include $(wildcard tools/viewer/viewer.mk)


# ---- building --------------------------------------------------------------

.DEFAULT_GOAL := all
all: $(PROGRAMS) $(ARCHIVES)

$(BUILD)/obj/%.o: %.c $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# Each line of the page becomes a C string literal ending in \n, with
# backslashes, double quotes and question marks escaped (a "??" would be
# a trigraph under -std=c11); the literals join into one string.
$(VIEWER_PAGE_C): common/viewer.html
	@mkdir -p $(@D)
	{ echo '/* Generated from common/viewer.html by the Makefile: do not edit. */'; \
	  echo 'extern const char heapcourse_viewer_page[];'; \
	  echo 'const char heapcourse_viewer_page[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	  echo ';'; } > $@.tmp && mv $@.tmp $@
$(VIEWER_PAGE_OBJ): $(VIEWER_PAGE_C) $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Rewritten only when the compiler or flags change, so objects rebuild then.
$(BUILD)/flags: FORCE
	@mkdir -p $(@D)
	@echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)' | cmp -s - $@ || \
	  echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)' > $@

-include $(sort $(ALL_OBJS:.o=.d))

# ---- tools the targets need ---------------------------------------------------

deps-demo:
	@sh tools/deps.sh demo
deps-check:
	@sh tools/deps.sh check $(if $(VALGRIND),valgrind) \
	  $(if $(filter clang%,$(notdir $(CC))),clang)

# ---- tests --------------------------------------------------------------------

# A phase's tests: tests/phaseN.bats, and tests/phaseN-TOPIC.bats when a
# phase has more than one subject (phase 4: its clients, the checkers...).
phase_tests = tests/$(1).bats $(sort $(wildcard tests/$(1)-*.bats))
# `make check`: the phases, the language (tests/common.bats) and the trace
# tools (tests/trace.bats, where tools/trace is).
# The files start in this order, JOBS at a time: the longest first (as
# measured in a warm run), so that none is left running alone at the end.
LONG_TESTS := $(wildcard tests/phase4-heap.bats tests/viewer.bats tests/common.bats \
                tests/trace.bats tests/phase4.bats tests/phase1.bats \
                tests/phase5-node.bats tests/phase4-misuse.bats)
ALL_TESTS := tests/common.bats $(foreach p,$(PHASES),$(call phase_tests,$(p))) \
             $(if $(wildcard tools/trace/trace.mk),tests/trace.bats) $(wildcard tests/viewer.bats)
TESTS := $(if $(PHASE),$(call phase_tests,phase$(PHASE)),\
           $(filter $(ALL_TESTS),$(LONG_TESTS)) $(filter-out $(LONG_TESTS),$(ALL_TESTS)))
# `make check-course`: the student handouts and the grader, which run in
# the course's tree (a handout has neither).
COURSE_TESTS := $(wildcard tests/handout.bats tests/grade.bats tests/exercises.bats)
# What the tests need built: with PHASE=N only phase N's program,
# libraries and test programs.
CHECK_NEEDS := $(if $(PHASE),$(BIN)/phase$(PHASE)/phase$(PHASE) \
                 $(phase$(PHASE)_ARCHIVES) $(phase$(PHASE)_CHECK),\
                 all $(TEST_PROGRAMS))
RESULTS := $(BUILD)/test-results$(if $(VALGRIND),-valgrind)
BATS_FORMAT = $(if $(filter tap,$(FORMAT)),--formatter tap) \
              $(if $(filter junit,$(FORMAT)),--report-formatter junit \
                --output $(RESULTS))
# Test files run side by side, JOBS at a time (default: one per core),
# each file's tests in order: Bats needs GNU parallel for it (deps.sh
# installs it), and without it the files run one after another.  Tests
# within a file are not spread: Bats 1.8 hands them out by polling a
# directory once a second, which made make check slower than in order.
# check-course's tests are long (a grading takes seconds), so there a
# file's tests are spread too, but for the files that ask not to be
# (BATS_NO_PARALLELIZE_WITHIN_FILE, as tests/handout.bats does).
JOBS ?= $(shell nproc 2>/dev/null || echo 1)
BATS_JOBS = $(if $(filter-out 0 1,$(JOBS)),$(if $(shell command -v parallel),\
              --jobs $(JOBS) $(if $(WITHIN_FILES),,--no-parallelize-within-files)))
# run_bats(FILES): Bats on FILES with the configuration under test.
define run_bats
@mkdir -p $(RESULTS)
@test -n "$(BATS_JOBS)" -o "$(filter-out 0 1,$(JOBS))" = "" || \
  echo "make: GNU parallel is missing: the tests run one at a time (sh tools/deps.sh check installs it)"
HC_BIN=$(abspath $(BIN)) HC_BUILD=$(abspath $(BUILD)) HC_SAN=$(SAN) HC_DEBUG=$(DEBUG) \
HC_VALGRIND=$(if $(VALGRIND),$(VALGRIND_CMD)) HC_PAGE_SIZE=$(PAGE_SIZE) \
  $(BATS) --print-output-on-failure $(BATS_JOBS) $(BATS_FORMAT) $(1)
@test "$(FORMAT)" != junit || echo "JUnit results in $(RESULTS)/"
endef

# The expected outputs fix every block's size, which DEBUG=1 changes.
check-config:
	@test -z "$(DEBUG)" || { echo "make check: not with DEBUG=1 (red zones change \
	every block's size, which the expected outputs fix); the red zones are \
	tested in every configuration (tests/phase4-misuse.bats)."; exit 2; }

check: check-config deps-check $(CHECK_NEEDS) \
       $(if $(PHASE),,$(if $(wildcard tools/viewer/viewer.mk),viewer-deps))
	@test -z "$(PHASE)" -o -f tests/phase$(PHASE).bats || \
	  { echo "make: no tests/phase$(PHASE).bats (phases: $(PHASES))"; exit 2; }
	$(call run_bats,$(TESTS))

# The handouts and the grader: they build their own trees (in
# BATS_FILE_TMPDIR) from the course's sources, so they need the course
# built only for the grader's reuse of it.
check-course: WITHIN_FILES := 1
check-course: check-config deps-check all
	@test -n "$(COURSE_TESTS)" || \
	  { echo "make check-course: no tests/handout.bats or tests/grade.bats here"; exit 2; }
	$(call run_bats,$(COURSE_TESTS))

# `make exercise PHASE=N EX=K`: does my solution of exercise K of phase N's
# lesson work?  Its check, tests/exercises/phaseN-K.bats, fails on the
# course's code and passes on a correct solution (the lesson's exercise
# says what it changes).  Without EX: the phase's exercises.
EXERCISE_TEST = tests/exercises/phase$(PHASE)-$(EX).bats
exercise: check-config deps-check $(if $(and $(PHASE),$(EX)),$(CHECK_NEEDS))
	@test -n "$(PHASE)" || { echo "make exercise PHASE=N EX=K (phases: $(PHASES))"; exit 2; }
	@test -n "$(EX)" || { echo "phase $(PHASE)'s exercises (make exercise PHASE=$(PHASE) EX=K):"; \
	  ls tests/exercises/ 2>/dev/null | sed -n 's/^phase$(PHASE)-\(.*\)\.bats$$/  EX=\1/p'; exit 2; }
	@test -f $(EXERCISE_TEST) || { echo "make: no $(EXERCISE_TEST) (try make exercise PHASE=$(PHASE))"; exit 2; }
	$(call run_bats,$(EXERCISE_TEST))

# Every configuration in turn (gcc, clang, both with the sanitizers,
# valgrind) and a table of the results, then check-course once (gcc).
check-all:
	@sh tools/deps.sh check valgrind clang
	@sh tools/check-all.sh

# ---- demo and diagrams ------------------------------------------------------------

# Each phase's demo script runs with --frames into diagrams/phaseN/ (old
# frames removed first); then the gallery page is written (tools/demo.sh).
# `make demo` shows what the programs print; `make diagrams` only draws.
# A student's handout (.handout says "phase=N"; README.md, "Handouts")
# draws into build/demo/ instead, never over the pictures its lessons
# embed, and its own phase's demo may stop where the stubs are.
HANDOUT_PHASE := $(patsubst phase=%,%,$(filter phase=%,$(file < .handout)))
DEMO_DIR := $(if $(HANDOUT_PHASE),build/demo,diagrams)
render = sh tools/demo.sh $(1) $(BIN) $(DEMO_DIR) "$(HANDOUT_PHASE)" $(PHASES)

demo: deps-demo all
	@$(call render)
	@echo "diagrams written: open $(DEMO_DIR)/index.html"

diagrams: deps-demo all
	@$(call render,-q)

# `make homework PHASE=N SEED=S`: phase N's generated homework and answer
# key (every phase's without PHASE), Markdown in build/homework/; options
# for the programs in HOMEWORK_OPTIONS (e.g. '--ops 15 --fit best').
SEED ?= 1
HOMEWORK_OPTIONS ?=
homework: $(if $(PHASE),$(BIN)/phase$(PHASE)/phase$(PHASE),$(PROGRAMS))
	@test -z "$(PHASE)" -o -f phase$(PHASE)/phase.mk || \
	  { echo "make: no phase $(PHASE) (phases: $(PHASES))"; exit 2; }
	@sh tools/homework.sh $(BIN) build/homework "$(SEED)" "$(HOMEWORK_OPTIONS)" \
	  $(if $(PHASE),phase$(PHASE),$(PHASES))

# ---- housekeeping -------------------------------------------------------------------

clean:
	rm -rf build $(PROGRAMS) $(ARCHIVES) phase5/node/build

help:
	@echo "heapcourse targets:"
	@echo "  make                 build every phase program (phaseN/phaseN)"
	@echo "  make phaseN          build one phase"
	@echo "  make check           build and run the tests of every phase, the command language,"
	@echo "                       the C APIs and the Node addon, JOBS at a time (installs Bats,"
	@echo "                       GNU parallel and Graphviz if missing)"
	@echo "  make check PHASE=N   build and run only what phase N's tests need"
	@$(if $(COURSE_TESTS),\
	  echo "  make check-course    the tests of the handouts and the grader"; \
	  echo "                       (tests/handout.bats and tests/grade.bats) JOBS at a time")
	@echo "  make check-all       make check with gcc, clang, SAN=1 (both) and VALGRIND=1,"
	@echo "                       make check-course once, and a table"
	@echo "  make demo            run every phase's demo and render $(DEMO_DIR)/"
	@echo "  make diagrams        render $(DEMO_DIR)/ quietly (reproducible)"
	@echo "  make exercise PHASE=N EX=K     check your solution of exercise K of phase N's lesson"
	@echo "  make homework PHASE=N SEED=S   phase N's generated homework and its answer key"
	@echo "                       (Markdown, in build/homework/; no PHASE: every phase's)"
	@echo "  make bench           libheap against glibc's malloc, jemalloc and mimalloc"
	@echo "                       (build/<config>/bench/; BENCH_QUICK=1 to try it)"
	@echo "                       tools/trace/heaptrace and tracegen replay and write traces"
	@echo "  make fuzz PHASE=N    libFuzzer on phase N's interpreter (FUZZ_SECONDS=60;"
	@echo "                       FUZZ_TARGET=os|mems for the APIs; no PHASE: every target)"
	@echo "  make node            build the MeMS addon for Node.js (phase5/node/; needs node and npm)"
	@echo "  make stress          every allocator under millions of checked random operations"
	@echo "                       (STRESS_OPS=N STRESS_SEED=N STRESS_ALLOCATORS='typed os')"
	@$(if $(wildcard tools/handout.mk),\
	  echo "  make handout PHASE=N OUT=DIR   phase N's student tree (no PHASE: every phase's,"; \
	  echo "                       in build/handout/phaseN/; README.md, 'Handouts')")
	@$(if $(wildcard tools/grade.mk),\
	  echo "  make grade SUBMISSION=DIR   grade a student's tree in a sandbox: a score table per phase"; \
	  echo "                       (PHASE=N; FORMAT=csv|junit; results in build/grade/NAME/)"; \
	  echo "  make grade-all SUBMISSIONS=DIR   grade every subfolder: build/grade/grades.csv")
	@echo "  make clean           remove programs and build/"
	@echo "variables:"
	@echo "  CC=clang             build and test with another compiler (in build/clang/)"
	@echo "  SAN=1                AddressSanitizer + UndefinedBehaviorSanitizer (build/<cc>-san/)"
	@echo "  DEBUG=1              build with the allocators' red zones (build/<cc>-debug/;"
	@echo "                       make check tests them in every configuration)"
	@echo "  VALGRIND=1           run every program the tests start under valgrind"
	@echo "  FORMAT=tap|junit     machine-readable test results (JUnit under build/<config>/)"
	@echo "  JOBS=N               tests run side by side (default: the number of cores; 1: in order)"
	@echo "  CFLAGS, LDFLAGS      extra compiler and linker flags (default CFLAGS: -O2 -g)"
	@echo "  PAGE_SIZE=8192       MeMS's page size in phase 5 (default 4096)"
	@echo "phases present: $(PHASES)"

.PHONY: all check check-config check-course check-all demo diagrams homework exercise clean help deps-demo deps-check FORCE
FORCE:
