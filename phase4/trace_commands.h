/*
 * trace_commands.h - the phase 4 program's `trace FILE [ALLOCATOR]`
 * (phase4/README.md, "Measuring allocators with traces"): replay a trace
 * against the course's allocators.
 */
#ifndef HEAPCOURSE_TRACE_COMMANDS_H
#define HEAPCOURSE_TRACE_COMMANDS_H

#include "script.h"

extern const struct script_command trace_commands[];

#endif
