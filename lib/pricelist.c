/* pricelist.c - price lists, customer part numbers, supplier codes */
#include <stddef.h>
#include <stdint.h>

#include "code.h"
#include "err.h"
#include "import.h"
#include "money.h"
#include "parse.h"
#include "pricelist.h"
#include "product.h"
#include "session.h"

/* ---- price lists ---- */

#define MIN_QTY_MAX 1000000000

/* The values of a price row: RES_DONE, or why not. */
static enum res
price_values(const struct price_row *r, const char *cust, const char *grp, int64_t *sku_id,
	     int64_t *min_qty, int64_t *price, struct why *why)
{
	const char *w;
	enum res res;

	if (*cust && *grp)
		return res_fail(why, RES_BAD, "give customer or group, not both");
	if (!*cust && !*grp)
		return res_fail(why, RES_BAD, "missing customer or group");
	if ((res = code_check(*cust ? "customer" : "group", *cust ? cust : grp, why)) != RES_DONE ||
	    (res = product_find(r->sku, sku_id, why)) != RES_DONE)
		return res;
	*min_qty = 1;
	if (r->min_qty && *r->min_qty) {
		if (parse_int(r->min_qty, INT64_MIN, INT64_MAX, min_qty, &w) < 0)
			return res_fail(why, RES_BAD, "bad min_qty '%s': %s", r->min_qty, w);
		if (*min_qty < 1 || *min_qty > MIN_QTY_MAX)
			return res_fail(why, RES_BAD, "bad min_qty '%s': must be 1 or more", r->min_qty);
	}
	if (!r->price || !*r->price)
		return res_fail(why, RES_BAD, "missing price");
	if (money_parse(r->price, S.digits, price, &w) < 0)
		return res_fail(why, RES_BAD, "bad price '%s': %s", r->price, w);
	if (*price < 0)
		return res_fail(why, RES_BAD, "bad price '%s': negative", r->price);
	return RES_DONE;
}

enum res
price_list_upsert(const struct price_row *r, struct why *why)
{
	const char *cust = r->customer ? r->customer : "", *grp = r->group ? r->group : "";
	int64_t sku_id, min_qty, price, id = -1, old = 0;
	db_stmt *st;
	enum res res;

	if ((res = price_values(r, cust, grp, &sku_id, &min_qty, &price, why)) != RES_DONE)
		return res;
	st = db_prep("SELECT id, price FROM price_list WHERE customer = ?1 AND cust_group = ?2 "
		     "AND sku_id = ?3 AND min_qty = ?4");
	db_bind_text(st, 1, cust);
	db_bind_text(st, 2, grp);
	db_bind_int(st, 3, sku_id);
	db_bind_int(st, 4, min_qty);
	if (db_step(st)) {
		id = db_col_int(st, 0);
		old = db_col_int(st, 1);
	}
	db_reset(st);
	if (id >= 0 && old == price)
		return RES_SKIPPED;
	if (id >= 0) {
		st = db_prep("UPDATE price_list SET price = ?1 WHERE id = ?2");
		db_bind_int(st, 1, price);
		db_bind_int(st, 2, id);
		db_run(st);
		return RES_UPDATED;
	}
	/* an entry another process adds meanwhile gets this price */
	st = db_prep("INSERT INTO price_list (customer, cust_group, sku_id, min_qty, price) "
		     "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (customer, cust_group, sku_id, min_qty) "
		     "DO UPDATE SET price = excluded.price");
	db_bind_text(st, 1, cust);
	db_bind_text(st, 2, grp);
	db_bind_int(st, 3, sku_id);
	db_bind_int(st, 4, min_qty);
	db_bind_int(st, 5, price);
	db_run(st);
	return RES_DONE;
}

enum res
price_list_best(const char *customer, const char *group, int64_t sku_id, int64_t qty,
		int64_t *price)
{
	db_stmt *st = db_prep("SELECT min(price) FROM price_list WHERE sku_id = ?1 "
			      "AND min_qty <= ?2 AND ((customer = ?3 AND ?3 <> '') "
			      "OR (cust_group = ?4 AND ?4 <> ''))");
	enum res res = RES_NOTFOUND;

	db_bind_int(st, 1, sku_id);
	db_bind_int(st, 2, qty);
	db_bind_text(st, 3, customer ? customer : "");
	db_bind_text(st, 4, group ? group : "");
	if (db_step(st) && !db_col_is_null(st, 0)) {
		*price = db_col_int(st, 0);
		res = RES_DONE;
	}
	db_reset(st);
	return res;
}

/* ---- part numbers and supplier codes: (party, code) -> sku ---- */

struct mapping {
	const char *party, *code;          /* column names, for messages */
	const char *sel, *upd, *ins;
};

static const struct mapping parts = {
	"customer", "part_no",
	"SELECT sku_id FROM customer_part WHERE customer = ?1 AND part_no = ?2",
	"UPDATE customer_part SET sku_id = ?1 WHERE customer = ?2 AND part_no = ?3",
	"INSERT INTO customer_part (sku_id, customer, part_no) VALUES (?1, ?2, ?3) "
	"ON CONFLICT (customer, part_no) DO UPDATE SET sku_id = excluded.sku_id",
};

static const struct mapping supplier_codes = {
	"supplier", "supplier_sku",
	"SELECT sku_id FROM supplier_code WHERE supplier = ?1 AND supplier_sku = ?2",
	"UPDATE supplier_code SET sku_id = ?1 WHERE supplier = ?2 AND supplier_sku = ?3",
	"INSERT INTO supplier_code (sku_id, supplier, supplier_sku) VALUES (?1, ?2, ?3) "
	"ON CONFLICT (supplier, supplier_sku) DO UPDATE SET sku_id = excluded.sku_id",
};

static int64_t
mapping_lookup(const struct mapping *m, const char *party, const char *code)
{
	db_stmt *st = db_prep(m->sel);
	int64_t id = -1;

	db_bind_text(st, 1, party);
	db_bind_text(st, 2, code);
	if (db_step(st))
		id = db_col_int(st, 0);
	db_reset(st);
	return id;
}

static enum res
mapping_upsert(const struct mapping *m, const char *party, const char *code, const char *sku,
	       struct why *why)
{
	int64_t sku_id, old;
	db_stmt *st;
	enum res res;

	if ((res = code_check(m->party, party, why)) != RES_DONE ||
	    (res = code_check(m->code, code, why)) != RES_DONE ||
	    (res = product_find(sku, &sku_id, why)) != RES_DONE)
		return res;
	old = mapping_lookup(m, party, code);
	if (old == sku_id)
		return RES_SKIPPED;
	st = db_prep(old >= 0 ? m->upd : m->ins);
	db_bind_int(st, 1, sku_id);
	db_bind_text(st, 2, party);
	db_bind_text(st, 3, code);
	db_run(st);
	return old >= 0 ? RES_UPDATED : RES_DONE;
}

enum res
part_upsert(const char *customer, const char *part_no, const char *sku, struct why *why)
{
	return mapping_upsert(&parts, customer, part_no, sku, why);
}

enum res
supplier_code_upsert(const char *supplier, const char *supplier_sku, const char *sku,
		     struct why *why)
{
	return mapping_upsert(&supplier_codes, supplier, supplier_sku, sku, why);
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

/* ---- the imports ---- */

enum { PR_CUSTOMER, PR_GROUP, PR_SKU, PR_MIN_QTY, PR_PRICE, PR_NCOLS };

static const struct csv_col price_in[PR_NCOLS] = {
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
price_record(const struct imp_record *rec, struct why *why, void *arg)
{
	struct price_row pr = {
		imp_get(rec, 0, PR_CUSTOMER), imp_get(rec, 0, PR_GROUP), imp_get(rec, 0, PR_SKU),
		imp_get(rec, 0, PR_MIN_QTY), imp_get(rec, 0, PR_PRICE),
	};

	(void)arg;
	return price_list_upsert(&pr, why);
}

int
prices_import(const char *path)
{
	static const struct import_spec spec = {
		.noun = "prices", .cols = price_in, .ncols = PR_NCOLS, .header = price_header,
		.record = price_record,
	};

	return import_run(&spec, path, NULL);
}

enum { M_PARTY, M_CODE, M_SKU, M_NCOLS };

static const struct csv_col part_in[M_NCOLS] = {
	{ "customer", 1 }, { "part_no", 1 }, { "sku", 1 },
};

static const struct csv_col supplier_in[M_NCOLS] = {
	{ "supplier", 1 }, { "supplier_sku", 1 }, { "sku", 1 },
};

static enum res
mapping_record(const struct imp_record *rec, struct why *why, void *arg)
{
	return mapping_upsert(arg, imp_get(rec, 0, M_PARTY), imp_get(rec, 0, M_CODE),
			      imp_get(rec, 0, M_SKU), why);
}

int
parts_import(const char *path)
{
	static const struct import_spec spec = {
		.noun = "part numbers", .cols = part_in, .ncols = M_NCOLS, .record = mapping_record,
	};

	return import_run(&spec, path, (void *)&parts);
}

int
supplier_codes_import(const char *path)
{
	static const struct import_spec spec = {
		.noun = "supplier codes", .cols = supplier_in, .ncols = M_NCOLS,
		.record = mapping_record,
	};

	return import_run(&spec, path, (void *)&supplier_codes);
}

/* ---- the lists ---- */

/* An --sku filter: its id, or -1 for none. */
static enum res
sku_filter(const char *sku, int64_t *id, struct why *why)
{
	*id = -1;
	return sku ? product_find(sku, id, why) : RES_DONE;
}

const struct out_col price_list_cols[PRICE_LIST_NCOLS] = {
	{ "customer", COL_TEXT }, { "group", COL_TEXT }, { "sku", COL_TEXT },
	{ "min_qty", COL_INT }, { "price", COL_MONEY },
};

enum res
price_list_query(const char *sku, const char *customer, const char *group, db_stmt **st,
		 struct why *why)
{
	int64_t sku_id;
	enum res res;

	if ((res = sku_filter(sku, &sku_id, why)) != RES_DONE)
		return res;
	*st = db_prep("SELECT l.customer, l.cust_group, s.sku, l.min_qty, l.price "
		      "FROM price_list l JOIN sku s ON s.id = l.sku_id "
		      "WHERE (?1 < 0 OR l.sku_id = ?1) AND (?2 = '' OR l.customer = ?2) "
		      "AND (?3 = '' OR l.cust_group = ?3) "
		      "ORDER BY l.customer, l.cust_group, s.sku, l.min_qty");
	db_bind_int(*st, 1, sku_id);
	db_bind_text(*st, 2, customer ? customer : "");
	db_bind_text(*st, 3, group ? group : "");
	return RES_DONE;
}

const struct out_col part_cols[MAPPING_NCOLS] = {
	{ "customer", COL_TEXT }, { "part_no", COL_TEXT }, { "sku", COL_TEXT },
};

const struct out_col supplier_code_cols[MAPPING_NCOLS] = {
	{ "supplier", COL_TEXT }, { "supplier_sku", COL_TEXT }, { "sku", COL_TEXT },
};

static enum res
mapping_query(const char *sql, const char *sku, const char *party, db_stmt **st,
	      struct why *why)
{
	int64_t sku_id;
	enum res res;

	if ((res = sku_filter(sku, &sku_id, why)) != RES_DONE)
		return res;
	*st = db_prep(sql);
	db_bind_int(*st, 1, sku_id);
	db_bind_text(*st, 2, party ? party : "");
	return RES_DONE;
}

enum res
part_list_query(const char *sku, const char *customer, db_stmt **st, struct why *why)
{
	return mapping_query("SELECT m.customer, m.part_no, s.sku FROM customer_part m "
			     "JOIN sku s ON s.id = m.sku_id WHERE (?1 < 0 OR m.sku_id = ?1) "
			     "AND (?2 = '' OR m.customer = ?2) ORDER BY m.customer, m.part_no",
			     sku, customer, st, why);
}

enum res
supplier_code_list_query(const char *sku, const char *supplier, db_stmt **st, struct why *why)
{
	return mapping_query("SELECT m.supplier, m.supplier_sku, s.sku FROM supplier_code m "
			     "JOIN sku s ON s.id = m.sku_id WHERE (?1 < 0 OR m.sku_id = ?1) "
			     "AND (?2 = '' OR m.supplier = ?2) ORDER BY m.supplier, m.supplier_sku",
			     sku, supplier, st, why);
}
