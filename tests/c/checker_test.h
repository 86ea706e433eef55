/*
 * checker_test.h - what every checker test (tests/c/NAME_checker.c) shares.
 * Such a test breaks one invariant at a time, runs the checker under test
 * and prints what it reported, then repairs the damage before the next
 * one; its Bats test compares the output with a golden file.
 */
#ifndef HEAPCOURSE_CHECKER_TEST_H
#define HEAPCOURSE_CHECKER_TEST_H

#include <stdio.h>

#include "diag.h"

static inline void checker_print_problem(void *arg, const char *line)
{
    (void)arg;
    printf("  %s\n", line);
}

/* Print "WHAT:", then each line the checker reports, indented, or "  ok"
 * when it reports none. */
static inline void checker_run(const char *what,
                               void (*checker)(struct diag_report *report))
{
    struct diag_report report = {.sink = checker_print_problem};

    printf("%s:\n", what);
    checker(&report);
    if (report.problems == 0)
        printf("  ok\n");
}

#endif
