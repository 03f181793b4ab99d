/* csvio.c - CSV/TSV input over libcsv: streaming, line numbers, strict
 * checks (UTF-8, NUL, field counts) and the header mapping of SPEC §2 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "csvio.h"
#include "err.h"
#include "parse.h"

#define BUFSZ 65536

static int64_t
now_us(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

/* RFC 4180 keeps spaces: nothing is trimmed. */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

int
csv_parse_kind(const char *s, enum csv_kind *k)
{
	if (streqi(s, "csv"))
		*k = CSV_COMMA_SEP;
	else if (streqi(s, "tsv"))
		*k = CSV_TAB_SEP;
	else
		return -1;
	return 0;
}

void
csvr_open(struct csvr *r, const char *path, enum csv_kind kind)
{
	struct stat sb;
	size_t n;

	memset(r, 0, sizeof *r);
	if (!path || !strcmp(path, "-")) {
		r->name = xstrdup("<stdin>");
		r->fp = stdin;
	} else {
		r->name = xstrdup(path);
		r->path = xstrdup(path);
		r->fp = fopen(path, "rb");
		if (!r->fp)
			die(EX_DATA, "cannot open '%s': %s", path, strerror(errno));
	}
	if (kind == CSV_AUTO) {
		n = strlen(r->name);
		kind = n > 4 && streqi(r->name + n - 4, ".tsv") ? CSV_TAB_SEP : CSV_COMMA_SEP;
	}
	r->delim = kind == CSV_TAB_SEP ? '\t' : ',';
	r->size = fstat(fileno(r->fp), &sb) == 0 && S_ISREG(sb.st_mode) ? (int64_t)sb.st_size : -1;
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		die(EX_INTERNAL, "out of memory");
	csv_set_delim(&r->p, (unsigned char)r->delim);
	csv_set_space_func(&r->p, no_space);
	r->buf = xmalloc(BUFSZ);
	r->line = 1;
	r->t0 = r->tlast = now_us();
	r->tty = isatty(2);
}

static void
on_field(void *s, size_t len, void *data)
{
	struct csvr *r = data;
	size_t bad, i, nl = 0;

	if (!utf8_valid(s, len, &bad)) {
		for (i = bad; i < len; i++)
			nl += ((char *)s)[i] == '\n';
		die(EX_DATA, "%s:%zu: %s", r->name, r->line - nl,
		    memchr(s, '\0', len) ? "NUL byte in input" : "invalid UTF-8");
	}
	if (!r->rec_open) {
		r->rec_open = 1;
		r->rec_line = r->cand_line;
		r->rec_first = r->nqoff;
	}
	if (r->nqoff == r->qoffcap) {
		r->qoffcap = r->qoffcap ? 2 * r->qoffcap : 64;
		r->qoff = xrealloc(r->qoff, r->qoffcap * sizeof *r->qoff);
	}
	r->qoff[r->nqoff++] = r->qdata.len;
	/* CSV_APPEND_NULL: s[len] is NUL, copied as the separator */
	sbuf_add(&r->qdata, s, len + 1);
}

static void
on_record(int c, void *data)
{
	struct csvr *r = data;

	(void)c;
	if (!r->rec_open) /* an empty line yields nothing with libcsv, but be safe */
		return;
	if (r->nqrec == r->qrecap) {
		r->qrecap = r->qrecap ? 2 * r->qrecap : 16;
		r->qrec = xrealloc(r->qrec, r->qrecap * sizeof *r->qrec);
	}
	r->qrec[r->nqrec].first = r->rec_first;
	r->qrec[r->nqrec].n = r->nqoff - r->rec_first;
	r->qrec[r->nqrec].line = r->rec_line;
	r->nqrec++;
	r->rec_open = 0;
}

static void
parse_fail(struct csvr *r, size_t line)
{
	die(EX_DATA, "%s:%zu: malformed CSV: %s", r->name, line,
	    csv_error(&r->p) == CSV_EPARSE ? "misplaced or unterminated quote"
					    : csv_strerror(csv_error(&r->p)));
}

/* Feed one line (or the part of it in the buffer) to libcsv. */
static void
feed(struct csvr *r)
{
	unsigned char *s = r->buf + r->bpos, *nl;
	size_t len = r->blen - r->bpos;

	nl = memchr(s, '\n', len);
	if (nl)
		len = (size_t)(nl - s) + 1;
	if (r->p.pstate == 0 && !r->rec_open)
		r->cand_line = r->line;
	if (csv_parse(&r->p, s, len, on_field, on_record, r) != len)
		parse_fail(r, r->line);
	r->bpos += len;
	r->done += (int64_t)len;
	if (nl)
		r->line++;
}

static int
fill(struct csvr *r)
{
	size_t n;

	r->bpos = 0;
	n = fread(r->buf, 1, BUFSZ, r->fp);
	if (n == 0 && ferror(r->fp))
		die(EX_DATA, "%s: read error: %s", r->name, strerror(errno));
	/* drop a UTF-8 byte order mark at the very start */
	if (r->done == 0 && n >= 3 && !memcmp(r->buf, "\xef\xbb\xbf", 3)) {
		r->bpos = 3;
		r->done = 3;
	}
	r->blen = n;
	return n > 0;
}

/* Parse until a record is queued or the input ends. 1 if one is ready. */
static int
refill(struct csvr *r)
{
	if (r->qhead < r->nqrec)
		return 1;
	/* queue drained: reuse the arena, keeping an open record's fields */
	if (r->rec_open && r->rec_first > 0) {
		size_t base = r->qoff[r->rec_first], i;

		memmove(r->qdata.s, r->qdata.s + base, r->qdata.len - base);
		r->qdata.len -= base;
		for (i = r->rec_first; i < r->nqoff; i++)
			r->qoff[i - r->rec_first] = r->qoff[i] - base;
		r->nqoff -= r->rec_first;
		r->rec_first = 0;
	} else if (!r->rec_open) {
		sbuf_reset(&r->qdata);
		r->nqoff = 0;
	}
	r->nqrec = r->qhead = 0;
	while (r->nqrec == 0 && !r->eof) {
		if (r->bpos == r->blen && !fill(r)) {
			/* an unterminated quote: name the line where its record began */
			if (csv_fini(&r->p, on_field, on_record, r) != 0)
				parse_fail(r, r->rec_open ? r->rec_line : r->cand_line);
			r->eof = 1;
			break;
		}
		feed(r);
	}
	return r->nqrec > 0;
}

static void
take(struct csvr *r)
{
	struct csvr_rec *q = &r->qrec[r->qhead++];
	size_t i;

	if (q->n > r->fcap) {
		r->fcap = q->n;
		r->fields = xrealloc(r->fields, r->fcap * sizeof *r->fields);
	}
	for (i = 0; i < q->n; i++)
		r->fields[i] = r->qdata.s + r->qoff[q->first + i];
	r->nfields = q->n;
	r->line_no = q->line;
}

static char *
trimmed(const char *s)
{
	size_t n = strlen(s);

	while (*s == ' ' || *s == '\t') {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s, n);
}

void
csvr_header(struct csvr *r, const struct csv_col *cols, size_t ncols, int ignore_unknown)
{
	struct sbuf unknown = SBUF_INIT;
	size_t i, j, nunknown = 0;

	if (!refill(r))
		die(EX_DATA, "%s: empty input: a header row is needed", r->name);
	take(r);
	r->cols = cols;
	r->ncols = ncols;
	r->nheader = r->nfields;
	r->header = xcalloc(r->nheader, sizeof *r->header);
	r->map = xmalloc(ncols * sizeof *r->map);
	for (j = 0; j < ncols; j++)
		r->map[j] = -1;
	for (i = 0; i < r->nheader; i++) {
		r->header[i] = trimmed(r->fields[i]);
		for (j = 0; j < ncols; j++)
			if (streqi(r->header[i], cols[j].name))
				break;
		if (j == ncols) {
			/* a rejects file's reason column: re-imports ignore it */
			if (!ignore_unknown && !streqi(r->header[i], "error")) {
				sbuf_printf(&unknown, "%s'%s'", nunknown ? ", " : "", r->header[i]);
				nunknown++;
			}
			continue;
		}
		if (r->map[j] >= 0)
			die(EX_DATA, "%s:%zu: duplicate column '%s'", r->name, r->line_no, r->header[i]);
		r->map[j] = (int)i;
	}
	if (nunknown)
		die(EX_DATA, "%s:%zu: unknown column%s %s (use --ignore-unknown to skip)",
		    r->name, r->line_no, nunknown > 1 ? "s" : "", sbuf_str(&unknown));
	for (j = 0; j < ncols; j++)
		if (cols[j].required && r->map[j] < 0)
			die(EX_DATA, "%s:%zu: missing required column '%s'", r->name, r->line_no,
			    cols[j].name);
	sbuf_release(&unknown);
}

/* One progress line: "\rprog: 120000 rows, 60000 rows/s, 45%, ETA 3s". */
static void
progress_line(struct csvr *r, int64_t t)
{
	int64_t el = t - r->t0 > 0 ? t - r->t0 : 1;
	double rate = (double)r->nrec * 1e6 / (double)el;

	/* a terminal gets one line redrawn; a log gets a line per update */
	if (r->tty)
		fputc('\r', stderr);
	fprintf(stderr, "%s: %zu rows, %.0f rows/s", progname, r->nrec, rate);
	if (r->size > 0) {
		double frac = (double)r->done / (double)r->size;
		fprintf(stderr, ", %.0f%%", frac * 100);
		if (frac > 0 && frac < 1)
			fprintf(stderr, ", ETA %.0fs", (double)el / 1e6 * (1 - frac) / frac);
	}
	fputs(r->tty ? "\033[K" : "\n", stderr);
	r->shown = 1;
}

static void
progress(struct csvr *r)
{
	int64_t t = now_us();

	if (t - r->tlast < 250000)
		return;
	if (r->progress == CSV_PROGRESS_AUTO && t - r->t0 < 2000000)
		return;
	r->tlast = t;
	progress_line(r, t);
}

void
csvr_progress_done(struct csvr *r)
{
	if (r->progress == CSV_PROGRESS_FORCED) {
		progress_line(r, now_us());
		if (r->tty)
			fputc('\n', stderr);
	} else if (r->shown) {
		fputs("\r\033[K", stderr);
	}
	r->progress = CSV_PROGRESS_NONE;
	r->shown = 0;
}

int
csvr_next(struct csvr *r)
{
	if (!refill(r))
		return 0;
	take(r);
	if (r->nfields != r->nheader)
		die(EX_DATA, "%s:%zu: expected %zu fields as in the header, found %zu", r->name,
		    r->line_no, r->nheader, r->nfields);
	r->nrec++;
	if (r->progress && (r->nrec & 1023) == 0)
		progress(r);
	return 1;
}

const char *
csvr_get(const struct csvr *r, size_t col)
{
	int i = r->map[col];

	return i >= 0 ? r->fields[i] : "";
}

int
csvr_has(const struct csvr *r, size_t col)
{
	return r->map[col] >= 0;
}

size_t
csvr_line(const struct csvr *r)
{
	return r->line_no;
}

void
csvr_close(struct csvr *r)
{
	size_t i;

	csvr_progress_done(r);
	if (r->fp && r->fp != stdin)
		fclose(r->fp);
	csv_free(&r->p);
	for (i = 0; i < r->nheader; i++)
		free(r->header[i]);
	free(r->header);
	free(r->map);
	free(r->fields);
	free(r->qoff);
	free(r->qrec);
	free(r->buf);
	free(r->name);
	free(r->path);
	sbuf_release(&r->qdata);
	memset(r, 0, sizeof *r);
}
