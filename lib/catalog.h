/* catalog.h - the catalogue's commands over SKUs, for every front end:
 * the product import (its columns and row mapping), export and list
 * queries, add, set, activate/deactivate, and show (a SKU with its price
 * lists, codes and stock, assembled whole) */
#ifndef SHOP_CATALOG_H
#define SHOP_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "csvio.h"
#include "db.h"
#include "import.h"
#include "out.h"
#include "product.h"
#include "result.h"

/* The import columns, in export order; set takes the same names. */
enum product_col {
	PC_SKU, PC_SPU, PC_NAME, PC_BRAND, PC_CATEGORY, PC_ATTRS, PC_KEY_ATTRS, PC_PRICE,
	PC_MARKET_PRICE, PC_COST, PC_BARCODE, PC_WEIGHT_G, PC_STATUS, PC_BACKORDER,
	PC_ON_SALE_FROM, PC_ON_SALE_UNTIL, PRODUCT_NCOLS
};
extern const struct csv_col product_import_cols[PRODUCT_NCOLS];
/* Row i of a record read with product_import_cols as a product_row:
 * columns the file lacks are NULL (keep what is stored). The strings are
 * the record's. */
void product_row_of(const struct imp_record *rec, size_t i, struct product_row *pr);
/* shop-product import: path ("-" or NULL: stdin) through import_run.
 * Returns the exit code, 0 or 1. */
int product_import(const char *path);

/* export: every import column of every SKU, by sku */
extern const struct out_col product_export_cols[PRODUCT_NCOLS];
db_stmt *product_export_query(void);

/* list: sku, name, brand, category, price, status, by sku. Filters NULL
 * when not given: a category takes its whole subtree, search matches
 * sku, name or barcode containing the text (ASCII case ignored). An
 * unknown category or brand is RES_NOTFOUND, a bad status RES_BAD. */
struct product_filter {
	const char *category, *brand, *status, *search;
};
#define PRODUCT_LIST_NCOLS 6
extern const struct out_col product_list_cols[PRODUCT_LIST_NCOLS];
enum res product_list_query(const struct product_filter *f, db_stmt **st, struct why *why);

/* add: a new SKU (name required). The same values again are RES_SKIPPED
 * ("sku 'X' exists; skipped"), other values RES_REFUSED (use set). */
enum res product_add(const struct product_row *r, struct why *why);

/*
 * set SKU FIELD=VALUE...: the fields by their column names (and
 * spu_name), through the same checks as import. An unknown field, a
 * field given twice, sku, or a required field (name, status, backorder)
 * set empty is RES_BAD; an unknown SKU RES_NOTFOUND; nothing new
 * RES_SKIPPED ("sku 'X' is unchanged; skipped").
 */
extern const char *const product_set_fields[]; /* NULL-terminated */
enum res product_set(const char *sku, char *const *assign, size_t n, struct why *why);

/*
 * activate/deactivate: set the status ("active", "inactive") of every
 * SKU of skus[0..n) and, when given, the ends of its on-sale window (NULL
 * keep, "" clear, else an ISO 8601 UTC time). All or nothing: an unknown
 * SKU or a broken rule changes none of them. A SKU already so is noted
 * on stderr ("sku 'X' is already active; skipped", unless quiet);
 * RES_SKIPPED when all were.
 */
enum res product_set_status(char *const *skus, size_t n, const char *status, const char *from,
			    const char *until, struct why *why);

/* show: a SKU whole, at time now. fields is one row (every field, then
 * on_sale: "yes" or "no: reason"); lists are its price-list entries,
 * customer part numbers, supplier codes and stock per warehouse. */
enum { PV_PRICE_LIST, PV_PART, PV_SUPPLIER_CODE, PV_STOCK, PV_NLISTS };
struct product_view {
	struct out_rows fields;
	struct out_rows lists[PV_NLISTS];
};
enum res product_show(const char *sku, int64_t now, struct product_view *v, struct why *why);
void product_view_release(struct product_view *v);

#endif
