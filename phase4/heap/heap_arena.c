/*
 * heap_arena.c - arenas and the thread cache in front of them.
 *
 * An arena is a lock and what it guards: segments, the partial spans of
 * each small class, the medium bins.  Each thread is given one arena at
 * its first call, round robin, so threads mostly take different locks.
 *
 * In front, each thread keeps a cache of free small blocks per class: a
 * list through the blocks themselves and a count.  malloc pops, free
 * pushes: no lock and no search on the common path.  An empty list is
 * refilled with a batch from the arena (one lock for many blocks); a list
 * grown past its limit gives half back, each block to the arena that owns
 * its span.  The cost: up to CACHE_LIMIT blocks per class per thread sit
 * idle, and a thread's cache is given back only when the thread ends.
 */
#include "heap_internal.h"

#include <sched.h>
#include <unistd.h>

#include "heap_annotate.h"

enum {
    CACHE_LIMIT = 64,       /* small blocks a class's list may hold */
    BATCH_BYTES = 8192,     /* a refill takes about this many bytes */
    MEDIUM_DEPTH = 8,       /* medium blocks a bin's list may hold */
    MEDIUM_BINS_CACHED = 48 /* the bins of sizes up to MEDIUM_CACHED */
};

struct arena heap_arenas[ARENAS_MAX];
unsigned heap_arena_count = 1;
static atomic_uint next_arena;

/*
 * One per thread.  `initial-exec`: the cache is in the thread's static TLS
 * block, reached with no function call (a dynamic TLS access may itself
 * call malloc, which would recurse).
 */
struct thread_cache {
    void *list[SMALL_CLASSES];      /* free blocks, linked by first word */
    uint32_t count[SMALL_CLASSES];
    void *medium[MEDIUM_BINS_CACHED]; /* freed medium payloads, by bin */
    uint8_t medium_count[MEDIUM_BINS_CACHED];
    struct arena *arena;            /* this thread's arena, once chosen */
    bool registered;                /* its flush at thread exit is set up */
    bool gone;                      /* flushed at thread exit: no caching */
};
static __thread struct thread_cache cache
    __attribute__((tls_model("initial-exec")));

static pthread_key_t exit_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void thread_exit(void *arg)
{
    (void)arg;
    heap_cache_flush_mine();
    cache.gone = true;
}

static void key_create(void)
{
    pthread_key_create(&exit_key, thread_exit);
}

struct arena *heap_arena_mine(void)
{
    if (cache.arena == NULL) {
        unsigned n = atomic_fetch_add(&next_arena, 1);
        cache.arena = &heap_arenas[n % heap_arena_count];
    }
    if (!cache.registered) {
        /* Set first: pthread_setspecific may allocate, and that malloc
         * comes back here. */
        cache.registered = true;
        pthread_once(&key_once, key_create);
        pthread_setspecific(exit_key, &cache);
    }
    return cache.arena;
}

void heap_arena_lock_slow(struct arena *a)
{
    for (unsigned tries = 0;
         atomic_flag_test_and_set_explicit(&a->lock, memory_order_acquire);
         tries++)
        if (tries >= 64)
            sched_yield();
}

/* Around fork: every arena held, so the child finds none half changed. */
void heap_arena_lock_all(void)
{
    for (unsigned i = 0; i < heap_arena_count; i++)
        heap_arena_lock_always(&heap_arenas[i]);
}

void heap_arena_unlock_all(void)
{
    for (unsigned i = 0; i < heap_arena_count; i++)
        heap_arena_unlock_always(&heap_arenas[i]);
}

/* ---- the cache's lists ---------------------------------------------------------- */

/* A free block's first two words link it, sealed (heap_integrity.c); the
 * bookkeeping is opened for the tools around each access. */
static void *next_of(void *block)
{
    void *next;

    heap_meta_open(block, 2 * sizeof(void *));
    next = heap_link_read(block);
    heap_meta_close(block, 2 * sizeof(void *));
    return next;
}

static void set_next(void *block, void *next)
{
    heap_meta_open(block, 2 * sizeof(void *));
    heap_link_write(block, next);
    heap_meta_close(block, 2 * sizeof(void *));
}

static size_t batch_of(unsigned size_class)
{
    size_t n = BATCH_BYTES / heap_small_class_size(size_class);

    return n < 4 ? 4 : n > 32 ? 32 : n;
}

void *heap_cache_alloc(size_t n)
{
    unsigned c = heap_small_class(n);
    struct arena *a = heap_arena_mine();
    void *block = cache.list[c];

    if (block == NULL) {
        void *list;
        size_t got;

        heap_arena_lock(a);
        got = heap_small_take(a, c, cache.gone ? 1 : batch_of(c), &list);
        heap_arena_unlock(a);
        if (got == 0)
            return NULL;
        block = list;
        cache.count[c] += (uint32_t)got;
    }
    cache.list[c] = next_of(block);
    cache.count[c]--;
    /* Break the seal (heap.c's double-free test looks for it), so a later
     * free of this block costs no search. */
    heap_meta_open(block, 2 * sizeof(void *));
    ((uintptr_t *)block)[1] = ((uintptr_t *)block)[0];
    return block;
}

/* Give the oldest `keep`-exceeding blocks of class c back to their spans,
 * locking each owner arena in turn. */
static void give_back(unsigned c, size_t keep)
{
    struct arena *locked = NULL;

    while (cache.count[c] > keep) {
        void *block = cache.list[c];
        struct segment *seg = heap_segment_of(block);

        cache.list[c] = next_of(block);
        cache.count[c]--;
        if (seg->arena != locked) {
            if (locked != NULL)
                heap_arena_unlock(locked);
            locked = seg->arena;
            heap_arena_lock(locked);
        }
        heap_meta_open(block, 2 * sizeof(void *));
        heap_small_give(locked, &seg->spans[heap_span_index(block)], block);
        heap_meta_close(block, 2 * sizeof(void *));
    }
    if (locked != NULL)
        heap_arena_unlock(locked);
}

void heap_cache_free(struct segment *seg, struct span *span, void *block)
{
    unsigned c = span->size_class;

    (void)seg;
    set_next(block, cache.list[c]);
    cache.list[c] = block;
    cache.count[c]++;
    if (cache.gone)
        give_back(c, 0);
    else if (cache.count[c] > CACHE_LIMIT)
        give_back(c, CACHE_LIMIT / 2);
}

/* ---- medium blocks ------------------------------------------------------------------ */

/*
 * A medium block freed by the program is kept here whole (its region still
 * counts it as allocated), for the next request of about its size: the
 * common pattern of freeing a buffer and asking for one like it again
 * then costs no lock, no split and no merge.  Each bin keeps at most
 * MEDIUM_DEPTH blocks; the rest go back to the arena and merge there.
 */
void *heap_cache_medium_alloc(size_t size)
{
    unsigned b = heap_medium_bin(size);

    for (unsigned bin = b; bin <= b + 1 && bin < MEDIUM_BINS_CACHED; bin++) {
        void *before = NULL; /* the block linked to p, or NULL: the head */
        void *p = cache.medium[bin];
        for (unsigned tries = 0; p != NULL && tries < 4; tries++) {
            void *next = next_of(p);
            if (heap_medium_usable(p) >= size) {
                if (before == NULL)
                    cache.medium[bin] = next;
                else
                    set_next(before, next);
                cache.medium_count[bin]--;
                return p;
            }
            before = p;
            p = next;
        }
    }
    return NULL;
}

bool heap_cache_medium_holds(const void *p, size_t usable)
{
    if (usable > MEDIUM_CACHED)
        return false;
    for (void *q = cache.medium[heap_medium_bin(usable)]; q != NULL;
         q = next_of(q))
        if (q == p)
            return true;
    return false;
}

int heap_cache_medium_free(void *p, size_t usable)
{
    unsigned b;

    if (usable > MEDIUM_CACHED || cache.gone)
        return 0;
    if (heap_cache_medium_holds(p, usable))
        return -1;
    b = heap_medium_bin(usable);
    if (cache.medium_count[b] >= MEDIUM_DEPTH)
        return 0;
    set_next(p, cache.medium[b]);
    cache.medium[b] = p;
    cache.medium_count[b]++;
    return 1;
}

void heap_cache_flush_mine(void)
{
    for (unsigned c = 0; c < SMALL_CLASSES; c++)
        give_back(c, 0);
    for (unsigned b = 0; b < MEDIUM_BINS_CACHED; b++)
        while (cache.medium[b] != NULL) {
            void *p = cache.medium[b];
            struct arena *a = heap_segment_of(p)->arena;
            cache.medium[b] = next_of(p);
            cache.medium_count[b]--;
            heap_arena_lock(a);
            heap_medium_free(a, p);
            heap_arena_unlock(a);
        }
}

/* Is block on this thread's cache list for its class?  (A double free.) */
bool heap_cache_holds(unsigned c, const void *block)
{
    for (void *b = cache.list[c]; b != NULL; b = next_of(b))
        if (b == block)
            return true;
    return false;
}

/* The thread cache's part of the heap check: every block on its small
 * lists is in a small span of the list's class, every one on its medium
 * lists a medium block. */
void heap_cache_check(struct diag_report *r)
{
    for (unsigned c = 0; c < SMALL_CLASSES; c++) {
        size_t n = 0;
        for (void *b = cache.list[c]; b != NULL; n++) {
            struct span *span;
            if (!heap_segment_owns(b) || n > cache.count[c]) {
                diag_problem(r, "thread cache, class %zu bytes: a link "
                             "points outside the heap (a freed block "
                             "was written to?)", heap_small_class_size(c));
                break;
            }
            span = &heap_segment_of(b)->spans[heap_span_index(b)];
            if (span->kind != SPAN_SMALL || span->size_class != c) {
                diag_problem(r, "thread cache, class %zu bytes: holds a "
                             "block of another kind",
                             heap_small_class_size(c));
                break;
            }
            if (!heap_link_follow(b, &b)) {
                diag_problem(r, "thread cache, class %zu bytes: the free "
                             "block at %p was overwritten (its link is "
                             "broken)", heap_small_class_size(c), b);
                n = cache.count[c];
                break;
            }
        }
        if (n != cache.count[c])
            diag_problem(r, "thread cache, class %zu bytes: %zu blocks, "
                         "but the count says %u", heap_small_class_size(c), n,
                         cache.count[c]);
    }
    /* The medium lists: blocks in regions, at most MEDIUM_DEPTH a bin. */
    for (unsigned b = 0; b < MEDIUM_BINS_CACHED; b++) {
        size_t n = 0;
        for (void *p = cache.medium[b]; p != NULL; n++) {
            struct span *span;
            if (!heap_segment_owns(p) || n > MEDIUM_DEPTH) {
                diag_problem(r, "thread cache, medium bin %u: a link points "
                             "outside the heap (a freed block was written "
                             "to?)", b);
                break;
            }
            span = &heap_segment_of(p)->spans[
                heap_region_first(heap_span_index(p))];
            if (span->kind != SPAN_REGION || !heap_medium_valid(span, p)) {
                diag_problem(r, "thread cache, medium bin %u: holds "
                             "something that is not a medium block", b);
                break;
            }
            if (!heap_link_follow(p, &p)) {
                diag_problem(r, "thread cache, medium bin %u: the freed "
                             "block at %p was overwritten (its link is "
                             "broken)", b, p);
                n = cache.medium_count[b];
                break;
            }
        }
        if (n != cache.medium_count[b])
            diag_problem(r, "thread cache, medium bin %u: %zu blocks, but "
                         "the count says %u", b, n, cache.medium_count[b]);
    }
}

/* ---- set up ------------------------------------------------------------------------- */

void heap_arena_init(void)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);

    heap_arena_count = cpus < 1 ? 1 : cpus * 2 > ARENAS_MAX ? ARENAS_MAX
                                                            : (unsigned)cpus * 2;
    for (unsigned i = 0; i < ARENAS_MAX; i++) {
        struct arena *a = &heap_arenas[i];
        atomic_flag_clear(&a->lock);
        a->index = i;
        list_init(&a->segments);
        for (unsigned c = 0; c < SMALL_CLASSES; c++)
            list_init(&a->partial[c]);
        heap_medium_init(a);
    }
}
