/*
 * measure.c - runs one command and reports its wall time and the peak
 * resident memory of its process tree, for the benchmarks (run.sh; what the
 * numbers mean and where they stop: tools/bench/README.md, "How it is
 * measured").  A tool, not part of the course's heap: it uses the C library
 * freely and never LD_PRELOADs itself, only the command (-p).
 *
 * usage: measure [-o FILE] [-p LIBRARY] [-T SECONDS] COMMAND [ARG...]
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define STATUS_TIMEOUT 124 /* as timeout(1) */
#define GRACE_SECONDS 5    /* after a kill, how long to wait for the tree */

struct run {
    pid_t child;          /* the command, leader of its own process group */
    double start;         /* monotonic seconds at the fork */
    double elapsed;       /* until the command itself was reaped; -1 before */
    int status;           /* its exit code, 128 + signal, or STATUS_TIMEOUT */
    double deadline;      /* when to kill the group; 0 for never */
    int stop_signal;      /* a signal we were sent and passed on, or 0 */
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(void)
{
    fprintf(stderr, "usage: measure [-o FILE] [-p LIBRARY] [-T SECONDS] "
                    "COMMAND [ARG...]\n"
                    "Runs COMMAND; writes \"SECONDS<TAB>PEAK_KIB<TAB>STATUS\" "
                    "to FILE (default: standard error).\n"
                    "  -p LIBRARY  run COMMAND with LD_PRELOAD=LIBRARY\n"
                    "  -T SECONDS  kill the command's process group after "
                    "SECONDS (status 124)\n");
    exit(2);
}

/* In the child: a process group of its own (so a time-out can kill the
 * whole tree), the preload, the signal mask it would have had. */
static void exec_command(char **argv, const char *preload,
                         const sigset_t *old_mask)
{
    setpgid(0, 0);
    if (preload && setenv("LD_PRELOAD", preload, 1) != 0)
        _exit(127);
    sigprocmask(SIG_SETMASK, old_mask, NULL);
    execvp(argv[0], argv);
    fprintf(stderr, "measure: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

/* Reaps every child that has ended: the command, and descendants that were
 * orphaned and came to us because we are a subreaper.  False once no
 * child is left. */
static bool reap(struct run *run)
{
    for (;;) {
        int st;
        pid_t pid = waitpid(-1, &st, WNOHANG);
        if (pid < 0)
            return errno != ECHILD;
        if (pid == 0)
            return true;
        if (pid != run->child)
            continue;
        run->elapsed = now() - run->start;
        if (run->status == STATUS_TIMEOUT)
            continue;
        run->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    }
}

/* Waits for signals until the whole tree has been reaped, passing on
 * INT/TERM/HUP to the command's group and killing it at the deadline. */
static void supervise(struct run *run, const sigset_t *waited)
{
    double give_up = 0;
    while (reap(run)) {
        double limit = give_up ? give_up : run->deadline;
        struct timespec ts = {1, 0};
        if (limit) {
            double left = limit - now();
            if (left < 0)
                left = 0;
            ts.tv_sec = (time_t)left;
            ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
        }
        int sig = sigtimedwait(waited, NULL, &ts);
        if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP) {
            run->stop_signal = sig;
            kill(-run->child, sig);
        } else if (sig < 0 && errno == EAGAIN && limit && now() >= limit) {
            if (give_up)
                return; /* something left the group and lives on: leave it */
            if (run->elapsed < 0)
                run->status = STATUS_TIMEOUT;
            kill(-run->child, SIGKILL);
            give_up = now() + GRACE_SECONDS;
        }
    }
}

int main(int argc, char **argv)
{
    const char *out_path = NULL, *preload = NULL;
    double timeout = 0;
    int opt;
    while ((opt = getopt(argc, argv, "+o:p:T:")) != -1) {
        switch (opt) {
        case 'o': out_path = optarg; break;
        case 'p': preload = optarg; break;
        case 'T': timeout = atof(optarg); break;
        default: usage();
        }
    }
    if (optind >= argc)
        usage();

    /* Orphaned grandchildren come to us, so their peak counts too. */
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0)
        perror("measure: PR_SET_CHILD_SUBREAPER");
    sigset_t waited, old_mask;
    sigemptyset(&waited);
    sigaddset(&waited, SIGCHLD);
    sigaddset(&waited, SIGINT);
    sigaddset(&waited, SIGTERM);
    sigaddset(&waited, SIGHUP);
    sigprocmask(SIG_BLOCK, &waited, &old_mask);

    struct run run = {.elapsed = -1};
    run.start = now();
    run.deadline = timeout > 0 ? run.start + timeout : 0;
    run.child = fork();
    if (run.child < 0) {
        perror("measure: fork");
        return 127;
    }
    if (run.child == 0)
        exec_command(argv + optind, preload, &old_mask);
    setpgid(run.child, run.child);
    supervise(&run, &waited);

    /* The largest ru_maxrss of any process we reaped, recursively: the
     * peak of the biggest single process, not the sum of the tree. */
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    FILE *out = out_path ? fopen(out_path, "w") : stderr;
    if (!out) {
        fprintf(stderr, "measure: cannot write %s: %s\n", out_path,
                strerror(errno));
        return 127;
    }
    fprintf(out, "%.4f\t%ld\t%d\n", run.elapsed, ru.ru_maxrss, run.status);
    if (out != stderr)
        fclose(out);
    return run.stop_signal ? 128 + run.stop_signal : run.status;
}
