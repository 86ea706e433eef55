/*
 * misuse_os.c - each misuse of the os_* interface (phase4/os/osmem.h), one
 * per run: `misuse_os CASE`.  os_* prints nothing, ever, so this program
 * prints what each call returned and, through os_heap.h, what state the
 * block is in afterwards, and whether another block kept its contents.
 * Built twice: as is, and with -DHEAPCOURSE_DEBUG (red zones) as
 * misuse_os_debug.
 */
#include <stdint.h>
#include <stdlib.h>

#include "misuse.h"
#include "os_heap.h"
#include "osmem.h"

static char *keep; /* a block no misuse may change */

static void setup(void)
{
    keep = os_malloc(16);
    memcpy(keep, "keep me", 8);
}

static void finish(void)
{
    printf("keep: %s\n", strcmp(keep, "keep me") == 0 ? "intact"
                                                      : "CHANGED");
}

static void state(const char *name, void *p)
{
    const struct block_meta *b = os_heap_find(p);
    static const char *const names[] = {"free", "allocated", "mapped"};

    printf("%s: %s\n", name, b == NULL ? "not a block" : names[b->status]);
}

static void show(const char *call, void *result)
{
    printf("%s -> %s\n", call, result == NULL ? "NULL" : "a block");
}

static void double_free(void)
{
    char *a;

    setup();
    a = os_malloc(100);
    os_free(a);
    os_free(opaque(a));
    state("a", a);
    finish();
}

static void interior(void)
{
    char *a;

    setup();
    a = os_malloc(100);
    os_free((char *)opaque(a) + 8);
    state("a", a);
    finish();
}

static void foreign(void)
{
    char *libc = malloc(16);

    setup();
    os_free(opaque(libc));
    show("os_realloc(libc block, 32)", os_realloc(opaque(libc), 32));
    free(libc);
    finish();
}

static void stack(void)
{
    int on_the_stack = 0;

    setup();
    os_free(opaque(&on_the_stack));
    show("os_realloc(&on_the_stack, 32)", os_realloc(opaque(&on_the_stack), 32));
    finish();
}

static void realloc_freed(void)
{
    char *a;

    setup();
    a = os_malloc(100);
    os_free(a);
    show("os_realloc(a freed, 200)", os_realloc(opaque(a), 200));
    state("a", a);
    finish();
}

static void calloc_overflow(void)
{
    setup();
    show("os_calloc(SIZE_MAX / 2, 3)", os_calloc(SIZE_MAX / 2, 3));
    finish();
}

static void size_max(void)
{
    setup();
    show("os_malloc(SIZE_MAX)", os_malloc(SIZE_MAX));
    show("os_realloc(keep, SIZE_MAX)", os_realloc(keep, SIZE_MAX));
    finish();
}

/* One byte past the `size` asked for (inside the 8-byte rounding in a
 * normal build), then free: the block's state says what os_free did. */
static void past_end_then_free(size_t size)
{
    char *a;

    setup();
    a = os_malloc(size);
    ((char *)opaque(a))[size] = 'X';
    os_free(a);
    state("a after os_free", a);
    finish();
}

static void write_past_end(void)
{
    past_end_then_free(13);
}

static void write_past_end_mapped(void)
{
    past_end_then_free(200001);
}

static void write_past_end_realloc(void)
{
    char *a, *b;

    setup();
    a = os_malloc(13);
    ((char *)opaque(a))[13] = 'X';
    b = os_realloc(a, 20);
    show("os_realloc(a, 20)", b);
    state("a", a);
    finish();
}

int main(int argc, char **argv)
{
    static const struct misuse_case cases[] = {
        {"double-free", double_free}, {"interior", interior},
        {"foreign", foreign}, {"stack", stack},
        {"realloc-freed", realloc_freed},
        {"calloc-overflow", calloc_overflow}, {"size-max", size_max},
        {"write-past-end", write_past_end},
        {"write-past-end-mapped", write_past_end_mapped},
        {"write-past-end-realloc", write_past_end_realloc},
        {NULL, NULL},
    };
    return misuse_main(cases, argc, argv);
}
