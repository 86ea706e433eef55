#!/usr/bin/env bats
# Phase 1, exercise 6 (phase1/README.md, "Exercises"): a cache per size.
# phase1/page.c keeps one cache list per run length from 1 to 8 pages (the
# last also holds longer runs), each newest first: a request takes the
# newest run of its own list, and splits a run only when its own list is
# empty, the newest of the next longer list that holds one; the rest of a
# split run goes to the list of its new length.  `cache` lists the runs
# list by list, shortest first; lowering the limit unmaps the longest
# list's runs first, oldest first.  Fails on the course's code (one list,
# first fit); run it with `make exercise PHASE=1 EX=6`.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common

@test "per size: a request takes a run of its own length before splitting a newer, longer one" {
    run --separate-stderr phase1 -c 'a = pages 3; s = pages 1; b = pages 1; unmap b; unmap a; c = pages 1; cache; check'
    assert_success
    assert_line 'c: page 4 (1 page, 4096 bytes), from the cache'
    assert_output --partial 'cache: 1 run, 3 of 8 pages
  cached: pages 0-2 (3 pages, 12288 bytes)
check: ok'
}

@test "per size: with its own list empty, a request splits a run of the next longer list that holds one" {
    run --separate-stderr phase1 -c 'a = pages 4; s1 = pages 1; b = pages 2; s2 = pages 1; unmap b; unmap a; c = pages 1; cache; check'
    assert_success
    assert_line 'c: page 5 (1 page, 4096 bytes), from the cache'
    assert_output --partial 'cache: 2 runs, 5 of 8 pages
  cached: page 6 (1 page, 4096 bytes)
  cached: pages 0-3 (4 pages, 16384 bytes)
check: ok'
}

@test "per size: cache lists the runs by length, shortest first, the newest first within a length" {
    run --separate-stderr phase1 -c 'a = pages 3; b = pages 1; c = pages 2; d = pages 1; unmap a; unmap b; unmap c; unmap d; cache; check'
    assert_success
    assert_output --partial 'cache: 4 runs, 7 of 8 pages
  cached: page 6 (1 page, 4096 bytes)
  cached: page 3 (1 page, 4096 bytes)
  cached: pages 4-5 (2 pages, 8192 bytes)
  cached: pages 0-2 (3 pages, 12288 bytes)
check: ok'
}

@test "per size: runs of 8 pages and more share the last list" {
    run --separate-stderr phase1 --cache-pages 32 -c 'a = pages 12; b = pages 9; c = pages 8; unmap a; unmap b; unmap c; d = pages 10; cache; e = pages 8; cache; check'
    assert_success
    assert_output --partial 'd: pages 0-9 (10 pages, 40960 bytes), from the cache
cache: 3 runs, 19 of 32 pages
  cached: pages 10-11 (2 pages, 8192 bytes)
  cached: pages 21-28 (8 pages, 32768 bytes)
  cached: pages 12-20 (9 pages, 36864 bytes)
e: pages 21-28 (8 pages, 32768 bytes), from the cache
cache: 2 runs, 11 of 32 pages
  cached: pages 10-11 (2 pages, 8192 bytes)
  cached: pages 12-20 (9 pages, 36864 bytes)
check: ok'
}

@test "per size: a lower limit unmaps the longest runs first" {
    run --separate-stderr phase1 -c 'a = pages 1; b = pages 2; unmap a; unmap b; cache-limit 2; cache; check'
    assert_success
    assert_output --partial 'cache: limit 2 pages, 2 pages unmapped
cache: 1 run, 1 of 2 pages
  cached: page 0 (1 page, 4096 bytes)
check: ok'
}

@test "per size: the demo still ends with check: ok" {
    run --separate-stderr phase1 --strict "$HC_ROOT/phase1/demo.hc"
    assert_success
    assert_equal "${lines[-1]}" 'check: ok'
}
