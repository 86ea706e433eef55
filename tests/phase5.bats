#!/usr/bin/env bats
# Phase 5: virtual mapping, the MeMS model (phase5/mems.c on phase5/
# main_chain.c and phase5/sub_chain.c), through the phase5 program, the
# MeMS interface (libmems.a) and C programs that use it.

load test_helper/common

# The program's outputs below assume MeMS's default 4096-byte pages; a
# build with another PAGE_SIZE runs the rest.
needs_4096() {
    [[ ${HC_PAGE_SIZE:-4096} == 4096 ]] ||
        skip "expected outputs are for PAGE_SIZE=4096 (this build: $HC_PAGE_SIZE)"
}

# The MeMS example prints one real address, which changes from run to run.
hide_real_address() { sed -E 's/(real address: )[0-9]+$/\1REAL/'; }

# --- the assignment's scenario, byte for byte -------------------------------------

@test "the MeMS example scenario with 4096-byte pages: its stats text byte for byte" {
    run --separate-stderr hc_test mems_example_p4096
    assert_success
    assert_equal "$stderr" ""
    assert_regex "$output" $'virtual address: 1000\treal address: [1-9][0-9]*\n'
    output=$(printf '%s\n' "$output" | hide_real_address)
    assert_golden phase5/example-4096.out
    # The exact characters the assignment specifies: tabs after three of
    # the colons, a space after the fourth.
    assert_line $'Pages used:\t3'
    assert_line $'Space unused:\t2288'
    assert_line $'Main Chain Length:\t3'
    assert_line 'Sub-chain Length array: [5, 5, 3, ]'
    assert_line 'MAIN[1000:5095]-> P[1000:1999] <-> P[2000:2999] <-> P[3000:3999] <-> H[4000:5095] <-> NULL'
    assert_line $'Space unused:\t3288'
    assert_line 'Sub-chain Length array: [4, 5, 3, ]'
    assert_line 'value written: 200'
}

# With PAGE_SIZE=8192 the same ten requests of 1000 bytes go as follows.
# A node is 8192 bytes: the first, [1000:9191], holds eight of them
# (1000..8999) and a HOLE of 9192 - 9000 = 192 bytes [9000:9191].  The
# ninth does not fit in 192 bytes, so a second node [9192:17383] is mapped
# for it and the tenth: P[9192:10191], P[10192:11191], H[11192:17383]
# (6192 bytes).  Pages used 2; unused 192 + 6192 = 6384; lengths [9, 3, ].
# Freeing the fourth array, P[4000:4999], leaves a HOLE between two
# PROCESS segments: nothing merges, so the lengths stay [9, 3, ] and the
# unused space grows by 1000 to 7384.  The next
# 1000 bytes fit that HOLE exactly (first fit), at 4000, and the first
# stats come back.
@test "the same scenario with PAGE_SIZE=8192: the output derived by hand" {
    run --separate-stderr hc_test mems_example_p8192
    assert_success
    assert_equal "$stderr" ""
    output=$(printf '%s\n' "$output" | hide_real_address)
    assert_golden phase5/example-8192.out
    assert_line 'MAIN[1000:9191]-> P[1000:1999] <-> P[2000:2999] <-> P[3000:3999] <-> P[4000:4999] <-> P[5000:5999] <-> P[6000:6999] <-> P[7000:7999] <-> P[8000:8999] <-> H[9000:9191] <-> NULL'
    assert_line 'MAIN[9192:17383]-> P[9192:10191] <-> P[10192:11191] <-> H[11192:17383] <-> NULL'
    assert_line $'Pages used:\t2'
    assert_line $'Space unused:\t6384'
    assert_line 'Sub-chain Length array: [9, 3, ]'
    assert_line 'MAIN[1000:9191]-> P[1000:1999] <-> P[2000:2999] <-> P[3000:3999] <-> H[4000:4999] <-> P[5000:5999] <-> P[6000:6999] <-> P[7000:7999] <-> P[8000:8999] <-> H[9000:9191] <-> NULL'
    assert_line $'Space unused:\t7384'
    refute_line --partial 'Sub-chain Length array: [10,'
    assert_line 'virtual address: 4000'
}

@test "the demo script (the scenario and more) prints exactly its golden output" {
    needs_4096
    run --separate-stderr phase5 --strict "$HC_ROOT/phase5/demo.hc"
    assert_success
    assert_golden phase5/demo.out
    assert_equal "$stderr" ""
}

@test "check passes after every command of every scenario" {
    assert_checked_everywhere phase5 "$GOLDEN"/phase5/{bad-input,lifecycle}.hc \
        "$HC_ROOT/phase5/demo.hc"
}

# --- the model ------------------------------------------------------------------------

@test "sizes are not rounded: segments are exactly the bytes asked for" {
    needs_4096
    run --separate-stderr phase5 -c 'a = mems_malloc 1; b = mems_malloc 3; c = mems_malloc 4092; mems_stats'
    assert_success
    assert_line 'a: P[1000:1000] in node 0'
    assert_line 'b: P[1001:1003] in node 0'
    assert_line 'c: P[1004:5095] in node 0'
    assert_line 'MAIN[1000:5095]-> P[1000:1000] <-> P[1001:1003] <-> P[1004:5095] <-> NULL'
    assert_line $'Space unused:\t0'
}

@test "a node is ceil(size / PAGE_SIZE) pages; its range starts where the last one ends" {
    needs_4096
    run --separate-stderr phase5 -c 'a = mems_malloc 4096; b = mems_malloc 4097; c = mems_malloc 1; mems_stats'
    assert_success
    assert_line 'mapped node 0 MAIN[1000:5095]: page 0'
    assert_line 'mapped node 1 MAIN[5096:13287]: pages 1-2'
    assert_line 'b: P[5096:9192] in node 1'
    # first fit: the 1 byte goes to the HOLE after b, not a new node
    assert_line 'c: P[9193:9193] in node 1'
    assert_line $'Pages used:\t3'
    assert_line $'Main Chain Length:\t2'
}

@test "first fit looks at every sub-chain in order, the first node first" {
    needs_4096
    run --separate-stderr phase5 -c 'a = mems_malloc 3000; b = mems_malloc 3000; c = mems_malloc 500; d = mems_malloc 500; mems_free a; e = mems_malloc 100; f = mems_malloc 3500'
    assert_success
    # c fits the 1096-byte HOLE of node 0; d after it; e goes to a's HOLE
    assert_line 'c: P[4000:4499] in node 0'
    assert_line 'd: P[4500:4999] in node 0'
    assert_line 'e: P[1000:1099] in node 0'
    # 3500 fits no HOLE (2900 in node 0, 1096 in node 1): a new node
    assert_line 'mapped node 2 MAIN[9192:13287]: page 2'
}

@test "free merges with a HOLE on the left, on the right, on both sides, or none" {
    needs_4096
    run --separate-stderr phase5 -c 'a = mems_malloc 100; b = mems_malloc 100; c = mems_malloc 100; d = mems_malloc 100; mems_free a; mems_free c; mems_free b; mems_free d; mems_stats'
    assert_success
    assert_line 'a: P[1000:1099] freed, merged with 0 HOLE neighbours: H[1000:1099]'
    assert_line 'c: P[1200:1299] freed, merged with 0 HOLE neighbours: H[1200:1299]'
    assert_line 'b: P[1100:1199] freed, merged with 2 HOLE neighbours: H[1000:1299]'
    assert_line 'd: P[1300:1399] freed, merged with 2 HOLE neighbours: H[1000:5095]'
    # a node whose segments are all HOLEs stays mapped until mems_finish
    assert_line 'MAIN[1000:5095]-> H[1000:5095] <-> NULL'
    assert_line $'Pages used:\t1'
    assert_line $'Space unused:\t4096'
    assert_line 'Sub-chain Length array: [1, ]'
}

@test "a freed segment's record goes back: records in use follow the segments" {
    needs_4096
    run --separate-stderr phase5 -c 'a = mems_malloc 10; b = mems_malloc 10; c = mems_malloc 10; stats; mems_free b; mems_free a; mems_free c; stats'
    assert_success
    assert_line 'bookkeeping    node records 1, segment records 4, in 2 record pages'
    assert_line 'bookkeeping    node records 1, segment records 1, in 2 record pages'
}

# --- translation ------------------------------------------------------------------------

@test "write through a virtual address, read it back through another" {
    needs_4096
    run --separate-stderr phase5 -c 'big = mems_malloc 10000; write big 4090 "across a page"; read big 4090 13; read 5090 0 13; write 10997 0 "end"; read big 9997 3; mems_get big 4096'
    assert_success
    assert_line 'big @4090: "across a page"'
    assert_line '5090 @0: "across a page"'
    assert_line '10997: wrote 3 bytes at offset 0'
    assert_line 'big @9997: "end"'
    assert_line '5096 -> node 0 offset 4096 (page 1 + 0)'
}

@test "mems_get(v + k) is mems_get(v) + k (real addresses with --raw)" {
    run --separate-stderr phase5 --raw -c 'a = mems_malloc 9000; mems_get a; mems_get a 4; mems_get a 8999'
    assert_success
    local -a real
    mapfile -t real < <(printf '%s\n' "$output" | sed -n 's/.* at 0x\([0-9a-f]*\)$/\1/p')
    assert_equal "${#real[@]}" 3
    assert_equal $((16#${real[1]} - 16#${real[0]})) 4
    assert_equal $((16#${real[2]} - 16#${real[0]})) 8999
}

@test "without --raw no output shows a real address" {
    run --separate-stderr phase5 -c "a = mems_malloc 100; mems_get a 4; stats; dump $BATS_TEST_TMPDIR/m.dot"
    assert_success
    refute_output --partial '0x'
    run grep -c '0x' "$BATS_TEST_TMPDIR/m.dot"
    assert_output 0
}

# --- bad input ------------------------------------------------------------------------------

@test "every bad input in one script: one golden error line each, nothing else changes" {
    needs_4096
    run_golden phase5 bad-input
    assert_failure 1
    assert_line 'keep @0: "precious"'
    assert_line 'big @4990: "tail bytes"'
    assert_line "check: ok"
}

@test "calls before mems_init and after mems_finish fail; mems_init starts afresh" {
    needs_4096
    run_golden phase5 lifecycle
    assert_failure 1
    assert_line 'c: P[1000:1009] in node 0'
}

@test "one bad input, one error line in the program's format, status 1" {
    run --separate-stderr phase5 -c 'a = mems_malloc 10; mems_free a; mems_free a'
    assert_failure 1
    assert_error_line phase5 3 'mems_free a' "label 'a' was freed"
    run --separate-stderr phase5 -c 'a = mems_malloc 10; mems_free 1000; mems_free 1000'
    assert_failure 1
    assert_error_line phase5 3 'mems_free 1000' \
        'mems_free: virtual address 1000 is inside H\[1000:[0-9]+\] \(never allocated, or freed\)'
}

@test "--strict stops at the first failing command" {
    run --separate-stderr phase5 --strict -c 'mems_malloc 0; echo not reached'
    assert_failure 1
    refute_output --partial 'not reached'
}

@test "a size the kernel will not map is an error, and nothing changes" {
    run --separate-stderr phase5 -c 'keep = mems_malloc 10; write keep 0 "kept"; x = mems_malloc 0x400000000000; read keep 0 4; mems_stats; check'
    assert_failure 1
    assert_error_line phase5 3 'x = mems_malloc 0x400000000000' \
        'mems_malloc: cannot map [0-9]+ pages: .+'
    assert_line 'keep @0: "kept"'
    assert_line $'Main Chain Length:\t1'
    assert_line 'check: ok'
}

@test "the MeMS interface: every misuse prints one line, returns NULL, sets its code" {
    needs_4096
    run --separate-stderr hc_test mems_errors
    assert_success
    assert_golden phase5/mems_errors.out
    output=$stderr
    assert_golden phase5/mems_errors.err
    # one "mems: error:" line for each misuse, nothing else on stderr
    assert_equal "$(printf '%s\n' "$stderr" | grep -vc '^mems: error: ')" 0
}

@test "the checker reports each broken invariant, and nothing once repaired" {
    needs_4096
    run --separate-stderr hc_test mems_checker
    assert_success
    assert_golden phase5/mems_checker.out
    assert_equal "$stderr" ""
}

# --- models, maps, pictures ------------------------------------------------------------------

@test "random operations agree with a model of the layout, and contents survive" {
    local ops=20000
    under_valgrind && ops=3000
    for seed in 1 2 3; do
        run --separate-stderr hc_test mems_random "$seed" "$ops"
        assert_success
        assert_output --regexp "^mems_random: seed $seed, $ops operations: .*: ok$"
    done
}

@test "mems_finish leaves nothing mapped (/proc/self/maps), twice over" {
    if under_valgrind; then
        # Valgrind's own mappings grow as it runs: compare only MeMS's kind.
        run --separate-stderr env MAPS_EXACT=0 "$HC_VALGRIND" -q \
            --error-exitcode="$HC_TOOL_STATUS" --leak-check=full \
            "$HC_BUILD/tests/mems_maps"
    else
        run --separate-stderr hc_test mems_maps
    fi
    assert_success
    assert_line ok
    refute_line --partial FAILED
}

@test "dump draws each node as a cluster of P and H cells, the main chain and the translation lane" {
    needs_4096
    run --separate-stderr phase5 -c "a = mems_malloc 1000; b = mems_malloc 5000; mems_free a; dump $BATS_TEST_TMPDIR/m.dot"
    assert_success
    dot_accepts "$BATS_TEST_TMPDIR/m.dot"
    # in tests/golden/phase5/dump.parts: each node's title; its P and H
    # cells; the main chain's edges; the translation edge, which leaves
    # from the node's own cell, the one before its first segment; and the
    # summary in the footer
    assert_golden_parts phase5/dump.parts "$BATS_TEST_TMPDIR/m.dot" \
        'label=<node [^>]*>' \
        'BGCOLOR="#[0-9a-f]+">[PH] [^<]*<BR/>[^<]*<BR/>[^<]*<' \
        '"node[0-9]+" -> "node[0-9]+" \[[^]]*\]' \
        '<TD BGCOLOR="#[0-9a-f]+" PORT="map">[^<]*<BR/>[^<]*</TD><TD BGCOLOR="#[0-9a-f]+">[^<]*<BR/>' \
        '"node[0-9]+":"map" -> "run[0-9]+" \[[^]]*\]' \
        'MeMS: [0-9]+ nodes, [0-9]+ bytes in HOLEs'
}

@test "--frames draws a picture after every mems_malloc and mems_free" {
    run --separate-stderr phase5 --frames "$BATS_TEST_TMPDIR/f" -c 'a = mems_malloc 10; mems_get a; mems_free a; mems_stats'
    assert_success
    assert_file_exists "$BATS_TEST_TMPDIR/f/001-mems_malloc.dot"
    assert_file_exists "$BATS_TEST_TMPDIR/f/003-mems_free.dot"
    assert_file_not_exists "$BATS_TEST_TMPDIR/f/002-mems_get.dot"
    for f in "$BATS_TEST_TMPDIR"/f/*.dot; do dot_accepts "$f"; done
}

@test "help lists the MeMS commands" {
    run --separate-stderr phase5 -c help
    assert_success
    for cmd in mems_init mems_finish mems_malloc mems_free mems_get mems_stats write read; do
        assert_line --regexp "^  (\[L =\] )?$cmd( |\$)"
    done
}
