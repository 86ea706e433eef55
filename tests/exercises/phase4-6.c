/*
 * phase4-6.c - the check of phase 4's exercise 6 (poison and detect): a
 * program on the Linux Memory Manager's interface (phase4/uapi_mm.h,
 * libmm.a), built by tests/exercises/phase4-6.bats.
 *   phase4-6 dangling   frees a block, shows its bytes, writes through the
 *                       dangling pointer, then allocates the block again
 *   phase4-6 clean      2,000 allocations and frees (splits, merges, pages
 *                       given back and taken again) that never touch a
 *                       freed block: nothing may be reported
 * What it finds goes to standard output; the allocator's reports go to
 * standard error.
 */
#include <stdio.h>
#include <string.h>

#include "uapi_mm.h"

typedef struct emp_ {
    char name[32];
    unsigned id;
} emp_t; /* 36 bytes: blocks of 48 */

typedef struct dept_ {
    char name[100];
} dept_t;

static int dangling(void)
{
    emp_t *keep, *e, *guard, *again;
    const unsigned char *bytes;
    size_t poisoned = 0, zero = 0;

    MM_REG_STRUCT(emp_t);
    keep = XCALLOC(1, emp_t);
    e = XCALLOC(50, emp_t);     /* 1808 bytes */
    guard = XCALLOC(40, emp_t); /* leaves a free rest smaller than e */
    strcpy(e->name, "alive");
    XFREE(e);
    bytes = (const unsigned char *)e;
    for (size_t i = 0; i < 50 * sizeof(emp_t); i++)
        poisoned += bytes[i] == 0xdb;
    printf("after XFREE: %zu of %zu bytes are 0xdb\n", poisoned,
           50 * sizeof(emp_t));
    fflush(stdout);
    strcpy(e->name, "dangling"); /* the use after free */
    again = XCALLOC(50, emp_t);  /* worst fit: e's block, the largest */
    bytes = (const unsigned char *)again;
    for (size_t i = 0; i < 50 * sizeof(emp_t); i++)
        zero += bytes[i] == 0;
    printf("XCALLOC again: %s block, %zu of %zu bytes zero\n",
           again == e ? "the same" : "another", zero, 50 * sizeof(emp_t));
    XFREE(again);
    XFREE(guard);
    XFREE(keep);
    return 0;
}

static unsigned long long rng = 0x2545f4914f6cdd1dULL;

static unsigned next_random(void) /* xorshift64: reproducible */
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng >> 32);
}

enum { SLOTS = 24, OPS = 2000 };

static int clean(void)
{
    void *slot[SLOTS] = {0};
    int is_emp[SLOTS] = {0};

    MM_REG_STRUCT(emp_t);
    MM_REG_STRUCT(dept_t);
    for (int op = 0; op < OPS; op++) {
        unsigned i = next_random() % SLOTS;
        if (slot[i] != NULL) {
            memset(slot[i], 'x', is_emp[i] ? sizeof(emp_t) : sizeof(dept_t));
            XFREE(slot[i]);
            slot[i] = NULL;
        } else if ((is_emp[i] = next_random() % 2)) {
            slot[i] = XCALLOC((int)(next_random() % 60 + 1), emp_t);
        } else {
            slot[i] = XCALLOC((int)(next_random() % 30 + 1), dept_t);
        }
    }
    for (int i = 0; i < SLOTS; i++)
        if (slot[i] != NULL)
            XFREE(slot[i]);
    printf("clean: %d operations\n", OPS);
    mm_print_memory_usage(NULL);
    return 0;
}

int main(int argc, char **argv)
{
    mm_init();
    if (argc == 2 && strcmp(argv[1], "dangling") == 0)
        return dangling();
    if (argc == 2 && strcmp(argv[1], "clean") == 0)
        return clean();
    fprintf(stderr, "usage: phase4-6 dangling|clean\n");
    return 2;
}
