#!/usr/bin/env bats
# Phase 5, exercise 7 (phase5/README.md, "Exercises"): aligned segments.
# `mems_malloc` (phase5/mems.c) rounds every size up to a multiple of 8
# bytes, so every segment's virtual and real address is 8-aligned;
# P[..] shows the rounded size.  Fails on the course's code (exact
# sizes); run it with `make exercise PHASE=5 EX=7`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

needs_4096() {
    [[ ${HC_PAGE_SIZE:-4096} == 4096 ]] ||
        skip "expected outputs are for PAGE_SIZE=4096 (this build: $HC_PAGE_SIZE)"
}

hide_real_address() { sed -E 's/(real address: )[0-9]+$/\1REAL/'; }

@test "sizes are rounded up to 8 bytes: 1, 3 and 13 bytes take 8, 8 and 16" {
    needs_4096
    run --separate-stderr phase5 -c 'a = mems_malloc 1; b = mems_malloc 3; c = mems_malloc 13; d = mems_malloc 16; mems_stats; check'
    assert_success
    assert_output 'mapped node 0 MAIN[1000:5095]: page 0
a: P[1000:1007] in node 0
b: P[1008:1015] in node 0
c: P[1016:1031] in node 0
d: P[1032:1047] in node 0
----- MeMS SYSTEM STATS -----
MAIN[1000:5095]-> P[1000:1007] <-> P[1008:1015] <-> P[1016:1031] <-> P[1032:1047] <-> H[1048:5095] <-> NULL
Pages used:	1
Space unused:	4048
Main Chain Length:	1
Sub-chain Length array: [5, ]
-----------------------------
check: ok'
}

@test "after odd sizes, every segment's real address is 8-aligned (--raw)" {
    run --separate-stderr phase5 --raw -c 'a = mems_malloc 3; b = mems_malloc 5; c = mems_malloc 1; d = mems_malloc 7; mems_get b; mems_get c; mems_get d'
    assert_success
    local -a real
    mapfile -t real < <(printf '%s\n' "$output" | sed -n 's/.* at 0x\([0-9a-f]*\)$/\1/p')
    assert_equal "${#real[@]}" 3
    local r
    for r in "${real[@]}"; do
        assert_equal "0x$r % 8 = $((16#$r % 8))" "0x$r % 8 = 0"
    done
}

@test "a size of 8 bytes or a multiple is not rounded: the demo and the example are unchanged" {
    needs_4096
    run --separate-stderr phase5 --strict "$HC_ROOT/phase5/demo.hc"
    assert_success
    assert_golden phase5/demo.out
    run --separate-stderr hc_test mems_example_p4096
    assert_success
    output=$(printf '%s\n' "$output" | hide_real_address)
    assert_golden phase5/example-4096.out
}
