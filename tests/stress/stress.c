/*
 * stress.c - the stress driver behind `make stress`: for each allocator
 * (stress.h), random allocations, frees and reallocations on a bounded set
 * of slots, sizes from four distributions; every block filled with its
 * label's pattern (stress_pattern.c) and verified on free and around each
 * realloc; the allocator's checker every --check-every operations, with a
 * DOT picture of the heap when it fails; the process's mappings
 * (stress_maps.c) counted before, during and after.
 *
 *   usage: stress [--ops N] [--seed N] [--check-every N] [--dot-dir DIR]
 *                 [--corrupt N] [ALLOCATOR...]
 *
 * Exit status 0 when every allocator passed, 1 when one did not (the run
 * stops there), 2 for bad usage.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "stress.h"

/* In the order of the phases; each gives back all it mapped (but os_*'s
 * brk heap), so none runs among what another left. */
static const struct stress_allocator *const allocators[] = {
    &stress_typed, &stress_pool, &stress_os, &stress_heap, &stress_mems,
};
enum { ALLOCATORS = sizeof allocators / sizeof allocators[0] };

enum { SLOTS_MAX = 1024, PROBLEMS_SHOWN = 10 };

/* Percent of allocations from each distribution: mostly small, as in real
 * programs; the large ones cost the most time to fill and verify. */
static const unsigned dist_weight[STRESS_DISTS] = {60, 28, 10, 2};

struct options {
    long ops;            /* 0: each allocator's own count */
    uint64_t seed;       /* the random sequence */
    long check_every;    /* operations between checks */
    const char *dot_dir; /* where pictures of failed checks go */
    long corrupt_at;     /* 0, or break a block at the first check from here */
};

/* One live block: what the driver knows about it. */
struct slot {
    void *handle;   /* from alloc, or NULL when the slot is empty */
    size_t bytes;   /* bytes the driver filled */
    uint64_t label; /* its allocation number: the pattern's seed */
};

/* What one allocator's run counted. */
struct tally {
    long ops, allocs, frees, reallocs, refused;
    long checks, mismatches, failures;
    size_t live_bytes, peak_live_bytes;
    struct maps_count start, peak, end;
};

/* The run in progress (one allocator at a time). */
static const struct stress_allocator *alloc;
static struct slot slots[SLOTS_MAX];
static struct tally t;
static uint64_t next_label;
static long op;

/* ---- random numbers --------------------------------------------------------- */

static uint64_t rng;

static uint64_t next_random(void) /* xorshift64*: small and reproducible */
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545f4914f6cdd1dULL;
}

/* lo..hi inclusive. */
static size_t random_between(size_t lo, size_t hi)
{
    return lo + (size_t)(next_random() % (hi - lo + 1));
}

static enum stress_dist random_dist(void)
{
    unsigned r = (unsigned)(next_random() % 100);
    int d = 0;

    while (d < STRESS_DISTS - 1 && r >= dist_weight[d])
        r -= dist_weight[d++];
    return (enum stress_dist)d;
}

/* ---- verifying ------------------------------------------------------------------ */

/* Bytes [from, to) of s hold its pattern; else count and say so. */
static bool verified(const struct slot *s, size_t from, size_t to,
                     const char *when)
{
    const unsigned char *p = alloc->memory(s->handle);
    size_t bad = pattern_verify(p, s->label, from, to);

    if (bad == to)
        return true;
    t.mismatches++;
    printf("%s: mismatch at operation %ld: block %" PRIu64 " (%zu bytes) "
           "byte %zu is 0x%02x, not its pattern (%s)\n", alloc->name, op,
           s->label, s->bytes, bad, p[bad], when);
    return false;
}

static bool all_zero(const unsigned char *p, size_t bytes)
{
    for (size_t i = 0; i < bytes; i++)
        if (p[i] != 0)
            return false;
    return true;
}

/* ---- the three operations ---------------------------------------------------------- */

static bool allocate(struct slot *s)
{
    enum stress_dist dist = random_dist();
    size_t bytes = random_between(alloc->lo[dist], alloc->hi[dist]);
    bool zeroed = false;
    void *h = alloc->alloc(dist, &bytes, &zeroed);

    if (h == NULL) {
        t.refused++;
        if (alloc->bounded)
            return true; /* a bounded pool may be full */
        printf("%s: operation %ld: %zu bytes refused\n", alloc->name, op,
               bytes);
        t.mismatches++;
        return false;
    }
    *s = (struct slot){.handle = h, .bytes = bytes, .label = ++next_label};
    if (zeroed && !all_zero(alloc->memory(h), bytes)) {
        printf("%s: operation %ld: block %" PRIu64 " is not zeroed\n",
               alloc->name, op, s->label);
        t.mismatches++;
        return false;
    }
    pattern_fill(alloc->memory(h), s->label, 0, bytes);
    t.allocs++;
    t.live_bytes += bytes;
    if (t.live_bytes > t.peak_live_bytes)
        t.peak_live_bytes = t.live_bytes;
    return true;
}

static bool release(struct slot *s)
{
    if (!verified(s, 0, s->bytes, "on free"))
        return false;
    if (!alloc->free(s->handle)) {
        printf("%s: operation %ld: free of block %" PRIu64 " refused\n",
               alloc->name, op, s->label);
        t.mismatches++;
        return false;
    }
    t.frees++;
    t.live_bytes -= s->bytes;
    s->handle = NULL;
    return true;
}

/* Verified before, the kept bytes verified after, the new tail filled. */
static bool reallocate(struct slot *s)
{
    enum stress_dist dist = random_dist();
    size_t bytes = random_between(alloc->lo[dist], alloc->hi[dist]);
    size_t kept = bytes < s->bytes ? bytes : s->bytes;
    void *h;

    if (!verified(s, 0, s->bytes, "before realloc"))
        return false;
    if ((h = alloc->realloc(s->handle, bytes)) == NULL) {
        t.refused++; /* the old block stays, as the C standard says */
        return true;
    }
    s->handle = h;
    if (!verified(s, 0, kept, "after realloc"))
        return false;
    pattern_fill(alloc->memory(h), s->label, kept, bytes);
    t.live_bytes = t.live_bytes - s->bytes + bytes;
    if (t.live_bytes > t.peak_live_bytes)
        t.peak_live_bytes = t.live_bytes;
    s->bytes = bytes;
    t.reallocs++;
    return true;
}

/* ---- checking -------------------------------------------------------------------- */

static void print_problem(void *arg, const char *line)
{
    struct diag_report *r = arg;

    if (r->problems <= PROBLEMS_SHOWN)
        printf("%s: check: %s\n", alloc->name, line);
}

static void draw_failure(const struct options *o)
{
    char path[4096];

    snprintf(path, sizeof path, "%s/stress-%s-%ld.dot", o->dot_dir,
             alloc->name, op);
    if (alloc->draw(path) == 0)
        printf("%s: heap drawn in %s\n", alloc->name, path);
    else
        printf("%s: could not write %s\n", alloc->name, path);
}

static bool checked(const struct options *o)
{
    struct diag_report r = {.sink = print_problem};
    struct maps_count now;

    r.arg = &r;
    alloc->check(&r);
    t.checks++;
    if (maps_read(&now) && now.lines > t.peak.lines)
        t.peak = now;
    if (r.problems == 0)
        return true;
    t.failures++;
    printf("%s: check failed at operation %ld: %d problem%s\n", alloc->name,
           op, r.problems, r.problems == 1 ? "" : "s");
    draw_failure(o);
    return false;
}

/* At the first check from --corrupt's operation: break a live block. */
static void maybe_corrupt(const struct options *o)
{
    static bool done;

    if (o->corrupt_at == 0 || op < o->corrupt_at || done)
        return;
    for (size_t i = 0; i < alloc->slots; i++)
        if (slots[i].handle != NULL) {
            printf("%s: corrupting block %" PRIu64 " at operation %ld, on "
                   "purpose (--corrupt)\n", alloc->name, slots[i].label, op);
            alloc->corrupt(slots[i].handle);
            done = true;
            return;
        }
}

/* ---- one allocator ------------------------------------------------------------------ */

static bool random_ops(const struct options *o, long ops)
{
    for (op = 1; op <= ops; op++) {
        struct slot *s = &slots[next_random() % alloc->slots];
        bool ok = s->handle == NULL                        ? allocate(s)
                  : alloc->realloc && next_random() % 4 == 0 ? reallocate(s)
                                                             : release(s);
        if (!ok)
            return false;
        if (op % o->check_every == 0) {
            maybe_corrupt(o);
            if (!checked(o))
                return false;
        }
    }
    op = ops;
    return true;
}

static bool free_everything(const struct options *o)
{
    for (size_t i = 0; i < alloc->slots; i++)
        if (slots[i].handle != NULL && !release(&slots[i]))
            return false;
    return checked(o);
}

/* The mappings are back where they were, but for what the allocator keeps
 * by design (rounded to whole pages). */
static bool memory_returned(size_t kept, const char *why)
{
    long long more = (long long)t.end.bytes - (long long)t.start.bytes;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t allowed = kept == 0 ? 0 : (kept + page - 1) / page * page + page;

    printf("%s: mappings start %zu, peak %zu, end %zu (bytes at the end: "
           "%+lld)\n", alloc->name, t.start.lines, t.peak.lines, t.end.lines,
           more);
    if (!maps_exact()) {
        printf("%s: memory returned to the kernel: not compared (valgrind's "
               "own mappings are counted too)\n", alloc->name);
        return true;
    }
    if (kept == 0 && t.end.lines == t.start.lines && more == 0) {
        printf("%s: memory returned to the kernel: ok\n", alloc->name);
        return true;
    }
    if (kept != 0 && more <= (long long)allowed) {
        printf("%s: memory returned to the kernel: ok, but for %zu bytes "
               "kept by design (%s)\n", alloc->name, kept, why);
        return true;
    }
    printf("%s: memory returned to the kernel: FAILED (%zu bytes kept by "
           "design)\n", alloc->name, kept);
    return false;
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) +
           (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static void print_tally(double seconds)
{
    printf("%s: operations %ld (allocations %ld, frees %ld, reallocations "
           "%ld, refused %ld)\n", alloc->name, t.ops, t.allocs, t.frees,
           t.reallocs, t.refused);
    printf("%s: seconds %.2f\n", alloc->name, seconds);
    printf("%s: peak live bytes %zu\n", alloc->name, t.peak_live_bytes);
    printf("%s: checks %ld, mismatches %ld, check failures %ld\n",
           alloc->name, t.checks, t.mismatches, t.failures);
}

static bool run(const struct stress_allocator *a, const struct options *o)
{
    long ops = o->ops ? o->ops : a->ops;
    struct timespec start;
    const char *why = "";
    size_t kept;
    bool ok;

    alloc = a;
    memset(slots, 0, sizeof slots);
    t = (struct tally){.ops = ops};
    next_label = 0;
    rng = o->seed * 0x9e3779b97f4a7c15ULL + 1; /* never 0 */
    if (a->prepare != NULL && a->prepare() < 0)
        return false;
    maps_read(&t.start);
    t.peak = t.start;
    if (a->start() < 0) {
        printf("%s: could not start: %s\n", a->name, diag_last_error());
        return false;
    }
    clock_gettime(CLOCK_MONOTONIC, &start);
    ok = random_ops(o, ops);
    t.ops = op; /* where a failure stopped it */
    ok = ok && free_everything(o);
    print_tally(seconds_since(&start));
    if (!ok) {
        printf("%s: FAILED (the run stops here; memory not checked)\n",
               a->name);
        return false;
    }
    kept = a->finish(&why);
    maps_read(&t.end);
    return memory_returned(kept, why);
}

/* ---- options ------------------------------------------------------------------------ */

static int usage(void)
{
    fprintf(stderr,
            "usage: stress [--ops N] [--seed N] [--check-every N] "
            "[--dot-dir DIR]\n"
            "              [--corrupt N] [ALLOCATOR...]\n"
            "allocators: typed pool os mems heap (default: all, in that order)\n");
    return 2;
}

static bool number(const char *word, long *out)
{
    char *end;
    long n = strtol(word, &end, 10);

    if (*word == '\0' || *end != '\0' || n < 0)
        return false;
    *out = n;
    return true;
}

static const struct stress_allocator *find(const char *name)
{
    for (int i = 0; i < ALLOCATORS; i++)
        if (strcmp(allocators[i]->name, name) == 0)
            return allocators[i];
    return NULL;
}

int main(int argc, char **argv)
{
    struct options o = {.seed = 1, .check_every = 10000, .dot_dir = "."};
    const struct stress_allocator *chosen[ALLOCATORS];
    int count = 0;
    long seed = 1;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *value = i + 1 < argc ? argv[i + 1] : "";
        if (strcmp(arg, "--ops") == 0 && number(value, &o.ops) && o.ops > 0)
            i++;
        else if (strcmp(arg, "--seed") == 0 && number(value, &seed))
            o.seed = (uint64_t)seed, i++;
        else if (strcmp(arg, "--check-every") == 0 &&
                 number(value, &o.check_every) && o.check_every > 0)
            i++;
        else if (strcmp(arg, "--dot-dir") == 0 && *value != '\0')
            o.dot_dir = value, i++;
        else if (strcmp(arg, "--corrupt") == 0 &&
                 number(value, &o.corrupt_at) && o.corrupt_at > 0)
            i++;
        else if (find(arg) != NULL && count < ALLOCATORS)
            chosen[count++] = find(arg);
        else
            return usage();
    }
    if (count == 0)
        for (; count < ALLOCATORS; count++)
            chosen[count] = allocators[count];

    printf("stress: seed %" PRIu64 ", a check every %ld operations\n",
           o.seed, o.check_every);
    fflush(stdout);
    for (int i = 0; i < count; i++) {
        if (!run(chosen[i], &o)) {
            printf("stress: FAILED: %s\n", chosen[i]->name);
            return 1;
        }
        fflush(stdout);
    }
    printf("stress: every allocator passed\n");
    return 0;
}
