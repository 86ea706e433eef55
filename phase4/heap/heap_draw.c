/*
 * heap_draw.c - the drop-in heap (heap_internal.h) as a Graphviz picture:
 * a cluster per segment with a strip of its spans, a cluster per medium
 * region with its blocks, and the large blocks.  Segments are numbered in
 * the order their arena lists them (the order they were mapped), never by
 * address, so the same heap gives the same picture.  Program code, like
 * common/dot.c: linked into the stress driver (tests/stress/stress.mk),
 * never into libheap.so or libheap.a, which have no stdio.
 */
#include "heap_draw.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heap_annotate.h"
#include "heap_internal.h"

/* The picture is drawn when a check fails, so the heap may be corrupt:
 * every walk has a bound, a tag is checked before the walk steps over it,
 * a segment is trusted only if the segment map says it is one. */
enum {
    SEGMENTS_MAX = 64,  /* segments drawn per arena */
    CHUNKS_SHOWN = 64,  /* blocks drawn per region; the rest are counted */
    CELLS_PER_ROW = 16, /* cells in one strip; more wrap onto a new row */
    LARGE_SHOWN = 64,   /* large blocks drawn; the rest are counted */
    REGIONS_MAX = SPANS_PER_SEGMENT / REGION_SPANS,
};

/* ---- copying a segment --------------------------------------------------------- */

/* What the picture needs of a medium region, copied with the arena
 * locked, so that drawing (stdio, which may call malloc, even this heap's)
 * runs with no lock held and cannot change what it draws. */
struct region_copy {
    size_t span;                    /* its first span */
    size_t shown;                   /* blocks in the arrays below */
    uint32_t offset[CHUNKS_SHOWN];  /* each block's tag, from the region's
                                       start (as heap_check names it) */
    uint32_t size[CHUNKS_SHOWN];    /* its payload bytes */
    bool is_free[CHUNKS_SHOWN];
    size_t more_used, more_free;    /* blocks after the ones shown */
    long bad_tag;                   /* offset of a corrupt tag, or -1 */
};

struct segment_copy {
    bool sound;                     /* its header has SEGMENT_MAGIC */
    size_t free_spans;              /* as the header says */
    struct span spans[SPANS_PER_SEGMENT];
    size_t regions;
    struct region_copy region[REGIONS_MAX];
};

/* A boundary tag, opened for valgrind and ASan as the heap opens it. */
static struct chunk read_tag(const struct chunk *c)
{
    struct chunk tag;

    heap_meta_open(c, CHUNK_HEADER);
    tag = *c;
    heap_meta_close(c, CHUNK_HEADER);
    return tag;
}

/* A region's blocks, in address order: the walk stops at the region's end,
 * at the block marked last, or at the first tag that is not sound (the
 * tests of heap_check's region_tags_sound).  Each step moves at least 32
 * bytes, so it takes at most REGION_SIZE / 32 steps. */
static void copy_region(struct region_copy *r, unsigned char *start,
                        size_t span)
{
    unsigned char *end = start + REGION_SIZE, *at = start;

    *r = (struct region_copy){.span = span, .bad_tag = -1};
    while (at + CHUNK_HEADER <= end) {
        struct chunk tag = read_tag((struct chunk *)at);
        bool is_free = tag.flags & CHUNK_FREE;
        if (!heap_tag_sound((struct chunk *)at, tag, end)) {
            r->bad_tag = at - start;
            return;
        }
        if (r->shown < CHUNKS_SHOWN) {
            r->offset[r->shown] = (uint32_t)(at - start);
            r->size[r->shown] = tag.size;
            r->is_free[r->shown++] = is_free;
        } else if (is_free) {
            r->more_free++;
        } else {
            r->more_used++;
        }
        if (tag.flags & CHUNK_LAST)
            return;
        at += CHUNK_HEADER + tag.size;
    }
}

/* The n-th segment on arena a's list, copied with the arena locked; false
 * if the list has no n-th segment (or a link that leaves our segments). */
static bool copy_segment(struct arena *a, size_t n, struct segment_copy *out)
{
    struct segment *seg = NULL;
    struct list_node *pos;

    heap_arena_lock(a);
    pos = a->segments.next;
    for (size_t i = 0; i <= n && pos != &a->segments; i++, pos = pos->next) {
        struct segment *s = list_entry(pos, struct segment, link);
        if (!heap_segment_owns(s) || heap_segment_of(s) != s)
            break;
        if (i == n)
            seg = s;
    }
    if (seg != NULL) {
        out->sound = seg->magic == SEGMENT_MAGIC;
        out->free_spans = seg->free_spans;
        memcpy(out->spans, seg->spans, sizeof out->spans);
        out->regions = 0;
        /* Regions start at multiples of REGION_SPANS (heap_spans_take). */
        for (size_t i = REGION_SPANS; i < SPANS_PER_SEGMENT; i += REGION_SPANS)
            if (seg->spans[i].kind == SPAN_REGION)
                copy_region(&out->region[out->regions++],
                            heap_span_start(seg, i), i);
    }
    heap_arena_unlock(a);
    return seg != NULL;
}

/* ---- rows of cells ---------------------------------------------------------------- */

/* A list of cells drawn as strips of at most CELLS_PER_ROW cells, one
 * under the other, with ids PREFIX_row0, PREFIX_row1, ... */
struct rows {
    struct dot *d;
    const char *prefix;
    int row;   /* rows started */
    int cells; /* cells in the current row */
};

static void row_cell(struct rows *r, enum dot_state state, const char *fmt,
                     ...) DIAG_PRINTF(3, 4);

static void row_cell(struct rows *r, enum dot_state state, const char *fmt,
                     ...)
{
    char text[128], id[96];
    va_list ap;

    if (r->cells == CELLS_PER_ROW) {
        dot_strip_end(r->d);
        r->cells = 0;
    }
    if (r->cells == 0) {
        snprintf(id, sizeof id, "%s_row%d", r->prefix, r->row++);
        dot_strip_begin(r->d, id);
    }
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    dot_strip_cell(r->d, state, NULL, "%s", text);
    r->cells++;
}

static void rows_end(struct rows *r)
{
    if (r->cells > 0)
        dot_strip_end(r->d);
}

/* ---- drawing a segment -------------------------------------------------------------- */

/* "span 5" or "spans 5-12". */
static const char *span_range(char *buf, size_t size, size_t first,
                              size_t count)
{
    if (count == 1)
        snprintf(buf, size, "span %zu", first);
    else
        snprintf(buf, size, "spans %zu-%zu", first, first + count - 1);
    return buf;
}

/* One cell for the span at i (a region or a run of free spans: one cell
 * for all of it); returns how many spans the cell covers. */
static size_t span_cell(struct rows *r, const struct span *spans, size_t i)
{
    const struct span *s = &spans[i];
    char where[32];
    size_t n = 1;

    switch (s->kind) {
    case SPAN_HEADER:
        row_cell(r, DOT_META, "span %zu\nsegment header", i);
        break;
    case SPAN_SMALL:
        row_cell(r, DOT_ALLOCATED, "span %zu\nsmall %u B\n%u of %u used", i,
                 s->block_size, s->used, s->capacity);
        break;
    case SPAN_REGION:
        while (i + n < SPANS_PER_SEGMENT && n < REGION_SPANS &&
               spans[i + n].kind == SPAN_INSIDE)
            n++;
        row_cell(r, DOT_ALLOCATED, "%s\nmedium region",
                 span_range(where, sizeof where, i, n));
        break;
    case SPAN_FREE:
        while (i + n < SPANS_PER_SEGMENT && spans[i + n].kind == SPAN_FREE &&
               spans[i + n].dirty == s->dirty)
            n++;
        row_cell(r, s->dirty ? DOT_CACHED : DOT_FREE, "%s\n%s",
                 span_range(where, sizeof where, i, n),
                 s->dirty ? "free, dirty" : "free");
        break;
    default: /* SPAN_INSIDE with no region before it, or a torn record */
        row_cell(r, DOT_NEUTRAL, "span %zu\nkind %u?", i, s->kind);
    }
    return n;
}

static void draw_region(struct dot *d, const struct region_copy *rc,
                        const char *prefix)
{
    char title[128], id[96];
    size_t blocks = rc->shown + rc->more_used + rc->more_free;
    size_t free_blocks = rc->more_free;
    struct rows r = {.d = d, .prefix = id};

    for (size_t k = 0; k < rc->shown; k++)
        free_blocks += rc->is_free[k];
    snprintf(title, sizeof title, "medium region, spans %zu-%zu: %zu "
             "block%s, %zu free%s", rc->span, rc->span + REGION_SPANS - 1,
             blocks, blocks == 1 ? "" : "s", free_blocks,
             rc->bad_tag >= 0 ? "; the walk stops at a corrupt tag" : "");
    snprintf(id, sizeof id, "%s_region%zu", prefix, rc->span);
    dot_cluster_begin(d, title);
    for (size_t k = 0; k < rc->shown; k++)
        row_cell(&r, rc->is_free[k] ? DOT_FREE : DOT_ALLOCATED, "%s %u\n@%u",
                 rc->is_free[k] ? "free" : "used", rc->size[k],
                 rc->offset[k]);
    if (rc->more_used + rc->more_free > 0)
        row_cell(&r, DOT_NEUTRAL, "... %zu more\n%zu used, %zu free",
                 rc->more_used + rc->more_free, rc->more_used,
                 rc->more_free);
    if (rc->bad_tag >= 0)
        row_cell(&r, DOT_META, "corrupt tag\n@%ld", rc->bad_tag);
    rows_end(&r);
    dot_cluster_end(d);
}

static void draw_segment(struct dot *d, unsigned arena, size_t number,
                         const struct segment_copy *sc)
{
    char title[128], id[64];
    struct rows r = {.d = d, .prefix = id};

    snprintf(title, sizeof title, "arena %u, segment %zu: 4 MiB, %zu of "
             "%zu spans free%s", arena, number, sc->free_spans,
             (size_t)SPANS_PER_SEGMENT - 1,
             sc->sound ? "" : " (header corrupt)");
    snprintf(id, sizeof id, "a%u_seg%zu", arena, number);
    dot_cluster_begin(d, title);
    dot_cluster_begin(d, "its spans, 32 KiB each");
    for (size_t i = 0; i < SPANS_PER_SEGMENT;)
        i += span_cell(&r, sc->spans, i);
    rows_end(&r);
    dot_cluster_end(d);
    for (size_t k = 0; k < sc->regions; k++)
        draw_region(d, &sc->region[k], id);
    dot_cluster_end(d);
}

/* ---- large blocks ----------------------------------------------------------------------- */

static int larger_first(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;

    return x < y ? 1 : x > y ? -1 : 0;
}

static void draw_large(struct dot *d)
{
    size_t sizes[LARGE_SHOWN], kept, shown, count;
    char title[96];
    struct rows r = {.d = d, .prefix = "large"};

    count = heap_large_list(sizes, LARGE_SHOWN, &kept);
    if (count == 0 && kept == 0)
        return;
    shown = count < LARGE_SHOWN ? count : LARGE_SHOWN;
    qsort(sizes, shown, sizeof sizes[0], larger_first); /* deterministic */
    snprintf(title, sizeof title, "large blocks: %zu, a mapping each",
             count);
    dot_cluster_begin(d, title);
    for (size_t i = 0; i < shown; i++)
        row_cell(&r, DOT_ALLOCATED, "large\n%zu B", sizes[i]);
    if (count > shown)
        row_cell(&r, DOT_NEUTRAL, "... %zu more", count - shown);
    if (kept > 0)
        row_cell(&r, DOT_CACHED, "kept for reuse\n%zu B", kept);
    rows_end(&r);
    dot_cluster_end(d);
}

/* ---- the picture ---------------------------------------------------------------------- */

void heap_draw(struct dot *d)
{
    struct segment_copy sc;
    struct heap_stats stats;
    size_t segments = 0;

    for (unsigned a = 0; a < heap_arena_count && a < ARENAS_MAX; a++) {
        size_t n = 0;
        while (n < SEGMENTS_MAX && copy_segment(&heap_arenas[a], n, &sc))
            draw_segment(d, a, n++, &sc);
        if (n == SEGMENTS_MAX)
            dot_footer(d, "arena %u: only its first %d segments are drawn",
                       a, SEGMENTS_MAX);
        segments += n;
    }
    draw_large(d);
    if (segments == 0)
        dot_note(d, "no_segments", "libheap: no segment mapped");
    heap_get_stats(&stats);
    dot_footer(d, "libheap: %u arena%s, %zu segment%s; footprint %zu bytes, "
               "mapped %zu bytes", heap_arena_count,
               heap_arena_count == 1 ? "" : "s", segments,
               segments == 1 ? "" : "s", stats.footprint, stats.mapped);
    dot_footer(d, "small spans: blocks used include those in thread caches; "
                  "dirty spans are free but their pages still resident");
}
