/*
 * block_commands.h - how the block layer is driven and shown in a phase
 * program: its commands, statistics and picture.
 */
#ifndef HEAPCOURSE_BLOCK_COMMANDS_H
#define HEAPCOURSE_BLOCK_COMMANDS_H

#include "dot.h"
#include "script.h"

extern const struct script_command block_commands[];

/* The `stats` lines of the block layer: sizes and, per family, the cost. */
void block_print_stats(struct script *s);

/* Each family a cluster, each of its pages a strip of cells. */
void block_draw(struct script *s, struct dot *d);

#endif
