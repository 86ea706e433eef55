/*
 * typed_random.c - a randomized test of the typed allocator and the bounded
 * pool against a shadow model: 100,000 operations each (or the count given
 * as the first argument), a fixed seed so every run is the same.  Each
 * live block is filled with a pattern derived from its serial number and
 * verified before it is freed and at the end; the heap checkers run every
 * 1,000 operations.  Prints one summary line per allocator; exits 1 on the
 * first mismatch or check failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "typed.h"

enum { SLOTS = 512, CHECK_EVERY = 1000 };

struct shadow {
    unsigned char *data; /* the block, or NULL */
    size_t bytes;        /* bytes the test owns in it */
    unsigned serial;     /* the pattern's seed */
};

static unsigned long long rng = 0x9e3779b97f4a7c15ULL;

static unsigned next_random(void) /* xorshift64*: small and reproducible */
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (unsigned)((rng * 0x2545f4914f6cdd1dULL) >> 32);
}

static unsigned char pattern(unsigned serial, size_t i)
{
    return (unsigned char)(serial * 131u + i * 7u + 1u);
}

static void fill(struct shadow *s)
{
    for (size_t i = 0; i < s->bytes; i++)
        s->data[i] = pattern(s->serial, i);
}

static int verify(const struct shadow *s, const char *what)
{
    for (size_t i = 0; i < s->bytes; i++)
        if (s->data[i] != pattern(s->serial, i)) {
            printf("FAIL: %s: block %u byte %zu changed\n", what, s->serial, i);
            return -1;
        }
    return 0;
}

static void print_problem(void *arg, const char *line)
{
    printf("FAIL: %s: %s\n", (const char *)arg, line);
}

static int checked(void (*check)(struct diag_report *), const char *what)
{
    struct diag_report r = {.sink = print_problem, .arg = (void *)what};
    check(&r);
    return r.problems ? -1 : 0;
}

/* ---- the typed allocator ----------------------------------------------------- */

static struct family *families[3];

static void check_typed(struct diag_report *r)
{
    typed_check(r);
    family_check(r);
    page_check(r);
}

static int run_typed(long ops)
{
    static struct shadow slot[SLOTS];
    unsigned serial = 0;
    long allocs = 0, frees = 0;

    typed_setup();
    families[0] = family_register("small", 24);
    families[1] = family_register("medium", 200);
    families[2] = family_register("large", 1500);
    for (long op = 1; op <= ops; op++) {
        struct shadow *s = &slot[next_random() % SLOTS];
        if (op % 20000 == 0)
            typed_set_policy((enum chain_policy)(op / 20000 % 3));
        if (s->data != NULL) {
            if (verify(s, "typed") < 0 || typed_free(s->data, NULL) < 0)
                return -1;
            s->data = NULL;
            frees++;
        } else {
            struct family *f = families[next_random() % 3];
            size_t units = 1 + next_random() % (f->size < 100 ? 40 : 4);
            s->data = typed_alloc(f, units, NULL);
            if (s->data == NULL) {
                printf("FAIL: typed: %s\n", diag_last_error());
                return -1;
            }
            s->bytes = units * f->size;
            s->serial = ++serial;
            for (size_t i = 0; i < s->bytes; i++)
                if (s->data[i] != 0) {
                    printf("FAIL: typed: block %u not zeroed\n", serial);
                    return -1;
                }
            fill(s);
            allocs++;
        }
        if (op % CHECK_EVERY == 0 && checked(check_typed, "typed") < 0)
            return -1;
    }
    for (int i = 0; i < SLOTS; i++)
        if (slot[i].data != NULL &&
            (verify(&slot[i], "typed") < 0 || typed_free(slot[i].data, NULL) < 0))
            return -1;
    if (checked(check_typed, "typed") < 0)
        return -1;
    printf("typed: %ld operations, %ld allocations, %ld frees, live pages "
           "at the end %zu (the family page)\n", ops, allocs, frees,
           page_totals()->live_pages);
    typed_reset();
    family_reset();
    page_reset();
    return 0;
}

/* ---- the pool ------------------------------------------------------------------ */

static struct pool pool;

static void check_pool(struct diag_report *r)
{
    pool_check(&pool, r);
}

static int run_pool(long ops)
{
    static struct shadow slot[SLOTS / 8];
    unsigned serial = 0;
    long allocs = 0, frees = 0, exhausted = 0;

    pool_set_quiet(true);
    if (!pool_init(&pool, 256 * 1024))
        return -1;
    for (long op = 1; op <= ops; op++) {
        struct shadow *s = &slot[next_random() % (SLOTS / 8)];
        if (s->data != NULL) {
            if (verify(s, "pool") < 0 || !pfree(&pool, s->data))
                return -1;
            s->data = NULL;
            frees++;
        } else {
            size_t bytes = 1 + next_random() % 12000;
            s->data = palloc(&pool, bytes);
            if (s->data == NULL) {
                exhausted++; /* allowed: the pool is bounded */
                continue;
            }
            s->bytes = bytes;
            s->serial = ++serial;
            fill(s);
            allocs++;
        }
        if (op % CHECK_EVERY == 0 && checked(check_pool, "pool") < 0)
            return -1;
    }
    for (int i = 0; i < SLOTS / 8; i++)
        if (slot[i].data != NULL &&
            (verify(&slot[i], "pool") < 0 || !pfree(&pool, slot[i].data)))
            return -1;
    if (checked(check_pool, "pool") < 0 ||
        list_length(&pool.free_blocks) != 1) {
        printf("FAIL: pool: not one free block at the end\n");
        return -1;
    }
    printf("pool: %ld operations, %ld allocations, %ld frees, %ld refused "
           "as exhausted, one free block at the end\n", ops, allocs, frees,
           exhausted);
    pool_destroy(&pool);
    page_reset();
    return 0;
}

int main(int argc, char **argv)
{
    long ops = argc > 1 ? atol(argv[1]) : 100000;

    if (run_typed(ops) < 0 || run_pool(ops) < 0)
        return 1;
    return 0;
}
