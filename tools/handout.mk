# tools/handout.mk - student handouts from the course's own sources
# (README.md, "Handouts"; the tool and the region syntax: tools/handout.py).
#   make handout PHASE=N OUT=DIR   phase N's student tree in DIR
#   make handout                   every phase's, in build/handout/phaseN/
# A given OUT must not exist or be empty; the default trees are replaced.
# tests/handout.bats proves each handout builds, passes the earlier phases'
# tests, fails its own, and restores to the course's files exactly.

PYTHON ?= python3
OUT    ?=

handout:
	@test -n "$(PHASE)" -o -z "$(OUT)" || \
	  { echo "make handout: OUT=$(OUT) needs PHASE=N (one tree per phase)"; exit 2; }
	@$(foreach n,$(or $(PHASE),$(PHASES:phase%=%)),\
	  $(if $(OUT),,rm -rf build/handout/phase$(n) &&) \
	  $(PYTHON) tools/handout.py make $(n) $(or $(OUT),build/handout/phase$(n)) &&) true

.PHONY: handout
