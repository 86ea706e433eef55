/*
 * page.c - the page layer (see page.h): runs of whole pages from mmap,
 * given back with munmap, and a cache of given-back runs in front of both.
 *
 * Design.  All state is one struct (`layer`) behind one mutex.  A run's
 * record (struct page_run) lives in record pages (record.c), so a run is
 * entirely the caller's.  Live runs sit on the live list in the order they
 * were handed out; cached runs on the cache list, most recently returned
 * first.  A request takes the first cached run that is large enough,
 * splitting off what it needs; only when none is does it call mmap.  A
 * returned run is cached whole if the cache has room, else unmapped.
 * page_check() is the executable form of the invariants in page.h.
 * The lesson is phase1/README.md.  About 600 lines, one file on purpose:
 * the cache, the exact-length maps and the checker share the one struct
 * and its lock, and a student reads the layer in one sitting.
 */
#include "page.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "record.h"

static struct {
    pthread_mutex_t lock;           /* guards everything below */
    size_t page_size;               /* bytes per page; 0 until first use */
    size_t system_page;             /* sysconf(_SC_PAGESIZE) */
    size_t cache_limit;             /* most pages the cache keeps */
    size_t next_number;             /* number of the next new page */
    list_head live;                 /* LIVE runs, oldest first */
    list_head cache;                /* CACHED runs, newest first */
    struct page_totals totals;      /* what the lists hold */
    struct page_counters counters;  /* what happened since reset */
    struct record_pool records;     /* where struct page_run records live */
} layer = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* First use (or after page_reset): system page size, empty lists. */
static void layer_init_once(void)
{
    if (layer.page_size != 0)
        return;
    layer.system_page = (size_t)sysconf(_SC_PAGESIZE);
    layer.page_size = layer.system_page;
    layer.cache_limit = PAGE_CACHE_DEFAULT;
    list_init(&layer.live);
    list_init(&layer.cache);
    record_pool_init(&layer.records, sizeof(struct page_run));
}

void page_lock(void)
{
    pthread_mutex_lock(&layer.lock);
    layer_init_once();
}

void page_unlock(void)
{
    pthread_mutex_unlock(&layer.lock);
}

size_t page_size(void)
{
    page_lock();
    size_t size = layer.page_size;
    page_unlock();
    return size;
}

size_t page_system_size(void)
{
    page_lock();
    size_t size = layer.system_page;
    page_unlock();
    return size;
}

static bool is_power_of_two(size_t n)
{
    return n != 0 && (n & (n - 1)) == 0;
}

int page_set_size(size_t bytes)
{
    int status = 0;

    page_lock();
    if (!is_power_of_two(bytes))
        status = diag_error("page size %zu is not a power of two", bytes);
    else if (bytes < layer.system_page)
        status = diag_error("page size %zu is smaller than the system page "
                            "(%zu)", bytes, layer.system_page);
    else if (bytes > PAGE_SIZE_MAX)
        status = diag_error("page size %zu is larger than %d", bytes,
                            PAGE_SIZE_MAX);
    else if (layer.totals.live_runs + layer.totals.cached_runs > 0)
        status = diag_error("page size cannot change while pages are mapped");
    else
        layer.page_size = bytes;
    page_unlock();
    return status;
}

/* ---- system calls, counted -------------------------------------------- */

static void *map_bytes(size_t bytes)
{
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    layer.counters.mmap_calls++;
    return p == MAP_FAILED ? NULL : p;
}

static void unmap_bytes(void *p, size_t bytes)
{
    munmap(p, bytes);
    layer.counters.munmap_calls++;
}

/* Map `bytes` aligned to the page size.  mmap only promises the system
 * page's alignment, so for larger pages map one page more than needed
 * and unmap the unaligned head and the unused tail. */
static void *map_aligned(size_t bytes)
{
    /* BEGIN SOLUTION */
    /* STUDENT:
    (void)bytes;
    errno = ENOSYS; // "mmap of 1 page failed: Function not implemented"
    return NULL;
    */
    size_t ps = layer.page_size, slack = ps - layer.system_page;
    unsigned char *raw, *aligned;
    size_t head, tail;

    if (slack == 0)
        return map_bytes(bytes);
    if (bytes > SIZE_MAX - slack)
        return NULL;
    raw = map_bytes(bytes + slack);
    if (raw == NULL)
        return NULL;
    aligned = (unsigned char *)(((uintptr_t)raw + ps - 1) & ~(uintptr_t)(ps - 1));
    head = (size_t)(aligned - raw);
    tail = slack - head;
    /* These trims are counted apart from the munmaps that give runs back:
     * whether there is a head to trim depends on where mmap lands. */
    if (head > 0) {
        munmap(raw, head);
        layer.counters.trim_calls++;
    }
    if (tail > 0) {
        munmap(aligned + bytes, tail);
        layer.counters.trim_calls++;
    }
    return aligned;
    /* END SOLUTION */
}

/* ---- runs -------------------------------------------------------------- */

static void totals_add(const struct page_run *run, long sign)
{
    size_t *runs = run->state == PAGE_RUN_LIVE ? &layer.totals.live_runs
                                               : &layer.totals.cached_runs;
    size_t *pages = run->state == PAGE_RUN_LIVE ? &layer.totals.live_pages
                                                : &layer.totals.cached_pages;
    *runs += (size_t)sign;
    *pages += (size_t)sign * run->pages;
}

/* Put a run (not on any list) on the list its state names. */
static void run_enlist(struct page_run *run, enum page_run_state state)
{
    run->state = state;
    if (state == PAGE_RUN_LIVE)
        list_push_back(&layer.live, &run->link);
    else
        list_push_front(&layer.cache, &run->link);
    totals_add(run, 1);
}

static void run_delist(struct page_run *run)
{
    list_remove(&run->link);
    totals_add(run, -1);
}

static void run_unmap(struct page_run *run)
{
    run_delist(run);
    unmap_bytes(run->base, run->exact ? run->bytes
                                      : run->pages * layer.page_size);
    record_give(&layer.records, run);
}

/* A new record for a run at base of `pages` pages numbered from number. */
static struct page_run *run_record(unsigned char *base, size_t pages,
                                   size_t bytes, size_t number)
{
    struct page_run *run = record_take(&layer.records);

    if (run == NULL)
        return NULL;
    list_init(&run->link);
    run->base = base;
    run->pages = pages;
    run->bytes = bytes;
    run->number = number;
    return run;
}

/* The first cached run of at least count pages, or NULL (first fit). */
static struct page_run *cache_find(size_t count)
{
    /* BEGIN SOLUTION */
    /* STUDENT:
    (void)count;
    return NULL; // no cached run fits: every request maps
    */
    struct list_node *pos;

    list_for_each(pos, &layer.cache) {
        struct page_run *run = list_entry(pos, struct page_run, link);
        if (run->pages >= count)
            return run;
    }
    return NULL;
    /* END SOLUTION */
}

/* Serve count pages from a cached run: all of it, or its first count
 * pages split off into a new record (the rest stays cached). */
static struct page_run *cache_take(struct page_run *cached, size_t count)
{
    /* BEGIN SOLUTION */
    /* STUDENT:
    (void)cached;
    (void)count;
    diag_error("not implemented yet: cache_take (phase1/page.c)");
    return NULL;
    */
    struct page_run *run = cached;
    size_t bytes = count * layer.page_size;

    if (cached->pages > count) {
        run = run_record(cached->base, count, bytes, cached->number);
        if (run == NULL)
            return NULL;
        totals_add(cached, -1);
        cached->base += bytes;
        cached->pages -= count;
        cached->bytes -= bytes;
        cached->number += count;
        totals_add(cached, 1);
    } else {
        run_delist(cached);
    }
    layer.counters.cache_hits++;
    return run;
    /* END SOLUTION */
}

static struct page_run *map_new_run(size_t count)
{
    size_t bytes = count * layer.page_size;
    unsigned char *base = map_aligned(bytes);
    struct page_run *run;

    if (base == NULL) {
        diag_error("mmap of %zu page%s failed: %s", count,
                   count == 1 ? "" : "s", strerror(errno));
        return NULL;
    }
    run = run_record(base, count, bytes, layer.next_number);
    if (run == NULL) {
        unmap_bytes(base, bytes);
        return NULL;
    }
    layer.next_number += count;
    return run;
}

struct page_run *page_alloc(size_t count)
{
    struct page_run *run = NULL, *cached;

    page_lock();
    if (count == 0) {
        diag_error("page count must be at least 1");
    } else if (count > SIZE_MAX / layer.page_size) {
        diag_error("%zu pages of %zu bytes do not fit in the address space",
                   count, layer.page_size);
    } else {
        cached = cache_find(count);
        run = cached != NULL ? cache_take(cached, count) : map_new_run(count);
    }
    if (run != NULL) {
        run_enlist(run, PAGE_RUN_LIVE);
        layer.counters.requests++;
        layer.counters.pages_out += count;
    }
    page_unlock();
    return run;
}

struct page_run *page_map_exact(size_t bytes)
{
    struct page_run *run = NULL;
    unsigned char *base;

    page_lock();
    if (bytes == 0) {
        diag_error("an exact mapping needs at least 1 byte");
    } else if ((base = map_bytes(bytes)) == NULL) {
        diag_error("mmap of %zu bytes failed: %s", bytes, strerror(errno));
    } else {
        size_t pages = bytes / layer.page_size + (bytes % layer.page_size != 0);
        run = run_record(base, pages, bytes, layer.next_number);
        if (run == NULL) {
            unmap_bytes(base, bytes);
        } else {
            run->exact = true;
            layer.next_number += pages;
            run_enlist(run, PAGE_RUN_LIVE);
            layer.counters.requests++;
            layer.counters.pages_out += pages;
        }
    }
    page_unlock();
    return run;
}

int page_free(struct page_run *run)
{
    /* BEGIN SOLUTION */
    /* STUDENT:
    (void)run;
    return diag_error("not implemented yet: page_free (phase1/page.c)");
    */
    int status = 0;

    page_lock();
    if (run == NULL || run->state != PAGE_RUN_LIVE ||
        !list_linked(&run->link)) {
        status = diag_error("not a live run of pages");
    } else {
        layer.counters.returns++;
        layer.counters.pages_back += run->pages;
        if (!run->exact && layer.totals.cached_pages + run->pages <=
                               layer.cache_limit) {
            run_delist(run);
            run_enlist(run, PAGE_RUN_CACHED);
            layer.counters.cached_on_free++;
        } else {
            run_unmap(run);
        }
    }
    page_unlock();
    return status;
    /* END SOLUTION */
}

void *page_mmap_raw(size_t bytes)
{
    void *p;

    page_lock();
    p = map_bytes(bytes);
    if (p == NULL)
        diag_error("mmap of %zu bytes failed: %s", bytes, strerror(errno));
    page_unlock();
    return p;
}

void page_munmap_raw(void *p, size_t bytes)
{
    page_lock();
    unmap_bytes(p, bytes);
    page_unlock();
}

void *page_sbrk(size_t bytes)
{
    void *old;

    page_lock();
    if (bytes > (size_t)INTPTR_MAX) {
        diag_error("cannot move the break by %zu bytes", bytes);
        old = NULL;
    } else if ((old = sbrk((intptr_t)bytes)) == (void *)-1) {
        diag_error("sbrk of %zu bytes failed: %s", bytes, strerror(errno));
        old = NULL;
    } else {
        layer.counters.brk_bytes += bytes;
    }
    page_unlock();
    return old;
}

/* ---- the cache --------------------------------------------------------- */

/* Unmap cached runs, oldest first, until at most `keep` pages remain. */
static size_t cache_shrink_to(size_t keep)
{
    size_t released = 0;

    while (layer.totals.cached_pages > keep) {
        struct page_run *oldest =
            list_entry(layer.cache.prev, struct page_run, link);
        released += oldest->pages;
        run_unmap(oldest);
    }
    return released;
}

size_t page_cache_set_limit(size_t pages)
{
    page_lock();
    layer.cache_limit = pages;
    size_t released = cache_shrink_to(pages);
    page_unlock();
    return released;
}

size_t page_cache_limit(void)
{
    page_lock();
    size_t limit = layer.cache_limit;
    page_unlock();
    return limit;
}

size_t page_cache_drain(void)
{
    page_lock();
    size_t released = cache_shrink_to(0);
    page_unlock();
    return released;
}

/* ---- views --------------------------------------------------------------- */

const list_head *page_live_runs(void)
{
    return &layer.live;
}

const list_head *page_cached_runs(void)
{
    return &layer.cache;
}

const struct page_counters *page_counters(void)
{
    return &layer.counters;
}

const struct page_totals *page_totals(void)
{
    return &layer.totals;
}

void page_record_usage(size_t *pages, size_t *per_page, size_t *in_use)
{
    page_lock();
    *pages = layer.records.page_count;
    *per_page = layer.records.per_page;
    *in_use = layer.records.in_use;
    page_unlock();
}

/* ---- the checker ----------------------------------------------------------- */

static void check_run(const struct page_run *run, enum page_run_state state,
                      struct diag_report *r)
{
    const char *where = state == PAGE_RUN_LIVE ? "live" : "cached";
    size_t align = run->exact ? layer.system_page : layer.page_size;

    if (run->state != state)
        diag_problem(r, "%s run at page %zu is marked %s", where, run->number,
                     run->state == PAGE_RUN_LIVE ? "live" : "cached");
    if ((uintptr_t)run->base % align != 0)
        diag_problem(r, "%s run at page %zu is not page-aligned", where,
                     run->number);
    if (run->pages == 0)
        diag_problem(r, "%s run at page %zu has no pages", where, run->number);
    if (run->exact ? run->bytes > run->pages * layer.page_size ||
                         run->bytes <= (run->pages - 1) * layer.page_size
                   : run->bytes != run->pages * layer.page_size)
        diag_problem(r, "%s run at page %zu: %zu bytes do not match %zu pages",
                     where, run->number, run->bytes, run->pages);
    if (run->exact && state == PAGE_RUN_CACHED)
        diag_problem(r, "exact run at page %zu is in the cache", run->number);
}

static bool runs_overlap(const struct page_run *a, const struct page_run *b)
{
    return a->base < b->base + b->bytes && b->base < a->base + a->bytes;
}

/* Check one list and count it; other lists' runs must not overlap its. */
static void check_list(const list_head *head, enum page_run_state state,
                       size_t *runs, size_t *pages, struct diag_report *r)
{
    const struct list_node *pos, *other;
    size_t limit = layer.records.in_use;

    *runs = *pages = 0;
    if (!list_check(head, limit)) {
        diag_problem(r, "%s list links are broken",
                     state == PAGE_RUN_LIVE ? "live" : "cache");
        return;
    }
    list_for_each(pos, head) {
        const struct page_run *run = list_entry(pos, struct page_run, link);
        check_run(run, state, r);
        (*runs)++;
        *pages += run->pages;
        for (other = pos->next; other != head; other = other->next)
            if (runs_overlap(run, list_entry(other, struct page_run, link)))
                diag_problem(r, "runs at pages %zu and %zu overlap",
                             run->number,
                             list_entry(other, struct page_run, link)->number);
    }
}

static void check_live_against_cache(struct diag_report *r)
{
    const struct list_node *l, *c;

    list_for_each(l, &layer.live) {
        const struct page_run *live = list_entry(l, struct page_run, link);
        list_for_each(c, &layer.cache) {
            const struct page_run *cached =
                list_entry(c, struct page_run, link);
            if (runs_overlap(live, cached))
                diag_problem(r, "page %zu is both live and cached",
                             live->number);
        }
    }
}

void page_check(struct diag_report *r)
{
    struct page_totals seen;
    const struct page_totals *t = &layer.totals;
    const struct page_counters *c = &layer.counters;
    int before = r->problems;

    page_lock();
    record_pool_check(&layer.records, r);
    check_list(&layer.live, PAGE_RUN_LIVE, &seen.live_runs, &seen.live_pages,
               r);
    check_list(&layer.cache, PAGE_RUN_CACHED, &seen.cached_runs,
               &seen.cached_pages, r);
    if (r->problems == before)
        check_live_against_cache(r);
    if (seen.live_runs != t->live_runs || seen.live_pages != t->live_pages)
        diag_problem(r, "live list holds %zu runs, %zu pages; totals say %zu, "
                        "%zu", seen.live_runs, seen.live_pages, t->live_runs,
                     t->live_pages);
    if (seen.cached_runs != t->cached_runs ||
        seen.cached_pages != t->cached_pages)
        diag_problem(r, "cache holds %zu runs, %zu pages; totals say %zu, %zu",
                     seen.cached_runs, seen.cached_pages, t->cached_runs,
                     t->cached_pages);
    if (seen.cached_pages > layer.cache_limit)
        diag_problem(r, "cache holds %zu pages, over its limit of %zu",
                     seen.cached_pages, layer.cache_limit);
    if (c->pages_out - c->pages_back != seen.live_pages)
        diag_problem(r, "%zu pages handed out - %zu given back != %zu live",
                     c->pages_out, c->pages_back, seen.live_pages);
    if (layer.records.in_use != seen.live_runs + seen.cached_runs)
        diag_problem(r, "%zu run records in use for %zu runs",
                     layer.records.in_use, seen.live_runs + seen.cached_runs);
    page_unlock();
}

/* ---- reset ------------------------------------------------------------------ */

void page_reset(void)
{
    struct list_node *pos, *tmp;

    page_lock();
    list_for_each_safe(pos, tmp, &layer.live)
        run_unmap(list_entry(pos, struct page_run, link));
    list_for_each_safe(pos, tmp, &layer.cache)
        run_unmap(list_entry(pos, struct page_run, link));
    record_pool_release(&layer.records);
    memset(&layer.counters, 0, sizeof layer.counters);
    memset(&layer.totals, 0, sizeof layer.totals);
    layer.next_number = 0;
    layer.page_size = 0; /* layer_init_once starts afresh */
    layer_init_once();
    page_unlock();
}
