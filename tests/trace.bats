#!/usr/bin/env bats
# The trace tools (tools/trace/: trace.c, the parser and the replay;
# heaptrace and tracegen).  Timings are never asserted, only their form.

load test_helper/common

heaptrace() { hc_exe "$HC_BIN/tools/trace/heaptrace" "$@"; }
tracegen() { hc_exe "$HC_BIN/tools/trace/tracegen" "$@"; }

TRACES="$HC_BUILD/traces"
SHAPES="small random prodcons realloc pow2 mixed tiny regrow bigsmall"

# trace_file NAME LINES...: a trace in $BATS_TEST_TMPDIR/NAME.rep, one
# argument a line; its path in $trace.
trace_file() {
    trace="$BATS_TEST_TMPDIR/$1.rep"
    shift
    printf '%s\n' "$@" >"$trace"
}

# The tiny trace whose numbers the tests know: 7 operations on 3 ids.
# Live bytes after each: a 0 100 -> 100; a 1 200 -> 300; r 0 300 -> 500;
# a 2 50 -> 550 (the peak); f 1 -> 350; f 0 -> 50; f 2 -> 0.
tiny_trace() {
    trace_file tiny 1000 3 7 1 "a 0 100" "a 1 200" "r 0 300" "a 2 50" \
        "f 1" "f 0" "f 2"
}

# tsv_field ALLOCATOR COLUMN: a column of the --tsv row of ALLOCATOR in
# $output, by the header's name for it.
tsv_field() {
    printf '%s\n' "$output" | awk -F'\t' -v a="$1" -v c="$2" '
        NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $2 == a { print $col[c] }'
}

# assert_parse_error NAME WHAT LINES...: a trace of LINES is refused with
# exit status 2 and exactly the error line "FILE: WHAT".
assert_parse_error() {
    local name=$1 what=$2
    shift 2
    trace_file "$name" "$@"
    run --separate-stderr heaptrace -a libc -r 1 "$trace"
    assert_failure 2
    assert_equal "$stderr" "heaptrace: error: $trace: $what"
    assert_equal "$output" ""
}

# --- the parser: every kind of error, one line naming the line ------------------

@test "an empty trace is refused: the header is missing" {
    : >"$BATS_TEST_TMPDIR/empty.rep"
    run --separate-stderr heaptrace -a libc "$BATS_TEST_TMPDIR/empty.rep"
    assert_failure 2
    assert_equal "$stderr" "heaptrace: error: $BATS_TEST_TMPDIR/empty.rep: line 1: the file ends before the suggested heap size (the header is 4 numbers, one a line: heap size, ids, operations, weight)"
}

@test "a header number that is not a number is refused" {
    assert_parse_error header-word "line 2: the number of ids 'x' is not a number (unsigned decimal)" 1000 x 2 1
}

@test "two header numbers on one line are refused" {
    assert_parse_error header-line "line 2: expected the number of ids alone on its line (the header is 4 numbers, one a line)" 1000 "2 2" 1
}

@test "a header that declares too many ids is refused" {
    assert_parse_error header-ids "line 2: the number of ids 99999999 is larger than 16777216, the most a trace may have" 1000 99999999 0 1
}

@test "an unknown operation is refused" {
    assert_parse_error unknown-op "line 5: unknown operation 'x' (a ID SIZE, r ID SIZE or f ID)" 1000 2 2 1 "x 0 10" "f 0"
}

@test "an allocation without a size is refused" {
    assert_parse_error missing-size "line 5: 'a' takes 2 numbers (a ID SIZE), not 1" 1000 2 2 1 "a 0" "f 0"
}

@test "a free with a size is refused" {
    assert_parse_error free-size "line 6: 'f' takes 1 number (f ID), not 2" 1000 2 2 1 "a 0 10" "f 0 10"
}

@test "a negative size is refused" {
    assert_parse_error negative "line 5: size '-10' is not a number (unsigned decimal)" 1000 2 2 1 "a 0 -10" "f 0"
}

@test "a size above 4 GiB is refused" {
    assert_parse_error huge "line 5: size 5000000000 is larger than 4294967296, the most a trace may have" 1000 2 2 1 "a 0 5000000000" "f 0"
}

@test "an id out of range is refused" {
    assert_parse_error range "line 5: id 2 is out of range: the header declares 2 ids" 1000 2 2 1 "a 2 10" "f 2"
}

@test "freeing an id that was never allocated is refused" {
    assert_parse_error free-dead "line 6: free of id 1, which is not allocated" 1000 2 2 1 "a 0 10" "f 1"
}

@test "freeing an id twice is refused, naming the first free" {
    assert_parse_error double-free "line 7: free of id 0, which was freed at line 6" 1000 2 3 1 "a 0 10" "f 0" "f 0"
}

@test "reallocating a dead id is refused" {
    assert_parse_error realloc-dead "line 6: realloc of id 1, which is not allocated" 1000 2 2 1 "a 0 10" "r 1 20"
}

@test "reallocating to 0 bytes is refused" {
    assert_parse_error realloc-zero "line 6: realloc of id 0 to 0 bytes (a trace frees with f)" 1000 2 2 1 "a 0 10" "r 0 0"
}

@test "allocating a live id again is refused, naming its allocation" {
    assert_parse_error alloc-live "line 6: id 0 is allocated again while live (allocated at line 5)" 1000 2 2 1 "a 0 10" "a 0 20"
}

@test "fewer operations than the header declares are refused" {
    assert_parse_error too-few "line 7: the file ends after 2 operations; the header declares 3" 1000 2 3 1 "a 0 10" "f 0"
}

@test "more operations than the header declares are refused" {
    assert_parse_error too-many "line 6: more operations than the 1 the header declares" 1000 2 1 1 "a 0 10" "f 0"
}

@test "blank lines, spaces and CRLF line ends are accepted" {
    printf '\n1000\r\n  2 \n\n2\n1\na 0 10\r\n\n f  0 \n\n' >"$BATS_TEST_TMPDIR/loose.rep"
    run --separate-stderr heaptrace -a libc -r 1 --tsv "$BATS_TEST_TMPDIR/loose.rep"
    assert_success
    assert_equal "$(tsv_field libc ops)" 2
    assert_equal "$(tsv_field libc peak_live)" 10
}

@test "an unreadable trace is refused with exit status 2" {
    run --separate-stderr heaptrace -a libc "$BATS_TEST_TMPDIR/none.rep"
    assert_failure 2
    assert_equal "$stderr" "heaptrace: error: cannot read '$BATS_TEST_TMPDIR/none.rep': No such file or directory"
}

# --- the replay: exact numbers on a tiny trace -------------------------------------

@test "the tiny trace on libc, os and typed: 7 operations, peak live 550, all verified" {
    tiny_trace
    run --separate-stderr heaptrace -a libc,os,typed -r 1 --tsv "$trace"
    assert_success
    assert_equal "$stderr" ""
    for a in libc os typed; do
        assert_equal "$(tsv_field $a threads)" 1
        assert_equal "$(tsv_field $a ops)" 7
        assert_equal "$(tsv_field $a peak_live)" 550
        assert_equal "$(tsv_field $a skipped)" 0
        assert_equal "$(tsv_field $a verify_errors)" 0
    done
    # os: the assignment's one sbrk of 128 KiB holds it all.
    assert_equal "$(tsv_field os peak_footprint)" 131072
    assert_equal "$(tsv_field os utilization)" 0.0042
    # typed: a family page, a record page and one data page.
    assert_equal "$(tsv_field typed peak_footprint)" $((3 * $(getconf PAGESIZE)))
}

@test "the checked pass measures each allocator in a fresh child: repeat runs agree" {
    tiny_trace
    run --separate-stderr heaptrace -a os,typed -r 1 --tsv "$trace" "$trace"
    assert_success
    assert_equal "$(printf '%s\n' "$output" | cut -f2,7,8 | sort -u | wc -l)" 3
}

@test "requests an allocator cannot serve are counted as skipped, with what follows from them" {
    # os_malloc(0) and typed's 0 units are NULL: the a and its f are skipped.
    trace_file zero 1000 2 4 1 "a 0 0" "a 1 10" "f 0" "f 1"
    run --separate-stderr heaptrace -a libc,os,typed -r 1 "$trace"
    assert_success
    assert_line --regexp '^  libc +1 +4 .* 0  ok$'
    assert_line --regexp '^  os +1 +4 .* 2  ok$'
    assert_line "  note: os skipped 2 operations: 1 refused (NULL), 1 too large for it or on a block it never allocated"
    assert_line "  note: typed skipped 2 operations: 1 refused (NULL), 1 too large for it or on a block it never allocated"
}

@test "verification catches a realloc that does not copy (the test-only allocator broken)" {
    tiny_trace
    run --separate-stderr heaptrace -a broken -r 1 --tsv "$trace"
    assert_failure 1
    # After r 0 300 the first 100 bytes are zeros: found after the realloc
    # and again before f 0.
    assert_equal "$(tsv_field broken verify_errors)" 2
    run --separate-stderr heaptrace -a broken -r 1 "$trace"
    assert_failure 1
    assert_line --regexp '^  broken .* 2 FAILED$'
}

@test "a trace of 0 operations replays to zeros" {
    trace_file none 0 0 0 0
    run --separate-stderr heaptrace -a libc,os,typed -r 1 --tsv "$trace"
    assert_success
    assert_equal "$(tsv_field typed ops)" 0
    assert_equal "$(tsv_field os peak_live)" 0
}

# --- heaptrace's options and output --------------------------------------------------

@test "--tsv prints the header and one line of 11 fields per trace and allocator" {
    tiny_trace
    run --separate-stderr heaptrace -a libc,os -r 2 --tsv "$trace" "$TRACES/small.rep"
    assert_success
    assert_equal "${lines[0]}" "$(printf 'trace\tallocator\tthreads\tops\tseconds\tops_per_sec\tpeak_live\tpeak_footprint\tutilization\tskipped\tverify_errors')"
    assert_equal "${#lines[@]}" 5
    for row in "${lines[@]:1}"; do
        assert_regex "$row" $'^[^\t]+\t(libc|os)\t1\t[0-9]+\t[0-9]+\\.[0-9]{6}\t[0-9]+\t[0-9]+\t[0-9]+\t[0-9]+\\.[0-9]{4}\t0\t0$'
    done
    assert_equal "$(printf '%s\n' "$output" | cut -f1,2 | tail -n +2 | tr '\n' ' ')" \
        "$trace	libc $trace	os $TRACES/small.rep	libc $TRACES/small.rep	os "
}

@test "the table has a title per trace and a row per allocator" {
    tiny_trace
    run --separate-stderr heaptrace -a os,typed -r 1 "$trace"
    assert_success
    assert_line --index 0 "$trace: 7 operations on 3 ids"
    assert_line --index 1 --regexp '^  allocator +threads +ops +seconds +ops/s +peak live +footprint +util +skipped +verify$'
    assert_line --index 2 --regexp '^  os +1 +7 +[0-9]+\.[0-9]{6} +[0-9]+ +550 +131072 +0\.4% +0  ok$'
    assert_line --index 3 --regexp '^  typed +1 +7 +[0-9.]+ +[0-9]+ +550 +[0-9]+ +4\.5% +0  ok$'
}

@test "-t runs several threads on libc, each with its own copy of the trace" {
    tiny_trace
    run --separate-stderr heaptrace -t 3 -a libc -r 2 --tsv "$trace"
    assert_success
    assert_equal "$(tsv_field libc threads)" 3
    assert_equal "$(tsv_field libc ops)" 21
    assert_equal "$(tsv_field libc verify_errors)" 0
}

@test "-t refuses an allocator that is not thread-safe" {
    tiny_trace
    for a in os typed; do
        run --separate-stderr heaptrace -t 2 -a $a "$trace"
        assert_failure 2
        assert_equal "$stderr" "heaptrace: error: -t 2: allocator '$a' is not thread-safe (only libc and libheap may run in several threads)"
    done
}

@test "-t without -a leaves out os and typed, saying so" {
    tiny_trace
    run --separate-stderr heaptrace -t 2 -r 1 --tsv "$trace"
    assert_equal "$(printf '%s\n' "$stderr" | grep -c '^heaptrace: note: -t 2 leaves out ')" 2
    refute_line --regexp $'\t(os|typed)\t'
    assert_equal "$(tsv_field libc threads)" 2
}

@test "bad options are refused with exit status 2" {
    tiny_trace
    run --separate-stderr heaptrace -a nope "$trace"
    assert_failure 2
    assert_regex "$stderr" "^heaptrace: error: -a: unknown allocator 'nope' \(there are: libc, os, typed, libheap; for tests: broken\)$"
    run --separate-stderr heaptrace -r 0 "$trace"
    assert_failure 2
    assert_equal "$stderr" "heaptrace: error: -r must be from 1 to 1000, not '0'"
    run --separate-stderr heaptrace -t x "$trace"
    assert_failure 2
    assert_equal "$stderr" "heaptrace: error: -t 'x' is not a number"
    run --separate-stderr heaptrace --frobnicate "$trace"
    assert_failure 2
    assert_equal "$stderr" "heaptrace: error: unknown option '--frobnicate' (try --help)"
    run --separate-stderr heaptrace -a libc
    assert_failure 2
    assert_equal "$stderr" "heaptrace: error: no TRACE given (try --help)"
    run --separate-stderr heaptrace -r
    assert_failure 2
    assert_equal "$stderr" "heaptrace: error: option '-r' needs a value (try --help)"
    run --separate-stderr heaptrace -p fastest "$trace"
    assert_failure 2
    assert_equal "$stderr" "heaptrace: error: -p: unknown policy 'fastest' (first, best or worst)"
}

@test "-p gives the typed allocator its fit policy: worst fit needs more pages on a random trace" {
    tracegen random --ops 300 --seed 7 >"$BATS_TEST_TMPDIR/r.rep"
    local p
    for p in first best worst; do
        run --separate-stderr heaptrace -a typed -r 1 -p $p --tsv "$BATS_TEST_TMPDIR/r.rep"
        assert_success
        eval "footprint_$p=$(tsv_field typed peak_footprint)"
        assert_equal "$(tsv_field typed verify_errors)" 0
    done
    # Worst fit (the default) splits the largest block every time.
    assert_equal "$footprint_first" 163840
    assert_equal "$footprint_best" 163840
    assert_equal "$footprint_worst" 204800
    run --separate-stderr heaptrace -a typed -r 1 --tsv "$BATS_TEST_TMPDIR/r.rep"
    assert_equal "$(tsv_field typed peak_footprint)" 204800
}

@test "--help lists the options and the allocators" {
    run --separate-stderr heaptrace --help
    assert_success
    assert_line --index 0 "usage: heaptrace [-a ALLOC,...] [-r REPEAT] [-t THREADS] [-p POLICY] [--tsv]"
    assert_line --index 1 "                 TRACE..."
    assert_line --partial "-p POLICY      the typed allocator's fit policy: first, best or worst"
    assert_line --regexp '^allocators: libc, os, typed'
}

@test "libheap replays the tiny trace" {
    tiny_trace
    run --separate-stderr heaptrace -a libheap -r 1 --tsv "$trace"
    assert_success
    assert_equal "$(tsv_field libheap peak_live)" 550
    assert_equal "$(tsv_field libheap verify_errors)" 0
}

# --- tracegen ---------------------------------------------------------------------------

@test "tracegen is deterministic: the same seed gives the same bytes, another seed others" {
    for shape in $SHAPES; do
        tracegen "$shape" --ops 200 --seed 42 >"$BATS_TEST_TMPDIR/a.rep"
        tracegen "$shape" --ops 200 --seed 42 >"$BATS_TEST_TMPDIR/b.rep"
        tracegen "$shape" --ops 200 --seed 43 >"$BATS_TEST_TMPDIR/c.rep"
        cmp "$BATS_TEST_TMPDIR/a.rep" "$BATS_TEST_TMPDIR/b.rep"
        ! cmp -s "$BATS_TEST_TMPDIR/a.rep" "$BATS_TEST_TMPDIR/c.rep"
    done
}

@test "the make-generated trace of each shape is as tracegen writes it" {
    for shape in $SHAPES; do
        run --separate-stderr tracegen "$shape" --ops 300 --seed 7
        assert_success
        assert_equal "$output" "$(cat "$TRACES/$shape.rep")"
    done
}

@test "every shape gives exactly N operations, frees every block, and stays within its ids" {
    local expected="" got files=()
    cd "$BATS_TEST_TMPDIR"
    for shape in $SHAPES; do
        for ops in 0 2 3 101; do
            tracegen "$shape" --ops $ops --ids 7 --seed 3 >"$shape-$ops.rep"
            files+=("$shape-$ops.rep")
            expected+="$shape-$ops.rep: ids 7, $ops operations declared, $ops found, 0 blocks left"$'\n'
        done
    done
    # per file (one awk for all: a loop of them takes seconds): the header's
    # ids and count, then the operations after the 4 header lines, and
    # allocations minus frees
    got=$(awk 'FNR == 1 { files[++k] = FILENAME }
               FNR == 2 { ids[FILENAME] = $0 } FNR == 3 { ops[FILENAME] = $0 }
               FNR > 4 && NF { n[FILENAME]++ }
               /^a / { live[FILENAME]++ } /^f / { live[FILENAME]-- }
               END { for (i = 1; i <= k; i++) { f = files[i]
                         printf "%s: ids %s, %s operations declared, %d found, %d blocks left\n",
                                f, ids[f], ops[f], n[f], live[f] } }' "${files[@]}")
    assert_equal "$got" "${expected%$'\n'}"
}

@test "every shape, at several seeds, is a valid trace that replays verified" {
    local files=()
    for shape in $SHAPES; do
        for seed in 1 2 3; do
            tracegen "$shape" --ops 150 --ids 20 --seed $seed >"$BATS_TEST_TMPDIR/$shape-$seed.rep"
            files+=("$BATS_TEST_TMPDIR/$shape-$seed.rep")
        done
    done
    run --separate-stderr heaptrace -a libc -r 1 --tsv "${files[@]}" "$TRACES"/*.rep
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$(printf '%s\n' "$output" | tail -n +2 | cut -f11 | sort -u)" 0
    local nshapes
    nshapes=$(printf '%s\n' $SHAPES | wc -l)
    # a header, 3 seeds of each shape, and make's trace of each
    assert_equal "${#lines[@]}" $((1 + 3 * nshapes + nshapes))
}

@test "the shapes differ as described: sizes of small, pow2 and mixed" {
    tracegen small --ops 2000 --seed 5 >"$BATS_TEST_TMPDIR/small.rep"
    tracegen pow2 --ops 2000 --seed 5 >"$BATS_TEST_TMPDIR/pow2.rep"
    tracegen mixed --ops 2000 --seed 5 >"$BATS_TEST_TMPDIR/mixed.rep"
    tracegen realloc --ops 2000 --seed 5 >"$BATS_TEST_TMPDIR/realloc.rep"
    sizes() { awk '$1 == "a" || $1 == "r" { print $3 }' "$BATS_TEST_TMPDIR/$1.rep"; }
    assert_equal "$(sizes small | awk '$1 > 128' | wc -l)" 0
    assert_equal "$(sizes pow2 | awk '{ n = $1; while (n % 2 == 0) n /= 2; if (n != 1) print }' | wc -l)" 0
    [[ $(sizes mixed | awk '$1 >= 65536' | wc -l) -gt 0 ]]
    [[ $(sizes mixed | awk '$1 > 4194304' | wc -l) -eq 0 ]]
    [[ $(grep -c '^r ' "$BATS_TEST_TMPDIR/realloc.rep") -gt 500 ]]
}

@test "the shapes differ as described: tiny, regrow and bigsmall" {
    local shape
    for shape in tiny regrow bigsmall; do
        tracegen $shape --ops 4000 --seed 5 >"$BATS_TEST_TMPDIR/$shape.rep"
    done
    sizes() { awk '$1 == "a" || $1 == "r" { print $3 }' "$BATS_TEST_TMPDIR/$1.rep"; }
    # tiny: blocks of at most 64 bytes, a peak of at most 8 KiB live
    assert_equal "$(sizes tiny | awk '$1 > 64' | wc -l)" 0
    [[ $(head -1 "$BATS_TEST_TMPDIR/tiny.rep") -le 8192 ]]
    # regrow: mostly reallocs, up to 1 MiB exactly, and back down
    [[ $(grep -c '^r ' "$BATS_TEST_TMPDIR/regrow.rep") -gt 3000 ]]
    assert_equal "$(sizes regrow | sort -n | tail -1)" 1048576
    # a block that shrinks: some realloc is smaller than the id's size before it
    [[ $(awk '$1 == "a" || $1 == "r" { if ($1 == "r" && $3 < size[$2]) n++; size[$2] = $3 }
              END { print n + 0 }' "$BATS_TEST_TMPDIR/regrow.rep") -gt 100 ]]
    # bigsmall: small blocks up to 256 bytes and large ones from 128 KiB to 1 MiB
    assert_equal "$(sizes bigsmall | awk '$1 > 256 && $1 < 131072 || $1 > 1048576' | wc -l)" 0
    [[ $(sizes bigsmall | awk '$1 >= 131072' | wc -l) -gt 100 ]]
}

@test "tracegen refuses bad arguments with exit status 2" {
    run --separate-stderr tracegen
    assert_failure 2
    assert_equal "$stderr" "tracegen: error: no SHAPE given (try --help)"
    run --separate-stderr tracegen squares
    assert_failure 2
    assert_equal "$stderr" "tracegen: error: unknown shape (small, random, prodcons, realloc, pow2, mixed, tiny, regrow, bigsmall): squares (try --help)"
    run --separate-stderr tracegen small --ops 1
    assert_failure 2
    run --separate-stderr tracegen small --ids 0
    assert_failure 2
    run --separate-stderr tracegen small --seed
    assert_failure 2
    assert_equal "$stderr" "tracegen: error: option needs a value: --seed (try --help)"
}
