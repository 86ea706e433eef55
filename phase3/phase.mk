# Phase 3: meta blocks and data blocks, on phases 1 and 2 (see
# phase1/phase.mk for what the variables mean).
phase3_LIB   := $(phase2_LIB) phase3/block.c
phase3_SRCS  := $(phase2_SRCS) phase3/block.c phase3/block_commands.c phase3/block_homework.c
phase3_MAIN  := phase3/main.c
phase3_TESTS := block_api block_checker
