# Benchmarks: `make bench` measures the drop-in malloc (libheap.so) against
# glibc's, jemalloc and mimalloc (Debian's libjemalloc2 and libmimalloc2.0,
# preloaded) on generated traces, real programs and a multi-threaded stress
# at 1 to 8 threads; results in $(BUILD)/bench/ (results.md, raw.tsv,
# *.svg).  Never part of `make check`.  The method: tools/bench/README.md.
#
#   make bench                     full sizes, 5 runs per allocator
#   make bench BENCH_QUICK=1       tiny sizes, to try the harness
#   make bench BENCH_RUNS=9        more runs per allocator
#   make bench BENCH_ONLY='gcc mtstress'   some workloads only
#   make bench BENCH_ALLOCATORS='glibc libheap'   some allocators only
#   BENCH_LIBHEAP=, BENCH_HEAPTRACE=, BENCH_TRACEGEN=  other builds of the tools
#   BENCH_JEMALLOC=, BENCH_MIMALLOC=   other copies of those libraries

BENCH_DIR  := $(BUILD)/bench
BENCH_RUNS ?= 5
BENCH_QUICK ?=
BENCH_ONLY ?=
BENCH_ALLOCATORS ?=
BENCH_JEMALLOC ?=
BENCH_MIMALLOC ?=
BENCH_LIBHEAP   ?= $(BIN)/phase4/libheap.so
BENCH_HEAPTRACE ?= $(BIN)/tools/trace/heaptrace
BENCH_TRACEGEN  ?= $(BIN)/tools/trace/tracegen

# The helpers are tools, not course code: the application flags without
# sanitizers (a sanitizer's runtime refuses to follow an LD_PRELOADed malloc).
BENCH_CFLAGS := $(filter-out $(SAN_FLAGS),$(APP_CFLAGS)) -D_GNU_SOURCE -pthread
BENCH_HELPERS := $(BENCH_DIR)/measure $(BENCH_DIR)/mtstress

$(BENCH_HELPERS): $(BENCH_DIR)/%: tools/bench/%.c $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -o $@ $< -pthread -ldl

# libheap.so, heaptrace and tracegen are built by phase4/heap/heap.mk and
# tools/trace/trace.mk; one named by BENCH_LIBHEAP= (or the others) instead is
# used as it is.
BENCH_TOOLS := $(filter $(BIN)/phase4/libheap.so $(BIN)/tools/trace/heaptrace \
                        $(BIN)/tools/trace/tracegen, \
                 $(BENCH_LIBHEAP) $(BENCH_HEAPTRACE) $(BENCH_TRACEGEN))

ifneq ($(SAN),)
bench:
	@echo "make bench: a sanitized build measures the sanitizer; run it without SAN=1"
	@exit 2
else
bench: deps-bench $(BENCH_TOOLS) $(BENCH_HELPERS)
	@BENCH_BUILD=$(abspath $(BENCH_DIR)) LIBHEAP=$(abspath $(BENCH_LIBHEAP)) \
	HEAPTRACE=$(abspath $(BENCH_HEAPTRACE)) TRACEGEN=$(abspath $(BENCH_TRACEGEN)) \
	MEASURE=$(abspath $(BENCH_DIR)/measure) MTSTRESS=$(abspath $(BENCH_DIR)/mtstress) \
	BENCH_RUNS=$(BENCH_RUNS) BENCH_QUICK=$(BENCH_QUICK) \
	$(if $(BENCH_ONLY),BENCH_ONLY='$(BENCH_ONLY)') \
	$(if $(BENCH_ALLOCATORS),BENCH_ALLOCATORS='$(BENCH_ALLOCATORS)') \
	$(if $(BENCH_JEMALLOC),JEMALLOC=$(abspath $(BENCH_JEMALLOC))) \
	$(if $(BENCH_MIMALLOC),MIMALLOC=$(abspath $(BENCH_MIMALLOC))) \
	  bash tools/bench/run.sh
endif

deps-bench:
	@sh tools/deps.sh bench

.PHONY: bench deps-bench
