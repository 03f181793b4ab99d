/* orderplace.c - placing orders, a batch at a time (see order.h): create
 * places a batch of one, the import a thousand orders per batch, by the
 * same rules and the same code.
 *
 * A batch is kept as given (order_batch_add), then flushed in four steps.
 * Checking reads the batch's SKUs and customers that the caches do not
 * hold in one query each, then checks and prices every order in C (all
 * that does not change while the command runs). The re-send check finds
 * the batch's orders already there, in one query. Planning reads the
 * stock rows of every SKU of the batch not read before, locked in key
 * order, and the credit balances of its customers with a limit, and plans
 * each order in turn in memory against what the orders before it took:
 * warehouses, pools, credit and approval exactly as one order at a time
 * would see them. Writing puts every placed order in set-based (COPY on
 * PostgreSQL): orders under ids taken beforehand, lines, reservations,
 * history, journal entries. The stock rows stay locked from their first
 * read to the commit (SQLite's write transaction holds the whole
 * database), so nothing can be taken twice, and what the batches take is
 * written once, by order_batch_finish. A batch that meets an order
 * another process wrote in the meantime is rolled back and planned again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brand.h"
#include "category.h"
#include "coupon.h"
#include "customer.h"
#include "db.h"
#include "err.h"
#include "freight.h"
#include "ledger.h"
#include "money.h"
#include "order.h"
#include "parse.h"
#include "pricelist.h"
#include "product.h"
#include "promo.h"
#include "session.h"
#include "stock.h"
#include "strmap.h"
#include "util.h"

static const char *
money(int64_t v, char *buf)
{
	return money_format(v, S.digits, buf);
}

/*
 * What placing orders keeps between the orders of one command: an import
 * of a million lines names the same SKUs and customers again and again.
 * Nothing here changes while the command runs (it writes no SKU and no
 * customer); the maps are bounded, emptied (between batches) when full.
 */
#define CACHE_MAX 200000

/* What ordering keeps of a SKU: a few dozen bytes, for every SKU a big
 * import names (the full product_sale is read again for a refusal's
 * wording only). */
struct sale {
	int64_t id, price, weight_g, from, until, brand_id, category_id;
	unsigned char active, has_from, has_until, backorder;
};

static struct {
	struct strmap skus;          /* sku code -> index + 1 in sale */
	struct sale *sale;
	size_t nsale, salecap;
	struct strmap custs;         /* customer code -> index + 1 in cust */
	struct customer *cust;
	size_t ncust, custcap;
	struct pairmap priced;       /* (sku id, 0): has price-list entries */
	int priced_loaded;           /* 1 loaded, -1 too many to keep */
	int64_t *whs;                /* warehouse ids by priority */
	size_t nwh;
	int whs_loaded;
	struct strmap whcodes;       /* warehouse code -> id */
	struct coupon_terms *tpls;   /* coupon templates, by id */
	size_t ntpl;
	int tpls_loaded;
	struct pairmap names;        /* (1 category | 2 brand, id) -> offset + 1 in arena */
	struct sbuf arena;
	int names_loaded;
	struct promo_set *promos;    /* every promotion, read once */
} C = { STRMAP_INIT(0), NULL, 0, 0, STRMAP_INIT(0), NULL, 0, 0, PAIRMAP_INIT, 0, NULL, 0, 0,
	STRMAP_INIT(0), NULL, 0, 0, PAIRMAP_INIT, SBUF_INIT, 0, NULL };

static void
cache_trim(int all)
{
	size_t i;

	if (all || C.nsale >= CACHE_MAX) {
		strmap_release(&C.skus);
		C.nsale = 0;
	}
	if (all || C.ncust >= CACHE_MAX / 10) {
		for (i = 0; i < C.ncust; i++)
			customer_release(&C.cust[i]);
		strmap_release(&C.custs);
		C.ncust = 0;
	}
}

void
order_cache_release(void)
{
	cache_trim(1);
	free(C.sale);
	free(C.cust);
	free(C.whs);
	strmap_release(&C.whcodes);
	pairmap_release(&C.priced);
	coupon_terms_free(C.tpls, C.ntpl);
	promo_set_free(C.promos);
	pairmap_release(&C.names);
	sbuf_release(&C.arena);
	memset(&C, 0, sizeof C);
}

/* Index + 1 of a new slot in a cache array that doubles as it fills. */
static size_t
slot(void **v, size_t *n, size_t *cap, size_t size)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		*v = xrealloc(*v, *cap * size);
	}
	return ++*n;
}

/* Keep what ordering needs of a SKU read whole. */
static void
sale_cache(const struct product_sale *s)
{
	struct sale *c;

	slot((void **)&C.sale, &C.nsale, &C.salecap, sizeof *C.sale);
	c = &C.sale[C.nsale - 1];
	c->id = s->id;
	c->price = s->price;
	c->weight_g = s->weight_g;
	c->from = s->from;
	c->until = s->until;
	c->active = (unsigned char)s->active;
	c->has_from = (unsigned char)s->has_from;
	c->has_until = (unsigned char)s->has_until;
	c->backorder = (unsigned char)s->backorder;
	c->brand_id = s->brand_id;
	c->category_id = s->category_id;
	strmap_at(&C.skus, s->sku)->val = (int64_t)C.nsale;
}

/* The SKU named by code: its id and what ordering needs of it. The
 * pointer is good until the next look-up. */
static enum res
sku_by_code(const char *code, const struct sale **out, struct why *w)
{
	struct strmap_ent *e = strmap_get(&C.skus, code);
	struct product_sale s;
	enum res rc;
	int64_t id;

	if (!e || !e->val) {
		if ((rc = product_find(code, &id, w)) || (rc = product_sale_load(id, &s, w)))
			return rc;
		sale_cache(&s);
		e = strmap_get(&C.skus, code);
	}
	*out = &C.sale[e->val - 1];
	return RES_DONE;
}

/* Can the SKU be ordered at now (active, inside its on-sale window)? A
 * refusal is worded by product_on_sale, from the SKU read whole. */
static enum res
sale_check(const struct sale *s, int64_t now, struct why *w)
{
	if (s->active && (!s->has_from || now >= s->from) && (!s->has_until || now < s->until))
		return RES_DONE;
	return product_on_sale(s->id, now, w);
}

/* Keep a customer read whole (the cache owns it now). */
static void
customer_cache(struct customer *c)
{
	slot((void **)&C.cust, &C.ncust, &C.custcap, sizeof *C.cust);
	C.cust[C.ncust - 1] = *c;
	strmap_at(&C.custs, c->code)->val = (int64_t)C.ncust;
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
		customer_cache(&c);
		e = strmap_get(&C.custs, code);
	}
	*out = &C.cust[e->val - 1];
	return RES_DONE;
}

/* May a price list apply to this SKU at all? The SKUs that have entries,
 * read once, so that the common line asks nothing. */
static int
maybe_priced(int64_t sku_id)
{
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
	return C.priced_loaded < 0 || pairmap_get(&C.priced, sku_id, 0) != NULL;
}

/* The warehouses in the order SPEC "Splitting" tries them. */
static void
warehouses(void)
{
	db_stmt *st;
	size_t cap = 0;

	if (C.whs_loaded)
		return;
	st = db_prep("SELECT id, code FROM warehouse ORDER BY priority, code");
	while (db_step(st)) {
		slot((void **)&C.whs, &C.nwh, &cap, sizeof *C.whs);
		C.whs[C.nwh - 1] = db_col_int(st, 0);
		strmap_at(&C.whcodes, db_col_text(st, 1))->val = db_col_int(st, 0);
	}
	C.whs_loaded = 1;
}

/* A warehouse's id by code, or -1 (read with the others, once). */
static int64_t
warehouse_by_code(const char *code)
{
	const struct strmap_ent *e;

	warehouses();
	e = strmap_get(&C.whcodes, code);
	return e && e->val ? e->val : -1;
}

/* The coupon templates, read once. */
static const struct coupon_terms *
coupon_tpl(const char *code, int64_t id)
{
	size_t i;

	if (!C.tpls_loaded) {
		C.ntpl = coupon_terms_load(&C.tpls);
		C.tpls_loaded = 1;
	}
	for (i = 0; i < C.ntpl; i++)
		if (code ? !strcmp(C.tpls[i].code, code) : C.tpls[i].id == id)
			return &C.tpls[i];
	return NULL;
}

static void
name_put(int64_t kind, int64_t id, const char *name)
{
	pairmap_at(&C.names, kind, id, NULL)->val = (int64_t)C.arena.len + 1;
	sbuf_add(&C.arena, name, strlen(name) + 1);
}

static void
category_put(int64_t id, const char *path, void *arg)
{
	(void)arg;
	name_put(1, id, path);
}

static void
brand_put(int64_t id, const char *name, void *arg)
{
	(void)arg;
	name_put(2, id, name);
}

/* A category's path (kind 1) or a brand's name (kind 2), "" for none:
 * read once, for the scopes of coupons and promotions. */
static const char *
name_of(int kind, int64_t id)
{
	const struct pairmap_ent *e;

	if (!C.names_loaded) {
		category_each(category_put, NULL);
		brand_each(brand_put, NULL);
		C.names_loaded = 1;
	}
	e = id ? pairmap_get(&C.names, kind, id) : NULL;
	return e ? C.arena.s + e->val - 1 : "";
}

/* ---- the batch ---- */

/* A line as checked: what planning needs of it. */
struct pl_line {
	int64_t sku_id, qty, price;
	int64_t wh_id;          /* the line's warehouse; 0: chosen by priority */
	int64_t weight_g;
	int backorder;
	size_t sku, wh;         /* offsets in text: its sku code, its warehouse code */
	int64_t brand_id, category_id;
	int64_t promo;          /* its share of the promotions' discounts */
	int64_t discount;       /* and of the coupon's too (while planning) */
	size_t gift;            /* a gift: offset + 1 of its promotion's code in text */
};

/* A promotion that took something off an order (its receipt row). */
struct pl_hit {
	size_t code;            /* offset in text */
	int64_t amount;
};

/* An order of the batch. Text fields are offsets in the batch's text. */
struct pl_order {
	size_t rfirst, rn;      /* the lines as given: b->in[rfirst .. rfirst + rn) */
	size_t ref, customer, channel, coupon, note;    /* offsets in raw */
	size_t ship_name, ship_phone, ship_address, ship_region, region;
	int64_t created_at;     /* 0: now */
	int64_t cust_id;
	int credit, has_credit_limit, has_approval_limit;
	int64_t credit_limit, approval_limit;
	size_t first, n;        /* its lines: b->lines[first .. first + n) (gifts last) */
	size_t hfirst, nh;      /* its promotions: b->hits[hfirst .. hfirst + nh) */
	enum res rc;            /* RES_PENDING until planned; a failure found on checking */
	size_t why;             /* offset of the reason, when rc is not RES_PENDING/DONE */
	size_t bad;             /* the input line the failure is about */
	int64_t id;             /* its id once placed, or the existing order's */
	struct order_quote q;   /* its plan */
};

/* A line as given. */
struct raw_line {
	size_t sku, part_no, warehouse;   /* offsets in raw */
	int64_t qty, unit_price;
	int has_price;
};

struct order_batch {
	struct sbuf raw, text;
	struct raw_line *in;
	size_t nin, incap;
	struct pl_order *o;
	size_t n, cap;
	struct pl_line *lines;
	size_t nlines, linecap;
	struct pl_hit *hits;
	size_t nhits, hitcap;
	int lock;               /* plan for writing: rows locked (0: a quote) */
	/* what planning has taken so far */
	struct pairmap avail;   /* (sku, warehouse) -> val available, aux taken */
	struct pairmap skus;    /* (sku, 0): avail loaded */
	struct strmap pools;    /* "channel\x1fsku id" -> val left, aux warehouse */
	struct pairmap owed;    /* (customer, 0) -> exposure */
	struct coupon_held *held;  /* the batch's customers' issued coupons, by customer */
	unsigned char *held_taken; /* used by an order planned before */
	size_t nheld, heldcap;
	struct pairmap held_by;    /* (customer, 0) -> first index + 1, aux how many */
	struct ledger_queue lq;
};

static size_t
arena_add(struct sbuf *a, const char *s)
{
	size_t at = a->len;

	s = s ? s : "";
	sbuf_add(a, s, strlen(s) + 1);
	return at;
}

#define text_add(b, s) arena_add(&(b)->text, (s))
#define raw_add(b, s) arena_add(&(b)->raw, (s))

/* The batch keeps two kinds of text: the orders as given (raw, written
 * only when an order is kept) and what checking and planning derive
 * (text: codes, regions, reasons). Nothing is added to an arena while a
 * pointer into it is held. */
#define R(b, off) ((b)->raw.s + (off))
#define T(b, off) ((b)->text.s + (off))

struct order_batch *
order_batch_new(int lock)
{
	struct order_batch *b = xcalloc(1, sizeof *b);

	b->lock = lock;
	b->pools = (struct strmap)STRMAP_INIT(0);
	return b;
}

static void
batch_reset(struct order_batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		order_quote_release(&b->o[i].q);
	b->n = b->nlines = b->nin = b->nhits = 0;
	sbuf_reset(&b->text);
	sbuf_reset(&b->raw);
	pairmap_release(&b->owed);
	pairmap_release(&b->held_by);
	b->nheld = 0;
	cache_trim(0);
}

void
order_batch_free(struct order_batch *b)
{
	if (!b)
		return;
	batch_reset(b);
	pairmap_release(&b->avail);
	pairmap_release(&b->skus);
	strmap_release(&b->pools);
	free(b->o);
	free(b->lines);
	free(b->hits);
	free(b->in);
	free(b->held);
	free(b->held_taken);
	sbuf_release(&b->text);
	sbuf_release(&b->raw);
	ledger_queue_release(&b->lq);
	free(b);
}

/* The line's SKU: by code, else by the customer's part number. */
static enum res
line_sku(const struct order_line_in *l, int64_t customer_id, const char *customer,
	 const struct sale **s, const char **code, struct why *w)
{
	static struct product_sale part;
	enum res rc;
	int64_t id;

	if (l->sku && *l->sku) {
		*code = l->sku;
		return sku_by_code(l->sku, s, w);
	}
	if (!l->part_no || !*l->part_no)
		return res_fail(w, RES_BAD, "a line needs a sku or a part_no");
	if ((id = product_part_sku(customer_id, l->part_no)) < 0)
		return res_fail(w, RES_NOTFOUND, "unknown part_no '%s' of customer '%s'", l->part_no,
				customer);
	if ((rc = product_sale_load(id, &part, w)))
		return rc;
	*code = part.sku;
	return sku_by_code(part.sku, s, w);
}

/* The unit price: the agreed one given, else the lowest of the list price
 * and the customer's and their group's price lists at qty. */
static enum res
line_price(const struct order_line_in *l, const struct customer *c, const struct sale *s,
	   const char *code, int64_t *price, struct why *w)
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
		return res_fail(w, RES_REFUSED, "sku '%s' has no price for customer '%s'", code,
				c->code);
	return RES_DONE;
}

enum res
order_unit_price(const char *customer, const char *sku, int64_t qty, int64_t *sku_id,
		 int64_t *price, struct why *w)
{
	const struct customer *c;
	const struct sale *s;
	struct order_line_in l;
	enum res rc;

	memset(&l, 0, sizeof l);
	l.sku = sku;
	l.qty = qty;
	if ((rc = customer_cached(customer, &c, w)) || (rc = sku_by_code(sku, &s, w)) ||
	    (rc = sale_check(s, shop_now(), w)))
		return rc;
	*sku_id = s->id;
	return line_price(&l, c, s, sku, price, w);
}

/*
 * SPEC "Checkout": the promotions live when the order is placed, for its
 * channel and the customer's level, each line's share of them in its
 * promo, their receipt rows kept (o->hfirst..), and the gifts they give
 * as lines of price 0 after the order's own (planned like the others,
 * but left out with a warning when their stock is short).
 */
static enum res
apply_promotions(struct order_batch *b, struct pl_order *o, const char *channel,
		 const char *level, int64_t at, struct why *w)
{
	struct cart_line *cl;
	struct promo_hit *hits = NULL;
	struct gift *gifts = NULL;
	size_t nh = 0, ng = 0, i;
	enum res rc;

	if (!C.promos)
		C.promos = promo_load();
	o->hfirst = b->nhits;
	o->nh = 0;
	if (!promo_set_size(C.promos))
		return RES_DONE;
	cl = xcalloc(o->n ? o->n : 1, sizeof *cl);
	for (i = 0; i < o->n; i++) {
		const struct pl_line *l = &b->lines[o->first + i];

		cl[i].sku_id = l->sku_id;
		cl[i].sku = T(b, l->sku);
		cl[i].category = name_of(1, l->category_id);
		cl[i].brand = name_of(2, l->brand_id);
		cl[i].qty = l->qty;
		cl[i].unit_price = l->price;
	}
	rc = promo_apply(C.promos, at, channel, level, cl, o->n, &hits, &nh, &gifts, &ng, w);
	for (i = 0; !rc && i < o->n; i++)
		b->lines[o->first + i].promo = cl[i].discount;
	free(cl);
	for (i = 0; !rc && i < nh; i++) {
		if (b->nhits == b->hitcap) {
			b->hitcap = b->hitcap ? 2 * b->hitcap : 64;
			b->hits = xrealloc(b->hits, b->hitcap * sizeof *b->hits);
		}
		b->hits[b->nhits].code = text_add(b, hits[i].code);
		b->hits[b->nhits++].amount = hits[i].amount;
		o->nh++;
	}
	for (i = 0; !rc && i < ng; i++) {
		const struct sale *s;
		struct pl_line *pl;
		struct why ignore;

		if (sku_by_code(gifts[i].sku, &s, &ignore))
			continue; /* a gift whose SKU went: nothing to give */
		if (b->nlines == b->linecap) {
			b->linecap = b->linecap ? 2 * b->linecap : 64;
			b->lines = xrealloc(b->lines, b->linecap * sizeof *b->lines);
		}
		pl = &b->lines[b->nlines++];
		memset(pl, 0, sizeof *pl);
		pl->sku_id = s->id;
		pl->qty = gifts[i].qty;
		pl->weight_g = s->weight_g;
		pl->backorder = s->backorder;
		pl->sku = text_add(b, gifts[i].sku);
		pl->wh = text_add(b, "");
		pl->brand_id = s->brand_id;
		pl->category_id = s->category_id;
		pl->gift = text_add(b, gifts[i].code) + 1;
		o->n++;
	}
	free(hits);
	free(gifts);
	return rc;
}

/* Check an order's customer and lines (all that does not depend on stock
 * or credit) into o and its lines. */
static enum res
check_order(struct order_batch *b, const struct order_in *in, struct pl_order *o, size_t *bad,
	    struct why *w)
{
	int64_t now = in->created_at ? in->created_at : shop_now();
	const struct customer *c;
	const char *why;
	enum res rc;
	size_t i;

	*bad = 0;
	if (in->order_ref && *in->order_ref && check_code_text(in->order_ref, &why) < 0)
		return res_fail(w, RES_BAD, "bad order_ref '%s': %s", in->order_ref, why);
	if (!in->nlines)
		return res_fail(w, RES_BAD, "an order needs at least one line");
	if ((rc = customer_cached(in->customer, &c, w)))
		return rc;
	o->cust_id = c->id;
	o->credit = c->terms == TERMS_CREDIT;
	o->has_credit_limit = c->terms == TERMS_CREDIT && c->has_credit_limit;
	o->credit_limit = c->credit_limit;
	o->has_approval_limit = c->has_approval_limit;
	o->approval_limit = c->approval_limit;
	o->region = text_add(b, in->ship_region && *in->ship_region ? in->ship_region : c->region);
	if (in->coupon && *in->coupon && strcmp(in->coupon, "best") != 0 &&
	    !coupon_tpl(in->coupon, 0))
		return res_fail(w, RES_NOTFOUND, "unknown coupon '%s'", in->coupon);
	for (i = 0; i < in->nlines; i++) {
		const struct order_line_in *l = &in->lines[i];
		const struct sale *s = NULL;
		const char *code = NULL;
		struct pl_line *pl;
		int64_t price = 0, wh_id = 0;

		*bad = i;
		if ((rc = line_sku(l, c->id, c->code, &s, &code, w)) || (rc = sale_check(s, now, w)))
			return rc;
		if (l->qty <= 0)
			return res_fail(w, RES_BAD, "qty must be positive (sku '%s')", code);
		if (l->qty > STOCK_QTY_MAX)
			return res_fail(w, RES_BAD, "qty %lld is out of range (1 to %d)",
					(long long)l->qty, STOCK_QTY_MAX);
		if ((rc = line_price(l, c, s, code, &price, w)))
			return rc;
		if (price > 0 && l->qty > INT64_MAX / price)
			return res_fail(w, RES_BAD, "line of sku '%s' is out of range", code);
		if (l->warehouse && *l->warehouse && (wh_id = warehouse_by_code(l->warehouse)) < 0)
			return res_fail(w, RES_NOTFOUND, "unknown warehouse '%s'", l->warehouse);
		if (b->nlines == b->linecap) {
			b->linecap = b->linecap ? 2 * b->linecap : 64;
			b->lines = xrealloc(b->lines, b->linecap * sizeof *b->lines);
		}
		pl = &b->lines[b->nlines++];
		pl->sku_id = s->id;
		pl->qty = l->qty;
		pl->price = price;
		pl->wh_id = wh_id;
		pl->weight_g = s->weight_g;
		pl->backorder = s->backorder;
		pl->sku = text_add(b, code);
		pl->wh = text_add(b, l->warehouse);
		pl->brand_id = s->brand_id;
		pl->category_id = s->category_id;
		pl->promo = pl->discount = 0;
		pl->gift = 0;
		o->n++;
	}
	*bad = 0;
	return apply_promotions(b, o, in->channel, c->level, now, w);
}

/* Keep an order as given: its text in raw, its lines in b->in. */
static struct pl_order *
keep(struct order_batch *b, const struct order_in *in)
{
	struct pl_order *o;
	size_t i;

	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 64;
		b->o = xrealloc(b->o, b->cap * sizeof *b->o);
	}
	o = &b->o[b->n++];
	memset(o, 0, sizeof *o);
	o->rc = RES_PENDING;
	o->ref = raw_add(b, in->order_ref);
	o->customer = raw_add(b, in->customer);
	o->channel = raw_add(b, in->channel);
	o->coupon = raw_add(b, in->coupon);
	o->note = raw_add(b, in->note);
	o->ship_name = raw_add(b, in->ship_name);
	o->ship_phone = raw_add(b, in->ship_phone);
	o->ship_address = raw_add(b, in->ship_address);
	o->ship_region = raw_add(b, in->ship_region);
	o->created_at = in->created_at;
	o->rfirst = b->nin;
	o->rn = in->nlines;
	for (i = 0; i < in->nlines; i++) {
		const struct order_line_in *l = &in->lines[i];
		struct raw_line *r;

		if (b->nin == b->incap) {
			b->incap = b->incap ? 2 * b->incap : 256;
			b->in = xrealloc(b->in, b->incap * sizeof *b->in);
		}
		r = &b->in[b->nin++];
		r->sku = raw_add(b, l->sku);
		r->part_no = raw_add(b, l->part_no);
		r->warehouse = raw_add(b, l->warehouse);
		r->qty = l->qty;
		r->unit_price = l->unit_price;
		r->has_price = l->has_price;
	}
	return o;
}

void
order_batch_add(struct order_batch *b, const struct order_in *in)
{
	keep(b, in);
}

static void
sale_put(const struct product_sale *s, void *arg)
{
	(void)arg;
	sale_cache(s);
}

static void
customer_put(struct customer *c, void *arg)
{
	(void)arg;
	customer_cache(c);
}

/* The SKUs and customers the batch names that the caches do not hold
 * yet, read in one query each: a big import asks once a batch, not once
 * a code. */
static void
warm(struct order_batch *b)
{
	const char **codes = xcalloc(b->nin + b->n + 1, sizeof *codes);
	struct strmap seen = STRMAP_INIT(0);
	size_t i, n = 0;
	int created;

	for (i = 0; i < b->nin; i++) {
		const char *code = R(b, b->in[i].sku);

		if (*code && !strmap_get(&C.skus, code) && !(strmap_at(&seen, code)->val++))
			codes[n++] = code;
	}
	product_sale_load_codes(codes, n, sale_put, NULL);
	strmap_release(&seen);
	for (i = 0, n = 0; i < b->n; i++) {
		const char *code = R(b, b->o[i].customer);

		created = *code && !strmap_get(&C.custs, code) && !strmap_at(&seen, code)->val++;
		if (created)
			codes[n++] = code;
	}
	customer_load_codes(codes, n, customer_put, NULL);
	strmap_release(&seen);
	free(codes);
}

/* Check a kept order (all that does not depend on stock or credit). */
static enum res
check_one(struct order_batch *b, struct pl_order *o, struct why *w)
{
	struct order_line_in *lines = xcalloc(o->rn ? o->rn : 1, sizeof *lines);
	struct order_in in;
	enum res rc;
	size_t j, at;

	for (j = 0; j < o->rn; j++) {
		const struct raw_line *r = &b->in[o->rfirst + j];

		lines[j].sku = R(b, r->sku);
		lines[j].part_no = R(b, r->part_no);
		lines[j].warehouse = R(b, r->warehouse);
		lines[j].qty = r->qty;
		lines[j].unit_price = r->unit_price;
		lines[j].has_price = r->has_price;
	}
	memset(&in, 0, sizeof in);
	in.order_ref = R(b, o->ref);
	in.customer = R(b, o->customer);
	in.channel = R(b, o->channel);
	in.coupon = R(b, o->coupon);
	in.ship_region = R(b, o->ship_region);
	in.created_at = o->created_at;
	in.lines = lines;
	in.nlines = o->rn;
	o->first = b->nlines;
	o->n = 0;
	if ((rc = check_order(b, &in, o, &at, w))) {
		b->nlines = o->first;
		o->n = 0;
		o->rc = rc;
		o->bad = at;
	}
	free(lines);
	return rc;
}

/* Check every order kept. A failure of an order with an order_ref and a
 * known customer waits for the re-send check: a re-sent order is skipped
 * whatever became of its lines. */
static void
check_all(struct order_batch *b)
{
	size_t i;

	warm(b);
	for (i = 0; i < b->n; i++) {
		struct why w;

		if (check_one(b, &b->o[i], &w))
			b->o[i].why = text_add(b, w.msg);
	}
}

/* ---- planning ---- */

/* The batch's orders already there (a re-sent file): settled skipped. */
static void
find_resent(struct order_batch *b)
{
	db_stmt *st;
	size_t i, n = 0;

	db_temp_table("stage_oref", "CREATE TEMP TABLE IF NOT EXISTS stage_oref ("
				    "seq INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, "
				    "order_ref TEXT NOT NULL)");
	db_copy_begin("stage_oref", "seq, customer_id, order_ref", 3);
	for (i = 0; i < b->n; i++) {
		if (!b->o[i].cust_id || !*R(b, b->o[i].ref))
			continue;
		db_copy_int((int64_t)i);
		db_copy_int(b->o[i].cust_id);
		db_copy_text(R(b, b->o[i].ref));
		db_copy_row_end();
		n++;
	}
	db_copy_end();
	if (!n)
		return;
	st = db_prep("SELECT s.seq, o.id FROM stage_oref s JOIN orders o "
		     "ON o.customer_id = s.customer_id AND o.order_ref = s.order_ref "
		     "WHERE o.order_ref <> '' ORDER BY s.seq");
	while (db_step(st)) {
		int64_t seq = db_col_int(st, 0);
		struct pl_order *o;
		struct why w;

		if (seq < 0 || (size_t)seq >= b->n)
			continue;
		o = &b->o[seq];
		o->id = db_col_int(st, 1);
		res_fail(&w, RES_SKIPPED, "order '%s' of customer '%s' is already there ("
			 ORDER_PREFIX "%lld); skipped", R(b, o->ref), R(b, o->customer),
			 (long long)o->id);
		o->rc = RES_SKIPPED;
		o->why = text_add(b, w.msg);
		o->bad = 0;
	}
}

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* What is available of every SKU the batch orders, in every warehouse:
 * locked until the command ends when the batch is for writing, taken in
 * key order so that concurrent writers queue rather than deadlock. */
static void
load_stock(struct order_batch *b)
{
	int64_t *ids = NULL;
	size_t i, j, n = 0, cap = 0;
	db_stmt *st;
	int created;

	for (i = 0; i < b->n; i++) {
		if (b->o[i].rc != RES_PENDING)
			continue;
		for (j = b->o[i].first; j < b->o[i].first + b->o[i].n; j++) {
			pairmap_at(&b->skus, b->lines[j].sku_id, 0, &created);
			if (created) {
				slot((void **)&ids, &n, &cap, sizeof *ids);
				ids[n - 1] = b->lines[j].sku_id;
			}
		}
	}
	if (!n)
		return;
	if (b->lock) {
		qsort(ids, n, sizeof *ids, cmp_id);
		db_temp_table("stage_sku", "CREATE TEMP TABLE IF NOT EXISTS stage_sku ("
					   "sku_id INTEGER PRIMARY KEY)");
		db_copy_begin("stage_sku", "sku_id", 1);
		for (i = 0; i < n; i++) {
			db_copy_int(ids[i]);
			db_copy_row_end();
		}
		db_copy_end();
		st = db_prep("SELECT sku_id, warehouse_id, on_hand - reserved - allocated FROM stock "
			     "WHERE sku_id IN (SELECT sku_id FROM stage_sku) "
			     "ORDER BY sku_id, warehouse_id FOR UPDATE");
		while (db_step(st))
			pairmap_at(&b->avail, db_col_int(st, 0), db_col_int(st, 1), NULL)->val =
				db_col_int(st, 2);
	} else {
		/* a quote: a look at a few SKUs, nothing held */
		st = db_prep("SELECT warehouse_id, on_hand - reserved - allocated FROM stock "
			     "WHERE sku_id = ?1");
		for (i = 0; i < n; i++) {
			db_bind_int(st, 1, ids[i]);
			while (db_step(st))
				pairmap_at(&b->avail, ids[i], db_col_int(st, 0), NULL)->val =
					db_col_int(st, 1);
			db_reset(st);
		}
	}
	free(ids);
}

struct cust_ref {
	const char *code;
	int64_t id;
};

static int
cmp_code(const void *a, const void *b)
{
	return strcmp(((const struct cust_ref *)a)->code, ((const struct cust_ref *)b)->code);
}

/* What a customer owes and has waiting for approval. */
static int64_t
exposure(int64_t customer_id, const char *customer, int lock)
{
	char acct[256];
	const char *a = ledger_receivable(customer, acct, sizeof acct);
	int64_t owed = lock ? ledger_balance_locked(a) : ledger_balance(a);
	db_stmt *st = db_prep("SELECT COALESCE(SUM(total), 0) FROM orders "
			      "WHERE customer_id = ?1 AND status = 'pending_approval'");

	db_bind_int(st, 1, customer_id);
	return owed + db_int(st, 0);
}

/* The exposure of every customer of the batch that has a credit limit,
 * their balances locked in account order. */
static void
load_credit(struct order_batch *b)
{
	struct cust_ref *c = NULL;
	size_t i, n = 0, cap = 0;
	int created;

	for (i = 0; i < b->n; i++) {
		if (b->o[i].rc != RES_PENDING || !b->o[i].has_credit_limit)
			continue;
		pairmap_at(&b->owed, b->o[i].cust_id, 0, &created);
		if (created) {
			slot((void **)&c, &n, &cap, sizeof *c);
			c[n - 1].code = R(b, b->o[i].customer);
			c[n - 1].id = b->o[i].cust_id;
		}
	}
	if (n)
		qsort(c, n, sizeof *c, cmp_code);
	for (i = 0; i < n; i++)
		pairmap_at(&b->owed, c[i].id, 0, NULL)->val = exposure(c[i].id, c[i].code, b->lock);
	free(c);
}

static void
held_put(const struct coupon_held *h, void *arg)
{
	struct order_batch *b = arg;

	if (b->nheld == b->heldcap) {
		b->heldcap = b->heldcap ? 2 * b->heldcap : 64;
		b->held = xrealloc(b->held, b->heldcap * sizeof *b->held);
		b->held_taken = xrealloc(b->held_taken, b->heldcap);
	}
	b->held_taken[b->nheld] = 0;
	b->held[b->nheld++] = *h;
}

static int
cmp_held(const void *a, const void *b)
{
	const struct coupon_held *x = a, *y = b;

	if (x->customer_id != y->customer_id)
		return x->customer_id < y->customer_id ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* The issued coupons of the batch's customers whose orders name one,
 * locked when the batch is for writing; grouped by customer, oldest
 * first. */
static void
load_coupons(struct order_batch *b)
{
	int64_t *ids = NULL;
	size_t i, n = 0, cap = 0;
	int created;

	pairmap_release(&b->held_by);
	b->nheld = 0;
	for (i = 0; i < b->n; i++) {
		if (b->o[i].rc != RES_PENDING || !*R(b, b->o[i].coupon))
			continue;
		pairmap_at(&b->held_by, b->o[i].cust_id, 0, &created);
		if (created) {
			slot((void **)&ids, &n, &cap, sizeof *ids);
			ids[n - 1] = b->o[i].cust_id;
		}
	}
	if (!n)
		return;
	qsort(ids, n, sizeof *ids, cmp_id);
	coupon_held_load(ids, n, b->lock, held_put, b);
	if (b->nheld)
		qsort(b->held, b->nheld, sizeof *b->held, cmp_held);
	for (i = 0; i < b->nheld; i++) {
		struct pairmap_ent *e = pairmap_at(&b->held_by, b->held[i].customer_id, 0, NULL);

		if (!e->val)
			e->val = (int64_t)i + 1;
		e->aux++;
	}
	free(ids);
}

static void
add_line(struct order_quote *q, size_t *cap, size_t in, int64_t sku_id, int64_t wh, int64_t qty,
	 int64_t price, int pool)
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
	l->pool = pool;
}

/* What is left of (sku, warehouse) for this order; never below 0. */
static int64_t
left_at(const struct order_batch *b, int64_t sku_id, int64_t wh_id)
{
	const struct pairmap_ent *e = pairmap_get(&b->avail, sku_id, wh_id);

	return e && e->val > 0 ? e->val : 0;
}

static void
take(struct order_batch *b, int64_t sku_id, int64_t wh_id, int64_t qty)
{
	struct pairmap_ent *e = pairmap_at(&b->avail, sku_id, wh_id, NULL);

	e->val -= qty;
	e->aux += qty;
}

/* The pool the order's channel names for this SKU: what it still holds. */
static struct strmap_ent *
pool_of(struct order_batch *b, const char *channel, int64_t sku_id)
{
	char key[256];
	struct strmap_ent *e;
	int64_t wh = 0, left;

	snprintf(key, sizeof key, "%s\x1f%lld", channel, (long long)sku_id);
	if ((e = strmap_get(&b->pools, key)))
		return e;
	left = stock_pool_left(channel, sku_id, &wh, b->lock);
	return strmap_put(&b->pools, key, left, wh);
}

/*
 * Plan one line (SPEC "Splitting"): a channel that names an open pool of
 * the SKU takes from the pool first; a line that names its warehouse
 * takes it there; else the first warehouse by priority that can fill it,
 * else split over the warehouses in priority order; a backorder SKU that
 * none can fill waits in the first warehouse (or its own).
 */
static enum res
plan_line(struct order_batch *b, struct order_quote *q, size_t *cap, size_t in,
	  const struct pl_line *l, const char *channel, struct why *w)
{
	int64_t qty = l->qty, total = 0, avail;
	size_t i;

	if (channel && *channel) {
		struct strmap_ent *e = pool_of(b, channel, l->sku_id);

		if (e->val > 0) {
			int64_t n = e->val < qty ? e->val : qty;

			add_line(q, cap, in, l->sku_id, e->aux, n, l->price, 1);
			e->val -= n;
			if (!(qty -= n))
				return RES_DONE;
		}
	}
	if (l->wh_id) {
		avail = left_at(b, l->sku_id, l->wh_id);
		if (avail < qty && !l->backorder)
			return res_fail(w, RES_REFUSED, "not enough stock of sku '%s' in warehouse "
					"'%s': %lld available, %lld needed", T(b, l->sku),
					T(b, l->wh), (long long)avail, (long long)qty);
		add_line(q, cap, in, l->sku_id, l->wh_id, qty, l->price, 0);
		return RES_DONE;
	}
	warehouses();
	if (!C.nwh)
		return res_fail(w, RES_REFUSED, "no warehouse to take sku '%s' from", T(b, l->sku));
	for (i = 0; i < C.nwh; i++) {
		avail = left_at(b, l->sku_id, C.whs[i]);
		if (avail >= qty) {
			add_line(q, cap, in, l->sku_id, C.whs[i], qty, l->price, 0);
			return RES_DONE;
		}
		total += avail;
	}
	if (total < qty) {
		if (l->backorder) {
			add_line(q, cap, in, l->sku_id, C.whs[0], qty, l->price, 0);
			return RES_DONE;
		}
		return res_fail(w, RES_REFUSED, "not enough stock of sku '%s': %lld available, "
				"%lld needed", T(b, l->sku), (long long)total, (long long)qty);
	}
	for (i = 0; i < C.nwh && qty > 0; i++) {
		int64_t n = left_at(b, l->sku_id, C.whs[i]);

		if (n > qty)
			n = qty;
		if (n > 0) {
			add_line(q, cap, in, l->sku_id, C.whs[i], n, l->price, 0);
			qty -= n;
		}
	}
	return RES_DONE;
}

/* Give back what a refused order's plan took (its lines planned so far). */
static void
unplan(struct order_batch *b, const struct order_quote *q, const char *channel)
{
	size_t i;

	for (i = 0; i < q->nlines; i++) {
		const struct order_quote_line *l = &q->lines[i];

		if (l->pool)
			pool_of(b, channel, l->sku_id)->val += l->qty;
		else
			take(b, l->sku_id, l->warehouse_id, -l->qty);
	}
	for (i = 0; q->coupon_instance && i < b->nheld; i++)
		if (b->held[i].id == q->coupon_instance)
			b->held_taken[i] = 0;
}

/* SPEC "Freight templates": by the weight (or count) of the order's
 * units, to its ship_region, else the customer's region; none once the
 * goods after discounts reach the region's free_over. */
static enum res
plan_freight(struct order_batch *b, const struct pl_order *o, struct order_quote *q,
	     struct why *w)
{
	int64_t *weight, *qty, units;
	enum res rc;
	size_t i;

	q->freight = 0;
	if (!freight_configured())
		return RES_DONE;
	weight = xcalloc(q->nlines, sizeof *weight);
	qty = xcalloc(q->nlines, sizeof *qty);
	for (i = 0; i < q->nlines; i++) {
		weight[i] = b->lines[o->first + q->lines[i].in].weight_g;
		qty[i] = q->lines[i].qty;
	}
	if (!(rc = freight_units(q->nlines, weight, qty, &units, w)))
		rc = freight_fee(T(b, o->region), units, q->goods_total - q->discount, &q->freight, w);
	free(weight);
	free(qty);
	return rc;
}

/* The goods of the order's lines in t's scope, after the discounts so
 * far, into weight[] (0 out of scope); their sum. */
static int64_t
coupon_base(const struct order_batch *b, const struct pl_order *o, const struct coupon_terms *t,
	    int64_t *weight)
{
	int64_t base = 0;
	size_t i;

	for (i = 0; i < o->n; i++) {
		const struct pl_line *l = &b->lines[o->first + i];
		struct scope_sku k = { T(b, l->sku), name_of(1, l->category_id),
				       name_of(2, l->brand_id) };

		weight[i] = scope_applies(&t->scope, &t->exclude, &k) ?
				    l->qty * l->price - l->discount : 0;
		base += weight[i];
	}
	return base;
}

static void
receipt_add(struct order_quote *q, const char *kind, const char *code, int64_t amount)
{
	struct order_discount *d;

	q->discounts = xrealloc(q->discounts, (q->ndiscounts + 1) * sizeof *q->discounts);
	d = &q->discounts[q->ndiscounts++];
	d->kind = kind;
	snprintf(d->code, sizeof d->code, "%s", code);
	d->amount = amount;
}

/*
 * SPEC "Checkout": at most one coupon, after the promotions. A coupon
 * named by its code uses the customer's oldest instance of it that is
 * valid when the order is placed (and not taken by an order before it in
 * the batch); one that does not apply refuses the order. "best" takes
 * the instance that gives most (the oldest of equals), or none. Its
 * discount is apportioned to the lines in its scope by the largest
 * remainder, weighted by what each comes to after the promotions.
 */
static enum res
apply_coupon(struct order_batch *b, struct pl_order *o, struct order_quote *q, struct why *w)
{
	const char *want = R(b, o->coupon);
	const struct pairmap_ent *e;
	const struct coupon_terms *t = NULL, *best_t = NULL;
	char at[TIME_BUFSZ];
	int64_t *weight, d, best_d = 0, base;
	size_t i, first, n, best_i = 0;
	int best = !strcmp(want, "best");
	struct why why;
	enum res rc = RES_DONE;

	if (!*want)
		return RES_DONE;
	format_time(o->created_at ? o->created_at : shop_now(), at);
	e = pairmap_get(&b->held_by, o->cust_id, 0);
	first = e && e->val ? (size_t)e->val - 1 : 0;
	n = e && e->val ? (size_t)e->aux : 0;
	weight = xcalloc(o->n ? o->n : 1, sizeof *weight);
	if (!best && !(t = coupon_tpl(want, 0)))
		rc = res_fail(w, RES_NOTFOUND, "unknown coupon '%s'", want);
	for (i = first; !rc && i < first + n; i++) {
		const struct coupon_held *h = &b->held[i];
		const struct coupon_terms *ht;

		if (b->held_taken[i] || !coupon_held_valid(h, at) ||
		    !(ht = coupon_tpl(NULL, h->coupon_id)) || !ht->active || (t && ht != t))
			continue;
		base = coupon_base(b, o, ht, weight);
		d = coupon_discount(ht, base, &why);
		if (!best) {
			/* the oldest valid instance of it: it applies, or the order is refused */
			if (!d)
				rc = res_fail(w, RES_REFUSED, "%s", why.msg);
			best_d = d;
			best_t = ht;
			best_i = i;
			break;
		}
		if (d > best_d) {
			best_d = d;
			best_t = ht;
			best_i = i;
		}
	}
	if (!rc && !best && !best_t)
		rc = res_fail(w, RES_REFUSED, "customer '%s' holds no coupon '%s' valid at %s",
			      R(b, o->customer), want, at);
	if (!rc && best_t && best_d > 0) {
		int64_t *share = xcalloc(o->n, sizeof *share);

		coupon_base(b, o, best_t, weight);
		if (money_split(best_d, weight, o->n, share) < 0)
			die(EX_INTERNAL, "coupon '%s': no weight to apportion %lld", best_t->code,
			    (long long)best_d);
		for (i = 0; i < o->n; i++)
			b->lines[o->first + i].discount += share[i];
		free(share);
		b->held_taken[best_i] = 1;
		q->coupon_instance = b->held[best_i].id;
		q->discount += best_d;
		if (best_t->platform)
			q->discount_platform += best_d;
		receipt_add(q, "coupon", best_t->code, best_d);
	}
	free(weight);
	return rc;
}

/* Each input line's discount over the lines it was planned into (a line
 * split over warehouses), by their qty, by the largest remainder. */
static void
spread_discounts(const struct order_batch *b, const struct pl_order *o, struct order_quote *q)
{
	int64_t *weight = xcalloc(q->nlines ? q->nlines : 1, sizeof *weight);
	int64_t *share = xcalloc(q->nlines ? q->nlines : 1, sizeof *share);
	size_t i, k;

	for (i = 0; i < o->n; i++) {
		int64_t d = b->lines[o->first + i].discount;
		size_t parts = 0, last = 0;

		if (!d)
			continue;
		for (k = 0; k < q->nlines; k++)
			if (q->lines[k].in == i) {
				parts++;
				last = k;
			}
		if (parts == 1) {
			/* not split: all of it */
			q->lines[last].discount += d;
			continue;
		}
		for (k = 0; k < q->nlines; k++)
			weight[k] = q->lines[k].in == i ? q->lines[k].qty : 0;
		if (money_split(d, weight, q->nlines, share) < 0)
			die(EX_INTERNAL, "order: a discount on a line with no units");
		for (k = 0; k < q->nlines; k++)
			q->lines[k].discount += share[k];
	}
	free(weight);
	free(share);
}

/* Plan the order against what the orders before it left: its lines, its
 * freight, its credit and where it starts. */
static enum res
plan_order(struct order_batch *b, struct pl_order *o, struct why *w)
{
	char m1[MONEY_BUFSZ], m2[MONEY_BUFSZ], m3[MONEY_BUFSZ];
	struct order_quote *q = &o->q;
	const char *channel = R(b, o->channel);
	struct pairmap_ent *owed = NULL;
	size_t i, cap = 0;
	enum res rc = RES_DONE;

	memset(q, 0, sizeof *q);
	q->customer_id = o->cust_id;
	for (i = 0; i < o->n; i++) {
		struct pl_line *l = &b->lines[o->first + i];

		l->discount = l->promo;
		q->discount += l->promo;
	}
	for (i = 0; i < o->nh; i++)
		receipt_add(q, "promotion", T(b, b->hits[o->hfirst + i].code),
			    b->hits[o->hfirst + i].amount);
	for (i = 0; i < o->n && !rc; i++) {
		const struct pl_line *l = &b->lines[o->first + i];
		size_t from = q->nlines, k;

		o->bad = i;
		if ((rc = plan_line(b, q, &cap, i, l, channel, w)) && l->gift) {
			/* a gift whose stock is short is left out, not the order */
			warn("gift '%s' of promotion '%s' left out: %s", T(b, l->sku),
			     T(b, l->gift - 1), w->msg);
			for (k = from; k < q->nlines; k++)
				if (q->lines[k].pool)
					pool_of(b, channel, q->lines[k].sku_id)->val += q->lines[k].qty;
			q->nlines = from;
			rc = RES_DONE;
			continue;
		}
		if (rc)
			break;
		for (k = from; k < q->nlines; k++)
			if (!q->lines[k].pool)
				take(b, q->lines[k].sku_id, q->lines[k].warehouse_id, q->lines[k].qty);
		q->goods_total += l->qty * l->price;
	}
	if (!rc) {
		o->bad = 0;
		rc = apply_coupon(b, o, q, w);
	}
	if (!rc) {
		spread_discounts(b, o, q);
		rc = plan_freight(b, o, q, w);
	}
	if (!rc) {
		q->total = q->goods_total - q->discount + q->freight;
		if (o->has_credit_limit) {
			owed = pairmap_at(&b->owed, o->cust_id, 0, NULL);
			if (owed->val + q->total > o->credit_limit)
				rc = res_fail(w, RES_REFUSED,
					      "order total %s would take customer '%s' to %s owed "
					      "and awaiting approval, over the credit limit %s",
					      money(q->total, m1), R(b, o->customer),
					      money(owed->val + q->total, m2),
					      money(o->credit_limit, m3));
		}
	}
	if (rc) {
		unplan(b, q, channel);
		order_quote_release(q);
		return rc;
	}
	if (owed)
		owed->val += q->total;
	if (o->has_approval_limit && q->total > o->approval_limit)
		q->status = ORDER_PENDING_APPROVAL;
	else if (o->credit || q->total == 0)
		q->status = ORDER_CONFIRMED;
	else
		q->status = ORDER_PENDING_PAYMENT;
	return RES_DONE;
}

/* Plan every order of the batch still waiting, in turn. */
static void
plan_all(struct order_batch *b)
{
	size_t i;

	load_stock(b);
	load_credit(b);
	load_coupons(b);
	for (i = 0; i < b->n; i++) {
		struct pl_order *o = &b->o[i];
		struct why w;

		if (o->rc != RES_PENDING)
			continue;
		if ((o->rc = plan_order(b, o, &w)))
			o->why = text_add(b, w.msg);
	}
}

/* ---- writing ---- */

size_t
order_placed_postings(const char *customer, int64_t total, int64_t discount_shop,
		      int64_t discount_platform, int64_t goods, int64_t freight, int reverse,
		      char *acct, size_t size, struct posting *p)
{
	int64_t sign = reverse ? -1 : 1;

	p[0].account = ledger_receivable(customer, acct, size);
	p[0].amount = sign * total;
	p[1].account = "discounts";
	p[1].amount = sign * discount_shop;
	p[2].account = LEDGER_RECEIVABLE "platform";
	p[2].amount = sign * discount_platform;
	p[3].account = "sales";
	p[3].amount = -sign * goods;
	p[4].account = "freight";
	p[4].amount = -sign * freight;
	return 5;
}

/*
 * The stock the orders placed so far have taken, into the stock rows:
 * one upsert per (sku, warehouse), in key order (a backorder SKU never
 * received has no row yet). The rows stay locked from their first read to
 * the commit, so what batches take is summed here and written once, at
 * the end (order_batch_finish): a row updated once per batch would carry
 * a version per batch until the command ends.
 */
static void
stock_write(struct order_batch *b)
{
	size_t i;

	stock_add_reserved(&b->avail);
	for (i = 0; i < b->avail.cap; i++)
		b->avail.v[i].aux = 0;
}

void
order_batch_finish(struct order_batch *b)
{
	stock_write(b);
}

/* The code of the coupon an order uses ("best" named the one chosen), or "". */
static const char *
coupon_used(const struct order_quote *q)
{
	size_t i;

	for (i = 0; i < q->ndiscounts; i++)
		if (!strcmp(q->discounts[i].kind, "coupon"))
			return q->discounts[i].code;
	return "";
}

/* Write the placed orders of the batch; 0 when one of them was written
 * meanwhile by another process (a re-sent file imported twice at once):
 * the caller rolls back and plans again. */
static int
write_placed(struct order_batch *b)
{
	const char *now = shop_now_text();
	char at[TIME_BUFSZ], ref[64], doc[64], acct[256];
	int64_t *ids;
	size_t i, j, n = 0, k;

	for (i = 0; i < b->n; i++)
		n += b->o[i].rc == RES_DONE;
	if (!n)
		return 1;
	ids = xcalloc(n, sizeof *ids);
	db_next_ids("orders", n, ids);
	for (i = 0, k = 0; i < b->n; i++)
		if (b->o[i].rc == RES_DONE)
			b->o[i].id = ids[k++];
	free(ids);

	db_copy_begin("orders", "id, customer_id, order_ref, channel, status, currency, "
		      "goods_total, discount_shop, discount_platform, freight, total, coupon, "
		      "ship_name, ship_phone, ship_address, ship_region, note, posted, created_at, "
		      "updated_at", 20);
	for (i = 0; i < b->n; i++) {
		const struct pl_order *o = &b->o[i];

		if (o->rc != RES_DONE)
			continue;
		db_copy_int(o->id);
		db_copy_int(o->cust_id);
		db_copy_text(R(b, o->ref));
		db_copy_text(R(b, o->channel));
		db_copy_text(order_status_words[o->q.status]);
		db_copy_text(S.currency);
		db_copy_int(o->q.goods_total);
		db_copy_int(o->q.discount - o->q.discount_platform);
		db_copy_int(o->q.discount_platform);
		db_copy_int(o->q.freight);
		db_copy_int(o->q.total);
		db_copy_text(coupon_used(&o->q));
		db_copy_text(R(b, o->ship_name));
		db_copy_text(R(b, o->ship_phone));
		db_copy_text(R(b, o->ship_address));
		db_copy_text(R(b, o->ship_region));
		db_copy_text(R(b, o->note));
		db_copy_int(o->q.status != ORDER_PENDING_APPROVAL);
		db_copy_text(format_time(o->created_at ? o->created_at : shop_now(), at));
		db_copy_text(now);
		db_copy_row_end();
	}
	if (!db_copy_end())
		return 0;

	db_copy_begin("order_line", "order_id, line, sku_id, qty, unit_price, discount, "
		      "warehouse_id", 7);
	for (i = 0; i < b->n; i++) {
		const struct pl_order *o = &b->o[i];

		if (o->rc != RES_DONE)
			continue;
		for (j = 0; j < o->q.nlines; j++) {
			const struct order_quote_line *l = &o->q.lines[j];

			db_copy_int(o->id);
			db_copy_int((int64_t)j + 1);
			db_copy_int(l->sku_id);
			db_copy_int(l->qty);
			db_copy_int(l->unit_price);
			db_copy_int(l->discount);
			db_copy_int(l->warehouse_id);
			db_copy_row_end();
		}
	}
	db_copy_end();

	/* reservations "SO-12/3": the order's own fresh id makes them new */
	db_copy_begin("reservation", "ref, sku_id, warehouse_id, qty, held, created_at", 6);
	for (i = 0; i < b->n; i++) {
		const struct pl_order *o = &b->o[i];

		if (o->rc != RES_DONE)
			continue;
		for (j = 0; j < o->q.nlines; j++) {
			const struct order_quote_line *l = &o->q.lines[j];

			if (l->pool)
				continue;
			snprintf(ref, sizeof ref, ORDER_PREFIX "%lld/%zu", (long long)o->id, j + 1);
			db_copy_text(ref);
			db_copy_int(l->sku_id);
			db_copy_int(l->warehouse_id);
			db_copy_int(l->qty);
			db_copy_int(l->qty);
			db_copy_text(now);
			db_copy_row_end();
		}
	}
	if (!db_copy_end())
		die(EX_INTERNAL, "order: a reservation of a new order was there");
	/* the pools' units are the orders' own: a draw each (rare) */
	for (i = 0; i < b->n; i++) {
		const struct pl_order *o = &b->o[i];
		struct why w;

		if (o->rc != RES_DONE)
			continue;
		for (j = 0; j < o->q.nlines; j++) {
			if (!o->q.lines[j].pool)
				continue;
			snprintf(ref, sizeof ref, ORDER_PREFIX "%lld/%zu", (long long)o->id, j + 1);
			if (stock_pool_draw(R(b, o->channel), ref, o->q.lines[j].qty, &w))
				die(EX_INTERNAL, "order: a locked pool refused a draw: %s", w.msg);
		}
	}
	db_copy_begin("order_event", "order_id, at, os_user, status, note", 5);
	for (i = 0; i < b->n; i++) {
		const struct pl_order *o = &b->o[i];

		if (o->rc != RES_DONE)
			continue;
		db_copy_int(o->id);
		db_copy_text(format_time(o->created_at ? o->created_at : shop_now(), at));
		db_copy_text(S.user);
		db_copy_text(order_status_words[o->q.status]);
		db_copy_text("");
		db_copy_row_end();
	}
	db_copy_end();

	/* the coupons the orders use */
	{
		int64_t *inst = xcalloc(b->n, sizeof *inst), *ord = xcalloc(b->n, sizeof *ord);
		int64_t *disc = xcalloc(b->n, sizeof *disc);
		size_t nc = 0, d;
		int ok;

		for (i = 0; i < b->n; i++) {
			const struct pl_order *o = &b->o[i];

			if (o->rc != RES_DONE || !o->q.coupon_instance)
				continue;
			inst[nc] = o->q.coupon_instance;
			ord[nc] = o->id;
			for (d = 0; d < o->q.ndiscounts; d++)
				if (!strcmp(o->q.discounts[d].kind, "coupon"))
					disc[nc] = o->q.discounts[d].amount;
			nc++;
		}
		ok = coupon_use(inst, ord, disc, nc);
		free(inst);
		free(ord);
		free(disc);
		if (!ok)
			die(EX_INTERNAL, "order: a locked coupon was used by another order");
	}

	/* "order placed", dated when the order was */
	for (i = 0; i < b->n; i++) {
		const struct pl_order *o = &b->o[i];
		struct posting p[5];
		size_t np;

		if (o->rc != RES_DONE || o->q.status == ORDER_PENDING_APPROVAL)
			continue;
		np = order_placed_postings(R(b, o->customer), o->q.total,
					   o->q.discount - o->q.discount_platform,
					   o->q.discount_platform, o->q.goods_total, o->q.freight, 0,
					   acct, sizeof acct, p);
		snprintf(doc, sizeof doc, "order " ORDER_PREFIX "%lld", (long long)o->id);
		ledger_queue_at(&b->lq, o->created_at ? o->created_at : shop_now(), doc, "placed", p,
				np);
	}
	ledger_flush(&b->lq);
	return 1;
}

void
order_batch_flush(struct order_batch *b, void (*settle)(size_t k, size_t line, enum res rc,
							 const char *why, int64_t id, void *arg),
		  void *arg)
{
	size_t i, attempt;
	enum res *was;

	if (!b->n)
		return;
	check_all(b);
	/* what checking found, to start again from if the batch must be
	 * planned again */
	was = xcalloc(b->n, sizeof *was);
	for (i = 0; i < b->n; i++)
		was[i] = b->o[i].rc;
	for (attempt = 0;; attempt++) {
		db_savepoint();
		find_resent(b);
		plan_all(b);
		if (write_placed(b)) {
			db_release();
			break;
		}
		db_rollback_to();
		if (attempt == 3)
			die(EX_TEMP, "another process keeps writing the same orders; nothing was "
			    "changed, try again");
		/* the batch's plans given back; what the batches before it
		 * took written out; everything read again (and locked again:
		 * the rollback let go of what this batch locked) */
		for (i = 0; i < b->n; i++) {
			if (b->o[i].rc == RES_DONE)
				unplan(b, &b->o[i].q, R(b, b->o[i].channel));
			order_quote_release(&b->o[i].q);
			b->o[i].rc = was[i];
			b->o[i].id = 0;
		}
		stock_write(b);
		pairmap_release(&b->avail);
		pairmap_release(&b->skus);
		strmap_release(&b->pools);
		pairmap_release(&b->owed);
	}
	free(was);
	for (i = 0; i < b->n; i++) {
		const struct pl_order *o = &b->o[i];

		if (settle)
			settle(i, o->bad, o->rc, o->rc == RES_DONE ? "" : T(b, o->why), o->id, arg);
	}
	batch_reset(b);
}

/* ---- one order ---- */

struct one {
	enum res rc;
	size_t bad;
	int64_t id;
	struct why *w;
};

static void
settle_one(size_t k, size_t line, enum res rc, const char *why, int64_t id, void *arg)
{
	struct one *r = arg;

	(void)k;
	r->rc = rc;
	r->bad = line;
	r->id = id;
	if (rc != RES_DONE)
		snprintf(r->w->msg, sizeof r->w->msg, "%s", why);
}

enum res
order_place(const struct order_in *in, int64_t *id, size_t *bad, struct why *w)
{
	struct order_batch *b = order_batch_new(1);
	struct one r = { RES_DONE, 0, 0, w };

	order_batch_add(b, in);
	order_batch_flush(b, settle_one, &r);
	order_batch_finish(b);
	order_batch_free(b);
	*id = r.id;
	if (bad)
		*bad = r.bad;
	return r.rc;
}

enum res
order_price(const struct order_in *in, struct order_quote *q, size_t *bad, struct why *w)
{
	struct order_batch *b = order_batch_new(0);
	struct pl_order *o = keep(b, in);
	enum res rc;

	memset(q, 0, sizeof *q);
	/* a look, nothing held: no staging tables (a read-only transaction) */
	if (!(rc = check_one(b, o, w))) {
		load_stock(b);
		load_credit(b);
		load_coupons(b);
		if (!(rc = plan_order(b, o, w))) {
			*q = o->q;
			memset(&o->q, 0, sizeof o->q);
		}
	}
	if (bad)
		*bad = o->bad;
	order_batch_free(b);
	return rc;
}

enum res
order_replan(const struct order_quote_line *lines, size_t n, struct order_quote *q,
	     struct why *w)
{
	struct order_batch *b = order_batch_new(1);
	struct pl_order *o;
	size_t i, k, cap = 0;
	enum res rc = RES_DONE;

	memset(q, 0, sizeof *q);
	b->o = xcalloc(1, sizeof *b->o);
	b->cap = b->n = 1;
	o = &b->o[0];
	o->rc = RES_PENDING;
	o->channel = raw_add(b, "");
	b->lines = xcalloc(n ? n : 1, sizeof *b->lines);
	b->linecap = n ? n : 1;
	for (i = 0; i < n && !rc; i++) {
		struct product_sale s;
		struct pl_line *l = &b->lines[i];

		if ((rc = product_sale_load(lines[i].sku_id, &s, w)))
			break;
		l->sku_id = s.id;
		l->qty = lines[i].qty;
		l->price = lines[i].unit_price;
		l->backorder = s.backorder;
		l->weight_g = s.weight_g;
		l->sku = text_add(b, s.sku);
		l->wh = text_add(b, "");
	}
	o->n = b->nlines = n;
	if (!rc)
		load_stock(b);
	for (i = 0; i < n && !rc; i++) {
		size_t from = q->nlines;

		if ((rc = plan_line(b, q, &cap, i, &b->lines[i], "", w)))
			break;
		for (k = from; k < q->nlines; k++)
			take(b, q->lines[k].sku_id, q->lines[k].warehouse_id, q->lines[k].qty);
	}
	if (rc)
		order_quote_release(q);
	order_batch_free(b);
	return rc;
}

static int
cmp_offer(const void *a, const void *b)
{
	const struct coupon_offer *x = a, *y = b;

	if (x->discount != y->discount)
		return x->discount > y->discount ? -1 : 1;
	return (x->instance > y->instance) - (x->instance < y->instance);
}

enum res
order_coupon_offers(const struct order_in *in, struct coupon_offer **out, size_t *nout,
		    struct why *w)
{
	struct order_batch *b = order_batch_new(0);
	struct order_in cart = *in;
	struct pl_order *o;
	struct pairmap seen = PAIRMAP_INIT;
	char at[TIME_BUFSZ];
	enum res rc;
	size_t i, n = 0;
	int created;

	*out = NULL;
	*nout = 0;
	cart.coupon = "";
	o = keep(b, &cart);
	if (!(rc = check_one(b, o, w))) {
		int64_t *weight = xcalloc(o->n ? o->n : 1, sizeof *weight);

		coupon_held_load(&o->cust_id, 1, 0, held_put, b);
		format_time(in->created_at ? in->created_at : shop_now(), at);
		for (i = 0; i < o->n; i++)
			b->lines[o->first + i].discount = b->lines[o->first + i].promo;
		for (i = 0; i < b->nheld; i++) {
			const struct coupon_held *h = &b->held[i];
			const struct coupon_terms *t = coupon_tpl(NULL, h->coupon_id);
			struct why why;
			int64_t d;

			/* the oldest valid instance of each coupon */
			if (!t || !t->active || !coupon_held_valid(h, at))
				continue;
			pairmap_at(&seen, h->coupon_id, 0, &created);
			if (!created)
				continue;
			if (!(d = coupon_discount(t, coupon_base(b, o, t, weight), &why)))
				continue;
			*out = xrealloc(*out, (n + 1) * sizeof **out);
			snprintf((*out)[n].code, sizeof (*out)[n].code, "%s", t->code);
			(*out)[n].instance = h->id;
			(*out)[n].discount = d;
			n++;
		}
		free(weight);
		if (n)
			qsort(*out, n, sizeof **out, cmp_offer);
		*nout = n;
	}
	pairmap_release(&seen);
	order_batch_free(b);
	return rc;
}
