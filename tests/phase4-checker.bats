#!/usr/bin/env bats
# Phase 4's heap checkers: typed_check (phase4/typed.c), pool_check
# (phase4/pool/pool.c) and os_heap_check (phase4/os/osmem.c), each with the chain
# engine's chain_check (phase4/chain.c).  Each C program under tests/c/
# breaks every invariant its checker claims on purpose, one at a time, and
# prints what the checker reported.

load test_helper/common

@test "the typed allocator's checker reports each broken invariant, and nothing once repaired" {
    run --separate-stderr hc_test typed_checker
    assert_success
    assert_golden phase4/typed_checker.out
    assert_equal "$stderr" ""
}

@test "the pool's checker reports each broken invariant, and nothing once repaired" {
    run --separate-stderr hc_test pool_checker
    assert_success
    assert_golden phase4/pool_checker.out
    assert_equal "$stderr" ""
}

@test "os_malloc's checker reports each broken invariant of the brk heap and the mapped blocks" {
    run --separate-stderr hc_test os_checker
    assert_success
    assert_golden phase4/os_checker.out
    assert_equal "$stderr" ""
}
