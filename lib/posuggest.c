/* posuggest.c - reorder suggestions (see posuggest.h). Set-based: the
 * rules, the sales, the levels and the items are read once each, and
 * the suggestions computed in C; no query per SKU. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "codes.h"
#include "config.h"
#include "csvio.h"
#include "db.h"
#include "err.h"
#include "parse.h"
#include "po.h"
#include "posuggest.h"
#include "session.h"
#include "stocklist.h"
#include "strmap.h"
#include "util.h"

#define DAY_SECS 86400
/* po.sales_window and po.safety_days unless the config says otherwise */
#define SALES_WINDOW_DEFAULT (30 * DAY_SECS)
#define SAFETY_DAYS_DEFAULT 7

const struct out_col po_suggest_cols[PO_SUGGEST_NCOLS] = {
	{ "supplier", COL_TEXT }, { "sku", COL_TEXT }, { "warehouse", COL_TEXT },
	{ "available", COL_INT }, { "on_order", COL_INT }, { "reorder_point", COL_INT },
	{ "suggested_qty", COL_INT },
};

/* A (sku, warehouse) considered, with what is known of it. */
struct cand {
	char *sku, *wh;          /* owned: codes */
	size_t line;             /* its line in the levels file; 0: from the database */
	int skip;                /* a levels row of another warehouse than asked */
	int64_t available, on_order;
	int has_rule, has_target;
	int64_t point, target, order_qty;
	char *rule_supplier;     /* owned (NULL: ""); the rule's supplier code */
	int64_t sku_cost;        /* the SKU's cost, 0 for none (with a rule) */
	int64_t sold;            /* units sold in the window */
};

/* What a supplier sells us of a SKU. */
struct item {
	char *sku, *supplier;    /* owned: codes */
	int64_t cost, moq, pack;
	int64_t lead;            /* the item's, else the supplier's; -1: unknown */
};

struct state {
	struct cand *c;          /* owned: n candidates, in the order found */
	size_t n, cap;
	struct strmap keys;      /* owned: "sku\x1fwarehouse" -> index in c */
	struct strmap skus;      /* owned: the SKUs of c -> 1 once known to exist */
	const char **skulist;    /* owned array, strings borrowed from c: distinct SKUs */
	size_t nsku, skucap;
	struct item *it;         /* owned: nit items by sku, cost, supplier */
	size_t nit, itcap;
	struct strmap first;     /* owned: sku -> index of its first item */
	struct sbuf key;         /* owned: scratch for keys */
	int64_t wid;             /* -1: every warehouse */
};

/* The map key of (sku, warehouse): codes hold no control characters. */
static const char *
key_of(struct sbuf *b, const char *sku, const char *wh)
{
	sbuf_reset(b);
	sbuf_adds(b, sku);
	sbuf_addc(b, '\x1f');
	sbuf_adds(b, wh);
	return sbuf_str(b);
}

/* The candidate (sku, wh): its index, or -1 when it is not one and add
 * is 0; with add, a new one. */
static ssize_t
cand_at(struct state *st, const char *sku, const char *wh, int add)
{
	const char *k = key_of(&st->key, sku, wh);
	struct strmap_ent *e = strmap_get(&st->keys, k);
	struct cand *c;

	if (e)
		return (ssize_t)e->val;
	if (!add)
		return -1;
	if (st->n == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 64;
		st->c = xrealloc(st->c, st->cap * sizeof *st->c);
	}
	c = &st->c[st->n];
	memset(c, 0, sizeof *c);
	c->sku = xstrdup(sku);
	c->wh = xstrdup(wh);
	strmap_put(&st->keys, k, (int64_t)st->n, 0);
	if (!strmap_get(&st->skus, sku)) {
		strmap_put(&st->skus, sku, 0, 0);
		if (st->nsku == st->skucap) {
			st->skucap = st->skucap ? 2 * st->skucap : 64;
			st->skulist = xrealloc(st->skulist, st->skucap * sizeof *st->skulist);
		}
		st->skulist[st->nsku++] = c->sku;
	}
	return (ssize_t)st->n++;
}

static void
state_release(struct state *st)
{
	size_t i;

	for (i = 0; i < st->n; i++) {
		free(st->c[i].sku);
		free(st->c[i].wh);
		free(st->c[i].rule_supplier);
	}
	for (i = 0; i < st->nit; i++) {
		free(st->it[i].sku);
		free(st->it[i].supplier);
	}
	free(st->c);
	free(st->it);
	free(st->skulist);
	strmap_release(&st->keys);
	strmap_release(&st->skus);
	strmap_release(&st->first);
	sbuf_release(&st->key);
}

/* The reorder rules (of the warehouse asked); add: each makes a candidate. */
static void
load_rules(struct state *st, int add)
{
	db_stmt *q = db_prep("SELECT sk.sku, w.code, r.reorder_point, r.target, r.order_qty, "
			     "r.supplier, COALESCE(sk.cost, 0) FROM reorder_rule r "
			     "JOIN sku sk ON sk.id = r.sku_id JOIN warehouse w ON w.id = r.warehouse_id "
			     "WHERE ?1 < 0 OR r.warehouse_id = ?1");
	ssize_t i;

	db_bind_int(q, 1, st->wid);
	while (db_step(q)) {
		struct cand *c;

		if ((i = cand_at(st, db_col_text(q, 0), db_col_text(q, 1), add)) < 0)
			continue;
		c = &st->c[i];
		c->has_rule = 1;
		c->point = db_col_int(q, 2);
		c->has_target = !db_col_is_null(q, 3);
		c->target = db_col_int(q, 3);
		c->order_qty = db_col_int(q, 4);
		c->rule_supplier = xstrdup(db_col_text(q, 5));
		c->sku_cost = db_col_int(q, 6);
	}
}

/* Units sold per (sku, warehouse) in the window; add: each makes a
 * candidate. */
static void
load_sales(struct state *st, int add)
{
	db_stmt *q = db_prep("SELECT sk.sku, w.code, SUM(l.qty) FROM order_line l "
			     "JOIN orders o ON o.id = l.order_id JOIN sku sk ON sk.id = l.sku_id "
			     "JOIN warehouse w ON w.id = l.warehouse_id "
			     "WHERE o.created_at >= ?1 AND o.created_at <= ?2 "
			     "AND o.status <> 'cancelled' AND o.status <> 'rejected' "
			     "AND (?3 < 0 OR l.warehouse_id = ?3) GROUP BY sk.sku, w.code");
	int64_t window = config_duration(&S.cfg, "po.sales_window", SALES_WINDOW_DEFAULT);
	char from[TIME_BUFSZ];
	ssize_t i;

	db_bind_text(q, 1, format_time(shop_now() - window, from));
	db_bind_static(q, 2, shop_now_text());
	db_bind_int(q, 3, st->wid);
	while (db_step(q))
		if ((i = cand_at(st, db_col_text(q, 0), db_col_text(q, 1), add)) >= 0)
			st->c[i].sold = db_col_int(q, 2);
}

/* available and on_order of the candidates, as stock levels has them
 * (none there: 0 and 0). */
static void
load_levels(struct state *st)
{
	db_stmt *q = stock_levels(-1, st->wid, 0);
	ssize_t i;

	while (db_step(q))
		if ((i = cand_at(st, db_col_text(q, 0), db_col_text(q, 1), 0)) >= 0) {
			st->c[i].available = db_col_int(q, 5);
			st->c[i].on_order = db_col_int(q, 7);
		}
}

/* The candidates' SKUs into stage_code; those that exist are marked. */
static void
stage_skus(struct state *st)
{
	db_stmt *q;

	db_stage_codes(st->skulist, st->nsku);
	q = db_prep("SELECT sku FROM sku WHERE sku IN (SELECT code FROM stage_code)");
	while (db_step(q))
		strmap_put(&st->skus, db_col_text(q, 0), 1, 0);
}

static int
item_cmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int d = strcmp(x->sku, y->sku);

	if (d)
		return d;
	if (x->cost != y->cost)
		return x->cost < y->cost ? -1 : 1;
	return strcmp(x->supplier, y->supplier);
}

/* The items of the staged SKUs, cheapest first per SKU (lead_days as
 * supplier_item_get gives it: the item's, else the supplier's). */
static void
load_items(struct state *st)
{
	db_stmt *q = db_prep("SELECT sk.sku, s.code, i.cost, i.moq, i.pack_size, "
			     "COALESCE(i.lead_days, s.lead_days, -1) FROM supplier_item i "
			     "JOIN supplier s ON s.id = i.supplier_id JOIN sku sk ON sk.id = i.sku_id "
			     "WHERE sk.sku IN (SELECT code FROM stage_code)");
	size_t i;

	while (db_step(q)) {
		struct item *it;

		if (st->nit == st->itcap) {
			st->itcap = st->itcap ? 2 * st->itcap : 64;
			st->it = xrealloc(st->it, st->itcap * sizeof *st->it);
		}
		it = &st->it[st->nit++];
		it->sku = xstrdup(db_col_text(q, 0));
		it->supplier = xstrdup(db_col_text(q, 1));
		it->cost = db_col_int(q, 2);
		it->moq = db_col_int(q, 3);
		it->pack = db_col_int(q, 4);
		it->lead = db_col_int(q, 5);
	}
	if (st->nit)
		qsort(st->it, st->nit, sizeof *st->it, item_cmp);
	for (i = st->nit; i-- > 0;)
		strmap_put(&st->first, st->it[i].sku, (int64_t)i, 0);
}

/* ---- a levels CSV ---- */

enum { L_SKU, L_WH, L_AVAILABLE, L_ON_ORDER, L_POINT, L_NCOLS };
static const struct csv_col levels_cols[L_NCOLS] = {
	{ "sku", 1 }, { "warehouse", 1 }, { "available", 1 }, { "on_order", 1 },
	{ "reorder_point", 1 },
};

/* A whole number cell of the levels file, or die 65 naming it. */
static void
cell(const struct csvr *r, size_t col, int64_t min, int64_t *v)
{
	const char *s = csvr_get(r, col), *why;

	if (parse_int(s, min, INT64_MAX, v, &why) < 0)
		die(EX_DATA, "%s:%zu: bad %s '%s': %s", r->name, csvr_line(r),
		    levels_cols[col].name, s, why);
}

/* The rows of a levels CSV as the candidates, then their codes checked
 * in the order of the file: an unknown one dies 3 (an empty one 65). */
static void
read_levels(struct state *st, const char *path)
{
	struct codes codes = CODES_INIT;
	struct csvr r;
	struct why w;
	enum res rc;
	int64_t v, id;
	ssize_t i;
	size_t k;

	csvr_open(&r, path, CSV_AUTO);
	csvr_header(&r, levels_cols, L_NCOLS, 1);
	while (csvr_next(&r)) {
		const char *sku = csvr_get(&r, L_SKU), *wh = csvr_get(&r, L_WH);
		struct cand *c;

		if ((i = cand_at(st, sku, wh, 0)) >= 0)
			die(EX_DATA, "%s:%zu: sku '%s' in warehouse '%s' is on line %zu already",
			    r.name, csvr_line(&r), sku, wh, st->c[i].line);
		i = cand_at(st, sku, wh, 1);
		c = &st->c[i];
		c->line = csvr_line(&r);
		cell(&r, L_AVAILABLE, INT64_MIN, &c->available);
		cell(&r, L_ON_ORDER, 0, &c->on_order);
		/* the rule stored decides; the file's figure need only be one */
		if (*csvr_get(&r, L_POINT))
			cell(&r, L_POINT, 0, &v);
	}
	stage_skus(st);
	for (k = 0; k < st->n; k++) {
		struct cand *c = &st->c[k];
		struct strmap_ent *e = strmap_get(&st->skus, c->sku);

		if ((!e || !e->val) && (rc = code_sku(c->sku, &id, &w)) != RES_DONE)
			die(res_exit(rc), "%s:%zu: %s", r.name, c->line, w.msg);
		if ((rc = codes_warehouse(&codes, c->wh, &id, &w)) != RES_DONE)
			die(res_exit(rc), "%s:%zu: %s", r.name, c->line, w.msg);
		c->skip = st->wid >= 0 && id != st->wid;
	}
	codes_release(&codes);
	csvr_close(&r);
}

/* ---- the suggestion ---- */

/* The item the SKU is ordered by: of the rule's supplier (NULL when it
 * has none for the SKU), else the cheapest. */
static const struct item *
item_for(struct state *st, const struct cand *c)
{
	struct strmap_ent *e = strmap_get(&st->first, c->sku);
	const char *want = c->rule_supplier ? c->rule_supplier : "";
	size_t i;

	if (!e)
		return NULL;
	if (!*want)
		return &st->it[e->val];
	for (i = (size_t)e->val; i < st->nit && !strcmp(st->it[i].sku, c->sku); i++)
		if (!strcmp(st->it[i].supplier, want))
			return &st->it[i];
	return NULL;
}

/* What to order (0: nothing), raised to the MOQ and rounded up to the pack. */
static int64_t
suggested(const struct cand *c, const struct item *it, int64_t safety, int64_t days)
{
	__int128 n;

	if (c->has_rule) {
		if ((__int128)c->available + c->on_order > c->point)
			return 0;
		n = c->has_target ? (__int128)c->target - c->available - c->on_order : c->order_qty;
	} else {
		int64_t lead = it && it->lead >= 0 ? it->lead : 0;

		n = ((__int128)c->sold * ((__int128)lead + safety) + days - 1) / days -
		    c->available - c->on_order;
	}
	if (n <= 0)
		return 0;
	if (it) {
		if (n < it->moq)
			n = it->moq;
		n = (n + it->pack - 1) / it->pack * it->pack;
	}
	return n > INT64_MAX ? INT64_MAX : (int64_t)n;
}

static int
sugg_cmp(const void *a, const void *b)
{
	const struct po_suggestion *x = a, *y = b;
	int d;

	if ((d = strcmp(x->supplier, y->supplier)) || (d = strcmp(x->sku, y->sku)))
		return d;
	return strcmp(x->warehouse, y->warehouse);
}

static void
compute(struct state *st, struct po_suggestions *s)
{
	int64_t window = config_duration(&S.cfg, "po.sales_window", SALES_WINDOW_DEFAULT);
	int64_t safety = config_int(&S.cfg, "po.safety_days", 0, INT64_MAX, SAFETY_DAYS_DEFAULT);
	int64_t days = window / DAY_SECS > 0 ? window / DAY_SECS : 1;
	size_t i;

	for (i = 0; i < st->n; i++) {
		const struct cand *c = &st->c[i];
		const struct item *it = c->skip ? NULL : item_for(st, c);
		const char *rs = c->rule_supplier ? c->rule_supplier : "";
		struct po_suggestion *g;
		int64_t qty;

		if (c->skip || !(qty = suggested(c, it, safety, days)))
			continue;
		if (s->n == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 64;
			s->v = xrealloc(s->v, s->cap * sizeof *s->v);
		}
		g = &s->v[s->n++];
		memset(g, 0, sizeof *g);
		g->supplier = xstrdup(*rs ? rs : it ? it->supplier : "");
		g->sku = xstrdup(c->sku);
		g->warehouse = xstrdup(c->wh);
		g->available = c->available;
		g->on_order = c->on_order;
		g->has_rule = c->has_rule;
		g->reorder_point = c->point;
		g->qty = qty;
		g->cost = it ? it->cost : c->sku_cost;
	}
	if (s->n)
		qsort(s->v, s->n, sizeof *s->v, sugg_cmp);
}

enum res
po_suggest(const char *warehouse, const char *levels, struct po_suggestions *s, struct why *w)
{
	struct state st;
	enum res rc;

	memset(&st, 0, sizeof st); /* the maps unbounded, as STRMAP_INIT(0) */
	st.wid = -1;
	if (warehouse && (rc = code_warehouse(warehouse, &st.wid, w)))
		return rc;
	if (levels) {
		read_levels(&st, levels);
		load_rules(&st, 0);
		load_sales(&st, 0);
	} else {
		load_rules(&st, 1);
		load_sales(&st, 1);
		load_levels(&st);
		stage_skus(&st);
	}
	load_items(&st);
	compute(&st, s);
	state_release(&st);
	return RES_DONE;
}

/* ---- draft POs ---- */

/* Order of the rows of one PO: supplier, warehouse, then sku. */
static const struct po_suggestions *sorting;

static int
po_order_cmp(const void *a, const void *b)
{
	const struct po_suggestion *x = &sorting->v[*(const size_t *)a];
	const struct po_suggestion *y = &sorting->v[*(const size_t *)b];
	int d;

	if ((d = strcmp(x->supplier, y->supplier)) || (d = strcmp(x->warehouse, y->warehouse)))
		return d;
	return strcmp(x->sku, y->sku);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Lock the warehouses the POs go to, in code order, so that two runs
 * at once do not both write drafts for what neither saw on one. */
static void
lock_warehouses(const struct po_suggestions *s, const size_t *ord, size_t n)
{
	db_stmt *q = db_prep("SELECT id FROM warehouse WHERE code = ?1 FOR UPDATE");
	const char **wh = xcalloc(n + 1, sizeof *wh);
	size_t i;

	for (i = 0; i < n; i++)
		wh[i] = s->v[ord[i]].warehouse;
	qsort(wh, n, sizeof *wh, str_cmp);
	for (i = 0; i < n; i++)
		if (!i || strcmp(wh[i], wh[i - 1])) {
			db_bind_text(q, 1, wh[i]);
			db_int(q, -1);
		}
	free(wh);
}

/* The (sku, warehouse) on draft POs, as keys of key_of. */
static void
load_drafts(struct strmap *m, struct sbuf *b)
{
	db_stmt *q = db_prep("SELECT sk.sku, w.code FROM po_line l JOIN po p ON p.id = l.po_id "
			     "JOIN sku sk ON sk.id = l.sku_id JOIN warehouse w ON w.id = p.warehouse_id "
			     "WHERE p.status = 'draft'");

	while (db_step(q))
		strmap_put(m, key_of(b, db_col_text(q, 0), db_col_text(q, 1)), 1, 0);
}

enum res
po_suggest_create(const struct po_suggestions *s,
		  void (*each)(int64_t po, const char *supplier, const char *warehouse,
			       size_t nlines, void *arg),
		  void *arg, struct why *w)
{
	struct strmap drafts = STRMAP_INIT(0);
	struct sbuf key = SBUF_INIT;
	struct po_line_in *lines;
	size_t *ord, n = 0, i, j, nl;
	enum res rc = RES_DONE;
	int64_t id;

	ord = xcalloc(s->n + 1, sizeof *ord);
	lines = xcalloc(s->n + 1, sizeof *lines);
	for (i = 0; i < s->n; i++) {
		if (*s->v[i].supplier)
			ord[n++] = i;
		else
			warn("no supplier for sku '%s' in warehouse '%s': left out", s->v[i].sku,
			     s->v[i].warehouse);
	}
	sorting = s;
	qsort(ord, n, sizeof *ord, po_order_cmp);
	lock_warehouses(s, ord, n);
	load_drafts(&drafts, &key);
	for (i = 0; i < n && rc == RES_DONE; i = j) {
		const struct po_suggestion *head = &s->v[ord[i]];
		struct po_in in;

		for (j = i, nl = 0; j < n && !strcmp(s->v[ord[j]].supplier, head->supplier) &&
				    !strcmp(s->v[ord[j]].warehouse, head->warehouse); j++) {
			const struct po_suggestion *g = &s->v[ord[j]];

			if (strmap_get(&drafts, key_of(&key, g->sku, g->warehouse)))
				continue;
			memset(&lines[nl], 0, sizeof lines[nl]);
			lines[nl].sku = g->sku;
			lines[nl].qty = g->qty;
			lines[nl].has_cost = 1;
			lines[nl].cost = g->cost;
			nl++;
		}
		if (!nl)
			continue;
		memset(&in, 0, sizeof in);
		in.supplier = head->supplier;
		in.warehouse = head->warehouse;
		in.lines = lines;
		in.nlines = nl;
		if ((rc = po_create(&in, &id, NULL, w)) == RES_DONE && each)
			each(id, head->supplier, head->warehouse, nl, arg);
	}
	free(ord);
	free(lines);
	strmap_release(&drafts);
	sbuf_release(&key);
	return rc;
}

void
po_suggestions_release(struct po_suggestions *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].supplier);
		free(s->v[i].sku);
		free(s->v[i].warehouse);
	}
	free(s->v);
	memset(s, 0, sizeof *s);
}
