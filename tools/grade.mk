# tools/grade.mk - grading students' trees (README.md, "Grading with it";
# the grader and its limits: tools/grade.sh).
#   make grade SUBMISSION=DIR [PHASE=N] [FORMAT=csv|junit|gradescope]
#                             one tree (a handout: its phase; PHASE=N
#                             another), a score table per phase, results
#                             and feedback.md in build/grade/NAME/
#   make grade-all SUBMISSIONS=DIR [PHASE=N] [GRADE_JOBS=N]
#                             every subfolder of DIR, GRADE_JOBS side by
#                             side (default: the cores), a summary and one
#                             CSV (build/grade/grades.csv, or GRADES_CSV=FILE)
# The grader runs each tree in bubblewrap (Debian's bubblewrap), which
# deps.sh installs with the test tools.

SUBMISSION  ?=
SUBMISSIONS ?=
GRADES_CSV  ?=
GRADE_JOBS  ?=

grade: deps-grade
	@test -n "$(SUBMISSION)" || \
	  { echo "make grade: SUBMISSION=DIR (a student's tree: phase1/ .. phase5/)"; exit 2; }
	@bash tools/grade.sh $(if $(PHASE),--phase $(PHASE)) \
	  $(if $(FORMAT),--format $(FORMAT)) -- "$(SUBMISSION)"

grade-all: deps-grade
	@test -n "$(SUBMISSIONS)" || \
	  { echo "make grade-all: SUBMISSIONS=DIR (one subfolder per student)"; exit 2; }
	@bash tools/grade.sh --all $(if $(PHASE),--phase $(PHASE)) $(if $(GRADE_JOBS),-j $(GRADE_JOBS)) \
	  $(if $(GRADES_CSV),--csv "$(GRADES_CSV)") -- "$(SUBMISSIONS)"

deps-grade:
	@sh tools/deps.sh check grade

# Run by the grader inside its sandbox (with make -k, so what does not
# compile is left out): what the tests of GRADE_PHASES need, as
# `make check PHASE=N` builds it (the Makefile's phaseN_ARCHIVES and
# phaseN_CHECK).
GRADE_PHASES ?= $(PHASES:phase%=%)
grade_needs = $(BIN)/phase$(1)/phase$(1) $(phase$(1)_ARCHIVES) \
              $(phase$(1)_CHECK)
grade-build: $(foreach n,$(GRADE_PHASES),$(call grade_needs,$(n)))

.PHONY: grade grade-all deps-grade grade-build
