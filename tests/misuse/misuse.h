/*
 * misuse.h - what the misuse programs (tests/misuse/misuse_*.c) share:
 * a way to hide a pointer from the compiler, so that a deliberate misuse
 * (a free of a stack address, a write past a block) compiles under
 * -Wall -Wextra -Werror, and the table of named cases each program runs
 * one of: `misuse_typed double-free`.  tests/MISUSE.md lists the cases.
 */
#ifndef HEAPCOURSE_MISUSE_H
#define HEAPCOURSE_MISUSE_H

#include <stdio.h>
#include <string.h>

/* p, through a volatile variable: the compiler cannot see where it
 * points, so it neither warns nor optimises the misuse away. */
static inline void *opaque(void *p)
{
    void *volatile hidden = p;
    return hidden;
}

struct misuse_case {
    const char *name; /* the argument that selects it */
    void (*run)(void);
};

/* Run the case named argv[1]; exit status 2 for an unknown name. */
static inline int misuse_main(const struct misuse_case *cases, int argc,
                              char **argv)
{
    for (const struct misuse_case *c = cases; argc == 2 && c->name; c++) {
        if (strcmp(argv[1], c->name) == 0) {
            c->run();
            return 0;
        }
    }
    fprintf(stderr, "usage: %s CASE, one of:", argv[0]);
    for (const struct misuse_case *c = cases; c->name; c++)
        fprintf(stderr, " %s", c->name);
    fputc('\n', stderr);
    return 2;
}

#endif
