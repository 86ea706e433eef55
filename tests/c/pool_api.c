/*
 * pool_api.c - drives the bounded pool's C API (pool.h) as an application
 * would, misuse included; the pool reports each misuse on standard error.
 * One line per step on standard output; exits 1 if an expectation fails.
 */
#include <stdio.h>
#include <string.h>

#include "pool.h"

static int failures;

static void expect(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok" : "FAIL", what);
    failures += !ok;
}

static int problems(const struct pool *pool)
{
    struct diag_report report = {0};
    pool_check(pool, &report);
    return report.problems;
}

int main(void)
{
    struct pool pool, other;
    char line[256], *a, *b, *c, *d, *x;
    int on_the_stack;

    memset(&pool, 0, sizeof pool);
    expect(palloc(&pool, 8) == NULL, "palloc before pool_init is refused");
    expect(pool_init(&pool, 4000), "a pool of 4000 bytes (one page)");
    expect(!pool_init(&other, 0), "a pool of 0 bytes is refused");
    a = palloc(&pool, 100);
    b = palloc(&pool, 200);
    c = palloc(&pool, 300);
    expect(a && b && c, "three blocks");
    strcpy(a, "alpha");
    strcpy(c, "gamma");
    expect(palloc(&pool, 0) == NULL, "palloc of 0 bytes is refused");
    expect(palloc(&pool, (size_t)-1) == NULL, "palloc of SIZE_MAX is refused");
    expect(!pfree(&pool, b + 16), "an interior pointer is refused");
    expect(!pfree(&pool, &on_the_stack), "a pointer to the stack is refused");
    expect(pfree(&pool, b), "b freed");
    expect(!pfree(&pool, b), "b freed again is refused (double free)");
    x = palloc(&pool, 3300);
    expect(x == NULL, "a request larger than any free block: exhausted");
    d = palloc(&pool, 3000);
    expect(d != NULL, "3000 bytes fit in the tail");
    pool_stats(&pool, line, sizeof line);
    printf("%s\n", line);
    expect(strcmp(a, "alpha") == 0 && strcmp(c, "gamma") == 0,
           "the other blocks keep their contents");
    expect(problems(&pool) == 0, "the checker finds no problem");
    expect(pfree(&pool, a) && pfree(&pool, c) && pfree(&pool, d),
           "everything freed");
    pool_stats(&pool, line, sizeof line);
    printf("%s\n", line);
    expect(problems(&pool) == 0, "the checker finds no problem");
    expect(pool_destroy(&pool), "pool destroyed");
    expect(!pool_destroy(&pool), "destroying it again is refused");
    page_reset();
    return failures ? 1 : 0;
}
