/*
 * stress_pattern.c - the bytes every stress block is filled with: a
 * pattern derived from the block's label (its allocation number), so a
 * byte written by another block, by the allocator's bookkeeping or left
 * over from a freed block shows up as a mismatch.
 *
 * Word k of a block (bytes 8k .. 8k+7) is mix(label) ^ (k * a constant),
 * written eight bytes at a time, so checking a block of a megabyte costs
 * about as much as copying it.
 */
#include <string.h>

#include "stress.h"

/* splitmix64's finaliser: labels 1, 2, 3 give unrelated patterns. */
static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static uint64_t word_at(uint64_t seed, size_t k)
{
    return seed ^ ((uint64_t)k * 0x9e3779b97f4a7c15ULL);
}

/* Byte i of the pattern, as it lies in memory. */
static unsigned char byte_at(uint64_t seed, size_t i)
{
    uint64_t w = word_at(seed, i / 8);
    unsigned char bytes[8];

    memcpy(bytes, &w, sizeof bytes);
    return bytes[i % 8];
}

void pattern_fill(unsigned char *p, uint64_t label, size_t from, size_t to)
{
    uint64_t seed = mix(label);
    size_t i = from;

    for (; i < to && i % 8 != 0; i++)
        p[i] = byte_at(seed, i);
    for (; i + 8 <= to; i += 8) {
        uint64_t w = word_at(seed, i / 8);
        memcpy(p + i, &w, 8);
    }
    for (; i < to; i++)
        p[i] = byte_at(seed, i);
}

size_t pattern_verify(const unsigned char *p, uint64_t label, size_t from,
                      size_t to)
{
    uint64_t seed = mix(label);
    size_t i = from;

    for (; i < to && i % 8 != 0; i++)
        if (p[i] != byte_at(seed, i))
            return i;
    for (; i + 8 <= to; i += 8) {
        uint64_t w = word_at(seed, i / 8), have;
        memcpy(&have, p + i, 8);
        if (have != w)
            break; /* the byte loop below finds which one */
    }
    for (; i < to; i++)
        if (p[i] != byte_at(seed, i))
            return i;
    return to;
}
