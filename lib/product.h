/* product.h - the SKU record, shared by every tool: its fields checked,
 * the upsert of one record by sku (imports, add, set), SKU look-ups, the
 * on-sale rule, the catalogue invariants. Categories are category.h,
 * brands brand.h, price lists and codes pricelist.h, the commands over
 * products catalog.h. */
#ifndef SHOP_PRODUCT_H
#define SHOP_PRODUCT_H

#include <stddef.h>
#include <stdint.h>

#include "result.h"

/* A thousand tonnes is surely a typo. */
#define PRODUCT_WEIGHT_MAX 1000000000

/*
 * One product record as text, the way it comes from a CSV row (our own
 * columns, or a WooCommerce/Shopify export mapped onto them). NULL means
 * "column not given": on insert the default, on update keep what is
 * stored. "" means "clear it" where the field is optional, and keeps
 * name, status and backorder.
 */
struct product_row {
	const char *sku;           /* required */
	const char *spu;           /* SPU code grouping variants */
	const char *spu_name;      /* SPU display name (platform imports, set) */
	const char *name;          /* required for a new SKU */
	const char *brand;         /* created when named */
	const char *category;      /* path "A/B/C", created when named, max 4 levels */
	const char *attrs;         /* sales attributes "k=v;k=v" */
	const char *key_attrs;     /* key attributes "k=v;k=v" */
	const char *price;         /* decimal money */
	const char *market_price;
	const char *cost;
	const char *barcode;       /* EAN-8/UPC-A/EAN-13/GTIN-14 digits, check digit verified */
	const char *weight_g;      /* integer grams */
	const char *status;        /* draft|active|inactive */
	const char *backorder;     /* bool */
	const char *on_sale_from;  /* ISO 8601 UTC */
	const char *on_sale_until;
	size_t line;               /* bulk loads: the input line of the record */
};

/*
 * Validate one record and apply it inside the caller's transaction:
 * RES_DONE (a new SKU), RES_UPDATED, or RES_SKIPPED for a record identical
 * to what is stored; in a queued bulk load, RES_PENDING for a new SKU
 * (product_bulk_queue below). A record that fails changes nothing and returns
 * RES_BAD for a malformed value ("bad price '1.234': too many decimals")
 * or RES_REFUSED for a broken business rule (category not a leaf, barcode
 * in use), with the reason in why.
 */
enum res product_upsert(const struct product_row *r, struct why *why);

/*
 * Can field (a column name: "barcode", "weight_g", "price", "brand",
 * "category", ...) hold the non-empty value s, judged by its format alone
 * (no rule across fields or records)? RES_DONE, or RES_BAD with the
 * reason alone in why ("check digit should be 1"). Platform imports drop
 * what an optional field cannot hold instead of losing the product.
 */
enum res product_check_value(const char *field, const char *s, struct why *why);

/*
 * shop-product check: every catalogue invariant the database does not
 * enforce by itself. Each violation, one worded line, goes to report;
 * returns how many. Read only.
 */
size_t catalogue_check(void (*report)(const char *line, void *arg), void *arg);

/* id of a SKU by its exact code, or -1. */
int64_t product_sku_id(const char *sku);
/* A SKU named by a user or a file: RES_DONE and *id; RES_BAD "missing
 * sku" for an empty one; RES_NOTFOUND "unknown sku 'a1' (did you mean
 * 'A1'?)" when another case of it exists, else "unknown sku 'X'". */
enum res product_find(const char *sku, int64_t *id, struct why *why);

/*
 * Bulk loads (imports): between product_bulk_begin() and
 * product_bulk_end() a sku may be applied once; a second record for it
 * (row.line says where each comes from) is rejected, "sku 'X' is already
 * on line N of this file": it would undo the first, and a re-run could
 * never be all skipped. Memory is a line number per SKU of the catalogue
 * and at most three 1 MB filters, whatever the length of the file. When the
 * catalogue was empty at the start, records the filter has not seen are
 * new for sure and their sku is not looked up, nor a barcode the load has
 * not given: the first load of a catalogue, the largest import there is,
 * goes faster.
 */
void product_bulk_begin(void);
void product_bulk_end(void);

/*
 * A queued bulk load (an import through import_run): after
 * product_bulk_queue(), a new SKU record is checked as ever, the brand
 * and category it names are created, and the SKU itself waits:
 * product_upsert returns RES_PENDING. product_bulk_flush() writes what
 * waits, set-based (its new SPUs together, its SKUs by one bulk copy):
 * call it every few thousand records and before product_bulk_end.
 * Every rule holds across the queue as if each record had been written
 * at once (a sku or barcode given twice, a category created under a
 * queued SKU's). A record naming spu_name is written at once.
 */
void product_bulk_queue(void);
void product_bulk_flush(void);

/* Forget the cached brand, category and SPU ids. product_upsert caches
 * what it looked up or created for the rest of the process; call this
 * after rolling back to a savepoint taken between upserts. */
void product_cache_clear(void);

/*
 * Can the SKU be ordered at time now: active and inside its on-sale
 * window? RES_DONE; RES_REFUSED with the reason ("sku 'A' is draft",
 * "sku 'A' is on sale from 2026-12-01T00:00:00Z"); RES_NOTFOUND for an
 * unknown id.
 */
enum res product_on_sale(int64_t sku_id, int64_t now, struct why *why);

/* What ordering a SKU needs to know of it, read once (product_sale_load)
 * and judged for any time (product_sale_check: as product_on_sale). */
struct product_sale {
	int64_t id;
	char sku[128];
	int active;             /* status is active */
	char status[16];
	int has_from, has_until;
	int64_t from, until;    /* the on-sale window, epoch seconds */
	char from_text[32], until_text[32];
	int64_t price;          /* list price; -1 when none is set */
	int64_t weight_g;
	int backorder;
	int64_t brand_id, category_id;  /* 0 for none: what scopes are judged on */
};
enum res product_sale_load(int64_t sku_id, struct product_sale *s, struct why *why);
enum res product_sale_check(const struct product_sale *s, int64_t now, struct why *why);
/* product_sale_load of many SKUs by code, in one query (an import's
 * batch): each(s, arg) for every code that names a SKU, in no order;
 * codes that name none are left out. */
void product_sale_load_codes(const char *const *codes, size_t n,
			     void (*each)(const struct product_sale *s, void *arg), void *arg);

#endif
