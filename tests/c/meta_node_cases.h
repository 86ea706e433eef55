/*
 * meta_node_cases.h - what the checker tests of the two allocators built
 * on meta nodes (tests/c/typed_checker.c, tests/c/pool_checker.c) break
 * alike: the sizes that meta_node_check_tiling (phase4/meta_node.c) must
 * refuse.
 */
#ifndef HEAPCOURSE_META_NODE_CASES_H
#define HEAPCOURSE_META_NODE_CASES_H

#include <stdio.h>

#include "meta_node.h"

/* The size cases every checker of meta-node tiling (meta_node_check_tiling:
 * the typed allocator's pages, the pool's region) must report, on
 * consecutive blocks a (allocated), b (free), c and rest (the last block
 * of its AREA, "page" or "region"): each size broken, checked, repaired. */
static inline void checker_break_sizes(struct block_meta *a,
                                       struct block_meta *b,
                                       struct block_meta *c,
                                       struct block_meta *rest,
                                       const char *area,
                                       void (*check)(const char *what))
{
    char what[64];

    a->size += BLOCK_ALIGN;
    check("an allocated block grown into the next meta block");
    a->size -= BLOCK_ALIGN;

    rest->size += BLOCK_ALIGN;
    snprintf(what, sizeof what, "the last block grown past the %s's end",
             area);
    check(what);
    rest->size -= BLOCK_ALIGN;

    a->size -= BLOCK_META_SIZE + BLOCK_ALIGN;
    check("an allocated block shrunk by a meta block and 16 bytes");
    a->size += BLOCK_META_SIZE + BLOCK_ALIGN;

    b->size -= BLOCK_ALIGN;
    check("a free block 16 bytes short of the next block");
    b->size += BLOCK_ALIGN;

    c->size -= 8;
    check("a block size that is not a multiple of 16");
    c->size += 8;
}
#endif
