#!/usr/bin/env bats
# Phase 2: page-family registration (phase2/family.c and the phase2 program).

load test_helper/common

# --- golden scenarios ----------------------------------------------------------

@test "the demo script prints exactly its golden output" {
    run --separate-stderr phase2 --strict "$HC_ROOT/phase2/demo.hc"
    assert_success
    assert_golden phase2/demo.out
    assert_equal "$stderr" ""
}

@test "registering one family: golden families and stats" {
    run_golden phase2 one
    assert_success
    assert_line "registered emp_t: 36 bytes, family 0, on family page 0 (page 0)"
    assert_line "check: ok"
}

@test "registering 200 families fills four family pages: golden families and stats" {
    run_golden phase2 many
    assert_success
    assert_line "family page 0 (page 0): 56 of 56 records"
    assert_line "family page 2 (page 2): 56 of 56 records"
    assert_line "family page 3 (page 3): 32 of 56 records"
    assert_line "family_072: 184 bytes, family 72, on family page 1 (page 1)"
    assert_line "check: ok"
}

@test "a struct of exactly one page is the largest accepted" {
    run_golden phase2 max
    assert_success
    assert_line "largest struct 4096 bytes (the page size)"
}

@test "every bad input in one script: one golden error line each, nothing else changes" {
    run_golden phase2 bad-input
    assert_failure 1
    assert_line "    0  emp_t                               36 bytes"
    assert_line "    1  dept_t                             100 bytes"
    assert_line "check: ok"
}

@test "records per page are computed from the page size, the header and the record" {
    run --separate-stderr phase2 -c 'stats'
    assert_success
    assert_line "records/page   56: (page 4096 - header 32) / record 72 = 56 fit"
    run --separate-stderr phase2 --page-size 8192 -c 'stats'
    assert_success
    assert_line "records/page   113: (page 8192 - header 32) / record 72 = 113 fit"
    assert_line "largest struct 8192 bytes (the page size)"
}

@test "family pages come from the page layer: one mmap per family page" {
    run --separate-stderr phase2 -c 'family-records 2; register a 1; register b 2; register c 3; register d 4; register e 5; stats; check'
    assert_success
    assert_line "family pages   3"
    assert_line "system calls   mmap 3, munmap 0"
    assert_line "check: ok"
}

@test "a lookup finds families on every family page" {
    run --separate-stderr phase2 -c 'family-records 1; register a 1; register b 2; register c 3; lookup a; lookup c; check'
    assert_success
    assert_line "a: 1 bytes, family 0, on family page 0 (page 0)"
    assert_line "c: 3 bytes, family 2, on family page 2 (page 2)"
}

@test "names may hold spaces through quotes, as a stringified struct does" {
    run --separate-stderr phase2 -c 'register "struct emp" 24; lookup "struct emp"; check'
    assert_success
    assert_line "struct emp: 24 bytes, family 0, on family page 0 (page 0)"
}

@test "a name of exactly 31 characters is accepted" {
    run --separate-stderr phase2 -c 'register abcdefghijklmnopqrstuvwxyz_abcd 8; check'
    assert_success
    assert_line "check: ok"
}

@test "the DOT picture shows each family page as a cluster and renders cleanly" {
    run --separate-stderr phase2 -c "family-records 2; register a 8; register b 16; register c 24; dump $BATS_TEST_TMPDIR/f.dot"
    assert_success
    # each family page's title and the edge between them, in
    # tests/golden/phase2/family-pages.parts
    assert_golden_parts phase2/family-pages.parts "$BATS_TEST_TMPDIR/f.dot" \
        'label=<family page [^>]*>' '"fpage[0-9]+" -> "fpage[0-9]+" \[[^]]*\]'
    dot_accepts "$BATS_TEST_TMPDIR/f.dot"
}

@test "the DOT picture of no families renders cleanly" {
    run --separate-stderr phase2 -c "dump $BATS_TEST_TMPDIR/f.dot"
    assert_success
    assert_golden_parts phase2/no-families.parts "$BATS_TEST_TMPDIR/f.dot" 'label=<no [^>]*>'
    dot_accepts "$BATS_TEST_TMPDIR/f.dot"
}

@test "the C API: MM_REG_STRUCT registers structs and every refusal is reported" {
    run --separate-stderr hc_test family_api
    assert_success
    assert_equal "$stderr" ""
    assert_golden phase2/family_api.out
}

# --- bad input: one clear line each, nothing else changes ------------------------

# bad_input COMMAND WHAT-REGEX: with emp_t registered, COMMAND fails with
# exactly one error line, and emp_t and the checker are intact.
bad_input() {
    run --separate-stderr phase2 -c "register emp_t 36; $1; lookup emp_t; families; check"
    assert_failure 1
    assert_error_line phase2 2 "$1" "$2"
    assert_line "emp_t: 36 bytes, family 0, on family page 0 (page 0)"
    assert_line "families: 1 on 1 family page"
    assert_line "check: ok"
}

@test "a duplicate name is refused" {
    bad_input "register emp_t 8" "family 'emp_t' is already registered"
}

@test "a name longer than 31 characters is refused" {
    bad_input "register abcdefghijklmnopqrstuvwxyz_abcde 8" \
        "family name 'abcdefghijklmnopqrstuvwxyz_abcd\.\.\.' is longer than 31 characters"
}

@test "an empty name is refused" {
    bad_input 'register "" 8' "a family name cannot be empty"
}

@test "a name with a control character is refused" {
    bad_input 'register "new\nline" 8' "family name 'new\?line': character 4 is not allowed \(printable ASCII only, no quote or backslash\)"
}

@test "a name with a quote is refused" {
    bad_input 'register "a\"b" 8' "family name 'a\?b': character 2 is not allowed \(printable ASCII only, no quote or backslash\)"
}

@test "size 0 is refused" {
    bad_input "register zero 0" "struct size must be at least 1 byte"
}

@test "a negative size is refused" {
    bad_input "register neg -1" "struct size '-1' is negative"
}

@test "a non-numeric size is refused" {
    bad_input "register word big" "struct size 'big' is not a number"
}

@test "a size larger than a page is refused" {
    bad_input "register big 4097" "struct size 4097 is larger than 4096 bytes, the page size"
}

@test "a size near SIZE_MAX is refused" {
    bad_input "register huge 0xfffffffffffffff0" "struct size 18446744073709551600 is larger than 4096 bytes, the page size"
}

@test "a lookup of an unknown name is refused" {
    bad_input "lookup dept_t" "no family named 'dept_t'"
}

@test "records per page cannot change after the first registration" {
    bad_input "family-records 4" "records per page cannot change once families are registered"
}

@test "records per page beyond what fits is refused" {
    run --separate-stderr phase2 -c 'family-records 57'
    assert_failure 1
    assert_error_line phase2 1 "family-records 57" "57 records do not fit in a page \(at most 56\)"
}
