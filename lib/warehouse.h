/* warehouse.h - warehouses: their codes, add and import (an upsert that
 * never overwrites), the list. Shared by shop-stock, and by shop-order
 * and shop-po, which split orders by priority. */
#ifndef SHOP_WAREHOUSE_H
#define SHOP_WAREHOUSE_H

#include <stdint.h>

#include "db.h"
#include "result.h"

#define WAREHOUSE_PRIORITY_DEFAULT 100
#define WAREHOUSE_PRIORITY_MAX 1000000 /* priorities are 0 .. this */

struct warehouse {
	const char *code;   /* borrowed */
	const char *name;   /* borrowed */
	const char *region; /* borrowed; NULL: not given */
	int has_priority;   /* 0: not given */
	int64_t priority;   /* lower numbers ship first when orders split */
};

/* A warehouse's id by code, or -1. */
int64_t warehouse_id(const char *code);

/* A warehouse code as codes go (check_code_text), and no blank inside:
 * RES_DONE, or RES_BAD with the reason. */
enum res warehouse_check_code(const char *code, struct why *w);

/*
 * Add a warehouse. What is not given (region, priority) is not compared
 * with a stored warehouse and takes its default ('' and 100) in a new
 * one. RES_DONE (added), RES_SKIPPED (the same is there), RES_REFUSED
 * (the code is there with other details), RES_BAD (a malformed code, an
 * empty name, a priority out of range).
 */
enum res warehouse_put(const struct warehouse *wh, struct why *w);
/* warehouse_put, and a note for the audit log when it adds. */
enum res warehouse_add(const struct warehouse *wh, struct why *w);

/* Import warehouses from CSV (columns code, name, optional region,
 * priority) with the import framework; returns the exit code. */
int warehouse_import(const char *path);

/* The list, first choice first: code, name, region, priority (the
 * columns of warehouse_import). */
db_stmt *warehouse_list(void);

#endif
