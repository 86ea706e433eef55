/*
 * pool_checker.c - the pool's checker finds each broken invariant.  Lays
 * out a one-page pool as
 *   A (100 bytes) | B (48, freed) | C (48) | the free rest
 * then breaks the meta blocks, the region's header, the free list and the
 * counters (phase4/pool/pool.c, phase4/meta_node.h, phase4/chain.h) on purpose,
 * one invariant at a time, runs pool_check, prints what it reported, and
 * repairs the damage before the next one (a clean check in between proves
 * the repair).  tests/phase4-checker.bats compares the output with
 * tests/golden/phase4/pool_checker.out.
 */
#include <stdio.h>

#include "checker_test.h"
#include "meta_node_cases.h"
#include "pool.h"

static struct pool pool;

/* The pool's checker is per pool: this test's pool. */
static void check_the_pool(struct diag_report *report)
{
    pool_check(&pool, report);
}

static void check(const char *what)
{
    checker_run(what, check_the_pool);
}

int main(void)
{
    struct block_meta *a, *b, *c, *rest;
    struct pool decoy;
    struct pool **owner;

    pool_init(&pool, 1000);
    a = BLOCK_META(palloc(&pool, 100));
    b = BLOCK_META(palloc(&pool, 48));
    c = BLOCK_META(palloc(&pool, 48));
    pfree(&pool, BLOCK_DATA(b)); /* between two allocated blocks */
    rest = c->next;
    check("intact");

    /* The region's header is a pointer to its pool (pool.c); a copy of
     * the pool stands in, so the blocks can still be read through it. */
    owner = (struct pool **)pool.run->base;
    decoy = pool;
    *owner = &decoy;
    check("a region that points to another pool");
    *owner = &pool;

    checker_break_sizes(a, b, c, rest, "region", check);

    c->prev = a;
    check("a block whose prev link skips a block");
    c->prev = b;

    a->is_free = 1;
    list_push_front(&pool.free_blocks, &a->free_link); /* first fit: 1st */
    check("a free block next to a free block");
    list_remove(&a->free_link);
    a->is_free = 0;

    list_remove(&b->free_link);
    check("a free block off the free list");
    list_push_front(&pool.free_blocks, &b->free_link);

    list_insert_after(&b->free_link, &c->free_link);
    check("an allocated block on the free list");
    list_remove(&c->free_link);

    list_remove(&b->free_link);
    list_push_back(&pool.free_blocks, &b->free_link);
    check("a free block listed after one at a higher offset");
    list_remove(&b->free_link);
    list_push_front(&pool.free_blocks, &b->free_link);

    b->free_link.prev = NULL;
    check("a free list link lost");
    b->free_link.prev = &pool.free_blocks;

    rest->next = a;
    a->prev = rest;
    check("a chain that returns to its first block");
    a->prev = NULL;
    rest->next = NULL;

    pool.frees++;
    check("one free too many counted");
    pool.frees--;

    check("repaired");
    pool_destroy(&pool);
    page_reset();
    return 0;
}
