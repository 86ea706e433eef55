/*
 * record.c - fixed-size bookkeeping records in pages mapped for the
 * purpose (see record.h for why).  Relies only on mmap/munmap; used by the
 * page layer (page.c) for its run records.  Checked by record_pool_check,
 * which page_check calls.
 */
#include "record.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

void record_pool_init(struct record_pool *pool, size_t record_size)
{
    memset(pool, 0, sizeof *pool);
    if (record_size < sizeof(struct record_free))
        record_size = sizeof(struct record_free);
    pool->record_size = record_size;
    pool->page_bytes = (size_t)sysconf(_SC_PAGESIZE);
    pool->per_page =
        (pool->page_bytes - sizeof(struct record_page)) / record_size;
}

/* The record at index i of a record page (records follow the header). */
static void *record_at(struct record_page *page, const struct record_pool *pool,
                       size_t i)
{
    return (char *)(page + 1) + i * pool->record_size;
}

/* Map one more record page and put all its records on the free list. */
static int record_pool_grow(struct record_pool *pool)
{
    struct record_page *page = mmap(NULL, pool->page_bytes,
                                    PROT_READ | PROT_WRITE,
                                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED)
        return diag_error("cannot map a page for run records");
    pool->mmap_calls++;
    page->next = pool->pages;
    pool->pages = page;
    pool->page_count++;
    /* Push in reverse so records are taken in address order. */
    for (size_t i = pool->per_page; i-- > 0;) {
        struct record_free *rec = record_at(page, pool, i);
        rec->next = pool->free;
        pool->free = rec;
    }
    return 0;
}

void *record_take(struct record_pool *pool)
{
    struct record_free *rec;

    if (pool->free == NULL && record_pool_grow(pool) < 0)
        return NULL;
    rec = pool->free;
    pool->free = rec->next;
    pool->in_use++;
    memset(rec, 0, pool->record_size);
    return rec;
}

void record_give(struct record_pool *pool, void *record)
{
    struct record_free *rec = record;

    rec->next = pool->free;
    pool->free = rec;
    pool->in_use--;
}

void record_pool_release(struct record_pool *pool)
{
    struct record_page *page = pool->pages;

    while (page != NULL) {
        struct record_page *next = page->next;
        munmap(page, pool->page_bytes);
        page = next;
    }
    record_pool_init(pool, pool->record_size);
}

/* Does rec point at the start of a record inside one of the pool's pages? */
static int record_owned(const struct record_pool *pool, const void *rec)
{
    for (struct record_page *page = pool->pages; page; page = page->next) {
        const char *first = (const char *)(page + 1);
        const char *p = rec;
        if (p >= first && p < first + pool->per_page * pool->record_size)
            return (size_t)(p - first) % pool->record_size == 0;
    }
    return 0;
}

void record_pool_check(const struct record_pool *pool,
                       struct diag_report *report)
{
    size_t free_count = 0, capacity = pool->page_count * pool->per_page;

    for (const struct record_free *rec = pool->free; rec; rec = rec->next) {
        if (!record_owned(pool, rec)) {
            diag_problem(report, "run records: free list points outside "
                                 "the record pages");
            return;
        }
        if (++free_count > capacity) {
            diag_problem(report, "run records: free list is longer than "
                                 "the pool (a cycle?)");
            return;
        }
    }
    if (pool->in_use + free_count != capacity)
        diag_problem(report,
                     "run records: %zu in use + %zu free != %zu in %zu pages",
                     pool->in_use, free_count, capacity, pool->page_count);
}
