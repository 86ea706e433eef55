/*
 * typed_report.c - the typed allocator's reports (see typed_report.h):
 * the usage line of the Linux Memory Manager and the block listing.
 */
#include "typed_report.h"

void typed_print_usage(FILE *out, const struct family *f)
{
    const struct list_node *pos;
    size_t total = 0, free_blocks = 0, app = 0, gaps = 0, pages = 0;

    list_for_each(pos, &f->data_pages) {
        const struct block_page *page =
            list_entry(pos, struct block_page, link);
        pages += page->run->pages;
        for (const struct block_meta *b = page->first; b; b = b->next) {
            total++;
            free_blocks += b->is_free;
            app += b->is_free ? 0 : b->size;
            gaps += typed_gap(b);
        }
    }
    fprintf(out, "%-14s TBC %zu  FBC %zu  OBC %zu  AppMemUsage %zu bytes  "
                 "hard fragmentation %zu bytes  pages %zu\n", f->name, total,
            free_blocks, total - free_blocks, app, gaps, pages);
}

void typed_print_blocks(FILE *out, const struct family *f, typed_namer namer,
                        void *arg)
{
    const struct list_node *pos;

    fprintf(out, "%s: struct %u bytes\n", f->name, f->size);
    list_for_each(pos, &f->data_pages) {
        const struct block_page *page =
            list_entry(pos, struct block_page, link);
        fprintf(out, "  page %zu (%zu page%s)\n", page->run->number,
                page->run->pages, page->run->pages == 1 ? "" : "s");
        for (const struct block_meta *b = page->first; b; b = b->next) {
            const char *name = namer ? namer(BLOCK_DATA(b), arg) : NULL;
            fprintf(out, "    meta @%-5u data @%-5zu %5u bytes  %s", b->offset,
                    (size_t)b->offset + BLOCK_META_SIZE, b->size,
                    b->is_free ? "free" : "allocated");
            if (typed_gap(b) > 0)
                fprintf(out, "  gap %zu", typed_gap(b));
            if (name != NULL)
                fprintf(out, "  %s", name);
            fputc('\n', out);
        }
    }
}
