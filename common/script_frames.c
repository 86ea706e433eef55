/*
 * script_frames.c - pictures in files: `dump FILE`, and the step frames of
 * --frames DIR (NNN-WORD.dot after every command that changes the state,
 * NNN-WORD.svg when Graphviz dot is on PATH, and frames.txt, the index
 * tools/gallery.sh turns into the printable page; script_steps.c adds
 * the step viewer).  The phase draws (its dump
 * callback); this file names, opens and renders the files.
 */
#include "script_internal.h"

#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int script_dot_file(struct script *s, const char *path, const char *title)
{
    struct dot d;
    FILE *out = fopen(path, "w");

    if (out == NULL)
        return script_fail(s, "cannot write '%s': %s", path,
                           strerror(errno));
    dot_begin(&d, out, title);
    s->prog->dump(s, &d);
    dot_end(&d);
    if (fclose(out) != 0)
        return script_fail(s, "cannot write '%s': %s", path,
                           strerror(errno));
    return 0;
}

static bool dot_on_path(void)
{
    const char *path = getenv("PATH");
    char candidate[PATH_MAX];

    while (path != NULL && *path != '\0') {
        size_t len = strcspn(path, ":");
        snprintf(candidate, sizeof candidate, "%.*s/dot", (int)len, path);
        if (len > 0 && access(candidate, X_OK) == 0)
            return true;
        path += len + (path[len] == ':');
    }
    return false;
}

/* DIR exists, DIR/frames.txt is empty before the first command, and the
 * step log and viewer are started (script_steps.c); source names the
 * script run. */
int script_frames_prepare(struct script *s, const char *source)
{
    char path[PATH_MAX];
    FILE *index;

    if (mkdir(s->frames_dir, 0777) < 0 && errno != EEXIST) {
        script_fail_plain(s->prog, "cannot create '%s': %s", s->frames_dir,
                          strerror(errno));
        return -1;
    }
    snprintf(path, sizeof path, "%s/frames.txt", s->frames_dir);
    index = fopen(path, "w");
    if (index == NULL) {
        script_fail_plain(s->prog, "cannot write '%s': %s", path,
                          strerror(errno));
        return -1;
    }
    fclose(index);
    s->have_dot = dot_on_path();
    return script_steps_prepare(s, source);
}

static int render_svg(struct script *s, const char *dot_path,
                      const char *svg_path)
{
    char *args[] = {"dot", "-Tsvg", (char *)dot_path, "-o", (char *)svg_path,
                    NULL};
    pid_t pid;
    int status;

    fflush(NULL); /* the child must not write our buffered output again */
    if (posix_spawnp(&pid, "dot", NULL, NULL, args, environ) != 0)
        return script_fail(s, "cannot run dot for '%s'", dot_path);
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        return script_fail(s, "dot failed on '%s'", dot_path);
    return 0;
}

/* After a command that changed the state: DIR/NNN-WORD.dot (and .svg),
 * and a line "NNN-WORD<TAB>COMMAND" in DIR/frames.txt for the gallery. */
int script_frames_write(struct script *s)
{
    char base[PATH_MAX], path[PATH_MAX + 8], title[DIAG_TEXT_MAX];
    FILE *index;

    snprintf(base, sizeof base, "%s/%03u-%s", s->frames_dir, s->commands_run,
             s->word0);
    snprintf(path, sizeof path, "%s.dot", base);
    snprintf(title, sizeof title, "%s, step %u: %s", s->prog->name,
             s->commands_run, s->command_text);
    if (script_dot_file(s, path, title) < 0)
        return -1;
    if (s->have_dot) {
        char svg[PATH_MAX + 8];
        snprintf(svg, sizeof svg, "%s.svg", base);
        if (render_svg(s, path, svg) < 0)
            return -1;
    }
    snprintf(path, sizeof path, "%s/frames.txt", s->frames_dir);
    index = fopen(path, "a");
    if (index == NULL)
        return script_fail(s, "cannot write '%s': %s", path,
                           strerror(errno));
    fprintf(index, "%03u-%s\t%s\n", s->commands_run, s->word0,
            s->command_text);
    fclose(index);
    snprintf(s->frame_name, sizeof s->frame_name, "%03u-%s", s->commands_run,
             s->word0);
    return 0;
}
