/* shop-product - the product center: SPU/SKU, categories, brands, prices */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvio.h"
#include "db.h"
#include "err.h"
#include "import.h"
#include "money.h"
#include "parse.h"
#include "platform.h"
#include "product.h"

/* ---- shared helpers ---- */

/* Money column i as text into buf, NULL when the column is NULL. */
static const char *
money_col(db_stmt *st, int i, char *buf)
{
	if (db_col_is_null(st, i))
		return NULL;
	return money_format(db_col_int(st, i), S.digits, buf);
}

/* One CSV import of records of one row each. header() may check the
 * columns further. */
static int
run_import(const char *file, const struct csv_col *cols, size_t ncols, const char *noun,
	   void (*header)(const struct csvr *r, void *arg),
	   enum res (*one)(const struct imp_record *rec, struct why *why, void *arg))
{
	struct import_spec spec = { noun, cols, ncols, header, one, NULL, 0, 0 };

	return import_run(&spec, file, NULL);
}

/* A column's value, or NULL when the file does not have the column. */
static const char *
opt_field(const struct imp_record *r, size_t col)
{
	return imp_has(r, col) ? imp_get(r, 0, col) : NULL;
}

/* ---- products: import and export ---- */

/* The import columns, in export order; product_fields maps them onto
 * struct product_row (set uses the same names). */
enum {
	P_SKU, P_SPU, P_NAME, P_BRAND, P_CATEGORY, P_ATTRS, P_KEY_ATTRS, P_PRICE,
	P_MARKET_PRICE, P_COST, P_BARCODE, P_WEIGHT_G, P_STATUS, P_BACKORDER, P_ON_SALE_FROM,
	P_ON_SALE_UNTIL, P_NCOLS
};

static const struct csv_col product_cols[P_NCOLS] = {
	{ "sku", 1 }, { "spu", 0 }, { "name", 0 }, { "brand", 0 }, { "category", 0 },
	{ "attrs", 0 }, { "key_attrs", 0 }, { "price", 0 }, { "market_price", 0 },
	{ "cost", 0 }, { "barcode", 0 }, { "weight_g", 0 }, { "status", 0 },
	{ "backorder", 0 }, { "on_sale_from", 0 }, { "on_sale_until", 0 },
};

static const size_t product_fields[P_NCOLS] = {
	offsetof(struct product_row, sku), offsetof(struct product_row, spu),
	offsetof(struct product_row, name), offsetof(struct product_row, brand),
	offsetof(struct product_row, category), offsetof(struct product_row, attrs),
	offsetof(struct product_row, key_attrs), offsetof(struct product_row, price),
	offsetof(struct product_row, market_price), offsetof(struct product_row, cost),
	offsetof(struct product_row, barcode), offsetof(struct product_row, weight_g),
	offsetof(struct product_row, status), offsetof(struct product_row, backorder),
	offsetof(struct product_row, on_sale_from), offsetof(struct product_row, on_sale_until),
};

static const char **
row_field(struct product_row *pr, size_t col)
{
	return (const char **)((char *)pr + product_fields[col]);
}

static enum res
product_one(const struct imp_record *r, struct why *why, void *arg)
{
	struct product_row pr = { 0 };
	size_t col;

	(void)arg;
	for (col = 0; col < P_NCOLS; col++)
		*row_field(&pr, col) = opt_field(r, col);
	pr.line = r->rows[0].line;
	return product_upsert(&pr, why);
}

static const char *o_from;

static const struct opt import_opts[] = {
	OPT("from", 0, OPT_STR, &o_from, "PLATFORM",
	  "read a woocommerce or shopify product export (see shop-platforms(7))"),
	OPT_END
};

static int
product_import(int argc, char **argv)
{
	enum platform p;
	struct csvr r;
	struct imp im;
	int rc;

	if (o_from) {
		if (platform_parse_name(o_from, &p) < 0)
			usage_die("unknown platform '%s': use woocommerce or shopify", o_from);
		csvr_open(&r, argc ? argv[0] : NULL, S.imp.input_kind);
		rc = platform_import(p, &r, &im);
		csvr_close(&r);
		return rc;
	}
	product_bulk_begin();
	rc = run_import(argc ? argv[0] : NULL, product_cols, P_NCOLS, "products", NULL,
			product_one);
	product_bulk_end();
	return rc;
}

static const struct out_col export_cols[P_NCOLS] = {
	{ "sku", COL_TEXT }, { "spu", COL_TEXT }, { "name", COL_TEXT }, { "brand", COL_TEXT },
	{ "category", COL_TEXT }, { "attrs", COL_TEXT }, { "key_attrs", COL_TEXT },
	{ "price", COL_MONEY }, { "market_price", COL_MONEY }, { "cost", COL_MONEY },
	{ "barcode", COL_TEXT }, { "weight_g", COL_INT }, { "status", COL_TEXT },
	{ "backorder", COL_INT }, { "on_sale_from", COL_TEXT }, { "on_sale_until", COL_TEXT },
};

static int
product_export(int argc, char **argv)
{
	char m[3][MONEY_BUFSZ];
	db_stmt *st;
	struct out o;

	(void)argc;
	(void)argv;
	out_start(&o, export_cols, P_NCOLS);
	st = db_prep("SELECT s.sku, p.code, s.name, b.name, c.path, s.attrs, s.key_attrs, s.price, "
		     "s.market_price, s.cost, s.barcode, s.weight_g, s.status, s.backorder, "
		     "s.on_sale_from, s.on_sale_until "
		     "FROM sku s LEFT JOIN spu p ON p.id = s.spu_id "
		     "LEFT JOIN brand b ON b.id = s.brand_id "
		     "LEFT JOIN category c ON c.id = s.category_id ORDER BY s.sku");
	while (db_step(st)) {
		const char *v[P_NCOLS];
		int i;

		for (i = 0; i < P_NCOLS; i++)
			v[i] = db_col_text(st, i);
		v[P_PRICE] = money_col(st, P_PRICE, m[0]);
		v[P_MARKET_PRICE] = money_col(st, P_MARKET_PRICE, m[1]);
		v[P_COST] = money_col(st, P_COST, m[2]);
		out_row(&o, v);
	}
	out_end(&o);
	return 0;
}

/* ---- products: list and show ---- */

static const char *o_category, *o_brand, *o_status, *o_search;

static const struct opt list_opts[] = {
	OPT("category", 0, OPT_STR, &o_category, "PATH", "only this category and its subcategories"),
	OPT("brand", 0, OPT_STR, &o_brand, "BRAND", "only this brand"),
	OPT("status", 0, OPT_STR, &o_status, "STATUS", "only draft, active or inactive SKUs"),
	OPT("search", 0, OPT_STR, &o_search, "TEXT", "sku, name or barcode contains TEXT (any case)"),
	OPT_END
};

/* "%TEXT%" for LIKE, lowercased, with % _ \ escaped by \ */
static char *
like_pattern(const char *s)
{
	struct sbuf b = SBUF_INIT;

	sbuf_addc(&b, '%');
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			sbuf_addc(&b, '\\');
		sbuf_addc(&b, *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s);
	}
	sbuf_addc(&b, '%');
	return b.s;
}

static int
product_list(int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "sku", COL_TEXT }, { "name", COL_TEXT }, { "brand", COL_TEXT },
		{ "category", COL_TEXT }, { "price", COL_MONEY }, { "status", COL_TEXT },
	};
	struct sbuf cat = SBUF_INIT;
	char m[MONEY_BUFSZ], *pat = NULL;
	const char *why;
	db_stmt *st;
	struct out o;
	int depth;

	(void)argc;
	(void)argv;
	if (o_status && strcmp(o_status, "draft") && strcmp(o_status, "active") &&
	    strcmp(o_status, "inactive"))
		usage_die("unknown status '%s' (draft, active or inactive)", o_status);
	if (o_category) {
		if (category_normalize(o_category, &cat, &depth, &why) < 0)
			die(EX_DATA, "bad category '%s': %s", o_category, why);
		if (category_id(sbuf_str(&cat)) < 0)
			die(EX_NOTFOUND, "unknown category '%s'", o_category);
	}
	if (o_brand) {
		st = db_prep("SELECT 1 FROM brand WHERE name = ?");
		db_bind_text(st, 1, o_brand);
		if (!db_step(st))
			die(EX_NOTFOUND, "unknown brand '%s'", o_brand);
	}
	if (o_search)
		pat = like_pattern(o_search);
	out_start(&o, cols, 6);
	st = db_prep("SELECT s.sku, s.name, b.name, c.path, s.price, s.status FROM sku s "
		     "LEFT JOIN brand b ON b.id = s.brand_id "
		     "LEFT JOIN category c ON c.id = s.category_id "
		     "WHERE (?1 IS NULL OR c.path = ?1 OR (c.path >= ?1 || '/' AND c.path < ?1 || '0')) "
		     "AND (?2 IS NULL OR b.name = ?2) AND (?3 IS NULL OR s.status = ?3) "
		     "AND (?4 IS NULL OR lower(s.sku) LIKE ?4 ESCAPE '\\' "
		     "OR lower(s.name) LIKE ?4 ESCAPE '\\' OR s.barcode LIKE ?4 ESCAPE '\\') "
		     "ORDER BY s.sku");
	db_bind_text(st, 1, o_category ? sbuf_str(&cat) : NULL);
	db_bind_text(st, 2, o_brand);
	db_bind_text(st, 3, o_status);
	db_bind_text(st, 4, pat);
	while (db_step(st)) {
		const char *v[6] = { db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2),
				     db_col_text(st, 3), money_col(st, 4, m), db_col_text(st, 5) };
		out_row(&o, v);
	}
	out_end(&o);
	free(pat);
	sbuf_release(&cat);
	return 0;
}

/* show collects (field, value) pairs, then prints them as "field: value"
 * lines on a terminal (table) or as a two-column result set. */
struct kv {
	char **v;      /* owned: field, value, field, value, ... (each owned) */
	size_t n, cap; /* strings, not pairs */
};

static void
kv_add(struct kv *kv, const char *field, const char *value)
{
	if (kv->n + 2 > kv->cap) {
		kv->cap = kv->cap ? 2 * kv->cap : 64;
		kv->v = xrealloc(kv->v, kv->cap * sizeof *kv->v);
	}
	kv->v[kv->n++] = xstrdup(field);
	kv->v[kv->n++] = xstrdup(value ? value : "");
}

static void
kv_print(struct kv *kv)
{
	static const struct out_col cols[] = { { "field", COL_TEXT }, { "value", COL_TEXT } };
	size_t i, w = 0;
	struct out o;
	char *p;

	out_start(&o, cols, 2);
	if (o.fmt != OUT_TABLE) {
		for (i = 0; i < kv->n; i += 2)
			out_row(&o, (const char *const *)kv->v + i);
		out_end(&o);
		return;
	}
	for (i = 0; i < kv->n; i += 2)
		if (strlen(kv->v[i]) > w)
			w = strlen(kv->v[i]);
	for (i = 0; i < kv->n; i += 2) {
		for (p = kv->v[i + 1]; *p; p++) /* a terminal gets no control characters */
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = *p == '\t' || *p == '\n' || *p == '\r' ? ' ' : '?';
		if (*kv->v[i + 1])
			printf("%s:%*s %s\n", kv->v[i], (int)(w - strlen(kv->v[i])), "",
			       kv->v[i + 1]);
		else
			printf("%s:\n", kv->v[i]);
	}
}

static void
kv_release(struct kv *kv)
{
	size_t i;

	for (i = 0; i < kv->n; i++)
		free(kv->v[i]);
	free(kv->v);
}

static int
table_exists(const char *name)
{
	db_stmt *st = db_prep("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");

	db_bind_text(st, 1, name);
	return db_step(st);
}

static int
product_show(int argc, char **argv)
{
	static const char *const names[] = {
		"sku", "spu", "spu_name", "name", "brand", "category", "attrs", "key_attrs",
		"price", "market_price", "cost", "barcode", "weight_g", "status", "backorder",
		"on_sale_from", "on_sale_until", "created_at", "updated_at",
	};
	struct kv kv = { NULL, 0, 0 };
	char m[MONEY_BUFSZ];
	struct why why;
	struct sbuf b = SBUF_INIT;
	db_stmt *st;
	int64_t id;
	int i;

	(void)argc;
	id = product_sku_id(argv[0]);
	if (id < 0)
		die(EX_NOTFOUND, "unknown sku '%s'", argv[0]);
	st = db_prep("SELECT s.sku, p.code, p.name, s.name, b.name, c.path, s.attrs, s.key_attrs, "
		     "s.price, s.market_price, s.cost, s.barcode, s.weight_g, s.status, "
		     "s.backorder, s.on_sale_from, s.on_sale_until, s.created_at, s.updated_at "
		     "FROM sku s LEFT JOIN spu p ON p.id = s.spu_id "
		     "LEFT JOIN brand b ON b.id = s.brand_id "
		     "LEFT JOIN category c ON c.id = s.category_id WHERE s.id = ?");
	db_bind_int(st, 1, id);
	db_step(st);
	for (i = 0; i < 19; i++) {
		const char *v = db_col_text(st, i);

		if (i >= 8 && i <= 10)
			v = money_col(st, i, m);
		kv_add(&kv, names[i], v);
	}
	i = product_on_sale(id, shop_now(), &why);
	if (i)
		kv_add(&kv, "on_sale", "yes");
	else {
		sbuf_printf(&b, "no: %s", why.msg);
		kv_add(&kv, "on_sale", sbuf_str(&b));
	}

	st = db_prep("SELECT customer, cust_group, min_qty, price FROM price_list WHERE sku_id = ? "
		     "ORDER BY customer, cust_group, min_qty");
	db_bind_int(st, 1, id);
	while (db_step(st)) {
		sbuf_reset(&b);
		if (*db_col_text(st, 0))
			sbuf_printf(&b, "customer=%s", db_col_text(st, 0));
		else
			sbuf_printf(&b, "group=%s", db_col_text(st, 1));
		sbuf_printf(&b, ";min_qty=%lld;price=%s", (long long)db_col_int(st, 2),
			    money_format(db_col_int(st, 3), S.digits, m));
		kv_add(&kv, "price_list", sbuf_str(&b));
	}
	st = db_prep("SELECT customer, part_no FROM customer_part WHERE sku_id = ? "
		     "ORDER BY customer, part_no");
	db_bind_int(st, 1, id);
	while (db_step(st)) {
		sbuf_reset(&b);
		sbuf_printf(&b, "customer=%s;part_no=%s", db_col_text(st, 0), db_col_text(st, 1));
		kv_add(&kv, "part", sbuf_str(&b));
	}
	st = db_prep("SELECT supplier, supplier_sku FROM supplier_code WHERE sku_id = ? "
		     "ORDER BY supplier, supplier_sku");
	db_bind_int(st, 1, id);
	while (db_step(st)) {
		sbuf_reset(&b);
		sbuf_printf(&b, "supplier=%s;supplier_sku=%s", db_col_text(st, 0),
			    db_col_text(st, 1));
		kv_add(&kv, "supplier_code", sbuf_str(&b));
	}
	/* the stock summary, once shop-stock's schema is there */
	if (table_exists("stock")) {
		st = db_prep("SELECT w.code, k.on_hand, k.reserved, k.allocated, "
			     "k.on_hand - k.reserved - k.allocated FROM stock k "
			     "JOIN warehouse w ON w.id = k.warehouse_id WHERE k.sku_id = ? "
			     "ORDER BY w.priority, w.code");
		db_bind_int(st, 1, id);
		while (db_step(st)) {
			sbuf_reset(&b);
			sbuf_printf(&b, "warehouse=%s;on_hand=%lld;reserved=%lld;allocated=%lld;"
				    "available=%lld", db_col_text(st, 0), (long long)db_col_int(st, 1),
				    (long long)db_col_int(st, 2), (long long)db_col_int(st, 3),
				    (long long)db_col_int(st, 4));
			kv_add(&kv, "stock", sbuf_str(&b));
		}
	}
	kv_print(&kv);
	kv_release(&kv);
	sbuf_release(&b);
	return 0;
}

/* ---- products: add, set, activate, deactivate ---- */

static const char *o_spu, *o_name, *o_attrs, *o_key_attrs, *o_price, *o_market, *o_cost,
	*o_barcode, *o_weight, *o_from, *o_until;
static int o_backorder;

static const struct opt add_opts[] = {
	OPT("name", 0, OPT_STR, &o_name, "NAME", "the SKU's name (required)"),
	OPT("price", 0, OPT_STR, &o_price, "PRICE", "list price (required)"),
	OPT("spu", 0, OPT_STR, &o_spu, "SPU", "the SPU code grouping variants"),
	OPT("brand", 0, OPT_STR, &o_brand, "BRAND", "brand, created when new"),
	OPT("category", 0, OPT_STR, &o_category, "PATH", "leaf category A/B/C, created when new"),
	OPT("attrs", 0, OPT_STR, &o_attrs, "K=V;...", "sales attributes"),
	OPT("key-attrs", 0, OPT_STR, &o_key_attrs, "K=V;...", "key attributes"),
	OPT("market-price", 0, OPT_STR, &o_market, "PRICE", "market (strike-through) price"),
	OPT("cost", 0, OPT_STR, &o_cost, "COST", "unit cost"),
	OPT("barcode", 0, OPT_STR, &o_barcode, "GTIN", "EAN-8, UPC-A, EAN-13 or GTIN-14"),
	OPT("weight-g", 0, OPT_STR, &o_weight, "GRAMS", "weight in grams"),
	OPT("status", 0, OPT_STR, &o_status, "STATUS", "draft (default), active or inactive"),
	OPT("backorder", 0, OPT_FLAG, &o_backorder, NULL, "may be sold beyond stock (pre-sale)"),
	OPT("from", 0, OPT_STR, &o_from, "TIME", "on sale from (ISO 8601 UTC)"),
	OPT("until", 0, OPT_STR, &o_until, "TIME", "on sale until (ISO 8601 UTC)"),
	OPT_END
};

/* product_upsert for one command-line record: a rejection dies with the
 * exit code of its kind (65 malformed, 1 a rule). */
static enum res
upsert_or_die(const struct product_row *pr)
{
	struct why why;
	enum res res = product_upsert(pr, &why);

	if (RES_FAILED(res))
		die(res_exit(res), "%s", why.msg);
	return res;
}

static int
product_add(int argc, char **argv)
{
	struct product_row pr = { 0 };

	(void)argc;
	if (!o_name)
		usage_die("missing --name");
	if (!o_price)
		usage_die("missing --price");
	pr.sku = argv[0];
	pr.spu = o_spu;
	pr.name = o_name;
	pr.brand = o_brand;
	pr.category = o_category;
	pr.attrs = o_attrs;
	pr.key_attrs = o_key_attrs;
	pr.price = o_price;
	pr.market_price = o_market;
	pr.cost = o_cost;
	pr.barcode = o_barcode;
	pr.weight_g = o_weight;
	pr.status = o_status;
	pr.backorder = o_backorder ? "1" : NULL;
	pr.on_sale_from = o_from;
	pr.on_sale_until = o_until;
	switch (upsert_or_die(&pr)) {
	case RES_SKIPPED:
		if (!S.quiet)
			warn("sku '%s' exists; skipped", argv[0]);
		break;
	case RES_UPDATED:
		die(EX_RULE, "sku '%s' exists with other values; use 'shop-product set'", argv[0]);
	default:
		audit_note("add sku '%s'", argv[0]);
		break;
	}
	return 0;
}

static int
product_set(int argc, char **argv)
{
	struct product_row pr = { 0 };
	struct sbuf note = SBUF_INIT;
	const char **f;
	size_t col, klen;
	char *eq;
	int i;

	if (product_sku_id(argv[0]) < 0)
		die(EX_NOTFOUND, "unknown sku '%s'", argv[0]);
	pr.sku = argv[0];
	for (i = 1; i < argc; i++) {
		eq = strchr(argv[i], '=');
		if (!eq || eq == argv[i])
			die(EX_DATA, "bad assignment '%s': use FIELD=VALUE", argv[i]);
		klen = (size_t)(eq - argv[i]);
		if (klen == 3 && !strncmp(argv[i], "sku", 3))
			die(EX_DATA, "field 'sku' cannot be set: it names the SKU");
		f = NULL;
		if (klen == 8 && !strncmp(argv[i], "spu_name", 8))
			f = &pr.spu_name;
		for (col = 1; !f && col < P_NCOLS; col++)
			if (strlen(product_cols[col].name) == klen &&
			    !strncmp(argv[i], product_cols[col].name, klen))
				f = row_field(&pr, col);
		if (!f)
			die(EX_DATA, "unknown field '%.*s'", (int)klen, argv[i]);
		if (*f)
			die(EX_DATA, "field '%.*s' is given twice", (int)klen, argv[i]);
		*f = eq + 1;
		sbuf_printf(&note, "%s%s", i > 1 ? ", " : "", argv[i]);
	}
	if (upsert_or_die(&pr) == RES_SKIPPED) {
		if (!S.quiet)
			warn("sku '%s' is unchanged; skipped", argv[0]);
	} else {
		audit_note("set sku '%s': %s", argv[0], sbuf_str(&note));
	}
	sbuf_release(&note);
	return 0;
}

static const struct opt window_opts[] = {
	OPT("from", 0, OPT_STR, &o_from, "TIME", "on sale from (ISO 8601 UTC; '' clears)"),
	OPT("until", 0, OPT_STR, &o_until, "TIME", "on sale until (ISO 8601 UTC; '' clears)"),
	OPT_END
};

static int
set_status(int argc, char **argv, const char *status, const char *verb)
{
	struct product_row pr = { 0 };
	struct sbuf note = SBUF_INIT;
	const char *why;
	int64_t t;
	int i, n = 0;

	if (o_from && *o_from && parse_time(o_from, &t, &why) < 0)
		die(EX_DATA, "bad --from '%s': %s", o_from, why);
	if (o_until && *o_until && parse_time(o_until, &t, &why) < 0)
		die(EX_DATA, "bad --until '%s': %s", o_until, why);
	/* all or nothing: every SKU must exist before anything changes */
	for (i = 0; i < argc; i++)
		if (product_sku_id(argv[i]) < 0)
			die(EX_NOTFOUND, "unknown sku '%s'", argv[i]);
	pr.status = status;
	pr.on_sale_from = o_from;
	pr.on_sale_until = o_until;
	for (i = 0; i < argc; i++) {
		pr.sku = argv[i];
		if (upsert_or_die(&pr) == RES_SKIPPED) {
			if (!S.quiet)
				warn("sku '%s' is already %s; skipped", argv[i], status);
			continue;
		}
		sbuf_printf(&note, "%s'%s'", n++ ? ", " : "", argv[i]);
	}
	if (n)
		audit_note("%s %s", verb, sbuf_str(&note));
	sbuf_release(&note);
	return 0;
}

static int
product_activate(int argc, char **argv)
{
	return set_status(argc, argv, "active", "activate");
}

static int
product_deactivate(int argc, char **argv)
{
	return set_status(argc, argv, "inactive", "deactivate");
}

/* ---- categories ---- */

struct cat {
	int64_t id, depth, parent, skus, kids;
};

/* Normalize a path argument (dies 65) and look it up (dies 3). */
static void
cat_get(const char *arg, struct sbuf *path, struct cat *c)
{
	const char *why;
	db_stmt *st;
	int depth;

	if (category_normalize(arg, path, &depth, &why) < 0)
		die(EX_DATA, "bad category '%s': %s", arg, why);
	st = db_prep("SELECT c.id, c.depth, c.parent_id, "
		     "(SELECT count(*) FROM sku WHERE category_id = c.id), "
		     "(SELECT count(*) FROM category WHERE parent_id = c.id) "
		     "FROM category c WHERE c.path = ?");
	db_bind_text(st, 1, sbuf_str(path));
	if (!db_step(st))
		die(EX_NOTFOUND, "unknown category '%s'", sbuf_str(path));
	c->id = db_col_int(st, 0);
	c->depth = db_col_int(st, 1);
	c->parent = db_col_int(st, 2);
	c->skus = db_col_int(st, 3);
	c->kids = db_col_int(st, 4);
}

static int
category_add(int argc, char **argv)
{
	struct why why;
	enum res code;
	int i, created;

	for (i = 0; i < argc; i++) {
		if (category_ensure(argv[i], &created, &why, &code) < 0)
			die(res_exit(code), "%s", why.msg);
		if (created)
			audit_note("category add '%s'", argv[i]);
		else if (!S.quiet)
			warn("category '%s' exists; skipped", argv[i]);
	}
	return 0;
}

static int
category_list(int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "path", COL_TEXT }, { "depth", COL_INT }, { "skus", COL_INT },
	};
	struct sbuf path = SBUF_INIT;
	db_stmt *st;
	struct cat c;
	struct out o;

	if (argc)
		cat_get(argv[0], &path, &c);
	out_start(&o, cols, 3);
	/* skus counts the whole subtree; '/' sorts first so a subtree stays together */
	st = db_prep("SELECT c.path, c.depth, (SELECT count(*) FROM category d "
		     "JOIN sku s ON s.category_id = d.id WHERE d.path = c.path "
		     "OR (d.path >= c.path || '/' AND d.path < c.path || '0')) "
		     "FROM category c WHERE ?1 IS NULL OR c.path = ?1 "
		     "OR (c.path >= ?1 || '/' AND c.path < ?1 || '0') "
		     "ORDER BY replace(c.path, '/', char(1))");
	db_bind_text(st, 1, argc ? sbuf_str(&path) : NULL);
	while (db_step(st)) {
		const char *v[3] = { db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2) };
		out_row(&o, v);
	}
	out_end(&o);
	sbuf_release(&path);
	return 0;
}

static int
category_move(int argc, char **argv)
{
	struct sbuf path = SBUF_INIT, dest = SBUF_INIT, np = SBUF_INIT;
	struct cat c, d = { 0, 0, 0, 0, 0 };
	const char *name, *p;
	db_stmt *st;
	int64_t maxd;
	size_t len;

	(void)argc;
	cat_get(argv[0], &path, &c);
	p = sbuf_str(&path);
	name = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
	if (strcmp(argv[1], "/") != 0) {
		cat_get(argv[1], &dest, &d);
		len = path.len;
		if (!strcmp(dest.s, p) || (!strncmp(dest.s, p, len) && dest.s[len] == '/'))
			die(EX_RULE, "cannot move category '%s' under itself", p);
		if (d.skus)
			die(EX_RULE, "category '%s' holds %lld sku%s; cannot move '%s' under it",
			    dest.s, (long long)d.skus, d.skus == 1 ? "" : "s", p);
		sbuf_printf(&np, "%s/", dest.s);
	}
	sbuf_adds(&np, name);
	if (!strcmp(np.s, p)) {
		if (!S.quiet)
			warn("category '%s' is already there; skipped", p);
		goto out;
	}
	if (category_id(np.s) >= 0)
		die(EX_RULE, "category '%s' exists", np.s);
	st = db_prep("SELECT max(depth) FROM category WHERE path = ?1 "
		     "OR (path >= ?1 || '/' AND path < ?1 || '0')");
	db_bind_text(st, 1, p);
	db_step(st);
	maxd = db_col_int(st, 0) - c.depth + d.depth + 1;
	if (maxd > CATEGORY_MAX_DEPTH)
		die(EX_RULE, "moving category '%s' to '%s' makes it %lld levels deep; at most %d", p,
		    np.s, (long long)maxd, CATEGORY_MAX_DEPTH);
	st = db_prep("UPDATE category SET path = ?2 || substr(path, length(?1) + 1), "
		     "depth = depth + ?3 WHERE path = ?1 "
		     "OR (path >= ?1 || '/' AND path < ?1 || '0')");
	db_bind_text(st, 1, p);
	db_bind_text(st, 2, np.s);
	db_bind_int(st, 3, d.depth + 1 - c.depth);
	db_run(st);
	st = db_prep("UPDATE category SET parent_id = ? WHERE id = ?");
	db_bind_opt_int(st, 1, d.id > 0, d.id);
	db_bind_int(st, 2, c.id);
	db_run(st);
	product_cache_clear();
	audit_note("category move '%s' to '%s'", p, np.s);
out:
	sbuf_release(&path);
	sbuf_release(&dest);
	sbuf_release(&np);
	return 0;
}

static int
category_remove(int argc, char **argv)
{
	struct sbuf path = SBUF_INIT;
	db_stmt *st;
	struct cat c;
	int i;

	for (i = 0; i < argc; i++) {
		cat_get(argv[i], &path, &c);
		if (c.kids)
			die(EX_RULE, "category '%s' has subcategories; cannot remove", path.s);
		if (c.skus)
			die(EX_RULE, "category '%s' holds %lld sku%s; cannot remove", path.s,
			    (long long)c.skus, c.skus == 1 ? "" : "s");
		st = db_prep("DELETE FROM category WHERE id = ?");
		db_bind_int(st, 1, c.id);
		db_run(st);
		audit_note("category remove '%s'", path.s);
	}
	product_cache_clear();
	sbuf_release(&path);
	return 0;
}

/* ---- brands ---- */

static int
brand_add(int argc, char **argv)
{
	db_stmt *st;
	int i;

	for (i = 0; i < argc; i++) {
		if (!*argv[i])
			die(EX_DATA, "brand name is empty");
		st = db_prep("INSERT INTO brand (name) VALUES (?) ON CONFLICT (name) DO NOTHING");
		db_bind_text(st, 1, argv[i]);
		db_run(st);
		if (db_changes() == 0) {
			if (!S.quiet)
				warn("brand '%s' exists; skipped", argv[i]);
		} else {
			audit_note("brand add '%s'", argv[i]);
		}
	}
	return 0;
}

static int
brand_list(int argc, char **argv)
{
	static const struct out_col cols[] = { { "brand", COL_TEXT }, { "skus", COL_INT } };
	db_stmt *st;
	struct out o;

	(void)argc;
	(void)argv;
	out_start(&o, cols, 2);
	st = db_prep("SELECT b.name, count(s.id) FROM brand b LEFT JOIN sku s ON s.brand_id = b.id "
		     "GROUP BY b.id, b.name ORDER BY b.name");
	while (db_step(st)) {
		const char *v[2] = { db_col_text(st, 0), db_col_text(st, 1) };
		out_row(&o, v);
	}
	out_end(&o);
	return 0;
}

static int
brand_remove(int argc, char **argv)
{
	db_stmt *st;
	int i;

	for (i = 0; i < argc; i++) {
		st = db_prep("SELECT b.id, (SELECT count(*) FROM sku WHERE brand_id = b.id) "
			     "FROM brand b WHERE b.name = ?");
		db_bind_text(st, 1, argv[i]);
		if (!db_step(st))
			die(EX_NOTFOUND, "unknown brand '%s'", argv[i]);
		if (db_col_int(st, 1) > 0)
			die(EX_RULE, "brand '%s' is used by %lld SKUs; cannot remove", argv[i],
			    (long long)db_col_int(st, 1));
		st = db_prep("DELETE FROM brand WHERE name = ?");
		db_bind_text(st, 1, argv[i]);
		db_run(st);
		audit_note("brand remove '%s'", argv[i]);
	}
	product_cache_clear();
	return 0;
}

/* ---- price lists ---- */

enum { PR_CUSTOMER, PR_GROUP, PR_SKU, PR_MIN_QTY, PR_PRICE, PR_NCOLS };

static const struct csv_col price_cols[PR_NCOLS] = {
	{ "customer", 0 }, { "group", 0 }, { "sku", 1 }, { "min_qty", 0 }, { "price", 1 },
};

static void
price_header(const struct csvr *r, void *arg)
{
	(void)arg;
	if (!csvr_has(r, PR_CUSTOMER) && !csvr_has(r, PR_GROUP))
		die(EX_DATA, "%s:%zu: missing required column 'customer' or 'group'", r->name,
		    csvr_line(r));
}

static enum res
price_one(const struct imp_record *r, struct why *why, void *arg)
{
	struct price_row pr = {
		imp_get(r, 0, PR_CUSTOMER), imp_get(r, 0, PR_GROUP), imp_get(r, 0, PR_SKU),
		imp_get(r, 0, PR_MIN_QTY), imp_get(r, 0, PR_PRICE),
	};

	(void)arg;
	return price_list_upsert(&pr, why);
}

static int
prices_import(int argc, char **argv)
{
	return run_import(argc ? argv[0] : NULL, price_cols, PR_NCOLS, "prices", price_header,
			  price_one);
}

static const char *o_sku, *o_customer, *o_group, *o_supplier;

static const struct opt prices_list_opts[] = {
	OPT("sku", 0, OPT_STR, &o_sku, "SKU", "only this SKU"),
	OPT("customer", 0, OPT_STR, &o_customer, "CODE", "only this customer's own prices"),
	OPT("group", 0, OPT_STR, &o_group, "GROUP", "only this customer group's prices"),
	OPT_END
};

/* An --sku filter: the id (dies 3 when unknown), or -1 without one. */
static int64_t
sku_filter(void)
{
	int64_t id;

	if (!o_sku)
		return -1;
	id = product_sku_id(o_sku);
	if (id < 0)
		die(EX_NOTFOUND, "unknown sku '%s'", o_sku);
	return id;
}

static int
prices_list(int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "customer", COL_TEXT }, { "group", COL_TEXT }, { "sku", COL_TEXT },
		{ "min_qty", COL_INT }, { "price", COL_MONEY },
	};
	char m[MONEY_BUFSZ];
	int64_t sku_id = sku_filter();
	db_stmt *st;
	struct out o;

	(void)argc;
	(void)argv;
	out_start(&o, cols, 5);
	st = db_prep("SELECT l.customer, l.cust_group, s.sku, l.min_qty, l.price "
		     "FROM price_list l JOIN sku s ON s.id = l.sku_id "
		     "WHERE (?1 < 0 OR l.sku_id = ?1) AND (?2 IS NULL OR l.customer = ?2) "
		     "AND (?3 IS NULL OR l.cust_group = ?3) "
		     "ORDER BY l.customer, l.cust_group, s.sku, l.min_qty");
	db_bind_int(st, 1, sku_id);
	db_bind_text(st, 2, o_customer);
	db_bind_text(st, 3, o_group);
	while (db_step(st)) {
		const char *v[5] = { db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2),
				     db_col_text(st, 3), money_col(st, 4, m) };
		out_row(&o, v);
	}
	out_end(&o);
	return 0;
}

/* ---- customer part numbers and supplier codes ---- */

enum { M_PARTY, M_CODE, M_SKU, M_NCOLS };

static const struct csv_col part_cols[M_NCOLS] = {
	{ "customer", 1 }, { "part_no", 1 }, { "sku", 1 },
};

static const struct csv_col supplier_cols[M_NCOLS] = {
	{ "supplier", 1 }, { "supplier_sku", 1 }, { "sku", 1 },
};

static enum res
part_one(const struct imp_record *r, struct why *why, void *arg)
{
	(void)arg;
	return part_upsert(imp_get(r, 0, M_PARTY), imp_get(r, 0, M_CODE), imp_get(r, 0, M_SKU),
			   why);
}

static enum res
supplier_one(const struct imp_record *r, struct why *why, void *arg)
{
	(void)arg;
	return supplier_code_upsert(imp_get(r, 0, M_PARTY), imp_get(r, 0, M_CODE),
				    imp_get(r, 0, M_SKU), why);
}

static int
parts_import(int argc, char **argv)
{
	return run_import(argc ? argv[0] : NULL, part_cols, M_NCOLS, "part numbers", NULL,
			  part_one);
}

static int
supplier_codes_import(int argc, char **argv)
{
	return run_import(argc ? argv[0] : NULL, supplier_cols, M_NCOLS, "supplier codes", NULL,
			  supplier_one);
}

static const struct opt parts_list_opts[] = {
	OPT("customer", 0, OPT_STR, &o_customer, "CODE", "only this customer's part numbers"),
	OPT("sku", 0, OPT_STR, &o_sku, "SKU", "only this SKU"),
	OPT_END
};

static const struct opt supplier_list_opts[] = {
	OPT("supplier", 0, OPT_STR, &o_supplier, "CODE", "only this supplier's codes"),
	OPT("sku", 0, OPT_STR, &o_sku, "SKU", "only this SKU"),
	OPT_END
};

static void
mapping_list(const struct csv_col *names, db_stmt *st, const char *party)
{
	const struct out_col cols[] = {
		{ names[0].name, COL_TEXT }, { names[1].name, COL_TEXT }, { "sku", COL_TEXT },
	};
	struct out o;

	db_bind_int(st, 1, sku_filter());
	db_bind_text(st, 2, party);
	out_start(&o, cols, 3);
	while (db_step(st)) {
		const char *v[3] = { db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2) };
		out_row(&o, v);
	}
	out_end(&o);
}

static int
parts_list(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	mapping_list(part_cols,
		     db_prep("SELECT m.customer, m.part_no, s.sku FROM customer_part m "
			     "JOIN sku s ON s.id = m.sku_id WHERE (?1 < 0 OR m.sku_id = ?1) "
			     "AND (?2 IS NULL OR m.customer = ?2) ORDER BY m.customer, m.part_no"),
		     o_customer);
	return 0;
}

static int
supplier_codes_list(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	mapping_list(supplier_cols,
		     db_prep("SELECT m.supplier, m.supplier_sku, s.sku FROM supplier_code m "
			     "JOIN sku s ON s.id = m.sku_id WHERE (?1 < 0 OR m.sku_id = ?1) "
			     "AND (?2 IS NULL OR m.supplier = ?2) "
			     "ORDER BY m.supplier, m.supplier_sku"),
		     o_supplier);
	return 0;
}

static int
cmd_check(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return run_check(catalogue_check, "catalogue");
}

static const struct cmd cmds[] = {
	{ "import", "[FILE]", "add or update products by sku from CSV\n"
	  "columns: sku (required), spu, name (required for a new sku), brand, category,\n"
	  "attrs, key_attrs, price, market_price, cost, barcode, weight_g, status,\n"
	  "backorder, on_sale_from, on_sale_until; an absent column keeps what is stored,\n"
	  "an empty cell clears an optional field (see shop-product(1))",
	  CMD_IMPORT, import_opts, 0, 1, product_import },
	{ "export", "", "all products, every import column, by sku", 0, NULL, 0, 0, product_export },
	{ "list", "", "list products (sku, name, brand, category, price, status)", 0, list_opts,
	  0, 0, product_list },
	{ "show", "SKU", "every field of a SKU, its price lists, codes and stock", 0, NULL, 1, 1,
	  product_show },
	{ "add", "SKU", "add a SKU (--name and --price required)", CMD_WRITE, add_opts, 1, 1,
	  product_add },
	{ "set", "SKU FIELD=VALUE...", "change fields of a SKU (import column names)", CMD_WRITE,
	  NULL, 2, -1, product_set },
	{ "activate", "SKU...", "put SKUs on sale, optionally in a window", CMD_WRITE, window_opts,
	  1, -1, product_activate },
	{ "deactivate", "SKU...", "take SKUs off sale", CMD_WRITE, window_opts, 1, -1,
	  product_deactivate },
	{ "category add", "PATH...", "add categories A/B/C (parents too; at most 4 levels)",
	  CMD_WRITE, NULL, 1, -1, category_add },
	{ "category list", "[PATH]", "list categories (a subtree) with their SKU counts", 0, NULL,
	  0, 1, category_list },
	{ "category move", "PATH NEWPARENT|/", "move a category and its subtree", CMD_WRITE, NULL,
	  2, 2, category_move },
	{ "category remove", "PATH...", "remove categories without subcategories or SKUs",
	  CMD_WRITE, NULL, 1, -1, category_remove },
	{ "brand add", "NAME...", "add brands", CMD_WRITE, NULL, 1, -1, brand_add },
	{ "brand list", "", "list brands with their SKU counts", 0, NULL, 0, 0, brand_list },
	{ "brand remove", "NAME...", "remove brands no SKU uses", CMD_WRITE, NULL, 1, -1, brand_remove },
	{ "prices import", "[FILE]",
	  "B2B price lists: customer or group, sku, min_qty, price\n"
	  "one of customer or group per row; min_qty defaults to 1; customer and group\n"
	  "codes are stored as given (the customer master arrives with shop-order)",
	  CMD_IMPORT, NULL, 0, 1, prices_import },
	{ "prices list", "", "list price-list entries (re-importable)", 0, prices_list_opts, 0, 0,
	  prices_list },
	{ "parts import", "[FILE]", "customer part numbers: customer, part_no, sku\n"
	  "customer codes are stored as given (the customer master arrives with shop-order)",
	  CMD_IMPORT,
	  NULL, 0, 1, parts_import },
	{ "parts list", "", "list customer part numbers", 0, parts_list_opts, 0, 0, parts_list },
	{ "supplier-codes import", "[FILE]", "supplier codes: supplier, supplier_sku, sku\n"
	  "supplier codes are stored as given (the supplier master arrives with shop-po)",
	  CMD_IMPORT, NULL, 0, 1, supplier_codes_import },
	{ "supplier-codes list", "", "list supplier codes", 0, supplier_list_opts, 0, 0,
	  supplier_codes_list },
	{ "check", "", "verify every catalogue invariant; one line per violation", 0, NULL, 0, 0,
	  cmd_check },
	{ NULL, NULL, NULL, 0, NULL, 0, 0, NULL }
};

int
main(int argc, char **argv)
{
	return shop_main(argc, argv, "shop-product",
			 "shop-product: the product center (SPU/SKU, categories, brands, prices)", cmds);
}
