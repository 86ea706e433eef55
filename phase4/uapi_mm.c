/*
 * uapi_mm.c - the Linux Memory Manager interface (uapi_mm.h) over the
 * typed allocator (typed.c) and the family registry (phase 2).  It only
 * translates: names to families, errors to "mm:" lines on standard error,
 * and the reports to standard output.
 */
#include <stdio.h>
#include <string.h>

#include "family.h"
#include "typed_report.h"
/* phase 2 defines MM_REG_STRUCT for its own API; this file implements the
 * Linux Memory Manager's, which uapi_mm.h defines. */
#undef MM_REG_STRUCT
#include "uapi_mm.h"

static int initialised; /* mm_init was called */

void mm_init(void)
{
    typed_setup();
    initialised = 1;
}

/* Programs that forget mm_init still get a working allocator. */
static void ensure_init(void)
{
    if (!initialised)
        mm_init();
}

void mm_instantiate_new_page_family(char *struct_name, uint32_t struct_size)
{
    ensure_init();
    if (family_register(struct_name, struct_size) == NULL)
        fprintf(stderr, "mm: cannot register '%s': %s\n", struct_name,
                diag_last_error());
}

void *xcalloc(char *struct_name, int units)
{
    struct family *f;
    void *data;

    ensure_init();
    f = family_lookup(struct_name);
    if (f == NULL) {
        fprintf(stderr, "mm: xcalloc: %s\n", diag_last_error());
        return NULL;
    }
    if (units <= 0) {
        fprintf(stderr, "mm: xcalloc: units must be at least 1, not %d\n",
                units);
        return NULL;
    }
    data = typed_alloc(f, (size_t)units, NULL);
    if (data == NULL)
        fprintf(stderr, "mm: xcalloc: %s\n", diag_last_error());
    return data;
}

void xfree(void *app_data)
{
    if (typed_free(app_data, NULL) < 0)
        fprintf(stderr, "mm: xfree: %s\n", diag_last_error());
}

void mm_print_registered_page_families(void)
{
    for (const struct family *f = family_next(NULL); f; f = family_next(f))
        printf("Page Family : %s, Size = %u\n", f->name, f->size);
}

void mm_print_memory_usage(char *struct_name)
{
    for (const struct family *f = family_next(NULL); f; f = family_next(f))
        if (struct_name == NULL || strcmp(struct_name, f->name) == 0)
            typed_print_usage(stdout, f);
    printf("pages in use   %zu (%zu bytes)\n", page_totals()->live_pages,
           page_totals()->live_pages * page_size());
}

void mm_print_block_usage(void)
{
    for (const struct family *f = family_next(NULL); f; f = family_next(f))
        typed_print_blocks(stdout, f, NULL, NULL);
}
