/* brand.c - brands: cached look-ups for imports, add, list, remove */
#include <stdlib.h>

#include "brand.h"
#include "code.h"
#include "session.h"
#include "strmap.h"
#include "util.h"

/* Bounded: a file with more distinct brands looks the rest up. */
static struct strmap cache = STRMAP_INIT(16384);

void
brand_cache_clear(void)
{
	strmap_release(&cache);
}

enum res
brand_check_name(const char *name, struct why *why)
{
	return code_check("brand", name, why);
}

int64_t
brand_id(const char *name)
{
	struct strmap_ent *e = strmap_get(&cache, name);
	int64_t id;

	if (e)
		return e->val;
	id = db_lookup_id("SELECT id FROM brand WHERE name = ?1", name);
	if (id < 0)
		return 0;
	strmap_put(&cache, name, id, 0);
	return id;
}

int64_t
brand_create(const char *name)
{
	/* another process may add the same brand meanwhile: then it is that one */
	db_stmt *st = db_prep("INSERT INTO brand (name) VALUES (?1) "
			      "ON CONFLICT (name) DO NOTHING RETURNING id");
	int64_t id;

	db_bind_text(st, 1, name);
	id = db_int(st, -1);
	if (id < 0)
		id = db_lookup_id("SELECT id FROM brand WHERE name = ?1", name);
	strmap_put(&cache, name, id, 0);
	return id;
}

enum res
brand_find(const char *name, int64_t *id, struct why *why)
{
	db_stmt *st;
	char *shown;

	*id = brand_id(name);
	if (*id > 0)
		return RES_DONE;
	shown = code_shown(name);
	st = db_prep("SELECT name FROM brand WHERE lower(name) = lower(?1) ORDER BY name");
	db_bind_text(st, 1, name);
	if (db_step(st))
		res_fail(why, RES_NOTFOUND, "unknown brand '%s' (did you mean '%s'?)", shown,
			 db_col_text(st, 0));
	else
		res_fail(why, RES_NOTFOUND, "unknown brand '%s'", shown);
	db_reset(st);
	free(shown);
	return RES_NOTFOUND;
}

enum res
brand_add(const char *name, struct why *why)
{
	db_stmt *st;
	enum res r;

	if ((r = brand_check_name(name, why)) != RES_DONE)
		return r;
	st = db_prep("INSERT INTO brand (name) VALUES (?1) ON CONFLICT (name) DO NOTHING "
		     "RETURNING id");
	db_bind_text(st, 1, name);
	if (db_int(st, -1) < 0)
		return res_fail(why, RES_SKIPPED, "brand '%s' exists; skipped", name);
	audit_note("brand add '%s'", name);
	return RES_DONE;
}

enum res
brand_remove(const char *name, struct why *why)
{
	db_stmt *st;
	int64_t id, n;
	enum res r;

	if ((r = brand_find(name, &id, why)) != RES_DONE)
		return r;
	st = db_prep("SELECT count(*) FROM sku WHERE brand_id = ?1");
	db_bind_int(st, 1, id);
	n = db_int(st, 0);
	if (n > 0)
		return res_fail(why, RES_REFUSED, "brand '%s' is used by %lld SKUs; cannot remove",
				name, (long long)n);
	st = db_prep("DELETE FROM brand WHERE id = ?1");
	db_bind_int(st, 1, id);
	db_run(st);
	brand_cache_clear();
	audit_note("brand remove '%s'", name);
	return RES_DONE;
}

const struct out_col brand_list_cols[BRAND_LIST_NCOLS] = {
	{ "brand", COL_TEXT }, { "skus", COL_INT },
};

db_stmt *
brand_list_query(void)
{
	return db_prep("SELECT b.name, count(s.id) FROM brand b LEFT JOIN sku s ON s.brand_id = b.id "
		       "GROUP BY b.id, b.name ORDER BY b.name");
}

void
brand_each(void (*each)(int64_t id, const char *name, void *arg), void *arg)
{
	db_stmt *st = db_prep("SELECT id, name FROM brand ORDER BY id");

	while (db_step(st))
		each(db_col_int(st, 0), db_col_text(st, 1), arg);
}
