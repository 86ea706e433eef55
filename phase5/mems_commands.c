/*
 * mems_commands.c - MeMS driven from the phase 5 program: the commands
 * mems_init, mems_finish, mems_malloc, mems_free, mems_get, mems_stats,
 * write and read (both through translation), the program's `stats`, its
 * checker and its picture.  Program code on top of mems.c: MeMS is told to
 * be quiet and the program reports its errors in the one format.
 *
 * Every address argument is a label bound by `v = mems_malloc SIZE` or a
 * MeMS virtual address written as a number (mems_free 5096).  Outputs
 * show virtual addresses, node numbers and page numbers, never real
 * addresses unless --raw asks for them.
 */
#include "mems_commands.h"

#include <inttypes.h>
#include <stdio.h>

#include "mems_internal.h"
#include "page_commands.h"

/* ---- arguments and names ---------------------------------------------------- */

/* A virtual address argument: a number, or a label's value. */
static int address_arg(struct script *s, const char *word, vaddr_t *v)
{
    void *value;
    size_t number;

    if (word[0] >= '0' && word[0] <= '9') {
        if (script_size_arg(s, word, "virtual address", &number) < 0)
            return -1;
        *v = number;
        return 0;
    }
    if (script_label_value(s, word, &value) < 0)
        return -1;
    *v = (vaddr_t)value;
    return 0;
}

/* MeMS has refused: say why, in the program's error format. */
static int mems_failed(struct script *s)
{
    return script_fail(s, "%s", mems_last_message());
}

static size_t node_index(const struct mems_node *node)
{
    size_t index = 0;

    for (const struct mems_node *n = main_chain_first(); n != node;
         n = main_chain_next(n))
        index++;
    return index;
}

/* "3" or "0-1": the page numbers of a node's run. */
static void print_pages(const struct mems_node *node)
{
    const struct page_run *run = node->run;

    if (run->pages == 1)
        printf("page %zu", run->number);
    else
        printf("pages %zu-%zu", run->number, run->number + run->pages - 1);
}

/* ---- the commands -------------------------------------------------------------- */

static int cmd_mems_init(struct script *s, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    mems_init();
    if (mems_last_error() != MEMS_OK)
        return mems_failed(s);
    printf("MeMS started: PAGE_SIZE %zu, virtual addresses from %d\n",
           page_size(), MEMS_VIRTUAL_BASE);
    return 0;
}

static int cmd_mems_finish(struct script *s, int argc, char **argv)
{
    size_t nodes = mems.nodes, pages = 0;

    (void)argc;
    (void)argv;
    for (const struct mems_node *n = main_chain_first(); n; n = main_chain_next(n))
        pages += n->run->pages;
    mems_finish();
    if (mems_last_error() != MEMS_OK)
        return mems_failed(s);
    /* Every virtual address is gone with the nodes. */
    script_release_all(s);
    printf("MeMS finished: %zu node%s (%zu page%s) unmapped\n", nodes,
           nodes == 1 ? "" : "s", pages, pages == 1 ? "" : "s");
    return 0;
}

static int cmd_mems_malloc(struct script *s, int argc, char **argv)
{
    const char *label = script_result_label(s);
    size_t size, nodes = mems.nodes;
    struct mems_segment *seg;
    struct mems_node *node;
    void *v;

    (void)argc;
    if (script_size_arg(s, argv[0], "size", &size) < 0)
        return -1;
    v = mems_malloc(size);
    if (v == NULL)
        return mems_failed(s);
    script_bind_result(s, v);
    node = main_chain_find((vaddr_t)v);
    seg = sub_chain_find(node, (vaddr_t)v);
    if (mems.nodes != nodes) {
        printf("mapped node %zu MAIN[%" PRIuPTR ":%" PRIuPTR "]: ",
               node_index(node), node->vstart, main_chain_node_end(node) - 1);
        print_pages(node);
        putchar('\n');
    }
    printf("%s: P[%" PRIuPTR ":%" PRIuPTR "] in node %zu\n",
           label != NULL ? label : "segment", seg->vstart,
           sub_chain_segment_end(seg) - 1, node_index(node));
    return 0;
}

static int cmd_mems_free(struct script *s, int argc, char **argv)
{
    size_t merges = mems.engine.merges;
    const struct mems_segment *seg;
    const struct mems_node *node;
    const char *label;
    vaddr_t v, end = 0;

    (void)argc;
    if (address_arg(s, argv[0], &v) < 0)
        return -1;
    /* Where the segment ends, for the message (if v is a segment). */
    if (mems.initialized && (node = main_chain_find(v)) != NULL)
        end = sub_chain_segment_end(sub_chain_find(node, v));
    label = script_label_of(s, (void *)v);
    mems_free((void *)v);
    if (mems_last_error() != MEMS_OK)
        return mems_failed(s);
    if (label != NULL)
        script_release(s, label);
    /* The HOLE the segment became part of. */
    seg = sub_chain_find(main_chain_find(v), v);
    printf("%s: P[%" PRIuPTR ":%" PRIuPTR "] freed, merged with %zu HOLE "
           "neighbour%s: H[%" PRIuPTR ":%" PRIuPTR "]\n",
           label != NULL ? label : "segment", v, end - 1,
           mems.engine.merges - merges,
           mems.engine.merges - merges == 1 ? "" : "s", seg->vstart,
           sub_chain_segment_end(seg) - 1);
    return 0;
}

/* `mems_get ADDR [OFFSET]`: where a virtual address lives. */
static int cmd_mems_get(struct script *s, int argc, char **argv)
{
    size_t offset = 0, into;
    vaddr_t v;
    const struct mems_node *node;
    unsigned char *real;

    if (address_arg(s, argv[0], &v) < 0 ||
        (argc > 1 && script_size_arg(s, argv[1], "offset", &offset) < 0))
        return -1;
    if (offset > UINTPTR_MAX - v)
        return script_fail(s, "%s + %zu is beyond any virtual address",
                           argv[0], offset);
    v += offset;
    real = mems_get((void *)v);
    if (real == NULL)
        return mems_failed(s);
    node = main_chain_find(v);
    into = v - node->vstart;
    printf("%" PRIuPTR " -> node %zu offset %zu (page %zu + %zu)", v,
           node_index(node), into, node->run->number + into / page_size(),
           into % page_size());
    if (script_raw(s))
        printf(" at %p", (void *)real);
    putchar('\n');
    return 0;
}

static int cmd_mems_stats(struct script *s, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    mems_print_stats();
    return mems_last_error() == MEMS_OK ? 0 : mems_failed(s);
}

/* The real bytes from a virtual address to the end of its segment. */
int mems_program_locate(struct script *s, const char *word,
                        unsigned char **base, size_t *size)
{
    vaddr_t v;

    if (address_arg(s, word, &v) < 0)
        return -1;
    *base = mems_get((void *)v);
    if (*base == NULL)
        return mems_failed(s);
    *size = sub_chain_segment_end(sub_chain_find(main_chain_find(v), v)) - v;
    return 0;
}

const struct script_command mems_commands[] = {
    {"mems_init", "", "start MeMS (the program starts it for you)", 0, 0,
     SCRIPT_CHANGES, cmd_mems_init},
    {"mems_finish", "", "unmap everything; MeMS stops until mems_init", 0, 0,
     SCRIPT_CHANGES, cmd_mems_finish},
    {"mems_malloc", "SIZE", "SIZE bytes (first fit, else a new node); "
     "gives the virtual address", 1, 1, SCRIPT_RESULT | SCRIPT_CHANGES,
     cmd_mems_malloc},
    {"mems_free", "ADDR", "make a PROCESS segment a HOLE, merged with its "
     "HOLE neighbours", 1, 1, SCRIPT_CHANGES, cmd_mems_free},
    {"mems_get", "ADDR [OFFSET]", "translate a virtual address (node, page, "
     "offset)", 1, 2, 0, cmd_mems_get},
    {"mems_stats", "", "mems_print_stats: the assignment's stats text", 0, 0,
     0, cmd_mems_stats},
    SCRIPT_MEMORY_COMMANDS("ADDR", "copy TEXT to virtual address ADDR + "
                                   "OFFSET (within its segment)",
                           "show LEN bytes from ADDR + OFFSET (within its "
                           "segment)"),
    {0},
};

/* ---- stats, check, picture ------------------------------------------------------- */

static double percent(size_t part, size_t whole)
{
    return whole == 0 ? 0.0 : 100.0 * (double)part / (double)whole;
}

void mems_program_stats(struct script *s)
{
    size_t pages = 0, process = 0, process_bytes = 0, holes = 0;
    size_t hole_bytes = 0, largest = 0;
    const struct chain *e = &mems.engine;

    if (!mems.initialized) {
        printf("MeMS           not running\n");
        page_print_stats(s);
        return;
    }
    for (const struct mems_node *n = main_chain_first(); n;
         n = main_chain_next(n)) {
        pages += n->run->pages;
        for (const struct mems_segment *seg = n->first; seg; seg = seg->next) {
            if (!seg->hole) {
                process++;
                process_bytes += seg->size;
                continue;
            }
            holes++;
            hole_bytes += seg->size;
            if (seg->size > largest)
                largest = seg->size;
        }
    }
    printf("MeMS           nodes %zu, pages %zu of %zu bytes, virtual "
           "%d-%" PRIuPTR "\n", mems.nodes, pages, page_size(),
           MEMS_VIRTUAL_BASE, mems.next_vstart - 1);
    printf("segments       PROCESS %zu (%zu bytes, %.1f%% of the nodes), HOLE "
           "%zu (%zu bytes)\n", process, process_bytes,
           percent(process_bytes, pages * page_size()), holes, hole_bytes);
    printf("holes          largest %zu bytes, external fragmentation %.1f%%\n",
           largest, hole_bytes == 0 ? 0.0
                                    : 100.0 - percent(largest, hole_bytes));
    printf("calls          mems_malloc %zu, mems_free %zu, mems_get %zu\n",
           mems.mallocs, mems.frees, mems.gets);
    printf("splits         exact fit %zu, split %zu; merges %zu; HOLEs "
           "searched %zu\n", e->outcomes[CHAIN_EXACT],
           e->outcomes[CHAIN_SPLIT], e->merges, e->searched);
    printf("bookkeeping    node records %zu, segment records %zu, in %zu "
           "record pages\n", mems.node_records.in_use,
           mems.segment_records.in_use,
           mems.node_records.page_count + mems.segment_records.page_count);
    page_print_stats(s);
}

void mems_program_check(struct diag_report *report)
{
    mems_check(report);
    page_check(report);
}

/* One cluster per node: its sub-chain as a strip of cells, P and H in
 * their colours with virtual ranges; main-chain edges between nodes; and
 * from each node an edge to the page run it maps to (the translation
 * lane, drawn by phase 1). */
void mems_program_draw(struct script *s, struct dot *d)
{
    char title[128], id[32], prev[32] = "", run[32];
    size_t index = 0;

    for (const struct mems_node *n = main_chain_first(); n;
         n = main_chain_next(n), index++) {
        snprintf(title, sizeof title, "node %zu: MAIN[%" PRIuPTR ":%" PRIuPTR
                 "], %zu page%s", index, n->vstart, main_chain_node_end(n) - 1,
                 n->run->pages, n->run->pages == 1 ? "" : "s");
        snprintf(id, sizeof id, "node%zu", index);
        dot_cluster_begin(d, title);
        dot_strip_begin(d, id);
        /* The node's own cell, where its translation edge starts (an edge
         * from the strip as a whole would leave from a segment's cell). */
        dot_strip_cell(d, DOT_NEUTRAL, "map", "%" PRIuPTR "\n-> page %zu",
                       n->vstart, n->run->number);
        for (const struct mems_segment *seg = n->first; seg; seg = seg->next) {
            const char *label = script_label_of(s, (void *)seg->vstart);
            dot_strip_cell(d, seg->hole ? DOT_HOLE : DOT_PROCESS, NULL,
                           "%s %s\n[%" PRIuPTR ":%" PRIuPTR "]\n%zu B",
                           seg->hole ? "H" : "P",
                           !seg->hole && label != NULL ? label : "",
                           seg->vstart, sub_chain_segment_end(seg) - 1,
                           seg->size);
        }
        dot_strip_end(d);
        dot_cluster_end(d);
        if (prev[0] != '\0')
            dot_edge(d, prev, id, DOT_EDGE_CHAIN, NULL);
        snprintf(run, sizeof run, "run%zu", n->run->number);
        snprintf(title, sizeof title, "%s:map", id);
        dot_edge(d, title, run, DOT_EDGE_LINK, NULL);
        snprintf(prev, sizeof prev, "%s", id);
    }
    if (index == 0)
        dot_note(d, "no_nodes", mems.initialized ? "MeMS: no node mapped yet"
                                                 : "MeMS: not running");
    page_draw(s, d);
    if (mems.initialized)
        dot_footer(d, "MeMS: %zu node%s, %zu bytes in HOLEs; records: %zu "
                   "node%s, %zu segment%s, in %zu record page%s", mems.nodes,
                   mems.nodes == 1 ? "" : "s", mems_hole_bytes(),
                   mems.node_records.in_use,
                   mems.node_records.in_use == 1 ? "" : "s",
                   mems.segment_records.in_use,
                   mems.segment_records.in_use == 1 ? "" : "s",
                   mems.node_records.page_count +
                       mems.segment_records.page_count,
                   mems.node_records.page_count +
                               mems.segment_records.page_count == 1
                       ? "" : "s");
}

int mems_program_setup(void)
{
    mems_set_quiet(true);
    mems_init();
    if (mems_last_error() != MEMS_OK)
        return diag_error("%s", mems_last_message());
    return 0;
}

void mems_program_teardown(void)
{
    if (mems.initialized)
        mems_finish();
    page_reset();
}
