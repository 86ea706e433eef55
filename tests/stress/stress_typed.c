/*
 * stress_typed.c - the typed allocator (phase4/typed.h) under the stress
 * driver.  It hands out whole structs of a registered family, so each
 * distribution has a family of its own and a request becomes a number of
 * units of it.  Every 100,000 allocations the fit policy changes (worst,
 * first, best fit).  Checked by typed_check, family_check, page_check;
 * drawn by the phase 4 program's typed_draw.
 */
#include "block.h"
#include "family.h"
#include "page.h"
#include "stress.h"
#include "typed.h"
#include "typed_commands.h"

/* One family per distribution: small structs, mid-sized ones, arrays that
 * span pages, and runs of many pages. */
static const struct {
    const char *name;
    size_t size;
} kinds[STRESS_DISTS] = {
    {"small_t", 24}, {"medium_t", 200}, {"page_t", 1500}, {"large_t", 4000},
};

static struct family *families[STRESS_DISTS];
static long allocations;

static int typed_start(void)
{
    typed_setup();
    allocations = 0;
    for (int i = 0; i < STRESS_DISTS; i++)
        if ((families[i] = family_register(kinds[i].name, kinds[i].size)) ==
            NULL)
            return -1;
    return 0;
}

static void *typed_stress_alloc(enum stress_dist dist, size_t *bytes,
                                bool *zeroed)
{
    static const enum chain_policy policies[] = {
        CHAIN_WORST_FIT, CHAIN_FIRST_FIT, CHAIN_BEST_FIT};
    size_t units = (*bytes + kinds[dist].size - 1) / kinds[dist].size;

    if (++allocations % 100000 == 0)
        typed_set_policy(policies[allocations / 100000 % 3]);
    *bytes = units * kinds[dist].size;
    *zeroed = true; /* xcalloc */
    return typed_alloc(families[dist], units, NULL);
}

static bool typed_stress_free(void *p)
{
    return typed_free(p, NULL) == 0;
}

static unsigned char *typed_memory(void *p)
{
    return p;
}

static void typed_stress_check(struct diag_report *r)
{
    typed_check(r);
    family_check(r);
    page_check(r);
}

static int typed_stress_draw(const char *path)
{
    return stress_draw("typed", path, typed_draw);
}

/* An allocated block marked free behind the allocator's back: free, but
 * on no free list.  (A size grown into the next meta block would be the
 * likelier overflow, but typed_check computes the gap after a block from
 * its size and so cannot see that; see the stress report.) */
static void typed_corrupt(void *p)
{
    BLOCK_META(p)->is_free = 1;
}

static size_t typed_finish(const char **why)
{
    typed_reset();
    family_reset();
    page_reset();
    *why = "";
    return 0;
}

const struct stress_allocator stress_typed = {
    .name = "typed",
    .ops = 10000000,
    .slots = 1024,
    .lo = {24, 200, 3000, 16000},
    .hi = {96, 2000, 12000, 256000},
    .start = typed_start,
    .alloc = typed_stress_alloc,
    .free = typed_stress_free,
    .memory = typed_memory,
    .check = typed_stress_check,
    .draw = typed_stress_draw,
    .corrupt = typed_corrupt,
    .finish = typed_finish,
};
