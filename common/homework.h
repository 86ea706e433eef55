/*
 * homework.h - generated homework: `phaseN --homework SEED` prints a
 * numbered, seeded sequence of the phase's commands with a question after
 * each; `--solve` prints the same homework with the answers, which are
 * what the phase's own commands print when the program runs them (the
 * real allocator, not a second model).  In the spirit of OSTEP's
 * free-space simulator (malloc.py): predict, then check.
 *
 * A phase supplies a generator (struct script_homework in its
 * script_program).  The generator only draws random numbers and keeps
 * track of which labels it has handed out and freed: it never looks at
 * the allocator, so the same seed and options give the same homework on
 * every machine.  The interpreter (common/script_homework.c) parses the
 * options, prints, runs and answers.
 */
#ifndef HEAPCOURSE_HOMEWORK_H
#define HEAPCOURSE_HOMEWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

struct homework; /* a homework being generated, opaque to the phases */

/* What the options asked for (defaults in brackets). */
struct homework_settings {
    uint64_t seed;           /* --homework SEED */
    size_t ops;              /* --ops N: questions asked [10] */
    unsigned alloc_percent;  /* --alloc-percent P: of them allocations [60] */
    size_t min_size;         /* --sizes MIN-MAX, in the phase's unit */
    size_t max_size;         /*   [the phase's default range] */
};

/* A phase's generator and its defaults. */
struct script_homework {
    const char *unit;           /* what a size counts: "pages", "bytes" */
    size_t min_size, max_size;  /* the default --sizes range */
    size_t max_allowed;         /* the largest MAX that --sizes accepts */
    /* Add the steps (homework_given, homework_ask, homework_look) for the
     * settings; sizes, choices and labels come from the functions below. */
    void (*generate)(struct homework *hw);
};

const struct homework_settings *homework_settings(const struct homework *hw);

/* ---- random choices: splitmix64, our own, the same everywhere ------------ */

uint64_t homework_random(struct homework *hw);
/* lo .. hi, both included. */
size_t homework_between(struct homework *hw, size_t lo, size_t hi);
/* A size in the --sizes range. */
size_t homework_size(struct homework *hw);
/* True percent times in a hundred. */
bool homework_chance(struct homework *hw, unsigned percent);
/* Should the next operation allocate?  --alloc-percent of the time, and
 * always when nothing is live to free. */
bool homework_allocates(struct homework *hw);

/* ---- labels: names for results, which the generator frees --------------- */

/* A label returned here is good until the next call that hands out or
 * forgets one: copy it to keep it longer. */

/* A label not handed out before (a, b, ..., z, a1, b1, ...), now live,
 * with a value of the generator's to remember (a size, a family). */
const char *homework_new_label(struct homework *hw, size_t value);
/* The value a live label was handed out with (0 if it is not live). */
size_t homework_label_value(const struct homework *hw, const char *label);
/* A live label chosen at random, or NULL if none is live. */
const char *homework_pick_live(struct homework *hw);
/* The label is no longer live (its block was freed). */
void homework_forget(struct homework *hw, const char *label);
size_t homework_live_count(const struct homework *hw);

/* ---- steps ----------------------------------------------------------------- */

/* A line for the homework's header: the settings the answers depend on
 * ("page size 4096 bytes"). */
void homework_note(struct homework *hw, const char *fmt, ...)
    DIAG_PRINTF(2, 3);
/* A command run before the questions, given rather than asked. */
void homework_given(struct homework *hw, const char *fmt, ...)
    DIAG_PRINTF(2, 3);
/* A command, and the question its output answers. */
void homework_ask(struct homework *hw, const char *question,
                  const char *fmt, ...) DIAG_PRINTF(3, 4);
/* A command that shows the state (it changes nothing) and the question
 * its output answers; `only`, if not NULL, keeps the answer to the lines
 * that start with it (one line of `stats`, say). */
void homework_look(struct homework *hw, const char *only,
                   const char *question, const char *fmt, ...)
    DIAG_PRINTF(4, 5);

#endif
