#!/usr/bin/env bats
# Phase 4's pool (phase4/pool/: pool.c and its commands), a client of the
# chain engine: through the phase4 program and its C API.

load test_helper/common

@test "the pool splits, merges and reports exhaustion: golden output" {
    run_golden phase4 pool
    assert_failure 1
    assert_line "e: 2000 bytes at pool offset 64"
    assert_line 'c @0: "third"'
    assert_line "pool: 4096 bytes, 4 allocations, 2 frees, 2 live, 880 bytes free in 2 blocks"
}

@test "the pool's C API refuses misuse and reports it on standard error" {
    run --separate-stderr hc_test pool_api
    assert_success
    assert_golden phase4/pool_api.out
    local out=$output
    output=$stderr
    assert_golden phase4/pool_api.err
    output=$out
}

@test "a typed block cannot be given to pfree, nor a pool block to xfree" {
    run --separate-stderr phase4 -c 'register r 100; pool-init 1000; t = xcalloc r 1; p = palloc 10; pfree t; xfree p; check'
    assert_failure 1
    assert_equal "$stderr" "phase4: error: pfree: not the start of a block of this pool (line 5: pfree t)
phase4: error: pointer is not in any data page of ours (line 6: xfree p)"
    assert_line "check: ok"
}

@test "pool commands without a pool, or a second pool, are refused" {
    run --separate-stderr phase4 -c 'x = palloc 8'
    assert_failure 1
    assert_error_line phase4 1 "x = palloc 8" "palloc: the pool is not initialised"
    run --separate-stderr phase4 -c 'pool-init 100; pool-init 100'
    assert_failure 1
    assert_error_line phase4 2 "pool-init 100" "the pool exists already \(pool-destroy it first\)"
    run --separate-stderr phase4 -c 'pool-init 0'
    assert_failure 1
    assert_error_line phase4 1 "pool-init 0" "pool_init: a pool holds 1 to 1073741824 bytes, not 0"
}
