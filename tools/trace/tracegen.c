/*
 * tracegen.c - writes a trace in the CS:APP malloc-lab format (trace.h) to
 * standard output:  tracegen SHAPE [--ops N] [--seed S] [--ids N]
 *
 * Nine shapes of workload (tools/trace/README.md, "Writing traces", describes
 * each): small, random, prodcons, realloc, pow2, mixed, and three for what
 * a general-purpose malloc finds hard: tiny, regrow, bigsmall.  A trace
 * has exactly N operations and frees every block by its end; at most `ids`
 * blocks and LIVE_MAX bytes are live at once, and a freed id is used
 * again.  The same arguments always give the same bytes: the random
 * numbers are our own (splitmix64), not the C library's.
 * The header's first number, the suggested heap size, is the trace's peak
 * of live requested bytes.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

#define KiB ((size_t)1024)
#define MiB (1024 * KiB)

/* The most bytes a trace has live at once, however long it is: replaying
 * it must fit in memory, with -t several times over. */
#define LIVE_MAX (64 * MiB)

/*
 * The generator's state.  Invariants: live[0 .. nlive) and idle[0 ..
 * nidle) hold every id exactly once between them; where[id] is id's index
 * in live[] while it is live; size[id] > 0 exactly while it is live;
 * budget >= nlive, so that every live block can still be freed; and
 * live_bytes <= LIVE_MAX.
 */
struct gen {
    uint64_t random;          /* splitmix64's state */
    size_t budget;            /* operations still to write */
    size_t ids;               /* --ids */
    struct trace_op *ops;     /* the operations written so far */
    size_t count;             /* how many */
    size_t *size;             /* per id: bytes now, 0 when not live */
    size_t *live, nlive;      /* the live ids, in no order */
    size_t *where;            /* per id: its index in live[] */
    size_t *idle, nidle;      /* the ids not live: a stack */
    size_t *fifo, head;       /* prodcons: live ids oldest first (a ring
                                 of ids entries from head, nlive long) */
    bool *shrinking;          /* regrow: per live id, past its top */
    size_t live_bytes, peak;  /* requested bytes live now, and the most */
};

/* ---- random numbers ------------------------------------------------------------- */

/* splitmix64 (Steele, Lea and Flood): a counter put through a mixing
 * function; small, fast, and the same on every machine. */
static uint64_t next_random(struct gen *g)
{
    uint64_t z = (g->random += 0x9e3779b97f4a7c15u);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* 0 .. n-1 (the modulo's bias is far too small to matter here). */
static size_t below(struct gen *g, size_t n)
{
    return (size_t)(next_random(g) % n);
}

static bool chance(struct gen *g, unsigned percent)
{
    return below(g, 100) < percent;
}

/* A size from lo to hi whose power of two is uniform: as many sizes
 * between 16 and 32 as between 1024 and 2048, as in real programs. */
static size_t spread_size(struct gen *g, size_t lo, size_t hi)
{
    unsigned low_bit = 0, high_bit = 0;
    size_t from, to;

    while (((size_t)2 << low_bit) <= lo)
        low_bit++;
    while (((size_t)2 << high_bit) <= hi)
        high_bit++;
    unsigned bit = low_bit + (unsigned)below(g, high_bit - low_bit + 1);
    from = (size_t)1 << bit;
    to = ((size_t)2 << bit) - 1;
    if (from < lo)
        from = lo;
    if (to > hi)
        to = hi;
    return from + below(g, to - from + 1);
}

/* ---- writing operations ------------------------------------------------------------- */

static void emit(struct gen *g, char kind, size_t id, size_t size)
{
    g->ops[g->count++] = (struct trace_op){kind, (uint32_t)id, size};
    g->budget--;
}

/* Room to allocate `size` bytes: an idle id, operations left to free it
 * too, and room under LIVE_MAX. */
static bool may_alloc(const struct gen *g, size_t size)
{
    return g->nidle > 0 && g->budget >= g->nlive + 2 &&
           size <= LIVE_MAX - g->live_bytes;
}

/* Room to grow a live block by `more` bytes. */
static bool may_grow(const struct gen *g, size_t more)
{
    return more <= LIVE_MAX - g->live_bytes;
}

/* A free must not leave one operation and nothing live (it could be
 * neither an allocation, which needs its free, nor a free). */
static bool may_free(const struct gen *g)
{
    return g->nlive > 0 && !(g->nlive == 1 && g->budget == 2);
}

static size_t alloc_block(struct gen *g, size_t size)
{
    size_t id = g->idle[--g->nidle];

    g->where[id] = g->nlive;
    g->live[g->nlive] = id;
    g->fifo[(g->head + g->nlive) % g->ids] = id;
    g->nlive++;
    g->size[id] = size;
    g->live_bytes += size;
    if (g->live_bytes > g->peak)
        g->peak = g->live_bytes;
    emit(g, 'a', id, size);
    return id;
}

static void free_block(struct gen *g, size_t id)
{
    size_t last = g->live[--g->nlive];

    g->live[g->where[id]] = last; /* the last live id takes its place */
    g->where[last] = g->where[id];
    g->idle[g->nidle++] = id;
    g->live_bytes -= g->size[id];
    g->size[id] = 0;
    emit(g, 'f', id, 0);
}

static void realloc_block(struct gen *g, size_t id, size_t size)
{
    g->live_bytes = g->live_bytes - g->size[id] + size;
    if (g->live_bytes > g->peak)
        g->peak = g->live_bytes;
    g->size[id] = size;
    emit(g, 'r', id, size);
}

static size_t any_live(struct gen *g)
{
    return g->live[below(g, g->nlive)];
}

/* What a step does when it may neither allocate nor free: shrink block id
 * (a realloc that never needs more room). */
static void shrink_block(struct gen *g, size_t id)
{
    realloc_block(g, id, 1 + below(g, g->size[id]));
}

/* The oldest live block (prodcons, which frees only this one, so the
 * ring holds the live ids in the order they were allocated). */
static size_t oldest_live(struct gen *g)
{
    return g->fifo[g->head];
}

/* ---- the shapes ----------------------------------------------------------------------- */

/* Each step writes one operation; the driver calls it only while the
 * budget is larger than the live count, so that one of the three kinds is
 * always allowed: an allocation if nothing is live (every size is far
 * below LIVE_MAX), otherwise a shrinking realloc at least. */

/* The step of the shapes that allocate `size` bytes with the given
 * chance (in percent) and otherwise free a random block (or shrink one
 * when nothing may be freed). */
static void alloc_or_free(struct gen *g, size_t size, unsigned percent)
{
    if (may_alloc(g, size) && (g->nlive == 0 || chance(g, percent)))
        alloc_block(g, size);
    else if (may_free(g))
        free_block(g, any_live(g));
    else
        shrink_block(g, any_live(g));
}

/* small: many small objects (1 to 128 bytes) built up, some freed. */
static void step_small(struct gen *g)
{
    size_t size = spread_size(g, 1, 128);

    alloc_or_free(g, size, 65);
}

/* random: sizes from 1 byte to 32 KiB, frees of random blocks. */
static void step_random(struct gen *g)
{
    size_t size = spread_size(g, 1, 32 * KiB);

    alloc_or_free(g, size, 55);
}

/* prodcons: messages of 32 bytes to 4 KiB, consumed oldest first, in
 * bursts of 64 operations that mostly produce, then mostly consume. */
static void step_prodcons(struct gen *g)
{
    bool producing = (g->count / 64) % 2 == 0;
    size_t size = 32 + below(g, 4 * KiB - 32 + 1);

    if (may_alloc(g, size) &&
        (g->nlive == 0 || chance(g, producing ? 80 : 25))) {
        alloc_block(g, size);
    } else if (may_free(g)) {
        size_t id = oldest_live(g);
        g->head = (g->head + 1) % g->ids;
        free_block(g, id);
    } else {
        shrink_block(g, oldest_live(g));
    }
}

/* realloc: chains of blocks that start at 16 to 512 bytes and grow by a
 * quarter to a whole of their size at a time, up to 1 MiB, then are
 * freed; new chains start in between, so growth cannot always be in
 * place. */
static void step_realloc(struct gen *g)
{
    enum { CAP = 1 << 20 };
    size_t id, size = spread_size(g, 16, 512), grown;

    if (may_alloc(g, size) && (g->nlive == 0 || chance(g, 20))) {
        alloc_block(g, size);
        return;
    }
    id = any_live(g);
    size = g->size[id];
    grown = size + size / 4 + below(g, size * 3 / 4 + 1);
    if (grown > CAP)
        grown = CAP;
    if (may_free(g) &&
        (size >= CAP || chance(g, 5) || !may_grow(g, grown - size)))
        free_block(g, id);
    else if (may_grow(g, grown - size))
        realloc_block(g, id, grown);
    else
        shrink_block(g, id);
}

/* pow2: sizes that are powers of two, 8 bytes to 8 KiB. */
static void step_pow2(struct gen *g)
{
    size_t size = (size_t)8 << below(g, 11);

    alloc_or_free(g, size, 55);
}

/* mixed: mostly small blocks (16 bytes to 1 KiB), one in twenty large
 * (64 KiB to 4 MiB). */
static size_t mixed_size(struct gen *g)
{
    return chance(g, 5) ? spread_size(g, 64 * KiB, 4 * MiB)
                        : spread_size(g, 16, KiB);
}

static void step_mixed(struct gen *g)
{
    size_t size = mixed_size(g);

    alloc_or_free(g, size, 55);
}

/* tiny: a live set of about 8 KiB in blocks of 1 to 64 bytes, each soon
 * freed: what an allocator costs before the first byte is served (its
 * first mappings, its headers, its per-thread state) dominates. */
static void step_tiny(struct gen *g)
{
    enum { LIVE = 8 * 1024 };
    size_t size = spread_size(g, 1, 64);

    alloc_or_free(g, size, g->live_bytes + size <= LIVE ? 60 : 0);
}

/* regrow: up to four chains at once, each a block that grows by an
 * eighth to a half of its size at a time up to 1 MiB, then shrinks by
 * an eighth to a half at a time back below 512 bytes, then is freed.  Growing
 * in place needs the room behind the block; shrinking should give room
 * back. */
static void step_regrow(struct gen *g)
{
    enum { CHAINS = 4, TOP = 1 << 20, BOTTOM = 512 };
    size_t id, size = spread_size(g, 16, BOTTOM), step;

    if (may_alloc(g, size) && (g->nlive == 0 ||
                               (g->nlive < CHAINS && chance(g, 10)))) {
        g->shrinking[alloc_block(g, size)] = false;
        return;
    }
    id = any_live(g);
    size = g->size[id];
    step = size / 8 + below(g, size * 3 / 8 + 1);
    if (!g->shrinking[id] && size < TOP && may_grow(g, step)) {
        realloc_block(g, id, size + step < TOP ? size + step : TOP);
        return;
    }
    g->shrinking[id] = true; /* at the top, or no room left to grow */
    if (size > BOTTOM)
        realloc_block(g, id, size - step);
    else if (may_free(g))
        free_block(g, id);
    else
        shrink_block(g, id);
}

/* bigsmall: one allocation in eight large (128 KiB to 1 MiB), the rest
 * small (16 to 256 bytes), frees of random blocks: small blocks end up
 * between and after the large ones, around the C library's threshold
 * for mapping a block on its own. */
static void step_bigsmall(struct gen *g)
{
    size_t size = chance(g, 12) ? spread_size(g, 128 * KiB, MiB)
                                : spread_size(g, 16, 256);

    alloc_or_free(g, size, 55);
}

static const struct shape {
    const char *name;
    void (*step)(struct gen *g);
    const char *about;
} shapes[] = {
    {"small", step_small, "many small objects (1 to 128 bytes)"},
    {"random", step_random, "random sizes (1 byte to 32 KiB), random frees"},
    {"prodcons", step_prodcons, "producer/consumer: frees oldest first"},
    {"realloc", step_realloc, "realloc growth chains up to 1 MiB"},
    {"pow2", step_pow2, "power-of-two sizes, 8 bytes to 8 KiB"},
    {"mixed", step_mixed, "small blocks with large ones (64 KiB to 4 MiB)"},
    {"tiny", step_tiny, "a live set of 8 KiB in short-lived small blocks"},
    {"regrow", step_regrow, "realloc chains up to 1 MiB and back down"},
    {"bigsmall", step_bigsmall,
     "large blocks (128 KiB to 1 MiB) among many small ones"},
};

/* ---- the driver ------------------------------------------------------------------------- */

static void generate(struct gen *g, const struct shape *shape)
{
    bool fifo = shape->step == step_prodcons;

    while (g->budget > 0) {
        if (g->budget > g->nlive) {
            shape->step(g);
        } else if (fifo) { /* the end: free what is left, oldest first */
            size_t id = oldest_live(g);
            g->head = (g->head + 1) % g->ids;
            free_block(g, id);
        } else {
            free_block(g, any_live(g));
        }
    }
}

static void print_trace(const struct gen *g)
{
    printf("%zu\n%zu\n%zu\n1\n", g->peak, g->ids, g->count);
    for (size_t i = 0; i < g->count; i++) {
        const struct trace_op *op = &g->ops[i];
        if (op->kind == 'f')
            printf("f %u\n", op->id);
        else
            printf("%c %u %zu\n", op->kind, op->id, op->size);
    }
}

/* ---- options and main ---------------------------------------------------------------------- */

static void usage(void)
{
    printf("usage: tracegen SHAPE [--ops N] [--seed S] [--ids N]\n"
           "Writes a trace in the CS:APP malloc-lab format to standard "
           "output: exactly N\noperations (default 1000), every block freed "
           "by the end, at most N ids\n(default: a quarter of the "
           "operations) and 64 MiB live at once.  The same\narguments always "
           "give the same trace.\n\nshapes:\n");
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
        printf("  %-10s %s\n", shapes[i].name, shapes[i].about);
}

static int fail(const char *what, const char *word)
{
    fprintf(stderr, "tracegen: error: %s%s%s (try --help)\n", what,
            word ? ": " : "", word ? word : "");
    return 2;
}

/* An unsigned decimal number from min to max. */
static bool number(const char *word, uint64_t min, uint64_t max,
                   uint64_t *out)
{
    uint64_t value = 0;

    if (*word == '\0')
        return false;
    for (const char *c = word; *c != '\0'; c++) {
        if (*c < '0' || *c > '9' || value > (UINT64_MAX - 9) / 10)
            return false;
        value = value * 10 + (uint64_t)(*c - '0');
    }
    *out = value;
    return value >= min && value <= max;
}

static void *table(size_t n, size_t size)
{
    return calloc(n == 0 ? 1 : n, size);
}

int main(int argc, char **argv)
{
    const struct shape *shape = NULL;
    uint64_t ops = 1000, seed = 1, ids = 0;
    struct gen g = {0};
    int status = 0;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            usage();
            return 0;
        }
        if (strcmp(arg, "--ops") == 0 || strcmp(arg, "--seed") == 0 ||
            strcmp(arg, "--ids") == 0) {
            if (value == NULL)
                return fail("option needs a value", arg);
            i++;
            if (strcmp(arg, "--seed") == 0 && !number(value, 0, UINT64_MAX,
                                                      &seed))
                return fail("--seed must be an unsigned decimal number",
                            value);
            if (strcmp(arg, "--ops") == 0 &&
                (!number(value, 0, TRACE_OPS_MAX, &ops) || ops == 1))
                return fail("--ops must be 0, or from 2 to 67108864 (a "
                            "trace that frees what it allocates)", value);
            if (strcmp(arg, "--ids") == 0 &&
                !number(value, 1, TRACE_IDS_MAX, &ids))
                return fail("--ids must be from 1 to 16777216", value);
            continue;
        }
        if (arg[0] == '-')
            return fail("unknown option", arg);
        if (shape != NULL)
            return fail("more than one SHAPE", arg);
        for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
            if (strcmp(arg, shapes[s].name) == 0)
                shape = &shapes[s];
        if (shape == NULL)
            return fail("unknown shape (small, random, prodcons, realloc, "
                        "pow2, mixed, tiny, regrow, bigsmall)", arg);
    }
    if (shape == NULL)
        return fail("no SHAPE given", NULL);
    if (ids == 0)
        ids = ops / 4 > 0 ? ops / 4 : 1;

    g.random = seed;
    g.budget = (size_t)ops;
    g.ids = (size_t)ids;
    g.ops = table(g.budget, sizeof *g.ops);
    g.size = table(g.ids, sizeof *g.size);
    g.live = table(g.ids, sizeof *g.live);
    g.where = table(g.ids, sizeof *g.where);
    g.idle = table(g.ids, sizeof *g.idle);
    g.fifo = table(g.ids, sizeof *g.fifo);
    g.shrinking = table(g.ids, sizeof *g.shrinking);
    if (!g.ops || !g.size || !g.live || !g.where || !g.idle || !g.fifo ||
        !g.shrinking) {
        status = fail("out of memory", NULL);
    } else {
        for (size_t id = 0; id < g.ids; id++) /* id 0 is taken first */
            g.idle[g.nidle++] = g.ids - 1 - id;
        generate(&g, shape);
        print_trace(&g);
        if (fflush(stdout) != 0 || ferror(stdout))
            status = fail("cannot write the trace", NULL);
    }
    free(g.ops);
    free(g.size);
    free(g.live);
    free(g.where);
    free(g.idle);
    free(g.fifo);
    free(g.shrinking);
    return status;
}
