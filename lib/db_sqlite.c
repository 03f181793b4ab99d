/* db_sqlite.c - the SQLite backend: what makes a file a shop database,
 * migrations under the write lock, busy retries, errors sorted into the
 * exit codes of SPEC §2 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db.h"
#include "db_impl.h"
#include "err.h"
#include "parse.h"
#include "strmap.h"
#include "util.h"

/* PRAGMA application_id of every shop database: "SHOP". */
#define SHOP_APP_ID 0x53484f50

static sqlite3 *conn;
static char *open_path;          /* owned: as given, for messages */
static int identified;           /* the file is known to be a shop database */

static void sq_begin(int write);
static void sq_commit(void);
static void sq_rollback(void);

/* ---- errors ---- */

static int
is_busy(int rc)
{
	return (rc & 0xff) == SQLITE_BUSY;
}

/* Why the database cannot be written, when the file or its directory
 * says so: the file's mode or flags, its file system, or the directory
 * that must hold its -wal and -shm files (which even a read needs; *dir
 * is then set). NULL when both look writable. */
static const char *
not_writable_why(int *dir)
{
	char *d;

	*dir = 0;
	if (access(open_path, W_OK) < 0)
		return errno == EROFS ? "the file system is read-only" :
		       errno == EPERM ? "it is immutable" : "it is read-only";
	d = xstrdup(open_path);
	*dir = access(dirname(d), W_OK) < 0;
	free(d);
	return *dir ? "its directory is not writable" : NULL;
}

/* The errno behind an I/O error. SQLite does not keep it on every path
 * (a COMMIT that cannot write the WAL): then errno itself, when it is one
 * that says what to fix. */
static int
system_errno(void)
{
	int e = errno, sys = conn ? sqlite3_system_errno(conn) : 0;

	if (sys)
		return sys;
	switch (e) {
	case ENOSPC:
	case EFBIG:
	case EDQUOT:
	case EROFS:
	case EACCES:
	case EPERM:
	case EIO:
		return e;
	}
	return 0;
}

/* Environment faults are the user's to fix (74, 65; 75 to retry); the rest
 * is a bug (70) and says which SQL failed. Before the file is known to be
 * a shop database, what SQLite cannot read in it means it is not one. */
static void __attribute__((noreturn))
sq_fail(int rc, const char *sql)
{
	const char *msg = conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc);
	const char *p = open_path ? open_path : "?", *why;
	int sys = system_errno(), dir;

	switch (rc & 0xff) {
	case SQLITE_BUSY:
		die(EX_TEMP, "database is busy; try again later");
	case SQLITE_READONLY:
		why = not_writable_why(&dir);
		die(EX_IO, "cannot %s database '%s': %s", dir ? "use" : "write", p,
		    why ? why : "it is read-only");
	case SQLITE_FULL:
		die(EX_IO, "cannot write database '%s': the disk is full", p);
	case SQLITE_IOERR:
		if (sys == ENOSPC)
			die(EX_IO, "cannot write database '%s': the disk is full", p);
		die(EX_IO, "cannot %s database '%s': %s",
		    rc == SQLITE_IOERR_READ || rc == SQLITE_IOERR_SHORT_READ ? "read" : "write", p,
		    sys ? strerror(sys) : "I/O error");
	case SQLITE_CANTOPEN:
		why = not_writable_why(&dir);
		die(EX_IO, "cannot %s database '%s': %s", dir ? "use" : "open", p,
		    why ? why : sys ? strerror(sys) : msg);
	case SQLITE_PERM:
	case SQLITE_AUTH:
		die(EX_IO, "cannot use database '%s': permission denied", p);
	case SQLITE_NOTADB:
		die(EX_DATA, "'%s' is not a shop database", p);
	case SQLITE_CORRUPT:
	case SQLITE_ERROR:
	case SQLITE_FORMAT:
		if (!identified)
			die(EX_DATA, "'%s' is not a shop database", p);
		if ((rc & 0xff) == SQLITE_CORRUPT)
			die(EX_IO, "database '%s' is damaged (%s)", p, msg);
		break;
	}
	die(EX_INTERNAL, "database error: %s (%s)", msg, sql ? sql : "?");
}

/* ---- opening ---- */

/* Create the file ourselves so it is 0600 (minus a stricter umask): SQLite
 * would create it 0644. Its -wal and -shm files copy this mode. */
static void
create_private(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0) {
		if (errno == EEXIST)
			return;
		die(errno == ENOENT ? EX_NOTFOUND : EX_IO, "cannot create database '%s': %s", path,
		    strerror(errno));
	}
	close(fd);
}

/*
 * Before SQLite sees the file: a missing or empty (0 bytes) one is no
 * database for a read and is created for a write; a file that is not an
 * SQLite database (a CSV) is refused here, so that nothing touches it.
 * An empty file is what create_private() leaves until the first write
 * commits: SQLite gives page 1 to the file itself, even in WAL mode.
 */
static void
check_file(const char *path, int create)
{
	static const char magic[16] = "SQLite format 3";
	char head[100];
	struct stat sb;
	ssize_t n;
	int fd;

	if (stat(path, &sb) < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			die(EX_IO, "cannot open database '%s': %s", path, strerror(errno));
		if (!create)
			die(EX_NOTFOUND, "no database '%s' (create it with 'shop init')", path);
		create_private(path);
		return;
	}
	if (S_ISDIR(sb.st_mode))
		die(EX_DATA, "database '%s' is a directory", path);
	if (!S_ISREG(sb.st_mode))
		die(EX_DATA, "'%s' is not a shop database", path);
	if (sb.st_size == 0) {
		if (!create)
			die(EX_NOTFOUND, "no database '%s' (create it with 'shop init')", path);
		return;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		die(EX_IO, "cannot read database '%s': %s", path, strerror(errno));
	n = read(fd, head, sizeof head);
	if (n < 0)
		die(EX_IO, "cannot read database '%s': %s", path, strerror(errno));
	close(fd);
	if (n < (ssize_t)sizeof head || memcmp(head, magic, sizeof magic) != 0)
		die(EX_DATA, "'%s' is not a shop database", path);
}

/* The first integer of a statement with no parameters. */
static int64_t
pragma_int(const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = 0, since = 0;
	int rc;

	for (;;) {
		rc = sqlite3_prepare_v2(conn, sql, -1, &st, NULL);
		if (rc == SQLITE_OK) {
			rc = sqlite3_step(st);
			if (rc == SQLITE_ROW)
				v = sqlite3_column_int64(st, 0);
			sqlite3_finalize(st);
			if (rc == SQLITE_ROW || rc == SQLITE_DONE)
				return v;
		}
		if (!is_busy(rc) || !db_busy_wait(&since))
			sq_fail(rc, sql);
	}
}

/* SQL text run until it is not busy: sqlite3_exec skips the busy handler
 * in some places (the first "PRAGMA journal_mode = WAL" of a database,
 * a lock a reader holds while another process changes the journal mode),
 * and COMMIT may be retried. */
static void
sq_exec(const char *sql)
{
	int64_t since = 0;
	int rc;

	while ((rc = sqlite3_exec(conn, sql, NULL, NULL, NULL)) != SQLITE_OK)
		if (!is_busy(rc) || !db_busy_wait(&since))
			sq_fail(rc, sql);
}

/* What a file holds: its mark, its schema version, how many objects. */
struct dbfile {
	int64_t app;     /* PRAGMA application_id */
	int64_t version; /* PRAGMA user_version */
	int64_t objects; /* rows of sqlite_schema */
};

enum verdict { DB_READY, DB_MIGRATE };

static void
read_dbfile(struct dbfile *f)
{
	f->app = pragma_int("PRAGMA application_id");
	f->version = pragma_int("PRAGMA user_version");
	f->objects = pragma_int("SELECT count(*) FROM sqlite_schema");
}

/* Shop databases made before they were marked (schema versions 1 and 2)
 * are known by the tables of their migrations. */
static int
has_our_tables(int64_t version)
{
	if (pragma_int("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN "
		       "('audit', 'brand', 'category', 'spu', 'sku', 'price_list', "
		       "'customer_part', 'supplier_code')") != 8)
		return 0;
	return version < 2 ||
	       pragma_int("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN "
			  "('warehouse', 'stock', 'movement', 'pool', 'reservation', "
			  "'reorder_rule')") == 6;
}

/* Is this our file, and is it up to date? Dies 65 for another
 * application's database and a schema version out of range, 3 for an
 * empty one a read must not make. */
static enum verdict
judge(const struct dbfile *f, int create)
{
	if (f->app == SHOP_APP_ID) {
		if (f->version > shop_nmigrations)
			die(EX_DATA, "database schema version %lld is newer than this program (%d)",
			    (long long)f->version, shop_nmigrations);
		if (f->version < 1)
			die(EX_DATA, "database schema version %lld is out of range (1 to %d)",
			    (long long)f->version, shop_nmigrations);
		return f->version < shop_nmigrations ? DB_MIGRATE : DB_READY;
	}
	if (f->app == 0 && f->version == 0 && f->objects == 0) {
		if (!create)
			die(EX_NOTFOUND, "no database '%s' (create it with 'shop init')", open_path);
		return DB_MIGRATE;
	}
	if (f->app == 0 && f->version >= 1 && f->version <= 2 && has_our_tables(f->version))
		return DB_MIGRATE;
	die(EX_DATA, "'%s' is not a shop database", open_path);
}

/* Bring the schema up to date and mark the file, in one transaction. The
 * state is read again under the write lock: another process may have done
 * it meanwhile. A new database keeps the currency it was made with. */
static void
migrate(int create, const char *currency, int digits)
{
	struct dbfile f;
	char sql[128];

	sq_begin(1);
	read_dbfile(&f);
	if (judge(&f, create) == DB_READY) {
		sq_commit();
		return;
	}
	db_migrate_from(f.version, currency, digits);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", shop_nmigrations);
	sq_exec(sql);
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d", SHOP_APP_ID);
	sq_exec(sql);
	sq_commit();
}

static void
sq_open(const char *path, int create, const char *currency, int digits)
{
	struct dbfile f;
	enum verdict verdict;
	char *file;
	int rc;

	open_path = xstrdup(path);
	identified = 0;
	check_file(path, create);
	/* one thread, one connection: no mutexes, no allocation statistics
	 * (both cost a lock per malloc); never URIs: --db is a plain path */
	sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_config(SQLITE_CONFIG_URI, 0);
	/* "file:x.db?mode=memory" is a file of that name in this directory,
	 * even for a SQLite built to take URIs whatever it is told */
	file = strncmp(path, "file:", 5) == 0 ? xasprintf("./%s", path) : xstrdup(path);
	rc = sqlite3_open_v2(file, &conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	free(file);
	if (rc != SQLITE_OK)
		sq_fail(rc, NULL);
	sqlite3_extended_result_codes(conn, 1);
	sqlite3_busy_timeout(conn, (int)db_busy_ms());
	/* until the file is known to be ours, closing must not checkpoint
	 * another application's WAL into its database */
	sqlite3_db_config(conn, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	sq_exec("PRAGMA foreign_keys = ON");
	/* 16 MB of pages: a million-line import runs as fast as with 64 and
	 * peaks at a third of the memory (README "Speed") */
	sq_exec("PRAGMA cache_size = -16384");
	/* a writer's staging tables in memory; a reader's big sorts (the
	 * reports' GROUP BY and DISTINCT) run a quarter faster in the
	 * default temporary files */
	if (create)
		sq_exec("PRAGMA temp_store = MEMORY");
	/* whose file is it? Read in one snapshot, before anything is written */
	sq_begin(0);
	read_dbfile(&f);
	verdict = judge(&f, create);
	sq_commit();
	identified = 1;
	sqlite3_db_config(conn, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
	sq_exec("PRAGMA journal_mode = WAL");
	if (verdict == DB_MIGRATE)
		migrate(create, currency, digits);
}

static void
sq_close(void)
{
	free(open_path);
	open_path = NULL;
	if (!conn)
		return;
	sq_rollback();
	sqlite3_close(conn);
	conn = NULL;
	identified = 0;
}

/* ---- transactions ---- */

static void
sq_begin(int write)
{
	sq_exec(write ? "BEGIN IMMEDIATE" : "BEGIN");
}

static void
sq_commit(void)
{
	sq_exec("COMMIT");
}

static void
sq_rollback(void)
{
	if (conn && !sqlite3_get_autocommit(conn))
		sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- statements ---- */

static void *
sq_prepare(const char *sql)
{
	sqlite3_stmt *st;
	int64_t since = 0;
	int rc, len = -1;
	size_t n = strlen(sql), k = strlen(" FOR UPDATE");

	/* the write transaction already holds the database (db.h) */
	if (n > k && !strcmp(sql + n - k, " FOR UPDATE"))
		len = (int)(n - k);
	while ((rc = sqlite3_prepare_v2(conn, sql, len, &st, NULL)) != SQLITE_OK)
		if (!is_busy(rc) || !db_busy_wait(&since))
			sq_fail(rc, sql);
	return st;
}

static void
sq_finalize(void *st)
{
	sqlite3_finalize(st);
}

/* A statement that was busy before it returned a row or took a lock (the
 * first read of a transaction, which SQLite does not always retry itself)
 * did nothing: it is tried again until the timeout. */
static int
sq_step(void *st)
{
	int64_t since = 0;
	int fresh = !sqlite3_stmt_busy(st), rc;

	for (;;) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			return 1;
		if (rc == SQLITE_DONE)
			return 0;
		sqlite3_reset(st);
		if (!is_busy(rc) || !fresh || sqlite3_txn_state(conn, NULL) != SQLITE_TXN_NONE ||
		    !db_busy_wait(&since))
			sq_fail(rc, sqlite3_sql(st));
	}
}

static void
sq_reset(void *st)
{
	sqlite3_reset(st);
}

static void
sq_clear(void *st)
{
	sqlite3_clear_bindings(st);
}

static int
sq_busy(void *st)
{
	return sqlite3_stmt_busy(st);
}

static void
sq_bind_text(void *st, int i, const char *v, int copy)
{
	sqlite3_bind_text(st, i, v, -1, copy ? SQLITE_TRANSIENT : SQLITE_STATIC);
}

static void
sq_bind_int(void *st, int i, int64_t v)
{
	sqlite3_bind_int64(st, i, v);
}

static void
sq_bind_null(void *st, int i)
{
	sqlite3_bind_null(st, i);
}

static const char *
sq_col_text(void *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : "";
}

static int64_t
sq_col_int(void *st, int i)
{
	return sqlite3_column_int64(st, i);
}

static int
sq_col_is_null(void *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL;
}

static int
sq_col_count(void *st)
{
	return sqlite3_column_count(st);
}

static int64_t
sq_changes(void)
{
	return sqlite3_changes64(conn);
}

static int64_t
sq_total_changes(void)
{
	return conn ? sqlite3_total_changes64(conn) : 0;
}

/* ---- the schema ---- */

static void
append_only(struct sbuf *out, const char *table, const char *msg)
{
	sbuf_printf(out, "CREATE TRIGGER %s_no_update BEFORE UPDATE ON %s\n"
		    "BEGIN\n\tSELECT RAISE(ABORT, '%s');\nEND;\n", table, table, msg);
	sbuf_printf(out, "CREATE TRIGGER %s_no_delete BEFORE DELETE ON %s\n"
		    "BEGIN\n\tSELECT RAISE(ABORT, '%s');\nEND;\n", table, table, msg);
}

static char *
sq_schema_adapt(const char *sql)
{
	return db_expand_append_only(sql, append_only);
}

/* ---- bulk rows: prepared INSERTs of many rows, SQLite's fastest path ---- */

static void
sq_empty(const char *table)
{
	char *sql = xasprintf("DELETE FROM %s", table); /* SQLite truncates */

	sq_exec(sql);
	free(sql);
}

/*
 * Rows are kept COPY_ROWS at a time and written by one INSERT of that many
 * rows (VALUES (...), (...), ...), prepared once per copy: SQLite opens the
 * table's and its indexes' cursors, and checks the foreign keys' parents,
 * once a statement, so a statement of many rows costs about 40% less a row
 * than a row a statement. The last rows go in by a statement of their own
 * count. A statement is atomic: the rows before one that broke a unique
 * key are in, it and the rest are not tried. Inside a savepoint, a row a
 * statement: there SQLite keeps a copy of every page each statement of
 * many rows touches until the savepoint ends, which costs more than it
 * saves (a product import's batch: 20 MB more, 20% slower).
 */
#define COPY_ROWS 32

struct copy_val {
	int is_text;          /* else an integer */
	int64_t i;
	size_t text;          /* offset in copy.text + 1; 0: NULL */
};

static struct {
	char *table, *cols;   /* owned */
	sqlite3_stmt *full;   /* COPY_ROWS rows a statement */
	int n, col, rows, batch, refused;
	struct copy_val *v;   /* owned: batch * n values */
	struct sbuf text;     /* owned: this batch's texts */
} copy;

static sqlite3_stmt *
copy_prepare(int rows)
{
	struct sbuf b = SBUF_INIT;
	sqlite3_stmt *st;
	int r, i;

	sbuf_printf(&b, "INSERT INTO %s (%s) VALUES ", copy.table, copy.cols);
	for (r = 0; r < rows; r++) {
		sbuf_adds(&b, r ? ", (" : "(");
		for (i = 1; i <= copy.n; i++)
			sbuf_printf(&b, "%s?%d", i > 1 ? ", " : "", r * copy.n + i);
		sbuf_adds(&b, ")");
	}
	st = sq_prepare(sbuf_str(&b));
	sbuf_release(&b);
	return st;
}

/* The rows kept, in one statement. */
static void
copy_write(void)
{
	sqlite3_stmt *st;
	int rc, k;

	if (!copy.rows || copy.refused)
		goto out;
	if (copy.rows == copy.batch) {
		if (!copy.full)
			copy.full = copy_prepare(copy.batch);
		st = copy.full;
	} else {
		st = copy_prepare(copy.rows);
	}
	for (k = 0; k < copy.rows * copy.n; k++) {
		const struct copy_val *v = &copy.v[k];

		if (!v->is_text)
			sqlite3_bind_int64(st, k + 1, v->i);
		else if (v->text)
			sqlite3_bind_text(st, k + 1, copy.text.s + v->text - 1, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, k + 1);
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_CONSTRAINT_UNIQUE &&
	    rc != SQLITE_CONSTRAINT_PRIMARYKEY)
		sq_fail(rc, sqlite3_sql(st));
	if (st != copy.full)
		sqlite3_finalize(st);
	copy.refused = rc != SQLITE_DONE;
out:
	copy.rows = 0;
	sbuf_reset(&copy.text);
}

static void
sq_copy_begin(const char *table, const char *cols, int n)
{
	copy.table = xstrdup(table);
	copy.cols = xstrdup(cols);
	copy.n = n;
	copy.col = copy.rows = copy.refused = 0;
	/* within the host parameters of any SQLite build (999 before 3.32) */
	copy.batch = db_in_savepoint() ? 1 :
		     n * COPY_ROWS <= 999 ? COPY_ROWS : (999 / n > 0 ? 999 / n : 1);
	copy.v = xcalloc((size_t)(copy.batch * n), sizeof *copy.v);
}

static struct copy_val *
copy_next(void)
{
	if (copy.col >= copy.n)
		die(EX_INTERNAL, "db_copy: more than %d values in a row", copy.n);
	return &copy.v[copy.rows * copy.n + copy.col++];
}

static void
sq_copy_int(int64_t v)
{
	struct copy_val *c = copy_next();

	c->is_text = 0;
	c->i = v;
}

static void
sq_copy_text(const char *s)
{
	struct copy_val *c = copy_next();

	c->is_text = 1;
	c->text = 0;
	if (s) {
		c->text = copy.text.len + 1;
		sbuf_add(&copy.text, s, strlen(s) + 1);
	}
}

static void
sq_copy_row_end(void)
{
	if (copy.col != copy.n)
		die(EX_INTERNAL, "db_copy: %d values for %d columns", copy.col, copy.n);
	copy.col = 0;
	if (++copy.rows == copy.batch)
		copy_write();
}

static int
sq_copy_end(void)
{
	int ok;

	copy_write();
	ok = !copy.refused;
	if (copy.full)
		sqlite3_finalize(copy.full);
	free(copy.table);
	free(copy.cols);
	free(copy.v);
	sbuf_release(&copy.text);
	memset(&copy, 0, sizeof copy);
	return ok;
}

/* Past the largest id: nothing else writes while the write transaction
 * is open, and a rowid table hands out max + 1 itself. */
static void
sq_next_ids(const char *table, size_t n, int64_t *ids)
{
	char *sql = xasprintf("SELECT COALESCE(MAX(id), 0) FROM %s", table);
	sqlite3_stmt *st = sq_prepare(sql);
	int64_t max = 0;
	size_t i;

	if (sq_step(st))
		max = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	free(sql);
	for (i = 0; i < n; i++)
		ids[i] = max + 1 + (int64_t)i;
}

const struct db_backend db_sqlite_backend = {
	"sqlite",
	sq_open, sq_close, sq_exec, sq_begin, sq_commit, sq_rollback,
	sq_prepare, sq_finalize, sq_step, sq_reset, sq_clear, sq_busy,
	sq_bind_text, sq_bind_int, sq_bind_null,
	sq_col_text, sq_col_int, sq_col_is_null, sq_col_count,
	sq_changes, sq_total_changes, sq_schema_adapt,
	sq_empty, sq_copy_begin, sq_copy_int, sq_copy_text, sq_copy_row_end, sq_copy_end,
	sq_next_ids,
};
