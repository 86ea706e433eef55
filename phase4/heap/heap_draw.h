/*
 * heap_draw.h - a Graphviz picture of the drop-in heap (libheap): its
 * segments, their spans, the blocks of each medium region and the large
 * blocks.  Program code (it prints through common/dot.c): linked into the
 * programs that draw the heap (the stress driver), never into libheap.
 */
#ifndef HEAPCOURSE_HEAP_DRAW_H
#define HEAPCOURSE_HEAP_DRAW_H

#include "dot.h"

/* Draw the heap into d (between dot_begin and dot_end).  Safe on a heap
 * whose checker just failed: every walk is bounded.  Each segment is
 * copied with its arena locked and drawn after, with no lock held. */
void heap_draw(struct dot *d);

#endif
