/*
 * heap_annotate.h - telling valgrind and AddressSanitizer what the heap
 * does.  Both tools know the C library's malloc; a heap of our own is, to
 * them, just pages a program mapped.  So the heap says, at each step,
 * which bytes the program may touch:
 *   heap_note_alloc    a block was handed out (valgrind: a malloc-like
 *                      block; ASan: unpoisoned)
 *   heap_note_free     it came back (freed: touching it is an error)
 *   heap_note_fresh    memory the heap got but has not handed out
 *   heap_note_mapped   memory just mapped, or about to be unmapped: ASan's
 *                      marks for those addresses are cleared, since the
 *                      kernel may hand the addresses out again
 *   heap_meta_open / heap_meta_close   the heap itself reads or writes
 *                      its bookkeeping inside such memory (a free block's
 *                      link, a boundary tag), which the tools must not
 *                      report
 *   heap_meta_peek     one word read where the heap cannot know what the
 *                      tools allow (is this block free?), changing nothing
 * Without either tool these compile to nothing or to valgrind's client
 * requests, a few instructions that do nothing outside valgrind.
 */
#ifndef HEAPCOURSE_HEAP_ANNOTATE_H
#define HEAPCOURSE_HEAP_ANNOTATE_H

#include <stddef.h>
#include <stdint.h>

#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define HEAP_VALGRIND 1
#endif
#endif

#if defined(__SANITIZE_ADDRESS__)
#define HEAP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HEAP_ASAN 1
#endif
#endif

#ifdef HEAP_ASAN
#include <sanitizer/asan_interface.h>
#endif

/* Valgrind's requests cost a few instructions and a compiler barrier
 * each, and the heap makes many: they are made only when the program runs
 * under valgrind (heap_under_valgrind, set at start-up by heap_stats.c). */
#ifdef HEAP_VALGRIND
extern int heap_under_valgrind;
#define VG(request)                  \
    do {                             \
        if (heap_under_valgrind)     \
            request;                 \
    } while (0)
#endif

static inline void heap_note_alloc(void *p, size_t n, int zeroed)
{
#ifdef HEAP_ASAN
    ASAN_UNPOISON_MEMORY_REGION(p, n);
#endif
#ifdef HEAP_VALGRIND
    VG(VALGRIND_MALLOCLIKE_BLOCK(p, n, 0, zeroed));
#endif
    (void)p, (void)n, (void)zeroed;
}

static inline void heap_note_free(void *p, size_t n)
{
#ifdef HEAP_VALGRIND
    VG(VALGRIND_FREELIKE_BLOCK(p, 0));
#endif
#ifdef HEAP_ASAN
    ASAN_POISON_MEMORY_REGION(p, n);
#endif
    (void)p, (void)n;
}

/* A block grown or shrunk in place to `n` bytes asked for, `usable` in
 * all (ASan; see heap_on_valgrind for valgrind). */
static inline void heap_note_resize(void *p, size_t n, size_t usable)
{
#ifdef HEAP_ASAN
    ASAN_UNPOISON_MEMORY_REGION(p, n);
    ASAN_POISON_MEMORY_REGION((char *)p + n, usable - n);
#endif
    (void)p, (void)n, (void)usable;
}

/* Valgrind resizes a block in place only when told its old size exactly,
 * which the heap does not keep (a small block has no header), so under
 * valgrind realloc always moves. */
static inline int heap_on_valgrind(void)
{
#ifdef HEAP_VALGRIND
    return heap_under_valgrind;
#else
    return 0;
#endif
}

/* Word i at p, read without changing or asking what the tools know of
 * it: p may be a live block with fewer bytes asked for, or a free one.
 * ASan does not check this read; under valgrind it must not be made at
 * all (it would be reported), so callers test heap_on_valgrind first. */
#ifdef HEAP_ASAN
__attribute__((no_sanitize_address))
#endif
static inline uintptr_t heap_meta_peek(const void *p, size_t i)
{
    return ((const volatile uintptr_t *)p)[i];
}

/* A read valgrind must not report, between these two: a tag read by its
 * block's owner without the lock while another thread, holding the lock,
 * opens and closes that same tag (valgrind switches threads between any
 * two instructions, so opening it first would not help).  Reporting is
 * turned off for this thread only; the copy made is then declared defined
 * (what was read may be a live block's unwritten bytes, for a pointer
 * inside one): the tag's check word, not valgrind, says whether it makes
 * sense. */
static inline void heap_unwatched_begin(void)
{
#ifdef HEAP_VALGRIND
    VG(VALGRIND_DISABLE_ERROR_REPORTING);
#endif
}

static inline void heap_unwatched_end(void *copy, size_t n)
{
#ifdef HEAP_VALGRIND
    VG(VALGRIND_ENABLE_ERROR_REPORTING);
    VG(VALGRIND_MAKE_MEM_DEFINED(copy, n));
#endif
    (void)copy, (void)n;
}

static inline void heap_note_mapped(void *p, size_t n)
{
#ifdef HEAP_ASAN
    ASAN_UNPOISON_MEMORY_REGION(p, n);
#endif
    (void)p, (void)n;
}

static inline void heap_meta_open(const void *p, size_t n)
{
#ifdef HEAP_VALGRIND
    VG(VALGRIND_MAKE_MEM_DEFINED(p, n));
#endif
#ifdef HEAP_ASAN
    ASAN_UNPOISON_MEMORY_REGION(p, n);
#endif
    (void)p, (void)n;
}

static inline void heap_meta_close(const void *p, size_t n)
{
#ifdef HEAP_VALGRIND
    VG(VALGRIND_MAKE_MEM_NOACCESS(p, n));
#endif
#ifdef HEAP_ASAN
    ASAN_POISON_MEMORY_REGION(p, n);
#endif
    (void)p, (void)n;
}

/* Memory the heap got and has not handed out: closed, like bookkeeping. */
static inline void heap_note_fresh(void *p, size_t n)
{
    heap_meta_close(p, n);
}

#endif
