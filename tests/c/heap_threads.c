/*
 * heap_threads.c - many threads on the drop-in malloc at once, and fork.
 *   heap_threads [THREADS [OPERATIONS]]   (defaults 4 and 200000 each)
 * Each thread allocates, reallocates and frees blocks of random sizes,
 * fills each with its own pattern and checks it before letting it go; a
 * quarter of the frees are of blocks another thread allocated (handed over
 * through a shared slot array).  Meanwhile the main thread forks: the
 * child must be able to allocate (no lock left held) and exits 0.
 * Prints a summary; exits 1 on any mismatch.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { SLOTS = 256, SHARED = 64 };

struct block {
    unsigned char *p;
    size_t size;
    unsigned char fill;
};

static _Atomic(struct block *) shared[SHARED];
static long operations;
static atomic_int mismatches;

static int intact(const struct block *b)
{
    for (size_t i = 0; i < b->size; i++)
        if (b->p[i] != b->fill)
            return 0;
    return 1;
}

static void drop(struct block *b)
{
    if (!intact(b))
        atomic_fetch_add(&mismatches, 1);
    free(b->p);
    free(b);
}

static size_t random_size(unsigned *seed)
{
    unsigned r = rand_r(seed) % 16;
    return r < 10 ? rand_r(seed) % 200 : r < 15 ? rand_r(seed) % 9000
                                                : rand_r(seed) % 300000;
}

static void *worker(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg;
    struct block *mine[SLOTS] = {0};

    for (long op = 0; op < operations; op++) {
        int i = rand_r(&seed) % SLOTS;
        struct block *b = mine[i];
        if (b == NULL) {
            b = malloc(sizeof *b);
            b->size = random_size(&seed);
            b->p = malloc(b->size);
            b->fill = (unsigned char)rand_r(&seed);
            memset(b->p, b->fill, b->size);
            mine[i] = b;
        } else if (rand_r(&seed) % 4 == 0) {
            /* Hand it over: another thread frees it. */
            b = atomic_exchange(&shared[rand_r(&seed) % SHARED], b);
            mine[i] = NULL;
            if (b != NULL)
                drop(b);
        } else if (rand_r(&seed) % 3 == 0) {
            size_t n = random_size(&seed);
            if (!intact(b))
                atomic_fetch_add(&mismatches, 1);
            b->p = realloc(b->p, n + 1);
            b->size = n + 1;
            memset(b->p, b->fill, b->size);
        } else {
            drop(b);
            mine[i] = NULL;
        }
    }
    for (int i = 0; i < SLOTS; i++)
        if (mine[i] != NULL)
            drop(mine[i]);
    return NULL;
}

int main(int argc, char **argv)
{
    int threads = argc > 1 ? atoi(argv[1]) : 4, forks = 0;
    pthread_t tid[64];

    operations = argc > 2 ? atol(argv[2]) : 200000;
    if (threads < 1 || threads > 64)
        return 2;
    for (int t = 0; t < threads; t++)
        pthread_create(&tid[t], NULL, worker, (void *)(uintptr_t)(t + 1));
    for (int f = 0; f < 5; f++) {
        pid_t pid = fork();
        int status;
        if (pid == 0) {
            /* The child: allocate and free freely, then leave. */
            for (int i = 0; i < 1000; i++)
                free(malloc((size_t)i * 37));
            _exit(0);
        }
        if (pid > 0 && waitpid(pid, &status, 0) == pid &&
            WIFEXITED(status) && WEXITSTATUS(status) == 0)
            forks++;
        usleep(1000);
    }
    for (int t = 0; t < threads; t++)
        pthread_join(tid[t], NULL);
    for (int s = 0; s < SHARED; s++)
        if (shared[s] != NULL)
            drop(shared[s]);
    printf("heap_threads: %d threads x %ld operations, %d of 5 forked "
           "children allocated, %d mismatches\n", threads, operations, forks,
           atomic_load(&mismatches));
    return mismatches == 0 && forks == 5 ? 0 : 1;
}
