#!/usr/bin/env bats
# The command language and the DOT writer (common/), exercised through the
# phase 1 program: every phase program shares this behaviour.

load test_helper/common

# --- reading commands -----------------------------------------------------

@test "commands separated by newlines and by ; run in order" {
    printf 'echo one; echo two\necho three\n' >"$BATS_TEST_TMPDIR/s.hc"
    run --separate-stderr phase1 "$BATS_TEST_TMPDIR/s.hc"
    assert_success
    assert_output $'one\ntwo\nthree'
    assert_equal "$stderr" ""
}

@test "a # starts a comment, also after a command, and blank lines are skipped" {
    printf '# a comment\n\n   \necho kept # not this\n#echo no\n' >"$BATS_TEST_TMPDIR/s.hc"
    run --separate-stderr phase1 "$BATS_TEST_TMPDIR/s.hc"
    assert_success
    assert_output "kept"
}

@test "double quotes hold spaces, ; and # in one word" {
    run --separate-stderr phase1 -c 'echo "a b;c # d"   e'
    assert_success
    assert_output "a b;c # d e"
}

@test "backslash escapes inside quotes give a quote, a backslash and a newline" {
    run --separate-stderr phase1 -c 'echo "say \"hi\" \\ then\nnext"'
    assert_success
    assert_output $'say "hi" \\ then\nnext'
}

@test "a backslash before any other character is kept as it is" {
    run --separate-stderr phase1 -c 'echo "\0 and \q"'
    assert_success
    assert_output '\0 and \q'
}

@test "an unterminated quote is an error naming it" {
    run --separate-stderr phase1 -c 'echo "open'
    assert_failure 1
    assert_error_line phase1 1 'echo "open' "unterminated quote"
}

@test "commands come from standard input when no script is given, with no prompt off a terminal" {
    run --separate-stderr phase1 <<<'echo from stdin'
    assert_success
    assert_output "from stdin"
}

@test "on a terminal the program prompts for each command" {
    command -v script >/dev/null || skip "util-linux 'script' is not installed"
    # script(1) gives the program a pseudo-terminal; the tools' wrappers are
    # not used here, the prompt is what is tested.
    run script -qec "$HC_BIN/phase1/phase1" /dev/null <<<$'echo hi\nquit'
    assert_success
    assert_output --partial "phase1> "
    assert_output --partial "hi"
}

@test "a script given by path runs and the error names its file line" {
    printf 'echo ok\n\n# comment\nnosuch 1\n' >"$BATS_TEST_TMPDIR/s.hc"
    run --separate-stderr phase1 "$BATS_TEST_TMPDIR/s.hc"
    assert_failure 1
    assert_output "ok"
    assert_error_line phase1 4 "nosuch 1" "unknown command 'nosuch' \(try 'help'\)"
}

@test "in a -c string the line number counts commands" {
    run --separate-stderr phase1 -c 'echo a; echo b; nosuch'
    assert_failure 1
    assert_error_line phase1 3 "nosuch" "unknown command 'nosuch' \(try 'help'\)"
}

@test "a -c string of several lines runs every line, as a script would" {
    run --separate-stderr phase1 -c $'echo one; echo two\necho three\n\nnosuch\necho four'
    assert_failure 1
    assert_output $'one\ntwo\nthree\nfour'
    assert_error_line phase1 4 "nosuch" "unknown command 'nosuch' \(try 'help'\)"
    run --separate-stderr phase1 -c $'echo one\nquit\necho two'
    assert_success
    assert_output one
}

@test "quit stops reading commands" {
    run --separate-stderr phase1 -c 'echo before; quit; echo after'
    assert_success
    assert_output "before"
}

# --- error lines are safe to print -----------------------------------------------

@test "an escape sequence in a command is shown as \\xHH in the error line" {
    printf '\033[31mboom\n' >"$BATS_TEST_TMPDIR/s.hc"
    run --separate-stderr phase1 "$BATS_TEST_TMPDIR/s.hc"
    assert_failure 1
    assert_output ""
    assert_equal "$stderr" "phase1: error: unknown command '\\x1b[31mboom' (try 'help') (line 1: \\x1b[31mboom)"
}

@test "a tab and bytes above 0x7e are shown as \\xHH too, a backslash as it is" {
    printf 'nosuch\tx\n"\200\377" 1\necho "a\\tb"; nosuch a\\b\n' >"$BATS_TEST_TMPDIR/s.hc"
    run --separate-stderr phase1 "$BATS_TEST_TMPDIR/s.hc"
    assert_failure 1
    assert_output $'a\tb'
    assert_equal "$stderr" "phase1: error: unknown command 'nosuch' (try 'help') (line 1: nosuch\\x09x)
phase1: error: unknown command '\\x80\\xff' (try 'help') (line 2: \"\\x80\\xff\" 1)
phase1: error: unknown command 'nosuch' (try 'help') (line 3: nosuch a\\b)"
}

@test "a 100 KB unknown command gives a short error line, the command cut to 80 characters" {
    local word cut
    word=$(head -c 100000 /dev/zero | tr '\0' x)
    printf '%s\n' "$word" >"$BATS_TEST_TMPDIR/s.hc"
    run --separate-stderr phase1 "$BATS_TEST_TMPDIR/s.hc"
    assert_failure 1
    cut="${word:0:77}..."
    assert_equal "$stderr" "phase1: error: unknown command '$cut' (try 'help') (line 1: $cut)"
    ((${#stderr} < 300))
}

@test "the cut never splits an escape, and 80 characters are shown whole" {
    local x69 shown
    x69=$(printf 'x%.0s' {1..69})
    # nosuch, 69 x, ESC, yy: 81 characters shown, so cut before the escape
    printf 'nosuch%s\033yy\n' "$x69" >"$BATS_TEST_TMPDIR/s.hc"
    run --separate-stderr phase1 "$BATS_TEST_TMPDIR/s.hc"
    assert_failure 1
    shown="nosuch$x69..."
    assert_equal "$stderr" "phase1: error: unknown command '$shown' (try 'help') (line 1: $shown)"
    # one y fewer: exactly 80, shown whole
    printf 'nosuch%s\033y\n' "$x69" >"$BATS_TEST_TMPDIR/s.hc"
    run --separate-stderr phase1 "$BATS_TEST_TMPDIR/s.hc"
    assert_failure 1
    shown="nosuch$x69\\x1by"
    assert_equal "$stderr" "phase1: error: unknown command '$shown' (try 'help') (line 1: $shown)"
}

@test "a NUL byte in a script file is an error naming its line, which does not run; the next lines do" {
    printf 'echo one\necho two\nech\0o three; echo x\necho four\n' >"$BATS_TEST_TMPDIR/s.hc"
    run --separate-stderr phase1 "$BATS_TEST_TMPDIR/s.hc"
    assert_failure 1
    assert_output $'one\ntwo\nfour'
    assert_equal "$stderr" 'phase1: error: NUL byte in the line (line 3: ech\x00o three; echo x)'
}

@test "a NUL byte on standard input is the same error, and --strict stops there" {
    printf 'echo one\n\0\necho two\n' >"$BATS_TEST_TMPDIR/s.hc"
    run --separate-stderr phase1 <"$BATS_TEST_TMPDIR/s.hc"
    assert_failure 1
    assert_output $'one\ntwo'
    assert_equal "$stderr" 'phase1: error: NUL byte in the line (line 2: \x00)'
    run --separate-stderr phase1 --strict <"$BATS_TEST_TMPDIR/s.hc"
    assert_failure 1
    assert_output "one"
    assert_equal "$stderr" 'phase1: error: NUL byte in the line (line 2: \x00)'
}

# --- exit codes and options -------------------------------------------------

@test "a failing command does not stop the script but makes the exit status 1" {
    run --separate-stderr phase1 -c 'nosuch; echo still running'
    assert_failure 1
    assert_output "still running"
}

@test "--strict stops at the first failing command" {
    run --separate-stderr phase1 --strict -c 'echo a; nosuch; echo never'
    assert_failure 1
    assert_output "a"
    assert_error_line phase1 2 "nosuch" "unknown command 'nosuch' \(try 'help'\)"
}

@test "an unreadable script exits 2 with one error line" {
    run --separate-stderr phase1 "$BATS_TEST_TMPDIR/missing.hc"
    assert_failure 2
    assert_output ""
    assert_equal "$stderr" "phase1: error: cannot read '$BATS_TEST_TMPDIR/missing.hc': No such file or directory"
}

@test "an unknown option exits 2" {
    run --separate-stderr phase1 --nosuch
    assert_failure 2
    assert_equal "$stderr" "phase1: error: unknown option '--nosuch' (try --help)"
}

@test "an option without its value exits 2" {
    run --separate-stderr phase1 --frames
    assert_failure 2
    assert_equal "$stderr" "phase1: error: option '--frames' needs a value"
    run --separate-stderr phase1 -c
    assert_failure 2
    assert_equal "$stderr" "phase1: error: option '-c' needs a value"
}

@test "both -c and a script, or two scripts, exit 2" {
    run --separate-stderr phase1 -c 'echo x' some.hc
    assert_failure 2
    assert_equal "$stderr" "phase1: error: give either -c or a SCRIPT, not both"
    run --separate-stderr phase1 a.hc b.hc
    assert_failure 2
    assert_equal "$stderr" "phase1: error: more than one SCRIPT given ('a.hc', 'b.hc')"
}

@test "--help describes options, commands and exit status" {
    run --separate-stderr phase1 --help
    assert_success
    assert_line --index 0 "usage: phase1 [options] [SCRIPT]"
    assert_output --partial "--strict"
    assert_output --partial "--frames DIR"
    assert_output --partial "--page-size BYTES"
    assert_output --partial "exit status: 0 every command succeeded, 1 a command failed, 2 bad options or unreadable script"
}

@test "--version names the program and the course" {
    run --separate-stderr phase1 --version
    assert_success
    assert_output --regexp '^phase1 \(heapcourse\) [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "help lists every command with its arguments, and explains one" {
    run --separate-stderr phase1 -c 'help'
    assert_success
    for command in "[L =] pages N" "unmap LABEL" "write LABEL OFFSET TEXT" \
        "read LABEL OFFSET LEN" "help [COMMAND]" "stats" "check" "dump [FILE]" \
        "echo TEXT..." "quit"; do
        assert_output --partial "  $command "
    done
    run --separate-stderr phase1 -c 'help unmap'
    assert_success
    assert_output --regexp '^  unmap LABEL +give a run back'
    run --separate-stderr phase1 -c 'help nosuch'
    assert_failure 1
    assert_error_line phase1 1 "help nosuch" "no command 'nosuch' to explain"
}

# --- words, numbers, labels ----------------------------------------------------

@test "a missing argument is an error that shows the usage" {
    run --separate-stderr phase1 -c 'pages'
    assert_failure 1
    assert_error_line phase1 1 "pages" "missing argument: usage: pages N"
}

@test "an extra argument is an error that shows the usage" {
    run --separate-stderr phase1 -c 'check now'
    assert_failure 1
    assert_error_line phase1 1 "check now" "too many arguments: usage: check"
}

@test "numbers may be decimal or 0x hexadecimal" {
    run --separate-stderr phase1 -c 'a = pages 0x2; b = pages 3'
    assert_success
    assert_line --index 0 --partial "a: pages 0-1 (2 pages"
    assert_line --index 1 --partial "b: pages 2-4 (3 pages"
}

@test "a negative, non-numeric, empty-hex or too large number is refused" {
    run --separate-stderr phase1 -c 'pages -1'
    assert_error_line phase1 1 "pages -1" "page count '-1' is negative"
    run --separate-stderr phase1 -c 'pages 12x'
    assert_error_line phase1 1 "pages 12x" "page count '12x' is not a number"
    run --separate-stderr phase1 -c 'pages 0x'
    assert_error_line phase1 1 "pages 0x" "page count '0x' is not a number"
    run --separate-stderr phase1 -c 'pages 99999999999999999999999'
    assert_error_line phase1 1 "pages 99999999999999999999999" "page count '99999999999999999999999' is too large"
    assert_failure 1
}

@test "a label binds a result and is used by later commands" {
    run --separate-stderr phase1 -c 'p = pages 1; write p 0 hi; read p 0 2'
    assert_success
    assert_line --index 2 'p @0: "hi"'
}

@test "binding a label that is live is an error and changes nothing" {
    run --separate-stderr phase1 -c 'p = pages 1; p = pages 2; runs'
    assert_failure 1
    assert_error_line phase1 2 "p = pages 2" "label 'p' is already bound to a live result"
    assert_line "live: 1 run, 1 page"
}

@test "a freed label can be bound again" {
    run --separate-stderr phase1 -c 'p = pages 1; unmap p; p = pages 1'
    assert_success
    assert_line --index 2 --partial "p: page 0 (1 page, 4096 bytes), from the cache"
}

@test "using a freed label says it was freed" {
    run --separate-stderr phase1 -c 'p = pages 1; unmap p; read p 0 1'
    assert_failure 1
    assert_error_line phase1 3 "read p 0 1" "label 'p' was freed"
}

@test "using an unknown label says so" {
    run --separate-stderr phase1 -c 'unmap nobody'
    assert_failure 1
    assert_error_line phase1 1 "unmap nobody" "unknown label 'nobody'"
}

@test "a malformed label is refused" {
    run --separate-stderr phase1 -c '9p = pages 1'
    assert_failure 1
    assert_error_line phase1 1 "9p = pages 1" "bad label '9p' .*"
    run --separate-stderr phase1 -c 'abcdefghijklmnopqrstuvwxyz0123456 = pages 1'
    assert_failure 1
}

@test "a label on a command that gives no result is refused" {
    run --separate-stderr phase1 -c 'x = stats'
    assert_failure 1
    assert_error_line phase1 1 "x = stats" "'stats' gives no result to bind to 'x'"
}

@test "a label with no command after = is refused" {
    run --separate-stderr phase1 -c 'x ='
    assert_failure 1
    assert_error_line phase1 1 "x =" "missing command after 'x ='"
}

@test "echo prints its words joined by one space" {
    run --separate-stderr phase1 -c 'echo  a   b "c  d"'
    assert_success
    assert_output "a b c  d"
}

@test "check prints check: ok on a healthy heap" {
    run --separate-stderr phase1 -c 'p = pages 3; unmap p; check'
    assert_success
    assert_line "check: ok"
}

# --- DOT and frames -------------------------------------------------------------

@test "dump writes DOT to standard output that Graphviz renders with no warning" {
    run --separate-stderr phase1 -c 'p = pages 2; q = pages 1; unmap q; dump'
    assert_success
    printf '%s\n' "$output" | sed -n '/^digraph/,$p' >"$BATS_TEST_TMPDIR/d.dot"
    assert_file_matches "$BATS_TEST_TMPDIR/d.dot" "rankdir=LR"
    dot_accepts "$BATS_TEST_TMPDIR/d.dot"
}

@test "dump FILE writes the file, and an unwritable FILE is an error" {
    run --separate-stderr phase1 -c "dump $BATS_TEST_TMPDIR/x.dot"
    assert_success
    assert_file_exists "$BATS_TEST_TMPDIR/x.dot"
    dot_accepts "$BATS_TEST_TMPDIR/x.dot"
    run --separate-stderr phase1 -c "dump $BATS_TEST_TMPDIR/no/such/dir/x.dot"
    assert_failure 1
    assert_error_line phase1 1 "dump $BATS_TEST_TMPDIR/no/such/dir/x.dot" "cannot write '.*': No such file or directory"
}

@test "DOT escapes the text it is given" {
    # The frame title carries the command text, quotes and all.
    run --separate-stderr phase1 --frames "$BATS_TEST_TMPDIR/f" -c 'p = pages "1"'
    assert_success
    assert_file_matches "$BATS_TEST_TMPDIR/f/001-pages.dot" 'p = pages &quot;1&quot;'
    dot_accepts "$BATS_TEST_TMPDIR/f/001-pages.dot"
}

@test "--frames writes NNN-WORD.dot and .svg only after commands that change state" {
    run --separate-stderr phase1 --frames "$BATS_TEST_TMPDIR/f" \
        -c 'p = pages 2; write p 0 x; stats; unmap p; nosuch; q = pages 1'
    assert_failure 1
    run ls "$BATS_TEST_TMPDIR/f"
    assert_output $'001-pages.dot\n001-pages.svg\n004-unmap.dot\n004-unmap.svg\n006-pages.dot\n006-pages.svg\nframes.txt\nindex.html\nsteps.js'
    run cat "$BATS_TEST_TMPDIR/f/frames.txt"
    assert_output $'001-pages\tp = pages 2\n004-unmap\tunmap p\n006-pages\tq = pages 1'
    for f in "$BATS_TEST_TMPDIR"/f/*.dot; do dot_accepts "$f"; done
    assert_file_matches "$BATS_TEST_TMPDIR/f/004-unmap.dot" "phase1, step 4: unmap p"
}

@test "--frames logs every command in steps.js: its text, line, output, errors, frame and picture" {
    run --separate-stderr phase1 --frames "$BATS_TEST_TMPDIR/f" \
        -c 'echo "two pages"; p = pages 2; stats; nosuch "</script>"; unmap p'
    assert_failure 1
    # what the run printed is exactly what it prints without --frames
    local out=$output err=$stderr
    run --separate-stderr phase1 -c 'echo "two pages"; p = pages 2; stats; nosuch "</script>"; unmap p'
    assert_equal "$output" "$out"
    assert_equal "$stderr" "$err"
    # every line of steps.js is one call; node reads them as JavaScript
    command -v node >/dev/null || skip "node is not installed: steps.js not parsed"
    run node -e '
        const steps = [];
        globalThis.heapcourse = { program: (p) => console.log(JSON.stringify(p)),
                                  step: (s) => steps.push(s) };
        require(process.argv[1]);
        for (const s of steps)
            console.log([s.n, s.line, s.command, JSON.stringify(s.out), JSON.stringify(s.err),
                         s.frame, s.svg === null ? "no svg" : s.svg.slice(0, 4)].join(" | "));
    ' "$BATS_TEST_TMPDIR/f/steps.js"
    assert_success
    assert_line --index 0 '{"name":"phase1","script":"-c"}'
    assert_line --index 1 '1 | 1 | echo "two pages" | "two pages\n" | "" |  | no svg'
    assert_line --index 2 --regexp '^2 \| 2 \| p = pages 2 \| "p: pages 0-1 [^"]*\\n" \| "" \| 002-pages \| <svg$'
    assert_line --index 3 --regexp '^3 \| 3 \| stats \| "[^"]+" \| "" \|  \| no svg$'
    assert_line --index 4 '4 | 4 | nosuch "</script>" | "" | "phase1: error: unknown command '"'"'nosuch'"'"' (try '"'"'help'"'"') (line 4: nosuch \"</script>\")\n" |  | no svg'
    assert_line --index 5 --regexp '^5 \| 5 \| unmap p \| "[^"]*" \| "" \| 005-unmap \| <svg$'
    # "</" is written "<\/": the log cannot end a script element
    run grep -c '</script>' "$BATS_TEST_TMPDIR/f/steps.js"
    assert_output 0
}

@test "--frames writes the step viewer into its directory, loading steps.js" {
    run --separate-stderr phase1 --frames "$BATS_TEST_TMPDIR/f" -c 'p = pages 1'
    assert_success
    assert_file_exists "$BATS_TEST_TMPDIR/f/index.html"
    assert_file_matches "$BATS_TEST_TMPDIR/f/index.html" '^<script src="steps.js"></script>$'
    run grep -c 'STEPS -->' "$BATS_TEST_TMPDIR/f/index.html"
    assert_output 0
    # the page is common/viewer.html, that one line aside
    run diff <(grep -v '^<script src="steps.js"></script>$' "$BATS_TEST_TMPDIR/f/index.html") \
        <(grep -vx '<!-- STEPS -->' "$HC_ROOT/common/viewer.html")
    assert_success
}

@test "a failing command writes no frame" {
    run --separate-stderr phase1 --frames "$BATS_TEST_TMPDIR/f" -c 'pages 0'
    assert_failure 1
    run cat "$BATS_TEST_TMPDIR/f/frames.txt"
    assert_output ""
}

@test "a frames directory that cannot be made exits 2" {
    run --separate-stderr phase1 --frames "$BATS_TEST_TMPDIR/no/such" -c 'pages 1'
    assert_failure 2
    assert_equal "$stderr" "phase1: error: cannot create '$BATS_TEST_TMPDIR/no/such': No such file or directory"
}

@test "without dot on PATH frames are DOT only" {
    mkdir "$BATS_TEST_TMPDIR/empty"
    run --separate-stderr env PATH="$BATS_TEST_TMPDIR/empty" "$HC_BIN/phase1/phase1" \
        --frames "$BATS_TEST_TMPDIR/f" -c 'p = pages 1'
    assert_success
    assert_file_exists "$BATS_TEST_TMPDIR/f/001-pages.dot"
    assert_file_not_exists "$BATS_TEST_TMPDIR/f/001-pages.svg"
}

@test "outputs show no raw addresses unless --raw asks for them" {
    script='p = pages 2; runs; cache; stats; dump'
    run --separate-stderr phase1 -c "$script"
    assert_success
    refute_output --regexp '0x[0-9a-f]{6,}'
    run --separate-stderr phase1 --raw -c "$script"
    assert_success
    assert_output --regexp 'p: pages 0-1 \(2 pages, 8192 bytes\) at 0x[0-9a-f]+'
}

# --- the deps step of make demo and make check --------------------------------------

# A PATH holding only `id`, so every command deps.sh looks for (dot, bats,
# sudo, apt-get) is missing; readable by an unprivileged user.
bare_path() {
    local dir
    dir=$(mktemp -d /tmp/hc-bare.XXXXXX)
    chmod 755 "$dir"
    ln -s "$(command -v id)" "$dir/id"
    echo "$dir"
}

@test "deps names the missing packages and the exact command when it cannot install" {
    command -v setpriv >/dev/null || skip "setpriv (util-linux) is not installed"
    local path
    path=$(bare_path)
    # A copy the unprivileged user can read wherever the tree is.
    cp "$HC_ROOT/tools/deps.sh" "$path/deps.sh"
    chmod 644 "$path/deps.sh"
    run setpriv --reuid=65534 --regid=65534 --clear-groups \
        env PATH="$path" /bin/sh "$path/deps.sh" check
    rm -rf "$path"
    assert_failure 1
    # The helper libraries are found by their files, which PATH does not hide.
    assert_line "heapcourse needs these Debian packages: graphviz bats parallel strace python3 git valgrind bubblewrap"
    assert_line "Install them with:"
    assert_line "    sudo apt-get update && sudo apt-get install -y graphviz bats parallel strace python3 git valgrind bubblewrap"
}

@test "deps says so when there is no apt-get to install with" {
    if [[ $(id -u) != 0 ]]; then skip "this case needs root (it would try sudo)"; fi
    local path
    path=$(bare_path)
    run env PATH="$path" /bin/sh "$HC_ROOT/tools/deps.sh" demo
    rm -rf "$path"
    assert_failure 1
    assert_line "No apt-get here: install graphviz with your system's package manager."
}

@test "deps succeeds silently when everything is there" {
    run sh "$HC_ROOT/tools/deps.sh" demo check
    assert_success
    assert_output ""
}

# --- fuzzing (tests/fuzz/) ------------------------------------------------------

@test "the committed fuzzing seed corpus is what make-corpus.sh cuts from the demo scripts" {
    local fresh="$BATS_TEST_TMPDIR/corpus"
    local phases
    # The phases present: a student handout has fewer than five.
    phases=$(cd "$HC_ROOT" && echo phase[1-5])
    (cd "$HC_ROOT" && sh tests/fuzz/make-corpus.sh "$fresh" $phases)
    for phase in $phases; do
        run diff -r "$fresh/$phase" "$HC_ROOT/tests/fuzz/corpus/$phase"
        assert_success
    done
}

@test "the fuzzing dictionary quotes every demo word in libFuzzer's syntax" {
    [[ -f $HC_ROOT/phase3/demo.hc ]] || skip "no phase 3 in this tree (a student handout)"
    run sh "$HC_ROOT/tests/fuzz/make-dict.sh" "$HC_ROOT/phase3/demo.hc"
    assert_success
    assert_line '"alloc"'
    assert_line '"student_t"'
    assert_line '"\""'
    refute_line --regexp '^[^"]'
}

@test "a sandboxed run (the fuzzers') sets up and tears down around each input and touches no file" {
    cd "$BATS_TEST_TMPDIR"
    run --separate-stderr hc_test script_sandbox RUN 'add 5\0add 7; stats; load /etc/passwd; dump x.dot'
    assert_success
    assert_output "counter 12
run 1: status 1, counter 0 after teardown
counter 12
run 2: status 1, counter 0 after teardown
setups 2, teardowns 2, files refused 2"
    [[ $stderr == *"toy: error: not reading '/etc/passwd' (sandboxed) (line 2: load /etc/passwd)"* ]]
    [[ $stderr == *"toy: error: dump to a file is off in this build (sandboxed: no files) (line 2: dump x.dot)"* ]]
    assert_file_not_exists x.dot
}

@test "a sandboxed run checks after every command and aborts on the first problem" {
    run --separate-stderr hc_test script_sandbox RUN $'add 1\nbreak\nadd 2'
    assert_equal "$status" 134 # SIGABRT: what a fuzzer records as a crash
    assert_output ""
    assert_equal "$stderr" "check: counter 1000 is not below 1000
toy: heap check failed after line 2: break"
}

@test "make check refuses DEBUG=1 and says where the red zones are tested" {
    run env -u MAKEFLAGS -u MAKELEVEL make -s -C "$HC_ROOT" check DEBUG=1
    assert_failure
    assert_line --partial "make check: not with DEBUG=1"
    assert_line --partial "tests/phase4-misuse.bats"
}
