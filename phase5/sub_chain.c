/*
 * sub_chain.c - the segments of a main node, as nodes of phase 4's chain
 * engine.  The engine splits a HOLE on allocation and merges HOLE
 * neighbours on free, exactly as it does for blocks; what differs is only
 * where a node lives.  A block's meta block sits in the page just before
 * its data (in band); a segment's record sits in a record page of its own
 * (out of band), so a segment costs no bytes of the node it divides and
 * the engine is told the overhead is 0.  Two consequences, both handled
 * here: making a node needs a record (reserved in advance, because the
 * engine's make cannot fail) and a merged-away node's record must go back
 * to its pool (the engine's drop op).
 */
#include "mems_internal.h"

struct mems_segment *sub_chain_new_segment(void)
{
    return record_take(&mems.segment_records);
}

int sub_chain_reserve_spare(void)
{
    if (mems.spare == NULL)
        mems.spare = sub_chain_new_segment();
    return mems.spare != NULL ? 0 : -1;
}

struct mems_segment *sub_chain_find(const struct mems_node *node, vaddr_t v)
{
    struct mems_segment *seg = node->first;

    while (seg != NULL && sub_chain_segment_end(seg) <= v)
        seg = seg->next;
    return seg;
}

/* ---- the chain engine's view of a segment ------------------------------- */

static size_t seg_size(const void *n)
{
    return ((const struct mems_segment *)n)->size;
}

static void seg_set_size(void *n, size_t size)
{
    ((struct mems_segment *)n)->size = size;
}

static bool seg_is_hole(const void *n)
{
    return ((const struct mems_segment *)n)->hole;
}

static void seg_set_hole(void *n, bool hole)
{
    ((struct mems_segment *)n)->hole = hole;
}

static void *seg_next(const void *n)
{
    return ((const struct mems_segment *)n)->next;
}

static void *seg_prev(const void *n)
{
    return ((const struct mems_segment *)n)->prev;
}

static void seg_link(void *n, void *next)
{
    struct mems_segment *seg = n, *after = next;

    seg->next = after;
    if (after != NULL)
        after->prev = seg;
}

/* Segments lie end to end: no bytes between one and the next. */
static size_t seg_gap(const void *n)
{
    (void)n;
    return 0;
}

/* The rest of a split HOLE: the reserved record, starting `offset` bytes
 * into seg and linked after it. */
static void *seg_make(void *n, size_t offset)
{
    struct mems_segment *seg = n, *rest = mems.spare;

    mems.spare = NULL;
    *rest = (struct mems_segment){.owner = seg->owner,
                                  .vstart = seg->vstart + offset};
    seg_link(rest, seg->next);
    seg_link(seg, rest);
    seg->owner->segments++;
    return rest;
}

static uint64_t seg_order(const void *n)
{
    return ((const struct mems_segment *)n)->vstart;
}

/* A HOLE merged into its left neighbour: its record goes back. */
static void seg_drop(void *n)
{
    struct mems_segment *seg = n;

    seg->owner->segments--;
    record_give(&mems.segment_records, seg);
}

/* No free list: MeMS searches the sub-chains themselves, in order
 * (chain_find_walk), as the assignment describes. */
const struct chain_ops sub_chain_ops = {
    .size = seg_size, .set_size = seg_set_size,
    .is_free = seg_is_hole, .set_free = seg_set_hole,
    .next = seg_next, .prev = seg_prev, .link = seg_link,
    .gap = seg_gap, .make = seg_make, .order = seg_order, .drop = seg_drop,
};
