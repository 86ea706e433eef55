#!/usr/bin/env bats
# Phase 3: meta blocks and data blocks (phase3/block.c and the phase3 program).

load test_helper/common

# --- golden scenarios -------------------------------------------------------------

@test "the demo script prints exactly its golden output" {
    run --separate-stderr phase3 --strict "$HC_ROOT/phase3/demo.hc"
    assert_success
    assert_golden phase3/demo.out
    assert_equal "$stderr" ""
}

@test "slab formatting, reuse and page return: golden blocks and stats" {
    run_golden phase3 slab
    assert_success
    assert_line "rec_t: formatted page 3 into 3 blocks (meta 48 + data 1008 bytes each, tail 880)"
    assert_line "rec_t: page 2 all free, given back to the page layer"
    assert_line 'a @0: "first"'
    assert_line 'g @996: "last"'
}

@test "two families keep separate pages and free lists: golden blocks and stats" {
    run_golden phase3 mixed
    assert_success
    assert_line "point_t: page 2 all free, given back to the page layer"
}

@test "every bad input in one script: one golden error line each, nothing else changes" {
    run_golden phase3 bad-input
    assert_failure 1
    assert_line 'keep @0: "precious"'
    assert_line "check: ok"
}

@test "check passes after every command of every scenario" {
    assert_checked_everywhere phase3 "$GOLDEN"/phase3/{slab,mixed,bad-input}.hc
    checked_script "$HC_ROOT/phase3/demo.hc"
    run --separate-stderr phase3 "$BATS_TEST_TMPDIR/checked.hc"
    assert_success
    refute_line --regexp '^check: [^o]'
}

# --- blocks, pages, sizes -----------------------------------------------------------

@test "stats states the real sizes of the meta block and the page header" {
    run --separate-stderr phase3 -c 'stats'
    assert_success
    assert_line "meta block     48 bytes (sizeof struct block_meta)"
    assert_line "page header    48 bytes (sizeof struct block_page, rounded to 16)"
    assert_line "largest struct 4000 bytes (what one data page holds after its header and one meta block)"
}

@test "a struct of exactly the largest size fills a page with one block and no tail" {
    run --separate-stderr phase3 -c 'register whole 4000; a = alloc whole; write a 3999 z; read a 3999 1; blocks; check'
    assert_success
    assert_line "whole: formatted page 1 into 1 block (meta 48 + data 4000 bytes each, tail 0)"
    assert_line 'a @3999: "z"'
    assert_line "check: ok"
}

@test "data blocks are aligned to 16 bytes and sized up to a multiple of 16" {
    run --separate-stderr phase3 -c 'register odd 13; a = alloc odd; b = alloc odd; blocks odd'
    assert_success
    assert_line "odd: struct 13 bytes, blocks of meta 48 + data 16, 63 a page, tail 16"
    assert_line "b: odd at page 1 offset 160, 13 bytes"
}

@test "allocated structs are zeroed, even when a block is reused" {
    run --separate-stderr phase3 -c 'register t 16; a = alloc t; b = alloc t; write a 0 dirty; free a; c = alloc t; read c 0 5'
    assert_success
    assert_line "c: t at page 1 offset 96, 16 bytes"
    assert_line 'c @0: "\0\0\0\0\0"'
}

@test "a page whose blocks are all free goes back to the page layer" {
    run --separate-stderr phase3 -c 'register r 1900; a = alloc r; b = alloc r; c = alloc r; free b; free c; stats; check'
    assert_success
    refute_line "r: page 1 all free, given back to the page layer"
    assert_line "r: page 2 all free, given back to the page layer"
    assert_line "r              pages 1, blocks 2 (allocated 1, free 1), meta bytes 96, data bytes 3808, tail bytes 144"
    assert_line "returns        1, pages 1, kept in the cache 1"
    assert_line "check: ok"
}

@test "the DOT picture has a cluster per family and per page and renders cleanly" {
    run --separate-stderr phase3 -c "register r 1500; a = alloc r; b = alloc r; c = alloc r; free b; dump $BATS_TEST_TMPDIR/b.dot"
    assert_success
    # the clusters' titles, in tests/golden/phase3/clusters.parts
    assert_golden_parts phase3/clusters.parts "$BATS_TEST_TMPDIR/b.dot" \
        'label=<(family|page) [^>]*>'
    dot_accepts "$BATS_TEST_TMPDIR/b.dot"
}

@test "the C API finds meta, page and family from a pointer and refuses misuse" {
    run --separate-stderr hc_test block_api
    assert_success
    assert_equal "$stderr" ""
    assert_golden phase3/block_api.out
}

# --- bad input: one clear line each, nothing else changes -------------------------

# bad_input COMMAND WHAT-REGEX: with a struct `keep` holding data, COMMAND
# fails with exactly one error line, and `keep` and the checker are intact.
bad_input() {
    run --separate-stderr phase3 -c "register emp_t 36; keep = alloc emp_t; write keep 0 safe; $1; read keep 0 4; blocks; check"
    assert_failure 1
    assert_error_line phase3 4 "$1" "$2"
    assert_line 'keep @0: "safe"'
    assert_line "  page 1: 42 blocks, 41 free"
    assert_line "check: ok"
}

@test "allocating from an unregistered family is refused" {
    bad_input "x = alloc dept_t" "no family named 'dept_t'"
}

@test "freeing an unknown label is refused" {
    bad_input "free nobody" "unknown label 'nobody'"
}

@test "a double free is refused" {
    run --separate-stderr phase3 -c "register emp_t 36; keep = alloc emp_t; write keep 0 safe; x = alloc emp_t; free x; free x; read keep 0 4; check"
    assert_failure 1
    assert_error_line phase3 6 "free x" "label 'x' was freed"
    assert_line 'keep @0: "safe"'
    assert_line "check: ok"
}

@test "a struct larger than a data page's room is refused with the limit" {
    bad_input "register big 4001" "struct size 4001 is larger than 4000 bytes, what one data page holds after its header and one meta block"
}

@test "a struct size near SIZE_MAX is refused" {
    bad_input "register huge 0xfffffffffffffff0" "struct size 18446744073709551600 is larger than 4000 bytes, .*"
}

@test "writing past the end of a struct is refused" {
    bad_input "write keep 33 four" "write of 4 bytes at offset 33 is outside keep \(36 bytes\)"
}

@test "blocks of an unknown family is refused" {
    bad_input "blocks dept_t" "no family named 'dept_t'"
}

@test "--raw shows real addresses, every data block aligned to 16; without it none" {
    run --separate-stderr phase3 --raw -c 'register odd 13; a = alloc odd; b = alloc odd; blocks'
    assert_success
    assert_line --regexp '^b: odd at page 1 offset 160, 13 bytes \(data at 0x[0-9a-f]+\)$'
    for address in $(printf '%s\n' "$output" | grep -o 'data at 0x[0-9a-f]*' | cut -c9-); do
        assert_equal "$((address % 16))" 0
    done
    run --separate-stderr phase3 -c 'register odd 13; a = alloc odd; blocks; stats; dump'
    refute_output --regexp '0x[0-9a-f]{6,}'
}

@test "the picture draws the free list in the order allocation takes it" {
    run --separate-stderr phase3 -c "register r 1200; a = alloc r; b = alloc r; c = alloc r; free a; free c; dump $BATS_TEST_TMPDIR/f.dot"
    assert_success
    # c was freed last, so it is taken first: the lane is the free list,
    # then c's block (meta block at 2544), then a's (at 48); the lane is in
    # tests/golden/phase3/free-list.parts (exercise 2 changes its order)
    assert_golden_parts phase3/free-list.parts "$BATS_TEST_TMPDIR/f.dot" \
        '"free[0-9]+" \[label=<.*>free list<BR/>head first</TD>(<TD[^>]*>[^<]*<BR/>[^<]*</TD>)*</TR>'
    # no edge runs from one cell of a page to another (it would cross them)
    run grep -E '"page1":"d[0-9]+" ->' "$BATS_TEST_TMPDIR/f.dot"
    assert_failure 1
    dot_accepts "$BATS_TEST_TMPDIR/f.dot"
}
