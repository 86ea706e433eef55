/*
 * mems_check.c - MeMS's heap checker: the invariants written next to
 * struct mems_node and struct mems_segment (mems_internal.h), checked one
 * by one, each broken one reported as a line.  The chain engine checks
 * what it owns in each sub-chain (links agree, no two HOLE neighbours);
 * this file adds what MeMS owns: contiguous virtual ranges, segments that
 * tile their node, mapped pages, and counts that agree.
 */
#include "mems_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <sys/mman.h>

enum { CHECK_LIMIT = 1 << 24 }; /* segments walked before calling it a cycle */

/* Does the kernel have every page of [base, base + bytes) mapped?  mincore
 * fails with ENOMEM on a range with an unmapped page (and, unlike msync,
 * valgrind lets a checker ask).  It reports one byte per system page, so
 * the range is asked about in slices. */
static bool kernel_mapped(unsigned char *base, size_t bytes)
{
    enum { SLICE_PAGES = 64 };
    unsigned char resident[SLICE_PAGES];
    size_t slice = SLICE_PAGES * page_system_size();

    for (size_t done = 0; done < bytes; done += slice)
        if (mincore(base + done, bytes - done < slice ? bytes - done : slice,
                    resident) != 0)
            return false;
    return true;
}

/* Is the node's run live in the page layer, and are its bytes mapped? */
static bool node_mapped(const struct mems_node *node)
{
    const struct list_node *pos;
    bool live = false;

    page_lock();
    list_for_each(pos, page_live_runs())
        if (list_entry(pos, struct page_run, link) == node->run)
            live = true;
    page_unlock();
    return live && kernel_mapped(node->run->base, node->run->bytes);
}

/* The segments of one node tile its range; returns how many there are. */
static size_t check_tiling(const struct mems_node *node, size_t index,
                           struct diag_report *r)
{
    vaddr_t expect = node->vstart;
    size_t count = 0;

    for (const struct mems_segment *seg = node->first; seg; seg = seg->next) {
        if (count++ > CHECK_LIMIT) {
            diag_problem(r, "node %zu: the sub-chain does not end", index);
            break;
        }
        if (seg->owner != node)
            diag_problem(r, "node %zu: segment %zu belongs to another node",
                         index, count - 1);
        if (seg->size == 0)
            diag_problem(r, "node %zu: segment %zu is empty", index,
                         count - 1);
        if (seg->vstart != expect)
            diag_problem(r, "node %zu: segment %zu starts at %" PRIuPTR
                         ", not where the one before ends (%" PRIuPTR ")",
                         index, count - 1, seg->vstart, expect);
        expect = sub_chain_segment_end(seg);
    }
    if (expect != main_chain_node_end(node))
        diag_problem(r, "node %zu: its segments end at %" PRIuPTR ", the "
                     "node at %" PRIuPTR, index, expect,
                     main_chain_node_end(node));
    return count;
}

void mems_check(struct diag_report *r)
{
    vaddr_t expect = MEMS_VIRTUAL_BASE;
    size_t index = 0, segments = 0;
    char what[32];

    if (!mems.initialized)
        return;
    if (!list_check(&mems.main_chain, CHECK_LIMIT)) {
        diag_problem(r, "main chain: its links are broken");
        return;
    }
    for (const struct mems_node *node = main_chain_first(); node;
         node = main_chain_next(node), index++) {
        size_t count;

        if (node->vstart != expect)
            diag_problem(r, "node %zu: starts at %" PRIuPTR ", not where the "
                         "node before ends (%" PRIuPTR ")", index,
                         node->vstart, expect);
        if (!node_mapped(node))
            diag_problem(r, "node %zu: its pages are not mapped", index);
        else if (node->bytes != node->run->pages * page_size())
            diag_problem(r, "node %zu: %zu bytes, but its run has %zu pages",
                         index, node->bytes, node->run->pages);
        snprintf(what, sizeof what, "node %zu", index);
        chain_check(&mems.engine, node->first, what, r);
        count = check_tiling(node, index, r);
        if (count != node->segments)
            diag_problem(r, "node %zu: %zu segments, but the count says %zu",
                         index, count, node->segments);
        segments += count;
        expect = main_chain_node_end(node);
    }
    if (index != mems.nodes)
        diag_problem(r, "main chain: %zu nodes, but the count says %zu", index,
                     mems.nodes);
    if (expect != mems.next_vstart)
        diag_problem(r, "main chain: ends at %" PRIuPTR ", but the next node "
                     "would start at %" PRIuPTR, expect, mems.next_vstart);

    /* Every record in use is a node or a segment (or the spare). */
    record_pool_check(&mems.node_records, r);
    record_pool_check(&mems.segment_records, r);
    if (mems.node_records.in_use != index)
        diag_problem(r, "node records: %zu in use for %zu nodes",
                     mems.node_records.in_use, index);
    if (mems.segment_records.in_use != segments + (mems.spare != NULL))
        diag_problem(r, "segment records: %zu in use for %zu segments%s",
                     mems.segment_records.in_use, segments,
                     mems.spare != NULL ? " and the spare" : "");
}
