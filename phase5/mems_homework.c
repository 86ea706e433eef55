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

static void generate(struct homework *hw)
{
    const struct homework_settings *set = homework_settings(hw);
    char question[160];

    for (size_t i = 0; i < set->ops; i++) {
        if (homework_allocates(hw)) {
            size_t size = homework_size(hw);
            /* each label remembers its size, so that mems_get asks
             * inside the segment */
            const char *label = homework_new_label(hw, size);
            snprintf(question, sizeof question,
                     "Which virtual address does %s get, and does MeMS map a "
                     "new node for it?", label);
            homework_ask(hw, question, "%s = mems_malloc %zu", label, size);
        } else if (homework_chance(hw, 30)) {
            const char *label = homework_pick_live(hw);
            size_t offset =
                homework_between(hw, 0, homework_label_value(hw, label) - 1);
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
