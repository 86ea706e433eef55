/*
 * dot.h - the Graphviz DOT writer every phase draws its chains with.
 *
 * A picture is a graph laid out left to right: clusters (a page, a cache,
 * a MeMS main node) hold nodes, each node an HTML-like table with a title
 * row and one row per field, coloured by the state of what it shows.
 * Edges join nodes; list links that must not bend the layout use
 * DOT_EDGE_LINK (constraint=false).  A footer node carries the statistics.
 * Every text is escaped here, so callers pass plain strings.
 *
 * Usage: dot_begin, then clusters and nodes and edges in any order
 * (clusters nest like brackets), footer lines at any time, dot_end.
 */
#ifndef HEAPCOURSE_DOT_H
#define HEAPCOURSE_DOT_H

#include <stdio.h>

#include "diag.h"

/* What a node shows; each state has one fixed colour in every picture. */
enum dot_state {
    DOT_NEUTRAL,   /* bookkeeping, headers of lists */
    DOT_ALLOCATED, /* handed to the program */
    DOT_FREE,      /* free for the allocator to hand out */
    DOT_CACHED,    /* kept by a cache, not handed out */
    DOT_META,      /* the allocator's own metadata */
    DOT_PROCESS,   /* MeMS segment mapped to the program */
    DOT_HOLE,      /* MeMS free segment */
};

enum dot_edge_kind {
    DOT_EDGE_CHAIN, /* the order that lays the picture out */
    DOT_EDGE_LINK,  /* an extra link (free list, cache list): no layout */
};

enum { DOT_FOOTER_MAX = 2048, DOT_CHUNKS_MAX = 512 };

/*
 * Graphviz stacks the unconnected parts of a left-to-right picture from
 * the bottom up, in the order they are written.  So that pictures read
 * top-down in the order the caller draws them, the body is kept in memory
 * as top-level chunks (a cluster, or a node or edge outside any cluster)
 * and written out last chunk first, after the footer.
 */
struct dot {
    FILE *final;                   /* where the DOT text finally goes */
    FILE *out;                     /* the body, buffered in memory */
    char *body;                    /* the buffer behind out */
    size_t body_len;               /* its length (valid after fclose) */
    long chunk[DOT_CHUNKS_MAX];    /* where each top-level chunk starts */
    int chunks;                    /* chunks started (may pass the max) */
    int depth;                     /* clusters open */
    int clusters;                  /* clusters opened so far (ids) */
    char footer[DOT_FOOTER_MAX];   /* footer rows, already escaped */
    size_t footer_len;             /* bytes used in footer */
};

void dot_begin(struct dot *d, FILE *out, const char *title);
void dot_cluster_begin(struct dot *d, const char *label);
void dot_cluster_end(struct dot *d);

/* A node: dot_node_begin, any number of dot_field, dot_node_end. */
void dot_node_begin(struct dot *d, const char *id, enum dot_state state,
                    const char *title);
void dot_field(struct dot *d, const char *name, const char *fmt, ...)
    DIAG_PRINTF(3, 4);
void dot_node_end(struct dot *d);

/* A strip: one node drawn as a single row of coloured cells (a page's
 * blocks side by side).  dot_strip_begin, dot_strip_cell..., dot_strip_end.
 * Text may hold '\n' for a second line in a cell.  A cell with a port
 * (else NULL) can be the end of an edge: dot_edge(d, "id:port", ...). */
void dot_strip_begin(struct dot *d, const char *id);
void dot_strip_cell(struct dot *d, enum dot_state state, const char *port,
                    const char *fmt, ...) DIAG_PRINTF(4, 5);
void dot_strip_end(struct dot *d);

/* A plain text note (an empty list, an explanation) inside a cluster. */
void dot_note(struct dot *d, const char *id, const char *text);

/* An edge; an end written "node:port" names a cell of a strip. */
void dot_edge(struct dot *d, const char *from, const char *to,
              enum dot_edge_kind kind, const char *label);
void dot_footer(struct dot *d, const char *fmt, ...) DIAG_PRINTF(2, 3);
void dot_end(struct dot *d);

/* The fill colour of a state (for a legend or a test). */
const char *dot_state_colour(enum dot_state state);

#endif
