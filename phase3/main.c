/*
 * main.c - the phase 3 program: meta blocks and data blocks (block.c) in
 * the pages of registered families (phase 2) taken from the page layer
 * (phase 1).  Described in phase3/README.md.
 */
#include "block_homework.h"
#include "block.h"
#include "block_commands.h"
#include "family.h"
#include "family_commands.h"
#include "page.h"
#include "page_commands.h"
#include "script.h"

static int phase3_setup(void)
{
    block_setup();
    return 0;
}

static void phase3_stats(struct script *s)
{
    block_print_stats(s);
    family_print_stats(s);
    page_print_stats(s);
}

static void phase3_check(struct diag_report *report)
{
    block_check(report);
    family_check(report);
    page_check(report);
}

static void phase3_teardown(void)
{
    block_reset();
    family_reset();
    page_reset();
}

static const struct script_command *const tables[] = {family_commands,
                                                      block_commands, NULL};
static const struct script_option *const options[] = {page_options, NULL};

const struct script_program phase3_program = {
    .name = "phase3",
    .purpose = "Phase 3: meta blocks and data blocks (a family's pages "
               "carved into blocks).",
    .tables = tables,
    .options = options,
    .setup = phase3_setup,
    .stats = phase3_stats,
    .check = phase3_check,
    .dump = block_draw,
    .teardown = phase3_teardown,
    .locate = block_locate,
    .homework = &block_homework,
};

/* A fuzz build (tests/fuzz/) runs phase3_program through
 * script_run_sandboxed() and brings its own main. */
#ifndef HEAPCOURSE_FUZZ
int main(int argc, char **argv)
{
    return script_main(&phase3_program, argc, argv);
}
#endif
