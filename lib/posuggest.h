/* posuggest.h - reorder suggestions (SPEC §3 "Reorder rules", §4 shop-po
 * suggest): what to order of each SKU for each warehouse, from whom, and
 * the draft POs that order it.
 *
 * A (sku, warehouse) with a reorder rule is due when available + on_order
 * is at or below its reorder point: it needs target - available -
 * on_order (a target rule) or its order_qty. One without a rule needs its
 * average daily sales over the window times the lead time and the safety
 * days, net of what is there and on order:
 *
 *   ceil(sold × (lead_days + po.safety_days) / window_days)
 *       - available - on_order
 *
 * sold: units of order lines in that warehouse of orders created from
 * now - po.sales_window up to now, both included, not cancelled (expired
 * orders are cancelled ones) or rejected; window_days: po.sales_window in
 * whole days, at least 1. The supplier is the rule's when it names one,
 * else the one whose item for the SKU is cheapest (ties: the smaller
 * code), else none. lead_days: the chosen item's (the supplier's when
 * the item has none), else 0 (a rule says how much itself: its lead_days
 * plays no part). The need is raised to the item's MOQ, then rounded up
 * to a multiple of its pack size (no item: 1 and 1); rows with nothing to
 * order are left out. Integers only.
 */
#ifndef SHOP_POSUGGEST_H
#define SHOP_POSUGGEST_H

#include <stddef.h>
#include <stdint.h>

#include "out.h"
#include "result.h"

/* One suggestion. */
struct po_suggestion {
	char *supplier;          /* owned; "" when no supplier is known */
	char *sku, *warehouse;   /* owned: their codes */
	int64_t available, on_order;
	int has_rule;
	int64_t reorder_point;   /* the rule's, when has_rule */
	int64_t qty;             /* what to order, >= 1 */
	int64_t cost;            /* a PO line's cost: the supplier item's, else the
				  * SKU's, else 0 */
};

struct po_suggestions {
	struct po_suggestion *v; /* owned: n rows by supplier, sku, warehouse */
	size_t n, cap;
};
#define PO_SUGGESTIONS_INIT { NULL, 0, 0 }

/* supplier, sku, warehouse, available, on_order, reorder_point (empty
 * without a rule), suggested_qty. */
#define PO_SUGGEST_NCOLS 7
extern const struct out_col po_suggest_cols[PO_SUGGEST_NCOLS];

/*
 * The suggestions into s. warehouse: NULL for every one, else only its
 * rows (unknown: RES_NOTFOUND). levels NULL: the (sku, warehouse) with a
 * rule or with sales in the window, their figures as stock levels has
 * them; else a levels CSV ("-": stdin; the columns of shop-stock levels,
 * sku, warehouse, available, on_order and reorder_point required, others
 * ignored): exactly its rows, with the available and on_order they carry
 * (the rules are the database's). A malformed row or a sku and warehouse
 * twice dies 65, an unknown sku or warehouse 3, naming FILE:LINE.
 */
enum res po_suggest(const char *warehouse, const char *levels, struct po_suggestions *s,
		    struct why *w);

/*
 * Draft POs for the suggestions: one per (supplier, warehouse), by
 * supplier and warehouse, its lines by sku at each row's qty and cost
 * (po_create). A row without a supplier is left out with a warning; a
 * (sku, warehouse) already on a draft PO (of any supplier) is left out.
 * each (may be NULL) hears of every PO made. A po_create failure is
 * returned with its reason.
 */
enum res po_suggest_create(const struct po_suggestions *s,
			   void (*each)(int64_t po, const char *supplier, const char *warehouse,
					size_t nlines, void *arg),
			   void *arg, struct why *w);

void po_suggestions_release(struct po_suggestions *s);

#endif
