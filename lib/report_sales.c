/* report_sales.c - shop-report sales and top (see report_sales.h).
 *
 * The database sums; C folds. By period the orders are summed per day in
 * SQL (SQLite and PostgreSQL share no ISO-week function) and the days
 * folded into weeks and months here; by a dimension SQL groups by the
 * dimension's id and names it after: one scan of the orders (their units
 * summed along order_line's (order_id, line) key) or of the lines joined
 * to their orders. Queries without a window carry no condition on
 * created_at, so that the planner scans instead of walking the created_at
 * index over everything; with one, it walks the index. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "money.h"
#include "parse.h"
#include "report_sales.h"
#include "util.h"

const char *const sales_by_words[] = {
	"day", "week", "month", "sku", "spu", "category", "brand", "customer", "channel", NULL,
};
const char *const sales_compare_words[] = { "previous", "year", NULL };
const char *const top_by_words[] = { "sku", "category", "brand", "customer", NULL };
const char *const top_metric_words[] = { "gmv", "units", NULL };
const char *const sales_fig_names[SF_N] = {
	"orders", "paid_orders", "units", "gmv", "discounts", "refunds", "net", "aov",
};

#define DAY 86400
#define LIVE "o.status <> 'cancelled' AND o.status <> 'rejected'"

/*
 * The orders of a window as a table x, one row an order: its key k (the
 * expression KEY over orders o), its figures and its units. %s is the
 * window's condition on o. The units are its lines' qty summed by a join
 * grouped by the order's id (every other column is the order's own): the
 * lines are read along order_line's (order_id, line) key as the orders
 * are: one merge join on PostgreSQL, where a subquery per order was an
 * index look-up each, and a plan cost high enough to turn JIT compiling
 * with inlining on (half a second of the 1.1 s sales by month took over a
 * million lines). Each order's figures are computed inside, so that SQLite
 * carries seven values an order to the grouping outside, not the eleven
 * columns they come from (that cost it a fifth more).
 */
#define ORDER_ROWS(KEY) \
	"(SELECT " KEY " AS k, CASE WHEN o.paid >= o.total THEN 1 ELSE 0 END AS paid, " \
	"o.goods_total AS gmv, o.discount_shop + o.discount_platform AS discounts, " \
	"o.refunded + o.credited AS refunds, CASE WHEN " LIVE " THEN o.goods_total - " \
	"o.discount_shop - o.discount_platform - o.refunded - o.credited ELSE 0 END AS net, " \
	"SUM(l.qty) AS units FROM orders o LEFT JOIN order_line l ON l.order_id = o.id " \
	"WHERE 1 = 1%s GROUP BY o.id) x"

/* The figures of the orders x of ORDER_ROWS, in column order. */
#define ORDER_FIGS \
	"COUNT(*) AS f1, SUM(x.paid) AS f2, SUM(x.units) AS f3, SUM(x.gmv) AS f4, " \
	"SUM(x.discounts) AS f5, SUM(x.refunds) AS f6, SUM(x.net) AS f7"

/* The figures of lines l of orders o (one row a line), in column order;
 * a cancel's money back is added in C (spread_cancel_refunds). */
#define LINE_FIGS \
	"COUNT(DISTINCT l.order_id) AS f1, " \
	"COUNT(DISTINCT CASE WHEN o.paid >= o.total THEN l.order_id END) AS f2, " \
	"SUM(l.qty) AS f3, SUM(l.qty * l.unit_price) AS f4, SUM(l.discount) AS f5, " \
	"SUM(l.refunded) AS f6, SUM(CASE WHEN " LIVE " THEN l.qty * l.unit_price - " \
	"l.discount - l.refunded ELSE 0 END) AS f7"

int
sales_fig(const struct sales_figs *f, int i, int64_t *v)
{
	if (i != SF_AOV) {
		*v = f->v[i];
		return 1;
	}
	if (f->v[SF_ORDERS] <= 0 ||
	    money_muldiv(f->v[SF_GMV] - f->v[SF_DISCOUNTS], 1, f->v[SF_ORDERS], v) < 0)
		return 0;
	return 1;
}

char *
sales_change(int64_t cur, int64_t prev, char *buf)
{
	int64_t d, tenths;

	buf[0] = '\0';
	/* tenths of a percent, half up: (cur - prev) * 1000 / |prev| */
	if (prev == 0 || prev == INT64_MIN || __builtin_sub_overflow(cur, prev, &d) ||
	    money_muldiv(d, 1000, prev < 0 ? -prev : prev, &tenths) < 0)
		return buf;
	snprintf(buf, 32, "%s%lld.%lld", tenths < 0 ? "-" : "",
		 (long long)(tenths < 0 ? -(tenths / 10) : tenths / 10),
		 (long long)(tenths < 0 ? -(tenths % 10) : tenths % 10));
	return buf;
}

/* ---- the window ---- */

struct win {
	int has_from, has_until;
	char from[TIME_BUFSZ], until[TIME_BUFSZ];
};

static void
win_set(struct win *w, int has_from, int64_t from, int has_until, int64_t until)
{
	w->has_from = has_from;
	w->has_until = has_until;
	if (has_from)
		format_time(from, w->from);
	if (has_until)
		format_time(until, w->until);
}

/* " AND o.created_at >= ?1 AND o.created_at < ?2" for the ends it has,
 * numbered from ?1; win_bind binds them. */
static const char *
win_sql(const struct win *w)
{
	if (w->has_from && w->has_until)
		return " AND o.created_at >= ?1 AND o.created_at < ?2";
	if (w->has_from)
		return " AND o.created_at >= ?1";
	if (w->has_until)
		return " AND o.created_at < ?1";
	return "";
}

/* Binds the window; returns the number of the next parameter. */
static int
win_bind(const struct win *w, db_stmt *st)
{
	int i = 1;

	if (w->has_from)
		db_bind_text(st, i++, w->from);
	if (w->has_until)
		db_bind_text(st, i++, w->until);
	return i;
}

/* ---- days, weeks, months ---- */

enum kind { K_DAY, K_WEEK, K_MONTH, K_SKU, K_SPU, K_CATEGORY, K_BRAND, K_CUSTOMER, K_CHANNEL };

static int
kind_of(const char *word, const char *const *words, int dflt)
{
	int i;

	if (!word)
		return dflt;
	for (i = 0; words[i]; i++)
		if (!strcmp(word, words[i]))
			return i;
	return -1;
}

static int64_t
day_of(int64_t epoch)
{
	return epoch >= 0 ? epoch / DAY : -((-epoch + DAY - 1) / DAY);
}

/* Days since 1970-01-01 and back, proleptic Gregorian (H. Hinnant's
 * algorithms, as parse.c has them, with no limit on the year). */
static int64_t
civil_days(int64_t y, int m, int d)
{
	int64_t era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void
ymd(int64_t day, int *y, int *m, int *d)
{
	int64_t z = day + 719468, era, doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* The day y-m-d, or 0 and nothing when there is none (2027-02-29). */
static int
day_from(int y, int m, int d, int64_t *day)
{
	int64_t t = civil_days(y, m, d);
	int yy, mm, dd;

	ymd(t, &yy, &mm, &dd);
	if (yy != y || mm != m || dd != d)
		return 0;
	*day = t;
	return 1;
}

/* Monday 0 .. Sunday 6: 1970-01-01 was a Thursday */
static int
weekday(int64_t day)
{
	return (int)(((day + 3) % 7 + 7) % 7);
}

/* The ISO year and week of a day: those of its week's Thursday. */
static void
iso_week(int64_t day, int *year, int *week)
{
	int64_t thu = day - weekday(day) + 3, jan1;
	int m, d;

	ymd(thu, year, &m, &d);
	jan1 = civil_days(*year, 1, 1);
	*week = (int)((thu - jan1) / 7 + 1);
}

/* The Monday of ISO week `week` of `year`, if the year has that week. */
static int
iso_monday(int year, int week, int64_t *day)
{
	int64_t jan4 = civil_days(year, 1, 4), mon;
	int y, w;

	mon = jan4 - weekday(jan4) + 7 * (int64_t)(week - 1);
	iso_week(mon, &y, &w);
	if (y != year || w != week)
		return 0;
	*day = mon;
	return 1;
}

/* A bucket is a number: a day (days since 1970-01-01), a week (the day
 * of its Monday), a month (year * 12 + month - 1). */
static int64_t
bucket_of(int k, int64_t day)
{
	int y, m, d;

	if (k == K_DAY)
		return day;
	if (k == K_WEEK)
		return day - weekday(day);
	ymd(day, &y, &m, &d);
	return (int64_t)y * 12 + m - 1;
}

static int64_t
bucket_start(int k, int64_t b)
{
	if (k != K_MONTH)
		return b;
	return civil_days(b / 12, (int)(b % 12) + 1, 1);
}

static int64_t
bucket_step(int k, int64_t b, int n)
{
	return b + (k == K_WEEK ? 7 * n : n);
}

static int64_t
bucket_end(int k, int64_t b)
{
	return bucket_start(k, bucket_step(k, b, 1));
}

/* The same bucket a year earlier: 0 when there is none. */
static int
bucket_year_back(int k, int64_t b, int64_t *out)
{
	int y, m, d, w;

	if (k == K_MONTH) {
		*out = b - 12;
		return b >= 12;
	}
	if (k == K_WEEK) {
		iso_week(b, &y, &w);
		return iso_monday(y - 1, w, out);
	}
	ymd(b, &y, &m, &d);
	return day_from(y - 1, m, d, out);
}

static void
bucket_label(int k, int64_t b, char *buf, size_t size)
{
	int y, m, d, w;

	if (k == K_MONTH) {
		snprintf(buf, size, "%04lld-%02d", (long long)(b / 12), (int)(b % 12) + 1);
	} else if (k == K_WEEK) {
		iso_week(b, &y, &w);
		snprintf(buf, size, "%04d-W%02d", y, w);
	} else {
		ymd(b, &y, &m, &d);
		snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
	}
}

/* ---- figures per day ---- */

struct dayfigs {
	int64_t day;
	struct sales_figs f;
};

static void
read_figs(db_stmt *st, int col, struct sales_figs *f)
{
	int i;

	for (i = 0; i < SF_AOV; i++)
		f->v[i] = db_col_int(st, col + i);
}

static void
add_figs(struct sales_figs *to, const struct sales_figs *f)
{
	int i;

	for (i = 0; i < SF_AOV; i++)
		to->v[i] += f->v[i];
}

/* The orders of window w summed per day, by day. */
static struct dayfigs *
days_read(const struct win *w, size_t *n)
{
	char sql[1024];
	struct dayfigs *v = NULL;
	size_t cap = 0;
	const char *why;
	db_stmt *st;

	snprintf(sql, sizeof sql,
		 "SELECT x.k, " ORDER_FIGS " FROM " ORDER_ROWS("substr(o.created_at, 1, 10)")
		 " GROUP BY x.k ORDER BY x.k", win_sql(w));
	st = db_prep(sql);
	win_bind(w, st);
	*n = 0;
	while (db_step(st)) {
		int64_t e;

		if (*n == cap) {
			cap = cap ? 2 * cap : 256;
			v = xrealloc(v, cap * sizeof *v);
		}
		/* a stored time is ISO 8601 text; anything else is skipped */
		if (parse_date(db_col_text(st, 0), &e, &why) < 0)
			continue;
		v[*n].day = e / DAY;
		read_figs(st, 1, &v[*n].f);
		(*n)++;
	}
	return v;
}

/* The sum of days [lo, hi) of v (by day) into f. */
static void
days_sum(const struct dayfigs *v, size_t n, int64_t lo, int64_t hi, struct sales_figs *f)
{
	size_t a = 0, b = n;

	memset(f, 0, sizeof *f);
	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (v[mid].day < lo)
			a = mid + 1;
		else
			b = mid;
	}
	for (; a < n && v[a].day < hi; a++)
		add_figs(f, &v[a].f);
}

/* ---- figures per key of a dimension ---- */

struct keyfigs {
	char *key;              /* owned */
	int has_prev;           /* prev is a comparison's */
	struct sales_figs cur, prev;
};

/* A line dimension: grp groups the lines l (with their sku k when join
 * names it); the key is column name of table, by the group's id. */
struct line_dim {
	int kind;
	const char *grp, *join, *table, *name;
};
#define SKU_JOIN " JOIN sku k ON k.id = +l.sku_id"
static const struct line_dim line_dims[] = {
	/* +l.sku_id: scan the lines rather than walk them by their sku index */
	{ K_SKU, "+l.sku_id", "", "sku", "sku" },
	{ K_SPU, "k.spu_id", SKU_JOIN, "spu", "code" },
	{ K_CATEGORY, "k.category_id", SKU_JOIN, "category", "path" },
	{ K_BRAND, "k.brand_id", SKU_JOIN, "brand", "name" },
};

static const struct line_dim *
line_dim(int kind)
{
	size_t i;

	for (i = 0; i < sizeof line_dims / sizeof line_dims[0]; i++)
		if (line_dims[i].kind == kind)
			return &line_dims[i];
	return NULL;
}

static struct keyfigs *
keys_find(struct keyfigs *v, size_t n, const char *key)
{
	size_t a = 0, b = n;

	while (a < b) {
		size_t mid = a + (b - a) / 2;
		int c = strcmp(v[mid].key, key);

		if (!c)
			return &v[mid];
		if (c < 0)
			a = mid + 1;
		else
			b = mid;
	}
	return NULL;
}

/* The keys and figures of window w by dimension kind, by key. */
static struct keyfigs *
keys_read(int kind, const struct win *w, size_t *n)
{
	const struct line_dim *ld = line_dim(kind);
	char sql[2048];
	struct keyfigs *v = NULL;
	size_t cap = 0;
	db_stmt *st;

	if (ld)
		snprintf(sql, sizeof sql,
			 "SELECT COALESCE(n.%s, '') AS k, s.f1, s.f2, s.f3, s.f4, s.f5, s.f6, s.f7 "
			 "FROM (SELECT %s AS gid, " LINE_FIGS " FROM order_line l "
			 "JOIN orders o ON o.id = l.order_id%s WHERE 1 = 1%s GROUP BY %s) s "
			 "LEFT JOIN %s n ON n.id = s.gid ORDER BY k",
			 ld->name, ld->grp, ld->join, win_sql(w), ld->grp, ld->table);
	else if (kind == K_CUSTOMER)
		snprintf(sql, sizeof sql,
			 "SELECT c.code AS k, s.f1, s.f2, s.f3, s.f4, s.f5, s.f6, s.f7 FROM "
			 "(SELECT x.k AS gid, " ORDER_FIGS " FROM " ORDER_ROWS("o.customer_id")
			 " GROUP BY x.k) s "
			 "JOIN customer c ON c.id = s.gid ORDER BY k", win_sql(w));
	else
		snprintf(sql, sizeof sql,
			 "SELECT x.k, " ORDER_FIGS " FROM " ORDER_ROWS("o.channel")
			 " GROUP BY x.k ORDER BY x.k", win_sql(w));
	st = db_prep(sql);
	win_bind(w, st);
	*n = 0;
	while (db_step(st)) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 256;
			v = xrealloc(v, cap * sizeof *v);
		}
		memset(&v[*n], 0, sizeof v[*n]);
		v[*n].key = xstrdup(db_col_text(st, 0));
		read_figs(st, 1, &v[*n].cur);
		(*n)++;
	}
	return v;
}

/* One order's lines for spread_cancel_refunds. */
struct spread {
	int64_t order, back;    /* the order, what it gave back in all */
	size_t n, cap;
	char **keys;            /* owned, each owned */
	int64_t *left, *qty, *part; /* owned */
};

static void
spread_flush(struct spread *s, struct keyfigs *v, size_t n)
{
	int64_t *w = s->left, sum = 0;
	size_t i;

	for (i = 0; i < s->n; i++) {
		s->back -= s->part[i]; /* what the line's own refunds gave back */
		if (s->left[i] < 0)
			s->left[i] = 0;
		sum += s->left[i];
	}
	if (!sum)
		w = s->qty;
	if (s->back > 0 && s->n && money_split(s->back, w, s->n, s->part) == 0) {
		for (i = 0; i < s->n; i++) {
			struct keyfigs *k = keys_find(v, n, s->keys[i]);

			if (k)
				k->cur.v[SF_REFUNDS] += s->part[i];
		}
	}
	for (i = 0; i < s->n; i++)
		free(s->keys[i]);
	s->n = 0;
}

/*
 * What a cancel gave back belongs to no line: spread it over the order's
 * lines by what each had left to refund (paid less refunded; by units
 * when nothing was left), largest remainder, and add each part to the
 * refunds of the line's key in v. Only cancelled orders
 * give money back but through lines: a handful, found by status.
 */
static void
spread_cancel_refunds(const struct line_dim *ld, const struct win *w, struct keyfigs *v,
		      size_t n)
{
	struct spread s;
	char sql[2048];
	db_stmt *st;

	memset(&s, 0, sizeof s);
	s.order = -1;
	snprintf(sql, sizeof sql,
		 "SELECT o.id, o.refunded + o.credited, COALESCE(n.%s, ''), "
		 "l.qty * l.unit_price - l.discount - l.refunded, l.qty, l.refunded "
		 "FROM orders o JOIN order_line l ON l.order_id = o.id%s LEFT JOIN %s n ON n.id = %s "
		 "WHERE o.status = 'cancelled' AND o.refunded + o.credited > 0%s "
		 "ORDER BY o.id, l.line",
		 ld->name, ld->join, ld->table, ld->grp, win_sql(w));
	st = db_prep(sql);
	win_bind(w, st);
	while (db_step(st)) {
		if (db_col_int(st, 0) != s.order) {
			spread_flush(&s, v, n);
			s.order = db_col_int(st, 0);
			s.back = db_col_int(st, 1);
		}
		if (s.n == s.cap) {
			s.cap = s.cap ? 2 * s.cap : 16;
			s.keys = xrealloc(s.keys, s.cap * sizeof *s.keys);
			s.left = xrealloc(s.left, s.cap * sizeof *s.left);
			s.qty = xrealloc(s.qty, s.cap * sizeof *s.qty);
			s.part = xrealloc(s.part, s.cap * sizeof *s.part);
		}
		s.keys[s.n] = xstrdup(db_col_text(st, 2));
		s.left[s.n] = db_col_int(st, 3);
		s.qty[s.n] = db_col_int(st, 4);
		s.part[s.n] = db_col_int(st, 5);
		s.n++;
	}
	spread_flush(&s, v, n);
	free(s.keys);
	free(s.left);
	free(s.qty);
	free(s.part);
}

/* The keys of the window (cur) and of the comparison window (cmp, their
 * figures in cur) into one list by key, the comparison's figures as prev:
 * a key in one only has zeros in the other. Takes both lists. */
static struct keyfigs *
keys_merge(struct keyfigs *cur, size_t nc, struct keyfigs *cmp, size_t np, size_t *n)
{
	struct keyfigs *v = xmalloc((nc + np + 1) * sizeof *v);
	size_t i = 0, j = 0;

	*n = 0;
	while (i < nc || j < np) {
		int c = i == nc ? 1 : j == np ? -1 : strcmp(cur[i].key, cmp[j].key);

		if (c < 0) {
			v[*n] = cur[i++];
		} else if (c > 0) {
			v[*n] = cmp[j];
			memset(&v[*n].cur, 0, sizeof v[*n].cur);
			j++;
		} else {
			v[*n] = cur[i++];
			free(cmp[j].key);
			j++;
		}
		if (c >= 0)
			v[*n].prev = cmp[j - 1].cur;
		v[*n].has_prev = 1;
		(*n)++;
	}
	free(cur);
	free(cmp);
	return v;
}

/* ---- the report ---- */

struct sales_report {
	int kind, compare;          /* compare: -1 none, 0 previous, 1 year */
	/* by period: the days of the window and of the comparison, by day */
	struct dayfigs *days, *cmp; /* owned */
	size_t ndays, ncmp;
	int64_t b, last;            /* the next bucket and the last one */
	int periods;                /* buckets left to show (b <= last) */
	char label[32];
	/* by a dimension */
	struct keyfigs *keys;       /* owned */
	size_t nkeys, next;
};

const char *
sales_key_name(const struct sales_query *q)
{
	return kind_of(q->by, sales_by_words, K_MONTH) <= K_MONTH ? "period" : q->by;
}

int
sales_needs_window(const struct sales_query *q)
{
	return q->compare && kind_of(q->by, sales_by_words, K_MONTH) > K_MONTH;
}

/* t a calendar year earlier, the same time of day (Feb 29: Mar 1) */
static int64_t
year_back(int64_t t)
{
	int64_t day = day_of(t), secs = t - day * DAY, back;
	int y, m, d;

	ymd(day, &y, &m, &d);
	if (m == 2 && d == 29)
		m = 3, d = 1;
	if (!day_from(y - 1, m, d, &back))
		back = day - 365;
	return back * DAY + secs;
}

static void
open_periods(struct sales_report *r, const struct sales_query *q, const struct win *win)
{
	int64_t first, lo, hi;
	struct win cw;
	int k = r->kind;

	r->days = days_read(win, &r->ndays);
	if (!(q->has_from || r->ndays) || !(q->has_until || r->ndays))
		return;
	first = bucket_of(k, q->has_from ? day_of(q->from) : r->days[0].day);
	r->last = bucket_of(k, q->has_until ? day_of(q->until - 1) : r->days[r->ndays - 1].day);
	r->b = first;
	r->periods = first <= r->last;
	if (r->compare < 0 || !r->periods)
		return;
	/* whole days around the buckets compared with: the bucket before
	 * each, or a year back (52 or 53 weeks for an ISO week) */
	if (r->compare == 0) {
		lo = bucket_start(k, bucket_step(k, first, -1));
		hi = bucket_start(k, r->last);
	} else {
		lo = bucket_start(k, first) - 371;
		hi = bucket_end(k, r->last) - 364;
	}
	win_set(&cw, 1, lo * DAY, 1, hi * DAY);
	r->cmp = days_read(&cw, &r->ncmp);
}

static void
open_keys(struct sales_report *r, const struct sales_query *q, const struct win *win)
{
	const struct line_dim *ld = line_dim(r->kind);
	struct keyfigs *cmp;
	size_t ncmp;
	struct win cw;

	r->keys = keys_read(r->kind, win, &r->nkeys);
	if (ld)
		spread_cancel_refunds(ld, win, r->keys, r->nkeys);
	if (r->compare < 0)
		return;
	if (r->compare == 0)
		win_set(&cw, 1, q->from - (q->until - q->from), 1, q->from);
	else
		win_set(&cw, 1, year_back(q->from), 1, year_back(q->until));
	cmp = keys_read(r->kind, &cw, &ncmp);
	if (ld)
		spread_cancel_refunds(ld, &cw, cmp, ncmp);
	r->keys = keys_merge(r->keys, r->nkeys, cmp, ncmp, &r->nkeys);
}

enum res
sales_open(const struct sales_query *q, struct sales_report **out, struct why *w)
{
	struct sales_report *r;
	struct win win;
	int kind = kind_of(q->by, sales_by_words, K_MONTH);
	int compare = kind_of(q->compare, sales_compare_words, -1);

	*out = NULL;
	if (kind < 0)
		return res_fail(w, RES_BAD, "unknown --by '%s'", q->by);
	if (q->compare && compare < 0)
		return res_fail(w, RES_BAD, "unknown --compare '%s'", q->compare);
	if (q->has_from && q->has_until && q->until <= q->from)
		return res_fail(w, RES_BAD, "--until is not after --from");
	if (sales_needs_window(q) && !(q->has_from && q->has_until))
		return res_fail(w, RES_BAD, "--compare by %s needs --from and --until", q->by);
	r = xcalloc(1, sizeof *r);
	r->kind = kind;
	r->compare = compare;
	win_set(&win, q->has_from, q->from, q->has_until, q->until);
	if (kind <= K_MONTH)
		open_periods(r, q, &win);
	else
		open_keys(r, q, &win);
	*out = r;
	return RES_DONE;
}

int
sales_next(struct sales_report *r, struct sales_row *row)
{
	memset(row, 0, sizeof *row);
	if (r->kind > K_MONTH) {
		if (r->next == r->nkeys)
			return 0;
		row->key = r->keys[r->next].key;
		row->cur = r->keys[r->next].cur;
		row->has_prev = r->keys[r->next].has_prev;
		row->prev = r->keys[r->next].prev;
		r->next++;
		return 1;
	}
	if (!r->periods)
		return 0;
	bucket_label(r->kind, r->b, r->label, sizeof r->label);
	row->key = r->label;
	days_sum(r->days, r->ndays, bucket_start(r->kind, r->b), bucket_end(r->kind, r->b),
		 &row->cur);
	if (r->compare >= 0) {
		int64_t p = bucket_step(r->kind, r->b, -1);

		row->has_prev = r->compare == 0 || bucket_year_back(r->kind, r->b, &p);
		if (row->has_prev)
			days_sum(r->cmp, r->ncmp, bucket_start(r->kind, p), bucket_end(r->kind, p),
				 &row->prev);
	}
	if (r->b == r->last)
		r->periods = 0;
	else
		r->b = bucket_step(r->kind, r->b, 1);
	return 1;
}

void
sales_close(struct sales_report *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nkeys; i++)
		free(r->keys[i].key);
	free(r->keys);
	free(r->days);
	free(r->cmp);
	free(r);
}

/* ---- top ---- */

/*
 * The ranking first, the rest for the first N only: gmv and units of a
 * line dimension are plain sums (one scan of the lines), and so is a
 * customer's gmv (one of the orders); the distinct orders of a SKU,
 * category or brand and the units of a customer are then counted for the
 * N rows ranked, through the lines' sku index and the orders' customer
 * index. Only customers by units need the units of every customer.
 */
static void
top_sql(int kind, int units, const struct win *win, char *sql, size_t size)
{
	const struct line_dim *ld = line_dim(kind);
	const char *metric = units ? "units" : "gmv";
	int limit = 1 + win->has_from + win->has_until;
	const char *w = win_sql(win);

	if (ld) {
		/* the orders of the key; NULL: the SKUs without a brand or category */
		char match[256];

		if (kind == K_SKU)
			snprintf(match, sizeof match, "l.sku_id = t.gid");
		else
			snprintf(match, sizeof match, "(%s = t.gid OR (%s IS NULL AND t.gid IS NULL))",
				 ld->grp, ld->grp);
		snprintf(sql, size,
			 "SELECT t.k, t.gmv, t.units, (SELECT COUNT(DISTINCT l.order_id) "
			 "FROM order_line l%s%s WHERE %s%s) FROM "
			 "(SELECT COALESCE(n.%s, '') AS k, s.gid AS gid, s.gmv AS gmv, s.units AS units "
			 "FROM (SELECT %s AS gid, SUM(l.qty * l.unit_price) AS gmv, SUM(l.qty) AS units "
			 "FROM order_line l%s%s WHERE 1 = 1%s GROUP BY %s) s "
			 "LEFT JOIN %s n ON n.id = s.gid ORDER BY s.%s DESC, k LIMIT ?%d) t "
			 "ORDER BY t.%s DESC, t.k",
			 *w ? " JOIN orders o ON o.id = l.order_id" : "",
			 kind == K_SKU ? "" : " JOIN sku k ON k.id = l.sku_id", match, w,
			 ld->name, ld->grp, *w ? " JOIN orders o ON o.id = l.order_id" : "",
			 ld->join, w, ld->grp, ld->table, metric, limit, metric);
	} else if (!units) {
		snprintf(sql, size,
			 "SELECT t.k, t.gmv, (SELECT SUM(l.qty) FROM orders o JOIN order_line l "
			 "ON l.order_id = o.id WHERE o.customer_id = t.gid%s), t.orders FROM "
			 "(SELECT c.code AS k, s.gid AS gid, s.gmv AS gmv, s.orders AS orders FROM "
			 "(SELECT o.customer_id AS gid, SUM(o.goods_total) AS gmv, COUNT(*) AS orders "
			 "FROM orders o WHERE 1 = 1%s GROUP BY o.customer_id) s "
			 "JOIN customer c ON c.id = s.gid ORDER BY s.gmv DESC, k LIMIT ?%d) t "
			 "ORDER BY t.gmv DESC, t.k", w, w, limit);
	} else {
		snprintf(sql, size,
			 "SELECT c.code AS k, s.gmv, s.units, s.orders FROM "
			 "(SELECT x.k AS gid, SUM(x.gmv) AS gmv, SUM(x.units) AS units, "
			 "COUNT(*) AS orders FROM " ORDER_ROWS("o.customer_id") " GROUP BY x.k) s "
			 "JOIN customer c ON c.id = s.gid ORDER BY s.units DESC, k LIMIT ?%d",
			 w, limit);
	}
}

enum res
top_report(const struct top_query *q, struct top_row **rows, size_t *n, struct why *w)
{
	int kind = kind_of(q->by, sales_by_words, -1);
	int metric = kind_of(q->metric, top_metric_words, 0);
	char sql[2048];
	size_t cap = 0;
	struct win win;
	db_stmt *st;

	*rows = NULL;
	*n = 0;
	if (kind_of(q->by, top_by_words, -1) < 0)
		return res_fail(w, RES_BAD, "unknown --by '%s'", q->by ? q->by : "");
	if (metric < 0)
		return res_fail(w, RES_BAD, "unknown --metric '%s'", q->metric);
	if (q->has_from && q->has_until && q->until <= q->from)
		return res_fail(w, RES_BAD, "--until is not after --from");
	win_set(&win, q->has_from, q->from, q->has_until, q->until);
	top_sql(kind, metric == 1, &win, sql, sizeof sql);
	st = db_prep(sql);
	db_bind_int(st, win_bind(&win, st), q->limit);
	while (db_step(st)) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			*rows = xrealloc(*rows, cap * sizeof **rows);
		}
		(*rows)[*n].key = xstrdup(db_col_text(st, 0));
		(*rows)[*n].gmv = db_col_int(st, 1);
		(*rows)[*n].units = db_col_int(st, 2);
		(*rows)[*n].orders = db_col_int(st, 3);
		(*n)++;
	}
	return RES_DONE;
}

void
top_rows_free(struct top_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(rows[i].key);
	free(rows);
}
