/* reorder.h - reorder rules per (sku, warehouse): when to order (the
 * reorder point: available + on order at or below it) and how much (up to
 * a target level, or a fixed order quantity), from which supplier, with
 * what lead time. Kept by shop-stock, read by shop-po's suggestions. */
#ifndef SHOP_REORDER_H
#define SHOP_REORDER_H

#include <stdint.h>

#include "db.h"
#include "result.h"

struct reorder_rule {
	int64_t sku_id, warehouse_id;
	int64_t reorder_point;      /* >= 0 */
	int has_target;             /* exactly one of target and order_qty */
	int64_t target;             /* >= reorder_point */
	int has_order_qty;
	int64_t order_qty;          /* >= 1 */
	const char *supplier;       /* borrowed; a supplier's code or '' for none;
				     * NULL: keep the stored one ('' if new) */
	int keep_lead;              /* keep the stored lead_days (NULL if new) */
	int has_lead;               /* else: lead_days, or none when 0 */
	int64_t lead_days;          /* >= 0 */
};

/*
 * Check a rule and store it, an upsert on (sku, warehouse): RES_DONE (new),
 * RES_UPDATED, RES_SKIPPED (the same rule is there), RES_BAD with the
 * reason ("target 4 is below reorder_point 5"), or RES_NOTFOUND for a
 * supplier that is not one of the supplier master (supplier.h).
 */
enum res reorder_put(const struct reorder_rule *r, struct why *w);

/* Import rules from CSV (columns sku, warehouse, reorder_point, target or
 * order_qty, optional supplier and lead_days: without those columns the
 * stored values stay); returns the exit code. */
int reorder_import(const char *path);

/* sku, warehouse, reorder_point, target, order_qty, supplier, lead_days
 * (the columns of reorder_import), by sku and warehouse. */
db_stmt *reorder_list(void);

#endif
