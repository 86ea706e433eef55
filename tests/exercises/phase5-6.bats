#!/usr/bin/env bats
# Phase 5, exercise 6 (phase5/README.md, "Exercises"): mems_realloc.
# `mems_realloc(v, size)` (phase5/mems.h, phase5/mems.c) shrinks in place
# (the rest a HOLE, merged with a HOLE after it), grows in place into a
# large enough HOLE after it, or else mallocs, copies and frees; the
# program's command `mems_realloc ADDR SIZE` (phase5/mems_commands.c)
# rebinds a label whose segment moves and prints
# `LABEL: P[old] grown in place to|shrunk in place to|moved to P[new] in node N`.
# Fails on the course's code (no such command); run it with
# `make exercise PHASE=5 EX=6`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

needs_4096() {
    [[ ${HC_PAGE_SIZE:-4096} == 4096 ]] ||
        skip "expected outputs are for PAGE_SIZE=4096 (this build: $HC_PAGE_SIZE)"
}

@test "b grows in place; a has no room after it, so it moves, its bytes and its label with it" {
    needs_4096
    run --separate-stderr phase5 -c 'a = mems_malloc 100; write a 0 "keep"; b = mems_malloc 100; mems_realloc b 300; mems_realloc a 200; read a 0 4; mems_stats; check'
    assert_success
    assert_output 'mapped node 0 MAIN[1000:5095]: page 0
a: P[1000:1099] in node 0
a: wrote 4 bytes at offset 0
b: P[1100:1199] in node 0
b: P[1100:1199] grown in place to P[1100:1399] in node 0
a: P[1000:1099] moved to P[1400:1599] in node 0
a @0: "keep"
----- MeMS SYSTEM STATS -----
MAIN[1000:5095]-> H[1000:1099] <-> P[1100:1399] <-> P[1400:1599] <-> H[1600:5095] <-> NULL
Pages used:	1
Space unused:	3596
Main Chain Length:	1
Sub-chain Length array: [4, ]
-----------------------------
check: ok'
    assert_equal "$stderr" ""
}

@test "shrinking in place: the rest joins the HOLE after it, or becomes a HOLE of its own" {
    needs_4096
    run --separate-stderr phase5 -c 'a = mems_malloc 300; b = mems_malloc 300; write a 0 "first"; mems_realloc a 100; mems_realloc b 200; read a 0 5; mems_stats; check'
    assert_success
    assert_line 'a: P[1000:1299] shrunk in place to P[1000:1099] in node 0'
    assert_line 'b: P[1300:1599] shrunk in place to P[1300:1499] in node 0'
    assert_line 'a @0: "first"'
    assert_line 'MAIN[1000:5095]-> P[1000:1099] <-> H[1100:1299] <-> P[1300:1499] <-> H[1500:5095] <-> NULL'
    assert_line 'check: ok'
}

@test "growing into the whole HOLE after it leaves no empty HOLE; a move may map a node" {
    needs_4096
    run --separate-stderr phase5 -c 'a = mems_malloc 1000; mems_realloc a 4096; write a 4090 "end"; mems_realloc a 5000; read a 4090 3; mems_stats; check'
    assert_success
    assert_line 'a: P[1000:1999] grown in place to P[1000:5095] in node 0'
    assert_line 'mapped node 1 MAIN[5096:13287]: pages 1-2'
    assert_line 'a: P[1000:5095] moved to P[5096:10095] in node 1'
    assert_line 'a @4090: "end"'
    assert_line 'MAIN[1000:5095]-> H[1000:5095] <-> NULL'
    assert_line 'MAIN[5096:13287]-> P[5096:10095] <-> H[10096:13287] <-> NULL'
    assert_line 'check: ok'
}

@test "mems_realloc of an address that is not a segment's start, or to 0 bytes, fails and changes nothing" {
    run --separate-stderr phase5 -c 'a = mems_malloc 100; mems_realloc 1001 50; mems_realloc a 0; mems_realloc 999 10; mems_stats; check'
    assert_failure 1
    assert_line --regexp '^MAIN\[1000:[0-9]+\]-> P\[1000:1099\] <-> H\[1100:[0-9]+\] <-> NULL$'
    assert_line 'check: ok'
    # MeMS's errors, each naming the call, as mems_free's do
    output=$stderr
    mapfile -t lines <<<"$stderr"
    assert_line --index 0 --regexp '^phase5: error: mems_realloc: .*1001.* \(line 2: mems_realloc 1001 50\)$'
    assert_line --index 1 --regexp '^phase5: error: mems_realloc: .* \(line 3: mems_realloc a 0\)$'
    assert_line --index 2 --regexp '^phase5: error: mems_realloc: .*999.* \(line 4: mems_realloc 999 10\)$'
}
