/*
 * script.c - the command language every phase program speaks: a line cut
 * into commands at ';' and '#', a command into words (quotes, backslash
 * escapes), numbers, `label =`, finding and running a command, the one
 * error format, and the commands every phase has (help, stats, check,
 * dump, echo, quit).  Program code, not library code: it may use stdio and
 * malloc.  The language is specified in shared/DESIGN.md and taught in
 * the top-level README.md; tests/common.bats exercises every rule.
 */
#include "script_internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- errors ----------------------------------------------------------- */

/* One byte as an error line shows it (script.h, SCRIPT_SHOWN_MAX): itself
 * when printable ASCII, else \xHH.  Returns how many characters. */
static size_t show_byte(unsigned char c, char piece[5])
{
    if (c >= 0x20 && c <= 0x7e) {
        piece[0] = (char)c;
        return 1;
    }
    snprintf(piece, 5, "\\x%02x", c);
    return 4;
}

char *script_show(char out[SCRIPT_SHOWN_MAX + 1], const char *text,
                  size_t length)
{
    size_t n = 0, keep = 0; /* keep: where "..." goes if the text is cut */
    char piece[5];

    for (size_t i = 0; i < length; i++) {
        size_t len = show_byte((unsigned char)text[i], piece);
        if (n + len > SCRIPT_SHOWN_MAX) {
            memcpy(out + keep, "...", 4);
            return out;
        }
        memcpy(out + n, piece, len);
        n += len;
        if (n <= SCRIPT_SHOWN_MAX - 3)
            keep = n;
    }
    out[n] = '\0';
    return out;
}

/* "NAME: error: WHAT", WHAT's unprintable bytes shown as script_show
 * shows them (a message may quote a word as it came), not cut: it is
 * bounded already, and a handler quotes a long word with script_show. */
static void print_what(const struct script_program *prog, const char *fmt,
                       va_list ap)
{
    char what[2 * DIAG_TEXT_MAX], piece[5];

    vsnprintf(what, sizeof what, fmt, ap);
    fflush(stdout); /* keep stdout and stderr in order on a terminal */
    fprintf(stderr, "%s: error: ", prog->name);
    for (const char *c = what; *c != '\0'; c++)
        fwrite(piece, 1, show_byte((unsigned char)*c, piece), stderr);
}

int script_fail(struct script *s, const char *fmt, ...)
{
    char command[SCRIPT_SHOWN_MAX + 1];
    va_list ap;

    va_start(ap, fmt);
    print_what(s->prog, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (line %u: %s)\n", s->line,
            script_show(command, s->command_text, s->command_length));
    return -1;
}

/* An error outside any command (options, files): no line part. */
void script_fail_plain(const struct script_program *prog, const char *fmt,
                       ...)
{
    va_list ap;

    va_start(ap, fmt);
    print_what(prog, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* ---- numbers ---------------------------------------------------------- */

/* Record why a word is no size: "WHAT 'WORD' WHY", the word as an error
 * line shows it (it may be anything a script held). */
static int size_error(const char *what, const char *word, const char *why)
{
    char shown[SCRIPT_SHOWN_MAX + 1];

    return diag_error("%s '%s' %s", what,
                      script_show(shown, word, strlen(word)), why);
}

int script_parse_size(const char *word, const char *what, size_t *out)
{
    const char *digits = word;
    unsigned base = 10;
    size_t value = 0;

    if (word[0] == '-')
        return size_error(what, word, "is negative");
    if (word[0] == '0' && (word[1] == 'x' || word[1] == 'X')) {
        base = 16;
        digits = word + 2;
    }
    if (*digits == '\0')
        return size_error(what, word, "is not a number");
    for (const char *c = digits; *c != '\0'; c++) {
        unsigned digit;
        if (*c >= '0' && *c <= '9')
            digit = (unsigned)(*c - '0');
        else if (base == 16 && *c >= 'a' && *c <= 'f')
            digit = (unsigned)(*c - 'a' + 10);
        else if (base == 16 && *c >= 'A' && *c <= 'F')
            digit = (unsigned)(*c - 'A' + 10);
        else
            return size_error(what, word, "is not a number");
        if (value > (SIZE_MAX - digit) / base)
            return size_error(what, word, "is too large");
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

static int run_dump(struct script *s, int argc, char **argv)
{
    struct dot d;

    if (argc == 1 && s->sandboxed)
        return script_fail(s, "dump to a file is off in this build "
                              "(sandboxed: no files)");
    if (argc == 1)
        return script_dot_file(s, argv[0], s->prog->name);
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
    {"echo", "TEXT...", "print the text", 0, SCRIPT_WORDS_MAX, 0, run_echo},
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

void script_print_commands(const struct script_program *prog)
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
    char shown[SCRIPT_SHOWN_MAX + 1];

    if (argc == 0) {
        script_print_commands(s->prog);
        return 0;
    }
    c = find_command(s->prog, argv[0]);
    if (c == NULL)
        return script_fail(s, "no command '%s' to explain",
                           script_show(shown, argv[0], strlen(argv[0])));
    print_command_help(c);
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
        if (count == SCRIPT_WORDS_MAX)
            return script_fail(s, "more than %d words", SCRIPT_WORDS_MAX);
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
    char *words[SCRIPT_WORDS_MAX], shown[SCRIPT_SHOWN_MAX + 1];
    const struct script_command *c;
    int nwords, first = 0, argc;

    nwords = split_words(s, text, words);
    if (nwords < 0)
        return -1;
    if (nwords >= 2 && strcmp(words[1], "=") == 0) {
        if (!script_label_valid(words[0]))
            return script_fail(s, "bad label '%s' (letters, digits and _, "
                                  "not starting with a digit, at most %d)",
                               script_show(shown, words[0],
                                           strlen(words[0])),
                               SCRIPT_LABEL_MAX);
        if (nwords == 2)
            return script_fail(s, "missing command after '%s ='", words[0]);
        s->result_label = words[0];
        first = 2;
    }
    c = find_command(s->prog, words[first]);
    if (c == NULL)
        return script_fail(s, "unknown command '%s' (try 'help')",
                           script_show(shown, words[first],
                                       strlen(words[first])));
    argc = nwords - first - 1;
    if (argc < c->min_args)
        return script_fail(s, "missing argument: usage: %s %s", c->name,
                           c->args);
    if (argc > c->max_args)
        return script_fail(s, "too many arguments: usage: %s%s%s", c->name,
                           c->args[0] ? " " : "", c->args);
    if (s->result_label != NULL) {
        const struct script_label *l = script_label_find(s, s->result_label);
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
        return script_frames_write(s);
    return 0;
}

/* Split text into words and run the command they name.  The words are
 * cut out of a copy, so that errors can still quote the command. */
static int run_command(struct script *s, char *text)
{
    char *copy = strdup(text);
    int status;

    s->command_text = text;
    s->command_length = strlen(text);
    s->result_label = NULL;
    if (copy == NULL)
        return script_fail(s, "out of memory");
    status = run_words(s, copy);
    free(copy);
    s->result_label = NULL; /* it pointed into the copy */
    return status;
}

/* Cut a line into commands at ';' and stop at '#', both outside quotes,
 * and run each.  count_commands: -c counts commands, files count lines. */
void script_run_line(struct script *s, char *line, unsigned line_number,
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
                script_steps_begin(s);
                if (run_command(s, start) < 0)
                    s->failures++;
                script_steps_end(s, start);
                if (s->sandboxed)
                    script_sandbox_check(s);
            }
            start = p + 1;
        }
        p++;
    }
}

/* A NUL would end the line early: what follows it would be dropped
 * unseen.  So the whole line is refused, shown with its NULs as \x00.
 * (script_run_sandboxed differs: to a fuzzer a NUL is a line break.) */
static void refuse_nul_line(struct script *s, const char *line,
                            size_t length, unsigned number)
{
    if (length > 0 && line[length - 1] == '\n')
        length--;
    s->line = number;
    s->command_text = line;
    s->command_length = length;
    script_fail(s, "NUL byte in the line");
    s->failures++;
}

void script_run_stream(struct script *s, FILE *in, bool prompt)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t length;
    unsigned number = 0;

    for (;;) {
        if (prompt) {
            printf("%s> ", s->prog->name);
            fflush(stdout);
        }
        length = getline(&line, &cap, in);
        if (length < 0)
            break;
        if (memchr(line, '\0', (size_t)length) != NULL)
            refuse_nul_line(s, line, (size_t)length, ++number);
        else
            script_run_line(s, line, ++number, false);
        if (s->quit || (s->strict && s->failures))
            break;
    }
    if (prompt && !s->quit)
        putchar('\n');
    free(line);
}

