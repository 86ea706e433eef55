/*
 * diag.c - the per-thread "last error" text and the checker's report.
 * Used by library code of every phase, so it neither allocates nor prints:
 * texts are formatted into fixed buffers with vsnprintf.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char last_error[DIAG_TEXT_MAX];

int diag_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return -1;
}

const char *diag_last_error(void)
{
    return last_error;
}

void diag_clear(void)
{
    last_error[0] = '\0';
}

void diag_problem(struct diag_report *report, const char *fmt, ...)
{
    char line[DIAG_TEXT_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    report->problems++;
    if (report->sink != NULL)
        report->sink(report->arg, line);
}
