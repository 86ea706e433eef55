/*
 * fuzz_phase.c - a libFuzzer target for one phase program's interpreter:
 * the command language is what a user controls, so the fuzzer's inputs
 * are scripts (any bytes at all) run by script_run_sandboxed().  That
 * runs the phase's setup, then each command, then the phase's check after
 * every command (a problem aborts: a crash to libFuzzer), then the
 * phase's teardown, so every input starts from an empty heap; and no
 * command touches a file.
 *
 * FUZZ_PROGRAM names the phase's program description (phase3_program,
 * from phase3/main.c built with -DHEAPCOURSE_FUZZ, which leaves out its
 * main); tests/fuzz/fuzz.mk builds one target per phase.
 */
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include "script.h"

#ifndef FUZZ_PROGRAM
#error "build with -DFUZZ_PROGRAM=phaseN_program (tests/fuzz/fuzz.mk)"
#endif

extern const struct script_program FUZZ_PROGRAM;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The break is process state no teardown gives back (phase 1's `sbrk`
     * and os_malloc's heap only move it up), so put it back here. */
    void *start_break = sbrk(0);

    script_run_sandboxed(&FUZZ_PROGRAM, (const char *)data, size);
    if (sbrk(0) != start_break)
        (void)brk(start_break);
    return 0;
}
