/*
 * stress_heap.c - the drop-in heap (phase4/heap/heap.h, libheap) under the
 * stress driver, through its heap_* names: small blocks (size classes),
 * medium ones (the chain engine in 2 MiB regions) and large ones (a
 * mapping each); one allocation in four through heap_calloc, and realloc
 * across all three kinds.  Checked by heap_check; drawn by
 * phase4/heap/heap_draw.c (segments, spans, medium blocks, large blocks).
 *
 * libheap has no reset: by design it keeps its last segment and up to
 * 32 MiB of freed large mappings, which heap_trim gives back at the start
 * and at the end, so its mappings must end where they started; what its
 * own counter says it still maps beyond that is reported as kept.
 */
#include "heap.h"
#include "heap_annotate.h"
#include "heap_draw.h"
#include "heap_internal.h"
#include "stress.h"

static size_t mapped_at_start; /* heap_get_stats().mapped after warm-up */
static long allocations;

/* The heap's one-time set-up (its segment map) happens at its first use:
 * done before the driver counts the mappings, and what the warm-up left
 * (a segment) trimmed. */
static int heap_prepare(void)
{
    heap_free(heap_malloc(1));
    heap_trim();
    return 0;
}

static int heap_start(void)
{
    struct heap_stats stats;

    heap_get_stats(&stats);
    mapped_at_start = stats.mapped;
    allocations = 0;
    return 0;
}

static void *heap_stress_alloc(enum stress_dist dist, size_t *bytes,
                               bool *zeroed)
{
    (void)dist;
    *zeroed = ++allocations % 4 == 0;
    return *zeroed ? heap_calloc(1, *bytes) : heap_malloc(*bytes);
}

static bool heap_stress_free(void *p)
{
    heap_free(p);
    return true;
}

static unsigned char *heap_memory(void *p)
{
    return p;
}

/* libheap's picture takes no labels (the driver binds none anyway). */
static void draw(struct script *s, struct dot *d)
{
    (void)s;
    heap_draw(d);
}

static int heap_stress_draw(const char *path)
{
    return stress_draw("heap", path, draw);
}

/* A torn boundary tag: a fresh medium block (whatever the driver chose)
 * gets a wrong check word, opened and closed the way the heap itself
 * opens its tags, so valgrind and ASan let the test write it. */
static void *volatile torn; /* kept: leak checkers see it reachable */

static void heap_tear_tag(void *p)
{
    struct chunk *c;

    (void)p;
    torn = heap_malloc(2000);
    c = heap_chunk_of(torn);
    heap_meta_open(c, sizeof *c);
    c->check ^= 1;
    heap_meta_close(c, sizeof *c);
}

static size_t heap_finish(const char **why)
{
    struct heap_stats stats;

    heap_trim();
    heap_get_stats(&stats);
    *why = "libheap's segments and large mappings, after heap_trim";
    return stats.mapped > mapped_at_start ? stats.mapped - mapped_at_start
                                          : 0;
}

const struct stress_allocator stress_heap = {
    .name = "heap",
    .ops = 10000000,
    .slots = 1024,
    .lo = {1, 1025, 4097, 131073},
    .hi = {1024, 4096, 131072, 1572864}, /* large: regions and mappings */
    .prepare = heap_prepare,
    .start = heap_start,
    .alloc = heap_stress_alloc,
    .free = heap_stress_free,
    .realloc = heap_realloc,
    .memory = heap_memory,
    .check = heap_check,
    .draw = heap_stress_draw,
    .corrupt = heap_tear_tag,
    .finish = heap_finish,
};
