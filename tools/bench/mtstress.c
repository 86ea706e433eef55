/*
 * mtstress.c - a multi-threaded malloc stress for the benchmarks: each
 * thread keeps a table of live blocks and does random malloc, calloc,
 * posix_memalign, realloc and free, hands some blocks to other threads to
 * free, and checks every block's contents before it lets go of it.  Prints
 * the operations per second; exits 1 when a check fails.  Runs on whatever
 * malloc the process has: the C library's, or libheap's under LD_PRELOAD.
 *
 * usage: mtstress [-t THREADS] [-n OPS] [-s SEED] [-w]
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SLOTS 1024      /* live blocks per thread */
#define MAILBOX 4096    /* blocks in transit between threads */
#define EDGE 256        /* bytes written at each end of a block */
#define STRIDE 512      /* and one byte every STRIDE in between */

struct block {
    unsigned char *p;  /* NULL for an empty slot */
    size_t size;       /* bytes asked for */
    unsigned char tag; /* the pattern's seed: byte i is tag + 7 i */
};

/* Blocks one thread hands to another: allocated here, freed there. */
static struct {
    pthread_mutex_t lock;
    struct block blocks[MAILBOX];
    size_t count;
} mailbox = {.lock = PTHREAD_MUTEX_INITIALIZER};

struct worker {
    pthread_t thread;
    unsigned index;
    uint64_t rng;          /* xorshift64 state, never 0 */
    long ops_wanted;
    long ops_done;         /* malloc-family calls and frees made */
    struct block slots[SLOTS];
};

static atomic_bool failed;
static pthread_barrier_t start_line;

static uint64_t next_random(struct worker *w)
{
    w->rng ^= w->rng << 13;
    w->rng ^= w->rng >> 7;
    w->rng ^= w->rng << 17;
    return w->rng;
}

/* Mostly small, some medium, a few large enough for glibc to mmap. */
static size_t random_size(struct worker *w)
{
    unsigned pick = (unsigned)(next_random(w) % 100);
    uint64_t r = next_random(w);
    if (pick < 60)
        return 1 + r % 128;
    if (pick < 85)
        return 129 + r % 896;
    if (pick < 97)
        return 1025 + r % 15360;
    return 16385 + r % 245760;
}

static void fail(struct worker *w, const char *what, size_t size, size_t at)
{
    if (!atomic_exchange(&failed, true))
        fprintf(stderr, "mtstress: thread %u: %s (block of %zu bytes, "
                        "offset %zu)\n", w->index, what, size, at);
}

/* The offsets that carry the pattern: both ends and a byte per STRIDE,
 * so a block of any size costs about the same to fill and check. */
static size_t next_offset(size_t i, size_t size)
{
    if (i + 1 < EDGE || i + 1 + EDGE >= size)
        return i + 1;
    size_t next = i + STRIDE;
    return next + EDGE < size ? next : size - EDGE;
}

static void fill(struct block *b)
{
    for (size_t i = 0; i < b->size; i = next_offset(i, b->size))
        b->p[i] = (unsigned char)(b->tag + 7 * i);
}

/* Checks the pattern written for `written` bytes, below `limit`. */
static bool check(struct worker *w, const struct block *b, size_t written,
                  size_t limit)
{
    for (size_t i = 0; i < written && i < limit; i = next_offset(i, written))
        if (b->p[i] != (unsigned char)(b->tag + 7 * i)) {
            fail(w, "contents changed", written, i);
            return false;
        }
    return true;
}

static bool allocate(struct worker *w, struct block *b)
{
    size_t size = random_size(w);
    unsigned kind = (unsigned)(next_random(w) % 64);
    void *p = NULL;
    size_t align = _Alignof(max_align_t);
    if (kind < 4) {
        p = calloc(1, size);
        for (size_t i = 0; p && i < size; i = next_offset(i, size))
            if (((unsigned char *)p)[i] != 0) {
                fail(w, "calloc'd memory not zero", size, i);
                return false;
            }
    } else if (kind == 4) {
        align = (size_t)16 << (next_random(w) % 9); /* 16 to 4096 */
        if (posix_memalign(&p, align, size) != 0)
            p = NULL;
    } else {
        p = malloc(size);
    }
    w->ops_done++;
    if (!p) {
        fail(w, "allocation returned NULL", size, 0);
        return false;
    }
    if ((uintptr_t)p % align != 0) {
        fail(w, "misaligned block", size, 0);
        return false;
    }
    *b = (struct block){p, size, (unsigned char)next_random(w)};
    fill(b);
    return true;
}

static bool resize(struct worker *w, struct block *b)
{
    size_t size = random_size(w);
    unsigned char *p = realloc(b->p, size);
    w->ops_done++;
    if (!p) {
        fail(w, "realloc returned NULL", size, 0);
        return false;
    }
    size_t old = b->size;
    b->p = p;
    if (!check(w, b, old, size))
        return false;
    b->size = size;
    b->tag = (unsigned char)next_random(w);
    fill(b);
    return true;
}

static void release(struct worker *w, struct block *b)
{
    free(b->p);
    w->ops_done++;
    b->p = NULL;
}

/* Posts b for another thread to free; false when the mailbox is full. */
static bool post(struct block *b)
{
    bool posted = false;
    pthread_mutex_lock(&mailbox.lock);
    if (mailbox.count < MAILBOX) {
        mailbox.blocks[mailbox.count++] = *b;
        posted = true;
    }
    pthread_mutex_unlock(&mailbox.lock);
    if (posted)
        b->p = NULL;
    return posted;
}

static bool collect(struct block *b)
{
    bool got = false;
    pthread_mutex_lock(&mailbox.lock);
    if (mailbox.count > 0) {
        *b = mailbox.blocks[--mailbox.count];
        got = true;
    }
    pthread_mutex_unlock(&mailbox.lock);
    return got;
}

/* One step on a random slot: fill an empty one; check a full one, then
 * free it, resize it or post it.  Now and then free a posted block. */
static bool step(struct worker *w)
{
    struct block *b = &w->slots[next_random(w) % SLOTS];
    unsigned choice = (unsigned)(next_random(w) % 64);
    struct block other;
    if (choice == 0 && collect(&other)) {
        if (!check(w, &other, other.size, other.size))
            return false;
        release(w, &other);
    }
    if (!b->p)
        return allocate(w, b);
    if (!check(w, b, b->size, b->size))
        return false;
    if (choice < 16)
        return resize(w, b);
    if (choice < 20 && post(b))
        return true;
    release(w, b);
    return true;
}

static void *work(void *arg)
{
    struct worker *w = arg;
    pthread_barrier_wait(&start_line);
    while (w->ops_done < w->ops_wanted && !atomic_load(&failed))
        if (!step(w))
            break;
    for (size_t i = 0; i < SLOTS; i++)
        if (w->slots[i].p && check(w, &w->slots[i], w->slots[i].size,
                                   w->slots[i].size))
            release(w, &w->slots[i]);
    return NULL;
}

/* Which object malloc comes from: the test that LD_PRELOAD took effect. */
static int which_malloc(void)
{
    Dl_info info;
    void *sym = dlsym(RTLD_DEFAULT, "malloc");
    if (!sym || !dladdr(sym, &info) || !info.dli_fname) {
        fprintf(stderr, "mtstress: cannot find where malloc comes from\n");
        return 1;
    }
    printf("%s\n", info.dli_fname);
    return 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: mtstress [-t THREADS] [-n OPS] [-s SEED] [-w]\n"
                    "  -t THREADS  threads (default 2)\n"
                    "  -n OPS      operations per thread (default 2000000)\n"
                    "  -s SEED     random seed (default 1)\n"
                    "  -w          print the file malloc comes from, and exit\n");
    exit(2);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    long threads = 2, ops = 2000000;
    unsigned long long seed = 1;
    int opt;
    while ((opt = getopt(argc, argv, "t:n:s:w")) != -1) {
        switch (opt) {
        case 't': threads = atol(optarg); break;
        case 'n': ops = atol(optarg); break;
        case 's': seed = strtoull(optarg, NULL, 0); break;
        case 'w': return which_malloc();
        default: usage();
        }
    }
    if (optind != argc || threads < 1 || threads > 256 || ops < 1)
        usage();

    struct worker *workers = calloc((size_t)threads, sizeof *workers);
    if (!workers) {
        perror("mtstress");
        return 1;
    }
    pthread_barrier_init(&start_line, NULL, (unsigned)threads + 1);
    for (long i = 0; i < threads; i++) {
        struct worker *w = &workers[i];
        w->index = (unsigned)i;
        w->rng = (seed + 1) * 0x9E3779B97F4A7C15ull + (uint64_t)i * 7919 + 1;
        w->ops_wanted = ops;
        if (pthread_create(&w->thread, NULL, work, w) != 0) {
            perror("mtstress: pthread_create");
            return 1;
        }
    }
    pthread_barrier_wait(&start_line);
    double start = now();
    long total = 0;
    for (long i = 0; i < threads; i++) {
        pthread_join(workers[i].thread, NULL);
        total += workers[i].ops_done;
    }
    struct block b;
    while (collect(&b) && check(&workers[0], &b, b.size, b.size))
        release(&workers[0], &b);
    double seconds = now() - start;
    free(workers);
    if (atomic_load(&failed))
        return 1;
    printf("mtstress: threads %ld, operations %ld, seconds %.3f, "
           "ops_per_sec %.0f\n", threads, total, seconds,
           (double)total / seconds);
    return 0;
}
