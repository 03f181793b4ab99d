/* shop-report - what the data says: sales with comparisons, top lists,
 * RFM, market-basket rules, stock, coupons, suppliers, the ledger, the
 * audit log. Option tables, dispatch and printing; the figures are
 * computed in lib/ (report_*.c), charts drawn by lib/chart.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "cli.h"
#include "codes.h"
#include "err.h"
#include "money.h"
#include "out.h"
#include "parse.h"
#include "report_basket.h"
#include "report_ops.h"
#include "report_rfm.h"
#include "report_sales.h"
#include "session.h"
#include "strmap.h"
#include "util.h"

/* ---- sales and top ---- */

static const char *rs_by, *rs_compare, *rs_metric;
static struct optnum rs_from, rs_until, rs_limit;
static int rs_chart;

static const struct opt sales_opts[] = {
	{ .lname = "from", .kind = OPT_TIME, .dest = &rs_from, .metavar = "D",
	  .help = "orders placed at or after D (a date or an ISO 8601 UTC time)" },
	{ .lname = "until", .kind = OPT_TIME, .dest = &rs_until, .metavar = "D",
	  .help = "orders placed before D" },
	{ .lname = "by", .kind = OPT_WORD, .dest = &rs_by, .metavar = "BY",
	  .help = "day, week (ISO), month (the default), sku, spu, category, brand, customer "
		  "or channel", .words = sales_by_words },
	{ .lname = "compare", .kind = OPT_WORD, .dest = &rs_compare, .metavar = "WITH",
	  .help = "add prev_X and change_X (percent) of each figure: previous or year",
	  .words = sales_compare_words },
	OPT("chart", 0, OPT_FLAG, &rs_chart, NULL,
	    "on a terminal, draw gmv after the rows (a sparkline and bars)"),
	OPT_END
};

static const struct opt top_opts[] = {
	{ .lname = "by", .kind = OPT_WORD, .dest = &rs_by, .metavar = "BY",
	  .help = "sku, category, brand or customer (required)", .words = top_by_words,
	  .required = 1 },
	{ .lname = "limit", .kind = OPT_INT, .dest = &rs_limit, .metavar = "N",
	  .help = "the first N (default 10)", .min = 1, .max = 1000000000 },
	{ .lname = "metric", .kind = OPT_WORD, .dest = &rs_metric, .metavar = "METRIC",
	  .help = "rank by gmv (the default) or units", .words = top_metric_words },
	{ .lname = "from", .kind = OPT_TIME, .dest = &rs_from, .metavar = "D",
	  .help = "orders placed at or after D" },
	{ .lname = "until", .kind = OPT_TIME, .dest = &rs_until, .metavar = "D",
	  .help = "orders placed before D" },
	OPT("chart", 0, OPT_FLAG, &rs_chart, NULL, "on a terminal, draw the metric as bars after the rows"),
	OPT_END
};

/* What a chart draws, gathered while the rows go out. */
struct series {
	char **labels, **texts; /* owned, each owned */
	int64_t *values;        /* owned */
	size_t n, cap;
};

static void
series_add(struct series *s, const char *label, int64_t value, int money)
{
	char m[MONEY_BUFSZ];

	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->labels = xrealloc(s->labels, s->cap * sizeof *s->labels);
		s->texts = xrealloc(s->texts, s->cap * sizeof *s->texts);
		s->values = xrealloc(s->values, s->cap * sizeof *s->values);
	}
	if (money)
		money_format(value, S.digits, m);
	else
		snprintf(m, sizeof m, "%lld", (long long)value);
	/* a row without a brand, category, spu or channel */
	s->labels[s->n] = xstrdup(*label ? label : "(none)");
	s->texts[s->n] = xstrdup(m);
	s->values[s->n] = value;
	s->n++;
}

/* The chart after the rows: a sparkline of the series first (spark). */
static void
series_draw(struct series *s, const char *title, int spark)
{
	size_t i;

	if (s->n) {
		putchar('\n');
		if (spark)
			chart_spark(stdout, title, s->values, (const char *const *)s->texts, s->n);
		chart_bars(stdout, spark ? NULL : title, (const char *const *)s->labels,
			   (const char *const *)s->texts, s->values, s->n);
	}
	for (i = 0; i < s->n; i++) {
		free(s->labels[i]);
		free(s->texts[i]);
	}
	free(s->labels);
	free(s->texts);
	free(s->values);
}

/* --until after --from, as a usage error */
static void
need_window_order(void)
{
	if (rs_from.set && rs_until.set && rs_until.v <= rs_from.v)
		usage_die("--until %s is not after --from %s", rs_until.text, rs_from.text);
}

/* Figure i of f as text into buf ("" when it has none). */
static const char *
fig_text(const struct sales_figs *f, int i, char *buf)
{
	int64_t v;

	if (!sales_fig(f, i, &v))
		buf[0] = '\0';
	else if (SALES_FIG_MONEY(i))
		money_format(v, S.digits, buf);
	else
		snprintf(buf, MONEY_BUFSZ, "%lld", (long long)v);
	return buf;
}

static int
sales_cmd(int argc, char **argv)
{
	struct sales_query q = { rs_by, rs_compare, rs_from.set, rs_until.set, rs_from.v,
				 rs_until.v };
	struct out_col cols[1 + 3 * SF_N];
	char names[2 * SF_N][32], text[3 * SF_N][MONEY_BUFSZ];
	const char *v[1 + 3 * SF_N];
	struct series chart = { NULL, NULL, NULL, 0, 0 };
	int draw = rs_chart && chart_wanted(G.fmt), periods;
	struct sales_report *r;
	struct sales_row row;
	size_t ncols = 1 + SF_N;
	struct why w;
	enum res rc;
	struct out o;
	int i;

	(void)argc;
	(void)argv;
	need_window_order();
	if (sales_needs_window(&q) && !(rs_from.set && rs_until.set))
		usage_die("--compare by %s compares a window: give --from and --until", rs_by);
	if ((rc = sales_open(&q, &r, &w)) != RES_DONE)
		return cli_result(rc, &w);
	periods = !strcmp(sales_key_name(&q), "period");
	cols[0].name = sales_key_name(&q);
	cols[0].kind = COL_TEXT;
	for (i = 0; i < SF_N; i++) {
		cols[1 + i].name = sales_fig_names[i];
		cols[1 + i].kind = SALES_FIG_MONEY(i) ? COL_MONEY : COL_INT;
	}
	if (rs_compare) {
		for (i = 0; i < SF_N; i++) {
			snprintf(names[2 * i], sizeof names[0], "prev_%s", sales_fig_names[i]);
			snprintf(names[2 * i + 1], sizeof names[0], "change_%s", sales_fig_names[i]);
			cols[ncols].name = names[2 * i];
			cols[ncols++].kind = cols[1 + i].kind;
			cols[ncols].name = names[2 * i + 1];
			cols[ncols++].kind = COL_INT; /* a number with one decimal */
		}
	}
	out_start(&o, cols, ncols);
	while (sales_next(r, &row)) {
		v[0] = row.key;
		for (i = 0; i < SF_N; i++)
			v[1 + i] = fig_text(&row.cur, i, text[i]);
		for (i = 0; rs_compare && i < SF_N; i++) {
			int64_t a, b;

			v[1 + SF_N + 2 * i] = row.has_prev ? fig_text(&row.prev, i, text[SF_N + 2 * i]) : "";
			text[SF_N + 2 * i + 1][0] = '\0';
			if (row.has_prev && sales_fig(&row.cur, i, &a) && sales_fig(&row.prev, i, &b))
				sales_change(a, b, text[SF_N + 2 * i + 1]);
			v[1 + SF_N + 2 * i + 1] = text[SF_N + 2 * i + 1];
		}
		out_row(&o, v);
		if (draw)
			series_add(&chart, row.key, row.cur.v[SF_GMV], 1);
	}
	out_end(&o);
	sales_close(r);
	if (draw)
		series_draw(&chart, "gmv", periods);
	return 0;
}

static int
top_cmd(int argc, char **argv)
{
	struct top_query q = { rs_by, rs_metric, rs_limit.set ? rs_limit.v : 10, rs_from.set,
			       rs_until.set, rs_from.v, rs_until.v };
	struct out_col cols[] = {
		{ "rank", COL_INT }, { rs_by, COL_TEXT }, { "gmv", COL_MONEY }, { "units", COL_INT },
		{ "orders", COL_INT },
	};
	struct series chart = { NULL, NULL, NULL, 0, 0 };
	int units = rs_metric && !strcmp(rs_metric, "units");
	struct top_row *rows;
	struct why w;
	enum res rc;
	struct out o;
	size_t i, n;

	(void)argc;
	(void)argv;
	need_window_order();
	if ((rc = top_report(&q, &rows, &n, &w)) != RES_DONE)
		return cli_result(rc, &w);
	out_start(&o, cols, 5);
	for (i = 0; i < n; i++) {
		char rank[32], gmv[MONEY_BUFSZ], u[32], ords[32];
		const char *v[5] = { rank, rows[i].key, gmv, u, ords };

		snprintf(rank, sizeof rank, "%zu", i + 1);
		money_format(rows[i].gmv, S.digits, gmv);
		snprintf(u, sizeof u, "%lld", (long long)rows[i].units);
		snprintf(ords, sizeof ords, "%lld", (long long)rows[i].orders);
		out_row(&o, v);
		if (rs_chart && chart_wanted(G.fmt))
			series_add(&chart, rows[i].key, units ? rows[i].units : rows[i].gmv, !units);
	}
	out_end(&o);
	top_rows_free(rows, n);
	series_draw(&chart, units ? "units" : "gmv", 0);
	return 0;
}

/* ---- rfm and basket ---- */

static struct optnum rfm_as_of, bk_max_len, bk_from, bk_until;
static const char *bk_support, *bk_confidence;
static int rfm_chart;

static const struct opt rfm_opts[] = {
	OPT("as-of", 0, OPT_TIME, &rfm_as_of, "DATE",
	    "the orders placed up to the end of this day (default today)"),
	OPT("chart", 0, OPT_FLAG, &rfm_chart, NULL,
	    "on a terminal, bars of the customers in each segment after the rows"),
	OPT_END
};

static const struct opt basket_opts[] = {
	OPT("min-support", 0, OPT_STR, &bk_support, "S",
	    "the least share of the orders that hold all of a rule's SKUs: above 0, "
	    "up to 1, at most 6 decimals (default 0.1)"),
	OPT("min-confidence", 0, OPT_STR, &bk_confidence, "C",
	    "the least share of the orders holding the antecedent that hold the "
	    "consequent too: 0 to 1 (default 0.8)"),
	{ .lname = "max-len", .kind = OPT_INT, .dest = &bk_max_len, .metavar = "K",
	  .help = "at most K items in a rule, antecedent and consequent (default 10)",
	  .min = 1, .max = 1000000 },
	OPT("from", 0, OPT_TIME, &bk_from, "DATE", "orders placed at or after DATE"),
	OPT("until", 0, OPT_TIME, &bk_until, "DATE", "orders placed before DATE"),
	OPT_END
};

static int
rfm_cmd(int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "customer", COL_TEXT }, { "recency_days", COL_INT }, { "frequency", COL_INT },
		{ "monetary", COL_MONEY }, { "r", COL_INT }, { "f", COL_INT }, { "m", COL_INT },
		{ "segment", COL_TEXT },
	};
	struct rfm_report rp;
	int64_t per[RFM_NSEGMENTS] = { 0 };
	char num[5][24], money[MONEY_BUFSZ], texts[RFM_NSEGMENTS][24];
	const char *labels[RFM_NSEGMENTS], *tp[RFM_NSEGMENTS];
	struct out o;
	size_t i, k;

	(void)argc;
	(void)argv;
	report_rfm(rfm_as_of.set ? rfm_as_of.v : shop_now(), &rp);
	out_start(&o, cols, 8);
	for (i = 0; i < rp.n; i++) {
		const struct rfm_row *r = &rp.rows[i];
		const char *v[8] = { r->customer, num[0], num[1],
				     money_format(r->monetary, S.digits, money), num[2], num[3],
				     num[4], r->segment };

		snprintf(num[0], sizeof num[0], "%lld", (long long)r->recency_days);
		snprintf(num[1], sizeof num[1], "%lld", (long long)r->frequency);
		snprintf(num[2], sizeof num[2], "%d", r->r);
		snprintf(num[3], sizeof num[3], "%d", r->f);
		snprintf(num[4], sizeof num[4], "%d", r->m);
		out_row(&o, v);
		for (k = 0; k < RFM_NSEGMENTS; k++)
			if (r->segment == rfm_segments[k])
				per[k]++;
	}
	out_end(&o);
	if (rfm_chart && chart_wanted(G.fmt)) {
		for (k = 0; k < RFM_NSEGMENTS; k++) {
			labels[k] = rfm_segments[k];
			snprintf(texts[k], sizeof texts[k], "%lld", (long long)per[k]);
			tp[k] = texts[k];
		}
		putchar('\n');
		chart_bars(stdout, "customers by segment", labels, tp, per, RFM_NSEGMENTS);
	}
	rfm_report_release(&rp);
	return 0;
}

/* A ratio option: 0 to 1, at most 6 decimals, else bad data (65). */
static int64_t
ratio_opt(const char *opt, const char *v, int64_t def, int64_t min)
{
	const char *why;
	int64_t r;

	if (!v)
		return def;
	if (basket_parse_ratio(v, &r, &why) < 0)
		die(EX_DATA, "bad --%s '%s': %s", opt, v, why);
	if (r < min)
		die(EX_DATA, "bad --%s '%s': not above 0", opt, v);
	return r;
}

static int
basket_cmd(int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "antecedent", COL_TEXT }, { "consequent", COL_TEXT }, { "support", COL_INT },
		{ "confidence", COL_INT }, { "lift", COL_INT }, { "count", COL_INT },
	};
	struct basket_params p;
	struct basket_window w = { bk_from.set, bk_until.set, bk_from.v, bk_until.v };
	struct basket_report rp;
	struct sbuf lhs = SBUF_INIT;
	char sup[BASKET_FIGSZ], conf[BASKET_FIGSZ], lift[BASKET_FIGSZ], count[24];
	struct out o;
	size_t i;
	uint32_t k;

	(void)argc;
	(void)argv;
	/* R arules' defaults: supp 0.1, conf 0.8, maxlen 10 */
	p.min_support = ratio_opt("min-support", bk_support, 100000, 1);
	p.min_confidence = ratio_opt("min-confidence", bk_confidence, 800000, 0);
	p.max_len = bk_max_len.set ? bk_max_len.v : 10;
	report_basket(&w, &p, &rp);
	out_start(&o, cols, 6);
	for (i = 0; i < rp.rules.n; i++) {
		const struct basket_rule *r = &rp.rules.rule[i];
		const char *v[6] = { NULL, rp.sku[r->rhs], sup, conf, lift, count };

		sbuf_reset(&lhs);
		for (k = 0; k < r->nlhs; k++) {
			if (k)
				sbuf_addc(&lhs, ';');
			sbuf_adds(&lhs, rp.sku[rp.rules.items[r->lhs + k]]);
		}
		v[0] = sbuf_str(&lhs);
		basket_figures(&rp.rules, r, sup, conf, lift);
		snprintf(count, sizeof count, "%lld", (long long)r->count);
		out_row(&o, v);
	}
	out_end(&o);
	sbuf_release(&lhs);
	basket_report_release(&rp);
	return 0;
}

/* ---- stock, coupons, suppliers, ledger, audit ---- */

static struct optnum ro_dead_days, ro_from, ro_until, ro_as_of;
static const char *ro_warehouse, *ro_by, *ro_user;
static int ro_chart;

static const char *const ro_by_words[] = { "month", NULL };

#define RO_CHART_OPT(h) OPT("chart", 0, OPT_FLAG, &ro_chart, NULL, h)
#define RO_WINDOW_OPTS(what) \
	OPT("from", 0, OPT_TIME, &ro_from, "D", "only " what " at or after D (a date or an ISO 8601 time)"), \
	OPT("until", 0, OPT_TIME, &ro_until, "D", "only " what " before D")

static const struct opt ro_stock_opts[] = {
	{ .lname = "dead-days", .kind = OPT_INT, .dest = &ro_dead_days, .metavar = "N",
	  .help = "dead: stock on hand with no sale in the last N days, 1 to 36500 (default 90)",
	  .min = 1, .max = 36500 },
	{ .lname = "warehouse", .kind = OPT_STR, .dest = &ro_warehouse, .metavar = "CODE",
	  .help = "only this warehouse (unknown: exit 3)", .complete = "warehouse" },
	RO_CHART_OPT("on a terminal, bars of the value by sku after the rows (the 20 largest)"),
	OPT_END
};

static const struct opt ro_suppliers_opts[] = {
	RO_WINDOW_OPTS("POs submitted"),
	OPT_END
};

static const struct opt ro_ledger_opts[] = {
	OPT("as-of", 0, OPT_TIME, &ro_as_of, "D", "only entries up to the end of day D"),
	{ .lname = "by", .kind = OPT_WORD, .dest = &ro_by, .metavar = "month",
	  .help = "the trial balance at the end of every month", .words = ro_by_words },
	RO_CHART_OPT("on a terminal, bars of the balances after the rows (the 20 largest; "
		     "by month, a sparkline of each)"),
	OPT_END
};

static const struct opt ro_audit_opts[] = {
	RO_WINDOW_OPTS("writes"),
	{ .lname = "user", .kind = OPT_STR, .dest = &ro_user, .metavar = "USER",
	  .help = "only this user's writes", .complete = "" },
	OPT_END
};

/* An option's time as ISO 8601 text, or "" when not given. */
static const char *
ro_time(const struct optnum *t, char *buf)
{
	buf[0] = '\0';
	return t->set ? format_time(t->v, buf) : buf;
}

/* ---- charts: what a chart draws, kept while the rows go out ---- */

struct ro_chart {
	char **labels;    /* owned, each owned */
	int64_t **series; /* owned: per label, nvals figures */
	size_t n, cap, nvals;
};

/* The figures of label (a new label when it is not the last one added). */
static int64_t *
ro_chart_at(struct ro_chart *c, const char *label)
{
	if (!c->n || strcmp(c->labels[c->n - 1], label) != 0) {
		if (c->n == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 64;
			c->labels = xrealloc(c->labels, c->cap * sizeof *c->labels);
			c->series = xrealloc(c->series, c->cap * sizeof *c->series);
		}
		c->labels[c->n] = xstrdup(label);
		c->series[c->n] = xcalloc(c->nvals ? c->nvals : 1, sizeof **c->series);
		c->n++;
	}
	return c->series[c->n - 1];
}

static void
ro_chart_release(struct ro_chart *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->labels[i]);
		free(c->series[i]);
	}
	free(c->labels);
	free(c->series);
}

#define RO_CHART_MAX 20

static int64_t
ro_abs(int64_t v)
{
	return v < 0 ? -v : v;
}

/* The indexes of the RO_CHART_MAX largest last figures (by size), the
 * largest first, the first label on a tie; how many. */
static size_t
ro_chart_top(const struct ro_chart *c, size_t *idx)
{
	size_t i, k, m = 0, last = c->nvals ? c->nvals - 1 : 0;

	for (i = 0; i < c->n; i++) {
		int64_t v = ro_abs(c->series[i][last]);

		for (k = m; k > 0 && ro_abs(c->series[idx[k - 1]][last]) < v; k--)
			if (k < RO_CHART_MAX)
				idx[k] = idx[k - 1];
		if (k < RO_CHART_MAX) {
			idx[k] = i;
			if (m < RO_CHART_MAX)
				m++;
		}
	}
	return m;
}

/* Bars of the (last) figures, as amounts: the bar is the size, the text
 * signed. */
static void
ro_chart_bars(const struct ro_chart *c, const char *what)
{
	size_t idx[RO_CHART_MAX], m = ro_chart_top(c, idx), i, last = c->nvals ? c->nvals - 1 : 0;
	const char *labels[RO_CHART_MAX], *texts[RO_CHART_MAX];
	char money[RO_CHART_MAX][MONEY_BUFSZ], *title;
	int64_t values[RO_CHART_MAX];

	for (i = 0; i < m; i++) {
		labels[i] = c->labels[idx[i]];
		values[i] = ro_abs(c->series[idx[i]][last]);
		texts[i] = money_format(c->series[idx[i]][last], S.digits, money[i]);
	}
	title = xasprintf("\n%s%s", what, c->n > m ? " (the 20 largest)" : "");
	chart_bars(stdout, title, labels, texts, values, m);
	free(title);
}

/* ---- stock ---- */

struct ro_stock {
	struct out o;
	struct ro_chart chart;
};

static void
ro_stock_row(const struct stock_report_row *r, void *arg)
{
	struct ro_stock *rs = arg;
	char n[2][24], money[2][MONEY_BUFSZ];
	const char *v[REPORT_STOCK_NCOLS] = {
		r->sku, r->warehouse, n[0],
		r->has_cost ? money_format(r->cost, S.digits, money[0]) : NULL,
		r->has_cost ? money_format(r->value, S.digits, money[1]) : NULL,
		n[1], r->days_of_cover, r->turnover, r->last_sale, r->dead ? "yes" : "no",
	};

	snprintf(n[0], sizeof n[0], "%lld", (long long)r->on_hand);
	snprintf(n[1], sizeof n[1], "%lld", (long long)r->units_30d);
	out_row(&rs->o, v);
	if (ro_chart)
		ro_chart_at(&rs->chart, r->sku)[0] += r->value; /* the sku's warehouses added */
}

static int
ro_stock_cmd(int argc, char **argv)
{
	struct stock_report_opts o = { 90, -1 };
	struct ro_stock rs = { .chart = { .nvals = 1 } };
	struct why why;

	(void)argc;
	(void)argv;
	if (ro_dead_days.set)
		o.dead_days = ro_dead_days.v;
	if (ro_warehouse)
		cli_result(code_warehouse(ro_warehouse, &o.warehouse_id, &why), &why);
	ro_chart = ro_chart && chart_wanted(G.fmt);
	out_start(&rs.o, report_stock_cols, REPORT_STOCK_NCOLS);
	report_stock(&o, ro_stock_row, &rs);
	out_end(&rs.o);
	if (ro_chart)
		ro_chart_bars(&rs.chart, "value by sku");
	ro_chart_release(&rs.chart);
	return 0;
}

/* ---- coupons, suppliers ---- */

static int
ro_coupons_cmd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	out_query(report_coupons_cols, REPORT_COUPONS_NCOLS, report_coupons());
	return 0;
}

static int
ro_suppliers_cmd(int argc, char **argv)
{
	char from[TIME_BUFSZ], until[TIME_BUFSZ];

	(void)argc;
	(void)argv;
	out_query(report_suppliers_cols, REPORT_SUPPLIERS_NCOLS,
		  report_suppliers(ro_time(&ro_from, from), ro_time(&ro_until, until)));
	return 0;
}

/* ---- ledger ---- */

struct ro_ledger {
	struct out o;
	int by_month;
	char month[8];           /* the month of the rows going out */
	struct ro_chart chart;   /* per account: its balance at each month's end */
};

static void
ro_ledger_row(const struct ledger_report_row *r, void *arg)
{
	struct ro_ledger *rl = arg;
	char money[3][MONEY_BUFSZ];
	const char *v[REPORT_LEDGER_NCOLS + 1] = {
		r->month, r->account, money_format(r->debit, S.digits, money[0]),
		money_format(r->credit, S.digits, money[1]),
		money_format(r->balance, S.digits, money[2]),
	};

	out_row(&rl->o, rl->by_month ? v : v + 1);
	if (!ro_chart)
		return;
	if (!rl->by_month) {
		ro_chart_at(&rl->chart, r->account)[0] = r->balance;
		return;
	}
	/* each month's rows name every account so far, in order: the
	 * series are counted in a first pass (ro_ledger_cmd) */
	if (strcmp(rl->month, r->month) != 0) {
		snprintf(rl->month, sizeof rl->month, "%s", r->month);
		rl->chart.nvals++;
	}
}

/* A sparkline per account (the 20 largest at the end), labels aligned by
 * display width. */
static void
ro_ledger_sparks(const struct ro_chart *c)
{
	size_t idx[RO_CHART_MAX], m = ro_chart_top(c, idx), i, k, w = 0;
	char (*money)[MONEY_BUFSZ] = xcalloc(c->nvals, sizeof *money);
	const char **texts = xcalloc(c->nvals, sizeof *texts);

	for (i = 0; i < m; i++)
		if (utf8_width(c->labels[idx[i]]) > w)
			w = utf8_width(c->labels[idx[i]]);
	printf("\nbalance at each month's end%s\n", c->n > m ? " (the 20 largest)" : "");
	for (i = 0; i < m; i++) {
		char *title = xasprintf("%s%*s", c->labels[idx[i]],
					(int)(w - utf8_width(c->labels[idx[i]])), "");

		for (k = 0; k < c->nvals; k++)
			texts[k] = money_format(c->series[idx[i]][k], S.digits, money[k]);
		chart_spark(stdout, title, c->series[idx[i]], texts, c->nvals);
		free(title);
	}
	free(money);
	free(texts);
}

/* The second pass of a chart by month: the balances into their series. */
struct ro_fill {
	struct ro_chart *c;
	struct strmap at;   /* account -> its index in c */
	char month[8];
	size_t k;           /* the month's index */
};

static void
ro_ledger_fill(const struct ledger_report_row *r, void *arg)
{
	struct ro_fill *f = arg;
	struct strmap_ent *e = strmap_at(&f->at, r->account);

	if (strcmp(f->month, r->month) != 0) {
		if (f->month[0])
			f->k++;
		snprintf(f->month, sizeof f->month, "%s", r->month);
	}
	if (!e->val) {
		ro_chart_at(f->c, r->account);
		e = strmap_at(&f->at, r->account);
		e->val = (int64_t)f->c->n;
	}
	f->c->series[e->val - 1][f->k] = r->balance;
}

static int
ro_ledger_cmd(int argc, char **argv)
{
	struct ledger_report_opts o = { ro_as_of.set, ro_as_of.v, ro_by != NULL };
	struct ro_ledger rl = { .by_month = o.by_month, .chart = { .nvals = o.by_month ? 0 : 1 } };

	(void)argc;
	(void)argv;
	ro_chart = ro_chart && chart_wanted(G.fmt);
	out_start(&rl.o, o.by_month ? report_ledger_cols : report_ledger_cols + 1,
		  REPORT_LEDGER_NCOLS + (o.by_month ? 1 : 0));
	report_ledger(&o, ro_ledger_row, &rl);
	out_end(&rl.o);
	if (ro_chart && !o.by_month)
		ro_chart_bars(&rl.chart, "balance by account");
	if (ro_chart && o.by_month && rl.chart.nvals) {
		/* the months are known now: a second pass fills the series of
		 * the accounts in the order of the last month (every account) */
		struct ro_fill f = { &rl.chart, STRMAP_INIT(0), "", 0 };

		report_ledger(&o, ro_ledger_fill, &f);
		strmap_release(&f.at);
		ro_ledger_sparks(&rl.chart);
	}
	ro_chart_release(&rl.chart);
	return 0;
}

/* ---- audit ---- */

static int
ro_audit_cmd(int argc, char **argv)
{
	char from[TIME_BUFSZ], until[TIME_BUFSZ];

	(void)argc;
	(void)argv;
	out_query(report_audit_cols, REPORT_AUDIT_NCOLS,
		  report_audit(ro_time(&ro_from, from), ro_time(&ro_until, until), ro_user));
	return 0;
}

static const struct cmd cmds[] = {
	/* sales, top */
	{ "sales", "", "what the orders placed came to, by period or by a dimension\n"
	  "columns: period (2026-03-02, 2026-W10, 2026-03; named after the dimension\n"
	  "with --by sku, spu, category, brand, customer or channel), orders, paid_orders\n"
	  "(paid in full), units, gmv (qty x unit price, before discounts, no freight),\n"
	  "discounts, refunds (all money given back), net (gmv - discounts - refunds of\n"
	  "the live orders), aov ((gmv - discounts) / orders, half up). Every order placed\n"
	  "in the window counts, whatever became of it; every period from the first to\n"
	  "the last is a row, zeros too. --compare adds prev_X and change_X (a percent,\n"
	  "one decimal; empty when prev_X is 0) for each figure: the period before, or a\n"
	  "year earlier; by a dimension the window just before --from, or a year\n"
	  "earlier, so it needs --from and --until.",
	  0, sales_opts, 0, 0, sales_cmd },
	{ "top", "", "the first N skus, categories, brands or customers by gmv or units\n"
	  "columns: rank, then the key named after --by (sku, category, brand, customer),\n"
	  "gmv, units and orders, counted as sales counts them; by the metric descending,\n"
	  "ties by the key.",
	  0, top_opts, 0, 0, top_cmd },

	/* rfm, basket */
	{ "rfm", "", "recency, frequency and monetary value of each customer, scored and named\n"
	  "columns: customer, recency_days, frequency, monetary, r, f, m, segment; over\n"
	  "the live orders placed up to the end of the --as-of day. Scores are NTILE(5)\n"
	  "quintiles, 5 the best, ties by customer code; the segments from r and the\n"
	  "f/m average are in shop-report(1). Rows by customer code.",
	  0, rfm_opts, 0, 0, rfm_cmd },
	{ "basket", "", "association rules: SKUs bought together (market-basket analysis)\n"
	  "columns: antecedent, consequent, support, confidence, lift, count; each live\n"
	  "order a basket of its distinct SKUs, rules as R arules' apriori mines them\n"
	  "(an empty antecedent too: {} => SKU). Antecedent SKUs joined by ';'. Sorted\n"
	  "by lift, confidence, support (descending), then antecedent and consequent.",
	  0, basket_opts, 0, 0, basket_cmd },

	/* stock, coupons, suppliers, ledger, audit */
	{ "stock", "", "stock value, cover, turnover and dead stock per sku and warehouse\n"
	  "columns: sku, warehouse, on_hand, cost, value, units_30d, days_of_cover,\n"
	  "turnover, last_sale, dead. value = on_hand x the sku's cost; units_30d =\n"
	  "units shipped in the last 30 days (today and the 29 before, UTC);\n"
	  "days_of_cover = on_hand / (units_30d / 30), one decimal, empty without\n"
	  "sales; turnover = units shipped in the last 365 days / the mean of the\n"
	  "365 daily closing on_hand levels, two decimals, empty when that is 0;\n"
	  "last_sale = the date of the last shipment; dead = yes when there is\n"
	  "stock on hand and no shipment in the last --dead-days days.",
	  0, ro_stock_opts, 0, 0, ro_stock_cmd },
	{ "coupons", "", "how every coupon does, and who funds it\n"
	  "columns: code, issued, used, expired, void, redemption_rate, discount,\n"
	  "gmv, funded_by: those of shop-coupon stats, for every coupon.",
	  0, NULL, 0, 0, ro_coupons_cmd },
	{ "suppliers", "", "the supplier scorecard: on time, filled, over and short\n"
	  "columns: supplier, pos, deliveries, on_time_rate, fill_rate, over, short,\n"
	  "over the POs submitted (not cancelled) in the window. A receipt is on\n"
	  "time on or before the day its PO is due (expected_at: the supplier's lead\n"
	  "time from the submission, or the date given); fill_rate = units received,\n"
	  "each line up to its qty, / units ordered; over = lines received over\n"
	  "their qty; short = lines of closed POs received under it. Percents with\n"
	  "one decimal. Suppliers without POs are left out.",
	  0, ro_suppliers_opts, 0, 0, ro_suppliers_cmd },
	{ "ledger", "", "the trial balance of the money ledger\n"
	  "columns: account, debit, credit, balance (debit - credit), every account\n"
	  "with postings; the balances sum to zero. --by month: the trial balance at\n"
	  "the end of each month (a column month first), from the first entry's\n"
	  "month to the last's (or --as-of's).",
	  0, ro_ledger_opts, 0, 0, ro_ledger_cmd },
	{ "audit", "", "who wrote what: the audit log per user, program and command\n"
	  "columns: user, program, command, writes, first, last (the times of the\n"
	  "first and the last write); 'shop log' lists the writes themselves.",
	  0, ro_audit_opts, 0, 0, ro_audit_cmd },

	{ NULL, NULL, NULL, 0, NULL, 0, 0, NULL }
};

int
main(int argc, char **argv)
{
	return shop_main(argc, argv, "shop-report",
			 "shop-report: sales, top lists, RFM, basket rules, stock, coupons, suppliers, "
			 "the ledger", cmds);
}
