/*
 * heap_api.c - the drop-in heap through its own names (heap.h), so that it
 * runs in every configuration, AddressSanitizer's included (where the
 * library's malloc cannot replace the C library's).  Each part prints one
 * "ok" line or a FAILED line; the exit status is 1 if any failed.
 *   usage: heap_api [OPERATIONS]   (random operations; default 200000)
 *          HEAPCOURSE_STATS=1 heap_api counters   (the counters only)
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif

#include "heap.h"

static int failures;

static void expect(int ok, const char *what)
{
    if (!ok) {
        printf("FAILED: %s\n", what);
        failures++;
    }
}

static void part(const char *name, int failures_before)
{
    if (failures == failures_before)
        printf("ok: %s\n", name);
}

static void print_problem(void *arg, const char *line)
{
    (void)arg;
    printf("check: %s\n", line);
}

/* The checker's first problem line, into arg (a char[200]). */
static void keep_first_problem(void *arg, const char *line)
{
    char *first = arg;

    if (first[0] == '\0')
        snprintf(first, 200, "%s", line);
}

static int heap_ok(void)
{
    struct diag_report r = {.sink = print_problem};

    heap_check(&r);
    return r.problems == 0;
}

/* Write to a page mapped at `hint` (if the kernel puts it there) and
 * unmap it.  Under AddressSanitizer, a mark the heap left on those
 * addresses stops the program here ("use-after-poison"). */
static void write_fresh_mapping(char *hint, size_t bytes)
{
    char *fresh = mmap(hint, bytes, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    expect(fresh != MAP_FAILED, "mmap of fresh memory");
    if (fresh == MAP_FAILED)
        return;
    memset(fresh, 1, bytes);
    munmap(fresh, bytes);
}

/* A freed large block's mapping is kept, poisoned (ASan), and the next
 * large request shrinks or moves it with mremap: the addresses it gives
 * up must carry no mark into the next mmap there.  Runs first, while no
 * other mapping is kept, so the heap reuses the ones freed here. */
static void kept_mappings_leave_no_marks(void)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE), mib = (size_t)1 << 20;
    int before = failures;
    char *a, *b, *c, *base, *guard;

    /* A shrink: 6 MiB kept, 2 MiB asked for; the tail is unmapped. */
    a = heap_malloc(6 * mib);
    heap_free(a);
    b = heap_malloc(2 * mib);
    base = (char *)((uintptr_t)a & ~(uintptr_t)(page - 1));
    /* Reused, with the payload at another offset: a stale free of a is
     * then no free of b (heap_large.c). */
    expect((char *)((uintptr_t)b & ~(uintptr_t)(page - 1)) == base &&
               b != a,
           "the kept mapping is reused (shrunk in place), its payload moved");
    write_fresh_mapping(base + 6 * mib, page);

    /* A move: a page right after b's mapping stops it growing in place. */
    heap_free(b);
    guard = mmap(base + 2 * mib + page, page, PROT_NONE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    c = heap_malloc(3 * mib);
    expect(c != NULL, "a kept mapping grown");
    write_fresh_mapping(base, 2 * mib + page);
    heap_free(c);
    if (guard != MAP_FAILED)
        munmap(guard, page);
    part("kept large mappings that shrink or move leave no marks behind",
         before);
}

static void sizes_zero_and_huge(void)
{
    int before = failures;
    void *a = heap_malloc(0), *b = heap_malloc(0);

    expect(a != NULL && b != NULL && a != b, "malloc(0): unique pointers");
    heap_free(a);
    heap_free(b);
    errno = 0;
    expect(heap_malloc(SIZE_MAX) == NULL && errno == ENOMEM,
           "malloc(SIZE_MAX): NULL and ENOMEM");
    errno = 0;
    expect(heap_malloc(SIZE_MAX - 4096) == NULL && errno == ENOMEM,
           "malloc(SIZE_MAX - 4096): NULL and ENOMEM");
    errno = 0;
    expect(heap_calloc(SIZE_MAX / 2, 3) == NULL && errno == ENOMEM,
           "calloc overflow: NULL and ENOMEM");
    a = heap_calloc(0, 10);
    expect(a != NULL, "calloc(0, 10): a unique pointer");
    heap_free(a);
    heap_free(NULL);
    part("size 0, SIZE_MAX, calloc overflow, free(NULL)", before);
}

static void alignments(void)
{
    static const size_t sizes[] = {1, 100, 1000, 3000, 100000, 300000,
                                   3000000};
    int before = failures;

    for (size_t align = 1; align <= ((size_t)1 << 16); align *= 2)
        for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
            unsigned char *p = heap_memalign(align, sizes[i]);
            expect(p != NULL && (uintptr_t)p % align == 0 &&
                       (uintptr_t)p % 16 == 0,
                   "memalign: aligned");
            if (p == NULL)
                continue;
            expect(heap_usable_size(p) >= sizes[i], "memalign: usable size");
            memset(p, 0x5a, sizes[i]);
            heap_free(p);
        }
    /* In a region while size and alignment fit one (2 MiB), then a
     * mapping of its own, up to 1 GiB (2 MiB is common, for huge
     * pages). */
    for (size_t align = (size_t)1 << 17; align <= ((size_t)1 << 30);
         align *= 2)
        for (size_t i = 0; i < 4; i++) {
            static const size_t big_sizes[] = {1, 100, 300000, 3000000};
            unsigned char *p = heap_memalign(align, big_sizes[i]);
            expect(p != NULL && (uintptr_t)p % align == 0,
                   "memalign beyond 64 KiB: aligned");
            if (p == NULL)
                continue;
            expect(heap_usable_size(p) >= big_sizes[i],
                   "memalign beyond 64 KiB: usable size");
            memset(p, 0x5a, big_sizes[i]);
            heap_free(p);
        }
    expect(heap_ok(), "the heap checks out after memalign");
    part("every power-of-two alignment up to 1 GiB, small to large sizes",
         before);
}

static void realloc_chain(void)
{
    static const size_t steps[] = {10, 600, 2000, 50000, 200000, 1000000,
                                   150000, 4000, 24, 1};
    int before = failures;
    unsigned char *p = heap_realloc(NULL, 5);
    size_t size = 5;

    memset(p, 7, size);
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        size_t keep = size < steps[i] ? size : steps[i];
        p = heap_realloc(p, steps[i]);
        expect(p != NULL, "realloc: not NULL");
        for (size_t k = 0; k < keep; k++)
            if (p[k] != 7) {
                expect(0, "realloc keeps the contents");
                break;
            }
        memset(p, 7, steps[i]);
        size = steps[i];
    }
    errno = 0;
    expect(heap_realloc(p, SIZE_MAX) == NULL && errno == ENOMEM && p[0] == 7,
           "realloc to SIZE_MAX fails and keeps the block");
    expect(heap_realloc(p, 0) == NULL, "realloc(p, 0) frees, returns NULL");
    part("realloc from NULL, through every kind of block, to 0", before);
}

static void calloc_zeroes(void)
{
    int before = failures;

    for (size_t size = 8; size <= 400000; size *= 3) {
        unsigned char *p = heap_malloc(size), *q;
        memset(p, 0xff, size);
        heap_free(p);
        q = heap_calloc(1, size);
        for (size_t k = 0; k < size; k++)
            if (q[k] != 0) {
                expect(0, "calloc zeroes reused memory");
                break;
            }
        heap_free(q);
    }
    part("calloc zeroes memory that was used before", before);
}

static void misuse(void)
{
    int before = failures, on_stack = 0;
    char *keep = heap_malloc(40), *small = heap_malloc(64);
    char *medium = heap_malloc(5000), *large = heap_malloc(3000000);
    char *libc = malloc(32);

    strcpy(keep, "keep me");
    /* Each is reported on standard error and ignored. */
    heap_free(small + 16);  /* inside a small block */
    heap_free(medium + 32); /* inside a medium block */
    heap_free(&on_stack);   /* a stack address */
    heap_free(libc);        /* the C library's block */
    heap_free(small);
    heap_free(small);       /* double free, small */
    heap_free(medium);
    heap_free(medium);      /* double free, medium */
    heap_free(large);
    heap_free(large);       /* double free, large */
    expect(heap_realloc(&on_stack, 10) == NULL, "realloc of a stack address");
    /* realloc of a freed block of each kind: NULL, EINVAL */
    errno = 0;
    expect(heap_realloc(small, 64) == NULL && errno == EINVAL,
           "realloc of a freed small block");
    errno = 0;
    expect(heap_realloc(medium, 6000) == NULL && errno == EINVAL,
           "realloc of a freed medium block");
    errno = 0;
    expect(heap_realloc(large, 4000000) == NULL && errno == EINVAL,
           "realloc of a freed large block");
    expect(strcmp(keep, "keep me") == 0, "other blocks keep their contents");
    expect(heap_ok(), "the heap checks out after the misuse");
    heap_free(keep);
    free(libc);
    part("misuse reported and ignored, nothing else changed", before);
}

static void footprint_falls(void)
{
    enum { COUNT = 200000 };
    static void *blocks[COUNT];
    struct heap_stats full, after;
    int before = failures;

    for (size_t i = 0; i < COUNT; i++)
        blocks[i] = heap_malloc(100 + i % 200);
    heap_get_stats(&full);
    for (size_t i = 0; i < COUNT; i++)
        heap_free(blocks[i]);
    heap_get_stats(&after);
    expect(full.footprint > 30u << 20, "40 MiB of small blocks are held");
    expect(after.footprint < 12u << 20,
           "after freeing them, the footprint falls below 12 MiB");
    part("memory freed in bulk goes back to the kernel", before);
}

/* Freed large mappings are kept for the next large request, as many as
 * a sixteenth of the footprint, and at least one of 8 MiB's worth
 * (heap_large.c): 48 blocks of 2 MiB (and a header page) freed leave 3
 * of them mapped, and 3 new ones of that size are served from those
 * without a new mapping. */
static void kept_mappings_bounded(void)
{
    enum { COUNT = 48, AGAIN = 3 };
    size_t mib = (size_t)1 << 20, page = (size_t)sysconf(_SC_PAGESIZE);
    size_t large = 2 * mib; /* above MEDIUM_MAX: a mapping of its own */
    void *blocks[COUNT], *p;
    struct heap_stats start, freed, again;
    char first[200] = "";
    struct diag_report r = {.sink = keep_first_problem, .arg = first};
    uint64_t *header, magic;
    bool named;
    int before = failures;

    heap_trim();
    heap_get_stats(&start);
    for (size_t i = 0; i < COUNT; i++)
        blocks[i] = heap_malloc(large);
    for (size_t i = 0; i < COUNT; i++)
        heap_free(blocks[i]);
    heap_get_stats(&freed);
    expect(freed.mapped >= start.mapped + 3 * large &&
               freed.mapped <= start.mapped + 3 * (large + 2 * page),
           "48 freed 2 MiB blocks: 3 of their mappings are kept");
    expect(heap_ok(), "the heap checks out with mappings kept");
    for (size_t i = 0; i < AGAIN; i++)
        blocks[i] = heap_malloc(large);
    heap_get_stats(&again);
    expect(again.mapped == freed.mapped,
           "3 new 2 MiB blocks are the kept mappings, nothing new mapped");
    for (size_t i = 0; i < AGAIN; i++)
        heap_free(blocks[i]);
    if (failures != before)
        printf("mapped: %zu at the start, %zu freed, %zu again\n",
               start.mapped, freed.mapped, again.mapped);
    heap_trim();

    /* A write into a kept mapping's header (in front of a freed large
     * block's payload) is named by the checker, and the heap is sound
     * again once the header is put back. */
    p = heap_malloc(large);
    heap_free(p); /* kept: nothing else is */
    header = (uint64_t *)((uintptr_t)p & ~(uintptr_t)(page - 1));
    magic = *header;
    *header = 0;
    heap_check(&r);
    named = strstr(first, "a kept large mapping's header is corrupt") != NULL;
    expect(named, "the checker names a kept mapping's overwritten header");
    if (!named)
        printf("the checker said: '%s'\n", first);
    *header = magic;
    expect(heap_ok(), "the heap checks out with the header put back");
    heap_trim();
    part("freed large mappings kept: a sixteenth of the footprint, at least "
         "8 MiB, their headers checked", before);
}

/* Where a block lives by its size (heap.c): up to 1 MiB in a 2 MiB
 * region, found again on its bin after a free without a new mapping;
 * above 1 MiB, or grown by realloc past 128 KiB, a mapping of its own. */
static void where_blocks_live(void)
{
    size_t kib = 1024;
    struct heap_stats s0, s1, s2;
    char *p[3], *q;
    int before = failures;

    heap_trim();
    for (int i = 0; i < 3; i++)
        p[i] = heap_malloc(600 * kib);
    heap_get_stats(&s0);
    expect(s0.large_live == 0, "600 KiB blocks are medium, in a region");
    for (int i = 0; i < 3; i++)
        heap_free(p[i]);
    for (int i = 0; i < 3; i++)
        p[i] = heap_malloc(600 * kib);
    heap_get_stats(&s1);
    expect(s1.mapped == s0.mapped && s1.returned == s0.returned,
           "600 KiB blocks freed and allocated again: no system call");
    for (int i = 0; i < 3; i++)
        heap_free(p[i]);
    q = heap_malloc(1000);
    for (size_t n = 2000; n <= 256 * kib; n *= 2) /* to 256000 */
        q = heap_realloc(q, n);
    heap_get_stats(&s2);
    expect(s2.large_live == 1,
           "a block realloc grows past 128 KiB is a mapping of its own");
    q = heap_realloc(q, 100 * kib);
    heap_get_stats(&s2);
    expect(s2.large_live == 0, "and back in a region below 128 KiB");
    heap_free(q);
    p[0] = heap_malloc(1100 * kib);
    heap_get_stats(&s2);
    expect(s2.large_live == 1, "a block above 1 MiB is a mapping of its own");
    heap_free(p[0]);
    heap_trim();
    part("blocks up to 1 MiB live in regions and come back from their "
         "bins; larger ones, and ones realloc grows past 128 KiB, are "
         "mappings", before);
}

static bool under_valgrind(void)
{
#ifdef RUNNING_ON_VALGRIND
    return RUNNING_ON_VALGRIND;
#else
    return false;
#endif
}

/* Under valgrind, /proc/self/maps shows valgrind's own mappings too. */
static bool maps_exact(void)
{
    return !under_valgrind();
}

/* The bytes of every mapping in /proc/self/maps (read without stdio,
 * which may allocate); 0 if it cannot be read. */
static size_t mapped_bytes(void)
{
    static char buf[1 << 16];
    size_t total = 0, len = 0;
    ssize_t n;
    int fd = open("/proc/self/maps", O_RDONLY);

    if (fd < 0)
        return 0;
    while ((n = read(fd, buf + len, sizeof buf - 1 - len)) > 0) {
        char *line = buf, *end;
        len += (size_t)n;
        buf[len] = '\0';
        while ((end = strchr(line, '\n')) != NULL) {
            char *dash;
            unsigned long long lo = strtoull(line, &dash, 16);
            total += (size_t)(strtoull(dash + 1, NULL, 16) - lo);
            line = end + 1;
        }
        len = (size_t)(buf + len - line);
        memmove(buf, line, len);
    }
    close(fd);
    return total;
}

/* heap_trim gives back everything free: after blocks of every kind are
 * allocated and freed, the heap maps what it mapped before (its own count,
 * and the kernel's, but under valgrind, whose mappings are counted too). */
static void trim_gives_back(void)
{
    enum { COUNT = 3000 };
    static void *blocks[COUNT];
    struct heap_stats start, full, after;
    size_t maps_start, maps_after;
    int before = failures;

    heap_trim();
    heap_get_stats(&start);
    maps_start = mapped_bytes();
    for (size_t i = 0; i < COUNT; i++)
        blocks[i] = heap_malloc(i % 3 == 0 ? 100 : i % 3 == 1 ? 20000
                                : i % 300 == 2 ? 1000000 : 3000);
    heap_get_stats(&full);
    for (size_t i = 0; i < COUNT; i++)
        heap_free(blocks[i]);
    expect(heap_trim() > 0, "heap_trim gives bytes back");
    heap_get_stats(&after);
    maps_after = mapped_bytes();
    expect(full.mapped > start.mapped + (20u << 20), "20 MiB are mapped");
    expect(after.mapped == start.mapped,
           "after heap_trim, the heap maps what it did before");
    expect(after.footprint == start.footprint,
           "after heap_trim, the footprint is what it was before");
    expect(!maps_exact() || maps_after == maps_start,
           "after heap_trim, /proc/self/maps has the bytes it had before");
    if (failures != before)
        printf("mapped: %zu before, %zu after; /proc/self/maps: %zu, %zu\n",
               start.mapped, after.mapped, maps_start, maps_after);
    part("heap_trim gives back every mapping it does not use", before);
}

/* Random operations, every payload checked, the heap checked as it goes. */
static void random_ops(long ops)
{
    enum { SLOTS = 2048 };
    static unsigned char *p[SLOTS];
    static size_t size[SLOTS];
    static unsigned char fill[SLOTS];
    int before = failures;

    srand(12345);
    for (long op = 0; op < ops && failures == before; op++) {
        int i = rand() % SLOTS, r = rand() % 10;
        if (p[i] != NULL) {
            for (size_t k = 0; k < size[i]; k++)
                if (p[i][k] != fill[i]) {
                    expect(0, "a block's contents changed");
                    break;
                }
            if (r < 3) {
                size_t n = 1 + (size_t)rand() % (r == 0 ? 300000 : 3000);
                p[i] = heap_realloc(p[i], n);
                size[i] = n;
                memset(p[i], fill[i], n);
            } else {
                heap_free(p[i]);
                p[i] = NULL;
            }
        } else {
            int kind = rand() % 10;
            size[i] = kind < 6 ? (size_t)rand() % 256
                      : kind < 9 ? (size_t)rand() % 20000
                                 : (size_t)rand() % 400000;
            p[i] = heap_malloc(size[i]);
            fill[i] = (unsigned char)rand();
            memset(p[i], fill[i], size[i]);
        }
        if (op % 5000 == 0)
            expect(heap_ok(), "the heap checks out during random operations");
    }
    for (int i = 0; i < SLOTS; i++)
        heap_free(p[i]);
    expect(heap_ok(), "the heap checks out at the end");
    part("random operations: contents kept, the checker silent", before);
}

/* ---- HEAPCOURSE_STATS=1 heap_api counters ------------------------------------------- */

enum { COUNTER_THREADS = 4, COUNTER_SLOTS = 64 };
static void *_Atomic handed[COUNTER_SLOTS]; /* blocks passed between threads */

/* Allocate, grow, shrink and free blocks of every kind; every other block
 * is left in a shared slot for any thread to free. */
static void *counter_worker(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg;

    for (int i = 0; i < 20000; i++) {
        size_t size = (size_t)(rand_r(&seed) % 4 == 0 ? rand_r(&seed) % 200000
                                                       : rand_r(&seed) % 3000) + 1;
        char *p = heap_malloc(size);
        if (p == NULL)
            continue;
        p = heap_realloc(p, size * 2 + (size_t)(rand_r(&seed) % 64));
        if (i % 2 == 0) {
            heap_free(p);
            continue;
        }
        p = atomic_exchange(&handed[rand_r(&seed) % COUNTER_SLOTS], p);
        if (p != NULL)
            heap_free(heap_realloc(p, 100)); /* another thread's block */
    }
    return NULL;
}

static void counters(void)
{
    struct heap_stats at_start, now;
    pthread_t threads[COUNTER_THREADS];
    char *a, *b, *c, *d;
    pid_t child;
    int status = 0, before = failures;

    if (getenv("HEAPCOURSE_STATS") == NULL) {
        printf("FAILED: counters: run with HEAPCOURSE_STATS=1\n");
        failures++;
        return;
    }
    heap_get_stats(&at_start);
    /* In place: a medium block grows into its free neighbour and shrinks
     * (above MEDIUM_CACHED, so the neighbour's free merges at once); a
     * large one is resized by mremap. */
    a = heap_malloc(40000);
    b = heap_malloc(40000);
    c = heap_malloc(40000);
    heap_free(b);
    b = a;
    a = heap_realloc(a, 70000);
    /* (valgrind: realloc always moves, see heap.c) */
    expect(a == b || under_valgrind(), "counters: a medium block grows in place");
    b = a;
    a = heap_realloc(a, 35000);
    expect(a == b || under_valgrind(), "counters: and shrinks in place");
    d = heap_malloc(3000000);
    d = heap_realloc(d, 9000000);
    d = heap_realloc(d, 2000000);
    heap_get_stats(&now);
    expect(now.live_bytes - at_start.live_bytes ==
               heap_usable_size(a) + heap_usable_size(c) + heap_usable_size(d),
           "counters: live bytes are the blocks' usable bytes after in-place "
           "resizing");
    heap_free(a);
    heap_free(c);
    heap_free(d);
    heap_get_stats(&now);
    expect(now.live_bytes == at_start.live_bytes,
           "counters: live bytes back where they started");
    /* Threads freeing each other's blocks, then everything freed. */
    for (uintptr_t t = 0; t < COUNTER_THREADS; t++)
        pthread_create(&threads[t], NULL, counter_worker, (void *)(t + 1));
    for (int t = 0; t < COUNTER_THREADS; t++)
        pthread_join(threads[t], NULL);
    for (int i = 0; i < COUNTER_SLOTS; i++)
        heap_free(atomic_exchange(&handed[i], NULL));
    heap_get_stats(&now);
    expect(now.live_bytes == at_start.live_bytes,
           "counters: live bytes back where they started after the threads");
    expect(now.mallocs - at_start.mallocs == now.frees - at_start.frees,
           "counters: as many frees as allocations after the threads");
    expect(now.peak_live_bytes <= now.peak_footprint,
           "counters: the peak of live bytes within the peak footprint");
    /* fork: the child has the parent's blocks and frees them. */
    a = heap_malloc(100);
    b = heap_malloc(50000);
    fflush(stdout);
    child = fork();
    if (child == 0) {
        struct heap_stats in_child;
        heap_free(a);
        heap_free(b);
        heap_get_stats(&in_child);
        _exit(in_child.live_bytes == at_start.live_bytes ? 0 : 1);
    }
    expect(child > 0 && waitpid(child, &status, 0) == child &&
               WIFEXITED(status) && WEXITSTATUS(status) == 0,
           "counters: a forked child frees the parent's blocks: live bytes "
           "back where they started");
    heap_free(a);
    heap_free(b);
    heap_get_stats(&now);
    expect(now.live_bytes == at_start.live_bytes,
           "counters: and the parent's too");
    part("counters: live bytes right through in-place resizing, threads "
         "and fork", before);
}

int main(int argc, char **argv)
{
    long ops = argc > 1 ? atol(argv[1]) : 200000;

    if (argc > 1 && strcmp(argv[1], "counters") == 0) {
        counters();
        return failures == 0 ? 0 : 1;
    }

    kept_mappings_leave_no_marks(); /* first: see there */
    sizes_zero_and_huge();
    alignments();
    realloc_chain();
    calloc_zeroes();
    misuse();
    footprint_falls();
    trim_gives_back();
    kept_mappings_bounded();
    where_blocks_live();
    random_ops(ops);
    return failures == 0 ? 0 : 1;
}
