/*
 * phase3-1.c - exercise 1's check (phase3/README.md, "Exercises"; run by
 * tests/exercises/phase3-1.bats): block_free knows a block by BLOCK_MAGIC
 * in its meta block's `unused` field instead of walking the registry.
 * The blocks phase 3 formats carry the magic, pointers without it are
 * refused, and a meta block forged in a stack array, with the magic and a
 * plausible page header before it, is taken for a block: the next
 * allocation hands out the stack.  One line a step.
 */
#include <stdio.h>
#include <string.h>

#include "block.h"

#ifndef BLOCK_MAGIC
#define BLOCK_MAGIC 0u
#define NO_MAGIC 1
#else
#define NO_MAGIC 0
#endif

static void print_problem(void *arg, const char *line)
{
    (void)arg;
    printf("  %s\n", line);
}

static void check(const char *what)
{
    struct diag_report report = {.sink = print_problem};

    block_check(&report);
    printf("%s: %d problem%s\n", what, report.problems,
           report.problems == 1 ? "" : "s");
}

/* Every pointer given to block_free has 48 readable bytes before it, so
 * the check reads nothing outside its own objects. */
static void try_free(const char *what, void *p)
{
    int status = block_free(p, NULL);

    printf("%s: %s\n", what, status == 0 ? "accepted" : "refused");
}

int main(void)
{
    struct family *f;
    unsigned char *a, *b, *c;
    _Alignas(BLOCK_ALIGN) unsigned char fake[BLOCK_HEADER_SIZE +
                                             BLOCK_META_SIZE + 48];
    _Alignas(BLOCK_ALIGN) unsigned char plain[BLOCK_META_SIZE + 48] = {0};
    struct block_page *page = (struct block_page *)fake;
    struct block_meta *meta = (struct block_meta *)(fake + BLOCK_HEADER_SIZE);

    if (NO_MAGIC)
        printf("BLOCK_MAGIC: phase3/block.h does not define it\n");
    block_setup();
    f = family_register("emp_t", 36);
    a = f != NULL ? block_alloc(f, NULL) : NULL;
    b = f != NULL ? block_alloc(f, NULL) : NULL;
    if (a == NULL || b == NULL) {
        fprintf(stderr, "phase3-1: setup failed: %s\n", diag_last_error());
        return 1;
    }
    printf("a's meta block holds BLOCK_MAGIC: %s\n",
           BLOCK_META(a)->unused == BLOCK_MAGIC && !NO_MAGIC ? "yes" : "no");
    printf("the free block after b holds BLOCK_MAGIC: %s\n",
           BLOCK_META(b)->next->unused == BLOCK_MAGIC && !NO_MAGIC ? "yes"
                                                                   : "no");
    check("with the magic in place");

    try_free("NULL", NULL);
    try_free("a stack array without the magic", plain + BLOCK_META_SIZE);
    try_free("a pointer 16 bytes into a", a + 16);

    /* The forgery: a page header naming a real family and run, then a
     * meta block with the magic, allocated, and 48 bytes of "data". */
    memset(fake, 0, sizeof fake);
    page->family = f;
    page->run = BLOCK_PAGE(BLOCK_META(a))->run;
    page->first = meta;
    page->blocks = 2; /* one free must not make the "page" all free */
    meta->size = (uint32_t)block_data_size(f);
    meta->offset = BLOCK_HEADER_SIZE;
    meta->unused = BLOCK_MAGIC;
    try_free("a forged meta block with the magic, on the stack",
             BLOCK_DATA(meta));
    c = block_alloc(f, NULL);
    printf("the next allocation hands out: %s\n",
           c == BLOCK_DATA(meta) ? "the forged block on the stack"
                                 : "a block of a data page");
    if (c != BLOCK_DATA(meta))
        block_free(c, NULL);

    try_free("a", a);
    try_free("a again", a);
    try_free("b", b);
    check("all freed");
    block_reset();
    family_reset();
    page_reset();
    return 0;
}
