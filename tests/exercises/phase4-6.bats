#!/usr/bin/env bats
# Phase 4, exercise 6 (phase4/README.md, "Exercises"): poison and detect.
# The typed allocator (phase4/typed.c) fills a freed block's data with
# 0xdb; before handing bytes out again (and zeroing them) it verifies they
# are still 0xdb, and reports a use after free through diag: libmm.a
# (phase4/uapi_mm.c) prints it as one "mm: xcalloc: use after free: ..."
# line on standard error.  The program that writes through a dangling
# pointer is tests/exercises/phase4-6.c, on libmm.a.  Fails on the course's
# code (nothing is poisoned); run it with `make exercise PHASE=4 EX=6`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common
load ../test_helper/exercise

# build_program: tests/exercises/phase4-6.c linked with libmm.a, in
# $BATS_TEST_TMPDIR/phase4-6.
build_program() {
    exercise_program phase4-6 "$BATS_TEST_DIRNAME/phase4-6.c" \
        "$HC_BIN/phase4/libmm.a"
}

@test "poison: a freed block's data is 0xdb" {
    build_program
    run --separate-stderr hc_exe "$BATS_TEST_TMPDIR/phase4-6" dangling
    assert_success
    assert_line 'after XFREE: 1800 of 1800 bytes are 0xdb'
}

@test "poison: a write through a dangling pointer is reported when the block is handed out again, which is still zeroed" {
    build_program
    run --separate-stderr hc_exe "$BATS_TEST_TMPDIR/phase4-6" dangling
    assert_success
    assert_line 'XCALLOC again: the same block, 1800 of 1800 bytes zero'
    # one line on standard error
    output=$stderr
    assert_output --regexp '^mm: xcalloc: use after free: .+$'
    assert_equal "$(printf '%s\n' "$stderr" | wc -l)" 1
}

@test "poison: splits, merges and pages taken again report nothing when no freed block is touched" {
    build_program
    run --separate-stderr hc_exe "$BATS_TEST_TMPDIR/phase4-6" clean
    assert_success
    assert_line 'clean: 2000 operations'
    assert_equal "$stderr" ""
}
