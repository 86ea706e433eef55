#!/usr/bin/env bats
# Phase 1: pages from the kernel (phase1/page.c and the phase1 program).

load test_helper/common

# stat_line WORD: the line of `stats` output that starts with WORD.
stat_line() { printf '%s\n' "$output" | grep -E "^$1 "; }

# --- golden scenarios -------------------------------------------------------

@test "the demo script prints exactly its golden output" {
    run --separate-stderr phase1 --strict "$HC_ROOT/phase1/demo.hc"
    assert_success
    assert_golden phase1/demo.out
    assert_equal "$stderr" ""
}

@test "the cache scenario prints exactly its golden output" {
    run_golden phase1 cache
    assert_success
}

@test "every bad input in one script: one golden error line each, nothing else changes" {
    run_golden phase1 bad-input
    assert_failure 1
    assert_line 'keep @0: "precious data"'
    assert_line "check: ok"
}

@test "the DOT picture of a scenario is exactly its golden DOT and renders cleanly" {
    run_golden phase1 picture
    assert_success
    printf '%s\n' "$output" | sed -n '/^digraph/,$p' >"$BATS_TEST_TMPDIR/p.dot"
    dot_accepts "$BATS_TEST_TMPDIR/p.dot"
}

# --- pages and the cache ------------------------------------------------------

@test "fresh pages from mmap read as zeros" {
    run --separate-stderr phase1 -c 'p = pages 1; read p 4092 4'
    assert_success
    assert_line 'p @4092: "\0\0\0\0"'
}

@test "text written into a run reads back, at its first and last byte too" {
    run --separate-stderr phase1 -c 'p = pages 2; write p 0 A; write p 8191 Z; write p 4094 "ab cd"; read p 0 1; read p 8191 1; read p 4094 5'
    assert_success
    assert_line 'p @0: "A"'
    assert_line 'p @8191: "Z"'
    assert_line 'p @4094: "ab cd"'
}

@test "the cache really avoids mmap calls: three requests, one mmap" {
    run --separate-stderr phase1 -c 'a = pages 1; unmap a; b = pages 1; unmap b; c = pages 1; stats; check'
    assert_success
    assert_equal "$(stat_line 'system calls')" "system calls   mmap 1, munmap 0"
    assert_equal "$(stat_line requests)" "requests       3, pages 3, served from the cache 2"
    assert_line "check: ok"
}

@test "without a cache every request is an mmap and every return a munmap" {
    run --separate-stderr phase1 --cache-pages 0 -c 'a = pages 1; unmap a; b = pages 1; unmap b; c = pages 1; stats; check'
    assert_success
    assert_line "a: page 0 unmapped"
    assert_equal "$(stat_line 'system calls')" "system calls   mmap 3, munmap 2"
    assert_line "check: ok"
}

@test "a cached page keeps its old contents (the cache does not clear)" {
    run --separate-stderr phase1 -c 'a = pages 1; write a 10 secret; unmap a; b = pages 1; read b 10 6'
    assert_success
    assert_line "b: page 0 (1 page, 4096 bytes), from the cache"
    assert_line 'b @10: "secret"'
}

@test "a smaller request splits a cached run and the rest stays cached" {
    run --separate-stderr phase1 -c 'a = pages 4; unmap a; b = pages 1; cache; runs; check'
    assert_success
    assert_line "b: page 0 (1 page, 4096 bytes), from the cache"
    assert_line "  cached: pages 1-3 (3 pages, 12288 bytes)"
    assert_line "check: ok"
}

@test "a request larger than every cached run maps new pages" {
    run --separate-stderr phase1 -c 'a = pages 1; unmap a; b = pages 2; stats'
    assert_success
    assert_line "b: pages 1-2 (2 pages, 8192 bytes), new mapping"
    assert_equal "$(stat_line 'system calls')" "system calls   mmap 2, munmap 0"
}

@test "a run that does not fit in the cache is unmapped whole" {
    run --separate-stderr phase1 --cache-pages 3 -c 'a = pages 2; b = pages 2; unmap a; unmap b; cache; check'
    assert_success
    assert_line "a: pages 0-1 kept in the cache"
    assert_line "b: pages 2-3 unmapped"
    assert_line "cache: 1 run, 2 of 3 pages"
}

@test "lowering the cache limit unmaps the oldest cached runs; drain unmaps the rest" {
    run --separate-stderr phase1 -c 'a = pages 2; b = pages 1; c = pages 1; unmap a; unmap b; unmap c; cache-limit 2; cache; drain; stats; check'
    assert_success
    assert_line "cache: limit 2 pages, 2 pages unmapped"
    assert_line "  cached: page 3 (1 page, 4096 bytes)"
    assert_line "  cached: page 2 (1 page, 4096 bytes)"
    assert_line "cache: drained, 2 pages unmapped"
    assert_equal "$(stat_line 'system calls')" "system calls   mmap 3, munmap 3"
    assert_line "check: ok"
}

@test "page numbers are never reused, even when the kernel reuses an address" {
    run --separate-stderr phase1 --cache-pages 0 -c 'a = pages 1; unmap a; b = pages 1; unmap b; c = pages 2'
    assert_success
    assert_line "b: page 1 (1 page, 4096 bytes), new mapping"
    assert_line "c: pages 2-3 (2 pages, 8192 bytes), new mapping"
}

@test "an exact mapping is never cached and bypasses the cache" {
    run --separate-stderr phase1 -c 'a = pages 1; unmap a; m = map 5000; write m 4999 z; read m 4999 1; unmap m; stats; check'
    assert_success
    assert_line "m: pages 1-2 (2 pages, 5000 bytes, exact), new mapping"
    assert_line "m: pages 1-2 unmapped"
    assert_equal "$(stat_line 'system calls')" "system calls   mmap 2, munmap 1"
    assert_line "check: ok"
}

@test "an exact mapping is bounded by its byte length, not its pages" {
    run --separate-stderr phase1 -c 'm = map 100; write m 99 "ab"'
    assert_failure 1
    assert_error_line phase1 2 'write m 99 "ab"' "write of 2 bytes at offset 99 is outside m \(100 bytes\)"
}

@test "sbrk moves the break up and counts the bytes" {
    run --separate-stderr phase1 -c 'sbrk 4096; sbrk 100; stats; check'
    assert_success
    assert_line "brk: moved up 4096 bytes, 4096 in all"
    assert_line "brk: moved up 100 bytes, 4196 in all"
    assert_line "brk            bytes 4196"
    assert_line "check: ok"
}

@test "a page size of 8192 gives 8192-byte pages aligned to 8192" {
    run --separate-stderr phase1 --raw --page-size 8192 -c 'a = pages 1; b = pages 3; unmap a; c = pages 1; stats; check'
    assert_success
    assert_line "page size      8192 bytes (system page 4096)"
    assert_line --partial "b: pages 1-3 (3 pages, 24576 bytes) at 0x"
    assert_line "check: ok"
    for address in $(printf '%s\n' "$output" | grep -o 'at 0x[0-9a-f]*' | cut -c4-); do
        assert_equal "$((address % 8192))" 0
    done
}

@test "the runs and stats agree with what the scenario did" {
    run --separate-stderr phase1 -c 'a = pages 2; b = pages 3; c = pages 1; unmap b; runs; stats'
    assert_success
    assert_line "live: 2 runs, 3 pages"
    assert_equal "$(stat_line live)" "live           runs 2, pages 3, bytes 12288"
    assert_equal "$(stat_line cache)" "cache          runs 1, pages 3, limit 8"
    assert_equal "$(stat_line returns)" "returns        1, pages 3, kept in the cache 1"
}

@test "the picture shows live runs and the cache as separate clusters" {
    run --separate-stderr phase1 -c "a = pages 1; b = pages 2; unmap b; dump $BATS_TEST_TMPDIR/p.dot"
    assert_success
    # the clusters' titles and the system calls, in tests/golden/phase1/clusters.parts
    assert_golden_parts phase1/clusters.parts "$BATS_TEST_TMPDIR/p.dot" \
        'label=<(live runs|page cache)[^>]*>' 'system calls: mmap [0-9]+, munmap [0-9]+'
    dot_accepts "$BATS_TEST_TMPDIR/p.dot"
}

# --- bad input: one clear line each, nothing else changes ------------------------

# bad_input COMMAND WHAT-REGEX: after a run `keep` holding data, COMMAND
# fails with exactly one error line, and `keep` and the checker are intact.
bad_input() {
    run --separate-stderr phase1 -c "keep = pages 1; write keep 0 safe; $1; read keep 0 4; check"
    assert_failure 1
    assert_error_line phase1 3 "$1" "$2"
    assert_line 'keep @0: "safe"'
    assert_line "check: ok"
}

@test "returning an unknown label is refused" {
    bad_input "unmap nobody" "unknown label 'nobody'"
}

@test "returning a run twice is refused" {
    run --separate-stderr phase1 -c "keep = pages 1; write keep 0 safe; p = pages 2; unmap p; unmap p; read keep 0 4; stats; check"
    assert_failure 1
    assert_error_line phase1 5 "unmap p" "label 'p' was freed"
    assert_line 'keep @0: "safe"'
    assert_line "returns        1, pages 2, kept in the cache 1"
    assert_line "check: ok"
}

@test "writing past the end of a run is refused" {
    bad_input "write keep 4093 four" "write of 4 bytes at offset 4093 is outside keep \(4096 bytes\)"
}

@test "writing at an offset past the run is refused" {
    bad_input "write keep 0x2000 x" "write of 1 byte at offset 8192 is outside keep \(4096 bytes\)"
}

@test "reading past the end of a run is refused" {
    bad_input "read keep 4000 100" "read of 100 bytes at offset 4000 is outside keep \(4096 bytes\)"
}

@test "reading with an offset near SIZE_MAX is refused without overflow" {
    bad_input "read keep 0xffffffffffffffff 2" "read of 2 bytes at offset 18446744073709551615 is outside keep \(4096 bytes\)"
}

@test "a read of zero bytes at the very end is allowed" {
    run --separate-stderr phase1 -c 'p = pages 1; read p 4096 0'
    assert_success
    assert_line 'p @4096: ""'
}

@test "a page count of 0 is refused" {
    bad_input "pages 0" "page count must be at least 1"
}

@test "a negative page count is refused" {
    bad_input "pages -2" "page count '-2' is negative"
}

@test "a non-numeric page count is refused" {
    bad_input "pages two" "page count 'two' is not a number"
}

@test "a page count that overflows the address space is refused" {
    bad_input "pages 0xffffffffffffffff" "18446744073709551615 pages of 4096 bytes do not fit in the address space"
}

@test "a page count the kernel refuses is reported, not a crash" {
    # The reason differs (ENOMEM natively, EINVAL under valgrind): the form is checked.
    bad_input "pages 1000000000000" "mmap of 1000000000000 pages failed: [A-Za-z ]+"
}

@test "an exact mapping near SIZE_MAX is reported, not a crash" {
    bad_input "map 0xfffffffffffff000" "mmap of 18446744073709547520 bytes failed: [A-Za-z ]+"
}

@test "an exact mapping of 0 bytes is refused" {
    bad_input "map 0" "an exact mapping needs at least 1 byte"
}

@test "an sbrk the kernel refuses is reported, not a crash" {
    bad_input "sbrk 0x7000000000000000" "sbrk of 8070450532247928832 bytes failed: [A-Za-z ]+"
}

@test "an sbrk beyond what the break can move is refused" {
    bad_input "sbrk 0xffffffffffffffff" "cannot move the break by 18446744073709551615 bytes"
}

@test "an unknown command is refused" {
    bad_input "frobnicate keep" "unknown command 'frobnicate' \(try 'help'\)"
}

@test "a missing argument is refused" {
    bad_input "write keep 0" "missing argument: usage: write LABEL OFFSET TEXT"
}

@test "an extra argument is refused" {
    bad_input "unmap keep keep" "too many arguments: usage: unmap LABEL"
}

@test "a label that is live cannot be bound again" {
    bad_input "keep = pages 1" "label 'keep' is already bound to a live result"
}

@test "an unreadable script file exits 2" {
    run --separate-stderr phase1 /nonexistent/script.hc
    assert_failure 2
    assert_equal "$stderr" "phase1: error: cannot read '/nonexistent/script.hc': No such file or directory"
}

@test "a page size that is not a power of two exits 2" {
    run --separate-stderr phase1 --page-size 12288 -c 'pages 1'
    assert_failure 2
    assert_equal "$stderr" "phase1: error: --page-size: page size 12288 is not a power of two"
}

@test "a page size smaller than the system page exits 2" {
    run --separate-stderr phase1 --page-size 2048 -c 'pages 1'
    assert_failure 2
    assert_equal "$stderr" "phase1: error: --page-size: page size 2048 is smaller than the system page (4096)"
}

@test "a page size of 0, text, or too large exits 2" {
    run --separate-stderr phase1 --page-size 0
    assert_failure 2
    assert_equal "$stderr" "phase1: error: --page-size: page size 0 is not a power of two"
    run --separate-stderr phase1 --page-size big
    assert_failure 2
    assert_equal "$stderr" "phase1: error: --page-size: page size 'big' is not a number"
    run --separate-stderr phase1 --page-size=0x80000000
    assert_failure 2
    assert_equal "$stderr" "phase1: error: --page-size: page size 2147483648 is larger than 1073741824"
}

@test "a bad cache limit option exits 2" {
    run --separate-stderr phase1 --cache-pages -1
    assert_failure 2
    assert_equal "$stderr" "phase1: error: --cache-pages: cache limit '-1' is negative"
}
