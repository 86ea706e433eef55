/*
 * script_sandbox.c - the fuzzers' way in (script_run_sandboxed; make fuzz,
 * tests/fuzz/): any bytes run as a script, with no options, no frames and
 * no file a command could touch, the program's checker after every
 * command, and setup and teardown around each input so nothing survives
 * from one to the next.  tests/c/script_sandbox.c checks these promises.
 */
#include "script_internal.h"

#include <stdlib.h>
#include <string.h>

bool script_files_allowed(const struct script *s)
{
    return !s->sandboxed;
}

static void print_problem_to_stderr(void *arg, const char *line)
{
    (void)arg;
    fprintf(stderr, "check: %s\n", line);
}

/* A sandboxed run checks the heap after every command: a problem is a bug
 * in the allocator (no command may break an invariant, whatever its
 * words), so the run stops at once with abort(), which a fuzzer records
 * as a crash together with the input that caused it. */
void script_sandbox_check(struct script *s)
{
    struct diag_report report = {.sink = print_problem_to_stderr};
    char command[SCRIPT_SHOWN_MAX + 1];

    s->prog->check(&report);
    if (report.problems == 0)
        return;
    fprintf(stderr, "%s: heap check failed after line %u: %s\n",
            s->prog->name, s->line,
            script_show(command, s->command_text, s->command_length));
    abort();
}

int script_run_sandboxed(const struct script_program *prog, const char *text,
                         size_t length)
{
    struct script s = {.prog = prog, .sandboxed = true};
    char *copy = malloc(length + 1), *line;
    unsigned number = 0;
    int status;

    if (copy == NULL) {
        script_fail_plain(prog, "out of memory");
        return 2;
    }
    /* Any bytes at all: a NUL ends a line as a newline does. */
    for (size_t i = 0; i < length; i++)
        copy[i] = text[i] == '\0' ? '\n' : text[i];
    copy[length] = '\0';
    status = script_start(&s);
    for (line = copy; status == 0 && line != NULL && !s.quit;) {
        char *newline = strchr(line, '\n');
        if (newline != NULL)
            *newline = '\0';
        script_run_line(&s, line, ++number, false);
        line = newline != NULL ? newline + 1 : NULL;
    }
    free(copy);
    if (status != 0)
        return status;
    script_finish(&s);
    return s.failures ? 1 : 0;
}
