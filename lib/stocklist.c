/* stocklist.c - levels, the ledger and pools as queries (see stocklist.h) */
#include "parse.h"
#include "stocklist.h"

/*
 * on_order per (sku, warehouse): the one place it is computed. What the
 * purchase orders submitted and not fully received still expect: each
 * line's qty less what came, never below 0 (an over-receipt expects
 * nothing more). Drafts are not on order yet; closed POs expect nothing.
 */
#define ON_ORDER \
	"SELECT l.sku_id AS sku_id, p.warehouse_id AS warehouse_id, " \
	"SUM(CASE WHEN l.qty > l.received THEN l.qty - l.received ELSE 0 END) AS qty " \
	"FROM po_line l JOIN po p ON p.id = l.po_id " \
	"WHERE p.status = 'submitted' OR p.status = 'partially_received' " \
	"GROUP BY l.sku_id, p.warehouse_id"

int64_t
stock_on_order(int64_t sku_id, int64_t warehouse_id)
{
	db_stmt *st = db_prep("SELECT COALESCE(SUM(qty), 0) FROM (" ON_ORDER ") o "
			      "WHERE o.sku_id = ?1 AND o.warehouse_id = ?2");

	db_bind_int(st, 1, sku_id);
	db_bind_int(st, 2, warehouse_id);
	return db_int(st, 0);
}

db_stmt *
stock_levels(int64_t sku_id, int64_t warehouse_id, int below_reorder)
{
	db_stmt *st = db_prep(
		"WITH k AS (SELECT sku_id, warehouse_id FROM stock "
		"  UNION SELECT sku_id, warehouse_id FROM reorder_rule "
		"  UNION SELECT sku_id, warehouse_id FROM (" ON_ORDER ") x), "
		"l AS (SELECT k.sku_id, k.warehouse_id, COALESCE(s.on_hand, 0) AS on_hand, "
		"  COALESCE(s.reserved, 0) AS reserved, COALESCE(s.allocated, 0) AS allocated, "
		"  r.reorder_point, COALESCE(o.qty, 0) AS on_order FROM k "
		"  LEFT JOIN stock s ON s.sku_id = k.sku_id AND s.warehouse_id = k.warehouse_id "
		"  LEFT JOIN reorder_rule r ON r.sku_id = k.sku_id AND r.warehouse_id = k.warehouse_id "
		"  LEFT JOIN (" ON_ORDER ") o ON o.sku_id = k.sku_id AND o.warehouse_id = k.warehouse_id "
		"  WHERE (?1 < 0 OR k.sku_id = ?1) AND (?2 < 0 OR k.warehouse_id = ?2)) "
		"SELECT sk.sku, w.code, on_hand, reserved, allocated, "
		"  on_hand - reserved - allocated, reorder_point, on_order FROM l "
		"JOIN sku sk ON sk.id = l.sku_id JOIN warehouse w ON w.id = l.warehouse_id "
		"WHERE ?3 = 0 OR (reorder_point IS NOT NULL "
		"  AND on_hand - reserved - allocated + on_order <= reorder_point) "
		"ORDER BY sk.sku, w.code");

	db_bind_int(st, 1, sku_id);
	db_bind_int(st, 2, warehouse_id);
	db_bind_int(st, 3, below_reorder != 0);
	return st;
}

db_stmt *
stock_moves(const struct move_filter *f)
{
	char since[TIME_BUFSZ] = "", until[TIME_BUFSZ] = "";
	db_stmt *st;

	if (f->has_since)
		format_time(f->since, since);
	if (f->has_until)
		format_time(f->until, until);
	st = db_prep("SELECT m.id, m.at, m.type, s.sku, w.code, m.qty, m.ref, m.doc, m.note, "
		     "m.os_user FROM movement m JOIN sku s ON s.id = m.sku_id "
		     "JOIN warehouse w ON w.id = m.warehouse_id "
		     "WHERE (?1 < 0 OR m.sku_id = ?1) AND (?2 < 0 OR m.warehouse_id = ?2) "
		     "AND m.at >= ?3 AND (?4 = '' OR m.at < ?4) AND (CAST(?5 AS TEXT) IS NULL OR m.type = ?5) "
		     "AND (CAST(?6 AS TEXT) IS NULL OR m.ref = ?6) ORDER BY m.id");
	db_bind_int(st, 1, f->sku_id);
	db_bind_int(st, 2, f->warehouse_id);
	db_bind_text(st, 3, since);
	db_bind_text(st, 4, until);
	db_bind_text(st, 5, f->type);
	db_bind_text(st, 6, f->ref);
	return st;
}

db_stmt *
stock_pools(void)
{
	return db_prep("SELECT p.name, s.sku, w.code, p.qty, p.drawn, "
		       "CASE p.status WHEN 'open' THEN p.qty - p.drawn ELSE 0 END, p.status, "
		       "p.created_at, p.released_at FROM pool p "
		       "JOIN sku s ON s.id = p.sku_id JOIN warehouse w ON w.id = p.warehouse_id "
		       "ORDER BY p.name");
}
