/*
 * heap_large.c - large blocks (more than 128 KiB): each is a mapping of
 * its own, with a small header at its start, given back with munmap the
 * moment it is freed, and grown or shrunk with mremap, which moves pages
 * instead of copying bytes.  Like glibc's mmap threshold: a large block
 * costs at most a page of waste and two system calls, and it never
 * fragments the rest of the heap.
 *
 * Programs often free a large buffer and ask for one of about its size
 * again (a growing string, a file read in chunks).  A fresh mapping costs
 * two system calls and a page fault for every page the program touches,
 * so up to KEPT_MAX freed mappings (16 MiB in all, each at most 8 MiB)
 * are kept, mapped, and the next large request takes the closest in size
 * and resizes it with mremap, the way glibc raises its mmap threshold
 * after a free.  The rest go back to the kernel at once.
 *
 * A registry (a hash table of the live large blocks, by payload address,
 * chained through their headers) lets free() tell a large block of ours
 * from any other pointer without reading memory in front of that pointer.
 */
#include "heap_internal.h"

#include <stdio.h>
#include <sys/mman.h>

#include "heap_annotate.h"
#include "page.h"

#define LARGE_MAGIC 0x6c61726765626c6bull /* "largeblk" */

enum { LARGE_OFFSET = 64, BUCKETS = 1024 };

/* At the start of every large mapping. */
struct large {
    uint64_t magic;          /* LARGE_MAGIC */
    struct large *next;      /* the next block in the same bucket */
    size_t map_bytes;        /* the length of the mapping */
    size_t offset;           /* where the payload starts in it */
};

static struct large *buckets[BUCKETS];

enum { KEPT_MAX = 8, KEPT_ONE = 8 << 20, KEPT_BYTES = 16 << 20 };
static struct large *kept[KEPT_MAX]; /* freed mappings kept for reuse */
static size_t kept_bytes;
static pthread_mutex_t large_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t bucket_of(const void *payload)
{
    return ((uintptr_t)payload >> 12) % BUCKETS;
}

static unsigned char *payload_of(struct large *l)
{
    return (unsigned char *)l + l->offset;
}

/* The registered block whose payload is p (lock held), with the link that
 * points to it; NULL if p is not one. */
static struct large **lookup(const void *p)
{
    struct large **link = &buckets[bucket_of(p)];

    while (*link != NULL && payload_of(*link) != p)
        link = &(*link)->next;
    return *link != NULL ? link : NULL;
}

static void enlist(struct large *l)
{
    size_t b = bucket_of(payload_of(l));

    l->next = buckets[b];
    buckets[b] = l;
}

/* A kept mapping resized to `bytes` (mremap: a shrink unmaps the tail, a
 * growth may move it, and either way the pages it had stay resident), or
 * NULL.  The closest in size is chosen. */
static struct large *take_kept(size_t bytes)
{
    struct large *found = NULL;
    size_t best = SIZE_MAX;
    int at = -1;
    void *moved;

    pthread_mutex_lock(&large_lock);
    for (int i = 0; i < KEPT_MAX; i++)
        if (kept[i] != NULL) {
            size_t have = kept[i]->map_bytes;
            size_t distance = have > bytes ? have - bytes : bytes - have;
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
    pthread_mutex_unlock(&large_lock);
    if (found == NULL || found->map_bytes == bytes)
        return found;
    moved = mremap(found, found->map_bytes, bytes, MREMAP_MAYMOVE);
    if (moved == MAP_FAILED) {
        page_munmap_raw(found, found->map_bytes);
        return NULL;
    }
    found = moved;
    note_mapped(found, bytes);
    counter_add(&heap_counters.mapped, NULL, bytes);
    counter_sub(&heap_counters.mapped, found->map_bytes);
    counter_add(&heap_counters.footprint, &heap_counters.peak_footprint,
                bytes);
    counter_sub(&heap_counters.footprint, found->map_bytes);
    found->map_bytes = bytes;
    return found;
}

/* Keep a freed mapping if there is room (the lock held): true if kept. */
static bool keep(struct large *l)
{
    if (l->map_bytes > KEPT_ONE || kept_bytes + l->map_bytes > KEPT_BYTES)
        return false;
    for (int i = 0; i < KEPT_MAX; i++)
        if (kept[i] == NULL) {
            kept[i] = l;
            kept_bytes += l->map_bytes;
            return true;
        }
    return false;
}

void *large_alloc(size_t n, size_t alignment, bool fresh)
{
    size_t page = heap_page_size, offset, bytes;
    unsigned char *base;
    struct large *l;

    if (alignment < HEAP_ALIGN)
        alignment = HEAP_ALIGN;
    /* Room for the header in front of an aligned payload. */
    offset = alignment > LARGE_OFFSET ? alignment : LARGE_OFFSET;
    if (n > SIZE_MAX - offset - 2 * alignment - page)
        return NULL;
    bytes = round_up(offset + n + (alignment > page ? alignment : 0), page);
    if (!fresh && alignment <= LARGE_OFFSET &&
        (l = take_kept(bytes)) != NULL) {
        l->offset = LARGE_OFFSET;
        pthread_mutex_lock(&large_lock);
        enlist(l);
        pthread_mutex_unlock(&large_lock);
        counter_add(&heap_counters.large_live, NULL, 1);
        return payload_of(l);
    }
    if ((base = page_mmap_raw(bytes)) == NULL)
        return NULL;
    note_mapped(base, bytes);
    /* mmap gives page alignment; a larger one moves the header up. */
    l = (struct large *)(round_up((uintptr_t)base + offset, alignment) -
                         offset);
    if ((unsigned char *)l != base) {
        /* Keep the header at the mapping's start: record the real start
         * and a payload offset measured from it. */
        offset += (size_t)((unsigned char *)l - base);
        l = (struct large *)base;
    }
    *l = (struct large){.magic = LARGE_MAGIC, .map_bytes = bytes,
                        .offset = offset};
    pthread_mutex_lock(&large_lock);
    enlist(l);
    pthread_mutex_unlock(&large_lock);
    counter_add(&heap_counters.mapped, NULL, bytes);
    counter_add(&heap_counters.footprint, &heap_counters.peak_footprint,
                bytes);
    counter_add(&heap_counters.large_live, NULL, 1);
    return payload_of(l);
}

bool large_free(void *p)
{
    struct large **link, *l;

    bool kept_it = false;

    pthread_mutex_lock(&large_lock);
    link = lookup(p);
    l = link != NULL ? *link : NULL;
    if (l != NULL) {
        *link = l->next;
        kept_it = l->offset == LARGE_OFFSET && keep(l);
    }
    pthread_mutex_unlock(&large_lock);
    if (l == NULL)
        return false;
    counter_sub(&heap_counters.large_live, 1);
    if (kept_it)
        return true;
    counter_sub(&heap_counters.mapped, l->map_bytes);
    counter_sub(&heap_counters.footprint, l->map_bytes);
    counter_add(&heap_counters.returned, NULL, l->map_bytes);
    note_mapped(l, l->map_bytes);
    page_munmap_raw(l, l->map_bytes);
    return true;
}

size_t large_usable(const void *p)
{
    struct large **link;
    size_t usable = 0;

    pthread_mutex_lock(&large_lock);
    if ((link = lookup(p)) != NULL)
        usable = (*link)->map_bytes - (*link)->offset;
    pthread_mutex_unlock(&large_lock);
    return usable;
}

/* Resize a large block to n bytes (n > MEDIUM_MAX) with mremap, which may
 * move it; NULL (the block unchanged) if the kernel refuses. */
void *large_realloc(void *p, size_t n)
{
    struct large **link, *l;
    size_t bytes, old;
    void *moved;

    pthread_mutex_lock(&large_lock);
    link = lookup(p);
    if (link == NULL) {
        pthread_mutex_unlock(&large_lock);
        return NULL;
    }
    l = *link;
    old = l->map_bytes;
    if (n > SIZE_MAX - l->offset - heap_page_size ||
        (bytes = round_up(l->offset + n, heap_page_size)) == old) {
        pthread_mutex_unlock(&large_lock);
        return n > SIZE_MAX - l->offset - heap_page_size ? NULL : p;
    }
    /* Off the registry first: the old address is gone once it moves. */
    *link = l->next;
    note_mapped(l, old);
    moved = mremap(l, old, bytes, MREMAP_MAYMOVE);
    if (moved == MAP_FAILED) {
        enlist(l);
        pthread_mutex_unlock(&large_lock);
        return NULL;
    }
    l = moved;
    note_mapped(l, bytes);
    l->map_bytes = bytes;
    enlist(l);
    pthread_mutex_unlock(&large_lock);
    counter_add(&heap_counters.mapped, NULL, bytes);
    counter_sub(&heap_counters.mapped, old);
    counter_add(&heap_counters.footprint, &heap_counters.peak_footprint,
                bytes);
    counter_sub(&heap_counters.footprint, old);
    return payload_of(l);
}

void large_lock_all(void)
{
    pthread_mutex_lock(&large_lock);
}

void large_unlock_all(void)
{
    pthread_mutex_unlock(&large_lock);
}

void large_check(struct diag_report *r)
{
    pthread_mutex_lock(&large_lock);
    for (size_t b = 0; b < BUCKETS; b++)
        for (struct large *l = buckets[b]; l != NULL; l = l->next)
            if (l->magic != LARGE_MAGIC || l->offset >= l->map_bytes ||
                bucket_of(payload_of(l)) != b)
                diag_problem(r, "a large block's header is corrupt "
                                "(overwritten?)");
    pthread_mutex_unlock(&large_lock);
}
