/* db.h - the one SQLite connection of a process; all SQL goes through here */
#ifndef SHOP_DB_H
#define SHOP_DB_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

extern sqlite3 *shop_db; /* the open database, NULL before db_open */

/*
 * Resolve the path (explicit --db, else $SHOP_DB, else ./shop.db), create
 * the file 0600 if missing (a stricter umask wins), open it, set WAL,
 * foreign keys, the busy timeout ($SHOP_BUSY_TIMEOUT ms, default 5000) and
 * apply the migrations compiled in from share/schema/. Returns the path
 * used (static storage).
 */
const char *db_resolve_path(const char *explicit_path);
void db_open(const char *path);
void db_close(void);

/* Transactions: one per command. write=1 takes BEGIN IMMEDIATE; busy past
 * the timeout dies with exit 75. */
void db_begin(int write);
void db_commit(void);
void db_rollback(void); /* safe to call when no transaction is open */

/* A prepared statement cached by the address of its SQL text: pass string
 * literals. Returned reset with bindings cleared. Do not finalize. */
sqlite3_stmt *db_prep(const char *sql);
/* An uncached statement for SQL built at run time; finalize it yourself. */
sqlite3_stmt *db_prepare(const char *sql);

/* Step: 1 for a row, 0 when done. Busy dies 75, other errors die 70 with
 * the SQLite message and the SQL. A constraint failure dies 70 too: rules
 * must be checked before writing. */
int db_step(sqlite3_stmt *st);
/* Step a statement that returns no rows, then reset it. */
void db_run(sqlite3_stmt *st);
/* Run SQL text with no parameters (schema, pragmas). */
void db_exec(const char *sql);

/* Binding: NULL text binds SQL NULL; db_bind_opt_int binds NULL when !has. */
void db_bind_text(sqlite3_stmt *st, int i, const char *s);
/* db_bind_text without the copy, for the hot path of bulk imports: s must
 * stay unchanged until the statement has been stepped. */
void db_bind_static(sqlite3_stmt *st, int i, const char *s);
void db_bind_int(sqlite3_stmt *st, int i, int64_t v);
void db_bind_null(sqlite3_stmt *st, int i);
void db_bind_opt_int(sqlite3_stmt *st, int i, int has, int64_t v);

/* Columns: text is "" for NULL; valid until the next step/reset. */
const char *db_col_text(sqlite3_stmt *st, int i);
int64_t db_col_int(sqlite3_stmt *st, int i);
int db_col_is_null(sqlite3_stmt *st, int i);

/* The integer in the first column of the first row of sql, a query with
 * one text parameter (a look-up by code), or -1 when there is no row. */
int64_t db_lookup_id(const char *sql, const char *key);

/* Invariant checks: run each query of sql[0..n), whose rows are one text
 * column each, a violation already worded; hand each to report. Returns
 * how many there were. */
size_t db_report(const char *const *sql, size_t n, void (*report)(const char *line, void *arg),
		 void *arg);

int64_t db_changes(void);
int64_t db_last_id(void);

/* Schema version the binary knows (number of the last migration). */
int db_schema_version(void);

#endif
