/*
 * heap_medium.c - medium blocks (more than 1 KiB, up to 1 MiB): regions
 * of 2 MiB run by phase 4's chain engine, split on allocation and merged
 * with their free neighbours on free, as the typed allocator's pages are.
 *
 * What changes for speed:
 *   - a 16-byte boundary tag (struct chunk) instead of a 48-byte meta
 *     block: next is found from the size, prev from prev_size;
 *   - free chunks on 68 bins segregated by size (16 bytes apart below
 *     256, then four bins per doubling); the engine's CHAIN_FAST_FIT
 *     lists them newest first in O(1), and a search looks through one bin
 *     and then takes the head of the first non-empty larger bin, whose
 *     every chunk fits.
 * A region that becomes one free chunk goes back to its segment (one
 * empty region is kept per arena, so a block allocated and freed in a
 * loop does not map and unmap).  Everything runs with the arena locked.
 * A little over 500 lines: the boundary tags, the bins and the chain_ops
 * the engine calls are one object and are read together.
 */
#include "heap_internal.h"

#include "heap_annotate.h"

#include <stdio.h>

/* ---- bins ---------------------------------------------------------------------- */

unsigned heap_medium_bin(size_t size)
{
    unsigned e;

    if (size < 256)
        return (unsigned)(size / 16);
    e = 63u - (unsigned)__builtin_clzll(size); /* floor(log2(size)), >= 8 */
    return 16 + (e - 8) * 4 + (unsigned)((size >> (e - 2)) & 3);
}

/* ---- the chain engine's view of a chunk ------------------------------------------ */

/* Tags are closed to valgrind and ASan (an overflow into one is caught)
 * and opened for each access the heap makes. */
#define TAG_OPEN(c) heap_meta_open((c), CHUNK_HEADER)
#define TAG_CLOSE(c) heap_meta_close((c), CHUNK_HEADER)

/* The start and one past the end of the region that holds c. */
static unsigned char *region_start(const void *c)
{
    return heap_span_start(heap_segment_of(c),
                           heap_region_first(heap_span_index(c)));
}

static unsigned char *region_end(const void *c)
{
    return region_start(c) + REGION_SIZE;
}

/* A copy of the tag at c.  The owner of an allocated block reads its tag
 * without the lock (heap.c's release) while another thread may be opening
 * and closing the same tag under the lock, so the tag is not opened for
 * the read: under ASan it is read unchecked, under valgrind with this
 * thread's reports off (heap_annotate.h). */
#ifdef HEAP_ASAN
__attribute__((no_sanitize_address))
#endif
static struct chunk tag_copy(const struct chunk *c)
{
    const volatile uint32_t *word = (const volatile uint32_t *)c;
    struct chunk tag;

    heap_unwatched_begin();
    tag = (struct chunk){.prev_size = word[0], .size = word[1],
                         .flags = word[2], .check = word[3]};
    heap_unwatched_end(&tag, sizeof tag);
    return tag;
}

_Noreturn static void corrupt_at(const struct chunk *c);

/* Every tag the heap follows is read here and checked first: an
 * overwritten one stops the program before anything is done with it. */
static struct chunk tag_read(const struct chunk *c)
{
    struct chunk tag = tag_copy(c);

    if (__builtin_expect(!heap_tag_sound(c, tag, region_end(c)), 0))
        corrupt_at(c);
    return tag;
}

/* Write a tag's size and flags, and its check word with them. */
static void tag_write(struct chunk *c, uint32_t size, uint32_t flags)
{
    TAG_OPEN(c);
    c->size = size;
    c->flags = flags;
    c->check = heap_tag_check(c, size, flags);
    TAG_CLOSE(c);
}

static size_t ck_size(const void *n)
{
    return tag_read(n).size;
}

static uint32_t ck_flags(const void *n)
{
    return tag_read(n).flags;
}

static bool ck_is_free(const void *n)
{
    return ck_flags(n) & CHUNK_FREE;
}

static void ck_set_flags(void *n, uint32_t set, uint32_t clear)
{
    struct chunk tag = tag_read(n);

    tag_write(n, tag.size, (tag.flags | set) & ~clear);
}

static void ck_set_free(void *n, bool is_free)
{
    if (is_free)
        ck_set_flags(n, CHUNK_FREE, 0);
    else
        ck_set_flags(n, 0, CHUNK_FREE);
}

static void *ck_next(const void *n)
{
    struct chunk tag = tag_read(n);

    if (tag.flags & CHUNK_LAST)
        return NULL;
    /* Sound: it fits the region; a next tag must fit after it. */
    if (heap_chunk_payload(n) + tag.size + CHUNK_HEADER > region_end(n))
        corrupt_at(n);
    return (void *)(heap_chunk_payload(n) + tag.size);
}

/* prev_size is not in the check word (see heap_integrity.c): it is right
 * only if the block it leads to is sound and has that size. */
static void *ck_prev(const void *n)
{
    const struct chunk *c = n;
    struct chunk tag = tag_read(c), *prev;

    if (tag.flags & CHUNK_FIRST)
        return NULL;
    if ((size_t)((const unsigned char *)c - region_start(c)) <
        (size_t)tag.prev_size + CHUNK_HEADER)
        corrupt_at(c);
    prev = (struct chunk *)((unsigned char *)c - tag.prev_size - CHUNK_HEADER);
    if (tag_read(prev).size != tag.prev_size)
        corrupt_at(c);
    return prev;
}

static void ck_set_prev_size(struct chunk *c, size_t size)
{
    TAG_OPEN(c);
    c->prev_size = (uint32_t)size;
    TAG_CLOSE(c);
}

/* A new size also tells the chunk after it, if there is one, where this
 * one starts.  (The engine may set a size before it relinks, so the
 * flags cannot say yet whether this is the last chunk: the region's end
 * does.) */
static void ck_set_size(void *n, size_t size)
{
    struct chunk *c = n;

    tag_write(c, (uint32_t)size, tag_read(c).flags);
    if (heap_chunk_payload(c) + size < region_end(c))
        ck_set_prev_size((struct chunk *)(heap_chunk_payload(c) + size), size);
}

static void ck_link(void *n, void *next)
{
    if (next == NULL) {
        ck_set_flags(n, CHUNK_LAST, 0);
        return;
    }
    ck_set_flags(n, 0, CHUNK_LAST);
    ck_set_flags(next, 0, CHUNK_FIRST);
    ck_set_prev_size(next, ck_size(n));
}

static size_t ck_gap(const void *n)
{
    (void)n;
    return 0;
}

static void *ck_make(void *n, size_t offset)
{
    struct chunk *rest = (struct chunk *)(heap_chunk_payload(n) + offset);
    uint32_t last = ck_flags(n) & CHUNK_LAST;

    ck_set_prev_size(rest, offset);
    /* Sealed at once (the smallest size, until the engine sets it), so
     * that the next checked read of it passes. */
    tag_write(rest, HEAP_ALIGN, last);
    ck_set_flags(n, 0, CHUNK_LAST);
    /* The rest is free: the engine lists it through its payload. */
    heap_meta_open(heap_chunk_payload(rest), sizeof(struct list_node));
    return rest;
}

static list_head *ck_free_list(const void *n)
{
    struct arena *a = heap_segment_of(n)->arena;

    return &a->bins[heap_medium_bin(ck_size(n))];
}

/* A free chunk's list link lives in its payload. */
static struct list_node *ck_free_link(void *n)
{
    return (struct list_node *)heap_chunk_payload(n);
}

/* A bin's link leads to a free chunk's payload in a region of ours: one
 * that leads anywhere else was overwritten in a freed block. */
static void *ck_from_link(struct list_node *link)
{
    if (__builtin_expect(!heap_segment_owns(link) ||
                         (uintptr_t)link % HEAP_ALIGN != 0, 0))
        heap_corrupt("a list of free medium blocks leads outside the heap, "
                     "to %p (a freed block was written to)", (void *)link);
    return heap_chunk_of(link);
}

static uint64_t ck_order(const void *n)
{
    return (uint64_t)(uintptr_t)n;
}

/* Give a chunk about to be freed its list link: the engine expects a
 * block that is on no list to be linked to itself (list.h), and the
 * program's bytes are there.  The rest of the payload stays closed to the
 * tools. */
static void open_link(struct chunk *c)
{
    heap_meta_open(heap_chunk_payload(c), sizeof(struct list_node));
    list_init(ck_free_link(c));
}

static const struct chain_ops chunk_ops = {
    .size = ck_size, .set_size = ck_set_size,
    .is_free = ck_is_free, .set_free = ck_set_free,
    .next = ck_next, .prev = ck_prev, .link = ck_link,
    .gap = ck_gap, .make = ck_make,
    .free_list = ck_free_list, .free_link = ck_free_link,
    .from_link = ck_from_link, .order = ck_order,
};

void heap_medium_init(struct arena *a)
{
    for (unsigned b = 0; b < MEDIUM_BINS; b++)
        list_init(&a->bins[b]);
    /* A rest smaller than a tag and 16 bytes stays in the block. */
    a->engine = (struct chain){.ops = &chunk_ops, .overhead = CHUNK_HEADER,
                               .min_payload = HEAP_ALIGN,
                               .absorb_small_rest = true,
                               .link_in_payload = true,
                               .policy = CHAIN_FAST_FIT};
}

/* ---- regions ------------------------------------------------------------------------ */

/* A new region: one free chunk covering it, binned. */
static bool region_new(struct arena *a)
{
    struct span *span = heap_spans_take(a, REGION_SPANS, SPAN_REGION);
    struct chunk *c;

    if (span == NULL)
        return false;
    c = (struct chunk *)heap_span_start(heap_span_segment(span),
                                        heap_span_number(span));
    heap_note_fresh(c, REGION_SIZE);
    ck_set_prev_size(c, 0);
    tag_write(c, REGION_SIZE - CHUNK_HEADER,
              CHUNK_FIRST | CHUNK_LAST | CHUNK_FREE);
    open_link(c);
    heap_spans_touch(span, 1, CHUNK_HEADER + sizeof(struct list_node));
    chain_list_insert(&a->engine, c);
    return true;
}

static bool region_empty(const struct chunk *c)
{
    return (ck_flags(c) & (CHUNK_FIRST | CHUNK_LAST | CHUNK_FREE)) ==
           (CHUNK_FIRST | CHUNK_LAST | CHUNK_FREE);
}

/* c is a whole region, free: keep it as the arena's spare, or give its
 * spans back. */
static void region_release(struct arena *a, struct chunk *c)
{
    struct span *span = &heap_segment_of(c)->spans[heap_span_index(c)];

    if (a->spare_region == NULL) {
        a->spare_region = span;
        return;
    }
    if (a->spare_region == span)
        return;
    list_remove(ck_free_link(c));
    heap_spans_give(a, span, REGION_SPANS);
}

void heap_medium_trim(struct arena *a)
{
    struct span *span = a->spare_region;
    struct chunk *c;

    if (span == NULL)
        return;
    c = (struct chunk *)heap_span_start(heap_span_segment(span),
                                        heap_span_number(span));
    a->spare_region = NULL;
    list_remove(ck_free_link(c));
    heap_spans_give(a, span, REGION_SPANS);
}

/* ---- allocating ---------------------------------------------------------------------- */

/* The allocated chunk c is in use up to its end (and the tag after it):
 * its region's pages up to there count as resident. */
static void touch(const struct chunk *c)
{
    struct segment *seg = heap_segment_of(c);
    size_t first = heap_region_first(heap_span_index(c));
    unsigned char *start = heap_span_start(seg, first);
    size_t end = (size_t)(heap_chunk_payload(c) + ck_size(c) - start) +
                 CHUNK_HEADER;

    heap_spans_touch(&seg->spans[first], REGION_SPANS,
                     end < REGION_SIZE ? end : REGION_SIZE);
}

/* A free chunk of at least `size` payload bytes, or NULL. */
static struct chunk *find(struct arena *a, size_t size)
{
    unsigned b = heap_medium_bin(size);
    struct chunk *c = chain_find(&a->engine, &a->bins[b], size);

    /* Every chunk of a larger bin fits: take the first there is. */
    while (c == NULL && ++b < MEDIUM_BINS)
        if (!list_empty(&a->bins[b]))
            c = ck_from_link(a->bins[b].next);
    return c;
}

/* Cut an allocated chunk down to `size` payload bytes: the rest, if it can
 * hold a tag and 16 bytes, becomes a free chunk (merged with a free one
 * after it). */
static void trim(struct arena *a, struct chunk *c, size_t size)
{
    struct chunk *rest;
    size_t rest_size;

    if (ck_size(c) - size < CHUNK_HEADER + HEAP_ALIGN)
        return;
    rest_size = ck_size(c) - size - CHUNK_HEADER;
    /* The rest was the program's bytes: closed again, but for its link. */
    heap_meta_close(heap_chunk_payload(c) + size, rest_size + CHUNK_HEADER);
    rest = ck_make(c, size);
    ck_set_size(c, size);
    ck_set_size(rest, rest_size);
    open_link(rest);
    chain_release(&a->engine, rest);
}

/* A payload of at least n bytes; aligned beyond 16 bytes when alignment
 * asks (a power of two); NULL if no region can hold it. */
void *heap_medium_alloc(struct arena *a, size_t n, size_t alignment)
{
    /* With an alignment: room to move the payload up to it, leaving a
     * free chunk of at least a tag and 16 bytes in front. */
    size_t extra = alignment > HEAP_ALIGN ? alignment + 2 * CHUNK_HEADER : 0;
    size_t size = heap_round_up(n < HEAP_ALIGN ? HEAP_ALIGN : n, HEAP_ALIGN);
    struct chunk *c;

    if (size + extra > REGION_SIZE - CHUNK_HEADER)
        return NULL;
    c = find(a, size + extra);
    if (c == NULL) {
        if (!region_new(a))
            return NULL;
        c = find(a, size + extra);
    }
    if (region_empty(c) &&
        a->spare_region == &heap_segment_of(c)->spans[heap_span_index(c)])
        a->spare_region = NULL; /* the spare is in use again */
    if (extra == 0) {
        chain_take(&a->engine, c, size, HEAP_ALIGN);
        touch(c);
        return heap_chunk_payload(c);
    }
    /* Split at the aligned payload; the front goes back as a free chunk. */
    unsigned char *aligned = (unsigned char *)heap_round_up(
        (uintptr_t)heap_chunk_payload(c) + 2 * CHUNK_HEADER, alignment);
    struct chunk *moved;

    chain_take(&a->engine, c, (size_t)(aligned - heap_chunk_payload(c)) -
                                  CHUNK_HEADER, HEAP_ALIGN);
    moved = ck_next(c); /* the rest: taken off its bin before the front is
                           freed, so the two do not merge again */
    list_remove(ck_free_link(moved));
    ck_set_free(moved, false);
    open_link(c);
    chain_release(&a->engine, c);
    trim(a, moved, size);
    touch(moved);
    return heap_chunk_payload(moved);
}

void heap_medium_free(struct arena *a, void *p)
{
    struct chunk *c;

    open_link(heap_chunk_of(p));
    c = chain_release(&a->engine, heap_chunk_of(p));

    if (region_empty(c))
        region_release(a, c);
}

bool heap_medium_resize(struct arena *a, void *p, size_t n)
{
    struct chunk *c = heap_chunk_of(p), *next;
    size_t size = heap_round_up(n < HEAP_ALIGN ? HEAP_ALIGN : n, HEAP_ALIGN);

    if (size > REGION_SIZE - CHUNK_HEADER)
        return false;
    if (size > ck_size(c)) {
        /* Grow: only into a free neighbour after it, big enough. */
        size_t grown;

        next = ck_next(c);
        if (next == NULL || !ck_is_free(next) ||
            ck_size(c) + CHUNK_HEADER + ck_size(next) < size)
            return false;
        grown = ck_size(c) + CHUNK_HEADER + ck_size(next);
        list_remove(ck_free_link(next));
        ck_link(c, ck_next(next));
        ck_set_size(c, grown);
        /* the caller re-marks it */
        heap_meta_open(heap_chunk_payload(c), grown);
    }
    trim(a, c, size);
    touch(c);
    return true;
}

size_t heap_medium_usable(const void *payload)
{
    return ck_size(heap_chunk_of(payload));
}

/* Without walking the region: p must be 16-aligned, inside the region
 * after a whole tag, and the tag must be sound and allocated. */
bool heap_medium_valid(struct span *region, const void *p)
{
    struct segment *seg = heap_span_segment(region);
    unsigned char *start = heap_span_start(seg, heap_span_number(region));
    const unsigned char *q = p;
    struct chunk tag;

    if ((uintptr_t)q % HEAP_ALIGN != 0 || q < start + CHUNK_HEADER ||
        q >= start + REGION_SIZE)
        return false;
    tag = tag_copy(heap_chunk_of(q));
    return heap_tag_sound(heap_chunk_of(q), tag, start + REGION_SIZE) &&
           !(tag.flags & CHUNK_FREE);
}

/* ---- walking a region without trusting it ----------------------------------------------- */

/* What a walk of a region's tags found. */
struct walk {
    struct chunk *bad;     /* the first tag that is wrong, or NULL */
    struct chunk *before;  /* the chunk before it (NULL: it is the first) */
    struct chunk before_tag;
    bool reached;          /* the walk came to `until` exactly */
};

/* Walk the tags of the region at `start` in address order, each one
 * checked before it is followed: sound (check word, size), FIRST only at
 * the start, prev_size equal to the size before it, LAST only at the end.
 * The walk stops at the first wrong tag, at `until` (a chunk it reached
 * exactly, whose tag was checked too), or past it. */
static struct walk region_walk(unsigned char *start, const void *until)
{
    unsigned char *end = start + REGION_SIZE;
    struct chunk *c = (struct chunk *)start;
    struct walk w = {0};

    for (;;) {
        struct chunk tag = tag_copy(c);
        bool first = (unsigned char *)c == start;
        if (!heap_tag_sound(c, tag, end) ||
            first != ((tag.flags & CHUNK_FIRST) != 0) ||
            (!first && tag.prev_size != w.before_tag.size) ||
            ((tag.flags & CHUNK_LAST) != 0) !=
                (heap_chunk_payload(c) + tag.size == end) ||
            (!(tag.flags & CHUNK_LAST) &&
             heap_chunk_payload(c) + tag.size + CHUNK_HEADER > end)) {
            w.bad = c;
            return w;
        }
        if (until != NULL && (const void *)c >= until) {
            w.reached = (const void *)c == until;
            return w;
        }
        if (tag.flags & CHUNK_LAST)
            return w;
        w.before = c;
        w.before_tag = tag;
        c = (struct chunk *)(heap_chunk_payload(c) + tag.size);
    }
}

/* A walk's wrong tag, in words: which block it follows. */
static void describe_bad(const struct walk *w, char *text, size_t size)
{
    if (w->before == NULL)
        snprintf(text, size, "the tag of the first block of the medium "
                 "region at %p was overwritten", (void *)w->bad);
    else if (w->before_tag.flags & CHUNK_FREE)
        snprintf(text, size, "the tag after the free %u-byte block at %p "
                 "was overwritten (a write into that block after it was "
                 "freed, or past its end)", w->before_tag.size,
                 (void *)heap_chunk_payload(w->before));
    else
        snprintf(text, size, "the tag after the %u-byte block at %p was "
                 "overwritten (a write past the end of that block)",
                 w->before_tag.size, (void *)heap_chunk_payload(w->before));
}

/* The tag at c failed a check: find the first wrong tag of its region
 * (c's, or one before it) and stop the program naming it. */
_Noreturn static void corrupt_at(const struct chunk *c)
{
    struct walk w = region_walk(region_start(c), c);
    char text[200];

    if (w.bad != NULL) {
        describe_bad(&w, text, sizeof text);
        heap_corrupt("%s", text);
    }
    if (!w.reached)
        heap_corrupt("a list of free medium blocks leads into the middle of "
                     "a block, at %p (a freed block was written to)",
                     (void *)heap_chunk_payload(c));
    heap_corrupt("the tag of the medium block at %p was overwritten",
                 (void *)heap_chunk_payload(c));
}

enum medium_verdict heap_medium_diagnose(struct span *region, const void *p)
{
    struct segment *seg = heap_span_segment(region);
    struct walk w = region_walk(heap_span_start(seg, heap_span_number(region)),
                                heap_chunk_of(p));
    char text[200];

    if (w.bad != NULL) {
        describe_bad(&w, text, sizeof text);
        heap_corrupt("%s", text);
    }
    return w.reached ? MEDIUM_FREED : MEDIUM_INSIDE;
}

void heap_medium_check_next(const void *p)
{
    const void *next = ck_next(heap_chunk_of(p));

    if (next != NULL)
        tag_read(next);
}

/* ---- the checker ---------------------------------------------------------------------- */

/* Walk a region's tags without trusting them.  Returns false (reported)
 * at the first wrong tag, so nothing walks on through it. */
static bool region_tags_sound(unsigned char *start, const char *what,
                              struct diag_report *r)
{
    struct walk w = region_walk(start, NULL);
    char text[200];

    if (w.bad == NULL)
        return true;
    describe_bad(&w, text, sizeof text);
    diag_problem(r, "%s: the block tag at offset %td is corrupt (%s)", what,
                 (unsigned char *)w.bad - start, text);
    return false;
}

void heap_medium_check(struct arena *a, struct diag_report *r)
{
    struct list_node *pos;
    char what[64];
    bool sound = true;

    list_for_each(pos, &a->segments) {
        struct segment *seg = list_entry(pos, struct segment, link);
        for (size_t i = 1; i < SPANS_PER_SEGMENT; i++) {
            if (seg->spans[i].kind != SPAN_REGION)
                continue;
            snprintf(what, sizeof what, "arena %u region at span %zu",
                     a->index, i);
            if (region_tags_sound(heap_span_start(seg, i), what, r))
                chain_check(&a->engine, heap_span_start(seg, i), what, r);
            else
                sound = false;
        }
    }
    /* Free lists run through free blocks: with a corrupt tag, following
     * them could go anywhere. */
    if (!sound)
        return;
    for (unsigned b = 0; b < MEDIUM_BINS; b++) {
        snprintf(what, sizeof what, "arena %u bin %u", a->index, b);
        chain_check_list(&a->engine, &a->bins[b], what, r);
        for (pos = a->bins[b].next; pos != &a->bins[b]; pos = pos->next)
            if (heap_medium_bin(ck_size(heap_chunk_of(pos))) != b) {
                diag_problem(r, "%s: holds a block of %zu bytes, which "
                             "belongs on bin %u", what,
                             ck_size(heap_chunk_of(pos)),
                             heap_medium_bin(ck_size(heap_chunk_of(pos))));
                break;
            }
    }
}
