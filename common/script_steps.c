/*
 * script_steps.c - the step log of --frames DIR, for the step viewer.
 *
 * Every command a run executes becomes one line of DIR/steps.js: its
 * number, its line, its text, what it printed on standard output and on
 * standard error, and, when it changed the state, the name of its frame
 * and the frame's SVG.  DIR/index.html is the viewer that shows them
 * (common/viewer.html, compiled in as heapcourse_viewer_page by the
 * Makefile).  Both work from file:// with no server: steps.js is a script
 * of calls, heapcourse.program(...) once and heapcourse.step(...) a
 * command, that the page loads with a <script> tag.
 *
 * To know what a command printed, its standard output and error go to two
 * scratch files while it runs (the descriptors 1 and 2 are pointed at
 * them); afterwards what they hold is copied to the real ones, in the same
 * order and unchanged, and into the log.
 */
#include "script_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const char heapcourse_viewer_page[];

/* The line of the page that the script tags replace. */
#define STEPS_MARKER "<!-- STEPS -->"

/* s as a JSON string (also a JavaScript one): quotes, backslashes and
 * control characters escaped, "</" written "<\/"; other bytes as they
 * are (the programs print ASCII; SVG from dot is UTF-8). */
static void put_json_string(FILE *out, const char *s, size_t len)
{
    fputc('"', out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c == '\t')
            fputs("\\t", out);
        else if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\u%04x", c);
        else if (c == '/' && i > 0 && s[i - 1] == '<')
            fputs("\\/", out);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

/* All of an open file, from its start, in a new NUL-terminated buffer
 * (NULL if it cannot be read); *len its length. */
static char *read_all(FILE *f, size_t *len)
{
    size_t cap = 4096, used = 0, got;
    char *buf = malloc(cap);

    if (buf == NULL || fseek(f, 0, SEEK_SET) != 0) {
        free(buf);
        return NULL;
    }
    while ((got = fread(buf + used, 1, cap - used - 1, f)) > 0) {
        used += got;
        if (cap - used < 2) {
            char *bigger = realloc(buf, cap * 2);
            if (bigger == NULL) {
                free(buf);
                return NULL;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    buf[used] = '\0';
    *len = used;
    return buf;
}

static int write_page(struct script *s)
{
    char path[PATH_MAX];
    const char *marker = strstr(heapcourse_viewer_page, "\n" STEPS_MARKER "\n");
    FILE *out;

    snprintf(path, sizeof path, "%s/index.html", s->frames_dir);
    out = fopen(path, "w");
    if (out == NULL)
        goto fail;
    if (marker == NULL) {
        fputs(heapcourse_viewer_page, out);
    } else {
        fwrite(heapcourse_viewer_page, 1,
               (size_t)(marker - heapcourse_viewer_page) + 1, out);
        fputs("<script src=\"steps.js\"></script>", out);
        fputs(marker + 1 + strlen(STEPS_MARKER), out);
    }
    if (fclose(out) == 0)
        return 0;
fail:
    script_fail_plain(s->prog, "cannot write '%s': %s", path, strerror(errno));
    return -1;
}

int script_steps_prepare(struct script *s, const char *source)
{
    char path[PATH_MAX];

    if (write_page(s) < 0)
        return -1;
    snprintf(path, sizeof path, "%s/steps.js", s->frames_dir);
    s->steps = fopen(path, "w");
    if (s->steps == NULL) {
        script_fail_plain(s->prog, "cannot write '%s': %s", path,
                          strerror(errno));
        return -1;
    }
    fputs("heapcourse.program({\"name\": ", s->steps);
    put_json_string(s->steps, s->prog->name, strlen(s->prog->name));
    fputs(", \"script\": ", s->steps);
    put_json_string(s->steps, source, strlen(source));
    fputs("});\n", s->steps);
    fflush(s->steps);
    return 0;
}

void script_capture_start(int fd, FILE **file, int *saved)
{
    *file = tmpfile();
    *saved = -1;
    if (*file == NULL)
        return;
    *saved = dup(fd);
    if (*saved < 0 || dup2(fileno(*file), fd) < 0) {
        if (*saved >= 0)
            close(*saved);
        fclose(*file);
        *file = NULL;
        *saved = -1;
    }
}

char *script_capture_stop(int fd, FILE *stream, FILE *file, int saved,
                          bool pass_on, size_t *len)
{
    char *text;

    *len = 0;
    if (file == NULL)
        return NULL;
    fflush(stream);
    dup2(saved, fd);
    close(saved);
    text = read_all(file, len);
    fclose(file);
    if (text != NULL && pass_on) {
        fwrite(text, 1, *len, stream);
        fflush(stream);
    }
    return text;
}

void script_steps_begin(struct script *s)
{
    if (s->steps == NULL)
        return;
    s->frame_name[0] = '\0';
    fflush(stdout);
    fflush(stderr);
    script_capture_start(STDOUT_FILENO, &s->capture_out, &s->saved_out);
    script_capture_start(STDERR_FILENO, &s->capture_err, &s->saved_err);
}

/* The SVG of the frame the command drew, from "<svg" on, as a JSON
 * string; null without one. */
static void put_frame_svg(struct script *s)
{
    char path[PATH_MAX + 8];
    FILE *svg;
    char *text, *start;
    size_t len;

    if (s->frame_name[0] == '\0' || !s->have_dot) {
        fputs("null", s->steps);
        return;
    }
    snprintf(path, sizeof path, "%s/%s.svg", s->frames_dir, s->frame_name);
    svg = fopen(path, "r");
    text = svg != NULL ? read_all(svg, &len) : NULL;
    if (svg != NULL)
        fclose(svg);
    start = text != NULL ? strstr(text, "<svg") : NULL;
    if (start == NULL)
        fputs("null", s->steps);
    else
        put_json_string(s->steps, start, len - (size_t)(start - text));
    free(text);
}

void script_steps_end(struct script *s, const char *command)
{
    size_t out_len, err_len;
    char *out, *err;

    if (s->steps == NULL)
        return;
    out = script_capture_stop(STDOUT_FILENO, stdout, s->capture_out,
                              s->saved_out, true, &out_len);
    err = script_capture_stop(STDERR_FILENO, stderr, s->capture_err,
                              s->saved_err, true, &err_len);
    s->capture_out = s->capture_err = NULL;
    fprintf(s->steps, "heapcourse.step({\"n\": %u, \"line\": %u, \"command\": ",
            s->commands_run, s->line);
    put_json_string(s->steps, command, strlen(command));
    fputs(", \"out\": ", s->steps);
    put_json_string(s->steps, out != NULL ? out : "", out_len);
    fputs(", \"err\": ", s->steps);
    put_json_string(s->steps, err != NULL ? err : "", err_len);
    fputs(", \"frame\": ", s->steps);
    if (s->frame_name[0] != '\0')
        put_json_string(s->steps, s->frame_name, strlen(s->frame_name));
    else
        fputs("null", s->steps);
    fputs(", \"svg\": ", s->steps);
    put_frame_svg(s);
    fputs("});\n", s->steps);
    fflush(s->steps);
    free(out);
    free(err);
}

void script_steps_finish(struct script *s)
{
    if (s->steps != NULL && fclose(s->steps) != 0)
        script_fail_plain(s->prog, "cannot write '%s/steps.js': %s",
                          s->frames_dir, strerror(errno));
    s->steps = NULL;
}
