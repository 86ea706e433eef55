/*
 * heap_dropin.c - the C library's allocation functions as libheap.so
 * exports them, linked the way a program is (-lheap before the C library,
 * so these names are ours), edge case by edge case.  Prints one line a
 * check ("ok: ..." or "FAILED: ...") and exits 1 if any failed.
 */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok" : "FAILED", what);
    failures += !ok;
}

/* Sizes the optimiser cannot see. */
static size_t opaque(size_t n)
{
    volatile size_t hidden = n;
    return hidden;
}

int main(void)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    void *p, *q;
    int bad = 0;

    p = malloc(opaque(0));
    q = malloc(opaque(0));
    check(p != NULL && q != NULL && p != q, "malloc(0) gives unique pointers");
    free(p);
    free(q);

    for (size_t align = sizeof(void *); align <= page; align *= 2) {
        p = NULL;
        if (posix_memalign(&p, align, opaque(align + 3)) != 0 ||
            (uintptr_t)p % align != 0)
            bad++;
        free(p);
        p = aligned_alloc(align, opaque(3 * align));
        bad += p == NULL || (uintptr_t)p % align != 0;
        free(p);
        p = memalign(align, opaque(17));
        bad += p == NULL || (uintptr_t)p % align != 0;
        free(p);
    }
    check(bad == 0, "posix_memalign, aligned_alloc, memalign: every power of "
                    "two up to a page");
    /* and on to 1 GiB, as glibc: 2 MiB is common (huge pages) */
    for (size_t align = page * 2; align <= ((size_t)1 << 30); align *= 2) {
        p = NULL;
        if (posix_memalign(&p, align, opaque(100)) != 0 ||
            (uintptr_t)p % align != 0)
            bad++;
        free(p);
        p = aligned_alloc(align, opaque(align));
        bad += p == NULL || (uintptr_t)p % align != 0;
        if (p != NULL)
            memset(p, 1, align < (1 << 22) ? align : (1 << 22));
        free(p);
        p = memalign(align, opaque(3 * align / 2 < (1 << 22) ? 3 * align / 2 : 17));
        bad += p == NULL || (uintptr_t)p % align != 0;
        free(p);
    }
    check(bad == 0, "posix_memalign, aligned_alloc, memalign: every power of "
                    "two up to 1 GiB");
    check(posix_memalign(&p, opaque(24), 10) == EINVAL,
          "posix_memalign with alignment 24: EINVAL");
    check(posix_memalign(&p, opaque(2), 10) == EINVAL,
          "posix_memalign with alignment 2 (below sizeof(void *)): EINVAL");
    errno = 0;
    check(aligned_alloc(opaque(24), 48) == NULL && errno == EINVAL,
          "aligned_alloc with alignment 24: NULL, EINVAL");

    p = valloc(opaque(100));
    check(p != NULL && (uintptr_t)p % page == 0, "valloc: page aligned");
    free(p);
    p = pvalloc(opaque(100));
    check(p != NULL && (uintptr_t)p % page == 0 &&
              malloc_usable_size(p) >= page,
          "pvalloc: a whole page");
    free(p);

    errno = 0;
    check(malloc(opaque(SIZE_MAX)) == NULL && errno == ENOMEM,
          "malloc(SIZE_MAX): NULL, ENOMEM");
    errno = 0;
    check(calloc(opaque(SIZE_MAX / 2), 4) == NULL && errno == ENOMEM,
          "calloc overflow: NULL, ENOMEM");
    p = malloc(opaque(10));
    errno = 0;
    check(reallocarray(p, opaque(SIZE_MAX / 2), 4) == NULL && errno == ENOMEM,
          "reallocarray overflow: NULL, ENOMEM, the block kept");
    q = reallocarray(p, opaque(100), 4);
    check(q != NULL && malloc_usable_size(q) >= 400, "reallocarray grows");
    p = realloc(q, opaque(0));
    check(p == NULL, "realloc(p, 0) frees and returns NULL");
    p = realloc(NULL, opaque(50));
    check(p != NULL && malloc_usable_size(p) >= 50, "realloc(NULL, n) is malloc");
    strcpy(p, "kept across moves");
    for (size_t n = 100; n < 4000000; n *= 3)
        p = realloc(p, opaque(n));
    check(strcmp(p, "kept across moves") == 0, "realloc keeps the contents");
    free(p);
    check(malloc_usable_size(NULL) == 0, "malloc_usable_size(NULL) is 0");
    p = calloc(opaque(1000), 1000);
    bad = 0;
    for (size_t i = 0; p != NULL && i < 1000000; i++)
        bad += ((unsigned char *)p)[i] != 0;
    check(p != NULL && bad == 0, "calloc: a zeroed megabyte");
    free(p);
    return failures == 0 ? 0 : 1;
}
