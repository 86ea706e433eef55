/*
 * fuzz_input.h - what the API fuzz targets (fuzz_os.c, fuzz_mems.c) share:
 * the input read as bytes, a loud failure naming the operation, and the
 * payload patterns their shadow models compare against.
 */
#ifndef HEAPCOURSE_FUZZ_INPUT_H
#define HEAPCOURSE_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

/* The input being decoded.  Reading past its end gives zeros. */
struct fuzz_input {
    const char *target;   /* "fuzz_os": prefixes failures */
    const uint8_t *data;  /* the bytes libFuzzer gave */
    size_t size, pos;     /* their number, the next one to read */
    size_t op;            /* the operation being run (for failures) */
};
extern struct fuzz_input fuzz_in;

/* Start decoding data[0 .. size) for `target`, at operation 0. */
void fuzz_start(const char *target, const uint8_t *data, size_t size);

/* True while bytes are left and fewer than max_ops operations ran. */
int fuzz_more(size_t max_ops);

unsigned fuzz_take8(void);  /* one byte */
unsigned fuzz_take16(void); /* two, little-endian */

/* Print "TARGET: operation N: WHAT" on stderr and abort(): a crash for
 * libFuzzer, with the input that led here. */
void fuzz_fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

/*
 * Patterns.  Pattern n is the run of bytes at fuzz_pattern(n): blocks are
 * filled and compared with memcpy and memcmp (a loop over every byte
 * would be instrumented for coverage and take most of the time).  The run
 * cycles through FUZZ_PATTERNS distinct bytes, so two patterns differ at
 * every byte.  A pattern is FUZZ_BLOCK_MAX bytes long.
 */
enum { FUZZ_PATTERNS = 251 };
#define FUZZ_BLOCK_MAX ((size_t)256 << 10)

const unsigned char *fuzz_pattern(uint32_t n);

/* The first len bytes of p must be want's; else fuzz_fail names the first
 * byte that differs ("WHEN: WHAT byte I is 0x.., not 0x.."). */
void fuzz_compare(const unsigned char *p, const unsigned char *want,
                  size_t len, const char *when, const char *what);

#endif
