/* ordership.h - shipping an order, its delivery and completion, and the
 * pick list of what is left to ship (SPEC §4 shop-order). */
#ifndef SHOP_ORDERSHIP_H
#define SHOP_ORDERSHIP_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "out.h"
#include "result.h"

struct order_ship_line {
	const char *sku;
	int64_t qty;
};

/*
 * Ship lines (sku, qty; n 0: everything left) of a confirmed or partly
 * shipped order, from one warehouse's lines when warehouse is given. A
 * sku's qty is taken from its lines in line order; the reservations
 * become shipment movements. The order becomes partially_shipped or
 * shipped. With a tracking number a shipment is applied once per order,
 * sku and tracking: the same again is RES_SKIPPED.
 */
enum res order_ship(const char *number, const struct order_ship_line *lines, size_t n,
		    const char *warehouse, const char *carrier, const char *tracking,
		    struct why *w);
/* ship FILE: columns order, sku, qty, warehouse, carrier, tracking (the
 * pick list by order with carrier and tracking added). Exit code 0 or 1. */
int order_ship_import(const char *path);
/* shipped -> delivered; delivered -> completed. Repeats are skipped. */
enum res order_deliver(const char *number, struct why *w);
enum res order_complete(const char *number, struct why *w);

/* The pick list of confirmed and partly shipped orders: by sku
 * (warehouse, sku, name, qty, orders; most first) or by order (order,
 * warehouse, sku, qty). warehouse NULL or "": all. */
extern const struct out_col order_pick_sku_cols[];
#define ORDER_PICK_SKU_NCOLS 5
extern const struct out_col order_pick_order_cols[];
#define ORDER_PICK_ORDER_NCOLS 4
db_stmt *order_pick_query(int by_order, const char *warehouse);

/* The unit cost an order line's units left with (its last shipment's
 * movement), for a customer return restocked at that cost; 0 if none. */
int64_t order_line_ship_cost(int64_t line_id);

#endif
