/*
 * main.c - the phase 5 program: virtual mapping, the MeMS model.  MeMS
 * (mems.c) hands out its own virtual addresses from a main chain of mapped
 * nodes (main_chain.c), each divided into PROCESS and HOLE segments
 * (sub_chain.c) that phase 4's chain engine splits and merges, on phase
 * 1's pages.  Described in phase5/README.md.
 */
#include "mems_homework.h"
#include "mems_commands.h"
#include "script.h"

static const struct script_command *const tables[] = {mems_commands, NULL};

const struct script_program phase5_program = {
    .name = "phase5",
    .purpose = "Phase 5: virtual mapping (MeMS: a main chain of mapped "
               "nodes, sub-chains of PROCESS and HOLE segments, virtual "
               "addresses from 1000).",
    .tables = tables,
    .options = NULL,
    .setup = mems_program_setup,
    .stats = mems_program_stats,
    .check = mems_program_check,
    .dump = mems_program_draw,
    .teardown = mems_program_teardown,
    .locate = mems_program_locate,
    .homework = &mems_homework,
};

/* A fuzz build (tests/fuzz/) runs phase5_program through
 * script_run_sandboxed() and brings its own main. */
#ifndef HEAPCOURSE_FUZZ
int main(int argc, char **argv)
{
    return script_main(&phase5_program, argc, argv);
}
#endif
