#!/bin/sh
# report.sh - turns the numbers run.sh wrote (raw.tsv, context.tsv,
# notes.txt in DIR) into the Markdown tables, printed and written to
# DIR/results.md, and into SVG plots drawn by gnuplot: every allocator's
# figures, their ratios to glibc's from the same run, the geometric means
# over traces and over programs, and the targets.  It only reads the
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
function median(values,   n, a, i, j, t) {
    n = split(values, a, " ")
    for (i = 2; i <= n; i++)            # insertion sort: a handful of runs
        for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
            t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
        }
    return n % 2 ? a[(n + 1) / 2] + 0 : (a[n / 2] + a[n / 2 + 1]) / 2
}
# Runs that spread by more than a quarter of their median: a busy machine.
function spread(label, values,   n, v, i, lo, hi) {
    n = split(values, v, " "); lo = hi = v[1] + 0
    for (i = 2; i <= n; i++) { if (v[i] + 0 < lo) lo = v[i] + 0; if (v[i] + 0 > hi) hi = v[i] + 0 }
    if (n > 1 && (hi - lo) > 0.25 * median(values))
        wide_runs = wide_runs (wide_runs == "" ? "" : "; ") label " " secs(lo) " to " secs(hi)
}
function secs(x) { return x < 10 ? sprintf("%.3f s", x) : sprintf("%.1f s", x) }
function mib(kib) { return sprintf("%.1f MiB", kib / 1024) }
function kib(k) { return k < 10240 ? sprintf("%.0f KiB", k) : mib(k) }
function pct(f) { return sprintf("%.1f%%", 100 * f) }
function rate(x) { return x >= 1e6 ? sprintf("%.2f M", x / 1e6) : sprintf("%.0f k", x / 1e3) }
function ratio(x) { return sprintf("%.2f", x) }
function show(x, unit) {
    return unit == "secs" ? secs(x) : unit == "mib" ? mib(x) : unit == "kib" ? kib(x) : rate(x)
}
function verdict(ok) { return ok ? "met" : "**not met**" }
function out(line) { print line > (dir "/results.md"); print line }
# A section of the table: its title between blank lines.
function heading(title) { out(""); out("## " title); out("") }
function dat(file, line) { print line > (dir "/" file ".dat") }
# A row of a plot: LABEL, then the ratio to glibc of each allocator ("?" when
# there is none; the first line of a file names the columns).
function dat_row(file, label, ratios,   i, line) {
    if (!(file in dat_started)) {
        dat_started[file] = 1; line = "case"
        for (i = 2; i <= nalloc; i++) line = line "\t" alloc[i]
        dat(file, line)
    }
    line = label
    for (i = 2; i <= nalloc; i++)
        line = line "\t" (((alloc[i]) in ratios) ? ratios[alloc[i]] : "?")
    dat(file, line)
}
function dat_clear(ratios,   i) { for (i = 1; i <= nalloc; i++) delete ratios[alloc[i]] }

# Geometric means of ratios, by set (a table and a thread count) and allocator.
function gm_add(set, a, r) { if (r > 0) { gsum[set, a] += log(r); gn[set, a]++ } }
function gm(set, a) { return gn[set, a] ? exp(gsum[set, a] / gn[set, a]) : 0 }
function gm_cell(set, a, rows) {
    if (!gn[set, a]) return "-"
    return ratio(gm(set, a)) (gn[set, a] < rows ? " (" gn[set, a] " of " rows ")" : "")
}

# A target: its words, and met / not met / not measured with where.
function target(words, state, detail) {
    ntargets++
    if (state == "met") met++
    targets[ntargets] = "- " words ": " (state == "met" ? "met" : "**" state "**") \
                        (detail != "" ? " (" detail ")" : "")
}
function overall(bad, nm) { return bad != "" ? "not met" : nm != "" ? "not measured" : "met" }
function detail(bad, nm, all) {
    if (bad == "" && nm == "") return all
    return (bad != "" ? "not on:" bad : "") (bad != "" && nm != "" ? "; " : "") \
           (nm != "" ? "not measured on:" nm : "")
}

FILENAME ~ /context.tsv$/ {
    if ($1 ~ /^workload:/ && !($1 in context)) worder[++nw] = $1
    if ($1 ~ /^allocator:/ && !($1 in context)) aorder[++na] = $1
    context[$1] = $2; next
}
FILENAME ~ /notes.txt$/ { if ($0 != "") notes[++nnotes] = $0; next }
FNR == 1 { next }                       # raw.tsv header
{ a = $3; if (!(a in known)) { known[a] = 1; seen_alloc[++nseen] = a } }
$1 == "program" {
    k = $2 SUBSEP $4
    if (!(k in pseen)) {
        pseen[k] = 1
        if ($4 == "-") programs[++np] = k; else threaded[++nth] = k
    }
    if ($12 != "0") { failed[k, a] = 1; why[k, a] = $12; next }
    if ($5 == 0) next                   # the warm-up
    add(ptime, k SUBSEP a, $7); add(ppeak, k SUBSEP a, $8)
    if ($10 != "-") add(pthru, k SUBSEP a, $10)
    next
}
$1 == "trace" {
    k = $2 SUBSEP $4
    if (!(k in tseen)) { tseen[k] = 1; trows[++nt] = k }
    tops[k] = $6; tthru[k, a] = $10; tpeak[k, a] = $8; tfoot[k, a] = $9
    tutil[k, a] = $11; tstatus[k, a] = $12
}

function label_of(k,   kk) { split(k, kk, SUBSEP); return kk[1] (kk[2] != "-" && kk[2] != 1 ? " -t" kk[2] : "") }
function threads_of(k,   kk) { split(k, kk, SUBSEP); return kk[2] }
function name_of(k,   kk) { split(k, kk, SUBSEP); return kk[1] }

# A program (or threaded workload) on one allocator: "ok" when every run
# succeeded.
function pstate(k, a) {
    if ((k SUBSEP a) in failed) return "failed (status " why[k, a] ")"
    if (!((k SUBSEP a) in ptime)) return "not run"
    return "ok"
}

# The cells of one row of a program table: the median of each allocator in
# runs[k, a] (time, peak or ops/s), and its ratio to that of glibc; the ratio
# goes into r[a] and into the geometric mean of set.
function program_cells(k, runs, unit, set,   i, a, v, g, line) {
    dat_clear(r); line = ""
    g = pstate(k, "glibc") == "ok" && ((k SUBSEP "glibc") in runs) ? median(runs[k, "glibc"]) : 0
    for (i = 1; i <= nalloc; i++) {
        a = alloc[i]
        if (pstate(k, a) != "ok") { line = line " | " pstate(k, a); continue }
        if (!((k SUBSEP a) in runs)) { line = line " | -"; continue }
        v = median(runs[k, a])
        if (a == "glibc" || g <= 0) { line = line " | " show(v, unit); continue }
        r[a] = v / g; gm_add(set, a, r[a])
        line = line " | " show(v, unit) " (" ratio(r[a]) ")"
    }
    return line
}

# The geometric-mean row of a table whose sets are named set.
function gm_row(first, set, rows,   i, line) {
    line = first
    for (i = 1; i <= nalloc; i++) line = line " | " (i == 1 ? "1.00" : gm_cell(set, alloc[i], rows))
    return line
}

function allocator_header(   i, line) {
    for (i = 1; i <= nalloc; i++) line = line " | " alloc[i]
    return line
}
function allocator_rule(   i, line) {
    for (i = 1; i <= nalloc; i++) line = line "|--:"
    return line
}

END {
    # The allocators, glibc first: as run.sh listed them, else as seen.
    nalloc = split(context["allocators"], alloc, " ")
    if (!nalloc) {
        alloc[++nalloc] = "glibc"
        for (i = 1; i <= nseen; i++) if (seen_alloc[i] != "glibc") alloc[++nalloc] = seen_alloc[i]
    }
    has_mi = 0
    for (i = 1; i <= nalloc; i++) if (alloc[i] == "mimalloc") has_mi = 1

    out("# libheap against glibc, jemalloc and mimalloc")
    out("")
    out("- " context["date"] "; " context["machine"] "; " context["glibc"])
    out("- commit " context["commit"])
    for (i = 1; i <= na; i++) { a = aorder[i]; sub(/^allocator:/, "", a); out("- " a ": " context[aorder[i]]) }
    out("- load average before and after: " context["load before"] " and " context["load after"])
    out("- timed runs per allocator: " context["runs"] " (after a warm-up), the order of the allocators turning each round; sizes: " context["sizes"])
    out("- every figure in brackets is that allocator'"'"'s over glibc'"'"'s, measured in the same run")

    # ---- traces: throughput
    x_bad = x_nm = ""
    if (nt) {
        heading("Traces: throughput (ops/s, median pass of heaptrace -r " context["runs"] ")")
        out("| trace | threads | ops" allocator_header() " | libheap >= glibc | checks |")
        out("|---|--:|--:" allocator_rule() "|---|---|")
    }
    for (i = 1; i <= nt; i++) {
        k = trows[i]; th = threads_of(k); label = label_of(k); set = "trace-t" th
        if (!(th in tcount)) tth[++ntth] = th   # the thread counts, in order
        tcount[th]++
        line = "| " name_of(k) " | " th " | " tops[k]; checks = ""; dat_clear(r)
        g = ((k SUBSEP "glibc") in tthru) && tstatus[k, "glibc"] == "0" ? tthru[k, "glibc"] + 0 : 0
        for (j = 1; j <= nalloc; j++) {
            a = alloc[j]
            if (!((k SUBSEP a) in tthru)) { line = line " | no line"; continue }
            if (tstatus[k, a] != "0") checks = checks " " a ": " tstatus[k, a]
            v = tthru[k, a] + 0
            if (a == "glibc" || g <= 0 || tstatus[k, a] != "0") { line = line " | " rate(v); continue }
            r[a] = v / g; gm_add(set, a, r[a])
            if (has_mi && a == "mimalloc") mi_thru[k] = v
            line = line " | " rate(v) " (" ratio(r[a]) ")"
        }
        if ("libheap" in r) { xok = r["libheap"] >= 1.0; if (!xok) x_bad = x_bad " " label " " ratio(r["libheap"]); xv = verdict(xok) }
        else { x_nm = x_nm " " label; xv = "**not measured**" }
        out(line " | " xv " | " (checks == "" ? "ok" : substr(checks, 2)) " |")
        dat_row("throughput_ratio", label, r)
    }
    for (ti = 1; ti <= ntth; ti++) {
        th = tth[ti]
        out(gm_row("| **geometric mean** | " th " | ", "trace-t" th, tcount[th]) " | | |")
        for (j = 2; j <= nalloc; j++) if (gn["trace-t" th, alloc[j]]) r[alloc[j]] = gm("trace-t" th, alloc[j])
        dat_row("throughput_ratio", "traces -t" th " (geomean)", r); dat_clear(r)
    }

    # ---- traces: memory (the checked pass, which measures the footprint,
    # always runs one thread)
    u_bad = u_nm = ""
    if (nt) {
        heading("Traces: memory (one thread)")
        line = "| trace | utilization glibc | utilization libheap | libheap >= glibc | footprint glibc | footprint libheap"
        for (j = 1; j <= nalloc; j++) line = line " | peak RSS " alloc[j]
        out(line " |")
        out("|---|--:|--:|---|--:|--:" allocator_rule() "|")
    }
    for (i = 1; i <= nt; i++) {
        k = trows[i]; if (threads_of(k) != 1) continue
        label = label_of(k); dat_clear(r)
        fg = (k SUBSEP "glibc") in tfoot && tfoot[k, "glibc"] != "-" && tstatus[k, "glibc"] == "0"
        fh = (k SUBSEP "libheap") in tfoot && tfoot[k, "libheap"] != "-" && tstatus[k, "libheap"] == "0"
        if (fg && fh) {
            uok = tutil[k, "libheap"] + 0 >= tutil[k, "glibc"] + 0; uv = verdict(uok)
            if (!uok) u_bad = u_bad " " label
            dat("utilization", label "\t" tutil[k, "glibc"] "\t" tutil[k, "libheap"])
        } else { uv = "**not measured**"; u_nm = u_nm " " label }
        line = "| " name_of(k) " | " (fg ? pct(tutil[k, "glibc"]) : "-") " | " (fh ? pct(tutil[k, "libheap"]) : "-") \
               " | " uv " | " (fg ? kib(tfoot[k, "glibc"]) : "-") " | " (fh ? kib(tfoot[k, "libheap"]) : "-") " |"
        g = (k SUBSEP "glibc") in tpeak ? tpeak[k, "glibc"] + 0 : 0
        for (j = 1; j <= nalloc; j++) {
            a = alloc[j]
            if (!((k SUBSEP a) in tpeak) || tpeak[k, a] == "-") { line = line " - |"; continue }
            v = tpeak[k, a] + 0
            if (a == "glibc" || g <= 0) { line = line " " kib(v) " |"; continue }
            r[a] = v / g; gm_add("trace-rss", a, r[a])
            line = line " " kib(v) " (" ratio(r[a]) ") |"
        }
        out(line)
        dat_row("memory_ratio", "trace " label, r)
    }
    if (nt) out(gm_row("| **geometric mean** | | | | | ", "trace-rss", tcount[1]) " |")

    # ---- real programs
    t_bad = m_bad = p_nm = ""
    if (np) {
        heading("Real programs: wall time (median of the timed runs)")
        out("| program" allocator_header() " |")
        out("|---" allocator_rule() "|")
    }
    for (i = 1; i <= np; i++) {
        k = programs[i]; w = name_of(k)
        for (j = 1; j <= nalloc; j++) if (pstate(k, alloc[j]) == "ok") spread(w " (" alloc[j] ")", ptime[k, alloc[j]])
        out("| " w program_cells(k, ptime, "secs", "time") " |")
        dat_row("time_ratio", w, r)
        if (pstate(k, "glibc") != "ok") p_nm = p_nm " " w
        else if (!("libheap" in r)) { t_bad = t_bad " " w " (libheap " pstate(k, "libheap") ")" }
        else if (r["libheap"] > 0.95) t_bad = t_bad " " w " " ratio(r["libheap"])
    }
    if (np) {
        out(gm_row("| **geometric mean**", "time", np) " |")
        for (j = 2; j <= nalloc; j++) if (gn["time", alloc[j]]) r[alloc[j]] = gm("time", alloc[j])
        dat_row("time_ratio", "geomean", r)
        heading("Real programs: peak memory (median peak RSS of the largest process)")
        out("| program" allocator_header() " |")
        out("|---" allocator_rule() "|")
    }
    for (i = 1; i <= np; i++) {
        k = programs[i]; w = name_of(k)
        out("| " w program_cells(k, ppeak, "mib", "peak") " |")
        dat_row("memory_ratio", w, r)
        if (pstate(k, "glibc") == "ok" && ("libheap" in r) && r["libheap"] > 1.05)
            m_bad = m_bad " " w " " ratio(r["libheap"])
    }
    if (np) {
        out(gm_row("| **geometric mean**", "peak", np) " |")
        for (j = 2; j <= nalloc; j++) if (gn["peak", alloc[j]]) r[alloc[j]] = gm("peak", alloc[j])
        dat_row("memory_ratio", "programs (geomean)", r)
    }

    # ---- mtstress, mixed and prodcons
    mt_bad = mt_nm = mi_bad = mi_nm = ""
    if (nth) {
        heading("Multi-threaded: mtstress (ops/s, median of the timed runs)")
        out("mixed: every thread mallocs, reallocs and frees, and frees blocks other threads allocated. prodcons: threads in pairs, the producer mallocs messages, the consumer frees them.")
        out("")
        out("| mode | threads" allocator_header() " | libheap >= glibc | libheap >= mimalloc / 2 |")
        out("|---|--:" allocator_rule() "|---|---|")
    }
    for (i = 1; i <= nth; i++) {
        k = threaded[i]; w = name_of(k); th = threads_of(k)
        mode = w == "mtstress" ? "mixed" : w; label = "mtstress " mode " -t" th
        if (w == "prodcons" && !pc_said && th + 0 > 1) {
            pc_said = 1
            out("| prodcons | 1" allocator_blank() " | pairs need 2 threads: not run | |")
        }
        for (j = 1; j <= nalloc; j++) if (pstate(k, alloc[j]) == "ok") spread(label " (" alloc[j] ")", ptime[k, alloc[j]])
        line = "| " mode " | " th program_cells(k, pthru, "rate", "")
        if ("libheap" in r) { ok = r["libheap"] >= 1.0; xv = verdict(ok); if (!ok) mt_bad = mt_bad " " label " " ratio(r["libheap"]) }
        else if (pstate(k, "glibc") != "ok") { xv = "**not measured**"; mt_nm = mt_nm " " label }
        else { xv = "**not met**"; mt_bad = mt_bad " " label " (libheap " pstate(k, "libheap") ")" }
        if (("libheap" in r) && ("mimalloc" in r)) {
            ok = r["libheap"] >= 0.5 * r["mimalloc"]; mv = verdict(ok) " (" ratio(r["libheap"] / r["mimalloc"]) ")"
            if (!ok) mi_bad = mi_bad " " label " " ratio(r["libheap"] / r["mimalloc"])
        } else { mv = "**not measured**"; mi_nm = mi_nm " " label }
        out(line " | " xv " | " mv " |")
        dat_row("mtstress_ratio", label, r)
    }
    if (nth) {
        heading("Multi-threaded: peak memory (median peak RSS)")
        out("| mode | threads" allocator_header() " |")
        out("|---|--:" allocator_rule() "|")
    }
    for (i = 1; i <= nth; i++) {
        k = threaded[i]; w = name_of(k); mode = w == "mtstress" ? "mixed" : w
        out("| " mode " | " threads_of(k) program_cells(k, ppeak, "mib", "") " |")
        dat_row("memory_ratio", "mtstress " mode " -t" threads_of(k), r)
    }

    # ---- the targets
    # (a) throughput on every trace and every thread count
    a_bad = x_bad mt_bad; a_nm = x_nm mt_nm
    if (!nt) a_nm = a_nm " traces (not run)"
    if (!nth) a_nm = a_nm " mtstress (not run)"
    target("(a) libheap'"'"'s throughput >= glibc'"'"'s on every trace and every thread count", overall(a_bad, a_nm),
           detail(a_bad, a_nm, nt " trace rows, " nth " mtstress rows"))
    # (b) utilization
    if (!nt) target("(b) libheap'"'"'s utilization >= glibc'"'"'s on every trace", "not measured", "no traces")
    else target("(b) libheap'"'"'s utilization >= glibc'"'"'s on every trace", overall(u_bad, u_nm), detail(u_bad, u_nm, tcount[1] " traces"))
    # (c) programs
    words = "(c) real programs: geometric mean of libheap'"'"'s time <= 0.95 x glibc'"'"'s, and of its peak memory <= 1.05 x"
    if (!np) target(words, "not measured", "none run")
    else if (p_nm != "") target(words, "not measured", "glibc failed on:" p_nm)
    else {
        tg = gm("time", "libheap"); mg = gm("peak", "libheap")
        complete = gn["time", "libheap"] == np
        ok = complete && tg <= 0.95 && mg <= 1.05
        target(words, ok ? "met" : "not met",
               "time " (gn["time", "libheap"] ? ratio(tg) : "-") ", memory " (gn["peak", "libheap"] ? ratio(mg) : "-") \
               (complete ? "" : "; libheap did not finish every program") \
               (t_bad != "" ? "; time above 0.95 on:" t_bad : "") (m_bad != "" ? "; memory above 1.05 on:" m_bad : ""))
    }
    # (d) the stretch: half of mimalloc, with (b)
    words = "(d) stretch: libheap'"'"'s throughput >= half of mimalloc'"'"'s (traces'"'"' geometric mean, every mtstress thread count), with (b)"
    if (!has_mi) target(words, "not measured", "no mimalloc")
    else {
        d_bad = d_nm = ""; d_said = ""
        for (ti = 1; ti <= ntth; ti++) {
            th = tth[ti]
            if (gn["trace-t" th, "libheap"] && gn["trace-t" th, "mimalloc"]) {
                # the same traces on both sides: libheap over mimalloc, trace by trace
                s = n = 0
                for (i = 1; i <= nt; i++) {
                    k = trows[i]
                    if (threads_of(k) != th || !((k SUBSEP "libheap") in tthru) || !(k in mi_thru)) continue
                    if (tstatus[k, "libheap"] != "0" || tthru[k, "libheap"] + 0 <= 0) continue
                    s += log(tthru[k, "libheap"] / mi_thru[k]); n++
                }
                q = n ? exp(s / n) : 0
                d_said = d_said "; traces -t" th " " ratio(q)
                if (q < 0.5) d_bad = d_bad " traces -t" th " " ratio(q)
            } else d_nm = d_nm " traces -t" th
        }
        d_bad = d_bad mi_bad; d_nm = d_nm mi_nm
        if (u_bad != "" ) d_bad = d_bad " utilization (b)"
        else if (u_nm != "") d_nm = d_nm " utilization (b)"
        if (!nth) d_nm = d_nm " mtstress (not run)"
        if (!nt) d_nm = d_nm " traces (not run)"
        target(words, overall(d_bad, d_nm),
               (d_said != "" ? "libheap / mimalloc:" substr(d_said, 2) : "") \
               (d_said != "" && (d_bad != "" || d_nm != "") ? "; " : "") detail(d_bad, d_nm, ""))
    }

    heading("Targets: " met + 0 " of " ntargets " met")
    for (i = 1; i <= ntargets; i++) out(targets[i])
    if (nw) {
        heading("Workloads")
        for (i = 1; i <= nw; i++) { w = worder[i]; sub(/^workload:/, "", w); out("- " w ": " context[worder[i]]) }
    }
    if (wide_runs != "") notes[++nnotes] = "runs spread by more than a quarter of their median (the machine was busy; those ratios are uncertain): " wide_runs
    if (nnotes) {
        heading("Notes")
        for (i = 1; i <= nnotes; i++) out("- " notes[i])
    }
}
function allocator_blank(   i, line) {
    for (i = 1; i <= nalloc; i++) line = line " | -"
    return line
}
' "$dir/context.tsv" "$dir/notes.txt" "$dir/raw.tsv"

# ---- the plots ---------------------------------------------------------------------

gnuplot=${GNUPLOT:-gnuplot}
if ! command -v "$gnuplot" > /dev/null 2>&1; then
    echo "report.sh: no gnuplot, so no plots (sh tools/deps.sh bench installs it)" >&2
    exit 0
fi
rm -f "$dir/time_ratio.svg" "$dir/memory_ratio.svg" "$dir/throughput_ratio.svg" \
      "$dir/mtstress_ratio.svg" "$dir/utilization.svg"

# ratio_plot NAME TITLE [TARGET WORDS]: NAME.dat as clustered bars, one
# per allocator other than glibc (the columns after the first), a line at
# 1.0 (glibc) and a dashed one at TARGET.
ratio_plot() {
    [ -s "$dir/$1.dat" ] || return 0
    columns=$(head -1 "$dir/$1.dat" | awk -F '\t' '{ print NF }')
    # wide enough for every bar: about 14 pixels each
    width=$(awk -v bars="$((columns - 1))" 'END { w = 200 + (NR - 1) * (bars + 1) * 14; print w < 800 ? 800 : w }' "$dir/$1.dat")
    target=
    [ $# -lt 3 ] || target=", $3 with lines dt 2 lw 2 lc rgb '#e15759' title '$4'"
    "$gnuplot" <<EOF
set terminal svg size $width,500 dynamic font 'sans,12' background '#ffffff'
set output '$dir/$1.svg'
set datafile separator '\t'
set datafile missing '?'
set title '$2'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set yrange [0:*]
set grid ytics
set key outside top center horizontal
set xtics rotate by 30 right nomirror
set ylabel 'allocator / glibc'
set linetype 1 lc rgb '#4e79a7'
set linetype 2 lc rgb '#f28e2b'
set linetype 3 lc rgb '#59a14f'
plot for [i=2:$columns] '$dir/$1.dat' using i:xtic(1) title columnheader(i), \
     1.0 with lines lw 2 lc rgb '#222222' title 'glibc (1.0)'$target
EOF
}
ratio_plot time_ratio "Wall time of the real programs over that of glibc (median; lower is better)" 0.95 "target: geomean <= 0.95"
ratio_plot memory_ratio "Peak RSS over that of glibc (median; traces: the replay process, one thread)" 1.05 "target (programs): geomean <= 1.05"
ratio_plot throughput_ratio "Throughput over that of glibc on the traces (higher is better)" 1.0 "target for libheap: >= 1.0"
ratio_plot mtstress_ratio "Throughput over that of glibc in mtstress, by mode and threads (higher is better)" 1.0 "target for libheap: >= 1.0"
if [ -s "$dir/utilization.dat" ]; then
    "$gnuplot" <<EOF
set terminal svg size 900,480 dynamic font 'sans,12' background '#ffffff'
set output '$dir/utilization.svg'
set datafile separator '\t'
set title 'Utilization per trace, as heaptrace reports it (higher is better; the target: libheap >= glibc)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set yrange [0:1.05]
set ytics ('0%%' 0, '20%%' 0.2, '40%%' 0.4, '60%%' 0.6, '80%%' 0.8, '100%%' 1.0)
set grid ytics
set key outside top center horizontal
set xtics rotate by 30 right nomirror
plot '$dir/utilization.dat' using 2:xtic(1) title 'glibc' lc rgb '#9c9c9c', \
     '' using 3 title 'libheap' lc rgb '#4e79a7'
EOF
fi
plots=
for svg in "$dir"/*.svg; do
    [ ! -f "$svg" ] || plots="$plots ${svg##*/}"
done
echo "plots in $dir:${plots:- none}" >&2
