# Phase 1: pages from the kernel.  Modules later phases link: phase1_SRCS.
phase1_SRCS := phase1/record.c phase1/page.c phase1/page_commands.c
phase1_MAIN := phase1/main.c
