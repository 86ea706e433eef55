/*
 * mems.c - the MeMS interface (mems.h) on the main chain (main_chain.c),
 * the sub-chains (sub_chain.c) and phase 4's chain engine: allocation is
 * a first-fit walk over every sub-chain in order and a split; freeing is
 * a merge with HOLE neighbours; translation is a lookup of the node and
 * the segment that hold an address.  This file also owns the error
 * reporting (a line on standard error and a code) and the stats text.
 *
 * The only file that reads PAGE_SIZE: mems_init() hands it to the page
 * layer, and everything else asks page_size().
 */
#include "mems_internal.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

_Static_assert(PAGE_SIZE > 0 && (PAGE_SIZE & (PAGE_SIZE - 1)) == 0,
               "PAGE_SIZE must be a power of two");

struct mems_state mems;

static bool finished;         /* mems_finish ran (for a clearer message) */
static bool quiet;            /* mems_set_quiet: the caller prints */
static int last_code;         /* mems_last_error() */
static char last_message[DIAG_TEXT_MAX];

/* ---- errors ---------------------------------------------------------------- */

static const char *const descriptions[] = {
    [MEMS_OK] = "no error",
    [MEMS_E_NOT_INITIALIZED] = "MeMS is not initialized",
    [MEMS_E_ALREADY_INITIALIZED] = "MeMS is initialized already",
    [MEMS_E_ZERO_SIZE] = "size 0",
    [MEMS_E_TOO_LARGE] = "size too large",
    [MEMS_E_NO_MEMORY] = "out of memory",
    [MEMS_E_INVALID_ADDRESS] = "not a MeMS virtual address",
    [MEMS_E_HOLE] = "address inside a HOLE",
    [MEMS_E_NOT_SEGMENT_START] = "not the start of a segment",
    [MEMS_E_PAGE_SIZE] = "unusable PAGE_SIZE",
};

const char *mems_strerror(int code)
{
    if (code < 0 || code >= (int)(sizeof descriptions / sizeof *descriptions))
        return "unknown MeMS error";
    return descriptions[code];
}

int mems_last_error(void)
{
    return last_code;
}

const char *mems_last_message(void)
{
    return last_message;
}

void mems_set_quiet(bool on)
{
    quiet = on;
}

static void succeed(void)
{
    last_code = MEMS_OK;
    last_message[0] = '\0';
}

/* Record a failed call's code and reason; say it on standard error. */
static void fail(int code, const char *fmt, ...) DIAG_PRINTF(2, 3);
static void fail(int code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(last_message, sizeof last_message, fmt, ap);
    va_end(ap);
    last_code = code;
    if (!quiet)
        fprintf(stderr, "mems: error: %s\n", last_message);
}

/* Every call but mems_init needs MeMS running. */
static bool running(const char *who)
{
    if (mems.initialized)
        return true;
    fail(MEMS_E_NOT_INITIALIZED, "%s: MeMS is not initialized (%s)", who,
         finished ? "mems_finish was called; call mems_init again"
                  : "call mems_init first");
    return false;
}

/* ---- starting and stopping ----------------------------------------------------- */

void mems_init(void)
{
    if (mems.initialized) {
        fail(MEMS_E_ALREADY_INITIALIZED,
             "mems_init: MeMS is initialized already (call mems_finish "
             "first)");
        return;
    }
    if (page_set_size(PAGE_SIZE) < 0) {
        fail(MEMS_E_PAGE_SIZE, "mems_init: PAGE_SIZE %d cannot be used: %s",
             PAGE_SIZE, diag_last_error());
        return;
    }
    memset(&mems, 0, sizeof mems);
    list_init(&mems.main_chain);
    mems.next_vstart = MEMS_VIRTUAL_BASE;
    record_pool_init(&mems.node_records, sizeof(struct mems_node));
    record_pool_init(&mems.segment_records, sizeof(struct mems_segment));
    /* Segments are exactly the size asked (no overhead, no rounding: any
     * rest of at least 1 byte is a HOLE), found by first fit, merged at
     * once. */
    mems.engine = (struct chain){.ops = &sub_chain_ops, .overhead = 0,
                                 .min_payload = 1,
                                 .policy = CHAIN_FIRST_FIT};
    mems.initialized = true;
    finished = false;
    succeed();
}

void mems_finish(void)
{
    if (!running("mems_finish"))
        return;
    record_pool_release(&mems.segment_records);
    record_pool_release(&mems.node_records);
    /* MeMS owns the page layer: this unmaps every node's pages, the cache
     * and the layer's own records, and restores its page size. */
    page_reset();
    memset(&mems, 0, sizeof mems);
    finished = true;
    succeed();
}

/* ---- allocating and freeing ------------------------------------------------------ */

void *mems_malloc(size_t size)
{
    /* BEGIN SOLUTION */
    /* STUDENT:
    (void)size;
    fail(MEMS_E_NO_MEMORY, "mems_malloc: not implemented yet (phase5/mems.c)");
    return NULL;
    */
    struct mems_segment *seg = NULL;
    struct mems_node *node;

    if (!running("mems_malloc"))
        return NULL;
    if (size == 0) {
        fail(MEMS_E_ZERO_SIZE, "mems_malloc: size 0 (a segment holds at "
                               "least 1 byte)");
        return NULL;
    }
    /* The record the split will need, before anything changes. */
    if (sub_chain_reserve_spare() < 0) {
        fail(MEMS_E_NO_MEMORY, "mems_malloc: no room for bookkeeping: %s",
             diag_last_error());
        return NULL;
    }
    /* First fit: the first HOLE large enough, node by node. */
    for (node = main_chain_first(); node != NULL && seg == NULL;
         node = main_chain_next(node))
        seg = chain_find_walk(&mems.engine, node->first, size);

    if (seg == NULL) {
        /* No HOLE fits: a new node of ceil(size / PAGE_SIZE) pages, at
         * the end of the virtual address space used so far. */
        size_t pages = size / PAGE_SIZE + (size % PAGE_SIZE != 0);
        if (pages > (UINTPTR_MAX - mems.next_vstart) / PAGE_SIZE) {
            fail(MEMS_E_TOO_LARGE, "mems_malloc: %zu bytes need %zu pages, "
                 "more than the address space holds", size, pages);
            return NULL;
        }
        node = main_chain_grow(pages);
        if (node == NULL) {
            fail(MEMS_E_NO_MEMORY, "mems_malloc: cannot map %zu page%s: %s",
                 pages, pages == 1 ? "" : "s", diag_last_error());
            return NULL;
        }
        seg = node->first;
    }
    /* PROCESS of exactly `size` bytes, the rest (if any) a HOLE. */
    chain_take(&mems.engine, seg, size, 1);
    mems.mallocs++;
    succeed();
    return (void *)seg->vstart;
    /* END SOLUTION */
}

/* The PROCESS segment that holds v, or NULL after reporting why not. */
static struct mems_segment *process_segment(const char *who, vaddr_t v)
{
    struct mems_node *node;
    struct mems_segment *seg;

    if (v < MEMS_VIRTUAL_BASE) {
        fail(MEMS_E_INVALID_ADDRESS, "%s: virtual address %" PRIuPTR
             " is below %d, where MeMS addresses begin", who, v,
             MEMS_VIRTUAL_BASE);
        return NULL;
    }
    node = main_chain_find(v);
    if (node == NULL) {
        if (mems.nodes == 0)
            fail(MEMS_E_INVALID_ADDRESS, "%s: virtual address %" PRIuPTR
                 " is not mapped (no node yet)", who, v);
        else
            fail(MEMS_E_INVALID_ADDRESS, "%s: virtual address %" PRIuPTR
                 " is past the last node (which ends at %" PRIuPTR ")", who,
                 v, mems.next_vstart - 1);
        return NULL;
    }
    seg = sub_chain_find(node, v);
    if (seg->hole) {
        fail(MEMS_E_HOLE, "%s: virtual address %" PRIuPTR " is inside "
             "H[%" PRIuPTR ":%" PRIuPTR "] (never allocated, or freed)", who,
             v, seg->vstart, sub_chain_segment_end(seg) - 1);
        return NULL;
    }
    return seg;
}

void mems_free(void *v)
{
    struct mems_segment *seg;
    vaddr_t va = (vaddr_t)v;

    if (!running("mems_free") || (seg = process_segment("mems_free", va)) == NULL)
        return;
    if (va != seg->vstart) {
        fail(MEMS_E_NOT_SEGMENT_START, "mems_free: virtual address %" PRIuPTR
             " is inside P[%" PRIuPTR ":%" PRIuPTR "], not at its start", va,
             seg->vstart, sub_chain_segment_end(seg) - 1);
        return;
    }
    /* BEGIN SOLUTION */
    /* STUDENT: fail(MEMS_E_HOLE, "mems_free: not implemented yet (phase5/mems.c)"); */
    chain_release(&mems.engine, seg);
    mems.frees++;
    succeed();
    /* END SOLUTION */
}

/* ---- translation ------------------------------------------------------------------ */

void *mems_get(void *v)
{
    struct mems_segment *seg;
    vaddr_t va = (vaddr_t)v;

    if (!running("mems_get") || (seg = process_segment("mems_get", va)) == NULL)
        return NULL;
    /* BEGIN SOLUTION */
    /* STUDENT:
    fail(MEMS_E_HOLE, "mems_get: not implemented yet (phase5/mems.c)");
    return NULL;
    */
    mems.gets++;
    succeed();
    /* The node maps its virtual range onto its run, byte for byte. */
    return seg->owner->run->base + (va - seg->owner->vstart);
    /* END SOLUTION */
}

size_t mems_room(void *v)
{
    struct mems_segment *seg;
    vaddr_t va = (vaddr_t)v;

    if (!running("mems_room") || (seg = process_segment("mems_room", va)) == NULL)
        return 0;
    succeed();
    return sub_chain_segment_end(seg) - va;
}

/* ---- statistics ---------------------------------------------------------------------- */

size_t mems_hole_bytes(void)
{
    size_t bytes = 0;

    for (const struct mems_node *node = main_chain_first(); node != NULL;
         node = main_chain_next(node))
        for (const struct mems_segment *seg = node->first; seg; seg = seg->next)
            if (seg->hole)
                bytes += seg->size;
    return bytes;
}

/* The stats text on `out`; `who` names the call in the error. */
static void write_stats(const char *who, FILE *out)
{
    const struct mems_node *node;
    size_t pages = 0;

    if (!running(who))
        return;
    fprintf(out, "----- MeMS SYSTEM STATS -----\n");
    for (node = main_chain_first(); node; node = main_chain_next(node)) {
        fprintf(out, "MAIN[%" PRIuPTR ":%" PRIuPTR "]->", node->vstart,
                main_chain_node_end(node) - 1);
        for (const struct mems_segment *seg = node->first; seg; seg = seg->next)
            fprintf(out, " %c[%" PRIuPTR ":%" PRIuPTR "] <->",
                    seg->hole ? 'H' : 'P', seg->vstart,
                    sub_chain_segment_end(seg) - 1);
        fprintf(out, " NULL\n");
        pages += node->run->pages;
    }
    fprintf(out, "Pages used:\t%zu\n", pages);
    fprintf(out, "Space unused:\t%zu\n", mems_hole_bytes());
    fprintf(out, "Main Chain Length:\t%zu\n", mems.nodes);
    fprintf(out, "Sub-chain Length array: [");
    for (node = main_chain_first(); node; node = main_chain_next(node))
        fprintf(out, "%zu, ", node->segments);
    fprintf(out, "]\n");
    fprintf(out, "-----------------------------\n");
    succeed();
}

void mems_print_stats(void)
{
    write_stats("mems_print_stats", stdout);
}

void mems_write_stats(FILE *out)
{
    write_stats("mems_write_stats", out);
}
