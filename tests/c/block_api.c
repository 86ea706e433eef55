/*
 * block_api.c - drives phase 3's C API (block.h) as an application would,
 * including the misuses only C can express: interior pointers, pointers to
 * the stack, to the C library's heap, into a page the block layer never
 * handed out, and double frees.  One line per step, so tests/phase3.bats
 * compares the whole output; exits 1 if an expectation fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block.h"

typedef struct emp_ {
    char name[32];
    unsigned int emp_id;
} emp_t;

static int failures;

static void expect(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok" : "FAIL", what);
    failures += !ok;
}

/* A free that must be refused: print the reason. */
static void refused(void *p, const char *what)
{
    expect(block_free(p, NULL) < 0, what);
    printf("  refused: %s\n", diag_last_error());
}

static int checker_problems(void)
{
    struct diag_report report = {0};
    block_check(&report);
    family_check(&report);
    page_check(&report);
    return report.problems;
}

int main(void)
{
    struct family *emp;
    emp_t *alice, *bob;
    int stack_variable = 0, released = 0;
    char *from_libc = malloc(64);
    struct page_run *foreign_run = page_alloc(1);

    block_setup();
    emp = MM_REG_STRUCT(emp_t);
    alice = block_alloc(emp, NULL);
    bob = block_alloc(emp, NULL);
    expect(alice != NULL && bob != NULL, "two emp_t allocated");
    if (alice == NULL || bob == NULL)
        goto out; /* the rest needs both: an error, not a crash */
    strcpy(alice->name, "alice");
    strcpy(bob->name, "bob");
    expect(BLOCK_PAGE(BLOCK_META(alice))->family == emp,
           "from a pointer: meta block, page, family");
    expect(BLOCK_META(bob)->prev == BLOCK_META(alice),
           "bob's block follows alice's in the chain");

    refused((char *)alice + 8, "an interior pointer");
    refused(&stack_variable, "a pointer to the stack");
    refused(from_libc, "a pointer from the C library's malloc");
    refused(foreign_run->base + 100, "a pointer into a page we never handed out as a block");
    refused(NULL, "NULL");
    expect(block_free(bob, &released) == 0 && !released, "bob freed, page kept");
    refused(bob, "freeing bob again (double free)");
    expect(strcmp(alice->name, "alice") == 0, "alice keeps her contents");
    expect(checker_problems() == 0, "the checker finds no problem");
    expect(family_register("too_big", block_max_struct() + 1) == NULL,
           "a struct larger than a data page's room is refused");
    printf("  refused: %s\n", diag_last_error());
    expect(family_register("just_fits", block_max_struct()) != NULL,
           "a struct of exactly the room is accepted");
    expect(block_free(alice, &released) == 0 && released,
           "alice freed: the page is all free and goes back");
    expect(checker_problems() == 0, "the checker finds no problem");

out:
    free(from_libc);
    page_free(foreign_run);
    block_reset();
    family_reset();
    page_reset();
    return failures ? 1 : 0;
}
