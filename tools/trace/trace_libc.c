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
 *
 * mallinfo2 walks every free chunk in glibc's bins, so asking it after
 * every operation made the checked pass of a long trace quadratic (four
 * fifths of the time of libc's pass on the realloc trace).  But in the
 * checked pass (one thread: the main arena) glibc's footprint grows in
 * two ways only: its heap moves the break, or it maps a block of its own,
 * which it does only for a request at or above its mapping threshold
 * (128 KiB at least: glibc only ever raises it).  So it is asked again only
 * after one of those; in between, the last answer stands.  A footprint
 * that fell meanwhile (a mapped block freed, the top trimmed) is reported
 * as it was, which leaves the peak, the only use of it, unchanged.
 */
#include "trace.h"

#include <malloc.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

/* Below glibc's smallest mapping threshold, with room to spare. */
#define MAPPED_MIN ((size_t)64 << 10)

/* Bytes in use by the process before the pass (the parent's parser, stdio
 * buffers): not the replay's.  Memory glibc holds but has free counts: the
 * pass can use it without asking the system. */
static size_t baseline;
static void *last_break;   /* the break when mallinfo2 was last asked */
static size_t last_answer; /* and what it said, less the baseline */
static bool answered;

static int libc_start(void)
{
    struct mallinfo2 m = mallinfo2();

    baseline = m.uordblks + m.hblkhd;
    answered = false;
    return 0;
}

static size_t libc_footprint(size_t request)
{
    void *now = sbrk(0);

    if (!answered || now != last_break || request >= MAPPED_MIN) {
        struct mallinfo2 m = mallinfo2();
        size_t held = m.arena + m.hblkhd;
        last_answer = held > baseline ? held - baseline : 0;
        last_break = now;
        answered = true;
    }
    return last_answer;
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
