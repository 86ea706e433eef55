/*
 * page_homework.c - phase 1's homework (`phase1 --homework SEED`): runs
 * of pages asked for and given back at random, and after each the
 * question of where the pages come from or where they go.  The answers
 * come from running the same commands (common/script_homework.c).
 */
#include "page_homework.h"

#include <stdio.h>

#include "page.h"

static void generate(struct homework *hw)
{
    const struct homework_settings *set = homework_settings(hw);
    char question[120];

    homework_note(hw, "page size %zu bytes", page_size());
    homework_note(hw, "the cache keeps up to %zu pages", page_cache_limit());
    for (size_t i = 0; i < set->ops; i++) {
        if (homework_allocates(hw)) {
            size_t count = homework_size(hw);
            const char *label = homework_new_label(hw, count);
            snprintf(question, sizeof question,
                     "Which page numbers does %s get: from the cache (which "
                     "run, split how?) or from a new mapping?", label);
            homework_ask(hw, question, "%s = pages %zu", label, count);
        } else {
            const char *label = homework_pick_live(hw);
            snprintf(question, sizeof question,
                     "Do %s's pages stay mapped in the cache, or are they "
                     "unmapped?", label);
            homework_ask(hw, question, "unmap %s", label);
            homework_forget(hw, label);
        }
    }
    homework_look(hw, NULL, "Which runs does the cache hold now?", "cache");
    homework_look(hw, "system calls",
                  "How many mmap and munmap calls did all this take?",
                  "stats");
}

const struct script_homework page_homework = {
    .unit = "pages",
    .min_size = 1,
    .max_size = 4,
    .max_allowed = 64,
    .generate = generate,
};
