/*
 * pool_commands.h - the bounded pool in the phase 4 program: one pool,
 * its commands, its statistics line, its picture and its checker.
 */
#ifndef HEAPCOURSE_POOL_COMMANDS_H
#define HEAPCOURSE_POOL_COMMANDS_H

#include "dot.h"
#include "script.h"

extern const struct script_command pool_commands[];

void pool_print_stats(struct script *s);
void pool_draw(struct script *s, struct dot *d);

/* The same picture of any pool (the stress test draws its own). */
struct pool;
void pool_draw_pool(struct script *s, struct dot *d, const struct pool *pool);
void pool_program_check(struct diag_report *report);

/* The size of the program's pool block whose data is p: 0, or -1 when p
 * is not one. */
int pool_program_block_size(const void *p, size_t *size);

/* Destroy the program's pool if it exists. */
void pool_program_reset(void);

#endif
