/*
 * script_homework.c - --homework SEED and --solve (homework.h): the
 * options, the generator's random numbers and labels, the sheet printed
 * as Markdown, and the answers, each the output of the program's own
 * command, captured while the command runs and printed under its
 * question.  A phase writes only the generator (phaseN/..._homework.c).
 */
#include "script_internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "homework.h"

enum {
    OPS_MAX = 1000,       /* --ops */
    STEP_TEXT_MAX = 160,  /* a command or a question */
    HOMEWORK_LABEL_MAX = 8,
};

enum step_kind { STEP_GIVEN, STEP_ASK, STEP_LOOK };

struct step {
    enum step_kind kind;
    char command[STEP_TEXT_MAX];
    char question[STEP_TEXT_MAX];
    char only[32]; /* STEP_LOOK: keep the answer lines starting so */
};

/* A live label and the generator's value for it. */
struct live_label {
    char name[HOMEWORK_LABEL_MAX];
    size_t value;
};

/*
 * The homework being generated.  Invariants: steps[0 .. nsteps) in the
 * order they run; every label in live[0 .. nlive) was handed out by
 * homework_new_label and not forgotten since; labels_made counts the
 * labels ever handed out (the next one's name comes from it).
 */
struct homework {
    struct homework_settings settings;
    uint64_t state; /* splitmix64 */
    struct step *steps;
    size_t nsteps, cap;
    char notes[4][STEP_TEXT_MAX];
    size_t nnotes;
    struct live_label *live;
    size_t nlive, labels_made;
    bool out_of_memory;
};

const struct homework_settings *homework_settings(const struct homework *hw)
{
    return &hw->settings;
}

/* ---- random choices ---------------------------------------------------------- */

/* splitmix64 (Steele, Lea and Flood): a counter put through a mixing
 * function; the same numbers on every machine, unlike rand(). */
uint64_t homework_random(struct homework *hw)
{
    uint64_t z = (hw->state += 0x9e3779b97f4a7c15u);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

size_t homework_between(struct homework *hw, size_t lo, size_t hi)
{
    if (hi <= lo)
        return lo;
    /* The modulo's bias is far below anything a homework could show. */
    return lo + (size_t)(homework_random(hw) % (hi - lo + 1));
}

size_t homework_size(struct homework *hw)
{
    return homework_between(hw, hw->settings.min_size, hw->settings.max_size);
}

bool homework_chance(struct homework *hw, unsigned percent)
{
    return homework_between(hw, 0, 99) < percent;
}

bool homework_allocates(struct homework *hw)
{
    bool chosen = homework_chance(hw, hw->settings.alloc_percent);

    return chosen || hw->nlive == 0;
}

/* ---- labels ------------------------------------------------------------------- */

const char *homework_new_label(struct homework *hw, size_t value)
{
    /* live has room for every label: one per operation at most */
    struct live_label *label = &hw->live[hw->nlive++];
    size_t n = hw->labels_made++;

    if (n < 26)
        snprintf(label->name, sizeof label->name, "%c", (char)('a' + n));
    else
        snprintf(label->name, sizeof label->name, "%c%u",
                 (char)('a' + n % 26),
                 (unsigned)(n / 26 % 1000)); /* n < OPS_MAX + a few */
    label->value = value;
    return label->name;
}

size_t homework_label_value(const struct homework *hw, const char *label)
{
    for (size_t i = 0; i < hw->nlive; i++)
        if (strcmp(hw->live[i].name, label) == 0)
            return hw->live[i].value;
    return 0;
}

const char *homework_pick_live(struct homework *hw)
{
    if (hw->nlive == 0)
        return NULL;
    return hw->live[homework_between(hw, 0, hw->nlive - 1)].name;
}

void homework_forget(struct homework *hw, const char *label)
{
    for (size_t i = 0; i < hw->nlive; i++)
        if (strcmp(hw->live[i].name, label) == 0) {
            /* keep the order: later picks depend on it */
            memmove(&hw->live[i], &hw->live[i + 1],
                    (hw->nlive - i - 1) * sizeof hw->live[0]);
            hw->nlive--;
            return;
        }
}

size_t homework_live_count(const struct homework *hw)
{
    return hw->nlive;
}

/* ---- steps -------------------------------------------------------------------- */

static struct step *add_step(struct homework *hw, enum step_kind kind,
                             const char *question, const char *fmt,
                             va_list ap)
{
    struct step *step;

    if (hw->nsteps == hw->cap) {
        size_t cap = hw->cap ? 2 * hw->cap : 16;
        struct step *more = realloc(hw->steps, cap * sizeof *more);
        if (more == NULL) {
            hw->out_of_memory = true;
            return NULL;
        }
        hw->steps = more;
        hw->cap = cap;
    }
    step = &hw->steps[hw->nsteps++];
    memset(step, 0, sizeof *step);
    step->kind = kind;
    vsnprintf(step->command, sizeof step->command, fmt, ap);
    snprintf(step->question, sizeof step->question, "%s",
             question != NULL ? question : "");
    return step;
}

void homework_note(struct homework *hw, const char *fmt, ...)
{
    va_list ap;

    if (hw->nnotes == sizeof hw->notes / sizeof hw->notes[0])
        return;
    va_start(ap, fmt);
    vsnprintf(hw->notes[hw->nnotes++], sizeof hw->notes[0], fmt, ap);
    va_end(ap);
}

void homework_given(struct homework *hw, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    add_step(hw, STEP_GIVEN, NULL, fmt, ap);
    va_end(ap);
}

void homework_ask(struct homework *hw, const char *question,
                  const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    add_step(hw, STEP_ASK, question, fmt, ap);
    va_end(ap);
}

void homework_look(struct homework *hw, const char *only,
                   const char *question, const char *fmt, ...)
{
    struct step *step;
    va_list ap;

    va_start(ap, fmt);
    step = add_step(hw, STEP_LOOK, question, fmt, ap);
    va_end(ap);
    if (step != NULL && only != NULL)
        snprintf(step->only, sizeof step->only, "%s", only);
}

/* ---- options ------------------------------------------------------------------ */

/* "MIN-MAX" into the settings; -1 with diag_error() set if malformed. */
static int parse_sizes(const char *value, struct homework_settings *set,
                       const struct script_homework *gen)
{
    const char *dash = strchr(value, '-');
    char min[32];

    if (dash == NULL || dash == value || (size_t)(dash - value) >= sizeof min)
        return diag_error("'%s' is not MIN-MAX (two sizes and a dash)",
                          value);
    snprintf(min, sizeof min, "%.*s", (int)(dash - value), value);
    if (script_parse_size(min, "MIN", &set->min_size) < 0 ||
        script_parse_size(dash + 1, "MAX", &set->max_size) < 0)
        return -1;
    if (set->min_size == 0 || set->min_size > set->max_size)
        return diag_error("sizes %zu-%zu: need 1 <= MIN <= MAX",
                          set->min_size, set->max_size);
    if (set->max_size > gen->max_allowed)
        return diag_error("MAX %zu is more than this phase's homework "
                          "allows (%zu %s)", set->max_size,
                          gen->max_allowed, gen->unit);
    return 0;
}

int script_homework_option(struct script *s, const char *name,
                           const char *value)
{
    struct script_homework_request *req = &s->homework;
    const struct script_homework *gen = s->prog->homework;
    size_t n;

    if (strcmp(name, "--homework") == 0) {
        if (script_parse_size(value, "SEED", &n) < 0)
            return -1;
        req->settings.seed = n;
        req->asked = true;
    } else if (strcmp(name, "--ops") == 0) {
        if (script_parse_size(value, "N", &n) < 0)
            return -1;
        if (n == 0 || n > OPS_MAX)
            return diag_error("%zu operations: from 1 to %d", n, OPS_MAX);
        req->settings.ops = n;
        req->shaped = true;
    } else if (strcmp(name, "--alloc-percent") == 0) {
        if (script_parse_size(value, "P", &n) < 0)
            return -1;
        if (n > 100)
            return diag_error("%zu%%: a percentage is 0 to 100", n);
        req->settings.alloc_percent = (unsigned)n;
        req->shaped = true;
    } else if (strcmp(name, "--sizes") == 0) {
        if (parse_sizes(value, &req->settings, gen) < 0)
            return -1;
        req->sized = true;
        req->shaped = true;
    }
    return 0;
}

/* ---- printing and answering --------------------------------------------------- */

/* Print text's lines indented for a code block inside a Markdown list
 * item, only those starting with `only` when it is not empty. */
static void print_lines(const char *text, size_t len, const char *only,
                        int indent)
{
    size_t only_len = strlen(only);

    for (size_t i = 0; i < len;) {
        size_t end = i;
        while (end < len && text[end] != '\n')
            end++;
        if (only_len == 0 ||
            (end - i >= only_len && memcmp(text + i, only, only_len) == 0))
            printf("%*s%.*s\n", indent, "", (int)(end - i), text + i);
        i = end + 1;
    }
}

/* Run one command with its output (standard output and error) captured,
 * and print both as its answer: an error is part of the answer (a request
 * too large, say), and also goes to standard error, so the run exits 1. */
static void run_and_answer(struct script *s, const struct step *step,
                           int indent)
{
    char *line = strdup(step->command), *out, *err;
    FILE *out_file, *err_file;
    int saved_out, saved_err;
    size_t out_len, err_len;

    if (line == NULL) {
        script_fail_plain(s->prog, "out of memory");
        s->failures++;
        return;
    }
    fflush(stdout);
    fflush(stderr);
    script_capture_start(STDOUT_FILENO, &out_file, &saved_out);
    script_capture_start(STDERR_FILENO, &err_file, &saved_err);
    script_run_line(s, line, 0, true);
    out = script_capture_stop(STDOUT_FILENO, stdout, out_file, saved_out,
                              false, &out_len);
    err = script_capture_stop(STDERR_FILENO, stderr, err_file, saved_err,
                              false, &err_len);
    free(line);
    if (out_file == NULL) /* could not capture: it was printed as it came */
        return;
    printf("\n%*s```text\n", indent, "");
    print_lines(out != NULL ? out : "", out_len, step->only, indent);
    print_lines(err != NULL ? err : "", err_len, step->only, indent);
    printf("%*s```\n", indent, "");
    if (err_len > 0)
        fwrite(err, 1, err_len, stderr);
    free(out);
    free(err);
}

/* The options that give this homework again, for the sheet's header. */
static void print_options(const struct script *s)
{
    const struct homework_settings *set = &s->homework.settings;

    printf("`%s --homework %llu", s->prog->name,
           (unsigned long long)set->seed);
    if (s->homework.shaped)
        printf(" --ops %zu --alloc-percent %u --sizes %zu-%zu", set->ops,
               set->alloc_percent, set->min_size, set->max_size);
    for (int i = 0; i < s->homework.nphase_args; i++)
        printf(" %s %s", s->homework.phase_names[i],
               s->homework.phase_values[i]);
}

static void print_header(const struct script *s, const struct homework *hw,
                         bool solve)
{
    const struct homework_settings *set = &hw->settings;

    printf("# %s homework %llu%s\n\n", s->prog->name,
           (unsigned long long)set->seed, solve ? ": answers" : "");
    printf("%zu operations, %u%% of them allocations, sizes %zu to %zu %s",
           set->ops, set->alloc_percent, set->min_size, set->max_size,
           s->prog->homework->unit);
    for (size_t i = 0; i < hw->nnotes; i++)
        printf("; %s", hw->notes[i]);
    printf(".\n");
    printf(solve ? "Each answer is what the program printed when it ran "
                   "the command: "
                 : "Predict the answer to each question, then check: ");
    print_options(s);
    printf(" --solve`.\n");
}

int script_homework_run(struct script *s)
{
    const struct script_homework *gen = s->prog->homework;
    struct homework hw = {.settings = s->homework.settings};
    bool solve = s->homework.solve, given_shown = false;
    unsigned number = 0;
    int status, indent;

    hw.state = hw.settings.seed;
    hw.live = calloc(hw.settings.ops + 1, sizeof hw.live[0]);
    if (hw.live == NULL) {
        script_fail_plain(s->prog, "out of memory");
        return 2;
    }
    gen->generate(&hw);
    if (hw.out_of_memory) {
        free(hw.live);
        free(hw.steps);
        script_fail_plain(s->prog, "out of memory");
        return 2;
    }
    if (solve) {
        status = script_start(s);
        if (status != 0) {
            free(hw.live);
            free(hw.steps);
            return status;
        }
    }
    print_header(s, &hw, solve);
    for (size_t i = 0; i < hw.nsteps; i++) {
        const struct step *step = &hw.steps[i];
        if (step->kind == STEP_GIVEN) {
            if (!given_shown)
                printf("\nTo start, the program runs:\n\n");
            given_shown = true;
            printf("- `%s`\n", step->command);
            if (solve)
                run_and_answer(s, step, 2);
            continue;
        }
        if (number == 0)
            printf("\n");
        /* a list item's text lines up after "N. " */
        indent = printf("%u. ", ++number);
        printf("`%s`", step->command);
        if (step->only[0] != '\0')
            printf(" (its `%s` line)", step->only);
        printf("\n");
        if (step->question[0] != '\0')
            printf("%*s%s\n", indent, "", step->question);
        if (solve)
            run_and_answer(s, step, indent);
    }
    free(hw.live);
    free(hw.steps);
    if (!solve)
        return 0;
    script_steps_finish(s);
    script_finish(s);
    return s->failures ? 1 : 0;
}
