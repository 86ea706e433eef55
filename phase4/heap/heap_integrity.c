/*
 * heap_integrity.c - how the heap notices that a program wrote where it
 * must not, before the damage spreads: the secret keys, the sealed links
 * of free lists, the sealed boundary tags, and the stop.
 *
 * A heap keeps its bookkeeping next to the program's bytes: a free small
 * block's link in its first word, a medium block's tag in the 16 bytes
 * before it.  A write one byte past a block, or into a block after it was
 * freed, changes that bookkeeping, and a heap that follows it blindly
 * hands out the same memory twice or writes through a wild pointer, far
 * from the bug.  So everything the heap follows is checked first, as
 * glibc's integrity checks and the hardened modes of mimalloc and
 * hardened_malloc do:
 *
 *   a free list's link (small blocks, cached medium blocks) takes two
 *   words:  word 0 = next ^ the block's own address ^ link key
 *           word 1 = word 0 ^ seal key
 *   A block whose two words do not agree was written to; the link is
 *   never followed.  (Two loads and an exclusive-or: no range test on the
 *   fast path.  The keys come from the kernel's random bytes at start-up,
 *   so a program cannot write a matching pair by accident.)
 *
 *   a medium tag's check word mixes its size, its flags and its own
 *   address with the tag key (not prev_size: another thread may change
 *   that while the block's owner reads the tag without the lock; prev_size
 *   is checked against the block before instead, whenever it is followed).
 *
 * A broken link or tag stops the program with one line, as glibc does:
 * the heap cannot know what else the bad write reached, and going on
 * would hand out memory that is in use.
 */
#include "heap_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "heap_annotate.h"

uintptr_t heap_link_key, heap_seal_key;
uint32_t heap_tag_key;

void heap_integrity_init(void)
{
    /* 16 random bytes the kernel gives every process (AT_RANDOM). */
    const unsigned char *random = (const unsigned char *)getauxval(AT_RANDOM);
    uint64_t words[2] = {(uint64_t)(uintptr_t)&heap_link_key,
                         0x9e3779b97f4a7c15ull};

    if (random != NULL)
        for (int i = 0; i < 16; i++)
            words[i / 8] ^= (uint64_t)random[i] << (8 * (i % 8));
    heap_link_key = (uintptr_t)words[0];
    /* Never 0: a block whose two words are equal must not look sealed. */
    heap_seal_key = (uintptr_t)words[1] | 1;
    heap_tag_key = (uint32_t)(words[0] >> 32) ^ (uint32_t)words[1];
}

void heap_corrupt(const char *format, ...)
{
    char line[256];
    va_list args;
    int n;

    n = snprintf(line, sizeof line, "heap: heap corruption: ");
    va_start(args, format);
    n += vsnprintf(line + n, sizeof line - (size_t)n, format, args);
    va_end(args);
    if (n > (int)sizeof line - 12)
        n = (int)sizeof line - 12;
    n += snprintf(line + n, sizeof line - (size_t)n, "; stopping\n");
    if (write(2, line, (size_t)n) < 0) {
        /* nothing more can be done: stop anyway */
    }
    abort();
}

bool heap_link_follow(void *block, void **next)
{
    bool sealed;

    heap_meta_open(block, 2 * sizeof(void *));
    sealed = heap_link_try(block, next);
    heap_meta_close(block, 2 * sizeof(void *));
    return sealed;
}

void heap_link_broken(const void *block)
{
    size_t size = 0;
    const char *what = "free";

    /* The block was classified before its link was read: it is ours. */
    if (heap_segment_owns(block)) {
        struct segment *seg = heap_segment_of(block);
        struct span *span = &seg->spans[heap_span_index(block)];
        if (span->kind == SPAN_SMALL) {
            size = span->block_size;
        } else { /* a medium block on a thread's cache: its tag's size */
            heap_meta_open(heap_chunk_of(block), CHUNK_HEADER);
            size = heap_chunk_of(block)->size;
            what = "freed (cached)";
        }
    }
    heap_corrupt("the %s %zu-byte block at %p was overwritten (a write past "
                 "the end of the block before it, or into it after it was "
                 "freed)", what, size, block);
}
