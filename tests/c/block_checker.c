/*
 * block_checker.c - the block layer's checker finds each broken invariant.
 * Fills two of the three blocks of a data page of emp_t (1000-byte
 * structs) and one block of dept_t, then breaks the meta blocks and page
 * headers (phase3/block.h) on purpose, one invariant at a time, runs
 * block_check, prints what it reported, and repairs the damage before the
 * next one (a clean check in between proves the repair).
 * tests/phase3-checker.bats compares the output with
 * tests/golden/phase3/block_checker.out.
 */
#include <stdio.h>

#include "checker_test.h"
#include "block.h"

static void check(const char *what)
{
    checker_run(what, block_check);
}

int main(void)
{
    struct family *emp, *dept;
    struct block_meta *first, *second, *third, *stray;
    struct block_meta outsider = {.is_free = 1};
    struct block_page *page;
    struct page_run *run;

    block_setup();
    emp = family_register("emp_t", 1000);
    dept = family_register("dept_t", 12);
    void *data[3] = {block_alloc(emp, NULL), block_alloc(emp, NULL),
                     block_alloc(dept, NULL)};
    if (!data[0] || !data[1] || !data[2]) {
        /* An error, not a crash: nothing to break without the blocks. */
        fprintf(stderr, "block_checker: block_alloc failed: %s\n",
                diag_last_error());
        return 1;
    }
    first = BLOCK_META(data[0]);
    second = BLOCK_META(data[1]);
    stray = BLOCK_META(data[2]);
    third = second->next; /* free: the page holds three */
    page = BLOCK_PAGE(first);
    check("intact");

    third->free_link.prev = NULL;
    check("a free block's prev link on the free list lost");
    third->free_link.prev = &emp->free_blocks;

    run = page->run;
    page->run = BLOCK_PAGE(stray)->run;
    check("a data page that names another page's run");
    page->run = run;

    page->family = dept;
    check("a data page that names another family");
    page->family = emp;

    page->blocks = 2;
    check("a header that counts one block too few");
    page->blocks = 3;

    second->offset += BLOCK_ALIGN;
    check("a block whose offset is 16 bytes too large");
    second->offset -= BLOCK_ALIGN;

    second->prev = NULL;
    check("a block whose prev link is lost");
    second->prev = first;

    first->unused = 1;
    check("a padding field that is not zero");
    first->unused = 0;

    third->size += BLOCK_ALIGN;
    check("the last block 16 bytes too large");
    third->size -= BLOCK_ALIGN;

    list_remove(&third->free_link);
    check("a free block off the free list");
    list_push_front(&emp->free_blocks, &third->free_link);

    list_push_front(&emp->free_blocks, &first->free_link);
    check("an allocated block on the free list");
    list_remove(&first->free_link);

    page->free_count = 2;
    check("a header that counts one free block too many");
    page->free_count = 1;

    /* Both allocated blocks freed the way block_free does, but the page
     * kept. */
    first->is_free = second->is_free = 1;
    list_push_front(&emp->free_blocks, &first->free_link);
    list_push_front(&emp->free_blocks, &second->free_link);
    page->free_count = 3;
    check("a page of free blocks not given back");
    page->free_count = 1;
    list_remove(&second->free_link);
    list_remove(&first->free_link);
    first->is_free = second->is_free = 0;

    list_init(&outsider.free_link);
    list_push_back(&emp->free_blocks, &outsider.free_link);
    check("a block of no page on the free list");
    list_remove(&outsider.free_link);

    check("repaired");
    block_reset();
    family_reset();
    page_reset();
    return 0;
}
