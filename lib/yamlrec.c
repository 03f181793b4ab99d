/* yamlrec.c - YAML records in and out (see yamlrec.h) */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <yaml.h>

#include "db.h"
#include "err.h"
#include "import.h"
#include "session.h"
#include "suggest.h"
#include "util.h"
#include "yamlrec.h"

/* ---- reading ---- */

struct yread {
	const struct yrec_key *keys; /* borrowed */
	size_t nkeys;
	struct yrec_doc *d;          /* borrowed: filled as we go, freed if we die */
	char *text;                  /* owned: the whole file */
	size_t len;
	yaml_parser_t parser;
	yaml_event_t ev;             /* the current event; owned while have_ev */
	int have_ev;
};

static void
yread_release(struct yread *y)
{
	if (y->have_ev)
		yaml_event_delete(&y->ev);
	y->have_ev = 0;
	yaml_parser_delete(&y->parser);
	free(y->text);
	y->text = NULL;
}

/* Free everything first, so that dying leaves no leak behind, then die 65
 * "FILE:LINE:COLUMN: message". */
static void __attribute__((noreturn, format(printf, 4, 5)))
yread_die(struct yread *y, size_t line, size_t col, const char *fmt, ...)
{
	char msg[1024], name[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(name, sizeof name, "%s", y->d->name);
	yread_release(y);
	yrec_doc_release(y->d);
	die(EX_DATA, "%s:%zu:%zu: %s", name, line, col, msg);
}

/* Reader errors (bad UTF-8, control characters) carry a byte offset. */
static void
offset_to_pos(const char *s, size_t len, size_t off, size_t *line, size_t *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && i < len; i++) {
		if (s[i] == '\n') {
			++*line;
			*col = 1;
		} else if (((unsigned char)s[i] & 0xC0) != 0x80) {
			++*col;
		}
	}
}

#define EV_LINE(y) ((y)->ev.start_mark.line + 1)
#define EV_COL(y) ((y)->ev.start_mark.column + 1)

static void
next_event(struct yread *y)
{
	yaml_parser_t *p = &y->parser;
	size_t line, col;

	if (y->have_ev)
		yaml_event_delete(&y->ev);
	y->have_ev = 0;
	if (yaml_parser_parse(p, &y->ev)) {
		y->have_ev = 1;
		if (y->ev.type == YAML_ALIAS_EVENT)
			yread_die(y, EV_LINE(y), EV_COL(y), "aliases are not supported");
		if (y->ev.type == YAML_SCALAR_EVENT &&
		    strlen((char *)y->ev.data.scalar.value) != y->ev.data.scalar.length)
			yread_die(y, EV_LINE(y), EV_COL(y), "nul byte in a value");
		return;
	}
	if (p->error == YAML_MEMORY_ERROR) {
		yread_release(y);
		die(EX_INTERNAL, "out of memory");
	}
	if (p->error == YAML_READER_ERROR) {
		offset_to_pos(y->text, y->len, p->problem_offset, &line, &col);
	} else {
		line = p->problem_mark.line + 1;
		col = p->problem_mark.column + 1;
	}
	yread_die(y, line, col, "%s", p->problem ? p->problem : "invalid yaml");
}

/* A plain "", "~" or "null": no value. */
static int
is_null(const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;

	if (ev->type != YAML_SCALAR_EVENT || ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	return !*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") ||
	       !strcmp(v, "NULL");
}

/* "unknown key 'x' (did you mean 'y'?; known: a, b or c)" */
static void __attribute__((noreturn))
unknown_key(struct yread *y, const char *key)
{
	const char *names[64], *near;
	struct sbuf b = SBUF_INIT;
	size_t i, n = y->nkeys < 64 ? y->nkeys : 64;
	char msg[1024];

	for (i = 0; i < n; i++)
		names[i] = y->keys[i].name;
	near = suggest(key, names, n);
	if (near)
		sbuf_printf(&b, "did you mean '%s'?; ", near);
	sbuf_adds(&b, "known: ");
	for (i = 0; i < n; i++)
		sbuf_printf(&b, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", names[i]);
	snprintf(msg, sizeof msg, "%s", sbuf_str(&b));
	sbuf_release(&b);
	yread_die(y, EV_LINE(y), EV_COL(y), "unknown key '%s' (%s)", key, msg);
}

/* The known key a written key names ('_' read as '-'), or NULL. */
static const struct yrec_key *
find_key(const struct yread *y, const char *key)
{
	size_t i, j;

	for (i = 0; i < y->nkeys; i++) {
		const char *k = y->keys[i].name;

		for (j = 0; k[j] && (key[j] == k[j] || (key[j] == '_' && k[j] == '-')); j++)
			;
		if (!k[j] && !key[j])
			return &y->keys[i];
	}
	return NULL;
}

static void
add_item(struct yrec_value *v, const char *s)
{
	v->items = xrealloc(v->items, (v->n + 1) * sizeof *v->items);
	v->items[v->n++] = xstrdup(s);
}

/* The current event is a record's MAPPING-START. */
static void
read_record(struct yread *y, struct yrec *r)
{
	/* keys seen, with a null value too (given twice is an error either way) */
	const struct yrec_key *seen[64];
	size_t nseen = 0, i;

	r->line = (int)EV_LINE(y);
	r->column = (int)EV_COL(y);
	for (;;) {
		const struct yrec_key *k;
		struct yrec_value *v;
		size_t kl, kc;

		next_event(y);
		if (y->ev.type == YAML_MAPPING_END_EVENT)
			return;
		if (y->ev.type != YAML_SCALAR_EVENT)
			yread_die(y, EV_LINE(y), EV_COL(y), "a key must be a name (code, type, ...)");
		if (!(k = find_key(y, (const char *)y->ev.data.scalar.value)))
			unknown_key(y, (const char *)y->ev.data.scalar.value);
		for (i = 0; i < nseen; i++)
			if (seen[i] == k)
				yread_die(y, EV_LINE(y), EV_COL(y), "key '%s' given twice", k->name);
		if (nseen < 64)
			seen[nseen++] = k;
		kl = EV_LINE(y);
		kc = EV_COL(y);
		next_event(y);
		if (y->ev.type == YAML_MAPPING_START_EVENT)
			yread_die(y, kl, kc, "%s: expected a value, not a mapping", k->name);
		if (y->ev.type == YAML_SCALAR_EVENT && is_null(&y->ev))
			continue;
		if (y->ev.type == YAML_SEQUENCE_START_EVENT && !k->list)
			yread_die(y, kl, kc, "%s: expected one value, not a list", k->name);
		r->v = xrealloc(r->v, (r->n + 1) * sizeof *r->v);
		v = &r->v[r->n++];
		memset(v, 0, sizeof *v);
		v->key = k->name;
		v->line = (int)kl;
		v->column = (int)kc;
		if (y->ev.type == YAML_SCALAR_EVENT) {
			add_item(v, (const char *)y->ev.data.scalar.value);
			continue;
		}
		v->list = 1;
		for (;;) {
			next_event(y);
			if (y->ev.type == YAML_SEQUENCE_END_EVENT)
				break;
			if (y->ev.type != YAML_SCALAR_EVENT)
				yread_die(y, EV_LINE(y), EV_COL(y), "%s: expected a list of values",
					  k->name);
			add_item(v, (const char *)y->ev.data.scalar.value);
		}
	}
}

static void
read_all(struct yread *y, FILE *fp)
{
	size_t cap = 0, n;

	for (;;) {
		if (cap - y->len < 4096) {
			cap = cap ? cap * 2 : 8192;
			y->text = xrealloc(y->text, cap);
		}
		n = fread(y->text + y->len, 1, cap - y->len - 1, fp);
		y->len += n;
		if (n == 0)
			break;
	}
	y->text[y->len] = '\0';
}

void
yrec_read(const char *path, const struct yrec_key *keys, size_t nkeys, struct yrec_doc *d)
{
	struct yread y;
	FILE *fp;
	int e;

	memset(d, 0, sizeof *d);
	memset(&y, 0, sizeof y);
	y.keys = keys;
	y.nkeys = nkeys;
	y.d = d;
	if (!path || !strcmp(path, "-")) {
		if (isatty(0))
			die(EX_USAGE, "no input (give FILE or pipe one in)");
		fp = stdin;
		d->name = xstrdup("<stdin>");
	} else if (!(fp = fopen(path, "rb"))) {
		die(EX_DATA, "cannot open '%s': %s", path, strerror(errno));
	} else {
		d->name = xstrdup(path);
	}
	read_all(&y, fp);
	e = ferror(fp) ? errno : 0;
	if (fp != stdin)
		fclose(fp);
	if (e) {
		free(y.text);
		yrec_doc_release(d);
		die(EX_DATA, "cannot read '%s': %s", path ? path : "-", strerror(e));
	}
	if (!yaml_parser_initialize(&y.parser))
		die(EX_INTERNAL, "out of memory");
	yaml_parser_set_input_string(&y.parser, (const unsigned char *)y.text, y.len);
	next_event(&y); /* STREAM-START */
	next_event(&y);
	if (y.ev.type == YAML_DOCUMENT_START_EVENT) {
		next_event(&y);
		if (y.ev.type == YAML_SEQUENCE_START_EVENT) {
			for (;;) {
				next_event(&y);
				if (y.ev.type == YAML_SEQUENCE_END_EVENT)
					break;
				if (y.ev.type != YAML_MAPPING_START_EVENT)
					yread_die(&y, EV_LINE(&y), EV_COL(&y),
						  "a record must be a mapping of keys (code: ...)");
				d->recs = xrealloc(d->recs, (d->n + 1) * sizeof *d->recs);
				memset(&d->recs[d->n], 0, sizeof d->recs[d->n]);
				read_record(&y, &d->recs[d->n++]);
			}
		} else if (!is_null(&y.ev)) {
			yread_die(&y, EV_LINE(&y), EV_COL(&y),
				  "expected a list of records (- code: ...)");
		}
		next_event(&y); /* DOCUMENT-END */
		next_event(&y);
		if (y.ev.type == YAML_DOCUMENT_START_EVENT)
			yread_die(&y, EV_LINE(&y), EV_COL(&y), "more than one document in the file");
	}
	yread_release(&y);
}

void
yrec_doc_release(struct yrec_doc *d)
{
	size_t i, j, k;

	for (i = 0; i < d->n; i++) {
		for (j = 0; j < d->recs[i].n; j++) {
			for (k = 0; k < d->recs[i].v[j].n; k++)
				free(d->recs[i].v[j].items[k]);
			free(d->recs[i].v[j].items);
		}
		free(d->recs[i].v);
	}
	free(d->recs);
	free(d->name);
	memset(d, 0, sizeof *d);
}

const struct yrec_value *
yrec_get(const struct yrec *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->v[i].key, key))
			return &r->v[i];
	return NULL;
}

const char *
yrec_str(const struct yrec *r, const char *key)
{
	const struct yrec_value *v = yrec_get(r, key);

	return v && v->n ? v->items[0] : NULL;
}

/* ---- applying, with the CSV imports' counts ---- */

int
yrec_import(const struct yrec_doc *d, const char *noun,
	    enum res (*apply)(const struct yrec *r, struct why *w, void *arg), void *arg)
{
	struct csvr r; /* only its name: the framework words its messages with it */
	struct imp im;
	size_t i;

	memset(&r, 0, sizeof r);
	r.name = d->name;
	imp_begin(&im, &r, noun);
	r.progress = CSV_PROGRESS_NONE; /* a YAML file is read whole, at once */
	for (i = 0; i < d->n; i++) {
		struct imp_row row = { NULL, 0, (size_t)d->recs[i].line };
		struct imp_record rec = { &r, &row, 1, 0 };
		struct why w;
		enum res rc;

		w.msg[0] = '\0';
		db_savepoint();
		rc = apply(&d->recs[i], &w, arg);
		if (RES_FAILED(rc))
			db_rollback_to();
		else
			db_release();
		imp_count(&im, rc, &rec, w.msg[0] ? w.msg : "rejected");
	}
	return imp_end(&im);
}

/* ---- writing ---- */

void
yrec_out_begin(struct yrec_out *o, FILE *fp)
{
	o->fp = fp;
	o->fresh = 0;
}

void
yrec_out_record(struct yrec_out *o)
{
	o->fresh = 1;
}

/* Would s read back as itself, written plain? Conservative: a word of
 * letters, digits, non-ASCII text and a few marks that mean nothing
 * where they are (a comma means nothing in a block), not one of the
 * words YAML reads as null or boolean. */
static int
plain_ok(const char *s)
{
	static const char *const words[] = { "null", "true", "false", "yes", "no", "on", "off",
					     "y", "n", "~", NULL };
	const unsigned char *p = (const unsigned char *)s;
	size_t i, len = strlen(s);

	if (!len || strchr("-:?,[]{}#&*!|>'\"%@`", *p) || s[len - 1] == ':')
		return 0;
	for (i = 0; words[i]; i++)
		if (streqi(s, words[i]))
			return 0;
	for (; *p; p++)
		if (!(*p >= 0x80 || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= 'A' && *p <= 'Z') || strchr("_./-:+%@=,", *p)))
			return 0;
	return 1;
}

static void
put_scalar(FILE *fp, const char *s)
{
	const unsigned char *p;

	if (plain_ok(s)) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(fp, "\\x%02x", *p);
		else
			fputc(*p, fp);
	}
	fputc('"', fp);
}

static void
put_key(struct yrec_out *o, const char *key)
{
	fputs(o->fresh ? "- " : "  ", o->fp);
	o->fresh = 0;
	fprintf(o->fp, "%s:", key);
}

void
yrec_out_value(struct yrec_out *o, const char *key, const char *text)
{
	put_key(o, key);
	fputc(' ', o->fp);
	put_scalar(o->fp, text);
	fputc('\n', o->fp);
}

void
yrec_out_bool(struct yrec_out *o, const char *key, int v)
{
	put_key(o, key);
	fputs(v ? " true\n" : " false\n", o->fp);
}

void
yrec_out_list(struct yrec_out *o, const char *key, const char *const *items, size_t n)
{
	size_t i;

	put_key(o, key);
	if (!n) {
		fputs(" []\n", o->fp);
		return;
	}
	fputc('\n', o->fp);
	for (i = 0; i < n; i++) {
		fputs("    - ", o->fp);
		put_scalar(o->fp, items[i]);
		fputc('\n', o->fp);
	}
}
