/*
 * heap_small.c - small blocks: 32 size classes from 16 to 1024 bytes, each
 * served from spans that hold blocks of that one size and nothing else,
 * the way phase 3 formats a family's page and a kernel's slab allocator
 * keeps a cache per object size.  A block carries no header: its size is
 * its span's, found from the address.
 *
 * Classes are 16 bytes apart up to 256, then 32 apart up to 512 and 64
 * apart up to 1024, so a request wastes at most a ninth of its block
 * (16 bytes below 256), about 5% on average.  A span is carved lazily: blocks are handed out from
 * the untouched end ("carved") only when the free list is empty, so the
 * pages of a span nobody filled are never touched.
 *
 * A free block is linked through its first two words, sealed
 * (heap_integrity.c): a block overwritten while free, by a write past the
 * block before it or through a pointer kept after free, stops the
 * program when its link is next followed, instead of sending the list
 * into memory that is in use.
 *
 * Everything here runs with the arena locked; the thread cache in front
 * (heap_arena.c) takes and gives blocks in batches.
 */
#include "heap_internal.h"

#include "heap_annotate.h"

static const uint16_t class_sizes[SMALL_CLASSES] = {
    16,  32,  48,  64,  80,  96,  112, 128, 144, 160, 176,
    192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448,
    480, 512, 576, 640, 704, 768, 832, 896, 960, 1024,
};

uint8_t heap_small_class_of[SMALL_MAX / 16 + 1];

void heap_small_init(void)
{
    unsigned c = 0;

    for (size_t i = 0; i <= SMALL_MAX / 16; i++) {
        while (class_sizes[c] < i * 16)
            c++;
        heap_small_class_of[i] = (uint8_t)c;
    }
}

size_t heap_small_class_size(unsigned size_class)
{
    return class_sizes[size_class];
}

/* A new span for a class, on the arena's partial list; NULL if out of
 * memory. */
static struct span *span_new(struct arena *a, unsigned size_class)
{
    struct span *span = heap_spans_take(a, 1, SPAN_SMALL);

    if (span == NULL)
        return NULL;
    span->size_class = (uint8_t)size_class;
    span->block_size = class_sizes[size_class];
    span->capacity = (uint32_t)(SPAN_SIZE / span->block_size);
    /* offset * inverse >> 32 is offset / block_size, exactly, for every
     * offset inside a span: a multiplication instead of a division on
     * each free (see heap_small_block_index). */
    span->inverse = (uint32_t)((((uint64_t)1 << 32) + span->block_size - 1) /
                               span->block_size);
    heap_note_fresh(heap_span_start(heap_span_segment(span),
                                    heap_span_number(span)),
                    SPAN_SIZE);
    list_push_front(&a->partial[size_class], &span->link);
    return span;
}

size_t heap_small_take(struct arena *a, unsigned size_class, size_t want,
                       void **list)
{
    size_t got = 0;

    *list = NULL;
    while (got < want) {
        struct span *span;
        void *block;

        if (list_empty(&a->partial[size_class]) &&
            span_new(a, size_class) == NULL)
            break;
        span = list_entry(a->partial[size_class].next, struct span, link);
        if (span->free != NULL) {          /* a block given back before */
            block = span->free;
            heap_meta_open(block, 2 * sizeof(void *));
            span->free = heap_link_read(block); /* checked: see below */
        } else {                           /* the next untouched block */
            block = heap_span_start(heap_span_segment(span),
                                    heap_span_number(span)) +
                    (size_t)span->carved * span->block_size;
            heap_meta_open(block, 2 * sizeof(void *));
            span->carved++;
            heap_spans_touch(span, 1, (size_t)span->carved * span->block_size);
        }
        span->used++;
        if (span->free == NULL && span->carved == span->capacity)
            list_remove(&span->link);      /* full: off the partial list */
        heap_link_write(block, *list);
        heap_meta_close(block, 2 * sizeof(void *));
        *list = block;
        got++;
    }
    return got;
}

void heap_small_give(struct arena *a, struct span *span, void *block)
{
    bool was_full = span->free == NULL && span->carved == span->capacity;

    heap_link_write(block, span->free);
    span->free = block;
    span->used--;
    if (was_full)
        list_push_front(&a->partial[span->size_class], &span->link);
    if (span->used == 0) {
        /* Empty: the span goes back to its segment for any use. */
        list_remove(&span->link);
        heap_spans_give(a, span, 1);
    }
}

/* Is this block on its span's free list (the arena locked)?  A double free
 * of a block the cache gave back. */
bool heap_small_listed(struct span *span, const void *block)
{
    size_t steps = 0;

    for (void *b = span->free; b != NULL && steps <= span->capacity; steps++) {
        if (b == block)
            return true;
        if (!heap_link_follow(b, &b))
            return false;
    }
    return false;
}
