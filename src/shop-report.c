/* shop-report - what the data says: sales with comparisons, top lists,
 * RFM, market-basket rules, stock, coupons, suppliers, the ledger, the
 * audit log. Option tables, dispatch and printing; the figures are
 * computed in lib/ (report_*.c), charts drawn by lib/chart.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "cli.h"
#include "err.h"
#include "money.h"
#include "out.h"
#include "parse.h"
#include "report_sales.h"
#include "session.h"
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

/* ---- stock, coupons, suppliers, ledger, audit ---- */

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

	/* stock, coupons, suppliers, ledger, audit */

	{ NULL, NULL, NULL, 0, NULL, 0, 0, NULL }
};

int
main(int argc, char **argv)
{
	return shop_main(argc, argv, "shop-report",
			 "shop-report: sales, top lists, RFM, basket rules, stock, coupons, suppliers, "
			 "the ledger", cmds);
}
