/*
 * family_checker.c - the family registry's checker finds each broken
 * invariant.  Registers four families, two to a family page, then breaks
 * the registry (phase2/family.h) on purpose, one invariant at a time, runs
 * family_check, prints what it reported, and repairs the damage before the
 * next one (a clean check in between proves the repair).
 * tests/phase2-checker.bats compares the output with
 * tests/golden/phase2/family_checker.out.
 */
#include <stdio.h>
#include <string.h>

#include "checker_test.h"
#include "family.h"

static void check(const char *what)
{
    checker_run(what, family_check);
}

static struct family_page *family_page_at(const struct list_node *link)
{
    return list_entry((struct list_node *)link, struct family_page, link);
}

int main(void)
{
    struct family *emp, *dept, *student;
    struct family_page *first, *second;
    struct page_run *run;
    char name[FAMILY_NAME_MAX + 1];

    family_set_records_per_page(2);
    emp = family_register("emp_t", 36);
    dept = family_register("dept_t", 12);
    student = family_register("student_t", 60);
    if (!family_register("course_t", 100) || !emp || !dept || !student) {
        /* An error, not a crash: nothing to break without the pages. */
        fprintf(stderr, "family_checker: a registration failed: %s\n",
                diag_last_error());
        return 1;
    }
    first = family_page_at(family_pages()->next);  /* emp_t, dept_t */
    second = family_page_at(first->link.next);     /* student_t, course_t */
    check("intact");

    second->link.prev = NULL;
    check("the second family page's prev link lost");
    second->link.prev = &first->link;

    run = first->run;
    first->run = second->run;
    check("a family page that names another page's run");
    first->run = run;

    second->capacity = 3;
    check("a capacity other than what a page holds");
    second->capacity = 2;

    second->count = 3;
    check("more records than the capacity");
    second->count = 2;

    first->count = 1;
    check("a page before the last one not full");
    first->count = 2;

    second->count = 0;
    check("a family page with no family on it");
    second->count = 2;

    second->count = 1;
    check("one registered family missing from the pages");
    second->count = 2;

    dept->name[0] = '"';
    check("a name with a quote");
    dept->name[0] = 'd';

    student->index = 7;
    check("an index out of registration order");
    student->index = 2;

    emp->size = 0;
    check("a size of 0 bytes");
    emp->size = 36;

    strcpy(name, student->name);
    strcpy(student->name, "emp_t");
    check("a name registered twice");
    strcpy(student->name, name);

    check("repaired");
    family_reset();
    page_reset();
    return 0;
}
