/*
 * trace_typed.c - the typed allocator (typed.h) as a trace allocator
 * (trace.h).  A trace asks for bytes, the typed allocator hands out units
 * of a registered struct: the adapter registers one family of 1-byte
 * structs, "trace_byte", so that a request of n bytes is n units.
 *
 * The typed allocator has no realloc: the adapter's is the textbook one,
 * which keeps the block when it is already large enough and otherwise
 * allocates, copies and frees.  Requests above TYPED_MAX_BYTES are
 * skipped.  The footprint is every page the page layer holds: data pages,
 * the family page, cached pages, and the record pages where it keeps its
 * own bookkeeping.  Not thread-safe.
 */
#include "trace.h"

#include <string.h>

#include "block.h"
#include "family.h"
#include "page.h"
#include "typed.h"

static struct family *bytes_family; /* the 1-byte family */

/* A fresh heap with nothing but our family.  Whatever the process held
 * is forgotten (in a forked pass, unmapped in the child only); the page
 * size and the fit policy are kept, so `heaptrace -p best -a typed`
 * measures best fit. */
static int typed_start(void)
{
    size_t size = page_size();
    enum chain_policy policy = typed_chain()->policy;

    typed_reset();
    family_reset();
    page_reset();
    if (page_set_size(size) < 0)
        return -1;
    typed_setup();
    typed_set_policy(policy);
    bytes_family = family_register("trace_byte", 1);
    return bytes_family != NULL ? 0 : -1;
}

static void *typed_malloc(size_t size)
{
    return typed_alloc(bytes_family, size, NULL);
}

static void typed_release(void *p)
{
    typed_free(p, NULL);
}

static void *typed_realloc(void *p, size_t size)
{
    struct block_meta *meta = block_live(p);
    void *fresh;

    if (meta == NULL)
        return NULL;
    if (BLOCK_ROUND_UP(size) <= meta->size)
        return p;
    fresh = typed_alloc(bytes_family, size, NULL);
    if (fresh == NULL)
        return NULL;
    memcpy(fresh, p, meta->size);
    typed_free(p, NULL);
    return fresh;
}

static size_t typed_footprint(size_t request)
{
    const struct page_totals *totals = page_totals();
    size_t record_pages, per_page, in_use;

    (void)request; /* the page layer's counts are always at hand */
    page_record_usage(&record_pages, &per_page, &in_use);
    return (totals->live_pages + totals->cached_pages) * page_size() +
           record_pages * page_system_size();
}

const struct trace_allocator trace_typed = {
    .name = "typed",
    .about = "the typed allocator (phase4/typed.h), units of a 1-byte family",
    .malloc = typed_malloc,
    .free = typed_release,
    .realloc = typed_realloc,
    .footprint = typed_footprint,
    .max_request = TYPED_MAX_BYTES,
    .start = typed_start,
};
