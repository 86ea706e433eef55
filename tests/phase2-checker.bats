#!/usr/bin/env bats
# Phase 2's heap checker (family_check in phase2/family.c):
# tests/c/family_checker.c breaks each invariant of phase2/family.h on
# purpose, one at a time, and prints what the checker reported.

load test_helper/common

@test "the family checker reports each broken invariant, and nothing once repaired" {
    run --separate-stderr hc_test family_checker
    assert_success
    assert_golden phase2/family_checker.out
    assert_equal "$stderr" ""
}
