#!/usr/bin/env bats
# Phase 1, exercise 1 (phase1/README.md, "Exercises"): merge on return.
# When `page_free` (phase1/page.c) caches a run, it merges it with the
# cached runs just before and just after it, if they are of the same
# mapping (next to it in memory and in page numbers).  Fails on the
# course's code (returned runs stay apart); run it with
# `make exercise PHASE=1 EX=1`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

# One mapping of pages 0-2, handed out again one page at a time: c is
# page 0, e page 1, f page 2, and the cache is empty.
three_pages() {
    echo 'b = pages 3; unmap b; c = pages 1; e = pages 1; f = pages 1'
}

@test "merge: a returned page joins the cached run after it, so 3 pages need no new mapping" {
    run --separate-stderr phase1 -c 'b = pages 3; unmap b; c = pages 1; unmap c; d = pages 3; stats; check'
    assert_success
    assert_line 'd: pages 0-2 (3 pages, 12288 bytes), from the cache'
    assert_line 'system calls   mmap 1, munmap 0'
    assert_line 'check: ok'
}

@test "merge: a returned page joins the cached run before it" {
    run --separate-stderr phase1 -c "$(three_pages); unmap c; unmap e; cache; unmap f; cache; check"
    assert_success
    assert_output --partial 'e: page 1 kept in the cache
cache: 1 run, 2 of 8 pages
  cached: pages 0-1 (2 pages, 8192 bytes)
f: page 2 kept in the cache
cache: 1 run, 3 of 8 pages
  cached: pages 0-2 (3 pages, 12288 bytes)
check: ok'
}

@test "merge: a returned page joins the cached run after it" {
    run --separate-stderr phase1 -c "$(three_pages); unmap f; unmap e; cache; unmap c; cache; check"
    assert_success
    assert_output --partial 'e: page 1 kept in the cache
cache: 1 run, 2 of 8 pages
  cached: pages 1-2 (2 pages, 8192 bytes)
c: page 0 kept in the cache
cache: 1 run, 3 of 8 pages
  cached: pages 0-2 (3 pages, 12288 bytes)
check: ok'
}

@test "merge: a returned page fills the gap between two cached runs, the three become one" {
    run --separate-stderr phase1 -c "$(three_pages); unmap c; unmap f; cache; unmap e; cache; stats; check"
    assert_success
    assert_output --partial 'f: page 2 kept in the cache
cache: 2 runs, 2 of 8 pages
  cached: page 2 (1 page, 4096 bytes)
  cached: page 0 (1 page, 4096 bytes)
e: page 1 kept in the cache
cache: 1 run, 3 of 8 pages
  cached: pages 0-2 (3 pages, 12288 bytes)'
    assert_line 'cache          runs 1, pages 3, limit 8'
    assert_line 'check: ok'
}

@test "merge: runs of two mappings stay apart, even where the kernel put them side by side" {
    # unmapping y leaves a one-page hole just above a, where the kernel
    # usually puts b: a and b then touch in memory and in page numbers
    run --separate-stderr phase1 -c 'x = pages 1; cache-limit 0; y = pages 1; a = pages 1; unmap y; cache-limit 8; b = pages 1; unmap a; unmap b; cache; check'
    assert_success
    assert_output --partial 'cache: 2 runs, 2 of 8 pages
  cached: page 3 (1 page, 4096 bytes)
  cached: page 2 (1 page, 4096 bytes)
check: ok'
}
