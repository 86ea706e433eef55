#!/bin/sh
# demo.sh - `make demo` and `make diagrams`: runs each phase's demo script
# with --strict and --frames into OUT/phaseN/ (its old frames removed
# first), then writes OUT/index.html, the step viewer over all of them,
# and OUT/all.html, every picture on one page (tools/gallery.sh).
#
# The course draws into diagrams/, the pictures its lessons embed, and stops
# at the first demo that fails.  A student's handout (the Makefile reads its
# phase from .handout; README.md, "Handouts") draws into build/demo/ instead,
# so the lessons' pictures stay the course's, and its own phase OWN, whose
# functions are stubs until the student is done, may stop early: that is
# reported with the line it stopped at and is no error.  Only an earlier
# phase's failing demo is; every phase still runs and gets its pictures.
# usage: sh tools/demo.sh [-q] BIN OUT OWN phase1 phase2 ...
#   -q   no demo output (make diagrams); BIN holds phaseN/phaseN; OWN is
#        the handout's phase number, empty in the course
set -u

quiet=
[ "${1:-}" = -q ] && { quiet=1; shift; }
bin=$1 out=$2 own=$3
shift 3
err=$(mktemp) || exit 2
trap 'rm -f "$err"' EXIT
failed=

for phase in "$@"; do
    [ -n "$quiet" ] || echo "==== $phase: $phase/demo.hc"
    rm -rf "${out:?}/$phase" && mkdir -p "$out" || exit 2
    status=0
    if [ -n "$quiet" ]; then
        "$bin/$phase/$phase" --strict --frames "$out/$phase" "$phase/demo.hc" \
            >/dev/null 2>"$err" || status=$?
    else
        "$bin/$phase/$phase" --strict --frames "$out/$phase" "$phase/demo.hc" \
            2>"$err" || status=$?
    fi
    cat "$err" >&2
    [ "$status" = 0 ] && continue
    # Where it stopped: the last error line, "phaseN: error: WHAT (line L: COMMAND)".
    where=$(sed -n 's/^[^:]*: error: \(.*\) (line \([0-9]*\): .*)$/line \2: \1/p' "$err" | tail -n 1)
    if [ "$status" -gt 128 ]; then
        why="it crashed (signal $((status - 128)))${where:+ after $where}"
    else
        why=${where:-"it exited $status"}
    fi
    if [ "$phase" = "phase$own" ]; then
        echo "$phase's demo stops at $why" \
             "(phase $own is yours: its demo runs to the end once your code works)" >&2
    elif [ -n "$own" ]; then
        echo "$phase's demo failed at $why" >&2
        failed="$failed $phase"
    else
        echo "$phase's demo failed at $why" >&2
        exit 1
    fi
done
# OUT/index.html: the step viewer (common/viewer.html) over every phase's
# OUT/phaseN/steps.js (written by --frames), with links to the lessons and
# to OUT/all.html, every picture on one printable page (tools/gallery.sh).
sh tools/gallery.sh -d "$out" "$@" >"$out/all.html" || exit 1
root=$(printf '%s' "$out" | sed 's|[^/][^/]*|..|g')
scripts="" links=""
for phase in "$@"; do
    scripts="$scripts<script src=\"$phase/steps.js\"></script>"
    links="${links}heapcourse.links[\"$phase\"] = \"$root/$phase/README.md\"; "
done
links="<script>${links}heapcourse.links.printable = \"all.html\";</script>"
awk -v steps="$scripts" -v links="$links" '
    $0 == "<!-- STEPS -->" { print steps; next }
    $0 == "<!-- LINKS -->" { print links; next }
    { print }' common/viewer.html >"$out/index.html" || exit 1
if [ -n "$failed" ]; then
    echo "make demo: the demos of$failed failed: those phases are not yours, and their code is the course's" >&2
    exit 1
fi
exit 0
