/*
 * pool.h - a bounded pool: one region mapped once, from which palloc
 * splits blocks and to which pfree merges them back; nothing is mapped or
 * unmapped until pool_destroy.  (The interface of the mema library, on
 * this course's chain engine.)
 *
 * Blocks are phase 3 meta blocks whose offset counts from the region's
 * start, where a small header points back to the pool.  Sizes are 16-byte
 * aligned; a pool holds at most POOL_MAX_BYTES.  Misuse is reported on
 * standard error with the prefix "pool:" and the call returns NULL or
 * false: size 0, an exhausted pool, a pointer not from this pool, an
 * interior pointer, a double free, a pool not initialised; in debug
 * builds (HEAPCOURSE_DEBUG) also a block something wrote past the end of
 * (its red zone is broken: pfree keeps it allocated).
 */
#ifndef HEAPCOURSE_POOL_H
#define HEAPCOURSE_POOL_H

#include <stdbool.h>
#include <stddef.h>

#include "block.h"
#include "chain.h"

#define POOL_MAX_BYTES ((size_t)1 << 30)

struct pool {
    struct page_run *run;  /* the region, from the page layer */
    size_t bytes;          /* its usable length (whole pages) */
    list_head free_blocks; /* free blocks, in the chain's policy order */
    struct chain chain;    /* engine state: policy first fit, counters */
    size_t allocations;    /* successful pallocs */
    size_t frees;          /* successful pfrees */
    bool initialized;      /* between pool_init and pool_destroy */
};

/* Map a region of at least `bytes` (rounded up to whole pages). */
bool pool_init(struct pool *pool, size_t bytes);

/* `bytes` from the pool (16-byte aligned, not zeroed), or NULL. */
void *palloc(struct pool *pool, size_t bytes);

/* Give a block back; false (reported) if it is not a live block of pool. */
bool pfree(struct pool *pool, void *p);

/* Unmap the region; the pool must be initialised again before use. */
bool pool_destroy(struct pool *pool);

/* Stop printing misuse on standard error (the reason is still recorded
 * for diag_last_error()): for a program that reports errors itself. */
void pool_set_quiet(bool on);

/* One line of counters into buf, e.g. for printing; returns its length. */
int pool_stats(const struct pool *pool, char *buf, size_t size);

/* Tiling, the engine's invariants, and the counters. */
void pool_check(const struct pool *pool, struct diag_report *report);

/* The first block of the region (for listings and pictures), or NULL. */
struct block_meta *pool_first(const struct pool *pool);

#endif
