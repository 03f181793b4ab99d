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
#include "report_basket.h"
#include "report_rfm.h"
#include "session.h"
#include "util.h"

/* ---- sales and top ---- */

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

static const struct cmd cmds[] = {
	/* sales, top */

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

	{ NULL, NULL, NULL, 0, NULL, 0, 0, NULL }
};

int
main(int argc, char **argv)
{
	return shop_main(argc, argv, "shop-report",
			 "shop-report: sales, top lists, RFM, basket rules, stock, coupons, suppliers, "
			 "the ledger", cmds);
}
