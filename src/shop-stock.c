/* shop-stock - warehouses, the stock ledger, pools, reorder rules,
 * stocktake and the invariant check. The rules live in lib/stock.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "err.h"
#include "import.h"
#include "parse.h"
#include "product.h"
#include "stock.h"
#include "strmap.h"

/* option values; each command's table points at the ones it takes */
static const char *o_sku, *o_warehouse, *o_from, *o_to, *o_qty, *o_ref, *o_note;
static const char *o_name, *o_region, *o_priority;
static const char *o_since, *o_until, *o_type;
static int o_below;

static const struct opt move_opts[] = {
	OPT("sku", 0, OPT_STR, &o_sku, "SKU", "one row: the SKU (instead of FILE)"),
	OPT("warehouse", 0, OPT_STR, &o_warehouse, "CODE", "one row: the warehouse"),
	OPT("qty", 0, OPT_STR, &o_qty, "N", "one row: the quantity (adjust: signed, not 0)"),
	OPT("ref", 0, OPT_STR, &o_ref, "REF", "one row: the document ref; applied once"),
	OPT("note", 0, OPT_STR, &o_note, "TEXT", "one row: a note for the ledger"),
	OPT_END
};

static const struct opt transfer_opts[] = {
	OPT("sku", 0, OPT_STR, &o_sku, "SKU", "one row: the SKU (instead of FILE)"),
	OPT("from", 0, OPT_STR, &o_from, "CODE", "one row: the warehouse it leaves"),
	OPT("to", 0, OPT_STR, &o_to, "CODE", "one row: the warehouse it enters"),
	OPT("qty", 0, OPT_STR, &o_qty, "N", "one row: the quantity"),
	OPT("ref", 0, OPT_STR, &o_ref, "REF", "one row: the document ref; applied once"),
	OPT("note", 0, OPT_STR, &o_note, "TEXT", "one row: a note for the ledger"),
	OPT_END
};

static const struct opt warehouse_opts[] = {
	OPT("name", 0, OPT_STR, &o_name, "NAME", "display name (required)"),
	OPT("region", 0, OPT_STR, &o_region, "REGION", "region, for freight and splitting"),
	OPT("priority", 0, OPT_STR, &o_priority, "N", "lower numbers ship first when orders split (default 100)"),
	OPT_END
};

static const struct opt levels_opts[] = {
	OPT("sku", 0, OPT_STR, &o_sku, "SKU", "only this SKU"),
	OPT("warehouse", 0, OPT_STR, &o_warehouse, "CODE", "only this warehouse"),
	OPT("below-reorder", 0, OPT_FLAG, &o_below, NULL,
	  "only rows whose available + on_order is at or below the reorder point"),
	OPT_END
};

static const struct opt pool_opts[] = {
	OPT("sku", 0, OPT_STR, &o_sku, "SKU", "the SKU (required)"),
	OPT("warehouse", 0, OPT_STR, &o_warehouse, "CODE", "the warehouse (required)"),
	OPT("qty", 0, OPT_STR, &o_qty, "N", "units to set aside (required)"),
	OPT_END
};

static const struct opt count_opts[] = {
	OPT("ref", 0, OPT_STR, &o_ref, "REF", "ref of the stocktake (default count-TIME); applied once"),
	OPT("note", 0, OPT_STR, &o_note, "TEXT", "a note for the ledger"),
	OPT_END
};

static const struct opt moves_opts[] = {
	OPT("sku", 0, OPT_STR, &o_sku, "SKU", "only this SKU"),
	OPT("warehouse", 0, OPT_STR, &o_warehouse, "CODE", "only this warehouse"),
	OPT("since", 0, OPT_STR, &o_since, "TIME", "only movements at or after TIME"),
	OPT("until", 0, OPT_STR, &o_until, "TIME", "only movements before TIME"),
	OPT("type", 0, OPT_STR, &o_type, "TYPE", "only this type (receipt, shipment, adjustment, ...)"),
	OPT("ref", 0, OPT_STR, &o_ref, "REF", "only movements of this ref"),
	OPT_END
};

/* ---- look-ups ---- */

static int64_t
sku_or_die(const char *code)
{
	int64_t id = product_sku_id(code);

	if (id < 0)
		die(EX_NOTFOUND, "unknown sku '%s'", code);
	return id;
}

static int64_t
warehouse_or_die(const char *code)
{
	int64_t id = stock_warehouse_id(code);

	if (id < 0)
		die(EX_NOTFOUND, "unknown warehouse '%s'", code);
	return id;
}

/* Bulk files name few warehouses and repeat SKUs: remember the codes
 * found (not the unknown ones), bounded so that memory stays flat. */
struct codes {
	struct strmap sku;   /* code -> id */
	struct strmap wh;    /* code -> id */
};
#define CODES_INIT { STRMAP_INIT(65536), STRMAP_INIT(1024) }

static int64_t
codes_find(struct strmap *m, const char *code, int64_t (*lookup)(const char *))
{
	struct strmap_ent *e = strmap_get(m, code);
	int64_t id;

	if (e)
		return e->val;
	id = lookup(code);
	if (id >= 0)
		strmap_put(m, code, id, 0);
	return id;
}

static int64_t
codes_sku(struct codes *c, const char *code)
{
	return codes_find(&c->sku, code, product_sku_id);
}

static int64_t
codes_warehouse(struct codes *c, const char *code)
{
	return codes_find(&c->wh, code, stock_warehouse_id);
}

static void
codes_release(struct codes *c)
{
	strmap_release(&c->sku);
	strmap_release(&c->wh);
}

/* A single-row option value: present and not empty, else 65. */
static const char *
nonempty(const char *opt, const char *v)
{
	if (!*v)
		die(EX_DATA, "bad --%s '': empty", opt);
	return v;
}

static int64_t
qty_opt(const char *opt, const char *s)
{
	const char *why;
	int64_t v;

	if (parse_int(s, INT64_MIN, INT64_MAX, &v, &why) < 0)
		die(EX_DATA, "bad --%s '%s': %s", opt, s, why);
	return v;
}

/* ---- warehouses ---- */

static int
check_code(const char *code, char *why, size_t whysz)
{
	const unsigned char *p;

	if (!*code) {
		snprintf(why, whysz, "warehouse code is empty");
		return -1;
	}
	for (p = (const unsigned char *)code; *p; p++)
		if (*p <= ' ' || *p == 0x7f) {
			snprintf(why, whysz, "bad warehouse code '%s': no spaces or control characters",
				 code);
			return -1;
		}
	return 0;
}

enum { WH_ADDED, WH_SKIPPED, WH_EXISTS };

/* Add a warehouse. region NULL and has_priority 0 mean "not given": not
 * compared with a stored warehouse, defaults ('' and 100) for a new one. */
static int
warehouse_put(const char *code, const char *name, const char *region, int has_priority,
	      int64_t priority)
{
	db_stmt *st;
	int same;

	st = db_prep("SELECT name = ?1 AND (?2 IS NULL OR region = ?2) "
		     "AND (?3 IS NULL OR priority = ?3) FROM warehouse WHERE code = ?4");
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, region);
	db_bind_opt_int(st, 3, has_priority, priority);
	db_bind_text(st, 4, code);
	if (db_step(st)) {
		same = (int)db_col_int(st, 0);
		db_reset(st);
		return same ? WH_SKIPPED : WH_EXISTS;
	}
	st = db_prep("INSERT INTO warehouse (code, name, region, priority, created_at) "
		     "VALUES (?, ?, ?, ?, ?)");
	db_bind_text(st, 1, code);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, region ? region : "");
	db_bind_int(st, 4, has_priority ? priority : 100);
	db_bind_text(st, 5, format_time(shop_now(), (char[TIME_BUFSZ]){ 0 }));
	db_run(st);
	return WH_ADDED;
}

static int
warehouse_add(int argc, char **argv)
{
	const char *code = argv[0], *why;
	int64_t priority = 0;
	char msg[256];

	(void)argc;
	if (!o_name)
		usage_die("missing --name");
	if (check_code(code, msg, sizeof msg) < 0)
		die(EX_DATA, "%s", msg);
	nonempty("name", o_name);
	if (o_priority && parse_int(o_priority, 0, 1000000, &priority, &why) < 0)
		die(EX_DATA, "bad --priority '%s': %s", o_priority, why);
	switch (warehouse_put(code, o_name, o_region, o_priority != NULL, priority)) {
	case WH_SKIPPED:
		if (!S.quiet)
			warn("warehouse '%s' exists; skipped", code);
		return 0;
	case WH_EXISTS:
		die(EX_RULE, "warehouse '%s' exists with other details; not changed", code);
	}
	audit_note("warehouse add '%s'", code);
	return 0;
}

enum { WC_CODE, WC_NAME, WC_REGION, WC_PRIORITY };

static int
warehouse_import(int argc, char **argv)
{
	static const struct csv_col cols[] = {
		{ "code", 1 }, { "name", 1 }, { "region", 0 }, { "priority", 0 },
	};
	const char *why;
	struct csvr r;
	struct imp im;
	int64_t priority;
	char msg[256];
	int rc;

	csvr_open(&r, argc ? argv[0] : NULL, S.imp.input_kind);
	csvr_header(&r, cols, 4, S.imp.ignore_unknown);
	imp_begin(&im, &r, "warehouses");
	while (csvr_next(&r)) {
		const char *code = csvr_get(&r, WC_CODE), *name = csvr_get(&r, WC_NAME);
		const char *pr = csvr_get(&r, WC_PRIORITY);

		priority = 100; /* an empty cell is the default */
		if (check_code(code, msg, sizeof msg) < 0) {
			imp_reject(&im, "%s", msg);
			continue;
		}
		if (!*name) {
			imp_reject(&im, "missing name");
			continue;
		}
		if (*pr && parse_int(pr, 0, 1000000, &priority, &why) < 0) {
			imp_reject(&im, "bad priority '%s': %s", pr, why);
			continue;
		}
		switch (warehouse_put(code, name,
				      csvr_has(&r, WC_REGION) ? csvr_get(&r, WC_REGION) : NULL,
				      csvr_has(&r, WC_PRIORITY), priority)) {
		case WH_ADDED:
			im.added++;
			break;
		case WH_SKIPPED:
			im.skipped++;
			break;
		default:
			imp_reject(&im, "warehouse '%s' exists with other details", code);
		}
	}
	rc = imp_end(&im);
	csvr_close(&r);
	return rc;
}

static int
warehouse_list(int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "code", COL_TEXT }, { "name", COL_TEXT }, { "region", COL_TEXT }, { "priority", COL_INT },
	};
	db_stmt *st;
	struct out o;

	(void)argc;
	(void)argv;
	out_start(&o, cols, 4);
	st = db_prep("SELECT code, name, region, priority FROM warehouse ORDER BY priority, code");
	while (db_step(st)) {
		const char *v[4] = { db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2),
				     db_col_text(st, 3) };
		out_row(&o, v);
	}
	out_end(&o);
	return 0;
}

/* ---- receive, adjust, transfer ---- */

enum move_kind { MK_RECEIVE, MK_ADJUST, MK_TRANSFER };

static const char *const move_doc[] = { "receive", "adjust", "transfer" };

static int
apply_move(enum move_kind k, int64_t sku_id, int64_t wh_id, int64_t to_id, int64_t qty,
	   const struct stock_doc *d, struct why *w)
{
	switch (k) {
	case MK_RECEIVE:
		return stock_receive(sku_id, wh_id, qty, d, w);
	case MK_ADJUST:
		return stock_adjust(sku_id, wh_id, qty, d, w);
	default:
		return stock_transfer(sku_id, wh_id, to_id, qty, d, w);
	}
}

static int
move_single(enum move_kind k)
{
	struct stock_doc d = { NULL, move_doc[k], o_note };
	int64_t sku_id, wh_id, to_id = -1, qty;
	struct why why;
	int rc;

	if (!o_sku)
		usage_die("missing --sku (or give a FILE)");
	if (k == MK_TRANSFER && (!o_from || !o_to))
		usage_die("missing --from or --to");
	if (k != MK_TRANSFER && !o_warehouse)
		usage_die("missing --warehouse");
	if (!o_qty)
		usage_die("missing --qty");
	if (!o_ref)
		usage_die("missing --ref");
	nonempty("sku", o_sku);
	d.ref = nonempty("ref", o_ref);
	qty = qty_opt("qty", o_qty);
	sku_id = sku_or_die(o_sku);
	wh_id = warehouse_or_die(k == MK_TRANSFER ? o_from : o_warehouse);
	if (k == MK_TRANSFER)
		to_id = warehouse_or_die(o_to);
	rc = apply_move(k, sku_id, wh_id, to_id, qty, &d, &why);
	if (rc == RES_DONE) {
		if (k == MK_TRANSFER)
			audit_note("transfer %lld of sku '%s' from '%s' to '%s', ref '%s'",
				   (long long)qty, o_sku, o_from, o_to, o_ref);
		else
			audit_note("%s %lld of sku '%s' in '%s', ref '%s'",
				   k == MK_RECEIVE ? "receipt" : "adjustment", (long long)qty, o_sku,
				   o_warehouse, o_ref);
	}
	return cli_result(rc, &why);
}

static int
move_bulk(enum move_kind k, const char *path)
{
	static const struct csv_col cols[] = {
		{ "sku", 1 }, { "warehouse", 1 }, { "qty", 1 }, { "ref", 1 }, { "note", 0 },
	};
	static const struct csv_col tcols[] = {
		{ "sku", 1 }, { "from", 1 }, { "to", 1 }, { "qty", 1 }, { "ref", 1 }, { "note", 0 },
	};
	struct stock_bulk bulk;
	struct codes c = CODES_INIT;
	struct csvr r;
	struct imp im;
	struct why why;
	const char *whyp;
	int rc, t = k == MK_TRANSFER;

	csvr_open(&r, path, S.imp.input_kind);
	if (t)
		csvr_header(&r, tcols, 6, S.imp.ignore_unknown);
	else
		csvr_header(&r, cols, 5, S.imp.ignore_unknown);
	imp_begin(&im, &r, t ? "transfers" : "movements");
	stock_bulk_begin(&bulk, MOVE_RECEIPT, move_doc[k]);
	while (csvr_next(&r)) {
		const char *sku = csvr_get(&r, 0), *wh = csvr_get(&r, 1), *to = csvr_get(&r, 2);
		const char *q = csvr_get(&r, 2 + t), *ref = csvr_get(&r, 3 + t);
		struct stock_doc d = { ref, move_doc[k], csvr_get(&r, 4 + t) };
		int64_t sku_id, wh_id, to_id = -1, qty;

		if (!*sku) {
			imp_reject(&im, "missing sku");
			continue;
		}
		if ((sku_id = codes_sku(&c, sku)) < 0) {
			imp_reject(&im, "unknown sku '%s'", sku);
			continue;
		}
		if ((wh_id = codes_warehouse(&c, wh)) < 0) {
			imp_reject(&im, "unknown warehouse '%s'", wh);
			continue;
		}
		if (t && (to_id = codes_warehouse(&c, to)) < 0) {
			imp_reject(&im, "unknown warehouse '%s'", to);
			continue;
		}
		if (parse_int(q, INT64_MIN, INT64_MAX, &qty, &whyp) < 0) {
			imp_reject(&im, "bad qty '%s': %s", q, whyp);
			continue;
		}
		if (!*ref) {
			imp_reject(&im, "missing ref");
			continue;
		}
		if (k == MK_RECEIVE)
			rc = stock_bulk_add(&bulk, sku_id, wh_id, qty, ref, d.note, &why);
		else
			rc = apply_move(k, sku_id, wh_id, to_id, qty, &d, &why);
		switch (rc) {
		case RES_DONE:
			im.added++;
			break;
		case RES_SKIPPED:
			im.skipped++;
			break;
		default:
			imp_reject(&im, "%s", why.msg);
		}
	}
	stock_bulk_end(&bulk);
	rc = imp_end(&im);
	codes_release(&c);
	csvr_close(&r);
	return rc;
}

static int
run_move(enum move_kind k, int argc, char **argv)
{
	if (o_sku || o_warehouse || o_from || o_to || o_qty || o_ref || o_note) {
		if (argc)
			usage_die("give a FILE or the one-row options, not both");
		return move_single(k);
	}
	return move_bulk(k, argc ? argv[0] : NULL);
}

static int
cmd_receive(int argc, char **argv)
{
	return run_move(MK_RECEIVE, argc, argv);
}

static int
cmd_adjust(int argc, char **argv)
{
	return run_move(MK_ADJUST, argc, argv);
}

static int
cmd_transfer(int argc, char **argv)
{
	return run_move(MK_TRANSFER, argc, argv);
}

/* ---- levels ---- */

static int
cmd_levels(int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "sku", COL_TEXT }, { "warehouse", COL_TEXT }, { "on_hand", COL_INT },
		{ "reserved", COL_INT }, { "allocated", COL_INT }, { "available", COL_INT },
		{ "reorder_point", COL_INT }, { "on_order", COL_INT },
	};
	int64_t sku_id = o_sku ? sku_or_die(o_sku) : -1;
	int64_t wh_id = o_warehouse ? warehouse_or_die(o_warehouse) : -1;
	db_stmt *st;

	(void)argc;
	(void)argv;
	/* on_order is the open purchase order quantity: 0 until the
	 * purchasing tables of shop-po exist */
	st = db_prep("WITH k AS (SELECT sku_id, warehouse_id FROM stock "
		     "  UNION SELECT sku_id, warehouse_id FROM reorder_rule), "
		     "l AS (SELECT k.sku_id, k.warehouse_id, COALESCE(s.on_hand, 0) AS on_hand, "
		     "  COALESCE(s.reserved, 0) AS reserved, COALESCE(s.allocated, 0) AS allocated, "
		     "  r.reorder_point, 0 AS on_order FROM k "
		     "  LEFT JOIN stock s ON s.sku_id = k.sku_id AND s.warehouse_id = k.warehouse_id "
		     "  LEFT JOIN reorder_rule r ON r.sku_id = k.sku_id AND r.warehouse_id = k.warehouse_id "
		     "  WHERE (?1 < 0 OR k.sku_id = ?1) AND (?2 < 0 OR k.warehouse_id = ?2)) "
		     "SELECT sk.sku, w.code, on_hand, reserved, allocated, "
		     "  on_hand - reserved - allocated, reorder_point, on_order FROM l "
		     "JOIN sku sk ON sk.id = l.sku_id JOIN warehouse w ON w.id = l.warehouse_id "
		     "WHERE ?3 = 0 OR (reorder_point IS NOT NULL "
		     "  AND on_hand - reserved - allocated + on_order <= reorder_point) "
		     "ORDER BY sk.sku, w.code");
	db_bind_int(st, 1, sku_id);
	db_bind_int(st, 2, wh_id);
	db_bind_int(st, 3, o_below);
	out_query(cols, 8, st);
	return 0;
}

/* ---- pools ---- */

static int
pool_create(int argc, char **argv)
{
	int64_t sku_id, wh_id, qty;
	struct why why;
	int rc;

	(void)argc;
	if (!o_sku || !o_warehouse || !o_qty)
		usage_die("pool create needs --sku, --warehouse and --qty");
	if (!*argv[0])
		die(EX_DATA, "bad pool name '': empty");
	qty = qty_opt("qty", o_qty);
	sku_id = sku_or_die(o_sku);
	wh_id = warehouse_or_die(o_warehouse);
	rc = stock_pool_create(argv[0], sku_id, wh_id, qty, &why);
	if (rc == RES_DONE)
		audit_note("pool create '%s': %lld of sku '%s' in '%s'", argv[0], (long long)qty,
			   o_sku, o_warehouse);
	return cli_result(rc, &why);
}

static int
pool_release(int argc, char **argv)
{
	int64_t back;
	struct why why;
	int i, rc, worst = 0;

	/* every name is checked before any is released: one transaction */
	for (i = 0; i < argc; i++) {
		rc = stock_pool_release(argv[i], &back, &why);
		if (rc == RES_DONE)
			audit_note("pool release '%s': %lld back to available", argv[i],
				   (long long)back);
		if ((rc = cli_result(rc, &why)) > worst)
			worst = rc;
	}
	return worst;
}

static int
pool_list(int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "name", COL_TEXT }, { "sku", COL_TEXT }, { "warehouse", COL_TEXT },
		{ "qty", COL_INT }, { "drawn", COL_INT }, { "left", COL_INT }, { "status", COL_TEXT },
		{ "created_at", COL_TEXT }, { "released_at", COL_TEXT },
	};
	db_stmt *st;

	(void)argc;
	(void)argv;
	st = db_prep("SELECT p.name, s.sku, w.code, p.qty, p.drawn, "
		     "CASE p.status WHEN 'open' THEN p.qty - p.drawn ELSE 0 END, p.status, "
		     "p.created_at, p.released_at FROM pool p "
		     "JOIN sku s ON s.id = p.sku_id JOIN warehouse w ON w.id = p.warehouse_id "
		     "ORDER BY p.name");
	out_query(cols, 9, st);
	return 0;
}

/* ---- reorder rules ---- */

enum { RR_SKU, RR_WH, RR_POINT, RR_TARGET, RR_ORDER_QTY, RR_SUPPLIER, RR_LEAD, RR_NCOLS };

/* An optional whole number column: 0 and *has = 0 when empty. */
static int
opt_int(const char *s, int64_t min, int *has, int64_t *v, const char **why)
{
	*has = *s != '\0';
	*v = 0;
	if (!*has)
		return 0;
	return parse_int(s, min, STOCK_QTY_MAX, v, why);
}

static int
reorder_import(int argc, char **argv)
{
	static const struct csv_col cols[RR_NCOLS] = {
		{ "sku", 1 }, { "warehouse", 1 }, { "reorder_point", 1 }, { "target", 0 },
		{ "order_qty", 0 }, { "supplier", 0 }, { "lead_days", 0 },
	};
	struct codes c = CODES_INIT;
	const char *why;
	db_stmt *st;
	struct csvr r;
	struct imp im;
	int rc;

	csvr_open(&r, argc ? argv[0] : NULL, S.imp.input_kind);
	csvr_header(&r, cols, RR_NCOLS, S.imp.ignore_unknown);
	if (!csvr_has(&r, RR_TARGET) && !csvr_has(&r, RR_ORDER_QTY))
		die(EX_DATA, "%s:1: missing column 'target' or 'order_qty'", r.name);
	imp_begin(&im, &r, "reorder rules");
	while (csvr_next(&r)) {
		const char *sku = csvr_get(&r, RR_SKU), *wh = csvr_get(&r, RR_WH);
		const char *pt = csvr_get(&r, RR_POINT), *tg = csvr_get(&r, RR_TARGET);
		const char *oq = csvr_get(&r, RR_ORDER_QTY), *ld = csvr_get(&r, RR_LEAD);
		int64_t sku_id, wh_id, point, target, order_qty, lead;
		int has_point, has_target, has_oq, has_lead, found, same;

		if ((sku_id = codes_sku(&c, sku)) < 0) {
			imp_reject(&im, *sku ? "unknown sku '%s'" : "missing sku", sku);
			continue;
		}
		if ((wh_id = codes_warehouse(&c, wh)) < 0) {
			imp_reject(&im, "unknown warehouse '%s'", wh);
			continue;
		}
		if (opt_int(pt, 0, &has_point, &point, &why) < 0 || !has_point) {
			imp_reject(&im, "bad reorder_point '%s': %s", pt, has_point ? why : "empty");
			continue;
		}
		if (opt_int(tg, 0, &has_target, &target, &why) < 0) {
			imp_reject(&im, "bad target '%s': %s", tg, why);
			continue;
		}
		if (opt_int(oq, 1, &has_oq, &order_qty, &why) < 0) {
			imp_reject(&im, "bad order_qty '%s': %s", oq, why);
			continue;
		}
		if (has_target == has_oq) {
			imp_reject(&im, "give either target or order_qty");
			continue;
		}
		if (has_target && target < point) {
			imp_reject(&im, "target %lld is below reorder_point %lld", (long long)target,
				   (long long)point);
			continue;
		}
		if (opt_int(ld, 0, &has_lead, &lead, &why) < 0) {
			imp_reject(&im, "bad lead_days '%s': %s", ld, why);
			continue;
		}
		/* supplier and lead_days keep their stored value when the file
		 * has no such column */
		st = db_prep("SELECT reorder_point = ?3 AND target IS ?4 AND order_qty IS ?5 "
			     "AND (NOT ?6 OR supplier = ?7) AND (NOT ?8 OR lead_days IS ?9) "
			     "FROM reorder_rule WHERE sku_id = ?1 AND warehouse_id = ?2");
		db_bind_int(st, 1, sku_id);
		db_bind_int(st, 2, wh_id);
		db_bind_int(st, 3, point);
		db_bind_opt_int(st, 4, has_target, target);
		db_bind_opt_int(st, 5, has_oq, order_qty);
		db_bind_int(st, 6, csvr_has(&r, RR_SUPPLIER));
		db_bind_text(st, 7, csvr_get(&r, RR_SUPPLIER));
		db_bind_int(st, 8, csvr_has(&r, RR_LEAD));
		db_bind_opt_int(st, 9, has_lead, lead);
		found = db_step(st);
		same = found && db_col_int(st, 0);
		db_reset(st);
		if (same) {
			im.skipped++;
			continue;
		}
		st = db_prep("INSERT INTO reorder_rule (sku_id, warehouse_id, reorder_point, target, "
			     "order_qty, supplier, lead_days, updated_at) "
			     "VALUES (?1, ?2, ?3, ?4, ?5, ?7, ?9, ?10) "
			     "ON CONFLICT (sku_id, warehouse_id) DO UPDATE SET "
			     "reorder_point = ?3, target = ?4, order_qty = ?5, "
			     "supplier = CASE WHEN ?6 THEN ?7 ELSE supplier END, "
			     "lead_days = CASE WHEN ?8 THEN ?9 ELSE lead_days END, updated_at = ?10");
		db_bind_int(st, 1, sku_id);
		db_bind_int(st, 2, wh_id);
		db_bind_int(st, 3, point);
		db_bind_opt_int(st, 4, has_target, target);
		db_bind_opt_int(st, 5, has_oq, order_qty);
		db_bind_int(st, 6, csvr_has(&r, RR_SUPPLIER));
		db_bind_text(st, 7, csvr_get(&r, RR_SUPPLIER));
		db_bind_int(st, 8, csvr_has(&r, RR_LEAD));
		db_bind_opt_int(st, 9, has_lead, lead);
		db_bind_text(st, 10, format_time(shop_now(), (char[TIME_BUFSZ]){ 0 }));
		db_run(st);
		if (found)
			im.updated++;
		else
			im.added++;
	}
	rc = imp_end(&im);
	codes_release(&c);
	csvr_close(&r);
	return rc;
}

static int
reorder_list(int argc, char **argv)
{
	static const struct out_col cols[RR_NCOLS] = {
		{ "sku", COL_TEXT }, { "warehouse", COL_TEXT }, { "reorder_point", COL_INT },
		{ "target", COL_INT }, { "order_qty", COL_INT }, { "supplier", COL_TEXT },
		{ "lead_days", COL_INT },
	};
	db_stmt *st;

	(void)argc;
	(void)argv;
	st = db_prep("SELECT s.sku, w.code, r.reorder_point, r.target, r.order_qty, r.supplier, "
		     "r.lead_days FROM reorder_rule r JOIN sku s ON s.id = r.sku_id "
		     "JOIN warehouse w ON w.id = r.warehouse_id ORDER BY s.sku, w.code");
	out_query(cols, RR_NCOLS, st);
	return 0;
}

/* ---- stocktake ---- */

static int
count_import(int argc, char **argv)
{
	static const struct csv_col cols[] = { { "sku", 1 }, { "warehouse", 1 }, { "counted", 1 } };
	static const struct out_col ocols[] = {
		{ "sku", COL_TEXT }, { "warehouse", COL_TEXT }, { "on_hand", COL_INT },
		{ "counted", COL_INT }, { "variance", COL_INT },
	};
	char ts[TIME_BUFSZ], nums[3][24];
	struct why why;
	struct stock_doc d = { NULL, "count", o_note };
	struct pairmap seen = PAIRMAP_INIT; /* (sku, warehouse) counted in this file */
	struct codes c = CODES_INIT;
	const char *whyp;
	char *defref = NULL;
	int fresh;
	struct csvr r;
	struct imp im;
	struct out o;
	int rc;

	if (o_ref)
		d.ref = nonempty("ref", o_ref);
	else
		d.ref = defref = xasprintf("count-%s", format_time(shop_now(), ts));
	csvr_open(&r, argc ? argv[0] : NULL, S.imp.input_kind);
	csvr_header(&r, cols, 3, S.imp.ignore_unknown);
	imp_begin(&im, &r, "counts");
	out_start(&o, ocols, 5);
	while (csvr_next(&r)) {
		const char *sku = csvr_get(&r, 0), *wh = csvr_get(&r, 1), *cnt = csvr_get(&r, 2);
		int64_t sku_id, wh_id, counted, book, variance;

		if ((sku_id = codes_sku(&c, sku)) < 0) {
			imp_reject(&im, *sku ? "unknown sku '%s'" : "missing sku", sku);
			continue;
		}
		if ((wh_id = codes_warehouse(&c, wh)) < 0) {
			imp_reject(&im, "unknown warehouse '%s'", wh);
			continue;
		}
		if (parse_int(cnt, 0, STOCK_QTY_MAX, &counted, &whyp) < 0) {
			imp_reject(&im, "bad counted '%s': %s", cnt, whyp);
			continue;
		}
		pairmap_at(&seen, sku_id, wh_id, &fresh);
		if (!fresh) {
			imp_reject(&im, "sku '%s' in warehouse '%s' is counted twice", sku, wh);
			continue;
		}
		switch (stock_count(sku_id, wh_id, counted, &d, &book, &variance, &why)) {
		case RES_DONE: {
			const char *v[5] = { sku, wh, nums[0], nums[1], nums[2] };
			snprintf(nums[0], sizeof nums[0], "%lld", (long long)book);
			snprintf(nums[1], sizeof nums[1], "%lld", (long long)counted);
			snprintf(nums[2], sizeof nums[2], "%lld", (long long)variance);
			out_row(&o, v);
			im.added++;
			break;
		}
		case RES_SKIPPED:
			im.skipped++;
			break;
		default:
			imp_reject(&im, "%s", why.msg);
		}
	}
	out_end(&o);
	rc = imp_end(&im);
	pairmap_release(&seen);
	free(defref);
	codes_release(&c);
	csvr_close(&r);
	return rc;
}

/* ---- the ledger ---- */

static int
time_opt(const char *opt, const char *s, char *buf)
{
	const char *why;
	int64_t t;

	if (parse_time(s, &t, &why) < 0)
		die(EX_DATA, "bad --%s '%s': %s", opt, s, why);
	format_time(t, buf);
	return 1;
}

static int
cmd_moves(int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "id", COL_INT }, { "at", COL_TEXT }, { "type", COL_TEXT }, { "sku", COL_TEXT },
		{ "warehouse", COL_TEXT }, { "qty", COL_INT }, { "ref", COL_TEXT },
		{ "doc", COL_TEXT }, { "note", COL_TEXT }, { "user", COL_TEXT },
	};
	int64_t sku_id = o_sku ? sku_or_die(o_sku) : -1;
	int64_t wh_id = o_warehouse ? warehouse_or_die(o_warehouse) : -1;
	char since[TIME_BUFSZ] = "", until[TIME_BUFSZ] = "";
	enum stock_type t;
	db_stmt *st;

	(void)argc;
	(void)argv;
	if (o_type && stock_type_parse(o_type, &t) < 0)
		usage_die("unknown movement type '%s' (receipt, shipment, adjustment, transfer_out, "
			  "transfer_in, customer_return, purchase_return, count_variance)", o_type);
	if (o_since)
		time_opt("since", o_since, since);
	if (o_until)
		time_opt("until", o_until, until);
	st = db_prep("SELECT m.id, m.at, m.type, s.sku, w.code, m.qty, m.ref, m.doc, m.note, "
		     "m.os_user FROM movement m JOIN sku s ON s.id = m.sku_id "
		     "JOIN warehouse w ON w.id = m.warehouse_id "
		     "WHERE (?1 < 0 OR m.sku_id = ?1) AND (?2 < 0 OR m.warehouse_id = ?2) "
		     "AND m.at >= ?3 AND (?4 = '' OR m.at < ?4) AND (?5 IS NULL OR m.type = ?5) "
		     "AND (?6 IS NULL OR m.ref = ?6) ORDER BY m.id");
	db_bind_int(st, 1, sku_id);
	db_bind_int(st, 2, wh_id);
	db_bind_text(st, 3, since);
	db_bind_text(st, 4, until);
	db_bind_text(st, 5, o_type);
	db_bind_text(st, 6, o_ref);
	out_query(cols, 10, st);
	return 0;
}

/* ---- check ---- */

static int
cmd_check(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return run_check(stock_check, "stock");
}

static const struct cmd cmds[] = {
	{ "warehouse add", "CODE", "add a warehouse", CMD_WRITE, warehouse_opts, 1, 1, warehouse_add },
	{ "warehouse import", "[FILE]", "add warehouses from CSV: code, name, region, priority",
	  CMD_IMPORT, NULL, 0, 1, warehouse_import },
	{ "warehouse list", "", "list warehouses, first choice first", 0, NULL, 0, 0, warehouse_list },
	{ "receive", "[FILE]", "receive stock: one row, or CSV of sku, warehouse, qty, ref, note",
	  CMD_WRITE | CMD_IMPORT, move_opts, 0, 1, cmd_receive },
	{ "adjust", "[FILE]", "adjust stock by a signed qty: one row, or CSV as receive",
	  CMD_WRITE | CMD_IMPORT, move_opts, 0, 1, cmd_adjust },
	{ "transfer", "[FILE]", "move stock: one row, or CSV of sku, from, to, qty, ref, note",
	  CMD_WRITE | CMD_IMPORT, transfer_opts, 0, 1, cmd_transfer },
	{ "levels", "", "stock levels (on_order is 0 until shop-po keeps purchase orders)",
	  0, levels_opts, 0, 0, cmd_levels },
	{ "pool create", "NAME", "set stock aside in a named pool", CMD_WRITE, pool_opts, 1, 1, pool_create },
	{ "pool release", "NAME...", "close pools: what was not drawn becomes available", CMD_WRITE,
	  NULL, 1, -1, pool_release },
	{ "pool list", "", "list pools", 0, NULL, 0, 0, pool_list },
	{ "reorder import", "[FILE]", "reorder rules from CSV (see shop-stock(1))", CMD_IMPORT, NULL, 0, 1,
	  reorder_import },
	{ "reorder list", "", "list reorder rules", 0, NULL, 0, 0, reorder_list },
	{ "count import", "[FILE]", "stocktake from CSV of sku, warehouse, counted; prints the variances",
	  CMD_IMPORT, count_opts, 0, 1, count_import },
	{ "moves", "", "the stock ledger, oldest first", 0, moves_opts, 0, 0, cmd_moves },
	{ "check", "", "verify every stock invariant; one line per violation", 0, NULL, 0, 0, cmd_check },
	{ NULL, NULL, NULL, 0, NULL, 0, 0, NULL }
};

int
main(int argc, char **argv)
{
	return shop_main(argc, argv, "shop-stock",
			 "shop-stock: warehouses, the stock ledger, pools, reorder rules, stocktake", cmds);
}
