#!/usr/bin/env bats
# Phase 4, the os_* exercise 2 (phase4/os/README.md, "Exercises"): what
# best fit buys.  The program gets a command `os-policy first|best|worst`
# that sets the fit policy of os_malloc's heap (os_chain in
# phase4/os/osmem.c, through a function in os_heap.h) and prints
# "os heap: POLICY fit"; best fit, the assignment's, stays the default.
# Fails on the course's code (no such command); run it with
# `make exercise PHASE=4 EX=os-2`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

# Free blocks of 1000 bytes at offset 32 and 104 bytes at offset 1112, kept
# apart by x and y, and the heap's free rest at 1296.
setup_heap() {
    echo 'a = malloc 1000; x = malloc 10; b = malloc 100; y = malloc 10; free a; free b'
}

@test "os first fit: 100 bytes split the first free block, at offset 32" {
    run --separate-stderr phase4 -c "$(setup_heap); os-policy first; c = malloc 100; heap; check"
    assert_equal "$stderr" ""
    assert_success
    assert_output "a: 1000 bytes at heap offset 32
x: 16 bytes at heap offset 1064
b: 104 bytes at heap offset 1112
y: 16 bytes at heap offset 1248
a: freed
b: freed
os heap: first fit
c: 104 bytes at heap offset 32
os heap (offsets from its start):
  meta @0      data @32         104 bytes  allocated  c
  meta @136    data @168        864 bytes  free
  meta @1032   data @1064        16 bytes  allocated  x
  meta @1080   data @1112       104 bytes  free
  meta @1216   data @1248        16 bytes  allocated  y
  meta @1264   data @1296    129776 bytes  free
check: ok"
}

@test "os best fit: the default, and again after os-policy best: the exact 104-byte block" {
    run --separate-stderr phase4 -c "$(setup_heap); c = malloc 100"
    assert_success
    assert_line "c: 104 bytes at heap offset 1112"
    run --separate-stderr phase4 -c "$(setup_heap); os-policy first; os-policy best; c = malloc 100"
    assert_success
    assert_line "os heap: best fit"
    assert_line "c: 104 bytes at heap offset 1112"
}

@test "os worst fit: the largest free block, the heap's rest" {
    run --separate-stderr phase4 -c "$(setup_heap); os-policy worst; c = malloc 100; check"
    assert_success
    assert_line "os heap: worst fit"
    assert_line "c: 104 bytes at heap offset 1296"
    assert_line "check: ok"
}

@test "os-policy refuses an unknown policy and changes nothing" {
    run --separate-stderr phase4 -c "$(setup_heap); os-policy next; c = malloc 100"
    assert_failure 1
    assert_equal "$stderr" "phase4: error: unknown policy 'next' (first, best or worst) (line 7: os-policy next)"
    assert_line "c: 104 bytes at heap offset 1112"
}
