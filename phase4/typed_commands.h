/*
 * typed_commands.h - how the typed allocator is driven and shown in a
 * phase program: its commands, statistics and picture.
 */
#ifndef HEAPCOURSE_TYPED_COMMANDS_H
#define HEAPCOURSE_TYPED_COMMANDS_H

#include "chain.h"
#include "dot.h"
#include "script.h"

extern const struct script_command typed_commands[];
/* --fit POLICY, and the policy it chose (worst when not given). */
extern const struct script_option typed_options[];
enum chain_policy typed_start_policy(void);

/* The engine's counters and, per family, blocks and bytes. */
void typed_print_stats(struct script *s);

/* Each family a cluster, each page a strip of meta/data/gap cells, the
 * free list as dashed edges in the order the policy keeps it. */
void typed_draw(struct script *s, struct dot *d);

#endif
