#!/bin/sh
# gallery.sh - writes DIR/index.html to standard output: for each phase
# named, its demo's frames in order (DIR/phaseN/frames.txt, written by
# --frames), each picture with the command that produced it underneath.
# The page depends only on those files, so re-running changes nothing.
# DIR is diagrams/ in the course, build/demo/ in a handout (tools/demo.sh).
# usage: sh tools/gallery.sh [-d DIR] phase1 phase2 ... > DIR/index.html
set -eu

dir=diagrams
if [ "${1:-}" = -d ]; then
    dir=${2%/}
    shift 2
fi
# From DIR back to the tree's root, for the links to the lessons.
root=$(printf '%s' "$dir" | sed 's|[^/][^/]*|..|g')

cat <<'HEAD'
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>heapcourse: the demos, step by step</title>
<style>
body { font-family: sans-serif; margin: 2em; max-width: 80em; }
figure { display: inline-block; vertical-align: top; margin: 1em;
         padding: 0.5em; border: 1px solid #ccc; }
figure img { max-width: 36em; }
figcaption { font-family: monospace; margin-top: 0.5em; }
</style>
</head>
<body>
<h1>heapcourse: the demos, step by step</h1>
<p>Each picture is the state after the command under it, drawn by the
phase program's <code>--frames</code> option while running its demo script
(<code>make diagrams</code> redraws them).</p>
HEAD
for phase in "$@"; do
    index="$dir/$phase/frames.txt"
    printf '<h2 id="%s">%s: <a href="%s/%s/README.md">lesson</a>, <a href="%s/%s/demo.hc">demo script</a></h2>\n' \
        "$phase" "$phase" "$root" "$phase" "$root" "$phase"
    [ -f "$index" ] || { echo "<p>No frames yet.</p>"; continue; }
    awk -F '\t' -v phase="$phase" '
        function esc(s) {
            gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s)
            gsub(/>/, "\\&gt;", s); gsub(/"/, "\\&quot;", s)
            return s
        }
        {
            printf "<figure><a href=\"%s/%s.svg\"><img src=\"%s/%s.svg\" alt=\"%s\"></a>", phase, $1, phase, $1, esc($2)
            printf "<figcaption>%s: %s</figcaption></figure>\n", substr($1, 1, 3), esc($2)
        }' "$index"
done
printf '</body>\n</html>\n'
