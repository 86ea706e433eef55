/*
 * script_main.c - the program around the language: its options (the ones
 * every phase has and the phase's own), --help and --version, where the
 * commands come from (SCRIPT, -c, standard input with a prompt on a
 * terminal), and the exit status.  The language itself is script.c's.
 */
#include "script_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool script_raw(const struct script *s)
{
    return s->raw;
}

/* The phase's setup before the first command: 0, or 2 (reported). */
int script_start(struct script *s)
{
    if (s->prog->setup != NULL && s->prog->setup() < 0) {
        script_fail_plain(s->prog, "%s", diag_last_error());
        return 2;
    }
    return 0;
}

/* After the last command: everything the run holds is released. */
void script_finish(struct script *s)
{
    if (s->prog->teardown != NULL)
        s->prog->teardown();
    free(s->labels);
    fflush(stdout);
}

static void print_usage(const struct script_program *prog)
{
    printf("usage: %s [options] [SCRIPT]\n%s\n\n", prog->name, prog->purpose);
    printf("Reads commands from SCRIPT, from -c 'COMMAND; COMMAND', or from "
           "standard input.\n\noptions:\n");
    printf("  %-22s %s\n", "-c COMMANDS", "run these commands instead of "
                                           "a script (';' separates them)");
    printf("  %-22s %s\n", "--strict", "stop at the first failing command");
    printf("  %-22s %s\n", "--raw", "also show real addresses");
    printf("  %-22s %s\n", "--frames DIR",
           "after each command that changes state write DIR/NNN-WORD.dot");
    printf("  %-22s %s\n", "", "(and .svg when Graphviz dot is installed)");
    if (prog->homework != NULL) {
        const struct script_homework *h = prog->homework;
        char sizes[64];
        printf("  %-22s %s\n", "--homework SEED",
               "print a homework: operations to predict, a question each");
        printf("  %-22s %s\n", "--solve",
               "with --homework: run it and print the answers");
        printf("  %-22s %s\n", "--ops N",
               "with --homework: operations asked (default 10)");
        printf("  %-22s %s\n", "--alloc-percent P",
               "with --homework: of them allocations (default 60)");
        snprintf(sizes, sizeof sizes, "%zu-%zu %s", h->min_size, h->max_size,
                 h->unit);
        printf("  %-22s %s%s)\n", "--sizes MIN-MAX",
               "with --homework: sizes drawn (default ", sizes);
    }
    for (const struct script_option *const *t = prog->options; t && *t; t++)
        for (const struct script_option *o = *t; o->name; o++) {
            char usage[64];
            snprintf(usage, sizeof usage, "%s %s", o->name, o->arg);
            printf("  %-22s %s\n", usage, o->help);
        }
    printf("  %-22s %s\n", "--help, --version", "print this, or the version");
    printf("\n");
    script_print_commands(prog);
    printf("\nexit status: 0 every command succeeded, 1 a command failed, "
           "2 bad options or unreadable script\n");
}

/* The value of an option given as "--name VALUE" or "--name=VALUE";
 * NULL if arg is not that option. */
static const char *option_value(const char *name, int argc, char **argv,
                                int *i, bool *missing)
{
    size_t len = strlen(name);

    *missing = false;
    if (strncmp(argv[*i], name, len) != 0)
        return NULL;
    if (argv[*i][len] == '=')
        return argv[*i] + len + 1;
    if (argv[*i][len] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

/* Options that take a value: -c, --frames and the phase's own.  Returns
 * 1 when argv[*i] was one of them (taken, or reported and *failed set), 0
 * when it is none of them. */
static int take_valued_option(struct script *s, int argc, char **argv,
                              int *i, const char **commands, bool *failed)
{
    const struct script_program *prog = s->prog;
    const char *arg = argv[*i], *value;
    bool missing = false;

    *failed = false;
    if ((value = option_value("-c", argc, argv, i, &missing)) != NULL) {
        *commands = value;
        return 1;
    }
    if (!missing &&
        (value = option_value("--frames", argc, argv, i, &missing)) != NULL) {
        s->frames_dir = value;
        return 1;
    }
    static const char *const homework_options[] = {
        "--homework", "--ops", "--alloc-percent", "--sizes", NULL};
    for (int k = 0; !missing && prog->homework != NULL &&
                    homework_options[k] != NULL; k++) {
        value = option_value(homework_options[k], argc, argv, i, &missing);
        if (value == NULL)
            continue;
        if (script_homework_option(s, homework_options[k], value) < 0) {
            script_fail_plain(prog, "%s: %s", homework_options[k],
                              diag_last_error());
            *failed = true;
        }
        return 1;
    }
    for (const struct script_option *const *t = prog->options;
         !missing && t != NULL && *t != NULL; t++) {
        for (const struct script_option *o = *t; !missing && o->name; o++) {
            value = option_value(o->name, argc, argv, i, &missing);
            if (value == NULL)
                continue;
            if (o->set(value) < 0) {
                script_fail_plain(prog, "%s: %s", o->name, diag_last_error());
                *failed = true;
            }
            if (s->homework.nphase_args < 8) { /* for --homework's header */
                s->homework.phase_names[s->homework.nphase_args] = o->name;
                s->homework.phase_values[s->homework.nphase_args++] = value;
            }
            return 1;
        }
    }
    if (missing) {
        script_fail_plain(prog, "option '%s' needs a value", arg);
        *failed = true;
        return 1;
    }
    return 0;
}

/* --homework's options make sense together only: false (reported) if
 * not.  commands: a SCRIPT or -c was given too. */
static bool check_homework_options(struct script *s, bool commands)
{
    const struct script_homework_request *req = &s->homework;
    const struct script_homework *gen = s->prog->homework;

    if (gen == NULL)
        return true;
    if (!req->asked && (req->solve || req->shaped)) {
        script_fail_plain(s->prog, "%s need%s --homework SEED",
                          req->solve ? "--solve" : "--ops, --alloc-percent "
                                                   "and --sizes",
                          req->solve ? "s" : "");
        return false;
    }
    if (req->asked && commands) {
        script_fail_plain(s->prog, "--homework makes its own commands: "
                                   "give no SCRIPT and no -c");
        return false;
    }
    if (req->asked && s->frames_dir != NULL && !req->solve) {
        script_fail_plain(s->prog, "--frames draws the answers: add "
                                   "--solve");
        return false;
    }
    return true;
}

/* Parse argv into s; returns the script path ("" for none), NULL on error
 * (reported), or sets *done when --help or --version answered. */
static const char *parse_options(struct script *s, int argc, char **argv,
                                 const char **commands, bool *done)
{
    const struct script_program *prog = s->prog;
    const char *script = "";
    bool only_files = false, failed;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];

        if (only_files || arg[0] != '-' || arg[1] == '\0') {
            if (*script != '\0') {
                script_fail_plain(prog, "more than one SCRIPT given "
                                        "('%s', '%s')", script, arg);
                return NULL;
            }
            script = arg;
        } else if (strcmp(arg, "--") == 0) {
            only_files = true;
        } else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            print_usage(prog);
            *done = true;
            return "";
        } else if (strcmp(arg, "--version") == 0) {
            printf("%s (heapcourse) %s\n", prog->name, HEAPCOURSE_VERSION);
            *done = true;
            return "";
        } else if (strcmp(arg, "--strict") == 0) {
            s->strict = true;
        } else if (strcmp(arg, "--raw") == 0) {
            s->raw = true;
        } else if (strcmp(arg, "--solve") == 0 && prog->homework != NULL) {
            s->homework.solve = true;
        } else if (take_valued_option(s, argc, argv, &i, commands, &failed)) {
            if (failed)
                return NULL;
        } else {
            script_fail_plain(prog, "unknown option '%s' (try --help)", arg);
            return NULL;
        }
    }
    if (*commands != NULL && *script != '\0') {
        script_fail_plain(prog, "give either -c or a SCRIPT, not both");
        return NULL;
    }
    return check_homework_options(s, *commands != NULL || *script != '\0')
               ? script : NULL;
}

static int run_input(struct script *s, const char *commands,
                     const char *script)
{
    if (commands != NULL) {
        char *copy = strdup(commands);
        if (copy == NULL) {
            script_fail_plain(s->prog, "out of memory");
            return 2;
        }
        /* A line ends at a newline: each line of -c runs in turn, as the
         * lines of a script do (script_run_line stops at the first). */
        for (char *line = copy; line != NULL && !s->quit;) {
            char *newline = strchr(line, '\n');
            if (newline != NULL)
                *newline = '\0';
            script_run_line(s, line, 0, true);
            line = newline != NULL ? newline + 1 : NULL;
        }
        free(copy);
    } else if (*script != '\0') {
        FILE *in = fopen(script, "r");
        if (in == NULL) {
            script_fail_plain(s->prog, "cannot read '%s': %s", script,
                              strerror(errno));
            return 2;
        }
        script_run_stream(s, in, false);
        fclose(in);
    } else {
        script_run_stream(s, stdin, isatty(STDIN_FILENO));
    }
    return s->failures ? 1 : 0;
}

int script_main(const struct script_program *prog, int argc, char **argv)
{
    struct script s = {.prog = prog,
                       .homework.settings = {.ops = 10, .alloc_percent = 60}};
    const char *commands = NULL, *script;
    bool done = false;
    int status;

    script = parse_options(&s, argc, argv, &commands, &done);
    if (script == NULL)
        return 2;
    if (done)
        return 0;
    if (prog->homework != NULL && !s.homework.sized) {
        s.homework.settings.min_size = prog->homework->min_size;
        s.homework.settings.max_size = prog->homework->max_size;
    }
    if (s.frames_dir != NULL &&
        script_frames_prepare(&s, s.homework.asked ? "--homework"
                                  : commands != NULL ? "-c" : script) < 0)
        return 2;
    if (s.homework.asked)
        return script_homework_run(&s);
    status = script_start(&s);
    if (status != 0)
        return status;
    status = run_input(&s, commands, script);
    script_steps_finish(&s);
    script_finish(&s);
    return status;
}
