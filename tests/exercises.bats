#!/usr/bin/env bats
# The lessons' exercises can be checked, and their checks still match the
# code: every exercise of every lesson names its check (`make exercise
# PHASE=N EX=K`, tests/exercises/phaseN-K.bats) and has a reference
# solution (tools/exercises/phaseN-K.patch, instructor material), and for
# each, in a scratch copy, the check fails on the course's code and
# passes with the solution applied, with the rest of the phase's suite
# (tools/check-exercise.sh).  Part of make check-course.

load test_helper/common

# lesson_exercises: "PHASE EX" for every numbered exercise of every
# lesson: phaseN/README.md's are EX=K, phase 4's clients' (phase4/os,
# pool, heap) EX=os-K, pool-K and heap-K.
lesson_exercises() {
    local readme phase prefix
    for readme in "$HC_ROOT"/phase[1-5]/README.md "$HC_ROOT"/phase4/*/README.md; do
        [[ -f $readme ]] || continue
        phase=${readme#"$HC_ROOT"/phase}
        phase=${phase%%/*}
        prefix=${readme#"$HC_ROOT"/phase"$phase"/}
        prefix=${prefix%README.md}
        prefix=${prefix%/}
        awk -v phase="$phase" -v prefix="${prefix:+$prefix-}" '
            /^## / { inside = ($0 == "## Exercises") }
            inside && /^[0-9]+\. \*\*/ { print phase " " prefix ($1 + 0) }' "$readme"
    done
}

@test "every exercise in every lesson has its check, its reference solution, and says how to run the check" {
    local phase ex missing=()
    while read -r phase ex; do
        [[ -f $HC_ROOT/tests/exercises/phase$phase-$ex.bats ]] ||
            missing+=("phase $phase exercise $ex: no tests/exercises/phase$phase-$ex.bats")
        [[ -f $HC_ROOT/tools/exercises/phase$phase-$ex.patch ]] ||
            missing+=("phase $phase exercise $ex: no tools/exercises/phase$phase-$ex.patch")
        # the lessons' text wraps: lines joined, spaces squeezed
        cat "$HC_ROOT"/phase"$phase"/README.md "$HC_ROOT"/phase"$phase"/*/README.md 2>/dev/null |
            tr -s ' \n' '  ' | grep -qF "make exercise PHASE=$phase EX=$ex\`" ||
            missing+=("phase $phase exercise $ex: its lesson does not say \`make exercise PHASE=$phase EX=$ex\`")
    done < <(lesson_exercises)
    # and nothing for an exercise the lessons do not have
    local known f
    known=$(lesson_exercises | awk '{ print "phase" $1 "-" $2 }')
    for f in "$HC_ROOT"/tests/exercises/*.bats "$HC_ROOT"/tools/exercises/*.patch; do
        [[ -e $f ]] || continue
        f=${f##*/}
        grep -qxF "${f%.*}" <<<"$known" || missing+=("$f: no such exercise in the lessons")
    done
    if ((${#missing[@]})); then
        printf '%s\n' "${missing[@]}" | batslib_decorate "exercises without what they need" | fail
    fi
}

# check_exercises GLOB: tools/check-exercise.sh on every reference
# solution tools/exercises/GLOB.patch; all of them are tried, and every
# failure shown.
check_exercises() {
    local patch failed=() n=0
    for patch in "$HC_ROOT"/tools/exercises/$1.patch; do
        [[ -e $patch ]] || continue
        n=$((n + 1))
        run clean_env sh -c 'cd "$1" && sh tools/check-exercise.sh "$2" "$3"' _ "$HC_ROOT" \
            "tools/exercises/${patch##*/}" "$BATS_TEST_TMPDIR/${patch##*/}"
        ((status == 0)) || failed+=("$output")
    done
    ((n > 0)) || fail "no reference solutions tools/exercises/$1.patch"
    if ((${#failed[@]})); then
        printf '%s\n' "${failed[@]}" | batslib_decorate "exercises whose check does not match the code" | fail
    fi
}

@test "phase 1's exercises: each check fails on the course's code and passes with its reference solution, and so does the phase's suite" {
    check_exercises 'phase1-[0-9]*'
}

@test "phase 2's exercises: each check fails on the course's code and passes with its reference solution, and so does the phase's suite" {
    check_exercises 'phase2-[0-9]*'
}

@test "phase 3's exercises: each check fails on the course's code and passes with its reference solution, and so does the phase's suite" {
    check_exercises 'phase3-[0-9]*'
}

@test "phase 4's exercises: each check fails on the course's code and passes with its reference solution, and so does the phase's suite" {
    check_exercises 'phase4-[0-9]*'
}

@test "the exercises of phase 4's clients (os, pool, heap): the same" {
    check_exercises 'phase4-[a-z]*'
}

@test "phase 5's exercises: each check fails on the course's code and passes with its reference solution, and so does the phase's suite" {
    check_exercises 'phase5-[0-9]*'
}
