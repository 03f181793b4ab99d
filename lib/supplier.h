/* supplier.h - the supplier master (SPEC §3 "Suppliers", §4 shop-po
 * supplier): suppliers (code, name, lead time, rating, contact) and the
 * items each sells us (cost, MOQ, pack size, lead time; the supplier's own
 * code for the SKU is the supplier_code mapping of pricelist.h, one
 * mapping for both). Purchase orders, suggestions and the supplier codes
 * start from these look-ups. */
#ifndef SHOP_SUPPLIER_H
#define SHOP_SUPPLIER_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "out.h"
#include "result.h"

/* A supplier's id by code, or -1. */
int64_t supplier_id(const char *code);

/*
 * The id of the supplier a record names: RES_DONE and *id; RES_BAD
 * "missing supplier" for an empty code; RES_NOTFOUND "unknown supplier
 * 'X'" with "(did you mean 'Y'?)" when a stored code is near.
 */
enum res supplier_find_id(const char *code, int64_t *id, struct why *w);

/*
 * A supplier as given, as text (a command line or a CSV cell). NULL: not
 * given (add: not compared; import: the column is absent, the stored
 * value stays); "" clears an optional value (lead_days, rating, email,
 * phone). lead_days: whole days >= 0; rating: 0 to 5, one decimal at
 * most (stored in tenths).
 */
struct supplier_in {
	const char *code, *name, *lead_days, *rating, *email, *phone;
};

/* supplier add: RES_DONE (added), RES_SKIPPED (the same is there),
 * RES_REFUSED (the code is there with other details), RES_BAD. */
enum res supplier_add(const struct supplier_in *in, struct why *w);

/* supplier import (columns code, name, lead_days, rating, email, phone):
 * an upsert by code; returns the exit code. */
int supplier_import(const char *path);

/* supplier list, by code: code, name, lead_days, rating, email, phone
 * (re-importable). */
#define SUPPLIER_LIST_NCOLS 6
extern const struct out_col supplier_list_cols[SUPPLIER_LIST_NCOLS];
db_stmt *supplier_list_query(void);

/* What a supplier sells us: one item, as stored. */
struct supplier_item {
	int64_t supplier_id, sku_id;
	int64_t cost;          /* minor units */
	int64_t moq;           /* >= 1 */
	int64_t pack_size;     /* >= 1 */
	int64_t lead_days;     /* the item's, else the supplier's; -1: unknown */
};

/* The item (supplier, sku): RES_DONE, or RES_NOTFOUND "supplier 'S' has
 * no item 'SKU'" (names as given by the caller). */
enum res supplier_item_get(int64_t supplier_id, int64_t sku_id, struct supplier_item *it,
			   struct why *w);

/* The supplier's items for many SKUs by our codes, in one query (an
 * import's batch; the codes distinct): each(code, sku_id, it, arg) for
 * every code that names a SKU, in no order, it NULL when the supplier has
 * no item for it; codes that name no SKU are left out. */
void supplier_items_load_codes(int64_t supplier_id, const char *const *codes, size_t n,
			       void (*each)(const char *code, int64_t sku_id,
					    const struct supplier_item *it, void *arg),
			       void *arg);

/* How many items the supplier has; and every one of them with its SKU's
 * code, in one pass (each as above, it never NULL): for a batch that names
 * much of what the supplier sells. */
int64_t supplier_item_count(int64_t supplier_id);
void supplier_items_load_all(int64_t supplier_id,
			     void (*each)(const char *code, int64_t sku_id,
					  const struct supplier_item *it, void *arg),
			     void *arg);

/* supplier items import (columns supplier, sku, supplier_sku, cost, moq,
 * pack_size, lead_days; supplier, sku and cost required; a supplier_sku
 * is put in the supplier_code mapping): an upsert by (supplier, sku);
 * returns the exit code. */
int supplier_items_import(const char *path);

/* supplier items list [--supplier S], by supplier and sku: the import's
 * columns (round trip; supplier_sku the first of the supplier's codes
 * for the SKU, "" for none). supplier NULL or "": every one. */
#define SUPPLIER_ITEM_NCOLS 7
extern const struct out_col supplier_item_cols[SUPPLIER_ITEM_NCOLS];
db_stmt *supplier_items_query(const char *supplier);

#endif
