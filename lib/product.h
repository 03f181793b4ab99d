/* product.h - the product center's rules, shared by every binary:
 * SKU lookup, the upsert of one product record, categories and brands */
#ifndef SHOP_PRODUCT_H
#define SHOP_PRODUCT_H

#include <stddef.h>
#include <stdint.h>

#include "result.h"

/*
 * One product record as text, the way it comes from a CSV row (our own
 * columns, or a WooCommerce/Shopify export mapped onto them). NULL means
 * "column not given": on insert the default, on update keep what is
 * stored. "" means "clear it" where the field is optional.
 */
struct product_row {
	const char *sku;           /* required */
	const char *spu;           /* SPU code grouping variants */
	const char *spu_name;      /* SPU display name (platform imports) */
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
 * to what is stored. A record that fails changes nothing and returns
 * RES_BAD for a malformed value ("bad price '1.234': too many decimals")
 * or RES_REFUSED for a broken business rule (category not a leaf, barcode
 * in use), with the reason in why.
 */
enum res product_upsert(const struct product_row *r, struct why *why);

/*
 * shop-product check: every catalogue invariant the database does not
 * enforce by itself. Each violation, one worded line, goes to report;
 * returns how many. Read only.
 */
size_t catalogue_check(void (*report)(const char *line, void *arg), void *arg);

/* id of a SKU by code, or -1. */
int64_t product_sku_id(const char *sku);

/*
 * Bulk loads (imports): between product_bulk_begin() and
 * product_bulk_end() a sku may be applied once; a second record for it
 * (row.line says where each comes from) is rejected, "sku 'X' is already
 * on line N of this file": it would undo the first, and a re-run could
 * never be all skipped. Memory is a line number per SKU of the catalogue
 * and two 1 MB filters, whatever the length of the file. When the
 * catalogue was empty at the start, records the filter has not seen are
 * new for sure and their sku is not looked up: the first load of a
 * catalogue, the largest import there is, goes faster.
 */
void product_bulk_begin(void);
void product_bulk_end(void);

/* Forget the cached brand, category and SPU ids. product_upsert caches
 * what it looked up or created for the rest of the process; call this
 * after removing or moving categories or brands, or after rolling back
 * to a savepoint taken between upserts. */
void product_cache_clear(void);

/*
 * Can the SKU be ordered at time now: active and inside its on-sale
 * window. 1, or 0 with a reason in why ("sku 'A' is draft", "sku 'A' is
 * on sale from 2026-12-01T00:00:00Z"); -1 (and why) for an unknown id.
 */
int product_on_sale(int64_t sku_id, int64_t now, struct why *why);

/*
 * Categories: paths "A/B/C", levels trimmed of blanks, at most
 * CATEGORY_MAX_DEPTH. category_normalize writes the canonical path into
 * out (reset first) and its depth; -1 with a reason for an empty level.
 */
#define CATEGORY_MAX_DEPTH 4
struct sbuf;
int category_normalize(const char *path, struct sbuf *out, int *depth, const char **why);
/* id of a category by path (normalized first), or -1. */
int64_t category_id(const char *path);
/* Create a category and its missing parents; refused (-1, why, *code
 * RES_REFUSED or RES_BAD) beyond 4 levels or under a category holding SKUs.
 * Returns the id; *created says whether anything was new. */
int64_t category_ensure(const char *path, int *created, struct why *why, enum res *code);

/*
 * B2B price lists, customer part numbers, supplier codes. Customer,
 * group and supplier are stored as the codes given: the customer master
 * comes with shop-order and the supplier master with shop-po.
 * Each upsert validates one record (as text, the way CSV gives it) and
 * applies it inside the caller's transaction, like product_upsert.
 */
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
enum res supplier_code_upsert(const char *supplier, const char *supplier_sku,
					const char *sku, struct why *why);

/*
 * The best (lowest) price-list price of a SKU for qty units bought by a
 * customer (its own list) or its group (NULL or "" when none): 1 and
 * *price, or 0 when no entry applies (min_qty above qty).
 */
int price_list_best(const char *customer, const char *group, int64_t sku_id, int64_t qty,
		    int64_t *price);
/* A customer's part number or a supplier's code to our SKU id, or -1. */
int64_t product_part_sku(const char *customer, const char *part_no);
int64_t product_supplier_sku(const char *supplier, const char *supplier_sku);

#endif
