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

@test "the picture has free-list edges and gap cells and renders cleanly" {
    run --separate-stderr phase4 -c "register r 400; register t 3984; policy first; a = xcalloc r 1; b = xcalloc r 1; keep = xcalloc r 1; xfree a; g = xcalloc t 1; dump $BATS_TEST_TMPDIR/p.dot"
    assert_success
    assert_file_contains "$BATS_TEST_TMPDIR/p.dot" '"free0" -> "page1":"d48" \[constraint=false'
    assert_file_contains "$BATS_TEST_TMPDIR/p.dot" 'gap<BR/>16'
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

# --- the bounded pool (pool.h) ------------------------------------------------------

@test "the pool splits, merges and reports exhaustion: golden output" {
    run_golden phase4 pool
    assert_failure 1
    assert_line "e: 2000 bytes at pool offset 64"
    assert_line 'c @0: "third"'
    assert_line "pool: 4096 bytes, 4 allocations, 2 frees, 2 live, 880 bytes free in 2 blocks"
}

@test "the pool's C API refuses misuse and reports it on standard error" {
    run --separate-stderr hc_test pool_api
    assert_success
    assert_golden phase4/pool_api.out
    local out=$output
    output=$stderr
    assert_golden phase4/pool_api.err
    output=$out
}

@test "a typed block cannot be given to pfree, nor a pool block to xfree" {
    run --separate-stderr phase4 -c 'register r 100; pool-init 1000; t = xcalloc r 1; p = palloc 10; pfree t; xfree p; check'
    assert_failure 1
    assert_equal "$stderr" "phase4: error: pfree: not the start of a block of this pool (line 5: pfree t)
phase4: error: pointer is not in any data page of ours (line 6: xfree p)"
    assert_line "check: ok"
}

@test "pool commands without a pool, or a second pool, are refused" {
    run --separate-stderr phase4 -c 'x = palloc 8'
    assert_failure 1
    assert_error_line phase4 1 "x = palloc 8" "palloc: the pool is not initialised"
    run --separate-stderr phase4 -c 'pool-init 100; pool-init 100'
    assert_failure 1
    assert_error_line phase4 2 "pool-init 100" "the pool exists already \(pool-destroy it first\)"
    run --separate-stderr phase4 -c 'pool-init 0'
    assert_failure 1
    assert_error_line phase4 1 "pool-init 0" "pool_init: a pool holds 1 to 1073741824 bytes, not 0"
}

# --- randomized, against a shadow model ------------------------------------------------

@test "100,000 random operations on the typed allocator and on the pool keep every byte" {
    # Fixed seed: the same operations every run, so the summary is golden.
    run --separate-stderr hc_test typed_random 100000
    assert_success
    assert_golden phase4/typed_random.out
}

# --- os_malloc and friends (osmem.h) -------------------------------------------------

@test "os_* follows the assignment's rules, and a random run keeps every byte" {
    run --separate-stderr hc_test os_api 100000
    assert_success
    assert_equal "$stderr" ""
    assert_golden phase4/os_api.out
}

@test "the os_* heap from the program: golden heap listings" {
    run_golden phase4 os
    assert_success
    assert_line "e: 200 bytes at heap offset 168"
    assert_line "big: 131072 bytes, mapped on its own"
    assert_line 'a @0: "alpha"'
}

@test "os_* bad input: NULL explained in one line each, nothing else changes" {
    run_golden phase4 os-bad-input
    assert_failure 1
    assert_line 'keep @0: "safe"'
    assert_line "check: ok"
}

# normalize_trace FILE: an strace of os_trace cut into steps at each
# getppid(), each brk, mmap and munmap as "STEP CALL SIZE" (brk as the
# change of the break it makes).
normalize_trace() {
    local step=0 brk=0 line now
    while IFS= read -r line; do
        case $line in
        *getppid*) step=$((step + 1)); continue ;;
        esac
        ((step > 0)) || continue
        case $line in
        "brk("*)
            now=${line##*= 0x}
            now=$((16#$now))
            if [[ $line == "brk(NULL)"* ]]; then brk=$now; continue; fi
            echo "$step brk +$((now - brk))"
            brk=$now ;;
        "mmap("*)
            line=${line#*, }
            echo "$step mmap ${line%%,*}" ;;
        "munmap("*)
            line=${line#*, }
            echo "$step munmap ${line%%)*}" ;;
        esac
    done <"$1"
}

@test "os_* makes exactly the brk, mmap and munmap calls the assignment specifies" {
    under_sanitizers && skip "strace and AddressSanitizer both need ptrace-like control; the plain build runs this"
    command -v strace >/dev/null || skip "strace is not installed (make check installs it)"
    run strace -e trace=brk,mmap,munmap,getppid -o "$BATS_TEST_TMPDIR/trace" \
        "$HC_BUILD/tests/os_trace"
    assert_success
    run normalize_trace "$BATS_TEST_TMPDIR/trace"
    # 1 preallocation; 2 nothing; 3-4 a mapped block of 32 + 200000 bytes;
    # 5 the free last block grown by 128 bytes; 6-7 a page-sized calloc
    # mapped and unmapped; freeing brk blocks makes no call.
    assert_output "1 brk +131072
3 mmap 200032
4 munmap 200032
5 brk +128
6 mmap 4128
7 munmap 4128"
}

@test "free and realloc refuse a block that os_malloc did not hand out" {
    run --separate-stderr phase4 -c 'register r 8; t = xcalloc r 1; write t 0 keep; free t; realloc t 10; read t 0 4; check'
    assert_failure 1
    assert_equal "$stderr" "phase4: error: label 't' is not an os_malloc block (xfree and pfree give back the others) (line 4: free t)
phase4: error: label 't' is not an os_malloc block (xfree and pfree give back the others) (line 5: realloc t 10)"
    assert_line 't @0: "keep"'
    assert_line "check: ok"
}
