#!/usr/bin/env bats
# Phase 5, exercise 1 (phase5/README.md, "Exercises"): best fit.
# `mems_malloc` (phase5/mems.c) takes the smallest HOLE that fits, over
# all nodes, instead of the first one.  Fails on the course's code (first
# fit); run it with `make exercise PHASE=5 EX=1`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

needs_4096() {
    [[ ${HC_PAGE_SIZE:-4096} == 4096 ]] ||
        skip "expected outputs are for PAGE_SIZE=4096 (this build: $HC_PAGE_SIZE)"
}

@test "best fit: 500 bytes take the 596-byte HOLE, not the 3000-byte one before it" {
    needs_4096
    run --separate-stderr phase5 -c 'a = mems_malloc 3000; b = mems_malloc 500; mems_free a; e = mems_malloc 500; mems_stats; check'
    assert_success
    assert_output 'mapped node 0 MAIN[1000:5095]: page 0
a: P[1000:3999] in node 0
b: P[4000:4499] in node 0
a: P[1000:3999] freed, merged with 0 HOLE neighbours: H[1000:3999]
e: P[4500:4999] in node 0
----- MeMS SYSTEM STATS -----
MAIN[1000:5095]-> H[1000:3999] <-> P[4000:4499] <-> P[4500:4999] <-> H[5000:5095] <-> NULL
Pages used:	1
Space unused:	3096
Main Chain Length:	1
Sub-chain Length array: [4, ]
-----------------------------
check: ok'
}

@test "best fit looks over all nodes: a smaller HOLE in a later node wins" {
    needs_4096
    # node 0 keeps a HOLE of 1096 bytes, node 1 one of 596
    run --separate-stderr phase5 -c 'a = mems_malloc 3000; b = mems_malloc 3500; c = mems_malloc 500; check'
    assert_success
    assert_line 'b: P[5096:8595] in node 1'
    assert_line 'c: P[8596:9095] in node 1'
    assert_line 'check: ok'
}

@test "best fit: an exact fit is taken, and no HOLE that fits means a new node" {
    needs_4096
    run --separate-stderr phase5 -c 'a = mems_malloc 3000; b = mems_malloc 3000; c = mems_malloc 1096; d = mems_malloc 1097; mems_stats'
    assert_success
    assert_line 'c: P[4000:5095] in node 0'
    assert_line 'mapped node 2 MAIN[9192:13287]: page 2'
    assert_line 'd: P[9192:10288] in node 2'
}
