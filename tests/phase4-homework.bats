#!/usr/bin/env bats
# Phase 4's generated homework (--homework SEED, --solve, --fit).

load test_helper/common
load test_helper/homework

@test "phase4 --homework: the same seed gives the same sheet, its golden one" {
    run --separate-stderr phase4 --homework 7
    assert_success
    assert_equal "$stderr" ""
    local first=$output
    run --separate-stderr phase4 --homework 7
    assert_equal "$output" "$first"
    assert_golden phase4/homework-seed7.md
}

@test "phase4 --solve: every answer is what phase4 prints running the same commands, under each fit" {
    check_answers phase4 7
    check_answers phase4 2 --ops 40 --alloc-percent 55 --fit first
    check_answers phase4 3 --ops 30 --sizes 1-240 --fit best
}

@test "phase4 --solve: the answer key asks what the sheet asks" {
    check_sheet_matches_key phase4 7
    check_sheet_matches_key phase4 4 --ops 12 --alloc-percent 80 --fit first
}

@test "phase4 --fit: the same operations, and the policy decides the answers" {
    run phase4 --homework 11 --ops 20 --fit first
    local first_ops
    first_ops=$(grep '^[0-9]*\. `' <<<"$output")
    assert_line --partial '; first fit.'
    run phase4 --homework 11 --ops 20 --fit best
    assert_equal "$(grep '^[0-9]*\. `' <<<"$output")" "$first_ops"
    run phase4 --homework 11 --ops 20 --fit first --solve
    local first=$output
    run phase4 --homework 11 --ops 20 --fit worst --solve
    [[ $output != "$first" ]] || fail "first and worst fit gave the same answers"
    assert_line '  policy: worst fit'
}

@test "phase4 --fit: a policy it does not know is an error" {
    run --separate-stderr phase4 --fit next --homework 1
    assert_equal "$status $stderr" "2 phase4: error: --fit: unknown policy 'next' (first, best or worst)"
    run --separate-stderr phase4 --fit best -c 'register s 16; a = xcalloc s 2; stats'
    assert_success
    assert_line 'policy         best fit'
}

@test "phase4's lesson ends with a worked homework that is what phase4 prints" {
    check_lesson_homework phase4
}
