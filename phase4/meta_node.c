/*
 * meta_node.c - reading and writing phase 3's meta blocks for the chain
 * engine (see meta_node.h).  Shared by typed.c and pool.c.
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

size_t meta_node_gap(const struct block_meta *b, size_t end)
{
    size_t data_end = b->offset + BLOCK_META_SIZE + b->size;
    return (b->next != NULL ? b->next->offset : end) - data_end;
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
