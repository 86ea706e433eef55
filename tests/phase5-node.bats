#!/usr/bin/env bats
# Phase 5 from Node.js: the MeMS addon of phase5/node/ (a Node-API module
# built from phase 5's sources), its own tests (npm test, Node's test
# runner), and the npm package it packs into.
#
# The addon is built with this configuration's compiler (the first word of
# build/<config>/flags) into build/<config>/node/mems.node, and the tests
# load that one (HEAPCOURSE_MEMS_ADDON).  Plain flags always: under SAN=1
# the tests skip, because an ASan-built addon cannot load into node (the
# sanitizer's runtime must come first in the process), and a plain one
# would test nothing the default configuration does not.  Under valgrind
# they skip too: node under valgrind takes minutes and reports V8's own
# JIT tricks; the C code the addon runs is phase 5's, which the valgrind
# run covers through tests/phase5.bats.

load test_helper/common

NODE_DIR="$HC_ROOT/phase5/node"

setup() {
    command -v node >/dev/null 2>&1 ||
        skip "Node.js is not installed: the addon's tests did not run"
    command -v npm >/dev/null 2>&1 ||
        skip "npm is not installed: the addon's tests did not run"
    under_sanitizers &&
        skip "SAN=1: an ASan-built addon cannot load into node (the default configuration runs these tests)"
    under_valgrind &&
        skip "VALGRIND=1: node under valgrind is too slow and reports V8's JIT (the default configuration runs these tests)"
    ADDON="$HC_BUILD/node/mems.node"
    export HEAPCOURSE_MEMS_ADDON="$ADDON"
}

# The compiler of the configuration under test.
config_cc() {
    local cc=cc
    [[ -f $HC_BUILD/flags ]] && read -r cc _ <"$HC_BUILD/flags"
    printf '%s\n' "$cc"
}

# node-api-headers from npm's registry (package-lock.json) when it is not
# installed yet; without the registry, build.js falls back to the headers
# installed with Node.js.  Then the addon is built once for the file's
# tests, which run side by side (make check's JOBS) and all load it: its
# output and status are kept for the test that checks the build.
setup_file() {
    command -v node >/dev/null 2>&1 || return 0
    command -v npm >/dev/null 2>&1 || return 0
    [[ -n ${HC_SAN:-} || -n ${HC_VALGRIND:-} ]] && return 0
    if [[ ! -f $NODE_DIR/node_modules/node-api-headers/package.json ]]; then
        (cd "$NODE_DIR" && npm ci --ignore-scripts --no-audit --no-fund \
            --prefer-offline >/dev/null 2>&1) || true
    fi
    local status=0
    env CC="$(config_cc)" MEMS_PAGE_SIZE="${HC_PAGE_SIZE:-4096}" \
        node "$NODE_DIR/build.js" --out "$HC_BUILD/node/mems.node" \
        >"$BATS_FILE_TMPDIR/build.out" 2>&1 || status=$?
    echo "$status" >"$BATS_FILE_TMPDIR/build.status"
}

# build_addon: setup_file built the addon with the configuration's
# compiler; $output and $status are the build's.
build_addon() {
    assert_file_exists "$BATS_FILE_TMPDIR/build.status"
    output=$(<"$BATS_FILE_TMPDIR/build.out")
    status=$(<"$BATS_FILE_TMPDIR/build.status")
    assert_success
    assert_output --regexp "^mems addon: .*/node/mems.node built with "
}

@test "the addon builds with the configuration's compiler, -Werror clean, exporting only its entry points" {
    build_addon
    assert_file_exists "$ADDON"
    run nm -D --defined-only "$ADDON"
    assert_success
    refute_line --regexp ' (mems|page|chain|record|diag)_'
    assert_line --regexp ' napi_register_module_v1$'
}

@test "npm test: the example scenario, round trips, every error code, the shadow model all pass" {
    build_addon
    run --separate-stderr npm test --prefix "$NODE_DIR" --silent
    assert_success
    # at another PAGE_SIZE the two texts for 4096-byte pages skip
    local skipped=0
    [[ ${HC_PAGE_SIZE:-4096} == 4096 ]] || skipped=2
    assert_line '# tests 30'
    assert_line "# pass $((30 - skipped))"
    assert_line '# fail 0'
    assert_line "# skipped $skipped"
}

@test "a misused call throws a coded error and the process goes on" {
    build_addon
    run --separate-stderr node -e '
        const mems = require(process.argv[1]);
        for (const call of [() => mems.malloc(1), () => mems.get(1000),
                            () => mems.read(1000n, 1)])
          try { call(); } catch (e) { console.log(`${e.code}: ${e.message}`); }
        mems.init();
        const v = mems.malloc(10);
        try { mems.write(v, "eleven byte"); } catch (e) { console.log(e.code); }
        mems.free(v);
        try { mems.free(v); } catch (e) { console.log(e.code); }
        mems.finish();
        console.log("still running");' "$NODE_DIR"
    assert_success
    assert_equal "$stderr" ""
    assert_output "ERR_MEMS_NOT_INITIALIZED: malloc(): MeMS is not initialized (call init() first)
ERR_INVALID_ARG_TYPE: get(): the virtual address must be a BigInt (as malloc returns it, e.g. 1000n), not a Number
ERR_MEMS_NOT_INITIALIZED: read(): MeMS is not initialized (call init() first)
ERR_MEMS_OUT_OF_SEGMENT
ERR_MEMS_HOLE
still running"
}

@test "printStats writes the stats text to standard output, in order with console.log" {
    build_addon
    run --separate-stderr node -e '
        const mems = require(process.argv[1]);
        mems.init();
        console.log("before");
        mems.malloc(1); mems.malloc(3); mems.malloc(mems.PAGE_SIZE - 4);
        mems.printStats();
        console.log("after");
        mems.finish();' "$NODE_DIR"
    assert_success
    assert_equal "$stderr" ""
    assert_line --index 0 'before'
    assert_line --index 1 '----- MeMS SYSTEM STATS -----'
    assert_line --index 2 --regexp '^MAIN\[1000:[0-9]+\]-> P\[1000:1000\] <-> P\[1001:1003\] <-> P\[1004:[0-9]+\] <-> NULL$'
    assert_line --index 3 $'Pages used:\t1'
    assert_line --index 4 $'Space unused:\t0'
    assert_line --index 8 'after'
}

@test "npm pack gives a package that installs and works in an empty folder" {
    local work="$BATS_TEST_TMPDIR/pack" app="$BATS_TEST_TMPDIR/app"
    mkdir -p "$work" "$app"
    run npm pack --silent --pack-destination "$work" --prefix "$NODE_DIR" "$NODE_DIR"
    assert_success
    local tgz
    tgz=$(ls "$work"/heapcourse-mems-*.tgz)
    # the phases' sources went in, gathered at pack time, and nothing else
    run tar -tzf "$tgz"
    assert_success
    assert_line 'package/src/phase5/mems.c'
    assert_line 'package/src/phase4/chain.c'
    assert_line 'package/src/phase1/page.h'
    assert_line 'package/src/sources.txt'
    assert_line 'package/mems_node.c'
    assert_line 'package/index.d.ts'
    refute_line --partial 'package/test/'
    refute_line --partial 'package/build/'
    refute_line --partial 'package/src/phase5/main.c'
    # gathered for the pack only
    assert_file_not_exists "$NODE_DIR/src"

    cd "$app"
    echo '{"name": "app", "version": "1.0.0", "private": true}' >package.json
    run env -u HEAPCOURSE_MEMS_ADDON CC="$(config_cc)" npm install --no-audit \
        --no-fund --prefer-offline "$tgz"
    assert_success
    assert_file_exists "$app/node_modules/heapcourse-mems/build/mems.node"
    run env -u HEAPCOURSE_MEMS_ADDON node -e '
        const mems = require("heapcourse-mems");
        mems.init();
        const v = mems.malloc(100);
        mems.write(v + 10n, "from the package");
        console.log(v, mems.read(v + 10n, 16).toString());
        mems.finish();'
    assert_success
    assert_output '1000n from the package'
}
