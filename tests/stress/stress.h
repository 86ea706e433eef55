/*
 * stress.h - `make stress`: millions of random operations on each of the
 * course's allocators, every payload filled with a pattern of its label
 * and verified, the heap checker every 10,000 operations.
 *
 * stress.c is the driver; each allocator is a struct stress_allocator in a
 * file of its own (stress_typed.c, stress_pool.c, stress_os.c,
 * stress_heap.c, stress_mems.c).  The helpers every part shares are
 * grouped below by the file that defines them.
 */
#ifndef HEAPCOURSE_STRESS_H
#define HEAPCOURSE_STRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "dot.h"

struct script; /* common/script.h */

/* The four size distributions every allocator is driven with. */
enum stress_dist {
    STRESS_SMALL,  /* a few bytes to a few dozen */
    STRESS_MEDIUM, /* up to about a page */
    STRESS_PAGE,   /* several pages: crosses page boundaries */
    STRESS_LARGE,  /* the allocator's large path (runs, mmap, many pages) */
    STRESS_DISTS
};

/* One allocator as the driver sees it.  Sizes are per distribution,
 * lo..hi bytes inclusive; handles are what alloc returns (a MeMS virtual
 * address for MeMS, a pointer for the others). */
struct stress_allocator {
    const char *name;          /* "typed", "pool", "os", "heap", "mems" */
    long ops;                  /* the full run's operation count */
    size_t slots;              /* the most blocks live at once */
    size_t lo[STRESS_DISTS];   /* smallest request of each distribution */
    size_t hi[STRESS_DISTS];   /* largest */
    bool bounded;              /* may refuse a request when full (the pool) */
    int (*prepare)(void);      /* NULL, or one-time set-up to do before the
                                  mappings are counted: 0 or -1 */
    int (*start)(void);        /* a fresh allocator: 0, or -1 (diag set) */
    /* At least *bytes bytes (the adapter may round *bytes up, e.g. to
     * whole structs), or NULL; *zeroed says the memory must read 0. */
    void *(*alloc)(enum stress_dist dist, size_t *bytes, bool *zeroed);
    bool (*free)(void *handle);            /* false: the allocator refused */
    void *(*realloc)(void *handle, size_t bytes); /* NULL: no realloc */
    unsigned char *(*memory)(void *handle); /* the bytes behind a handle */
    void (*check)(struct diag_report *report);
    /* Write the heap as DOT to path: 0, or -1 if it cannot be written. */
    int (*draw)(const char *path);
    /* Break the bookkeeping of a live block so the checker must notice. */
    void (*corrupt)(void *handle);
    /* Give everything back; returns the bytes it keeps mapped by design
     * (0 for all but os_* and libheap), *why saying what they are. */
    size_t (*finish)(const char **why);
};

extern const struct stress_allocator stress_typed, stress_pool, stress_os,
    stress_heap, stress_mems;

/* ---- stress_pattern.c: the payload pattern ------------------------------------ */

/* Fill bytes [from, to) of a block with the pattern of label. */
void pattern_fill(unsigned char *p, uint64_t label, size_t from, size_t to);

/* The first byte of [from, to) that differs from label's pattern, or to. */
size_t pattern_verify(const unsigned char *p, uint64_t label, size_t from,
                      size_t to);

/* ---- stress_maps.c: counting the process's mappings ---------------------------- */

struct maps_count {
    size_t lines; /* lines of /proc/self/maps: one per mapping */
    size_t bytes; /* their total length */
};

/* Read /proc/self/maps (without malloc); false if it cannot be read. */
bool maps_read(struct maps_count *out);

/* False under valgrind, whose own mappings are in the list too. */
bool maps_exact(void);

/* ---- stress_draw.c: pictures through the phase programs' own code --------------- */

/* Run draw, the picture function of a phase program (or a wrapper of
 * heap_draw, which takes no script), into a DOT file at path, titled
 * name: 0, or -1 when the file cannot be written. */
int stress_draw(const char *name, const char *path,
                void (*draw)(struct script *s, struct dot *d));

#endif
