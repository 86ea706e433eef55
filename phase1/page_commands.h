/*
 * page_commands.h - how the page layer is driven and shown in a phase
 * program: its commands, its options, its statistics and its picture.
 * phase1/main.c uses all of them; later phases list page_commands in their
 * own programs and draw the page layer beside their own structures.
 */
#ifndef HEAPCOURSE_PAGE_COMMANDS_H
#define HEAPCOURSE_PAGE_COMMANDS_H

#include "dot.h"
#include "script.h"

extern const struct script_command page_commands[];
extern const struct script_option page_options[];

/* The run a label names, for `write` and `read` (the program's locate). */
int page_locate(struct script *s, const char *label, unsigned char **base,
                size_t *size);

/* The `stats` lines of the page layer. */
void page_print_stats(struct script *s);

/* The live runs, the cache and the record pages as clusters, and the
 * counters in the footer. */
void page_draw(struct script *s, struct dot *d);

#endif
