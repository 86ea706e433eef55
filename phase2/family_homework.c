/*
 * family_homework.c - phase 2's homework (`phase2 --homework SEED`):
 * structs registered with random sizes on family pages that hold only a
 * few records, and lookups of the ones registered; the question is where
 * each record lands.  The answers come from running the same commands
 * (common/script_homework.c).
 */
#include "family_homework.h"

#include <stdio.h>

#include "page.h"

enum { RECORDS_PER_PAGE = 3 }; /* small, so that the pages fill */

static void generate(struct homework *hw)
{
    const struct homework_settings *set = homework_settings(hw);
    char question[120];

    homework_note(hw, "page size %zu bytes", page_size());
    homework_given(hw, "family-records %d", RECORDS_PER_PAGE);
    for (size_t i = 0; i < set->ops; i++) {
        if (homework_allocates(hw)) {
            size_t size = homework_size(hw);
            const char *name = homework_new_label(hw, size);
            snprintf(question, sizeof question,
                     "Which family number does t_%s get, and on which "
                     "family page (and which page) is its record?", name);
            homework_ask(hw, question, "register t_%s %zu", name, size);
        } else {
            const char *name = homework_pick_live(hw);
            snprintf(question, sizeof question,
                     "Where is t_%s's record: family page and page?", name);
            homework_ask(hw, question, "lookup t_%s", name);
        }
    }
    homework_look(hw, NULL, "Which records does each family page hold?",
                  "families");
    homework_look(hw, "system calls",
                  "How many mmap calls did the family pages take?", "stats");
}

const struct script_homework family_homework = {
    .unit = "bytes",
    .min_size = 8,
    .max_size = 512,
    .max_allowed = 4096,
    .generate = generate,
};
