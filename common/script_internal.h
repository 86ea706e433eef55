/*
 * script_internal.h - what the interpreter's own files share, and no
 * handler sees: the interpreter's state (struct script) and the functions
 * one of its files calls in another, grouped under the file that defines
 * them.  Handlers include script.h only.
 *
 * The files: script.c (the language: lines, commands, words, errors, the
 * commands every phase has, help), script_labels.c (labels), script_main.c
 * (options and input sources), script_frames.c (--frames and DOT files),
 * script_sandbox.c (the fuzzers' runs), script_memory.c (write and read),
 * script_homework.c (--homework and --solve).
 */
#ifndef HEAPCOURSE_SCRIPT_INTERNAL_H
#define HEAPCOURSE_SCRIPT_INTERNAL_H

#include <stdio.h>

#include "homework.h"
#include "script.h"

enum {
    SCRIPT_LABEL_MAX = 31, /* longest label name */
    SCRIPT_WORDS_MAX = 64, /* most words in one command */
};

/* A label names a command's result.  Freed labels stay in the table so a
 * later use can say "was freed" rather than "unknown". */
struct script_label {
    char name[SCRIPT_LABEL_MAX + 1]; /* the label as written */
    void *value;                     /* what the command returned */
    bool live;                       /* false once freed (script_release) */
};

/* What --homework and its options asked for (script_homework.c). */
struct script_homework_request {
    struct homework_settings settings;
    bool asked;            /* --homework SEED */
    bool solve;            /* --solve */
    bool shaped;           /* --ops, --alloc-percent or --sizes given */
    bool sized;            /* --sizes given */
    /* the phase's own options, as given, to print them back */
    const char *phase_names[8], *phase_values[8];
    int nphase_args;
};

/* One run of a program.  command_text, result_label and word0 describe
 * the command being run, and are only meaningful while it runs. */
struct script {
    const struct script_program *prog; /* the phase being run */
    struct script_label *labels;       /* every label ever bound */
    size_t nlabels, label_cap;         /* used and allocated entries */
    bool strict;                       /* --strict */
    bool raw;                          /* --raw */
    bool quit;                         /* `quit` seen */
    bool sandboxed;                    /* no files (script_run_sandboxed) */
    const char *frames_dir;            /* --frames DIR, or NULL */
    bool have_dot;                     /* `dot` found on PATH */
    FILE *steps;                       /* DIR/steps.js, or NULL */
    FILE *capture_out, *capture_err;   /* a command's output, meanwhile */
    int saved_out, saved_err;          /* the real descriptors 1 and 2 */
    char frame_name[80];               /* the frame it drew ("" if none) */
    unsigned failures;                 /* commands that failed */
    unsigned commands_run;             /* commands executed so far */
    unsigned line;                     /* L of the error format */
    const char *command_text;          /* the command being run */
    size_t command_length;             /* its length (a refused line may
                                          hold NULs: script_run_stream) */
    const char *result_label;          /* its `label =`, or NULL */
    char word0[64];                    /* its command word (frames) */
    struct script_homework_request homework; /* --homework, --solve */
};

/* script.c */
void script_fail_plain(const struct script_program *prog, const char *fmt,
                       ...) DIAG_PRINTF(2, 3);
void script_run_line(struct script *s, char *line, unsigned line_number,
                     bool count_commands);
void script_run_stream(struct script *s, FILE *in, bool prompt);
void script_print_commands(const struct script_program *prog);

/* script_labels.c */
struct script_label *script_label_find(const struct script *s,
                                       const char *name);
bool script_label_valid(const char *name);

/* script_main.c */
int script_start(struct script *s);
void script_finish(struct script *s);

/* script_frames.c */
int script_frames_prepare(struct script *s, const char *source);
int script_frames_write(struct script *s);
int script_dot_file(struct script *s, const char *path, const char *title);

/* script_steps.c */
int script_steps_prepare(struct script *s, const char *source);
void script_steps_begin(struct script *s);
void script_steps_end(struct script *s, const char *command);
void script_steps_finish(struct script *s);
/* Point descriptor fd (1 or 2) at a new scratch file, keeping its old
 * target in *saved; on failure *file is NULL and nothing changed.  Stop:
 * point fd back, and return what the file got (malloc'd, its length in
 * *len; NULL if nothing was captured), also written to stream when
 * pass_on.  Captures nest (the step log's inside homework's). */
void script_capture_start(int fd, FILE **file, int *saved);
char *script_capture_stop(int fd, FILE *stream, FILE *file, int saved,
                          bool pass_on, size_t *len);

/* script_homework.c: take one of --homework, --ops, --alloc-percent,
 * --sizes (0, or -1 with diag_error() set); print the homework, or with
 * --solve run and answer it, returning the exit status. */
int script_homework_option(struct script *s, const char *name,
                           const char *value);
int script_homework_run(struct script *s);

/* script_sandbox.c */
void script_sandbox_check(struct script *s);

#endif
