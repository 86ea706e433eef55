#!/usr/bin/env bats
# Phase 3, exercise 5 (phase3/README.md, "Exercises"): internal
# fragmentation.  `stats` (block_print_stats in phase3/block_commands.c)
# prints a third line per family: its whole overhead (page headers, meta
# blocks, the allocated structs' padding and the tails) in bytes and as a
# percentage of its page bytes.  Fails on the course's code (no such line);
# run it with `make exercise PHASE=3 EX=5`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

# allocs N: N allocations of emp_t, labelled a1..aN
allocs() {
    local i
    for ((i = 1; i <= $1; i++)); do printf 'a%d = alloc emp_t; ' "$i"; done
}

@test "overhead: a full page of emp_t, 42 allocated blocks" {
    run --separate-stderr phase3 -c "register emp_t 36; $(allocs 42) stats"
    assert_success
    assert_line 'emp_t          pages 1, blocks 42 (allocated 42, free 0), meta bytes 2016, data bytes 2016, tail bytes 16'
    assert_line '               structs in use 1512 bytes, 36.9% of its 4096 page bytes; padding 504 bytes'
    assert_line '               overhead 2584 bytes, 63.1% of its 4096 page bytes: headers 48, meta blocks 2016, padding 504, tails 16'
}

@test "overhead: free blocks' meta blocks count, their data does not" {
    run --separate-stderr phase3 -c "register emp_t 36; $(allocs 2) stats"
    assert_success
    assert_line '               overhead 2104 bytes, 51.4% of its 4096 page bytes: headers 48, meta blocks 2016, padding 24, tails 16'
}

@test "overhead: two pages of big_t, and a family without pages" {
    run --separate-stderr phase3 -c 'register big_t 2100; register none 8; b1 = alloc big_t; b2 = alloc big_t; stats'
    assert_success
    # each family's three lines, the overhead right after its structs
    assert_output --partial 'big_t          pages 2, blocks 2 (allocated 2, free 0), meta bytes 96, data bytes 4224, tail bytes 3776
               structs in use 4200 bytes, 51.3% of its 8192 page bytes; padding 24 bytes
               overhead 3992 bytes, 48.7% of its 8192 page bytes: headers 96, meta blocks 96, padding 24, tails 3776
none '
    assert_output --partial 'none           pages 0, blocks 0 (allocated 0, free 0), meta bytes 0, data bytes 0, tail bytes 0
               structs in use 0 bytes, 0.0% of its 0 page bytes; padding 0 bytes
               overhead 0 bytes, 0.0% of its 0 page bytes: headers 0, meta blocks 0, padding 0, tails 0
families '
}
