/*
 * block.c - data pages of a family carved into meta + data blocks (see
 * block.h for the layout).  Relies on phase 1 for pages (page_alloc,
 * page_free) and on phase 2 for the families, whose records hold each
 * family's list of data pages and list of free blocks.
 *
 * Design.  A new page is formatted the way a slab allocator does it: as
 * many fixed blocks as fit, chained in address order, all put on the
 * family's free list.  Allocation takes the head of that list (a freed
 * block goes back to the head, so the most recently freed block is reused
 * first, while it is still in the cache).  When every block of a page is
 * free again the page goes back to phase 1.  A pointer given to
 * block_free is looked up in the registry of pages before anything is
 * read at it, so a foreign pointer is refused rather than dereferenced.
 * block_check() is the executable form of the invariants in block.h.
 * The lesson is phase3/README.md.
 */
#include "block.h"

#include <string.h>

_Static_assert(sizeof(struct block_meta) % BLOCK_ALIGN == 0,
               "meta blocks keep data blocks aligned");

size_t block_data_size(const struct family *f)
{
    return BLOCK_ROUND_UP(f->size);
}

size_t block_per_page(const struct family *f)
{
    return (page_size() - BLOCK_HEADER_SIZE) /
           (BLOCK_META_SIZE + block_data_size(f));
}

size_t block_tail_bytes(const struct family *f)
{
    return page_size() - BLOCK_HEADER_SIZE -
           block_per_page(f) * (BLOCK_META_SIZE + block_data_size(f));
}

size_t block_max_struct(void)
{
    return page_size() - BLOCK_HEADER_SIZE - BLOCK_META_SIZE;
}

void block_setup(void)
{
    family_set_size_limit(block_max_struct(),
                          "what one data page holds after its header and "
                          "one meta block");
}

/* ---- formatting and giving back pages ------------------------------------ */

static struct block_page *page_of(const struct list_node *node)
{
    return list_entry(node, struct block_page, link);
}

/* Take a page from phase 1 and carve it into blocks of family f, all free,
 * in address order at the tail of the family's free list. */
static struct block_page *format_page(struct family *f)
{
    /* BEGIN SOLUTION */
    /* STUDENT:
    (void)f;
    diag_error("not implemented yet: format_page (phase3/block.c)");
    return NULL;
    */
    struct page_run *run = page_alloc(1);
    size_t data = block_data_size(f), count = block_per_page(f);
    struct block_page *page;
    struct block_meta *prev = NULL;

    if (run == NULL)
        return NULL;
    page = (struct block_page *)run->base;
    memset(page, 0, BLOCK_HEADER_SIZE);
    page->family = f;
    page->run = run;
    page->blocks = (uint32_t)count;
    page->free_count = (uint32_t)count;
    for (size_t i = 0; i < count; i++) {
        size_t offset = BLOCK_HEADER_SIZE + i * (BLOCK_META_SIZE + data);
        struct block_meta *meta = (struct block_meta *)(run->base + offset);
        memset(meta, 0, BLOCK_META_SIZE);
        meta->is_free = 1;
        meta->size = (uint32_t)data;
        meta->offset = (uint32_t)offset;
        meta->prev = prev;
        if (prev != NULL)
            prev->next = meta;
        else
            page->first = meta;
        list_push_back(&f->free_blocks, &meta->free_link);
        prev = meta;
    }
    list_push_back(&f->data_pages, &page->link);
    return page;
    /* END SOLUTION */
}

/* Every block of the page is free: take them off the free list and give
 * the page back to phase 1. */
static void release_page(struct block_page *page)
{
    for (struct block_meta *b = page->first; b != NULL; b = b->next)
        list_remove(&b->free_link);
    list_remove(&page->link);
    page_free(page->run);
}

/* ---- allocation and free ----------------------------------------------------- */

void *block_alloc(struct family *f, int *new_page)
{
    struct block_meta *meta;

    if (new_page != NULL)
        *new_page = 0;
    if (list_empty(&f->free_blocks)) {
        if (format_page(f) == NULL)
            return NULL;
        if (new_page != NULL)
            *new_page = 1;
    }
    meta = list_entry(f->free_blocks.next, struct block_meta, free_link);
    list_remove(&meta->free_link);
    meta->is_free = 0;
    BLOCK_PAGE(meta)->free_count--;
    memset(BLOCK_DATA(meta), 0, meta->size);
    return BLOCK_DATA(meta);
}

struct block_page *block_page_find(const void *p)
{
    const unsigned char *byte = p;

    for (struct family *f = family_next(NULL); f; f = family_next(f)) {
        const struct list_node *pos;
        list_for_each(pos, &f->data_pages) {
            struct block_page *page = page_of(pos);
            const unsigned char *start = page->run->base;
            if (byte >= start && byte < start + page->run->bytes)
                return page;
        }
    }
    return NULL;
}

struct block_meta *block_find(const struct block_page *page, const void *p)
{
    /* BEGIN SOLUTION */
    /* STUDENT:
    (void)page;
    (void)p;
    return NULL; // "pointer is inside page N but not at the start of a data block"
    */
    for (struct block_meta *b = page->first; b != NULL; b = b->next)
        if (BLOCK_DATA(b) == p)
            return b;
    return NULL;
    /* END SOLUTION */
}

struct block_meta *block_live(void *p)
{
    struct block_page *page = block_page_find(p);
    struct block_meta *meta;

    if (page == NULL) {
        diag_error("pointer is not in any data page of ours");
        return NULL;
    }
    meta = block_find(page, p);
    if (meta == NULL) {
        diag_error("pointer is inside page %zu but not at the start of a "
                   "data block", page->run->number);
        return NULL;
    }
    if (meta->is_free) {
        diag_error("block at page %zu offset %zu is already free (double "
                   "free)", page->run->number,
                   (size_t)meta->offset + BLOCK_META_SIZE);
        return NULL;
    }
    return meta;
}

int block_free(void *data, int *page_released)
{
    struct block_meta *meta = block_live(data);
    struct block_page *page;

    if (page_released != NULL)
        *page_released = 0;
    if (meta == NULL)
        return -1;
    page = BLOCK_PAGE(meta);
    meta->is_free = 1;
    list_push_front(&page->family->free_blocks, &meta->free_link);
    if (++page->free_count == page->blocks) {
        release_page(page);
        if (page_released != NULL)
            *page_released = 1;
    }
    return 0;
}

/* ---- the checker --------------------------------------------------------------- */

/* Is meta on f's free list?  (A walk: the checker may be slow.) */
static bool on_free_list(const struct family *f, const struct block_meta *meta)
{
    const struct list_node *pos;

    list_for_each(pos, &f->free_blocks)
        if (pos == &meta->free_link)
            return true;
    return false;
}

static void check_page(const struct family *f, const struct block_page *page,
                       size_t *free_seen, struct diag_report *r)
{
    size_t number = page->run ? page->run->number : 0, count = 0, frees = 0;
    size_t expect = BLOCK_HEADER_SIZE;
    const struct block_meta *prev = NULL;

    if (page->run == NULL || page->run->base != (const unsigned char *)page ||
        page->run->state != PAGE_RUN_LIVE || page->run->pages != 1) {
        diag_problem(r, "%s: a data page is not a live page of the page "
                        "layer", f->name);
        return;
    }
    if (page->family != f)
        diag_problem(r, "%s: page %zu points to another family", f->name,
                     number);
    for (const struct block_meta *b = page->first; b != NULL; b = b->next) {
        if (++count > page->blocks) {
            diag_problem(r, "%s: page %zu chains more than its %u blocks",
                         f->name, number, page->blocks);
            return;
        }
        if (b->offset != expect || (const char *)b - b->offset != (const char *)page)
            diag_problem(r, "%s: page %zu: block at offset %u should be at "
                            "%zu", f->name, number, b->offset, expect);
        if (b->prev != prev)
            diag_problem(r, "%s: page %zu: block at offset %u: prev and next "
                            "disagree", f->name, number, b->offset);
        if (b->unused != 0)
            diag_problem(r, "%s: page %zu: block at offset %u has a non-zero "
                            "padding field", f->name, number, b->offset);
        if (b->size != block_data_size(f))
            diag_problem(r, "%s: page %zu: block at offset %u has size %u, "
                            "not %zu", f->name, number, b->offset, b->size,
                         block_data_size(f));
        if (b->is_free != on_free_list(f, b))
            diag_problem(r, "%s: page %zu: block at offset %u is %s but %s "
                            "the free list", f->name, number, b->offset,
                         b->is_free ? "free" : "allocated",
                         b->is_free ? "not on" : "on");
        frees += b->is_free;
        expect = b->offset + BLOCK_META_SIZE + b->size;
        prev = b;
    }
    if (count != page->blocks || frees != page->free_count)
        diag_problem(r, "%s: page %zu has %zu blocks, %zu free; header says "
                        "%u, %u", f->name, number, count, frees, page->blocks,
                     page->free_count);
    if (expect + block_tail_bytes(f) != page_size())
        diag_problem(r, "%s: page %zu: header, blocks and tail make %zu "
                        "bytes, not a page", f->name, number,
                     expect + block_tail_bytes(f));
    if (frees == count)
        diag_problem(r, "%s: page %zu is all free but was not given back",
                     f->name, number);
    *free_seen += frees;
}

void block_check(struct diag_report *r)
{
    for (struct family *f = family_next(NULL); f; f = family_next(f)) {
        size_t free_seen = 0;
        const struct list_node *pos;

        if (!list_check(&f->data_pages, page_totals()->live_runs) ||
            !list_check(&f->free_blocks, page_size() * page_totals()->live_runs)) {
            diag_problem(r, "%s: page or free list links are broken", f->name);
            continue;
        }
        list_for_each(pos, &f->data_pages)
            check_page(f, page_of(pos), &free_seen, r);
        if (free_seen != list_length(&f->free_blocks))
            diag_problem(r, "%s: %zu free blocks in the pages, %zu on the free "
                            "list", f->name, free_seen,
                         list_length(&f->free_blocks));
    }
}

void block_reset(void)
{
    for (struct family *f = family_next(NULL); f; f = family_next(f)) {
        struct list_node *pos, *tmp;
        list_for_each_safe(pos, tmp, &f->data_pages) {
            struct block_page *page = page_of(pos);
            list_remove(pos);
            page_free(page->run);
        }
        list_init(&f->free_blocks);
    }
}
