/*
 * replay.c - a main() for a fuzz target without libFuzzer: runs the
 * target's LLVMFuzzerTestOneInput once on each file named, the way a
 * fuzzer would have, and prints "FILE: ok" for each.  make check builds
 * the API targets with it (fuzz_os_replay, fuzz_mems_replay, in every
 * configuration, under the sanitizers and valgrind too) and replays the
 * seed corpus and every crash the fuzzers ever found (tests/fuzz/crashes/),
 * so a fixed crash stays fixed.  A failure aborts, as under the fuzzer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Only some targets have it; a weak declaration leaves it NULL otherwise. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* The whole file in a malloc'd buffer (*size bytes), or NULL. */
static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data = NULL;
    size_t cap = 0, n;

    if (f == NULL)
        return NULL;
    *size = 0;
    do {
        if (*size == cap) {
            uint8_t *bigger = realloc(data, cap = cap * 2 + 4096);
            if (bigger == NULL) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = bigger;
        }
        n = fread(data + *size, 1, cap - *size, f);
        *size += n;
    } while (n > 0);
    fclose(f);
    return data;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE...\n", argv[0]);
        return 2;
    }
    if (LLVMFuzzerInitialize != NULL)
        LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++) {
        size_t size;
        uint8_t *data = read_file(argv[i], &size);

        if (data == NULL) {
            fprintf(stderr, "%s: cannot read '%s'\n", argv[0], argv[i]);
            return 2;
        }
        LLVMFuzzerTestOneInput(data, size);
        free(data);
        printf("%s: ok\n", argv[i]);
    }
    return 0;
}
