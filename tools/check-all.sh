#!/bin/sh
# check-all.sh - `make check` in every configuration the course promises,
# one after another, and a table of the results: gcc, clang, gcc with
# AddressSanitizer + UndefinedBehaviorSanitizer, clang with them, and
# every program under valgrind; then `make check-course` (the handouts and
# the grader) once, with gcc: the grader builds with its own configuration
# whatever the run's, so the others would only skip it.  A failing
# configuration does not stop the others.  Used by `make check-all` and by
# .ci/run.
# usage: sh tools/check-all.sh       (from the project root)
# Exit status: 0 if every configuration passed, 1 otherwise.
set -u

results=$(mktemp)
log=$(mktemp)
failures=$(mktemp)
trap 'rm -f "$results" "$log" "$failures"' EXIT
failed_any=0

# run NAME TARGET MAKE-ARGS...: build, run TARGET (check or check-course)
# with TAP output, record one row.
run() {
    name=$1 target=$2
    shift 2
    printf '\n==== make %s %s\n' "$target" "$*"
    start=$(date +%s)
    : >"$log"
    status=0
    make -j2 "$@" all >/dev/null || status=$?
    if [ "$status" -eq 0 ]; then
        make "$target" FORMAT=tap "$@" 2>&1 | tee "$log"
        # the status of make, not of tee
        grep -q '^not ok ' "$log" && status=1
        grep -q '^1\.\.' "$log" || status=1
    else
        echo "the build failed"
    fi
    passed=$(grep -c '^ok ' "$log")
    skipped=$(grep -c '^ok .* # skip' "$log")
    failed=$(grep -c '^not ok ' "$log")
    [ "$status" -eq 0 ] || failed_any=1
    # Keep each failed test with the lines bats printed under it (its
    # output, indented with '#'), to repeat them after the table: a long
    # log is often seen only by its end.
    awk -v conf="$name" '
        /^not ok / { keep = 1; print "[" conf "] " $0; next }
        /^(ok |1\.\.)/ { keep = 0 }
        keep { if (++lines <= 400) print }' "$log" >>"$failures"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$((passed - skipped))" \
        "$skipped" "$failed" "$(( $(date +%s) - start ))" \
        "$([ "$status" -eq 0 ] && echo ok || echo FAILED)" >>"$results"
}

run gcc check CC=gcc
run clang check CC=clang
run "gcc SAN" check CC=gcc SAN=1
run "clang SAN" check CC=clang SAN=1
run valgrind check VALGRIND=1
run "course gcc" check-course CC=gcc

printf '\n%-10s %7s %8s %7s %8s  %s\n' configuration passed skipped failed seconds result
awk -F '\t' '{ printf "%-10s %7d %8d %7d %8d  %s\n", $1, $2, $3, $4, $5, $6
               p += $2; s += $3; f += $4; t += $5 }
             END { printf "%-10s %7d %8d %7d %8d\n", "total", p, s, f, t }' "$results"
if [ -s "$failures" ]; then
    printf '\nthe failed tests, with what they printed (at most 400 lines a configuration):\n'
    cat "$failures"
fi
exit "$failed_any"
