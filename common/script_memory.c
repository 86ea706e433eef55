/*
 * script_memory.c - the commands that reach into memory a script was
 * handed: `write WHERE OFFSET TEXT` and `read WHERE OFFSET LEN`, written
 * once for every phase (SCRIPT_MEMORY_COMMANDS in script.h).  Which bytes
 * WHERE names is the phase's to say (struct script_program's locate);
 * this file checks the bounds against them, copies, and shows bytes read
 * as a quoted C string.
 */
#include "script_internal.h"

#include <string.h>

/* The bytes argv[0] names, through the program's locate. */
static int locate(struct script *s, char **argv, unsigned char **base,
                  size_t *size)
{
    if (s->prog->locate == NULL)
        return script_fail(s, "%s has no memory to reach", s->prog->name);
    return s->prog->locate(s, argv[0], base, size);
}

/* Parse OFFSET (argv[1]) and check that `length` bytes from it fit in the
 * `size` bytes that argv[0] names. */
static int checked_offset(struct script *s, char **argv, size_t length,
                          size_t size, const char *verb, size_t *offset)
{
    if (script_size_arg(s, argv[1], "offset", offset) < 0)
        return -1;
    if (*offset > size || length > size - *offset)
        return script_fail(s, "%s of %zu byte%s at offset %zu is outside %s "
                              "(%zu bytes)", verb, length,
                           length == 1 ? "" : "s", *offset, argv[0], size);
    return 0;
}

int script_memory_write(struct script *s, int argc, char **argv)
{
    size_t offset, size, length = strlen(argv[2]);
    unsigned char *base;

    (void)argc;
    if (locate(s, argv, &base, &size) < 0 ||
        checked_offset(s, argv, length, size, "write", &offset) < 0)
        return -1;
    memcpy(base + offset, argv[2], length);
    printf("%s: wrote %zu byte%s at offset %zu\n", argv[0], length,
           length == 1 ? "" : "s", offset);
    return 0;
}

/* Print bytes as a quoted string: printable ASCII as is, the rest as C
 * escapes, so zeroed memory shows as \0. */
static void print_bytes(const unsigned char *p, size_t n)
{
    putchar('"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c == '\n')
            printf("\\n");
        else if (c == '\0')
            printf("\\0");
        else if (c >= 0x20 && c < 0x7f)
            putchar(c);
        else
            printf("\\x%02x", c);
    }
    putchar('"');
}

int script_memory_read(struct script *s, int argc, char **argv)
{
    size_t offset, size, length;
    unsigned char *base;

    (void)argc;
    if (locate(s, argv, &base, &size) < 0 ||
        script_size_arg(s, argv[2], "length", &length) < 0 ||
        checked_offset(s, argv, length, size, "read", &offset) < 0)
        return -1;
    printf("%s @%zu: ", argv[0], offset);
    print_bytes(base + offset, length);
    putchar('\n');
    return 0;
}
