/*
 * page_checker.c - the page layer's checker finds each broken invariant.
 * Breaks the bookkeeping of phase 1 (phase1/page.h, phase1/record.h) on
 * purpose, one invariant at a time, runs page_check (or record_pool_check
 * on a pool of our own, the check page_check runs on the run records),
 * prints what it reported, and repairs the damage before the next one (a
 * clean check in between proves the repair).  tests/phase1-checker.bats
 * compares the output with tests/golden/phase1/page_checker.out.
 *
 * page_totals() and page_counters() are read-only views of the layer's
 * own state; this test writes through them on purpose, as a bug would.
 */
#include <stdio.h>

#include "checker_test.h"
#include "page.h"
#include "record.h"

static struct page_totals *totals;
static struct page_counters *counters;

static void check(const char *what)
{
    checker_run(what, page_check);
}

/* record_pool_check checks one pool: the one check_pool names. */
static const struct record_pool *pool_to_check;

static void check_that_pool(struct diag_report *report)
{
    record_pool_check(pool_to_check, report);
}

static void check_pool(const char *what, const struct record_pool *pool)
{
    pool_to_check = pool;
    checker_run(what, check_that_pool);
}

/* Move a live run to the cache with all the bookkeeping page_free does,
 * whether or not page_free would (an exact run, a full cache); and back
 * to its place on the live list, after the run `before`. */
static void move_to_cache(struct page_run *run)
{
    list_remove(&run->link);
    totals->live_runs--;
    totals->live_pages -= run->pages;
    list_push_front((list_head *)page_cached_runs(), &run->link);
    run->state = PAGE_RUN_CACHED;
    totals->cached_runs++;
    totals->cached_pages += run->pages;
    counters->pages_back += run->pages;
}

static void move_to_live(struct page_run *run, struct page_run *before)
{
    list_remove(&run->link);
    totals->cached_runs--;
    totals->cached_pages -= run->pages;
    list_insert_after(&before->link, &run->link);
    run->state = PAGE_RUN_LIVE;
    totals->live_runs++;
    totals->live_pages += run->pages;
    counters->pages_back -= run->pages;
}

static int break_runs(void)
{
    struct page_run *a, *b, *e, *c;
    unsigned char *base;

    a = page_alloc(1);       /* page 0, live */
    b = page_alloc(2);       /* pages 1-2, live */
    e = page_map_exact(100); /* page 3, live, exact */
    c = page_alloc(3);       /* pages 4-6 */
    if (!a || !b || !e || !c) {
        /* An error, not a crash: nothing to break without the runs. */
        fprintf(stderr, "page_checker: a mapping failed: %s\n",
                diag_last_error());
        return 1;
    }
    page_free(c);            /* cached */
    totals = (struct page_totals *)page_totals();
    counters = (struct page_counters *)page_counters();
    check("intact");

    a->state = PAGE_RUN_CACHED;
    check("a live run marked cached");
    a->state = PAGE_RUN_LIVE;

    c->state = PAGE_RUN_LIVE;
    check("a cached run marked live");
    c->state = PAGE_RUN_CACHED;

    e->base += 8; /* still inside its own page: overlaps nothing */
    check("an exact run 8 bytes past its page's start");
    e->base -= 8;

    a->pages = 0;
    check("a run of no pages");
    a->pages = 1;

    b->bytes -= 1;
    check("a run one byte shorter than its pages");
    b->bytes += 1;

    e->bytes = 0;
    check("an exact run of 0 bytes in its one page");
    e->bytes = 100;

    move_to_cache(e);
    check("an exact run cached");
    move_to_live(e, b);

    page_cache_set_limit(4);
    move_to_cache(b);
    check("a run cached beyond the cache's limit");
    move_to_live(b, a);
    page_cache_set_limit(PAGE_CACHE_DEFAULT);

    b->link.prev = NULL;
    check("a live run whose prev link is lost");
    b->link.prev = &a->link;

    c->link.next = &c->link;
    check("a cached run whose next link points to itself");
    c->link.next = (list_head *)page_cached_runs();

    base = b->base;
    b->base = a->base;
    check("two live runs at one address");
    b->base = base;

    base = a->base;
    a->base = c->base;
    check("a live run inside a cached one");
    a->base = base;

    totals->live_runs++;
    check("a live-run total one too high");
    totals->live_runs--;

    totals->cached_pages++;
    check("a cached-page total one too high");
    totals->cached_pages--;

    counters->pages_back++;
    check("one page too many counted as given back");
    counters->pages_back--;

    /* A run taken off its list and counted back, but its record kept. */
    list_remove(&b->link);
    totals->live_runs--;
    totals->live_pages -= b->pages;
    counters->pages_back += b->pages;
    check("a run forgotten without giving its record back");
    counters->pages_back -= b->pages;
    totals->live_pages += b->pages;
    totals->live_runs++;
    list_insert_after(&a->link, &b->link);

    check("repaired");
    return 0;
}

static void break_records(void)
{
    struct record_pool pool;
    struct record_free outside = {NULL};
    struct record_free *freed, *after;

    record_pool_init(&pool, 64);
    record_take(&pool);
    freed = record_take(&pool);
    record_take(&pool);
    record_give(&pool, freed);
    after = freed->next;
    check_pool("a record pool: intact", &pool);

    pool.in_use++;
    check_pool("a record pool: one record too many in use", &pool);
    pool.in_use--;

    freed->next = &outside;
    check_pool("a record pool: a free link to a record of no page", &pool);
    freed->next = after;

    freed->next = freed;
    check_pool("a record pool: a free record that links to itself", &pool);
    freed->next = after;

    check_pool("a record pool: repaired", &pool);
    record_pool_release(&pool);
}

int main(void)
{
    if (break_runs() != 0) {
        page_reset();
        return 1;
    }
    break_records();
    page_reset();
    return 0;
}
