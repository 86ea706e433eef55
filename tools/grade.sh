#!/usr/bin/env bash
# grade.sh - the course's tests against a student's tree (`make grade`,
# `make grade-all`; README.md, "Grading with it").
#
# A submission is a directory with some of phase1/ .. phase5/.  For every
# phase directory it has, its phaseN/*.c and phaseN/*.h (regular files,
# top level) replace the course's; everything else (Makefile, phase.mk,
# common/, tests/, golden files) is the course's, so a student can change
# neither the build rules nor the tests.  The tree is built once, with
# AddressSanitizer + UndefinedBehaviorSanitizer (SAN=1, so a double free
# or a wild pointer is a crash, not luck) and warnings not fatal (WERROR=,
# so they are counted, not a failed build), then each phase's tests run.
#
# Isolation: the build and the tests run in a scratch copy inside
# bubblewrap, as an unprivileged user (nobody when the grader is root), in
# new namespaces (no network, own pids, no further user namespaces), with
# only /usr and /etc visible read-only, the course's copy read-only, its
# build/ and a private /tmp the only writable places; under a time limit
# per program run (HC_EXEC_TIMEOUT), per test (BATS_TEST_TIMEOUT), per
# build and per phase (timeout), file sizes and process counts limited,
# and the output kept capped.
#
# usage: bash tools/grade.sh [--phase N] [--format table|csv|junit] SUBMISSION
#        bash tools/grade.sh --all [--phase N] [--csv FILE] SUBMISSIONS
# Writes build/grade/NAME/ (grade.txt, grade.csv, junit.xml, build.log,
# phaseN.tap) and, with --all, build/grade/grades.csv.  Exit status: 0 when
# the grading ran (whatever the score), 2 on a usage or setup error.
set -u

COURSE=$(cd "$(dirname "$0")/.." && pwd)
cd "$COURSE" || exit 2

# Limits (environment variables, see README.md).
EXEC_TIMEOUT=${GRADE_EXEC_TIMEOUT:-20}       # s, one program run in a test
TEST_TIMEOUT=${GRADE_TEST_TIMEOUT:-120}      # s, one test
PHASE_TIMEOUT=${GRADE_PHASE_TIMEOUT:-900}    # s, one phase's tests
BUILD_TIMEOUT=${GRADE_BUILD_TIMEOUT:-600}    # s, the build
FILE_LIMIT_KB=${GRADE_FILE_LIMIT_KB:-262144} # largest file written, KiB
NPROC_LIMIT=${GRADE_NPROC:-1024}             # processes of the sandbox user
LOG_LIMIT=${GRADE_LOG_LIMIT:-1048576}        # bytes kept of the build log
LINES_PER_TEST=${GRADE_LINES_PER_TEST:-60}   # output lines kept per test
RSS_LIMIT_MB=${GRADE_RSS_LIMIT_MB:-2048}     # a sanitized program's memory
JOBS=${GRADE_JOBS:-$(nproc 2>/dev/null || echo 2)}
SANDBOX=${GRADE_SANDBOX:-bwrap}              # bwrap, or none (unsafe)
SANDBOX_UID=${GRADE_UID:-65534}
OUTROOT=${GRADE_OUT:-$COURSE/build/grade}
# Scratch copies: a directory the sandbox user can reach (not $TMPDIR,
# which may be private to the grader).
SCRATCH_DIR=${GRADE_SCRATCH:-/tmp}
CONFIG=cc-san                                # CC=cc SAN=1 (the Makefile)

die() { echo "grade: $*" >&2; exit 2; }

# ---- the sandbox ------------------------------------------------------------

# sandbox SCRATCH SECONDS SCRIPT ARGS...: run the bash SCRIPT in SCRATCH/tree
# (read-only; SCRATCH/tree/build and SCRATCH/tmp writable) under a time
# limit; its standard output and error are this function's.
sandbox() {
    local scratch=$1 seconds=$2 script=$3
    shift 3
    local limits="ulimit -c 0; ulimit -f $FILE_LIMIT_KB; ulimit -u $NPROC_LIMIT 2>/dev/null;"
    if [[ $SANDBOX == none ]]; then
        (cd "$scratch/tree" && HOME=$scratch/tmp TMPDIR=$scratch/tmp \
            timeout -k 10 "$seconds" bash -c "$limits $script" grade "$@")
        return
    fi
    local bw=(bwrap --unshare-all --unshare-user --disable-userns --cap-drop ALL
        --die-with-parent --new-session
        --ro-bind /usr /usr --ro-bind /etc /etc
        --dev /dev --proc /proc
        --ro-bind "$scratch/tree" /grade/tree
        --bind "$scratch/tree/build" /grade/tree/build
        --bind "$scratch/tmp" /tmp
        --chdir /grade/tree --clearenv
        --setenv PATH /usr/local/bin:/usr/bin:/bin --setenv HOME /tmp
        --setenv TMPDIR /tmp --setenv LANG C.UTF-8)
    local d
    for d in bin sbin lib lib32 lib64 libx32; do
        if [[ -L /$d ]]; then bw+=(--symlink "$(readlink "/$d")" "/$d")
        elif [[ -d /$d ]]; then bw+=(--ro-bind "/$d" "/$d"); fi
    done
    local user=()
    if [[ $(id -u) == 0 ]]; then
        user=(setpriv --reuid="$SANDBOX_UID" --regid="$SANDBOX_UID" --clear-groups)
    fi
    # --foreground: timeout stays in the grader's process group, so stopping
    # the grader stops the sandbox (bwrap takes its processes with it).
    timeout --foreground -k 10 "$seconds" "${user[@]}" "${bw[@]}" \
        bash -c "$limits $script" grade "$@"
}

# The sandbox works here, or the grader says why and stops.
sandbox_probe() {
    [[ $SANDBOX == none ]] && {
        echo "grade: GRADE_SANDBOX=none: submissions run WITHOUT isolation" >&2
        return
    }
    command -v bwrap >/dev/null ||
        die "bwrap is missing: install Debian's bubblewrap (make grade does)"
    local probe
    probe=$(mktemp -d "$SCRATCH_DIR/heapcourse-grade.XXXXXX") || die "no scratch"
    mkdir -p "$probe/tree/build" "$probe/tmp"
    [[ $(id -u) == 0 ]] && chown -R "$SANDBOX_UID:$SANDBOX_UID" "$probe"
    local out
    if ! out=$(sandbox "$probe" 30 'touch build/ok && ! touch x 2>/dev/null' 2>&1) ||
        [[ ! -f $probe/tree/build/ok ]]; then
        rm -rf "$probe"
        die "bubblewrap cannot make a sandbox here: $out
  (it needs user namespaces: sysctl kernel.unprivileged_userns_clone=1 and
  user.max_user_namespaces > 0; a container may forbid them).  Grade
  somewhere it can, or, for trusted trees only, GRADE_SANDBOX=none."
    fi
    rm -rf "$probe"
}

# ---- inside the sandbox -----------------------------------------------------------

# The build: what the graded phases' tests need (tools/grade.mk), -k so
# a phase that does not compile leaves the others built.
# shellcheck disable=SC2016 # expanded inside the sandbox
BUILD_SCRIPT='make -k -j"$1" CC=cc SAN=1 WERROR= GRADE_PHASES="$2" grade-build 2>&1'

# One phase's tests in TAP.  common.bash's hc_exe puts HC_EXEC_TIMEOUT on
# every program a test runs and notes timeouts, sanitizer reports and
# signals in the output of a failed test, which classify() reads.
# shellcheck disable=SC2016 # expanded inside the sandbox
TEST_SCRIPT='shift
export HC_BIN=$PWD/build/'$CONFIG' HC_BUILD=$PWD/build/'$CONFIG' HC_SAN=1 \
  HC_PAGE_SIZE=4096 HC_EXEC_TIMEOUT=$1 BATS_TEST_TIMEOUT=$2 \
  ASAN_OPTIONS=hard_rss_limit_mb=$3
shift 3
bats --formatter tap "$@" 2>&1'

# ---- output kept small ------------------------------------------------------

# cap_log BYTES FILE: the first BYTES of standard input into FILE; the
# rest is read and dropped so the writer never blocks nor dies of SIGPIPE.
cap_log() { { head -c "$1" >"$2"; cat >/dev/null; }; }

# cap_tap FILE: TAP with long lines cut and at most LINES_PER_TEST
# comment lines per test (and the notes classify() reads).
cap_tap() {
    cut -b 1-1000 | awk -v max="$LINES_PER_TEST" '
        /^(not )?ok [0-9]+/ || /^1\.\.[0-9]+$/ { print; n = m = 0; fflush(); next }
        # what classify() reads is kept past the cut
        /timed out after [0-9]+ s \(HC_EXEC_TIMEOUT\)|sanitizer reported an error|killed by signal/ {
            if (++m <= 20) { print; next } }
        { if (++n <= max) print; else if (n == max + 1) print "# [output cut by the grader]" }' >"$1"
}

# ---- classification ---------------------------------------------------------------

# classify TAP TIMED_OUT: one line per test, STATUS<TAB>NUMBER<TAB>NAME,
# STATUS one of passed failed timeout crashed skipped notrun.  A test the
# TAP does not report was cut by the phase's time limit: the first one is
# the one that ran out of time (timeout when TIMED_OUT is 1), the others
# did not run.
classify() {
    awk -v cut="$2" '
        function close_test() {
            if (num == "") return
            st = status
            if (st == "failed" && timeout_seen) st = "timeout"
            else if (st == "failed" && crash_seen) st = "crashed"
            print st "\t" num "\t" name
            seen[num] = 1; num = ""
        }
        /^1\.\.[0-9]+$/ { plan = substr($0, 4) + 0; next }
        /^(not )?ok [0-9]+/ {
            close_test()
            ok = ($1 == "ok"); rest = ok ? substr($0, 4) : substr($0, 8)
            num = rest; sub(/ .*/, "", num)
            name = rest; sub(/^[0-9]+ /, "", name)
            timeout_seen = crash_seen = 0
            if (ok && name ~ / # skip/) status = "skipped"
            else if (ok) status = "passed"
            else if (name ~ / # timeout after [0-9]+s$/) status = "timeout"
            else status = "failed"
            sub(/ # (skip|timeout after).*$/, "", name)
            next
        }
        num != "" && /timed out after [0-9]+ s \(HC_EXEC_TIMEOUT\)/ { timeout_seen = 1 }
        num != "" && /sanitizer reported an error|killed by signal|AddressSanitizer|LeakSanitizer|runtime error:/ { crash_seen = 1 }
        END {
            close_test()
            first = 1
            for (i = 1; i <= plan; i++) if (!(i in seen)) {
                print (first && cut ? "timeout" : "notrun") "\t" i "\t(not reported: the phase ran out of time)"
                first = 0
            }
        }' "$1"
}

# The names of a phase's test files (the Makefile's phase_tests).
phase_tests() {
    local files=("tests/phase$1.bats") f
    for f in tests/phase"$1"-*.bats; do [[ -f $f ]] && files+=("$f"); done
    printf '%s\n' "${files[@]}"
}

xml_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' | tr -d '\000-\010\013\014\016-\037'; }

# ---- one submission -----------------------------------------------------------------

CSV_HEADER="submission,phase,tests,passed,failed,timed_out,crashed,skipped,warnings,build,score"

# grade_one SUBMISSION PHASES...: grade, write OUTROOT/NAME/, print the table.
grade_one() {
    local sub=$1
    shift
    local name
    name=$(basename "$(cd "$sub" && pwd)" | tr -c 'A-Za-z0-9._\n-' '_')
    local out=$OUTROOT/$name
    rm -rf "$out" && mkdir -p "$out" || die "cannot write $out"

    local phases=("$@") p
    if ((${#phases[@]} == 0)); then
        for p in 1 2 3 4 5; do [[ -d $sub/phase$p ]] && phases+=("$p"); done
    fi

    local scratch
    scratch=$(mktemp -d "$SCRATCH_DIR/heapcourse-grade.XXXXXX") || die "no scratch"
    SCRATCH=$scratch
    make_tree "$sub" "$scratch/tree" >"$out/submission.txt"
    mkdir -p "$scratch/tree/build" "$scratch/tmp"
    [[ $(id -u) == 0 ]] && chown -R "$SANDBOX_UID:$SANDBOX_UID" "$scratch"

    local start=$SECONDS
    sandbox "$scratch" "$BUILD_TIMEOUT" "$BUILD_SCRIPT" "$JOBS" "${phases[*]}" </dev/null |
        cap_log "$LOG_LIMIT" "$out/build.log"
    local build_status=${PIPESTATUS[0]}
    ((build_status == 124 || build_status == 137)) &&
        echo "grade: the build ran out of time (${BUILD_TIMEOUT} s)" >>"$out/build.log"

    local results=$out/results.tsv
    : >"$results"
    for p in "${phases[@]}"; do
        grade_phase "$scratch" "$out" "$p" "$sub" >>"$results"
    done
    echo "$(( SECONDS - start ))" >"$out/seconds"
    report "$name" "$out" >"$out/grade.txt"
    csv_rows "$name" "$out" >"$out/grade.csv"
    junit "$name" "$out" >"$out/junit.xml"
    remove_scratch
}

# The scratch copy goes when its grading ends, however it ends.
SCRATCH=""
remove_scratch() {
    if [[ -n ${GRADE_KEEP:-} && -n $SCRATCH ]]; then
        echo "grade: scratch kept in $SCRATCH" >&2
    elif [[ -n $SCRATCH ]]; then
        rm -rf "$SCRATCH"
    fi
    SCRATCH=""
}
trap remove_scratch EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# make_tree SUBMISSION TREE: the course's files, with the submission's
# phase sources in place of the course's; says what it took.
make_tree() {
    local sub=$1 tree=$2 p f
    mkdir -p "$tree"
    if [[ -d $COURSE/.git ]] && command -v git >/dev/null; then
        git -C "$COURSE" ls-files -z --cached --others --exclude-standard |
            grep -zv '^build/' | (cd "$COURSE" && xargs -0 cp --parents -P -t "$tree" 2>/dev/null)
    else
        tar -C "$COURSE" --exclude=./build --exclude=./.git -cf - . | tar -C "$tree" -xf -
    fi
    for p in 1 2 3 4 5; do
        [[ -d $sub/phase$p ]] || continue
        rm -f "$tree/phase$p"/*.c "$tree/phase$p"/*.h
        # regular files only (no symlinks out of the submission), not huge
        while IFS= read -r -d '' f; do
            cp -- "$f" "$tree/phase$p/" && echo "taken: phase$p/${f##*/}"
        done < <(find "$sub/phase$p" -maxdepth 1 -type f \( -name '*.c' -o -name '*.h' \) \
                    -size -4M -print0 | sort -z)
    done
}

# grade_phase SCRATCH OUT N SUB: run phase N's tests, print its row of
# results.tsv: N tests passed failed timeout crashed skipped warnings build.
grade_phase() {
    local scratch=$1 out=$2 n=$3 sub=$4
    local tap=$out/phase$n.tap cls=$out/phase$n.tests
    local files=() f
    while IFS= read -r f; do files+=("$f"); done < <(phase_tests "$n")
    local warnings build=ok
    warnings=$(grep -E "^phase$n/[^:]+:[0-9]+(:[0-9]+)?: warning:" "$out/build.log" | sort -u | wc -l)
    if [[ ! -d $sub/phase$n ]]; then
        build=missing
    elif [[ ! -x $scratch/tree/build/$CONFIG/phase$n/phase$n ]]; then
        build=failed
    elif grep -qE "^phase$n/[^:]+:[0-9]+(:[0-9]+)?: (fatal )?error:" "$out/build.log"; then
        build=partial
    fi
    if [[ $build == failed || $build == missing || ! -f tests/phase$n.bats ]]; then
        # nothing to run: every test fails
        local count
        count=$(cd "$scratch/tree" && bats --count "${files[@]}" 2>/dev/null || echo 0)
        echo "1..$count" >"$tap"
        echo "# phase$n: build $build: no test ran" >>"$tap"
        classify "$tap" 0 | sed 's/^notrun/failed/' >"$cls"
    else
        sandbox "$scratch" "$PHASE_TIMEOUT" "$TEST_SCRIPT" "$n" "$EXEC_TIMEOUT" \
            "$TEST_TIMEOUT" "$RSS_LIMIT_MB" "${files[@]}" </dev/null | cap_tap "$tap"
        local status=${PIPESTATUS[0]} cut=0
        ((status == 124 || status == 137)) && cut=1 &&
            echo "# grade: phase$n ran out of time (${PHASE_TIMEOUT} s)" >>"$tap"
        classify "$tap" "$cut" | sed 's/^notrun/failed/' >"$cls"
    fi
    local c
    printf '%s' "$n"
    for c in all passed failed timeout crashed skipped; do
        if [[ $c == all ]]; then printf '\t%s' "$(wc -l <"$cls")"
        else printf '\t%s' "$(grep -c "^$c	" "$cls")"; fi
    done
    printf '\t%s\t%s\n' "$warnings" "$build"
}

# score PASSED TESTS SKIPPED: percent of the tests that ran.
score() { awk -v p="$1" -v t="$2" -v s="$3" 'BEGIN { d = t - s; printf "%.1f", (d > 0 ? 100 * p / d : 0) }'; }

report() {
    local name=$1 out=$2
    echo "grade: $name ($(cat "$out/seconds") s; details in ${out#"$COURSE"/}/)"
    printf '%-7s %6s %7s %7s %10s %8s %8s %9s  %-8s %7s\n' phase tests passed failed \
        "timed out" crashed skipped warnings build score
    local n t pa f to cr sk w b T=0 PA=0 F=0 TO=0 CR=0 SK=0 W=0
    while IFS=$'\t' read -r n t pa f to cr sk w b; do
        printf '%-7s %6d %7d %7d %10d %8d %8d %9d  %-8s %6s%%\n' "phase$n" "$t" "$pa" \
            "$f" "$to" "$cr" "$sk" "$w" "$b" "$(score "$pa" "$t" "$sk")"
        ((T += t, PA += pa, F += f, TO += to, CR += cr, SK += sk, W += w))
    done <"$out/results.tsv"
    printf '%-7s %6d %7d %7d %10d %8d %8d %9d  %-8s %6s%%\n' total "$T" "$PA" "$F" "$TO" \
        "$CR" "$SK" "$W" "" "$(score "$PA" "$T" "$SK")"
}

csv_rows() {
    local name=$1 out=$2 n t pa f to cr sk w b
    while IFS=$'\t' read -r n t pa f to cr sk w b; do
        echo "$name,phase$n,$t,$pa,$f,$to,$cr,$sk,$w,$b,$(score "$pa" "$t" "$sk")"
    done <"$out/results.tsv"
}

# junit NAME OUT: one testsuite per phase, a testcase per test; a timeout
# or a crash is an <error>, a failure a <failure>, with the test's output.
junit() {
    local name=$1 out=$2 n t pa f to cr sk w b st num tname
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo "<testsuites name=\"$(printf '%s' "$name" | xml_escape)\">"
    while IFS=$'\t' read -r n t pa f to cr sk w b; do
        printf '<testsuite name="phase%s" tests="%d" failures="%d" errors="%d" skipped="%d">\n' \
            "$n" "$t" "$f" "$((to + cr))" "$sk"
        printf '<properties><property name="warnings" value="%d"/><property name="build" value="%s"/></properties>\n' "$w" "$b"
        while IFS=$'\t' read -r st num tname; do
            printf '<testcase classname="%s.phase%s" name="%s">' "$(printf '%s' "$name" | xml_escape)" \
                "$n" "$(printf '%s' "$tname" | xml_escape)"
            case $st in
            passed) ;;
            skipped) printf '<skipped/>' ;;
            failed) printf '<failure message="failed">%s</failure>' "$(test_output "$out/phase$n.tap" "$num" | xml_escape)" ;;
            timeout | crashed)
                printf '<error message="%s">%s</error>' "$([[ $st == timeout ]] && echo "timed out" || echo crashed)" \
                    "$(test_output "$out/phase$n.tap" "$num" | xml_escape)" ;;
            esac
            echo '</testcase>'
        done <"$out/phase$n.tests"
        echo '</testsuite>'
    done <"$out/results.tsv"
    echo '</testsuites>'
}

# test_output TAP NUMBER: the comment lines after test NUMBER.
test_output() {
    awk -v n="$2" '/^(not )?ok [0-9]+/ { split($0, w, " "); on = (w[1] == "ok" ? w[2] : w[3]) == n; next }
                   on && /^#/ { print substr($0, 3) }' "$1"
}

# ---- the command line ------------------------------------------------------------------

all=0 phase="" format=table csv=""
while (($#)); do
    case $1 in
    --all) all=1 ;;
    --phase) phase=${2:-}; shift ;;
    --format) format=${2:-}; shift ;;
    --csv) csv=${2:-}; shift ;;
    --) shift; break ;;
    -*) die "unknown option $1" ;;
    *) break ;;
    esac
    shift
done
(($# == 1)) && [[ -n $1 ]] ||
    die "usage: make grade SUBMISSION=DIR [PHASE=N] [FORMAT=csv|junit]; make grade-all SUBMISSIONS=DIR"
[[ -d $1 ]] || die "$1 is not a directory"
[[ -z $phase || $phase == [1-5] ]] || die "PHASE must be 1 to 5"
case $format in table | csv | junit | tap) ;; *) die "FORMAT must be csv or junit" ;; esac

sandbox_probe
sub=$(cd "$1" && pwd)
case $sub/ in "$COURSE"/build/*) die "a submission cannot be inside build/ (the grader's scratch)" ;; esac

if ((all == 0)); then
    grade_one "$sub" $phase
    out=$OUTROOT/$(basename "$sub" | tr -c 'A-Za-z0-9._\n-' '_')
    cat "$out/grade.txt"
    case $format in
    csv) { echo "$CSV_HEADER"; cat "$out/grade.csv"; } >"$out/grade.csv.tmp" &&
        mv "$out/grade.csv.tmp" "$out/grade.csv" && echo "CSV: ${out#"$COURSE"/}/grade.csv" ;;
    junit) echo "JUnit XML: ${out#"$COURSE"/}/junit.xml" ;;
    esac
    exit 0
fi

csv=${csv:-$OUTROOT/grades.csv}
mkdir -p "$OUTROOT" "$(dirname "$csv")" || die "cannot write $csv"
echo "$CSV_HEADER" >"$csv.tmp"
count=0
for dir in "$sub"/*/; do
    [[ -d $dir && ! -L ${dir%/} ]] || continue
    name=$(basename "$dir" | tr -c 'A-Za-z0-9._\n-' '_')
    echo "==== $name"
    # Whatever happens to one submission, the next is graded.
    if (grade_one "${dir%/}" $phase) && [[ -s $OUTROOT/$name/grade.csv ]]; then
        cat "$OUTROOT/$name/grade.txt"
        cat "$OUTROOT/$name/grade.csv" >>"$csv.tmp"
    else
        echo "grade: $name could not be graded"
        echo "$name,,0,0,0,0,0,0,0,error,0.0" >>"$csv.tmp"
    fi
    count=$((count + 1))
done
mv "$csv.tmp" "$csv"
echo "graded $count submissions: ${csv#"$COURSE"/}"
