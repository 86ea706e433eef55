#!/usr/bin/env bats
# Phase 5, exercise 3 (phase5/README.md, "Exercises"): a translation cache.
# `mems_get` (phase5/mems.c) remembers the PROCESS segment it translated
# last and serves any address inside it without a walk, like a one-entry
# TLB; `mems_free` and `mems_finish` empty it, and the program's `stats`
# (phase5/mems_commands.c) prints the line `translation    cache hits H of
# G` (G: the successful mems_get calls of the `calls` line).  Fails on the
# course's code (no cache, no such line); run it with
# `make exercise PHASE=5 EX=3`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

needs_4096() {
    [[ ${HC_PAGE_SIZE:-4096} == 4096 ]] ||
        skip "expected outputs are for PAGE_SIZE=4096 (this build: $HC_PAGE_SIZE)"
}

@test "the demo hits the cache on 4 of its 6 translations" {
    run --separate-stderr phase5 --strict "$HC_ROOT/phase5/demo.hc"
    assert_success
    assert_line 'calls          mems_malloc 12, mems_free 5, mems_get 6'
    assert_line 'translation    cache hits 4 of 6'
}

@test "any address inside the segment translated last is a hit; another segment is a miss" {
    run --separate-stderr phase5 -c 'a = mems_malloc 100; b = mems_malloc 100; mems_get a; mems_get a 99; mems_get b; mems_get a 50; mems_get b 100; stats'
    # b + 100 is in the HOLE after b: an error, not a translation
    assert_failure 1
    assert_line '1000 -> node 0 offset 0 (page 0 + 0)'
    assert_line '1099 -> node 0 offset 99 (page 0 + 99)'
    assert_line '1100 -> node 0 offset 100 (page 0 + 100)'
    assert_line '1050 -> node 0 offset 50 (page 0 + 50)'
    assert_line 'calls          mems_malloc 2, mems_free 0, mems_get 4'
    assert_line 'translation    cache hits 1 of 4'
}

@test "mems_free empties the cache: a freed segment no longer translates" {
    needs_4096
    run --separate-stderr phase5 -c 'a = mems_malloc 100; mems_get a 10; mems_free 1000; mems_get 1010; b = mems_malloc 100; mems_get b 10; stats'
    assert_failure 1
    assert_equal "$stderr" 'phase5: error: mems_get: virtual address 1010 is inside H[1000:5095] (never allocated, or freed) (line 4: mems_get 1010)'
    assert_line 'translation    cache hits 0 of 2'
}

@test "mems_finish empties the cache: a fresh MeMS starts with no hits" {
    run --separate-stderr phase5 -c 'a = mems_malloc 100; mems_get a; mems_get a 1; mems_finish; mems_init; b = mems_malloc 100; mems_get b 1; stats; check'
    assert_success
    assert_line 'translation    cache hits 0 of 1'
    assert_line 'check: ok'
}

@test "mems_random still agrees with its model" {
    run --separate-stderr hc_test mems_random 1 20000
    assert_success
    assert_output --regexp '^mems_random: seed 1, 20000 operations: .*: ok$'
}
