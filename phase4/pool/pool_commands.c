/*
 * pool_commands.c - the program's pool (one, like a program's arena): the
 * commands pool-init, palloc, pfree, pool-destroy, its line in `stats`, its
 * picture and its checker.  Program code on top of pool.c.
 */
#include "pool_commands.h"

#include <stdio.h>

#include "pool.h"

static struct pool the_pool;

static int fail_with_reason(struct script *s)
{
    return script_fail(s, "%s", diag_last_error());
}

static int cmd_pool_init(struct script *s, int argc, char **argv)
{
    size_t bytes;

    (void)argc;
    if (script_size_arg(s, argv[0], "pool size", &bytes) < 0)
        return -1;
    if (the_pool.initialized)
        return script_fail(s, "the pool exists already (pool-destroy it "
                              "first)");
    pool_set_quiet(true);
    if (!pool_init(&the_pool, bytes))
        return fail_with_reason(s);
    printf("pool: %zu bytes at page %zu (%zu page%s)\n", the_pool.bytes,
           the_pool.run->number, the_pool.run->pages,
           the_pool.run->pages == 1 ? "" : "s");
    return 0;
}

static int cmd_palloc(struct script *s, int argc, char **argv)
{
    const char *label = script_result_label(s);
    size_t bytes;
    void *p;

    (void)argc;
    if (script_size_arg(s, argv[0], "byte count", &bytes) < 0)
        return -1;
    pool_set_quiet(true);
    p = palloc(&the_pool, bytes);
    if (p == NULL)
        return fail_with_reason(s);
    script_bind_result(s, p);
    printf("%s: %zu bytes at pool offset %zu\n", label ? label : "block",
           (size_t)BLOCK_META(p)->size,
           (size_t)((unsigned char *)p - the_pool.run->base));
    return 0;
}

static int cmd_pfree(struct script *s, int argc, char **argv)
{
    size_t merges = the_pool.chain.merges;
    void *p;

    (void)argc;
    if (script_label_value(s, argv[0], &p) < 0)
        return -1;
    pool_set_quiet(true);
    if (!pfree(&the_pool, p))
        return fail_with_reason(s);
    script_release(s, argv[0]);
    printf("%s: freed, merged with %zu free neighbour%s\n", argv[0],
           the_pool.chain.merges - merges,
           the_pool.chain.merges - merges == 1 ? "" : "s");
    return 0;
}

static int cmd_pool_destroy(struct script *s, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    pool_set_quiet(true);
    if (!pool_destroy(&the_pool))
        return fail_with_reason(s);
    printf("pool: destroyed\n");
    return 0;
}

const struct script_command pool_commands[] = {
    {"pool-init", "BYTES", "map one region of BYTES for the pool", 1, 1,
     SCRIPT_CHANGES, cmd_pool_init},
    {"palloc", "BYTES", "take BYTES from the pool (first fit)", 1, 1,
     SCRIPT_RESULT | SCRIPT_CHANGES, cmd_palloc},
    {"pfree", "LABEL", "give a pool block back (merging neighbours)", 1, 1,
     SCRIPT_CHANGES, cmd_pfree},
    {"pool-destroy", "", "unmap the pool's region", 0, 0, SCRIPT_CHANGES,
     cmd_pool_destroy},
    {0},
};

void pool_print_stats(struct script *s)
{
    char line[256];

    (void)s;
    pool_stats(&the_pool, line, sizeof line);
    printf("%s\n", line);
    if (the_pool.initialized)
        printf("pool splits    exact fit %zu, split %zu, soft fragmentation "
               "%zu, hard fragmentation %zu; merges %zu; searched %zu\n",
               the_pool.chain.outcomes[CHAIN_EXACT],
               the_pool.chain.outcomes[CHAIN_SPLIT],
               the_pool.chain.outcomes[CHAIN_SOFT_FRAG],
               the_pool.chain.outcomes[CHAIN_HARD_FRAG],
               the_pool.chain.merges, the_pool.chain.searched);
}

void pool_draw(struct script *s, struct dot *d)
{
    pool_draw_pool(s, d, &the_pool);
}

void pool_draw_pool(struct script *s, struct dot *d, const struct pool *pool)
{
    char title[96];

    if (!pool->initialized)
        return;
    snprintf(title, sizeof title, "pool: %zu bytes at page %zu",
             pool->bytes, pool->run->number);
    dot_cluster_begin(d, title);
    dot_strip_begin(d, "pool");
    dot_strip_cell(d, DOT_META, NULL, "pool\n16");
    for (const struct block_meta *b = pool_first(pool); b; b = b->next) {
        const char *label = script_label_of(s, BLOCK_DATA(b));
        dot_strip_cell(d, DOT_META, NULL, "m\n@%u", b->offset);
        dot_strip_cell(d, b->is_free ? DOT_FREE : DOT_ALLOCATED, NULL,
                       "%s\n%u", b->is_free ? "free" : label ? label : "used",
                       b->size);
    }
    dot_strip_end(d);
    dot_cluster_end(d);
}

void pool_program_check(struct diag_report *report)
{
    pool_check(&the_pool, report);
}

int pool_program_block_size(const void *p, size_t *size)
{
    for (const struct block_meta *b = pool_first(&the_pool); b; b = b->next)
        if (BLOCK_DATA(b) == p) {
            *size = b->size;
            return 0;
        }
    return -1;
}

void pool_program_reset(void)
{
    if (the_pool.initialized)
        pool_destroy(&the_pool);
}
