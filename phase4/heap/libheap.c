/*
 * libheap.c - the drop-in malloc: the C library's allocation functions,
 * each a thin layer over heap.h with the argument rules the C standard and
 * glibc give it.  Built into phase4/libheap.so (LD_PRELOAD=phase4/libheap.so
 * PROGRAM runs PROGRAM on it) and phase4/libheap.a (linked in statically).
 */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "heap.h"

/* Exported under the C library's names (the default visibility). */
#define EXPORT __attribute__((visibility("default")))

static bool power_of_two(size_t n)
{
    return n != 0 && (n & (n - 1)) == 0;
}

EXPORT void *malloc(size_t size)
{
    return heap_malloc(size);
}

EXPORT void free(void *p)
{
    heap_free(p);
}

EXPORT void *calloc(size_t count, size_t size)
{
    return heap_calloc(count, size);
}

EXPORT void *realloc(void *p, size_t size)
{
    return heap_realloc(p, size);
}

EXPORT void *reallocarray(void *p, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    return heap_realloc(p, count * size);
}

EXPORT int posix_memalign(void **out, size_t alignment, size_t size)
{
    void *p;

    /* A power of two and a multiple of sizeof(void *); errors are
     * returned, errno is left alone. */
    if (!power_of_two(alignment) || alignment % sizeof(void *) != 0)
        return EINVAL;
    {
        int saved = errno;
        p = heap_memalign(alignment, size);
        errno = saved;
    }
    if (p == NULL)
        return ENOMEM;
    *out = p;
    return 0;
}

EXPORT void *aligned_alloc(size_t alignment, size_t size)
{
    if (!power_of_two(alignment)) {
        errno = EINVAL;
        return NULL;
    }
    return heap_memalign(alignment, size);
}

/* glibc's memalign rounds an alignment that is not a power of two up. */
EXPORT void *memalign(size_t alignment, size_t size)
{
    size_t pow2 = 1;

    while (pow2 < alignment && pow2 <= SIZE_MAX / 2)
        pow2 *= 2;
    if (pow2 < alignment) {
        errno = EINVAL;
        return NULL;
    }
    return heap_memalign(pow2, size);
}

EXPORT void *valloc(size_t size)
{
    return heap_memalign((size_t)sysconf(_SC_PAGESIZE), size);
}

EXPORT void *pvalloc(size_t size)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);

    if (size > SIZE_MAX - page) {
        errno = ENOMEM;
        return NULL;
    }
    return heap_memalign(page, (size + page - 1) & ~(page - 1));
}

EXPORT size_t malloc_usable_size(void *p)
{
    return heap_usable_size(p);
}

/* glibc: give free memory back to the kernel; 1 if any was.  The heap
 * gives back all it can: `pad` (room to keep at the top of glibc's brk
 * heap) has no meaning here. */
EXPORT int malloc_trim(size_t pad)
{
    (void)pad;
    return heap_trim() > 0;
}
