/* report_ops.c - stock, coupons, suppliers, ledger and audit reports
 * (see report_ops.h) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coupon.h"
#include "err.h"
#include "money.h"
#include "parse.h"
#include "report_ops.h"
#include "strmap.h"
#include "util.h"

#define DAY 86400

/* "12.5" (decimals 1) or "3.25" (decimals 2) from num / den scaled by
 * 10^decimals and rounded half up; "" when den is 0. buf: 32 bytes. */
static const char *
ratio_text(int64_t num, int64_t den, int decimals, char *buf)
{
	int64_t scale = decimals == 1 ? 10 : 100, v;

	if (den == 0 || money_muldiv(num, scale, den, &v) < 0) {
		buf[0] = '\0';
		return buf;
	}
	snprintf(buf, 32, "%s%lld.%0*lld", v < 0 ? "-" : "", (long long)(llabs(v) / scale),
		 decimals, (long long)(llabs(v) % scale));
	return buf;
}

/* Midnight UTC of the day of t. */
static int64_t
day_start(int64_t t)
{
	return t - (((t % DAY) + DAY) % DAY);
}

/* ---- stock ---- */

const struct out_col report_stock_cols[REPORT_STOCK_NCOLS] = {
	{ "sku", COL_TEXT }, { "warehouse", COL_TEXT }, { "on_hand", COL_INT },
	{ "cost", COL_MONEY }, { "value", COL_MONEY }, { "units_30d", COL_INT },
	{ "days_of_cover", COL_TEXT }, { "turnover", COL_TEXT }, { "last_sale", COL_TEXT },
	{ "dead", COL_TEXT },
};

/*
 * The movements are folded per (sku, warehouse) here, not grouped by the
 * database: a GROUP BY over the whole ledger is a sort of a million rows
 * on SQLite (no index leads with the sku, and one would cost every
 * movement written a random insert), while one pass into a hash map is
 * not. Old movements other than shipments matter to nothing here and
 * stay in the database.
 */
#define TURN_DAYS 365

/* What the movements of one (sku, warehouse) come to. */
struct stock_tally {
	int64_t u30, u365;           /* units shipped from the 30th and the 365th day back */
	int64_t moved;               /* SUM(qty x j) over the 365 days (see below) */
	char last[TIME_BUFSZ];       /* the last shipment's time, "" for none */
};

struct stock_tallies {
	struct pairmap at;           /* (sku_id, warehouse_id) -> index + 1 in v */
	struct stock_tally *v;       /* owned */
	size_t n, cap;
};

/* The day number of the date an ISO 8601 text starts with (days since
 * 1970-01-01; H. Hinnant's days_from_civil), -1 when it is not one. */
static int64_t
text_day(const char *t)
{
	int64_t y, era, yoe, doy;
	int m, d, i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? t[i] != '-' : t[i] < '0' || t[i] > '9')
			return -1;
	y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
	m = (t[5] - '0') * 10 + (t[6] - '0');
	d = (t[8] - '0') * 10 + (t[9] - '0');
	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/*
 * Fold the movements of the last 365 days and every shipment. A movement
 * of day index j (0 the first of the 365 days, 364 today; later ones
 * count as today's) is in the closing levels of the 365 - j days from its
 * own on, not in the j before: the closings add up to 365 x on_hand now
 * - SUM(qty x j).
 */
static void
stock_fold(struct stock_tallies *t, int64_t warehouse_id, int64_t today)
{
	int64_t first = today - (TURN_DAYS - 1) * DAY, day0 = first / DAY;
	char d30[TIME_BUFSZ], d365[TIME_BUFSZ];
	db_stmt *st = db_prep("SELECT sku_id, warehouse_id, "
			      "CASE WHEN type = 'shipment' THEN 1 ELSE 0 END, at, qty FROM movement "
			      "WHERE (?1 < 0 OR warehouse_id = ?1) AND (type = 'shipment' OR at >= ?2)");

	format_time(today - 29 * DAY, d30);
	format_time(first, d365);
	db_bind_int(st, 1, warehouse_id);
	db_bind_text(st, 2, d365);
	while (db_step(st)) {
		struct pairmap_ent *e = pairmap_at(&t->at, db_col_int(st, 0), db_col_int(st, 1), NULL);
		const char *at = db_col_text(st, 3);
		int64_t qty = db_col_int(st, 4), j;
		int ship = db_col_int(st, 2) != 0;
		struct stock_tally *x;

		if (!e->val) {
			if (t->n == t->cap) {
				t->cap = t->cap ? 2 * t->cap : 1024;
				t->v = xrealloc(t->v, t->cap * sizeof *t->v);
			}
			memset(&t->v[t->n], 0, sizeof t->v[t->n]);
			e->val = (int64_t)++t->n;
		}
		x = &t->v[e->val - 1];
		/* the text of a time sorts as the time */
		if (ship && strcmp(at, x->last) > 0)
			snprintf(x->last, sizeof x->last, "%s", at);
		if (strcmp(at, d365) < 0)
			continue;
		if ((j = text_day(at)) < 0)
			die(EX_INTERNAL, "report: movement at '%s': not a time", at);
		j -= day0;
		x->moved += qty * (j < TURN_DAYS ? j : TURN_DAYS - 1);
		if (ship) {
			x->u365 -= qty;
			if (strcmp(at, d30) >= 0)
				x->u30 -= qty;
		}
	}
}

void
report_stock(const struct stock_report_opts *o,
	     void (*each)(const struct stock_report_row *r, void *arg), void *arg)
{
	int64_t today = day_start(shop_now());
	struct stock_tallies t = { PAIRMAP_INIT, NULL, 0, 0 };
	static const struct stock_tally none;
	char dead_from[TIME_BUFSZ], cover[32], turn[32], last[TIME_BUFSZ];
	db_stmt *st;

	stock_fold(&t, o->warehouse_id, today);
	format_time(today - (o->dead_days - 1) * DAY, dead_from);
	st = db_prep("SELECT s.sku_id, s.warehouse_id, k.sku, w.code, s.on_hand, k.cost "
		     "FROM stock s JOIN sku k ON k.id = s.sku_id "
		     "JOIN warehouse w ON w.id = s.warehouse_id "
		     "WHERE ?1 < 0 OR s.warehouse_id = ?1 ORDER BY k.sku, w.code");
	db_bind_int(st, 1, o->warehouse_id);
	while (db_step(st)) {
		struct pairmap_ent *e = pairmap_get(&t.at, db_col_int(st, 0), db_col_int(st, 1));
		const struct stock_tally *x = e ? &t.v[e->val - 1] : &none;
		struct stock_report_row r = { 0 };
		int64_t closings;

		r.sku = db_col_text(st, 2);
		r.warehouse = db_col_text(st, 3);
		r.on_hand = db_col_int(st, 4);
		r.has_cost = !db_col_is_null(st, 5);
		r.cost = r.has_cost ? db_col_int(st, 5) : 0;
		if (r.has_cost && money_muldiv(r.on_hand, r.cost, 1, &r.value) < 0)
			die(EX_INTERNAL, "report: the value of sku '%s' overflows", r.sku);
		snprintf(last, sizeof last, "%.10s", x->last);
		r.last_sale = last;
		r.units_30d = x->u30;
		/* the mean on hand is closings / 365: u365 / mean = u365 x 365 / closings */
		closings = r.on_hand * TURN_DAYS - x->moved;
		r.days_of_cover = ratio_text(r.on_hand * 30, r.units_30d, 1, cover);
		r.turnover = ratio_text(x->u365 * TURN_DAYS, closings > 0 ? closings : 0, 2, turn);
		r.dead = r.on_hand > 0 && strcmp(x->last, dead_from) < 0;
		each(&r, arg);
	}
	pairmap_release(&t.at);
	free(t.v);
}

/* ---- coupons ---- */

const struct out_col *const report_coupons_cols = coupon_stats_cols;

db_stmt *
report_coupons(void)
{
	return coupon_stats_query(NULL);
}

/* ---- suppliers ---- */

const struct out_col report_suppliers_cols[REPORT_SUPPLIERS_NCOLS] = {
	{ "supplier", COL_TEXT }, { "pos", COL_INT }, { "deliveries", COL_INT },
	{ "on_time_rate", COL_TEXT }, { "fill_rate", COL_TEXT }, { "over", COL_INT },
	{ "short", COL_INT },
};

/* n / d as a percent with one decimal, half up, in integers: tenths =
 * (n x 2000 + d) / (2d); '' when d is 0. n and d are BIGINT columns (a
 * SUM of BIGINTs is NUMERIC on PostgreSQL: cast before dividing). */
#define PCT1(n, d) \
	"CASE WHEN " d " = 0 THEN '' ELSE " \
	"CAST((" n " * 2000 + " d ") / (" d " * 2) / 10 AS TEXT) || '.' || " \
	"CAST((" n " * 2000 + " d ") / (" d " * 2) % 10 AS TEXT) END"

db_stmt *
report_suppliers(const char *from, const char *until)
{
	db_stmt *st = db_prep(
		"SELECT code, pos, deliveries, " PCT1("on_time", "judged") ", "
		PCT1("filled", "ordered") ", n_over, n_short FROM ("
		" SELECT s.code AS code, COUNT(*) AS pos, "
		" CAST(COALESCE(SUM(d.n), 0) AS BIGINT) AS deliveries, "
		" CAST(COALESCE(SUM(d.on_time), 0) AS BIGINT) AS on_time, "
		" CAST(COALESCE(SUM(d.judged), 0) AS BIGINT) AS judged, "
		" CAST(COALESCE(SUM(l.filled), 0) AS BIGINT) AS filled, "
		" CAST(COALESCE(SUM(l.ordered), 0) AS BIGINT) AS ordered, "
		" CAST(COALESCE(SUM(l.n_over), 0) AS BIGINT) AS n_over, "
		" CAST(COALESCE(SUM(CASE WHEN p.status = 'closed' THEN l.n_under ELSE 0 END), 0) "
		"  AS BIGINT) AS n_short "
		" FROM po p JOIN supplier s ON s.id = p.supplier_id "
		" LEFT JOIN (SELECT r.po_id AS po_id, COUNT(*) AS n, "
		"  SUM(CASE WHEN q.expected_at IS NOT NULL "
		"   AND substr(r.at, 1, 10) <= substr(q.expected_at, 1, 10) THEN 1 ELSE 0 END) AS on_time, "
		"  SUM(CASE WHEN q.expected_at IS NOT NULL THEN 1 ELSE 0 END) AS judged "
		"  FROM po_delivery r JOIN po q ON q.id = r.po_id WHERE r.kind = 'receipt' "
		"  GROUP BY r.po_id) d ON d.po_id = p.id "
		" LEFT JOIN (SELECT po_id, "
		"  SUM(CASE WHEN received > qty THEN qty ELSE received END) AS filled, "
		"  SUM(qty) AS ordered, "
		"  SUM(CASE WHEN received > qty THEN 1 ELSE 0 END) AS n_over, "
		"  SUM(CASE WHEN received < qty THEN 1 ELSE 0 END) AS n_under "
		"  FROM po_line WHERE qty > 0 GROUP BY po_id) l ON l.po_id = p.id "
		" WHERE p.submitted_at IS NOT NULL AND p.status <> 'cancelled' "
		" AND p.submitted_at >= ?1 AND (?2 = '' OR p.submitted_at < ?2) "
		" GROUP BY s.code) x ORDER BY code");

	db_bind_text(st, 1, from ? from : "");
	db_bind_text(st, 2, until ? until : "");
	return st;
}

/* ---- ledger ---- */

const struct out_col report_ledger_cols[REPORT_LEDGER_NCOLS + 1] = {
	{ "month", COL_TEXT }, { "account", COL_TEXT }, { "debit", COL_MONEY },
	{ "credit", COL_MONEY }, { "balance", COL_MONEY },
};

/* debit and credit of the postings of one group, as positive sums */
#define DEBIT "CAST(SUM(CASE WHEN p.amount > 0 THEN p.amount ELSE 0 END) AS BIGINT)"
#define CREDIT "CAST(SUM(CASE WHEN p.amount < 0 THEN -p.amount ELSE 0 END) AS BIGINT)"

/* An account's running sums, for the month-end trial balances. */
struct acct {
	char *name;   /* owned */
	int64_t debit, credit;
};
struct accts {
	struct acct *v; /* owned, by name */
	size_t n, cap;
};

static struct acct *
acct_get(struct accts *a, const char *name)
{
	size_t lo = 0, hi = a->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(a->v[mid].name, name);

		if (c == 0)
			return &a->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->v = xrealloc(a->v, a->cap * sizeof *a->v);
	}
	memmove(a->v + lo + 1, a->v + lo, (a->n - lo) * sizeof *a->v);
	a->n++;
	a->v[lo].name = xstrdup(name);
	a->v[lo].debit = a->v[lo].credit = 0;
	return &a->v[lo];
}

static void
emit_month(const char *month, const struct accts *a,
	   void (*each)(const struct ledger_report_row *r, void *arg), void *arg)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		struct ledger_report_row r = { month, a->v[i].name, a->v[i].debit, a->v[i].credit,
					       a->v[i].debit - a->v[i].credit };
		each(&r, arg);
	}
}

/* "2026-12" -> "2027-01" in place */
static void
next_month(char *m)
{
	int y = atoi(m), mo = atoi(m + 5);

	if (++mo > 12) {
		mo = 1;
		y++;
	}
	snprintf(m, 8, "%04u-%02u", (unsigned)y % 10000u, (unsigned)mo % 100u);
}

static void
ledger_by_month(const char *end, const char *end_month,
		void (*each)(const struct ledger_report_row *r, void *arg), void *arg)
{
	db_stmt *st = db_prep("SELECT substr(j.at, 1, 7), p.account, " DEBIT ", " CREDIT " "
			      "FROM posting p JOIN journal j ON j.id = p.journal_id "
			      "WHERE ?1 = '' OR j.at < ?1 "
			      "GROUP BY substr(j.at, 1, 7), p.account ORDER BY 1, 2");
	struct accts a = { NULL, 0, 0 };
	char month[8] = "";
	size_t i;

	db_bind_text(st, 1, end);
	while (db_step(st)) {
		const char *m = db_col_text(st, 0);
		struct acct *x;

		if (!month[0])
			snprintf(month, sizeof month, "%s", m);
		/* close the months before this row's, the empty ones too */
		while (strcmp(month, m) < 0) {
			emit_month(month, &a, each, arg);
			next_month(month);
		}
		x = acct_get(&a, db_col_text(st, 1));
		x->debit += db_col_int(st, 2);
		x->credit += db_col_int(st, 3);
	}
	if (month[0]) {
		emit_month(month, &a, each, arg);
		while (end_month && strcmp(month, end_month) < 0) {
			next_month(month);
			emit_month(month, &a, each, arg);
		}
	}
	for (i = 0; i < a.n; i++)
		free(a.v[i].name);
	free(a.v);
}

void
report_ledger(const struct ledger_report_opts *o,
	      void (*each)(const struct ledger_report_row *r, void *arg), void *arg)
{
	char end[TIME_BUFSZ] = "", end_month[TIME_BUFSZ] = "";
	db_stmt *st;

	if (o->has_as_of) {
		format_time(day_start(o->as_of) + DAY, end);
		format_date(day_start(o->as_of), end_month);
		end_month[7] = '\0';
	}
	if (o->by_month) {
		ledger_by_month(end, o->has_as_of ? end_month : NULL, each, arg);
		return;
	}
	/* all time needs no journal: the postings alone */
	st = db_prep(o->has_as_of
		     ? "SELECT p.account, " DEBIT ", " CREDIT " FROM posting p "
		       "JOIN journal j ON j.id = p.journal_id WHERE j.at < ?1 "
		       "GROUP BY p.account ORDER BY p.account"
		     : "SELECT p.account, " DEBIT ", " CREDIT " FROM posting p "
		       "GROUP BY p.account ORDER BY p.account");
	if (o->has_as_of)
		db_bind_text(st, 1, end);
	while (db_step(st)) {
		struct ledger_report_row r = { NULL, db_col_text(st, 0), db_col_int(st, 1),
					       db_col_int(st, 2), 0 };

		r.balance = r.debit - r.credit;
		each(&r, arg);
	}
}

/* ---- audit ---- */

const struct out_col report_audit_cols[REPORT_AUDIT_NCOLS] = {
	{ "user", COL_TEXT }, { "program", COL_TEXT }, { "command", COL_TEXT },
	{ "writes", COL_INT }, { "first", COL_TEXT }, { "last", COL_TEXT },
};

db_stmt *
report_audit(const char *from, const char *until, const char *user)
{
	db_stmt *st = db_prep("SELECT os_user, program, command, COUNT(*), MIN(at), MAX(at) "
			      "FROM audit WHERE at >= ?1 AND (?2 = '' OR at < ?2) "
			      "AND (CAST(?3 AS TEXT) IS NULL OR os_user = ?3) "
			      "GROUP BY os_user, program, command ORDER BY os_user, program, command");

	db_bind_text(st, 1, from ? from : "");
	db_bind_text(st, 2, until ? until : "");
	db_bind_text(st, 3, user);
	return st;
}
