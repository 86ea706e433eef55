/*
 * misuse_heap.c - each misuse of the drop-in heap (phase4/heap/heap.h, the
 * functions libheap.so exports as malloc, free, ...), one per run:
 * `misuse_heap CASE`.  The heap reports misuse on standard error
 * ("heap: ... (pointer 0x...): ignored"); this program prints on standard
 * output what each call returned and whether another block kept its
 * contents.  Built twice: as is, and with -DHEAPCOURSE_DEBUG (red zones)
 * as misuse_heap_debug.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "heap.h"
#include "misuse.h"

/* One size of each kind of block (heap.c): small, medium, large. */
enum { SMALL = 20, MEDIUM = 5000, LARGE = 3000000 };

static char *keep; /* a block no misuse may change */

static void setup(void)
{
    keep = heap_malloc(16);
    memcpy(keep, "keep me", 8);
}

static void finish(void)
{
    struct diag_report report = {0};

    heap_check(&report);
    printf("keep: %s; heap_check: %d problems\n",
           strcmp(keep, "keep me") == 0 ? "intact" : "CHANGED",
           report.problems);
}

static void show(const char *call, void *result)
{
    printf("%s -> %s", call, result == NULL ? "NULL" : "a block");
    if (result == NULL)
        printf(", errno %s", errno == ENOMEM ? "ENOMEM"
                             : errno == EINVAL ? "EINVAL" : "other");
    putchar('\n');
}

static void double_free(size_t size)
{
    char *a;

    setup();
    a = heap_malloc(size);
    heap_free(a);
    heap_free(opaque(a));
    finish();
}

static void double_free_small(void) { double_free(SMALL); }
static void double_free_medium(void) { double_free(MEDIUM); }
static void double_free_large(void) { double_free(LARGE); }

static void interior(size_t size)
{
    char *a;

    setup();
    a = heap_malloc(size);
    heap_free((char *)opaque(a) + 16);
    heap_free(a);
    finish();
}

static void interior_small(void) { interior(SMALL); }
static void interior_medium(void) { interior(MEDIUM); }
static void interior_large(void) { interior(LARGE); }

static void foreign(void)
{
    char *libc = malloc(16);

    setup();
    heap_free(opaque(libc));
    free(libc);
    finish();
}

static void stack(void)
{
    int on_the_stack = 0;

    setup();
    heap_free(opaque(&on_the_stack));
    show("heap_realloc(&on_the_stack, 32)",
         heap_realloc(opaque(&on_the_stack), 32));
    finish();
}

/* realloc of a block freed just before (so it sits on this thread's
 * cache, for small and medium); then two allocations of its size: no
 * block may be handed out twice. */
static void realloc_freed(size_t size, size_t new_size, const char *call)
{
    char *a, *r, *b, *c;

    setup();
    a = heap_malloc(size);
    heap_free(a);
    r = heap_realloc(opaque(a), new_size);
    show(call, r);
    b = heap_malloc(size);
    c = heap_malloc(size);
    printf("then two allocations: %s\n",
           b != c && (r == NULL || (r != b && r != c))
               ? "no block handed out twice" : "A BLOCK HANDED OUT TWICE");
    heap_free(b);
    heap_free(c);
    finish();
}

static void realloc_freed_small(void)
{
    realloc_freed(SMALL, SMALL + 4, "heap_realloc(a freed small block, 24)");
}

static void realloc_freed_small_grow(void)
{
    realloc_freed(SMALL, 200, "heap_realloc(a freed small block, 200)");
}

static void realloc_freed_medium(void)
{
    realloc_freed(MEDIUM, 6000, "heap_realloc(a freed medium block, 6000)");
}

static void realloc_freed_large(void)
{
    realloc_freed(LARGE, 6000, "heap_realloc(a freed large block, 6000)");
}

static void calloc_overflow(void)
{
    setup();
    show("heap_calloc(SIZE_MAX / 2, 3)", heap_calloc(SIZE_MAX / 2, 3));
    finish();
}

static void size_max(void)
{
    setup();
    show("heap_malloc(SIZE_MAX)", heap_malloc(SIZE_MAX));
    show("heap_realloc(keep, SIZE_MAX)", heap_realloc(keep, SIZE_MAX));
    finish();
}

/* One byte past the `size` asked for (inside the block's rounding in a
 * normal build), then free. */
static void past_end(size_t size)
{
    char *a;

    setup();
    a = heap_malloc(size);
    ((char *)opaque(a))[size] = 'X';
    heap_free(a);
    finish();
}

static void past_end_small(void) { past_end(SMALL); }
static void past_end_medium(void) { past_end(MEDIUM); }
static void past_end_large(void) { past_end(LARGE); }

static void past_end_realloc(void)
{
    char *a;

    setup();
    a = heap_malloc(SMALL);
    ((char *)opaque(a))[SMALL] = 'X';
    show("heap_realloc(a, 2 * SMALL)", heap_realloc(a, 2 * SMALL));
    finish();
}

/* A small block freed after 64 others (so that the thread cache, over its
 * limit, gives it back to its span with the newest half), then freed
 * again: found on the span's free list. */
static void double_free_small_span(void)
{
    char *blocks[65];

    setup();
    for (int i = 0; i < 65; i++)
        blocks[i] = heap_malloc(SMALL);
    for (int i = 0; i < 65; i++)
        heap_free(blocks[i]);
    heap_free(opaque(blocks[64]));
    blocks[0] = heap_malloc(SMALL);
    blocks[1] = heap_malloc(SMALL);
    printf("then two allocations: %s\n", blocks[0] != blocks[1]
               ? "no block handed out twice" : "A BLOCK HANDED OUT TWICE");
    heap_free(blocks[0]);
    heap_free(blocks[1]);
    finish();
}

/* Write `over` bytes past the end of the `size`-byte block at p, each
 * different from the byte it replaces.  A write of the value a byte holds
 * already changes nothing, and then the heap rightly sees nothing: a free
 * block's link is keyed at random, so 1 time in 256 its first byte was
 * already 'X' (3 runs in 1,500 of one case were not stopped). */
static void write_past(char *p, size_t size, size_t over)
{
    volatile char *end = (char *)opaque(p) + size;

    for (size_t i = 0; i < over; i++)
        end[i] = end[i] == 'X' ? 'Y' : 'X';
}

/* Write `over` bytes past a small block of `size` bytes into its free
 * neighbour, then allocate: the heap stops when it reaches the
 * neighbour's link (the address is printed first, for the test). */
static void overflow_small(size_t size, size_t over)
{
    char *a, *b, *low, *high;

    setup();
    a = heap_malloc(size);
    b = heap_malloc(size);
    low = a < b ? a : b;
    high = a < b ? b : a;
    heap_free(high);
    printf("the free neighbour: %p\n", (void *)high);
    fflush(stdout);
    write_past(low, size, over);
    heap_malloc(size);
    heap_malloc(size);
    printf("not stopped\n");
    finish();
}

static void overflow_small_24(void) { overflow_small(24, 16); }
static void overflow_small_32(void) { overflow_small(32, 1); }
static void overflow_small_48(void) { overflow_small(48, 1); }
static void overflow_small_1024(void) { overflow_small(1024, 1); }

/* 16 bytes past a 40000-byte medium block: the tag of the block after it.
 * `neighbour_free`: that block was freed first (the next allocations
 * reach its tag through the free lists); else it is live, and freeing
 * it (or, `free_first`, the block written past) reaches the tag. */
enum { BIG_MEDIUM = 40000 };

static void overflow_medium(bool neighbour_free, bool free_first)
{
    char *a, *b, *c;

    setup();
    a = heap_malloc(BIG_MEDIUM);
    b = heap_malloc(BIG_MEDIUM);
    c = heap_malloc(BIG_MEDIUM);
    memcpy(c, "a third block", 14);
    if (neighbour_free)
        heap_free(b);
    printf("the block written past: %p\n", (void *)a);
    fflush(stdout);
    memset((char *)opaque(a) + BIG_MEDIUM, 'X', 16);
    if (neighbour_free) {
        for (int i = 0; i < 10; i++)
            heap_free(heap_malloc(30000 + 16 * (size_t)i));
    } else if (free_first) {
        heap_free(a);
    } else {
        heap_free(b);
    }
    printf("not stopped; the third block %s\n",
           strcmp(c, "a third block") == 0 ? "intact" : "CHANGED");
    finish();
}

static void overflow_medium_free(void) { overflow_medium(true, false); }
static void overflow_medium_live(void) { overflow_medium(false, false); }
static void overflow_medium_live_own(void) { overflow_medium(false, true); }

/* A large block freed, a new one of its size allocated, the old pointer
 * freed again: 20 rounds, at a size whose pages leave room to rotate, one
 * that leaves none (a kept mapping grown by a page), and one too big to
 * keep (the kernel reuses the range). */
static void stale_free_large_at(size_t size)
{
    size_t refused = 0, intact = 0, distinct = 0;

    for (int round = 0; round < 20; round++) {
        char *p = heap_malloc(size), *q, *r;
        heap_free(p);
        q = heap_malloc(size);
        q[0] = q[size - 1] = 'q'; /* its first and last bytes */
        heap_free(opaque(p));
        r = heap_malloc(size);
        r[0] = r[size - 1] = 'r';
        refused += heap_usable_size(q) > 0;
        intact += q[0] == 'q' && q[size - 1] == 'q';
        distinct += q != r;
        heap_free(q);
        heap_free(r);
    }
    printf("%zu bytes: stale frees of a reused block: %zu of 20 left the "
           "new owner live, %zu intact, %zu handed out once\n",
           size, refused, intact, distinct);
}

static void stale_free_large(void)
{
    setup();
    stale_free_large_at(LARGE);
    stale_free_large_at(800 * 4096 - 64);
    stale_free_large_at(9 << 20);
    finish();
}

int main(int argc, char **argv)
{
    static const struct misuse_case cases[] = {
        {"double-free-small", double_free_small},
        {"double-free-medium", double_free_medium},
        {"double-free-large", double_free_large},
        {"interior-small", interior_small},
        {"interior-medium", interior_medium},
        {"interior-large", interior_large},
        {"foreign", foreign}, {"stack", stack},
        {"realloc-freed-small", realloc_freed_small},
        {"realloc-freed-small-grow", realloc_freed_small_grow},
        {"realloc-freed-medium", realloc_freed_medium},
        {"realloc-freed-large", realloc_freed_large},
        {"calloc-overflow", calloc_overflow}, {"size-max", size_max},
        {"write-past-end-small", past_end_small},
        {"write-past-end-medium", past_end_medium},
        {"write-past-end-large", past_end_large},
        {"write-past-end-realloc", past_end_realloc},
        {"double-free-small-span", double_free_small_span},
        {"overflow-small-24", overflow_small_24},
        {"overflow-small-32", overflow_small_32},
        {"overflow-small-48", overflow_small_48},
        {"overflow-small-1024", overflow_small_1024},
        {"overflow-medium-free", overflow_medium_free},
        {"overflow-medium-live", overflow_medium_live},
        {"overflow-medium-live-own", overflow_medium_live_own},
        {"stale-free-large", stale_free_large},
        {NULL, NULL},
    };
    return misuse_main(cases, argc, argv);
}
