/*
 * block_commands.c - the block layer's commands (alloc, free, write, read,
 * blocks), its statistics and its DOT picture.  Program code on top of
 * block.c; formats are part of the lesson (phase3/README.md) and of the
 * golden files in tests/golden/phase3/.
 */
#include "block_commands.h"

#include <stdio.h>
#include <string.h>

#include "block.h"
#include "family_commands.h"

/* The page number and offset of a block's data, for messages. */
static void print_place(const struct block_meta *meta)
{
    printf("page %zu offset %zu", BLOCK_PAGE(meta)->run->number,
           (size_t)meta->offset + BLOCK_META_SIZE);
}

static int cmd_alloc(struct script *s, int argc, char **argv)
{
    struct family *f = family_named(s, argv[0]);
    const char *label = script_result_label(s);
    int new_page;
    void *data;

    (void)argc;
    if (f == NULL)
        return -1;
    data = block_alloc(f, &new_page);
    if (data == NULL)
        return script_fail(s, "%s", diag_last_error());
    if (new_page)
        printf("%s: formatted page %zu into %zu block%s (meta %zu + data %zu "
               "bytes each, tail %zu)\n", f->name,
               BLOCK_PAGE(BLOCK_META(data))->run->number, block_per_page(f),
               block_per_page(f) == 1 ? "" : "s", BLOCK_META_SIZE,
               block_data_size(f), block_tail_bytes(f));
    script_bind_result(s, data);
    printf("%s: %s at ", label != NULL ? label : "block", f->name);
    print_place(BLOCK_META(data));
    printf(", %u bytes", f->size);
    if (script_raw(s))
        printf(" (data at %p)", data);
    putchar('\n');
    return 0;
}

static int cmd_free(struct script *s, int argc, char **argv)
{
    void *data;
    struct block_page *page;
    const struct family *f;
    size_t number;
    int released;

    (void)argc;
    if (script_label_value(s, argv[0], &data) < 0)
        return -1;
    page = block_page_find(data);
    f = page != NULL ? page->family : NULL;
    number = page != NULL ? page->run->number : 0;
    if (block_free(data, &released) < 0)
        return script_fail(s, "%s", diag_last_error());
    script_release(s, argv[0]);
    printf("%s: freed\n", argv[0]);
    if (released)
        printf("%s: page %zu all free, given back to the page layer\n",
               f->name, number);
    return 0;
}

/* The struct a label names: its data and its family's struct size. */
int block_locate(struct script *s, const char *label, unsigned char **base,
                 size_t *size)
{
    void *data;
    struct block_page *page;

    if (script_label_value(s, label, &data) < 0)
        return -1;
    page = block_page_find(data);
    if (page == NULL)
        return script_fail(s, "label '%s' is not a block", label);
    *base = data;
    *size = page->family->size;
    return 0;
}

static void print_family_blocks(struct script *s, const struct family *f)
{
    const struct list_node *pos;

    printf("%s: struct %u bytes, blocks of meta %zu + data %zu, %zu a page, "
           "tail %zu\n", f->name, f->size, BLOCK_META_SIZE,
           block_data_size(f), block_per_page(f), block_tail_bytes(f));
    list_for_each(pos, &f->data_pages) {
        const struct block_page *page =
            list_entry(pos, struct block_page, link);
        printf("  page %zu: %u block%s, %u free\n", page->run->number,
               page->blocks, page->blocks == 1 ? "" : "s", page->free_count);
        for (const struct block_meta *b = page->first; b; b = b->next) {
            const char *label = script_label_of(s, BLOCK_DATA(b));
            printf("    meta @%-5u data @%-5zu %5u bytes  %s%s%s",
                   b->offset, (size_t)b->offset + BLOCK_META_SIZE, b->size,
                   b->is_free ? "free" : "allocated",
                   label != NULL ? "  " : "", label != NULL ? label : "");
            if (script_raw(s))
                printf("  (meta at %p)", (const void *)b);
            putchar('\n');
        }
    }
}

static int cmd_blocks(struct script *s, int argc, char **argv)
{
    if (argc == 1) {
        const struct family *f = family_named(s, argv[0]);
        if (f == NULL)
            return -1;
        print_family_blocks(s, f);
        return 0;
    }
    for (const struct family *f = family_next(NULL); f; f = family_next(f))
        print_family_blocks(s, f);
    return 0;
}

const struct script_command block_commands[] = {
    {"alloc", "NAME", "hand out one struct of family NAME (zeroed)", 1, 1,
     SCRIPT_RESULT | SCRIPT_CHANGES, cmd_alloc},
    {"free", "LABEL", "give the struct back", 1, 1, SCRIPT_CHANGES, cmd_free},
    SCRIPT_MEMORY_COMMANDS("LABEL", "copy TEXT into the struct at OFFSET",
                           "show LEN bytes of the struct from OFFSET"),
    {"blocks", "[NAME]", "list each data page of a family with its blocks",
     0, 1, 0, cmd_blocks},
    {0},
};

/* Bytes the allocated structs of f occupy, and their padding. */
static size_t family_struct_bytes(const struct family *f, size_t *padding)
{
    const struct list_node *pos;
    size_t allocated = 0;

    list_for_each(pos, &f->data_pages) {
        const struct block_page *page =
            list_entry(pos, struct block_page, link);
        allocated += page->blocks - page->free_count;
    }
    *padding = allocated * (block_data_size(f) - f->size);
    return allocated * f->size;
}

static double percent(size_t part, size_t whole)
{
    return whole == 0 ? 0.0 : 100.0 * (double)part / (double)whole;
}

void block_print_stats(struct script *s)
{
    (void)s;
    printf("meta block     %zu bytes (sizeof struct block_meta)\n",
           BLOCK_META_SIZE);
    printf("page header    %zu bytes (sizeof struct block_page, rounded to "
           "%d)\n", BLOCK_HEADER_SIZE, BLOCK_ALIGN);
    for (const struct family *f = family_next(NULL); f; f = family_next(f)) {
        size_t pages = list_length(&f->data_pages), blocks, free_blocks = 0;
        size_t padding, in_use = family_struct_bytes(f, &padding);
        const struct list_node *pos;

        list_for_each(pos, &f->data_pages)
            free_blocks +=
                list_entry(pos, struct block_page, link)->free_count;
        blocks = pages * block_per_page(f);
        printf("%-14s pages %zu, blocks %zu (allocated %zu, free %zu), "
               "meta bytes %zu, data bytes %zu, tail bytes %zu\n", f->name,
               pages, blocks, blocks - free_blocks, free_blocks,
               blocks * BLOCK_META_SIZE, blocks * block_data_size(f),
               pages * block_tail_bytes(f));
        printf("%-14s structs in use %zu bytes, %.1f%% of its %zu page "
               "bytes; padding %zu bytes\n", "", in_use,
               percent(in_use, pages * page_size()), pages * page_size(),
               padding);
    }
}

/* The port of a block's data cell: "d" and its offset. */
static void data_port(const struct block_meta *b, char *buf, size_t size)
{
    snprintf(buf, size, "d%u", b->offset);
}

/* Phase 3's pages end in a tail after the last block; no other gaps. */
static size_t tail_after(const struct block_meta *b)
{
    return b->next != NULL ? 0 : block_tail_bytes(BLOCK_PAGE(b)->family);
}

void block_draw_page(struct script *s, struct dot *d,
                     const struct block_page *page, block_gap_fn gap,
                     const char *gap_name)
{
    char id[32], port[32];

    snprintf(id, sizeof id, "page%zu", page->run->number);
    dot_strip_begin(d, id);
    dot_strip_cell(d, DOT_META, NULL, "header\n%zu", BLOCK_HEADER_SIZE);
    for (const struct block_meta *b = page->first; b; b = b->next) {
        const char *label = script_label_of(s, BLOCK_DATA(b));
        data_port(b, port, sizeof port);
        dot_strip_cell(d, DOT_META, NULL, "m\n@%u", b->offset);
        dot_strip_cell(d, b->is_free ? DOT_FREE : DOT_ALLOCATED, port,
                       "%s\n%u", b->is_free ? "free" : label ? label : "used",
                       b->size);
        if (gap(b) > 0)
            dot_strip_cell(d, DOT_NEUTRAL, NULL, "%s\n%zu", gap_name,
                           gap(b));
    }
    dot_strip_end(d);
}

/* The family's free list, in the order allocation takes it, as a lane of
 * its own under the family's pages: one strip, "free list" and then one
 * cell a free block (its page and its meta block's offset, as the page
 * strips show it), head first.  A lane, not edges between the page cells:
 * an edge from one cell of a strip to another of the same strip has no
 * way round its neighbours, and Graphviz draws it through them. */
void block_draw_free_list(struct dot *d, const struct family *f)
{
    const struct list_node *pos;
    char id[32];
    unsigned position = 0;

    if (list_empty(&f->free_blocks))
        return;
    snprintf(id, sizeof id, "free%u", f->index);
    dot_strip_begin(d, id);
    dot_strip_cell(d, DOT_NEUTRAL, NULL, "free list\nhead first");
    list_for_each(pos, &f->free_blocks) {
        const struct block_meta *b =
            list_entry(pos, struct block_meta, free_link);
        dot_strip_cell(d, DOT_FREE, NULL, "%u: page %zu\n@%u", ++position,
                       BLOCK_PAGE(b)->run->number, b->offset);
    }
    dot_strip_end(d);
}

size_t block_draw_families(struct script *s, struct dot *d,
                           block_title_fn title, block_gap_fn gap,
                           const char *gap_name)
{
    char text[96];
    size_t data_pages = 0;
    int drawn = 0;

    for (const struct family *f = family_next(NULL); f; f = family_next(f)) {
        const struct list_node *pos;
        snprintf(text, sizeof text, "family %s: struct %u bytes", f->name,
                 f->size);
        dot_cluster_begin(d, text);
        list_for_each(pos, &f->data_pages) {
            const struct block_page *page =
                list_entry(pos, struct block_page, link);
            title(page, text, sizeof text);
            dot_cluster_begin(d, text);
            block_draw_page(s, d, page, gap, gap_name);
            dot_cluster_end(d);
            data_pages++;
        }
        if (list_empty(&f->data_pages)) {
            snprintf(text, sizeof text, "nopages%u", f->index);
            dot_note(d, text, "no data page yet");
        }
        block_draw_free_list(d, f);
        dot_cluster_end(d);
        drawn++;
    }
    if (drawn == 0)
        dot_note(d, "no_families", "no family registered");
    return data_pages;
}

/* Phase 3's page clusters say how many of their blocks are free. */
static void free_count_title(const struct block_page *page, char *buf,
                             size_t size)
{
    snprintf(buf, size, "page %zu: %u of %u free", page->run->number,
             page->free_count, page->blocks);
}

void block_draw(struct script *s, struct dot *d)
{
    size_t data_pages =
        block_draw_families(s, d, free_count_title, tail_after, "tail");

    dot_footer(d, "meta block %zu bytes, page header %zu bytes, page %zu bytes",
               BLOCK_META_SIZE, BLOCK_HEADER_SIZE, page_size());
    dot_footer(d, "data pages %zu, family pages %zu", data_pages,
               list_length(family_pages()));
}
