/*
 * main.c - the phase 2 program: the family registry (family.c) on the page
 * layer of phase 1, driven by the shared command language.  Described in
 * phase2/README.md.
 */
#include "family_homework.h"
#include "family.h"
#include "family_commands.h"
#include "page.h"
#include "page_commands.h"
#include "script.h"

static void phase2_stats(struct script *s)
{
    family_print_stats(s);
    page_print_stats(s);
}

static void phase2_check(struct diag_report *report)
{
    family_check(report);
    page_check(report);
}

static void phase2_teardown(void)
{
    family_reset();
    page_reset();
}

static const struct script_command *const tables[] = {family_commands, NULL};

static const struct script_option *const options[] = {page_options, NULL};

const struct script_program phase2_program = {
    .name = "phase2",
    .purpose = "Phase 2: page-family registration (struct names and sizes "
               "kept in pages of their own).",
    .tables = tables,
    .options = options,
    .stats = phase2_stats,
    .check = phase2_check,
    .dump = family_draw,
    .teardown = phase2_teardown,
    .homework = &family_homework,
};

/* A fuzz build (tests/fuzz/) runs phase2_program through
 * script_run_sandboxed() and brings its own main. */
#ifndef HEAPCOURSE_FUZZ
int main(int argc, char **argv)
{
    return script_main(&phase2_program, argc, argv);
}
#endif
