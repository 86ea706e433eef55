#!/usr/bin/env bats
# Phase 1, exercise 3 (phase1/README.md, "Exercises"): zero on reuse.
# The pages `page_alloc` (phase1/page.c) takes from the cache are cleared,
# so they read as `\0` like the pages of a new mapping.  Fails on the
# course's code (a cached page keeps what its last user wrote); run it
# with `make exercise PHASE=1 EX=3`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

@test "zero on reuse: a cached page taken whole reads as zeros" {
    run --separate-stderr phase1 -c 'a = pages 1; write a 10 secret; unmap a; b = pages 1; read b 10 6; check'
    assert_success
    assert_line 'b: page 0 (1 page, 4096 bytes), from the cache'
    assert_line 'b @10: "\0\0\0\0\0\0"'
    assert_line 'check: ok'
}

@test "zero on reuse: both pieces of a split cached run read as zeros, to their last byte" {
    run --separate-stderr phase1 -c 'a = pages 3; write a 0 first; write a 4096 mid; write a 12287 z; unmap a; b = pages 1; read b 0 5; c = pages 2; read c 0 3; read c 8191 1; check'
    assert_success
    assert_output 'a: pages 0-2 (3 pages, 12288 bytes), new mapping
a: wrote 5 bytes at offset 0
a: wrote 3 bytes at offset 4096
a: wrote 1 byte at offset 12287
a: pages 0-2 kept in the cache
b: page 0 (1 page, 4096 bytes), from the cache
b @0: "\0\0\0\0\0"
c: pages 1-2 (2 pages, 8192 bytes), from the cache
c @0: "\0\0\0"
c @8191: "\0"
check: ok'
}

@test "zero on reuse: the demo's read c 0 12 shows only \\0" {
    run --separate-stderr phase1 --strict "$HC_ROOT/phase1/demo.hc"
    assert_success
    assert_line 'c: page 2 (1 page, 4096 bytes), from the cache'
    assert_line 'c @0: "\0\0\0\0\0\0\0\0\0\0\0\0"'
}

@test "zero on reuse: what is written after the reuse stays" {
    run --separate-stderr phase1 -c 'a = pages 1; write a 0 old; unmap a; b = pages 1; write b 1 new; read b 0 4'
    assert_success
    assert_line 'b @0: "\0new"'
}
