/* customer.c - the customer master (see customer.h) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "customer.h"
#include "import.h"
#include "ledger.h"
#include "money.h"
#include "outdb.h"
#include "parse.h"
#include "session.h"
#include "suggest.h"
#include "util.h"

const char *const customer_type_words[] = { "b2c", "b2b", NULL };
const char *const customer_terms_words[] = { "prepaid", "credit", NULL };

#define CUSTOMER_COLS "id, code, name, cust_group, level, type, terms, credit_limit, " \
	"approval_limit, region, email, phone"

/* How many stored codes an unknown one is compared with for "did you
 * mean": enough for any shop's master, bounded for a rejected row. */
#define SUGGEST_SCAN 100000

static int
word_index(const char *const *words, const char *s)
{
	int i;

	for (i = 0; words[i]; i++)
		if (!strcmp(words[i], s))
			return i;
	return -1;
}

void
customer_release(struct customer *c)
{
	free(c->code);
	free(c->name);
	free(c->group);
	free(c->level);
	free(c->region);
	free(c->email);
	free(c->phone);
	memset(c, 0, sizeof *c);
}

/* A row of CUSTOMER_COLS into c. */
static void
fill(db_stmt *st, struct customer *c)
{
	int t;

	c->id = db_col_int(st, 0);
	c->code = xstrdup(db_col_text(st, 1));
	c->name = xstrdup(db_col_text(st, 2));
	c->group = xstrdup(db_col_text(st, 3));
	c->level = xstrdup(db_col_text(st, 4));
	c->type = (t = word_index(customer_type_words, db_col_text(st, 5))) > 0 ? CUSTOMER_B2B
									      : CUSTOMER_B2C;
	c->terms = (t = word_index(customer_terms_words, db_col_text(st, 6))) > 0 ? TERMS_CREDIT
										 : TERMS_PREPAID;
	c->has_credit_limit = !db_col_is_null(st, 7);
	c->credit_limit = db_col_int(st, 7);
	c->has_approval_limit = !db_col_is_null(st, 8);
	c->approval_limit = db_col_int(st, 8);
	c->region = xstrdup(db_col_text(st, 9));
	c->email = xstrdup(db_col_text(st, 10));
	c->phone = xstrdup(db_col_text(st, 11));
}

/* The stored customer of code into c: 1, or 0 when there is none. */
static int
load(const char *code, struct customer *c)
{
	db_stmt *st = db_prep("SELECT " CUSTOMER_COLS " FROM customer WHERE code = ?1");
	int found;

	db_bind_text(st, 1, code);
	if ((found = db_step(st)))
		fill(st, c);
	db_reset(st);
	return found;
}

void
customer_load_codes(const char *const *codes, size_t n,
		    void (*each)(struct customer *c, void *arg), void *arg)
{
	struct customer c;
	db_stmt *st;

	if (!n)
		return;
	db_stage_codes(codes, n);
	st = db_prep("SELECT " CUSTOMER_COLS " FROM customer "
		     "WHERE code IN (SELECT code FROM stage_code)");
	while (db_step(st)) {
		memset(&c, 0, sizeof c);
		fill(st, &c);
		each(&c, arg);
	}
}

int64_t
customer_id(const char *code)
{
	return db_lookup_id("SELECT id FROM customer WHERE code = ?1", code);
}

/* The stored code nearest to code (suggest.h), malloc'd, or NULL. */
static char *
nearest(const char *code)
{
	db_stmt *st = db_prep("SELECT code FROM customer ORDER BY code LIMIT ?1");
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

static enum res
unknown(const char *code, struct why *w)
{
	char *shown = code_shown(code), *near = nearest(code);

	if (near)
		res_fail(w, RES_NOTFOUND, "unknown customer '%s' (did you mean '%s'?)", shown, near);
	else
		res_fail(w, RES_NOTFOUND, "unknown customer '%s'", shown);
	free(shown);
	free(near);
	return RES_NOTFOUND;
}

enum res
customer_find_id(const char *code, int64_t *id, struct why *w)
{
	*id = -1;
	if (!code || !*code)
		return res_fail(w, RES_BAD, "missing customer");
	if ((*id = customer_id(code)) >= 0)
		return RES_DONE;
	return unknown(code, w);
}

enum res
customer_find(const char *code, struct customer *c, struct why *w)
{
	memset(c, 0, sizeof *c);
	if (!code || !*code)
		return res_fail(w, RES_BAD, "missing customer");
	if (load(code, c))
		return RES_DONE;
	return unknown(code, w);
}

/* ---- add and import ---- */

/* An optional text value: "" or a code-like text (no control or
 * invisible characters, no blank at either end). */
static enum res
check_text(const char *what, const char *v, struct why *w)
{
	return *v ? code_check(what, v, w) : RES_DONE;
}

/* An e-mail address as far as a back office can tell: one '@' with text
 * on either side, no blanks. */
static enum res
check_email(const char *v, struct why *w)
{
	const char *at = strchr(v, '@');
	enum res r;

	if (!*v)
		return RES_DONE;
	if ((r = check_text("email", v, w)) != RES_DONE)
		return r;
	if (!at || at == v || !at[1] || strchr(at + 1, '@') || strpbrk(v, " \t"))
		return res_fail(w, RES_BAD, "bad email '%s': not an e-mail address", v);
	return RES_DONE;
}

/* A limit: "" none, else an amount >= 0. */
static enum res
parse_limit(const char *what, const char *v, int *has, int64_t *out, struct why *w)
{
	const char *why;

	*has = 0;
	*out = 0;
	if (!*v)
		return RES_DONE;
	if (money_parse(v, S.digits, out, &why) < 0)
		return res_fail(w, RES_BAD, "bad %s '%s': %s", what, v, why);
	if (*out < 0)
		return res_fail(w, RES_BAD, "bad %s '%s': negative", what, v);
	*has = 1;
	return RES_DONE;
}

static enum res
parse_word(const char *what, const char *v, const char *const *words, int *out, struct why *w)
{
	int i;

	if (!*v) {
		*out = 0;
		return RES_DONE;
	}
	if ((i = word_index(words, v)) < 0)
		return res_fail(w, RES_BAD, "bad %s '%s': %s or %s", what, v, words[0], words[1]);
	*out = i;
	return RES_DONE;
}

static char *
given_or(const char *given, const char *old)
{
	return xstrdup(given ? given : old ? old : "");
}

/*
 * The customer in c that in makes of old (NULL: a new one): what in does
 * not give stays as stored (or takes its default), then the whole is
 * checked, in the order of the import's columns. c is filled even when
 * it fails: release it.
 */
static enum res
merge(const struct customer_in *in, const struct customer *old, struct customer *c,
      struct why *w)
{
	enum res r;
	int v = 0;

	memset(c, 0, sizeof *c);
	c->id = old ? old->id : -1;
	c->code = xstrdup(in->code);
	c->name = given_or(in->name, old ? old->name : NULL);
	c->group = given_or(in->group, old ? old->group : NULL);
	c->level = given_or(in->level, old ? old->level : NULL);
	c->region = given_or(in->region, old ? old->region : NULL);
	c->email = given_or(in->email, old ? old->email : NULL);
	c->phone = given_or(in->phone, old ? old->phone : NULL);
	c->type = old ? old->type : CUSTOMER_B2C;
	c->terms = old ? old->terms : TERMS_PREPAID;
	if (old) {
		c->has_credit_limit = old->has_credit_limit;
		c->credit_limit = old->credit_limit;
		c->has_approval_limit = old->has_approval_limit;
		c->approval_limit = old->approval_limit;
	}
	if ((r = code_check("name", c->name, w)) != RES_DONE ||
	    (r = check_text("group", c->group, w)) != RES_DONE ||
	    (r = check_text("level", c->level, w)) != RES_DONE)
		return r;
	if (in->type) {
		if ((r = parse_word("type", in->type, customer_type_words, &v, w)) != RES_DONE)
			return r;
		c->type = (enum customer_type)v;
	}
	if (in->terms) {
		if ((r = parse_word("terms", in->terms, customer_terms_words, &v, w)) != RES_DONE)
			return r;
		c->terms = (enum customer_terms)v;
	}
	if (in->credit_limit && (r = parse_limit("credit_limit", in->credit_limit,
						 &c->has_credit_limit, &c->credit_limit, w)))
		return r;
	if (in->approval_limit && (r = parse_limit("approval_limit", in->approval_limit,
						   &c->has_approval_limit, &c->approval_limit, w)))
		return r;
	if ((r = check_text("region", c->region, w)) != RES_DONE ||
	    (r = check_email(c->email, w)) != RES_DONE ||
	    (r = check_text("phone", c->phone, w)) != RES_DONE)
		return r;
	/* a limit on credit means nothing to a customer who pays first: say
	 * so rather than keep a figure no rule reads */
	if (c->has_credit_limit && c->terms != TERMS_CREDIT)
		return res_fail(w, RES_BAD, "a credit_limit needs terms credit (customer '%s' is %s)",
				c->code, customer_terms_words[c->terms]);
	return RES_DONE;
}

static int
same(const struct customer *a, const struct customer *b)
{
	return !strcmp(a->name, b->name) && !strcmp(a->group, b->group) &&
	       !strcmp(a->level, b->level) && a->type == b->type && a->terms == b->terms &&
	       a->has_credit_limit == b->has_credit_limit &&
	       (!a->has_credit_limit || a->credit_limit == b->credit_limit) &&
	       a->has_approval_limit == b->has_approval_limit &&
	       (!a->has_approval_limit || a->approval_limit == b->approval_limit) &&
	       !strcmp(a->region, b->region) && !strcmp(a->email, b->email) &&
	       !strcmp(a->phone, b->phone);
}

/* Write c: a new row (c->id < 0) or the stored one. */
static void
store(const struct customer *c)
{
	char ts[TIME_BUFSZ];
	db_stmt *st;

	if (c->id < 0)
		st = db_prep("INSERT INTO customer (code, name, cust_group, level, type, terms, "
			     "credit_limit, approval_limit, region, email, phone, created_at, "
			     "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)");
	else
		st = db_prep("UPDATE customer SET name = ?2, cust_group = ?3, level = ?4, type = ?5, "
			     "terms = ?6, credit_limit = ?7, approval_limit = ?8, region = ?9, "
			     "email = ?10, phone = ?11, updated_at = ?12 WHERE code = ?1");
	db_bind_text(st, 1, c->code);
	db_bind_text(st, 2, c->name);
	db_bind_text(st, 3, c->group);
	db_bind_text(st, 4, c->level);
	db_bind_text(st, 5, customer_type_words[c->type]);
	db_bind_text(st, 6, customer_terms_words[c->terms]);
	db_bind_opt_int(st, 7, c->has_credit_limit, c->credit_limit);
	db_bind_opt_int(st, 8, c->has_approval_limit, c->approval_limit);
	db_bind_text(st, 9, c->region);
	db_bind_text(st, 10, c->email);
	db_bind_text(st, 11, c->phone);
	db_bind_text(st, 12, format_time(shop_now(), ts));
	db_run(st);
}

/* add (update 0): a stored customer with other details is refused;
 * import (update 1): it is updated. */
static enum res
customer_put(const struct customer_in *in, int update, struct why *w)
{
	struct customer old, c;
	enum res r;
	int found;

	memset(&old, 0, sizeof old);
	if ((r = code_check("customer", in->code, w)) != RES_DONE)
		return r;
	found = load(in->code, &old);
	r = merge(in, found ? &old : NULL, &c, w);
	if (r == RES_DONE &&
	    RES_APPLIED(r = res_put("customer", c.code, found, found && same(&old, &c), update, w)))
		store(&c);
	customer_release(&old);
	customer_release(&c);
	return r;
}

enum res
customer_add(const struct customer_in *in, struct why *w)
{
	enum res r = customer_put(in, 0, w);

	if (r == RES_DONE)
		audit_note("customer add '%s'", in->code);
	return r;
}

enum {
	CC_CODE, CC_NAME, CC_GROUP, CC_LEVEL, CC_TYPE, CC_TERMS, CC_CREDIT, CC_APPROVAL, CC_REGION,
	CC_EMAIL, CC_PHONE, CC_BALANCE, CC_NCOLS
};

/* a column the file lacks is not given */
static const char *
cell(const struct imp_record *rec, size_t col)
{
	return imp_has(rec, col) ? imp_get(rec, 0, col) : NULL;
}

static enum res
import_one(const struct imp_record *rec, struct why *w, void *arg)
{
	struct customer_in in = {
		imp_get(rec, 0, CC_CODE), cell(rec, CC_NAME), cell(rec, CC_GROUP),
		cell(rec, CC_LEVEL), cell(rec, CC_TYPE), cell(rec, CC_TERMS), cell(rec, CC_CREDIT),
		cell(rec, CC_APPROVAL), cell(rec, CC_REGION), cell(rec, CC_EMAIL),
		cell(rec, CC_PHONE),
	};

	(void)arg;
	return customer_put(&in, 1, w);
}

int
customer_import(const char *path)
{
	/* balance is what the list prints: computed, so an import of the
	 * list takes the column and leaves it */
	static const struct csv_col cols[CC_NCOLS] = {
		{ "code", 1 }, { "name", 0 }, { "group", 0 }, { "level", 0 }, { "type", 0 },
		{ "terms", 0 }, { "credit_limit", 0 }, { "approval_limit", 0 }, { "region", 0 },
		{ "email", 0 }, { "phone", 0 }, { "balance", 0 },
	};
	static const struct import_spec spec = {
		.noun = "customers", .cols = cols, .ncols = CC_NCOLS, .record = import_one,
	};

	return import_run(&spec, path, NULL);
}

/* ---- list and show ---- */

const struct out_col customer_list_cols[CUSTOMER_LIST_NCOLS] = {
	{ "code", COL_TEXT }, { "name", COL_TEXT }, { "group", COL_TEXT }, { "level", COL_TEXT },
	{ "type", COL_TEXT }, { "terms", COL_TEXT }, { "credit_limit", COL_MONEY },
	{ "approval_limit", COL_MONEY }, { "region", COL_TEXT }, { "email", COL_TEXT },
	{ "phone", COL_TEXT }, { "balance", COL_MONEY },
};

/* what the customer owes: the balance of its receivable account */
/* what the customer owes: its receivable balance, kept by lib/ledger.c */
#define BALANCE "COALESCE((SELECT b.balance FROM account_balance b " \
	"WHERE b.account = '" LEDGER_RECEIVABLE "' || c.code), 0)"

db_stmt *
customer_list_query(void)
{
	return db_prep("SELECT c.code, c.name, c.cust_group, c.level, c.type, c.terms, "
		       "c.credit_limit, c.approval_limit, c.region, c.email, c.phone, " BALANCE " "
		       "FROM customer c ORDER BY c.code");
}

static const struct out_col view_cols[] = {
	{ "code", COL_TEXT }, { "name", COL_TEXT }, { "group", COL_TEXT }, { "level", COL_TEXT },
	{ "type", COL_TEXT }, { "terms", COL_TEXT }, { "credit_limit", COL_MONEY },
	{ "approval_limit", COL_MONEY }, { "region", COL_TEXT }, { "email", COL_TEXT },
	{ "phone", COL_TEXT }, { "balance", COL_MONEY }, { "created_at", COL_TEXT },
	{ "updated_at", COL_TEXT },
};
#define VIEW_NCOLS (sizeof view_cols / sizeof view_cols[0])

static const struct out_col price_cols[] = {
	{ "sku", COL_TEXT }, { "min_qty", COL_INT }, { "price", COL_MONEY },
};
static const struct out_col part_cols[] = { { "part_no", COL_TEXT }, { "sku", COL_TEXT } };

enum res
customer_show(const char *code, struct customer_view *v, struct why *w)
{
	static const char *const lists[CV_NLISTS] = {
		"SELECT s.sku, l.min_qty, l.price FROM price_list l JOIN sku s ON s.id = l.sku_id "
		"WHERE l.customer_id = ?1 ORDER BY s.sku, l.min_qty",
		"SELECT m.part_no, s.sku FROM customer_part m JOIN sku s ON s.id = m.sku_id "
		"WHERE m.customer_id = ?1 ORDER BY m.part_no",
	};
	int64_t id;
	db_stmt *st;
	enum res r;
	int i;

	memset(v, 0, sizeof *v);
	if ((r = customer_find_id(code, &id, w)) != RES_DONE)
		return r;
	out_rows_init(&v->fields, "customer", view_cols, VIEW_NCOLS);
	out_rows_init(&v->lists[CV_PRICE_LIST], "price_list", price_cols, 3);
	out_rows_init(&v->lists[CV_PART], "part", part_cols, 2);
	st = db_prep("SELECT c.code, c.name, c.cust_group, c.level, c.type, c.terms, "
		     "c.credit_limit, c.approval_limit, c.region, c.email, c.phone, " BALANCE ", "
		     "c.created_at, c.updated_at FROM customer c WHERE c.id = ?1");
	db_bind_int(st, 1, id);
	out_rows_query(&v->fields, st);
	for (i = 0; i < CV_NLISTS; i++) {
		st = db_prep(lists[i]);
		db_bind_int(st, 1, id);
		out_rows_query(&v->lists[i], st);
	}
	return RES_DONE;
}

void
customer_view_release(struct customer_view *v)
{
	int i;

	out_rows_release(&v->fields);
	for (i = 0; i < CV_NLISTS; i++)
		out_rows_release(&v->lists[i]);
}
