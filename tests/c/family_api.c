/*
 * family_api.c - drives phase 2's C API (family.h) the way an application
 * does: MM_REG_STRUCT for its structs, lookups, and every refusal, printing
 * one line per step so tests/phase2.bats can compare the whole output.
 * Exits 1 if any expectation fails.
 */
#include <stdio.h>
#include <string.h>

#include "family.h"

typedef struct emp_ {
    char name[32];
    unsigned int emp_id;
} emp_t;

typedef struct student_ {
    char name[32];
    unsigned int rollno;
    unsigned int marks_phy, marks_chem, marks_maths;
    struct student_ *next;
} student_t;

struct too_big {
    char bytes[70000];
};

static int failures;

static void expect(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok" : "FAIL", what);
    failures += !ok;
}

/* A registration that must be refused: print the reason. */
static void refused(const struct family *f, const char *what)
{
    expect(f == NULL, what);
    if (f == NULL)
        printf("  refused: %s\n", diag_last_error());
}

int main(void)
{
    struct family *emp = MM_REG_STRUCT(emp_t);
    struct family *student = MM_REG_STRUCT(student_t);
    struct family *dept = MM_REG_STRUCT(struct dept_s { int id; char n[8]; });
    struct diag_report report = {0};

    expect(emp != NULL && emp->size == sizeof(emp_t) &&
               strcmp(emp->name, "emp_t") == 0,
           "MM_REG_STRUCT(emp_t) registers emp_t with its sizeof");
    expect(student != NULL && student->index == 1,
           "student_t is the second family");
    refused(dept, "a stringified struct longer than 31 characters");
    expect(family_lookup("student_t") == student, "lookup finds student_t");
    refused(family_lookup("nobody"), "lookup of an unknown name");
    refused(MM_REG_STRUCT(emp_t), "registering emp_t twice");
    refused(MM_REG_STRUCT(struct too_big), "a struct larger than a page");
    refused(family_register("", 8), "an empty name");
    refused(family_register("tab\there", 8), "a name with a tab");
    refused(family_register("zero", 0), "size 0");
    refused(family_register("huge", (size_t)-1), "size SIZE_MAX");
    expect(family_register("exactly_a_page", page_size()) != NULL,
           "a struct of exactly one page is accepted");
    expect(family_count() == 3, "three families registered");
    family_check(&report);
    expect(report.problems == 0, "the checker finds no problem");
    family_reset();
    page_reset();
    expect(family_count() == 0 && family_lookup("emp_t") == NULL,
           "after a reset no family is left");
    return failures ? 1 : 0;
}
