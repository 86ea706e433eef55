#!/bin/sh
# deps.sh - the tools `make bench` needs: gnuplot for the plots, and the
# programs it runs (python3, git; gcc and sort come with the compiler and
# coreutils).  Missing ones are installed from Debian's packages as root or
# with password-less sudo; otherwise it stops with the exact command to run.
# common/deps.sh does the same for demo and check, but it always wants
# Graphviz and knows no other needs, so this is its small twin.
# usage: sh phase4/bench/deps.sh
set -eu

missing=""
need() { # need PACKAGE COMMAND: the package is missing unless COMMAND exists
    command -v "$2" >/dev/null 2>&1 || missing="$missing $1"
}

need gnuplot-nox gnuplot
need python3 python3
need git git
[ -z "$missing" ] && exit 0

echo "make bench needs these Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo"
else
    echo "Install them with:"
    echo "    sudo apt-get update && sudo apt-get install -y$missing"
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "No apt-get here: install$missing with your system's package manager."
    exit 1
fi
echo "Installing them with apt-get..."
# shellcheck disable=SC2086 # the package list is meant to split
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing ||
    { $sudo apt-get update -q &&
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing; }
