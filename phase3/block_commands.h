/*
 * block_commands.h - how the block layer is driven and shown in a phase
 * program: its commands, statistics and picture.
 */
#ifndef HEAPCOURSE_BLOCK_COMMANDS_H
#define HEAPCOURSE_BLOCK_COMMANDS_H

#include "block.h"
#include "dot.h"
#include "script.h"

extern const struct script_command block_commands[];

/* The struct a label names, for `write` and `read` (the program's
 * locate): its data and its family's struct size. */
int block_locate(struct script *s, const char *label, unsigned char **base,
                 size_t *size);

/* The `stats` lines of the block layer: sizes and, per family, the cost. */
void block_print_stats(struct script *s);

/* Each family a cluster, each of its pages a strip of cells. */
void block_draw(struct script *s, struct dot *d);

/* Bytes left unused after block b: the page's tail after the last block
 * here; phase 4 adds the gaps of hard fragmentation. */
typedef size_t (*block_gap_fn)(const struct block_meta *b);

/* One page as a strip: header, each block's meta and data cells (the data
 * cell with port "d<offset>" for edges), and a cell named gap_name for
 * the bytes `gap` says lie unused after a block. */
void block_draw_page(struct script *s, struct dot *d,
                     const struct block_page *page, block_gap_fn gap,
                     const char *gap_name);

/* A family's free list as a lane (one strip), in the order it is kept. */
void block_draw_free_list(struct dot *d, const struct family *f);

/* The title of a page's cluster. */
typedef void (*block_title_fn)(const struct block_page *page, char *buf,
                               size_t size);

/* Every family as a cluster holding its pages (each a cluster titled by
 * `title`, drawn by block_draw_page) and its free list.  Returns the
 * number of data pages drawn. */
size_t block_draw_families(struct script *s, struct dot *d,
                           block_title_fn title, block_gap_fn gap,
                           const char *gap_name);

#endif
