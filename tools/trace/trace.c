/*
 * trace.c - CS:APP-format traces (see trace.h): the strict parser, the
 * list of allocators, and the replay: a checked pass that fills and
 * verifies every block and samples the footprint after every operation,
 * timed passes that do nothing but the calls, each pass in a forked child
 * that sends its result back through a pipe.
 *
 * Program code that prints nothing (its callers print diag_last_error()).
 * The parser, in the parent, uses stdio and getline; a child never calls
 * malloc or stdio on its own behalf: its tables are mapped with mmap
 * (trace_map), so what an allocator holds is the replay's blocks and
 * nothing of ours.
 * About 800 lines: the parser's checks and the replay's two passes share
 * the trace's tables, and splitting them would only pass those around.
 * Described in tools/trace/README.md; tests/trace.bats tests each error.
 */
#include "trace.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"

/* ---- the replayer's own memory ----------------------------------------------- */

void *trace_map(size_t bytes)
{
    void *p;

    if (bytes == 0)
        bytes = 1;
    p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void trace_unmap(void *p, size_t bytes)
{
    if (p != NULL)
        munmap(p, bytes == 0 ? 1 : bytes);
}

/* ---- the parser ----------------------------------------------------------------- */

/* What the parser knows while it reads; lines are numbered from 1. */
struct parser {
    const char *path;   /* for messages */
    FILE *in;
    char *line;         /* the line just read (getline's buffer) */
    size_t cap;         /* getline's buffer size */
    size_t number;      /* its number */
    struct trace *t;    /* what is being filled in */
    size_t *born;       /* per id: line of its `a` while live, else 0 */
    size_t *died;       /* per id: line of its last `f`, or 0 */
};

/* Report a problem on line `number`.  Returns -1. */
static int parse_error(const struct parser *p, size_t number,
                       const char *fmt, ...) DIAG_PRINTF(3, 4);
static int parse_error(const struct parser *p, size_t number,
                       const char *fmt, ...)
{
    char what[DIAG_TEXT_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return diag_error("%s: line %zu: %s", p->path, number, what);
}

/* The next line that is not blank, split into at most 4 words (a fifth
 * word makes *words 5).  0 at the end of the file, 1 for a line. */
static int next_line(struct parser *p, char *word[4], int *words)
{
    ssize_t length;

    while ((length = getline(&p->line, &p->cap, p->in)) >= 0) {
        char *save = NULL, *w;

        p->number++;
        *words = 0;
        for (w = strtok_r(p->line, " \t\r\n", &save); w != NULL;
             w = strtok_r(NULL, " \t\r\n", &save)) {
            if (*words < 4)
                word[*words] = w;
            if (++*words == 5)
                break;
        }
        if (*words > 0)
            return 1;
    }
    return 0;
}

/* An unsigned decimal number, at most max.  0, or -1 with the error set. */
static int parse_number(const struct parser *p, const char *word,
                        const char *what, size_t max, size_t *out)
{
    size_t value = 0;

    if (*word == '\0')
        return parse_error(p, p->number, "%s is missing", what);
    for (const char *c = word; *c != '\0'; c++) {
        if (*c < '0' || *c > '9')
            return parse_error(p, p->number, "%s '%s' is not a number "
                               "(unsigned decimal)", what, word);
        if (value > (max - (size_t)(*c - '0')) / 10)
            return parse_error(p, p->number, "%s %s is larger than %zu, "
                               "the most a trace may have", what, word, max);
        value = value * 10 + (size_t)(*c - '0');
    }
    *out = value;
    return 0;
}

/* The four header numbers, one a line. */
static int parse_header(struct parser *p)
{
    static const char *const names[4] = {
        "the suggested heap size", "the number of ids",
        "the number of operations", "the weight"};
    static const size_t limits[4] = {SIZE_MAX, TRACE_IDS_MAX, TRACE_OPS_MAX,
                                      SIZE_MAX};
    size_t *fields[4] = {&p->t->heap_hint, &p->t->ids, &p->t->count,
                         &p->t->weight};
    char *word[4];
    int words;

    for (int i = 0; i < 4; i++) {
        if (!next_line(p, word, &words))
            return parse_error(p, p->number + 1, "the file ends before %s "
                               "(the header is 4 numbers, one a line: heap "
                               "size, ids, operations, weight)", names[i]);
        if (words != 1)
            return parse_error(p, p->number, "expected %s alone on its line "
                               "(the header is 4 numbers, one a line)",
                               names[i]);
        if (parse_number(p, word[0], names[i], limits[i], fields[i]) < 0)
            return -1;
    }
    return 0;
}

/* Is the id live (by the trace's own rules)?  If not, say so for verb. */
static int need_live(const struct parser *p, size_t id, const char *verb)
{
    if (p->born[id] != 0)
        return 0;
    if (p->died[id] != 0)
        return parse_error(p, p->number, "%s of id %zu, which was freed at "
                           "line %zu", verb, id, p->died[id]);
    return parse_error(p, p->number, "%s of id %zu, which is not allocated",
                       verb, id);
}

/* One operation line, checked against the ids' states. */
static int parse_op(struct parser *p, char *word[4], int words,
                    struct trace_op *op)
{
    size_t id, size = 0;
    char kind = word[0][0];

    if (strlen(word[0]) != 1 || strchr("arf", kind) == NULL)
        return parse_error(p, p->number, "unknown operation '%s' (a ID SIZE, "
                           "r ID SIZE or f ID)", word[0]);
    if (kind == 'f' ? words != 2 : words != 3)
        return parse_error(p, p->number, "'%c' takes %s, not %d",
                           kind, kind == 'f' ? "1 number (f ID)"
                                 : kind == 'a' ? "2 numbers (a ID SIZE)"
                                               : "2 numbers (r ID SIZE)",
                           words - 1);
    if (parse_number(p, word[1], "id", SIZE_MAX, &id) < 0 ||
        (kind != 'f' &&
         parse_number(p, word[2], "size", TRACE_SIZE_MAX, &size) < 0))
        return -1;
    if (id >= p->t->ids)
        return parse_error(p, p->number, "id %zu is out of range: the header "
                           "declares %zu id%s", id, p->t->ids,
                           p->t->ids == 1 ? "" : "s");
    if (kind == 'a' && p->born[id] != 0)
        return parse_error(p, p->number, "id %zu is allocated again while "
                           "live (allocated at line %zu)", id, p->born[id]);
    if (kind == 'r' && need_live(p, id, "realloc") < 0)
        return -1;
    if (kind == 'r' && size == 0)
        return parse_error(p, p->number, "realloc of id %zu to 0 bytes (a "
                           "trace frees with f)", id);
    if (kind == 'f' && need_live(p, id, "free") < 0)
        return -1;
    if (kind == 'a')
        p->born[id] = p->number;
    if (kind == 'f') {
        p->born[id] = 0;
        p->died[id] = p->number;
    }
    op->kind = kind;
    op->id = (uint32_t)id;
    op->size = size;
    return 0;
}

static int parse_ops(struct parser *p)
{
    struct trace *t = p->t;
    size_t done = 0;
    char *word[4];
    int words;

    while (next_line(p, word, &words)) {
        if (done == t->count)
            return parse_error(p, p->number, "more operations than the %zu "
                               "the header declares", t->count);
        if (parse_op(p, word, words, &t->ops[done]) < 0)
            return -1;
        done++;
    }
    if (done < t->count)
        return parse_error(p, p->number + 1, "the file ends after %zu "
                           "operation%s; the header declares %zu", done,
                           done == 1 ? "" : "s", t->count);
    return 0;
}

int trace_load(const char *path, struct trace *t)
{
    struct parser p = {.path = path, .t = t};
    int status = -1;

    memset(t, 0, sizeof *t);
    p.in = fopen(path, "r");
    if (p.in == NULL)
        return diag_error("cannot read '%s': %s", path, strerror(errno));
    if (parse_header(&p) < 0)
        goto out;
    t->ops_bytes = t->count * sizeof *t->ops;
    t->ops = trace_map(t->ops_bytes);
    p.born = trace_map(t->ids * sizeof *p.born);
    p.died = trace_map(t->ids * sizeof *p.died);
    if (t->ops == NULL || p.born == NULL || p.died == NULL) {
        diag_error("%s: no memory for %zu operations on %zu ids", path,
                   t->count, t->ids);
        goto out;
    }
    status = parse_ops(&p);
out:
    trace_unmap(p.born, t->ids * sizeof *p.born);
    trace_unmap(p.died, t->ids * sizeof *p.died);
    free(p.line);
    fclose(p.in);
    if (status < 0)
        trace_unload(t);
    return status;
}

void trace_unload(struct trace *t)
{
    trace_unmap(t->ops, t->ops_bytes);
    t->ops = NULL;
    t->ops_bytes = 0;
}

/* ---- the allocators ---------------------------------------------------------------- */

enum { ALLOCATORS = 5 }; /* the adapters below */

/* Every allocator in report order. */
static void all_allocators(const struct trace_allocator *all[ALLOCATORS])
{
    all[0] = &trace_libc;
    all[1] = &trace_os;
    all[2] = &trace_typed;
    all[3] = &trace_libheap;
    all[4] = &trace_broken;
}

const char *trace_allocator_names(void)
{
    static char names[128];
    const struct trace_allocator *all[ALLOCATORS];
    size_t used = 0;

    all_allocators(all);
    names[0] = '\0';
    for (size_t i = 0; i < ALLOCATORS; i++)
        used += (size_t)snprintf(names + used, sizeof names - used, "%s%s",
                                 used == 0           ? ""
                                 : all[i]->test_only ? "; for tests: "
                                                     : ", ",
                                 all[i]->name);
    return names;
}

const struct trace_allocator *trace_allocator_find(const char *name)
{
    const struct trace_allocator *all[ALLOCATORS];

    all_allocators(all);
    for (size_t i = 0; i < ALLOCATORS; i++)
        if (strcmp(all[i]->name, name) == 0)
            return all[i];
    diag_error("unknown allocator '%s' (there are: %s)", name,
               trace_allocator_names());
    return NULL;
}

size_t trace_default_allocators(const struct trace_allocator **list,
                                size_t max)
{
    const struct trace_allocator *all[ALLOCATORS];
    size_t count = 0;

    all_allocators(all);
    for (size_t i = 0; i < ALLOCATORS && count < max; i++)
        if (!all[i]->test_only)
            list[count++] = all[i];
    return count;
}

/* ---- the pattern ------------------------------------------------------------------- */

/*
 * The byte at offset i of id's block.  Each id starts at its own value
 * (a multiplicative hash spreads neighbouring ids apart) and counts up;
 * adding i >> 8 makes the sequence not repeat every 256 bytes, so a copy
 * from the wrong offset shows too.
 */
static unsigned char pattern(uint32_t id, size_t i)
{
    uint32_t start = id * 2654435761u;
    return (unsigned char)((start >> 24) + i + (i >> 8));
}

static void fill(unsigned char *p, uint32_t id, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        p[i] = pattern(id, i);
}

static bool intact(const unsigned char *p, uint32_t id, size_t size)
{
    for (size_t i = 0; i < size; i++)
        if (p[i] != pattern(id, i))
            return false;
    return true;
}

/* ---- the passes ---------------------------------------------------------------------- */

/* What the replay knows of one id's block. */
struct slot {
    unsigned char *p;  /* the block, NULL when the id has none */
    size_t size;       /* bytes asked for */
};

static bool too_large(const struct trace_allocator *a, size_t size)
{
    return a->max_request != 0 && size > a->max_request;
}

/* One operation of the checked pass on the block of its id.  Returns
 * false when it was skipped (too large, or its block was never allocated)
 * or refused (the allocator returned NULL). */
static bool checked_op(const struct trace_allocator *a,
                       const struct trace_op *op, struct slot *s,
                       size_t *live, struct trace_result *r)
{
    unsigned char *q;
    size_t keep;

    if ((op->kind != 'a' && s->p == NULL) ||
        (op->kind != 'f' && too_large(a, op->size)))
        return false;
    switch (op->kind) {
    case 'a':
        s->p = a->malloc(op->size);
        s->size = op->size;
        if (s->p == NULL)
            break;
        fill(s->p, op->id, 0, op->size);
        *live += op->size;
        return true;
    case 'r':
        q = a->realloc(s->p, op->size);
        if (q == NULL)
            break; /* the block stays as it was */
        keep = s->size < op->size ? s->size : op->size;
        r->verify_errors += !intact(q, op->id, keep);
        fill(q, op->id, keep, op->size);
        *live = *live - s->size + op->size;
        s->p = q;
        s->size = op->size;
        return true;
    case 'f':
        r->verify_errors += !intact(s->p, op->id, s->size);
        a->free(s->p);
        s->p = NULL;
        *live -= s->size;
        return true;
    }
    r->refused++;
    return false;
}

/* The checked pass: every byte filled and verified, the footprint after
 * every operation. */
static void checked_pass(const struct trace *t, const struct trace_allocator *a,
                         struct slot *slots, struct trace_result *r)
{
    size_t live = 0;

    for (size_t i = 0; i < t->count; i++) {
        const struct trace_op *op = &t->ops[i];
        size_t footprint;

        if (!checked_op(a, op, &slots[op->id], &live, r))
            r->skipped++;
        footprint = a->footprint(op->size);
        if (live > r->peak_live)
            r->peak_live = live;
        if (footprint > r->peak_footprint)
            r->peak_footprint = footprint;
    }
    for (size_t id = 0; id < t->ids; id++) /* blocks the trace left live */
        if (slots[id].p != NULL) {
            r->verify_errors += !intact(slots[id].p, (uint32_t)id,
                                        slots[id].size);
            a->free(slots[id].p);
        }
}

/* A timed pass does the calls and writes the first and last byte of each
 * block (as a program would, and so that the pages are really used). */
static void touch(unsigned char *p, size_t size)
{
    volatile unsigned char *v = p; /* the writes must not be optimised away */

    if (size > 0) {
        v[0] = 1;
        v[size - 1] = 1;
    }
}

static void timed_replay(const struct trace *t,
                         const struct trace_allocator *a, struct slot *slots)
{
    for (size_t i = 0; i < t->count; i++) {
        const struct trace_op *op = &t->ops[i];
        struct slot *s = &slots[op->id];
        unsigned char *q;

        switch (op->kind) {
        case 'a':
            if (too_large(a, op->size))
                break;
            s->p = a->malloc(op->size);
            s->size = op->size;
            if (s->p != NULL)
                touch(s->p, op->size);
            break;
        case 'r':
            if (s->p == NULL || too_large(a, op->size))
                break;
            q = a->realloc(s->p, op->size);
            if (q != NULL) {
                s->p = q;
                s->size = op->size;
                touch(q, op->size);
            }
            break;
        case 'f':
            if (s->p != NULL)
                a->free(s->p);
            s->p = NULL;
            break;
        }
    }
}

/* Free what the trace left live (after the clock stopped). */
static void free_leftovers(const struct trace *t,
                           const struct trace_allocator *a, struct slot *slots)
{
    for (size_t id = 0; id < t->ids; id++)
        if (slots[id].p != NULL)
            a->free(slots[id].p);
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Threads of a timed pass wait at a gate until all exist, so that they
 * start together; a gate that cannot open (a thread failed to start)
 * sends them home. */
struct gate {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    int state;                   /* 0 closed, 1 open, -1 abandoned */
};

static int gate_wait(struct gate *g)
{
    int state;

    pthread_mutex_lock(&g->lock);
    while (g->state == 0)
        pthread_cond_wait(&g->changed, &g->lock);
    state = g->state;
    pthread_mutex_unlock(&g->lock);
    return state;
}

static void gate_set(struct gate *g, int state)
{
    pthread_mutex_lock(&g->lock);
    g->state = state;
    pthread_cond_broadcast(&g->changed);
    pthread_mutex_unlock(&g->lock);
}

/* One thread of a timed pass with several threads. */
struct worker {
    pthread_t thread;
    const struct trace *t;
    const struct trace_allocator *a;
    struct slot *slots;          /* this thread's own table */
    struct gate *gate;           /* where it waits to start */
    double end;                  /* when its replay ended */
};

static void *worker_run(void *arg)
{
    struct worker *w = arg;

    if (gate_wait(w->gate) < 0)
        return NULL;
    timed_replay(w->t, w->a, w->slots);
    w->end = now();
    free_leftovers(w->t, w->a, w->slots);
    return NULL;
}

/* Time the threads from the gate's opening to the last one's end. */
static int timed_threads(const struct trace *t,
                         const struct trace_allocator *a, struct slot *slots,
                         unsigned threads, double *seconds)
{
    struct gate gate = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
                        0};
    struct worker *w = trace_map(threads * sizeof *w);
    unsigned created = 0;
    double begin, last;

    if (w == NULL)
        return diag_error("no memory for %u threads", threads);
    for (; created < threads; created++) {
        w[created] = (struct worker){.t = t, .a = a, .gate = &gate,
                                     .slots = slots + created * t->ids};
        if (pthread_create(&w[created].thread, NULL, worker_run,
                           &w[created]) != 0)
            break;
    }
    begin = now();
    gate_set(&gate, created == threads ? 1 : -1);
    last = begin;
    for (unsigned i = 0; i < created; i++) {
        pthread_join(w[i].thread, NULL);
        if (w[i].end > last)
            last = w[i].end;
    }
    *seconds = last - begin;
    trace_unmap(w, threads * sizeof *w);
    if (created < threads)
        return diag_error("cannot start thread %u of %u", created + 1,
                          threads);
    return 0;
}

static int timed_pass(const struct trace *t, const struct trace_allocator *a,
                      struct slot *slots, unsigned threads, double *seconds)
{
    double begin;

    if (threads > 1)
        return timed_threads(t, a, slots, threads, seconds);
    begin = now();
    timed_replay(t, a, slots);
    *seconds = now() - begin;
    free_leftovers(t, a, slots);
    return 0;
}

/* ---- one pass in a child ------------------------------------------------------------- */

/* What a child sends back through its pipe. */
struct child_report {
    int status;                  /* 0, or -1: why says */
    char why[DIAG_TEXT_MAX];     /* the child's diag_last_error() */
    struct trace_result result;  /* the checked pass's fields, or seconds */
};

/* The child's whole life: a fresh heap, the pass, the report. */
static void child_pass(const struct trace *t, const struct trace_allocator *a,
                       bool checked, unsigned threads,
                       struct child_report *rep)
{
    size_t bytes = (size_t)threads * t->ids * sizeof(struct slot);
    struct slot *slots;

    rep->status = -1;
    if (a->start != NULL && a->start() < 0) {
        snprintf(rep->why, sizeof rep->why, "cannot start: %s",
                 diag_last_error());
        return;
    }
    slots = trace_map(bytes);
    if (slots == NULL) {
        snprintf(rep->why, sizeof rep->why, "no memory for %zu ids",
                 t->ids);
        return;
    }
    if (checked) {
        checked_pass(t, a, slots, &rep->result);
        rep->status = 0;
    } else if (timed_pass(t, a, slots, threads, &rep->result.seconds) == 0) {
        rep->status = 0;
    } else {
        snprintf(rep->why, sizeof rep->why, "%s", diag_last_error());
    }
    trace_unmap(slots, bytes);
}

static int write_all(int fd, const void *data, size_t bytes)
{
    const char *p = data;

    while (bytes > 0) {
        ssize_t n = write(fd, p, bytes);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        bytes -= (size_t)n;
    }
    return 0;
}

static size_t read_all(int fd, void *data, size_t bytes)
{
    char *p = data;
    size_t got = 0;

    while (got < bytes) {
        ssize_t n = read(fd, p + got, bytes - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    return got;
}

/* Run one pass in a forked child and collect its report: 0, or -1 with
 * diag_error() saying what went wrong (the allocator's words, a signal,
 * an exit status). */
static int run_in_child(const struct trace *t, const struct trace_allocator *a,
                        bool checked, unsigned threads,
                        struct child_report *rep)
{
    const char *pass = checked ? "checked pass" : "timed pass";
    int fds[2], status;
    size_t got;
    pid_t pid;

    memset(rep, 0, sizeof *rep);
    if (pipe(fds) < 0)
        return diag_error("%s: cannot make a pipe: %s", a->name,
                          strerror(errno));
    fflush(NULL); /* nothing buffered is inherited twice */
    pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return diag_error("%s: cannot fork: %s", a->name, strerror(errno));
    }
    if (pid == 0) {
        close(fds[0]);
        child_pass(t, a, checked, threads, rep);
        _exit(write_all(fds[1], rep, sizeof *rep) == 0 ? 0 : 1);
    }
    close(fds[1]);
    got = read_all(fds[0], rep, sizeof *rep);
    close(fds[0]);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFSIGNALED(status))
        return diag_error("%s: the %s was killed by signal %d (%s)", a->name,
                          pass, WTERMSIG(status), strsignal(WTERMSIG(status)));
    if (got != sizeof *rep || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return diag_error("%s: the %s ended with status %d and %s", a->name,
                          pass, WIFEXITED(status) ? WEXITSTATUS(status) : -1,
                          got == sizeof *rep ? "a report (a sanitizer or "
                                               "valgrind error?)"
                                             : "no report");
    if (rep->status < 0)
        return diag_error("%s: %s", a->name, rep->why);
    return 0;
}

/* ---- a whole measurement ------------------------------------------------------------- */

/* The median of n values (sorted in place; insertion sort: n is small). */
static double median(double *v, unsigned n)
{
    for (unsigned i = 1; i < n; i++)
        for (unsigned j = i; j > 0 && v[j - 1] > v[j]; j--) {
            double swap = v[j];
            v[j] = v[j - 1];
            v[j - 1] = swap;
        }
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int trace_measure(const struct trace *t, const struct trace_allocator *a,
                  unsigned repeat, unsigned threads, struct trace_result *r)
{
    struct child_report rep;
    double *seconds;
    int status = 0;

    memset(r, 0, sizeof *r);
    if (threads == 0)
        threads = 1;
    if (threads > 1 && !a->thread_safe)
        return diag_error("%s is not thread-safe: replay it with one thread",
                          a->name);
    if (run_in_child(t, a, true, 1, &rep) < 0)
        return -1;
    *r = rep.result;
    r->threads = threads;
    r->ops = t->count * threads;
    if (repeat == 0)
        return 0;
    seconds = trace_map(repeat * sizeof *seconds);
    if (seconds == NULL)
        return diag_error("no memory for %u timings", repeat);
    for (unsigned i = 0; i < repeat && status == 0; i++) {
        status = run_in_child(t, a, false, threads, &rep);
        seconds[i] = rep.result.seconds;
    }
    if (status == 0)
        r->seconds = median(seconds, repeat);
    trace_unmap(seconds, repeat * sizeof *seconds);
    return status;
}

double trace_ops_per_sec(const struct trace_result *r)
{
    return r->seconds > 0 ? (double)r->ops / r->seconds : 0;
}

double trace_utilization(const struct trace_result *r)
{
    return r->peak_footprint > 0
               ? (double)r->peak_live / (double)r->peak_footprint
               : 0;
}
