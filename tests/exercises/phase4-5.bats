#!/usr/bin/env bats
# Phase 4, exercise 5 (phase4/README.md, "Exercises"): external
# fragmentation.  `stats` (typed_print_stats, phase4/typed_commands.c)
# prints, for each family, the share of its free bytes outside its largest
# free block: 1 - largest free / total free.  Fails on the course's code
# (no such line); run it with `make exercise PHASE=4 EX=5`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

@test "external fragmentation: policies.hc before its first request leaves 36.7%" {
    # free blocks of 576, 192, 384 and 1984 bytes: 1 - 1984 / 3136
    sed '/^policy first$/,$d' "$GOLDEN/phase4/policies.hc" >"$BATS_TEST_TMPDIR/frag.hc"
    echo stats >>"$BATS_TEST_TMPDIR/frag.hc"
    run --separate-stderr phase4 --strict "$BATS_TEST_TMPDIR/frag.hc"
    assert_success
    assert_line 'external frag  r: 36.7% (largest free block 1984 of 3136 free bytes)'
}

@test "external fragmentation: one line per family, 0.0% with one free block or none" {
    run --separate-stderr phase4 -c 'register r 400; register s 16; register t 3984; a = xcalloc r 1; b = xcalloc r 1; c = xcalloc r 1; xfree b; d = xcalloc s 1; e = xcalloc t 1; stats'
    assert_success
    # r: free blocks of 400 (b) and 2656 (the rest of the page)
    assert_line 'external frag  r: 13.1% (largest free block 2656 of 3056 free bytes)'
    assert_line 'external frag  s: 0.0% (largest free block 3936 of 3936 free bytes)'
    assert_line 'external frag  t: 0.0% (largest free block 0 of 0 free bytes)'
}
