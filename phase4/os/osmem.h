/*
 * osmem.h - the malloc-style interface of the operating-systems course's
 * "memory allocator" assignment: os_malloc, os_calloc, os_realloc, os_free.
 *
 * As that assignment specifies: small blocks come from a brk heap (128 KiB
 * preallocated at the first use), large ones (a block of 128 KiB or more,
 * for os_calloc a page or more) from their own mmap; payloads are 8-byte
 * aligned; nothing is ever printed.  os_malloc(0), os_calloc with a zero
 * count or size, and requests that overflow return NULL.  os_free of NULL,
 * of a pointer it did not hand out, or of a block already free does
 * nothing; os_realloc of such a pointer returns NULL.  Debug builds
 * (HEAPCOURSE_DEBUG) add a red zone after each block: os_free of a block
 * something wrote past the end of keeps it allocated, and os_realloc of
 * it returns NULL (tests/MISUSE.md).
 */
#ifndef OSMEM_H
#define OSMEM_H

#include <stddef.h>

void *os_malloc(size_t size);
void os_free(void *ptr);
void *os_calloc(size_t nmemb, size_t size);
void *os_realloc(void *ptr, size_t size);

#endif
