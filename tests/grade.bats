#!/usr/bin/env bats
# grade.bats - make grade (tools/grade.sh): the course's own tree gets
# full marks, a handout its own phase's marks and no other's, and broken
# submissions (a hang, a crash, a compile error, a double free, a file
# deleter, a megabyte printer, a TAP forger) are each scored for what they
# are, quickly, without harm to anything outside their scratch copy, with
# feedback.md saying why.
#
# The fixtures are the course's phases 1 to 3 with one function of phase 3
# broken; most grade phase 3 only (its tests take seconds), with a short
# limit per program run.

load test_helper/common

setup() {
    # The grader builds with its own configuration (gcc, SAN=1) whatever
    # this run's, so it is tested once, in the gcc configurations.
    under_valgrind && skip "the grader chooses its own configuration (tested without VALGRIND=1)"
    under_sanitizers && skip "the grader chooses its own configuration, SAN=1 (tested without SAN=1)"
    [[ ${HC_BUILD##*/} == clang* ]] && skip "the grader builds with cc (tested in the gcc configurations)"
    command -v bwrap >/dev/null || skip "bubblewrap is not installed (make grade installs it)"
    # The fixtures break one thing each and leak nothing: LeakSanitizer's
    # check at every program's exit is left to the gradings of whole trees
    # and to the leak test.
    export GRADE_OUT=$BATS_TEST_TMPDIR/grade GRADE_EXEC_TIMEOUT=3 \
        GRADE_TEST_TIMEOUT=30 GRADE_PHASE_TIMEOUT=300 GRADE_LEAK_CHECK=0
    N3=$(cd "$HC_ROOT" && bats --count tests/phase3.bats tests/phase3-*.bats tests/hidden/phase3*.bats)
}

# submission NAME: phases 1 to 3 of the course, in $BATS_TEST_TMPDIR/subs/NAME.
submission() {
    local dir=$BATS_TEST_TMPDIR/subs/$1 p
    for p in 1 2 3; do
        mkdir -p "$dir/phase$p"
        cp "$HC_ROOT/phase$p"/*.[ch] "$dir/phase$p/"
    done
    SUB=$dir
}

# break_access CODE: phase 3's `write` and `read` run CODE once they have
# found their struct (block_locate; `page` is its page).
break_access() {
    sed -i -e '/^#include <string.h>$/a #include <stdlib.h>\n#include <stdio.h>' \
        -e "/^int block_locate(/,/^}/ s|^    \\*size = page->family->size;\$|&\\n    $1|" \
        "$SUB/phase3/block_commands.c"
    grep -qF "$1" "$SUB/phase3/block_commands.c"
}

# grade ARGS...: run the grader; $output is its table.
grade() {
    run bash "$HC_ROOT/tools/grade.sh" "$@"
}

# graded_seconds NAME: how long grading NAME took, the course's build
# (made once for every grading, and waited for) left out.
graded_seconds() {
    awk '$1 == "all" { print int($2) }' "$GRADE_OUT/$1/timing"
}

# full_marks PHASE: every test of the phase that ran passed (some skip
# under the sanitizers, saying why), no warning, every point.
full_marks() {
    local tests passed failed timedout crashed skipped warnings build points score
    read -r tests passed failed timedout crashed skipped warnings build points score <<<"$(row "$1")"
    assert_equal "$((passed + skipped)) $failed $timedout $crashed $warnings $build $score" \
        "$tests 0 0 0 0 ok 100.0%"
    [[ $points =~ ^([0-9]+)/([0-9]+)$ ]] && ((BASH_REMATCH[1] == BASH_REMATCH[2]))
}

# grade_whole ARGS...: grading whole trees, with the grader's own limits
# (the phase 4 tests that run threads and stress take more than the 3 s a
# run the fixtures get).
grade_whole() {
    GRADE_EXEC_TIMEOUT=20 GRADE_TEST_TIMEOUT=120 GRADE_LEAK_CHECK=1 grade "$@"
}

# row PHASE: the phase's row of the table, as "tests passed failed
# timed-out crashed skipped warnings build points score" (points: P/MAX).
row() {
    printf '%s\n' "$output" | awk -v p="phase$1" '$1 == p { $1 = ""; print substr($0, 2) }'
}

# course_full_marks N: the course's own tree (every phase), graded for
# phase N, gets full marks.  One test a phase, so they run side by side.
course_full_marks() {
    local p dir=$BATS_TEST_TMPDIR/subs/course
    for p in 1 2 3 4 5; do
        mkdir -p "$dir/phase$p"
        cp "$HC_ROOT/phase$p"/*.[ch] "$dir/phase$p/"
    done
    # The course's code must score full marks however loaded the machine
    # is, and the grader's time limits are the one part of this that
    # depends on its speed (phase 4 under AddressSanitizer: 33 s in all on
    # a quiet 2-core machine, 20 s allowed a run; CI once failed one of
    # these tests on a loaded machine, the cause cut from its log).  So
    # three times those limits here; the limits themselves are tested with
    # a hang below.
    GRADE_EXEC_TIMEOUT=60 GRADE_TEST_TIMEOUT=360 GRADE_LEAK_CHECK=1 \
        grade --phase "$1" "$dir"
    assert_success
    assert_line --regexp '^phase +tests +passed +failed +timed out +crashed +skipped +warnings +build +points +score$'
    full_marks "$1"
}

@test "the course's own tree gets full marks in phase 4" { course_full_marks 4; }
@test "the course's own tree gets full marks in phase 1" { course_full_marks 1; }
@test "the course's own tree gets full marks in phase 5" { course_full_marks 5; }
@test "the course's own tree gets full marks in phase 2" { course_full_marks 2; }
@test "the course's own tree gets full marks in phase 3" { course_full_marks 3; }

@test "a hang is timed out, the other tests pass, and the grading goes on" {
    submission hang
    break_access 'if (strcmp(page->family->name, "whole") == 0) for (;;) {}'
    grade --phase 3 "$SUB"
    assert_success
    read -r tests passed failed timedout crashed _ <<<"$(row 3)"
    assert_equal "$timedout $crashed $failed $passed" "1 0 0 $((tests - 1))"
    grep -q 'timed out after 3 s' "$GRADE_OUT/hang/phase3.tap"
    # the feedback shows what the program printed before it hung
    run cat "$GRADE_OUT/hang/feedback.md"
    assert_line --partial 'timed out (a program ran longer than its limit)'
    assert_line 'the output before the timeout (its last 20 lines):'
    assert_line 'whole: formatted page 1 into 1 block (meta 48 + data 4000 bytes each, tail 0)'
    # not a speed measurement: proof the hang did not hold the grader up
    # beyond its limits (3 s a run, 30 s a test), with a wide margin
    (($(graded_seconds hang) < 120))
}

@test "a NULL dereference is a crash" {
    submission null
    break_access '*(volatile int *)0 = 1;'
    grade --phase 3 "$SUB"
    assert_success
    read -r tests passed failed timedout crashed _ <<<"$(row 3)"
    ((crashed >= 1 && timedout == 0 && passed + failed + crashed == tests))
    grep -q 'sanitizer reported an error' "$GRADE_OUT/null/phase3.tap"
}

@test "a double free is a crash, reported by AddressSanitizer" {
    submission double
    break_access '{ char *volatile p = malloc(8); free(p); free(p); }'
    grade --phase 3 "$SUB"
    assert_success
    read -r tests passed failed timedout crashed _ <<<"$(row 3)"
    ((crashed >= 1 && timedout == 0 && passed + failed + crashed == tests))
    grep -q 'sanitizer reported an error' "$GRADE_OUT/double/phase3.tap"
    # the feedback has the sanitizer's report
    run cat "$GRADE_OUT/double/feedback.md"
    assert_line --partial 'crashed (a sanitizer report or a signal)'
    assert_line --regexp '^==[0-9]+==ERROR: AddressSanitizer: attempting double-free'
    assert_line --regexp 'in block_locate .*phase3/block_commands.c'
    (($(wc -l <"$GRADE_OUT/double/feedback.md") < 100 * crashed + 100)) # cut to a sane length
}

@test "a compile error fails its phase's build, and the earlier phase still gets full marks" {
    submission syntax
    rm -r "$SUB/phase1" # phases 2 and 3 are graded (phase 1 is the course's)
    sed -i 's|^size_t block_data_size(const struct family \*f)$|size_t block_data_size(const struct family *f) int|' \
        "$SUB/phase3/block.c"
    grade "$SUB"
    assert_success
    [[ -z $(row 1) ]]
    full_marks 2
    assert_regex "$(row 3)" "^$N3 0 $N3 0 0 0 [0-9]+ failed 0/[1-9][0-9]* 0.0%\$"
    grep -q '^phase3/block.c:.*error:' "$GRADE_OUT/syntax/build.log"
    # the first compiler errors are in the feedback
    run cat "$GRADE_OUT/syntax/feedback.md"
    assert_line '## Compiler errors (the first ones; all in build.log)'
    assert_line --regexp '^phase3/block.c:[0-9]+:[0-9]+: error: '
    (($(grep -c ': error:' "$GRADE_OUT/syntax/feedback.md") <= 20))
}

@test "a leak is a crash, reported by LeakSanitizer, unless GRADE_LEAK_CHECK=0" {
    submission leak
    break_access '{ char *volatile lost = malloc(24); lost[0] = 1; }'
    GRADE_LEAK_CHECK=1 grade --phase 3 "$SUB"
    assert_success
    read -r tests passed failed timedout crashed _ <<<"$(row 3)"
    ((crashed >= 1 && timedout == 0 && passed + failed + crashed == tests))
    run cat "$GRADE_OUT/leak/feedback.md"
    assert_line --regexp '^==[0-9]+==ERROR: LeakSanitizer: detected memory leaks'
    GRADE_LEAK_CHECK=0 grade --phase 3 "$SUB"
    assert_success
    assert_regex "$(row 3)" "^$N3 $N3 0 0 0 0 0 ok ([0-9]+)/\\1 100.0%\$"
    GRADE_LEAK_CHECK=2 grade --phase 3 "$SUB"
    assert_failure 2
    assert_output "grade: GRADE_LEAK_CHECK must be 0 or 1"
}

@test "warnings are counted, not fatal" {
    submission warn
    break_access 'int unused_here;'
    grade --phase 3 "$SUB"
    assert_success
    assert_regex "$(row 3)" "^$N3 $N3 0 0 0 0 1 ok ([0-9]+)/\\1 100.0%\$"
}

@test "a submission that deletes files touches nothing outside its scratch copy" {
    submission deleter
    mkdir -p "$BATS_TEST_TMPDIR/canary"
    echo alive >"$BATS_TEST_TMPDIR/canary/file"
    echo alive >"$HC_ROOT/build/grade-canary.$$"
    sed -i "s|^    return script_main(&phase3_program, argc, argv);|    (void)!system(\"rm -rf $BATS_TEST_TMPDIR/canary $HC_ROOT/build/grade-canary.$$ tests common Makefile 2>/dev/null\");\n&|" \
        "$SUB/phase3/main.c"
    sed -i '0,/^#include/ s//#include <stdlib.h>\n#include/' "$SUB/phase3/main.c"
    grade --phase 3 "$SUB"
    assert_success
    assert_file_exists "$BATS_TEST_TMPDIR/canary/file"
    assert_file_exists "$HC_ROOT/build/grade-canary.$$"
    rm -f "$HC_ROOT/build/grade-canary.$$"
    full_marks 3
}

@test "a submission that prints megabytes fails that test and the results stay small" {
    submission printer
    # in the `read` only (it comes second): its line is the one checked.
    # 1 MiB is 16 times what the grader keeps of a test, and prints in
    # well under the 3 s limit a run even on a loaded machine (4 MiB under
    # the sanitizers did not always).
    break_access 'static int calls; if (strcmp(page->family->name, "whole") == 0) if (calls++ == 1) for (int i = 0; i < (1 << 20); i++) putchar(i % 1024 ? 0x41 : 0x0a);'
    grade --phase 3 "$SUB"
    assert_success
    read -r tests passed failed timedout crashed _ <<<"$(row 3)"
    assert_equal "$failed $timedout $crashed $passed" "1 0 0 $((tests - 1))"
    (($(wc -c <"$GRADE_OUT/printer/phase3.tap") < 100000))
    (($(graded_seconds printer) < 120)) # the limits held (see the hang above)
}

@test "FORMAT=csv and FORMAT=junit write machine-readable results" {
    submission formats
    break_access '*(volatile int *)0 = 1;'
    grade --phase 3 --format csv "$SUB"
    assert_success
    assert_file_exists "$GRADE_OUT/formats/junit.xml" # every format, always
    assert_line "CSV: ${GRADE_OUT#"$HC_ROOT"/}/formats/grade.csv"
    run cat "$GRADE_OUT/formats/grade.csv"
    assert_line --index 0 "submission,phase,tests,passed,failed,timed_out,crashed,skipped,warnings,build,points,max_points,score"
    assert_line --index 1 --regexp "^formats,phase3,$N3,"'[0-9]+,[0-9]+,0,[1-9][0-9]*,0,0,ok,[0-9]+,[0-9]+,[0-9.]+$'
    assert_line --index 2 --regexp "^formats,total,$N3,"'[0-9]+,[0-9]+,0,[1-9][0-9]*,0,0,,[0-9]+,[0-9]+,[0-9.]+$'
    run python3 -c '
import sys, xml.etree.ElementTree as ET
suites = ET.parse(sys.argv[1]).getroot()
for s in suites:
    cases = s.findall("testcase")
    assert len(cases) == int(s.get("tests")), "count"
    print(s.get("name"), s.get("tests"), s.get("errors"),
          sum(1 for c in cases if c.find("error") is not None and c.find("error").get("message") == "crashed"))
' "$GRADE_OUT/formats/junit.xml"
    assert_success
    read -r name tests errors crashed <<<"$output"
    assert_equal "$name $tests" "phase3 $N3"
    ((errors >= 1 && errors == crashed))
}

@test "make grade-all grades every subfolder into one CSV, whatever each does" {
    submission good
    submission bad
    sed -i 's|^size_t block_data_size(const struct family \*f)$|& int|' "$SUB/phase3/block.c"
    mkdir -p "$BATS_TEST_TMPDIR/subs/empty"
    echo "not a submission" >"$BATS_TEST_TMPDIR/subs/notes.txt"
    run make -C "$HC_ROOT" -s grade-all SUBMISSIONS="$BATS_TEST_TMPDIR/subs" PHASE=3 \
        GRADES_CSV="$BATS_TEST_TMPDIR/grades.csv"
    assert_success
    assert_line "graded 3 submissions: $BATS_TEST_TMPDIR/grades.csv"
    # the summary: one row a student
    assert_line --regexp '^submission +phases +tests +passed +points +score$'
    assert_line --regexp "^bad +3 +$N3 +0 +0/[0-9]+ +0.0%\$"
    assert_line --regexp "^good +3 +$N3 +$N3 +([0-9]+)/\\1 +100.0%\$"
    run cat "$BATS_TEST_TMPDIR/grades.csv"
    assert_equal "${#lines[@]}" 7
    assert_line --index 1 --regexp "^bad,phase3,$N3,0,$N3,0,0,0,[0-9]+,failed,0,[0-9]+,0.0\$"
    assert_line --index 2 --regexp "^bad,total,$N3,0,$N3,0,0,0,[0-9]+,,0,[0-9]+,0.0\$"
    assert_line --index 3 --regexp "^empty,phase3,$N3,0,$N3,0,0,0,0,missing,0,[0-9]+,0.0\$"
    assert_line --index 5 --regexp "^good,phase3,$N3,$N3,0,0,0,0,0,ok,([0-9]+),\\1,100.0\$"
}

@test "a handout's tree is graded for its own phase only, unless PHASE says another" {
    # the complete phases 1 and 2 of a phase 3 handout would inflate its score
    submission recorded
    printf 'phase=3\n' >"$SUB/.handout"
    grade "$SUB"
    assert_success
    [[ -z $(row 1) && -z $(row 2) ]]
    full_marks 3
    grade --phase 2 "$SUB"
    assert_success
    [[ -z $(row 3) ]]
    full_marks 2
}

@test "a program that writes passing TAP everywhere scores no more than the same broken code" {
    # the same logic bug twice: `write` and `read` of the family "whole" fail
    local bug='if (strcmp(page->family->name, "whole") == 0) return script_fail(s, "broken");'
    submission honest
    break_access "$bug"
    submission forger
    # ... and the forger writes a passing report for every test to every
    # descriptor it can (the runner's among them, were it open) and to
    # its standard output
    break_access 'for (int fd = 0; fd < 256; fd++) { dprintf(fd, "%c1..1%c", 10, 10); for (int i = 1; i <= 40; i++) dprintf(fd, "ok %d forged%c", i, 10); } for (int i = 1; i <= 40; i++) printf("ok %d forged%c", i, 10); printf("1..1%c", 10); '"$bug"
    grep -q 'dprintf(fd' "$SUB/phase3/block_commands.c"
    run make -C "$HC_ROOT" -s grade-all SUBMISSIONS="$BATS_TEST_TMPDIR/subs" PHASE=3 \
        GRADES_CSV="$BATS_TEST_TMPDIR/grades.csv"
    assert_success
    local honest forger
    honest=$(awk -F, '$1 == "honest" && $2 == "phase3" { print $4 " " $11 }' "$BATS_TEST_TMPDIR/grades.csv")
    forger=$(awk -F, '$1 == "forger" && $2 == "phase3" { print $4 " " $11 }' "$BATS_TEST_TMPDIR/grades.csv")
    read -r honest_passed honest_points <<<"$honest"
    read -r forger_passed forger_points <<<"$forger"
    ((honest_passed < N3 && forger_passed <= honest_passed && forger_points <= honest_points))
    # the forged lines reached nothing but the test's own output
    run grep -c '^ok [0-9]* forged' "$GRADE_OUT/forger/phase3.tap"
    assert_output 0
}

@test "hidden tests are graded with their phase, with their points, in every format" {
    submission hidden
    grade --phase 3 --format gradescope "$SUB"
    assert_success
    assert_line "Gradescope results: ${GRADE_OUT#"$HC_ROOT"/}/hidden/results.json"
    full_marks 3
    assert_equal "$(row 3 | cut -d' ' -f1)" "$N3"
    grep -q '^ok [0-9]* a block freed in the middle of a page is the next one handed out (hidden)$' \
        "$GRADE_OUT/hidden/phase3.tap"
    run python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
t = [t for t in r["tests"] if t["name"].endswith("(hidden)")]
assert len(t) == 1 and t[0]["max_score"] == 2 and t[0]["score"] == 2, t
assert r["score"] == r["max_score"] == sum(t["max_score"] for t in r["tests"]), r["score"]
print(len(r["tests"]))
' "$GRADE_OUT/hidden/results.json"
    assert_success
    assert_output "$N3"
    run cat "$GRADE_OUT/hidden/feedback.md"
    assert_line 'None: every test that ran passed.'
}

@test "a failed test scores 0 of its points, in the table, the CSV, JUnit and results.json" {
    submission points
    # the hidden test (2 points) and two others fail
    break_access 'if (strcmp(page->family->name, "node_t") == 0) return script_fail(s, "broken");'
    grade --phase 3 --format gradescope "$SUB"
    assert_success
    read -r tests passed failed _ _ _ _ _ points _ <<<"$(row 3)"
    [[ $points =~ ^([0-9]+)/([0-9]+)$ ]]
    local got=${BASH_REMATCH[1]} max=${BASH_REMATCH[2]}
    ((failed >= 1 && got < max))
    run python3 -c '
import json, sys, xml.etree.ElementTree as ET
r = json.load(open(sys.argv[1]))
h = [t for t in r["tests"] if t["name"].endswith("(hidden)")][0]
assert h["status"] == "failed" and h["score"] == 0 and h["max_score"] == 2, h
assert "-d @0: \"reused\"" in h["output"], h["output"]  # what it expected
suite = ET.parse(sys.argv[2]).getroot().find("testsuite")
props = {p.get("name"): p.get("value") for p in suite.find("properties")}
print(r["score"], r["max_score"], props["points"], props["max_points"])
' "$GRADE_OUT/points/results.json" "$GRADE_OUT/points/junit.xml"
    assert_success
    assert_output "$got $max $got $max"
}

# handout N: phase N's student tree (make handout, tools/handout.mk).
handout() {
    make -C "$HC_ROOT" -n handout >/dev/null 2>&1 ||
        skip "make handout does not exist yet (tools/handout.mk)"
    SUB=$BATS_TEST_TMPDIR/subs/handout$1
    make -C "$HC_ROOT" -s handout PHASE="$1" OUT="$SUB" >/dev/null
}

# handout_graded N: phase N's handout, as a student gets it, graded as
# the README shows (no PHASE): phase N only (the handout records its phase
# in .handout), and phase N scores less than full marks (its student
# bodies fail).  In phases 1 to 3 the unmodified stubs fail with an error,
# not a crash, under the grader's SAN=1 build too (README.md, "Handouts",
# says so): every test ran, none crashed nor timed out.
handout_graded() {
    local n=$1 k tests passed failed timedout crashed skipped
    handout "$n"
    assert_file_exists "$SUB/.handout"
    grade_whole "$SUB"
    assert_success
    for ((k = 1; k <= 5; k++)); do
        ((k == n)) || [[ -z $(row "$k") ]] || fail "phase $k was graded too: $(row "$k")"
    done
    read -r tests passed failed timedout crashed skipped _ <<<"$(row "$n")"
    ((tests > 0 && passed < tests))
    if ((n <= 3)); then
        assert_equal "$crashed $timedout $((passed + failed + skipped))" "0 0 $tests"
    fi
}

# Phases 4 and 5 grade the same way as 1 to 3 and take longest (their
# handouts' own tests run in tests/handout.bats): CI's HC_HANDOUT_FULL=1
# grades them too.
handout_graded_full() {
    [[ -n ${HC_HANDOUT_FULL:-} ]] || skip "HC_HANDOUT_FULL=1 grades it (CI does; phases 1 to 3 always)"
    handout_graded "$1"
}

@test "phase 1's handout, graded as the README shows: phase 1 only, less than full marks" { handout_graded 1; }
@test "phase 2's handout, graded as the README shows: phase 2 only, less than full marks" { handout_graded 2; }
@test "phase 3's handout, graded as the README shows: phase 3 only, less than full marks" { handout_graded 3; }
@test "phase 4's handout, graded as the README shows: phase 4 only, less than full marks" { handout_graded_full 4; }
@test "phase 5's handout, graded as the README shows: phase 5 only, less than full marks" { handout_graded_full 5; }
