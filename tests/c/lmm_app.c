/*
 * lmm_app.c - a program in the style of the Linux Memory Manager course's
 * test application: it includes only uapi_mm.h (plus the C library for
 * its own printing) and is compiled as "cc -Iphase4 lmm_app.c libmm.a".
 * It registers two structs, allocates and frees arrays of them, prints the
 * reports, and tries the misuses the allocator must survive.
 */
#include <stdio.h>
#include <string.h>

#include "uapi_mm.h"

typedef struct emp_ {
    char name[32];
    uint32_t emp_id;
} emp_t;

typedef struct student_ {
    char name[32];
    uint32_t rollno;
    uint32_t marks_phy;
    uint32_t marks_chem;
    uint32_t marks_maths;
    struct student_ *next;
} student_t;

int main(void)
{
    emp_t *staff, *one;
    student_t *class;
    int on_the_stack = 0;

    mm_init();
    MM_REG_STRUCT(emp_t);
    MM_REG_STRUCT(student_t);
    mm_print_registered_page_families();

    staff = XCALLOC(3, emp_t);
    one = XCALLOC(1, emp_t);
    class = XCALLOC(2, student_t);
    strcpy(staff[2].name, "carol");
    class[1].rollno = 42;
    printf("zeroed: %s\n", one->name[0] == '\0' && one->emp_id == 0 ? "yes" : "no");
    mm_print_memory_usage(NULL);
    mm_print_block_usage();

    XFREE(one);
    XFREE(one);                 /* double free: reported, nothing changes */
    XFREE(&on_the_stack);       /* not ours: reported */
    XFREE((char *)staff + 8);   /* interior: reported */
    printf("xcalloc of an unknown struct: %s\n",
           xcalloc("dept_t", 1) == NULL ? "NULL" : "not NULL");
    printf("xcalloc of 0 units: %s\n",
           XCALLOC(0, emp_t) == NULL ? "NULL" : "not NULL");
    printf("still there: %s, %u\n", staff[2].name, class[1].rollno);

    XFREE(staff);
    XFREE(class);
    mm_print_memory_usage("emp_t");
    return 0;
}
