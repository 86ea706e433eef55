#!/usr/bin/env bats
# Phase 4, exercise 1 (phase4/README.md, "Exercises"): next fit.
# `policy next` (phase4/typed_commands.c) chooses a fourth policy in the
# engine (phase4/chain.c, chain_find): first fit on the address-ordered
# free list, starting where the last search stopped and wrapping around
# once.  Fails on the course's code (no such policy); run it with
# `make exercise PHASE=4 EX=1`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common
load ../test_helper/exercise

# a's 192 bytes at offset 96 are free, h holds 336, the rest of the page
# (from 576) is one free block.
setup_next() {
    echo 'register r 192; a = xcalloc r 1; h = xcalloc r 1; xfree a; policy next'
}

@test "next fit: a search starts after the block the last one took, and wraps round to the list's start" {
    run --separate-stderr phase4 -c "$(setup_next); x = xcalloc r 2; y = xcalloc r 1; w = xcalloc r 14; z = xcalloc r 1; stats; check"
    assert_success
    assert_line 'policy: next fit'
    # x does not fit at 96, so it comes from the rest of the page; y, which
    # would fit at 96, goes on from where x stopped (first fit: 96)
    assert_line 'x: 2 x r at page 1 offset 576, 384 bytes (split)'
    assert_line 'y: 1 x r at page 1 offset 1008, 192 bytes (split)'
    assert_line 'w: 14 x r at page 1 offset 1248, 2688 bytes (soft internal fragmentation)'
    # what is left after w (112 bytes) is too small: round to the start
    assert_line 'z: 1 x r at page 1 offset 96, 192 bytes (exact fit)'
    assert_line 'policy         next fit'
    assert_line 'check: ok'
}

@test "next fit: after an exact fit, the search goes on from the next free block, which first, best and worst fit would not take" {
    # free blocks of 192 (at 96), 768 (576), 384 (1632) and the page's rest
    # (1792 at 2304); x fits exactly at 576; first and best fit would put
    # y at 96, worst fit at the rest
    run --separate-stderr phase4 -c 'register r 192; p = xcalloc r 1; h1 = xcalloc r 1; rr = xcalloc r 4; h2 = xcalloc r 1; s = xcalloc r 2; h3 = xcalloc r 1; xfree p; xfree rr; xfree s; policy next; x = xcalloc r 4; y = xcalloc r 1; check'
    assert_success
    assert_line 'x: 4 x r at page 1 offset 576, 768 bytes (exact fit)'
    assert_line 'y: 1 x r at page 1 offset 1632, 192 bytes (soft internal fragmentation)'
    assert_line 'check: ok'
}

@test "next fit: where the last search stopped may be merged away and its page given back" {
    # t comes from page 1's tail; its rest is merged into t when t is
    # freed, and page 1 goes back (unmapped: no page cache).  The next
    # search must not start in it.
    run --separate-stderr phase4 --cache-pages 0 -c "register r 100; policy next; p = xcalloc r 35; q = xcalloc r 35; s = xcalloc r 1; t = xcalloc r 3; xfree t; xfree p; u = xcalloc r 1; blocks; check"
    assert_success
    assert_line 't: 3 x r at page 1 offset 3648, 304 bytes (soft internal fragmentation)'
    assert_line 'r: page 1 is one free block again, given back to the page layer'
    assert_line 'u: 1 x r at page 2 offset 3808, 112 bytes (split)'
    assert_line 'check: ok'
}

@test "next fit: --fit next starts the program with it" {
    run --separate-stderr phase4 --fit next -c 'register r 16; a = xcalloc r 1; stats'
    assert_success
    assert_line 'policy         next fit'
}

@test "next fit: the lesson's mixed workload ends with check: ok" {
    typed_mixed_workload "policy next" >"$BATS_TEST_TMPDIR/mix.hc"
    run --separate-stderr phase4 --strict "$BATS_TEST_TMPDIR/mix.hc"
    assert_success
    assert_line 'policy: next fit'
    assert_line 'check: ok'
}
