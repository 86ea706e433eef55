#!/usr/bin/env bats
# Phase 3, exercise 2 (phase3/README.md, "Exercises"): an address-ordered
# free list.  `block_free` (phase3/block.c) inserts a freed block before
# the first free block at a higher address instead of at the head, so
# `block_alloc` takes the lowest free block; `block_check` reports a free
# list out of address order.  Fails on the course's code (LIFO); run it
# with `make exercise PHASE=3 EX=2`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common
load ../test_helper/exercise

@test "address order: the next allocation takes the lowest free block of the page, not the last freed" {
    # three 1200-byte structs fill a page; a is at its start, c at its end
    run --separate-stderr phase3 -c 'register r 1200; a = alloc r; b = alloc r; c = alloc r; free a; free c; d = alloc r; e = alloc r; check'
    assert_success
    assert_output "registered r: 1200 bytes, family 0, on family page 0 (page 0)
r: formatted page 1 into 3 blocks (meta 48 + data 1200 bytes each, tail 304)
a: r at page 1 offset 96, 1200 bytes
b: r at page 1 offset 1344, 1200 bytes
c: r at page 1 offset 2592, 1200 bytes
a: freed
c: freed
d: r at page 1 offset 96, 1200 bytes
e: r at page 1 offset 2592, 1200 bytes
check: ok"
}

@test "address order across pages: the block at the lower real address comes first (--raw)" {
    # a is the first block of page 1, f the last of page 2; which of the
    # two lies lower depends on where mmap put the pages
    run --separate-stderr phase3 --raw -c 'register r 1200; a = alloc r; b = alloc r; c = alloc r; d = alloc r; e = alloc r; f = alloc r; free a; free f; g = alloc r; h = alloc r; free g; free h; i = alloc r; check'
    assert_success
    local a_line f_line lower
    a_line=$(printf '%s\n' "$output" | sed -n 's/^a: r at //p')
    f_line=$(printf '%s\n' "$output" | sed -n 's/^f: r at //p')
    # "page P offset O, 1200 bytes (data at 0xADDRESS)"
    if (( $(sed 's/.*data at \(0x[0-9a-f]*\).*/\1/' <<<"$a_line") <
          $(sed 's/.*data at \(0x[0-9a-f]*\).*/\1/' <<<"$f_line") )); then
        lower=$a_line
    else
        lower=$f_line
    fi
    assert_line "g: r at $lower"
    assert_line "i: r at $lower"
    assert_line "check: ok"
}

@test "block_check reports a free list that is out of address order" {
    exercise_phase_program 3 phase3-2
    run --separate-stderr hc_exe "$BATS_TEST_TMPDIR/phase3-2"
    assert_success
    assert_line --index 0 "lower block first: 0 problems"
    assert_line --regexp '^higher block first: [1-9][0-9]* problems?$'
    assert_line "all freed: 0 problems"
}
