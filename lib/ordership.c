/* ordership.c - what leaves the warehouse for an order: shipments (one,
 * partial, or a file), delivery, completion, and the pick list of what is
 * left to ship (SPEC §4 shop-order pick, ship, deliver, complete). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "db.h"
#include "import.h"
#include "order.h"
#include "ordership.h"
#include "parse.h"
#include "product.h"
#include "session.h"
#include "stock.h"
#include "util.h"

/* Ship qty of line (id) of the order: the reservation becomes a shipment
 * movement, the line's shipped grows. */
static enum res
ship_line(int64_t order_id, int64_t line_id, int64_t line_no, int64_t sku_id, int64_t wh_id,
	  int64_t qty, const char *carrier, const char *tracking, struct why *w)
{
	char res_ref[64], ref[64];
	struct stock_doc d = { .ref = ref, .doc = "order", .note = tracking };
	db_stmt *st = db_prep("INSERT INTO shipment (order_id, line_id, sku_id, warehouse_id, qty, "
			      "carrier, tracking, at, os_user) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
			      "?9) RETURNING id");
	int64_t sid;

	db_bind_int(st, 1, order_id);
	db_bind_int(st, 2, line_id);
	db_bind_int(st, 3, sku_id);
	db_bind_int(st, 4, wh_id);
	db_bind_int(st, 5, qty);
	db_bind_text(st, 6, carrier ? carrier : "");
	db_bind_text(st, 7, tracking ? tracking : "");
	db_bind_static(st, 8, shop_now_text());
	db_bind_static(st, 9, S.user);
	sid = db_int(st, -1);
	snprintf(res_ref, sizeof res_ref, ORDER_PREFIX "%lld/%lld", (long long)order_id,
		 (long long)line_no);
	snprintf(ref, sizeof ref, ORDER_PREFIX "%lld/S%lld", (long long)order_id, (long long)sid);
	d.note = tracking && *tracking ? tracking : NULL;
	return stock_ship(res_ref, sku_id, wh_id, qty, &d, w);
}

/* Set the order's state from what its lines have shipped. */
static int
after_shipping(int64_t id, enum order_status from, const char *note)
{
	db_stmt *st = db_prep("SELECT CASE WHEN SUM(qty - shipped) = 0 THEN 1 ELSE 0 END "
			      "FROM order_line WHERE order_id = ?1");
	enum order_status to;

	db_bind_int(st, 1, id);
	to = db_int(st, 0) ? ORDER_SHIPPED : ORDER_PARTIALLY_SHIPPED;
	return to == from || order_move(id, from, to, note);
}

/* Ship qty of sku (NULL: every line in full) of an order, taking the
 * lines of that sku in order (of one warehouse when wh_id > 0). */
static enum res
ship_sku(int64_t id, const char *sku, int64_t sku_id, int64_t wh_id, int64_t qty,
	 const char *carrier, const char *tracking, int64_t *shipped, struct why *w)
{
	db_stmt *st = db_prep("SELECT id, line, sku_id, warehouse_id, qty - shipped FROM order_line "
			      "WHERE order_id = ?1 AND (?2 < 0 OR sku_id = ?2) "
			      "AND (?3 < 0 OR warehouse_id = ?3) AND shipped < qty ORDER BY line");
	struct todo {
		int64_t id, line, sku_id, wh_id, left;
	} *t = NULL;
	size_t n = 0, cap = 0, i;
	int64_t left = qty, avail = 0;
	enum res rc = RES_DONE;

	db_bind_int(st, 1, id);
	db_bind_int(st, 2, sku_id);
	db_bind_int(st, 3, wh_id);
	while (db_step(st)) {
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			t = xrealloc(t, cap * sizeof *t);
		}
		t[n].id = db_col_int(st, 0);
		t[n].line = db_col_int(st, 1);
		t[n].sku_id = db_col_int(st, 2);
		t[n].wh_id = db_col_int(st, 3);
		t[n].left = db_col_int(st, 4);
		avail += t[n].left;
		n++;
	}
	if (sku && qty > avail) {
		free(t);
		return res_fail(w, RES_REFUSED, "order " ORDER_PREFIX "%lld has %lld of sku '%s' left "
				"to ship; cannot ship %lld", (long long)id, (long long)avail, sku,
				(long long)qty);
	}
	for (i = 0; i < n && !rc; i++) {
		int64_t q = !sku ? t[i].left : left < t[i].left ? left : t[i].left;
		db_stmt *u;

		if (q <= 0)
			continue;
		if ((rc = ship_line(id, t[i].id, t[i].line, t[i].sku_id, t[i].wh_id, q, carrier,
				    tracking, w)))
			break;
		u = db_prep("UPDATE order_line SET shipped = shipped + ?1 WHERE id = ?2");
		db_bind_int(u, 1, q);
		db_bind_int(u, 2, t[i].id);
		db_run(u);
		*shipped += q;
		left -= q;
	}
	free(t);
	return rc;
}

/* A shipment with this tracking number of this sku was applied before. */
static int
tracked(int64_t id, int64_t sku_id, int64_t wh_id, const char *tracking)
{
	db_stmt *st = db_prep("SELECT count(*) FROM shipment WHERE order_id = ?1 "
			      "AND (?2 < 0 OR sku_id = ?2) AND (?4 < 0 OR warehouse_id = ?4) "
			      "AND tracking = ?3");

	if (!tracking || !*tracking)
		return 0;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, sku_id);
	db_bind_text(st, 3, tracking);
	db_bind_int(st, 4, wh_id);
	return db_int(st, 0) > 0;
}

enum res
order_ship(const char *number, const struct order_ship_line *lines, size_t n, const char *warehouse,
	   const char *carrier, const char *tracking, struct why *w)
{
	enum order_status s;
	int64_t id, shipped = 0, wh_id = -1;
	enum res rc;
	size_t i;

	if ((rc = order_find(number, &id, &s, w)))
		return rc;
	if (warehouse && *warehouse && (wh_id = stock_warehouse_id(warehouse)) < 0)
		return res_fail(w, RES_NOTFOUND, "unknown warehouse '%s'", warehouse);
	if (tracking && *tracking) {
		const char *why;

		if (check_code_text(tracking, &why) < 0)
			return res_fail(w, RES_BAD, "bad tracking '%s': %s", tracking, why);
	}
	/* a shipment with a tracking number is applied once per order, sku
	 * and tracking: a re-sent one is a no-op */
	if (n) {
		int all = 1;

		for (i = 0; i < n; i++) {
			int64_t sku_id;

			if ((rc = product_find(lines[i].sku, &sku_id, w)))
				return rc;
			all &= tracked(id, sku_id, wh_id, tracking);
		}
		if (all && tracking && *tracking)
			return res_fail(w, RES_SKIPPED, "shipment '%s' of order " ORDER_PREFIX "%lld "
					"is already applied; skipped", tracking, (long long)id);
	} else if (tracked(id, -1, wh_id, tracking)) {
		return res_fail(w, RES_SKIPPED, "shipment '%s' of order " ORDER_PREFIX "%lld is "
				"already applied; skipped", tracking, (long long)id);
	}
	if (s == ORDER_SHIPPED || s == ORDER_DELIVERED || s == ORDER_COMPLETED) {
		if (!n)
			return res_fail(w, RES_SKIPPED, "order " ORDER_PREFIX "%lld is %s already; "
					"skipped", (long long)id, order_status_words[s]);
		return order_refuse(id, s, "ship", w);
	}
	if (s != ORDER_CONFIRMED && s != ORDER_PARTIALLY_SHIPPED)
		return order_refuse(id, s, "ship", w);
	if (!n) {
		rc = ship_sku(id, NULL, -1, wh_id, 0, carrier, tracking, &shipped, w);
	} else {
		for (i = 0; i < n && !rc; i++) {
			int64_t sku_id;

			if (lines[i].qty <= 0)
				return res_fail(w, RES_BAD, "qty must be positive (sku '%s')", lines[i].sku);
			if ((rc = product_find(lines[i].sku, &sku_id, w)))
				return rc;
			rc = ship_sku(id, lines[i].sku, sku_id, wh_id, lines[i].qty, carrier, tracking,
				      &shipped, w);
		}
	}
	if (rc)
		return rc;
	if (!shipped)
		return res_fail(w, RES_REFUSED, "order " ORDER_PREFIX "%lld has nothing left to ship%s%s",
				(long long)id, wh_id > 0 ? " from " : "", wh_id > 0 ? warehouse : "");
	if (!after_shipping(id, s, tracking))
		return order_raced(id, w);
	audit_note("ship " ORDER_PREFIX "%lld: %lld units%s%s", (long long)id, (long long)shipped,
		   tracking && *tracking ? ", tracking " : "", tracking ? tracking : "");
	return RES_DONE;
}

static enum res
step(const char *number, enum order_status from, enum order_status to, const char *what,
     struct why *w)
{
	enum order_status s;
	enum res rc;
	int64_t id;

	if ((rc = order_find(number, &id, &s, w)))
		return rc;
	if (s == to)
		return res_fail(w, RES_SKIPPED, "order " ORDER_PREFIX "%lld is %s already; skipped",
				(long long)id, order_status_words[s]);
	if (s != from)
		return order_refuse(id, s, what, w);
	if (!order_move(id, from, to, NULL))
		return order_raced(id, w);
	audit_note("%s " ORDER_PREFIX "%lld", what, (long long)id);
	return RES_DONE;
}

enum res
order_deliver(const char *number, struct why *w)
{
	return step(number, ORDER_SHIPPED, ORDER_DELIVERED, "deliver", w);
}

enum res
order_complete(const char *number, struct why *w)
{
	return step(number, ORDER_DELIVERED, ORDER_COMPLETED, "complete", w);
}

/* ---- ship FILE: order, sku, qty, warehouse, carrier, tracking ---- */

enum { SC_ORDER, SC_SKU, SC_QTY, SC_WH, SC_CARRIER, SC_TRACKING, SC_NCOLS };

static enum res
ship_row(const struct imp_record *rec, struct why *w, void *arg)
{
	const char *q = imp_get(rec, 0, SC_QTY), *why;
	struct order_ship_line l;

	(void)arg;
	l.sku = imp_get(rec, 0, SC_SKU);
	if (parse_int(q, INT64_MIN, INT64_MAX, &l.qty, &why) < 0)
		return res_fail(w, RES_BAD, "bad qty '%s': %s", q, why);
	return order_ship(imp_get(rec, 0, SC_ORDER), &l, 1, imp_get(rec, 0, SC_WH),
			  imp_get(rec, 0, SC_CARRIER), imp_get(rec, 0, SC_TRACKING), w);
}

int
order_ship_import(const char *path)
{
	static const struct csv_col cols[SC_NCOLS] = {
		{ "order", 1 }, { "sku", 1 }, { "qty", 1 }, { "warehouse", 0 },
		{ "carrier", 0 }, { "tracking", 0 },
	};
	struct import_spec spec = { .noun = "shipments", .cols = cols, .ncols = SC_NCOLS,
				    .record = ship_row, .savepoint = 1 };

	return import_run(&spec, path, NULL);
}

/* ---- the pick list ---- */

const struct out_col order_pick_sku_cols[ORDER_PICK_SKU_NCOLS] = {
	{ "warehouse", COL_TEXT }, { "sku", COL_TEXT }, { "name", COL_TEXT },
	{ "qty", COL_INT }, { "orders", COL_INT },
};
const struct out_col order_pick_order_cols[ORDER_PICK_ORDER_NCOLS] = {
	{ "order", COL_TEXT }, { "warehouse", COL_TEXT }, { "sku", COL_TEXT }, { "qty", COL_INT },
};

db_stmt *
order_pick_query(int by_order, const char *warehouse)
{
	db_stmt *st;

	if (by_order)
		st = db_prep("SELECT '" ORDER_PREFIX "' || o.id, w.code, s.sku, SUM(l.qty - l.shipped) "
			     "FROM order_line l JOIN orders o ON o.id = l.order_id "
			     "JOIN sku s ON s.id = l.sku_id JOIN warehouse w ON w.id = l.warehouse_id "
			     "WHERE (o.status = 'confirmed' OR o.status = 'partially_shipped') "
			     "AND l.shipped < l.qty AND (CAST(?1 AS TEXT) IS NULL OR w.code = ?1) "
			     "GROUP BY o.id, w.code, s.sku ORDER BY o.id, w.code, s.sku");
	else
		st = db_prep("SELECT w.code, s.sku, s.name, SUM(l.qty - l.shipped), "
			     "COUNT(DISTINCT l.order_id) "
			     "FROM order_line l JOIN orders o ON o.id = l.order_id "
			     "JOIN sku s ON s.id = l.sku_id JOIN warehouse w ON w.id = l.warehouse_id "
			     "WHERE (o.status = 'confirmed' OR o.status = 'partially_shipped') "
			     "AND l.shipped < l.qty AND (CAST(?1 AS TEXT) IS NULL OR w.code = ?1) "
			     "GROUP BY w.code, s.sku, s.name "
			     "ORDER BY w.code, SUM(l.qty - l.shipped) DESC, s.sku");
	db_bind_text(st, 1, warehouse && *warehouse ? warehouse : NULL);
	return st;
}

int64_t
order_line_ship_cost(int64_t line_id)
{
	db_stmt *st = db_prep("SELECT m.unit_cost FROM shipment s JOIN movement m "
			      "ON m.ref = 'SO-' || s.order_id || '/S' || s.id AND m.type = 'shipment' "
			      "AND m.sku_id = s.sku_id AND m.warehouse_id = s.warehouse_id "
			      "WHERE s.line_id = ?1 ORDER BY s.id DESC");
	int64_t cost = 0;

	db_bind_int(st, 1, line_id);
	if (db_step(st))
		cost = db_col_int(st, 0);
	db_reset(st);
	return cost;
}
