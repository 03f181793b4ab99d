/* pricelist.c - price lists, customer part numbers, supplier codes */
#include <stddef.h>
#include <stdint.h>

#include "code.h"
#include "customer.h"
#include "err.h"
#include "import.h"
#include "money.h"
#include "parse.h"
#include "pricelist.h"
#include "product.h"
#include "session.h"
#include "supplier.h"

/* ---- price lists ---- */

#define MIN_QTY_MAX 1000000000

/* The values of a price row: RES_DONE, or why not. A customer's entry
 * has its id in *cust_id, a group's -1. */
static enum res
price_values(const struct price_row *r, const char *cust, const char *grp, int64_t *cust_id,
	     int64_t *sku_id, int64_t *min_qty, int64_t *price, struct why *why)
{
	const char *w;
	enum res res;

	*cust_id = -1;
	if (*cust && *grp)
		return res_fail(why, RES_BAD, "give customer or group, not both");
	if (!*cust && !*grp)
		return res_fail(why, RES_BAD, "missing customer or group");
	if ((res = code_check(*cust ? "customer" : "group", *cust ? cust : grp, why)) != RES_DONE ||
	    (*cust && (res = customer_find_id(cust, cust_id, why)) != RES_DONE) ||
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
	int64_t cust_id, sku_id, min_qty, price, id = -1, old = 0;
	db_stmt *st;
	enum res res;

	if ((res = price_values(r, cust, grp, &cust_id, &sku_id, &min_qty, &price, why)) !=
	    RES_DONE)
		return res;
	/* a customer's entries and a group's are two keys (two partial
	 * unique indexes): the statements of this entry's; ?1 is the
	 * customer's id or the group */
	if (cust_id >= 0) {
		st = db_prep("SELECT id, price FROM price_list WHERE customer_id = ?1 "
			     "AND sku_id = ?2 AND min_qty = ?3");
		db_bind_int(st, 1, cust_id);
	} else {
		st = db_prep("SELECT id, price FROM price_list WHERE customer_id IS NULL "
			     "AND cust_group = ?1 AND sku_id = ?2 AND min_qty = ?3");
		db_bind_text(st, 1, grp);
	}
	db_bind_int(st, 2, sku_id);
	db_bind_int(st, 3, min_qty);
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
	if (cust_id >= 0) {
		st = db_prep("INSERT INTO price_list (customer_id, sku_id, min_qty, price) "
			     "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (customer_id, sku_id, min_qty) "
			     "WHERE customer_id IS NOT NULL DO UPDATE SET price = excluded.price");
		db_bind_int(st, 1, cust_id);
	} else {
		st = db_prep("INSERT INTO price_list (cust_group, sku_id, min_qty, price) "
			     "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (cust_group, sku_id, min_qty) "
			     "WHERE customer_id IS NULL DO UPDATE SET price = excluded.price");
		db_bind_text(st, 1, grp);
	}
	db_bind_int(st, 2, sku_id);
	db_bind_int(st, 3, min_qty);
	db_bind_int(st, 4, price);
	db_run(st);
	return RES_DONE;
}

enum res
price_list_best(int64_t customer_id, const char *group, int64_t sku_id, int64_t qty,
		int64_t *price)
{
	db_stmt *st = db_prep("SELECT min(price) FROM price_list WHERE sku_id = ?1 "
			      "AND min_qty <= ?2 AND (customer_id = ?3 "
			      "OR (customer_id IS NULL AND cust_group = ?4 AND ?4 <> ''))");
	enum res res = RES_NOTFOUND;

	db_bind_int(st, 1, sku_id);
	db_bind_int(st, 2, qty);
	db_bind_int(st, 3, customer_id);
	db_bind_text(st, 4, group ? group : "");
	if (db_step(st) && !db_col_is_null(st, 0)) {
		*price = db_col_int(st, 0);
		res = RES_DONE;
	}
	db_reset(st);
	return res;
}

/* ---- part numbers and supplier codes: (party, code) -> sku ---- */

/* A party is a customer, kept by id, or a supplier, kept by code; either
 * must be one of its master (customer.h, supplier.h). */
struct mapping {
	const char *party, *code;          /* column names, for messages */
	int by_id;                         /* the party is kept by id (a customer) */
	/* the party's id, or unknown (with "did you mean") */
	enum res (*find)(const char *code, int64_t *id, struct why *why);
	const char *sel, *upd, *ins;
};

static const struct mapping parts = {
	"customer", "part_no", 1, customer_find_id,
	"SELECT sku_id FROM customer_part WHERE customer_id = ?1 AND part_no = ?2",
	"UPDATE customer_part SET sku_id = ?1 WHERE customer_id = ?2 AND part_no = ?3",
	"INSERT INTO customer_part (sku_id, customer_id, part_no) VALUES (?1, ?2, ?3) "
	"ON CONFLICT (customer_id, part_no) DO UPDATE SET sku_id = excluded.sku_id",
};

static const struct mapping supplier_codes = {
	"supplier", "supplier_sku", 0, supplier_find_id,
	"SELECT sku_id FROM supplier_code WHERE supplier = ?1 AND supplier_sku = ?2",
	"UPDATE supplier_code SET sku_id = ?1 WHERE supplier = ?2 AND supplier_sku = ?3",
	"INSERT INTO supplier_code (sku_id, supplier, supplier_sku) VALUES (?1, ?2, ?3) "
	"ON CONFLICT (supplier, supplier_sku) DO UPDATE SET sku_id = excluded.sku_id",
};

struct party {
	const char *code; /* borrowed */
	int64_t id;       /* a customer's id (by_id) */
};

static void
bind_party(const struct mapping *m, db_stmt *st, int i, const struct party *p)
{
	if (m->by_id)
		db_bind_int(st, i, p->id);
	else
		db_bind_text(st, i, p->code);
}

static int64_t
mapping_lookup(const struct mapping *m, const struct party *p, const char *code)
{
	db_stmt *st = db_prep(m->sel);
	int64_t id = -1;

	bind_party(m, st, 1, p);
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
	struct party p = { party, -1 };
	int64_t sku_id, old;
	db_stmt *st;
	enum res res;

	if ((res = code_check(m->party, party, why)) != RES_DONE ||
	    (res = m->find(party, &p.id, why)) != RES_DONE ||
	    (res = code_check(m->code, code, why)) != RES_DONE ||
	    (res = product_find(sku, &sku_id, why)) != RES_DONE)
		return res;
	old = mapping_lookup(m, &p, code);
	if (old == sku_id)
		return RES_SKIPPED;
	st = db_prep(old >= 0 ? m->upd : m->ins);
	db_bind_int(st, 1, sku_id);
	bind_party(m, st, 2, &p);
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
product_part_sku(int64_t customer_id, const char *part_no)
{
	struct party p = { NULL, customer_id };

	return mapping_lookup(&parts, &p, part_no);
}

int64_t
product_supplier_sku(const char *supplier, const char *supplier_sku)
{
	struct party p = { supplier, -1 };

	return mapping_lookup(&supplier_codes, &p, supplier_sku);
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

/* A --customer filter: its id, or -1 for none. */
static enum res
customer_filter(const char *code, int64_t *id, struct why *why)
{
	*id = -1;
	return code ? customer_find_id(code, id, why) : RES_DONE;
}

const struct out_col price_list_cols[PRICE_LIST_NCOLS] = {
	{ "customer", COL_TEXT }, { "group", COL_TEXT }, { "sku", COL_TEXT },
	{ "min_qty", COL_INT }, { "price", COL_MONEY },
};

enum res
price_list_query(const char *sku, const char *customer, const char *group, db_stmt **st,
		 struct why *why)
{
	int64_t sku_id, cust_id;
	enum res res;

	if ((res = sku_filter(sku, &sku_id, why)) != RES_DONE ||
	    (res = customer_filter(customer, &cust_id, why)) != RES_DONE)
		return res;
	/* a group's entries have no customer: '' sorts them first, as the
	 * list has always printed them */
	*st = db_prep("SELECT COALESCE(c.code, ''), l.cust_group, s.sku, l.min_qty, l.price "
		      "FROM price_list l JOIN sku s ON s.id = l.sku_id "
		      "LEFT JOIN customer c ON c.id = l.customer_id "
		      "WHERE (?1 < 0 OR l.sku_id = ?1) AND (?2 < 0 OR l.customer_id = ?2) "
		      "AND (?3 = '' OR l.cust_group = ?3) "
		      "ORDER BY 1, 2, 3, 4");
	db_bind_int(*st, 1, sku_id);
	db_bind_int(*st, 2, cust_id);
	db_bind_text(*st, 3, group ? group : "");
	return RES_DONE;
}

const struct out_col part_cols[MAPPING_NCOLS] = {
	{ "customer", COL_TEXT }, { "part_no", COL_TEXT }, { "sku", COL_TEXT },
};

const struct out_col supplier_code_cols[MAPPING_NCOLS] = {
	{ "supplier", COL_TEXT }, { "supplier_sku", COL_TEXT }, { "sku", COL_TEXT },
};

enum res
part_list_query(const char *sku, const char *customer, db_stmt **st, struct why *why)
{
	int64_t sku_id, cust_id;
	enum res res;

	if ((res = sku_filter(sku, &sku_id, why)) != RES_DONE ||
	    (res = customer_filter(customer, &cust_id, why)) != RES_DONE)
		return res;
	*st = db_prep("SELECT c.code, m.part_no, s.sku FROM customer_part m "
		      "JOIN customer c ON c.id = m.customer_id JOIN sku s ON s.id = m.sku_id "
		      "WHERE (?1 < 0 OR m.sku_id = ?1) AND (?2 < 0 OR m.customer_id = ?2) "
		      "ORDER BY c.code, m.part_no");
	db_bind_int(*st, 1, sku_id);
	db_bind_int(*st, 2, cust_id);
	return RES_DONE;
}

enum res
supplier_code_list_query(const char *sku, const char *supplier, db_stmt **st, struct why *why)
{
	int64_t sku_id, sup_id;
	enum res res;

	if ((res = sku_filter(sku, &sku_id, why)) != RES_DONE ||
	    (supplier && (res = supplier_find_id(supplier, &sup_id, why)) != RES_DONE))
		return res;
	*st = db_prep("SELECT m.supplier, m.supplier_sku, s.sku FROM supplier_code m "
		      "JOIN sku s ON s.id = m.sku_id WHERE (?1 < 0 OR m.sku_id = ?1) "
		      "AND (?2 = '' OR m.supplier = ?2) ORDER BY m.supplier, m.supplier_sku");
	db_bind_int(*st, 1, sku_id);
	db_bind_text(*st, 2, supplier ? supplier : "");
	return RES_DONE;
}
