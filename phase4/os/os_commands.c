/*
 * os_commands.c - os_malloc's heap driven from the phase 4 program:
 * `m = malloc SIZE`, `m = calloc N SIZE`, `realloc m SIZE` (which rebinds
 * m when the block moves), `free m`, its stats lines and its picture.
 * Blocks are named by their offset from the heap's start, or "mapped".
 * os_* itself prints nothing and reports failure only by NULL, so the
 * errors here are the program's own words for what the NULL means.
 */
#include "os_commands.h"

#include <stddef.h>
#include <stdio.h>

#include "os_heap.h"
#include "osmem.h"

static struct block_meta *header(void *p)
{
    return (struct block_meta *)((char *)p - OS_META_SIZE);
}

static void print_place(struct script *s, const char *name, void *p)
{
    const struct block_meta *b = header(p);

    if (b->status == STATUS_MAPPED)
        printf("%s: %zu bytes, mapped on its own", name, b->size);
    else
        printf("%s: %zu bytes at heap offset %td", name, b->size,
               (char *)p - os_heap_start());
    if (script_raw(s))
        printf(" (at %p)", p);
    putchar('\n');
}

static int bind(struct script *s, void *p, const char *what)
{
    const char *label = script_result_label(s);

    if (p == NULL)
        return script_fail(s, "%s returned NULL (size 0, too large, or the "
                              "kernel refused)", what);
    script_bind_result(s, p);
    print_place(s, label != NULL ? label : "block", p);
    return 0;
}

/* Debug builds: a block written past its end, which os_free would keep
 * and os_realloc refuse without a word (common/redzone.h). */
static int broken(struct script *s, const char *label, const char *what)
{
    return script_fail(s, "the red zone after '%s' is broken: something "
                          "wrote past its end (%s)", label, what);
}

/* A label from xcalloc or palloc given to realloc or free. */
static int not_ours(struct script *s, const char *label)
{
    return script_fail(s, "label '%s' is not an os_malloc block (xfree and "
                          "pfree give back the others)", label);
}

static int cmd_malloc(struct script *s, int argc, char **argv)
{
    size_t size;

    (void)argc;
    if (script_size_arg(s, argv[0], "size", &size) < 0)
        return -1;
    return bind(s, os_malloc(size), "os_malloc");
}

static int cmd_calloc(struct script *s, int argc, char **argv)
{
    size_t count, size;

    (void)argc;
    if (script_size_arg(s, argv[0], "count", &count) < 0 ||
        script_size_arg(s, argv[1], "size", &size) < 0)
        return -1;
    return bind(s, os_calloc(count, size), "os_calloc");
}

static int cmd_realloc(struct script *s, int argc, char **argv)
{
    void *old, *fresh;
    size_t size;

    (void)argc;
    if (script_label_value(s, argv[0], &old) < 0 ||
        script_size_arg(s, argv[1], "size", &size) < 0)
        return -1;
    if (os_heap_find(old) == NULL)
        return not_ours(s, argv[0]);
    if (size == 0)
        return script_fail(s, "realloc to 0 frees the block: use free %s",
                           argv[0]);
    if (!os_heap_intact(old))
        return broken(s, argv[0], "os_realloc returns NULL");
    fresh = os_realloc(old, size);
    if (fresh == NULL)
        return script_fail(s, "os_realloc returned NULL (too large, or the "
                              "kernel refused); %s is unchanged", argv[0]);
    if (fresh != old)
        script_rebind(s, argv[0], fresh);
    print_place(s, argv[0], fresh);
    return 0;
}

static int cmd_free(struct script *s, int argc, char **argv)
{
    void *p;

    (void)argc;
    if (script_label_value(s, argv[0], &p) < 0)
        return -1;
    if (os_heap_find(p) == NULL)
        return not_ours(s, argv[0]); /* os_free would ignore it silently */
    if (!os_heap_intact(p))
        return broken(s, argv[0], "os_free keeps the block");
    os_free(p);
    script_release(s, argv[0]);
    printf("%s: freed\n", argv[0]);
    return 0;
}

static int cmd_heap(struct script *s, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("os heap (offsets from its start):\n");
    for (struct block_meta *b = os_heap_first(); b; b = b->next) {
        const char *label = script_label_of(s, (char *)b + OS_META_SIZE);
        printf("  meta @%-6td data @%-6td %7zu bytes  %s%s%s\n",
               (char *)b - os_heap_start(),
               (char *)b - os_heap_start() + (ptrdiff_t)OS_META_SIZE, b->size,
               b->status == STATUS_FREE ? "free" : "allocated",
               label ? "  " : "", label ? label : "");
    }
    for (struct block_meta *b = os_mapped_first(); b; b = b->next) {
        const char *label = script_label_of(s, (char *)b + OS_META_SIZE);
        printf("  mapped                  %7zu bytes%s%s\n", b->size,
               label ? "  " : "", label ? label : "");
    }
    return 0;
}

const struct script_command os_commands[] = {
    {"malloc", "SIZE", "os_malloc: brk heap below 128 KiB, else mmap", 1, 1,
     SCRIPT_RESULT | SCRIPT_CHANGES, cmd_malloc},
    {"calloc", "N SIZE", "os_calloc: zeroed; mmap from a page up", 2, 2,
     SCRIPT_RESULT | SCRIPT_CHANGES, cmd_calloc},
    {"realloc", "LABEL SIZE", "os_realloc: in place if it can, else move", 2,
     2, SCRIPT_CHANGES, cmd_realloc},
    {"free", "LABEL", "os_free: brk blocks become free, mapped ones unmapped",
     1, 1, SCRIPT_CHANGES, cmd_free},
    {"heap", "", "list os_malloc's brk heap and mapped blocks", 0, 0, 0,
     cmd_heap},
    {0},
};

void os_print_stats(struct script *s)
{
    const struct chain *c = os_heap_chain();

    (void)s;
    printf("os heap        splits: exact fit %zu, split %zu, rest kept "
           "inside %zu; lazy merges %zu; searched %zu\n",
           c->outcomes[CHAIN_EXACT], c->outcomes[CHAIN_SPLIT],
           c->outcomes[CHAIN_HARD_FRAG], c->merges, c->searched);
}

void os_draw(struct script *s, struct dot *d)
{
    if (os_heap_first() == NULL && os_mapped_first() == NULL)
        return;
    dot_cluster_begin(d, "os_malloc: brk heap and mapped blocks");
    if (os_heap_first() != NULL) {
        dot_strip_begin(d, "osheap");
        for (struct block_meta *b = os_heap_first(); b; b = b->next) {
            const char *label = script_label_of(s, (char *)b + OS_META_SIZE);
            dot_strip_cell(d, DOT_META, NULL, "meta\n@%td",
                           (char *)b - os_heap_start());
            dot_strip_cell(d, b->status == STATUS_FREE ? DOT_FREE
                                                       : DOT_ALLOCATED,
                           NULL, "%s\n%zu",
                           b->status == STATUS_FREE ? "free"
                           : label                  ? label
                                                    : "used",
                           b->size);
        }
        dot_strip_end(d);
    }
    int i = 0;
    for (struct block_meta *b = os_mapped_first(); b; b = b->next) {
        char id[32];
        const char *label = script_label_of(s, (char *)b + OS_META_SIZE);
        snprintf(id, sizeof id, "osmapped%d", i++);
        dot_node_begin(d, id, DOT_ALLOCATED, label ? label : "mapped");
        dot_field(d, "mapped", "%zu bytes", b->size);
        dot_node_end(d);
    }
    dot_cluster_end(d);
}

void os_program_check(struct diag_report *report)
{
    os_heap_check(report);
}

void os_program_reset(void)
{
    os_heap_reset();
}

int os_program_block_size(void *p, size_t *size)
{
    const struct block_meta *b = os_heap_find(p);

    if (b == NULL || b->status == STATUS_FREE)
        return -1;
    *size = b->size;
    return 0;
}
