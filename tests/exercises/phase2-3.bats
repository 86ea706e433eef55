#!/usr/bin/env bats
# Phase 2, exercise 3 (phase2/README.md, "Exercises"): give back empty
# pages.  On top of exercise 2 (unregister), `family_unregister`
# (phase2/family.c) unchains a family page that loses its last record and
# gives its run back with page_free; family_check again finds no empty
# page.  Fails on the course's code (no `unregister`); run it with
# `make exercise PHASE=2 EX=3`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

@test "a family page that loses its last record goes back to the page layer" {
    run --separate-stderr phase2 -c 'family-records 2; register a 8; register b 16; register c 24; unregister c; stats; families; check'
    assert_success
    assert_equal "$stderr" ""
    assert_line "family pages   1"
    assert_line "live           runs 1, pages 1, bytes 4096"
    assert_line "returns        1, pages 1, kept in the cache 1"
    assert_output --partial "families: 2 on 1 family page
family page 0 (page 0): 2 of 2 records
    0  a                                    8 bytes
    1  b                                   16 bytes
check: ok"
}

@test "a page that still holds a family stays" {
    run --separate-stderr phase2 -c 'family-records 2; register a 8; register b 16; register c 24; unregister a; stats; check'
    assert_success
    assert_line "family pages   2"
    assert_line "live           runs 2, pages 2, bytes 8192"
    assert_line "returns        0, pages 0, kept in the cache 0"
    assert_line "check: ok"
}

@test "an emptied page in the middle of the chain is unchained; the next page comes from the cache" {
    run --separate-stderr phase2 -c 'family-records 1; register a 8; register b 16; register c 24; unregister b; families; register d 32; stats; check'
    assert_success
    assert_output --partial "unregistered b
families: 2 on 2 family pages
family page 0 (page 0): 1 of 1 records
    0  a                                    8 bytes
family page 1 (page 2): 1 of 1 records
    2  c                                   24 bytes
registered d: 32 bytes, family 3, on family page 2 (page 1)"
    assert_line "requests       4, pages 4, served from the cache 1"
    assert_line "returns        1, pages 1, kept in the cache 1"
    assert_line "check: ok"
}

@test "unregistering every family leaves no family page" {
    run --separate-stderr phase2 --cache-pages 0 -c 'register a 8; register b 16; unregister a; unregister b; families; stats; check'
    assert_success
    assert_line "families: 0 on 0 family pages"
    assert_line "live           runs 0, pages 0, bytes 0"
    assert_line "system calls   mmap 1, munmap 1"
    assert_line "check: ok"
}
