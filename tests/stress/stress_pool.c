/*
 * stress_pool.c - the bounded pool (phase4/pool/pool.h) under the stress
 * driver: one 64 MiB region, mapped once.  The pool is bounded, so a
 * palloc may find no room: the driver counts that as "refused", not as
 * an error.  Checked by pool_check and page_check; drawn by the phase 4
 * program's picture of a pool (pool_draw_pool).
 */
#include "block.h"
#include "page.h"
#include "pool.h"
#include "pool_commands.h"
#include "stress.h"

enum { POOL_BYTES = 64 << 20 };

static struct pool pool;

static int pool_start(void)
{
    pool_set_quiet(true); /* an exhausted pool is expected here */
    return pool_init(&pool, POOL_BYTES) ? 0 : -1;
}

static void *pool_alloc(enum stress_dist dist, size_t *bytes, bool *zeroed)
{
    (void)dist;
    *zeroed = false;
    return palloc(&pool, *bytes);
}

static bool pool_free(void *p)
{
    return pfree(&pool, p);
}

static unsigned char *pool_memory(void *p)
{
    return p;
}

static void pool_stress_check(struct diag_report *r)
{
    pool_check(&pool, r);
    page_check(r);
}

static void draw(struct script *s, struct dot *d)
{
    pool_draw_pool(s, d, &pool);
}

static int pool_stress_draw(const char *path)
{
    return stress_draw("pool", path, draw);
}

/* An allocated block marked free behind the pool's back (as in
 * stress_typed.c). */
static void pool_corrupt(void *p)
{
    BLOCK_META(p)->is_free = 1;
}

static size_t pool_finish(const char **why)
{
    pool_destroy(&pool);
    page_reset(); /* the region may sit in the page cache */
    *why = "";
    return 0;
}

const struct stress_allocator stress_pool = {
    .name = "pool",
    .ops = 10000000,
    .slots = 1024,
    .bounded = true,
    .lo = {1, 65, 4097, 32769},
    .hi = {64, 4096, 32768, 524288},
    .start = pool_start,
    .alloc = pool_alloc,
    .free = pool_free,
    .memory = pool_memory,
    .check = pool_stress_check,
    .draw = pool_stress_draw,
    .corrupt = pool_corrupt,
    .finish = pool_finish,
};
