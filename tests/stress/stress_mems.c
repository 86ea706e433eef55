/*
 * stress_mems.c - MeMS (phase5/mems.h) under the stress driver.  A handle
 * is a MeMS virtual address; the bytes behind it are reached through
 * mems_get, so every fill and every verification also tests translation.
 * Its searches walk every segment (by its specification), so the live set
 * is small.  Checked by mems_check (which runs page_check too); drawn by
 * the phase 5 program's mems_program_draw.
 */
#include "mems_commands.h"
#include "mems_internal.h"
#include "stress.h"

static int mems_start(void)
{
    mems_set_quiet(true);
    mems_init();
    return mems_last_error() == MEMS_OK ? 0 : -1;
}

static void *mems_stress_alloc(enum stress_dist dist, size_t *bytes,
                               bool *zeroed)
{
    (void)dist;
    *zeroed = false;
    return mems_malloc(*bytes);
}

static bool mems_stress_free(void *v)
{
    mems_free(v);
    return mems_last_error() == MEMS_OK;
}

static unsigned char *mems_memory(void *v)
{
    return mems_get(v);
}

static int mems_stress_draw(const char *path)
{
    return stress_draw("mems", path, mems_program_draw);
}

/* A segment one byte longer than its place: the sub-chain no longer tiles
 * its node. */
static void mems_corrupt(void *v)
{
    const struct mems_node *node = main_chain_find((vaddr_t)v);

    sub_chain_find(node, (vaddr_t)v)->size += 1;
}

static size_t mems_stress_finish(const char **why)
{
    mems_finish(); /* unmaps every node, the records and the page layer */
    *why = "";
    return 0;
}

const struct stress_allocator stress_mems = {
    .name = "mems",
    .ops = 1000000,
    .slots = 64,
    .lo = {1, 65, 4097, 16385},
    .hi = {64, 4096, 16384, 65536},
    .start = mems_start,
    .alloc = mems_stress_alloc,
    .free = mems_stress_free,
    .memory = mems_memory,
    .check = mems_check,
    .draw = mems_stress_draw,
    .corrupt = mems_corrupt,
    .finish = mems_stress_finish,
};
