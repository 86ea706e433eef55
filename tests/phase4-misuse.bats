#!/usr/bin/env bats
# The misuse catalogue (tests/MISUSE.md) for phase 4's APIs: each misuse,
# one run of tests/misuse/misuse_API.c, in a normal build and with red
# zones (the _debug programs and build/<config>/debug/phase4/phase4, which
# every configuration builds: tests/misuse/misuse.mk).

load test_helper/common

# mis PROGRAM CASE: run a misuse program, standard error kept apart.
mis() { run --separate-stderr hc_test "$@"; }

# A write past a block inside libheap's pages is caught by the tools
# themselves (the tests in phase4-heap.bats show it), before any red zone.
direct() { run --separate-stderr "$HC_BUILD/tests/$1" "${@:2}"; }
no_asan() {
    under_sanitizers && skip "AddressSanitizer stops a write past a libheap block itself (phase4-heap.bats)"
    return 0
}

debug_phase4() { hc_exe "$HC_BUILD/debug/phase4/phase4" "$@"; }

# --- typed allocator (uapi_mm.h) ---------------------------------------------------

@test "typed: a double free is reported and changes nothing" {
    for v in "" _debug; do
        mis misuse_typed$v double-free
        assert_success
        assert_regex "$stderr" '^mm: xfree: block at page 1 offset [0-9]+ is already free \(double free\)$'
        assert_output "keep: intact"
    done
}

@test "typed: an interior pointer is reported and changes nothing" {
    mis misuse_typed interior
    assert_success
    assert_equal "$stderr" "mm: xfree: pointer is inside page 1 but not at the start of a data block"
    assert_output "keep: intact"
}

@test "typed: a pointer from another heap, or the stack, is not in any page of ours" {
    for c in foreign stack; do
        mis misuse_typed $c
        assert_success
        assert_equal "$stderr" "mm: xfree: pointer is not in any data page of ours"
        assert_output "keep: intact"
    done
}

@test "typed: zero, negative and too many units are refused with NULL" {
    mis misuse_typed zero-units
    assert_equal "$stderr" "mm: xcalloc: units must be at least 1, not 0"
    assert_line "XCALLOC(0, rec_t) -> NULL"
    mis misuse_typed negative-units
    assert_equal "$stderr" "mm: xcalloc: units must be at least 1, not -1"
    mis misuse_typed too-many-units
    assert_success
    assert_equal "$stderr" "mm: xcalloc: 2147483647 units of 12 bytes exceed the largest block (1073741824 bytes)"
    assert_line "XCALLOC(INT_MAX, rec_t) -> NULL"
    assert_line "keep: intact"
}

@test "typed: an unknown family is refused; calls before mm_init initialise it" {
    mis misuse_typed unknown-family
    assert_equal "$stderr" "mm: xcalloc: no family named 'emp_t'"
    assert_line 'xcalloc("emp_t", 1) -> NULL'
    mis misuse_typed before-init
    assert_success
    assert_equal "$stderr" ""
    assert_line "XCALLOC(1, rec_t) before mm_init -> a block"
}

@test "typed: a write past the end goes unnoticed in a normal build (inside the rounding)" {
    mis misuse_typed write-past-end
    assert_success
    assert_equal "$stderr" ""
    assert_output $'xfree(a) freed it\nkeep: intact'
}

@test "typed: with red zones a write past the end is reported at xfree, which keeps the block" {
    mis misuse_typed_debug write-past-end
    assert_success
    assert_equal "$stderr" "mm: xfree: the red zone after the block is broken: something wrote past its end (the block stays allocated)"
    assert_output $'xfree(a) kept it allocated\nkeep: intact'
}

# --- the phase4 program's script -------------------------------------------------------

@test "script: a label used after xfree, free or pfree says it was freed" {
    run --separate-stderr phase4 -c 'register e 12; a = xcalloc e 1; xfree a; xfree a'
    assert_failure 1
    assert_error_line phase4 4 "xfree a" "label 'a' was freed"
    run --separate-stderr phase4 -c 'm = malloc 10; free m; realloc m 20'
    assert_failure 1
    assert_error_line phase4 3 "realloc m 20" "label 'm' was freed"
    run --separate-stderr phase4 -c 'pool-init 4096; p = palloc 10; pfree p; write p 0 x'
    assert_failure 1
    assert_error_line phase4 4 "write p 0 x" "label 'p' was freed"
}

@test "script: writing past a block's end is refused by write itself" {
    run --separate-stderr phase4 -c 'register e 12; a = xcalloc e 1; write a 16 x'
    assert_failure 1
    assert_equal "$(printf '%s\n' "$stderr" | wc -l)" 1
    assert_regex "$stderr" "^phase4: error: .*\(line 3: write a 16 x\)$"
}

@test "script with red zones: a write into the red zone is reported at xfree, pfree, free and realloc" {
    run --separate-stderr debug_phase4 -c 'register e 12; a = xcalloc e 1; write a 12 X; xfree a'
    assert_failure 1
    assert_error_line phase4 4 "xfree a" "the red zone after the block is broken: something wrote past its end \(the block stays allocated\)"
    run --separate-stderr debug_phase4 -c 'pool-init 4096; p = palloc 20; write p 20 X; pfree p'
    assert_failure 1
    assert_error_line phase4 4 "pfree p" "pfree: the red zone after the block is broken: something wrote past its end \(the block stays allocated\)"
    run --separate-stderr debug_phase4 -c 'm = malloc 13; write m 13 X; free m'
    assert_failure 1
    assert_error_line phase4 3 "free m" "the red zone after 'm' is broken: something wrote past its end \(os_free keeps the block\)"
    run --separate-stderr debug_phase4 -c 'm = malloc 13; write m 13 X; realloc m 40'
    assert_failure 1
    assert_error_line phase4 3 "realloc m 40" "the red zone after 'm' is broken: something wrote past its end \(os_realloc returns NULL\)"
}

@test "script with red zones: blocks written only within their size free cleanly" {
    run --separate-stderr debug_phase4 -c 'register e 12; a = xcalloc e 1; write a 11 X; xfree a; m = malloc 13; write m 12 X; realloc m 4000; free m; pool-init 4096; p = palloc 20; write p 19 X; pfree p; check'
    assert_success
    assert_equal "$stderr" ""
    assert_line "check: ok"
}

# --- os_* (osmem.h): nothing printed, ever ----------------------------------------------

@test "os: double free, interior, foreign and stack pointers change nothing and print nothing" {
    for v in "" _debug; do
        mis misuse_os$v double-free
        assert_success
        assert_equal "$stderr" ""
        assert_output $'a: free\nkeep: intact'
        mis misuse_os$v interior
        assert_equal "$stderr" ""
        assert_output $'a: allocated\nkeep: intact'
        mis misuse_os$v foreign
        assert_equal "$stderr" ""
        assert_output $'os_realloc(libc block, 32) -> NULL\nkeep: intact'
        mis misuse_os$v stack
        assert_equal "$stderr" ""
        assert_output $'os_realloc(&on_the_stack, 32) -> NULL\nkeep: intact'
    done
}

@test "os: realloc of a freed block, calloc overflow and SIZE_MAX give NULL" {
    mis misuse_os realloc-freed
    assert_success
    assert_equal "$stderr" ""
    assert_output $'os_realloc(a freed, 200) -> NULL\na: free\nkeep: intact'
    mis misuse_os calloc-overflow
    assert_output $'os_calloc(SIZE_MAX / 2, 3) -> NULL\nkeep: intact'
    mis misuse_os size-max
    assert_equal "$stderr" ""
    assert_output $'os_malloc(SIZE_MAX) -> NULL\nos_realloc(keep, SIZE_MAX) -> NULL\nkeep: intact'
}

@test "os: a write past the end goes unnoticed in a normal build" {
    mis misuse_os write-past-end
    assert_output $'a after os_free: free\nkeep: intact'
    mis misuse_os write-past-end-mapped
    assert_output $'a after os_free: not a block\nkeep: intact'
    mis misuse_os write-past-end-realloc
    assert_output $'os_realloc(a, 20) -> a block\na: allocated\nkeep: intact'
}

@test "os: with red zones os_free keeps a block written past its end and os_realloc returns NULL" {
    mis misuse_os_debug write-past-end
    assert_success
    assert_equal "$stderr" ""
    assert_output $'a after os_free: allocated\nkeep: intact'
    mis misuse_os_debug write-past-end-mapped
    assert_output $'a after os_free: mapped\nkeep: intact'
    mis misuse_os_debug write-past-end-realloc
    assert_equal "$stderr" ""
    assert_output $'os_realloc(a, 20) -> NULL\na: allocated\nkeep: intact'
}

# --- pool (pool.h) -------------------------------------------------------------------

@test "pool: double, interior, foreign and stack frees are reported and return false" {
    mis misuse_pool double-free
    assert_success
    assert_regex "$stderr" '^pool: pfree: block at offset [0-9]+ is already free \(double free\)$'
    assert_output $'pfree(a) again -> false\nkeep: intact'
    for c in interior foreign stack; do
        mis misuse_pool $c
        assert_equal "$stderr" "pool: pfree: not the start of a block of this pool"
        assert_line --index 0 --regexp '-> false$'
        assert_line "keep: intact"
    done
}

@test "pool: SIZE_MAX and 0 are refused with NULL" {
    mis misuse_pool size-max
    assert_equal "$stderr" "pool: palloc: cannot hand out 18446744073709551615 bytes from a pool of 8192"
    assert_output $'palloc(SIZE_MAX) -> NULL\nkeep: intact'
    mis misuse_pool zero
    assert_equal "$stderr" "pool: palloc: cannot hand out 0 bytes from a pool of 8192"
}

@test "pool: every call before pool_init or after pool_destroy is refused" {
    for c in before-init after-destroy; do
        mis misuse_pool $c
        assert_success
        assert_equal "$stderr" $'pool: palloc: the pool is not initialised\npool: pfree: the pool is not initialised\npool: pool_destroy: the pool is not initialised'
    done
    assert_output $'palloc after pool_destroy -> NULL\npfree after pool_destroy -> false\npool_destroy again -> false'
}

@test "pool: a write past the end is unnoticed normally and reported with red zones" {
    mis misuse_pool write-past-end
    assert_equal "$stderr" ""
    assert_output $'pfree(a) -> true\nkeep: intact'
    mis misuse_pool_debug write-past-end
    assert_success
    assert_equal "$stderr" "pool: pfree: the red zone after the block is broken: something wrote past its end (the block stays allocated)"
    assert_output $'pfree(a) -> false\nkeep: intact'
}

# --- libheap (heap.h, the exported malloc) ---------------------------------------------

ptr='\(pointer 0x[0-9a-f]+\): ignored$'
NOT_OURS='free\(\) of a pointer this heap did not hand out \(or of a large block freed already\)'
FREED='free\(\) of a block that is free already \(a double free\)'
INSIDE='free\(\) of a pointer inside a block'

@test "heap: a double free of each kind of block is reported and ignored" {
    for v in "" _debug; do
        for c in small medium; do
            mis misuse_heap$v double-free-$c
            assert_success
            assert_regex "$stderr" "^heap: $FREED $ptr"
            assert_output "keep: intact; heap_check: 0 problems"
        done
        mis misuse_heap$v double-free-large
        assert_regex "$stderr" "^heap: $NOT_OURS $ptr"
        assert_output "keep: intact; heap_check: 0 problems"
    done
}

@test "heap: interior pointers are reported: inside a medium block as such, else as not ours" {
    mis misuse_heap interior-medium
    assert_success
    assert_regex "$stderr" "^heap: $INSIDE $ptr"
    for c in interior-small interior-large foreign; do
        mis misuse_heap $c
        assert_success
        assert_regex "$stderr" "^heap: $NOT_OURS $ptr"
        assert_output "keep: intact; heap_check: 0 problems"
    done
}

@test "heap: a stack address is reported by free and realloc (EINVAL)" {
    mis misuse_heap stack
    assert_success
    assert_equal "$(printf '%s\n' "$stderr" | wc -l)" 2
    assert_regex "$stderr" "realloc\(\) of a pointer this heap did not hand out, or of a free block $ptr"
    assert_line "heap_realloc(&on_the_stack, 32) -> NULL, errno EINVAL"
}

@test "heap: realloc of a freed block of each kind (EINVAL, nothing handed out twice), calloc overflow and SIZE_MAX" {
    for v in "" _debug; do
        # small (in place and moving) and medium: found on the thread's cache
        for c in "small small 24" "small-grow small 200" "medium medium 6000"; do
            read -r name kind size <<< "$c"
            mis misuse_heap$v "realloc-freed-$name"
            assert_success
            assert_equal "$(printf '%s\n' "$stderr" | wc -l)" 1
            assert_regex "$stderr" "^heap: realloc\(\) of a block that is free already $ptr"
            assert_output "heap_realloc(a freed $kind block, $size) -> NULL, errno EINVAL
then two allocations: no block handed out twice
keep: intact; heap_check: 0 problems"
        done
        # large: gone from the registry
        mis misuse_heap$v realloc-freed-large
        assert_success
        assert_regex "$stderr" "^heap: realloc\(\) of a pointer this heap did not hand out, or of a free block $ptr"
        assert_output "heap_realloc(a freed large block, 6000) -> NULL, errno EINVAL
then two allocations: no block handed out twice
keep: intact; heap_check: 0 problems"
    done
    mis misuse_heap calloc-overflow
    assert_equal "$stderr" ""
    assert_line "heap_calloc(SIZE_MAX / 2, 3) -> NULL, errno ENOMEM"
    mis misuse_heap size-max
    assert_equal "$stderr" ""
    assert_output $'heap_malloc(SIZE_MAX) -> NULL, errno ENOMEM\nheap_realloc(keep, SIZE_MAX) -> NULL, errno ENOMEM\nkeep: intact; heap_check: 0 problems'
}

@test "heap: a write past the end goes unnoticed in a normal build (run without valgrind, which reports it)" {
    no_asan
    for c in small medium large realloc; do
        direct misuse_heap write-past-end-$c
        assert_success
        assert_equal "$stderr" ""
        assert_line "keep: intact; heap_check: 0 problems"
    done
}

@test "heap: with red zones a write past the end of any kind of block is reported by free and realloc" {
    no_asan
    for c in small medium large; do
        direct misuse_heap_debug write-past-end-$c
        assert_success
        assert_regex "$stderr" "^heap: free\(\) of a block whose red zone is broken: something wrote past its end $ptr"
        assert_output "keep: intact; heap_check: 0 problems"
    done
    direct misuse_heap_debug write-past-end-realloc
    assert_regex "$stderr" "^heap: realloc\(\) of a block whose red zone is broken: something wrote past its end $ptr"
    assert_line "heap_realloc(a, 2 * SMALL) -> NULL, errno EINVAL"
}

@test "heap: a small block freed twice after its cache gave it back to its span is found there" {
    for v in "" _debug; do
        mis misuse_heap$v double-free-small-span
        assert_success
        assert_regex "$stderr" "^heap: $FREED $ptr"
        assert_output "then two allocations: no block handed out twice
keep: intact; heap_check: 0 problems"
    done
}

CORRUPT='^heap: heap corruption: '

@test "heap: a write past a small block into its free neighbour stops the program at the next allocation, naming the neighbour" {
    no_asan
    # 1 byte past 32-, 48- and 1024-byte blocks, 16 past a 24-byte one
    for c in "24 32" "32 32" "48 48" "1024 1024"; do
        read -r asked class <<< "$c"
        direct misuse_heap overflow-small-$asked
        assert_equal "$status" 134 # abort()
        local at=${output#the free neighbour: }
        assert_output "the free neighbour: $at"
        assert_equal "$stderr" "heap: heap corruption: the free $class-byte block at $at was overwritten (a write past the end of the block before it, or into it after it was freed); stopping"
    done
}

@test "heap: a write past a medium block into the tag after it stops the program, naming the block and its size" {
    no_asan
    # the neighbour free (reached through the free lists), live (reached
    # when it is freed), or the block written past freed first
    for c in free live live-own; do
        direct misuse_heap overflow-medium-$c
        assert_equal "$status" 134
        local at=${output#the block written past: }
        assert_output "the block written past: $at"
        assert_equal "$stderr" "heap: heap corruption: the tag after the 40000-byte block at $at was overwritten (a write past the end of that block); stopping"
    done
}

@test "heap: a stale free of a large block whose mapping was handed out again is refused; the new owner keeps its block" {
    for v in "" _debug; do
        mis misuse_heap$v stale-free-large
        assert_success
        assert_equal "$(printf '%s\n' "$stderr" | grep -cE "^heap: $NOT_OURS $ptr")" 60
        assert_equal "$(printf '%s\n' "$stderr" | wc -l)" 60
        assert_output --regexp "^3000000 bytes: stale frees of a reused block: 20 of 20 left the new owner live, 20 intact, 20 handed out once
3276736 bytes: stale frees of a reused block: 20 of 20 left the new owner live, 20 intact, 20 handed out once
9437184 bytes: stale frees of a reused block: 20 of 20 left the new owner live, 20 intact, 20 handed out once
keep: intact; heap_check: 0 problems$"
    done
}

@test "heap: under AddressSanitizer the write past the end is stopped where it happens, red zones or not" {
    under_sanitizers || skip "AddressSanitizer is on only with SAN=1"
    for v in "" _debug; do
        ASAN_OPTIONS=exitcode=86 direct misuse_heap$v write-past-end-small
        assert_equal "$status" 86
        assert_regex "$stderr" "ERROR: AddressSanitizer: use-after-poison"
    done
}
