/*
 * meta_node.h - phase 3's meta blocks as chain nodes: the accessors every
 * front end that keeps its blocks in band (the typed allocator, the pool)
 * puts in its struct chain_ops, and the tiling check both run.  What
 * differs between them (where a region ends, which free list, the address
 * order) each front end adds itself.
 *
 * Invariants of the meta blocks of one region (a typed data page or a
 * pool) of `end` bytes whose first block sits at `start`
 * (meta_node_check_tiling; the engine's own are in chain.h):
 *   the first block is at start; a block's offset field is where it
 *   really is, (char *)b - region; offset and size are multiples of
 *   BLOCK_ALIGN;
 *   a block's data never reaches past the next meta block (or end):
 *   offset + BLOCK_META_SIZE + size <= next->offset, so the gap between
 *   them is a real count of bytes, never a difference that went below
 *   zero, and with the engine's bound on gaps the blocks tile the region:
 *   offset + BLOCK_META_SIZE + size + gap == next->offset (or end).
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
 * region's length) for the last block; 0 if b's data runs past it (an
 * overrun meta_node_check_tiling reports). */
size_t meta_node_gap(const struct block_meta *b, size_t end);

/* A new meta block `offset` bytes into node's data, linked after it. */
void *meta_node_make(void *node, size_t offset);

struct list_node *meta_node_free_link(void *node);
void *meta_node_from_link(struct list_node *link);

/* The invariants above, for the chain from first (a chain that ends: see
 * chain_check) in the region at `region`, each problem reported as
 * "WHAT: ...". */
void meta_node_check_tiling(const void *region,
                            const struct block_meta *first, size_t start,
                            size_t end, const char *what,
                            struct diag_report *report);

#endif
