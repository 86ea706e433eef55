#!/usr/bin/env bats
# Phase 5, exercise 4 (phase5/README.md, "Exercises"): node numbers by index.
# An array from node index to node (struct mems_state, mapped pages that
# double when full) and an `index` field in each node: the program's
# node numbers read the field, and `main_chain_find` (phase5/main_chain.c)
# becomes a binary search on vstart.  The program's `stats` prints the
# line `lookups        L, nodes compared C`: main_chain_find's calls and
# the nodes whose range they compared an address with.  Fails on the
# course's code (a walk, no such line); run it with
# `make exercise PHASE=5 EX=4`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

# N one-page nodes (n1 .. nN), stats, then 100 translations in the last
# node, stats again.
many_nodes_script() {
    local i
    for ((i = 1; i <= $1; i++)); do echo "n$i = mems_malloc $2"; done
    echo stats
    for ((i = 0; i < 100; i++)); do echo "mems_get n$1 100"; done
    echo stats
}

@test "with 512 nodes, a lookup compares at most 10 nodes (a binary search), not 512" {
    many_nodes_script 512 "${HC_PAGE_SIZE:-4096}" >"$BATS_TEST_TMPDIR/many.hc"
    run --separate-stderr phase5 --strict "$BATS_TEST_TMPDIR/many.hc"
    assert_success
    assert_line --regexp '^mapped node 511 MAIN\[[0-9]+:[0-9]+\]: page 511$'
    assert_line --regexp '^n512: P\[[0-9]+:[0-9]+\] in node 511$'
    assert_line --regexp '^[0-9]+ -> node 511 offset 100 \(page 511 \+ 100\)$'
    # only the statistics that count, so that a failure shows them
    output=$(printf '%s\n' "$output" | grep -E '^(calls|lookups) ')
    assert_line --regexp '^lookups +[0-9]+, nodes compared [0-9]+$'
    local -a l c
    mapfile -t l < <(printf '%s\n' "$output" | sed -n 's/^lookups *\([0-9]*\),.*/\1/p')
    mapfile -t c < <(printf '%s\n' "$output" | sed -n 's/.*nodes compared \([0-9]*\)$/\1/p')
    local lookups=$((l[1] - l[0])) compared=$((c[1] - c[0]))
    # each mems_get looks its address up at least once
    ((lookups >= 100)) || fail "100 mems_get made $lookups lookups, expected at least 100
$output"
    ((compared <= 10 * lookups)) || fail "$lookups lookups among 512 nodes compared $compared nodes, expected at most $((10 * lookups)) (10 a lookup)
$output"
}

@test "node numbers and errors are unchanged with a handful of nodes" {
    [[ ${HC_PAGE_SIZE:-4096} == 4096 ]] ||
        skip "expected outputs are for PAGE_SIZE=4096 (this build: $HC_PAGE_SIZE)"
    run --separate-stderr phase5 -c 'a = mems_malloc 4096; b = mems_malloc 5000; c = mems_malloc 10; d = mems_malloc 4000; mems_get a 4095; mems_get c; mems_get d 3999; mems_get 999; mems_get 17384; stats; check'
    assert_failure 1
    assert_line 'mapped node 2 MAIN[13288:17383]: page 3'
    assert_line 'd: P[13288:17287] in node 2'
    assert_line '5095 -> node 0 offset 4095 (page 0 + 4095)'
    assert_line '10096 -> node 1 offset 5000 (page 2 + 904)'
    assert_line '17287 -> node 2 offset 3999 (page 3 + 3999)'
    assert_line --regexp '^lookups +[0-9]+, nodes compared [0-9]+$'
    assert_line 'check: ok'
    assert_equal "$stderr" 'phase5: error: mems_get: virtual address 999 is below 1000, where MeMS addresses begin (line 8: mems_get 999)
phase5: error: mems_get: virtual address 17384 is past the last node (which ends at 17383) (line 9: mems_get 17384)'
}
