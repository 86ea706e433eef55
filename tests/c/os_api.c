/*
 * os_api.c - checks os_malloc, os_calloc, os_realloc and os_free (osmem.h)
 * against the assignment's rules, looking at the heap through os_heap.h
 * and counting system calls through the page layer's counters; then a
 * randomized run against a shadow model.  One line per rule; exits 1 if
 * any fails.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "os_heap.h"
#include "osmem.h"
#include "page.h"

static int failures;

static void expect(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok" : "FAIL", what);
    failures += !ok;
}

static struct block_meta *meta(void *p)
{
    return (struct block_meta *)((char *)p - OS_META_SIZE);
}

static size_t offset(void *p)
{
    return (size_t)((char *)p - os_heap_start());
}

static int heap_ok(void)
{
    struct diag_report r = {0};
    os_heap_check(&r);
    return r.problems == 0;
}

static void rules(void)
{
    const struct page_counters *c = page_counters();
    char *a, *b, *d, *e, *big, *z;
    int on_the_stack;

    expect(sizeof(struct block_meta) == 32, "the header is 32 bytes");
    expect(os_malloc(0) == NULL, "os_malloc(0) is NULL");
    expect(os_calloc(0, 8) == NULL && os_calloc(8, 0) == NULL,
           "os_calloc with a zero count or size is NULL");
    expect(os_calloc(SIZE_MAX / 2, 3) == NULL, "os_calloc overflow is NULL");
    expect(os_malloc(SIZE_MAX) == NULL, "os_malloc(SIZE_MAX) is NULL");
    expect(c->brk_bytes == 0 && c->mmap_calls == 0, "no system call yet");

    a = os_malloc(100);
    expect(c->brk_bytes == OS_MMAP_THRESHOLD,
           "the first brk use preallocates 128 KiB in one call");
    expect(offset(a) == OS_META_SIZE && meta(a)->size == 104 &&
               meta(a)->status == STATUS_ALLOC,
           "a: 100 bytes aligned to 104, right after its header");
    expect((uintptr_t)a % 8 == 0, "payloads are 8-byte aligned");
    b = os_malloc(200);
    d = os_malloc(300);
    strcpy(a, "alpha");
    strcpy(d, "delta");
    os_free(b);
    expect(meta(b)->status == STATUS_FREE, "os_free makes a brk block FREE");
    e = os_malloc(150);
    expect(e == b && meta(e)->size == 152 && meta(e)->next->size == 16,
           "best fit reuses b's block and splits off the rest (a header + 8 fit)");
    os_free(e);
    e = os_malloc(180);
    expect(e == b && meta(e)->size == 200,
           "a rest too small for a header + 8 bytes stays inside the block");
    os_free(e);

    big = os_malloc(OS_MMAP_THRESHOLD);
    expect(meta(big)->status == STATUS_MAPPED && c->mmap_calls == 1,
           "a block of 128 KiB or more gets its own mmap");
    os_free(big);
    expect(c->munmap_calls == 1 && os_mapped_first() == NULL,
           "os_free unmaps a mapped block");
    z = os_calloc(1, (size_t)getpagesize());
    expect(meta(z)->status == STATUS_MAPPED,
           "os_calloc maps from a page up");
    os_free(z);
    z = os_calloc(10, 10);
    expect(meta(z)->status == STATUS_ALLOC && z[0] == 0 && z[99] == 0,
           "a small os_calloc is zeroed, on the brk heap");

    os_free(&on_the_stack);
    os_free(a + 8);
    os_free(b); /* already free */
    expect(heap_ok() && strcmp(a, "alpha") == 0 && strcmp(d, "delta") == 0,
           "foreign, interior and double frees change nothing");

    expect(os_realloc(b, 10) == NULL, "os_realloc of a free block is NULL");
    a = os_realloc(a, 50);
    expect(meta(a)->size == 56 && strcmp(a, "alpha") == 0 &&
               meta(a)->next->status == STATUS_FREE,
           "shrinking splits in place and keeps the contents");
    d = os_realloc(d, 4000);
    expect(strcmp(d, "delta") == 0 && meta(d)->size == 4000,
           "growing keeps the contents");
    d = os_realloc(d, 200000);
    expect(meta(d)->status == STATUS_MAPPED && strcmp(d, "delta") == 0,
           "growing past the threshold moves to a mapping");
    expect(os_realloc(NULL, 16) != NULL, "os_realloc(NULL, n) is os_malloc");
    expect(os_realloc(d, 0) == NULL && os_mapped_first() == NULL,
           "os_realloc(p, 0) frees");
    expect(heap_ok(), "the heap checker finds no problem");
}

/* A block that must grow and is not the heap's last: it absorbs the free
 * blocks after it and keeps them, and when they are not enough it moves
 * (best fit, else a new block), even if they made it the last block; only
 * the block that was last before the call grows the heap in place.  On a
 * heap of its own (os_heap_reset), so that the offsets are fixed. */
static void realloc_growth(void)
{
    const struct page_counters *c = page_counters();
    char *a, *fill, *b, *old;
    size_t brk_before;

    os_heap_reset();
    a = os_malloc(3000);
    fill = os_malloc(127328);
    b = os_malloc(100);
    expect(offset(b) == 130424 && meta(b)->next->size == 512 &&
               meta(b)->next->next == NULL,
           "layout: a, fill, b, then a free block of 512 bytes, the last");
    os_free(a);
    strcpy(b, "bravo");
    brk_before = c->brk_bytes;
    old = b;
    b = os_realloc(b, 2000);
    expect(b != old && offset(b) == OS_META_SIZE && meta(b)->size == 2000 &&
               strcmp(b, "bravo") == 0 && c->brk_bytes == brk_before,
           "b grown past its free follower moves to the best fit (a's block)");
    expect(meta(old)->status == STATUS_FREE && meta(old)->size == 648 &&
               meta(old)->next == NULL,
           "the absorbed follower stays in the old block, now free and last");

    strcpy(fill, "filler");
    old = fill;
    fill = os_realloc(fill, 130000);
    expect(fill != old && offset(fill) == OS_MMAP_THRESHOLD + OS_META_SIZE &&
               strcmp(fill, "filler") == 0 &&
               c->brk_bytes == brk_before + OS_META_SIZE + 130000,
           "with no free block that fits, it moves to a new block: brk "
           "grows by a header + 130000, not by the difference");
    expect(meta(old)->status == STATUS_FREE && meta(old)->size == 128008,
           "the old block, with the follower it absorbed, is free");
    old = fill;
    fill = os_realloc(fill, 130016);
    expect(fill == old && meta(fill)->size == 130016 &&
               c->brk_bytes == brk_before + OS_META_SIZE + 130016,
           "the last block grows in place by the difference (16 bytes)");
    expect(heap_ok(), "the heap checker finds no problem after the moves");
    os_free(b);
    os_free(fill);
}

/* ---- randomized, against a shadow model ---------------------------------- */

enum { SLOTS = 128 };

static unsigned long long rng = 0x2545f4914f6cdd1dULL;

static unsigned next_random(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (unsigned)((rng * 0x9e3779b97f4a7c15ULL) >> 32);
}

static void randomized(long ops)
{
    static unsigned char *slot[SLOTS];
    static size_t size[SLOTS];
    static unsigned serial[SLOTS];
    unsigned next_serial = 0;
    long bad = 0;

    for (long op = 1; op <= ops && bad == 0; op++) {
        int i = (int)(next_random() % SLOTS);
        unsigned kind = next_random() % 4;
        if (slot[i] != NULL && kind == 0) {
            size_t n = 1 + next_random() % 3000;
            unsigned char *p = os_realloc(slot[i], n);
            for (size_t k = 0; k < (n < size[i] ? n : size[i]); k++)
                bad += p[k] != (unsigned char)(serial[i] + k);
            slot[i] = p;
            size[i] = n;
        } else if (slot[i] != NULL) {
            for (size_t k = 0; k < size[i]; k++)
                bad += slot[i][k] != (unsigned char)(serial[i] + k);
            os_free(slot[i]);
            slot[i] = NULL;
            continue;
        } else {
            size[i] = 1 + next_random() % (kind == 1 ? 200000 : 2000);
            slot[i] = kind == 2 ? os_calloc(1, size[i]) : os_malloc(size[i]);
        }
        if (slot[i] == NULL) {
            bad++;
            break;
        }
        serial[i] = ++next_serial;
        for (size_t k = 0; k < size[i]; k++)
            slot[i][k] = (unsigned char)(serial[i] + k);
        if (op % 1000 == 0 && !heap_ok())
            bad++;
    }
    for (int i = 0; i < SLOTS; i++)
        if (slot[i] != NULL)
            os_free(slot[i]);
    expect(bad == 0 && heap_ok() && os_mapped_first() == NULL,
           "random os_malloc/os_calloc/os_realloc/os_free keep every byte");
}

int main(int argc, char **argv)
{
    rules();
    realloc_growth();
    randomized(argc > 1 ? atol(argv[1]) : 100000);
    return failures ? 1 : 0;
}
