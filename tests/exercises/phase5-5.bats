#!/usr/bin/env bats
# Phase 5, exercise 5 (phase5/README.md, "Exercises"): a page table.
# Every node starts at 1000 + k * PAGE_SIZE, so (v - 1000) / PAGE_SIZE
# numbers virtual pages: a table from that number to the node and the
# real page (kept by phase5/main_chain.c) finds a node by index, and
# `mems_get` (phase5/mems.c) translates through it.  The program's new
# command `mems_table` (phase5/mems_commands.c) prints the table:
# `page table: N entries`, then `vpage K [FIRST:LAST] -> node N, page P`
# for each virtual page.  Fails on the course's code (no such command);
# run it with `make exercise PHASE=5 EX=5`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

needs_4096() {
    [[ ${HC_PAGE_SIZE:-4096} == 4096 ]] ||
        skip "expected outputs are for PAGE_SIZE=4096 (this build: $HC_PAGE_SIZE)"
}

@test "after the demo, the page table maps six virtual pages; translations are unchanged" {
    needs_4096
    { cat "$HC_ROOT/phase5/demo.hc"; echo mems_table; echo 'mems_get big 5000'; } \
        >"$BATS_TEST_TMPDIR/demo.hc"
    run --separate-stderr phase5 --strict "$BATS_TEST_TMPDIR/demo.hc"
    assert_success
    # what follows the demo's last command, its check
    output=$(printf '%s\n' "$output" | sed '1,/^check: ok$/d')
    assert_output 'page table: 6 entries
vpage 0 [1000:5095] -> node 0, page 0
vpage 1 [5096:9191] -> node 1, page 1
vpage 2 [9192:13287] -> node 2, page 2
vpage 3 [13288:17383] -> node 3, page 3
vpage 4 [17384:21479] -> node 3, page 4
vpage 5 [21480:25575] -> node 3, page 5
18288 -> node 3 offset 5000 (page 4 + 904)'
}

@test "each page of a node of several pages translates to its own real page" {
    needs_4096
    run --separate-stderr phase5 -c 'x = mems_malloc 10; a = mems_malloc 9000; mems_table; mems_get a 4095; mems_get a 4096; mems_get a 8999; mems_get x 9; check'
    assert_success
    assert_output 'mapped node 0 MAIN[1000:5095]: page 0
x: P[1000:1009] in node 0
mapped node 1 MAIN[5096:17383]: pages 1-3
a: P[5096:14095] in node 1
page table: 4 entries
vpage 0 [1000:5095] -> node 0, page 0
vpage 1 [5096:9191] -> node 1, page 1
vpage 2 [9192:13287] -> node 1, page 2
vpage 3 [13288:17383] -> node 1, page 3
9191 -> node 1 offset 4095 (page 1 + 4095)
9192 -> node 1 offset 4096 (page 2 + 0)
14095 -> node 1 offset 8999 (page 3 + 807)
1009 -> node 0 offset 9 (page 0 + 9)
check: ok'
}

@test "mems_get(v + k) is still mems_get(v) + k across pages (real addresses with --raw)" {
    run --separate-stderr phase5 --raw -c 'a = mems_malloc 3; b = mems_malloc 9000; mems_get b; mems_get b 4096; mems_get b 8999'
    assert_success
    local -a real
    mapfile -t real < <(printf '%s\n' "$output" | sed -n 's/.* at 0x\([0-9a-f]*\)$/\1/p')
    assert_equal "${#real[@]}" 3
    assert_equal $((16#${real[1]} - 16#${real[0]})) 4096
    assert_equal $((16#${real[2]} - 16#${real[0]})) 8999
}

@test "errors are unchanged, and mems_finish empties the table" {
    needs_4096
    run --separate-stderr phase5 -c 'a = mems_malloc 100; mems_get 999; mems_get 5096; mems_get 1100; mems_finish; mems_init; mems_table'
    assert_failure 1
    assert_equal "$stderr" 'phase5: error: mems_get: virtual address 999 is below 1000, where MeMS addresses begin (line 2: mems_get 999)
phase5: error: mems_get: virtual address 5096 is past the last node (which ends at 5095) (line 3: mems_get 5096)
phase5: error: mems_get: virtual address 1100 is inside H[1100:5095] (never allocated, or freed) (line 4: mems_get 1100)'
    assert_line 'page table: 0 entries'
}
