#!/usr/bin/env bats
# Phase 1's heap checker (page_check in phase1/page.c, with the record
# pool's record_pool_check): tests/c/page_checker.c breaks each invariant
# of phase1/page.h and phase1/record.h on purpose, one at a time, and
# prints what the checker reported.

load test_helper/common

@test "the page checker reports each broken invariant, and nothing once repaired" {
    run --separate-stderr hc_test page_checker
    assert_success
    assert_golden phase1/page_checker.out
    assert_equal "$stderr" ""
}
