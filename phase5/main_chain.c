/*
 * main_chain.c - MeMS's main chain: one node per mapping of whole pages,
 * in the order they were mapped, each covering the virtual range right
 * after the previous one's.  The pages come from phase 1's page layer
 * (page_alloc); the node records from a record pool of their own.  Nodes
 * are never unmapped one by one: mems_finish() releases them all.
 */
#include "mems_internal.h"

struct mems_node *main_chain_grow(size_t pages)
{
    struct mems_node *node;
    struct mems_segment *hole;
    struct page_run *run;

    node = record_take(&mems.node_records);
    if (node == NULL)
        return NULL;
    hole = sub_chain_new_segment();
    if (hole == NULL) {
        record_give(&mems.node_records, node);
        return NULL;
    }
    run = page_alloc(pages);
    if (run == NULL) {
        record_give(&mems.segment_records, hole);
        record_give(&mems.node_records, node);
        return NULL;
    }

    node->run = run;
    node->vstart = mems.next_vstart;
    node->bytes = run->bytes;
    node->first = hole;
    node->segments = 1;
    /* The whole new range is one HOLE, which the caller then splits. */
    *hole = (struct mems_segment){
        .owner = node, .vstart = node->vstart, .size = node->bytes,
        .hole = true};
    list_push_back(&mems.main_chain, &node->link);
    mems.nodes++;
    mems.next_vstart += node->bytes;
    return node;
}

struct mems_node *main_chain_first(void)
{
    /* Before mems_init the list head is all zeros, not an empty list. */
    if (!mems.initialized || list_empty(&mems.main_chain))
        return NULL;
    return list_entry(mems.main_chain.next, struct mems_node, link);
}

struct mems_node *main_chain_next(const struct mems_node *node)
{
    if (node->link.next == &mems.main_chain)
        return NULL;
    return list_entry(node->link.next, struct mems_node, link);
}

struct mems_node *main_chain_find(vaddr_t v)
{
    for (struct mems_node *node = main_chain_first(); node != NULL;
         node = main_chain_next(node))
        if (v >= node->vstart && v < main_chain_node_end(node))
            return node;
    return NULL;
}
