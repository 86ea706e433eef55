/*
 * mems_example.c - a program that uses MeMS exactly as the assignment's
 * example program does: it includes nothing but mems.h (which brings
 * <stdio.h> and <stdlib.h>), keeps virtual addresses in int pointers,
 * indexes them (&v[1] is v + 4 bytes) and writes only through mems_get.
 * Compiled the way students compile theirs:
 *     cc -Iphase5 mems_example.c phase5/libmems.a
 * Its output is compared with tests/golden/phase5/example-PAGE_SIZE.out
 * (the real address it prints changes from run to run).
 */
#include "mems.h"

enum { ARRAYS = 10, INTS = 250 };

int main(void)
{
    int *arrays[ARRAYS];
    int *first, *second;

    mems_init();

    printf("\n--- mems_malloc: %d arrays of %d ints ---\n", ARRAYS, INTS);
    for (int i = 0; i < ARRAYS; i++) {
        arrays[i] = (int *)mems_malloc(sizeof(int) * INTS);
        printf("virtual address: %lu\n", (unsigned long)arrays[i]);
    }

    /* Translate the address of element 1 and write through it; then
     * translate element 0 and read element 1 back from there. */
    if (arrays[0] == NULL ||
        (second = (int *)mems_get(&arrays[0][1])) == NULL) {
        /* an error, not a crash */
        mems_finish();
        return 1;
    }
    *second = 200;
    first = (int *)mems_get(&arrays[0][0]);
    printf("virtual address: %lu\treal address: %lu\n",
           (unsigned long)arrays[0], (unsigned long)first);
    printf("value written: %d\n", first[1]);

    printf("\n--- mems_print_stats ---\n");
    mems_print_stats();

    printf("\n--- mems_free the fourth array ---\n");
    mems_free(arrays[3]);
    mems_print_stats();
    arrays[3] = (int *)mems_malloc(sizeof(int) * INTS);
    printf("virtual address: %lu\n", (unsigned long)arrays[3]);
    mems_print_stats();

    printf("\n--- mems_finish ---\n");
    mems_finish();
    return 0;
}
