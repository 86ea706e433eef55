#!/usr/bin/env bats
# Student handouts (tools/handout.py, README.md "Handouts"): for every
# phase N, the tree `make handout PHASE=N` writes builds with -Werror under
# the configuration's compiler, passes phase N-1's tests, fails phase N's
# own (each failure a "not ok" line, the runner finishing), and gives the
# course's files back exactly once its solution regions are restored.
#
# The five trees are made, built and tested in the background at once by
# setup_file (the tests then read the results), in plain builds: under
# SAN=1 or VALGRIND=1 those tests skip, since they would only repeat the
# plain run (the restore tests, which build nothing, still run).  To keep
# `make check-course` quick, a handout runs the main file of the phase
# before it (tests/phaseN-1.bats: the earlier phases' code is the course's
# byte for byte, which a test below checks) and of its own phase
# (tests/phaseN.bats); HC_HANDOUT_FULL=1 (CI sets it) runs every earlier
# phase's whole suite and every file of its own phase.

load test_helper/common

# The compiler of the configuration under test: build/default is cc's.
handout_cc() {
    local config=${HC_BUILD##*/}
    [[ $config == default ]] && echo cc || echo "$config"
}

handout_skip_reason() {
    if under_sanitizers || under_valgrind; then
        echo "handouts are built and tested in plain builds only (this run: SAN=1 or VALGRIND=1)"
    elif [[ ${HC_BUILD##*/} == *-* ]]; then
        echo "handouts are built and tested in plain builds only (this run: ${HC_BUILD##*/})"
    fi
}

tree_make() { clean_env make "$@"; }

# pipeline N: phase N's handout in $DIR/pN: built, phase N-1's tests, its
# own tests; every step's output and status in $DIR/pN.STEP.{log,status}.
pipeline() {
    local n=$1 dir=$BATS_FILE_TMPDIR cc k earlier own
    local tree=$dir/p$n
    cc=$(handout_cc)
    step() {
        local name=$1 status=0
        shift
        "$@" >"$dir/p$n.$name.log" 2>&1 || status=$?
        echo "$status" >"$dir/p$n.$name.status"
        return "$status"
    }
    step make python3 "$HC_ROOT/tools/handout.py" make "$n" "$tree" || return
    # Everything `make check` builds, with -j, and no test run (BATS=true);
    # warnings are errors whatever the environment says (WERROR).
    step build clean_env timeout 600 make -C "$tree" WERROR=-Werror -j2 CC="$cc" check PHASE="$n" BATS=true || return
    earlier=$((n - 1)) only=()
    [[ -n ${HC_HANDOUT_FULL:-} ]] && earlier=$(seq 1 $((n - 1)))
    for k in $earlier; do
        [[ -z ${HC_HANDOUT_FULL:-} ]] && only=(TESTS="tests/phase$k.bats")
        ((k > 0)) && step "earlier$k" clean_env timeout 600 make -C "$tree" WERROR=-Werror CC="$cc" check PHASE="$k" "${only[@]}"
    done
    own=()
    [[ -z ${HC_HANDOUT_FULL:-} ]] && own=(TESTS="tests/phase$n.bats")
    step own clean_env timeout 600 make -C "$tree" WERROR=-Werror CC="$cc" check PHASE="$n" FORMAT=tap "${own[@]}"
}

setup_file() {
    # The tests share setup_file's trees (one draws in them while another
    # copies them): they run in order, whatever --jobs says.
    export BATS_NO_PARALLELIZE_WITHIN_FILE=true
    [[ -z $(handout_skip_reason) ]] || return 0
    local n
    for n in 1 2 3 4 5; do
        pipeline "$n" &
    done
    wait
}

# The tests that read setup_file's results skip with it.
skip_unless_plain() {
    local why
    why=$(handout_skip_reason)
    [[ -z $why ]] || skip "$why"
}

# assert_step N STEP: that step of phase N's pipeline succeeded, else
# print its output.
assert_step() {
    local file=$BATS_FILE_TMPDIR/p$1.$2
    [[ -f $file.status ]] || fail "phase $1: step '$2' did not run (an earlier step failed)"
    if [[ $(cat "$file.status") != 0 ]]; then
        batslib_decorate "phase $1: step '$2' exited $(cat "$file.status")" <"$file.log" | fail
    fi
}

# assert_fails_honestly N: phase N's own tests ran to the end (one ok or
# not ok line for each planned test), bats exited 1, at least one failed.
assert_fails_honestly() {
    local log=$BATS_FILE_TMPDIR/p$1.own.log plan ran
    [[ -f $log ]] || fail "phase $1: its own tests did not run (an earlier step failed)"
    run cat "$log"
    plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$log")
    ran=$(grep -cE '^(not )?ok ' "$log" || true)
    [[ -n $plan ]] || fail "phase $1: no TAP plan from bats: $(tail -5 "$log")"
    assert_equal "$ran" "$plan"
    assert_line --regexp '^not ok '
    # bats's status 1 (tests failed), as make reports it
    assert_line --regexp "\[Makefile:[0-9]+: check\] Error 1\$"
}

handout_test() {
    local n=$1
    skip_unless_plain
    assert_step "$n" make
    assert_step "$n" build
    local k
    for k in $(seq 1 $((n - 1))); do
        [[ -f $BATS_FILE_TMPDIR/p$n.earlier$k.status ]] && assert_step "$n" "earlier$k"
    done
    ((n == 1)) || [[ -f $BATS_FILE_TMPDIR/p$n.earlier$((n - 1)).status ]] ||
        fail "phase $n: phase $((n - 1))'s tests did not run"
    assert_fails_honestly "$n"
}

@test "phase 1 handout: builds with -Werror, and its own tests fail" { handout_test 1; }
@test "phase 2 handout: builds with -Werror, phase 1 passes, its own tests fail" { handout_test 2; }
@test "phase 3 handout: builds with -Werror, phase 2 passes, its own tests fail" { handout_test 3; }
@test "phase 4 handout: builds with -Werror, phase 3 passes, its own tests fail" { handout_test 4; }
@test "phase 5 handout: builds with -Werror, phase 4 passes, its own tests fail" { handout_test 5; }

@test "a handout holds the earlier phases whole, its own phase's regions as student bodies, and no later phase" {
    skip_unless_plain
    local tree=$BATS_FILE_TMPDIR/p3
    [[ -d $tree ]] || fail "no phase 3 handout (see the phase 3 test)"
    assert_dir_exists "$tree/phase2"
    assert_dir_not_exists "$tree/phase4"
    assert_dir_not_exists "$tree/.ci"
    assert_file_not_exists "$tree/tests/phase4.bats"
    assert_file_not_exists "$tree/tools/handout.py"
    assert_file_not_exists "$tree/tests/handout.bats"
    run cmp "$HC_ROOT/phase2/family.c" "$tree/phase2/family.c"
    assert_success
    run grep -c 'BEGIN SOLUTION' "$tree/phase3/block.c"
    assert_output "$(grep -c 'BEGIN SOLUTION' "$HC_ROOT/phase3/block.c")"
    run grep -c 'STUDENT:' "$tree/phase3/block.c"
    assert_output 0
    assert_file_contains "$tree/phase3/block.c" 'not implemented yet: format_page'
}

@test "restoring the solution regions gives every phase's tree back byte for byte" {
    local n tree
    for n in 1 2 3 4 5; do
        tree=$BATS_TEST_TMPDIR/r$n
        run python3 "$HC_ROOT/tools/handout.py" make "$n" "$tree"
        assert_success
        # The handout is not the course's tree ...
        run python3 "$HC_ROOT/tools/handout.py" compare "$n" "$tree"
        assert_failure 1
        assert_line "differs: $(cd "$HC_ROOT" && ls phase$n/*.c | xargs grep -l 'BEGIN SOLUTION' | head -1)"
        # ... until its regions are restored.
        run python3 "$HC_ROOT/tools/handout.py" restore "$n" "$tree"
        assert_success
        run python3 "$HC_ROOT/tools/handout.py" compare "$n" "$tree"
        assert_success
        # diff -r against the solution tree, the same files regions intact.
        run python3 "$HC_ROOT/tools/handout.py" make "$n" "$tree.solution" --solution
        assert_success
        run diff -r "$tree.solution" "$tree"
        assert_success
    done
}

@test "restore refuses a handout whose regions do not match the course's" {
    local tree=$BATS_TEST_TMPDIR/h
    python3 "$HC_ROOT/tools/handout.py" make 2 "$tree" >/dev/null
    sed -i '0,/END SOLUTION/{/END SOLUTION/d}' "$tree/phase2/family.c"
    run --separate-stderr python3 "$HC_ROOT/tools/handout.py" restore 2 "$tree"
    assert_failure 1
    assert_regex "$stderr" '^handout: error: phase2/family.c:[0-9]+: BEGIN SOLUTION without its END SOLUTION$'
}

@test "make handout PHASE=N OUT=DIR writes one tree, and refuses OUT without PHASE or a full OUT" {
    run tree_make -s -C "$HC_ROOT" handout PHASE=2 OUT="$BATS_TEST_TMPDIR/two"
    assert_success
    assert_output "phase 2: handout (1 files with regions) in $BATS_TEST_TMPDIR/two"
    run tree_make -s -C "$HC_ROOT" handout OUT="$BATS_TEST_TMPDIR/all"
    assert_failure
    assert_line "make handout: OUT=$BATS_TEST_TMPDIR/all needs PHASE=N (one tree per phase)"
    run tree_make -s -C "$HC_ROOT" handout PHASE=2 OUT="$BATS_TEST_TMPDIR/two"
    assert_failure
    assert_line --partial "exists and is not empty"
}

# --- the handout is the student's: its README, its marker, its demo --------------------------

# readme_problems TREE N: what is wrong with the README.md of phase N's
# handout in TREE, one line each: a relative link that does not resolve
# inside the tree, a `path` it names that the tree lacks (build products
# aside), a region it does not name at its line, or a word about what the
# tree lacks (later phases, the instructor's tools).
readme_problems() {
    python3 - "$1" "$2" "$HC_ROOT" <<'PY'
import os, re, subprocess, sys
tree, n, root = sys.argv[1], int(sys.argv[2]), sys.argv[3]
text = open(os.path.join(tree, "README.md")).read()
prose = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
real = os.path.realpath(tree)
for link in re.findall(r"\]\(([^)\s]+)\)", text):
    if re.match(r"[a-z]+:", link) or link.startswith("#"):
        continue
    path = os.path.realpath(os.path.join(tree, link.split("#")[0]))
    if not path.startswith(real + os.sep) or not os.path.exists(path):
        print(f"link to a missing file: {link}")
for token in re.findall(r"`([^`\s]+)`", prose):
    name = token[2:] if token.startswith("./") else token
    if "/" not in name or name.startswith("build/") or \
            re.fullmatch(r"phase(\d)/phase\1", name) or "phaseK" in name:
        continue
    if not os.path.exists(os.path.join(tree, name.rstrip("/"))):
        print(f"names a missing file: {token}")
for k in range(n + 1, 6):
    if re.search(rf"\bphase ?{k}\b", text, re.I):
        print(f"mentions phase {k}")
for word in ("handout.py", "make handout", "make grade", "grade.sh",
             "grades.csv", "All five phases", "tools/handout"):
    if word in text:
        print(f"mentions {word}")
for target, path in (("make bench", "tools/bench"), ("make fuzz", "tests/fuzz"),
                     ("make stress", "tests/stress"), ("make node", "phase5/node")):
    if target in text and not os.path.exists(os.path.join(tree, path)):
        print(f"mentions {target}")
listing = subprocess.run(["python3", f"{root}/tools/handout.py", "regions", str(n)],
                         capture_output=True, text=True, check=True).stdout
named = re.findall(r"`(\w+)` in `([\w/.]+)`, line (\d+)", text)
want = [(m[1], m[0]) for m in re.findall(r"^phase \d: (\S+):\d+-\d+ (\w+):", listing, re.M)]
if [(f, p) for f, p, _ in named] != want:
    print(f"regions named {[(f, p) for f, p, _ in named]}, want {want}")
for function, path, line in named:
    lines = open(os.path.join(tree, path)).read().splitlines()
    if lines[int(line) - 1].strip() != "/* BEGIN SOLUTION */":
        print(f"{function}: line {line} of {path} is not a BEGIN SOLUTION")
PY
}

@test "a handout's README is the student's: its phase, each region at its line, only what the tree holds" {
    local n tree
    for n in 1 2 3 4 5; do
        tree=$BATS_TEST_TMPDIR/h$n
        python3 "$HC_ROOT/tools/handout.py" make "$n" "$tree" >/dev/null
        run cmp -s "$HC_ROOT/README.md" "$tree/README.md"
        assert_failure
        assert_file_contains "$tree/README.md" "^# heapcourse, phase $n: "
        assert_file_contains "$tree/README.md" "make check PHASE=$n "
        assert_file_contains "$tree/README.md" "^make demo "
        assert_file_contains "$tree/README.md" "tests/phase$n.bats"
        run readme_problems "$tree" "$n"
        assert_success
        assert_output ""
        assert_equal "$(cat "$tree/.handout")" "phase=$n"
    done
}

@test "make demo in a handout draws into build/demo, keeps the lessons' pictures, and says where the student's phase stops" {
    skip_unless_plain
    local n k tree
    for n in 1 2 3 4 5; do
        tree=$BATS_FILE_TMPDIR/p$n
        [[ -d $tree ]] || fail "no phase $n handout (see the phase $n test)"
        run tree_make -s -C "$tree" -j2 demo
        assert_success
        assert_line --regexp "^phase$n's demo stops at line [0-9]+: .* \(phase $n is yours: "
        assert_line "diagrams written: open build/demo/index.html"
        for k in $(seq 1 "$n"); do
            # The lesson's pictures are the course's, untouched ...
            run diff -r "$HC_ROOT/diagrams/phase$k" "$tree/diagrams/phase$k"
            assert_success
            # ... and an earlier phase draws the course's frames.
            if ((k < n)); then
                run diff -r "$HC_ROOT/diagrams/phase$k" "$tree/build/demo/phase$k"
                assert_success
            fi
        done
        assert_file_exists "$tree/build/demo/index.html"
        assert_file_contains "$tree/build/demo/index.html" 'heapcourse.links\["phase1"\] = "../../phase1/README.md"'
        assert_file_contains "$tree/build/demo/all.html" 'href="../../phase1/README.md"'
        assert_file_not_exists "$tree/diagrams/index.html"
        assert_file_not_exists "$tree/diagrams/all.html"
    done
}

@test "make demo in a handout fails when an earlier phase's demo does, after drawing every phase" {
    skip_unless_plain
    local tree=$BATS_TEST_TMPDIR/p3
    [[ -d $BATS_FILE_TMPDIR/p3 ]] || fail "no phase 3 handout (see the phase 3 test)"
    cp -a "$BATS_FILE_TMPDIR/p3" "$tree"
    echo 'unmap nothing_here' >>"$tree/phase2/demo.hc"
    run tree_make -s -C "$tree" demo
    assert_failure
    assert_line --regexp "^phase2's demo failed at line [0-9]+: "
    assert_line --regexp "^phase3's demo stops at line [0-9]+: "
    assert_line --partial "the demos of phase2 failed"
    run diff -r "$HC_ROOT/diagrams/phase2" "$tree/diagrams/phase2"
    assert_success
}

@test "compare ignores build products (.gitignore's) and checks the handout's README and marker" {
    local tree=$BATS_TEST_TMPDIR/h
    python3 "$HC_ROOT/tools/handout.py" make 2 "$tree" >/dev/null
    python3 "$HC_ROOT/tools/handout.py" restore 2 "$tree" >/dev/null
    if [[ -d $BATS_FILE_TMPDIR/p2/build ]]; then
        # a built handout's products: programs, objects, build/
        cp -a "$BATS_FILE_TMPDIR/p2/build" "$BATS_FILE_TMPDIR/p2/phase1" "$BATS_FILE_TMPDIR/p2/phase2" "$tree/"
        python3 "$HC_ROOT/tools/handout.py" restore 2 "$tree" >/dev/null
        # cc builds beside the sources, another compiler under build/CC/
        local program=phase2/phase2
        [[ $(handout_cc) == cc ]] || program=build/$(handout_cc)/phase2/phase2
        assert_file_executable "$tree/$program"
    fi
    touch "$tree/phase1/phase1" "$tree/phase2/phase2" "$tree/common/x.o" "$tree/common/x.d"
    mkdir -p "$tree/build/default"
    run python3 "$HC_ROOT/tools/handout.py" compare 2 "$tree"
    assert_success
    touch "$tree/phase2/notes.txt"
    echo 'phase=3' >"$tree/.handout"
    run python3 "$HC_ROOT/tools/handout.py" compare 2 "$tree"
    assert_failure 1
    assert_line "extra: phase2/notes.txt"
    assert_line "differs: .handout"
    rm "$tree/.handout" "$tree/phase2/notes.txt"
    run python3 "$HC_ROOT/tools/handout.py" compare 2 "$tree"
    assert_failure 1
    assert_output --partial "missing: .handout"
}
