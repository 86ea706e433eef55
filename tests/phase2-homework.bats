#!/usr/bin/env bats
# Phase 2's generated homework (--homework SEED, --solve).

load test_helper/common
load test_helper/homework

@test "phase2 --homework: the same seed gives the same sheet, its golden one" {
    run --separate-stderr phase2 --homework 7
    assert_success
    assert_equal "$stderr" ""
    local first=$output
    run --separate-stderr phase2 --homework 7
    assert_equal "$output" "$first"
    assert_golden phase2/homework-seed7.md
}

@test "phase2 --solve: every answer is what phase2 prints running the same commands" {
    check_answers phase2 7
    check_answers phase2 2 --ops 40 --alloc-percent 55
    check_answers phase2 3 --ops 25 --sizes 100-4096
}

@test "phase2 --solve: the answer key asks what the sheet asks" {
    check_sheet_matches_key phase2 7
    check_sheet_matches_key phase2 4 --ops 12 --alloc-percent 80
}

@test "phase2's lesson ends with a worked homework that is what phase2 prints" {
    check_lesson_homework phase2
}
