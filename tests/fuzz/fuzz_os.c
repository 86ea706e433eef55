/*
 * fuzz_os.c - a libFuzzer target for os_malloc, os_calloc, os_realloc and
 * os_free (phase4/os/osmem.h): the input is decoded as a list of operations,
 * run against a shadow model of every live block (its size and the bytes
 * it must hold), with os_heap_check and page_check after every operation.
 * Misuse must get the result osmem.h defines.  Built by tests/fuzz/fuzz.mk
 * (make fuzz FUZZ_TARGET=os); seeds in tests/fuzz/corpus/os/.
 *
 * The encoding.  Bytes are read in order; reading past the end gives 0, and
 * the input ends when it is used up or after MAX_OPS operations.  Each
 * operation is one byte OP, then its arguments:
 *   SIZE = C V0 V1   size class C % 8 and value V = V0 | V1 << 8:
 *     0: 1 + V % 16      1: 1 + V % 256       2: 1 + V % 4096
 *     3: 4032 + V % 128 (around a page: os_calloc's threshold)
 *     4: 1 + V % 32768   5: 131008 + V % 128 (around the mmap threshold)
 *     6: 131072 + V % 65536 (mapped)           7: 1 + V % 1024
 *   K = one byte: the block K % live, in allocation order (skipped if none)
 *   OP % 16:
 *     0-3   os_malloc(SIZE)
 *     4     os_calloc(1 + N % 16, SIZE / count) with N one byte before SIZE;
 *           the block must be zeroed
 *     5-7   K: os_free of a live block
 *     8-9   K SIZE: os_realloc of a live block; contents must survive,
 *           and it must stay or move as the assignment's rules say
 *     10    SIZE: os_realloc(NULL, SIZE), an os_malloc
 *     11    K: os_realloc(block, 0), which frees it and returns NULL
 *     12    K: verify a live block and fill it with a new pattern
 *     13    S ...: misuse, S % 8 (see misuse() below): NULL, interior,
 *           freed and foreign pointers; size 0; sizes that overflow or
 *           that the kernel cannot map; each must return NULL or do nothing
 *     14    K: double free (os_free twice, then os_realloc of it)
 *     15    verify every live block, os_heap_reset (and give the break back)
 * An allocation is skipped when MAX_LIVE blocks or MAX_LIVE_BYTES are live.
 * Every block is filled with bytes derived from its own pattern number and
 * verified in full before it is freed, after os_realloc, and at the end.
 * The seeds are written by hand with printf, each named for what it does:
 * printf '\000\004\000\020\005\000' > malloc-free is "os_malloc(4097);
 * os_free it".
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "fuzz_input.h"
#include "os_heap.h"
#include "osmem.h"
#include "page.h"
#include "redzone.h"

enum {
    MAX_OPS = 512,       /* operations per input */
    MAX_LIVE = 64,       /* live blocks at a time */
    STALE = 16,          /* freed pointers remembered for misuse */
};
#define MAX_LIVE_BYTES ((size_t)4 << 20)
#define HUGE_BYTES ((size_t)1 << 60) /* no mmap can give this much */

/* One live block of the shadow model: what it must hold. */
struct live {
    unsigned char *p; /* the payload os_* returned */
    size_t size;      /* the bytes asked for */
    uint32_t pattern; /* its contents: the bytes at fuzz_pattern(pattern) */
};

static struct {
    struct live live[MAX_LIVE]; /* the live blocks, in allocation order */
    size_t nlive, live_bytes;   /* how many, their sizes' sum */
    void *stale[STALE];         /* freed payloads (ring) */
    size_t stale_next;          /* the next slot of the ring */
    uint32_t next_pattern;      /* the next block's pattern number */
} s;

static char foreign[256] __attribute__((aligned(16))); /* never os_*'s */

static void print_problem(void *arg, const char *line)
{
    (void)arg;
    fprintf(stderr, "fuzz_os: check: %s\n", line);
}

/* The checkers, and every block of the model still allocated (misuse
 * must not have freed one). */
static void check_heap(void)
{
    struct diag_report r = {.sink = print_problem};

    os_heap_check(&r);
    page_check(&r);
    if (r.problems != 0)
        fuzz_fail("the heap checker found %d problem(s)", r.problems);
    for (size_t i = 0; i < s.nlive; i++) {
        struct block_meta *b = os_heap_find(s.live[i].p);

        if (b == NULL || b->status == STATUS_FREE)
            fuzz_fail("live block %p (%zu bytes) is no longer allocated",
                 (void *)s.live[i].p, s.live[i].size);
        if (!os_heap_intact(s.live[i].p)) /* debug builds: the red zone */
            fuzz_fail("live block %p (%zu bytes): red zone broken",
                 (void *)s.live[i].p, s.live[i].size);
    }
}

/* ---- the input -------------------------------------------------------- */

static size_t take_size(void)
{
    unsigned c = fuzz_take8() % 8, v = fuzz_take16();

    switch (c) {
    case 0: return 1 + v % 16;
    case 1: return 1 + v % 256;
    case 2: return 1 + v % 4096;
    case 3: return 4032 + v % 128;
    case 4: return 1 + v % 32768;
    case 5: return 131008 + v % 128;
    case 6: return 131072 + v % 65536;
    default: return 1 + v % 1024;
    }
}

/* The index of a live block, or -1 if there is none. */
static long take_live(void)
{
    unsigned k = fuzz_take8();

    return s.nlive == 0 ? -1 : (long)(k % s.nlive);
}

/* ---- the shadow model ------------------------------------------------- */

#define MAX_BLOCK ((size_t)131072 + 65536) /* take_size's largest */
_Static_assert(MAX_BLOCK <= FUZZ_BLOCK_MAX, "patterns too short");
static const unsigned char zeros[MAX_BLOCK];

static void fill(unsigned char *p, size_t len, uint32_t pattern)
{
    memcpy(p, fuzz_pattern(pattern), len);
}

/* The first `len` bytes of block p must be `want`'s. */
static void compare(const unsigned char *p, const unsigned char *want,
                    size_t len, const char *when)
{
    char what[64];

    if (memcmp(p, want, len) == 0)
        return;
    snprintf(what, sizeof what, "block %p", (const void *)p);
    fuzz_compare(p, want, len, when, what);
}

static void verify(const struct live *b, const char *when)
{
    compare(b->p, fuzz_pattern(b->pattern), b->size, when);
}

static void verify_all(const char *when)
{
    for (size_t i = 0; i < s.nlive; i++)
        verify(&s.live[i], when);
}

static bool room_for(size_t size)
{
    return s.nlive < MAX_LIVE && s.live_bytes + size <= MAX_LIVE_BYTES;
}

static void add_live(unsigned char *p, size_t size)
{
    struct live *b = &s.live[s.nlive++];

    *b = (struct live){.p = p, .size = size, .pattern = s.next_pattern++};
    s.live_bytes += size;
    fill(p, size, b->pattern);
}

/* Take block i out of the model (keeping allocation order). */
static struct live remove_live(size_t i)
{
    struct live b = s.live[i];

    memmove(&s.live[i], &s.live[i + 1], (s.nlive - i - 1) * sizeof b);
    s.nlive--;
    s.live_bytes -= b.size;
    return b;
}

static bool is_live(const void *p)
{
    for (size_t i = 0; i < s.nlive; i++)
        if (s.live[i].p == p)
            return true;
    return false;
}

static void remember_freed(void *p)
{
    s.stale[s.stale_next] = p;
    s.stale_next = (s.stale_next + 1) % STALE;
}

/* ---- what osmem.h promises about a block ------------------------------- */

/* p was just returned for `size` bytes with `threshold` (the mmap
 * threshold, or a page for os_calloc): aligned, a block of the right kind
 * and size, overlapping no live block. */
static void validate_new(unsigned char *p, size_t size, size_t threshold,
                         const char *who)
{
    size_t want = OS_ALIGN(size + REDZONE_BYTES);
    int status = OS_META_SIZE + want >= threshold ? STATUS_MAPPED : STATUS_ALLOC;
    struct block_meta *b;

    if (p == NULL)
        fuzz_fail("%s(%zu) returned NULL", who, size);
    if ((uintptr_t)p % OS_ALIGNMENT != 0)
        fuzz_fail("%s(%zu) returned %p, not 8-byte aligned", who, size, (void *)p);
    b = os_heap_find(p);
    if (b == NULL)
        fuzz_fail("%s(%zu) returned %p, which is no block's payload", who, size,
             (void *)p);
    if (b->status != status || b->size < want)
        fuzz_fail("%s(%zu): block of %zu bytes, status %d; expected >= %zu, "
             "status %d", who, size, b->size, b->status, want, status);
    for (size_t i = 0; i < s.nlive; i++)
        if (p < s.live[i].p + s.live[i].size && s.live[i].p < p + size)
            fuzz_fail("%s(%zu) returned %p, inside the live block %p (%zu bytes)",
                 who, size, (void *)p, (void *)s.live[i].p, s.live[i].size);
}

/* Whether os_realloc(p, size) must keep the block where it is, by the
 * assignment's rules: a brk block below the mmap threshold that shrinks,
 * that is the heap's last block, or whose free followers (merged or not)
 * make room; any other block moves, even one those followers would make
 * the last.  Asked before the call. */
static bool realloc_stays(const unsigned char *p, size_t size)
{
    struct block_meta *b = os_heap_find((void *)p);
    size_t want = OS_ALIGN(size + REDZONE_BYTES), room;

    if (b->status == STATUS_MAPPED || OS_META_SIZE + want >= OS_MMAP_THRESHOLD)
        return false;
    if (want <= b->size || b->next == NULL)
        return true;
    room = b->size;
    for (struct block_meta *n = b->next; n != NULL && n->status == STATUS_FREE;
         n = n->next)
        room += OS_META_SIZE + n->size;
    return want <= room;
}

/* p, once a payload, must be free now (FREE on the brk heap, or gone). */
static void expect_freed(void *p, const char *who)
{
    struct block_meta *b = os_heap_find(p);

    if (b != NULL && b->status != STATUS_FREE)
        fuzz_fail("%s(%p): the block is still allocated (status %d)", who, p,
             b->status);
}

/* A live block that misuse must have left alone. */
static void expect_untouched(const struct live *l, const char *who)
{
    struct block_meta *b = os_heap_find(l->p);

    if (b == NULL || b->status == STATUS_FREE)
        fuzz_fail("%s: live block %p was freed", who, (void *)l->p);
    verify(l, who);
}

static void expect_null(const void *p, const char *what)
{
    if (p != NULL)
        fuzz_fail("%s returned %p, not NULL", what, p);
}

/* ---- the operations --------------------------------------------------- */

static void op_malloc(void)
{
    size_t size = take_size();
    unsigned char *p;

    if (!room_for(size))
        return;
    p = os_malloc(size);
    validate_new(p, size, OS_MMAP_THRESHOLD, "os_malloc");
    add_live(p, size);
}

static void op_calloc(void)
{
    size_t count = 1 + fuzz_take8() % 16, elem = take_size() / count;
    unsigned char *p;

    if (elem == 0)
        elem = 1;
    if (!room_for(count * elem))
        return;
    p = os_calloc(count, elem);
    validate_new(p, count * elem, (size_t)getpagesize(), "os_calloc");
    compare(p, zeros, count * elem, "os_calloc");
    add_live(p, count * elem);
}

static void op_free(void)
{
    long k = take_live();
    struct live b;

    if (k < 0)
        return;
    verify(&s.live[k], "before os_free");
    b = remove_live((size_t)k);
    os_free(b.p);
    expect_freed(b.p, "os_free");
    remember_freed(b.p);
}

static void op_realloc(void)
{
    long k = take_live();
    size_t size = take_size();
    struct live old;
    unsigned char *p;
    bool stays;

    if (k < 0 || s.live_bytes - s.live[k].size + size > MAX_LIVE_BYTES)
        return;
    verify(&s.live[k], "before os_realloc");
    stays = realloc_stays(s.live[k].p, size);
    old = remove_live((size_t)k);
    p = os_realloc(old.p, size);
    validate_new(p, size, OS_MMAP_THRESHOLD, "os_realloc");
    if (stays != (p == old.p))
        fuzz_fail("os_realloc(%p, %zu) %s; the assignment's rules say it %s",
                  (void *)old.p, size, p == old.p ? "stayed" : "moved",
                  stays ? "stays" : "moves");
    compare(p, fuzz_pattern(old.pattern), old.size < size ? old.size : size,
            "after os_realloc");
    if (p != old.p) {
        expect_freed(old.p, "os_realloc (moved)");
        remember_freed(old.p);
    }
    add_live(p, size);
}

static void op_realloc_null(void)
{
    size_t size = take_size();
    unsigned char *p;

    if (!room_for(size))
        return;
    p = os_realloc(NULL, size);
    validate_new(p, size, OS_MMAP_THRESHOLD, "os_realloc(NULL)");
    add_live(p, size);
}

static void op_realloc_zero(void)
{
    long k = take_live();
    struct live b;

    if (k < 0)
        return;
    verify(&s.live[k], "before os_realloc(p, 0)");
    b = remove_live((size_t)k);
    expect_null(os_realloc(b.p, 0), "os_realloc(p, 0)");
    expect_freed(b.p, "os_realloc(p, 0)");
    remember_freed(b.p);
}

static void op_rewrite(void)
{
    long k = take_live();

    if (k < 0)
        return;
    verify(&s.live[k], "before rewriting");
    s.live[k].pattern = s.next_pattern++;
    fill(s.live[k].p, s.live[k].size, s.live[k].pattern);
}

static void op_double_free(void)
{
    long k = take_live();
    struct live b;

    if (k < 0)
        return;
    verify(&s.live[k], "before a double free");
    b = remove_live((size_t)k);
    os_free(b.p);
    os_free(b.p);
    expect_freed(b.p, "os_free twice");
    expect_null(os_realloc(b.p, 8), "os_realloc of a freed block");
    remember_freed(b.p);
}

/* A pointer os_* must not take for a block: never NULL, never live. */
static unsigned char *bad_pointer(unsigned how)
{
    long k;
    unsigned char *p;

    switch (how % 3) {
    case 0: /* inside a live block, past its first byte */
        if ((k = take_live()) < 0 || s.live[k].size < 2)
            return NULL;
        return s.live[k].p + 1 + fuzz_take16() % (s.live[k].size - 1);
    case 1: /* freed (and not handed out again since) */
        p = s.stale[fuzz_take8() % STALE];
        return p != NULL && !is_live(p) ? p : NULL;
    default: /* static memory, aligned like a payload or not */
        return (unsigned char *)foreign + fuzz_take8() % (sizeof foreign);
    }
}

static void misuse(void)
{
    unsigned what = fuzz_take8() % 8, v = fuzz_take8();
    unsigned char *p;
    long k;

    switch (what) {
    case 0:
        os_free(NULL);
        expect_null(os_realloc(NULL, 0), "os_realloc(NULL, 0)");
        break;
    case 1: /* os_free of a pointer it did not hand out does nothing */
        if ((p = bad_pointer(v)) != NULL)
            os_free(p);
        break;
    case 2: /* os_realloc of such a pointer returns NULL */
        if ((p = bad_pointer(v)) != NULL)
            expect_null(os_realloc(p, take_size()), "os_realloc(bad pointer)");
        break;
    case 3: /* size 0 */
        expect_null(os_malloc(0), "os_malloc(0)");
        expect_null(os_calloc(0, 1 + v), "os_calloc(0, n)");
        expect_null(os_calloc(1 + v, 0), "os_calloc(n, 0)");
        break;
    case 4: /* sizes that overflow */
        expect_null(os_malloc(SIZE_MAX - v), "os_malloc(SIZE_MAX - v)");
        expect_null(os_calloc(SIZE_MAX / 2 + 1 + v, 2 + v % 3),
                    "os_calloc overflowing");
        expect_null(os_calloc(SIZE_MAX - v, 1), "os_calloc(SIZE_MAX - v, 1)");
        expect_null(os_realloc(NULL, SIZE_MAX - v), "os_realloc(NULL, huge)");
        break;
    case 5: /* sizes no mmap can give */
        expect_null(os_malloc(HUGE_BYTES + v), "os_malloc(2^60 + v)");
        expect_null(os_calloc((size_t)1 << 30, ((size_t)1 << 30) + v),
                    "os_calloc(2^30, 2^30 + v)");
        break;
    case 6: /* a live block grown beyond reach is left as it was */
        if ((k = take_live()) < 0)
            break;
        expect_null(os_realloc(s.live[k].p, SIZE_MAX - v),
                    "os_realloc(p, SIZE_MAX - v)");
        expect_untouched(&s.live[k], "os_realloc(p, SIZE_MAX - v)");
        expect_null(os_realloc(s.live[k].p, HUGE_BYTES + v),
                    "os_realloc(p, 2^60 + v)");
        expect_untouched(&s.live[k], "os_realloc(p, 2^60 + v)");
        break;
    default: /* a foreign pointer, both ways */
        os_free(foreign + v % sizeof foreign);
        expect_null(os_realloc(foreign + v % sizeof foreign, 1 + v),
                    "os_realloc(foreign)");
        break;
    }
}

/* Forget the heap (os_heap_reset) and give the break back: the heap never
 * shrinks by its specification, but a fuzzer runs millions of heaps in
 * one process.  Only if the break is still where the heap left it. */
static void reset(void)
{
    char *start = (char *)os_heap_start();
    char *end = NULL;

    for (struct block_meta *b = os_heap_first(); b != NULL; b = b->next)
        end = (char *)b + OS_META_SIZE + b->size;
    os_heap_reset();
    if (os_heap_first() != NULL || os_mapped_first() != NULL)
        fuzz_fail("os_heap_reset left blocks behind");
    if (start != NULL && sbrk(0) == end && brk(start) != 0)
        fuzz_fail("brk(%p) failed", (void *)start);
    s.nlive = s.live_bytes = 0;
    memset(s.stale, 0, sizeof s.stale);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_start("fuzz_os", data, size);
    s.next_pattern = 1;
    for (; fuzz_more(MAX_OPS); fuzz_in.op++) {
        switch (fuzz_take8() % 16) {
        case 0: case 1: case 2: case 3: op_malloc(); break;
        case 4: op_calloc(); break;
        case 5: case 6: case 7: op_free(); break;
        case 8: case 9: op_realloc(); break;
        case 10: op_realloc_null(); break;
        case 11: op_realloc_zero(); break;
        case 12: op_rewrite(); break;
        case 13: misuse(); break;
        case 14: op_double_free(); break;
        default: verify_all("before os_heap_reset"); reset(); break;
        }
        check_heap();
    }
    verify_all("at the end");
    reset();
    check_heap();
    return 0;
}
