#!/usr/bin/env bats
# Phase 5's fuzzing, replayed in every configuration: the MeMS fuzz target
# (tests/fuzz/fuzz_mems.c: operations checked against a layout model and
# a shadow copy of every byte) built without libFuzzer
# (tests/fuzz/replay.c), on its seed corpus and any crash a fuzzer found
# (tests/fuzz/crashes/mems-*).  Fuzzing itself: make fuzz FUZZ_TARGET=mems.

load test_helper/common

@test "the MeMS fuzz target replays its seed corpus: layout, contents and checks hold" {
    local file files=("$HC_ROOT"/tests/fuzz/corpus/mems/*)
    shopt -s nullglob
    files+=("$HC_ROOT"/tests/fuzz/crashes/mems-*)
    run --separate-stderr hc_test fuzz_mems_replay "${files[@]}"
    assert_success
    for file in "${files[@]}"; do
        assert_line "$file: ok"
    done
}
