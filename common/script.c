/*
 * script.c - the command-script interpreter shared by every phase program:
 * options, input sources, splitting lines into commands and words, labels,
 * the commands every phase has, errors and exit codes, and --frames.
 * Program code, not library code: it may use stdio and malloc.
 * The language itself is specified in shared/DESIGN.md and taught in the
 * top-level README.md; tests/common.bats exercises every rule.
 */
#include "script.h"

#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

enum {
    LABEL_MAX = 31, /* longest label name */
    WORDS_MAX = 64, /* most words in one command */
};

/* A label names a command's result.  Freed labels stay in the table so a
 * later use can say "was freed" rather than "unknown". */
struct label {
    char name[LABEL_MAX + 1]; /* the label as written */
    void *value;              /* what the command returned */
    bool live;                /* false once freed (script_release) */
};

struct script {
    const struct script_program *prog; /* the phase being run */
    struct label *labels;              /* every label ever bound */
    size_t nlabels, label_cap;         /* used and allocated entries */
    bool strict;                       /* --strict */
    bool raw;                          /* --raw */
    bool quit;                         /* `quit` seen */
    bool sandboxed;                    /* no files (script_run_sandboxed) */
    const char *frames_dir;            /* --frames DIR, or NULL */
    bool have_dot;                     /* `dot` found on PATH */
    unsigned failures;                 /* commands that failed */
    unsigned commands_run;             /* commands executed so far */
    unsigned line;                     /* L of the error format */
    const char *command_text;          /* the command being run */
    const char *result_label;          /* its `label =`, or NULL */
    char word0[64];                    /* its command word (frames) */
};

/* ---- errors ----------------------------------------------------------- */

int script_fail(struct script *s, const char *fmt, ...)
{
    char what[2 * DIAG_TEXT_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    fflush(stdout); /* keep stdout and stderr in order on a terminal */
    fprintf(stderr, "%s: error: %s (line %u: %s)\n", s->prog->name, what,
            s->line, s->command_text);
    return -1;
}

/* An error outside any command (options, files): no line part. */
static void fail_plain(const struct script_program *prog, const char *fmt,
                       ...) DIAG_PRINTF(2, 3);
static void fail_plain(const struct script_program *prog, const char *fmt,
                       ...)
{
    va_list ap;

    fprintf(stderr, "%s: error: ", prog->name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* ---- numbers ---------------------------------------------------------- */

int script_parse_size(const char *word, const char *what, size_t *out)
{
    const char *digits = word;
    unsigned base = 10;
    size_t value = 0;

    if (word[0] == '-')
        return diag_error("%s '%s' is negative", what, word);
    if (word[0] == '0' && (word[1] == 'x' || word[1] == 'X')) {
        base = 16;
        digits = word + 2;
    }
    if (*digits == '\0')
        return diag_error("%s '%s' is not a number", what, word);
    for (const char *c = digits; *c != '\0'; c++) {
        unsigned digit;
        if (*c >= '0' && *c <= '9')
            digit = (unsigned)(*c - '0');
        else if (base == 16 && *c >= 'a' && *c <= 'f')
            digit = (unsigned)(*c - 'a' + 10);
        else if (base == 16 && *c >= 'A' && *c <= 'F')
            digit = (unsigned)(*c - 'A' + 10);
        else
            return diag_error("%s '%s' is not a number", what, word);
        if (value > (SIZE_MAX - digit) / base)
            return diag_error("%s '%s' is too large", what, word);
        value = value * base + digit;
    }
    *out = value;
    return 0;
}

int script_size_arg(struct script *s, const char *word, const char *what,
                    size_t *out)
{
    if (script_parse_size(word, what, out) < 0)
        return script_fail(s, "%s", diag_last_error());
    return 0;
}

/* ---- labels ----------------------------------------------------------- */

static struct label *find_label(const struct script *s, const char *name)
{
    for (size_t i = 0; i < s->nlabels; i++)
        if (strcmp(s->labels[i].name, name) == 0)
            return &s->labels[i];
    return NULL;
}

static bool valid_label(const char *name)
{
    size_t len = strlen(name);

    if (len == 0 || len > LABEL_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      c == '_';
        if (!letter && !(i > 0 && c >= '0' && c <= '9'))
            return false;
    }
    return true;
}

int script_label_value(struct script *s, const char *label, void **value)
{
    const struct label *l = find_label(s, label);

    if (l == NULL)
        return script_fail(s, "unknown label '%s'", label);
    if (!l->live)
        return script_fail(s, "label '%s' was freed", label);
    *value = l->value;
    return 0;
}

const char *script_result_label(const struct script *s)
{
    return s->result_label;
}

void script_bind_result(struct script *s, void *value)
{
    struct label *l;

    if (s->result_label == NULL)
        return;
    l = find_label(s, s->result_label);
    if (l == NULL) {
        if (s->nlabels == s->label_cap) {
            size_t cap = s->label_cap ? 2 * s->label_cap : 16;
            struct label *grown = realloc(s->labels, cap * sizeof *grown);
            if (grown == NULL) {
                script_fail(s, "out of memory for labels");
                return;
            }
            s->labels = grown;
            s->label_cap = cap;
        }
        l = &s->labels[s->nlabels++];
        snprintf(l->name, sizeof l->name, "%s", s->result_label);
    }
    l->value = value;
    l->live = true;
}

void script_release(struct script *s, const char *label)
{
    struct label *l = find_label(s, label);
    if (l != NULL)
        l->live = false;
}

void script_release_all(struct script *s)
{
    for (size_t i = 0; i < s->nlabels; i++)
        s->labels[i].live = false;
}

void script_rebind(struct script *s, const char *label, void *value)
{
    struct label *l = find_label(s, label);
    if (l != NULL)
        l->value = value;
}

const char *script_label_of(const struct script *s, const void *value)
{
    for (size_t i = 0; i < s->nlabels; i++)
        if (s->labels[i].live && s->labels[i].value == value)
            return s->labels[i].name;
    return NULL;
}

bool script_files_allowed(const struct script *s)
{
    return !s->sandboxed;
}

bool script_raw(const struct script *s)
{
    return s->raw;
}

/* ---- reading and writing labelled memory --------------------------------- */

/* Parse OFFSET (argv[1]) and check that `length` bytes from it fit in the
 * `size` bytes the label argv[0] names. */
static int checked_offset(struct script *s, char **argv, size_t length,
                          size_t size, const char *verb, size_t *offset)
{
    if (script_size_arg(s, argv[1], "offset", offset) < 0)
        return -1;
    if (*offset > size || length > size - *offset)
        return script_fail(s, "%s of %zu byte%s at offset %zu is outside %s "
                              "(%zu bytes)", verb, length,
                           length == 1 ? "" : "s", *offset, argv[0], size);
    return 0;
}

int script_write_bytes(struct script *s, char **argv, unsigned char *base,
                       size_t size)
{
    size_t offset, length = strlen(argv[2]);

    if (checked_offset(s, argv, length, size, "write", &offset) < 0)
        return -1;
    memcpy(base + offset, argv[2], length);
    printf("%s: wrote %zu byte%s at offset %zu\n", argv[0], length,
           length == 1 ? "" : "s", offset);
    return 0;
}

/* Print bytes as a quoted string: printable ASCII as is, the rest as C
 * escapes, so zeroed memory shows as \0. */
static void print_bytes(const unsigned char *p, size_t n)
{
    putchar('"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c == '\n')
            printf("\\n");
        else if (c == '\0')
            printf("\\0");
        else if (c >= 0x20 && c < 0x7f)
            putchar(c);
        else
            printf("\\x%02x", c);
    }
    putchar('"');
}

int script_read_bytes(struct script *s, char **argv,
                      const unsigned char *base, size_t size)
{
    size_t offset, length;

    if (script_size_arg(s, argv[2], "length", &length) < 0 ||
        checked_offset(s, argv, length, size, "read", &offset) < 0)
        return -1;
    printf("%s @%zu: ", argv[0], offset);
    print_bytes(base + offset, length);
    putchar('\n');
    return 0;
}

/* ---- the commands every phase has ------------------------------------- */

static int run_help(struct script *s, int argc, char **argv);

static int run_stats(struct script *s, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    s->prog->stats(s);
    return 0;
}

static void print_problem(void *arg, const char *line)
{
    (void)arg;
    printf("check: %s\n", line);
}

static int run_check(struct script *s, int argc, char **argv)
{
    struct diag_report report = {.sink = print_problem};

    (void)argc;
    (void)argv;
    s->prog->check(&report);
    if (report.problems == 0) {
        printf("check: ok\n");
        return 0;
    }
    return script_fail(s, "heap check found %d problem%s", report.problems,
                       report.problems == 1 ? "" : "s");
}

static int write_dot_file(struct script *s, const char *path,
                          const char *title)
{
    struct dot d;
    FILE *out = fopen(path, "w");

    if (out == NULL)
        return script_fail(s, "cannot write '%s': %s", path,
                           strerror(errno));
    dot_begin(&d, out, title);
    s->prog->dump(s, &d);
    dot_end(&d);
    if (fclose(out) != 0)
        return script_fail(s, "cannot write '%s': %s", path,
                           strerror(errno));
    return 0;
}

static int run_dump(struct script *s, int argc, char **argv)
{
    struct dot d;

    if (argc == 1 && s->sandboxed)
        return script_fail(s, "dump to a file is off in this build "
                              "(sandboxed: no files)");
    if (argc == 1)
        return write_dot_file(s, argv[0], s->prog->name);
    dot_begin(&d, stdout, s->prog->name);
    s->prog->dump(s, &d);
    dot_end(&d);
    return 0;
}

static int run_echo(struct script *s, int argc, char **argv)
{
    (void)s;
    for (int i = 0; i < argc; i++)
        printf("%s%s", i ? " " : "", argv[i]);
    putchar('\n');
    return 0;
}

static int run_quit(struct script *s, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    s->quit = true;
    return 0;
}

static const struct script_command common_commands[] = {
    {"help", "[COMMAND]", "list the commands, or explain one", 0, 1, 0,
     run_help},
    {"stats", "", "print the manager's statistics", 0, 0, 0, run_stats},
    {"check", "", "run the heap checker: 'check: ok' or one line a problem",
     0, 0, 0, run_check},
    {"dump", "[FILE]", "write the state as Graphviz DOT (standard output)",
     0, 1, 0, run_dump},
    {"echo", "TEXT...", "print the text", 0, WORDS_MAX, 0, run_echo},
    {"quit", "", "stop reading commands", 0, 0, 0, run_quit},
    {0},
};

static void print_command_help(const struct script_command *c)
{
    char usage[128];

    snprintf(usage, sizeof usage, "%s%s%s%s",
             (c->flags & SCRIPT_RESULT) ? "[L =] " : "", c->name,
             c->args[0] ? " " : "", c->args);
    printf("  %-30s %s\n", usage, c->help);
}

static void print_all_commands(const struct script_program *prog)
{
    printf("commands (a result can be bound to a label: L = COMMAND):\n");
    for (const struct script_command *const *t = prog->tables; *t; t++)
        for (const struct script_command *c = *t; c->name; c++)
            print_command_help(c);
    for (const struct script_command *c = common_commands; c->name; c++)
        print_command_help(c);
}

static const struct script_command *find_command(
    const struct script_program *prog, const char *word)
{
    for (const struct script_command *c = common_commands; c->name; c++)
        if (strcmp(c->name, word) == 0)
            return c;
    for (const struct script_command *const *t = prog->tables; *t; t++)
        for (const struct script_command *c = *t; c->name; c++)
            if (strcmp(c->name, word) == 0)
                return c;
    return NULL;
}

static int run_help(struct script *s, int argc, char **argv)
{
    const struct script_command *c;

    if (argc == 0) {
        print_all_commands(s->prog);
        return 0;
    }
    c = find_command(s->prog, argv[0]);
    if (c == NULL)
        return script_fail(s, "no command '%s' to explain", argv[0]);
    print_command_help(c);
    return 0;
}

/* ---- frames ----------------------------------------------------------- */

static bool dot_on_path(void)
{
    const char *path = getenv("PATH");
    char candidate[PATH_MAX];

    while (path != NULL && *path != '\0') {
        size_t len = strcspn(path, ":");
        snprintf(candidate, sizeof candidate, "%.*s/dot", (int)len, path);
        if (len > 0 && access(candidate, X_OK) == 0)
            return true;
        path += len + (path[len] == ':');
    }
    return false;
}

static int render_svg(struct script *s, const char *dot_path,
                      const char *svg_path)
{
    char *args[] = {"dot", "-Tsvg", (char *)dot_path, "-o", (char *)svg_path,
                    NULL};
    pid_t pid;
    int status;

    fflush(NULL); /* the child must not write our buffered output again */
    if (posix_spawnp(&pid, "dot", NULL, NULL, args, environ) != 0)
        return script_fail(s, "cannot run dot for '%s'", dot_path);
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        return script_fail(s, "dot failed on '%s'", dot_path);
    return 0;
}

/* After a command that changed the state: DIR/NNN-WORD.dot (and .svg),
 * and a line "NNN-WORD<TAB>COMMAND" in DIR/frames.txt for the gallery. */
static int write_frame(struct script *s)
{
    char base[PATH_MAX], path[PATH_MAX + 8], title[DIAG_TEXT_MAX];
    FILE *index;

    snprintf(base, sizeof base, "%s/%03u-%s", s->frames_dir, s->commands_run,
             s->word0);
    snprintf(path, sizeof path, "%s.dot", base);
    snprintf(title, sizeof title, "%s, step %u: %s", s->prog->name,
             s->commands_run, s->command_text);
    if (write_dot_file(s, path, title) < 0)
        return -1;
    if (s->have_dot) {
        char svg[PATH_MAX + 8];
        snprintf(svg, sizeof svg, "%s.svg", base);
        if (render_svg(s, path, svg) < 0)
            return -1;
    }
    snprintf(path, sizeof path, "%s/frames.txt", s->frames_dir);
    index = fopen(path, "a");
    if (index == NULL)
        return script_fail(s, "cannot write '%s': %s", path,
                           strerror(errno));
    fprintf(index, "%03u-%s\t%s\n", s->commands_run, s->word0,
            s->command_text);
    fclose(index);
    return 0;
}

/* ---- splitting and running -------------------------------------------- */

/* Split one command into words, in place: quotes group, backslash escapes
 * \" \\ \n \t inside quotes (other backslashes are kept).  Returns the
 * word count, or -1 (reported). */
static int split_words(struct script *s, char *text, char **words)
{
    int count = 0;
    char *in = text, *out = text;

    for (;;) {
        while (*in == ' ' || *in == '\t')
            in++;
        if (*in == '\0')
            return count;
        if (count == WORDS_MAX)
            return script_fail(s, "more than %d words", WORDS_MAX);
        words[count++] = out;
        while (*in != '\0' && *in != ' ' && *in != '\t') {
            if (*in != '"') {
                *out++ = *in++;
                continue;
            }
            for (in++; *in != '"'; in++) {
                if (*in == '\0')
                    return script_fail(s, "unterminated quote");
                if (*in == '\\' && strchr("nt\"\\", in[1]) != NULL &&
                    in[1] != '\0') {
                    in++;
                    *out++ = *in == 'n' ? '\n' : *in == 't' ? '\t' : *in;
                } else {
                    *out++ = *in; /* any other backslash stays as it is */
                }
            }
            in++; /* the closing quote */
        }
        /* Terminate the word.  `out` never passes `in`: a word is written
         * over its own text, which is at least as long. */
        bool last = *in == '\0';
        if (!last)
            in++;
        *out++ = '\0';
        if (last)
            return count;
    }
}

/* Run one command given as modifiable text (see run_command). */
static int run_words(struct script *s, char *text)
{
    char *words[WORDS_MAX];
    const struct script_command *c;
    int nwords, first = 0, argc;

    nwords = split_words(s, text, words);
    if (nwords < 0)
        return -1;
    if (nwords >= 2 && strcmp(words[1], "=") == 0) {
        if (!valid_label(words[0]))
            return script_fail(s, "bad label '%s' (letters, digits and _, "
                                  "not starting with a digit, at most %d)",
                               words[0], LABEL_MAX);
        if (nwords == 2)
            return script_fail(s, "missing command after '%s ='", words[0]);
        s->result_label = words[0];
        first = 2;
    }
    c = find_command(s->prog, words[first]);
    if (c == NULL)
        return script_fail(s, "unknown command '%s' (try 'help')",
                           words[first]);
    argc = nwords - first - 1;
    if (argc < c->min_args)
        return script_fail(s, "missing argument: usage: %s %s", c->name,
                           c->args);
    if (argc > c->max_args)
        return script_fail(s, "too many arguments: usage: %s%s%s", c->name,
                           c->args[0] ? " " : "", c->args);
    if (s->result_label != NULL) {
        const struct label *l = find_label(s, s->result_label);
        if (!(c->flags & SCRIPT_RESULT))
            return script_fail(s, "'%s' gives no result to bind to '%s'",
                               c->name, s->result_label);
        if (l != NULL && l->live)
            return script_fail(s, "label '%s' is already bound to a live "
                                  "result", s->result_label);
    }
    snprintf(s->word0, sizeof s->word0, "%s", c->name);
    if (c->run(s, argc, words + first + 1) < 0)
        return -1;
    if ((c->flags & SCRIPT_CHANGES) && s->frames_dir != NULL)
        return write_frame(s);
    return 0;
}

/* Split text into words and run the command they name.  The words are
 * cut out of a copy, so that errors can still quote the command. */
static int run_command(struct script *s, char *text)
{
    char *copy = strdup(text);
    int status;

    s->command_text = text;
    s->result_label = NULL;
    if (copy == NULL)
        return script_fail(s, "out of memory");
    status = run_words(s, copy);
    free(copy);
    s->result_label = NULL; /* it pointed into the copy */
    return status;
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
static void check_or_abort(struct script *s)
{
    struct diag_report report = {.sink = print_problem_to_stderr};

    s->prog->check(&report);
    if (report.problems == 0)
        return;
    fprintf(stderr, "%s: heap check failed after line %u: %s\n",
            s->prog->name, s->line, s->command_text);
    abort();
}

/* Cut a line into commands at ';' and stop at '#', both outside quotes,
 * and run each.  line_is_command: -c counts commands, files count lines. */
static void run_line(struct script *s, char *line, unsigned line_number,
                     bool count_commands)
{
    char *start = line, *p = line;
    bool quoted = false, end = false;

    while (!end && !s->quit && !(s->strict && s->failures)) {
        if (*p == '\\' && quoted && p[1] != '\0') {
            p += 2;
            continue;
        }
        if (*p == '"')
            quoted = !quoted;
        if (*p == '\0' || *p == '\n' || (!quoted && (*p == ';' || *p == '#'))) {
            end = *p != ';';
            *p = '\0';
            while (*start == ' ' || *start == '\t' || *start == '\r')
                start++;
            for (char *t = p; t > start && (t[-1] == ' ' || t[-1] == '\t' ||
                                           t[-1] == '\r');)
                *--t = '\0';
            if (*start != '\0') {
                s->commands_run++;
                s->line = count_commands ? s->line + 1 : line_number;
                if (run_command(s, start) < 0)
                    s->failures++;
                if (s->sandboxed)
                    check_or_abort(s);
            }
            start = p + 1;
        }
        p++;
    }
}

static void run_stream(struct script *s, FILE *in, bool prompt)
{
    char *line = NULL;
    size_t cap = 0;
    unsigned number = 0;

    for (;;) {
        if (prompt) {
            printf("%s> ", s->prog->name);
            fflush(stdout);
        }
        if (getline(&line, &cap, in) < 0)
            break;
        run_line(s, line, ++number, false);
        if (s->quit || (s->strict && s->failures))
            break;
    }
    if (prompt && !s->quit)
        putchar('\n');
    free(line);
}

/* ---- options and main ------------------------------------------------- */

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
    for (const struct script_option *const *t = prog->options; t && *t; t++)
        for (const struct script_option *o = *t; o->name; o++) {
            char usage[64];
            snprintf(usage, sizeof usage, "%s %s", o->name, o->arg);
            printf("  %-22s %s\n", usage, o->help);
        }
    printf("  %-22s %s\n", "--help, --version", "print this, or the version");
    printf("\n");
    print_all_commands(prog);
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

static int prepare_frames(struct script *s)
{
    char path[PATH_MAX];
    FILE *index;

    if (mkdir(s->frames_dir, 0777) < 0 && errno != EEXIST) {
        fail_plain(s->prog, "cannot create '%s': %s", s->frames_dir,
                   strerror(errno));
        return -1;
    }
    snprintf(path, sizeof path, "%s/frames.txt", s->frames_dir);
    index = fopen(path, "w");
    if (index == NULL) {
        fail_plain(s->prog, "cannot write '%s': %s", path, strerror(errno));
        return -1;
    }
    fclose(index);
    s->have_dot = dot_on_path();
    return 0;
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
    for (const struct script_option *const *t = prog->options;
         !missing && t != NULL && *t != NULL; t++) {
        for (const struct script_option *o = *t; !missing && o->name; o++) {
            value = option_value(o->name, argc, argv, i, &missing);
            if (value == NULL)
                continue;
            if (o->set(value) < 0) {
                fail_plain(prog, "%s: %s", o->name, diag_last_error());
                *failed = true;
            }
            return 1;
        }
    }
    if (missing) {
        fail_plain(prog, "option '%s' needs a value", arg);
        *failed = true;
        return 1;
    }
    return 0;
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
                fail_plain(prog, "more than one SCRIPT given ('%s', '%s')",
                           script, arg);
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
        } else if (take_valued_option(s, argc, argv, &i, commands, &failed)) {
            if (failed)
                return NULL;
        } else {
            fail_plain(prog, "unknown option '%s' (try --help)", arg);
            return NULL;
        }
    }
    if (*commands != NULL && *script != '\0') {
        fail_plain(prog, "give either -c or a SCRIPT, not both");
        return NULL;
    }
    return script;
}

static int run_input(struct script *s, const char *commands,
                     const char *script)
{
    if (commands != NULL) {
        char *copy = strdup(commands);
        if (copy == NULL) {
            fail_plain(s->prog, "out of memory");
            return 2;
        }
        run_line(s, copy, 0, true);
        free(copy);
    } else if (*script != '\0') {
        FILE *in = fopen(script, "r");
        if (in == NULL) {
            fail_plain(s->prog, "cannot read '%s': %s", script,
                       strerror(errno));
            return 2;
        }
        run_stream(s, in, false);
        fclose(in);
    } else {
        run_stream(s, stdin, isatty(STDIN_FILENO));
    }
    return s->failures ? 1 : 0;
}

int script_run_sandboxed(const struct script_program *prog, const char *text,
                         size_t length)
{
    struct script s = {.prog = prog, .sandboxed = true};
    char *copy = malloc(length + 1), *line;
    unsigned number = 0;

    if (copy == NULL) {
        fail_plain(prog, "out of memory");
        return 2;
    }
    /* Any bytes at all: a NUL ends a line as a newline does. */
    for (size_t i = 0; i < length; i++)
        copy[i] = text[i] == '\0' ? '\n' : text[i];
    copy[length] = '\0';
    if (prog->setup != NULL && prog->setup() < 0) {
        fail_plain(prog, "%s", diag_last_error());
        free(copy);
        return 2;
    }
    for (line = copy; line != NULL && !s.quit;) {
        char *newline = strchr(line, '\n');
        if (newline != NULL)
            *newline = '\0';
        run_line(&s, line, ++number, false);
        line = newline != NULL ? newline + 1 : NULL;
    }
    if (prog->teardown != NULL)
        prog->teardown();
    free(s.labels);
    free(copy);
    fflush(stdout);
    return s.failures ? 1 : 0;
}

int script_main(const struct script_program *prog, int argc, char **argv)
{
    struct script s = {.prog = prog};
    const char *commands = NULL, *script;
    bool done = false;
    int status;

    script = parse_options(&s, argc, argv, &commands, &done);
    if (script == NULL)
        return 2;
    if (done)
        return 0;
    if (s.frames_dir != NULL && prepare_frames(&s) < 0)
        return 2;
    if (prog->setup != NULL && prog->setup() < 0) {
        fail_plain(prog, "%s", diag_last_error());
        return 2;
    }
    status = run_input(&s, commands, script);
    if (prog->teardown != NULL)
        prog->teardown();
    free(s.labels);
    fflush(stdout);
    return status;
}
