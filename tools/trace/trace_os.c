/*
 * trace_os.c - os_malloc's heap (osmem.h) as a trace allocator (trace.h).
 *
 * Its footprint is what it took from the system: the bytes it moved the
 * break up by (the page layer counts them in brk_bytes; the heap never
 * gives them back), plus each block mapped on its own, header included,
 * as the kernel maps it: rounded up to whole system pages.
 * Not thread-safe: os_* has no lock, as its assignment specifies.
 */
#include "trace.h"

#include "os_heap.h"
#include "osmem.h"
#include "page.h"

static size_t brk_at_start; /* brk_bytes before the pass */

/* A fresh heap: the pass may run in a program (phase4) whose os heap is
 * in use; this child's copy of it is forgotten (its mapped blocks
 * unmapped, in this process only) and a new heap starts at the break. */
static int os_start(void)
{
    os_heap_reset();
    brk_at_start = page_counters()->brk_bytes;
    return 0;
}

static size_t os_footprint(size_t request)
{
    size_t page = page_system_size(), bytes;

    (void)request; /* a walk of the mapped blocks only: cheap enough */
    bytes = page_counters()->brk_bytes - brk_at_start;
    for (const struct block_meta *b = os_mapped_first(); b; b = b->next)
        bytes += (OS_META_SIZE + b->size + page - 1) / page * page;
    return bytes;
}

const struct trace_allocator trace_os = {
    .name = "os",
    .about = "os_malloc, os_free, os_realloc (phase4/os/osmem.h): brk heap "
             "and mmap",
    .malloc = os_malloc,
    .free = os_free,
    .realloc = os_realloc,
    .footprint = os_footprint,
    .start = os_start,
};
