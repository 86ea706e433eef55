/*
 * family_commands.c - the registry's commands (register, lookup, families,
 * family-records), its statistics and its DOT picture.
 * Program code on top of family.c; formats are part of the lesson
 * (phase2/README.md) and of the golden files in tests/golden/phase2/.
 */
#include "family_commands.h"

#include <stdio.h>

#include "family.h"
#include "page.h"

/* Where a family's record is: its family page's index in the chain and
 * that page's number in the page layer. */
static void family_place(const struct family *f, size_t *chain_index,
                         size_t *page_number)
{
    const struct list_node *pos;
    size_t i = 0;

    list_for_each(pos, family_pages()) {
        const struct family_page *p =
            list_entry(pos, struct family_page, link);
        if (f >= p->records && f < p->records + p->count) {
            *chain_index = i;
            *page_number = p->run->number;
            return;
        }
        i++;
    }
    *chain_index = *page_number = 0;
}

static void print_family(struct script *s, const struct family *f)
{
    size_t chain_index, page_number;

    family_place(f, &chain_index, &page_number);
    printf("%s: %u bytes, family %u, on family page %zu (page %zu)", f->name,
           f->size, f->index, chain_index, page_number);
    if (script_raw(s))
        printf(" (record at %p)", (const void *)f);
    putchar('\n');
}

static int cmd_register(struct script *s, int argc, char **argv)
{
    size_t size;
    const struct family *f;

    (void)argc;
    if (script_size_arg(s, argv[1], "struct size", &size) < 0)
        return -1;
    f = family_register(argv[0], size);
    if (f == NULL)
        return script_fail(s, "%s", diag_last_error());
    printf("registered ");
    print_family(s, f);
    return 0;
}

struct family *family_named(struct script *s, const char *name)
{
    struct family *f = family_lookup(name);

    if (f == NULL)
        script_fail(s, "%s", diag_last_error());
    return f;
}

static int cmd_lookup(struct script *s, int argc, char **argv)
{
    const struct family *f = family_named(s, argv[0]);

    (void)argc;
    if (f == NULL)
        return -1;
    print_family(s, f);
    return 0;
}

static int cmd_families(struct script *s, int argc, char **argv)
{
    const struct list_node *pos;
    size_t chain_index = 0;

    (void)s;
    (void)argc;
    (void)argv;
    printf("families: %zu on %zu family page%s\n", family_count(),
           list_length(family_pages()),
           list_length(family_pages()) == 1 ? "" : "s");
    list_for_each(pos, family_pages()) {
        const struct family_page *p =
            list_entry(pos, struct family_page, link);
        printf("family page %zu (page %zu): %u of %u records\n", chain_index++,
               p->run->number, p->count, p->capacity);
        for (uint32_t i = 0; i < p->count; i++)
            printf("  %3u  %-31s %6u bytes\n", p->records[i].index,
                   p->records[i].name, p->records[i].size);
    }
    return 0;
}

static int cmd_family_records(struct script *s, int argc, char **argv)
{
    size_t n;

    (void)argc;
    if (script_size_arg(s, argv[0], "records per page", &n) < 0)
        return -1;
    if (n == 0)
        return script_fail(s, "records per page must be at least 1");
    if (family_set_records_per_page(n) < 0)
        return script_fail(s, "%s", diag_last_error());
    printf("family pages will hold %zu record%s each\n", n, n == 1 ? "" : "s");
    return 0;
}

const struct script_command family_commands[] = {
    {"register", "NAME SIZE", "register a struct NAME of SIZE bytes", 2, 2,
     SCRIPT_CHANGES, cmd_register},
    {"lookup", "NAME", "show the family registered as NAME", 1, 1, 0,
     cmd_lookup},
    {"families", "", "list the families, page by page", 0, 0, 0,
     cmd_families},
    {"family-records", "N", "hold at most N families per family page "
                            "(before the first register)", 1, 1, 0,
     cmd_family_records},
    {0},
};

void family_print_stats(struct script *s)
{
    const char *why;
    size_t limit = family_size_limit(&why);

    (void)s;
    printf("families       %zu\n", family_count());
    printf("family pages   %zu\n", list_length(family_pages()));
    if (family_records_per_page() == family_records_that_fit())
        printf("records/page   %zu: (page %zu - header %zu) / record %zu = "
               "%zu fit\n", family_records_per_page(), page_size(),
               sizeof(struct family_page), sizeof(struct family),
               family_records_that_fit());
    else
        printf("records/page   %zu (set by family-records; (page %zu - "
               "header %zu) / record %zu = %zu fit)\n",
               family_records_per_page(), page_size(),
               sizeof(struct family_page), sizeof(struct family),
               family_records_that_fit());
    printf("largest struct %zu bytes (%s)\n", limit, why);
}

void family_draw(struct script *s, struct dot *d)
{
    const struct list_node *pos;
    char id[32], prev_header[32] = "", prev[32], title[64];
    size_t chain_index = 0;

    (void)s;
    list_for_each(pos, family_pages()) {
        const struct family_page *p =
            list_entry(pos, struct family_page, link);
        snprintf(title, sizeof title, "family page %zu (page %zu): %u of %u",
                 chain_index, p->run->number, p->count, p->capacity);
        dot_cluster_begin(d, title);
        snprintf(id, sizeof id, "fpage%zu", chain_index);
        dot_node_begin(d, id, DOT_META, "header");
        dot_field(d, "records", "%u of %u", p->count, p->capacity);
        dot_field(d, "bytes", "%zu", sizeof *p);
        dot_node_end(d);
        snprintf(prev, sizeof prev, "%s", id);
        for (uint32_t i = 0; i < p->count; i++) {
            const struct family *f = &p->records[i];
            char fid[32];
            snprintf(fid, sizeof fid, "family%u", f->index);
            dot_node_begin(d, fid, DOT_ALLOCATED, f->name);
            dot_field(d, "size", "%u", f->size);
            dot_field(d, "family", "%u", f->index);
            dot_node_end(d);
            dot_edge(d, prev, fid, DOT_EDGE_CHAIN, NULL);
            snprintf(prev, sizeof prev, "%s", fid);
        }
        dot_cluster_end(d);
        /* The chain link joins two clusters, so it is drawn outside both. */
        if (prev_header[0] != '\0')
            dot_edge(d, prev_header, id, DOT_EDGE_CHAIN, "next page");
        snprintf(prev_header, sizeof prev_header, "%s", id);
        chain_index++;
    }
    if (chain_index == 0)
        dot_note(d, "no_families", "no family registered");
    dot_footer(d, "families %zu on %zu family pages, %zu records per page",
               family_count(), chain_index, family_records_per_page());
    dot_footer(d, "record %zu bytes, page header %zu bytes, page %zu bytes",
               sizeof(struct family), sizeof(struct family_page), page_size());
}
