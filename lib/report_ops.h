/* report_ops.h - the operations reports of shop-report (SPEC §4): stock
 * (value at cost, days of cover, turnover, dead stock), coupons, the
 * supplier scorecard, the trial balance and the audit summary. They read
 * and write nothing; the caller prints the rows. Ratios are integer
 * arithmetic rounded half up (money_muldiv), printed with a fixed number
 * of decimals.
 *
 * Days are UTC dates. "The last N days" are today (the day of SHOP_NOW)
 * and the N - 1 days before it: from midnight of today - (N - 1) on. */
#ifndef SHOP_REPORT_OPS_H
#define SHOP_REPORT_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "out.h"

/* ---- stock ---- */

#define REPORT_STOCK_NCOLS 10
/* sku, warehouse, on_hand, cost, value, units_30d, days_of_cover,
 * turnover, last_sale, dead */
extern const struct out_col report_stock_cols[REPORT_STOCK_NCOLS];

struct stock_report_opts {
	int64_t dead_days;     /* no sale in this many days: dead (>= 1) */
	int64_t warehouse_id;  /* -1: every warehouse */
};

/*
 * One row per (sku, warehouse) the stock table holds, by sku and
 * warehouse code:
 *   value          on_hand x the SKU's cost (no cost: both empty)
 *   units_30d      units shipped (shipment movements) in the last 30 days
 *   days_of_cover  on_hand / (units_30d / 30), one decimal; "" without sales
 *   turnover       units shipped in the last 365 days / the average on hand
 *                  over those days, the mean of the 365 daily closing
 *                  on_hand levels (each rebuilt from on_hand now and the
 *                  movements since); two decimals; "" when the average is 0
 *   last_sale      the date of the last shipment ever; "" for none
 *   dead           on_hand > 0 and no shipment in the last dead_days days
 * Pointers are valid during the call only.
 */
struct stock_report_row {
	const char *sku, *warehouse;
	int64_t on_hand;
	int has_cost;
	int64_t cost, value;           /* minor units */
	int64_t units_30d;
	const char *days_of_cover;     /* "12.5" or "" */
	const char *turnover;          /* "3.25" or "" */
	const char *last_sale;         /* "2026-11-20" or "" */
	int dead;
};
void report_stock(const struct stock_report_opts *o,
		  void (*each)(const struct stock_report_row *r, void *arg), void *arg);

/* ---- coupons ---- */

/* The columns of shop-coupon stats for every coupon, by code, plus
 * funded_by: lib/coupon.c's stats query, printed to its ninth column. */
#define REPORT_COUPONS_NCOLS 9
extern const struct out_col *const report_coupons_cols;
db_stmt *report_coupons(void);

/* ---- suppliers ---- */

/*
 * supplier, pos, deliveries, on_time_rate, fill_rate, over, short: per
 * supplier with POs, by code, over its POs submitted in the window
 * (from: "" for no start, until: "" for no end; ISO 8601 texts), drafts
 * and cancelled POs left out:
 *   pos           those POs
 *   deliveries    their receipts (returns are not deliveries)
 *   on_time_rate  receipts on or before the PO's due date (the date of
 *                 its expected_at: the supplier's lead time from the
 *                 submission, or the date the buyer gave), in percent of
 *                 the receipts of POs with a due date, one decimal; ""
 *                 when there are none
 *   fill_rate     units received of the units ordered, each line counted
 *                 up to its qty (an over-receipt fills no other line),
 *                 percent, one decimal
 *   over          ordered lines received over their qty
 *   short         ordered lines of closed POs received under their qty
 * Lines of qty 0 (samples not ordered) count in none of them.
 */
#define REPORT_SUPPLIERS_NCOLS 7
extern const struct out_col report_suppliers_cols[REPORT_SUPPLIERS_NCOLS];
db_stmt *report_suppliers(const char *from, const char *until);

/* ---- ledger ---- */

/* account, debit, credit, balance; with by month, month first. */
#define REPORT_LEDGER_NCOLS 4
extern const struct out_col report_ledger_cols[REPORT_LEDGER_NCOLS + 1];

struct ledger_report_opts {
	int has_as_of;
	int64_t as_of;   /* epoch seconds: the postings of entries up to the end of its day */
	int by_month;
};

/*
 * The trial balance: every account with postings, by account; debit and
 * credit the sums of its positive and negative postings as positive
 * amounts, balance = debit - credit. The balances sum to zero (every
 * journal entry does). by_month: the trial balance at the end of each
 * month, from the month of the first entry to that of the last (or of
 * as_of), a month without entries repeating the one before; each month's
 * rows sum to zero and the last month's are the plain report's.
 */
struct ledger_report_row {
	const char *month;     /* "2026-11"; NULL without by_month */
	const char *account;
	int64_t debit, credit, balance;
};
void report_ledger(const struct ledger_report_opts *o,
		   void (*each)(const struct ledger_report_row *r, void *arg), void *arg);

/* ---- audit ---- */

/* user, program, command, writes, first, last: the audit log per user,
 * program and command (by those), the writes (audit rows) each made and
 * when the first and the last were; rows at or after from ("": all),
 * before until ("": all), of user (NULL: anyone). */
#define REPORT_AUDIT_NCOLS 6
extern const struct out_col report_audit_cols[REPORT_AUDIT_NCOLS];
db_stmt *report_audit(const char *from, const char *until, const char *user);

#endif
