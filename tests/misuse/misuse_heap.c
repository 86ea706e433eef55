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
#include <stdint.h>
#include <stdlib.h>

#include "heap.h"
#include "misuse.h"

/* One size of each kind of block (heap.c): small, medium, large. */
enum { SMALL = 20, MEDIUM = 5000, LARGE = 300000 };

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
        {NULL, NULL},
    };
    return misuse_main(cases, argc, argv);
}
