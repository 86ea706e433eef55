/*
 * os_commands.h - os_malloc's heap in the phase 4 program: the commands
 * malloc, calloc, realloc, free on labels, its stats lines, its picture
 * and its checker.
 */
#ifndef HEAPCOURSE_OS_COMMANDS_H
#define HEAPCOURSE_OS_COMMANDS_H

#include "dot.h"
#include "script.h"

extern const struct script_command os_commands[];

void os_print_stats(struct script *s);
void os_draw(struct script *s, struct dot *d);
void os_program_check(struct diag_report *report);
void os_program_reset(void);

/* The payload size of the os_* block at p: 0, or -1 if p is not one.
 * (Here, so that code that sees phase 3's struct block_meta need not see
 * the assignment's struct of the same name.) */
int os_program_block_size(void *p, size_t *size);

#endif
