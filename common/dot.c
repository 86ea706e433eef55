/*
 * dot.c - writes Graphviz DOT for the phase programs' pictures (see dot.h
 * for the shape of a picture).  Program code: it prints with stdio.  The
 * output depends only on what the caller passes, so pictures of the same
 * state are identical byte for byte (the committed diagrams rely on it).
 */
#include "dot.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const state_colour[] = {
    [DOT_NEUTRAL] = "#eeeeee",   [DOT_ALLOCATED] = "#f4a582",
    [DOT_FREE] = "#a6dba0",      [DOT_CACHED] = "#92c5de",
    [DOT_META] = "#d8daeb",      [DOT_PROCESS] = "#f4a582",
    [DOT_HOLE] = "#a6dba0",
};

const char *dot_state_colour(enum dot_state state)
{
    return state_colour[state];
}

/* Copy text into buf (of cap bytes, always terminated) with the characters
 * that HTML-like labels reserve escaped; quotes too, so the result is also
 * safe inside "quoted" strings.  Returns the length written.  A text that
 * does not fit is cut at an entity boundary. */
static size_t escape_into(char *buf, size_t cap, const char *text)
{
    size_t len = 0;

    for (; *text != '\0'; text++) {
        char one[2] = {*text, '\0'};
        const char *piece = one;

        switch (*text) {
        case '&': piece = "&amp;"; break;
        case '<': piece = "&lt;"; break;
        case '>': piece = "&gt;"; break;
        case '"': piece = "&quot;"; break;
        case '\n': piece = "<BR/>"; break;
        default:
            if ((unsigned char)*text < 0x20)
                one[0] = ' ';
        }
        size_t n = strlen(piece);
        if (len + n + 1 > cap)
            break;
        memcpy(buf + len, piece, n);
        len += n;
    }
    buf[len] = '\0';
    return len;
}

static void put_escaped(FILE *out, const char *text)
{
    char buf[4 * DIAG_TEXT_MAX];
    escape_into(buf, sizeof buf, text);
    fputs(buf, out);
}

static void indent(const struct dot *d)
{
    for (int i = 0; i <= d->depth; i++)
        fputs("  ", d->out);
}

/* A top-level chunk starts here (see struct dot). */
static void chunk_start(struct dot *d)
{
    if (d->depth == 0 && d->chunks++ < DOT_CHUNKS_MAX)
        d->chunk[d->chunks - 1] = ftell(d->out);
}

void dot_begin(struct dot *d, FILE *out, const char *title)
{
    memset(d, 0, sizeof *d);
    d->final = out;
    d->out = open_memstream(&d->body, &d->body_len);
    if (d->out == NULL) /* no memory: write straight through, unordered */
        d->out = out;
    fputs("digraph heap {\n", out);
    fputs("  rankdir=LR;\n", out);
    fputs("  graph [fontname=\"Helvetica\", fontsize=12, labelloc=t, label=<",
          out);
    put_escaped(out, title);
    fputs(">];\n", out);
    fputs("  node [shape=plaintext, fontname=\"Helvetica\", fontsize=10];\n",
          out);
    fputs("  edge [fontname=\"Helvetica\", fontsize=9];\n", out);
}

void dot_cluster_begin(struct dot *d, const char *label)
{
    chunk_start(d);
    indent(d);
    fprintf(d->out, "subgraph cluster_%d {\n", d->clusters++);
    d->depth++;
    indent(d);
    /* Titles at the left: an edge entering a cluster from above comes
     * down to a node, which Graphviz centres; a centred title would sit
     * in its way. */
    fputs("style=rounded; color=\"#888888\"; labeljust=l; label=<", d->out);
    put_escaped(d->out, label);
    fputs(">;\n", d->out);
}

void dot_cluster_end(struct dot *d)
{
    d->depth--;
    indent(d);
    fputs("}\n", d->out);
}

void dot_node_begin(struct dot *d, const char *id, enum dot_state state,
                    const char *title)
{
    chunk_start(d);
    indent(d);
    fprintf(d->out, "\"%s\" [label=<<TABLE BORDER=\"0\" CELLBORDER=\"1\" "
                    "CELLSPACING=\"0\" CELLPADDING=\"3\" BGCOLOR=\"%s\">",
            id, dot_state_colour(state));
    fputs("<TR><TD COLSPAN=\"2\"><B>", d->out);
    put_escaped(d->out, title);
    fputs("</B></TD></TR>", d->out);
}

void dot_field(struct dot *d, const char *name, const char *fmt, ...)
{
    char value[DIAG_TEXT_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(value, sizeof value, fmt, ap);
    va_end(ap);
    fputs("<TR><TD ALIGN=\"LEFT\">", d->out);
    put_escaped(d->out, name);
    fputs("</TD><TD ALIGN=\"RIGHT\">", d->out);
    put_escaped(d->out, value);
    fputs("</TD></TR>", d->out);
}

void dot_node_end(struct dot *d)
{
    fputs("</TABLE>>];\n", d->out);
}

void dot_strip_begin(struct dot *d, const char *id)
{
    chunk_start(d);
    indent(d);
    fprintf(d->out, "\"%s\" [label=<<TABLE BORDER=\"0\" CELLBORDER=\"1\" "
                    "CELLSPACING=\"0\" CELLPADDING=\"3\"><TR>", id);
}

void dot_strip_cell(struct dot *d, enum dot_state state, const char *port,
                    const char *fmt, ...)
{
    char text[DIAG_TEXT_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    fprintf(d->out, "<TD BGCOLOR=\"%s\"", dot_state_colour(state));
    if (port != NULL)
        fprintf(d->out, " PORT=\"%s\"", port);
    fputc('>', d->out);
    put_escaped(d->out, text);
    fputs("</TD>", d->out);
}

void dot_strip_end(struct dot *d)
{
    fputs("</TR></TABLE>>];\n", d->out);
}

void dot_note(struct dot *d, const char *id, const char *text)
{
    chunk_start(d);
    indent(d);
    fprintf(d->out, "\"%s\" [shape=plaintext, fontcolor=\"#555555\", label=<",
            id);
    put_escaped(d->out, text);
    fputs(">];\n", d->out);
}

/* "node" or "node:port", each part quoted. */
static void put_endpoint(FILE *out, const char *end)
{
    const char *colon = strchr(end, ':');

    if (colon == NULL)
        fprintf(out, "\"%s\"", end);
    else
        fprintf(out, "\"%.*s\":\"%s\"", (int)(colon - end), end, colon + 1);
}

void dot_edge(struct dot *d, const char *from, const char *to,
              enum dot_edge_kind kind, const char *label)
{
    chunk_start(d);
    indent(d);
    put_endpoint(d->out, from);
    fputs(" -> ", d->out);
    put_endpoint(d->out, to);
    if (kind == DOT_EDGE_LINK)
        fputs(" [constraint=false, style=dashed, color=\"#555555\"", d->out);
    else
        fputs(" [color=\"#333333\"", d->out);
    if (label != NULL) {
        fputs(", label=<", d->out);
        put_escaped(d->out, label);
        fputs(">", d->out);
    }
    fputs("];\n", d->out);
}

void dot_footer(struct dot *d, const char *fmt, ...)
{
    static const char open[] = "<TR><TD ALIGN=\"LEFT\">";
    static const char close[] = "</TD></TR>";
    char line[DIAG_TEXT_MAX], escaped[4 * DIAG_TEXT_MAX];
    size_t n;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    n = escape_into(escaped, sizeof escaped, line);
    /* The footer is written last, so its rows wait in a buffer; a row that
     * does not fit is dropped rather than cut in the middle of markup. */
    if (d->footer_len + strlen(open) + n + strlen(close) + 1 >
        sizeof d->footer)
        return;
    d->footer_len += (size_t)sprintf(d->footer + d->footer_len, "%s%s%s",
                                     open, escaped, close);
}

void dot_end(struct dot *d)
{
    if (d->footer_len > 0) {
        fputs("  footer [label=<<TABLE BORDER=\"1\" CELLBORDER=\"0\" "
              "CELLSPACING=\"0\" CELLPADDING=\"2\" BGCOLOR=\"#ffffff\">",
              d->final);
        fputs(d->footer, d->final);
        fputs("</TABLE>>];\n", d->final);
    }
    if (d->out != d->final) {
        fclose(d->out);
        if (d->chunks > DOT_CHUNKS_MAX) {
            fwrite(d->body, 1, d->body_len, d->final); /* too many: as is */
        } else {
            size_t end = d->body_len;
            for (int i = d->chunks - 1; i >= 0; i--) {
                fwrite(d->body + d->chunk[i], 1, end - (size_t)d->chunk[i],
                       d->final);
                end = (size_t)d->chunk[i];
            }
        }
        free(d->body);
    }
    fputs("}\n", d->final);
}
