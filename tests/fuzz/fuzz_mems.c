/*
 * fuzz_mems.c - a libFuzzer target for the MeMS interface (phase5/mems.h):
 * the input is decoded as a list of operations, run against a model of
 * the layout (where first fit must put each request, when a node is
 * mapped, how frees merge: MeMS's chains must equal it segment for segment
 * after every operation) and a shadow of the contents (every live segment
 * holds a pattern, written and verified through mems_get).  mems_check and
 * page_check run after every operation; misuse must fail with the code
 * mems.h gives and change nothing.  MeMS is quiet (mems_set_quiet): errors
 * are checked by code, not printed.  Seeds: tests/fuzz/corpus/mems/.
 *
 * The encoding.  Bytes are read in order; reading past the end gives 0, and
 * the input ends when it is used up or after MAX_OPS operations.  Each
 * operation is one byte OP, then its arguments:
 *   SIZE = C V0 V1   size class C % 8 and value V = V0 | V1 << 8:
 *     0: 1 + V % 16     1: 1 + V % 128      2: 1 + V % 1024
 *     3: 1 + V % 4096   4: PAGE_SIZE * (1 + V % 3)
 *     5: PAGE_SIZE - 8 + V % 16             6: 1 + V % (3 * PAGE_SIZE)
 *     7: 1 + V % 64
 *   K = one byte: the segment K % live, in allocation order (skipped if none)
 *   ADDR = M ...: a virtual address, by M % 4:
 *     0 S0 S1 O0 O1: segment S % segments of the model, offset
 *                    O % (its size + 1) (so also one past its end)
 *     1 R: a remembered address (freed starts, interior addresses)
 *     2 A0 A1: A % 1000, below the first MeMS address
 *     3 A0 A1: past the last node: its end + A, or UINTPTR_MAX - A0
 *                    when A1 is odd
 *   OP % 16:
 *     0-4   mems_malloc(SIZE); the address must be the model's
 *     5-7   K: mems_free of a live segment
 *     8-9   K: verify a live segment and write a new pattern, both through
 *           mems_get of every CHUNK-th address in it
 *     10    ADDR: mems_get, which must agree with the model
 *     11    ADDR: mems_free: a live segment's start is freed; any other
 *           address must fail with the model's code
 *     12    K O0 O1: inside a live segment (size >= 2): mems_get translates,
 *           mems_free fails (not the start of a segment)
 *     13    S V: misuse, S % 4: mems_malloc(0), mems_malloc(SIZE_MAX - V),
 *           mems_malloc(2^50 + V) (which no kernel maps), mems_init twice
 *     14    K: double free: mems_free twice, the second inside a HOLE
 *     15    S: mems_print_stats (if S & 2; fuzz.mk runs with standard
 *           output closed), verify all, mems_finish, then (S odd) every
 *           call must fail as not initialized, then mems_init: empty again
 * A mems_malloc is skipped when MAX_LIVE segments are live.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fuzz_input.h"
#include "mems.h"
#include "mems_internal.h"
#include "page.h"

enum {
    MAX_OPS = 512,       /* operations per input */
    MAX_LIVE = 64,       /* live segments at a time */
    STALE = 16,          /* remembered addresses for misuse */
    CHUNK = 1024,        /* bytes written or verified per mems_get */
    MODEL_SEGMENTS = 2 * MAX_OPS + 2, /* a malloc adds at most two */
    MODEL_NODES = MAX_OPS + 1,
};
#define HUGE_BYTES ((size_t)1 << 50) /* no mmap can give this much */

/* ---- the layout model: every node's segments, in virtual order ---------- */

struct model_segment {
    vaddr_t start; /* first virtual address */
    size_t size;   /* bytes */
    bool hole;     /* HOLE or PROCESS */
    size_t node;   /* index of the node it divides */
};

struct model_node {
    vaddr_t start; /* first virtual address */
    size_t bytes;  /* whole pages */
};

static struct {
    struct model_segment seg[MODEL_SEGMENTS]; /* all nodes', in order */
    size_t nsegs;
    struct model_node node[MODEL_NODES];
    size_t nnodes;
    vaddr_t next_vstart; /* where the next node would begin */
} model;

/* ---- the contents shadow and the input ---------------------------------- */

/* A live segment: where it is and what it must hold. */
struct live {
    vaddr_t v;           /* its MeMS virtual address */
    size_t size;         /* bytes */
    unsigned char *base; /* mems_get(v) when it was allocated */
    uint32_t pattern;    /* its contents: the bytes at fuzz_pattern() */
};

static struct {
    struct live live[MAX_LIVE]; /* in allocation order */
    size_t nlive;
    vaddr_t stale[STALE];       /* freed and interior addresses (ring) */
    size_t stale_next;
    uint32_t next_pattern;
} s;

/* ---- failing loudly --------------------------------------------------- */

/* The last call must have left `code` (MEMS_OK after a success). */
static void expect_code(int code, const char *what, vaddr_t arg)
{
    if (mems_last_error() != code)
        fuzz_fail("%s(%ju): code %d (%s: %s), expected %d (%s)", what,
             (uintmax_t)arg, mems_last_error(),
             mems_strerror(mems_last_error()), mems_last_message(), code,
             mems_strerror(code));
}

static void print_problem(void *arg, const char *line)
{
    (void)arg;
    fprintf(stderr, "fuzz_mems: check: %s\n", line);
}

/* ---- the input -------------------------------------------------------- */

static size_t take_size(void)
{
    unsigned c = fuzz_take8() % 8, v = fuzz_take16();

    switch (c) {
    case 0: return 1 + v % 16;
    case 1: return 1 + v % 128;
    case 2: return 1 + v % 1024;
    case 3: return 1 + v % 4096;
    case 4: return (size_t)PAGE_SIZE * (1 + v % 3);
    case 5: return PAGE_SIZE - 8 + v % 16;
    case 6: return 1 + v % (3 * PAGE_SIZE);
    default: return 1 + v % 64;
    }
}

static long take_live(void)
{
    unsigned k = fuzz_take8();

    return s.nlive == 0 ? -1 : (long)(k % s.nlive);
}

static void remember(vaddr_t v)
{
    s.stale[s.stale_next] = v;
    s.stale_next = (s.stale_next + 1) % STALE;
}

static vaddr_t take_vaddr(void)
{
    unsigned a;

    switch (fuzz_take8() % 4) {
    case 0: {
        unsigned i = fuzz_take16(), o = fuzz_take16();
        const struct model_segment *seg;

        if (model.nsegs == 0)
            return MEMS_VIRTUAL_BASE + o % 64;
        seg = &model.seg[i % model.nsegs];
        return seg->start + o % (seg->size + 1);
    }
    case 1:
        return s.stale[fuzz_take8() % STALE];
    case 2:
        return fuzz_take16() % MEMS_VIRTUAL_BASE;
    default:
        a = fuzz_take16();
        return a & 0x100 ? UINTPTR_MAX - (a & 0xff) : model.next_vstart + a;
    }
}

/* ---- the model's rules ------------------------------------------------ */

static void model_reset(void)
{
    model.nsegs = model.nnodes = 0;
    model.next_vstart = MEMS_VIRTUAL_BASE;
}

static void model_insert(size_t at, struct model_segment seg)
{
    if (model.nsegs == MODEL_SEGMENTS)
        fuzz_fail("the model is out of segments");
    memmove(&model.seg[at + 1], &model.seg[at],
            (model.nsegs - at) * sizeof seg);
    model.seg[at] = seg;
    model.nsegs++;
}

static void model_remove(size_t at)
{
    memmove(&model.seg[at], &model.seg[at + 1],
            (model.nsegs - at - 1) * sizeof model.seg[0]);
    model.nsegs--;
}

/* Pages for a new node of `size` bytes, or 0 if its range would not fit
 * below UINTPTR_MAX (mems_malloc's "size too large"). */
static size_t model_pages(size_t size)
{
    size_t pages = size / PAGE_SIZE + (size % PAGE_SIZE != 0);

    return pages > (UINTPTR_MAX - model.next_vstart) / PAGE_SIZE ? 0 : pages;
}

/* First fit: the address a mems_malloc(size) must return, applied to the
 * model.  The caller knows the size can be mapped. */
static vaddr_t model_malloc(size_t size)
{
    size_t i;

    for (i = 0; i < model.nsegs; i++)
        if (model.seg[i].hole && model.seg[i].size >= size)
            break;
    if (i == model.nsegs) { /* a new node, one HOLE */
        size_t pages = model_pages(size);

        if (model.nnodes == MODEL_NODES)
            fuzz_fail("the model is out of nodes");
        model.node[model.nnodes] = (struct model_node){
            .start = model.next_vstart, .bytes = pages * PAGE_SIZE};
        model_insert(i, (struct model_segment){.start = model.next_vstart,
                                               .size = pages * PAGE_SIZE,
                                               .hole = true,
                                               .node = model.nnodes});
        model.nnodes++;
        model.next_vstart += pages * PAGE_SIZE;
    }
    if (model.seg[i].size > size) /* the rest stays a HOLE */
        model_insert(i + 1, (struct model_segment){
            .start = model.seg[i].start + size,
            .size = model.seg[i].size - size, .hole = true,
            .node = model.seg[i].node});
    model.seg[i].size = size;
    model.seg[i].hole = false;
    return model.seg[i].start;
}

/* The segment holding v, or -1. */
static long model_find(vaddr_t v)
{
    for (size_t i = 0; i < model.nsegs; i++)
        if (v >= model.seg[i].start && v - model.seg[i].start < model.seg[i].size)
            return (long)i;
    return -1;
}

/* What mems_get(v) must do: MEMS_OK (*at the segment) or an error code. */
static int model_get(vaddr_t v, long *at)
{
    if (v < MEMS_VIRTUAL_BASE || v >= model.next_vstart)
        return MEMS_E_INVALID_ADDRESS;
    if ((*at = model_find(v)) < 0)
        fuzz_fail("model: %ju is inside no segment", (uintmax_t)v);
    return model.seg[*at].hole ? MEMS_E_HOLE : MEMS_OK;
}

/* What mems_free(v) must do. */
static int model_free_code(vaddr_t v, long *at)
{
    int code = model_get(v, at);

    if (code == MEMS_OK && v != model.seg[*at].start)
        return MEMS_E_NOT_SEGMENT_START;
    return code;
}

/* Segment i becomes a HOLE, merged with HOLE neighbours in its node. */
static void model_free(size_t i)
{
    model.seg[i].hole = true;
    if (i + 1 < model.nsegs && model.seg[i + 1].hole &&
        model.seg[i + 1].node == model.seg[i].node) {
        model.seg[i].size += model.seg[i + 1].size;
        model_remove(i + 1);
    }
    if (i > 0 && model.seg[i - 1].hole &&
        model.seg[i - 1].node == model.seg[i].node) {
        model.seg[i - 1].size += model.seg[i].size;
        model_remove(i);
    }
}

/* MeMS's main chain and sub-chains must be the model's, exactly. */
static void compare_with_model(void)
{
    size_t n = 0, i = 0;

    for (const struct mems_node *node = main_chain_first(); node != NULL;
         node = main_chain_next(node), n++) {
        if (n >= model.nnodes || node->vstart != model.node[n].start ||
            node->bytes != model.node[n].bytes)
            fuzz_fail("node %zu is MAIN[%ju:+%zu], the model has %zu nodes%s", n,
                 (uintmax_t)node->vstart, node->bytes, model.nnodes,
                 n < model.nnodes ? " and another range there" : "");
        for (const struct mems_segment *seg = node->first; seg != NULL;
             seg = seg->next, i++) {
            const struct model_segment *m = &model.seg[i];

            if (i >= model.nsegs)
                fuzz_fail("node %zu: %c[%ju:+%zu], past the model's last segment",
                     n, seg->hole ? 'H' : 'P', (uintmax_t)seg->vstart,
                     seg->size);
            if (m->node != n || seg->vstart != m->start ||
                seg->size != m->size || seg->hole != m->hole)
                fuzz_fail("node %zu: %c[%ju:+%zu] where the model has node %zu "
                     "%c[%ju:+%zu]", n, seg->hole ? 'H' : 'P',
                     (uintmax_t)seg->vstart, seg->size, m->node,
                     m->hole ? 'H' : 'P', (uintmax_t)m->start, m->size);
        }
    }
    if (n != model.nnodes || i != model.nsegs ||
        mems.next_vstart != model.next_vstart)
        fuzz_fail("MeMS has %zu nodes and %zu segments up to %ju, the model %zu, "
             "%zu up to %ju", n, i, (uintmax_t)mems.next_vstart, model.nnodes,
             model.nsegs, (uintmax_t)model.next_vstart);
}

static void check_all(void)
{
    struct diag_report r = {.sink = print_problem};

    mems_check(&r);
    page_check(&r);
    if (r.problems != 0)
        fuzz_fail("the checkers found %d problem(s)", r.problems);
    if (mems.initialized)
        compare_with_model();
}

/* ---- the contents, through translation -------------------------------- */

#define MAX_BLOCK ((size_t)3 * PAGE_SIZE) /* take_size's largest */
_Static_assert(MAX_BLOCK <= FUZZ_BLOCK_MAX, "patterns too short");

/* The real address of b->v + off, which must be b->base + off. */
static unsigned char *translate(const struct live *b, size_t off)
{
    unsigned char *p = mems_get((void *)(b->v + off));

    expect_code(MEMS_OK, "mems_get", b->v + off);
    if (p != b->base + off)
        fuzz_fail("mems_get(%ju) is %p, not %p (segment %ju + %zu)",
             (uintmax_t)(b->v + off), (void *)p, (void *)(b->base + off),
             (uintmax_t)b->v, off);
    return p;
}

/* Write b's pattern (write) or verify it, CHUNK bytes per translation. */
static void walk(const struct live *b, bool write, const char *when)
{
    for (size_t off = 0; off < b->size; off += CHUNK) {
        size_t len = b->size - off < CHUNK ? b->size - off : CHUNK;
        unsigned char *p = translate(b, off);
        const unsigned char *want = fuzz_pattern(b->pattern) + off;

        if (write)
            memcpy(p, want, len);
        else if (memcmp(p, want, len) != 0)
            for (size_t i = 0; i < len; i++)
                if (p[i] != want[i])
                    fuzz_fail("%s: segment %ju byte %zu is 0x%02x, not 0x%02x",
                         when, (uintmax_t)b->v, off + i, p[i], want[i]);
    }
    translate(b, b->size - 1);
}

static void verify_all(const char *when)
{
    for (size_t i = 0; i < s.nlive; i++)
        walk(&s.live[i], false, when);
}

static long live_at(vaddr_t v)
{
    for (size_t i = 0; i < s.nlive; i++)
        if (s.live[i].v == v)
            return (long)i;
    return -1;
}

/* ---- the operations --------------------------------------------------- */

static void op_malloc(void)
{
    size_t size = take_size();
    vaddr_t want, got;
    struct live *b;

    if (s.nlive == MAX_LIVE)
        return;
    got = (vaddr_t)mems_malloc(size);
    expect_code(MEMS_OK, "mems_malloc", size);
    want = model_malloc(size);
    if (got != want)
        fuzz_fail("mems_malloc(%zu) returned %ju, first fit says %ju", size,
             (uintmax_t)got, (uintmax_t)want);
    b = &s.live[s.nlive++];
    *b = (struct live){.v = got, .size = size, .pattern = s.next_pattern++};
    b->base = mems_get((void *)got);
    expect_code(MEMS_OK, "mems_get", got);
    if (b->base == NULL)
        fuzz_fail("mems_get(%ju) of a new segment is NULL", (uintmax_t)got);
    walk(b, true, "mems_malloc");
}

/* Free live segment k (verified first) and check the address is a HOLE. */
static void free_live(size_t k)
{
    struct live b = s.live[k];
    long at;

    walk(&b, false, "before mems_free");
    if (model_free_code(b.v, &at) != MEMS_OK)
        fuzz_fail("model: live segment %ju cannot be freed", (uintmax_t)b.v);
    mems_free((void *)b.v);
    expect_code(MEMS_OK, "mems_free", b.v);
    model_free((size_t)at);
    memmove(&s.live[k], &s.live[k + 1], (s.nlive - k - 1) * sizeof b);
    s.nlive--;
    remember(b.v);
    if (mems_get((void *)b.v) != NULL)
        fuzz_fail("mems_get(%ju) of a freed segment is not NULL", (uintmax_t)b.v);
    expect_code(MEMS_E_HOLE, "mems_get of a freed segment", b.v);
}

static void op_free(void)
{
    long k = take_live();

    if (k >= 0)
        free_live((size_t)k);
}

static void op_rewrite(void)
{
    long k = take_live();

    if (k < 0)
        return;
    walk(&s.live[k], false, "before rewriting");
    s.live[k].pattern = s.next_pattern++;
    walk(&s.live[k], true, "rewriting");
}

static void op_get(void)
{
    vaddr_t v = take_vaddr();
    long at = -1, k;
    int code = model_get(v, &at);
    unsigned char *p = mems_get((void *)v);

    expect_code(code, "mems_get", v);
    if (code != MEMS_OK) {
        if (p != NULL)
            fuzz_fail("mems_get(%ju) failed (%d) but returned %p", (uintmax_t)v,
                 code, (void *)p);
        return;
    }
    if ((k = live_at(model.seg[at].start)) < 0)
        fuzz_fail("model: PROCESS segment %ju is not live",
             (uintmax_t)model.seg[at].start);
    if (p != s.live[k].base + (v - s.live[k].v))
        fuzz_fail("mems_get(%ju) is %p, not %p", (uintmax_t)v, (void *)p,
             (void *)(s.live[k].base + (v - s.live[k].v)));
}

static void op_free_any(void)
{
    vaddr_t v = take_vaddr();
    long at = -1, k;
    int code = model_free_code(v, &at);

    if (code == MEMS_OK) { /* a live segment's start: a real free */
        if ((k = live_at(v)) < 0)
            fuzz_fail("model: PROCESS segment %ju is not live", (uintmax_t)v);
        free_live((size_t)k);
        return;
    }
    mems_free((void *)v);
    expect_code(code, "mems_free", v);
}

static void op_interior(void)
{
    long k = take_live();
    unsigned o = fuzz_take16();
    struct live *b;
    size_t off;

    if (k < 0 || s.live[k].size < 2)
        return;
    b = &s.live[k];
    off = 1 + o % (b->size - 1);
    translate(b, off);
    mems_free((void *)(b->v + off));
    expect_code(MEMS_E_NOT_SEGMENT_START, "mems_free inside a segment",
                b->v + off);
    remember(b->v + off);
}

static void op_misuse(void)
{
    unsigned what = fuzz_take8() % 4, v = fuzz_take8();
    size_t size;
    void *p;

    switch (what) {
    case 0:
        if (mems_malloc(0) != NULL)
            fuzz_fail("mems_malloc(0) is not NULL");
        expect_code(MEMS_E_ZERO_SIZE, "mems_malloc", 0);
        break;
    case 1:
    case 2:
        size = what == 1 ? SIZE_MAX - v : HUGE_BYTES + v;
        if ((p = mems_malloc(size)) != NULL)
            fuzz_fail("mems_malloc(%zu) returned %p", size, p);
        expect_code(model_pages(size) == 0 ? MEMS_E_TOO_LARGE
                                           : MEMS_E_NO_MEMORY,
                    "mems_malloc", size);
        break;
    default:
        mems_init();
        expect_code(MEMS_E_ALREADY_INITIALIZED, "mems_init", 0);
        break;
    }
}

static void op_double_free(void)
{
    long k = take_live();
    vaddr_t v;

    if (k < 0)
        return;
    v = s.live[k].v;
    free_live((size_t)k);
    mems_free((void *)v);
    expect_code(MEMS_E_HOLE, "mems_free twice", v);
}

static void start(void)
{
    mems_init();
    expect_code(MEMS_OK, "mems_init", 0);
    model_reset();
    s.nlive = 0;
    memset(s.stale, 0, sizeof s.stale);
}

static void op_lifecycle(void)
{
    unsigned how = fuzz_take8();
    bool misuse = how % 2;

    if (how & 2) { /* on standard output, which fuzz.mk closes */
        mems_print_stats();
        expect_code(MEMS_OK, "mems_print_stats", 0);
    }
    verify_all("before mems_finish");
    mems_finish();
    expect_code(MEMS_OK, "mems_finish", 0);
    check_all();
    if (misuse) {
        if (mems_malloc(1) != NULL)
            fuzz_fail("mems_malloc after mems_finish is not NULL");
        expect_code(MEMS_E_NOT_INITIALIZED, "mems_malloc", 1);
        if (mems_get((void *)MEMS_VIRTUAL_BASE) != NULL)
            fuzz_fail("mems_get after mems_finish is not NULL");
        expect_code(MEMS_E_NOT_INITIALIZED, "mems_get", MEMS_VIRTUAL_BASE);
        mems_free((void *)MEMS_VIRTUAL_BASE);
        expect_code(MEMS_E_NOT_INITIALIZED, "mems_free", MEMS_VIRTUAL_BASE);
        mems_finish();
        expect_code(MEMS_E_NOT_INITIALIZED, "mems_finish", 0);
        mems_print_stats();
        expect_code(MEMS_E_NOT_INITIALIZED, "mems_print_stats", 0);
    }
    start();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    mems_set_quiet(true);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_start("fuzz_mems", data, size);
    s.next_pattern = 1;
    start();
    check_all();
    for (; fuzz_more(MAX_OPS); fuzz_in.op++) {
        switch (fuzz_take8() % 16) {
        case 0: case 1: case 2: case 3: case 4: op_malloc(); break;
        case 5: case 6: case 7: op_free(); break;
        case 8: case 9: op_rewrite(); break;
        case 10: op_get(); break;
        case 11: op_free_any(); break;
        case 12: op_interior(); break;
        case 13: op_misuse(); break;
        case 14: op_double_free(); break;
        default: op_lifecycle(); break;
        }
        check_all();
    }
    verify_all("at the end");
    mems_finish();
    expect_code(MEMS_OK, "mems_finish", 0);
    check_all();
    return 0;
}
