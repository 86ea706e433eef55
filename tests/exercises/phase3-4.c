/*
 * phase3-4.c - exercise 4's check (phase3/README.md, "Exercises"; run by
 * tests/exercises/phase3-4.bats): free data blocks hold 0xdb, and
 * block_check reports a free block written through a dangling pointer.
 * Prints one line a step: how many bytes of a block are not 0xdb, and
 * what the checker reported.
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

/* How many of the n bytes at p are not 0xdb. */
static void poisoned(const char *what, const void *p, size_t n)
{
    const unsigned char *byte = p;
    size_t other = 0;

    for (size_t i = 0; i < n; i++)
        other += byte[i] != 0xdb;
    printf("%s: %zu of %zu bytes are not 0xdb\n", what, other, n);
}

int main(void)
{
    struct family *f;
    unsigned char *a, *b, *c;

    block_setup();
    f = family_register("emp_t", 36); /* 48-byte data blocks */
    a = f != NULL ? block_alloc(f, NULL) : NULL;
    b = f != NULL ? block_alloc(f, NULL) : NULL;
    if (a == NULL || b == NULL) {
        fprintf(stderr, "phase3-4: setup failed: %s\n", diag_last_error());
        return 1;
    }
    a[0] = 'a';
    poisoned("a block never handed out", b + 48 + BLOCK_META_SIZE, 48);
    check("two structs allocated");
    block_free(a, NULL);
    poisoned("a after free", a, 48);
    check("a freed");
    a[7] = 'x'; /* through the dangling pointer */
    check("a written after free");
    a[7] = 0xdb;
    check("a's byte put back");
    c = block_alloc(f, NULL);
    poisoned("c, allocated again", c, 36);
    check("c allocated");
    block_free(c, NULL);
    block_free(b, NULL);
    check("all freed");
    block_reset();
    family_reset();
    page_reset();
    return 0;
}
