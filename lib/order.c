/* order.c - placing orders: pricing, warehouses, credit, approval, the
 * stock they reserve and the money they post (see order.h) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "customer.h"
#include "db.h"
#include "freight.h"
#include "ledger.h"
#include "money.h"
#include "strmap.h"
#include "outdb.h"
#include "order.h"
#include "parse.h"
#include "pricelist.h"
#include "product.h"
#include "session.h"
#include "stock.h"
#include "util.h"
#include "warehouse.h"

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

static void event(int64_t id, const char *status, const char *at, const char *note);

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
	memset(q, 0, sizeof *q);
}

static const char *
money(int64_t v, char *buf)
{
	return money_format(v, S.digits, buf);
}

/*
 * What placing orders keeps between the orders of one command: an import
 * of a million lines names the same SKUs and customers again and again.
 * Nothing here changes while the command runs (it writes no SKU and no
 * customer); the maps are bounded, emptied when full.
 */
#define CACHE_MAX 200000
static struct {
	struct strmap skus;          /* sku code -> index + 1 in sale */
	struct product_sale *sale;
	size_t nsale;
	struct strmap custs;         /* customer code -> index + 1 in cust */
	struct customer *cust;
	size_t ncust;
	struct pairmap priced;       /* (sku id, 0): has price-list entries */
	int priced_loaded;           /* 1 loaded, -1 too many to keep */
} C = { STRMAP_INIT(0), NULL, 0, STRMAP_INIT(0), NULL, 0, PAIRMAP_INIT, 0 };

void
order_cache_release(void)
{
	size_t i;

	strmap_release(&C.skus);
	free(C.sale);
	for (i = 0; i < C.ncust; i++)
		customer_release(&C.cust[i]);
	free(C.cust);
	strmap_release(&C.custs);
	pairmap_release(&C.priced);
	memset(&C, 0, sizeof C);
}

/* The SKU named by code: its id and what ordering needs of it. */
static enum res
sku_by_code(const char *code, const struct product_sale **out, struct why *w)
{
	struct strmap_ent *e = strmap_get(&C.skus, code);
	struct product_sale s;
	enum res rc;
	int64_t id;

	if (!e || !e->val) {
		if ((rc = product_find(code, &id, w)) || (rc = product_sale_load(id, &s, w)))
			return rc;
		if (C.nsale >= CACHE_MAX) {
			strmap_release(&C.skus);
			C.nsale = 0;
		}
		if (!(C.nsale & (C.nsale - 1)) || !C.nsale)
			C.sale = xrealloc(C.sale, (C.nsale ? 2 * C.nsale : 64) * sizeof *C.sale);
		C.sale[C.nsale] = s;
		e = strmap_at(&C.skus, code);
		e->val = (int64_t)++C.nsale;
	}
	*out = &C.sale[e->val - 1];
	return RES_DONE;
}

static enum res
sku_by_id(int64_t id, const struct product_sale **out, struct why *w)
{
	static struct product_sale s;
	enum res rc;

	if ((rc = product_sale_load(id, &s, w)))
		return rc;
	*out = &s;
	return RES_DONE;
}

static enum res
customer_cached(const char *code, const struct customer **out, struct why *w)
{
	struct strmap_ent *e = code ? strmap_get(&C.custs, code) : NULL;
	struct customer c;
	enum res rc;

	if (!e || !e->val) {
		if ((rc = customer_find(code, &c, w)))
			return rc;
		if (C.ncust >= CACHE_MAX / 10) {
			size_t i;

			for (i = 0; i < C.ncust; i++)
				customer_release(&C.cust[i]);
			strmap_release(&C.custs);
			C.ncust = 0;
		}
		if (!(C.ncust & (C.ncust - 1)) || !C.ncust)
			C.cust = xrealloc(C.cust, (C.ncust ? 2 * C.ncust : 64) * sizeof *C.cust);
		C.cust[C.ncust] = c;
		e = strmap_at(&C.custs, code);
		e->val = (int64_t)++C.ncust;
	}
	*out = &C.cust[e->val - 1];
	return RES_DONE;
}

/* May a price list apply to this SKU at all? The SKUs that have entries,
 * read once, so that the common line asks nothing. */
static int
maybe_priced(int64_t sku_id)
{
	int created;

	if (!C.priced_loaded) {
		db_stmt *st = db_prep("SELECT DISTINCT sku_id FROM price_list");

		C.priced_loaded = 1;
		while (db_step(st)) {
			if (C.priced.n >= CACHE_MAX) {
				C.priced_loaded = -1;
				db_reset(st);
				break;
			}
			pairmap_at(&C.priced, db_col_int(st, 0), 0, NULL);
		}
	}
	if (C.priced_loaded < 0)
		return 1;
	pairmap_at(&C.priced, sku_id, 0, &created);
	return !created;
}

/* The line's SKU: by code, else by the customer's part number. */
static enum res
line_sku(const struct order_line_in *l, int64_t customer_id, const char *customer,
	 const struct product_sale **s, struct why *w)
{
	int64_t id;

	if (l->sku && *l->sku)
		return sku_by_code(l->sku, s, w);
	if (!l->part_no || !*l->part_no)
		return res_fail(w, RES_BAD, "a line needs a sku or a part_no");
	if ((id = product_part_sku(customer_id, l->part_no)) < 0)
		return res_fail(w, RES_NOTFOUND, "unknown part_no '%s' of customer '%s'", l->part_no,
				customer);
	return sku_by_id(id, s, w);
}

/* The unit price: the agreed one given, else the lowest of the list price
 * and the customer's and their group's price lists at qty. */
static enum res
line_price(const struct order_line_in *l, const struct customer *c,
	   const struct product_sale *s, int64_t *price, struct why *w)
{
	int64_t p;

	if (l->has_price) {
		if (l->unit_price < 0)
			return res_fail(w, RES_BAD, "unit_price must not be negative");
		*price = l->unit_price;
		return RES_DONE;
	}
	*price = s->price;
	if (maybe_priced(s->id) && price_list_best(c->id, c->group, s->id, l->qty, &p) == RES_DONE &&
	    (*price < 0 || p < *price))
		*price = p;
	if (*price < 0)
		return res_fail(w, RES_REFUSED, "sku '%s' has no price for customer '%s'", s->sku,
				c->code);
	return RES_DONE;
}

/* Stock already planned for earlier lines of the same order. */
struct planned {
	int64_t sku_id, warehouse_id, qty;
};

static int64_t
planned_qty(const struct order_quote *q, int64_t sku_id, int64_t warehouse_id)
{
	int64_t n = 0;
	size_t i;

	for (i = 0; i < q->nlines; i++)
		if (q->lines[i].sku_id == sku_id && q->lines[i].warehouse_id == warehouse_id)
			n += q->lines[i].qty;
	return n;
}

static void
add_line(struct order_quote *q, size_t *cap, size_t in, int64_t sku_id, int64_t wh, int64_t qty,
	 int64_t price)
{
	struct order_quote_line *l;

	if (q->nlines == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		q->lines = xrealloc(q->lines, *cap * sizeof *q->lines);
	}
	l = &q->lines[q->nlines++];
	l->sku_id = sku_id;
	l->warehouse_id = wh;
	l->qty = qty;
	l->unit_price = price;
	l->discount = 0;
	l->in = in;
	l->pool = 0;
}

/* Activity stock: a channel that names an open pool of the SKU takes
 * from the pool first; what the pool cannot give is planned as usual.
 * Returns what is left to plan. */
static int64_t
plan_pool(struct order_quote *q, size_t *cap, size_t in, const char *channel, int64_t sku_id,
	  int64_t qty, int64_t price)
{
	int64_t wh, left, take;
	size_t i;

	if (!channel || !*channel || (left = stock_pool_left(channel, sku_id, &wh)) <= 0)
		return qty;
	for (i = 0; i < q->nlines; i++)
		if (q->lines[i].pool && q->lines[i].sku_id == sku_id)
			left -= q->lines[i].qty;
	if (left <= 0)
		return qty;
	take = left < qty ? left : qty;
	add_line(q, cap, in, sku_id, wh, take, price);
	q->lines[q->nlines - 1].pool = 1;
	return qty - take;
}

/*
 * SPEC "Splitting": the first warehouse by priority that can fill the
 * line; else the line split over the warehouses in priority order; a
 * backorder SKU that none can fill waits in the first warehouse. As stock
 * is now: the reservation itself is the atomic check.
 */
static enum res
plan_line(struct order_quote *q, size_t *cap, size_t in, int64_t sku_id, int64_t qty,
	  int64_t price, const struct product_sale *s, struct why *w)
{
	db_stmt *st = db_prep("SELECT w.id, COALESCE(s.on_hand - s.reserved - s.allocated, 0) "
			      "FROM warehouse w LEFT JOIN stock s ON s.warehouse_id = w.id "
			      "AND s.sku_id = ?1 ORDER BY w.priority, w.code");
	struct planned *wh = NULL;
	size_t n = 0, cap2 = 0, i;
	int64_t left = qty, total = 0;

	db_bind_int(st, 1, sku_id);
	while (db_step(st)) {
		if (n == cap2) {
			cap2 = cap2 ? 2 * cap2 : 8;
			wh = xrealloc(wh, cap2 * sizeof *wh);
		}
		wh[n].warehouse_id = db_col_int(st, 0);
		wh[n].qty = db_col_int(st, 1) - planned_qty(q, sku_id, wh[n].warehouse_id);
		if (wh[n].qty < 0)
			wh[n].qty = 0;
		total += wh[n].qty;
		n++;
	}
	if (!n) {
		free(wh);
		return res_fail(w, RES_REFUSED, "no warehouse to take sku '%s' from", s->sku);
	}
	for (i = 0; i < n; i++)
		if (wh[i].qty >= qty) {
			add_line(q, cap, in, sku_id, wh[i].warehouse_id, qty, price);
			free(wh);
			return RES_DONE;
		}
	if (total < qty) {
		int64_t first = wh[0].warehouse_id;

		free(wh);
		if (s->backorder) {
			add_line(q, cap, in, sku_id, first, qty, price);
			return RES_DONE;
		}
		return res_fail(w, RES_REFUSED, "not enough stock of sku '%s': %lld available, %lld needed",
				s->sku, (long long)total, (long long)qty);
	}
	for (i = 0; i < n && left > 0; i++) {
		int64_t take = wh[i].qty < left ? wh[i].qty : left;

		if (take > 0) {
			add_line(q, cap, in, sku_id, wh[i].warehouse_id, take, price);
			left -= take;
		}
	}
	free(wh);
	return RES_DONE;
}

/*
 * A line that names its warehouse takes it there, if it holds enough as
 * stock is now (or the SKU allows backorder): refused before anything is
 * written, so that a refused order uses up no order number (a sequence
 * on PostgreSQL is not rolled back).
 */
static enum res
plan_at(struct order_quote *q, size_t *cap, size_t in, int64_t sku_id, int64_t wh_id,
	const char *wh, int64_t qty, int64_t price, const struct product_sale *s, struct why *w)
{
	db_stmt *st = db_prep("SELECT on_hand - reserved - allocated FROM stock "
			      "WHERE sku_id = ?1 AND warehouse_id = ?2");
	int64_t avail;

	db_bind_int(st, 1, sku_id);
	db_bind_int(st, 2, wh_id);
	avail = db_int(st, 0) - planned_qty(q, sku_id, wh_id);
	if (avail < 0)
		avail = 0;
	if (avail < qty && !s->backorder)
		return res_fail(w, RES_REFUSED, "not enough stock of sku '%s' in warehouse '%s': "
				"%lld available, %lld needed", s->sku, wh, (long long)avail,
				(long long)qty);
	add_line(q, cap, in, sku_id, wh_id, qty, price);
	return RES_DONE;
}

/* What the customer owes and has waiting for approval. */
static int64_t
exposure(const struct customer *c)
{
	char acct[256];
	db_stmt *st = db_prep("SELECT COALESCE(SUM(total), 0) FROM orders "
			      "WHERE customer_id = ?1 AND status = 'pending_approval'");

	db_bind_int(st, 1, c->id);
	int64_t owed = ledger_balance_locked(ledger_receivable(c->code, acct, sizeof acct));

	return owed + db_int(st, 0);
}

static enum res
price_lines(const struct order_in *in, const struct customer *c, int64_t now,
	    struct order_quote *q, size_t *bad, struct why *w)
{
	size_t i, cap = 0;
	enum res rc;

	for (i = 0; i < in->nlines; i++) {
		const struct order_line_in *l = &in->lines[i];
		const struct product_sale *s = NULL;
		int64_t price = 0, wh_id, left;

		if (bad)
			*bad = i;
		if ((rc = line_sku(l, c->id, c->code, &s, w)) || (rc = product_sale_check(s, now, w)))
			return rc;
		if (l->qty <= 0)
			return res_fail(w, RES_BAD, "qty must be positive (sku '%s')", s->sku);
		if (l->qty > STOCK_QTY_MAX)
			return res_fail(w, RES_BAD, "qty %lld is out of range (1 to %d)",
					(long long)l->qty, STOCK_QTY_MAX);
		if ((rc = line_price(l, c, s, &price, w)))
			return rc;
		if (price > 0 && l->qty > INT64_MAX / price)
			return res_fail(w, RES_BAD, "line of sku '%s' is out of range", s->sku);
		if (l->warehouse && *l->warehouse) {
			if ((wh_id = stock_warehouse_id(l->warehouse)) < 0)
				return res_fail(w, RES_NOTFOUND, "unknown warehouse '%s'",
						l->warehouse);
			if ((rc = plan_at(q, &cap, i, s->id, wh_id, l->warehouse, l->qty, price, s,
					  w)))
				return rc;
		} else if ((left = plan_pool(q, &cap, i, in->channel, s->id, l->qty, price)) > 0 &&
			   (rc = plan_line(q, &cap, i, s->id, left, price, s, w))) {
			return rc;
		}
		q->goods_total += l->qty * price;
	}
	return RES_DONE;
}

/* SPEC "Freight templates": by the weight (or count) of the order's
 * units, to its ship_region, else the customer's region; none once the
 * goods after discounts reach the region's free_over. */
static enum res
order_freight(const struct order_in *in, const struct customer *c, struct order_quote *q,
	      struct why *w)
{
	const char *region = in->ship_region && *in->ship_region ? in->ship_region : c->region;
	int64_t *weight, *qty, units;
	const struct product_sale *s;
	enum res rc = RES_DONE;
	size_t i;

	q->freight = 0;
	if (!freight_configured())
		return RES_DONE;
	weight = xcalloc(q->nlines, sizeof *weight);
	qty = xcalloc(q->nlines, sizeof *qty);
	for (i = 0; i < q->nlines && !rc; i++) {
		if (!(rc = sku_by_id(q->lines[i].sku_id, &s, w)))
			weight[i] = s->weight_g;
		qty[i] = q->lines[i].qty;
	}
	if (!rc && !(rc = freight_units(q->nlines, weight, qty, &units, w)))
		rc = freight_fee(region, units, q->goods_total - q->discount, &q->freight, w);
	free(weight);
	free(qty);
	return rc;
}

enum res
order_price(const struct order_in *in, struct order_quote *q, size_t *bad, struct why *w)
{
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ], d[MONEY_BUFSZ];
	int64_t now = in->created_at ? in->created_at : shop_now();
	const struct customer *cp;
	enum res rc;

	memset(q, 0, sizeof *q);
	if (bad)
		*bad = 0;
	if (!in->nlines)
		return res_fail(w, RES_BAD, "an order needs at least one line");
	if ((rc = customer_cached(in->customer, &cp, w)))
		return rc;
	q->customer_id = cp->id;
	if (in->coupon && *in->coupon) {
		rc = res_fail(w, RES_NOTFOUND, "unknown coupon '%s'", in->coupon);
		goto out;
	}
	if ((rc = price_lines(in, cp, now, q, bad, w)))
		goto out;
	if (bad)
		*bad = 0;
	q->discount = 0;
	if ((rc = order_freight(in, cp, q, w)))
		goto out;
	q->total = q->goods_total - q->discount + q->freight;
	if (cp->terms == TERMS_CREDIT && cp->has_credit_limit) {
		int64_t e = exposure(cp);

		if (e + q->total > cp->credit_limit) {
			rc = res_fail(w, RES_REFUSED,
				      "order total %s would take customer '%s' to %s owed and awaiting "
				      "approval, over the credit limit %s",
				      money(q->total, a), cp->code, money(e + q->total, b),
				      money(cp->credit_limit, d));
			goto out;
		}
	}
	if (cp->has_approval_limit && q->total > cp->approval_limit)
		q->status = ORDER_PENDING_APPROVAL;
	else if (cp->terms == TERMS_CREDIT || q->total == 0)
		q->status = ORDER_CONFIRMED;
	else
		q->status = ORDER_PENDING_PAYMENT;
out:
	if (rc)
		order_quote_release(q);
	return rc;
}

/* ---- writing it ---- */

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

/* "order placed": receivable:C +total, discounts +shop-funded,
 * receivable:platform +platform-funded, sales -goods, freight -freight. */
static void
post_placed(int64_t id, const char *customer, const struct order_quote *q, int64_t at,
	    int reverse)
{
	char acct[256], doc[64];
	int64_t sign = reverse ? -1 : 1;
	struct posting p[] = {
		{ ledger_receivable(customer, acct, sizeof acct), sign * q->total },
		{ "discounts", sign * q->discount },
		{ "sales", -sign * q->goods_total },
		{ "freight", -sign * q->freight },
	};

	snprintf(doc, sizeof doc, "order " ORDER_PREFIX "%lld", (long long)id);
	ledger_post_at(at, doc, reverse ? "cancelled" : "placed", p, sizeof p / sizeof *p);
}

/* A refused reservation names its ref ("reservation 'SO-7/1': not enough
 * stock ..."): the order it would have been is not placed, so the reason
 * goes without it. */
static void
drop_ref(struct why *w, const char *ref)
{
	char head[96];
	size_t n;

	n = (size_t)snprintf(head, sizeof head, "reservation '%s': ", ref);
	if (n < sizeof head && !strncmp(w->msg, head, n))
		memmove(w->msg, w->msg + n, strlen(w->msg + n) + 1);
}

/* The customer's order with this ref, or -1. */
static int64_t
order_by_ref(int64_t customer_id, const char *ref)
{
	db_stmt *st = db_prep("SELECT id FROM orders WHERE customer_id = ?1 AND order_ref = ?2");
	int64_t id = -1;

	db_bind_int(st, 1, customer_id);
	db_bind_text(st, 2, ref);
	if (db_step(st))
		id = db_col_int(st, 0);
	db_reset(st);
	return id;
}

enum res
order_place(const struct order_in *in, int64_t *id, size_t *bad, struct why *w)
{
	char at[TIME_BUFSZ], ref[64];
	const char *ref_code = in->order_ref ? in->order_ref : "";
	struct stock_line *sl;
	struct order_quote q;
	db_stmt *st;
	enum res rc;
	size_t i, badline, npool;
	int64_t cid;

	if (*ref_code) {
		const char *why;

		if (check_code_text(ref_code, &why) < 0)
			return res_fail(w, RES_BAD, "bad order_ref '%s': %s", ref_code, why);
		/* a re-sent order: known before anything is priced */
		if ((cid = customer_id(in->customer)) >= 0 && (*id = order_by_ref(cid, ref_code)) > 0)
			return res_fail(w, RES_SKIPPED, "order '%s' of customer '%s' is already "
					"there (" ORDER_PREFIX "%lld); skipped",
					ref_code, in->customer, (long long)*id);
	}
	if ((rc = order_price(in, &q, bad, w)))
		return rc;
	format_time(in->created_at ? in->created_at : shop_now(), at);
	st = db_prep("INSERT INTO orders (customer_id, order_ref, channel, status, currency, "
		     "goods_total, discount_shop, discount_platform, freight, total, coupon, "
		     "ship_name, ship_phone, ship_address, ship_region, note, posted, created_at, "
		     "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?9, ?10, ?11, ?12, ?13, "
		     "?14, ?15, ?16, ?17, ?18) RETURNING id");
	db_bind_int(st, 1, q.customer_id);
	db_bind_text(st, 2, ref_code);
	db_bind_text(st, 3, in->channel ? in->channel : "");
	db_bind_static(st, 4, order_status_words[q.status]);
	db_bind_static(st, 5, S.currency);
	db_bind_int(st, 6, q.goods_total);
	db_bind_int(st, 7, q.discount);
	db_bind_int(st, 8, q.freight);
	db_bind_int(st, 9, q.total);
	db_bind_text(st, 10, in->coupon ? in->coupon : "");
	db_bind_text(st, 11, in->ship_name ? in->ship_name : "");
	db_bind_text(st, 12, in->ship_phone ? in->ship_phone : "");
	db_bind_text(st, 13, in->ship_address ? in->ship_address : "");
	db_bind_text(st, 14, in->ship_region ? in->ship_region : "");
	db_bind_text(st, 15, in->note ? in->note : "");
	db_bind_int(st, 16, q.status != ORDER_PENDING_APPROVAL);
	db_bind_static(st, 17, at);
	db_bind_static(st, 18, shop_now_text());
	*id = db_int(st, -1);

	st = db_prep("INSERT INTO order_line (order_id, line, sku_id, qty, unit_price, discount, "
		     "warehouse_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	sl = xcalloc(q.nlines, sizeof *sl);
	rc = RES_DONE;
	badline = 0;
	for (i = 0, npool = 0; i < q.nlines; i++) {
		const struct order_quote_line *l = &q.lines[i];

		db_bind_int(st, 1, *id);
		db_bind_int(st, 2, (int64_t)i + 1);
		db_bind_int(st, 3, l->sku_id);
		db_bind_int(st, 4, l->qty);
		db_bind_int(st, 5, l->unit_price);
		db_bind_int(st, 6, l->discount);
		db_bind_int(st, 7, l->warehouse_id);
		db_run(st);
		snprintf(ref, sizeof ref, ORDER_PREFIX "%lld/%zu", (long long)*id, i + 1);
		if (l->pool) {
			/* the pool's units are the order's: a draw, not a reservation
			 * out of what is available */
			if (!rc && (rc = stock_pool_draw(in->channel, ref, l->qty, w)))
				badline = i;
			npool++;
			continue;
		}
		sl[i - npool].ref = xstrdup(ref);
		sl[i - npool].sku_id = l->sku_id;
		sl[i - npool].warehouse_id = l->warehouse_id;
		sl[i - npool].qty = l->qty;
	}
	if (!rc && q.nlines > npool) {
		rc = stock_reserve_many(sl, q.nlines - npool, &badline, w);
		/* badline counts the reserved lines: find the order's line */
		for (i = 0, npool = 0; i < q.nlines; i++) {
			if (q.lines[i].pool) {
				npool++;
				continue;
			}
			if (i - npool == badline) {
				badline = i;
				break;
			}
		}
	}
	if (rc == RES_SKIPPED)
		rc = RES_DONE; /* the refs are the new order's own: cannot be */
	else if (RES_FAILED(rc) && badline < q.nlines) {
		snprintf(ref, sizeof ref, ORDER_PREFIX "%lld/%zu", (long long)*id, badline + 1);
		drop_ref(w, ref);
	}
	for (i = 0; i < q.nlines; i++)
		free((char *)sl[i].ref);
	free(sl);
	/* a failed draw or reservation leaves the caller's savepoint (or the
	 * command's transaction) to take the order back */
	if (rc == RES_DONE) {
		event(*id, order_status_words[q.status], at, NULL);
		if (q.status != ORDER_PENDING_APPROVAL)
			post_placed(*id, in->customer, &q,
				    in->created_at ? in->created_at : shop_now(), 0);
	} else if (bad) {
		*bad = q.lines[badline < q.nlines ? badline : 0].in;
	}
	order_quote_release(&q);
	return rc;
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
	char *c1, *c2;
	const char *why, *price_why = NULL;

	memset(l, 0, sizeof *l);
	strcpy(buf, spec);
	/* from the right: a sku may hold a colon, a qty or a price cannot */
	if (!(c2 = strrchr(buf, ':')))
		return res_fail(w, RES_BAD, "bad line '%s': give SKU:QTY or SKU:QTY:PRICE", spec);
	*c2 = '\0';
	c1 = strrchr(buf, ':');
	if (c1 && parse_int(c1 + 1, 1, INT64_MAX, &l->qty, &why) == 0 &&
	    money_parse(c2 + 1, S.digits, &l->unit_price, &price_why) == 0) {
		*c1 = '\0';
		l->has_price = 1;
	} else if (parse_int(c2 + 1, INT64_MIN, INT64_MAX, &l->qty, &why) < 0) {
		/* SKU:QTY:PRICE with a bad price: say so, not that the price is
		 * a bad qty of a sku "SKU:QTY" */
		if (price_why)
			return res_fail(w, RES_BAD, "bad line '%s': price '%s': %s", spec, c2 + 1,
					price_why);
		return res_fail(w, RES_BAD, "bad line '%s': qty '%s': %s", spec, c2 + 1, why);
	}
	if (!*buf)
		return res_fail(w, RES_BAD, "bad line '%s': no sku", spec);
	l->sku = buf;
	return RES_DONE;
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
	size_t n = 0, cap = 0, qcap = 0, i, bad;
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
	memset(&q, 0, sizeof q);
	for (i = 0; i < n && !rc; i++) {
		const struct product_sale *s;

		if (!(rc = sku_by_id(old[i].sku_id, &s, w)))
			rc = plan_line(&q, &qcap, i, old[i].sku_id, old[i].left, old[i].unit_price, s, w);
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
