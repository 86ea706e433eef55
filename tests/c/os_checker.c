/*
 * os_checker.c - os_malloc's checker finds each broken invariant.  Lays
 * out the brk heap as four blocks (100, 200 and 8000 bytes, and the free
 * rest) and maps two blocks (os_malloc of 200000 bytes, os_calloc of
 * 5000), then breaks the headers (phase4/os/os_heap.h) on purpose, one
 * invariant at a time, runs os_heap_check, prints what it reported, and
 * repairs the damage before the next one (a clean check in between proves
 * the repair).  tests/phase4-checker.bats compares the output with
 * tests/golden/phase4/os_checker.out.
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "checker_test.h"
#include "os_heap.h"
#include "osmem.h"

static void check(const char *what)
{
    checker_run(what, os_heap_check);
}

static struct block_meta *header(void *payload)
{
    return (struct block_meta *)((char *)payload - OS_META_SIZE);
}

/* A header that claims to be a mapped block, at `where` (memory of ours),
 * linked after the last mapped block `last`. */
static struct block_meta *fake_mapped(void *where, struct block_meta *last)
{
    struct block_meta *fake = where;

    fake->size = 2 * (size_t)getpagesize();
    fake->status = STATUS_MAPPED;
    fake->prev = last;
    fake->next = NULL;
    last->next = fake;
    return fake;
}

int main(void)
{
    static _Alignas(4096) unsigned char outside[8192];
    struct block_meta *b0, *b1, *b2, *b3, *m0, *m1;
    char *big;
    size_t page = (size_t)getpagesize();

    b0 = header(os_malloc(100));
    b1 = header(os_malloc(200));
    big = os_malloc(8000);
    b2 = header(big);
    b3 = b2->next; /* the free rest of the preallocation */
    m1 = header(os_malloc(200000));
    m0 = header(os_calloc(1, 5000)); /* mapped: above a page */
    check("intact");

    b1->prev = NULL;
    check("a brk block whose prev link is lost");
    b1->prev = b0;

    b0->size += OS_ALIGNMENT;
    check("a brk block grown into the next header");
    b0->size -= OS_ALIGNMENT;

    b1->size -= 4;
    check("a brk block size that is not a multiple of 8");
    b1->size += 4;

    b0->status = 7;
    check("a brk block of status 7");
    b0->status = STATUS_ALLOC;

    b1->status = STATUS_MAPPED;
    check("a brk block that says it is mapped");
    b1->status = STATUS_ALLOC;

    b3->size -= OS_ALIGNMENT;
    check("the last brk block 8 bytes short of the heap's end");
    b3->size += OS_ALIGNMENT;

    b3->next = b0;
    b0->prev = b3;
    check("a brk chain that returns to its first block");
    b0->prev = NULL;
    b3->next = NULL;

    m1->status = STATUS_ALLOC;
    check("a mapped block that says it is allocated in the heap");
    m1->status = STATUS_MAPPED;

    m1->prev = NULL;
    check("a mapped block whose prev link is lost");
    m1->prev = m0;

    m0->size -= 4;
    check("a mapped block size that is not a multiple of 8");
    m0->size += 4;

    m0->size = 64;
    check("a mapped block smaller than a page");
    m0->size = OS_ALIGN(5000);

    fake_mapped(outside + 8, m1);
    check("a mapped block that is not page-aligned");
    m1->next = NULL;

    /* A page boundary inside the 8000-byte brk block. */
    fake_mapped(big + (page - (uintptr_t)big % page), m1);
    check("a mapped block inside the brk heap");
    m1->next = NULL;

    check("repaired");
    os_heap_reset(); /* unmaps the mapped blocks; brk never shrinks */
    return 0;
}
