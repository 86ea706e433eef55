#!/usr/bin/env bats
# Phase 4, the heap's exercise 1 (phase4/heap/README.md, "Exercises"): the
# best block of a bin.  A medium search (`find` in
# phase4/heap/heap_medium.c) takes the smallest fitting block of the
# request's bin, not the first one on it.  A small C program of the
# check's own, linked with phase4/libheap.a, frees three blocks of one bin
# (40960 to 49151 bytes) kept apart by live blocks and says which of them
# a request takes.  Fails on the course's code (the bin's first fitting
# block, the newest); run it with `make exercise PHASE=4 EX=heap-1`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common
load ../test_helper/exercise

# build_bin_test: $BATS_TEST_TMPDIR/bin_test, compiled as the
# configuration under test compiles (build/<config>/flags).
build_bin_test() {
    cat >"$BATS_TEST_TMPDIR/bin_test.c" <<'C'
#include <stdio.h>
#include <stdlib.h>

#include "heap.h"

static void print_problem(void *arg, const char *line)
{
    (void)arg;
    printf("heap_check: %s\n", line);
}

static const size_t sizes[] = {41000, 48000, 44000};
static void *blocks[3];

/* Which of the freed blocks p is, by its size. */
static void say(size_t asked, const void *p)
{
    for (int i = 0; i < 3; i++)
        if (p == blocks[i]) {
            printf("malloc(%zu) takes the %zu-byte block\n", asked, sizes[i]);
            return;
        }
    printf("malloc(%zu) takes none of the freed blocks\n", asked);
}

/* Three free blocks of one bin, apart: freed in argv's order (the bin
 * lists them newest first). */
int main(int argc, char **argv)
{
    void *guards[3], *taken[8];
    struct diag_report r = {.sink = print_problem};
    int n = 0;

    for (int i = 0; i < 3; i++) {
        blocks[i] = heap_malloc(sizes[i]);
        guards[i] = heap_malloc(2000);
    }
    for (const char *c = argv[1]; *c != '\0'; c++)
        heap_free(blocks[*c - '0']);
    for (int i = 2; i < argc && n < 8; i++) {
        size_t asked = strtoul(argv[i], NULL, 10);
        taken[n] = heap_malloc(asked);
        say(asked, taken[n++]);
    }
    heap_check(&r);
    printf("heap_check: %d problems\n", r.problems);
    while (n > 0)
        heap_free(taken[--n]);
    for (int i = 0; i < 3; i++)
        heap_free(guards[i]);
    return 0;
}
C
    exercise_program bin_test "$BATS_TEST_TMPDIR/bin_test.c" "$HC_BIN/phase4/libheap.a"
}

@test "medium best fit: an exact fit is taken, not the bin's newer, larger blocks" {
    build_bin_test
    # freed 41000, then 48000, then 44000: the bin lists 44000 first
    run --separate-stderr hc_exe "$BATS_TEST_TMPDIR/bin_test" 012 41000 42000
    assert_success
    assert_output "malloc(41000) takes the 41000-byte block
malloc(42000) takes the 44000-byte block
heap_check: 0 problems"
}

@test "medium best fit: the smallest block that fits, whatever the order of the frees" {
    build_bin_test
    # freed 44000, 48000, 41000: the bin lists 41000 first, which is too small
    run --separate-stderr hc_exe "$BATS_TEST_TMPDIR/bin_test" 210 42000 41500
    assert_success
    assert_output "malloc(42000) takes the 44000-byte block
malloc(41500) takes the 48000-byte block
heap_check: 0 problems"
}

@test "medium best fit: a request no block of its bin fits goes elsewhere" {
    build_bin_test
    run --separate-stderr hc_exe "$BATS_TEST_TMPDIR/bin_test" 012 48500
    assert_success
    assert_output "malloc(48500) takes none of the freed blocks
heap_check: 0 problems"
}
