/*
 * os_trace.c - a short program whose os_* calls are traced with strace
 * (tests/phase4-os.bats): before each step it calls getppid(), a system call
 * os_* never makes, so the trace can be cut into steps and the brk, mmap
 * and munmap calls of each step compared with the assignment's rules.
 * It prints nothing itself, so the C library's stdio never touches brk.
 */
#include <unistd.h>

#include "osmem.h"

static void step(void)
{
    (void)getppid();
}

int main(void)
{
    void *a, *b, *big, *c, *z, *x, *y;

    step(); /* 1: the first small block preallocates 128 KiB with one brk */
    a = os_malloc(100);
    step(); /* 2: another small block: no system call */
    b = os_malloc(1000);
    step(); /* 3: 128 KiB or more: one mmap of header + aligned size */
    big = os_malloc(200000);
    step(); /* 4: freeing it: one munmap of the same length */
    os_free(big);
    step(); /* 5: 130000 bytes, more than the free last block's 129872:
             * that block grows by the difference, 128 bytes of brk */
    c = os_malloc(130000);
    step(); /* 6: os_calloc of a page: mmap */
    z = os_calloc(1, 4096);
    step(); /* 7: brk blocks freed: no system call (the heap never shrinks) */
    os_free(a);
    os_free(b);
    os_free(c);
    os_free(z);
    step(); /* 8: two blocks from the merged free heap, the rest of it
             * (130000 bytes) after y: no system call */
    x = os_malloc(1000);
    y = os_malloc(100);
    step(); /* 9: y grows to 131000: the free rest it absorbs is not
             * enough, and y was not the last block, so it moves to a new
             * block: 32 + 131000 bytes of brk (not 864 bytes in place) */
    y = os_realloc(y, 131000);
    step(); /* 10: y, now the last block, grows in place: 24 bytes */
    y = os_realloc(y, 131024);
    step(); /* 11: no system call */
    os_free(x);
    os_free(y);
    step(); /* 12: end */
    return 0;
}
