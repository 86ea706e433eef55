#!/usr/bin/env bats
# Phase 3, exercise 1 (phase3/README.md, "Exercises"): a magic number.
# format_page (phase3/block.c) puts BLOCK_MAGIC (phase3/block.h) in every
# meta block's `unused` field, block_check expects it there, and
# block_free knows a block by it instead of walking the registry: so a
# meta block forged with the magic is taken for a block.  Fails on the
# course's code; run it with `make exercise PHASE=3 EX=1`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common
load ../test_helper/exercise

setup() {
    exercise_phase_program 3 phase3-1
    run --separate-stderr hc_exe "$BATS_TEST_TMPDIR/phase3-1"
    assert_success
}

@test "magic: every meta block formatted holds BLOCK_MAGIC, and the checker accepts it" {
    refute_line "BLOCK_MAGIC: phase3/block.h does not define it"
    assert_line "a's meta block holds BLOCK_MAGIC: yes"
    assert_line "the free block after b holds BLOCK_MAGIC: yes"
    assert_line "with the magic in place: 0 problems"
    assert_line "all freed: 0 problems"
}

@test "magic: a forged meta block with the magic is accepted by block_free, and its stack memory handed out" {
    assert_line "a forged meta block with the magic, on the stack: accepted"
    assert_line "the next allocation hands out: the forged block on the stack"
}

@test "magic: NULL, pointers without the magic and a double free are still refused" {
    assert_line "NULL: refused"
    assert_line "a stack array without the magic: refused"
    assert_line "a pointer 16 bytes into a: refused"
    assert_line "a: accepted"
    assert_line "a again: refused"
    assert_line "b: accepted"
}
