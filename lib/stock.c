/* stock.c - the movement ledger, reservations and pools (see stock.h).
 *
 * Every change of a level is an UPDATE whose WHERE holds the rule (enough
 * available, enough on hand), so a refusal costs nothing to undo: the guard
 * runs before anything else is written, and the ledger row comes last. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "err.h"
#include "import.h"
#include "ledger.h"
#include "parse.h"
#include "session.h"
#include "stock.h"
#include "util.h"
#include "warehouse.h"

const char *const stock_type_words[MOVE_NTYPES + 1] = {
	"receipt", "shipment", "adjustment", "transfer_out", "transfer_in",
	"customer_return", "purchase_return", "count_variance", NULL,
};

const char *
stock_type_name(enum stock_type t)
{
	return t < MOVE_NTYPES ? stock_type_words[t] : "?";
}

int
stock_type_parse(const char *s, enum stock_type *t)
{
	int i;

	for (i = 0; i < MOVE_NTYPES; i++)
		if (!strcmp(s, stock_type_words[i])) {
			*t = (enum stock_type)i;
			return 0;
		}
	return -1;
}

/* "sku 'A' in warehouse 'W1'" for messages; static storage. */
static const char *
where(int64_t sku_id, int64_t warehouse_id)
{
	static char buf[512];
	char sku[200], wh[200];
	db_stmt *st;

	st = db_prep("SELECT sku FROM sku WHERE id = ?1");
	db_bind_int(st, 1, sku_id);
	snprintf(sku, sizeof sku, "%s", db_step(st) ? db_col_text(st, 0) : "?");
	db_reset(st);
	st = db_prep("SELECT code FROM warehouse WHERE id = ?1");
	db_bind_int(st, 1, warehouse_id);
	snprintf(wh, sizeof wh, "%s", db_step(st) ? db_col_text(st, 0) : "?");
	db_reset(st);
	snprintf(buf, sizeof buf, "sku '%s' in warehouse '%s'", sku, wh);
	return buf;
}

int64_t
stock_warehouse_id(const char *code)
{
	return warehouse_id(code);
}

void
stock_level(int64_t sku_id, int64_t warehouse_id, struct stock_level *l)
{
	db_stmt *st = db_prep("SELECT on_hand, reserved, allocated FROM stock "
				   "WHERE sku_id = ?1 AND warehouse_id = ?2");

	memset(l, 0, sizeof *l);
	db_bind_int(st, 1, sku_id);
	db_bind_int(st, 2, warehouse_id);
	if (db_step(st)) {
		l->on_hand = db_col_int(st, 0);
		l->reserved = db_col_int(st, 1);
		l->allocated = db_col_int(st, 2);
	}
	db_reset(st);
	l->available = l->on_hand - l->reserved - l->allocated;
}

static enum res
check_qty(int64_t qty, struct why *w)
{
	if (qty <= 0)
		return res_fail(w, RES_REFUSED, "qty must be positive");
	if (qty > STOCK_QTY_MAX)
		return res_fail(w, RES_REFUSED, "qty %lld is out of range (1 to %d)",
			    (long long)qty, STOCK_QTY_MAX);
	return RES_DONE;
}

/* The arguments most calls share: a sane quantity, a sku and a warehouse
 * that exist. Sets *backorder. */
static enum res
check_args(int64_t sku_id, int64_t warehouse_id, int64_t qty, int *backorder, struct why *w)
{
	db_stmt *st;
	int found;

	if (check_qty(qty, w))
		return RES_REFUSED;
	st = db_prep("SELECT backorder FROM sku WHERE id = ?1");
	db_bind_int(st, 1, sku_id);
	found = db_step(st);
	*backorder = found && db_col_int(st, 0) != 0;
	db_reset(st);
	if (!found)
		return res_fail(w, RES_NOTFOUND, "unknown sku id %lld", (long long)sku_id);
	st = db_prep("SELECT 1 FROM warehouse WHERE id = ?1");
	db_bind_int(st, 1, warehouse_id);
	found = db_step(st);
	db_reset(st);
	if (!found)
		return res_fail(w, RES_NOTFOUND, "unknown warehouse id %lld",
			    (long long)warehouse_id);
	return RES_DONE;
}

/* A ref is a code: no invisible characters that would make a look-alike
 * of another ref, so a re-sent document is known as such. */
static enum res
need_ref(const char *ref, const char *what, struct why *w)
{
	const char *why;

	if (!ref || !*ref)
		return res_fail(w, RES_REFUSED, "%s needs a ref", what);
	if (check_code_text(ref, &why) < 0)
		return res_fail(w, RES_BAD, "bad ref '%s': %s", ref, why);
	return RES_DONE;
}

/* The qty recorded under a movement's natural key: 1 if there is one. */
static int
recorded(const char *ref, enum stock_type t, int64_t sku_id, int64_t warehouse_id, int64_t *qty)
{
	db_stmt *st = db_prep("SELECT qty FROM movement "
				   "WHERE ref = ?1 AND type = ?2 AND sku_id = ?3 AND warehouse_id = ?4");
	int found;

	db_bind_text(st, 1, ref);
	db_bind_text(st, 2, stock_type_words[t]);
	db_bind_int(st, 3, sku_id);
	db_bind_int(st, 4, warehouse_id);
	found = db_step(st);
	if (found)
		*qty = db_col_int(st, 0);
	db_reset(st);
	return found;
}

/* A ref seen before: the same qty is a no-op, another one a refusal.
 * Quantities are shown unsigned, as the caller gave them. */
static enum res
already(const char *ref, enum stock_type t, int64_t prev, int64_t qty, int64_t sku_id,
	int64_t warehouse_id, struct why *w)
{
	int unsign = t != MOVE_ADJUSTMENT && t != MOVE_COUNT_VARIANCE;

	if (prev == qty)
		return res_fail(w, RES_SKIPPED, "%s '%s' of %s is already applied; skipped",
			    stock_type_words[t], ref, where(sku_id, warehouse_id));
	return res_fail(w, RES_REFUSED, "%s '%s' of %s is already applied with qty %lld, not %lld",
		    stock_type_words[t], ref, where(sku_id, warehouse_id),
		    (long long)(unsign && prev < 0 ? -prev : prev),
		    (long long)(unsign && qty < 0 ? -qty : qty));
}

/* Explain why need units could not be taken. */
static enum res
shortage(int64_t sku_id, int64_t warehouse_id, int64_t need, int backorder, struct why *w)
{
	struct stock_level l;

	stock_level(sku_id, warehouse_id, &l);
	if (backorder || l.available > l.on_hand)
		return res_fail(w, RES_REFUSED,
			    "not enough stock of %s: %lld on hand, %lld needed",
			    where(sku_id, warehouse_id), (long long)l.on_hand, (long long)need);
	return res_fail(w, RES_REFUSED, "not enough stock of %s: %lld available, %lld needed",
		    where(sku_id, warehouse_id), (long long)l.available, (long long)need);
}

/* Add delta (signed) to on_hand. Taking never goes below zero on hand and,
 * unless backorder, never below what is reserved and allocated. 0 if the
 * guard said no. */
static int
add_on_hand(int64_t sku_id, int64_t warehouse_id, int64_t delta, int backorder)
{
	db_stmt *st;

	if (delta > 0) {
		/* the row is there but for the first receipt: try the update alone */
		st = db_prep("UPDATE stock SET on_hand = on_hand + ?3 "
			     "WHERE sku_id = ?1 AND warehouse_id = ?2");
		db_bind_int(st, 1, sku_id);
		db_bind_int(st, 2, warehouse_id);
		db_bind_int(st, 3, delta);
		db_run(st);
		if (db_changes() == 1)
			return 1;
		/* the first receipt; another process's may come at once */
		st = db_prep("INSERT INTO stock (sku_id, warehouse_id, on_hand) VALUES (?1, ?2, ?3) "
			     "ON CONFLICT (sku_id, warehouse_id) DO UPDATE SET on_hand = stock.on_hand + ?3");
		db_bind_int(st, 1, sku_id);
		db_bind_int(st, 2, warehouse_id);
		db_bind_int(st, 3, delta);
		db_run(st);
		return 1;
	}
	st = db_prep("UPDATE stock SET on_hand = on_hand - ?3 "
		     "WHERE sku_id = ?1 AND warehouse_id = ?2 AND on_hand >= ?3 "
		     "AND (?4 <> 0 OR on_hand - reserved - allocated >= ?3)");
	db_bind_int(st, 1, sku_id);
	db_bind_int(st, 2, warehouse_id);
	db_bind_int(st, 3, -delta);
	db_bind_int(st, 4, backorder);
	db_run(st);
	return db_changes() == 1;
}

/* The account that takes the other side of a movement's value, unless
 * its document names one (a purchase order's receipts and returns: the
 * supplier's payable): the goods sold (shipments, customer returns), else
 * stock adjustments (receipts not from a purchase order, adjustments,
 * counts); NULL for transfers, whose two halves cancel. */
static const char *
counter_account(enum stock_type t)
{
	switch (t) {
	case MOVE_SHIPMENT:
	case MOVE_CUSTOMER_RETURN:
		return "cogs";
	case MOVE_TRANSFER_OUT:
	case MOVE_TRANSFER_IN:
		return NULL;
	default:
		return "stock_adjustments";
	}
}

/* qty units at unit_cost into the money ledger: inventory +value, its
 * counter account -value, under doc ("receive GRN-1", "order SO-12"). */
static void
post_value(enum stock_type t, int64_t value, const char *doc, const char *ref,
	   const char *counter_acct)
{
	const char *counter = counter_acct ? counter_acct : counter_account(t);
	char docbuf[256];
	struct posting p[2];

	if (!counter || !value)
		return;
	p[0].account = "inventory";
	p[0].amount = value;
	p[1].account = counter;
	p[1].amount = -value;
	snprintf(docbuf, sizeof docbuf, "%s %s", doc && *doc ? doc : stock_type_words[t], ref);
	ledger_post(docbuf, stock_type_words[t], p, 2);
}

/* qty x unit_cost, or die: no real stock is worth 2^63 minor units */
static int64_t
value_of(int64_t qty, int64_t unit_cost)
{
	int64_t v;

	if (__builtin_mul_overflow(qty, unit_cost, &v))
		die(EX_DATA, "%lld units at a cost of %lld minor units is out of range",
		    (long long)qty, (long long)unit_cost);
	return v;
}

/* Append to the ledger, at the SKU's cost, and post its value. ignore_dup:
 * 0 if the key was already there. */
static int
insert_move(enum stock_type t, int64_t sku_id, int64_t warehouse_id, int64_t qty,
	    const struct stock_doc *d, int ignore_dup)
{
	db_stmt *st;
	int64_t cost;

	if (ignore_dup)
		st = db_prep("INSERT INTO movement (sku_id, warehouse_id, type, qty, at, os_user, "
			     "ref, doc, note, unit_cost) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
			     "COALESCE(CAST(?10 AS BIGINT), (SELECT COALESCE(cost, 0) FROM sku "
			     "WHERE id = ?1))) ON CONFLICT DO NOTHING RETURNING unit_cost");
	else
		st = db_prep("INSERT INTO movement (sku_id, warehouse_id, type, qty, at, os_user, "
			     "ref, doc, note, unit_cost) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
			     "COALESCE(CAST(?10 AS BIGINT), (SELECT COALESCE(cost, 0) FROM sku "
			     "WHERE id = ?1))) RETURNING unit_cost");
	db_bind_int(st, 1, sku_id);
	db_bind_int(st, 2, warehouse_id);
	db_bind_static(st, 3, stock_type_words[t]);
	db_bind_int(st, 4, qty);
	db_bind_static(st, 5, shop_now_text());
	db_bind_static(st, 6, S.user);
	db_bind_static(st, 7, d->ref);
	db_bind_static(st, 8, d->doc ? d->doc : "");
	db_bind_static(st, 9, d->note ? d->note : "");
	db_bind_opt_int(st, 10, d->has_cost, d->unit_cost);
	if ((cost = db_int(st, -1)) < 0)
		return 0;
	post_value(t, value_of(qty, cost), d->doc, d->ref, d->counter);
	return 1;
}

/* One movement of on_hand; qty carries the sign of the type. */
static enum res
move(enum stock_type t, int64_t sku_id, int64_t warehouse_id, int64_t qty,
     const struct stock_doc *d, struct why *w)
{
	int64_t prev = 0;
	int backorder;
	enum res rc;

	if ((rc = need_ref(d ? d->ref : NULL, stock_type_words[t], w)))
		return rc;
	if (qty > 0) {
		/* nothing can refuse an addition: write the ledger row first and
		 * let its key tell a re-sent ref. The foreign keys vouch for the
		 * ids; this path is the one bulk receipts take a million times. */
		if (qty > STOCK_QTY_MAX)
			return res_fail(w, RES_REFUSED, "qty %lld is out of range (1 to %d)",
				    (long long)qty, STOCK_QTY_MAX);
		if (!insert_move(t, sku_id, warehouse_id, qty, d, 1)) {
			recorded(d->ref, t, sku_id, warehouse_id, &prev);
			return already(d->ref, t, prev, qty, sku_id, warehouse_id, w);
		}
		add_on_hand(sku_id, warehouse_id, qty, 0);
		return RES_DONE;
	}
	if ((rc = check_args(sku_id, warehouse_id, -qty, &backorder, w)))
		return rc;
	if (recorded(d->ref, t, sku_id, warehouse_id, &prev))
		return already(d->ref, t, prev, qty, sku_id, warehouse_id, w);
	if (!add_on_hand(sku_id, warehouse_id, qty, backorder))
		return shortage(sku_id, warehouse_id, -qty, backorder, w);
	insert_move(t, sku_id, warehouse_id, qty, d, 0);
	return RES_DONE;
}

/* ---- bulk receipts ---- */

#define BULK_MAX_SUMS 65536 /* (sku, warehouse) sums held before they are written */

void
stock_bulk_begin(struct stock_bulk *b, enum stock_type type, const char *doc)
{
	memset(b, 0, sizeof *b);
	b->type = type;
	b->doc = doc ? doc : "";
	b->keys = (struct strmap)STRMAP_INIT(0);
}

/* An id in a key: sixteen hex digits, no printf in a loop of a million. */
static void
key_id(struct sbuf *k, int64_t id)
{
	static const char hex[] = "0123456789abcdef";
	uint64_t u = (uint64_t)id;
	char d[16];
	int i;

	for (i = 15; i >= 0; i--, u >>= 4)
		d[i] = hex[u & 15];
	sbuf_add(k, d, sizeof d);
}

enum res
stock_bulk_add(struct stock_bulk *b, int64_t sku_id, int64_t warehouse_id, int64_t qty,
	       const char *ref, const char *note, struct why *w)
{
	return stock_bulk_add_cost(b, sku_id, warehouse_id, qty, -1, ref, note, w);
}

/* unit_cost < 0: the SKU's, read at the flush */
enum res
stock_bulk_add_cost(struct stock_bulk *b, int64_t sku_id, int64_t warehouse_id, int64_t qty,
		    int64_t unit_cost, const char *ref, const char *note, struct why *w)
{
	struct stock_staged *r;
	struct strmap_ent *e;
	enum res rc;

	/* a file's lines come grouped by document: check each ref once */
	if (!b->ref_ok || strcmp(ref, b->ref_ok) != 0) {
		if ((rc = need_ref(ref, stock_type_words[b->type], w)))
			return rc;
		free(b->ref_ok);
		b->ref_ok = xstrdup(ref);
	}
	if (qty <= 0)
		return res_fail(w, RES_REFUSED, "qty must be positive");
	if (qty > STOCK_QTY_MAX)
		return res_fail(w, RES_REFUSED, "qty %lld is out of range (1 to %d)",
			    (long long)qty, STOCK_QTY_MAX);
	/* the same line twice in one batch: the second is a re-send */
	sbuf_reset(&b->key);
	key_id(&b->key, sku_id);
	key_id(&b->key, warehouse_id);
	sbuf_adds(&b->key, ref);
	e = strmap_at(&b->keys, sbuf_str(&b->key));
	if (e->val) {
		int64_t prev = b->rows[e->val - 1].qty;

		if (prev == qty)
			return res_fail(w, RES_SKIPPED, "%s '%s' is already applied; skipped",
				    stock_type_words[b->type], ref);
		return already(ref, b->type, prev, qty, sku_id, warehouse_id, w);
	}
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 1024;
		b->rows = xrealloc(b->rows, b->cap * sizeof *b->rows);
	}
	e->val = (int64_t)++b->n;
	r = &b->rows[b->n - 1];
	r->sku_id = sku_id;
	r->warehouse_id = warehouse_id;
	r->qty = qty;
	r->unit_cost = unit_cost;
	r->ref = b->text.len;
	sbuf_add(&b->text, ref, strlen(ref) + 1);
	r->note = b->text.len;
	note = note ? note : "";
	sbuf_add(&b->text, note, strlen(note) + 1);
	return RES_PENDING;
}

/* The SKU's cost for the batch's movements (read once per SKU). */
static int64_t
bulk_cost(struct stock_bulk *b, int64_t sku_id)
{
	int created;
	struct pairmap_ent *e = pairmap_at(&b->costs, sku_id, 0, &created);

	if (created) {
		db_stmt *st = db_prep("SELECT COALESCE(cost, 0) FROM sku WHERE id = ?1");

		db_bind_int(st, 1, sku_id);
		e->val = db_int(st, 0);
	}
	return e->val;
}

/* The queued lines into the staging table, each numbered as the pending
 * record it is. */
static void
bulk_stage(struct stock_bulk *b)
{
	size_t i;

	db_temp_table("stage_receipt",
		      "CREATE TEMP TABLE IF NOT EXISTS stage_receipt (seq INTEGER PRIMARY KEY, "
		      "sku_id INTEGER NOT NULL, warehouse_id INTEGER NOT NULL, qty BIGINT NOT NULL, "
		      "ref TEXT NOT NULL, note TEXT NOT NULL, unit_cost BIGINT NOT NULL)");
	db_copy_begin("stage_receipt", "seq, sku_id, warehouse_id, qty, ref, note, unit_cost", 7);
	for (i = 0; i < b->n; i++) {
		const struct stock_staged *r = &b->rows[i];

		db_copy_int((int64_t)i);
		db_copy_int(r->sku_id);
		db_copy_int(r->warehouse_id);
		db_copy_int(r->qty);
		db_copy_text(b->text.s + r->ref);
		db_copy_text(b->text.s + r->note);
		db_copy_int(r->unit_cost);
		db_copy_row_end();
	}
	db_copy_end();
}

/* The queued lines straight into the ledger: 0 if one of them was
 * there already (a re-sent document), and then none is. */
static int
bulk_copy(struct stock_bulk *b)
{
	const char *type = stock_type_words[b->type], *at = shop_now_text();
	size_t i;

	db_savepoint();
	db_copy_begin("movement",
		      "sku_id, warehouse_id, type, qty, at, os_user, ref, doc, note, unit_cost", 10);
	for (i = 0; i < b->n; i++) {
		const struct stock_staged *r = &b->rows[i];

		db_copy_int(r->sku_id);
		db_copy_int(r->warehouse_id);
		db_copy_text(type);
		db_copy_int(r->qty);
		db_copy_text(at);
		db_copy_text(S.user);
		db_copy_text(b->text.s + r->ref);
		db_copy_text(b->doc);
		db_copy_text(b->text.s + r->note);
		db_copy_int(r->unit_cost);
		db_copy_row_end();
	}
	if (db_copy_end()) {
		db_release();
		return 1;
	}
	db_rollback_to();
	return 0;
}

/* The staged lines not in the ledger yet into it; how many went in. */
static int64_t
bulk_insert(struct stock_bulk *b)
{
	db_stmt *st = db_prep("INSERT INTO movement (sku_id, warehouse_id, type, qty, at, os_user, "
			      "ref, doc, note, unit_cost) SELECT sku_id, warehouse_id, ?1, qty, ?2, ?3, "
			      "ref, ?4, note, unit_cost FROM stage_receipt WHERE true ORDER BY seq "
			      "ON CONFLICT DO NOTHING");

	db_bind_static(st, 1, stock_type_words[b->type]);
	db_bind_static(st, 2, shop_now_text());
	db_bind_static(st, 3, S.user);
	db_bind_static(st, 4, b->doc);
	db_run(st);
	return db_changes();
}

/* Some staged lines are in the ledger already (a re-run): settle them as
 * stock_receive would. How many there were. */
static int64_t
bulk_settle_applied(struct stock_bulk *b)
{
	/* a look-up by the ledger's key for each line, whatever the planner
	 * thinks of a ledger that has just grown by a million rows */
	db_stmt *st = db_prep("SELECT seq, prev FROM (SELECT s.seq AS seq, (SELECT m.qty "
			      "FROM movement m WHERE m.ref = s.ref AND m.type = ?1 "
			      "AND m.sku_id = s.sku_id AND m.warehouse_id = s.warehouse_id) AS prev "
			      "FROM stage_receipt s) AS x WHERE prev IS NOT NULL ORDER BY seq");
	struct why w;
	enum res rc;
	int64_t n = 0;

	db_bind_static(st, 1, stock_type_words[b->type]);
	while (db_step(st)) {
		int64_t seq = db_col_int(st, 0), prev = db_col_int(st, 1);
		struct stock_staged *r;

		if (seq < 0 || (size_t)seq >= b->n)
			continue;
		r = &b->rows[seq];
		if (b->settle) {
			rc = already(b->text.s + r->ref, b->type, prev, r->qty, r->sku_id,
				     r->warehouse_id, &w);
			b->settle((size_t)seq, rc, w.msg, b->settle_arg);
		} else {
			rc = prev == r->qty ? res_fail(&w, RES_SKIPPED, "%s '%s' is already applied; "
						       "skipped", stock_type_words[b->type],
						       b->text.s + r->ref)
					    : already(b->text.s + r->ref, b->type, prev, r->qty,
						      r->sku_id, r->warehouse_id, &w);
			imp_settle((size_t)seq, rc, w.msg);
		}
		r->qty = 0; /* not added to the levels */
		n++;
	}
	return n;
}

/* (sku, warehouse) -> a quantity (val, or aux) into the staging table
 * stage_level; how many rows (entries of 0 are left out). */
static size_t
stage_sums(const struct pairmap *m, int aux)
{
	size_t i, n = 0;

	db_temp_table("stage_level", "CREATE TEMP TABLE IF NOT EXISTS stage_level ("
				     "sku_id INTEGER NOT NULL, warehouse_id INTEGER NOT NULL, "
				     "qty BIGINT NOT NULL)");
	db_copy_begin("stage_level", "sku_id, warehouse_id, qty", 3);
	for (i = 0; i < m->cap; i++) {
		const struct pairmap_ent *e = &m->v[i];
		int64_t q = aux ? e->aux : e->val;

		if (!e->used || !q)
			continue;
		db_copy_int(e->a);
		db_copy_int(e->b);
		db_copy_int(q);
		db_copy_row_end();
		n++;
	}
	db_copy_end();
	return n;
}

/* The levels the written lines add up to, summed over the batches so far
 * (a file names the same SKUs again and again): one upsert per (sku,
 * warehouse), in key order so that concurrent writers lock alike. */
static void
bulk_levels(struct stock_bulk *b)
{
	if (!b->sums.n)
		return;
	stage_sums(&b->sums, 0);
	db_run(db_prep("INSERT INTO stock (sku_id, warehouse_id, on_hand) "
		       "SELECT sku_id, warehouse_id, qty FROM stage_level WHERE true "
		       "ORDER BY sku_id, warehouse_id ON CONFLICT (sku_id, warehouse_id) "
		       "DO UPDATE SET on_hand = stock.on_hand + excluded.on_hand"));
	pairmap_release(&b->sums);
}

void
stock_add_reserved(const struct pairmap *taken)
{
	if (!stage_sums(taken, 1))
		return;
	db_run(db_prep("INSERT INTO stock (sku_id, warehouse_id, reserved) "
		       "SELECT sku_id, warehouse_id, qty FROM stage_level WHERE true "
		       "ORDER BY sku_id, warehouse_id ON CONFLICT (sku_id, warehouse_id) "
		       "DO UPDATE SET reserved = stock.reserved + excluded.reserved"));
}

void
stock_bulk_flush(struct stock_bulk *b)
{
	int64_t n = (int64_t)b->n, settled, value = 0;
	const char *first = NULL, *last = NULL;
	size_t i;

	if (!b->n)
		return;
	for (i = 0; i < b->n; i++)
		if (b->rows[i].unit_cost < 0)
			b->rows[i].unit_cost = bulk_cost(b, b->rows[i].sku_id);
	/* a fresh document goes straight in; the lines of one sent before
	 * are sorted out through a staging table */
	if (!bulk_copy(b)) {
		bulk_stage(b);
		settled = bulk_settle_applied(b);
		/* another process wrote one of these lines meanwhile: it has won */
		if (settled < n && bulk_insert(b) + settled != n)
			die(EX_TEMP, "another process wrote the same record at the same time; "
			    "nothing was changed, try again");
	}
	/* what went in: the levels to add, and its value in one entry */
	for (i = 0; i < b->n; i++) {
		const struct stock_staged *r = &b->rows[i];

		if (!r->qty)
			continue;
		pairmap_at(&b->sums, r->sku_id, r->warehouse_id, NULL)->val += r->qty;
		if (__builtin_add_overflow(value, value_of(r->qty, r->unit_cost), &value))
			die(EX_DATA, "the value of a batch of receipts is out of range");
		if (!first)
			first = b->text.s + r->ref;
		last = b->text.s + r->ref;
	}
	if (value) {
		char refs[200];

		snprintf(refs, sizeof refs, strcmp(first, last) ? "%s..%s" : "%s", first, last);
		post_value(b->type, value, b->doc, refs, b->counter);
	}
	if (b->sums.n >= BULK_MAX_SUMS)
		bulk_levels(b);
	b->n = 0;
	sbuf_reset(&b->text);
	strmap_release(&b->keys);
}

void
stock_bulk_end(struct stock_bulk *b)
{
	bulk_levels(b);
	free(b->rows);
	pairmap_release(&b->costs);
	sbuf_release(&b->text);
	sbuf_release(&b->key);
	strmap_release(&b->keys);
	free(b->ref_ok);
	memset(b, 0, sizeof *b);
}

enum res
stock_receive(int64_t sku_id, int64_t warehouse_id, int64_t qty, const struct stock_doc *d,
	      struct why *w)
{
	if (qty <= 0)
		return res_fail(w, RES_REFUSED, "qty must be positive");
	return move(MOVE_RECEIPT, sku_id, warehouse_id, qty, d, w);
}

enum res
stock_customer_return(int64_t sku_id, int64_t warehouse_id, int64_t qty,
		      const struct stock_doc *d, struct why *w)
{
	if (qty <= 0)
		return res_fail(w, RES_REFUSED, "qty must be positive");
	return move(MOVE_CUSTOMER_RETURN, sku_id, warehouse_id, qty, d, w);
}

enum res
stock_purchase_return(int64_t sku_id, int64_t warehouse_id, int64_t qty,
		      const struct stock_doc *d, struct why *w)
{
	if (qty <= 0)
		return res_fail(w, RES_REFUSED, "qty must be positive");
	return move(MOVE_PURCHASE_RETURN, sku_id, warehouse_id, -qty, d, w);
}

enum res
stock_adjust(int64_t sku_id, int64_t warehouse_id, int64_t delta, const struct stock_doc *d,
	     struct why *w)
{
	if (delta == 0)
		return res_fail(w, RES_REFUSED, "qty must not be 0");
	return move(MOVE_ADJUSTMENT, sku_id, warehouse_id, delta, d, w);
}

enum res
stock_transfer(int64_t sku_id, int64_t from_id, int64_t to_id, int64_t qty,
	       const struct stock_doc *d, struct why *w)
{
	int64_t pout = 0, pin = 0;
	int backorder, hout, hin;
	enum res rc;

	if ((rc = need_ref(d ? d->ref : NULL, "transfer", w)))
		return rc;
	if ((rc = check_args(sku_id, from_id, qty, &backorder, w)) ||
	    (rc = check_args(sku_id, to_id, qty, &backorder, w)))
		return rc;
	if (from_id == to_id)
		return res_fail(w, RES_REFUSED, "cannot transfer %s to itself",
			    where(sku_id, from_id));
	hout = recorded(d->ref, MOVE_TRANSFER_OUT, sku_id, from_id, &pout);
	hin = recorded(d->ref, MOVE_TRANSFER_IN, sku_id, to_id, &pin);
	if (hout && hin && pout == -qty && pin == qty)
		return res_fail(w, RES_SKIPPED, "transfer '%s' of %s is already applied; skipped",
			    d->ref, where(sku_id, from_id));
	if (hout || hin)
		return res_fail(w, RES_REFUSED,
			    "transfer '%s' of %s is already applied with qty %lld, not %lld", d->ref,
			    where(sku_id, hout ? from_id : to_id), (long long)(hout ? -pout : pin),
			    (long long)qty);
	if (!add_on_hand(sku_id, from_id, -qty, backorder))
		return shortage(sku_id, from_id, qty, backorder, w);
	add_on_hand(sku_id, to_id, qty, backorder);
	insert_move(MOVE_TRANSFER_OUT, sku_id, from_id, -qty, d, 0);
	insert_move(MOVE_TRANSFER_IN, sku_id, to_id, qty, d, 0);
	return RES_DONE;
}

enum res
stock_count(int64_t sku_id, int64_t warehouse_id, int64_t counted, const struct stock_doc *d,
	    int64_t *book, int64_t *variance, struct why *w)
{
	struct stock_level l;
	db_stmt *st;
	int64_t prev;
	int backorder;
	enum res rc;

	*book = *variance = 0;
	if ((rc = need_ref(d ? d->ref : NULL, "count", w)))
		return rc;
	if (counted < 0 || counted > STOCK_QTY_MAX)
		return res_fail(w, RES_REFUSED, "counted %lld is out of range (0 to %d)",
			    (long long)counted, STOCK_QTY_MAX);
	if ((rc = check_args(sku_id, warehouse_id, 1, &backorder, w)))
		return rc;
	stock_level(sku_id, warehouse_id, &l);
	*book = l.on_hand;
	if (recorded(d->ref, MOVE_COUNT_VARIANCE, sku_id, warehouse_id, &prev)) {
		*variance = prev;
		return res_fail(w, RES_SKIPPED, "ref '%s' is already applied (%s of %s); skipped",
			    d->ref, stock_type_words[MOVE_COUNT_VARIANCE], where(sku_id, warehouse_id));
	}
	*variance = counted - l.on_hand;
	if (*variance == 0)
		return RES_DONE;
	if (!backorder && counted < l.reserved + l.allocated)
		return res_fail(w, RES_REFUSED,
			    "counted %lld of %s is less than its %lld reserved and %lld allocated",
			    (long long)counted, where(sku_id, warehouse_id), (long long)l.reserved,
			    (long long)l.allocated);
	st = db_prep("INSERT INTO stock (sku_id, warehouse_id, on_hand) VALUES (?1, ?2, ?3) "
		     "ON CONFLICT (sku_id, warehouse_id) DO UPDATE SET on_hand = ?3");
	db_bind_int(st, 1, sku_id);
	db_bind_int(st, 2, warehouse_id);
	db_bind_int(st, 3, counted);
	db_run(st);
	insert_move(MOVE_COUNT_VARIANCE, sku_id, warehouse_id, *variance, d, 0);
	return RES_DONE;
}

/* ---- reservations ---- */

struct resv {
	int64_t id, qty, held, pool_id; /* pool_id 0: none */
	int open;
};

static int
find_resv(const char *ref, int64_t sku_id, int64_t warehouse_id, struct resv *r)
{
	db_stmt *st = db_prep("SELECT id, qty, held, COALESCE(pool_id, 0), "
				   "CASE WHEN status = 'open' THEN 1 ELSE 0 END "
				   "FROM reservation WHERE ref = ?1 AND sku_id = ?2 AND warehouse_id = ?3");
	int found;

	db_bind_text(st, 1, ref);
	db_bind_int(st, 2, sku_id);
	db_bind_int(st, 3, warehouse_id);
	found = db_step(st);
	if (found) {
		r->id = db_col_int(st, 0);
		r->qty = db_col_int(st, 1);
		r->held = db_col_int(st, 2);
		r->pool_id = db_col_int(st, 3);
		r->open = (int)db_col_int(st, 4);
	}
	db_reset(st);
	return found;
}

static void
insert_resv(const char *ref, int64_t sku_id, int64_t warehouse_id, int64_t qty, int64_t pool_id)
{
	db_stmt *st = db_prep("INSERT INTO reservation (ref, sku_id, warehouse_id, qty, held, "
				   "pool_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");

	db_bind_text(st, 1, ref);
	db_bind_int(st, 2, sku_id);
	db_bind_int(st, 3, warehouse_id);
	db_bind_int(st, 4, qty);
	db_bind_int(st, 5, qty);
	db_bind_opt_int(st, 6, pool_id > 0, pool_id);
	db_bind_text(st, 7, shop_now_text());
	db_run(st);
}

/* Take n off what a reservation holds, as shipped or released. */
static void
unhold(const struct resv *r, int64_t n, int shipped)
{
	db_stmt *st;

	if (shipped)
		st = db_prep("UPDATE reservation SET held = held - ?2, shipped = shipped + ?2, "
			     "status = CASE WHEN held = ?2 THEN 'closed' ELSE 'open' END, "
			     "closed_at = CASE WHEN held = ?2 THEN ?3 END WHERE id = ?1");
	else
		st = db_prep("UPDATE reservation SET held = held - ?2, released = released + ?2, "
			     "status = CASE WHEN held = ?2 THEN 'closed' ELSE 'open' END, "
			     "closed_at = CASE WHEN held = ?2 THEN ?3 END WHERE id = ?1");
	db_bind_int(st, 1, r->id);
	db_bind_int(st, 2, n);
	db_bind_text(st, 3, shop_now_text());
	db_run(st);
}

/* Move n units between the reserved and allocated columns of a stock row:
 * dres and dall are signed changes. */
static void
shift(int64_t sku_id, int64_t warehouse_id, int64_t dres, int64_t dall)
{
	db_stmt *st = db_prep("UPDATE stock SET reserved = reserved + ?3, "
				   "allocated = allocated + ?4 WHERE sku_id = ?1 AND warehouse_id = ?2");

	db_bind_int(st, 1, sku_id);
	db_bind_int(st, 2, warehouse_id);
	db_bind_int(st, 3, dres);
	db_bind_int(st, 4, dall);
	db_run(st);
}

static enum res
resv_exists(const char *ref, const struct resv *r, int64_t qty, int64_t pool_id, int64_t sku_id,
	    int64_t warehouse_id, struct why *w)
{
	if (r->qty == qty && r->pool_id == pool_id)
		return res_fail(w, RES_SKIPPED, "reservation '%s' of %s exists; skipped", ref,
			    where(sku_id, warehouse_id));
	return res_fail(w, RES_REFUSED, "reservation '%s' of %s exists with qty %lld%s", ref,
		    where(sku_id, warehouse_id), (long long)r->qty,
		    r->pool_id != pool_id ? (r->pool_id ? " from a pool" : " outside any pool") : "");
}

enum res
stock_reserve(const char *ref, int64_t sku_id, int64_t warehouse_id, int64_t qty, struct why *w)
{
	struct resv r;
	db_stmt *st;
	int backorder;
	enum res rc;

	if ((rc = need_ref(ref, "reservation", w)) ||
	    (rc = check_args(sku_id, warehouse_id, qty, &backorder, w)))
		return rc;
	if (find_resv(ref, sku_id, warehouse_id, &r))
		return resv_exists(ref, &r, qty, 0, sku_id, warehouse_id, w);
	st = db_prep("UPDATE stock SET reserved = reserved + ?3 "
		     "WHERE sku_id = ?1 AND warehouse_id = ?2 "
		     "AND (?4 <> 0 OR on_hand - reserved - allocated >= ?3)");
	db_bind_int(st, 1, sku_id);
	db_bind_int(st, 2, warehouse_id);
	db_bind_int(st, 3, qty);
	db_bind_int(st, 4, backorder);
	db_run(st);
	if (db_changes() == 0) {
		if (!backorder)
			return shortage(sku_id, warehouse_id, qty, 0, w);
		/* a pre-sale SKU with nothing ever received */
		st = db_prep("INSERT INTO stock (sku_id, warehouse_id, reserved) VALUES (?1, ?2, ?3) "
			     "ON CONFLICT (sku_id, warehouse_id) DO UPDATE SET reserved = stock.reserved + ?3");
		db_bind_int(st, 1, sku_id);
		db_bind_int(st, 2, warehouse_id);
		db_bind_int(st, 3, qty);
		db_run(st);
	}
	insert_resv(ref, sku_id, warehouse_id, qty, 0);
	return RES_DONE;
}

/* One line of stock_reserve_many: RES_DONE (reserved), RES_SKIPPED (the
 * same reservation was there) or a failure, its reason in w. */
static enum res
reserve_line(const struct stock_line *l, struct why *w)
{
	struct why qw;
	struct resv r;
	db_stmt *st;
	enum res rc;

	if ((rc = need_ref(l->ref, "reservation", w)))
		return rc;
	if ((rc = check_qty(l->qty, &qw)))
		return res_fail(w, rc, "reservation '%s': %s", l->ref, qw.msg);
	/* the natural key first: a re-sent line takes nothing */
	st = db_prep("INSERT INTO reservation (ref, sku_id, warehouse_id, qty, held, created_at) "
		     "VALUES (?1, ?2, ?3, ?4, ?4, ?5) "
		     "ON CONFLICT (ref, sku_id, warehouse_id) DO NOTHING");
	db_bind_static(st, 1, l->ref);
	db_bind_int(st, 2, l->sku_id);
	db_bind_int(st, 3, l->warehouse_id);
	db_bind_int(st, 4, l->qty);
	db_bind_static(st, 5, shop_now_text());
	db_run(st);
	if (db_changes() == 0) {
		find_resv(l->ref, l->sku_id, l->warehouse_id, &r);
		return resv_exists(l->ref, &r, l->qty, 0, l->sku_id, l->warehouse_id, w);
	}
	/* one atomic conditional update takes the stock: two processes can
	 * never both see the same units available */
	st = db_prep("UPDATE stock SET reserved = reserved + ?3 "
		     "WHERE sku_id = ?1 AND warehouse_id = ?2 "
		     "AND (on_hand - reserved - allocated >= ?3 "
		     "OR EXISTS (SELECT 1 FROM sku WHERE id = ?1 AND backorder <> 0))");
	db_bind_int(st, 1, l->sku_id);
	db_bind_int(st, 2, l->warehouse_id);
	db_bind_int(st, 3, l->qty);
	db_run(st);
	if (db_changes() == 1)
		return RES_DONE;
	/* no stock row: a pre-sale SKU with nothing ever received (another
	 * process may add the row meanwhile: then add to it) */
	st = db_prep("INSERT INTO stock (sku_id, warehouse_id, reserved) "
		     "SELECT ?1, ?2, ?3 FROM sku WHERE id = ?1 AND backorder <> 0 "
		     "ON CONFLICT (sku_id, warehouse_id) DO UPDATE SET reserved = stock.reserved + ?3");
	db_bind_int(st, 1, l->sku_id);
	db_bind_int(st, 2, l->warehouse_id);
	db_bind_int(st, 3, l->qty);
	db_run(st);
	if (db_changes() == 1)
		return RES_DONE;
	shortage(l->sku_id, l->warehouse_id, l->qty, 0, &qw);
	return res_fail(w, RES_REFUSED, "reservation '%s': %s", l->ref, qw.msg);
}

enum res
stock_reserve_many(const struct stock_line *lines, size_t n, size_t *at, struct why *w)
{
	size_t i, done = 0;
	enum res rc;

	if (at)
		*at = 0;
	if (!n)
		return res_fail(w, RES_SKIPPED, "no lines to reserve; skipped");
	db_savepoint();
	for (i = 0; i < n; i++) {
		/* a failure is worded before the rollback: the levels as this
		 * line saw them, after the lines before it */
		rc = reserve_line(&lines[i], w);
		if (rc == RES_DONE)
			done++;
		else if (rc != RES_SKIPPED) {
			db_rollback_to();
			if (at)
				*at = i;
			return rc;
		}
	}
	db_release();
	if (!done && n == 1)
		return res_fail(w, RES_SKIPPED, "reservation '%s' is already made; skipped",
				lines[0].ref);
	if (!done)
		return res_fail(w, RES_SKIPPED, "all %zu reservations ('%s', ...) are already made; "
				"skipped", n, lines[0].ref);
	return RES_DONE;
}

/* The state of a pool, by name. */
struct pool {
	int64_t id, sku_id, warehouse_id, qty, drawn;
	int open;
};

static int
find_pool(const char *name, struct pool *p, int lock)
{
	db_stmt *st = lock ? db_prep("SELECT id, sku_id, warehouse_id, qty, drawn, "
				     "CASE WHEN status = 'open' THEN 1 ELSE 0 END "
				     "FROM pool WHERE name = ?1 FOR UPDATE")
			   : db_prep("SELECT id, sku_id, warehouse_id, qty, drawn, "
				     "CASE WHEN status = 'open' THEN 1 ELSE 0 END "
				     "FROM pool WHERE name = ?1");
	int found;

	db_bind_text(st, 1, name);
	found = db_step(st);
	if (found) {
		p->id = db_col_int(st, 0);
		p->sku_id = db_col_int(st, 1);
		p->warehouse_id = db_col_int(st, 2);
		p->qty = db_col_int(st, 3);
		p->drawn = db_col_int(st, 4);
		p->open = (int)db_col_int(st, 5);
	}
	db_reset(st);
	return found;
}

static int
pool_drawn(int64_t pool_id, int64_t delta)
{
	/* conditional, like every taking of stock: of two processes drawing
	 * the last units at once, the second finds them gone (0) */
	db_stmt *st = db_prep("UPDATE pool SET drawn = drawn + ?1 WHERE id = ?2 "
			      "AND drawn + ?1 <= qty AND drawn + ?1 >= 0 AND status = 'open'");

	db_bind_int(st, 1, delta);
	db_bind_int(st, 2, pool_id);
	db_run(st);
	return db_changes() == 1;
}

enum res
stock_release(const char *ref, int64_t sku_id, int64_t warehouse_id, int64_t qty, struct why *w)
{
	struct resv r;
	int64_t n;
	enum res rc;

	/* a reservation found vouches for its sku and warehouse */
	if ((rc = need_ref(ref, "release", w)) ||
	    (qty && (rc = check_qty(qty, w))))
		return rc;
	if (!find_resv(ref, sku_id, warehouse_id, &r))
		return res_fail(w, RES_NOTFOUND, "no reservation '%s' of %s", ref,
			    where(sku_id, warehouse_id));
	if (!r.open)
		return res_fail(w, RES_SKIPPED, "reservation '%s' of %s is closed; skipped",
			    ref, where(sku_id, warehouse_id));
	n = qty > 0 ? qty : r.held;
	if (n > r.held)
		return res_fail(w, RES_REFUSED,
			    "reservation '%s' of %s holds %lld; cannot release %lld", ref,
			    where(sku_id, warehouse_id), (long long)r.held, (long long)n);
	unhold(&r, n, 0);
	if (r.pool_id && pool_drawn(r.pool_id, -n)) {
		/* back into the pool it was drawn from, while it is open */
		shift(sku_id, warehouse_id, -n, n);
	} else {
		shift(sku_id, warehouse_id, -n, 0);
	}
	return RES_DONE;
}

enum res
stock_ship(const char *res_ref, int64_t sku_id, int64_t warehouse_id, int64_t qty,
	   const struct stock_doc *d, struct why *w)
{
	struct resv r;
	db_stmt *st;
	int64_t prev;
	enum res rc;

	/* a reservation found vouches for its sku and warehouse */
	if ((rc = need_ref(d ? d->ref : NULL, "shipment", w)) ||
	    (rc = need_ref(res_ref, "shipment from a reservation", w)) ||
	    (rc = check_qty(qty, w)))
		return rc;
	if (recorded(d->ref, MOVE_SHIPMENT, sku_id, warehouse_id, &prev))
		return already(d->ref, MOVE_SHIPMENT, prev, -qty, sku_id, warehouse_id, w);
	if (!find_resv(res_ref, sku_id, warehouse_id, &r))
		return res_fail(w, RES_NOTFOUND, "no reservation '%s' of %s", res_ref,
			    where(sku_id, warehouse_id));
	if (r.held < qty)
		return res_fail(w, RES_REFUSED,
			    "reservation '%s' of %s holds %lld; cannot ship %lld", res_ref,
			    where(sku_id, warehouse_id), (long long)r.held, (long long)qty);
	st = db_prep("UPDATE stock SET on_hand = on_hand - ?3, reserved = reserved - ?3 "
		     "WHERE sku_id = ?1 AND warehouse_id = ?2 AND on_hand >= ?3 AND reserved >= ?3");
	db_bind_int(st, 1, sku_id);
	db_bind_int(st, 2, warehouse_id);
	db_bind_int(st, 3, qty);
	db_run(st);
	if (db_changes() == 0)
		return shortage(sku_id, warehouse_id, qty, 1, w);
	unhold(&r, qty, 1);
	insert_move(MOVE_SHIPMENT, sku_id, warehouse_id, -qty, d, 0);
	return RES_DONE;
}

size_t
stock_held(const char *ref, struct stock_line **out)
{
	db_stmt *st = db_prep("SELECT sku_id, warehouse_id, held FROM reservation "
			      "WHERE ref = ?1 AND status = 'open' AND held > 0 "
			      "ORDER BY sku_id, warehouse_id");
	size_t n = 0;

	*out = NULL;
	db_bind_text(st, 1, ref);
	while (db_step(st)) {
		*out = xrealloc(*out, (n + 1) * sizeof **out);
		(*out)[n].ref = ref;
		(*out)[n].sku_id = db_col_int(st, 0);
		(*out)[n].warehouse_id = db_col_int(st, 1);
		(*out)[n].qty = db_col_int(st, 2);
		n++;
	}
	return n;
}

/* ---- pools ---- */

enum res
stock_pool_create(const char *name, int64_t sku_id, int64_t warehouse_id, int64_t qty, struct why *w)
{
	const char *why;
	struct pool p;
	db_stmt *st;
	int backorder;
	enum res rc;

	if (!name || check_code_text(name, &why) < 0)
		return res_fail(w, RES_BAD, "bad pool name '%s': %s", name ? name : "",
				name ? why : "empty");
	if ((rc = check_args(sku_id, warehouse_id, qty, &backorder, w)))
		return rc;
	if (find_pool(name, &p, 0)) {
		if (p.open && p.sku_id == sku_id && p.warehouse_id == warehouse_id && p.qty == qty)
			return res_fail(w, RES_SKIPPED, "pool '%s' exists; skipped", name);
		return res_fail(w, RES_REFUSED, "pool '%s' exists (%s of %s, qty %lld)", name,
			    p.open ? "open" : "released", where(p.sku_id, p.warehouse_id),
			    (long long)p.qty);
	}
	/* a pool is real stock: backorder does not stretch it */
	st = db_prep("UPDATE stock SET allocated = allocated + ?3 "
		     "WHERE sku_id = ?1 AND warehouse_id = ?2 AND on_hand - reserved - allocated >= ?3");
	db_bind_int(st, 1, sku_id);
	db_bind_int(st, 2, warehouse_id);
	db_bind_int(st, 3, qty);
	db_run(st);
	if (db_changes() == 0)
		return shortage(sku_id, warehouse_id, qty, 0, w);
	st = db_prep("INSERT INTO pool (name, sku_id, warehouse_id, qty, created_at) "
		     "VALUES (?1, ?2, ?3, ?4, ?5)");
	db_bind_text(st, 1, name);
	db_bind_int(st, 2, sku_id);
	db_bind_int(st, 3, warehouse_id);
	db_bind_int(st, 4, qty);
	db_bind_text(st, 5, shop_now_text());
	db_run(st);
	return RES_DONE;
}

int64_t
stock_pool_left(const char *name, int64_t sku_id, int64_t *warehouse_id, int lock)
{
	struct pool p;

	if (!name || !*name || !find_pool(name, &p, lock) || !p.open || p.sku_id != sku_id)
		return 0;
	*warehouse_id = p.warehouse_id;
	return p.qty - p.drawn;
}

enum res
stock_pool_draw(const char *name, const char *res_ref, int64_t qty, struct why *w)
{
	struct pool p;
	struct resv r;
	int backorder;
	enum res rc;

	if ((rc = need_ref(res_ref, "a draw from a pool", w)))
		return rc;
	if (!find_pool(name ? name : "", &p, 0))
		return res_fail(w, RES_NOTFOUND, "unknown pool '%s'", name ? name : "");
	if ((rc = check_args(p.sku_id, p.warehouse_id, qty, &backorder, w)))
		return rc;
	if (find_resv(res_ref, p.sku_id, p.warehouse_id, &r))
		return resv_exists(res_ref, &r, qty, p.id, p.sku_id, p.warehouse_id, w);
	if (!p.open)
		return res_fail(w, RES_REFUSED, "pool '%s' is released", name);
	if (p.qty - p.drawn < qty)
		return res_fail(w, RES_REFUSED, "not enough in pool '%s': %lld left, %lld needed",
			    name, (long long)(p.qty - p.drawn), (long long)qty);
	if (!pool_drawn(p.id, qty)) {
		/* another process drew (or released) it since it was read */
		find_pool(name, &p, 0);
		return res_fail(w, RES_REFUSED, "not enough in pool '%s': %lld left, %lld needed",
			    name, (long long)(p.open ? p.qty - p.drawn : 0), (long long)qty);
	}
	shift(p.sku_id, p.warehouse_id, qty, -qty);
	insert_resv(res_ref, p.sku_id, p.warehouse_id, qty, p.id);
	return RES_DONE;
}

enum res
stock_pool_release(const char *name, int64_t *returned, struct why *w)
{
	struct pool p;
	db_stmt *st;

	if (returned)
		*returned = 0;
	if (!find_pool(name ? name : "", &p, 0))
		return res_fail(w, RES_NOTFOUND, "unknown pool '%s'", name ? name : "");
	if (!p.open)
		return res_fail(w, RES_SKIPPED, "pool '%s' is already released; skipped", name);
	st = db_prep("UPDATE pool SET status = 'released', released_at = ?1 WHERE id = ?2");
	db_bind_text(st, 1, shop_now_text());
	db_bind_int(st, 2, p.id);
	db_run(st);
	shift(p.sku_id, p.warehouse_id, 0, -(p.qty - p.drawn));
	if (returned)
		*returned = p.qty - p.drawn;
	return RES_DONE;
}
