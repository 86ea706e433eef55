#!/usr/bin/env bats
# A shortened `make stress` (tests/stress/) for phase 4's allocators: the
# typed allocator, the pool, os_* and libheap, each under random
# operations with every byte verified and the checker every 1,000
# operations; and proof that a broken heap fails the check and is drawn.

load test_helper/common

# Operations per allocator: enough to map, split, merge and unmap many
# times; far fewer under valgrind.
ops() {
    if under_valgrind; then echo 4000; else echo 100000; fi
}

# run_stress ARGS...: the stress program, pictures into the test's tmpdir.
run_stress() {
    run --separate-stderr hc_test stress --check-every 1000 \
        --dot-dir "$BATS_TEST_TMPDIR" "$@"
}

# assert_passed NAME: the allocator's lines say it passed.
assert_passed() {
    assert_line --regexp "^$1: operations [0-9]+ \(allocations [1-9][0-9]*, frees [1-9][0-9]*, "
    assert_line --regexp "^$1: checks [1-9][0-9]*, mismatches 0, check failures 0$"
    assert_line --regexp "^$1: memory returned to the kernel: (ok|not compared)"
}

# assert_drawn NAME OP: the check failed at OP and the heap is in a DOT file.
assert_drawn() {
    local dot="$BATS_TEST_TMPDIR/stress-$1-$2.dot"
    assert_failure 1
    assert_line --regexp "^$1: corrupting block [0-9]+ at operation $2"
    assert_line --regexp "^$1: check: "
    assert_line --regexp "^$1: check failed at operation $2: [1-9][0-9]* problems?$"
    assert_line "$1: heap drawn in $dot"
    assert_line "stress: FAILED: $1"
    assert_file_exists "$dot"
    assert_file_matches "$dot" '^digraph'
    if command -v dot >/dev/null; then
        dot -Tsvg "$dot" -o /dev/null
    fi
}

@test "the typed allocator passes a shortened stress run" {
    run_stress --ops "$(ops)" typed
    assert_success
    assert_passed typed
    assert_line --regexp '^typed: memory returned to the kernel: (ok|not compared)'
    refute_output --partial 'kept by design'
    assert_line 'stress: every allocator passed'
}

@test "the pool passes a shortened stress run" {
    run_stress --ops "$(ops)" pool
    assert_success
    assert_passed pool
    refute_output --partial 'kept by design'
}

@test "os_* passes a shortened stress run, keeping only its brk heap" {
    run_stress --ops "$(($(ops) / 4))" os
    assert_success
    assert_passed os
    assert_output --regexp 'os: memory returned to the kernel: (ok, but for [0-9]+ bytes kept by design \(the brk heap|not compared)'
}

@test "libheap passes a shortened stress run, realloc included" {
    run_stress --ops "$(ops)" heap
    assert_success
    assert_passed heap
    assert_line --regexp '^heap: operations [0-9]+ .*reallocations [1-9][0-9]*,'
    # heap_trim gives back every mapping libheap holds without using it
    assert_line --regexp '^heap: memory returned to the kernel: (ok|not compared)'
    refute_output --partial 'kept by design'
}

# What a seed decides: the operations and sizes (not the time taken, nor
# the mappings, which depend on where the kernel puts them).
seeded() { printf '%s\n' "$output" | grep -e operations -e 'peak live'; }

@test "the same seed gives the same run, another seed another" {
    run_stress --ops 3000 --seed 5 typed
    assert_success
    local first=$(seeded)
    run_stress --ops 3000 --seed 5 typed
    assert_equal "$(seeded)" "$first"
    run_stress --ops 3000 --seed 6 typed
    refute [ "$(seeded)" = "$first" ]
}

@test "a corrupted meta block of the typed allocator fails the check and is drawn" {
    run_stress --ops 5000 --corrupt 2000 typed
    assert_drawn typed 2000
    assert_line --regexp '^typed: checks 2, mismatches 0, check failures 1$'
}

@test "a corrupted pool block fails the check and is drawn" {
    run_stress --ops 5000 --corrupt 1500 pool
    assert_drawn pool 2000
}

@test "a corrupted os_* header fails the check and is drawn" {
    run_stress --ops 5000 --corrupt 3000 os
    assert_drawn os 3000
}

@test "a torn libheap tag fails the check and is drawn" {
    run_stress --ops 5000 --corrupt 1000 heap
    assert_drawn heap 1000
    assert_line --regexp '^heap: check: .*the block tag at offset [0-9]+ is corrupt'
    # the picture's walk of that region stops at the same torn tag
    local offset=$(printf '%s\n' "$output" |
        sed -n 's/^heap: check: .*the block tag at offset \([0-9]*\) .*/\1/p')
    local dot="$BATS_TEST_TMPDIR/stress-heap-1000.dot"
    assert_file_matches "$dot" 'the walk stops at a corrupt tag'
    assert_file_matches "$dot" "corrupt tag<BR/>@$offset<"
}

@test "bad options and unknown allocators exit 2 with a usage line" {
    run --separate-stderr hc_test stress --ops -1
    assert_failure 2
    assert_regex "$stderr" '^usage: stress '
    run --separate-stderr hc_test stress nosuch
    assert_failure 2
    run --separate-stderr hc_test stress --check-every 0
    assert_failure 2
}
