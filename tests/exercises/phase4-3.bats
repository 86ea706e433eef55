#!/usr/bin/env bats
# Phase 4, exercise 3 (phase4/README.md, "Exercises"): lazy coalescing.
# `merging lazy` (phase4/typed_commands.c) makes the typed allocator free
# without merging (chain_release, phase4/chain.c); when a search finds
# nothing, typed_alloc (phase4/typed.c) merges the free neighbours of the
# family's pages (chain_coalesce) and searches again; a page a merge leaves
# one free block goes back; `merging eager` merges what is left at once.
# Fails on the course's code (no such command); run it with
# `make exercise PHASE=4 EX=3`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common
load ../test_helper/exercise

# a, b and c side by side, then keep; the page's rest (608 bytes) is free.
setup_lazy() {
    echo 'register r 400; merging lazy; a = xcalloc r 1; b = xcalloc r 1; c = xcalloc r 1; keep = xcalloc r 5'
}

@test "lazy merging: a free merges nothing, and free neighbours pass the check" {
    run --separate-stderr phase4 -c "$(setup_lazy); xfree a; xfree c; xfree b; blocks; stats; check"
    assert_success
    assert_line 'merging: lazy'
    assert_line 'b: freed, merged with 0 free neighbours'
    assert_line '    meta @48    data @96      400 bytes  free'
    assert_line '    meta @496   data @544     400 bytes  free'
    assert_line '    meta @944   data @992     400 bytes  free'
    assert_line 'merges         0'
    assert_line 'check: ok'
}

@test "lazy merging: a request no free block fits merges the neighbours and takes their union" {
    run --separate-stderr phase4 -c "$(setup_lazy); xfree a; xfree c; xfree b; d = xcalloc r 3; blocks; stats; check"
    assert_success
    assert_line 'd: 3 x r at page 1 offset 96, 1200 bytes (soft internal fragmentation)'
    assert_line '    meta @1296  data @1344     48 bytes  free'
    assert_line 'merges         2'
    assert_line 'live           runs 2, pages 2, bytes 8192'
    assert_line 'check: ok'
}

@test "lazy merging: a page whose blocks are all free stays until a merge leaves it one block" {
    run --separate-stderr phase4 -c 'register r 400; merging lazy; a = xcalloc r 1; xfree a; usage; b = xcalloc r 10; usage; check'
    assert_success
    refute_line --partial 'given back to the page layer'
    assert_line 'r              TBC 2  FBC 2  OBC 0  AppMemUsage 0 bytes  hard fragmentation 0 bytes  pages 1'
    assert_line 'b: 10 x r at page 1 offset 96, 4000 bytes (exact fit)'
    assert_line 'check: ok'
}

@test "lazy merging: back to eager, the free neighbours merge at once" {
    run --separate-stderr phase4 -c "$(setup_lazy); xfree a; xfree b; merging eager; blocks; stats; check"
    assert_success
    assert_line 'merging: eager'
    assert_line '    meta @48    data @96      848 bytes  free'
    assert_line 'merges         1'
    assert_line 'check: ok'
}

@test "lazy merging: the lesson's mixed workload ends with check: ok" {
    typed_mixed_workload "merging lazy" >"$BATS_TEST_TMPDIR/mix.hc"
    run --separate-stderr phase4 --strict "$BATS_TEST_TMPDIR/mix.hc"
    assert_success
    assert_line 'check: ok'
}
