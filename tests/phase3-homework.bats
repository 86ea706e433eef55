#!/usr/bin/env bats
# Phase 3's generated homework (--homework SEED, --solve).

load test_helper/common
load test_helper/homework

@test "phase3 --homework: the same seed gives the same sheet, its golden one" {
    run --separate-stderr phase3 --homework 7
    assert_success
    assert_equal "$stderr" ""
    local first=$output
    run --separate-stderr phase3 --homework 7
    assert_equal "$output" "$first"
    assert_golden phase3/homework-seed7.md
}

@test "phase3 --solve: every answer is what phase3 prints running the same commands" {
    check_answers phase3 7
    check_answers phase3 2 --ops 40 --alloc-percent 55
    check_answers phase3 3 --ops 25 --sizes 1000-4000
}

@test "phase3 --solve: the answer key asks what the sheet asks" {
    check_sheet_matches_key phase3 7
    check_sheet_matches_key phase3 4 --ops 12 --alloc-percent 80
}

@test "phase3's lesson ends with a worked homework that is what phase3 prints" {
    check_lesson_homework phase3
}
