#!/usr/bin/env bats
# Phase 3, exercise 4 (phase3/README.md, "Exercises"): poison.  Every free
# data block holds 0xdb (phase3/block.c: block_free fills a freed block,
# format_page a new page's blocks), and block_check reports a free block
# whose bytes changed as a use after free.  Fails on the course's code;
# run it with `make exercise PHASE=3 EX=4`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common
load ../test_helper/exercise

setup() {
    exercise_phase_program 3 phase3-4
    run --separate-stderr hc_exe "$BATS_TEST_TMPDIR/phase3-4"
    assert_success
}

@test "poison: a freed block and a block never handed out hold 0xdb; a reused one is zeroed" {
    assert_line "a block never handed out: 0 of 48 bytes are not 0xdb"
    assert_line "a after free: 0 of 48 bytes are not 0xdb"
    assert_line "c, allocated again: 36 of 36 bytes are not 0xdb"
}

@test "poison: the checker reports one use after free for a write through a dangling pointer" {
    assert_line "two structs allocated: 0 problems"
    assert_line "a freed: 0 problems"
    assert_line "a written after free: 1 problem"
    # the problem's line, right before the count, says what it is
    assert_line --regexp '^  .*use after free'
    assert_line "a's byte put back: 0 problems"
    assert_line "c allocated: 0 problems"
    assert_line "all freed: 0 problems"
}
