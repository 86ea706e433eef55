#!/usr/bin/env bash
# run.sh - the benchmark behind `make bench`: the drop-in malloc
# (libheap.so) against the C library's, on generated allocation traces
# replayed by heaptrace, on real programs run without and with LD_PRELOAD,
# and on a multi-threaded stress of ours (mtstress).  Measures only: the
# table, the raw numbers and the plots go to BENCH_BUILD, written by
# report.sh.  What is measured and how to read it: tools/bench/README.md,
# "Measuring it against the C library".
#
# usage: tools/bench/run.sh   (make bench sets the paths below)
#   BENCH_BUILD=DIR   where everything goes (default build/default/bench)
#   LIBHEAP=FILE      the library to preload (default phase4/libheap.so)
#   HEAPTRACE=FILE TRACEGEN=FILE MEASURE=FILE MTSTRESS=FILE  the tools
#   BENCH_RUNS=5      timed runs per allocator and workload
#   BENCH_QUICK=1     tiny sizes: the whole run takes well under a minute
#   BENCH_ONLY='traces python gcc sort git mtstress'  a subset of workloads
#   BENCH_TIMEOUT=S   kill a run after S seconds (default 300, quick 30;
#                     a heaptrace run, which replays every trace, gets 4 S)
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
workloads="traces python gcc sort git mtstress"
only=${BENCH_ONLY:-$workloads}
threads=2
seed=1
shapes="small random prodcons realloc pow2 mixed"

if [ -n "$quick" ]; then
    timeout=${BENCH_TIMEOUT:-30}
    trace_ops=2000 py_strings=20000 gcc_functions=60 sort_lines=20000
    git_files=200 mt_ops=50000
else
    timeout=${BENCH_TIMEOUT:-300}
    trace_ops=200000 py_strings=1500000 gcc_functions=3000 sort_lines=3000000
    git_files=20000 mt_ops=5000000
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
shown() { [ "$1" = libc ] && echo glibc || echo "$1"; }  # heaptrace says libc
wants() { case " $only " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

for tool in "$measure" "$mtstress"; do
    [ -x "$tool" ] || die "no $tool: build it with 'make bench'"
done
[ -f "$libheap" ] ||
    die "no libheap.so at $libheap: build the drop-in malloc first (make phase4/libheap.so), or point LIBHEAP=FILE at another library"
if wants traces; then
    for tool in "$heaptrace" "$tracegen"; do
        [ -x "$tool" ] ||
            die "no $tool: build the trace tools first, or leave the traces out with BENCH_ONLY='python gcc sort git mtstress'"
    done
fi
python=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) ||
    { ! wants python || die "no python3 (sh tools/deps.sh bench installs it)"; }
bench_cc=$(command -v gcc || command -v cc) ||
    { ! wants gcc || die "no gcc to benchmark"; }
! wants git || command -v git >/dev/null || die "no git (sh tools/deps.sh bench installs it)"

# Both sides must differ only in the preload.
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
rm -rf "$out/logs" "$out/notes.txt" "$out"/heaptrace*.tsv
mkdir -p "$out/logs" "$out/traces"
: > "$out/notes.txt"
tmp=$(mktemp -d /tmp/heapbench.XXXXXX)
cleanup() { rm -rf "$tmp"; endline; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Does malloc really come from the library?  ld.so only warns when it cannot
# preload, and a library without malloc preloads fine but changes nothing.
probe=$("$measure" -o /dev/null -p "$libheap" "$mtstress" -w 2>"$tmp/probe.err") ||
    die "$mtstress -w fails under LD_PRELOAD=$libheap: $(head -3 "$tmp/probe.err")"
if grep -q 'cannot be preloaded' "$tmp/probe.err"; then
    die "the dynamic loader cannot preload $libheap: $(head -1 "$tmp/probe.err")"
fi
if [ "$(realpath "$probe")" != "$(realpath "$libheap")" ]; then
    note "malloc comes from $probe, not from $libheap: both sides ran the same malloc"
fi

# ---- the raw table -------------------------------------------------------------

raw=$out/raw.tsv
printf 'kind\tworkload\tallocator\tthreads\trun\tops\tseconds\tpeak_kib\tops_per_sec\tutilization\tstatus\n' > "$raw"
context() { printf '%s\t%s\n' "$1" "$2" >> "$out/context.tsv"; }

# ---- workload 1: traces ----------------------------------------------------------

# heaptrace's --tsv columns, by name, into raw.tsv rows (peak in KiB).
tsv_to_raw() {
    awk -F '\t' -v OFS='\t' '
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
        print "trace", name, $col["allocator"], $col["threads"], "-", $col["ops"],
              $col["seconds"], sprintf("%.1f", $col["peak_footprint"] / 1024),
              $col["ops_per_sec"], $col["utilization"], status
    }'
}

heaptrace_run() { # heaptrace_run NAME [OPTION...]: replay every trace
    local name=$1 status=0
    shift
    "$measure" -o "$tmp/$name.measure" -T $((timeout * 4)) "$heaptrace" -a libc,libheap \
        -r "$runs" "$@" --tsv "${trace_files[@]}" \
        > "$out/$name.tsv" 2> "$out/logs/$name.log" < /dev/null || status=$?
    if [ "$status" != 0 ]; then
        note "traces: heaptrace $* exited with status $status (see logs/$name.log)"
    fi
    if ! head -1 "$out/$name.tsv" | grep -q 'utilization'; then
        note "traces: heaptrace $* printed no --tsv table (see logs/$name.log)"
        return 0
    fi
    tsv_to_raw < "$out/$name.tsv" >> "$raw" 2> "$tmp/columns" ||
        note "traces: heaptrace $*: $(cat "$tmp/columns") in its --tsv table"
}

bench_traces() {
    trace_files=()
    local shape
    for shape in $shapes; do
        progress "traces: tracegen $shape --ops $trace_ops"
        if "$tracegen" "$shape" --ops "$trace_ops" --seed "$seed" \
            > "$out/traces/$shape.rep" 2> "$out/logs/tracegen-$shape.log"; then
            trace_files+=("$out/traces/$shape.rep")
        else
            note "traces: tracegen $shape failed (see logs/tracegen-$shape.log)"
        fi
    done
    [ "${#trace_files[@]}" -gt 0 ] || return 0
    progress "traces: heaptrace, 1 thread, $runs runs each"
    heaptrace_run heaptrace
    progress "traces: heaptrace -t $threads, $runs runs each"
    heaptrace_run "heaptrace-t$threads" -t "$threads"
    context "workload:traces" "tracegen SHAPE --ops $trace_ops --seed $seed; heaptrace -a libc,libheap -r $runs (and -t $threads)"
}

# ---- workload 2: programs ---------------------------------------------------------

# Each program has prepare_NAME (untimed, once), optionally before_NAME
# (untimed, before each run), and sets cmd (the command) and dir (where).

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

prepare_mtstress() {
    cmd=("$mtstress" -t "$threads" -n "$mt_ops" -s "$seed")
    dir=$tmp
    context "workload:mtstress" "mtstress -t $threads -n $mt_ops: $mt_ops malloc-family calls and frees per thread, contents checked"
}

run_once() { # run_once NAME ALLOCATOR RUN: one timed run, one raw row
    local name=$1 allocator=$2 run=$3 status=0 log=$tmp/run.log
    local preload=()
    [ "$allocator" = libheap ] && preload=(-p "$libheap")
    ! declare -F "before_$name" > /dev/null || "before_$name"
    (cd "$dir" && exec "$measure" -o "$tmp/measure.out" -T "$timeout" \
        ${preload[@]+"${preload[@]}"} "${cmd[@]}") > "$log" 2>&1 < /dev/null ||
        status=$?
    local seconds=- peak=- ops=- ops_per_sec=-
    if [ -s "$tmp/measure.out" ]; then
        IFS=$'\t' read -r seconds peak _ < "$tmp/measure.out"
    fi
    if [ "$name" = mtstress ] && [ "$status" = 0 ]; then
        ops=$(awk '{ for (i = 1; i < NF; i++) if ($i == "operations") print $(i + 1) + 0 }' "$log")
        ops_per_sec=$(awk '{ for (i = 1; i < NF; i++) if ($i == "ops_per_sec") print $(i + 1) }' "$log")
    fi
    printf 'program\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t-\t%s\n' "$name" "$allocator" \
        "$([ "$name" = mtstress ] && echo "$threads" || echo -)" "$run" "${ops:--}" \
        "$seconds" "$peak" "${ops_per_sec:--}" "$status" >> "$raw"
    rm -f "$tmp/measure.out"
    if [ "$status" != 0 ]; then
        cp "$log" "$out/logs/$name-$allocator-$run.log"
        note "$name: the $(shown "$allocator") $([ "$run" = 0 ] && echo warm-up run || echo "run $run") failed (status $status$([ "$status" = 124 ] && echo ", timed out after ${timeout}s")); no more $(shown "$allocator") runs of it (see logs/$name-$allocator-$run.log)"
        return 1
    fi
}

# Round 0 is a warm-up (files into the page cache, libraries loaded) and
# not counted; then the allocators alternate, glibc first in odd rounds
# and libheap first in even ones, so a drift favours neither.
bench_program() {
    local name=$1 round side what failed=" "
    "prepare_$name"
    for round in $(seq 0 "$runs"); do
        if [ $((round % 2)) = 1 ]; then set -- libc libheap; else set -- libheap libc; fi
        for side; do
            what="run $round of $runs"
            [ "$round" != 0 ] || what=warm-up
            case $failed in
            *" $side "*)
                progress "$name: $(shown "$side") $what: skipped, it failed before"
                continue ;;
            esac
            progress "$name: $(shown "$side") $what"
            run_once "$name" "$side" "$round" || failed="$failed$side "
        done
    done
}

# ---- the run ----------------------------------------------------------------------

rm -f "$out/context.tsv"
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

for w in $only; do
    case $w in
    traces) total=$((total + 8)) ;;
    gcc|sort|git) total=$((total + 1 + 2 * (runs + 1))) ;;
    *) total=$((total + 2 * (runs + 1))) ;;
    esac
done
total=$((total + 1))

for w in $only; do
    case $w in
    traces) bench_traces ;;
    *) bench_program "$w" ;;
    esac
done

context "load after" "$(cut -d' ' -f1-3 /proc/loadavg)"
progress "report: results.md and plots"
[ -z "$tty" ] || printf '\r\033[K' >&2
step=0   # the line is cleared: nothing for endline to end
sh "$root/tools/bench/report.sh" "$out"
