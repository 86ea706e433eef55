#!/usr/bin/env bats
# Phase 4, exercise 2 (phase4/README.md, "Exercises"): segregated free
# lists.  `lists segregated` (phase4/typed_commands.c) gives each family
# one free list per size class (1, 2, 3-4, 5-8, 9+ units), chosen by the
# ops' free_list (phase4/typed.c); a search looks at the request's class
# first, then at each larger class, by the fit policy; `check` verifies
# each listed block's class.  Fails on the course's code (no such
# command); run it with `make exercise PHASE=4 EX=2`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common
load ../test_helper/exercise

@test "segregated lists: a 1-unit request takes a 1-unit block, not the lower 3-unit one (first fit)" {
    run --separate-stderr phase4 -c 'register r 192; policy first; lists segregated; a = xcalloc r 3; h1 = xcalloc r 1; b = xcalloc r 1; h2 = xcalloc r 1; xfree a; xfree b; y = xcalloc r 1; check'
    assert_success
    assert_line 'lists: segregated'
    assert_line 'a: 3 x r at page 1 offset 96, 576 bytes (split)'
    assert_line 'b: 1 x r at page 1 offset 960, 192 bytes (split)'
    # one list: first fit takes a's block at 96
    assert_line 'y: 1 x r at page 1 offset 960, 192 bytes (exact fit)'
    assert_line 'check: ok'
}

@test "segregated lists: with the request's class empty, the next class with a block serves it (worst fit)" {
    # a's 6 units (class 5-8) and the page's rest, 13 units (9+); a request
    # of 3 (class 3-4, empty) goes to class 5-8, not to the largest
    run --separate-stderr phase4 -c 'register r 192; lists segregated; a = xcalloc r 6; h1 = xcalloc r 1; xfree a; z = xcalloc r 3; blocks; check'
    assert_success
    assert_line 'z: 3 x r at page 1 offset 96, 576 bytes (split)'
    assert_line '    meta @672   data @720     528 bytes  free'
    assert_line '    meta @1488  data @1536   2560 bytes  free'
    assert_line 'check: ok'
}

@test "segregated lists: back to one list, the free blocks are all found again" {
    run --separate-stderr phase4 -c 'register r 192; lists segregated; a = xcalloc r 6; h1 = xcalloc r 1; xfree a; lists single; check; z = xcalloc r 3; check'
    assert_success
    assert_line 'lists: single'
    assert_line 'z: 3 x r at page 1 offset 1536, 576 bytes (split)'
    refute_line --partial 'check: 1'
    assert_equal "$(printf '%s\n' "$output" | grep -c '^check: ok$')" 2
}

@test "segregated lists: the lesson's mixed workload ends with check: ok under each policy" {
    local policy
    for policy in first best worst; do
        typed_mixed_workload "lists segregated" "policy $policy" >"$BATS_TEST_TMPDIR/mix.hc"
        run --separate-stderr phase4 --strict "$BATS_TEST_TMPDIR/mix.hc"
        assert_success
        assert_line 'check: ok'
    done
}
