/*
 * family.h - page-family registration: the application tells the manager,
 * once, the name and size of every struct it will allocate.
 *
 * Glossary
 *   family        one registered struct type: a name and a size
 *   family page   a page from the page layer (phase 1) that holds nothing
 *                 but family records; pages are chained in order, and a new
 *                 one is chained when the last is full
 *
 * Like the page layer, this is library code: no malloc, no stdio; failures
 * return NULL or -1 with the reason in diag_last_error().
 */
#ifndef HEAPCOURSE_FAMILY_H
#define HEAPCOURSE_FAMILY_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "list.h"
#include "page.h"

enum { FAMILY_NAME_MAX = 31 }; /* longest name, in characters */

/* One registered family.  The name is unique among all families.  The two
 * lists are for the phases that allocate from a family (phase 3 on);
 * registration leaves them empty. */
struct family {
    char name[FAMILY_NAME_MAX + 1]; /* NUL-terminated, 1..31 characters */
    uint32_t size;                  /* bytes of one struct, 1..limit */
    uint32_t index;                 /* registration order, from 0 */
    list_head data_pages;           /* the family's data pages (phase 3) */
    list_head free_blocks;          /* its free blocks (phase 3) */
};

/*
 * The header at the start of every family page; the records follow it.
 * Invariants (family_check):
 *   0 < count <= capacity (a page holds at least one family); the first
 *   `count` records are in use, in registration order across the chain;
 *   only the last page may be partly full; link is consistent
 *   (next->prev == this); every name is valid and unique, every size
 *   within 1..family_size_limit();
 *   run is a live one-page run of the page layer whose base is this header.
 */
struct family_page {
    struct list_node link;     /* the chain of family pages, in order */
    struct page_run *run;      /* the page layer's run holding this page */
    uint32_t count;            /* records in use on this page */
    uint32_t capacity;         /* records that fit on this page */
    struct family records[];   /* capacity records */
};

/* How many family records one page holds: as many as fit after the
 * header, (page_size() - sizeof(struct family_page)) / sizeof(struct
 * family), unless a smaller number was set (for experiments and pictures). */
size_t family_records_per_page(void);
size_t family_records_that_fit(void);

/* Hold at most n records per family page (0: as many as fit).  Only while
 * no family is registered; -1 (diag set) otherwise or if n does not fit. */
int family_set_records_per_page(size_t n);

/* Register a family.  Refused (NULL, diag set): an empty name, one longer
 * than FAMILY_NAME_MAX, one with a character outside printable ASCII or a
 * quote or backslash, a name already registered, size 0, or a size above
 * family_size_limit(). */
struct family *family_register(const char *name, size_t size);

/* MM_REG_STRUCT(T): register struct type T under its own name. */
#define MM_REG_STRUCT(T) family_register(#T, sizeof(T))

/* The family with this name, or NULL (diag set). */
struct family *family_lookup(const char *name);

/* The largest struct size registration accepts, and a phrase saying why
 * ("the page size"), used in the error.  Phase 2: one page.  Later phases
 * lower or raise it through family_set_size_limit. */
size_t family_size_limit(const char **why);
void family_set_size_limit(size_t bytes, const char *why);

/* The chain of family pages (struct family_page, via link), in order. */
const list_head *family_pages(void);

/* The family registered after f (the first one when f is NULL), or NULL:
 * for (f = family_next(NULL); f; f = family_next(f)) visits them all. */
struct family *family_next(const struct family *f);

/* Families registered. */
size_t family_count(void);

/* The invariants above; one report line per broken one. */
void family_check(struct diag_report *report);

/* Forget every family and give the family pages back to the page layer. */
void family_reset(void);

#endif
