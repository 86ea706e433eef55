/*
 * mems_node.c - the Node-API binding of phase 5's MeMS (mems.h): each
 * JavaScript function checks its arguments, calls MeMS, and turns a
 * failed call into a thrown Error whose code is ERR_MEMS_<NAME> of
 * mems_last_error() and whose message is mems_last_message().  MeMS is
 * made quiet, so it prints nothing on standard error; the stats text is
 * written to a memory stream (mems_write_stats) and returned as a string.
 *
 * Virtual and real addresses are BigInts (a uintptr_t does not fit a
 * Number).  read and write go through mems_get and are bounded by
 * mems_room, the bytes left in the PROCESS segment.  stats() walks the
 * chains of mems_internal.h.  Built by build.js, with phase 5's sources
 * (linked from the phases, not copied); taught in phase5/README.md,
 * "Using MeMS from Node.js".  Over 600 lines because Node-API needs the
 * same few steps (check, convert, call, throw) spelled out for each of
 * the JavaScript functions; what they share is in the helpers at the top.
 */
#define NAPI_VERSION 8
#include <node_api.h>

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mems_internal.h"

/* ---- throwing ------------------------------------------------------------ */

/* The JavaScript code of each enum mems_error. */
static const char *const mems_codes[] = {
    [MEMS_OK] = "ERR_MEMS_OK",
    [MEMS_E_NOT_INITIALIZED] = "ERR_MEMS_NOT_INITIALIZED",
    [MEMS_E_ALREADY_INITIALIZED] = "ERR_MEMS_ALREADY_INITIALIZED",
    [MEMS_E_ZERO_SIZE] = "ERR_MEMS_ZERO_SIZE",
    [MEMS_E_TOO_LARGE] = "ERR_MEMS_TOO_LARGE",
    [MEMS_E_NO_MEMORY] = "ERR_MEMS_NO_MEMORY",
    [MEMS_E_INVALID_ADDRESS] = "ERR_MEMS_INVALID_ADDRESS",
    [MEMS_E_HOLE] = "ERR_MEMS_HOLE",
    [MEMS_E_NOT_SEGMENT_START] = "ERR_MEMS_NOT_SEGMENT_START",
    [MEMS_E_PAGE_SIZE] = "ERR_MEMS_PAGE_SIZE",
};

enum throw_kind { THROW_ERROR, THROW_TYPE, THROW_RANGE };

/* Throw an Error (TypeError, RangeError) with `code` and a message that
 * starts with the JavaScript function's name.  Returns NULL, so a
 * callback can `return throw_coded(...)`. */
static napi_value throw_coded(napi_env env, enum throw_kind kind,
                              const char *code, const char *fn,
                              const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static napi_value throw_coded(napi_env env, enum throw_kind kind,
                              const char *code, const char *fn,
                              const char *fmt, ...)
{
    char text[DIAG_TEXT_MAX + 64];
    int n = snprintf(text, sizeof text, "%s(): ", fn);
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text + n, sizeof text - (size_t)n, fmt, ap);
    va_end(ap);
    if (kind == THROW_TYPE)
        napi_throw_type_error(env, code, text);
    else if (kind == THROW_RANGE)
        napi_throw_range_error(env, code, text);
    else
        napi_throw_error(env, code, text);
    return NULL;
}

/* `message` with MeMS's C names for init() and finish() ("call
 * mems_init first") replaced by the JavaScript ones, into out. */
static void js_names(const char *message, char *out, size_t size)
{
    size_t n = 0;

    while (*message != '\0' && n + sizeof "finish()" < size) {
        if (strncmp(message, "mems_init", 9) == 0) {
            memcpy(out + n, "init()", 6);
            n += 6, message += 9;
        } else if (strncmp(message, "mems_finish", 11) == 0) {
            memcpy(out + n, "finish()", 8);
            n += 8, message += 11;
        } else {
            out[n++] = *message++;
        }
    }
    out[n] = '\0';
}

/* Throw the error the last MeMS call left.  MeMS's message starts with
 * the C function's name ("mems_get: ..."); the JavaScript name replaces
 * it.  Sizes and addresses MeMS refuses are RangeErrors, the rest
 * (state, memory) plain Errors. */
static napi_value throw_mems(napi_env env, const char *fn)
{
    int code = mems_last_error();
    const char *message = mems_last_message();
    const char *colon = strstr(message, ": ");
    enum throw_kind kind = THROW_ERROR;
    char js[DIAG_TEXT_MAX];

    if (code <= MEMS_OK ||
        code >= (int)(sizeof mems_codes / sizeof *mems_codes))
        return throw_coded(env, THROW_ERROR, "ERR_MEMS_UNKNOWN", fn,
                           "MeMS failed with code %d: %s", code, message);
    if (colon != NULL)
        message = colon + 2;
    js_names(message, js, sizeof js);
    if (code == MEMS_E_ZERO_SIZE || code == MEMS_E_TOO_LARGE ||
        code == MEMS_E_INVALID_ADDRESS || code == MEMS_E_HOLE ||
        code == MEMS_E_NOT_SEGMENT_START)
        kind = THROW_RANGE;
    return throw_coded(env, kind, mems_codes[code], fn, "%s", js);
}

/* A Node-API call failed (it should not): throw what Node says, unless
 * an exception is already pending. */
static napi_value throw_napi(napi_env env, const char *fn)
{
    const napi_extended_error_info *info = NULL;
    bool pending = false;

    napi_is_exception_pending(env, &pending);
    if (pending)
        return NULL;
    napi_get_last_error_info(env, &info);
    return throw_coded(env, THROW_ERROR, "ERR_MEMS_NODE_API", fn,
                       "Node-API call failed: %s",
                       info && info->error_message ? info->error_message
                                                   : "unknown");
}

#define NAPI_OK(call, fn)                       \
    do {                                        \
        if ((call) != napi_ok)                  \
            return throw_napi(env, fn);         \
    } while (0)

/* ---- arguments ------------------------------------------------------------- */

/* Up to `want` arguments into argv (missing ones are undefined). */
static bool get_args(napi_env env, napi_callback_info info, size_t want,
                     napi_value *argv)
{
    size_t argc = want;
    return napi_get_cb_info(env, info, &argc, argv, NULL, NULL) == napi_ok;
}

static const char *type_name(napi_env env, napi_value v)
{
    napi_valuetype t = napi_undefined;
    bool is;

    napi_typeof(env, v, &t);
    switch (t) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return "a boolean";
    case napi_number: return "a Number";
    case napi_string: return "a string";
    case napi_symbol: return "a symbol";
    case napi_function: return "a function";
    case napi_bigint: return "a BigInt";
    case napi_external: return "an external";
    case napi_object:
        if (napi_is_array(env, v, &is) == napi_ok && is)
            return "an Array";
        return "an object";
    }
    return "an unknown type";
}

/* A virtual address: a BigInt from 0 to 2^64 - 1 (anything else cannot
 * be one).  false with an exception pending. */
static bool get_vaddr(napi_env env, napi_value v, const char *fn,
                      uintptr_t *out)
{
    napi_valuetype t;
    uint64_t value;
    bool lossless;

    if (napi_typeof(env, v, &t) != napi_ok || t != napi_bigint) {
        throw_coded(env, THROW_TYPE, "ERR_INVALID_ARG_TYPE", fn,
                    "the virtual address must be a BigInt (as malloc "
                    "returns it, e.g. 1000n), not %s",
                    type_name(env, v));
        return false;
    }
    if (napi_get_value_bigint_uint64(env, v, &value, &lossless) != napi_ok) {
        throw_napi(env, fn);
        return false;
    }
    if (!lossless || value > UINTPTR_MAX) {
        throw_coded(env, THROW_RANGE, "ERR_MEMS_INVALID_ADDRESS", fn,
                    "virtual address %s is not a MeMS virtual address "
                    "(they are from %d to 2^64 - 1)",
                    lossless ? "above 2^64 - 1" : "negative or over 2^64 - 1",
                    MEMS_VIRTUAL_BASE);
        return false;
    }
    *out = (uintptr_t)value;
    return true;
}

/* A size or length: a Number that is a non-negative safe integer, or a
 * non-negative BigInt below 2^64.  `what` names it in messages.  false
 * with an exception pending. */
static bool get_size(napi_env env, napi_value v, const char *fn,
                     const char *what, size_t *out)
{
    napi_valuetype t;

    if (napi_typeof(env, v, &t) != napi_ok)
        return throw_napi(env, fn), false;
    if (t == napi_number) {
        double d;
        if (napi_get_value_double(env, v, &d) != napi_ok)
            return throw_napi(env, fn), false;
        if (!isfinite(d) || d < 0 || d != floor(d) ||
            d > 9007199254740991.0 /* Number.MAX_SAFE_INTEGER */) {
            throw_coded(env, THROW_RANGE, "ERR_MEMS_INVALID_SIZE", fn,
                        "the %s must be an integer from 0 to "
                        "Number.MAX_SAFE_INTEGER (or a BigInt), not %.17g",
                        what, d);
            return false;
        }
        *out = (size_t)d;
        return true;
    }
    if (t == napi_bigint) {
        uint64_t value;
        bool lossless;
        if (napi_get_value_bigint_uint64(env, v, &value, &lossless) != napi_ok)
            return throw_napi(env, fn), false;
        if (!lossless || value > SIZE_MAX) {
            throw_coded(env, THROW_RANGE, "ERR_MEMS_INVALID_SIZE", fn,
                        "the %s must be a BigInt from 0n to 2n ** 64n - 1n "
                        "(negative or larger given)", what);
            return false;
        }
        *out = (size_t)value;
        return true;
    }
    throw_coded(env, THROW_TYPE, "ERR_INVALID_ARG_TYPE", fn,
                "the %s must be a Number or a BigInt, not %s", what,
                type_name(env, v));
    return false;
}

static napi_value make_bigint(napi_env env, uintptr_t value, const char *fn)
{
    napi_value result;
    NAPI_OK(napi_create_bigint_uint64(env, (uint64_t)value, &result), fn);
    return result;
}

static napi_value make_undefined(napi_env env)
{
    napi_value result;
    napi_get_undefined(env, &result);
    return result;
}

/* ---- the MeMS interface ------------------------------------------------------ */

static napi_value js_init(napi_env env, napi_callback_info info)
{
    (void)info;
    mems_init();
    if (mems_last_error() != MEMS_OK)
        return throw_mems(env, "init");
    return make_undefined(env);
}

static napi_value js_finish(napi_env env, napi_callback_info info)
{
    (void)info;
    mems_finish();
    if (mems_last_error() != MEMS_OK)
        return throw_mems(env, "finish");
    return make_undefined(env);
}

static napi_value js_malloc(napi_env env, napi_callback_info info)
{
    napi_value argv[1];
    size_t size;
    void *v;

    if (!get_args(env, info, 1, argv))
        return throw_napi(env, "malloc");
    if (!get_size(env, argv[0], "malloc", "size", &size))
        return NULL;
    v = mems_malloc(size);
    if (v == NULL)
        return throw_mems(env, "malloc");
    return make_bigint(env, (uintptr_t)v, "malloc");
}

static napi_value js_free(napi_env env, napi_callback_info info)
{
    napi_value argv[1];
    uintptr_t v;

    if (!get_args(env, info, 1, argv))
        return throw_napi(env, "free");
    if (!get_vaddr(env, argv[0], "free", &v))
        return NULL;
    mems_free((void *)v);
    if (mems_last_error() != MEMS_OK)
        return throw_mems(env, "free");
    return make_undefined(env);
}

static napi_value js_get(napi_env env, napi_callback_info info)
{
    napi_value argv[1];
    uintptr_t v;
    void *real;

    if (!get_args(env, info, 1, argv))
        return throw_napi(env, "get");
    if (!get_vaddr(env, argv[0], "get", &v))
        return NULL;
    real = mems_get((void *)v);
    if (real == NULL)
        return throw_mems(env, "get");
    return make_bigint(env, (uintptr_t)real, "get");
}

/* The real address of `length` bytes at v, all inside v's PROCESS
 * segment; NULL with an exception pending. */
static void *segment_span(napi_env env, const char *fn, uintptr_t v,
                          size_t length)
{
    size_t room = mems_room((void *)v);

    if (room == 0)
        return throw_mems(env, fn), NULL;
    if (length > room) {
        throw_coded(env, THROW_RANGE, "ERR_MEMS_OUT_OF_SEGMENT", fn,
                    "%zu bytes at virtual address %" PRIuPTR " run past "
                    "the end of its segment: only %zu byte%s left",
                    length, v, room, room == 1 ? " is" : "s are");
        return NULL;
    }
    return mems_get((void *)v);
}

/* The bytes of a TypedArray (a Buffer is one) or a DataView: true and
 * *data, *length; false if `value` is neither (or with an exception
 * pending). */
static bool view_bytes(napi_env env, napi_value value, void **data,
                       size_t *length)
{
    bool is = false;
    napi_value arraybuffer;
    size_t offset;

    if (napi_is_typedarray(env, value, &is) == napi_ok && is) {
        napi_typedarray_type type;
        size_t count, unit = 1;
        if (napi_get_typedarray_info(env, value, &type, &count, data,
                                     &arraybuffer, &offset) != napi_ok)
            return false;
        switch (type) {
        case napi_int16_array: case napi_uint16_array: unit = 2; break;
        case napi_int32_array: case napi_uint32_array:
        case napi_float32_array: unit = 4; break;
        case napi_float64_array: case napi_bigint64_array:
        case napi_biguint64_array: unit = 8; break;
        default: unit = 1; break;
        }
        *length = count * unit;
        return true;
    }
    if (napi_is_dataview(env, value, &is) == napi_ok && is)
        return napi_get_dataview_info(env, value, length, data, &arraybuffer,
                                      &offset) == napi_ok;
    return false;
}

static napi_value js_write(napi_env env, napi_callback_info info)
{
    napi_value argv[2], result;
    napi_valuetype t;
    uintptr_t v;
    void *data = NULL;
    char *text = NULL;
    size_t length = 0;
    char *real;

    if (!get_args(env, info, 2, argv))
        return throw_napi(env, "write");
    if (!get_vaddr(env, argv[0], "write", &v))
        return NULL;
    NAPI_OK(napi_typeof(env, argv[1], &t), "write");
    if (t == napi_string) {
        /* UTF-8, without the terminating NUL that Node-API adds */
        NAPI_OK(napi_get_value_string_utf8(env, argv[1], NULL, 0, &length),
                "write");
        text = malloc(length + 1);
        if (text == NULL)
            return throw_coded(env, THROW_ERROR, "ERR_MEMS_NO_MEMORY",
                               "write", "no memory to convert the string");
        if (napi_get_value_string_utf8(env, argv[1], text, length + 1,
                                       &length) != napi_ok) {
            free(text);
            return throw_napi(env, "write");
        }
        data = text;
    } else if (t != napi_object || !view_bytes(env, argv[1], &data, &length)) {
        return throw_coded(env, THROW_TYPE, "ERR_INVALID_ARG_TYPE", "write",
                           "the data must be a Buffer, a TypedArray, a "
                           "DataView or a string, not %s",
                           type_name(env, argv[1]));
    }
    real = segment_span(env, "write", v, length);
    if (real != NULL && length > 0)
        memcpy(real, data, length);
    free(text);
    if (real == NULL)
        return NULL;
    NAPI_OK(napi_create_double(env, (double)length, &result), "write");
    return result;
}

static napi_value js_read(napi_env env, napi_callback_info info)
{
    napi_value argv[2], result;
    uintptr_t v;
    size_t length;
    void *real, *copy;

    if (!get_args(env, info, 2, argv))
        return throw_napi(env, "read");
    if (!get_vaddr(env, argv[0], "read", &v) ||
        !get_size(env, argv[1], "read", "length", &length))
        return NULL;
    real = segment_span(env, "read", v, length);
    if (real == NULL)
        return NULL;
    NAPI_OK(napi_create_buffer_copy(env, length, real, &copy, &result),
            "read");
    return result;
}

/* ---- statistics ----------------------------------------------------------------- */

/* mems_print_stats()'s text, as a string (index.js prints it). */
static napi_value js_stats_text(napi_env env, napi_callback_info info)
{
    napi_value result;
    char *text = NULL;
    size_t length = 0;
    FILE *out = open_memstream(&text, &length);
    int code;

    (void)info;
    if (out == NULL)
        return throw_coded(env, THROW_ERROR, "ERR_MEMS_NO_MEMORY",
                           "printStats", "cannot open a memory stream");
    mems_write_stats(out);
    code = mems_last_error();
    fclose(out);
    if (code != MEMS_OK) {
        free(text);
        return throw_mems(env, "printStats");
    }
    if (napi_create_string_utf8(env, text, length, &result) != napi_ok) {
        free(text);
        return throw_napi(env, "printStats");
    }
    free(text);
    return result;
}

static bool set_number(napi_env env, napi_value obj, const char *key,
                       double value)
{
    napi_value v;
    return napi_create_double(env, value, &v) == napi_ok &&
           napi_set_named_property(env, obj, key, v) == napi_ok;
}

static bool set_bigint(napi_env env, napi_value obj, const char *key,
                       uintptr_t value)
{
    napi_value v;
    return napi_create_bigint_uint64(env, (uint64_t)value, &v) == napi_ok &&
           napi_set_named_property(env, obj, key, v) == napi_ok;
}

static bool set_string(napi_env env, napi_value obj, const char *key,
                       const char *value)
{
    napi_value v;
    return napi_create_string_utf8(env, value, NAPI_AUTO_LENGTH, &v) ==
               napi_ok &&
           napi_set_named_property(env, obj, key, v) == napi_ok;
}

/* One segment: { type, start, end, size } (end inclusive, as in the
 * stats text's P[start:end]). */
static napi_value segment_object(napi_env env,
                                 const struct mems_segment *seg)
{
    napi_value obj;

    if (napi_create_object(env, &obj) != napi_ok ||
        !set_string(env, obj, "type", seg->hole ? "HOLE" : "PROCESS") ||
        !set_bigint(env, obj, "start", seg->vstart) ||
        !set_bigint(env, obj, "end", sub_chain_segment_end(seg) - 1) ||
        !set_number(env, obj, "size", (double)seg->size))
        return NULL;
    return obj;
}

/* One main node: { start, end, pages, bytes, segments: [...] }. */
static napi_value node_object(napi_env env, const struct mems_node *node)
{
    napi_value obj, segments, item;
    uint32_t i = 0;

    if (napi_create_object(env, &obj) != napi_ok ||
        !set_bigint(env, obj, "start", node->vstart) ||
        !set_bigint(env, obj, "end", main_chain_node_end(node) - 1) ||
        !set_number(env, obj, "pages", (double)node->run->pages) ||
        !set_number(env, obj, "bytes", (double)node->bytes) ||
        napi_create_array_with_length(env, node->segments, &segments) !=
            napi_ok)
        return NULL;
    for (const struct mems_segment *seg = node->first; seg; seg = seg->next)
        if ((item = segment_object(env, seg)) == NULL ||
            napi_set_element(env, segments, i++, item) != napi_ok)
            return NULL;
    if (napi_set_named_property(env, obj, "segments", segments) != napi_ok)
        return NULL;
    return obj;
}

/* The facts of the stats text as an object: { mainChain, pagesUsed,
 * spaceUnused, mainChainLength, subChainLengths }. */
static napi_value js_stats(napi_env env, napi_callback_info info)
{
    napi_value result, chain, lengths, item;
    size_t pages = 0;
    uint32_t i = 0;

    (void)info;
    if (!mems.initialized) {
        /* the code and message MeMS gives for any call while stopped */
        mems_write_stats(NULL);
        return throw_mems(env, "stats");
    }
    NAPI_OK(napi_create_object(env, &result), "stats");
    NAPI_OK(napi_create_array_with_length(env, mems.nodes, &chain), "stats");
    NAPI_OK(napi_create_array_with_length(env, mems.nodes, &lengths),
            "stats");
    for (const struct mems_node *node = main_chain_first(); node;
         node = main_chain_next(node), i++) {
        if ((item = node_object(env, node)) == NULL)
            return throw_napi(env, "stats");
        NAPI_OK(napi_set_element(env, chain, i, item), "stats");
        NAPI_OK(napi_create_double(env, (double)node->segments, &item),
                "stats");
        NAPI_OK(napi_set_element(env, lengths, i, item), "stats");
        pages += node->run->pages;
    }
    NAPI_OK(napi_set_named_property(env, result, "mainChain", chain),
            "stats");
    if (!set_number(env, result, "pagesUsed", (double)pages) ||
        !set_number(env, result, "spaceUnused", (double)mems_hole_bytes()) ||
        !set_number(env, result, "mainChainLength", (double)mems.nodes))
        return throw_napi(env, "stats");
    NAPI_OK(napi_set_named_property(env, result, "subChainLengths", lengths),
            "stats");
    return result;
}

/* ---- the module ------------------------------------------------------------------ */

/* MeMS is one per process, so the addon serves one Node.js environment
 * (the main thread or one worker) at a time; when that environment
 * exits, MeMS is finished so its memory goes back. */
static napi_env owner;

static void release_owner(void *arg)
{
    (void)arg;
    if (mems.initialized)
        mems_finish();
    owner = NULL;
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */)
{
    static const struct {
        const char *name;
        napi_callback fn;
    } functions[] = {
        {"init", js_init},     {"finish", js_finish},
        {"malloc", js_malloc}, {"free", js_free},
        {"get", js_get},       {"write", js_write},
        {"read", js_read},     {"statsText", js_stats_text},
        {"stats", js_stats},
    };

    if (owner != NULL && owner != env) {
        napi_throw_error(env, "ERR_MEMS_IN_USE",
                         "MeMS is one per process and another Node.js "
                         "thread has loaded it");
        return NULL;
    }
    if (owner == NULL) {
        owner = env;
        napi_add_env_cleanup_hook(env, release_owner, NULL);
    }
    mems_set_quiet(true);
    for (size_t i = 0; i < sizeof functions / sizeof *functions; i++) {
        napi_value fn;
        if (napi_create_function(env, functions[i].name, NAPI_AUTO_LENGTH,
                                 functions[i].fn, NULL, &fn) != napi_ok ||
            napi_set_named_property(env, exports, functions[i].name, fn) !=
                napi_ok)
            return NULL;
    }
    if (!set_number(env, exports, "PAGE_SIZE", PAGE_SIZE) ||
        !set_number(env, exports, "VIRTUAL_BASE", MEMS_VIRTUAL_BASE))
        return NULL;
    return exports;
}
