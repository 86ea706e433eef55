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
phases need (selected() says which).  Two files are its own (generated()):
README.md, the student's (tools/handout/README.md.in filled in: the phase,
each region's file, function, line and stub, how to build, test and draw,
what is graded), in place of the course's; and .handout, "phase=N", which
tells the Makefile (`make demo`) and the grader which phase the tree is.  The BEGIN and END lines stay, so
`restore` can put the course's code back and `compare` can prove the
result is the course's tree byte for byte.

    handout.py make N OUT [--solution]   write phase N's tree (--solution:
                                         the same files, regions intact)
    handout.py restore N DIR             put the course's regions back
    handout.py compare N DIR             DIR is phase N's tree exactly (build
                                         products, .gitignore's, aside)
    handout.py regions [N]               list the regions, per file
"""
import os
import re
import shutil
import string
import subprocess
import sys

COURSE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PHASES = range(1, 6)
BEGIN = "/* BEGIN SOLUTION */"
END = "/* END SOLUTION */"
STUDENT = "/* STUDENT:"

# Instructor tooling no student tree carries.
INSTRUCTOR_ONLY = ("tools/handout.py", "tools/handout.mk", "tools/handout/",
                   "tests/handout.bats", "tests/grade.bats", "tests/grading/",
                   "tests/hidden/", "tools/exercises/",
                   "tools/check-exercise.sh", "tests/exercises.bats",
                   "tools/grade", "tools/viewer/", "tests/viewer.bats",
                   "tests/viewer/")
# Not part of any student tree: CI, and the gallery page of every phase
# (the phase READMEs' pictures, diagrams/phaseK/, come with their phase).
NEVER = (".ci/", "diagrams/index.html", "diagrams/all.html")
# The files a handout writes itself (generated()).
MARKER = ".handout"
README = "README.md"
TEMPLATE = "tools/handout/README.md.in"
# What the stubs do, in the handout's README (README.md, "Handouts", says
# why phase 4's differ; tests/grade.bats checks phases 1 to 3 under SAN=1).
STUB_NOTES = {
    0: "A stub compiles and makes the tests fail with an error, not a\n"
       "crash; the comment in it says what the function must do when it "
       "cannot.",
    4: "A stub compiles and makes the tests fail; until `chain_take` works,\n"
       "some tests of the engine's clients crash, since they trust it to "
       "take the block\nthey found.",
}


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
    m = re.match(r"(?:phase|tests/phase|tests/golden/phase|tests/exercises/phase|"
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
    files = selected(n)
    for name, text in generated(n, files).items():
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write(text)
    for name in files:
        if name == README:
            continue
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


def ignored(names):
    """The names the course's .gitignore files ignore (build products:
    phase programs, libraries, objects, build/)."""
    if not names:
        return set()
    r = subprocess.run(["git", "-C", COURSE, "check-ignore", "--no-index",
                        "-z", "--stdin"], input="\0".join(names).encode(),
                       capture_output=True)
    if r.returncode not in (0, 1):
        raise HandoutError("git check-ignore failed: "
                           + r.stderr.decode().strip())
    return {f for f in r.stdout.decode().split("\0") if f}


def compare(n, tree):
    """tree holds exactly phase n's files, each equal to the course's (its
    own README and marker equal to what make writes), besides the build
    products the course's .gitignore names."""
    files = selected(n)
    own = {k: v.encode() for k, v in generated(n, files).items()}
    want = set(files) | set(own)
    have = set()
    for root, dirs, names in os.walk(tree):
        dirs[:] = [d for d in dirs if not (root == tree and d == "build")]
        for f in names:
            have.add(os.path.relpath(os.path.join(root, f), tree))
    have -= ignored(sorted(have - want))
    problems = [f"missing: {f}" for f in sorted(want - have)]
    problems += [f"extra: {f}" for f in sorted(have - want)]
    for name in sorted(want & have):
        with open(os.path.join(tree, name), "rb") as a:
            if name in own:
                same = a.read() == own[name]
            else:
                with open(os.path.join(COURSE, name), "rb") as b:
                    same = a.read() == b.read()
            if not same:
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


def generated(n, files):
    """{name: text} of the files a handout of phase n writes itself."""
    return {MARKER: f"phase={n}\n", README: student_readme(n, files)}


def student_readme(n, files):
    """The handout's README.md: tools/handout/README.md.in filled in from
    the files of phase n's tree, so it names only what the tree holds."""
    have = set(files)
    first = read(f"phase{n}/README.md").splitlines()[0]
    title = first.split(":", 1)[-1].strip() if ":" in first else first
    if n == 1:
        standing = "Phase 1 is yours: its code is what you write."
    else:
        done = {2: "Phase 1 is", 3: "Phases 1 and 2 are"}.get(
            n, f"Phases 1 to {n - 1} are")
        standing = (f"{done} complete here (code, lessons and tests, which "
                    f"pass); phase {n} is yours, and builds on "
                    f"{'it' if n == 2 else 'them'}.")
    parts, count = [], 0
    for name in files:
        if not (is_phase(name, n) and name.endswith((".c", ".h"))):
            continue
        # Line numbers are the handout's; bodies the course's comments.
        found = regions(student_text(read(name), name), name)[1]
        c_lines, c_found = regions(read(name), name)
        for (begin, _, _, _), (c_begin, _, _, body) in zip(found, c_found):
            function = function_of(c_lines, c_begin)
            whole = not c_lines[c_begin][0].isspace()
            count += 1
            indent = min((len(l) - len(l.lstrip()) for l in body
                          if l.strip()), default=0)
            stub = "".join("    " + l[indent:] if l.strip() else "\n"
                           for l in body)
            if body:
                what = "the stub is\n\n    ```c\n" + stub + "    ```\n"
            elif whole:
                what = ("nothing: write the whole function there (the "
                        "functions below need it once you write them).\n")
            else:
                what = "the stub is empty.\n"
            parts.append(f"{count}. `{function}` in `{name}`, line "
                         f"{begin + 1}: {what}")
    lessons = [f for f in files if f.startswith(f"phase{n}/")
               and f.endswith("/README.md")]
    lessons.sort(key=lambda f: (f.count("/"), f))
    earlier = [f"phase{k}/README.md" for k in range(1, n)]
    lesson_text = ", ".join(f"[{f}]({f})" for f in lessons)
    if earlier:
        lesson_text += (" (the earlier phases': " if n > 2 else " (phase 1's: "
                        + ", ".join(f"[{f}]({f})" for f in earlier) + ")")
    built = (f"phase{n}/phase{n}" if n == 1 else
             f"the programs phase1/phase1 to phase{n}/phase{n}")
    commands = [("make", f"builds {built}"),
                (f"make check PHASE={n}", "your phase's tests: they fail "
                 "until your code is done")]
    commands += [(f"make check PHASE={k}", f"phase {k}'s tests: they pass "
                  "already") for k in range(1, n)]
    commands += [(f"make check PHASE={n} SAN=1", "your tests with "
                  "AddressSanitizer and UBSan, as they are graded"),
                 ("make check", "every test here" + ("" if n == 1 else
                                                     ", phase 1's and yours" if n == 2 else
                                                     ", the earlier phases' and yours")),
                 ("make demo", "runs each phase's demo script and draws "
                  "every step")]
    width = max(len(c) for c, _ in commands) + 2
    commands = "\n".join(c.ljust(width) + "# " + w for c, w in commands)
    tests = sorted((f for f in files
                    if re.fullmatch(rf"tests/phase{n}(-[\w-]+)?\.bats", f)),
                   key=lambda f: ("-" in f, f))
    described = []
    for t in tests:
        c = len(re.findall(r"^@test ", read(t), re.M))
        described.append(f"`{t}` ({c} test{'s' if c != 1 else ''})")
    graded = (", ".join(described[:-1]) + " and " + described[-1]
              if len(described) > 1 else described[0])
    layout = layout_lines(n, have)
    text = read(TEMPLATE)
    return string.Template(text).substitute(
        phase=n, title=title, standing=standing,
        count_functions=(f"the {count} functions below" if count > 1
                         else "the function below"),
        regions="\n".join(parts), lessons=lesson_text,
        stub_note=STUB_NOTES.get(n, STUB_NOTES[0]),
        commands=commands, graded_tests=graded, layout=layout)


def layout_lines(n, have):
    """The "What is here" block: what the tree holds, folder by folder."""
    def present(prefix):
        return any(f.startswith(prefix) for f in have)
    rows = [("Makefile", "make, make check, make demo, make help (the phases' "
             "phase.mk are included)"),
            ("common/", "C code every phase program links: the list, errors, "
             "the command interpreter, the DOT writer")]
    for k in range(1, n + 1):
        what = ("yours: the stubs to fill in, its lesson README.md, demo.hc"
                if k == n else "complete: its code, lesson README.md, demo.hc")
        rows.append((f"phase{k}/", what))
    rows.append(("tests/", "the tests: common.bats, phaseK.bats and "
                 "phaseK-*.bats, golden/ (expected outputs), c/ (C test "
                 "programs)"))
    rows.append(("diagrams/", "the pictures the lessons show, drawn from the "
                 "finished course"))
    tools = ["deps.sh", "gallery.sh", "demo.sh"]
    tools += [t + "/" for t in ("trace", "bench") if present(f"tools/{t}/")]
    rows.append(("tools/", "what the targets run: " + ", ".join(tools)))
    rows.append((MARKER, f"phase={n}: which phase this handout is"))
    rows.append(("build/", "what make builds and make demo draws (made by "
                 "make; not in the handout)"))
    width = max(len(r[0]) for r in rows) + 2
    return "\n".join(a.ljust(width) + b for a, b in rows)


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
