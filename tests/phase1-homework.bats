#!/usr/bin/env bats
# Phase 1's generated homework (phase1/page_homework.c), and the options
# every phase's --homework shares (common/script_homework.c).

load test_helper/common
load test_helper/homework

@test "phase1 --homework: the same seed gives the same sheet, its golden one" {
    run --separate-stderr phase1 --homework 7
    assert_success
    assert_equal "$stderr" ""
    local first=$output
    run --separate-stderr phase1 --homework 7
    assert_equal "$output" "$first"
    assert_golden phase1/homework-seed7.md
}

@test "phase1 --solve: every answer is what phase1 prints running the same commands" {
    check_answers phase1 7
    check_answers phase1 2 --ops 40 --alloc-percent 55 --sizes 1-6
    check_answers phase1 3 --ops 25 --cache-pages 3
}

@test "phase1 --solve: the answer key asks what the sheet asks" {
    check_sheet_matches_key phase1 7
    check_sheet_matches_key phase1 4 --ops 12 --page-size 8192
}

@test "--ops, --alloc-percent and --sizes shape the homework" {
    run phase1 --homework 5 --ops 6 --alloc-percent 100 --sizes 3-3
    assert_success
    # six allocations of 3 pages, then the two looks
    assert_equal "$(grep -c '^[0-9]*\. `[a-z] = pages 3`$' <<<"$output")" 6
    assert_equal "$(grep -c '^[0-9]*\. `' <<<"$output")" 8
    assert_line "6 operations, 100% of them allocations, sizes 3 to 3 pages; page size $(getconf PAGESIZE) bytes; the cache keeps up to 8 pages."
    run phase1 --homework 5 --ops 4 --alloc-percent 0
    # nothing is live at first, so the first step allocates; then frees only
    assert_equal "$(grep '^[0-9]*\. `' <<<"$output")" '1. `a = pages 1`
2. `unmap a`
3. `b = pages 2`
4. `unmap b`
5. `cache`
6. `stats` (its `system calls` line)'
}

@test "different seeds give different homework" {
    run phase1 --homework 1
    local one=$output
    run phase1 --homework 2
    [[ $output != "$one" ]] || fail "seeds 1 and 2 gave the same homework"
}

@test "a homework's sheet tells how to get its answers, options included" {
    run phase1 --homework 9 --ops 4 --cache-pages 2
    assert_success
    assert_line 'Predict the answer to each question, then check: `phase1 --homework 9 --ops 4 --alloc-percent 60 --sizes 1-4 --cache-pages 2 --solve`.'
}

@test "--solve --frames DIR draws the answers step by step" {
    run phase1 --homework 7 --solve --frames "$BATS_TEST_TMPDIR/frames"
    assert_success
    # 10 operations change the state (pages, unmap); the looks do not
    run ls "$BATS_TEST_TMPDIR/frames"
    assert_equal "$(grep -c '\.dot$' <<<"$output")" 10
    assert_line '001-pages.dot'
    assert_file_exists "$BATS_TEST_TMPDIR/frames/steps.js"
}

@test "bad --homework options: one error line each, status 2, nothing printed" {
    local -a cases=(
        "--homework x|phase1: error: --homework: SEED 'x' is not a number"
        "--homework|phase1: error: option '--homework' needs a value"
        "--homework 18446744073709551616|phase1: error: --homework: SEED '18446744073709551616' is too large"
        "--homework 1 --ops 0|phase1: error: --ops: 0 operations: from 1 to 1000"
        "--homework 1 --ops 1001|phase1: error: --ops: 1001 operations: from 1 to 1000"
        "--homework 1 --alloc-percent 101|phase1: error: --alloc-percent: 101%: a percentage is 0 to 100"
        "--homework 1 --sizes 5-2|phase1: error: --sizes: sizes 5-2: need 1 <= MIN <= MAX"
        "--homework 1 --sizes 0-3|phase1: error: --sizes: sizes 0-3: need 1 <= MIN <= MAX"
        "--homework 1 --sizes abc|phase1: error: --sizes: 'abc' is not MIN-MAX (two sizes and a dash)"
        "--homework 1 --sizes 3-|phase1: error: --sizes: MAX '' is not a number"
        "--homework 1 --sizes 1-65|phase1: error: --sizes: MAX 65 is more than this phase's homework allows (64 pages)"
        "--solve|phase1: error: --solve needs --homework SEED"
        "--ops 3|phase1: error: --ops, --alloc-percent and --sizes need --homework SEED"
        "--homework 1 -c stats|phase1: error: --homework makes its own commands: give no SCRIPT and no -c"
        "--homework 1 --frames $BATS_TEST_TMPDIR/f|phase1: error: --frames draws the answers: add --solve"
    )
    local c args
    for c in "${cases[@]}"; do
        read -ra args <<<"${c%%|*}"
        run --separate-stderr phase1 "${args[@]}"
        assert_equal "$status $stderr" "2 ${c#*|}"
        assert_equal "$output" ""
    done
}

@test "--help lists the homework options" {
    run phase1 --help
    assert_success
    assert_line '  --homework SEED        print a homework: operations to predict, a question each'
    assert_line '  --sizes MIN-MAX        with --homework: sizes drawn (default 1-4 pages)'
}

@test "phase1's lesson ends with a worked homework that is what phase1 prints" {
    check_lesson_homework phase1
}
