/*
 * typed.c - the typed allocator (see typed.h) on the chain engine
 * (chain.c): this file says where a family's blocks end, which free list
 * they go on and in what order (struct chain_ops, with meta_node.c), how a
 * family gets a new page, and what tiles a page.
 * Relies on phase 1 (pages), phase 2 (families: their page and free lists)
 * and phase 3 (page header, meta blocks, pointer validation).
 * typed_check() adds tiling and alignment (meta_node.c) to the engine's
 * invariants; the page's are written above check_page.
 */
#include "typed.h"

#include <stdio.h> /* snprintf only: no buffered output here */
#include <string.h>

#include "meta_node.h"
#include "redzone.h"

/* ---- phase 3's meta blocks, as the engine sees them -------------------------- */

size_t typed_page_bytes(const struct block_page *page)
{
    return page->run->bytes;
}

size_t typed_gap(const struct block_meta *b)
{
    return meta_node_gap(b, typed_page_bytes(BLOCK_PAGE(b)));
}

static size_t meta_gap(const void *n)
{
    return typed_gap(n);
}

static list_head *meta_free_list(const void *n)
{
    return &BLOCK_PAGE((const struct block_meta *)n)->family->free_blocks;
}

/* Address order that does not depend on where mmap put the pages. */
static uint64_t meta_order(const void *n)
{
    const struct block_meta *b = n;
    return (uint64_t)BLOCK_PAGE(b)->run->number << 32 | b->offset;
}

static const struct chain_ops meta_ops = {
    .size = meta_node_size, .set_size = meta_node_set_size,
    .is_free = meta_node_is_free, .set_free = meta_node_set_free,
    .next = meta_node_next, .prev = meta_node_prev, .link = meta_node_link,
    .gap = meta_gap, .make = meta_node_make,
    .free_list = meta_free_list, .free_link = meta_node_free_link,
    .from_link = meta_node_from_link, .order = meta_order,
};

static struct chain typed = {
    .ops = &meta_ops,
    .overhead = BLOCK_META_SIZE,
    .min_payload = BLOCK_ALIGN, /* no free block of 0 bytes */
    .policy = CHAIN_WORST_FIT,  /* the Linux Memory Manager's choice */
};

const struct chain *typed_chain(void)
{
    return &typed;
}

void typed_setup(void)
{
    family_set_size_limit(TYPED_MAX_BYTES, "the largest block the typed "
                                           "allocator hands out");
}

void typed_set_policy(enum chain_policy policy)
{
    chain_set_policy(&typed, policy);
    for (struct family *f = family_next(NULL); f; f = family_next(f))
        chain_list_sort(&typed, &f->free_blocks);
}

/* ---- pages ---------------------------------------------------------------- */

/* Pages for a block of `bytes`: one if it fits after the header and a
 * meta block, else as many as header + meta + bytes need. */
static size_t pages_for(size_t bytes)
{
    size_t need = BLOCK_HEADER_SIZE + BLOCK_META_SIZE + bytes;
    return (need + page_size() - 1) / page_size();
}

/* A new data page (or run) for family f: one big free block, listed. */
static struct block_meta *new_page(struct family *f, size_t bytes)
{
    struct page_run *run = page_alloc(pages_for(bytes));
    struct block_page *page;
    struct block_meta *first;

    if (run == NULL)
        return NULL;
    page = (struct block_page *)run->base;
    memset(page, 0, BLOCK_HEADER_SIZE);
    page->family = f;
    page->run = run; /* blocks and free_count are phase 3's; unused here */
    first = (struct block_meta *)(run->base + BLOCK_HEADER_SIZE);
    memset(first, 0, BLOCK_META_SIZE);
    first->offset = BLOCK_HEADER_SIZE;
    first->size = (uint32_t)(run->bytes - BLOCK_HEADER_SIZE - BLOCK_META_SIZE);
    first->is_free = 1;
    list_init(&first->free_link);
    page->first = first;
    list_push_back(&f->data_pages, &page->link);
    chain_list_insert(&typed, first);
    return first;
}

/* The page is one free block again: give it back to phase 1. */
static void release_page(struct block_page *page)
{
    list_remove(&page->first->free_link);
    list_remove(&page->link);
    page_free(page->run);
}

/* ---- allocation and free ------------------------------------------------------ */

void *typed_alloc(struct family *f, size_t units, enum chain_outcome *outcome)
{
    struct block_meta *node;
    size_t bytes;
    enum chain_outcome how;

    if (units == 0) {
        diag_error("units must be at least 1");
        return NULL;
    }
    if (units > TYPED_MAX_BYTES / f->size) {
        diag_error("%zu units of %u bytes exceed the largest block (%zu "
                   "bytes)", units, f->size, TYPED_MAX_BYTES);
        return NULL;
    }
    /* Debug builds add a red zone after the array (common/redzone.h). */
    bytes = BLOCK_ROUND_UP(units * f->size + REDZONE_BYTES);
    node = chain_find(&typed, &f->free_blocks, bytes);
    if (node == NULL && (node = new_page(f, bytes)) == NULL)
        return NULL;
    how = chain_take(&typed, node, bytes, BLOCK_ROUND_UP(f->size));
    if (outcome != NULL)
        *outcome = how;
    memset(BLOCK_DATA(node), 0, bytes);
    redzone_arm(BLOCK_DATA(node), node->size, units * f->size);
    return BLOCK_DATA(node);
}

int typed_free(void *data, int *page_released)
{
    struct block_meta *meta = block_live(data); /* phase 3's validation */
    struct block_page *page;

    if (page_released != NULL)
        *page_released = 0;
    if (meta == NULL)
        return -1;
    if (!redzone_intact(data, meta->size)) {
        diag_error(REDZONE_BROKEN " (the block stays allocated)");
        return -1;
    }
    page = BLOCK_PAGE(meta);
    meta = chain_release(&typed, meta);
    if (meta == page->first && meta->next == NULL) {
        release_page(page);
        if (page_released != NULL)
            *page_released = 1;
    }
    return 0;
}

/* ---- the checker ----------------------------------------------------------------- */

/*
 * Invariants of a data page (typed_check): its header names its family and
 * its live run; its blocks tile it (meta_node.h) and keep the engine's
 * invariants (chain.h: links, merged neighbours, the free list, gaps
 * smaller than a block); a page that is one free block has gone back.
 */
static void check_page(const struct family *f, const struct block_page *page,
                       size_t *free_blocks, struct diag_report *r)
{
    char what[64];

    snprintf(what, sizeof what, "%s page %zu", f->name, page->run->number);
    if (page->family != f || page->run->base != (const unsigned char *)page ||
        page->run->state != PAGE_RUN_LIVE)
        diag_problem(r, "%s: header does not match its family or run", what);
    if (!chain_check(&typed, page->first, what, r))
        return; /* a chain that does not end cannot be walked */
    meta_node_check_tiling(page, page->first, BLOCK_HEADER_SIZE,
                           typed_page_bytes(page), what, r);
    for (const struct block_meta *b = page->first; b; b = b->next)
        *free_blocks += b->is_free;
    if (page->first->is_free && page->first->next == NULL)
        diag_problem(r, "%s: all free but not given back", what);
}

void typed_check(struct diag_report *r)
{
    for (const struct family *f = family_next(NULL); f; f = family_next(f)) {
        const struct list_node *pos;
        size_t free_blocks = 0;

        list_for_each(pos, &f->data_pages)
            check_page(f, list_entry(pos, struct block_page, link),
                       &free_blocks, r);
        chain_check_list(&typed, (list_head *)&f->free_blocks, f->name, r);
        if (!list_check(&f->free_blocks, free_blocks + 1))
            continue; /* reported above; do not walk a broken list */
        if (free_blocks != list_length(&f->free_blocks))
            diag_problem(r, "%s: %zu free blocks in the pages, %zu listed",
                         f->name, free_blocks, list_length(&f->free_blocks));
    }
}

void typed_reset(void)
{
    block_reset(); /* gives every data page back, empties the free lists */
    memset(typed.outcomes, 0, sizeof typed.outcomes);
    typed.merges = typed.searched = 0;
    typed.policy = CHAIN_WORST_FIT;
}
