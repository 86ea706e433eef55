/*
 * main.c - the phase 4 program: split and merge.  The typed allocator
 * (typed.c) on the chain engine (chain.c), in the pages of registered
 * families (phase 2) with phase 3's page headers and meta blocks, on the
 * page layer (phase 1).  Described in phase4/README.md.
 */
#include "family.h"
#include "family_commands.h"
#include "page.h"
#include "page_commands.h"
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
    family_print_stats(s);
    page_print_stats(s);
}

static void phase4_check(struct diag_report *report)
{
    typed_check(report);
    family_check(report);
    page_check(report);
}

static void phase4_teardown(void)
{
    typed_reset();
    family_reset();
    page_reset();
}

static const struct script_command *const tables[] = {family_commands,
                                                      typed_commands, NULL};
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
    .dump = typed_draw,
    .teardown = phase4_teardown,
};

int main(int argc, char **argv)
{
    return script_main(&phase4, argc, argv);
}
