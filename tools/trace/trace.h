/*
 * trace.h - traces of allocator calls in the CS:APP malloc-lab format, and
 * their replay against any allocator described by a small table of
 * functions (struct trace_allocator): how fast it serves them, how much
 * memory it holds from the system while doing so, and whether every byte
 * it handed out came back intact.
 *
 * Glossary
 *   trace      four header numbers (suggested heap size, number of ids,
 *              number of operations, weight), then one operation a line:
 *              `a ID SIZE` (allocate), `r ID SIZE` (reallocate), `f ID`
 *   id         a name for one block of the trace, 0 .. ids - 1; an id is
 *              live from its `a` to its `f`, and may be allocated again
 *   pass       one replay of a trace, always in a child process of its own
 *              (fork), so every measurement starts with a fresh heap
 *   checked pass  fills every block with a pattern of its id, verifies it
 *              before each free and after each realloc, and asks the
 *              allocator its footprint after every operation
 *   timed pass the same calls with a clock around them and nothing else
 *              but a write to the first and last byte of each block
 *   footprint  bytes the allocator holds from the system for its heap now
 *   utilization  peak live requested bytes / peak footprint
 *
 * The replayer's own memory (the trace, the table of blocks) is mapped
 * with mmap, never taken from an allocator it measures.  The lesson is
 * tools/trace/README.md.
 */
#ifndef HEAPCOURSE_TRACE_H
#define HEAPCOURSE_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Limits the parser enforces, so that sums of sizes never overflow. */
#define TRACE_IDS_MAX ((size_t)1 << 24)   /* ids in one trace */
#define TRACE_OPS_MAX ((size_t)1 << 26)   /* operations in one trace */
#define TRACE_SIZE_MAX ((size_t)1 << 32)  /* bytes in one request */

/* One operation of a trace. */
struct trace_op {
    char kind;    /* 'a' allocate, 'r' reallocate, 'f' free */
    uint32_t id;  /* the block, 0 .. ids - 1 */
    size_t size;  /* bytes asked for ('a', 'r'); 0 for 'f' */
};

/*
 * A parsed trace.  Invariants (trace_load checks them all, line by line):
 * count operations; every id < ids; an `a` names a dead id, an `r` or `f`
 * a live one; an `r` asks for at least 1 byte.
 */
struct trace {
    size_t heap_hint;      /* header: suggested heap size (not used) */
    size_t ids;            /* header: number of ids */
    size_t count;          /* header: number of operations */
    size_t weight;         /* header: weight (not used) */
    struct trace_op *ops;  /* the count operations, in mapped memory */
    size_t ops_bytes;      /* bytes mapped for ops */
};

/* Read and check the trace in the file at path.  0, or -1 with
 * diag_last_error() saying what is wrong and on which line, e.g.
 * "t.rep: line 7: free of id 3, which is not allocated". */
int trace_load(const char *path, struct trace *t);

/* Unmap what trace_load mapped. */
void trace_unload(struct trace *t);

/*
 * An allocator the replay can drive.  Only name, malloc, free, realloc
 * and footprint are required.
 */
struct trace_allocator {
    const char *name;                       /* "libc", "os", ... */
    const char *about;                      /* one line for --help */
    void *(*malloc)(size_t size);           /* NULL when it cannot */
    void (*free)(void *p);
    void *(*realloc)(void *p, size_t size); /* p is never NULL, size >= 1 */
    size_t (*footprint)(size_t request);    /* bytes held from the system;
                                               0 when it cannot be told;
                                               request: what the operation
                                               just asked for (0: a free),
                                               a hint an allocator may use
                                               to skip a costly count */
    size_t max_request;                     /* largest request served, 0:
                                               any; larger ones are skipped */
    bool thread_safe;                       /* may several threads use it */
    bool test_only;                         /* only when asked for by name */
    int (*start)(void);                     /* NULL, or called in the child
                                               before a pass: a fresh heap,
                                               the footprint's baseline; 0,
                                               or -1 with diag_error() */
};

/* The adapters (one file each: trace_libc.c, trace_os.c, trace_typed.c,
 * trace_libheap.c). */
extern const struct trace_allocator trace_libc, trace_broken, trace_os,
    trace_typed, trace_libheap;

/* The allocator called name, or NULL with diag_error() set. */
const struct trace_allocator *trace_allocator_find(const char *name);

/* The allocators replayed when none is named, in report order: libc, os,
 * typed, and libheap when built (test-only ones are left out).  Fills
 * list (room for max) and returns how many. */
size_t trace_default_allocators(const struct trace_allocator **list,
                                size_t max);

/* "libc, os, typed, libheap, broken": every name, for messages. */
const char *trace_allocator_names(void);

/* What one (trace, allocator) measurement found. */
struct trace_result {
    /* From the checked pass (one thread). */
    size_t peak_live;       /* most requested bytes live at once */
    size_t peak_footprint;  /* largest footprint seen after an operation */
    size_t skipped;         /* operations not performed: too large for the
                               allocator, refused (NULL), or on a block
                               that was never allocated because of that */
    size_t refused;         /* of those, requests the allocator answered
                               with NULL */
    size_t verify_errors;   /* blocks found changed (one per check) */
    /* From the timed passes. */
    size_t ops;             /* operations per timed pass, all threads */
    unsigned threads;       /* threads in each timed pass */
    double seconds;         /* median wall-clock time of the timed passes */
};

/* Throughput and utilization of a result (0 when not measurable: no time,
 * or a footprint the allocator cannot tell). */
double trace_ops_per_sec(const struct trace_result *r);
double trace_utilization(const struct trace_result *r);

/* Measure trace t on allocator a: one checked pass, then `repeat` timed
 * passes with `threads` threads each replaying their own copy of the
 * trace (threads > 1 only for a thread-safe allocator).  Every pass runs
 * in a forked child.  0, or -1 with diag_error() set (the allocator could
 * not start, or a child crashed: "killed by signal 11 ..."). */
int trace_measure(const struct trace *t, const struct trace_allocator *a,
                  unsigned repeat, unsigned threads, struct trace_result *r);

/* Map and unmap zeroed memory for the replayer's own bookkeeping (NULL
 * when the kernel refuses): never from an allocator being measured. */
void *trace_map(size_t bytes);
void trace_unmap(void *p, size_t bytes);

#endif
