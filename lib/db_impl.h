/* db_impl.h - between the database layer's front (db.c) and its backends
 * (db_sqlite.c, db_pg.c). Nothing outside lib/db*.c includes this. */
#ifndef SHOP_DB_IMPL_H
#define SHOP_DB_IMPL_H

#include <stddef.h>
#include <stdint.h>

/* A backend: one connection per process. Statements are the backend's
 * own (void *); the front caches them by SQL text. Every function dies
 * with the exit code of SPEC §2 on failure (75 busy past the timeout, 74
 * environment, 65 not a shop database, 70 a bug). */
struct db_backend {
	const char *name;
	/* connect, make sure it is a shop database (migrating it through
	 * db_migrate_from() under the backend's own lock), or die 3/65 */
	void (*open)(const char *path, int create, const char *currency, int digits);
	void (*close)(void);
	/* SQL text without parameters, possibly several statements */
	void (*exec)(const char *sql);
	void (*begin)(int write);
	void (*commit)(void);
	void (*rollback)(void); /* safe when no transaction is open */
	void *(*prepare)(const char *sql);
	void (*finalize)(void *st);
	int (*step)(void *st);      /* 1 row, 0 done */
	void (*reset)(void *st);    /* bindings are kept */
	void (*clear)(void *st);    /* forget the bindings */
	int (*busy)(void *st);      /* stepped to a row and neither done nor reset */
	void (*bind_text)(void *st, int i, const char *v, int copy);
	void (*bind_int)(void *st, int i, int64_t v);
	void (*bind_null)(void *st, int i);
	const char *(*col_text)(void *st, int i);
	int64_t (*col_int)(void *st, int i);
	int (*col_is_null)(void *st, int i);
	int (*col_count)(void *st);
	int64_t (*changes)(void);
	int64_t (*total_changes)(void);
	/* the text of a migration as this backend runs it (malloc'd) */
	char *(*schema_adapt)(const char *sql);
	/* empty a temporary table (db_temp_table) */
	void (*empty)(const char *table);
	/* bulk load (db_copy_*) */
	void (*copy_begin)(const char *table, const char *cols, int n);
	void (*copy_int)(int64_t v);
	void (*copy_text)(const char *s);
	void (*copy_row_end)(void);
	int (*copy_end)(void);
	/* n fresh ids of table's "id" column into ids (db_next_ids) */
	void (*next_ids)(const char *table, size_t n, int64_t *ids);
};

extern const struct db_backend db_sqlite_backend;
extern const struct db_backend db_pg_backend;

/* Compiled in from share/schema/NNN_*.sql by the Makefile (schema.c). */
extern const char *const shop_migrations[];
extern const int shop_nmigrations;

/* The busy timeout in ms ($SHOP_BUSY_TIMEOUT, default 5000). */
int64_t db_busy_ms(void);
/* Sleep a little while busy: 1 to try again, 0 once the timeout has
 * passed since the first failure (*since: 0 before it). */
int db_busy_wait(int64_t *since);

/* Whether a savepoint (db_savepoint) is open now. */
int db_in_savepoint(void);

/* Run the migrations after version from (inside the backend's write
 * transaction) and keep the currency of a new database in meta. The
 * backend records the version itself. */
void db_migrate_from(int64_t from, const char *currency, int digits);

/* "-- @append-only TABLE: MESSAGE" lines of a migration: calls each(out,
 * table, message) for each and copies the rest of sql to out. Returns a
 * malloc'd string. For the backends' schema_adapt. */
struct sbuf;
char *db_expand_append_only(const char *sql,
			    void (*each)(struct sbuf *out, const char *table, const char *msg));

#endif
