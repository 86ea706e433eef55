/*
 * uapi_mm.h - the public interface of the Linux Memory Manager course, so
 * that programs written for it compile unchanged against this course's
 * typed allocator:  cc -Iphase4 app.c phase4/libmm.a
 *
 * Misuse is reported on standard error with the prefix "mm:" and never
 * crashes: an unknown family or zero units give NULL; xfree of a pointer
 * that is not a block of ours, or of a block already free, changes nothing.
 * Debug builds (HEAPCOURSE_DEBUG) also refuse, the same way, to free a
 * block something wrote past the end of (its red zone is broken).
 * Memory from xcalloc is zeroed.
 */
#ifndef UAPI_MM_H
#define UAPI_MM_H

#include <stdint.h>

/* Prepare the allocator; call once before anything else. */
void mm_init(void);

/* Register a struct under a name, once, before allocating it. */
void mm_instantiate_new_page_family(char *struct_name, uint32_t struct_size);

#define MM_REG_STRUCT(struct_name) \
    mm_instantiate_new_page_family(#struct_name, sizeof(struct_name))

/* `units` zeroed structs of the named family, in one block, or NULL. */
void *xcalloc(char *struct_name, int units);

#define XCALLOC(units, struct_name) xcalloc(#struct_name, units)

/* Give a block from xcalloc back. */
void xfree(void *app_data);

#define XFREE(ptr) xfree(ptr)

/* Reports on standard output. */
void mm_print_registered_page_families(void);
void mm_print_memory_usage(char *struct_name); /* NULL: every family */
void mm_print_block_usage(void);

#endif
