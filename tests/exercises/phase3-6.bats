#!/usr/bin/env bats
# Phase 3, exercise 6 (phase3/README.md, "Exercises"): O(1) lookup.
# block_page_find (phase3/block.c) masks a pointer to its page and looks
# the page up in a hash set of data pages, block_find knows a block's
# start by arithmetic, and `stats` prints how many lookups there were and
# how many data pages and blocks they examined.  Fails on the course's
# code (no such line; its walk would examine about 70 a lookup here); run
# it with `make exercise PHASE=3 EX=6`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

# many_script FILE: /tmp/many.hc of the lesson (5000 emp_t on 120 pages),
# but freed last first, so that a walk of the pages in their list's order
# finds each pointer's page last; then `stats`
many_script() {
    local i
    {
        echo "register emp_t 36"
        for ((i = 1; i <= 5000; i++)); do echo "a$i = alloc emp_t"; done
        for ((i = 5000; i >= 1; i--)); do echo "free a$i"; done
        echo check
        echo stats
    } >"$1"
}

@test "O(1) lookup: over 120 pages, lookups examine at most 2 data pages or blocks each on average" {
    many_script "$BATS_TEST_TMPDIR/many.hc"
    run --separate-stderr phase3 --strict "$BATS_TEST_TMPDIR/many.hc"
    assert_success
    assert_line "check: ok"
    output=$(printf '%s\n' "$output" | sed -n '/^meta block /,$p') # stats only
    assert_line --regexp '^lookups +[0-9]+, data pages and blocks examined [0-9]+$'
    local line lookups examined
    line=$(printf '%s\n' "$output" | grep '^lookups ')
    lookups=$(sed 's/^lookups *\([0-9]*\),.*/\1/' <<<"$line")
    examined=$(sed 's/.* examined \([0-9]*\)$/\1/' <<<"$line")
    # every free looks its pointer up at least once
    ((lookups >= 5000)) ||
        fail "expected at least 5000 lookups (one a free), got: $line"
    ((examined <= 2 * lookups)) ||
        fail "expected at most 2 data pages or blocks examined a lookup on average, got: $line"
}

@test "O(1) lookup: structs on every page are still found, written, read and freed" {
    local script="register emp_t 36" i
    for ((i = 1; i <= 100; i++)); do script+="; a$i = alloc emp_t"; done
    script+='; write a1 0 first; write a50 0 middle; write a100 0 last'
    script+='; read a1 0 5; read a50 0 6; read a100 0 4'
    for ((i = 1; i <= 100; i += 2)); do script+="; free a$i"; done
    script+='; check'
    run --separate-stderr phase3 --strict -c "$script"
    assert_success
    assert_line 'a1 @0: "first"'
    assert_line 'a50 @0: "middle"'
    assert_line 'a100 @0: "last"'
    assert_line 'a99: freed'
    assert_line 'check: ok'
}

@test "O(1) lookup: the C API's refusals stay the same" {
    run --separate-stderr hc_test block_api
    assert_success
    assert_line '  refused: pointer is inside page 2 but not at the start of a data block'
    assert_line '  refused: pointer is not in any data page of ours'
    assert_line '  refused: block at page 2 offset 192 is already free (double free)'
    refute_line --regexp '^FAIL'
}
