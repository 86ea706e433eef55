#!/bin/sh
# deps.sh - find the tools a make target needs and install the missing ones
# from Debian's packages (as root, or with password-less sudo); otherwise
# stop with the exact command to run.  Used by `make demo`, `make check`
# `make bench`, `make fuzz` and `make grade`.
# usage: sh tools/deps.sh demo|check|bench|fuzz|grade [valgrind] [clang]
set -u

missing=""
need() { # need PACKAGE TEST...: the package is missing unless TEST succeeds
    package=$1; shift
    case " $missing " in *" $package "*) return ;; esac
    "$@" >/dev/null 2>&1 || missing="$missing $package"
}
have() { command -v "$1"; }
bats_lib() { test -f "/usr/lib/bats/$1/load.bash"; }
# Bats runs tests side by side with GNU parallel, not moreutils' namesake.
gnu_parallel() { parallel --version 2>/dev/null | grep -q 'GNU parallel'; }
# libFuzzer's runtime comes with clang's runtime libraries, in a package
# named after clang's major version (Debian 12: 14).
clang_major() {
    clang --version 2>/dev/null | sed -n 's/.*clang version \([0-9]*\).*/\1/p'
}
# A shared library the dynamic loader knows by that name, as a file that
# exists (ldconfig -p lists every architecture's; make bench then checks
# that the one it preloads replaces malloc).
have_library() {
    ldconfig=$(command -v ldconfig || echo /sbin/ldconfig)
    for file in $("$ldconfig" -p 2>/dev/null | awk -v so="$1" '$1 == so { print $NF }'); do
        test -f "$file" && return 0
    done
    return 1
}
fuzzer_runtime() {
    test -f "$(clang -print-file-name=libclang_rt.fuzzer-x86_64.a)" ||
        test -f "$(clang -print-file-name=libclang_rt.fuzzer.a)"
}

for what in "$@"; do
    case $what in
    demo) need graphviz have dot ;;
    check)
        need graphviz have dot
        need bats have bats
        need bats-support bats_lib bats-support
        need bats-assert bats_lib bats-assert
        need bats-file bats_lib bats-file
        # GNU parallel: Bats runs independent tests side by side with it
        need parallel gnu_parallel
        need strace have strace
        # phase 4's drop-in malloc runs real programs: these and gcc, sort,
        # bash and awk, which every Debian machine with a compiler has
        need python3 have python3
        need git have git
        need valgrind have valgrind
        # the grader's sandbox (tests/grade.bats grades submissions)
        need bubblewrap have bwrap
        ;;
    bench)
        # the plots, and the real programs it times (gcc and sort come
        # with the compiler and coreutils)
        need gnuplot-nox have gnuplot
        need python3 have python3
        need git have git
        # the allocators it compares libheap with, besides glibc's
        need libjemalloc2 have_library libjemalloc.so.2
        need libmimalloc2.0 have_library libmimalloc.so.2
        ;;
    # the grader's sandbox (tools/grade.sh)
    grade) need bubblewrap have bwrap ;;
    valgrind) need valgrind have valgrind ;;
    clang) need clang have clang ;;
    fuzz)
        need clang have clang
        major=$(clang_major)
        need "libclang-rt-${major:-14}-dev" fuzzer_runtime
        ;;
    *) echo "deps.sh: unknown need '$what'" >&2; exit 2 ;;
    esac
done
[ -z "$missing" ] && exit 0

echo "heapcourse needs these Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then
    sudo=""
elif have sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo="sudo"
else
    echo "Install them with:"
    echo "    sudo apt-get update && sudo apt-get install -y$missing"
    exit 1
fi
if ! have apt-get >/dev/null; then
    echo "No apt-get here: install$missing with your system's package manager."
    exit 1
fi
echo "Installing them with apt-get..."
# shellcheck disable=SC2086 # the package list is meant to split
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing ||
    { $sudo apt-get update -q &&
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing; }
