/* out.h - rows out as csv, tsv, jsonl or an aligned table */
#ifndef SHOP_OUT_H
#define SHOP_OUT_H

#include <stddef.h>
#include <stdio.h>

enum out_format { OUT_AUTO, OUT_CSV, OUT_TSV, OUT_JSONL, OUT_TABLE };

/* Column kinds: they decide JSON typing and table alignment. The one
 * rule for empty values in jsonl: a text is always a string ("" when
 * empty); a number or an amount that is empty has no value and is null. */
enum col_kind {
	COL_TEXT,   /* JSON string ("" when empty), left-aligned */
	COL_INT,    /* JSON number (null when empty), right-aligned */
	COL_MONEY   /* JSON string ("12.30", exact; null when empty), right-aligned */
};

struct out_col {
	const char *name;
	enum col_kind kind;
};

struct out {
	FILE *fp;               /* borrowed; stdout normally */
	enum out_format fmt;    /* never OUT_AUTO after out_begin */
	int header;             /* print the header row */
	int excel;              /* BOM, CRLF, defuse formulas (csv/tsv) */
	const struct out_col *cols; /* borrowed */
	size_t ncols;
	size_t nrows;
	/* table mode buffers rows to align them */
	char **cells;           /* owned: nrows*ncols strings, each owned */
	size_t cap;
	int started;
};

/* Parse "csv|tsv|jsonl|table"; -1 if unknown. */
int out_parse_format(const char *s, enum out_format *f);

/* Start output of a result set. OUT_AUTO becomes table when fp is a
 * terminal, else csv. */
void out_begin(struct out *o, FILE *fp, enum out_format fmt, int header, int excel,
	       const struct out_col *cols, size_t ncols);
/* One row of ncols values; NULL means empty. Values are copied. */
void out_row(struct out *o, const char *const *vals);
/* Flush (table mode prints here) and free. Does not close fp. */
void out_end(struct out *o);

/* The members "name":value,... of one row, typed as jsonl types them, for
 * a JSON object built around them (show); no braces, no newline. */
void out_json_members(FILE *fp, const struct out_col *cols, size_t ncols,
		      const char *const *vals);
/* s as a JSON string, quoted and escaped (NULL: ""). */
void out_json_string(FILE *fp, const char *s);

/* Rows kept in memory under typed columns: the sections of a record
 * shown whole (show's price lists, codes, stock). */
struct out_rows {
	const char *name;           /* borrowed: what a row is ("price_list") */
	const struct out_col *cols; /* borrowed */
	size_t ncols, nrows, cap;
	char **cells;               /* owned: nrows * ncols strings, each owned */
};
void out_rows_init(struct out_rows *t, const char *name, const struct out_col *cols,
		   size_t ncols);
/* Append a row of ncols values (NULL means empty); values are copied. */
void out_rows_add(struct out_rows *t, const char *const *vals);
/* Row i's values. */
const char *const *out_rows_row(const struct out_rows *t, size_t i);
void out_rows_release(struct out_rows *t);

/*
 * A record shown whole (show): its fields (one row) and its lists. On a
 * terminal (table) "field: value" lines, aligned, a list row as
 * "name: k=v;k=v"; jsonl one object, the lists arrays of objects; csv and
 * tsv field,value rows under o's columns. o has been begun (its format
 * known) with two columns, field and value.
 */
void out_record(struct out *o, const struct out_rows *fields, const struct out_rows *lists,
		size_t nlists);

/* Write one field the csv way (quote only when needed, via libcsv);
 * exported for the rejects writer. delim ',' or '\t'. */
void out_csv_field(FILE *fp, const char *s, char delim);

#endif
