/*
 * script_memory.c - the commands that reach into memory a script was
 * handed: `write LABEL OFFSET TEXT` and `read LABEL OFFSET LEN`, bounds-
 * checked against the bytes the label names, bytes read shown as a quoted
 * C string.  Which bytes a label names is the phase's to say.
 */
#include "script_internal.h"

#include <string.h>

/* Parse OFFSET (argv[1]) and check that `length` bytes from it fit in the
 * `size` bytes the label argv[0] names. */
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

int script_write_bytes(struct script *s, char **argv, unsigned char *base,
                       size_t size)
{
    size_t offset, length = strlen(argv[2]);

    if (checked_offset(s, argv, length, size, "write", &offset) < 0)
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

int script_read_bytes(struct script *s, char **argv,
                      const unsigned char *base, size_t size)
{
    size_t offset, length;

    if (script_size_arg(s, argv[2], "length", &length) < 0 ||
        checked_offset(s, argv, length, size, "read", &offset) < 0)
        return -1;
    printf("%s @%zu: ", argv[0], offset);
    print_bytes(base + offset, length);
    putchar('\n');
    return 0;
}
