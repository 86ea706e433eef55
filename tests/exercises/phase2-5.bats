#!/usr/bin/env bats
# Phase 2, exercise 5 (phase2/README.md, "Exercises"): only C names.
# `name_check` (phase2/family.c) refuses a name that is not a C identifier,
# but accepts `struct NAME`, `union NAME` and `enum NAME` (one space), which
# MM_REG_STRUCT produces.  Fails on the course's code (any printable name
# is accepted); run it with `make exercise PHASE=2 EX=5`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

# refused NAME: with emp_t registered, `register "NAME" 8` prints exactly
# one error line and changes nothing.
refused() {
    local command="register \"$1\" 8"
    run --separate-stderr phase2 -c "register emp_t 36; $command; families; check"
    assert_failure 1
    assert_error_line phase2 2 "$command" \
        "family name '$(regex_quote "$1")' is not a C identifier \(nor struct, union or enum NAME\)"
    assert_output "registered emp_t: 36 bytes, family 0, on family page 0 (page 0)
families: 1 on 1 family page
family page 0 (page 0): 1 of 56 records
    0  emp_t                               36 bytes
check: ok"
}

@test "a name with a space and a punctuation mark is refused: register \"my type!\" 8" {
    refused "my type!"
}

@test "names that are not C identifiers are refused" {
    refused "9lives"
    refused "emp-t"
    refused "my type"
    refused "a.b"
}

@test "struct, union and enum need one space and an identifier after them" {
    refused "struct "
    refused "struct  two_spaces"
    refused "struct a b"
    refused "union 1u"
    refused "class point"
}

@test "C identifiers and struct, union and enum NAME are accepted" {
    run --separate-stderr phase2 -c 'register emp_t 36; register _Tag9 8; register x 1; register "struct student" 72; register "union value" 8; register "enum colour" 4; families; check'
    assert_success
    assert_equal "$stderr" ""
    assert_output --partial "families: 6 on 1 family page
family page 0 (page 0): 6 of 56 records
    0  emp_t                               36 bytes
    1  _Tag9                                8 bytes
    2  x                                    1 bytes
    3  struct student                      72 bytes
    4  union value                          8 bytes
    5  enum colour                          4 bytes
check: ok"
}
