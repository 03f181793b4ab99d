/* catalog.c - the catalogue's commands over SKUs: import, export, list,
 * add, set, activate/deactivate, show */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "brand.h"
#include "catalog.h"
#include "category.h"
#include "err.h"
#include "money.h"
#include "session.h"
#include "suggest.h"
#include "util.h"

/* ---- the import ---- */

const struct csv_col product_import_cols[PRODUCT_NCOLS] = {
	{ "sku", 1 }, { "spu", 0 }, { "name", 0 }, { "brand", 0 }, { "category", 0 },
	{ "attrs", 0 }, { "key_attrs", 0 }, { "price", 0 }, { "market_price", 0 },
	{ "cost", 0 }, { "barcode", 0 }, { "weight_g", 0 }, { "status", 0 },
	{ "backorder", 0 }, { "on_sale_from", 0 }, { "on_sale_until", 0 },
};

/* Where each column goes in struct product_row. */
static const size_t row_offset[PRODUCT_NCOLS] = {
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
	return (const char **)(void *)((char *)pr + row_offset[col]);
}

void
product_row_of(const struct imp_record *rec, size_t i, struct product_row *pr)
{
	size_t col;

	memset(pr, 0, sizeof *pr);
	for (col = 0; col < PRODUCT_NCOLS; col++)
		*row_field(pr, col) = imp_has(rec, col) ? imp_get(rec, i, col) : NULL;
	pr->line = rec->rows[i].line;
}

static enum res
import_record(const struct imp_record *rec, struct why *why, void *arg)
{
	struct product_row pr;

	(void)arg;
	product_row_of(rec, 0, &pr);
	return product_upsert(&pr, why);
}

static void
import_flush(void *arg)
{
	(void)arg;
	product_bulk_flush();
}

/* New SKUs are queued and written a batch at a time: on a server, a
 * round trip per batch instead of one per SKU. */
int
product_import(const char *path)
{
	static const struct import_spec spec = {
		.noun = "products", .cols = product_import_cols, .ncols = PRODUCT_NCOLS,
		.record = import_record, .flush = import_flush, .batch = 4000,
	};
	int rc;

	product_bulk_begin();
	product_bulk_queue();
	rc = import_run(&spec, path, NULL);
	product_bulk_end();
	return rc;
}

/* ---- export and list ---- */

const struct out_col product_export_cols[PRODUCT_NCOLS] = {
	{ "sku", COL_TEXT }, { "spu", COL_TEXT }, { "name", COL_TEXT }, { "brand", COL_TEXT },
	{ "category", COL_TEXT }, { "attrs", COL_TEXT }, { "key_attrs", COL_TEXT },
	{ "price", COL_MONEY }, { "market_price", COL_MONEY }, { "cost", COL_MONEY },
	{ "barcode", COL_TEXT }, { "weight_g", COL_INT }, { "status", COL_TEXT },
	{ "backorder", COL_INT }, { "on_sale_from", COL_TEXT }, { "on_sale_until", COL_TEXT },
};

db_stmt *
product_export_query(void)
{
	return db_prep("SELECT s.sku, p.code, s.name, b.name, c.path, s.attrs, s.key_attrs, "
		       "s.price, s.market_price, s.cost, s.barcode, s.weight_g, s.status, "
		       "s.backorder, s.on_sale_from, s.on_sale_until "
		       "FROM sku s LEFT JOIN spu p ON p.id = s.spu_id "
		       "LEFT JOIN brand b ON b.id = s.brand_id "
		       "LEFT JOIN category c ON c.id = s.category_id ORDER BY s.sku");
}

const struct out_col product_list_cols[PRODUCT_LIST_NCOLS] = {
	{ "sku", COL_TEXT }, { "name", COL_TEXT }, { "brand", COL_TEXT },
	{ "category", COL_TEXT }, { "price", COL_MONEY }, { "status", COL_TEXT },
};

/* "%TEXT%" for LIKE, ASCII lowercased, with % _ \ escaped by \ */
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

enum res
product_list_query(const struct product_filter *f, db_stmt **st, struct why *why)
{
	struct category cat = CATEGORY_INIT;
	int64_t brand = 0;
	char *pat;
	enum res res = RES_DONE;

	if (f->status && strcmp(f->status, "draft") && strcmp(f->status, "active") &&
	    strcmp(f->status, "inactive"))
		return res_fail(why, RES_BAD, "unknown status '%s' (draft, active or inactive)",
				f->status);
	if ((f->category && (res = category_find(f->category, &cat, why)) != RES_DONE) ||
	    (f->brand && (res = brand_find(f->brand, &brand, why)) != RES_DONE)) {
		category_release(&cat);
		return res;
	}
	pat = like_pattern(f->search ? f->search : ""); /* "%%" without a search */
	*st = db_prep("SELECT s.sku, s.name, b.name, c.path, s.price, s.status FROM sku s "
		      "LEFT JOIN brand b ON b.id = s.brand_id "
		      "LEFT JOIN category c ON c.id = s.category_id "
		      "WHERE (?1 = '' OR c.path = ?1 OR substr(c.path, 1, length(?1) + 1) = ?1 || '/') "
		      "AND (?2 = 0 OR s.brand_id = ?2) AND (?3 = '' OR s.status = ?3) "
		      "AND (?4 = '%%' OR lower(s.sku) LIKE ?4 ESCAPE '\\' "
		      "OR lower(s.name) LIKE ?4 ESCAPE '\\' OR s.barcode LIKE ?4 ESCAPE '\\') "
		      "ORDER BY s.sku");
	db_bind_text(*st, 1, sbuf_str(&cat.path));
	db_bind_int(*st, 2, brand);
	db_bind_text(*st, 3, f->status ? f->status : "");
	db_bind_text(*st, 4, pat);
	free(pat);
	category_release(&cat);
	return RES_DONE;
}

/* ---- add, set, activate, deactivate ---- */

enum res
product_add(const struct product_row *r, struct why *why)
{
	enum res res;

	db_savepoint();
	res = product_upsert(r, why);
	if (res == RES_UPDATED) {
		db_rollback_to();
		product_cache_clear();
		return res_fail(why, RES_REFUSED,
				"sku '%s' exists with other values; use 'shop-product set'", r->sku);
	}
	db_release();
	if (res == RES_SKIPPED)
		return res_fail(why, RES_SKIPPED, "sku '%s' exists; skipped", r->sku);
	if (res == RES_DONE)
		audit_note("add sku '%s'", r->sku);
	return res;
}

/* The fields of set: the import columns but sku, and the SPU's name. */
const char *const product_set_fields[] = {
	"name", "spu", "spu_name", "brand", "category", "attrs", "key_attrs", "price",
	"market_price", "cost", "barcode", "weight_g", "status", "backorder", "on_sale_from",
	"on_sale_until", NULL,
};

/* Fields that always hold a value: set cannot empty them. */
static int
required_field(const char *f, size_t len)
{
	return (len == 4 && !strncmp(f, "name", 4)) || (len == 6 && !strncmp(f, "status", 6)) ||
	       (len == 9 && !strncmp(f, "backorder", 9));
}

/* The slot of field name[0..len) in pr, or NULL. */
static const char **
set_slot(struct product_row *pr, const char *name, size_t len)
{
	size_t col;

	if (len == 8 && !strncmp(name, "spu_name", 8))
		return &pr->spu_name;
	for (col = 1; col < PRODUCT_NCOLS; col++)
		if (strlen(product_import_cols[col].name) == len &&
		    !strncmp(name, product_import_cols[col].name, len))
			return row_field(pr, col);
	return NULL;
}

static enum res
unknown_field(const char *name, size_t len, struct why *why)
{
	struct sbuf list = SBUF_INIT;
	char *f = xstrndup(name, len);
	const char *near = suggest(f, product_set_fields, (size_t)-1);
	size_t i;

	for (i = 0; product_set_fields[i]; i++)
		sbuf_printf(&list, "%s%s", i ? ", " : "", product_set_fields[i]);
	if (near)
		res_fail(why, RES_BAD, "unknown field '%s' (did you mean '%s'?); fields: %s", f, near,
			 sbuf_str(&list));
	else
		res_fail(why, RES_BAD, "unknown field '%s'; fields: %s", f, sbuf_str(&list));
	free(f);
	sbuf_release(&list);
	return RES_BAD;
}

/* FIELD=VALUE arguments onto pr, noted for the audit. */
static enum res
parse_assignments(char *const *assign, size_t n, struct product_row *pr, struct sbuf *note,
		  struct why *why)
{
	const char **slot;
	const char *eq;
	size_t i, len;

	for (i = 0; i < n; i++) {
		eq = strchr(assign[i], '=');
		if (!eq || eq == assign[i])
			return res_fail(why, RES_BAD, "bad assignment '%s': use FIELD=VALUE",
					assign[i]);
		len = (size_t)(eq - assign[i]);
		if (len == 3 && !strncmp(assign[i], "sku", 3))
			return res_fail(why, RES_BAD, "field 'sku' cannot be set: it names the SKU");
		if (!(slot = set_slot(pr, assign[i], len)))
			return unknown_field(assign[i], len, why);
		if (*slot)
			return res_fail(why, RES_BAD, "field '%.*s' is given twice", (int)len,
					assign[i]);
		*slot = eq + 1;
		if (!eq[1] && required_field(assign[i], len))
			return res_fail(why, RES_BAD, "field '%.*s' cannot be empty: every sku has one",
					(int)len, assign[i]);
		sbuf_printf(note, "%s%s", i ? ", " : "", assign[i]);
	}
	return RES_DONE;
}

enum res
product_set(const char *sku, char *const *assign, size_t n, struct why *why)
{
	struct product_row pr = { 0 };
	struct sbuf note = SBUF_INIT;
	int64_t id;
	enum res res;

	if ((res = product_find(sku, &id, why)) != RES_DONE)
		return res;
	pr.sku = sku;
	res = parse_assignments(assign, n, &pr, &note, why);
	if (res == RES_DONE)
		res = product_upsert(&pr, why);
	if (res == RES_SKIPPED)
		res_fail(why, RES_SKIPPED, "sku '%s' is unchanged; skipped", sku);
	else if (RES_APPLIED(res))
		audit_note("set sku '%s': %s", sku, sbuf_str(&note));
	sbuf_release(&note);
	return res;
}

enum res
product_set_status(char *const *skus, size_t n, const char *status, const char *from,
		   const char *until, struct why *why)
{
	struct product_row pr = { 0 };
	struct sbuf note = SBUF_INIT;
	int64_t id;
	size_t i, changed = 0;
	enum res res = RES_DONE;

	/* all or nothing: every SKU must exist before anything changes */
	for (i = 0; i < n; i++)
		if ((res = product_find(skus[i], &id, why)) != RES_DONE)
			return res;
	pr.status = status;
	pr.on_sale_from = from;
	pr.on_sale_until = until;
	db_savepoint();
	for (i = 0; i < n && !RES_FAILED(res); i++) {
		pr.sku = skus[i];
		res = product_upsert(&pr, why);
		if (res == RES_SKIPPED && !S.quiet)
			warn("sku '%s' is already %s; skipped", skus[i], status);
		else if (RES_APPLIED(res))
			sbuf_printf(&note, "%s'%s'", changed++ ? ", " : "", skus[i]);
	}
	if (RES_FAILED(res)) {
		db_rollback_to();
		product_cache_clear();
		sbuf_release(&note);
		return res;
	}
	db_release();
	if (changed)
		audit_note("%s %s", !strcmp(status, "active") ? "activate" : "deactivate",
			   sbuf_str(&note));
	sbuf_release(&note);
	why->msg[0] = '\0';
	return changed ? RES_DONE : RES_SKIPPED;
}

/* ---- show ---- */

static const struct out_col view_cols[] = {
	{ "sku", COL_TEXT }, { "spu", COL_TEXT }, { "spu_name", COL_TEXT }, { "name", COL_TEXT },
	{ "brand", COL_TEXT }, { "category", COL_TEXT }, { "attrs", COL_TEXT },
	{ "key_attrs", COL_TEXT }, { "price", COL_MONEY }, { "market_price", COL_MONEY },
	{ "cost", COL_MONEY }, { "barcode", COL_TEXT }, { "weight_g", COL_INT },
	{ "status", COL_TEXT }, { "backorder", COL_INT }, { "on_sale_from", COL_TEXT },
	{ "on_sale_until", COL_TEXT }, { "created_at", COL_TEXT }, { "updated_at", COL_TEXT },
	{ "on_sale", COL_TEXT },
};
#define VIEW_NCOLS (sizeof view_cols / sizeof view_cols[0])

static const struct out_col price_cols[] = {
	{ "customer", COL_TEXT }, { "group", COL_TEXT }, { "min_qty", COL_INT },
	{ "price", COL_MONEY },
};
static const struct out_col part_cols_v[] = { { "customer", COL_TEXT }, { "part_no", COL_TEXT } };
static const struct out_col supplier_cols_v[] = {
	{ "supplier", COL_TEXT }, { "supplier_sku", COL_TEXT },
};
static const struct out_col stock_cols[] = {
	{ "warehouse", COL_TEXT }, { "on_hand", COL_INT }, { "reserved", COL_INT },
	{ "allocated", COL_INT }, { "available", COL_INT },
};

/* Every row of st into t, its columns as text (amounts formatted). */
static void
rows_of(struct out_rows *t, db_stmt *st)
{
	char money[8][MONEY_BUFSZ];
	const char *v[32];
	size_t i;

	while (db_step(st)) {
		for (i = 0; i < t->ncols; i++)
			v[i] = t->cols[i].kind == COL_MONEY && !db_col_is_null(st, (int)i)
			       ? money_format(db_col_int(st, (int)i), S.digits, money[i % 8])
			       : db_col_text(st, (int)i);
		out_rows_add(t, v);
	}
}

static void
view_lists(struct product_view *v, int64_t id)
{
	static const char *const sql[PV_NLISTS] = {
		"SELECT COALESCE(c.code, ''), l.cust_group, l.min_qty, l.price FROM price_list l "
		"LEFT JOIN customer c ON c.id = l.customer_id WHERE l.sku_id = ?1 "
		"ORDER BY 1, 2, 3",
		"SELECT c.code, m.part_no FROM customer_part m "
		"JOIN customer c ON c.id = m.customer_id WHERE m.sku_id = ?1 "
		"ORDER BY c.code, m.part_no",
		"SELECT supplier, supplier_sku FROM supplier_code WHERE sku_id = ?1 "
		"ORDER BY supplier, supplier_sku",
		/* the stock summary (lib/stock keeps these levels) */
		"SELECT w.code, k.on_hand, k.reserved, k.allocated, "
		"k.on_hand - k.reserved - k.allocated FROM stock k "
		"JOIN warehouse w ON w.id = k.warehouse_id WHERE k.sku_id = ?1 "
		"ORDER BY w.priority, w.code",
	};
	db_stmt *st;
	int i;

	out_rows_init(&v->lists[PV_PRICE_LIST], "price_list", price_cols, 4);
	out_rows_init(&v->lists[PV_PART], "part", part_cols_v, 2);
	out_rows_init(&v->lists[PV_SUPPLIER_CODE], "supplier_code", supplier_cols_v, 2);
	out_rows_init(&v->lists[PV_STOCK], "stock", stock_cols, 5);
	for (i = 0; i < PV_NLISTS; i++) {
		st = db_prep(sql[i]);
		db_bind_int(st, 1, id);
		rows_of(&v->lists[i], st);
	}
}

enum res
product_show(const char *sku, int64_t now, struct product_view *v, struct why *why)
{
	char money[3][MONEY_BUFSZ];
	const char *vals[VIEW_NCOLS];
	struct sbuf onsale = SBUF_INIT;
	struct why ns;
	db_stmt *st;
	int64_t id;
	enum res res;
	size_t i, m;

	if ((res = product_find(sku, &id, why)) != RES_DONE)
		return res;
	if (product_on_sale(id, now, &ns) == RES_DONE)
		sbuf_adds(&onsale, "yes");
	else
		sbuf_printf(&onsale, "no: %s", ns.msg);
	out_rows_init(&v->fields, "sku", view_cols, VIEW_NCOLS);
	st = db_prep("SELECT s.sku, p.code, p.name, s.name, b.name, c.path, s.attrs, s.key_attrs, "
		     "s.price, s.market_price, s.cost, s.barcode, s.weight_g, s.status, "
		     "s.backorder, s.on_sale_from, s.on_sale_until, s.created_at, s.updated_at "
		     "FROM sku s LEFT JOIN spu p ON p.id = s.spu_id "
		     "LEFT JOIN brand b ON b.id = s.brand_id "
		     "LEFT JOIN category c ON c.id = s.category_id WHERE s.id = ?1");
	db_bind_int(st, 1, id);
	if (db_step(st)) {
		for (i = 0, m = 0; i < VIEW_NCOLS - 1; i++)
			vals[i] = view_cols[i].kind == COL_MONEY && !db_col_is_null(st, (int)i)
				  ? money_format(db_col_int(st, (int)i), S.digits, money[m++])
				  : db_col_text(st, (int)i);
		vals[VIEW_NCOLS - 1] = sbuf_str(&onsale);
		out_rows_add(&v->fields, vals);
	}
	db_reset(st);
	sbuf_release(&onsale);
	view_lists(v, id);
	return RES_DONE;
}

void
product_view_release(struct product_view *v)
{
	int i;

	out_rows_release(&v->fields);
	for (i = 0; i < PV_NLISTS; i++)
		out_rows_release(&v->lists[i]);
}
