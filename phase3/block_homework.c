/*
 * block_homework.c - phase 3's homework (`phase3 --homework SEED`): two
 * families, structs of each allocated and freed at random; the question
 * is which page and offset each allocation gets, which shows how a page
 * is formatted into meta and data blocks and which free block comes back
 * first.  The answers come from running the same commands
 * (common/script_homework.c).
 */
#include "block_homework.h"

#include <stdio.h>

#include "page.h"

static void generate(struct homework *hw)
{
    const struct homework_settings *set = homework_settings(hw);
    char question[140];

    homework_note(hw, "page size %zu bytes", page_size());
    homework_given(hw, "register f1 %zu", homework_size(hw));
    homework_given(hw, "register f2 %zu", homework_size(hw));
    for (size_t i = 0; i < set->ops; i++) {
        if (homework_allocates(hw)) {
            /* each label remembers its family's number, 1 or 2 */
            size_t family = homework_chance(hw, 50) ? 1 : 2;
            const char *label = homework_new_label(hw, family);
            snprintf(question, sizeof question,
                     "Which page and offset does %s get (is a new page of "
                     "f%zu formatted first)?", label, family);
            homework_ask(hw, question, "%s = alloc f%zu", label, family);
        } else {
            const char *label = homework_pick_live(hw);
            snprintf(question, sizeof question,
                     "%s's block goes back to its free list: which block "
                     "will f%zu's next alloc get?", label,
                     homework_label_value(hw, label));
            homework_ask(hw, question, "free %s", label);
            homework_forget(hw, label);
        }
    }
    homework_look(hw, "f1", "How many pages and blocks does f1 have now, "
                            "and how many are free?", "stats");
    homework_look(hw, "f2", "And f2?", "stats");
}

const struct script_homework block_homework = {
    .unit = "bytes",
    .min_size = 8,
    .max_size = 400,
    .max_allowed = 4000,
    .generate = generate,
};
