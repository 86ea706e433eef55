/*
 * main.c - the phase 4 program: split and merge.  The typed allocator
 * (typed.c) on the chain engine (chain.c), with two of the engine's
 * clients beside it, the bounded pool (pool/) and the os_* heap (os/);
 * under them phase 3's page headers and meta blocks, phase 2's families
 * and phase 1's pages.  Described in phase4/README.md.
 */
#include "typed_homework.h"
#include "block.h"
#include "family.h"
#include "family_commands.h"
#include "page.h"
#include "os_commands.h"
#include "page_commands.h"
#include "pool_commands.h"
#include "script.h"
#include "typed.h"
#include "typed_commands.h"

/* The size of the block a label names, whichever allocator it came from:
 * each is asked by walking its own records, never by reading before p. */
static int labelled_block(struct script *s, const char *label,
                          unsigned char **base, size_t *size)
{
    struct block_meta *meta;
    void *p;

    if (script_label_value(s, label, &p) < 0)
        return -1;
    *base = p;
    if ((meta = block_live(p)) != NULL) {
        *size = meta->size;
        return 0;
    }
    if (pool_program_block_size(p, size) == 0 ||
        os_program_block_size(p, size) == 0)
        return 0;
    return script_fail(s, "label '%s' names no live block", label);
}

static const struct script_command memory_commands[] = {
    SCRIPT_MEMORY_COMMANDS("LABEL", "copy TEXT into the block at OFFSET",
                           "show LEN bytes of the block from OFFSET"),
    {0},
};

static int phase4_setup(void)
{
    typed_setup();
    typed_set_policy(typed_start_policy());
    return 0;
}

static void phase4_stats(struct script *s)
{
    typed_print_stats(s);
    pool_print_stats(s);
    os_print_stats(s);
    family_print_stats(s);
    page_print_stats(s);
}

static void phase4_check(struct diag_report *report)
{
    typed_check(report);
    pool_program_check(report);
    os_program_check(report);
    family_check(report);
    page_check(report);
}

static void phase4_dump(struct script *s, struct dot *d)
{
    typed_draw(s, d);
    pool_draw(s, d);
    os_draw(s, d);
}

static void phase4_teardown(void)
{
    pool_program_reset();
    os_program_reset();
    typed_reset();
    family_reset();
    page_reset();
}

static const struct script_command *const tables[] = {
    family_commands, typed_commands, pool_commands, os_commands,
    memory_commands, NULL};
static const struct script_option *const options[] = {page_options,
                                                      typed_options, NULL};

const struct script_program phase4_program = {
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
    .locate = labelled_block,
    .homework = &typed_homework,
};

/* A fuzz build (tests/fuzz/) runs phase4_program through
 * script_run_sandboxed() and brings its own main. */
#ifndef HEAPCOURSE_FUZZ
int main(int argc, char **argv)
{
    return script_main(&phase4_program, argc, argv);
}
#endif
