#!/usr/bin/env bats
# Phase 5's generated homework (--homework SEED, --solve).

load test_helper/common
load test_helper/homework

@test "phase5 --homework: the same seed gives the same sheet, its golden one" {
    run --separate-stderr phase5 --homework 7
    assert_success
    assert_equal "$stderr" ""
    local first=$output
    run --separate-stderr phase5 --homework 7
    assert_equal "$output" "$first"
    assert_golden phase5/homework-seed7.md
}

@test "phase5 --solve: every answer is what phase5 prints running the same commands" {
    check_answers phase5 7
    check_answers phase5 2 --ops 40 --alloc-percent 55
    check_answers phase5 3 --ops 25 --sizes 2000-9000
}

@test "phase5 --solve: the answer key asks what the sheet asks" {
    check_sheet_matches_key phase5 7
    check_sheet_matches_key phase5 4 --ops 12 --alloc-percent 80
}

@test "phase5's lesson ends with a worked homework that is what phase5 prints" {
    check_lesson_homework phase5
}
