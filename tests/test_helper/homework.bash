# homework.bash - loaded by the tests of --homework and --solve
# (tests/phaseN-homework.bats, common/script_homework.c).

# homework_script FILE: the commands of the homework sheet in $output, as
# a script in FILE, each after an `echo "@@ N FILTER"` line (N counts the
# steps, the given ones too; FILTER is a look's "its `...` line", or
# nothing).
homework_script() {
    printf '%s\n' "$output" | awk '
        /^([0-9]+\. |- )`/ {
            line = $0
            sub(/^[^`]*`/, "", line)
            command = substr(line, 1, index(line, "`") - 1)
            filter = ""
            if (match(line, /\(its `[^`]*` line\)$/))
                filter = substr(line, RSTART + 6, RLENGTH - 13)
            printf "echo \"@@ %d %s\"\n%s\n", ++n, filter, command
        }' >"$1"
}

# homework_answers: the answer key in $output as "N: LINE" lines, each
# answer's lines with the code block's indentation taken off.
homework_answers() {
    printf '%s\n' "$output" | awk '
        /^([0-9]+\. |- )`/ { n++ }
        /^ *```text$/ { inside = 1; indent = index($0, "`") - 1; next }
        inside && /^ *```$/ { inside = 0; next }
        inside { print n ": " substr($0, indent + 1) }'
}

# homework_expected: the output of the script homework_script wrote, in
# $output, as "N: LINE" lines, a look's lines kept to those its FILTER
# starts.
homework_expected() {
    printf '%s\n' "$output" | awk '
        /^@@ / { n = $2; filter = substr($0, length("@@ " n " ") + 1); next }
        filter == "" || index($0, filter) == 1 { print n ": " $0 }'
}

# check_answers PHASE SEED [OPTIONS...]: PHASE --homework SEED OPTIONS
# --solve answers every question with exactly what PHASE prints when it
# runs the sheet's commands as a script (with the phase's own OPTIONS).  On a difference, the failure shows both.
check_answers() {
    local phase=$1 i
    shift
    # the phase's own options (--page-size, --fit, ...) apply to the script
    local -a own=()
    for ((i = 2; i <= $#; i++)); do
        case ${!i} in
        --ops | --alloc-percent | --sizes) ((i++)) ;;
        *) own+=("${!i}") ;;
        esac
    done
    run --separate-stderr "$phase" --homework "$@"
    assert_success
    homework_script "$BATS_TEST_TMPDIR/homework.hc"
    run --separate-stderr "$phase" --strict "${own[@]}" "$BATS_TEST_TMPDIR/homework.hc"
    assert_success
    homework_expected >"$BATS_TEST_TMPDIR/expected"
    run --separate-stderr "$phase" --homework "$@" --solve
    assert_success
    assert_equal "$stderr" ""
    homework_answers >"$BATS_TEST_TMPDIR/answers"
    [[ -s $BATS_TEST_TMPDIR/answers ]] || fail "the answer key has no answers"
    if ! cmp -s "$BATS_TEST_TMPDIR/expected" "$BATS_TEST_TMPDIR/answers"; then
        diff -u --label "the commands run as a script" \
            --label "$phase --homework $* --solve" \
            "$BATS_TEST_TMPDIR/expected" "$BATS_TEST_TMPDIR/answers" |
            batslib_decorate "the answers differ from the program's own run" |
            fail
    fi
}

# check_sheet_matches_key PHASE ARGS...: the sheet and the answer key ask
# the same questions about the same commands: the key is the sheet with
# the answers added (and its first and third lines say so).
check_sheet_matches_key() {
    local phase=$1 sheet
    shift
    run --separate-stderr "$phase" --homework "$@"
    assert_success
    sheet=$(printf '%s\n' "$output" | sed -e '1d;4d')
    run --separate-stderr "$phase" --homework "$@" --solve
    assert_success
    assert_line --index 0 --regexp '^# phase[1-5] homework [0-9]+: answers$'
    # the key less its answers: each a blank line and a code block
    output=$(printf '%s\n' "$output" | sed -e '1d;4d' | awk '
        /^$/ { if (blank) print ""; blank = 1; next }
        /^ *```text$/ { blank = 0; inside = 1; next }
        inside { if ($0 ~ /^ *```$/) inside = 0; next }
        { if (blank) print ""; blank = 0; print }
        END { if (blank) print "" }')
    assert_equal "$output" "$sheet"
}

# check_lesson_homework PHASE: the worked homework in PHASE's lesson
# (PHASE/README.md, between "<!-- homework: OPTIONS -->" and "<!-- end of
# homework -->") is exactly what `PHASE OPTIONS` prints, less its title
# line and the blank line after it.  HC_UPDATE_GOLDEN=1 rewrites the
# block instead (review it with git diff).
check_lesson_homework() {
    local phase=$1 readme=$HC_ROOT/$1/README.md options
    options=$(sed -n 's/^<!-- homework: \(.*\) -->$/\1/p' "$readme")
    [[ -n $options ]] || fail "$phase/README.md has no <!-- homework: OPTIONS --> line"
    local -a args
    read -ra args <<<"$options"
    run --separate-stderr "$phase" "${args[@]}"
    assert_success
    printf '%s\n' "$output" | sed '1,2d' >"$BATS_TEST_TMPDIR/worked"
    awk '/^<!-- end of homework -->$/ { inside = 0 }
         inside { print }
         /^<!-- homework: .* -->$/ { inside = 1 }' "$readme" >"$BATS_TEST_TMPDIR/lesson"
    if [[ -n ${HC_UPDATE_GOLDEN:-} ]]; then
        awk -v worked="$BATS_TEST_TMPDIR/worked" '
            /^<!-- end of homework -->$/ {
                while ((getline line < worked) > 0) print line
                inside = 0
            }
            !inside { print }
            /^<!-- homework: .* -->$/ { inside = 1 }' "$readme" >"$readme.new" &&
            mv "$readme.new" "$readme"
        return 0
    fi
    if ! cmp -s "$BATS_TEST_TMPDIR/worked" "$BATS_TEST_TMPDIR/lesson"; then
        diff -u --label "$phase/README.md (the worked homework)" \
            --label "$phase $options" \
            "$BATS_TEST_TMPDIR/lesson" "$BATS_TEST_TMPDIR/worked" |
            batslib_decorate "the lesson's worked homework differs from the program's" |
            fail
    fi
}
