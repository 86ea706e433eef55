/*
 * chain.c - the chain engine (see chain.h): fit policies over a free list,
 * the four outcomes of a split, and merging a freed block with both
 * neighbours.  It reads and writes nodes only through struct chain_ops, so
 * it knows nothing of pages or meta-block layouts.  chain_check() and
 * chain_check_list() are the executable form of its invariants; the front
 * ends add their own (tiling, back-pointers).  Lesson: phase4/README.md.
 */
#include "chain.h"

static const char *const policy_names[] = {
    [CHAIN_FIRST_FIT] = "first", [CHAIN_BEST_FIT] = "best",
    [CHAIN_WORST_FIT] = "worst", [CHAIN_FAST_FIT] = "fast",
};

static const char *const outcome_names[] = {
    [CHAIN_EXACT] = "exact fit",
    [CHAIN_SPLIT] = "split",
    [CHAIN_SOFT_FRAG] = "soft internal fragmentation",
    [CHAIN_HARD_FRAG] = "hard internal fragmentation",
};

const char *chain_policy_name(enum chain_policy policy)
{
    return policy_names[policy];
}

const char *chain_outcome_name(enum chain_outcome outcome)
{
    return outcome_names[outcome];
}

/* ---- the free list ------------------------------------------------------ */

/* Does a come before b on a list kept for the chain's policy?  Worst fit:
 * larger first; the others (and ties): lower address first. */
static bool goes_before(const struct chain *c, const void *a, const void *b)
{
    const struct chain_ops *ops = c->ops;

    if (c->policy == CHAIN_FAST_FIT)
        return false; /* no order: newest first */
    if (c->policy == CHAIN_WORST_FIT && ops->size(a) != ops->size(b))
        return ops->size(a) > ops->size(b);
    return ops->order(a) < ops->order(b);
}

void chain_list_insert(struct chain *c, void *node)
{
    list_head *list = c->ops->free_list(node);
    struct list_node *pos;

    if (c->policy == CHAIN_FAST_FIT) { /* no order to keep: newest first */
        list_push_front(list, c->ops->free_link(node));
        return;
    }
    list_for_each(pos, list)
        if (goes_before(c, node, c->ops->from_link(pos)))
            break;
    /* pos is the first node that goes after ours, or the head. */
    list_link_between(c->ops->free_link(node), pos->prev, pos);
}

void chain_list_sort(struct chain *c, list_head *list)
{
    list_head unsorted;
    struct list_node *pos, *tmp;

    /* Move everything to a temporary list, then insert back in order. */
    list_init(&unsorted);
    if (!list_empty(list)) {
        list_link_between(&unsorted, list->prev, list->next);
        list_init(list);
    }
    list_for_each_safe(pos, tmp, &unsorted) {
        list_remove(pos);
        chain_list_insert(c, c->ops->from_link(pos));
    }
}

void chain_set_policy(struct chain *c, enum chain_policy policy)
{
    c->policy = policy;
}

/* ---- finding and taking ---------------------------------------------------- */

void *chain_find(struct chain *c, list_head *list, size_t want)
{
    const struct chain_ops *ops = c->ops;
    struct list_node *pos;
    void *best = NULL;

    list_for_each(pos, list) {
        void *node = ops->from_link(pos);
        c->searched++;
        if (ops->size(node) < want) {
            if (c->policy == CHAIN_WORST_FIT)
                return NULL; /* the largest is too small: none fits */
            continue;
        }
        if (c->policy != CHAIN_BEST_FIT)
            return node; /* first fit, or the head of a worst-fit list */
        if (best == NULL || ops->size(node) < ops->size(best))
            best = node;
        if (ops->size(node) == want)
            break; /* cannot do better than exact */
    }
    return best;
}

/* A policy's choice between the best so far and a candidate that fits:
 * true when the candidate should replace it. */
static bool better(const struct chain *c, const void *best, const void *node)
{
    if (best == NULL)
        return true;
    if (c->policy == CHAIN_BEST_FIT)
        return c->ops->size(node) < c->ops->size(best);
    if (c->policy == CHAIN_WORST_FIT)
        return c->ops->size(node) > c->ops->size(best);
    return false; /* first fit keeps the first */
}

void *chain_find_walk(struct chain *c, void *first, size_t want)
{
    const struct chain_ops *ops = c->ops;
    void *best = NULL;

    for (void *node = first; node != NULL; node = ops->next(node)) {
        if (!ops->is_free(node))
            continue;
        c->searched++;
        if (ops->size(node) < want || !better(c, best, node))
            continue;
        best = node;
        if (c->policy == CHAIN_FIRST_FIT)
            break;
        if (c->policy == CHAIN_BEST_FIT && ops->size(node) == want)
            break; /* nothing fits better than exactly */
    }
    return best;
}

/* Take node off its free list, if the chain keeps one. */
static void unlist(const struct chain *c, void *node)
{
    if (c->ops->free_link != NULL)
        list_remove(c->ops->free_link(node));
}

/* BEGIN SOLUTION */
/* Put a free node on its list, if the chain keeps one. */
static void relist(struct chain *c, void *node)
{
    if (c->ops->free_link != NULL)
        chain_list_insert(c, node);
}
/* END SOLUTION */

enum chain_outcome chain_take(struct chain *c, void *node, size_t want,
                              size_t unit)
{
    /* BEGIN SOLUTION */
    /* STUDENT:
    (void)c;
    (void)node;
    (void)want;
    (void)unit;
    diag_error("not implemented yet: chain_take (phase4/chain.c)");
    return CHAIN_EXACT;
    */
    const struct chain_ops *ops = c->ops;
    size_t rest = ops->size(node) - want;
    enum chain_outcome outcome;

    unlist(c, node);
    ops->set_free(node, false);
    if (rest == 0) {
        outcome = CHAIN_EXACT;
    } else if (rest < c->overhead + c->min_payload) {
        /* Too small for a node.  LMM: the bytes become a gap after the
         * block, until a free reclaims them.  os_malloc: they stay in. */
        if (!c->absorb_small_rest)
            ops->set_size(node, want);
        outcome = CHAIN_HARD_FRAG;
    } else {
        void *tail = ops->make(node, want);
        ops->set_size(node, want);
        ops->set_size(tail, rest - c->overhead);
        ops->set_free(tail, true);
        relist(c, tail);
        outcome = rest - c->overhead < unit ? CHAIN_SOFT_FRAG : CHAIN_SPLIT;
    }
    c->outcomes[outcome]++;
    return outcome;
    /* END SOLUTION */
}

/* ---- merging ----------------------------------------------------------------- */

/* Absorb b, the free node right after a, into a: b's node, payload and any
 * gap before it become a's payload. */
static void absorb_next(struct chain *c, void *a, void *b)
{
    const struct chain_ops *ops = c->ops;

    unlist(c, b);
    ops->set_size(a, ops->size(a) + ops->gap(a) + c->overhead + ops->size(b));
    ops->link(a, ops->next(b));
    if (ops->drop != NULL)
        ops->drop(b);
    c->merges++;
}

void *chain_release(struct chain *c, void *node)
{
    /* BEGIN SOLUTION */
    /* STUDENT:
    (void)c;
    diag_error("not implemented yet: chain_release (phase4/chain.c)");
    return node;
    */
    const struct chain_ops *ops = c->ops;
    void *next = ops->next(node), *prev = ops->prev(node);

    ops->set_free(node, true);
    /* Case 1: both neighbours allocated (or absent): nothing to merge, but
     * a gap left by a hard-fragmentation split is reclaimed. */
    ops->set_size(node, ops->size(node) + ops->gap(node));
    /* Case 2: the next block is free: absorb it. */
    if (next != NULL && ops->is_free(next))
        absorb_next(c, node, next);
    /* Case 3: the previous block is free: it absorbs this one (taken off
     * its list first, so the list never holds a block being merged).
     * Case 4, both free, is case 2 then case 3. */
    if (prev != NULL && ops->is_free(prev)) {
        unlist(c, prev);
        absorb_next(c, prev, node);
        node = prev;
    }
    relist(c, node);
    return node;
    /* END SOLUTION */
}

void chain_coalesce(struct chain *c, void *first)
{
    const struct chain_ops *ops = c->ops;

    for (void *node = first; node != NULL; node = ops->next(node))
        while (ops->is_free(node) && ops->next(node) != NULL &&
               ops->is_free(ops->next(node)))
            absorb_next(c, node, ops->next(node));
}

/* ---- the checker ----------------------------------------------------------------- */

enum { CHAIN_CHECK_LIMIT = 1 << 24 }; /* nodes walked before calling it a cycle */

/* The largest gap a chain allows after a node: the hard-fragmentation
 * rest of chain_take, too small to become a node. */
static size_t max_gap(const struct chain *c)
{
    return c->absorb_small_rest ? 0 : c->overhead + c->min_payload - 1;
}

static void check_gap(const struct chain *c, const void *node, size_t index,
                      const char *what, struct diag_report *r)
{
    size_t gap = c->ops->gap(node);

    if (gap != 0 && c->ops->is_free(node))
        diag_problem(r, "%s: free block %zu has an unclaimed gap of %zu "
                        "bytes", what, index, gap);
    else if (gap > max_gap(c))
        diag_problem(r, "%s: block %zu is followed by a gap of %zu bytes "
                        "(at most %zu)", what, index, gap, max_gap(c));
}

bool chain_check(const struct chain *c, const void *first, const char *what,
                 struct diag_report *r)
{
    const struct chain_ops *ops = c->ops;
    const void *prev = NULL;
    size_t index = 0;

    for (const void *node = first; node != NULL; node = ops->next(node)) {
        /* Where the link lives in a free block's payload, an allocated
         * block's "link" is the program's bytes: only free ones count. */
        bool listed = ops->free_link == NULL ||
                              (c->link_in_payload && !ops->is_free(node))
                          ? ops->is_free(node)
                          : list_linked(ops->free_link((void *)node));
        if (index++ > CHAIN_CHECK_LIMIT) {
            diag_problem(r, "%s: the chain does not end (a cycle?)", what);
            return false;
        }
        if (ops->prev(node) != prev)
            diag_problem(r, "%s: block %zu: prev and next disagree", what,
                         index - 1);
        if (!c->lazy && prev != NULL && ops->is_free(prev) &&
            ops->is_free(node))
            diag_problem(r, "%s: blocks %zu and %zu are both free: not "
                            "merged", what, index - 2, index - 1);
        if (ops->is_free(node) != listed)
            diag_problem(r, "%s: block %zu is %s but %s a free list", what,
                         index - 1, ops->is_free(node) ? "free" : "allocated",
                         listed ? "on" : "not on");
        check_gap(c, node, index - 1, what, r);
        prev = node;
    }
    return true;
}

void chain_check_list(const struct chain *c, list_head *list,
                      const char *what, struct diag_report *r)
{
    const struct list_node *pos;
    const void *prev = NULL;

    if (!list_check(list, CHAIN_CHECK_LIMIT)) {
        diag_problem(r, "%s: the free list's links are broken", what);
        return;
    }
    list_for_each(pos, list) {
        const void *node = c->ops->from_link((struct list_node *)pos);
        if (!c->ops->is_free(node))
            diag_problem(r, "%s: an allocated block is on the free list",
                         what);
        if (prev != NULL && goes_before(c, node, prev))
            diag_problem(r, "%s: the free list is out of %s-fit order", what,
                         chain_policy_name(c->policy));
        prev = node;
    }
}
