/*
 * mems_checker.c - the MeMS checker finds each broken invariant.  Breaks
 * MeMS's bookkeeping on purpose, one invariant at a time, runs mems_check,
 * prints what it reported, and repairs the damage before the next one (a
 * clean check in between proves the repair).  tests/phase5.bats compares
 * the output with tests/golden/phase5/mems_checker.out.
 */
#include <stdio.h>
#include <sys/mman.h>

#include "checker_test.h"
#include "mems_internal.h"

static void check(const char *what)
{
    checker_run(what, mems_check);
}

int main(void)
{
    struct mems_node *n0, *n1;
    struct mems_segment *a, *b;

    mems_init();
    mems_malloc(100);  /* node 0: P[1000:1099] H[1100:5095] */
    mems_malloc(200);  /* node 0: P[1100:1299] */
    mems_malloc(5000); /* node 1: P[5096:10095] H[10096:13287] */
    n0 = main_chain_first();
    if (n0 == NULL || (n1 = main_chain_next(n0)) == NULL ||
        n0->first == NULL || n0->first->next == NULL) {
        /* An error, not a crash: nothing to break without the nodes. */
        fprintf(stderr, "mems_checker: mems_malloc made no nodes: %s\n",
                mems_last_message());
        mems_finish();
        return 1;
    }
    a = n0->first;
    b = a->next;
    check("intact");

    n1->vstart += 8;
    check("node 1 starts 8 bytes late");
    n1->vstart -= 8;

    b->size -= 1;
    check("a segment one byte short");
    b->size += 1;

    b->hole = true;
    check("a HOLE next to a HOLE");
    b->hole = false;

    b->owner = n1;
    check("a segment that names the wrong node");
    b->owner = n0;

    n0->segments++;
    check("a sub-chain count one too high");
    n0->segments--;

    b->prev = NULL;
    check("prev and next that disagree");
    b->prev = a;

    mems.nodes++;
    check("a main chain count one too high");
    mems.nodes--;

    check("repaired");

    /* Unmapped behind MeMS's back: the kernel no longer has the pages. */
    munmap(n1->run->base, n1->run->bytes);
    check("node 1's pages unmapped");

    mems_finish();
    return 0;
}
