/*
 * fuzz_input.c - the input, failures and patterns of the API fuzz
 * targets (fuzz_input.h).
 */
#include "fuzz_input.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fuzz_input fuzz_in;

static unsigned char pattern_bytes[FUZZ_BLOCK_MAX + FUZZ_PATTERNS];
static int patterns_made;

void fuzz_start(const char *target, const uint8_t *data, size_t size)
{
    fuzz_in = (struct fuzz_input){.target = target, .data = data,
                                  .size = size};
}

int fuzz_more(size_t max_ops)
{
    return fuzz_in.pos < fuzz_in.size && fuzz_in.op < max_ops;
}

unsigned fuzz_take8(void)
{
    return fuzz_in.pos < fuzz_in.size ? fuzz_in.data[fuzz_in.pos++] : 0;
}

unsigned fuzz_take16(void)
{
    unsigned lo = fuzz_take8();

    return lo | fuzz_take8() << 8;
}

void fuzz_fail(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: operation %zu: ", fuzz_in.target, fuzz_in.op);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

const unsigned char *fuzz_pattern(uint32_t n)
{
    if (!patterns_made) {
        for (size_t i = 0; i < sizeof pattern_bytes; i++)
            pattern_bytes[i] = (unsigned char)(i % FUZZ_PATTERNS * 167 + 13);
        patterns_made = 1;
    }
    return pattern_bytes + n % FUZZ_PATTERNS;
}

void fuzz_compare(const unsigned char *p, const unsigned char *want,
                  size_t len, const char *when, const char *what)
{
    if (memcmp(p, want, len) == 0)
        return;
    for (size_t i = 0; i < len; i++)
        if (p[i] != want[i])
            fuzz_fail("%s: %s byte %zu is 0x%02x, not 0x%02x", when, what, i,
                      p[i], want[i]);
}
