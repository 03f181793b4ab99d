/* db.c - the database layer's front: which backend a --db names, the
 * statements cached by their SQL text, the helpers every caller shares.
 * The backends are db_sqlite.c and db_pg.c (db_impl.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "roles.h"
#include "db_impl.h"
#include "err.h"
#include "parse.h"
#include "strmap.h"
#include "util.h"

struct db_stmt {
	void *impl;           /* owned: the backend's statement */
	char *sql;            /* owned: its text, for messages */
};

static const struct db_backend *B;
static char *open_path;   /* owned */
static int64_t busy_ms = 5000;
static struct strmap cache = STRMAP_INIT(0); /* SQL text -> ptr: struct db_stmt (owned) */
/* What db_total_changes leaves out, not being what a command changed
 * (the audit log is written only when something changed): rows written
 * to staging tables (db_temp_table), and rows written and then rolled
 * back to a savepoint (sp_mark: db_total_changes at each savepoint). */
static struct strmap temps = STRMAP_INIT(0);
static int64_t not_changes, copy_mark = -1;
static int64_t *sp_mark;
static size_t sp_cap;

/* ---- which backend ---- */

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

int
db_is_server(const char *path)
{
	return path && (!strncmp(path, "postgresql://", 13) || !strncmp(path, "postgres://", 11));
}

const char *
db_path(void)
{
	return open_path ? open_path : "";
}

int64_t
db_busy_ms(void)
{
	return busy_ms;
}

/* Milliseconds on a clock that does not jump. */
static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
db_busy_wait(int64_t *since)
{
	struct timespec ts = { 0, 10 * 1000000 };

	if (!*since)
		*since = now_ms();
	else if (now_ms() - *since >= busy_ms)
		return 0;
	nanosleep(&ts, NULL);
	return 1;
}

void
db_open(const char *path, int create, const char *currency, int digits)
{
	const char *env = getenv("SHOP_BUSY_TIMEOUT"), *why;

	if (env && *env && parse_int(env, 0, 3600000, &busy_ms, &why) < 0)
		die(EX_USAGE, "bad SHOP_BUSY_TIMEOUT '%s': %s", env, why);
	open_path = xstrdup(path);
	B = db_is_server(path) ? &db_pg_backend : &db_sqlite_backend;
	B->open(path, create, currency, digits);
}

void
db_close(void)
{
	size_t i;

	if (B) {
		B->rollback();
		for (i = 0; i < cache.cap; i++) {
			struct db_stmt *s = cache.v[i].key ? cache.v[i].ptr : NULL;
			if (s) {
				if (s->impl)
					B->finalize(s->impl);
				free(s->sql);
				free(s);
			}
		}
		B->close();
	}
	strmap_release(&cache);
	strmap_release(&temps);
	not_changes = 0;
	copy_mark = -1;
	free(sp_mark);
	sp_mark = NULL;
	sp_cap = 0;
	B = NULL;
	free(open_path);
	open_path = NULL;
}

const char *
db_login(void)
{
	static char *login;
	db_stmt *st;

	if (!db_is_server(open_path))
		return NULL;
	if (!login) {
		st = db_prep("SELECT CAST(current_user AS TEXT)");
		db_step(st);
		login = xstrdup(db_col_text(st, 0));
		db_reset(st);
	}
	return login;
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

/* ---- migrations ---- */

char *
db_expand_append_only(const char *sql,
		      void (*each)(struct sbuf *out, const char *table, const char *msg))
{
	static const char mark[] = "-- @append-only ";
	struct sbuf out = SBUF_INIT;
	const char *p = sql, *m, *eol, *colon;

	while ((m = strstr(p, mark))) {
		char *table, *msg;

		sbuf_add(&out, p, (size_t)(m - p));
		m += sizeof mark - 1;
		eol = strchr(m, '\n');
		if (!eol)
			eol = m + strlen(m);
		colon = memchr(m, ':', (size_t)(eol - m));
		if (!colon)
			die(EX_INTERNAL, "schema: '%.*s' needs 'TABLE: MESSAGE'", (int)(eol - m), m);
		table = xstrndup(m, (size_t)(colon - m));
		for (colon++; *colon == ' '; colon++)
			;
		msg = xstrndup(colon, (size_t)(eol - colon));
		each(&out, table, msg);
		free(table);
		free(msg);
		p = *eol ? eol + 1 : eol;
	}
	sbuf_adds(&out, p);
	return out.s ? out.s : xstrdup("");
}

void
db_migrate_from(int64_t from, const char *currency, int digits)
{
	char num[32], *sql;
	db_stmt *st;
	int64_t v;

	for (v = from; v < shop_nmigrations; v++) {
		sql = B->schema_adapt(shop_migrations[v]);
		B->exec(sql);
		free(sql);
	}
	/* the currency is fixed when the database is made; a database from
	 * before it was kept gets the one of the config that adopts it */
	st = db_prep("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING");
	db_bind_text(st, 1, "currency.code");
	db_bind_text(st, 2, currency);
	db_run(st);
	snprintf(num, sizeof num, "%d", digits);
	db_bind_text(st, 1, "currency.digits");
	db_bind_text(st, 2, num);
	db_run(st);
	/* a server database's roles hold privileges on every table, the new
	 * ones too */
	if (from < shop_nmigrations)
		roles_db_setup();
}

int
db_schema_version(void)
{
	return shop_nmigrations;
}

/* ---- transactions ---- */

void
db_exec(const char *sql)
{
	B->exec(sql);
}

static int savepoints; /* open now */

void
db_begin(int write)
{
	B->begin(write);
	savepoints = 0;
}

/* A statement left on a row holds a read (and, on a server, its result):
 * that is a bug of the caller, found here rather than by a stale read. */
void
db_commit(void)
{
	size_t i;

	for (i = 0; i < cache.cap; i++) {
		struct db_stmt *s = cache.v[i].key ? cache.v[i].ptr : NULL;
		if (s && B->busy(s->impl))
			die(EX_INTERNAL, "statement left mid-row at commit: %s", s->sql);
	}
	B->commit();
}

void
db_rollback(void)
{
	if (B)
		B->rollback();
	savepoints = 0;
}

int
db_in_savepoint(void)
{
	return savepoints > 0;
}

void
db_savepoint(void)
{
	B->exec("SAVEPOINT rec");
	if ((size_t)savepoints == sp_cap) {
		sp_cap = sp_cap ? 2 * sp_cap : 8;
		sp_mark = xrealloc(sp_mark, sp_cap * sizeof *sp_mark);
	}
	sp_mark[savepoints++] = db_total_changes();
}

void
db_release(void)
{
	B->exec("RELEASE SAVEPOINT rec");
	savepoints--;
}

void
db_rollback_to(void)
{
	B->exec("ROLLBACK TO SAVEPOINT rec");
	B->exec("RELEASE SAVEPOINT rec");
	savepoints--;
	not_changes += db_total_changes() - sp_mark[savepoints];
}

/* ---- bulk rows ---- */

void
db_temp_table(const char *name, const char *ddl)
{
	char *sql = B->schema_adapt(ddl);
	int64_t mark = B->total_changes();

	B->exec(sql);
	free(sql);
	B->empty(name);
	strmap_at(&temps, name);
	not_changes += B->total_changes() - mark;
}

void
db_copy_begin(const char *table, const char *cols, int n)
{
	copy_mark = strmap_get(&temps, table) ? B->total_changes() : -1;
	B->copy_begin(table, cols, n);
}

void
db_copy_int(int64_t v)
{
	B->copy_int(v);
}

void
db_copy_text(const char *s)
{
	B->copy_text(s);
}

void
db_copy_row_end(void)
{
	B->copy_row_end();
}

int
db_copy_end(void)
{
	int ok = B->copy_end();

	if (copy_mark >= 0)
		not_changes += B->total_changes() - copy_mark;
	copy_mark = -1;
	return ok;
}

void
db_stage_codes(const char *const *codes, size_t n)
{
	size_t i;

	db_temp_table("stage_code", "CREATE TEMP TABLE IF NOT EXISTS stage_code ("
				    "code TEXT NOT NULL)");
	db_copy_begin("stage_code", "code", 1);
	for (i = 0; i < n; i++) {
		db_copy_text(codes[i]);
		db_copy_row_end();
	}
	db_copy_end();
}

void
db_next_ids(const char *table, size_t n, int64_t *ids)
{
	if (n)
		B->next_ids(table, n, ids);
}

/* ---- statements ---- */

db_stmt *
db_prep(const char *sql)
{
	struct strmap_ent *e = strmap_at(&cache, sql);
	struct db_stmt *s = e->ptr;

	if (s) {
		B->reset(s->impl);
		B->clear(s->impl);
		return s;
	}
	s = xcalloc(1, sizeof *s);
	e->ptr = s;
	s->sql = xstrdup(sql);
	s->impl = B->prepare(sql);
	return s;
}

int
db_step(db_stmt *s)
{
	return B->step(s->impl);
}

void
db_reset(db_stmt *s)
{
	B->reset(s->impl);
}

void
db_run(db_stmt *s)
{
	while (B->step(s->impl))
		;
	B->reset(s->impl);
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
		B->bind_text(s->impl, i, v, 1);
	else
		B->bind_null(s->impl, i);
}

void
db_bind_static(db_stmt *s, int i, const char *v)
{
	if (v)
		B->bind_text(s->impl, i, v, 0);
	else
		B->bind_null(s->impl, i);
}

void
db_bind_int(db_stmt *s, int i, int64_t v)
{
	B->bind_int(s->impl, i, v);
}

void
db_bind_null(db_stmt *s, int i)
{
	B->bind_null(s->impl, i);
}

void
db_bind_opt_int(db_stmt *s, int i, int has, int64_t v)
{
	if (has)
		B->bind_int(s->impl, i, v);
	else
		B->bind_null(s->impl, i);
}

const char *
db_col_text(db_stmt *s, int i)
{
	return B->col_text(s->impl, i);
}

int64_t
db_col_int(db_stmt *s, int i)
{
	return B->col_int(s->impl, i);
}

int
db_col_is_null(db_stmt *s, int i)
{
	return B->col_is_null(s->impl, i);
}

int
db_col_count(db_stmt *s)
{
	return B->col_count(s->impl);
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
	return B->changes();
}

int64_t
db_total_changes(void)
{
	return B ? B->total_changes() - not_changes : 0;
}
