/* t_csvio - lib/csvio.c: the lines records start on (LF, CRLF, lone CR,
 * mixed, quoted newlines, across buffer boundaries), reading a record
 * again by its offset (csvr_seek), --encoding conversion across block
 * boundaries, the errors a file that is not UTF-8 gets, stdin on a
 * terminal, and the progress line cleared by a message. */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "csvio.h"
#include "err.h"
#include "session.h"
#include "unit.h"
#include "util.h"

static char dir[] = "/tmp/t_csvio.XXXXXX";
static char path[600];

static void
put(const char *name, const char *data, size_t n)
{
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "wb");
	if (!fp || fwrite(data, 1, n, fp) != n || fclose(fp) != 0) {
		perror(path);
		exit(70);
	}
}

#define PUTS(name, s) put((name), (s), sizeof(s) - 1)

/* Every record of the file at path as "LINE:f1|f2;" after the header. */
static char *
records(void)
{
	struct sbuf b = SBUF_INIT;
	struct csvr r;
	size_t i;

	csvr_open(&r, path, CSV_AUTO);
	csvr_header(&r, NULL, 0, 1);
	while (csvr_next(&r)) {
		sbuf_printf(&b, "%zu:", csvr_line(&r));
		for (i = 0; i < r.nfields; i++)
			sbuf_printf(&b, "%s%s", i ? "|" : "", r.fields[i]);
		sbuf_addc(&b, ';');
	}
	csvr_close(&r);
	return b.s ? b.s : xstrdup("");
}

#define CHECK_RECORDS(want) do { \
	char *got_ = records(); \
	CHECK_STR(got_, want); \
	free(got_); \
} while (0)

/* Run fn in a child with stderr in a file: its exit status and stderr. */
static int
child(void (*fn)(void), char *err, size_t errsz)
{
	char epath[700];
	int status, fd;
	ssize_t n;
	pid_t pid;

	snprintf(epath, sizeof epath, "%s/stderr", dir);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		fd = open(epath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fd, 2);
		fn();
		exit(0);
	}
	waitpid(pid, &status, 0);
	fd = open(epath, O_RDONLY);
	n = read(fd, err, errsz - 1);
	err[n > 0 ? n : 0] = '\0';
	close(fd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void
read_all(void)
{
	free(records());
}

#define CHECK_DIES(code, msg) do { \
	char err_[4096]; \
	CHECK_INT(child(read_all, err_, sizeof err_), (code)); \
	CHECK_STR(err_, msg); \
} while (0)

/* A CRLF cut by the end of the first 64 KB block: the LF that starts the
 * next block ends no line of its own. */
static void
test_split_crlf(void)
{
	struct sbuf b = SBUF_INIT;
	char *got;
	size_t k = 65536 - 1 - 9 - 2;

	sbuf_adds(&b, "id,name\r\n1,");
	while (k--)
		sbuf_addc(&b, 'a');
	sbuf_adds(&b, "\r\n2,b\r\n\r\n3,c\r\n");
	CHECK_INT(b.s[65535], '\r');
	put("split.csv", b.s, b.len);
	sbuf_release(&b);
	got = records();
	CHECK_STR(strchr(got, ';'), ";3:2|b;5:3|c;");
	free(got);
}

static void
test_lines(void)
{
	PUTS("lf.csv", "a,b\n1,2\n3,4\n");
	CHECK_RECORDS("2:1|2;3:3|4;");
	PUTS("crlf.csv", "a,b\r\n1,2\r\n\r\n3,4\r\n");
	CHECK_RECORDS("2:1|2;4:3|4;");
	/* old Mac files: every line ends with a lone CR */
	PUTS("cr.csv", "a,b\r1,2\r3,4\r5,6");
	CHECK_RECORDS("2:1|2;3:3|4;4:5|6;");
	PUTS("mixed.csv", "a,b\r\n1,2\r3,4\n\r5,6\r\n");
	CHECK_RECORDS("2:1|2;3:3|4;5:5|6;");
	/* a quoted newline of any kind is a line */
	PUTS("quoted.csv", "a,b\n1,\"x\ny\"\n2,\"p\rq\"\r3,\"m\r\nn\"\r\n4,z\n");
	CHECK_RECORDS("2:1|x\ny;4:2|p\rq;6:3|m\r\nn;8:4|z;");
	PUTS("bom.csv", "\xef\xbb\xbf" "a,b\r7,8\r");
	CHECK_RECORDS("2:7|8;");
	test_split_crlf();
}

/* n rows "i,name-i" with the line end eol, from line 2 */
static void
put_rows(const char *name, size_t n, const char *eol)
{
	struct sbuf b = SBUF_INIT;
	size_t i;

	sbuf_printf(&b, "id,name%s", eol);
	for (i = 0; i < n; i++)
		sbuf_printf(&b, "%zu,name-%zu%s", i, i, eol);
	put(name, b.s, b.len);
	sbuf_release(&b);
}

/* Past every buffer boundary the lines stay right, whatever ends them;
 * then each record read back by its offset, in an order that seeks
 * backwards, forwards, inside the buffer and beyond it. */
static void
test_big_and_seek(const char *name, const char *eol)
{
	enum { N = 30000 };
	static int64_t off[N];
	static size_t line[N];
	struct csvr r;
	size_t i, bad = 0;
	char want[64];

	put_rows(name, N, eol);
	csvr_open(&r, path, CSV_AUTO);
	csvr_header(&r, NULL, 0, 1);
	for (i = 0; csvr_next(&r); i++) {
		snprintf(want, sizeof want, "name-%zu", i);
		if (csvr_line(&r) != i + 2 || strcmp(r.fields[1], want))
			bad++;
		off[i] = csvr_offset(&r);
		line[i] = csvr_line(&r);
	}
	CHECK_INT(i, N);
	CHECK_INT(bad, 0);
	/* 0, N-1, 1, N-2, ...: every seek far from the last */
	for (i = 0; i < N; i++) {
		size_t k = i % 2 ? N - 1 - i / 2 : i / 2;

		csvr_seek(&r, off[k], line[k]);
		snprintf(want, sizeof want, "name-%zu", k);
		if (!csvr_next(&r) || csvr_line(&r) != k + 2 || strcmp(r.fields[1], want))
			bad++;
	}
	CHECK_INT(bad, 0);
	/* in order: read on, no seek */
	for (i = 0; i < N; i++) {
		csvr_seek(&r, off[i], line[i]);
		snprintf(want, sizeof want, "name-%zu", i);
		if (!csvr_next(&r) || csvr_line(&r) != i + 2 || strcmp(r.fields[1], want))
			bad++;
	}
	CHECK_INT(bad, 0);
	/* after the last record, nothing */
	csvr_seek(&r, off[N - 1], line[N - 1]);
	CHECK(csvr_next(&r));
	CHECK(!csvr_next(&r));
	csvr_close(&r);
}

/* stdin is copied aside as it is read, so its records can be read again */
static void
test_stdin_spool(void)
{
	static const char csv[] = "a,b\n1,one\n2,\"two\nlines\"\n3,three\n";
	struct csvr r;
	int fd[2], saved = dup(0);
	int64_t off[3];
	size_t line[3], i;

	if (pipe(fd) != 0 || write(fd[1], csv, sizeof csv - 1) != (ssize_t)(sizeof csv - 1))
		exit(70);
	close(fd[1]);
	dup2(fd[0], 0);
	close(fd[0]);
	csvr_open(&r, "-", CSV_AUTO);
	csvr_allow_seek(&r);
	CHECK(r.spool != NULL);
	csvr_header(&r, NULL, 0, 1);
	for (i = 0; csvr_next(&r); i++) {
		off[i] = csvr_offset(&r);
		line[i] = csvr_line(&r);
	}
	CHECK_INT(i, 3);
	csvr_seek(&r, off[1], line[1]);
	CHECK(csvr_next(&r));
	CHECK_STR(r.fields[1], "two\nlines");
	CHECK_INT(csvr_line(&r), 3);
	csvr_seek(&r, off[0], line[0]);
	CHECK(csvr_next(&r));
	CHECK_STR(r.fields[1], "one");
	csvr_seek(&r, off[2], line[2]);
	CHECK(csvr_next(&r));
	CHECK_STR(r.fields[1], "three");
	CHECK_INT(csvr_line(&r), 5);
	csvr_close(&r);
	dup2(saved, 0);
	close(saved);
	clearerr(stdin);
}

/* GB18030: 中 is D6 D0, 文 is CE C4; in UTF-8 E4 B8 AD and E6 96 87. Many
 * rows of them, so that a block of raw bytes ends inside a character. */
static void
test_gb18030(void)
{
	enum { N = 20000 };
	struct sbuf b = SBUF_INIT;
	struct csvr r;
	size_t i, bad = 0;
	int64_t off = 0;
	char want[64];

	sbuf_adds(&b, "sku,name\r\n");
	for (i = 0; i < N; i++)
		sbuf_printf(&b, "S%zu,\xd6\xd0\xce\xc4%s\r\n", i, i % 3 ? "x" : "");
	put("gb.csv", b.s, b.len);
	sbuf_release(&b);
	S.imp.encoding = "gb18030";
	csvr_open(&r, path, CSV_AUTO);
	csvr_allow_seek(&r);
	CHECK(r.spool != NULL);
	csvr_header(&r, NULL, 0, 1);
	for (i = 0; csvr_next(&r); i++) {
		snprintf(want, sizeof want, "\xe4\xb8\xad\xe6\x96\x87%s", i % 3 ? "x" : "");
		if (csvr_line(&r) != i + 2 || strcmp(r.fields[1], want))
			bad++;
		if (i == 1234)
			off = csvr_offset(&r);
	}
	CHECK_INT(i, N);
	CHECK_INT(bad, 0);
	/* read back from the UTF-8 copy */
	csvr_seek(&r, off, 1236);
	CHECK(csvr_next(&r));
	CHECK_STR(r.fields[0], "S1234");
	CHECK_STR(r.fields[1], "\xe4\xb8\xad\xe6\x96\x87x"); /* 1234 % 3 != 0 */
	csvr_close(&r);
	S.imp.encoding = NULL;
}

static void
test_utf16(void)
{
	/* "sku,name\r\nA,中\r\n" in UTF-16LE with a BOM, BE with one, LE without */
	static const char le[] = "\xff\xfe" "s\0k\0u\0,\0n\0a\0m\0e\0\r\0\n\0A\0,\0\x2d\x4e\r\0\n\0";
	static const char be[] = "\xfe\xff" "\0s\0k\0u\0,\0n\0a\0m\0e\0\r\0\n\0A\0,\x4e\x2d\0\r\0\n";

	S.imp.encoding = "utf-16";
	put("le.csv", le, sizeof le - 1);
	CHECK_RECORDS("2:A|\xe4\xb8\xad;");
	put("be.csv", be, sizeof be - 1);
	CHECK_RECORDS("2:A|\xe4\xb8\xad;");
	put("nobom.csv", le + 2, sizeof le - 3);
	CHECK_RECORDS("2:A|\xe4\xb8\xad;");
	S.imp.encoding = "UTF-16LE";
	CHECK_RECORDS("2:A|\xe4\xb8\xad;");
	S.imp.encoding = NULL;
}

static char want_err[4096];

/* The message die() prints for the file at path. */
static const char *
err_at(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *
err_at(const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(want_err, sizeof want_err, "t_csvio: %s:%s\n", path, msg);
	return want_err;
}

static void
test_not_utf8(void)
{
	struct sbuf b = SBUF_INIT;
	size_t i;

	/* GBK text (中文), on the second line of a quoted field */
	PUTS("gbk.csv", "sku,name\nA,ok\nB,\"two\nlines \xd6\xd0\xce\xc4\"\n");
	CHECK_DIES(65, err_at("4: invalid UTF-8 (the file reads as GB18030: try --encoding gb18030)"));
	/* Latin-1 café does not read as GB18030 */
	PUTS("latin1.csv", "sku,name\nA,caf\xe9\n");
	CHECK_DIES(65, err_at("2: invalid UTF-8"));
	PUTS("nul.csv", "sku,name\nA,n\0l\n");
	CHECK_DIES(65, err_at("2: NUL byte in input"));
	/* UTF-16 with a byte order mark, and without one */
	PUTS("u16.csv", "\xff\xfe" "s\0k\0u\0\n\0A\0\n\0");
	CHECK_DIES(65, err_at("1: the file is UTF-16: try --encoding utf-16"));
	PUTS("u16be.csv", "\0s\0k\0u\0\n\0A\0\n");
	CHECK_DIES(65, err_at("1: the file is UTF-16: try --encoding utf-16"));
	/* --encoding: a sequence it cannot convert, far past the first block */
	S.imp.encoding = "gb18030";
	PUTS("badgb.csv", "a,b\r\nx,y\rz,\xff\n");
	CHECK_DIES(65, err_at("3: invalid byte sequence for encoding 'gb18030'"));
	PUTS("cutgb.csv", "a,b\nx,\xd6");
	CHECK_DIES(65, err_at("2: incomplete byte sequence for encoding 'gb18030'"));
	sbuf_adds(&b, "a,b\n");
	for (i = 0; i < 50000; i++)
		sbuf_adds(&b, "\xd6\xd0,\"\xce\xc4\n\"\n"); /* two lines a row */
	sbuf_adds(&b, "x,\x81\x20\n");
	put("farbad.csv", b.s, b.len);
	sbuf_release(&b);
	CHECK_DIES(65, err_at("100002: invalid byte sequence for encoding 'gb18030'"));
	S.imp.encoding = "no-such-encoding";
	CHECK_DIES(2, "t_csvio: unknown encoding 'no-such-encoding' (see iconv -l)\n");
	S.imp.encoding = NULL;
}

/* A terminal: the child's fd (0 or 2) on a pseudo-terminal. */
static int
open_pty(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY), s;

	if (m < 0 || grantpt(m) != 0 || unlockpt(m) != 0)
		return -1;
	s = open(ptsname(m), O_RDWR | O_NOCTTY);
	return s;
}

static void
read_tty_stdin(void)
{
	struct csvr r;
	int t = open_pty();

	if (t < 0)
		exit(99);
	dup2(t, 0);
	csvr_open(&r, NULL, CSV_AUTO);
}

static void
test_no_input(void)
{
	char err[4096];
	int rc = child(read_tty_stdin, err, sizeof err);

	if (rc == 99) {
		printf("    no pseudo-terminal here: stdin on a terminal not tested\n");
		return;
	}
	CHECK_INT(rc, 2);
	CHECK_STR(err, "t_csvio: no input (give FILE or pipe one in)\n");
}

/* The progress line on a terminal, then a message: the line is erased
 * first, and the message stands on a line of its own. */
static void
progress_then_warn(void)
{
	struct csvr r;
	size_t i;

	csvr_open(&r, path, CSV_AUTO);
	csvr_header(&r, NULL, 0, 1);
	r.progress = CSV_PROGRESS_FORCED;
	r.tty = 1;
	r.size = 0;
	for (i = 0; i < 1024; i++) {
		r.tlast = 0; /* as if 250 ms had passed */
		csvr_next(&r);
	}
	warn("%s:%zu: bad row", r.name, csvr_line(&r));
	csvr_progress_done(&r);
	warn("after");
	csvr_close(&r);
}

/* The rate is the machine's: each "N rows/s" becomes "R rows/s". */
static void
unrate(char *s)
{
	char *p, *d;

	for (p = s; (p = strstr(p, " rows/s")); p += 7) {
		for (d = p; d > s && ((d[-1] >= '0' && d[-1] <= '9') || d[-1] == '.'); d--)
			;
		*d = 'R';
		memmove(d + 1, p, strlen(p) + 1);
		p = d + 1;
	}
}

static void
test_progress_cleared(void)
{
	char err[4096], want[4096];

	put_rows("progress.csv", 2000, "\n");
	CHECK_INT(child(progress_then_warn, err, sizeof err), 0);
	unrate(err);
	snprintf(want, sizeof want,
		 "\rt_csvio: 1024 rows, R rows/s\033[K"
		 "\r\033[Kt_csvio: %s:1025: bad row\n"
		 "\rt_csvio: 1024 rows, R rows/s\033[K\n"
		 "t_csvio: after\n", path);
	CHECK_STR(err, want);
}

int
main(void)
{
	if (!mkdtemp(dir)) {
		perror(dir);
		return 70;
	}
	progname = "t_csvio";
	test_lines();
	test_big_and_seek("big-lf.csv", "\n");
	test_big_and_seek("big-crlf.csv", "\r\n");
	test_big_and_seek("big-cr.csv", "\r");
	test_stdin_spool();
	test_gb18030();
	test_utf16();
	test_not_utf8();
	test_no_input();
	test_progress_cleared();
	{
		char *rm = xasprintf("rm -rf '%s'", dir);

		if (system(rm) != 0)
			printf("cannot remove %s\n", dir);
		free(rm);
	}
	return unit_done();
}
