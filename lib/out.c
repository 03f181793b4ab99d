/* out.c - rows out as csv, tsv, jsonl or an aligned table */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "err.h"
#include "out.h"
#include "parse.h"
#include "util.h"

int
out_parse_format(const char *s, enum out_format *f)
{
	static const struct {
		const char *name;
		enum out_format fmt;
	} names[] = {
		{ "csv", OUT_CSV }, { "tsv", OUT_TSV }, { "jsonl", OUT_JSONL }, { "table", OUT_TABLE },
	};
	size_t i;

	for (i = 0; s && i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(s, names[i].name) == 0) {
			*f = names[i].fmt;
			return 0;
		}
	}
	return -1;
}

static int
needs_quotes(const char *s, size_t len, char delim)
{
	size_t i;

	if (len == 0)
		return 0;
	/* csv readers trim unquoted blanks at the ends */
	if (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t')
		return 1;
	for (i = 0; i < len; i++)
		if (s[i] == delim || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return 1;
	return 0;
}

void
out_csv_field(FILE *fp, const char *s, char delim)
{
	size_t len;

	if (!s)
		return;
	len = strlen(s);
	if (needs_quotes(s, len, delim))
		csv_fwrite2(fp, s, len, '"');
	else
		fwrite(s, 1, len, fp);
}

/* -5, 12.30: what a spreadsheet reads as a number, not a formula. */
static int
is_plain_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s < '0' || *s > '9')
		return 0;
	while (*s >= '0' && *s <= '9')
		s++;
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

/* A spreadsheet runs a cell starting with = + - @ (or tab/CR before
 * them) as a formula; a leading ' makes it text. */
static void
excel_field(FILE *fp, const char *s, char delim)
{
	char *t;

	if (s && *s && strchr("=+-@\t\r", *s) && !is_plain_number(s)) {
		t = xasprintf("'%s", s);
		out_csv_field(fp, t, delim);
		free(t);
		return;
	}
	out_csv_field(fp, s, delim);
}

static void
sep_row(struct out *o, const char *const *vals)
{
	char delim = o->fmt == OUT_TSV ? '\t' : ',';
	size_t i;

	/* A lone empty field would be a blank line, which readers skip. */
	if (o->ncols == 1 && (!vals[0] || !*vals[0])) {
		fputs("\"\"", o->fp);
	} else {
		for (i = 0; i < o->ncols; i++) {
			if (i)
				putc(delim, o->fp);
			if (o->excel)
				excel_field(o->fp, vals[i], delim);
			else
				out_csv_field(o->fp, vals[i], delim);
		}
	}
	fputs(o->excel ? "\r\n" : "\n", o->fp);
}

void
out_json_string(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	putc('"', fp);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(fp, "\\u%04x", *p);
		else
			putc(*p, fp);
	}
	putc('"', fp);
}

/* JSON number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int
is_json_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (*s >= '0' && *s <= '9')
			s++;
	else
		return 0;
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

void
out_json_members(FILE *fp, const struct out_col *cols, size_t ncols, const char *const *vals)
{
	size_t i;
	const char *v;

	for (i = 0; i < ncols; i++) {
		if (i)
			putc(',', fp);
		out_json_string(fp, cols[i].name);
		putc(':', fp);
		v = vals[i];
		if (cols[i].kind == COL_TEXT)
			out_json_string(fp, v);
		else if (!v || !*v) /* a number or an amount without a value */
			fputs("null", fp);
		else if (cols[i].kind == COL_INT && is_json_number(v))
			fputs(v, fp);
		else /* amounts stay exact as strings; never invalid json, even for a bad int */
			out_json_string(fp, v);
	}
}

static void
json_row(struct out *o, const char *const *vals)
{
	putc('{', o->fp);
	out_json_members(o->fp, o->cols, o->ncols, vals);
	fputs("}\n", o->fp);
}

/* Table cells go to a terminal: control characters would break the
 * alignment or drive the terminal, so they become spaces or '?'. */
static char *
table_cell(const char *s)
{
	char *t = xstrdup(s ? s : "");
	char *p;

	for (p = t; *p; p++) {
		if (*p == '\t' || *p == '\n' || *p == '\r')
			*p = ' ';
		else if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	}
	return t;
}

static void
table_add(struct out *o, const char *const *vals)
{
	size_t i, base;

	if (o->nrows == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 64;
		o->cells = xrealloc(o->cells, o->cap * o->ncols * sizeof *o->cells);
	}
	base = o->nrows * o->ncols;
	for (i = 0; i < o->ncols; i++)
		o->cells[base + i] = table_cell(vals[i]);
}

static void
pad(struct sbuf *b, size_t n)
{
	while (n--)
		sbuf_addc(b, ' ');
}

/* One table line; trailing blanks dropped. */
static void
table_line(struct out *o, const char *const *cells, const size_t *width)
{
	struct sbuf b = SBUF_INIT;
	size_t i, w;

	for (i = 0; i < o->ncols; i++) {
		if (i)
			sbuf_adds(&b, "  ");
		w = utf8_width(cells[i]);
		w = w < width[i] ? width[i] - w : 0;
		if (o->cols[i].kind != COL_TEXT)
			pad(&b, w);
		sbuf_adds(&b, cells[i]);
		if (o->cols[i].kind == COL_TEXT)
			pad(&b, w);
	}
	while (b.len && b.s[b.len - 1] == ' ')
		b.len--;
	fwrite(sbuf_str(&b), 1, b.len, o->fp);
	putc('\n', o->fp);
	sbuf_release(&b);
}

static void
table_print(struct out *o)
{
	size_t *width, i, r, w;
	const char **names;
	struct sbuf dash = SBUF_INIT;

	if (o->ncols == 0)
		return;
	width = xcalloc(o->ncols, sizeof *width);
	names = xcalloc(o->ncols, sizeof *names);
	for (i = 0; i < o->ncols; i++) {
		names[i] = o->cols[i].name ? o->cols[i].name : "";
		if (o->header)
			width[i] = utf8_width(names[i]);
		for (r = 0; r < o->nrows; r++) {
			w = utf8_width(o->cells[r * o->ncols + i]);
			if (w > width[i])
				width[i] = w;
		}
	}
	if (o->header) {
		table_line(o, names, width);
		for (i = 0; i < o->ncols; i++) {
			if (i)
				sbuf_adds(&dash, "  ");
			for (w = 0; w < width[i]; w++)
				sbuf_addc(&dash, '-');
		}
		fprintf(o->fp, "%s\n", sbuf_str(&dash));
		sbuf_release(&dash);
	}
	for (r = 0; r < o->nrows; r++)
		table_line(o, (const char *const *)o->cells + r * o->ncols, width);
	free(names);
	free(width);
}

/* Written on the first row or at the end, so that a command that dies
 * before its first row leaves stdout empty. */
static void
out_start(struct out *o)
{
	const char **names;
	size_t i;

	if (o->started)
		return;
	o->started = 1;
	if (o->fmt != OUT_CSV && o->fmt != OUT_TSV)
		return;
	if (o->excel)
		fputs("\xEF\xBB\xBF", o->fp);
	if (!o->header || o->ncols == 0)
		return;
	names = xcalloc(o->ncols, sizeof *names);
	for (i = 0; i < o->ncols; i++)
		names[i] = o->cols[i].name;
	sep_row(o, names);
	free(names);
}

void
out_begin(struct out *o, FILE *fp, enum out_format fmt, int header, int excel,
	  const struct out_col *cols, size_t ncols)
{
	if (fmt == OUT_AUTO)
		fmt = isatty(fileno(fp)) ? OUT_TABLE : OUT_CSV;
	o->fp = fp;
	o->fmt = fmt;
	o->header = header;
	o->excel = excel;
	o->cols = cols;
	o->ncols = ncols;
	o->nrows = 0;
	o->cells = NULL;
	o->cap = 0;
	o->started = 0;
}

void
out_row(struct out *o, const char *const *vals)
{
	out_start(o);
	switch (o->fmt) {
	case OUT_CSV:
	case OUT_TSV:
		sep_row(o, vals);
		break;
	case OUT_JSONL:
		json_row(o, vals);
		break;
	case OUT_TABLE:
		if (o->ncols)
			table_add(o, vals);
		break;
	case OUT_AUTO:
		die(EX_INTERNAL, "out_row before out_begin");
	}
	o->nrows++;
}

void
out_end(struct out *o)
{
	size_t i;

	out_start(o);
	if (o->fmt == OUT_TABLE)
		table_print(o);
	if (o->cells) {
		for (i = 0; i < o->nrows * o->ncols; i++)
			free(o->cells[i]);
		free(o->cells);
	}
	o->cells = NULL;
	o->cap = 0;
	o->nrows = 0;
}

void
out_rows_init(struct out_rows *t, const char *name, const struct out_col *cols, size_t ncols)
{
	t->name = name;
	t->cols = cols;
	t->ncols = ncols;
	t->nrows = 0;
	t->cap = 0;
	t->cells = NULL;
}

void
out_rows_add(struct out_rows *t, const char *const *vals)
{
	size_t i;

	if (t->nrows == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 8;
		t->cells = xrealloc(t->cells, t->cap * t->ncols * sizeof *t->cells);
	}
	for (i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = xstrdup(vals[i] ? vals[i] : "");
	t->nrows++;
}

const char *const *
out_rows_row(const struct out_rows *t, size_t i)
{
	return (const char *const *)t->cells + i * t->ncols;
}

void
out_rows_release(struct out_rows *t)
{
	size_t i;

	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->nrows = t->cap = 0;
}

/* ---- a record shown whole ---- */

/* One cell for a terminal: no control characters. */
static void
put_clean(FILE *fp, const char *s)
{
	for (; *s; s++)
		putc(*s == '\t' || *s == '\n' || *s == '\r' ? ' '
		     : (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, fp);
}

/* A list row as one value: "k=v;k=v" of its non-empty cells. */
static void
put_pairs(const struct out_rows *t, size_t r, struct sbuf *b)
{
	const char *const *v = out_rows_row(t, r);
	size_t i;

	sbuf_reset(b);
	for (i = 0; i < t->ncols; i++)
		if (*v[i])
			sbuf_printf(b, "%s%s=%s", b->len ? ";" : "", t->cols[i].name, v[i]);
}

/* On a terminal: "field: value" lines, aligned. */
static void
record_table(FILE *fp, const struct out_rows *f, const struct out_rows *lists, size_t nlists)
{
	const char *const *row = out_rows_row(f, 0);
	struct sbuf b = SBUF_INIT;
	size_t i, k, r, w = 0;

	for (i = 0; i < f->ncols; i++)
		if (strlen(f->cols[i].name) > w)
			w = strlen(f->cols[i].name);
	for (k = 0; k < nlists; k++)
		if (lists[k].nrows && strlen(lists[k].name) > w)
			w = strlen(lists[k].name);
	for (i = 0; i < f->ncols; i++) {
		fprintf(fp, "%s:", f->cols[i].name);
		if (*row[i]) {
			fprintf(fp, "%*s ", (int)(w - strlen(f->cols[i].name)), "");
			put_clean(fp, row[i]);
		}
		putc('\n', fp);
	}
	for (k = 0; k < nlists; k++)
		for (r = 0; r < lists[k].nrows; r++) {
			put_pairs(&lists[k], r, &b);
			fprintf(fp, "%s:%*s ", lists[k].name, (int)(w - strlen(lists[k].name)), "");
			put_clean(fp, sbuf_str(&b));
			putc('\n', fp);
		}
	sbuf_release(&b);
}

/* jsonl: one object; the lists are arrays of objects. */
static void
record_json(FILE *fp, const struct out_rows *f, const struct out_rows *lists, size_t nlists)
{
	size_t k, r;

	putc('{', fp);
	out_json_members(fp, f->cols, f->ncols, out_rows_row(f, 0));
	for (k = 0; k < nlists; k++) {
		putc(',', fp);
		out_json_string(fp, lists[k].name);
		fputs(":[", fp);
		for (r = 0; r < lists[k].nrows; r++) {
			fputs(r ? ",{" : "{", fp);
			out_json_members(fp, lists[k].cols, lists[k].ncols, out_rows_row(&lists[k], r));
			putc('}', fp);
		}
		putc(']', fp);
	}
	fputs("}\n", fp);
}

/* csv, tsv: field,value rows; a list row is one "k=v;k=v" value */
static void
record_rows(struct out *o, const struct out_rows *f, const struct out_rows *lists,
	    size_t nlists)
{
	struct sbuf b = SBUF_INIT;
	size_t i, k, r;

	for (i = 0; i < f->ncols; i++) {
		const char *kv[2] = { f->cols[i].name, out_rows_row(f, 0)[i] };
		out_row(o, kv);
	}
	for (k = 0; k < nlists; k++)
		for (r = 0; r < lists[k].nrows; r++) {
			const char *kv[2] = { lists[k].name, NULL };
			put_pairs(&lists[k], r, &b);
			kv[1] = sbuf_str(&b);
			out_row(o, kv);
		}
	out_end(o);
	sbuf_release(&b);
}

void
out_record(struct out *o, const struct out_rows *fields, const struct out_rows *lists,
	   size_t nlists)
{
	if (o->fmt == OUT_TABLE)
		record_table(o->fp, fields, lists, nlists);
	else if (o->fmt == OUT_JSONL)
		record_json(o->fp, fields, lists, nlists);
	else
		record_rows(o, fields, lists, nlists);
}
