/* db.h - the one database connection of a process. Every SQL statement of
 * the toolkit goes through here; nothing else includes a backend's header.
 *
 * SQL is written once, portable: BIGINT for money and quantities,
 * RETURNING instead of "last insert id", INSERT ... ON CONFLICT,
 * conditional updates (... WHERE available >= ?), parameters as ?N,
 * booleans compared explicitly (?1 <> 0), no backend-specific functions.
 * A query that ends in " FOR UPDATE" locks its rows on PostgreSQL until
 * the transaction ends; on SQLite, whose write transaction holds the whole
 * database, the clause is dropped. */
#ifndef SHOP_DB_H
#define SHOP_DB_H

#include <stddef.h>
#include <stdint.h>

typedef struct db_stmt db_stmt;

/* The path: explicit --db, else $SHOP_DB, else "shop.db". */
const char *db_resolve_path(const char *explicit_path);
/* Does path name a PostgreSQL database (postgresql://, postgres://)? */
int db_is_server(const char *path);
/* The login of a server database's connection (current_user), kept for
 * the session; NULL on SQLite. */
const char *db_login(void);

/*
 * Open the database at path. A path is a plain file name, never a URI
 * ("file:x.db?mode=memory" is a file of that name).
 * create: a missing or empty (0 bytes) file is created (0600, a stricter
 * umask wins) and migrated; without it, such a file (or an SQLite file
 * with no tables) dies 3 "no database 'PATH'" and nothing is created.
 * A file that is not a shop database (a CSV, another application's SQLite
 * file, a schema version out of range) dies 65 and is left untouched:
 * it is known before anything is written. Shop databases carry PRAGMA
 * application_id "SHOP"; one made before they were marked (schema 1..2,
 * our tables) is adopted. A new database keeps currency and digits (the
 * currency is fixed when the database is created; see db_meta). Sets the
 * busy timeout ($SHOP_BUSY_TIMEOUT ms, default 5000): every statement of
 * the first use too is retried until it passes, then dies 75. A database
 * that cannot be read or written (modes, a read-only directory or file
 * system, a full disk) dies 74 saying why.
 */
void db_open(const char *path, int create, const char *currency, int digits);
void db_close(void);
/* The path db_open was given. */
const char *db_path(void);

/* A value of the database's own settings (currency.code,
 * currency.digits), or NULL; static storage until the next call. */
const char *db_meta(const char *key);

/* Transactions: one per command. write takes the write lock at once
 * (BEGIN IMMEDIATE). db_commit dies 70 if a statement is left mid-row. */
void db_begin(int write);
void db_commit(void);
void db_rollback(void); /* safe to call when no transaction is open */
/* Savepoints inside the transaction: a record applied whole or not at all. */
void db_savepoint(void);
void db_release(void);
void db_rollback_to(void);

/* A prepared statement cached by its SQL text, returned reset with its
 * bindings cleared. Do not free it. */
db_stmt *db_prep(const char *sql);

/* Step: 1 for a row, 0 when done. A statement stepped to a row must be
 * stepped to the end or db_reset: none is left mid-row at commit. Busy
 * past the timeout dies 75; a read-only or full disk, an I/O error 74;
 * a file that is not a database 65; anything else is a bug, 70. */
int db_step(db_stmt *st);
void db_reset(db_stmt *st);
/* Step a statement that returns no rows, then reset it. */
void db_run(db_stmt *st);
/* Step a statement that returns one integer (INSERT ... RETURNING id,
 * SELECT count(*)), reset it, and return the integer; def when no row. */
int64_t db_int(db_stmt *st, int64_t def);
/* Run SQL text with no parameters (schema, transaction control). */
void db_exec(const char *sql);

/* Binding: NULL text binds SQL NULL; db_bind_opt_int binds NULL when !has.
 * Booleans are integers 0/1 compared in SQL (?3 <> 0). */
void db_bind_text(db_stmt *st, int i, const char *s);
/* db_bind_text without the copy, for hot paths: s must stay unchanged
 * until the statement has been stepped to the end or reset. */
void db_bind_static(db_stmt *st, int i, const char *s);
void db_bind_int(db_stmt *st, int i, int64_t v);
void db_bind_null(db_stmt *st, int i);
void db_bind_opt_int(db_stmt *st, int i, int has, int64_t v);

/* Columns: text is "" for NULL; valid until the next step/reset. */
const char *db_col_text(db_stmt *st, int i);
int64_t db_col_int(db_stmt *st, int i);
int db_col_is_null(db_stmt *st, int i);
int db_col_count(db_stmt *st);

/* The integer in the first column of the first row of sql, a query with
 * one text parameter (a look-up by code), or -1 when there is no row. */
int64_t db_lookup_id(const char *sql, const char *key);

/*
 * Bulk rows for the set-based paths of the imports: a million rows must
 * not be a million round trips to a server. db_temp_table makes a
 * temporary table of this connection (ddl "CREATE TEMP TABLE IF NOT
 * EXISTS name (...)", written as a migration is: the backend adapts it)
 * on first use and empties it. db_copy_begin .. db_copy_end load rows
 * into a table: COPY on PostgreSQL, one prepared INSERT on SQLite. cols is
 * "a, b, c" (n names); each row is n values in that order (text: NULL for
 * SQL NULL; the text must stay unchanged until the row ends), then
 * db_copy_row_end. Nothing else may run on the connection between begin
 * and end. db_copy_end returns 1 when the rows are in, 0 when one of them
 * broke a unique key of the table: then the caller rolls back to the
 * savepoint it took before db_copy_begin (some rows may be in until then).
 * Every other failure dies as a statement would.
 */
void db_temp_table(const char *name, const char *ddl);
void db_copy_begin(const char *table, const char *cols, int n);
void db_copy_int(int64_t v);
void db_copy_text(const char *s);
void db_copy_row_end(void);
int db_copy_end(void);

/* Codes into the temporary table stage_code (code TEXT), emptied first,
 * for a look-up of many at once: "... WHERE code IN (SELECT code FROM
 * stage_code)". */
void db_stage_codes(const char *const *codes, size_t n);

/* n fresh ids for rows of table (its "id" column), for a bulk write that
 * must know them before it copies (an order's lines name their order):
 * the table's own sequence on PostgreSQL, past the largest id on SQLite
 * (whose write transaction holds the database). They are never handed
 * out again, whether or not the rows are written. */
void db_next_ids(const char *table, size_t n, int64_t *ids);

/* Invariant checks: run each query of sql[0..n), whose rows are one text
 * column each, a violation already worded; hand each to report. Returns
 * how many there were. */
size_t db_report(const char *const *sql, size_t n, void (*report)(const char *line, void *arg),
		 void *arg);

/* Rows changed by the last statement, and by the connection so far
 * (rows of the staging tables of db_temp_table, and rows rolled back to
 * a savepoint, left out). */
int64_t db_changes(void);
int64_t db_total_changes(void);

/* Schema version the binary knows (number of the last migration). */
int db_schema_version(void);

#endif
