#!/usr/bin/env bats
# Phase 4, exercise 4 (phase4/README.md, "Exercises"): boundary tags.
# `footers on` (phase4/typed_commands.c, typed_set_footers in
# phase4/typed.c) ends every block of the typed allocator with a 16-byte
# footer (its length and free bit, CS:APP's FTRP) just before the next
# meta block, and the engine's `prev` op finds the block before through
# that footer.  A node's overhead becomes 48 + 16 bytes, so offsets shift.
# Fails on the course's code (no such command); run it with
# `make exercise PHASE=4 EX=4`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common
load ../test_helper/exercise

@test "footers: a new page's blocks make room for a footer each" {
    run --separate-stderr phase4 -c 'register r 400; footers on; a = xcalloc r 1; blocks; check'
    assert_success
    assert_line 'footers: on'
    assert_line 'a: 1 x r at page 1 offset 96, 400 bytes (split)'
    # 400 + a footer of 16 + the next meta block of 48; 4000 - 16 - 464
    assert_line '    meta @512   data @560    3520 bytes  free'
    assert_line 'check: ok'
}

@test "footers: three adjacent frees end as one free block, whatever the order" {
    local order
    for order in "a b c" "a c b" "c b a" "b a c" "b c a" "c a b"; do
        set -- $order
        run --separate-stderr phase4 -c "register r 400; footers on; a = xcalloc r 1; b = xcalloc r 1; c = xcalloc r 1; keep = xcalloc r 1; xfree $1; xfree $2; xfree $3; blocks; stats; check"
        assert_success
        # 3 x 400 and the two inner footers and meta blocks
        assert_line "    meta @48    data @96     1328 bytes  free"
        assert_line "    meta @1440  data @1488    400 bytes  allocated  keep"
        assert_line "merges         2"
        assert_line "check: ok"
    done
}

@test "footers: a rest too small for a meta block, a footer and 16 bytes is a gap before the footer" {
    run --separate-stderr phase4 -c 'register t 3968; footers on; e = xcalloc t 1; blocks; check; xfree e; check'
    assert_success
    assert_line 'e: 1 x t at page 1 offset 96, 3968 bytes (hard internal fragmentation)'
    assert_line '    meta @48    data @96     3968 bytes  allocated  gap 16  e'
    assert_line 't: page 1 is one free block again, given back to the page layer'
    refute_line --partial 'check: 1'
}

@test "footers: a run of pages ends with one too" {
    run --separate-stderr phase4 -c 'register r 1000; footers on; big = xcalloc r 10; blocks; xfree big; check'
    assert_success
    assert_line '    meta @10112 data @10160  2112 bytes  free'
    assert_line 'check: ok'
}

@test "footers: refused once a family has a data page, which nothing changes" {
    run --separate-stderr phase4 -c 'register r 400; a = xcalloc r 1; footers on; b = xcalloc r 1; check'
    assert_failure 1
    assert_line 'b: 1 x r at page 1 offset 544, 400 bytes (split)'
    assert_line 'check: ok'
}

@test "footers: the lesson's mixed workload ends with check: ok" {
    typed_mixed_workload "footers on" >"$BATS_TEST_TMPDIR/mix.hc"
    run --separate-stderr phase4 --strict "$BATS_TEST_TMPDIR/mix.hc"
    assert_success
    assert_line 'footers: on'
    assert_line 'check: ok'
}
