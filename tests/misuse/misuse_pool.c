/*
 * misuse_pool.c - each misuse of the pool (phase4/pool/pool.h), one per run:
 * `misuse_pool CASE`.  The pool prints its complaint ("pool: ...") on
 * standard error; this program prints on standard output what the call
 * returned and whether another block kept its contents.  Built twice: as
 * is, and with -DHEAPCOURSE_DEBUG (red zones) as misuse_pool_debug.
 */
#include <stdint.h>
#include <stdlib.h>

#include "misuse.h"
#include "pool.h"

static struct pool pool;
static char *keep; /* a block no misuse may change */

static void setup(void)
{
    pool_init(&pool, 4096);
    keep = palloc(&pool, 16);
    memcpy(keep, "keep me", 8);
}

static void finish(void)
{
    printf("keep: %s\n", strcmp(keep, "keep me") == 0 ? "intact"
                                                      : "CHANGED");
    pool_destroy(&pool);
}

static void show(const char *call, bool result)
{
    printf("%s -> %s\n", call, result ? "true" : "false");
}

static void show_p(const char *call, void *result)
{
    printf("%s -> %s\n", call, result == NULL ? "NULL" : "a block");
}

static void double_free(void)
{
    char *a;

    setup();
    a = palloc(&pool, 100);
    pfree(&pool, a);
    show("pfree(a) again", pfree(&pool, opaque(a)));
    finish();
}

static void interior(void)
{
    char *a;

    setup();
    a = palloc(&pool, 100);
    show("pfree(a + 16)", pfree(&pool, (char *)opaque(a) + 16));
    finish();
}

/* A block of another pool. */
static void foreign(void)
{
    struct pool other;
    char *a;

    setup();
    pool_init(&other, 4096);
    a = palloc(&other, 32);
    show("pfree(another pool's block)", pfree(&pool, opaque(a)));
    pool_destroy(&other);
    finish();
}

static void stack(void)
{
    int on_the_stack = 0;

    setup();
    show("pfree(&on_the_stack)", pfree(&pool, opaque(&on_the_stack)));
    finish();
}

static void size_max(void)
{
    setup();
    show_p("palloc(SIZE_MAX)", palloc(&pool, SIZE_MAX));
    finish();
}

static void zero(void)
{
    setup();
    show_p("palloc(0)", palloc(&pool, 0));
    finish();
}

static void before_init(void)
{
    struct pool fresh = {0};
    int on_the_stack = 0;

    show_p("palloc before pool_init", palloc(&fresh, 16));
    show("pfree before pool_init", pfree(&fresh, opaque(&on_the_stack)));
    show("pool_destroy before pool_init", pool_destroy(&fresh));
}

static void after_destroy(void)
{
    char *a;

    setup();
    a = palloc(&pool, 16);
    pool_destroy(&pool);
    show_p("palloc after pool_destroy", palloc(&pool, 16));
    show("pfree after pool_destroy", pfree(&pool, opaque(a)));
    show("pool_destroy again", pool_destroy(&pool));
}

/* One byte past the 20 asked for (inside the 16-byte rounding in a
 * normal build), then free. */
static void write_past_end(void)
{
    char *a;

    setup();
    a = palloc(&pool, 20);
    ((char *)opaque(a))[20] = 'X';
    show("pfree(a)", pfree(&pool, a));
    finish();
}

int main(int argc, char **argv)
{
    static const struct misuse_case cases[] = {
        {"double-free", double_free}, {"interior", interior},
        {"foreign", foreign}, {"stack", stack}, {"size-max", size_max},
        {"zero", zero}, {"before-init", before_init},
        {"after-destroy", after_destroy},
        {"write-past-end", write_past_end},
        {NULL, NULL},
    };
    return misuse_main(cases, argc, argv);
}
