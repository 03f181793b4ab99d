/* warehouse.c - warehouses (see warehouse.h) */
#include <stdio.h>
#include <string.h>

#include "import.h"
#include "parse.h"
#include "session.h"
#include "warehouse.h"

int64_t
warehouse_id(const char *code)
{
	return db_lookup_id("SELECT id FROM warehouse WHERE code = ?1", code);
}

enum res
warehouse_check_code(const char *code, struct why *w)
{
	const char *why;

	if (!*code)
		return res_fail(w, RES_BAD, "warehouse code is empty");
	if (check_code_text(code, &why) < 0)
		return res_fail(w, RES_BAD, "bad warehouse code '%s': %s", code, why);
	/* a code is typed in commands and file names: no blank inside either */
	if (strpbrk(code, " \t"))
		return res_fail(w, RES_BAD, "bad warehouse code '%s': no spaces or control characters",
				code);
	return RES_DONE;
}

enum res
warehouse_put(const struct warehouse *wh, struct why *w)
{
	char ts[TIME_BUFSZ];
	enum res rc;
	db_stmt *st;
	int found, same = 0;

	if ((rc = warehouse_check_code(wh->code, w)))
		return rc;
	if (!wh->name || !*wh->name)
		return res_fail(w, RES_BAD, "missing name");
	if (wh->has_priority && (wh->priority < 0 || wh->priority > WAREHOUSE_PRIORITY_MAX))
		return res_fail(w, RES_BAD, "bad priority '%lld': out of range",
				(long long)wh->priority);
	st = db_prep("SELECT CASE WHEN name = ?1 AND (CAST(?2 AS TEXT) IS NULL OR region = ?2) "
		     "AND (CAST(?3 AS BIGINT) IS NULL OR priority = ?3) THEN 1 ELSE 0 END FROM warehouse WHERE code = ?4");
	db_bind_text(st, 1, wh->name);
	db_bind_text(st, 2, wh->region);
	db_bind_opt_int(st, 3, wh->has_priority, wh->priority);
	db_bind_text(st, 4, wh->code);
	if ((found = db_step(st)))
		same = db_col_int(st, 0) != 0;
	db_reset(st);
	if (found)
		return res_put("warehouse", wh->code, found, same, 0, w);
	st = db_prep("INSERT INTO warehouse (code, name, region, priority, created_at) "
		     "VALUES (?1, ?2, ?3, ?4, ?5)");
	db_bind_text(st, 1, wh->code);
	db_bind_text(st, 2, wh->name);
	db_bind_text(st, 3, wh->region ? wh->region : "");
	db_bind_int(st, 4, wh->has_priority ? wh->priority : WAREHOUSE_PRIORITY_DEFAULT);
	db_bind_text(st, 5, format_time(shop_now(), ts));
	db_run(st);
	return RES_DONE;
}

enum res
warehouse_add(const struct warehouse *wh, struct why *w)
{
	enum res rc = warehouse_put(wh, w);

	if (rc == RES_DONE)
		audit_note("warehouse add '%s'", wh->code);
	return rc;
}

enum { WC_CODE, WC_NAME, WC_REGION, WC_PRIORITY, WC_NCOLS };

static enum res
import_one(const struct imp_record *rec, struct why *w, void *arg)
{
	const char *pr = imp_get(rec, 0, WC_PRIORITY), *why;
	struct warehouse wh = {
		imp_get(rec, 0, WC_CODE), imp_get(rec, 0, WC_NAME),
		imp_has(rec, WC_REGION) ? imp_get(rec, 0, WC_REGION) : NULL,
		imp_has(rec, WC_PRIORITY), WAREHOUSE_PRIORITY_DEFAULT,
	};

	(void)arg;
	/* an empty cell is the default, and is compared as such */
	if (*pr && parse_int(pr, 0, WAREHOUSE_PRIORITY_MAX, &wh.priority, &why) < 0)
		return res_fail(w, RES_BAD, "bad priority '%s': %s", pr, why);
	return warehouse_put(&wh, w);
}

int
warehouse_import(const char *path)
{
	static const struct csv_col cols[WC_NCOLS] = {
		{ "code", 1 }, { "name", 1 }, { "region", 0 }, { "priority", 0 },
	};
	struct import_spec spec = { .noun = "warehouses", .cols = cols, .ncols = WC_NCOLS, .record = import_one };

	return import_run(&spec, path, NULL);
}

db_stmt *
warehouse_list(void)
{
	return db_prep("SELECT code, name, region, priority FROM warehouse ORDER BY priority, code");
}
