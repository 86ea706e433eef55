#!/usr/bin/env bats
# viewer.bats - the pictures and the step viewer in a real browser:
# headless Chromium (Debian's chromium) driven by the pinned puppeteer-core
# of tools/viewer/ (`make check` installs it with npm when node, npm and
# chromium are there; otherwise these tests skip, saying why).
#   - no committed frame has text over text, or an edge through a cell or
#     a label it does not connect (tools/viewer/overlaps.js);
#   - the step viewer's contents, links, keys, predict mode, highlighting
#     and scale (tools/viewer/viewer.test.js, node's test runner).

load test_helper/common

setup() {
    command -v node >/dev/null || skip "node is not installed"
    [[ -n ${CHROMIUM:-} ]] || command -v chromium >/dev/null ||
        skip "chromium is not installed (apt-get install chromium; .ci/run does)"
    [[ -f $HC_ROOT/tools/viewer/node_modules/puppeteer-core/package.json ]] ||
        skip "puppeteer-core is not installed (make viewer-deps; make check does it when npm is there)"
}

# One run of the check over the committed frames and a frame known to have
# overlaps (one Chromium start, two seconds, instead of two): that frame's
# overlaps are named, and it is the only frame with any.
@test "no committed frame draws anything over anything; the check names each overlap where there are some" {
    local frames
    frames=$(find "$HC_ROOT/diagrams" -name '*.svg' | wc -l)
    ((frames > 60))
    dot -Tsvg "$HC_ROOT/tests/viewer/free-list-through-cells.dot" -o "$BATS_TEST_TMPDIR/old.svg"
    cd "$BATS_TEST_TMPDIR"
    run node "$HC_ROOT/tools/viewer/overlaps.js" "$HC_ROOT/diagrams" old.svg
    assert_failure 1
    assert_line 'old.svg: edge page2:d1296->page2:d2544 passes through cell "m @48" of page2'
    assert_line 'old.svg: edge page2:d1296->page2:d2544 crosses text "header"'
    assert_line --regexp "^[1-9][0-9]* overlaps in 1 of $((frames + 1)) frames\$"
    run node "$HC_ROOT/tools/viewer/overlaps.js" no-such-dir
    assert_failure 2
    assert_output --partial "overlaps: ENOENT"
}

@test "the step viewer in the browser: contents, links, keys, predict mode, highlighting, scale" {
    HC_ROOT=$HC_ROOT HC_BIN=$HC_BIN run node --test "$HC_ROOT/tools/viewer/viewer.test.js"
    assert_success
    assert_line "# fail 0"
    assert_line --regexp '^# pass [1-9]'
}
