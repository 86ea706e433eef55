/*
 * script.h - the command language every phase program speaks
 * (shared/DESIGN.md, "The phase programs").
 *
 * A phase describes itself in a struct script_program: its name, its
 * command tables (an earlier phase's table can be listed too, so a later
 * program speaks both), its options, and the callbacks behind the commands
 * every phase has (stats, check, dump).  script_main() does the rest:
 * options, reading SCRIPT / -c / standard input, splitting lines into
 * commands and words, labels, the one error format, exit codes, frames,
 * help, and the `write` and `read` commands on the memory the phase says
 * a label names.  Handlers only do their phase's work.  The interpreter's
 * files are listed in script_internal.h.
 */
#ifndef HEAPCOURSE_SCRIPT_H
#define HEAPCOURSE_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "dot.h"

#define HEAPCOURSE_VERSION "0.1.0"

struct script; /* the interpreter's state, opaque to handlers */
struct script_homework; /* homework.h */

/* Command flags. */
enum {
    SCRIPT_RESULT = 1 << 0,  /* gives a result that `label = ...` binds */
    SCRIPT_CHANGES = 1 << 1, /* changes the manager's state: draw a frame */
};

/* A handler gets the words after the command word; it returns 0 on
 * success, or -1 after reporting the failure with script_fail(). */
typedef int (*script_handler)(struct script *s, int argc, char **argv);

struct script_command {
    const char *name;    /* the command word */
    const char *args;    /* its arguments for help, e.g. "LABEL OFFSET LEN" */
    const char *help;    /* what it does, one line */
    int min_args;        /* fewest arguments accepted */
    int max_args;        /* most arguments accepted */
    unsigned flags;      /* SCRIPT_RESULT, SCRIPT_CHANGES */
    script_handler run;  /* does it */
};

/* A phase option such as --page-size BYTES (always takes a value). */
struct script_option {
    const char *name;                /* "--page-size" */
    const char *arg;                 /* "BYTES" */
    const char *help;                /* one line */
    int (*set)(const char *value);   /* 0, or -1 with diag_error() set */
};

/* The bytes a program's `write` and `read` reach (SCRIPT_MEMORY_COMMANDS):
 * the first argument (a label, or a phase's own kind of address) names
 * them; *base and *size are where they start and how many there are.
 * Returns 0, or -1 after script_fail(). */
typedef int (*script_locate_fn)(struct script *s, const char *word,
                                unsigned char **base, size_t *size);

struct script_program {
    const char *name;      /* "phase1": prefixes errors, names frames */
    const char *purpose;   /* one line for --help */
    /* Command tables, NULL-terminated; each table ends with {0}. */
    const struct script_command *const *tables;
    /* Option tables, NULL-terminated (may be NULL); each ends with {0}. */
    const struct script_option *const *options;
    int (*setup)(void);           /* after options: 0 or -1 (diag set) */
    void (*stats)(struct script *s);      /* `stats` */
    void (*check)(struct diag_report *r); /* `check`: report each problem */
    void (*dump)(struct script *s, struct dot *d); /* draw the state */
    void (*teardown)(void);       /* release everything before exit */
    script_locate_fn locate;      /* what `write` and `read` reach, or NULL */
    /* --homework's generator (homework.h), or NULL: no such option */
    const struct script_homework *homework;
};

/* Run the program: parse argv, run commands, return the exit status
 * (0 all commands succeeded, 1 some failed, 2 bad options or script). */
int script_main(const struct script_program *prog, int argc, char **argv);

/* Run the commands in text[0 .. length) (any bytes; a NUL ends a line as
 * a newline does, where in a script file or on standard input it is an
 * error that refuses its line: a fuzzer's input is bytes, not text, and
 * cut at NULs it still reaches the commands) the way script_main runs a
 * script, for a fuzzer
 * (tests/fuzz/): setup first and teardown last, so nothing survives from
 * one call to the next; no options, no frames, and no command touches a
 * file (script_files_allowed); and after every command the program's
 * check runs: a problem it finds is printed and the process aborts.
 * Returns the exit status script_main would. */
int script_run_sandboxed(const struct script_program *prog, const char *text,
                         size_t length);

/* --- For handlers --------------------------------------------------- */

/* Report the current command's failure in the one format
 * "NAME: error: WHAT (line L: COMMAND)", safe to print whatever the
 * script held: in WHAT and COMMAND every byte outside printable ASCII
 * (below 0x20 or above 0x7e) is shown as \xHH, two lowercase hex digits
 * (a tab \x09, ESC \x1b, a NUL \x00); other bytes, a backslash among
 * them, stand as they are.  COMMAND is cut as script_show cuts (WHAT is
 * bounded by its buffer).  Returns -1. */
int script_fail(struct script *s, const char *fmt, ...) DIAG_PRINTF(2, 3);

/* How an error line shows text it did not write: escaped as above, and
 * at most SCRIPT_SHOWN_MAX characters of that; a longer text keeps its
 * first 77 or fewer (an escape is never split) and ends in "...".  Writes
 * into out and returns it.  The interpreter quotes the command, and words
 * in its messages (an unknown command or label, a bad number), this way;
 * a handler quoting a word of unbounded length should too. */
enum { SCRIPT_SHOWN_MAX = 80 };
char *script_show(char out[SCRIPT_SHOWN_MAX + 1], const char *text,
                  size_t length);

/* Parse a size or count: decimal or 0x hex, no sign, must fit in size_t.
 * Returns 0, or -1 with diag_error() saying "WHAT 'WORD' is not a number"
 * (or is negative, or is too large).  For options; handlers use: */
int script_parse_size(const char *word, const char *what, size_t *out);

/* Parse a size or count: decimal or 0x hex, no sign, must fit in size_t.
 * On a bad word reports "WHAT 'WORD' is not a number" (or negative, or too
 * large) and returns -1. */
int script_size_arg(struct script *s, const char *word, const char *what,
                    size_t *out);

/* The value bound to a label, or -1 after reporting an unknown label or
 * one that was freed. */
int script_label_value(struct script *s, const char *label, void **value);

/* Bind the current command's result (SCRIPT_RESULT commands call this on
 * success; it does nothing when the command was not given a label). */
void script_bind_result(struct script *s, void *value);

/* The label the current command's result will be bound to, or NULL. */
const char *script_result_label(const struct script *s);

/* Mark a label freed: later uses say so; it can be bound again. */
void script_release(struct script *s, const char *label);

/* Mark every label freed (an allocator that released everything). */
void script_release_all(struct script *s);

/* Point a live label at a new value (a command that moves a block). */
void script_rebind(struct script *s, const char *label, void *value);

/* The live label bound to value, or NULL. */
const char *script_label_of(const struct script *s, const void *value);

/* The commands `write WHERE OFFSET TEXT` and `read WHERE OFFSET LEN`
 * (script_memory.c), as two rows of a phase's command table.  Their bytes
 * are the ones the program's `locate` finds for WHERE: bounds-checked (an
 * error names WHERE and its size), TEXT copied without its NUL, bytes read
 * shown as a quoted C string ("\0" for zero bytes).  The phase names the
 * first argument (WHERE: "LABEL", "ADDR") and writes the two help lines,
 * since what the bytes are differs: a run, a struct, a block. */
#define SCRIPT_MEMORY_COMMANDS(WHERE, WRITE_HELP, READ_HELP)              \
    {"write", WHERE " OFFSET TEXT", WRITE_HELP, 3, 3, 0,                  \
     script_memory_write},                                                \
    {"read", WHERE " OFFSET LEN", READ_HELP, 3, 3, 0, script_memory_read}
int script_memory_write(struct script *s, int argc, char **argv);
int script_memory_read(struct script *s, int argc, char **argv);

/* False in a sandboxed run: a command that would read or write a file
 * (e.g. phase 4's `trace FILE`) fails instead, saying so. */
bool script_files_allowed(const struct script *s);

/* True when --raw asked for real addresses. */
bool script_raw(const struct script *s);

#endif
