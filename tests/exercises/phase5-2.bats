#!/usr/bin/env bats
# Phase 5, exercise 2 (phase5/README.md, "Exercises"): give nodes back.
# When a free leaves a node one HOLE, `mems_free` (phase5/mems.c) removes
# the node and gives its run back to phase 1 (`page_free`); the program's
# `mems_free` (phase5/mems_commands.c) then prints, after its usual line,
# `gave back node N MAIN[FIRST:LAST]: page P` (as `mapped node` does).
# A middle node's range becomes a gap in the main chain, which
# `mems_check` accepts.  Fails on the course's code (nodes stay mapped);
# run it with `make exercise PHASE=5 EX=2`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

needs_4096() {
    [[ ${HC_PAGE_SIZE:-4096} == 4096 ]] ||
        skip "expected outputs are for PAGE_SIZE=4096 (this build: $HC_PAGE_SIZE)"
}

@test "freeing the only segment gives its node back: its page goes to phase 1's cache" {
    needs_4096
    run --separate-stderr phase5 -c 'a = mems_malloc 100; mems_free a; mems_stats; stats; check'
    assert_success
    assert_line --index 0 'mapped node 0 MAIN[1000:5095]: page 0'
    assert_line --index 1 'a: P[1000:1099] in node 0'
    assert_line --index 2 'a: P[1000:1099] freed, merged with 1 HOLE neighbour: H[1000:5095]'
    assert_line --index 3 'gave back node 0 MAIN[1000:5095]: page 0'
    assert_line $'Pages used:\t0'
    assert_line $'Space unused:\t0'
    assert_line $'Main Chain Length:\t0'
    assert_line 'Sub-chain Length array: []'
    assert_line 'returns        1, pages 1, kept in the cache 1'
    assert_line 'check: ok'
}

@test "a node with a PROCESS segment left stays" {
    needs_4096
    run --separate-stderr phase5 -c 'a = mems_malloc 100; b = mems_malloc 100; mems_free a; mems_stats; check'
    assert_success
    refute_line --partial 'gave back'
    assert_line 'MAIN[1000:5095]-> H[1000:1099] <-> P[1100:1199] <-> H[1200:5095] <-> NULL'
    assert_line 'check: ok'
}

@test "a middle node given back leaves a gap: the others keep their addresses, its addresses are no longer mapped" {
    needs_4096
    run --separate-stderr phase5 -c 'a = mems_malloc 4000; b = mems_malloc 4000; c = mems_malloc 4000; write c 0 "still here"; mems_free b; mems_get 5096; read c 0 10; mems_stats; check'
    assert_failure 1
    assert_line 'gave back node 1 MAIN[5096:9191]: page 1'
    assert_line 'c @0: "still here"'
    assert_line 'MAIN[1000:5095]-> P[1000:4999] <-> H[5000:5095] <-> NULL'
    assert_line 'MAIN[9192:13287]-> P[9192:13191] <-> H[13192:13287] <-> NULL'
    assert_line $'Main Chain Length:\t2'
    assert_line 'check: ok'
    # the address is an error (which words is up to you), not a translation
    refute_line --partial '5096 -> '
    assert_regex "$stderr" '^phase5: error: mems_get: .*5096.* \(line 6: mems_get 5096\)$'
}

@test "mems_maps still passes: mems_finish leaves nothing mapped" {
    if under_valgrind; then
        run --separate-stderr env MAPS_EXACT=0 "$HC_VALGRIND" -q \
            --error-exitcode="$HC_TOOL_STATUS" --leak-check=full \
            "$HC_BUILD/tests/mems_maps"
    else
        run --separate-stderr hc_test mems_maps
    fi
    assert_success
    assert_line ok
}
