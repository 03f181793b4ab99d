/* db_pg.c - the PostgreSQL backend over libpq: the same statements as on
 * SQLite (?N parameters become $N), prepared once per connection, values
 * as text; server errors sorted by SQLSTATE into the exit codes of SPEC §2.
 *
 * A shop database on a server is a database whose public schema holds the
 * shop tables, with meta rows 'application' = 'shop' and 'schema_version'.
 * An empty database is made a shop database by the first command that
 * writes (shop init); creating the database itself is the DBA's job. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "db_impl.h"
#include "err.h"
#include "util.h"

/* Two processes migrating one database at once queue on this lock. */
#define SHOP_LOCK_ID 1397247824 /* "SHOP" */

struct pgst {
	char name[24];      /* the prepared statement's name */
	char *sql;          /* owned: the text, ?N as $N */
	int nparams;
	char **vals;        /* owned: each bound value (owned), NULL for SQL NULL */
	PGresult *res;      /* owned: the rows of the last execution, NULL before */
	int row, nrows;     /* the current row; -1 before the first */
};

static PGconn *conn;
static char *open_path;  /* owned: as given, for messages */
static int64_t changes, total;
static int nstmts, in_tx;

/* ---- errors ---- */

static const char *
sqlstate(const PGresult *r)
{
	const char *s = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;

	return s ? s : "";
}

/* The server's message, one line. */
static const char *
server_msg(const PGresult *r)
{
	static char buf[512];
	const char *m = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;

	snprintf(buf, sizeof buf, "%s", m ? m : PQerrorMessage(conn));
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

/* Is this failure worth waiting out: a lock, a serialization conflict? */
static int
retryable(const char *st)
{
	return !strcmp(st, "40001") || !strcmp(st, "40P01") || !strcmp(st, "55P03");
}

static void __attribute__((noreturn))
pg_fail(PGresult *r, const char *sql)
{
	const char *p = open_path ? open_path : "?";
	char msg[512], st[8];

	/* both are the result's: copied before it is freed */
	snprintf(st, sizeof st, "%s", sqlstate(r));
	snprintf(msg, sizeof msg, "%s", server_msg(r));
	PQclear(r);
	if (retryable(st) || !strcmp(st, "57014") || !strcmp(st, "53300"))
		die(EX_TEMP, "database is busy; try again later");
	/* the rules check a natural key before they write it; another session
	 * that wrote the same key in between has won: a retry finds its row
	 * and skips (nothing of this command was kept) */
	if (!strcmp(st, "23505"))
		die(EX_TEMP, "another process wrote the same record at the same time; "
		    "nothing was changed, try again");
	if (!strcmp(st, "53100"))
		die(EX_IO, "cannot write database '%s': the disk is full", p);
	if (!strcmp(st, "25006"))
		die(EX_IO, "cannot write database '%s': it is read-only", p);
	if (!strcmp(st, "42501"))
		die(EX_PERM, "database '%s' refused: %s", p, msg);
	if (!strncmp(st, "08", 2) || !strncmp(st, "57P", 3) || PQstatus(conn) != CONNECTION_OK)
		die(EX_IO, "lost the connection to database '%s': %s", p, msg);
	die(EX_INTERNAL, "database error: %s (%s)", msg, sql ? sql : "?");
}

/* Run a command of SQL text; a lock not granted within the busy timeout
 * is exit 75 (lock_timeout is set to it). */
static void
pg_exec(const char *sql)
{
	PGresult *r = PQexec(conn, sql);
	ExecStatusType s = PQresultStatus(r);

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		pg_fail(r, sql);
	PQclear(r);
}

/* The first value of a query without parameters; NULL when no row.
 * Static storage until the next call. */
static const char *
pg_value(const char *sql)
{
	static char *val;
	PGresult *r = PQexec(conn, sql);

	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		pg_fail(r, sql);
	free(val);
	val = PQntuples(r) && !PQgetisnull(r, 0, 0) ? xstrdup(PQgetvalue(r, 0, 0)) : NULL;
	PQclear(r);
	return val;
}

/* ---- opening ---- */

static void
ignore_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* What a database holds: how many tables, and our marks. */
struct pgdb {
	int64_t tables;
	int ours;          /* meta says application = shop */
	int64_t version;   /* meta's schema_version, 0 when none */
};

static void
read_pgdb(struct pgdb *d)
{
	const char *v;

	v = pg_value("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()");
	d->tables = v ? strtoll(v, NULL, 10) : 0;
	d->ours = 0;
	d->version = 0;
	if (!pg_value("SELECT to_regclass('meta')"))
		return;
	v = pg_value("SELECT value FROM meta WHERE key = 'application'");
	d->ours = v && !strcmp(v, "shop");
	v = pg_value("SELECT value FROM meta WHERE key = 'schema_version'");
	d->version = v ? strtoll(v, NULL, 10) : 0;
}

/* 1 when the schema must be brought up to date; dies for a database that
 * is not ours (65) or empty when it must not be made (3). */
static int
judge(const struct pgdb *d, int create)
{
	if (d->ours) {
		if (d->version > shop_nmigrations)
			die(EX_DATA, "database schema version %lld is newer than this program (%d)",
			    (long long)d->version, shop_nmigrations);
		if (d->version < 1)
			die(EX_DATA, "database schema version %lld is out of range (1 to %d)",
			    (long long)d->version, shop_nmigrations);
		return d->version < shop_nmigrations;
	}
	if (d->tables == 0) {
		if (!create)
			die(EX_NOTFOUND, "no database '%s' (create it with 'shop init')", open_path);
		return 1;
	}
	die(EX_DATA, "'%s' is not a shop database", open_path);
}

static void pg_begin(int write);
static void pg_commit(void);

static void
migrate(int create, const char *currency, int digits)
{
	struct pgdb d;
	char sql[160];

	pg_begin(1);
	snprintf(sql, sizeof sql, "SELECT pg_advisory_xact_lock(%d)", SHOP_LOCK_ID);
	pg_value(sql);
	read_pgdb(&d);
	if (!judge(&d, create)) {
		pg_commit();
		return;
	}
	pg_exec("CREATE TABLE IF NOT EXISTS meta (key TEXT COLLATE \"C\" PRIMARY KEY, "
		"value TEXT NOT NULL)");
	db_migrate_from(d.version, currency, digits);
	pg_exec("INSERT INTO meta (key, value) VALUES ('application', 'shop') "
		"ON CONFLICT (key) DO NOTHING");
	snprintf(sql, sizeof sql, "INSERT INTO meta (key, value) VALUES ('schema_version', '%d') "
		 "ON CONFLICT (key) DO UPDATE SET value = excluded.value", shop_nmigrations);
	pg_exec(sql);
	pg_commit();
}

static void
pg_open(const char *path, int create, const char *currency, int digits)
{
	struct pgdb d;
	char sql[96];

	open_path = xstrdup(path);
	conn = PQconnectdb(path);
	if (PQstatus(conn) != CONNECTION_OK) {
		char msg[512];

		snprintf(msg, sizeof msg, "%s", PQerrorMessage(conn));
		msg[strcspn(msg, "\n")] = '\0';
		if (strstr(msg, "does not exist") && strstr(msg, "database"))
			die(EX_NOTFOUND, "no database '%s' (create it with createdb, then 'shop init')",
			    path);
		die(EX_IO, "cannot connect to database '%s': %s", path, msg);
	}
	PQsetNoticeProcessor(conn, ignore_notice, NULL);
	/* a lock not granted within the busy timeout is busy (75) */
	snprintf(sql, sizeof sql, "SET lock_timeout = %lld", (long long)db_busy_ms());
	pg_exec(sql);
	pg_exec("SET client_min_messages = warning");
	read_pgdb(&d);
	if (judge(&d, create))
		migrate(create, currency, digits);
}

static void
pg_close(void)
{
	if (conn)
		PQfinish(conn);
	conn = NULL;
	in_tx = 0;
	free(open_path);
	open_path = NULL;
}

/* ---- transactions ---- */

/* Writers do not take a lock for the whole database as SQLite's BEGIN
 * IMMEDIATE does: each rule holds by its own conditional update or row
 * lock, so writers on several hosts run side by side. */
static void
pg_begin(int write)
{
	(void)write;
	pg_exec("BEGIN");
	in_tx = 1;
}

static void
pg_commit(void)
{
	pg_exec("COMMIT");
	in_tx = 0;
}

static void
pg_rollback(void)
{
	PGresult *r;

	if (!conn || !in_tx)
		return;
	r = PQexec(conn, "ROLLBACK");
	PQclear(r);
	in_tx = 0;
}

/* ---- statements ---- */

/* "?12" -> "$12", outside quotes; the highest number is the count. */
static char *
dollar_params(const char *sql, int *nparams)
{
	struct sbuf b = SBUF_INIT;
	const char *p;
	char quote = 0;
	int n;

	*nparams = 0;
	for (p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			sbuf_addc(&b, *p);
			continue;
		}
		if (*p == '\'' || *p == '"') {
			quote = *p;
			sbuf_addc(&b, *p);
			continue;
		}
		if (*p == '?' && p[1] >= '0' && p[1] <= '9') {
			n = (int)strtol(p + 1, NULL, 10);
			if (n > *nparams)
				*nparams = n;
			sbuf_addc(&b, '$');
			continue;
		}
		if (*p == '?')
			die(EX_INTERNAL, "database: an unnumbered parameter in %s", sql);
		sbuf_addc(&b, *p);
	}
	return b.s ? b.s : xstrdup("");
}

static void *
pg_prepare(const char *sql)
{
	struct pgst *s = xcalloc(1, sizeof *s);
	PGresult *r;

	s->sql = dollar_params(sql, &s->nparams);
	s->vals = xcalloc((size_t)s->nparams + 1, sizeof *s->vals);
	s->row = -1;
	snprintf(s->name, sizeof s->name, "s%d", ++nstmts);
	r = PQprepare(conn, s->name, s->sql, 0, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		pg_fail(r, sql);
	PQclear(r);
	return s;
}

static void
pg_reset(void *st)
{
	struct pgst *s = st;

	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	s->nrows = 0;
}

static void
pg_clear(void *st)
{
	struct pgst *s = st;
	int i;

	for (i = 0; i < s->nparams; i++) {
		free(s->vals[i]);
		s->vals[i] = NULL;
	}
}

static void
pg_finalize(void *st)
{
	struct pgst *s = st;

	pg_reset(s);
	pg_clear(s);
	free(s->vals);
	free(s->sql);
	free(s);
}

/* The first step executes; the rows come from its result. A statement
 * that waited on a lock past lock_timeout fails the transaction: 75. */
static int
pg_step(void *st)
{
	struct pgst *s = st;
	ExecStatusType rs;
	const char *n;

	if (!s->res) {
		s->res = PQexecPrepared(conn, s->name, s->nparams, (const char *const *)s->vals,
					NULL, NULL, 0);
		rs = PQresultStatus(s->res);
		if (rs != PGRES_TUPLES_OK && rs != PGRES_COMMAND_OK) {
			PGresult *r = s->res;

			s->res = NULL;
			pg_fail(r, s->sql);
		}
		/* rows written, as sqlite3_changes() counts them */
		n = PQcmdStatus(s->res);
		changes = 0;
		if (!strncmp(n, "INSERT", 6) || !strncmp(n, "UPDATE", 6) || !strncmp(n, "DELETE", 6))
			changes = strtoll(PQcmdTuples(s->res), NULL, 10);
		total += changes;
		s->nrows = PQntuples(s->res);
		s->row = -1;
	}
	if (s->row + 1 < s->nrows) {
		s->row++;
		return 1;
	}
	s->row = s->nrows;
	return 0;
}

static int
pg_busy(void *st)
{
	struct pgst *s = st;

	return s->res && s->row >= 0 && s->row < s->nrows;
}

static void
bind_value(struct pgst *s, int i, char *v)
{
	if (i < 1 || i > s->nparams)
		die(EX_INTERNAL, "database: parameter %d of %d in %s", i, s->nparams, s->sql);
	free(s->vals[i - 1]);
	s->vals[i - 1] = v;
}

static void
pg_bind_text(void *st, int i, const char *v, int copy)
{
	(void)copy; /* libpq reads the values at execution: always a copy */
	bind_value(st, i, xstrdup(v));
}

static void
pg_bind_int(void *st, int i, int64_t v)
{
	bind_value(st, i, xasprintf("%lld", (long long)v));
}

static void
pg_bind_null(void *st, int i)
{
	bind_value(st, i, NULL);
}

static const char *
pg_col_text(void *st, int i)
{
	struct pgst *s = st;

	return PQgetvalue(s->res, s->row, i);
}

/* Integers come as text; a boolean as t or f. */
static int64_t
pg_col_int(void *st, int i)
{
	const char *v = pg_col_text(st, i);

	if (v[0] == 't' && !v[1])
		return 1;
	if (v[0] == 'f' && !v[1])
		return 0;
	return strtoll(v, NULL, 10);
}

static int
pg_col_is_null(void *st, int i)
{
	struct pgst *s = st;

	return PQgetisnull(s->res, s->row, i);
}

static int
pg_col_count(void *st)
{
	struct pgst *s = st;

	return s->res ? PQnfields(s->res) : 0;
}

static int64_t
pg_changes(void)
{
	return changes;
}

static int64_t
pg_total_changes(void)
{
	return total;
}

/* ---- bulk rows: COPY ... FROM STDIN, text format ---- */

static struct sbuf copybuf;
static int copy_n, copy_col;
static char *copy_sql, *copy_table;

static void
copy_flush(void)
{
	if (copybuf.len && PQputCopyData(conn, copybuf.s, (int)copybuf.len) != 1)
		pg_fail(NULL, copy_sql);
	sbuf_reset(&copybuf);
}

static void
pg_copy_begin(const char *table, const char *cols, int n)
{
	PGresult *r;

	free(copy_sql);
	free(copy_table);
	copy_table = xstrdup(table);
	copy_sql = xasprintf("COPY %s (%s) FROM STDIN", table, cols);
	copy_n = n;
	copy_col = 0;
	r = PQexec(conn, copy_sql);
	if (PQresultStatus(r) != PGRES_COPY_IN)
		pg_fail(r, copy_sql);
	PQclear(r);
}

/* A staging table is emptied by TRUNCATE: rows deleted from a temporary
 * table stay behind as dead ones (no autovacuum reaches it) and every
 * batch would scan all the batches before it. */
static char *temps[16]; /* owned: the temporary tables made so far */

static int
is_temp(const char *table)
{
	size_t i;

	for (i = 0; i < sizeof temps / sizeof *temps && temps[i]; i++)
		if (!strcmp(temps[i], table))
			return 1;
	return 0;
}

static void
pg_empty(const char *table)
{
	char *sql = xasprintf("TRUNCATE %s", table);
	size_t i;

	pg_exec(sql);
	free(sql);
	for (i = 0; i < sizeof temps / sizeof *temps; i++) {
		if (temps[i] && !strcmp(temps[i], table))
			break;
		if (!temps[i]) {
			temps[i] = xstrdup(table);
			break;
		}
	}
}

/* A value of the row: a tab before all but the first. */
static void
copy_sep(void)
{
	if (copy_col++)
		sbuf_addc(&copybuf, '\t');
}

static void
pg_copy_int(int64_t v)
{
	char num[24], *p = num + sizeof num;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	copy_sep();
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	sbuf_add(&copybuf, p, (size_t)(num + sizeof num - p));
}

static void
pg_copy_text(const char *v)
{
	size_t n;

	copy_sep();
	if (!v) {
		sbuf_adds(&copybuf, "\\N");
		return;
	}
	for (;;) {
		/* the plain run at once: a byte at a time was a third of a bulk
		 * load's client time */
		n = strcspn(v, "\\\t\n\r");
		sbuf_add(&copybuf, v, n);
		v += n;
		switch (*v) {
		case '\0':
			return;
		case '\\':
			sbuf_adds(&copybuf, "\\\\");
			break;
		case '\t':
			sbuf_adds(&copybuf, "\\t");
			break;
		case '\n':
			sbuf_adds(&copybuf, "\\n");
			break;
		default:
			sbuf_adds(&copybuf, "\\r");
		}
		v++;
	}
}

static void
pg_copy_row_end(void)
{
	if (copy_col != copy_n)
		die(EX_INTERNAL, "db_copy: %d values for %d columns", copy_col, copy_n);
	copy_col = 0;
	sbuf_addc(&copybuf, '\n');
	if (copybuf.len >= 1 << 16)
		copy_flush();
}

/* The rows are the server's once it says so: a bad row fails here. */
static int
pg_copy_end(void)
{
	PGresult *r;
	int refused = 0;

	copy_flush();
	if (PQputCopyEnd(conn, NULL) != 1)
		pg_fail(NULL, copy_sql);
	while ((r = PQgetResult(conn))) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			if (strcmp(sqlstate(r), "23505") != 0)
				pg_fail(r, copy_sql);
			refused = 1;
		} else {
			/* rows copied count as rows written, as on SQLite */
			changes = strtoll(PQcmdTuples(r), NULL, 10);
			total += changes;
		}
		PQclear(r);
	}
	sbuf_release(&copybuf);
	if (refused)
		return 0;
	/* no autovacuum analyzes a temporary table: without the figures
	 * the planner would join a batch to the whole ledger */
	free(copy_sql);
	copy_sql = xasprintf("ANALYZE %s", copy_table);
	if (is_temp(copy_table))
		pg_exec(copy_sql);
	return 1;
}

/* ---- the schema ---- */

static void
append_only(struct sbuf *out, const char *table, const char *msg)
{
	sbuf_printf(out, "CREATE FUNCTION %s_append_only() RETURNS trigger LANGUAGE plpgsql AS "
		    "$$ BEGIN RAISE EXCEPTION '%s'; END $$;\n", table, msg);
	sbuf_printf(out, "CREATE TRIGGER %s_no_change BEFORE UPDATE OR DELETE ON %s "
		    "FOR EACH ROW EXECUTE FUNCTION %s_append_only();\n", table, table, table);
}

static int
word_at(const char *p, const char *start, const char *w)
{
	size_t n = strlen(w);

	if (strncmp(p, w, n) != 0)
		return 0;
	if (p > start && (p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') ||
			  (p[-1] >= 'A' && p[-1] <= 'Z') || (p[-1] >= '0' && p[-1] <= '9')))
		return 0;
	return !(p[n] == '_' || (p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
		 (p[n] >= '0' && p[n] <= '9'));
}

/*
 * One schema source: the migrations are written for both backends; what
 * PostgreSQL spells otherwise is rewritten here. Row ids are identity
 * columns, integers 64-bit, text compares byte by byte as in SQLite
 * (COLLATE "C": a code sorts the same on both), and the append-only
 * triggers are a PL/pgSQL function each.
 */
static char *
pg_schema_adapt(const char *sql)
{
	char *expanded = db_expand_append_only(sql, append_only);
	struct sbuf b = SBUF_INIT;
	const char *p, *line = expanded;
	int comment = 0;

	for (p = expanded; *p; p++) {
		if (*p == '\n') {
			comment = 0;
			line = p + 1;
		}
		if (!comment && p[0] == '-' && p[1] == '-')
			comment = 1;
		if (comment || p < line) {
			sbuf_addc(&b, *p);
			continue;
		}
		if (word_at(p, expanded, "INTEGER PRIMARY KEY")) {
			sbuf_adds(&b, "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
			p += strlen("INTEGER PRIMARY KEY") - 1;
		} else if (word_at(p, expanded, "INTEGER")) {
			sbuf_adds(&b, "BIGINT");
			p += strlen("INTEGER") - 1;
		} else if (word_at(p, expanded, "TEXT")) {
			sbuf_adds(&b, "TEXT COLLATE \"C\"");
			p += strlen("TEXT") - 1;
		} else {
			sbuf_addc(&b, *p);
		}
	}
	free(expanded);
	return b.s ? b.s : xstrdup("");
}

/* From the table's own sequence (its identity column's), in one trip. */
static void
pg_next_ids(const char *table, size_t n, int64_t *ids)
{
	char *sql = xasprintf("SELECT nextval(pg_get_serial_sequence('%s', 'id')) "
			      "FROM generate_series(1, %zu)", table, n);
	PGresult *r = PQexec(conn, sql);
	size_t i;

	if (PQresultStatus(r) != PGRES_TUPLES_OK || (size_t)PQntuples(r) != n)
		pg_fail(r, sql);
	for (i = 0; i < n; i++)
		ids[i] = strtoll(PQgetvalue(r, (int)i, 0), NULL, 10);
	PQclear(r);
	free(sql);
}

const struct db_backend db_pg_backend = {
	"postgresql",
	pg_open, pg_close, pg_exec, pg_begin, pg_commit, pg_rollback,
	pg_prepare, pg_finalize, pg_step, pg_reset, pg_clear, pg_busy,
	pg_bind_text, pg_bind_int, pg_bind_null,
	pg_col_text, pg_col_int, pg_col_is_null, pg_col_count,
	pg_changes, pg_total_changes, pg_schema_adapt,
	pg_empty, pg_copy_begin, pg_copy_int, pg_copy_text, pg_copy_row_end, pg_copy_end,
	pg_next_ids,
};
