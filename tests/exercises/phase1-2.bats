#!/usr/bin/env bats
# Phase 1, exercise 2 (phase1/README.md, "Exercises"): best fit.
# `cache_find` (phase1/page.c) takes the smallest cached run that is large
# enough, instead of the first one.  Fails on the course's code (first
# fit); run it with `make exercise PHASE=1 EX=2`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

# The cache holds pages 0-2 (freed last, so first on its list) and page 4.
setup_cache() {
    echo 'a = pages 3; s = pages 1; b = pages 1; unmap b; unmap a'
}

@test "best fit: one page comes from the 1-page run, not from splitting the 3-page run" {
    run --separate-stderr phase1 -c "$(setup_cache); c = pages 1; cache; check"
    assert_success
    assert_output "a: pages 0-2 (3 pages, 12288 bytes), new mapping
s: page 3 (1 page, 4096 bytes), new mapping
b: page 4 (1 page, 4096 bytes), new mapping
b: page 4 kept in the cache
a: pages 0-2 kept in the cache
c: page 4 (1 page, 4096 bytes), from the cache
cache: 1 run, 3 of 8 pages
  cached: pages 0-2 (3 pages, 12288 bytes)
check: ok"
}

@test "best fit: an exact fit wins over an earlier, larger run, and the larger run stays whole" {
    run --separate-stderr phase1 -c "$(setup_cache); c = pages 1; d = pages 3; stats"
    assert_success
    assert_line 'd: pages 0-2 (3 pages, 12288 bytes), from the cache'
    assert_line 'system calls   mmap 3, munmap 0'
}

@test "best fit: with no run large enough, a new mapping, the cache unchanged" {
    run --separate-stderr phase1 -c "$(setup_cache); c = pages 4; cache"
    assert_success
    assert_line 'c: pages 5-8 (4 pages, 16384 bytes), new mapping'
    assert_line 'cache: 2 runs, 4 of 8 pages'
}
