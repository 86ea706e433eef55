#!/bin/sh
# make-dict.sh SCRIPT - a libFuzzer dictionary (one "word" a line) of every
# word in a phase's demo script, plus the separators of the language, so
# that the fuzzer builds commands out of real command words and labels.
# usage: sh tests/fuzz/make-dict.sh phase3/demo.hc > phase3.dict
set -eu
{
    # words: comments dropped, split at blanks and ';', quotes kept whole
    sed -e 's/#.*//' "$1" | tr ' \t;' '\n\n\n' | grep -v '^$'
    printf '%s\n' '=' ';' '#' '"' 'check' 'stats' 'dump' 'help' 'quit' \
        '0x' '0' '1' '4096' '18446744073709551615'
} | sort -u | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/.*/"&"/'
