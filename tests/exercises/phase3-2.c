/*
 * phase3-2.c - exercise 2's check of the checker (phase3/README.md,
 * "Exercises"; run by tests/exercises/phase3-2.bats): with two free
 * blocks of one page on the free list, block_check reports nothing when
 * the list is in address order and at least one problem when the higher
 * block comes first.  Prints the checker's lines and a count per case.
 */
#include <stdio.h>

#include "block.h"

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

int main(void)
{
    struct family *f;
    void *a, *b, *c;
    struct block_meta *low, *high;

    block_setup();
    f = family_register("r_t", 1200); /* three blocks a page */
    a = block_alloc(f, NULL);
    b = block_alloc(f, NULL);
    c = block_alloc(f, NULL);
    if (f == NULL || a == NULL || b == NULL || c == NULL) {
        fprintf(stderr, "phase3-2: setup failed: %s\n", diag_last_error());
        return 1;
    }
    low = BLOCK_META(a);
    high = BLOCK_META(c);
    block_free(a, NULL);
    block_free(c, NULL);
    /* the same two blocks on the list in both orders */
    list_remove(&low->free_link);
    list_remove(&high->free_link);
    list_push_back(&f->free_blocks, &low->free_link);
    list_push_back(&f->free_blocks, &high->free_link);
    check("lower block first");
    list_remove(&low->free_link);
    list_push_back(&f->free_blocks, &low->free_link);
    check("higher block first");
    list_remove(&high->free_link);
    list_push_back(&f->free_blocks, &high->free_link);
    block_free(b, NULL);
    check("all freed");
    block_reset();
    family_reset();
    page_reset();
    return 0;
}
