/*
 * trace_libheap.c - the drop-in heap (heap.h) as a trace allocator
 * (trace.h), through its heap_* names so that it runs next to the C
 * library's malloc in one program.
 *
 * The footprint is the heap's own count (struct heap_stats: spans handed
 * out, large mappings, bookkeeping included), less what it held before
 * the pass.  Thread-safe, so -t may run it in several threads.
 */
#include "trace.h"

#include "heap.h"

static size_t baseline; /* the heap's footprint before the pass */

static int libheap_start(void)
{
    struct heap_stats stats;

    heap_get_stats(&stats);
    baseline = stats.footprint;
    return 0;
}

static size_t libheap_footprint(size_t request)
{
    struct heap_stats stats;

    (void)request; /* the heap's count is always at hand */
    heap_get_stats(&stats);
    return stats.footprint > baseline ? stats.footprint - baseline : 0;
}

const struct trace_allocator trace_libheap = {
    .name = "libheap",
    .about = "the drop-in heap (phase4/heap/heap.h: heap_malloc, heap_free, "
             "heap_realloc)",
    .malloc = heap_malloc,
    .free = heap_free,
    .realloc = heap_realloc,
    .footprint = libheap_footprint,
    .thread_safe = true,
    .start = libheap_start,
};
