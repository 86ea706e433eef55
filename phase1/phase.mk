# Phase 1: pages from the kernel.
#   phase1_LIB   the library modules (no stdio, no malloc): later phases and
#                C test programs link these
#   phase1_SRCS  everything the phase1 program is built from, but main.c
phase1_LIB  := phase1/record.c phase1/page.c
phase1_SRCS := $(phase1_LIB) phase1/page_commands.c phase1/page_homework.c
phase1_MAIN := phase1/main.c
phase1_TESTS := page_checker
