/*
 * stress_os.c - os_malloc's heap (phase4/os/osmem.h) under the stress driver:
 * blocks below 128 KiB from the brk heap, larger ones mapped on their own;
 * one allocation in four through os_calloc, and realloc across both kinds.
 * Its searches walk the whole heap (by its specification), so the live
 * set is small.  The brk heap never shrinks, so what the break grew by is
 * reported as kept by design.  Checked by os_heap_check; drawn by the
 * phase 4 program's os_draw.
 */
#include "os_commands.h"
#include "os_heap.h"
#include "osmem.h"
#include "page.h"
#include "stress.h"

static size_t brk_at_start; /* the page layer's brk_bytes at the start */
static long allocations;

static int os_start(void)
{
    os_heap_reset(); /* a new heap starts at the current break */
    brk_at_start = page_counters()->brk_bytes;
    allocations = 0;
    return 0;
}

static void *os_stress_alloc(enum stress_dist dist, size_t *bytes,
                             bool *zeroed)
{
    (void)dist;
    *zeroed = ++allocations % 4 == 0;
    return *zeroed ? os_calloc(1, *bytes) : os_malloc(*bytes);
}

static bool os_stress_free(void *p)
{
    os_free(p); /* says nothing, by its specification */
    return true;
}

static unsigned char *os_memory(void *p)
{
    return p;
}

static void os_stress_check(struct diag_report *r)
{
    os_heap_check(r);
    page_check(r);
}

static int os_stress_draw(const char *path)
{
    return stress_draw("os", path, os_draw);
}

/* A brk block whose size reaches into the next header (the blocks no
 * longer tile the heap), or a mapped block that says it is in the heap. */
static void os_corrupt(void *p)
{
    struct block_meta *b = (struct block_meta *)((char *)p - OS_META_SIZE);

    if (b->status == STATUS_MAPPED)
        b->status = STATUS_ALLOC;
    else
        b->size += OS_ALIGNMENT;
}

static size_t os_finish(const char **why)
{
    os_heap_reset(); /* unmaps the mapped blocks */
    *why = "the brk heap, which never shrinks";
    return page_counters()->brk_bytes - brk_at_start;
}

const struct stress_allocator stress_os = {
    .name = "os",
    .ops = 1000000,
    .slots = 128,
    .lo = {1, 65, 4097, 131072},
    .hi = {64, 4096, 65536, 524288},
    .start = os_start,
    .alloc = os_stress_alloc,
    .free = os_stress_free,
    .realloc = os_realloc,
    .memory = os_memory,
    .check = os_stress_check,
    .draw = os_stress_draw,
    .corrupt = os_corrupt,
    .finish = os_finish,
};
