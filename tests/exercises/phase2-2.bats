#!/usr/bin/env bats
# Phase 2, exercise 2 (phase2/README.md, "Exercises"): unregister.
# `family_unregister` (phase2/family.c) and the `unregister NAME` command
# (phase2/family_commands.c) forget a family; the next registration takes
# the first free slot of the chain; `index` is the registration number,
# never reused; family_check's invariants are rewritten to match.  Fails on
# the course's code (no `unregister`); run it with
# `make exercise PHASE=2 EX=2`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

@test "unregister the middle of three families: the fourth takes its slot, check: ok" {
    run --separate-stderr phase2 -c 'register a 8; register b 16; register c 24; unregister b; register d 32; families; check'
    assert_success
    assert_equal "$stderr" ""
    assert_output "registered a: 8 bytes, family 0, on family page 0 (page 0)
registered b: 16 bytes, family 1, on family page 0 (page 0)
registered c: 24 bytes, family 2, on family page 0 (page 0)
unregistered b
registered d: 32 bytes, family 3, on family page 0 (page 0)
families: 3 on 1 family page
family page 0 (page 0): 3 of 56 records
    0  a                                    8 bytes
    3  d                                   32 bytes
    2  c                                   24 bytes
check: ok"
}

@test "an unregistered family is gone: lookup fails, its name can be registered again" {
    run --separate-stderr phase2 -c 'register a 8; register b 16; unregister b; lookup b; register b 40; lookup b; stats; check'
    assert_failure 1
    assert_error_line phase2 4 "lookup b" "no family named 'b'"
    assert_line "registered b: 40 bytes, family 2, on family page 0 (page 0)"
    assert_line "b: 40 bytes, family 2, on family page 0 (page 0)"
    assert_line "families       2"
    assert_line "check: ok"
}

@test "unregistering an unknown family is refused and changes nothing" {
    run --separate-stderr phase2 -c 'register a 8; unregister zz; families; check'
    assert_failure 1
    assert_error_line phase2 2 "unregister zz" "no family named 'zz'"
    assert_output "registered a: 8 bytes, family 0, on family page 0 (page 0)
families: 1 on 1 family page
family page 0 (page 0): 1 of 56 records
    0  a                                    8 bytes
check: ok"
}

@test "the first free slot of the chain is taken: a page before the last may be partly full" {
    run --separate-stderr phase2 -c 'family-records 2; register a 8; register b 16; register c 24; unregister a; check; register d 32; register e 40; families; check'
    assert_success
    assert_output --partial "unregistered a
check: ok
registered d: 32 bytes, family 3, on family page 0 (page 0)
registered e: 40 bytes, family 4, on family page 1 (page 1)
families: 4 on 2 family pages
family page 0 (page 0): 2 of 2 records
    3  d                                   32 bytes
    1  b                                   16 bytes
family page 1 (page 1): 2 of 2 records
    2  c                                   24 bytes
    4  e                                   40 bytes
check: ok"
}
