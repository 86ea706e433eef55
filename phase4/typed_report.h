/*
 * typed_report.h - the typed allocator's reports, shared by the phase 4
 * program (usage, blocks) and the Linux Memory Manager API
 * (mm_print_memory_usage, mm_print_block_usage): printed with stdio, so
 * never called from an allocation path.
 */
#ifndef HEAPCOURSE_TYPED_REPORT_H
#define HEAPCOURSE_TYPED_REPORT_H

#include <stdio.h>

#include "typed.h"

/* A name for the block whose data is at `data`, or NULL (labels in the
 * program; nothing in the C API). */
typedef const char *(*typed_namer)(const void *data, void *arg);

/* One line: TBC, FBC, OBC, AppMemUsage, hard fragmentation, pages. */
void typed_print_usage(FILE *out, const struct family *f);

/* Each page of f with its blocks: offsets, size, state, gap, name. */
void typed_print_blocks(FILE *out, const struct family *f, typed_namer namer,
                        void *arg);

#endif
