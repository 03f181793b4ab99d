/* report_rfm.c - RFM scores and segments (see report_rfm.h). The database
 * sums each customer's live orders; the quintiles are counted here, over
 * the sorted rows, exactly as NTILE(5) would deal them. */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "err.h"
#include "parse.h"
#include "report_rfm.h"
#include "util.h"

#define DAY 86400

const char *const rfm_segments[RFM_NSEGMENTS + 1] = {
	"champions", "loyal", "potential", "new", "promising", "need_attention",
	"about_to_sleep", "at_risk", "cant_lose", "hibernating", "lost", NULL,
};

enum { CHAMPIONS, LOYAL, POTENTIAL, NEW, PROMISING, NEED_ATTENTION, ABOUT_TO_SLEEP,
       AT_RISK, CANT_LOSE, HIBERNATING, LOST };

/* [r - 1][fm - 1], as the grid in report_rfm.h reads from r 1 up */
static const unsigned char grid[5][5] = {
	{ LOST, LOST, AT_RISK, AT_RISK, CANT_LOSE },
	{ HIBERNATING, HIBERNATING, AT_RISK, AT_RISK, CANT_LOSE },
	{ ABOUT_TO_SLEEP, ABOUT_TO_SLEEP, NEED_ATTENTION, LOYAL, LOYAL },
	{ PROMISING, POTENTIAL, POTENTIAL, LOYAL, LOYAL },
	{ NEW, POTENTIAL, POTENTIAL, CHAMPIONS, CHAMPIONS },
};

const char *
rfm_segment(int r, int f, int m)
{
	int fm = (f + m + 1) / 2;

	if (r < 1 || r > 5 || f < 1 || f > 5 || m < 1 || m > 5)
		die(EX_INTERNAL, "rfm_segment: scores %d %d %d out of range", r, f, m);
	return rfm_segments[grid[r - 1][fm - 1]];
}

int
rfm_ntile(size_t i, size_t n, int k)
{
	size_t q = n / (size_t)k, big = n % (size_t)k; /* the first big groups hold q + 1 */

	if (i < big * (q + 1))
		return (int)(i / (q + 1)) + 1;
	return (int)(big + (i - big * (q + 1)) / q) + 1;
}

/* the order of each score's window: worst first, ties by customer code */
static int
by_recency(const void *a, const void *b)
{
	const struct rfm_row *x = *(const struct rfm_row *const *)a;
	const struct rfm_row *y = *(const struct rfm_row *const *)b;

	if (x->recency_days != y->recency_days)
		return x->recency_days > y->recency_days ? -1 : 1;
	return strcmp(x->customer, y->customer);
}

static int
by_frequency(const void *a, const void *b)
{
	const struct rfm_row *x = *(const struct rfm_row *const *)a;
	const struct rfm_row *y = *(const struct rfm_row *const *)b;

	if (x->frequency != y->frequency)
		return x->frequency < y->frequency ? -1 : 1;
	return strcmp(x->customer, y->customer);
}

static int
by_monetary(const void *a, const void *b)
{
	const struct rfm_row *x = *(const struct rfm_row *const *)a;
	const struct rfm_row *y = *(const struct rfm_row *const *)b;

	if (x->monetary != y->monetary)
		return x->monetary < y->monetary ? -1 : 1;
	return strcmp(x->customer, y->customer);
}

static int
by_code(const void *a, const void *b)
{
	return strcmp(((const struct rfm_row *)a)->customer, ((const struct rfm_row *)b)->customer);
}

/* Deal the score: NTILE(5) over the rows in the order cmp gives. */
static void
score(struct rfm_report *rp, struct rfm_row **order, int (*cmp)(const void *, const void *),
      char which)
{
	size_t i;

	for (i = 0; i < rp->n; i++)
		order[i] = &rp->rows[i];
	qsort(order, rp->n, sizeof *order, cmp);
	for (i = 0; i < rp->n; i++) {
		int t = rfm_ntile(i, rp->n, 5);

		if (which == 'r')
			order[i]->r = t;
		else if (which == 'f')
			order[i]->f = t;
		else
			order[i]->m = t;
	}
}

void
report_rfm(int64_t as_of, struct rfm_report *out)
{
	char end[TIME_BUFSZ], date[11];
	int64_t day = as_of - ((as_of % DAY) + DAY) % DAY, last;
	size_t cap = 0, i;
	struct rfm_row **order;
	const char *why;
	db_stmt *st;

	memset(out, 0, sizeof *out);
	/* the totals of an order are kept with it (proved by shop-order
	 * check): goods_total = its lines' qty x unit price; what went back
	 * on a live order is its after-sales refunds (refunded) and credit
	 * notes (credited) */
	st = db_prep("SELECT c.code, t.last, t.n, t.m FROM (SELECT customer_id, "
		     "MAX(created_at) AS last, COUNT(*) AS n, SUM(goods_total - discount_shop - "
		     "discount_platform - refunded - credited) AS m FROM orders "
		     "WHERE status <> 'cancelled' AND status <> 'rejected' AND created_at < ?1 "
		     "GROUP BY customer_id) t JOIN customer c ON c.id = t.customer_id");
	db_bind_text(st, 1, format_time(day + DAY, end));
	while (db_step(st)) {
		struct rfm_row *r;

		if (out->n == cap) {
			cap = cap ? cap * 2 : 64;
			out->rows = xrealloc(out->rows, cap * sizeof *out->rows);
		}
		r = &out->rows[out->n++];
		memset(r, 0, sizeof *r);
		r->customer = xstrdup(db_col_text(st, 0));
		snprintf(date, sizeof date, "%s", db_col_text(st, 1));
		if (parse_date(date, &last, &why) < 0)
			die(EX_DATA, "customer '%s': bad created_at '%s': %s", r->customer,
			    db_col_text(st, 1), why);
		r->recency_days = (day - last) / DAY;
		r->frequency = db_col_int(st, 2);
		r->monetary = db_col_int(st, 3);
	}
	if (!out->n)
		return;
	order = xmalloc(out->n * sizeof *order);
	score(out, order, by_recency, 'r');
	score(out, order, by_frequency, 'f');
	score(out, order, by_monetary, 'm');
	free(order);
	qsort(out->rows, out->n, sizeof *out->rows, by_code);
	for (i = 0; i < out->n; i++)
		out->rows[i].segment = rfm_segment(out->rows[i].r, out->rows[i].f, out->rows[i].m);
}

void
rfm_report_release(struct rfm_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->rows[i].customer);
	free(r->rows);
	memset(r, 0, sizeof *r);
}
