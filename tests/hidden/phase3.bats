#!/usr/bin/env bats
# Hidden tests of phase 3: graded with tests/phase3*.bats (tools/grade.sh)
# and never in a handout (tools/handout.py leaves tests/hidden/ out).
# Their expected outputs are in tests/hidden/golden/; README.md, "Hidden
# tests", says how to add one.

HC_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
load ../test_helper/common
GOLDEN=$HC_ROOT/tests/hidden/golden

# points: 2
@test "a block freed in the middle of a page is the next one handed out (hidden)" {
    run_golden phase3 reuse
    assert_success
    assert_line "d: node_t at page 1 offset 1152, 1000 bytes"
    assert_line "node_t: page 1 all free, given back to the page layer"
}
