/* t_import - lib/import.c: records of several rows (rows sharing a key
 * wherever they are in the file, handed over in the order records first
 * appear, each row with its line), the savepoint that undoes a record
 * failing half way, the rejects of a whole record and their re-import,
 * stdin and --encoding read twice through a copy, on a scratch database. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db.h"
#include "err.h"
#include "import.h"
#include "session.h"
#include "unit.h"
#include "util.h"

static char dir[] = "/tmp/t_import.XXXXXX";

enum { C_REF, C_ITEM, C_QTY };
static const struct csv_col cols[] = { { "ref", 1 }, { "item", 0 }, { "qty", 0 } };
static const size_t key[] = { C_REF };

static struct sbuf seen; /* what the callback was handed */

/* Writes each row, then fails on a qty 'bad': the rows written before
 * it must not stay. */
static enum res
order_rows(const struct imp_record *rec, struct why *w, void *arg)
{
	db_stmt *st = db_prep("INSERT INTO t (ref, item, qty) VALUES (?1, ?2, ?3)");
	size_t i;

	(void)arg;
	sbuf_printf(&seen, "%s:", imp_get(rec, 0, C_REF));
	for (i = 0; i < rec->nrows; i++)
		sbuf_printf(&seen, "%s%zu %s", i ? "," : "", rec->rows[i].line, imp_get(rec, i, C_ITEM));
	sbuf_addc(&seen, '|');
	if (!*imp_get(rec, 0, C_REF)) {
		snprintf(w->msg, sizeof w->msg, "missing ref");
		return RES_BAD;
	}
	for (i = 0; i < rec->nrows; i++) {
		if (!strcmp(imp_get(rec, i, C_QTY), "bad")) {
			imp_blame(rec, i);
			snprintf(w->msg, sizeof w->msg, "bad qty 'bad'");
			return RES_BAD;
		}
		db_bind_text(st, 1, imp_get(rec, i, C_REF));
		db_bind_text(st, 2, imp_get(rec, i, C_ITEM));
		db_bind_text(st, 3, imp_get(rec, i, C_QTY));
		db_run(st);
	}
	return RES_DONE;
}

static struct import_spec spec = { .noun = "orders", .cols = cols, .ncols = 3,
				   .record = order_rows, .key = key, .nkey = 1, .savepoint = 1 };

static char *
path_of(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static void
put(const char *name, const char *data)
{
	char *p = path_of(name);
	FILE *fp = fopen(p, "wb");

	if (!fp || fputs(data, fp) < 0 || fclose(fp) != 0) {
		perror(p);
		exit(70);
	}
	free(p);
}

static char *
slurp(const char *name)
{
	char *p = path_of(name), buf[65536];
	FILE *fp = fopen(p, "rb");
	size_t n = fp ? fread(buf, 1, sizeof buf - 1, fp) : 0;

	if (fp)
		fclose(fp);
	buf[n] = '\0';
	free(p);
	return fp ? xstrdup(buf) : NULL;
}

/* Run the import of name with stderr in a file; returns import_run's
 * code, *err what it printed. */
static int
run(const char *name, char **err)
{
	char *p = name ? path_of(name) : NULL, *e = path_of("stderr");
	int saved = dup(2), fd = open(e, O_WRONLY | O_CREAT | O_TRUNC, 0600), rc;

	fflush(stderr);
	dup2(fd, 2);
	close(fd);
	sbuf_reset(&seen);
	rc = import_run(&spec, p, NULL);
	session_say_summary();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	*err = slurp("stderr");
	free(p);
	free(e);
	return rc;
}

static char *
table(void)
{
	db_stmt *st = db_prep("SELECT ref || ' ' || item || ' ' || qty FROM t ORDER BY rowid");
	struct sbuf b = SBUF_INIT;

	while (db_step(st))
		sbuf_printf(&b, "%s;", db_col_text(st, 0));
	return b.s ? b.s : xstrdup("");
}

#define CHECK_TABLE(want) do { \
	char *t_ = table(); \
	CHECK_STR(t_, want); \
	free(t_); \
} while (0)

/* Lines: header 1; A 2; B 3; A 4; (no ref) 5; C 6-7 (a quoted newline);
 * B 8 (qty bad); A 9; C 10. Records: A (2, 4, 9), B (3, 8), the row
 * without a ref (5), C (6, 10). */
static const char orders_csv[] =
	"ref,item,qty\n"
	"A,a1,1\n"
	"B,b1,1\r\n"
	"A,a2,2\n"
	",x,1\n"
	"C,\"c1\ntwo\",1\n"
	"B,b2,bad\r"
	"A,a3,3\n"
	"C,c2,2\n";

static void
test_grouping(void)
{
	char *err, *rej, *want;
	int rc;

	put("orders.csv", orders_csv);
	S.imp.rejects = path_of("rejects.csv");
	rc = run("orders.csv", &err);
	CHECK_INT(rc, 1);
	CHECK_STR(sbuf_str(&seen), "A:2 a1,4 a2,9 a3|B:3 b1,8 b2|:5 x|C:6 c1\ntwo,10 c2|");
	want = xasprintf("t_import: %s/orders.csv:8: bad qty 'bad'\n"
			 "t_import: %s/orders.csv:5: missing ref\n"
			 "t_import: imported 2 orders, skipped 0, rejected 2\n", dir, dir);
	CHECK_STR(err, want);
	free(want);
	free(err);
	/* B's first row was written before its second failed: undone */
	CHECK_TABLE("A a1 1;A a2 2;A a3 3;C c1\ntwo 1;C c2 2;");
	/* every row of a rejected record, in its order, with the reason */
	rej = slurp("rejects.csv");
	CHECK_STR(rej, "ref,item,qty,error\n"
		       "B,b1,1,bad qty 'bad'\n"
		       "B,b2,bad,bad qty 'bad'\n"
		       ",x,1,missing ref\n");
	free(rej);
	/* the rejects file imports as it is; its own rejects look the same */
	free((char *)S.imp.rejects);
	S.imp.rejects = path_of("rejects2.csv");
	rc = run("rejects.csv", &err);
	CHECK_INT(rc, 1);
	CHECK_STR(sbuf_str(&seen), "B:2 b1,3 b2|:4 x|");
	free(err);
	rej = slurp("rejects2.csv");
	CHECK_STR(rej, "ref,item,qty,error\n"
		       "B,b1,1,bad qty 'bad'\n"
		       "B,b2,bad,bad qty 'bad'\n"
		       ",x,1,missing ref\n");
	free(rej);
	free((char *)S.imp.rejects);
	S.imp.rejects = NULL;
	db_exec("DELETE FROM t");
}

/* Without the savepoint, the half of B written before it failed stays:
 * the savepoint is what undoes it. */
static void
test_no_savepoint(void)
{
	char *err;

	spec.savepoint = 0;
	CHECK_INT(run("orders.csv", &err), 1);
	free(err);
	CHECK_TABLE("A a1 1;A a2 2;A a3 3;B b1 1;C c1\ntwo 1;C c2 2;");
	spec.savepoint = 1;
	db_exec("DELETE FROM t");
}

/* stdin from a pipe: read twice through a copy */
static void
test_stdin(void)
{
	int fd[2], saved = dup(0);
	char *err;

	if (pipe(fd) != 0 || write(fd[1], orders_csv, sizeof orders_csv - 1) < 0)
		exit(70);
	close(fd[1]);
	dup2(fd[0], 0);
	close(fd[0]);
	CHECK_INT(run(NULL, &err), 1);
	CHECK_STR(sbuf_str(&seen), "A:2 a1,4 a2,9 a3|B:3 b1,8 b2|:5 x|C:6 c1\ntwo,10 c2|");
	CHECK(strstr(err, "t_import: <stdin>:8: bad qty 'bad'\n") == err);
	free(err);
	dup2(saved, 0);
	close(saved);
	clearerr(stdin);
	db_exec("DELETE FROM t");
}

/* a named pipe (bash's <(...)) is no file to seek in either */
static void
test_fifo(void)
{
	char *p = path_of("fifo.csv"), *err;
	pid_t pid;
	int fd;

	if (mkfifo(p, 0600) != 0)
		exit(70);
	fflush(NULL);
	if ((pid = fork()) == 0) {
		fd = open(p, O_WRONLY);
		if (write(fd, orders_csv, sizeof orders_csv - 1) < 0)
			_exit(1);
		_exit(0);
	}
	CHECK_INT(run("fifo.csv", &err), 1);
	waitpid(pid, NULL, 0);
	CHECK_STR(sbuf_str(&seen), "A:2 a1,4 a2,9 a3|B:3 b1,8 b2|:5 x|C:6 c1\ntwo,10 c2|");
	free(err);
	free(p);
	db_exec("DELETE FROM t");
}

/* GB18030 (甲 is BC D7, 乙 D2 D2) through --encoding */
static void
test_encoding(void)
{
	char *err;

	put("gb.csv", "ref,item,qty\r\n\xbc\xd7,1,1\r\n\xd2\xd2,2,1\r\n\xbc\xd7,3,1\r\n");
	S.imp.encoding = "gbk";
	CHECK_INT(run("gb.csv", &err), 0);
	S.imp.encoding = NULL;
	CHECK_STR(sbuf_str(&seen), "\xe7\x94\xb2:2 1,4 3|\xe4\xb9\x99:3 2|");
	free(err);
	db_exec("DELETE FROM t");
}

/* Many records, their rows far apart: 500 keys in turn, 40 rows each. */
static int big_bad, big_n;

static enum res
big_record(const struct imp_record *rec, struct why *w, void *arg)
{
	size_t i;
	char want[32];

	(void)w;
	(void)arg;
	snprintf(want, sizeof want, "K%d", big_n);
	big_bad += rec->nrows != 40 || strcmp(imp_get(rec, 0, C_REF), want);
	for (i = 0; i < rec->nrows; i++) {
		/* row k of key n is row 500 k + n of the data, on line 500 k + n + 2 */
		size_t row = 500 * i + (size_t)big_n;

		snprintf(want, sizeof want, "%zu", row);
		big_bad += rec->rows[i].line != row + 2 || strcmp(imp_get(rec, i, C_ITEM), want) ||
			   strcmp(imp_get(rec, i, C_REF), imp_get(rec, 0, C_REF));
	}
	big_n++;
	return RES_SKIPPED;
}

static void
test_far_apart(void)
{
	struct sbuf b = SBUF_INIT;
	char *err;
	size_t i;

	sbuf_adds(&b, "ref,item,qty\n");
	for (i = 0; i < 20000; i++)
		sbuf_printf(&b, "K%zu,%zu,%s\n", i % 500, i, "1");
	{
		char *p = path_of("big.csv");
		FILE *fp = fopen(p, "wb");

		fwrite(b.s, 1, b.len, fp);
		fclose(fp);
		free(p);
	}
	sbuf_release(&b);
	spec.record = big_record;
	S.quiet = 1;
	CHECK_INT(run("big.csv", &err), 0);
	CHECK_STR(err, "");
	free(err);
	CHECK_INT(big_n, 500);
	CHECK_INT(big_bad, 0);
	spec.record = order_rows;
	S.quiet = 0;
}

int
main(void)
{
	char *db, *p;

	if (!mkdtemp(dir)) {
		perror(dir);
		return 70;
	}
	progname = "t_import";
	setenv("SHOP_NOW", "2026-11-22T10:00:00Z", 1);
	db = path_of("shop.db");
	db_open(db, 1, "CNY", 2);
	S.db_path = db;
	S.user = "tester";
	db_exec("CREATE TABLE t (ref TEXT, item TEXT, qty TEXT)");
	db_begin(1);
	test_grouping();
	test_no_savepoint();
	test_stdin();
	test_fifo();
	test_encoding();
	test_far_apart();
	db_commit();
	db_close();
	p = xasprintf("rm -rf '%s'", dir);
	if (system(p) != 0)
		printf("cannot remove %s\n", dir);
	free(p);
	free(db);
	return unit_done();
}
