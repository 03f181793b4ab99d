/* db.c - the SQLite backend: the connection, what makes a file a shop
 * database, migrations, transactions, statements cached by their text */
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
#include "err.h"
#include "parse.h"
#include "strmap.h"
#include "util.h"

/* Compiled in from share/schema/NNN_*.sql by the Makefile (schema.c). */
extern const char *const shop_migrations[];
extern const int shop_nmigrations;

/* PRAGMA application_id of every shop database: "SHOP". */
#define SHOP_APP_ID 0x53484f50

struct db_stmt {
	sqlite3_stmt *st; /* owned */
};

static sqlite3 *conn;
static char *open_path;          /* owned: as given, for messages */
static int64_t busy_ms = 5000;
static int identified;           /* the file is known to be a shop database */
static struct strmap cache = STRMAP_INIT(0); /* SQL text -> ptr: struct db_stmt (owned) */

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
db_fail(int rc, const char *sql)
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

/* Milliseconds on a clock that does not jump. */
static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sleep a little while busy: 1 to try again, 0 once the timeout has
 * passed since the first failure (*since, 0 before it). */
static int
busy_wait(int64_t *since)
{
	struct timespec ts = { 0, 10 * 1000000 };

	if (!*since)
		*since = now_ms();
	else if (now_ms() - *since >= busy_ms)
		return 0;
	nanosleep(&ts, NULL);
	return 1;
}

/* ---- opening ---- */

const char *
db_resolve_path(const char *explicit_path)
{
	const char *p = explicit_path;

	if (!p || !*p)
		p = getenv("SHOP_DB");
	if (!p || !*p)
		p = "shop.db";
	return p;
}

const char *
db_path(void)
{
	return open_path ? open_path : "";
}

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
		if (!is_busy(rc) || !busy_wait(&since))
			db_fail(rc, sql);
	}
}

/* SQL text run until it is not busy: sqlite3_exec skips the busy handler
 * in some places (the first "PRAGMA journal_mode = WAL" of a database,
 * a lock a reader holds while another process changes the journal mode),
 * and COMMIT may be retried. */
void
db_exec(const char *sql)
{
	int64_t since = 0;
	int rc;

	while ((rc = sqlite3_exec(conn, sql, NULL, NULL, NULL)) != SQLITE_OK)
		if (!is_busy(rc) || !busy_wait(&since))
			db_fail(rc, sql);
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
	int64_t v;
	char sql[128];
	db_stmt *st;

	db_begin(1);
	read_dbfile(&f);
	if (judge(&f, create) == DB_READY) {
		db_commit();
		return;
	}
	for (v = f.version; v < shop_nmigrations; v++)
		db_exec(shop_migrations[v]);
	/* the currency is fixed when the database is made; a database from
	 * before it was kept gets the one of the config that adopts it */
	st = db_prep("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING");
	db_bind_text(st, 1, "currency.code");
	db_bind_text(st, 2, currency);
	db_run(st);
	snprintf(sql, sizeof sql, "%d", digits);
	db_bind_text(st, 1, "currency.digits");
	db_bind_text(st, 2, sql);
	db_run(st);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", shop_nmigrations);
	db_exec(sql);
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d", SHOP_APP_ID);
	db_exec(sql);
	db_commit();
}

void
db_open(const char *path, int create, const char *currency, int digits)
{
	const char *env = getenv("SHOP_BUSY_TIMEOUT"), *why;
	struct dbfile f;
	enum verdict verdict;
	char *file;
	int rc;

	if (env && *env && parse_int(env, 0, 3600000, &busy_ms, &why) < 0)
		die(EX_USAGE, "bad SHOP_BUSY_TIMEOUT '%s': %s", env, why);
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
		db_fail(rc, NULL);
	sqlite3_extended_result_codes(conn, 1);
	sqlite3_busy_timeout(conn, (int)busy_ms);
	/* until the file is known to be ours, closing must not checkpoint
	 * another application's WAL into its database */
	sqlite3_db_config(conn, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	db_exec("PRAGMA foreign_keys = ON");
	db_exec("PRAGMA cache_size = -65536");
	db_exec("PRAGMA temp_store = MEMORY");
	/* whose file is it? Read in one snapshot, before anything is written */
	db_begin(0);
	read_dbfile(&f);
	verdict = judge(&f, create);
	db_commit();
	identified = 1;
	sqlite3_db_config(conn, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
	db_exec("PRAGMA journal_mode = WAL");
	if (verdict == DB_MIGRATE)
		migrate(create, currency, digits);
}

void
db_close(void)
{
	size_t i;

	free(open_path);
	open_path = NULL;
	if (!conn)
		return;
	db_rollback();
	for (i = 0; i < cache.cap; i++) {
		struct db_stmt *s = cache.v[i].key ? cache.v[i].ptr : NULL;
		if (s) {
			sqlite3_finalize(s->st);
			free(s);
		}
	}
	strmap_release(&cache);
	sqlite3_close(conn);
	conn = NULL;
	identified = 0;
}

const char *
db_meta(const char *key)
{
	static char val[256];
	db_stmt *st = db_prep("SELECT value FROM meta WHERE key = ?1");

	db_bind_text(st, 1, key);
	if (!db_step(st))
		return NULL;
	snprintf(val, sizeof val, "%s", db_col_text(st, 0));
	db_reset(st);
	return val;
}

/* ---- transactions ---- */

void
db_begin(int write)
{
	db_exec(write ? "BEGIN IMMEDIATE" : "BEGIN");
}

void
db_commit(void)
{
	sqlite3_stmt *st = NULL;

	while ((st = sqlite3_next_stmt(conn, st)))
		if (sqlite3_stmt_busy(st))
			die(EX_INTERNAL, "statement left mid-row at commit: %s", sqlite3_sql(st));
	db_exec("COMMIT");
}

void
db_rollback(void)
{
	if (conn && !sqlite3_get_autocommit(conn))
		sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
}

void
db_savepoint(void)
{
	db_exec("SAVEPOINT rec");
}

void
db_release(void)
{
	db_exec("RELEASE rec");
}

void
db_rollback_to(void)
{
	db_exec("ROLLBACK TO rec");
	db_exec("RELEASE rec");
}

/* ---- statements ---- */

db_stmt *
db_prep(const char *sql)
{
	struct strmap_ent *e = strmap_at(&cache, sql);
	struct db_stmt *s = e->ptr;
	int64_t waited = 0;
	int rc;

	if (s) {
		sqlite3_reset(s->st);
		sqlite3_clear_bindings(s->st);
		return s;
	}
	s = xcalloc(1, sizeof *s);
	while ((rc = sqlite3_prepare_v2(conn, sql, -1, &s->st, NULL)) != SQLITE_OK)
		if (!is_busy(rc) || !busy_wait(&waited))
			db_fail(rc, sql);
	e->ptr = s;
	return s;
}

/* A statement that was busy before it returned a row or took a lock (the
 * first read of a transaction, which SQLite does not always retry itself)
 * did nothing: it is tried again until the timeout. */
int
db_step(db_stmt *s)
{
	int64_t since = 0;
	int fresh = !sqlite3_stmt_busy(s->st), rc;

	for (;;) {
		rc = sqlite3_step(s->st);
		if (rc == SQLITE_ROW)
			return 1;
		if (rc == SQLITE_DONE)
			return 0;
		sqlite3_reset(s->st);
		if (!is_busy(rc) || !fresh || sqlite3_txn_state(conn, NULL) != SQLITE_TXN_NONE ||
		    !busy_wait(&since))
			db_fail(rc, sqlite3_sql(s->st));
	}
}

void
db_reset(db_stmt *s)
{
	sqlite3_reset(s->st);
}

void
db_run(db_stmt *s)
{
	while (db_step(s))
		;
	sqlite3_reset(s->st);
}

int64_t
db_int(db_stmt *s, int64_t def)
{
	int64_t v = def;

	if (db_step(s) && !db_col_is_null(s, 0))
		v = db_col_int(s, 0);
	db_reset(s);
	return v;
}

void
db_bind_text(db_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s->st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s->st, i);
}

void
db_bind_static(db_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s->st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s->st, i);
}

void
db_bind_int(db_stmt *s, int i, int64_t v)
{
	sqlite3_bind_int64(s->st, i, v);
}

void
db_bind_null(db_stmt *s, int i)
{
	sqlite3_bind_null(s->st, i);
}

void
db_bind_opt_int(db_stmt *s, int i, int has, int64_t v)
{
	if (has)
		sqlite3_bind_int64(s->st, i, v);
	else
		sqlite3_bind_null(s->st, i);
}

const char *
db_col_text(db_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s->st, i);

	return t ? (const char *)t : "";
}

int64_t
db_col_int(db_stmt *s, int i)
{
	return sqlite3_column_int64(s->st, i);
}

int
db_col_is_null(db_stmt *s, int i)
{
	return sqlite3_column_type(s->st, i) == SQLITE_NULL;
}

int
db_col_count(db_stmt *s)
{
	return sqlite3_column_count(s->st);
}

int64_t
db_lookup_id(const char *sql, const char *key)
{
	db_stmt *st = db_prep(sql);

	db_bind_text(st, 1, key);
	return db_int(st, -1);
}

size_t
db_report(const char *const *sql, size_t n, void (*report)(const char *line, void *arg), void *arg)
{
	db_stmt *st;
	size_t i, found = 0;

	for (i = 0; i < n; i++) {
		st = db_prep(sql[i]);
		while (db_step(st)) {
			report(db_col_text(st, 0), arg);
			found++;
		}
	}
	return found;
}

int64_t
db_changes(void)
{
	return sqlite3_changes64(conn);
}

int64_t
db_total_changes(void)
{
	return conn ? sqlite3_total_changes64(conn) : 0;
}

int
db_schema_version(void)
{
	return shop_nmigrations;
}
