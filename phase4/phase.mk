# Phase 4: split and merge, on phases 1 to 3 (see phase1/phase.mk for what
# the variables mean).
phase4_LIB   := $(phase3_LIB) phase4/chain.c phase4/typed.c
phase4_SRCS  := $(phase3_SRCS) phase4/chain.c phase4/typed.c \
                phase4/typed_commands.c
phase4_MAIN  := phase4/main.c
