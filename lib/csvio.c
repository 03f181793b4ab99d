/* csvio.c - CSV/TSV input over libcsv: streaming, line numbers, strict
 * checks (UTF-8, NUL, field counts) and the header mapping of SPEC §2 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "csvio.h"
#include "err.h"
#include "parse.h"
#include "session.h"
#include "suggest.h"

#define BUFSZ 65536
#define RAWSZ 32768  /* --encoding: raw bytes per conversion */
#define SEEKSZ 8192  /* the first read after a seek */

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

/* Line ends in s[0..n): LF, CR, or CRLF counted once; *cr says whether
 * the byte before s was a CR, and is left saying it of s's last byte. */
static size_t
line_ends(const unsigned char *s, size_t n, int *cr)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (s[i] == '\r' || (s[i] == '\n' && !(i ? s[i - 1] == '\r' : *cr)))
			k++;
	if (n)
		*cr = s[n - 1] == '\r';
	return k;
}

static int
is_utf16_name(const char *e)
{
	return streqi(e, "utf-16") || streqi(e, "utf16");
}

/* --encoding: iconv from it to UTF-8. A UTF-16 file without a byte order
 * mark is read in the byte order its ASCII shows (iconv would take it as
 * big-endian). */
static void
open_encoding(struct csvr *r, const char *enc)
{
	const char *from = enc;

	r->cd = (iconv_t)-1;
	if (!enc || streqi(enc, "utf-8") || streqi(enc, "utf8"))
		return;
	r->encoding = xstrdup(enc);
	r->raw = xmalloc(RAWSZ);
	if (is_utf16_name(enc)) {
		r->rawlen = fread(r->raw, 1, RAWSZ, r->fp);
		r->done += (int64_t)r->rawlen;
		if (r->rawlen >= 2 && !(r->raw[0] == 0xff && r->raw[1] == 0xfe) &&
		    !(r->raw[0] == 0xfe && r->raw[1] == 0xff))
			from = r->raw[0] && !r->raw[1] ? "UTF-16LE" : "UTF-16BE";
	}
	r->cd = iconv_open("UTF-8", from);
	if (r->cd == (iconv_t)-1)
		die(EX_USAGE, "unknown encoding '%s' (see iconv -l)", enc);
}

void
csvr_open(struct csvr *r, const char *path, enum csv_kind kind)
{
	struct stat sb;
	size_t n;

	memset(r, 0, sizeof *r);
	if (!path || !strcmp(path, "-")) {
		if (isatty(0))
			die(EX_USAGE, "no input (give FILE or pipe one in)");
		r->name = xstrdup("<stdin>");
		r->fp = stdin;
	} else {
		r->name = xstrdup(path);
		r->path = xstrdup(path);
		r->fp = fopen(path, "rb");
		if (!r->fp)
			die(EX_DATA, "cannot open '%s': %s", path, strerror(errno));
	}
	r->src = r->fp;
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
	r->want = BUFSZ;
	r->lf = SIZE_MAX;
	r->line = 1;
	r->t0 = r->tlast = now_us();
	r->tty = isatty(2);
	open_encoding(r, S.imp.encoding);
}

void
csvr_allow_seek(struct csvr *r)
{
	if (r->path && r->size >= 0 && r->cd == (iconv_t)-1)
		return; /* a plain file is read again itself */
	if (!(r->spool = tmpfile()))
		die(EX_IO, "cannot create a temporary file: %s", strerror(errno));
}

/* Does the field s (not UTF-8) read as GB18030, the encoding of Chinese
 * spreadsheets (GBK and GB2312 are subsets)? */
static int
reads_as_gb18030(const char *s, size_t len)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	char out[256], *in = (char *)s, *o;
	size_t inleft = len, oleft;
	int ok = 1;

	if (cd == (iconv_t)-1)
		return 0;
	while (inleft > 0 && ok) {
		o = out;
		oleft = sizeof out;
		if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 && errno != E2BIG)
			ok = 0;
	}
	iconv_close(cd);
	return ok;
}

/* Is the (unconverted) file UTF-16: a byte order mark, or the NUL bytes
 * of ASCII text in UTF-16 in most of its first characters? */
static int
looks_utf16(const struct csvr *r)
{
	const unsigned char *h = r->head;
	size_t i, le = 0, be = 0, pairs = r->nhead / 2;

	if (r->nhead >= 2 && ((h[0] == 0xff && h[1] == 0xfe) || (h[0] == 0xfe && h[1] == 0xff)))
		return 1;
	for (i = 0; i + 1 < r->nhead; i += 2) {
		le += h[i] && !h[i + 1];
		be += !h[i] && h[i + 1];
	}
	return pairs >= 2 && (le * 2 > pairs || be * 2 > pairs);
}

/* A field that is not UTF-8 text: say what the file is when we can tell. */
static void
bad_text(struct csvr *r, const char *s, size_t len, size_t bad)
{
	int c1 = 0, c2 = 0;
	size_t line = r->line - (line_ends((const unsigned char *)s, len, &c1) -
				 line_ends((const unsigned char *)s, bad, &c2));
	int nul = memchr(s, '\0', len) != NULL;

	if (r->cd == (iconv_t)-1 && looks_utf16(r))
		die(EX_DATA, "%s:%zu: the file is UTF-16: try --encoding utf-16", r->name, line);
	if (!nul && r->cd == (iconv_t)-1 && reads_as_gb18030(s, len))
		die(EX_DATA, "%s:%zu: invalid UTF-8 (the file reads as GB18030: try --encoding gb18030)",
		    r->name, line);
	die(EX_DATA, "%s:%zu: %s", r->name, line, nul ? "NUL byte in input" : "invalid UTF-8");
}

static void
on_field(void *s, size_t len, void *data)
{
	struct csvr *r = data;
	size_t bad;

	if (!utf8_valid(s, len, &bad))
		bad_text(r, s, len, bad);
	if (!r->rec_open) {
		r->rec_open = 1;
		r->rec_line = r->cand_line;
		r->rec_off = r->cand_off;
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
	r->qrec[r->nqrec].off = r->rec_off;
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

/* Feed one line (or the part of it in the buffer) to libcsv: up to a LF,
 * a CRLF, or a lone CR (old Mac files), so that every record knows its
 * line. */
static void
feed(struct csvr *r)
{
	unsigned char *s = r->buf + r->bpos, *cr;
	size_t avail = r->blen - r->bpos, len = avail, upto;
	int ends = 0;

	if (r->lf == SIZE_MAX || r->lf < r->bpos) {
		unsigned char *nl = memchr(s, '\n', avail);

		r->lf = nl ? (size_t)(nl - r->buf) : r->blen;
	}
	upto = r->lf - r->bpos; /* bytes before the LF, or all */
	cr = memchr(s, '\r', upto);
	if (cr) {
		len = (size_t)(cr - s) + 1;
		if (len < avail && s[len] == '\n')
			len++;
		ends = 1;
	} else if (upto < avail) {
		len = upto + 1;
		ends = !(upto == 0 && r->cr); /* the LF of a CRLF split by the buffer */
	}
	if (r->p.pstate == 0 && !r->rec_open) {
		r->cand_line = r->line;
		r->cand_off = r->boff + (int64_t)r->bpos;
	}
	if (csv_parse(&r->p, s, len, on_field, on_record, r) != len)
		parse_fail(r, r->line);
	r->bpos += len;
	r->cr = s[len - 1] == '\r';
	if (ends)
		r->line++;
}

/* --encoding: convert raw bytes into buf. A sequence that cannot be
 * converted dies naming its line. */
static size_t
convert(struct csvr *r)
{
	char *out = (char *)r->buf, *in;
	size_t oleft = r->want, inleft, n;
	int more = r->rawpos == r->rawlen;
	const char *what = "invalid";

	while (oleft > 0) {
		if (more) {
			if (r->raweof)
				break;
			memmove(r->raw, r->raw + r->rawpos, r->rawlen - r->rawpos);
			r->rawlen -= r->rawpos;
			r->rawpos = 0;
			n = fread(r->raw + r->rawlen, 1, RAWSZ - r->rawlen, r->fp);
			if (n == 0 && ferror(r->fp))
				die(EX_DATA, "%s: read error: %s", r->name, strerror(errno));
			r->done += (int64_t)n;
			r->rawlen += n;
			if (n == 0) {
				r->raweof = 1;
				what = "incomplete";
				if (r->rawlen > 0)
					goto bad;
				break;
			}
			more = 0;
		}
		in = (char *)r->raw + r->rawpos;
		inleft = r->rawlen - r->rawpos;
		n = iconv(r->cd, &in, &inleft, &out, &oleft);
		r->rawpos = (size_t)((unsigned char *)in - r->raw);
		if (n == (size_t)-1 && errno == E2BIG)
			break;
		if (n == (size_t)-1 && errno != EINVAL)
			goto bad;
		/* all converted, or a sequence cut at the end of the raw
		 * block: hand out what is converted before reading on */
		if (out > (char *)r->buf)
			break;
		more = 1;
	}
	return (size_t)(out - (char *)r->buf);
bad: {
		int cr = r->cr;
		size_t line = r->line + line_ends(r->buf, (size_t)(out - (char *)r->buf), &cr);

		die(EX_DATA, "%s:%zu: %s byte sequence for encoding '%s'", r->name, line, what,
		    r->encoding);
	}
}

/* Read the next block of the stream into buf; 0 at its end. */
static int
fill(struct csvr *r)
{
	size_t n;

	r->boff += (int64_t)r->blen;
	r->bpos = r->blen = 0;
	r->lf = SIZE_MAX;
	if (r->cd != (iconv_t)-1 && !r->seeking) {
		n = convert(r);
	} else {
		n = fread(r->buf, 1, r->want, r->src);
		if (n == 0 && ferror(r->src))
			die(EX_DATA, "%s: read error: %s", r->name, strerror(errno));
		if (!r->seeking)
			r->done += (int64_t)n;
	}
	r->want = BUFSZ;
	if (r->spool && !r->seeking && n && fwrite(r->buf, 1, n, r->spool) != n)
		die(EX_IO, "cannot write a temporary file: %s", strerror(errno));
	if (!r->started) {
		r->started = 1;
		r->nhead = n < sizeof r->head ? n : sizeof r->head;
		memcpy(r->head, r->buf, r->nhead);
		/* drop a UTF-8 byte order mark at the very start */
		if (n >= 3 && !memcmp(r->buf, "\xef\xbb\xbf", 3))
			r->bpos = 3;
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

void
csvr_seek(struct csvr *r, int64_t off, size_t line)
{
	if (!r->seeking) {
		/* the second pass: read the file again, or the copy of it */
		r->seeking = 1;
		if (r->spool) {
			if (fflush(r->spool) != 0)
				die(EX_IO, "cannot write a temporary file: %s", strerror(errno));
			r->src = r->spool;
		}
		r->blen = r->bpos = 0;
	} else if (r->qhead < r->nqrec ? r->qrec[r->qhead].off == off
		   : !r->rec_open && r->p.pstate == 0 && r->boff + (int64_t)r->bpos == off) {
		return; /* the record that comes next anyway */
	}
	csv_free(&r->p);
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		die(EX_INTERNAL, "out of memory");
	csv_set_delim(&r->p, (unsigned char)r->delim);
	csv_set_space_func(&r->p, no_space);
	r->nqrec = r->qhead = r->nqoff = 0;
	sbuf_reset(&r->qdata);
	r->rec_open = 0;
	r->eof = 0;
	r->line = line;
	r->cr = 0;
	if (r->blen && off >= r->boff && off < r->boff + (int64_t)r->blen) {
		r->bpos = (size_t)(off - r->boff);
		return;
	}
	if (fseeko(r->src, (off_t)off, SEEK_SET) != 0)
		die(EX_IO, "%s: cannot seek: %s", r->name, strerror(errno));
	r->boff = off;
	r->blen = r->bpos = 0;
	/* rows of a record are usually near each other: read a little */
	r->want = SEEKSZ;
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
	r->off_no = q->off;
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

/* A header of one column whose name holds another separator: the file
 * is not separated the way it is read. The hint for the error, or "". */
static const char *
separator_hint(const struct csvr *r)
{
	if (r->nheader != 1)
		return "";
	if (strchr(r->header[0], ';'))
		return " (the fields look separated by ';': give a CSV separated by ',' or a TSV)";
	if (r->delim == ',' && strchr(r->header[0], '\t'))
		return " (the fields look separated by tabs: use --input-format tsv)";
	if (r->delim == '\t' && strchr(r->header[0], ','))
		return " (the fields look separated by ',': use --input-format csv)";
	return "";
}

/* Die naming the unknown columns, the nearest known name of each, and the
 * known ones. */
static void
unknown_columns(const struct csvr *r, const size_t *unknown, size_t n)
{
	struct sbuf msg = SBUF_INIT;
	const char **names = xcalloc(r->ncols + 1, sizeof *names);
	const char *hint = separator_hint(r), *near;
	size_t i;

	for (i = 0; i < r->ncols; i++)
		names[i] = r->cols[i].name;
	sbuf_printf(&msg, "%s:%zu: unknown column%s ", r->name, r->line_no, n > 1 ? "s" : "");
	for (i = 0; i < n; i++) {
		const char *h = r->header[unknown[i]];

		sbuf_printf(&msg, "%s'%s'", i ? ", " : "", h);
		if (!*hint && (near = suggest(h, names, r->ncols)))
			sbuf_printf(&msg, " (did you mean '%s'?)", near);
	}
	sbuf_adds(&msg, hint);
	sbuf_adds(&msg, "; known columns: ");
	for (i = 0; i < r->ncols; i++)
		sbuf_printf(&msg, "%s%s", i ? ", " : "", names[i]);
	die(EX_DATA, "%s", sbuf_str(&msg));
}

void
csvr_header(struct csvr *r, const struct csv_col *cols, size_t ncols, int ignore_unknown)
{
	size_t i, j, nunknown = 0, *unknown;

	if (!refill(r))
		die(EX_DATA, "%s: empty input: a header row is needed", r->name);
	take(r);
	r->cols = cols;
	r->ncols = ncols;
	r->nheader = r->nfields;
	r->header = xcalloc(r->nheader, sizeof *r->header);
	r->map = xmalloc((ncols ? ncols : 1) * sizeof *r->map);
	unknown = xmalloc(r->nheader * sizeof *unknown);
	for (j = 0; j < ncols; j++)
		r->map[j] = -1;
	for (i = 0; i < r->nheader; i++) {
		r->header[i] = trimmed(r->fields[i]);
		for (j = 0; j < ncols; j++)
			if (streqi(r->header[i], cols[j].name))
				break;
		if (j == ncols) {
			/* a rejects file's reason column: re-imports ignore it */
			if (!ignore_unknown && !streqi(r->header[i], "error"))
				unknown[nunknown++] = i;
			continue;
		}
		if (r->map[j] >= 0)
			die(EX_DATA, "%s:%zu: duplicate column '%s'", r->name, r->line_no, r->header[i]);
		r->map[j] = (int)i;
	}
	if (nunknown)
		unknown_columns(r, unknown, nunknown);
	free(unknown);
	for (j = 0; j < ncols; j++)
		if (cols[j].required && r->map[j] < 0)
			die(EX_DATA, "%s:%zu: missing required column '%s'%s", r->name, r->line_no,
			    cols[j].name, separator_hint(r));
}

/* The reader whose progress line is on a terminal: a message clears the
 * line first (err.h's warn_hook), so the two never run into each other. */
static struct csvr *on_screen;
static void (*next_hook)(void);

static void
clear_progress(void)
{
	if (on_screen && on_screen->shown) {
		fputs("\r\033[K", stderr);
		on_screen->shown = 0;
	}
	if (next_hook)
		next_hook();
}

static void
hook_progress(struct csvr *r)
{
	if (on_screen == r)
		return;
	if (!on_screen) {
		next_hook = warn_hook;
		warn_hook = clear_progress;
	}
	on_screen = r;
}

static void
unhook_progress(struct csvr *r)
{
	if (on_screen != r)
		return;
	on_screen = NULL;
	warn_hook = next_hook;
	next_hook = NULL;
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
	if (r->total > 0 || r->size > 0) {
		double frac = r->total > 0 ? (double)r->nrec / (double)r->total
					   : (double)r->done / (double)r->size;
		fprintf(stderr, ", %.0f%%", frac * 100);
		if (frac > 0 && frac < 1)
			fprintf(stderr, ", ETA %.0fs", (double)el / 1e6 * (1 - frac) / frac);
	}
	fputs(r->tty ? "\033[K" : "\n", stderr);
	if (r->tty) {
		r->shown = 1;
		hook_progress(r);
	}
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
	unhook_progress(r);
	r->progress = CSV_PROGRESS_NONE;
	r->shown = 0;
}

void
csvr_progress_restart(struct csvr *r, size_t total)
{
	r->total = total;
	r->nrec = 0;
	r->t0 = r->tlast = now_us();
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

int64_t
csvr_offset(const struct csvr *r)
{
	return r->off_no;
}

void
csvr_close(struct csvr *r)
{
	size_t i;

	csvr_progress_done(r);
	if (r->fp && r->fp != stdin)
		fclose(r->fp);
	if (r->spool)
		fclose(r->spool);
	if (r->cd != (iconv_t)-1 && r->cd)
		iconv_close(r->cd);
	free(r->raw);
	free(r->encoding);
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

int
csvr_stdin_given(void)
{
	struct stat sb;
	int c;

	if (fstat(0, &sb) < 0 ||
	    !(S_ISFIFO(sb.st_mode) || S_ISREG(sb.st_mode) || S_ISSOCK(sb.st_mode)))
		return 0;
	if ((c = getc(stdin)) == EOF) {
		clearerr(stdin);
		return 0;
	}
	ungetc(c, stdin); /* csvr_open("-") reads it again */
	return 1;
}
