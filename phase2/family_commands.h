/*
 * family_commands.h - how the family registry is driven and shown in a
 * phase program: its commands, statistics and picture.
 */
#ifndef HEAPCOURSE_FAMILY_COMMANDS_H
#define HEAPCOURSE_FAMILY_COMMANDS_H

#include "dot.h"
#include "script.h"

extern const struct script_command family_commands[];

/* The family named `name`, or NULL after reporting the command's
 * failure ("no family named ..."): for the commands of later phases. */
struct family *family_named(struct script *s, const char *name);

/* The `stats` lines of the registry (family pages, records per page). */
void family_print_stats(struct script *s);

/* Each family page as a cluster holding its families, pages chained. */
void family_draw(struct script *s, struct dot *d);

#endif
