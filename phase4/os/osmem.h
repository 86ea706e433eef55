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

/*
 * What the assignment's own osmem.h includes, so that its programs compile
 * here without a warning: <errno.h>, <stdio.h>, <stdlib.h> and its
 * "printf.h" (a printf that never touches the heap, which brings <stdarg.h>
 * and <stddef.h>).  We have no printf.h: its two standard headers stand in
 * for it; but stdio's printf may call the C library's malloc, which moves
 * the break, and this heap grows with brk only from where it left the
 * break: print after the os_* calls, or to stderr.  <string.h> is not in
 * that header, but its tests and the allocator's helpers.h include it, so
 * their memset, memcpy and strlen are in scope: we add it for programs
 * moved from that tree with only osmem.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *os_malloc(size_t size);
void os_free(void *ptr);
void *os_calloc(size_t nmemb, size_t size);
void *os_realloc(void *ptr, size_t size);

#endif
