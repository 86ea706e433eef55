#!/usr/bin/env bats
# Phase 4, the os_* exercise 1 (phase4/os/README.md, "Exercises"): find
# the block in O(1).  os_free and os_realloc (phase4/os/osmem.c) recognise
# their pointer in a hash set of the live payloads instead of a walk of
# the heap, and count it: the program's `stats` line `os heap` ends with
# "; pointers checked N, looked at M" (N pointers os_free and os_realloc
# checked, M the headers or slots they looked at to do it).  Fails on the
# course's code (no counters); run it with `make exercise PHASE=4 EX=os-1`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

# many_blocks N: a script that allocates N blocks, frees them in the order
# they came (the walk's worst order: each is further down the heap), then
# prints stats and checks.
many_blocks() {
    local i
    for ((i = 1; i <= $1; i++)); do echo "b$i = malloc 24"; done
    for ((i = 1; i <= $1; i++)); do echo "free b$i"; done
    echo stats
    echo check
}

# assert_looked_at_most MAX: the `os heap` line's M is at most MAX.
assert_looked_at_most() {
    local line looked
    line=$(grep '^os heap ' <<<"$output")
    looked=${line##*, looked at }
    [[ $looked =~ ^[0-9]+$ ]] && ((looked <= $1)) ||
        fail "expected at most $1 headers or slots looked at (2 a pointer); the line was: $line"
}

@test "os lookups: a fresh heap has checked nothing" {
    run --separate-stderr phase4 -c 'stats'
    assert_success
    assert_line "os heap        splits: exact fit 0, split 0, rest kept inside 0; lazy merges 0; searched 0; pointers checked 0, looked at 0"
}

@test "os lookups: free and realloc each check their pointer once" {
    run --separate-stderr phase4 -c 'a = malloc 100; realloc a 200; realloc a 50; free a; stats'
    assert_success
    assert_line --regexp '^os heap        .*; pointers checked 3, looked at [0-9]+$'
}

@test "os lookups: 100 blocks freed in order, about one slot a pointer, not a walk of the heap" {
    many_blocks 100 >"$BATS_TEST_TMPDIR/100.hc"
    run --separate-stderr phase4 "$BATS_TEST_TMPDIR/100.hc"
    assert_success
    assert_equal "$stderr" ""
    assert_line --regexp '^os heap        .*; pointers checked 100, looked at [0-9]+$'
    assert_looked_at_most 200
    assert_line "check: ok"
}

@test "os lookups: 3000 live blocks (more than a small static table holds) are still found" {
    many_blocks 3000 >"$BATS_TEST_TMPDIR/3000.hc"
    run --separate-stderr phase4 "$BATS_TEST_TMPDIR/3000.hc"
    assert_success
    assert_equal "$stderr" ""
    assert_line --regexp '^os heap        .*; pointers checked 3000, looked at [0-9]+$'
    assert_looked_at_most 6000
    assert_line "check: ok"
}
