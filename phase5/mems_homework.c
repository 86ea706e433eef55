/*
 * mems_homework.c - phase 5's homework (`phase5 --homework SEED`):
 * mems_malloc, mems_free and mems_get at random; the questions are the
 * virtual address each request gets (and whether a node is mapped for
 * it), what a free merges, and what a virtual address translates to; at
 * the end, the main chain and its sub-chains.  The answers come from
 * running the same commands (common/script_homework.c).
 */
#include "mems_homework.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A live request's size, so that mems_get asks inside it. */
struct request {
    char label[8];
    size_t size;
};

static size_t size_of(const struct request *list, size_t n,
                      const char *label)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i].label, label) == 0)
            return list[i].size;
    return 1;
}

static void generate(struct homework *hw)
{
    const struct homework_settings *set = homework_settings(hw);
    struct request *list = calloc(set->ops, sizeof *list);
    size_t made = 0;
    char question[160];

    if (list == NULL)
        return;
    for (size_t i = 0; i < set->ops; i++) {
        if (homework_allocates(hw)) {
            const char *label = homework_new_label(hw);
            size_t size = homework_size(hw);
            snprintf(list[made].label, sizeof list[made].label, "%s", label);
            list[made++].size = size;
            snprintf(question, sizeof question,
                     "Which virtual address does %s get, and does MeMS map a "
                     "new node for it?", label);
            homework_ask(hw, question, "%s = mems_malloc %zu", label, size);
        } else if (homework_chance(hw, 30)) {
            const char *label = homework_pick_live(hw);
            size_t offset = homework_between(
                hw, 0, size_of(list, made, label) - 1);
            snprintf(question, sizeof question,
                     "Which node, page and offset does %s + %zu translate "
                     "to?", label, offset);
            homework_ask(hw, question, "mems_get %s %zu", label, offset);
        } else {
            const char *label = homework_pick_live(hw);
            snprintf(question, sizeof question,
                     "%s's PROCESS segment becomes a HOLE: which HOLE "
                     "neighbours does it merge with?", label);
            homework_ask(hw, question, "mems_free %s", label);
            homework_forget(hw, label);
        }
    }
    free(list);
    homework_look(hw, NULL, "What do the main chain and each sub-chain "
                            "look like now?", "mems_stats");
}

const struct script_homework mems_homework = {
    .unit = "bytes",
    .min_size = 100,
    .max_size = 3000,
    .max_allowed = 65536,
    .generate = generate,
};
