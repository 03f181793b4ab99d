/* stocklist.h - the read side of stock: levels, the ledger and the pools
 * as queries whose rows the caller prints (their columns are given with
 * each). Filters take ids (codes.h turns codes into ids); -1 means any. */
#ifndef SHOP_STOCKLIST_H
#define SHOP_STOCKLIST_H

#include <stdint.h>

#include "db.h"

/*
 * What open purchase orders will bring into (sku, warehouse): submitted
 * or partly received, each line's qty less what came. Computed in one
 * place, the ON_ORDER subquery of stocklist.c, for levels and for this.
 */
int64_t stock_on_order(int64_t sku_id, int64_t warehouse_id);

/* sku, warehouse, on_hand, reserved, allocated, available, reorder_point,
 * on_order: a row per (sku, warehouse) with stock, a reorder rule or
 * something on order, by sku and warehouse. below_reorder: only rows with
 * a rule whose available + on_order is at or below the reorder point. */
db_stmt *stock_levels(int64_t sku_id, int64_t warehouse_id, int below_reorder);

/* A filter of the ledger; what is not set is not filtered. */
struct move_filter {
	int64_t sku_id, warehouse_id;  /* -1: any */
	int has_since, has_until;
	int64_t since, until;          /* epoch seconds: since included, until excluded */
	const char *type;              /* NULL or a movement type name */
	const char *ref;               /* NULL or a ref */
};
#define MOVE_FILTER_ANY { -1, -1, 0, 0, 0, 0, NULL, NULL }

/* id, at, type, sku, warehouse, qty, ref, doc, note, user: the ledger,
 * oldest first. */
db_stmt *stock_moves(const struct move_filter *f);

/* name, sku, warehouse, qty, drawn, left, status, created_at, released_at,
 * by name. */
db_stmt *stock_pools(void);

#endif
