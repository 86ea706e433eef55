/*
 * page.h - the page layer: whole pages from the kernel, and a cache of
 * returned pages so that most requests need no system call.
 *
 * Glossary
 *   page      page_size() bytes, a power-of-two multiple of the system page,
 *             aligned to page_size()
 *   run       N contiguous pages handed out together (struct page_run)
 *   page number  every page gets the next number when it is first mapped;
 *             numbers are never reused, so outputs are deterministic
 *   cache     runs the program gave back, kept mapped to serve later
 *             requests (up to a limit of pages)
 *
 * Every function here is safe to call from an allocator: no malloc, no
 * stdio.  Failures return NULL or -1 with the reason in diag_last_error().
 * The layer's state is one global struct guarded by one lock.
 */
#ifndef HEAPCOURSE_PAGE_H
#define HEAPCOURSE_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "list.h"

enum page_run_state {
    PAGE_RUN_LIVE,   /* handed out: on the live list */
    PAGE_RUN_CACHED, /* given back and kept: on the cache list */
};

/*
 * One run of pages.  The record lives in the layer's record pages, never
 * inside the run, so the whole run belongs to whoever asked for it.
 * Invariants (page_check):
 *   base is aligned to page_size() (an exact run: to the system page);
 *   bytes <= pages * page_size();
 *   bytes == pages * page_size() unless exact;
 *   a LIVE run is on the live list, a CACHED run on the cache list;
 *   an exact run is never cached.
 */
struct page_run {
    struct list_node link;     /* on the live list or the cache list */
    unsigned char *base;       /* first byte of the first page */
    size_t pages;              /* length in pages */
    size_t bytes;              /* usable length in bytes */
    size_t number;             /* page number of the first page */
    enum page_run_state state; /* LIVE or CACHED */
    bool exact;                /* from page_map_exact: never cached */
};

/* Counters since the last page_reset (all in pages unless named). */
struct page_counters {
    size_t requests;       /* page_alloc and page_map_exact calls served */
    size_t pages_out;      /* pages handed out by them */
    size_t cache_hits;     /* requests served from the cache */
    size_t returns;        /* runs given back with page_free */
    size_t pages_back;     /* pages given back */
    size_t cached_on_free; /* returns the cache kept */
    size_t mmap_calls;     /* mmap system calls for runs */
    size_t munmap_calls;   /* munmap system calls giving runs back */
    size_t trim_calls;     /* munmaps trimming an over-sized mapping to
                              page alignment (--page-size only; how many
                              depends on where mmap lands) */
    size_t brk_bytes;      /* bytes the break was moved up by page_sbrk */
};

/* What the lists hold now; page_check recounts the lists against it. */
struct page_totals {
    size_t live_runs, live_pages;     /* on the live list */
    size_t cached_runs, cached_pages; /* on the cache list */
};

enum {
    PAGE_CACHE_DEFAULT = 8, /* pages the cache keeps unless told */
};

/* Page size in bytes, and the system's. */
size_t page_size(void);
size_t page_system_size(void);

/* Use pages of `bytes` (a power-of-two multiple of the system page, at
 * most PAGE_SIZE_MAX).  Only while nothing is mapped. */
enum { PAGE_SIZE_MAX = 1 << 30 };
int page_set_size(size_t bytes);

/* count contiguous pages, from the cache when a cached run is large
 * enough, else with one mmap.  NULL (diag set) for 0, for a count that does
 * not fit in the address space, or when the kernel refuses. */
struct page_run *page_alloc(size_t count);

/* Give a run back: kept in the cache if the cache has room for all of it
 * and it is not exact, else unmapped.  -1 (diag set) if run is not live. */
int page_free(struct page_run *run);

/* Map exactly `bytes` (rounded up to the system page by the kernel) with
 * one mmap, bypassing the cache both ways: for allocators whose
 * specification fixes their system calls. */
struct page_run *page_map_exact(size_t bytes);

/* The bare system calls, counted in mmap_calls and munmap_calls but not
 * recorded as runs: for an allocator that keeps its own bookkeeping and
 * whose specification fixes every call it makes (os_malloc's mapped
 * blocks).  page_mmap_raw returns NULL (diag set) when the kernel refuses. */
void *page_mmap_raw(size_t bytes);
void page_munmap_raw(void *p, size_t bytes);

/* Move the program break up by `bytes` (sbrk), counted in brk_bytes.
 * Returns the old break, or NULL (diag set).  The page layer never moves
 * the break down: see phase1/README.md, "Two ways to get memory". */
void *page_sbrk(size_t bytes);

/* Limit the cache to `pages`, unmapping the oldest cached runs beyond it;
 * returns the pages unmapped. */
size_t page_cache_set_limit(size_t pages);
size_t page_cache_limit(void);

/* Unmap every cached run; returns the pages released. */
size_t page_cache_drain(void);

/* The lists, for printing and drawing (hold page_lock while walking). */
const list_head *page_live_runs(void);
const list_head *page_cached_runs(void);

const struct page_counters *page_counters(void);
const struct page_totals *page_totals(void);

/* Record pages: how many, records per page, records in use. */
void page_record_usage(size_t *pages, size_t *per_page, size_t *in_use);

/* The invariants above plus the record pool's; one line a problem. */
void page_check(struct diag_report *report);

/* Unmap everything (live runs too), forget all counters and numbers, and
 * return to the system page size and the default cache limit. */
void page_reset(void);

/* The layer's lock, for callers that walk the lists. */
void page_lock(void);
void page_unlock(void);

#endif
