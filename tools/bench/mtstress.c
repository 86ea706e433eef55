/*
 * mtstress.c - a multi-threaded malloc stress for the benchmarks, in two
 * modes.  mixed (the default): each thread keeps a table of live blocks and
 * does random malloc, calloc, posix_memalign, realloc and free, and hands
 * some blocks to other threads to free.  prodcons: threads in pairs, the
 * producer allocates and fills messages of mixed sizes and passes them
 * through a bounded queue to its consumer, which checks and frees them.
 * Every block's contents are checked before it is let go.  Prints the
 * operations per second; exits 1 when a check fails.  One thing is
 * counted instead: a posix_memalign block that is not aligned as asked
 * (Debian's mimalloc 2.0.9 returns some) is a bug of the allocator, but
 * its bytes are still the program's, so the run goes on, to be timed like
 * the others, and the summary says how many there were.  Runs on whatever
 * malloc the process has: the C library's, or another under LD_PRELOAD.
 *
 * usage: mtstress [-m mixed|prodcons] [-t THREADS] [-n OPS] [-s SEED] [-w]
 */
#include <dlfcn.h>
#include <pthread.h>
#include <sched.h>
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
#define QUEUE 256       /* prodcons: messages in flight in one pair */
#define CACHE_LINE 64

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

/*
 * prodcons: the ring between one producer and one consumer, without a
 * lock.  head and tail only grow; tail - head messages are in the ring,
 * at most QUEUE, in slots[head % QUEUE ...].  Only the producer writes
 * tail and only the consumer writes head.  The producer fills a slot and
 * then stores tail with release order; the consumer loads tail with
 * acquire order, so it sees the slot's contents whole.  head works the
 * same way back.  The two counters sit on separate cache lines so that
 * each thread's writes do not evict the other's.
 */
struct queue {
    struct block slots[QUEUE];
    _Alignas(CACHE_LINE) atomic_size_t head; /* next to take: consumer's */
    _Alignas(CACHE_LINE) atomic_size_t tail; /* next to fill: producer's */
};

struct worker {
    pthread_t thread;
    unsigned index;
    uint64_t rng;          /* xorshift64 state, never 0 */
    long ops_wanted;
    long ops_done;         /* malloc-family calls and frees made */
    struct queue *queue;   /* prodcons: the pair's ring; mixed: NULL */
    struct block slots[SLOTS]; /* mixed: the live blocks */
};

static atomic_bool failed;
static atomic_long misaligned; /* posix_memalign blocks not aligned as asked */
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

/* The alignment malloc owes a block of `size` bytes: that of any type
 * that fits in it (C17, 7.22.3), so max_align_t's, or less for a block
 * smaller than that.  glibc gives 16 bytes always; jemalloc and mimalloc
 * give a 1-to-8-byte block only 8. */
static size_t owed_alignment(size_t size)
{
    size_t align = _Alignof(max_align_t);
    while (align > size && align > 1)
        align /= 2;
    return align;
}

static bool allocate(struct worker *w, struct block *b)
{
    size_t size = random_size(w);
    unsigned kind = (unsigned)(next_random(w) % 64);
    void *p = NULL;
    size_t align = owed_alignment(size);
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
        bool asked_alignment = kind == 4; /* posix_memalign's, above */
        if (!asked_alignment) {
            fail(w, "misaligned block", size, 0);
            return false;
        }
        atomic_fetch_add(&misaligned, 1); /* counted, and the run goes on */
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

/* ---- prodcons mode ----------------------------------------------------- */

/* Waits while the ring is full (sched_yield lets the consumer run on a
 * busy CPU), then adds b. */
static void queue_put(struct queue *q, const struct block *b)
{
    size_t tail = atomic_load_explicit(&q->tail, memory_order_relaxed);
    while (tail - atomic_load_explicit(&q->head, memory_order_acquire) ==
           QUEUE)
        sched_yield();
    q->slots[tail % QUEUE] = *b;
    atomic_store_explicit(&q->tail, tail + 1, memory_order_release);
}

/* Waits while the ring is empty, then takes its oldest message into b.
 * False for the end of the stream: a message with no block. */
static bool queue_take(struct queue *q, struct block *b)
{
    size_t head = atomic_load_explicit(&q->head, memory_order_relaxed);
    while (atomic_load_explicit(&q->tail, memory_order_acquire) == head)
        sched_yield();
    *b = q->slots[head % QUEUE];
    atomic_store_explicit(&q->head, head + 1, memory_order_release);
    return b->p != NULL;
}

/* A message: a plain malloc of a mixed size, as a program's queue would
 * make (mixed mode is where calloc and posix_memalign are tried). */
static bool make_message(struct worker *w, struct block *b)
{
    size_t size = random_size(w);
    unsigned char *p = malloc(size);
    w->ops_done++;
    if (!p) {
        fail(w, "allocation returned NULL", size, 0);
        return false;
    }
    if ((uintptr_t)p % owed_alignment(size) != 0) {
        fail(w, "misaligned block", size, 0);
        return false;
    }
    *b = (struct block){p, size, (unsigned char)next_random(w)};
    fill(b);
    return true;
}

/* The producer: ops_wanted messages allocated and filled here, freed by
 * the consumer in another thread; then the end of the stream. */
static void *produce(void *arg)
{
    struct worker *w = arg;
    struct block b;
    pthread_barrier_wait(&start_line);
    while (w->ops_done < w->ops_wanted && !atomic_load(&failed)) {
        if (!make_message(w, &b))
            break;
        queue_put(w->queue, &b);
    }
    queue_put(w->queue, &(struct block){0});
    return NULL;
}

/* The consumer: checks and frees every message until the end.  After a
 * failed check it goes on freeing, so that its producer never waits on a
 * full ring for ever. */
static void *consume(void *arg)
{
    struct worker *w = arg;
    struct block b;
    pthread_barrier_wait(&start_line);
    while (queue_take(w->queue, &b)) {
        check(w, &b, b.size, b.size);
        release(w, &b);
    }
    return NULL;
}

/* ---- the program ---------------------------------------------------- */

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
    fprintf(stderr, "usage: mtstress [-m mixed|prodcons] [-t THREADS] [-n OPS] "
                    "[-s SEED] [-w]\n"
                    "  -m MODE     mixed: every call, some blocks freed by "
                    "another thread (default);\n"
                    "              prodcons: pairs of threads, one allocates "
                    "messages, the other frees\n"
                    "  -t THREADS  threads (default 2; prodcons: an even "
                    "number)\n"
                    "  -n OPS      operations per thread (default 2000000; "
                    "prodcons: a message is an\n"
                    "              operation in each thread of its pair)\n"
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
    bool prodcons = false;
    int opt;
    while ((opt = getopt(argc, argv, "m:t:n:s:w")) != -1) {
        switch (opt) {
        case 'm':
            if (strcmp(optarg, "prodcons") == 0)
                prodcons = true;
            else if (strcmp(optarg, "mixed") != 0)
                usage();
            break;
        case 't': threads = atol(optarg); break;
        case 'n': ops = atol(optarg); break;
        case 's': seed = strtoull(optarg, NULL, 0); break;
        case 'w': return which_malloc();
        default: usage();
        }
    }
    if (optind != argc || threads < 1 || threads > 256 || ops < 1)
        usage();
    if (prodcons && threads % 2 != 0) {
        fprintf(stderr, "mtstress: -m prodcons runs threads in pairs: "
                        "-t must be even, not %ld\n", threads);
        return 2;
    }

    struct worker *workers = calloc((size_t)threads, sizeof *workers);
    /* aligned_alloc: calloc promises no more than max_align_t's alignment,
     * and a queue asks for a cache line's. */
    size_t queue_bytes = ((size_t)threads / 2 + 1) * sizeof(struct queue);
    struct queue *queues = aligned_alloc(CACHE_LINE, queue_bytes);
    if (!workers || !queues) {
        perror("mtstress");
        return 1;
    }
    memset(queues, 0, queue_bytes);
    pthread_barrier_init(&start_line, NULL, (unsigned)threads + 1);
    for (long i = 0; i < threads; i++) {
        struct worker *w = &workers[i];
        void *(*body)(void *) = work;
        w->index = (unsigned)i;
        w->rng = (seed + 1) * 0x9E3779B97F4A7C15ull + (uint64_t)i * 7919 + 1;
        w->ops_wanted = ops;
        if (prodcons) { /* threads 2k and 2k + 1 share queue k */
            w->queue = &queues[i / 2];
            body = i % 2 == 0 ? produce : consume;
        }
        if (pthread_create(&w->thread, NULL, body, w) != 0) {
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
    free(queues);
    if (atomic_load(&failed))
        return 1;
    printf("mtstress: mode %s, threads %ld, operations %ld, seconds %.3f, "
           "ops_per_sec %.0f, misaligned %ld\n", prodcons ? "prodcons" : "mixed",
           threads, total, seconds, (double)total / seconds,
           atomic_load(&misaligned));
    if (atomic_load(&misaligned) > 0)
        fprintf(stderr, "mtstress: %ld posix_memalign blocks were not aligned "
                        "as asked (the allocator's bug; the run went on)\n",
                atomic_load(&misaligned));
    return 0;
}
