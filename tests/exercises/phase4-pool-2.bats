#!/usr/bin/env bats
# Phase 4, the pool's exercise 2 (phase4/pool/README.md, "Exercises"): a
# high-water mark.  The pool (struct pool, palloc and pfree in
# phase4/pool/pool.c) counts the most bytes ever allocated from it at once
# (the sizes palloc reports, summed over the live blocks), and the
# program's `stats` prints it after the pool's lines:
# "pool peak      N bytes allocated at once".  Fails on the course's code
# (no peak); run it with `make exercise PHASE=4 EX=pool-2`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

@test "pool peak: pool.hc peaks with a, b and c live (3 x 1008 bytes), not at its end" {
    run --separate-stderr phase4 "$HC_ROOT/tests/golden/phase4/pool.hc"
    assert_failure 1 # pool.hc's one error: the exhausted pool
    assert_line "e: 2000 bytes at pool offset 64"
    assert_line "pool peak      3024 bytes allocated at once"
}

@test "pool peak: 0 before the first palloc" {
    run --separate-stderr phase4 -c 'pool-init 4096; stats'
    assert_success
    assert_line "pool peak      0 bytes allocated at once"
}

@test "pool peak: a free does not lower it, a new high raises it, a refused palloc does not count" {
    run --separate-stderr phase4 -c 'pool-init 4096; a = palloc 1000; pfree a; b = palloc 100; c = palloc 100; stats'
    assert_success
    assert_line "pool: 8192 bytes, 3 allocations, 1 frees, 2 live, 7808 bytes free in 1 block"
    assert_line "pool peak      1008 bytes allocated at once"
    run --separate-stderr phase4 -c 'pool-init 4096; a = palloc 1000; pfree a; b = palloc 100; c = palloc 100; d = palloc 2000; x = palloc 7000; stats'
    assert_failure 1
    assert_equal "$stderr" "phase4: error: palloc: the pool is exhausted: no free block of 7008 bytes (line 7: x = palloc 7000)"
    assert_line "pool peak      2224 bytes allocated at once"
}

@test "pool peak: a new pool starts again from 0" {
    run --separate-stderr phase4 -c 'pool-init 4096; a = palloc 1000; pool-destroy; pool-init 4096; b = palloc 100; stats'
    assert_success
    assert_line "pool peak      112 bytes allocated at once"
}

@test "pool peak: no line without a pool" {
    run --separate-stderr phase4 -c 'pool-init 4096; a = palloc 1000; pool-destroy; stats'
    assert_success
    assert_line "pool: not initialised"
    refute_line --partial "pool peak"
}
