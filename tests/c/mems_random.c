/*
 * mems_random.c - MeMS against a model, at random.
 *
 * usage: mems_random [SEED [OPERATIONS]]   (defaults 1 and 20000)
 *
 * Random mems_malloc (sizes from 1 byte to several pages), mems_free and
 * mems_get, with misuse mixed in (interior and double frees, addresses in
 * HOLEs, below 1000 and past the end, size 0) and now and then
 * mems_finish and a fresh mems_init.  Two independent models check it:
 *   - a model of the layout, kept here with plain arrays: where first fit
 *     must put each request, when a node must be mapped, how frees merge;
 *     after every operation MeMS's chains must equal it segment for
 *     segment;
 *   - the contents: every live segment is filled, through mems_get, with
 *     bytes derived from its allocation number, and verified before it is
 *     freed and at every check, so no operation may disturb another's
 *     bytes.
 * mems_check runs after every operation; misuse must return NULL, set its
 * code and change nothing.  Prints a summary and exits 0, or the first
 * mismatch and exits 1.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mems_internal.h"

enum { LIVE_MAX = 48, MODEL_SEGMENTS = 2 * LIVE_MAX + 2, MODEL_NODES = 1024 };

/* ---- the layout model ----------------------------------------------------- */

struct model_segment {
    vaddr_t start;
    size_t size;
    bool hole;
};

struct model_node {
    vaddr_t start;
    size_t bytes;
    size_t count;
    struct model_segment seg[MODEL_SEGMENTS];
};

static struct model_node model[MODEL_NODES];
static size_t model_nodes;

static void model_reset(void)
{
    model_nodes = 0;
}

static void model_insert(struct model_node *n, size_t at,
                         struct model_segment s)
{
    memmove(&n->seg[at + 1], &n->seg[at], (n->count - at) * sizeof s);
    n->seg[at] = s;
    n->count++;
}

static void model_remove(struct model_node *n, size_t at)
{
    memmove(&n->seg[at], &n->seg[at + 1],
            (n->count - at - 1) * sizeof n->seg[0]);
    n->count--;
}

/* Where first fit puts `size` bytes: scan every node's segments in order;
 * else a new node of ceil(size / PAGE_SIZE) pages. */
static vaddr_t model_malloc(size_t size)
{
    for (size_t i = 0; i < model_nodes; i++) {
        struct model_node *n = &model[i];
        for (size_t j = 0; j < n->count; j++) {
            struct model_segment *s = &n->seg[j];
            if (!s->hole || s->size < size)
                continue;
            if (s->size > size)
                model_insert(n, j + 1,
                             (struct model_segment){s->start + size,
                                                    s->size - size, true});
            n->seg[j].size = size;
            n->seg[j].hole = false;
            return n->seg[j].start;
        }
    }
    if (model_nodes == MODEL_NODES) {
        printf("mems_random: more than %d nodes: restart more often\n",
               MODEL_NODES);
        exit(1);
    }
    struct model_node *n = &model[model_nodes];
    size_t pages = (size + PAGE_SIZE - 1) / PAGE_SIZE;
    n->start = model_nodes == 0 ? MEMS_VIRTUAL_BASE
                                : model[model_nodes - 1].start +
                                      model[model_nodes - 1].bytes;
    n->bytes = pages * PAGE_SIZE;
    n->count = 1;
    n->seg[0] = (struct model_segment){n->start, n->bytes, true};
    model_nodes++;
    return model_malloc(size);
}

static void model_free(vaddr_t v)
{
    for (size_t i = 0; i < model_nodes; i++) {
        struct model_node *n = &model[i];
        for (size_t j = 0; j < n->count; j++) {
            if (n->seg[j].start != v)
                continue;
            n->seg[j].hole = true;
            if (j + 1 < n->count && n->seg[j + 1].hole) {
                n->seg[j].size += n->seg[j + 1].size;
                model_remove(n, j + 1);
            }
            if (j > 0 && n->seg[j - 1].hole) {
                n->seg[j - 1].size += n->seg[j].size;
                model_remove(n, j);
            }
            return;
        }
    }
}

/* ---- the live set ---------------------------------------------------------- */

struct live {
    vaddr_t v;
    size_t size;
    unsigned id; /* allocation number: the fill pattern's seed */
};

static struct live live[LIVE_MAX];
static size_t nlive;
static unsigned next_id;
static unsigned long op;

static unsigned char pattern(unsigned id, size_t i)
{
    return (unsigned char)(id * 131u + i * 7u + (i >> 8));
}

static void fail(const char *fmt, ...) DIAG_PRINTF(1, 2);
static void fail(const char *fmt, ...)
{
    va_list ap;

    printf("mems_random: operation %lu: ", op);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    exit(1);
}

static void fill(const struct live *l)
{
    unsigned char *p = mems_get((void *)l->v);

    if (p == NULL)
        fail("mems_get(%" PRIuPTR ") of a live segment: NULL", l->v);
    for (size_t i = 0; i < l->size; i++)
        p[i] = pattern(l->id, i);
}

static void verify(const struct live *l)
{
    const unsigned char *p = mems_get((void *)l->v);

    for (size_t i = 0; i < l->size; i++)
        if (p[i] != pattern(l->id, i))
            fail("segment %" PRIuPTR " (%zu bytes): byte %zu changed", l->v,
                 l->size, i);
}

/* ---- comparing MeMS with the models ---------------------------------------------- */

static void print_problem(void *arg, const char *line)
{
    (void)arg;
    printf("check: %s\n", line);
}

static void compare(void)
{
    struct diag_report report = {.sink = print_problem};
    const struct mems_node *node = main_chain_first();
    size_t i = 0;

    mems_check(&report);
    if (report.problems > 0)
        fail("mems_check found %d problems", report.problems);
    for (; node != NULL; node = main_chain_next(node), i++) {
        const struct mems_segment *seg = node->first;
        if (i >= model_nodes || node->vstart != model[i].start ||
            node->bytes != model[i].bytes)
            fail("node %zu differs from the model", i);
        for (size_t j = 0; j < model[i].count; j++, seg = seg->next)
            if (seg == NULL || seg->vstart != model[i].seg[j].start ||
                seg->size != model[i].seg[j].size ||
                seg->hole != model[i].seg[j].hole)
                fail("node %zu segment %zu differs from the model", i, j);
        if (seg != NULL)
            fail("node %zu has more segments than the model", i);
    }
    if (i != model_nodes)
        fail("%zu nodes, the model has %zu", i, model_nodes);
    for (size_t k = 0; k < nlive; k++)
        verify(&live[k]);
}

/* ---- operations ----------------------------------------------------------------- */

static size_t random_size(void)
{
    switch (rand() % 8) {
    case 0: case 1: case 2: return 1 + (size_t)rand() % 64;
    case 3: case 4: return 1 + (size_t)rand() % 1500;
    case 5: return 1 + (size_t)rand() % PAGE_SIZE;
    case 6: return PAGE_SIZE - 8 + (size_t)rand() % 16; /* around a page */
    default: return 1 + (size_t)rand() % (3 * PAGE_SIZE);
    }
}

static void do_malloc(void)
{
    size_t size = random_size();
    vaddr_t expect = model_malloc(size);
    vaddr_t v = (vaddr_t)mems_malloc(size);

    if (v != expect || mems_last_error() != MEMS_OK)
        fail("mems_malloc(%zu) = %" PRIuPTR ", the model says %" PRIuPTR,
             size, v, expect);
    live[nlive] = (struct live){v, size, next_id++};
    fill(&live[nlive++]);
}

static void do_free(void)
{
    size_t k = (size_t)rand() % nlive;

    verify(&live[k]);
    mems_free((void *)live[k].v);
    if (mems_last_error() != MEMS_OK)
        fail("mems_free(%" PRIuPTR "): %s", live[k].v, mems_last_message());
    model_free(live[k].v);
    live[k] = live[--nlive];
}

/* mems_get anywhere inside a live segment is the start's real address
 * plus the offset. */
static void do_get(void)
{
    const struct live *l = &live[(size_t)rand() % nlive];
    size_t off = (size_t)rand() % l->size;
    unsigned char *base = mems_get((void *)l->v);
    unsigned char *p = mems_get((void *)(l->v + off));

    if (p != base + off || *p != pattern(l->id, off))
        fail("mems_get(%" PRIuPTR " + %zu) is not mems_get(%" PRIuPTR
             ") + %zu", l->v, off, l->v, off);
}

/* Misuse: a NULL result, the expected code, and nothing changed (the
 * comparison after the operation proves the last part). */
static void expect_error(void *result, int code, const char *what)
{
    if (result != NULL || mems_last_error() != code)
        fail("%s: result %p, code %d (%s), expected NULL and code %d", what,
             result, mems_last_error(), mems_strerror(mems_last_error()),
             code);
}

/* A HOLE's address, if there is a HOLE. */
static bool some_hole(vaddr_t *v)
{
    for (size_t i = 0; i < model_nodes; i++)
        for (size_t j = 0; j < model[i].count; j++)
            if (model[i].seg[j].hole) {
                *v = model[i].seg[j].start +
                     (size_t)rand() % model[i].seg[j].size;
                return true;
            }
    return false;
}

static void do_misuse(void)
{
    vaddr_t v, end = model_nodes == 0 ? MEMS_VIRTUAL_BASE
                                      : model[model_nodes - 1].start +
                                            model[model_nodes - 1].bytes;

    switch (rand() % 6) {
    case 0:
        expect_error(mems_malloc(0), MEMS_E_ZERO_SIZE, "mems_malloc(0)");
        break;
    case 1:
        expect_error(mems_malloc(SIZE_MAX - (size_t)rand() % 4096),
                     MEMS_E_TOO_LARGE, "mems_malloc(near SIZE_MAX)");
        break;
    case 2:
        v = (vaddr_t)rand() % MEMS_VIRTUAL_BASE;
        mems_free((void *)v);
        expect_error(mems_get((void *)v), MEMS_E_INVALID_ADDRESS,
                     "mems_get below 1000");
        break;
    case 3:
        v = end + (size_t)rand() % 100000;
        mems_free((void *)v);
        expect_error(mems_get((void *)v), MEMS_E_INVALID_ADDRESS,
                     "mems_get past the end");
        break;
    case 4:
        if (some_hole(&v)) {
            mems_free((void *)v);
            expect_error(NULL, MEMS_E_HOLE, "mems_free in a HOLE");
            expect_error(mems_get((void *)v), MEMS_E_HOLE, "mems_get in a HOLE");
        }
        break;
    default:
        for (size_t k = 0; k < nlive; k++)
            if (live[k].size > 1) {
                mems_free((void *)(live[k].v + 1 +
                                   (size_t)rand() % (live[k].size - 1)));
                expect_error(NULL, MEMS_E_NOT_SEGMENT_START,
                             "mems_free inside a segment");
                break;
            }
    }
}

static void restart(void)
{
    mems_finish();
    expect_error(mems_malloc(1), MEMS_E_NOT_INITIALIZED,
                 "mems_malloc after mems_finish");
    mems_init();
    nlive = 0;
    model_reset();
}

int main(int argc, char **argv)
{
    unsigned seed = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 1;
    unsigned long ops = argc > 2 ? strtoul(argv[2], NULL, 10) : 20000;
    unsigned long counts[5] = {0};

    srand(seed);
    mems_set_quiet(true);
    expect_error(mems_malloc(1), MEMS_E_NOT_INITIALIZED,
                 "mems_malloc before mems_init");
    mems_init();
    for (op = 0; op < ops; op++) {
        int r = rand() % 100;
        if (r < 1) {
            restart();
            counts[4]++;
        } else if (r < 10) {
            do_misuse();
            counts[3]++;
        } else if (nlive > 0 && r < 25) {
            do_get();
            counts[2]++;
        } else if (nlive == LIVE_MAX || (nlive > 0 && r < 60)) {
            do_free();
            counts[1]++;
        } else {
            do_malloc();
            counts[0]++;
        }
        compare();
    }
    mems_finish();
    printf("mems_random: seed %u, %lu operations: mems_malloc %lu, "
           "mems_free %lu, mems_get %lu, misuse %lu, restarts %lu: ok\n",
           seed, ops, counts[0], counts[1], counts[2], counts[3], counts[4]);
    return 0;
}
