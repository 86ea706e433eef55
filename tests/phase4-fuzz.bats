#!/usr/bin/env bats
# Phase 4's fuzzing, replayed in every configuration: the os_* fuzz target
# (tests/fuzz/fuzz_os.c) built without libFuzzer (tests/fuzz/replay.c), as
# is and with red zones, on its seed corpus and on every crash a fuzzer
# found (tests/fuzz/crashes/os-*), each a minimal input kept so that the
# fix stays.  The phase programs' crashes replay as scripts in
# tests/phaseN.bats.  Fuzzing itself: make fuzz (README.md, Hardening).

load test_helper/common

replays_clean() { # replays_clean PROGRAM FILE...: each input runs to "FILE: ok"
    local program=$1 file
    shift
    run --separate-stderr hc_test "$program" "$@"
    assert_success
    for file in "$@"; do
        assert_line "$file: ok"
    done
}

@test "the os_* fuzz target replays its seed corpus: contents and checks hold" {
    replays_clean fuzz_os_replay "$HC_ROOT"/tests/fuzz/corpus/os/*
    replays_clean fuzz_os_replay_debug "$HC_ROOT"/tests/fuzz/corpus/os/*
}

# Found by fuzz_os with red zones: a realloc whose grow in place failed
# after absorbing a free neighbour left the block bigger with its red zone
# not at its end, so the move copied 4 bytes of 8 and could not free it.
# The input: os_malloc 8, 4 and 10 bytes; os_realloc the 4-byte block to
# 183 (it moves: its old place is free); os_realloc the 8-byte block to
# 131008 (absorbs that free place, still too small, so it moves).
@test "fuzz crash os-debug-realloc-redzone: a moving realloc keeps every byte and frees the old block" {
    local crash="$HC_ROOT/tests/fuzz/crashes/os-debug-realloc-redzone"
    replays_clean fuzz_os_replay_debug "$crash"
    replays_clean fuzz_os_replay "$crash"
}

@test "the replayer reports an input it cannot read" {
    run --separate-stderr hc_test fuzz_os_replay "$BATS_TEST_TMPDIR/missing"
    assert_failure 2
    assert_equal "$stderr" "$HC_BUILD/tests/fuzz_os_replay: cannot read '$BATS_TEST_TMPDIR/missing'"
}
