/*
 * main.c - the phase 1 program: the page layer (page.c) driven by the
 * shared command language (common/script.c) with the page commands
 * (page_commands.c).  Everything it does is described in phase1/README.md.
 */
#include "page.h"
#include "page_commands.h"
#include "page_homework.h"
#include "script.h"

static const struct script_command *const tables[] = {page_commands, NULL};
static const struct script_option *const options[] = {page_options, NULL};

const struct script_program phase1_program = {
    .name = "phase1",
    .purpose = "Phase 1: pages from the kernel (mmap, munmap, a page cache).",
    .tables = tables,
    .options = options,
    .stats = page_print_stats,
    .check = page_check,
    .dump = page_draw,
    .teardown = page_reset,
    .locate = page_locate,
    .homework = &page_homework,
};

/* A fuzz build (tests/fuzz/) runs phase1_program through
 * script_run_sandboxed() and brings its own main. */
#ifndef HEAPCOURSE_FUZZ
int main(int argc, char **argv)
{
    return script_main(&phase1_program, argc, argv);
}
#endif
