/*
 * meta_node.c - reading and writing phase 3's meta blocks for the chain
 * engine (see meta_node.h), and checking that they tile their region.
 * Shared by typed.c and pool.c.
 */
#include "meta_node.h"

#include <string.h>

size_t meta_node_size(const void *node)
{
    return ((const struct block_meta *)node)->size;
}

void meta_node_set_size(void *node, size_t size)
{
    ((struct block_meta *)node)->size = (uint32_t)size;
}

bool meta_node_is_free(const void *node)
{
    return ((const struct block_meta *)node)->is_free;
}

void meta_node_set_free(void *node, bool is_free)
{
    ((struct block_meta *)node)->is_free = is_free;
}

void *meta_node_next(const void *node)
{
    return ((const struct block_meta *)node)->next;
}

void *meta_node_prev(const void *node)
{
    return ((const struct block_meta *)node)->prev;
}

void meta_node_link(void *node, void *next)
{
    struct block_meta *a = node, *b = next;

    a->next = b;
    if (b != NULL)
        b->prev = a;
}

/* Where the block after b starts: the next meta block, or the region's
 * end after the last one. */
static size_t next_start(const struct block_meta *b, size_t end)
{
    return b->next != NULL ? b->next->offset : end;
}

static size_t data_end(const struct block_meta *b)
{
    return (size_t)b->offset + BLOCK_META_SIZE + b->size;
}

size_t meta_node_gap(const struct block_meta *b, size_t end)
{
    size_t limit = next_start(b, end);
    return data_end(b) < limit ? limit - data_end(b) : 0;
}

void *meta_node_make(void *node, size_t offset)
{
    struct block_meta *before = node;
    struct block_meta *fresh =
        (struct block_meta *)((char *)BLOCK_DATA(before) + offset);

    memset(fresh, 0, BLOCK_META_SIZE);
    fresh->offset = (uint32_t)(before->offset + BLOCK_META_SIZE + offset);
    list_init(&fresh->free_link);
    meta_node_link(fresh, before->next);
    meta_node_link(before, fresh);
    return fresh;
}

struct list_node *meta_node_free_link(void *node)
{
    return &((struct block_meta *)node)->free_link;
}

void *meta_node_from_link(struct list_node *link)
{
    return list_entry(link, struct block_meta, free_link);
}

/* Where b really is: bytes from the region's start to its meta block. */
static size_t position(const void *region, const struct block_meta *b)
{
    return (size_t)((const char *)b - (const char *)region);
}

/* Blocks are walked by where they are, not by their offset fields, so a
 * wrong field is one report, not one for every block after it. */
void meta_node_check_tiling(const void *region,
                            const struct block_meta *first, size_t start,
                            size_t end, const char *what,
                            struct diag_report *r)
{
    if (first != NULL && position(region, first) != start)
        diag_problem(r, "%s: the first block is at offset %zu, not %zu", what,
                     position(region, first), start);
    for (const struct block_meta *b = first; b != NULL; b = b->next) {
        size_t at = position(region, b);
        size_t data_end = at + BLOCK_META_SIZE + b->size;
        size_t next = b->next != NULL ? position(region, b->next) : end;

        if (b->offset != at)
            diag_problem(r, "%s: block at offset %zu says its offset is %u",
                         what, at, b->offset);
        if (at % BLOCK_ALIGN != 0 || b->size % BLOCK_ALIGN != 0)
            diag_problem(r, "%s: block at offset %zu of %u bytes is not "
                            "aligned to %d", what, at, b->size, BLOCK_ALIGN);
        if (data_end > next)
            diag_problem(r, "%s: block at offset %zu: its %u bytes end at "
                            "%zu, past %s at %zu", what, at, b->size, data_end,
                         b->next != NULL ? "the next block" : "the end",
                         next);
    }
}
