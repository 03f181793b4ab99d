/* po.h - purchase orders (SPEC §3 "Purchase orders", §4 shop-po): create
 * and import, the states, deliveries received (partial, over within
 * po.over_receipt_tolerance, samples not ordered), goods sent back,
 * supplier payments, payables, and what is on order.
 *
 * States: draft -> submitted -> partially_received -> received -> closed,
 * or cancelled (a draft or a submitted PO with nothing received). close
 * short-closes what will not come (a draft is cancelled, not closed; a PO
 * with receipts is closed, not cancelled). Any other move is RES_REFUSED
 * naming the state.
 *
 * Money: a receipt is inventory +, payable:SUPPLIER - at the line's cost;
 * a return the reverse; a payment payable:SUPPLIER +, cash -. A PO's
 * total is what its lines come to at cost, each line at the larger of
 * what was ordered and what was received; payments may reach it, not
 * more.
 */
#ifndef SHOP_PO_H
#define SHOP_PO_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "out.h"
#include "result.h"

#define PO_PREFIX "PO-"

enum po_status {
	PO_DRAFT,
	PO_SUBMITTED,
	PO_PARTIALLY_RECEIVED,
	PO_RECEIVED,
	PO_CLOSED,
	PO_CANCELLED,
};
extern const char *const po_status_words[]; /* NULL-terminated */

/* "PO-12" -> 12, or -1. */
int64_t po_parse_number(const char *number);

/* One line as given: our sku (or, when it is not one of ours, the
 * supplier's code for one) or supplier_sku, the supplier's code; a qty and
 * a cost (has_cost), else the supplier item's cost. */
struct po_line_in {
	const char *sku;           /* NULL or "": supplier_sku names it */
	const char *supplier_sku;
	int64_t qty;
	int has_cost;
	int64_t cost;              /* minor units */
};

struct po_in {
	const char *supplier, *warehouse;
	const char *po_ref;        /* NULL or "": none */
	const char *expected_at;   /* NULL or "": the lead time from submit */
	const char *note;
	const struct po_line_in *lines;
	size_t nlines;
};

/*
 * A draft PO: the supplier and warehouse known, each line's SKU (ours or
 * the supplier's code), qty 1.., cost given or the supplier item's (an
 * SKU the supplier has no item for needs a cost), a SKU once. *id gets
 * its number. RES_SKIPPED (and *id the PO there) when the supplier has a
 * PO with this po_ref already. On a failure about a line, *bad is its
 * index (bad may be NULL).
 */
enum res po_create(const struct po_in *in, int64_t *id, size_t *bad, struct why *w);

/* Import POs from CSV (po_ref, supplier, warehouse, sku or supplier_sku,
 * qty; optional cost, expected_at): rows grouped by (supplier, po_ref)
 * wherever they are in the file, each group one draft PO, all its rows
 * or none; a PO already there is skipped. Returns the exit code. */
int po_import(const char *path);

enum res po_submit(const char *number, struct why *w);
enum res po_cancel(const char *number, struct why *w);
enum res po_close(const char *number, struct why *w);

/* A delivery: units of lines by our sku or the supplier's code for one
 * (summed when a sku comes again), under ref, applied once per PO. */
struct po_receive_line {
	const char *sku;           /* ours, else the supplier's code */
	int64_t qty;
};

/*
 * Receive a delivery (a submitted or partly received PO): every line
 * within the tolerance (a percent of the line's qty, inclusive, rounded
 * down to whole units), else RES_REFUSED naming it and nothing received;
 * a SKU not on the PO only with allow_unordered (a line of qty 0 at cost
 * 0: a sample). The units go on hand (receipt movements at the line's
 * cost), the PO becomes partially_received or received. The same ref
 * again: RES_SKIPPED (with other lines: RES_REFUSED).
 */
enum res po_receive(const char *number, const char *ref, const struct po_receive_line *lines,
		    size_t n, int allow_unordered, struct why *w);

/* po_receive from CSV (columns sku or supplier_sku, qty): the rows are one
 * delivery. Returns the exit code. */
int po_receive_file(const char *number, const char *path, const char *ref,
		    int allow_unordered);

/* Send received units back (any PO that received them, closed ones
 * included): never more than received less returned; purchase_return
 * movements at the line's cost. The same ref again: RES_SKIPPED. */
enum res po_return(const char *number, const char *ref, const struct po_receive_line *lines,
		   size_t n, struct why *w);

/* A supplier payment against a PO, txn applied once (the same txn with
 * another amount or PO: RES_REFUSED); never past the PO's total. */
enum res po_pay(const char *number, int64_t amount, const char *txn, const char *method,
		struct why *w);

/* list [--status] [--supplier]: po, po_ref, supplier, warehouse, status,
 * lines, ordered, received, total, created_at, expected_at, oldest first. */
#define PO_LIST_NCOLS 11
extern const struct out_col po_list_cols[PO_LIST_NCOLS];
db_stmt *po_list_query(const char *status, const char *supplier);

/* lines [--po PO]: po, sku, qty, cost, received, returned. */
#define PO_LINES_NCOLS 6
extern const struct out_col po_lines_cols[PO_LINES_NCOLS];
db_stmt *po_lines_query(const char *po);

/* payables: supplier, received_value, returned_value, paid, balance. */
#define PO_PAYABLES_NCOLS 5
extern const struct out_col po_payables_cols[PO_PAYABLES_NCOLS];
db_stmt *po_payables_query(void);

/* show PO: the PO whole, its lines, deliveries, payments and history. */
enum { PV_LINES, PV_DELIVERIES, PV_PAYMENTS, PV_HISTORY, PV_NLISTS };
struct po_view {
	struct out_rows fields;
	struct out_rows lists[PV_NLISTS];
};
enum res po_show(const char *number, struct po_view *v, struct why *w);
void po_view_release(struct po_view *v);

/* The purchasing invariants (shop-po check): each line's received and
 * returned are its deliveries' and its movements'; each supplier's
 * payable is its receipts less returns and payments; a PO's paid is its
 * payments, at most its total. How many violations. */
size_t po_check(void (*report)(const char *violation, void *arg), void *arg);

#endif
