/*
 * heaptrace.c - the trace replayer as a program:
 *   heaptrace [-a ALLOC,...] [-r REPEAT] [-t THREADS] [--tsv] TRACE...
 * For every trace and allocator, one measurement (trace.c: a checked pass
 * and REPEAT timed passes, each in a child of its own), printed as a
 * table, or with --tsv as tab-separated lines for a benchmark harness.
 * Exit status: 0 every verification passed, 1 one failed (or a pass
 * crashed), 2 bad options or a bad trace.  Lesson: tools/trace/README.md,
 * "Measuring allocators with traces".
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "script.h" /* HEAPCOURSE_VERSION only: no interpreter here */
#include "trace.h"
#include "typed.h" /* -p: the typed allocator's fit policy */

enum {
    ALLOCATORS_MAX = 16,  /* allocators named with -a */
    REPEAT_MAX = 1000,    /* timed passes */
    THREADS_MAX = 256,    /* threads in a timed pass */
};

/* The options, once parsed. */
struct options {
    const struct trace_allocator *alloc[ALLOCATORS_MAX]; /* to replay */
    size_t nalloc;          /* how many */
    bool named;             /* -a was given */
    unsigned repeat;        /* -r */
    unsigned threads;       /* -t */
    bool tsv;               /* --tsv */
    enum chain_policy policy; /* -p: the typed allocator's fit policy */
    char **traces;          /* the TRACE arguments */
    int ntraces;
};

/* The --tsv header: the harness reads the columns by these names. */
static const char tsv_header[] =
    "trace\tallocator\tthreads\tops\tseconds\tops_per_sec\tpeak_live\t"
    "peak_footprint\tutilization\tskipped\tverify_errors";

static void usage(void)
{
    printf("usage: heaptrace [-a ALLOC,...] [-r REPEAT] [-t THREADS] "
           "[-p POLICY] [--tsv]\n                 TRACE...\n"
           "Replays traces in the CS:APP malloc-lab format against the "
           "course's allocators:\nthroughput, peak footprint, utilization, "
           "and every byte verified.\n\noptions:\n"
           "  -a ALLOC,...   allocators to replay (default: all that are "
           "built)\n"
           "  -r REPEAT      timed passes for each trace and allocator; the "
           "median is\n"
           "                 reported (default 3)\n"
           "  -t THREADS     threads in each timed pass, each replaying its "
           "own copy of the\n"
           "                 trace (thread-safe allocators only; default 1)\n"
           "  -p POLICY      the typed allocator's fit policy: first, best or "
           "worst\n                 (default worst, as in the phase4 program)\n"
           "  --tsv          tab-separated lines after a header line, for "
           "programs\n"
           "  --help, --version\n\nallocators: %s\n"
           "\nexit status: 0 every verification passed, 1 one failed, 2 bad "
           "options or trace\n", trace_allocator_names());
}

static int fail(const char *fmt, ...) DIAG_PRINTF(1, 2);
static int fail(const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    fprintf(stderr, "heaptrace: error: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return -1;
}

/* A whole number from 1 to max for option `name`. */
static int parse_count(const char *name, const char *word, unsigned max,
                       unsigned *out)
{
    unsigned value = 0;

    for (const char *c = word; *c != '\0'; c++) {
        if (*c < '0' || *c > '9')
            return fail("%s '%s' is not a number", name, word);
        value = value * 10 + (unsigned)(*c - '0');
        if (value > max)
            break;
    }
    if (*word == '\0' || value < 1 || value > max)
        return fail("%s must be from 1 to %u, not '%s'", name, max, word);
    *out = value;
    return 0;
}

/* -a libc,os: each name looked up. */
static int parse_allocators(struct options *o, char *list)
{
    char *save = NULL;

    o->named = true;
    for (char *name = strtok_r(list, ",", &save); name != NULL;
         name = strtok_r(NULL, ",", &save)) {
        if (o->nalloc == ALLOCATORS_MAX)
            return fail("more than %d allocators after -a", ALLOCATORS_MAX);
        o->alloc[o->nalloc] = trace_allocator_find(name);
        if (o->alloc[o->nalloc++] == NULL)
            return fail("-a: %s", diag_last_error());
    }
    if (o->nalloc == 0)
        return fail("-a needs at least one allocator (%s)",
                    trace_allocator_names());
    return 0;
}

/* -p POLICY: one of the chain engine's fit policies, by name. */
static int parse_policy(const char *name, enum chain_policy *out)
{
    static const enum chain_policy policies[] = {
        CHAIN_FIRST_FIT, CHAIN_BEST_FIT, CHAIN_WORST_FIT};

    for (size_t i = 0; i < sizeof policies / sizeof policies[0]; i++)
        if (strcmp(name, chain_policy_name(policies[i])) == 0) {
            *out = policies[i];
            return 0;
        }
    return fail("-p: unknown policy '%s' (first, best or worst)", name);
}

/* The value of option -X given as "-X VALUE" or "-XVALUE". */
static char *option_value(int argc, char **argv, int *i)
{
    if (argv[*i][2] != '\0')
        return argv[*i] + 2;
    if (*i + 1 < argc)
        return argv[++*i];
    fail("option '%s' needs a value (try --help)", argv[*i]);
    return NULL;
}

/* Returns 0 to go on, 1 when --help or --version answered, -1 on error. */
static int parse_options(struct options *o, int argc, char **argv)
{
    int i = 1;

    for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
        char *arg = argv[i], *value;

        if (strcmp(arg, "--") == 0) {
            i++;
            break;
        }
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            usage();
            return 1;
        }
        if (strcmp(arg, "--version") == 0) {
            printf("heaptrace (heapcourse) %s\n", HEAPCOURSE_VERSION);
            return 1;
        }
        if (strcmp(arg, "--tsv") == 0) {
            o->tsv = true;
            continue;
        }
        if (strchr("arpt", arg[1]) == NULL)
            return fail("unknown option '%s' (try --help)", arg);
        if ((value = option_value(argc, argv, &i)) == NULL)
            return -1;
        if ((arg[1] == 'a' && parse_allocators(o, value) < 0) ||
            (arg[1] == 'r' && parse_count("-r", value, REPEAT_MAX,
                                          &o->repeat) < 0) ||
            (arg[1] == 't' && parse_count("-t", value, THREADS_MAX,
                                          &o->threads) < 0) ||
            (arg[1] == 'p' && parse_policy(value, &o->policy) < 0))
            return -1;
    }
    o->traces = argv + i;
    o->ntraces = argc - i;
    if (o->ntraces == 0)
        return fail("no TRACE given (try --help)");
    return 0;
}

/* Without -a: every allocator built; with -t, the thread-safe ones only.
 * With -a and -t: a named allocator that is not thread-safe is refused. */
static int choose_allocators(struct options *o)
{
    const struct trace_allocator *all[ALLOCATORS_MAX];
    size_t n;

    if (o->named) {
        for (size_t i = 0; i < o->nalloc; i++)
            if (o->threads > 1 && !o->alloc[i]->thread_safe)
                return fail("-t %u: allocator '%s' is not thread-safe (only "
                            "libc and libheap may run in several threads)",
                            o->threads, o->alloc[i]->name);
        return 0;
    }
    n = trace_default_allocators(all, ALLOCATORS_MAX);
    for (size_t i = 0; i < n; i++) {
        if (o->threads > 1 && !all[i]->thread_safe)
            fprintf(stderr, "heaptrace: note: -t %u leaves out '%s', which "
                            "is not thread-safe\n", o->threads, all[i]->name);
        else
            o->alloc[o->nalloc++] = all[i];
    }
    return 0;
}

/* ---- output ----------------------------------------------------------------- */

static void print_tsv(const char *trace, const struct trace_allocator *a,
                      const struct trace_result *r)
{
    printf("%s\t%s\t%u\t%zu\t%.6f\t%.0f\t%zu\t%zu\t%.4f\t%zu\t%zu\n", trace,
           a->name, r->threads, r->ops, r->seconds, trace_ops_per_sec(r),
           r->peak_live, r->peak_footprint, trace_utilization(r), r->skipped,
           r->verify_errors);
}

static void print_table_head(const char *path, const struct trace *t)
{
    printf("%s: %zu operations on %zu ids\n", path, t->count, t->ids);
    printf("  %-10s %7s %9s %10s %12s %12s %12s %6s %8s  %s\n", "allocator",
           "threads", "ops", "seconds", "ops/s", "peak live", "footprint",
           "util", "skipped", "verify");
}

static void print_row(const struct trace_allocator *a,
                      const struct trace_result *r)
{
    char footprint[32] = "-", util[16] = "-", verify[32] = "ok";

    if (r->peak_footprint > 0) {
        snprintf(footprint, sizeof footprint, "%zu", r->peak_footprint);
        snprintf(util, sizeof util, "%.1f%%", 100 * trace_utilization(r));
    }
    if (r->verify_errors > 0)
        snprintf(verify, sizeof verify, "%zu FAILED", r->verify_errors);
    printf("  %-10s %7u %9zu %10.6f %12.0f %12zu %12s %6s %8zu  %s\n",
           a->name, r->threads, r->ops, r->seconds, trace_ops_per_sec(r),
           r->peak_live, footprint, util, r->skipped, verify);
}

/* After a trace's table: what the columns cannot say. */
static void print_notes(const struct trace_allocator *a,
                        const struct trace_result *r)
{
    if (r->skipped > 0)
        printf("  note: %s skipped %zu operation%s: %zu refused (NULL), %zu "
               "too large for it or on a block it never allocated\n",
               a->name, r->skipped, r->skipped == 1 ? "" : "s", r->refused,
               r->skipped - r->refused);
    if (r->peak_footprint == 0 && r->peak_live > 0)
        printf("  note: %s's footprint was not measured (its malloc is "
               "replaced by a sanitizer or valgrind)\n", a->name);
}

/* ---- main --------------------------------------------------------------------- */

/* Replay one loaded trace on every chosen allocator.  Returns 1 if any
 * verification failed or a pass did not finish, else 0. */
static int replay(const struct options *o, const char *path,
                  const struct trace *t)
{
    struct trace_result results[ALLOCATORS_MAX];
    bool measured[ALLOCATORS_MAX];
    int status = 0;

    if (!o->tsv)
        print_table_head(path, t);
    for (size_t i = 0; i < o->nalloc; i++) {
        measured[i] = trace_measure(t, o->alloc[i], o->repeat, o->threads,
                                    &results[i]) == 0;
        if (!measured[i]) {
            fail("%s: %s", path, diag_last_error());
            status = 1;
            continue;
        }
        if (results[i].verify_errors > 0)
            status = 1;
        if (o->tsv)
            print_tsv(path, o->alloc[i], &results[i]);
        else
            print_row(o->alloc[i], &results[i]);
        fflush(stdout);
    }
    for (size_t i = 0; i < o->nalloc && !o->tsv; i++)
        if (measured[i])
            print_notes(o->alloc[i], &results[i]);
    return status;
}

int main(int argc, char **argv)
{
    struct options o = {.repeat = 3, .threads = 1,
                        .policy = CHAIN_WORST_FIT};
    struct trace *traces;
    int parsed, status = 0;

    parsed = parse_options(&o, argc, argv);
    if (parsed != 0)
        return parsed > 0 ? 0 : 2;
    if (choose_allocators(&o) < 0)
        return 2;
    typed_set_policy(o.policy); /* the typed adapter's start keeps it */
    traces = trace_map((size_t)o.ntraces * sizeof *traces);
    if (traces == NULL) {
        fail("out of memory");
        return 2;
    }
    for (int i = 0; i < o.ntraces; i++)
        if (trace_load(o.traces[i], &traces[i]) < 0) {
            fail("%s", diag_last_error());
            status = 2;
            break;
        }
    if (status == 0 && o.tsv)
        printf("%s\n", tsv_header);
    if (status == 0)
        for (int i = 0; i < o.ntraces; i++)
            if (replay(&o, o.traces[i], &traces[i]) != 0)
                status = 1;
    for (int i = 0; i < o.ntraces; i++)
        trace_unload(&traces[i]);
    trace_unmap(traces, (size_t)o.ntraces * sizeof *traces);
    return status;
}
