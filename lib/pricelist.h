/* pricelist.h - what points at SKUs from outside the catalogue: B2B price
 * lists, customer part numbers, supplier codes. Upserts for the imports,
 * look-ups for shop-order and shop-po, list queries.
 *
 * A customer is one of the customer master (lib/customer.h), kept by id
 * and shown by code; a supplier is one of the supplier master
 * (lib/supplier.h), kept by its code; a group is stored as the code
 * given. Each upsert validates one record (as text, the way CSV gives
 * it) and applies it inside the caller's transaction, like
 * product_upsert: RES_DONE (new), RES_UPDATED, RES_SKIPPED (the same
 * again), or a failure (RES_BAD, RES_NOTFOUND for an unknown sku,
 * customer or supplier) that writes nothing. */
#ifndef SHOP_PRICELIST_H
#define SHOP_PRICELIST_H

#include <stdint.h>

#include "db.h"
#include "out.h"
#include "result.h"

struct price_row {
	const char *customer;   /* exactly one of customer/group non-empty */
	const char *group;
	const char *sku;
	const char *min_qty;    /* NULL or "" means 1 */
	const char *price;
};
enum res price_list_upsert(const struct price_row *r, struct why *why);
enum res part_upsert(const char *customer, const char *part_no, const char *sku,
		     struct why *why);
enum res supplier_code_upsert(const char *supplier, const char *supplier_sku, const char *sku,
			      struct why *why);

/*
 * The best (lowest) price-list price of a SKU for qty units bought by a
 * customer (its own list, by id; -1 for none) or its group (NULL or ""
 * when none): RES_DONE and *price, or RES_NOTFOUND when no entry applies
 * (min_qty above qty).
 */
enum res price_list_best(int64_t customer_id, const char *group, int64_t sku_id, int64_t qty,
			 int64_t *price);
/* A customer's part number (the customer by id) or a supplier's code to
 * our SKU id, or -1. */
int64_t product_part_sku(int64_t customer_id, const char *part_no);
int64_t product_supplier_sku(const char *supplier, const char *supplier_sku);

/* The imports of the three (import_run): the exit code, 0 or 1. */
int prices_import(const char *path);
int parts_import(const char *path);
int supplier_codes_import(const char *path);

/*
 * The lists, re-importable, as queries to step (out_query): NULL filters
 * take everything; an --sku, --customer or --supplier filter naming no
 * SKU, customer or supplier is RES_NOTFOUND.
 */
#define PRICE_LIST_NCOLS 5
extern const struct out_col price_list_cols[PRICE_LIST_NCOLS];
enum res price_list_query(const char *sku, const char *customer, const char *group,
			  db_stmt **st, struct why *why);
#define MAPPING_NCOLS 3
extern const struct out_col part_cols[MAPPING_NCOLS];
extern const struct out_col supplier_code_cols[MAPPING_NCOLS];
enum res part_list_query(const char *sku, const char *customer, db_stmt **st, struct why *why);
enum res supplier_code_list_query(const char *sku, const char *supplier, db_stmt **st,
				  struct why *why);

#endif
