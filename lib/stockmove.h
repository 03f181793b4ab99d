/* stockmove.h - stock documents as people give them, by code: a receipt,
 * an adjustment or a transfer of one line, or a file of them; a pool
 * created or released by name. Each answers in the result type and notes
 * what it changed for the audit log. The rules are lib/stock.c's. */
#ifndef SHOP_STOCKMOVE_H
#define SHOP_STOCKMOVE_H

#include <stdint.h>

#include "result.h"

enum stock_move_kind { STOCK_RECEIVE, STOCK_ADJUST, STOCK_TRANSFER };

/* One line, by code. */
struct stock_move {
	enum stock_move_kind kind;
	const char *sku;       /* borrowed */
	const char *warehouse; /* borrowed: the warehouse (transfer: where it leaves) */
	const char *to;        /* borrowed: transfer: where it enters */
	int64_t qty;           /* receive, transfer: > 0; adjust: signed, not 0 */
	const char *ref;       /* borrowed: the document; a ref is applied once */
	const char *note;      /* borrowed; NULL or free text */
};

/* Apply one line: RES_DONE, RES_SKIPPED (the ref is applied), or
 * RES_NOTFOUND (unknown sku or warehouse), RES_REFUSED, RES_BAD. */
enum res stock_move_one(const struct stock_move *m, struct why *w);

/*
 * A file of lines, with the import framework: columns sku, warehouse, qty,
 * ref, optional note (transfer: sku, from, to, qty, ref, note), applied in
 * file order. Receipts go through stock_bulk (a million rows). Returns the
 * exit code.
 */
int stock_move_import(enum stock_move_kind kind, const char *path);

/* Pools by name and codes (stock_pool_create, stock_pool_release). */
enum res stock_pool_create_code(const char *name, const char *sku, const char *warehouse,
				int64_t qty, struct why *w);
enum res stock_pool_release_name(const char *name, struct why *w);

#endif
