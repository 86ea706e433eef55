#!/usr/bin/env bats
# Phase 2, exercise 1 (phase2/README.md, "Exercises"): hash the names.
# `find_family` (phase2/family.c) finds a name through a hash table kept
# beside the chain (no malloc) instead of walking every record, and `stats`
# counts the names it compares (a line `name compares  N` after
# `largest struct`, from family_print_stats in phase2/family_commands.c).
# Fails on the course's code (no such line, and a walk compares millions);
# run it with `make exercise PHASE=2 EX=1`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

@test "stats counts the names compared: none before any lookup, one to find the only family" {
    run --separate-stderr phase2 -c 'stats'
    assert_success
    assert_output --partial "largest struct 4096 bytes (the page size)
name compares  0
page size"
    run --separate-stderr phase2 -c 'register a 8; lookup a; stats'
    assert_success
    assert_line "name compares  1"
}

@test "2000 registrations and 2000 lookups compare at most 10000 names (a walk: 4 million)" {
    awk 'BEGIN { for (i = 0; i < 2000; i++) print "register f" i " 8";
                 for (i = 0; i < 2000; i++) print "lookup f" i;
                 print "stats"; print "check" }' >"$BATS_TEST_TMPDIR/many.hc"
    run --separate-stderr phase2 "$BATS_TEST_TMPDIR/many.hc"
    assert_success
    assert_line "f1999: 8 bytes, family 1999, on family page 35 (page 35)"
    # from here on, only what stats and check printed (a failure shows it)
    output=$(printf '%s\n' "$output" | sed -n '/^families  /,$p')
    assert_line "families       2000"
    assert_line "check: ok"
    assert_line --regexp '^name compares +[0-9]+$'
    local compares
    compares=$(printf '%s\n' "$output" | sed -n 's/^name compares *//p')
    ((compares <= 10000)) ||
        fail "name compares $compares: expected at most 10000 for 2000 registrations and 2000 lookups (about one a command)"
}

@test "duplicates are still refused and unknown names still not found" {
    run --separate-stderr phase2 -c 'register emp_t 36; register dept_t 8; register emp_t 8; lookup nobody; lookup dept_t; check'
    assert_failure 1
    assert_equal "$stderr" "phase2: error: family 'emp_t' is already registered (line 3: register emp_t 8)
phase2: error: no family named 'nobody' (line 4: lookup nobody)"
    assert_line "dept_t: 8 bytes, family 1, on family page 0 (page 0)"
    assert_line "check: ok"
}

@test "no other output changes: 200 families print their golden output, less the new stats line" {
    run --separate-stderr phase2 "$HC_ROOT/tests/golden/phase2/many.hc"
    assert_success
    assert_equal "$(printf '%s\n' "$output" | grep -v '^name compares')" \
        "$(grep -v '^name compares' "$HC_ROOT/tests/golden/phase2/many.out")"
}
