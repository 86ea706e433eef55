/*
 * heap_api.c - the drop-in heap through its own names (heap.h), so that it
 * runs in every configuration, AddressSanitizer's included (where the
 * library's malloc cannot replace the C library's).  Each part prints one
 * "ok" line or a FAILED line; the exit status is 1 if any failed.
 *   usage: heap_api [OPERATIONS]   (random operations; default 200000)
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heap.h"

static int failures;

static void expect(int ok, const char *what)
{
    if (!ok) {
        printf("FAILED: %s\n", what);
        failures++;
    }
}

static void part(const char *name, int failures_before)
{
    if (failures == failures_before)
        printf("ok: %s\n", name);
}

static void print_problem(void *arg, const char *line)
{
    (void)arg;
    printf("check: %s\n", line);
}

static int heap_ok(void)
{
    struct diag_report r = {.sink = print_problem};

    heap_check(&r);
    return r.problems == 0;
}

static void sizes_zero_and_huge(void)
{
    int before = failures;
    void *a = heap_malloc(0), *b = heap_malloc(0);

    expect(a != NULL && b != NULL && a != b, "malloc(0): unique pointers");
    heap_free(a);
    heap_free(b);
    errno = 0;
    expect(heap_malloc(SIZE_MAX) == NULL && errno == ENOMEM,
           "malloc(SIZE_MAX): NULL and ENOMEM");
    errno = 0;
    expect(heap_malloc(SIZE_MAX - 4096) == NULL && errno == ENOMEM,
           "malloc(SIZE_MAX - 4096): NULL and ENOMEM");
    errno = 0;
    expect(heap_calloc(SIZE_MAX / 2, 3) == NULL && errno == ENOMEM,
           "calloc overflow: NULL and ENOMEM");
    a = heap_calloc(0, 10);
    expect(a != NULL, "calloc(0, 10): a unique pointer");
    heap_free(a);
    heap_free(NULL);
    part("size 0, SIZE_MAX, calloc overflow, free(NULL)", before);
}

static void alignments(void)
{
    static const size_t sizes[] = {1, 100, 1000, 3000, 100000, 300000};
    int before = failures;

    for (size_t align = 1; align <= ((size_t)1 << 16); align *= 2)
        for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
            unsigned char *p = heap_memalign(align, sizes[i]);
            expect(p != NULL && (uintptr_t)p % align == 0 &&
                       (uintptr_t)p % 16 == 0,
                   "memalign: aligned");
            if (p == NULL)
                continue;
            expect(heap_usable_size(p) >= sizes[i], "memalign: usable size");
            memset(p, 0x5a, sizes[i]);
            heap_free(p);
        }
    expect(heap_ok(), "the heap checks out after memalign");
    part("every power-of-two alignment up to 64 KiB, small to large sizes",
         before);
}

static void realloc_chain(void)
{
    static const size_t steps[] = {10, 600, 2000, 50000, 200000, 1000000,
                                   150000, 4000, 24, 1};
    int before = failures;
    unsigned char *p = heap_realloc(NULL, 5);
    size_t size = 5;

    memset(p, 7, size);
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        size_t keep = size < steps[i] ? size : steps[i];
        p = heap_realloc(p, steps[i]);
        expect(p != NULL, "realloc: not NULL");
        for (size_t k = 0; k < keep; k++)
            if (p[k] != 7) {
                expect(0, "realloc keeps the contents");
                break;
            }
        memset(p, 7, steps[i]);
        size = steps[i];
    }
    errno = 0;
    expect(heap_realloc(p, SIZE_MAX) == NULL && errno == ENOMEM && p[0] == 7,
           "realloc to SIZE_MAX fails and keeps the block");
    expect(heap_realloc(p, 0) == NULL, "realloc(p, 0) frees, returns NULL");
    part("realloc from NULL, through every kind of block, to 0", before);
}

static void calloc_zeroes(void)
{
    int before = failures;

    for (size_t size = 8; size <= 400000; size *= 3) {
        unsigned char *p = heap_malloc(size), *q;
        memset(p, 0xff, size);
        heap_free(p);
        q = heap_calloc(1, size);
        for (size_t k = 0; k < size; k++)
            if (q[k] != 0) {
                expect(0, "calloc zeroes reused memory");
                break;
            }
        heap_free(q);
    }
    part("calloc zeroes memory that was used before", before);
}

static void misuse(void)
{
    int before = failures, on_stack = 0;
    char *keep = heap_malloc(40), *small = heap_malloc(64);
    char *medium = heap_malloc(5000), *large = heap_malloc(300000);
    char *libc = malloc(32);

    strcpy(keep, "keep me");
    /* Each is reported on standard error and ignored. */
    heap_free(small + 16);  /* inside a small block */
    heap_free(medium + 32); /* inside a medium block */
    heap_free(&on_stack);   /* a stack address */
    heap_free(libc);        /* the C library's block */
    heap_free(small);
    heap_free(small);       /* double free, small */
    heap_free(medium);
    heap_free(medium);      /* double free, medium */
    heap_free(large);
    heap_free(large);       /* double free, large */
    expect(heap_realloc(&on_stack, 10) == NULL, "realloc of a stack address");
    expect(strcmp(keep, "keep me") == 0, "other blocks keep their contents");
    expect(heap_ok(), "the heap checks out after the misuse");
    heap_free(keep);
    free(libc);
    part("misuse reported and ignored, nothing else changed", before);
}

static void footprint_falls(void)
{
    enum { COUNT = 200000 };
    static void *blocks[COUNT];
    struct heap_stats full, after;
    int before = failures;

    for (size_t i = 0; i < COUNT; i++)
        blocks[i] = heap_malloc(100 + i % 200);
    heap_get_stats(&full);
    for (size_t i = 0; i < COUNT; i++)
        heap_free(blocks[i]);
    heap_get_stats(&after);
    expect(full.footprint > 30u << 20, "40 MiB of small blocks are held");
    expect(after.footprint < 12u << 20,
           "after freeing them, the footprint falls below 12 MiB");
    part("memory freed in bulk goes back to the kernel", before);
}

/* Random operations, every payload checked, the heap checked as it goes. */
static void random_ops(long ops)
{
    enum { SLOTS = 2048 };
    static unsigned char *p[SLOTS];
    static size_t size[SLOTS];
    static unsigned char fill[SLOTS];
    int before = failures;

    srand(12345);
    for (long op = 0; op < ops && failures == before; op++) {
        int i = rand() % SLOTS, r = rand() % 10;
        if (p[i] != NULL) {
            for (size_t k = 0; k < size[i]; k++)
                if (p[i][k] != fill[i]) {
                    expect(0, "a block's contents changed");
                    break;
                }
            if (r < 3) {
                size_t n = 1 + (size_t)rand() % (r == 0 ? 300000 : 3000);
                p[i] = heap_realloc(p[i], n);
                size[i] = n;
                memset(p[i], fill[i], n);
            } else {
                heap_free(p[i]);
                p[i] = NULL;
            }
        } else {
            int kind = rand() % 10;
            size[i] = kind < 6 ? (size_t)rand() % 256
                      : kind < 9 ? (size_t)rand() % 20000
                                 : (size_t)rand() % 400000;
            p[i] = heap_malloc(size[i]);
            fill[i] = (unsigned char)rand();
            memset(p[i], fill[i], size[i]);
        }
        if (op % 5000 == 0)
            expect(heap_ok(), "the heap checks out during random operations");
    }
    for (int i = 0; i < SLOTS; i++)
        heap_free(p[i]);
    expect(heap_ok(), "the heap checks out at the end");
    part("random operations: contents kept, the checker silent", before);
}

int main(int argc, char **argv)
{
    long ops = argc > 1 ? atol(argv[1]) : 200000;

    sizes_zero_and_huge();
    alignments();
    realloc_chain();
    calloc_zeroes();
    misuse();
    footprint_falls();
    random_ops(ops);
    return failures == 0 ? 0 : 1;
}
