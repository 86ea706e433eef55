#!/bin/sh
# embed.sh - writes, on standard output, a C file that defines the char
# array NAME holding FILE's bytes as one string (the Makefile compiles the
# step viewer's page, common/viewer.html, into every phase program this
# way, so that --frames can write it).  Backslashes, double quotes and
# question marks are escaped (a "??" would be a trigraph under -std=c11).
# usage: sh common/embed.sh NAME FILE > OUT.c
set -eu
name=$1 file=$2
printf '/* Generated from %s by common/embed.sh: do not edit. */\n' "$file"
printf 'extern const char %s[];\n' "$name"
printf 'const char %s[] =\n' "$name"
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/^/"/' -e 's/$/\\n"/' "$file"
printf ';\n'
