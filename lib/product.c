/* product.c - the product center's rules: one product record validated and
 * upserted by sku, the category tree, brands, SPUs, price lists, customer
 * part numbers and supplier codes */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "db.h"
#include "err.h"
#include "money.h"
#include "parse.h"
#include "product.h"
#include "strmap.h"
#include "util.h"

#define WEIGHT_MAX 1000000000 /* a thousand tonnes is surely a typo */

/* Set why and the kind of failure; returns -1 for "return bad(...)". */
static int
bad(struct why *why, enum res *code, enum res kind, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
bad(struct why *why, enum res *code, enum res kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why->msg, sizeof why->msg, fmt, ap);
	va_end(ap);
	if (code)
		*code = kind;
	return -1;
}

/* ---- caches of brand and category look-ups ---- */

/* Bounded: a file with more distinct names just looks the rest up. The
 * value is the id; aux, for categories, whether it has subcategories. */
#define SMAP_MAX 16384

static struct strmap brands = STRMAP_INIT(SMAP_MAX), cats = STRMAP_INIT(SMAP_MAX);

/* The last SPU looked up: the variants of one SPU come together. */
static struct {
	struct sbuf code, name;  /* owned */
	int64_t id;              /* 0: nothing cached */
} spu_last;

void
product_cache_clear(void)
{
	strmap_release(&brands);
	strmap_release(&cats);
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

/* ---- brands ---- */

/* id of a brand, or 0 when there is none */
static int64_t
brand_lookup(const char *name)
{
	struct strmap_ent *e = strmap_get(&brands, name);
	db_stmt *st;
	int64_t id;

	if (e)
		return e->val;
	st = db_prep("SELECT id FROM brand WHERE name = ?");
	db_bind_text(st, 1, name);
	if (!db_step(st))
		return 0;
	id = db_col_int(st, 0);
	db_reset(st);
	strmap_put(&brands, name, id, 0);
	return id;
}

static int64_t
brand_create(const char *name)
{
	db_stmt *st = db_prep("INSERT INTO brand (name) VALUES (?1) RETURNING id");
	int64_t id;

	db_bind_text(st, 1, name);
	id = db_int(st, -1);
	strmap_put(&brands, name, id, 0);
	return id;
}

/* ---- categories ---- */

int
category_normalize(const char *path, struct sbuf *out, int *depth, const char **why)
{
	const char *p = path, *e, *a, *b;

	sbuf_reset(out);
	*depth = 0;
	for (;;) {
		e = strchr(p, '/');
		if (!e)
			e = p + strlen(p);
		for (a = p; a < e && (*a == ' ' || *a == '\t'); a++)
			;
		for (b = e; b > a && (b[-1] == ' ' || b[-1] == '\t'); b--)
			;
		if (a == b) {
			*why = "empty level";
			return -1;
		}
		if (*depth)
			sbuf_addc(out, '/');
		sbuf_add(out, a, (size_t)(b - a));
		(*depth)++;
		if (!*e)
			break;
		p = e + 1;
	}
	return 0;
}

/* Look up a normalized path: 1 and its id and whether it has children,
 * or 0. */
static int
cat_lookup(const char *path, int64_t *id, int *has_children)
{
	struct strmap_ent *e = strmap_get(&cats, path);
	db_stmt *st;

	if (e) {
		*id = e->val;
		*has_children = (int)e->aux;
		return 1;
	}
	st = db_prep("SELECT c.id, EXISTS (SELECT 1 FROM category k WHERE k.parent_id = c.id) "
		     "FROM category c WHERE c.path = ?");
	db_bind_text(st, 1, path);
	if (!db_step(st))
		return 0;
	*id = db_col_int(st, 0);
	*has_children = (int)db_col_int(st, 1);
	db_reset(st);
	strmap_put(&cats, path, *id, *has_children);
	return 1;
}

/* Does a category hold SKUs other than except_id? */
static int64_t
cat_skus(int64_t cat_id, int64_t except_id)
{
	db_stmt *st = db_prep("SELECT count(*) FROM sku WHERE category_id = ? AND id <> ?");
	int64_t n;

	db_bind_int(st, 1, cat_id);
	db_bind_int(st, 2, except_id);
	db_step(st);
	n = db_col_int(st, 0);
	db_reset(st);
	return n;
}

/* Length of the parent's path within path, or 0 for a top level. */
static size_t
parent_len(const char *path, size_t len)
{
	while (len > 0 && path[len - 1] != '/')
		len--;
	return len ? len - 1 : 0;
}

/*
 * Check that a SKU (sku_id, or 0 for none) may hang on the normalized
 * path of the given depth: the category is a leaf, or it will be created
 * under an ancestor that holds no other SKUs. *id gets its id, or -1 when
 * it must be created.
 */
static int
cat_check(const char *path, int depth, int64_t sku_id, int64_t *id, struct why *why, enum res *code)
{
	char *prefix;
	size_t len;
	int kids, rc = 0;
	int64_t pid, n;

	if (depth > CATEGORY_MAX_DEPTH)
		return bad(why, code, RES_REFUSED, "category '%s' has %d levels; at most %d",
			   path, depth, CATEGORY_MAX_DEPTH);
	if (cat_lookup(path, id, &kids)) {
		if (kids && sku_id >= 0)
			return bad(why, code, RES_REFUSED,
				   "category '%s' has subcategories; a sku goes on a leaf", path);
		return 0;
	}
	*id = -1;
	/* the nearest existing ancestor must not hold SKUs */
	prefix = xstrdup(path);
	for (len = parent_len(path, strlen(path)); len > 0; len = parent_len(path, len)) {
		prefix[len] = '\0';
		if (!cat_lookup(prefix, &pid, &kids))
			continue;
		n = cat_skus(pid, sku_id);
		if (n > 0)
			rc = bad(why, code, RES_REFUSED,
				 "category '%s' holds %lld sku%s; cannot add '%s' under it", prefix,
				 (long long)n, n == 1 ? "" : "s", path);
		break;
	}
	free(prefix);
	return rc;
}

/* Create a normalized path checked by cat_check, with its missing
 * ancestors, top down. */
static int64_t
cat_create(const char *path)
{
	char *prefix = xstrdup(path);
	size_t pos, name = 0, ppos = 0;
	int64_t parent = 0, id = 0;
	int kids, depth = 0;
	db_stmt *st;

	for (pos = 0;; pos++) {
		if (path[pos] != '/' && path[pos] != '\0')
			continue;
		depth++;
		prefix[pos] = '\0';
		if (!cat_lookup(prefix, &id, &kids)) {
			st = db_prep("INSERT INTO category (parent_id, name, path, depth) "
				     "VALUES (?1, ?2, ?3, ?4) RETURNING id");
			db_bind_opt_int(st, 1, parent > 0, parent);
			db_bind_text(st, 2, prefix + name);
			db_bind_text(st, 3, prefix);
			db_bind_int(st, 4, depth);
			id = db_int(st, -1);
			strmap_put(&cats, prefix, id, 0);
			if (parent > 0) { /* the parent has children now */
				prefix[ppos] = '\0';
				strmap_put(&cats, prefix, parent, 1);
				prefix[ppos] = '/';
			}
		}
		if (!path[pos])
			break;
		prefix[pos] = '/';
		parent = id;
		ppos = pos;
		name = pos + 1;
	}
	free(prefix);
	return id;
}

int64_t
category_id(const char *path)
{
	struct sbuf norm = SBUF_INIT;
	const char *why;
	int64_t id = -1;
	int depth, kids;

	if (category_normalize(path, &norm, &depth, &why) == 0 &&
	    !cat_lookup(sbuf_str(&norm), &id, &kids))
		id = -1;
	sbuf_release(&norm);
	return id;
}

int64_t
category_ensure(const char *path, int *created, struct why *why, enum res *code)
{
	struct sbuf norm = SBUF_INIT;
	const char *w;
	int64_t id = -1;
	int depth;

	*created = 0;
	if (category_normalize(path, &norm, &depth, &w) < 0) {
		bad(why, code, RES_BAD, "bad category '%s': %s", path, w);
	} else if (cat_check(sbuf_str(&norm), depth, -1, &id, why, code) == 0) {
		/* sku_id -1: no SKU goes there, any existing category will do */
		if (id < 0) {
			id = cat_create(sbuf_str(&norm));
			*created = 1;
		}
	} else {
		id = -1;
	}
	sbuf_release(&norm);
	return id;
}

/* ---- field checks ---- */

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

static int
check_barcode(const char *s, struct why *why, enum res *code)
{
	size_t n = strlen(s), i;
	int want;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return bad(why, code, RES_BAD, "bad barcode '%s': digits only", s);
	if (n != 8 && n != 12 && n != 13 && n != 14)
		return bad(why, code, RES_BAD,
			   "bad barcode '%s': not 8, 12, 13 or 14 digits (EAN-8, UPC-A, EAN-13, GTIN-14)",
			   s);
	want = gs1_check_digit(s, n);
	if (s[n - 1] - '0' != want)
		return bad(why, code, RES_BAD, "bad barcode '%s': check digit should be %d", s,
			   want);
	return 0;
}

/* "k=v;k=v": every pair has '=' and a non-empty key, keys unique (ASCII
 * case ignored). "" is no attributes. */
static int
check_attrs(const char *field, const char *s, struct why *why, enum res *code)
{
	const char *p = s, *e, *eq, *q, *qe, *qeq;

	if (!*s)
		return 0;
	for (;;) {
		e = strchr(p, ';');
		if (!e)
			e = p + strlen(p);
		if (e == p)
			return bad(why, code, RES_BAD, "bad %s '%s': empty pair", field, s);
		eq = memchr(p, '=', (size_t)(e - p));
		if (!eq)
			return bad(why, code, RES_BAD, "bad %s '%s': '%.*s' is not key=value",
				   field, s, (int)(e - p), p);
		if (eq == p)
			return bad(why, code, RES_BAD, "bad %s '%s': empty key", field, s);
		for (q = s; q < p; q = qe + 1) {
			qe = strchr(q, ';');
			qeq = memchr(q, '=', (size_t)(qe - q));
			if (memeqi(q, (size_t)(qeq - q), p, (size_t)(eq - p)))
				return bad(why, code, RES_BAD, "bad %s '%s': duplicate key '%.*s'",
					   field, s, (int)(eq - p), p);
		}
		if (!*e)
			return 0;
		p = e + 1;
	}
}

/* money: NULL keep, "" clear, else a decimal >= 0 */
static int
field_money(const char *field, const char *s, int *has, int64_t *v, struct why *why, enum res *code)
{
	const char *w;
	int64_t x;

	if (!s)
		return 0;
	if (!*s) {
		*has = 0;
		return 0;
	}
	if (money_parse(s, S.digits, &x, &w) < 0)
		return bad(why, code, RES_BAD, "bad %s '%s': %s", field, s, w);
	if (x < 0)
		return bad(why, code, RES_BAD, "bad %s '%s': negative", field, s);
	*has = 1;
	*v = x;
	return 0;
}

/* time: NULL keep, "" clear, else ISO 8601 UTC, stored normalized in buf */
static int
field_time(const char *field, const char *s, const char **v, char *buf, struct why *why, enum res *code)
{
	const char *w;
	int64_t t;

	if (!s)
		return 0;
	if (!*s) {
		*v = NULL;
		return 0;
	}
	if (parse_time(s, &t, &w) < 0)
		return bad(why, code, RES_BAD, "bad %s '%s': %s", field, s, w);
	*v = format_time(t, buf);
	return 0;
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

/* A sku code: not empty, no control characters, no blanks at the ends. */
static int
check_code(const char *field, const char *s, struct why *why, enum res *code)
{
	size_t n = strlen(s), i;

	if (n == 0)
		return bad(why, code, RES_BAD, "missing %s", field);
	if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
		return bad(why, code, RES_BAD, "bad %s '%s': blank at the start or end", field,
			   s);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return bad(why, code, RES_BAD, "bad %s '%s': control character", field,
				   s);
	return 0;
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

/* The SPU named by the row: nv->spu_id and nv->spu_name as they will be. */
static int
resolve_spu(const struct product_row *r, const struct pv *old, struct pv *nv, struct why *why, enum res *code)
{
	db_stmt *st;

	if (r->spu && !*r->spu) {
		nv->spu_id = 0;
		nv->spu_name = nv->spu_stored = NULL;
		return 0;
	}
	if (r->spu) {
		if (check_code("spu", r->spu, why, code) < 0)
			return -1;
		if (bulk_spu_new(r->spu)) {
			spu_last.id = 0;
		} else if (!spu_last.id || strcmp(spu_last.code.s, r->spu) != 0) {
			st = db_prep("SELECT id, name FROM spu WHERE code = ?");
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
	return 0;
}

/* Validate r against the stored values old (exists) into nv. */
static int
product_check(const struct product_row *r, int64_t id, const struct pv *old, struct pv *nv,
	      struct sbuf *catpath, char tbuf[2][TIME_BUFSZ], struct why *why, enum res *code)
{
	const char *w;
	int64_t t0, t1, x;
	int depth, b;

	*nv = *old;
	if (!id) {
		if (!r->name || !*r->name)
			return bad(why, code, RES_BAD, "missing name for new sku '%s'", r->sku);
	}
	if (r->name && *r->name)
		nv->name = r->name;
	if (resolve_spu(r, old, nv, why, code) < 0)
		return -1;
	if (r->brand) {
		nv->brand_id = 0;
		if (*r->brand) {
			nv->brand_id = brand_lookup(r->brand);
			if (!nv->brand_id)
				nv->brand_id = -1;
		}
	}
	if (r->category) {
		nv->cat_id = 0;
		if (*r->category) {
			if (category_normalize(r->category, catpath, &depth, &w) < 0)
				return bad(why, code, RES_BAD, "bad category '%s': %s", r->category,
					   w);
			if (cat_check(sbuf_str(catpath), depth, id, &nv->cat_id, why, code) < 0)
				return -1;
		}
	}
	if (r->attrs) {
		if (check_attrs("attrs", r->attrs, why, code) < 0)
			return -1;
		nv->attrs = r->attrs;
	}
	if (r->key_attrs) {
		if (check_attrs("key_attrs", r->key_attrs, why, code) < 0)
			return -1;
		nv->key_attrs = r->key_attrs;
	}
	if (field_money("price", r->price, &nv->has_price, &nv->price, why, code) < 0 ||
	    field_money("market_price", r->market_price, &nv->has_market, &nv->market, why, code) < 0 ||
	    field_money("cost", r->cost, &nv->has_cost, &nv->cost, why, code) < 0)
		return -1;
	if (r->barcode) {
		nv->barcode = NULL;
		if (*r->barcode) {
			if (check_barcode(r->barcode, why, code) < 0)
				return -1;
			nv->barcode = r->barcode;
		}
	}
	if (r->weight_g) {
		nv->has_weight = 0;
		if (*r->weight_g) {
			if (parse_int(r->weight_g, -WEIGHT_MAX, WEIGHT_MAX, &x, &w) < 0)
				return bad(why, code, RES_BAD, "bad weight_g '%s': %s", r->weight_g,
					   w);
			if (x < 0)
				return bad(why, code, RES_BAD, "bad weight_g '%s': negative",
					   r->weight_g);
			nv->has_weight = 1;
			nv->weight = x;
		}
	}
	if (r->status && *r->status) {
		nv->status = status_name(r->status);
		if (!nv->status)
			return bad(why, code, RES_BAD,
				   "bad status '%s': use draft, active or inactive", r->status);
	}
	if (r->backorder && *r->backorder) {
		if (parse_bool(r->backorder, &b, &w) < 0)
			return bad(why, code, RES_BAD, "bad backorder '%s': %s", r->backorder, w);
		nv->backorder = b;
	}
	if (field_time("on_sale_from", r->on_sale_from, &nv->from, tbuf[0], why, code) < 0 ||
	    field_time("on_sale_until", r->on_sale_until, &nv->until, tbuf[1], why, code) < 0)
		return -1;

	/* rules across fields and records */
	if (nv->from && nv->until && parse_time(nv->from, &t0, &w) == 0 &&
	    parse_time(nv->until, &t1, &w) == 0 && t0 >= t1)
		return bad(why, code, RES_REFUSED,
			   "on_sale_from '%s' is not before on_sale_until '%s'", nv->from, nv->until);
	if (!strcmp(nv->status, "active") && !nv->has_price)
		return bad(why, code, RES_REFUSED, "sku '%s' has no price; it cannot be active",
			   r->sku);
	if (nv->barcode && tdiff(nv->barcode, old->barcode)) {
		db_stmt *st = db_prep("SELECT sku FROM sku WHERE barcode = ? AND id <> ?");

		db_bind_text(st, 1, nv->barcode);
		db_bind_int(st, 2, id);
		if (db_step(st)) {
			bad(why, code, RES_REFUSED, "barcode '%s' is already used by sku '%s'",
			    nv->barcode, db_col_text(st, 0));
			db_reset(st);
			return -1;
		}
	}
	return 0;
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

/* The state of a bulk load (product_bulk_begin .. product_bulk_end). */
#define BLOOM_BITS ((size_t)1 << 23) /* 1 MB; of 1M new keys 2% are looked up for nothing */
static struct {
	int on;
	int all_new;       /* the catalogue was empty at the start */
	int spu_all_new;   /* and so was the SPU table */
	uint64_t *bloom;   /* owned, all_new only: the skus applied so far */
	uint64_t *spus;    /* owned, spu_all_new only: the SPU codes created */
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

void
product_bulk_begin(void)
{
	db_stmt *st = db_prep("SELECT NOT EXISTS (SELECT 1 FROM sku), "
				   "NOT EXISTS (SELECT 1 FROM spu)");

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
product_bulk_end(void)
{
	free(bulk.bloom);
	free(bulk.spus);
	free(bulk.line);
	memset(&bulk, 0, sizeof bulk);
}

/* The line that applied SKU id in this load, or 0. */
static size_t
bulk_line(int64_t id)
{
	return id > 0 && (size_t)id < bulk.nline ? bulk.line[id] : 0;
}

static void
bulk_applied(int64_t id, const char *sku, size_t line)
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
	if (bulk.all_new)
		bloom(bulk.bloom, sku, 1);
}

enum res
product_upsert(const struct product_row *r, struct why *why)
{
	static const struct pv fresh = { .attrs = "", .key_attrs = "", .status = "draft" };
	static struct sbuf catpath = SBUF_INIT; /* reused: no allocation per row */
	char tbuf[2][TIME_BUFSZ];
	struct pv old = fresh, nv;
	db_stmt *cur, *w;
	int64_t id, new_id = 0;
	enum res kind = RES_BAD, *code = &kind;

	if (check_code("sku", r->sku ? r->sku : "", why, code) < 0)
		return kind;
	cur = db_prep("SELECT s.id, s.spu_id, s.name, s.brand_id, s.category_id, s.attrs, "
		      "s.key_attrs, s.price, s.market_price, s.cost, s.barcode, s.weight_g, s.status, "
		      "s.backorder, s.on_sale_from, s.on_sale_until, p.name "
		      "FROM sku s LEFT JOIN spu p ON p.id = s.spu_id WHERE s.sku = ?");
	/* a first load: what the filter has not seen cannot be there */
	id = bulk.all_new && !bloom(bulk.bloom, r->sku, 0) ? 0 : sku_load(cur, r->sku, &old);
	if (bulk_line(id)) {
		db_reset(cur);
		return bad(why, code, RES_REFUSED, "sku '%s' is already on line %zu of this file",
			   r->sku, bulk_line(id)), kind;
	}
	if (product_check(r, id, &old, &nv, &catpath, tbuf, why, code) < 0) {
		db_reset(cur);
		return kind;
	}
	if (id && !pv_differs(&old, &nv)) {
		db_reset(cur);
		bulk_applied(id, r->sku, r->line);
		return RES_SKIPPED;
	}

	/* bind while the borrowed text is valid, then create what is named */
	if (id) {
		w = db_prep("UPDATE sku SET spu_id = ?1, brand_id = ?2, category_id = ?3, name = ?4, "
			    "attrs = ?5, key_attrs = ?6, price = ?7, market_price = ?8, cost = ?9, "
			    "barcode = ?10, weight_g = ?11, status = ?12, backorder = ?13, "
			    "on_sale_from = ?14, on_sale_until = ?15, updated_at = ?16 WHERE id = ?17");
		db_bind_int(w, 17, id);
	} else {
		w = db_prep("INSERT INTO sku (spu_id, brand_id, category_id, name, attrs, key_attrs, "
			    "price, market_price, cost, barcode, weight_g, status, backorder, "
			    "on_sale_from, on_sale_until, created_at, updated_at, sku) "
			    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
			    "?16, ?16, ?17) RETURNING id");
		db_bind_static(w, 17, r->sku);
	}
	bind_values(w, &nv);
	if (nv.spu_id == -1) {
		db_stmt *st = db_prep("INSERT INTO spu (code, name) VALUES (?1, ?2) RETURNING id");

		db_bind_text(st, 1, r->spu);
		db_bind_text(st, 2, r->spu_name ? r->spu_name : "");
		nv.spu_id = db_int(st, -1);
		spu_remember(r->spu, nv.spu_id, r->spu_name ? r->spu_name : "");
		if (bulk.spu_all_new)
			bloom(bulk.spus, r->spu, 1);
	} else if (nv.spu_id > 0 && r->spu_name && tdiff(nv.spu_name, nv.spu_stored)) {
		db_stmt *st = db_prep("UPDATE spu SET name = ? WHERE id = ?");

		db_bind_text(st, 1, r->spu_name);
		db_bind_int(st, 2, nv.spu_id);
		db_run(st);
		spu_last.id = 0;
	}
	if (nv.brand_id == -1)
		nv.brand_id = brand_create(r->brand);
	if (nv.cat_id == -1)
		nv.cat_id = cat_create(sbuf_str(&catpath));
	db_bind_opt_int(w, 1, nv.spu_id > 0, nv.spu_id);
	db_bind_opt_int(w, 2, nv.brand_id > 0, nv.brand_id);
	db_bind_opt_int(w, 3, nv.cat_id > 0, nv.cat_id);
	if (id)
		db_run(w);
	else
		new_id = db_int(w, -1);
	db_reset(cur); /* only now: w's values may be cur's columns */
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
	"SELECT 'part number ''' || m.part_no || ''' of ''' || m.customer || ''': sku #' || m.sku_id "
	"|| ' does not exist' FROM customer_part m "
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
	return db_lookup_id("SELECT id FROM sku WHERE sku = ?", sku);
}

int
product_on_sale(int64_t sku_id, int64_t now, struct why *why)
{
	db_stmt *st = db_prep("SELECT sku, status, on_sale_from, on_sale_until FROM sku "
				   "WHERE id = ?");
	const char *sku, *w;
	int64_t t;

	db_bind_int(st, 1, sku_id);
	if (!db_step(st)) {
		snprintf(why->msg, sizeof why->msg, "unknown sku id %lld", (long long)sku_id);
		return -1;
	}
	sku = db_col_text(st, 0);
	if (strcmp(db_col_text(st, 1), "active") != 0) {
		snprintf(why->msg, sizeof why->msg, "sku '%s' is %s", sku, db_col_text(st, 1));
		return 0;
	}
	if (!db_col_is_null(st, 2) && parse_time(db_col_text(st, 2), &t, &w) == 0 && now < t) {
		snprintf(why->msg, sizeof why->msg, "sku '%s' is on sale from %s", sku, db_col_text(st, 2));
		return 0;
	}
	if (!db_col_is_null(st, 3) && parse_time(db_col_text(st, 3), &t, &w) == 0 && now >= t) {
		snprintf(why->msg, sizeof why->msg, "sku '%s' was on sale until %s", sku, db_col_text(st, 3));
		return 0;
	}
	return 1;
}

/* ---- price lists, part numbers, supplier codes ---- */

/* A malformed or missing value of a record. */
static enum res
rejected(struct why *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static enum res
rejected(struct why *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why->msg, sizeof why->msg, fmt, ap);
	va_end(ap);
	return RES_BAD;
}

static int64_t
known_sku(const char *sku, struct why *why)
{
	int64_t id;

	if (!sku || !*sku) {
		snprintf(why->msg, sizeof why->msg, "missing sku");
		return -1;
	}
	id = product_sku_id(sku);
	if (id < 0)
		snprintf(why->msg, sizeof why->msg, "unknown sku '%s'", sku);
	return id;
}

enum res
price_list_upsert(const struct price_row *r, struct why *why)
{
	const char *cust = r->customer ? r->customer : "", *grp = r->group ? r->group : "", *w;
	db_stmt *st;
	int64_t sku_id, min_qty = 1, price;

	if (*cust && *grp)
		return rejected(why, "give customer or group, not both");
	if (!*cust && !*grp)
		return rejected(why, "missing customer or group");
	if ((sku_id = known_sku(r->sku, why)) < 0)
		return RES_NOTFOUND;
	if (r->min_qty && *r->min_qty) {
		if (parse_int(r->min_qty, INT64_MIN, INT64_MAX, &min_qty, &w) < 0)
			return rejected(why, "bad min_qty '%s': %s", r->min_qty, w);
		if (min_qty < 1 || min_qty > 1000000000)
			return rejected(why, "bad min_qty '%s': must be 1 or more",
				   r->min_qty);
	}
	if (!r->price || !*r->price)
		return rejected(why, "missing price");
	if (money_parse(r->price, S.digits, &price, &w) < 0)
		return rejected(why, "bad price '%s': %s", r->price, w);
	if (price < 0)
		return rejected(why, "bad price '%s': negative", r->price);

	st = db_prep("SELECT id, price FROM price_list WHERE customer = ? AND cust_group = ? "
		     "AND sku_id = ? AND min_qty = ?");
	db_bind_text(st, 1, cust);
	db_bind_text(st, 2, grp);
	db_bind_int(st, 3, sku_id);
	db_bind_int(st, 4, min_qty);
	if (db_step(st)) {
		int64_t id = db_col_int(st, 0);

		if (db_col_int(st, 1) == price)
			return RES_SKIPPED;
		st = db_prep("UPDATE price_list SET price = ? WHERE id = ?");
		db_bind_int(st, 1, price);
		db_bind_int(st, 2, id);
		db_run(st);
		return RES_UPDATED;
	}
	st = db_prep("INSERT INTO price_list (customer, cust_group, sku_id, min_qty, price) "
		     "VALUES (?, ?, ?, ?, ?)");
	db_bind_text(st, 1, cust);
	db_bind_text(st, 2, grp);
	db_bind_int(st, 3, sku_id);
	db_bind_int(st, 4, min_qty);
	db_bind_int(st, 5, price);
	db_run(st);
	return RES_DONE;
}

/* A (party, code) -> sku mapping: parts and supplier codes share this. */
struct mapping {
	const char *party, *code;          /* column names for messages */
	const char *sel, *upd, *ins;       /* SQL literals, cached by address */
};

static enum res
mapping_upsert(const struct mapping *m, const char *party, const char *code, const char *sku,
	       struct why *why)
{
	db_stmt *st;
	int64_t sku_id;
	int exists;

	if (!party || !*party)
		return rejected(why, "missing %s", m->party);
	if (!code || !*code)
		return rejected(why, "missing %s", m->code);
	if ((sku_id = known_sku(sku, why)) < 0)
		return RES_NOTFOUND;
	st = db_prep(m->sel);
	db_bind_text(st, 1, party);
	db_bind_text(st, 2, code);
	exists = db_step(st);
	if (exists && db_col_int(st, 0) == sku_id)
		return RES_SKIPPED;
	st = db_prep(exists ? m->upd : m->ins);
	db_bind_int(st, 1, sku_id);
	db_bind_text(st, 2, party);
	db_bind_text(st, 3, code);
	db_run(st);
	return exists ? RES_UPDATED : RES_DONE;
}

static const struct mapping parts = {
	"customer", "part_no",
	"SELECT sku_id FROM customer_part WHERE customer = ? AND part_no = ?",
	"UPDATE customer_part SET sku_id = ?1 WHERE customer = ?2 AND part_no = ?3",
	"INSERT INTO customer_part (sku_id, customer, part_no) VALUES (?1, ?2, ?3)",
};

static const struct mapping supplier_codes = {
	"supplier", "supplier_sku",
	"SELECT sku_id FROM supplier_code WHERE supplier = ? AND supplier_sku = ?",
	"UPDATE supplier_code SET sku_id = ?1 WHERE supplier = ?2 AND supplier_sku = ?3",
	"INSERT INTO supplier_code (sku_id, supplier, supplier_sku) VALUES (?1, ?2, ?3)",
};

enum res
part_upsert(const char *customer, const char *part_no, const char *sku, struct why *why)
{
	return mapping_upsert(&parts, customer, part_no, sku, why);
}

enum res
supplier_code_upsert(const char *supplier, const char *supplier_sku, const char *sku, struct why *why)
{
	return mapping_upsert(&supplier_codes, supplier, supplier_sku, sku, why);
}

static int64_t
mapping_lookup(const struct mapping *m, const char *party, const char *code)
{
	db_stmt *st = db_prep(m->sel);

	db_bind_text(st, 1, party);
	int64_t id = -1;

	db_bind_text(st, 2, code);
	if (db_step(st))
		id = db_col_int(st, 0);
	db_reset(st);
	return id;
}

int64_t
product_part_sku(const char *customer, const char *part_no)
{
	return mapping_lookup(&parts, customer, part_no);
}

int64_t
product_supplier_sku(const char *supplier, const char *supplier_sku)
{
	return mapping_lookup(&supplier_codes, supplier, supplier_sku);
}

int
price_list_best(const char *customer, const char *group, int64_t sku_id, int64_t qty,
		int64_t *price)
{
	db_stmt *st = db_prep("SELECT min(price) FROM price_list WHERE sku_id = ?1 "
				   "AND min_qty <= ?2 AND ((customer = ?3 AND ?3 <> '') "
				   "OR (cust_group = ?4 AND ?4 <> ''))");

	db_bind_int(st, 1, sku_id);
	db_bind_int(st, 2, qty);
	db_bind_text(st, 3, customer ? customer : "");
	db_bind_text(st, 4, group ? group : "");
	if (!db_step(st) || db_col_is_null(st, 0))
		return 0;
	*price = db_col_int(st, 0);
	return 1;
}
