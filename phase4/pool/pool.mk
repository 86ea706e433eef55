# The bounded pool (phase4/pool/README.md), a client of phase 4's chain
# engine; included by phase4/phase.mk.  Its header keeps its old path too:
# phase4/pool.h includes phase4/pool/pool.h.
phase4_LIB   += phase4/pool/pool.c
phase4_SRCS  += phase4/pool/pool.c phase4/pool/pool_commands.c
phase4_TESTS += pool_api pool_checker
