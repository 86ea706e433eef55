/*
 * pool.c - the bounded pool (see pool.h) on the chain engine.  This file
 * says where a pool's blocks end, which list and order they keep (struct
 * chain_ops, with meta_node.c),
 * maps and unmaps the region with the page layer (phase 1), and reports
 * misuse on standard error as the pool's interface specifies.
 * pool_check() adds tiling (meta_node.c) and the counters to the engine's
 * invariants; the pool's are written above it.
 */
#include "pool.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "meta_node.h"
#include "redzone.h"

/* At the region's start: the way back from a block to its pool. */
struct pool_region {
    struct pool *pool; /* the pool that owns this region */
};

#define POOL_HEADER_SIZE BLOCK_ROUND_UP(sizeof(struct pool_region))

static struct pool *pool_of(const struct block_meta *b)
{
    return ((const struct pool_region *)((const char *)b - b->offset))->pool;
}

/* ---- meta blocks, as the engine sees them in a pool ----------------------- */

static size_t node_gap(const void *n)
{
    return meta_node_gap(n, pool_of(n)->bytes);
}

static list_head *node_free_list(const void *n)
{
    return &pool_of(n)->free_blocks;
}

static uint64_t node_order(const void *n)
{
    return ((const struct block_meta *)n)->offset;
}

static const struct chain_ops pool_ops = {
    .size = meta_node_size, .set_size = meta_node_set_size,
    .is_free = meta_node_is_free, .set_free = meta_node_set_free,
    .next = meta_node_next, .prev = meta_node_prev, .link = meta_node_link,
    .gap = node_gap, .make = meta_node_make,
    .free_list = node_free_list, .free_link = meta_node_free_link,
    .from_link = meta_node_from_link, .order = node_order,
};

/* ---- the interface ------------------------------------------------------- */

static bool quiet; /* pool_set_quiet: the caller prints the reasons */

void pool_set_quiet(bool on)
{
    quiet = on;
}

/* The pool's interface reports misuse itself, on standard error, unless a
 * caller that prints its own errors asked for quiet; the reason is always
 * recorded for diag_last_error(). */
static void complain(const char *fmt, ...) DIAG_PRINTF(1, 2);
static void complain(const char *fmt, ...)
{
    char what[DIAG_TEXT_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    diag_error("%s", what);
    if (!quiet)
        fprintf(stderr, "pool: %s\n", what);
}

struct block_meta *pool_first(const struct pool *pool)
{
    if (!pool->initialized)
        return NULL;
    return (struct block_meta *)(pool->run->base + POOL_HEADER_SIZE);
}

bool pool_init(struct pool *pool, size_t bytes)
{
    size_t pages;
    struct block_meta *first;

    if (bytes == 0 || bytes > POOL_MAX_BYTES) {
        complain("pool_init: a pool holds 1 to %zu bytes, not %zu",
                 POOL_MAX_BYTES, bytes);
        return false;
    }
    pages = (POOL_HEADER_SIZE + BLOCK_META_SIZE + bytes + page_size() - 1) /
            page_size();
    memset(pool, 0, sizeof *pool);
    pool->run = page_alloc(pages);
    if (pool->run == NULL) {
        complain("pool_init: %s", diag_last_error());
        return false;
    }
    ((struct pool_region *)pool->run->base)->pool = pool;
    pool->bytes = pool->run->bytes;
    list_init(&pool->free_blocks);
    pool->chain = (struct chain){.ops = &pool_ops,
                                 .overhead = BLOCK_META_SIZE,
                                 .min_payload = BLOCK_ALIGN,
                                 .policy = CHAIN_FIRST_FIT};
    pool->initialized = true;
    first = pool_first(pool);
    memset(first, 0, BLOCK_META_SIZE);
    first->offset = POOL_HEADER_SIZE;
    first->size = (uint32_t)(pool->bytes - POOL_HEADER_SIZE - BLOCK_META_SIZE);
    first->is_free = 1;
    list_init(&first->free_link);
    chain_list_insert(&pool->chain, first);
    return true;
}

void *palloc(struct pool *pool, size_t bytes)
{
    struct block_meta *node;
    size_t want;

    if (!pool->initialized) {
        complain("palloc: the pool is not initialised");
        return NULL;
    }
    if (bytes == 0 || bytes > pool->bytes) {
        complain("palloc: cannot hand out %zu bytes from a pool of %zu",
                 bytes, pool->bytes);
        return NULL;
    }
    want = BLOCK_ROUND_UP(bytes + REDZONE_BYTES); /* see common/redzone.h */
    node = chain_find(&pool->chain, &pool->free_blocks, want);
    if (node == NULL) {
        complain("palloc: the pool is exhausted: no free block of %zu bytes",
                 want);
        return NULL;
    }
    chain_take(&pool->chain, node, want, BLOCK_ALIGN);
    redzone_arm(BLOCK_DATA(node), node->size, bytes);
    pool->allocations++;
    return BLOCK_DATA(node);
}

/* The live block of pool whose data starts at p, or NULL: a walk of the
 * chain, after checking p is inside the region at all. */
static struct block_meta *pool_block(const struct pool *pool, const void *p)
{
    const unsigned char *byte = p;

    if (byte < pool->run->base || byte >= pool->run->base + pool->bytes)
        return NULL;
    for (struct block_meta *b = pool_first(pool); b != NULL; b = b->next)
        if (BLOCK_DATA(b) == p)
            return b;
    return NULL;
}

bool pfree(struct pool *pool, void *p)
{
    struct block_meta *b;

    if (!pool->initialized) {
        complain("pfree: the pool is not initialised");
        return false;
    }
    b = pool_block(pool, p);
    if (b == NULL) {
        complain("pfree: not the start of a block of this pool");
        return false;
    }
    if (b->is_free) {
        complain("pfree: block at offset %zu is already free (double free)",
                 (size_t)b->offset + BLOCK_META_SIZE);
        return false;
    }
    if (!redzone_intact(p, b->size)) {
        complain("pfree: " REDZONE_BROKEN " (the block stays allocated)");
        return false;
    }
    chain_release(&pool->chain, b);
    pool->frees++;
    return true;
}

bool pool_destroy(struct pool *pool)
{
    if (!pool->initialized) {
        complain("pool_destroy: the pool is not initialised");
        return false;
    }
    page_free(pool->run);
    pool->initialized = false;
    pool->run = NULL;
    return true;
}

/* Payload bytes in the free blocks (a walk of the free list). */
static size_t free_bytes(const struct pool *pool)
{
    const struct list_node *pos;
    size_t bytes = 0;

    list_for_each(pos, &pool->free_blocks)
        bytes += list_entry(pos, struct block_meta, free_link)->size;
    return bytes;
}

int pool_stats(const struct pool *pool, char *buf, size_t size)
{
    size_t free_blocks;

    if (!pool->initialized)
        return snprintf(buf, size, "pool: not initialised");
    free_blocks = list_length(&pool->free_blocks);
    return snprintf(buf, size, "pool: %zu bytes, %zu allocations, %zu frees, "
                               "%zu live, %zu bytes free in %zu block%s",
                    pool->bytes, pool->allocations, pool->frees,
                    pool->allocations - pool->frees, free_bytes(pool),
                    free_blocks, free_blocks == 1 ? "" : "s");
}

/*
 * Invariants of a pool (pool_check): the region's header points back to
 * the pool; its blocks tile the region after that header (meta_node.h) and
 * keep the engine's invariants (chain.h); the free list holds exactly the
 * free blocks, in first-fit order; the blocks allocated are those palloc
 * handed out and pfree has not taken back (allocations - frees).
 */
void pool_check(const struct pool *pool, struct diag_report *r)
{
    size_t live = 0, free_blocks = 0;

    if (!pool->initialized)
        return;
    if (((const struct pool_region *)pool->run->base)->pool != pool)
        diag_problem(r, "pool: the region does not point back to its pool");
    chain_check_list(&pool->chain, (list_head *)&pool->free_blocks, "pool",
                     r);
    if (!chain_check(&pool->chain, pool_first(pool), "pool", r))
        return; /* a chain that does not end cannot be walked */
    meta_node_check_tiling(pool->run->base, pool_first(pool),
                           POOL_HEADER_SIZE, pool->bytes, "pool", r);
    for (const struct block_meta *b = pool_first(pool); b; b = b->next) {
        live += !b->is_free;
        free_blocks += b->is_free;
    }
    if (list_check(&pool->free_blocks, free_blocks + 1) &&
        free_blocks != list_length(&pool->free_blocks))
        diag_problem(r, "pool: %zu free blocks in the region, %zu listed",
                     free_blocks, list_length(&pool->free_blocks));
    if (live != pool->allocations - pool->frees)
        diag_problem(r, "pool: %zu live blocks, counters say %zu", live,
                     pool->allocations - pool->frees);
}
