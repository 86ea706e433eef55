#!/usr/bin/env bats
# Phase 3's heap checker (block_check in phase3/block.c):
# tests/c/block_checker.c breaks each invariant of phase3/block.h on
# purpose, one at a time, and prints what the checker reported.

load test_helper/common

@test "the block checker reports each broken invariant, and nothing once repaired" {
    run --separate-stderr hc_test block_checker
    assert_success
    assert_golden phase3/block_checker.out
    assert_equal "$stderr" ""
}
