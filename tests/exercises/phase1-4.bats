#!/usr/bin/env bats
# Phase 1, exercise 4 (phase1/README.md, "Exercises"): give record pages
# back.  `record_give` (phase1/record.c) unmaps a record page once none of
# its records is in use, keeping at least one page.  Fails on the course's
# code (record pages are never unmapped); run it with
# `make exercise PHASE=1 EX=4`.
#
# With --cache-pages 0 every unmap gives its run's record back.  Records
# are taken in address order, page by page: with K records a page (73 for
# 4096-byte pages; `stats` prints it), runs p1 to pK have their records in
# the first record page and the rest in the second.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

setup() {
    run --separate-stderr phase1 -c stats
    K=$(sed -n 's/^run records .*per record page \([0-9]*\),.*/\1/p' <<<"$output")
    [[ $K =~ ^[0-9]+$ ]] && ((K >= 50 && K < 100)) ||
        fail "cannot read 'per record page K' (50 <= K < 100) from stats: $output"
}

# script FIRST LAST: pN = pages 1 for N from 1 to 100, then unmap pN for N
# from FIRST to LAST (none when FIRST > LAST), then stats and check.
script() {
    local i
    for ((i = 1; i <= 100; i++)); do echo "p$i = pages 1"; done
    for ((i = $1; i <= $2; i++)); do echo "unmap p$i"; done
    echo stats
    echo check
}

# records_after FIRST LAST: run script FIRST LAST without a cache.
records_after() {
    script "$1" "$2" >"$BATS_TEST_TMPDIR/s.hc"
    run --separate-stderr phase1 --cache-pages 0 "$BATS_TEST_TMPDIR/s.hc"
    assert_success
    assert_line 'check: ok'
}

@test "record pages: 100 runs take two record pages" {
    records_after 1 0
    assert_line "run records    in use 100, per record page $K, record pages 2"
}

@test "record pages: once all 100 runs are unmapped, one record page is left" {
    records_after 1 100
    assert_line "run records    in use 0, per record page $K, record pages 1"
}

@test "record pages: the second record page goes back while the first one's records are in use" {
    records_after $((K + 1)) 100
    assert_line "run records    in use $K, per record page $K, record pages 1"
}

@test "record pages: the first record page goes back while the second one's records are in use" {
    records_after 1 "$K"
    assert_line "run records    in use $((100 - K)), per record page $K, record pages 1"
}

@test "record pages: a page with one record in use stays" {
    records_after 2 100
    assert_line "run records    in use 1, per record page $K, record pages 1"
}

@test "record pages: after shrinking, the pool grows again and its records work" {
    local i
    {
        script 1 100 | sed '/^stats$/d; /^check$/d'
        for ((i = 1; i <= 100; i++)); do echo "q$i = pages 1"; done
        for ((i = 1; i <= 50; i++)); do echo "unmap q$i"; done
        echo stats
        echo check
    } >"$BATS_TEST_TMPDIR/s.hc"
    run --separate-stderr phase1 --cache-pages 0 "$BATS_TEST_TMPDIR/s.hc"
    assert_success
    assert_line "run records    in use 50, per record page $K, record pages 2"
    assert_line 'check: ok'
}
