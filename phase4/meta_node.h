/*
 * meta_node.h - phase 3's meta blocks as chain nodes: the accessors every
 * front end that keeps its blocks in band (the typed allocator, the pool)
 * puts in its struct chain_ops.  What differs between them (where a region
 * ends, which free list, the address order) each front end adds itself.
 */
#ifndef HEAPCOURSE_META_NODE_H
#define HEAPCOURSE_META_NODE_H

#include "block.h"
#include "chain.h"

size_t meta_node_size(const void *node);
void meta_node_set_size(void *node, size_t size);
bool meta_node_is_free(const void *node);
void meta_node_set_free(void *node, bool is_free);
void *meta_node_next(const void *node);
void *meta_node_prev(const void *node);
void meta_node_link(void *node, void *next);

/* Bytes between the end of b's data and the next block, or `end` (the
 * region's length) for the last block. */
size_t meta_node_gap(const struct block_meta *b, size_t end);

/* A new meta block `offset` bytes into node's data, linked after it. */
void *meta_node_make(void *node, size_t offset);

struct list_node *meta_node_free_link(void *node);
void *meta_node_from_link(struct list_node *link);

#endif
