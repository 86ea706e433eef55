#!/usr/bin/env bats
# Phase 3, exercise 3 (phase3/README.md, "Exercises"): a free list per
# page.  Each data page keeps its own free list (struct block_page,
# phase3/block.h), the family's data_pages list keeps the pages with free
# blocks in front of the full ones, and block_alloc (phase3/block.c) takes
# the head of the first page's list: a page that gets a free block back
# moves to the front, a page that fills up to the back.  Fails on the
# course's code (one family free list, LIFO); run it with
# `make exercise PHASE=3 EX=3`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

# Two full pages of 1200-byte structs: a, b, c on page 1, d, e, f on page 2.
TWO_PAGES='register r 1200; a = alloc r; b = alloc r; c = alloc r; d = alloc r; e = alloc r; f = alloc r'

@test "per-page free lists: allocation takes from the page that most recently got its first free block back" {
    # e frees page 2 (to the front), a page 1 (to the front, before page
    # 2), f goes on page 2's list, which page 2 already heads
    run --separate-stderr phase3 -c "$TWO_PAGES; free e; free a; free f; g = alloc r; h = alloc r; i = alloc r; check"
    assert_success
    assert_output --partial "e: freed
a: freed
f: freed
g: r at page 1 offset 96, 1200 bytes
h: r at page 2 offset 2592, 1200 bytes
i: r at page 2 offset 1344, 1200 bytes
check: ok"
}

@test "per-page free lists: the pages with free blocks come first in the family's page list" {
    run --separate-stderr phase3 -c "$TWO_PAGES; free e; blocks r; check"
    assert_success
    assert_output --partial "r: struct 1200 bytes, blocks of meta 48 + data 1200, 3 a page, tail 304
  page 2: 3 blocks, 1 free
    meta @48    data @96     1200 bytes  allocated  d
    meta @1296  data @1344   1200 bytes  free
    meta @2544  data @2592   1200 bytes  allocated  f
  page 1: 3 blocks, 0 free
    meta @48    data @96     1200 bytes  allocated  a
    meta @1296  data @1344   1200 bytes  allocated  b
    meta @2544  data @2592   1200 bytes  allocated  c
check: ok"
}

@test "per-page free lists: a page all free still goes back, and comes back formatted afresh" {
    run --separate-stderr phase3 -c "$TWO_PAGES; free d; free e; free f; g = alloc r; stats; check"
    assert_success
    assert_line "r: page 2 all free, given back to the page layer"
    # from phase 1's cache, with what its free list held before
    assert_line "r: formatted page 2 into 3 blocks (meta 48 + data 1200 bytes each, tail 304)"
    assert_line "g: r at page 2 offset 96, 1200 bytes"
    assert_line "returns        1, pages 1, kept in the cache 1"
    assert_line "check: ok"
}
