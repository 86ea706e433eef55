/*
 * typed.h - the typed allocator: arrays of a registered struct (xcalloc
 * and xfree in the Linux Memory Manager's words) carved out of a family's
 * pages by the chain engine.
 *
 * A family's new page is one big free block; an allocation splits it, a
 * free merges it with its free neighbours, and a page that is one free
 * block again goes back to phase 1.  A request larger than one page's
 * room gets a run of contiguous pages of its own.  Pages keep phase 3's
 * header (struct block_page) and meta blocks (struct block_meta), so a
 * pointer is validated exactly as in phase 3 (block_page_find,
 * block_find).  Library code: no malloc, no stdio; errors through diag.
 */
#ifndef HEAPCOURSE_TYPED_H
#define HEAPCOURSE_TYPED_H

#include <stddef.h>

#include "block.h"
#include "chain.h"
#include "family.h"

/* The largest single allocation, 1 GiB: well inside the 32-bit size of a
 * meta block, and larger than any array a course program needs. */
#define TYPED_MAX_BYTES ((size_t)1 << 30)

/* Lift phase 3's one-page limit on struct sizes (large requests now get
 * runs of pages). */
void typed_setup(void);

/* `units` zeroed structs of family f in one block, or NULL (diag set):
 * units 0, a size that overflows or exceeds TYPED_MAX_BYTES, or pages
 * refused.  *outcome, if not NULL, says how the split ended. */
void *typed_alloc(struct family *f, size_t units,
                  enum chain_outcome *outcome);

/* Free a block from typed_alloc: -1 (diag set) for a pointer in none of
 * our pages, an interior pointer, a block already free, and in debug
 * builds a block whose red zone is broken (it stays allocated; see
 * common/redzone.h).  *page_released
 * says whether its page went back to phase 1. */
int typed_free(void *data, int *page_released);

/* The fit policy (all families), and the engine's counters. */
void typed_set_policy(enum chain_policy policy);
const struct chain *typed_chain(void);

/* Bytes of hard fragmentation after a block (a gap before the next). */
size_t typed_gap(const struct block_meta *b);

/* Bytes a data page (a run of one or more pages) spans. */
size_t typed_page_bytes(const struct block_page *page);

/* Tiling, alignment, back-pointers, plus the engine's own invariants. */
void typed_check(struct diag_report *report);

/* Give every data page back and forget the counters; families stay. */
void typed_reset(void);

#endif
