/*
 * trace_commands.c - `trace FILE [ALLOCATOR]` in the phase 4 program: the
 * replay of trace.c from a script, one checked pass and one timed pass
 * per allocator, one line each.  Every pass runs in a forked child
 * (trace_measure), so the program's own heaps, labels and counters are
 * exactly as they were; the typed allocator keeps the program's page size
 * and fit policy.  Only the throughput differs from run to run.
 */
#include "trace_commands.h"

#include <stdio.h>

#include "trace.h"

enum { TRACE_ALLOCATORS_MAX = 8 };

static void print_result(const struct trace_allocator *a,
                         const struct trace_result *r)
{
    printf("%s: %zu ops, ", a->name, r->ops);
    if (r->peak_footprint > 0)
        printf("utilization %.1f%% (peak live %zu of %zu bytes)",
               100 * trace_utilization(r), r->peak_live, r->peak_footprint);
    else
        printf("utilization not measured (peak live %zu bytes)",
               r->peak_live);
    printf(", skipped %zu, ", r->skipped);
    if (r->verify_errors == 0)
        printf("verify ok");
    else
        printf("verify FAILED (%zu block%s changed)", r->verify_errors,
               r->verify_errors == 1 ? "" : "s");
    printf(", %.0f ops/s\n", trace_ops_per_sec(r));
}

static int cmd_trace(struct script *s, int argc, char **argv)
{
    const struct trace_allocator *list[TRACE_ALLOCATORS_MAX];
    char first_failure[DIAG_TEXT_MAX] = "";
    size_t n, failures = 0;
    struct trace t;

    if (argc == 2) {
        list[0] = trace_allocator_find(argv[1]);
        if (list[0] == NULL)
            return script_fail(s, "%s", diag_last_error());
        n = 1;
    } else {
        n = trace_default_allocators(list, TRACE_ALLOCATORS_MAX);
    }
    if (!script_files_allowed(s))
        return script_fail(s, "reading a trace file is off in this build "
                              "(sandboxed: no files)");
    if (trace_load(argv[0], &t) < 0)
        return script_fail(s, "%s", diag_last_error());
    printf("%s: %zu operations on %zu ids\n", argv[0], t.count, t.ids);
    for (size_t i = 0; i < n; i++) {
        struct trace_result r;
        if (trace_measure(&t, list[i], 1, 1, &r) < 0) {
            printf("%s: not measured\n", list[i]->name);
        } else {
            print_result(list[i], &r);
            if (r.verify_errors == 0)
                continue;
            diag_error("%s: %zu block%s changed between the replay's writes "
                       "and its checks", list[i]->name, r.verify_errors,
                       r.verify_errors == 1 ? "" : "s");
        }
        if (failures++ == 0)
            snprintf(first_failure, sizeof first_failure, "%s",
                     diag_last_error());
    }
    trace_unload(&t);
    if (failures > 1)
        return script_fail(s, "%s (and %zu more)", first_failure,
                           failures - 1);
    if (failures == 1)
        return script_fail(s, "%s", first_failure);
    return 0;
}

const struct script_command trace_commands[] = {
    {"trace", "FILE [ALLOCATOR]",
     "replay a CS:APP trace: utilization, skipped, verify, ops/s", 1, 2, 0,
     cmd_trace},
    {0},
};
