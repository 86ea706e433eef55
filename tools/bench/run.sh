#!/usr/bin/env bash
# run.sh - the benchmark behind `make bench`: the drop-in malloc
# (libheap.so) against the allocators a user would pick instead (glibc's,
# jemalloc, mimalloc), on generated allocation traces replayed by
# heaptrace, on real programs run under each allocator through LD_PRELOAD,
# and on a multi-threaded stress of ours (mtstress, in its mixed and its
# producer/consumer mode).  Measures only: the table, the raw numbers and
# the plots go to BENCH_BUILD, written by report.sh.  What is measured and
# how to read it: tools/bench/README.md.
#
# usage: tools/bench/run.sh   (make bench sets the paths below)
#   BENCH_BUILD=DIR   where everything goes (default build/default/bench)
#   LIBHEAP=FILE      the library to preload (default phase4/libheap.so)
#   JEMALLOC=FILE MIMALLOC=FILE  the others (default: found by ldconfig -p)
#   HEAPTRACE=FILE TRACEGEN=FILE MEASURE=FILE MTSTRESS=FILE  the tools
#   BENCH_RUNS=5      timed runs per allocator and workload
#   BENCH_QUICK=1     tiny sizes: the whole run takes a few minutes
#   BENCH_ONLY='traces python gcc sort git mtstress prodcons'  a subset
#   BENCH_ALLOCATORS='glibc libheap jemalloc mimalloc'  a subset (glibc,
#                     the baseline of every ratio, and libheap always run)
#   BENCH_TIMEOUT=S   kill a run after S seconds (default 300, quick 30)
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
abs() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$root/$1" ;; esac; }

out=$(abs "${BENCH_BUILD:-build/default/bench}")
libheap=$(abs "${LIBHEAP:-phase4/libheap.so}")
heaptrace=$(abs "${HEAPTRACE:-tools/trace/heaptrace}")
tracegen=$(abs "${TRACEGEN:-tools/trace/tracegen}")
measure=$(abs "${MEASURE:-$out/measure}")
mtstress=$(abs "${MTSTRESS:-$out/mtstress}")
runs=${BENCH_RUNS:-5}
quick=${BENCH_QUICK:-}
[ "$quick" = 0 ] && quick=
workloads="traces python gcc sort git mtstress prodcons"
only=${BENCH_ONLY:-$workloads}
candidates="glibc libheap jemalloc mimalloc"
wanted=${BENCH_ALLOCATORS:-$candidates}
trace_threads="1 2"     # heaptrace -t
mt_threads="1 2 4 8"    # mtstress, mixed mode
pc_threads="2 4 8"      # mtstress -m prodcons: pairs of threads
seed=1
shapes="small random prodcons realloc pow2 mixed tiny regrow bigsmall"

if [ -n "$quick" ]; then
    timeout=${BENCH_TIMEOUT:-30}
    trace_ops=2000 py_strings=20000 gcc_functions=60 sort_lines=20000
    git_files=200 mt_total=100000
else
    timeout=${BENCH_TIMEOUT:-300}
    trace_ops=200000 py_strings=1500000 gcc_functions=3000 sort_lines=3000000
    git_files=20000 mt_total=4000000
fi

# ---- messages -------------------------------------------------------------

tty=; [ -t 2 ] && tty=1
step=0 total=0
endline() { [ -z "$tty" ] || [ "$step" = 0 ] || printf '\n' >&2; step=0; }
die() { endline; echo "bench: error: $*" >&2; exit 1; }
progress() { # the one progress line: rewritten on a terminal, else a line each
    step=$((step + 1))
    if [ -n "$tty" ]; then
        printf '\r\033[K[%d/%d] %s' "$step" "$total" "$*" >&2
    else
        printf '[%d/%d] %s\n' "$step" "$total" "$*" >&2
    fi
}
note() { # a warning now, and a line under the table
    [ -n "$tty" ] && printf '\r\033[K' >&2
    echo "bench: warning: $*" >&2
    printf '%s\n' "$*" >> "$out/notes.txt"
}

# ---- checks before anything runs ----------------------------------------------

case $runs in ''|*[!0-9]*|0) die "BENCH_RUNS must be a positive number, not '$runs'" ;; esac
for w in $only; do
    case " $workloads " in
    *" $w "*) ;;
    *) die "BENCH_ONLY: no workload '$w' ($workloads)" ;;
    esac
done
for a in $wanted; do
    case " $candidates " in
    *" $a "*) ;;
    *) die "BENCH_ALLOCATORS: no allocator '$a' ($candidates)" ;;
    esac
done
wants() { case " $only " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

for tool in "$measure" "$mtstress"; do
    [ -x "$tool" ] || die "no $tool: build it with 'make bench'"
done
[ -f "$libheap" ] ||
    die "no libheap.so at $libheap: build the drop-in malloc first (make phase4/libheap.so), or point LIBHEAP=FILE at another library"
if wants traces; then
    for tool in "$heaptrace" "$tracegen"; do
        [ -x "$tool" ] ||
            die "no $tool: build the trace tools first, or leave the traces out with BENCH_ONLY='python gcc sort git mtstress prodcons'"
    done
fi
python=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) ||
    { ! wants python || die "no python3 (sh tools/deps.sh bench installs it)"; }
bench_cc=$(command -v gcc || command -v cc) ||
    { ! wants gcc || die "no gcc to benchmark"; }
! wants git || command -v git >/dev/null || die "no git (sh tools/deps.sh bench installs it)"

# Every allocator must differ only in the preload.
if [ -n "${LD_PRELOAD:-}" ]; then
    echo "bench: LD_PRELOAD was set ($LD_PRELOAD); the benchmark runs without it" >&2
    unset LD_PRELOAD
fi

# Everything it writes stays in the build tree or in /tmp.
case $out in
"$root"/build/*|/tmp/*) ;;
*) die "BENCH_BUILD must be under $root/build or /tmp, not $out" ;;
esac
mkdir -p "$out"
rm -rf "$out/logs" "$out/notes.txt" "$out"/heaptrace*.tsv "$out/heaptrace"
mkdir -p "$out/logs" "$out/traces" "$out/heaptrace"
: > "$out/notes.txt"
tmp=$(mktemp -d /tmp/heapbench.XXXXXX)
cleanup() { rm -rf "$tmp"; endline; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rm -f "$out/context.tsv"
context() { printf '%s\t%s\n' "$1" "$2" >> "$out/context.tsv"; }

# ---- the allocators ------------------------------------------------------------

# preload[A]: what LD_PRELOAD names for allocator A (empty for glibc's,
# which needs none).  allocators: those that will run, glibc first.
declare -A preload=([glibc]="")
declare -A misaligned_noted=() # LABEL-ALLOCATOR: its misaligned blocks noted
allocators=(glibc)

# malloc_source LIBRARY: where malloc comes from in a program run with
# LIBRARY preloaded (mtstress -w asks the dynamic loader).  Fails, with
# the reason in $tmp/probe.err, if the program does not run or the loader
# cannot preload the library: ld.so only warns about that, and a program
# that ran glibc's malloc quietly would measure the wrong allocator.
malloc_source() {
    local source
    source=$("$measure" -o /dev/null -p "$1" "$mtstress" -w 2> "$tmp/probe.err") ||
        return 1
    ! grep -q 'cannot be preloaded' "$tmp/probe.err" || return 1
    realpath "$source"
}

# find_library SONAME: the library the dynamic loader knows as SONAME
# (ldconfig -p lists every architecture's, multiarch): the first one that
# preloads and replaces malloc on this machine.
find_library() {
    local ldconfig candidate
    ldconfig=$(command -v ldconfig || echo /sbin/ldconfig)
    for candidate in $("$ldconfig" -p 2> /dev/null |
                       awk -v so="$1" '$1 == so { print $NF }'); do
        if [ "$(malloc_source "$candidate")" = "$(realpath "$candidate")" ]; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    return 1
}

# version_of FILE: the Debian package that installed FILE, and its version.
version_of() {
    local package
    package=$(dpkg -S "$(realpath "$1")" 2> /dev/null | head -1 | sed 's/: .*//') &&
        [ -n "$package" ] &&
        printf '%s %s\n' "${package%%:*}" "$(dpkg-query -W -f '${Version}' "$package")" ||
        echo "version unknown"
}

# add_allocator NAME FILE PACKAGE: NAME preloads FILE, if it is there and
# replaces malloc; otherwise a note, and NAME is left out.
add_allocator() {
    local name=$1 file=$2 package=$3 source
    if [ -z "$file" ] || [ ! -f "$file" ]; then
        note "$name: not installed (${file:-no library in ldconfig -p}); left out (sh tools/deps.sh bench installs $package)"
        return 0
    fi
    if ! source=$(malloc_source "$file"); then
        note "$name: $file cannot be preloaded ($(head -1 "$tmp/probe.err")); left out"
        return 0
    fi
    if [ "$source" != "$(realpath "$file")" ]; then
        note "$name: under LD_PRELOAD=$file malloc still comes from $source; left out"
        return 0
    fi
    preload[$name]=$file
    allocators+=("$name")
    context "allocator:$name" "$file ($(version_of "$file"))"
}

# libheap runs always; the table's notes say when it changes nothing (the
# A/A run of the README), and a library the loader refuses stops here.
add_libheap() {
    local source
    source=$(malloc_source "$libheap") ||
        die "mtstress -w fails under LD_PRELOAD=$libheap, or the loader cannot preload it: $(head -3 "$tmp/probe.err")"
    if [ "$source" != "$(realpath "$libheap")" ]; then
        note "malloc comes from $source, not from $libheap: the libheap side ran the same malloc as glibc's"
    fi
    preload[libheap]=$libheap
    allocators+=(libheap)
    context "allocator:libheap" "$libheap"
}

choose_allocators() {
    local file
    context "allocator:glibc" "the C library's ($(getconf GNU_LIBC_VERSION 2> /dev/null || echo version unknown))"
    add_libheap
    case " $wanted " in
    *" jemalloc "*)
        file=${JEMALLOC:-$(find_library libjemalloc.so.2 || true)}
        add_allocator jemalloc "$file" libjemalloc2 ;;
    esac
    case " $wanted " in
    *" mimalloc "*)
        file=${MIMALLOC:-$(find_library libmimalloc.so.2 || true)}
        add_allocator mimalloc "$file" libmimalloc2.0 ;;
    esac
    context allocators "${allocators[*]}"
}

# rotated N: the allocators turned left by N places.  Round r runs them in
# the order rotated r, so each allocator takes each place in turn and a
# slow drift of the machine favours none.
rotated() {
    local n=$(($1 % ${#allocators[@]}))
    printf '%s\n' "${allocators[@]:n}" "${allocators[@]:0:n}"
}

# ---- the raw table -------------------------------------------------------------

# One row per run.  peak_kib is always the peak RSS that measure saw;
# footprint_kib and utilization are heaptrace's (traces only).
raw=$out/raw.tsv
header() {
    printf 'kind\tworkload\tallocator\tthreads\trun\tops\tseconds\tpeak_kib'
    printf '\tfootprint_kib\tops_per_sec\tutilization\tstatus\n'
}
header > "$raw"

# ---- workload 1: traces ----------------------------------------------------------

# heaptrace's --tsv columns, by name, into raw.tsv rows.  as: the
# allocator's name in the table; peak: measure's peak RSS of the replay;
# own_footprint: 1 when heaptrace's footprint is this allocator's own.
# Under a preloaded jemalloc or mimalloc it is not: heaptrace's "libc"
# asks glibc's mallinfo2, which knows nothing of their heaps.
tsv_to_raw() {
    awk -F '\t' -v OFS='\t' -v as="$1" -v peak="$2" -v own_footprint="$3" '
    NR == 1 {
        for (i = 1; i <= NF; i++) col[$i] = i
        n = split("trace allocator threads ops seconds ops_per_sec peak_footprint utilization skipped verify_errors", want, " ")
        for (i = 1; i <= n; i++)
            if (!(want[i] in col)) { print "no column " want[i] > "/dev/stderr"; exit 3 }
        next
    }
    NF > 1 {
        name = $col["trace"]; sub(/.*\//, "", name); sub(/\.[^.]*$/, "", name)
        status = 0
        if ($col["verify_errors"] + 0 || $col["skipped"] + 0)
            status = "verify_errors=" $col["verify_errors"] "," "skipped=" $col["skipped"]
        footprint = utilization = "-"
        if (own_footprint && $col["peak_footprint"] + 0 > 0) {
            footprint = sprintf("%.1f", $col["peak_footprint"] / 1024)
            utilization = $col["utilization"]
        }
        print "trace", name, as, $col["threads"], "-", $col["ops"], $col["seconds"],
              peak, footprint, $col["ops_per_sec"], utilization, status
    }'
}

# trace_once SHAPE ALLOCATOR THREADS: heaptrace replays one trace on one
# allocator, under measure for the peak RSS of the whole replay.  jemalloc
# and mimalloc are heaptrace's "libc" (it calls malloc) with their library
# preloaded.
trace_once() {
    local shape=$1 allocator=$2 threads=$3 status=0 as=libc own=1 peak=-
    local name=$shape-$allocator-t$threads opts=()
    local file=$out/traces/$shape.rep
    [ "$allocator" != libheap ] || as=libheap
    case $allocator in jemalloc|mimalloc) own=0 ;; esac
    [ -z "${preload[$allocator]}" ] || opts=(-p "${preload[$allocator]}")
    "$measure" -o "$tmp/trace.measure" -T "$timeout" ${opts[@]+"${opts[@]}"} \
        "$heaptrace" -a "$as" -r "$runs" -t "$threads" --tsv "$file" \
        > "$out/heaptrace/$name.tsv" 2> "$out/logs/heaptrace-$name.log" < /dev/null ||
        status=$?
    [ ! -s "$tmp/trace.measure" ] || IFS=$'\t' read -r _ peak _ < "$tmp/trace.measure"
    rm -f "$tmp/trace.measure"
    if [ "$status" != 0 ]; then
        note "traces: heaptrace on $shape with $allocator, $threads thread(s), exited with status $status$([ "$status" = 124 ] && echo ", timed out after ${timeout}s") (see logs/heaptrace-$name.log)"
    fi
    if ! head -1 "$out/heaptrace/$name.tsv" | grep -q 'utilization'; then
        note "traces: heaptrace on $shape with $allocator printed no --tsv table (see logs/heaptrace-$name.log)"
        return 0
    fi
    tsv_to_raw "$allocator" "$peak" "$own" < "$out/heaptrace/$name.tsv" >> "$raw" 2> "$tmp/columns" ||
        note "traces: heaptrace: $(cat "$tmp/columns") in its --tsv table"
}

# shape_ops SHAPE: the trace's length.  regrow gets a tenth: its blocks
# average over 100 KiB, and each realloc's copy (and the checked pass's
# check of it) makes an operation a thousand times dearer than in small.
# tiny and small get ten times as many: at 200,000 operations a timed
# pass lasted 10 to 20 ms, where a thread's start or one page fault moved
# the ratio by a third from run to run.  (small could not before
# heaptrace's checked pass stopped asking glibc's mallinfo2, which walks
# every free chunk, after every operation: 400,000 operations took 93 s.)
shape_ops() {
    case $1 in
    regrow) echo $((trace_ops / 10)) ;;
    tiny|small) echo $((trace_ops * 10)) ;;
    *) echo "$trace_ops" ;;
    esac
}

# Every shape written once, then replayed on every allocator, at each
# thread count; the order of the allocators turns from trace to trace.
bench_traces() {
    local shape threads allocator turn=0 made=()
    for shape in $shapes; do
        progress "traces: tracegen $shape --ops $(shape_ops "$shape")"
        if "$tracegen" "$shape" --ops "$(shape_ops "$shape")" --seed "$seed" \
            > "$out/traces/$shape.rep" 2> "$out/logs/tracegen-$shape.log"; then
            made+=("$shape")
        else
            note "traces: tracegen $shape failed (see logs/tracegen-$shape.log)"
        fi
    done
    for threads in $trace_threads; do
        for shape in ${made[@]+"${made[@]}"}; do
            for allocator in $(rotated "$turn"); do
                progress "traces: $shape, $threads thread(s), $allocator ($runs passes)"
                trace_once "$shape" "$allocator" "$threads"
            done
            turn=$((turn + 1))
        done
    done
    context "workload:traces" "tracegen SHAPE --ops $trace_ops (regrow $(shape_ops regrow), tiny $(shape_ops tiny)) --seed $seed; heaptrace -a libc|libheap -r $runs -t 1 and -t 2, one process per trace and allocator"
}

# ---- workload 2: programs ---------------------------------------------------------

# Each program has prepare_NAME (untimed, once), optionally before_NAME
# (untimed, before each run), and sets cmd (the command) and dir (where).
# mtstress and prodcons take the thread count as their argument.

prepare_python() {
    cmd=(env PYTHONMALLOC=malloc "$python" -c '
import random, sys
n = int(sys.argv[1])
rng = random.Random(1)
words = ["%x-%d" % (rng.getrandbits(64), i) for i in range(n)]
words.sort()
words.sort(key=lambda w: w[::-1])
print(len(words))' "$py_strings")
    dir=$tmp
    context "workload:python" "$("$python" -V 2>&1): build and sort $py_strings strings (PYTHONMALLOC=malloc: every object from malloc)"
}

prepare_gcc() {
    progress "gcc: writing a C file of $gcc_functions functions"
    awk -v n="$gcc_functions" 'BEGIN {
        print "/* generated by tools/bench/run.sh */"
        print "struct rec { int id; long total; struct rec *next; };"
        for (i = 0; i < n; i++) {
            printf "static long f%d(struct rec *r, const long *v, int len)\n{\n", i
            printf "    long acc = %d;\n    for (int k = 0; k < len; k++) {\n", i
            printf "        if (v[k] %% %d == %d) acc += v[k] * %d; else acc ^= v[k] << %d;\n",
                i % 7 + 2, i % 3, i % 11 + 1, i % 5 + 1
            printf "    }\n"
            if (i > 0)
                printf "    if (acc & 1) acc += f%d(r ? r->next : 0, v, len / 2);\n", i - 1
            printf "    return acc + (r ? r->id : 0);\n}\n\n"
        }
        print "long bench_entry(struct rec *r, const long *v, int len)\n{\n    long t = 0;"
        for (i = 0; i < n; i += 97)
            printf "    t += f%d(r, v, len);\n", i
        print "    return t;\n}"
    }' > "$tmp/big.c"
    cmd=("$bench_cc" -O2 -c -o /dev/null big.c)
    dir=$tmp
    context "workload:gcc" "$("$bench_cc" --version | head -1): -O2 -c of $gcc_functions generated functions ($(du -k "$tmp/big.c" | cut -f1) KiB)"
}

prepare_sort() {
    progress "sort: writing $sort_lines lines"
    awk -v n="$sort_lines" 'BEGIN {
        srand(7)
        letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
        for (i = 0; i < n; i++)
            printf "%08x %s %d\n", int(rand() * 4294967296),
                substr(letters, int(rand() * 40) + 1, int(rand() * 12) + 1), i
    }' > "$tmp/lines.txt"
    cmd=(env LC_ALL=C sort -o /dev/null lines.txt)
    dir=$tmp
    context "workload:sort" "$(sort --version | head -1): LC_ALL=C sort of $sort_lines lines ($(du -m "$tmp/lines.txt" | cut -f1) MiB)"
}

prepare_git() {
    progress "git: writing $git_files small files"
    mkdir -p "$tmp/repo" "$tmp/home"
    (cd "$tmp/repo" && awk -v n="$git_files" 'BEGIN {
        for (i = 0; i < n; i++) {
            d = sprintf("d%03d", i % 100)
            if (i < 100)
                system("mkdir -p " d)
            f = sprintf("%s/file%05d.txt", d, i)
            for (j = 0; j <= i % 20; j++)
                printf "line %d of file %d: %x\n", j, i, (i * 2654435761 + j) % 4294967296 > f
            close(f)
        }
    }')
    # A home and a repository of its own: no user or system configuration
    # (hooks, signing) and never the course's own repository.
    cmd=(env HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 GIT_DIR="$tmp/repo/.git"
         GIT_WORK_TREE="$tmp/repo" sh -c 'git init -q &&
            git config user.name heapbench &&
            git config user.email heapbench@localhost &&
            git config gc.auto 0 && git config maintenance.auto false &&
            git add -A && git commit -q -m bench')
    dir=$tmp/repo
    context "workload:git" "$(git --version): init, add and commit of $git_files small files"
}
before_git() { rm -rf "$tmp/repo/.git"; }

# The same work at every thread count: mt_total operations in all, split
# between the threads (-n is per thread).
prepare_mtstress() {
    cmd=("$mtstress" -m mixed -t "$1" -n $((mt_total / $1)) -s "$seed")
    dir=$tmp
    [ "$1" != "${mt_threads%% *}" ] ||
        context "workload:mtstress" "mtstress -m mixed -t THREADS -n $mt_total/THREADS: $mt_total malloc, calloc, posix_memalign, realloc and free calls in all, some blocks freed by another thread, contents checked; THREADS $mt_threads"
}

prepare_prodcons() {
    cmd=("$mtstress" -m prodcons -t "$1" -n $((mt_total / $1)) -s "$seed")
    dir=$tmp
    [ "$1" != "${pc_threads%% *}" ] ||
        context "workload:prodcons" "mtstress -m prodcons -t THREADS -n $mt_total/THREADS: THREADS/2 pairs, each producer mallocs and fills messages of mixed sizes, its consumer checks and frees them; $mt_total operations in all; THREADS $pc_threads"
}

# run_once NAME THREADS ALLOCATOR RUN: one timed run, one raw row.
# summary_field NAME LOG: the number after NAME in mtstress's summary
# line ("... operations 4000584, seconds 1.145, ops_per_sec 3493172, ...").
summary_field() {
    awk -v name="$1" '{ for (i = 1; i < NF; i++) if ($i == name) print $(i + 1) + 0 }' "$2"
}

run_once() {
    local name=$1 threads=$2 allocator=$3 run=$4 status=0 log=$tmp/run.log
    local opts=() label=$1
    [ "$threads" = - ] || label="$name-t$threads"
    [ -z "${preload[$allocator]}" ] || opts=(-p "${preload[$allocator]}")
    ! declare -F "before_$name" > /dev/null || "before_$name"
    (cd "$dir" && exec "$measure" -o "$tmp/measure.out" -T "$timeout" \
        ${opts[@]+"${opts[@]}"} "${cmd[@]}") > "$log" 2>&1 < /dev/null ||
        status=$?
    local seconds=- peak=- ops=- ops_per_sec=-
    if [ -s "$tmp/measure.out" ]; then
        IFS=$'\t' read -r seconds peak _ < "$tmp/measure.out"
    fi
    if [ "$threads" != - ] && [ "$status" = 0 ]; then
        ops=$(summary_field operations "$log")
        ops_per_sec=$(summary_field ops_per_sec "$log")
        local bad
        bad=$(summary_field misaligned "$log")
        # an allocator's bug that mtstress counts and goes past: said once
        # per workload and allocator, its figures kept
        if [ "${bad:-0}" -gt 0 ] && [ -z "${misaligned_noted[$label-$allocator]:-}" ]; then
            misaligned_noted[$label-$allocator]=1
            note "$label: $allocator returned $bad posix_memalign blocks not aligned as asked in its $([ "$run" = 0 ] && echo warm-up run || echo "run $run") (a bug of that allocator: mtstress counts them and goes on, so its figures stand)"
        fi
    fi
    printf 'program\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t-\t%s\t-\t%s\n' "$name" "$allocator" \
        "$threads" "$run" "${ops:--}" "$seconds" "$peak" "${ops_per_sec:--}" "$status" >> "$raw"
    rm -f "$tmp/measure.out"
    if [ "$status" != 0 ]; then
        cp "$log" "$out/logs/$label-$allocator-$run.log"
        note "$label: the $allocator $([ "$run" = 0 ] && echo warm-up run || echo "run $run") failed (status $status$([ "$status" = 124 ] && echo ", timed out after ${timeout}s")): $(head -c 300 "$log" | head -2 | tr '\n' ' ')(no more $allocator runs of it; see logs/$label-$allocator-$run.log)"
        return 1
    fi
}

# bench_program NAME [THREADS]: round 0 is a warm-up (files into the page
# cache, libraries loaded) and not counted; then every allocator runs once
# per round, in an order that turns from round to round.
bench_program() {
    local name=$1 threads=${2:--} round allocator what failed=" " label=$1
    [ "$threads" = - ] || label="$name -t $threads"
    "prepare_$name" ${2+"$2"}
    for round in $(seq 0 "$runs"); do
        what="run $round of $runs"
        [ "$round" != 0 ] || what=warm-up
        for allocator in $(rotated "$round"); do
            case $failed in
            *" $allocator "*)
                progress "$label: $allocator $what: skipped, it failed before"
                continue ;;
            esac
            progress "$label: $allocator $what"
            run_once "$name" "$threads" "$allocator" "$round" || failed="$failed$allocator "
        done
    done
}

# ---- the run ----------------------------------------------------------------------

context date "$(date -u '+%Y-%m-%d %H:%M UTC')"
context machine "$(uname -sr), $(nproc) CPUs, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
context glibc "$(getconf GNU_LIBC_VERSION 2>/dev/null || echo unknown)"
# (GIT_OPTIONAL_LOCKS=0: status must not refresh the course's index)
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(GIT_OPTIONAL_LOCKS=0 git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ] ||
    commit="$commit, with uncommitted changes"
context commit "$commit"
context libheap "$libheap"
context runs "$runs"
context "load before" "$(cut -d' ' -f1-3 /proc/loadavg)"
context sizes "$([ -n "$quick" ] && echo 'quick (BENCH_QUICK=1): tiny, for trying the harness' || echo full)"
choose_allocators

n=${#allocators[@]}
words() { echo "$1" | wc -w; }
nshapes=$(words "$shapes") ntt=$(words "$trace_threads")
nmt=$(words "$mt_threads") npc=$(words "$pc_threads")
for w in $only; do
    case $w in
    traces) total=$((total + nshapes + nshapes * ntt * n)) ;;
    gcc|sort|git) total=$((total + 1 + n * (runs + 1))) ;;
    mtstress) total=$((total + nmt * n * (runs + 1))) ;;
    prodcons) total=$((total + npc * n * (runs + 1))) ;;
    *) total=$((total + n * (runs + 1))) ;;
    esac
done
total=$((total + 1))

for w in $only; do
    case $w in
    traces) bench_traces ;;
    mtstress) for t in $mt_threads; do bench_program mtstress "$t"; done ;;
    prodcons) for t in $pc_threads; do bench_program prodcons "$t"; done ;;
    *) bench_program "$w" ;;
    esac
done

context "load after" "$(cut -d' ' -f1-3 /proc/loadavg)"
progress "report: results.md and plots"
[ -z "$tty" ] || printf '\r\033[K' >&2
step=0   # the line is cleared: nothing for endline to end
sh "$root/tools/bench/report.sh" "$out"
