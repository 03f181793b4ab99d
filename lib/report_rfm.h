/* report_rfm.h - RFM: each customer's recency, frequency and monetary
 * value, scored 1 to 5 by quintiles and named by a segment (shop-report
 * rfm). */
#ifndef SHOP_REPORT_RFM_H
#define SHOP_REPORT_RFM_H

#include <stddef.h>
#include <stdint.h>

struct rfm_row {
	char *customer;         /* owned: the customer's code */
	int64_t recency_days;   /* from the last order's date to the day */
	int64_t frequency;      /* orders */
	int64_t monetary;       /* minor units: gmv - discounts - refunds */
	int r, f, m;            /* 1 .. 5, 5 the best */
	const char *segment;    /* static: one of rfm_segments */
};

struct rfm_report {
	struct rfm_row *rows;   /* owned: by customer code */
	size_t n;
};

/* The segments, best first: champions, loyal, potential, new, promising,
 * need_attention, about_to_sleep, at_risk, cant_lose, hibernating, lost. */
#define RFM_NSEGMENTS 11
extern const char *const rfm_segments[RFM_NSEGMENTS + 1]; /* NULL-terminated */

/*
 * Every customer with a live order (not cancelled, not rejected) placed
 * before the end of the day of as_of (epoch seconds; the time of day does
 * not matter): recency_days = whole days from the date of the last of
 * them to that day; frequency = how many; monetary = their goods (qty x
 * unit price) less their discounts and what was given back on them
 * (refunds and credit notes). Scores are what SQL's NTILE(5) gives over
 * the customers ordered worst first, ties by code:
 *   r = NTILE(5) OVER (ORDER BY recency_days DESC, customer)
 *   f = NTILE(5) OVER (ORDER BY frequency, customer)
 *   m = NTILE(5) OVER (ORDER BY monetary, customer)
 * and the segment comes from r and the f/m average (rfm_segment). Rows by
 * customer code (byte order).
 */
void report_rfm(int64_t as_of, struct rfm_report *out);
void rfm_report_release(struct rfm_report *r);

/* NTILE(k) of row i (0-based) of n rows: k groups whose sizes differ by
 * at most one, the larger first; 1 .. k. */
int rfm_ntile(size_t i, size_t n, int k);

/*
 * The segment of scores r, f, m (1 .. 5), on r and fm = (f + m) / 2
 * rounded half up (f 4, m 5: 5):
 *
 *          fm  1               2               3               4           5
 *   r 5        new             potential       potential       champions   champions
 *   r 4        promising       potential       potential       loyal       loyal
 *   r 3        about_to_sleep  about_to_sleep  need_attention  loyal       loyal
 *   r 2        hibernating     hibernating     at_risk         at_risk     cant_lose
 *   r 1        lost            lost            at_risk         at_risk     cant_lose
 *
 * (the grid widely published for RFM segments on R and F scores, with F
 * read as the f/m average and r 1 with fm 1-2 named lost).
 */
const char *rfm_segment(int r, int f, int m);

#endif
