#!/usr/bin/env bats
# Phase 4: split and merge (phase4/chain.c, the engine, and phase4/typed.c,
# the typed allocator on it), through the phase4 program.

load test_helper/common

# --- golden scenarios ---------------------------------------------------------

@test "the demo script prints exactly its golden output" {
    run --separate-stderr phase4 --strict "$HC_ROOT/phase4/demo.hc"
    assert_success
    assert_golden phase4/demo.out
    assert_equal "$stderr" ""
}

@test "the four ways a split ends: golden blocks and counters" {
    run_golden phase4 outcomes
    assert_success
    assert_line "a: 4 x s at page 1 offset 96, 1600 bytes (split)"
    assert_line "c: 4 x s at page 1 offset 96, 1600 bytes (exact fit)"
    assert_line "d: 4 x s at page 1 offset 2192, 1600 bytes (soft internal fragmentation)"
    assert_line "e: 1 x t at page 2 offset 96, 3984 bytes (hard internal fragmentation)"
    assert_line "    meta @48    data @96     3984 bytes  allocated  gap 16  e"
    assert_line "t: page 2 is one free block again, given back to the page layer"
}

@test "first, best and worst fit choose different blocks for the same request" {
    run_golden phase4 policies
    assert_success
    assert_line "x: 2 x r at page 1 offset 96, 384 bytes (soft internal fragmentation)"
    assert_line "y: 2 x r at page 1 offset 1440, 384 bytes (exact fit)"
    assert_line "z: 2 x r at page 1 offset 2112, 384 bytes (split)"
}

@test "every bad input in one script: one golden error line each, nothing else changes" {
    run_golden phase4 bad-input
    assert_failure 1
    assert_line 'keep @0: "precious"'
    assert_line "check: ok"
}

@test "check passes after every command of every scenario" {
    assert_checked_everywhere phase4 \
        "$GOLDEN"/phase4/{outcomes,policies,bad-input,pool,os,os-bad-input}.hc \
        "$HC_ROOT/phase4/demo.hc"
}

# --- split and merge ---------------------------------------------------------------

@test "a new page is one big free block" {
    run --separate-stderr phase4 -c 'register r 400; a = xcalloc r 1; blocks'
    assert_success
    assert_line "    meta @48    data @96      400 bytes  allocated  a"
    assert_line "    meta @496   data @544    3552 bytes  free"
}

@test "three adjacent frees end as one free block, whatever the order" {
    for order in "a b c" "a c b" "c b a" "b a c" "b c a" "c a b"; do
        set -- $order
        run --separate-stderr phase4 -c "register r 400; a = xcalloc r 1; b = xcalloc r 1; c = xcalloc r 1; keep = xcalloc r 1; xfree $1; xfree $2; xfree $3; blocks; check"
        assert_success
        assert_line "    meta @48    data @96     1296 bytes  free"
        assert_line "check: ok"
    done
}

@test "freeing a block between two free blocks merges both neighbours" {
    run --separate-stderr phase4 -c 'register r 400; a = xcalloc r 1; b = xcalloc r 1; c = xcalloc r 1; keep = xcalloc r 1; xfree a; xfree c; xfree b; stats'
    assert_success
    assert_line "b: freed, merged with 2 free neighbours"
    assert_line "merges         2"
}

@test "a page that is one free block again goes back to phase 1" {
    run --separate-stderr phase4 -c 'register r 400; a = xcalloc r 1; b = xcalloc r 1; xfree a; xfree b; usage; check'
    assert_success
    assert_line "r: page 1 is one free block again, given back to the page layer"
    assert_line "pages in use   1 (4096 bytes)"
}

@test "an array larger than a page gets a run of pages and gives it back" {
    run --separate-stderr phase4 -c 'register r 1000; big = xcalloc r 10; write big 9999 z; read big 9999 1; blocks; xfree big; usage; check'
    assert_success
    assert_line "big: 10 x r at page 1 offset 96, 10000 bytes (split)"
    assert_line "  page 1 (3 pages)"
    assert_line 'big @9999: "z"'
    assert_line "r: page 1 is one free block again, given back to the page layer"
    assert_line "check: ok"
}

@test "memory is zeroed even when a freed block is reused" {
    run --separate-stderr phase4 -c 'register r 16; policy first; a = xcalloc r 1; keep = xcalloc r 1; write a 0 dirty; xfree a; b = xcalloc r 1; read b 0 5'
    assert_success
    assert_line "b: 1 x r at page 1 offset 96, 16 bytes (exact fit)"
    assert_line 'b @0: "\0\0\0\0\0"'
}

@test "the usage report gives TBC, FBC, OBC and application bytes per family" {
    run --separate-stderr phase4 -c 'register r 400; a = xcalloc r 2; b = xcalloc r 1; xfree a; usage r'
    assert_success
    assert_line "r              TBC 3  FBC 2  OBC 1  AppMemUsage 400 bytes  hard fragmentation 0 bytes  pages 1"
}

@test "changing the policy reorders the free lists and keeps check happy" {
    run --separate-stderr phase4 -c 'register r 192; a = xcalloc r 3; h = xcalloc r 1; b = xcalloc r 1; g = xcalloc r 1; xfree a; xfree b; policy first; check; policy worst; check; policy best; check'
    assert_success
    assert_equal "$(printf '%s\n' "$output" | grep -c '^check: ok$')" 3
}

@test "the picture has the free-list lane and gap cells and renders cleanly" {
    run --separate-stderr phase4 -c "register r 400; register t 3984; policy first; a = xcalloc r 1; b = xcalloc r 1; keep = xcalloc r 1; xfree a; g = xcalloc t 1; dump $BATS_TEST_TMPDIR/p.dot"
    assert_success
    # the free-list lane (a's block at 48, then the rest at 1392) and the
    # gap cells, in tests/golden/phase4/picture.parts
    assert_golden_parts phase4/picture.parts "$BATS_TEST_TMPDIR/p.dot" \
        '"free[0-9]+" \[label=<.*>free list<BR/>head first</TD>(<TD[^>]*>[^<]*<BR/>[^<]*</TD>)*</TR>' \
        'gap<BR/>[0-9]+'
    dot_accepts "$BATS_TEST_TMPDIR/p.dot"
}

# --- bad input: one clear line each, nothing else changes ------------------------

# bad_input COMMAND WHAT-REGEX: with `keep` holding data, COMMAND fails with
# exactly one error line, and `keep` and the checker are intact.
bad_input() {
    run --separate-stderr phase4 -c "register emp_t 36; keep = xcalloc emp_t 2; write keep 0 safe; $1; read keep 0 4; usage emp_t; check"
    assert_failure 1
    assert_error_line phase4 4 "$1" "$2"
    assert_line 'keep @0: "safe"'
    assert_line "emp_t          TBC 2  FBC 1  OBC 1  AppMemUsage 80 bytes  hard fragmentation 0 bytes  pages 1"
    assert_line "check: ok"
}

@test "allocating from an unregistered family is refused" {
    bad_input "x = xcalloc dept_t 1" "no family named 'dept_t'"
}

@test "zero units are refused" {
    bad_input "xcalloc emp_t 0" "units must be at least 1"
}

@test "units whose size overflows are refused" {
    bad_input "xcalloc emp_t 18446744073709551615" "18446744073709551615 units of 36 bytes exceed the largest block \(1073741824 bytes\)"
}

@test "a double free is refused" {
    run --separate-stderr phase4 -c "register emp_t 36; keep = xcalloc emp_t 2; x = xcalloc emp_t 1; xfree x; xfree x; read keep 0 1; check"
    assert_failure 1
    assert_error_line phase4 5 "xfree x" "label 'x' was freed"
    assert_line "check: ok"
}

@test "an unknown policy is refused" {
    bad_input "policy fastest" "unknown policy 'fastest' \(first, best or worst\)"
}

@test "freeing an unknown label is refused" {
    bad_input "xfree nobody" "unknown label 'nobody'"
}

# --- the Linux Memory Manager interface (uapi_mm.h, libmm.a) ----------------------

@test "a Linux Memory Manager program compiles unchanged and runs on libmm.a" {
    run --separate-stderr hc_test lmm_app
    assert_success
    assert_golden phase4/lmm_app.out
    local out=$output
    output=$stderr
    assert_golden phase4/lmm_app.err
    output=$out
    assert_line "still there: carol, 42"
}

# --- randomized, against a shadow model ------------------------------------------------

@test "100,000 random operations on the typed allocator and on the pool keep every byte" {
    # Fixed seed: the same operations every run, so the summary is golden.
    run --separate-stderr hc_test typed_random 100000
    assert_success
    assert_golden phase4/typed_random.out
}
