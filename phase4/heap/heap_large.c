/*
 * heap_large.c - large blocks (more than 1 MiB, or grown by realloc past
 * 128 KiB): each is a mapping of its own, with a small header at its
 * start, given back with munmap the moment it is freed, and grown or
 * shrunk with mremap, which moves pages instead of copying bytes.  Like
 * glibc's mmap threshold: a large block costs at most a page of waste and
 * two system calls, and it never fragments the rest of the heap.
 *
 * Programs often free a large buffer and ask for one of about its size
 * again (a growing string, a file read in chunks).  A fresh mapping costs
 * two system calls and a page fault for every page the program touches,
 * so freed mappings (each at most 8 MiB) are kept, mapped, and the next
 * large request takes the closest in size and resizes it with mremap, the
 * way glibc raises its mmap threshold after a free.  How much is kept
 * follows the heap's size: a sixteenth of its footprint, at least 8 MiB
 * (one mapping of the biggest kept size) and at most 32 MiB, in up to
 * KEPT_MAX mappings.  A count alone would be wrong both ways: 16 mappings
 * were too few for four threads freeing 200 KiB blocks (large then), and
 * 16 of 1 MiB each sat idle at a realloc-heavy program's peak (README:
 * the figures).
 * The rest go back to the kernel at once, and the kept ones at heap_trim.
 *
 * A registry (a hash table of the live large blocks, by payload address,
 * chained through their headers) lets free() tell a large block of ours
 * from any other pointer without reading memory in front of that pointer.
 *
 * Stale pointers.  A mapping handed out again at the same address (a kept
 * one, or a new one where the kernel reuses the range just unmapped, as
 * it usually does) would make a second free() of the old pointer free the
 * new owner's block.  So the payload's offset in its mapping rotates:
 * 64, 128, 192, ... bytes, as far as the page rounding leaves room, the
 * next one each time a kept mapping is reused (and from a counter for a
 * new mapping).  The old pointer then names no live block, and the stale
 * free is reported.  It costs no memory; a kept mapping with no room to
 * rotate is grown by a page.
 *
 * Alignments beyond a page (2 MiB for huge pages, up to 1 GiB and more)
 * map the size plus the alignment, and give back what lies before and
 * after the aligned block at once: only one page in front (the header)
 * stays.
 *
 * Locks: the registry is split into LOCKS stripes (a block's bucket picks
 * its stripe), and the kept list has its own lock; no system call is made
 * with a lock held, so threads that map and unmap do not wait on each
 * other's system calls.
 */
#include "heap_internal.h"

#include <sys/mman.h>

#include "heap_annotate.h"
#include "page.h"

#define LARGE_MAGIC 0x6c61726765626c6bull /* "largeblk" */

enum { LARGE_OFFSET = 64, BUCKETS = 1024, LOCKS = 16 };

/* Payload offsets rotate in steps of a cache line. */
#define ROTATE_STEP 64

static atomic_size_t rotation; /* picks a new mapping's offset */

/* How many offsets a mapping of `bytes` can give an `n`-byte payload:
 * LARGE_OFFSET + k * ROTATE_STEP for k below the result. */
static size_t offsets_for(size_t bytes, size_t n)
{
    return (bytes - LARGE_OFFSET - n) / ROTATE_STEP + 1;
}

/* At the start of every large mapping. */
struct large {
    uint64_t magic;          /* LARGE_MAGIC */
    struct large *next;      /* the next block in the same bucket */
    size_t map_bytes;        /* the length of the mapping */
    size_t offset;           /* where the payload starts in it */
};

static struct large *buckets[BUCKETS];
static pthread_mutex_t stripes[LOCKS] = {
    PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
    PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
    PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
    PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
    PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
    PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
    PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
    PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
};

/* The kept mappings.  Invariants (heap_large_check): kept_bytes is the
 * sum of the kept mappings' lengths and at most KEPT_BYTES; each is at
 * most KEPT_ONE bytes, starts with its header, and is off the registry. */
enum { KEPT_MAX = 64, KEPT_SHARE = 16 };
#define KEPT_ONE ((size_t)8 << 20)   /* the biggest mapping kept */
#define KEPT_BYTES ((size_t)32 << 20) /* the most kept, whatever the heap */
static struct large *kept[KEPT_MAX]; /* freed mappings kept for reuse */
static size_t kept_bytes;
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t bucket_of(const void *payload)
{
    return ((uintptr_t)payload >> 12) % BUCKETS;
}

static pthread_mutex_t *stripe_of(const void *payload)
{
    return &stripes[bucket_of(payload) % LOCKS];
}

static unsigned char *payload_of(struct large *l)
{
    return (unsigned char *)l + l->offset;
}

/* The registered block whose payload is p (its stripe locked), with the
 * link that points to it; NULL if p is not one. */
static struct large **lookup(const void *p)
{
    struct large **link = &buckets[bucket_of(p)];

    while (*link != NULL && payload_of(*link) != p)
        link = &(*link)->next;
    return *link != NULL ? link : NULL;
}

static void enlist(struct large *l)
{
    pthread_mutex_t *lock = stripe_of(payload_of(l));
    size_t b = bucket_of(payload_of(l));

    pthread_mutex_lock(lock);
    l->next = buckets[b];
    buckets[b] = l;
    pthread_mutex_unlock(lock);
}

/* Take the block whose payload is p off the registry; NULL if none. */
static struct large *delist(const void *p)
{
    pthread_mutex_t *lock = stripe_of(p);
    struct large **link, *l = NULL;

    pthread_mutex_lock(lock);
    if ((link = lookup(p)) != NULL) {
        l = *link;
        *link = l->next;
    }
    pthread_mutex_unlock(lock);
    return l;
}

/* Account for a mapping that changed from `old` to `now` bytes. */
static void count_resize(size_t old, size_t now)
{
    heap_stats_add(&heap_counters.mapped, NULL, now);
    heap_stats_sub(&heap_counters.mapped, old);
    heap_stats_add(&heap_counters.footprint, &heap_counters.peak_footprint,
                   now);
    heap_stats_sub(&heap_counters.footprint, old);
}

/* Give a mapping (off the registry and the kept list) back to the kernel.
 * Its freed payload is poisoned (ASan): cleared first, because the next
 * mmap may get these addresses. */
static void unmap(struct large *l, size_t bytes)
{
    count_resize(bytes, 0);
    heap_stats_add(&heap_counters.returned, NULL, bytes);
    heap_note_mapped(l, bytes);
    page_munmap_raw(l, bytes);
}

/* ---- the kept mappings --------------------------------------------------------- */

/* A kept mapping for a block of `bytes` (an `n`-byte payload): the
 * smallest that holds it without wasting more than half, used as it is (no
 * system call at all); else the closest in size, resized (mremap: a shrink
 * unmaps the tail, a growth may move it; the pages it had stay resident).
 * Its payload moves to the next offset (see the top of the file).  NULL if
 * none. */
static struct large *take_kept(size_t bytes, size_t n)
{
    struct large *found = NULL;
    size_t best = SIZE_MAX, old, old_offset;
    int at = -1;
    void *moved;

    pthread_mutex_lock(&kept_lock);
    for (int i = 0; i < KEPT_MAX; i++)
        if (kept[i] != NULL) {
            size_t have = kept[i]->map_bytes;
            size_t distance = have > bytes ? have - bytes : bytes - have;
            if (have >= bytes && have - bytes <= bytes)
                distance = 0; /* fits as it is: take the first such */
            if (distance < best) {
                best = distance;
                at = i;
            }
        }
    if (at >= 0) {
        found = kept[at];
        kept[at] = NULL;
        kept_bytes -= found->map_bytes;
    }
    pthread_mutex_unlock(&kept_lock);
    if (found == NULL)
        return NULL;
    old_offset = found->offset;
    /* As it is, if it fits and leaves its payload room to move. */
    if (found->map_bytes >= bytes && found->map_bytes - bytes <= bytes &&
        offsets_for(found->map_bytes, n) >= 2)
        bytes = found->map_bytes;
    else if (offsets_for(bytes, n) < 2)
        bytes += heap_page_size;
    if (bytes != found->map_bytes) {
        /* Its freed payload is poisoned (ASan), and the addresses a shrink
         * or a move gives up go to the next mmap: cleared first. */
        old = found->map_bytes;
        heap_note_mapped(found, old);
        moved = mremap(found, old, bytes, MREMAP_MAYMOVE);
        if (moved == MAP_FAILED) {
            unmap(found, old);
            return NULL;
        }
        found = moved;
        heap_note_mapped(found, bytes);
        count_resize(old, bytes);
        found->map_bytes = bytes;
    }
    /* The next offset after the one it had, wrapping. */
    found->offset = old_offset + ROTATE_STEP;
    if (found->offset + n > bytes)
        found->offset = LARGE_OFFSET;
    return found;
}

/* How many bytes of freed mappings may be kept now: 1/KEPT_SHARE of the
 * heap's footprint (which counts the kept ones too), between KEPT_ONE and
 * KEPT_BYTES. */
static size_t kept_budget(void)
{
    size_t share = atomic_load_explicit(&heap_counters.footprint,
                                        memory_order_relaxed) /
                   KEPT_SHARE;

    if (share < KEPT_ONE)
        return KEPT_ONE;
    return share < KEPT_BYTES ? share : KEPT_BYTES;
}

/* Keep a freed mapping if there is room: true if kept. */
static bool keep(struct large *l)
{
    bool kept_it = false;
    size_t budget;

    if (l->offset >= heap_page_size || l->map_bytes > KEPT_ONE)
        return false; /* aligned beyond a page (no header room), or big */
    budget = kept_budget();
    pthread_mutex_lock(&kept_lock);
    for (int i = 0; i < KEPT_MAX && !kept_it; i++)
        if (kept[i] == NULL && kept_bytes + l->map_bytes <= budget) {
            kept[i] = l;
            kept_bytes += l->map_bytes;
            kept_it = true;
        }
    pthread_mutex_unlock(&kept_lock);
    return kept_it;
}

/* ---- the interface ------------------------------------------------------------------ */

void *heap_large_alloc(size_t n, size_t alignment, bool *fresh)
{
    size_t page = heap_page_size, offset, bytes;
    unsigned char *base;
    struct large *l;

    if (alignment < HEAP_ALIGN)
        alignment = HEAP_ALIGN;
    if (n > SIZE_MAX - 2 * page - LARGE_OFFSET)
        return NULL;
    *fresh = false;
    if (alignment > page) {
        /* The header alone in the page before the aligned payload. */
        offset = page;
        bytes = page + heap_round_up(n, page);
        if ((base = heap_map_aligned(bytes, alignment, page)) == NULL)
            return NULL;
    } else {
        bytes = heap_round_up(LARGE_OFFSET + n, page);
        if (alignment <= ROTATE_STEP && (l = take_kept(bytes, n)) != NULL) {
            enlist(l);
            heap_stats_add(&heap_counters.large_live, NULL, 1);
            return payload_of(l);
        }
        if (alignment > ROTATE_STEP) /* the payload at `alignment` */
            bytes = heap_round_up(alignment + n, page);
        if ((base = page_mmap_raw(bytes)) == NULL)
            return NULL;
        if (alignment <= ROTATE_STEP)
            offset = LARGE_OFFSET +
                     atomic_fetch_add_explicit(&rotation, 1,
                                               memory_order_relaxed) %
                         offsets_for(bytes, n) * ROTATE_STEP;
        else /* mmap gives page alignment: the payload moves up to it */
            offset = alignment;
    }
    *fresh = true;
    heap_note_mapped(base, bytes);
    l = (struct large *)base;
    *l = (struct large){.magic = LARGE_MAGIC, .map_bytes = bytes,
                        .offset = offset};
    enlist(l);
    heap_stats_add(&heap_counters.mapped, NULL, bytes);
    heap_stats_add(&heap_counters.footprint, &heap_counters.peak_footprint,
                   bytes);
    heap_stats_add(&heap_counters.large_live, NULL, 1);
    return payload_of(l);
}

bool heap_large_free(void *p)
{
    struct large *l = delist(p);

    if (l == NULL)
        return false;
    heap_stats_sub(&heap_counters.large_live, 1);
    if (!keep(l))
        unmap(l, l->map_bytes);
    return true;
}

void heap_large_trim(void)
{
    struct large *out[KEPT_MAX];

    pthread_mutex_lock(&kept_lock);
    for (int i = 0; i < KEPT_MAX; i++) {
        out[i] = kept[i];
        kept[i] = NULL;
    }
    kept_bytes = 0;
    pthread_mutex_unlock(&kept_lock);
    for (int i = 0; i < KEPT_MAX; i++)
        if (out[i] != NULL)
            unmap(out[i], out[i]->map_bytes);
}

size_t heap_large_usable(const void *p)
{
    pthread_mutex_t *lock = stripe_of(p);
    struct large **link;
    size_t usable = 0;

    pthread_mutex_lock(lock);
    if ((link = lookup(p)) != NULL)
        usable = (*link)->map_bytes - (*link)->offset;
    pthread_mutex_unlock(lock);
    return usable;
}

/* Resize a large block to n bytes (n > GROWN_MAPPED_MIN) with mremap, which may
 * move it; NULL (the block unchanged) if the kernel refuses. */
void *heap_large_realloc(void *p, size_t n)
{
    struct large *l;
    size_t bytes, old;
    void *moved;

    if ((l = delist(p)) == NULL)
        return NULL;
    old = l->map_bytes;
    if (n > SIZE_MAX - l->offset - heap_page_size) {
        enlist(l);
        return NULL;
    }
    bytes = heap_round_up(l->offset + n, heap_page_size);
    if (bytes != old) {
        /* Off the registry while it moves: the old address is gone. */
        heap_note_mapped(l, old);
        moved = mremap(l, old, bytes, MREMAP_MAYMOVE);
        if (moved == MAP_FAILED) {
            enlist(l);
            return NULL;
        }
        l = moved;
        heap_note_mapped(l, bytes);
        l->map_bytes = bytes;
        count_resize(old, bytes);
    }
    enlist(l);
    return payload_of(l);
}

void heap_large_lock_all(void)
{
    pthread_mutex_lock(&kept_lock);
    for (int i = 0; i < LOCKS; i++)
        pthread_mutex_lock(&stripes[i]);
}

void heap_large_unlock_all(void)
{
    for (int i = LOCKS - 1; i >= 0; i--)
        pthread_mutex_unlock(&stripes[i]);
    pthread_mutex_unlock(&kept_lock);
}

void heap_large_check(struct diag_report *r)
{
    size_t sum = 0;

    pthread_mutex_lock(&kept_lock);
    for (int i = 0; i < KEPT_MAX; i++)
        if (kept[i] != NULL) {
            if (kept[i]->magic != LARGE_MAGIC ||
                kept[i]->map_bytes > KEPT_ONE)
                diag_problem(r, "a kept large mapping's header is corrupt "
                                "(overwritten?)");
            else {
                /* kept_lock before a stripe, as heap_large_lock_all */
                pthread_mutex_t *lock = stripe_of(payload_of(kept[i]));
                pthread_mutex_lock(lock);
                if (lookup(payload_of(kept[i])) != NULL)
                    diag_problem(r, "a kept large mapping is also "
                                    "registered as a live block");
                pthread_mutex_unlock(lock);
                sum += kept[i]->map_bytes;
            }
        }
    if (sum != kept_bytes || kept_bytes > KEPT_BYTES)
        diag_problem(r, "the kept large mappings hold %zu bytes, but %zu "
                        "are counted (at most %zu may be kept)",
                     sum, kept_bytes, KEPT_BYTES);
    pthread_mutex_unlock(&kept_lock);
    for (size_t b = 0; b < BUCKETS; b++) {
        pthread_mutex_lock(&stripes[b % LOCKS]);
        for (struct large *l = buckets[b]; l != NULL; l = l->next)
            if (l->magic != LARGE_MAGIC || l->offset >= l->map_bytes ||
                bucket_of(payload_of(l)) != b)
                diag_problem(r, "a large block's header is corrupt "
                                "(overwritten?)");
        pthread_mutex_unlock(&stripes[b % LOCKS]);
    }
}

/* Read-only, for pictures (phase4/heap/heap_draw.c): the payload bytes of up
 * to `max` registered large blocks into sizes[], in no particular order,
 * and the bytes of the kept mappings into *kept_total; returns how many
 * blocks it found.  The registry may be corrupt (a check failed): a
 * bucket's walk stops at a header without LARGE_MAGIC or after `max` + 1
 * blocks. */
size_t heap_large_list(size_t *sizes, size_t max, size_t *kept_total)
{
    size_t found = 0;

    for (size_t b = 0; b < BUCKETS; b++) {
        size_t steps = 0;
        pthread_mutex_lock(&stripes[b % LOCKS]);
        for (struct large *l = buckets[b];
             l != NULL && l->magic == LARGE_MAGIC && steps++ <= max;
             l = l->next, found++)
            if (found < max)
                sizes[found] = l->map_bytes - l->offset;
        pthread_mutex_unlock(&stripes[b % LOCKS]);
    }
    pthread_mutex_lock(&kept_lock);
    *kept_total = kept_bytes;
    pthread_mutex_unlock(&kept_lock);
    return found;
}
