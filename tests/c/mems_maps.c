/*
 * mems_maps.c - MeMS gives back everything it mapped.  Reads the kernel's
 * list of this process's mappings (/proc/self/maps) before mems_init and
 * after mems_finish, with MeMS's nodes (one of several pages among them)
 * and its bookkeeping pages in between, and checks:
 *   - while MeMS runs, the kernel shows a mapping at every real address
 *     mems_get gave;
 *   - after mems_finish, no mapping covers any of them; no private
 *     anonymous read-write mapping (what MeMS maps) is there that was not
 *     there before mems_init; and the list is the one from before, line
 *     for line (not under valgrind, whose own mappings grow as it works:
 *     MAPS_EXACT=0 skips that part);
 *   - a second mems_init starts afresh (virtual addresses from 1000).
 * Prints "ok" and exits 0, or names what failed and exits 1.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mems.h"

enum { MAPS_MAX = 1 << 20, ALLOCS = 12 };

static char before[MAPS_MAX], after[MAPS_MAX];

/* Read /proc/self/maps with plain system calls (stdio would allocate and
 * change the mappings it is reading). */
static size_t read_maps(char *buf)
{
    int fd = open("/proc/self/maps", O_RDONLY);
    size_t len = 0;
    ssize_t n;

    if (fd < 0)
        return 0;
    while (len < MAPS_MAX - 1 &&
           (n = read(fd, buf + len, MAPS_MAX - 1 - len)) > 0)
        len += (size_t)n;
    close(fd);
    buf[len] = '\0';
    return len;
}

/* Does a line of maps cover address a? */
static bool mapped(const char *maps, uintptr_t a)
{
    for (const char *line = maps; *line != '\0';) {
        uintptr_t lo, hi;
        if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR, &lo, &hi) == 2 && a >= lo &&
            a < hi)
            return true;
        line = strchr(line, '\n');
        if (line == NULL)
            break;
        line++;
    }
    return false;
}

/* Is line (one line of maps) a private anonymous read-write mapping,
 * the kind MeMS makes?  Its fields: range, perms, offset, device, inode,
 * then a path, which an anonymous mapping does not have. */
static bool anonymous_rw(const char *line)
{
    char perms[8];
    int path = 0;

    if (sscanf(line, "%*s %7s %*s %*s %*s %n", perms, &path) != 1 ||
        path == 0)
        return false;
    return strcmp(perms, "rw-p") == 0 && (line[path] == '\n' ||
                                          line[path] == '\0');
}

/* Is every private anonymous read-write line of `now` also in `then`? */
static bool no_new_anonymous(const char *then, const char *now)
{
    char line[512];

    for (const char *p = now; *p != '\0';) {
        const char *end = strchr(p, '\n');
        size_t len = end != NULL ? (size_t)(end - p + 1) : strlen(p);
        if (len < sizeof line) {
            memcpy(line, p, len);
            line[len] = '\0';
            if (anonymous_rw(line) && strstr(then, line) == NULL)
                return false;
        }
        p += len;
    }
    return true;
}

static int failures;

static void expect(bool ok, const char *what)
{
    if (!ok) {
        printf("FAILED: %s\n", what);
        failures++;
    }
}

/* One MeMS session: sizes from 1 byte to several pages, some freed,
 * every real address written; returns how many addresses it kept. */
static int session(uintptr_t *real)
{
    static const size_t sizes[ALLOCS] = {1,    1000, 4096, 5000, 100000, 7,
                                         3000, 4095, 1,    20000, 64,  9000};
    void *v[ALLOCS];

    mems_init();
    for (int i = 0; i < ALLOCS; i++) {
        v[i] = mems_malloc(sizes[i]);
        real[i] = (uintptr_t)mems_get(v[i]);
        expect(real[i] != 0, "mems_get of a fresh segment");
        if (real[i] == 0) { /* an error, not a crash */
            mems_finish();
            return i;
        }
        memset((void *)real[i], 0xa5, sizes[i]);
    }
    expect((uintptr_t)v[0] == 1000, "the first virtual address is 1000");
    for (int i = 0; i < ALLOCS; i += 3)
        mems_free(v[i]);
    read_maps(after);
    for (int i = 0; i < ALLOCS; i++)
        expect(mapped(after, real[i]), "a node's pages are mapped");
    mems_finish();
    return ALLOCS;
}

int main(void)
{
    const char *exact = getenv("MAPS_EXACT");
    uintptr_t real[ALLOCS];

    /* stdout's buffer is allocated by its first use: do that first. */
    printf("mems_maps: /proc/self/maps before mems_init and after "
           "mems_finish\n");
    fflush(stdout);
    read_maps(before);
    for (int round = 0; round < 2; round++) {
        int n = session(real);
        read_maps(after);
        for (int i = 0; i < n; i++)
            expect(!mapped(after, real[i]),
                   "nothing at a node's address after mems_finish");
        expect(no_new_anonymous(before, after),
               "no anonymous mapping left after mems_finish");
        if (exact == NULL || strcmp(exact, "0") != 0)
            expect(strcmp(before, after) == 0,
                   "the mappings after mems_finish are those before "
                   "mems_init");
    }
    if (failures == 0)
        printf("ok\n");
    return failures == 0 ? 0 : 1;
}
