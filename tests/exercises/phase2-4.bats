#!/usr/bin/env bats
# Phase 2, exercise 4 (phase2/README.md, "Exercises"): sort by size.
# `families --by-size` (cmd_families in phase2/family_commands.c) lists the
# families from the smallest to the largest, equal sizes in registration
# order, without moving a record.  Fails on the course's code (`families`
# takes no argument); run it with `make exercise PHASE=2 EX=4`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

# The demo's five families, three to a family page.
demo_families() {
    echo 'family-records 3; register emp_t 36; register dept_t 100; register "struct student" 72; register node_t 24; register list_t 16'
}

@test "families --by-size lists the demo's families from the smallest to the largest" {
    run --separate-stderr phase2 -c "$(demo_families); families --by-size"
    assert_success
    assert_equal "$stderr" ""
    assert_output --partial "families: 5 by size
    4  list_t                              16 bytes
    3  node_t                              24 bytes
    0  emp_t                               36 bytes
    2  struct student                      72 bytes
    1  dept_t                             100 bytes"
}

@test "families --by-size moves no record: families and check are as before" {
    run --separate-stderr phase2 -c "$(demo_families); families --by-size; families; check"
    assert_success
    assert_output --partial "families: 5 on 2 family pages
family page 0 (page 0): 3 of 3 records
    0  emp_t                               36 bytes
    1  dept_t                             100 bytes
    2  struct student                      72 bytes
family page 1 (page 1): 2 of 3 records
    3  node_t                              24 bytes
    4  list_t                              16 bytes
check: ok"
}

@test "families --by-size keeps equal sizes in registration order" {
    run --separate-stderr phase2 -c 'register b 8; register a 4; register c 8; register d 4; families --by-size'
    assert_success
    assert_output --partial "families: 4 by size
    1  a                                    4 bytes
    3  d                                    4 bytes
    0  b                                    8 bytes
    2  c                                    8 bytes"
}

@test "families --by-size with no family lists none" {
    run --separate-stderr phase2 -c 'families --by-size'
    assert_success
    assert_output "families: 0 by size"
}
