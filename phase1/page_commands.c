/*
 * page_commands.c - the page layer's commands (pages, map, unmap, write,
 * read, sbrk, runs, cache, cache-limit, drain), its options (--page-size,
 * --cache-pages), its statistics and its DOT picture.  Program code on top
 * of page.c: it prints, the layer does not.  Output formats are part of
 * the lesson (phase1/README.md) and of the golden files in tests/golden/.
 */
#include "page_commands.h"

#include <stdio.h>
#include <string.h>

#include "page.h"

/* "3" or "0-1": the page numbers of a run. */
static const char *run_range(const struct page_run *run, char *buf,
                             size_t size)
{
    if (run->pages == 1)
        snprintf(buf, size, "%zu", run->number);
    else
        snprintf(buf, size, "%zu-%zu", run->number,
                 run->number + run->pages - 1);
    return buf;
}

/* "page 3" or "pages 0-1": how a run is named everywhere. */
static const char *run_pages(const struct page_run *run, char *buf,
                             size_t size)
{
    char range[48];

    snprintf(buf, size, "page%s %s", run->pages == 1 ? "" : "s",
             run_range(run, range, sizeof range));
    return buf;
}

/* "NAME: pages 0-1 (2 pages, 8192 bytes)" plus the address with --raw. */
static void print_run(struct script *s, const char *name,
                      const struct page_run *run)
{
    char pages[64];

    printf("%s: %s (%zu page%s, %zu bytes%s)", name,
           run_pages(run, pages, sizeof pages), run->pages,
           run->pages == 1 ? "" : "s", run->bytes,
           run->exact ? ", exact" : "");
    if (script_raw(s))
        printf(" at %p", (void *)run->base);
}

static const char *name_of(struct script *s, const struct page_run *run)
{
    const char *label = script_label_of(s, run);
    return label != NULL ? label : "run";
}

/* The live run a label names, or NULL (reported). */
static struct page_run *labelled_run(struct script *s, const char *label)
{
    void *value;

    if (script_label_value(s, label, &value) < 0)
        return NULL;
    return value;
}

static int cmd_pages(struct script *s, int argc, char **argv)
{
    size_t count, hits = page_counters()->cache_hits;
    struct page_run *run;

    (void)argc;
    if (script_size_arg(s, argv[0], "page count", &count) < 0)
        return -1;
    run = page_alloc(count);
    if (run == NULL)
        return script_fail(s, "%s", diag_last_error());
    script_bind_result(s, run);
    print_run(s, name_of(s, run), run);
    printf(", %s\n", page_counters()->cache_hits > hits ? "from the cache"
                                                          : "new mapping");
    return 0;
}

static int cmd_map(struct script *s, int argc, char **argv)
{
    size_t bytes;
    struct page_run *run;

    (void)argc;
    if (script_size_arg(s, argv[0], "byte count", &bytes) < 0)
        return -1;
    run = page_map_exact(bytes);
    if (run == NULL)
        return script_fail(s, "%s", diag_last_error());
    script_bind_result(s, run);
    print_run(s, name_of(s, run), run);
    printf(", new mapping\n");
    return 0;
}

static int cmd_unmap(struct script *s, int argc, char **argv)
{
    struct page_run *run = labelled_run(s, argv[0]);
    size_t cached_before = page_counters()->cached_on_free;
    char pages[64];

    (void)argc;
    if (run == NULL)
        return -1;
    run_pages(run, pages, sizeof pages); /* the record may go away */
    if (page_free(run) < 0)
        return script_fail(s, "%s", diag_last_error());
    script_release(s, argv[0]);
    printf("%s: %s %s\n", argv[0], pages,
           page_counters()->cached_on_free > cached_before
               ? "kept in the cache"
               : "unmapped");
    return 0;
}

int page_locate(struct script *s, const char *label, unsigned char **base,
                size_t *size)
{
    struct page_run *run = labelled_run(s, label);

    if (run == NULL)
        return -1;
    *base = run->base;
    *size = run->bytes;
    return 0;
}

static int cmd_sbrk(struct script *s, int argc, char **argv)
{
    size_t bytes;
    void *old;

    (void)argc;
    if (script_size_arg(s, argv[0], "byte count", &bytes) < 0)
        return -1;
    old = page_sbrk(bytes);
    if (old == NULL)
        return script_fail(s, "%s", diag_last_error());
    printf("brk: moved up %zu bytes, %zu in all", bytes,
           page_counters()->brk_bytes);
    if (script_raw(s))
        printf(" (old break %p)", old);
    putchar('\n');
    return 0;
}

static void print_list(struct script *s, const list_head *list)
{
    const struct list_node *pos;

    list_for_each(pos, list) {
        const struct page_run *run = list_entry(pos, struct page_run, link);
        printf("  ");
        print_run(s, run->state == PAGE_RUN_LIVE ? name_of(s, run) : "cached",
                  run);
        putchar('\n');
    }
}

static int cmd_runs(struct script *s, int argc, char **argv)
{
    const struct page_totals *t = page_totals();

    (void)argc;
    (void)argv;
    page_lock();
    printf("live: %zu run%s, %zu page%s\n", t->live_runs,
           t->live_runs == 1 ? "" : "s", t->live_pages,
           t->live_pages == 1 ? "" : "s");
    print_list(s, page_live_runs());
    page_unlock();
    return 0;
}

static int cmd_cache(struct script *s, int argc, char **argv)
{
    const struct page_totals *t = page_totals();
    size_t limit = page_cache_limit();

    (void)argc;
    (void)argv;
    page_lock();
    printf("cache: %zu run%s, %zu of %zu page%s\n", t->cached_runs,
           t->cached_runs == 1 ? "" : "s", t->cached_pages, limit,
           limit == 1 ? "" : "s");
    print_list(s, page_cached_runs());
    page_unlock();
    return 0;
}

static int cmd_cache_limit(struct script *s, int argc, char **argv)
{
    size_t pages, released;

    (void)argc;
    if (script_size_arg(s, argv[0], "cache limit", &pages) < 0)
        return -1;
    released = page_cache_set_limit(pages);
    printf("cache: limit %zu page%s, %zu page%s unmapped\n", pages,
           pages == 1 ? "" : "s", released, released == 1 ? "" : "s");
    return 0;
}

static int cmd_drain(struct script *s, int argc, char **argv)
{
    size_t pages;

    (void)s;
    (void)argc;
    (void)argv;
    pages = page_cache_drain();
    printf("cache: drained, %zu page%s unmapped\n", pages,
           pages == 1 ? "" : "s");
    return 0;
}

const struct script_command page_commands[] = {
    {"pages", "N", "hand out N contiguous pages (cache first, else mmap)", 1,
     1, SCRIPT_RESULT | SCRIPT_CHANGES, cmd_pages},
    {"map", "BYTES", "map exactly BYTES with one mmap, bypassing the cache",
     1, 1, SCRIPT_RESULT | SCRIPT_CHANGES, cmd_map},
    {"unmap", "LABEL", "give a run back (to the cache if it fits, else "
                       "munmap)", 1, 1, SCRIPT_CHANGES, cmd_unmap},
    SCRIPT_MEMORY_COMMANDS("LABEL", "copy TEXT into the run at OFFSET",
                           "show LEN bytes of the run from OFFSET"),
    {"sbrk", "BYTES", "move the program break up by BYTES (for comparison)",
     1, 1, SCRIPT_CHANGES, cmd_sbrk},
    {"runs", "", "list the live runs", 0, 0, 0, cmd_runs},
    {"cache", "", "list the cached runs", 0, 0, 0, cmd_cache},
    {"cache-limit", "N", "let the cache keep at most N pages", 1, 1,
     SCRIPT_CHANGES, cmd_cache_limit},
    {"drain", "", "unmap every cached run", 0, 0, SCRIPT_CHANGES, cmd_drain},
    {0},
};

static int set_page_size(const char *value)
{
    size_t bytes;

    if (script_parse_size(value, "page size", &bytes) < 0)
        return -1;
    return page_set_size(bytes);
}

static int set_cache_pages(const char *value)
{
    size_t pages;

    if (script_parse_size(value, "cache limit", &pages) < 0)
        return -1;
    page_cache_set_limit(pages);
    return 0;
}

const struct script_option page_options[] = {
    {"--page-size", "BYTES",
     "page size: a power-of-two multiple of the system page", set_page_size},
    {"--cache-pages", "N", "pages the cache may keep (default 8)",
     set_cache_pages},
    {0},
};

void page_print_stats(struct script *s)
{
    const struct page_totals *t = page_totals();
    const struct page_counters *c = page_counters();
    size_t record_pages, per_page, in_use;

    (void)s;
    page_record_usage(&record_pages, &per_page, &in_use);
    /* Name-value pairs, so every count reads the same way. */
    printf("page size      %zu bytes (system page %zu)\n", page_size(),
           page_system_size());
    printf("live           runs %zu, pages %zu, bytes %zu\n", t->live_runs,
           t->live_pages, t->live_pages * page_size());
    printf("cache          runs %zu, pages %zu, limit %zu\n", t->cached_runs,
           t->cached_pages, page_cache_limit());
    printf("requests       %zu, pages %zu, served from the cache %zu\n",
           c->requests, c->pages_out, c->cache_hits);
    printf("returns        %zu, pages %zu, kept in the cache %zu\n",
           c->returns, c->pages_back, c->cached_on_free);
    printf("system calls   mmap %zu, munmap %zu", c->mmap_calls,
           c->munmap_calls);
    if (page_size() != page_system_size())
        printf(" (and munmap %zu to trim for alignment)", c->trim_calls);
    putchar('\n');
    printf("brk            bytes %zu\n", c->brk_bytes);
    printf("run records    in use %zu, per record page %zu, record pages "
           "%zu\n", in_use, per_page, record_pages);
}

/* One cluster per list: the runs in list order, chained left to right. */
static void draw_list(struct script *s, struct dot *d, const list_head *list,
                      const char *title, enum dot_state state)
{
    const struct list_node *pos;
    char id[32], prev[32] = "", pages[64];

    dot_cluster_begin(d, title);
    list_for_each(pos, list) {
        const struct page_run *run = list_entry(pos, struct page_run, link);
        snprintf(id, sizeof id, "run%zu", run->number);
        dot_node_begin(d, id, state,
                       state == DOT_CACHED ? "cached" : name_of(s, run));
        dot_field(d, "pages", "%s", run_range(run, pages, sizeof pages));
        dot_field(d, "bytes", "%zu%s", run->bytes, run->exact ? " exact" : "");
        if (script_raw(s))
            dot_field(d, "address", "%p", (void *)run->base);
        dot_node_end(d);
        if (prev[0] != '\0')
            dot_edge(d, prev, id, DOT_EDGE_CHAIN, NULL);
        memcpy(prev, id, sizeof id);
    }
    if (prev[0] == '\0') {
        snprintf(id, sizeof id, "empty_%s", state == DOT_CACHED ? "cache"
                                                                : "live");
        dot_note(d, id, "(none)");
    }
    dot_cluster_end(d);
}

void page_draw(struct script *s, struct dot *d)
{
    const struct page_counters *c = page_counters();
    const struct page_totals *t = page_totals();
    size_t record_pages, per_page, in_use, limit = page_cache_limit();
    char title[96];

    page_record_usage(&record_pages, &per_page, &in_use);
    page_lock(); /* not recursive: no page_* call that locks until unlock */
    snprintf(title, sizeof title, "live runs: %zu pages", t->live_pages);
    draw_list(s, d, page_live_runs(), title, DOT_ALLOCATED);
    snprintf(title, sizeof title, "page cache: %zu of %zu pages",
             t->cached_pages, limit);
    draw_list(s, d, page_cached_runs(), title, DOT_CACHED);
    page_unlock();

    dot_cluster_begin(d, "bookkeeping");
    dot_node_begin(d, "records", DOT_META, "run records");
    dot_field(d, "record pages", "%zu", record_pages);
    dot_field(d, "in use", "%zu of %zu", in_use, record_pages * per_page);
    dot_node_end(d);
    dot_cluster_end(d);

    dot_footer(d, "page size %zu bytes", page_size());
    dot_footer(d, "requests %zu (%zu pages), %zu served from the cache",
               c->requests, c->pages_out, c->cache_hits);
    dot_footer(d, "returns %zu (%zu pages), %zu kept in the cache",
               c->returns, c->pages_back, c->cached_on_free);
    dot_footer(d, "system calls: mmap %zu, munmap %zu; brk %zu bytes",
               c->mmap_calls, c->munmap_calls, c->brk_bytes);
}
