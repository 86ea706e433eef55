#!/bin/sh
# homework.sh - `make homework PHASE=N SEED=S`: a phase's generated homework
# (phaseN --homework SEED, common/script_homework.c) as a sheet to hand out
# and its answer key, both Markdown, with the answers' pictures step by
# step (--frames) beside the key:
#   OUT/phaseN-seedS.md           the sheet: operations and questions
#   OUT/phaseN-seedS-answers.md   the key: each answer the program's output
#   OUT/phaseN-seedS-frames/      the key's pictures, and its step viewer
# usage: sh tools/homework.sh BIN OUT SEED "OPTIONS" phase1 phase2 ...
#   BIN holds phaseN/phaseN; OPTIONS go to every program as they are
#   (--ops N --alloc-percent P --sizes MIN-MAX, phase 4's --fit POLICY)
set -u

bin=$1 out=$2 seed=$3 options=$4
shift 4
mkdir -p "$out" || exit 2
status=0
for phase in "$@"; do
    program=$bin/$phase/$phase
    name=$out/$phase-seed$seed
    # shellcheck disable=SC2086 # OPTIONS are words on purpose
    if ! "$program" --homework "$seed" $options > "$name.md"; then
        echo "homework: $phase --homework $seed $options failed" >&2
        status=1
        continue
    fi
    rm -rf "$name-frames"
    # shellcheck disable=SC2086
    if ! "$program" --homework "$seed" $options --solve \
        --frames "$name-frames" > "$name-answers.md"; then
        echo "homework: $phase --homework $seed $options --solve failed" >&2
        status=1
        continue
    fi
    echo "$phase: $name.md, answers $name-answers.md, pictures $name-frames/"
done
exit $status
