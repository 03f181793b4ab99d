/* product.c - the SKU record: its fields checked, the upsert of one record
 * by sku, bulk loads, SKU look-ups, the on-sale rule, the catalogue check */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brand.h"
#include "category.h"
#include "code.h"
#include "db.h"
#include "err.h"
#include "money.h"
#include "parse.h"
#include "product.h"
#include "session.h"
#include "strmap.h"
#include "util.h"

/* ---- the SPU cache ---- */

/* The last SPU looked up: the variants of one SPU come together. */
static struct {
	struct sbuf code, name;  /* owned */
	int64_t id;              /* 0: nothing cached */
} spu_last;

void
product_cache_clear(void)
{
	brand_cache_clear();
	category_cache_clear();
	sbuf_release(&spu_last.code);
	sbuf_release(&spu_last.name);
	spu_last.id = 0;
}

static void
spu_remember(const char *code, int64_t id, const char *name)
{
	if (code != spu_last.code.s) {
		sbuf_reset(&spu_last.code);
		sbuf_adds(&spu_last.code, code);
	}
	sbuf_reset(&spu_last.name);
	sbuf_adds(&spu_last.name, name);
	spu_last.id = id;
}

/* ---- field checks: RES_DONE, or RES_BAD with the reason alone ---- */

/* GS1 check digit: weights 3,1,3,... from the right, check digit excluded. */
static int
gs1_check_digit(const char *s, size_t n)
{
	int sum = 0, w = 3;
	size_t i;

	for (i = n - 1; i-- > 0;) {
		sum += (s[i] - '0') * w;
		w = 4 - w;
	}
	return (10 - sum % 10) % 10;
}

/* "3.65275E+11": a number a spreadsheet wrote in scientific notation. */
static int
scientific(const char *s)
{
	const char *e = strpbrk(s, "eE");
	size_t i;

	if (!e || e == s)
		return 0;
	for (i = 0; s + i < e; i++)
		if (!(s[i] >= '0' && s[i] <= '9') && s[i] != '.' && s[i] != ',')
			return 0;
	e++;
	if (*e == '+' || *e == '-')
		e++;
	if (!*e)
		return 0;
	for (; *e; e++)
		if (*e < '0' || *e > '9')
			return 0;
	return 1;
}

static enum res
check_barcode(const char *s, struct why *r)
{
	size_t n = strlen(s), i;
	int want;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return res_fail(r, RES_BAD, scientific(s)
					? "not digits (a spreadsheet's scientific notation?)"
					: "not digits");
	if (n != 8 && n != 12 && n != 13 && n != 14)
		return res_fail(r, RES_BAD,
				"not 8, 12, 13 or 14 digits (EAN-8, UPC-A, EAN-13, GTIN-14)");
	want = gs1_check_digit(s, n);
	if (s[n - 1] - '0' != want)
		return res_fail(r, RES_BAD, "check digit should be %d", want);
	return RES_DONE;
}

/* "k=v;k=v": every pair has '=' and a non-empty key, keys unique (ASCII
 * case ignored). "" is no attributes. */
static enum res
check_attrs(const char *s, struct why *r)
{
	const char *p = s, *e, *eq, *q, *qe, *qeq;

	if (!*s)
		return RES_DONE;
	for (;;) {
		e = strchr(p, ';');
		if (!e)
			e = p + strlen(p);
		if (e == p)
			return res_fail(r, RES_BAD, "empty pair");
		eq = memchr(p, '=', (size_t)(e - p));
		if (!eq)
			return res_fail(r, RES_BAD, "'%.*s' is not key=value", (int)(e - p), p);
		if (eq == p)
			return res_fail(r, RES_BAD, "empty key");
		for (q = s; q < p; q = qe + 1) {
			qe = strchr(q, ';');
			qeq = memchr(q, '=', (size_t)(qe - q));
			if (memeqi(q, (size_t)(qeq - q), p, (size_t)(eq - p)))
				return res_fail(r, RES_BAD, "duplicate key '%.*s'", (int)(eq - p), p);
		}
		if (!*e)
			return RES_DONE;
		p = e + 1;
	}
}

static enum res
check_money(const char *s, int64_t *v, struct why *r)
{
	const char *w;

	if (money_parse(s, S.digits, v, &w) < 0)
		return res_fail(r, RES_BAD, "%s", w);
	if (*v < 0)
		return res_fail(r, RES_BAD, "negative");
	return RES_DONE;
}

static enum res
check_weight(const char *s, int64_t *v, struct why *r)
{
	const char *w;

	if (parse_int(s, -PRODUCT_WEIGHT_MAX, PRODUCT_WEIGHT_MAX, v, &w) < 0)
		return res_fail(r, RES_BAD, "%s", w);
	if (*v < 0)
		return res_fail(r, RES_BAD, "negative");
	return RES_DONE;
}

static const char *
status_name(const char *s)
{
	static const char *const names[] = { "draft", "active", "inactive" };
	size_t i;

	for (i = 0; i < 3; i++)
		if (streqi(s, names[i]))
			return names[i];
	return NULL;
}

/* The reason alone of a code check ("bad brand 'X': why" -> "why"). */
static enum res
check_code_field(const char *s, struct why *r)
{
	const char *w;

	if (check_code_text(s, &w) < 0)
		return res_fail(r, RES_BAD, "%s", w);
	return RES_DONE;
}

enum res
product_check_value(const char *field, const char *s, struct why *r)
{
	const char *w;
	int64_t x;
	int b;

	if (!strcmp(field, "barcode"))
		return check_barcode(s, r);
	if (!strcmp(field, "weight_g"))
		return check_weight(s, &x, r);
	if (!strcmp(field, "price") || !strcmp(field, "market_price") || !strcmp(field, "cost"))
		return check_money(s, &x, r);
	if (!strcmp(field, "attrs") || !strcmp(field, "key_attrs"))
		return check_attrs(s, r);
	if (!strcmp(field, "status"))
		return status_name(s) ? RES_DONE : res_fail(r, RES_BAD, "use draft, active or inactive");
	if (!strcmp(field, "backorder"))
		return parse_bool(s, &b, &w) < 0 ? res_fail(r, RES_BAD, "%s", w) : RES_DONE;
	if (!strcmp(field, "on_sale_from") || !strcmp(field, "on_sale_until"))
		return parse_time(s, &x, &w) < 0 ? res_fail(r, RES_BAD, "%s", w) : RES_DONE;
	if (!strcmp(field, "category"))
		return (w = category_path_problem(s)) ? res_fail(r, RES_BAD, "%s", w) : RES_DONE;
	if (!strcmp(field, "sku") || !strcmp(field, "spu") || !strcmp(field, "brand"))
		return check_code_field(s, r);
	return RES_DONE; /* name: any text */
}

/* "bad FIELD 'VALUE': reason"; codes shown with their invisible characters */
static enum res
bad_value(struct why *why, const char *field, const char *s, const struct why *reason)
{
	char *shown = code_shown(s);

	res_fail(why, RES_BAD, "bad %s '%s': %s", field, shown, reason->msg);
	free(shown);
	return RES_BAD;
}

/* ---- the upsert ---- */

/* The values of one SKU, stored or to be stored. Text is borrowed (the
 * input row, the stored row, local buffers). Ids: 0 none, -1 to create. */
struct pv {
	int64_t spu_id, brand_id, cat_id;
	const char *spu_name;  /* name of spu_id, NULL when no spu */
	const char *spu_stored; /* its stored name (a new SPU: "") */
	const char *name, *attrs, *key_attrs, *barcode, *status, *from, *until;
	int has_price, has_market, has_cost, has_weight;
	int64_t price, market, cost, weight;
	int backorder;
};

static int
tdiff(const char *a, const char *b)
{
	if (!a || !b)
		return a != b;
	return strcmp(a, b) != 0;
}

static int
idiff(int ha, int64_t a, int hb, int64_t b)
{
	return ha != hb || (ha && a != b);
}

static const char *
opt_text(db_stmt *st, int i)
{
	return db_col_is_null(st, i) ? NULL : db_col_text(st, i);
}

/* Read the stored SKU into old; its id, or 0 when there is none. The
 * statement stays on the row: the text is borrowed from it. */
static int64_t
sku_load(db_stmt *st, const char *sku, struct pv *o)
{
	db_bind_text(st, 1, sku);
	if (!db_step(st))
		return 0;
	o->spu_id = db_col_is_null(st, 1) ? 0 : db_col_int(st, 1);
	o->name = db_col_text(st, 2);
	o->brand_id = db_col_is_null(st, 3) ? 0 : db_col_int(st, 3);
	o->cat_id = db_col_is_null(st, 4) ? 0 : db_col_int(st, 4);
	o->attrs = db_col_text(st, 5);
	o->key_attrs = db_col_text(st, 6);
	o->has_price = !db_col_is_null(st, 7);
	o->price = db_col_int(st, 7);
	o->has_market = !db_col_is_null(st, 8);
	o->market = db_col_int(st, 8);
	o->has_cost = !db_col_is_null(st, 9);
	o->cost = db_col_int(st, 9);
	o->barcode = opt_text(st, 10);
	o->has_weight = !db_col_is_null(st, 11);
	o->weight = db_col_int(st, 11);
	o->status = status_name(db_col_text(st, 12));
	o->backorder = (int)db_col_int(st, 13);
	o->from = opt_text(st, 14);
	o->until = opt_text(st, 15);
	o->spu_name = o->spu_stored = opt_text(st, 16);
	return db_col_int(st, 0);
}

static int
pv_differs(const struct pv *a, const struct pv *b)
{
	return a->spu_id != b->spu_id || a->brand_id != b->brand_id || a->cat_id != b->cat_id ||
	       tdiff(a->spu_name, b->spu_name) || tdiff(a->name, b->name) ||
	       tdiff(a->attrs, b->attrs) || tdiff(a->key_attrs, b->key_attrs) ||
	       tdiff(a->barcode, b->barcode) || tdiff(a->status, b->status) ||
	       tdiff(a->from, b->from) || tdiff(a->until, b->until) ||
	       idiff(a->has_price, a->price, b->has_price, b->price) ||
	       idiff(a->has_market, a->market, b->has_market, b->market) ||
	       idiff(a->has_cost, a->cost, b->has_cost, b->cost) ||
	       idiff(a->has_weight, a->weight, b->has_weight, b->weight) ||
	       a->backorder != b->backorder;
}

static int bulk_spu_new(const char *code);
static int queued_spu(const char *code);
static const char *queued_barcode(const char *barcode);
static int barcode_new(const char *barcode);

/* The SPU named by the row: nv->spu_id and nv->spu_name as they will be. */
static enum res
resolve_spu(const struct product_row *r, const struct pv *old, struct pv *nv, struct why *why)
{
	db_stmt *st;
	enum res res;

	if (r->spu && !*r->spu) {
		nv->spu_id = 0;
		nv->spu_name = nv->spu_stored = NULL;
		return RES_DONE;
	}
	if (r->spu) {
		if ((res = code_check("spu", r->spu, why)) != RES_DONE)
			return res;
		if (bulk_spu_new(r->spu) || queued_spu(r->spu)) {
			spu_last.id = 0;
		} else if (!spu_last.id || strcmp(spu_last.code.s, r->spu) != 0) {
			st = db_prep("SELECT id, name FROM spu WHERE code = ?1");
			db_bind_text(st, 1, r->spu);
			if (db_step(st))
				spu_remember(r->spu, db_col_int(st, 0), db_col_text(st, 1));
			else
				spu_last.id = 0;
			db_reset(st);
		}
		if (spu_last.id) {
			nv->spu_id = spu_last.id;
			nv->spu_stored = sbuf_str(&spu_last.name);
		} else {
			nv->spu_id = -1;
			nv->spu_stored = "";
		}
	} else {
		nv->spu_id = old->spu_id;
		nv->spu_stored = old->spu_stored;
	}
	nv->spu_name = r->spu_name && nv->spu_id ? r->spu_name : nv->spu_stored;
	return RES_DONE;
}

/* brand and category: ids as they will be (-1: to create) */
static enum res
resolve_places(const struct product_row *r, int64_t id, struct pv *nv, struct sbuf *catpath,
	       struct why *why)
{
	enum res res;
	int depth;

	if (r->brand) {
		nv->brand_id = 0;
		if (*r->brand) {
			if ((res = brand_check_name(r->brand, why)) != RES_DONE)
				return res;
			nv->brand_id = brand_id(r->brand);
			if (!nv->brand_id)
				nv->brand_id = -1;
		}
	}
	if (r->category) {
		nv->cat_id = 0;
		if (*r->category) {
			if ((res = category_normalize(r->category, catpath, &depth, why)) != RES_DONE)
				return res;
			return category_for_sku(sbuf_str(catpath), depth, id, &nv->cat_id, why);
		}
	}
	return RES_DONE;
}

/* money: NULL keep, "" clear, else a decimal >= 0 */
static enum res
field_money(const char *field, const char *s, int *has, int64_t *v, struct why *why)
{
	struct why r;

	if (!s)
		return RES_DONE;
	*has = *s != '\0';
	if (*s && check_money(s, v, &r) != RES_DONE)
		return bad_value(why, field, s, &r);
	return RES_DONE;
}

/* time: NULL keep, "" clear, else ISO 8601 UTC, stored normalized in buf */
static enum res
field_time(const char *field, const char *s, const char **v, char *buf, struct why *why)
{
	const char *w;
	int64_t t;

	if (!s)
		return RES_DONE;
	if (!*s) {
		*v = NULL;
		return RES_DONE;
	}
	if (parse_time(s, &t, &w) < 0)
		return res_fail(why, RES_BAD, "bad %s '%s': %s", field, s, w);
	*v = format_time(t, buf);
	return RES_DONE;
}

/* The fields of r one by one, into nv. */
static enum res
check_fields(const struct product_row *r, struct pv *nv, char tbuf[2][TIME_BUFSZ],
	     struct why *why)
{
	struct why reason;
	enum res res;
	const char *w;
	int b;

	if (r->name && *r->name)
		nv->name = r->name;
	if (r->attrs && *r->attrs && check_attrs(r->attrs, &reason) != RES_DONE)
		return bad_value(why, "attrs", r->attrs, &reason);
	if (r->attrs)
		nv->attrs = r->attrs;
	if (r->key_attrs && *r->key_attrs && check_attrs(r->key_attrs, &reason) != RES_DONE)
		return bad_value(why, "key_attrs", r->key_attrs, &reason);
	if (r->key_attrs)
		nv->key_attrs = r->key_attrs;
	if ((res = field_money("price", r->price, &nv->has_price, &nv->price, why)) != RES_DONE ||
	    (res = field_money("market_price", r->market_price, &nv->has_market, &nv->market,
			       why)) != RES_DONE ||
	    (res = field_money("cost", r->cost, &nv->has_cost, &nv->cost, why)) != RES_DONE)
		return res;
	if (r->barcode && *r->barcode && check_barcode(r->barcode, &reason) != RES_DONE)
		return bad_value(why, "barcode", r->barcode, &reason);
	if (r->barcode)
		nv->barcode = *r->barcode ? r->barcode : NULL;
	if (r->weight_g) {
		nv->has_weight = *r->weight_g != '\0';
		if (*r->weight_g && check_weight(r->weight_g, &nv->weight, &reason) != RES_DONE)
			return bad_value(why, "weight_g", r->weight_g, &reason);
	}
	if (r->status && *r->status && !(nv->status = status_name(r->status)))
		return res_fail(why, RES_BAD, "bad status '%s': use draft, active or inactive",
				r->status);
	if (r->backorder && *r->backorder) {
		if (parse_bool(r->backorder, &b, &w) < 0)
			return res_fail(why, RES_BAD, "bad backorder '%s': %s", r->backorder, w);
		nv->backorder = b;
	}
	if ((res = field_time("on_sale_from", r->on_sale_from, &nv->from, tbuf[0], why)) != RES_DONE)
		return res;
	return field_time("on_sale_until", r->on_sale_until, &nv->until, tbuf[1], why);
}

/* Rules across fields and records. */
static enum res
check_rules(const struct product_row *r, int64_t id, const struct pv *old, const struct pv *nv,
	    struct why *why)
{
	const char *w;
	int64_t t0, t1;
	db_stmt *st;

	if (nv->from && nv->until && parse_time(nv->from, &t0, &w) == 0 &&
	    parse_time(nv->until, &t1, &w) == 0 && t0 >= t1)
		return res_fail(why, RES_REFUSED, "on_sale_from '%s' is not before on_sale_until '%s'",
				nv->from, nv->until);
	if (!strcmp(nv->status, "active") && !nv->has_price)
		return res_fail(why, RES_REFUSED, "sku '%s' has no price; it cannot be active", r->sku);
	if (nv->barcode && tdiff(nv->barcode, old->barcode) && (w = queued_barcode(nv->barcode)))
		return res_fail(why, RES_REFUSED, "barcode '%s' is already used by sku '%s'",
				nv->barcode, w);
	if (nv->barcode && tdiff(nv->barcode, old->barcode) && !barcode_new(nv->barcode)) {
		st = db_prep("SELECT sku FROM sku WHERE barcode = ?1 AND id <> ?2");
		db_bind_text(st, 1, nv->barcode);
		db_bind_int(st, 2, id);
		if (db_step(st)) {
			res_fail(why, RES_REFUSED, "barcode '%s' is already used by sku '%s'",
				 nv->barcode, db_col_text(st, 0));
			db_reset(st);
			return RES_REFUSED;
		}
	}
	return RES_DONE;
}

/* Validate r against the stored values old (exists when id) into nv. */
static enum res
product_check(const struct product_row *r, int64_t id, const struct pv *old, struct pv *nv,
	      struct sbuf *catpath, char tbuf[2][TIME_BUFSZ], struct why *why)
{
	enum res res;

	*nv = *old;
	if (!id && (!r->name || !*r->name))
		return res_fail(why, RES_BAD, "missing name for new sku '%s'", r->sku);
	if ((res = resolve_spu(r, old, nv, why)) != RES_DONE ||
	    (res = resolve_places(r, id, nv, catpath, why)) != RES_DONE ||
	    (res = check_fields(r, nv, tbuf, why)) != RES_DONE)
		return res;
	return check_rules(r, id, old, nv, why);
}

/* Bind every column but the three ids (params 1-3), from 4 on, without
 * copies: the caller steps st while the row and cur still hold the text. */
static void
bind_values(db_stmt *st, const struct pv *v)
{
	static char ts[TIME_BUFSZ]; /* the clock is fixed for the run */

	if (!*ts)
		format_time(shop_now(), ts);
	db_bind_static(st, 4, v->name);
	db_bind_static(st, 5, v->attrs);
	db_bind_static(st, 6, v->key_attrs);
	db_bind_opt_int(st, 7, v->has_price, v->price);
	db_bind_opt_int(st, 8, v->has_market, v->market);
	db_bind_opt_int(st, 9, v->has_cost, v->cost);
	db_bind_static(st, 10, v->barcode);
	db_bind_opt_int(st, 11, v->has_weight, v->weight);
	db_bind_static(st, 12, v->status);
	db_bind_int(st, 13, v->backorder);
	db_bind_static(st, 14, v->from);
	db_bind_static(st, 15, v->until);
	db_bind_static(st, 16, ts);
}

/* ---- bulk loads ---- */

/* The state of a bulk load (product_bulk_begin .. product_bulk_end). */
#define BLOOM_BITS ((size_t)1 << 23) /* 1 MB; of 1M new keys 2% are looked up for nothing */
static struct {
	int on;
	int all_new;       /* the catalogue was empty at the start */
	int spu_all_new;   /* and so was the SPU table */
	uint64_t *bloom;   /* owned, all_new only: the skus applied so far */
	uint64_t *spus;    /* owned, spu_all_new only: the SPU codes created */
	uint64_t *codes;   /* owned, all_new only: the barcodes given so far, or NULL */
	uint32_t *line;    /* owned: line[id] = line that applied SKU id, 0 none */
	size_t nline;
} bulk;

/* Four probes of bits from one 64-bit hash (double hashing): add key, or
 * 0 if key was certainly never added. */
static int
bloom(uint64_t *bits, const char *key, int add)
{
	uint64_t h = hash_str(key), h1 = h, h2 = (h >> 32) | 1;
	int i, all = 1;

	for (i = 0; i < 4; i++) {
		size_t bit = (size_t)((h1 + (uint64_t)i * h2) % BLOOM_BITS);
		uint64_t mask = (uint64_t)1 << (bit % 64);

		if (add)
			bits[bit / 64] |= mask;
		else if (!(bits[bit / 64] & mask))
			all = 0;
	}
	return all;
}

/* In a first load, an SPU code not created by it is certainly new. */
static int
bulk_spu_new(const char *code)
{
	return bulk.spu_all_new && !bloom(bulk.spus, code, 0);
}

/* In a first load, a barcode not given by it is certainly free. */
static int
barcode_new(const char *barcode)
{
	return bulk.all_new && (!bulk.codes || !bloom(bulk.codes, barcode, 0));
}

/* (its filter is made by the first barcode: most loads have none) */
static void
bulk_barcode(const char *barcode)
{
	if (!bulk.all_new || !barcode)
		return;
	if (!bulk.codes)
		bulk.codes = xcalloc(BLOOM_BITS / 64, sizeof *bulk.codes);
	bloom(bulk.codes, barcode, 1);
}

/* The line that applied SKU id in this load, or 0. */
static size_t
bulk_line(int64_t id)
{
	return id > 0 && (size_t)id < bulk.nline ? bulk.line[id] : 0;
}

static void
bulk_line_set(int64_t id, size_t line)
{
	size_t n;

	if (!bulk.on || id <= 0)
		return;
	if ((size_t)id >= bulk.nline) {
		n = bulk.nline ? bulk.nline : 1024;
		while (n <= (size_t)id)
			n *= 2;
		bulk.line = xrealloc(bulk.line, n * sizeof *bulk.line);
		memset(bulk.line + bulk.nline, 0, (n - bulk.nline) * sizeof *bulk.line);
		bulk.nline = n;
	}
	bulk.line[id] = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
}

static void
bulk_applied(int64_t id, const char *sku, size_t line)
{
	if (!bulk.on || id <= 0)
		return;
	bulk_line_set(id, line);
	if (bulk.all_new)
		bloom(bulk.bloom, sku, 1);
}

/*
 * The queue of a queued bulk load (product_bulk_queue): new SKUs checked
 * and waiting to be written together. Everything a later record is
 * checked against that the table does not show yet is kept here: their
 * skus (a second record is "already on line N"), barcodes, the SPUs they
 * name that do not exist yet, and their categories (a category created
 * under one of them must see them).
 */
struct queued_sku {
	struct pv v;             /* ids and numbers; its text is below */
	size_t sku, spu, name, attrs, key_attrs, barcode, from, until; /* q_text */
	size_t line;
};

static struct {
	int on;
	struct queued_sku *rows; /* owned */
	size_t n, cap;
	struct sbuf text;        /* owned: the rows' text, NUL-separated */
	struct strmap skus;      /* sku -> its line (val) */
	struct strmap barcodes;  /* barcode -> its row (val) */
	struct strmap spus;      /* SPU code to create -> id once written (val) */
	struct strmap cats;      /* the rows' category paths */
} q = { 0, NULL, 0, 0, SBUF_INIT, STRMAP_INIT(0), STRMAP_INIT(0), STRMAP_INIT(0),
	STRMAP_INIT(0) };

/* s kept in q.text: its offset + 1, 0 for NULL */
static size_t
q_text(const char *s)
{
	size_t o = q.text.len;

	if (!s)
		return 0;
	sbuf_add(&q.text, s, strlen(s) + 1);
	return o + 1;
}

static const char *
q_str(size_t o)
{
	return o ? q.text.s + o - 1 : NULL;
}

/* Is the SPU code to be created by a queued SKU? */
static int
queued_spu(const char *code)
{
	return q.on && strmap_get(&q.spus, code) != NULL;
}

/* The queued SKU that has barcode, or NULL. */
static const char *
queued_barcode(const char *barcode)
{
	struct strmap_ent *e = q.on ? strmap_get(&q.barcodes, barcode) : NULL;

	return e ? q_str(q.rows[e->val].sku) : NULL;
}

/* Is a category above path (a path to create) the category of a queued
 * SKU? */
static int
queued_under(const char *path)
{
	char *p;
	size_t i;
	int found = 0;

	if (!q.on || !q.cats.n)
		return 0;
	p = xstrdup(path);
	for (i = strlen(p); i-- > 0 && !found;) {
		if (p[i] != '/')
			continue;
		p[i] = '\0';
		found = strmap_get(&q.cats, p) != NULL;
	}
	free(p);
	return found;
}

/* Create the brand and category a new SKU names, then queue it. */
static enum res
queue_sku(const struct product_row *r, struct pv *nv, const char *catpath)
{
	struct queued_sku *e;

	if (nv->brand_id == -1)
		nv->brand_id = brand_create(r->brand);
	if (nv->cat_id == -1)
		nv->cat_id = category_create(catpath);
	if (q.n == q.cap) {
		q.cap = q.cap ? 2 * q.cap : 1024;
		q.rows = xrealloc(q.rows, q.cap * sizeof *q.rows);
	}
	e = &q.rows[q.n];
	e->v = *nv;
	e->v.spu_name = e->v.spu_stored = e->v.name = e->v.attrs = e->v.key_attrs = NULL;
	e->v.barcode = e->v.from = e->v.until = NULL;
	e->sku = q_text(r->sku);
	e->spu = 0;
	if (nv->spu_id == -1) {
		e->spu = q_text(r->spu);
		strmap_at(&q.spus, r->spu);
	}
	e->name = q_text(nv->name);
	e->attrs = q_text(nv->attrs);
	e->key_attrs = q_text(nv->key_attrs);
	e->barcode = q_text(nv->barcode);
	e->from = q_text(nv->from);
	e->until = q_text(nv->until);
	e->line = r->line;
	strmap_put(&q.skus, r->sku, (int64_t)r->line, 0);
	if (nv->barcode)
		strmap_put(&q.barcodes, nv->barcode, (int64_t)q.n, 0);
	if (r->category && *r->category)
		strmap_put(&q.cats, catpath, nv->cat_id, 0);
	bulk_barcode(nv->barcode);
	if (bulk.all_new)
		bloom(bulk.bloom, r->sku, 1);
	q.n++;
	return RES_PENDING;
}

/* The values of queued row e, its text pointing into q.text. */
static void
queued_pv(const struct queued_sku *e, struct pv *v)
{
	*v = e->v;
	v->name = q_str(e->name);
	v->attrs = q_str(e->attrs);
	v->key_attrs = q_str(e->key_attrs);
	v->barcode = q_str(e->barcode);
	v->from = q_str(e->from);
	v->until = q_str(e->until);
	if (e->spu)
		v->spu_id = strmap_get(&q.spus, q_str(e->spu))->val;
}

/* The ids of the rows of table (sku or spu) after id last whose code
 * (col) is a key of m: the rows a bulk copy wrote. In pages by id: other
 * processes' rows may be among them. Each goes to got(id, entry). */
static void
read_ids(const char *sql, int64_t last, struct strmap *m,
	 void (*got)(int64_t id, const char *code, struct strmap_ent *e))
{
	int64_t page = (int64_t)m->n + 1, n, found = 0;
	struct strmap_ent *e;
	db_stmt *st;

	do {
		st = db_prep(sql);
		db_bind_int(st, 1, last);
		db_bind_int(st, 2, page);
		for (n = 0; db_step(st); n++) {
			last = db_col_int(st, 0);
			if ((e = strmap_get(m, db_col_text(st, 1)))) {
				got(last, db_col_text(st, 1), e);
				found++;
			}
		}
	} while (n == page && found < (int64_t)m->n);
}

static void
got_spu(int64_t id, const char *code, struct strmap_ent *e)
{
	e->val = id;
	if (bulk.spu_all_new)
		bloom(bulk.spus, code, 1);
}

/* The new SPUs into the table, in the order they came: 0 if one of them
 * was written meanwhile (by a record written at once, or another process),
 * and then none is. */
static int
copy_spus(void)
{
	const char *p, *end = q.spus.arena.s + q.spus.arena.len;

	db_savepoint();
	db_copy_begin("spu", "code, name", 2);
	for (p = q.spus.arena.s; p < end; p += strlen(p) + 1) {
		db_copy_text(p);
		db_copy_text("");
		db_copy_row_end();
	}
	if (db_copy_end()) {
		db_release();
		return 1;
	}
	db_rollback_to();
	return 0;
}

/* The SPUs the queue names that did not exist, and their ids. */
static void
write_spus(void)
{
	const char *p, *end;
	struct strmap_ent *e;
	int64_t seq = 0;
	int64_t last;
	db_stmt *st;

	if (!q.spus.n)
		return;
	last = db_int(db_prep("SELECT COALESCE(max(id), 0) FROM spu"), 0);
	if (copy_spus()) {
		read_ids("SELECT id, code FROM spu WHERE id > ?1 ORDER BY id LIMIT ?2", last, &q.spus,
			 got_spu);
		return;
	}
	/* some exist: through a staging table, taking what is there */
	db_temp_table("stage_spu", "CREATE TEMP TABLE IF NOT EXISTS stage_spu ("
				   "seq INTEGER PRIMARY KEY, code TEXT NOT NULL)");
	db_copy_begin("stage_spu", "seq, code", 2);
	end = q.spus.arena.s + q.spus.arena.len;
	for (p = q.spus.arena.s; p < end; p += strlen(p) + 1) {
		db_copy_int(seq++);
		db_copy_text(p);
		db_copy_row_end();
	}
	db_copy_end();
	db_run(db_prep("INSERT INTO spu (code, name) SELECT code, '' FROM stage_spu WHERE true "
		       "ORDER BY seq ON CONFLICT (code) DO NOTHING"));
	st = db_prep("SELECT p.id, t.code FROM stage_spu t JOIN spu p ON p.code = t.code");
	while (db_step(st))
		if ((e = strmap_get(&q.spus, db_col_text(st, 1))))
			got_spu(db_col_int(st, 0), db_col_text(st, 1), e);
}

#define SKU_INSERT                                                                             \
	"INSERT INTO sku (spu_id, brand_id, category_id, name, attrs, key_attrs, price, "     \
	"market_price, cost, barcode, weight_g, status, backorder, on_sale_from, "            \
	"on_sale_until, created_at, updated_at, sku) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, " \
	"?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16, ?17) RETURNING id"

static void
copy_opt_int(int has, int64_t v)
{
	if (has)
		db_copy_int(v);
	else
		db_copy_text(NULL);
}

/* The queued SKUs straight into the table: 0 if one of them broke a
 * unique key (another process wrote it meanwhile), and then none is. */
static int
copy_skus(const char *ts)
{
	struct pv v;
	size_t i;

	db_savepoint();
	db_copy_begin("sku", "spu_id, brand_id, category_id, name, attrs, key_attrs, price, "
			     "market_price, cost, barcode, weight_g, status, backorder, on_sale_from, "
			     "on_sale_until, created_at, updated_at, sku", 18);
	for (i = 0; i < q.n; i++) {
		queued_pv(&q.rows[i], &v);
		copy_opt_int(v.spu_id > 0, v.spu_id);
		copy_opt_int(v.brand_id > 0, v.brand_id);
		copy_opt_int(v.cat_id > 0, v.cat_id);
		db_copy_text(v.name);
		db_copy_text(v.attrs);
		db_copy_text(v.key_attrs);
		copy_opt_int(v.has_price, v.price);
		copy_opt_int(v.has_market, v.market);
		copy_opt_int(v.has_cost, v.cost);
		db_copy_text(v.barcode);
		copy_opt_int(v.has_weight, v.weight);
		db_copy_text(v.status);
		db_copy_int(v.backorder);
		db_copy_text(v.from);
		db_copy_text(v.until);
		db_copy_text(ts);
		db_copy_text(ts);
		db_copy_text(q_str(q.rows[i].sku));
		db_copy_row_end();
	}
	if (db_copy_end()) {
		db_release();
		return 1;
	}
	db_rollback_to();
	return 0;
}

static void
got_sku(int64_t id, const char *code, struct strmap_ent *e)
{
	(void)code;
	bulk_line_set(id, (size_t)e->val);
}

/* Write the queue: its new SPUs, then its SKUs by one bulk copy; if that
 * meets a SKU or barcode written meanwhile, one by one as product_upsert
 * would (and a lost race ends as there). */
static void
queue_write(void)
{
	static char ts[TIME_BUFSZ]; /* the clock is fixed for the run */
	int64_t last;
	struct pv v;
	db_stmt *w;
	size_t i;

	if (!q.n)
		return;
	if (!*ts)
		format_time(shop_now(), ts);
	write_spus();
	last = db_int(db_prep("SELECT COALESCE(max(id), 0) FROM sku"), 0);
	if (copy_skus(ts)) {
		read_ids("SELECT id, sku FROM sku WHERE id > ?1 ORDER BY id LIMIT ?2", last, &q.skus,
			 got_sku);
	} else {
		for (i = 0; i < q.n; i++) {
			queued_pv(&q.rows[i], &v);
			w = db_prep(SKU_INSERT);
			bind_values(w, &v);
			db_bind_opt_int(w, 1, v.spu_id > 0, v.spu_id);
			db_bind_opt_int(w, 2, v.brand_id > 0, v.brand_id);
			db_bind_opt_int(w, 3, v.cat_id > 0, v.cat_id);
			db_bind_static(w, 17, q_str(q.rows[i].sku));
			bulk_line_set(db_int(w, -1), q.rows[i].line);
		}
	}
	q.n = 0;
	sbuf_reset(&q.text);
	strmap_release(&q.skus);
	strmap_release(&q.barcodes);
	strmap_release(&q.spus);
	strmap_release(&q.cats);
}

void
product_bulk_begin(void)
{
	db_stmt *st = db_prep("SELECT CASE WHEN EXISTS (SELECT 1 FROM sku) THEN 0 ELSE 1 END, "
			      "CASE WHEN EXISTS (SELECT 1 FROM spu) THEN 0 ELSE 1 END");

	memset(&bulk, 0, sizeof bulk);
	bulk.on = 1;
	if (db_step(st)) {
		bulk.all_new = (int)db_col_int(st, 0);
		bulk.spu_all_new = bulk.all_new && db_col_int(st, 1);
	}
	db_reset(st);
	if (bulk.all_new)
		bulk.bloom = xcalloc(BLOOM_BITS / 64, sizeof *bulk.bloom);
	if (bulk.spu_all_new)
		bulk.spus = xcalloc(BLOOM_BITS / 64, sizeof *bulk.spus);
}

void
product_bulk_queue(void)
{
	if (!bulk.on)
		die(EX_INTERNAL, "product_bulk_queue outside a bulk load");
	q.on = 1;
}

void
product_bulk_flush(void)
{
	queue_write();
}

void
product_bulk_end(void)
{
	if (q.n)
		die(EX_INTERNAL, "product_bulk_end: %zu SKUs never written", q.n);
	free(q.rows);
	sbuf_release(&q.text);
	memset(&q, 0, sizeof q);
	free(bulk.bloom);
	free(bulk.spus);
	free(bulk.codes);
	free(bulk.line);
	memset(&bulk, 0, sizeof bulk);
}

/* cur, if it was prepared, off its row */
static void
cur_done(db_stmt *cur)
{
	if (cur)
		db_reset(cur);
}

enum res
product_upsert(const struct product_row *r, struct why *why)
{
	static const struct pv fresh = { .attrs = "", .key_attrs = "", .status = "draft" };
	static struct sbuf catpath = SBUF_INIT; /* reused: no allocation per row */
	char tbuf[2][TIME_BUFSZ];
	struct pv old = fresh, nv;
	struct strmap_ent *e;
	db_stmt *cur = NULL, *w;
	int64_t id, new_id = 0;
	enum res res;

	if ((res = code_check("sku", r->sku, why)) != RES_DONE)
		return res;
	if (q.on && (e = strmap_get(&q.skus, r->sku)))
		return res_fail(why, RES_REFUSED, "sku '%s' is already on line %zu of this file",
				r->sku, (size_t)e->val);
	/* a first load: what the filter has not seen cannot be there */
	if (bulk.all_new && !bloom(bulk.bloom, r->sku, 0)) {
		id = 0;
	} else {
		cur = db_prep("SELECT s.id, s.spu_id, s.name, s.brand_id, s.category_id, s.attrs, "
			      "s.key_attrs, s.price, s.market_price, s.cost, s.barcode, s.weight_g, "
			      "s.status, s.backorder, s.on_sale_from, s.on_sale_until, p.name "
			      "FROM sku s LEFT JOIN spu p ON p.id = s.spu_id WHERE s.sku = ?1");
		id = sku_load(cur, r->sku, &old);
	}
	if (bulk_line(id)) {
		cur_done(cur);
		return res_fail(why, RES_REFUSED, "sku '%s' is already on line %zu of this file",
				r->sku, bulk_line(id));
	}
	if ((res = product_check(r, id, &old, &nv, &catpath, tbuf, why)) != RES_DONE) {
		cur_done(cur);
		return res;
	}
	if (nv.cat_id == -1 && queued_under(sbuf_str(&catpath))) {
		/* a queued SKU is on a category above the one to create: the
		 * check must see it, so write the queue and check again */
		cur_done(cur);
		queue_write();
		return product_upsert(r, why);
	}
	if (id && !pv_differs(&old, &nv)) {
		cur_done(cur);
		bulk_applied(id, r->sku, r->line);
		return RES_SKIPPED;
	}
	if (!id && q.on && !r->spu_name) {
		cur_done(cur);
		return queue_sku(r, &nv, sbuf_str(&catpath));
	}

	/* bind while the borrowed text is valid, then create what is named */
	if (id) {
		w = db_prep("UPDATE sku SET spu_id = ?1, brand_id = ?2, category_id = ?3, name = ?4, "
			    "attrs = ?5, key_attrs = ?6, price = ?7, market_price = ?8, cost = ?9, "
			    "barcode = ?10, weight_g = ?11, status = ?12, backorder = ?13, "
			    "on_sale_from = ?14, on_sale_until = ?15, updated_at = ?16 WHERE id = ?17");
		db_bind_int(w, 17, id);
	} else {
		w = db_prep(SKU_INSERT);
		db_bind_static(w, 17, r->sku);
	}
	bind_values(w, &nv);
	if (nv.spu_id == -1) {
		db_stmt *st = db_prep("INSERT INTO spu (code, name) VALUES (?1, ?2) "
				      "ON CONFLICT (code) DO NOTHING RETURNING id");

		db_bind_text(st, 1, r->spu);
		db_bind_text(st, 2, r->spu_name ? r->spu_name : "");
		nv.spu_id = db_int(st, -1);
		if (nv.spu_id < 0) /* another process added it meanwhile */
			nv.spu_id = db_lookup_id("SELECT id FROM spu WHERE code = ?1", r->spu);
		spu_remember(r->spu, nv.spu_id, r->spu_name ? r->spu_name : "");
		if (bulk.spu_all_new)
			bloom(bulk.spus, r->spu, 1);
	} else if (nv.spu_id > 0 && r->spu_name && tdiff(nv.spu_name, nv.spu_stored)) {
		db_stmt *st = db_prep("UPDATE spu SET name = ?1 WHERE id = ?2");

		db_bind_text(st, 1, r->spu_name);
		db_bind_int(st, 2, nv.spu_id);
		db_run(st);
		spu_last.id = 0;
	}
	if (nv.brand_id == -1)
		nv.brand_id = brand_create(r->brand);
	if (nv.cat_id == -1)
		nv.cat_id = category_create(sbuf_str(&catpath));
	db_bind_opt_int(w, 1, nv.spu_id > 0, nv.spu_id);
	db_bind_opt_int(w, 2, nv.brand_id > 0, nv.brand_id);
	db_bind_opt_int(w, 3, nv.cat_id > 0, nv.cat_id);
	if (id)
		db_run(w);
	else
		new_id = db_int(w, -1);
	bulk_barcode(nv.barcode);
	cur_done(cur); /* only now: w's values may be cur's columns */
	bulk_applied(id ? id : new_id, r->sku, r->line);
	return id ? RES_UPDATED : RES_DONE;
}

/* Each query yields one text column per violation (see db_report). */
#define SKU_IS "'sku ''' || s.sku || ''': '"
static const char *const catalogue_checks[] = {
	/* the references the bulk insert keeps by itself (no foreign keys) */
	"SELECT " SKU_IS " || 'brand #' || s.brand_id || ' does not exist' FROM sku s "
	"WHERE s.brand_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM brand b WHERE b.id = s.brand_id) "
	"ORDER BY s.sku",
	"SELECT " SKU_IS " || 'category #' || s.category_id || ' does not exist' FROM sku s "
	"WHERE s.category_id IS NOT NULL "
	"AND NOT EXISTS (SELECT 1 FROM category c WHERE c.id = s.category_id) ORDER BY s.sku",
	"SELECT " SKU_IS " || 'spu #' || s.spu_id || ' does not exist' FROM sku s "
	"WHERE s.spu_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM spu p WHERE p.id = s.spu_id) "
	"ORDER BY s.sku",
	/* a SKU hangs on a leaf */
	"SELECT " SKU_IS " || 'category ''' || c.path || ''' has subcategories' "
	"FROM sku s JOIN category c ON c.id = s.category_id "
	"WHERE EXISTS (SELECT 1 FROM category k WHERE k.parent_id = c.id) ORDER BY s.sku",
	/* the tree: a path is its parent's path and its name, depth 1..4 */
	"SELECT 'category ''' || c.path || ''': ' || CASE "
	"WHEN c.parent_id IS NOT NULL AND p.id IS NULL THEN 'parent #' || c.parent_id || ' does not exist' "
	"ELSE 'path or depth does not match ' || COALESCE('its parent ''' || p.path || '''', "
	"'a top level category') END "
	"FROM category c LEFT JOIN category p ON p.id = c.parent_id "
	"WHERE (c.parent_id IS NULL AND (c.depth <> 1 OR c.path <> c.name)) "
	"OR (c.parent_id IS NOT NULL AND (p.id IS NULL OR c.depth <> p.depth + 1 "
	"OR c.path <> p.path || '/' || c.name)) ORDER BY c.path",
	/* what only what is for sale needs */
	"SELECT " SKU_IS " || 'active without a price' FROM sku s "
	"WHERE s.status = 'active' AND s.price IS NULL ORDER BY s.sku",
	/* rows pointing at SKUs (foreign keys hold them; sqlite3 by hand does not) */
	"SELECT 'price list entry #' || l.id || ': sku #' || l.sku_id || ' does not exist' "
	"FROM price_list l WHERE NOT EXISTS (SELECT 1 FROM sku s WHERE s.id = l.sku_id)",
	"SELECT 'part number ''' || m.part_no || ''' of ' || COALESCE((SELECT '''' || c.code || '''' "
	"FROM customer c WHERE c.id = m.customer_id), 'customer #' || m.customer_id) "
	"|| ': sku #' || m.sku_id || ' does not exist' FROM customer_part m "
	"WHERE NOT EXISTS (SELECT 1 FROM sku s WHERE s.id = m.sku_id)",
	"SELECT 'supplier code ''' || m.supplier_sku || ''' of ''' || m.supplier || ''': sku #' "
	"|| m.sku_id || ' does not exist' FROM supplier_code m "
	"WHERE NOT EXISTS (SELECT 1 FROM sku s WHERE s.id = m.sku_id)",
};
#undef SKU_IS

size_t
catalogue_check(void (*report)(const char *line, void *arg), void *arg)
{
	return db_report(catalogue_checks, sizeof catalogue_checks / sizeof catalogue_checks[0],
			 report, arg);
}
int64_t
product_sku_id(const char *sku)
{
	return db_lookup_id("SELECT id FROM sku WHERE sku = ?1", sku);
}

/* ASCII upper or lower case of s, malloc'd. */
static char *
ascii_case(const char *s, int upper)
{
	char *t = xstrdup(s), *p;

	for (p = t; *p; p++)
		if (upper && *p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
		else if (!upper && *p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return t;
}

enum res
product_find(const char *sku, int64_t *id, struct why *why)
{
	char *up, *low, *shown;
	db_stmt *st;

	if (!sku || !*sku)
		return res_fail(why, RES_BAD, "missing sku");
	*id = product_sku_id(sku);
	if (*id >= 0)
		return RES_DONE;
	/* the same code in another case: all upper or all lower, as people
	 * type them, through the unique index rather than a scan */
	up = ascii_case(sku, 1);
	low = ascii_case(sku, 0);
	shown = code_shown(sku);
	st = db_prep("SELECT sku FROM sku WHERE sku = ?1 OR sku = ?2 ORDER BY sku");
	db_bind_text(st, 1, up);
	db_bind_text(st, 2, low);
	if (db_step(st))
		res_fail(why, RES_NOTFOUND, "unknown sku '%s' (did you mean '%s'?)", shown,
			 db_col_text(st, 0));
	else
		res_fail(why, RES_NOTFOUND, "unknown sku '%s'", shown);
	db_reset(st);
	free(up);
	free(low);
	free(shown);
	return RES_NOTFOUND;
}

#define SALE_COLS "id, sku, status, on_sale_from, on_sale_until, price, weight_g, backorder, " \
	"COALESCE(brand_id, 0), COALESCE(category_id, 0)"

/* A row of SALE_COLS into s. */
static void
sale_fill(db_stmt *st, struct product_sale *s)
{
	const char *w;

	memset(s, 0, sizeof *s);
	s->id = db_col_int(st, 0);
	snprintf(s->sku, sizeof s->sku, "%s", db_col_text(st, 1));
	snprintf(s->status, sizeof s->status, "%s", db_col_text(st, 2));
	s->active = !strcmp(s->status, "active");
	if (!db_col_is_null(st, 3) && parse_time(db_col_text(st, 3), &s->from, &w) == 0) {
		s->has_from = 1;
		snprintf(s->from_text, sizeof s->from_text, "%s", db_col_text(st, 3));
	}
	if (!db_col_is_null(st, 4) && parse_time(db_col_text(st, 4), &s->until, &w) == 0) {
		s->has_until = 1;
		snprintf(s->until_text, sizeof s->until_text, "%s", db_col_text(st, 4));
	}
	s->price = db_col_is_null(st, 5) ? -1 : db_col_int(st, 5);
	s->weight_g = db_col_int(st, 6);
	s->backorder = db_col_int(st, 7) != 0;
	s->brand_id = db_col_int(st, 8);
	s->category_id = db_col_int(st, 9);
}

enum res
product_sale_load(int64_t sku_id, struct product_sale *s, struct why *why)
{
	db_stmt *st = db_prep("SELECT " SALE_COLS " FROM sku WHERE id = ?1");

	db_bind_int(st, 1, sku_id);
	if (!db_step(st)) {
		memset(s, 0, sizeof *s);
		return res_fail(why, RES_NOTFOUND, "unknown sku id %lld", (long long)sku_id);
	}
	sale_fill(st, s);
	db_reset(st);
	return RES_DONE;
}

void
product_sale_load_codes(const char *const *codes, size_t n,
			void (*each)(const struct product_sale *s, void *arg), void *arg)
{
	struct product_sale s;
	db_stmt *st;

	if (!n)
		return;
	db_stage_codes(codes, n);
	st = db_prep("SELECT " SALE_COLS " FROM sku WHERE sku IN (SELECT code FROM stage_code)");
	while (db_step(st)) {
		sale_fill(st, &s);
		each(&s, arg);
	}
}

enum res
product_sale_check(const struct product_sale *s, int64_t now, struct why *why)
{
	if (!s->active)
		return res_fail(why, RES_REFUSED, "sku '%s' is %s", s->sku, s->status);
	if (s->has_from && now < s->from)
		return res_fail(why, RES_REFUSED, "sku '%s' is on sale from %s", s->sku, s->from_text);
	if (s->has_until && now >= s->until)
		return res_fail(why, RES_REFUSED, "sku '%s' was on sale until %s", s->sku,
				s->until_text);
	return RES_DONE;
}

enum res
product_on_sale(int64_t sku_id, int64_t now, struct why *why)
{
	struct product_sale s;
	enum res rc;

	if ((rc = product_sale_load(sku_id, &s, why)))
		return rc;
	return product_sale_check(&s, now, why);
}
