/*
 * stress_maps.c - how much the process has mapped, from the kernel's own
 * list (/proc/self/maps): one line a mapping, and their total length.
 * "Memory returned to the kernel" means these are back where they were.
 * Read with open and read into a static buffer, not stdio: no malloc, so
 * the count does not move because we counted.  Under valgrind the list
 * also holds valgrind's own mappings, which grow as the program runs, so
 * there the count cannot be compared (maps_exact).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif

#include "stress.h"

bool maps_exact(void)
{
#ifdef RUNNING_ON_VALGRIND
    return !RUNNING_ON_VALGRIND;
#else
    return true;
#endif
}

static char buf[1 << 16];

/* One line "start-end perms ...": add its length. */
static void count_line(const char *line, struct maps_count *c)
{
    char *dash;
    unsigned long long start = strtoull(line, &dash, 16);
    unsigned long long end = strtoull(dash + 1, NULL, 16);

    c->lines++;
    c->bytes += (size_t)(end - start);
}

bool maps_read(struct maps_count *out)
{
    int fd = open("/proc/self/maps", O_RDONLY);
    size_t kept = 0; /* bytes of an unfinished line at buf's start */
    ssize_t n;

    *out = (struct maps_count){0};
    if (fd < 0)
        return false;
    while ((n = read(fd, buf + kept, sizeof buf - 1 - kept)) > 0) {
        size_t len = kept + (size_t)n, start = 0;
        buf[len] = '\0';
        for (size_t i = 0; i < len; i++)
            if (buf[i] == '\n') {
                count_line(buf + start, out);
                start = i + 1;
            }
        kept = len - start;
        for (size_t i = 0; i < kept; i++) /* no line is longer than buf */
            buf[i] = buf[start + i];
    }
    close(fd);
    return n == 0;
}
