#!/usr/bin/env bats
# Phase 2, exercise 6 (phase2/README.md, "Exercises"): phase 1's record
# pool.  A `family-pool` command (phase2/family_commands.c) makes the
# registry (phase2/family.c) keep its records in a struct record_pool
# (phase1/record.h) instead of family pages: the page layer hands out
# nothing.  Fails on the course's code (no `family-pool`); run it with
# `make exercise PHASE=2 EX=6`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

@test "family-pool, then many.hc's 200 families: nothing from the page layer, lookups and check as before" {
    { echo 'family-pool'; cat "$HC_ROOT/tests/golden/phase2/many.hc"; } >"$BATS_TEST_TMPDIR/pool.hc"
    run --separate-stderr phase2 "$BATS_TEST_TMPDIR/pool.hc"
    assert_success
    assert_equal "$stderr" ""
    assert_line --index 0 "family records will come from a record pool"
    assert_line --regexp '^family_000: 8 bytes, family 0(,|$)'
    assert_line --regexp '^family_072: 184 bytes, family 72(,|$)'
    assert_line --regexp '^family_199: 400 bytes, family 199(,|$)'
    assert_line "families       200"
    assert_line "live           runs 0, pages 0, bytes 0"
    assert_line "requests       0, pages 0, served from the cache 0"
    assert_line "system calls   mmap 0, munmap 0"
    assert_line "check: ok"
}

@test "in the record pool, families lists the families in registration order" {
    run --separate-stderr phase2 -c 'family-pool; register b 16; register a 8; register "struct c" 4; families; check'
    assert_success
    assert_line "check: ok"
    # the listing's family lines, whatever its header says
    assert_equal "$(printf '%s\n' "$output" | grep -E '^ +[0-9]+  ')" \
"    0  b                                   16 bytes
    1  a                                    8 bytes
    2  struct c                             4 bytes"
}

@test "in the record pool, duplicates are refused and unknown names not found" {
    run --separate-stderr phase2 -c 'family-pool; register emp_t 36; register emp_t 8; lookup nobody; check'
    assert_failure 1
    assert_equal "$stderr" "phase2: error: family 'emp_t' is already registered (line 3: register emp_t 8)
phase2: error: no family named 'nobody' (line 4: lookup nobody)"
    assert_line "check: ok"
}

@test "family-pool after a register is refused, and the records stay in family pages" {
    run --separate-stderr phase2 -c 'register a 8; family-pool; stats; check'
    assert_failure 1
    assert_error_line phase2 2 "family-pool" ".+"
    assert_line "family pages   1"
    assert_line "live           runs 1, pages 1, bytes 4096"
    assert_line "check: ok"
}
