/*
 * heap_internal.h - the drop-in heap's structures, for its own files.
 * Grouped by the file that owns each part.  The design, in one picture:
 *
 *   segment (4 MiB, aligned to 4 MiB, from mmap)
 *   +--------+--------+--------+--------+-----   ---+--------+
 *   | header | span 1 | span 2 | span 3 |   ...     | span127|   spans of 32 KiB
 *   +--------+--------+--------+--------+-----   ---+--------+
 *     the header holds one struct span per span: what it is used for
 *
 *   small span   blocks of one size class (16 .. 1024 bytes), no header
 *                per block: a block's class is its span's (slab style)
 *   medium region  64 spans (2 MiB) run by phase 4's chain engine:
 *                blocks with a 16-byte boundary tag, split and merged,
 *                free blocks on size-segregated bins
 *   large block  more than 1 MiB, or grown by realloc past 128 KiB: a
 *                mapping of its own, unmapped on free
 *
 * A pointer finds its segment by rounding down to 4 MiB (after the
 * segment map says that 4 MiB slot is ours), and its span by its offset.
 * Each thread has a cache of free small blocks in front of everything
 * (no lock, no search) and an arena (a lock, segments, partial spans,
 * medium bins) behind it.  The lesson: phase4/heap/README.md.
 *
 * The files, each calling only those below it (the sections below go
 * from the bottom up):
 *   heap.c                  the front: malloc, free, realloc; start-up
 *   heap_arena.c            arenas and thread caches
 *   heap_small.c  heap_medium.c  heap_large.c
 *   heap_integrity.c        sealed links and tags: corruption is noticed
 *   heap_segment.c          segments and spans (large blocks need none)
 *   heap_stats.c            counters and start-up facts, shared by all
 */
#ifndef HEAPCOURSE_HEAP_INTERNAL_H
#define HEAPCOURSE_HEAP_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/single_threaded.h>

#include "chain.h"
#include "heap.h"
#include "list.h"

/* ---- sizes ---------------------------------------------------------------- */

#define HEAP_ALIGN 16                          /* every payload */
#define SEGMENT_SHIFT 22
#define SEGMENT_SIZE ((size_t)1 << SEGMENT_SHIFT) /* 4 MiB */
#define SPAN_SHIFT 15
#define SPAN_SIZE ((size_t)1 << SPAN_SHIFT)    /* 32 KiB */
#define SPANS_PER_SEGMENT (SEGMENT_SIZE / SPAN_SIZE) /* 128; span 0: header */
#define SMALL_MAX 1024                         /* largest small class */
#define SMALL_CLASSES 32
#define REGION_SPANS 64                        /* a medium region: 2 MiB */
#define REGION_SIZE (REGION_SPANS * SPAN_SIZE)
#define CHUNK_HEADER 16                        /* a medium block's tag */
#define MEDIUM_MAX (REGION_SIZE / 2)           /* 1 MiB; beyond: large */
#define MEDIUM_BINS 68                         /* sizes up to REGION_SIZE */
/* realloc moves a block it grows past this to a mapping of its own, which
 * later growth extends with mremap instead of copying (heap.c). */
#define GROWN_MAPPED_MIN ((size_t)128 << 10)
#define ARENAS_MAX 8

#define SEGMENT_MAGIC 0x6865617073656721ull   /* "heapseg!" */

/* Round n up to a multiple of a (a power of two). */
static inline size_t heap_round_up(size_t n, size_t a)
{
    return (n + a - 1) & ~(a - 1);
}

/* ---- heap_stats.c: counters and start-up facts, shared by every file ------------ */

/* Global counters (relaxed atomics: exact when the heap is quiet). */
struct heap_counters {
    atomic_size_t footprint, peak_footprint, mapped, returned, large_live;
    atomic_size_t mallocs, frees, reallocs, live_bytes, peak_live_bytes;
};
extern struct heap_counters heap_counters;
extern bool heap_counting;      /* HEAPCOURSE_STATS=1: calls and live bytes
                                   counted too */
/* The system's page size, read once at start-up. */
extern size_t heap_page_size;

/* At start-up, before anything else: the page size, HEAPCOURSE_STATS and
 * heap_under_valgrind (heap_annotate.h). */
void heap_stats_init(void);
/* Add n to a counter (and raise its peak, if it has one); take n off. */
void heap_stats_add(atomic_size_t *c, atomic_size_t *peak, size_t n);
void heap_stats_sub(atomic_size_t *c, size_t n);
/* A snapshot of the counters (heap_get_stats). */
void heap_stats_read(struct heap_stats *out);

/* ---- heap_segment.c: segments and spans -------------------------------------- */

enum span_kind {
    SPAN_FREE,   /* available; `dirty` if its pages may still be resident */
    SPAN_HEADER, /* span 0: the segment header */
    SPAN_SMALL,  /* blocks of one size class */
    SPAN_REGION, /* the first span of a medium region */
    SPAN_INSIDE, /* a later span of a medium region */
};

/*
 * What one span of a segment is used for.
 * Invariants (heap_check):
 *   a SMALL span: used <= carved <= capacity; its free list holds
 *   carved - used blocks, each inside the span at a multiple of
 *   block_size; it is on its arena's partial list iff it has a free or
 *   uncarved block;
 *   a REGION span is followed by REGION_SPANS - 1 INSIDE spans.
 */
struct span {
    struct list_node link;  /* SMALL: on the arena's partial list */
    uint8_t kind;           /* enum span_kind */
    uint8_t size_class;     /* SMALL: index into the class table */
    bool dirty;             /* FREE: touched since last given back */
    uint32_t block_size;    /* SMALL: bytes per block */
    uint32_t capacity;      /* SMALL: blocks that fit */
    uint32_t carved;        /* SMALL: blocks handed out at least once (the
                               rest of the span is still untouched) */
    uint32_t used;          /* SMALL: blocks out of the span (in use or in
                               a thread cache) */
    uint32_t inverse;       /* SMALL: 2^32 / block_size, rounded up */
    uint32_t touched;       /* bytes from its start that were ever handed
                               out (whole pages): resident until purged */
    void *free;             /* SMALL: free blocks, linked through them */
};

struct arena;

/* The first 32 KiB of every segment. */
struct segment {
    uint64_t magic;                 /* SEGMENT_MAGIC */
    struct arena *arena;            /* the arena that owns it */
    struct list_node link;          /* on the arena's segment list */
    size_t free_spans;              /* spans of kind FREE */
    struct span spans[SPANS_PER_SEGMENT];
};

/* The segment a pointer into one lies in (rounding down to 4 MiB). */
static inline struct segment *heap_segment_of(const void *p)
{
    return (struct segment *)((uintptr_t)p & ~(SEGMENT_SIZE - 1));
}

static inline size_t heap_span_index(const void *p)
{
    return ((uintptr_t)p & (SEGMENT_SIZE - 1)) >> SPAN_SHIFT;
}

static inline unsigned char *heap_span_start(struct segment *seg, size_t index)
{
    return (unsigned char *)seg + index * SPAN_SIZE;
}

/* The first span of the medium region that holds span `index`. */
static inline size_t heap_region_first(size_t index)
{
    return index & ~(size_t)(REGION_SPANS - 1);
}

/* `length` bytes newly mapped at an address where start + lead is a
 * multiple of `alignment` (a power of two, a multiple of the page size):
 * a segment (lead 0), a large block aligned beyond a page (lead: its
 * header's page).  NULL if the kernel refuses. */
unsigned char *heap_map_aligned(size_t length, size_t alignment, size_t lead);

/* Is p inside a segment of ours (a lookup in the segment map, safe for any
 * pointer)? */
bool heap_segment_owns(const void *p);

/* `count` contiguous free spans of the arena's segments (mapping a new
 * segment if none has them), starting at a multiple of `count`, marked
 * `kind`; NULL if the kernel refuses.  The arena is locked.  (Small spans
 * take 1; a medium region takes REGION_SPANS, so a region starts at a
 * span index that is a multiple of 64: one per segment.) */
struct span *heap_spans_take(struct arena *a, size_t count,
                             enum span_kind kind);

/* Blocks up to `end` bytes from the start of `first` (a run of `count`
 * spans) are handed out: count the pages newly touched in the footprint. */
void heap_spans_touch(struct span *first, size_t count, size_t end);

/* Give `count` spans from `first` back to their segment (the arena is
 * locked); their pages go back to the kernel when the arena's dirty bytes
 * pass a limit, and an empty segment is unmapped. */
void heap_spans_give(struct arena *a, struct span *first, size_t count);

/* heap_trim: every dirty free span of the arena back to the kernel, and
 * every segment with no span in use unmapped (the arena locked). */
void heap_spans_trim(struct arena *a);

/* The span record's segment and index. */
struct segment *heap_span_segment(const struct span *span);
size_t heap_span_number(const struct span *span);

/* ---- heap_integrity.c: sealed links and tags, and the stop ----------------------- */

extern uintptr_t heap_link_key, heap_seal_key; /* free-list links */
extern uint32_t heap_tag_key;                  /* medium tags */

/* At start-up, before the first block: the keys, from the kernel's random
 * bytes. */
void heap_integrity_init(void);

/* One line "heap: heap corruption: WHAT; stopping" on standard error, and
 * abort(): the heap found its bookkeeping overwritten. */
_Noreturn void heap_corrupt(const char *format, ...)
    __attribute__((format(printf, 1, 2)));
/* The link of a free block does not pass its seal: say which block. */
_Noreturn void heap_link_broken(const void *block);

/*
 * A free block's link: its first two words (every block has 16 bytes).
 *   word 0  the next block's address ^ this block's address ^ heap_link_key
 *   word 1  word 0 ^ heap_seal_key
 * The caller opens the two words to the tools (heap_annotate.h).
 */
static inline void heap_link_write(void *block, const void *next)
{
    uintptr_t *word = block;

    word[0] = (uintptr_t)next ^ (uintptr_t)block ^ heap_link_key;
    word[1] = word[0] ^ heap_seal_key;
}

/* Is this block's link sealed, as every free block's is?  (A live block
 * matches only if the program wrote the secret pair: see heap.c's
 * double-free test.) */
static inline bool heap_link_sealed(uintptr_t word0, uintptr_t word1)
{
    return (word0 ^ word1) == heap_seal_key;
}

/* The next block after a free one; a broken seal stops the program. */
static inline void *heap_link_read(void *block)
{
    const uintptr_t *word = block;

    if (__builtin_expect(!heap_link_sealed(word[0], word[1]), 0))
        heap_link_broken(block);
    return (void *)(word[0] ^ (uintptr_t)block ^ heap_link_key);
}

/* heap_link_read without the stop: false (nothing followed) if broken. */
static inline bool heap_link_try(void *block, void **next)
{
    const uintptr_t *word = block;

    if (!heap_link_sealed(word[0], word[1]))
        return false;
    *next = (void *)(word[0] ^ (uintptr_t)block ^ heap_link_key);
    return true;
}

/* For the checkers and the double-free search: heap_link_try on a free
 * block's two words, opened to the tools around the read. */
bool heap_link_follow(void *block, void **next);

/* ---- heap_small.c: size classes and small spans --------------------------------- */

/* The class of a request of n <= SMALL_MAX bytes (a table lookup), and a
 * class's size. */
extern uint8_t heap_small_class_of[SMALL_MAX / 16 + 1];
static inline unsigned heap_small_class(size_t n)
{
    return heap_small_class_of[(n + 15) / 16];
}
size_t heap_small_class_size(unsigned size_class);
void heap_small_init(void);

/* The index of the block at `offset` bytes into a small span. */
static inline uint32_t heap_small_block_index(const struct span *span,
                                              size_t offset)
{
    return (uint32_t)(((uint64_t)offset * span->inverse) >> 32);
}

/* Up to `want` free blocks of a class from the arena's spans (the arena
 * locked), linked through their first word; returns how many. */
size_t heap_small_take(struct arena *a, unsigned size_class, size_t want,
                       void **list);

/* Give one small block back to its span (its arena locked). */
void heap_small_give(struct arena *a, struct span *span, void *block);
/* Is the block on its span's free list (the arena locked)? */
bool heap_small_listed(struct span *span, const void *block);

/* ---- heap_medium.c: medium blocks on the chain engine ----------------------------- */

/*
 * The boundary tag before every medium payload.
 * Invariants (heap_check, with the engine's chain_check):
 *   size is a multiple of 16 and >= 16; the chunks of a region tile it:
 *   the first at the region's start (FIRST), each next one right after
 *   the previous payload, the last (LAST) ending at the region's end;
 *   prev_size is the previous chunk's size (0 for the first);
 *   check is heap_tag_check(the tag's address, size, flags), tested at
 *   every read (heap_integrity.c);
 *   no two neighbours are both FREE; a FREE chunk is on the bin of its
 *   size, an allocated one on none.
 */
struct chunk {
    uint32_t prev_size; /* payload bytes of the chunk before it */
    uint32_t size;      /* payload bytes */
    uint32_t flags;     /* CHUNK_FREE, CHUNK_FIRST, CHUNK_LAST */
    uint32_t check;     /* heap_tag_check: an overwritten tag is noticed */
};

enum {
    CHUNK_FREE = 1u << 0,
    CHUNK_FIRST = 1u << 1,
    CHUNK_LAST = 1u << 2,
};

/* The check word of the tag at c: its size, flags and address mixed with
 * the secret heap_tag_key (multiplying by odd constants spreads each into
 * every bit), so a tag overwritten, or copied from elsewhere, fails. */
static inline uint32_t heap_tag_check(const struct chunk *c, uint32_t size,
                                      uint32_t flags)
{
    uint32_t where = (uint32_t)((uintptr_t)c >> 4);

    return heap_tag_key ^ size ^ (flags * 0x9e3779b1u) ^
           (where * 0x85ebca6bu);
}

/* A tag read from c, in a region ending at `end`: is it sound (its check
 * word right, its size a multiple of 16 that fits the region)? */
static inline bool heap_tag_sound(const struct chunk *c, struct chunk tag,
                                  const unsigned char *end)
{
    return tag.check == heap_tag_check(c, tag.size, tag.flags) &&
           tag.size % HEAP_ALIGN == 0 && tag.size >= HEAP_ALIGN &&
           (const unsigned char *)c + CHUNK_HEADER + tag.size <= end;
}

static inline unsigned char *heap_chunk_payload(const struct chunk *c)
{
    return (unsigned char *)c + CHUNK_HEADER;
}

static inline struct chunk *heap_chunk_of(const void *payload)
{
    return (struct chunk *)((unsigned char *)payload - CHUNK_HEADER);
}

/* The bin of a free chunk of `size` payload bytes: 16 bytes apart below
 * 256, then four bins per doubling. */
unsigned heap_medium_bin(size_t size);
void heap_medium_init(struct arena *a);
void *heap_medium_alloc(struct arena *a, size_t n, size_t alignment);
void heap_medium_free(struct arena *a, void *p);
/* Grow or shrink in place: true if the block now holds n bytes. */
bool heap_medium_resize(struct arena *a, void *p, size_t n);
/* The payload bytes of the medium block at p. */
size_t heap_medium_usable(const void *payload);
/* Is p the payload of an allocated chunk of the region at `span`?  (Its
 * own tag only: no lock needed.) */
bool heap_medium_valid(struct span *region, const void *p);
/* Why is p not (heap_medium_valid)?  The region walked from its start (the
 * arena locked): a tag on the way that is overwritten stops the program
 * (heap_corrupt); else p is a free block or inside one. */
enum medium_verdict { MEDIUM_FREED, MEDIUM_INSIDE };
enum medium_verdict heap_medium_diagnose(struct span *region, const void *p);
/* Before a free without the lock, while only one thread runs: the tag
 * after the block at p is sound, or the program stops. */
void heap_medium_check_next(const void *p);
/* heap_trim: the arena's spare empty region goes back to its segment. */
void heap_medium_trim(struct arena *a);
void heap_medium_check(struct arena *a, struct diag_report *r);

/* ---- heap_large.c: blocks mapped on their own --------------------------------------- */

/* A new large block; *fresh tells whether it is a new mapping (zeroed by
 * the kernel) or a kept one. */
void *heap_large_alloc(size_t n, size_t alignment, bool *fresh);
bool heap_large_free(void *p);           /* false: not a large block of ours */
size_t heap_large_usable(const void *p); /* 0: not a large block of ours */
void *heap_large_realloc(void *p, size_t n);
void heap_large_trim(void);              /* unmap every kept mapping */
void heap_large_lock_all(void);
void heap_large_unlock_all(void);
void heap_large_check(struct diag_report *r);
/* Read-only, for pictures (heap_draw.c): the payload bytes of up to `max`
 * live large blocks (any order), the kept mappings' bytes; returns the
 * number of live large blocks. */
size_t heap_large_list(size_t *sizes, size_t max, size_t *kept_total);

/* ---- heap_arena.c: arenas and thread caches ------------------------------------------- */

/* Aligned to a cache line, so that one arena's lock never shares a line
 * with the busy end of another. */
struct arena {
    _Alignas(64) atomic_flag lock;      /* a spin lock: see heap_arena_lock */
    unsigned index;
    list_head segments;                 /* struct segment, by link */
    list_head partial[SMALL_CLASSES];   /* small spans with free blocks */
    list_head bins[MEDIUM_BINS];        /* free medium chunks by size */
    struct chain engine;                /* medium chunks: split, merge */
    struct span *spare_region;          /* one empty region kept */
    size_t dirty_bytes;                 /* free spans not yet purged */
};

/* Lock an arena.  A spin lock: the work under it is short (a split, a
 * merge, a batch for the cache), so a thread that finds it taken tries
 * again, and after a while lets others run; taking it is one atomic
 * exchange and releasing it a plain store, against a pthread mutex's two
 * atomic operations and two calls.  With only one thread in the process
 * nobody can be in the arena at the same time, and glibc says so in
 * __libc_single_threaded (false from the first pthread_create on, never
 * set back), so the lock is skipped. */
void heap_arena_lock_slow(struct arena *a);

static inline void heap_arena_lock_always(struct arena *a)
{
    if (atomic_flag_test_and_set_explicit(&a->lock, memory_order_acquire))
        heap_arena_lock_slow(a);
}

static inline void heap_arena_unlock_always(struct arena *a)
{
    atomic_flag_clear_explicit(&a->lock, memory_order_release);
}

static inline void heap_arena_lock(struct arena *a)
{
    if (!__libc_single_threaded)
        heap_arena_lock_always(a);
}

static inline void heap_arena_unlock(struct arena *a)
{
    if (!__libc_single_threaded)
        heap_arena_unlock_always(a);
}

extern struct arena heap_arenas[ARENAS_MAX];
extern unsigned heap_arena_count;

/* At start-up: every arena empty, the number in use from the CPUs. */
void heap_arena_init(void);
/* This thread's arena (chosen at its first call). */
struct arena *heap_arena_mine(void);
void heap_arena_lock_all(void);
void heap_arena_unlock_all(void);

/* The thread cache: small blocks freed or taken in batches. */
void *heap_cache_alloc(size_t n);
void heap_cache_free(struct segment *seg, struct span *span, void *block);
/* And medium blocks up to MEDIUM_CACHED bytes, kept whole as they were
 * freed: a payload of at least `size` (rounded to 16) bytes, or NULL; and
 * 1 (kept), 0 (the cache is full: free it to the arena) or -1 (it is on
 * the cache already: a double free). */
#define MEDIUM_CACHED 32768
void *heap_cache_medium_alloc(size_t size);
int heap_cache_medium_free(void *p, size_t usable);
/* Is the medium block p (of `usable` bytes) on this thread's cache, that
 * is, freed already?  At most MEDIUM_DEPTH blocks are compared. */
bool heap_cache_medium_holds(const void *p, size_t usable);
void heap_cache_flush_mine(void);
/* The heap checker's part: this thread's cache lists. */
void heap_cache_check(struct diag_report *r);
/* Is this small block on this thread's cache list of its class? */
bool heap_cache_holds(unsigned size_class, const void *block);

#endif
