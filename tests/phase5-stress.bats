#!/usr/bin/env bats
# A shortened `make stress` (tests/stress/) for MeMS: random mems_malloc
# and mems_free of 1 byte to 16 pages, every byte written and verified
# through mems_get, mems_check every 1,000 operations, everything unmapped
# by mems_finish; and proof that a broken sub-chain fails the check and is
# drawn.

load test_helper/common

run_stress() {
    run --separate-stderr hc_test stress --check-every 1000 \
        --dot-dir "$BATS_TEST_TMPDIR" "$@"
}

@test "MeMS passes a shortened stress run and unmaps everything" {
    local ops=200000
    under_valgrind && ops=5000
    run_stress --ops "$ops" mems
    assert_success
    assert_line --regexp '^mems: operations [0-9]+ \(allocations [1-9][0-9]*, frees [1-9][0-9]*, '
    assert_line --regexp '^mems: checks [1-9][0-9]*, mismatches 0, check failures 0$'
    if under_valgrind; then
        assert_line --regexp '^mems: memory returned to the kernel: not compared'
    else
        assert_line 'mems: memory returned to the kernel: ok'
    fi
    assert_line 'stress: every allocator passed'
}

# libheap before MeMS in one process: once, under ASan, the mappings libheap
# gave back were still marked poisoned when the kernel handed their
# addresses to MeMS.  (Here, not with phase 4's stress tests: a phase 5
# handout must pass those with MeMS still to write.)
@test "libheap then MeMS in one process: memory libheap gave back is clean for the next user" {
    local ops=100000
    under_valgrind && ops=4000
    run_stress --ops "$ops" heap mems
    assert_success
    local name
    for name in heap mems; do
        assert_line --regexp "^$name: operations [0-9]+ \(allocations [1-9][0-9]*, frees [1-9][0-9]*, "
        assert_line --regexp "^$name: checks [1-9][0-9]*, mismatches 0, check failures 0\$"
        assert_line --regexp "^$name: memory returned to the kernel: (ok|not compared)"
    done
}

@test "a corrupted MeMS segment fails the check and the chains are drawn" {
    local dot="$BATS_TEST_TMPDIR/stress-mems-2000.dot"
    run_stress --ops 5000 --corrupt 2000 mems
    assert_failure 1
    assert_line --regexp '^mems: corrupting block [0-9]+ at operation 2000'
    assert_line --regexp '^mems: check: '
    assert_line --regexp '^mems: check failed at operation 2000: '
    assert_line "mems: heap drawn in $dot"
    assert_file_exists "$dot"
    assert_file_matches "$dot" 'MAIN\[1000:'
    if command -v dot >/dev/null; then
        dot -Tsvg "$dot" -o /dev/null
    fi
}
