#!/usr/bin/env bats
# Phase 4, the heap's exercise 2 (phase4/heap/README.md, "Exercises"):
# merge what the cache holds.  When a medium request finds no free block
# that fits, the thread gives the medium blocks its cache holds back to
# their arenas (where they merge) and searches again, before it maps a new
# region (`allocate` in phase4/heap/heap.c, heap_arena.c's cache,
# heap_medium.c).  A small C program of the check's own, linked with
# phase4/libheap.a, fills a region with 8 blocks of 20000 bytes, a guard
# and two fillers, frees the 8 (they wait in the thread's cache) and asks
# for the sizes it is given.  Fails on the course's code (a new region);
# run it with `make exercise PHASE=4 EX=heap-2`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common
load ../test_helper/exercise

# build_flush_test: $BATS_TEST_TMPDIR/flush_test, compiled as the
# configuration under test compiles (build/<config>/flags).
build_flush_test() {
    cat >"$BATS_TEST_TMPDIR/flush_test.c" <<'C'
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "heap.h"

#define REGION ((uintptr_t)2 << 20) /* a medium region: 2 MiB, aligned */
#define TAG 16                      /* a medium block's boundary tag */

static void print_problem(void *arg, const char *line)
{
    (void)arg;
    printf("heap_check: %s\n", line);
}

int main(int argc, char **argv)
{
    void *blocks[8], *guard, *fill[2], *taken[8];
    struct diag_report r = {.sink = print_problem};
    uintptr_t start, end;
    int n = 0;

    for (int i = 0; i < 8; i++)
        blocks[i] = heap_malloc(20000);
    guard = heap_malloc(20000);
    /* The rest of the region: 1,000,000 bytes, then exactly what is left. */
    start = ((uintptr_t)blocks[0] - TAG) & ~(REGION - 1);
    end = start + REGION;
    fill[0] = heap_malloc(1000000);
    fill[1] = heap_malloc(end - TAG - ((uintptr_t)fill[0] +
                                      heap_usable_size(fill[0])));
    printf("the first region is %s\n",
           (uintptr_t)fill[1] + heap_usable_size(fill[1]) == end ? "full"
                                                                 : "not full");
    for (int i = 0; i < 8; i++)
        heap_free(blocks[i]); /* to the thread's cache, unmerged */
    for (int i = 1; i < argc && n < 8; i++) {
        size_t asked = strtoul(argv[i], NULL, 10);
        uintptr_t p = (uintptr_t)(taken[n++] = heap_malloc(asked));
        printf("malloc(%zu) %s\n", asked,
               p == (uintptr_t)blocks[0]   ? "starts where the first freed block did"
               : p >= start && p < end     ? "takes another place in the first region"
                                           : "goes to another region");
    }
    heap_check(&r);
    printf("heap_check: %d problems\n", r.problems);
    while (n > 0)
        heap_free(taken[--n]);
    heap_free(guard);
    heap_free(fill[0]);
    heap_free(fill[1]);
    return 0;
}
C
    exercise_program flush_test "$BATS_TEST_TMPDIR/flush_test.c" "$HC_BIN/phase4/libheap.a"
}

@test "cache flush: 150000 bytes come from the 8 cached blocks, merged, not from a new region" {
    build_flush_test
    run --separate-stderr hc_exe "$BATS_TEST_TMPDIR/flush_test" 150000
    assert_success
    assert_output "the first region is full
malloc(150000) starts where the first freed block did
heap_check: 0 problems"
}

@test "cache flush: a request the cache can serve as it is still comes from the cache" {
    build_flush_test
    # 20000 bytes: the newest of the 8 from the cache; then the other 7,
    # merged, hold 120000
    run --separate-stderr hc_exe "$BATS_TEST_TMPDIR/flush_test" 20000 120000
    assert_success
    assert_output "the first region is full
malloc(20000) takes another place in the first region
malloc(120000) starts where the first freed block did
heap_check: 0 problems"
}

@test "cache flush: when the merged blocks are not enough, a new region, and they stay merged for the next request" {
    build_flush_test
    run --separate-stderr hc_exe "$BATS_TEST_TMPDIR/flush_test" 300000 150000
    assert_success
    assert_output "the first region is full
malloc(300000) goes to another region
malloc(150000) starts where the first freed block did
heap_check: 0 problems"
}
