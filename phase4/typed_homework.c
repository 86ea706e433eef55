/*
 * typed_homework.c - phase 4's homework (`phase4 --homework SEED`, with
 * --fit first|best|worst): blocks of a 16-byte struct allocated and freed
 * at random on the chain engine; the questions are which free block an
 * allocation takes and how it splits under the policy, and what a free
 * merges with; at the end, the page's blocks and its fragmentation.  The
 * answers come from running the same commands (common/script_homework.c).
 */
#include "typed_homework.h"

#include <stdio.h>

#include "page.h"
#include "typed_commands.h"

static void generate(struct homework *hw)
{
    const struct homework_settings *set = homework_settings(hw);
    const char *fit = chain_policy_name(typed_start_policy());
    char question[160];

    homework_note(hw, "page size %zu bytes", page_size());
    homework_note(hw, "%s fit", fit);
    homework_given(hw, "register s 16");
    homework_given(hw, "policy %s", fit);
    for (size_t i = 0; i < set->ops; i++) {
        if (homework_allocates(hw)) {
            size_t units = homework_size(hw);
            const char *label = homework_new_label(hw, units);
            snprintf(question, sizeof question,
                     "Under %s fit, which free block does %s come from (its "
                     "offset), and is it split?", fit, label);
            homework_ask(hw, question, "%s = xcalloc s %zu", label, units);
        } else {
            const char *label = homework_pick_live(hw);
            snprintf(question, sizeof question,
                     "How many free neighbours does %s's block merge with?",
                     label);
            homework_ask(hw, question, "xfree %s", label);
            homework_forget(hw, label);
        }
    }
    homework_look(hw, NULL, "Which blocks does the page hold now, free and "
                            "allocated?", "blocks s");
    homework_look(hw, "s", "How many blocks are there (TBC), how many "
                            "free (FBC), and how many bytes of hard "
                            "fragmentation?", "usage s");
}

const struct script_homework typed_homework = {
    .unit = "structs of 16 bytes",
    .min_size = 1,
    .max_size = 40,
    .max_allowed = 240,
    .generate = generate,
};
