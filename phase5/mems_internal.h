/*
 * mems_internal.h - MeMS's bookkeeping, for its own files and for the
 * phase 5 program (which prints, checks and draws it).  Grouped by the
 * file that owns each part.
 *
 * Two levels, both kept out of band, in records from phase 1's record
 * pools (pages mapped for bookkeeping only), never inside the memory the
 * program is given and never from the C library's malloc:
 *
 *   main chain   mems_node -> mems_node -> ...   one node per mapping
 *                   |
 *   sub-chain    mems_segment <-> mems_segment <-> ... PROCESS or HOLE
 *
 * A virtual address is a plain number (vaddr_t).  Node i covers the
 * virtual range that starts where node i-1's ends (the first starts at
 * MEMS_VIRTUAL_BASE); its segments tile that range.  Translation is
 * real = node->run->base + (v - node->vstart).
 */
#ifndef HEAPCOURSE_MEMS_INTERNAL_H
#define HEAPCOURSE_MEMS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chain.h"
#include "diag.h"
#include "list.h"
#include "mems.h"
#include "page.h"
#include "record.h"

typedef uintptr_t vaddr_t; /* a MeMS virtual address */

struct mems_node;

/*
 * A segment: a stretch of a node's virtual range, handed to the program
 * (PROCESS) or free (HOLE).  A chain-engine node (phase4/chain.h) with its
 * bookkeeping out of band, so the engine splits and merges segments as it
 * does blocks, with no bytes of overhead inside the node's pages.
 * Invariants (mems_check):
 *   size >= 1;
 *   the segments of a node tile its range: the first starts at the node's
 *   vstart, each next one where its predecessor ends, the last ends at
 *   the node's end;
 *   prev and next agree, and owner is the node whose sub-chain holds it;
 *   no two neighbouring segments are both HOLEs (frees merge at once).
 */
struct mems_segment {
    struct mems_segment *prev, *next; /* sub-chain, in address order */
    struct mems_node *owner;          /* the main node it belongs to */
    vaddr_t vstart;                   /* its first virtual address */
    size_t size;                      /* its length in bytes */
    bool hole;                        /* HOLE (free) or PROCESS */
};

/*
 * A main node: one mapping of whole pages from the kernel (a phase 1 page
 * run) and the sub-chain of segments that divides it.
 * Invariants (mems_check):
 *   bytes == run->pages * PAGE_SIZE, and the run is live in the page layer;
 *   vstart is MEMS_VIRTUAL_BASE for the first node and the previous node's
 *   vstart + bytes for every other: ranges are contiguous and increasing;
 *   segments == the length of the sub-chain from first.
 */
struct mems_node {
    struct list_node link;       /* on the main chain, in virtual order */
    struct page_run *run;        /* the real pages it maps */
    vaddr_t vstart;              /* its first virtual address */
    size_t bytes;                /* its length: whole pages */
    struct mems_segment *first;  /* its sub-chain */
    size_t segments;             /* the sub-chain's length */
};

/* Everything MeMS knows; one per process. */
struct mems_state {
    bool initialized;                 /* between mems_init and mems_finish */
    list_head main_chain;             /* struct mems_node, in virtual order */
    size_t nodes;                     /* its length */
    vaddr_t next_vstart;              /* where the next node's range begins */
    struct record_pool node_records;  /* where main nodes live */
    struct record_pool segment_records; /* where segments live */
    struct mems_segment *spare;       /* a segment record reserved for the
                                         next split (the engine's make op
                                         cannot fail) */
    struct chain engine;              /* first fit, eager merging, no
                                         overhead; its counters */
    size_t mallocs, frees, gets;      /* successful calls */
};

extern struct mems_state mems;

/* ---- main_chain.c: the nodes ------------------------------------------ */

/* Map a node of `pages` pages at the end of the main chain, its whole
 * range one HOLE; NULL (diag set) if the kernel or the record pool
 * refuses, with nothing changed.  The caller has checked that the new
 * range fits below UINTPTR_MAX (virtual addresses are numbers: they run
 * out too). */
struct mems_node *main_chain_grow(size_t pages);

/* The node whose range holds v, or NULL. */
struct mems_node *main_chain_find(vaddr_t v);

/* The first and the following node, in virtual order (NULL at the end). */
struct mems_node *main_chain_first(void);
struct mems_node *main_chain_next(const struct mems_node *node);

/* One past the last virtual address of a node. */
static inline vaddr_t main_chain_node_end(const struct mems_node *node)
{
    return node->vstart + node->bytes;
}

/* ---- sub_chain.c: the segments ------------------------------------------ */

extern const struct chain_ops sub_chain_ops;

/* A new segment record (zeroed), or NULL (diag set). */
struct mems_segment *sub_chain_new_segment(void);

/* Reserve mems.spare if it is empty: 0, or -1 (diag set). */
int sub_chain_reserve_spare(void);

/* The segment of node that holds v (which must be inside node). */
struct mems_segment *sub_chain_find(const struct mems_node *node, vaddr_t v);

/* One past the last virtual address of a segment. */
static inline vaddr_t sub_chain_segment_end(const struct mems_segment *seg)
{
    return seg->vstart + seg->size;
}

/* ---- mems.c: the interface --------------------------------------------------- */

/* The error a call reports: the code for mems_last_error(), the line on
 * standard error (unless quiet). */
void mems_set_quiet(bool quiet);

/* Bytes in HOLEs, over all nodes ("Space unused"). */
size_t mems_hole_bytes(void);

/* ---- mems_check.c: the checker ----------------------------------------------- */

/* The invariants above, plus the page layer's; one line a problem. */
void mems_check(struct diag_report *report);

#endif
