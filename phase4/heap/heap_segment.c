/*
 * heap_segment.c - the drop-in heap's segments and spans.
 *
 * A segment is 4 MiB of address space aligned to 4 MiB, so any pointer
 * into it finds its header by rounding down.  It is mapped with phase 1's
 * bare mmap (over-mapped by 4 MiB and trimmed to the alignment) and divided
 * into 128 spans of 32 KiB; span 0 holds the header, which says what every
 * span is used for.  The segment map, one bit per 4 MiB of the address
 * space, says which slots are segments of ours, so free() can test any
 * pointer without touching memory that may not be mapped.
 *
 * The footprint counts what is resident: a span's pages from the first
 * byte to the last one ever handed out ("touched"), never the untouched
 * rest of a segment.
 *
 * Freed spans stay resident ("dirty") until the arena holds more than
 * PURGE_LIMIT bytes of them and more than a quarter of the footprint; then
 * their pages go back to the kernel with madvise(MADV_DONTNEED) in one
 * sweep.  A segment whose spans are all free
 * is unmapped, unless it is the arena's last one (heap_trim unmaps that
 * one too).
 */
#include "heap_internal.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "heap_annotate.h"
#include "page.h"

enum {
    PURGE_LIMIT = 4 << 20,             /* dirty free bytes an arena keeps */
    ADDRESS_BITS = 48,                 /* user space on x86-64 and arm64 */
};

#define MAP_SLOTS ((size_t)1 << (ADDRESS_BITS - SEGMENT_SHIFT))
#define MAP_WORDS (MAP_SLOTS / 64)

/* One bit per 4 MiB slot of the address space: 8 MiB of address space,
 * mapped once and touched only where segments are. */
static _Atomic uint64_t *segment_map;
static pthread_once_t map_once = PTHREAD_ONCE_INIT;

static void map_create(void)
{
    void *p = mmap(NULL, MAP_WORDS * sizeof(uint64_t), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    segment_map = p == MAP_FAILED ? NULL : p;
}

static void map_set(const void *seg, bool on)
{
    size_t slot = (uintptr_t)seg >> SEGMENT_SHIFT;
    uint64_t bit = (uint64_t)1 << (slot % 64);

    if (on)
        atomic_fetch_or_explicit(&segment_map[slot / 64], bit,
                                 memory_order_release);
    else
        atomic_fetch_and_explicit(&segment_map[slot / 64], ~bit,
                                  memory_order_release);
}

bool heap_segment_owns(const void *p)
{
    size_t slot = (uintptr_t)p >> SEGMENT_SHIFT;

    if (segment_map == NULL || slot >= MAP_SLOTS)
        return false;
    return (atomic_load_explicit(&segment_map[slot / 64],
                                 memory_order_acquire) >> (slot % 64)) & 1;
}

struct segment *heap_span_segment(const struct span *span)
{
    return heap_segment_of(span);
}

size_t heap_span_number(const struct span *span)
{
    return (size_t)(span - heap_segment_of(span)->spans);
}

/* ---- segments ----------------------------------------------------------------- */

unsigned char *heap_map_aligned(size_t length, size_t alignment, size_t lead)
{
    unsigned char *raw, *start;
    size_t before;

    /* Map `alignment` bytes more than needed: an aligned start lies in
     * the first `alignment` of them; the rest before and after goes back. */
    if (length > SIZE_MAX - alignment ||
        (raw = page_mmap_raw(length + alignment)) == NULL)
        return NULL;
    heap_note_mapped(raw, length + alignment);
    start = (unsigned char *)heap_round_up((uintptr_t)raw + lead, alignment) -
            lead;
    before = (size_t)(start - raw);
    if (before > 0)
        page_munmap_raw(raw, before);
    if (alignment - before > 0)
        page_munmap_raw(start + length, alignment - before);
    return start;
}

/* A new segment for the arena: 8 MiB mapped, the aligned 4 MiB kept. */
static struct segment *segment_new(struct arena *a)
{
    unsigned char *start;
    struct segment *seg;

    pthread_once(&map_once, map_create);
    if (segment_map == NULL ||
        (start = heap_map_aligned(SEGMENT_SIZE, SEGMENT_SIZE, 0)) == NULL)
        return NULL;

    seg = (struct segment *)start;
    seg->magic = SEGMENT_MAGIC;
    seg->arena = a;
    seg->free_spans = SPANS_PER_SEGMENT - 1;
    seg->spans[0].kind = SPAN_HEADER;
    for (size_t i = 1; i < SPANS_PER_SEGMENT; i++)
        seg->spans[i].kind = SPAN_FREE; /* fresh pages: not dirty */
    list_push_back(&a->segments, &seg->link);
    map_set(seg, true);
    heap_stats_add(&heap_counters.mapped, NULL, SEGMENT_SIZE);
    /* The header's pages count as the heap's (the spans' when used). */
    heap_stats_add(&heap_counters.footprint, &heap_counters.peak_footprint,
                   heap_round_up(sizeof *seg, heap_page_size));
    return seg;
}

static void segment_delete(struct segment *seg)
{
    list_remove(&seg->link);
    map_set(seg, false);
    heap_stats_sub(&heap_counters.footprint,
                   heap_round_up(sizeof *seg, heap_page_size));
    heap_stats_sub(&heap_counters.mapped, SEGMENT_SIZE);
    heap_stats_add(&heap_counters.returned, NULL, SEGMENT_SIZE);
    heap_note_mapped(seg, SEGMENT_SIZE);
    page_munmap_raw(seg, SEGMENT_SIZE);
}

/* ---- spans -------------------------------------------------------------------- */

/* The first run of `count` free spans in seg that starts at a multiple of
 * `count` (so a region's start is its span index rounded down), or 0. */
static size_t find_run(const struct segment *seg, size_t count)
{
    for (size_t first = count; first + count <= SPANS_PER_SEGMENT;
         first += count) {
        size_t i = first;
        while (i < first + count && seg->spans[i].kind == SPAN_FREE)
            i++;
        if (i == first + count)
            return first;
    }
    return 0;
}

struct span *heap_spans_take(struct arena *a, size_t count,
                             enum span_kind kind)
{
    struct segment *seg = NULL;
    struct list_node *pos;
    size_t first = 0;

    list_for_each(pos, &a->segments) {
        struct segment *s = list_entry(pos, struct segment, link);
        if (s->free_spans >= count && (first = find_run(s, count)) != 0) {
            seg = s;
            break;
        }
    }
    if (seg == NULL) {
        if ((seg = segment_new(a)) == NULL)
            return NULL;
        first = count; /* span 0 is the header */
    }
    for (size_t i = first; i < first + count; i++) {
        struct span *span = &seg->spans[i];
        uint32_t touched = span->touched; /* still resident: kept */
        if (span->dirty)
            a->dirty_bytes -= SPAN_SIZE;
        memset(span, 0, sizeof *span);
        span->touched = touched;
        span->kind = i == first ? kind : SPAN_INSIDE;
    }
    seg->free_spans -= count;
    return &seg->spans[first];
}

/* Give every dirty free span of the arena's segments back to the kernel,
 * and unmap segments that are entirely free (all but the last one, unless
 * `all`). */
static void purge(struct arena *a, bool all)
{
    struct list_node *pos, *tmp;

    list_for_each_safe(pos, tmp, &a->segments) {
        struct segment *seg = list_entry(pos, struct segment, link);
        size_t run = 0; /* dirty free spans just before span i */
        for (size_t i = 1; i <= SPANS_PER_SEGMENT; i++) {
            struct span *span = i < SPANS_PER_SEGMENT ? &seg->spans[i] : NULL;
            if (span != NULL && span->kind == SPAN_FREE && span->dirty) {
                span->dirty = false;
                heap_stats_sub(&heap_counters.footprint, span->touched);
                heap_stats_add(&heap_counters.returned, NULL, span->touched);
                span->touched = 0;
                run++;
                continue;
            }
            /* One call for a whole run: each madvise interrupts every
             * processor the process runs on, to flush its TLB. */
            if (run > 0)
                madvise(heap_span_start(seg, i - run), run * SPAN_SIZE,
                        MADV_DONTNEED);
            run = 0;
        }
        if (seg->free_spans == SPANS_PER_SEGMENT - 1 &&
            (all || a->segments.next != a->segments.prev))
            segment_delete(seg);
    }
    a->dirty_bytes = 0;
}

void heap_spans_touch(struct span *first, size_t count, size_t end)
{
    size_t page = heap_page_size;

    /* The run's high-water mark, kept in its first span's `carved` (a
     * medium region has no blocks of its own to count there): below it
     * every page is counted already. */
    if (count > 1) {
        if (end <= first->carved)
            return;
        first->carved = (uint32_t)end;
    }

    for (size_t k = 0; k < count && end > k * SPAN_SIZE; k++) {
        size_t want = end - k * SPAN_SIZE;
        want = want > SPAN_SIZE ? SPAN_SIZE : heap_round_up(want, page);
        if (want > first[k].touched) {
            heap_stats_add(&heap_counters.footprint,
                           &heap_counters.peak_footprint,
                           want - first[k].touched);
            first[k].touched = (uint32_t)want;
        }
    }
}

void heap_spans_give(struct arena *a, struct span *first, size_t count)
{
    struct segment *seg = heap_span_segment(first);

    for (size_t i = 0; i < count; i++) {
        first[i].kind = SPAN_FREE;
        first[i].dirty = true;
    }
    seg->free_spans += count;
    a->dirty_bytes += count * SPAN_SIZE;
    /* The limit grows with the heap (a quarter of its footprint): a large
     * heap that frees and allocates again keeps its pages instead of
     * giving them back only to fault them in again, and madvise, which
     * interrupts every processor the process runs on, stays rare. */
    if (a->dirty_bytes > PURGE_LIMIT &&
        a->dirty_bytes > atomic_load_explicit(&heap_counters.footprint,
                                              memory_order_relaxed) / 4)
        purge(a, false);
}

void heap_spans_trim(struct arena *a)
{
    purge(a, true);
}
