/* import.c - validate, apply or reject per record, rejects file, summary */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "err.h"
#include "import.h"
#include "out.h"

void
imp_begin(struct imp *im, struct csvr *r, const char *noun)
{
	size_t i;

	memset(im, 0, sizeof *im);
	im->r = r;
	im->noun = noun;
	r->progress = G.progress ? CSV_PROGRESS_FORCED
		    : !G.quiet && isatty(2) ? CSV_PROGRESS_AUTO : CSV_PROGRESS_NONE;
	if (!G.rejects)
		return;
	im->rejects = fopen(G.rejects, "w");
	if (!im->rejects)
		die(EX_DATA, "cannot write rejects file '%s': %s", G.rejects, strerror(errno));
	for (i = 0; i < r->nheader; i++) {
		out_csv_field(im->rejects, r->header[i], r->delim);
		fputc(r->delim, im->rejects);
	}
	fputs("error\n", im->rejects);
}

void
imp_reject_row(struct imp *im, char *const *fields, size_t n, size_t line, const char *msg)
{
	size_t i;

	warn("%s:%zu: %s", im->r->name, line, msg);
	if (!im->rejects)
		return;
	for (i = 0; i < n; i++) {
		out_csv_field(im->rejects, fields[i], im->r->delim);
		fputc(im->r->delim, im->rejects);
	}
	out_csv_field(im->rejects, msg, im->r->delim);
	fputc('\n', im->rejects);
}

void
imp_reject(struct imp *im, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	imp_reject_row(im, im->r->fields, im->r->nfields, csvr_line(im->r), msg);
	im->rejected++;
	free(msg);
}

/* "1 product", "2 products", "1 category": nouns are given in the plural */
static const char *
noun(const struct imp *im, size_t n)
{
	static char one[64];
	size_t len = strlen(im->noun);

	if (n == 1 && len > 3 && len < sizeof one && !strcmp(im->noun + len - 3, "ies")) {
		snprintf(one, sizeof one, "%.*sy", (int)(len - 3), im->noun);
		return one;
	}
	if (n == 1 && len > 1 && len < sizeof one && im->noun[len - 1] == 's') {
		snprintf(one, sizeof one, "%.*s", (int)(len - 1), im->noun);
		return one;
	}
	return im->noun;
}

int
imp_end(struct imp *im)
{
	int none = G.dry_run || (G.all_or_nothing && im->rejected);

	csvr_progress_done(im->r);
	if (im->rejects && fclose(im->rejects) != 0)
		die(EX_INTERNAL, "cannot write rejects file '%s': %s", G.rejects, strerror(errno));
	im->rejects = NULL;
	if (G.all_or_nothing && im->rejected)
		G.rollback = 1;
	if (!G.quiet) {
		fflush(stdout);
		fprintf(stderr, "%s: %s %zu %s", progname,
			G.dry_run ? "would import" : none ? "imported nothing of" : "imported",
			im->added + im->updated, noun(im, im->added + im->updated));
		if (im->updated)
			fprintf(stderr, " (%zu new, %zu updated)", im->added, im->updated);
		fprintf(stderr, ", skipped %zu, rejected %zu%s\n", im->skipped, im->rejected,
			G.all_or_nothing && im->rejected ? " (--all-or-nothing)" : "");
	}
	/* an import that changed nothing leaves no audit row, like any no-op */
	if (!none && im->added + im->updated)
		audit_note("imported %zu %s (%zu new, %zu updated), skipped %zu, rejected %zu",
			   im->added + im->updated, noun(im, im->added + im->updated), im->added,
			   im->updated, im->skipped, im->rejected);
	return im->rejected ? EX_RULE : EX_DONE;
}
