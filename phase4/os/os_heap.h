/*
 * os_heap.h - the inside of os_malloc's heap (osmem.c), for its program
 * commands, its picture and its checker.  Applications use osmem.h.
 *
 * Every payload is preceded by the assignment's fixed header, struct
 * block_meta (32 bytes).  The brk heap is one chain of such blocks in
 * address order, tiling [start, end) exactly; mapped blocks are chained
 * separately, most recent first.
 */
#ifndef HEAPCOURSE_OS_HEAP_H
#define HEAPCOURSE_OS_HEAP_H

#include <stdbool.h>
#include <stddef.h>

#include "chain.h"

/*
 * The assignment's header, exactly: this is what its checker reads.
 * Invariants (os_heap_check):
 *   brk heap: the chain's (chain.h: prev and next agree; merging is lazy,
 *   so free neighbours are allowed until the next search); each block
 *   starts where the one before ends, the first at start and the last
 *   ending at end: header + size tile [start, end); size is a positive
 *   multiple of 8; status is STATUS_FREE or STATUS_ALLOC, never another
 *   value;
 *   mapped blocks: prev and next agree; status is STATUS_MAPPED; the header
 *   is page-aligned (its own mmap); size is a multiple of 8 and header +
 *   size is at least a page (smaller requests go to the brk heap); none
 *   lies inside [start, end).
 */
struct block_meta {
    size_t size;               /* payload bytes */
    int status;                /* STATUS_FREE, STATUS_ALLOC, STATUS_MAPPED */
    struct block_meta *prev;   /* previous block, or NULL */
    struct block_meta *next;   /* next block, or NULL */
};

enum { STATUS_FREE = 0, STATUS_ALLOC = 1, STATUS_MAPPED = 2 };

enum {
    OS_ALIGNMENT = 8,
    OS_MMAP_THRESHOLD = 128 * 1024,
};

#define OS_ALIGN(n) (((n) + OS_ALIGNMENT - 1) & ~(size_t)(OS_ALIGNMENT - 1))
#define OS_META_SIZE OS_ALIGN(sizeof(struct block_meta))

/* The first brk block (NULL before the first use), the first mapped
 * block, and the heap's start, for offsets that do not depend on where
 * the break was. */
struct block_meta *os_heap_first(void);
struct block_meta *os_mapped_first(void);
const char *os_heap_start(void);

const struct chain *os_heap_chain(void);

/* The block (brk or mapped) whose payload is p, or NULL. */
struct block_meta *os_heap_find(void *p);
/* False only in debug builds, for a live block something wrote past the
 * end of (its red zone, common/redzone.h, is broken). */
bool os_heap_intact(void *p);
void os_heap_check(struct diag_report *report);

/* Unmap the mapped blocks and forget the heap (the break never moves
 * down: the assignment's heap never shrinks). */
void os_heap_reset(void);

#endif
