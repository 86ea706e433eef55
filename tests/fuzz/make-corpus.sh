#!/bin/sh
# make-corpus.sh DIR PHASE... - the seed corpus of each phase's interpreter
# target: its demo script without comments (demo), and the same commands
# in pieces of six lines (piece-NN), small inputs the fuzzer mutates fast.
# tests/fuzz/corpus/phaseN/ is this script's output, committed;
# tests/common.bats checks that it is still what the demo scripts give.
# usage: sh tests/fuzz/make-corpus.sh tests/fuzz/corpus phase1 phase2 ...
set -eu
out=$1
shift
for phase in "$@"; do
    dir=$out/$phase
    rm -rf "$dir"
    mkdir -p "$dir"
    sed -e 's/^[ \t]*#.*//' "$phase/demo.hc" | grep -v '^[ \t]*$' > "$dir/demo"
    lines=$(wc -l < "$dir/demo")
    first=1
    while [ "$first" -le "$lines" ]; do
        sed -n "${first},$((first + 5))p" "$dir/demo" \
            > "$dir/piece-$(printf %02d $(( (first - 1) / 6 )))"
        first=$((first + 6))
    done
done
