/* poreceive.c - what comes in and goes back against a purchase order, and
 * what we pay for it (see po.h): deliveries received (partial, over
 * within the tolerance, samples), returns, supplier payments, payables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "config.h"
#include "csvio.h"
#include "db.h"
#include "err.h"
#include "ledger.h"
#include "money.h"
#include "parse.h"
#include "po.h"
#include "poimpl.h"
#include "session.h"
#include "stock.h"
#include "strmap.h"
#include "util.h"

/* A line of the PO and what this delivery (or return) moves on it. */
struct pline {
	int64_t id, line, sku_id, qty, cost, received, returned;
	int64_t k;      /* this delivery's units */
	int is_new;     /* a sample: not on the PO until now */
};

struct delivery {
	struct po_head h;
	struct pline *l;
	size_t n, cap;
	struct pairmap at;     /* (sku_id, 0) -> index + 1 in l */
};

static void
delivery_release(struct delivery *d)
{
	free(d->l);
	pairmap_release(&d->at);
	memset(d, 0, sizeof *d);
}

static struct pline *
add_line(struct delivery *d, int64_t sku_id)
{
	struct pline *l;

	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 16;
		d->l = xrealloc(d->l, d->cap * sizeof *d->l);
	}
	l = &d->l[d->n++];
	memset(l, 0, sizeof *l);
	l->sku_id = sku_id;
	pairmap_at(&d->at, sku_id, 0, NULL)->val = (int64_t)d->n;
	return l;
}

/* The PO's lines, locked until the commit: deliveries of one PO are
 * applied one after the other, whatever runs at the same time. */
static void
load_lines(struct delivery *d)
{
	db_stmt *st = db_prep("SELECT id, line, sku_id, qty, cost, received, returned FROM po_line "
			      "WHERE po_id = ?1 ORDER BY line FOR UPDATE");

	db_bind_int(st, 1, d->h.id);
	while (db_step(st)) {
		struct pline *l = add_line(d, db_col_int(st, 2));

		l->id = db_col_int(st, 0);
		l->line = db_col_int(st, 1);
		l->qty = db_col_int(st, 3);
		l->cost = db_col_int(st, 4);
		l->received = db_col_int(st, 5);
		l->returned = db_col_int(st, 6);
	}
}

/* The sku code of a line, for messages. */
static const char *
sku_code(int64_t sku_id, char *buf, size_t size)
{
	db_stmt *st = db_prep("SELECT sku FROM sku WHERE id = ?1");

	db_bind_int(st, 1, sku_id);
	snprintf(buf, size, "%s", db_step(st) ? db_col_text(st, 0) : "?");
	db_reset(st);
	return buf;
}

/* The tolerance: a percent of a line's qty, whole units, rounded down
 * (qty <= STOCK_QTY_MAX and the percent <= 100000: no overflow). */
static int64_t
over_allowed(int64_t qty)
{
	return qty * config_percent(&S.cfg, "po.over_receipt_tolerance", 0) / 100;
}

/* The delivery (kind, ref) of the PO: 0 if none, else its id, and *same
 * whether its lines are what this one moves. */
static int64_t
find_delivery(const struct delivery *d, const char *kind, const char *ref, int *same)
{
	db_stmt *st = db_prep("SELECT id FROM po_delivery WHERE po_id = ?1 AND kind = ?2 AND ref = ?3");
	int64_t id;
	size_t i, n = 0, want = 0;

	db_bind_int(st, 1, d->h.id);
	db_bind_static(st, 2, kind);
	db_bind_text(st, 3, ref);
	if (!(id = db_int(st, 0)))
		return 0;
	*same = 1;
	for (i = 0; i < d->n; i++)
		want += d->l[i].k > 0;
	st = db_prep("SELECT l.sku_id, x.qty FROM po_delivery_line x JOIN po_line l ON l.id = x.line_id "
		     "WHERE x.delivery_id = ?1");
	db_bind_int(st, 1, id);
	while (db_step(st)) {
		struct pairmap_ent *e = pairmap_get(&d->at, db_col_int(st, 0), 0);

		n++;
		if (!e || d->l[e->val - 1].k != db_col_int(st, 1))
			*same = 0;
	}
	if (n != want)
		*same = 0;
	return id;
}

/* The first receipt line the stock ledger had already (a movement under
 * the delivery's ref made some other way): the delivery fails on it. */
struct first_fail {
	enum res rc;
	size_t k;
	char why[sizeof ((struct why *)0)->msg];
};

static void
settle_first(size_t k, enum res rc, const char *why, void *arg)
{
	struct first_fail *f = arg;

	if (f->rc)
		return;
	f->rc = rc;
	f->k = k;
	snprintf(f->why, sizeof f->why, "%s", why);
}

/* A failure of stock's about line l, named: stock's reason is about the
 * warehouse. */
static enum res
line_fail(const struct delivery *d, const struct pline *l, enum res rc, const char *msg,
	  struct why *w)
{
	char why[sizeof w->msg], sku[128];

	snprintf(why, sizeof why, "%s", msg);
	return res_fail(w, rc, PO_PREFIX "%lld, sku '%s': %s", (long long)d->h.id,
			sku_code(l->sku_id, sku, sizeof sku), why);
}

/* The receipts of a delivery, set-based: its movements by one bulk write
 * at each line's cost, the levels summed per SKU, and its value as one
 * entry against the supplier's payable. */
static enum res
receipts(struct delivery *d, const char *mref, const char *acct, struct why *w)
{
	struct first_fail ff = { RES_DONE, 0, "" };
	struct stock_bulk b;
	enum res rc = RES_DONE;
	size_t i, *at = xcalloc(d->n ? d->n : 1, sizeof *at), n = 0;

	stock_bulk_begin(&b, MOVE_RECEIPT, "po");
	b.counter = acct;
	b.settle = settle_first;
	b.settle_arg = &ff;
	for (i = 0; i < d->n && !rc; i++) {
		struct pline *l = &d->l[i];

		if (!l->k)
			continue;
		at[n++] = i;
		rc = stock_bulk_add_cost(&b, l->sku_id, d->h.warehouse_id, l->k, l->cost, mref,
					 NULL, w);
		if (rc == RES_PENDING)
			rc = RES_DONE;
		else
			rc = line_fail(d, l, rc, w->msg, w);
	}
	if (!rc)
		stock_bulk_flush(&b);
	stock_bulk_end(&b);
	if (!rc && ff.rc)
		rc = line_fail(d, &d->l[at[ff.k]], ff.rc, ff.why, w);
	free(at);
	return rc;
}

/* Write the delivery: its record, the new lines, the lines' counts, the
 * movements at the lines' cost against the supplier's payable. Set-based:
 * a delivery may have a hundred thousand lines. */
static enum res
write_delivery(struct delivery *d, const char *kind, const char *ref, struct why *w)
{
	char mref[256], acct[256];
	int ret = !strcmp(kind, "return");
	int64_t did, next = 0, moved = 0;
	enum res rc;
	db_stmt *st;
	size_t i;

	snprintf(mref, sizeof mref, PO_PREFIX "%lld/%s", (long long)d->h.id, ref);
	ledger_payable(d->h.supplier, acct, sizeof acct);
	st = db_prep("INSERT INTO po_delivery (po_id, kind, ref, at, os_user) VALUES (?1, ?2, ?3, ?4, "
		     "?5) RETURNING id");
	db_bind_int(st, 1, d->h.id);
	db_bind_static(st, 2, kind);
	db_bind_text(st, 3, ref);
	db_bind_static(st, 4, shop_now_text());
	db_bind_static(st, 5, S.user);
	did = db_int(st, -1);
	for (i = 0; i < d->n; i++)
		if (d->l[i].line > next)
			next = d->l[i].line;
	/* the samples: lines of their own, qty 0 at cost 0 */
	st = db_prep("INSERT INTO po_line (po_id, line, sku_id, qty, cost) "
		     "VALUES (?1, ?2, ?3, 0, 0) RETURNING id");
	for (i = 0; i < d->n; i++) {
		struct pline *l = &d->l[i];

		if (!l->k || !l->is_new)
			continue;
		db_bind_int(st, 1, d->h.id);
		db_bind_int(st, 2, l->line = ++next);
		db_bind_int(st, 3, l->sku_id);
		l->id = db_int(st, -1);
	}
	/* the delivery's lines, and through them the lines' counts */
	db_copy_begin("po_delivery_line", "delivery_id, line_id, qty", 3);
	for (i = 0; i < d->n; i++) {
		if (!d->l[i].k)
			continue;
		db_copy_int(did);
		db_copy_int(d->l[i].id);
		db_copy_int(d->l[i].k);
		db_copy_row_end();
		moved++;
	}
	if (!db_copy_end())
		return res_fail(w, RES_REFUSED, PO_PREFIX "%lld changed while it was read; try again",
				(long long)d->h.id);
	st = ret ? db_prep("UPDATE po_line SET returned = po_line.returned + x.qty "
			   "FROM po_delivery_line x WHERE x.delivery_id = ?1 "
			   "AND x.line_id = po_line.id AND po_line.returned + x.qty <= po_line.received") :
		   db_prep("UPDATE po_line SET received = po_line.received + x.qty "
			   "FROM po_delivery_line x WHERE x.delivery_id = ?1 AND x.line_id = po_line.id");
	db_bind_int(st, 1, did);
	db_run(st);
	if (db_changes() != moved)
		return res_fail(w, RES_REFUSED, PO_PREFIX "%lld changed while it was read; try again",
				(long long)d->h.id);
	if (!ret)
		return receipts(d, mref, acct, w);
	/* returns take from what is available, line by line */
	for (i = 0; i < d->n; i++) {
		struct pline *l = &d->l[i];
		struct stock_doc doc = { .ref = mref, .doc = "po return", .has_cost = 1,
					 .unit_cost = l->cost, .counter = acct };

		if (l->k && (rc = stock_purchase_return(l->sku_id, d->h.warehouse_id, l->k, &doc, w)))
			return line_fail(d, l, rc, w->msg, w);
	}
	return RES_DONE;
}

/* Every line ordered has come (at least its qty). */
static int
all_received(const struct delivery *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->l[i].qty > 0 && d->l[i].received + (d->l[i].is_new ? 0 : d->l[i].k) < d->l[i].qty)
			return 0;
	return 1;
}

/* Check a ref as a code. */
static enum res
check_ref(const char *ref, struct why *w)
{
	const char *why;

	if (!ref || !*ref)
		return res_fail(w, RES_BAD, "a delivery needs --ref");
	if (check_code_text(ref, &why) < 0)
		return res_fail(w, RES_BAD, "bad ref '%s': %s", ref, why);
	return RES_DONE;
}

/* Apply what d carries (k of each line) as the delivery or return ref. */
static enum res
apply(struct delivery *d, const char *kind, const char *ref, struct why *w)
{
	char sku[128];
	int64_t prev;
	int same = 0, ret = !strcmp(kind, "return");
	enum res rc;
	size_t i, moved = 0;

	for (i = 0; i < d->n; i++)
		moved += d->l[i].k > 0;
	if (!moved)
		return res_fail(w, RES_BAD, "nothing to %s: give --line SKU:QTY or a file",
				ret ? "return" : "receive");
	if ((prev = find_delivery(d, kind, ref, &same))) {
		if (same)
			return res_fail(w, RES_SKIPPED, "%s '%s' of " PO_PREFIX "%lld is applied "
					"already; skipped", ret ? "return" : "delivery", ref,
					(long long)d->h.id);
		return res_fail(w, RES_REFUSED, "%s '%s' of " PO_PREFIX "%lld was applied with "
				"other lines", ret ? "return" : "delivery", ref, (long long)d->h.id);
	}
	for (i = 0; i < d->n; i++) {
		struct pline *l = &d->l[i];

		if (!l->k)
			continue;
		if (ret && l->k > l->received - l->returned)
			return res_fail(w, RES_REFUSED, PO_PREFIX "%lld, sku '%s': %lld received and "
					"not returned, cannot return %lld", (long long)d->h.id,
					sku_code(l->sku_id, sku, sizeof sku),
					(long long)(l->received - l->returned), (long long)l->k);
		if (!ret && l->qty > 0 && l->received + l->k > l->qty + over_allowed(l->qty))
			return res_fail(w, RES_REFUSED, PO_PREFIX "%lld, sku '%s': %lld ordered, %lld "
					"received, %lld more is over the tolerance (at most %lld)",
					(long long)d->h.id, sku_code(l->sku_id, sku, sizeof sku),
					(long long)l->qty, (long long)l->received, (long long)l->k,
					(long long)(l->qty + over_allowed(l->qty)));
	}
	db_savepoint();
	if ((rc = write_delivery(d, kind, ref, w))) {
		db_rollback_to();
		return rc;
	}
	if (!ret && d->h.status != PO_RECEIVED) {
		enum po_status to = all_received(d) ? PO_RECEIVED : PO_PARTIALLY_RECEIVED;

		if (to != d->h.status && !po_move(d->h.id, d->h.status, to, ref)) {
			db_rollback_to();
			return res_fail(w, RES_REFUSED, PO_PREFIX "%lld changed while it was read; "
					"try again", (long long)d->h.id);
		}
	}
	db_release();
	audit_note("%s " PO_PREFIX "%lld: %s", ret ? "return" : "receive", (long long)d->h.id, ref);
	return RES_DONE;
}

/* Open the PO for a delivery or return: its state allows it, its lines
 * locked and loaded. */
static enum res
open_po(const char *number, const char *ref, int ret, struct delivery *d, struct why *w)
{
	enum res rc;

	memset(d, 0, sizeof *d);
	if ((rc = po_find(number, &d->h, w)) || (rc = check_ref(ref, w)))
		return rc;
	if (ret ? d->h.status == PO_DRAFT || d->h.status == PO_SUBMITTED ||
		  d->h.status == PO_CANCELLED :
		  d->h.status != PO_SUBMITTED && d->h.status != PO_PARTIALLY_RECEIVED &&
		  d->h.status != PO_RECEIVED)
		return res_fail(w, RES_REFUSED, PO_PREFIX "%lld is %s; cannot %s%s",
				(long long)d->h.id, po_status_words[d->h.status],
				ret ? "return" : "receive",
				d->h.status == PO_DRAFT && !ret ? " (submit it first)" :
				ret && d->h.status != PO_CANCELLED ? " (nothing received)" : "");
	load_lines(d);
	return RES_DONE;
}

/* n units of the SKU (id) come or go back in this delivery. */
static enum res
take(struct delivery *d, int64_t sku_id, const char *code, int64_t qty, int ret,
     int allow_unordered, struct why *w)
{
	struct pairmap_ent *e = pairmap_get(&d->at, sku_id, 0);
	struct pline *l;

	if (qty < 1 || qty > STOCK_QTY_MAX)
		return res_fail(w, RES_BAD, "qty %lld is out of range (1 to %d)", (long long)qty,
				STOCK_QTY_MAX);
	if (!e) {
		if (ret || !allow_unordered)
			return res_fail(w, RES_REFUSED, "sku '%s' is not on " PO_PREFIX "%lld%s", code,
					(long long)d->h.id, ret ? "" : " (a sample: --allow-unordered "
					"receives it at cost 0)");
		l = add_line(d, sku_id);
		l->is_new = 1;
	} else {
		l = &d->l[e->val - 1];
	}
	if (l->k > STOCK_QTY_MAX - qty)
		return res_fail(w, RES_BAD, "sku '%s': more than %d units", code, STOCK_QTY_MAX);
	l->k += qty;
	return RES_DONE;
}

static enum res
by_lines(const char *number, const char *ref, const struct po_receive_line *lines, size_t n,
	 int ret, int allow_unordered, struct why *w)
{
	struct delivery d;
	enum res rc;
	size_t i;

	if ((rc = open_po(number, ref, ret, &d, w)))
		goto out;
	for (i = 0; i < n && !rc; i++) {
		int64_t id;

		/* our sku, else the supplier's code for one */
		if (!(rc = po_line_sku(d.h.supplier, lines[i].sku, NULL, NULL, &id, w)))
			rc = take(&d, id, lines[i].sku, lines[i].qty, ret, allow_unordered, w);
	}
	if (!rc)
		rc = apply(&d, ret ? "return" : "receipt", ref, w);
out:
	delivery_release(&d);
	return rc;
}

enum res
po_receive(const char *number, const char *ref, const struct po_receive_line *lines, size_t n,
	   int allow_unordered, struct why *w)
{
	return by_lines(number, ref, lines, n, 0, allow_unordered, w);
}

enum res
po_return(const char *number, const char *ref, const struct po_receive_line *lines, size_t n,
	  struct why *w)
{
	return by_lines(number, ref, lines, n, 1, 0, w);
}

/* ---- a delivery from a file ---- */

enum { R_SKU, R_SUPPLIER_SKU, R_QTY, R_NCOLS };
static const struct csv_col receive_cols[R_NCOLS] = {
	{ "sku", 0 }, { "supplier_sku", 0 }, { "qty", 1 },
};

/* The codes of the PO's SKUs -> their ids: a delivery names the PO's own
 * SKUs, so a file of a million rows needs no look-up for them. */
static void
load_codes(const struct delivery *d, struct strmap *ours)
{
	db_stmt *st = db_prep("SELECT l.sku_id, s.sku FROM po_line l JOIN sku s ON s.id = l.sku_id "
			      "WHERE l.po_id = ?1");

	db_bind_int(st, 1, d->h.id);
	while (db_step(st))
		strmap_put(ours, db_col_text(st, 1), db_col_int(st, 0), 0);
}

int
po_receive_file(const char *number, const char *path, const char *ref, int allow_unordered)
{
	struct codes c = CODES_INIT;
	struct strmap theirs = STRMAP_INIT(65536), ours = STRMAP_INIT(0);
	struct delivery d;
	struct csvr r;
	struct why w;
	enum res rc;
	size_t rows = 0;
	int64_t po_id;

	if ((rc = open_po(number, ref, 0, &d, &w)))
		die(res_exit(rc), "%s", w.msg);
	load_codes(&d, &ours);
	csvr_open(&r, path, S.imp.input_kind);
	csvr_header(&r, receive_cols, R_NCOLS, S.imp.ignore_unknown);
	if (!csvr_has(&r, R_SKU) && !csvr_has(&r, R_SUPPLIER_SKU))
		die(EX_DATA, "%s: the header needs a sku or a supplier_sku column", r.name);
	while (csvr_next(&r)) {
		const char *sku = csvr_get(&r, R_SKU), *code = sku;
		const char *why;
		int64_t id, qty;

		rows++;
		if (parse_int(csvr_get(&r, R_QTY), 1, STOCK_QTY_MAX, &qty, &why) < 0)
			die(EX_DATA, "%s:%zu: bad qty '%s': %s", r.name, csvr_line(&r),
			    csvr_get(&r, R_QTY), why);
		if (*sku) {
			struct strmap_ent *e = strmap_get(&ours, sku);

			rc = e ? (id = e->val, RES_DONE) : codes_sku(&c, sku, &id, &w);
		} else {
			/* the supplier's codes of one file repeat: each looked up once */
			struct strmap_ent *e = strmap_at(&theirs, code = csvr_get(&r, R_SUPPLIER_SKU));

			rc = RES_DONE;
			if (!e->val && (rc = po_line_sku(d.h.supplier, NULL, code, NULL, &id, &w)) == 0)
				e->val = id;
			id = e->val;
		}
		if (rc || (rc = take(&d, id, code, qty, 0, allow_unordered, &w)))
			die(res_exit(rc), "%s:%zu: %s", r.name, csvr_line(&r), w.msg);
	}
	csvr_progress_done(&r);
	csvr_close(&r);
	strmap_release(&ours);
	codes_release(&c);
	strmap_release(&theirs);
	rc = apply(&d, "receipt", ref, &w);
	po_id = d.h.id;
	delivery_release(&d);
	if (RES_FAILED(rc))
		die(res_exit(rc), "%s", w.msg);
	if (rc == RES_SKIPPED)
		warn("%s", w.msg);
	else if (!S.quiet)
		warn("received %zu %s into " PO_PREFIX "%lld (%s)", rows, rows == 1 ? "row" : "rows",
		     (long long)po_id, ref);
	return 0;
}

/* ---- paying the supplier ---- */

enum res
po_pay(const char *number, int64_t amount, const char *txn, const char *method, struct why *w)
{
	char m1[MONEY_BUFSZ], m2[MONEY_BUFSZ], m3[MONEY_BUFSZ], acct[256], doc[64], note[160];
	struct po_head h;
	const char *why;
	int64_t total, paid;
	enum res rc;
	db_stmt *st;

	if ((rc = po_find(number, &h, w)))
		return rc;
	if (!txn || !*txn)
		return res_fail(w, RES_BAD, "a payment needs --txn");
	if (check_code_text(txn, &why) < 0)
		return res_fail(w, RES_BAD, "bad txn '%s': %s", txn, why);
	if (amount <= 0)
		return res_fail(w, RES_BAD, "the amount must be more than 0");
	st = db_prep("SELECT po_id, amount FROM po_payment WHERE txn = ?1");
	db_bind_text(st, 1, txn);
	if (db_step(st)) {
		int same = db_col_int(st, 0) == h.id && db_col_int(st, 1) == amount;

		db_reset(st);
		if (same)
			return res_fail(w, RES_SKIPPED, "txn '%s' is applied already; skipped", txn);
		return res_fail(w, RES_REFUSED, "txn '%s' is applied already to another PO or "
				"amount", txn);
	}
	if (h.status == PO_DRAFT || h.status == PO_CANCELLED)
		return po_refuse(h.id, h.status, "pay", w);
	/* never past the total: the first of two payments at once wins */
	st = db_prep("UPDATE po SET paid = paid + ?2, updated_at = ?3 WHERE id = ?1 AND paid + ?2 <= "
		     "(SELECT COALESCE(SUM(" PO_LINE_VALUE "), 0) "
		     "FROM po_line WHERE po_id = ?1)");
	db_bind_int(st, 1, h.id);
	db_bind_int(st, 2, amount);
	db_bind_static(st, 3, shop_now_text());
	db_run(st);
	if (db_changes() != 1) {
		st = db_prep("SELECT p.paid, (SELECT COALESCE(SUM(" PO_LINE_VALUE "), 0) "
			     "FROM po_line WHERE po_id = p.id) FROM po p WHERE p.id = ?1");
		db_bind_int(st, 1, h.id);
		db_step(st);
		paid = db_col_int(st, 0);
		total = db_col_int(st, 1);
		db_reset(st);
		return res_fail(w, RES_REFUSED, PO_PREFIX "%lld: %s paid of its total %s; cannot pay "
				"%s more", (long long)h.id, money_format(paid, S.digits, m1),
				money_format(total, S.digits, m2), money_format(amount, S.digits, m3));
	}
	st = db_prep("INSERT INTO po_payment (po_id, txn, amount, method, at, os_user) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	db_bind_int(st, 1, h.id);
	db_bind_text(st, 2, txn);
	db_bind_int(st, 3, amount);
	db_bind_text(st, 4, method ? method : "");
	db_bind_static(st, 5, shop_now_text());
	db_bind_static(st, 6, S.user);
	db_run(st);
	{
		struct posting p[] = { { acct, amount }, { "cash", -amount } };

		ledger_payable(h.supplier, acct, sizeof acct);
		snprintf(doc, sizeof doc, "po " PO_PREFIX "%lld", (long long)h.id);
		snprintf(note, sizeof note, "payment %s", txn);
		ledger_post(doc, note, p, 2);
	}
	audit_note("pay " PO_PREFIX "%lld: %s", (long long)h.id, money_format(amount, S.digits, m1));
	return RES_DONE;
}

/* ---- payables ---- */

const struct out_col po_payables_cols[PO_PAYABLES_NCOLS] = {
	{ "supplier", COL_TEXT }, { "received_value", COL_MONEY }, { "returned_value", COL_MONEY },
	{ "paid", COL_MONEY }, { "balance", COL_MONEY },
};

db_stmt *
po_payables_query(void)
{
	return db_prep("SELECT s.code, COALESCE(v.rcv, 0), COALESCE(v.ret, 0), COALESCE(y.paid, 0), "
		       "COALESCE(v.rcv, 0) - COALESCE(v.ret, 0) - COALESCE(y.paid, 0) "
		       "FROM supplier s LEFT JOIN (SELECT p.supplier_id, "
		       "SUM(CASE WHEN d.kind = 'receipt' THEN x.qty * l.cost ELSE 0 END) AS rcv, "
		       "SUM(CASE WHEN d.kind = 'return' THEN x.qty * l.cost ELSE 0 END) AS ret "
		       "FROM po_delivery_line x JOIN po_delivery d ON d.id = x.delivery_id "
		       "JOIN po_line l ON l.id = x.line_id JOIN po p ON p.id = d.po_id "
		       "GROUP BY p.supplier_id) v ON v.supplier_id = s.id "
		       "LEFT JOIN (SELECT p.supplier_id, SUM(y.amount) AS paid FROM po_payment y "
		       "JOIN po p ON p.id = y.po_id GROUP BY p.supplier_id) y ON y.supplier_id = s.id "
		       "WHERE EXISTS (SELECT 1 FROM po p WHERE p.supplier_id = s.id) ORDER BY s.code");
}
