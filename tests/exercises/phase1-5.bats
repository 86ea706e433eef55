#!/usr/bin/env bats
# Phase 1, exercise 5 (phase1/README.md, "Exercises"): evict old runs
# instead.  When a returned run does not fit in the cache but is no larger
# than the limit, `page_free` (phase1/page.c) unmaps the oldest cached runs
# until it fits, and caches it.  Fails on the course's code (the returned
# run is unmapped, the old ones stay); run it with
# `make exercise PHASE=1 EX=5`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

@test "evict: the newest run stays cached, the oldest is unmapped to make room" {
    run --separate-stderr phase1 --cache-pages 2 -c 'a = pages 2; b = pages 2; unmap a; unmap b; cache; stats; check'
    assert_success
    assert_line 'b: pages 2-3 kept in the cache'
    assert_line 'cache: 1 run, 2 of 2 pages'
    assert_line '  cached: pages 2-3 (2 pages, 8192 bytes)'
    refute_line '  cached: pages 0-1 (2 pages, 8192 bytes)'
    assert_line 'system calls   mmap 2, munmap 1'
    assert_line 'check: ok'
}

@test "evict: only as many of the oldest runs as it takes to make room" {
    run --separate-stderr phase1 --cache-pages 3 -c 'a = pages 1; b = pages 1; c = pages 2; unmap a; unmap b; unmap c; cache; stats; check'
    assert_success
    assert_line 'c: pages 2-3 kept in the cache'
    assert_output --partial 'cache: 2 runs, 3 of 3 pages
  cached: pages 2-3 (2 pages, 8192 bytes)
  cached: page 1 (1 page, 4096 bytes)'
    assert_line 'system calls   mmap 3, munmap 1'
    assert_line 'check: ok'
}

@test "evict: a run larger than the whole cache is unmapped, and the cache keeps its runs" {
    run --separate-stderr phase1 --cache-pages 2 -c 'a = pages 1; b = pages 3; unmap a; unmap b; cache; stats; check'
    assert_success
    assert_line 'b: pages 1-3 unmapped'
    assert_output --partial 'cache: 1 run, 1 of 2 pages
  cached: page 0 (1 page, 4096 bytes)'
    assert_line 'system calls   mmap 2, munmap 1'
    assert_line 'check: ok'
}

@test "evict: an exact mapping still never enters the cache" {
    run --separate-stderr phase1 --cache-pages 2 -c 'a = pages 2; unmap a; m = map 4096; unmap m; cache; check'
    assert_success
    assert_line 'm: page 2 unmapped'
    assert_output --partial 'cache: 1 run, 2 of 2 pages
  cached: pages 0-1 (2 pages, 8192 bytes)'
    assert_line 'check: ok'
}
