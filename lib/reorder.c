/* reorder.c - reorder rules (see reorder.h) */
#include <stdio.h>

#include "codes.h"
#include "err.h"
#include "import.h"
#include "parse.h"
#include "reorder.h"
#include "stock.h"
#include "supplier.h"

/* The rule's values as ?1..?9 of the comparison and the upsert. */
static void
bind_rule(db_stmt *st, const struct reorder_rule *r)
{
	db_bind_int(st, 1, r->sku_id);
	db_bind_int(st, 2, r->warehouse_id);
	db_bind_int(st, 3, r->reorder_point);
	db_bind_opt_int(st, 4, r->has_target, r->target);
	db_bind_opt_int(st, 5, r->has_order_qty, r->order_qty);
	db_bind_int(st, 6, r->supplier != NULL);
	db_bind_text(st, 7, r->supplier ? r->supplier : "");
	db_bind_int(st, 8, !r->keep_lead);
	db_bind_opt_int(st, 9, !r->keep_lead && r->has_lead, r->lead_days);
}

enum res
reorder_put(const struct reorder_rule *r, struct why *w)
{
	char ts[TIME_BUFSZ];
	db_stmt *st;
	int64_t sup_id;
	int found, same = 0;

	if (r->reorder_point < 0 || r->reorder_point > STOCK_QTY_MAX)
		return res_fail(w, RES_BAD, "bad reorder_point '%lld': out of range",
				(long long)r->reorder_point);
	if (r->has_target == r->has_order_qty)
		return res_fail(w, RES_BAD, "give either target or order_qty");
	if (r->has_target && r->target < r->reorder_point)
		return res_fail(w, RES_BAD, "target %lld is below reorder_point %lld",
				(long long)r->target, (long long)r->reorder_point);
	if (r->has_target && r->target > STOCK_QTY_MAX)
		return res_fail(w, RES_BAD, "bad target '%lld': out of range", (long long)r->target);
	if (r->has_order_qty && (r->order_qty < 1 || r->order_qty > STOCK_QTY_MAX))
		return res_fail(w, RES_BAD, "bad order_qty '%lld': out of range",
				(long long)r->order_qty);
	if (!r->keep_lead && r->has_lead && (r->lead_days < 0 || r->lead_days > STOCK_QTY_MAX))
		return res_fail(w, RES_BAD, "bad lead_days '%lld': out of range",
				(long long)r->lead_days);
	if (r->supplier && *r->supplier && supplier_find_id(r->supplier, &sup_id, w) != RES_DONE)
		return RES_NOTFOUND;
	/* what the caller keeps (supplier NULL, keep_lead) is not compared */
	st = db_prep("SELECT CASE WHEN reorder_point = ?3 AND target IS NOT DISTINCT FROM ?4 "
		     "AND order_qty IS NOT DISTINCT FROM ?5 "
		     "AND (?6 = 0 OR supplier = ?7) "
		     "AND (?8 = 0 OR lead_days IS NOT DISTINCT FROM ?9) THEN 1 ELSE 0 END "
		     "FROM reorder_rule WHERE sku_id = ?1 AND warehouse_id = ?2");
	bind_rule(st, r);
	if ((found = db_step(st)))
		same = db_col_int(st, 0) != 0;
	db_reset(st);
	if (same)
		return res_fail(w, RES_SKIPPED, "the reorder rule is already so; skipped");
	st = db_prep("INSERT INTO reorder_rule (sku_id, warehouse_id, reorder_point, target, "
		     "order_qty, supplier, lead_days, updated_at) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?7, ?9, ?10) "
		     "ON CONFLICT (sku_id, warehouse_id) DO UPDATE SET "
		     "reorder_point = ?3, target = ?4, order_qty = ?5, "
		     "supplier = CASE WHEN ?6 <> 0 THEN ?7 ELSE reorder_rule.supplier END, "
		     "lead_days = CASE WHEN ?8 <> 0 THEN ?9 ELSE reorder_rule.lead_days END, "
		     "updated_at = ?10");
	bind_rule(st, r);
	db_bind_text(st, 10, format_time(shop_now(), ts));
	db_run(st);
	return found ? RES_UPDATED : RES_DONE;
}

enum { RR_SKU, RR_WH, RR_POINT, RR_TARGET, RR_ORDER_QTY, RR_SUPPLIER, RR_LEAD, RR_NCOLS };

/* An optional whole number cell: *has = 0 when empty. */
static enum res
cell_int(const char *col, const char *s, int64_t min, int *has, int64_t *v, struct why *w)
{
	const char *why;

	*has = *s != '\0';
	*v = 0;
	if (*has && parse_int(s, min, STOCK_QTY_MAX, v, &why) < 0)
		return res_fail(w, RES_BAD, "bad %s '%s': %s", col, s, why);
	return RES_DONE;
}

static void
import_header(const struct csvr *r, void *arg)
{
	(void)arg;
	if (r->map[RR_TARGET] < 0 && r->map[RR_ORDER_QTY] < 0)
		die(EX_DATA, "%s:1: missing column 'target' or 'order_qty'", r->name);
}

static enum res
import_one(const struct imp_record *rec, struct why *w, void *arg)
{
	struct codes *c = arg;
	struct reorder_rule r = { 0 };
	const char *pt = imp_get(rec, 0, RR_POINT);
	int has_point;
	enum res rc;

	if ((rc = codes_sku(c, imp_get(rec, 0, RR_SKU), &r.sku_id, w)) ||
	    (rc = codes_warehouse(c, imp_get(rec, 0, RR_WH), &r.warehouse_id, w)) ||
	    (rc = cell_int("reorder_point", pt, 0, &has_point, &r.reorder_point, w)))
		return rc;
	if (!has_point)
		return res_fail(w, RES_BAD, "bad reorder_point '': empty");
	if ((rc = cell_int("target", imp_get(rec, 0, RR_TARGET), 0, &r.has_target, &r.target, w)) ||
	    (rc = cell_int("order_qty", imp_get(rec, 0, RR_ORDER_QTY), 1, &r.has_order_qty,
			   &r.order_qty, w)) ||
	    (rc = cell_int("lead_days", imp_get(rec, 0, RR_LEAD), 0, &r.has_lead, &r.lead_days, w)))
		return rc;
	/* without the column the stored value stays */
	r.supplier = imp_has(rec, RR_SUPPLIER) ? imp_get(rec, 0, RR_SUPPLIER) : NULL;
	r.keep_lead = !imp_has(rec, RR_LEAD);
	return reorder_put(&r, w);
}

int
reorder_import(const char *path)
{
	static const struct csv_col cols[RR_NCOLS] = {
		{ "sku", 1 }, { "warehouse", 1 }, { "reorder_point", 1 }, { "target", 0 },
		{ "order_qty", 0 }, { "supplier", 0 }, { "lead_days", 0 },
	};
	struct import_spec spec = { .noun = "reorder rules", .cols = cols, .ncols = RR_NCOLS,
				    .header = import_header, .record = import_one };
	struct codes c = CODES_INIT;
	int rc;

	rc = import_run(&spec, path, &c);
	codes_release(&c);
	return rc;
}

db_stmt *
reorder_list(void)
{
	return db_prep("SELECT s.sku, w.code, r.reorder_point, r.target, r.order_qty, r.supplier, "
		       "r.lead_days FROM reorder_rule r JOIN sku s ON s.id = r.sku_id "
		       "JOIN warehouse w ON w.id = r.warehouse_id ORDER BY s.sku, w.code");
}
