/*
 * mems_errors.c - every misuse of the MeMS interface, called the way a
 * program would, while two segments hold data.  For each misuse it prints
 * the result and mems_last_error()'s code; MeMS itself prints its one
 * error line on standard error.  After all of them it checks that the
 * data survived and the stats did not change.  tests/phase5.bats compares
 * both streams with tests/golden/phase5/mems_errors.{out,err}.
 * It also covers the two calls bindings use (mems_room, mems_write_stats).
 */
#include <stdint.h>
#include <string.h>

#include "mems.h"

/* Print what a call returned and the code it left. */
static void show(const char *call, const void *result)
{
    printf("%-34s -> %s, %s\n", call, result == NULL ? "NULL" : "non-NULL",
           mems_strerror(mems_last_error()));
}

static void show_size(const char *call, size_t result)
{
    printf("%-34s -> %zu, %s\n", call, result,
           mems_strerror(mems_last_error()));
}

static void show_void(const char *call)
{
    printf("%-34s -> %s\n", call, mems_strerror(mems_last_error()));
}

/* An address passed through a volatile variable, so that the compiler
 * cannot see what is done with it. */
static void *opaque(uintptr_t v)
{
    volatile uintptr_t hidden = v;
    return (void *)hidden;
}

int main(void)
{
    char *a, *b;

    printf("-- before mems_init\n");
    show("mems_malloc(10)", mems_malloc(10));
    show("mems_get(1000)", mems_get(opaque(1000)));
    mems_free(opaque(1000));
    show_void("mems_free(1000)");
    mems_print_stats();
    show_void("mems_print_stats()");
    mems_finish();
    show_void("mems_finish()");
    show_size("mems_room(1000)", mems_room(opaque(1000)));
    mems_write_stats(stdout);
    show_void("mems_write_stats(stdout)");

    mems_init();
    show_void("mems_init()");
    mems_init();
    show_void("mems_init() again");

    a = mems_malloc(100);  /* 1000..1099 */
    b = mems_malloc(5000); /* a node of 2 pages: 5096..10095 */
    if (mems_get(a) == NULL || mems_get(b) == NULL) {
        mems_finish(); /* an error, not a crash */
        return 1;
    }
    strcpy(mems_get(a), "kept in a");
    strcpy(mems_get(b), "kept in b");
    mems_free(mems_malloc(50)); /* a HOLE at 1100..5095 */
    printf("-- with a = %lu and b = %lu live\n", (unsigned long)(uintptr_t)a,
           (unsigned long)(uintptr_t)b);
    mems_print_stats();

    show("mems_malloc(0)", mems_malloc(0));
    show("mems_malloc(SIZE_MAX)", mems_malloc(SIZE_MAX));
    show("mems_malloc(SIZE_MAX - 4095)", mems_malloc(SIZE_MAX - 4095));
    show("mems_get(NULL)", mems_get(NULL));
    show("mems_get(999)", mems_get(opaque(999)));
    show("mems_get(13288): past the end", mems_get(opaque(13288)));
    show("mems_get(1100): in a HOLE", mems_get(opaque(1100)));
    show("mems_get(5095): in a HOLE", mems_get(opaque(5095)));
    mems_free(NULL);
    show_void("mems_free(NULL)");
    mems_free(opaque(999));
    show_void("mems_free(999)");
    mems_free(opaque(UINTPTR_MAX));
    show_void("mems_free(UINTPTR_MAX)");
    mems_free(opaque(1100));
    show_void("mems_free(1100): a HOLE");
    mems_free(a + 1);
    show_void("mems_free(a + 1): inside a");
    mems_free(b + 4999);
    show_void("mems_free(b + 4999): b's last byte");

    printf("-- mems_room: bytes to the end of a PROCESS segment\n");
    show_size("mems_room(a)", mems_room(a));
    show_size("mems_room(a + 99): a's last byte", mems_room(a + 99));
    show_size("mems_room(b + 4000)", mems_room(b + 4000));
    show_size("mems_room(999)", mems_room(opaque(999)));
    show_size("mems_room(1100): in a HOLE", mems_room(opaque(1100)));
    show_size("mems_room(13288): past the end", mems_room(opaque(13288)));

    printf("-- after the misuse: a says \"%s\", b says \"%s\"\n",
           (char *)mems_get(a), (char *)mems_get(b));
    mems_print_stats();
    printf("-- mems_write_stats(stdout): the same text\n");
    mems_write_stats(stdout);

    mems_free(a);
    show_void("mems_free(a)");
    mems_free(a);
    show_void("mems_free(a) again: double free");
    show("mems_get(a) after its free", mems_get(a));
    printf("-- b still says \"%s\"\n", (char *)mems_get(b));

    mems_finish();
    show_void("mems_finish()");
    show("mems_malloc(10) after mems_finish", mems_malloc(10));
    show("mems_get(b) after mems_finish", mems_get(b));
    mems_free(b);
    show_void("mems_free(b) after mems_finish");
    show_size("mems_room(b) after mems_finish", mems_room(b));
    mems_finish();
    show_void("mems_finish() again");

    mems_init();
    printf("-- mems_init again: the first address is %lu\n",
           (unsigned long)(uintptr_t)mems_malloc(1));
    mems_finish();
    return 0;
}
