/*
 * misuse_typed.c - each misuse of the typed allocator's Linux Memory
 * Manager interface (phase4/uapi_mm.h), one per run:
 * `misuse_typed CASE`.  The allocator prints its complaint ("mm: ...") on
 * standard error; this program prints on standard output what the call
 * returned and whether another block kept its contents.  Built twice: as
 * is, and with -DHEAPCOURSE_DEBUG (red zones) as misuse_typed_debug.
 */
#include <limits.h>
#include <stdlib.h>

#include "misuse.h"
#include "uapi_mm.h"

typedef struct {
    char bytes[12]; /* 12 bytes: blocks round to 16, so a write at byte 12
                       stays inside the block in a normal build */
} rec_t;

static rec_t *keep; /* a block no misuse may change */

static void setup(void)
{
    mm_init();
    MM_REG_STRUCT(rec_t);
    keep = XCALLOC(1, rec_t);
    memcpy(keep->bytes, "keep me", 8);
}

static void finish(void)
{
    printf("keep: %s\n", strcmp(keep->bytes, "keep me") == 0 ? "intact"
                                                             : "CHANGED");
}

static void show(const char *call, void *result)
{
    printf("%s -> %s\n", call, result == NULL ? "NULL" : "a block");
}

static void double_free(void)
{
    rec_t *a;

    setup();
    a = XCALLOC(1, rec_t);
    XFREE(a);
    XFREE(opaque(a));
    finish();
}

static void interior(void)
{
    rec_t *a;

    setup();
    a = XCALLOC(2, rec_t);
    XFREE((char *)opaque(a) + 4);
    XFREE(a);
    finish();
}

static void foreign(void)
{
    char *libc = malloc(16);

    setup();
    XFREE(opaque(libc));
    free(libc);
    finish();
}

static void stack(void)
{
    int on_the_stack = 0;

    setup();
    XFREE(opaque(&on_the_stack));
    finish();
}

/* One byte past the 12 asked for, then free; a new block of the same
 * size shows whether the free happened (it takes the freed place). */
static void write_past_end(void)
{
    rec_t *a, *again;

    setup();
    a = XCALLOC(1, rec_t);
    ((char *)opaque(a))[sizeof *a] = 'X';
    XFREE(a);
    again = XCALLOC(1, rec_t);
    printf("xfree(a) %s\n", again == a ? "freed it" : "kept it allocated");
    finish();
}

static void zero_units(void)
{
    setup();
    show("XCALLOC(0, rec_t)", XCALLOC(0, rec_t));
    finish();
}

static void negative_units(void)
{
    setup();
    show("XCALLOC(-1, rec_t)", XCALLOC(-1, rec_t));
    finish();
}

static void too_many_units(void)
{
    setup();
    show("XCALLOC(INT_MAX, rec_t)", XCALLOC(INT_MAX, rec_t));
    finish();
}

static void unknown_family(void)
{
    setup();
    show("xcalloc(\"emp_t\", 1)", xcalloc("emp_t", 1));
    finish();
}

/* No mm_init: the first call initialises the allocator itself. */
static void before_init(void)
{
    MM_REG_STRUCT(rec_t);
    keep = XCALLOC(1, rec_t);
    show("XCALLOC(1, rec_t) before mm_init", keep);
    memcpy(keep->bytes, "keep me", 8);
    finish();
}

int main(int argc, char **argv)
{
    static const struct misuse_case cases[] = {
        {"double-free", double_free}, {"interior", interior},
        {"foreign", foreign}, {"stack", stack},
        {"write-past-end", write_past_end}, {"zero-units", zero_units},
        {"negative-units", negative_units},
        {"too-many-units", too_many_units},
        {"unknown-family", unknown_family}, {"before-init", before_init},
        {NULL, NULL},
    };
    return misuse_main(cases, argc, argv);
}
