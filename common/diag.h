/*
 * diag.h - how library code says what went wrong.
 *
 * Library code (the page layer and everything an allocator links) never
 * prints and never exits: a failing call returns NULL or -1 and records a
 * one-line reason with diag_error(); the program that called it decides
 * how to show it (diag_last_error()).  The heap checkers report each broken
 * invariant through a struct diag_report, which counts the problems and
 * hands each line to whatever sink the caller chose (stdout in the phase
 * programs, standard error or nothing in a drop-in malloc).
 */
#ifndef HEAPCOURSE_DIAG_H
#define HEAPCOURSE_DIAG_H

#include <stddef.h>

#if defined(__GNUC__)
#define DIAG_PRINTF(fmt_index, first_arg) \
    __attribute__((format(printf, fmt_index, first_arg)))
#else
#define DIAG_PRINTF(fmt_index, first_arg)
#endif

enum { DIAG_TEXT_MAX = 256 };

/* Record why the current call failed (per thread; replaces the last one).
 * Always returns -1 so a failing path can say `return diag_error(...)`. */
int diag_error(const char *fmt, ...) DIAG_PRINTF(1, 2);

/* The last reason recorded on this thread ("" if none). */
const char *diag_last_error(void);

/* Forget the last reason. */
void diag_clear(void);

/* A heap checker's report: one call of sink per broken invariant. */
struct diag_report {
    void (*sink)(void *arg, const char *line); /* NULL: count only */
    void *arg;                                 /* passed to sink */
    int problems;                              /* lines reported so far */
};

/* Report one broken invariant (formatted like printf, one line). */
void diag_problem(struct diag_report *report, const char *fmt, ...)
    DIAG_PRINTF(2, 3);

#endif
