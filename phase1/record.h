/*
 * record.h - a pool of fixed-size bookkeeping records kept in pages of
 * their own, mapped straight from the kernel.
 *
 * The page layer must remember every run of pages it hands out, but it
 * cannot ask malloc for the memory to do so (it is what a malloc will be
 * built on).  So it keeps its records the way the kernel does: in whole
 * pages it maps for itself, carved into equal records, with the free
 * records on a list threaded through the free records themselves.
 *
 * Invariant (record_pool_check): every record is in exactly one state:
 * in use, or on the free list; in_use + free == pages * per_page.
 */
#ifndef HEAPCOURSE_RECORD_H
#define HEAPCOURSE_RECORD_H

#include <stddef.h>

#include "diag.h"

/* The header at the start of every record page. */
struct record_page {
    struct record_page *next; /* the next record page, or NULL */
};

/* A free record holds only the link to the next free record. */
struct record_free {
    struct record_free *next; /* next free record, or NULL */
};

struct record_pool {
    size_t record_size;       /* bytes per record, >= a free link */
    size_t page_bytes;        /* bytes per record page (system page) */
    size_t per_page;          /* records that fit after the header */
    struct record_page *pages;/* every record page, newest first */
    size_t page_count;        /* length of that list */
    struct record_free *free; /* free records, most recently freed first */
    size_t in_use;            /* records handed out */
    size_t mmap_calls;        /* mappings made for record pages */
};

/* Prepare an empty pool of records of record_size bytes (no page yet). */
void record_pool_init(struct record_pool *pool, size_t record_size);

/* A zeroed record, mapping a new record page when none is free; NULL with
 * diag_error() set when the kernel refuses. */
void *record_take(struct record_pool *pool);

/* Give a record back (it must have come from record_take of this pool). */
void record_give(struct record_pool *pool, void *record);

/* Unmap every record page; the pool is empty again. */
void record_pool_release(struct record_pool *pool);

/* The invariant above; one report line per broken part. */
void record_pool_check(const struct record_pool *pool,
                       struct diag_report *report);

#endif
