/*
 * chain.h - the chain engine: split on allocation, merge on free and a fit
 * policy, over an address-ordered chain of blocks, whatever a block's
 * bookkeeping looks like.
 *
 * A front end describes its nodes with a struct chain_ops (read and write
 * size, state and links; make a node; find a node's free list) and owns a
 * struct chain (policy, thresholds, counters).  The engine never touches a
 * node except through the ops, so one implementation serves the typed
 * allocator's in-band meta blocks (phase4/typed.c), the pool
 * (phase4/pool/), the brk heap of os_malloc (phase4/os/osmem.c), the
 * drop-in heap's medium regions (phase4/heap/) and MeMS's out-of-band
 * segments (phase5/sub_chain.c).  See phase4/README.md, "Four ways a
 * split ends" and "Merging both neighbours".
 */
#ifndef HEAPCOURSE_CHAIN_H
#define HEAPCOURSE_CHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "list.h"

enum chain_policy {
    CHAIN_FIRST_FIT, /* lowest address that fits; free list in address order */
    CHAIN_BEST_FIT,  /* smallest that fits; free list in address order */
    CHAIN_WORST_FIT, /* largest; free list by size, largest first (LMM) */
    CHAIN_FAST_FIT,  /* the first that fits on a list kept newest first:
                        O(1) to list a block; with lists segregated by
                        size (libheap's bins) the first fit is a good fit */
};

/* How a split ended (counted in struct chain). */
enum chain_outcome {
    CHAIN_EXACT,     /* the block was exactly the size asked: no split */
    CHAIN_SPLIT,     /* the rest became a free block able to hold a unit */
    CHAIN_SOFT_FRAG, /* the rest holds a node but no unit: free block anyway */
    CHAIN_HARD_FRAG, /* the rest is smaller than a node: left as a gap */
    CHAIN_OUTCOMES,
};

struct chain_ops {
    size_t (*size)(const void *node);           /* payload bytes */
    void (*set_size)(void *node, size_t size);
    bool (*is_free)(const void *node);
    void (*set_free)(void *node, bool is_free);
    void *(*next)(const void *node);            /* NULL: end of chain */
    void *(*prev)(const void *node);            /* NULL: start */
    void (*link)(void *node, void *next);       /* node->next = next and
                                                   next->prev = node */
    /* Bytes between the end of node's payload and the next node (or the
     * end of the region): the hard-fragmentation gap, 0 for most. */
    size_t (*gap)(const void *node);
    /* A new node `offset` bytes after the start of node's payload, linked
     * after node; its size and state are set by the engine.  It cannot
     * fail: a front end whose nodes need records reserves one first. */
    void *(*make)(void *node, size_t offset);
    /* The free list.  All three NULL for a chain without one (see
     * chain_find_walk). */
    list_head *(*free_list)(const void *node);  /* the list it belongs on */
    struct list_node *(*free_link)(void *node); /* its link in that list */
    void *(*from_link)(struct list_node *link); /* and back */
    uint64_t (*order)(const void *node);        /* address order key */
    /* A node a merge absorbed is no longer on the chain.  Out-of-band
     * nodes (MeMS segments) give its record back here; NULL for in-band
     * nodes, whose bytes simply become payload. */
    void (*drop)(void *node);
};

struct chain {
    const struct chain_ops *ops;
    size_t overhead;       /* bytes a node takes in band (0: out of band) */
    size_t min_payload;    /* a rest smaller than overhead + this does
                              not become a node (hard fragmentation) */
    bool absorb_small_rest;/* true: such a rest stays inside the block
                              (os_malloc); false: it is left as a gap
                              after the block (LMM) */
    enum chain_policy policy;
    bool lazy;             /* frees do not merge; chain_coalesce does,
                              before each search (os_malloc) */
    bool link_in_payload;  /* a free block's list link is in its payload
                              (libheap), so an allocated block has none */
    size_t outcomes[CHAIN_OUTCOMES]; /* splits by how they ended */
    size_t merges;         /* neighbours absorbed by chain_release */
    size_t searched;       /* free blocks looked at by chain_find */
};

/* A free block of at least `want` bytes from `list` by the chain's policy,
 * or NULL.  The block stays free and listed until chain_take. */
void *chain_find(struct chain *c, list_head *list, size_t want);

/* The same search for a chain without a free list: a walk of the chain
 * from `first`, looking at the free blocks. */
void *chain_find_walk(struct chain *c, void *first, size_t want);

/* Lazy merging: join every run of adjacent free blocks from `first`. */
void chain_coalesce(struct chain *c, void *first);

/* Allocate `want` bytes of the free block node: off its free list, split
 * as the outcome dictates (unit: the smallest useful payload, for the
 * soft/hard classification), marked allocated. */
enum chain_outcome chain_take(struct chain *c, void *node, size_t want,
                              size_t unit);

/* Free node: merge it with a free next and a free previous neighbour
 * (each taken off its free list first), gaps included, and list the
 * result (on a chain with a free list).  Returns the merged node; a node
 * absorbed into its previous neighbour is gone (ops->drop). */
void *chain_release(struct chain *c, void *node);

/* Put a free node on its list in the place the policy wants. */
void chain_list_insert(struct chain *c, void *node);

/* Change the policy and reorder one free list for it. */
void chain_set_policy(struct chain *c, enum chain_policy policy);
void chain_list_sort(struct chain *c, list_head *list);

/* The engine's invariants on one chain from `first`:
 *   the chain ends, and node->next->prev == node;
 *   no two free neighbours (unless merging is lazy);
 *   every free node is on its free list, no allocated one (for a chain
 *   with a free list);
 *   gaps: gap(node) is 0 after a free node (a free reclaims it) and on a
 *   chain that absorbs small rests; elsewhere it is a rest too small for
 *   a node, gap(node) < overhead + min_payload.
 * Returns false if the chain does not end (a cycle?): the caller must not
 * walk it then. */
bool chain_check(const struct chain *c, const void *first, const char *what,
                 struct diag_report *report);

/* The engine's invariant on a free list: ordered for the policy. */
void chain_check_list(const struct chain *c, list_head *list,
                      const char *what, struct diag_report *report);

const char *chain_policy_name(enum chain_policy policy);
const char *chain_outcome_name(enum chain_outcome outcome);

#endif
