/*
 * block.h - meta blocks and data blocks: how a family's pages are carved
 * into blocks, and how the manager walks from a pointer to everything
 * it needs to know about it.
 *
 * Layout of a data page of a family (phase 3 formats it like a slab):
 *
 *   | page header | meta | data | meta | data | ... | meta | data | tail |
 *   ^ page start    ^ offset                                        unusable
 *
 * The application only ever sees the data blocks.  Each data block is
 * preceded by its meta block, which records whether it is free, its size,
 * its offset from the page start (so the page, and through it the family,
 * can be found from the block alone) and its neighbours in address order.
 * Everything is aligned to BLOCK_ALIGN.  Phase 4 keeps this chain and adds
 * split and merge on top of it.
 *
 * Library code: no malloc, no stdio; failures return NULL or -1 with the
 * reason in diag_last_error().
 */
#ifndef HEAPCOURSE_BLOCK_H
#define HEAPCOURSE_BLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "family.h"
#include "list.h"
#include "page.h"

/* Every meta block and data block starts at a multiple of this. */
enum { BLOCK_ALIGN = 16 };
#define BLOCK_ROUND_UP(n) \
    (((size_t)(n) + BLOCK_ALIGN - 1) & ~(size_t)(BLOCK_ALIGN - 1))

/*
 * The meta block before every data block.
 * Invariants (block_check), for each block b of a page p:
 *   (char *)b - b->offset == p;  b->offset is a multiple of BLOCK_ALIGN;
 *   b->next == NULL or b->next->prev == b, and b->next->offset ==
 *   b->offset + BLOCK_META_SIZE + b->size (blocks tile the page in
 *   address order); a block is on its family's free list iff is_free.
 */
struct block_meta {
    uint32_t is_free;            /* 1: free, 0: handed to the application */
    uint32_t size;               /* bytes of the data block after this */
    uint32_t offset;             /* bytes from the page start to here */
    uint32_t unused;             /* padding, kept zero */
    struct block_meta *prev;     /* block before this one, or NULL */
    struct block_meta *next;     /* block after this one, or NULL */
    struct list_node free_link;  /* on family->free_blocks while free */
};

/*
 * The header at the start of every data page of a family.
 * Invariants (block_check): the page is on its family's data_pages list;
 * run is a live one-page run whose base is this header; first is the
 * block at offset BLOCK_HEADER_SIZE; `blocks` blocks are chained from
 * first and `free_count` of them are free; header + blocks * (meta + data)
 * + tail == page size.
 */
struct block_page {
    struct list_node link;    /* on family->data_pages */
    struct family *family;    /* whose blocks these are */
    struct page_run *run;     /* the page layer's run holding this page */
    struct block_meta *first; /* the first block, in address order */
    uint32_t blocks;          /* blocks on this page */
    uint32_t free_count;      /* of which free */
};

/* Sizes, rounded so that what follows stays aligned. */
#define BLOCK_META_SIZE BLOCK_ROUND_UP(sizeof(struct block_meta))
#define BLOCK_HEADER_SIZE BLOCK_ROUND_UP(sizeof(struct block_page))

/* Walking, CS:APP style: from data to meta, meta to data, meta to page. */
#define BLOCK_DATA(meta) ((void *)((char *)(meta) + BLOCK_META_SIZE))
#define BLOCK_META(data) \
    ((struct block_meta *)((char *)(data) - BLOCK_META_SIZE))
#define BLOCK_PAGE(meta) \
    ((struct block_page *)((char *)(meta) - (meta)->offset))

/* The data block size of a family: its struct size rounded up. */
size_t block_data_size(const struct family *f);

/* How a page of family f is carved: blocks per page and the tail. */
size_t block_per_page(const struct family *f);
size_t block_tail_bytes(const struct family *f);

/* The largest struct a family may have now: what one data page holds
 * after its header and one meta block.  block_setup() tells the family
 * registry (phase 2) so registration refuses larger structs. */
size_t block_max_struct(void);
void block_setup(void);

/* One struct of family f: the first free block, a new page formatted when
 * none is free.  The data is zeroed.  NULL (diag set) if the page layer
 * refuses.  *new_page, if not NULL, says whether a page was formatted. */
void *block_alloc(struct family *f, int *new_page);

/* Give a block back.  Refused (-1, diag set): a pointer in none of our
 * data pages, one that is not the start of a data block, a block already
 * free.  A page whose blocks are then all free goes back to the page
 * layer; *page_released, if not NULL, says so. */
int block_free(void *data, int *page_released);

/* The data page holding p, found in the registry of families' pages (never
 * by reading memory at p), or NULL.  A page may be a run of several pages
 * (phase 4's large blocks): its whole run counts. */
struct block_page *block_page_find(const void *p);

/* The block of page whose data starts exactly at p, or NULL: a walk along
 * the chain, so an interior pointer is never mistaken for a block. */
struct block_meta *block_find(const struct block_page *page, const void *p);

/* The allocated block whose data starts at p, found as block_free finds
 * it, or NULL with the reason in diag: a pointer in none of our data
 * pages, one inside a page but not at a block's data, a block already
 * free.  Phase 4 validates its frees with it too. */
struct block_meta *block_live(void *p);

/* The invariants above, for every family's pages. */
void block_check(struct diag_report *report);

/* Give every data page back to the page layer (families stay). */
void block_reset(void);

#endif
