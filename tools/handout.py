#!/usr/bin/env python3
"""handout.py - student trees from the course's own sources (README.md,
"Handouts"); the rules are `make handout` (tools/handout.mk).

A solution region is a block of whole lines in a phase's sources:

        /* BEGIN SOLUTION */
        /* STUDENT: return NULL; */        optional; may span lines:
        ...the course's code...            /* STUDENT:
        /* END SOLUTION */                 (void)p;
                                           return NULL;
                                           */

The handout of phase N holds the files of phases 1..N-1 as they are, the
files of phase N with each region's code replaced by its STUDENT body (or
by nothing), no later phase, and the tests, goldens and fragments those
phases need (selected() says which).  The BEGIN and END lines stay, so
`restore` can put the course's code back and `compare` can prove the
result is the course's tree byte for byte.

    handout.py make N OUT [--solution]   write phase N's tree (--solution:
                                         the same files, regions intact)
    handout.py restore N DIR             put the course's regions back
    handout.py compare N DIR             DIR is phase N's tree exactly
    handout.py regions [N]               list the regions, per file
"""
import os
import re
import shutil
import subprocess
import sys

COURSE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PHASES = range(1, 6)
BEGIN = "/* BEGIN SOLUTION */"
END = "/* END SOLUTION */"
STUDENT = "/* STUDENT:"

# Instructor tooling no student tree carries.
INSTRUCTOR_ONLY = ("tools/handout.py", "tools/handout.mk",
                   "tests/handout.bats", "tests/grade.bats", "tests/grading/", "tests/hidden/",
                   "tools/grade")
# Not part of any student tree: CI, and the gallery page of every phase
# (the phase READMEs' pictures, diagrams/phaseK/, come with their phase).
NEVER = (".ci/", "diagrams/index.html")


class HandoutError(Exception):
    pass


def course_files():
    """Every file of the course: git's tracked and untracked-not-ignored
    files (so the build outputs never come along)."""
    try:
        out = subprocess.run(
            ["git", "-C", COURSE, "ls-files", "-z", "--cached", "--others",
             "--exclude-standard"], check=True, capture_output=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        raise HandoutError(f"cannot list the course's files with git ({e}); "
                           "handouts are made from a git checkout")
    names = {n for n in out.decode().split("\0") if n}
    return sorted(n for n in names if os.path.isfile(os.path.join(COURSE, n)))


def later(name, n):
    """True when name belongs to a phase after n (phaseK/, its tests,
    goldens, seeds and pictures)."""
    m = re.match(r"(?:phase|tests/phase|tests/golden/phase|"
                 r"tests/fuzz/corpus/phase|diagrams/phase)([1-5])[/.-]", name)
    return m is not None and int(m.group(1)) > n


def needs(name, n):
    """The phase a hardening file needs (tests/MISUSE.md), or 0."""
    if name.startswith(("tests/misuse/", "tests/MISUSE.md", "tools/trace/",
                        "tools/bench/", "tests/trace.bats",
                        "tests/fuzz/corpus/os/", "tests/fuzz/crashes/os-",
                        "tests/fuzz/fuzz_os.c")):
        return 4
    # The stress driver has an adapter per allocator, MeMS's among them.
    if name.startswith(("tests/stress/", "tests/phase4-stress.bats",
                        "tests/fuzz/corpus/mems/", "tests/fuzz/crashes/mems-",
                        "tests/fuzz/fuzz_mems.c")):
        return 5
    return 0


def selected(n):
    """The files of phase n's tree (handout and solution alike)."""
    files = [f for f in course_files()
             if not f.startswith(INSTRUCTOR_ONLY + NEVER)
             and not later(f, n) and needs(f, n) <= n]
    # A C test program comes along when a kept fragment or test names it.
    text = "".join(read(f) for f in files
                   if f.endswith((".mk", ".bats")) or f == "Makefile")
    return [f for f in files
            if not re.fullmatch(r"tests/c/\w+\.c", f)
            or re.search(r"\b%s\b" % f[len("tests/c/"):-2], text)]


def read(name, root=COURSE):
    with open(os.path.join(root, name), encoding="utf-8") as f:
        return f.read()


def regions(text, name):
    """[(begin, student_end, end, student_lines)] of text's lines: the
    BEGIN line's index, the first line after the STUDENT comment, the END
    line's index, and the STUDENT body."""
    lines = text.splitlines(keepends=True)
    found, i = [], 0
    while i < len(lines):
        s = lines[i].strip()
        if s == END:
            raise HandoutError(f"{name}:{i + 1}: END SOLUTION without BEGIN")
        if s != BEGIN:
            i += 1
            continue
        begin, indent = i, lines[i][:len(lines[i]) - len(lines[i].lstrip())]
        body, j = [], i + 1
        if j < len(lines) and lines[j].strip().startswith(STUDENT):
            first = lines[j].strip()[len(STUDENT):]
            if first.endswith("*/"):            # one line
                body = [indent + first[:-2].strip() + "\n"]
                j += 1
            else:                               # to a line that is "*/"
                if first.strip():
                    raise HandoutError(f"{name}:{j + 1}: a STUDENT body of "
                                       "several lines starts on the next line")
                k = j + 1
                while k < len(lines) and lines[k].strip() != "*/":
                    k += 1
                if k == len(lines):
                    raise HandoutError(f"{name}:{j + 1}: STUDENT comment "
                                       "without a closing */ line")
                body, j = lines[j + 1:k], k + 1
        end = j
        while end < len(lines) and lines[end].strip() not in (BEGIN, END):
            end += 1
        if end == len(lines) or lines[end].strip() != END:
            raise HandoutError(f"{name}:{begin + 1}: BEGIN SOLUTION without "
                               "its END SOLUTION")
        found.append((begin, j, end, body))
        i = end + 1
    return lines, found


def student_text(text, name):
    """text with every region's code replaced by its STUDENT body."""
    lines, found = regions(text, name)
    out, at = [], 0
    for begin, _, end, body in found:
        out += lines[at:begin + 1] + body
        at = end
    return "".join(out + lines[at:])


def restored_text(handout, course, name):
    """The handout file with each region (BEGIN..END) replaced by the
    course's region of the same rank."""
    h_lines, h_found = regions(handout, name)
    c_lines, c_found = regions(course, name)
    if len(h_found) != len(c_found):
        raise HandoutError(f"{name}: {len(h_found)} regions in the handout, "
                           f"{len(c_found)} in the course")
    out, at = [], 0
    for (hb, _, he, _), (cb, _, ce, _) in zip(h_found, c_found):
        out += h_lines[at:hb] + c_lines[cb:ce + 1]
        at = he + 1
    return "".join(out + h_lines[at:])


def is_phase(name, n):
    return name.startswith(f"phase{n}/")


def write_tree(n, out, solution=False):
    if os.path.exists(out) and os.listdir(out):
        raise HandoutError(f"{out} exists and is not empty")
    count = 0
    for name in selected(n):
        dest = os.path.join(out, name)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        src = os.path.join(COURSE, name)
        if not solution and is_phase(name, n) and name.endswith((".c", ".h")):
            text = read(name)
            student = student_text(text, name)
            count += text != student
            with open(dest, "w", encoding="utf-8") as f:
                f.write(student)
            shutil.copymode(src, dest)
        else:
            shutil.copy2(src, dest)
    if not solution and count == 0:
        raise HandoutError(f"phase {n} has no solution regions")
    what = "solution tree" if solution else f"handout ({count} files with regions)"
    print(f"phase {n}: {what} in {out}")


def restore(n, tree):
    for name in selected(n):
        if is_phase(name, n) and name.endswith((".c", ".h")):
            path = os.path.join(tree, name)
            text = restored_text(read(name, tree), read(name), name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    print(f"phase {n}: solution regions restored in {tree}")


def compare(n, tree):
    """tree holds exactly phase n's files, each equal to the course's."""
    want = set(selected(n))
    have = set()
    for root, dirs, files in os.walk(tree):
        dirs[:] = [d for d in dirs if not (root == tree and d == "build")]
        for f in files:
            have.add(os.path.relpath(os.path.join(root, f), tree))
    problems = [f"missing: {f}" for f in sorted(want - have)]
    problems += [f"extra: {f}" for f in sorted(have - want)]
    for name in sorted(want & have):
        with open(os.path.join(tree, name), "rb") as a, \
                open(os.path.join(COURSE, name), "rb") as b:
            if a.read() != b.read():
                problems.append(f"differs: {name}")
    for p in problems:
        print(p)
    if problems:
        raise HandoutError(f"{tree} is not phase {n}'s tree")
    print(f"phase {n}: {tree} equals the course's tree ({len(want)} files)")


def function_of(lines, begin):
    """The function a region is in (or, at file scope, the first one it
    holds): the name before the "(" of a definition's first line."""
    step = 1 if not lines[begin][0].isspace() else -1
    i = begin
    while 0 <= i < len(lines):
        m = re.match(r"[A-Za-z_][\w\s\*]*?(\w+)\(", lines[i])
        if m:
            return m.group(1)
        i += step
    return "?"


def list_regions(phases):
    for n in phases:
        for name in selected(n):
            if is_phase(name, n) and name.endswith((".c", ".h")):
                lines, found = regions(read(name), name)
                for begin, code, end, body in found:
                    print(f"phase {n}: {name}:{begin + 1}-{end + 1} "
                          f"{function_of(lines, begin)}: {end - code} lines "
                          f"of code, student body {len(body)}")


def phase_arg(arg):
    if arg not in [str(p) for p in PHASES]:
        raise HandoutError(f"no phase '{arg}' (phases: 1 to 5)")
    return int(arg)


def main(argv):
    try:
        if len(argv) >= 3 and argv[0] == "make" and argv[3:] in ([], ["--solution"]):
            write_tree(phase_arg(argv[1]), argv[2], argv[3:] == ["--solution"])
        elif len(argv) == 3 and argv[0] in ("restore", "compare"):
            (restore if argv[0] == "restore" else compare)(phase_arg(argv[1]),
                                                            argv[2])
        elif len(argv) in (1, 2) and argv[0] == "regions":
            list_regions([phase_arg(argv[1])] if len(argv) == 2 else PHASES)
        else:
            print(__doc__.split("\n\n")[-1].rstrip(), file=sys.stderr)
            return 2
    except (HandoutError, OSError) as e:
        print(f"handout: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
