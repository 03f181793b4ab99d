/* import.h - the one import framework of SPEC §2, used by every import:
 * read the source, group rows into records, validate and apply each record
 * whole or reject it whole, keep the counts, write the rejects file, honour
 * --dry-run and --all-or-nothing, show progress, print the summary. */
#ifndef SHOP_IMPORT_H
#define SHOP_IMPORT_H

#include <stddef.h>
#include <stdio.h>

#include "csvio.h"
#include "result.h"

/* One row of a record: its fields (as in the file's header order) and the
 * physical line it starts on. */
struct imp_row {
	char *const *fields;     /* borrowed: valid during the record callback */
	size_t nfields;
	size_t line;
};

/* A record: one row, or every row sharing the record key. */
struct imp_record {
	const struct csvr *r;    /* borrowed: the header mapping */
	struct imp_row *rows;    /* borrowed */
	size_t nrows;
	size_t at;               /* the row to blame when it fails: imp_blame() (default 0) */
};

/* A failing record callback names the row its reason is about (the
 * warning gives that row's line); the record is rejected whole. */
void imp_blame(const struct imp_record *rec, size_t row);

/* Field of known column col in row i of rec ("" when the file lacks the
 * column), and whether the file has the column. */
const char *imp_get(const struct imp_record *rec, size_t i, size_t col);
int imp_has(const struct imp_record *rec, size_t col);

struct import_spec {
	const char *noun;            /* plural: "products" (1 -> "product") */
	const struct csv_col *cols;  /* the columns the import knows */
	size_t ncols;
	/* optional: more checks of the mapped header; die 65 on a bad one */
	void (*header)(const struct csvr *r, void *arg);
	/* records: validate and apply one, inside the command's transaction;
	 * RES_DONE (added), RES_UPDATED, RES_SKIPPED, or a failure with the
	 * reason in w (rejected; with savepoint set its writes are undone) */
	enum res (*record)(const struct imp_record *rec, struct why *w, void *arg);
	/* rows whose key columns (key[0..nkey), e.g. customer and order_ref)
	 * agree form one record, wherever they are in the file; nkey 0: a
	 * record per row */
	const size_t *key;
	size_t nkey;
	/* apply each record inside a savepoint, so a record that fails half
	 * way leaves nothing behind (records that check everything before
	 * they write do not need it) */
	int savepoint;
	/* bulk writes: a record callback may check a record and queue its
	 * writes, returning RES_PENDING. The framework keeps every record's
	 * rows and result, in file order, and calls flush(arg) when batch
	 * records (default 10000) wait and at the end; flush writes what is
	 * queued, set-based, and settles the pending records that did not
	 * go in with imp_settle(). The results are then counted in the
	 * order of the file, as if each had been applied at once. */
	void (*flush)(void *arg);
	size_t batch;
	/* what records are made of, for the summary: "imported 3 orders (12
	 * lines)"; the record callback counts them with imp_parts() */
	const char *parts;
};

/* n more parts (rows) of records applied, for the summary. */
void imp_parts(size_t n);

/* In a flush: the k-th pending record since the last flush (0-based)
 * ends with res and the reason why instead of RES_DONE. */
void imp_settle(size_t k, enum res res, const char *why);
/* imp_settle naming the record's row (0-based) that the reason is about. */
void imp_settle_at(size_t k, size_t row, enum res res, const char *why);

/*
 * Run an import of path ("-" or NULL: stdin) with the session's import
 * settings (S.imp). Returns the exit code: 0, or 1 when something was
 * rejected. A problem with the file as a whole (unreadable, malformed,
 * bad header) dies 65 with nothing written.
 */
int import_run(const struct import_spec *spec, const char *path, void *arg);

/*
 * The pieces import_run is made of, for an import that reads its source
 * its own way (platform exports): begin on an opened reader whose header
 * is mapped, count each record's result, reject rows, end.
 */
struct imp {
	struct csvr *r;          /* borrowed */
	const char *noun;        /* borrowed */
	FILE *rejects;           /* owned: the temporary rejects file, or NULL */
	char *rejects_tmp;       /* owned: its name until renamed at the end */
	size_t added;            /* new records applied */
	size_t updated;          /* existing records changed */
	size_t skipped;          /* already so, nothing to do */
	size_t rejected;
	const char *parts_noun;  /* borrowed: NULL, or "lines" */
};
void imp_begin(struct imp *im, struct csvr *r, const char *noun);
/* Count a record's result; a failure rejects the record's rows. */
void imp_count(struct imp *im, enum res res, const struct imp_record *rec, const char *why);
/* Reject the reader's current row (one-row records). */
void imp_reject(struct imp *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Warn about a row without rejecting it: "FILE:LINE: msg". */
void imp_warn(struct imp *im, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Summary, rejects file, --all-or-nothing; returns 0 or 1. */
int imp_end(struct imp *im);

#endif
