/*
 * heap.c - the drop-in heap's interface (heap.h): which of the three
 * kinds of block a request becomes, and which a pointer is.
 *
 *   request <= 1024 bytes       small: the thread cache (heap_arena.c) over
 *                               size-class spans (heap_small.c)
 *   request <= 1 MiB            medium: the arena's regions on the chain
 *                               engine (heap_medium.c)
 *   larger                      large: a mapping of its own (heap_large.c),
 *                               as is a block realloc grows past 128 KiB
 *
 * A pointer is classified without trusting it: the segment map says
 * whether it lies in one of our segments, the span record says what that
 * span holds, and only then is the block's own bookkeeping read; anything
 * else must be a large block in the registry.  A pointer that is none of
 * these, or a block freed twice, is reported on standard error and
 * ignored, where the C library would abort.
 *
 * Also here: start-up (the first call, from any thread), fork safety,
 * HEAPCOURSE_CHECK and the summary HEAPCOURSE_STATS prints.  heap.c is the
 * top of the heap: it calls every other file, and none of them calls it
 * (the counters they share are heap_stats.c's).  About 700 lines: each
 * entry point (malloc, free, realloc, memalign, ...) is short, but there
 * are many, and each must classify and check its pointer the same way,
 * which is why they stay together with that classification.
 */
#include "heap_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "heap_annotate.h"
#include "page.h"
#include "redzone.h"

static bool checking; /* HEAPCOURSE_CHECK=1 */

/* ---- reporting -------------------------------------------------------------------- */

/* Where the summary of HEAPCOURSE_STATS goes: a copy of standard error
 * made at start-up, because many programs close standard error in their
 * own exit handlers, which run before ours. */
static int stats_fd = 2;

/* Straight to a file descriptor: stdio may allocate. */
static void say_to(int fd, const char *text)
{
    size_t len = strlen(text);

    while (len > 0) {
        ssize_t n = write(fd, text, len);
        if (n <= 0)
            return;
        text += n;
        len -= (size_t)n;
    }
}

static void say(const char *text)
{
    say_to(2, text);
}

/* Report misuse (an invalid or double free): one line on standard error
 * with the caller's words; never returns an error to the program. */
static void heap_misuse(const char *what, const void *p)
{
    char line[160];

    snprintf(line, sizeof line, "heap: %s (pointer %p): ignored\n", what, p);
    say(line);
}

static void say_problem(void *arg, const char *problem)
{
    char line[DIAG_TEXT_MAX + 64];

    (void)arg;
    snprintf(line, sizeof line, "heap: HEAPCOURSE_CHECK: %s\n", problem);
    say(line);
}

/* HEAPCOURSE_CHECK: the whole heap checked at every call; a problem is
 * reported and the program stopped, before the damage spreads. */
static void check_now(const char *when)
{
    struct diag_report report = {.sink = say_problem};

    heap_check(&report);
    if (report.problems > 0) {
        char line[96];
        snprintf(line, sizeof line, "heap: HEAPCOURSE_CHECK: the heap is "
                                    "corrupt (found %s); stopping\n", when);
        say(line);
        abort();
    }
}

/* ---- start-up and fork ------------------------------------------------------------------ */

static void fork_prepare(void)
{
    heap_arena_lock_all();
    heap_large_lock_all();
    page_lock();
}

static void fork_after(void)
{
    page_unlock();
    heap_large_unlock_all();
    heap_arena_unlock_all();
}

static void print_stats(void);

static atomic_int state; /* 0 not started, 1 starting, 2 ready */

/* Set up on the first call.  The state becomes ready before anything that
 * may allocate (pthread_atfork, atexit), so such calls are served. */
static void start_now(void)
{
    int expected = 0;
    const char *env;

    if (!atomic_compare_exchange_strong(&state, &expected, 1)) {
        while (atomic_load_explicit(&state, memory_order_acquire) != 2)
            sched_yield();
        return;
    }
    heap_stats_init();
    heap_integrity_init();
    heap_small_init();
    heap_arena_init();
    env = getenv("HEAPCOURSE_CHECK");
    checking = env != NULL && strcmp(env, "1") == 0;
    atomic_store_explicit(&state, 2, memory_order_release);
    pthread_atfork(fork_prepare, fork_after, fork_after);
    if (heap_counting) {
        int fd = fcntl(2, F_DUPFD_CLOEXEC, 10);
        stats_fd = fd >= 0 ? fd : 2;
        atexit(print_stats);
    }
}

static inline void start(void)
{
    if (__builtin_expect(atomic_load_explicit(&state, memory_order_acquire)
                         != 2, 0))
        start_now();
}

/* ---- what a pointer is ---------------------------------------------------------------- */

enum block_kind { BLOCK_NONE, BLOCK_SMALL, BLOCK_MEDIUM, BLOCK_LARGE };

struct block_info {
    enum block_kind kind;
    struct segment *seg;
    struct span *span;      /* SMALL: its span; MEDIUM: its region's first */
    size_t usable;
};

/* Classify p, reading only our own records (see the top of the file). */
static struct block_info classify(void *p)
{
    struct block_info b = {.kind = BLOCK_NONE};

    if (heap_segment_owns(p)) {
        size_t i = heap_span_index(p);
        b.seg = heap_segment_of(p);
        b.span = &b.seg->spans[i];
        if (b.span->kind == SPAN_SMALL) {
            size_t offset = (size_t)((unsigned char *)p -
                                     heap_span_start(b.seg, i));
            uint32_t index = heap_small_block_index(b.span, offset);
            if ((size_t)index * b.span->block_size == offset &&
                index < b.span->carved) {
                b.kind = BLOCK_SMALL;
                b.usable = b.span->block_size;
            }
        } else if (b.span->kind == SPAN_REGION || b.span->kind == SPAN_INSIDE) {
            b.span = &b.seg->spans[heap_region_first(i)];
            b.kind = BLOCK_MEDIUM;
        }
        return b;
    }
    if ((b.usable = heap_large_usable(p)) > 0)
        b.kind = BLOCK_LARGE;
    return b;
}

/* Is a small or medium block of ours free already?  A free small block's
 * link is sealed (heap_integrity.c), so a block is searched for only when
 * it is: on this thread's cache, then on its span's free list.  Under
 * valgrind the words are not read and both are always searched.  A medium
 * block's tag says free; one on this thread's cache (its tag still says
 * allocated) is found by a look through its bin there (at most 8).  A
 * block on another thread's cache looks allocated: see
 * phase4/heap/README.md, "Known limits".  A freed large block has left the
 * registry: classify finds nothing. */
static bool freed_already(void *p, const struct block_info *b)
{
    bool listed;

    switch (b->kind) {
    case BLOCK_SMALL:
        if (!heap_on_valgrind() &&
            !heap_link_sealed(heap_meta_peek(p, 0), heap_meta_peek(p, 1)))
            return false;
        if (heap_cache_holds(b->span->size_class, p))
            return true;
        heap_arena_lock(b->seg->arena);
        listed = heap_small_listed(b->span, p);
        heap_arena_unlock(b->seg->arena);
        return listed;
    case BLOCK_MEDIUM:
        /* Its own tag: no lock needed (see release). */
        return heap_medium_valid(b->span, p) &&
               heap_cache_medium_holds(p, heap_medium_usable(p));
    default:
        return false;
    }
}

/* A medium pointer whose tag is not that of an allocated block: a block
 * freed already, or a pointer inside one; a tag that was overwritten
 * stops the program (heap_medium_diagnose walks the region). */
static enum medium_verdict medium_why(const struct block_info *b, void *p)
{
    enum medium_verdict verdict;

    heap_arena_lock(b->seg->arena);
    verdict = heap_medium_diagnose(b->span, p);
    heap_arena_unlock(b->seg->arena);
    return verdict;
}

/* ---- red zones (debug builds: common/redzone.h) ---------------------------------------- */

#ifdef HEAPCOURSE_DEBUG
/* The tools are told only the bytes asked for, so the zone after them is
 * bookkeeping to them: opened just while the heap writes or reads it. */
static void zone_arm(void *p, size_t usable, size_t want)
{
    heap_meta_open((char *)p + want, usable - want);
    redzone_arm(p, usable, want);
    heap_meta_close((char *)p + want, usable - want);
}

/* The size asked for (SIZE_MAX: the trailer is broken). */
static size_t zone_want(void *p, size_t usable)
{
    char *trailer = (char *)p + usable - REDZONE_TRAILER;
    size_t want;

    heap_meta_open(trailer, REDZONE_TRAILER);
    want = redzone_want(p, usable);
    heap_meta_close(trailer, REDZONE_TRAILER);
    return want;
}

static bool zone_intact(void *p, size_t usable)
{
    size_t want = zone_want(p, usable);
    bool intact;

    if (want == SIZE_MAX)
        return false;
    heap_meta_open((char *)p + want, usable - want);
    intact = redzone_intact(p, usable);
    heap_meta_close((char *)p + want, usable - want);
    return intact;
}

/* A live block of ours whose zone is broken (realloc refuses it). */
static bool zone_broken(void *p, const struct block_info *b)
{
    size_t usable = b->usable;

    if (b->kind == BLOCK_MEDIUM) {
        heap_arena_lock(b->seg->arena);
        usable = heap_medium_valid(b->span, p) ? heap_medium_usable(p) : 0;
        heap_arena_unlock(b->seg->arena);
    }
    return b->kind != BLOCK_NONE && usable > 0 && !zone_intact(p, usable);
}
#else /* a normal build: no red zones, nothing to check */
static void zone_arm(void *p, size_t usable, size_t want)
{
    (void)p, (void)usable, (void)want;
}
static size_t zone_want(void *p, size_t usable)
{
    (void)p;
    return usable;
}
static bool zone_intact(void *p, size_t usable)
{
    (void)p, (void)usable;
    return true;
}
static bool zone_broken(void *p, const struct block_info *b)
{
    (void)p, (void)b;
    return false;
}
#endif

/* ---- the interface ---------------------------------------------------------------------- */

static void count_alloc(size_t usable)
{
    if (!heap_counting)
        return;
    heap_stats_add(&heap_counters.mallocs, NULL, 1);
    heap_stats_add(&heap_counters.live_bytes, &heap_counters.peak_live_bytes,
                   usable);
}

/* A block resized in place from `old` usable bytes to `now`. */
static void count_resize(size_t old, size_t now)
{
    if (!heap_counting)
        return;
    if (now >= old)
        heap_stats_add(&heap_counters.live_bytes,
                       &heap_counters.peak_live_bytes, now - old);
    else
        heap_stats_sub(&heap_counters.live_bytes, old - now);
}

/* Any block of at least `want` bytes aligned to `alignment` (16 or
 * more); zeroed when asked; a mapping of its own when `mapped` (and want
 * is beyond a small block).  n: want and, in debug builds, a red zone. */
static void *allocate(size_t want, size_t alignment, bool zeroed, bool mapped)
{
    void *p = NULL;
    size_t usable, n = want + REDZONE_BYTES;
    bool fresh = false; /* a new mapping: zero already */

#ifdef HEAPCOURSE_DEBUG
    if (want > SIZE_MAX - REDZONE_BYTES) {
        errno = ENOMEM;
        return NULL;
    }
#endif
    start();
    if (checking)
        check_now("before an allocation");
    if (n <= SMALL_MAX && alignment <= HEAP_ALIGN) {
        p = heap_cache_alloc(n);
        usable = p ? heap_small_class_size(heap_small_class(n)) : 0;
    } else if (n <= SMALL_MAX && alignment <= SMALL_MAX) {
        /* Power-of-two classes are aligned to their size in a span. */
        size_t pow2 = HEAP_ALIGN;
        while (pow2 < n || pow2 < alignment)
            pow2 *= 2;
        p = heap_cache_alloc(pow2);
        usable = pow2;
    } else if (n <= MEDIUM_MAX && !mapped) {
        struct arena *a = heap_arena_mine();
        if (n <= MEDIUM_CACHED && alignment <= HEAP_ALIGN &&
            (p = heap_cache_medium_alloc(heap_round_up(n, HEAP_ALIGN))) !=
                NULL) {
            usable = heap_medium_usable(p);
        } else {
            heap_arena_lock(a);
            p = heap_medium_alloc(a, n, alignment);
            usable = p ? heap_medium_usable(p) : 0;
            heap_arena_unlock(a);
        }
    }
    /* Large also when a medium region cannot give the alignment. */
    if (p == NULL && (n > SMALL_MAX || alignment > SMALL_MAX)) {
        p = heap_large_alloc(n, alignment, &fresh);
        usable = p ? heap_large_usable(p) : 0;
    }
    if (p == NULL) {
        errno = ENOMEM;
        return NULL;
    }
    /* The tools are told the size asked for: a write past it, even into
     * the block's rounding, is reported. */
    heap_note_alloc(p, want, zeroed);
    if (zeroed && !fresh)
        memset(p, 0, want);
    zone_arm(p, usable, want);
    count_alloc(usable);
    return p;
}

void *heap_malloc(size_t size)
{
    return allocate(size, HEAP_ALIGN, false, false);
}

void *heap_memalign(size_t alignment, size_t size)
{
    return allocate(size, alignment < HEAP_ALIGN ? HEAP_ALIGN : alignment,
                    false, false);
}

void *heap_calloc(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    return allocate(count * size, HEAP_ALIGN, true, false);
}

enum release_result {
    RELEASED,
    NOT_OURS,      /* not a block of ours (or a large block freed) */
    FREED_ALREADY, /* a small or medium block freed already */
    INSIDE,        /* a pointer inside a medium block */
    ZONE_BROKEN,   /* debug builds: written past its end; kept */
};

/* Free a classified block. */
static enum release_result release(void *p, struct block_info *b)
{
    struct arena *a;

    switch (b->kind) {
    case BLOCK_SMALL:
        /* A block freed by another thread and freed again is left to the
         * checker. */
        if (freed_already(p, b))
            return FREED_ALREADY;
        if (!zone_intact(p, b->usable))
            return ZONE_BROKEN;
        heap_note_free(p, b->usable);
        heap_cache_free(b->seg, b->span, p);
        return RELEASED;
    case BLOCK_MEDIUM:
        /* Reading its own tag needs no lock: the arena changes an
         * allocated block's tag only in prev_size, which is not read. */
        if (!heap_medium_valid(b->span, p))
            return medium_why(b, p) == MEDIUM_FREED ? FREED_ALREADY : INSIDE;
        b->usable = heap_medium_usable(p);
        if (!zone_intact(p, b->usable))
            return ZONE_BROKEN;
        /* A write past its end is found now if the tag after it is
         * broken.  Read without the lock only while no other thread can
         * be changing it; else the arena finds it when it follows it. */
        if (__libc_single_threaded)
            heap_medium_check_next(p);
        switch (heap_cache_medium_free(p, b->usable)) {
        case 1:
            heap_note_free(p, b->usable);
            heap_meta_open(p, 2 * sizeof(void *)); /* its cache link */
            return RELEASED;
        case -1:
            return FREED_ALREADY; /* on this thread's cache already */
        }
        a = b->seg->arena;
        heap_note_free(p, b->usable);
        heap_arena_lock(a);
        heap_medium_free(a, p);
        heap_arena_unlock(a);
        return RELEASED;
    case BLOCK_LARGE:
        if (!zone_intact(p, b->usable))
            return ZONE_BROKEN;
        heap_note_free(p, b->usable);
        return heap_large_free(p) ? RELEASED : NOT_OURS;
    default:
        return NOT_OURS;
    }
}

void heap_free(void *p)
{
    struct block_info b;
    enum release_result result;

    if (p == NULL)
        return;
    start();
    if (checking)
        check_now("before a free");
    b = classify(p);
    result = release(p, &b);
    if (result == ZONE_BROKEN) {
        heap_misuse("free() of a block whose red zone is broken: something "
                    "wrote past its end", p);
        return;
    }
    if (result == NOT_OURS) {
        heap_misuse("free() of a pointer this heap did not hand out (or of "
                    "a large block freed already)", p);
        return;
    }
    if (result == FREED_ALREADY) {
        heap_misuse("free() of a block that is free already (a double free)",
                    p);
        return;
    }
    if (result == INSIDE) {
        heap_misuse("free() of a pointer inside a block", p);
        return;
    }
    if (heap_counting) {
        heap_stats_add(&heap_counters.frees, NULL, 1);
        heap_stats_sub(&heap_counters.live_bytes, b.usable);
    }
}

size_t heap_usable_size(void *p)
{
    struct block_info b;
    size_t usable = 0;

    if (p == NULL)
        return 0;
    start();
    b = classify(p);
    if (b.kind == BLOCK_MEDIUM) {
        heap_arena_lock(b.seg->arena);
        if (heap_medium_valid(b.span, p))
            usable = heap_medium_usable(p);
        heap_arena_unlock(b.seg->arena);
        return usable > 0 ? zone_want(p, usable) : 0;
    }
    return b.usable > 0 ? zone_want(p, b.usable) : 0;
}

void *heap_realloc(void *p, size_t size)
{
    struct block_info b;
    void *fresh;
    size_t n = size + REDZONE_BYTES, old;

    if (p == NULL)
        return heap_malloc(size);
    if (size == 0) { /* glibc: free, and return NULL */
        heap_free(p);
        return NULL;
    }
    start();
    if (checking)
        check_now("before a realloc");
    b = classify(p);
    if (freed_already(p, &b) ||
        (b.kind == BLOCK_MEDIUM && !heap_medium_valid(b.span, p) &&
         medium_why(&b, p) == MEDIUM_FREED)) {
        heap_misuse("realloc() of a block that is free already", p);
        errno = EINVAL;
        return NULL;
    }
    if (zone_broken(p, &b)) {
        heap_misuse("realloc() of a block whose red zone is broken: "
                    "something wrote past its end", p);
        errno = EINVAL;
        return NULL;
    }
    if (n < size) { /* debug builds: no room for the red zone */
        errno = ENOMEM;
        return NULL;
    }
    if (heap_counting)
        heap_stats_add(&heap_counters.reallocs, NULL, 1);
    switch (b.kind) {
    case BLOCK_SMALL:
        if (n <= b.usable && heap_small_class(n) == b.span->size_class &&
            !heap_on_valgrind()) {
            heap_note_resize(p, size, b.usable);
            zone_arm(p, b.usable, size);
            return p;
        }
        break;
    case BLOCK_MEDIUM:
        if (size > SMALL_MAX && size <= MEDIUM_MAX && !heap_on_valgrind()) {
            struct arena *a = b.seg->arena;
            bool resized = false;
            heap_arena_lock(a);
            /* Grown in place only up to GROWN_MAPPED_MIN: a block that
             * keeps growing is better moved to a mapping early (below). */
            if (heap_medium_valid(b.span, p)) {
                old = heap_medium_usable(p);
                if (n <= old || n <= GROWN_MAPPED_MIN)
                    resized = heap_medium_resize(a, p, n);
                b.usable = heap_medium_usable(p);
            }
            heap_arena_unlock(a);
            if (resized) {
                count_resize(old, b.usable);
                heap_note_resize(p, size, b.usable);
                zone_arm(p, b.usable, size);
                return p;
            }
        }
        heap_arena_lock(b.seg->arena);
        b.usable = heap_medium_valid(b.span, p) ? heap_medium_usable(p) : 0;
        heap_arena_unlock(b.seg->arena);
        if (b.usable == 0)
            b.kind = BLOCK_NONE;
        break;
    case BLOCK_LARGE: /* resized by mremap down to GROWN_MAPPED_MIN */
        if (size > GROWN_MAPPED_MIN && !heap_on_valgrind()) {
            fresh = heap_large_realloc(p, n);
            if (fresh == NULL) {
                errno = ENOMEM;
                return NULL;
            }
            count_resize(b.usable, heap_large_usable(fresh));
            heap_note_resize(fresh, size, heap_large_usable(fresh));
            zone_arm(fresh, heap_large_usable(fresh), size);
            return fresh;
        }
        break;
    default:
        break;
    }
    if (b.kind == BLOCK_NONE) {
        heap_misuse("realloc() of a pointer this heap did not hand out, or "
                    "of a free block", p);
        errno = EINVAL;
        return NULL;
    }
    /* Move: a new block, the contents, the old block freed.  A block that
     * grows past GROWN_MAPPED_MIN gets a mapping of its own, as glibc's
     * do past its mmap threshold: its next growth is an mremap, which
     * moves page-table entries instead of copying bytes, and it leaves no
     * hole in a region behind when it grows again. */
    fresh = allocate(size, HEAP_ALIGN, false,
                     size > GROWN_MAPPED_MIN && size > b.usable);
    if (fresh == NULL)
        return NULL;
    /* The tools know only the size asked for; the block's rounding is
     * copied too, so it is opened first (it is freed right after). */
    heap_meta_open(p, b.usable);
    old = zone_want(p, b.usable); /* b.usable in a normal build */
    memcpy(fresh, p, size < old ? size : old);
    heap_free(p);
    return fresh;
}

/* ---- giving memory back ----------------------------------------------------------------- */

/* Everything the heap holds but does not use goes back to the kernel: this
 * thread's cached blocks to their spans, each arena's spare region, dirty
 * spans and empty segments, and the kept large mappings.  Other threads'
 * caches are theirs (they are flushed when those threads end). */
size_t heap_trim(void)
{
    size_t before;

    start();
    before = atomic_load(&heap_counters.returned);
    heap_cache_flush_mine();
    for (unsigned i = 0; i < heap_arena_count; i++) {
        struct arena *a = &heap_arenas[i];
        heap_arena_lock(a);
        heap_medium_trim(a);
        heap_spans_trim(a);
        heap_arena_unlock(a);
    }
    heap_large_trim();
    return atomic_load(&heap_counters.returned) - before;
}

/* ---- statistics and the checker --------------------------------------------------------- */

void heap_get_stats(struct heap_stats *out)
{
    start();
    heap_stats_read(out);
}

/* The small spans of one arena: counts and free lists agree. */
static void small_check(struct arena *a, struct diag_report *r)
{
    struct list_node *pos;

    list_for_each(pos, &a->segments) {
        struct segment *seg = list_entry(pos, struct segment, link);
        if (seg->magic != SEGMENT_MAGIC || seg->arena != a) {
            diag_problem(r, "arena %u: a segment header is corrupt", a->index);
            continue;
        }
        for (size_t i = 1; i < SPANS_PER_SEGMENT; i++) {
            struct span *span = &seg->spans[i];
            unsigned char *start = heap_span_start(seg, i);
            size_t free_blocks = 0;
            if (span->kind != SPAN_SMALL)
                continue;
            if (span->used > span->carved || span->carved > span->capacity)
                diag_problem(r, "arena %u span %zu: counts out of range",
                             a->index, i);
            for (void *b = span->free; b != NULL; free_blocks++) {
                size_t off = (size_t)((unsigned char *)b - start);
                if ((unsigned char *)b < start || off >= SPAN_SIZE ||
                    off % span->block_size != 0 ||
                    free_blocks > span->capacity) {
                    diag_problem(r, "arena %u span %zu (%u-byte blocks): "
                                 "its free list leaves the span (a freed "
                                 "block was written to?)", a->index, i,
                                 span->block_size);
                    break;
                }
                if (!heap_link_follow(b, &b)) {
                    diag_problem(r, "arena %u span %zu (%u-byte blocks): "
                                 "the free block at offset %zu was "
                                 "overwritten (its link is broken)",
                                 a->index, i, span->block_size, off);
                    free_blocks = span->capacity + 1; /* counts unknown */
                    break;
                }
            }
            if (free_blocks + span->used != span->carved &&
                free_blocks <= span->capacity)
                diag_problem(r, "arena %u span %zu: %zu free and %u used of "
                             "%u carved blocks", a->index, i, free_blocks,
                             span->used, span->carved);
        }
    }
}

void heap_check(struct diag_report *r)
{
    start();
    for (unsigned i = 0; i < heap_arena_count; i++) {
        struct arena *a = &heap_arenas[i];
        heap_arena_lock(a);
        small_check(a, r);
        heap_medium_check(a, r);
        heap_arena_unlock(a);
    }
    heap_large_check(r);
    heap_cache_check(r);
}

/* HEAPCOURSE_STATS=1: one screen at exit. */
static void print_stats(void)
{
    struct heap_stats s;
    char text[1024];
    size_t free_bytes;

    heap_get_stats(&s);
    free_bytes = s.peak_footprint > s.peak_live_bytes
                     ? s.peak_footprint - s.peak_live_bytes : 0;
    snprintf(text, sizeof text,
             "heap: HEAPCOURSE_STATS\n"
             "  operations   malloc %zu, free %zu, realloc %zu\n"
             "  live bytes   %zu now, %zu at the peak\n"
             "  footprint    %zu bytes now, %zu at the peak (%zu pages of "
             "%zu)\n"
             "  mapped       %zu bytes now, %zu large blocks; %zu bytes "
             "given back\n"
             "  at the peak  %.1f%% of the footprint held live bytes; %zu "
             "bytes were free or overhead\n",
             s.mallocs, s.frees, s.reallocs, s.live_bytes, s.peak_live_bytes,
             s.footprint, s.peak_footprint,
             s.peak_footprint / heap_page_size, heap_page_size,
             s.mapped, s.large_live, s.returned,
             s.peak_footprint == 0 ? 0.0
                 : 100.0 * (double)s.peak_live_bytes / (double)s.peak_footprint,
             free_bytes);
    say_to(stats_fd, text);
}
