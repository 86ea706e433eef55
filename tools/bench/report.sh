#!/bin/sh
# report.sh - turns the numbers run.sh wrote (raw.tsv, context.tsv,
# notes.txt in DIR) into the Markdown table, printed and written to
# DIR/results.md, and into SVG plots drawn by gnuplot.  It only reads the
# raw numbers, so a table can be redrawn from them at any time.
# How to read the table: tools/bench/README.md.
# usage: sh tools/bench/report.sh DIR
set -eu

dir=${1:?usage: report.sh DIR}
[ -f "$dir/raw.tsv" ] || { echo "report.sh: no $dir/raw.tsv" >&2; exit 1; }
[ -f "$dir/context.tsv" ] || : > "$dir/context.tsv"
[ -f "$dir/notes.txt" ] || : > "$dir/notes.txt"
rm -f "$dir"/*.dat

awk -F '\t' -v dir="$dir" '
function add(list, key, value) { list[key] = (key in list) ? list[key] " " value : value }
# Runs that spread by more than a quarter of their median: a busy machine.
function range(values,   n, v, i, lo, hi) {
    n = split(values, v, " "); lo = hi = v[1] + 0
    for (i = 2; i <= n; i++) { if (v[i] + 0 < lo) lo = v[i] + 0; if (v[i] + 0 > hi) hi = v[i] + 0 }
    wide = n > 1 && (hi - lo) > 0.25 * median(values)
    return secs(lo) " to " secs(hi)
}
function spread(w,   c, h, wide_c) {
    c = range(time[w, "libc"]); wide_c = wide; h = range(time[w, "libheap"])
    if (wide_c || wide)
        notes[++nnotes] = w ": runs took " c " (glibc) and " h " (libheap), more than a quarter of the median apart: the machine was busy, and the ratios are uncertain"
}
function median(values,   n, a, i, j, t) {
    n = split(values, a, " ")
    for (i = 2; i <= n; i++)            # insertion sort: a handful of runs
        for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
            t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
        }
    return n % 2 ? a[(n + 1) / 2] + 0 : (a[n / 2] + a[n / 2 + 1]) / 2
}
function secs(x) { return x < 10 ? sprintf("%.3f s", x) : sprintf("%.1f s", x) }
function mib(kib) { return sprintf("%.1f MiB", kib / 1024) }
function kib(k) { return k < 10240 ? sprintf("%.0f KiB", k) : mib(k) }
function pct(f) { return sprintf("%.1f%%", 100 * f) }
function rate(x) { return x >= 1e6 ? sprintf("%.2f M", x / 1e6) : sprintf("%.0f k", x / 1e3) }
function ratio(x) { return sprintf("%.3f", x) }
function verdict(ok) { return ok ? "met" : "**not met**" }
function out(line) { print line > (dir "/results.md"); print line }
function dat(file, line) { print line > (dir "/" file ".dat") }

# A target: its words, and met / not met / not measured with a reason.
function target(words, state, detail) {
    ntargets++
    if (state == "met") met++
    targets[ntargets] = "- " words ": " (state == "met" ? "met" : "**" state "**") \
                        (detail != "" ? " (" detail ")" : "")
}

# Over a set of rows: the ones that failed, and those that were not measured.
function overall(bad, nm) { return bad != "" ? "not met" : nm != "" ? "not measured" : "met" }
function detail(bad, nm, all) {
    if (bad == "" && nm == "") return all
    return (bad != "" ? "not on:" bad : "") (bad != "" && nm != "" ? "; " : "") \
           (nm != "" ? "not measured on:" nm : "")
}

FILENAME ~ /context.tsv$/ { context[$1] = $2; if ($1 ~ /^workload:/) worder[++nw] = $1; next }
FILENAME ~ /notes.txt$/ { if ($0 != "") notes[++nnotes] = $0; next }
FNR == 1 { next }                       # raw.tsv header
$1 == "program" {
    w = $2; a = $3
    if (!(w in seen)) { seen[w] = 1; if (w == "mtstress") has_mt = 1; else programs[++np] = w }
    if ($4 != "-") mt_threads = $4
    if ($11 != "0") { failed[w, a]++; why[w, a] = $11; next }
    if ($5 == 0) next                   # the warm-up
    add(time, w SUBSEP a, $7); add(peak, w SUBSEP a, $8)
    if ($9 != "-") add(thru, w SUBSEP a, $9)
    next
}
$1 == "trace" {
    k = $2 SUBSEP $4
    if (!(k in tseen)) { tseen[k] = 1; trows[++nt] = k }
    a = $3; tops[k] = $6; tsec[k, a] = $7; tpeak[k, a] = $8; tthru[k, a] = $9
    tutil[k, a] = $10; tstatus[k, a] = $11
}

# One side of a program: "ok" when all its runs succeeded.
function side_state(w, a) {
    if ((w SUBSEP a) in failed) return "failed (status " why[w, a] ")"
    if (!((w SUBSEP a) in time)) return "not run"
    return "ok"
}

END {
    out("# libheap against the C library'"'"'s malloc")
    out("")
    out("- " context["date"] "; " context["machine"] "; " context["glibc"])
    out("- commit " context["commit"] "; library " context["libheap"])
    out("- load average before and after: " context["load before"] " and " context["load after"])
    out("- " context["runs"] " timed runs per allocator (after a warm-up), alternating; sizes: " context["sizes"])
    out("- targets are the issue'"'"'s; every ratio is libheap / glibc")

    # ---- real programs
    t_bad = m_bad = p_nm = ""
    if (np) {
        out("")
        out("## Real programs (median of the timed runs)")
        out("")
        out("| program | time glibc | time libheap | time ratio | target <= 1.10 | peak glibc | peak libheap | memory ratio | target <= 1.10 |")
        out("|---|--:|--:|--:|---|--:|--:|--:|---|")
    }
    for (i = 1; i <= np; i++) {
        w = programs[i]; sc = side_state(w, "libc"); sh = side_state(w, "libheap")
        if (sc != "ok" || sh != "ok") {
            state = sc != "ok" ? "not measured" : "not met"
            out("| " w " | " (sc == "ok" ? secs(median(time[w, "libc"])) : "glibc " sc) \
                " | " (sh == "ok" ? secs(median(time[w, "libheap"])) : "libheap " sh) \
                " | - | **" state "** | | | - | **" state "** |")
            if (sc != "ok") p_nm = p_nm " " w
            else { t_bad = t_bad " " w; m_bad = m_bad " " w }
            continue
        }
        tc = median(time[w, "libc"]); th = median(time[w, "libheap"])
        pc = median(peak[w, "libc"]); ph = median(peak[w, "libheap"])
        spread(w)
        tr = th / tc; mr = pc > 0 ? ph / pc : 0
        out("| " w " | " secs(tc) " | " secs(th) " | " ratio(tr) " | " verdict(tr <= 1.10) \
            " | " mib(pc) " | " mib(ph) " | " ratio(mr) " | " verdict(mr <= 1.10) " |")
        if (tr > 1.10) t_bad = t_bad " " w
        if (mr > 1.10) m_bad = m_bad " " w
        dat("time_ratio", w "\t" tr); dat("memory_ratio", w "\t" mr)
    }

    # ---- mtstress
    mt_state = "not measured"; mt_detail = "not run"
    if (has_mt) {
        w = "mtstress"; sc = side_state(w, "libc"); sh = side_state(w, "libheap")
        out("")
        out("## Multi-threaded stress (mtstress, " (mt_threads ? mt_threads : "?") " threads; median of the timed runs)")
        out("")
        out("| ops/s glibc | ops/s libheap | throughput ratio | target >= 1.00 | time glibc | time libheap | time ratio | peak glibc | peak libheap | memory ratio |")
        out("|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|")
        if (sc != "ok" || sh != "ok") {
            mt_state = sc != "ok" ? "not measured" : "not met"
            mt_detail = sc != "ok" ? "glibc " sc : "libheap " sh
            out("| " (sc == "ok" ? rate(median(thru[w, "libc"])) : "glibc " sc) " | " \
                (sh == "ok" ? rate(median(thru[w, "libheap"])) : "libheap " sh) \
                " | - | **" mt_state "** | | | - | | | - |")
        } else {
            oc = median(thru[w, "libc"]); oh = median(thru[w, "libheap"])
            tc = median(time[w, "libc"]); th = median(time[w, "libheap"])
            pc = median(peak[w, "libc"]); ph = median(peak[w, "libheap"])
            spread(w)
            r = oh / oc
            mt_state = r >= 1.0 ? "met" : "not met"; mt_detail = "ratio " ratio(r)
            out("| " rate(oc) " | " rate(oh) " | " ratio(r) " | " verdict(r >= 1.0) " | " \
                secs(tc) " | " secs(th) " | " ratio(th / tc) " | " mib(pc) " | " mib(ph) \
                " | " ratio(ph / pc) " |")
            dat("time_ratio", "mtstress\t" th / tc); dat("memory_ratio", "mtstress\t" ph / pc)
            dat("throughput_ratio", "mtstress\t" r)
        }
    }

    # ---- traces
    if (nt) {
        out("")
        out("## Traces (heaptrace -r " context["runs"] ")")
        out("")
        out("| trace | threads | ops | ops/s glibc | ops/s libheap | throughput ratio | target >= 1.00 | utilization glibc | utilization libheap | target >= glibc | peak footprint glibc | peak footprint libheap | memory ratio | checks |")
        out("|---|--:|--:|--:|--:|--:|---|--:|--:|---|--:|--:|--:|---|")
    }
    x_bad = u_bad = x_nm = u_nm = ""; usum_c = usum_h = uc_n = un = 0
    for (i = 1; i <= nt; i++) {
        k = trows[i]; split(k, kk, SUBSEP); name = kk[1]; th_ = kk[2]
        label = name (th_ > 1 ? " -t" th_ : "")
        if (!((k SUBSEP "libc") in tthru) || !((k SUBSEP "libheap") in tthru)) {
            out("| " name " | " th_ " | " tops[k] " | | | - | **not measured** | | | **not measured** | | | - | a line is missing |")
            x_nm = x_nm " " label; u_nm = u_nm " " label
            continue
        }
        clean = tstatus[k, "libc"] == "0" && tstatus[k, "libheap"] == "0"
        checks = clean ? "ok" : "glibc " (tstatus[k, "libc"] == "0" ? "ok" : tstatus[k, "libc"]) \
                 "; libheap " (tstatus[k, "libheap"] == "0" ? "ok" : tstatus[k, "libheap"])
        r = tthru[k, "libc"] > 0 ? tthru[k, "libheap"] / tthru[k, "libc"] : 0
        uc = tutil[k, "libc"] + 0; uh = tutil[k, "libheap"] + 0
        pc = tpeak[k, "libc"] + 0; ph = tpeak[k, "libheap"] + 0
        xok = clean && r >= 1.0
        if (!xok) x_bad = x_bad " " label
        # A footprint of 0 is one heaptrace could not measure.
        if (pc > 0 && ph > 0) {
            uok = clean && uh >= uc; uverdict = verdict(uok)
            if (!uok) u_bad = u_bad " " label
        } else {
            uverdict = "**not measured**"; u_nm = u_nm " " label
        }
        out("| " name " | " th_ " | " tops[k] " | " rate(tthru[k, "libc"]) " | " \
            rate(tthru[k, "libheap"]) " | " ratio(r) " | " verdict(xok) " | " \
            (pc > 0 ? pct(uc) : "-") " | " (ph > 0 ? pct(uh) : "-") " | " uverdict " | " \
            (pc > 0 ? kib(pc) : "-") " | " (ph > 0 ? kib(ph) : "-") " | " \
            (pc > 0 && ph > 0 ? ratio(ph / pc) : "-") " | " checks " |")
        if (th_ == 1 && pc > 0) { usum_c += uc; uc_n++ }
        if (th_ == 1 && ph > 0) { usum_h += uh; un++ }
        dat("throughput_ratio", label "\t" r)
        if (pc > 0 && ph > 0) {
            dat("utilization", label "\t" uc "\t" uh)
            dat("memory_ratio", "trace " label "\t" ph / pc)
        }
    }
    if (un) mean_h = usum_h / un
    if (nt)
        out("| mean, 1 thread | | | | | | | " (uc_n ? pct(usum_c / uc_n) : "-") " | " \
            (un ? pct(mean_h) : "-") " | >= 85%: " \
            (un ? verdict(mean_h >= 0.85) : "**not measured**") " | | | | |")

    # ---- the targets
    if (!nt) {
        target("traces: throughput ratio >= 1.0", "not measured", "no trace lines")
        target("traces: mean utilization >= 85%", "not measured", "no trace lines")
        target("traces: libheap'"'"'s utilization not below glibc'"'"'s on any trace", "not measured", "no trace lines")
    } else {
        target("traces: throughput ratio >= 1.0", overall(x_bad, x_nm),
               detail(x_bad, x_nm, nt " trace runs"))
        target("traces: mean utilization >= 85%", un ? (mean_h >= 0.85 ? "met" : "not met") : "not measured",
               un ? "libheap " pct(mean_h) " over " un " traces at 1 thread" \
                    (uc_n ? "; glibc " pct(usum_c / uc_n) : "") : "no footprint at 1 thread")
        target("traces: libheap'"'"'s utilization not below glibc'"'"'s on any trace",
               overall(u_bad, u_nm), detail(u_bad, u_nm, nt " trace runs"))
    }
    if (!np) {
        target("real programs: time ratio <= 1.10", "not measured", "none run")
        target("real programs: memory ratio <= 1.10", "not measured", "none run")
    } else {
        target("real programs: time ratio <= 1.10", overall(t_bad, p_nm),
               detail(t_bad, p_nm, np " programs"))
        target("real programs: memory ratio <= 1.10", overall(m_bad, p_nm),
               detail(m_bad, p_nm, np " programs"))
    }
    target("mtstress: throughput at " (mt_threads ? mt_threads : 2) " threads >= glibc'"'"'s", mt_state, mt_detail)

    out("")
    out("## Targets: " met + 0 " of " ntargets " met")
    out("")
    for (i = 1; i <= ntargets; i++) out(targets[i])
    if (nw) {
        out("")
        out("## Workloads")
        out("")
        for (i = 1; i <= nw; i++) { w = worder[i]; sub(/^workload:/, "", w); out("- " w ": " context[worder[i]]) }
    }
    if (nnotes) {
        out("")
        out("## Notes")
        out("")
        for (i = 1; i <= nnotes; i++) out("- " notes[i])
    }
}' "$dir/context.tsv" "$dir/notes.txt" "$dir/raw.tsv"

# ---- the plots ---------------------------------------------------------------------

gnuplot=${GNUPLOT:-gnuplot}
if ! command -v "$gnuplot" > /dev/null 2>&1; then
    echo "report.sh: no gnuplot, so no plots (sh tools/deps.sh bench installs it)" >&2
    exit 0
fi
rm -f "$dir/time_ratio.svg" "$dir/memory_ratio.svg" "$dir/throughput_ratio.svg" \
      "$dir/utilization.svg"

# ratio_plot NAME TITLE [TARGET WORDS]: bars of NAME.dat, a line at 1.0
ratio_plot() {
    [ -s "$dir/$1.dat" ] || return 0
    target=
    [ $# -lt 3 ] || target=", $3 with lines dt 2 lw 2 lc rgb '#e15759' title '$4'"
    "$gnuplot" <<EOF
set terminal svg size 900,480 dynamic font 'sans,12' background '#ffffff'
set output '$dir/$1.svg'
set datafile separator '\t'
set title '$2'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set yrange [0:*]
set grid ytics
set key outside top center horizontal
set xtics rotate by 30 right nomirror
set offsets 0, 0, graph 0.1, 0
set ylabel 'libheap / glibc'
plot '$dir/$1.dat' using 2:xtic(1) title 'libheap / glibc' lc rgb '#4e79a7', \
     '' using 0:2:(sprintf('%.2f', \$2)) with labels offset 0,0.8 notitle, \
     1.0 with lines lw 2 lc rgb '#222222' title 'glibc (1.0)'$target
EOF
}
ratio_plot time_ratio "Wall time, libheap / glibc (median; lower is better)" 1.10 "target <= 1.10"
ratio_plot memory_ratio "Peak memory, libheap / glibc (median peak RSS; traces: peak footprint)" 1.10 "target <= 1.10"
ratio_plot throughput_ratio "Throughput, libheap / glibc (higher is better; the target is 1.0 or more)"
if [ -s "$dir/utilization.dat" ]; then
    "$gnuplot" <<EOF
set terminal svg size 900,480 dynamic font 'sans,12' background '#ffffff'
set output '$dir/utilization.svg'
set datafile separator '\t'
set title 'Utilization per trace, as heaptrace reports it (higher is better)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set yrange [0:1.05]
set ytics ('0%%' 0, '20%%' 0.2, '40%%' 0.4, '60%%' 0.6, '80%%' 0.8, '100%%' 1.0)
set grid ytics
set key outside top center horizontal
set xtics rotate by 30 right nomirror
plot '$dir/utilization.dat' using 2:xtic(1) title 'glibc' lc rgb '#9c9c9c', \
     '' using 3 title 'libheap' lc rgb '#4e79a7', \
     0.85 with lines dt 2 lw 2 lc rgb '#e15759' title 'target: mean >= 85%'
EOF
fi
plots=
for svg in "$dir"/*.svg; do
    [ ! -f "$svg" ] || plots="$plots ${svg##*/}"
done
echo "plots in $dir:${plots:- none}" >&2
