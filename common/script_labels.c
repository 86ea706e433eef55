/*
 * script_labels.c - labels: the names a script gives commands' results
 * (`p = pages 2`), what they are bound to, and whether they are live.
 * The table only grows: a freed label stays, so that a later use can say
 * "was freed" rather than "unknown" (tests/common.bats, "labels").
 */
#include "script_internal.h"

#include <stdlib.h>
#include <string.h>

struct script_label *script_label_find(const struct script *s,
                                       const char *name)
{
    for (size_t i = 0; i < s->nlabels; i++)
        if (strcmp(s->labels[i].name, name) == 0)
            return &s->labels[i];
    return NULL;
}

bool script_label_valid(const char *name)
{
    size_t len = strlen(name);

    if (len == 0 || len > SCRIPT_LABEL_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      c == '_';
        if (!letter && !(i > 0 && c >= '0' && c <= '9'))
            return false;
    }
    return true;
}

int script_label_value(struct script *s, const char *label, void **value)
{
    const struct script_label *l = script_label_find(s, label);
    char shown[SCRIPT_SHOWN_MAX + 1];

    if (l == NULL)
        return script_fail(s, "unknown label '%s'",
                           script_show(shown, label, strlen(label)));
    if (!l->live)
        return script_fail(s, "label '%s' was freed", label);
    *value = l->value;
    return 0;
}

const char *script_result_label(const struct script *s)
{
    return s->result_label;
}

void script_bind_result(struct script *s, void *value)
{
    struct script_label *l;

    if (s->result_label == NULL)
        return;
    l = script_label_find(s, s->result_label);
    if (l == NULL) {
        if (s->nlabels == s->label_cap) {
            size_t cap = s->label_cap ? 2 * s->label_cap : 16;
            struct script_label *grown =
                realloc(s->labels, cap * sizeof *grown);
            if (grown == NULL) {
                script_fail(s, "out of memory for labels");
                return;
            }
            s->labels = grown;
            s->label_cap = cap;
        }
        l = &s->labels[s->nlabels++];
        snprintf(l->name, sizeof l->name, "%s", s->result_label);
    }
    l->value = value;
    l->live = true;
}

void script_release(struct script *s, const char *label)
{
    struct script_label *l = script_label_find(s, label);
    if (l != NULL)
        l->live = false;
}

void script_release_all(struct script *s)
{
    for (size_t i = 0; i < s->nlabels; i++)
        s->labels[i].live = false;
}

void script_rebind(struct script *s, const char *label, void *value)
{
    struct script_label *l = script_label_find(s, label);
    if (l != NULL)
        l->value = value;
}

const char *script_label_of(const struct script *s, const void *value)
{
    for (size_t i = 0; i < s->nlabels; i++)
        if (s->labels[i].live && s->labels[i].value == value)
            return s->labels[i].name;
    return NULL;
}
