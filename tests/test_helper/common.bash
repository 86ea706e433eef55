# common.bash - loaded by every test file: the Bats helper libraries (from
# where Debian installs them), where the programs are, how to run them, and
# golden-file comparison.
#
# The Makefile passes HC_BIN (where the configuration under test put the
# phase programs), HC_BUILD (its build tree, with the C test programs in
# tests/), HC_VALGRIND (the valgrind command, with VALGRIND=1) and HC_SAN.
# Run a single file by hand with: bats tests/phase1.bats

bats_require_minimum_version 1.5.0

# hc_load_library NAME: the helper library NAME, its src/*.bash sourced
# directly.  Every test loads the libraries again, and their load.bash
# finds each part with a $(dirname ...): seventeen processes a test, a
# third of the time of a short test.  Their parts only define functions,
# so the order does not matter; a library laid out otherwise is loaded the
# usual way.
hc_load_library() {
    local dir part
    local -a dirs
    IFS=: read -ra dirs <<<"${BATS_LIB_PATH:-/usr/lib/bats}"
    for dir in "${dirs[@]}"; do
        [[ -f $dir/$1/load.bash && -d $dir/$1/src ]] || continue
        for part in "$dir/$1"/src/*.bash; do
            # shellcheck disable=SC1090
            source "$part" || return 1
        done
        return 0
    done
    bats_load_library "$1"
}
hc_load_library bats-support
hc_load_library bats-assert
hc_load_library bats-file

# BATS_TEST_DIRNAME is absolute (Bats makes it so); a test file below
# tests/, such as tests/hidden/'s, sets HC_ROOT first.
HC_ROOT=${HC_ROOT:-${BATS_TEST_DIRNAME%/*}}
HC_BIN="${HC_BIN:-$HC_ROOT}"
HC_BUILD="${HC_BUILD:-$HC_ROOT/build/default}"
GOLDEN="$HC_ROOT/tests/golden"

# A sanitizer's or valgrind's report ends the program with a status no
# phase program uses (they use 0, 1 and 2), so it can never pass for an
# expected failure; teardown then fails the test whatever it asserted.
HC_TOOL_STATUS=86
export ASAN_OPTIONS="exitcode=$HC_TOOL_STATUS:detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="exitcode=$HC_TOOL_STATUS:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export LSAN_OPTIONS="exitcode=$HC_TOOL_STATUS${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

# hc_exe EXE ARGS...: run a program of the configuration under test; under
# valgrind (leak checking, errors are fatal) when HC_VALGRIND is set.
# Valgrind writes to a log file, so the program's own stderr stays exact.
# HC_EXEC_TIMEOUT=SECONDS (set by the grader, tools/grade.sh) limits each
# run, with standard output line-buffered so what came before a timeout
# is kept; running out of time fails the test.  A program killed by a
# signal is noted, and the note shown if the test fails.  The program
# holds no descriptor above 2 (hc_closed).
hc_exe() {
    local exe=$1 status=0 log=""
    shift
    local prog=${exe##*/}
    local limit=()
    if [[ -n ${HC_EXEC_TIMEOUT:-} ]]; then
        limit=(timeout -k 2 "$HC_EXEC_TIMEOUT")
        # stdbuf preloads a library, which AddressSanitizer allows only so
        command -v stdbuf >/dev/null &&
            limit=(env ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0" "${limit[@]}" stdbuf -oL)
    fi
    if [[ -n ${HC_VALGRIND:-} ]]; then
        log="$BATS_TEST_TMPDIR/valgrind.$prog.$BASHPID.$RANDOM.log"
        hc_closed "${limit[@]}" "$HC_VALGRIND" -q --error-exitcode="$HC_TOOL_STATUS" \
            --leak-check=full --show-leak-kinds=definite,indirect,possible \
            --errors-for-leak-kinds=definite,indirect,possible \
            --log-file="$log" "$exe" "$@" || status=$?
    else
        hc_closed "${limit[@]}" "$exe" "$@" || status=$?
    fi
    if ((status == HC_TOOL_STATUS)); then
        {
            echo "$prog $*: exited $status: valgrind or a sanitizer reported an error"
            [[ -n $log ]] && head -n 40 "$log"
        } >>"$BATS_TEST_TMPDIR/tool-errors"
    elif ((${#limit[@]} && (status == 124 || status == 137))); then
        echo "$prog $*: timed out after $HC_EXEC_TIMEOUT s (HC_EXEC_TIMEOUT)" \
            >>"$BATS_TEST_TMPDIR/tool-errors"
    elif ((status > 128)); then
        echo "$prog $*: killed by signal $(kill -l "$status" 2>/dev/null || echo "$((status - 128))")" \
            >>"$BATS_TEST_TMPDIR/signals"
    fi
    return "$status"
}

# hc_closed COMMAND...: COMMAND with every descriptor above 2 closed but
# those its arguments name (/dev/fd/N, a process substitution), so a
# program under test cannot write to the test runner's (Bats reports on
# descriptor 3; tools/grade.sh reads that report).
hc_closed() (
    local fd arg keep=" "
    for arg in "$@"; do
        [[ $arg == /dev/fd/* || $arg == /proc/self/fd/* ]] && keep+="${arg##*/} "
    done
    for fd in /proc/self/fd/*; do
        fd=${fd##*/}
        [[ $fd == [0-9]* ]] && ((fd > 2)) && [[ $keep != *" $fd "* ]] &&
            { exec {fd}>&-; } 2>/dev/null
    done
    exec "$@"
)

# hc PHASE ARGS...: run a phase program, e.g. hc phase1 -c 'pages 1'.
hc() { local prog=$1; shift; hc_exe "$HC_BIN/$prog/$prog" "$@"; }

# hc_test NAME ARGS...: run the C test program built from tests/c/NAME.c.
hc_test() { local name=$1; shift; hc_exe "$HC_BUILD/tests/$name" "$@"; }

phase1() { hc phase1 "$@"; }
phase2() { hc phase2 "$@"; }
phase3() { hc phase3 "$@"; }
phase4() { hc phase4 "$@"; }
phase5() { hc phase5 "$@"; }

# True when the programs run under valgrind (some tests skip, saying why).
under_valgrind() { [[ -n ${HC_VALGRIND:-} ]]; }
under_sanitizers() { [[ -n ${HC_SAN:-} ]]; }

teardown() {
    if [[ -z ${BATS_TEST_COMPLETED:-} && -s $BATS_TEST_TMPDIR/signals ]]; then
        cat "$BATS_TEST_TMPDIR/signals" >&2
    fi
    # a failed test's last run: its standard error too (run --separate-stderr
    # keeps it apart, and most assertions show only the standard output)
    if [[ -z ${BATS_TEST_COMPLETED:-} && -n ${stderr:-} ]]; then
        printf 'standard error of the last run (its first 20 lines):\n%s\n' \
            "$(printf '%s\n' "$stderr" | head -n 20)" >&2
    fi
    local status=0
    if [[ -s $BATS_TEST_TMPDIR/tool-errors ]]; then
        cat "$BATS_TEST_TMPDIR/tool-errors" >&2
        hc_tool_report >&2
        status=1
    fi
    hc_golden_summary
    return "$status"
}

# hc_golden_summary: a failed comparison with a golden file (hc_golden_
# compare) ends the test's report, after its diff and its standard error:
# which file, how many lines differ, and how to accept a change made on
# purpose.  Bats would then print the whole output again ("Last output",
# "Last stderr"), burying the diff in a long log; the diff and the golden
# file already say what came, so that repetition is dropped.
hc_golden_summary() {
    local log=$BATS_TEST_TMPDIR/golden-mismatches name expected came cmd
    [[ -z ${BATS_TEST_COMPLETED:-} && -s $log ]] || return 0
    while IFS=$'\t' read -r name expected came cmd; do
        printf 'golden mismatch: %s: -%s +%s lines (the diff above: - expected, + got)\n' \
            "$name" "$expected" "$came"
        printf '  changed on purpose (an exercise)? explain each difference, then run %s and review git diff %s\n' \
            "$cmd" "${name%/*}"
    done <"$log" >&2
    output="" stderr=""
}

# hc_tool_report: what a failed test's notes need to be acted on: the
# sanitizer's report in the last run's output (its first 40 lines) and,
# after a timeout, the last lines the program printed before it.
hc_tool_report() {
    local text
    text=$(printf '%s\n%s\n' "${stderr:-}" "${output:-}" |
        awk '/==[0-9]+==ERROR|runtime error:|(Address|Leak|UndefinedBehavior)Sanitizer/ { on = 1 }
             on && n++ < 40' 2>/dev/null)
    [[ -n $text ]] && printf 'the report:\n%s\n' "$text"
    if grep -q 'timed out after' "$BATS_TEST_TMPDIR/tool-errors" 2>/dev/null; then
        echo "the output before the timeout (its last 20 lines):"
        printf '%s\n' "${output:-}" | tail -n 20
    fi
    return 0
}

# assert_golden NAME: $output equals the file tests/golden/NAME; on a
# mismatch the test prints the file's name and a unified diff (- the golden
# file, + the output), and ends its report with a summary (teardown).
# HC_UPDATE_GOLDEN=1 rewrites the file instead (review the change with git
# diff before committing it).
assert_golden() {
    hc_golden_compare "$1" "$output" "output"
}

# assert_golden_parts NAME FILE REGEX...: the parts of FILE that match each
# extended REGEX in turn (grep -oE: every match, in the file's order, one
# a line) are exactly the lines of tests/golden/NAME.  For a file of which
# a test checks a few pieces, such as a DOT picture: a regex names the
# piece by its fixed words and leaves open what an exercise may change
# (`label=<page [^>]*>`), and the golden file holds what it must be now,
# so a failure shows the difference and HC_UPDATE_GOLDEN=1 rewrites it.
assert_golden_parts() {
    local name=$1 file=$2 regex parts=""
    shift 2
    assert_file_exists "$file"
    for regex in "$@"; do
        parts+=$(grep -oE -- "$regex" "$file" || true)$'\n'
    done
    parts=$(printf '%s' "$parts" | sed '/^$/d')
    hc_golden_compare "$name" "$parts" "${file##*/} (the parts the regexes pick)" \
        "$(printf "regex: '%s'\n" "$@")"
}

# hc_golden_compare NAME TEXT SUBJECT [NOTE]: TEXT (what SUBJECT names)
# equals the golden file NAME; on a mismatch the test fails with the
# file's name, the diff and NOTE, and notes the mismatch for
# hc_golden_summary.  HC_UPDATE_GOLDEN=1 writes TEXT to the file instead.
hc_golden_compare() {
    local name=$1 text=$2 subject=$3 note=${4:-} file="$GOLDEN/$1"
    local shown diff counts cmd="HC_UPDATE_GOLDEN=1 make check"
    shown=${file#"$HC_ROOT"/}
    if [[ -n ${HC_UPDATE_GOLDEN:-} ]]; then
        printf '%s\n' "$text" >"$file"
    fi
    assert_file_exists "$file"
    [[ "$text" == "$(cat "$file")" ]] && return 0
    diff=$(diff -u --label "$shown (expected)" --label "got" "$file" \
        <(printf '%s\n' "$text") || true)
    # lines of the golden file the diff removes, and lines it adds
    counts=$(printf '%s\n' "$diff" |
        awk 'NR > 2 && /^-/ { e++ } NR > 2 && /^\+/ { c++ } END { print e + 0, c + 0 }')
    [[ $name =~ ^phase([1-5])/ ]] && cmd+=" PHASE=${BASH_REMATCH[1]}"
    printf '%s\t%s\t%s\t%s\n' "$shown" "${counts% *}" "${counts#* }" "$cmd" \
        >>"$BATS_TEST_TMPDIR/golden-mismatches"
    { printf '%s\n' "$diff"; [[ -z $note ]] || printf '%s\n' "$note"; } |
        batslib_decorate "$subject differs from $shown" | fail
}

# assert_file_matches FILE REGEX: some line of FILE matches the extended
# REGEX; on a failure the test prints the regex and the file (its first
# 60 lines), not only its path as bats-file's assert_file_contains does.
# For what only a pattern can check (real addresses, a random heap's
# picture); deterministic text is compared with a golden file instead.
assert_file_matches() {
    local file=$1 regex=$2 lines
    assert_file_exists "$file"
    grep -qE -- "$regex" "$file" && return 0
    lines=$(wc -l <"$file")
    {
        printf 'regex : %s\n' "$regex"
        printf 'file  : %s (%s lines%s)\n' "${file##*/}" "$lines" \
            "$( ((lines > 60)) && echo ', the first 60 below')"
        head -n 60 "$file"
    } | batslib_decorate "no line of ${file##*/} matches the regex" | fail
}

# run_golden PHASE NAME: run the scenario tests/golden/PHASE/NAME.hc with the
# PHASE program and compare its standard output with NAME.out, and its
# standard error with NAME.err (which must then exist; without it standard
# error must be empty).  $output and $status are the scenario's.
run_golden() {
    local phase=$1 name=$2
    run --separate-stderr hc "$phase" "$GOLDEN/$phase/$name.hc"
    assert_golden "$phase/$name.out"
    if [[ -f $GOLDEN/$phase/$name.err ]]; then
        local out=$output
        output=$stderr
        assert_golden "$phase/$name.err"
        output=$out
    else
        assert_equal "$stderr" ""
    fi
}

# checked_script FILE: FILE with `check` after every command (comments,
# blank lines, echo and check lines dropped), in $BATS_TEST_TMPDIR/checked.hc.
checked_script() {
    sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' -e '/^echo/d' \
        -e '/^check$/d' -e 's/$/; check/' "$1" >"$BATS_TEST_TMPDIR/checked.hc"
}

# assert_checked_everywhere PHASE SCRIPT...: each SCRIPT, with `check` after
# every command (checked_script), prints "check: ok" once a command and not
# one broken invariant.
assert_checked_everywhere() {
    local phase=$1 script
    shift
    for script in "$@"; do
        checked_script "$script"
        run --separate-stderr "$phase" "$BATS_TEST_TMPDIR/checked.hc"
        # a failure names the script (the output is the checked copy's)
        if printf '%s\n' "$output" | grep -q '^check: [^o]'; then
            echo "${script#"$HC_ROOT"/}, with check after every command:" >&2
        fi
        refute_line --regexp '^check: [^o]'
        assert_equal "$(printf '%s\n' "$output" | grep -c '^check: ok$')" \
            "$(wc -l <"$BATS_TEST_TMPDIR/checked.hc")"
    done
}

# assert_error_line PROGRAM LINE COMMAND WHAT-REGEX: $stderr is exactly one
# error line in the format of shared/DESIGN.md.
assert_error_line() {
    local prog=$1 line=$2 command=$3 what=$4
    assert_equal "$(printf '%s\n' "$stderr" | wc -l)" 1
    assert_regex "$stderr" "^$prog: error: $what \(line $line: $(regex_quote "$command")\)\$"
}

regex_quote() { printf '%s' "$1" | sed 's/[][\.*^$(){}?+|/]/\\&/g'; }

# dot_accepts FILE: Graphviz renders FILE to SVG and prints nothing.
dot_accepts() {
    run --separate-stderr dot -Tsvg "$1" -o "$BATS_TEST_TMPDIR/render.svg"
    assert_success
    assert_equal "$stderr" ""
}

# clean_env COMMAND...: COMMAND without the variables of the make and the
# bats that run this file, for a test that starts a make check (and so a
# bats) of its own: the handouts' (tests/handout.bats), the exercises'
# (tests/exercises.bats).
clean_env() {
    (
        unset MAKEFLAGS MAKELEVEL MFLAGS
        # bats puts its libexec first in PATH: the inner make must find
        # the bats command itself.
        PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -vxF "${BATS_LIBEXEC:-}" | paste -sd:)
        for v in $(compgen -e); do
            [[ $v != BATS_* ]] || unset "$v"
        done
        exec "$@"
    )
}
