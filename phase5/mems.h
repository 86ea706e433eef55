/*
 * mems.h - MeMS, the Memory Management System: the interface of the MeMS
 * assignment (Operating Systems, IIIT-Delhi), so that its example program
 * compiles unchanged:  cc -Iphase5 example.c phase5/libmems.a
 *
 * MeMS hands out its own virtual addresses, starting at 1000, and keeps a
 * map from them to the real memory it got from the kernel with mmap, the
 * way an operating system maps a process's virtual pages.  A program
 * reads and writes its memory through mems_get(), which translates.
 * The model (main chain, sub-chains, PROCESS and HOLE segments) is taught
 * in phase5/README.md.
 *
 * Like the assignment's header, this one includes <stdio.h> and
 * <stdlib.h>: programs written for it rely on that for printf.
 *
 * Errors: a misused call prints one line "mems: error: ..." on standard
 * error, changes nothing, and returns NULL (or nothing); the reason is
 * kept as a code for mems_last_error().  Every call sets that code, to
 * MEMS_OK when it succeeds.  Misuse means: any call before mems_init() or
 * after mems_finish() (until the next mems_init()), mems_malloc(0) or a
 * size whose page count does not fit, and mems_get() / mems_free() of an
 * address that is below 1000, past the last node, inside a HOLE, or (for
 * mems_free) not the first address of a PROCESS segment, which includes
 * freeing the same segment twice.
 *
 * Not thread-safe: one MeMS per process, used by one thread at a time.
 */
#ifndef HEAPCOURSE_MEMS_H
#define HEAPCOURSE_MEMS_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

/* The unit MeMS asks the kernel for: a node is a whole number of these.
 * Change it at build time (make PAGE_SIZE=8192, which also compiles
 * programs with -DPAGE_SIZE=8192): a power-of-two multiple of the system's
 * page size. */
#ifndef PAGE_SIZE
#define PAGE_SIZE 4096
#endif

/* The first MeMS virtual address handed out. */
#define MEMS_VIRTUAL_BASE 1000

/* Start MeMS: an empty main chain; the next virtual address is 1000. */
void mems_init(void);

/* Unmap everything MeMS mapped (nodes and bookkeeping); MeMS is stopped
 * until the next mems_init(). */
void mems_finish(void);

/* `size` bytes (exactly: sizes are not rounded, so a segment's address is
 * aligned only if the sizes before it make it so) from the first HOLE that
 * is large enough, in main-chain order, split into a PROCESS segment and
 * the HOLE that remains; with no such HOLE, a new node of
 * ceil(size / PAGE_SIZE) pages is mapped first.  Returns the segment's
 * MeMS virtual address (not an address the program may dereference), or
 * NULL. */
void *mems_malloc(size_t size);

/* Make the PROCESS segment that starts at virtual address v a HOLE,
 * merged with the HOLEs on either side.  Nodes stay mapped. */
void mems_free(void *v);

/* Print the main chain, every sub-chain and the totals on standard
 * output, in the assignment's format. */
void mems_print_stats(void);

/* The real address of virtual address v, which may be anywhere inside a
 * PROCESS segment: mems_get(v + 4) == (char *)mems_get(v) + 4.  NULL if v
 * is not inside a PROCESS segment. */
void *mems_get(void *v);

/* ---- beyond the assignment: coded errors, for bindings ------------------ */

enum mems_error {
    MEMS_OK = 0,
    MEMS_E_NOT_INITIALIZED,  /* called before mems_init or after mems_finish */
    MEMS_E_ALREADY_INITIALIZED, /* mems_init twice without mems_finish */
    MEMS_E_ZERO_SIZE,        /* mems_malloc(0) */
    MEMS_E_TOO_LARGE,        /* the size's pages do not fit the address space */
    MEMS_E_NO_MEMORY,        /* the kernel refused to map the pages */
    MEMS_E_INVALID_ADDRESS,  /* below 1000 or past the last node */
    MEMS_E_HOLE,             /* inside a HOLE: never allocated, or freed */
    MEMS_E_NOT_SEGMENT_START,/* mems_free of an address inside a segment */
    MEMS_E_PAGE_SIZE,        /* the page layer refused PAGE_SIZE (below the
                                system page, above 1 GiB, or pages of
                                another user already mapped) */
};

/* The code the last MeMS call left (MEMS_OK if it succeeded). */
int mems_last_error(void);

/* The last call's error line without the "mems: error: " prefix ("" if it
 * succeeded), and a fixed description of each code. */
const char *mems_last_message(void);
const char *mems_strerror(int code);

/* ---- beyond the assignment: for bindings (phase5/node) ------------------ */

/* mems_print_stats()'s text, on `out` instead of standard output (a
 * binding writes it to a memory stream and hands the text over). */
void mems_write_stats(FILE *out);

/* The bytes from virtual address v to the end of the PROCESS segment that
 * holds it (1 for its last byte): how much may be read or written through
 * mems_get(v).  0, with the same code as mems_get(v), if v is not inside
 * a PROCESS segment. */
size_t mems_room(void *v);

#endif
