/* orderstate.c - an order's life after it is placed: approve, reject,
 * pay, cancel, expire; the reservations each releases and the money each
 * posts (SPEC §3 "Order states", "Payments", "The money ledger"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coupon.h"
#include "db.h"
#include "import.h"
#include "ledger.h"
#include "money.h"
#include "order.h"
#include "orderstate.h"
#include "parse.h"
#include "session.h"
#include "stock.h"
#include "util.h"

/* What a state move needs to know of an order. */
struct ord {
	int64_t id;
	enum order_status status;
	int64_t goods_total, discount, discount_platform, freight, total, paid, refunded;
	int posted;
	char customer[128];
	int credit;
};

static enum res
load(const char *number, struct ord *o, struct why *w)
{
	db_stmt *st = db_prep("SELECT o.goods_total, o.discount_shop + o.discount_platform, "
			      "o.discount_platform, "
			      "o.freight, o.total, o.paid, o.refunded, o.posted, c.code, "
			      "CASE WHEN c.terms = 'credit' THEN 1 ELSE 0 END "
			      "FROM orders o JOIN customer c ON c.id = o.customer_id WHERE o.id = ?1");
	enum res rc;

	memset(o, 0, sizeof *o);
	if ((rc = order_find(number, &o->id, &o->status, w)))
		return rc;
	db_bind_int(st, 1, o->id);
	if (!db_step(st))
		return res_fail(w, RES_NOTFOUND, "unknown order '%s'", number);
	o->goods_total = db_col_int(st, 0);
	o->discount = db_col_int(st, 1);
	o->discount_platform = db_col_int(st, 2);
	o->freight = db_col_int(st, 3);
	o->total = db_col_int(st, 4);
	o->paid = db_col_int(st, 5);
	o->refunded = db_col_int(st, 6);
	o->posted = db_col_int(st, 7) != 0;
	snprintf(o->customer, sizeof o->customer, "%s", db_col_text(st, 8));
	o->credit = db_col_int(st, 9) != 0;
	db_reset(st);
	return RES_DONE;
}

/* Move the order from the state it was read in to `to`. */
static int
set_status(const struct ord *o, enum order_status to, const char *note)
{
	return order_move(o->id, o->status, to, note);
}

static enum res
raced(const struct ord *o, struct why *w)
{
	return order_raced(o->id, w);
}

static enum res
refuse(const struct ord *o, const char *what, struct why *w)
{
	return order_refuse(o->id, o->status, what, w);
}

/* Did an earlier move (to status; NULL: any) carry this note? The repeat
 * of a move is a no-op. */
static int
had_event(int64_t id, const char *status, const char *note)
{
	db_stmt *st = db_prep("SELECT count(*) FROM order_event WHERE order_id = ?1 "
			      "AND (CAST(?2 AS TEXT) IS NULL OR status = ?2) AND note = ?3");

	db_bind_int(st, 1, id);
	db_bind_static(st, 2, status);
	db_bind_static(st, 3, note);
	return db_int(st, 0) > 0;
}

static void
doc_of(const struct ord *o, char *doc, size_t n)
{
	snprintf(doc, n, "order " ORDER_PREFIX "%lld", (long long)o->id);
}

/* "order placed", or its exact reverse (cancel, expire). */
static void
post_placed(const struct ord *o, int reverse, const char *note)
{
	char acct[256], doc[64];
	struct posting p[5];
	size_t n = order_placed_postings(o->customer, o->total, o->discount - o->discount_platform,
					 o->discount_platform, o->goods_total, o->freight, reverse,
					 acct, sizeof acct, p);

	doc_of(o, doc, sizeof doc);
	ledger_post(doc, note, p, n);
}

/* Give back every unit the order's lines still hold, and its coupon. */
static void
release_all(const struct ord *o)
{
	db_stmt *st = db_prep("SELECT line, sku_id, warehouse_id FROM order_line "
			      "WHERE order_id = ?1 ORDER BY line");
	struct stock_line *l = NULL;
	size_t n = 0, cap = 0, i;
	char ref[64];
	struct why w;

	coupon_give_back(o->id);
	db_bind_int(st, 1, o->id);
	while (db_step(st)) {
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			l = xrealloc(l, cap * sizeof *l);
		}
		snprintf(ref, sizeof ref, ORDER_PREFIX "%lld/%lld", (long long)o->id,
			 (long long)db_col_int(st, 0));
		l[n].ref = xstrdup(ref);
		l[n].sku_id = db_col_int(st, 1);
		l[n].warehouse_id = db_col_int(st, 2);
		l[n].qty = 0;
		n++;
	}
	for (i = 0; i < n; i++) {
		stock_release(l[i].ref, l[i].sku_id, l[i].warehouse_id, 0, &w);
		free((char *)l[i].ref);
	}
	free(l);
}

enum res
order_approve(const char *number, struct why *w)
{
	struct ord o;
	enum order_status to;
	enum res rc;

	if ((rc = load(number, &o, w)))
		return rc;
	if (o.status != ORDER_PENDING_APPROVAL) {
		/* approved before and still going its way: a repeat */
		if (o.status != ORDER_CANCELLED && o.status != ORDER_REJECTED &&
		    o.status != ORDER_REFUNDED && had_event(o.id, NULL, "approved"))
			return res_fail(w, RES_SKIPPED, "order " ORDER_PREFIX "%lld is approved "
					"already; skipped", (long long)o.id);
		return refuse(&o, "approve", w);
	}
	to = o.credit || o.total == 0 ? ORDER_CONFIRMED : ORDER_PENDING_PAYMENT;
	if (!set_status(&o, to, "approved"))
		return raced(&o, w);
	{
		db_stmt *st = db_prep("UPDATE orders SET posted = 1 WHERE id = ?1");

		db_bind_int(st, 1, o.id);
		db_run(st);
	}
	post_placed(&o, 0, "approved");
	audit_note("approve " ORDER_PREFIX "%lld", (long long)o.id);
	return RES_DONE;
}

enum res
order_reject(const char *number, const char *reason, struct why *w)
{
	struct ord o;
	enum res rc;

	if ((rc = load(number, &o, w)))
		return rc;
	if (o.status == ORDER_REJECTED)
		return res_fail(w, RES_SKIPPED, "order " ORDER_PREFIX "%lld is rejected already; "
				"skipped", (long long)o.id);
	if (o.status != ORDER_PENDING_APPROVAL)
		return refuse(&o, "reject", w);
	if (!set_status(&o, ORDER_REJECTED, reason))
		return raced(&o, w);
	release_all(&o);
	audit_note("reject " ORDER_PREFIX "%lld", (long long)o.id);
	return RES_DONE;
}

/* Cancel (or expire): the reservations back, the entry reversed, the
 * money paid given back. */
static enum res
cancel(struct ord *o, const char *note, struct why *w)
{
	char acct[256], doc[128], txn[64];
	db_stmt *st;

	if (o->status == ORDER_CANCELLED)
		return res_fail(w, RES_SKIPPED, "order " ORDER_PREFIX "%lld is cancelled already; "
				"skipped", (long long)o->id);
	if (o->status != ORDER_PENDING_APPROVAL && o->status != ORDER_PENDING_PAYMENT &&
	    o->status != ORDER_CONFIRMED)
		return refuse(o, "cancel", w);
	if (!set_status(o, ORDER_CANCELLED, note))
		return raced(o, w);
	release_all(o);
	if (o->posted)
		post_placed(o, 1, note && *note ? note : "cancelled");
	if (o->paid > o->refunded) {
		int64_t back = o->paid - o->refunded;
		struct posting p[] = {
			{ ledger_receivable(o->customer, acct, sizeof acct), back },
			{ "cash", -back },
		};

		snprintf(txn, sizeof txn, "cancel:" ORDER_PREFIX "%lld", (long long)o->id);
		st = db_prep("INSERT INTO payment (order_id, txn, kind, amount, method, at, os_user) "
			     "VALUES (?1, ?2, 'refund', ?3, '', ?4, ?5)");
		db_bind_int(st, 1, o->id);
		db_bind_text(st, 2, txn);
		db_bind_int(st, 3, back);
		db_bind_static(st, 4, shop_now_text());
		db_bind_static(st, 5, S.user);
		db_run(st);
		st = db_prep("UPDATE orders SET refunded = refunded + ?1 WHERE id = ?2");
		db_bind_int(st, 1, back);
		db_bind_int(st, 2, o->id);
		db_run(st);
		snprintf(doc, sizeof doc, "refund %s", txn);
		ledger_post(doc, "money back on cancel", p, 2);
	}
	return RES_DONE;
}

enum res
order_cancel(const char *number, const char *reason, struct why *w)
{
	struct ord o;
	enum res rc;

	if ((rc = load(number, &o, w)) || (rc = cancel(&o, reason, w)))
		return rc;
	audit_note("cancel " ORDER_PREFIX "%lld", (long long)o.id);
	return RES_DONE;
}

size_t
order_expire(int64_t older_than, void (*each)(const char *number, void *arg), void *arg)
{
	db_stmt *st = db_prep("SELECT id FROM orders WHERE status = 'pending_payment' "
			      "AND paid = 0 AND created_at <= ?1 ORDER BY id");
	char cutoff[TIME_BUFSZ], number[64];
	int64_t *ids = NULL;
	size_t n = 0, cap = 0, i, done = 0;
	struct why w;

	format_time(shop_now() - older_than, cutoff);
	db_bind_text(st, 1, cutoff);
	while (db_step(st)) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			ids = xrealloc(ids, cap * sizeof *ids);
		}
		ids[n++] = db_col_int(st, 0);
	}
	for (i = 0; i < n; i++) {
		struct ord o;

		snprintf(number, sizeof number, ORDER_PREFIX "%lld", (long long)ids[i]);
		if (load(number, &o, &w) || cancel(&o, "expired", &w))
			continue;
		done++;
		if (each)
			each(number, arg);
	}
	free(ids);
	if (done)
		audit_note("expire: %zu %s cancelled", done, done == 1 ? "order" : "orders");
	return done;
}

enum res
order_pay(const char *number, int64_t amount, const char *txn, const char *method,
	  struct why *w)
{
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ], acct[256], doc[256];
	const char *why;
	struct ord o;
	db_stmt *st;
	enum res rc;

	if (!txn || !*txn)
		return res_fail(w, RES_BAD, "a payment needs a txn");
	if (check_code_text(txn, &why) < 0)
		return res_fail(w, RES_BAD, "bad txn '%s': %s", txn, why);
	if (amount <= 0)
		return res_fail(w, RES_BAD, "amount must be positive");
	if ((rc = load(number, &o, w)))
		return rc;
	/* a txn is applied once: the same again is a no-op, another is refused */
	st = db_prep("SELECT order_id, kind, amount FROM payment WHERE txn = ?1");
	db_bind_text(st, 1, txn);
	if (db_step(st)) {
		int64_t other = db_col_int(st, 0), was = db_col_int(st, 2);
		int payment = !strcmp(db_col_text(st, 1), "payment");

		db_reset(st);
		/* another order's txn (or a refund's) with the same amount is
		 * no repeat of this payment: name what it is */
		if (other != o.id || !payment)
			return res_fail(w, RES_REFUSED, "txn '%s' is already applied as a %s of order "
					ORDER_PREFIX "%lld", txn, payment ? "payment" : "refund",
					(long long)other);
		if (was == amount)
			return res_fail(w, RES_SKIPPED, "payment '%s' is already applied; skipped", txn);
		return res_fail(w, RES_REFUSED, "txn '%s' is already applied with amount %s, not %s",
				txn, money_format(was, S.digits, a), money_format(amount, S.digits, b));
	}
	if (o.status == ORDER_PENDING_APPROVAL || o.status == ORDER_REJECTED ||
	    o.status == ORDER_CANCELLED || o.status == ORDER_REFUNDED)
		return refuse(&o, "pay", w);
	if (amount > o.total - o.paid)
		return res_fail(w, RES_REFUSED, "payment %s is more than the %s left to pay on order "
				ORDER_PREFIX "%lld", money_format(amount, S.digits, a),
				money_format(o.total - o.paid, S.digits, b), (long long)o.id);
	st = db_prep("INSERT INTO payment (order_id, txn, kind, amount, method, at, os_user) "
		     "VALUES (?1, ?2, 'payment', ?3, ?4, ?5, ?6)");
	db_bind_int(st, 1, o.id);
	db_bind_text(st, 2, txn);
	db_bind_int(st, 3, amount);
	db_bind_text(st, 4, method ? method : "");
	db_bind_static(st, 5, shop_now_text());
	db_bind_static(st, 6, S.user);
	db_run(st);
	/* the conditional update is the guard when two payments race */
	st = db_prep("UPDATE orders SET paid = paid + ?1, updated_at = ?2 "
		     "WHERE id = ?3 AND paid + ?1 <= total");
	db_bind_int(st, 1, amount);
	db_bind_static(st, 2, shop_now_text());
	db_bind_int(st, 3, o.id);
	db_run(st);
	if (db_changes() != 1)
		return raced(&o, w);
	{
		struct posting p[] = {
			{ "cash", amount },
			{ ledger_receivable(o.customer, acct, sizeof acct), -amount },
		};

		snprintf(doc, sizeof doc, "payment %s", txn);
		ledger_post(doc, number, p, 2);
	}
	if (o.status == ORDER_PENDING_PAYMENT && o.paid + amount == o.total &&
	    !set_status(&o, ORDER_CONFIRMED, "paid"))
		return raced(&o, w);
	audit_note("pay " ORDER_PREFIX "%lld %s txn '%s'", (long long)o.id,
		   money_format(amount, S.digits, a), txn);
	return RES_DONE;
}

/* ---- pay FILE: order, amount, txn, method ---- */

enum { PC_ORDER, PC_AMOUNT, PC_TXN, PC_METHOD, PC_NCOLS };

static enum res
pay_row(const struct imp_record *rec, struct why *w, void *arg)
{
	const char *a = imp_get(rec, 0, PC_AMOUNT), *why;
	int64_t amount;

	(void)arg;
	if (money_parse(a, S.digits, &amount, &why) < 0)
		return res_fail(w, RES_BAD, "bad amount '%s': %s", a, why);
	return order_pay(imp_get(rec, 0, PC_ORDER), amount, imp_get(rec, 0, PC_TXN),
			 imp_get(rec, 0, PC_METHOD), w);
}

int
order_pay_import(const char *path)
{
	static const struct csv_col cols[PC_NCOLS] = {
		{ "order", 1 }, { "amount", 1 }, { "txn", 1 }, { "method", 0 },
	};
	struct import_spec spec = { .noun = "payments", .cols = cols, .ncols = PC_NCOLS,
				    .record = pay_row, .savepoint = 1 };

	return import_run(&spec, path, NULL);
}
