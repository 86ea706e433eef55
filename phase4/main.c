/*
 * main.c - the phase 4 program: split and merge.  The typed allocator
 * (typed.c) and the bounded pool (pool.c) on the chain engine (chain.c),
 * with phase 3's page headers and meta blocks, phase 2's families and
 * phase 1's pages.  Described in phase4/README.md.
 */
#include "family.h"
#include "family_commands.h"
#include "page.h"
#include "page_commands.h"
#include "pool_commands.h"
#include "script.h"
#include "typed.h"
#include "typed_commands.h"

static int phase4_setup(void)
{
    typed_setup();
    return 0;
}

static void phase4_stats(struct script *s)
{
    typed_print_stats(s);
    pool_print_stats(s);
    family_print_stats(s);
    page_print_stats(s);
}

static void phase4_check(struct diag_report *report)
{
    typed_check(report);
    pool_program_check(report);
    family_check(report);
    page_check(report);
}

static void phase4_dump(struct script *s, struct dot *d)
{
    typed_draw(s, d);
    pool_draw(s, d);
}

static void phase4_teardown(void)
{
    pool_program_reset();
    typed_reset();
    family_reset();
    page_reset();
}

static const struct script_command *const tables[] = {
    family_commands, typed_commands, pool_commands, NULL};
static const struct script_option *const options[] = {page_options, NULL};

static const struct script_program phase4 = {
    .name = "phase4",
    .purpose = "Phase 4: split and merge (a family's page is one free block "
               "that allocations split and frees merge).",
    .tables = tables,
    .options = options,
    .setup = phase4_setup,
    .stats = phase4_stats,
    .check = phase4_check,
    .dump = phase4_dump,
    .teardown = phase4_teardown,
};

int main(int argc, char **argv)
{
    return script_main(&phase4, argc, argv);
}
