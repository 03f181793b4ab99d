/* import.c - the import framework: records, counts, rejects, summary */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "err.h"
#include "import.h"
#include "out.h"
#include "session.h"
#include "strmap.h"

const char *
imp_get(const struct imp_record *rec, size_t i, size_t col)
{
	int f = rec->r->map[col];

	return f >= 0 && (size_t)f < rec->rows[i].nfields ? rec->rows[i].fields[f] : "";
}

int
imp_has(const struct imp_record *rec, size_t col)
{
	return rec->r->map[col] >= 0;
}

void
imp_blame(const struct imp_record *rec, size_t row)
{
	/* the records handed to callbacks are the framework's own, not const */
	((struct imp_record *)rec)->at = row < rec->nrows ? row : 0;
}

/* Do a and b name the same file (b may not exist yet)? */
static int
same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (!a || !b || !strcmp(a, "-"))
		return 0;
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	return strcmp(a, b) == 0;
}

/* --rejects must not name what the import reads or writes: the input,
 * the database or its journal files. */
static void
check_rejects_path(const char *rejects, const char *input)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	size_t i;

	if (input && same_file(rejects, input))
		die(EX_USAGE, "--rejects '%s' is the input file; give another name", rejects);
	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char *p = xasprintf("%s%s", S.db_path ? S.db_path : "", suffixes[i]);
		int same = S.db_path && same_file(rejects, p);

		free(p);
		if (same)
			die(EX_USAGE, "--rejects '%s' is the database; give another name", rejects);
	}
}

void
imp_begin(struct imp *im, struct csvr *r, const char *noun)
{
	memset(im, 0, sizeof *im);
	im->r = r;
	im->noun = noun;
	r->progress = S.progress ? CSV_PROGRESS_FORCED
		    : !S.quiet && isatty(2) ? CSV_PROGRESS_AUTO : CSV_PROGRESS_NONE;
	if (S.imp.rejects)
		check_rejects_path(S.imp.rejects, r->path);
}

/* The temporary rejects file until it is renamed: an import that dies
 * half way (a malformed row further on) leaves none behind. */
static char *rejects_pending;

static void
rejects_unlink(void)
{
	if (rejects_pending)
		unlink(rejects_pending);
}

/* The rejects file is written beside its final name and renamed at the
 * end, and only when something was rejected: a failed run never leaves a
 * half file, and a clean run leaves none. */
static void
rejects_open(struct imp *im)
{
	static int registered;
	const char *p = S.imp.rejects;
	struct csvr *r = im->r;
	const char *slash = strrchr(p, '/');
	int fd;
	size_t i;

	im->rejects_tmp = xasprintf("%.*s.%s.XXXXXX", slash ? (int)(slash - p + 1) : 0, p,
				    slash ? slash + 1 : p);
	fd = mkstemp(im->rejects_tmp);
	if (fd < 0 || !(im->rejects = fdopen(fd, "w")))
		die(EX_IO, "cannot write rejects file '%s': %s", p, strerror(errno));
	if (!registered++)
		atexit(rejects_unlink);
	rejects_pending = im->rejects_tmp;
	for (i = 0; i < r->nheader; i++) {
		if (streqi(r->header[i], "error"))
			continue; /* a re-imported rejects file gets the new reasons */
		out_csv_field(im->rejects, r->header[i], r->delim);
		fputc(r->delim, im->rejects);
	}
	fputs("error\n", im->rejects);
}

static void
reject_row(struct imp *im, char *const *fields, size_t n, const char *msg)
{
	size_t i;

	if (!S.imp.rejects)
		return;
	if (!im->rejects)
		rejects_open(im);
	for (i = 0; i < n; i++) {
		/* a column named error (a re-imported rejects file) is replaced */
		if (i < im->r->nheader && streqi(im->r->header[i], "error"))
			continue;
		out_csv_field(im->rejects, fields[i], im->r->delim);
		fputc(im->r->delim, im->rejects);
	}
	out_csv_field(im->rejects, msg, im->r->delim);
	fputc('\n', im->rejects);
}

void
imp_count(struct imp *im, enum res res, const struct imp_record *rec, const char *why)
{
	size_t i;

	switch (res) {
	case RES_DONE:
		im->added++;
		return;
	case RES_UPDATED:
		im->updated++;
		return;
	case RES_SKIPPED:
		im->skipped++;
		return;
	default:
		break;
	}
	im->rejected++;
	warn("%s:%zu: %s", im->r->name, rec->rows[rec->at < rec->nrows ? rec->at : 0].line, why);
	for (i = 0; i < rec->nrows; i++)
		reject_row(im, rec->rows[i].fields, rec->rows[i].nfields, why);
}

void
imp_reject(struct imp *im, const char *fmt, ...)
{
	struct imp_row row = { im->r->fields, im->r->nfields, csvr_line(im->r) };
	struct imp_record rec = { im->r, &row, 1, 0 };
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	imp_count(im, RES_REFUSED, &rec, msg);
	free(msg);
}

void
imp_warn(struct imp *im, size_t line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	warn("%s:%zu: %s", im->r->name, line, msg);
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

static size_t parts;

void
imp_parts(size_t n)
{
	parts += n;
}

int
imp_end(struct imp *im)
{
	int aon = S.imp.all_or_nothing && im->rejected;
	int none = S.imp.dry_run || aon;

	csvr_progress_done(im->r);
	if (im->rejects) {
		if (fclose(im->rejects) != 0 || rename(im->rejects_tmp, S.imp.rejects) != 0)
			die(EX_IO, "cannot write rejects file '%s': %s", S.imp.rejects,
			    strerror(errno));
		im->rejects = NULL;
	}
	rejects_pending = NULL;
	free(im->rejects_tmp);
	im->rejects_tmp = NULL;
	if (none)
		S.rollback = 1;
	/* said once the command's fate is known: after its output and its
	 * commit, so a commit that fails never follows "imported 3000" */
	if (!S.quiet) {
		struct sbuf b = SBUF_INIT;

		sbuf_printf(&b, "%s %zu %s",
			    S.imp.dry_run ? "would import" : none ? "imported nothing of" : "imported",
			    im->added + im->updated, noun(im, im->added + im->updated));
		if (im->parts_noun) {
			size_t len = strlen(im->parts_noun);

			/* "(1 line)", "(12 lines)": nouns are given in the plural */
			sbuf_printf(&b, " (%zu %.*s)", parts,
				    (int)(parts == 1 && len > 1 && im->parts_noun[len - 1] == 's' ? len - 1 : len),
				    im->parts_noun);
		}
		if (im->updated)
			sbuf_printf(&b, " (%zu new, %zu updated)", im->added, im->updated);
		sbuf_printf(&b, ", skipped %zu, rejected %zu%s", im->skipped, im->rejected,
			    aon ? " (--all-or-nothing)" : "");
		session_summary(sbuf_str(&b));
		sbuf_release(&b);
	}
	/* an import that changed nothing leaves no audit row, like any no-op */
	if (!none && im->added + im->updated)
		audit_note("imported %zu %s (%zu new, %zu updated), skipped %zu, rejected %zu",
			   im->added + im->updated, noun(im, im->added + im->updated), im->added,
			   im->updated, im->skipped, im->rejected);
	return im->rejected ? EX_RULE : EX_DONE;
}


/* The rows of one record, copied out of the reader (which moves on). */
struct rec_buf {
	struct sbuf data;        /* owned: every field, NUL-separated */
	size_t *off;             /* owned: offset of each field in data */
	size_t noff, offcap;
	char **fields;           /* owned array; the strings live in data */
	size_t fcap;
	struct imp_row *rows;    /* owned */
	size_t nrows, rowcap;
	size_t *first;           /* owned: index in off of each row's first field */
};

static void
rec_add_fields(struct rec_buf *b, char *const *fields, size_t nfields, size_t line)
{
	size_t i;

	if (b->nrows == b->rowcap) {
		b->rowcap = b->rowcap ? 2 * b->rowcap : 8;
		b->rows = xrealloc(b->rows, b->rowcap * sizeof *b->rows);
		b->first = xrealloc(b->first, b->rowcap * sizeof *b->first);
	}
	b->first[b->nrows] = b->noff;
	b->rows[b->nrows].nfields = nfields;
	b->rows[b->nrows].line = line;
	b->nrows++;
	for (i = 0; i < nfields; i++) {
		if (b->noff == b->offcap) {
			b->offcap = b->offcap ? 2 * b->offcap : 64;
			b->off = xrealloc(b->off, b->offcap * sizeof *b->off);
		}
		b->off[b->noff++] = b->data.len;
		sbuf_add(&b->data, fields[i], strlen(fields[i]) + 1);
	}
}

static void
rec_add_row(struct rec_buf *b, const struct csvr *r)
{
	rec_add_fields(b, r->fields, r->nfields, csvr_line(r));
}

static void
rec_release(struct rec_buf *b)
{
	sbuf_release(&b->data);
	free(b->off);
	free(b->fields);
	free(b->rows);
	free(b->first);
	memset(b, 0, sizeof *b);
}

/* Point the rows at their fields, now that data no longer moves. */
static void
rec_fix(struct rec_buf *b)
{
	size_t i;

	if (b->noff > b->fcap) {
		b->fcap = b->noff;
		b->fields = xrealloc(b->fields, b->fcap * sizeof *b->fields);
	}
	for (i = 0; i < b->noff; i++)
		b->fields[i] = b->data.s + b->off[i];
	for (i = 0; i < b->nrows; i++)
		b->rows[i].fields = b->fields + b->first[i];
}

/* ---- records waiting for a bulk write (import_spec.flush) ---- */

struct queued {
	size_t row, nrows, at;   /* its rows: Q.b.rows[row ..] */
	enum res res;
	char *why;               /* owned: the reason of a failure or a skip */
};

static struct {
	struct rec_buf b;        /* every queued record's rows */
	struct queued *q;
	size_t n, cap;
	size_t *pend;            /* the queue index of each pending record */
	size_t npend, pendcap;
	int flushing;
} Q;

void
imp_settle_at(size_t k, size_t row, enum res res, const char *why)
{
	struct queued *e;

	if (!Q.flushing || k >= Q.npend)
		die(EX_INTERNAL, "imp_settle: no pending record %zu", k);
	e = &Q.q[Q.pend[k]];
	e->res = res;
	if (row < e->nrows)
		e->at = row;
	free(e->why);
	e->why = xstrdup(why && *why ? why : "rejected");
}

void
imp_settle(size_t k, enum res res, const char *why)
{
	imp_settle_at(k, (size_t)-1, res, why);
}

static void
queue_add(const struct imp_record *rec, enum res res, const char *why)
{
	struct queued *e;
	size_t i;

	if (Q.n == Q.cap) {
		Q.cap = Q.cap ? 2 * Q.cap : 1024;
		Q.q = xrealloc(Q.q, Q.cap * sizeof *Q.q);
	}
	e = &Q.q[Q.n];
	e->row = Q.b.nrows;
	e->nrows = rec->nrows;
	e->at = rec->at;
	e->res = res;
	e->why = res == RES_PENDING || RES_APPLIED(res) ? NULL : xstrdup(why);
	for (i = 0; i < rec->nrows; i++)
		rec_add_fields(&Q.b, rec->rows[i].fields, rec->rows[i].nfields, rec->rows[i].line);
	if (res == RES_PENDING) {
		if (Q.npend == Q.pendcap) {
			Q.pendcap = Q.pendcap ? 2 * Q.pendcap : 1024;
			Q.pend = xrealloc(Q.pend, Q.pendcap * sizeof *Q.pend);
		}
		Q.pend[Q.npend++] = Q.n;
	}
	Q.n++;
}

/* Write what waits, then count every queued record in file order. */
static void
queue_flush(const struct import_spec *spec, struct imp *im, void *arg)
{
	size_t i;

	if (!Q.n)
		return;
	Q.flushing = 1;
	spec->flush(arg);
	Q.flushing = 0;
	rec_fix(&Q.b);
	for (i = 0; i < Q.n; i++) {
		struct queued *e = &Q.q[i];
		struct imp_record rec = { im->r, Q.b.rows + e->row, e->nrows, e->at };

		imp_count(im, e->res == RES_PENDING ? RES_DONE : e->res, &rec,
			  e->why ? e->why : "rejected");
		free(e->why);
	}
	sbuf_reset(&Q.b.data);
	Q.b.noff = Q.b.nrows = 0;
	Q.n = Q.npend = 0;
}

static void
queue_release(void)
{
	rec_release(&Q.b);
	free(Q.q);
	free(Q.pend);
	memset(&Q, 0, sizeof Q);
}

/* Hand one record to the callback, inside a savepoint when asked, and
 * count its result (or queue it, for an import with bulk writes). */
static void
apply(const struct import_spec *spec, struct imp *im, struct imp_record *rec, void *arg)
{
	size_t batch = spec->batch ? spec->batch : 10000;
	struct why w;
	enum res res;

	rec->at = 0;
	w.msg[0] = '\0';
	if (spec->savepoint)
		db_savepoint();
	res = spec->record(rec, &w, arg);
	if (spec->savepoint) {
		if (RES_FAILED(res))
			db_rollback_to();
		else
			db_release();
	}
	if (!spec->flush) {
		if (res == RES_PENDING)
			die(EX_INTERNAL, "%s: a pending record without a flush", im->noun);
		imp_count(im, res, rec, w.msg[0] ? w.msg : "rejected");
		return;
	}
	if (res != RES_PENDING && !Q.n) {
		/* nothing waits before it: counted now, so that its warning
		 * is out before a malformed row further on ends the import */
		imp_count(im, res, rec, w.msg[0] ? w.msg : "rejected");
		return;
	}
	queue_add(rec, res, w.msg[0] ? w.msg : "rejected");
	if (Q.npend >= batch || Q.n >= batch)
		queue_flush(spec, im, arg);
}

/* A record per row. */
static void
run_rows(const struct import_spec *spec, struct imp *im, void *arg)
{
	struct csvr *r = im->r;
	struct imp_row row;
	struct imp_record rec = { r, &row, 1, 0 };

	while (csvr_next(r)) {
		row.fields = r->fields;
		row.nfields = r->nfields;
		row.line = csvr_line(r);
		apply(spec, im, &rec, arg);
	}
}

/*
 * Records of several rows. Pass 1 reads the file once and keeps, for each
 * record, where its rows are: runs of rows next to each other in the file
 * (offset, line, how many), chained, never the rows themselves. A file
 * grouped by record (the usual export) is one run a record, whatever its
 * size. Pass 2 reads each record's runs back, in the order records first
 * appear; runs next to each other in the file are read on without
 * seeking.
 */
struct grp_run {
	int64_t off;
	size_t line;
	uint32_t nrows;
	uint32_t next;           /* index + 1 of the record's next run; 0: its last */
};

struct grp_rec {
	uint32_t first, last;    /* index of its first and last run */
};

/* The record's key: each key column's value with its length before it,
 * so that no two keys run together. 0 when every key column is empty. */
static int
record_key(const struct import_spec *spec, const struct csvr *r, struct sbuf *key)
{
	char len[24];
	size_t k;
	int any = 0;

	sbuf_reset(key);
	for (k = 0; k < spec->nkey; k++) {
		const char *v = csvr_get(r, spec->key[k]);
		size_t n = strlen(v), m = n, at = sizeof len;

		any |= n > 0;
		/* "n:" without printf: this runs for every row of a file */
		len[--at] = ':';
		do
			len[--at] = (char)('0' + m % 10);
		while ((m /= 10) > 0);
		sbuf_add(key, len + at, sizeof len - at);
		sbuf_add(key, v, n);
	}
	return any;
}

static void
run_records(const struct import_spec *spec, struct imp *im, void *arg)
{
	struct csvr *r = im->r;
	struct strmap keys = STRMAP_INIT(0);
	struct sbuf key = SBUF_INIT, prev = SBUF_INIT;
	struct grp_run *runs = NULL;
	struct grp_rec *recs = NULL;
	size_t nruns = 0, runcap = 0, nrecs = 0, reccap = 0, nrows = 0, i, j, k;
	struct rec_buf b = { SBUF_INIT, NULL, 0, 0, NULL, 0, NULL, 0, 0, NULL };
	int progress = r->progress, have_prev = 0;

	/* pass 1: where each record's rows are */
	r->progress = CSV_PROGRESS_NONE;
	while (csvr_next(r)) {
		struct strmap_ent *e = NULL;
		int keyed = record_key(spec, r, &key);

		nrows++;
		/* the row after one of the same record: its run goes on */
		if (keyed && have_prev && key.len == prev.len && !memcmp(key.s, prev.s, key.len) &&
		    runs[nruns - 1].nrows < UINT32_MAX) {
			runs[nruns - 1].nrows++;
			continue;
		}
		if (nruns == runcap) {
			runcap = runcap ? 2 * runcap : 1024;
			runs = xrealloc(runs, runcap * sizeof *runs);
		}
		if (nruns >= UINT32_MAX)
			die(EX_DATA, "%s: too many records", r->name);
		runs[nruns].off = csvr_offset(r);
		runs[nruns].line = csvr_line(r);
		runs[nruns].nrows = 1;
		runs[nruns].next = 0;
		sbuf_reset(&prev);
		sbuf_add(&prev, key.s ? key.s : "", key.len);
		have_prev = keyed;
		/* a row without a key is a record of its own (and rejected) */
		if (keyed && (e = strmap_at(&keys, sbuf_str(&key)))->val) {
			struct grp_rec *g = &recs[e->val - 1];

			runs[g->last].next = (uint32_t)nruns + 1;
			g->last = (uint32_t)nruns++;
			continue;
		}
		if (nrecs == reccap) {
			reccap = reccap ? 2 * reccap : 256;
			recs = xrealloc(recs, reccap * sizeof *recs);
		}
		recs[nrecs].first = recs[nrecs].last = (uint32_t)nruns++;
		if (e)
			e->val = (int64_t)++nrecs;
		else
			nrecs++;
	}
	strmap_release(&keys);
	sbuf_release(&key);
	sbuf_release(&prev);

	/* pass 2: each record whole, in the order records first appear */
	r->progress = progress;
	csvr_progress_restart(r, nrows);
	for (i = 0; i < nrecs; i++) {
		struct imp_record rec = { r, NULL, 0, 0 };

		sbuf_reset(&b.data);
		b.noff = b.nrows = 0;
		for (j = recs[i].first + 1; j; j = runs[j - 1].next) {
			const struct grp_run *g = &runs[j - 1];

			csvr_seek(r, g->off, g->line);
			for (k = 0; k < g->nrows; k++) {
				if (!csvr_next(r) || (!k && csvr_line(r) != g->line))
					die(EX_DATA, "%s: the file changed while it was read", r->name);
				rec_add_row(&b, r);
			}
		}
		rec_fix(&b);
		rec.rows = b.rows;
		rec.nrows = b.nrows;
		apply(spec, im, &rec, arg);
	}
	free(runs);
	free(recs);
	rec_release(&b);
}

int
import_run(const struct import_spec *spec, const char *path, void *arg)
{
	struct csvr r;
	struct imp im;
	int rc;

	csvr_open(&r, path, S.imp.input_kind);
	if (spec->nkey)
		csvr_allow_seek(&r);
	csvr_header(&r, spec->cols, spec->ncols, S.imp.ignore_unknown);
	if (spec->header)
		spec->header(&r, arg);
	imp_begin(&im, &r, spec->noun);
	im.parts_noun = spec->parts;
	parts = 0;
	if (spec->nkey)
		run_records(spec, &im, arg);
	else
		run_rows(spec, &im, arg);
	if (spec->flush) {
		queue_flush(spec, &im, arg);
		queue_release();
	}
	rc = imp_end(&im);
	csvr_close(&r);
	return rc;
}
