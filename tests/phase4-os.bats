#!/usr/bin/env bats
# Phase 4's os_* assignment (phase4/os/: osmem.c and its commands), a
# client of the chain engine: its rules, its system calls, its program
# commands.

load test_helper/common

@test "os_* follows the assignment's rules, and a random run keeps every byte" {
    # 25,000 random operations print what 100,000 did (the golden); the
    # long runs are tests/phase4-stress.bats and make stress
    run --separate-stderr hc_test os_api 25000
    assert_success
    assert_equal "$stderr" ""
    assert_golden phase4/os_api.out
}

@test "the os_* heap from the program: golden heap listings" {
    run_golden phase4 os
    assert_success
    assert_line "e: 200 bytes at heap offset 168"
    assert_line "big: 131072 bytes, mapped on its own"
    assert_line 'a @0: "alpha"'
}

@test "os_* bad input: NULL explained in one line each, nothing else changes" {
    run_golden phase4 os-bad-input
    assert_failure 1
    assert_line 'keep @0: "safe"'
    assert_line "check: ok"
}

# normalize_trace FILE: an strace of os_trace cut into steps at each
# getppid(), each brk, mmap and munmap as "STEP CALL SIZE" (brk as the
# change of the break it makes).
normalize_trace() {
    local step=0 brk=0 line now
    while IFS= read -r line; do
        case $line in
        *getppid*) step=$((step + 1)); continue ;;
        esac
        ((step > 0)) || continue
        case $line in
        "brk("*)
            now=${line##*= 0x}
            now=$((16#$now))
            if [[ $line == "brk(NULL)"* ]]; then brk=$now; continue; fi
            echo "$step brk +$((now - brk))"
            brk=$now ;;
        "mmap("*)
            line=${line#*, }
            echo "$step mmap ${line%%,*}" ;;
        "munmap("*)
            line=${line#*, }
            echo "$step munmap ${line%%)*}" ;;
        esac
    done <"$1"
}

@test "os_* makes exactly the brk, mmap and munmap calls the assignment specifies" {
    under_sanitizers && skip "strace and AddressSanitizer both need ptrace-like control; the plain build runs this"
    command -v strace >/dev/null || skip "strace is not installed (make check installs it)"
    run strace -e trace=brk,mmap,munmap,getppid -o "$BATS_TEST_TMPDIR/trace" \
        "$HC_BUILD/tests/os_trace"
    assert_success
    run normalize_trace "$BATS_TEST_TMPDIR/trace"
    # 1 preallocation; 2 nothing; 3-4 a mapped block of 32 + 200000 bytes;
    # 5 the free last block grown by 128 bytes; 6-7 a page-sized calloc
    # mapped and unmapped; freeing brk blocks makes no call; 9 a realloc
    # of a block that was not the last: its free followers are not enough,
    # so it moves to a new block of 32 + 131000 bytes; 10 a realloc of the
    # last block grows it in place by 24 bytes.
    assert_output "1 brk +131072
3 mmap 200032
4 munmap 200032
5 brk +128
6 mmap 4128
7 munmap 4128
9 brk +131032
10 brk +24"
}

@test "a program written for the assignment compiles with only osmem.h and runs on libosmem.so" {
    # Built with -Wall -Wextra -Werror (phase4/os/os.mk): it would not
    # build if osmem.h left out the C library headers it relies on.
    run --separate-stderr hc_test os_assignment_app
    assert_success
    assert_equal "$stderr" ""
    assert_output "os_assignment_app: 9 blocks checked"
}

@test "free and realloc refuse a block that os_malloc did not hand out" {
    run --separate-stderr phase4 -c 'register r 8; t = xcalloc r 1; write t 0 keep; free t; realloc t 10; read t 0 4; check'
    assert_failure 1
    assert_equal "$stderr" "phase4: error: label 't' is not an os_malloc block (xfree and pfree give back the others) (line 4: free t)
phase4: error: label 't' is not an os_malloc block (xfree and pfree give back the others) (line 5: realloc t 10)"
    assert_line 't @0: "keep"'
    assert_line "check: ok"
}
