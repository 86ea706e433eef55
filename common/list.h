/*
 * list.h - the intrusive doubly linked list every phase uses.
 *
 * "Intrusive" means the links live inside the object being listed (a
 * struct list_node field), not in a separate cell allocated per entry.
 * An allocator cannot call an allocator to get list cells, so this is the
 * only kind of list it can use: putting an object on a list, or taking it
 * off, never allocates and never fails.  container_of() gets back from the
 * embedded node to the object around it.
 *
 * Invariant (checked by list_check): walking next from the head returns to
 * the head, and for every node n, n->next->prev == n.
 */
#ifndef HEAPCOURSE_LIST_H
#define HEAPCOURSE_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct list_node {
    struct list_node *next; /* following node, or the head when last */
    struct list_node *prev; /* preceding node, or the head when first */
};

/* A list is a head node linked to itself when empty (a sentinel: no NULL
 * checks at either end). */
typedef struct list_node list_head;

/* From a pointer to the embedded member back to the struct that holds it. */
#define container_of(ptr, type, member) \
    ((type *)((char *)(ptr) - offsetof(type, member)))

#define list_entry(node, type, member) container_of(node, type, member)

/* Visit every node; safe only if the body does not remove the node. */
#define list_for_each(pos, head) \
    for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

/* Visit every node; the body may remove pos (next is read first). */
#define list_for_each_safe(pos, tmp, head)                        \
    for ((pos) = (head)->next, (tmp) = (pos)->next; (pos) != (head); \
         (pos) = (tmp), (tmp) = (pos)->next)

static inline void list_init(list_head *head)
{
    head->next = head;
    head->prev = head;
}

static inline bool list_empty(const list_head *head)
{
    return head->next == head;
}

/* Link node between two adjacent nodes prev and next. */
static inline void list_link_between(struct list_node *node,
                                     struct list_node *prev,
                                     struct list_node *next)
{
    node->prev = prev;
    node->next = next;
    prev->next = node;
    next->prev = node;
}

static inline void list_push_front(list_head *head, struct list_node *node)
{
    list_link_between(node, head, head->next);
}

static inline void list_push_back(list_head *head, struct list_node *node)
{
    list_link_between(node, head->prev, head);
}

static inline void list_insert_after(struct list_node *where,
                                     struct list_node *node)
{
    list_link_between(node, where, where->next);
}

/* Unlink node; its own links are pointed at itself so that a second
 * removal is harmless and list_linked() can tell it is off every list. */
static inline void list_remove(struct list_node *node)
{
    node->prev->next = node->next;
    node->next->prev = node->prev;
    node->next = node;
    node->prev = node;
}

static inline bool list_linked(const struct list_node *node)
{
    return node->next != node;
}

static inline size_t list_length(const list_head *head)
{
    size_t n = 0;
    const struct list_node *pos;
    list_for_each(pos, head)
        n++;
    return n;
}

/* The list invariant above, walking at most limit nodes (a corrupted list
 * may be circular without passing through the head).  True when intact. */
static inline bool list_check(const list_head *head, size_t limit)
{
    const struct list_node *pos = head;
    for (size_t n = 0; n <= limit; n++) {
        if (pos->next == NULL || pos->next->prev != pos)
            return false;
        pos = pos->next;
        if (pos == head)
            return true;
    }
    return false;
}

#endif
