/* csvio.h - CSV/TSV records in, streaming, with file:line for every error */
#ifndef SHOP_CSVIO_H
#define SHOP_CSVIO_H

#include <csv.h>
#include <iconv.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util.h"

/* A column an importer knows. */
struct csv_col {
	const char *name;  /* lowercase */
	int required;
};

enum csv_kind { CSV_AUTO, CSV_COMMA_SEP, CSV_TAB_SEP };

/* The progress line (rows, rows/s, percent, ETA) on stderr: none; on a
 * terminal once the work passes 2 s, erased at the end; or forced
 * (--progress): from the start, ending with a final line kept. */
enum { CSV_PROGRESS_NONE, CSV_PROGRESS_AUTO, CSV_PROGRESS_FORCED };

struct csvr {
	char *name;            /* owned; path for messages, "<stdin>" for - */
	char *path;            /* owned; the path opened, NULL for stdin */
	FILE *fp;              /* owned unless stdin */
	char delim;            /* ',' or '\t' */
	struct csv_parser p;
	/* the UTF-8 stream: buf holds bytes boff .. boff + blen of it */
	unsigned char *buf;    /* owned; read buffer */
	size_t blen, bpos;
	int64_t boff;          /* offset of buf[0] in the stream */
	size_t lf;             /* index of the next '\n' in buf at or after bpos,
				* blen if none, SIZE_MAX when not looked for */
	size_t want;           /* bytes the next read asks for */
	int started;           /* the first block was read (BOM dropped) */
	int cr;                /* the last byte fed was a CR that ended a line */
	int eof;               /* input exhausted and libcsv finished */
	int64_t size;          /* file size, or -1 for a pipe */
	int64_t done;          /* bytes of the file read */
	size_t line;           /* physical line being fed to libcsv */
	size_t cand_line;      /* line where a record starting now begins */
	int64_t cand_off;      /* and its offset in the stream */
	size_t rec_line;       /* line where the record being parsed began */
	int64_t rec_off;       /* and its offset */
	int rec_open;          /* a record is being parsed */
	/* completed records not yet handed out; all field bytes in one
	 * arena, reset when the queue drains (usually one record per line) */
	struct sbuf qdata;     /* owned: field bytes, NUL-separated */
	size_t *qoff;          /* owned: offset of each field in qdata */
	size_t nqoff, qoffcap;
	struct csvr_rec { size_t first, n, line; int64_t off; } *qrec; /* owned */
	size_t nqrec, qrecap, qhead;
	size_t rec_first;      /* qoff index of the open record's first field */
	/* the current record: fields point into qdata */
	char **fields;         /* owned array, borrowed strings */
	size_t nfields, fcap;
	size_t line_no;        /* line where the current record starts */
	int64_t off_no;        /* offset in the stream where it starts */
	/* header */
	char **header;         /* owned strings */
	size_t nheader;
	const struct csv_col *cols; /* borrowed */
	size_t ncols;
	int *map;              /* owned: map[col] = field index or -1 */
	/* --encoding: the file converted to UTF-8 with iconv as it is read */
	iconv_t cd;            /* owned, or (iconv_t)-1: the file is UTF-8 */
	char *encoding;        /* owned: the name given, for messages */
	unsigned char *raw;    /* owned: bytes read, not yet converted */
	size_t rawlen, rawpos;
	int raweof;
	/* the first bytes of an unconverted file: is it UTF-16? */
	unsigned char head[512];
	size_t nhead;
	/* reading records again by their offset (records of several rows) */
	FILE *spool;           /* owned: a copy of the stream (stdin, --encoding), or NULL */
	FILE *src;             /* borrowed: where blocks are read, fp or spool */
	int seeking;           /* csvr_seek was called: the second pass */
	/* progress line on stderr */
	int progress;          /* CSV_PROGRESS_* */
	int shown;             /* a progress line is on screen */
	int tty;               /* stderr is a terminal */
	int64_t t0, tlast;     /* microseconds */
	size_t nrec;
	size_t total;          /* records expected, 0 if unknown (percent by bytes) */
};

/*
 * Open path ("-" or NULL = stdin). kind CSV_AUTO picks tab when the name
 * ends in ".tsv". A file that cannot be opened dies 65 (66 is not ours);
 * stdin on a terminal dies 2 "no input". With the session's --encoding
 * (S.imp.encoding) the file is converted to UTF-8 as it is read; an
 * encoding iconv does not know dies 2.
 */
void csvr_open(struct csvr *r, const char *path, enum csv_kind kind);
/* Read the header and map it onto cols. Dies 65 on: empty input, a
 * duplicate column, an unknown column (unless ignore_unknown; the message
 * suggests the nearest known name and lists the known ones), a missing
 * required column; either of the last two says so when the header looks
 * separated by ';' or by another separator than the one read. Header
 * names match case-insensitively, surrounding spaces ignored; a column
 * named "error" (a rejects file's) is ignored. */
void csvr_header(struct csvr *r, const struct csv_col *cols, size_t ncols, int ignore_unknown);
/* Next record: 1, or 0 at end. Dies 65 "FILE:LINE: ..." on malformed CSV,
 * invalid UTF-8 (saying so when the file reads as GB18030 or is UTF-16),
 * a NUL byte, a byte sequence --encoding cannot convert. A record with a
 * different number of fields than the header also dies 65. Blank lines
 * are skipped. Lines end with LF, CRLF or a lone CR. */
int csvr_next(struct csvr *r);
/* Field of known column col for the current record; "" if the column is
 * not in the file. */
const char *csvr_get(const struct csvr *r, size_t col);
int csvr_has(const struct csvr *r, size_t col);
/* Line where the current record starts, for messages. */
size_t csvr_line(const struct csvr *r);
/* Offset in the stream (UTF-8, after --encoding) where the current record
 * starts, always at the start of a physical line: for csvr_seek. */
int64_t csvr_offset(const struct csvr *r);
/* Make csvr_seek possible: stdin, pipes and converted input are copied,
 * as they are read, to a temporary file. Call before the header. */
void csvr_allow_seek(struct csvr *r);
/* Read on from the record that starts at off (csvr_offset) on line line:
 * the next csvr_next returns it. Costs nothing when it is the record that
 * comes next anyway. */
void csvr_seek(struct csvr *r, int64_t off, size_t line);
/* The progress line from here on counts total records (a second pass). */
void csvr_progress_restart(struct csvr *r, size_t total);
/* End the progress line: erased, or the final figures kept when forced.
 * Importers call it before their summary; csvr_close does if not done. */
void csvr_progress_done(struct csvr *r);
/* Ends the progress line, closes and frees. */
void csvr_close(struct csvr *r);

/* Is there input on stdin for a command that reads it only when some is
 * given (shop-po suggest): a pipe or a regular file (a socket too) holding
 * at least a byte. A terminal, /dev/null, a closed or an empty stdin (as
 * under cron) is none. Waits for a pipe's first byte or its end; the byte
 * is put back for csvr_open("-"). */
int csvr_stdin_given(void);

/* Parse "csv" / "tsv" for --input-format. -1 if unknown. */
int csv_parse_kind(const char *s, enum csv_kind *k);

#endif
