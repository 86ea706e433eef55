/*
 * typed_checker.c - the typed allocator's checker finds each broken
 * invariant.  Lays out one data page of emp_t (48-byte structs) as
 *   A (2 units) | B (1, freed) | C (1) | the free rest
 * and one of dept_t, then breaks the meta blocks, the page header and the
 * free list (phase4/typed.c, phase4/meta_node.h, phase4/chain.h) on
 * purpose, one invariant at a time, runs typed_check, prints what it
 * reported, and repairs the damage before the next one (a clean check in
 * between proves the repair).  tests/phase4-checker.bats compares the
 * output with tests/golden/phase4/typed_checker.out.
 */
#include <stdio.h>

#include "checker_test.h"
#include "meta_node_cases.h"
#include "typed.h"

static void check(const char *what)
{
    checker_run(what, typed_check);
}

/* dept_t's page made one free block, as if its last block had been freed
 * and merged but the page kept; and back. */
static void make_one_free_block(struct block_meta *d, struct block_meta *rest)
{
    list_remove(&rest->free_link);
    d->next = NULL;
    d->size += BLOCK_META_SIZE + rest->size;
    d->is_free = 1;
    list_push_front(&BLOCK_PAGE(d)->family->free_blocks, &d->free_link);
}

static void undo_one_free_block(struct block_meta *d, struct block_meta *rest)
{
    list_remove(&d->free_link);
    d->is_free = 0;
    d->size -= BLOCK_META_SIZE + rest->size;
    d->next = rest;
    list_push_front(&BLOCK_PAGE(d)->family->free_blocks, &rest->free_link);
}

int main(void)
{
    struct family *emp, *dept;
    struct block_meta *a, *b, *c, *rest, *d, *d_rest;
    struct block_page *page;

    typed_setup();
    emp = family_register("emp_t", 48);
    dept = family_register("dept_t", 16);
    a = BLOCK_META(typed_alloc(emp, 2, NULL));
    b = BLOCK_META(typed_alloc(emp, 1, NULL));
    c = BLOCK_META(typed_alloc(emp, 1, NULL));
    typed_free(BLOCK_DATA(b), NULL); /* between two allocated blocks */
    rest = c->next;
    page = BLOCK_PAGE(a);
    d = BLOCK_META(typed_alloc(dept, 1, NULL));
    d_rest = d->next;
    check("intact");

    page->family = dept;
    check("a data page that names another family");
    page->family = emp;

    checker_break_sizes(a, b, c, rest, "page", check);

    a->offset += BLOCK_ALIGN;
    check("an offset field 16 bytes too large");
    a->offset -= BLOCK_ALIGN;

    page->first = b;
    check("a page whose first block is its second");
    page->first = a;

    c->prev = a;
    check("a block whose prev link skips a block");
    c->prev = b;

    a->is_free = 1;
    list_insert_after(&rest->free_link, &a->free_link); /* worst fit: 2nd */
    check("a free block next to a free block");
    list_remove(&a->free_link);
    a->is_free = 0;

    list_remove(&b->free_link);
    check("a free block off the free list");
    list_push_back(&emp->free_blocks, &b->free_link);

    list_insert_after(&b->free_link, &c->free_link);
    check("an allocated block on the free list");
    list_remove(&c->free_link);

    list_remove(&b->free_link);
    list_push_front(&emp->free_blocks, &b->free_link);
    check("the smaller free block first on a worst-fit list");
    list_remove(&b->free_link);
    list_push_back(&emp->free_blocks, &b->free_link);

    b->free_link.prev = NULL;
    check("a free list link lost");
    b->free_link.prev = &rest->free_link;

    rest->next = a;
    a->prev = rest;
    check("a chain that returns to its first block");
    a->prev = NULL;
    rest->next = NULL;

    make_one_free_block(d, d_rest);
    check("a page that is one free block, kept");
    undo_one_free_block(d, d_rest);

    check("repaired");
    typed_reset();
    family_reset();
    page_reset();
    return 0;
}
