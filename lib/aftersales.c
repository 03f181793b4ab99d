/* aftersales.c - refunds and the cases that carry them (see aftersales.h) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aftersales.h"
#include "config.h"
#include "coupon.h"
#include "db.h"
#include "err.h"
#include "ledger.h"
#include "money.h"
#include "order.h"
#include "ordership.h"
#include "stock.h"
#include "outdb.h"
#include "parse.h"
#include "session.h"
#include "util.h"

const char *const case_status_words[] = {
	"requested", "approved", "received", "refunded", "closed", "rejected", NULL,
};
const char *const case_type_words[] = { "refund", "return", "exchange", NULL };

enum { CS_REQUESTED, CS_APPROVED, CS_RECEIVED, CS_REFUNDED, CS_CLOSED, CS_REJECTED };

/* What a refund needs of an order. */
struct ord {
	int64_t id, customer_id, paid, refunded, credited;
	enum order_status status;
	char customer[128];
	int credit;
};

/* ... and of each of its lines. */
struct oline {
	int64_t id, line, qty, unit_price, discount, refunded_qty, refunded, shipped;
	int64_t returned, sku_id, warehouse_id;
	int64_t exchanged;   /* of returned, the units an exchange took back */
	char sku[128];
	int64_t k, amount;   /* this refund's units and money */
};

static int64_t
line_paid(const struct oline *l)
{
	return l->qty * l->unit_price - l->discount;
}

static enum res
load_order(const char *number, struct ord *o, struct oline **lines, size_t *n, struct why *w)
{
	db_stmt *st;
	enum res rc;
	size_t cap = 0;

	memset(o, 0, sizeof *o);
	*lines = NULL;
	*n = 0;
	if ((rc = order_find(number, &o->id, &o->status, w)))
		return rc;
	st = db_prep("SELECT o.customer_id, o.paid, o.refunded, o.credited, c.code, "
		     "CASE WHEN c.terms = 'credit' THEN 1 ELSE 0 END FROM orders o "
		     "JOIN customer c ON c.id = o.customer_id WHERE o.id = ?1");
	db_bind_int(st, 1, o->id);
	if (!db_step(st))
		return res_fail(w, RES_NOTFOUND, "unknown order '%s'", number);
	o->customer_id = db_col_int(st, 0);
	o->paid = db_col_int(st, 1);
	o->refunded = db_col_int(st, 2);
	o->credited = db_col_int(st, 3);
	snprintf(o->customer, sizeof o->customer, "%s", db_col_text(st, 4));
	o->credit = db_col_int(st, 5) != 0;
	db_reset(st);
	st = db_prep("SELECT l.id, l.line, l.qty, l.unit_price, l.discount, l.refunded_qty, "
		     "l.refunded, s.sku, l.shipped, l.returned, l.sku_id, l.warehouse_id, "
		     "(SELECT COALESCE(SUM(a.qty), 0) FROM after_sales_line a JOIN after_sales c "
		     "ON c.id = a.case_id WHERE a.line_id = l.id AND c.type = 'exchange' AND "
		     "(c.status = 'received' OR c.status = 'closed')) "
		     "FROM order_line l JOIN sku s ON s.id = l.sku_id "
		     "WHERE l.order_id = ?1 ORDER BY l.line");
	db_bind_int(st, 1, o->id);
	while (db_step(st)) {
		struct oline *l;

		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			*lines = xrealloc(*lines, cap * sizeof **lines);
		}
		l = &(*lines)[(*n)++];
		memset(l, 0, sizeof *l);
		l->id = db_col_int(st, 0);
		l->line = db_col_int(st, 1);
		l->qty = db_col_int(st, 2);
		l->unit_price = db_col_int(st, 3);
		l->discount = db_col_int(st, 4);
		l->refunded_qty = db_col_int(st, 5);
		l->refunded = db_col_int(st, 6);
		snprintf(l->sku, sizeof l->sku, "%s", db_col_text(st, 7));
		l->shipped = db_col_int(st, 8);
		l->returned = db_col_int(st, 9);
		l->sku_id = db_col_int(st, 10);
		l->warehouse_id = db_col_int(st, 11);
		l->exchanged = db_col_int(st, 12);
	}
	return RES_DONE;
}

/* What units r+1..r+k of the line give back: cumulative rounding, the
 * last units what is left. */
static int64_t
piece(const struct oline *l, int64_t r, int64_t k)
{
	int64_t a, b, paid = line_paid(l), left = paid - l->refunded;

	if (r + k >= l->qty)
		return left;
	if (money_muldiv(paid, r + k, l->qty, &a) < 0 || money_muldiv(paid, r, l->qty, &b) < 0)
		return left;
	return a - b < left ? a - b : left;
}

/* This refund's units and money on each line (k, amount). */
static enum res
plan(const struct ord *o, struct oline *lines, size_t n, const struct refund_in *in,
     int64_t *total, struct why *w)
{
	char m1[MONEY_BUFSZ], m2[MONEY_BUFSZ];
	int64_t *weight = xcalloc(n ? n : 1, sizeof *weight), *share, left = 0;
	size_t i, j;
	enum res rc = RES_DONE;

	*total = 0;
	for (i = 0; i < n; i++)
		lines[i].k = lines[i].amount = 0;
	/* units named: each --line SKU:QTY from the SKU's lines in line order */
	for (j = 0; j < in->nlines && !rc; j++) {
		int64_t want = in->lines[j].qty, found = 0;

		for (i = 0; i < n; i++) {
			struct oline *l = &lines[i];
			int64_t free_units;

			if (strcmp(l->sku, in->lines[j].sku) != 0)
				continue;
			found = 1;
			weight[i] = 1;
			/* what did not ship is not refunded: it is cancelled
			 * (the units an exchange sent in place of others are
			 * refunded on their line); a return or exchange takes
			 * units not back yet and not refunded yet: of those
			 * refunded, the returned were back already, and the
			 * exchanged are another SKU now */
			free_units = l->shipped - l->refunded_qty - l->k;
			if (in->type != 0) {
				int64_t out = l->shipped - l->returned - l->k;

				free_units -= l->exchanged;
				if (out < free_units)
					free_units = out;
			}
			if (in->has_amount || free_units <= 0 || want <= 0)
				continue;
			if (free_units > want)
				free_units = want;
			l->k += free_units;
			want -= free_units;
		}
		if (!found)
			rc = res_fail(w, RES_NOTFOUND, "order " ORDER_PREFIX "%lld has no line of sku "
				      "'%s'", (long long)o->id, in->lines[j].sku);
		else if (want > 0 && !in->has_amount)
			rc = res_fail(w, RES_REFUSED, "order " ORDER_PREFIX "%lld: not %lld more "
				      "shipped units of sku '%s' to %s", (long long)o->id,
				      (long long)in->lines[j].qty, in->lines[j].sku,
				      case_type_words[in->type]);
	}
	if (rc)
		goto out;
	if (!in->has_amount) {
		for (i = 0; i < n; i++)
			if (lines[i].k || !in->nlines) {
				if (!in->nlines)
					lines[i].k = lines[i].shipped - lines[i].refunded_qty;
				if (!lines[i].k)
					continue;
				/* an exchange gives no money back */
				lines[i].amount = in->type == 2 ? 0 :
					piece(&lines[i], lines[i].refunded_qty, lines[i].k);
				*total += lines[i].amount;
			}
		if (!*total && in->type != 2)
			rc = res_fail(w, RES_SKIPPED, "order " ORDER_PREFIX "%lld has nothing left to "
				      "refund; skipped", (long long)o->id);
		goto out;
	}
	/* an amount: over the lines (named) that shipped, by what each has left */
	for (i = 0; i < n; i++) {
		weight[i] = (in->nlines && !weight[i]) || !lines[i].shipped ? 0 :
			    line_paid(&lines[i]) - lines[i].refunded;
		left += weight[i];
	}
	if (in->amount <= 0)
		rc = res_fail(w, RES_BAD, "the amount must be more than 0");
	else if (in->amount > left)
		rc = res_fail(w, RES_REFUSED, "order " ORDER_PREFIX "%lld has %s left to refund%s, "
			      "not %s", (long long)o->id, money_format(left, S.digits, m1),
			      in->nlines ? " on those lines" : "",
			      money_format(in->amount, S.digits, m2));
	if (rc)
		goto out;
	share = xcalloc(n, sizeof *share);
	if (money_split(in->amount, weight, n, share) < 0)
		die(EX_INTERNAL, "refund: nothing to spread %lld over", (long long)in->amount);
	for (i = 0; i < n; i++)
		lines[i].amount = share[i];
	free(share);
	*total = in->amount;
out:
	free(weight);
	return rc;
}

static void
case_event(int64_t id, int status, const char *note)
{
	db_stmt *st = db_prep("INSERT INTO after_sales_event (case_id, at, os_user, status, note) "
			      "VALUES (?1, ?2, ?3, ?4, ?5)");

	db_bind_int(st, 1, id);
	db_bind_static(st, 2, shop_now_text());
	db_bind_static(st, 3, S.user);
	db_bind_static(st, 4, case_status_words[status]);
	db_bind_text(st, 5, note ? note : "");
	db_run(st);
}

/* Move a case from one state to another (conditional: the first wins). */
static int
case_move(int64_t id, int from, int to, const char *note)
{
	db_stmt *st = db_prep("UPDATE after_sales SET status = ?3, updated_at = ?4 "
			      "WHERE id = ?1 AND status = ?2");

	db_bind_int(st, 1, id);
	db_bind_static(st, 2, case_status_words[from]);
	db_bind_static(st, 3, case_status_words[to]);
	db_bind_static(st, 4, shop_now_text());
	db_run(st);
	if (db_changes() != 1)
		return 0;
	case_event(id, to, note);
	return 1;
}

/* Pay a refund case out: the lines (conditional: never past what they
 * paid, however many refund at once), the money, the order's state. */
static enum res
pay_out(int64_t case_id, const struct ord *o, struct oline *lines, size_t n, const char *txn,
	struct why *w)
{
	char acct[256], doc[96], ref[64], m[MONEY_BUFSZ];
	int64_t total = 0, cash, credit, open = 0;
	db_stmt *st;
	size_t i;

	for (i = 0; i < n; i++) {
		struct oline *l = &lines[i];

		if (!l->amount && !l->k)
			continue;
		st = db_prep("UPDATE order_line SET refunded_qty = refunded_qty + ?2, "
			     "refunded = refunded + ?3 WHERE id = ?1 AND refunded_qty + ?2 <= qty "
			     "AND refunded + ?3 <= qty * unit_price - discount");
		db_bind_int(st, 1, l->id);
		db_bind_int(st, 2, l->k);
		db_bind_int(st, 3, l->amount);
		db_run(st);
		if (db_changes() != 1)
			return res_fail(w, RES_REFUSED, "order " ORDER_PREFIX "%lld line %lld was "
					"refunded meanwhile; try again", (long long)o->id,
					(long long)l->line);
		st = db_prep("INSERT INTO after_sales_line (case_id, line_id, qty, amount) "
			     "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (case_id, line_id) DO UPDATE "
			     "SET qty = excluded.qty, amount = excluded.amount");
		db_bind_int(st, 1, case_id);
		db_bind_int(st, 2, l->id);
		db_bind_int(st, 3, l->k);
		db_bind_int(st, 4, l->amount);
		db_run(st);
		total += l->amount;
		open += line_paid(l) - l->refunded - l->amount;
	}
	st = db_prep("UPDATE after_sales SET amount = ?2 WHERE id = ?1");
	db_bind_int(st, 1, case_id);
	db_bind_int(st, 2, total);
	db_run(st);
	/* cash back what was paid and not given back; beyond it a credit note */
	cash = o->paid - o->refunded < total ? o->paid - o->refunded : total;
	credit = total - cash;
	if (credit && !o->credit)
		return res_fail(w, RES_REFUSED, "order " ORDER_PREFIX "%lld: %s paid and not given "
				"back, not %s", (long long)o->id,
				money_format(o->paid - o->refunded, S.digits, m), money_format(total, S.digits, acct));
	snprintf(ref, sizeof ref, CASE_PREFIX "%lld", (long long)case_id);
	if (cash) {
		st = db_prep("INSERT INTO payment (order_id, txn, kind, amount, method, at, os_user, "
			     "case_id) VALUES (?1, ?2, 'refund', ?3, '', ?4, ?5, ?6)");
		db_bind_int(st, 1, o->id);
		db_bind_text(st, 2, txn && *txn ? txn : ref);
		db_bind_int(st, 3, cash);
		db_bind_static(st, 4, shop_now_text());
		db_bind_static(st, 5, S.user);
		db_bind_int(st, 6, case_id);
		db_run(st);
	}
	st = db_prep("UPDATE orders SET refunded = refunded + ?2, credited = credited + ?3, "
		     "updated_at = ?4 WHERE id = ?1 AND refunded + ?2 <= paid");
	db_bind_int(st, 1, o->id);
	db_bind_int(st, 2, cash);
	db_bind_int(st, 3, credit);
	db_bind_static(st, 4, shop_now_text());
	db_run(st);
	if (db_changes() != 1)
		return order_raced(o->id, w);
	{
		struct posting p[] = {
			{ "refunds", total },
			{ "cash", -cash },
			{ ledger_receivable(o->customer, acct, sizeof acct), -credit },
		};

		snprintf(doc, sizeof doc, "refund %s", ref);
		ledger_post(doc, credit ? "credit note" : NULL, p, 3);
	}
	/* everything given back: the order is refunded, its coupon comes back */
	if (!open) {
		for (i = 0; i < n; i++)
			if (line_paid(&lines[i]) - lines[i].refunded - lines[i].amount)
				open = 1;
		if (!open && order_move(o->id, o->status, ORDER_REFUNDED, ref) &&
		    config_bool(&S.cfg, "coupon.return_on_refund", 1))
			coupon_give_back(o->id);
	}
	return RES_DONE;
}

/* After shipment (before it, an order is cancelled, its money back). */
/* A return's units come back: returned on their lines (never past what
 * shipped, whatever runs at once), on hand again when restocked, at the
 * cost they left with. */
static enum res
goods_back(int64_t case_id, const struct ord *o, const struct oline *lines, size_t n,
	   int restock, struct why *w)
{
	char ref[64];
	db_stmt *st;
	enum res rc;
	size_t i;

	snprintf(ref, sizeof ref, CASE_PREFIX "%lld", (long long)case_id);
	for (i = 0; i < n; i++) {
		const struct oline *l = &lines[i];
		struct stock_doc d = { .ref = ref, .doc = "return", .has_cost = 1 };

		if (!l->k)
			continue;
		st = db_prep("UPDATE order_line SET returned = returned + ?2 WHERE id = ?1 "
			     "AND returned + ?2 <= shipped");
		db_bind_int(st, 1, l->id);
		db_bind_int(st, 2, l->k);
		db_run(st);
		if (db_changes() != 1)
			return res_fail(w, RES_REFUSED, "order " ORDER_PREFIX "%lld line %lld was "
					"returned meanwhile; try again", (long long)o->id,
					(long long)l->line);
		if (!restock)
			continue;
		d.unit_cost = order_line_ship_cost(l->id);
		if ((rc = stock_customer_return(l->sku_id, l->warehouse_id, l->k, &d, w)))
			return rc;
	}
	return RES_DONE;
}

/* An exchange's new SKU: qty units reserved under the case's number
 * where the placing planner puts a line of them (the first warehouse by
 * priority that can fill it, else several), never more than is available. */
static enum res
hold_new(int64_t case_id, int64_t sku_id, int64_t qty, int64_t unit_price, struct why *w)
{
	struct order_quote_line want;
	struct order_quote q;
	char ref[64];
	enum res rc;
	size_t i;

	memset(&want, 0, sizeof want);
	want.sku_id = sku_id;
	want.qty = qty;
	want.unit_price = unit_price;
	if ((rc = order_replan(&want, 1, &q, w)))
		return rc;
	snprintf(ref, sizeof ref, CASE_PREFIX "%lld", (long long)case_id);
	for (i = 0; i < q.nlines && !rc; i++)
		rc = stock_reserve(ref, q.lines[i].sku_id, q.lines[i].warehouse_id, q.lines[i].qty, w);
	order_quote_release(&q);
	return rc;
}

/* What the case holds of its new SKU: shipped (a shipment movement under
 * the case's number, at cost), or released. */
static enum res
new_held(int64_t case_id, int ship, struct why *w)
{
	struct stock_line *held;
	char ref[64];
	size_t n, i;
	enum res rc = RES_DONE;

	snprintf(ref, sizeof ref, CASE_PREFIX "%lld", (long long)case_id);
	n = stock_held(ref, &held);
	for (i = 0; i < n && !rc; i++) {
		struct stock_doc d = { .ref = ref, .doc = "exchange" };

		rc = ship ? stock_ship(ref, held[i].sku_id, held[i].warehouse_id, held[i].qty, &d, w) :
			    stock_release(ref, held[i].sku_id, held[i].warehouse_id, 0, w);
	}
	free(held);
	return rc;
}

/* An exchange is at the same unit price: the new SKU priced for the
 * customer as a line of each old line's qty would be now. */
static enum res
same_price(const struct ord *o, const struct oline *lines, size_t n, const char *new_sku,
	   int64_t *new_id, int64_t *price, struct why *w)
{
	char m1[MONEY_BUFSZ], m2[MONEY_BUFSZ];
	enum res rc;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!lines[i].k)
			continue;
		if ((rc = order_unit_price(o->customer, new_sku, lines[i].qty, new_id, price, w)))
			return rc;
		if (*price != lines[i].unit_price)
			return res_fail(w, RES_REFUSED, "sku '%s' is %s a unit, sku '%s' was %s: an "
					"exchange is at the same price; refund and order again",
					new_sku, money_format(*price, S.digits, m1), lines[i].sku,
					money_format(lines[i].unit_price, S.digits, m2));
	}
	return RES_DONE;
}

static int
refundable(enum order_status s)
{
	return s == ORDER_PARTIALLY_SHIPPED || s == ORDER_SHIPPED || s == ORDER_DELIVERED ||
	       s == ORDER_COMPLETED;
}

enum res
aftersales_refund(const struct refund_in *in, int64_t *case_id, struct why *w)
{
	struct oline *lines;
	struct ord o;
	int64_t total, new_id = 0, price = 0, units = 0;
	size_t n;
	enum res rc;
	db_stmt *st;

	*case_id = 0;
	if ((rc = load_order(in->order, &o, &lines, &n, w)))
		goto out;
	if (in->txn && *in->txn) {
		const char *why;

		if (check_code_text(in->txn, &why) < 0) {
			rc = res_fail(w, RES_BAD, "bad txn '%s': %s", in->txn, why);
			goto out;
		}
		st = db_prep("SELECT order_id, amount, id FROM after_sales WHERE txn = ?1");
		db_bind_text(st, 1, in->txn);
		if (db_step(st)) {
			int64_t oid = db_col_int(st, 0), amt = db_col_int(st, 1);

			*case_id = db_col_int(st, 2);
			db_reset(st);
			if (oid == o.id && (!in->has_amount || amt == in->amount)) {
				rc = res_fail(w, RES_SKIPPED, "txn '%s' is applied already (" CASE_PREFIX
					      "%lld); skipped", in->txn, (long long)*case_id);
				goto out;
			}
			rc = res_fail(w, RES_REFUSED, "txn '%s' is applied already to another "
				      "order or amount", in->txn);
			goto out;
		}
	}
	if (!refundable(o.status)) {
		rc = order_refuse(o.id, o.status, case_type_words[in->type], w);
		goto out;
	}
	if (in->type == 1 && (!in->nlines || in->has_amount)) {
		rc = res_fail(w, RES_BAD, "a return names its units: --line SKU:QTY");
		goto out;
	}
	if (in->type == 2 && (in->nlines != 1 || in->has_amount || !in->new_sku || !*in->new_sku)) {
		rc = res_fail(w, RES_BAD, "an exchange names its units and what they are "
			      "exchanged for: --line OLD:QTY --for NEW");
		goto out;
	}
	if ((rc = plan(&o, lines, n, in, &total, w)) ||
	    (in->type == 2 && (rc = same_price(&o, lines, n, in->new_sku, &new_id, &price, w))))
		goto out;
	/* all of it or nothing: a refusal (exit 1) commits what came before */
	db_savepoint();
	st = db_prep("INSERT INTO after_sales (order_id, type, status, amount, reason, opened_by, "
		     "opened_at, updated_at, txn, restock, new_sku_id) VALUES (?1, ?7, 'requested', "
		     "?2, ?3, ?4, ?5, ?5, ?6, ?8, ?9) RETURNING id");
	db_bind_int(st, 1, o.id);
	db_bind_int(st, 2, total);
	db_bind_text(st, 3, in->reason ? in->reason : "");
	db_bind_static(st, 4, S.user);
	db_bind_static(st, 5, shop_now_text());
	db_bind_text(st, 6, in->txn ? in->txn : "");
	db_bind_static(st, 7, case_type_words[in->type]);
	db_bind_int(st, 8, (in->type == 1 && in->restock) || in->type == 2);
	if (new_id)
		db_bind_int(st, 9, new_id);
	else
		db_bind_null(st, 9);
	*case_id = db_int(st, -1);
	case_event(*case_id, CS_REQUESTED, in->reason);
	{
		size_t i;

		for (i = 0; i < n; i++) {
			if (!lines[i].amount && !lines[i].k)
				continue;
			st = db_prep("INSERT INTO after_sales_line (case_id, line_id, qty, amount) "
				     "VALUES (?1, ?2, ?3, ?4)");
			db_bind_int(st, 1, *case_id);
			db_bind_int(st, 2, lines[i].id);
			db_bind_int(st, 3, lines[i].k);
			db_bind_int(st, 4, lines[i].amount);
			db_run(st);
			units += lines[i].k;
		}
	}
	if (!in->request && in->type == 2) {
		/* the new SKU held, the old units back on hand, the new shipped */
		if ((rc = hold_new(*case_id, new_id, units, price, w)) ||
		    (rc = goods_back(*case_id, &o, lines, n, 1, w)) ||
		    (rc = new_held(*case_id, 1, w))) {
			db_rollback_to();
			*case_id = 0;
			goto out;
		}
		case_move(*case_id, CS_REQUESTED, CS_APPROVED, NULL);
		case_move(*case_id, CS_APPROVED, CS_RECEIVED, NULL);
		case_move(*case_id, CS_RECEIVED, CS_CLOSED, NULL);
	} else if (!in->request) {
		if ((in->type == 1 && (rc = goods_back(*case_id, &o, lines, n, in->restock, w))) ||
		    (rc = pay_out(*case_id, &o, lines, n, in->txn, w))) {
			db_rollback_to();
			*case_id = 0;
			goto out;
		}
		case_move(*case_id, CS_REQUESTED, CS_APPROVED, NULL);
		if (in->type == 1)
			case_move(*case_id, CS_APPROVED, CS_RECEIVED, NULL);
		case_move(*case_id, in->type == 1 ? CS_RECEIVED : CS_APPROVED, CS_REFUNDED, NULL);
		case_move(*case_id, CS_REFUNDED, CS_CLOSED, NULL);
	}
	db_release();
	audit_note("%s " ORDER_PREFIX "%lld: " CASE_PREFIX "%lld", case_type_words[in->type],
		   (long long)o.id, (long long)*case_id);
out:
	free(lines);
	return rc;
}

/* A case as the moves need it: its id, order, state, type (refund 0,
 * return 1, exchange 2) and whether it restocks. */
struct acase {
	int64_t id, order_id;
	int status, type, restock;
};

static enum res
find_case(const char *number, struct acase *c, struct why *w)
{
	size_t k = strlen(CASE_PREFIX);
	const char *why;
	db_stmt *st;

	memset(c, 0, sizeof *c);
	if (!number || strncmp(number, CASE_PREFIX, k) != 0 ||
	    parse_int(number + k, 1, INT64_MAX, &c->id, &why) < 0)
		return res_fail(w, RES_NOTFOUND, "unknown case '%s'", number ? number : "");
	st = db_prep("SELECT order_id, status, CASE type WHEN 'return' THEN 1 WHEN 'exchange' THEN 2 "
		     "ELSE 0 END, restock FROM after_sales WHERE id = ?1");
	db_bind_int(st, 1, c->id);
	if (!db_step(st))
		return res_fail(w, RES_NOTFOUND, "unknown case '%s'", number);
	c->order_id = db_col_int(st, 0);
	for (c->status = 0; case_status_words[c->status]; c->status++)
		if (!strcmp(case_status_words[c->status], db_col_text(st, 1)))
			break;
	c->type = (int)db_col_int(st, 2);
	c->restock = db_col_int(st, 3) != 0;
	db_reset(st);
	return RES_DONE;
}

static enum res
case_refuse(const char *number, int status, const char *what, struct why *w)
{
	return res_fail(w, RES_REFUSED, "case %s is %s; cannot %s", number,
			case_status_words[status], what);
}

/* Carry a case out as its lines are now: what it asked for planned again,
 * a return's goods back, the money paid out. */
static enum res
carry_out(int64_t id, int64_t order_id, int type, int restock, struct why *w)
{
	struct refund_in in;
	struct refund_line *want = NULL;
	struct oline *lines;
	struct ord o;
	int64_t total = 0;
	size_t n, i, nw = 0;
	enum res rc;
	db_stmt *st;
	char onum[64];

	snprintf(onum, sizeof onum, ORDER_PREFIX "%lld", (long long)order_id);
	if ((rc = load_order(onum, &o, &lines, &n, w)))
		return rc;
	if (!refundable(o.status)) {
		free(lines);
		return order_refuse(o.id, o.status, case_type_words[type], w);
	}
	memset(&in, 0, sizeof in);
	in.order = onum;
	in.type = type;
	st = db_prep("SELECT l.id, a.qty, a.amount FROM after_sales_line a "
		     "JOIN order_line l ON l.id = a.line_id WHERE a.case_id = ?1 ORDER BY l.line");
	db_bind_int(st, 1, id);
	while (db_step(st)) {
		for (i = 0; i < n; i++)
			if (lines[i].id == db_col_int(st, 0))
				break;
		if (i == n)
			continue;
		want = xrealloc(want, (nw + 1) * sizeof *want);
		want[nw].sku = lines[i].sku;
		want[nw].qty = db_col_int(st, 1);
		if (!want[nw].qty)
			in.has_amount = 1;
		total += db_col_int(st, 2);
		nw++;
	}
	in.lines = want;
	in.nlines = nw;
	if (in.has_amount) {
		/* an amount: as asked, over its lines */
		in.amount = total;
		for (i = 0; i < nw; i++)
			want[i].qty = 0;
	}
	rc = plan(&o, lines, n, &in, &total, w);
	db_savepoint();
	if (!rc && type != 0)
		rc = goods_back(id, &o, lines, n, restock, w);
	if (!rc)
		rc = type == 2 ? new_held(id, 1, w) : pay_out(id, &o, lines, n, NULL, w);
	free(want);
	free(lines);
	if (rc) {
		db_rollback_to();
		return rc;
	}
	db_release();
	return RES_DONE;
}

/* An exchange's new SKU reserved at approve: its id and the units of its
 * lines. */
static enum res
hold_case(int64_t id, struct why *w)
{
	db_stmt *st = db_prep("SELECT c.new_sku_id, COALESCE(SUM(l.qty), 0) FROM after_sales c "
			      "JOIN after_sales_line l ON l.case_id = c.id WHERE c.id = ?1 "
			      "GROUP BY c.new_sku_id");
	int64_t sku_id = 0, qty = 0;

	db_bind_int(st, 1, id);
	if (db_step(st)) {
		sku_id = db_col_int(st, 0);
		qty = db_col_int(st, 1);
	}
	db_reset(st);
	if (!sku_id || !qty)
		die(EX_INTERNAL, "case " CASE_PREFIX "%lld: an exchange without its new sku or units",
		    (long long)id);
	return hold_new(id, sku_id, qty, 0, w);
}

enum res
aftersales_approve(const char *number, const char *note, struct why *w)
{
	struct acase c;
	enum res rc;

	if ((rc = find_case(number, &c, w)))
		return rc;
	if (c.status == CS_APPROVED || (c.status == CS_REFUNDED && c.type == 0))
		return res_fail(w, RES_SKIPPED, "case %s is %s already; skipped", number,
				case_status_words[c.status]);
	if (c.status != CS_REQUESTED)
		return case_refuse(number, c.status, "approve", w);
	/* a refund pays out now; a return when its goods are back; an
	 * exchange holds its new SKU until then */
	db_savepoint();
	if ((c.type == 0 && (rc = carry_out(c.id, c.order_id, c.type, c.restock, w))) ||
	    (c.type == 2 && (rc = hold_case(c.id, w)))) {
		db_rollback_to();
		return rc;
	}
	if (!case_move(c.id, CS_REQUESTED, CS_APPROVED, note) ||
	    (c.type == 0 && !case_move(c.id, CS_APPROVED, CS_REFUNDED, NULL))) {
		db_rollback_to();
		return res_fail(w, RES_REFUSED, "case %s changed while it was read; try again", number);
	}
	db_release();
	audit_note("approve %s", number);
	return RES_DONE;
}

enum res
aftersales_receive(const char *number, const char *note, struct why *w)
{
	struct acase c;
	enum res rc;

	if ((rc = find_case(number, &c, w)))
		return rc;
	if (c.type == 0)
		return res_fail(w, RES_REFUSED, "case %s is a refund: no goods to receive", number);
	if (c.status == CS_RECEIVED || (c.status == CS_REFUNDED && c.type == 1))
		return res_fail(w, RES_SKIPPED, "case %s is %s already; skipped", number,
				case_status_words[c.status]);
	if (c.status != CS_APPROVED)
		return case_refuse(number, c.status, "receive", w);
	db_savepoint();
	if ((rc = carry_out(c.id, c.order_id, c.type, c.restock, w))) {
		db_rollback_to();
		return rc;
	}
	/* a return pays out; an exchange has shipped its new SKU */
	if (!case_move(c.id, CS_APPROVED, CS_RECEIVED, note) ||
	    (c.type == 1 && !case_move(c.id, CS_RECEIVED, CS_REFUNDED, NULL))) {
		db_rollback_to();
		return res_fail(w, RES_REFUSED, "case %s changed while it was read; try again", number);
	}
	db_release();
	audit_note("receive %s", number);
	return RES_DONE;
}

/* A move with nothing to carry out: from one state to the next. */
static enum res
plain_move(const char *number, int from, int to, const char *what, const char *note,
	   struct why *w)
{
	struct acase c;
	enum res rc;

	if ((rc = find_case(number, &c, w)))
		return rc;
	if (c.status == to)
		return res_fail(w, RES_SKIPPED, "case %s is %s already; skipped", number,
				case_status_words[to]);
	if (c.status != from)
		return case_refuse(number, c.status, what, w);
	if (!case_move(c.id, from, to, note))
		return res_fail(w, RES_REFUSED, "case %s changed while it was read; try again", number);
	audit_note("%s %s", what, number);
	return RES_DONE;
}

enum res
aftersales_reject(const char *number, const char *note, struct why *w)
{
	struct acase c;
	enum res rc;

	if ((rc = find_case(number, &c, w)))
		return rc;
	if (c.status != CS_APPROVED || c.type == 0)
		return plain_move(number, CS_REQUESTED, CS_REJECTED, "reject", note, w);
	/* a return or exchange whose goods never came: an exchange lets go
	 * of the new SKU it held */
	db_savepoint();
	if ((c.type == 2 && (rc = new_held(c.id, 0, w)))) {
		db_rollback_to();
		return rc;
	}
	if (!case_move(c.id, CS_APPROVED, CS_REJECTED, note)) {
		db_rollback_to();
		return res_fail(w, RES_REFUSED, "case %s changed while it was read; try again", number);
	}
	db_release();
	audit_note("reject %s", number);
	return RES_DONE;
}

enum res
aftersales_close(const char *number, const char *note, struct why *w)
{
	struct acase c;
	enum res rc;

	/* a refund or return closes once paid out, an exchange once received */
	if ((rc = find_case(number, &c, w)))
		return rc;
	return plain_move(number, c.type == 2 ? CS_RECEIVED : CS_REFUNDED, CS_CLOSED, "close", note,
			  w);
}

/* ---- listings ---- */

const struct out_col case_list_cols[CASE_LIST_NCOLS] = {
	{ "case", COL_TEXT }, { "order", COL_TEXT }, { "type", COL_TEXT }, { "status", COL_TEXT },
	{ "amount", COL_MONEY }, { "reason", COL_TEXT }, { "opened_by", COL_TEXT },
	{ "opened_at", COL_TEXT }, { "updated_at", COL_TEXT },
};

db_stmt *
case_list_query(const char *status, int64_t older_than, const char *order)
{
	char cutoff[TIME_BUFSZ];
	db_stmt *st = db_prep("SELECT '" CASE_PREFIX "' || id, '" ORDER_PREFIX "' || order_id, "
			      "type, status, amount, reason, opened_by, opened_at, updated_at "
			      "FROM after_sales WHERE (CASE WHEN CAST(?1 AS TEXT) IS NULL THEN "
			      "status <> 'closed' AND status <> 'rejected' WHEN ?1 = 'all' THEN 1 = 1 "
			      "ELSE status = ?1 END) AND (CAST(?2 AS TEXT) IS NULL OR opened_at <= ?2) "
			      "AND (?3 < 0 OR order_id = ?3) ORDER BY opened_at, id");

	db_bind_text(st, 1, status && *status ? status : NULL);
	db_bind_text(st, 2, older_than > 0 ? format_time(shop_now() - older_than, cutoff) : NULL);
	db_bind_int(st, 3, order && *order ? order_parse_number(order) : -1);
	return st;
}

enum res
case_show(const char *number, struct case_view *v, struct why *w)
{
	static const struct out_col line_cols[] = {
		{ "line", COL_INT }, { "sku", COL_TEXT }, { "qty", COL_INT }, { "amount", COL_MONEY },
	};
	static const struct out_col for_cols[] = { { "sku", COL_TEXT }, { "qty", COL_INT } };
	static const struct out_col event_cols[] = {
		{ "at", COL_TEXT }, { "user", COL_TEXT }, { "status", COL_TEXT }, { "note", COL_TEXT },
	};
	struct acase c;
	enum res rc;
	db_stmt *st;

	memset(v, 0, sizeof *v);
	if ((rc = find_case(number, &c, w)))
		return rc;
	out_rows_init(&v->fields, "case", case_list_cols, CASE_LIST_NCOLS);
	st = db_prep("SELECT '" CASE_PREFIX "' || id, '" ORDER_PREFIX "' || order_id, type, status, "
		     "amount, reason, opened_by, opened_at, updated_at FROM after_sales WHERE id = ?1");
	db_bind_int(st, 1, c.id);
	out_rows_query(&v->fields, st);
	out_rows_init(&v->lists[KV_LINES], "line", line_cols, 4);
	st = db_prep("SELECT l.line, s.sku, a.qty, a.amount FROM after_sales_line a "
		     "JOIN order_line l ON l.id = a.line_id JOIN sku s ON s.id = l.sku_id "
		     "WHERE a.case_id = ?1 ORDER BY l.line");
	db_bind_int(st, 1, c.id);
	out_rows_query(&v->lists[KV_LINES], st);
	/* an exchange: what goes out in place of its lines */
	out_rows_init(&v->lists[KV_FOR], "for", for_cols, 2);
	st = db_prep("SELECT s.sku, SUM(a.qty) FROM after_sales c JOIN sku s ON s.id = c.new_sku_id "
		     "JOIN after_sales_line a ON a.case_id = c.id WHERE c.id = ?1 GROUP BY s.sku");
	db_bind_int(st, 1, c.id);
	out_rows_query(&v->lists[KV_FOR], st);
	out_rows_init(&v->lists[KV_HISTORY], "history", event_cols, 4);
	st = db_prep("SELECT at, os_user, status, note FROM after_sales_event WHERE case_id = ?1 "
		     "ORDER BY id");
	db_bind_int(st, 1, c.id);
	out_rows_query(&v->lists[KV_HISTORY], st);
	return RES_DONE;
}

void
case_view_release(struct case_view *v)
{
	size_t i;

	out_rows_release(&v->fields);
	for (i = 0; i < KV_NLISTS; i++)
		out_rows_release(&v->lists[i]);
}

/* ---- the check ---- */

static const char *const checks[] = {
	/* a line's refunded is what the cases that paid out gave it */
	"SELECT 'order SO-' || l.order_id || ' line ' || l.line || ': refunded ' || l.refunded || "
	"', its cases paid ' || COALESCE(a.amount, 0) || ' (minor units)' FROM order_line l "
	"LEFT JOIN (SELECT x.line_id, SUM(x.amount) AS amount FROM after_sales_line x "
	"JOIN after_sales c ON c.id = x.case_id WHERE c.status IN ('refunded', 'closed') "
	"GROUP BY x.line_id) a ON a.line_id = l.id WHERE l.refunded <> COALESCE(a.amount, 0) "
	"ORDER BY l.order_id, l.line",
	"SELECT 'order SO-' || order_id || ' line ' || line || ': refunded ' || refunded || "
	"' is more than it paid ' || (qty * unit_price - discount) || ' (minor units)' "
	"FROM order_line WHERE refunded > qty * unit_price - discount ORDER BY order_id, line",
	/* what an order's cases gave back is its refunds by case and its credit notes */
	"SELECT 'order SO-' || o.id || ': its cases gave back ' || COALESCE(a.amount, 0) || "
	"', its refunds by case and credit notes come to ' || (COALESCE(p.amount, 0) + "
	"o.credited) || ' (minor units)' FROM orders o LEFT JOIN (SELECT order_id, "
	"SUM(amount) AS amount FROM after_sales WHERE status IN ('refunded', 'closed') "
	"GROUP BY order_id) a ON a.order_id = o.id LEFT JOIN (SELECT order_id, SUM(amount) AS "
	"amount FROM payment WHERE kind = 'refund' AND case_id IS NOT NULL GROUP BY order_id) p "
	"ON p.order_id = o.id WHERE COALESCE(a.amount, 0) <> COALESCE(p.amount, 0) + o.credited "
	"ORDER BY o.id",
	/* an exchange holds its new SKU once approved, has shipped it once
	 * received, and holds nothing otherwise */
	"SELECT 'case AS-' || c.id || ' (exchange, ' || c.status || '): ' || l.qty || ' units, "
	"holds ' || COALESCE(r.held, 0) || ', shipped ' || COALESCE(m.qty, 0) FROM after_sales c "
	"JOIN (SELECT case_id, SUM(qty) AS qty FROM after_sales_line GROUP BY case_id) l "
	"ON l.case_id = c.id LEFT JOIN (SELECT ref, SUM(held) AS held FROM reservation "
	"WHERE status = 'open' GROUP BY ref) r ON r.ref = 'AS-' || c.id "
	"LEFT JOIN (SELECT ref, -SUM(qty) AS qty FROM movement WHERE type = 'shipment' "
	"GROUP BY ref) m ON m.ref = 'AS-' || c.id WHERE c.type = 'exchange' AND "
	"(COALESCE(r.held, 0) <> CASE WHEN c.status = 'approved' THEN l.qty ELSE 0 END OR "
	"COALESCE(m.qty, 0) <> CASE WHEN c.status = 'received' OR c.status = 'closed' "
	"THEN l.qty ELSE 0 END) ORDER BY c.id",
};

size_t
aftersales_check(void (*report)(const char *violation, void *arg), void *arg)
{
	return db_report(checks, sizeof checks / sizeof checks[0], report, arg);
}
