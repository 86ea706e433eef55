/*
 * heap_bugs.c - a program with a memory bug on purpose, in the drop-in
 * heap's own pages, to prove the tools see it:
 *   heap_bugs overflow-small    writes 1 byte past a 64-byte block
 *   heap_bugs overflow-medium   writes 1 byte past a 5000-byte block
 *   heap_bugs use-after-free    writes into a freed medium block
 *   heap_bugs corrupt-tag       overwrites the tag after a medium block,
 *                               then allocates (for HEAPCOURSE_CHECK=1)
 * Under valgrind (thanks to the heap's client requests) and under
 * AddressSanitizer (thanks to its poisoning) each write is reported; with
 * HEAPCOURSE_CHECK=1 the corrupt tag is found at the next call.  The
 * pointers pass through a volatile variable so that the compiler cannot
 * see the bug at build time.
 */
#include <stdio.h>
#include <string.h>

#include "heap.h"

static char *opaque(char *p)
{
    char *volatile hidden = p;
    return hidden;
}

int main(int argc, char **argv)
{
    const char *bug = argc > 1 ? argv[1] : "";
    char *a, *b;

    if (strcmp(bug, "overflow-small") == 0) {
        a = opaque(heap_malloc(64));
        a[64] = 'x';
    } else if (strcmp(bug, "overflow-medium") == 0) {
        a = opaque(heap_malloc(5000));
        b = heap_malloc(5000);
        a[5000] = 'x';
        heap_free(b);
    } else if (strcmp(bug, "use-after-free") == 0) {
        a = opaque(heap_malloc(5000));
        heap_free(a);
        a[100] = 'x';
    } else if (strcmp(bug, "corrupt-tag") == 0) {
        a = opaque(heap_malloc(5000));
        b = heap_malloc(5000);
        memset(a + 5000, 0x41, 16); /* the whole tag of b */
        heap_free(heap_malloc(100));
        heap_free(b);
    } else {
        fprintf(stderr, "usage: heap_bugs overflow-small|overflow-medium|"
                        "use-after-free|corrupt-tag\n");
        return 2;
    }
    printf("the bug was not noticed\n");
    return 0;
}
