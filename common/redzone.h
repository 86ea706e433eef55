/*
 * redzone.h - red zones: bytes after each block that catch a write past
 * its end when the block is freed (or reallocated).  Debug builds only
 * (make DEBUG=1, or -DHEAPCOURSE_DEBUG); see tests/MISUSE.md.
 *
 * An allocator asks its engine for want + REDZONE_BYTES, then arms the
 * block it got (block_bytes long, a multiple of 8):
 *
 *   payload                 want                      block_bytes - 8
 *   | the bytes asked for   | REDZONE_FILL ... FILL   | want ^ MAGIC |
 *
 * The trailer remembers `want`, so a block that has no header of its own
 * (libheap's small blocks) still knows where its red zone starts.  A
 * write even one byte past `want` changes a fill byte or the trailer.
 *
 * Without HEAPCOURSE_DEBUG, REDZONE_BYTES is 0 and the functions do
 * nothing (every block is intact, `want` is the whole block), so normal
 * builds behave exactly as if this file did not exist.  Header only, so
 * every library that uses it links nothing more.
 */
#ifndef HEAPCOURSE_REDZONE_H
#define HEAPCOURSE_REDZONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef HEAPCOURSE_DEBUG

/* Extra bytes asked for: at least 8 of fill, then the 8-byte trailer. */
#define REDZONE_BYTES 16
#define REDZONE_TRAILER 8
#define REDZONE_FILL 0xFD /* a byte few programs write by accident */
#define REDZONE_MAGIC UINT64_C(0x5245445a4f4e4521) /* "REDZONE!" */

/* Fill [want, block_bytes - 8) and store want in the last 8 bytes.
 * Needs block_bytes >= want + REDZONE_BYTES. */
static inline void redzone_arm(void *payload, size_t block_bytes, size_t want)
{
    unsigned char *p = payload;
    uint64_t trailer = (uint64_t)want ^ REDZONE_MAGIC;

    memset(p + want, REDZONE_FILL, block_bytes - REDZONE_TRAILER - want);
    memcpy(p + block_bytes - REDZONE_TRAILER, &trailer, sizeof trailer);
}

/* The `want` an armed block remembers, or SIZE_MAX if its trailer is
 * broken (it does not decode to a size that leaves room for the zone). */
static inline size_t redzone_want(const void *payload, size_t block_bytes)
{
    const unsigned char *p = payload;
    uint64_t trailer;

    memcpy(&trailer, p + block_bytes - REDZONE_TRAILER, sizeof trailer);
    trailer ^= REDZONE_MAGIC;
    if (block_bytes < REDZONE_BYTES || trailer > block_bytes - REDZONE_BYTES)
        return SIZE_MAX;
    return (size_t)trailer;
}

/* True when nothing wrote past the block's `want` bytes. */
static inline bool redzone_intact(const void *payload, size_t block_bytes)
{
    const unsigned char *p = payload;
    size_t want = redzone_want(payload, block_bytes);

    if (want == SIZE_MAX)
        return false;
    for (size_t i = want; i < block_bytes - REDZONE_TRAILER; i++)
        if (p[i] != REDZONE_FILL)
            return false;
    return true;
}

#else /* a normal build: no red zones */

#define REDZONE_BYTES 0

static inline void redzone_arm(void *payload, size_t block_bytes, size_t want)
{
    (void)payload, (void)block_bytes, (void)want;
}

static inline size_t redzone_want(const void *payload, size_t block_bytes)
{
    (void)payload;
    return block_bytes;
}

static inline bool redzone_intact(const void *payload, size_t block_bytes)
{
    (void)payload, (void)block_bytes;
    return true;
}

#endif

/* What the allocators say when redzone_intact() is false. */
#define REDZONE_BROKEN "the red zone after the block is broken: something " \
                       "wrote past its end"

#endif
