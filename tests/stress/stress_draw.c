/*
 * stress_draw.c - the heap as a Graphviz picture when a check fails, drawn
 * by the phase programs' own picture code (typed_draw, os_draw, ...) or,
 * for libheap, which has no phase program, by phase4/heap/heap_draw.c.  The
 * programs' functions take the interpreter's state (struct script, for the
 * labels they print), which only script_main creates, so the picture is
 * made by running the interpreter on one command: `dump PATH`.  Blocks
 * show as "used": the stress driver binds no labels.
 */
#include <stdio.h>

#include "script.h"
#include "stress.h"

static void (*picture)(struct script *s, struct dot *d);

static void dump(struct script *s, struct dot *d)
{
    picture(s, d);
}

int stress_draw(const char *name, const char *path,
                void (*draw)(struct script *s, struct dot *d))
{
    static const struct script_command *const no_commands[] = {NULL};
    const struct script_program program = {
        .name = name,
        .purpose = "draw the heap of a failed stress check",
        .tables = no_commands,
        .dump = dump,
    };
    char command[4096];
    char *argv[] = {(char *)name, "-c", command, NULL};

    if ((size_t)snprintf(command, sizeof command, "dump \"%s\"", path) >=
        sizeof command)
        return -1;
    picture = draw;
    return script_main(&program, 3, argv) == 0 ? 0 : -1;
}
