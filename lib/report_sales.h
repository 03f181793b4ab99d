/* report_sales.h - shop-report sales and top (SPEC §4 shop-report): what
 * the orders placed in a window came to, by period or by a dimension,
 * compared with the period before or a year earlier, and top lists.
 *
 * The figures, by the time each order was placed, whatever became of it:
 *   orders       orders placed (by a dimension: the orders with a line in it)
 *   paid_orders  of those, the ones paid in full (paid >= total)
 *   units        units ordered
 *   gmv          sum of qty x unit price: before discounts, no freight
 *   discounts    the discounts of those orders (of those lines)
 *   refunds      all money given back on those orders: after-sales refunds
 *                and credit notes, and what a cancel gave back
 *   net          gmv - discounts - refunds over the live orders only (not
 *                cancelled, expired or rejected)
 *   aov          (gmv - discounts) / orders, half up; none without orders
 * By a line dimension (sku, spu, category, brand) gmv, units, discounts and
 * refunds are the lines'; what a cancel gave back belongs to no line and is
 * spread over the order's lines by what each had left to refund (largest
 * remainder), so the rows add up to the totals by period.
 *
 * Periods: day "2026-03-02", ISO week "2026-W10" (Monday to Sunday, the
 * ISO year), month "2026-03". Every bucket from the first to the last is
 * a row, those without orders as zeros; the first is the bucket of --from
 * (else of the first order in the window), the last the bucket of the
 * last instant before --until (else of the last order). Buckets cut by
 * the window hold only what is inside it.
 *
 * --compare adds each figure of the bucket before (previous) or of the
 * same bucket a year earlier (year: the same date, month, or ISO week
 * number of the previous ISO year), whole, not cut by the window; a
 * bucket that does not exist (2027-02-29, a W53 the year before lacks)
 * leaves the comparison empty. By a dimension the comparison window is the
 * one of the same length just before --from (previous), or --from and
 * --until a calendar year earlier (year; Feb 29 becomes Mar 1); both ends
 * are needed. Rows by a dimension: every key with orders in the window or
 * the comparison window, by key (byte order).
 */
#ifndef SHOP_REPORT_SALES_H
#define SHOP_REPORT_SALES_H

#include <stddef.h>
#include <stdint.h>

#include "result.h"

extern const char *const sales_by_words[];      /* day week month sku ... channel */
extern const char *const sales_compare_words[]; /* previous year */
extern const char *const top_by_words[];        /* sku category brand customer */
extern const char *const top_metric_words[];    /* gmv units */

/* The figures of a row, in column order; aov is computed (sales_fig). */
enum { SF_ORDERS, SF_PAID_ORDERS, SF_UNITS, SF_GMV, SF_DISCOUNTS, SF_REFUNDS, SF_NET, SF_AOV,
       SF_N };
extern const char *const sales_fig_names[SF_N]; /* "orders" .. "aov" */
/* Figures SF_GMV and after are money. */
#define SALES_FIG_MONEY(i) ((i) >= SF_GMV)

struct sales_figs {
	int64_t v[SF_AOV]; /* SF_ORDERS .. SF_NET */
};

/* Figure i of f into *v: 1, or 0 when it has no value (aov without orders). */
int sales_fig(const struct sales_figs *f, int i, int64_t *v);

/* The change from prev to cur as a percent with one decimal, half up
 * ("12.5", "-100.0"), measured against |prev|; "" when prev is 0. buf
 * needs 32 bytes. Returns buf. */
char *sales_change(int64_t cur, int64_t prev, char *buf);

/* What to report. Words are the option values (NULL: the default). */
struct sales_query {
	const char *by;        /* sales_by_words; NULL: month */
	const char *compare;   /* sales_compare_words or NULL */
	int has_from, has_until;
	int64_t from, until;   /* epoch seconds: from included, until excluded */
};

/* The name of the first column: "period", or the dimension ("sku"). */
const char *sales_key_name(const struct sales_query *q);

/* Does the query need both --from and --until? (--compare by a dimension) */
int sales_needs_window(const struct sales_query *q);

struct sales_row {
	const char *key;        /* borrowed until the next row: the label or the value */
	struct sales_figs cur;
	int has_prev;           /* --compare and there is a bucket to compare with */
	struct sales_figs prev;
};

/* Run the query: RES_DONE and *r, to read with sales_next; RES_BAD when
 * the window is empty (--until not after --from) or a dimension's
 * comparison lacks an end. */
struct sales_report;
enum res sales_open(const struct sales_query *q, struct sales_report **r, struct why *w);
/* The next row into *row: 1, or 0 at the end. */
int sales_next(struct sales_report *r, struct sales_row *row);
void sales_close(struct sales_report *r);

/* top --by sku|category|brand|customer: gmv, units and orders as sales
 * counts them, by metric descending, ties by key ascending (byte order);
 * rank 1, 2, 3 ... in that order. */
struct top_query {
	const char *by;        /* top_by_words (required) */
	const char *metric;    /* top_metric_words; NULL: gmv */
	int64_t limit;         /* 1 or more */
	int has_from, has_until;
	int64_t from, until;
};
struct top_row {
	char *key;             /* owned */
	int64_t gmv, units, orders;
};
enum res top_report(const struct top_query *q, struct top_row **rows, size_t *n,
		    struct why *w);
void top_rows_free(struct top_row *rows, size_t n);

#endif
