/*
 * script_sandbox.c - what a sandboxed run (script_run_sandboxed, the
 * fuzzers' way in; common/script.h) promises, on a toy program whose one
 * piece of state is a counter: setup before and teardown after every run,
 * no command that touches a file, a NUL ending a line as a newline does,
 * and the program's check after every command, a problem aborting the
 * process.  tests/common.bats runs it:
 *   script_sandbox RUN TEXT   run TEXT (\0 written as "\\0") sandboxed
 *                             twice and print what happened
 */
#include <stdio.h>
#include <string.h>

#include "script.h"

static int counter;      /* the toy's state: `add N` adds, `break` breaks */
static int setups, teardowns;
static int files_refused;

static int cmd_add(struct script *s, int argc, char **argv)
{
    size_t n;

    (void)argc;
    if (script_size_arg(s, argv[0], "amount", &n) < 0)
        return -1;
    counter += (int)(n % 1000);
    return 0;
}

/* Makes the toy's invariant (counter < 1000) false. */
static int cmd_break(struct script *s, int argc, char **argv)
{
    (void)s;
    (void)argc;
    (void)argv;
    counter = 1000;
    return 0;
}

/* What a command that reads a file asks first (phase 4's `trace FILE`). */
static int cmd_load(struct script *s, int argc, char **argv)
{
    (void)argc;
    if (!script_files_allowed(s)) {
        files_refused++;
        return script_fail(s, "not reading '%s' (sandboxed)", argv[0]);
    }
    return 0;
}

static const struct script_command toy_commands[] = {
    {"add", "N", "add N to the counter", 1, 1, SCRIPT_CHANGES, cmd_add},
    {"break", "", "break the invariant", 0, 0, SCRIPT_CHANGES, cmd_break},
    {"load", "FILE", "read a file", 1, 1, 0, cmd_load},
    {0},
};
static const struct script_command *const tables[] = {toy_commands, NULL};

static int toy_setup(void)
{
    setups++;
    return 0;
}

static void toy_stats(struct script *s)
{
    (void)s;
    printf("counter %d\n", counter);
}

static void toy_check(struct diag_report *r)
{
    if (counter >= 1000)
        diag_problem(r, "counter %d is not below 1000", counter);
}

static void toy_dump(struct script *s, struct dot *d)
{
    (void)s;
    (void)d;
}

static void toy_teardown(void)
{
    teardowns++;
    counter = 0;
}

static const struct script_program toy = {
    .name = "toy",
    .purpose = "a counter",
    .tables = tables,
    .setup = toy_setup,
    .stats = toy_stats,
    .check = toy_check,
    .dump = toy_dump,
    .teardown = toy_teardown,
};

int main(int argc, char **argv)
{
    char text[4096];
    size_t length = 0;

    if (argc != 3 || strcmp(argv[1], "RUN") != 0) {
        fprintf(stderr, "usage: script_sandbox RUN TEXT\n");
        return 2;
    }
    /* "\0" in the argument stands for a NUL byte. */
    for (const char *p = argv[2]; *p != '\0' && length < sizeof text; p++) {
        if (p[0] == '\\' && p[1] == '0') {
            text[length++] = '\0';
            p++;
        } else {
            text[length++] = *p;
        }
    }
    for (int run = 1; run <= 2; run++) {
        int status = script_run_sandboxed(&toy, text, length);
        printf("run %d: status %d, counter %d after teardown\n", run, status,
               counter);
    }
    printf("setups %d, teardowns %d, files refused %d\n", setups, teardowns,
           files_refused);
    return 0;
}
