/*
 * osmem.c - os_malloc, os_calloc, os_realloc and os_free (osmem.h) as the
 * operating-systems course's assignment specifies them, on the chain
 * engine (chain.c) in its "listless" mode: the assignment's fixed 32-byte
 * header has no room for a free-list link, so a search walks the heap's
 * chain, and merging is lazy, done just before each search.
 *
 * System calls go through the page layer's bare wrappers (page_sbrk,
 * page_mmap_raw, page_munmap_raw): counted, and exactly the calls and
 * lengths the assignment prescribes.  No stdio, no malloc.  Invariants:
 * os_heap.h; checked by os_heap_check().
 */
#include "os_heap.h"

#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "osmem.h"
#include "page.h"
#include "redzone.h"

static struct {
    struct block_meta *first;  /* first brk block, NULL before first use */
    char *start;               /* the heap's first byte */
    char *end;                 /* where this heap left the break */
    struct block_meta *mapped; /* mapped blocks, most recent first */
} heap;

/* ---- the assignment's header, as the engine sees it ------------------------ */

static char *payload(struct block_meta *b)
{
    return (char *)b + OS_META_SIZE;
}

static size_t os_size(const void *n) { return ((const struct block_meta *)n)->size; }
static void os_set_size(void *n, size_t size) { ((struct block_meta *)n)->size = size; }
static bool os_is_free(const void *n) { return ((const struct block_meta *)n)->status == STATUS_FREE; }
static void *os_next(const void *n) { return ((const struct block_meta *)n)->next; }
static void *os_prev(const void *n) { return ((const struct block_meta *)n)->prev; }
static size_t os_gap(const void *n) { (void)n; return 0; } /* rests stay inside */

static void os_set_free(void *n, bool is_free)
{
    ((struct block_meta *)n)->status = is_free ? STATUS_FREE : STATUS_ALLOC;
}

static void os_link(void *n, void *next)
{
    struct block_meta *a = n, *b = next;

    a->next = b;
    if (b != NULL)
        b->prev = a;
}

static void *os_make(void *n, size_t offset)
{
    struct block_meta *node = n;
    struct block_meta *fresh = (struct block_meta *)(payload(node) + offset);

    os_link(fresh, node->next);
    os_link(node, fresh);
    return fresh;
}

static uint64_t os_order(const void *n)
{
    return (uint64_t)((const char *)n - heap.start);
}

static const struct chain_ops os_ops = {
    .size = os_size, .set_size = os_set_size,
    .is_free = os_is_free, .set_free = os_set_free,
    .next = os_next, .prev = os_prev, .link = os_link,
    .gap = os_gap, .make = os_make, .order = os_order,
};

/* Best fit; a split only when the rest holds a header and 8 bytes, else
 * the rest stays in the block; merging lazily. */
static struct chain os_chain = {
    .ops = &os_ops,
    .overhead = OS_META_SIZE,
    .min_payload = OS_ALIGNMENT,
    .absorb_small_rest = true,
    .policy = CHAIN_BEST_FIT,
    .lazy = true,
};

struct block_meta *os_heap_first(void) { return heap.first; }
struct block_meta *os_mapped_first(void) { return heap.mapped; }
const char *os_heap_start(void) { return heap.start; }
const struct chain *os_heap_chain(void) { return &os_chain; }

/* ---- the heap ----------------------------------------------------------------- */

static struct block_meta *last_block(void)
{
    struct block_meta *b = heap.first;

    while (b != NULL && b->next != NULL)
        b = b->next;
    return b;
}

/* Move the break up by `bytes`, only if it is still where this heap left
 * it (someone else moving it would break the heap's contiguity). */
static void *grow(size_t bytes)
{
    void *old;

    if (heap.first != NULL && sbrk(0) != heap.end)
        return NULL;
    old = page_sbrk(bytes);
    if (old == NULL)
        return NULL;
    heap.end = (char *)old + bytes;
    return old;
}

/* The first use: one sbrk of the whole threshold, one free block. */
static int preallocate(void)
{
    struct block_meta *b = grow(OS_MMAP_THRESHOLD);

    if (b == NULL)
        return -1;
    heap.start = (char *)b;
    b->size = OS_MMAP_THRESHOLD - OS_META_SIZE;
    b->status = STATUS_FREE;
    b->prev = b->next = NULL;
    heap.first = b;
    return 0;
}

/* A brk block of `size` payload bytes (aligned): best fit after merging;
 * else the free last block grown by the difference; else a new block. */
static void *brk_alloc(size_t size)
{
    struct block_meta *b, *last;

    if (heap.first == NULL && preallocate() < 0)
        return NULL;
    chain_coalesce(&os_chain, heap.first);
    b = chain_find_walk(&os_chain, heap.first, size);
    if (b != NULL) {
        chain_take(&os_chain, b, size, OS_ALIGNMENT);
        return payload(b);
    }
    last = last_block();
    if (last->status == STATUS_FREE) {
        if (grow(size - last->size) == NULL)
            return NULL;
        last->size = size;
        last->status = STATUS_ALLOC;
        return payload(last);
    }
    b = grow(OS_META_SIZE + size);
    if (b == NULL)
        return NULL;
    b->size = size;
    b->status = STATUS_ALLOC;
    b->next = NULL;
    os_link(last, b);
    return payload(b);
}

static void *mapped_alloc(size_t size)
{
    struct block_meta *b = page_mmap_raw(OS_META_SIZE + size);

    if (b == NULL)
        return NULL;
    b->size = size;
    b->status = STATUS_MAPPED;
    b->prev = NULL;
    b->next = heap.mapped;
    if (heap.mapped != NULL)
        heap.mapped->prev = b;
    heap.mapped = b;
    return payload(b);
}

static void mapped_free(struct block_meta *b)
{
    if (b->prev != NULL)
        b->prev->next = b->next;
    else
        heap.mapped = b->next;
    if (b->next != NULL)
        b->next->prev = b->prev;
    page_munmap_raw(b, OS_META_SIZE + b->size);
}

/* Payload bytes for a request (with a red zone in debug builds, see
 * common/redzone.h), or 0 if it would overflow. */
static size_t aligned_size(size_t size)
{
    if (size > SIZE_MAX - OS_META_SIZE - OS_ALIGNMENT - REDZONE_BYTES)
        return 0;
    return OS_ALIGN(size + REDZONE_BYTES);
}

static void *allocate(size_t size, size_t threshold)
{
    size_t aligned = aligned_size(size);
    char *p;

    if (size == 0 || aligned == 0)
        return NULL;
    if (OS_META_SIZE + aligned >= threshold)
        p = mapped_alloc(aligned);
    else
        p = brk_alloc(aligned);
    if (p != NULL)
        redzone_arm(p, ((struct block_meta *)(p - OS_META_SIZE))->size, size);
    return p;
}

/* The block whose payload is p, found by walking our own lists (so a
 * pointer we never handed out is never dereferenced), or NULL. */
struct block_meta *os_heap_find(void *p)
{
    for (struct block_meta *b = heap.first; b != NULL; b = b->next)
        if (payload(b) == p)
            return b;
    for (struct block_meta *b = heap.mapped; b != NULL; b = b->next)
        if (payload(b) == p)
            return b;
    return NULL;
}

bool os_heap_intact(void *p)
{
    struct block_meta *b = os_heap_find(p);

    return b == NULL || b->status == STATUS_FREE ||
           redzone_intact(p, b->size);
}

/* ---- the interface ---------------------------------------------------------------- */

void *os_malloc(size_t size)
{
    return allocate(size, OS_MMAP_THRESHOLD);
}

void *os_calloc(size_t nmemb, size_t size)
{
    void *p;

    if (nmemb == 0 || size == 0 || nmemb > SIZE_MAX / size)
        return NULL;
    p = allocate(nmemb * size, (size_t)getpagesize());
    if (p != NULL)
        memset(p, 0, nmemb * size);
    return p;
}

void os_free(void *ptr)
{
    struct block_meta *b = ptr != NULL ? os_heap_find(ptr) : NULL;

    if (b == NULL || b->status == STATUS_FREE)
        return; /* not ours, or already free: nothing to do, nothing said */
    if (!redzone_intact(ptr, b->size))
        return; /* debug builds: written past its end, kept allocated */
    if (b->status == STATUS_MAPPED)
        mapped_free(b);
    else
        b->status = STATUS_FREE; /* merged lazily, before the next search */
}

/* Grow brk block b in place to `size`, as the assignment does: the last
 * block of the heap grows it by the difference; any other block absorbs
 * the free blocks after it, one at a time until it is big enough, and
 * keeps them even when they do not suffice (it then moves, os_realloc).
 * A block those followers made last does not grow the heap: only the
 * block that was last before the call does (see phase4/os/README.md,
 * "Growing in place, or moving"). */
static int grow_in_place(struct block_meta *b, size_t size)
{
    if (b->next == NULL) {
        if (grow(size - b->size) == NULL)
            return -1;
        b->size = size;
        return 0;
    }
    while (b->size < size && b->next != NULL &&
           b->next->status == STATUS_FREE) {
        b->size += OS_META_SIZE + b->next->size;
        os_link(b, b->next->next);
    }
    return b->size >= size ? 0 : -1;
}

/* Shrink brk block b to `size`, splitting off a free rest if it can hold
 * a header and 8 bytes. */
static void shrink_in_place(struct block_meta *b, size_t size)
{
    size_t rest = b->size - size;

    if (rest < OS_META_SIZE + OS_ALIGNMENT)
        return;
    struct block_meta *tail = os_make(b, size);
    tail->size = rest - OS_META_SIZE;
    tail->status = STATUS_FREE;
    b->size = size;
}

/* Allocate, copy the smaller of the two sizes, free the old block. */
static void *move(struct block_meta *b, size_t size)
{
    void *fresh = os_malloc(size);
    size_t old = redzone_want(payload(b), b->size); /* b->size normally */

    if (fresh == NULL)
        return NULL;
    memcpy(fresh, payload(b), old < size ? old : size);
    os_free(payload(b));
    return fresh;
}

void *os_realloc(void *ptr, size_t size)
{
    struct block_meta *b;
    size_t aligned = aligned_size(size);

    if (ptr == NULL)
        return os_malloc(size);
    if (size == 0) {
        os_free(ptr);
        return NULL;
    }
    b = os_heap_find(ptr);
    if (b == NULL || b->status == STATUS_FREE || aligned == 0 ||
        !redzone_intact(ptr, b->size))
        return NULL;
    if (b->status == STATUS_MAPPED ||
        OS_META_SIZE + aligned >= OS_MMAP_THRESHOLD)
        return move(b, size);
    if (aligned <= b->size) {
        shrink_in_place(b, aligned);
        redzone_arm(ptr, b->size, size);
        return ptr;
    }
    chain_coalesce(&os_chain, heap.first);
    size_t old_want = redzone_want(ptr, b->size); /* b->size normally */
    if (grow_in_place(b, aligned) == 0) {
        shrink_in_place(b, aligned);
        redzone_arm(ptr, b->size, size);
        return ptr;
    }
    /* b keeps the free neighbours it absorbed, as the assignment says.
     * Debug builds: b is bigger, its red zone no longer at its end; arm
     * it again for the old size, so move() copies those bytes and can
     * free it. */
    redzone_arm(ptr, b->size, old_want);
    return move(b, size);
}

/* ---- the checker and reset ------------------------------------------------------------- */

/* The brk heap's invariants (os_heap.h): the chain's, then each block
 * where the one before ends, a positive multiple of 8, FREE or ALLOC,
 * and the last block ending where the heap does. */
static void check_brk_heap(struct diag_report *r)
{
    char *expect = heap.start;

    if (!chain_check(&os_chain, heap.first, "os heap", r))
        return; /* a chain that does not end cannot be walked */
    for (struct block_meta *b = heap.first; b != NULL; b = b->next) {
        if ((char *)b != expect)
            diag_problem(r, "os heap: block at offset %td should be at %td",
                         (char *)b - heap.start, expect - heap.start);
        if (b->size == 0 || b->size % OS_ALIGNMENT != 0)
            diag_problem(r, "os heap: block at offset %td has size %zu, not "
                            "a positive multiple of %d",
                         (char *)b - heap.start, b->size, OS_ALIGNMENT);
        if (b->status != STATUS_FREE && b->status != STATUS_ALLOC)
            diag_problem(r, "os heap: block at offset %td has status %d, "
                            "not FREE or ALLOC", (char *)b - heap.start,
                         b->status);
        expect = payload(b) + b->size;
    }
    if (expect != heap.end)
        diag_problem(r, "os heap: blocks end at offset %td, the heap at %td",
                     expect - heap.start, heap.end - heap.start);
}

/* The mapped blocks' invariants (os_heap.h).  The walk stops at the first
 * link that disagrees, so a cycle cannot keep it going. */
static void check_mapped(struct diag_report *r)
{
    size_t page = (size_t)getpagesize(), index = 0;
    const struct block_meta *prev = NULL;

    for (struct block_meta *b = heap.mapped; b != NULL; b = b->next) {
        if (b->prev != prev) {
            diag_problem(r, "os heap: mapped block %zu: prev and next "
                            "disagree", index);
            return;
        }
        if (b->status != STATUS_MAPPED)
            diag_problem(r, "os heap: mapped block %zu has status %d, not "
                            "MAPPED", index, b->status);
        if ((uintptr_t)b % page != 0)
            diag_problem(r, "os heap: mapped block %zu is not page-aligned",
                         index);
        if (b->size % OS_ALIGNMENT != 0 || OS_META_SIZE + b->size < page)
            diag_problem(r, "os heap: mapped block %zu has size %zu, not a "
                            "multiple of %d of at least a page with its "
                            "header", index, b->size, OS_ALIGNMENT);
        if ((char *)b >= heap.start && (char *)b < heap.end)
            diag_problem(r, "os heap: mapped block %zu lies inside the brk "
                            "heap", index);
        prev = b;
        index++;
    }
}

void os_heap_check(struct diag_report *r)
{
    if (heap.first != NULL)
        check_brk_heap(r);
    check_mapped(r);
}

void os_heap_reset(void)
{
    while (heap.mapped != NULL)
        mapped_free(heap.mapped);
    heap.first = NULL;
    heap.start = heap.end = NULL;
    memset(os_chain.outcomes, 0, sizeof os_chain.outcomes);
    os_chain.merges = os_chain.searched = 0;
}
