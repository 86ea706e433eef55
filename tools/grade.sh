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
# Fair scores: a handout's tree (its .handout says phase=N) is graded for
# phase N unless --phase says another; each test is worth the points a
# line `# points: N` right above its @test gives it (default 1); hidden
# tests (tests/hidden/phaseN*.bats) are graded with their phase.
# Unforgeable: programs under test hold no descriptor above 2 (the test
# helper's hc_closed) and classify() believes of the runner's report only
# what they cannot add to it.  Fast: the course's own tree is built once
# (prepare_base) and every submission's build starts from it (reuse_base).
#
# usage: bash tools/grade.sh [--phase N] [--format table|csv|junit|gradescope] SUBMISSION
#        bash tools/grade.sh --all [-j JOBS] [--phase N] [--csv FILE] SUBMISSIONS
# Writes build/grade/NAME/ (grade.txt, grade.csv, junit.xml, results.json,
# feedback.md, build.log, phaseN.tap, timing) and, with --all, a summary
# and build/grade/grades.csv.  Exit status: 0 when the grading ran
# (whatever the score), 2 on a usage or setup error.
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
LEAK_CHECK=${GRADE_LEAK_CHECK:-1}            # 1: a leak fails the test (LeakSanitizer)
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
# a phase that does not compile leaves the others built.  On a tree made
# from the course's build (reuse_base), what the submission's files can
# change was removed first, so nothing of the course's stands in for
# what the student's code fails to build.
# shellcheck disable=SC2016 # expanded inside the sandbox
BUILD_SCRIPT='make -k -j"$1" CC=cc SAN=1 WERROR= GRADE_PHASES="$2" grade-build 2>&1'

# One phase's tests in TAP.  common.bash's hc_exe puts HC_EXEC_TIMEOUT on
# every program a test runs, closes the runner's descriptors for it and
# notes timeouts, sanitizer reports and signals in the output of a failed
# test, which classify() reads.  With several cores for one submission,
# its test files run side by side (Bats --jobs, with GNU parallel), each
# file's tests in order: Bats 1.8 hands out the tests of one file by
# polling once a second, which made a phase's grading 2.5 times slower.
# shellcheck disable=SC2016 # expanded inside the sandbox
TEST_SCRIPT='shift
export HC_BIN=$PWD/build/'$CONFIG' HC_BUILD=$PWD/build/'$CONFIG' HC_SAN=1 \
  HC_PAGE_SIZE=4096 HC_EXEC_TIMEOUT=$1 BATS_TEST_TIMEOUT=$2 \
  ASAN_OPTIONS=hard_rss_limit_mb=$3:detect_leaks=$5
jobs=()
[[ $4 -gt 1 ]] && command -v parallel >/dev/null && jobs=(--jobs "$4" --no-parallelize-within-files)
shift 5
bats --formatter tap "${jobs[@]}" "$@" 2>&1'

# ---- the course's build, reused -----------------------------------------------------

# The course's files (relative paths, NUL-separated), as a scratch tree
# gets them.
course_files() {
    if [[ -d $COURSE/.git ]] && command -v git >/dev/null; then
        git -C "$COURSE" ls-files -z --cached --others --exclude-standard | grep -zv '^build/'
    else
        (cd "$COURSE" && find . \( -path ./build -o -path ./.git \) -prune -o \( -type f -o -type l \) \
            -print0 | sed -z 's|^\./||')
    fi
}

# copy_course TREE: the course's files into TREE, with their times (so
# the base's objects stay newer than their sources).
copy_course() {
    mkdir -p "$1"
    course_files | (cd "$COURSE" && xargs -0 cp --parents -p -P -t "$1" 2>/dev/null)
}

# prepare_base PHASES...: the course's own tree built as the grader builds
# (SAN=1, WERROR=) for PHASES (once: a later grading adds what is missing),
# in BASE_ROOT/KEY (KEY from the course's files' names,
# sizes and times: sources and makefiles, so a changed course builds a new
# base; make's times catch anything else); BASE names it.
# Every submission's tree starts from a copy of its build/ (reuse_base).
BASE_ROOT=${GRADE_BASE:-$COURSE/build/grade-base}
BASE=""
prepare_base() {
    [[ ${GRADE_REUSE:-1} == 0 ]] && return
    local key lock n missing=()
    key=$(course_files | grep -zE '\.[ch]$|\.mk$|\.map$|(^|/)Makefile$' |
        (cd "$COURSE" && xargs -0 stat -c '%n %s %Y' 2>/dev/null) | sha1sum | cut -c 1-16)
    mkdir -p "$BASE_ROOT" || die "cannot write $BASE_ROOT"
    exec {lock}>"$BASE_ROOT/lock"
    flock "$lock"
    local base=$BASE_ROOT/$key
    if [[ ! -d $base/tree ]]; then
        # an older course's base goes, once no grading can be using it
        find "$BASE_ROOT" -mindepth 1 -maxdepth 1 -type d -mmin +120 -exec rm -rf {} +
        mkdir -p "$base/tree/build"
        copy_course "$base/tree"
    fi
    # what the phases to grade need, built once
    for n in "$@"; do [[ -f $base/ready-$n ]] || missing+=("$n"); done
    if ((${#missing[@]})); then
        mkdir -p "$base/tmp"
        [[ $(id -u) == 0 ]] && chown -R "$SANDBOX_UID:$SANDBOX_UID" "$base"
        sandbox "$base" "$BUILD_TIMEOUT" "$BUILD_SCRIPT" "$CORES" "${missing[*]}" </dev/null \
            >>"$base/build.log" 2>&1
        rm -rf "$base/tmp"
        for n in "${missing[@]}"; do touch "$base/ready-$n"; done
    fi
    exec {lock}>&-
    BASE=$base
}

# phases_of SUBMISSION: the phases to grade: --phase's, else the
# handout's (.handout), else every phase directory it has.
phases_of() {
    local p
    if [[ -n $phase ]]; then echo "$phase"; return; fi
    p=$(handout_phase "$1")
    if [[ -n $p ]]; then echo "$p"; return; fi
    for p in 1 2 3 4 5; do [[ -d $1/phase$p ]] && echo "$p"; done
}

# reuse_base TREE CHANGED: TREE's build/ from the base, less what the
# files listed in CHANGED (the submission's files that differ from the
# course's, and the course's it removed) can change: the objects that
# depend on them and everything linked, so that make rebuilds exactly the
# student's part and a file that does not compile leaves nothing behind.
reuse_base() {
    local tree=$1 changed=$2
    [[ -n $BASE && -d $BASE/tree/build/$CONFIG ]] || return 0
    cp -a "$BASE/tree/build/$CONFIG" "$tree/build/"
    local b=$tree/build/$CONFIG
    find "$b" -type f ! -name '*.o' ! -name '*.d' ! -name flags -print0 | xargs -0 rm -f
    [[ -s $changed ]] || return 0
    find "$b" -name '*.d' -print0 |
        xargs -0 grep -lFwf "$changed" 2>/dev/null |
        while IFS= read -r d; do rm -f "$d" "${d%.d}.o"; done
}

# ---- output kept small ------------------------------------------------------

# cap_log BYTES FILE: the first BYTES of standard input into FILE; the
# rest is read and dropped so the writer never blocks nor dies of SIGPIPE.
cap_log() { { head -c "$1" >"$2"; cat >/dev/null; }; }

# cap_tap FILE: TAP with long lines cut and at most LINES_PER_TEST
# comment lines per test (and the notes classify() and feedback.md read).
cap_tap() {
    cut -b 1-1000 | awk -v max="$LINES_PER_TEST" '
        /^(not )?ok [0-9]+/ || /^1\.\.[0-9]+$/ { print; n = m = r = keep = 0; fflush(); next }
        # what classify() reads is kept past the cut, and so are the
        # sanitizer report and the output before a timeout the test
        # helper adds (each already cut to 40 and 20 lines)
        /timed out after [0-9]+ s \(HC_EXEC_TIMEOUT\)|sanitizer reported an error|killed by signal/ {
            if (++m <= 20) { print; next } }
        /^# (the report:|the output before the timeout)/ { if (++r <= 4) { keep = 41; print; next } }
        keep > 0 { keep--; print; next }
        { if (++n <= max) print; else if (n == max + 1) print "# [output cut by the grader]" }' >"$1"
}

# ---- classification ---------------------------------------------------------------

# classify TAP TIMED_OUT COUNT: one line per test, STATUS<TAB>NUMBER<TAB>NAME,
# STATUS one of passed failed timeout crashed skipped notrun, for tests 1
# to COUNT (the grader's own count of the files' tests: a plan line in the
# TAP is ignored).  What the runner reports is believed only as far as a
# program under test cannot forge it: a test reported twice gets the worse
# of its results, and a result line with another inside it (a program
# wrote a line's beginning where the runner writes) fails.  A test the TAP
# does not report was cut by the phase's time limit: the first one is the
# one that ran out of time (timeout when TIMED_OUT is 1), the others did
# not run.
classify() {
    awk -v cut="$2" -v plan="$3" '
        BEGIN { rank["passed"] = 0; rank["skipped"] = 1; rank["failed"] = 2
                rank["crashed"] = 3; rank["timeout"] = 3 }
        function close_test() {
            if (num == "") return
            st = status
            if (st == "failed" && timeout_seen) st = "timeout"
            else if (st == "failed" && crash_seen) st = "crashed"
            if (!(num in res)) { res[num] = st; names[num] = name }
            else if (rank[st] > rank[res[num]]) res[num] = st
            num = ""
        }
        /^(not )?ok [0-9]+/ {
            close_test()
            ok = ($1 == "ok"); rest = ok ? substr($0, 4) : substr($0, 8)
            num = rest; sub(/ .*/, "", num); num += 0
            name = rest; sub(/^[0-9]+ ?/, "", name)
            timeout_seen = crash_seen = 0
            if (name ~ /(^|[^a-z])ok [0-9]+|1\.\.[0-9]/) status = "failed"
            else if (ok && name ~ / # skip/) status = "skipped"
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
            for (i = 1; i <= plan; i++) {
                if (i in res) { print res[i] "\t" i "\t" names[i]; continue }
                print (first && cut ? "timeout" : "notrun") "\t" i "\t(not reported: the phase ran out of time)"
                first = 0
            }
        }' "$1"
}

# The names of a phase's test files (the Makefile's phase_tests), then
# the instructors' hidden ones (tests/hidden/phaseN.bats, phaseN-*.bats).
phase_tests() {
    local files=("tests/phase$1.bats") f
    for f in tests/phase"$1"-*.bats tests/hidden/phase"$1".bats tests/hidden/phase"$1"-*.bats; do
        [[ -f $f ]] && files+=("$f")
    done
    printf '%s\n' "${files[@]}"
}

# test_points FILE...: each test's points, in the order Bats runs them: N
# when a line `# points: N` stands right above its @test, else 1.
test_points() {
    awk 'FNR == 1 { pts = "" }
         /^[ \t]*# points: *[0-9]+[ \t]*$/ { pts = $3 + 0; next }
         /^[ \t]*@test / { print (pts == "" ? 1 : pts); pts = ""; next }
         { pts = "" }' "$@"
}

xml_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' | tr -d '\000-\010\013\014\016-\037'; }

# json_string: standard input as one JSON string.
json_string() {
    tr -d '\000-\010\013\014\016-\037' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' |
        awk 'BEGIN { printf "\"" } NR > 1 { printf "\\n" } { printf "%s", $0 } END { printf "\"" }'
}

# ---- one submission -----------------------------------------------------------------

CSV_HEADER="submission,phase,tests,passed,failed,timed_out,crashed,skipped,warnings,build,points,max_points,score"

# handout_phase DIR: N when DIR/.handout says phase=N (make handout writes
# it), else nothing.
handout_phase() {
    [[ -f $1/.handout && ! -L $1/.handout ]] || return 0
    sed -n 's/^phase=\([1-5]\)[[:space:]]*$/\1/p' "$1/.handout" | head -n 1
}

# grade_one SUBMISSION: grade its phases (phases_of), write OUTROOT/NAME/.
grade_one() {
    local sub=$1
    shift
    local name
    name=$(basename "$(cd "$sub" && pwd)" | tr -c 'A-Za-z0-9._\n-' '_')
    local out=$OUTROOT/$name
    rm -rf "$out" && mkdir -p "$out" || die "cannot write $out"

    local phases=() p
    while IFS= read -r p; do phases+=("$p"); done < <(phases_of "$sub")

    local scratch T_ONE=$EPOCHREALTIME
    scratch=$(mktemp -d "$SCRATCH_DIR/heapcourse-grade.XXXXXX") || die "no scratch"
    SCRATCH=$scratch
    mkdir -p "$scratch/tree/build" "$scratch/tmp"
    make_tree "$sub" "$scratch/tree" "$scratch/changed" >"$out/submission.txt"
    reuse_base "$scratch/tree" "$scratch/changed"
    [[ $(id -u) == 0 ]] && chown -R "$SANDBOX_UID:$SANDBOX_UID" "$scratch"

    local start=$SECONDS t0=$EPOCHREALTIME
    echo "tree $(elapsed "$T_ONE")" >"$out/timing"
    sandbox "$scratch" "$BUILD_TIMEOUT" "$BUILD_SCRIPT" "$MAKE_JOBS" "${phases[*]}" </dev/null |
        cap_log "$LOG_LIMIT" "$out/build.log"
    local build_status=${PIPESTATUS[0]}
    ((build_status == 124 || build_status == 137)) &&
        echo "grade: the build ran out of time (${BUILD_TIMEOUT} s)" >>"$out/build.log"

    echo "build $(elapsed "$t0")" >>"$out/timing"
    local results=$out/results.tsv
    : >"$results"
    for p in "${phases[@]}"; do
        t0=$EPOCHREALTIME
        grade_phase "$scratch" "$out" "$p" "$sub" >>"$results"
        echo "phase$p $(elapsed "$t0")" >>"$out/timing"
    done
    echo "$(( SECONDS - start ))" >"$out/seconds"
    report "$name" "$out" >"$out/grade.txt"
    csv_rows "$name" "$out" >"$out/grade.csv"
    junit "$name" "$out" >"$out/junit.xml"
    feedback "$name" "$out" >"$out/feedback.md"
    gradescope "$out" | { iconv -f UTF-8 -t UTF-8 -c 2>/dev/null || cat; } >"$out/results.json"
    echo "all $(elapsed "$T_ONE")" >>"$out/timing"
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

# make_tree SUBMISSION TREE CHANGED: the course's files, with the
# submission's phase sources in place of the course's; says what it took,
# and lists in CHANGED the files that differ from the course's (a file
# equal to the course's keeps the course's, and its built object).
make_tree() {
    local sub=$1 tree=$2 changed=$3 p f base
    : >"$changed"
    copy_course "$tree"
    for p in 1 2 3 4 5; do
        [[ -d $sub/phase$p ]] || continue
        for f in "$tree/phase$p"/*.c "$tree/phase$p"/*.h; do
            [[ -f $f ]] || continue
            [[ -f $sub/phase$p/${f##*/} && ! -L $sub/phase$p/${f##*/} ]] && continue
            rm -f "$f" && echo "phase$p/${f##*/}" >>"$changed"
        done
        # regular files only (no symlinks out of the submission), not huge
        while IFS= read -r -d '' f; do
            base=phase$p/${f##*/}
            if cmp -s -- "$f" "$tree/$base"; then
                echo "taken: $base (the course's own)"
            else
                cp -- "$f" "$tree/$base" && touch -- "$tree/$base" &&
                    echo "$base" >>"$changed" && echo "taken: $base"
            fi
        done < <(find "$sub/phase$p" -maxdepth 1 -type f \( -name '*.c' -o -name '*.h' \) \
                    -size -4M -print0 | sort -z)
    done
}

# grade_phase SCRATCH OUT N SUB: run phase N's tests, print its row of
# results.tsv: N tests passed failed timeout crashed skipped warnings build
# points max_points.  OUT/phaseN.tests: STATUS NUMBER POINTS NAME a test.
grade_phase() {
    local scratch=$1 out=$2 n=$3 sub=$4
    local tap=$out/phase$n.tap cls=$out/phase$n.tests
    local files=() f
    while IFS= read -r f; do files+=("$f"); done < <(phase_tests "$n")
    local count
    count=$(test_points "${files[@]}" | tee "$out/phase$n.points" | wc -l)
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
        echo "# phase$n: build $build: no test ran" >"$tap"
        classify "$tap" 0 "$count" | sed 's/^notrun/failed/' >"$cls.tmp"
    else
        sandbox "$scratch" "$PHASE_TIMEOUT" "$TEST_SCRIPT" "$n" "$EXEC_TIMEOUT" \
            "$TEST_TIMEOUT" "$RSS_LIMIT_MB" "$MAKE_JOBS" "$LEAK_CHECK" "${files[@]}" </dev/null | cap_tap "$tap"
        local status=${PIPESTATUS[0]} cut=0
        ((status == 124 || status == 137)) && cut=1 &&
            echo "# grade: phase$n ran out of time (${PHASE_TIMEOUT} s)" >>"$tap"
        classify "$tap" "$cut" "$count" | sed 's/^notrun/failed/' >"$cls.tmp"
    fi
    paste "$out/phase$n.points" "$cls.tmp" |
        awk -F '\t' -v OFS='\t' '{ print $2, $3, $1, $4 }' >"$cls"
    rm -f "$cls.tmp"
    awk -F '\t' -v n="$n" -v w="$warnings" -v b="$build" '
        { t++; c[$1]++; if ($1 == "passed") p += $3; if ($1 != "skipped") m += $3 }
        END { printf "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%d\t%d\n", n, t, c["passed"], c["failed"],
                  c["timeout"], c["crashed"], c["skipped"], w, b, p, m }' "$cls"
}

# elapsed START: seconds since START (an EPOCHREALTIME), to 0.1 s.
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# score POINTS MAX: percent of the points of the tests that ran.
score() { awk -v p="$1" -v m="$2" 'BEGIN { printf "%.1f", (m > 0 ? 100 * p / m : 0) }'; }

TABLE_FMT='%-7s %6s %7s %7s %10s %8s %8s %9s  %-8s %9s %7s\n'
report() {
    local name=$1 out=$2
    echo "grade: $name ($(cat "$out/seconds") s; details in ${out#"$COURSE"/}/, feedback.md first)"
    # shellcheck disable=SC2059
    printf "$TABLE_FMT" phase tests passed failed "timed out" crashed skipped warnings build points score
    local n t pa f to cr sk w b pt mx T=0 PA=0 F=0 TO=0 CR=0 SK=0 W=0 PT=0 MX=0
    while IFS=$'\t' read -r n t pa f to cr sk w b pt mx; do
        # shellcheck disable=SC2059
        printf "$TABLE_FMT" "phase$n" "$t" "$pa" "$f" "$to" "$cr" "$sk" "$w" "$b" "$pt/$mx" "$(score "$pt" "$mx")%"
        ((T += t, PA += pa, F += f, TO += to, CR += cr, SK += sk, W += w, PT += pt, MX += mx))
    done <"$out/results.tsv"
    # shellcheck disable=SC2059
    printf "$TABLE_FMT" total "$T" "$PA" "$F" "$TO" "$CR" "$SK" "$W" "" "$PT/$MX" "$(score "$PT" "$MX")%"
}

# csv_rows NAME OUT: a row per phase and a total row (phase "total").
csv_rows() {
    local name=$1 out=$2
    awk -F '\t' -v name="$name" '
        function pct(p, m) { return sprintf("%.1f", m > 0 ? 100 * p / m : 0) }
        { printf "%s,phase%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", name, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, pct($10, $11)
          for (i = 2; i <= 8; i++) s[i] += $i; s[10] += $10; s[11] += $11 }
        END { printf "%s,total,%d,%d,%d,%d,%d,%d,%d,,%d,%d,%s\n", name, s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[10], s[11], pct(s[10], s[11]) }' \
        "$out/results.tsv"
}

# junit NAME OUT: one testsuite per phase, a testcase per test; a timeout
# or a crash is an <error>, a failure a <failure>, with the test's output;
# the points of each test and each suite are properties.
junit() {
    local name=$1 out=$2 n t pa f to cr sk w b pt mx
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo "<testsuites name=\"$(printf '%s' "$name" | xml_escape)\">"
    while IFS=$'\t' read -r n t pa f to cr sk w b pt mx; do
        printf '<testsuite name="phase%s" tests="%d" failures="%d" errors="%d" skipped="%d">\n' \
            "$n" "$t" "$f" "$((to + cr))" "$sk"
        printf '<properties><property name="warnings" value="%d"/><property name="build" value="%s"/><property name="points" value="%d"/><property name="max_points" value="%d"/></properties>\n' "$w" "$b" "$pt" "$mx"
        per_test "$out/phase$n.tap" "$out/phase$n.tests" -v phase="$n" -v subm="$name" '
            function x(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s)
                            gsub(/"/, "\\&quot;", s); return s }
            { printf "<testcase classname=\"%s.phase%s\" name=\"%s\">", x(subm), phase, x(name)
              printf "<properties><property name=\"points\" value=\"%d\"/><property name=\"max_points\" value=\"%d\"/></properties>",
                  (st == "passed" ? pts : 0), (st == "skipped" ? 0 : pts)
              if (st == "skipped") printf "<skipped/>"
              else if (st == "failed") printf "<failure message=\"failed\">%s</failure>", x(text)
              else if (st != "passed") printf "<error message=\"%s\">%s</error>", (st == "timeout" ? "timed out" : "crashed"), x(text)
              print "</testcase>" }'
        echo '</testsuite>'
    done <"$out/results.tsv"
    echo '</testsuites>'
}

# per_test TAP TESTS AWK-ARGS... PROGRAM: PROGRAM run once a test of TESTS
# (phaseN.tests) with st, num, pts, name and text (the test's output in
# TAP, its comment lines) set, control characters but newline removed.
per_test() {
    local tap=$1 tests=$2
    shift 2
    local prog=${*: -1}
    awk -F '\t' "${@:1:$#-1}" '
        FNR == NR {
            if (/^(not )?ok [0-9]+/) { split($0, w, " "); cur = (w[1] == "ok" ? w[2] : w[3]) + 0; next }
            if (cur && /^#/) out[cur] = out[cur] substr($0, 3) "\n"
            next
        }
        { st = $1; num = $2 + 0; pts = $3 + 0; name = $4; text = out[num]
          gsub(/[\001-\010\013\014\016-\037]/, "", text); gsub(/[\001-\037]/, "", name) }
        '"$prog" "$tap" "$tests"
}

# test_output TAP NUMBER: the comment lines after test NUMBER.
test_output() {
    awk -v n="$2" '/^(not )?ok [0-9]+/ { split($0, w, " "); on = (w[1] == "ok" ? w[2] : w[3]) == n; next }
                   on && /^#/ { print substr($0, 3) }' "$1"
}

# compiler_errors OUT: the build log's first 20 error lines.
compiler_errors() {
    grep -E ': (fatal )?error:|undefined reference|No rule to make target' "$1/build.log" | head -n 20
}

# feedback NAME OUT: feedback.md, what a student reads: the score, the
# first compiler errors, and for each test that did not pass what it
# expected and what came (its output: the assertion's, the sanitizer's
# report, the output before a timeout).
feedback() {
    local name=$1 out=$2 n t pa f to cr sk w b pt mx st num tp tname PT=0 MX=0 errors
    while IFS=$'\t' read -r n t pa f to cr sk w b pt mx; do ((PT += pt, MX += mx)); done <"$out/results.tsv"
    echo "# Feedback for $name"
    echo
    echo "Score: $PT of $MX points ($(score "$PT" "$MX")%)."
    echo
    echo '| phase | tests | passed | failed | timed out | crashed | build | points |'
    echo '|---|---|---|---|---|---|---|---|'
    while IFS=$'\t' read -r n t pa f to cr sk w b pt mx; do
        echo "| $n | $t | $pa | $f | $to | $cr | $b | $pt of $mx |"
    done <"$out/results.tsv"
    errors=$(compiler_errors "$out")
    if [[ -n $errors ]]; then
        printf '\n## Compiler errors (the first ones; all in build.log)\n\n```\n%s\n```\n' "$errors"
    fi
    echo
    echo "## Tests that did not pass"
    local any=0
    while IFS=$'\t' read -r n t pa f to cr sk w b pt mx; do
        if [[ $b == failed || $b == missing ]]; then
            any=1
            printf '\n### phase %s: no test ran\n\nThe build %s (%s), so its %s tests score 0 of %s points.\n' "$n" \
                "$([[ $b == failed ]] && echo "failed" || echo "found no phase$n/")" \
                "$([[ $b == failed ]] && echo "the compiler errors above; all in build.log" || echo "the submission has no phase$n/ directory")" \
                "$t" "$mx"
            continue
        fi
        while IFS=$'\t' read -r st num tp tname; do
            case $st in passed | skipped) continue ;; esac
            any=1
            local what=failed
            [[ $st == timeout ]] && what="timed out (a program ran longer than its limit)"
            [[ $st == crashed ]] && what="crashed (a sanitizer report or a signal)"
            printf '\n### phase %s, test %s: %s\n\n%s; 0 of %s points.\n\n```\n%s\n```\n' \
                "$n" "$num" "$tname" "$what" "$tp" "$(test_output "$out/phase$n.tap" "$num")"
        done <"$out/phase$n.tests"
    done <"$out/results.tsv"
    ((any)) || printf '\nNone: every test that ran passed.\n'
}

# gradescope OUT: results.json in the format of Gradescope's autograder.
gradescope() {
    local out=$1 n t pa f to cr sk w b pt mx PT=0 MX=0 sep=""
    while IFS=$'\t' read -r n t pa f to cr sk w b pt mx; do ((PT += pt, MX += mx)); done <"$out/results.tsv"
    printf '{"score": %d, "max_score": %d, "tests": [' "$PT" "$MX"
    while IFS=$'\t' read -r n t pa f to cr sk w b pt mx; do
        per_test "$out/phase$n.tap" "$out/phase$n.tests" -v phase="$n" -v sep="$sep" '
            function j(s,   r, i, c) {
                r = ""
                for (i = 1; i <= length(s); i++) {
                    c = substr(s, i, 1)
                    if (c == "\\") r = r "\\\\"; else if (c == "\"") r = r "\\\""
                    else if (c == "\n") r = r "\\n"; else if (c == "\t") r = r "\\t"; else r = r c
                }
                return "\"" r "\"" }
            { got = (st == "passed" ? pts : 0); max = (st == "skipped" ? 0 : pts)
              status = (st == "passed" || st == "skipped" ? "passed" : "failed")
              msg = (st == "passed" ? "" : st == "skipped" ? "skipped: " text : st "\n" text)
              printf "%s\n{\"name\": %s, \"score\": %d, \"max_score\": %d, \"status\": \"%s\", \"output\": %s}",
                  sep, j("phase " phase ": " name), got, max, status, j(msg)
              sep = "," }'
        [[ -s $out/phase$n.tests ]] && sep=,
    done <"$out/results.tsv"
    printf '\n]}\n'
}

# ---- many submissions ------------------------------------------------------------------

# summary OUTS...: one row a student: phases, tests passed, points, score.
summary() {
    printf '%-24s %-10s %7s %7s %9s %7s\n' submission phases tests passed points score
    local out name
    for out in "$@"; do
        name=${out##*/}
        if [[ -s $out/results.tsv ]]; then
            awk -F '\t' -v name="$name" '
                { ph = ph (ph == "" ? "" : ",") $1; t += $2; p += $3; pt += $10; mx += $11 }
                END { printf "%-24s %-10s %7d %7d %9s %6.1f%%\n", name, ph, t, p, pt "/" mx, (mx > 0 ? 100 * pt / mx : 0) }' \
                "$out/results.tsv"
        else
            printf '%-24s %-10s %7s %7s %9s %7s\n' "$name" - - - - error
        fi
    done
}

# grade_all DIR CSV: every subfolder of DIR, GRADE_JOBS at a time.
grade_all() {
    local dir=$1 csv=$2 subs=() names=() d name
    for d in "$dir"/*/; do
        [[ -d $d && ! -L ${d%/} ]] || continue
        subs+=("${d%/}")
        names+=("$(basename "$d" | tr -c 'A-Za-z0-9._\n-' '_')")
    done
    local i running=0
    trap 'kill $(jobs -p) 2>/dev/null; exit 130' INT
    trap 'kill $(jobs -p) 2>/dev/null; exit 143' TERM
    for i in "${!subs[@]}"; do
        while ((running >= PARALLEL)); do wait -n; running=$((running - 1)); done
        # Whatever happens to one submission, the next is graded.
        (
            trap remove_scratch EXIT
            grade_one "${subs[i]}" || true
            echo "==== ${names[i]}"
            if [[ -s $OUTROOT/${names[i]}/grade.txt ]]; then cat "$OUTROOT/${names[i]}/grade.txt"
            else echo "grade: ${names[i]} could not be graded"; fi
        ) &
        running=$((running + 1))
    done
    wait
    echo "$CSV_HEADER" >"$csv.tmp"
    local outs=()
    for name in "${names[@]}"; do
        outs+=("$OUTROOT/$name")
        if [[ -s $OUTROOT/$name/grade.csv ]]; then
            cat "$OUTROOT/$name/grade.csv" >>"$csv.tmp"
        else
            echo "$name,total,0,0,0,0,0,0,0,error,0,0,0.0" >>"$csv.tmp"
        fi
    done
    mv "$csv.tmp" "$csv"
    echo
    summary "${outs[@]}"
    echo "graded ${#names[@]} submissions: ${csv#"$COURSE"/}"
}

# ---- the command line ------------------------------------------------------------------

all=0 phase="" format=table csv=""
while (($#)); do
    case $1 in
    --all) all=1 ;;
    --phase) phase=${2:-}; shift ;;
    --format) format=${2:-}; shift ;;
    --csv) csv=${2:-}; shift ;;
    -j) JOBS=${2:-}; shift ;;
    -j*) JOBS=${1#-j} ;;
    --) shift; break ;;
    -*) die "unknown option $1" ;;
    *) break ;;
    esac
    shift
done
(($# == 1)) && [[ -n $1 ]] ||
    die "usage: make grade SUBMISSION=DIR [PHASE=N] [FORMAT=csv|junit|gradescope]; make grade-all SUBMISSIONS=DIR"
[[ -d $1 ]] || die "$1 is not a directory"
[[ -z $phase || $phase == [1-5] ]] || die "PHASE must be 1 to 5"
[[ $JOBS =~ ^[1-9][0-9]*$ ]] || die "GRADE_JOBS (-j) must be a number"
[[ $LEAK_CHECK == [01] ]] || die "GRADE_LEAK_CHECK must be 0 or 1"
case $format in table | csv | junit | tap | gradescope) ;; *) die "FORMAT must be csv, junit or gradescope" ;; esac

# One submission: make -j with every core.  Several: GRADE_JOBS side by
# side, the cores shared between their builds.
CORES=$(nproc 2>/dev/null || echo 2)
PARALLEL=$JOBS
MAKE_JOBS=$JOBS
((all)) && MAKE_JOBS=$(( (CORES + JOBS - 1) / JOBS ))

sandbox_probe
sub=$(cd "$1" && pwd)
case $sub/ in "$COURSE"/build/*) die "a submission cannot be inside build/ (the grader's scratch)" ;; esac
if ((all == 0)); then
    # shellcheck disable=SC2046 # one word a phase
    prepare_base $(phases_of "$sub")
    grade_one "$sub"
    out=$OUTROOT/$(basename "$sub" | tr -c 'A-Za-z0-9._\n-' '_')
    cat "$out/grade.txt"
    case $format in
    csv) { echo "$CSV_HEADER"; cat "$out/grade.csv"; } >"$out/grade.csv.tmp" &&
        mv "$out/grade.csv.tmp" "$out/grade.csv" && echo "CSV: ${out#"$COURSE"/}/grade.csv" ;;
    junit) echo "JUnit XML: ${out#"$COURSE"/}/junit.xml" ;;
    gradescope) echo "Gradescope results: ${out#"$COURSE"/}/results.json" ;;
    esac
    echo "Feedback: ${out#"$COURSE"/}/feedback.md"
    exit 0
fi

csv=${csv:-$OUTROOT/grades.csv}
mkdir -p "$OUTROOT" "$(dirname "$csv")" || die "cannot write $csv"
# shellcheck disable=SC2046 # one word a phase
prepare_base $(for d in "$sub"/*/; do [[ -d $d ]] && phases_of "$d"; done | sort -u)
grade_all "$sub" "$csv"
