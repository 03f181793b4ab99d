/* order.c - placing orders: pricing, warehouses, credit, approval, the
 * stock they reserve and the money they post (see order.h) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aftersales.h"
#include "csvio.h"
#include "db.h"
#include "err.h"
#include "freight.h"
#include "money.h"
#include "outdb.h"
#include "order.h"
#include "parse.h"
#include "session.h"
#include "stock.h"
#include "util.h"

const char *const order_status_words[] = {
	"pending_approval", "pending_payment", "confirmed", "partially_shipped", "shipped",
	"delivered", "completed", "rejected", "cancelled", "refunded", NULL,
};

int64_t
order_parse_number(const char *number)
{
	int64_t id;
	const char *why;

	if (!number || strncmp(number, ORDER_PREFIX, strlen(ORDER_PREFIX)) != 0)
		return -1;
	if (parse_int(number + strlen(ORDER_PREFIX), 1, INT64_MAX, &id, &why) < 0)
		return -1;
	return id;
}

static int
status_parse(const char *s)
{
	int i;

	for (i = 0; order_status_words[i]; i++)
		if (!strcmp(order_status_words[i], s))
			return i;
	return -1;
}

enum res
order_find(const char *number, int64_t *id, enum order_status *status, struct why *w)
{
	db_stmt *st = db_prep("SELECT status FROM orders WHERE id = ?1");
	int64_t n = order_parse_number(number);
	int s = -1;

	if (n > 0) {
		db_bind_int(st, 1, n);
		if (db_step(st))
			s = status_parse(db_col_text(st, 0));
		db_reset(st);
	}
	if (s < 0)
		return res_fail(w, RES_NOTFOUND, "unknown order '%s'", number);
	*id = n;
	if (status)
		*status = (enum order_status)s;
	return RES_DONE;
}

/* A line of the order's history. */
static void
event(int64_t id, const char *status, const char *at, const char *note)
{
	db_stmt *st = db_prep("INSERT INTO order_event (order_id, at, os_user, status, note) "
			      "VALUES (?1, ?2, ?3, ?4, ?5)");

	db_bind_int(st, 1, id);
	db_bind_text(st, 2, at);
	db_bind_static(st, 3, S.user);
	db_bind_static(st, 4, status);
	db_bind_text(st, 5, note ? note : "");
	db_run(st);
}

int
order_move(int64_t id, enum order_status from, enum order_status to, const char *note)
{
	db_stmt *st = db_prep("UPDATE orders SET status = ?1, updated_at = ?2 "
			      "WHERE id = ?3 AND status = ?4");

	db_bind_static(st, 1, order_status_words[to]);
	db_bind_static(st, 2, shop_now_text());
	db_bind_int(st, 3, id);
	db_bind_static(st, 4, order_status_words[from]);
	db_run(st);
	if (db_changes() != 1)
		return 0;
	event(id, order_status_words[to], shop_now_text(), note);
	return 1;
}

enum res
order_refuse(int64_t id, enum order_status status, const char *what, struct why *w)
{
	return res_fail(w, RES_REFUSED, "order " ORDER_PREFIX "%lld is %s; cannot %s", (long long)id,
			order_status_words[status], what);
}

enum res
order_raced(int64_t id, struct why *w)
{
	return res_fail(w, RES_REFUSED, ORDER_PREFIX "%lld changed while it was read; try again",
			(long long)id);
}

void
order_quote_release(struct order_quote *q)
{
	free(q->lines);
	free(q->discounts);
	memset(q, 0, sizeof *q);
}

/* ---- listings ---- */

const struct out_col order_list_cols[ORDER_LIST_NCOLS] = {
	{ "order", COL_TEXT }, { "customer", COL_TEXT }, { "order_ref", COL_TEXT },
	{ "channel", COL_TEXT }, { "status", COL_TEXT }, { "goods_total", COL_MONEY },
	{ "discount", COL_MONEY }, { "freight", COL_MONEY }, { "total", COL_MONEY },
	{ "paid", COL_MONEY }, { "refunded", COL_MONEY }, { "created_at", COL_TEXT },
};

db_stmt *
order_list_query(const char *status, const char *customer, const char *since, const char *until)
{
	db_stmt *st = db_prep("SELECT '" ORDER_PREFIX "' || o.id, c.code, o.order_ref, o.channel, "
			      "o.status, o.goods_total, o.discount_shop + o.discount_platform, "
			      "o.freight, o.total, o.paid, o.refunded, o.created_at "
			      "FROM orders o JOIN customer c ON c.id = o.customer_id "
			      "WHERE (CAST(?1 AS TEXT) IS NULL OR o.status = ?1) "
			      "AND (CAST(?2 AS TEXT) IS NULL OR c.code = ?2) "
			      "AND (CAST(?3 AS TEXT) IS NULL OR o.created_at >= ?3) "
			      "AND (CAST(?4 AS TEXT) IS NULL OR o.created_at < ?4) "
			      "ORDER BY o.id");

	db_bind_text(st, 1, status && *status ? status : NULL);
	db_bind_text(st, 2, customer && *customer ? customer : NULL);
	db_bind_text(st, 3, since && *since ? since : NULL);
	db_bind_text(st, 4, until && *until ? until : NULL);
	return st;
}

const struct out_col order_lines_cols[ORDER_LINES_NCOLS] = {
	{ "order", COL_TEXT }, { "line", COL_INT }, { "sku", COL_TEXT }, { "qty", COL_INT },
	{ "unit_price", COL_MONEY }, { "discount", COL_MONEY }, { "paid", COL_MONEY },
	{ "warehouse", COL_TEXT }, { "shipped", COL_INT }, { "returned", COL_INT },
	{ "refunded_qty", COL_INT }, { "refunded", COL_MONEY },
};

db_stmt *
order_lines_query(const char *order, const char *customer, const char *sku)
{
	db_stmt *st = db_prep("SELECT '" ORDER_PREFIX "' || l.order_id, l.line, s.sku, l.qty, "
			      "l.unit_price, l.discount, l.qty * l.unit_price - l.discount, w.code, "
			      "l.shipped, l.returned, l.refunded_qty, l.refunded "
			      "FROM order_line l JOIN orders o ON o.id = l.order_id "
			      "JOIN customer c ON c.id = o.customer_id JOIN sku s ON s.id = l.sku_id "
			      "JOIN warehouse w ON w.id = l.warehouse_id "
			      "WHERE (?1 < 0 OR l.order_id = ?1) "
			      "AND (CAST(?2 AS TEXT) IS NULL OR c.code = ?2) "
			      "AND (CAST(?3 AS TEXT) IS NULL OR s.sku = ?3) "
			      "ORDER BY l.order_id, l.line");

	db_bind_int(st, 1, order && *order ? order_parse_number(order) : -1);
	db_bind_text(st, 2, customer && *customer ? customer : NULL);
	db_bind_text(st, 3, sku && *sku ? sku : NULL);
	return st;
}

const struct out_col order_payments_cols[ORDER_PAYMENTS_NCOLS] = {
	{ "order", COL_TEXT }, { "txn", COL_TEXT }, { "kind", COL_TEXT },
	{ "amount", COL_MONEY }, { "method", COL_TEXT }, { "at", COL_TEXT },
};

db_stmt *
order_payments_query(const char *order)
{
	db_stmt *st = db_prep("SELECT '" ORDER_PREFIX "' || p.order_id, p.txn, p.kind, p.amount, "
			      "p.method, p.at FROM payment p "
			      "WHERE (?1 < 0 OR p.order_id = ?1) ORDER BY p.id");

	db_bind_int(st, 1, order && *order ? order_parse_number(order) : -1);
	return st;
}

/* ---- one order whole ---- */

static const struct out_col view_cols[] = {
	{ "order", COL_TEXT }, { "customer", COL_TEXT }, { "order_ref", COL_TEXT },
	{ "channel", COL_TEXT }, { "status", COL_TEXT }, { "currency", COL_TEXT },
	{ "goods_total", COL_MONEY }, { "discount", COL_MONEY }, { "freight", COL_MONEY },
	{ "total", COL_MONEY }, { "paid", COL_MONEY }, { "refunded", COL_MONEY },
	{ "coupon", COL_TEXT }, { "ship_name", COL_TEXT }, { "ship_phone", COL_TEXT },
	{ "ship_address", COL_TEXT }, { "ship_region", COL_TEXT }, { "note", COL_TEXT },
	{ "created_at", COL_TEXT }, { "updated_at", COL_TEXT },
};
static const struct out_col view_line_cols[] = {
	{ "line", COL_INT }, { "sku", COL_TEXT }, { "qty", COL_INT }, { "unit_price", COL_MONEY },
	{ "discount", COL_MONEY }, { "paid", COL_MONEY }, { "warehouse", COL_TEXT },
	{ "shipped", COL_INT }, { "returned", COL_INT }, { "refunded_qty", COL_INT },
	{ "refunded", COL_MONEY },
};
static const struct out_col view_parcel_cols[] = {
	{ "warehouse", COL_TEXT }, { "parcel", COL_INT }, { "line", COL_INT }, { "sku", COL_TEXT },
	{ "qty", COL_INT }, { "weight_g", COL_INT },
};
static const struct out_col view_pay_cols[] = {
	{ "txn", COL_TEXT }, { "kind", COL_TEXT }, { "amount", COL_MONEY }, { "method", COL_TEXT },
	{ "at", COL_TEXT },
};
static const struct out_col view_ship_cols[] = {
	{ "sku", COL_TEXT }, { "qty", COL_INT }, { "warehouse", COL_TEXT }, { "carrier", COL_TEXT },
	{ "tracking", COL_TEXT }, { "at", COL_TEXT },
};
static const struct out_col view_event_cols[] = {
	{ "at", COL_TEXT }, { "status", COL_TEXT }, { "user", COL_TEXT }, { "note", COL_TEXT },
};

/* SPEC "Splitting": each warehouse's lines are a shipment group, in
 * parcels of at most freight.max_parcel_weight_g (freight_parcels). */
static enum res
show_parcels(int64_t id, struct out_rows *t, struct why *w)
{
	db_stmt *st = db_prep("SELECT wh.code, l.line, s.sku, l.qty, COALESCE(s.weight_g, 0) "
			      "FROM order_line l JOIN sku s ON s.id = l.sku_id "
			      "JOIN warehouse wh ON wh.id = l.warehouse_id WHERE l.order_id = ?1 "
			      "ORDER BY wh.code, l.line");
	struct grp {
		char wh[128], sku[128];
		int64_t line, qty, weight;
	} *g = NULL;
	size_t n = 0, cap = 0, a, b, k;
	enum res rc = RES_DONE;

	db_bind_int(st, 1, id);
	while (db_step(st)) {
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			g = xrealloc(g, cap * sizeof *g);
		}
		snprintf(g[n].wh, sizeof g[n].wh, "%s", db_col_text(st, 0));
		g[n].line = db_col_int(st, 1);
		snprintf(g[n].sku, sizeof g[n].sku, "%s", db_col_text(st, 2));
		g[n].qty = db_col_int(st, 3);
		g[n].weight = db_col_int(st, 4);
		n++;
	}
	for (a = 0; a < n && !rc; a = b) {
		struct parcels p = PARCELS_INIT;
		int64_t *wt, *qty;

		for (b = a; b < n && !strcmp(g[b].wh, g[a].wh); b++)
			;
		wt = xcalloc(b - a, sizeof *wt);
		qty = xcalloc(b - a, sizeof *qty);
		for (k = a; k < b; k++) {
			wt[k - a] = g[k].weight;
			qty[k - a] = g[k].qty;
		}
		if (!(rc = freight_parcels(b - a, wt, qty, &p, w))) {
			for (k = 0; k < p.npiece; k++) {
				const struct grp *l = &g[a + p.piece[k].line];
				char parcel[24], line[24], q[24], kg[24];
				const char *v[6] = { l->wh, parcel, line, l->sku, q, kg };

				snprintf(parcel, sizeof parcel, "%zu", p.piece[k].parcel);
				snprintf(line, sizeof line, "%lld", (long long)l->line);
				snprintf(q, sizeof q, "%lld", (long long)p.piece[k].qty);
				snprintf(kg, sizeof kg, "%lld", (long long)(p.piece[k].qty * l->weight));
				out_rows_add(t, v);
			}
		}
		parcels_release(&p);
		free(wt);
		free(qty);
	}
	free(g);
	return rc;
}

enum res
order_show(const char *number, struct order_view *v, struct why *w)
{
	static const char *const lists[OV_NLISTS] = {
		"SELECT l.line, s.sku, l.qty, l.unit_price, l.discount, "
		"l.qty * l.unit_price - l.discount, wh.code, l.shipped, l.returned, "
		"l.refunded_qty, l.refunded FROM order_line l JOIN sku s ON s.id = l.sku_id "
		"JOIN warehouse wh ON wh.id = l.warehouse_id WHERE l.order_id = ?1 ORDER BY l.line",
		NULL, /* parcels: computed */
		"SELECT txn, kind, amount, method, at FROM payment WHERE order_id = ?1 ORDER BY id",
		"SELECT s.sku, m.qty, wh.code, m.carrier, m.tracking, m.at FROM shipment m "
		"JOIN sku s ON s.id = m.sku_id JOIN warehouse wh ON wh.id = m.warehouse_id "
		"WHERE m.order_id = ?1 ORDER BY m.id",
		NULL, /* cases: case_list_query */
		"SELECT at, status, os_user, note FROM order_event WHERE order_id = ?1 ORDER BY id",
	};
	db_stmt *st;
	enum res rc;
	int64_t id;
	int i;

	memset(v, 0, sizeof *v);
	if ((rc = order_find(number, &id, NULL, w)))
		return rc;
	out_rows_init(&v->fields, "order", view_cols, sizeof view_cols / sizeof *view_cols);
	out_rows_init(&v->lists[OV_LINES], "line", view_line_cols,
		      sizeof view_line_cols / sizeof *view_line_cols);
	out_rows_init(&v->lists[OV_PARCELS], "parcel", view_parcel_cols,
		      sizeof view_parcel_cols / sizeof *view_parcel_cols);
	out_rows_init(&v->lists[OV_PAYMENTS], "payment", view_pay_cols,
		      sizeof view_pay_cols / sizeof *view_pay_cols);
	out_rows_init(&v->lists[OV_SHIPMENTS], "shipment", view_ship_cols,
		      sizeof view_ship_cols / sizeof *view_ship_cols);
	out_rows_init(&v->lists[OV_CASES], "case", case_list_cols, CASE_LIST_NCOLS);
	out_rows_init(&v->lists[OV_HISTORY], "history", view_event_cols,
		      sizeof view_event_cols / sizeof *view_event_cols);
	st = db_prep("SELECT '" ORDER_PREFIX "' || o.id, c.code, o.order_ref, o.channel, o.status, "
		     "o.currency, o.goods_total, o.discount_shop + o.discount_platform, o.freight, "
		     "o.total, o.paid, o.refunded, o.coupon, o.ship_name, o.ship_phone, "
		     "o.ship_address, o.ship_region, o.note, o.created_at, o.updated_at "
		     "FROM orders o JOIN customer c ON c.id = o.customer_id WHERE o.id = ?1");
	db_bind_int(st, 1, id);
	out_rows_query(&v->fields, st);
	for (i = 0; i < OV_NLISTS; i++) {
		if (!lists[i])
			continue;
		st = db_prep(lists[i]);
		db_bind_int(st, 1, id);
		out_rows_query(&v->lists[i], st);
	}
	out_rows_query(&v->lists[OV_CASES], case_list_query("all", 0, number));
	return show_parcels(id, &v->lists[OV_PARCELS], w);
}

void
order_view_release(struct order_view *v)
{
	int i;

	out_rows_release(&v->fields);
	for (i = 0; i < OV_NLISTS; i++)
		out_rows_release(&v->lists[i]);
}

enum res
order_parse_line(const char *spec, char *buf, struct order_line_in *l, struct why *w)
{
	enum res rc;

	memset(l, 0, sizeof *l);
	rc = line_spec_parse(spec, buf, "price", S.digits, &l->sku, &l->qty, &l->has_price,
			     &l->unit_price, w);
	return rc;
}

/* ---- split: the unshipped lines planned again ---- */

struct left_line {
	int64_t id, line, sku_id, warehouse_id, left, shipped, unit_price, discount;
};

/* Do the old lines (what each had left) and the new plan say the same? */
static int
same_plan(const struct left_line *old, size_t n, const struct order_quote *q)
{
	size_t i;

	if (n != q->nlines)
		return 0;
	for (i = 0; i < n; i++)
		if (old[i].sku_id != q->lines[i].sku_id ||
		    old[i].warehouse_id != q->lines[i].warehouse_id || old[i].left != q->lines[i].qty)
			return 0;
	return 1;
}

enum res
order_split(const char *number, struct why *w)
{
	db_stmt *st;
	struct left_line *old = NULL;
	struct order_quote q;
	struct stock_line *sl;
	enum order_status status;
	size_t n = 0, cap = 0, i, bad;
	int64_t id, next = 1;
	char ref[64];
	enum res rc;

	if ((rc = order_find(number, &id, &status, w)))
		return rc;
	if (status != ORDER_PENDING_APPROVAL && status != ORDER_PENDING_PAYMENT &&
	    status != ORDER_CONFIRMED && status != ORDER_PARTIALLY_SHIPPED)
		return res_fail(w, RES_REFUSED, "order " ORDER_PREFIX "%lld is %s; cannot split",
				(long long)id, order_status_words[status]);
	st = db_prep("SELECT id, line, sku_id, warehouse_id, qty - shipped, shipped, unit_price, "
		     "discount FROM order_line WHERE order_id = ?1 ORDER BY line");
	db_bind_int(st, 1, id);
	while (db_step(st)) {
		int64_t line = db_col_int(st, 1);

		if (line >= next)
			next = line + 1;
		if (db_col_int(st, 4) <= 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			old = xrealloc(old, cap * sizeof *old);
		}
		old[n].id = db_col_int(st, 0);
		old[n].line = line;
		old[n].sku_id = db_col_int(st, 2);
		old[n].warehouse_id = db_col_int(st, 3);
		old[n].left = db_col_int(st, 4);
		old[n].shipped = db_col_int(st, 5);
		old[n].unit_price = db_col_int(st, 6);
		old[n].discount = db_col_int(st, 7);
		n++;
	}
	if (!n) {
		free(old);
		return res_fail(w, RES_SKIPPED, "order " ORDER_PREFIX "%lld has nothing left to ship; "
				"skipped", (long long)id);
	}
	/* the order's own units are available to its new plan */
	db_savepoint();
	for (i = 0; i < n; i++) {
		struct why ignore;

		snprintf(ref, sizeof ref, ORDER_PREFIX "%lld/%lld", (long long)id,
			 (long long)old[i].line);
		stock_release(ref, old[i].sku_id, old[i].warehouse_id, 0, &ignore);
	}
	{
		struct order_quote_line *want = xcalloc(n, sizeof *want);

		for (i = 0; i < n; i++) {
			want[i].sku_id = old[i].sku_id;
			want[i].qty = old[i].left;
			want[i].unit_price = old[i].unit_price;
		}
		rc = order_replan(want, n, &q, w);
		free(want);
	}
	if (rc || same_plan(old, n, &q)) {
		db_rollback_to();
		free(old);
		order_quote_release(&q);
		if (rc)
			return rc;
		return res_fail(w, RES_SKIPPED, "order " ORDER_PREFIX "%lld is planned as stock is "
				"now; skipped", (long long)id);
	}
	/* the old lines keep what they shipped (or go); the rest are new
	 * lines after them, each with its share of the old line's discount */
	for (i = 0; i < n; i++) {
		if (old[i].shipped) {
			int64_t keep = old[i].discount;

			if (old[i].discount)
				money_muldiv(old[i].discount, old[i].shipped, old[i].shipped + old[i].left,
					     &keep);
			st = db_prep("UPDATE order_line SET qty = shipped, discount = ?2 WHERE id = ?1");
			db_bind_int(st, 1, old[i].id);
			db_bind_int(st, 2, keep);
			old[i].discount -= keep;
		} else {
			st = db_prep("DELETE FROM order_line WHERE id = ?1");
			db_bind_int(st, 1, old[i].id);
		}
		db_run(st);
	}
	sl = xcalloc(q.nlines, sizeof *sl);
	st = db_prep("INSERT INTO order_line (order_id, line, sku_id, qty, unit_price, discount, "
		     "warehouse_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	for (i = 0; i < q.nlines; i++) {
		const struct order_quote_line *l = &q.lines[i];
		int64_t disc = 0;

		/* the old line's discount follows its units */
		if (old[l->in].discount)
			money_muldiv(old[l->in].discount, l->qty, old[l->in].left, &disc);
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, next + (int64_t)i);
		db_bind_int(st, 3, l->sku_id);
		db_bind_int(st, 4, l->qty);
		db_bind_int(st, 5, l->unit_price);
		db_bind_int(st, 6, disc);
		db_bind_int(st, 7, l->warehouse_id);
		db_run(st);
		snprintf(ref, sizeof ref, ORDER_PREFIX "%lld/%lld", (long long)id,
			 (long long)(next + (int64_t)i));
		sl[i].ref = xstrdup(ref);
		sl[i].sku_id = l->sku_id;
		sl[i].warehouse_id = l->warehouse_id;
		sl[i].qty = l->qty;
	}
	rc = stock_reserve_many(sl, q.nlines, &bad, w);
	for (i = 0; i < q.nlines; i++)
		free((char *)sl[i].ref);
	free(sl);
	free(old);
	order_quote_release(&q);
	if (rc && rc != RES_SKIPPED) {
		db_rollback_to();
		return rc;
	}
	db_release();
	event(id, order_status_words[status], shop_now_text(), "split");
	audit_note("split " ORDER_PREFIX "%lld", (long long)id);
	return RES_DONE;
}

/* ---- a cart from CSV (quote, shop-coupon best) ---- */

enum { CART_SKU, CART_QTY, CART_PRICE, CART_NCOLS };

static const struct csv_col cart_cols[CART_NCOLS] = {
	{ "sku", 1 }, { "qty", 1 }, { "unit_price", 0 },
};

size_t
order_cart_read(const char *path, struct order_line_in **lines, char ***bufs)
{
	struct csvr r;
	size_t n = 0;

	*lines = NULL;
	*bufs = NULL;
	csvr_open(&r, path, S.imp.input_kind);
	csvr_header(&r, cart_cols, CART_NCOLS, S.imp.ignore_unknown);
	while (csvr_next(&r)) {
		const char *q = csvr_get(&r, CART_QTY), *p = csvr_get(&r, CART_PRICE), *why;
		struct order_line_in *l;

		*lines = xrealloc(*lines, (n + 1) * sizeof **lines);
		*bufs = xrealloc(*bufs, (n + 1) * sizeof **bufs);
		l = &(*lines)[n];
		memset(l, 0, sizeof *l);
		(*bufs)[n] = xstrdup(csvr_get(&r, CART_SKU));
		l->sku = (*bufs)[n];
		n++;
		if (parse_int(q, INT64_MIN, INT64_MAX, &l->qty, &why) < 0)
			die(EX_DATA, "%s:%zu: bad qty '%s': %s", r.name, csvr_line(&r), q, why);
		if (*p) {
			if (money_parse(p, S.digits, &l->unit_price, &why) < 0)
				die(EX_DATA, "%s:%zu: bad unit_price '%s': %s", r.name, csvr_line(&r), p,
				    why);
			l->has_price = 1;
		}
	}
	csvr_close(&r);
	if (!n)
		die(EX_DATA, "%s: a cart needs at least one line", path && *path ? path : "<stdin>");
	return n;
}

size_t
order_lines_get(char *const *specs, size_t nspecs, const char *cart, struct order_line_in **lines,
		char ***bufs)
{
	struct why w;
	size_t i;

	if (cart && nspecs)
		die(EX_USAGE, "give --line or a cart FILE, not both");
	if (cart)
		return order_cart_read(cart, lines, bufs);
	if (!nspecs)
		die(EX_USAGE, "give --line SKU:QTY (or a cart FILE)");
	*lines = xcalloc(nspecs, sizeof **lines);
	*bufs = xcalloc(nspecs, sizeof **bufs);
	for (i = 0; i < nspecs; i++) {
		(*bufs)[i] = xmalloc(strlen(specs[i]) + 1);
		if (order_parse_line(specs[i], (*bufs)[i], &(*lines)[i], &w))
			die(EX_DATA, "%s", w.msg);
	}
	return nspecs;
}

void
order_lines_free(struct order_line_in *lines, char **bufs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(bufs[i]);
	free(bufs);
	free(lines);
}
