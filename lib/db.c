/* db.c - the SQLite connection, migrations, transactions, cached statements */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "err.h"
#include "parse.h"
#include "util.h"

/* Compiled in from share/schema/NNN_*.sql by the Makefile (lib/schema.c). */
extern const char *const shop_migrations[];
extern const int shop_nmigrations;

sqlite3 *shop_db;

/* Statement cache: open addressing on the SQL text's address. */
#define CACHE_SLOTS 256
static struct {
	const char *sql;        /* borrowed: a string literal */
	sqlite3_stmt *st;       /* owned */
} cache[CACHE_SLOTS];

static void
db_fail(int rc, const char *what)
{
	const char *msg = shop_db ? sqlite3_errmsg(shop_db) : sqlite3_errstr(rc);

	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		die(EX_TEMP, "database is busy; try again later");
	die(EX_INTERNAL, "database error: %s (%s)", msg, what);
}

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

/* Create the file ourselves so it is 0600 (minus a stricter umask): SQLite
 * would create it 0644. Its -wal and -shm files copy this mode. */
static void
create_private(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0) {
		if (errno == EEXIST)
			return;
		die(EX_DATA, "cannot create database '%s': %s", path, strerror(errno));
	}
	close(fd);
}

static int
user_version(void)
{
	sqlite3_stmt *st = db_prepare("PRAGMA user_version");
	int v = 0;

	if (db_step(st))
		v = (int)db_col_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
migrate(void)
{
	int v = user_version();
	char pragma[64];

	if (v > shop_nmigrations)
		die(EX_DATA, "database schema version %d is newer than this program (%d)",
		    v, shop_nmigrations);
	if (v == shop_nmigrations)
		return;
	db_begin(1);
	v = user_version(); /* another process may have migrated meanwhile */
	for (; v < shop_nmigrations; v++)
		db_exec(shop_migrations[v]);
	snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", shop_nmigrations);
	db_exec(pragma);
	db_commit();
}

void
db_open(const char *path)
{
	const char *env = getenv("SHOP_BUSY_TIMEOUT");
	int64_t timeout = 5000;
	const char *why;
	struct stat sb;
	int rc;

	if (env && *env && parse_int(env, 0, 3600000, &timeout, &why) < 0)
		die(EX_USAGE, "bad SHOP_BUSY_TIMEOUT '%s': %s", env, why);
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		die(EX_DATA, "database '%s' is a directory", path);
	create_private(path);
	/* one thread, one connection: no mutexes, no allocation statistics
	 * (both cost a lock per malloc); must come before SQLite starts */
	sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	rc = sqlite3_open_v2(path, &shop_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		die(EX_DATA, "cannot open database '%s': %s", path,
		    shop_db ? sqlite3_errmsg(shop_db) : sqlite3_errstr(rc));
	sqlite3_extended_result_codes(shop_db, 1);
	sqlite3_busy_timeout(shop_db, (int)timeout);
	/* journal_mode may need a lock: it is the first thing that can be busy */
	db_exec("PRAGMA journal_mode = WAL");
	db_exec("PRAGMA foreign_keys = ON");
	db_exec("PRAGMA cache_size = -65536");
	db_exec("PRAGMA temp_store = MEMORY");
	migrate();
}

void
db_close(void)
{
	size_t i;

	if (!shop_db)
		return;
	db_rollback();
	for (i = 0; i < CACHE_SLOTS; i++) {
		if (cache[i].st)
			sqlite3_finalize(cache[i].st);
		cache[i].st = NULL;
		cache[i].sql = NULL;
	}
	sqlite3_close(shop_db);
	shop_db = NULL;
}

void
db_begin(int write)
{
	db_exec(write ? "BEGIN IMMEDIATE" : "BEGIN");
}

void
db_commit(void)
{
	db_exec("COMMIT");
}

void
db_rollback(void)
{
	if (shop_db && !sqlite3_get_autocommit(shop_db))
		sqlite3_exec(shop_db, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3_stmt *
db_prepare(const char *sql)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(shop_db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		db_fail(rc, sql);
	return st;
}

sqlite3_stmt *
db_prep(const char *sql)
{
	size_t h = ((uintptr_t)sql >> 3) % CACHE_SLOTS, n;

	for (n = 0; n < CACHE_SLOTS; n++, h = (h + 1) % CACHE_SLOTS) {
		if (cache[h].sql == sql) {
			sqlite3_reset(cache[h].st);
			sqlite3_clear_bindings(cache[h].st);
			return cache[h].st;
		}
		if (!cache[h].sql) {
			cache[h].st = db_prepare(sql);
			cache[h].sql = sql;
			return cache[h].st;
		}
	}
	die(EX_INTERNAL, "statement cache full");
}

int
db_step(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	sqlite3_reset(st);
	db_fail(rc, sqlite3_sql(st));
	return 0;
}

void
db_run(sqlite3_stmt *st)
{
	while (db_step(st))
		;
	sqlite3_reset(st);
}

void
db_exec(const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(shop_db, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
			die(EX_TEMP, "database is busy; try again later");
		die(EX_INTERNAL, "database error: %s", msg ? msg : sqlite3_errstr(rc));
	}
}

void
db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void
db_bind_static(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

void
db_bind_int(sqlite3_stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(st, i, v);
}

void
db_bind_null(sqlite3_stmt *st, int i)
{
	sqlite3_bind_null(st, i);
}

void
db_bind_opt_int(sqlite3_stmt *st, int i, int has, int64_t v)
{
	if (has)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

const char *
db_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? (const char *)s : "";
}

int64_t
db_col_int(sqlite3_stmt *st, int i)
{
	return sqlite3_column_int64(st, i);
}

int
db_col_is_null(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL;
}

int64_t
db_lookup_id(const char *sql, const char *key)
{
	sqlite3_stmt *st = db_prep(sql);
	int64_t id = -1;

	db_bind_text(st, 1, key);
	if (db_step(st))
		id = db_col_int(st, 0);
	sqlite3_reset(st);
	return id;
}

size_t
db_report(const char *const *sql, size_t n, void (*report)(const char *line, void *arg), void *arg)
{
	sqlite3_stmt *st;
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
	return sqlite3_changes64(shop_db);
}

int64_t
db_last_id(void)
{
	return sqlite3_last_insert_rowid(shop_db);
}

int
db_schema_version(void)
{
	return shop_nmigrations;
}
