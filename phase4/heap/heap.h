/*
 * heap.h - the general-purpose heap behind the drop-in malloc
 * (phase4/libheap.so, phase4/libheap.a): the same functions under heap_*
 * names, so that programs and tools can use it next to the C library's
 * malloc (the trace replayer compares the two in one process).
 * libheap.c exports them as malloc, free, calloc and the rest.
 *
 * Semantics are the C standard's and glibc's: payloads 16-byte aligned; a
 * unique pointer for size 0; NULL with errno ENOMEM on failure and on
 * overflow; heap_free(NULL) does nothing.  Thread-safe and fork-safe.
 * Design and costs: phase4/heap/README.md.
 */
#ifndef HEAPCOURSE_HEAP_H
#define HEAPCOURSE_HEAP_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

void *heap_malloc(size_t size);
void heap_free(void *p);
void *heap_calloc(size_t count, size_t size);
void *heap_realloc(void *p, size_t size);
/* size bytes aligned to `alignment` (a power of two), or NULL (EINVAL
 * is the caller's business: libheap.c checks the argument rules). */
void *heap_memalign(size_t alignment, size_t size);
/* The bytes usable at p (at least what was asked for); 0 for NULL. */
size_t heap_usable_size(void *p);

/* Give back to the kernel all the memory the heap holds but does not use
 * (freed spans, empty segments, kept large mappings, this thread's cached
 * blocks); returns the bytes given back.  libheap exports it as glibc's
 * malloc_trim. */
size_t heap_trim(void);

/* Counters since the process started (all threads).  The first five are
 * kept only when HEAPCOURSE_STATS=1 is in the environment (0 otherwise). */
struct heap_stats {
    size_t mallocs, frees, reallocs;  /* calls that succeeded */
    size_t live_bytes;                /* usable bytes now allocated */
    size_t peak_live_bytes;           /* the most there ever were */
    size_t footprint;                 /* bytes of memory in use for the heap:
                                         spans handed out and large
                                         mappings, bookkeeping included */
    size_t peak_footprint;
    size_t mapped;                    /* bytes mapped from the kernel now
                                         (reserved segments included) */
    size_t large_live;                /* blocks mapped on their own, now */
    size_t returned;                  /* bytes given back to the kernel
                                         (munmap and madvise) */
};

/* A snapshot of the counters (exact when no other thread is in the heap). */
void heap_get_stats(struct heap_stats *out);

/* The heap checker: every segment, span and block, one line a problem. */
void heap_check(struct diag_report *report);

#endif
