#!/usr/bin/env bats
# Phase 4's drop-in malloc (phase4/heap/, libheap.so, libheap.a): its own
# interface in every configuration; the exported malloc, real programs and
# threads where the sanitizers are off (their own malloc must come first:
# the tests say so when they skip).

load test_helper/common

LIBHEAP="$HC_BIN/phase4/libheap.so"

# The exported malloc cannot run under the sanitizers, and valgrind puts
# its own malloc in front of it: those tests run the program directly.
needs_dropin() {
    under_sanitizers && skip "AddressSanitizer replaces malloc: libheap's exported names are tested in the plain builds"
    return 0
}

# run_direct PROGRAM ARGS: run a test program without valgrind.
run_direct() { run --separate-stderr "$HC_BUILD/tests/$1" "${@:2}"; }

# --- the interface, every configuration ---------------------------------------

@test "heap_api: sizes, alignments, realloc, calloc, misuse, footprint, heap_trim, kept mappings, where blocks live, random operations" {
    # 50,000 random operations reach every slot about 25 times; the long
    # runs are tests/phase4-stress.bats and make stress
    local ops=50000
    under_valgrind && ops=20000
    run --separate-stderr hc_test heap_api "$ops"
    assert_success
    refute_output --partial FAILED
    assert_equal "$(printf '%s\n' "$output" | grep -c '^ok: ')" 11
    # the eleven misuses, one line each, nothing else on standard error
    assert_equal "$(printf '%s\n' "$stderr" | grep -c '^heap: .*(pointer 0x[0-9a-f]*): ignored$')" 11
    assert_equal "$(printf '%s\n' "$stderr" | wc -l)" 11
    assert_regex "$stderr" 'heap: free\(\) of a block that is free already \(a double free\)'
    assert_regex "$stderr" 'heap: free\(\) of a pointer inside a block \(pointer'
    assert_regex "$stderr" 'heap: realloc\(\) of a pointer this heap did not hand out'
    assert_equal "$(printf '%s\n' "$stderr" | grep -c 'heap: realloc() of a block that is free already')" 2
}

# --- the tools see bugs in the heap's own pages ----------------------------------

@test "valgrind reports an overflow and a use after free inside libheap's pages" {
    under_sanitizers && skip "valgrind does not run AddressSanitizer programs"
    command -v valgrind >/dev/null || fail "valgrind is not installed"
    for bug in overflow-small overflow-medium use-after-free; do
        run --separate-stderr valgrind -q --error-exitcode=86 \
            "$HC_BUILD/tests/heap_bugs" "$bug"
        assert_equal "$status" 86
        assert_regex "$stderr" "Invalid write of size 1"
        assert_regex "$stderr" "main \(heap_bugs.c:[0-9]+\)"
    done
}

@test "AddressSanitizer reports an overflow and a use after free inside libheap's pages" {
    under_sanitizers || skip "AddressSanitizer is on only with SAN=1"
    for bug in overflow-small overflow-medium use-after-free; do
        ASAN_OPTIONS=exitcode=86 run --separate-stderr \
            "$HC_BUILD/tests/heap_bugs" "$bug"
        assert_equal "$status" 86
        assert_regex "$stderr" "ERROR: AddressSanitizer: use-after-poison"
        assert_regex "$stderr" "in main (.*/)?tests/c/heap_bugs.c"
    done
}

@test "a corrupt block tag: HEAPCOURSE_CHECK=1 finds it at the next call, the heap itself when it reaches it" {
    under_sanitizers && skip "AddressSanitizer stops the bad write itself"
    HEAPCOURSE_CHECK=1 run_direct heap_bugs corrupt-tag
    assert_equal "$status" 134 # abort()
    assert_regex "$stderr" "heap: HEAPCOURSE_CHECK: arena [0-9]+ region at span [0-9]+: the block tag at offset 5024 is corrupt"
    assert_regex "$stderr" "heap: HEAPCOURSE_CHECK: the heap is corrupt \(found before an allocation\); stopping"
    refute_output --partial "not noticed"
    # without the variable the heap still stops, at the free of the block
    # whose tag was overwritten, naming the block written past
    run_direct heap_bugs corrupt-tag
    assert_equal "$status" 134
    assert_regex "$stderr" '^heap: heap corruption: the tag after the 5008-byte block at 0x[0-9a-f]+ was overwritten \(a write past the end of that block\); stopping$'
    refute_output --partial "not noticed"
}

# --- the exported malloc -----------------------------------------------------------

@test "the exported functions: every edge case, through libheap.so and libheap.a" {
    needs_dropin
    for prog in heap_dropin heap_dropin_static; do
        run_direct "$prog"
        assert_success
        refute_output --partial FAILED
        assert_equal "$(printf '%s\n' "$output" | grep -c '^ok: ')" 17
        assert_equal "$stderr" ""
    done
    # libheap.so exports the C library's names and the heap's, nothing else
    run bash -c "nm -D --defined-only '$LIBHEAP' | awk '{print \$3}' | grep -v '^heap_' | sort | tr '\n' ' '"
    assert_output "aligned_alloc calloc free malloc malloc_trim malloc_usable_size memalign posix_memalign pvalloc realloc reallocarray valloc "
}

@test "malloc_trim through libheap.so says it gave freed memory back" {
    needs_dropin
    LD_PRELOAD="$LIBHEAP" run --separate-stderr python3 -c '
import ctypes
libc = ctypes.CDLL(None)
blocks = [bytes(200000) for _ in range(100)]
del blocks
print(libc.malloc_trim(0))'
    assert_success
    assert_output "1"
}

@test "threads allocate and free each other's blocks, and forked children allocate" {
    needs_dropin
    run_direct heap_threads 4 100000
    assert_success
    assert_output "heap_threads: 4 threads x 100000 operations, 5 of 5 forked children allocated, 0 mismatches"
}

@test "HEAPCOURSE_STATS=1: live bytes stay right through in-place growth and shrinking, threads and fork" {
    HEAPCOURSE_STATS=1 run --separate-stderr hc_test heap_api counters
    assert_success
    assert_output "ok: counters: live bytes right through in-place resizing, threads and fork"
    # the summary at exit: nothing live, the peak within the footprint
    assert_regex "$stderr" "live bytes   0 now, [1-9][0-9]* at the peak"
    local share=$(printf '%s\n' "$stderr" | sed -n 's/^  at the peak  \([0-9.]*\)% of the footprint.*/\1/p')
    [[ -n "$share" ]] && awk -v s="$share" 'BEGIN { exit !(s > 0 && s <= 100) }' ||
        fail "the peak's share of the footprint is not between 0 and 100%: '$share'"
}

@test "HEAPCOURSE_STATS=1 prints a summary at exit" {
    needs_dropin
    HEAPCOURSE_STATS=1 LD_PRELOAD="$LIBHEAP" run --separate-stderr sort -n <(seq 1000 -1 1)
    assert_success
    assert_equal "$(printf '%s\n' "$output" | head -1)" 1
    assert_regex "$stderr" "heap: HEAPCOURSE_STATS"
    assert_regex "$stderr" "operations   malloc [1-9][0-9]*, free [0-9]+, realloc [0-9]+"
    assert_regex "$stderr" "footprint    [0-9]+ bytes now, [1-9][0-9]* at the peak"
}

# --- how the library is built ---------------------------------------------------------

# upward_uses LAYERS: each name a file of LAYERS (object files of the heap,
# from the bottom up) uses that a file above it defines.  One nm for all
# the files (FILE:ADDRESS TYPE NAME), one awk: a loop of nm, sort and comm
# took two seconds.
upward_uses() {
    (cd "$HC_BUILD/obj/phase4/heap" && nm -A $(printf '%s.o ' $1)) | awk -v layers="$1" '
        BEGIN { n = split(layers, l); for (i = 1; i <= n; i++) level[l[i] ".o"] = i }
        { split($1, where, ":"); file = where[1] }
        $(NF - 1) == "U" { used[file, $NF] = 1; next }
        $(NF - 1) ~ /^[A-Z]$/ { defined_in[$NF] = file }
        END { for (k in used) { split(k, u, SUBSEP)
                  if ((u[2] in defined_in) && level[defined_in[u[2]]] > level[u[1]])
                      print u[1] " uses " u[2] " of " defined_in[u[2]] } }' | sort
}

@test "the heap's files call only down: none uses a name defined in a file above it" {
    # from the bottom up, as phase4/heap/heap_internal.h lists them
    local layers="heap_stats heap_segment heap_integrity heap_large heap_small
                  heap_medium heap_arena heap libheap"
    assert_equal "$(upward_uses "$layers")" ""
    # the check is live: listed upside down, the calls all go up
    run upward_uses "libheap heap heap_arena heap_segment heap_stats"
    assert_line "heap.o uses heap_cache_free of heap_arena.o"
    assert_line "heap_segment.o uses heap_stats_add of heap_stats.o"
}

@test "libheap.a defines only heap_* names, the C library's, and its earlier phases' (page_, record_, chain_, diag_)" {
    # what a program that links libheap.a sees; names starting with __ are
    # the compiler's (the sanitizers add some)
    run bash -c "nm --defined-only '$HC_BIN/phase4/libheap.a' | awk 'NF == 3 && \$2 ~ /[A-Z]/ {print \$3}' | grep -Ev '^(heap|page|record|chain|diag)_|^__' | sort -u | tr '\n' ' '"
    assert_output "aligned_alloc calloc free malloc malloc_trim malloc_usable_size memalign posix_memalign pvalloc realloc reallocarray valloc "
}

# --- real programs, the same output on libheap ---------------------------------------------

# same_output DESCRIPTION COMMAND...: COMMAND prints the same and exits the
# same with LD_PRELOAD=libheap.so as without.
same_output() {
    local what=$1
    shift
    run --separate-stderr "$@"
    local plain=$output plain_status=$status
    LD_PRELOAD="$LIBHEAP" run --separate-stderr "$@"
    assert_equal "$status" "$plain_status"
    assert_equal "$output" "$plain"
    [[ -n $output ]] || fail "$what printed nothing"
}

@test "real programs print the same on libheap: python3, gcc, sort, git, bash, awk" {
    needs_dropin
    cd "$BATS_TEST_TMPDIR"
    same_output python3 python3 -c '
import random
random.seed(7)
words = ["".join(random.choice("abcdefgh") for _ in range(random.randint(1, 30))) for _ in range(30000)]
words.sort()
table = {w: len(w) for w in words}
print(len(words), words[0], words[-1], len(table), sum(table.values()))'
    # (files written by one awk each: a shell loop here costs a second)
    awk 'BEGIN { for (i = 1; i <= 150; i++)
                     printf "static int f%d(int x) { return x * %d + %s; }\n", i, i, (i > 1 ? "f" (i - 1) "(x)" : "x")
                 print "int main(void) { return f150(1) & 0; }" }' > big.c
    same_output gcc bash -c 'gcc -O2 -c big.c -o big.o && size big.o | tail -1 | cut -f1-3'
    seq 60000 | awk '{ print ($1 * 7919) % 100003 " line " $1 }' > numbers.txt
    same_output sort bash -c 'LC_ALL=C sort -n numbers.txt | md5sum'
    mkdir repo && cd repo && git init -q &&
        awk 'BEGIN { for (i = 1; i <= 200; i++) { f = "f" i ".txt"; print "file " i > f; close(f) } }'
    LD_PRELOAD="$LIBHEAP" git add . && LD_PRELOAD="$LIBHEAP" git -c user.name=t -c user.email=t@example.org commit -qm one
    same_output git git ls-files --stage
    same_output git-log git log --format=%s
    cd ..
    same_output bash bash -c 'declare -A m; for i in $(seq 1 20000); do m[$i]="v$i"; done; echo ${#m[@]} ${m[777]}'
    same_output awk awk 'BEGIN { for (i = 0; i < 100000; i++) a[i] = i " x"; n = 0; for (k in a) n++; print n, a[4242] }'
}
