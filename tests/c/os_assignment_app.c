/*
 * os_assignment_app.c - a program in the style of the operating-systems
 * course's memory-allocator tests: it includes nothing but osmem.h and
 * uses what that course's osmem.h and test headers put in scope (errno,
 * fprintf, va_list, exit; memset, memcpy, strlen), compiled with -Wall
 * -Wextra -Werror against phase4/libosmem.so (phase4/os/os.mk).  It fills,
 * grows and shrinks blocks and checks every byte; it prints one line at
 * the end, after its last os_* call (see osmem.h on stdio and the break).
 */
#include "osmem.h"

#define FAIL(assertion, what)                                               \
    do {                                                                    \
        if (assertion)                                                      \
            fail(__LINE__, "%s (errno %d)", what, errno);                   \
    } while (0)

static void fail(int line, const char *format, ...)
{
    va_list args;

    fprintf(stderr, "os_assignment_app.c:%d: ", line);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fputc('\n', stderr);
    exit(EXIT_FAILURE);
}

/* The assignment's tests fill each block with a pattern ("taint"). */
static void taint(void *p, size_t size, int seed)
{
    unsigned char *bytes = p;

    for (size_t i = 0; i < size; i++)
        bytes[i] = (unsigned char)(seed + i * 7);
}

static int tainted(const void *p, size_t size, int seed)
{
    const unsigned char *bytes = p;

    for (size_t i = 0; i < size; i++)
        if (bytes[i] != (unsigned char)(seed + i * 7))
            return 0;
    return 1;
}

int main(void)
{
    static const char greeting[] = "hello from the assignment";
    static const int zeros[64];
    size_t sizes[] = {10, 100, 1000, 5000, 40000, 140000, 300, 24};
    size_t n = sizeof sizes / sizeof sizes[0], checked = 0;
    char *name, *grown;
    int *numbers;

    name = os_malloc(strlen(greeting) + 1);
    FAIL(name == NULL, "os_malloc returned NULL on a valid size");
    memcpy(name, greeting, sizeof greeting);
    FAIL(strcmp(name, greeting) != 0, "os_malloc's block lost its bytes");
    checked++;

    numbers = os_calloc(64, sizeof *numbers);
    FAIL(numbers == NULL, "os_calloc returned NULL on a valid size");
    FAIL(memcmp(numbers, zeros, sizeof zeros) != 0,
         "os_calloc returned memory that is not zeroed");
    memset(numbers, 0xff, 64 * sizeof *numbers);
    checked++;

    grown = os_malloc(sizes[0]);
    FAIL(grown == NULL, "os_malloc returned NULL on a valid size");
    taint(grown, sizes[0], 0);
    for (size_t i = 1; i < n; i++) {
        size_t kept = sizes[i - 1] < sizes[i] ? sizes[i - 1] : sizes[i];

        grown = os_realloc(grown, sizes[i]);
        FAIL(grown == NULL, "os_realloc returned NULL on a valid size");
        FAIL(!tainted(grown, kept, (int)i - 1), "os_realloc corrupted memory");
        taint(grown, sizes[i], (int)i);
        checked++;
    }

    FAIL(os_malloc(0) != NULL, "os_malloc(0) is not NULL");
    FAIL(os_realloc(name, 0) != NULL, "os_realloc(p, 0) is not NULL");
    os_free(numbers);
    os_free(grown);
    printf("os_assignment_app: %zu blocks checked\n", checked);
    return 0;
}
