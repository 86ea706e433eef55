#!/usr/bin/env bats
# Phase 4, the pool's exercise 1 (phase4/pool/README.md, "Exercises"): best
# fit.  `pool_init` (phase4/pool/pool.c) gives the pool's chain best fit:
# palloc takes the smallest free block that is large enough, instead of
# the first one in address order.  Fails on the course's code (first fit);
# run it with `make exercise PHASE=4 EX=pool-1`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

# Two free blocks, kept apart by live ones: a's 1008 bytes at offset 64,
# then b's 112 bytes at offset 1184; the region's free rest after t.
setup_pool() {
    echo 'pool-init 4096; a = palloc 1000; s = palloc 16; b = palloc 100; t = palloc 16; pfree a; pfree b'
}

@test "pool best fit: 100 bytes come from the 112-byte block, not from splitting the 1008-byte one" {
    run --separate-stderr phase4 -c "$(setup_pool); c = palloc 100; check"
    assert_success
    assert_output "pool: 8192 bytes at page 0 (2 pages)
a: 1008 bytes at pool offset 64
s: 16 bytes at pool offset 1120
b: 112 bytes at pool offset 1184
t: 16 bytes at pool offset 1344
a: freed, merged with 0 free neighbours
b: freed, merged with 0 free neighbours
c: 112 bytes at pool offset 1184
check: ok"
}

@test "pool best fit: the larger block stays whole for a larger request" {
    run --separate-stderr phase4 -c "$(setup_pool); c = palloc 100; d = palloc 1000; stats"
    assert_success
    assert_line "d: 1008 bytes at pool offset 64"
    assert_line "pool: 8192 bytes, 6 allocations, 2 frees, 4 live, 6784 bytes free in 1 block"
}

@test "pool best fit: when only the larger block fits, it is split" {
    run --separate-stderr phase4 -c "$(setup_pool); c = palloc 200; check"
    assert_success
    assert_line "c: 208 bytes at pool offset 64"
    assert_line "check: ok"
}
