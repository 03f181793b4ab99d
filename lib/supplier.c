/* supplier.c - the supplier master (see supplier.h) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "import.h"
#include "money.h"
#include "parse.h"
#include "pricelist.h"
#include "product.h"
#include "session.h"
#include "suggest.h"
#include "supplier.h"
#include "util.h"

/* How many stored codes an unknown one is compared with for "did you
 * mean": enough for any shop's master, bounded for a rejected row. */
#define SUGGEST_SCAN 100000

/* A lead time of more than a hundred years is a typo, not a supplier. */
#define LEAD_DAYS_MAX 36500
/* The most units an MOQ or a pack may hold (a stock quantity's bound). */
#define ITEM_QTY_MAX 1000000000
/* A rating is 0.0 to 5.0, kept in tenths. */
#define RATING_MAX 50

/* A stored supplier. */
struct supplier {
	int64_t id;       /* -1: not stored yet */
	char *code;       /* owned */
	char *name;       /* owned */
	int has_lead;     /* 0: lead time unknown */
	int64_t lead_days;
	int has_rating;   /* 0: not rated */
	int64_t rating;   /* tenths, 0..50 */
	char *email;      /* owned; "" for none */
	char *phone;      /* owned; "" for none */
};

static void
supplier_release(struct supplier *s)
{
	free(s->code);
	free(s->name);
	free(s->email);
	free(s->phone);
	memset(s, 0, sizeof *s);
}

/* The stored supplier of code into s: 1, or 0 when there is none. */
static int
load(const char *code, struct supplier *s)
{
	db_stmt *st = db_prep("SELECT id, code, name, lead_days, rating, email, phone "
			      "FROM supplier WHERE code = ?1");
	int found;

	db_bind_text(st, 1, code);
	if ((found = db_step(st))) {
		s->id = db_col_int(st, 0);
		s->code = xstrdup(db_col_text(st, 1));
		s->name = xstrdup(db_col_text(st, 2));
		s->has_lead = !db_col_is_null(st, 3);
		s->lead_days = db_col_int(st, 3);
		s->has_rating = !db_col_is_null(st, 4);
		s->rating = db_col_int(st, 4);
		s->email = xstrdup(db_col_text(st, 5));
		s->phone = xstrdup(db_col_text(st, 6));
	}
	db_reset(st);
	return found;
}

int64_t
supplier_id(const char *code)
{
	return db_lookup_id("SELECT id FROM supplier WHERE code = ?1", code);
}

/* The stored code nearest to code (suggest.h), malloc'd, or NULL. */
static char *
nearest(const char *code)
{
	db_stmt *st = db_prep("SELECT code FROM supplier ORDER BY code LIMIT ?1");
	struct strlist l = STRLIST_INIT; /* its strings owned here */
	const char *near;
	char *found = NULL;
	size_t i;

	db_bind_int(st, 1, SUGGEST_SCAN);
	while (db_step(st))
		strlist_add(&l, xstrdup(db_col_text(st, 0)));
	if (l.n && (near = suggest(code, (const char *const *)l.v, l.n)))
		found = xstrdup(near);
	for (i = 0; i < l.n; i++)
		free(l.v[i]);
	strlist_release(&l);
	return found;
}

enum res
supplier_find_id(const char *code, int64_t *id, struct why *w)
{
	char *shown, *near;

	*id = -1;
	if (!code || !*code)
		return res_fail(w, RES_BAD, "missing supplier");
	if ((*id = supplier_id(code)) >= 0)
		return RES_DONE;
	shown = code_shown(code);
	near = nearest(code);
	if (near)
		res_fail(w, RES_NOTFOUND, "unknown supplier '%s' (did you mean '%s'?)", shown, near);
	else
		res_fail(w, RES_NOTFOUND, "unknown supplier '%s'", shown);
	free(shown);
	free(near);
	return RES_NOTFOUND;
}

/* ---- values as given ---- */

/* An optional text value: "" or a code-like text (no control or
 * invisible characters, no blank at either end). */
static enum res
check_text(const char *what, const char *v, struct why *w)
{
	return *v ? code_check(what, v, w) : RES_DONE;
}

/* A lead time: "" none, else whole days >= 0. */
static enum res
parse_lead(const char *v, int *has, int64_t *out, struct why *w)
{
	const char *why;

	*has = 0;
	*out = 0;
	if (!*v)
		return RES_DONE;
	if (parse_int(v, INT64_MIN, INT64_MAX, out, &why) < 0)
		return res_fail(w, RES_BAD, "bad lead_days '%s': %s", v, why);
	if (*out < 0)
		return res_fail(w, RES_BAD, "bad lead_days '%s': negative", v);
	if (*out > LEAD_DAYS_MAX)
		return res_fail(w, RES_BAD, "bad lead_days '%s': out of range", v);
	*has = 1;
	return RES_DONE;
}

/* A rating: "" none, else 0 to 5 with one decimal at most, in tenths. */
static enum res
parse_rating(const char *v, int *has, int64_t *out, struct why *w)
{
	const char *why;

	*has = 0;
	*out = 0;
	if (!*v)
		return RES_DONE;
	if (money_parse(v, 1, out, &why) < 0)
		return res_fail(w, RES_BAD, "bad rating '%s': %s", v, why);
	if (*out < 0 || *out > RATING_MAX)
		return res_fail(w, RES_BAD, "bad rating '%s': must be 0 to 5", v);
	*has = 1;
	return RES_DONE;
}

static char *
given_or(const char *given, const char *old)
{
	return xstrdup(given ? given : old ? old : "");
}

/*
 * The supplier in s that in makes of old (NULL: a new one): what in does
 * not give stays as stored, then the whole is checked, in the order of
 * the import's columns. s is filled even when it fails: release it.
 */
static enum res
merge(const struct supplier_in *in, const struct supplier *old, struct supplier *s,
      struct why *w)
{
	enum res r;

	memset(s, 0, sizeof *s);
	s->id = old ? old->id : -1;
	s->code = xstrdup(in->code);
	s->name = given_or(in->name, old ? old->name : NULL);
	s->email = given_or(in->email, old ? old->email : NULL);
	s->phone = given_or(in->phone, old ? old->phone : NULL);
	if (old) {
		s->has_lead = old->has_lead;
		s->lead_days = old->lead_days;
		s->has_rating = old->has_rating;
		s->rating = old->rating;
	}
	if ((r = code_check("name", s->name, w)) != RES_DONE)
		return r;
	if (in->lead_days && (r = parse_lead(in->lead_days, &s->has_lead, &s->lead_days, w)))
		return r;
	if (in->rating && (r = parse_rating(in->rating, &s->has_rating, &s->rating, w)))
		return r;
	if ((r = check_text("email", s->email, w)) != RES_DONE ||
	    (r = check_text("phone", s->phone, w)) != RES_DONE)
		return r;
	return RES_DONE;
}

static int
same(const struct supplier *a, const struct supplier *b)
{
	return !strcmp(a->name, b->name) && a->has_lead == b->has_lead &&
	       (!a->has_lead || a->lead_days == b->lead_days) && a->has_rating == b->has_rating &&
	       (!a->has_rating || a->rating == b->rating) && !strcmp(a->email, b->email) &&
	       !strcmp(a->phone, b->phone);
}

/* Write s: a new row (s->id < 0) or the stored one. */
static void
store(const struct supplier *s)
{
	db_stmt *st;

	if (s->id < 0)
		st = db_prep("INSERT INTO supplier (code, name, lead_days, rating, email, phone, "
			     "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)");
	else
		st = db_prep("UPDATE supplier SET name = ?2, lead_days = ?3, rating = ?4, "
			     "email = ?5, phone = ?6, updated_at = ?7 WHERE code = ?1");
	db_bind_text(st, 1, s->code);
	db_bind_text(st, 2, s->name);
	db_bind_opt_int(st, 3, s->has_lead, s->lead_days);
	db_bind_opt_int(st, 4, s->has_rating, s->rating);
	db_bind_text(st, 5, s->email);
	db_bind_text(st, 6, s->phone);
	db_bind_text(st, 7, shop_now_text());
	db_run(st);
}

/* add (update 0): a stored supplier with other details is refused;
 * import (update 1): it is updated. */
static enum res
supplier_put(const struct supplier_in *in, int update, struct why *w)
{
	struct supplier old, s;
	enum res r;
	int found;

	memset(&old, 0, sizeof old);
	if ((r = code_check("supplier", in->code, w)) != RES_DONE)
		return r;
	found = load(in->code, &old);
	r = merge(in, found ? &old : NULL, &s, w);
	if (r == RES_DONE &&
	    RES_APPLIED(r = res_put("supplier", s.code, found, found && same(&old, &s), update, w)))
		store(&s);
	supplier_release(&old);
	supplier_release(&s);
	return r;
}

enum res
supplier_add(const struct supplier_in *in, struct why *w)
{
	enum res r = supplier_put(in, 0, w);

	if (r == RES_DONE)
		audit_note("supplier add '%s'", in->code);
	return r;
}

/* a column the file lacks is not given */
static const char *
cell(const struct imp_record *rec, size_t col)
{
	return imp_has(rec, col) ? imp_get(rec, 0, col) : NULL;
}

enum { SC_CODE, SC_NAME, SC_LEAD, SC_RATING, SC_EMAIL, SC_PHONE, SC_NCOLS };

static enum res
import_one(const struct imp_record *rec, struct why *w, void *arg)
{
	struct supplier_in in = {
		imp_get(rec, 0, SC_CODE), cell(rec, SC_NAME), cell(rec, SC_LEAD),
		cell(rec, SC_RATING), cell(rec, SC_EMAIL), cell(rec, SC_PHONE),
	};

	(void)arg;
	return supplier_put(&in, 1, w);
}

int
supplier_import(const char *path)
{
	static const struct csv_col cols[SC_NCOLS] = {
		{ "code", 1 }, { "name", 0 }, { "lead_days", 0 }, { "rating", 0 }, { "email", 0 },
		{ "phone", 0 },
	};
	static const struct import_spec spec = {
		.noun = "suppliers", .cols = cols, .ncols = SC_NCOLS, .record = import_one,
	};

	return import_run(&spec, path, NULL);
}

const struct out_col supplier_list_cols[SUPPLIER_LIST_NCOLS] = {
	{ "code", COL_TEXT }, { "name", COL_TEXT }, { "lead_days", COL_INT },
	{ "rating", COL_INT }, { "email", COL_TEXT }, { "phone", COL_TEXT },
};

/* the rating as its one-decimal text ("4.5"), NULL when unrated */
#define RATING_TEXT "CAST(rating / 10 AS TEXT) || '.' || CAST(rating % 10 AS TEXT)"

db_stmt *
supplier_list_query(void)
{
	return db_prep("SELECT code, name, lead_days, " RATING_TEXT ", email, phone "
		       "FROM supplier ORDER BY code");
}

/* ---- supplier items ---- */

/* The supplier's own lead time, or -1. */
static int64_t
supplier_lead_days(int64_t supplier_id)
{
	db_stmt *st = db_prep("SELECT COALESCE(lead_days, -1) FROM supplier WHERE id = ?1");

	db_bind_int(st, 1, supplier_id);
	return db_int(st, -1);
}

/* Hand each row (code, sku_id, cost, moq, pack_size, lead_days, has) of st
 * to each. */
static void
items_each(db_stmt *st, int64_t supplier_id,
	   void (*each)(const char *code, int64_t sku_id, const struct supplier_item *it,
			void *arg),
	   void *arg)
{
	int64_t lead = supplier_lead_days(supplier_id);
	struct supplier_item it;

	db_bind_int(st, 1, supplier_id);
	while (db_step(st)) {
		memset(&it, 0, sizeof it);
		it.supplier_id = supplier_id;
		it.sku_id = db_col_int(st, 1);
		it.cost = db_col_int(st, 2);
		it.moq = db_col_int(st, 3);
		it.pack_size = db_col_int(st, 4);
		it.lead_days = db_col_int(st, 5) >= 0 ? db_col_int(st, 5) : lead;
		each(db_col_text(st, 0), it.sku_id, db_col_int(st, 6) ? &it : NULL, arg);
	}
}

void
supplier_items_load_codes(int64_t supplier_id, const char *const *codes, size_t n,
			  void (*each)(const char *code, int64_t sku_id,
				       const struct supplier_item *it, void *arg),
			  void *arg)
{
	if (!n)
		return;
	db_stage_codes(codes, n);
	items_each(db_prep("SELECT k.sku, k.id, i.cost, i.moq, i.pack_size, "
			   "COALESCE(i.lead_days, -1), "
			   "CASE WHEN i.sku_id IS NULL THEN 0 ELSE 1 END FROM stage_code c "
			   "JOIN sku k ON k.sku = c.code "
			   "LEFT JOIN supplier_item i ON i.supplier_id = ?1 AND i.sku_id = k.id"),
		   supplier_id, each, arg);
}

int64_t
supplier_item_count(int64_t supplier_id)
{
	db_stmt *st = db_prep("SELECT COUNT(*) FROM supplier_item WHERE supplier_id = ?1");

	db_bind_int(st, 1, supplier_id);
	return db_int(st, 0);
}

void
supplier_items_load_all(int64_t supplier_id,
			void (*each)(const char *code, int64_t sku_id,
				     const struct supplier_item *it, void *arg),
			void *arg)
{
	items_each(db_prep("SELECT k.sku, k.id, i.cost, i.moq, i.pack_size, "
			   "COALESCE(i.lead_days, -1), 1 FROM supplier_item i "
			   "JOIN sku k ON k.id = i.sku_id WHERE i.supplier_id = ?1"),
		   supplier_id, each, arg);
}

enum res
supplier_item_get(int64_t supplier_id, int64_t sku_id, struct supplier_item *it, struct why *w)
{
	db_stmt *st = db_prep("SELECT i.cost, i.moq, i.pack_size, "
			      "COALESCE(i.lead_days, s.lead_days, -1) FROM supplier_item i "
			      "JOIN supplier s ON s.id = i.supplier_id "
			      "WHERE i.supplier_id = ?1 AND i.sku_id = ?2");
	int found;

	memset(it, 0, sizeof *it);
	it->supplier_id = supplier_id;
	it->sku_id = sku_id;
	db_bind_int(st, 1, supplier_id);
	db_bind_int(st, 2, sku_id);
	if ((found = db_step(st))) {
		it->cost = db_col_int(st, 0);
		it->moq = db_col_int(st, 1);
		it->pack_size = db_col_int(st, 2);
		it->lead_days = db_col_int(st, 3);
	}
	db_reset(st);
	if (found)
		return RES_DONE;
	/* the names the caller knows them by */
	st = db_prep("SELECT (SELECT code FROM supplier WHERE id = ?1), "
		     "(SELECT sku FROM sku WHERE id = ?2)");
	db_bind_int(st, 1, supplier_id);
	db_bind_int(st, 2, sku_id);
	db_step(st);
	res_fail(w, RES_NOTFOUND, "supplier '%s' has no item '%s'", db_col_text(st, 0),
		 db_col_text(st, 1));
	db_reset(st);
	return RES_NOTFOUND;
}

/* An item as a row gives it: NULL an absent column (the stored value
 * stays; a new item takes the default), "" the default (moq and
 * pack_size 1, lead_days the supplier's). */
struct item_in {
	const char *supplier, *sku, *supplier_sku, *cost, *moq, *pack_size, *lead_days;
};

/* A quantity of an item: "" is 1, else a whole number >= 1. */
static enum res
parse_units(const char *what, const char *v, int64_t *out, struct why *w)
{
	const char *why;

	*out = 1;
	if (!*v)
		return RES_DONE;
	if (parse_int(v, INT64_MIN, INT64_MAX, out, &why) < 0)
		return res_fail(w, RES_BAD, "bad %s '%s': %s", what, v, why);
	if (*out < 1 || *out > ITEM_QTY_MAX)
		return res_fail(w, RES_BAD, "bad %s '%s': must be 1 or more", what, v);
	return RES_DONE;
}

/* The stored item (supplier, sku) into it, its own lead time (-1 for
 * none): 1, or 0 when there is none. */
static int
item_load(int64_t supplier_id, int64_t sku_id, struct supplier_item *it)
{
	db_stmt *st = db_prep("SELECT cost, moq, pack_size, COALESCE(lead_days, -1) "
			      "FROM supplier_item WHERE supplier_id = ?1 AND sku_id = ?2");
	int found;

	db_bind_int(st, 1, supplier_id);
	db_bind_int(st, 2, sku_id);
	if ((found = db_step(st))) {
		it->cost = db_col_int(st, 0);
		it->moq = db_col_int(st, 1);
		it->pack_size = db_col_int(st, 2);
		it->lead_days = db_col_int(st, 3);
	}
	db_reset(st);
	return found;
}

/*
 * Check an item whole, then apply it: the supplier's code for the SKU
 * into the supplier_code mapping (supplier_code_upsert, which writes
 * nothing when it fails), then the item. RES_DONE for a new item,
 * RES_UPDATED when the item or its code changed, RES_SKIPPED when
 * neither did.
 */
static enum res
item_put(const struct item_in *in, struct why *w)
{
	struct supplier_item old = { 0 }, it = { 0 };
	const char *why;
	int found, has_lead;
	db_stmt *st;
	enum res r, mapped = RES_SKIPPED;

	if ((r = supplier_find_id(in->supplier, &it.supplier_id, w)) != RES_DONE ||
	    (r = product_find(in->sku, &it.sku_id, w)) != RES_DONE)
		return r;
	found = item_load(it.supplier_id, it.sku_id, &old);
	if (!*in->cost)
		return res_fail(w, RES_BAD, "missing cost");
	if (money_parse(in->cost, S.digits, &it.cost, &why) < 0)
		return res_fail(w, RES_BAD, "bad cost '%s': %s", in->cost, why);
	if (it.cost < 0)
		return res_fail(w, RES_BAD, "bad cost '%s': negative", in->cost);
	it.moq = found ? old.moq : 1;
	it.pack_size = found ? old.pack_size : 1;
	it.lead_days = found ? old.lead_days : -1;
	if ((in->moq && (r = parse_units("moq", in->moq, &it.moq, w))) ||
	    (in->pack_size && (r = parse_units("pack_size", in->pack_size, &it.pack_size, w))))
		return r;
	if (in->lead_days) {
		if ((r = parse_lead(in->lead_days, &has_lead, &it.lead_days, w)) != RES_DONE)
			return r;
		if (!has_lead)
			it.lead_days = -1;
	}
	if (in->supplier_sku && *in->supplier_sku &&
	    RES_FAILED(mapped = supplier_code_upsert(in->supplier, in->supplier_sku, in->sku, w)))
		return mapped;
	if (found && old.cost == it.cost && old.moq == it.moq && old.pack_size == it.pack_size &&
	    old.lead_days == it.lead_days)
		return mapped == RES_SKIPPED ? RES_SKIPPED : RES_UPDATED;
	st = db_prep("INSERT INTO supplier_item (supplier_id, sku_id, cost, moq, pack_size, "
		     "lead_days, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
		     "ON CONFLICT (supplier_id, sku_id) DO UPDATE SET cost = excluded.cost, "
		     "moq = excluded.moq, pack_size = excluded.pack_size, "
		     "lead_days = excluded.lead_days, updated_at = excluded.updated_at");
	db_bind_int(st, 1, it.supplier_id);
	db_bind_int(st, 2, it.sku_id);
	db_bind_int(st, 3, it.cost);
	db_bind_int(st, 4, it.moq);
	db_bind_int(st, 5, it.pack_size);
	db_bind_opt_int(st, 6, it.lead_days >= 0, it.lead_days);
	db_bind_text(st, 7, shop_now_text());
	db_run(st);
	return found ? RES_UPDATED : RES_DONE;
}

enum { SI_SUPPLIER, SI_SKU, SI_SUPPLIER_SKU, SI_COST, SI_MOQ, SI_PACK, SI_LEAD, SI_NCOLS };

static enum res
item_one(const struct imp_record *rec, struct why *w, void *arg)
{
	struct item_in in = {
		imp_get(rec, 0, SI_SUPPLIER), imp_get(rec, 0, SI_SKU),
		imp_get(rec, 0, SI_SUPPLIER_SKU), imp_get(rec, 0, SI_COST), cell(rec, SI_MOQ),
		cell(rec, SI_PACK), cell(rec, SI_LEAD),
	};

	(void)arg;
	return item_put(&in, w);
}

int
supplier_items_import(const char *path)
{
	static const struct csv_col cols[SI_NCOLS] = {
		{ "supplier", 1 }, { "sku", 1 }, { "supplier_sku", 0 }, { "cost", 1 },
		{ "moq", 0 }, { "pack_size", 0 }, { "lead_days", 0 },
	};
	static const struct import_spec spec = {
		.noun = "supplier items", .cols = cols, .ncols = SI_NCOLS, .record = item_one,
	};

	return import_run(&spec, path, NULL);
}

const struct out_col supplier_item_cols[SUPPLIER_ITEM_NCOLS] = {
	{ "supplier", COL_TEXT }, { "sku", COL_TEXT }, { "supplier_sku", COL_TEXT },
	{ "cost", COL_MONEY }, { "moq", COL_INT }, { "pack_size", COL_INT },
	{ "lead_days", COL_INT },
};

db_stmt *
supplier_items_query(const char *supplier)
{
	db_stmt *st = db_prep(
		"SELECT p.code, s.sku, COALESCE((SELECT min(m.supplier_sku) FROM supplier_code m "
		"WHERE m.supplier = p.code AND m.sku_id = i.sku_id), ''), i.cost, i.moq, "
		"i.pack_size, i.lead_days FROM supplier_item i "
		"JOIN supplier p ON p.id = i.supplier_id JOIN sku s ON s.id = i.sku_id "
		"WHERE (?1 = '' OR p.code = ?1) ORDER BY p.code, s.sku");

	db_bind_text(st, 1, supplier ? supplier : "");
	return st;
}
