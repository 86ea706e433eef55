/*
 * trace_libc.c - the C library's malloc as a trace allocator (trace.h),
 * the baseline every course allocator is compared with; and "broken", the
 * same malloc with a realloc that forgets to copy, a test-only allocator
 * that proves the replay's verification can fail.
 *
 * The footprint is glibc's own account (mallinfo2): the bytes of its
 * arenas plus those of the blocks it mapped on their own, less what the
 * replaying process itself had in use when the pass started.  Under
 * AddressSanitizer or valgrind, which replace malloc, mallinfo2 sees
 * nothing: the footprint is 0, "not measured".
 */
#include "trace.h"

#include <malloc.h>
#include <stdlib.h>

/* Bytes in use by the process before the pass (the parent's parser, stdio
 * buffers): not the replay's.  Memory glibc holds but has free counts: the
 * pass can use it without asking the system. */
static size_t baseline;

static int libc_start(void)
{
    struct mallinfo2 m = mallinfo2();

    baseline = m.uordblks + m.hblkhd;
    return 0;
}

static size_t libc_footprint(void)
{
    struct mallinfo2 m = mallinfo2();
    size_t held = m.arena + m.hblkhd;

    return held > baseline ? held - baseline : 0;
}

const struct trace_allocator trace_libc = {
    .name = "libc",
    .about = "the C library's malloc, free and realloc",
    .malloc = malloc,
    .free = free,
    .realloc = realloc,
    .footprint = libc_footprint,
    .thread_safe = true,
    .start = libc_start,
};

/* A realloc with the classic bug: a new block, the old one freed, nothing
 * copied.  calloc makes the lost contents zeros rather than whatever the
 * new block held before. */
static void *broken_realloc(void *p, size_t size)
{
    void *fresh = calloc(1, size);

    if (fresh != NULL)
        free(p);
    return fresh;
}

const struct trace_allocator trace_broken = {
    .name = "broken",
    .about = "libc with a realloc that does not copy (for testing the replay)",
    .malloc = malloc,
    .free = free,
    .realloc = broken_realloc,
    .footprint = libc_footprint,
    .thread_safe = true,
    .test_only = true,
    .start = libc_start,
};
