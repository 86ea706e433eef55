/*
 * heap_stats.c - what every file of the drop-in heap shares, kept below
 * all of them: the counters behind heap_get_stats and HEAPCOURSE_STATS,
 * and the facts read once at start-up (the page size, HEAPCOURSE_STATS,
 * whether valgrind is watching).  It calls no other file of the heap, so
 * segments, large blocks and the front (heap.c) all count here without
 * calling up into the front.  The counters are checked by tests/c/heap_api.c
 * (the footprint falls after a bulk free; heap_trim gives back all it kept).
 */
#include "heap_internal.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "heap_annotate.h"

struct heap_counters heap_counters;
bool heap_counting;
size_t heap_page_size = 4096;
#ifdef HEAP_VALGRIND
int heap_under_valgrind;
#endif

/* Calls and live bytes are counted only with HEAPCOURSE_STATS=1: counters
 * every thread updates on every call would bounce one cache line between
 * the processors and cost more than the calls.  The footprint (updated
 * only when pages are touched or given back) is always kept. */
void heap_stats_init(void)
{
    const char *env = getenv("HEAPCOURSE_STATS");

#ifdef HEAP_VALGRIND
    heap_under_valgrind = RUNNING_ON_VALGRIND;
#endif
    heap_page_size = (size_t)sysconf(_SC_PAGESIZE);
    heap_counting = env != NULL && strcmp(env, "1") == 0;
}

void heap_stats_add(atomic_size_t *c, atomic_size_t *peak, size_t n)
{
    size_t now = atomic_fetch_add_explicit(c, n, memory_order_relaxed) + n;

    if (peak != NULL) {
        size_t seen = atomic_load_explicit(peak, memory_order_relaxed);
        while (now > seen && !atomic_compare_exchange_weak_explicit(
                                 peak, &seen, now, memory_order_relaxed,
                                 memory_order_relaxed))
            ;
    }
}

void heap_stats_sub(atomic_size_t *c, size_t n)
{
    atomic_fetch_sub_explicit(c, n, memory_order_relaxed);
}

void heap_stats_read(struct heap_stats *out)
{
    *out = (struct heap_stats){
        .mallocs = heap_counters.mallocs, .frees = heap_counters.frees,
        .reallocs = heap_counters.reallocs,
        .live_bytes = heap_counters.live_bytes,
        .peak_live_bytes = heap_counters.peak_live_bytes,
        .footprint = heap_counters.footprint,
        .peak_footprint = heap_counters.peak_footprint,
        .mapped = heap_counters.mapped,
        .large_live = heap_counters.large_live,
        .returned = heap_counters.returned,
    };
}
