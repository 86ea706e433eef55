/*
 * mems_commands.h - how MeMS is driven and shown in the phase 5 program:
 * its commands, its `stats`, its checker and its picture, and the start
 * and end of the program's MeMS.
 */
#ifndef HEAPCOURSE_MEMS_COMMANDS_H
#define HEAPCOURSE_MEMS_COMMANDS_H

#include "diag.h"
#include "dot.h"
#include "script.h"

extern const struct script_command mems_commands[];

int mems_program_setup(void);     /* quiet MeMS, started: 0 or -1 */
void mems_program_teardown(void); /* everything unmapped */
void mems_program_stats(struct script *s);
void mems_program_check(struct diag_report *report);
void mems_program_draw(struct script *s, struct dot *d);
/* For `write` and `read` (the program's locate): the real bytes from a
 * virtual address (a number or a label) to the end of its PROCESS
 * segment. */
int mems_program_locate(struct script *s, const char *word,
                        unsigned char **base, size_t *size);

#endif
