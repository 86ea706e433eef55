#!/bin/sh
# check-exercise.sh - does a lesson's exercise still match the code?  For
# one reference solution, tools/exercises/phaseN-EX.patch (instructor
# material: handouts leave tools/exercises/ out), in a scratch copy of the
# course as it is now (tracked and untracked files, and the build's
# objects, so that only what the patch touches is compiled again):
#   1. `make exercise PHASE=N EX=EX` fails: the exercise's check
#      (tests/exercises/phaseN-EX.bats) tells the course's code from a
#      solution;
#   2. the patch applies (git apply), and then `make exercise PHASE=N
#      EX=EX` passes;
#   3. and `make check PHASE=N` passes: the rest of the phase's suite
#      still does (a solution that changes golden outputs carries them).
# Run by tests/exercises.bats (make check-course) for every patch.
# usage: sh tools/check-exercise.sh PATCH SCRATCH
#   SCRATCH: a directory that does not exist yet, removed afterwards
#   unless KEEP=1.  Prints what failed; exit status 0 when all three held.
set -u

patch=$1 scratch=$2
name=$(basename "$patch" .patch)               # phaseN-EX
phase=${name%%-*}; phase=${phase#phase}      # N
ex=${name#phase"$phase"-}                    # EX
course=$(pwd)
case $phase in [1-5]) ;; *) echo "$patch: not named phaseN-EX.patch"; exit 2 ;; esac
[ -f "tests/exercises/$name.bats" ] ||
    { echo "$patch: no check tests/exercises/$name.bats"; exit 2; }

mkdir "$scratch" || exit 2
[ "${KEEP:-}" = 1 ] || trap 'rm -rf "$scratch"' EXIT
git ls-files -z --cached --others --exclude-standard |
    tar --null -T - -cf - | tar -C "$scratch" -xf - || exit 2
# The plain build (objects, their flags, test programs), not its bench
# results or traces; cp -a keeps the times make compares.
for part in build/default/*; do
    case ${part##*/} in bench | traces | test-results) continue ;; esac
    mkdir -p "$scratch/build/default" && cp -a "$part" "$scratch/build/default/"
done
cd "$scratch" || exit 2
log=$scratch/exercise.log

run() { # run WHAT COMMAND...: the command's output kept in the log
    printf '\n==== %s\n' "$*" >> "$log"
    "$@" >> "$log" 2>&1
}

if run make exercise PHASE="$phase" EX="$ex" JOBS=1; then
    echo "$name: the check passes on the course's code: it cannot tell a solution from none"
    tail -n 30 "$log"
    exit 1
fi
# It must fail as a check fails (a test not ok), not because the course's
# code did not build.
if ! grep -q '^not ok ' "$log"; then
    echo "$name: make exercise failed on the course's code before any test failed"
    tail -n 30 "$log"
    exit 1
fi
if ! run git apply --whitespace=nowarn "$course/$patch"; then
    echo "$name: the reference solution no longer applies to the code"
    tail -n 30 "$log"
    exit 1
fi
if ! run make exercise PHASE="$phase" EX="$ex" JOBS=1; then
    echo "$name: the check fails with the reference solution applied"
    tail -n 60 "$log"
    exit 1
fi
if ! run make check PHASE="$phase" JOBS=1; then
    echo "$name: with the reference solution, make check PHASE=$phase fails"
    grep -A 30 '^not ok' "$log" | head -n 80
    exit 1
fi
exit 0
