# Phase 2: page-family registration, on phase 1's page layer (see
# phase1/phase.mk for what the variables mean).
phase2_LIB   := $(phase1_LIB) phase2/family.c
phase2_SRCS  := $(phase1_SRCS) phase2/family.c phase2/family_commands.c phase2/family_homework.c
phase2_MAIN  := phase2/main.c
phase2_TESTS := family_api family_checker
