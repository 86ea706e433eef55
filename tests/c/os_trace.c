/*
 * os_trace.c - a short program whose os_* calls are traced with strace
 * (tests/phase4.bats): before each step it calls getppid(), a system call
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
    void *a, *b, *big, *c, *z;

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
    step(); /* 8: end */
    return 0;
}
