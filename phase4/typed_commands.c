/*
 * typed_commands.c - the typed allocator's commands (xcalloc, xfree,
 * write, read, blocks, usage, policy), statistics and DOT picture.
 * Program code on top of typed.c; formats are part of the lesson
 * (phase4/README.md) and of the golden files in tests/golden/phase4/.
 */
#include "typed_commands.h"

#include <stdio.h>
#include <string.h>

#include "block_commands.h"
#include "family_commands.h"
#include "typed.h"
#include "typed_report.h"

static int cmd_xcalloc(struct script *s, int argc, char **argv)
{
    struct family *f = family_named(s, argv[0]);
    const char *label = script_result_label(s);
    enum chain_outcome outcome;
    size_t units;
    void *data;

    (void)argc;
    if (f == NULL || script_size_arg(s, argv[1], "units", &units) < 0)
        return -1;
    data = typed_alloc(f, units, &outcome);
    if (data == NULL)
        return script_fail(s, "%s", diag_last_error());
    script_bind_result(s, data);
    printf("%s: %zu x %s at page %zu offset %zu, %u bytes (%s)",
           label != NULL ? label : "block", units, f->name,
           BLOCK_PAGE(BLOCK_META(data))->run->number,
           (size_t)BLOCK_META(data)->offset + BLOCK_META_SIZE,
           BLOCK_META(data)->size, chain_outcome_name(outcome));
    if (script_raw(s))
        printf(" (data at %p)", data);
    putchar('\n');
    return 0;
}

static int cmd_xfree(struct script *s, int argc, char **argv)
{
    void *data;
    struct block_page *page;
    const char *name;
    size_t number, merges = typed_chain()->merges;
    int released;

    (void)argc;
    if (script_label_value(s, argv[0], &data) < 0)
        return -1;
    page = block_page_find(data);
    name = page != NULL ? page->family->name : "";
    number = page != NULL ? page->run->number : 0;
    if (typed_free(data, &released) < 0)
        return script_fail(s, "%s", diag_last_error());
    script_release(s, argv[0]);
    printf("%s: freed, merged with %zu free neighbour%s\n", argv[0],
           typed_chain()->merges - merges,
           typed_chain()->merges - merges == 1 ? "" : "s");
    if (released)
        printf("%s: page %zu is one free block again, given back to the "
               "page layer\n", name, number);
    return 0;
}

/* Labels name blocks in the program's listings. */
static const char *label_of(const void *data, void *arg)
{
    return script_label_of(arg, data);
}

static int cmd_blocks(struct script *s, int argc, char **argv)
{
    if (argc == 1) {
        const struct family *f = family_named(s, argv[0]);
        if (f == NULL)
            return -1;
        typed_print_blocks(stdout, f, label_of, s);
        return 0;
    }
    for (const struct family *f = family_next(NULL); f; f = family_next(f))
        typed_print_blocks(stdout, f, label_of, s);
    return 0;
}

static int cmd_usage(struct script *s, int argc, char **argv)
{
    if (argc == 1) {
        const struct family *f = family_named(s, argv[0]);
        if (f == NULL)
            return -1;
        typed_print_usage(stdout, f);
    } else {
        for (const struct family *f = family_next(NULL); f;
             f = family_next(f))
            typed_print_usage(stdout, f);
    }
    printf("pages in use   %zu (%zu bytes)\n", page_totals()->live_pages,
           page_totals()->live_pages * page_size());
    return 0;
}

/* The policy named `name` ("first", "best", "worst"); false if none. */
static bool policy_named(const char *name, enum chain_policy *out)
{
    static const enum chain_policy policies[] = {
        CHAIN_FIRST_FIT, CHAIN_BEST_FIT, CHAIN_WORST_FIT};

    for (size_t i = 0; i < sizeof policies / sizeof policies[0]; i++)
        if (strcmp(name, chain_policy_name(policies[i])) == 0) {
            *out = policies[i];
            return true;
        }
    return false;
}

static int cmd_policy(struct script *s, int argc, char **argv)
{
    enum chain_policy policy;

    (void)argc;
    if (!policy_named(argv[0], &policy))
        return script_fail(s, "unknown policy '%s' (first, best or worst)",
                           argv[0]);
    typed_set_policy(policy);
    printf("policy: %s fit\n", argv[0]);
    return 0;
}

/* --fit: the policy the program starts with. */
static enum chain_policy start_policy = CHAIN_WORST_FIT;

static int set_fit(const char *value)
{
    if (!policy_named(value, &start_policy))
        return diag_error("unknown policy '%s' (first, best or worst)",
                          value);
    return 0;
}

enum chain_policy typed_start_policy(void)
{
    return start_policy;
}

const struct script_option typed_options[] = {
    {"--fit", "POLICY", "the fit policy to start with: first, best or worst "
                        "(default worst)", set_fit},
    {0},
};

const struct script_command typed_commands[] = {
    {"xcalloc", "NAME UNITS", "hand out UNITS zeroed structs of NAME in one "
                              "block", 2, 2, SCRIPT_RESULT | SCRIPT_CHANGES,
     cmd_xcalloc},
    {"xfree", "LABEL", "free the block and merge it with free neighbours", 1,
     1, SCRIPT_CHANGES, cmd_xfree},
    {"blocks", "[NAME]", "list each page of a family with its blocks", 0, 1,
     0, cmd_blocks},
    {"usage", "[NAME]", "block counts and bytes per family (TBC FBC OBC)", 0,
     1, 0, cmd_usage},
    {"policy", "first|best|worst", "choose the fit policy (default: worst)",
     1, 1, SCRIPT_CHANGES, cmd_policy},
    {0},
};

void typed_print_stats(struct script *s)
{
    const struct chain *c = typed_chain();

    (void)s;
    printf("policy         %s fit\n", chain_policy_name(c->policy));
    printf("splits         exact fit %zu, split %zu, soft fragmentation %zu, "
           "hard fragmentation %zu\n", c->outcomes[CHAIN_EXACT],
           c->outcomes[CHAIN_SPLIT], c->outcomes[CHAIN_SOFT_FRAG],
           c->outcomes[CHAIN_HARD_FRAG]);
    printf("merges         %zu\n", c->merges);
    printf("searched       %zu free blocks\n", c->searched);
    printf("meta block     %zu bytes, page header %zu bytes\n",
           BLOCK_META_SIZE, BLOCK_HEADER_SIZE);
}

/* Phase 4's page clusters say how many pages the run spans. */
static void run_title(const struct block_page *page, char *buf, size_t size)
{
    snprintf(buf, size, "page %zu (%zu page%s)", page->run->number,
             page->run->pages, page->run->pages == 1 ? "" : "s");
}

void typed_draw(struct script *s, struct dot *d)
{
    const struct chain *c = typed_chain();

    block_draw_families(s, d, run_title, typed_gap, "gap");
    dot_footer(d, "policy %s fit; splits: exact %zu, split %zu, soft %zu, "
                  "hard %zu; merges %zu", chain_policy_name(c->policy),
               c->outcomes[CHAIN_EXACT], c->outcomes[CHAIN_SPLIT],
               c->outcomes[CHAIN_SOFT_FRAG], c->outcomes[CHAIN_HARD_FRAG],
               c->merges);
    dot_footer(d, "pages in use %zu", page_totals()->live_pages);
}
